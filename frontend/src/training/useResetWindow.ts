import { App as AntApp } from 'antd';
import { useBackend } from '../backend';
import { useI18n } from '../i18n';

/** Asks, then empties the training window (cases, pages, outbox); the scores stay. `before`
 *  runs first (the window closes its open case, so nothing is saved into a case that is gone). */
export function useResetWindow(onDone: () => void, onError: (e: unknown) => void, before?: () => Promise<void>) {
  const backend = useBackend();
  const { t } = useI18n();
  const { modal, message } = AntApp.useApp();
  return () =>
    modal.confirm({
      title: t('training.reset.confirm'),
      content: t('training.reset.what'),
      okText: t('training.reset'),
      cancelText: t('training.cancel'),
      okButtonProps: { danger: true, id: 'training-reset-ok' },
      onOk: () =>
        (before ? before() : Promise.resolve())
          .then(() => backend.trainingReset())
          .then((r) => {
            message.success(t('training.reset.done', { cases: r.cases, ms: r.millis }));
            onDone();
          }, onError),
    });
}
