/**
 * Our own message tables (zh default, en optional) plus the matching antd and
 * dayjs locales. The choice is kept in localStorage under `zg.locale`.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import antdEn from 'antd/locale/en_US';
import antdZh from 'antd/locale/zh_CN';
import type { ConfigProviderProps } from 'antd';

type AntdLocale = NonNullable<ConfigProviderProps['locale']>;
import { zh } from './zh';
import { en } from './en';
import { formatMessage } from './format';

export type MessageKey = keyof typeof zh;
export type Messages = Record<MessageKey, string>;
export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'zg.locale';
const TABLES: Record<Lang, Messages> = { zh, en };

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: TFunction;
  antdLocale: AntdLocale;
}

const I18nContext = createContext<I18nValue | null>(null);

function applyLang(lang: Lang) {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    applyLang(l);
    return l;
  });

  const setLang = useCallback((l: Lang) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    applyLang(l);
    setLangState(l);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const table = TABLES[lang];
    const t: TFunction = (key, vars) => {
      const s = table[key] ?? zh[key] ?? key;
      return formatMessage(s, vars);
    };
    return { lang, setLang, t, antdLocale: lang === 'zh' ? antdZh : antdEn };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export function useT(): TFunction {
  return useI18n().t;
}
