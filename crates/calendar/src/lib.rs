//! China's working-day calendar and deadlines.
//!
//! - [`WorkingCalendar`]: the official arrangement (holidays and make-up workdays, 调休) as data,
//!   built in for 2025 and 2026 (`data/cn-YYYY.json`, `holiday-cn` shape) and replaceable year by
//!   year at run time ([`WorkingCalendar::load_file`]) when the back office pushes a new notice.
//! - Queries: [`WorkingCalendar::is_working_day`], [`WorkingCalendar::next_working_day`],
//!   [`WorkingCalendar::add_working_days`], [`WorkingCalendar::working_days_between`].
//! - Deadlines ([`WorkingCalendar::deadline`], [`WorkingCalendar::notice_deadline`]) under the
//!   counting rule documented in [`deadline`].
//!
//! Any date outside the loaded years is an error ([`CalendarError::NotCovered`]), never a guess.
//!
//! ```
//! use chrono::NaiveDate;
//! use ow_calendar::{DeadlineConfig, DeadlineRequest, WorkingCalendar};
//!
//! let calendar = WorkingCalendar::built_in()?;
//! let accepted = NaiveDate::from_ymd_opt(2026, 2, 13).unwrap().and_hms_opt(10, 0, 0).unwrap();
//! let deadline = calendar.deadline(&DeadlineRequest::new(accepted, 20), &DeadlineConfig::default())?;
//! // Day 1 is the make-up Saturday 2/14; the Spring Festival 2/15–2/23 does not count.
//! assert_eq!(deadline.due_on.to_string(), "2026-03-19");
//! # Ok::<(), ow_calendar::CalendarError>(())
//! ```

mod calendar;
mod data;
pub mod deadline;
mod error;

pub use calendar::{DayKind, WorkingCalendar};
pub use data::{ArrangedDay, YearArrangement};
pub use deadline::{
    Deadline, DeadlineConfig, DeadlineRequest, ExcludedPeriod, SpecialProcedure,
    LICENSING_DECISION_WORKING_DAYS, LICENSING_EXTENSION_WORKING_DAYS, NOTICE_WORKING_DAYS,
};
pub use error::CalendarError;
