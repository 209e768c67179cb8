import { Alert, Button, Descriptions, Switch, Tag } from 'antd';
import { useI18n, type MessageKey } from '../i18n';
import type { CaseDraft, IdentityDocument, IdentityRead } from '../backend';
import { ageGreenReason } from '../tickets/green';
import { Chip } from './Chip';

type Person = CaseDraft['applicant'];

const VERDICT_TYPE: Record<string, 'success' | 'warning' | 'error'> = {
  valid: 'success',
  expired: 'warning',
  inconsistent: 'warning',
  checksum_wrong: 'error',
  altered: 'error',
  unreadable: 'error',
};

/** The verdict the clerk sees, with what to do next. */
function Verdict({
  status,
  cause,
  greenChannel,
  signature,
  testid,
}: {
  status: string;
  cause?: string | null;
  greenChannel?: boolean;
  /** For chips: how far EF.SOD's signature was verified (`signature_verified`, …). */
  signature?: string;
  testid: string;
}) {
  const { t, errorMessage } = useI18n();
  const known = status in VERDICT_TYPE;
  return (
    <Alert
      data-testid={testid}
      data-status={status}
      type={VERDICT_TYPE[status] ?? 'warning'}
      showIcon
      title={known ? t(`verdict.${status}` as MessageKey) : status}
      description={
        <>
          {known && <div>{t(`verdict.hint.${status}` as MessageKey)}</div>}
          {cause && <div className="ow-muted">{t('read.cause', { reason: errorMessage(cause, cause) })}</div>}
          {signature && (
            <div className="ow-muted" data-testid={`${testid}-signature`} data-signature={signature}>
              {t(`verdict.signature.${signature}` as MessageKey)}
            </div>
          )}
          {greenChannel && <Tag color="green">{t('verdict.greenChannel')}</Tag>}
        </>
      }
    />
  );
}

type Row = { key: string; label: string; children: React.ReactNode };

/** The document's own fields, as Descriptions rows (antd reads rows, not nested components). */
function documentRows(doc: IdentityDocument, prefix: string, t: (k: MessageKey) => string): Row[] {
  const row = (key: string, label: MessageKey, value: React.ReactNode, extra: Record<string, string> = {}): Row => ({
    key,
    label: t(label),
    children: (
      <span data-testid={`${prefix}-${key}`} {...extra}>
        {value}
      </span>
    ),
  });
  const rows: (Row | null)[] = [
    row('sex', 'applicant.sex', t(`sex.${doc.sex}` as MessageKey)),
    doc.nation ? row('nation', 'applicant.nation', doc.nation) : null,
    doc.nationality ? row('nationality', 'applicant.nationality', doc.nationality) : null,
    row('birth', 'applicant.birth', doc.birth_date),
    doc.address ? row('address', 'applicant.address', doc.address) : null,
    doc.issuing_authority ? row('authority', 'applicant.authority', doc.issuing_authority) : null,
    // A chip's DG1 has an expiry date only.
    row('validity', 'applicant.validity', `${doc.valid_from ? `${doc.valid_from} – ` : ''}${doc.valid_until ?? t('applicant.longTerm')}`),
    row('doc-type', 'applicant.docType', t(`doc.${doc.kind}` as MessageKey), { 'data-kind': doc.kind }),
  ];
  return rows.filter((r): r is Row => r !== null);
}

/** One person: name and number always; the document's fields when it was read. */
function PersonBlock({ person, prefix, read }: { person: Person; prefix: string; read: IdentityRead | null }) {
  const { t } = useI18n();
  const doc = person.document;
  // The face and the live verdict come from the read that filled this person, when it is still at hand.
  const sameRead = read && doc && read.document?.read_at === doc.read_at ? read : null;
  return (
    <>
      {sameRead?.face && <img className="ow-face" src={sameRead.face} alt={t('applicant.face')} data-testid={`${prefix}-face`} />}
      {sameRead && !sameRead.face && sameRead.face_not_shown && (
        <div className="ow-muted" data-testid={`${prefix}-face-not-shown`} data-mime={sameRead.face_not_shown}>
          {t('applicant.faceNotShown')}
        </div>
      )}
      {sameRead && !sameRead.face && sameRead.photo_needs_decoder && (
        <div className="ow-muted" data-testid={`${prefix}-photo-note`}>
          {t('applicant.photoNeedsDecoder')}
        </div>
      )}
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'name',
            label: t('applicant.name'),
            children: (
              <span className="ow-big" data-testid={`${prefix}-name-display`}>
                {person.name}
              </span>
            ),
          },
          { key: 'id', label: t('applicant.idNumber'), children: <span data-testid={`${prefix}-id-display`}>{person.id_number}</span> },
          ...(doc ? documentRows(doc, prefix, t) : []),
          {
            key: 'source',
            label: '',
            children: (
              <Tag data-testid={`${prefix}-source`} data-source={person.source} color={person.source === 'manual' ? 'default' : 'blue'}>
                {t(`applicant.source.${person.source}` as MessageKey)}
              </Tag>
            ),
          },
        ]}
      />
      {doc && (
        <Verdict
          testid={`${prefix}-verdict`}
          status={sameRead?.verdict.status ?? doc.verdict.split('.').pop() ?? doc.verdict}
          greenChannel={sameRead?.verdict.green_channel}
          signature={sameRead?.verdict.findings.find((f) => f.startsWith('signature_'))}
        />
      )}
    </>
  );
}

/** The case's green channel (served first, forwarded as the case's priority): shown when
 *  set; offered when the applicant's ID says 60+ or under 18. */
function GreenChannel({ draft, onGreen }: { draft: CaseDraft | null; onGreen?: (reason: string) => void }) {
  const { t } = useI18n();
  if (!draft) return null;
  if (draft.green) {
    return (
      <div data-testid="case-green" data-reason={draft.green}>
        <Chip color="green">
          {t('green.channel')} · {t(`green.${draft.green}` as MessageKey)}
        </Chip>
        {onGreen && draft.status === 'draft' && (
          <Button size="small" type="link" onClick={() => onGreen('')}>
            {t('green.clear')}
          </Button>
        )}
      </div>
    );
  }
  if (!onGreen || draft.status !== 'draft') return null;
  const offer = ageGreenReason(draft.applicant.id_number);
  return (
    <div className="ow-green-pick">
      {offer && (
        <Button size="small" data-testid="offer-green" onClick={() => onGreen(offer)}>
          {t('green.offer', { reason: t(`green.${offer}` as MessageKey) })} (Alt+G)
        </Button>
      )}
      {/* Any other reason the citizen shows (a military ID, a disability certificate…). */}
      <label className="ow-green-select">
        {t('green.pick')}
        <select className="ow-input" data-testid="green-reason" value="" onChange={(e) => e.target.value && onGreen(e.target.value)}>
          <option value="">—</option>
          {GREEN_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`green.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

const GREEN_REASONS = ['senior', 'minor', 'military', 'disabled', 'pregnant', 'talent'] as const;

/** Left column: the ticket being served, who the case is for, and the agent (代办人). */
export function ApplicantPanel({
  draft,
  lastRead = null,
  asAgent = false,
  onToggleAgent,
  mrzEntry,
  onGreen,
}: {
  /** Sets (a reason) or clears (empty) the case's green channel (Alt+G offers the age's). */
  onGreen?: (reason: string) => void;
  draft: CaseDraft | null;
  lastRead?: IdentityRead | null;
  asAgent?: boolean;
  onToggleAgent?: () => void;
  /** The MRZ entry (F5), shown above the applicant while open. */
  mrzEntry?: React.ReactNode;
}) {
  const { t } = useI18n();
  const filled = draft && (draft.applicant.name || draft.applicant.id_number);
  return (
    <div className="ow-left" data-testid="applicant-panel">
      <div className="ow-ticket">
        <div className="ow-caption">{t('ticket.label')}</div>
        <div className="ow-ticket-no" data-testid="ticket-display">
          {draft?.ticket ?? t('ticket.none')}
        </div>
        <GreenChannel draft={draft} onGreen={onGreen} />
      </div>
      {mrzEntry}
      {lastRead && !lastRead.document && (
        <Verdict testid="read-failed" status={lastRead.verdict.status} cause={lastRead.verdict.cause} />
      )}
      <div className="ow-caption">{t('applicant.title')}</div>
      {draft && filled ? (
        <PersonBlock person={draft.applicant} prefix="applicant" read={lastRead} />
      ) : (
        <p className="ow-empty">{t('applicant.none')}</p>
      )}
      {draft?.agent && (
        <div data-testid="agent-block">
          <div className="ow-caption">{t('agent.title')}</div>
          <PersonBlock person={draft.agent} prefix="agent" read={lastRead} />
        </div>
      )}
      {onToggleAgent && (
        <label className="ow-agent-toggle">
          <Switch size="small" checked={asAgent} onChange={onToggleAgent} data-testid="read-as-agent" data-checked={asAgent} />{' '}
          {t('agent.toggle')}
        </label>
      )}
    </div>
  );
}
