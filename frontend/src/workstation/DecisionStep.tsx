import { Alert, Button, Input, Modal, Radio, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Blocker, DecisionKindKey, DecisionRequest, DecisionOptions, RejectGround } from '../backend';
import { useI18n, type MessageKey } from '../i18n';

export type DecisionCommand = { kind: DecisionKindKey; n: number };

const GROUNDS: RejectGround['kind'][] = ['out_of_remit', 'not_supplied_after_notice', 'still_non_compliant', 'not_eligible', 'other'];

function groundOf(kind: RejectGround['kind'], text: string): RejectGround {
  switch (kind) {
    case 'out_of_remit':
      return { kind, competent_department: text };
    case 'not_supplied_after_notice':
      return { kind, notice_number: text.trim() === '' ? null : text };
    case 'still_non_compliant':
    case 'not_eligible':
      return { kind, detail: text };
    case 'other':
      return { kind, text };
  }
}

function textOf(g: RejectGround | null | undefined): string {
  if (!g) return '';
  switch (g.kind) {
    case 'out_of_remit':
      return g.competent_department;
    case 'not_supplied_after_notice':
      return g.notice_number ?? '';
    case 'still_non_compliant':
    case 'not_eligible':
      return g.detail;
    case 'other':
      return g.text;
  }
}

function BlockerLine({ b }: { b: Blocker }) {
  const { t } = useI18n();
  const key = `decide.blocker.${b.code}` as MessageKey;
  const n = b.code === 'questions_open' ? b.missing.length : b.code === 'materials_incomplete' ? b.lines.length : 0;
  return (
    <li data-testid="decision-blocker" data-code={b.code}>
      {t(key, { n })}
    </li>
  );
}

interface Props {
  options: DecisionOptions | null | undefined;
  command: DecisionCommand | null;
  onDecide: (d: DecisionRequest) => Promise<void>;
}

/** The decision step: what the checklist allows, and the three decisions behind a confirmation. */
export function DecisionStep({ options, command, onDecide }: Props) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState<DecisionKindKey | null>(null);
  const [ground, setGround] = useState<RejectGround['kind']>('other');
  const [detail, setDetail] = useState('');
  const [busy, setBusy] = useState(false);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const noticeRef = useRef<HTMLButtonElement>(null);
  const rejectRef = useRef<HTMLButtonElement>(null);
  const okRef = useRef<HTMLButtonElement>(null);
  const detailRef = useRef<HTMLTextAreaElement>(null);

  const open = (kind: DecisionKindKey) => {
    if (!options) return;
    if (kind === 'accept' && !options.can_accept) return;
    if (kind === 'notice' && !options.can_notice) return;
    if (kind === 'reject') {
      const g = options.suggested_ground;
      setGround(g?.kind ?? 'other');
      setDetail(textOf(g));
    }
    setConfirming(kind);
  };

  const confirm = async () => {
    if (!confirming || busy) return;
    const req: DecisionRequest =
      confirming === 'reject' ? { kind: 'reject', ground: groundOf(ground, detail) } : { kind: confirming };
    setBusy(true);
    try {
      await onDecide(req);
      setConfirming(null);
    } finally {
      setBusy(false);
    }
  };

  // F6 / F7 / F8 from anywhere arrive here as commands.
  const lastCommand = useRef(0);
  useEffect(() => {
    if (command && command.n !== lastCommand.current) {
      lastCommand.current = command.n;
      open(command.kind);
    }
  });

  // While the confirmation is open, Enter confirms wherever focus sits in it (the dialog may
  // hold focus itself); the reject text field handles its own Enter.
  const confirmRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    confirmRef.current = () => {
      const missing = ground !== 'not_supplied_after_notice' && detail.trim() === '';
      if (!(confirming === 'reject' && missing)) void confirm();
    };
  });
  useEffect(() => {
    if (!confirming) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.target instanceof HTMLTextAreaElement) return;
      e.preventDefault();
      confirmRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [confirming]);

  // Esc closes only the confirmation: caught before the window-wide keys (useShortcuts), whose
  // Esc would leave the whole case.
  useEffect(() => {
    if (!confirming) return;
    const onEsc = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setConfirming(null);
    };
    window.addEventListener('keydown', onEsc, true);
    return () => window.removeEventListener('keydown', onEsc, true);
  }, [confirming]);

  // Focus lands on the decision the checklist allows.
  useEffect(() => {
    if (!options) return;
    (options.can_accept ? acceptRef : options.can_notice ? noticeRef : rejectRef).current?.focus();
  }, [options]);

  if (!options) return <Alert type="info" showIcon title={t('checklist.empty')} />;

  const noticeLines = options.lines.filter((l) => l.problem);
  const rejectTextMissing = ground !== 'not_supplied_after_notice' && detail.trim() === '';

  return (
    <div className="ow-decision" data-testid="decision-step">
      <Typography.Title level={5}>{t('decide.title')}</Typography.Title>
      {options.can_accept ? (
        <Alert type="success" showIcon data-testid="decision-can-accept" title={t('decide.canAccept')} />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('decide.blocked')}
          description={
            <ul className="ow-blockers">
              {options.accept_blockers.map((b) => (
                <BlockerLine key={b.code} b={b} />
              ))}
            </ul>
          }
        />
      )}
      {noticeLines.length > 0 && (
        <div className="ow-notice-lines" data-testid="notice-lines">
          <p>{t('decide.noticeWill', { n: noticeLines.length })}</p>
          <ol>
            {noticeLines.map((l) => (
              <li key={l.id} data-testid="notice-line" data-line={l.id}>
                {l.name} —{' '}
                {l.problem?.kind === 'defective' ? t('decide.defective', { reason: l.problem.reason }) : t('decide.missing')}
              </li>
            ))}
          </ol>
        </div>
      )}
      <Space className="ow-decision-buttons">
        <Button ref={acceptRef} type="primary" size="large" data-testid="decide-accept" disabled={!options.can_accept} onClick={() => open('accept')}>
          {t('decide.accept')}
        </Button>
        <Button ref={noticeRef} size="large" data-testid="decide-notice" disabled={!options.can_notice} onClick={() => open('notice')}>
          {t('decide.notice')}
        </Button>
        <Button ref={rejectRef} danger size="large" data-testid="decide-reject" onClick={() => open('reject')}>
          {t('decide.reject')}
        </Button>
      </Space>
      <Modal
        open={confirming !== null}
        data-testid="decision-confirm"
        title={confirming ? t(`decide.confirm${confirming === 'accept' ? 'Accept' : confirming === 'notice' ? 'Notice' : 'Reject'}` as MessageKey) : ''}
        onCancel={() => setConfirming(null)}
        // The dialog takes focus itself; hand it to where the next key belongs.
        afterOpenChange={(o) => {
          if (!o) return;
          if (confirming === 'reject') detailRef.current?.focus();
          else okRef.current?.focus();
        }}
        footer={[
          <span key="keys" className="ow-muted" style={{ marginRight: 12 }}>
            {t('decide.confirmKeys')}
          </span>,
          <Button key="cancel" data-testid="decision-cancel" onClick={() => setConfirming(null)}>
            {t('decide.cancel')}
          </Button>,
          <Button
            key="ok"
            ref={okRef}
            type="primary"
            danger={confirming === 'reject'}
            data-testid="decision-ok"
            loading={busy}
            disabled={confirming === 'reject' && rejectTextMissing}
            onClick={() => void confirm()}
          >
            {t('decide.ok')}
          </Button>,
        ]}
      >
        {confirming === 'reject' && (
          <div data-testid="reject-form">
            <p>{t('reject.ground')}</p>
            <Radio.Group value={ground} onChange={(e) => setGround(e.target.value as RejectGround['kind'])}>
              <Space direction="vertical">
                {GROUNDS.map((g, i) => (
                  <Radio key={g} value={g} data-testid={`reject-ground-${g}`}>
                    {i + 1}. {t(`reject.${g}` as MessageKey)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
            <Input.TextArea
              ref={(r) => {
                detailRef.current = r?.resizableTextArea?.textArea ?? null;
              }}
              data-testid="reject-detail"
              placeholder={t(`reject.detail.${ground}` as MessageKey)}
              value={detail}
              maxLength={200}
              onChange={(e) => setDetail(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  if (!rejectTextMissing) void confirm();
                }
              }}
              style={{ marginTop: 8 }}
            />
          </div>
        )}
      </Modal>
    </div>
  );
}
