//! Statutory and promised deadlines counted in working days (行政许可法 Art. 82).
//!
//! # Counting rule
//!
//! 1. **Deemed acceptance day** (day 0). An application accepted on a working day at or before
//!    the cut-off time ([`DeadlineConfig::cut_off`], 17:00 by default) is deemed accepted that
//!    day. One accepted after the cut-off, or on a non-working day, is deemed accepted on the
//!    next working day. A make-up workday (调休上班) is a working day like any other.
//! 2. **Day 0 does not count** (期间开始之日不计算在内): day 1 is the first working day after the
//!    deemed acceptance day. Accepted Monday 10:00 → day 1 is Tuesday; Monday 17:30 → deemed
//!    Tuesday → day 1 is Wednesday.
//! 3. Working days inside a special-procedure period (听证, 检验, 专家评审 …; Art. 45) do not
//!    count; the deadline moves out by that many working days.
//! 4. The due date is day N, N being the base period plus any extension (Art. 42: +10).
//!
//! A deadline that needs a year whose arrangement is not loaded fails with
//! [`CalendarError::NotCovered`] rather than counting weekends only.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::calendar::WorkingCalendar;
use crate::error::CalendarError;

/// Art. 42: a licensing decision is due within 20 working days of acceptance.
pub const LICENSING_DECISION_WORKING_DAYS: u32 = 20;
/// Art. 42: the head of the agency may extend the decision period by 10 working days.
pub const LICENSING_EXTENSION_WORKING_DAYS: u32 = 10;
/// Art. 32: a one-time notice of missing materials (补正告知) is due within 5 working days of
/// receiving the materials; otherwise the application counts as accepted on receipt.
pub const NOTICE_WORKING_DAYS: u32 = 5;

/// Working days a citizen has to bring a material the case was accepted without (容缺后补), by
/// default: a hall's rule, not a statute (halls commonly give 10).
pub const OWED_WORKING_DAYS: u32 = 10;

// `from_hms_opt` is const, so a bad literal would fail the build, never run.
const DEFAULT_CUT_OFF: NaiveTime = match NaiveTime::from_hms_opt(17, 0, 0) {
    Some(time) => time,
    None => NaiveTime::MIN,
};

/// How a hall counts deadlines. Missing fields take their defaults, so `{}` is valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DeadlineConfig {
    /// Acceptances strictly after this time are deemed made on the next working day.
    /// Written `"17:00"` or `"17:00:00"`.
    pub cut_off: NaiveTime,
    /// Working days allowed for a one-time notice of missing materials.
    pub notice_working_days: u32,
    /// Working days to bring a material accepted as owed (容缺后补).
    pub owed_working_days: u32,
}

impl Default for DeadlineConfig {
    fn default() -> Self {
        Self {
            cut_off: DEFAULT_CUT_OFF,
            notice_working_days: NOTICE_WORKING_DAYS,
            owed_working_days: OWED_WORKING_DAYS,
        }
    }
}

/// The statutory grounds for excluding a period from a deadline (行政许可法 Art. 45).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SpecialProcedure {
    /// 听证
    Hearing,
    /// 招标
    Tender,
    /// 拍卖
    Auction,
    /// 检验
    Inspection,
    /// 检测
    Testing,
    /// 检疫
    Quarantine,
    /// 鉴定
    Appraisal,
    /// 专家评审
    ExpertReview,
}

/// A special-procedure period, both ends inclusive; its working days do not count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ExcludedPeriod {
    /// Which procedure, for the receipt and the case record.
    pub procedure: SpecialProcedure,
    /// First day of the procedure.
    pub start: NaiveDate,
    /// Last day of the procedure.
    pub end: NaiveDate,
}

impl ExcludedPeriod {
    fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// What to compute: a period of working days from an acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeadlineRequest {
    /// When the application was accepted (or the materials received), local time.
    pub accepted_at: NaiveDateTime,
    /// The base period, e.g. the item's promised time limit.
    pub working_days: u32,
    /// Working days added by an extension; 0 when none was granted.
    pub extension_days: u32,
    /// Special-procedure periods that stop the clock.
    pub excluded: Vec<ExcludedPeriod>,
}

impl DeadlineRequest {
    /// A plain period with no extension and no excluded period.
    pub fn new(accepted_at: NaiveDateTime, working_days: u32) -> Self {
        Self {
            accepted_at,
            working_days,
            extension_days: 0,
            excluded: Vec::new(),
        }
    }

    /// Grant an extension of `days` working days.
    pub fn with_extension(mut self, days: u32) -> Self {
        self.extension_days = days;
        self
    }

    /// Stop the clock during a special procedure.
    pub fn excluding(mut self, period: ExcludedPeriod) -> Self {
        self.excluded.push(period);
        self
    }
}

/// A computed deadline, as the receipt and the case record show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Deadline {
    /// When the application was actually accepted.
    pub accepted_at: NaiveDateTime,
    /// The deemed acceptance day (day 0, not counted).
    pub deemed_accepted_on: NaiveDate,
    /// The last day of the period: the work must be done by the end of this day.
    pub due_on: NaiveDate,
    /// Working days counted: base period plus extension.
    pub working_days: u32,
    /// The extension included in `working_days`.
    pub extension_days: u32,
    /// Working days skipped because a special procedure was running.
    pub excluded_working_days: u32,
}

impl WorkingCalendar {
    /// The deemed acceptance day of an acceptance at `accepted_at` (rule 1 of the module docs).
    pub fn deemed_acceptance_day(
        &self,
        accepted_at: NaiveDateTime,
        config: &DeadlineConfig,
    ) -> Result<NaiveDate, CalendarError> {
        let date = accepted_at.date();
        if self.is_working_day(date)? && accepted_at.time() <= config.cut_off {
            Ok(date)
        } else {
            self.next_working_day(date)
        }
    }

    /// Compute a deadline under the counting rule of this module.
    pub fn deadline(
        &self,
        request: &DeadlineRequest,
        config: &DeadlineConfig,
    ) -> Result<Deadline, CalendarError> {
        if let Some(bad) = request.excluded.iter().find(|p| p.end < p.start) {
            return Err(CalendarError::InvalidPeriod {
                start: bad.start,
                end: bad.end,
            });
        }
        let deemed_accepted_on = self.deemed_acceptance_day(request.accepted_at, config)?;
        let working_days = request.working_days.saturating_add(request.extension_days);

        let mut due_on = deemed_accepted_on;
        let mut counted = 0;
        let mut excluded_working_days = 0;
        while counted < working_days {
            due_on = self.next_working_day(due_on)?;
            if request.excluded.iter().any(|p| p.contains(due_on)) {
                excluded_working_days += 1;
            } else {
                counted += 1;
            }
        }
        Ok(Deadline {
            accepted_at: request.accepted_at,
            deemed_accepted_on,
            due_on,
            working_days,
            extension_days: request.extension_days,
            excluded_working_days,
        })
    }

    /// The last day to issue the one-time notice of missing materials (一次性告知 / 补正告知),
    /// counted from the receipt of the materials under the same rule.
    pub fn notice_deadline(
        &self,
        received_at: NaiveDateTime,
        config: &DeadlineConfig,
    ) -> Result<Deadline, CalendarError> {
        self.deadline(
            &DeadlineRequest::new(received_at, config.notice_working_days),
            config,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_to_five_pm_and_accepts_short_times() {
        let config = DeadlineConfig::default();
        assert_eq!(config.cut_off, NaiveTime::from_hms_opt(17, 0, 0).unwrap());
        assert_eq!(config.notice_working_days, 5);

        let empty: DeadlineConfig = toml::from_str("").unwrap();
        assert_eq!(empty, config);
        let custom: DeadlineConfig = toml::from_str(r#"cut_off = "16:30""#).unwrap();
        assert_eq!(custom.cut_off, NaiveTime::from_hms_opt(16, 30, 0).unwrap());
        assert_eq!(custom.notice_working_days, 5);
    }

    #[test]
    fn deadline_serialises_dates_as_iso_strings() {
        let accepted = NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let calendar = WorkingCalendar::built_in().unwrap();
        let deadline = calendar
            .deadline(
                &DeadlineRequest::new(accepted, 1),
                &DeadlineConfig::default(),
            )
            .unwrap();
        let json = serde_json::to_value(&deadline).unwrap();
        assert_eq!(json["due_on"], "2026-03-03");
        assert_eq!(json["deemed_accepted_on"], "2026-03-02");
    }
}
