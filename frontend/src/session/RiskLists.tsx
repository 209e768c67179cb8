import { Button } from 'antd';
import type { AtRisk, RiskCase } from '../backend';
import { useI18n, type MessageKey } from '../i18n';

const LISTS = ['promised', 'notice_clock', 'owed_overdue', 'returned_waiting'] as const;

/** The lead's at-risk lists, worst first: one table per list, empty ones say so. `queues`
 *  names the department queues by code. A case still with its department (queued, in
 *  review) may be sent to another queue through `onMove`. */
export function RiskLists({ risk, queues, onMove }: { risk: AtRisk; queues: ReadonlyMap<string, string>; onMove?: (c: RiskCase) => void }) {
  const { t } = useI18n();
  const left = (list: (typeof LISTS)[number], c: RiskCase) => {
    const n = c.days_left;
    if (n === null || n === undefined) return '—';
    if (list === 'returned_waiting') return t('hall.risk.waited', { n: -n });
    if (n < 0) return t('hall.risk.overdue', { n: -n });
    return n === 0 ? t('hall.risk.today') : t('hall.risk.days', { n });
  };
  return (
    <section data-testid="hall-risk" aria-labelledby="hall-risk-title">
      <h2 id="hall-risk-title">{t('hall.risk', { today: risk.today })}</h2>
      {LISTS.map((list) => (
        <table key={list} className="ow-table" data-testid={`risk-${list}`}>
          <caption>{t(`hall.risk.${list}` as MessageKey)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('hall.risk.case')}</th>
              <th scope="col">{t('hall.item')}</th>
              <th scope="col">{t('hall.queue')}</th>
              <th scope="col">{t('hall.risk.due')}</th>
              <th scope="col">{t('hall.risk.left')}</th>
              <th scope="col">{t('floor.action')}</th>
            </tr>
          </thead>
          <tbody>
            {risk[list].length === 0 && (
              <tr>
                <td colSpan={6}>{t('hall.none')}</td>
              </tr>
            )}
            {risk[list].map((c) => (
              <tr key={c.case_number} data-testid="risk-case" data-case={c.window_case_no} data-left={c.days_left ?? ''}>
                <td>{c.window_case_no}</td>
                <td>
                  {c.item_name}
                  {c.detail.length > 0 && `：${c.detail.join('、')}`}
                </td>
                <td>{queues.get(c.queue) ?? c.queue}</td>
                <td>{c.due ?? '—'}</td>
                <td className={c.days_left !== null && c.days_left !== undefined && c.days_left < 0 ? 'ow-risk-late' : undefined}>
                  {left(list, c)}
                </td>
                <td>
                  {onMove && (c.state === 'queued' || c.state === 'in_review') ? (
                    <Button size="small" data-testid="risk-move" onClick={() => onMove(c)}>
                      {t('floor.moveCase')}
                    </Button>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}
