//! Retention: decided cases leave the workstation after a set period.
//!
//! An accepted case goes once the back office has confirmed it and the period has passed since
//! the confirmation; a noticed, rejected or abandoned case once the period has passed since it
//! was last touched. Open drafts and accepted cases not yet confirmed are never purged: they
//! are work not yet done. What remains is a row in `purged_cases` without personal data.

use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use ow_case::{CaseDraft, CaseStatus};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashSet;

/// What remains of a purged case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgedCase {
    pub status: String,
    pub case_number: Option<String>,
    pub item_code: Option<String>,
    pub backoffice_number: Option<String>,
    pub purged_at: String,
}

/// What one purge removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PurgeReport {
    pub cases: usize,
    pub papers: usize,
    pub pages: usize,
    pub blobs: usize,
    /// Back-office results handed out (or rejected and handed out) before the cutoff.
    pub results: usize,
}

impl Store {
    /// Purges every case whose retention ran out before `cutoff` (now − the period).
    pub fn purge_expired(
        &self,
        cutoff: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<PurgeReport, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let mut report = PurgeReport::default();
        for (body, backoffice_number) in expired(&tx, cutoff)? {
            let case: CaseDraft = serde_json::from_str(&body)?;
            let id = case.id.to_string();
            let decision = case.decision.as_ref();
            tx.execute(
                "INSERT OR REPLACE INTO purged_cases
                   (case_id, status, case_number, item_code, decided_at, backoffice_number, purged_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    status_name(case.status)?,
                    decision.map(|d| d.case_number.clone()),
                    case.item.as_ref().map(|i| i.code.clone()),
                    decision.map(|d| d.decided_at.to_rfc3339()),
                    backoffice_number,
                    now.to_rfc3339()
                ],
            )?;
            report.papers += tx.execute("DELETE FROM papers WHERE case_id = ?1", [&id])?;
            report.pages += tx.execute("DELETE FROM case_pages WHERE case_id = ?1", [&id])?;
            tx.execute("DELETE FROM outbox WHERE case_id = ?1", [&id])?;
            tx.execute("DELETE FROM cases WHERE id = ?1", [&id])?;
            crate::audit::append(
                &tx,
                &crate::AuditRecord {
                    at: now.to_rfc3339(),
                    case_id: Some(id.clone()),
                    action: "case.purged".into(),
                    clerk_id: "system".into(),
                    workstation_id: String::new(),
                    detail: "{}".into(),
                },
            )?;
            report.cases += 1;
        }
        if report.cases > 0 {
            report.blobs = delete_unreferenced_blobs(&tx)?;
        }
        // Handed-out results carry the applicant's name: they go too. Times are RFC 3339 in
        // UTC as `to_rfc3339` writes them, so text order is time order.
        report.results = tx.execute(
            "DELETE FROM results WHERE state = 'handed_out' AND changed_at < ?1",
            [cutoff.to_rfc3339()],
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// The record of a purged case.
    pub fn purged_case(&self, case_id: &str) -> Result<PurgedCase, StoreError> {
        self.conn()?
            .query_row(
                "SELECT status, case_number, item_code, backoffice_number, purged_at
                 FROM purged_cases WHERE case_id = ?1",
                [case_id],
                |r| {
                    Ok(PurgedCase {
                        status: r.get(0)?,
                        case_number: r.get(1)?,
                        item_code: r.get(2)?,
                        backoffice_number: r.get(3)?,
                        purged_at: r.get(4)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(case_id.to_owned()))
    }

    /// How many cases retention has purged so far.
    pub fn purged_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .query_row("SELECT count(*) FROM purged_cases", [], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or_default())
    }
}

fn status_name(status: CaseStatus) -> Result<String, StoreError> {
    Ok(serde_json::to_value(status)?
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// Bodies (and back-office numbers) of the cases due for purging.
fn expired(
    conn: &Connection,
    cutoff: DateTime<Utc>,
) -> Result<Vec<(String, Option<String>)>, StoreError> {
    // Both wait in the outbox: purged only once the back office has them.
    let sent = [
        status_name(CaseStatus::Accepted)?,
        status_name(CaseStatus::Supplemented)?,
    ];
    let draft = status_name(CaseStatus::Draft)?;
    let mut stmt = conn.prepare(
        "SELECT c.body, c.status, c.updated_at, o.state, o.confirmed_at, o.backoffice_number
         FROM cases c LEFT JOIN outbox o ON o.case_id = c.id
         WHERE c.status <> ?1",
    )?;
    let rows = stmt.query_map([&draft], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let before = |t: &str| DateTime::parse_from_rfc3339(t).is_ok_and(|t| t < cutoff);
    let mut out = Vec::new();
    for row in rows {
        let (body, status, updated_at, state, confirmed_at, number) = row?;
        let due = if sent.contains(&status) {
            state.as_deref() == Some("confirmed") && confirmed_at.as_deref().is_some_and(before)
        } else {
            before(&updated_at)
        };
        if due {
            out.push((body, number));
        }
    }
    Ok(out)
}

/// Blobs no page, thumbnail or waiting outbox entry still points at.
pub(crate) fn delete_unreferenced_blobs(conn: &Connection) -> Result<usize, StoreError> {
    let mut keep: HashSet<String> = HashSet::new();
    {
        let mut stmt = conn.prepare(
            "SELECT sha256 FROM case_pages
             UNION SELECT thumb_sha256 FROM case_pages WHERE thumb_sha256 IS NOT NULL",
        )?;
        for sha in stmt.query_map([], |r| r.get::<_, String>(0))? {
            keep.insert(sha?);
        }
        let mut stmt = conn.prepare("SELECT blobs FROM outbox")?;
        for list in stmt.query_map([], |r| r.get::<_, String>(0))? {
            keep.extend(serde_json::from_str::<Vec<String>>(&list?)?);
        }
    }
    let all: Vec<String> = {
        let mut stmt = conn.prepare("SELECT sha256 FROM blobs")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<Result<_, _>>()?
    };
    let mut removed = 0;
    for sha in all.iter().filter(|s| !keep.contains(*s)) {
        removed += conn.execute("DELETE FROM blobs WHERE sha256 = ?1", [sha])?;
    }
    Ok(removed)
}
