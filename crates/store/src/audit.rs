//! The audit trail: append-only, without personal data (see migration 0008).

use crate::{DecisionTx, Store, StoreError};
use rusqlite::{params, Connection};

/// One line of the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub at: String,
    /// The local case, when the action is about one.
    pub case_id: Option<String>,
    /// Dotted and stable, e.g. `case.created`, `identity.manual`, `paper.printed`.
    pub action: String,
    pub clerk_id: String,
    pub workstation_id: String,
    /// JSON object with the facts of the action (kinds, numbers, outcomes).
    pub detail: String,
}

pub(crate) fn append(conn: &Connection, r: &AuditRecord) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO audit (at, case_id, action, clerk_id, workstation_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            r.at,
            r.case_id,
            r.action,
            r.clerk_id,
            r.workstation_id,
            r.detail
        ],
    )?;
    Ok(())
}

impl Store {
    /// Appends one line to the trail.
    pub fn audit(&self, record: &AuditRecord) -> Result<(), StoreError> {
        append(&*self.conn()?, record)
    }

    /// The latest action recorded for a case.
    pub fn last_audit_action(&self, case_id: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()?
            .query_row(
                "SELECT action FROM audit WHERE case_id = ?1 ORDER BY id DESC LIMIT 1",
                [case_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The trail of one case, oldest first.
    pub fn audit_trail(&self, case_id: &str) -> Result<Vec<AuditRecord>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT at, case_id, action, clerk_id, workstation_id, detail
             FROM audit WHERE case_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok(AuditRecord {
                at: r.get(0)?,
                case_id: r.get(1)?,
                action: r.get(2)?,
                clerk_id: r.get(3)?,
                workstation_id: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl DecisionTx<'_> {
    /// Appends to the trail inside the decision's transaction: no decision without its line.
    pub fn audit(&self, record: &AuditRecord) -> Result<(), StoreError> {
        append(&self.tx, record)
    }
}
