import { Button, Checkbox, Input, InputNumber, Radio, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { AnswerValue, Evaluation, Question } from '../backend';
import { useI18n } from '../i18n';

function answerText(q: Question, a: AnswerValue, yes: string, no: string): string {
  if ('choice' in a && a.choice !== undefined) return q.options.find((o) => o.id === a.choice)?.label ?? a.choice;
  if ('choices' in a && a.choices !== undefined)
    return a.choices.map((c) => q.options.find((o) => o.id === c)?.label ?? c).join('、');
  if ('yes_no' in a && a.yes_no !== undefined) return a.yes_no ? yes : no;
  if ('number' in a && a.number !== undefined) return `${a.number}${q.unit ?? ''}`;
  if ('date' in a && a.date !== undefined) return a.date;
  return '';
}

/** The one question being asked: keys answer it, focus sits on it. */
function ActiveQuestion({ q, onAnswer }: { q: Question; onAnswer: (v: AnswerValue) => void }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [num, setNum] = useState<number | null>(null);
  const [date, setDate] = useState('');
  const [ticks, setTicks] = useState<string[]>([]);

  useEffect(() => {
    const input = box.current?.querySelector<HTMLInputElement>('input:not([type=radio]):not([type=checkbox])');
    (input ?? box.current)?.focus();
  }, [q.id]);

  const onKey = (e: React.KeyboardEvent) => {
    const digit = /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : -1;
    if (q.kind === 'single' && digit >= 0 && q.options[digit]) {
      e.preventDefault();
      onAnswer({ choice: q.options[digit].id });
    } else if (q.kind === 'yes_no' && (e.key === '1' || e.key.toLowerCase() === 'y')) {
      e.preventDefault();
      onAnswer({ yes_no: true });
    } else if (q.kind === 'yes_no' && (e.key === '2' || e.key.toLowerCase() === 'n')) {
      e.preventDefault();
      onAnswer({ yes_no: false });
    } else if (q.kind === 'multi' && digit >= 0 && q.options[digit]) {
      e.preventDefault();
      const id = q.options[digit].id;
      setTicks((ts) => (ts.includes(id) ? ts.filter((x) => x !== id) : [...ts, id]));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (q.kind === 'multi') onAnswer({ choices: ticks });
      // Read what is in the field now: a fast typist's Enter can arrive before React has
      // applied the last keystroke to state.
      const typed = e.target instanceof HTMLInputElement ? e.target.value.trim() : '';
      if (q.kind === 'number') {
        const n = typed !== '' ? Number(typed) : num;
        if (n !== null && Number.isInteger(n)) onAnswer({ number: n });
      }
      const d = typed !== '' ? typed : date;
      if (q.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(d)) onAnswer({ date: d });
    }
  };

  const hint =
    q.kind === 'single' ? 'q.keys.choice' : q.kind === 'yes_no' ? 'q.keys.yesno' : q.kind === 'multi' ? 'q.keys.multi' : 'q.keys.input';

  return (
    <div className="ow-question ow-question-active" ref={box} tabIndex={0} onKeyDown={onKey} data-testid="question-active" data-question={q.id}>
      <div className="ow-question-text">{q.text}</div>
      {q.help && <div className="ow-muted">{q.help}</div>}
      {q.kind === 'single' && (
        <Radio.Group onChange={(e) => onAnswer({ choice: e.target.value as string })} value={null}>
          {q.options.map((o, i) => (
            <Radio.Button key={o.id} value={o.id} data-testid={`option-${o.id}`}>
              <kbd>{i + 1}</kbd> {o.label}
            </Radio.Button>
          ))}
        </Radio.Group>
      )}
      {q.kind === 'yes_no' && (
        <span className="ow-yesno">
          <Button data-testid="option-yes" onClick={() => onAnswer({ yes_no: true })}>
            <kbd>1</kbd> {t('q.yes')}
          </Button>
          <Button data-testid="option-no" onClick={() => onAnswer({ yes_no: false })}>
            <kbd>2</kbd> {t('q.no')}
          </Button>
        </span>
      )}
      {q.kind === 'multi' && (
        <span>
          {q.options.map((o, i) => (
            <Checkbox
              key={o.id}
              checked={ticks.includes(o.id)}
              onChange={() => setTicks((ts) => (ts.includes(o.id) ? ts.filter((x) => x !== o.id) : [...ts, o.id]))}
            >
              <kbd>{i + 1}</kbd> {o.label}
            </Checkbox>
          ))}
          <Button onClick={() => onAnswer({ choices: ticks })}>{t('q.confirm')}</Button>
        </span>
      )}
      {q.kind === 'number' && (
        <InputNumber
          data-testid="answer-number"
          min={q.min ?? undefined}
          max={q.max ?? undefined}
          precision={0}
          value={num}
          onChange={(v) => setNum(typeof v === 'number' ? v : null)}
          suffix={q.unit ?? undefined}
        />
      )}
      {q.kind === 'date' && (
        <Input type="date" data-testid="answer-date" value={date} onChange={(e) => setDate(e.target.value)} style={{ width: 200 }} />
      )}
      <div className="ow-muted ow-hint">{t(hint)}</div>
    </div>
  );
}

export function Questions({
  questions,
  evaluation,
  answers,
  onAnswer,
}: {
  questions: Question[];
  evaluation: Evaluation;
  answers: Record<string, AnswerValue>;
  onAnswer: (id: string, v: AnswerValue | null) => void;
}) {
  const { t } = useI18n();
  const byId = new Map(questions.map((q) => [q.id, q]));
  const active = evaluation.next_questions[0];
  return (
    <div className="ow-questions" data-testid="questions">
      {evaluation.answered.length > 0 && (
        <ol className="ow-answered" data-testid="answered">
          {evaluation.answered.map((id) => {
            const q = byId.get(id);
            const a = answers[id];
            if (!q || !a) return null;
            return (
              <li key={id} data-testid={`answered-${id}`}>
                <span className="ow-muted">{q.text}</span> <Tag color="blue">{answerText(q, a, t('q.yes'), t('q.no'))}</Tag>
                <button type="button" className="ow-link" onClick={() => onAnswer(id, null)} data-testid={`edit-${id}`}>
                  {t('q.edit')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {active ? (
        <ActiveQuestion key={active.id} q={active} onAnswer={(v) => onAnswer(active.id, v)} />
      ) : (
        <div className="ow-done" data-testid="situation-done">{t('q.done')}</div>
      )}
    </div>
  );
}
