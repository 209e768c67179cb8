//! The desk itself.

use crate::{AppInfo, DeskError, StatusSnapshot};
use chrono::Utc;
use ow_case::{CaseDraft, CaseEdit, CaseId, CaseSummary};
use ow_config::Config;
use ow_store::{DbKey, Store};
use std::path::{Path, PathBuf};

/// The open workstation: configuration plus local store.
pub struct Desk {
    config: Config,
    store: Store,
    data_dir: PathBuf,
}

impl Desk {
    /// Opens the store in `data_dir` (created when missing).
    pub fn open(config: Config, data_dir: &Path, key: Option<&DbKey>) -> Result<Self, DeskError> {
        std::fs::create_dir_all(data_dir).map_err(|source| DeskError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let store = Store::open(&data_dir.join("workstation.db"), key)?;
        Ok(Self {
            config,
            store,
            data_dir: data_dir.to_owned(),
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Where the store lives.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Who and where, for the top bar.
    pub fn info(&self) -> AppInfo {
        AppInfo::from_config(&self.config)
    }

    /// The top bar's state before the first link check.
    pub fn initial_status(&self) -> StatusSnapshot {
        StatusSnapshot::initial(&self.config)
    }

    /// Starts a new case, saved at once so that even an empty case survives a crash.
    pub fn create_case(&self, ticket: Option<String>) -> Result<CaseDraft, DeskError> {
        let mut draft = CaseDraft::new(Utc::now());
        if ticket.is_some() {
            draft.apply(
                CaseEdit {
                    ticket,
                    ..Default::default()
                },
                draft.created_at,
            );
        }
        self.store.save_case(&draft)?;
        tracing::info!(case = %draft.id, "case created");
        Ok(draft)
    }

    /// Autosave: applies the edit and writes the whole draft.
    pub fn update_case(&self, id: CaseId, edit: CaseEdit) -> Result<CaseDraft, DeskError> {
        let mut draft = self.store.case(id)?;
        draft.apply(edit, Utc::now());
        self.store.save_case(&draft)?;
        Ok(draft)
    }

    /// One case.
    pub fn case(&self, id: CaseId) -> Result<CaseDraft, DeskError> {
        Ok(self.store.case(id)?)
    }

    /// The latest cases, newest first.
    pub fn recent_cases(&self, limit: u32) -> Result<Vec<CaseSummary>, DeskError> {
        Ok(self.store.recent_cases(limit.clamp(1, 500))?)
    }

    /// The unfinished case to offer after a restart.
    pub fn resume(&self) -> Result<Option<CaseDraft>, DeskError> {
        Ok(self.store.latest_open_draft()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ow_case::CaseStep;

    #[test]
    fn a_case_created_and_edited_is_found_after_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let id = {
            let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
            let c = desk.create_case(Some("A023".into())).unwrap();
            desk.update_case(
                c.id,
                CaseEdit {
                    applicant_name: Some("陈思远".into()),
                    step: Some(CaseStep::Item),
                    ..Default::default()
                },
            )
            .unwrap();
            c.id
        };
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let resumed = desk.resume().unwrap().unwrap();
        assert_eq!(resumed.id, id);
        assert_eq!(resumed.ticket.as_deref(), Some("A023"));
        assert_eq!(resumed.step, CaseStep::Item);
        assert_eq!(resumed.applicant.name.unwrap().expose(), "陈思远");
        assert_eq!(desk.recent_cases(10).unwrap().len(), 1);
    }

    #[test]
    fn editing_an_unknown_case_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let err = desk
            .update_case(CaseId::new(), CaseEdit::default())
            .unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "store.not_found");
    }

    #[test]
    fn sandbox_devices_are_reported_as_simulated_and_not_yet_integrated() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let status = desk.initial_status();
        assert_eq!(status.devices.len(), 3);
        assert!(status.devices.iter().all(|d| d.simulated));
        assert_eq!(status.backoffice, ow_sync::LinkState::Checking);
    }
}
