//! Appointments on PostgreSQL: a booking, and its check-in (at the kiosk or a window) as a
//! ticket, under the hall lock like every ticket.

use super::pg;
use super::tickets::*;
use crate::error::BackofficeError;
use crate::storage::*;
use crate::tickets::{hall_day_bounds, CheckInBy};
use deadpool_postgres::Object;
use ow_api::TicketKind;

pub(super) async fn book(client: &mut Object, a: &AppointmentRequest, now: i64) -> Result<String> {
    let tx = client
        .transaction()
        .await
        .map_err(pg("start an appointment"))?;
    if !group_exists(&*tx, &a.group).await? {
        return Err(BackofficeError::UnknownGroup {
            group: a.group.clone(),
        });
    }
    let (items, answers) = (to_json(&a.items)?, to_json(&a.answers)?);
    let (start, end) = (
        a.slot_start.timestamp_millis(),
        a.slot_end.timestamp_millis(),
    );
    // A million codes and few open appointments: a clash is rare, a retry settles it.
    for _ in 0..20 {
        let code = appointment_code();
        let n = tx
            .execute(
                "INSERT INTO appointments (code, group_code, name, id_number, slot_start, slot_end, items, answers, booked_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (code) WHERE ticket_id IS NULL DO NOTHING",
                &[&code, &a.group, &a.name, &a.id_number, &start, &end, &items, &answers, &now],
            )
            .await
            .map_err(pg("book an appointment"))?;
        if n == 1 {
            tx.commit().await.map_err(pg("commit an appointment"))?;
            return Ok(code);
        }
    }
    Err(BackofficeError::Internal(
        "no free appointment code after 20 tries".into(),
    ))
}

pub(super) async fn check_in(
    client: &mut Object,
    by: &CheckInBy,
    here: Option<&str>,
    actor: Option<&Actor>,
    now: i64,
) -> Result<TicketRow> {
    let tx = client.transaction().await.map_err(pg("start a check-in"))?;
    let streak = lock_hall(&tx).await?;
    let (from, to) = hall_day_bounds(now);
    let (cond, key) = match by {
        CheckInBy::Code(k) => ("code = $1", k),
        CheckInBy::IdNumber(k) => ("id_number = $1", k),
    };
    let found = tx
        .query_opt(
            &format!(
                "SELECT id, group_code FROM appointments WHERE {cond} AND ticket_id IS NULL \
                 AND slot_start >= $2 AND slot_start < $3 ORDER BY slot_start, id LIMIT 1"
            ),
            &[key, &from, &to],
        )
        .await
        .map_err(pg("find an appointment"))?
        .ok_or(BackofficeError::UnknownAppointment)?;
    let appointment: i64 = found.try_get(0).map_err(pg("find an appointment"))?;
    let group: String = found.try_get(1).map_err(pg("find an appointment"))?;
    let mut row = issue_in(
        &tx,
        streak,
        &group,
        TicketKind::Appointment,
        None,
        Some(appointment),
        event_actor(actor),
        now,
    )
    .await?;
    tx.execute(
        "UPDATE appointments SET ticket_id = $1 WHERE id = $2",
        &[&row.id, &appointment],
    )
    .await
    .map_err(pg("check an appointment in"))?;
    if let Some(ws) = here {
        tx.execute(
            "UPDATE tickets SET for_window = $1 WHERE seq = $2",
            &[&ws, &row.seq],
        )
        .await
        .map_err(pg("give a ticket to its window"))?;
        row.for_window = Some(ws.to_owned());
    }
    tx.commit().await.map_err(pg("commit a check-in"))?;
    Ok(row)
}
