import { Alert, Form, Input, Steps, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import type { InputRef } from 'antd';
import { useI18n } from '../i18n';
import type { AnswerValue, CaseDraft, CaseEdit, CaseStep, DecisionRequest } from '../backend';
import { DecisionStep, type DecisionCommand } from './DecisionStep';
import { IdNumberField } from './IdNumberField';
import { ItemStep } from './ItemStep';
import { PaperStep, type PrintCommand } from './PaperStep';
import { SupplementSent, SupplementStep } from './SupplementStep';
import { MaterialsStep } from './MaterialsStep';
import type { Materials } from './useMaterials';
import { STEPS, nextStep, stepLabel } from './steps';
import type { Assessment, SaveState } from './useCaseDraft';

interface Props {
  draft: CaseDraft;
  assessment: Assessment | null;
  save: SaveState;
  resumed: boolean;
  searchNonce: number;
  onEdit: (e: CaseEdit, immediate?: boolean) => void;
  onChooseItem: (code: string) => Promise<void>;
  onAnswer: (question: string, value: AnswerValue | null) => void;
  decisionCommand: DecisionCommand | null;
  printCommand: PrintCommand | null;
  onDecide: (d: DecisionRequest) => Promise<void>;
  onSendSupplement: () => Promise<void>;
  onNext: () => void;
  materials: Materials;
}

function SaveLine({ save }: { save: SaveState }) {
  const { t, errorMessage, locale } = useI18n();
  if (save.kind === 'saving') return <span data-testid="save-state" data-state="saving">{t('case.saving')}</span>;
  if (save.kind === 'saved')
    return (
      <span data-testid="save-state" data-state="saved" className="ow-muted">
        {t('case.saved', { time: new Date(save.at).toLocaleTimeString(locale) })}
      </span>
    );
  if (save.kind === 'failed')
    return (
      <Alert
        data-testid="save-state"
        data-state="failed"
        type="error"
        showIcon
        title={t('case.saveFailed', { reason: errorMessage(save.code, save.message) })}
      />
    );
  return null;
}

/** Centre: the case's steps and the current step's work. */
export function StepArea({
  draft,
  assessment,
  save,
  resumed,
  searchNonce,
  onEdit,
  onChooseItem,
  onAnswer,
  decisionCommand,
  printCommand,
  onDecide,
  onSendSupplement,
  onNext,
  materials,
}: Props) {
  const decided = draft.status !== 'draft';
  const { t } = useI18n();
  const nameRef = useRef<InputRef>(null);
  const go = (step: CaseStep) => onEdit({ step }, true);

  // Focus lands where the next keystroke belongs.
  useEffect(() => {
    if (draft.step === 'applicant') nameRef.current?.focus();
  }, [draft.id, draft.step]);

  const onEnterNext = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      go(nextStep(draft.step));
    }
  };

  return (
    <div className="ow-centre" data-testid="step-area" data-step={draft.step}>
      <div className="ow-case-head">
        <Typography.Text type="secondary" data-testid="case-id">
          {t('case.id', { id: draft.id.slice(-12) })}
        </Typography.Text>
        <SaveLine save={save} />
      </div>
      {resumed && <Alert type="info" showIcon data-testid="resumed" title={t('case.resumed')} style={{ marginBottom: 8 }} />}
      <Steps
        size="small"
        current={STEPS.indexOf(draft.step)}
        onChange={(i) => go(STEPS[i] ?? draft.step)}
        items={STEPS.map((s) => ({
          title: <span data-testid={`step-${s}`}>{t(stepLabel(s))}</span>,
        }))}
      />
      <div className="ow-step-body">
        {draft.step === 'applicant' ? (
          <Form layout="vertical" size="large" className="ow-form">
            <Form.Item label={t('ticket.input')} htmlFor="case-ticket">
              <Input
                id="case-ticket"
                data-testid="ticket-input"
                value={draft.ticket ?? ''}
                readOnly={decided}
                maxLength={16}
                onChange={(e) => onEdit({ ticket: e.target.value })}
              />
            </Form.Item>
            <Form.Item label={t('applicant.name')} htmlFor="case-applicant-name">
              <Input
                id="case-applicant-name"
                ref={nameRef}
                data-testid="applicant-name"
                value={draft.applicant.name ?? ''}
                readOnly={decided}
                maxLength={60}
                onChange={(e) => onEdit({ applicant_name: e.target.value })}
              />
            </Form.Item>
            <IdNumberField
              number={draft.applicant.id_number ?? ''}
              reason={draft.applicant.number_reason ?? ''}
              readOnly={decided}
              onNumber={(v) => onEdit({ applicant_id_number: v })}
              onReason={(v) => onEdit({ applicant_number_reason: v })}
              onEnter={onEnterNext}
            />
          </Form>
        ) : draft.step === 'item' ? (
          <ItemStep
            draft={draft}
            assessment={assessment}
            searchNonce={searchNonce}
            onChoose={onChooseItem}
            onAnswer={onAnswer}
            onDone={() => go('materials')}
          />
        ) : draft.status === 'supplemented' ? (
          <SupplementSent onNext={onNext} />
        ) : draft.step === 'decision' && !decided && (draft.follows?.kind === 'supplement' || draft.follows?.kind === 'owed') ? (
          <SupplementStep draft={draft} materials={materials} command={decisionCommand} onSend={onSendSupplement} />
        ) : draft.step === 'decision' && !decided ? (
          <DecisionStep options={assessment?.options} command={decisionCommand} onDecide={onDecide} />
        ) : (draft.step === 'decision' || draft.step === 'paper') && decided ? (
          <PaperStep key={draft.id} draft={draft} print={printCommand} onNext={onNext} />
        ) : draft.step === 'materials' ? (
          <MaterialsStep m={materials} />
        ) : (
          <p className="ow-muted" data-testid="step-placeholder">
            {t('step.placeholder')}
          </p>
        )}
      </div>
    </div>
  );
}
