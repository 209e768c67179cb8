import { useI18n } from '../i18n';

/** Right column: the materials checklist (filled once items and situations exist). */
export function ChecklistPanel() {
  const { t } = useI18n();
  return (
    <div className="ow-right" data-testid="checklist">
      <div className="ow-caption">{t('checklist.title')}</div>
      <p className="ow-muted">{t('checklist.empty')}</p>
    </div>
  );
}
