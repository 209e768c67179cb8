//! Every kind of catalog mistake is refused with an error naming the file, the item and the line.

// Helpers outside #[test] functions fail loudly too: this whole file is test code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_catalog::{builtin_files, Catalog, CatalogError};
use ow_error::ErrorCode;

const TKPO: &str = "items/huzheng/tkpo.yaml";

/// The built-in files with `file` edited by `edit`.
fn files_with(file: &str, edit: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let mut found = false;
    let files = builtin_files()
        .into_iter()
        .map(|(name, text)| {
            if name == file {
                found = true;
                (name, edit(text))
            } else {
                (name, text.to_owned())
            }
        })
        .collect();
    assert!(found, "no file {file}");
    files
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> u32 {
    let pos = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    (text[..pos].matches('\n').count() + 1) as u32
}

fn text_of(files: &[(String, String)], file: &str) -> String {
    files
        .iter()
        .find(|(n, _)| n == file)
        .map(|(_, t)| t.clone())
        .unwrap()
}

/// Load, expect a refusal with this code at this file/item/line; return the error.
fn refused(
    files: Vec<(String, String)>,
    code: &str,
    file: &str,
    item: Option<&str>,
    line: u32,
) -> CatalogError {
    let err = match Catalog::load_files(files) {
        Ok(_) => panic!("expected {code}, catalog loaded"),
        Err(e) => e,
    };
    assert_eq!(err.code(), code, "{err}");
    let details = err.details().unwrap();
    assert_eq!(details["file"], file, "{err}");
    assert_eq!(details["item"].as_str(), item, "{err}");
    assert_eq!(details["line"], line, "{err}");
    assert!(err.to_string().contains(&format!("{file}:{line}")), "{err}");
    err
}

#[test]
fn the_builtin_catalog_is_valid() {
    let catalog = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    assert!(catalog.items().len() >= 40);
}

#[test]
fn unknown_material_reference() {
    let files = files_with(TKPO, |t| {
        t.replace("- ref: lease_registration", "- ref: lease_registraton")
    });
    let line = line_of(&text_of(&files, TKPO), "ref: lease_registraton");
    let err = refused(
        files,
        "catalog.unknown_material",
        TKPO,
        Some("000173001001"),
        line,
    );
    assert!(err.to_string().contains("lease_registraton"));
}

#[test]
fn condition_naming_a_missing_question() {
    let files = files_with(TKPO, |t| {
        t.replace(
            "when: {q: by_agent, eq: yes}",
            "when: {q: by_agnet, eq: yes}",
        )
    });
    let line = line_of(&text_of(&files, TKPO), "by_agnet");
    refused(
        files,
        "catalog.unknown_question",
        TKPO,
        Some("000173001001"),
        line,
    );
}

#[test]
fn condition_value_that_is_not_an_option() {
    let files = files_with(TKPO, |t| {
        t.replace("{q: residence, eq: rented}", "{q: residence, eq: leased}")
    });
    let line = line_of(&text_of(&files, TKPO), "eq: leased");
    let err = refused(
        files,
        "catalog.invalid_condition",
        TKPO,
        Some("000173001001"),
        line,
    );
    assert!(err.to_string().contains("leased"), "{err}");
}

#[test]
fn dependency_cycle_between_questions() {
    // married_years now depends on joint_child, which already depends on married_years.
    let files = files_with(TKPO, |t| {
        t.replace(
            "    type: number\n    min: 0\n    max: 70",
            "    type: number\n    show_if: {q: joint_child, eq: yes}\n    min: 0\n    max: 70",
        )
    });
    let text = text_of(&files, TKPO);
    let err = match Catalog::load_files(files) {
        Ok(_) => panic!("cycle accepted"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "catalog.question_cycle");
    let details = err.details().unwrap();
    assert_eq!(details["file"], TKPO);
    assert_eq!(details["item"], "000173001001");
    let line = details["line"].as_u64().unwrap() as u32;
    let candidates = [
        line_of(&text, "id: married_years"),
        line_of(&text, "id: joint_child"),
    ];
    assert!(candidates.contains(&line), "{err}");
    assert!(err.to_string().contains("married_years") && err.to_string().contains("joint_child"));
}

#[test]
fn bad_time_limits() {
    let zero = files_with(TKPO, |t| {
        t.replace("promised_limit: {amount: 8,", "promised_limit: {amount: 0,")
    });
    let line = line_of(&text_of(&zero, TKPO), "promised_limit:");
    refused(
        zero,
        "catalog.bad_time_limit",
        TKPO,
        Some("000173001001"),
        line,
    );

    let longer = files_with(TKPO, |t| {
        t.replace(
            "promised_limit: {amount: 8,",
            "promised_limit: {amount: 25,",
        )
    });
    let line = line_of(&text_of(&longer, TKPO), "promised_limit:");
    let err = refused(
        longer,
        "catalog.bad_time_limit",
        TKPO,
        Some("000173001001"),
        line,
    );
    assert!(err.to_string().contains("longer than the legal"));

    let unit = files_with(TKPO, |t| {
        t.replace(
            "{amount: 20, unit: working_days}",
            "{amount: 20, unit: weeks}",
        )
    });
    let line = line_of(&text_of(&unit, TKPO), "unit: weeks");
    refused(unit, "catalog.schema", TKPO, Some("000173001001"), line);
}

#[test]
fn duplicate_item_codes_across_files() {
    // Files load in name order: rcrh.yaml comes first, so tkpo.yaml holds the duplicate.
    let file = "items/huzheng/rcrh.yaml";
    let files = files_with(file, |t| {
        t.replace("code: \"000173001004\"", "code: \"000173001001\"")
    });
    let line = line_of(&text_of(&files, TKPO), "code: \"000173001001\"");
    let err = refused(files, "catalog.duplicate", TKPO, Some("000173001001"), line);
    assert!(
        err.to_string().contains(file),
        "names the first definition: {err}"
    );
}

#[test]
fn duplicate_question_ids() {
    let files = files_with(TKPO, |t| {
        t.replace("  - id: by_agent\n", "  - id: children\n")
    });
    let text = text_of(&files, TKPO);
    let second = text.match_indices("- id: children").nth(1).unwrap().0;
    let line = (text[..second].matches('\n').count() + 1) as u32;
    refused(files, "catalog.duplicate", TKPO, Some("000173001001"), line);
}

#[test]
fn yaml_syntax_error() {
    let files = files_with(TKPO, |t| {
        t.replace(
            "    ask: 是否委托他人代为办理？",
            "    ask: \"是否委托他人代为办理？",
        )
    });
    let err = match Catalog::load_files(files) {
        Ok(_) => panic!("broken YAML accepted"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "catalog.yaml_syntax");
    let details = err.details().unwrap();
    assert_eq!(details["file"], TKPO);
    assert_eq!(details["item"], "000173001001");
    assert!(details["line"].as_u64().unwrap() > 1, "{err}");
}

#[test]
fn tab_indentation_is_a_syntax_error_with_line() {
    let files = files_with(TKPO, |t| {
        t.replace("visits: 1\n", "visits: 1\n\tfee: false\n")
    });
    let line = line_of(&text_of(&files, TKPO), "\tfee");
    let err = match Catalog::load_files(files) {
        Ok(_) => panic!("tab accepted"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "catalog.yaml_syntax");
    // The scanner reports where it noticed: the tab's line or the scalar just before it.
    let reported = err.details().unwrap()["line"].as_u64().unwrap() as u32;
    assert!(reported == line || reported + 1 == line, "{err}");
}

#[test]
fn misspelt_key_is_refused() {
    let files = files_with(TKPO, |t| {
        t.replace("keywords: [夫妻投靠", "keyword: [夫妻投靠")
    });
    let line = line_of(&text_of(&files, TKPO), "keyword:");
    refused(files, "catalog.schema", TKPO, Some("000173001001"), line);
}

#[test]
fn unknown_department() {
    let files = files_with(TKPO, |t| {
        t.replace("department: huzheng", "department: huzhen")
    });
    let line = line_of(&text_of(&files, TKPO), "department: huzhen");
    refused(
        files,
        "catalog.unknown_department",
        TKPO,
        Some("000173001001"),
        line,
    );
}

#[test]
fn code_of_the_wrong_length() {
    let files = files_with(TKPO, |t| {
        t.replace("code: \"000173001001\"", "code: \"00017300100\"")
    });
    let line = line_of(&text_of(&files, TKPO), "code: \"00017300100\"");
    refused(files, "catalog.bad_code", TKPO, Some("00017300100"), line);

    let file = "items/huzheng/others.yaml";
    let files = files_with(file, |t| {
        t.replacen("000001\"", "00001\"", 1)
            .replacen("000001\n", "00001\n", 1)
    });
    let err = match Catalog::load_files(files) {
        Ok(_) => panic!("short implementation code accepted"),
        Err(e) => e,
    };
    assert_eq!(err.code(), "catalog.bad_code");
    assert_eq!(err.details().unwrap()["item"], "000173001002");
}

#[test]
fn missing_manifest_and_newer_format() {
    let files: Vec<_> = builtin_files()
        .into_iter()
        .filter(|(n, _)| n != "catalog.yaml")
        .collect();
    let err = Catalog::load_files(files).err().unwrap();
    assert_eq!(err.code(), "catalog.manifest");

    let files = files_with("catalog.yaml", |t| t.replace("format: 1", "format: 9"));
    let line = line_of(&text_of(&files, "catalog.yaml"), "format: 9");
    refused(files, "catalog.manifest", "catalog.yaml", None, line);
}

#[test]
fn unknown_file_is_refused_not_ignored() {
    let mut files: Vec<(String, String)> = builtin_files()
        .into_iter()
        .map(|(n, t)| (n, t.to_owned()))
        .collect();
    files.push(("item/typo.yaml".into(), "code: x\n".into()));
    let err = Catalog::load_files(files).err().unwrap();
    assert_eq!(err.code(), "catalog.unexpected_file");
    assert_eq!(err.details().unwrap()["file"], "item/typo.yaml");
}

#[test]
fn a_refused_version_leaves_the_last_good_one_untouched() {
    let good = Catalog::builtin().unwrap();
    let bad = files_with(TKPO, |t| t.replace("- ref: photo", "- ref: foto"));
    let current = match Catalog::load_files(bad) {
        Ok(newer) => newer,
        Err(_) => good.clone(),
    };
    assert_eq!(current.version(), good.version());
    assert_eq!(current.items().len(), good.items().len());
}

#[test]
fn a_material_of_zero_pages() {
    const IDENTITY: &str = "materials/identity.yaml";
    let files = files_with(IDENTITY, |t| t.replacen("pages: 2", "pages: 0", 1));
    let line = line_of(&text_of(&files, IDENTITY), "- id: id_card");
    let err = refused(files, "catalog.schema", IDENTITY, None, line);
    assert!(
        err.to_string().contains("pages must be at least 1"),
        "{err}"
    );
}
