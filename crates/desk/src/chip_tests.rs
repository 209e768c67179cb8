//! The chip reader at the desk: settings and MRZ entry as plain logic, the mapping of every
//! gallery document in-process, and then the whole path through the real pcscd with
//! vsmartcard-vpcd — the virtual ePassport presented, the MRZ typed, the read put on the case;
//! a chip pulled out mid-read; a wrong MRZ.

use crate::chip_identity::{from_chip, gallery_chips, ChipReaderSetting, MrzEntry};
use crate::identity::{HubUpdate, IdentityRead};
use crate::{Desk, DeviceKind, DeviceState};
use chrono::{NaiveDate, Utc};
use ow_case::{IdentitySource, PersonRole};
use ow_config::Config;
use ow_error::ErrorCode;
use ow_icao::sim::{DirectTransport, Fault, FaultPlan, Specimen, TestPki};
use ow_icao::{check, CscaList, ReadOptions};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

fn entry(number: &str, birth: &str, expiry: &str) -> MrzEntry {
    MrzEntry {
        document_number: number.into(),
        birth_date: birth.into(),
        expiry_date: expiry.into(),
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
}

#[test]
fn chip_reader_settings_are_understood_and_nonsense_is_refused() {
    use ChipReaderSetting::*;
    assert_eq!(ChipReaderSetting::parse("sim").unwrap(), Simulator);
    assert_eq!(ChipReaderSetting::parse("none").unwrap(), Absent);
    assert_eq!(ChipReaderSetting::parse("pcsc").unwrap(), Pcsc(None));
    assert_eq!(
        ChipReaderSetting::parse("pcsc: ACS ACR122U 00 00").unwrap(),
        Pcsc(Some("ACS ACR122U 00 00".into()))
    );
    for bad in ["", "pcsc:", "sam:/dev/ttyUSB0"] {
        let e = ChipReaderSetting::parse(bad).unwrap_err();
        assert_eq!(e.code(), "identity.unknown_chip_reader", "{bad:?}");
    }
}

#[test]
fn a_typed_mrz_gets_its_check_digits_computed_and_a_bad_field_is_named() {
    // ICAO 9303-11 Appendix D: L898902C<3 690806 1 940623 6.
    let (key, digits) = entry("l898902c", "690806", "940623").key().unwrap();
    assert_eq!(key.information(), "L898902C<369080619406236");
    assert_eq!(digits, "316");
    for (e, field) in [
        (entry("", "690806", "940623"), "document_number"),
        (entry("L89-8902", "690806", "940623"), "document_number"),
        (entry("L898902C", "6908", "940623"), "birth_date"),
        (entry("L898902C", "691306", "940623"), "birth_date"),
        (entry("L898902C", "690806", "94062x"), "expiry_date"),
    ] {
        let err = e.key().unwrap_err();
        assert_eq!(err.code(), "identity.mrz_field");
        assert_eq!(err.details().unwrap()["field"], field);
    }
    assert!(!format!("{:?}", entry("L898902C", "690806", "940623")).contains("L898902C"));
}

/// Every gallery chip, read in-process (no pcscd), gets the verdict the gallery promises,
/// and the case's fields from the chip: national name, nationality, face as JPEG.
#[test]
fn every_gallery_chip_maps_to_the_promised_verdict_and_the_case_fields() {
    let pki = TestPki::new().unwrap();
    let mut cscas = CscaList::new();
    cscas.add_der(&pki.csca_der().unwrap()).unwrap();
    let gallery = gallery_chips().unwrap();
    assert_eq!(gallery.len(), Specimen::ALL.len());
    for card in &gallery {
        let s = crate::chip_identity::specimen(&card.key).unwrap();
        let chip = s.chip(&pki).unwrap();
        let raw = ow_icao::read_document(
            DirectTransport(chip),
            &s.bac_key().unwrap(),
            ReadOptions::default(),
        )
        .unwrap();
        let doc = check::inspect(&raw, today(), &cscas).unwrap();
        let read = from_chip(&doc, today(), Utc::now()).unwrap();
        assert_eq!(read.verdict.code, card.expected_verdict, "{}", card.key);
        assert_eq!(read.source, IdentitySource::Chip);
        assert!(read
            .face
            .as_deref()
            .unwrap()
            .starts_with("data:image/jpeg;base64,"));
        assert!(read.face_not_shown.is_none());
        let d = read.document.unwrap();
        assert_eq!(d.nationality.as_deref(), Some("CHN"));
        assert!(d.valid_from.is_none());
        let printed = card.printed_mrz.as_deref().unwrap();
        assert!(printed.starts_with(d.number.expose()), "{printed}");
        if s == Specimen::ValidPassport {
            assert_eq!(d.name.expose(), "韩梅梅");
            assert_eq!(d.name_en.unwrap().expose(), "HAN MEIMEI");
            assert_eq!(d.kind, "passport");
            assert_eq!(d.birth_date, NaiveDate::from_ymd_opt(1990, 1, 1).unwrap());
            assert!(read
                .verdict
                .findings
                .contains(&"signature_verified".to_owned()));
        }
        if s == Specimen::HkMacaoPermit {
            assert_eq!(d.kind, "hk_macao_exit_entry_permit");
            assert!(d.address.is_some());
        }
        if s == Specimen::AlteredDg1 {
            assert!(read
                .verdict
                .findings
                .contains(&"hash_mismatch_dg1".to_owned()));
        }
    }
}

/// Many passport chips store the face as JPEG 2000, which the webview cannot show: the panel
/// gets it decoded and re-encoded as JPEG; a damaged one is named, and the read still stands.
#[test]
fn a_jpeg2000_face_is_decoded_for_the_panel_and_a_damaged_one_is_named() {
    let pki = TestPki::new().unwrap();
    let s = Specimen::ValidPassport;
    let raw = ow_icao::read_document(
        DirectTransport(s.chip(&pki).unwrap()),
        &s.bac_key().unwrap(),
        ReadOptions::default(),
    )
    .unwrap();
    let mut doc = check::inspect(&raw, today(), &CscaList::new()).unwrap();
    let jp2 = include_bytes!("../tests/fixtures/face.jp2");
    if let Some(f) = doc.face.as_mut() {
        f.mime = "image/jp2".into();
        f.data = jp2.to_vec();
    }
    let read = from_chip(&doc, today(), Utc::now()).unwrap();
    assert!(read.face_not_shown.is_none());
    let url = read.face.unwrap();
    let b64 = url.strip_prefix("data:image/jpeg;base64,").unwrap();
    use base64::Engine as _;
    let jpeg = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let shown = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg).unwrap();
    assert_eq!((shown.width(), shown.height()), (120, 160));
    // The fixture's eyes are dark on a light face: the decode kept the picture, not noise.
    let px = shown.to_luma8();
    assert!(px.get_pixel(40, 60)[0] < 80 && px.get_pixel(60, 20)[0] > 120);

    if let Some(f) = doc.face.as_mut() {
        f.data.truncate(100);
    }
    let read = from_chip(&doc, today(), Utc::now()).unwrap();
    assert!(read.face.is_none());
    assert_eq!(read.face_not_shown.as_deref(), Some("image/jp2"));
    assert!(
        read.document.is_some(),
        "the read stands without its picture"
    );
    assert!(
        read.verdict
            .findings
            .contains(&"signature_unknown_csca".to_owned())
            || read
                .verdict
                .findings
                .contains(&"signature_no_csca_list".to_owned())
    );
}

#[test]
fn without_a_chip_reader_the_mrz_is_refused_and_the_bar_lists_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.devices.chip_reader = "none".into();
    let desk = Desk::open(config, dir.path(), None).unwrap();
    desk.start_chip_reader(|_| {}).unwrap();
    let e = desk
        .chip_mrz(&entry("EH0000001", "900101", "341231"))
        .unwrap_err();
    assert_eq!(e.code(), "identity.no_chip_reader");
    assert!(desk
        .initial_status()
        .devices
        .iter()
        .all(|d| d.kind != DeviceKind::ChipReader));
}

// --- through pcscd -------------------------------------------------------------------------

/// pcscd (started here when none runs) and the sandbox's vpcd reader, one test at a time.
struct Pcscd {
    _pcscd: Arc<ow_icao::sim::pcscd::Pcscd>,
    _turn: MutexGuard<'static, ()>,
}

fn pcscd() -> Pcscd {
    static TURN: Mutex<()> = Mutex::new(());
    let turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let p = ow_icao::sim::pcscd::shared().unwrap_or_else(|e| {
        panic!("pcscd with vsmartcard-vpcd is required (Debian: pcscd vsmartcard-vpcd): {e}")
    });
    Pcscd {
        _pcscd: p,
        _turn: turn,
    }
}

/// A sandbox desk whose chip reader runs (and no SAM reader), with its updates on a channel.
fn chip_desk(dir: &std::path::Path) -> (Desk, mpsc::Receiver<HubUpdate>) {
    let mut config = Config::default();
    config.devices.card_reader = "none".into();
    let desk = Desk::open(config, dir, None).unwrap();
    let (tx, rx) = mpsc::channel();
    desk.start_chip_reader(move |u| {
        let _ = tx.send(u);
    })
    .unwrap();
    wait_chip_state(&desk, |s| *s == DeviceState::Ready);
    (desk, rx)
}

fn wait_chip_state(desk: &Desk, ok: impl Fn(&DeviceState) -> bool) {
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        let s = desk.identity().state_of(DeviceKind::ChipReader);
        if ok(&s) {
            return;
        }
        assert!(Instant::now() < end, "chip reader stuck in {s:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn wait_read(rx: &mpsc::Receiver<HubUpdate>, secs: u64) -> IdentityRead {
    let end = Instant::now() + Duration::from_secs(secs);
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(HubUpdate::Read(r)) => return *r,
            Ok(HubUpdate::State(..)) => continue,
            Err(e) => panic!("no read: {e}"),
        }
    }
    panic!("no read within {secs} s")
}

#[test]
fn in_the_sandbox_a_presented_passport_goes_through_pcscd_and_fills_the_case_once_its_mrz_is_typed()
{
    let _p = pcscd();
    let dir = tempfile::tempdir().unwrap();
    let (desk, rx) = chip_desk(dir.path());
    let case = desk.create_case(None).unwrap();

    // The chip is noticed by a PC/SC status change, but it opens only with its MRZ.
    desk.present_card("chip_valid").unwrap();
    wait_chip_state(&desk, |s| *s == DeviceState::NeedsMrz);
    let typed = desk
        .chip_mrz(&entry("EH0000001", "900101", "341231"))
        .unwrap();
    assert!(typed.card_present);
    assert_eq!(typed.check_digits.len(), 3);
    let read = wait_read(&rx, 15);
    assert_eq!(read.verdict.status, "valid", "{:?}", read.verdict);
    assert!(read
        .verdict
        .findings
        .contains(&"signature_verified".to_owned()));
    assert!(read.face.is_some());
    wait_chip_state(&desk, |s| *s == DeviceState::CardPresent);
    let draft = desk
        .apply_identity(case.id, read.read_id, PersonRole::Applicant)
        .unwrap();
    assert_eq!(draft.applicant.source, IdentitySource::Chip);
    assert_eq!(draft.applicant.name.unwrap().expose(), "韩梅梅");
    assert_eq!(
        draft.applicant.document.unwrap().verdict,
        "icao.verdict.valid"
    );

    // The passport leaves; MRZ first, then the next document: card present → read, timed.
    desk.remove_card().unwrap();
    wait_chip_state(&desk, |s| *s == DeviceState::Ready);
    desk.chip_mrz(&entry("C00000003", "850515", "330515"))
        .unwrap();
    let t0 = Instant::now();
    desk.present_card("chip_hkmo").unwrap();
    let second = wait_read(&rx, 15);
    let ms = t0.elapsed().as_millis();
    assert_eq!(second.verdict.status, "valid", "{:?}", second.verdict);
    assert_eq!(
        second.document.as_ref().unwrap().kind,
        "hk_macao_exit_entry_permit"
    );
    assert!(second.read_id > read.read_id);
    eprintln!("FIGURE desk: virtual ePassport presented → read in the hub: {ms} ms");

    // A wrong MRZ is refused by the chip itself; the typed key is spent.
    desk.remove_card().unwrap();
    wait_chip_state(&desk, |s| *s == DeviceState::Ready);
    desk.chip_mrz(&entry("EL0000002", "891111", "200102"))
        .unwrap();
    desk.present_card("chip_expired").unwrap();
    let refused = wait_read(&rx, 15);
    assert!(refused.document.is_none());
    assert_eq!(refused.verdict.cause.as_deref(), Some("icao.bac_failed"));
    desk.chip_mrz(&entry("EL0000002", "891111", "200101"))
        .unwrap();
    let expired = wait_read(&rx, 15);
    assert_eq!(expired.verdict.status, "expired");

    desk.remove_card().unwrap();
    wait_chip_state(&desk, |s| *s == DeviceState::Ready);
    desk.stop_chip_reader();
    let e = desk
        .chip_mrz(&entry("EH0000001", "900101", "341231"))
        .unwrap_err();
    assert_eq!(e.code(), "identity.not_running");
}

#[test]
fn a_chip_pulled_out_mid_read_gives_a_typed_error_in_bounded_time_and_the_reader_carries_on() {
    let _p = pcscd();
    let dir = tempfile::tempdir().unwrap();
    let (desk, rx) = chip_desk(dir.path());
    let pki = TestPki::new().unwrap();
    let s = Specimen::ValidPassport;
    desk.chip_mrz(&entry("EH0000001", "900101", "341231"))
        .unwrap();
    let chip = s.chip(&pki).unwrap().with_fault(FaultPlan {
        fault: Fault::Removed,
        after_reads: 4,
    });
    let t0 = Instant::now();
    desk.insert_sim_chip(chip).unwrap();
    let failed = wait_read(&rx, 10);
    assert!(t0.elapsed() < Duration::from_secs(8), "{:?}", t0.elapsed());
    assert!(failed.document.is_none());
    assert_eq!(failed.source, IdentitySource::Chip);
    assert_eq!(failed.verdict.status, "unreadable");
    assert_eq!(failed.verdict.cause.as_deref(), Some("icao.card_removed"));
    // The card is gone: the bar goes back to ready, and the kept MRZ reads the card put back.
    wait_chip_state(&desk, |s| *s == DeviceState::Ready);
    let e = desk.apply_identity(
        desk.create_case(None).unwrap().id,
        failed.read_id,
        PersonRole::Applicant,
    );
    assert_eq!(e.unwrap_err().code(), "identity.unreadable");
    desk.insert_sim_chip(s.chip(&pki).unwrap()).unwrap();
    let again = wait_read(&rx, 15);
    assert_eq!(again.verdict.status, "valid");
    desk.remove_card().unwrap();
}

/// A hall's CSCA folder (DER and PEM files) makes a chip's signature trusted; without it the
/// verdict says the issuer is not established; a file that is not a certificate is named.
#[test]
fn a_hall_csca_folder_makes_chip_signatures_trusted_and_a_bad_file_is_named() {
    use base64::Engine as _;
    let pki = TestPki::new().unwrap();
    let der = pki.csca_der().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cn-csca.der"), &der).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        lines.join("\n")
    );
    std::fs::write(dir.path().join("cn-csca.pem"), pem).unwrap();
    std::fs::write(dir.path().join("README.txt"), "not read").unwrap();
    let mut cscas = CscaList::new();
    assert_eq!(crate::csca::load_dir(dir.path(), &mut cscas).unwrap(), 2);

    let s = Specimen::ValidPassport;
    let raw = ow_icao::read_document(
        DirectTransport(s.chip(&pki).unwrap()),
        &s.bac_key().unwrap(),
        ReadOptions::default(),
    )
    .unwrap();
    let trusted = from_chip(
        &check::inspect(&raw, today(), &cscas).unwrap(),
        today(),
        Utc::now(),
    )
    .unwrap();
    assert!(
        trusted
            .verdict
            .findings
            .contains(&"signature_verified".to_owned()),
        "{:?}",
        trusted.verdict
    );
    let alone = from_chip(
        &check::inspect(&raw, today(), &CscaList::new()).unwrap(),
        today(),
        Utc::now(),
    )
    .unwrap();
    assert!(!alone
        .verdict
        .findings
        .contains(&"signature_verified".to_owned()));

    std::fs::write(dir.path().join("zz-broken.crt"), b"not a certificate").unwrap();
    let err = crate::csca::load_dir(dir.path(), &mut CscaList::new()).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "identity.csca_file");
    let details = ow_error::ErrorCode::details(&err).unwrap().to_string();
    assert!(details.contains("zz-broken.crt"), "{details}");
}
