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
  },
  components: {
    Layout: { headerBg: '#a31515', headerHeight: 56, headerPadding: '0 20px', siderBg: '#ffffff' },
    Table: { headerBg: '#f3f5f8', cellPaddingBlockSM: 6, cellPaddingInlineSM: 8 },
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
