import { Alert, Button, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useBackend, type CaseDraft, type OpenNotice, type OwedCase } from '../backend';
import { useI18n } from '../i18n';
import { useAltKey } from '../useAltKey';

/** How long a typed number rests before it is looked up. */
const LOOKUP_SETTLE_MS = 300;

type Found = { asked: string; notices: OpenNotice[]; elsewhereAsked: boolean; owed: OwedCase[] };


/** The citizen is back: their card brings up the one-time notices no case carries on yet,
 *  issued here or at another window (Alt+C continues the newest in this case), and their cases
 *  accepted here that still owe a material (Alt+O takes it in). A paper's QR code scanned (or
 *  a notice's number typed, Alt+B) carries on the notice or the receipt's owed case it names. */
export function FollowUpOffer({
  draft,
  flush,
  onContinue,
  onFollowPaper,
  onTakeOwed,
}: {
  draft: CaseDraft;
  /** Saves the edits not saved yet: a typed number is looked up as the backend has it. */
  flush: () => Promise<unknown>;
  onContinue: (notice: OpenNotice) => void;
  /** A paper's QR code scanned or its number typed: a notice, or a receipt owing a material. */
  onFollowPaper: (text: string) => void;
  onTakeOwed: (owed: OwedCase) => void;
}) {
  const backend = useBackend();
  const { t, locale } = useI18n();
  const number = draft.applicant.id_number;
  const offered = draft.status === 'draft' && !draft.follows && !!number;
  // Kept with the case and number they were asked for: another case never shows them.
  const asked = `${draft.id}|${number ?? ''}`;
  const [found, setFound] = useState<Found>({ asked: '', notices: [], elsewhereAsked: true, owed: [] });
  const [code, setCode] = useState('');
  const codeInput = useRef<InputRef>(null);
  const latestFlush = useRef(flush);
  useEffect(() => {
    latestFlush.current = flush;
  });
  useEffect(() => {
    let live = true;
    if (!offered) return;
    // A typed number settles first (one lookup, not one per key); a card's is there at once.
    const timer = window.setTimeout(() => {
      void latestFlush.current()
        .then(() => Promise.all([backend.openNotices(draft.id), backend.owedCases(draft.id)]))
        .then(
          ([lookup, owed]) =>
            live && setFound({ asked, notices: lookup.notices, elsewhereAsked: lookup.elsewhere_asked, owed }),
          () => undefined,
        );
    }, LOOKUP_SETTLE_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [backend, draft.id, asked, offered]);
  const shown = offered && found.asked === asked;
  const notices = shown ? found.notices : [];
  const owed = shown ? found.owed : [];
  useAltKey('C', notices.length > 0, () => notices[0] && onContinue(notices[0]));
  useAltKey('O', owed.length > 0, () => owed[0] && onTakeOwed(owed[0]));
  // Before an item is chosen the case may still carry a notice on by its number.
  const byNumber = offered && !draft.item;
  useAltKey('B', byNumber, () => codeInput.current?.focus());
  const submitCode = () => {
    const c = code.trim();
    if (!c) return;
    setCode('');
    onFollowPaper(c);
  };
  const day = (iso: string) => new Date(iso).toLocaleDateString(locale);
  return (
    <>
      {shown && !found.elsewhereAsked && (
        <Alert type="info" showIcon className="ow-follow" data-testid="notice-elsewhere-unasked" title={t('follow.elsewhereUnasked')} />
      )}
      {byNumber && (
        <div className="ow-follow ow-follow-number">
          <label htmlFor="ow-notice-number">{t('follow.byNumber')}</label>
          <Input
            id="ow-notice-number"
            ref={codeInput}
            size="small"
            data-testid="notice-number"
            value={code}
            placeholder={t('follow.byNumberHint')}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={submitCode}
          />
        </div>
      )}
      {notices.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="notice-offer"
          className="ow-follow"
          title={t('follow.offer', { n: notices.length })}
          description={
            <ul className="ow-follow-list">
              {notices.map((n, i) => (
                <li key={n.document_number} data-testid="notice-offer-item" data-case={n.window_case_no} data-window={n.window ?? ''}>
                  {n.window ? `${t('follow.fromWindow', { window: n.window })} ` : ''}
                  {t('follow.offerLine', { item: n.item_name, number: n.document_number, date: day(n.decided_at), missing: n.missing.join('、') })}{' '}
                  <Button size="small" type={i === 0 ? 'primary' : 'default'} data-testid="notice-continue" onClick={() => onContinue(n)}>
                    {i === 0 ? t('follow.continueFirst') : t('follow.continue')}
                  </Button>
                </li>
              ))}
            </ul>
          }
        />
      )}
      {owed.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="owed-offer"
          className="ow-follow"
          title={t('follow.owedOffer', { n: owed.length })}
          description={
            <ul className="ow-follow-list">
              {owed.map((o, i) => (
                <li key={o.case_id} data-testid="owed-offer-item" data-case={o.window_case_no}>
                  {t('follow.owedLine', { item: o.item_name, case: o.window_case_no, lines: o.lines.join('、'), due: o.due ?? '—' })}{' '}
                  <Button size="small" type={i === 0 ? 'primary' : 'default'} data-testid="owed-take" onClick={() => onTakeOwed(o)}>
                    {i === 0 ? t('follow.owedTakeFirst') : t('follow.owedTake')}
                  </Button>
                </li>
              ))}
            </ul>
          }
        />
      )}
    </>
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
          : f.kind === 'owed'
            ? t('follow.owedFor', { case: f.window_case_no })
            : t('follow.supplementFor', { case: f.window_case_no })
      }
      description={
        f.reasons.length === 0
          ? undefined
          : f.kind === 'owed'
            ? t('follow.owedLines', { lines: f.reasons.join('、') })
            : f.kind === 'supplement'
              ? t('follow.returnedFor', { reasons: f.reasons.join('；') })
              : undefined
      }
    />
  );
}
