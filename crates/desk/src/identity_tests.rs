use super::*;
use crate::Desk;
use ow_case::PersonRole;
use ow_config::Config;
use std::sync::mpsc;
use std::time::Duration;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn code<E: ErrorCode>(e: &E) -> &'static str {
    e.code()
}

#[test]
fn reader_settings_are_understood_and_nonsense_is_refused_with_the_value() {
    use CardReaderSetting::*;
    assert_eq!(CardReaderSetting::parse("sim").unwrap(), Simulator);
    assert_eq!(CardReaderSetting::parse("none").unwrap(), Absent);
    assert!(CardReaderSetting::parse("pcsc").is_err());
    assert_eq!(
        CardReaderSetting::parse("sam:/dev/ttyUSB0").unwrap(),
        Serial("/dev/ttyUSB0".into())
    );
    assert_eq!(
        CardReaderSetting::parse("/dev/ttyUSB1").unwrap(),
        Serial("/dev/ttyUSB1".into())
    );
    assert_eq!(
        CardReaderSetting::parse("COM3").unwrap(),
        Serial("COM3".into())
    );
    for bad in ["", "usb", "sam:", "/"] {
        let e = CardReaderSetting::parse(bad).unwrap_err();
        assert_eq!(code(&e), "identity.unknown_reader", "{bad:?}");
        assert_eq!(e.details().unwrap()["value"], bad);
    }
}

#[test]
fn gallery_cards_get_the_verdicts_the_gallery_promises() {
    let today = day("2026-06-01");
    for entry in ow_idcard::gallery::entries().unwrap() {
        let (doc, verdict) = from_sam(&entry.document, today, Utc::now());
        assert_eq!(verdict.code, entry.expected_verdict, "{}", entry.key);
        assert_eq!(doc.verdict, entry.expected_verdict);
        assert_eq!(doc.number, entry.document.number);
    }
    let expired = ow_idcard::gallery::card("expired").unwrap();
    let (doc, v) = from_sam(&expired, today, Utc::now());
    assert_eq!(v.status, "expired");
    assert_eq!(v.findings, vec!["expired".to_owned()]);
    assert!(doc.valid_until.unwrap() < today);
    let adult = ow_idcard::gallery::card("valid_adult").unwrap();
    let (doc, _) = from_sam(&adult, today, Utc::now());
    assert_eq!(doc.kind, "resident_id");
    assert!(doc.nation.is_some(), "resident IDs carry 民族");
    assert!(doc.address.is_some() && doc.issuing_authority.is_some());
}

fn read_ok(key: &str) -> ReaderEvent {
    let doc = ow_idcard::gallery::card(key).unwrap();
    sam_event(
        ow_idcard::sam::CardEvent::CardRead(Box::new(Ok(doc))),
        day("2026-06-01"),
        Utc::now(),
    )
}

#[test]
fn the_hub_follows_the_reader_and_keeps_only_the_latest_read() {
    let hub = IdentityHub::default();
    let states = |u: Vec<HubUpdate>| -> Vec<DeviceState> {
        u.into_iter()
            .filter_map(|u| match u {
                HubUpdate::State(_, s) => Some(s),
                HubUpdate::Read(_) => None,
            })
            .collect()
    };
    assert_eq!(
        states(hub.on_event(ReaderEvent::Connected)),
        [DeviceState::Ready]
    );
    assert_eq!(
        states(hub.on_event(ReaderEvent::CardInserted)),
        [DeviceState::Reading]
    );
    assert!(hub.card_present());
    let updates = hub.on_event(read_ok("valid_adult"));
    assert_eq!(updates.len(), 2, "state, then the read");
    let HubUpdate::Read(first) = &updates[1] else {
        panic!("{updates:?}")
    };
    assert_eq!(hub.state(), DeviceState::CardPresent);
    assert_eq!(first.source, IdentitySource::SamReader);
    assert!(first.photo_needs_decoder, "a SAM photo is WLT");
    let (doc, source) = hub.document(first.read_id).unwrap();
    assert_eq!(source, IdentitySource::SamReader);
    assert_eq!(doc.verdict, "idcard.verdict.valid");

    // A failed read: the bar says why, the panel gets "unreadable" and what to do.
    let updates = hub.on_event(ReaderEvent::Read(Box::new(Err(ReadFailure {
        code: "idcard.timeout",
    }))));
    let HubUpdate::Read(failed) = &updates[1] else {
        panic!("{updates:?}")
    };
    assert_eq!(
        hub.state(),
        DeviceState::Error {
            code: "idcard.timeout".into()
        }
    );
    assert_eq!(failed.verdict.status, "unreadable");
    assert_eq!(failed.verdict.cause.as_deref(), Some("idcard.timeout"));
    let e = hub.document(failed.read_id).unwrap_err();
    assert_eq!(code(&e), "identity.unreadable");
    let e = hub.document(first.read_id).unwrap_err();
    assert_eq!(
        code(&e),
        "identity.read_gone",
        "an older read is not applied"
    );

    assert_eq!(
        states(hub.on_event(ReaderEvent::CardRemoved)),
        [DeviceState::Ready]
    );
    let gone = hub.on_event(ReaderEvent::Disconnected {
        code: "idcard.port.open".into(),
    });
    assert_eq!(
        states(gone),
        [DeviceState::Unplugged {
            code: "idcard.port.open".into()
        }]
    );
    assert!(states(hub.on_event(ReaderEvent::Disconnected {
        code: "idcard.port.open".into()
    }))
    .is_empty());
}

#[test]
fn a_read_prints_no_personal_data_in_debug() {
    let hub = IdentityHub::default();
    let updates = hub.on_event(read_ok("valid_adult"));
    let text = format!("{updates:?}");
    let doc = ow_idcard::gallery::card("valid_adult").unwrap();
    assert!(!text.contains(doc.name.expose()), "{text}");
    assert!(!text.contains(doc.number.expose()), "{text}");
    let addr = doc.address.unwrap();
    assert!(!text.contains(addr.expose()), "{text}");
}

fn wait_read(rx: &mpsc::Receiver<HubUpdate>) -> IdentityRead {
    let end = std::time::Instant::now() + Duration::from_secs(10);
    while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(HubUpdate::Read(r)) => return *r,
            Ok(HubUpdate::State(..)) => continue,
            Err(e) => panic!("no read: {e}"),
        }
    }
    panic!("no read within 10 s")
}

fn wait_state(desk: &Desk, want: &DeviceState) {
    wait_state_where(desk, 10, |s| s == want);
}

/// Waits up to `secs` for the card reader's state to satisfy `ok`.
fn wait_state_where(desk: &Desk, secs: u64, ok: impl Fn(&DeviceState) -> bool) {
    let end = std::time::Instant::now() + Duration::from_secs(secs);
    while !ok(&desk.identity().state()) {
        assert!(
            std::time::Instant::now() < end,
            "not reached: {:?}",
            desk.identity().state()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The whole sandbox path: simulator on a pty, the SAM driver and monitor talking GA/T 467
/// frames to it, the hub, and the case in the store.
#[test]
fn in_the_sandbox_a_presented_card_is_read_and_put_on_the_case_as_read_by_the_sam_reader() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let (tx, rx) = mpsc::channel();
    desk.start_card_reader(move |u| {
        let _ = tx.send(u);
    })
    .unwrap();
    wait_state(&desk, &DeviceState::Ready);
    assert_eq!(desk.initial_status().devices[0].state, DeviceState::Ready);

    let case = desk.create_case(None).unwrap();
    desk.present_card("valid_adult").unwrap();
    let read = wait_read(&rx);
    assert_eq!(read.verdict.status, "valid");
    wait_state(&desk, &DeviceState::CardPresent);
    let draft = desk
        .apply_identity(case.id, read.read_id, PersonRole::Applicant)
        .unwrap();
    assert_eq!(draft.applicant.source, IdentitySource::SamReader);

    // The card that lay on the reader is offered for the checklist's ID-card line, and counts
    // only once the clerk confirms it (人证一致 is theirs).
    let spouse = crate::test_support::spouse_case(&desk);
    desk.apply_identity(spouse, read.read_id, PersonRole::Applicant)
        .unwrap();
    let offered = |desk: &Desk| -> Vec<String> {
        let options = desk.case_view(spouse).unwrap().options.unwrap();
        options
            .lines
            .into_iter()
            .filter(|l| l.read_offer)
            .map(|l| l.id)
            .collect()
    };
    let lines = offered(&desk);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let options = desk.case_view(spouse).unwrap().options.unwrap();
    assert!(options.notice_lines.contains(&lines[0]), "not counted yet");
    desk.mark_line(spouse, lines[0].clone(), ow_case::LineMark::Received)
        .unwrap();
    assert!(offered(&desk).is_empty());
    let options = desk.case_view(spouse).unwrap().options.unwrap();
    assert!(!options.notice_lines.contains(&lines[0]));

    // Presenting another card swaps it: the reader sees the first go and reads the second.
    desk.present_card("expired").unwrap();
    let second = wait_read(&rx);
    assert!(second.read_id > read.read_id);
    assert_eq!(second.verdict.status, "expired");
    desk.apply_identity(case.id, second.read_id, PersonRole::Agent)
        .unwrap();

    let saved = desk.case(case.id).unwrap();
    let expected = ow_idcard::gallery::card("valid_adult").unwrap();
    assert_eq!(saved.applicant.name.as_ref(), Some(&expected.name));
    let agent = saved.agent.unwrap();
    assert_eq!(agent.source, IdentitySource::SamReader);
    assert_eq!(agent.document.unwrap().verdict, "idcard.verdict.expired");

    desk.remove_card().unwrap();
    wait_state(&desk, &DeviceState::Ready);
    let e = desk.present_card("nobody").unwrap_err();
    assert_eq!(code(&e), "idcard.gallery.unknown_key");
    desk.stop_card_reader();
    let e = desk.present_card("valid_adult").unwrap_err();
    assert_eq!(code(&e), "identity.not_running");
}

#[test]
fn card_simulation_is_refused_outside_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        mode: ow_config::Mode::Production,
        ..Config::default()
    };
    let desk = Desk::open(config, dir.path(), None).unwrap();
    let e = desk.present_card("valid_adult").unwrap_err();
    assert_eq!(code(&e), "identity.not_sandbox");
}

#[test]
fn a_serial_port_that_does_not_exist_shows_as_unplugged_not_as_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.devices.card_reader = dir.path().join("ttyUSB9").display().to_string();
    let desk = Desk::open(config, dir.path(), None).unwrap();
    desk.start_card_reader(|_| {}).unwrap();
    wait_state_where(&desk, 5, |s| matches!(s, DeviceState::Unplugged { .. }));
}

#[test]
fn a_bad_reader_setting_is_shown_in_the_bar_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.devices.card_reader = "usb-thing".into();
    let desk = Desk::open(config, dir.path(), None).unwrap();
    let e = desk.start_card_reader(|_| {}).unwrap_err();
    assert_eq!(code(&e), "identity.unknown_reader");
    assert_eq!(
        desk.identity().state(),
        DeviceState::Error {
            code: "identity.unknown_reader".into()
        }
    );
}

/// A real SAM reader is pulled out and plugged back in while the app runs: the bar shows it
/// unplugged (no crash, no endless errors), then ready again, and the card on it is read.
#[cfg(unix)]
#[test]
fn a_sam_reader_unplugged_and_plugged_back_is_followed_and_reads_again() {
    use ow_idcard::sam::sim::VirtualSamReader;
    let dir = tempfile::tempdir().unwrap();
    let sim = VirtualSamReader::start(dir.path().join("ttySAM0")).unwrap();
    let mut config = Config::default();
    config.devices.card_reader = sim.path().display().to_string();
    let desk = Desk::open(config, dir.path(), None).unwrap();
    let (tx, rx) = mpsc::channel();
    desk.start_card_reader(move |u| {
        let _ = tx.send(u);
    })
    .unwrap();
    wait_state(&desk, &DeviceState::Ready);

    sim.unplug();
    wait_state_where(&desk, 10, |s| matches!(s, DeviceState::Unplugged { .. }));

    sim.replug().unwrap();
    wait_state(&desk, &DeviceState::Ready);
    sim.insert_gallery("valid_adult").unwrap();
    let read = wait_read(&rx);
    assert_eq!(read.verdict.code, "idcard.verdict.valid");
    assert_eq!(read.document.unwrap().number.expose(), "110105198503120012");
}
