//! A case's second visit: the citizen back with what a one-time notice listed (续办), and a
//! case the department returned for supplement (补正). Both carry an earlier case on, so the
//! clerk asks only for what is missing.

use crate::{CaseView, Desk, DeskError};
use chrono::{DateTime, Utc};
use ow_api::{CaseState, MaterialRef, SupplementJob, SupplementRequest};
use ow_case::{CaseDraft, CaseId, CaseStatus, CaseStep, FollowKind, FollowUp};
use ow_store::{NewOutboxEntry, KIND_SUPPLEMENT};
use serde::{Deserialize, Serialize};
use specta::Type;

/// How many notices a citizen's card brings up at most.
const NOTICES_SHOWN: u32 = 20;

/// A one-time notice the citizen may have come back with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OpenNotice {
    /// The notice's case on this workstation; `None` for one issued at another window.
    pub case_id: Option<CaseId>,
    /// The window that issued it, when not this one.
    pub window: Option<String>,
    pub window_case_no: String,
    pub document_number: String,
    pub item_name: String,
    pub decided_at: DateTime<Utc>,
    /// The lines the notice listed: what the citizen was asked to bring.
    pub missing: Vec<String>,
}

/// Case `draft` (a card just read) may carry on `earlier` only for the same person (ID number).
pub(crate) fn check_same_applicant(
    draft: &CaseDraft,
    earlier: &CaseDraft,
) -> Result<(), DeskError> {
    match (&draft.applicant.id_number, &earlier.applicant.id_number) {
        (Some(a), Some(b)) if a.expose() == b.expose() => Ok(()),
        _ => Err(DeskError::NotTheApplicant),
    }
}

/// Case `draft` takes on `earlier`'s item, answers, agent (unless it has its own) and green
/// channel, with no line marked yet, at the materials step, carrying `follows` on.
pub(crate) fn carry_on(draft: &mut CaseDraft, earlier: &CaseDraft, follows: FollowUp) {
    draft.item = earlier.item.clone();
    draft.answers = earlier.answers.clone();
    if draft.agent.is_none() {
        draft.agent = earlier.agent.clone();
    }
    draft.green = draft.green.or(earlier.green);
    draft.materials.clear();
    draft.follows = Some(follows);
    draft.step = CaseStep::Materials;
    draft.updated_at = Utc::now();
}

fn open_notice(case: &CaseDraft) -> Option<OpenNotice> {
    let d = case.decision.as_ref()?;
    Some(OpenNotice {
        case_id: Some(case.id),
        window: None,
        window_case_no: d.case_number.clone(),
        document_number: d.document_number.clone(),
        item_name: case.item.as_ref()?.name.clone(),
        decided_at: d.decided_at,
        missing: d
            .lines
            .iter()
            .filter(|l| d.listed_lines.contains(&l.id))
            .map(|l| l.name.clone())
            .collect(),
    })
}

impl Desk {
    /// The one-time notices issued on this workstation to case `id`'s applicant (by ID
    /// number) that no other case carries on yet, newest first.
    pub fn open_notices(&self, id: CaseId) -> Result<Vec<OpenNotice>, DeskError> {
        let Some(number) = self.returning_applicant(id)? else {
            return Ok(Vec::new());
        };
        let number = number.as_str();
        let mut out = Vec::new();
        for notice in self
            .store()
            .cases_of_applicant(number, CaseStatus::Noticed, NOTICES_SHOWN)?
        {
            if self.carried_on_elsewhere(notice.id, id)? {
                continue;
            }
            out.extend(open_notice(&notice));
        }
        Ok(out)
    }

    /// The ID number of case `id`'s applicant, when the case may carry an earlier one on (it
    /// has a number and carries nothing on yet): what the card read brings the past up by.
    pub fn returning_applicant(&self, id: CaseId) -> Result<Option<String>, DeskError> {
        let draft = self.case(id)?;
        Ok(draft
            .applicant
            .id_number
            .as_ref()
            .map(|n| n.expose().to_owned())
            .filter(|n| !n.is_empty() && draft.follows.is_none()))
    }

    /// Whether a decided case other than `except` already carries `case` on. A draft left
    /// open does not hold a notice: the first of two to be decided does.
    pub(crate) fn carried_on_elsewhere(
        &self,
        case: CaseId,
        except: CaseId,
    ) -> Result<bool, DeskError> {
        Ok(self.store().followers_of(case)?.iter().any(|c| {
            c.id != except && !matches!(c.status, CaseStatus::Draft | CaseStatus::Abandoned)
        }))
    }

    /// Continues notice `notice` in case `id` (the citizen came back): the notice's item,
    /// answers and agent, and every line it had received with its pages. Only the lines the
    /// notice listed (and any the answers add) are left to do. The applicant read for `id`
    /// stays; it must be the notice's.
    pub fn continue_notice(&self, id: CaseId, notice: CaseId) -> Result<CaseDraft, DeskError> {
        let mut draft = self.open_case(id)?;
        let earlier = self.store().case(notice)?;
        let decision = match (&earlier.status, &earlier.decision) {
            (CaseStatus::Noticed, Some(d)) => d.clone(),
            _ => return Err(DeskError::NotANotice),
        };
        check_same_applicant(&draft, &earlier)?;
        if draft.follows.is_some() || self.carried_on_elsewhere(notice, id)? {
            return Err(DeskError::AlreadyCarriedOn);
        }
        let follows = FollowUp {
            kind: FollowKind::Notice,
            case_id: notice,
            window_case_no: decision.case_number.clone(),
            document_number: decision.document_number.clone(),
            backoffice_number: None,
            reasons: Vec::new(),
            carried_lines: Vec::new(),
        };
        carry_on(&mut draft, &earlier, follows);
        let pages = self.store().case_page_list(notice)?;
        let mut kept = Vec::new();
        for line in &decision.lines {
            if !crate::notice_share::kept_at_notice(line, &decision.listed_lines) {
                continue;
            }
            draft.materials.insert(line.id.clone(), line.mark.clone());
            kept.push(line.id.clone());
        }
        if let Some(f) = draft.follows.as_mut() {
            f.carried_lines = kept.clone();
        }
        self.store().save_case(&draft)?;
        for line in &kept {
            let n = pages.iter().filter(|p| &p.line_id == line).count();
            if n > 0 {
                let ids: Vec<String> = (0..n).map(|_| uuid::Uuid::now_v7().to_string()).collect();
                self.store()
                    .copy_line_pages(notice, line, &draft, line, &ids)?;
            }
        }
        self.audit(
            Some(id),
            "case.continues_notice",
            serde_json::json!({ "notice": decision.case_number, "kept_lines": kept }),
        )?;
        Ok(draft)
    }

    /// Opens (or returns the open) supplement for this window's case `case_number`, which
    /// its department returned: the same item and answers, no pages yet; the clerk scans what
    /// the return asks for into its lines and sends it with [`Desk::send_supplement`].
    pub fn start_supplement(&self, case_number: &str) -> Result<CaseDraft, DeskError> {
        let (row, _) = self
            .store()
            .result(case_number)?
            .ok_or(DeskError::NotReturned)?;
        let returned = crate::results::parse_state(&row.state) == Some(CaseState::Returned)
            && row.workstation_id == self.config().window.workstation_id;
        if !returned {
            return Err(DeskError::NotReturned);
        }
        let accepted = self
            .store()
            .case_by_number(&row.window_case_no)?
            .filter(|c| c.status == CaseStatus::Accepted)
            .ok_or(DeskError::NotReturned)?;
        if self.supplement_sent_since(&row.window_case_no, &row.changed_at)? {
            return Err(DeskError::SupplementPending);
        }
        for earlier in self.store().followers_of(accepted.id)? {
            if earlier.status == CaseStatus::Draft {
                self.check_owner(&earlier)?;
                return Ok(earlier);
            }
        }
        let decision = accepted.decision.clone().ok_or(DeskError::NotDecided)?;
        let mut draft = self.create_case(None)?;
        draft.applicant = accepted.applicant.clone();
        let follows = FollowUp {
            kind: FollowKind::Supplement,
            case_id: accepted.id,
            window_case_no: decision.case_number,
            document_number: decision.document_number,
            backoffice_number: Some(case_number.to_owned()),
            reasons: row.reasons.clone(),
            carried_lines: Vec::new(),
        };
        carry_on(&mut draft, &accepted, follows);
        self.store().save_case(&draft)?;
        self.audit(
            Some(draft.id),
            "case.supplement_started",
            serde_json::json!({ "case_number": case_number }),
        )?;
        Ok(draft)
    }

    /// Whether a supplement for this window's case `window_case_no` was sent after its return
    /// at `returned_at` (RFC 3339): the back office has not answered it yet.
    pub(crate) fn supplement_sent_since(
        &self,
        window_case_no: &str,
        returned_at: &str,
    ) -> Result<bool, DeskError> {
        let Some(accepted) = self.store().case_by_number(window_case_no)? else {
            return Ok(false);
        };
        let returned_at = DateTime::parse_from_rfc3339(returned_at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        Ok(self
            .store()
            .followers_of(accepted.id)?
            .iter()
            .any(|c| c.status == CaseStatus::Supplemented && c.updated_at > returned_at))
    }

    /// Sends the supplement `id`: one PDF per line with pages, through the outbox (offline-safe,
    /// exactly once), and closes it. Refused without a page.
    pub fn send_supplement(&self, id: CaseId) -> Result<CaseView, DeskError> {
        let draft = self.open_case(id)?;
        let follows = draft
            .follows
            .clone()
            .filter(|f| f.kind.is_supplement())
            .ok_or(DeskError::NotASupplement)?;
        let case_number = follows
            .backoffice_number
            .clone()
            .ok_or(DeskError::NotASupplement)?;
        let blobs = self.material_blobs(id)?;
        if blobs.is_empty() {
            return Err(DeskError::NothingToSupplement);
        }
        let names = self.line_names(&draft);
        let materials: Vec<MaterialRef> = blobs
            .iter()
            .map(|(line, shas)| MaterialRef {
                code: line.clone(),
                name: names.get(line).cloned().unwrap_or_else(|| line.clone()),
                blobs: shas.clone(),
                data_check: false,
            })
            .collect();
        let all: Vec<String> = materials.iter().flat_map(|m| m.blobs.clone()).collect();
        let job = SupplementJob {
            case_number: case_number.clone(),
            request: SupplementRequest {
                materials,
                note: (!draft.note.trim().is_empty()).then(|| draft.note.clone()),
                owed: follows.kind == FollowKind::Owed,
            },
        };
        let payload = serde_json::to_string(&job).map_err(ow_store::StoreError::from)?;
        let key = format!("supplement:{id}");
        let audit = self.audit_record(
            Some(id),
            "case.supplement_sent",
            serde_json::json!({ "case_number": case_number, "pages": all.len() }),
        );
        let now = Utc::now();
        let sent = self.store().in_transaction(|tx| {
            let mut case = tx.case(id)?;
            if case.status != CaseStatus::Draft {
                return Err(DeskError::CaseClosed);
            }
            case.status = CaseStatus::Supplemented;
            case.step = CaseStep::Forward;
            case.updated_at = now;
            tx.save_case(&case)?;
            tx.enqueue_with_pages(
                KIND_SUPPLEMENT,
                &NewOutboxEntry {
                    case_id: id,
                    idempotency_key: &key,
                    payload: &payload,
                    blobs: &all,
                    enqueued_at: now,
                },
            )?;
            tx.audit(&audit)?;
            Ok(case)
        })?;
        self.wake_outbox();
        Ok(self.view(sent))
    }

    /// Checklist line names of a case as it stands, by line id.
    fn line_names(&self, case: &CaseDraft) -> std::collections::BTreeMap<String, String> {
        self.view(case.clone())
            .evaluation
            .map(|e| e.checklist.into_iter().map(|l| (l.id, l.name)).collect())
            .unwrap_or_default()
    }
}
