import { Button, Descriptions, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AnswerValue, CaseDraft } from '../backend';
import { useI18n } from '../i18n';
import { ItemSearch } from './ItemSearch';
import { limitText } from './limits';
import { Questions } from './Questions';
import type { Assessment } from './useCaseDraft';

interface Props {
  draft: CaseDraft;
  assessment: Assessment | null;
  /** Bumped by F3: open the search even when an item is already chosen. */
  searchNonce: number;
  onChoose: (code: string) => Promise<void>;
  onAnswer: (question: string, value: AnswerValue | null) => void;
  onDone: () => void;
}

/** Step ②: choose the item, then answer the situation questions. */
export function ItemStep({ draft, assessment, searchNonce, onChoose, onAnswer, onDone }: Props) {
  const { t } = useI18n();
  const [searching, setSearching] = useState(!draft.item);
  const doneRef = useRef<HTMLDivElement>(null);
  const item = assessment?.item;
  const evaluation = assessment?.evaluation;

  // F3 again reopens the search: adjust state while rendering (React's pattern for props).
  const [seenNonce, setSeenNonce] = useState(searchNonce);
  if (seenNonce !== searchNonce) {
    setSeenNonce(searchNonce);
    setSearching(true);
  }

  const complete = evaluation && evaluation.next_questions.length === 0;
  useEffect(() => {
    if (complete && !searching) doneRef.current?.focus();
  }, [complete, searching]);

  if (searching || !item || !evaluation) {
    return (
      <ItemSearch
        onChoose={(code) =>
          void onChoose(code).then(() => {
            setSearching(false);
          })
        }
      />
    );
  }
  return (
    <div data-testid="item-step">
      <div className="ow-item-head">
        <div>
          <Tag color="geekblue">{item.department_name}</Tag>
          <strong className="ow-big" data-testid="item-name">
            {item.name}
          </strong>
          <span className="ow-muted"> v{item.version}</span>
        </div>
        <Button size="small" onClick={() => setSearching(true)} data-testid="item-change">
          {t('item.change')}
        </Button>
      </div>
      <Descriptions size="small" column={2} className="ow-item-facts">
        <Descriptions.Item label="承诺时限">{limitText(t, evaluation.promised_limit)}</Descriptions.Item>
        <Descriptions.Item label="法定时限">{limitText(t, evaluation.legal_limit)}</Descriptions.Item>
      </Descriptions>
      <Questions
        questions={assessment.questions}
        evaluation={evaluation}
        answers={draft.answers as Record<string, AnswerValue>}
        onAnswer={onAnswer}
      />
      {complete && (
        <div
          ref={doneRef}
          tabIndex={0}
          className="ow-focus-target"
          data-testid="item-continue"
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              onDone();
            }
          }}
        />
      )}
    </div>
  );
}
