//! The hall's ticket queue (取号叫号): tickets, appointments, calls at the windows.
//!
//! The queue lives in the back office so every window of the hall shares it. Times are
//! recorded per ticket (issued, called, started, finished, ended); `docs/hall-times.md` says
//! what each means and how the shift lead's figures are built from them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

/// Why a ticket is served first (绿色通道).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GreenReason {
    /// 60 or older.
    Senior,
    /// Under 18.
    Minor,
    /// Serving military and police (现役军人、警察).
    Military,
    Disabled,
    Pregnant,
    /// Designated talents (高层次人才).
    Talent,
}

impl GreenReason {
    pub const ALL: [Self; 6] = [
        Self::Senior,
        Self::Minor,
        Self::Military,
        Self::Disabled,
        Self::Pregnant,
        Self::Talent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Senior => "senior",
            Self::Minor => "minor",
            Self::Military => "military",
            Self::Disabled => "disabled",
            Self::Pregnant => "pregnant",
            Self::Talent => "talent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// Taken at the kiosk or through the API on arrival (取号).
    WalkIn,
    /// A real-name appointment (预约), checked in on arrival.
    Appointment,
}

/// Where a ticket stands. Waiting → Called → Serving → Finished; a called ticket may also end
/// as NoShow or go back to Waiting by a transfer (to another group or window).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    /// Called to a window; the citizen is on the way.
    Called,
    /// The citizen is at the window; a case is open for the ticket.
    Serving,
    Finished,
    /// Called and recalled, never came.
    NoShow,
}

impl TicketState {
    pub const ALL: [Self; 5] = [
        Self::Waiting,
        Self::Called,
        Self::Serving,
        Self::Finished,
        Self::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Called => "called",
            Self::Serving => "serving",
            Self::Finished => "finished",
            Self::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A group of service items with its own ticket letter, e.g. `A` 户政 (the hall's set-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceGroup {
    /// e.g. `huzheng`.
    pub code: String,
    pub name: String,
    /// One capital letter, printed before the ticket's number.
    pub prefix: String,
}

/// Which service groups a window calls from (the hall's set-up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowGroups {
    pub workstation_id: String,
    pub groups: Vec<String>,
}

/// The hall's calling rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HallSettings {
    /// After this many green-channel calls in a row that passed ordinary tickets by, the
    /// longest-waiting ordinary ticket is called (fairness cap).
    pub priority_streak_cap: u32,
    /// A called ticket may be recalled this many times before it can be marked no-show.
    pub recalls_before_no_show: u32,
    /// An appointment counts as "within its slot" from this many minutes before its start.
    pub appointment_early_minutes: u32,
    /// 差评 must be followed up within this many working days.
    pub bad_rating_follow_up_days: u32,
}

impl Default for HallSettings {
    fn default() -> Self {
        Self {
            priority_streak_cap: 3,
            recalls_before_no_show: 2,
            appointment_early_minutes: 15,
            bad_rating_follow_up_days: 3,
        }
    }
}

/// `GET /hall/setup`: what windows and kiosks need to know about the hall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HallSetup {
    pub groups: Vec<ServiceGroup>,
    pub windows: Vec<WindowGroups>,
    pub settings: HallSettings,
}

/// `POST /tickets` (API, any hall session) and `POST /kiosk/tickets` (the kiosk page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketRequest {
    pub group: String,
    /// Chosen at the kiosk (or by a floor guide): the ticket is served first.
    #[serde(default)]
    pub green: Option<GreenReason>,
}

/// `POST /appointments`: a real-name appointment booked online (实名预约), with the items and
/// the situation answers the citizen gave (预填报).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentRequest {
    pub group: String,
    pub name: String,
    pub id_number: String,
    pub slot_start: DateTime<Utc>,
    pub slot_end: DateTime<Utc>,
    /// Service item codes, in the order the citizen listed them.
    #[serde(default)]
    pub items: Vec<String>,
    /// Situation answers given online: question id → answer code.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

/// The answer to `POST /appointments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentBooked {
    /// Six digits, given to the citizen for the kiosk's check-in.
    pub code: String,
}

/// `POST /appointments/check-in`: by the code at the kiosk, or by the ID number read at a
/// window (workstation session only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckIn {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub id_number: Option<String>,
    /// At a window: the ticket is for the calling window itself (the citizen stands there),
    /// so its next call takes it and no other window can.
    #[serde(default)]
    pub here: bool,
}

/// What an appointment brings to the window (only a workstation sees it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentDetail {
    pub name: String,
    pub id_number: String,
    pub slot_start: DateTime<Utc>,
    pub slot_end: DateTime<Utc>,
    pub items: Vec<String>,
    pub answers: BTreeMap<String, String>,
}

/// One ticket with its times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    /// Unique in the hall: the hall's local date and the number, e.g. `20261203-A023`.
    pub id: String,
    /// What is printed and called, e.g. `A023`.
    pub number: String,
    pub group: String,
    pub group_name: String,
    pub kind: TicketKind,
    pub green: Option<GreenReason>,
    pub state: TicketState,
    pub issued_at: DateTime<Utc>,
    /// The first call to a window.
    pub called_at: Option<DateTime<Utc>>,
    /// Service began: the case was opened at the window.
    pub started_at: Option<DateTime<Utc>>,
    /// Finished or marked no-show.
    pub ended_at: Option<DateTime<Utc>>,
    /// The window that called it, and the clerk.
    pub workstation_id: Option<String>,
    pub clerk_id: Option<String>,
    /// Calls after the first.
    pub recalls: u32,
    /// Where a transfer sends it: only this window may call it.
    pub for_window: Option<String>,
    /// Tickets to be called before this one when it was issued (printed on the ticket).
    pub ahead: u32,
    /// Only on the workstation's copy of an appointment ticket.
    #[serde(default)]
    pub appointment: Option<AppointmentDetail>,
}

/// `POST /tickets/call`: the signed-in clerk at this window calls the next ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallRequest {
    pub clerk_id: String,
}

/// The answer to a call: the ticket, or none when nobody waits for this window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Called {
    pub ticket: Option<Ticket>,
    /// Tickets still waiting that this window could call.
    pub waiting: u32,
}

/// `POST /tickets/{id}/transfer`: to another service group, or to one window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferRequest {
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub workstation_id: Option<String>,
    pub reason: String,
}

/// `POST /tickets/{id}/finish`: the visit is over; the cases it produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FinishRequest {
    /// Window case numbers (printed on the receipts).
    #[serde(default)]
    pub cases: Vec<String>,
}

/// `POST /windows/pause`: the window is away (暂停服务); nothing is called to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PauseRequest {
    pub reason: String,
}

/// A window's calling state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowState {
    pub workstation_id: String,
    pub paused: bool,
    pub pause_reason: Option<String>,
    /// The ticket called or being served at this window.
    pub current: Option<Ticket>,
    pub waiting: u32,
}

/// Whether `n` is a ticket number as printed: one capital letter (the group's) and three digits,
/// e.g. `A023`.
pub fn is_ticket_number(n: &str) -> bool {
    let b = n.as_bytes();
    b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

/// `POST /tickets/offline`: a ticket served while the window could not reach the back
/// office; the clerk typed its number from the paper, the times come from the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfflineServed {
    pub number: String,
    pub clerk_id: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    #[serde(default)]
    pub cases: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_on_the_wire() {
        for r in GreenReason::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), json!(r.as_str()));
            assert_eq!(GreenReason::parse(r.as_str()), Some(r));
        }
        for s in TicketState::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), json!(s.as_str()));
            assert_eq!(TicketState::parse(s.as_str()), Some(s));
        }
    }
}
