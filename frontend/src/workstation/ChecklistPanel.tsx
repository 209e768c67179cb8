import { Alert, Tag } from 'antd';
import type { ChecklistLine, LineMark, PageView } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { limitText } from './limits';
import { lineState, markOf, requiredCount, stateColor, stateIcon } from './materialsState';
import type { Assessment } from './useCaseDraft';
import type { Materials } from './useMaterials';

const necessityColor: Record<ChecklistLine['necessity'], string> = {
  required: 'red',
  conditional: 'orange',
  tolerated: 'gold',
  optional: 'default',
};

interface LineProps {
  line: ChecklistLine;
  index: number;
  mark: LineMark;
  pages: PageView[];
  selected: boolean;
  onSelect?: () => void;
}

function Line({ line, index, mark, pages, selected, onSelect }: LineProps) {
  const { t } = useI18n();
  const state = lineState(line, mark, pages);
  return (
    <li
      className={`ow-check-line${selected ? ' ow-selected' : ''}`}
      data-testid="checklist-line"
      data-line={line.id}
      data-material={line.material}
      data-necessity={line.necessity}
      data-state={state}
      data-selected={selected}
      onClick={onSelect}
    >
      <div className="ow-check-head">
        <span className="ow-check-no">{index + 1}</span>
        <span className="ow-check-name" data-testid="checklist-name">
          {line.name}
        </span>
        <Tag color={necessityColor[line.necessity]}>{t(`necessity.${line.necessity}` as MessageKey)}</Tag>
      </div>
      <div className="ow-check-state">
        <Tag color={stateColor[state]} data-testid="line-state" data-state={state}>
          {stateIcon[state]} {t(state === 'held_up' ? 'mark.heldUp' : (`mark.${state}` as MessageKey))}
        </Tag>
        {pages.length > 0 && (
          <span className="ow-muted" data-testid="line-pages" data-count={pages.length}>
            {t('mat.pages', { n: pages.length })}
          </span>
        )}
        {pages.slice(0, 3).map((p) =>
          p.thumbnail ? <img key={p.id} className="ow-check-thumb" src={p.thumbnail} alt="" data-testid="line-thumb" /> : null,
        )}
      </div>
      {mark.mark === 'defective' && <div className="ow-muted">{t('mark.defectiveReason', { reason: mark.reason })}</div>}
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

/** Right column: the checklist for the answers so far, the decision and the promised date.
 *  For a supplement (a return's, an owed material) there is no decision or date to show: only
 *  the lines, to scan what the citizen brought into. */
export function ChecklistPanel({
  assessment,
  marks,
  materials,
  supplement = false,
}: {
  assessment: Assessment | null;
  marks?: Record<string, LineMark>;
  materials?: Materials;
  supplement?: boolean;
}) {
  const { t, errorMessage } = useI18n();
  const evaluation = assessment?.evaluation;
  const promised = assessment?.promised;
  const pages = materials?.view?.pages ?? [];
  const count = evaluation ? requiredCount(evaluation.checklist, marks) : null;
  return (
    // Scrolls on its own: reachable by Tab so a keyboard can scroll it (axe-core).
    <section className="ow-right" data-testid="checklist" tabIndex={0} aria-label={t('checklist.title')}>
      <div className="ow-caption">
        {t('checklist.title')}
        {evaluation && <span> · {t('checklist.count', { n: evaluation.checklist.length })}</span>}
        {count && (
          <span data-testid="materials-satisfied" data-done={count.done} data-total={count.total} data-all={count.done === count.total}>
            {' · '}
            {t('mat.satisfied', { n: count.done, m: count.total })}
          </span>
        )}
      </div>
      {!evaluation ? (
        <p className="ow-muted">{t('checklist.empty')}</p>
      ) : (
        <>
          {supplement ? (
            <Alert type="info" data-testid="checklist-supplement" title={t('checklist.supplement')} />
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
            </>
          )}
          <ol className="ow-checklist">
            {evaluation.checklist.map((l, i) => (
              <Line
                key={l.id}
                line={l}
                index={i}
                mark={markOf(marks, l.id)}
                pages={pages.filter((p) => p.line_id === l.id)}
                selected={materials?.lineId === l.id}
                onSelect={materials ? () => materials.selectLine(i) : undefined}
              />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
