import { Alert, Tag } from 'antd';
import type { ChecklistLine } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { limitText } from './limits';
import type { Assessment } from './useCaseDraft';

const necessityColor: Record<ChecklistLine['necessity'], string> = {
  required: 'red',
  conditional: 'orange',
  tolerated: 'gold',
  optional: 'default',
};

function Line({ line, index }: { line: ChecklistLine; index: number }) {
  const { t } = useI18n();
  return (
    <li className="ow-check-line" data-testid="checklist-line" data-material={line.material} data-necessity={line.necessity}>
      <div className="ow-check-head">
        <span className="ow-check-no">{index + 1}</span>
        <span className="ow-check-name" data-testid="checklist-name">
          {line.name}
        </span>
        <Tag color={necessityColor[line.necessity]}>{t(`necessity.${line.necessity}` as MessageKey)}</Tag>
      </div>
      <div className="ow-muted ow-check-counts">
        {line.originals > 0 && <span>{t('checklist.originals', { n: line.originals })}</span>}
        {line.copies > 0 && <span>{t('checklist.copies', { n: line.copies })}</span>}
      </div>
      {line.points.length > 0 && (
        <ul className="ow-check-points">
          {line.points.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {line.sharing && <div className="ow-muted">{t('checklist.sharing', { source: line.sharing.source })}</div>}
    </li>
  );
}

/** Right column: the checklist for the answers so far, the decision and the promised date. */
export function ChecklistPanel({ assessment }: { assessment: Assessment | null }) {
  const { t, errorMessage } = useI18n();
  const evaluation = assessment?.evaluation;
  const promised = assessment?.promised;
  return (
    <div className="ow-right" data-testid="checklist">
      <div className="ow-caption">
        {t('checklist.title')}
        {evaluation && <span> · {t('checklist.count', { n: evaluation.checklist.length })}</span>}
      </div>
      {!evaluation ? (
        <p className="ow-muted">{t('checklist.empty')}</p>
      ) : (
        <>
          <div data-testid="decision" data-status={evaluation.decision.status}>
            {evaluation.decision.status === 'incomplete' && (
              <Alert type="info" title={t('decision.incomplete', { n: evaluation.decision.missing.length })} />
            )}
            {evaluation.decision.status === 'acceptable' && <Alert type="success" showIcon title={t('decision.acceptable')} />}
            {evaluation.decision.status === 'not_acceptable' && (
              <Alert
                type="error"
                showIcon
                title={t('decision.notAcceptable', { reason: evaluation.decision.reason })}
                description={evaluation.decision.refer_to ? t('decision.referTo', { place: evaluation.decision.refer_to }) : undefined}
              />
            )}
          </div>
          {promised && (
            <div className="ow-promised" data-testid="promised" data-state={promised.state}>
              {promised.state === 'due'
                ? t('promised.due', { date: promised.due_on, limit: limitText(t, promised.limit) })
                : t('promised.unknown', { reason: errorMessage(promised.code, promised.code) })}
            </div>
          )}
          <ol className="ow-checklist">
            {evaluation.checklist.map((l, i) => (
              <Line key={l.id} line={l} index={i} />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
