//! The hall's figures for a range of days (`GET /hall/figures`): tickets served, waiting and
//! handling times per clerk, service group and hour of the day; acceptances against one-time
//! notices per item; 好差评 per clerk. Worked out by the back office from recorded times.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The longest range one report covers (a year, leap or not).
pub const FIGURES_MAX_DAYS: i64 = 366;

/// `GET /hall/figures?from=…&to=…` (hall days, both included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FiguresQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Tickets and their times, for one clerk, group or hour. Times in seconds; `None` when no
/// ticket of the row has that time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketFigures {
    /// The clerk's id, the group's code, or the hour (`"09"`).
    pub key: String,
    /// The clerk's or group's name, or the hour as `09:00`.
    pub label: String,
    pub issued: u32,
    pub served: u32,
    pub no_shows: u32,
    /// From issue to the first call.
    pub wait_p50: Option<u32>,
    pub wait_p90: Option<u32>,
    /// From the start of service to its end (served tickets).
    pub handle_p50: Option<u32>,
    pub handle_p90: Option<u32>,
}

/// One item: cases accepted and forwarded beside one-time notices given. A high share of
/// notices points at guidance citizens find unclear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemFigures {
    pub item_code: String,
    pub item_name: String,
    pub accepted: u32,
    pub notices: u32,
}

/// 好差评 for one clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingFigures {
    pub clerk_id: String,
    pub clerk_name: String,
    /// Counts from 非常满意 to 非常不满意, in that order.
    pub grades: [u32; 5],
    /// 差评 whose follow-up date has passed (the follow-up is the department's to record).
    pub bad_follow_up_due: u32,
}

/// `GET /hall/figures`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub generated_at: DateTime<Utc>,
    /// The whole range in one row (key `all`).
    pub total: TicketFigures,
    pub per_clerk: Vec<TicketFigures>,
    pub per_group: Vec<TicketFigures>,
    /// Hours of the hall's day with at least one ticket issued.
    pub per_hour: Vec<TicketFigures>,
    pub per_item: Vec<ItemFigures>,
    pub ratings: Vec<RatingFigures>,
}

/// `GET /hall/figures/export?from=…&to=…&format=…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FiguresFormat {
    Xlsx,
    Csv,
}

impl FiguresFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }
}
