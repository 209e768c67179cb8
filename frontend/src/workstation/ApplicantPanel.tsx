import { Descriptions, Empty, Tag } from 'antd';
import { useI18n } from '../i18n';
import type { CaseDraft } from '../backend';

/** Left column: the ticket being served and who the case is for. */
export function ApplicantPanel({ draft }: { draft: CaseDraft | null }) {
  const { t } = useI18n();
  return (
    <div className="ow-left" data-testid="applicant-panel">
      <div className="ow-ticket">
        <div className="ow-caption">{t('ticket.label')}</div>
        <div className="ow-ticket-no" data-testid="ticket-display">
          {draft?.ticket ?? t('ticket.none')}
        </div>
      </div>
      <div className="ow-caption">{t('applicant.title')}</div>
      {draft && (draft.applicant.name || draft.applicant.id_number) ? (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('applicant.name')}>
            <span className="ow-big" data-testid="applicant-name-display">
              {draft.applicant.name}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('applicant.idNumber')}>
            <span data-testid="applicant-id-display">{draft.applicant.id_number}</span>
          </Descriptions.Item>
          <Descriptions.Item label="">
            {draft.applicant.source === 'manual' && <Tag>{t('applicant.manual')}</Tag>}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applicant.none')} />
      )}
    </div>
  );
}
