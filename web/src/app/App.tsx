import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router';
import { ApiError, errorMessage } from '../api/client';
import { NotifyBridge, notifyError } from '../components/notify';
import { I18nProvider, useI18n } from './i18n';
import { router } from './router';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      refetchOnWindowFocus: false,
      // Client errors (4xx) are answers; only retry network trouble and server errors, once.
      retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
  mutationCache: new MutationCache({
    // Every failed write shows the server's Chinese message unless the form shows it itself.
    onError: (error, _vars, _ctx, mutation) => {
      if (mutation.meta?.silent) return;
      notifyError(errorMessage(error));
    },
  }),
});

export const BRAND_RED = '#b71c1c';

function Themed() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  }, [lang]);
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          colorPrimary: BRAND_RED,
          colorLink: '#1d4f91',
          borderRadius: 4,
          fontSize: 14,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
        },
        components: {
          Layout: { headerBg: BRAND_RED, headerHeight: 52, headerPadding: '0 16px', siderBg: '#fff', bodyBg: '#f0f2f5' },
          Menu: { itemHeight: 38, subMenuItemBg: '#fff', itemSelectedBg: '#fbeaea', itemSelectedColor: BRAND_RED, itemMarginBlock: 2 },
          Table: { headerBg: '#f5f6f8', cellPaddingBlockSM: 7 },
          Card: { headerHeightSM: 40 },
        },
      }}
    >
      <AntdApp>
        <NotifyBridge />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntdApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
