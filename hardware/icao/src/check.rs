//! From raw chip files to the checked [`TravelDocument`] and the clerk's [`Verdict`].
//! "Today" is always passed in: checks never read the clock.

use crate::dg::{dg1, dg11, dg2};
use crate::error::{IcaoError, Result};
use crate::model::{
    DataGroupCheck, DocumentKind, Face, HashState, PrivateText, ReadReport, Sex, SignatureState,
    TravelDocument, Verdict,
};
use crate::mrz;
use crate::read::RawDocument;
use crate::sod::{self, verify::CscaList};
use chrono::NaiveDate;
use ow_error::ErrorBody;
use ow_pii::{IdNumber, PersonName};

/// The verdict from the individual checks, worst first.
pub fn verdict(doc: &TravelDocument, today: NaiveDate) -> Verdict {
    let altered = doc
        .data_groups
        .iter()
        .any(|d| d.hash == HashState::Mismatch)
        || matches!(doc.signature, SignatureState::Invalid(_));
    if altered {
        Verdict::ChipDataAltered
    } else if !doc.mrz_checks.iter().all(|c| c.ok) {
        Verdict::ChecksumWrong
    } else if doc.expiry_date.is_none_or(|e| e < today) {
        Verdict::Expired
    } else {
        Verdict::Valid
    }
}

/// Parses and checks the files read from a chip.
pub fn inspect(raw: &RawDocument, today: NaiveDate, cscas: &CscaList) -> Result<TravelDocument> {
    let m = dg1::parse(&raw.dg1)?;
    let face = match &raw.dg2 {
        Some(b) => {
            let f = dg2::parse(b)?;
            Some(Face {
                mime: f.mime.to_owned(),
                width: f.width,
                height: f.height,
                data: f.data,
            })
        }
        None => None,
    };
    let details = raw.dg11.as_deref().map(dg11::parse).transpose()?;
    let sod = raw.sod.as_deref().map(sod::parse).transpose()?;
    let mut data_groups = Vec::new();
    let read: [(u8, Option<&[u8]>); 3] = [
        (1, Some(&raw.dg1)),
        (2, raw.dg2.as_deref()),
        (11, raw.dg11.as_deref()),
    ];
    for (dg, bytes) in read {
        if let Some(bytes) = bytes {
            let hash = sod
                .as_ref()
                .map_or(HashState::NoSod, |s| s.check(dg, bytes));
            data_groups.push(DataGroupCheck { dg, hash });
        }
    }
    let signature = sod.as_ref().map_or(SignatureState::NotChecked, |s| {
        sod::verify::verify(s, cscas)
    });
    let birth_date = mrz::resolve_date(&m.birth_date, today, true)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| m.birth_date.clone());
    let mut doc = TravelDocument {
        kind: DocumentKind::from_code(&m.document_code),
        document_code: m.document_code.clone(),
        issuing_state: m.issuing_state.clone(),
        document_number: IdNumber::new(&m.document_number),
        surname: PersonName::new(&m.primary_identifier),
        given_names: PersonName::new(&m.secondary_identifier),
        national_name: details.as_ref().and_then(|d| d.full_name.clone()),
        nationality: m.nationality.clone(),
        sex: Sex::from_mrz(m.sex),
        birth_date: PrivateText::new(birth_date),
        expiry_date: mrz::resolve_date(&m.expiry_date, today, false),
        mrz_format: m.format,
        mrz_checks: m.checks.clone(),
        face,
        details,
        data_groups,
        signature,
        verdict: Verdict::Unreadable,
    };
    doc.verdict = verdict(&doc, today);
    Ok(doc)
}

/// The report for the UI: a checked document, or `unreadable` with the error.
pub fn report(read: Result<RawDocument>, today: NaiveDate, cscas: &CscaList) -> ReadReport {
    match read.and_then(|raw| inspect(&raw, today, cscas)) {
        Ok(doc) => ReadReport {
            verdict: doc.verdict,
            document: Some(doc),
            error: None,
        },
        Err(e) => unreadable(&e),
    }
}

fn unreadable(e: &IcaoError) -> ReadReport {
    ReadReport {
        verdict: Verdict::Unreadable,
        document: None,
        error: Some(ErrorBody::from_error(e)),
    }
}
