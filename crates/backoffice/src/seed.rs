//! The sandbox's training data: one window, three clerks, the departments' queues.
//!
//! These ids and secrets are public on purpose (trainers type them); they exist only in
//! sandbox mode, so they can never open a production back office.

use crate::auth::hash_secret;
use crate::error::BackofficeError;
use crate::storage::{ClerkRecord, Seed, WorkstationRecord};
use ow_api::{ClerkRole, QueueDef};
use std::sync::OnceLock;

pub const SANDBOX: &str = "sandbox";
pub const ADMIN_TOKEN: &str = "sandbox-admin-token";
pub const WORKSTATION_ID: &str = "sandbox-window-1";
pub const WORKSTATION_SECRET: &str = "sandbox-training-secret";
pub const WINDOW_CLERK: &str = "trainer-window";
pub const APPROVER: &str = "trainer-approver";
pub const LEAD: &str = "trainer-lead";
/// Every training clerk's PIN.
pub const PIN: &str = "0000";

/// The departments of the seed documents' halls.
pub const QUEUES: &[(&str, &str)] = &[
    ("huzheng", "户政"),
    ("churujing", "出入境"),
    ("chejiaguan", "车驾管"),
    ("renshe", "人社"),
    ("shichang", "市场监管"),
    ("shuiwu", "税务"),
    ("budongchan", "不动产"),
];

static SEED: OnceLock<Seed> = OnceLock::new();

/// Hashing is slow by design; a process that starts many sandboxes hashes once.
pub fn sandbox_seed() -> Result<Seed, BackofficeError> {
    if let Some(s) = SEED.get() {
        return Ok(s.clone());
    }
    let queues: Vec<String> = QUEUES.iter().map(|(c, _)| (*c).to_owned()).collect();
    let pin_hash = hash_secret(PIN)?;
    let clerk = |id: &str, name: &str, role, queues: Vec<String>| ClerkRecord {
        id: id.into(),
        name: name.into(),
        role,
        queues,
        pin_hash: pin_hash.clone(),
    };
    let seed = Seed {
        queues: QUEUES
            .iter()
            .map(|(code, name)| QueueDef {
                code: (*code).into(),
                name: (*name).into(),
            })
            .collect(),
        workstations: vec![WorkstationRecord {
            id: WORKSTATION_ID.into(),
            window_name: "培训窗口 1".into(),
            secret_hash: hash_secret(WORKSTATION_SECRET)?,
        }],
        clerks: vec![
            clerk(WINDOW_CLERK, "培训收件员", ClerkRole::Window, Vec::new()),
            clerk(APPROVER, "培训审批员", ClerkRole::Approver, queues),
            clerk(LEAD, "培训值班长", ClerkRole::Lead, Vec::new()),
        ],
    };
    Ok(SEED.get_or_init(|| seed).clone())
}
