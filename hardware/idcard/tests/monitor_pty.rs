//! Card presence polling against the virtual reader: insert/remove events, failed reads, and
//! recovery when the reader is unplugged, mute, or not there yet.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::panic)] // helpers outside #[test] fns

use ow_error::ErrorCode;
use ow_idcard::sam::sim::{Fault, VirtualSamReader};
use ow_idcard::sam::{CardEvent, CardMonitor, MonitorConfig, ReaderConfig};
use std::path::Path;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

fn config() -> MonitorConfig {
    MonitorConfig {
        poll_interval: Duration::from_millis(30),
        reconnect_interval: Duration::from_millis(50),
        auto_read: true,
        read_attempts: 2,
        reader: ReaderConfig {
            command_timeout: Duration::from_millis(200),
            read_timeout: Duration::from_millis(400),
            with_fingerprint: false,
        },
    }
}

fn monitor(path: &Path, config: MonitorConfig) -> (CardMonitor, Receiver<CardEvent>) {
    let (tx, rx) = channel();
    let m = CardMonitor::start(path.to_str().unwrap(), config, move |e| {
        let _ = tx.send(e);
    })
    .unwrap();
    (m, rx)
}

/// The next event, as a short label (`read:ok`, `read:idcard.sam.read_failed`, …).
fn next(rx: &Receiver<CardEvent>) -> String {
    match rx.recv_timeout(Duration::from_secs(5)) {
        Ok(CardEvent::ReaderConnected) => "connected".into(),
        Ok(CardEvent::ReaderDisconnected { code }) => format!("disconnected:{code}"),
        Ok(CardEvent::CardInserted) => "inserted".into(),
        Ok(CardEvent::CardRead(r)) => match *r {
            Ok(doc) => format!("read:{}", doc.number.expose()),
            Err(e) => format!("read:{}", e.code()),
        },
        Ok(CardEvent::CardRemoved) => "removed".into(),
        Err(_) => "nothing".into(),
    }
}

fn quiet(rx: &Receiver<CardEvent>, d: Duration) {
    if let Ok(e) = rx.recv_timeout(d) {
        panic!("unexpected event {e:?}");
    }
}

#[test]
fn insert_read_remove_unplug_replug() {
    let dir = tempfile::tempdir().unwrap();
    let sim = VirtualSamReader::start(dir.path().join("ttySAM0")).unwrap();
    let (m, rx) = monitor(sim.path(), config());
    assert_eq!(next(&rx), "connected");
    quiet(&rx, Duration::from_millis(150));

    sim.insert_gallery("valid_adult").unwrap();
    assert_eq!(next(&rx), "inserted");
    assert_eq!(next(&rx), "read:110105198503120012");
    quiet(&rx, Duration::from_millis(200)); // still on the reader: no repeat

    sim.remove();
    assert_eq!(next(&rx), "removed");

    sim.insert_gallery("minor").unwrap();
    assert_eq!(next(&rx), "inserted");
    assert_eq!(next(&rx), "read:440306201506010044");
    sim.unplug();
    assert_eq!(next(&rx), "removed");
    assert!(next(&rx).starts_with("disconnected:idcard.port"));
    quiet(&rx, Duration::from_millis(200)); // reported once, not on every retry

    sim.replug().unwrap();
    assert_eq!(next(&rx), "connected");
    assert_eq!(
        next(&rx),
        "inserted",
        "the card is still on the replugged reader"
    );
    assert_eq!(next(&rx), "read:440306201506010044");
    m.stop();
}

#[test]
fn readers_that_keep_finding_a_read_card_do_not_cause_rereads() {
    let dir = tempfile::tempdir().unwrap();
    let sim = VirtualSamReader::start(dir.path().join("ttySAM0")).unwrap();
    sim.set_quiet_after_read(false);
    sim.insert_gallery("elderly").unwrap();
    let (_m, rx) = monitor(sim.path(), config());
    assert_eq!(next(&rx), "connected");
    assert_eq!(next(&rx), "inserted");
    assert_eq!(next(&rx), "read:150102195010010055");
    quiet(&rx, Duration::from_millis(200));
    assert_eq!(sim.stats().reads, 1);
}

#[test]
fn failed_reads_are_retried_then_reported() {
    let dir = tempfile::tempdir().unwrap();
    let sim = VirtualSamReader::start(dir.path().join("ttySAM0")).unwrap();
    let (_m, rx) = monitor(sim.path(), config());
    assert_eq!(next(&rx), "connected");
    sim.set_fault(Some(Fault::ReadFails));
    sim.insert_gallery("expired").unwrap();
    assert_eq!(next(&rx), "inserted");
    assert_eq!(next(&rx), "read:idcard.sam.read_failed");
    assert_eq!(next(&rx), "read:idcard.sam.read_failed");
    quiet(&rx, Duration::from_millis(200)); // read_attempts = 2
    sim.set_fault(Some(Fault::RemoveDuringRead));
    sim.remove();
    assert_eq!(next(&rx), "removed");
    sim.insert_gallery("expired").unwrap();
    assert_eq!(next(&rx), "inserted");
    assert_eq!(next(&rx), "read:idcard.sam.read_failed");
    assert_eq!(next(&rx), "removed", "the card went away during the read");
}

#[test]
fn a_mute_reader_is_disconnected_until_it_speaks() {
    let dir = tempfile::tempdir().unwrap();
    let sim = VirtualSamReader::start(dir.path().join("ttySAM0")).unwrap();
    let (_m, rx) = monitor(sim.path(), config());
    assert_eq!(next(&rx), "connected");
    sim.set_fault(Some(Fault::Silent));
    assert_eq!(next(&rx), "disconnected:idcard.timeout");
    quiet(&rx, Duration::from_millis(500));
    sim.set_fault(None);
    assert_eq!(next(&rx), "connected");
}

#[test]
fn a_reader_plugged_in_late_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("ttySAM0");
    let (_m, rx) = monitor(&link, config());
    assert_eq!(next(&rx), "disconnected:idcard.port.open");
    let sim = VirtualSamReader::start(&link).unwrap();
    assert_eq!(next(&rx), "connected");
    sim.insert_gallery("foreigner_2023").unwrap();
    assert_eq!(next(&rx), "inserted");
    assert_eq!(next(&rx), "read:911124198808080014");
}
