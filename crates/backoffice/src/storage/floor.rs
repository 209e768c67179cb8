//! What both backends hand over for the lead's floor view and figures: presence reports,
//! today's tickets at windows and waiting, and a range of tickets' times kept compact.

use super::{corrupt, Result};
use crate::tickets::TicketRow;

/// A window's last presence report, the clerk's name joined.
#[derive(Debug, Clone)]
pub struct PresenceRow {
    pub workstation_id: String,
    /// (id, name); a clerk since removed shows by id.
    pub clerk: Option<(String, String)>,
    pub open_cases: i64,
    /// `ow_api::CaseInHand` as JSON.
    pub in_hand: Option<String>,
    pub seen_at: i64,
}

/// The floor as stored: paused windows, presence reports, today's tickets at windows and
/// waiting (oldest first).
#[derive(Debug, Clone, Default)]
pub struct FloorRows {
    pub paused: Vec<(String, Option<String>)>,
    pub presence: Vec<PresenceRow>,
    pub at_windows: Vec<TicketRow>,
    pub waiting: Vec<TicketRow>,
}

/// One ticket's times for the figures; group and clerk index [`FigureRows`]' lists.
#[derive(Debug, Clone, Copy)]
pub struct TicketTimes {
    pub state: ow_api::TicketState,
    pub group: u32,
    pub clerk: Option<u32>,
    pub issued_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// Strings seen while reading many rows, each kept once (a year of tickets names a few dozen
/// clerks and groups a million times).
#[derive(Debug, Clone, Default)]
pub struct Interner {
    index: std::collections::HashMap<String, u32>,
    pub names: Vec<String>,
}

impl Interner {
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.index.insert(s.to_owned(), i);
        self.names.push(s.to_owned());
        i
    }
}

/// What the figures are worked out from, for a range of hall days.
#[derive(Debug, Clone, Default)]
pub struct FigureRows {
    pub groups: Interner,
    pub clerks: Interner,
    pub tickets: Vec<TicketTimes>,
    /// (item code, item name, cases received).
    pub accepted: Vec<(String, String, i64)>,
    /// The bodies of the one-time notices given (`ow_api::NoticeRecord`).
    pub notices: Vec<String>,
    /// (body, follow-up date) of the ratings received.
    pub ratings: Vec<(String, Option<String>)>,
    /// (id, name) of every person.
    pub people: Vec<(String, String)>,
}

impl PresenceRow {
    /// A row as both stores read it; a clerk since removed shows by id.
    pub fn new(
        workstation_id: String,
        clerk_id: Option<String>,
        clerk_name: Option<String>,
        open_cases: i64,
        in_hand: Option<String>,
        seen_at: i64,
    ) -> Self {
        Self {
            workstation_id,
            clerk: clerk_id.map(|id| {
                let name = clerk_name.unwrap_or_else(|| id.clone());
                (id, name)
            }),
            open_cases,
            in_hand,
            seen_at,
        }
    }
}

impl FigureRows {
    /// Adds one ticket as both stores read it: the state as stored, the group and clerk
    /// interned, the issue, call, start and end times.
    pub fn push_ticket(
        &mut self,
        state: &str,
        group: &str,
        clerk: Option<&str>,
        (issued_at, called_at, started_at, ended_at): (i64, Option<i64>, Option<i64>, Option<i64>),
    ) -> Result<()> {
        let state = ow_api::TicketState::parse(state)
            .ok_or_else(|| corrupt(format!("ticket state {state:?}")))?;
        let ticket = TicketTimes {
            state,
            group: self.groups.id(group),
            clerk: clerk.map(|c| self.clerks.id(c)),
            issued_at,
            called_at,
            started_at,
            ended_at,
        };
        self.tickets.push(ticket);
        Ok(())
    }
}
