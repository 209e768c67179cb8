import { Alert, App as AntApp, Button, Drawer, Empty, Table, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type OutboxItem, type OutboxState, type OutboxSummary } from '../backend';
import { useI18n, type MessageKey } from '../i18n';

const LIST = 200;

const stateColor: Record<OutboxState, string> = {
  waiting: 'processing',
  sending: 'blue',
  confirmed: 'success',
  failed: 'error',
};
const stateMark: Record<OutboxState, string> = { waiting: '◷', sending: '↑', confirmed: '✔', failed: '✖' };

/** The upload queue: every case on its way to the back office, with the reason and a retry. */
export function SyncPanel({ open, summary, onClose }: { open: boolean; summary: OutboxSummary; onClose: () => void }) {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<OutboxItem[]>([]);
  const firstRetry = useRef<HTMLButtonElement | null>(null);
  const closeRef = useRef<HTMLButtonElement | null>(null);

  const refresh = useCallback(() => {
    backend.outboxList(LIST).then(setItems, () => undefined);
  }, [backend]);
  // The counts change whenever an entry does: list again then.
  useEffect(() => {
    if (open) refresh();
  }, [open, summary, refresh]);

  // Focus where the next keystroke belongs: the first retry, else the close button.
  useEffect(() => {
    if (!open) return;
    const id = window.setTimeout(() => (firstRetry.current ?? closeRef.current)?.focus(), 50);
    return () => window.clearTimeout(id);
  }, [open, items.length]);

  const retry = async (item: OutboxItem) => {
    try {
      await backend.outboxRetry(item.case_id);
      message.success(t('outbox.retried'));
      refresh();
    } catch (e) {
      message.error(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e));
    }
  };

  const firstRetryId = items.find((i) => i.state === 'failed' || i.state === 'waiting')?.case_id;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('outbox.title')}
      width={900}
      keyboard
      data-testid="sync-panel"
      extra={
        <Button ref={closeRef} data-testid="sync-close" onClick={onClose}>
          {t('outbox.close')}
        </Button>
      }
    >
      {summary.blocked && (
        <Alert
          type="error"
          showIcon
          data-testid="sync-blocked"
          data-code={summary.blocked.code}
          title={t('outbox.blocked', { reason: errorMessage(summary.blocked.code, summary.blocked.message) })}
          description={t('outbox.blockedHelp')}
          style={{ marginBottom: 12 }}
        />
      )}
      <p data-testid="sync-summary">
        {t('outbox.summary', { waiting: summary.waiting, sending: summary.sending, failed: summary.failed, confirmed: summary.confirmed })}
      </p>
      {items.length === 0 ? (
        <Empty description={t('outbox.empty')} />
      ) : (
        <Table<OutboxItem>
          size="small"
          pagination={false}
          rowKey="case_id"
          dataSource={items}
          onRow={(item) => ({ 'data-testid': 'sync-row', 'data-state': item.state, 'data-case': item.case_id }) as object}
          columns={[
            { title: t('outbox.case'), render: (_, i) => i.window_case_no ?? i.case_id.slice(-8) },
            { title: t('outbox.item'), render: (_, i) => (i.kind === 'case' ? (i.item_name ?? '') : t(`outbox.${i.kind}` as MessageKey)) },
            {
              title: t('outbox.state'),
              render: (_, i) => (
                <Tag color={stateColor[i.state]} data-testid="sync-state">
                  {stateMark[i.state]} {t(`outbox.state.${i.state}` as MessageKey)}
                </Tag>
              ),
            },
            {
              title: t('outbox.reason'),
              render: (_, i) =>
                i.reason ? (
                  <Tooltip title={i.reason.message}>
                    <span data-testid="sync-reason" data-code={i.reason.code}>
                      {errorMessage(i.reason.code, i.reason.message)}
                    </span>
                  </Tooltip>
                ) : null,
            },
            {
              title: t('outbox.number'),
              render: (_, i) =>
                i.backoffice_number ? (
                  <span data-testid="sync-number">{i.backoffice_number}</span>
                ) : (
                  <span className="ow-muted">{t('outbox.attempts', { n: i.attempts })}</span>
                ),
            },
            {
              title: '',
              render: (_, i) => {
                if (i.state !== 'failed' && i.state !== 'waiting') return null;
                return (
                  <Button
                    size="small"
                    danger={i.state === 'failed'}
                    data-testid="sync-retry"
                    ref={i.case_id === firstRetryId ? firstRetry : undefined}
                    onClick={() => void retry(i)}
                  >
                    {t('outbox.retry')}
                  </Button>
                );
              },
            },
          ]}
        />
      )}
    </Drawer>
  );
}
