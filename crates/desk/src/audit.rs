//! The desk's side of the audit trail: every action on a case, by this clerk at this window,
//! with facts but no personal data.

use crate::{Desk, DeskError};
use chrono::Utc;
use ow_case::CaseId;
use ow_store::AuditRecord;
use serde::{Deserialize, Serialize};
use specta::Type;

/// One line of a case's trail, for the case history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AuditLine {
    pub at: String,
    pub action: String,
    pub clerk_id: String,
    pub workstation_id: String,
    /// JSON object, e.g. `{"source":"sam_reader","role":"applicant"}`.
    pub detail: String,
}

impl Desk {
    pub(crate) fn audit_record(
        &self,
        case: Option<CaseId>,
        action: &str,
        detail: serde_json::Value,
    ) -> AuditRecord {
        AuditRecord {
            at: Utc::now().to_rfc3339(),
            case_id: case.map(|c| c.to_string()),
            action: action.to_owned(),
            // Who is signed in; `system` for the desk's own work (retention, sign-in failures).
            clerk_id: self
                .current_person()
                .map_or_else(|| "system".to_owned(), |p| p.id),
            workstation_id: self.config().window.workstation_id.clone(),
            detail: detail.to_string(),
        }
    }

    /// Appends to the trail.
    pub(crate) fn audit(
        &self,
        case: Option<CaseId>,
        action: &str,
        detail: serde_json::Value,
    ) -> Result<(), DeskError> {
        Ok(self
            .store()
            .audit(&self.audit_record(case, action, detail))?)
    }

    /// Appends a line in a given person's name (their sign-out, after they left the desk).
    pub(crate) fn audit_as(
        &self,
        person: &crate::signin::SignedPerson,
        case: Option<CaseId>,
        action: &str,
        detail: serde_json::Value,
    ) -> Result<(), DeskError> {
        let mut record = self.audit_record(case, action, detail);
        record.clerk_id = person.id.clone();
        Ok(self.store().audit(&record)?)
    }

    /// The case's trail, oldest first.
    pub fn case_audit(&self, case: CaseId) -> Result<Vec<AuditLine>, DeskError> {
        Ok(self
            .store()
            .audit_trail(&case.to_string())?
            .into_iter()
            .map(|r| AuditLine {
                at: r.at,
                action: r.action,
                clerk_id: r.clerk_id,
                workstation_id: r.workstation_id,
                detail: r.detail,
            })
            .collect())
    }
}
