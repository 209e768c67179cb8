import { Alert, Button, Form, Input, Modal, Select, type RefSelectProps as RefSelect } from 'antd';
import { useRef, useState } from 'react';
import { BackendError, type TransferRequest } from '../backend';
import { useI18n } from '../i18n';

export interface MoveChoices {
  groups: { value: string; label: string }[];
  windows: { value: string; label: string }[];
}

/** A ticket to another service group or one window, with the reason: the window's transfer
 *  (Alt+F12) and the lead's move share it. Exactly one target: picking one clears the other. */
export function MoveTicketForm({
  title,
  choices,
  onSubmit,
  onClose,
}: {
  title: string;
  choices: MoveChoices | null;
  onSubmit: (r: TransferRequest) => Promise<void>;
  onClose: () => void;
}) {
  const { t, errorMessage } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [group, setGroup] = useState<string | undefined>();
  const [windowId, setWindowId] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  // Focus on the first list once the dialog has opened (the dialog's own focus comes after
  // `autoFocus` would have run).
  const first = useRef<RefSelect>(null);
  const ok = reason.trim() !== '' && (group != null || windowId != null);
  return (
    <Modal
      open
      title={title}
      okText={t('ticket.transfer.ok')}
      okButtonProps={{ disabled: !ok, 'data-testid': 'transfer-ok' } as React.ComponentProps<typeof Button>}
      onCancel={onClose}
      afterOpenChange={(open) => open && first.current?.focus()}
      onOk={async () => {
        try {
          await onSubmit({ group: group ?? null, workstation_id: windowId ?? null, reason: reason.trim() });
          onClose();
        } catch (e) {
          // Refused (the ticket was called meanwhile, say): the dialog stays with the reason.
          setError(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e));
        }
      }}
    >
      {/* data-loaded: the groups and windows are in the lists (the keys that pick one wait for it). */}
      <Form layout="vertical" data-testid="transfer-form" data-loaded={choices ? 'true' : 'false'}>
        <Form.Item label={t('ticket.transfer.group')} htmlFor="transfer-group">
          <Select
            id="transfer-group"
            data-testid="transfer-group"
            ref={first}
            autoFocus
            allowClear
            value={group}
            onChange={(v) => {
              setGroup(v);
              if (v != null) setWindowId(undefined);
            }}
            options={choices?.groups ?? []}
          />
        </Form.Item>
        <Form.Item label={t('ticket.transfer.window')} htmlFor="transfer-window">
          <Select
            id="transfer-window"
            data-testid="transfer-window"
            allowClear
            value={windowId}
            onChange={(v) => {
              setWindowId(v);
              if (v != null) setGroup(undefined);
            }}
            options={choices?.windows ?? []}
          />
        </Form.Item>
        <Form.Item label={t('ticket.transfer.reason')} htmlFor="transfer-reason">
          <Input id="transfer-reason" data-testid="transfer-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon role="alert" data-testid="transfer-error" title={error} />}
    </Modal>
  );
}
