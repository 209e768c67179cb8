//! Desk errors: the domain errors below, passed through with their own codes.

use ow_error::ErrorCode;

/// Anything a desk operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] ow_store::StoreError),
    #[error(transparent)]
    Config(#[from] ow_config::ConfigError),
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
            Self::DataDir { .. } => "desk.data_dir",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Store(e) => e.details(),
            Self::Config(e) => e.details(),
            Self::DataDir { path, .. } => Some(serde_json::json!({ "path": path })),
        }
    }
}
