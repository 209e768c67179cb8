import { Alert, App as AntApp, Button, Drawer, Empty, Table, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type CaseState, type IssuedPaper, type PaperEntry, type PickupEntry, type ResultsSummary } from '../backend';
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
  // The last hand-over's collection record (领取凭证): printed at once for the collector to sign.
  const [record, setRecord] = useState<{ paper: IssuedPaper; printed: PaperEntry | null; error: string | null } | null>(null);
  const { errorMessage } = useI18n();
  const printRecord = (paper: IssuedPaper) => {
    setRecord({ paper, printed: null, error: null });
    backend.printPaper(paper.entry.id).then(
      (printed) => setRecord({ paper, printed, error: null }),
      (e) => setRecord({ paper, printed: null, error: e instanceof BackendError ? errorMessage(e.code, e.message) : String(e) }),
    );
  };
  // A record that printed is made again, marked 补打; one that did not is printed as it is.
  const printAgain = (r: { paper: IssuedPaper; printed: PaperEntry | null }) => {
    if (!r.printed) return printRecord(r.paper);
    backend.reprintPaper(r.paper.entry.id).then(printRecord, (e) =>
      setRecord({ ...r, error: e instanceof BackendError ? errorMessage(e.code, e.message) : String(e) }),
    );
  };
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
        onDone={(done, e) => {
          setHanding(null);
          setEntries(done.list);
          message.success(t('pickup.done', { n: e.window_case_no }));
          if (done.record) printRecord(done.record);
        }}
      />
      {record && (
        <Alert
          type={record.error ? 'error' : 'info'}
          showIcon
          data-testid="pickup-record"
          data-paper={record.paper.entry.id}
          data-printed={record.printed ? 'yes' : 'no'}
          style={{ marginBottom: 8 }}
          title={t(record.printed ? 'pickup.record' : 'pickup.recordPrinting', { number: record.paper.entry.document_number })}
          description={record.error ?? undefined}
          action={
            <Button size="small" data-testid="pickup-record-print" onClick={() => printAgain(record)}>
              {t(record.printed ? 'pickup.recordReprint' : 'pickup.recordPrint')}
            </Button>
          }
        />
      )}
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
