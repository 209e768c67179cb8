//! The desk itself.

use crate::card_reader::CardReaderTask;
use crate::catalog_state::CatalogState;
use crate::identity::IdentityHub;
use crate::{AppInfo, DeskError, StatusSnapshot, StoreKeyOrigin};
use chrono::{Local, Utc};
use ow_calendar::{DeadlineConfig, WorkingCalendar};
use ow_case::{CaseDraft, CaseEdit, CaseId, CaseSummary};
use ow_catalog::Catalog;
use ow_config::Config;
use ow_store::{DbKey, Store};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ow_idcard::checks::{verify_number_on, NumberProblem};

/// The longest reason a clerk may record for keeping a typed number that fails its check.
pub const MAX_REASON_CHARS: usize = 200;

/// The open workstation: configuration, local store, catalog and calendar.
pub struct Desk {
    config: Config,
    store: Arc<Store>,
    outbox_wake: Arc<tokio::sync::Notify>,
    /// Notified after each print (see `printer_state.rs`).
    pub(crate) printer_wake: Arc<tokio::sync::Notify>,
    data_dir: PathBuf,
    catalogs: CatalogState,
    calendar: crate::reference::CalendarState,
    /// Built on the first paper (see `papers.rs`).
    pub(crate) renderer: Mutex<Option<Arc<ow_papers::PaperRenderer>>>,
    scan: crate::scan::ScanState,
    identity: Arc<IdentityHub>,
    card_reader: Mutex<Option<CardReaderTask>>,
    chip_reader: Mutex<Option<crate::chip_reader::ChipReaderTask>>,
    store_key: StoreKeyOrigin,
    pub(crate) outbox_blocked: Mutex<Option<crate::OutboxReason>>,
    /// Who is signed in (see `signin.rs`).
    pub(crate) session: crate::signin::SessionState,
    /// One rating step at a time (the waiting visit itself is in the store: `rating.rs`).
    pub(crate) rating: Mutex<()>,
    /// The back office's address once connected (the embedded one's port is chosen at start).
    backoffice_base: std::sync::OnceLock<String>,
    /// The training scenarios, loaded on first use (see `training.rs`).
    pub(crate) training: std::sync::OnceLock<Arc<ow_training::Library>>,
}

impl Desk {
    /// Opens the store in `data_dir` (created when missing).
    pub fn open(config: Config, data_dir: &Path, key: Option<&DbKey>) -> Result<Self, DeskError> {
        std::fs::create_dir_all(data_dir).map_err(|source| DeskError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let store = Arc::new(Store::open(&data_dir.join("workstation.db"), key)?);
        // A training store never serves citizens, and a hall's store never trains.
        store.stamp_mode(config.mode.as_str())?;
        let catalogs = CatalogState::open(&store, config.catalog.dir.as_deref())?;
        let calendar = crate::reference::CalendarState::open(&store)?;
        let info = catalogs.info();
        tracing::info!(catalog = %info.version, source = ?info.source, items = info.items, years = ?calendar.get().covered_years(), "desk open");
        Ok(Self {
            scan: crate::scan::ScanState::new(&config),
            config,
            store,
            outbox_wake: Arc::new(tokio::sync::Notify::new()),
            printer_wake: Arc::new(tokio::sync::Notify::new()),
            data_dir: data_dir.to_owned(),
            catalogs,
            calendar,
            renderer: Mutex::new(None),
            identity: Arc::default(),
            card_reader: Mutex::default(),
            outbox_blocked: Mutex::default(),
            chip_reader: Mutex::default(),
            session: Default::default(),
            rating: Mutex::default(),
            backoffice_base: std::sync::OnceLock::new(),
            training: std::sync::OnceLock::new(),
            store_key: if key.is_some() {
                StoreKeyOrigin::Keyring
            } else {
                StoreKeyOrigin::None
            },
        })
    }

    /// Records where the store's key came from when it is not the keyring (the top bar says so).
    pub fn with_store_key(mut self, origin: StoreKeyOrigin) -> Self {
        self.store_key = origin;
        self
    }

    /// Records where the back office answers (for the pages citizens open, such as the
    /// rating page on a receipt's QR code). The first address stays.
    pub fn set_backoffice_base(&self, base: &str) {
        let _ = self.backoffice_base.set(base.to_owned());
    }

    /// The back office's address: as connected, or as configured.
    pub(crate) fn backoffice_base(&self) -> Option<String> {
        if let Some(b) = self.backoffice_base.get() {
            return Some(b.clone());
        }
        (!self.config.backoffice.is_embedded()).then(|| self.config.backoffice.url.clone())
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The store, shared with the outbox forwarder.
    pub fn shared_store(&self) -> Arc<Store> {
        Arc::clone(&self.store)
    }

    /// Notified when a case is enqueued or retried; the forwarder waits on it.
    pub fn outbox_wake(&self) -> Arc<tokio::sync::Notify> {
        Arc::clone(&self.outbox_wake)
    }

    /// The catalog in force (a snapshot: a replacement never changes it under a caller).
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalogs.catalog()
    }

    pub(crate) fn scan_state(&self) -> &crate::scan::ScanState {
        &self.scan
    }

    pub(crate) fn catalogs(&self) -> &CatalogState {
        &self.catalogs
    }

    /// The working-day calendar in force.
    pub fn calendar(&self) -> Arc<WorkingCalendar> {
        self.calendar.get()
    }

    pub(crate) fn calendar_state(&self) -> &crate::reference::CalendarState {
        &self.calendar
    }

    pub(crate) fn deadline_config(&self) -> DeadlineConfig {
        self.config.deadlines.clone()
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
        AppInfo::from_config(&self.config, self.store_key)
    }

    /// The top bar's state before the first link check.
    pub fn initial_status(&self) -> StatusSnapshot {
        let mut s = StatusSnapshot::initial(&self.config);
        s.set_device(crate::DeviceKind::CardReader, self.identity.state());
        s.set_device(
            crate::DeviceKind::ChipReader,
            self.identity.state_of(crate::DeviceKind::ChipReader),
        );
        s.set_device(crate::DeviceKind::Printer, self.printer_initial_state());
        s.set_device(crate::DeviceKind::Scanner, crate::DeviceState::Checking);
        s
    }

    /// The card reader's live state and latest read.
    pub fn identity(&self) -> &Arc<IdentityHub> {
        &self.identity
    }

    pub(crate) fn card_reader_task(&self) -> &Mutex<Option<CardReaderTask>> {
        &self.card_reader
    }

    pub(crate) fn chip_reader_task(&self) -> &Mutex<Option<crate::chip_reader::ChipReaderTask>> {
        &self.chip_reader
    }

    /// Starts a new case, saved at once so that even an empty case survives a crash.
    pub fn create_case(&self, ticket: Option<String>) -> Result<CaseDraft, DeskError> {
        let mut draft = CaseDraft::new(Utc::now());
        draft.owner = self.current_person().map(|p| p.staff());
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
        self.audit(Some(draft.id), "case.created", serde_json::json!({}))?;
        tracing::info!(case = %draft.id, "case created");
        Ok(draft)
    }

    /// A case that still takes edits; a decided case, or another person's, is refused.
    pub(crate) fn open_case(&self, id: CaseId) -> Result<CaseDraft, DeskError> {
        let draft = self.case(id)?;
        if draft.status.is_open() {
            Ok(draft)
        } else {
            Err(DeskError::CaseClosed)
        }
    }

    /// Autosave: applies the edit and writes the whole draft.
    pub fn update_case(&self, id: CaseId, edit: CaseEdit) -> Result<CaseDraft, DeskError> {
        let mut draft = if edit.is_navigation_only() {
            self.case(id)?
        } else {
            self.open_case(id)?
        };
        if !edit.green_is_valid() {
            return Err(DeskError::BadGreenReason);
        }
        if edit
            .applicant_number_reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > MAX_REASON_CHARS)
        {
            return Err(DeskError::ReasonTooLong(MAX_REASON_CHARS));
        }
        // Judged before the edit: the reason answers the problem the clerk was shown.
        let overridden = edit
            .applicant_number_reason
            .as_ref()
            .filter(|r| !r.trim().is_empty())
            .and_then(|_| {
                let mut unreasoned = draft.applicant.clone();
                unreasoned.number_reason = None;
                if let Some(n) = &edit.applicant_id_number {
                    unreasoned.id_number = Some(ow_pii::IdNumber::new(n.trim()));
                }
                crate::decision::typed_number_problem(&unreasoned, Local::now().date_naive())
            });
        let typed: Vec<&str> = [
            edit.applicant_name.as_ref().map(|_| "name"),
            edit.applicant_id_number.as_ref().map(|_| "id_number"),
        ]
        .into_iter()
        .flatten()
        .collect();
        draft.apply(edit, Utc::now());
        self.store.save_case(&draft)?;
        if let Some(problem) = overridden {
            // The reason itself stays on the case; the trail names the problem it answered.
            self.audit(
                Some(id),
                "identity.number_kept",
                serde_json::json!({ "problem": problem }),
            )?;
        }
        // Typed, not read from a document: the trail says so (never what was typed), once per
        // stretch of typing rather than once per autosave.
        let last = self.store.last_audit_action(&id.to_string())?;
        if !typed.is_empty() && last.as_deref() != Some("identity.manual") {
            self.audit(
                Some(id),
                "identity.manual",
                serde_json::json!({ "fields": typed }),
            )?;
        }
        Ok(draft)
    }

    /// What is wrong with a number as the clerk types it (shown beside the field; the
    /// decision is refused on it until the clerk records why it stands).
    pub fn check_typed_number(&self, number: &str) -> Option<NumberProblem> {
        let number = number.trim();
        if number.is_empty() {
            return None;
        }
        verify_number_on(number, Local::now().date_naive()).err()
    }

    /// One case: the signed-in person's own (cases from before sign-in have no owner).
    pub fn case(&self, id: CaseId) -> Result<CaseDraft, DeskError> {
        let draft = self.store.case(id)?;
        self.check_owner(&draft)?;
        Ok(draft)
    }

    /// Another person's case is theirs: it is never silently taken over at this window.
    pub(crate) fn check_owner(&self, draft: &CaseDraft) -> Result<(), DeskError> {
        match (&draft.owner, self.current_person()) {
            (Some(owner), Some(me)) if owner.id != me.id => {
                Err(crate::signin::AuthError::NotYourCase {
                    owner: owner.name.clone(),
                }
                .into())
            }
            _ => Ok(()),
        }
    }

    /// An accepted case is in the outbox: the forwarder starts on it at once.
    pub(crate) fn after_decision(&self, case: &CaseDraft) {
        if case.status == ow_case::CaseStatus::Accepted {
            self.wake_outbox();
        }
    }

    /// The signed-in person's latest cases, newest first (everyone's when nobody is signed
    /// in: tests and tools).
    pub fn recent_cases(&self, limit: u32) -> Result<Vec<CaseSummary>, DeskError> {
        let me = self.current_person();
        Ok(self
            .store
            .recent_cases(me.as_ref().map(|p| p.id.as_str()), limit.clamp(1, 500))?)
    }

    /// The signed-in person's unfinished case, offered when they sign in (again).
    pub fn resume(&self) -> Result<Option<CaseDraft>, DeskError> {
        let owner = self.current_person().map(|p| p.id).unwrap_or_default();
        Ok(self.store.latest_open_draft(&owner)?)
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
            let desk = crate::test_support::as_clerk(
                Desk::open(Config::default(), dir.path(), None).unwrap(),
            );
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
        // The same person signs in again and is offered their case.
        let desk =
            crate::test_support::as_clerk(Desk::open(Config::default(), dir.path(), None).unwrap());
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

    const TKPO: &str = "000173001001";

    fn answer(desk: &Desk, id: CaseId, q: &str, v: ow_catalog::AnswerValue) -> crate::CaseView {
        desk.answer(id, q.into(), Some(v)).unwrap()
    }

    #[test]
    fn pinyin_initials_find_the_spouse_item_and_frequent_items_come_first_with_nothing_typed() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let hits = desk.search_items("tkpo", 10).unwrap();
        assert_eq!(hits.first().map(|h| h.code.as_str()), Some(TKPO));
        assert!(
            desk.search_items("", 10).unwrap().is_empty(),
            "no history yet"
        );
        let c = desk.create_case(None).unwrap();
        desk.choose_item(c.id, TKPO).unwrap();
        let frequent = desk.search_items("", 10).unwrap();
        assert_eq!(frequent.first().map(|h| h.code.as_str()), Some(TKPO));
    }

    #[test]
    fn answering_the_spouse_questions_builds_the_checklist_and_a_promised_date() {
        use ow_catalog::{AnswerValue::*, Decision};
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let c = desk.create_case(None).unwrap();
        let view = desk.choose_item(c.id, TKPO).unwrap();
        assert_eq!(
            view.draft.item.as_ref().map(|i| i.version.as_str()),
            Some("3")
        );
        let first = view
            .evaluation
            .as_ref()
            .unwrap()
            .next_questions
            .first()
            .unwrap()
            .id
            .clone();
        assert_eq!(first, "in_custody");
        answer(&desk, c.id, "in_custody", YesNo(false));
        answer(&desk, c.id, "origin", Choice("other_province".into()));
        answer(&desk, c.id, "moved_out", YesNo(true));
        answer(&desk, c.id, "married_years", Number(5));
        answer(&desk, c.id, "registered_where", Choice("mainland".into()));
        answer(&desk, c.id, "previous_marriage", Choice("none".into()));
        answer(&desk, c.id, "spouse_hukou", Choice("family".into()));
        answer(&desk, c.id, "residence", Choice("own".into()));
        answer(&desk, c.id, "children", Number(0));
        let view = answer(&desk, c.id, "by_agent", YesNo(false));
        let eval = view.evaluation.unwrap();
        assert_eq!(
            eval.decision,
            Decision::Acceptable,
            "{:?}",
            eval.next_questions
        );
        let names: Vec<&str> = eval.checklist.iter().map(|l| l.name.as_str()).collect();
        assert!(names.iter().any(|n| n.contains("结婚证")), "{names:?}");
        assert!(names.contains(&"配偶居民户口簿"), "{names:?}");
        assert!(matches!(
            view.promised,
            Some(crate::PromisedDate::Due { .. }) | Some(crate::PromisedDate::Unknown { .. })
        ));
        // The answers are saved with the case.
        let again = desk.case_view(c.id).unwrap();
        assert_eq!(again.draft.answers.len(), 10);
    }

    #[test]
    fn answering_before_choosing_an_item_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let c = desk.create_case(None).unwrap();
        let err = desk.answer(c.id, "x".into(), None).unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "desk.no_item");
        let err = desk.choose_item(c.id, "nope").unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "desk.unknown_item");
    }

    #[test]
    fn sandbox_devices_are_reported_as_simulated_and_not_yet_integrated() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let status = desk.initial_status();
        // SAM card reader, chip reader, scanner, printer.
        assert_eq!(status.devices.len(), 4);
        assert!(status.devices.iter().all(|d| d.simulated));
        assert_eq!(status.backoffice, ow_sync::LinkState::Checking);
    }
}
