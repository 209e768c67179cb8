import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useBackend, type CaseDraft, type OpenNotice } from '../backend';
import { useI18n } from '../i18n';

/** The citizen is back: their card brings up the one-time notices issued here that no case
 *  carries on yet. Alt+C (or the button) continues the newest in this case. */
export function NoticeOffer({ draft, onContinue }: { draft: CaseDraft; onContinue: (notice: OpenNotice) => void }) {
  const backend = useBackend();
  const { t, locale } = useI18n();
  const number = draft.applicant.id_number;
  const offered = draft.status === 'draft' && !draft.follows && !!number;
  // Kept with the case and number they were asked for: another case never shows them.
  const asked = `${draft.id}|${number ?? ''}`;
  const [found, setFound] = useState<{ asked: string; notices: OpenNotice[] }>({ asked: '', notices: [] });
  useEffect(() => {
    let live = true;
    if (!offered) return;
    backend.openNotices(draft.id).then(
      (notices) => live && setFound({ asked, notices }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [backend, draft.id, asked, offered]);
  const notices = offered && found.asked === asked ? found.notices : [];
  const first = notices[0];
  const continueRef = useRef(onContinue);
  useEffect(() => {
    continueRef.current = onContinue;
  });
  useEffect(() => {
    if (!first) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.code !== 'KeyC') return;
      e.preventDefault();
      continueRef.current(first);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [first]);
  if (notices.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="notice-offer"
      className="ow-follow"
      title={t('follow.offer', { n: notices.length })}
      description={
        <ul className="ow-follow-list">
          {notices.map((n, i) => (
            <li key={n.case_id} data-testid="notice-offer-item" data-case={n.window_case_no}>
              {t('follow.offerLine', {
                item: n.item_name,
                number: n.document_number,
                date: new Date(n.decided_at).toLocaleDateString(locale),
                missing: n.missing.join('、'),
              })}{' '}
              <Button size="small" type={i === 0 ? 'primary' : 'default'} data-testid="notice-continue" onClick={() => onContinue(n)}>
                {i === 0 ? t('follow.continueFirst') : t('follow.continue')}
              </Button>
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** What the open case carries on: the notice it continues, or the return it answers. */
export function FollowBanner({ draft }: { draft: CaseDraft }) {
  const { t } = useI18n();
  const f = draft.follows;
  if (!f) return null;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="follow-banner"
      data-kind={f.kind}
      className="ow-follow"
      title={
        f.kind === 'notice'
          ? t('follow.continues', { number: f.document_number, case: f.window_case_no })
          : t('follow.supplementFor', { case: f.window_case_no })
      }
      description={f.kind === 'supplement' && f.reasons.length > 0 ? t('follow.returnedFor', { reasons: f.reasons.join('；') }) : undefined}
    />
  );
}
