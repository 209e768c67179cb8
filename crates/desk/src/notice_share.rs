//! A notice for the whole hall: what this window tells the back office when it issues a
//! one-time notice (so any window finds it when the citizen comes back), and a notice issued
//! at another window carried on here — its answers kept, its received lines with their pages.

use crate::follow_up::{check_same_applicant, OpenNotice};
use crate::intake::{material_ref, party, situation};
use crate::scan_pages::Prepared;
use crate::{Desk, DeskError};
use chrono::Utc;
use ow_api::{MaterialRef, NoticeCarried, NoticeLine, NoticeRecord, StoredNotice};
use ow_case::{
    CaseDraft, CaseId, FollowKind, FollowUp, IdentitySource, ItemChoice, LineMark, Person,
};
use ow_catalog::AnswerValue;
use ow_pii::{IdNumber, PersonName};
use ow_scanner::import::{import_bytes, FileFormat, ImportLimits};
use std::collections::BTreeMap;

/// A carried page larger than this is refused (the client stops reading there too).
const MAX_CARRIED_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Whether a decided line counts as brought at the notice: received (or checked by data
/// sharing) and not among the lines the notice listed.
pub(crate) fn kept_at_notice(line: &ow_case::DecidedLine, listed: &[String]) -> bool {
    matches!(line.mark, LineMark::Received | LineMark::DataCheck) && !listed.contains(&line.id)
}

/// The id a notice from another window goes by on this workstation: the same for every case
/// that carries it on here, so two of them cannot both be decided.
pub(crate) fn remote_notice_id(document_number: &str) -> CaseId {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(format!("onewindow-notice:{document_number}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    CaseId::from_uuid(uuid::Builder::from_random_bytes(bytes).into_uuid())
}

/// The back office's record of notice `case` (decided), naming `pages` (one PDF per line,
/// by line) for the lines it had received; and the blobs to upload first.
pub(crate) fn notice_record(
    case: &CaseDraft,
    window: &str,
    pages: &BTreeMap<String, Vec<String>>,
) -> Result<(NoticeRecord, Vec<String>), DeskError> {
    let d = case.decision.as_ref().ok_or(DeskError::NotDecided)?;
    let item = case.item.as_ref().ok_or(DeskError::NoItem)?;
    let received: Vec<MaterialRef> = d
        .lines
        .iter()
        .filter(|l| kept_at_notice(l, &d.listed_lines))
        .map(|l| material_ref(l, pages))
        .collect();
    let blobs = received.iter().flat_map(|m| m.blobs.clone()).collect();
    let record = NoticeRecord {
        document_number: d.document_number.clone(),
        window_case_no: d.case_number.clone(),
        window: window.to_owned(),
        item_code: item.code.clone(),
        item_version: item.version.clone(),
        item_name: item.name.clone(),
        applicant: party(&case.applicant),
        agent: case.agent.as_ref().map(party),
        situation: situation(case),
        answers: case
            .answers
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), serde_json::to_value(v).ok()?)))
            .collect(),
        green: case.green,
        received,
        missing: d
            .lines
            .iter()
            .filter(|l| d.listed_lines.contains(&l.id))
            .map(|l| NoticeLine {
                code: l.id.clone(),
                name: l.name.clone(),
            })
            .collect(),
        issued_at: d.decided_at,
    };
    Ok((record, blobs))
}

/// What a decided case that carries notice `follows` on tells the back office.
pub(crate) fn carried(follows: &FollowUp, by_case: &str) -> Option<NoticeCarried> {
    (follows.kind == FollowKind::Notice).then(|| NoticeCarried {
        document_number: follows.document_number.clone(),
        by_case: by_case.to_owned(),
    })
}

/// The notices a returning citizen may carry on: those found here and, when the back office
/// could be asked, those issued at other windows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct NoticeLookup {
    pub notices: Vec<OpenNotice>,
    /// Whether the back office answered: when not, notices issued at other windows are missing.
    pub elsewhere_asked: bool,
}

/// The case number in what a scanner typed from a receipt's QR code (its query address with
/// `case=…`); `None` for anything else.
pub fn receipt_case_in(text: &str) -> Option<String> {
    let text = text.trim();
    let at = text.find("case=")?;
    let number = text[at + "case=".len()..]
        .split(['&', '#'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_uppercase();
    let fits = (1..=64).contains(&number.len())
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    fits.then_some(number)
}

/// The notice number in what a scanner typed from a notice's QR code (its query address with
/// `notice=…`) or the clerk typed from the paper; `None` when it cannot be one.
pub fn notice_number_in(text: &str) -> Option<String> {
    let text = text.trim();
    let number = match text.find("notice=") {
        Some(i) => text[i + "notice=".len()..]
            .split(['&', '#'])
            .next()
            .unwrap_or_default(),
        None => text,
    };
    let number = number.trim().to_ascii_uppercase();
    let fits = (1..=64).contains(&number.len())
        && number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    fits.then_some(number)
}

fn person(p: &ow_api::Party) -> Person {
    Person {
        name: Some(PersonName::new(&p.name)),
        id_number: Some(IdNumber::new(&p.id_number)),
        source: IdentitySource::Manual,
        document: None,
        number_reason: p.number_reason.clone(),
    }
}

impl Desk {
    /// The notice issued here under `document_number`, if any (whatever became of it).
    pub fn local_notice(&self, document_number: &str) -> Result<Option<CaseId>, DeskError> {
        Ok(self
            .store()
            .case_by_document(document_number)?
            .filter(|c| c.status == ow_case::CaseStatus::Noticed)
            .map(|c| c.id))
    }

    /// The open notices the back office keeps for the applicant of case `id`, issued at other
    /// windows and not carried on by a case decided here, as [`OpenNotice`]s.
    pub fn notices_elsewhere(
        &self,
        id: CaseId,
        found: Vec<StoredNotice>,
    ) -> Result<Vec<OpenNotice>, DeskError> {
        let here = &self.config().window.workstation_id;
        let mut out = Vec::new();
        for n in found {
            let r = n.record;
            if &n.workstation_id == here || n.carried_on_by.is_some() {
                continue;
            }
            if self.carried_on_elsewhere(remote_notice_id(&r.document_number), id)? {
                continue;
            }
            out.push(OpenNotice {
                case_id: None,
                window: Some(r.window),
                window_case_no: r.window_case_no,
                document_number: r.document_number,
                item_name: r.item_name,
                decided_at: r.issued_at,
                missing: r.missing.into_iter().map(|l| l.name).collect(),
            });
        }
        Ok(out)
    }

    /// Continues in case `id` a notice issued at another window, as the back office keeps it,
    /// with `pages` (sha256 → bytes) for its received lines: the same as
    /// [`Desk::continue_notice`] does with a notice issued here.
    pub fn continue_remote_notice(
        &self,
        id: CaseId,
        notice: &StoredNotice,
        pages: &BTreeMap<String, Vec<u8>>,
    ) -> Result<CaseDraft, DeskError> {
        let mut draft = self.open_case(id)?;
        let r = &notice.record;
        let earlier = CaseDraft {
            applicant: person(&r.applicant),
            ..CaseDraft::new(Utc::now())
        };
        check_same_applicant(&draft, &earlier)?;
        let synthetic = remote_notice_id(&r.document_number);
        if notice.carried_on_by.is_some()
            || draft.follows.is_some()
            || self.carried_on_elsewhere(synthetic, id)?
        {
            return Err(DeskError::AlreadyCarriedOn);
        }
        let catalog = self.catalog();
        let item = catalog
            .item(&r.item_code)
            .ok_or_else(|| DeskError::UnknownItem(r.item_code.clone()))?;
        draft.item = Some(ItemChoice {
            code: item.summary().basic_code.clone(),
            version: item.summary().version.clone(),
            name: item.summary().name.clone(),
        });
        draft.answers = r
            .answers
            .iter()
            .filter_map(|(k, v)| {
                Some((
                    k.clone(),
                    serde_json::from_value::<AnswerValue>(v.clone()).ok()?,
                ))
            })
            .collect();
        if draft.agent.is_none() {
            draft.agent = r.agent.as_ref().map(person);
        }
        draft.green = draft.green.or(r.green);
        draft.materials.clear();
        // Only lines this window's rules ask for (the other window's catalog may differ).
        let asked: std::collections::BTreeSet<String> = self
            .view(draft.clone())
            .evaluation
            .map(|e| e.checklist.into_iter().map(|l| l.id).collect())
            .unwrap_or_default();
        let received: Vec<&MaterialRef> = r
            .received
            .iter()
            .filter(|m| asked.contains(&m.code))
            .collect();
        let kept: Vec<String> = received.iter().map(|m| m.code.clone()).collect();
        draft.follows = Some(FollowUp {
            kind: FollowKind::Notice,
            case_id: synthetic,
            window_case_no: r.window_case_no.clone(),
            document_number: r.document_number.clone(),
            backoffice_number: None,
            reasons: Vec::new(),
            carried_lines: kept.clone(),
        });
        draft.step = ow_case::CaseStep::Materials;
        draft.updated_at = Utc::now();
        let limits = ImportLimits {
            max_bytes: MAX_CARRIED_PAGE_BYTES,
            ..ImportLimits::default()
        };
        // Every page is checked to be what it claims before anything is stored.
        let mut files = Vec::new();
        for m in &received {
            for sha in &m.blobs {
                let bytes = pages.get(sha).ok_or_else(|| {
                    ow_store::StoreError::NotFound(format!("the notice's page {sha}"))
                })?;
                let file = import_bytes(bytes.clone(), Some("notice.pdf"), &limits)?;
                if file.format != FileFormat::Pdf {
                    return Err(ow_scanner::ScanError::Unsupported(
                        "a carried page that is not a PDF".into(),
                    )
                    .into());
                }
                files.push((m, file));
            }
        }
        for m in &received {
            let mark = if m.data_check {
                LineMark::DataCheck
            } else {
                LineMark::Received
            };
            draft.materials.insert(m.code.clone(), mark);
        }
        self.store().save_case(&draft)?;
        for (m, file) in &files {
            let prepared = Prepared::pdf(file);
            self.store()
                .add_pages(&draft, &m.code, &[prepared.as_new_page()])?;
        }
        self.audit(
            Some(id),
            "case.continues_notice",
            serde_json::json!({
                "notice": r.window_case_no,
                "from_window": r.window,
                "kept_lines": kept,
            }),
        )?;
        Ok(draft)
    }
}
