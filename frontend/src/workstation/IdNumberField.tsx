import { Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useBackend, type NumberProblem } from '../backend';

interface Props {
  number: string;
  reason: string;
  readOnly: boolean;
  onNumber: (value: string) => void;
  onReason: (value: string) => void;
  onEnter: (e: React.KeyboardEvent) => void;
}

/** How long typing may pause before the number is checked. */
const CHECK_MS = 150;

/**
 * The applicant's typed document number, checked as it is typed (GB 11643 check character, a
 * real birth date not in the future). A number that fails can stand only with a reason, asked
 * for right below it; the decision is refused until then.
 */
export function IdNumberField({ number, reason, readOnly, onNumber, onReason, onEnter }: Props) {
  const { t } = useI18n();
  const backend = useBackend();
  const [found, setFound] = useState<NumberProblem | null>(null);
  // Not while the clerk is still typing the first 17 characters: only once the number is
  // whole, or the clerk has left the field.
  const [left, setLeft] = useState(false);
  const problem = number.trim().length >= 18 || left ? found : null;

  useEffect(() => {
    let live = true;
    const timer = window.setTimeout(() => {
      backend.checkIdNumber(number).then(
        (p) => live && setFound(p),
        () => live && setFound(null),
      );
    }, CHECK_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [backend, number]);

  const help = problem
    ? t(`idNumber.problem.${problem.problem}`, problem.problem === 'checksum_wrong' ? { expected: problem.expected } : {})
    : undefined;
  return (
    <>
      <Form.Item
        label={t('applicant.idNumber')}
        htmlFor="case-applicant-id"
        validateStatus={problem ? (reason ? 'warning' : 'error') : undefined}
        help={help && <span data-testid="id-number-problem" data-problem={problem?.problem}>{help}</span>}
      >
        <Input
          id="case-applicant-id"
          data-testid="applicant-id-number"
          value={number}
          readOnly={readOnly}
          maxLength={32}
          aria-invalid={problem !== null && !reason}
          onChange={(e) => {
            setLeft(false);
            onNumber(e.target.value);
          }}
          onBlur={() => setLeft(true)}
          onKeyDown={onEnter}
        />
      </Form.Item>
      {problem && (
        <Form.Item label={t('idNumber.reason')} htmlFor="case-applicant-number-reason" extra={t('idNumber.reasonHint')}>
          <Input
            id="case-applicant-number-reason"
            data-testid="applicant-number-reason"
            value={reason}
            readOnly={readOnly}
            maxLength={200}
            onChange={(e) => onReason(e.target.value)}
            onKeyDown={onEnter}
          />
        </Form.Item>
      )}
    </>
  );
}
