//! The local store's key, held in the OS keyring.
//!
//! A copied `workstation.db` must reveal nothing, so its SQLCipher key lives outside the file:
//! in the Secret Service on Linux, the Credential Manager on Windows, the Keychain on macOS.
//! Start-up first [`probe`]s the keyring (write, read back, delete) because a keyring that
//! accepts a secret and forgets it would strand every unsent case behind a lost key.
//!
//! Production refuses to run without a working keyring. Sandbox mode, whose data is fictional,
//! falls back to a key file beside the store and says so; the next start with a working
//! keyring moves that key into the keyring and deletes the file.

mod error;
mod platform;
mod store_key;

pub use error::VaultError;
pub use platform::{probe, retrying};
pub use store_key::{account_for, store_key, KeyOrigin, StoreKey, KEY_FILE, SERVICE, STORE_FILE};
