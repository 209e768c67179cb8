import { Alert, Form, Input, Modal, type ButtonProps, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type HandOutDone, type IdentityRead, type PickupEntry } from '../backend';
import { useI18n } from '../i18n';

interface Props {
  entry: PickupEntry | null;
  onDone: (done: HandOutDone, entry: PickupEntry) => void;
  onCancel: () => void;
}

/** The codes that ask the clerk for a reason to hand over anyway. */
const NEEDS_REASON = new Set(['results.collector_mismatch', 'results.no_collector_id']);

/**
 * Mounted afresh for each result (its `key`), so nothing of the last hand-over stays.
 *
 * 统一出件: the collector's ID card read on the reader while this is open (or the number typed
 * from the document they show) must be the applicant's or the agent's; otherwise the result
 * goes out only with the clerk's reason. Enter hands it out, Esc cancels.
 */
export function HandOutDialog({ entry, onDone, onCancel }: Props) {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const [read, setRead] = useState<IdentityRead | null>(null);
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<BackendError | null>(null);
  const [busy, setBusy] = useState(false);
  const numberRef = useRef<InputRef>(null);
  const reasonRef = useRef<InputRef>(null);
  const open = entry !== null;

  // Only a card read while the dialog is open counts: the last citizen's card is not this one.
  useEffect(() => {
    if (!open) return;
    let off: (() => void) | undefined;
    let live = true;
    void backend
      .onCardRead((r) => {
        if (r.document) setRead(r);
      })
      .then((u) => (live ? (off = u) : u()));
    return () => {
      live = false;
      off?.();
    };
  }, [backend, open]);

  const askReason = error !== null && NEEDS_REASON.has(error.code);
  useEffect(() => {
    if (askReason) reasonRef.current?.focus();
  }, [askReason]);

  const submit = async () => {
    if (!entry || busy) return;
    setBusy(true);
    try {
      const done = await backend.resultsHandOut(entry.case_number, {
        read_id: read?.read_id ?? null,
        number: read ? null : number.trim() || null,
        override_reason: reason.trim() || null,
      });
      onDone(done, entry);
    } catch (e) {
      setError(e instanceof BackendError ? e : new BackendError({ code: 'backend.unavailable', message: String(e), details: null }));
    } finally {
      setBusy(false);
    }
  };

  const enter = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <Modal
      open={open}
      title={entry ? t('pickup.confirm', { n: entry.window_case_no }) : ''}
      okText={t('pickup.handOut')}
      cancelText={t('pickup.cancel')}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'pickup-confirm', disabled: askReason && reason.trim() === '' } as ButtonProps}
      afterOpenChange={(o) => o && numberRef.current?.focus()}
      destroyOnHidden
    >
      <p>{t('pickup.confirmHelp', { name: entry?.applicant_name ?? '' })}</p>
      <Form layout="vertical">
        {read?.document && (
          <Alert
            type="info"
            showIcon
            data-testid="pickup-collector-read"
            title={t('pickup.collectorRead', { name: read.document.name })}
            style={{ marginBottom: 8 }}
          />
        )}
        {/* Stays in place when a card is read (showing its number), so focus and Enter stay. */}
        <Form.Item label={t('pickup.collectorNumber')} htmlFor="pickup-collector-number" extra={t('pickup.collectorHint')}>
          <Input
            id="pickup-collector-number"
            ref={numberRef}
            data-testid="pickup-collector-number"
            value={read?.document ? read.document.number : number}
            readOnly={read?.document != null}
            maxLength={32}
            onChange={(e) => setNumber(e.target.value)}
            onKeyDown={enter}
          />
        </Form.Item>
        {error && (
          <Alert
            type={askReason ? 'warning' : 'error'}
            showIcon
            data-testid="pickup-error"
            data-code={error.code}
            title={errorMessage(error.code, error.message)}
            style={{ marginBottom: 8 }}
          />
        )}
        {askReason && (
          <Form.Item label={t('pickup.overrideReason')} htmlFor="pickup-override-reason">
            <Input
              id="pickup-override-reason"
              ref={reasonRef}
              data-testid="pickup-override-reason"
              value={reason}
              maxLength={200}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={enter}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
