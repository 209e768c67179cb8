import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { useBackend, type VisitToRate } from '../backend';
import { I18nProvider, useI18n } from '../i18n';
import { RatingScreen } from '../rating/RatingScreen';
import { THEME } from '../theme';

/** How often the citizen's window looks for a visit to rate. */
const LOOK_EVERY_MS = 1000;

function Waiting() {
  const { t } = useI18n();
  return (
    <main className="ow-rating" data-testid="citizen-idle">
      <h1>{t('citizen.welcome')}</h1>
    </main>
  );
}

/** The citizen's own window (好差评 on the customer-facing screen or pad): a welcome while the
 *  clerk works, the rating when a visit ends. It can only read the waiting visit and rate it. */
function Citizen() {
  const backend = useBackend();
  const [visit, setVisit] = useState<VisitToRate | null>(null);
  useEffect(() => {
    if (visit) return;
    let live = true;
    const look = () =>
      backend.ratingPending().then(
        (v) => live && setVisit(v),
        () => undefined,
      );
    look();
    const timer = window.setInterval(look, LOOK_EVERY_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [backend, visit]);
  return visit ? <RatingScreen key={visit.requested_at} visit={visit} onDone={() => setVisit(null)} /> : <Waiting />;
}

export function CitizenScreen() {
  return (
    <I18nProvider initial="zh-CN">
      <ConfigProvider locale={zhCN} theme={{ ...THEME, zeroRuntime: true }}>
        <AntApp>
          <Citizen />
        </AntApp>
      </ConfigProvider>
    </I18nProvider>
  );
}
