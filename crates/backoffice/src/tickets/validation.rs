//! Checks on what callers send about tickets, groups, appointments and ratings: every field
//! bounded, every refusal a clear 4xx before anything is stored.

use crate::domain::{check_id, opt_text, text, MAX_ID, MAX_TEXT};
use crate::error::BackofficeError;
use ow_api::{
    AppointmentRequest, CheckIn, FinishRequest, HallSettings, OfflineServed, RatingIntake,
    ServiceGroup, TransferRequest,
};

const MAX_CASES: usize = 100;
const MAX_ITEMS: usize = 100;
const MAX_ANSWERS: usize = 200;
/// An appointment slot longer than a day is a booking-system bug.
const MAX_SLOT_MS: i64 = 24 * 3600 * 1000;
/// Clocks at the windows may run a little ahead of ours.
const CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

fn bounded<T>(field: &'static str, v: &[T], max: usize) -> Result<(), BackofficeError> {
    if v.len() > max {
        return Err(BackofficeError::invalid(
            field,
            format!("at most {max} entries"),
        ));
    }
    Ok(())
}

fn case_numbers(cases: &[String]) -> Result<(), BackofficeError> {
    bounded("cases", cases, MAX_CASES)?;
    cases.iter().try_for_each(|c| check_id("cases", c))
}

pub fn validate_group(g: &ServiceGroup) -> Result<(), BackofficeError> {
    check_id("code", &g.code)?;
    text("name", &g.name, MAX_TEXT)?;
    let one_capital = g.prefix.len() == 1 && g.prefix.bytes().all(|b| b.is_ascii_uppercase());
    if !one_capital {
        return Err(BackofficeError::invalid("prefix", "one capital letter A-Z"));
    }
    Ok(())
}

pub fn validate_settings(s: &HallSettings) -> Result<(), BackofficeError> {
    let within = |field, v: u32, lo: u32, hi: u32| {
        if (lo..=hi).contains(&v) {
            Ok(())
        } else {
            Err(BackofficeError::invalid(field, format!("{lo} to {hi}")))
        }
    };
    within("priority_streak_cap", s.priority_streak_cap, 0, 20)?;
    within("recalls_before_no_show", s.recalls_before_no_show, 0, 10)?;
    within(
        "appointment_early_minutes",
        s.appointment_early_minutes,
        0,
        120,
    )?;
    within(
        "bad_rating_follow_up_days",
        s.bad_rating_follow_up_days,
        1,
        30,
    )
}

/// ID numbers are compared as typed: visible ASCII, upper-case X.
fn id_number(field: &'static str, s: &str) -> Result<(), BackofficeError> {
    check_id(field, s)
}

pub fn validate_appointment(a: &AppointmentRequest) -> Result<(), BackofficeError> {
    check_id("group", &a.group)?;
    text("name", &a.name, MAX_TEXT)?;
    id_number("id_number", &a.id_number)?;
    let (start, end) = (
        a.slot_start.timestamp_millis(),
        a.slot_end.timestamp_millis(),
    );
    if end <= start || end - start > MAX_SLOT_MS {
        return Err(BackofficeError::invalid(
            "slot_end",
            "after slot_start, within a day",
        ));
    }
    bounded("items", &a.items, MAX_ITEMS)?;
    a.items.iter().try_for_each(|i| check_id("items", i))?;
    if a.answers.len() > MAX_ANSWERS {
        return Err(BackofficeError::invalid(
            "answers",
            format!("at most {MAX_ANSWERS} answers"),
        ));
    }
    for (q, v) in &a.answers {
        check_id("answers", q)?;
        text("answers", v, MAX_ID)?;
    }
    Ok(())
}

/// How an appointment is found at check-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInBy {
    Code(String),
    IdNumber(String),
}

/// Exactly one of code and ID number; the ID number only at a window (`by_id_allowed`),
/// since anyone at a kiosk could type someone else's.
pub fn validate_check_in(c: &CheckIn, by_id_allowed: bool) -> Result<CheckInBy, BackofficeError> {
    if c.here && !by_id_allowed {
        return Err(BackofficeError::invalid(
            "here",
            "only a window checks a citizen in for itself",
        ));
    }
    match (&c.code, &c.id_number) {
        (Some(code), None) => {
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(BackofficeError::invalid("code", "six digits"));
            }
            Ok(CheckInBy::Code(code.clone()))
        }
        (None, Some(id)) if by_id_allowed => {
            id_number("id_number", id)?;
            Ok(CheckInBy::IdNumber(id.clone()))
        }
        (None, Some(_)) => Err(BackofficeError::invalid(
            "id_number",
            "check in by ID number at a window; the kiosk takes the code",
        )),
        _ => Err(BackofficeError::invalid(
            "code",
            "give either the code or the ID number",
        )),
    }
}

/// Exactly one target; a reason.
pub fn validate_transfer(t: &TransferRequest, from_ws: &str) -> Result<(), BackofficeError> {
    text("reason", &t.reason, MAX_TEXT)?;
    match (&t.group, &t.workstation_id) {
        (Some(g), None) => check_id("group", g),
        (None, Some(w)) => {
            check_id("workstation_id", w)?;
            if w == from_ws {
                return Err(BackofficeError::invalid(
                    "workstation_id",
                    "transfer to another window",
                ));
            }
            Ok(())
        }
        _ => Err(BackofficeError::invalid(
            "group",
            "give either a group or a window",
        )),
    }
}

pub fn validate_finish(f: &FinishRequest) -> Result<(), BackofficeError> {
    case_numbers(&f.cases)
}

pub fn validate_pause_reason(reason: &str) -> Result<(), BackofficeError> {
    text("reason", reason, MAX_TEXT)
}

/// A ticket id in a path: `20261203-A023` (or an offline one with a suffix).
pub fn validate_ticket_id(id: &str) -> Result<(), BackofficeError> {
    let ok = !id.is_empty()
        && id.len() <= 40
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !ok {
        return Err(BackofficeError::invalid(
            "id",
            "a ticket id like 20261203-A023",
        ));
    }
    Ok(())
}

/// `A023`: a capital letter and three digits.
pub fn validate_number(n: &str) -> Result<(), BackofficeError> {
    if !ow_api::is_ticket_number(n) {
        return Err(BackofficeError::invalid(
            "number",
            "a letter and three digits, e.g. A023",
        ));
    }
    Ok(())
}

pub fn validate_offline(o: &OfflineServed, now: i64) -> Result<(), BackofficeError> {
    validate_number(&o.number)?;
    check_id("clerk_id", &o.clerk_id)?;
    let (start, end) = (
        o.started_at.timestamp_millis(),
        o.ended_at.timestamp_millis(),
    );
    if end < start {
        return Err(BackofficeError::invalid(
            "ended_at",
            "not before started_at",
        ));
    }
    if end > now + CLOCK_SKEW_MS {
        return Err(BackofficeError::invalid("ended_at", "in the future"));
    }
    case_numbers(&o.cases)
}

pub fn validate_rating(r: &RatingIntake) -> Result<(), BackofficeError> {
    opt_text("ticket", r.ticket.as_deref(), MAX_ID)?;
    case_numbers(&r.cases)?;
    check_id("clerk_id", &r.clerk_id)?;
    opt_text("text", r.text.as_deref(), ow_api::RATING_TEXT_MAX_CHARS)?;
    bounded("reasons", &r.reasons, ow_api::BadReason::ALL.len())?;
    if r.grade.is_bad() && r.reasons.is_empty() {
        return Err(BackofficeError::invalid(
            "reasons",
            "a 差评 needs at least one reason",
        ));
    }
    if !r.grade.is_bad() && !r.reasons.is_empty() {
        return Err(BackofficeError::invalid(
            "reasons",
            "only a 差评 carries reasons",
        ));
    }
    if let Some(code) = &r.code {
        rating_code(code)?;
    }
    Ok(())
}

/// A rating code as printed on a receipt.
pub fn rating_code(code: &str) -> Result<(), BackofficeError> {
    if ow_api::is_rating_code(code) {
        Ok(())
    } else {
        Err(BackofficeError::invalid(
            "code",
            "12 characters of Crockford base 32 (0-9, A-Z without I, L, O, U)",
        ))
    }
}

/// An invitation to rate later: a code, the visit's cases, who served.
pub fn validate_invite(i: &ow_api::RatingInvite) -> Result<(), BackofficeError> {
    rating_code(&i.code)?;
    opt_text("ticket", i.ticket.as_deref(), MAX_ID)?;
    case_numbers(&i.cases)?;
    check_id("clerk_id", &i.clerk_id)
}
