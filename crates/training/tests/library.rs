//! The built-in library loads against the built-in catalog, a broken scenario is refused with
//! its file and line, and the score rewards exactly the right play.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use ow_case::{CaseDecision, DecidedLine, DecisionKind, LineMark, RejectGround};
use ow_catalog::{Catalog, RejectionKind};
use ow_error::ErrorCode;
use ow_training::{expected_lines, score, Library, LineExpectation, Scenario, TrainingError};

fn cards() -> Vec<String> {
    ow_idcard::gallery::entries()
        .unwrap()
        .into_iter()
        .map(|e| e.key)
        .collect()
}

fn library() -> (Catalog, Library) {
    let catalog = Catalog::builtin().unwrap();
    let lib = Library::builtin(&catalog, &cards()).unwrap();
    (catalog, lib)
}

/// A scenario file with one change, loaded alone.
fn load_one(text: &str) -> Result<Library, TrainingError> {
    let catalog = Catalog::builtin().unwrap();
    Library::load_files([("x.yaml", text)], &catalog, &cards())
}

fn original(name: &str) -> String {
    ow_training::builtin_files()
        .into_iter()
        .find(|(f, _)| f == name)
        .unwrap()
        .1
        .to_owned()
}

fn refused(text: &str) -> (String, u32, String) {
    let err = load_one(text).unwrap_err();
    let line = err.details().unwrap()["line"].as_u64().unwrap() as u32;
    (err.code().to_owned(), line, err.to_string())
}

#[test]
fn the_library_covers_items_departments_outcomes_and_kinds_of_citizen() {
    let (_, lib) = library();
    let all = lib.scenarios();
    assert!(all.len() >= 20, "{}", all.len());
    let items: BTreeSet<&str> = all.iter().map(|s| s.item_code.as_str()).collect();
    let departments: BTreeSet<&str> = all.iter().map(|s| s.department.as_str()).collect();
    assert!(items.len() >= 8, "{items:?}");
    assert!(departments.len() >= 5, "{departments:?}");
    for kind in [
        DecisionKind::Accept,
        DecisionKind::Notice,
        DecisionKind::Reject,
    ] {
        assert!(all.iter().any(|s| s.expected.decision == kind), "{kind:?}");
    }
    assert!(all.iter().any(|s| s.agent_card.is_some()), "an agent");
    assert!(
        all.iter()
            .any(|s| ["minor", "elderly"].contains(&s.applicant_card.as_str())),
        "a green-channel citizen"
    );
    for level in 1..=3 {
        assert!(all.iter().any(|s| s.level == level), "level {level}");
    }
    let defects: BTreeSet<_> = all
        .iter()
        .flat_map(|s| s.documents.iter().filter_map(|d| d.defect))
        .collect();
    assert!(defects.len() >= 5, "{defects:?}");
    assert_eq!(
        lib.get("03-tkpo-blurred-marriage").unwrap().expected.lines,
        ["marriage_cert"]
    );
    assert_eq!(
        lib.get("nope").unwrap_err().code(),
        "training.unknown_scenario"
    );
}

#[test]
fn a_notice_that_lists_the_wrong_lines_is_refused_at_its_line() {
    let text = original("03-tkpo-blurred-marriage.yaml")
        .replace("lines: [marriage_cert]", "lines: [marriage_cert, photo]");
    let (code, line, msg) = refused(&text);
    assert_eq!(code, "training.scenario_invalid");
    let at = text.lines().position(|l| l.contains("lines:")).unwrap() as u32 + 1;
    assert_eq!(line, at, "{msg}");
    assert!(msg.contains("[marriage_cert]"), "{msg}");
}

#[test]
fn accepting_with_a_planted_defect_is_refused() {
    let text = original("03-tkpo-blurred-marriage.yaml")
        .replace("decision: notice", "decision: accept")
        .replace("  lines: [marriage_cert]\n", "");
    let (code, _, msg) = refused(&text);
    assert_eq!(code, "training.scenario_invalid");
    assert!(msg.contains("marriage_cert"), "{msg}");
}

#[test]
fn unknown_questions_options_lines_and_cards_name_their_line() {
    let base = original("01-tkpo-complete.yaml");
    let cases = [
        (
            "  by_agent: no",
            "  by_agent: no\n  favourite_colour: blue",
            "favourite_colour",
        ),
        ("origin: other_province", "origin: mars", "mars"),
        ("- line: photo", "- line: passport_photo", "passport_photo"),
        ("applicant: valid_adult", "applicant: nobody", "nobody"),
    ];
    for (from, to, word) in cases {
        let text = base.replacen(from, to, 1);
        assert_ne!(text, base, "{from}");
        let (code, line, msg) = refused(&text);
        assert_eq!(code, "training.scenario_invalid", "{msg}");
        let at = text.lines().position(|l| l.contains(word)).unwrap() as u32 + 1;
        assert_eq!(line, at, "{word}: {msg}");
    }
    // A question left out leaves the case undecidable.
    let (_, _, msg) = refused(&base.replace("  by_agent: no\n", ""));
    assert!(msg.contains("by_agent"), "{msg}");
    // Syntax and schema: the line too.
    let (code, line, _) = refused(&base.replace("level: 1", "level: 1\nlevel: 2"));
    assert_eq!((code.as_str(), line), ("training.scenario_syntax", 3));
    let (code, _, msg) = refused(&base.replace("teaches:", "teachez:"));
    assert_eq!(code, "training.scenario_schema", "{msg}");
}

/// The decision a play produced, with each expected line marked `mark(expectation)`.
fn played(
    s: &Scenario,
    catalog: &Catalog,
    kind: DecisionKind,
    mark: impl Fn(LineExpectation) -> LineMark,
) -> CaseDecision {
    let item = catalog.item(&s.item_code).unwrap();
    let eval = item.evaluate(&s.answers);
    let lines = expected_lines(s, &eval.checklist)
        .into_iter()
        .map(|(l, e)| DecidedLine {
            id: l.id.clone(),
            name: l.name.clone(),
            originals: l.originals,
            copies: l.copies,
            required: true,
            deferrable: false,
            mark: mark(e),
            standard: l.standard.clone(),
        })
        .collect();
    CaseDecision {
        kind,
        decided_at: chrono::Utc::now(),
        case_number: "PX-1".into(),
        document_number: "PX-D-1".into(),
        promised_by: None,
        promised_days: None,
        promised_unit: None,
        voucher_number: None,
        listed_lines: s.expected.lines.clone(),
        ground: s.expected.ground.map(|g| match g {
            RejectionKind::OutOfRemit => RejectGround::OutOfRemit {
                competent_department: "出入境".into(),
            },
            RejectionKind::NotEligible => RejectGround::NotEligible { detail: "x".into() },
            RejectionKind::Other => RejectGround::Other { text: "x".into() },
        }),
        lines,
        department: String::new(),
        queue: String::new(),
        basis: None,
        owed_by: None,
        notice_by: None,
    }
}

fn right_mark(e: LineExpectation) -> LineMark {
    match e {
        LineExpectation::Receive => LineMark::Received,
        LineExpectation::DataCheck => LineMark::DataCheck,
        LineExpectation::Flag { .. } => LineMark::Defective { reason: "x".into() },
        LineExpectation::Missing | LineExpectation::Free => LineMark::Pending,
        LineExpectation::Owed => LineMark::Deferred,
    }
}

#[test]
fn the_right_play_scores_100_and_each_mistake_costs_what_it_should() {
    let (catalog, lib) = library();
    for s in lib.scenarios() {
        let item = catalog.item(&s.item_code).unwrap();
        let d = played(s, &catalog, s.expected.decision, right_mark);
        let sc = score(s, item, &d, 100, 1);
        assert_eq!(sc.points, 100, "{}: {sc:?}", s.id);
        assert!(sc.decision_right);
        assert!(matches!(
            sc.path.last(),
            Some(ow_training::PathStep::Decide { decision, .. }) if *decision == s.expected.decision
        ));
    }

    // The blurred marriage certificate taken as received, and the case accepted anyway:
    // the decision (40), one of eight lines (5) and the only defect (20) are lost.
    let s = lib.get("03-tkpo-blurred-marriage").unwrap();
    let item = catalog.item(&s.item_code).unwrap();
    let careless = played(s, &catalog, DecisionKind::Accept, |_| LineMark::Received);
    let sc = score(s, item, &careless, 100, 1);
    assert!(!sc.decision_right);
    assert_eq!((sc.defects_planted, sc.defects_caught), (1, 0));
    assert_eq!(sc.lines.len(), 8);
    assert_eq!(sc.points, 35, "{sc:?}");

    // The right decision with the defect caught, but a good paper sent back as well.
    let fussy = played(s, &catalog, DecisionKind::Notice, |e| match e {
        LineExpectation::Receive => LineMark::Pending,
        e => right_mark(e),
    });
    let sc = score(s, item, &fussy, 100, 1);
    assert_eq!(sc.points, 40 + 40 / 8 + 20, "{sc:?}");

    // A rejection on the wrong ground is a wrong decision.
    let s = lib.get("05-tkpo-cancelled-hukou").unwrap();
    let item = catalog.item(&s.item_code).unwrap();
    let mut d = played(s, &catalog, DecisionKind::Reject, right_mark);
    d.ground = Some(RejectGround::Other { text: "x".into() });
    assert!(!score(s, item, &d, 100, 1).decision_right);
}
