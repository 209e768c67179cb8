//! The driver against the virtual reader over a real pseudo-terminal.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test] fns

use ow_error::ErrorCode;
use ow_idcard::sam::sim::{Fault, VirtualSamReader, SIM_SAM_ID};
use ow_idcard::sam::{ReaderConfig, SamReader, SamStatus};
use ow_idcard::{gallery, DocumentKind, IdCardError};
use std::time::{Duration, Instant};

struct Rig {
    _dir: tempfile::TempDir,
    sim: VirtualSamReader,
}

fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let sim = VirtualSamReader::start(dir.path().join("ttySAM0")).unwrap();
    Rig { _dir: dir, sim }
}

fn quick() -> ReaderConfig {
    ReaderConfig {
        command_timeout: Duration::from_millis(300),
        read_timeout: Duration::from_millis(600),
        with_fingerprint: false,
    }
}

fn open(rig: &Rig, config: ReaderConfig) -> SamReader {
    SamReader::open(rig.sim.path().to_str().unwrap(), config).unwrap()
}

#[test]
fn reads_every_gallery_card_over_the_tty() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    reader.sam_status().unwrap();
    assert_eq!(reader.sam_id().unwrap().0, SIM_SAM_ID);
    for entry in gallery::entries().unwrap() {
        let card = gallery::card(&entry.key).unwrap();
        rig.sim.insert(card.clone());
        assert!(reader.find_card().unwrap(), "{}", entry.key);
        let doc = reader.read_card().unwrap();
        assert_eq!(doc, card, "{}", entry.key);
    }
}

#[test]
fn reads_with_fingerprint_command() {
    let rig = rig();
    rig.sim.insert_gallery("hk_resident").unwrap();
    let mut reader = open(
        &rig,
        ReaderConfig {
            with_fingerprint: true,
            ..quick()
        },
    );
    let doc = reader.read_card().unwrap();
    assert_eq!(doc.kind(), DocumentKind::ResidencePermit);
    assert!(doc.photo.is_some());
}

#[test]
fn no_card_is_a_typed_answer() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    assert!(!reader.find_card().unwrap());
    let err = reader.read_card().unwrap_err();
    assert_eq!(err.code(), "idcard.sam.no_card");
    assert!(matches!(
        reader.select_card(),
        Err(IdCardError::Sam {
            status: SamStatus::SelectFailed,
            ..
        })
    ));
}

#[test]
fn a_card_already_read_is_read_again_through_select() {
    let rig = rig();
    rig.sim.insert_gallery("valid_adult").unwrap();
    let mut reader = open(&rig, quick());
    reader.read_card().unwrap();
    assert!(
        !reader.find_card().unwrap(),
        "readers go quiet after a read"
    );
    assert_eq!(reader.read_card().unwrap().name.expose(), "张示例");
}

#[test]
fn card_removed_mid_read() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    rig.sim.insert_gallery("valid_adult").unwrap();
    rig.sim.set_fault(Some(Fault::RemoveDuringRead));
    assert_eq!(
        reader.read_card().unwrap_err().code(),
        "idcard.sam.read_failed"
    );
    assert!(!rig.sim.has_card());

    rig.sim.insert_gallery("valid_adult").unwrap();
    rig.sim.set_fault(Some(Fault::DropDuringRead));
    let t = Instant::now();
    assert_eq!(reader.read_card().unwrap_err().code(), "idcard.timeout");
    assert!(t.elapsed() < Duration::from_millis(600 + 300 + 1000));
}

#[test]
fn wrong_checksum_and_truncated_answers() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    rig.sim.insert_gallery("valid_adult").unwrap();
    rig.sim.set_fault(Some(Fault::BadChecksum));
    assert_eq!(
        reader.find_card().unwrap_err().code(),
        "idcard.sam.checksum"
    );
    rig.sim.set_fault(Some(Fault::Truncated));
    let err = reader.read_card().unwrap_err();
    assert_eq!(err.code(), "idcard.frame.truncated", "{err:?}");
    rig.sim.set_fault(Some(Fault::GarbagePrefix));
    assert_eq!(
        reader.read_card().unwrap().number.expose(),
        "110105198503120012"
    );
    rig.sim.set_fault(None);
    assert!(reader.read_card().is_ok());
}

#[test]
fn silent_reader_times_out_within_the_bound() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    rig.sim.set_fault(Some(Fault::Silent));
    let t = Instant::now();
    let err = reader.find_card().unwrap_err();
    let took = t.elapsed();
    assert!(
        matches!(
            err,
            IdCardError::Timeout {
                op: "find_card",
                ms: 300
            }
        ),
        "{err:?}"
    );
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_millis(1500),
        "{took:?}"
    );
    rig.sim.set_fault(None);
    assert!(
        !reader.find_card().unwrap(),
        "recovers once the reader speaks again"
    );
}

#[test]
fn reader_refusals_map_to_codes() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    for (status, code) in [
        (SamStatus::NotAuthorised, "idcard.sam.not_authorised"),
        (SamStatus::SelfTestFailed, "idcard.sam.self_test_failed"),
        (SamStatus::AuthFailed(0x31), "idcard.sam.auth_failed"),
        (SamStatus::WrongCard, "idcard.sam.wrong_card"),
    ] {
        rig.sim.set_fault(Some(Fault::Status(status)));
        assert_eq!(reader.sam_status().unwrap_err().code(), code);
    }
    rig.sim.set_fault(Some(Fault::ReadFails));
    rig.sim.insert_gallery("minor").unwrap();
    assert_eq!(
        reader.read_card().unwrap_err().code(),
        "idcard.sam.read_failed"
    );
    assert!(rig.sim.has_card());
}

#[test]
fn unplugging_breaks_the_port_and_replugging_allows_reopening() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    reader.sam_status().unwrap();
    rig.sim.unplug();
    let err = reader.sam_status().unwrap_err();
    assert!(err.is_link_lost(), "{err:?}");
    drop(reader);
    let path = rig.sim.path().to_str().unwrap().to_owned();
    assert_eq!(
        SamReader::open(&path, quick()).unwrap_err().code(),
        "idcard.port.open"
    );
    rig.sim.replug().unwrap();
    let mut reader = SamReader::open(&path, quick()).unwrap();
    reader.sam_status().unwrap();
}

#[test]
fn unknown_commands_are_refused_by_the_reader() {
    let rig = rig();
    let mut reader = open(&rig, quick());
    let r = reader
        .transact(
            ow_idcard::sam::Command::new(0x99, 0x00),
            Duration::from_millis(300),
        )
        .unwrap();
    assert_eq!(r.status, SamStatus::RequestCommand);
    assert!(rig.sim.stats().requests >= 1);
}
