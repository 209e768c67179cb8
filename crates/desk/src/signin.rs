//! Who is at the keyboard: sign-in (at the back office, or offline against a verifier kept in
//! the encrypted store), the idle lock, sign-out, and the role gate every command passes.
//!
//! The back office is the authority: an online sign-in refreshes this workstation's verifier
//! (an Argon2id hash of the secret, never the secret) so the same person can sign in here for
//! `auth.offline_days` while the link is down. Offline guesses are counted in the store with the
//! back office's own rule ([`ow_api::LockoutPolicy`]), before they are verified.

use crate::{Desk, DeskError};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use ow_api::{Admission, ClerkRole, LockoutPolicy, SignedIn};
use ow_case::Staff;
use ow_error::ErrorCode;
use ow_store::KnownPerson;
use ow_sync::{BackofficeClient, SignInRefusal};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::Mutex;
use std::time::Instant;

/// Sign-in errors; each has its own code and a text in both languages.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("enter the account and the password or PIN")]
    MissingFields,
    #[error("unknown account or wrong password")]
    BadCredentials,
    #[error("too many failed sign-ins: try again in {retry_after_seconds} s")]
    Locked { retry_after_seconds: u64 },
    #[error("the back office cannot be reached and this account never signed in online here")]
    OfflineUnknown,
    #[error("the back office cannot be reached and this account's last online sign-in here is older than {days} days")]
    OfflineExpired { days: usize },
    #[error("this computer's clock is {seconds} s off the back office's")]
    ClockSkew { seconds: i64 },
    #[error("nobody is signed in")]
    SignedOut,
    #[error("the screen is locked")]
    ScreenLocked,
    #[error("this needs the {needed} role")]
    Forbidden { needed: &'static str },
    #[error("someone is signed in: sign out or lock the screen first")]
    AlreadySignedIn,
    #[error("this case belongs to {owner}")]
    NotYourCase { owner: String },
    #[error("the sign-in was ended by the back office (revoked or expired)")]
    SessionEnded,
    #[error("hashing the secret failed: {0}")]
    Hash(String),
}

impl ErrorCode for AuthError {
    fn code(&self) -> &'static str {
        match self {
            Self::MissingFields => "auth.missing_fields",
            Self::BadCredentials => "auth.bad_credentials",
            Self::Locked { .. } => "auth.locked",
            Self::OfflineUnknown => "auth.offline_unknown",
            Self::OfflineExpired { .. } => "auth.offline_expired",
            Self::ClockSkew { .. } => "auth.clock_skew",
            Self::SignedOut => "auth.signed_out",
            Self::ScreenLocked => "auth.screen_locked",
            Self::Forbidden { .. } => "auth.forbidden",
            Self::AlreadySignedIn => "auth.already_signed_in",
            Self::NotYourCase { .. } => "auth.not_your_case",
            Self::SessionEnded => "auth.session_ended",
            Self::Hash(_) => "auth.hash",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Locked {
                retry_after_seconds,
            } => Some(serde_json::json!({ "retry_after_seconds": retry_after_seconds })),
            Self::OfflineExpired { days } => Some(serde_json::json!({ "days": days })),
            Self::ClockSkew { seconds } => Some(serde_json::json!({ "seconds": seconds })),
            Self::Forbidden { needed } => Some(serde_json::json!({ "needed": needed })),
            Self::NotYourCase { owner } => Some(serde_json::json!({ "owner": owner })),
            _ => None,
        }
    }
}

/// The signed-in person, as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SignedPerson {
    /// Account (工号).
    pub id: String,
    pub name: String,
    pub roles: Vec<ClerkRole>,
    /// The queues an approver works.
    pub queues: Vec<String>,
    /// Signed in against this workstation's verifier while the back office was unreachable.
    pub offline: bool,
    pub since: DateTime<Utc>,
}

impl SignedPerson {
    pub fn has(&self, role: ClerkRole) -> bool {
        self.roles.contains(&role)
    }

    pub fn staff(&self) -> Staff {
        Staff {
            id: self.id.clone(),
            name: self.name.clone(),
        }
    }
}

/// Who is at the keyboard, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SessionView {
    pub person: Option<SignedPerson>,
    /// The screen is locked over the person's work.
    pub locked: bool,
    /// The quiet time after which the screen locks.
    pub idle_lock_seconds: u32,
    /// Why the last sign-in ended, when the back office ended it (a stable error code).
    pub ended: Option<String>,
}

struct Active {
    person: SignedPerson,
    /// The back office's token for this person (online sign-ins only); memory only.
    token: Option<String>,
    locked: bool,
    last_activity: Instant,
}

/// The desk's sign-in state.
#[derive(Default)]
pub(crate) struct SessionState {
    active: Mutex<Option<Active>>,
    ended: Mutex<Option<String>>,
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes): ~50 ms here, slow enough that a
/// copied store does not give up short PINs cheaply (the store itself is encrypted too).
fn hash_secret(secret: &str) -> Result<String, AuthError> {
    let salt = SaltString::encode_b64(uuid::Uuid::new_v4().as_bytes())
        .map_err(|e| AuthError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

fn verify_secret(verifier: &str, secret: &str) -> bool {
    PasswordHash::new(verifier)
        .map(|h| {
            Argon2::default()
                .verify_password(secret.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn lock_key(account: &str) -> String {
    format!("clerk:{account}")
}

impl Desk {
    fn session_state(&self) -> &SessionState {
        &self.session
    }

    fn with_active<T>(&self, f: impl FnOnce(&mut Option<Active>) -> T) -> Result<T, DeskError> {
        let mut guard = self
            .session_state()
            .active
            .lock()
            .map_err(|_| DeskError::Poisoned)?;
        Ok(f(&mut guard))
    }

    fn offline_policy(&self) -> LockoutPolicy {
        LockoutPolicy {
            max_failures: u32::try_from(self.config().auth.offline_max_failures).unwrap_or(5),
            ..LockoutPolicy::default()
        }
    }

    fn idle_lock_seconds(&self) -> u32 {
        u32::try_from(self.config().auth.idle_lock().as_secs()).unwrap_or(u32::MAX)
    }

    /// Who is at the keyboard. Locks the screen first when the quiet time has passed.
    pub fn session(&self) -> Result<SessionView, DeskError> {
        let idle = self.config().auth.idle_lock();
        let (person, locked) = self.with_active(|a| match a {
            Some(a) => {
                if !a.locked && a.last_activity.elapsed() >= idle {
                    a.locked = true;
                }
                (Some(a.person.clone()), a.locked)
            }
            None => (None, false),
        })?;
        let ended = self
            .session_state()
            .ended
            .lock()
            .map_err(|_| DeskError::Poisoned)?
            .clone();
        Ok(SessionView {
            person,
            locked,
            idle_lock_seconds: self.idle_lock_seconds(),
            ended,
        })
    }

    /// The signed-in person holding `role`, with the screen unlocked; counts as activity.
    /// Every command that acts passes here, so a role is enforced below the UI.
    pub fn require(&self, role: ClerkRole) -> Result<SignedPerson, DeskError> {
        self.require_any(&[role])
    }

    /// [`Desk::require`] for work any of `roles` may do (a refusal names the first).
    pub fn require_any(&self, roles: &[ClerkRole]) -> Result<SignedPerson, DeskError> {
        let idle = self.config().auth.idle_lock();
        let out = self.with_active(|a| {
            let Some(a) = a.as_mut() else {
                return Err(AuthError::SignedOut);
            };
            if a.locked || a.last_activity.elapsed() >= idle {
                a.locked = true;
                return Err(AuthError::ScreenLocked);
            }
            if !roles.iter().any(|r| a.person.has(*r)) {
                return Err(AuthError::Forbidden {
                    needed: roles.first().map_or("", |r| r.as_str()),
                });
            }
            a.last_activity = Instant::now();
            Ok(a.person.clone())
        })?;
        Ok(out?)
    }

    /// The person's back-office token, for their own calls (online sign-ins only).
    pub fn person_token(&self) -> Result<Option<String>, DeskError> {
        self.with_active(|a| a.as_ref().and_then(|a| a.token.clone()))
    }

    /// The signed-in person, if any (locked or not): who a case, paper or audit line names.
    pub(crate) fn current_person(&self) -> Option<SignedPerson> {
        self.with_active(|a| a.as_ref().map(|a| a.person.clone()))
            .ok()
            .flatten()
    }

    /// The UI saw a key press or a click: the idle clock starts again (not while locked).
    pub fn touch(&self) -> Result<(), DeskError> {
        self.with_active(|a| {
            if let Some(a) = a.as_mut().filter(|a| !a.locked) {
                a.last_activity = Instant::now();
            }
        })
    }

    /// Signs a person in: at the back office when `link` reaches it, else offline against this
    /// workstation's verifier. Allowed when nobody is signed in, or over a locked screen (the
    /// person before keeps their cases, which stay theirs).
    pub async fn sign_in(
        &self,
        link: Option<&BackofficeClient>,
        account: &str,
        secret: &str,
    ) -> Result<SessionView, DeskError> {
        let account = account.trim();
        if account.is_empty() || secret.is_empty() || account.len() > 64 || secret.len() > 256 {
            return Err(AuthError::MissingFields.into());
        }
        let busy = self.with_active(|a| a.as_ref().is_some_and(|a| !a.locked))?;
        if busy {
            return Err(AuthError::AlreadySignedIn.into());
        }
        let online = match link {
            Some(client) => match client.sign_in_person(account, secret).await {
                Ok(signed) => Some(signed),
                Err(SignInRefusal::BadCredentials) => {
                    self.audit_sign_in_failure(account, "bad_credentials")?;
                    return Err(AuthError::BadCredentials.into());
                }
                Err(SignInRefusal::Locked {
                    retry_after_seconds,
                }) => {
                    self.audit_sign_in_failure(account, "locked")?;
                    return Err(AuthError::Locked {
                        retry_after_seconds,
                    }
                    .into());
                }
                Err(SignInRefusal::Refused { code, message }) => {
                    return Err(DeskError::BackofficeRefused(format!("{code}: {message}")))
                }
                Err(SignInRefusal::Unreachable { code }) => {
                    tracing::info!(%code, "sign-in: back office unreachable, trying offline");
                    None
                }
            },
            None => None,
        };
        let (person, token) = match online {
            Some(signed) => (
                self.online_signed_in(&signed, secret).await?,
                Some(signed.token),
            ),
            None => (self.offline_sign_in(account, secret).await?, None),
        };
        let offline = person.offline;
        // Checked again where the session is set: of several sign-ins at once, each verified
        // while the screen was free, only the first takes it.
        let previous = self.with_active(|a| {
            if a.as_ref().is_some_and(|a| !a.locked) {
                return Err(AuthError::AlreadySignedIn);
            }
            Ok(a.replace(Active {
                person: person.clone(),
                token,
                locked: false,
                last_activity: Instant::now(),
            })
            .map(|p| p.person.id))
        })??;
        *self
            .session_state()
            .ended
            .lock()
            .map_err(|_| DeskError::Poisoned)? = None;
        self.audit(
            None,
            "auth.signed_in",
            serde_json::json!({ "offline": offline, "replaced": previous }),
        )?;
        tracing::info!(account = %person.id, offline, "signed in");
        self.session()
    }

    /// After the back office said yes: checks the clock, refreshes the verifier kept here.
    pub(crate) async fn online_signed_in(
        &self,
        signed: &SignedIn,
        secret: &str,
    ) -> Result<SignedPerson, DeskError> {
        let now = Utc::now();
        let skew = (now - signed.server_time).num_seconds();
        let max = i64::try_from(self.config().auth.max_clock_skew_seconds).unwrap_or(300);
        if skew.abs() > max {
            return Err(AuthError::ClockSkew { seconds: skew }.into());
        }
        let owned = secret.to_owned();
        let verifier = tokio::task::spawn_blocking(move || hash_secret(&owned))
            .await
            .map_err(|e| AuthError::Hash(e.to_string()))??;
        let roles: Vec<String> = signed.roles.iter().map(|r| r.as_str().to_owned()).collect();
        self.store().remember_person(&KnownPerson {
            id: signed.subject.clone(),
            name: signed.name.clone(),
            roles,
            queues: signed.queues.clone(),
            verifier,
            last_online_ms: now.timestamp_millis(),
        })?;
        let policy = self.offline_policy();
        self.store()
            .lockout_step(&lock_key(&signed.subject), |s| policy.succeeded(s))?;
        Ok(SignedPerson {
            id: signed.subject.clone(),
            name: signed.name.clone(),
            roles: signed.roles.clone(),
            queues: signed.queues.clone(),
            offline: false,
            since: now,
        })
    }

    /// Checks `secret` against the verifier kept here, counted by the offline lockout before
    /// it is verified.
    async fn check_locally(&self, account: &str, secret: &str) -> Result<KnownPerson, DeskError> {
        let policy = self.offline_policy();
        let now = Utc::now().timestamp_millis();
        let key = lock_key(account);
        if let Admission::Locked {
            retry_after_secs: retry_after_seconds,
        } = self.store().lockout_step(&key, |s| policy.admit(s, now))?
        {
            return Err(AuthError::Locked {
                retry_after_seconds,
            }
            .into());
        }
        let known = self.store().known_person(account)?;
        let verifier = known.as_ref().map(|k| k.verifier.clone());
        let owned = secret.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            verifier.is_some_and(|v| verify_secret(&v, &owned))
        })
        .await
        .map_err(|e| AuthError::Hash(e.to_string()))?;
        match known {
            Some(k) if ok => {
                let now = Utc::now().timestamp_millis();
                self.store()
                    .lockout_step(&key, |s| policy.succeeded_at(s, now))?;
                Ok(k)
            }
            _ => {
                let after = self
                    .store()
                    .lockout_step(&key, |s| policy.failed(s, Utc::now().timestamp_millis()))?;
                self.audit_sign_in_failure(account, "offline_bad_credentials")?;
                Err(match (after, known.is_some()) {
                    (
                        Admission::Locked {
                            retry_after_secs: retry_after_seconds,
                        },
                        _,
                    ) => AuthError::Locked {
                        retry_after_seconds,
                    },
                    (_, false) => AuthError::OfflineUnknown,
                    (_, true) => AuthError::BadCredentials,
                }
                .into())
            }
        }
    }

    async fn offline_sign_in(
        &self,
        account: &str,
        secret: &str,
    ) -> Result<SignedPerson, DeskError> {
        let known = self.check_locally(account, secret).await?;
        let now = Utc::now();
        let max_skew_ms =
            i64::try_from(self.config().auth.max_clock_skew_seconds).unwrap_or(300) * 1000;
        let age_ms = now.timestamp_millis() - known.last_online_ms;
        // A clock set back would stretch the offline period without end.
        if age_ms < -max_skew_ms {
            return Err(AuthError::ClockSkew {
                seconds: age_ms / 1000,
            }
            .into());
        }
        let days = self.config().auth.offline_days;
        if age_ms > i64::try_from(days).unwrap_or(7) * 86_400_000 {
            return Err(AuthError::OfflineExpired { days }.into());
        }
        Ok(SignedPerson {
            id: known.id,
            name: known.name,
            roles: known
                .roles
                .iter()
                .filter_map(|r| ClerkRole::parse(r))
                .collect(),
            queues: known.queues,
            offline: true,
            since: now,
        })
    }

    fn audit_sign_in_failure(&self, account: &str, why: &str) -> Result<(), DeskError> {
        // The account typed is not personal data of a citizen; it names whom the guesses aim at.
        self.audit(
            None,
            "auth.sign_in_failed",
            serde_json::json!({ "account": account, "why": why }),
        )
    }

    /// Puts `person` at the keyboard without asking anyone: desk tests of the work itself.
    #[cfg(test)]
    pub(crate) fn sign_in_for_test(&self, id: &str, name: &str, roles: &[ClerkRole]) {
        let person = SignedPerson {
            id: id.to_owned(),
            name: name.to_owned(),
            roles: roles.to_vec(),
            queues: Vec::new(),
            offline: false,
            since: Utc::now(),
        };
        let _ = self.with_active(|a| {
            *a = Some(Active {
                person,
                token: None,
                locked: false,
                last_activity: Instant::now(),
            })
        });
    }

    /// Locks the screen over the person's work (the idle lock, or the clerk's own key).
    pub fn lock_screen(&self) -> Result<SessionView, DeskError> {
        let locked = self.with_active(|a| match a {
            Some(a) if !a.locked => {
                a.locked = true;
                true
            }
            _ => false,
        })?;
        if locked {
            self.audit(None, "auth.locked", serde_json::json!({}))?;
        }
        self.session()
    }

    /// The same person unlocks with their secret, checked here (no network needed), counted
    /// by the offline lockout.
    pub async fn unlock(&self, secret: &str) -> Result<SessionView, DeskError> {
        let Some(person) = self.current_person() else {
            return Err(AuthError::SignedOut.into());
        };
        self.check_locally(&person.id, secret).await?;
        self.with_active(|a| {
            if let Some(a) = a.as_mut() {
                a.locked = false;
                a.last_activity = Instant::now();
            }
        })?;
        self.audit(None, "auth.unlocked", serde_json::json!({}))?;
        self.session()
    }

    /// Signs the person out; their open cases stay theirs. Returns the token to end at the
    /// back office, if there was one.
    pub fn sign_out(&self) -> Result<Option<String>, DeskError> {
        let ended = self.with_active(Option::take)?;
        if let Some(a) = &ended {
            self.audit_as(&a.person, None, "auth.signed_out", serde_json::json!({}))?;
        }
        Ok(ended.and_then(|a| a.token))
    }

    /// The back office no longer knows the person's token (revoked, expired): they are signed
    /// out here too, and the sign-in screen says why. Their cases stay theirs.
    pub fn session_ended(&self, token: &str) -> Result<bool, DeskError> {
        let ended = self.with_active(|a| {
            if a.as_ref().and_then(|a| a.token.as_deref()) == Some(token) {
                a.take()
            } else {
                None
            }
        })?;
        let Some(a) = ended else { return Ok(false) };
        *self
            .session_state()
            .ended
            .lock()
            .map_err(|_| DeskError::Poisoned)? = Some(AuthError::SessionEnded.code().to_owned());
        self.audit_as(&a.person, None, "auth.session_ended", serde_json::json!({}))?;
        tracing::warn!(account = %a.person.id, "the back office ended the sign-in");
        Ok(true)
    }
}
