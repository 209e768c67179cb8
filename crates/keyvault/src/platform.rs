//! The thin layer over the `keyring` crate: get, set, delete one secret, and the probe.

use crate::VaultError;
use keyring::Entry;

fn entry(service: &str, account: &str) -> Result<Entry, VaultError> {
    Entry::new(service, account).map_err(unavailable)
}

fn unavailable(e: keyring::Error) -> VaultError {
    VaultError::KeyringUnavailable {
        reason: e.to_string(),
    }
}

/// The secret stored under `service`/`account`, or `None` when there is none.
pub(crate) fn get(service: &str, account: &str) -> Result<Option<Vec<u8>>, VaultError> {
    match entry(service, account)?.get_secret() {
        Ok(s) => Ok(Some(s)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(unavailable(e)),
    }
}

/// Stores `secret`, then reads it back: a keyring that loses what it was given is refused.
pub(crate) fn set(service: &str, account: &str, secret: &[u8]) -> Result<(), VaultError> {
    let e = entry(service, account)?;
    e.set_secret(secret).map_err(unavailable)?;
    match e.get_secret() {
        Ok(back) if back == secret => Ok(()),
        Ok(_) | Err(keyring::Error::NoEntry) => Err(VaultError::KeyringForgets),
        Err(e) => Err(unavailable(e)),
    }
}

/// Removes the secret; a missing one is fine.
pub(crate) fn delete(service: &str, account: &str) -> Result<(), VaultError> {
    match entry(service, account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
    }
}

/// Writes a random secret, reads it back and deletes it: the keyring works end to end.
pub fn probe(service: &str) -> Result<(), VaultError> {
    let secret = crate::store_key::random_bytes()?;
    let account = format!("probe:{}", hex::encode(&secret[..4]));
    set(service, &account, &secret)?;
    delete(service, &account)
}
