import { useEffect, useState } from 'react';
import { useBackend } from '../backend';
import { useI18n } from '../i18n';
import { MoveTicketForm, type MoveChoices } from './MoveTicketForm';
import type { TicketControl } from './useTicket';

/** Alt+F12: the ticket goes to another service group or window, with the reason. */
export function TransferDialog({ control, number, onClose }: { control: TicketControl; number: string; onClose: () => void }) {
  const { t } = useI18n();
  const backend = useBackend();
  const [choices, setChoices] = useState<MoveChoices | null>(null);
  useEffect(() => {
    backend.ticketSetup().then(
      (s) =>
        setChoices({
          groups: s.groups.map((g) => ({ value: g.code, label: `${g.prefix} ${g.name}` })),
          windows: s.windows.map((w) => ({ value: w.workstation_id, label: w.workstation_id })),
        }),
      () => undefined,
    );
  }, [backend]);
  return <MoveTicketForm title={t('ticket.transfer.title', { n: number })} choices={choices} onSubmit={(r) => control.transfer(r)} onClose={onClose} />;
}
