import { Button, Modal, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useBackend, type Scenario } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { arrowsMoveFocus } from '../listKeys';
import { useResetWindow } from './useResetWindow';

const LEVEL: Record<number, MessageKey> = { 1: 'training.level.1', 2: 'training.level.2', 3: 'training.level.3' };

/**
 * Alt+T at a sandbox window: the trainee picks a scenario (↑ ↓ Enter); a new case opens for it.
 * The footer empties the training window (cases, pages, outbox) — the scores stay.
 */
export function ScenarioPicker({
  open,
  onClose,
  onStart,
  onError,
  beforeReset,
  afterReset,
}: {
  open: boolean;
  onClose: () => void;
  onStart: (scenario: string) => void;
  onError: (e: unknown) => void;
  /** Closes the open case before the window is emptied. */
  beforeReset: () => Promise<void>;
  afterReset: () => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const [scenarios, setScenarios] = useState<Scenario[]>([]);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open && scenarios.length === 0) backend.trainingScenarios().then(setScenarios, onError);
  }, [backend, onError, open, scenarios.length]);
  const focusFirst = () => list.current?.querySelector<HTMLButtonElement>('button[data-pick]')?.focus();
  useEffect(() => {
    if (open && scenarios.length > 0) focusFirst();
  }, [open, scenarios.length]);
  const reset = useResetWindow(
    () => {
      onClose();
      afterReset();
    },
    onError,
    beforeReset,
  );
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('training.pick.title')}
      data-testid="scenario-picker"
      destroyOnHidden
      focusTriggerAfterClose={false}
      afterOpenChange={(o) => o && focusFirst()}
      width={760}
      footer={
        <Button danger data-testid="training-reset" onClick={reset}>
          {t('training.reset')}
        </Button>
      }
    >
      <p className="ow-muted">{t('training.pick.hint')}</p>
      <div ref={list} className="ow-scenario-list" onKeyDown={arrowsMoveFocus} data-testid="scenario-list">
        {scenarios.map((s) => (
          <Button
            key={s.id}
            block
            data-pick
            data-testid={`scenario-${s.id}`}
            className="ow-scenario"
            onClick={() => onStart(s.id)}
          >
            <Tag>{t(LEVEL[s.level] ?? 'training.level.1')}</Tag>
            <strong>{s.title}</strong>
            <span className="ow-muted">
              {' '}
              · {s.department} · {t('training.target', { n: s.target_seconds })}
            </span>
          </Button>
        ))}
      </div>
    </Modal>
  );
}
