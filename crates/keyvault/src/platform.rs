//! The thin layer over the `keyring` crate: get, set, delete one secret, and the probe.

use crate::VaultError;
use keyring::Entry;

fn entry(service: &str, account: &str) -> Result<Entry, VaultError> {
    Entry::new(service, account).map_err(unavailable)
}

/// Waits between tries when the Secret Service is there but did not answer.
const RETRY_AFTER: [std::time::Duration; 3] = [
    std::time::Duration::from_millis(200),
    std::time::Duration::from_millis(600),
    std::time::Duration::from_millis(1500),
];

/// Whether the keyring daemon is on the bus but let a call go unanswered (D-Bus `NoReply`: busy
/// rewriting its file, or restarting). That passes; a missing bus or a locked keyring does not.
fn is_transient(e: &keyring::Error) -> bool {
    matches!(e, keyring::Error::PlatformFailure(_)) && {
        let text = e.to_string();
        text.contains("NoReply") || text.contains("Did not receive a reply")
    }
}

/// Runs `op` again after a pause when the daemon did not answer, a few times: a clerk's app
/// must not start without its keyring (or, in sandbox, fall back to a key file) because the
/// Secret Service was slow once.
pub fn retrying<T>(mut op: impl FnMut() -> Result<T, keyring::Error>) -> Result<T, keyring::Error> {
    let mut pauses = RETRY_AFTER.iter();
    loop {
        match op() {
            Err(e) if is_transient(&e) => match pauses.next() {
                Some(pause) => {
                    tracing::warn!(error = %e, "keyring: no answer, trying again");
                    std::thread::sleep(*pause);
                }
                None => return Err(e),
            },
            other => return other,
        }
    }
}

fn unavailable(e: keyring::Error) -> VaultError {
    VaultError::KeyringUnavailable {
        reason: e.to_string(),
    }
}

/// The secret stored under `service`/`account`, or `None` when there is none.
pub(crate) fn get(service: &str, account: &str) -> Result<Option<Vec<u8>>, VaultError> {
    let e = entry(service, account)?;
    match retrying(|| e.get_secret()) {
        Ok(s) => Ok(Some(s)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(unavailable(e)),
    }
}

/// Stores `secret`, then reads it back: a keyring that loses what it was given is refused.
pub(crate) fn set(service: &str, account: &str, secret: &[u8]) -> Result<(), VaultError> {
    let e = entry(service, account)?;
    retrying(|| e.set_secret(secret)).map_err(unavailable)?;
    match retrying(|| e.get_secret()) {
        Ok(back) if back == secret => Ok(()),
        Ok(_) | Err(keyring::Error::NoEntry) => Err(VaultError::KeyringForgets),
        Err(e) => Err(unavailable(e)),
    }
}

/// Removes the secret; a missing one is fine.
pub(crate) fn delete(service: &str, account: &str) -> Result<(), VaultError> {
    let e = entry(service, account)?;
    match retrying(|| e.delete_credential()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(text: &str) -> keyring::Error {
        keyring::Error::PlatformFailure(text.to_owned().into())
    }

    #[test]
    fn an_unanswered_call_is_tried_again_and_a_missing_bus_is_not() {
        let mut calls = 0;
        let got = retrying(|| {
            calls += 1;
            if calls < 3 {
                Err(failure(
                    "D-Bus error: Did not receive a reply (org.freedesktop.DBus.Error.NoReply)",
                ))
            } else {
                Ok(calls)
            }
        });
        assert_eq!(got.unwrap(), 3);

        let mut calls = 0;
        let got: Result<(), _> = retrying(|| {
            calls += 1;
            Err(failure(
                "D-Bus error: Failed to connect to socket /nonexistent/ow-bus",
            ))
        });
        assert!(got.is_err());
        assert_eq!(calls, 1, "no retry when there is no keyring at all");
    }
}
