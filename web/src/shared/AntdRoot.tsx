// Ant Design set up the way Chinese government software looks: zh_CN (or en_US) locale, system CJK fonts, a calm blue.
import type { ReactNode } from 'react';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useI18n } from './i18n';

export const FONT_STACK =
  '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function AntdRoot({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{
        token: {
          colorPrimary: '#1d4f91',
          colorSuccess: '#1a7f37',
          colorWarning: '#b7791f',
          colorError: '#c62828',
          borderRadius: 4,
          fontFamily: FONT_STACK,
          fontSize: 14,
        },
        components: {
          Layout: { headerBg: '#123a6b', siderBg: '#0f2e55', headerHeight: 56, headerPadding: '0 16px' },
          Menu: { darkItemBg: '#0f2e55', darkSubMenuItemBg: '#0c2747', darkItemSelectedBg: '#1d4f91' },
          Table: { headerBg: '#f2f5f9', rowHoverBg: '#f5f8fc', cellPaddingBlockSM: 6 },
        },
      }}
    >
      <App>{children}</App>
    </ConfigProvider>
  );
}
