//! The back office's results for the hall's cases, mirrored for the window's pickup list.

use crate::{Store, StoreError};
use rusqlite::{params, OptionalExtension};

/// One case's latest state in the back office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultRow {
    pub case_number: String,
    pub window_case_no: String,
    pub workstation_id: String,
    pub queue: String,
    /// `ow_api::CaseState` in snake case.
    pub state: String,
    pub changed_at: String,
    pub reasons: Vec<String>,
    pub note: Option<String>,
    pub item_name: Option<String>,
    pub applicant_name: Option<String>,
}

/// Whose ID may collect a result: `(role, sha256 of the number)` pairs.
pub type Holders = Vec<(String, String)>;

/// The columns [`row_of`] reads, in its order.
const ROW_COLUMNS: &str = "case_number, window_case_no, workstation_id, queue, state, changed_at,
                           reasons, note, item_name, applicant_name";

/// A row of [`ROW_COLUMNS`] (its reasons still JSON, in the second value).
fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ResultRow, String)> {
    Ok((
        ResultRow {
            case_number: r.get(0)?,
            window_case_no: r.get(1)?,
            workstation_id: r.get(2)?,
            queue: r.get(3)?,
            state: r.get(4)?,
            changed_at: r.get(5)?,
            reasons: Vec::new(),
            note: r.get(7)?,
            item_name: r.get(8)?,
            applicant_name: r.get(9)?,
        },
        r.get(6)?,
    ))
}

/// Sets a case's state after an action at this window (e.g. handed out).
pub(crate) fn set_state(
    conn: &rusqlite::Connection,
    case_number: &str,
    state: &str,
    at: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE results SET state = ?2, changed_at = ?3 WHERE case_number = ?1",
        params![case_number, state, at],
    )?;
    Ok(())
}

impl Store {
    /// Applies one page of changes and moves the feed's cursor, in one transaction: a crash
    /// between pages re-reads a page, and applying a change twice changes nothing.
    pub fn apply_results(
        &self,
        feed: &str,
        rows: &[ResultRow],
        cursor: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        for r in rows {
            tx.execute(
                "INSERT INTO results (case_number, window_case_no, workstation_id, queue, state,
                                      changed_at, reasons, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (case_number) DO UPDATE SET
                   queue = excluded.queue, state = excluded.state,
                   changed_at = excluded.changed_at, reasons = excluded.reasons,
                   note = excluded.note
                 WHERE excluded.changed_at >= results.changed_at",
                params![
                    r.case_number,
                    r.window_case_no,
                    r.workstation_id,
                    r.queue,
                    r.state,
                    r.changed_at,
                    serde_json::to_string(&r.reasons)?,
                    r.note
                ],
            )?;
        }
        tx.execute(
            "INSERT OR REPLACE INTO feed_cursors (feed, cursor) VALUES (?1, ?2)",
            params![feed, cursor],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Where `feed` was last read up to.
    pub fn feed_cursor(&self, feed: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                "SELECT cursor FROM feed_cursors WHERE feed = ?1",
                [feed],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Fills in the names shown on the pickup list.
    pub fn set_result_names(
        &self,
        case_number: &str,
        item_name: &str,
        applicant_name: &str,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE results SET item_name = ?2, applicant_name = ?3 WHERE case_number = ?1",
            params![case_number, item_name, applicant_name],
        )?;
        Ok(())
    }

    /// Whose ID may collect the result: `(role, sha256 of the number)` pairs.
    pub fn set_result_holders(
        &self,
        case_number: &str,
        holders: &[(String, String)],
    ) -> Result<(), StoreError> {
        let json: Vec<serde_json::Value> = holders
            .iter()
            .map(|(role, sha)| serde_json::json!({ "role": role, "sha256": sha }))
            .collect();
        self.conn()?.execute(
            "UPDATE results SET holders = ?2 WHERE case_number = ?1",
            params![case_number, serde_json::to_string(&json)?],
        )?;
        Ok(())
    }

    /// One case's row and its holders.
    pub fn result(&self, case_number: &str) -> Result<Option<(ResultRow, Holders)>, StoreError> {
        let conn = self.conn()?;
        let found = conn
            .query_row(
                &format!("SELECT {ROW_COLUMNS}, holders FROM results WHERE case_number = ?1"),
                [case_number],
                |r| Ok((row_of(r)?, r.get::<_, String>(10)?)),
            )
            .optional()?;
        let Some(((mut row, reasons), holders)) = found else {
            return Ok(None);
        };
        row.reasons = serde_json::from_str(&reasons)?;
        let holders: Vec<serde_json::Value> = serde_json::from_str(&holders)?;
        let holders = holders
            .iter()
            .filter_map(|h| {
                Some((
                    h["role"].as_str()?.to_owned(),
                    h["sha256"].as_str()?.to_owned(),
                ))
            })
            .collect();
        Ok(Some((row, holders)))
    }

    /// Sets a case's state after an action at this window (e.g. handed out).
    pub fn set_result_state(
        &self,
        case_number: &str,
        state: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        set_state(&*self.conn()?, case_number, state, at)
    }

    /// The cases in any of `states`, newest change first.
    pub fn results_in(&self, states: &[&str]) -> Result<Vec<ResultRow>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM results WHERE state IN (SELECT value FROM json_each(?1))
             ORDER BY changed_at DESC"
        ))?;
        let rows = stmt.query_map([serde_json::to_string(states)?], row_of)?;
        let mut out = Vec::new();
        for row in rows {
            let (mut row, reasons) = row?;
            row.reasons = serde_json::from_str(&reasons)?;
            out.push(row);
        }
        Ok(out)
    }
}
