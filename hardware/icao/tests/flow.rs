//! The whole read-and-check flow against the virtual chip in-process (no pcscd): every
//! specimen's verdict, DG contents, passive authentication and the injected faults.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use ow_error::ErrorCode;
use ow_icao::model::{DocumentKind, HashState, SignatureState};
use ow_icao::sim::{DirectTransport, Fault, FaultPlan, Specimen, TestPki};
use ow_icao::{check, read_document, CscaList, ReadOptions, Verdict};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
}

fn trusted(pki: &TestPki) -> CscaList {
    let mut l = CscaList::new();
    l.add_der(&pki.csca_der().unwrap()).unwrap();
    l
}

fn read(
    s: Specimen,
    pki: &TestPki,
    fault: Option<FaultPlan>,
) -> ow_icao::Result<ow_icao::RawDocument> {
    let mut chip = s.chip(pki).unwrap();
    if let Some(f) = fault {
        chip = chip.with_fault(f);
    }
    read_document(
        DirectTransport(chip),
        &s.bac_key().unwrap(),
        ReadOptions::default(),
    )
}

#[test]
fn every_specimen_gets_its_verdict() {
    let pki = TestPki::new().unwrap();
    let expected = [
        (Specimen::ValidPassport, Verdict::Valid),
        (Specimen::ExpiredPassport, Verdict::Expired),
        (Specimen::HkMacaoPermit, Verdict::Valid),
        (Specimen::AlteredDg1, Verdict::ChipDataAltered),
        (Specimen::BadChecksum, Verdict::ChecksumWrong),
    ];
    for (s, verdict) in expected {
        let report = check::report(read(s, &pki, None), today(), &trusted(&pki));
        assert_eq!(report.verdict, verdict, "{}", s.name());
    }
}

#[test]
fn valid_passport_reads_fully_and_verifies() {
    let pki = TestPki::new().unwrap();
    let raw = read(Specimen::ValidPassport, &pki, None).unwrap();
    let doc = check::inspect(&raw, today(), &trusted(&pki)).unwrap();
    assert_eq!(doc.kind, DocumentKind::Passport);
    assert_eq!(doc.surname.expose(), "HAN");
    assert_eq!(doc.given_names.expose(), "MEIMEI");
    assert_eq!(doc.national_name.as_ref().unwrap().expose(), "韩梅梅");
    assert_eq!(doc.birth_date.expose(), "1990-01-01");
    assert_eq!(doc.expiry_date, NaiveDate::from_ymd_opt(2034, 12, 31));
    assert_eq!(doc.signature, SignatureState::Verified);
    assert!(doc.data_groups.iter().all(|d| d.hash == HashState::Match));
    assert_eq!(
        doc.data_groups.iter().map(|d| d.dg).collect::<Vec<_>>(),
        vec![1, 2, 11]
    );
    let face = doc.face.as_ref().unwrap();
    assert_eq!(face.mime, "image/jpeg");
    let pixels = jpeg_decoder::Decoder::new(face.data.as_slice())
        .decode()
        .unwrap();
    assert_eq!(pixels.len(), 48 * 60);
    // Nothing personal in Debug.
    let dbg = format!("{doc:?}");
    for secret in ["HAN", "MEIMEI", "韩梅梅", "EH0000001", "1990"] {
        assert!(!dbg.contains(secret), "{secret} leaked in {dbg}");
    }
    // The UI JSON carries the real values and the face as base64.
    let json = serde_json::to_value(&doc).unwrap();
    assert_eq!(json["surname"], "HAN");
    assert_eq!(json["verdict"], "valid");
    assert_eq!(json["signature"]["state"], "verified");
    assert!(json["face"]["data"].as_str().unwrap().starts_with("/9j/"));
}

#[test]
fn signature_state_never_claims_more_than_checked() {
    let pki = TestPki::new().unwrap();
    let raw = read(Specimen::ValidPassport, &pki, None).unwrap();
    let doc = check::inspect(&raw, today(), &CscaList::new()).unwrap();
    assert_eq!(doc.signature, SignatureState::NotVerifiedNoCscaList);
    assert_eq!(doc.verdict, Verdict::Valid);
    // A CSCA list without our issuer.
    let mut other = CscaList::new();
    other.add_der(&foreign_csca()).unwrap();
    let doc = check::inspect(&raw, today(), &other).unwrap();
    assert_eq!(doc.signature, SignatureState::UnknownCsca);
    // A tampered SOD signature is invalid → altered.
    let mut raw2 = raw.clone();
    let sod = raw2.sod.as_mut().unwrap();
    let n = sod.len();
    sod[n - 10] ^= 0x01;
    let doc = check::inspect(&raw2, today(), &trusted(&pki)).unwrap();
    assert!(
        matches!(doc.signature, SignatureState::Invalid(_)),
        "{:?}",
        doc.signature
    );
    assert_eq!(doc.verdict, Verdict::ChipDataAltered);
}

/// A CSCA certificate with another subject: the test PKI's own DS certificate will do.
fn foreign_csca() -> Vec<u8> {
    use der::{Decode, Encode};
    let pki = TestPki::new().unwrap();
    let raw = read(Specimen::ValidPassport, &pki, None).unwrap();
    let sod = ow_icao::sod::parse(raw.sod.as_ref().unwrap()).unwrap();
    let certs = sod.signed_data.certificates.unwrap();
    let cms::cert::CertificateChoices::Certificate(c) = certs.0.iter().next().unwrap() else {
        panic!("no certificate")
    };
    let der = c.to_der().unwrap();
    x509_cert::Certificate::from_der(&der).unwrap();
    der
}

#[test]
fn altered_dg1_is_reported_per_data_group() {
    let pki = TestPki::new().unwrap();
    let raw = read(Specimen::AlteredDg1, &pki, None).unwrap();
    let doc = check::inspect(&raw, today(), &trusted(&pki)).unwrap();
    let dg1 = doc.data_groups.iter().find(|d| d.dg == 1).unwrap();
    assert_eq!(dg1.hash, HashState::Mismatch);
    assert!(doc.mrz_checks.iter().all(|c| c.ok));
    assert_eq!(doc.signature, SignatureState::Verified);
}

#[test]
fn hk_macao_permit_is_td1_cs() {
    let pki = TestPki::new().unwrap();
    let raw = read(Specimen::HkMacaoPermit, &pki, None).unwrap();
    let doc = check::inspect(&raw, today(), &trusted(&pki)).unwrap();
    assert_eq!(doc.kind, DocumentKind::HongKongMacaoPermit);
    assert_eq!(doc.mrz_format, ow_icao::mrz::MrzFormat::Td1);
    let details = doc.details.unwrap();
    assert_eq!(details.full_name.unwrap().expose(), "王小明");
    assert_eq!(details.address.unwrap().expose(), "广州市 天河区 示例路1号");
}

#[test]
fn wrong_mrz_keys_fail_bac() {
    let pki = TestPki::new().unwrap();
    let chip = Specimen::ValidPassport.chip(&pki).unwrap();
    let wrong = ow_icao::bac::BacKey::new("EH0000001", "900102", "341231").unwrap();
    let err = read_document(DirectTransport(chip), &wrong, ReadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "icao.bac_failed");
    let report = check::report(Err(err), today(), &CscaList::new());
    assert_eq!(report.verdict, Verdict::Unreadable);
    assert_eq!(report.error.unwrap().code, "icao.bac_failed");
}

#[test]
fn faults_give_typed_errors() {
    let pki = TestPki::new().unwrap();
    let cases = [
        (Fault::WrongMac, "icao.sm_mac"),
        (Fault::Truncated, "icao.sm_format"),
        (Fault::Silent, "icao.timeout"),
        (Fault::Removed, "icao.card_removed"),
    ];
    for (fault, code) in cases {
        let plan = FaultPlan {
            fault,
            after_reads: 3,
        };
        let err = read(Specimen::ValidPassport, &pki, Some(plan)).unwrap_err();
        assert_eq!(err.code(), code, "{fault:?}: {err}");
    }
}
