//! Through the real pcscd with vsmartcard-vpcd and the virtual ePassport: reading, card
//! insertion/removal noticed by `get_status_change`, faults as typed errors within bounded
//! time, and a pcscd restart (every reader vanishing and coming back) survived.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::NaiveDate;
use ow_error::ErrorCode;
use ow_icao::model::SignatureState;
use ow_icao::reader::{read_card, Readers, Timeouts};
use ow_icao::sim::{Fault, FaultPlan, Specimen, TestPki, VirtualCard};
use ow_icao::{check, CscaList, ReadOptions, Verdict};
use std::time::{Duration, Instant};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
}

fn insert(s: Specimen, pki: &TestPki, fault: Option<FaultPlan>) -> VirtualCard {
    let mut chip = s.chip(pki).unwrap();
    if let Some(f) = fault {
        chip = chip.with_fault(f);
    }
    VirtualCard::insert(chip, common::PORT).unwrap()
}

#[test]
fn reads_every_specimen_through_pcscd() {
    let _b = common::pcscd_session();
    let pki = TestPki::new().unwrap();
    let mut csca = CscaList::new();
    csca.add_der(&pki.csca_der().unwrap()).unwrap();
    let mut readers = Readers::new().unwrap();
    assert!(readers.list().unwrap().contains(&common::reader()));
    for (s, verdict) in [
        (Specimen::ValidPassport, Verdict::Valid),
        (Specimen::ExpiredPassport, Verdict::Expired),
        (Specimen::HkMacaoPermit, Verdict::Valid),
        (Specimen::AlteredDg1, Verdict::ChipDataAltered),
        (Specimen::BadChecksum, Verdict::ChecksumWrong),
    ] {
        let card = insert(s, &pki, None);
        let reader = readers
            .wait_for_card(Some(&common::reader()), Duration::from_secs(5))
            .unwrap();
        let raw = read_card(
            &reader,
            &s.bac_key().unwrap(),
            ReadOptions::default(),
            Timeouts::default(),
        );
        let report = check::report(raw, today(), &csca);
        assert_eq!(report.verdict, verdict, "{}: {:?}", s.name(), report.error);
        let doc = report.document.unwrap();
        assert_eq!(doc.signature, SignatureState::Verified);
        assert!(doc.face.is_some());
        card.remove();
        readers
            .wait_for_removal(&reader, Duration::from_secs(5))
            .unwrap();
    }
}

#[test]
fn insertion_and_removal_are_noticed_without_polling_by_hand() {
    let _b = common::pcscd_session();
    let pki = TestPki::new().unwrap();
    let mut readers = Readers::new().unwrap();
    let err = readers
        .wait_for_card(Some(&common::reader()), Duration::from_millis(300))
        .unwrap_err();
    assert_eq!(err.code(), "icao.timeout");
    let chip = Specimen::ValidPassport.chip(&pki).unwrap();
    let inserter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(400));
        VirtualCard::insert(chip, common::PORT).unwrap()
    });
    let t0 = Instant::now();
    let reader = readers
        .wait_for_card(None, Duration::from_secs(10))
        .unwrap();
    assert_eq!(reader, common::reader());
    assert!(t0.elapsed() < Duration::from_secs(5));
    let card = inserter.join().unwrap();
    let remover = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        card.remove();
    });
    readers
        .wait_for_removal(&reader, Duration::from_secs(10))
        .unwrap();
    remover.join().unwrap();
}

#[test]
fn faults_become_typed_errors_in_bounded_time() {
    let _b = common::pcscd_session();
    let pki = TestPki::new().unwrap();
    let mut readers = Readers::new().unwrap();
    let t = Timeouts {
        per_command: Duration::from_millis(1500),
    };
    for (fault, code) in [
        (Fault::WrongMac, "icao.sm_mac"),
        (Fault::Truncated, "icao.sm_format"),
        (Fault::Silent, "icao.timeout"),
        (Fault::Removed, "icao.card_removed"),
    ] {
        let card = insert(
            Specimen::ValidPassport,
            &pki,
            Some(FaultPlan {
                fault,
                after_reads: 4,
            }),
        );
        let reader = readers
            .wait_for_card(Some(&common::reader()), Duration::from_secs(5))
            .unwrap();
        let t0 = Instant::now();
        let key = Specimen::ValidPassport.bac_key().unwrap();
        let err = read_card(&reader, &key, ReadOptions::default(), t).unwrap_err();
        assert_eq!(err.code(), code, "{fault:?}: {err}");
        assert!(
            t0.elapsed() < Duration::from_secs(5),
            "{fault:?} took {:?}",
            t0.elapsed()
        );
        card.remove();
        readers
            .wait_for_removal(&reader, Duration::from_secs(5))
            .unwrap();
    }
}

#[test]
fn wrong_mrz_is_refused_by_the_chip() {
    let _b = common::pcscd_session();
    let pki = TestPki::new().unwrap();
    let card = insert(Specimen::ValidPassport, &pki, None);
    let mut readers = Readers::new().unwrap();
    let reader = readers
        .wait_for_card(Some(&common::reader()), Duration::from_secs(5))
        .unwrap();
    let wrong = ow_icao::bac::BacKey::new("EH0000001", "900101", "341230").unwrap();
    let err = read_card(&reader, &wrong, ReadOptions::default(), Timeouts::default()).unwrap_err();
    assert_eq!(err.code(), "icao.bac_failed");
    card.remove();
}

#[test]
fn a_pcscd_still_on_its_way_out_is_waited_for_before_ours_starts() {
    let _lock = common::lock_only();
    if ow_icao::sim::pcscd::virtual_readers().is_some_and(|r| !r.is_empty()) {
        eprintln!("NOT RUN: a pcscd started elsewhere is running");
        return;
    }
    // Stands in for another test process's pcscd still shutting down: a process of that name
    // serving nothing. Starting ours beside it is what made pcscd refuse or come up readerless.
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("pcscd");
    std::fs::copy("/bin/sleep", &old).unwrap();
    let mut old = std::process::Command::new(&old).arg("1.5").spawn().unwrap();
    // Reaped at once, so it stops counting as alive when it exits.
    let reaper = std::thread::spawn(move || old.wait());
    let t0 = Instant::now();
    let ours = ow_icao::sim::pcscd::ensure(Duration::from_secs(10)).unwrap();
    let waited = t0.elapsed();
    assert!(ours.started_here());
    assert!(
        waited >= Duration::from_millis(1400),
        "started after {waited:?}, beside the old one"
    );
    assert!(ow_icao::sim::pcscd::virtual_readers().is_some_and(|r| !r.is_empty()));
    reaper.join().unwrap().unwrap();
}

#[test]
fn a_pcscd_restart_is_survived() {
    let _lock = common::lock_only();
    let first =
        ow_icao::sim::pcscd::ensure(Duration::from_secs(10)).expect("pcscd with vpcd is required");
    if !first.started_here() {
        eprintln!("NOT RUN: a pcscd started elsewhere is running; this test only restarts its own");
        return;
    }
    let pki = TestPki::new().unwrap();
    let mut readers = Readers::new().unwrap();
    let card = insert(Specimen::ValidPassport, &pki, None);
    readers
        .wait_for_card(Some(&common::reader()), Duration::from_secs(5))
        .unwrap();
    card.remove();
    drop(first); // every reader goes away
    let chip = Specimen::ValidPassport.chip(&pki).unwrap();
    let restarter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        let p = ow_icao::sim::pcscd::ensure(Duration::from_secs(10)).unwrap();
        let card = VirtualCard::insert(chip, common::PORT).unwrap();
        (p, card)
    });
    let reader = readers
        .wait_for_card(Some(&common::reader()), Duration::from_secs(20))
        .unwrap();
    let (pcscd, card) = restarter.join().unwrap();
    let key = Specimen::ValidPassport.bac_key().unwrap();
    let raw = read_card(&reader, &key, ReadOptions::default(), Timeouts::default()).unwrap();
    assert_eq!(
        check::inspect(&raw, today(), &CscaList::new())
            .unwrap()
            .verdict,
        Verdict::Valid
    );
    card.remove();
    drop(pcscd);
}
