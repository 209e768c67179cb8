//! The sandbox's training data: one window, people with 工号 accounts and the training PIN, and
//! a queue for every department of the built-in catalog.
//!
//! These ids and secrets are public on purpose (trainers type them); they exist only in
//! sandbox mode, so they can never open a production back office.

use crate::auth::hash_secret;
use crate::error::BackofficeError;
use crate::storage::{ClerkRecord, Seed, WorkstationRecord};
use ow_api::{ClerkRole, QueueDef, ServiceGroup, WindowGroups};
use std::sync::OnceLock;

pub const SANDBOX: &str = "sandbox";
pub const ADMIN_TOKEN: &str = "sandbox-admin-token";
pub const WORKSTATION_ID: &str = "sandbox-window-1";
pub const WORKSTATION_SECRET: &str = "sandbox-training-secret";
/// 培训收件员: a window clerk.
pub const WINDOW_CLERK: &str = "1024";
/// 培训收件员二: a second window clerk, for exercises with two windows.
pub const SECOND_CLERK: &str = "1025";
/// 培训值班长: a shift lead who also works a window.
pub const LEAD: &str = "2001";
/// 培训教员: a trainer who also works a window.
pub const TRAINER: &str = "3001";
/// 培训审批员: an approver of every queue.
pub const APPROVER: &str = "4001";
/// 培训管理员: the hall's administrator.
pub const ADMIN: &str = "9001";
/// Every training account's PIN.
pub const PIN: &str = "0000";

/// How the catalog names a department's queue: `backoffice.<code>`.
const QUEUE_PREFIX: &str = "backoffice.";

/// One queue per department of the built-in catalog, so every case a sandbox window accepts
/// has a queue to go to. (A hand-kept list fell behind the catalog once: cases for five
/// departments were refused with `backoffice.unknown_queue`.)
pub fn queues() -> Result<Vec<QueueDef>, BackofficeError> {
    static QUEUES: OnceLock<Vec<QueueDef>> = OnceLock::new();
    if let Some(q) = QUEUES.get() {
        return Ok(q.clone());
    }
    let catalog = ow_catalog::Catalog::builtin()
        .map_err(|e| BackofficeError::Internal(format!("the built-in catalog: {e}")))?;
    let mut queues: Vec<QueueDef> = catalog
        .departments()
        .iter()
        .map(|d| QueueDef {
            code: d
                .queue
                .strip_prefix(QUEUE_PREFIX)
                .unwrap_or(&d.queue)
                .to_owned(),
            name: d.name.clone(),
        })
        .collect();
    queues.sort_by(|a, b| a.code.cmp(&b.code));
    queues.dedup_by(|a, b| a.code == b.code);
    Ok(QUEUES.get_or_init(|| queues).clone())
}

/// One ticket group per department queue, same code and name, lettered A, B, C… in code order.
pub fn service_groups(queues: &[QueueDef]) -> Result<Vec<ServiceGroup>, BackofficeError> {
    if queues.len() > 26 {
        return Err(BackofficeError::Internal(format!(
            "{} departments, but tickets have only 26 letters",
            queues.len()
        )));
    }
    Ok(queues
        .iter()
        .zip('A'..='Z')
        .map(|(q, letter)| ServiceGroup {
            code: q.code.clone(),
            name: q.name.clone(),
            prefix: letter.to_string(),
        })
        .collect())
}

static SEED: OnceLock<Seed> = OnceLock::new();

/// Hashing is slow by design; a process that starts many sandboxes hashes once.
pub fn sandbox_seed() -> Result<Seed, BackofficeError> {
    if let Some(s) = SEED.get() {
        return Ok(s.clone());
    }
    let queues = queues()?;
    let every_queue: Vec<String> = queues.iter().map(|q| q.code.clone()).collect();
    let secret_hash = hash_secret(PIN)?;
    let person = |id: &str, name: &str, roles: &[ClerkRole], queues: Vec<String>| ClerkRecord {
        id: id.into(),
        name: name.into(),
        roles: roles.to_vec(),
        queues,
        secret_hash: secret_hash.clone(),
    };
    use ClerkRole::{Admin, Approver, Clerk, Lead, Trainer};
    let groups = service_groups(&queues)?;
    let window_groups = vec![WindowGroups {
        workstation_id: WORKSTATION_ID.into(),
        groups: groups.iter().map(|g| g.code.clone()).collect(),
    }];
    let seed = Seed {
        queues,
        groups,
        window_groups,
        workstations: vec![WorkstationRecord {
            id: WORKSTATION_ID.into(),
            window_name: "培训窗口 1".into(),
            secret_hash: hash_secret(WORKSTATION_SECRET)?,
        }],
        clerks: vec![
            person(WINDOW_CLERK, "培训收件员", &[Clerk], Vec::new()),
            person(SECOND_CLERK, "培训收件员二", &[Clerk], Vec::new()),
            person(LEAD, "培训值班长", &[Clerk, Lead], Vec::new()),
            person(TRAINER, "培训教员", &[Clerk, Trainer], Vec::new()),
            person(APPROVER, "培训审批员", &[Approver], every_queue),
            person(ADMIN, "培训管理员", &[Admin], Vec::new()),
        ],
    };
    Ok(SEED.get_or_init(|| seed).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_department_of_the_catalog_has_a_queue() {
        let catalog = ow_catalog::Catalog::builtin().unwrap();
        let codes: Vec<String> = queues().unwrap().into_iter().map(|q| q.code).collect();
        assert!(catalog.departments().len() >= 12);
        for d in catalog.departments() {
            let code = d.queue.strip_prefix(QUEUE_PREFIX).unwrap();
            assert!(codes.iter().any(|c| c == code), "no queue for {}", d.queue);
        }
    }

    #[test]
    fn the_approver_works_every_queue_and_every_person_has_a_role() {
        let seed = sandbox_seed().unwrap();
        let approver = seed.clerks.iter().find(|c| c.id == APPROVER).unwrap();
        assert_eq!(approver.queues.len(), seed.queues.len());
        assert!(seed.clerks.iter().all(|c| !c.roles.is_empty()));
        let mut ids: Vec<&str> = seed.clerks.iter().map(|c| c.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 6);
    }

    #[test]
    fn every_queue_has_a_ticket_group_and_the_sandbox_window_serves_them_all() {
        let seed = sandbox_seed().unwrap();
        assert_eq!(seed.groups.len(), seed.queues.len());
        let prefixes: Vec<&str> = seed.groups.iter().map(|g| g.prefix.as_str()).collect();
        assert_eq!(prefixes[..3], ["A", "B", "C"]);
        assert!(seed.groups.windows(2).all(|w| w[0].code < w[1].code));
        assert_eq!(seed.window_groups[0].groups.len(), seed.groups.len());
    }
}
