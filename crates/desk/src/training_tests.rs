//! Every scenario of the library played through the window's own code by a trainee who does
//! everything right scores 100; the page checks catch the planted page defects; a careless
//! play scores what it should; the reset keeps the history; production refuses training.

use crate::test_support::{as_clerk, sane_turn};
use crate::{DecisionRequest, Desk};
use ow_case::{CaseEdit, CaseId, DecisionKind, LineMark};
use ow_config::Config;
use ow_error::ErrorCode;
use ow_scanner::checks::FindingCode;
use ow_training::{Defect, LineExpectation, Scenario};

/// Without OCR: Tesseract finds no ID number on a synthetic page, and reading ~60 copies costs
/// minutes (the ID-copy check has its own tests).
fn desk(dir: &std::path::Path) -> Desk {
    let mut config = Config::default();
    config.materials.ocr = false;
    as_clerk(Desk::open(config, dir, None).unwrap())
}

/// Types the applicant from the scenario's card (the reader is not running in unit tests),
/// chooses the item and answers in asking order.
fn take_in(desk: &Desk, case: CaseId, s: &Scenario) {
    let card = ow_idcard::gallery::card(&s.applicant_card).unwrap();
    desk.update_case(
        case,
        CaseEdit {
            applicant_name: Some(card.name.expose().to_owned()),
            applicant_id_number: Some(card.number.expose().to_owned()),
            ..Default::default()
        },
    )
    .unwrap();
    desk.choose_item(case, &s.item_code).unwrap();
    let catalog = desk.catalog();
    let item = catalog.item(&s.item_code).unwrap();
    for q in item.questions() {
        if let Some(a) = s.answers.get(&q.id) {
            desk.answer(case, q.id.clone(), Some(a.clone())).unwrap();
        }
    }
}

/// Hands every paper over onto its own line and checks what the page checks found.
fn hand_over_all(desk: &Desk, case: CaseId, s: &Scenario) {
    for doc in &s.documents {
        let view = desk
            .training_hand_over(case, &doc.line, doc.line.clone())
            .unwrap();
        let pages: Vec<_> = view
            .pages
            .iter()
            .filter(|p| p.line_id == doc.line)
            .collect();
        assert_eq!(pages.len() as u32, doc.pages, "{}: {}", s.id, doc.line);
        let found = |code: FindingCode| {
            pages
                .iter()
                .any(|p| p.findings.iter().any(|f| f.code == code))
        };
        match doc.defect {
            Some(Defect::Blurred) => assert!(found(FindingCode::Blurred), "{}: {:?}", s.id, pages),
            Some(Defect::Blank) => assert!(found(FindingCode::Blank), "{}: {:?}", s.id, pages),
            Some(Defect::MissingBack) => {
                assert!(
                    view.short_lines.iter().any(|l| l.line_id == doc.line),
                    "{}",
                    s.id
                )
            }
            _ => assert!(pages.iter().all(|p| p.passes), "{}: {:?}", s.id, pages),
        }
    }
}

/// Marks each line as a careful clerk would and decides as the scenario expects.
fn decide_right(desk: &Desk, case: CaseId, s: &Scenario) {
    let catalog = desk.catalog();
    let item = catalog.item(&s.item_code).unwrap();
    let eval = item.evaluate(&s.answers);
    for (line, expect) in ow_training::expected_lines(s, &eval.checklist) {
        let mark = match expect {
            LineExpectation::Flag { defect } => LineMark::Defective {
                reason: format!("{defect:?}"),
            },
            LineExpectation::DataCheck => LineMark::DataCheck,
            LineExpectation::Owed => LineMark::Deferred,
            LineExpectation::Receive => LineMark::Received,
            LineExpectation::Missing | LineExpectation::Free => continue,
        };
        desk.mark_line(case, line.id.clone(), mark).unwrap();
    }
    let request = match s.expected.decision {
        DecisionKind::Accept => DecisionRequest::Accept,
        DecisionKind::Notice => DecisionRequest::Notice,
        DecisionKind::Reject => DecisionRequest::Reject {
            ground: desk
                .case_view(case)
                .unwrap()
                .options
                .unwrap()
                .suggested_ground
                .unwrap(),
        },
    };
    desk.decide(case, request).unwrap();
}

#[test]
fn a_perfect_trainee_scores_100_on_every_scenario_through_the_window() {
    let _sane = sane_turn();
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let scenarios = desk.training_scenarios().unwrap();
    assert!(scenarios.len() >= 20);
    for s in &scenarios {
        let play = desk.start_training(&s.id).unwrap();
        assert_eq!(
            desk.training_score(play.case_id).unwrap(),
            None,
            "not decided yet"
        );
        take_in(&desk, play.case_id, s);
        hand_over_all(&desk, play.case_id, s);
        decide_right(&desk, play.case_id, s);
        let score = desk.training_score(play.case_id).unwrap().unwrap();
        assert_eq!(score.points, 100, "{}: {score:?}", s.id);
        assert_eq!(score.defects_caught, score.defects_planted);
    }
    let results = desk.training_results(Some("1024")).unwrap();
    assert_eq!(results.len(), scenarios.len());
    assert!(results
        .iter()
        .all(|r| r.score.as_ref().is_some_and(|s| s.points == 100)));
}

#[test]
fn a_careless_play_is_scored_down_and_the_reset_keeps_the_history() {
    let _sane = sane_turn();
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let play = desk.start_training("03-tkpo-blurred-marriage").unwrap();
    let s = play.scenario.clone();
    take_in(&desk, play.case_id, &s);
    hand_over_all(&desk, play.case_id, &s);
    // The blurred certificate is taken as received and the case accepted.
    let view = desk.case_view(play.case_id).unwrap();
    for line in view.options.unwrap().lines {
        if !line.mark.is_supplied() {
            desk.mark_line(play.case_id, line.id, LineMark::Received)
                .unwrap();
        }
    }
    desk.decide(play.case_id, DecisionRequest::Accept).unwrap();
    let score = desk.training_score(play.case_id).unwrap().unwrap();
    assert_eq!(
        (score.points, score.decision_right),
        (35, false),
        "{score:?}"
    );
    assert_eq!((score.defects_planted, score.defects_caught), (1, 0));
    assert_eq!(
        score.papers, 0,
        "scored at the decision, before the paper step"
    );
    desk.issue_paper(play.case_id).unwrap();
    let score = desk.training_score(play.case_id).unwrap().unwrap();
    let issued = desk.store().papers(play.case_id).unwrap().len() as u32;
    assert!(issued >= 1);
    assert_eq!(
        (score.papers, score.points),
        (issued, 35),
        "papers count, the points stay"
    );

    // A second play left open, then the reset: the window is empty, the history is not.
    let open = desk.start_training("01-tkpo-complete").unwrap();
    take_in(&desk, open.case_id, &open.scenario);
    hand_over_all(&desk, open.case_id, &open.scenario);
    assert_eq!(desk.store().outbox_pending().unwrap(), 1);
    let reset = desk.reset_training().unwrap();
    assert_eq!(reset.cases, 2);
    assert!(reset.pages >= 9, "{reset:?}");
    assert_eq!(reset.outbox, 1);
    assert!(desk.case(play.case_id).is_err());
    assert!(desk.case(open.case_id).is_err());
    assert_eq!(desk.store().outbox_pending().unwrap(), 0);
    let history = desk.training_results(None).unwrap();
    assert_eq!(history.len(), 2);
    let first = history
        .iter()
        .find(|r| r.case_id == play.case_id.to_string())
        .unwrap();
    assert_eq!(first.score.as_ref().unwrap().points, 35);
    let second = history
        .iter()
        .find(|r| r.case_id == open.case_id.to_string())
        .unwrap();
    assert_eq!(second.score, None, "never decided");

    // The trainee's report: both plays, the score, in the training series, CJK text.
    let report = desk.training_report("1024").unwrap();
    assert!(
        report.document_number.starts_with("PX-CJ-"),
        "{}",
        report.document_number
    );
    let pdf = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &report.pdf);
    let text = crate::test_support::pdf_text(&pdf, dir.path());
    for needle in [
        "培训成绩单",
        "1024",
        "夫妻投靠",
        "受理（应为一次",
        "0/1",
        "35",
        "未完成",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }

    // Papers of a play that is not one, and a paper the citizen does not have.
    let plain = desk.create_case(None).unwrap();
    let err = desk
        .training_hand_over(plain.id, "photo", "photo".into())
        .unwrap_err();
    assert_eq!(err.code(), "training.not_a_play");
    let again = desk.start_training("07-sfz-lost-temp").unwrap();
    take_in(&desk, again.case_id, &again.scenario);
    let err = desk
        .training_hand_over(again.case_id, "marriage_cert", "photo".into())
        .unwrap_err();
    assert_eq!(err.code(), "training.no_such_paper");
    assert_eq!(
        desk.start_training("no-such").unwrap_err().code(),
        "training.unknown_scenario"
    );
}

#[test]
fn production_refuses_training_and_a_store_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    drop(desk(dir.path()));
    let production = Config {
        mode: ow_api::Mode::Production,
        ..Config::default()
    };
    let err = Desk::open(production.clone(), dir.path(), None)
        .err()
        .unwrap();
    assert_eq!(err.code(), "store.wrong_mode");

    let other = tempfile::tempdir().unwrap();
    let desk = as_clerk(Desk::open(production, other.path(), None).unwrap());
    for code in [
        desk.training_scenarios().err().map(|e| e.code()),
        desk.start_training("01-tkpo-complete")
            .err()
            .map(|e| e.code()),
        desk.reset_training().err().map(|e| e.code()),
    ] {
        assert_eq!(code, Some("training.not_sandbox"));
    }
    drop(desk);
    let err = Desk::open(Config::default(), other.path(), None)
        .err()
        .unwrap();
    assert_eq!(err.code(), "store.wrong_mode");
}
