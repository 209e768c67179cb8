import { Alert, Typography } from 'antd';
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
            <Typography.Paragraph strong>{errorMessage(error.code, error.message)}</Typography.Paragraph>
            <Typography.Paragraph>{t('error.whatToDo')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('error.details')}: <code>{error.code}</code> — {error.message}
            </Typography.Paragraph>
          </>
        }
      />
    </div>
  );
}
