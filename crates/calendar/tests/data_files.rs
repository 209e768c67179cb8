//! Loading year files pushed at run time, and rejecting bad ones.

// Test helpers outside #[test] fns: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use chrono::NaiveDate;
use ow_calendar::{CalendarError, DayKind, DeadlineConfig, DeadlineRequest, WorkingCalendar};
use ow_error::ErrorCode;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A made-up 2027 arrangement: the real one is not published yet.
const SAMPLE_2027: &str = r#"{"year": 2027, "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-03", "isOffDay": true}
]}"#;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn loading_the_next_year_extends_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let mut cal = WorkingCalendar::built_in().unwrap();
    let year = cal
        .load_file(&write(&dir, "cn-2027.json", SAMPLE_2027))
        .unwrap();
    assert_eq!(year, 2027);
    assert_eq!(cal.covered_years(), vec![2025, 2026, 2027]);

    // Tue 2026-12-15 + 20 working days; 2027-01-01 is off, 1/2–1/3 a weekend.
    let accepted = date(2026, 12, 15).and_hms_opt(10, 0, 0).unwrap();
    let deadline = cal
        .deadline(
            &DeadlineRequest::new(accepted, 20),
            &DeadlineConfig::default(),
        )
        .unwrap();
    assert_eq!(deadline.due_on, date(2027, 1, 13));
}

#[test]
fn an_updated_year_file_replaces_the_year() {
    let mut cal = WorkingCalendar::built_in().unwrap();
    assert_eq!(
        cal.day_kind(date(2026, 2, 14)).unwrap(),
        DayKind::MakeUpWorkday
    );
    // A corrected 2026 notice that (hypothetically) drops the 2/14 make-up day and adds 3/2 off.
    let corrected = r#"{"year": 2026, "days": [
        {"name": "春节", "date": "2026-02-16", "isOffDay": true},
        {"name": "测试", "date": "2026-03-02", "isOffDay": true}
    ]}"#;
    cal.load_str("cn-2026-corrected.json", corrected).unwrap();
    assert_eq!(cal.day_kind(date(2026, 2, 14)).unwrap(), DayKind::Weekend);
    assert_eq!(cal.day_kind(date(2026, 2, 17)).unwrap(), DayKind::Workday);
    assert_eq!(cal.day_kind(date(2026, 3, 2)).unwrap(), DayKind::Holiday);
    assert_eq!(cal.arrangement(2026).unwrap().days().len(), 2);
    // Other years are untouched.
    assert_eq!(
        cal.day_kind(date(2025, 10, 11)).unwrap(),
        DayKind::MakeUpWorkday
    );
}

#[test]
fn malformed_file_is_rejected_naming_file_and_problem() {
    let dir = tempfile::tempdir().unwrap();
    let broken = r#"{"year": 2027, "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-32", "isOffDay": true}
    ]}"#;
    let path = write(&dir, "cn-2027.json", broken);
    let mut cal = WorkingCalendar::built_in().unwrap();
    let err = cal.load_file(&path).unwrap_err();
    assert_eq!(err.code(), "calendar.bad_data");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("line 3"), "{message}");
    let details = err.details().unwrap();
    assert_eq!(details["file"], path.display().to_string());
    // Nothing was merged.
    assert_eq!(cal.covered_years(), vec![2025, 2026]);
}

#[test]
fn contradictory_file_is_rejected() {
    let both = r#"{"year": 2027, "days": [
        {"name": "元旦", "date": "2027-01-02", "isOffDay": true},
        {"name": "元旦", "date": "2027-01-02", "isOffDay": false}
    ]}"#;
    let err = WorkingCalendar::empty()
        .load_str("push-2027.json", both)
        .unwrap_err();
    match err {
        CalendarError::BadData { file, problem } => {
            assert_eq!(file, "push-2027.json");
            assert!(problem.contains("2027-01-02"), "{problem}");
            assert!(
                problem.contains("both as a day off and as a workday"),
                "{problem}"
            );
        }
        other => panic!("expected BadData, got {other:?}"),
    }
}

#[test]
fn missing_file_is_a_read_failure() {
    let dir = tempfile::tempdir().unwrap();
    let err = WorkingCalendar::empty()
        .load_file(&dir.path().join("absent.json"))
        .unwrap_err();
    assert_eq!(err.code(), "calendar.read_failed");
    assert!(err.to_string().contains("absent.json"));
}

#[test]
fn built_in_files_match_the_published_day_counts() {
    let cal = WorkingCalendar::built_in().unwrap();
    let count = |year: i32, off: bool| {
        cal.arrangement(year)
            .unwrap()
            .days()
            .iter()
            .filter(|d| d.is_off_day == off)
            .count()
    };
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off; 5 make-up workdays.
    assert_eq!((count(2025, true), count(2025, false)), (28, 5));
    // 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 days off; 6 make-up workdays.
    assert_eq!((count(2026, true), count(2026, false)), (33, 6));
}
