use super::*;
use chrono::{Duration as ChronoDuration, Utc};
use ow_case::{CaseDraft, CaseEdit, CaseStatus, CaseStep};
use ow_error::ErrorCode;

fn key(b: u8) -> DbKey {
    DbKey::from_bytes([b; 32])
}

fn named(name: &str) -> CaseDraft {
    let mut d = CaseDraft::new(Utc::now());
    d.apply(
        CaseEdit {
            applicant_name: Some(name.into()),
            applicant_id_number: Some("11010519491231002X".into()),
            ..Default::default()
        },
        Utc::now(),
    );
    d.owner = Some(ow_case::Staff {
        id: "1024".into(),
        name: "培训收件员".into(),
    });
    d
}

#[test]
fn a_saved_draft_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ow.db");
    let mut draft = named("王小明");
    draft.step = CaseStep::Item;
    {
        let store = Store::open(&path, Some(&key(7))).unwrap();
        store.save_case(&draft).unwrap();
    }
    let store = Store::open(&path, Some(&key(7))).unwrap();
    assert_eq!(store.case(draft.id).unwrap(), draft);
    assert_eq!(store.latest_open_draft("1024").unwrap(), Some(draft));
}

#[test]
fn autosave_replaces_the_whole_draft() {
    let store = Store::open_in_memory().unwrap();
    let mut d = named("王小明");
    store.save_case(&d).unwrap();
    d.apply(
        CaseEdit {
            applicant_name: Some("王晓明".into()),
            step: Some(CaseStep::Materials),
            ..Default::default()
        },
        Utc::now() + ChronoDuration::seconds(1),
    );
    store.save_case(&d).unwrap();
    let back = store.case(d.id).unwrap();
    assert_eq!(back.applicant.name.unwrap().expose(), "王晓明");
    assert_eq!(back.step, CaseStep::Materials);
    assert_eq!(store.recent_cases(None, 10).unwrap().len(), 1);
}

#[test]
fn recent_cases_are_newest_first_and_limited() {
    let store = Store::open_in_memory().unwrap();
    let base = Utc::now();
    let mut ids = Vec::new();
    for i in 0..5 {
        let mut d = CaseDraft::new(base);
        d.updated_at = base + ChronoDuration::seconds(i);
        store.save_case(&d).unwrap();
        ids.push(d.id);
    }
    let recent: Vec<_> = store
        .recent_cases(None, 3)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(recent, vec![ids[4], ids[3], ids[2]]);
}

#[test]
fn abandoned_drafts_are_not_offered_again() {
    let store = Store::open_in_memory().unwrap();
    let mut d = named("李四");
    d.status = CaseStatus::Abandoned;
    store.save_case(&d).unwrap();
    assert_eq!(store.latest_open_draft("1024").unwrap(), None);
}

#[test]
fn a_missing_case_is_not_found() {
    let store = Store::open_in_memory().unwrap();
    let err = store.case(ow_case::CaseId::new()).unwrap_err();
    assert_eq!(err.code(), "store.not_found");
}

#[test]
fn the_wrong_key_is_refused_and_the_file_reveals_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ow.db");
    {
        let store = Store::open(&path, Some(&key(1))).unwrap();
        store.save_case(&named("欧阳明远")).unwrap();
    }
    let err = Store::open(&path, Some(&key(2))).err().unwrap();
    assert_eq!(err.code(), "store.wrong_key");
    let err = Store::open(&path, None).err().unwrap();
    assert_eq!(err.code(), "store.wrong_key");
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        let needle = "欧阳明远".as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
        assert!(!bytes.windows(18).any(|w| w == b"11010519491231002X"));
    }
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ow.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let err = Store::open(&path, None).err().unwrap();
    assert_eq!(err.code(), "store.schema_too_new");
    assert!(err
        .to_string()
        .contains(&format!("schema {}", SCHEMA_VERSION + 1)));
}

#[test]
fn a_file_that_is_not_a_database_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ow.db");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    assert_eq!(
        Store::open(&path, None).err().unwrap().code(),
        "store.wrong_key"
    );
}

#[test]
fn item_usage_counts_recent_cases_per_item() {
    let store = Store::open_in_memory().unwrap();
    let base = Utc::now();
    for (i, code) in ["A", "B", "A", "A"].iter().enumerate() {
        let mut d = CaseDraft::new(base);
        d.updated_at = base + ChronoDuration::seconds(i as i64);
        d.choose_item(
            ow_case::ItemChoice {
                code: (*code).into(),
                version: "1".into(),
                name: "x".into(),
            },
            d.updated_at,
        );
        store.save_case(&d).unwrap();
    }
    store.save_case(&CaseDraft::new(base)).unwrap();
    let usage = store.item_usage(100).unwrap();
    assert_eq!(usage.get("A"), Some(&3));
    assert_eq!(usage.get("B"), Some(&1));
    assert_eq!(usage.len(), 2);
    // Only the latest cases count: the newest two are the A cases at t=3 and t=2.
    let recent = store.item_usage(2).unwrap();
    assert_eq!(recent.get("A"), Some(&2));
    assert_eq!(recent.get("B"), None);
}

#[test]
fn catalog_versions_are_kept_newest_first() {
    let store = Store::open_in_memory().unwrap();
    for (v, at) in [
        ("2026.1", "2026-01-05T08:00:00Z"),
        ("2026.2", "2026-02-01T08:00:00Z"),
    ] {
        store
            .save_catalog(&StoredCatalog {
                version: v.into(),
                received_at: at.into(),
                source: "backoffice".into(),
                files: vec![("catalog.yaml".into(), format!("version: {v}\n"))],
            })
            .unwrap();
    }
    let stored = store.stored_catalogs().unwrap();
    assert_eq!(
        stored
            .iter()
            .map(|c| c.version.as_str())
            .collect::<Vec<_>>(),
        ["2026.2", "2026.1"]
    );
    assert_eq!(stored[0].files[0].1, "version: 2026.2\n");
}

#[test]
fn an_unencrypted_store_is_encrypted_in_place_when_a_key_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ow.db");
    let draft = named("欧阳明远");
    {
        let store = Store::open(&path, None).unwrap();
        store.save_case(&draft).unwrap();
    }
    let store = Store::open(&path, Some(&key(9))).unwrap();
    assert_eq!(store.case(draft.id).unwrap(), draft, "the case survives");
    drop(store);
    assert_eq!(
        Store::open(&path, None).err().unwrap().code(),
        "store.wrong_key",
        "the file now needs the key"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("encrypting")), "{names:?}");
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        assert!(!bytes.windows(18).any(|w| w == b"11010519491231002X"));
    }
    let store = Store::open(&path, Some(&key(9))).unwrap();
    assert_eq!(
        store.case(draft.id).unwrap(),
        draft,
        "and opens again with the key"
    );
}

#[test]
fn handed_out_results_are_purged_after_the_period_and_open_ones_stay() {
    let store = Store::open_in_memory().unwrap();
    let now = Utc::now();
    let row = |n: &str, state: &str, at: chrono::DateTime<Utc>| ResultRow {
        case_number: n.into(),
        window_case_no: format!("W-{n}"),
        workstation_id: "TRAIN-W08".into(),
        queue: "huzheng".into(),
        state: state.into(),
        changed_at: at.to_rfc3339(),
        reasons: vec![],
        note: None,
        item_name: Some("投靠配偶".into()),
        applicant_name: Some("陈思远".into()),
    };
    let old = now - ChronoDuration::days(40);
    store
        .apply_results(
            "changes",
            &[
                row("A", "handed_out", old),
                row("B", "ready_for_pickup", old),
                row("C", "handed_out", now),
            ],
            "c1",
        )
        .unwrap();
    let report = store
        .purge_expired(now - ChronoDuration::days(30), now)
        .unwrap();
    assert_eq!(report.results, 1);
    let left: Vec<String> = store
        .results_in(&["handed_out", "ready_for_pickup"])
        .unwrap()
        .into_iter()
        .map(|r| r.case_number)
        .collect();
    assert_eq!(left, vec!["C".to_owned(), "B".to_owned()]);
    assert_eq!(store.feed_cursor("changes").unwrap().as_deref(), Some("c1"));
}

#[test]
fn drafts_stay_with_their_owner() {
    let store = Store::open_in_memory().unwrap();
    let mine = named("王小明");
    let mut theirs = named("李四");
    theirs.owner = Some(ow_case::Staff {
        id: "1025".into(),
        name: "另一位".into(),
    });
    theirs.updated_at = mine.updated_at + ChronoDuration::seconds(1);
    store.save_case(&mine).unwrap();
    store.save_case(&theirs).unwrap();
    assert_eq!(store.latest_open_draft("1024").unwrap(), Some(mine.clone()));
    assert_eq!(store.latest_open_draft("1025").unwrap(), Some(theirs));
    let own: Vec<_> = store
        .recent_cases(Some("1024"), 10)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(own, vec![mine.id]);
    assert_eq!(store.recent_cases(None, 10).unwrap().len(), 2);
}
