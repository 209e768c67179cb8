//! Materials on the desk: what the clerk recorded for each checklist line.

use crate::{CaseView, Desk, DeskError};
use chrono::Utc;
use ow_case::{CaseId, LineMark};

impl Desk {
    /// Records what was received for one line of the case's current checklist.
    pub fn mark_line(
        &self,
        id: CaseId,
        line: String,
        mark: LineMark,
    ) -> Result<CaseView, DeskError> {
        let mut draft = self.open_case(id)?;
        let view = self.view(draft.clone());
        let known = view
            .evaluation
            .as_ref()
            .is_some_and(|e| e.checklist.iter().any(|l| l.id == line));
        if !known {
            return Err(DeskError::UnknownLine(line));
        }
        draft.mark_line(line, mark, Utc::now());
        self.store().save_case(&draft)?;
        Ok(self.view(draft))
    }
}
