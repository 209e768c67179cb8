import { Alert, Button, Input, Space, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { BackendError, useBackend, type MrzKey } from '../backend';
import { useI18n, type MessageKey } from '../i18n';
import { fieldCheckDigit, fieldOk, firstBadField, MRZ_FIELDS, type MrzField, type MrzValues } from './mrz';

const EMPTY: MrzValues = { document_number: '', birth_date: '', expiry_date: '' };

/**
 * The MRZ entry in the applicant panel (F5): the three fields printed in the machine readable
 * zone of a passport or 往来港澳通行证 open its chip. Focus starts in the document number;
 * Enter moves to the next field that is not yet right, and reads once all three are.
 */
export function MrzEntry({
  onClose,
  onRead,
  onError,
}: {
  onClose: () => void;
  onRead: (k: MrzKey) => void;
  onError: (e: unknown) => void;
}) {
  const backend = useBackend();
  const { t, errorMessage } = useI18n();
  const [values, setValues] = useState<MrzValues>(EMPTY);
  const [bad, setBad] = useState<MrzField | null>(null);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const numberRef = useRef<InputRef>(null);
  const birthRef = useRef<InputRef>(null);
  const expiryRef = useRef<InputRef>(null);
  const refs = { document_number: numberRef, birth_date: birthRef, expiry_date: expiryRef };
  // Focus lands in the first field when the entry opens.
  useEffect(() => {
    const id = window.setTimeout(() => numberRef.current?.focus(), 30);
    return () => window.clearTimeout(id);
  }, []);

  const submit = async () => {
    const wrong = firstBadField(values);
    if (wrong) {
      setBad(wrong);
      refs[wrong].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const key = await backend.chipMrz({
        document_number: values.document_number.trim(),
        birth_date: values.birth_date.trim(),
        expiry_date: values.expiry_date.trim(),
      });
      onRead(key);
    } catch (e) {
      if (e instanceof BackendError && e.code === 'identity.mrz_field') {
        const field = (e.details as { field?: MrzField } | null)?.field ?? 'document_number';
        setBad(field);
        refs[field].current?.focus();
      } else if (e instanceof BackendError) {
        setRefused(errorMessage(e.code, e.message));
      } else {
        onError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const onKey = (field: MrzField) => (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    e.stopPropagation();
    // Enter in a field that is right but with others still empty moves on; otherwise read.
    const next = MRZ_FIELDS.slice(MRZ_FIELDS.indexOf(field) + 1).find((f) => !fieldOk(f, values[f]));
    if (fieldOk(field, values[field]) && next && values[next] === '') {
      refs[next].current?.focus();
      return;
    }
    void submit();
  };

  return (
    <div className="ow-mrz" data-testid="mrz-entry">
      <div className="ow-caption">{t('mrz.title')}</div>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        {MRZ_FIELDS.map((f) => {
          const digit = fieldCheckDigit(f, values[f]);
          return (
            <label key={f} className="ow-mrz-field">
              <span className="ow-muted">{t(`mrz.${f}` as MessageKey)}</span>
              <Input
                ref={refs[f]}
                size="small"
                value={values[f]}
                maxLength={f === 'document_number' ? 22 : 6}
                placeholder={f === 'document_number' ? 'E12345678' : t('mrz.datePlaceholder')}
                status={bad === f ? 'error' : undefined}
                data-testid={`mrz-${f}`}
                data-bad={bad === f}
                onChange={(e) => {
                  setValues((v) => ({ ...v, [f]: f === 'document_number' ? e.target.value.toUpperCase() : e.target.value }));
                  if (bad === f) setBad(null);
                  setRefused(null);
                }}
                onKeyDown={onKey(f)}
                suffix={
                  <span className="ow-muted" data-testid={`mrz-${f}-check`} title={t('mrz.checkDigitHint')}>
                    {digit === null ? '·' : t('mrz.checkDigit', { d: digit })}
                  </span>
                }
              />
            </label>
          );
        })}
        {bad && <div className="ow-error-text" data-testid="mrz-bad">{t(`mrz.bad.${bad}` as MessageKey)}</div>}
        {refused && <Alert type="error" showIcon title={refused} data-testid="mrz-refused" />}
        <Space>
          <Button type="primary" size="small" loading={busy} onClick={() => void submit()} data-testid="mrz-read">
            {t('mrz.read')} (Enter)
          </Button>
          <Button size="small" onClick={onClose}>
            {t('mrz.cancel')} (Esc)
          </Button>
        </Space>
        <div className="ow-muted">{t('mrz.hint')}</div>
      </Space>
    </div>
  );
}
