//! Desk errors: the domain errors below, passed through with their own codes.

use ow_error::ErrorCode;

/// Anything a desk operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] ow_store::StoreError),
    #[error(transparent)]
    Config(#[from] ow_config::ConfigError),
    #[error(transparent)]
    Catalog(#[from] ow_catalog::CatalogError),
    #[error(transparent)]
    Calendar(#[from] ow_calendar::CalendarError),
    #[error(transparent)]
    Identity(#[from] crate::IdentityError),
    #[error("no service item with code {0}")]
    UnknownItem(String),
    #[error("the case has no service item yet")]
    NoItem,
    #[error("the case is already decided and can no longer be changed")]
    CaseClosed,
    #[error("the checklist has no line {0}")]
    UnknownLine(String),
    #[error("cannot create the data folder {path}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl ErrorCode for DeskError {
    fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Config(e) => e.code(),
            Self::Catalog(e) => e.code(),
            Self::Calendar(e) => e.code(),
            Self::Identity(e) => e.code(),
            Self::UnknownItem(_) => "desk.unknown_item",
            Self::NoItem => "desk.no_item",
            Self::CaseClosed => "desk.case_closed",
            Self::UnknownLine(_) => "desk.unknown_line",
            Self::DataDir { .. } => "desk.data_dir",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Store(e) => e.details(),
            Self::Config(e) => e.details(),
            Self::Catalog(e) => e.details(),
            Self::Calendar(e) => e.details(),
            Self::Identity(e) => e.details(),
            Self::UnknownItem(code) => Some(serde_json::json!({ "code": code })),
            Self::DataDir { path, .. } => Some(serde_json::json!({ "path": path })),
            Self::UnknownLine(line) => Some(serde_json::json!({ "line": line })),
            Self::NoItem | Self::CaseClosed => None,
        }
    }
}
