import { Alert, Button, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { BackendError, useBackend, type Figures, type FiguresFormat, type TicketFigures } from '../backend';
import { useI18n } from '../i18n';
import { useAltKey } from '../useAltKey';

/** The hall's today as `YYYY-MM-DD` (the hall keeps Beijing time whatever the machine's zone). */
const hallDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const TIME_LABEL = { wait_p50: 'figures.waitP50', wait_p90: 'figures.waitP90', handle_p50: 'figures.handleP50', handle_p90: 'figures.handleP90' } as const;
const minutes = (s: number | null) => (s == null ? null : Math.round(s / 6) / 10);
// chart.js (not recharts or ECharts): it runs under Tauri's frozen Object prototype, which
// the other two trip over when their modules load.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
const COLORS = ['#1f5fbf', '#6b3fa0', '#2e8540', '#b35c00'];
const OPTIONS = { animation: false as const, responsive: false, plugins: { legend: { position: 'bottom' as const } } };

/** One bar chart: a canvas that says what it shows (the numbers are in the tables below). */
function Bars({ id, caption, labels, series, counts = false }: { id: string; caption: string; labels: string[]; series: { label: string; data: (number | null)[] }[]; counts?: boolean }) {
  return (
    <figure data-testid={id} data-bars={series.reduce((n, s) => n + s.data.filter((v) => v != null).length, 0)} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <Bar
        width={640}
        height={240}
        role="img"
        aria-label={caption}
        // Counts have no fractions on their axis.
        options={counts ? { ...OPTIONS, scales: { y: { ticks: { precision: 0 } } } } : OPTIONS}
        data={{ labels, datasets: series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: COLORS[i % COLORS.length] })) }}
      />
    </figure>
  );
}

function TimesTable({ id, caption, rows }: { id: string; caption: string; rows: TicketFigures[] }) {
  const { t } = useI18n();
  const m = (s: number | null) => (s == null ? '—' : t('figures.min', { n: minutes(s) ?? 0 }));
  return (
    <table className="ow-table" data-testid={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {(['figures.name', 'figures.issued', 'figures.served', 'figures.noShows', 'figures.waitP50', 'figures.waitP90', 'figures.handleP50', 'figures.handleP90'] as const).map((k) => (
            <th key={k} scope="col">
              {t(k)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <td>{r.label || r.key}</td>
            <td>{r.issued}</td>
            <td>{r.served}</td>
            <td>{r.no_shows}</td>
            <td>{m(r.wait_p50)}</td>
            <td>{m(r.wait_p90)}</td>
            <td>{m(r.handle_p50)}</td>
            <td>{m(r.handle_p90)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The lead's figures for a range of days: charts (recharts) with the same numbers in tables
 *  beside them, and the workbook or CSV saved for the office (Alt+E, Alt+V). */
export default function FiguresPanel() {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const [from, setFrom] = useState(hallDay(-6));
  const [to, setTo] = useState(hallDay());
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const fail = useCallback((e: unknown) => setError(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e)), [errorMessage]);
  const load = useCallback(() => {
    backend.hallFigures(from, to).then((f) => {
      setFigures(f);
      setError(null);
    }, fail);
  }, [backend, fail, from, to]);
  useEffect(load, [load]);
  const save = (format: FiguresFormat) => {
    setSaved(null);
    backend.hallFiguresExport(from, to, format).then(setSaved, fail);
  };
  useAltKey('E', true, () => save('xlsx'));
  useAltKey('V', true, () => save('csv'));

  return (
    <section className="ow-figures" data-testid="figures" aria-labelledby="figures-title">
      <h2 id="figures-title">{t('figures.title')}</h2>
      <Space wrap>
        <label>
          {t('figures.from')} <input type="date" data-testid="figures-from" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('figures.to')} <input type="date" data-testid="figures-to" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </label>
        <Button data-testid="figures-xlsx" onClick={() => save('xlsx')}>
          {t('figures.xlsx')}
        </Button>
        <Button data-testid="figures-csv" onClick={() => save('csv')}>
          {t('figures.csv')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon role="alert" data-testid="figures-error" title={error} />}
      {saved && <Alert type="success" showIcon role="status" data-testid="figures-saved" data-path={saved} title={t('figures.saved', { path: saved })} />}
      {figures && (
        <>
          <p data-testid="figures-total" data-issued={figures.total.issued}>
            {t('figures.total', {
              issued: figures.total.issued,
              served: figures.total.served,
              noShows: figures.total.no_shows,
              wait: minutes(figures.total.wait_p50) ?? '—',
              wait90: minutes(figures.total.wait_p90) ?? '—',
              handle: minutes(figures.total.handle_p50) ?? '—',
            })}
          </p>
          <Bars
            id="chart-hour"
            counts
            caption={t('figures.perHour')}
            labels={figures.per_hour.map((h) => h.label)}
            series={[
              { label: t('figures.issued'), data: figures.per_hour.map((h) => h.issued) },
              { label: t('figures.served'), data: figures.per_hour.map((h) => h.served) },
            ]}
          />
          <Bars
            id="chart-clerk"
            caption={t('figures.perClerkChart')}
            labels={figures.per_clerk.map((c) => c.label)}
            series={(['wait_p50', 'wait_p90', 'handle_p50', 'handle_p90'] as const).map((k) => ({
              label: t(TIME_LABEL[k]),
              data: figures.per_clerk.map((c) => minutes(c[k])),
            }))}
          />
          <TimesTable id="figures-clerks" caption={t('figures.perClerk')} rows={figures.per_clerk} />
          <TimesTable id="figures-groups" caption={t('figures.perGroup')} rows={figures.per_group} />
          <TimesTable id="figures-hours" caption={t('figures.perHour')} rows={figures.per_hour} />
          <table className="ow-table" data-testid="figures-items">
            <caption>{t('figures.perItem')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('hall.item')}</th>
                <th scope="col">{t('figures.accepted')}</th>
                <th scope="col">{t('figures.notices')}</th>
                <th scope="col">{t('figures.noticeShare')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.per_item.map((i) => (
                <tr key={i.item_code}>
                  <td>{i.item_name}</td>
                  <td>{i.accepted}</td>
                  <td>{i.notices}</td>
                  <td>{i.accepted + i.notices === 0 ? '—' : `${Math.round((i.notices * 1000) / (i.accepted + i.notices)) / 10}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="ow-table" data-testid="figures-ratings">
            <caption>{t('figures.ratings')}</caption>
            <thead>
              <tr>
                {(['figures.name', 'rating.grade.very_satisfied', 'rating.grade.satisfied', 'rating.grade.acceptable', 'rating.grade.dissatisfied', 'rating.grade.very_dissatisfied', 'figures.followUpDue'] as const).map((k) => (
                  <th key={k} scope="col">
                    {t(k)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.ratings.map((r) => (
                <tr key={r.clerk_id}>
                  <td>{r.clerk_name}</td>
                  {r.grades.map((n, i) => (
                    <td key={i}>{n}</td>
                  ))}
                  <td>{r.bad_follow_up_due}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
