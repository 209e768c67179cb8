//! Check digit, consistency, validity and age, with injected dates.
#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test] fns

use chrono::NaiveDate;
use ow_error::ErrorCode;
use ow_idcard::checks::{
    age_on, birth_in_number, check_char, sex_in_number, verify_number, verify_number_on,
};
use ow_idcard::checks::{AgeGroup, Finding, NumberProblem, Verdict, VerdictStatus};
use ow_idcard::{assess, gallery, IdCardError, IdNumber, Sex, Source, ValidUntil};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_three_published_samples_pass() {
    for n in [
        "11010519491231002X",
        "932682198501010017",
        "911124198108030024",
    ] {
        assert_eq!(verify_number(n), Ok(()), "{n}");
    }
    assert_eq!(check_char("11010519491231002"), Some('X'));
    assert_eq!(
        verify_number("11010519491231002x"),
        Ok(()),
        "lower-case x accepted"
    );
}

#[test]
fn wrong_check_digits_and_malformed_numbers_are_told_apart() {
    assert_eq!(
        verify_number("110105194912310021"),
        Err(NumberProblem::ChecksumWrong { expected: 'X' })
    );
    assert_eq!(
        verify_number("932682198501010018"),
        Err(NumberProblem::ChecksumWrong { expected: '7' })
    );
    for bad in [
        "",
        "11010519491231002",
        "11010519491231002XX",
        "11010519491231002Y",
        "A1010519491231002X",
        "１１010519491231002X",
    ] {
        assert_eq!(verify_number(bad), Err(NumberProblem::Malformed), "{bad:?}");
    }
    assert_eq!(check_char("1101051949123100"), None);
}

/// Numbers from the shared fixture (also read by the in-memory backend's test), with the check
/// date it gives.
#[test]
fn the_shared_fixture_of_typed_numbers() {
    let text = include_str!("../data/typed-numbers.json");
    let fixture: serde_json::Value = serde_json::from_str(text).unwrap();
    let today = NaiveDate::parse_from_str(fixture["today"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let cases = fixture["numbers"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let number = case["number"].as_str().unwrap();
        let want = &case["problem"];
        let got = match verify_number_on(number, today) {
            Ok(()) => serde_json::Value::Null,
            Err(p) => serde_json::to_value(p).unwrap(),
        };
        assert_eq!(&got, want, "{number}");
    }
}

#[test]
fn a_birth_date_that_does_not_exist_or_lies_ahead_is_refused() {
    // Born on 31 February, with a check character that fits: only the date is wrong.
    let body = "11010519490231002";
    let n = format!("{body}{}", check_char(body).unwrap());
    assert_eq!(verify_number(&n), Err(NumberProblem::NoSuchBirthDate));
    let body = "11010520990101002";
    let n = format!("{body}{}", check_char(body).unwrap());
    assert_eq!(verify_number(&n), Ok(()));
    assert_eq!(
        verify_number_on(&n, day(2026, 12, 3)),
        Err(NumberProblem::BornInFuture)
    );
    assert_eq!(verify_number_on(&n, day(2099, 1, 1)), Ok(()));
}

#[test]
fn birth_and_sex_come_out_of_the_number() {
    assert_eq!(
        birth_in_number("11010519491231002X"),
        Some(day(1949, 12, 31))
    );
    assert_eq!(birth_in_number("110105194913310020"), None);
    assert_eq!(sex_in_number("11010519491231002X"), Some(Sex::Female));
    assert_eq!(sex_in_number("110105198503120012"), Some(Sex::Male));
}

#[test]
fn age_counts_whole_years_and_leap_days() {
    assert_eq!(age_on(day(1990, 6, 1), day(2026, 5, 31)), 35);
    assert_eq!(age_on(day(1990, 6, 1), day(2026, 6, 1)), 36);
    assert_eq!(age_on(day(1992, 2, 29), day(2025, 2, 28)), 32);
    assert_eq!(age_on(day(1992, 2, 29), day(2025, 3, 1)), 33);
    assert_eq!(age_on(day(2030, 1, 1), day(2026, 1, 1)), 0);
    assert_eq!(AgeGroup::of(17), AgeGroup::Minor);
    assert_eq!(AgeGroup::of(18), AgeGroup::Adult);
    assert_eq!(AgeGroup::of(59), AgeGroup::Adult);
    assert_eq!(AgeGroup::of(60), AgeGroup::Elderly);
}

#[test]
fn every_gallery_card_gets_its_expected_verdict() {
    let today = day(2026, 6, 1);
    let entries = gallery::entries().unwrap();
    assert!(entries.len() >= 8);
    for e in entries {
        let a = assess(&e.document, today);
        assert_eq!(
            a.verdict.code, e.expected_verdict,
            "{}: {:?}",
            e.key, a.findings
        );
        assert!(!a.manual_entry);
    }
}

#[test]
fn green_channel_for_minor_and_elderly_only() {
    let today = day(2026, 6, 1);
    let check = |key: &str| assess(&gallery::card(key).unwrap(), today);
    let minor = check("minor");
    assert_eq!(
        (minor.age, minor.age_group, minor.green_channel),
        (11, AgeGroup::Minor, true)
    );
    let old = check("elderly");
    assert_eq!(
        (old.age_group, old.green_channel),
        (AgeGroup::Elderly, true)
    );
    assert!(!check("valid_adult").green_channel);
}

#[test]
fn validity_is_inclusive_of_its_last_day() {
    let doc = gallery::card("expired").unwrap();
    let ValidUntil::Date(until) = doc.validity.until else {
        panic!("dated card")
    };
    assert_eq!(assess(&doc, until).verdict.status, VerdictStatus::Valid);
    let next = until.succ_opt().unwrap();
    let a = assess(&doc, next);
    assert_eq!(a.verdict.status, VerdictStatus::Expired);
    assert_eq!(a.findings, vec![Finding::Expired { until }]);
}

#[test]
fn long_term_never_expires_and_future_validity_is_inconsistent() {
    let doc = gallery::card("elderly").unwrap();
    assert_eq!(
        assess(&doc, day(2099, 1, 1)).verdict.status,
        VerdictStatus::Valid
    );
    let a = assess(&doc, day(2009, 1, 1));
    assert_eq!(a.verdict.status, VerdictStatus::Inconsistent);
    assert!(a.findings.contains(&Finding::NotYetValid {
        from: day(2010, 10, 1)
    }));
}

#[test]
fn checksum_outranks_inconsistency_and_expiry() {
    let mut doc = gallery::card("wrong_check_digit").unwrap();
    doc.birth_date = day(1991, 1, 1);
    let a = assess(&doc, day(2040, 1, 1));
    assert_eq!(a.verdict.status, VerdictStatus::ChecksumWrong);
    assert!(a.findings.contains(&Finding::ChecksumWrong));
    assert!(a.findings.contains(&Finding::BirthMismatch));
    assert!(a
        .findings
        .iter()
        .any(|f| matches!(f, Finding::Expired { .. })));
}

#[test]
fn sex_digit_must_agree_for_resident_cards() {
    let mut doc = gallery::card("valid_adult").unwrap();
    doc.sex = Sex::Female;
    let a = assess(&doc, day(2026, 6, 1));
    assert_eq!(a.findings, vec![Finding::SexMismatch]);
    assert_eq!(a.verdict.code, "idcard.verdict.inconsistent");
    doc.sex = Sex::Unstated;
    assert_eq!(
        assess(&doc, day(2026, 6, 1)).verdict.status,
        VerdictStatus::Valid
    );
}

#[test]
fn foreigner_2017_number_shape_is_checked() {
    let mut doc = gallery::card("foreigner_2017").unwrap();
    assert_eq!(
        assess(&doc, day(2026, 6, 1)).verdict.status,
        VerdictStatus::Valid
    );
    doc.number = IdNumber::new("CA1110075031021");
    assert_eq!(
        assess(&doc, day(2026, 6, 1)).findings,
        vec![Finding::NumberMalformed]
    );
}

#[test]
fn manual_entry_is_marked() {
    let mut doc = gallery::card("valid_adult").unwrap();
    doc.source = Source::ManualEntry;
    doc.photo = None;
    let a = assess(&doc, day(2026, 6, 1));
    assert!(a.manual_entry);
    assert_eq!(a.verdict.status, VerdictStatus::Valid);
    assert!(doc.is_manual());
}

#[test]
fn verdicts_carry_stable_codes_and_both_hints() {
    for s in [
        VerdictStatus::Valid,
        VerdictStatus::Expired,
        VerdictStatus::Inconsistent,
        VerdictStatus::ChecksumWrong,
        VerdictStatus::Unreadable,
    ] {
        let v = Verdict::new(s);
        assert!(v.code.starts_with("idcard.verdict."));
        assert!(!v.hint_zh.is_empty() && !v.hint_en.is_empty());
    }
    let v = Verdict::unreadable(&IdCardError::Timeout {
        op: "read",
        ms: 3000,
    });
    assert_eq!(v.code, "idcard.verdict.unreadable");
    assert_eq!(v.cause, Some("idcard.timeout"));
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["status"], "unreadable");
    assert_eq!(IdCardError::PortClosed.code(), "idcard.port.closed");
}
