//! People who signed in online here (for offline sign-in) and the offline lockout counters.

use crate::{Store, StoreError};
use ow_api::LockoutState;
use rusqlite::{params, OptionalExtension};

/// A person as this workstation remembers them from their last online sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPerson {
    pub id: String,
    pub name: String,
    /// Role names as the back office gave them (`clerk`, `lead`, …).
    pub roles: Vec<String>,
    pub queues: Vec<String>,
    /// Argon2id PHC string of the secret.
    pub verifier: String,
    pub last_online_ms: i64,
}

impl Store {
    /// Remembers (or refreshes) a person after an online sign-in.
    pub fn remember_person(&self, p: &KnownPerson) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO people (id, name, roles, queues, verifier, last_online_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, roles = excluded.roles,
               queues = excluded.queues, verifier = excluded.verifier,
               last_online_ms = excluded.last_online_ms",
            params![
                p.id,
                p.name,
                serde_json::to_string(&p.roles)?,
                serde_json::to_string(&p.queues)?,
                p.verifier,
                p.last_online_ms
            ],
        )?;
        Ok(())
    }

    /// The person with this account, if they ever signed in online here.
    pub fn known_person(&self, id: &str) -> Result<Option<KnownPerson>, StoreError> {
        let row = self
            .conn()?
            .query_row(
                "SELECT id, name, roles, queues, verifier, last_online_ms FROM people WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(id, name, roles, queues, verifier, last_online_ms)| {
            Ok(KnownPerson {
                id,
                name,
                roles: serde_json::from_str(&roles)?,
                queues: serde_json::from_str(&queues)?,
                verifier,
                last_online_ms,
            })
        })
        .transpose()
    }

    /// Reads an account's lockout counters, lets `step` change them, and writes them back,
    /// all in one transaction: two sign-ins at once cannot both read the old count.
    pub fn lockout_step<T>(
        &self,
        key: &str,
        step: impl FnOnce(&mut LockoutState) -> T,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let mut state = tx
            .query_row(
                "SELECT attempts, pending, window_start_ms, locked_until_ms, locks
                 FROM signin_lockout WHERE key = ?1",
                [key],
                |r| {
                    Ok(LockoutState {
                        attempts: r.get(0)?,
                        pending: r.get(1)?,
                        window_start_ms: r.get(2)?,
                        locked_until_ms: r.get(3)?,
                        locks: r.get(4)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default();
        let out = step(&mut state);
        tx.execute(
            "INSERT INTO signin_lockout (key, attempts, pending, window_start_ms, locked_until_ms, locks)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (key) DO UPDATE SET attempts = excluded.attempts,
               pending = excluded.pending, window_start_ms = excluded.window_start_ms,
               locked_until_ms = excluded.locked_until_ms, locks = excluded.locks",
            params![
                key,
                state.attempts,
                state.pending,
                state.window_start_ms,
                state.locked_until_ms,
                state.locks
            ],
        )?;
        tx.commit()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_remembered_and_refreshed() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.known_person("1024").unwrap(), None);
        let mut p = KnownPerson {
            id: "1024".into(),
            name: "培训收件员".into(),
            roles: vec!["clerk".into()],
            queues: vec![],
            verifier: "$argon2id$x".into(),
            last_online_ms: 1,
        };
        store.remember_person(&p).unwrap();
        p.last_online_ms = 2;
        p.roles.push("lead".into());
        store.remember_person(&p).unwrap();
        assert_eq!(store.known_person("1024").unwrap(), Some(p));
    }

    #[test]
    fn lockout_steps_persist() {
        let store = Store::open_in_memory().unwrap();
        let policy = ow_api::LockoutPolicy::default();
        for _ in 0..5 {
            let a = store
                .lockout_step("clerk:1", |s| policy.admit(s, 10))
                .unwrap();
            assert_eq!(a, ow_api::Admission::Go);
        }
        let a = store
            .lockout_step("clerk:1", |s| policy.admit(s, 11))
            .unwrap();
        assert!(matches!(a, ow_api::Admission::Locked { .. }));
        let other = store
            .lockout_step("clerk:2", |s| policy.admit(s, 11))
            .unwrap();
        assert_eq!(other, ow_api::Admission::Go);
    }
}
