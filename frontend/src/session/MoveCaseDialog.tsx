import { Alert, Button, Form, Input, Modal, Select, type RefSelectProps as RefSelect } from 'antd';
import { useRef, useState } from 'react';
import { BackendError, useBackend, type RiskCase } from '../backend';
import { useI18n } from '../i18n';

/** A case still with its department goes to another department's queue (misrouted), with
 *  the reason; the back office records both and the case waits there afresh. */
export function MoveCaseDialog({
  item,
  queues,
  onDone,
  onClose,
}: {
  item: RiskCase;
  queues: ReadonlyMap<string, string>;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t, errorMessage } = useI18n();
  const backend = useBackend();
  const [queue, setQueue] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  // Focus on the first list once the dialog has opened (the dialog's own focus comes after
  // `autoFocus` would have run).
  const first = useRef<RefSelect>(null);
  const [error, setError] = useState<string | null>(null);
  const ok = queue != null && queue !== item.queue && reason.trim() !== '';
  return (
    <Modal
      open
      title={t('floor.moveCaseTitle', { n: item.window_case_no })}
      okText={t('floor.moveCaseOk')}
      okButtonProps={{ disabled: !ok, 'data-testid': 'move-case-ok' } as React.ComponentProps<typeof Button>}
      onCancel={onClose}
      afterOpenChange={(open) => open && first.current?.focus()}
      onOk={async () => {
        try {
          await backend.hallMoveCase(item.case_number, { queue: queue ?? null, clerk: null, reason: reason.trim() });
          onDone();
          onClose();
        } catch (e) {
          setError(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e));
        }
      }}
    >
      <p>
        {item.item_name} · {t('floor.nowIn', { queue: queues.get(item.queue) ?? item.queue })}
      </p>
      <Form layout="vertical" data-testid="move-case-form">
        <Form.Item label={t('floor.toQueue')} htmlFor="move-case-queue">
          <Select
            id="move-case-queue"
            data-testid="move-case-queue"
            ref={first}
            autoFocus
            value={queue}
            onChange={setQueue}
            options={[...queues].filter(([code]) => code !== item.queue).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item label={t('ticket.transfer.reason')} htmlFor="move-case-reason">
          <Input id="move-case-reason" data-testid="move-case-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon role="alert" data-testid="move-case-error" title={error} />}
    </Modal>
  );
}
