import { App as AntApp, Button, Drawer, Empty, Table, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useBackend, type CaseState, type PickupEntry, type ResultsSummary } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { HandOutDialog } from './HandOutDialog';

const stateColor: Partial<Record<CaseState, string>> = {
  ready_for_pickup: 'success',
  rejected: 'error',
  returned: 'warning',
};

/** 统一窗口出件: results ready to hand out, and this window's cases returned for supplement. */
export function PickupPanel({
  open,
  summary,
  onClose,
  onSupplement,
}: {
  open: boolean;
  summary: ResultsSummary;
  onClose: () => void;
  /** Opens the supplement for a returned case at the window. */
  onSupplement?: (caseNumber: string) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [entries, setEntries] = useState<PickupEntry[]>([]);
  const firstHandOut = useRef<HTMLButtonElement | null>(null);
  const closeRef = useRef<HTMLButtonElement | null>(null);

  const refresh = useCallback(() => {
    backend.resultsList().then(setEntries, () => undefined);
  }, [backend]);
  useEffect(() => {
    if (open) refresh();
  }, [open, summary, refresh]);

  // Focus where the next keystroke belongs: the first hand-over, else the close button.
  useEffect(() => {
    if (!open) return;
    const id = window.setTimeout(() => (firstHandOut.current ?? closeRef.current)?.focus(), 50);
    return () => window.clearTimeout(id);
  }, [open, entries]);

  const [handing, setHanding] = useState<PickupEntry | null>(null);
  const handOut = (e: PickupEntry) => setHanding(e);

  const firstId = (
    entries.find((e) => e.state !== 'returned') ?? entries.find((e) => e.ours && !e.supplement_sent && onSupplement)
  )?.case_number;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('pickup.title')}
      width={900}
      keyboard
      data-testid="pickup-panel"
      extra={
        <Button ref={closeRef} data-testid="pickup-close" onClick={onClose}>
          {t('outbox.close')}
        </Button>
      }
    >
      <HandOutDialog
        key={handing?.case_number ?? ''}
        entry={handing}
        onCancel={() => setHanding(null)}
        onDone={(list, e) => {
          setHanding(null);
          setEntries(list);
          message.success(t('pickup.done', { n: e.window_case_no }));
        }}
      />
      <p data-testid="pickup-summary">{t('pickup.summary', { ...summary })}</p>
      {entries.length === 0 ? (
        <Empty description={t('pickup.empty')} />
      ) : (
        <Table<PickupEntry>
          size="small"
          pagination={false}
          rowKey="case_number"
          dataSource={entries}
          onRow={(e) => ({ 'data-testid': 'pickup-row', 'data-state': e.state, 'data-case': e.case_number }) as object}
          columns={[
            { title: t('pickup.receipt'), render: (_, e) => e.window_case_no },
            { title: t('pickup.applicant'), render: (_, e) => e.applicant_name ?? '' },
            { title: t('outbox.item'), render: (_, e) => e.item_name ?? e.queue },
            {
              title: t('outbox.state'),
              render: (_, e) => (
                <Tag color={stateColor[e.state]} data-testid="pickup-state">
                  {t(`pickup.state.${e.state}` as MessageKey)}
                </Tag>
              ),
            },
            { title: t('pickup.reasons'), render: (_, e) => e.reasons.join('；') },
            {
              title: '',
              render: (_, e) =>
                e.state === 'returned' ? (
                  e.supplement_sent ? (
                    <Tag data-testid="pickup-supplement-sent">{t('pickup.supplementSent')}</Tag>
                  ) : e.ours && onSupplement ? (
                    <Button
                      size="small"
                      data-testid="pickup-supplement"
                      title={t('pickup.callBack')}
                      ref={e.case_number === firstId ? firstHandOut : undefined}
                      onClick={() => onSupplement(e.case_number)}
                    >
                      {t('pickup.supplement')}
                    </Button>
                  ) : (
                    <span className="ow-muted">{t('pickup.callBack')}</span>
                  )
                ) : (
                  <Button
                    size="small"
                    type="primary"
                    data-testid="pickup-hand-out"
                    ref={e.case_number === firstId ? firstHandOut : undefined}
                    onClick={() => handOut(e)}
                  >
                    {t('pickup.handOut')}
                  </Button>
                ),
            },
          ]}
        />
      )}
    </Drawer>
  );
}
