//! DG11: additional personal details (ICAO 9303-10 §4.7.11) — the full name in national
//! characters, other names, personal number, full birth date, place of birth, address…

use super::{outer, text};
use crate::error::Result;
use crate::model::PrivateText;
use crate::tlv;
use ow_pii::{IdNumber, PersonName};
use serde::{Deserialize, Serialize};

/// The DG11 fields this crate understands. Every field is personal data with masked `Debug`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct AdditionalDetails {
    /// Full name, national characters allowed (`5F0E`).
    pub full_name: Option<PersonName>,
    /// Other names (`5F0F`).
    pub other_names: Vec<PersonName>,
    /// Personal number (`5F10`).
    pub personal_number: Option<IdNumber>,
    /// Full date of birth, `YYYYMMDD` (`5F2B`).
    pub full_birth_date: Option<PrivateText>,
    /// Place of birth (`5F11`).
    pub place_of_birth: Option<PrivateText>,
    /// Permanent address (`5F42`).
    pub address: Option<PrivateText>,
    /// Telephone (`5F12`).
    pub telephone: Option<PrivateText>,
    /// Profession (`5F13`).
    pub profession: Option<PrivateText>,
}

/// Turns the MRZ-style `SURNAME<<GIVEN<NAMES` into display text. Chinese names keep no space
/// between family and given name (`王<<小明` → `王小明`); Latin ones get one.
pub fn display_name(raw: &str) -> String {
    let (primary, secondary) = raw.split_once("<<").unwrap_or((raw, ""));
    let clean = |s: &str| {
        s.split('<')
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (p, s) = (clean(primary), clean(secondary));
    if s.is_empty() {
        p
    } else if !p.is_ascii() && !s.is_ascii() {
        format!("{p}{s}")
    } else {
        format!("{p} {s}")
    }
}

fn field(value: &[u8]) -> Option<PrivateText> {
    let t = text(value).replace('<', " ");
    let t = t.trim();
    (!t.is_empty()).then(|| PrivateText::new(t))
}

fn full_birth_date(value: &[u8]) -> Option<PrivateText> {
    // 9303 allows 8 ASCII digits or 4 BCD bytes.
    if value.len() == 4 && value.iter().all(|b| b >> 4 < 10 && b & 0x0F < 10) {
        let s: String = value.iter().map(|b| format!("{b:02X}")).collect();
        return Some(PrivateText::new(s));
    }
    field(value)
}

/// Parses DG11 (tag `6B`). Unknown tags are skipped.
pub fn parse(bytes: &[u8]) -> Result<AdditionalDetails> {
    let t = outer(bytes, 0x6B, "DG11")?;
    let mut d = AdditionalDetails::default();
    for c in t.children()? {
        match c.tag {
            0x5F0E => d.full_name = Some(PersonName::new(display_name(&text(c.value)))),
            0x5F0F => d
                .other_names
                .push(PersonName::new(display_name(&text(c.value)))),
            0xA0 => {
                for o in c.children()? {
                    if o.tag == 0x5F0F {
                        d.other_names
                            .push(PersonName::new(display_name(&text(o.value))));
                    }
                }
            }
            0x5F10 => d.personal_number = Some(IdNumber::new(text(c.value))),
            0x5F2B => d.full_birth_date = full_birth_date(c.value),
            0x5F11 => d.place_of_birth = field(c.value),
            0x5F42 => d.address = field(c.value),
            0x5F12 => d.telephone = field(c.value),
            0x5F13 => d.profession = field(c.value),
            _ => {}
        }
    }
    Ok(d)
}

/// Encodes DG11 from raw field texts (MRZ-style names, `<` separators), for the virtual chip.
pub fn encode(fields: &[(u32, &str)]) -> Vec<u8> {
    let mut tags = Vec::new();
    let mut body = Vec::new();
    for (tag, value) in fields {
        tags.extend_from_slice(&tag.to_be_bytes()[2..]);
        body.extend(tlv::encode(*tag, value.as_bytes()));
    }
    let mut v = tlv::encode(0x5C, &tags);
    v.extend(body);
    tlv::encode(0x6B, &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_national_names_and_masks_debug() {
        let dg11 = encode(&[
            (0x5F0E, "王<<小明"),
            (0x5F0F, "WANG<<XIAOMING"),
            (0x5F2B, "19850101"),
            (0x5F11, "广东省<广州市"),
            (0x5F42, "广州市<天河区<体育西路1号"),
        ]);
        let d = parse(&dg11).unwrap();
        assert_eq!(d.full_name.as_ref().unwrap().expose(), "王小明");
        assert_eq!(d.other_names[0].expose(), "WANG XIAOMING");
        assert_eq!(d.place_of_birth.as_ref().unwrap().expose(), "广东省 广州市");
        assert_eq!(d.full_birth_date.as_ref().unwrap().expose(), "19850101");
        let dbg = format!("{d:?}");
        assert!(!dbg.contains("小明") && !dbg.contains("天河") && !dbg.contains("1985"));
    }

    #[test]
    fn bcd_birth_date() {
        let dg11 = tlv::encode(0x6B, &tlv::encode(0x5F2B, &[0x19, 0x85, 0x01, 0x31]));
        assert_eq!(
            parse(&dg11).unwrap().full_birth_date.unwrap().expose(),
            "19850131"
        );
    }
}
