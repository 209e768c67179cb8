//! Keyring errors with stable codes.

use ow_error::ErrorCode;

/// What can go wrong getting the store's key.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the OS keyring is not available: {reason}")]
    KeyringUnavailable { reason: String },
    #[error("the OS keyring did not give back the secret just written")]
    KeyringForgets,
    #[error("the store key in the keyring is damaged ({len} bytes instead of 32)")]
    KeyCorrupt { len: usize },
    #[error("the sandbox key file {path} cannot be used")]
    KeyFile {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the system's random number generator failed: {0}")]
    Random(String),
}

impl ErrorCode for VaultError {
    fn code(&self) -> &'static str {
        match self {
            Self::KeyringUnavailable { .. } => "keyring.unavailable",
            Self::KeyringForgets => "keyring.forgets",
            Self::KeyCorrupt { .. } => "keyring.key_corrupt",
            Self::KeyFile { .. } => "keyring.key_file",
            Self::Random(_) => "keyring.random",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::KeyFile { path, .. } => Some(serde_json::json!({ "path": path })),
            _ => None,
        }
    }
}
