//! Finding (or making) the store's key for a data directory.

use crate::platform;
use crate::VaultError;
use ow_config::Mode;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The keyring service every OneWindow secret is filed under.
pub const SERVICE: &str = "onewindow";
/// The sandbox-only fallback key file, beside the store.
pub const KEY_FILE: &str = "store.key";

/// Where the key came from; the top bar and the log say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOrigin {
    /// The OS keyring: the database file alone reveals nothing.
    Keyring,
    /// A file beside the database (sandbox only, when the keyring is unavailable).
    KeyFile,
}

impl KeyOrigin {
    /// Stable name for logs and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keyring => "keyring",
            Self::KeyFile => "key_file",
        }
    }
}

/// A 256-bit store key and where it lives. `Debug` never prints the key.
pub struct StoreKey {
    bytes: [u8; 32],
    pub origin: KeyOrigin,
    /// The keyring account (one per data directory).
    pub account: String,
    /// Why the keyring was not used, when it was not.
    pub fallback_reason: Option<String>,
}

impl StoreKey {
    /// The raw key, for SQLCipher.
    pub fn bytes(&self) -> [u8; 32] {
        self.bytes
    }
}

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreKey")
            .field("origin", &self.origin)
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

/// One keyring account per data directory, so a second data directory (a trainer's copy, a
/// test) never reads another's key. Named by a hash so the path itself is not on show.
pub fn account_for(data_dir: &Path) -> String {
    let canonical = std::fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_owned());
    let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
    format!("store:{}", hex::encode(&digest[..8]))
}

/// The store file whose key this is, inside the data directory.
pub const STORE_FILE: &str = "workstation.db";

/// The store key for `data_dir`, made on first use. See the crate docs for the rules.
pub fn store_key(mode: Mode, service: &str, data_dir: &Path) -> Result<StoreKey, VaultError> {
    std::fs::create_dir_all(data_dir).map_err(|source| VaultError::KeyFile {
        path: data_dir.display().to_string(),
        source,
    })?;
    let account = account_for(data_dir);
    let file = data_dir.join(KEY_FILE);
    if let Err(e) = platform::probe(service) {
        if mode == Mode::Production {
            return Err(e);
        }
        if !file.exists() && data_dir.join(STORE_FILE).exists() {
            // The store exists and its key is in the keyring we cannot reach: a new key file
            // would only make it unreadable.
            return Err(e);
        }
        tracing::warn!(error = %e, file = %file.display(), "keyring unavailable: sandbox store keyed from a local file");
        return Ok(StoreKey {
            bytes: key_file(&file)?,
            origin: KeyOrigin::KeyFile,
            account,
            fallback_reason: Some(e.to_string()),
        });
    }
    if let Some(secret) = platform::get(service, &account)? {
        let bytes: [u8; 32] = secret
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::KeyCorrupt { len: secret.len() })?;
        return Ok(StoreKey {
            bytes,
            origin: KeyOrigin::Keyring,
            account,
            fallback_reason: None,
        });
    }
    // No key yet. A sandbox that ran without a keyring before left its key in a file: move it
    // into the keyring (the store stays readable) and delete the file.
    let adopt = mode == Mode::Sandbox && file.exists();
    let bytes = if adopt {
        read_key_file(&file)?
    } else {
        random_bytes()?
    };
    platform::set(service, &account, &bytes)?;
    if adopt {
        std::fs::remove_file(&file).map_err(|source| VaultError::KeyFile {
            path: file.display().to_string(),
            source,
        })?;
        tracing::info!("sandbox key file moved into the keyring");
    }
    Ok(StoreKey {
        bytes,
        origin: KeyOrigin::Keyring,
        account,
        fallback_reason: None,
    })
}

pub(crate) fn random_bytes() -> Result<[u8; 32], VaultError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| VaultError::Random(e.to_string()))?;
    Ok(bytes)
}

fn key_file_error(path: &Path) -> impl FnOnce(std::io::Error) -> VaultError + '_ {
    move |source| VaultError::KeyFile {
        path: path.display().to_string(),
        source,
    }
}

fn read_key_file(path: &Path) -> Result<[u8; 32], VaultError> {
    let text = std::fs::read_to_string(path).map_err(key_file_error(path))?;
    let bytes = hex::decode(text.trim()).unwrap_or_default();
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| VaultError::KeyFile {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not a 32-byte hex key"),
        })
}

/// The sandbox key file, written whole (temp file + rename) so a crash never leaves half a key.
fn key_file(path: &Path) -> Result<[u8; 32], VaultError> {
    if path.exists() {
        return read_key_file(path);
    }
    let bytes = random_bytes()?;
    let tmp: PathBuf = path.with_extension("key.tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut f = opts.open(&tmp).map_err(key_file_error(&tmp))?;
    f.write_all(hex::encode(bytes).as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(key_file_error(&tmp))?;
    std::fs::rename(&tmp, path).map_err(key_file_error(path))?;
    Ok(bytes)
}
