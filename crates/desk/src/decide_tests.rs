//! Decisions and papers on a real store, with the built-in catalog.

use crate::test_support::pdf_text;
use crate::{Blocker, DecisionRequest, Desk};
use ow_case::{CaseEdit, CaseId, CaseStatus, LineMark, RejectGround};
use ow_config::Config;

fn desk(dir: &std::path::Path) -> Desk {
    crate::test_support::as_clerk(Desk::open(Config::default(), dir, None).unwrap())
}

fn answered_case(desk: &Desk) -> CaseId {
    crate::test_support::spouse_case_with_applicant(desk)
}

fn required_lines(desk: &Desk, id: CaseId) -> Vec<String> {
    let view = desk.case_view(id).unwrap();
    view.options
        .unwrap()
        .lines
        .into_iter()
        .filter(|l| l.problem.is_some())
        .map(|l| l.id)
        .collect()
}

#[test]
fn accepting_needs_every_required_line_and_freezes_the_case_with_its_outbox_entry() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    let missing = required_lines(&desk, id);
    assert!(missing.len() >= 2, "{missing:?}");

    let err = desk.decide(id, DecisionRequest::Accept).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "desk.decision_not_allowed");
    let view = desk.case_view(id).unwrap();
    assert!(matches!(
        view.options.unwrap().accept_blockers.as_slice(),
        [Blocker::MaterialsIncomplete { lines }] if *lines == missing
    ));

    for line in &missing {
        desk.mark_line(id, line.clone(), LineMark::Received)
            .unwrap();
    }
    let view = desk.decide(id, DecisionRequest::Accept).unwrap();
    assert_eq!(view.draft.status, CaseStatus::Accepted);
    let decision = view.draft.decision.unwrap();
    assert!(
        decision.case_number.starts_with("PX-TRAIN0001-W08-"),
        "training series: {}",
        decision.case_number
    );
    assert!(decision.document_number.starts_with("PX-SL-TRAIN0001-W08-"));
    assert_eq!(decision.queue, "backoffice.huzheng");

    let entry = desk.store().outbox_entry(id).unwrap().unwrap();
    assert_eq!(entry.state, "waiting");
    assert_eq!(entry.idempotency_key, id.to_string());
    let payload: ow_api::CaseIntake =
        serde_json::from_str(&desk.store().outbox_payload(id).unwrap()).unwrap();
    assert_eq!(payload.queue, "huzheng", "the back office's queue id");
    assert_eq!(payload.window_case_no, decision.case_number);
    assert_eq!(payload.applicant.id_number, "11010519491231002X");
    assert_eq!(payload.materials.len(), missing.len());
    assert_eq!(desk.store().outbox_pending().unwrap(), 1);

    // Decided means frozen: a second decision, an edit or an answer is refused.
    let again = desk.decide(id, DecisionRequest::Accept).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&again), "desk.case_closed");
    let edit = desk
        .update_case(
            id,
            CaseEdit {
                applicant_name: Some("别人".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&edit), "desk.case_closed");
    // Looking back at earlier steps stays possible.
    let back = desk
        .update_case(
            id,
            CaseEdit {
                step: Some(ow_case::CaseStep::Applicant),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(back.status, CaseStatus::Accepted);
    assert_eq!(desk.store().outbox_pending().unwrap(), 1);
}

#[test]
fn case_and_document_numbers_never_repeat_across_cases_and_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let mut numbers = Vec::new();
    for _ in 0..2 {
        let desk = desk(dir.path());
        for _ in 0..2 {
            let id = answered_case(&desk);
            let view = desk.decide(id, DecisionRequest::Notice).unwrap();
            let d = view.draft.decision.unwrap();
            numbers.push((d.case_number, d.document_number));
        }
    }
    let cases: std::collections::HashSet<_> = numbers.iter().map(|n| &n.0).collect();
    let docs: std::collections::HashSet<_> = numbers.iter().map(|n| &n.1).collect();
    assert_eq!(cases.len(), 4, "{numbers:?}");
    assert_eq!(docs.len(), 4, "{numbers:?}");
    assert!(numbers[3].0.ends_with("-0004"), "{numbers:?}");
}

#[test]
fn a_failed_decision_leaves_the_case_open_and_draws_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    for line in required_lines(&desk, id) {
        desk.mark_line(id, line, LineMark::Received).unwrap();
    }
    // Something already holds this case's outbox slot: the enqueue fails inside the
    // transaction, and the whole decision must roll back with it.
    desk.store()
        .in_transaction(|tx| {
            tx.enqueue(&ow_store::NewOutboxEntry {
                case_id: id,
                idempotency_key: "stale",
                payload: "{}",
                blobs: &[],
                enqueued_at: chrono::Utc::now(),
            })
        })
        .unwrap();
    assert!(desk.decide(id, DecisionRequest::Accept).is_err());
    let case = desk.case(id).unwrap();
    assert_eq!(case.status, CaseStatus::Draft);
    assert!(case.decision.is_none());
    // The next case still gets the first number of the day.
    let other = answered_case(&desk);
    let d = desk.decide(other, DecisionRequest::Notice).unwrap();
    assert!(d.draft.decision.unwrap().case_number.ends_with("-0001"));
}

#[test]
fn the_notice_lists_exactly_the_missing_and_defective_lines_with_their_standard() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    let view = desk.case_view(id).unwrap();
    let opts = view.options.unwrap();
    let mut must: Vec<_> = opts.lines.iter().filter(|l| l.problem.is_some()).collect();
    let received = must.pop().unwrap().clone();
    let defective = must.pop().unwrap().clone();
    desk.mark_line(id, received.id.clone(), LineMark::Received)
        .unwrap();
    desk.mark_line(
        id,
        defective.id.clone(),
        LineMark::Defective {
            reason: "模糊".into(),
        },
    )
    .unwrap();
    let view = desk.decide(id, DecisionRequest::Notice).unwrap();
    let d = view.draft.decision.unwrap();
    assert!(d.listed_lines.contains(&defective.id));
    assert!(!d.listed_lines.contains(&received.id));
    assert_eq!(d.listed_lines.len(), must.len() + 1);

    let paper = desk.issue_paper(id).unwrap();
    let text = pdf_text(&paper.pdf_base64, dir.path());
    assert!(text.contains("一次性告知书"), "{text}");
    assert!(text.contains("模糊"), "{text}");
    for l in &must {
        assert!(
            text.contains(&l.name[..l.name.len().min(9)]),
            "{} missing:\n{text}",
            l.name
        );
    }
    assert!(!text.contains(&received.name), "{text}");
    assert!(text.contains(&d.document_number), "{text}");
}

#[test]
fn the_receipt_carries_the_case_number_and_reprints_are_filed_and_marked() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    for line in required_lines(&desk, id) {
        desk.mark_line(id, line, LineMark::Received).unwrap();
    }
    let d = desk
        .decide(id, DecisionRequest::Accept)
        .unwrap()
        .draft
        .decision
        .unwrap();
    let first = desk.issue_paper(id).unwrap();
    assert_eq!(
        desk.issue_paper(id).unwrap().entry.id,
        first.entry.id,
        "issued once"
    );
    let text = pdf_text(&first.pdf_base64, dir.path());
    assert!(text.contains("受理回执"), "{text}");
    assert!(
        text.contains("培训政务服务中心"),
        "the configured hall: {text}"
    );
    assert!(text.contains(&d.case_number), "{text}");
    assert!(text.contains("已受理，待上传"), "not yet confirmed: {text}");
    assert!(text.contains("陈思远"), "{text}");

    let reprint = desk.reprint_paper(first.entry.id).unwrap();
    assert!(reprint.entry.reprint);
    assert_eq!(reprint.entry.document_number, first.entry.document_number);
    assert!(pdf_text(&reprint.pdf_base64, dir.path()).contains("补打"));
    let history = desk.case_papers(id).unwrap();
    let receipts: Vec<_> = history
        .iter()
        .filter(|p| p.kind == ow_papers::PaperKind::Receipt)
        .map(|p| p.reprint)
        .collect();
    assert_eq!(receipts, [false, true], "the first and its reprint");
}

#[test]
fn a_rejection_needs_a_ground_and_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    let err = desk
        .decide(
            id,
            DecisionRequest::Reject {
                ground: RejectGround::Other { text: "  ".into() },
            },
        )
        .unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "desk.ground_missing");
    desk.decide(
        id,
        DecisionRequest::Reject {
            ground: RejectGround::OutOfRemit {
                competent_department: "市民政局婚姻登记处".into(),
            },
        },
    )
    .unwrap();
    assert_eq!(
        desk.store().outbox_pending().unwrap(),
        0,
        "rejections are not forwarded"
    );
    let text = pdf_text(&desk.issue_paper(id).unwrap().pdf_base64, dir.path());
    assert!(text.contains("不予受理通知书"), "{text}");
    assert!(text.contains("市民政局婚姻登记处"), "{text}");
}

#[tokio::test]
async fn printing_in_sandbox_is_the_preview_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    desk.decide(id, DecisionRequest::Notice).unwrap();
    let paper = desk.issue_paper(id).unwrap();
    let printed = desk.print_paper(paper.entry.id).await.unwrap();
    assert_eq!(printed.print_result.as_deref(), Some("preview"));
    assert!(printed.printed_at.is_some());
}

#[test]
fn a_typed_number_that_fails_its_check_stands_only_with_a_recorded_reason() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    for line in required_lines(&desk, id) {
        desk.mark_line(id, line, LineMark::Received).unwrap();
    }
    // Born on 31 February, check character fitting: only the date gives it away.
    let bad = "110105194902310026";
    assert_eq!(
        desk.check_typed_number(bad),
        Some(crate::NumberProblem::NoSuchBirthDate)
    );
    assert_eq!(desk.check_typed_number("  "), None);
    assert_eq!(desk.check_typed_number("11010519491231002X"), None);
    desk.update_case(
        id,
        CaseEdit {
            applicant_id_number: Some(bad.into()),
            ..Default::default()
        },
    )
    .unwrap();
    let err = desk.decide(id, DecisionRequest::Accept).unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "desk.decision_not_allowed");
    let options = desk.case_view(id).unwrap().options.unwrap();
    assert_eq!(
        options.accept_blockers,
        vec![Blocker::ApplicantNumberInvalid {
            problem: crate::NumberProblem::NoSuchBirthDate
        }]
    );
    assert!(!options.can_notice);

    // A reason longer than the limit is refused and changes nothing.
    let long = "原".repeat(crate::MAX_REASON_CHARS + 1);
    let err = desk
        .update_case(
            id,
            CaseEdit {
                applicant_number_reason: Some(long),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "desk.reason_too_long");
    assert_eq!(desk.case(id).unwrap().applicant.number_reason, None);

    let reason = "原件如此印制，已核对原件";
    desk.update_case(
        id,
        CaseEdit {
            applicant_number_reason: Some(reason.into()),
            ..Default::default()
        },
    )
    .unwrap();
    let trail = desk.store().audit_trail(&id.to_string()).unwrap();
    let kept = trail
        .iter()
        .find(|r| r.action == "identity.number_kept")
        .expect("the kept number is in the trail");
    assert!(kept.detail.to_string().contains("no_such_birth_date"));
    assert!(!kept.detail.to_string().contains(bad), "never the number");

    // Typing the number again clears the reason: it answered the old number.
    desk.update_case(
        id,
        CaseEdit {
            applicant_id_number: Some(bad.into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(desk.decide(id, DecisionRequest::Accept).is_err());
    desk.update_case(
        id,
        CaseEdit {
            applicant_number_reason: Some(reason.into()),
            ..Default::default()
        },
    )
    .unwrap();
    let view = desk.decide(id, DecisionRequest::Accept).unwrap();
    assert_eq!(view.draft.status, CaseStatus::Accepted);
    assert_eq!(view.draft.applicant.number_reason.as_deref(), Some(reason));
}

#[test]
fn an_owed_line_travels_with_the_case_and_the_receipt_gives_its_date() {
    use ow_catalog::AnswerValue::Choice;
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let id = answered_case(&desk);
    // Widowed: the death certificate becomes a 容缺 line.
    desk.answer(
        id,
        "previous_marriage".into(),
        Some(Choice("widowed".into())),
    )
    .unwrap();
    for line in required_lines(&desk, id) {
        desk.mark_line(id, line, LineMark::Received).unwrap();
    }
    desk.mark_line(id, "death_proof".into(), LineMark::Deferred)
        .unwrap();
    let d = desk
        .decide(id, DecisionRequest::Accept)
        .unwrap()
        .draft
        .decision
        .unwrap();
    let today = chrono::Local::now().date_naive();
    // Both dates come from the working-day calendar; a year it does not cover leaves them out
    // rather than guessing.
    if let Some(by) = d.owed_by {
        assert!(by > today, "{by}");
    }
    if let (Some(notice), Some(owed)) = (d.notice_by, d.owed_by) {
        assert!(
            notice < owed,
            "five working days before ten: {notice} {owed}"
        );
    }

    let later = chrono::Utc::now() + chrono::Duration::days(1);
    let jobs = desk.store().outbox_claim_due(later, 10).unwrap();
    let job = jobs.iter().find(|j| j.case_id == id.to_string()).unwrap();
    let intake: ow_api::CaseIntake = serde_json::from_str(&job.payload).unwrap();
    assert_eq!(intake.owed.len(), 1);
    assert_eq!(intake.owed[0].code, "death_proof");
    assert_eq!(intake.owed[0].due, d.owed_by);
    assert_eq!(intake.notice_by, d.notice_by);
    assert!(intake.materials.iter().all(|m| m.code != "death_proof"));

    let text = pdf_text(&desk.issue_paper(id).unwrap().pdf_base64, dir.path());
    let owed = match d.owed_by {
        Some(by) => format!("容缺后补，{}前", by.format("%Y年%m月%d日")),
        None => "容缺后补".to_owned(),
    };
    // The table's note column wraps the line: compare without the layout's spaces.
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains(&owed), "{owed} in {text}");
}
