//! What the UI shows: the read document, its checks and the verdict. Every personal field
//! is a type whose `Debug`/`Display` mask it ([`PersonName`], [`IdNumber`], [`PrivateText`]).

use crate::dg::dg11::AdditionalDetails;
use crate::mrz::{MrzCheck, MrzFormat};
use base64::Engine as _;
use ow_error::ErrorBody;
use ow_pii::{IdNumber, PersonName};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;

/// Personal text that is neither a name nor a number (address, place of birth, birth date).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct PrivateText(String);

impl PrivateText {
    /// Wraps a value.
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }
    /// The real value, for the UI and the encrypted store only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PrivateText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateText(<{} chars>)", self.0.chars().count())
    }
}

impl fmt::Display for PrivateText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The kind of travel document, from the MRZ document code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// `P…`: passport.
    Passport,
    /// `CS`: 往来港澳通行证 (Exit-Entry Permit for Hong Kong and Macao).
    HongKongMacaoPermit,
    /// `CD`: 往来台湾通行证 (Taiwan permit).
    TaiwanPermit,
    /// `I…`, `A…`, `C…`: identity card.
    IdentityCard,
    /// `V…`: visa.
    Visa,
    /// Any other code.
    Other,
}

impl DocumentKind {
    /// Classifies an MRZ document code.
    pub fn from_code(code: &str) -> Self {
        match code {
            "CS" => Self::HongKongMacaoPermit,
            "CD" => Self::TaiwanPermit,
            c if c.starts_with('P') => Self::Passport,
            c if c.starts_with('I') || c.starts_with('A') || c.starts_with('C') => {
                Self::IdentityCard
            }
            c if c.starts_with('V') => Self::Visa,
            _ => Self::Other,
        }
    }
}

/// Sex as the MRZ states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// `M`.
    Male,
    /// `F`.
    Female,
    /// `<` or `X`.
    Unspecified,
}

impl Sex {
    /// From the MRZ character.
    pub fn from_mrz(c: char) -> Self {
        match c {
            'M' => Self::Male,
            'F' => Self::Female,
            _ => Self::Unspecified,
        }
    }
}

/// The face image, base64 in JSON so the UI can show it as a data URL.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Face {
    /// `image/jpeg` or `image/jp2`.
    pub mime: String,
    /// Width from the biometric header (0 if unknown).
    pub width: u16,
    /// Height from the biometric header (0 if unknown).
    pub height: u16,
    /// The encoded image.
    #[serde(with = "b64")]
    #[specta(type = String)]
    pub data: Vec<u8>,
}

impl fmt::Debug for Face {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Face({}, {} bytes)", self.mime, self.data.len())
    }
}

mod b64 {
    use super::*;
    pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(v))
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(serde::de::Error::custom)
    }
}

/// One data group's passive-authentication hash state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HashState {
    /// The hash equals the one in EF.SOD.
    Match,
    /// The hash differs: the data group was altered.
    Mismatch,
    /// EF.SOD lists no hash for this data group.
    NotInSod,
    /// EF.SOD could not be read, so nothing was compared.
    NoSod,
}

/// A data group that was read, and how it was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DataGroupCheck {
    /// Data group number.
    pub dg: u8,
    /// Hash comparison against EF.SOD.
    pub hash: HashState,
}

/// What is known about EF.SOD's signature. Never more than was actually checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "state", content = "detail")]
pub enum SignatureState {
    /// The SOD signature verifies with its Document Signer certificate, and that certificate
    /// verifies with a configured CSCA certificate.
    Verified,
    /// The SOD signature verifies with the Document Signer certificate it carries, but no CSCA
    /// list is configured: who issued the document is not established.
    NotVerifiedNoCscaList,
    /// The SOD signature verifies, but no configured CSCA issued the Document Signer.
    UnknownCsca,
    /// A signature did not verify.
    Invalid(String),
    /// An algorithm this crate does not implement (e.g. brainpool curves).
    Unsupported(String),
    /// Not checked (no readable EF.SOD).
    NotChecked,
}

/// The clerk's verdict on the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Chip read, hashes match, check digits right, not expired.
    Valid,
    /// Everything checks but the document is past its expiry date.
    Expired,
    /// An MRZ check digit on the chip is wrong.
    ChecksumWrong,
    /// A data group hash or a signature does not match: the chip data was altered.
    ChipDataAltered,
    /// The chip could not be read.
    Unreadable,
}

/// A travel document as read from its chip, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TravelDocument {
    /// Kind of document.
    pub kind: DocumentKind,
    /// MRZ document code (`P`, `CS`…).
    pub document_code: String,
    /// Issuing state (3 letters).
    pub issuing_state: String,
    /// Document number.
    pub document_number: IdNumber,
    /// Surname (primary identifier) in MRZ Latin letters.
    pub surname: PersonName,
    /// Given names (secondary identifier) in MRZ Latin letters.
    pub given_names: PersonName,
    /// Full name in national characters, from DG11 when present.
    pub national_name: Option<PersonName>,
    /// Nationality (3 letters).
    pub nationality: String,
    /// Sex.
    pub sex: Sex,
    /// Birth date, ISO `YYYY-MM-DD` (or the raw MRZ value if it is not a full date).
    pub birth_date: PrivateText,
    /// Expiry date.
    pub expiry_date: Option<chrono::NaiveDate>,
    /// MRZ layout.
    pub mrz_format: MrzFormat,
    /// Every MRZ check digit.
    pub mrz_checks: Vec<MrzCheck>,
    /// Face image from DG2.
    pub face: Option<Face>,
    /// DG11 details, when the chip has DG11.
    pub details: Option<AdditionalDetails>,
    /// Data groups read and their hash state.
    pub data_groups: Vec<DataGroupCheck>,
    /// EF.SOD signature state.
    pub signature: SignatureState,
    /// The verdict.
    pub verdict: Verdict,
}

/// The outcome of one read: a document, or the reason it could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReadReport {
    /// The verdict (`unreadable` when `document` is `None`).
    pub verdict: Verdict,
    /// The document, when the chip could be read.
    pub document: Option<TravelDocument>,
    /// Why it could not be read.
    pub error: Option<ErrorBody>,
}
