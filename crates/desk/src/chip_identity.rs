//! ICAO 9303 chips at the desk, the logic half: the `devices.chip_reader` setting, the MRZ the
//! clerk types (three fields; the check digits are computed, never typed), the training
//! gallery's chip documents, and how a checked [`TravelDocument`] becomes the same
//! [`IdentityRead`] a SAM card gives. The device task is in `chip_reader.rs`.

use crate::identity::{GalleryCard, IdentityError, IdentityRead, ReadFailure, ReadVerdict};
use chrono::{DateTime, NaiveDate, Utc};
use ow_case::{Address, IdentityDocument, IdentitySource};
use ow_icao::bac::BacKey;
use ow_icao::model::{DocumentKind, HashState, Sex, SignatureState, TravelDocument, Verdict};
use ow_icao::mrz::{check_digit, MrzField};
use ow_icao::sim::Specimen;
use ow_pii::PersonName;
use serde::{Deserialize, Serialize};
use specta::Type;

/// The `devices.chip_reader` setting, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChipReaderSetting {
    /// `sim`: the virtual ePassport, plugged into pcscd through vsmartcard-vpcd (sandbox only).
    Simulator,
    /// `pcsc`: the first PC/SC reader holding a card; `pcsc:<name>`: that reader only.
    Pcsc(Option<String>),
    /// `none`: no chip reader at this window.
    Absent,
}

impl ChipReaderSetting {
    /// Reads the setting; anything else is refused with the value named.
    pub fn parse(value: &str) -> Result<Self, IdentityError> {
        let v = value.trim();
        match v {
            ow_config::Devices::SIM => Ok(Self::Simulator),
            ow_config::Devices::NONE => Ok(Self::Absent),
            "pcsc" => Ok(Self::Pcsc(None)),
            _ => match v.strip_prefix("pcsc:").map(str::trim) {
                Some(name) if !name.is_empty() => Ok(Self::Pcsc(Some(name.to_owned()))),
                _ => Err(IdentityError::UnknownChipReader(value.to_owned())),
            },
        }
    }
}

/// The three MRZ fields that open a chip (Basic Access Control), as the clerk types them from
/// the document's data page. Dates are `YYMMDD`, as printed in the MRZ.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MrzEntry {
    pub document_number: String,
    pub birth_date: String,
    pub expiry_date: String,
}

impl std::fmt::Debug for MrzEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MrzEntry(***)")
    }
}

/// What the desk made of a typed MRZ: the check digits it computed (the clerk can compare
/// them with the printed ones) and whether a chip is already on the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MrzKey {
    /// Check digits of document number, birth date and expiry date, in that order.
    pub check_digits: String,
    /// A chip is on the reader: it is being read now. Otherwise the next chip is read.
    pub card_present: bool,
}

fn plausible_date(d: &str) -> bool {
    let digits = d.len() == 6 && d.bytes().all(|b| b.is_ascii_digit());
    let num = |r: std::ops::Range<usize>| d.get(r).and_then(|s| s.parse::<u32>().ok());
    digits
        && num(2..4).is_some_and(|m| (1..=12).contains(&m))
        && num(4..6).is_some_and(|day| (1..=31).contains(&day))
}

impl MrzEntry {
    /// The BAC key and its check digits; a field that cannot be right is named.
    pub fn key(&self) -> Result<(BacKey, String), IdentityError> {
        let number: String = self
            .document_number
            .trim()
            .to_ascii_uppercase()
            .chars()
            .filter(|c| *c != ' ')
            .collect();
        let number_ok = (1..=22).contains(&number.len())
            && number
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<');
        if !number_ok {
            return Err(IdentityError::MrzField("document_number"));
        }
        let birth = self.birth_date.trim();
        if !plausible_date(birth) {
            return Err(IdentityError::MrzField("birth_date"));
        }
        let expiry = self.expiry_date.trim();
        if !plausible_date(expiry) {
            return Err(IdentityError::MrzField("expiry_date"));
        }
        let key = BacKey::new(&number, birth, expiry)?;
        let padded = format!("{number:<<9}");
        let digits = [padded.as_str(), birth, expiry]
            .iter()
            .map(|f| check_digit(f).unwrap_or('?'))
            .collect();
        Ok((key, digits))
    }
}

const CHIP_PREFIX: &str = "chip_";

/// Whether a gallery key names a chip document (for the PC/SC reader).
pub fn is_chip_key(key: &str) -> bool {
    key.starts_with(CHIP_PREFIX)
}

/// The specimen a chip gallery key names.
pub fn specimen(key: &str) -> Option<Specimen> {
    key.strip_prefix(CHIP_PREFIX).and_then(Specimen::from_name)
}

fn labels(s: Specimen) -> (&'static str, &'static str) {
    match s {
        Specimen::ValidPassport => ("护照（有效）· 韩梅梅", "Passport (valid) · HAN Meimei"),
        Specimen::ExpiredPassport => ("护照（已过期）· 李雷", "Passport (expired) · LI Lei"),
        Specimen::HkMacaoPermit => (
            "往来港澳通行证（有效）· 王小明",
            "Exit-entry permit for HK & Macao · WANG Xiaoming",
        ),
        Specimen::AlteredDg1 => (
            "护照（芯片数据被篡改）· 林涛",
            "Passport (chip data altered) · LIN Tao",
        ),
        Specimen::BadChecksum => (
            "护照（MRZ 校验位错误）· 吉姆",
            "Passport (MRZ check digit wrong) · GREEN Jim",
        ),
    }
}

fn expected(s: Specimen) -> &'static str {
    match s {
        Specimen::ValidPassport | Specimen::HkMacaoPermit => "icao.verdict.valid",
        Specimen::ExpiredPassport => "icao.verdict.expired",
        Specimen::AlteredDg1 => "icao.verdict.altered",
        Specimen::BadChecksum => "icao.verdict.checksum_wrong",
    }
}

/// The chip documents of the training gallery, with the MRZ fields printed on their data page.
pub fn gallery_chips() -> Result<Vec<GalleryCard>, IdentityError> {
    Specimen::ALL
        .into_iter()
        .map(|s| {
            // MRZ_information: number(9) cd birth(6) cd expiry(6) cd.
            let key = s.bac_key()?;
            let info = key.information();
            let part = |r: std::ops::Range<usize>| info.get(r).unwrap_or_default();
            let printed = format!(
                "{} · {} · {}",
                part(0..9).trim_end_matches('<'),
                part(10..16),
                part(17..23)
            );
            let (zh, en) = labels(s);
            Ok(GalleryCard {
                key: format!("{CHIP_PREFIX}{}", s.name()),
                label_zh: zh.into(),
                label_en: en.into(),
                expected_verdict: expected(s).into(),
                reader: "chip".into(),
                printed_mrz: Some(printed),
            })
        })
        .collect()
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Valid => "valid",
        Verdict::Expired => "expired",
        Verdict::ChecksumWrong => "checksum_wrong",
        Verdict::ChipDataAltered => "altered",
        Verdict::Unreadable => "unreadable",
    }
}

fn mrz_field_word(f: MrzField) -> &'static str {
    match f {
        MrzField::DocumentNumber => "document_number",
        MrzField::BirthDate => "birth_date",
        MrzField::ExpiryDate => "expiry_date",
        MrzField::PersonalNumber => "personal_number",
        MrzField::Composite => "composite",
    }
}

/// What the checks found, as stable words: failed check digits, altered data groups, and
/// how far the signature was verified (never more than was checked).
fn findings(doc: &TravelDocument, today: NaiveDate) -> Vec<String> {
    let mut out: Vec<String> = doc
        .mrz_checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| format!("mrz_check_{}", mrz_field_word(c.field)))
        .collect();
    out.extend(
        doc.data_groups
            .iter()
            .filter(|d| d.hash == HashState::Mismatch)
            .map(|d| format!("hash_mismatch_dg{}", d.dg)),
    );
    if doc.expiry_date.is_none_or(|e| e < today) {
        out.push("expired".into());
    }
    out.push(
        match doc.signature {
            SignatureState::Verified => "signature_verified",
            SignatureState::NotVerifiedNoCscaList => "signature_no_csca_list",
            SignatureState::UnknownCsca => "signature_unknown_csca",
            SignatureState::Invalid(_) => "signature_invalid",
            SignatureState::Unsupported(_) => "signature_unsupported",
            SignatureState::NotChecked => "signature_not_checked",
        }
        .into(),
    );
    out
}

fn kind_word(k: DocumentKind) -> &'static str {
    match k {
        DocumentKind::Passport => "passport",
        DocumentKind::HongKongMacaoPermit => "hk_macao_exit_entry_permit",
        DocumentKind::TaiwanPermit => "taiwan_travel_permit",
        DocumentKind::IdentityCard => "chip_id_card",
        DocumentKind::Visa => "visa",
        DocumentKind::Other => "travel_document",
    }
}

fn birth_date(doc: &TravelDocument) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(doc.birth_date.expose(), "%Y-%m-%d")
        .ok()
        .or_else(|| {
            let full = doc.details.as_ref()?.full_birth_date.as_ref()?;
            NaiveDate::parse_from_str(full.expose(), "%Y%m%d").ok()
        })
}

/// A chip document, checked, in the case's terms: the name in national characters (DG11)
/// where the chip has it, else the MRZ's Latin name; the face as a data URL when it is JPEG.
pub fn from_chip(
    doc: &TravelDocument,
    today: NaiveDate,
    read_at: DateTime<Utc>,
) -> Result<IdentityRead, ReadFailure> {
    // A full birth date is required by the case; an MRZ without one cannot fill it.
    let birth = birth_date(doc).ok_or(ReadFailure { code: "icao.mrz" })?;
    let word = verdict_word(doc.verdict);
    let code = format!("icao.verdict.{word}");
    let age = ow_idcard::checks::age_on(birth, today);
    let verdict = ReadVerdict {
        status: word.into(),
        code: code.clone(),
        cause: None,
        findings: findings(doc, today),
        green_channel: ow_idcard::AgeGroup::of(age) != ow_idcard::AgeGroup::Adult,
    };
    let latin = format!("{} {}", doc.surname.expose(), doc.given_names.expose());
    let latin = PersonName::new(latin.trim());
    let name = doc.national_name.clone().unwrap_or_else(|| latin.clone());
    let address = doc
        .details
        .as_ref()
        .and_then(|d| d.address.as_ref())
        .map(|a| Address::new(a.expose()));
    let document = IdentityDocument {
        kind: kind_word(doc.kind).into(),
        name,
        name_en: Some(latin),
        sex: match doc.sex {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Unspecified => "unstated",
        }
        .into(),
        nation: None,
        nationality: Some(doc.nationality.clone()),
        birth_date: birth,
        address,
        number: doc.document_number.clone(),
        issuing_authority: None,
        valid_from: None,
        valid_until: doc.expiry_date,
        verdict: code,
        read_at,
    };
    let (face, face_not_shown) = match &doc.face {
        Some(f) => match crate::face::face_for_panel(&f.mime, &f.data) {
            Ok(url) => (Some(url), None),
            Err(why) => {
                // The read stands; only the picture is missing, and the panel says so.
                tracing::warn!(mime = %f.mime, error = %why, "chip face cannot be shown");
                (None, Some(f.mime.clone()))
            }
        },
        None => (None, None),
    };
    Ok(IdentityRead {
        read_id: 0,
        source: IdentitySource::Chip,
        document: Some(document),
        verdict,
        face,
        face_not_shown,
        photo_needs_decoder: false,
    })
}
