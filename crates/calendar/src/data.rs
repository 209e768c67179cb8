//! One year's official arrangement, read from a `holiday-cn` style JSON file and validated.
//!
//! The file shape (extra fields such as `$schema`, `papers` or `notice` are ignored):
//!
//! ```json
//! {"year": 2025, "days": [
//!   {"name": "元旦", "date": "2025-01-01", "isOffDay": true},
//!   {"name": "春节", "date": "2025-01-26", "isOffDay": false}
//! ]}
//! ```
//!
//! `isOffDay: true` is a holiday (including the weekend days a holiday block swallows);
//! `isOffDay: false` is a make-up workday (调休上班) on a weekend. Days not listed follow the
//! normal week: Monday to Friday work, Saturday and Sunday off.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::CalendarError;

/// Years outside this range are taken for typos (`20255`), not for arrangements.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// One listed day of an arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ArrangedDay {
    /// The holiday it belongs to, e.g. `春节`; make-up workdays carry the holiday they pay for.
    pub name: String,
    /// The calendar date.
    pub date: NaiveDate,
    /// `true` for a day off, `false` for a make-up workday.
    pub is_off_day: bool,
}

/// A validated arrangement of one year, as published in the State Council's notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearArrangement {
    year: i32,
    /// Sorted by date, no duplicates.
    days: Vec<ArrangedDay>,
}

#[derive(Deserialize)]
struct YearFile {
    year: i32,
    days: Vec<ArrangedDay>,
}

impl YearArrangement {
    /// Parse and validate one year file. `file` names the source in error messages.
    ///
    /// Accepted dates lie inside `year`, or in January of the next year, because a notice may
    /// already settle the next New Year's Day. Rejected: unparsable JSON, an empty day list (how
    /// `holiday-cn` marks a year not yet published), dates elsewhere, a date listed twice, and a
    /// make-up workday on a weekday (a typo: weekdays are workdays anyway).
    pub fn parse(file: &str, json: &str) -> Result<Self, CalendarError> {
        let bad = |problem: String| CalendarError::BadData {
            file: file.to_owned(),
            problem,
        };
        let parsed: YearFile = serde_json::from_str(json)
            .map_err(|err| bad(format!("not a valid year file: {err}")))?;
        let year = parsed.year;
        if !PLAUSIBLE_YEARS.contains(&year) {
            return Err(bad(format!(
                "year {year} is outside {}..={}",
                PLAUSIBLE_YEARS.start(),
                PLAUSIBLE_YEARS.end()
            )));
        }
        if parsed.days.is_empty() {
            return Err(bad(format!(
                "year {year} lists no days: its arrangement is not published yet"
            )));
        }

        let mut by_date: BTreeMap<NaiveDate, ArrangedDay> = BTreeMap::new();
        for day in parsed.days {
            let date = day.date;
            let in_year = date.year() == year;
            let next_january = date.year() == year + 1 && date.month() == 1;
            if !in_year && !next_january {
                return Err(bad(format!(
                    "{date} ({}) lies outside year {year} and its following January",
                    day.name
                )));
            }
            if !day.is_off_day && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(bad(format!(
                    "{date} ({}) is marked as a make-up workday but is a {:?}, already a workday",
                    day.name,
                    date.weekday()
                )));
            }
            if let Some(earlier) = by_date.get(&date) {
                let problem = if earlier.is_off_day == day.is_off_day {
                    format!("{date} is listed twice")
                } else {
                    format!("{date} is listed both as a day off and as a workday")
                };
                return Err(bad(problem));
            }
            by_date.insert(date, day);
        }
        Ok(Self {
            year,
            days: by_date.into_values().collect(),
        })
    }

    /// The year this arrangement is for.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The listed days, sorted by date.
    pub fn days(&self) -> &[ArrangedDay] {
        &self.days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_of(json: &str) -> String {
        match YearArrangement::parse("test.json", json) {
            Err(CalendarError::BadData { file, problem }) => {
                assert_eq!(file, "test.json");
                problem
            }
            other => panic!("expected BadData, got {other:?}"),
        }
    }

    #[test]
    fn accepts_holiday_cn_shape_with_extra_fields_and_sorts() {
        let json = r#"{"$schema": "x", "year": 2027, "papers": [], "days": [
            {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
        let arrangement = YearArrangement::parse("test.json", json).unwrap();
        assert_eq!(arrangement.year(), 2027);
        assert_eq!(arrangement.days()[0].date.to_string(), "2027-01-01");
    }

    #[test]
    fn accepts_next_january_but_not_later() {
        let ok = r#"{"year": 2026, "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;
        assert!(YearArrangement::parse("test.json", ok).is_ok());
        let late = r#"{"year": 2026, "days": [
            {"name": "春节", "date": "2027-02-06", "isOffDay": true}]}"#;
        assert!(problem_of(late).contains("outside year 2026"));
        let early = r#"{"year": 2026, "days": [
            {"name": "元旦", "date": "2025-12-31", "isOffDay": true}]}"#;
        assert!(problem_of(early).contains("2025-12-31"));
    }

    #[test]
    fn rejects_conflicts_duplicates_and_weekday_workdays() {
        let conflict = r#"{"year": 2025, "days": [
            {"name": "国庆节", "date": "2025-10-11", "isOffDay": true},
            {"name": "国庆节", "date": "2025-10-11", "isOffDay": false}]}"#;
        assert!(problem_of(conflict).contains("both as a day off and as a workday"));
        let twice = r#"{"year": 2025, "days": [
            {"name": "元旦", "date": "2025-01-01", "isOffDay": true},
            {"name": "元旦", "date": "2025-01-01", "isOffDay": true}]}"#;
        assert!(problem_of(twice).contains("listed twice"));
        let weekday = r#"{"year": 2025, "days": [
            {"name": "国庆节", "date": "2025-10-09", "isOffDay": false}]}"#;
        assert!(problem_of(weekday).contains("make-up workday"));
    }

    #[test]
    fn rejects_empty_implausible_and_malformed_files() {
        assert!(problem_of(r#"{"year": 2027, "days": []}"#).contains("not published"));
        assert!(problem_of(r#"{"year": 20277, "days": []}"#).contains("outside"));
        let bad_date = r#"{"year": 2027, "days": [
            {"name": "元旦", "date": "2027-13-01", "isOffDay": true}]}"#;
        assert!(problem_of(bad_date).contains("line 2"));
        assert!(problem_of(r#"{"year": 2027}"#).contains("missing field `days`"));
    }
}
