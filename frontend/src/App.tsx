import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type FirstScreen } from './backend';
import { I18nProvider, useI18n } from './i18n';
import './generated/antd-shell.css';
import { THEME } from './theme';
import { StartupError } from './workstation/StartupError';
import { preloadLater } from './workstation/lazy';
import { Session } from './session/Session';

const RUNTIME_THEME = { ...THEME, zeroRuntime: true };

type Boot =
  | { kind: 'loading' }
  | { kind: 'ready'; first: FirstScreen }
  | { kind: 'refused'; error: BackendError };

/** The first screen's state, and when (on the page's clock) its data arrived. */
export type Arrived = { boot: Exclude<Boot, { kind: 'loading' }>; at: number };

/** The first screen's data as `main.tsx` asked for it before rendering anything. */
export type Early = {
  arrival: Promise<Arrived>;
  /** Already arrived when the app was rendered: the clerk's screen is drawn at once. */
  arrived?: Arrived;
  /** When the page's script started, on the page's clock. */
  scriptAt: number;
};

/** Asks for the first screen's data; a refusal is a state to show, not an error. */
export function whenArrived(answer: Promise<FirstScreen>): Promise<Arrived> {
  return answer.then(
    (first): Arrived => ({ boot: { kind: 'ready', first }, at: performance.now() }),
    (e): Arrived => ({
      boot: {
        kind: 'refused',
        error: e instanceof BackendError ? e : new BackendError({ code: 'backend.unavailable', message: String(e), details: null }),
      },
      at: performance.now(),
    }),
  );
}

function Screen({ early }: { early?: Early }) {
  const backend = useBackend();
  const { locale } = useI18n();
  const [arrived, setArrived] = useState<Arrived | null>(early?.arrived ?? null);
  // A spinner only when the desk is slow to answer: drawing one costs the first paint.
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setSlow(true), 400);
    return () => window.clearTimeout(timer);
  }, []);

  useEffect(() => {
    if (early?.arrived) return;
    let live = true;
    (early?.arrival ?? whenArrived(backend.firstScreen())).then((a) => live && setArrived(a));
    return () => {
      live = false;
    };
  }, [backend, early]);

  // Tell the shell once the first real screen is painted (two frames: after layout and paint),
  // with where the page's time went.
  const reported = useRef(false);
  useEffect(() => {
    if (!arrived || reported.current) return;
    reported.current = true;
    const rendered = performance.now();
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const ms = Math.round;
        const page = { script: ms(early?.scriptAt ?? 0), data: ms(arrived.at), rendered: ms(rendered), painted: ms(performance.now()) };
        void backend.uiReady(page).catch(() => undefined);
        preloadLater();
      }),
    );
  }, [arrived, backend, early]);
  const boot: Boot = arrived?.boot ?? { kind: 'loading' };

  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      // The components' styles are generated at build time (scripts/antd-css.ts), not in the page.
      theme={RUNTIME_THEME}
    >
      <AntApp>
        {boot.kind === 'loading' && slow && <Spin fullscreen />}
        {boot.kind === 'refused' && <StartupError error={boot.error} />}
        {boot.kind === 'ready' && <Session first={boot.first} />}
      </AntApp>
    </ConfigProvider>
  );
}

export function App({ early }: { early?: Early }) {
  return (
    <I18nProvider initial="zh-CN">
      <Screen early={early} />
    </I18nProvider>
  );
}
