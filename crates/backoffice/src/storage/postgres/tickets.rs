//! The hall's ticket queue on PostgreSQL. Every transaction that changes tickets first takes
//! `SELECT … FROM hall_calling … FOR UPDATE`: windows calling at the same moment queue up on
//! that one row, so no two get the same ticket and the green streak stays consistent. (Under
//! READ COMMITTED each later statement sees what the previous holder committed.)

use super::pg;
use crate::error::BackofficeError;
use crate::storage::*;
use crate::tickets::{
    ahead_of, hall_day, plan_call, plan_step, ticket_id, ticket_number, Step, StepBy, TicketRow,
    MAX_PER_GROUP_PER_DAY,
};
use deadpool_postgres::{Object, Transaction};
use ow_api::{GreenReason, TicketKind};
use tokio_postgres::types::ToSql;
use tokio_postgres::{GenericClient, Row};

type Args<'a> = &'a [&'a (dyn ToSql + Sync)];

fn raw_at(r: &Row) -> std::result::Result<RawTicket, tokio_postgres::Error> {
    Ok(RawTicket {
        seq: r.try_get(0)?,
        id: r.try_get(1)?,
        day: r.try_get(2)?,
        number: r.try_get(3)?,
        group: r.try_get(4)?,
        group_name: r.try_get(5)?,
        kind: r.try_get(6)?,
        green: r.try_get(7)?,
        state: r.try_get(8)?,
        issued_at: r.try_get(9)?,
        queued_at: r.try_get(10)?,
        called_at: r.try_get(11)?,
        started_at: r.try_get(12)?,
        ended_at: r.try_get(13)?,
        workstation_id: r.try_get(14)?,
        clerk_id: r.try_get(15)?,
        recalls: r.try_get(16)?,
        for_window: r.try_get(17)?,
        ahead: r.try_get(18)?,
        cases: r.try_get(19)?,
        offline: r.try_get(20)?,
        appointment_id: r.try_get(21)?,
        a_name: r.try_get(22)?,
        a_id_number: r.try_get(23)?,
        a_slot_start: r.try_get(24)?,
        a_slot_end: r.try_get(25)?,
        a_items: r.try_get(26)?,
        a_answers: r.try_get(27)?,
    })
}

pub(super) async fn load<C: GenericClient + Sync>(
    c: &C,
    cond: &str,
    args: Args<'_>,
) -> Result<Vec<TicketRow>> {
    let rows = c
        .query(
            &format!("SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE {cond} ORDER BY t.seq"),
            args,
        )
        .await
        .map_err(pg("read tickets"))?;
    rows.iter()
        .map(|r| raw_at(r).map_err(pg("read tickets"))?.into_row())
        .collect()
}

async fn load_one<C: GenericClient + Sync>(
    c: &C,
    cond: &str,
    args: Args<'_>,
) -> Result<Option<TicketRow>> {
    Ok(load(c, cond, args).await?.into_iter().next())
}

async fn by_seq<C: GenericClient + Sync>(c: &C, seq: i64) -> Result<TicketRow> {
    load_one(c, "t.seq = $1", &[&seq])
        .await?
        .ok_or_else(|| BackofficeError::Internal("a ticket vanished inside its transaction".into()))
}

/// Takes the hall lock; returns the green streak.
pub(super) async fn lock_hall(tx: &Transaction<'_>) -> Result<u32> {
    let r = tx
        .query_one(
            "SELECT green_streak FROM hall_calling WHERE id = 1 FOR UPDATE",
            &[],
        )
        .await
        .map_err(pg("lock the hall's calling state"))?;
    let v: i64 = r.try_get(0).map_err(pg("lock the hall's calling state"))?;
    Ok(u32::try_from(v).unwrap_or(0))
}

pub(super) async fn settings<C: GenericClient + Sync>(c: &C) -> Result<HallSettings> {
    let r = c
        .query_one(
            "SELECT priority_streak_cap, recalls_before_no_show, appointment_early_minutes, \
             bad_rating_follow_up_days FROM hall_settings WHERE id = 1",
            &[],
        )
        .await
        .map_err(pg("read the hall settings"))?;
    let n = |i: usize| {
        r.try_get::<_, i64>(i)
            .map(|v| u32::try_from(v).unwrap_or(0))
            .map_err(pg("read the hall settings"))
    };
    Ok(HallSettings {
        priority_streak_cap: n(0)?,
        recalls_before_no_show: n(1)?,
        appointment_early_minutes: n(2)?,
        bad_rating_follow_up_days: n(3)?,
    })
}

async fn event(
    tx: &Transaction<'_>,
    ticket: Option<&str>,
    ws: Option<&str>,
    actor: (&str, String),
    action: &str,
    detail: &serde_json::Value,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO ticket_events (ticket_id, workstation_id, at, actor_kind, actor_id, action, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[&ticket, &ws, &now, &actor.0, &actor.1, &action, &detail.to_string()],
    )
    .await
    .map_err(pg("record a ticket event"))?;
    Ok(())
}

fn window_actor(ws: &str) -> (&'static str, String) {
    ("workstation", ws.to_owned())
}

fn step_actor(by: &StepBy) -> (&'static str, String) {
    match by {
        StepBy::Window(ws) => window_actor(ws),
        StepBy::Lead(a) => event_actor(Some(a)),
    }
}

async fn exists<C: GenericClient + Sync>(c: &C, sql: &str, key: &str) -> Result<bool> {
    Ok(c.query_opt(sql, &[&key])
        .await
        .map_err(pg("look up a group or window"))?
        .is_some())
}

pub(super) async fn group_exists<C: GenericClient + Sync>(c: &C, code: &str) -> Result<bool> {
    exists(c, "SELECT 1 FROM service_groups WHERE code = $1", code).await
}

pub(super) async fn window_exists<C: GenericClient + Sync>(c: &C, ws: &str) -> Result<bool> {
    exists(c, "SELECT 1 FROM workstations WHERE id = $1", ws).await
}

pub(super) fn int(v: u32) -> i64 {
    i64::from(v)
}

/// Numbers and inserts a ticket inside `tx` (which holds the hall lock), with its `ahead`.
#[allow(clippy::too_many_arguments)]
pub(super) async fn issue_in(
    tx: &Transaction<'_>,
    streak: u32,
    group: &str,
    kind: TicketKind,
    green: Option<GreenReason>,
    appointment: Option<i64>,
    actor: (&str, String),
    now: i64,
) -> Result<TicketRow> {
    let prefix: String = tx
        .query_opt(
            "SELECT prefix FROM service_groups WHERE code = $1",
            &[&group],
        )
        .await
        .map_err(pg("look up a service group"))?
        .ok_or_else(|| BackofficeError::UnknownGroup {
            group: group.into(),
        })?
        .try_get(0)
        .map_err(pg("look up a service group"))?;
    let day = hall_day(now);
    let seq: i64 = tx
        .query_one(
            "INSERT INTO ticket_counters (day, group_code, value) VALUES ($1, $2, 1) \
             ON CONFLICT (day, group_code) DO UPDATE SET value = ticket_counters.value + 1 RETURNING value",
            &[&day, &group],
        )
        .await
        .map_err(pg("number a ticket"))?
        .try_get(0)
        .map_err(pg("number a ticket"))?;
    if seq > MAX_PER_GROUP_PER_DAY {
        // Dropping the transaction rolls the counter back.
        return Err(BackofficeError::SoldOut {
            group: group.into(),
            max: MAX_PER_GROUP_PER_DAY as u32,
        });
    }
    let number = ticket_number(&prefix, seq);
    let id = ticket_id(&day, &number);
    let seq_key: i64 = tx
        .query_one(
            "INSERT INTO tickets (id, day, number, group_code, kind, green, state, issued_at, queued_at, appointment_id) \
             VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7, $7, $8) RETURNING seq",
            &[&id, &day, &number, &group, &kind_str(kind), &green.map(GreenReason::as_str), &now, &appointment],
        )
        .await
        .map_err(pg("issue a ticket"))?
        .try_get(0)
        .map_err(pg("issue a ticket"))?;
    let line = load(
        &**tx,
        "t.state = 'waiting' AND t.group_code = $1 AND t.day = $2",
        &[&group, &day],
    )
    .await?;
    let ahead = ahead_of(&line, seq_key, streak, &settings(&**tx).await?, now);
    tx.execute(
        "UPDATE tickets SET ahead = $1 WHERE seq = $2",
        &[&int(ahead), &seq_key],
    )
    .await
    .map_err(pg("record a ticket's place"))?;
    event(
        tx,
        Some(&id),
        None,
        actor,
        "issue",
        &serde_json::json!({}),
        now,
    )
    .await?;
    by_seq(&**tx, seq_key).await
}

pub(super) async fn issue(client: &mut Object, t: &NewTicket) -> Result<TicketRow> {
    let tx = client.transaction().await.map_err(pg("start a ticket"))?;
    let streak = lock_hall(&tx).await?;
    let row = issue_in(
        &tx,
        streak,
        &t.group,
        TicketKind::WalkIn,
        t.green,
        None,
        event_actor(t.actor.as_ref()),
        t.now,
    )
    .await?;
    tx.commit().await.map_err(pg("commit a ticket"))?;
    Ok(row)
}

/// Today's waiting tickets window `ws` may call: transferred to it, or in one of its groups.
async fn callable<C: GenericClient + Sync>(c: &C, ws: &str, now: i64) -> Result<Vec<TicketRow>> {
    let day = hall_day(now);
    load(
        c,
        "t.state = 'waiting' AND t.day = $2 AND (t.for_window = $1 OR (t.for_window IS NULL AND \
         t.group_code IN (SELECT group_code FROM window_groups WHERE workstation_id = $1)))",
        &[&ws, &day],
    )
    .await
}

async fn at_window<C: GenericClient + Sync>(c: &C, ws: &str) -> Result<Option<TicketRow>> {
    load_one(
        c,
        "t.workstation_id = $1 AND t.state IN ('called', 'serving')",
        &[&ws],
    )
    .await
}

async fn paused<C: GenericClient + Sync>(
    c: &C,
    ws: &str,
) -> Result<Option<(bool, Option<String>)>> {
    c.query_opt(
        "SELECT paused, pause_reason FROM window_state WHERE workstation_id = $1",
        &[&ws],
    )
    .await
    .map_err(pg("read a window's state"))?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .transpose()
    .map_err(pg("read a window's state"))
}

pub(super) async fn call(
    client: &mut Object,
    ws: &str,
    clerk: &str,
    now: i64,
) -> Result<CallOutcome> {
    let tx = client.transaction().await.map_err(pg("start a call"))?;
    let streak = lock_hall(&tx).await?;
    if paused(&*tx, ws).await?.is_some_and(|(p, _)| p) {
        return Err(BackofficeError::WindowPaused);
    }
    if let Some(t) = at_window(&*tx, ws).await? {
        return Err(BackofficeError::WindowBusy { id: t.id });
    }
    let waiting = callable(&*tx, ws, now).await?;
    let Some(choice) = plan_call(&waiting, ws, streak, &settings(&*tx).await?, now) else {
        return Ok(CallOutcome {
            ticket: None,
            waiting: 0,
        });
    };
    let t = &waiting[choice.index];
    tx.execute(
        "UPDATE tickets SET state = 'called', called_at = COALESCE(called_at, $1), \
         workstation_id = $2, clerk_id = $3, recalls = 0 WHERE seq = $4",
        &[&now, &ws, &clerk, &t.seq],
    )
    .await
    .map_err(pg("call a ticket"))?;
    tx.execute(
        "UPDATE hall_calling SET green_streak = $1 WHERE id = 1",
        &[&int(choice.streak)],
    )
    .await
    .map_err(pg("keep the green streak"))?;
    let detail = serde_json::json!({ "clerk_id": clerk });
    event(
        &tx,
        Some(&t.id),
        Some(ws),
        window_actor(ws),
        "call",
        &detail,
        now,
    )
    .await?;
    let row = by_seq(&*tx, t.seq).await?;
    tx.commit().await.map_err(pg("commit a call"))?;
    Ok(CallOutcome {
        ticket: Some(row),
        waiting: u32::try_from(waiting.len() - 1).unwrap_or(u32::MAX),
    })
}

async fn write_row(tx: &Transaction<'_>, r: &TicketRow) -> Result<()> {
    tx.execute(
        "UPDATE tickets SET group_code = $1, state = $2, queued_at = $3, called_at = $4, started_at = $5, \
         ended_at = $6, workstation_id = $7, clerk_id = $8, recalls = $9, for_window = $10, cases = $11 \
         WHERE seq = $12",
        &[
            &r.group,
            &r.state.as_str(),
            &r.queued_at,
            &r.called_at,
            &r.started_at,
            &r.ended_at,
            &r.workstation_id,
            &r.clerk_id,
            &int(r.recalls),
            &r.for_window,
            &to_json(&r.cases)?,
            &r.seq,
        ],
    )
    .await
    .map_err(pg("update a ticket"))?;
    Ok(())
}

pub(super) async fn step(
    client: &mut Object,
    id: &str,
    by: &StepBy,
    step: &Step,
    now: i64,
) -> Result<TicketRow> {
    let tx = client
        .transaction()
        .await
        .map_err(pg("start a ticket step"))?;
    lock_hall(&tx).await?;
    let row = load_one(&*tx, "t.id = $1", &[&id])
        .await?
        .ok_or_else(|| BackofficeError::UnknownTicket { id: id.into() })?;
    if let Step::Transfer(t) | Step::Move(t) = step {
        if let Some(g) = &t.group {
            if !group_exists(&*tx, g).await? {
                return Err(BackofficeError::UnknownGroup { group: g.clone() });
            }
        }
        if let Some(w) = &t.workstation_id {
            if !window_exists(&*tx, w).await? {
                return Err(BackofficeError::UnknownWindow {
                    workstation_id: w.clone(),
                });
            }
        }
    }
    let plan = plan_step(&row, by, step, &settings(&*tx).await?, now)?;
    write_row(&tx, &plan.row).await?;
    event(
        &tx,
        Some(id),
        by.window(),
        step_actor(by),
        step.action(),
        &plan.detail,
        now,
    )
    .await?;
    let row = by_seq(&*tx, row.seq).await?;
    tx.commit().await.map_err(pg("commit a ticket step"))?;
    Ok(row)
}

pub(super) async fn set_paused(
    client: &mut Object,
    ws: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<()> {
    let tx = client.transaction().await.map_err(pg("start a pause"))?;
    lock_hall(&tx).await?;
    tx.execute(
        "INSERT INTO window_state (workstation_id, paused, pause_reason, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (workstation_id) DO UPDATE SET paused = excluded.paused, \
         pause_reason = excluded.pause_reason, updated_at = excluded.updated_at",
        &[&ws, &reason.is_some(), &reason, &now],
    )
    .await
    .map_err(pg("pause or resume a window"))?;
    let action = if reason.is_some() { "pause" } else { "resume" };
    let detail = serde_json::json!({ "reason": reason });
    event(&tx, None, Some(ws), window_actor(ws), action, &detail, now).await?;
    tx.commit().await.map_err(pg("commit a pause"))
}

pub(super) async fn window_state(c: &Object, ws: &str, now: i64) -> Result<WindowRow> {
    let (paused, pause_reason) = paused(&***c, ws).await?.unwrap_or((false, None));
    Ok(WindowRow {
        paused,
        pause_reason,
        current: at_window(&***c, ws).await?,
        waiting: u32::try_from(callable(&***c, ws, now).await?.len()).unwrap_or(u32::MAX),
    })
}

pub(super) async fn offline(
    client: &mut Object,
    ws: &str,
    o: &OfflineServed,
    now: i64,
) -> Result<Recorded<TicketRow>> {
    let tx = client
        .transaction()
        .await
        .map_err(pg("start an offline visit"))?;
    lock_hall(&tx).await?;
    let (start, end) = (
        o.started_at.timestamp_millis(),
        o.ended_at.timestamp_millis(),
    );
    if let Some(t) = load_one(
        &*tx,
        "t.offline AND t.workstation_id = $1 AND t.number = $2 AND t.started_at = $3",
        &[&ws, &o.number, &start],
    )
    .await?
    {
        return Ok(Recorded::Replayed(t));
    }
    let prefix = &o.number[..1];
    let group: String = tx
        .query_opt(
            "SELECT code FROM service_groups WHERE prefix = $1",
            &[&prefix],
        )
        .await
        .map_err(pg("look up a prefix"))?
        .ok_or_else(|| BackofficeError::UnknownGroup {
            group: prefix.into(),
        })?
        .try_get(0)
        .map_err(pg("look up a prefix"))?;
    let day = hall_day(start);
    let cases = to_json(&o.cases)?;
    // The paper's ticket still waits here when the kiosk reached us but the window did not:
    // it was served, so it must not be called again.
    let open = load_one(
        &*tx,
        "t.id = $1 AND t.state = 'waiting'",
        &[&ticket_id(&day, &o.number)],
    )
    .await?;
    let seq = if let Some(t) = open {
        tx.execute(
            "UPDATE tickets SET state = 'finished', called_at = COALESCE(called_at, $1), started_at = $1, \
             ended_at = $2, workstation_id = $3, clerk_id = $4, cases = $5, offline = TRUE WHERE seq = $6",
            &[&start, &end, &ws, &o.clerk_id, &cases, &t.seq],
        )
        .await
        .map_err(pg("record an offline visit"))?;
        t.seq
    } else {
        let taken: i64 = tx
            .query_one(
                "SELECT COUNT(*) FROM tickets WHERE day = $1 AND number = $2",
                &[&day, &o.number],
            )
            .await
            .map_err(pg("look up a ticket number"))?
            .try_get(0)
            .map_err(pg("look up a ticket number"))?;
        let id = offline_id(&day, &o.number, u32::try_from(taken).unwrap_or(u32::MAX));
        let seq: i64 = tx
            .query_one(
                "INSERT INTO tickets (id, day, number, group_code, kind, state, issued_at, queued_at, called_at, \
                 started_at, ended_at, workstation_id, clerk_id, cases, offline) \
                 VALUES ($1, $2, $3, $4, 'walk_in', 'finished', $5, $5, $5, $5, $6, $7, $8, $9, TRUE) RETURNING seq",
                &[&id, &day, &o.number, &group, &start, &end, &ws, &o.clerk_id, &cases],
            )
            .await
            .map_err(pg("record an offline visit"))?
            .try_get(0)
            .map_err(pg("record an offline visit"))?;
        // The kiosk must not give this number again today.
        let n: i64 = o.number[1..].parse().unwrap_or(0);
        tx.execute(
            "INSERT INTO ticket_counters (day, group_code, value) VALUES ($1, $2, $3) \
             ON CONFLICT (day, group_code) DO UPDATE SET value = GREATEST(ticket_counters.value, excluded.value)",
            &[&day, &group, &n],
        )
        .await
        .map_err(pg("keep the ticket numbers ahead"))?;
        seq
    };
    let row = by_seq(&*tx, seq).await?;
    let detail = serde_json::json!({ "clerk_id": o.clerk_id });
    event(
        &tx,
        Some(&row.id),
        Some(ws),
        window_actor(ws),
        "offline",
        &detail,
        now,
    )
    .await?;
    tx.commit().await.map_err(pg("commit an offline visit"))?;
    Ok(Recorded::Created(row))
}

pub(super) async fn of_day(
    c: &Object,
    day: &str,
    state: Option<&str>,
    limit: u32,
) -> Result<Vec<TicketRow>> {
    let mut rows = match state {
        Some(s) => load(&***c, "t.day = $1 AND t.state = $2", &[&day, &s]).await?,
        None => load(&***c, "t.day = $1", &[&day]).await?,
    };
    rows.truncate(limit as usize);
    Ok(rows)
}
