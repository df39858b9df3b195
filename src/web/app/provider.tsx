import { useState, type ReactNode } from 'react';
import { App as AntdApp, ConfigProvider, type ThemeConfig } from 'antd';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nProvider, useI18n } from '../i18n';
import { createQueryClient } from '../lib/query-client';

/** Sober government back-office look: navy primary, red header band, dense tables. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f4e8c',
    colorInfo: '#1f4e8c',
    colorError: '#c62828',
    borderRadius: 4,
    fontSize: 14,
    colorBgLayout: '#f0f2f5',
    // WCAG AA (4.5:1) for the text antd greys out: secondary and tertiary text (descriptions, statistic
    // titles, hints) and placeholders, on white and on the layout grey alike (axe-core, e2e/a11y.spec.ts)
    colorTextSecondary: '#595959',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    colorTextPlaceholder: '#707070',
  },
  components: {
    Layout: { headerBg: '#a31515', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff' },
    // the empty-table text is drawn in the disabled grey (1.8:1): darker here, it is information, not a disabled control
    Table: { headerBg: '#f3f5f8', cellPaddingBlockSM: 6, cellPaddingInlineSM: 8, colorTextDisabled: '#6b6b6b' },
    Menu: { itemSelectedBg: '#e8eef7', itemSelectedColor: '#1f4e8c' },
    Card: { headerFontSize: 15 },
  },
};

/** `autoInsertSpace: false`: "登录" stays "登录" (not "登 录") for people and for tests finding buttons by name. */
function Themed({ children }: { children: ReactNode }) {
  const { antdLocale } = useI18n();
  return (
    <ConfigProvider locale={antdLocale} theme={theme} button={{ autoInsertSpace: false }}>
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <I18nProvider>
      <Themed>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </Themed>
    </I18nProvider>
  );
}
