//! The calendar's errors, each with a stable `calendar.` code.

use chrono::NaiveDate;
use ow_error::ErrorCode;
use serde_json::json;

/// Everything that can go wrong in calendar look-ups, deadline computation and data loading.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    /// A date falls in a year whose official arrangement is not loaded. Counting weekends only
    /// would give a plausible but possibly wrong date, so the calendar refuses instead.
    #[error("the working-day calendar does not cover {year}: its official holiday arrangement is not loaded")]
    NotCovered {
        /// The first year that was needed and is missing.
        year: i32,
    },

    /// A year file could not be parsed or failed validation.
    #[error("calendar data {file}: {problem}")]
    BadData {
        /// Where the data came from (a path or a label such as `built-in cn-2025.json`).
        file: String,
        /// What is wrong, in English, naming the entry where there is one.
        problem: String,
    },

    /// A year file could not be read from disk.
    #[error("could not read calendar data {file}")]
    ReadFailed {
        /// The path that was read.
        file: String,
        /// The I/O failure.
        #[source]
        source: std::io::Error,
    },

    /// A special-procedure period whose end precedes its start.
    #[error("special-procedure period ends on {end}, before it starts on {start}")]
    InvalidPeriod {
        /// First day of the period.
        start: NaiveDate,
        /// Last day of the period.
        end: NaiveDate,
    },
}

impl ErrorCode for CalendarError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotCovered { .. } => "calendar.not_covered",
            Self::BadData { .. } => "calendar.bad_data",
            Self::ReadFailed { .. } => "calendar.read_failed",
            Self::InvalidPeriod { .. } => "calendar.invalid_period",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        Some(match self {
            Self::NotCovered { year } => json!({ "year": year }),
            Self::BadData { file, problem } => json!({ "file": file, "problem": problem }),
            Self::ReadFailed { file, .. } => json!({ "file": file }),
            Self::InvalidPeriod { start, end } => json!({ "start": start, "end": end }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ow_error::ErrorBody;

    #[test]
    fn codes_are_stable_and_prefixed() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let cases = [
            (
                CalendarError::NotCovered { year: 2027 },
                "calendar.not_covered",
            ),
            (
                CalendarError::BadData {
                    file: "cn-2027.json".into(),
                    problem: "x".into(),
                },
                "calendar.bad_data",
            ),
            (
                CalendarError::ReadFailed {
                    file: "cn-2027.json".into(),
                    source: std::io::Error::other("gone"),
                },
                "calendar.read_failed",
            ),
            (
                CalendarError::InvalidPeriod {
                    start: date,
                    end: date,
                },
                "calendar.invalid_period",
            ),
        ];
        for (err, code) in cases {
            assert_eq!(err.code(), code);
            assert!(err.details().is_some());
        }
    }

    #[test]
    fn not_covered_body_names_the_year() {
        let body = ErrorBody::from_error(&CalendarError::NotCovered { year: 2027 });
        assert_eq!(body.code, "calendar.not_covered");
        assert!(body.message.contains("2027"));
        assert_eq!(body.details.unwrap()["year"], 2027);
    }
}
