//! The working-day calendar: which years it covers and what each covered day is.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::data::YearArrangement;
use crate::error::CalendarError;

/// The arrangements shipped with the crate, as `(file label, JSON)`.
const BUILT_IN: [(&str, &str); 2] = [
    (
        "built-in cn-2025.json",
        include_str!("../data/cn-2025.json"),
    ),
    (
        "built-in cn-2026.json",
        include_str!("../data/cn-2026.json"),
    ),
];

/// What kind of day a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Monday to Friday with nothing arranged.
    Workday,
    /// A weekend day worked to make up for a holiday (调休上班).
    MakeUpWorkday,
    /// Saturday or Sunday with nothing arranged.
    Weekend,
    /// A day off under the official arrangement (法定节假日 and the days shifted into it).
    Holiday,
}

impl DayKind {
    /// Whether the agency works that day.
    pub fn is_working(self) -> bool {
        matches!(self, Self::Workday | Self::MakeUpWorkday)
    }
}

/// China's official working-day calendar for the years whose arrangement is loaded.
///
/// A date in any other year yields [`CalendarError::NotCovered`]: the calendar never guesses
/// by counting weekends only.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    arrangements: BTreeMap<i32, YearArrangement>,
    /// Day kinds of each covered year, indexed by `ordinal0`; rebuilt on every merge so that
    /// look-ups are a map access and an index.
    kinds: BTreeMap<i32, Vec<DayKind>>,
}

impl WorkingCalendar {
    /// A calendar covering no year; load arrangements into it with [`Self::merge`].
    pub fn empty() -> Self {
        Self::default()
    }

    /// The calendar with the arrangements shipped in the crate (2025 and 2026).
    pub fn built_in() -> Result<Self, CalendarError> {
        let mut calendar = Self::empty();
        for (label, json) in BUILT_IN {
            calendar.merge(YearArrangement::parse(label, json)?);
        }
        Ok(calendar)
    }

    /// Parse, validate and merge a year file given as text; returns its year. `file` names the
    /// source in error messages. Nothing changes when the text is rejected.
    pub fn load_str(&mut self, file: &str, json: &str) -> Result<i32, CalendarError> {
        let arrangement = YearArrangement::parse(file, json)?;
        let year = arrangement.year();
        self.merge(arrangement);
        Ok(year)
    }

    /// Read, validate and merge a year file (e.g. one pushed by the back office); returns its
    /// year. Nothing changes when the file is rejected.
    pub fn load_file(&mut self, path: &Path) -> Result<i32, CalendarError> {
        let file = path.display().to_string();
        let json = std::fs::read_to_string(path).map_err(|source| CalendarError::ReadFailed {
            file: file.clone(),
            source,
        })?;
        self.load_str(&file, &json)
    }

    /// Add an arrangement, replacing whatever was loaded for its year.
    pub fn merge(&mut self, arrangement: YearArrangement) {
        let year = arrangement.year();
        self.arrangements.insert(year, arrangement);
        // The year's own days, and the next year's January that this notice may carry.
        self.rebuild(year);
        self.rebuild(year + 1);
    }

    /// The years this calendar covers, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        self.arrangements.keys().copied().collect()
    }

    /// Whether `year`'s arrangement is loaded.
    pub fn covers(&self, year: i32) -> bool {
        self.arrangements.contains_key(&year)
    }

    /// The arrangement loaded for `year`, e.g. to list its holidays.
    pub fn arrangement(&self, year: i32) -> Option<&YearArrangement> {
        self.arrangements.get(&year)
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        self.kinds
            .get(&date.year())
            .and_then(|kinds| kinds.get(date.ordinal0() as usize))
            .copied()
            .ok_or(CalendarError::NotCovered { year: date.year() })
    }

    /// Whether the agency works on `date` (weekdays and make-up workdays, not holidays).
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day_kind(date)?.is_working())
    }

    /// The first working day strictly after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        loop {
            day = following(day)?;
            if self.is_working_day(day)? {
                return Ok(day);
            }
        }
    }

    /// The `n`-th working day strictly after `start`; `start` itself never counts, matching the
    /// Chinese rule that a period's first day is not counted (期间开始之日不计算在内).
    /// `n == 0` returns `start` unchanged (which need not be a working day).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.day_kind(start)?;
        let mut day = start;
        for _ in 0..n {
            day = self.next_working_day(day)?;
        }
        Ok(day)
    }

    /// The number of working days in `(a, b]`: after `a`, up to and including `b`; negative
    /// when `b` is before `a`. So `working_days_between(d, add_working_days(d, n)) == n`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
        if b < a {
            return Ok(-self.working_days_between(b, a)?);
        }
        self.day_kind(a)?;
        let mut count = 0;
        for day in a.iter_days().skip(1).take_while(|day| *day <= b) {
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(count)
    }

    fn rebuild(&mut self, year: i32) {
        let Some(own) = self.arrangements.get(&year) else {
            self.kinds.remove(&year);
            return;
        };
        let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            self.kinds.remove(&year);
            return;
        };
        let mut kinds: Vec<DayKind> = first
            .iter_days()
            .take_while(|day| day.year() == year)
            .map(|day| match day.weekday() {
                Weekday::Sat | Weekday::Sun => DayKind::Weekend,
                _ => DayKind::Workday,
            })
            .collect();
        // The previous notice's January days first, so the year's own notice wins on overlap.
        let spill_over = self
            .arrangements
            .get(&(year - 1))
            .map(|previous| previous.days())
            .unwrap_or_default()
            .iter()
            .filter(|day| day.date.year() == year);
        let own_days = own.days().iter().filter(|day| day.date.year() == year);
        for day in spill_over.chain(own_days) {
            if let Some(kind) = kinds.get_mut(day.date.ordinal0() as usize) {
                *kind = if day.is_off_day {
                    DayKind::Holiday
                } else {
                    DayKind::MakeUpWorkday
                };
            }
        }
        self.kinds.insert(year, kinds);
    }
}

/// The day after `date`; past chrono's last date no year is covered anyway.
fn following(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    date.succ_opt().ok_or(CalendarError::NotCovered {
        year: date.year().saturating_add(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn built_in_covers_2025_and_2026_only() {
        let calendar = WorkingCalendar::built_in().unwrap();
        assert_eq!(calendar.covered_years(), vec![2025, 2026]);
        assert!(matches!(
            calendar.day_kind(date(2027, 1, 4)),
            Err(CalendarError::NotCovered { year: 2027 })
        ));
        assert!(matches!(
            calendar.day_kind(date(2024, 12, 31)),
            Err(CalendarError::NotCovered { year: 2024 })
        ));
    }

    #[test]
    fn classifies_holidays_make_up_days_and_plain_days() {
        let calendar = WorkingCalendar::built_in().unwrap();
        assert_eq!(
            calendar.day_kind(date(2026, 2, 14)).unwrap(),
            DayKind::MakeUpWorkday
        );
        assert_eq!(
            calendar.day_kind(date(2026, 2, 16)).unwrap(),
            DayKind::Holiday
        );
        assert_eq!(
            calendar.day_kind(date(2026, 2, 21)).unwrap(),
            DayKind::Holiday
        );
        assert_eq!(
            calendar.day_kind(date(2026, 3, 7)).unwrap(),
            DayKind::Weekend
        );
        assert_eq!(
            calendar.day_kind(date(2026, 3, 9)).unwrap(),
            DayKind::Workday
        );
        assert_eq!(
            calendar.day_kind(date(2025, 12, 31)).unwrap(),
            DayKind::Workday
        );
    }

    #[test]
    fn next_january_from_previous_notice_applies_once_next_year_is_loaded() {
        let mut calendar = WorkingCalendar::empty();
        calendar
            .load_str(
                "a.json",
                r#"{"year": 2030, "days": [
                {"name": "元旦", "date": "2030-01-01", "isOffDay": true},
                {"name": "元旦", "date": "2031-01-02", "isOffDay": true}]}"#,
            )
            .unwrap();
        // Carrying 2031-01-02 does not make 2031 covered.
        assert!(calendar.is_working_day(date(2031, 1, 2)).is_err());
        calendar
            .load_str(
                "b.json",
                r#"{"year": 2031, "days": [
                {"name": "元旦", "date": "2031-01-01", "isOffDay": true}]}"#,
            )
            .unwrap();
        assert_eq!(
            calendar.day_kind(date(2031, 1, 2)).unwrap(),
            DayKind::Holiday
        );
        assert_eq!(
            calendar.day_kind(date(2031, 1, 1)).unwrap(),
            DayKind::Holiday
        );
    }

    #[test]
    fn between_is_signed_and_excludes_the_start() {
        let calendar = WorkingCalendar::built_in().unwrap();
        // Mon 2026-03-02 .. Mon 2026-03-09: Tue–Fri and Mon.
        assert_eq!(
            calendar
                .working_days_between(date(2026, 3, 2), date(2026, 3, 9))
                .unwrap(),
            5
        );
        assert_eq!(
            calendar
                .working_days_between(date(2026, 3, 9), date(2026, 3, 2))
                .unwrap(),
            -5
        );
        assert_eq!(
            calendar
                .working_days_between(date(2026, 3, 2), date(2026, 3, 2))
                .unwrap(),
            0
        );
        assert_eq!(
            calendar.add_working_days(date(2026, 3, 7), 0).unwrap(),
            date(2026, 3, 7)
        );
    }
}
