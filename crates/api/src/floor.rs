//! The hall floor now, as a shift lead sees it: each window's state, who sits at it, the
//! ticket and the case in hand; the tickets waiting per service group. Windows report their
//! presence; the lead moves waiting tickets.

use crate::TicketState;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A window is `closed` once it has not reported for this long (it reports every 10 s while
/// the app runs; three missed reports and some slack).
pub const PRESENCE_STALE_SECONDS: u32 = 45;

/// `POST /windows/presence`, every few seconds from a running workstation: who is signed in
/// and the case in hand. No personal data: an item's name and a step, never the citizen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowPresence {
    /// The clerk at the keyboard; `None` when nobody is signed in (the window is closed).
    #[serde(default)]
    pub clerk_id: Option<String>,
    /// Undecided cases left open on this workstation, everyone's.
    #[serde(default)]
    pub open_cases: u32,
    #[serde(default)]
    pub in_hand: Option<CaseInHand>,
}

/// The case the signed-in clerk last worked on, still undecided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseInHand {
    /// The item's name (`None` while no item is chosen yet).
    #[serde(default)]
    pub item_name: Option<String>,
    /// The case's step: applicant, item, materials, decision, paper.
    pub step: String,
    /// When the case was opened.
    pub since: DateTime<Utc>,
}

/// Open (calling or serving), paused (暂停服务) or closed (nobody signed in, or not heard from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WindowStatus {
    Open,
    Paused,
    Closed,
}

/// A person, as the lead's lists name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    pub id: String,
    pub name: String,
}

/// The ticket at a window and since when it is in this state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketInHand {
    pub id: String,
    pub number: String,
    pub state: TicketState,
    /// Called at, or started at once served.
    pub since: DateTime<Utc>,
    pub green: bool,
}

/// One window on the floor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowNow {
    pub workstation_id: String,
    pub window_name: String,
    pub status: WindowStatus,
    pub pause_reason: Option<String>,
    /// The service groups it calls from.
    pub groups: Vec<String>,
    pub clerk: Option<PersonRef>,
    pub ticket: Option<TicketInHand>,
    pub in_hand: Option<CaseInHand>,
    pub open_cases: u32,
    /// The window's last report; `None`: never.
    pub seen_at: Option<DateTime<Utc>>,
}

/// One service group's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupNow {
    pub code: String,
    pub name: String,
    pub waiting: u32,
    pub green_waiting: u32,
    /// The longest a waiting ticket of the group has waited since it was issued.
    pub longest_wait_seconds: Option<u32>,
    /// Open windows that call from this group.
    pub windows_open: u32,
}

/// A waiting ticket, for the lead to move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitingTicket {
    pub id: String,
    pub number: String,
    pub group: String,
    pub green: bool,
    pub issued_at: DateTime<Utc>,
    pub waited_seconds: u32,
    /// Moved or transferred to this one window.
    pub for_window: Option<String>,
}

/// `GET /hall/now`: the floor at this moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HallNow {
    pub generated_at: DateTime<Utc>,
    pub windows: Vec<WindowNow>,
    pub groups: Vec<GroupNow>,
    /// Oldest first, at most 200.
    pub waiting: Vec<WaitingTicket>,
    /// Results ready at the window, waiting for the citizen to collect them.
    pub pickup_waiting: u32,
}
