//! The clerk's desk: every use case the UI can ask for, as plain Rust.
//!
//! The Tauri shell holds one [`Desk`] and each command is a one-line call into it, so the
//! behaviour is tested here with `cargo test`, without a window.

mod audit;
mod card_reader;
mod catalog_state;
mod chip_identity;
mod chip_reader;
mod csca;
mod deadline;
mod decide;
mod decision;
mod desk;
mod error;
mod face;
mod follow_up;
pub mod identity;
mod info;
mod intake;
mod items;
mod materials;
mod notice_share;
mod numbers;
mod ocr;
mod open_drafts;
mod outbox;
mod owed;
mod paper_render;
mod papers;
mod pickup_record;
mod presence;
mod printer_state;
mod rating;
mod reference;
mod results;
mod retention;
mod scan;
mod scan_pages;
mod scanner_state;
mod signin;
mod status;
mod training;
mod training_pages;
mod visit;

#[cfg(test)]
mod catalog_tests;
#[cfg(test)]
mod chip_tests;
#[cfg(test)]
mod decide_tests;
#[cfg(test)]
mod every_item_tests;
#[cfg(test)]
mod follow_up_tests;
#[cfg(test)]
mod notice_share_tests;
#[cfg(test)]
mod papers_tests;
#[cfg(test)]
mod print_ipp_tests;
#[cfg(test)]
mod rating_tests;
#[cfg(test)]
mod reference_tests;
#[cfg(test)]
mod results_tests;
#[cfg(test)]
mod retention_tests;
#[cfg(test)]
mod scan_tests;
#[cfg(test)]
mod signin_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod training_tests;
#[cfg(test)]
mod visit_tests;

pub use audit::AuditLine;
pub use card_reader::CardReaderTask;
pub use catalog_state::{CatalogInfo, CatalogSource};
pub use chip_identity::{MrzEntry, MrzKey};
pub use chip_reader::ChipReaderTask;
pub use deadline::{promised_date, PromisedDate};
pub use decide::DecisionRequest;
pub use decision::{decision_options, Blocker, DecisionOptions, LineProblem, LineVerdict};
pub use desk::{Desk, MAX_REASON_CHARS};
pub use error::DeskError;
pub use follow_up::OpenNotice;
pub use identity::{GalleryCard, HubUpdate, IdentityError, IdentityHub, IdentityRead, ReadVerdict};
pub use info::{AppInfo, StoreKeyOrigin};
pub use items::CaseView;
pub use notice_share::{notice_number_in, receipt_case_in, NoticeLookup};
pub use open_drafts::OpenDraft;
pub use outbox::{OutboxItem, OutboxReason, OutboxState, OutboxSummary};
/// What a typed document number can be wrong in (the UI shows it beside the field).
pub use ow_idcard::checks::NumberProblem;
pub use owed::OwedCase;
pub use papers::{IssuedPaper, PaperEntry, PrintFailure};
pub use rating::{RatingInput, VisitToRate};
pub use reference::RefreshOutcome;
pub use results::{CollectorProof, HandOutDone, HandedOut, PickupEntry, ResultsSummary};
pub use scan_pages::{MaterialsView, PageView, ShortLine};
pub use signin::{AuthError, SessionView, SignedPerson};
pub use status::{DeviceKind, DeviceState, DeviceStatus, StatusSnapshot};
pub use training::{TrainingPlay, TrainingReport, TrainingReset, TrainingResult};
pub use visit::CalledCase;
