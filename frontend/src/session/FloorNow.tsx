import { Button, Tag } from 'antd';
import { useState } from 'react';
import { useBackend, type HallNow, type WaitingTicket, type WindowNow } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { MoveTicketForm } from '../tickets/MoveTicketForm';
import { useAltKey } from '../useAltKey';

const statusColor: Record<WindowNow['status'], string> = { open: 'green', paused: 'orange', closed: 'default' };

/** Minutes, rounded down, for a glance ("12 分钟"). */
const minutes = (seconds: number) => Math.floor(seconds / 60);

/** The floor now: every window (open, paused, closed; who; the ticket and case in hand and for
 *  how long), each group's line, and the waiting tickets the lead may move (Alt+M: the oldest). */
export function FloorNow({ now, onChanged }: { now: HallNow; onChanged: () => void }) {
  const { t, locale } = useI18n();
  const backend = useBackend();
  const [moving, setMoving] = useState<WaitingTicket | null>(null);
  const at = Date.parse(now.generated_at);
  const since = (iso: string) => t('floor.minutes', { n: minutes(Math.max(0, (at - Date.parse(iso)) / 1000)) });
  const groupName = new Map(now.groups.map((g) => [g.code, g.name]));
  const windowName = new Map(now.windows.map((w) => [w.workstation_id, w.window_name]));
  useAltKey('M', now.waiting.length > 0 && !moving, () => now.waiting[0] && setMoving(now.waiting[0]));
  return (
    <section data-testid="floor-now" aria-labelledby="floor-title">
      <h2 id="floor-title">{t('floor.title', { n: now.pickup_waiting })}</h2>
      <table className="ow-table" data-testid="floor-windows">
        <caption>{t('floor.windows')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('hall.window')}</th>
            <th scope="col">{t('floor.status')}</th>
            <th scope="col">{t('hall.owner')}</th>
            <th scope="col">{t('hall.ticket')}</th>
            <th scope="col">{t('floor.inHand')}</th>
            <th scope="col">{t('floor.open')}</th>
          </tr>
        </thead>
        <tbody>
          {now.windows.map((w) => (
            <tr key={w.workstation_id} data-testid="floor-window" data-window={w.workstation_id} data-status={w.status}>
              <td>{w.window_name}</td>
              <td>
                <Tag color={statusColor[w.status]}>{t(`floor.status.${w.status}` as MessageKey)}</Tag>
                {w.pause_reason && <span className="ow-muted">{w.pause_reason}</span>}
              </td>
              <td>{w.clerk ? `${w.clerk.name}（${w.clerk.id}）` : '—'}</td>
              <td data-testid="floor-window-ticket">
                {w.ticket
                  ? `${w.ticket.number}${w.ticket.green ? ' ★' : ''} · ${t(`ticket.state.${w.ticket.state}` as MessageKey)} ${since(w.ticket.since)}`
                  : '—'}
              </td>
              <td>{w.in_hand ? `${w.in_hand.item_name ?? t('floor.noItem')} · ${t(`step.${w.in_hand.step}` as MessageKey)} · ${since(w.in_hand.since)}` : '—'}</td>
              <td>{w.open_cases}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="ow-table" data-testid="floor-groups">
        <caption>{t('floor.groups')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('floor.group')}</th>
            <th scope="col">{t('floor.waiting')}</th>
            <th scope="col">{t('floor.green')}</th>
            <th scope="col">{t('floor.longest')}</th>
            <th scope="col">{t('floor.windowsOpen')}</th>
          </tr>
        </thead>
        <tbody>
          {now.groups.map((g) => (
            <tr key={g.code} data-testid="floor-group" data-group={g.code} data-waiting={g.waiting}>
              <td>{g.name}</td>
              <td>{g.waiting}</td>
              <td>{g.green_waiting}</td>
              <td>{g.longest_wait_seconds == null ? '—' : t('floor.minutes', { n: minutes(g.longest_wait_seconds) })}</td>
              <td className={g.waiting > 0 && g.windows_open === 0 ? 'ow-risk-late' : undefined}>{g.windows_open}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="ow-table" data-testid="floor-waiting">
        <caption>{t('floor.waitingTickets')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('hall.ticket')}</th>
            <th scope="col">{t('floor.group')}</th>
            <th scope="col">{t('floor.issued')}</th>
            <th scope="col">{t('floor.forWindow')}</th>
            <th scope="col">{t('floor.action')}</th>
          </tr>
        </thead>
        <tbody>
          {now.waiting.length === 0 && (
            <tr>
              <td colSpan={5}>{t('hall.none')}</td>
            </tr>
          )}
          {now.waiting.map((w, i) => (
            <tr key={w.id} data-testid="floor-ticket" data-number={w.number} data-for-window={w.for_window ?? ''} data-group={w.group}>
              <td>
                {w.number}
                {w.green && ' ★'}
              </td>
              <td>{groupName.get(w.group) ?? w.group}</td>
              <td>
                {new Date(w.issued_at).toLocaleTimeString(locale)} · {t('floor.minutes', { n: minutes(w.waited_seconds) })}
              </td>
              <td>{w.for_window ? (windowName.get(w.for_window) ?? w.for_window) : '—'}</td>
              <td>
                <Button size="small" data-testid="floor-move" onClick={() => setMoving(w)}>
                  {t('floor.move')}
                  {i === 0 && ' (Alt+M)'}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {moving && (
        <MoveTicketForm
          title={t('floor.moveTitle', { n: moving.number })}
          choices={{
            groups: now.groups.map((g) => ({ value: g.code, label: g.name })),
            windows: now.windows.map((w) => ({ value: w.workstation_id, label: w.window_name })),
          }}
          onSubmit={async (r) => {
            await backend.hallMoveTicket(moving.id, r);
            onChanged();
          }}
          onClose={() => setMoving(null)}
        />
      )}
    </section>
  );
}
