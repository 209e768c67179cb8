//! Invariants of working-day arithmetic over the covered years.

// Test helpers outside #[test] fns: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use chrono::{Duration, NaiveDate};
use ow_calendar::{DeadlineConfig, DeadlineRequest, WorkingCalendar};
use proptest::prelude::*;

/// Starting dates from which 40 working days stay inside 2025–2026.
fn start_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    (0i64..670).prop_map(move |offset| first + Duration::days(offset))
}

proptest! {
    #[test]
    fn result_is_a_working_day(d in start_date(), n in 1u32..=40) {
        let cal = WorkingCalendar::built_in().unwrap();
        let end = cal.add_working_days(d, n).unwrap();
        prop_assert!(cal.is_working_day(end).unwrap());
        prop_assert!(end > d);
    }

    #[test]
    fn between_inverts_add(d in start_date(), n in 0u32..=40) {
        let cal = WorkingCalendar::built_in().unwrap();
        let end = cal.add_working_days(d, n).unwrap();
        prop_assert_eq!(cal.working_days_between(d, end).unwrap(), i64::from(n));
        prop_assert_eq!(cal.working_days_between(end, d).unwrap(), -i64::from(n));
    }

    #[test]
    fn monotonic_in_n(d in start_date(), n in 0u32..40) {
        let cal = WorkingCalendar::built_in().unwrap();
        prop_assert!(cal.add_working_days(d, n).unwrap() < cal.add_working_days(d, n + 1).unwrap());
    }

    #[test]
    fn deadline_counts_exactly_its_working_days(
        d in start_date(),
        hour in 0u32..24,
        n in 0u32..=30,
    ) {
        let cal = WorkingCalendar::built_in().unwrap();
        let accepted = d.and_hms_opt(hour, 0, 0).unwrap();
        let deadline = cal
            .deadline(&DeadlineRequest::new(accepted, n), &DeadlineConfig::default())
            .unwrap();
        prop_assert!(cal.is_working_day(deadline.due_on).unwrap());
        prop_assert!(deadline.deemed_accepted_on >= d);
        prop_assert_eq!(
            cal.working_days_between(deadline.deemed_accepted_on, deadline.due_on).unwrap(),
            i64::from(n)
        );
    }
}
