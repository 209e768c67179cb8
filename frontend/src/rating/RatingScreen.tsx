import { Button, Checkbox, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type BadReason, type Grade, type VisitToRate } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { useShortcuts } from '../workstation/useShortcuts';

const GRADES: Grade[] = ['very_satisfied', 'satisfied', 'acceptable', 'dissatisfied', 'very_dissatisfied'];
const REASONS: BadReason[] = ['long_wait', 'attitude', 'come_again', 'unclear_materials', 'slow', 'other'];
const isBad = (g: Grade) => g === 'dissatisfied' || g === 'very_dissatisfied';

/** The citizen's side of 好差评: five grades (keys 1–5), a 差评's reasons, thanks. Shown over
 *  the clerk's screen when the window has one screen; what was chosen is never shown back. */
export function RatingScreen({ visit, onDone }: { visit: VisitToRate; onDone: () => void }) {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const [grade, setGrade] = useState<Grade | null>(null);
  const [reasons, setReasons] = useState<BadReason[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [thanked, setThanked] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);

  const send = async (g: Grade, why: BadReason[]) => {
    try {
      await backend.ratingSubmit({ grade: g, reasons: why, text: text.trim() || null });
      setThanked(true);
      window.setTimeout(onDone, 1500);
    } catch (e) {
      setError(e instanceof BackendError ? errorMessage(e.code, e.message) : String(e));
    }
  };
  const choose = (g: Grade) => {
    setGrade(g);
    setError(null);
    if (!isBad(g)) void send(g, []);
  };
  const skip = async () => {
    await backend.ratingSkip().catch(() => undefined);
    onDone();
  };
  const keys: Record<string, () => void> = { Escape: () => void skip() };
  if (!grade || !isBad(grade)) GRADES.forEach((g, i) => (keys[String(i + 1)] = () => choose(g)));
  useShortcuts(thanked ? {} : keys);

  return (
    <div className="ow-rating" role="dialog" aria-modal="true" aria-labelledby="rating-title" data-testid="rating-screen">
      {thanked ? (
        <h1 id="rating-title" data-testid="rating-thanks">
          {t('rating.thanks')}
        </h1>
      ) : (
        <>
          <h1 id="rating-title">{t('rating.title')}</h1>
          <p>{t('rating.served', { name: visit.clerk_name, id: visit.clerk_id })}</p>
          <div className="ow-rating-grades" role="group" aria-label={t('rating.title')}>
            {GRADES.map((g, i) => (
              <button
                key={g}
                ref={i === 0 ? first : undefined}
                type="button"
                className="ow-rating-grade"
                data-testid={`rating-${g}`}
                aria-pressed={grade === g}
                onClick={() => choose(g)}
              >
                <kbd>{i + 1}</kbd> {t(`rating.grade.${g}` as MessageKey)}
              </button>
            ))}
          </div>
          {grade && isBad(grade) && (
            <div className="ow-rating-why" data-testid="rating-why">
              <p>{t('rating.why')}</p>
              <Checkbox.Group
                value={reasons}
                onChange={(v) => setReasons(v as BadReason[])}
                options={REASONS.map((r) => ({ value: r, label: t(`rating.reason.${r}` as MessageKey) }))}
              />
              <label className="ow-rating-text">
                {t('rating.text')}
                <Input.TextArea value={text} maxLength={500} rows={2} onChange={(e) => setText(e.target.value)} data-testid="rating-text" />
              </label>
              <Button type="primary" size="large" data-testid="rating-send" onClick={() => void send(grade, reasons)}>
                {t('rating.send')}
              </Button>
            </div>
          )}
          {error && (
            <p className="ow-error-text" role="alert" data-testid="rating-error">
              {error}
            </p>
          )}
          <Button type="link" data-testid="rating-skip" onClick={() => void skip()}>
            {t('rating.skip')} (Esc)
          </Button>
        </>
      )}
    </div>
  );
}
