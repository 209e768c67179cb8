//! Deadlines on the real 2025 and 2026 arrangements (State Council notices).

// Test helpers outside #[test] fns: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, NaiveDateTime};
use ow_calendar::{
    CalendarError, DeadlineConfig, DeadlineRequest, ExcludedPeriod, SpecialProcedure,
    WorkingCalendar, LICENSING_DECISION_WORKING_DAYS, LICENSING_EXTENSION_WORKING_DAYS,
};
use ow_error::ErrorCode;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    date(y, m, d).and_hms_opt(h, min, s).unwrap()
}

fn calendar() -> WorkingCalendar {
    WorkingCalendar::built_in().unwrap()
}

fn due(request: DeadlineRequest) -> NaiveDate {
    calendar()
        .deadline(&request, &DeadlineConfig::default())
        .unwrap()
        .due_on
}

#[test]
fn arrangement_days_are_as_published() {
    let cal = calendar();
    for off in [
        date(2025, 1, 1),
        date(2025, 1, 28),
        date(2025, 10, 8),
        date(2026, 1, 2),
    ] {
        assert!(!cal.is_working_day(off).unwrap(), "{off} should be off");
    }
    let make_up = [
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ];
    for work in make_up {
        assert!(
            cal.is_working_day(work).unwrap(),
            "{work} is a make-up workday"
        );
    }
    assert_eq!(
        cal.next_working_day(date(2026, 2, 14)).unwrap(),
        date(2026, 2, 24)
    );
    assert_eq!(
        cal.next_working_day(date(2025, 9, 30)).unwrap(),
        date(2025, 10, 9)
    );
}

#[test]
fn twenty_days_across_spring_festival_2026() {
    // Fri 2/13: day 1 is make-up Sat 2/14, 2/15–2/23 are off, make-up Sat 2/28 counts.
    let deadline = calendar()
        .deadline(
            &DeadlineRequest::new(at(2026, 2, 13, 10, 0, 0), LICENSING_DECISION_WORKING_DAYS),
            &DeadlineConfig::default(),
        )
        .unwrap();
    assert_eq!(deadline.deemed_accepted_on, date(2026, 2, 13));
    assert_eq!(deadline.due_on, date(2026, 3, 19));
    assert_eq!(deadline.working_days, 20);
}

#[test]
fn twenty_days_across_national_day_2025() {
    // Fri 9/26: day 1 is make-up Sun 9/28, 10/1–10/8 are off, make-up Sat 10/11 counts.
    assert_eq!(
        due(DeadlineRequest::new(at(2025, 9, 26, 9, 30, 0), 20)),
        date(2025, 10, 30)
    );
    // Accepted on the last day before the holiday.
    assert_eq!(
        due(DeadlineRequest::new(at(2025, 9, 30, 16, 0, 0), 20)),
        date(2025, 11, 4)
    );
}

#[test]
fn acceptance_day_itself_does_not_count() {
    // Mon 2026-03-02 morning: day 1 is Tuesday.
    assert_eq!(
        due(DeadlineRequest::new(at(2026, 3, 2, 9, 0, 0), 1)),
        date(2026, 3, 3)
    );
}

#[test]
fn cut_off_time_moves_acceptance_to_next_working_day() {
    let on_the_dot = calendar()
        .deadline(
            &DeadlineRequest::new(at(2026, 3, 2, 17, 0, 0), 1),
            &DeadlineConfig::default(),
        )
        .unwrap();
    assert_eq!(on_the_dot.deemed_accepted_on, date(2026, 3, 2));
    assert_eq!(on_the_dot.due_on, date(2026, 3, 3));

    let late = calendar()
        .deadline(
            &DeadlineRequest::new(at(2026, 3, 2, 17, 0, 1), 1),
            &DeadlineConfig::default(),
        )
        .unwrap();
    assert_eq!(late.deemed_accepted_on, date(2026, 3, 3));
    assert_eq!(late.due_on, date(2026, 3, 4));

    // A hall closing earlier configures its own cut-off.
    let config: DeadlineConfig = serde_json::from_str(r#"{"cut_off": "16:30"}"#).unwrap();
    let early = calendar()
        .deadline(&DeadlineRequest::new(at(2026, 3, 2, 16, 45, 0), 1), &config)
        .unwrap();
    assert_eq!(early.deemed_accepted_on, date(2026, 3, 3));
}

#[test]
fn make_up_saturday_is_an_ordinary_acceptance_day() {
    let cal = calendar();
    let config = DeadlineConfig::default();
    // Make-up Sat 2026-02-28: deemed accepted that day, day 1 is Mon 3/2.
    let make_up = cal
        .deadline(&DeadlineRequest::new(at(2026, 2, 28, 10, 0, 0), 5), &config)
        .unwrap();
    assert_eq!(make_up.deemed_accepted_on, date(2026, 2, 28));
    assert_eq!(make_up.due_on, date(2026, 3, 6));

    // A plain Saturday is deemed Monday, so day 1 is Tuesday.
    let saturday = cal
        .deadline(&DeadlineRequest::new(at(2026, 3, 7, 10, 0, 0), 5), &config)
        .unwrap();
    assert_eq!(saturday.deemed_accepted_on, date(2026, 3, 9));
    assert_eq!(saturday.due_on, date(2026, 3, 16));

    // After the cut-off on make-up Sat 2/14 the next working day is after Spring Festival.
    let evening = cal
        .deemed_acceptance_day(at(2026, 2, 14, 18, 0, 0), &config)
        .unwrap();
    assert_eq!(evening, date(2026, 2, 24));
}

#[test]
fn special_procedure_stops_the_clock() {
    let accepted = at(2026, 3, 2, 9, 0, 0);
    assert_eq!(due(DeadlineRequest::new(accepted, 20)), date(2026, 3, 30));

    // Expert review Mon 3/9 – Fri 3/13: five working days more, then Qingming 4/4–4/6.
    let review = ExcludedPeriod {
        procedure: SpecialProcedure::ExpertReview,
        start: date(2026, 3, 9),
        end: date(2026, 3, 13),
    };
    let deadline = calendar()
        .deadline(
            &DeadlineRequest::new(accepted, 20).excluding(review),
            &DeadlineConfig::default(),
        )
        .unwrap();
    assert_eq!(deadline.due_on, date(2026, 4, 7));
    assert_eq!(deadline.excluded_working_days, 5);

    // A hearing before acceptance changes nothing; an overlapping one adds nothing twice.
    let hearing_before = ExcludedPeriod {
        procedure: SpecialProcedure::Hearing,
        start: date(2026, 2, 2),
        end: date(2026, 3, 2),
    };
    let overlapping = ExcludedPeriod {
        procedure: SpecialProcedure::Inspection,
        start: date(2026, 3, 12),
        end: date(2026, 3, 12),
    };
    let request = DeadlineRequest::new(accepted, 20)
        .excluding(review)
        .excluding(hearing_before)
        .excluding(overlapping);
    assert_eq!(due(request), date(2026, 4, 7));
}

#[test]
fn reversed_period_is_rejected() {
    let reversed = ExcludedPeriod {
        procedure: SpecialProcedure::Testing,
        start: date(2026, 3, 13),
        end: date(2026, 3, 9),
    };
    let err = calendar()
        .deadline(
            &DeadlineRequest::new(at(2026, 3, 2, 9, 0, 0), 20).excluding(reversed),
            &DeadlineConfig::default(),
        )
        .unwrap_err();
    assert_eq!(err.code(), "calendar.invalid_period");
}

#[test]
fn extension_adds_ten_working_days() {
    let accepted = at(2026, 3, 2, 9, 0, 0);
    let deadline = calendar()
        .deadline(
            &DeadlineRequest::new(accepted, LICENSING_DECISION_WORKING_DAYS)
                .with_extension(LICENSING_EXTENSION_WORKING_DAYS),
            &DeadlineConfig::default(),
        )
        .unwrap();
    assert_eq!(deadline.due_on, date(2026, 4, 14));
    assert_eq!(deadline.working_days, 30);
    assert_eq!(deadline.extension_days, 10);
}

#[test]
fn one_time_notice_within_five_working_days() {
    // Materials received Thu 2025-09-25: 9/26, make-up Sun 9/28, 9/29, 9/30, then 10/9.
    let notice = calendar()
        .notice_deadline(at(2025, 9, 25, 15, 0, 0), &DeadlineConfig::default())
        .unwrap();
    assert_eq!(notice.working_days, 5);
    assert_eq!(notice.due_on, date(2025, 10, 9));
}

#[test]
fn deadline_needing_2027_is_not_covered() {
    let cal = calendar();
    let err = cal
        .deadline(
            &DeadlineRequest::new(at(2026, 12, 15, 10, 0, 0), 20),
            &DeadlineConfig::default(),
        )
        .unwrap_err();
    assert!(matches!(err, CalendarError::NotCovered { year: 2027 }));
    assert_eq!(err.code(), "calendar.not_covered");
    assert!(err.to_string().contains("2027"));

    // The last covered working day is still reachable; one more is not.
    assert_eq!(
        cal.add_working_days(date(2026, 12, 30), 1).unwrap(),
        date(2026, 12, 31)
    );
    assert!(matches!(
        cal.add_working_days(date(2026, 12, 31), 1),
        Err(CalendarError::NotCovered { year: 2027 })
    ));
    assert!(matches!(
        cal.working_days_between(date(2026, 12, 1), date(2027, 1, 5)),
        Err(CalendarError::NotCovered { year: 2027 })
    ));
}
