//! Scans from SANE's `test` backend through libsane, enabled by a private SANE_CONFIG_DIR.
//! Most tests share one helper process; the ones that stop or kill it have their own.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::OnceLock;

use ow_error::ErrorCode;
use ow_scanner::{
    write_test_device_config, BackendOption, CancelToken, ColorMode, OptionValue, PageOrigin,
    PaperSource, SaneConfig, SaneScanner, ScanArea, ScanError, ScanSettings, Scanner,
};

fn scanner() -> SaneScanner {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static SCANNER: OnceLock<SaneScanner> = OnceLock::new();
    SCANNER
        .get_or_init(|| {
            let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
            write_test_device_config(dir.path(), 4).unwrap();
            SaneScanner::open(&SaneConfig {
                config_dir: Some(dir.path().to_path_buf()),
                ..SaneConfig::default()
            })
            .unwrap()
        })
        .clone()
}

fn picture(name: &str) -> BackendOption {
    BackendOption {
        name: "test-picture".into(),
        value: OptionValue::Text(name.into()),
    }
}

fn small(mode: ColorMode) -> ScanSettings {
    ScanSettings {
        resolution_dpi: 75,
        mode,
        area: Some(ScanArea {
            left_mm: 0.0,
            top_mm: 0.0,
            width_mm: 50.0,
            height_mm: 40.0,
        }),
        backend_options: vec![picture("Color pattern")],
        ..ScanSettings::default()
    }
}

#[test]
fn lists_the_test_devices() {
    let devs = scanner().devices().unwrap();
    let ids: Vec<_> = devs.iter().map(|d| d.id.as_str()).collect();
    assert!(ids.contains(&"test:0"), "{ids:?}");
    assert!(ids.contains(&"test:1"), "{ids:?}");
}

#[test]
fn capabilities_of_the_test_device() {
    let caps = scanner().capabilities("test:0").unwrap();
    assert!(caps.sources.contains(&PaperSource::Flatbed));
    assert!(caps.sources.contains(&PaperSource::Feeder));
    assert!(caps.modes.contains(&ColorMode::Color));
    assert!(caps.modes.contains(&ColorMode::Gray));
    assert!(caps.resolutions_dpi.contains(&300));
    let area = caps.max_area.unwrap();
    assert!(area.height_mm >= 297.0, "{area:?}");
}

#[test]
fn single_flatbed_page_in_colour_at_300_dpi() {
    let s = ScanSettings {
        resolution_dpi: 300,
        mode: ColorMode::Color,
        backend_options: vec![picture("Color pattern")],
        ..ScanSettings::default()
    };
    let pages = scanner()
        .scan_all("test:0", &s, &CancelToken::new())
        .unwrap();
    assert_eq!(pages.len(), 1);
    let p = &pages[0];
    assert_eq!(p.dpi, Some(300.0));
    assert_eq!(p.origin, PageOrigin::Flatbed);
    assert!(p.image.as_rgb8().is_some());
    // A4 at 300 dpi: 210 mm = 2480 px; the backend rounds 297 mm to 3507 lines.
    assert_eq!(p.image.width(), 2480);
    assert!(
        (3507..=3508).contains(&p.image.height()),
        "{}",
        p.image.height()
    );
}

#[test]
fn gray_and_lineart_pages() {
    let s = scanner();
    let gray = s
        .scan_all("test:0", &small(ColorMode::Gray), &CancelToken::new())
        .unwrap();
    assert!(gray[0].image.as_luma8().is_some());
    // 50 mm at 75 dpi = 147.6 px; the backend truncates.
    assert!((147..=148).contains(&gray[0].image.width()));
    let line = s
        .scan_all("test:0", &small(ColorMode::Lineart), &CancelToken::new())
        .unwrap();
    let px = line[0].image.as_luma8().unwrap();
    assert!(px.pixels().all(|p| p.0[0] == 0 || p.0[0] == 255));
}

#[test]
fn feeder_gives_every_sheet_then_stops() {
    let s = ScanSettings {
        source: PaperSource::Feeder,
        ..small(ColorMode::Gray)
    };
    let mut seen = 0;
    let n = scanner()
        .scan("test:1", &s, &CancelToken::new(), &mut |p| {
            assert_eq!(p.origin, PageOrigin::Feeder);
            seen += 1;
        })
        .unwrap();
    // The test backend's feeder holds 10 sheets.
    assert_eq!(n, 10);
    assert_eq!(seen, 10);
    // A limit stops the batch early.
    let limited = ScanSettings {
        max_pages: Some(3),
        ..s
    };
    let pages = scanner()
        .scan_all("test:1", &limited, &CancelToken::new())
        .unwrap();
    assert_eq!(pages.len(), 3);
}

#[test]
fn three_pass_colour_is_assembled() {
    // test:1: three-pass stays on for later colour scans of the device.
    let mut s = small(ColorMode::Color);
    s.backend_options.push(BackendOption {
        name: "three-pass".into(),
        value: OptionValue::Bool(true),
    });
    let pages = scanner()
        .scan_all("test:1", &s, &CancelToken::new())
        .unwrap();
    assert!(pages[0].image.as_rgb8().is_some());
}

/// On test:2: the status stays selected on the device.
fn read_status(status: &str) -> ScanError {
    let mut s = small(ColorMode::Gray);
    s.backend_options.push(BackendOption {
        name: "read-return-value".into(),
        value: OptionValue::Text(status.into()),
    });
    scanner()
        .scan_all("test:2", &s, &CancelToken::new())
        .unwrap_err()
}

#[test]
fn read_errors_are_reported_with_their_codes() {
    assert_eq!(
        read_status("SANE_STATUS_JAMMED").code(),
        "scanner.sane.jammed"
    );
    assert_eq!(
        read_status("SANE_STATUS_NO_DOCS").code(),
        "scanner.sane.no_docs"
    );
    assert_eq!(
        read_status("SANE_STATUS_COVER_OPEN").code(),
        "scanner.sane.cover_open"
    );
    assert_eq!(
        read_status("SANE_STATUS_IO_ERROR").code(),
        "scanner.sane.io"
    );
    // EOF before any data: an empty page, never returned as if it were one.
    assert_eq!(
        read_status("SANE_STATUS_EOF").code(),
        "scanner.sane.bad_frame"
    );
}

#[test]
fn unknown_device_and_option() {
    let s = scanner();
    let err = s
        .scan_all("nosuch:0", &ScanSettings::default(), &CancelToken::new())
        .unwrap_err();
    assert_eq!(err.code(), "scanner.sane.no_device");
    let mut bad = small(ColorMode::Gray);
    bad.backend_options.push(BackendOption {
        name: "no-such-option".into(),
        value: OptionValue::Bool(true),
    });
    let err = s.scan_all("test:0", &bad, &CancelToken::new()).unwrap_err();
    assert_eq!(err.code(), "scanner.unsupported");
}

/// For test:3 only: the slowness stays selected on the device.
fn slow(timeout_ms: u64) -> ScanSettings {
    let mut s = small(ColorMode::Gray);
    s.page_timeout_ms = timeout_ms;
    // 1 KiB per read, 0.2 s after each: this page would take minutes.
    s.backend_options.extend([
        BackendOption {
            name: "read-limit".into(),
            value: OptionValue::Bool(true),
        },
        BackendOption {
            name: "read-limit-size".into(),
            value: OptionValue::Int(1024),
        },
        BackendOption {
            name: "read-delay".into(),
            value: OptionValue::Bool(true),
        },
        BackendOption {
            name: "read-delay-duration".into(),
            value: OptionValue::Int(200_000),
        },
    ]);
    s
}

#[test]
fn a_slow_page_times_out() {
    let started = std::time::Instant::now();
    let err = scanner()
        .scan_all("test:3", &slow(1_000), &CancelToken::new())
        .unwrap_err();
    assert_eq!(err.code(), "scanner.timeout");
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn a_scan_can_be_cancelled() {
    let cancel = CancelToken::new();
    let c2 = cancel.clone();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(500));
        c2.cancel();
    });
    let err = scanner()
        .scan_all("test:3", &slow(60_000), &cancel)
        .unwrap_err();
    t.join().unwrap();
    assert_eq!(err.code(), "scanner.cancelled");
}

/// Parse the binary PNM scanimage writes (P5 grey, P6 colour).
fn parse_pnm(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        if bytes[i] == b'#' {
            while bytes[i] != b'\n' {
                i += 1;
            }
        } else if bytes[i].is_ascii_whitespace() {
            i += 1;
        } else {
            let start = i;
            while !bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
        }
    }
    (
        fields[1].parse().unwrap(),
        fields[2].parse().unwrap(),
        bytes[i + 1..].to_vec(),
    )
}

/// Runs `cmd` with a bounded wait: `None` when it is not installed, else its stdout. A run
/// that does not finish in time is killed (and reaped) and fails the test with that reason,
/// instead of hanging the whole suite as it once did.
fn output_within(mut cmd: std::process::Command, limit: std::time::Duration) -> Option<Vec<u8>> {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = match cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => return None,
    };
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        stdout.read_to_end(&mut buf).map(|_| buf)
    });
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("scanimage did not finish within {limit:?}: killed");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(status.success(), "scanimage failed: {err}");
    Some(reader.join().unwrap().unwrap())
}

/// The same scan through scanimage, an independent SANE frontend, gives the same pixels.
/// scanimage once blocked forever here; it now runs under a bounded wait (60 s), so a hang
/// fails this test with a reason instead of stalling the suite.
#[test]
fn pixels_match_scanimage() {
    let s = scanner();
    let ours = s
        .scan_all("test:0", &small(ColorMode::Color), &CancelToken::new())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_test_device_config(dir.path(), 4).unwrap();
    let mut cmd = std::process::Command::new("scanimage");
    cmd.env("SANE_CONFIG_DIR", dir.path())
        .args([
            "-d",
            "test:0",
            "--mode",
            "Color",
            "--depth",
            "8",
            "--resolution",
            "75",
        ])
        .args(["-l", "0", "-t", "0", "-x", "50", "-y", "40"])
        .args(["--test-picture", "Color pattern", "--format=pnm"]);
    let Some(stdout) = output_within(cmd, std::time::Duration::from_secs(60)) else {
        eprintln!("scanimage not installed: comparison skipped");
        return;
    };
    let (w, h, data) = parse_pnm(&stdout);
    let img = ours[0].image.as_rgb8().unwrap();
    assert_eq!((img.width(), img.height()), (w, h));
    assert_eq!(img.as_raw(), &data);
}

/// Scan → checks, end to end: the test device's white page is blank.
#[test]
fn a_scanned_white_page_is_blank() {
    use ow_scanner::checks::{check_page, CheckConfig, FindingCode};
    let s = ScanSettings {
        resolution_dpi: 150,
        mode: ColorMode::Gray,
        backend_options: vec![picture("Solid white")],
        ..ScanSettings::default()
    };
    let pages = scanner()
        .scan_all("test:0", &s, &CancelToken::new())
        .unwrap();
    let report = check_page(&pages[0], 0, &CheckConfig::default());
    let codes: Vec<_> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec![FindingCode::Blank]);
}

/// A scanner with its own helper process (the tests below stop and kill it).
fn own_scanner(dir: &tempfile::TempDir) -> SaneScanner {
    write_test_device_config(dir.path(), 4).unwrap();
    SaneScanner::open(&SaneConfig {
        config_dir: Some(dir.path().to_path_buf()),
        grace: std::time::Duration::from_secs(1),
        ..SaneConfig::default()
    })
    .unwrap()
}

fn signal(pid: u32, sig: &str) {
    let ok = std::process::Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig} {pid}");
}

/// Starts a slow scan on test:3 and sends `sig` to the helper once it is under way.
fn scan_while_signalled(s: &SaneScanner, sig: &'static str, timeout_ms: u64) -> ScanError {
    let pid = s.helper_pid().unwrap();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(400));
        signal(pid, sig);
    });
    let err = s
        .scan_all("test:3", &slow(timeout_ms), &CancelToken::new())
        .unwrap_err();
    t.join().unwrap();
    err
}

#[test]
fn a_helper_that_stops_answering_is_killed_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let s = own_scanner(&dir);
    let first = s.helper_pid().unwrap();
    // A page over its own deadline: the helper says so itself and stays.
    let err = s
        .scan_all("test:3", &slow(500), &CancelToken::new())
        .unwrap_err();
    assert_eq!(err.code(), "scanner.timeout");
    assert_eq!(s.helper_pid(), Some(first));
    // A helper frozen mid-page (as by a driver stuck inside libsane) answers nothing: after
    // the page's time and the grace it is killed, and the scan fails with a clear code.
    let started = std::time::Instant::now();
    let err = scan_while_signalled(&s, "-STOP", 1_000);
    assert_eq!(err.code(), "scanner.timeout");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    assert_eq!(s.helper_pid(), None, "the stuck helper is gone");
    assert!(zombie_or_gone(first));
    // The next scan starts a new helper and works.
    let pages = s
        .scan_all("test:0", &small(ColorMode::Gray), &CancelToken::new())
        .unwrap();
    assert_eq!(pages.len(), 1);
    let second = s.helper_pid().unwrap();
    assert_ne!(second, first);
}

/// True when `pid` is no longer a running process of ours.
fn zombie_or_gone(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|st| st.split_whitespace().nth(2) == Some("Z"))
        .unwrap_or(true)
}

#[test]
fn a_helper_that_dies_mid_scan_fails_the_scan_and_the_next_scan_works() {
    let dir = tempfile::tempdir().unwrap();
    let s = own_scanner(&dir);
    let first = s.helper_pid().unwrap();
    let err = scan_while_signalled(&s, "-KILL", 60_000);
    assert_eq!(err.code(), "scanner.worker_gone");
    assert_eq!(s.devices().unwrap().len(), 4);
    assert_ne!(s.helper_pid(), Some(first));
}

#[test]
fn a_missing_helper_program_is_a_clear_init_error() {
    let err = SaneScanner::open(&SaneConfig {
        program: Some("/nonexistent/ow-sane-host".into()),
        ..SaneConfig::default()
    })
    .unwrap_err();
    assert_eq!(err.code(), "scanner.sane.init");
    assert!(
        err.to_string().contains("/nonexistent/ow-sane-host"),
        "{err}"
    );
}

#[test]
fn the_helper_ends_when_its_last_client_goes() {
    let dir = tempfile::tempdir().unwrap();
    let s = own_scanner(&dir);
    let pid = s.helper_pid().unwrap();
    let clone = s.clone();
    drop(s);
    assert!(!zombie_or_gone(pid), "a clone still holds it");
    drop(clone);
    assert!(zombie_or_gone(pid), "helper {pid} still runs");
}
