//! Checks a clerk cannot do by eye: the number's check digit (GB 11643, ISO 7064 MOD 11-2), the
//! birth date and sex hidden in the number, validity on a given day, and the holder's age for
//! the green channel. "Today" is always passed in: nothing here reads the clock.

use crate::document::{DocumentKind, IdentityDocument, Sex, ValidUntil};
use crate::error::IdCardError;
use chrono::{Datelike, NaiveDate};
use ow_error::ErrorCode;
use serde::{Deserialize, Serialize};
use specta::Type;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits of an 18-character number, or `None` when the
/// input is not exactly 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// What is wrong with an 18-character number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum NumberProblem {
    /// Not 17 digits followed by a digit or `X`.
    Malformed,
    /// Well-formed, but the last character is not the computed one.
    ChecksumWrong {
        /// The computed check character.
        expected: char,
    },
    /// Positions 7–14 are not a real day (e.g. 31 February).
    NoSuchBirthDate,
    /// The birth date lies after the day of the check.
    BornInFuture,
}

/// Verifies an 18-character number (resident ID, residence permit, 2023 foreigner card): its
/// form, a birth date that exists, and its check character. A lower-case `x` is accepted as
/// `X`, since some manual entries use it. The date comes before the check character: a typo
/// in the date usually breaks both, and "no such date" says where it is.
pub fn verify_number(number: &str) -> Result<(), NumberProblem> {
    if number.len() != 18 || !number.is_ascii() {
        return Err(NumberProblem::Malformed);
    }
    let (body, last) = number.split_at(17);
    let expected = check_char(body).ok_or(NumberProblem::Malformed)?;
    let found = last.chars().next().map(|c| c.to_ascii_uppercase());
    if !found.is_some_and(|c| c.is_ascii_digit() || c == 'X') {
        return Err(NumberProblem::Malformed);
    }
    if birth_in_number(number).is_none() {
        return Err(NumberProblem::NoSuchBirthDate);
    }
    match found {
        Some(c) if c == expected => Ok(()),
        _ => Err(NumberProblem::ChecksumWrong { expected }),
    }
}

/// [`verify_number`], and a birth date not after `today` (a number typed at the window).
pub fn verify_number_on(number: &str, today: NaiveDate) -> Result<(), NumberProblem> {
    verify_number(number)?;
    match birth_in_number(number) {
        Some(birth) if birth > today => Err(NumberProblem::BornInFuture),
        _ => Ok(()),
    }
}

/// The birth date encoded at positions 7–14 of an 18-character number.
pub fn birth_in_number(number: &str) -> Option<NaiveDate> {
    let s = number.get(6..14)?;
    NaiveDate::parse_from_str(s, "%Y%m%d").ok()
}

/// Sex encoded by the parity of the 17th character (odd = male).
pub fn sex_in_number(number: &str) -> Option<Sex> {
    let d = number.as_bytes().get(16)?;
    d.is_ascii_digit().then(|| {
        if (d - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    })
}

/// Whole years between `birth` and `today` (0 when `today` is before `birth`). Someone born on
/// 29 February turns a year older on 1 March in common years.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// Age bracket relevant to the green channel (绿色通道).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    /// Under 18 (未成年人).
    Minor,
    /// 18 to 59.
    Adult,
    /// 60 or older (老年人).
    Elderly,
}

impl AgeGroup {
    /// The bracket for an age in whole years.
    pub fn of(age: u32) -> Self {
        match age {
            0..=17 => Self::Minor,
            18..=59 => Self::Adult,
            _ => Self::Elderly,
        }
    }
}

/// One thing found wrong with a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "finding", rename_all = "snake_case")]
pub enum Finding {
    /// The number is not shaped like this document's numbers.
    NumberMalformed,
    /// The number's check digit is wrong.
    ChecksumWrong,
    /// The birth date in the number differs from the birth date field.
    BirthMismatch,
    /// The number's sex digit disagrees with the sex field.
    SexMismatch,
    /// The birth date is after `today`.
    BirthInFuture,
    /// The validity ends before it starts.
    ValidityReversed,
    /// The document is not valid yet on `today`.
    NotYetValid {
        /// First valid day.
        from: NaiveDate,
    },
    /// The document expired.
    Expired {
        /// Last valid day.
        until: NaiveDate,
    },
}

/// The headline the clerk sees, worst first: checksum, inconsistent, expired, valid.
/// `Unreadable` comes from a failed read rather than from a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum VerdictStatus {
    /// Everything checks out.
    Valid,
    /// Past its validity.
    Expired,
    /// Fields contradict each other.
    Inconsistent,
    /// The number's check digit is wrong (misread or forged).
    ChecksumWrong,
    /// No document could be read.
    Unreadable,
}

impl VerdictStatus {
    /// Stable code the UI translates.
    pub fn code(self) -> &'static str {
        match self {
            Self::Valid => "idcard.verdict.valid",
            Self::Expired => "idcard.verdict.expired",
            Self::Inconsistent => "idcard.verdict.inconsistent",
            Self::ChecksumWrong => "idcard.verdict.checksum_wrong",
            Self::Unreadable => "idcard.verdict.unreadable",
        }
    }

    /// What to do next, in Chinese.
    pub fn hint_zh(self) -> &'static str {
        match self {
            Self::Valid => "证件有效，可继续办理。",
            Self::Expired => "证件已过期：请申请人出示有效证件或临时身份证明。",
            Self::Inconsistent => "证件信息不一致：请核对原件与持证人，必要时人工审核。",
            Self::ChecksumWrong => "证件号码校验位错误：请重新读卡，仍错误则核验原件。",
            Self::Unreadable => "无法读取证件：请平放证件重新读卡，或人工录入并核验原件。",
        }
    }

    /// What to do next, in English.
    pub fn hint_en(self) -> &'static str {
        match self {
            Self::Valid => "Document valid: continue.",
            Self::Expired => {
                "Document expired: ask for a valid document or a temporary ID certificate."
            }
            Self::Inconsistent => "Data inconsistent: compare the original with the holder.",
            Self::ChecksumWrong => {
                "Number check digit wrong: read again, then inspect the original."
            }
            Self::Unreadable => "Cannot read: place the card flat and retry, or enter it by hand.",
        }
    }
}

/// A verdict with its code and hints, ready for the screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct Verdict {
    /// The headline.
    pub status: VerdictStatus,
    /// Stable code (`idcard.verdict.…`).
    pub code: &'static str,
    /// What to do next, zh-CN.
    pub hint_zh: &'static str,
    /// What to do next, English.
    pub hint_en: &'static str,
    /// For `Unreadable`: the error code behind it (`idcard.sam.no_card`, …).
    pub cause: Option<&'static str>,
}

impl Verdict {
    /// The verdict for a status.
    pub fn new(status: VerdictStatus) -> Self {
        Self {
            status,
            code: status.code(),
            hint_zh: status.hint_zh(),
            hint_en: status.hint_en(),
            cause: None,
        }
    }

    /// The verdict after a failed read.
    pub fn unreadable(err: &IdCardError) -> Self {
        Self {
            cause: Some(err.code()),
            ..Self::new(VerdictStatus::Unreadable)
        }
    }
}

/// Everything the checks found about one document on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct Assessment {
    /// The headline.
    pub verdict: Verdict,
    /// Each problem found (empty when valid).
    pub findings: Vec<Finding>,
    /// Age in whole years on the given day.
    pub age: u32,
    /// Age bracket.
    pub age_group: AgeGroup,
    /// Minors and the elderly are served first.
    pub green_channel: bool,
    /// The data was typed in, not read: the clerk must compare it with the original.
    pub manual_entry: bool,
}

fn finding_status(f: Finding) -> VerdictStatus {
    match f {
        Finding::NumberMalformed | Finding::ChecksumWrong => VerdictStatus::ChecksumWrong,
        Finding::Expired { .. } => VerdictStatus::Expired,
        Finding::BirthMismatch
        | Finding::SexMismatch
        | Finding::BirthInFuture
        | Finding::ValidityReversed
        | Finding::NotYetValid { .. } => VerdictStatus::Inconsistent,
    }
}

fn number_findings(doc: &IdentityDocument, out: &mut Vec<Finding>) {
    let number = doc.number.expose();
    match doc.kind() {
        DocumentKind::ResidentId
        | DocumentKind::ResidencePermit
        | DocumentKind::ForeignPermanentResident2023 => {
            match verify_number(number) {
                Ok(()) => {}
                Err(NumberProblem::Malformed) => return out.push(Finding::NumberMalformed),
                Err(NumberProblem::ChecksumWrong { .. }) => out.push(Finding::ChecksumWrong),
                Err(NumberProblem::NoSuchBirthDate) => {
                    // The date's mismatch is reported below; the check character still counts.
                    let fits = check_char(&number[..17]).is_some_and(|c| {
                        number[17..].eq_ignore_ascii_case(c.encode_utf8(&mut [0; 4]))
                    });
                    if !fits {
                        out.push(Finding::ChecksumWrong);
                    }
                }
                // Only verify_number_on knows the day; BirthInFuture covers it below.
                Err(NumberProblem::BornInFuture) => {}
            }
            if birth_in_number(number) != Some(doc.birth_date) {
                out.push(Finding::BirthMismatch);
            }
            // The parity rule is GB 11643's; whether the 2023 foreigner number follows it is
            // unconfirmed, so it is only applied to resident IDs and residence permits.
            let parity_applies = doc.kind() != DocumentKind::ForeignPermanentResident2023;
            let sex_known = matches!(doc.sex, Sex::Male | Sex::Female);
            if parity_applies && sex_known && sex_in_number(number) != Some(doc.sex) {
                out.push(Finding::SexMismatch);
            }
        }
        DocumentKind::ForeignPermanentResident2017 => {
            // 3-letter nationality + 12 digits. Its check-digit scheme is not confirmed by a
            // public source here, so only the shape is checked.
            let b = number.as_bytes();
            let shaped = b.len() == 15
                && b[..3].iter().all(u8::is_ascii_uppercase)
                && b[3..].iter().all(u8::is_ascii_digit);
            if !shaped {
                out.push(Finding::NumberMalformed);
            }
        }
        // Travel documents carry ICAO check digits, verified by the chip reader.
        DocumentKind::Passport
        | DocumentKind::HkMacaoExitEntryPermit
        | DocumentKind::TaiwanCompatriotPermit => {}
    }
}

/// Checks a document as of `today`.
pub fn assess(doc: &IdentityDocument, today: NaiveDate) -> Assessment {
    let mut findings = Vec::new();
    number_findings(doc, &mut findings);
    if doc.birth_date > today {
        findings.push(Finding::BirthInFuture);
    }
    let v = doc.validity;
    if let ValidUntil::Date(until) = v.until {
        if until < v.from {
            findings.push(Finding::ValidityReversed);
        } else if today > until {
            findings.push(Finding::Expired { until });
        }
    }
    if today < v.from {
        findings.push(Finding::NotYetValid { from: v.from });
    }
    let status = findings
        .iter()
        .map(|f| finding_status(*f))
        .max()
        .unwrap_or(VerdictStatus::Valid);
    let age = age_on(doc.birth_date, today);
    let age_group = AgeGroup::of(age);
    Assessment {
        verdict: Verdict::new(status),
        findings,
        age,
        age_group,
        green_channel: age_group != AgeGroup::Adult,
        manual_entry: doc.is_manual(),
    }
}
