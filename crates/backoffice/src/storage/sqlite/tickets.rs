//! The hall's ticket queue on SQLite. Every transaction is `BEGIN IMMEDIATE` and reads the hall
//! calling-state row first: SQLite's one writer is the hall lock.

use super::cases::write_tx;
use super::db;
use crate::error::BackofficeError;
use crate::storage::*;
use crate::tickets::{
    ahead_of, hall_day, plan_call, plan_step, ticket_id, ticket_number, Step, StepBy, TicketRow,
    MAX_PER_GROUP_PER_DAY,
};
use ow_api::{GreenReason, TicketKind};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

fn raw_at(r: &Row<'_>) -> rusqlite::Result<RawTicket> {
    Ok(RawTicket {
        seq: r.get(0)?,
        id: r.get(1)?,
        day: r.get(2)?,
        number: r.get(3)?,
        group: r.get(4)?,
        group_name: r.get(5)?,
        kind: r.get(6)?,
        green: r.get(7)?,
        state: r.get(8)?,
        issued_at: r.get(9)?,
        queued_at: r.get(10)?,
        called_at: r.get(11)?,
        started_at: r.get(12)?,
        ended_at: r.get(13)?,
        workstation_id: r.get(14)?,
        clerk_id: r.get(15)?,
        recalls: r.get(16)?,
        for_window: r.get(17)?,
        ahead: r.get(18)?,
        cases: r.get(19)?,
        offline: r.get(20)?,
        appointment_id: r.get(21)?,
        a_name: r.get(22)?,
        a_id_number: r.get(23)?,
        a_slot_start: r.get(24)?,
        a_slot_end: r.get(25)?,
        a_items: r.get(26)?,
        a_answers: r.get(27)?,
    })
}

/// Tickets matching `cond` (over `t.`, `g.`, `a.`), in storage order.
pub(super) fn load(
    c: &Connection,
    cond: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<TicketRow>> {
    let raws = c
        .prepare_cached(&format!(
            "SELECT {TICKET_COLUMNS} FROM {TICKET_FROM} WHERE {cond} ORDER BY t.seq"
        ))
        .and_then(|mut s| {
            s.query_map(args, raw_at)?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(db("read tickets"))?;
    raws.into_iter().map(RawTicket::into_row).collect()
}

fn load_one(
    c: &Connection,
    cond: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Option<TicketRow>> {
    Ok(load(c, cond, args)?.into_iter().next())
}

fn by_seq(c: &Connection, seq: i64) -> Result<TicketRow> {
    load_one(c, "t.seq = ?1", &[&seq])?
        .ok_or_else(|| BackofficeError::Internal("a ticket vanished inside its transaction".into()))
}

/// The hall lock's row: the green streak.
pub(super) fn streak(tx: &Transaction<'_>) -> Result<u32> {
    let v: i64 = tx
        .query_row(
            "SELECT green_streak FROM hall_calling WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .map_err(db("read the hall's calling state"))?;
    Ok(u32::try_from(v).unwrap_or(0))
}

pub(super) fn settings(c: &Connection) -> Result<HallSettings> {
    c.query_row(
        "SELECT priority_streak_cap, recalls_before_no_show, appointment_early_minutes, \
         bad_rating_follow_up_days FROM hall_settings WHERE id = 1",
        [],
        |r| {
            let n = |i| r.get::<_, i64>(i).map(|v| u32::try_from(v).unwrap_or(0));
            Ok(HallSettings {
                priority_streak_cap: n(0)?,
                recalls_before_no_show: n(1)?,
                appointment_early_minutes: n(2)?,
                bad_rating_follow_up_days: n(3)?,
            })
        },
    )
    .map_err(db("read the hall settings"))
}

fn event(
    tx: &Transaction<'_>,
    ticket: Option<&str>,
    ws: Option<&str>,
    actor: (&str, String),
    action: &str,
    detail: &serde_json::Value,
    now: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO ticket_events (ticket_id, workstation_id, at, actor_kind, actor_id, action, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| s.execute(params![ticket, ws, now, actor.0, actor.1, action, detail.to_string()]))
    .map_err(db("record a ticket event"))?;
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

pub(super) fn group_exists(tx: &Transaction<'_>, code: &str) -> Result<bool> {
    tx.prepare_cached("SELECT 1 FROM service_groups WHERE code = ?1")
        .and_then(|mut s| s.exists([code]))
        .map_err(db("look up a service group"))
}

pub(super) fn window_exists(tx: &Transaction<'_>, ws: &str) -> Result<bool> {
    tx.prepare_cached("SELECT 1 FROM workstations WHERE id = ?1")
        .and_then(|mut s| s.exists([ws]))
        .map_err(db("look up a window"))
}

/// Numbers and inserts a ticket inside `tx` (which holds the hall lock), with its `ahead`.
pub(super) fn issue_in(
    tx: &Transaction<'_>,
    group: &str,
    kind: TicketKind,
    green: Option<GreenReason>,
    appointment: Option<i64>,
    actor: (&str, String),
    now: i64,
) -> Result<TicketRow> {
    let streak = streak(tx)?;
    let prefix: String = tx
        .query_row(
            "SELECT prefix FROM service_groups WHERE code = ?1",
            [group],
            |r| r.get(0),
        )
        .optional()
        .map_err(db("look up a service group"))?
        .ok_or_else(|| BackofficeError::UnknownGroup {
            group: group.into(),
        })?;
    let day = hall_day(now);
    let seq: i64 = tx
        .query_row(
            "INSERT INTO ticket_counters (day, group_code, value) VALUES (?1, ?2, 1) \
             ON CONFLICT(day, group_code) DO UPDATE SET value = value + 1 RETURNING value",
            params![day, group],
            |r| r.get(0),
        )
        .map_err(db("number a ticket"))?;
    if seq > MAX_PER_GROUP_PER_DAY {
        // Dropping the transaction rolls the counter back.
        return Err(BackofficeError::SoldOut {
            group: group.into(),
            max: MAX_PER_GROUP_PER_DAY as u32,
        });
    }
    let number = ticket_number(&prefix, seq);
    let id = ticket_id(&day, &number);
    tx.execute(
        "INSERT INTO tickets (id, day, number, group_code, kind, green, state, issued_at, queued_at, appointment_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'waiting', ?7, ?7, ?8)",
        params![id, day, number, group, kind_str(kind), green.map(GreenReason::as_str), now, appointment],
    )
    .map_err(db("issue a ticket"))?;
    let seq_key = tx.last_insert_rowid();
    let line = load(
        tx,
        "t.state = 'waiting' AND t.group_code = ?1 AND t.day = ?2",
        &[&group, &day],
    )?;
    let ahead = ahead_of(&line, seq_key, streak, &settings(tx)?, now);
    tx.execute(
        "UPDATE tickets SET ahead = ?1 WHERE seq = ?2",
        params![ahead, seq_key],
    )
    .map_err(db("record a ticket's place"))?;
    event(
        tx,
        Some(&id),
        None,
        actor,
        "issue",
        &serde_json::json!({}),
        now,
    )?;
    by_seq(tx, seq_key)
}

pub(super) fn issue(c: &mut Connection, t: &NewTicket) -> Result<TicketRow> {
    let tx = write_tx(c)?;
    let row = issue_in(
        &tx,
        &t.group,
        TicketKind::WalkIn,
        t.green,
        None,
        event_actor(t.actor.as_ref()),
        t.now,
    )?;
    tx.commit().map_err(db("commit a ticket"))?;
    Ok(row)
}

/// Today's waiting tickets window `ws` may call: transferred to it, or in one of its groups.
fn callable(c: &Connection, ws: &str, now: i64) -> Result<Vec<TicketRow>> {
    let day = hall_day(now);
    load(
        c,
        "t.state = 'waiting' AND t.day = ?2 AND (t.for_window = ?1 OR (t.for_window IS NULL AND \
         t.group_code IN (SELECT group_code FROM window_groups WHERE workstation_id = ?1)))",
        &[&ws, &day],
    )
}

fn at_window(c: &Connection, ws: &str) -> Result<Option<TicketRow>> {
    load_one(
        c,
        "t.workstation_id = ?1 AND t.state IN ('called', 'serving')",
        &[&ws],
    )
}

fn paused(c: &Connection, ws: &str) -> Result<Option<(bool, Option<String>)>> {
    c.query_row(
        "SELECT paused, pause_reason FROM window_state WHERE workstation_id = ?1",
        [ws],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(db("read a window's state"))
}

pub(super) fn call(c: &mut Connection, ws: &str, clerk: &str, now: i64) -> Result<CallOutcome> {
    let tx = write_tx(c)?;
    let streak = streak(&tx)?;
    if paused(&tx, ws)?.is_some_and(|(p, _)| p) {
        return Err(BackofficeError::WindowPaused);
    }
    if let Some(t) = at_window(&tx, ws)? {
        return Err(BackofficeError::WindowBusy { id: t.id });
    }
    let waiting = callable(&tx, ws, now)?;
    let Some(choice) = plan_call(&waiting, ws, streak, &settings(&tx)?, now) else {
        return Ok(CallOutcome {
            ticket: None,
            waiting: 0,
        });
    };
    let t = &waiting[choice.index];
    tx.execute(
        "UPDATE tickets SET state = 'called', called_at = COALESCE(called_at, ?1), \
         workstation_id = ?2, clerk_id = ?3, recalls = 0 WHERE seq = ?4",
        params![now, ws, clerk, t.seq],
    )
    .map_err(db("call a ticket"))?;
    tx.execute(
        "UPDATE hall_calling SET green_streak = ?1 WHERE id = 1",
        [choice.streak],
    )
    .map_err(db("keep the green streak"))?;
    event(
        &tx,
        Some(&t.id),
        Some(ws),
        window_actor(ws),
        "call",
        &serde_json::json!({ "clerk_id": clerk }),
        now,
    )?;
    let row = by_seq(&tx, t.seq)?;
    tx.commit().map_err(db("commit a call"))?;
    Ok(CallOutcome {
        ticket: Some(row),
        waiting: u32::try_from(waiting.len() - 1).unwrap_or(u32::MAX),
    })
}

fn write_row(tx: &Transaction<'_>, r: &TicketRow) -> Result<()> {
    tx.execute(
        "UPDATE tickets SET group_code = ?1, state = ?2, queued_at = ?3, called_at = ?4, started_at = ?5, \
         ended_at = ?6, workstation_id = ?7, clerk_id = ?8, recalls = ?9, for_window = ?10, cases = ?11 \
         WHERE seq = ?12",
        params![
            r.group,
            r.state.as_str(),
            r.queued_at,
            r.called_at,
            r.started_at,
            r.ended_at,
            r.workstation_id,
            r.clerk_id,
            r.recalls,
            r.for_window,
            to_json(&r.cases)?,
            r.seq
        ],
    )
    .map_err(db("update a ticket"))?;
    Ok(())
}

pub(super) fn step(
    c: &mut Connection,
    id: &str,
    by: &StepBy,
    step: &Step,
    now: i64,
) -> Result<TicketRow> {
    let tx = write_tx(c)?;
    streak(&tx)?;
    let row = load_one(&tx, "t.id = ?1", &[&id])?
        .ok_or_else(|| BackofficeError::UnknownTicket { id: id.into() })?;
    if let Step::Transfer(t) | Step::Move(t) = step {
        if let Some(g) = &t.group {
            if !group_exists(&tx, g)? {
                return Err(BackofficeError::UnknownGroup { group: g.clone() });
            }
        }
        if let Some(w) = &t.workstation_id {
            if !window_exists(&tx, w)? {
                return Err(BackofficeError::UnknownWindow {
                    workstation_id: w.clone(),
                });
            }
        }
    }
    let plan = plan_step(&row, by, step, &settings(&tx)?, now)?;
    write_row(&tx, &plan.row)?;
    event(
        &tx,
        Some(id),
        by.window(),
        step_actor(by),
        step.action(),
        &plan.detail,
        now,
    )?;
    let row = by_seq(&tx, row.seq)?;
    tx.commit().map_err(db("commit a ticket step"))?;
    Ok(row)
}

pub(super) fn set_paused(
    c: &mut Connection,
    ws: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<()> {
    let tx = write_tx(c)?;
    streak(&tx)?;
    tx.execute(
        "INSERT INTO window_state (workstation_id, paused, pause_reason, updated_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT(workstation_id) DO UPDATE SET paused = excluded.paused, \
         pause_reason = excluded.pause_reason, updated_at = excluded.updated_at",
        params![ws, reason.is_some(), reason, now],
    )
    .map_err(db("pause or resume a window"))?;
    let action = if reason.is_some() { "pause" } else { "resume" };
    event(
        &tx,
        None,
        Some(ws),
        window_actor(ws),
        action,
        &serde_json::json!({ "reason": reason }),
        now,
    )?;
    tx.commit().map_err(db("commit a pause"))
}

pub(super) fn window_state(c: &mut Connection, ws: &str, now: i64) -> Result<WindowRow> {
    let (paused, pause_reason) = paused(c, ws)?.unwrap_or((false, None));
    Ok(WindowRow {
        paused,
        pause_reason,
        current: at_window(c, ws)?,
        waiting: u32::try_from(callable(c, ws, now)?.len()).unwrap_or(u32::MAX),
    })
}

pub(super) fn offline(
    c: &mut Connection,
    ws: &str,
    o: &OfflineServed,
    now: i64,
) -> Result<Recorded<TicketRow>> {
    let tx = write_tx(c)?;
    streak(&tx)?;
    let (start, end) = (
        o.started_at.timestamp_millis(),
        o.ended_at.timestamp_millis(),
    );
    if let Some(t) = load_one(
        &tx,
        "t.offline = 1 AND t.workstation_id = ?1 AND t.number = ?2 AND t.started_at = ?3",
        &[&ws, &o.number, &start],
    )? {
        return Ok(Recorded::Replayed(t));
    }
    let prefix = &o.number[..1];
    let group: String = tx
        .query_row(
            "SELECT code FROM service_groups WHERE prefix = ?1",
            [prefix],
            |r| r.get(0),
        )
        .optional()
        .map_err(db("look up a prefix"))?
        .ok_or_else(|| BackofficeError::UnknownGroup {
            group: prefix.into(),
        })?;
    let day = hall_day(start);
    let cases = to_json(&o.cases)?;
    // The paper's ticket still waits here when the kiosk reached us but the window did not:
    // it was served, so it must not be called again.
    let open = load_one(
        &tx,
        "t.id = ?1 AND t.state = 'waiting'",
        &[&ticket_id(&day, &o.number)],
    )?;
    let seq = if let Some(t) = open {
        tx.execute(
            "UPDATE tickets SET state = 'finished', called_at = COALESCE(called_at, ?1), started_at = ?1, \
             ended_at = ?2, workstation_id = ?3, clerk_id = ?4, cases = ?5, offline = 1 WHERE seq = ?6",
            params![start, end, ws, o.clerk_id, cases, t.seq],
        )
        .map_err(db("record an offline visit"))?;
        t.seq
    } else {
        let taken: i64 = tx
            .query_row(
                "SELECT COUNT(*) FROM tickets WHERE day = ?1 AND number = ?2",
                params![day, o.number],
                |r| r.get(0),
            )
            .map_err(db("look up a ticket number"))?;
        let id = offline_id(&day, &o.number, u32::try_from(taken).unwrap_or(u32::MAX));
        tx.execute(
            "INSERT INTO tickets (id, day, number, group_code, kind, state, issued_at, queued_at, called_at, \
             started_at, ended_at, workstation_id, clerk_id, cases, offline) \
             VALUES (?1, ?2, ?3, ?4, 'walk_in', 'finished', ?5, ?5, ?5, ?5, ?6, ?7, ?8, ?9, 1)",
            params![id, day, o.number, group, start, end, ws, o.clerk_id, cases],
        )
        .map_err(db("record an offline visit"))?;
        // The kiosk must not give this number again today.
        let n: i64 = o.number[1..].parse().unwrap_or(0);
        tx.execute(
            "INSERT INTO ticket_counters (day, group_code, value) VALUES (?1, ?2, ?3) \
             ON CONFLICT(day, group_code) DO UPDATE SET value = MAX(value, excluded.value)",
            params![day, group, n],
        )
        .map_err(db("keep the ticket numbers ahead"))?;
        tx.last_insert_rowid()
    };
    let row = by_seq(&tx, seq)?;
    event(
        &tx,
        Some(&row.id),
        Some(ws),
        window_actor(ws),
        "offline",
        &serde_json::json!({ "clerk_id": o.clerk_id }),
        now,
    )?;
    tx.commit().map_err(db("commit an offline visit"))?;
    Ok(Recorded::Created(row))
}

pub(super) fn of_day(
    c: &mut Connection,
    day: &str,
    state: Option<&str>,
    limit: u32,
) -> Result<Vec<TicketRow>> {
    let mut rows = match state {
        Some(s) => load(c, "t.day = ?1 AND t.state = ?2", &[&day, &s])?,
        None => load(c, "t.day = ?1", &[&day])?,
    };
    rows.truncate(limit as usize);
    Ok(rows)
}
