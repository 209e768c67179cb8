//! Appointments on SQLite: a booking, and its check-in (at the kiosk or a window) as a
//! ticket, in one `BEGIN IMMEDIATE` transaction like every ticket.

use super::cases::write_tx;
use super::db;
use super::tickets::*;
use crate::error::BackofficeError;
use crate::storage::*;
use crate::tickets::CheckInBy;
use ow_api::TicketKind;
use rusqlite::{params, Connection, OptionalExtension};

pub(super) fn book(c: &mut Connection, a: &AppointmentRequest, now: i64) -> Result<String> {
    let tx = write_tx(c)?;
    if !group_exists(&tx, &a.group)? {
        return Err(BackofficeError::UnknownGroup {
            group: a.group.clone(),
        });
    }
    let (items, answers) = (to_json(&a.items)?, to_json(&a.answers)?);
    // A million codes and few open appointments: a clash is rare, a retry settles it.
    for _ in 0..20 {
        let code = appointment_code();
        let n = tx
            .execute(
                "INSERT INTO appointments (code, group_code, name, id_number, slot_start, slot_end, items, answers, booked_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
                 ON CONFLICT(code) WHERE ticket_id IS NULL DO NOTHING",
                params![
                    code,
                    a.group,
                    a.name,
                    a.id_number,
                    a.slot_start.timestamp_millis(),
                    a.slot_end.timestamp_millis(),
                    items,
                    answers,
                    now
                ],
            )
            .map_err(db("book an appointment"))?;
        if n == 1 {
            tx.commit().map_err(db("commit an appointment"))?;
            return Ok(code);
        }
    }
    Err(BackofficeError::Internal(
        "no free appointment code after 20 tries".into(),
    ))
}

pub(super) fn check_in(
    c: &mut Connection,
    by: &CheckInBy,
    here: Option<&str>,
    actor: Option<&Actor>,
    now: i64,
) -> Result<TicketRow> {
    let tx = write_tx(c)?;
    streak(&tx)?;
    let (from, to) = crate::tickets::hall_day_bounds(now);
    let (cond, key) = match by {
        CheckInBy::Code(k) => ("code = ?1", k),
        CheckInBy::IdNumber(k) => ("id_number = ?1", k),
    };
    let found: Option<(i64, String)> = tx
        .query_row(
            &format!(
                "SELECT id, group_code FROM appointments WHERE {cond} AND ticket_id IS NULL \
                 AND slot_start >= ?2 AND slot_start < ?3 ORDER BY slot_start, id LIMIT 1"
            ),
            params![key, from, to],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(db("find an appointment"))?;
    let (appointment, group) = found.ok_or(BackofficeError::UnknownAppointment)?;
    let mut row = issue_in(
        &tx,
        &group,
        TicketKind::Appointment,
        None,
        Some(appointment),
        event_actor(actor),
        now,
    )?;
    tx.execute(
        "UPDATE appointments SET ticket_id = ?1 WHERE id = ?2",
        params![row.id, appointment],
    )
    .map_err(db("check an appointment in"))?;
    if let Some(ws) = here {
        tx.execute(
            "UPDATE tickets SET for_window = ?1 WHERE seq = ?2",
            params![ws, row.seq],
        )
        .map_err(db("give a ticket to its window"))?;
        row.for_window = Some(ws.to_owned());
    }
    tx.commit().map_err(db("commit a check-in"))?;
    Ok(row)
}
