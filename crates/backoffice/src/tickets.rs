//! The hall's ticket queue (取号叫号) as pure rules both storage backends share: the hall's
//! day and ticket numbers, what each window step does to a ticket, which ticket a window calls
//! (through [`crate::calling::choose`], the one order), and request validation.
//!
//! Backends only lock, load, call these and write, so SQLite and PostgreSQL cannot disagree.

use crate::calling::{choose, Candidate, Choice};
use crate::domain::to_time;
use crate::error::BackofficeError;

mod validation;
use chrono::NaiveDate;
use ow_api::{
    AppointmentDetail, FinishRequest, GreenReason, HallSettings, Ticket, TicketKind, TicketState,
    TransferRequest,
};
pub use validation::*;

/// A group gives at most this many tickets a day: three digits on the paper.
pub const MAX_PER_GROUP_PER_DAY: i64 = 999;
/// The hall's time zone (Asia/Shanghai has had no daylight saving since 1991).
pub const HALL_OFFSET_MS: i64 = 8 * 3600 * 1000;

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

/// Who takes a step: the window that called the ticket, or a shift lead on the floor.
#[derive(Debug, Clone)]
pub enum StepBy {
    Window(String),
    Lead(ow_api::Actor),
}

impl StepBy {
    /// The window the audit row names (a lead acts from no window).
    pub fn window(&self) -> Option<&str> {
        match self {
            Self::Window(ws) => Some(ws),
            Self::Lead(_) => None,
        }
    }
}

/// A window's step on a ticket it called, or a lead's move of a waiting ticket.
#[derive(Debug, Clone)]
pub enum Step {
    Recall,
    Start,
    NoShow,
    /// Already checked: exactly one target, and it exists.
    Transfer(TransferRequest),
    Finish(FinishRequest),
    /// A lead sends a waiting ticket to another group or one window (checked like a transfer).
    /// It keeps its place: the wait began at issue and goes on.
    Move(TransferRequest),
}

impl Step {
    pub fn action(&self) -> &'static str {
        match self {
            Self::Recall => "recall",
            Self::Start => "start",
            Self::NoShow => "no_show",
            Self::Transfer(_) => "transfer",
            Self::Finish(_) => "finish",
            Self::Move(_) => "move",
        }
    }
}

/// The ticket after a step, and the audit detail.
#[derive(Debug, Clone)]
pub struct StepPlan {
    pub row: TicketRow,
    pub detail: serde_json::Value,
}

/// Checks that `by` may take `step` on `row` now, and says what the ticket becomes. A window
/// acts on the ticket it called; a lead only moves waiting tickets.
pub fn plan_step(
    row: &TicketRow,
    by: &StepBy,
    step: &Step,
    settings: &HallSettings,
    now: i64,
) -> Result<StepPlan, BackofficeError> {
    use TicketState as S;
    let wrong = || BackofficeError::TicketWrongState {
        id: row.id.clone(),
        state: row.state.as_str(),
        action: step.action(),
    };
    let ws = match (by, step) {
        (StepBy::Lead(lead), Step::Move(t)) => {
            if row.state != S::Waiting {
                return Err(wrong());
            }
            let mut next = row.clone();
            next.for_window = t.workstation_id.clone();
            if let Some(g) = &t.group {
                next.group = g.clone();
            }
            let detail = serde_json::json!({
                "reason": t.reason,
                "by": lead.id,
                "from_group": row.group,
                "from_window": row.for_window,
                "group": t.group,
                "workstation_id": t.workstation_id,
            });
            return Ok(StepPlan { row: next, detail });
        }
        (StepBy::Lead(_), _) => {
            return Err(BackofficeError::Forbidden {
                needed: "the window that called the ticket",
            })
        }
        (StepBy::Window(_), Step::Move(_)) => {
            return Err(BackofficeError::Forbidden {
                needed: "a shift lead to move a waiting ticket",
            })
        }
        (StepBy::Window(ws), _) => ws.as_str(),
    };
    let at_a_window = matches!(row.state, S::Called | S::Serving);
    if at_a_window && row.workstation_id.as_deref() != Some(ws) {
        return Err(BackofficeError::NotYourTicket { id: row.id.clone() });
    }
    let mut next = row.clone();
    let mut detail = serde_json::json!({});
    match step {
        // Planned above: a window never moves a waiting ticket.
        Step::Move(_) => return Err(wrong()),
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
            plan_step(&t, &StepBy::Window("w2".into()), &Step::Recall, &s, 5),
            Err(BackofficeError::NotYourTicket { .. })
        ));
        assert!(matches!(
            plan_step(&t, &StepBy::Window("w1".into()), &Step::NoShow, &s, 5),
            Err(BackofficeError::RecallFirst {
                needed: 2,
                done: 0,
                ..
            })
        ));
        t.recalls = 2;
        let p = plan_step(&t, &StepBy::Window("w1".into()), &Step::NoShow, &s, 5).unwrap();
        assert_eq!(p.row.state, TicketState::NoShow);
        assert_eq!(p.row.ended_at, Some(5));
        assert!(matches!(
            plan_step(
                &t,
                &StepBy::Window("w1".into()),
                &Step::Finish(FinishRequest::default()),
                &s,
                5
            ),
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
