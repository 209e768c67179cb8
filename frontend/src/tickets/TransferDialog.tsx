import { Button, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useBackend, type HallSetup } from '../backend';
import { useI18n } from '../i18n';
import type { TicketControl } from './useTicket';

/** Alt+F12: the ticket goes to another service group or window, with the reason. */
export function TransferDialog({ control, number, onClose }: { control: TicketControl; number: string; onClose: () => void }) {
  const { t } = useI18n();
  const backend = useBackend();
  const [setup, setSetup] = useState<HallSetup | null>(null);
  const [group, setGroup] = useState<string | undefined>();
  const [windowId, setWindowId] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  useEffect(() => {
    backend.ticketSetup().then(setSetup, () => undefined);
  }, [backend]);
  const ok = reason.trim() !== '' && (group != null || windowId != null);
  return (
    <Modal
      open
      title={t('ticket.transfer.title', { n: number })}
      okText={t('ticket.transfer.ok')}
      okButtonProps={{ disabled: !ok, 'data-testid': 'transfer-ok' } as React.ComponentProps<typeof Button>}
      onCancel={onClose}
      onOk={async () => {
        await control.transfer({ group: group ?? null, workstation_id: windowId ?? null, reason: reason.trim() });
        onClose();
      }}
    >
      {/* data-loaded: the groups and windows are in the lists (the keys that pick one wait for it). */}
      <Form layout="vertical" data-testid="transfer-form" data-loaded={setup ? 'true' : 'false'}>
        <Form.Item label={t('ticket.transfer.group')} htmlFor="transfer-group">
          <Select
            id="transfer-group"
            data-testid="transfer-group"
            autoFocus
            allowClear
            value={group}
            onChange={setGroup}
            options={(setup?.groups ?? []).map((g) => ({ value: g.code, label: `${g.prefix} ${g.name}` }))}
          />
        </Form.Item>
        <Form.Item label={t('ticket.transfer.window')} htmlFor="transfer-window">
          <Select
            id="transfer-window"
            allowClear
            value={windowId}
            onChange={setWindowId}
            options={(setup?.windows ?? []).map((w) => ({ value: w.workstation_id, label: w.workstation_id }))}
          />
        </Form.Item>
        <Form.Item label={t('ticket.transfer.reason')} htmlFor="transfer-reason">
          <Input id="transfer-reason" data-testid="transfer-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
