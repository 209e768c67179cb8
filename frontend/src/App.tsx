import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { BackendError, useBackend, type AppInfo, type StatusSnapshot } from './backend';
import { I18nProvider, useI18n } from './i18n';
import './generated/antd-shell.css';
import { THEME } from './theme';
import { StartupError } from './workstation/StartupError';
import { preloadLater } from './workstation/lazy';
import { Workstation } from './workstation/Workstation';

const RUNTIME_THEME = { ...THEME, zeroRuntime: true };

type Boot =
  | { kind: 'loading' }
  | { kind: 'ready'; info: AppInfo; status: StatusSnapshot }
  | { kind: 'refused'; error: BackendError };

function Screen() {
  const backend = useBackend();
  const { locale } = useI18n();
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });
  // A spinner only when the desk is slow to answer: drawing one costs the first paint.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setSlow(true), 400);
    return () => window.clearTimeout(timer);
  }, []);

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
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        void backend.uiReady().catch(() => undefined);
        preloadLater();
      }),
    );
  }, [boot.kind, backend]);

  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      // The components' styles are generated at build time (scripts/antd-css.ts), not in the page.
      theme={RUNTIME_THEME}
    >
      <AntApp>
        {boot.kind === 'loading' && slow && <Spin fullscreen />}
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
