import { Tag } from 'antd';
import { useI18n, type MessageKey } from '../i18n';
import type { CaseId, CaseSummary } from '../backend';
import { stepLabel } from './steps';

export function RecentCases({ cases, onOpen }: { cases: CaseSummary[]; onOpen: (id: CaseId) => void }) {
  const { t, locale } = useI18n();
  return (
    <div data-testid="recent-cases">
      <h3 className="ow-heading">{t('recent.title')}</h3>
      {cases.length === 0 ? (
        <p className="ow-empty">{t('recent.empty')}</p>
      ) : (
        <ul className="ow-recent">
          {cases.map((c, i) => (
            <li key={c.id} data-testid="recent-case" data-case-id={c.id} className="ow-recent-line">
              <Tag>{c.ticket ?? '—'}</Tag>
              <strong data-testid="recent-case-name">{c.applicant_name ?? '—'}</strong>
              <span className="ow-muted">{t(stepLabel(c.step))}</span>
              <span className="ow-muted">{t(`status.${c.status}` as MessageKey)}</span>
              <span className="ow-muted">{new Date(c.updated_at).toLocaleString(locale)}</span>
              <button type="button" className="ow-link" data-testid={`recent-open-${i}`} onClick={() => onOpen(c.id)}>
                {t('recent.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
