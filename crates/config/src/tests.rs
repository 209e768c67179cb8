// figment::Jail fixes its closure's error type (figment::Error); it is not ours to shrink.
#![allow(clippy::result_large_err)]

use super::*;
use figment::providers::Env;
use ow_error::ErrorCode;
use std::io::Write;

fn no_env() -> Env {
    Env::prefixed("OW_TEST_UNUSED_PREFIX_")
}

fn file_with(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

#[test]
fn defaults_are_a_working_sandbox() {
    let cfg = load_from(std::path::Path::new("/nonexistent/ow.toml"), no_env()).unwrap();
    assert_eq!(cfg.mode, Mode::Sandbox);
    assert_eq!(cfg.locale, "zh-CN");
    assert!(cfg.backoffice.is_embedded());
    assert_eq!(cfg.devices.card_reader, "sim");
    assert_eq!(cfg.devices.chip_reader, "sim");
}

#[test]
fn machine_file_overrides_defaults_and_keeps_the_rest() {
    let f = file_with("[window]\nnumber = \"12\"\nworkstation_id = \"DL-W12\"\n");
    let cfg = load_from(f.path(), no_env()).unwrap();
    assert_eq!(cfg.window.number, "12");
    assert_eq!(cfg.hall.name, Config::default().hall.name);
}

#[test]
fn environment_overrides_the_machine_file() {
    let f = file_with("[window]\nnumber = \"12\"\nworkstation_id = \"DL-W12\"\n");
    figment::Jail::expect_with(|jail| {
        jail.set_env("OWT_WINDOW__NUMBER", "15");
        let cfg = load_from(f.path(), Env::prefixed("OWT_").split("__")).unwrap();
        assert_eq!(cfg.window.number, "15");
        assert_eq!(cfg.window.workstation_id, "DL-W12");
        Ok(())
    });
}

#[test]
fn production_with_sandbox_settings_is_refused_naming_each_key() {
    let f =
        file_with("mode = \"production\"\n[devices]\nprinter = \"ipp://10.0.0.5/printers/w08\"\n");
    let err = load_from(f.path(), no_env()).unwrap_err();
    assert_eq!(err.code(), "config.production_with_sandbox_settings");
    let msg = err.to_string();
    for key in [
        "backoffice.url",
        "backoffice.workstation_secret",
        "devices.card_reader",
        "devices.chip_reader",
        "devices.scanner",
        "hall.code",
    ] {
        assert!(msg.contains(key), "{msg} should name {key}");
    }
    assert!(
        !msg.contains("devices.printer"),
        "a real printer is fine: {msg}"
    );
}

#[test]
fn a_complete_production_config_is_accepted() {
    let f = file_with(
        "mode = \"production\"\n\
         [hall]\ncode = \"441900-DL\"\nname = \"大朗镇政务服务中心\"\n\
         [backoffice]\nurl = \"https://bo.example.gov.cn\"\nworkstation_secret = \"provisioned-by-the-hall-0001\"\n\
         [devices]\ncard_reader = \"sam:/dev/ttyUSB0\"\nchip_reader = \"pcsc\"\nscanner = \"sane:fujitsu\"\nprinter = \"ipp://10.0.0.5/ipp/print\"\n",
    );
    let cfg = load_from(f.path(), no_env()).unwrap();
    assert_eq!(cfg.mode, Mode::Production);
    assert_eq!(cfg.devices.chip_reader, "pcsc");
}

#[test]
fn sandbox_pointing_at_a_real_back_office_is_refused() {
    let f = file_with("[backoffice]\nurl = \"https://bo.example.gov.cn\"\n");
    let err = load_from(f.path(), no_env()).unwrap_err();
    assert_eq!(err.code(), "config.sandbox_reaches_out");
    assert!(err.to_string().contains("backoffice.url"));
}

#[test]
fn sandbox_may_use_a_loopback_back_office_and_printer() {
    let f = file_with(
        "[backoffice]\nurl = \"http://127.0.0.1:9000\"\n[devices]\nprinter = \"ipp://localhost:8631/ipp/print\"\n",
    );
    assert!(load_from(f.path(), no_env()).is_ok());
}

#[test]
fn a_broken_file_names_itself() {
    let f = file_with("mode = \"production\n");
    let err = load_from(f.path(), no_env()).unwrap_err();
    assert_eq!(err.code(), "config.invalid");
    assert!(err.to_string().contains(&f.path().display().to_string()));
}

#[test]
fn unknown_mode_and_locale_are_refused() {
    let f = file_with("mode = \"demo\"\n");
    assert_eq!(
        load_from(f.path(), no_env()).unwrap_err().code(),
        "config.invalid"
    );
    let f = file_with("locale = \"fr\"\n");
    assert_eq!(
        load_from(f.path(), no_env()).unwrap_err().code(),
        "config.bad_value"
    );
}

#[test]
fn environment_values_stay_text_so_leading_zeros_survive() {
    figment::Jail::expect_with(|jail| {
        jail.set_env("OWZ_WINDOW__NUMBER", "08");
        jail.set_env("OWZ_LOGGING__KEEP_DAYS", "14");
        jail.set_env("OWZ_RETENTION__DAYS", "90");
        let cfg = load_from(
            std::path::Path::new("/nonexistent"),
            Env::prefixed("OWZ_").split("__"),
        )
        .unwrap();
        assert_eq!(cfg.window.number, "08");
        assert_eq!(cfg.logging.keep_days, 14);
        assert_eq!(cfg.retention.days, 90);
        Ok(())
    });
}

#[test]
fn the_closing_time_cut_off_is_configurable() {
    let f = file_with("[deadlines]\ncut_off = \"16:30\"\n");
    let cfg = load_from(f.path(), no_env()).unwrap();
    assert_eq!(
        cfg.deadlines.cut_off,
        chrono::NaiveTime::from_hms_opt(16, 30, 0).unwrap()
    );
    assert_eq!(
        Config::default().deadlines.cut_off,
        chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap()
    );
}

#[test]
fn materials_thresholds_come_from_the_file_and_the_environment() {
    let f = file_with("[materials]\nmin_dpi = 200.0\nscan_color = false\n");
    figment::Jail::expect_with(|jail| {
        jail.set_env("OWM_MATERIALS__MAX_SKEW_DEG", "5.5");
        jail.set_env("OWM_MATERIALS__SCAN_DPI", "200");
        let cfg = load_from(f.path(), Env::prefixed("OWM_").split("__")).unwrap();
        assert_eq!(cfg.materials.min_dpi, 200.0);
        assert!(!cfg.materials.scan_color);
        assert_eq!(cfg.materials.max_skew_deg, 5.5);
        assert_eq!(cfg.materials.scan_dpi, 200);
        assert_eq!(
            cfg.materials.blur_min_sharpness, 0.35,
            "the rest keep their defaults"
        );
        Ok(())
    });
    let bad = file_with("[materials]\nscan_dpi = \"lots\"\n");
    let err = load_from(bad.path(), no_env()).unwrap_err();
    assert_eq!(err.code(), "config.invalid");
}

#[test]
fn a_retention_of_zero_days_is_refused() {
    let f = file_with("[retention]\ndays = 0\n");
    let err = load_from(f.path(), no_env()).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "config.bad_value");
    assert!(err.to_string().contains("retention.days"), "{err}");
}

#[test]
fn the_installer_example_loads_as_a_valid_production_configuration() {
    // The folder `cargo test` names at run time: a test binary reused from a build in another
    // checkout holds that checkout's compile-time path, and a missing file loads as defaults.
    let example = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
        .join("../../installer/config.example.toml");
    assert!(example.exists(), "{}", example.display());
    let cfg = load_from(&example, no_env()).unwrap();
    assert_eq!(cfg.mode, Mode::Production);
    assert_eq!(cfg.devices.chip_reader, "pcsc");
    assert_eq!(cfg.retention.days, 30);
    assert_eq!(cfg.catalog.refresh_minutes, 10);
    assert_eq!(cfg.identity.csca_dir, None);
}

#[test]
fn gpu_compositing_is_off_unless_asked_for() {
    let none = std::path::Path::new("/nonexistent/ow.toml");
    assert!(!load_from(none, no_env()).unwrap().display.gpu_compositing);
    let f = file_with("[display]\ngpu_compositing = true\n");
    assert!(
        load_from(f.path(), no_env())
            .unwrap()
            .display
            .gpu_compositing
    );
    figment::Jail::expect_with(|jail| {
        jail.set_env("OWT_DISPLAY__GPU_COMPOSITING", "true");
        let cfg = load_from(none, Env::prefixed("OWT_").split("__")).unwrap();
        assert!(cfg.display.gpu_compositing);
        Ok(())
    });
}

#[test]
fn production_refuses_a_clerk_named_in_the_machine_file() {
    let f = file_with(
        "mode = \"production\"\n\
         [hall]\ncode = \"441900-DL\"\nname = \"大朗镇政务服务中心\"\n\
         [clerk]\nid = \"1024\"\nname = \"张三\"\n\
         [backoffice]\nurl = \"https://bo.example.gov.cn\"\nworkstation_secret = \"provisioned-by-the-hall-0001\"\n\
         [devices]\ncard_reader = \"sam:/dev/ttyUSB0\"\nchip_reader = \"pcsc\"\nscanner = \"sane:fujitsu\"\nprinter = \"ipp://10.0.0.5/ipp/print\"\n",
    );
    let err = load_from(f.path(), no_env()).unwrap_err();
    assert_eq!(err.code(), "config.production_with_sandbox_settings");
    assert!(err.to_string().contains("clerk.id"), "{err}");
    // A sandbox ignores it: people sign in there too.
    let f = file_with("[clerk]\nid = \"1024\"\nname = \"张三\"\n");
    assert!(load_from(f.path(), no_env()).is_ok());
}

#[test]
fn sign_in_settings_default_and_can_be_set() {
    let cfg = load_from(std::path::Path::new("/nonexistent/ow.toml"), no_env()).unwrap();
    assert_eq!(cfg.auth.offline_days, 7);
    assert_eq!(cfg.auth.idle_lock(), std::time::Duration::from_secs(600));
    let f = file_with("[auth]\nidle_lock_minutes = 0\n");
    let err = load_from(f.path(), no_env()).unwrap_err();
    assert_eq!(err.code(), "config.bad_value");
    assert!(err.to_string().contains("auth.idle_lock_minutes"), "{err}");
    let f = file_with("[auth]\nidle_lock_seconds = 5\noffline_days = 3\n");
    let cfg = load_from(f.path(), no_env()).unwrap();
    assert_eq!(cfg.auth.idle_lock(), std::time::Duration::from_secs(5));
    assert_eq!(cfg.auth.offline_days, 3);
}

#[test]
fn the_citizen_screen_is_off_unless_asked_for() {
    let none = std::path::Path::new("/nonexistent/ow.toml");
    assert!(!load_from(none, no_env()).unwrap().display.citizen_screen);
    figment::Jail::expect_with(|jail| {
        jail.set_env("OWT_DISPLAY__CITIZEN_SCREEN", "true");
        let cfg = load_from(none, Env::prefixed("OWT_").split("__")).unwrap();
        assert!(cfg.display.citizen_screen);
        Ok(())
    });
}

#[test]
fn the_rating_page_is_an_http_page_when_given() {
    let none = std::path::Path::new("/nonexistent/ow.toml");
    assert_eq!(load_from(none, no_env()).unwrap().papers.rating_url, None);
    let f = file_with("[papers]\nrating_url = \"https://zwfw.example.gov.cn/rate\"\n");
    let cfg = load_from(f.path(), no_env()).unwrap();
    assert_eq!(
        cfg.papers.rating_url.as_deref(),
        Some("https://zwfw.example.gov.cn/rate")
    );
    let f = file_with("[papers]\nrating_url = \"javascript:alert(1)\"\n");
    let err = load_from(f.path(), no_env()).unwrap_err();
    assert!(err.to_string().contains("papers.rating_url"), "{err}");
}
