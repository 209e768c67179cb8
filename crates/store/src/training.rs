//! Training: the trainee's plays (kept for good), the window's reset, and the store's mode.

use crate::{Store, StoreError};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};

/// One play of a scenario as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingRunRow {
    pub case_id: String,
    pub scenario: String,
    pub person: String,
    pub started_at: String,
    pub scored_at: Option<String>,
    /// The score's JSON, once the case is decided.
    pub score: Option<String>,
}

/// What a reset of the training window removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WindowReset {
    pub cases: usize,
    pub pages: usize,
    pub papers: usize,
    pub outbox: usize,
    pub results: usize,
    pub blobs: usize,
}

fn run_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TrainingRunRow> {
    Ok(TrainingRunRow {
        case_id: r.get(0)?,
        scenario: r.get(1)?,
        person: r.get(2)?,
        started_at: r.get(3)?,
        scored_at: r.get(4)?,
        score: r.get(5)?,
    })
}

const RUN_COLUMNS: &str = "case_id, scenario, person, started_at, scored_at, score";

impl Store {
    /// Writes the store's mode on first use; refuses a store made for the other mode.
    pub fn stamp_mode(&self, mode: &str) -> Result<(), StoreError> {
        let conn = self.conn()?;
        conn.execute(
            "INSERT OR IGNORE INTO store_meta (key, value) VALUES ('mode', ?1)",
            [mode],
        )?;
        let found: String =
            conn.query_row("SELECT value FROM store_meta WHERE key = 'mode'", [], |r| {
                r.get(0)
            })?;
        if found == mode {
            Ok(())
        } else {
            Err(StoreError::WrongMode {
                found,
                running: mode.to_owned(),
            })
        }
    }

    /// Records that `case_id` is a play of `scenario` by `person`.
    pub fn record_training_run(
        &self,
        case_id: &str,
        scenario: &str,
        person: &str,
        started_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "INSERT INTO training_runs (case_id, scenario, person, started_at) VALUES (?1, ?2, ?3, ?4)",
            params![case_id, scenario, person, started_at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// The play a case belongs to, if it is one.
    pub fn training_run(&self, case_id: &str) -> Result<Option<TrainingRunRow>, StoreError> {
        Ok(self
            .conn()?
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM training_runs WHERE case_id = ?1"),
                [case_id],
                run_row,
            )
            .optional()?)
    }

    /// Stores a play's score once (a second call keeps the first: a score never changes).
    pub fn save_training_score(
        &self,
        case_id: &str,
        score_json: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE training_runs SET score = ?2, scored_at = ?3 WHERE case_id = ?1 AND score IS NULL",
            params![case_id, score_json, at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Rewrites a play's stored score (its papers counted again; the points never change).
    pub fn update_training_score(&self, case_id: &str, score_json: &str) -> Result<(), StoreError> {
        self.conn()?.execute(
            "UPDATE training_runs SET score = ?2 WHERE case_id = ?1 AND score IS NOT NULL",
            params![case_id, score_json],
        )?;
        Ok(())
    }

    /// The latest plays, newest first: one person's, or everyone's.
    pub fn training_runs(
        &self,
        person: Option<&str>,
        limit: u32,
    ) -> Result<Vec<TrainingRunRow>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM training_runs WHERE ?1 IS NULL OR person = ?1
             ORDER BY started_at DESC, case_id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![person, limit], run_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Empties the training window: every case with its pages, papers, outbox entry and
    /// results, and the waiting rating. The plays (the trainees' history), the people, the
    /// numbering and the audit trail stay. One transaction, recorded as `by`'s.
    pub fn reset_training_window(
        &self,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<WindowReset, StoreError> {
        let mut conn = self.conn()?;
        let tx = conn.transaction()?;
        let mut report = WindowReset {
            papers: tx.execute("DELETE FROM papers", [])?,
            pages: tx.execute("DELETE FROM case_pages", [])?,
            outbox: tx.execute("DELETE FROM outbox", [])?,
            results: tx.execute("DELETE FROM results", [])?,
            cases: tx.execute("DELETE FROM cases", [])?,
            blobs: 0,
        };
        tx.execute("DELETE FROM rating_pending", [])?;
        report.blobs = crate::retention::delete_unreferenced_blobs(&tx)?;
        crate::audit::append(
            &tx,
            &crate::AuditRecord {
                at: now.to_rfc3339(),
                case_id: None,
                action: "training.reset".into(),
                clerk_id: by.to_owned(),
                workstation_id: String::new(),
                detail: serde_json::json!({ "cases": report.cases }).to_string(),
            },
        )?;
        tx.commit()?;
        Ok(report)
    }
}
