import { Button } from 'antd';
import { Chip } from '../workstation/Chip';
import { Suspense } from 'react';
import type { GreenReason } from '../backend';
import { TransferDialog } from '../workstation/lazy';
import { useI18n, type MessageKey } from '../i18n';
import type { TicketControl } from './useTicket';

export const greenKey = (r: GreenReason) => `green.${r}` as MessageKey;

function minutesSince(iso: string | null, until: string | null): number | null {
  if (!iso) return null;
  const end = until ? Date.parse(until) : Date.now();
  return Math.max(0, Math.round((end - Date.parse(iso)) / 60000));
}

/** The ticket strip under the top bar: what was called, how long they waited, and the calls
 *  (F12 next, Shift+F12 recall, Ctrl+F12 no-show, Alt+F12 transfer, Ctrl+P pause). */
export function TicketBar({
  control,
  onCall,
  onAddItem,
  onCheckIn,
  transferOpen,
  onTransferOpen,
}: {
  control: TicketControl;
  /** Alt+Y, while a case without a ticket has the citizen's ID: check their appointment in. */
  onCheckIn?: () => void;
  /** Alt+N, while a case is open: another item for the same visit. */
  onAddItem?: () => void;
  /** F12's work: the caller also turns the screen to the citizen for the visit just ended. */
  onCall: () => void;
  transferOpen: boolean;
  onTransferOpen: (open: boolean) => void;
}) {
  const { t } = useI18n();
  const { window: w, current, offline, busy } = control;
  const waited = current ? minutesSince(current.issued_at, current.called_at) : null;
  return (
    <section className="ow-ticketbar" aria-label={t('ticket.bar')} data-testid="ticket-bar">
      {current ? (
        <>
          <strong className="ow-ticketbar-number" data-testid="ticket-current" aria-live="polite">
            {current.number}
          </strong>
          <span data-testid="ticket-group">{current.group_name}</span>
          <Chip data-testid="ticket-state">{t(`ticket.state.${current.state}` as MessageKey)}</Chip>
          {current.green && (
            <Chip color="green" data-testid="ticket-green">
              {t('green.channel')} · {t(greenKey(current.green))}
            </Chip>
          )}
          {current.kind === 'appointment' && <Chip color="blue">{t('ticket.appointment')}</Chip>}
          {waited != null && <span className="ow-muted">{t('ticket.waited', { min: waited })}</span>}
          {current.recalls > 0 && <span className="ow-muted">{t('ticket.recalls', { n: current.recalls })}</span>}
          {current.state === 'called' && (
            <>
              <Button size="small" data-testid="ticket-recall" disabled={busy} onClick={() => void control.recall()}>
                {t('ticket.recall')} (Shift+F12)
              </Button>
              <Button size="small" data-testid="ticket-no-show" disabled={busy} onClick={() => void control.noShow()}>
                {t('ticket.noShow')} (Ctrl+F12)
              </Button>
            </>
          )}
          <Button size="small" data-testid="ticket-transfer" disabled={busy} onClick={() => onTransferOpen(true)}>
            {t('ticket.transfer')} (Alt+F12)
          </Button>
        </>
      ) : (
        <span className="ow-muted" data-testid="ticket-current">
          {offline ? t('ticket.offline') : t('ticket.none')}
        </span>
      )}
      <span className="ow-ticketbar-right">
        {onCheckIn && (
          <Button size="small" data-testid="ticket-check-in" disabled={busy || offline} onClick={onCheckIn}>
            {t('ticket.checkIn')} (Alt+Y)
          </Button>
        )}
        {onAddItem && (
          <Button size="small" data-testid="visit-add-item" onClick={onAddItem}>
            {t('visit.addItem')} (Alt+N)
          </Button>
        )}
        {w?.paused && <Chip color="orange" data-testid="ticket-paused">{t('ticket.paused', { reason: w.pause_reason ?? '' })}</Chip>}
        {w && <span className="ow-muted" data-testid="ticket-waiting">{t('ticket.waiting', { n: w.waiting })}</span>}
        <Button
          size="small"
          data-testid="ticket-pause"
          disabled={busy || offline}
          onClick={() => void (w?.paused ? control.resume() : control.pause(t('ticket.pauseReason.default')))}
        >
          {w?.paused ? t('ticket.resume') : t('ticket.pause')} (Ctrl+P)
        </Button>
        <Button type="primary" size="small" data-testid="ticket-call" disabled={busy || !!w?.paused} onClick={onCall}>
          {t('ticket.call')} (F12)
        </Button>
      </span>
      {transferOpen && current && (
        <Suspense fallback={null}>
          <TransferDialog control={control} number={current.number} onClose={() => onTransferOpen(false)} />
        </Suspense>
      )}
    </section>
  );
}
