//! Replacing the catalog: all or nothing, remembered across restarts, refusals explained.

use crate::{CatalogSource, Desk};
use ow_config::Config;
use ow_error::ErrorCode;

pub(crate) fn files_with_version(v: &str) -> Vec<(String, String)> {
    ow_catalog::builtin_files()
        .into_iter()
        .map(|(name, text)| {
            let text = if name == "catalog.yaml" {
                text.lines()
                    .map(|l| {
                        if l.starts_with("version:") {
                            format!("version: \"{v}\"")
                        } else {
                            l.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                text.to_owned()
            };
            (name, text)
        })
        .collect()
}

pub(crate) fn broken() -> Vec<(String, String)> {
    let mut files = files_with_version("9.9.9");
    for (name, text) in &mut files {
        if name.ends_with("tkpo.yaml") {
            *text = text.replace("ref: marriage_cert", "ref: no_such_material");
        }
    }
    files
}

#[test]
fn a_new_version_is_installed_and_still_there_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        assert_eq!(desk.catalog_info().source, CatalogSource::BuiltIn);
        let info = desk.install_catalog(files_with_version("2026.12")).unwrap();
        assert_eq!(info.version, "2026.12");
        assert_eq!(desk.catalog().version(), "2026.12");
    }
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let info = desk.catalog_info();
    assert_eq!(
        (info.version.as_str(), info.source),
        ("2026.12", CatalogSource::Stored)
    );
}

#[test]
fn a_broken_version_is_refused_with_file_item_and_line_and_the_old_one_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let before = desk.catalog().version().to_owned();
    let err = desk.install_catalog(broken()).unwrap_err();
    assert_eq!(err.code(), "catalog.unknown_material");
    let details = err.details().unwrap();
    assert!(
        details["file"].as_str().unwrap().ends_with("tkpo.yaml"),
        "{details}"
    );
    assert_eq!(details["item"], "000173001001");
    assert!(details["line"].as_u64().unwrap() > 1);
    assert_eq!(desk.catalog().version(), before);
    let info = desk.catalog_info();
    assert_eq!(
        info.refused.map(|r| r.code).as_deref(),
        Some("catalog.unknown_material")
    );
    // The clerk can still serve with the old catalog.
    assert!(!desk.search_items("tkpo", 5).unwrap().is_empty());
}

#[test]
fn a_hall_folder_is_used_and_a_broken_one_falls_back_with_the_reason() {
    let data = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let write = |files: Vec<(String, String)>| {
        for (name, text) in files {
            let path = folder.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    };
    let mut config = Config::default();
    config.catalog.dir = Some(folder.path().to_owned());

    write(files_with_version("hall-1"));
    let desk = Desk::open(config.clone(), data.path(), None).unwrap();
    let info = desk.catalog_info();
    assert_eq!(
        (info.version.as_str(), info.source),
        ("hall-1", CatalogSource::Directory)
    );
    drop(desk);

    write(broken());
    let desk = Desk::open(config, data.path(), None).unwrap();
    let info = desk.catalog_info();
    assert_eq!(
        info.version, "hall-1",
        "the last good version, kept in the store"
    );
    assert_eq!(info.source, CatalogSource::Stored);
    assert_eq!(
        info.refused.map(|r| r.code).as_deref(),
        Some("catalog.unknown_material")
    );
}
