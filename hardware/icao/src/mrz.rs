//! Machine readable zone (ICAO 9303-3/4/5/6): TD1 (3×30, cards such as the 往来港澳通行证),
//! TD2 (2×36) and TD3 (2×44, passports), with every check digit recomputed.

use crate::error::{IcaoError, Result};
use chrono::{Datelike, NaiveDate};
use std::fmt;

/// The MRZ layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub enum MrzFormat {
    /// Three lines of 30 (ID cards, 往来港澳通行证, Taiwan permits).
    Td1,
    /// Two lines of 36.
    Td2,
    /// Two lines of 44 (passports).
    Td3,
}

/// A field protected by a check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MrzField {
    /// Document number.
    DocumentNumber,
    /// Date of birth.
    BirthDate,
    /// Date of expiry.
    ExpiryDate,
    /// TD3 personal number / optional data.
    PersonalNumber,
    /// The composite check digit over the whole lower lines.
    Composite,
}

/// The outcome of one check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct MrzCheck {
    /// Which field.
    pub field: MrzField,
    /// Whether the printed digit equals the recomputed one.
    pub ok: bool,
}

/// A parsed MRZ. Its `Debug` hides every personal field.
#[derive(Clone, PartialEq, Eq)]
pub struct Mrz {
    /// Layout.
    pub format: MrzFormat,
    /// Document code (`P`, `I`, `CS`…), fillers removed.
    pub document_code: String,
    /// Issuing state or organisation (3 letters).
    pub issuing_state: String,
    /// Full document number (long TD1 numbers joined), fillers removed.
    pub document_number: String,
    /// Date of birth as printed, `YYMMDD` (may hold `<` when unknown).
    pub birth_date: String,
    /// `M`, `F` or `<`.
    pub sex: char,
    /// Date of expiry as printed, `YYMMDD`.
    pub expiry_date: String,
    /// Nationality (3 letters).
    pub nationality: String,
    /// Primary identifier (surname), `<` turned to spaces.
    pub primary_identifier: String,
    /// Secondary identifier (given names), `<` turned to spaces.
    pub secondary_identifier: String,
    /// Optional data (TD1 upper line / TD3 personal number), fillers removed.
    pub optional_data: String,
    /// TD1 second optional data field, fillers removed.
    pub optional_data2: String,
    /// Every check digit, recomputed.
    pub checks: Vec<MrzCheck>,
}

impl fmt::Debug for Mrz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mrz")
            .field("format", &self.format)
            .field("document_code", &self.document_code)
            .field("issuing_state", &self.issuing_state)
            .field("checks", &self.checks)
            .finish_non_exhaustive()
    }
}

impl Mrz {
    /// Whether every check digit is right.
    pub fn checks_ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }
}

fn char_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        '<' => Some(0),
        _ => None,
    }
}

/// The 7-3-1 check digit of `field`; `None` when it holds a character outside the MRZ set.
pub fn check_digit(field: &str) -> Option<char> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    for (i, c) in field.chars().enumerate() {
        sum += char_value(c)? * WEIGHTS[i % 3];
    }
    char::from_digit(sum % 10, 10)
}

fn verify(field: &str, printed: char) -> bool {
    // A filler in the check position stands for 0 (ICAO 9303-3 §4.9).
    let printed = if printed == '<' { '0' } else { printed };
    check_digit(field) == Some(printed)
}

fn strip(s: &str) -> String {
    s.trim_end_matches('<').to_owned()
}

fn names(field: &str) -> (String, String) {
    let field = field.trim_end_matches('<');
    let (primary, secondary) = field.split_once("<<").unwrap_or((field, ""));
    let clean = |s: &str| {
        s.split('<')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (clean(primary), clean(secondary))
}

/// Slices `s[a..b]` by characters (the MRZ is ASCII once validated).
fn cut(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

fn at(s: &str, i: usize) -> char {
    s.as_bytes().get(i).map(|b| char::from(*b)).unwrap_or('?')
}

/// Parses MRZ text: the lines may be joined (as in DG1) or separated by line breaks.
pub fn parse(text: &str) -> Result<Mrz> {
    let joined: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !joined
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<')
    {
        return Err(IcaoError::Mrz {
            reason: "character outside the MRZ set",
        });
    }
    match joined.len() {
        90 => Ok(parse_td1(&joined)),
        72 => Ok(parse_td2_td3(&joined, 36, MrzFormat::Td2)),
        88 => Ok(parse_td2_td3(&joined, 44, MrzFormat::Td3)),
        _ => Err(IcaoError::Mrz {
            reason: "length is not 90, 72 or 88",
        }),
    }
}

fn parse_td1(s: &str) -> Mrz {
    let (l1, l2, l3) = (cut(s, 0, 30), cut(s, 30, 60), cut(s, 60, 90));
    let mut checks = Vec::new();
    let mut number = cut(l1, 5, 14).to_owned();
    let mut optional = cut(l1, 15, 30).to_owned();
    if at(l1, 14) == '<' && !optional.trim_end_matches('<').is_empty() {
        // Long document number: it continues in the optional data, whose last character
        // before the fillers is the check digit (ICAO 9303-5 §4.2.4 note j).
        let rest = optional.trim_end_matches('<').to_owned();
        let (tail, cd) = rest.split_at(rest.len().saturating_sub(1));
        number.push_str(tail);
        let ok = verify(&number, cd.chars().next().unwrap_or('?'));
        checks.push(MrzCheck {
            field: MrzField::DocumentNumber,
            ok,
        });
        optional.clear();
    } else {
        let ok = verify(&number, at(l1, 14));
        checks.push(MrzCheck {
            field: MrzField::DocumentNumber,
            ok,
        });
    }
    let birth = cut(l2, 0, 6);
    checks.push(MrzCheck {
        field: MrzField::BirthDate,
        ok: verify(birth, at(l2, 6)),
    });
    let expiry = cut(l2, 8, 14);
    checks.push(MrzCheck {
        field: MrzField::ExpiryDate,
        ok: verify(expiry, at(l2, 14)),
    });
    let composite = format!(
        "{}{}{}{}",
        cut(l1, 5, 30),
        cut(l2, 0, 7),
        cut(l2, 8, 15),
        cut(l2, 18, 29)
    );
    checks.push(MrzCheck {
        field: MrzField::Composite,
        ok: verify(&composite, at(l2, 29)),
    });
    let (primary, secondary) = names(l3);
    Mrz {
        format: MrzFormat::Td1,
        document_code: strip(cut(l1, 0, 2)),
        issuing_state: strip(cut(l1, 2, 5)),
        document_number: strip(&number),
        birth_date: birth.to_owned(),
        sex: at(l2, 7),
        expiry_date: expiry.to_owned(),
        nationality: strip(cut(l2, 15, 18)),
        primary_identifier: primary,
        secondary_identifier: secondary,
        optional_data: strip(&optional),
        optional_data2: strip(cut(l2, 18, 29)),
        checks,
    }
}

fn parse_td2_td3(s: &str, width: usize, format: MrzFormat) -> Mrz {
    let (l1, l2) = (cut(s, 0, width), cut(s, width, 2 * width));
    let mut checks = Vec::new();
    let number = cut(l2, 0, 9);
    checks.push(MrzCheck {
        field: MrzField::DocumentNumber,
        ok: verify(number, at(l2, 9)),
    });
    let birth = cut(l2, 13, 19);
    checks.push(MrzCheck {
        field: MrzField::BirthDate,
        ok: verify(birth, at(l2, 19)),
    });
    let expiry = cut(l2, 21, 27);
    checks.push(MrzCheck {
        field: MrzField::ExpiryDate,
        ok: verify(expiry, at(l2, 27)),
    });
    let last = width - 1;
    let optional = if format == MrzFormat::Td3 {
        let personal = cut(l2, 28, 42);
        let ok = verify(personal, at(l2, 42));
        checks.push(MrzCheck {
            field: MrzField::PersonalNumber,
            ok,
        });
        personal
    } else {
        cut(l2, 28, 35)
    };
    let composite = format!("{}{}{}", cut(l2, 0, 10), cut(l2, 13, 20), cut(l2, 21, last));
    checks.push(MrzCheck {
        field: MrzField::Composite,
        ok: verify(&composite, at(l2, last)),
    });
    let (primary, secondary) = names(cut(l1, 5, width));
    Mrz {
        format,
        document_code: strip(cut(l1, 0, 2)),
        issuing_state: strip(cut(l1, 2, 5)),
        document_number: strip(number),
        birth_date: birth.to_owned(),
        sex: at(l2, 20),
        expiry_date: expiry.to_owned(),
        nationality: strip(cut(l2, 10, 13)),
        primary_identifier: primary,
        secondary_identifier: secondary,
        optional_data: strip(optional),
        optional_data2: String::new(),
        checks,
    }
}

/// Reads `YYMMDD` choosing the century: birth dates are never in the future of `today`;
/// expiry dates may be up to 50 years ahead of it.
pub fn resolve_date(yymmdd: &str, today: NaiveDate, is_birth: bool) -> Option<NaiveDate> {
    let digits: Vec<u32> = yymmdd
        .chars()
        .map(|c| c.to_digit(10))
        .collect::<Option<_>>()?;
    if digits.len() != 6 {
        return None;
    }
    let yy = (digits[0] * 10 + digits[1]) as i32;
    let mm = digits[2] * 10 + digits[3];
    let dd = digits[4] * 10 + digits[5];
    let limit = if is_birth {
        today.year()
    } else {
        today.year() + 50
    };
    let year = if 2000 + yy <= limit {
        2000 + yy
    } else {
        1900 + yy
    };
    NaiveDate::from_ymd_opt(year, mm, dd)
}

/// Builds the 9303 BAC `MRZ_information` string from its three fields, computing the check
/// digits: document number (padded to 9 with `<`), birth date, expiry date (`YYMMDD`).
pub fn bac_information(document_number: &str, birth: &str, expiry: &str) -> Result<String> {
    let mut number = document_number.trim().to_ascii_uppercase();
    while number.len() < 9 {
        number.push('<');
    }
    let bad = |reason| IcaoError::Mrz { reason };
    let dates_ok = |d: &str| d.len() == 6 && d.chars().all(|c| c.is_ascii_digit());
    if !dates_ok(birth) || !dates_ok(expiry) {
        return Err(bad("dates must be YYMMDD"));
    }
    let cd_n = check_digit(&number).ok_or_else(|| bad("document number"))?;
    let cd_b = check_digit(birth).ok_or_else(|| bad("birth date"))?;
    let cd_e = check_digit(expiry).ok_or_else(|| bad("expiry date"))?;
    Ok(format!("{number}{cd_n}{birth}{cd_b}{expiry}{cd_e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    // ICAO 9303-4 Appendix A specimen (TD3) and 9303-5 specimen (TD1).
    const TD3: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\
                       L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\
                       7408122F1204159UTO<<<<<<<<<<<6\
                       ERIKSSON<<ANNA<MARIA<<<<<<<<<<";

    #[test]
    fn check_digits_of_the_specimens() {
        assert_eq!(check_digit("L898902C3"), Some('6'));
        assert_eq!(check_digit("740812"), Some('2'));
        assert_eq!(check_digit("ZE184226B<<<<<"), Some('1'));
        assert_eq!(check_digit("a"), None);
    }

    #[test]
    fn td3_specimen_parses_with_all_checks() {
        let m = parse(TD3).unwrap();
        assert_eq!(m.format, MrzFormat::Td3);
        assert_eq!(m.document_number, "L898902C3");
        assert_eq!(m.primary_identifier, "ERIKSSON");
        assert_eq!(m.secondary_identifier, "ANNA MARIA");
        assert_eq!((m.sex, m.nationality.as_str()), ('F', "UTO"));
        assert!(m.checks_ok(), "{:?}", m.checks);
        assert!(!format!("{m:?}").contains("ERIKSSON"));
    }

    #[test]
    fn td1_specimen_parses_with_all_checks() {
        let m = parse(TD1).unwrap();
        assert_eq!(m.format, MrzFormat::Td1);
        assert_eq!(m.document_number, "D23145890");
        assert!(m.checks_ok(), "{:?}", m.checks);
    }

    #[test]
    fn a_changed_digit_fails_its_checks() {
        let bad = TD3.replace("7408122F", "7408132F");
        let m = parse(&bad).unwrap();
        assert!(!m.checks_ok());
        assert!(m
            .checks
            .iter()
            .any(|c| c.field == MrzField::BirthDate && !c.ok));
    }

    #[test]
    fn bac_information_matches_appendix_d() {
        assert_eq!(
            bac_information("L898902C", "690806", "940623").unwrap(),
            "L898902C<369080619406236"
        );
        assert_eq!(
            bac_information("D23145890734", "340712", "950712").unwrap(),
            "D23145890734934071279507122"
        );
    }

    #[test]
    fn centuries_follow_today() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        assert_eq!(
            resolve_date("740812", today, true),
            NaiveDate::from_ymd_opt(1974, 8, 12)
        );
        assert_eq!(
            resolve_date("120415", today, false),
            NaiveDate::from_ymd_opt(2012, 4, 15)
        );
        assert_eq!(
            resolve_date("940623", today, false),
            NaiveDate::from_ymd_opt(1994, 6, 23)
        );
        assert_eq!(resolve_date("20<<<<", today, true), None);
    }
}
