import { Alert, Button, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { CaseDraft } from '../backend';
import { useI18n } from '../i18n';
import type { DecisionCommand } from './DecisionStep';
import type { Materials } from './useMaterials';

/** A supplement (补正) needs no decision: the pages scanned into its lines go to the back office's
 *  case, through the outbox. F6 (or Enter on the focused button) sends them. */
export function SupplementStep({
  draft,
  materials,
  command,
  onSend,
}: {
  draft: CaseDraft;
  materials: Materials;
  command: DecisionCommand | null;
  onSend: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const sendRef = useRef<HTMLButtonElement>(null);
  const pages = materials.view?.pages.filter((p) => p.line_id) ?? [];
  const lines = new Set(pages.map((p) => p.line_id)).size;
  const send = async () => {
    if (busy || pages.length === 0) return;
    setBusy(true);
    try {
      await onSend();
    } catch {
      // The workstation says why.
    } finally {
      setBusy(false);
    }
  };
  const sendLatest = useRef(send);
  useEffect(() => {
    sendLatest.current = send;
  });
  const lastCommand = useRef(command?.n ?? 0);
  useEffect(() => {
    if (command && command.n !== lastCommand.current) {
      lastCommand.current = command.n;
      if (command.kind === 'accept') void sendLatest.current();
    }
  }, [command]);
  useEffect(() => {
    sendRef.current?.focus();
  }, [draft.id]);
  return (
    <div className="ow-decision" data-testid="supplement-step">
      <Typography.Title level={5}>{t('supplement.title')}</Typography.Title>
      {pages.length === 0 ? (
        <Alert type="warning" showIcon data-testid="supplement-empty" title={t('supplement.empty')} />
      ) : (
        <Alert type="success" showIcon data-testid="supplement-ready" title={t('supplement.ready', { pages: pages.length, lines })} />
      )}
      <Button
        ref={sendRef}
        type="primary"
        size="large"
        data-testid="supplement-send"
        disabled={pages.length === 0}
        loading={busy}
        onClick={() => void send()}
        style={{ marginTop: 12 }}
      >
        {t('supplement.send')}
      </Button>
    </div>
  );
}

/** The supplement is on its way: it waits in the outbox until the back office has it. */
export function SupplementSent({ onNext }: { onNext: () => void }) {
  const { t } = useI18n();
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    nextRef.current?.focus();
  }, []);
  return (
    <div className="ow-decision" data-testid="supplement-sent">
      <Alert type="success" showIcon title={t('supplement.sent')} />
      <Button ref={nextRef} size="large" data-testid="supplement-next" onClick={onNext} style={{ marginTop: 12 }}>
        {t('paper.next')}
      </Button>
    </div>
  );
}
