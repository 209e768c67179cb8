import { Alert, Button, Descriptions, List, Space, Spin, Tag } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type CaseDraft, type IssuedPaper, type PaperEntry } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { PaperPreview } from './PaperPreview';

/** F9 prints the paper on show, Shift+F9 the hand-over voucher, Ctrl+F9 reprints (补打) the paper on show. */
export type PrintCommand = { n: number; what: 'paper' | 'voucher' | 'reprint' | 'visit' };

function printedText(
  p: PaperEntry,
  t: ReturnType<typeof useI18n>['t'],
  errorMessage: ReturnType<typeof useI18n>['errorMessage'],
  locale: string,
): string {
  if (p.print_failure) {
    const time = new Date(p.print_failure.at).toLocaleTimeString(locale);
    return t('paper.printFailed', { time, reason: errorMessage(p.print_failure.code, p.print_failure.code) });
  }
  if (!p.printed_at) return t('paper.notPrinted');
  const time = new Date(p.printed_at).toLocaleTimeString(locale);
  return p.print_result === 'preview' ? t('paper.previewed', { time }) : t('paper.printed', { time });
}

interface Props {
  draft: CaseDraft;
  print: PrintCommand | null;
  onNext: () => void;
}

/** The hand-over voucher to print: the latest one filed (a reprint, once there is one). */
function latestVoucher(history: PaperEntry[]): PaperEntry | undefined {
  return history.filter((p) => p.kind === 'voucher').at(-1);
}

/**
 * After the decision: the paper's preview, printing (F9), reprints and the case's paper history.
 * An accepted case with paper originals also has its hand-over voucher (Shift+F9).
 */
export function PaperStep({ draft, print, onNext }: Props) {
  const backend = useBackend();
  const { t, errorMessage, locale } = useI18n();
  const [paper, setPaper] = useState<IssuedPaper | null>(null);
  const [history, setHistory] = useState<PaperEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const printRef = useRef<HTMLButtonElement>(null);
  const decision = draft.decision;

  const fail = useCallback(
    (e: unknown) => {
      const err = e instanceof BackendError ? e : null;
      setError(t('paper.failed', { reason: err ? errorMessage(err.code, err.message) : String(e) }));
    },
    [t, errorMessage],
  );

  const refresh = useCallback(() => {
    backend.listPapers(draft.id).then(setHistory, fail);
  }, [backend, draft.id, fail]);

  useEffect(() => {
    if (!decision) return;
    let live = true;
    backend.issuePaper(draft.id).then(
      (p) => {
        if (!live) return;
        setPaper(p);
        refresh();
      },
      (e) => live && fail(e),
    );
    return () => {
      live = false;
    };
  }, [backend, draft.id, decision, refresh, fail]);

  const voucher = latestVoucher(history);
  const doPrint = useCallback(async (target: number | undefined) => {
    if (target === undefined || printing) return;
    setPrinting(true);
    setError(null);
    try {
      await backend.printPaper(target);
      refresh();
    } catch (e) {
      fail(e);
      // The failure is on the paper's record now: the history says so.
      refresh();
    } finally {
      setPrinting(false);
    }
  }, [backend, printing, refresh, fail]);

  const reprint = useCallback(
    async (id: number) => {
      try {
        const p = await backend.reprintPaper(id);
        setError(null);
        setPaper(p);
        refresh();
      } catch (e) {
        fail(e);
      }
    },
    [backend, refresh, fail],
  );

  // 办事回执: one paper for every item of the visit, shown and printed like the others.
  const visitReceipt = useCallback(async () => {
    try {
      const p = await backend.issueVisitReceipt(draft.id);
      setError(null);
      setPaper(p);
      refresh();
      await doPrint(p.entry.id);
    } catch (e) {
      fail(e);
    }
  }, [backend, draft.id, refresh, fail, doPrint]);

  const show = async (id: number) => {
    try {
      setPaper(await backend.getPaper(id));
    } catch (e) {
      fail(e);
    }
  };

  // Focus waits on Print once there is a paper to print.
  const paperId = paper?.entry.id;
  useEffect(() => {
    if (paperId !== undefined) printRef.current?.focus();
  }, [paperId]);

  // ↑↓ walk the history: the chosen paper is shown, and F9 / Ctrl+F9 act on it.
  const walk = useRef<(e: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    walk.current = (e) => {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      const at = history.findIndex((p) => p.id === paper?.entry.id);
      const next = history[Math.min(Math.max(at + (e.key === 'ArrowDown' ? 1 : -1), 0), history.length - 1)];
      if (!next || next.id === paper?.entry.id) return;
      e.preventDefault();
      void show(next.id);
    };
  });
  useEffect(() => {
    const h = (e: KeyboardEvent) => walk.current(e);
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, []);



  // The window's F9 / Shift+F9 / Ctrl+F9 arrive as numbered commands; each is acted on once.
  const act = useRef<(c: PrintCommand) => void>(() => {});
  useEffect(() => {
    act.current = (c) => {
      if (c.what === 'reprint') {
        if (paper) void reprint(paper.entry.id);
      } else if (c.what === 'visit') {
        void visitReceipt();
      } else void doPrint(c.what === 'voucher' ? voucher?.id : paper?.entry.id);
    };
  });
  const lastPrint = useRef(0);
  useEffect(() => {
    if (print && print.n !== lastPrint.current) {
      lastPrint.current = print.n;
      act.current(print);
    }
  });

  if (!decision) return <Alert type="info" showIcon title={t('step.placeholder')} />;

  return (
    <div className="ow-paper-step" data-testid="paper-step" data-status={draft.status}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t(`status.${draft.status}` as MessageKey)}>
          <span data-testid="case-number">{decision.case_number}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('decided.document', { n: '' })}>
          <span data-testid="document-number">{decision.document_number}</span>
        </Descriptions.Item>
        {decision.promised_by && (
          <Descriptions.Item label={t('decided.promised', { date: '' })}>
            <span data-testid="promised-by">{decision.promised_by}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {error && <Alert type="error" showIcon data-testid="paper-error" title={error} style={{ marginTop: 8 }} />}
      <Space style={{ margin: '12px 0' }}>
        <Button
          ref={printRef}
          type="primary"
          size="large"
          data-testid="paper-print"
          loading={printing}
          disabled={!paper}
          onClick={() => void doPrint(paper?.entry.id)}
        >
          {t('paper.print')}
        </Button>
        {voucher && (
          <Button size="large" data-testid="paper-print-voucher" loading={printing} onClick={() => void doPrint(voucher.id)}>
            {t('paper.printVoucher')}
          </Button>
        )}
        {draft.ticket && (
          <Button size="large" data-testid="paper-visit-receipt" loading={printing} onClick={() => void visitReceipt()}>
            {t('paper.visitReceipt')} (Alt+F9)
          </Button>
        )}
        <Button size="large" data-testid="paper-next" onClick={onNext}>
          {t('paper.next')}
        </Button>
      </Space>
      <div className="ow-paper-columns">
        {paper ? <PaperPreview key={paper.entry.id} pdfBase64={paper.pdf_base64} /> : !error && <Spin tip={t('paper.loading')} />}
        <List
          className="ow-paper-history"
          data-testid="paper-history"
          header={
            <span>
              {t('paper.history')} <span className="ow-muted">{t('paper.historyKeys')}</span>
            </span>
          }
          size="small"
          dataSource={history}
          renderItem={(p) => (
            <List.Item
              data-testid="paper-entry"
              data-kind={p.kind}
              data-printed={p.printed_at ? 'yes' : 'no'}
              data-print-failed={p.print_failure ? 'yes' : 'no'}
              data-reprint={p.reprint ? 'yes' : 'no'}
              data-shown={p.id === paper?.entry.id ? 'yes' : 'no'}
              className={p.id === paper?.entry.id ? 'ow-paper-shown' : undefined}
              actions={[
                <Button key="show" size="small" type="link" onClick={() => void show(p.id)}>
                  {t('paper.preview')}
                </Button>,
                <Button key="reprint" size="small" data-testid="paper-reprint" title="Ctrl+F9" onClick={() => void reprint(p.id)}>
                  {t('paper.reprint')}
                </Button>,
              ]}
            >
              <div>
                {t(`paper.${p.kind}` as MessageKey)} {p.reprint && <Tag>{t('paper.isReprint')}</Tag>}
                <div className={p.print_failure ? 'ow-print-failed' : 'ow-muted'}>{printedText(p, t, errorMessage, locale)}</div>
              </div>
            </List.Item>
          )}
        />
      </div>
    </div>
  );
}
