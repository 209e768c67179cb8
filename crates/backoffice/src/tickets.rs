//! The hall's ticket queue (取号叫号) as pure rules both storage backends share: the hall's
//! day and ticket numbers, what each window step does to a ticket, which ticket a window calls
//! (through [`crate::calling::choose`], the one order), and request validation.
//!
//! Backends only lock, load, call these and write, so SQLite and PostgreSQL cannot disagree.

use crate::calling::{choose, Candidate, Choice};
use crate::domain::{check_id, opt_text, text, to_time, MAX_ID, MAX_TEXT};
use crate::error::BackofficeError;
use chrono::NaiveDate;
use ow_api::{
    AppointmentDetail, AppointmentRequest, CheckIn, FinishRequest, GreenReason, HallSettings,
    OfflineServed, RatingIntake, ServiceGroup, Ticket, TicketKind, TicketState, TransferRequest,
};

/// A group gives at most this many tickets a day: three digits on the paper.
pub const MAX_PER_GROUP_PER_DAY: i64 = 999;
/// The hall's time zone (Asia/Shanghai has had no daylight saving since 1991).
const HALL_OFFSET_MS: i64 = 8 * 3600 * 1000;
const MAX_CASES: usize = 100;
const MAX_ITEMS: usize = 100;
const MAX_ANSWERS: usize = 200;
/// An appointment slot longer than a day is a booking-system bug.
const MAX_SLOT_MS: i64 = 24 * 3600 * 1000;
/// Clocks at the windows may run a little ahead of ours.
const CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

/// The hall's local date at `ms`.
pub fn hall_date(ms: i64) -> NaiveDate {
    to_time(ms.saturating_add(HALL_OFFSET_MS)).date_naive()
}

/// The hall's local day around `ms`, as `[start, end)` in milliseconds.
pub fn hall_day_bounds(ms: i64) -> (i64, i64) {
    let midnight = hall_date(ms)
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp_millis()
        - HALL_OFFSET_MS;
    (midnight, midnight + 24 * 3600 * 1000)
}

/// `20261203`: the first part of a ticket id, and the key of the per-day counters.
pub fn hall_day(ms: i64) -> String {
    hall_date(ms).format("%Y%m%d").to_string()
}

/// `A023`.
pub fn ticket_number(prefix: &str, seq: i64) -> String {
    format!("{prefix}{seq:03}")
}

/// `20261203-A023`.
pub fn ticket_id(day: &str, number: &str) -> String {
    format!("{day}-{number}")
}

/// A ticket as both backends load it (with its appointment, when it has one).
#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    /// The storage key: also the tie-break of the call order.
    pub seq: i64,
    pub id: String,
    pub day: String,
    pub number: String,
    pub group: String,
    pub group_name: String,
    pub kind: TicketKind,
    pub green: Option<GreenReason>,
    pub state: TicketState,
    pub issued_at: i64,
    pub queued_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub workstation_id: Option<String>,
    pub clerk_id: Option<String>,
    pub recalls: u32,
    pub for_window: Option<String>,
    pub ahead: u32,
    pub cases: Vec<String>,
    pub offline: bool,
    pub appointment: Option<AppointmentDetail>,
}

impl TicketRow {
    /// The wire form; the appointment's personal details only for a workstation.
    pub fn to_ticket(&self, with_detail: bool) -> Ticket {
        let t = |ms: Option<i64>| ms.map(to_time);
        Ticket {
            id: self.id.clone(),
            number: self.number.clone(),
            group: self.group.clone(),
            group_name: self.group_name.clone(),
            kind: self.kind,
            green: self.green,
            state: self.state,
            issued_at: to_time(self.issued_at),
            called_at: t(self.called_at),
            started_at: t(self.started_at),
            ended_at: t(self.ended_at),
            workstation_id: self.workstation_id.clone(),
            clerk_id: self.clerk_id.clone(),
            recalls: self.recalls,
            for_window: self.for_window.clone(),
            ahead: self.ahead,
            appointment: if with_detail {
                self.appointment.clone()
            } else {
                None
            },
        }
    }

    /// What the call order needs to know, seen from window `ws`.
    pub fn candidate(&self, ws: &str) -> Candidate {
        Candidate {
            id: self.seq,
            green: self.green.is_some(),
            slot: self.appointment.as_ref().map(|a| {
                (
                    a.slot_start.timestamp_millis(),
                    a.slot_end.timestamp_millis(),
                )
            }),
            queued_at: self.queued_at,
            for_this_window: self.for_window.as_deref() == Some(ws),
        }
    }
}

/// The next ticket for window `ws` among `waiting` (all callable by it), by [`choose`].
pub fn plan_call(
    waiting: &[TicketRow],
    ws: &str,
    streak: u32,
    settings: &HallSettings,
    now: i64,
) -> Option<Choice> {
    let candidates: Vec<Candidate> = waiting.iter().map(|r| r.candidate(ws)).collect();
    choose(&candidates, streak, settings, now)
}

/// How many of the group's waiting tickets are called before ticket `seq`: the calls
/// [`choose`] would make, one after the other, if no one else arrived. Tickets transferred to
/// one window are left out (they are not called from the group's line).
pub fn ahead_of(
    group_waiting: &[TicketRow],
    seq: i64,
    streak: u32,
    settings: &HallSettings,
    now: i64,
) -> u32 {
    let mut line: Vec<Candidate> = group_waiting
        .iter()
        .filter(|r| r.for_window.is_none())
        .map(|r| r.candidate(""))
        .collect();
    let mut streak = streak;
    let mut ahead = 0;
    while let Some(c) = choose(&line, streak, settings, now) {
        if line[c.index].id == seq {
            return ahead;
        }
        streak = c.streak;
        line.swap_remove(c.index);
        ahead += 1;
    }
    ahead
}

/// A window's step on a ticket it called.
#[derive(Debug, Clone)]
pub enum Step {
    Recall,
    Start,
    NoShow,
    /// Already checked: exactly one target, and it exists.
    Transfer(TransferRequest),
    Finish(FinishRequest),
}

impl Step {
    pub fn action(&self) -> &'static str {
        match self {
            Self::Recall => "recall",
            Self::Start => "start",
            Self::NoShow => "no_show",
            Self::Transfer(_) => "transfer",
            Self::Finish(_) => "finish",
        }
    }
}

/// The ticket after a step, and the audit detail.
#[derive(Debug, Clone)]
pub struct StepPlan {
    pub row: TicketRow,
    pub detail: serde_json::Value,
}

/// Checks that window `ws` may take `step` on `row` now, and says what the ticket becomes.
pub fn plan_step(
    row: &TicketRow,
    ws: &str,
    step: &Step,
    settings: &HallSettings,
    now: i64,
) -> Result<StepPlan, BackofficeError> {
    use TicketState as S;
    let at_a_window = matches!(row.state, S::Called | S::Serving);
    if at_a_window && row.workstation_id.as_deref() != Some(ws) {
        return Err(BackofficeError::NotYourTicket { id: row.id.clone() });
    }
    let wrong = || BackofficeError::TicketWrongState {
        id: row.id.clone(),
        state: row.state.as_str(),
        action: step.action(),
    };
    let mut next = row.clone();
    let mut detail = serde_json::json!({});
    match step {
        Step::Recall => {
            if row.state != S::Called {
                return Err(wrong());
            }
            next.recalls = row.recalls.saturating_add(1);
            detail = serde_json::json!({ "recalls": next.recalls });
        }
        Step::Start => {
            if row.state != S::Called {
                return Err(wrong());
            }
            next.state = S::Serving;
            next.started_at = Some(now);
        }
        Step::NoShow => {
            if row.state != S::Called {
                return Err(wrong());
            }
            if row.recalls < settings.recalls_before_no_show {
                return Err(BackofficeError::RecallFirst {
                    id: row.id.clone(),
                    needed: settings.recalls_before_no_show,
                    done: row.recalls,
                });
            }
            next.state = S::NoShow;
            next.ended_at = Some(now);
        }
        Step::Transfer(t) => {
            if !at_a_window {
                return Err(wrong());
            }
            // Back in line from now; the next window calls and starts it afresh. The first
            // call time stays: the citizen's wait began at issue.
            next.state = S::Waiting;
            next.queued_at = now;
            next.started_at = None;
            next.workstation_id = None;
            next.clerk_id = None;
            next.recalls = 0;
            next.for_window = t.workstation_id.clone();
            if let Some(g) = &t.group {
                next.group = g.clone();
            }
            detail = serde_json::json!({
                "reason": t.reason,
                "from_window": ws,
                "group": t.group,
                "workstation_id": t.workstation_id,
            });
        }
        Step::Finish(f) => {
            if row.state != S::Serving {
                return Err(wrong());
            }
            next.state = S::Finished;
            next.ended_at = Some(now);
            next.cases = f.cases.clone();
            detail = serde_json::json!({ "cases": f.cases });
        }
    }
    Ok(StepPlan { row: next, detail })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: i64, green: bool, queued_at: i64) -> TicketRow {
        TicketRow {
            seq,
            id: format!("20260105-A{seq:03}"),
            day: "20260105".into(),
            number: format!("A{seq:03}"),
            group: "huzheng".into(),
            group_name: "户政".into(),
            kind: TicketKind::WalkIn,
            green: green.then_some(GreenReason::Senior),
            state: TicketState::Waiting,
            issued_at: queued_at,
            queued_at,
            called_at: None,
            started_at: None,
            ended_at: None,
            workstation_id: None,
            clerk_id: None,
            recalls: 0,
            for_window: None,
            ahead: 0,
            cases: vec![],
            offline: false,
            appointment: None,
        }
    }

    #[test]
    fn the_hall_day_turns_at_midnight_in_beijing() {
        // 2026-01-04T16:00:00Z is midnight in Beijing.
        let midnight = 1_767_542_400_000;
        assert_eq!(hall_day(midnight - 1), "20260104");
        assert_eq!(hall_day(midnight), "20260105");
        assert_eq!(
            ticket_id("20260105", &ticket_number("A", 23)),
            "20260105-A023"
        );
    }

    #[test]
    fn ahead_counts_the_calls_before_a_ticket() {
        let s = HallSettings::default();
        let line = vec![
            row(1, false, 0),
            row(2, false, 1),
            row(3, true, 2),
            row(4, false, 3),
        ];
        // The green ticket goes first; the last walk-in waits for everyone.
        assert_eq!(ahead_of(&line, 3, 0, &s, 10), 0);
        assert_eq!(ahead_of(&line, 4, 0, &s, 10), 3);
        assert_eq!(ahead_of(&line, 1, 0, &s, 10), 1);
    }

    #[test]
    fn no_show_needs_the_recalls_and_only_the_calling_window_acts() {
        let s = HallSettings::default();
        let mut t = row(1, false, 0);
        t.state = TicketState::Called;
        t.workstation_id = Some("w1".into());
        assert!(matches!(
            plan_step(&t, "w2", &Step::Recall, &s, 5),
            Err(BackofficeError::NotYourTicket { .. })
        ));
        assert!(matches!(
            plan_step(&t, "w1", &Step::NoShow, &s, 5),
            Err(BackofficeError::RecallFirst {
                needed: 2,
                done: 0,
                ..
            })
        ));
        t.recalls = 2;
        let p = plan_step(&t, "w1", &Step::NoShow, &s, 5).unwrap();
        assert_eq!(p.row.state, TicketState::NoShow);
        assert_eq!(p.row.ended_at, Some(5));
        assert!(matches!(
            plan_step(&t, "w1", &Step::Finish(FinishRequest::default()), &s, 5),
            Err(BackofficeError::TicketWrongState { .. })
        ));
    }

    #[test]
    fn numbers_and_ids_are_checked() {
        assert!(validate_number("A023").is_ok());
        for bad in ["a023", "A23", "AB23", "A0234", "Ａ023"] {
            assert!(validate_number(bad).is_err(), "{bad}");
        }
        assert!(validate_ticket_id("20260105-A023").is_ok());
        assert!(validate_ticket_id("../etc").is_err());
    }
}
