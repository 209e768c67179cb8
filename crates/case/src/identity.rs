//! The identity document a person on the case was identified by: what a reader (or the clerk)
//! put on the case, and the verdict it had when it was read. Kept apart from the reader crates
//! so the case model stays free of device code: the desk maps a read into this.

use crate::{IdentitySource, Person};
use chrono::{DateTime, NaiveDate, Utc};
use ow_pii::{IdNumber, PersonName};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// A postal address. Personal data: `Debug`/`Display` show only its first characters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct Address(String);

impl Address {
    /// Wraps an address, trimming surrounding white space.
    pub fn new(text: impl AsRef<str>) -> Self {
        Self(text.as_ref().trim().to_owned())
    }
    /// The real address, for the UI, the papers and the encrypted store only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({self})")
    }
}

impl fmt::Display for Address {
    // The province and city are not identifying on their own; the rest is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head: String = self.0.chars().take(3).collect();
        write!(f, "{head}***")
    }
}

/// The identity document's fields, as read (or typed) when the person was identified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IdentityDocument {
    /// Document kind code (`resident_id`, `passport`, …; the reader crates' `DocumentKind`).
    pub kind: String,
    pub name: PersonName,
    /// English name, where the document carries one.
    pub name_en: Option<PersonName>,
    /// `male` / `female` / `unknown` / `unstated`.
    pub sex: String,
    /// 民族 (resident ID cards), in Chinese.
    pub nation: Option<String>,
    /// Nationality (ISO 3166-1 alpha-3), for foreigners' cards and passports.
    pub nationality: Option<String>,
    pub birth_date: NaiveDate,
    pub address: Option<Address>,
    pub number: IdNumber,
    /// 签发机关.
    pub issuing_authority: Option<String>,
    /// `None` where the document does not say (an ICAO chip's DG1 has no issue date).
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// `None` for 长期 (no end).
    pub valid_until: Option<NaiveDate>,
    /// The verdict when it was read (`idcard.verdict.valid`, `icao.verdict.altered`, …).
    pub verdict: String,
    /// When it was read.
    pub read_at: DateTime<Utc>,
}

/// Which person on the case a document identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    Applicant,
    /// 代办人.
    Agent,
}

impl Person {
    /// The person as identified by a document read from a device (or typed, for `Manual`):
    /// name and number come from the document, so they always agree with it.
    pub fn identified(doc: IdentityDocument, source: IdentitySource) -> Self {
        Self {
            name: Some(doc.name.clone()),
            id_number: Some(doc.number.clone()),
            source,
            document: Some(doc),
            number_reason: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> IdentityDocument {
        IdentityDocument {
            kind: "resident_id".into(),
            name: PersonName::new("张三丰"),
            name_en: None,
            sex: "male".into(),
            nation: Some("汉".into()),
            nationality: None,
            birth_date: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            address: Some(Address::new("广东省东莞市大朗镇某路1号")),
            number: IdNumber::new("44190019900101001X"),
            issuing_authority: Some("东莞市公安局".into()),
            valid_from: NaiveDate::from_ymd_opt(2020, 1, 1),
            valid_until: None,
            verdict: "idcard.verdict.valid".into(),
            read_at: DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    #[test]
    fn debug_of_a_document_masks_name_number_and_address() {
        let text = format!("{:?}", doc());
        for secret in ["张三丰", "44190019900101001X", "大朗镇某路"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert!(text.contains("resident_id"));
    }

    #[test]
    fn an_identified_person_takes_name_and_number_from_the_document() {
        let p = Person::identified(doc(), IdentitySource::SamReader);
        assert_eq!(p.name.unwrap().expose(), "张三丰");
        assert_eq!(p.id_number.unwrap().expose(), "44190019900101001X");
        assert_eq!(p.source, IdentitySource::SamReader);
        assert!(p.document.is_some());
    }

    #[test]
    fn a_case_saved_before_documents_existed_still_loads() {
        let p: Person =
            serde_json::from_str(r#"{"name":"李四","id_number":null,"source":"manual"}"#).unwrap();
        assert!(p.document.is_none());
    }
}
