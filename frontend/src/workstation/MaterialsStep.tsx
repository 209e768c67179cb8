import { Alert, Button, Input, Modal, Space, Tag, type ButtonProps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Finding, LineMark } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { lineState, markOf, requiredCount, stateColor, stateIcon } from './materialsState';
import { PageStrip } from './PageStrip';
import { PageViewer } from './PageViewer';
import type { Materials } from './useMaterials';

function FindingLine({ f }: { f: Finding }) {
  const { t } = useI18n();
  const d = f.detail;
  const vars: Record<string, string | number> = {};
  if (d.kind === 'measure') Object.assign(vars, { value: Math.round((d.value ?? 0) * 10) / 10, limit: d.limit ?? '' });
  if (d.kind === 'edges') vars.edges = d.edges.map((e) => t(`edge.${e}` as MessageKey)).join('、');
  if (d.kind === 'rotation') vars.deg = d.clockwise_deg;
  return (
    <li data-testid="page-finding" data-code={f.code} data-severity={f.severity}>
      <Tag color={f.severity === 'block' ? 'red' : 'orange'}>{f.severity === 'block' ? '✖' : '⚠'}</Tag>
      {t(`finding.${f.code}` as MessageKey, vars)}
      <span className="ow-muted"> · {t('finding.todo', { actions: f.actions.map((a) => t(`action.${a}` as MessageKey)).join(' / ') })}</span>
    </li>
  );
}

type Ask = { kind: 'defect' } | { kind: 'accept' } | null;

const typing = (e: KeyboardEvent) => {
  const el = e.target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
};

/** Centre of the materials step: the selected line, its pages, their findings and the keys. */
export function MaterialsStep({ m }: { m: Materials }) {
  const { t, errorMessage } = useI18n();
  const [ask, setAsk] = useState<Ask>(null);
  const [reason, setReason] = useState('');
  const [zoom, setZoom] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const line = m.lines.find((l) => l.id === m.lineId) ?? null;
  const marks = m.view?.case.draft.materials as Record<string, LineMark> | undefined;
  const mark = line ? markOf(marks, line.id) : null;

  // The step takes focus once its lines are there: a case opened straight at this step (a
  // notice continued, a supplement) loads its checklist after the step is shown.
  const ready = line !== null;
  useEffect(() => {
    if (ready) root.current?.focus();
  }, [ready]);

  const close = () => {
    setAsk(null);
    setReason('');
    root.current?.focus();
  };

  // The step's keys; ignored while typing a reason or with a dialog open.
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  const onKey = (e: KeyboardEvent) => {
    // Esc in a dialog of this step closes that dialog only, not the case (the window's Esc).
    // Esc while scanning stops the scan, and only the scan (the case stays open).
    if (e.key === 'Escape' && m.scanning) {
      e.preventDefault();
      e.stopPropagation();
      m.cancelScan();
      return;
    }
    if (e.key === 'Escape' && (ask || zoom)) {
      e.preventDefault();
      e.stopPropagation();
      if (zoom) {
        setZoom(false);
        root.current?.focus();
      } else close();
      return;
    }
    if (typing(e) || ask || zoom || !line) return;
    const k = e.key.length === 1 ? e.key.toUpperCase() : e.key;
    const act: Record<string, () => void> = {
      ArrowDown: () => m.selectLine(m.lineIndex + 1),
      ArrowUp: () => m.selectLine(m.lineIndex - 1),
      ArrowRight: () => (e.ctrlKey ? m.move(1) : m.selectPage(m.pageIndex + 1)),
      ArrowLeft: () => (e.ctrlKey ? m.move(-1) : m.selectPage(m.pageIndex - 1)),
      R: () => m.mark({ mark: 'received' }),
      D: () => setAsk({ kind: 'defect' }),
      Y: () => m.mark({ mark: 'deferred' }),
      S: () => m.mark({ mark: 'data_check' }),
      P: () => m.mark({ mark: 'pending' }),
      Z: () => m.current && setZoom(true),
      Delete: () => m.remove(),
    };
    const f = e.altKey ? undefined : act[k];
    if (f) {
      e.preventDefault();
      f();
    }
  };
  useEffect(() => {
    keys.current = onKey;
  });
  useEffect(() => {
    // Capture phase: this step's keys (and Esc in its dialogs) come before the window's.
    const h = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', h, true);
    return () => window.removeEventListener('keydown', h, true);
  }, []);

  if (!line || !mark) return <p className="ow-muted" data-testid="materials-empty">{t('mat.noChecklist')}</p>;
  const state = lineState(line, mark, m.linePages);
  // The ID card lay on the reader: offered as received, the face check still the clerk's.
  const readOffer = m.view?.case.options?.lines.find((l) => l.id === line.id)?.read_offer ?? false;
  const short = m.view?.short_lines.find((l) => l.line_id === line.id) ?? null;
  const count = requiredCount(m.lines, marks);
  const submit = async () => {
    if (ask?.kind === 'defect') m.mark({ mark: 'defective', reason });
    if (ask?.kind === 'accept') await m.accept(reason);
    close();
  };

  return (
    <div
      className="ow-materials"
      data-testid="materials-step"
      tabIndex={-1}
      ref={root}
      data-line={line.id}
      data-dragging={dragging}
      // Files dropped anywhere on the step go into the selected line, checked like a pick.
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void (async () => {
          for (const f of Array.from(e.dataTransfer.files)) await m.importFile(f);
        })();
      }}
    >
      <div className="ow-mat-head">
        <span className="ow-mat-line" data-testid="materials-line-name">
          {m.lineIndex + 1}. {line.name}
        </span>
        <Tag color={stateColor[state]} data-testid="materials-line-state" data-state={state}>
          {stateIcon[state]} {t(state === 'held_up' ? 'mark.heldUp' : (`mark.${state}` as MessageKey))}
        </Tag>
        <span className="ow-muted">{t('mat.scanner', { device: m.view?.scanner ?? '' })}</span>
        {m.view?.case.draft.ticket && (
          <Button size="small" data-testid="share-visit" disabled={m.busy} onClick={() => m.shareVisit()}>
            {t('visit.share')} (Alt+V)
          </Button>
        )}
      </div>
      {mark.mark === 'defective' && <Alert type="warning" title={t('mark.defectiveReason', { reason: mark.reason })} />}
      {readOffer && (
        <Alert
          type="info"
          showIcon
          data-testid="read-offer"
          title={t('mat.readOffer')}
          action={
            <Button size="small" type="primary" data-testid="read-offer-accept" onClick={() => m.mark({ mark: 'received' })}>
              R {t('mat.readOfferAccept')}
            </Button>
          }
        />
      )}
      {short && (
        <Alert
          type="warning"
          showIcon
          data-testid="materials-short"
          data-expected={short.expected}
          data-found={short.found}
          title={t('mat.short', { expected: short.expected, found: short.found })}
        />
      )}
      <p className="ow-muted ow-mat-keys">{t('mat.keys')}</p>
      <Space wrap>
        <Button type="primary" data-testid="scan-button" loading={m.busy} onClick={() => void m.scan()}>
          {m.busy ? t('mat.scanning') : t('mat.scan')}
        </Button>
        {m.scanning && (
          <Button danger data-testid="scan-cancel" onClick={() => m.cancelScan()}>
            {t('mat.cancelScan')}
          </Button>
        )}
        <Button data-testid="import-button" onClick={() => fileRef.current?.click()}>
          {t('mat.import')}
        </Button>
        <input
          ref={fileRef}
          type="file"
          hidden
          data-testid="import-input"
          accept="image/jpeg,image/png,image/tiff,image/bmp,application/pdf"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void m.importFile(f);
            e.target.value = '';
          }}
        />
        <Button data-testid="mark-received" onClick={() => m.mark({ mark: 'received' })}>R {t('mark.received')}</Button>
        <Button data-testid="mark-defective" onClick={() => setAsk({ kind: 'defect' })}>D {t('mark.defective')}</Button>
        {line.necessity === 'tolerated' && (
          <Button data-testid="mark-deferred" onClick={() => m.mark({ mark: 'deferred' })}>Y {t('mark.deferred')}</Button>
        )}
        {line.sharing && (
          <Button data-testid="mark-data_check" onClick={() => m.mark({ mark: 'data_check' })}>S {t('mark.data_check')}</Button>
        )}
        <Button data-testid="mark-pending" onClick={() => m.mark({ mark: 'pending' })}>P {t('mark.pending')}</Button>
      </Space>
      {m.error && (
        <Alert type="error" showIcon data-testid="materials-error" data-code={m.error.code} title={errorMessage(m.error.code, m.error.message)} />
      )}
      <PageStrip pages={m.linePages} selected={m.pageIndex} onSelect={m.selectPage} />
      {m.current && (
        <div className="ow-page-detail" data-testid="page-detail" data-passes={m.current.passes}>
          <div>
            <Tag color={m.current.passes ? 'green' : 'red'} data-testid="page-check">
              {m.current.passes ? t('page.passes') : t('page.fails')}
            </Tag>
            <span className="ow-muted">
              {m.current.width_px}×{m.current.height_px}
              {m.current.dpi ? ` · ${m.current.dpi} dpi` : ''} · {m.current.size_kib} KiB
            </span>
          </div>
          <ul className="ow-findings">
            {m.current.findings.map((f, i) => (
              <FindingLine key={i} f={f} />
            ))}
          </ul>
          {m.current.accepted_reason && <div className="ow-muted">{t('page.accepted', { reason: m.current.accepted_reason })}</div>}
          <Space wrap>
            <Button size="small" data-testid="page-zoom" onClick={() => setZoom(true)}>{t('page.zoom')}</Button>
            <Button size="small" data-testid="page-rotate" onClick={() => m.rotate()}>{t('page.rotate')}</Button>
            <Button size="small" data-testid="page-left" onClick={() => m.move(-1)}>{t('page.left')}</Button>
            <Button size="small" data-testid="page-right" onClick={() => m.move(1)}>{t('page.right')}</Button>
            {!m.current.passes && (
              <Button size="small" data-testid="page-accept" onClick={() => setAsk({ kind: 'accept' })}>{t('page.accept')}</Button>
            )}
            <Button size="small" danger data-testid="page-delete" onClick={() => m.remove()}>{t('page.delete')}</Button>
          </Space>
        </div>
      )}
      <div className="ow-muted" data-testid="materials-count" data-done={count.done} data-total={count.total}>
        {count.done === count.total ? t('mat.allSatisfied') : t('mat.satisfied', { n: count.done, m: count.total })}
      </div>
      <Modal
        open={ask !== null}
        title={ask?.kind === 'defect' ? t('mark.reasonTitle') : t('page.acceptTitle')}
        onCancel={close}
        onOk={() => void submit()}
        okButtonProps={{ disabled: reason.trim() === '', 'data-testid': 'reason-ok' } as ButtonProps}
      >
        <Input
          autoFocus
          data-testid="reason-input"
          placeholder={t('page.reason')}
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
          onPressEnter={() => reason.trim() !== '' && void submit()}
        />
      </Modal>
      <PageViewer page={zoom ? m.current : null} load={m.pageImage} onClose={() => setZoom(false)} />
    </div>
  );
}
