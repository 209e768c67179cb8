//! The clerk's desk: every use case the UI can ask for, as plain Rust.
//!
//! The Tauri shell holds one [`Desk`] and each command is a one-line call into it, so the
//! behaviour is tested here with `cargo test`, without a window.

mod catalog_state;
mod deadline;
mod desk;
mod error;
mod info;
mod items;
mod materials;
mod outbox;
mod status;

#[cfg(test)]
mod catalog_tests;

pub use catalog_state::{CatalogInfo, CatalogSource};
pub use deadline::{promised_date, PromisedDate};
pub use desk::Desk;
pub use error::DeskError;
pub use info::AppInfo;
pub use items::CaseView;
pub use outbox::{OutboxItem, OutboxReason, OutboxState, OutboxSummary};
pub use status::{DeviceKind, DeviceState, DeviceStatus, StatusSnapshot};
