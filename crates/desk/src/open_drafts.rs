//! The shift lead's list of the work left open on this workstation: whose it is, what it is,
//! how far it got. No citizen's name: the lead needs to know whose work waits, not whose case.

use crate::{Desk, DeskError};
use chrono::{DateTime, Utc};
use ow_case::{CaseId, CaseStep, Staff};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One open draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OpenDraft {
    pub id: CaseId,
    /// Whose it is (`None` for a case from before sign-in).
    pub owner: Option<Staff>,
    pub ticket: Option<String>,
    pub item_name: Option<String>,
    pub step: CaseStep,
    pub updated_at: DateTime<Utc>,
}

impl Desk {
    /// Every person's drafts still open here, newest first (at most `limit`).
    pub fn open_drafts_here(&self, limit: u32) -> Result<Vec<OpenDraft>, DeskError> {
        Ok(self
            .store()
            .open_drafts(limit.clamp(1, 500))?
            .into_iter()
            .map(|d| OpenDraft {
                id: d.id,
                owner: d.owner,
                ticket: d.ticket,
                item_name: d.item.map(|i| i.name),
                step: d.step,
                updated_at: d.updated_at,
            })
            .collect())
    }
}
