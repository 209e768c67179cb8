//! The case transactions on SQLite: intake, claim, transitions, the feed and the overview.

use super::db;
use crate::domain::{case_number, referenced_blobs};
use crate::error::BackofficeError;
use crate::storage::*;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

/// A write transaction that holds SQLite's write lock from its first statement.
pub(super) fn write_tx(c: &mut Connection) -> Result<Transaction<'_>> {
    c.transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db("start a transaction"))
}

/// An event from columns starting at `at`.
pub(super) fn event_at(r: &Row<'_>, at: usize) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        at: r.get(at)?,
        actor_kind: r.get(at + 1)?,
        actor_id: r.get(at + 2)?,
        action: r.get(at + 3)?,
        from_state: r.get(at + 4)?,
        to_state: r.get(at + 5)?,
        detail: r.get(at + 6)?,
    })
}

pub(super) fn insert_event(tx: &Transaction<'_>, case_id: i64, e: &EventRow) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![
            case_id, e.at, e.actor_kind, e.actor_id, e.action, e.from_state, e.to_state, e.detail
        ])
    })
    .map_err(db("record an event"))?;
    Ok(())
}

pub(super) fn queue_exists(tx: &Transaction<'_>, queue: &str) -> Result<bool> {
    tx.prepare_cached("SELECT 1 FROM queues WHERE code = ?1")
        .and_then(|mut s| s.exists([queue]))
        .map_err(db("look up a queue"))
}

pub(super) fn missing_blobs(tx: &Transaction<'_>, wanted: &[String]) -> Result<Vec<String>> {
    let mut stmt = tx
        .prepare_cached("SELECT 1 FROM blobs WHERE sha256 = ?1")
        .map_err(db("look up blobs"))?;
    let mut missing = Vec::new();
    for h in wanted {
        if !stmt.exists([h]).map_err(db("look up blobs"))? {
            missing.push(h.clone());
        }
    }
    Ok(missing)
}

pub(super) fn link_blobs(tx: &Transaction<'_>, case_id: i64, blobs: &[String]) -> Result<()> {
    let mut stmt = tx
        .prepare_cached("INSERT OR IGNORE INTO case_blobs (case_id, sha256) VALUES (?1, ?2)")
        .map_err(db("link blobs"))?;
    for h in blobs {
        stmt.execute(params![case_id, h])
            .map_err(db("link blobs"))?;
    }
    Ok(())
}

pub(super) fn load_case(
    c: &Connection,
    by: &str,
    key: &dyn rusqlite::ToSql,
) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
    let row = c
        .prepare_cached(&format!("SELECT {CASE_COLUMNS} FROM cases WHERE {by} = ?1"))
        .and_then(|mut s| s.query_row([key], |r| case_row_at(r, 0)).optional())
        .map_err(db("read a case"))?;
    let Some(row) = row else { return Ok(None) };
    let events = c
        .prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM case_events WHERE case_id = ?1 ORDER BY id"
        ))
        .and_then(|mut s| {
            s.query_map([row.id], |r| event_at(r, 0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("read a case's history"))?;
    Ok(Some((row, events)))
}

pub(super) fn replay(
    stored_hash: &str,
    response: Option<String>,
    hash: &str,
) -> Result<IntakeOutcome> {
    if stored_hash != hash {
        return Err(BackofficeError::IdempotencyKeyReused);
    }
    let response = response
        .ok_or_else(|| BackofficeError::Internal("an idempotency row has no response".into()))?;
    Ok(IntakeOutcome::Replayed(receipt_from_json(&response)?))
}

pub(super) fn intake_tx(c: &mut Connection, case: NewCase) -> Result<IntakeOutcome> {
    let tx = write_tx(c)?;
    let prior = tx
        .query_row(
            "SELECT request_hash, response FROM idempotency WHERE workstation_id = ?1 AND key = ?2",
            params![case.workstation_id, case.idempotency_key],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )
        .optional()
        .map_err(db("look up an idempotency key"))?;
    if let Some((stored, response)) = prior {
        return replay(&stored, response, &case.request_hash);
    }
    let intake = &case.intake;
    if !queue_exists(&tx, &intake.queue)? {
        return Err(BackofficeError::UnknownQueue {
            queue: intake.queue.clone(),
        });
    }
    let blobs = referenced_blobs(&intake.materials);
    let missing = missing_blobs(&tx, &blobs)?;
    if !missing.is_empty() {
        return Err(BackofficeError::MissingBlobs { hashes: missing });
    }
    let seq: i64 = tx
        .query_row(
            "INSERT INTO counters (name, value) VALUES ('case', 1) \
             ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
            [],
            |r| r.get(0),
        )
        .map_err(db("number a case"))?;
    let number = case_number(case.now, seq);
    let body =
        serde_json::to_string(intake).map_err(|e| BackofficeError::Internal(e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO cases (case_number, window_case_no, workstation_id, queue, item_code, item_name, \
         priority, priority_rank, state, assignee, body, created_at, updated_at, queued_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', NULL, ?9, ?10, ?10, ?10)",
    )
    .and_then(|mut s| {
        s.execute(params![
            number,
            intake.window_case_no,
            case.workstation_id,
            intake.queue,
            intake.item_code,
            intake.item_name,
            priority_str(intake.priority),
            priority_rank(intake.priority),
            body,
            case.now
        ])
    })
    .map_err(db("insert a case"))?;
    let case_id = tx.last_insert_rowid();
    link_blobs(&tx, case_id, &blobs)?;
    let ev = event_row(
        &case.actor,
        CaseAction::Intake,
        None,
        CaseState::Queued,
        &EventDetail::default(),
        case.now,
    )?;
    insert_event(&tx, case_id, &ev)?;
    let receipt = ow_api::IntakeReceipt {
        case_number: number,
        queue: intake.queue.clone(),
        state: CaseState::Queued,
        received_at: crate::domain::to_time(case.now),
    };
    tx.execute(
        "INSERT INTO idempotency (workstation_id, key, request_hash, response, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![case.workstation_id, case.idempotency_key, case.request_hash, receipt_json(&receipt)?, case.now],
    )
    .map_err(db("record an idempotency key"))?;
    tx.commit().map_err(db("commit an intake"))?;
    Ok(IntakeOutcome::Created(receipt))
}

pub(super) fn claim_tx(
    c: &mut Connection,
    queue: &str,
    actor: &Actor,
    now: i64,
) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
    let tx = write_tx(c)?;
    if !queue_exists(&tx, queue)? {
        return Err(BackofficeError::UnknownQueue {
            queue: queue.into(),
        });
    }
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM cases WHERE queue = ?1 AND state = 'queued' \
             ORDER BY priority_rank DESC, queued_at, id LIMIT 1",
        )
        .and_then(|mut s| s.query_row([queue], |r| r.get(0)).optional())
        .map_err(db("find the next case"))?;
    let Some(id) = id else { return Ok(None) };
    tx.execute(
        "UPDATE cases SET state = 'in_review', assignee = ?1, updated_at = ?2 WHERE id = ?3",
        params![actor.id, now, id],
    )
    .map_err(db("claim a case"))?;
    let ev = event_row(
        actor,
        CaseAction::Claim,
        Some("queued"),
        CaseState::InReview,
        &EventDetail::default(),
        now,
    )?;
    insert_event(&tx, id, &ev)?;
    let loaded = load_case(&tx, "id", &id)?;
    tx.commit().map_err(db("commit a claim"))?;
    Ok(loaded)
}

pub(super) fn transition_tx(
    c: &mut Connection,
    number: &str,
    actor: &Actor,
    now: i64,
    decide: Decide,
) -> Result<(CaseRow, Vec<EventRow>)> {
    let tx = write_tx(c)?;
    let unknown = || BackofficeError::UnknownCase {
        case_number: number.into(),
    };
    let (row, _) = load_case(&tx, "case_number", &number)?.ok_or_else(unknown)?;
    let plan = decide(&row)?;
    if plan.queue != row.queue && !queue_exists(&tx, &plan.queue)? {
        return Err(BackofficeError::UnknownQueue { queue: plan.queue });
    }
    let blobs = referenced_blobs(&plan.new_materials);
    let missing = missing_blobs(&tx, &blobs)?;
    if !missing.is_empty() {
        return Err(BackofficeError::MissingBlobs { hashes: missing });
    }
    let body = body_with_materials(&row, &plan)?;
    tx.execute(
        "UPDATE cases SET state = ?1, queue = ?2, assignee = ?3, body = ?4, updated_at = ?5, \
         queued_at = CASE WHEN ?6 THEN ?5 ELSE queued_at END WHERE id = ?7",
        params![
            plan.to.as_str(),
            plan.queue,
            plan.assignee,
            body,
            now,
            plan.requeued,
            row.id
        ],
    )
    .map_err(db("update a case"))?;
    link_blobs(&tx, row.id, &blobs)?;
    let ev = event_row(
        actor,
        plan.action,
        Some(&row.state),
        plan.to,
        &plan.detail,
        now,
    )?;
    insert_event(&tx, row.id, &ev)?;
    let loaded = load_case(&tx, "id", &row.id)?.ok_or_else(unknown)?;
    tx.commit().map_err(db("commit a transition"))?;
    Ok(loaded)
}

pub(super) fn case_row_at(r: &Row<'_>, at: usize) -> rusqlite::Result<CaseRow> {
    Ok(CaseRow {
        id: r.get(at)?,
        case_number: r.get(at + 1)?,
        window_case_no: r.get(at + 2)?,
        workstation_id: r.get(at + 3)?,
        queue: r.get(at + 4)?,
        item_code: r.get(at + 5)?,
        item_name: r.get(at + 6)?,
        priority: r.get(at + 7)?,
        state: r.get(at + 8)?,
        assignee: r.get(at + 9)?,
        body: r.get(at + 10)?,
        created_at: r.get(at + 11)?,
        updated_at: r.get(at + 12)?,
    })
}

/// Cases not handed out or rejected yet, oldest first.
pub(super) fn open_cases(c: &mut Connection, limit: u32) -> Result<Vec<CaseRow>> {
    c.prepare_cached(&format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE state IN {OPEN_STATES} ORDER BY id LIMIT ?1"
    ))
    .and_then(|mut s| {
        s.query_map([limit], |r| case_row_at(r, 0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    })
    .map_err(db("list open cases"))
}
