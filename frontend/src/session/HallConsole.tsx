import { Button, Tabs } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { BackendError, useBackend, type AtRisk, type HallNow, type OpenDraft, type Overview, type RiskCase } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { FloorNow } from './FloorNow';
import { MoveCaseDialog } from './MoveCaseDialog';
import { RiskLists } from './RiskLists';
import { useAltKey } from '../useAltKey';

// The charts' library loads with the figures, not with the console.
const FiguresPanel = lazy(() => import('./FiguresPanel'));
type View = 'live' | 'figures';

/** How often the console asks again by itself. */
const REFRESH_SECONDS = 10;

/** The shift lead's place: the hall at a glance and what is at risk, from the back office
 *  (which checks the lead's own token), updated by itself; when the back office cannot be
 *  reached the last figures stay, marked with their time. */
export function HallConsole() {
  const backend = useBackend();
  const { t, errorMessage, locale } = useI18n();
  const [overview, setOverview] = useState<Overview | null>(null);
  const [risk, setRisk] = useState<AtRisk | null>(null);
  const [floor, setFloor] = useState<HallNow | null>(null);
  const [movingCase, setMovingCase] = useState<RiskCase | null>(null);
  const [view, setView] = useState<View>('live');
  useAltKey('F', true, () => setView('figures'));
  useAltKey('L', true, () => setView('live'));
  const [drafts, setDrafts] = useState<OpenDraft[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [asOf, setAsOf] = useState<Date | null>(null);
  const load = useCallback(() => {
    backend.hallOpenDrafts().then(setDrafts, () => setDrafts(null));
    Promise.all([backend.hallOverview(), backend.hallAtRisk(), backend.hallNow()]).then(
      ([o, r, f]) => {
        setOverview(o);
        setRisk(r);
        setFloor(f);
        setError(null);
        setAsOf(new Date());
      },
      (e) => setError(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e)),
    );
  }, [backend, errorMessage]);
  useEffect(() => {
    load();
    const timer = window.setInterval(load, REFRESH_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [load]);
  const time = asOf ? asOf.toLocaleTimeString(locale) : '—';
  const queues = new Map(overview?.queues.map((q) => [q.queue, q.name]));
  const counts = (c: { state: string; count: number }[]) =>
    c.length === 0 ? t('hall.none') : c.map((s) => `${t(`hall.state.${s.state}` as MessageKey)} ${s.count}`).join(' · ');
  const live = (
    <>
      {floor && <FloorNow now={floor} onChanged={load} />}
      {risk && <RiskLists risk={risk} queues={queues} onMove={setMovingCase} />}
      {movingCase && <MoveCaseDialog item={movingCase} queues={queues} onDone={load} onClose={() => setMovingCase(null)} />}
      {overview && (
        <>
          <table className="ow-table" data-testid="hall-queues">
            <thead>
              <tr>
                <th scope="col">{t('hall.queue')}</th>
                <th scope="col">{t('hall.counts')}</th>
                <th scope="col">{t('hall.oldest')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.queues.map((q) => (
                <tr key={q.queue} data-testid="hall-queue" data-queue={q.queue}>
                  <td>{q.name}</td>
                  <td>{counts(q.counts)}</td>
                  <td>{q.oldest_waiting ? `${q.oldest_waiting.case_number} · ${Math.round(q.oldest_waiting.waited_seconds / 60)} min` : t('hall.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="ow-table" data-testid="hall-windows">
            <thead>
              <tr>
                <th scope="col">{t('hall.window')}</th>
                <th scope="col">{t('hall.counts')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.windows.map((w) => (
                <tr key={w.workstation_id}>
                  <td>{w.window_name}</td>
                  <td>{counts(w.counts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {drafts && (
        <table className="ow-table" data-testid="hall-drafts">
          <caption>{t('hall.drafts')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('hall.owner')}</th>
              <th scope="col">{t('hall.ticket')}</th>
              <th scope="col">{t('hall.item')}</th>
              <th scope="col">{t('hall.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {drafts.length === 0 && (
              <tr>
                <td colSpan={4}>{t('hall.none')}</td>
              </tr>
            )}
            {drafts.map((d) => (
              <tr key={d.id} data-testid="hall-draft" data-owner={d.owner?.id ?? ''}>
                <td>{d.owner ? `${d.owner.name}（${d.owner.id}）` : '—'}</td>
                <td>{d.ticket ?? '—'}</td>
                <td>{d.item_name ?? '—'}</td>
                <td>{new Date(d.updated_at).toLocaleString(locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="ow-muted">{t('hall.later')}</p>
    </>
  );
  return (
    <main className="ow-console" data-testid="hall-console" aria-labelledby="hall-title">
      <h1 id="hall-title">
        {t('hall.title')}{' '}
        <Button size="small" data-testid="hall-refresh" onClick={load}>
          {t('hall.refresh')}
        </Button>
      </h1>
      {error && (
        <p className="ow-signin-error" role="alert" data-testid="hall-error">
          {error}
          {asOf && ` · ${t('hall.stale', { time })}`}
        </p>
      )}
      {!error && asOf && (
        <p className="ow-muted" data-testid="hall-live">
          {t('hall.live', { n: REFRESH_SECONDS, time })}
        </p>
      )}
      <Tabs
        activeKey={view}
        onChange={(k) => setView(k as View)}
        destroyOnHidden
        items={[
          { key: 'live', label: t('figures.floorTab'), children: live },
          {
            key: 'figures',
            label: t('figures.tab'),
            children: (
              <Suspense fallback={<p className="ow-muted">…</p>}>
                <FiguresPanel />
              </Suspense>
            ),
          },
        ]}
      />
    </main>
  );
}
