import { Alert } from 'antd';
import { useI18n } from '../i18n';
import type { BackendError } from '../backend';

export function StartupError({ error }: { error: BackendError }) {
  const { t, errorMessage } = useI18n();
  return (
    <div className="ow-startup-error" data-testid="startup-error" data-code={error.code}>
      <Alert
        type="error"
        showIcon
        title={t('error.title')}
        description={
          <>
            <p>
              <strong>{errorMessage(error.code, error.message)}</strong>
            </p>
            <p>{t('error.whatToDo')}</p>
            <p className="ow-muted">
              {t('error.details')}: <code>{error.code}</code> — {error.message}
            </p>
          </>
        }
      />
    </div>
  );
}
