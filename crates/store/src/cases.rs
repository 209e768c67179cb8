//! Drafts: create, autosave, fetch, list.

use crate::{Store, StoreError};
use ow_case::{CaseDraft, CaseId, CaseStatus, CaseSummary};
use rusqlite::{params, OptionalExtension};
use std::collections::HashMap;

impl Store {
    /// Saves the draft, inserting or replacing it whole (every autosave writes the full body,
    /// so a crash between two saves never leaves half an edit).
    pub fn save_case(&self, case: &CaseDraft) -> Result<(), StoreError> {
        write_case(&*self.conn()?, case)
    }

    /// The case with this id.
    pub fn case(&self, id: CaseId) -> Result<CaseDraft, StoreError> {
        let body: Option<String> = self
            .conn()?
            .query_row(
                "SELECT body FROM cases WHERE id = ?1",
                [id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let body = body.ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        Ok(serde_json::from_str(&body)?)
    }

    /// The most recently touched cases, newest first: `owner`'s only, or everyone's.
    pub fn recent_cases(
        &self,
        owner: Option<&str>,
        limit: u32,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT body FROM cases WHERE ?1 IS NULL OR owner = ?1
             ORDER BY updated_at DESC, id DESC LIMIT ?2",
        )?;
        let bodies = stmt
            .query_map(params![owner, limit], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        bodies
            .iter()
            .map(|b| Ok(serde_json::from_str::<CaseDraft>(b)?.summary()))
            .collect()
    }

    /// How often each item (by basic code) appears among the latest `window` cases: the
    /// "frequent items" that item search puts first.
    pub fn item_usage(&self, window: u32) -> Result<HashMap<String, u32>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT code, count(*) FROM (
                SELECT json_extract(body, '$.item.code') AS code FROM cases
                ORDER BY updated_at DESC LIMIT ?1
             ) WHERE code IS NOT NULL GROUP BY code",
        )?;
        let rows = stmt.query_map([window], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every person's drafts still open on this workstation, newest first (the shift lead's
    /// list: a clerk who left keeps theirs, and the lead sees them).
    pub fn open_drafts(&self, limit: u32) -> Result<Vec<CaseDraft>, StoreError> {
        let status = serde_json::to_value(CaseStatus::Draft)?;
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT body FROM cases WHERE status = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?2",
        )?;
        let bodies = stmt
            .query_map(params![status.as_str().unwrap_or_default(), limit], |r| {
                r.get::<_, String>(0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        bodies
            .iter()
            .map(|b| Ok(serde_json::from_str::<CaseDraft>(b)?))
            .collect()
    }

    /// `owner`'s cases (everyone's with `None`) served under ticket `number` and created at or
    /// after `since`: one visit's cases. (Numbers repeat day to day; `since` tells visits apart.)
    pub fn cases_for_ticket(
        &self,
        owner: Option<&str>,
        number: &str,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<CaseDraft>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT body FROM cases WHERE (?1 IS NULL OR owner = ?1)
             AND json_extract(body, '$.ticket') = ?2 ORDER BY id DESC LIMIT 100",
        )?;
        let bodies = stmt
            .query_map(params![owner, number], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut cases = Vec::new();
        for b in &bodies {
            let c: CaseDraft = serde_json::from_str(b)?;
            if c.created_at >= since {
                cases.push(c);
            }
        }
        Ok(cases)
    }

    /// `owner`'s newest draft still open, offered when they sign in (again).
    pub fn latest_open_draft(&self, owner: &str) -> Result<Option<CaseDraft>, StoreError> {
        let status = serde_json::to_value(CaseStatus::Draft)?;
        let body: Option<String> = self
            .conn()?
            .query_row(
                "SELECT body FROM cases WHERE status = ?1 AND owner = ?2
                 ORDER BY updated_at DESC, id DESC LIMIT 1",
                params![status.as_str().unwrap_or_default(), owner],
                |r| r.get(0),
            )
            .optional()?;
        body.map(|b| serde_json::from_str(&b).map_err(StoreError::from))
            .transpose()
    }
}

impl Store {
    /// Cases in `status` whose applicant has ID number `number`, newest first (the notices a
    /// citizen who reads their card again may have come back for).
    pub fn cases_of_applicant(
        &self,
        number: &str,
        status: CaseStatus,
        limit: u32,
    ) -> Result<Vec<CaseDraft>, StoreError> {
        let status = serde_json::to_value(status)?;
        self.bodies(
            "SELECT body FROM cases WHERE status = ?1
               AND json_extract(body, '$.applicant.id_number') = ?2
             ORDER BY updated_at DESC, id DESC LIMIT ?3",
            params![status.as_str().unwrap_or_default(), number, limit],
        )
    }

    /// The cases that carry `case` on (a notice continued, a return supplemented), oldest
    /// first.
    pub fn followers_of(&self, case: CaseId) -> Result<Vec<CaseDraft>, StoreError> {
        self.bodies(
            "SELECT body FROM cases WHERE json_extract(body, '$.follows.case_id') = ?1
             ORDER BY id",
            params![case.to_string()],
        )
    }

    /// The decided case with window case number `number` (the number on the citizen's paper).
    pub fn case_by_number(&self, number: &str) -> Result<Option<CaseDraft>, StoreError> {
        Ok(self
            .bodies(
                "SELECT body FROM cases WHERE json_extract(body, '$.decision.case_number') = ?1
                 LIMIT 1",
                params![number],
            )?
            .pop())
    }

    /// The case whose paper (receipt, notice or rejection) carries `document_number`.
    pub fn case_by_document(&self, document_number: &str) -> Result<Option<CaseDraft>, StoreError> {
        Ok(self
            .bodies(
                "SELECT body FROM cases
                 WHERE json_extract(body, '$.decision.document_number') = ?1 LIMIT 1",
                params![document_number],
            )?
            .pop())
    }

    fn bodies(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<CaseDraft>, StoreError> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(sql)?;
        let bodies = stmt
            .query_map(params, |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        bodies
            .iter()
            .map(|b| Ok(serde_json::from_str::<CaseDraft>(b)?))
            .collect()
    }
}

/// Inserts or replaces the whole case (shared by autosave and decision transactions).
pub(crate) fn write_case(conn: &rusqlite::Connection, case: &CaseDraft) -> Result<(), StoreError> {
    let body = serde_json::to_string(case)?;
    let status = serde_json::to_value(case.status)?;
    conn.execute(
        "INSERT INTO cases (id, created_at, updated_at, status, body, owner)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET
           updated_at = excluded.updated_at, status = excluded.status, body = excluded.body,
           owner = excluded.owner",
        params![
            case.id.to_string(),
            case.created_at.to_rfc3339(),
            case.updated_at.to_rfc3339(),
            status.as_str().unwrap_or_default(),
            body,
            case.owner.as_ref().map(|o| o.id.as_str())
        ],
    )?;
    Ok(())
}
