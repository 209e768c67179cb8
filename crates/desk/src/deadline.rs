//! The promised completion date the window shows and prints, from the item's time limit and
//! China's working-day calendar.

use chrono::{Months, NaiveDate, NaiveDateTime};
use ow_calendar::{CalendarError, DeadlineConfig, DeadlineRequest, WorkingCalendar};
use ow_catalog::{TimeLimit, TimeUnit};
use ow_error::ErrorCode;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The promised date, or why it cannot be given (e.g. the calendar does not cover the year:
/// the window says so rather than counting weekends only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PromisedDate {
    Due {
        /// The last day of the period.
        due_on: NaiveDate,
        /// The limit it was counted from.
        limit: TimeLimit,
        /// The day counting starts after (acceptance, or the next working day after closing).
        deemed_accepted_on: NaiveDate,
    },
    Unknown {
        code: String,
        limit: TimeLimit,
    },
}

/// The date a case accepted at `accepted_at` must be finished by.
pub fn promised_date(
    calendar: &WorkingCalendar,
    config: &DeadlineConfig,
    limit: TimeLimit,
    accepted_at: NaiveDateTime,
) -> PromisedDate {
    match due(calendar, config, limit, accepted_at) {
        Ok((due_on, deemed_accepted_on)) => PromisedDate::Due {
            due_on,
            limit,
            deemed_accepted_on,
        },
        Err(e) => PromisedDate::Unknown {
            code: e.code().to_owned(),
            limit,
        },
    }
}

fn due(
    calendar: &WorkingCalendar,
    config: &DeadlineConfig,
    limit: TimeLimit,
    at: NaiveDateTime,
) -> Result<(NaiveDate, NaiveDate), CalendarError> {
    match limit.unit {
        TimeUnit::WorkingDays => {
            let d = calendar.deadline(&DeadlineRequest::new(at, limit.amount), config)?;
            Ok((d.due_on, d.deemed_accepted_on))
        }
        TimeUnit::OnTheSpot => Ok((at.date(), at.date())),
        TimeUnit::CalendarDays => {
            let start = at.date();
            Ok((start + chrono::Days::new(u64::from(limit.amount)), start))
        }
        TimeUnit::Months => {
            let start = at.date();
            let due = start
                .checked_add_months(Months::new(limit.amount))
                .unwrap_or(start);
            Ok((due, start))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn eight_working_days_skip_the_spring_festival() {
        let cal = WorkingCalendar::built_in().unwrap();
        let limit = TimeLimit {
            amount: 8,
            unit: TimeUnit::WorkingDays,
        };
        let p = promised_date(
            &cal,
            &DeadlineConfig::default(),
            limit,
            at("2026-02-12 10:00"),
        );
        // 2/13, 2/14 (make-up Saturday), then 2/24, 2/25, 2/26, 2/27, 2/28 (make-up), 3/2.
        match p {
            PromisedDate::Due { due_on, .. } => {
                assert_eq!(due_on, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn past_the_calendar_the_date_is_unknown_not_guessed() {
        let cal = WorkingCalendar::built_in().unwrap();
        let limit = TimeLimit {
            amount: 20,
            unit: TimeUnit::WorkingDays,
        };
        let p = promised_date(
            &cal,
            &DeadlineConfig::default(),
            limit,
            at("2026-12-20 10:00"),
        );
        assert_eq!(
            p,
            PromisedDate::Unknown {
                code: "calendar.not_covered".into(),
                limit
            }
        );
    }

    #[test]
    fn on_the_spot_is_today() {
        let cal = WorkingCalendar::built_in().unwrap();
        let limit = TimeLimit {
            amount: 0,
            unit: TimeUnit::OnTheSpot,
        };
        let p = promised_date(
            &cal,
            &DeadlineConfig::default(),
            limit,
            at("2026-03-03 10:00"),
        );
        assert!(
            matches!(p, PromisedDate::Due { due_on, .. } if due_on == NaiveDate::from_ymd_opt(2026, 3, 3).unwrap())
        );
    }
}
