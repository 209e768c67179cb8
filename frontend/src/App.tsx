import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { BackendError, useBackend, type AppInfo, type StatusSnapshot } from './backend';
import { I18nProvider, useI18n } from './i18n';
import { StartupError } from './workstation/StartupError';
import { Workstation } from './workstation/Workstation';

type Boot =
  | { kind: 'loading' }
  | { kind: 'ready'; info: AppInfo; status: StatusSnapshot }
  | { kind: 'refused'; error: BackendError };

function Screen() {
  const backend = useBackend();
  const { locale } = useI18n();
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });

  useEffect(() => {
    Promise.all([backend.appInfo(), backend.status()]).then(
      ([info, status]) => setBoot({ kind: 'ready', info, status }),
      (e) =>
        setBoot({
          kind: 'refused',
          error: e instanceof BackendError ? e : new BackendError({ code: 'backend.unavailable', message: String(e), details: null }),
        }),
    );
  }, [backend]);

  // Tell the shell once the first real screen is painted (two frames: after layout and paint).
  useEffect(() => {
    if (boot.kind === 'loading') return;
    requestAnimationFrame(() => requestAnimationFrame(() => void backend.uiReady().catch(() => undefined)));
  }, [boot.kind, backend]);

  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{ algorithm: theme.compactAlgorithm, token: { fontSize: 15 } }}
    >
      <AntApp>
        {boot.kind === 'loading' && <Spin fullscreen />}
        {boot.kind === 'refused' && <StartupError error={boot.error} />}
        {boot.kind === 'ready' && <Workstation info={boot.info} initialStatus={boot.status} />}
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider initial="zh-CN">
      <Screen />
    </I18nProvider>
  );
}
