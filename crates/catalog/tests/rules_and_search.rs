//! Real rules of the built-in catalog, the engine's contract, loading paths and search.

// Helpers outside #[test] functions fail loudly too: this whole file is test code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use ow_catalog::{
    AnswerValue, Answers, Catalog, Decision, Evaluation, MatchKind, Necessity, SearchOptions,
    TimeUnit,
};

const TKPO: &str = "000173001001";

fn catalog() -> Catalog {
    Catalog::builtin().unwrap_or_else(|e| panic!("{e}"))
}

fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn choice(id: &str) -> AnswerValue {
    AnswerValue::Choice(id.to_owned())
}

/// A complete, acceptable 投靠配偶 case: in-province, married 3 years, no children.
fn tkpo_base() -> Answers {
    answers(&[
        ("in_custody", AnswerValue::YesNo(false)),
        ("origin", choice("in_province")),
        ("moved_out", AnswerValue::YesNo(false)),
        ("married_years", AnswerValue::Number(3)),
        ("registered_where", choice("mainland")),
        ("previous_marriage", choice("none")),
        ("spouse_hukou", choice("family")),
        ("residence", choice("own")),
        ("children", AnswerValue::Number(0)),
        ("by_agent", AnswerValue::YesNo(false)),
    ])
}

fn line<'a>(e: &'a Evaluation, id: &str) -> Option<&'a ow_catalog::ChecklistLine> {
    e.checklist.iter().find(|l| l.id == id)
}

#[test]
fn catalog_has_the_promised_breadth() {
    let c = catalog();
    assert!(c.items().len() >= 40, "{} items", c.items().len());
    let departments: std::collections::HashSet<_> = c
        .items()
        .iter()
        .map(|i| i.summary().department.clone())
        .collect();
    assert!(departments.len() >= 10, "{departments:?}");
    for name in [
        "人才入户",
        "居住证申领",
        "往来港澳通行证签注",
        "驾驶证换证",
        "企业开办",
        "失业保险金申领",
        "不动产转移登记",
    ] {
        assert!(
            c.items().iter().any(|i| i.summary().name.contains(name)
                || i.summary().name.replace("机动车", "").contains(name)),
            "missing {name}"
        );
    }
    let tkpo = c.item(TKPO).unwrap().summary();
    assert_eq!(tkpo.promised_limit.amount, 8);
    assert_eq!(tkpo.promised_limit.unit, TimeUnit::WorkingDays);
    assert_eq!(tkpo.implementation_code.len(), 36);
    assert_eq!(c.item(&tkpo.implementation_code).unwrap().code(), TKPO);
    let jzz = c
        .items()
        .iter()
        .find(|i| i.summary().name == "居住证申领")
        .unwrap();
    assert_eq!(jzz.summary().promised_limit.amount, 7);
}

#[test]
fn tkpo_requires_marriage_certificate_and_spouse_household_register() {
    let e = catalog().evaluate(TKPO, &tkpo_base()).unwrap();
    assert_eq!(e.decision, Decision::Acceptable);
    assert!(e.next_questions.is_empty());
    let cert = line(&e, "marriage_cert").expect("结婚证");
    assert_eq!(cert.name, "结婚证");
    assert_eq!((cert.originals, cert.copies), (1, 1));
    assert_eq!(cert.necessity, Necessity::Conditional);
    let spouse = line(&e, "spouse_hukoubu").expect("配偶户口簿");
    assert_eq!(spouse.name, "配偶居民户口簿");
    assert_eq!(spouse.necessity, Necessity::Required);
    assert!(line(&e, "applicant_hukoubu").is_some());
    assert!(line(&e, "property_cert").is_some());
    assert!(line(&e, "child_birth_cert").is_none());
    assert!(line(&e, "power_of_attorney").is_none());
    assert_eq!(e.promised_limit.amount, 8);
    assert_eq!(e.item_version, "3");
}

#[test]
fn children_following_add_their_materials() {
    let mut a = tkpo_base();
    a.insert("children".into(), AnswerValue::Number(2));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    // Two more questions appear once children follow.
    let next: Vec<_> = e.next_questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(next, ["child_over_16"]);
    assert!(matches!(e.decision, Decision::Incomplete { .. }));
    let births = line(&e, "child_birth_cert").expect("出生医学证明");
    assert_eq!((births.originals, births.copies), (2, 2), "one per child");
    assert!(line(&e, "migration_form")
        .unwrap()
        .notes
        .iter()
        .any(|n| n.contains("随迁")));

    a.insert("child_over_16".into(), AnswerValue::YesNo(true));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    assert_eq!(e.decision, Decision::Acceptable);
    assert!(line(&e, "child_id_card").is_some());
}

#[test]
fn divorced_applicant_with_a_child_of_the_former_marriage() {
    let mut a = tkpo_base();
    a.insert("previous_marriage".into(), choice("divorced"));
    a.insert("children".into(), AnswerValue::Number(1));
    a.insert("child_over_16".into(), AnswerValue::YesNo(false));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    assert_eq!(e.next_questions[0].id, "child_from_prior_marriage");
    a.insert("child_from_prior_marriage".into(), AnswerValue::YesNo(true));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    assert_eq!(e.decision, Decision::Acceptable);
    assert!(line(&e, "divorce_cert").is_some());
    assert!(line(&e, "custody_proof").is_some());
    assert_eq!(
        line(&e, "other_parent_consent").unwrap().necessity,
        Necessity::Tolerated
    );
    assert!(line(&e, "marriage_cert")
        .unwrap()
        .points
        .iter()
        .any(|p| p.contains("前一段婚姻")));
}

#[test]
fn marriage_abroad_changes_material_and_promise() {
    let mut a = tkpo_base();
    a.insert("registered_where".into(), choice("abroad"));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    assert!(line(&e, "marriage_cert").is_none());
    assert!(line(&e, "marriage_abroad_proof").is_some());
    assert_eq!(e.promised_limit.amount, 15);
    assert!(e
        .promised_note
        .as_deref()
        .unwrap_or_default()
        .contains("境外"));
}

#[test]
fn short_marriage_without_child_is_not_acceptable_with_reason() {
    let mut a = tkpo_base();
    a.insert("married_years".into(), AnswerValue::Number(1));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    assert_eq!(e.next_questions[0].id, "joint_child");
    a.insert("joint_child".into(), AnswerValue::YesNo(false));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    match &e.decision {
        Decision::NotAcceptable { reason, basis, .. } => {
            assert!(reason.contains("结婚未满2年"));
            assert!(basis.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert!(e.next_questions.is_empty());
}

#[test]
fn out_of_remit_names_where_to_go() {
    let a = answers(&[
        ("in_custody", AnswerValue::YesNo(false)),
        ("origin", choice("cancelled")),
    ]);
    let e = catalog().evaluate(TKPO, &a).unwrap();
    match e.decision {
        Decision::NotAcceptable {
            refer_to: Some(to), ..
        } => assert!(to.contains("出入境")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn hidden_and_invalid_answers_do_not_count() {
    let mut a = tkpo_base();
    // Stale answer from before the clerk changed spouse_hukou to collective.
    a.insert("spouse_hukou".into(), choice("collective"));
    a.insert("married_years".into(), AnswerValue::Number(-4));
    a.insert("no_such_question".into(), AnswerValue::YesNo(true));
    let e = catalog().evaluate(TKPO, &a).unwrap();
    assert!(e.ignored_answers.contains(&"residence".to_owned()));
    assert!(e.ignored_answers.contains(&"no_such_question".to_owned()));
    assert_eq!(e.invalid_answers, ["married_years"]);
    assert!(
        line(&e, "property_cert").is_none(),
        "residence is hidden now"
    );
    assert!(line(&e, "collective_consent").is_some());
    assert!(
        matches!(e.decision, Decision::Incomplete { ref missing } if missing == &["married_years"])
    );
}

#[test]
fn first_evaluation_asks_the_first_questions() {
    let e = catalog().evaluate(TKPO, &Answers::new()).unwrap();
    let ids: Vec<_> = e.next_questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids[0], "in_custody");
    assert!(!ids.contains(&"residence"), "depends on spouse_hukou");
    assert!(!ids.contains(&"joint_child"), "depends on married_years");
    // Unconditional lines show from the start.
    assert!(line(&e, "spouse_hukoubu").is_some());
    assert!(
        line(&e, "marriage_cert").is_none(),
        "waits for registered_where"
    );
}

#[test]
fn evaluation_serializes_for_the_ui() {
    let e = catalog().evaluate(TKPO, &tkpo_base()).unwrap();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["decision"]["status"], "acceptable");
    let back: Evaluation = serde_json::from_value(json).unwrap();
    assert_eq!(back, e);
    let answer: AnswerValue = serde_json::from_str(r#"{"choice":"own"}"#).unwrap();
    assert_eq!(answer, choice("own"));
}

#[test]
fn load_dir_and_load_files_match_the_builtin() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in ow_catalog::builtin_files() {
        let path = dir.path().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::write(dir.path().join("README.md"), "ignored").unwrap();
    let from_dir = Catalog::load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let builtin = catalog();
    assert_eq!(from_dir.version(), builtin.version());
    assert_eq!(from_dir.summaries(), builtin.summaries());
    let missing = Catalog::load_dir(&dir.path().join("nope")).err().unwrap();
    assert_eq!(ow_error::ErrorCode::code(&missing), "catalog.io");
}

fn codes(hits: &[ow_catalog::SearchHit]) -> Vec<&str> {
    hits.iter().map(|h| h.code.as_str()).collect()
}

#[test]
fn search_by_initials_name_code_and_department() {
    let c = catalog();
    let opts = SearchOptions::default();
    let hits = c.search("tkpo", &opts);
    assert_eq!(hits[0].code, TKPO, "{hits:?}");
    let hits = c.search("投靠配偶", &opts);
    assert_eq!(hits[0].code, TKPO);
    assert_eq!(hits[0].matched, MatchKind::NameContains);
    let hits = c.search("00017300100", &opts);
    assert!(hits.iter().all(|h| h.matched == MatchKind::CodePrefix));
    assert!(codes(&hits).contains(&TKPO));
    let hits = c.search(TKPO, &opts);
    assert_eq!(
        (hits[0].code.as_str(), hits[0].matched),
        (TKPO, MatchKind::Exact)
    );
    let hits = c.search("居住证", &opts);
    assert_eq!(hits[0].name, "居住证申领", "{hits:?}");
    assert_eq!(hits[0].matched, MatchKind::NamePrefix);
    let hits = c.search("jzz", &opts);
    assert!(hits[0].name.starts_with("居住证"), "{hits:?}");
    let hits = c.search("出入境", &opts);
    assert!(!hits.is_empty() && hits.iter().all(|h| h.department_name == "出入境"));
    let hits = c.search("过户", &opts);
    assert_eq!(hits[0].matched, MatchKind::Keyword);
    assert!(c
        .search("ＴＫＰＯ", &opts)
        .first()
        .is_some_and(|h| h.code == TKPO));
    assert!(c.search("zzzzzz", &opts).is_empty());
}

#[test]
fn boosts_reorder_equal_matches_but_not_across_strengths() {
    let c = catalog();
    let plain = c.search("户口", &SearchOptions::default());
    assert!(plain.len() >= 2);
    let last = plain.last().unwrap().clone();
    let boosts: HashMap<String, u32> = HashMap::from([(last.code.clone(), 1000)]);
    let boosted = c.search(
        "户口",
        &SearchOptions {
            limit: 20,
            boosts: Some(&boosts),
        },
    );
    let pos = boosted.iter().position(|h| h.code == last.code).unwrap();
    let same_kind_first = boosted
        .iter()
        .position(|h| h.matched == last.matched)
        .unwrap();
    assert_eq!(
        pos, same_kind_first,
        "boosted to the top of its match strength"
    );
    // Empty query: the recent list.
    let recent = c.search(
        "",
        &SearchOptions {
            limit: 5,
            boosts: Some(&boosts),
        },
    );
    assert_eq!(codes(&recent), [last.code.as_str()]);
}
