//! The case transactions on PostgreSQL: intake, claim, transitions, the feed and the overview.

use super::pg;
use crate::domain::{case_number, referenced_blobs, to_time, Cursor};
use crate::error::BackofficeError;
use crate::storage::*;
use deadpool_postgres::{Object, Transaction};
use tokio_postgres::types::ToSql;
use tokio_postgres::{GenericClient, Row};

type PgResult<T> = std::result::Result<T, tokio_postgres::Error>;

fn case_row_at(r: &Row, at: usize) -> PgResult<CaseRow> {
    Ok(CaseRow {
        id: r.try_get(at)?,
        case_number: r.try_get(at + 1)?,
        window_case_no: r.try_get(at + 2)?,
        workstation_id: r.try_get(at + 3)?,
        queue: r.try_get(at + 4)?,
        item_code: r.try_get(at + 5)?,
        item_name: r.try_get(at + 6)?,
        priority: r.try_get(at + 7)?,
        state: r.try_get(at + 8)?,
        assignee: r.try_get(at + 9)?,
        body: r.try_get(at + 10)?,
        created_at: r.try_get(at + 11)?,
        updated_at: r.try_get(at + 12)?,
    })
}

fn event_at(r: &Row, at: usize) -> PgResult<EventRow> {
    Ok(EventRow {
        at: r.try_get(at)?,
        actor_kind: r.try_get(at + 1)?,
        actor_id: r.try_get(at + 2)?,
        action: r.try_get(at + 3)?,
        from_state: r.try_get(at + 4)?,
        to_state: r.try_get(at + 5)?,
        detail: r.try_get(at + 6)?,
    })
}

/// Loads a case and its history; `lock` takes the row lock for a transition.
pub(super) async fn load_case<C: GenericClient + Sync>(
    c: &C,
    by: &str,
    key: &(dyn ToSql + Sync),
    lock: bool,
) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
    let lock = if lock { " FOR UPDATE" } else { "" };
    let row = c
        .query_opt(
            &format!("SELECT {CASE_COLUMNS} FROM cases WHERE {by} = $1{lock}"),
            &[key],
        )
        .await
        .map_err(pg("read a case"))?;
    let Some(row) = row else { return Ok(None) };
    let row = case_row_at(&row, 0).map_err(pg("read a case"))?;
    let events = c
        .query(
            &format!("SELECT {EVENT_COLUMNS} FROM case_events WHERE case_id = $1 ORDER BY id"),
            &[&row.id],
        )
        .await
        .map_err(pg("read a case's history"))?
        .iter()
        .map(|r| event_at(r, 0))
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("read a case's history"))?;
    Ok(Some((row, events)))
}

async fn insert_event(tx: &Transaction<'_>, case_id: i64, e: &EventRow) -> Result<()> {
    let stmt = tx
        .prepare_cached(
            "INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, to_state, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .await
        .map_err(pg("record an event"))?;
    tx.execute(
        &stmt,
        &[
            &case_id,
            &e.at,
            &e.actor_kind,
            &e.actor_id,
            &e.action,
            &e.from_state,
            &e.to_state,
            &e.detail,
        ],
    )
    .await
    .map_err(pg("record an event"))?;
    Ok(())
}

async fn queue_exists(tx: &Transaction<'_>, queue: &str) -> Result<bool> {
    let stmt = tx
        .prepare_cached("SELECT 1 FROM queues WHERE code = $1")
        .await
        .map_err(pg("look up a queue"))?;
    Ok(tx
        .query_opt(&stmt, &[&queue])
        .await
        .map_err(pg("look up a queue"))?
        .is_some())
}

async fn missing_blobs(tx: &Transaction<'_>, wanted: &[String]) -> Result<Vec<String>> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let stmt = tx
        .prepare_cached("SELECT sha256 FROM blobs WHERE sha256 = ANY($1)")
        .await
        .map_err(pg("look up blobs"))?;
    let found = tx
        .query(&stmt, &[&wanted])
        .await
        .map_err(pg("look up blobs"))?
        .iter()
        .map(|r| r.try_get::<_, String>(0))
        .collect::<PgResult<std::collections::HashSet<_>>>()
        .map_err(pg("look up blobs"))?;
    Ok(wanted
        .iter()
        .filter(|h| !found.contains(*h))
        .cloned()
        .collect())
}

async fn link_blobs(tx: &Transaction<'_>, case_id: i64, blobs: &[String]) -> Result<()> {
    if blobs.is_empty() {
        return Ok(());
    }
    let stmt = tx
        .prepare_cached(
            "INSERT INTO case_blobs (case_id, sha256) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
        )
        .await
        .map_err(pg("link blobs"))?;
    tx.execute(&stmt, &[&case_id, &blobs])
        .await
        .map_err(pg("link blobs"))?;
    Ok(())
}

fn replay(stored_hash: &str, response: Option<String>, hash: &str) -> Result<IntakeOutcome> {
    if stored_hash != hash {
        return Err(BackofficeError::IdempotencyKeyReused);
    }
    let response = response
        .ok_or_else(|| BackofficeError::Internal("an idempotency row has no response".into()))?;
    Ok(IntakeOutcome::Replayed(receipt_from_json(&response)?))
}

pub(super) async fn intake(client: &mut Object, case: NewCase) -> Result<IntakeOutcome> {
    let tx = client.transaction().await.map_err(pg("start an intake"))?;
    // Taking the key first makes a concurrent retry with the same key wait for us, then see
    // our row; if we roll back, it proceeds as the first.
    let take = tx
        .prepare_cached(
            "INSERT INTO idempotency (workstation_id, key, request_hash, response, created_at) \
             VALUES ($1, $2, $3, NULL, $4) ON CONFLICT DO NOTHING",
        )
        .await
        .map_err(pg("take an idempotency key"))?;
    let taken = tx
        .execute(
            &take,
            &[
                &case.workstation_id,
                &case.idempotency_key,
                &case.request_hash,
                &case.now,
            ],
        )
        .await
        .map_err(pg("take an idempotency key"))?;
    if taken == 0 {
        let r = tx
            .query_one(
                "SELECT request_hash, response FROM idempotency WHERE workstation_id = $1 AND key = $2",
                &[&case.workstation_id, &case.idempotency_key],
            )
            .await
            .map_err(pg("read an idempotency key"))?;
        let stored: String = r.try_get(0).map_err(pg("read an idempotency key"))?;
        let response: Option<String> = r.try_get(1).map_err(pg("read an idempotency key"))?;
        return replay(&stored, response, &case.request_hash);
    }
    let intake = &case.intake;
    let blobs = referenced_blobs(&intake.materials);
    // Round trips dominate on a busy hall: the checks and the case number in one query,
    // the case, its pages, its first event and the stored answer in another.
    let check = tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM queues WHERE code = $1), \
             ARRAY(SELECT sha256 FROM blobs WHERE sha256 = ANY($2)), nextval('case_seq')",
        )
        .await
        .map_err(pg("check an intake"))?;
    let row = tx
        .query_one(&check, &[&intake.queue, &blobs])
        .await
        .map_err(pg("check an intake"))?;
    let (queue_known, found, seq): (bool, Vec<String>, i64) = (
        row.try_get(0).map_err(pg("check an intake"))?,
        row.try_get(1).map_err(pg("check an intake"))?,
        row.try_get(2).map_err(pg("check an intake"))?,
    );
    if !queue_known {
        return Err(BackofficeError::UnknownQueue {
            queue: intake.queue.clone(),
        });
    }
    let missing: Vec<String> = blobs
        .iter()
        .filter(|h| !found.contains(h))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(BackofficeError::MissingBlobs { hashes: missing });
    }
    let number = case_number(case.now, seq);
    let body =
        serde_json::to_string(intake).map_err(|e| BackofficeError::Internal(e.to_string()))?;
    let ev = event_row(
        &case.actor,
        CaseAction::Intake,
        None,
        CaseState::Queued,
        &EventDetail::default(),
        case.now,
    )?;
    let receipt = ow_api::IntakeReceipt {
        case_number: number,
        queue: intake.queue.clone(),
        state: CaseState::Queued,
        received_at: to_time(case.now),
    };
    let insert = tx
        .prepare_cached(
            "WITH c AS (INSERT INTO cases (case_number, window_case_no, workstation_id, queue, \
             item_code, item_name, priority, priority_rank, state, assignee, body, created_at, \
             updated_at, queued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', NULL, $9, $10, $10, $10) RETURNING id), \
             b AS (INSERT INTO case_blobs (case_id, sha256) SELECT c.id, unnest($11::text[]) FROM c), \
             e AS (INSERT INTO case_events (case_id, at, actor_kind, actor_id, action, from_state, \
             to_state, detail) SELECT c.id, $10, $12, $13, $14, NULL, $15, $16 FROM c) \
             UPDATE idempotency SET response = $17 WHERE workstation_id = $3 AND key = $18",
        )
        .await
        .map_err(pg("insert a case"))?;
    tx.execute(
        &insert,
        &[
            &receipt.case_number,
            &intake.window_case_no,
            &case.workstation_id,
            &intake.queue,
            &intake.item_code,
            &intake.item_name,
            &priority_str(intake.priority),
            &priority_rank(intake.priority),
            &body,
            &case.now,
            &blobs,
            &ev.actor_kind,
            &ev.actor_id,
            &ev.action,
            &ev.to_state,
            &ev.detail,
            &receipt_json(&receipt)?,
            &case.idempotency_key,
        ],
    )
    .await
    .map_err(pg("insert a case"))?;
    tx.commit().await.map_err(pg("commit an intake"))?;
    Ok(IntakeOutcome::Created(receipt))
}

pub(super) async fn claim(
    client: &mut Object,
    queue: &str,
    actor: &Actor,
    now: i64,
) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
    let tx = client.transaction().await.map_err(pg("start a claim"))?;
    if !queue_exists(&tx, queue).await? {
        return Err(BackofficeError::UnknownQueue {
            queue: queue.into(),
        });
    }
    // SKIP LOCKED: a case another approver is taking right now is passed over, not waited on.
    let stmt = tx
        .prepare_cached(
            "WITH next AS (SELECT id FROM cases WHERE queue = $1 AND state = 'queued' \
             ORDER BY priority_rank DESC, queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
             UPDATE cases c SET state = 'in_review', assignee = $2, updated_at = $3 \
             FROM next WHERE c.id = next.id RETURNING c.id",
        )
        .await
        .map_err(pg("claim a case"))?;
    let Some(row) = tx
        .query_opt(&stmt, &[&queue, &actor.id, &now])
        .await
        .map_err(pg("claim a case"))?
    else {
        return Ok(None);
    };
    let id: i64 = row.try_get(0).map_err(pg("claim a case"))?;
    let ev = event_row(
        actor,
        CaseAction::Claim,
        Some("queued"),
        CaseState::InReview,
        &EventDetail::default(),
        now,
    )?;
    insert_event(&tx, id, &ev).await?;
    let loaded = load_case(&*tx, "id", &id, false).await?;
    tx.commit().await.map_err(pg("commit a claim"))?;
    Ok(loaded)
}

pub(super) async fn transition(
    client: &mut Object,
    number: &str,
    actor: &Actor,
    now: i64,
    decide: Decide,
) -> Result<(CaseRow, Vec<EventRow>)> {
    let tx = client
        .transaction()
        .await
        .map_err(pg("start a transition"))?;
    let unknown = || BackofficeError::UnknownCase {
        case_number: number.into(),
    };
    let (row, _) = load_case(&*tx, "case_number", &number, true)
        .await?
        .ok_or_else(unknown)?;
    let plan = decide(&row)?;
    if plan.queue != row.queue && !queue_exists(&tx, &plan.queue).await? {
        return Err(BackofficeError::UnknownQueue { queue: plan.queue });
    }
    let blobs = referenced_blobs(&plan.new_materials);
    let missing = missing_blobs(&tx, &blobs).await?;
    if !missing.is_empty() {
        return Err(BackofficeError::MissingBlobs { hashes: missing });
    }
    let body = body_with_materials(&row, &plan)?;
    tx.execute(
        "UPDATE cases SET state = $1, queue = $2, assignee = $3, body = $4, updated_at = $5, \
         queued_at = CASE WHEN $6 THEN $5 ELSE queued_at END WHERE id = $7",
        &[
            &plan.to.as_str(),
            &plan.queue,
            &plan.assignee,
            &body,
            &now,
            &plan.requeued,
            &row.id,
        ],
    )
    .await
    .map_err(pg("update a case"))?;
    link_blobs(&tx, row.id, &blobs).await?;
    let ev = event_row(
        actor,
        plan.action,
        Some(&row.state),
        plan.to,
        &plan.detail,
        now,
    )?;
    insert_event(&tx, row.id, &ev).await?;
    let loaded = load_case(&*tx, "id", &row.id, false)
        .await?
        .ok_or_else(unknown)?;
    tx.commit().await.map_err(pg("commit a transition"))?;
    Ok(loaded)
}

/// Only events from transactions older than every running one are served, ordered by
/// transaction id: a transaction that started early but commits late cannot slip in behind
/// a cursor that has already passed it.
pub(super) async fn changes(
    client: &Object,
    since: Cursor,
    limit: u32,
) -> Result<Vec<(Cursor, CaseRow, EventRow)>> {
    let cols = CASE_COLUMNS
        .split(", ")
        .map(|c| format!("c.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let ecols = EVENT_COLUMNS
        .split(", ")
        .map(|c| format!("e.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let stmt = client
        .prepare_cached(&format!(
            "SELECT e.txid, e.id, {cols}, {ecols} FROM case_events e JOIN cases c ON c.id = e.case_id \
             WHERE (e.txid, e.id) > ($1, $2) AND e.txid < txid_snapshot_xmin(txid_current_snapshot()) \
             ORDER BY e.txid, e.id LIMIT $3"
        ))
        .await
        .map_err(pg("read the change feed"))?;
    client
        .query(&stmt, &[&since.txid, &since.id, &i64::from(limit)])
        .await
        .map_err(pg("read the change feed"))?
        .iter()
        .map(|r| {
            let cursor = Cursor {
                txid: r.try_get(0)?,
                id: r.try_get(1)?,
            };
            Ok((cursor, case_row_at(r, 2)?, event_at(r, 15)?))
        })
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("read the change feed"))
}

pub(super) async fn overview(client: &Object) -> Result<OverviewRows> {
    let triples = |rows: Vec<Row>| {
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<PgResult<Vec<(String, String, i64)>>>()
            .map_err(pg("count cases"))
    };
    let per_queue = triples(
        client
            .query(
                "SELECT queue, state, COUNT(*) FROM cases GROUP BY queue, state",
                &[],
            )
            .await
            .map_err(pg("count cases"))?,
    )?;
    let per_window = triples(
        client
            .query(
                "SELECT workstation_id, state, COUNT(*) FROM cases GROUP BY workstation_id, state",
                &[],
            )
            .await
            .map_err(pg("count cases"))?,
    )?;
    let queues = client
        .query("SELECT code, name FROM queues ORDER BY code", &[])
        .await
        .map_err(pg("list queues"))?
        .iter()
        .map(|r| {
            Ok(ow_api::QueueDef {
                code: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("list queues"))?;
    let windows = client
        .query("SELECT id, window_name FROM workstations ORDER BY id", &[])
        .await
        .map_err(pg("list workstations"))?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<PgResult<Vec<_>>>()
        .map_err(pg("list workstations"))?;
    let oldest = client
        .query(
            "SELECT DISTINCT ON (queue) queue, case_number, queued_at FROM cases \
             WHERE state = 'queued' ORDER BY queue, queued_at, id",
            &[],
        )
        .await
        .map_err(pg("find the oldest cases"))?;
    let oldest = triples(oldest)?;
    Ok(OverviewRows {
        queues,
        windows,
        per_queue,
        per_window,
        oldest,
    })
}

/// Cases not handed out or rejected yet, oldest first.
pub(super) async fn open_cases(c: &deadpool_postgres::Object, limit: u32) -> Result<Vec<CaseRow>> {
    c.query(
        &format!(
            "SELECT {CASE_COLUMNS} FROM cases WHERE state IN {OPEN_STATES} ORDER BY id LIMIT $1"
        ),
        &[&i64::from(limit)],
    )
    .await
    .map_err(pg("list open cases"))?
    .iter()
    .map(|r| case_row_at(r, 0).map_err(pg("read a case")))
    .collect()
}
