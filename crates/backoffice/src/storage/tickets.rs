//! What both backends share for the hall's queue and ratings: the ticket columns, the raw row
//! and its parsing, and the inputs and outcomes of the ticket transactions.

use super::{corrupt, Result};
use crate::domain::to_time;
use crate::error::BackofficeError;
use crate::tickets::TicketRow;
use chrono::NaiveDate;
use ow_api::{
    Actor, AppointmentDetail, GreenReason, RatingIntake, RatingRecord, TicketKind, TicketState,
    WindowGroups,
};

/// The columns of [`RawTicket`], in order, over [`TICKET_FROM`].
pub const TICKET_COLUMNS: &str = "t.seq, t.id, t.day, t.number, t.group_code, g.name, t.kind, \
    t.green, t.state, t.issued_at, t.queued_at, t.called_at, t.started_at, t.ended_at, \
    t.workstation_id, t.clerk_id, t.recalls, t.for_window, t.ahead, t.cases, t.offline, \
    t.appointment_id, a.name, a.id_number, a.slot_start, a.slot_end, a.items, a.answers";

pub const TICKET_FROM: &str = "tickets t JOIN service_groups g ON g.code = t.group_code \
    LEFT JOIN appointments a ON a.id = t.appointment_id";

/// A ticket row as the database gives it.
#[derive(Debug, Clone)]
pub struct RawTicket {
    pub seq: i64,
    pub id: String,
    pub day: String,
    pub number: String,
    pub group: String,
    pub group_name: String,
    pub kind: String,
    pub green: Option<String>,
    pub state: String,
    pub issued_at: i64,
    pub queued_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub workstation_id: Option<String>,
    pub clerk_id: Option<String>,
    pub recalls: i64,
    pub for_window: Option<String>,
    pub ahead: i64,
    pub cases: String,
    pub offline: bool,
    pub appointment_id: Option<i64>,
    pub a_name: Option<String>,
    pub a_id_number: Option<String>,
    pub a_slot_start: Option<i64>,
    pub a_slot_end: Option<i64>,
    pub a_items: Option<String>,
    pub a_answers: Option<String>,
}

pub fn kind_str(k: TicketKind) -> &'static str {
    match k {
        TicketKind::WalkIn => "walk_in",
        TicketKind::Appointment => "appointment",
    }
}

fn small(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

impl RawTicket {
    pub fn into_row(self) -> Result<TicketRow> {
        let kind = match self.kind.as_str() {
            "walk_in" => TicketKind::WalkIn,
            "appointment" => TicketKind::Appointment,
            k => return Err(corrupt(format!("ticket kind {k:?}"))),
        };
        let green = self
            .green
            .as_deref()
            .map(|g| GreenReason::parse(g).ok_or_else(|| corrupt(format!("green reason {g:?}"))))
            .transpose()?;
        let state = TicketState::parse(&self.state)
            .ok_or_else(|| corrupt(format!("ticket state {:?}", self.state)))?;
        let appointment = match (
            self.appointment_id,
            self.a_name,
            self.a_id_number,
            self.a_slot_start,
            self.a_slot_end,
        ) {
            (Some(_), Some(name), Some(id_number), Some(start), Some(end)) => {
                Some(AppointmentDetail {
                    name,
                    id_number,
                    slot_start: to_time(start),
                    slot_end: to_time(end),
                    items: serde_json::from_str(self.a_items.as_deref().unwrap_or("[]"))
                        .map_err(corrupt)?,
                    answers: serde_json::from_str(self.a_answers.as_deref().unwrap_or("{}"))
                        .map_err(corrupt)?,
                })
            }
            _ => None,
        };
        Ok(TicketRow {
            seq: self.seq,
            id: self.id,
            day: self.day,
            number: self.number,
            group: self.group,
            group_name: self.group_name,
            kind,
            green,
            state,
            issued_at: self.issued_at,
            queued_at: self.queued_at,
            called_at: self.called_at,
            started_at: self.started_at,
            ended_at: self.ended_at,
            workstation_id: self.workstation_id,
            clerk_id: self.clerk_id,
            recalls: small(self.recalls),
            for_window: self.for_window,
            ahead: small(self.ahead),
            cases: serde_json::from_str(&self.cases).map_err(corrupt)?,
            offline: self.offline,
            appointment,
        })
    }
}

/// A ticket to issue: a walk-in, or an appointment being checked in.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub group: String,
    pub green: Option<ow_api::GreenReason>,
    /// `None`: the kiosk.
    pub actor: Option<Actor>,
    pub now: i64,
}

/// Who an audit row names: `kiosk` when nobody signed in.
pub fn event_actor(actor: Option<&Actor>) -> (&'static str, String) {
    match actor {
        Some(a) => (super::actor_kind_str(a.kind), a.id.clone()),
        None => ("kiosk", "kiosk".into()),
    }
}

/// The answer to a call.
#[derive(Debug, Clone)]
pub struct CallOutcome {
    pub ticket: Option<TicketRow>,
    /// Still waiting for this window after the call.
    pub waiting: u32,
}

/// A window's calling state as stored.
#[derive(Debug, Clone)]
pub struct WindowRow {
    pub paused: bool,
    pub pause_reason: Option<String>,
    pub current: Option<TicketRow>,
    pub waiting: u32,
}

#[derive(Debug, Clone)]
pub enum Recorded<T> {
    Created(T),
    /// Recorded before (same idempotency key and body): the first answer.
    Replayed(T),
}

/// A rating to store, validated, with its follow-up date worked out.
#[derive(Debug, Clone)]
pub struct NewRating {
    pub workstation_id: String,
    pub idempotency_key: String,
    pub request_hash: String,
    pub intake: RatingIntake,
    pub follow_up_by: Option<NaiveDate>,
    pub now: i64,
}

/// What a rating code stands for.
#[derive(Debug, Clone)]
pub enum CodeState {
    /// Nothing known yet (a bad code, or the visit's window has not sent it yet).
    Unknown,
    /// The citizen left without rating; the visit may be rated by the code.
    Invited {
        workstation_id: String,
        invite: ow_api::RatingInvite,
        invited_at: i64,
    },
    /// Rated, at the window or by the code: the first rating stands.
    Rated(RatingRecord),
}

/// A ratings row → the record.
pub fn rating_record(
    id: String,
    workstation_id: String,
    body: &str,
    received_at: i64,
    follow_up_by: Option<String>,
) -> Result<RatingRecord> {
    Ok(RatingRecord {
        id,
        workstation_id,
        rating: serde_json::from_str(body).map_err(corrupt)?,
        received_at: to_time(received_at),
        follow_up_by: follow_up_by
            .map(|d| d.parse::<NaiveDate>().map_err(corrupt))
            .transpose()?,
    })
}

pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| BackofficeError::Internal(e.to_string()))
}

/// Six random digits for an appointment (the caller retries on a clash).
pub fn appointment_code() -> String {
    let n = uuid::Uuid::new_v4().as_u128() % 1_000_000;
    format!("{n:06}")
}

/// A new offline ticket's id: the paper's own when free, else with `-2`, `-3`, … so a number
/// the kiosk also gave that day keeps both visits.
pub fn offline_id(day: &str, number: &str, clash: u32) -> String {
    let base = crate::tickets::ticket_id(day, number);
    if clash == 0 {
        base
    } else {
        format!("{base}-{}", clash + 1)
    }
}

/// (window, group) pairs sorted by window → one entry per window.
pub fn group_pairs(pairs: Vec<(String, String)>) -> Vec<WindowGroups> {
    let mut out: Vec<WindowGroups> = Vec::new();
    for (w, g) in pairs {
        match out.last_mut() {
            Some(last) if last.workstation_id == w => last.groups.push(g),
            _ => out.push(WindowGroups {
                workstation_id: w,
                groups: vec![g],
            }),
        }
    }
    out
}
