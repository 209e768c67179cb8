//! The document model shared by every way of obtaining an identity document: a SAM reader
//! (GA/T 467), a chip read over PC/SC (ICAO 9303), or the clerk typing it in.

use crate::nation::Nation;
use crate::pii::{Address, IdNumber, PersonName};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// Which document this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 居民身份证 (second-generation resident ID card).
    ResidentId,
    /// 港澳台居民居住证 (residence permit for Hong Kong, Macao and Taiwan residents), flag `J`.
    ResidencePermit,
    /// 外国人永久居留身份证, 2017 edition, flag `I`.
    ForeignPermanentResident2017,
    /// 外国人永久居留身份证, 2023 edition, flag `Y`.
    ForeignPermanentResident2023,
    /// 护照 (any passport; read from its chip).
    Passport,
    /// 往来港澳通行证 (mainland residents' exit-entry permit for Hong Kong and Macao).
    HkMacaoExitEntryPermit,
    /// 台湾居民来往大陆通行证 (台胞证).
    TaiwanCompatriotPermit,
}

impl DocumentKind {
    /// Stable identifier, same as the serialized form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResidentId => "resident_id",
            Self::ResidencePermit => "residence_permit",
            Self::ForeignPermanentResident2017 => "foreign_permanent_resident2017",
            Self::ForeignPermanentResident2023 => "foreign_permanent_resident2023",
            Self::Passport => "passport",
            Self::HkMacaoExitEntryPermit => "hk_macao_exit_entry_permit",
            Self::TaiwanCompatriotPermit => "taiwan_compatriot_permit",
        }
    }

    /// The document's Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::ResidentId => "居民身份证",
            Self::ResidencePermit => "港澳台居民居住证",
            Self::ForeignPermanentResident2017 => "外国人永久居留身份证（2017版）",
            Self::ForeignPermanentResident2023 => "外国人永久居留身份证（2023版）",
            Self::Passport => "护照",
            Self::HkMacaoExitEntryPermit => "往来港澳通行证",
            Self::TaiwanCompatriotPermit => "台湾居民来往大陆通行证",
        }
    }

    /// The document's English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Self::ResidentId => "Resident identity card",
            Self::ResidencePermit => "Residence permit for Hong Kong, Macao and Taiwan residents",
            Self::ForeignPermanentResident2017 => "Foreign permanent resident ID card (2017)",
            Self::ForeignPermanentResident2023 => "Foreign permanent resident ID card (2023)",
            Self::Passport => "Passport",
            Self::HkMacaoExitEntryPermit => "Exit-entry permit to Hong Kong and Macao",
            Self::TaiwanCompatriotPermit => "Mainland travel permit for Taiwan residents",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Sex, GB/T 2261.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 0 未知的性别.
    Unknown,
    /// 1 男.
    Male,
    /// 2 女.
    Female,
    /// 9 未说明的性别.
    Unstated,
}

impl Sex {
    /// The GB/T 2261.1 code.
    pub fn code(self) -> u8 {
        match self {
            Self::Unknown => 0,
            Self::Male => 1,
            Self::Female => 2,
            Self::Unstated => 9,
        }
    }

    /// Decodes a GB/T 2261.1 code.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Self::Unknown),
            1 => Some(Self::Male),
            2 => Some(Self::Female),
            9 => Some(Self::Unstated),
            _ => None,
        }
    }

    /// 男 / 女 / 未知 / 未说明.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Unknown => "未知",
            Self::Male => "男",
            Self::Female => "女",
            Self::Unstated => "未说明",
        }
    }
}

/// End of validity: a date, or 长期 (long-term, no end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ValidUntil {
    /// Valid up to and including this day.
    Date(NaiveDate),
    /// 长期.
    LongTerm,
}

/// The validity period printed on the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct Validity {
    /// First valid day (issue date).
    pub from: NaiveDate,
    /// Last valid day, or long-term.
    pub until: ValidUntil,
}

/// How the data was obtained. Manual entry is never as trustworthy as a read: the UI marks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Read through a GA/T 467 SAM reader (data decrypted and authenticated by the SAM).
    SamReader,
    /// Read from an ICAO 9303 chip over PC/SC.
    Chip,
    /// Typed in by the clerk from the physical document.
    ManualEntry,
}

/// Fields that only some kinds of document carry. The tag doubles as the document kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DocumentDetails {
    /// 居民身份证.
    ResidentId {
        /// 民族.
        nation: Nation,
    },
    /// 港澳台居民居住证 (`J`).
    ResidencePermit {
        /// 通行证号码: the holder's travel-permit number.
        permit_number: IdNumber,
        /// 签发次数.
        issue_count: u8,
    },
    /// 外国人永久居留身份证 2017 (`I`).
    ForeignPermanentResident2017 {
        /// ISO 3166-1 alpha-3 nationality (`CAN`).
        nationality: String,
        /// 证件版本号 (2 characters).
        card_version: String,
        /// 当次申请受理机关代码 (4 characters).
        authority_code: String,
    },
    /// 外国人永久居留身份证 2023 (`Y`).
    ForeignPermanentResident2023 {
        /// 换证次数.
        renewal_count: u8,
        /// ISO 3166-1 alpha-3 nationality; its position in the text block is unconfirmed.
        nationality: String,
    },
    /// A passport (ICAO 9303 chip).
    Passport {
        /// ISO 3166-1 alpha-3 issuing state.
        issuing_state: String,
        /// ISO 3166-1 alpha-3 nationality.
        nationality: String,
    },
    /// 往来港澳通行证 (ICAO 9303 chip).
    HkMacaoExitEntryPermit {},
    /// 台胞证 (ICAO 9303 chip).
    TaiwanCompatriotPermit {},
}

impl DocumentDetails {
    /// The document kind these details belong to.
    pub fn kind(&self) -> DocumentKind {
        match self {
            Self::ResidentId { .. } => DocumentKind::ResidentId,
            Self::ResidencePermit { .. } => DocumentKind::ResidencePermit,
            Self::ForeignPermanentResident2017 { .. } => DocumentKind::ForeignPermanentResident2017,
            Self::ForeignPermanentResident2023 { .. } => DocumentKind::ForeignPermanentResident2023,
            Self::Passport { .. } => DocumentKind::Passport,
            Self::HkMacaoExitEntryPermit {} => DocumentKind::HkMacaoExitEntryPermit,
            Self::TaiwanCompatriotPermit {} => DocumentKind::TaiwanCompatriotPermit,
        }
    }
}

macro_rules! opaque_bytes {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
        #[serde(transparent)]
        pub struct $name(pub Vec<u8>);

        // Biometric bytes never go to a log, not even as numbers.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({} bytes)", stringify!($name), self.0.len())
            }
        }
    };
}

opaque_bytes!(
    /// The card's photo, WLT-compressed (1024 bytes). Only a vendor library decodes it to a
    /// 102×126 BMP, so it is kept raw for an optional decoder plug-in.
    WltPhoto
);
opaque_bytes!(
    /// Fingerprint templates from `30 10` (two fingers, 1024 bytes). Never sent to the UI.
    Fingerprint
);

/// One identity document, whatever its kind and however it was obtained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IdentityDocument {
    /// Kind-specific fields; the `kind` tag says which document this is.
    pub details: DocumentDetails,
    /// Chinese name (may be empty on a foreigner's card without one).
    pub name: PersonName,
    /// English name, where the document carries one.
    pub name_en: Option<PersonName>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Address (resident ID and residence permit).
    pub address: Option<Address>,
    /// The document's number (公民身份号码 for resident IDs and permits).
    pub number: IdNumber,
    /// 签发机关, where printed.
    pub issuing_authority: Option<String>,
    /// Validity period.
    pub validity: Validity,
    /// Raw WLT photo, when read from a SAM reader.
    #[serde(default)]
    pub photo: Option<WltPhoto>,
    /// Fingerprint templates (`30 10` only). Kept out of serialization on purpose.
    #[serde(skip)]
    pub fingerprint: Option<Fingerprint>,
    /// How the data was obtained.
    pub source: Source,
}

impl IdentityDocument {
    /// Which document this is.
    pub fn kind(&self) -> DocumentKind {
        self.details.kind()
    }

    /// True when the clerk typed the data in (no chip or SAM vouches for it).
    pub fn is_manual(&self) -> bool {
        self.source == Source::ManualEntry
    }

    /// The name to show: Chinese if present, else English.
    pub fn display_name(&self) -> &PersonName {
        match &self.name_en {
            Some(en) if self.name.is_empty() => en,
            _ => &self.name,
        }
    }
}
