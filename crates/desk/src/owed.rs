//! 容缺后补: a material the case was accepted without, brought later. The citizen's card brings
//! up their accepted cases that still owe something; the clerk scans it into a supplement
//! that joins the back-office case where it is (`POST /cases/{n}/supplement` with `owed`).

use crate::{Desk, DeskError};
use chrono::{DateTime, NaiveDate, Utc};
use ow_case::{CaseDraft, CaseId, CaseStatus, FollowKind, FollowUp, LineMark};
use serde::{Deserialize, Serialize};
use specta::Type;

/// How many accepted cases a card brings up at most.
const CASES_SHOWN: u32 = 20;

/// An accepted case that still owes materials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OwedCase {
    pub case_id: CaseId,
    pub window_case_no: String,
    pub item_name: String,
    pub accepted_at: DateTime<Utc>,
    /// The day they are owed by, when the calendar gave one.
    pub due: Option<NaiveDate>,
    /// The owed lines' names, those not yet brought.
    pub lines: Vec<String>,
}

impl Desk {
    /// The lines of accepted case `case` still owed: deferred at the acceptance and not in a
    /// supplement sent (or being written) since.
    fn still_owed(&self, case: &CaseDraft) -> Result<Vec<(String, String)>, DeskError> {
        let Some(d) = &case.decision else {
            return Ok(Vec::new());
        };
        let mut brought = std::collections::BTreeSet::new();
        for f in self.store().followers_of(case.id)? {
            if f.status == CaseStatus::Supplemented {
                let pages = self.store().case_page_list(f.id)?;
                brought.extend(pages.into_iter().map(|p| p.line_id));
            }
        }
        Ok(d.lines
            .iter()
            .filter(|l| l.mark == LineMark::Deferred && !brought.contains(&l.id))
            .map(|l| (l.id.clone(), l.name.clone()))
            .collect())
    }

    /// Case `id`'s applicant's cases accepted here that still owe materials, newest first.
    pub fn owed_cases(&self, id: CaseId) -> Result<Vec<OwedCase>, DeskError> {
        let Some(number) = self.returning_applicant(id)? else {
            return Ok(Vec::new());
        };
        let number = number.as_str();
        let mut out = Vec::new();
        for case in self
            .store()
            .cases_of_applicant(number, CaseStatus::Accepted, CASES_SHOWN)?
        {
            let owed = self.still_owed(&case)?;
            let (Some(d), Some(item)) = (&case.decision, &case.item) else {
                continue;
            };
            if owed.is_empty() {
                continue;
            }
            out.push(OwedCase {
                case_id: case.id,
                window_case_no: d.case_number.clone(),
                item_name: item.name.clone(),
                accepted_at: d.decided_at,
                due: d.owed_by,
                lines: owed.into_iter().map(|(_, name)| name).collect(),
            });
        }
        Ok(out)
    }

    /// [`Desk::take_owed`] for the case accepted here under `case_number` (the number on the
    /// receipt, as its QR code carries it).
    pub fn take_owed_by_number(
        &self,
        id: CaseId,
        case_number: &str,
    ) -> Result<CaseDraft, DeskError> {
        let accepted = self
            .store()
            .case_by_number(case_number)?
            .ok_or(DeskError::NothingOwed)?;
        self.take_owed(id, accepted.id)
    }

    /// Turns case `id` (the citizen's card just read) into the supplement that brings what
    /// accepted case `accepted` owes: its item and answers, the owed lines to scan. The case
    /// must have reached the back office (its number is where the pages go).
    pub fn take_owed(&self, id: CaseId, accepted: CaseId) -> Result<CaseDraft, DeskError> {
        let mut draft = self.open_case(id)?;
        let case = self.store().case(accepted)?;
        let decision = match (&case.status, &case.decision) {
            (CaseStatus::Accepted, Some(d)) => d.clone(),
            _ => return Err(DeskError::NothingOwed),
        };
        crate::follow_up::check_same_applicant(&draft, &case)?;
        let owed = self.still_owed(&case)?;
        if owed.is_empty() || draft.follows.is_some() {
            return Err(DeskError::NothingOwed);
        }
        let number = self
            .store()
            .outbox_entry(accepted)?
            .filter(|e| e.state == "confirmed")
            .and_then(|e| e.backoffice_number)
            .ok_or(DeskError::NotForwardedYet)?;
        let follows = FollowUp {
            kind: FollowKind::Owed,
            case_id: accepted,
            window_case_no: decision.case_number.clone(),
            document_number: decision.document_number.clone(),
            backoffice_number: Some(number.clone()),
            reasons: owed.into_iter().map(|(_, name)| name).collect(),
            carried_lines: Vec::new(),
        };
        crate::follow_up::carry_on(&mut draft, &case, follows);
        self.store().save_case(&draft)?;
        self.audit(
            Some(id),
            "case.owed_taken",
            serde_json::json!({ "case_number": number }),
        )?;
        Ok(draft)
    }
}
