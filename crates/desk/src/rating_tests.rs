//! 好差评 at the desk: asked by the clerk, given once by the citizen, into the outbox.

use crate::test_support::as_clerk;
use crate::{Desk, RatingInput};
use ow_api::{BadReason, Grade, RatingIntake, RatingInvite};
use ow_config::Config;

fn desk(dir: &std::path::Path) -> Desk {
    as_clerk(Desk::open(Config::default(), dir, None).unwrap())
}

fn code(e: &crate::DeskError) -> &'static str {
    ow_error::ErrorCode::code(e)
}

fn rating(grade: Grade, reasons: Vec<BadReason>) -> RatingInput {
    RatingInput {
        grade,
        reasons,
        text: None,
    }
}

#[test]
fn a_rating_needs_a_visit_and_goes_into_the_outbox_once() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let err = desk
        .submit_rating(rating(Grade::Satisfied, vec![]))
        .unwrap_err();
    assert_eq!(code(&err), "rating.no_visit");

    desk.request_rating(Some("A003".into()), vec!["PX-1".into(), "PX-2".into()])
        .unwrap();
    let id = desk
        .submit_rating(rating(Grade::VerySatisfied, vec![BadReason::Slow]))
        .unwrap();
    assert_eq!(desk.rating_pending().unwrap(), None);
    let again = desk
        .submit_rating(rating(Grade::VeryDissatisfied, vec![BadReason::Slow]))
        .unwrap_err();
    assert_eq!(code(&again), "rating.no_visit", "one visit, one rating");

    let jobs = desk
        .store()
        .outbox_claim_due(chrono::Utc::now(), 10)
        .unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].kind, ow_store::KIND_RATING);
    assert_eq!(jobs[0].case_id, id);
    assert_eq!(jobs[0].idempotency_key, id);
    let sent: RatingIntake = serde_json::from_str(&jobs[0].payload).unwrap();
    assert_eq!(sent.ticket.as_deref(), Some("A003"));
    assert_eq!(sent.cases, vec!["PX-1".to_owned(), "PX-2".to_owned()]);
    assert_eq!(sent.clerk_id, "1024");
    assert_eq!(sent.grade, Grade::VerySatisfied);
    assert!(sent.reasons.is_empty(), "reasons belong to a 差评 only");
    // What the clerk's sync panel lists: a rating, with nothing of its grade.
    let listed = desk.outbox_list(10).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].kind, "rating");
    assert_eq!(listed[0].window_case_no, None);
}

#[test]
fn a_poor_rating_needs_a_reason_and_the_visit_keeps_waiting_until_it_has_one() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    desk.request_rating(None, vec!["PX-9".into()]).unwrap();
    let err = desk
        .submit_rating(rating(Grade::Dissatisfied, vec![]))
        .unwrap_err();
    assert_eq!(code(&err), "rating.reason_required");
    assert!(desk.rating_pending().unwrap().is_some());
    let long = RatingInput {
        text: Some("慢".repeat(501)),
        ..rating(Grade::Dissatisfied, vec![BadReason::LongWait])
    };
    assert_eq!(
        code(&desk.submit_rating(long).unwrap_err()),
        "rating.text_too_long"
    );
    desk.submit_rating(RatingInput {
        text: Some("  等了一个小时  ".into()),
        ..rating(
            Grade::Dissatisfied,
            vec![BadReason::LongWait, BadReason::LongWait],
        )
    })
    .unwrap();
    let jobs = desk
        .store()
        .outbox_claim_due(chrono::Utc::now(), 10)
        .unwrap();
    let sent: RatingIntake = serde_json::from_str(&jobs[0].payload).unwrap();
    assert_eq!(sent.reasons, vec![BadReason::LongWait]);
    assert_eq!(sent.text.as_deref(), Some("等了一个小时"));
}

#[test]
fn only_a_signed_in_clerk_asks_for_a_rating_and_a_skip_invites_a_later_one() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let err = desk.request_rating(None, vec![]).unwrap_err();
    assert_eq!(code(&err), "auth.signed_out");
    let desk = as_clerk(desk);
    let visit = desk.request_rating(None, vec!["PX-1".into()]).unwrap();
    let code_printed = visit.code.clone().unwrap();
    assert!(ow_api::is_rating_code(&code_printed), "{code_printed}");
    desk.skip_rating().unwrap();
    assert_eq!(desk.rating_pending().unwrap(), None);
    let jobs = desk
        .store()
        .outbox_claim_due(chrono::Utc::now(), 10)
        .unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].kind, ow_store::KIND_RATING_INVITE);
    let invite: RatingInvite = serde_json::from_str(&jobs[0].payload).unwrap();
    assert_eq!(invite.code, code_printed);
    assert_eq!(invite.cases, vec!["PX-1".to_owned()]);
    assert_eq!(invite.clerk_id, "1024");
    // A second skip has nothing to invite.
    desk.skip_rating().unwrap();
    let counts = desk.store().outbox_counts().unwrap();
    assert_eq!(counts.waiting + counts.sending, 1);
}

#[test]
fn the_waiting_visit_survives_a_restart_and_is_rated_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let visit = {
        let desk = desk(dir.path());
        desk.request_rating(Some("A009".into()), vec!["PX-3".into()])
            .unwrap()
    };
    let desk = desk(dir.path());
    assert_eq!(desk.rating_pending().unwrap(), Some(visit.clone()));
    desk.submit_rating(rating(Grade::Satisfied, vec![]))
        .unwrap();
    let jobs = desk
        .store()
        .outbox_claim_due(chrono::Utc::now(), 10)
        .unwrap();
    let sent: RatingIntake = serde_json::from_str(&jobs[0].payload).unwrap();
    assert_eq!(sent.code, visit.code);
    assert_eq!(sent.ticket.as_deref(), Some("A009"));
}

#[test]
fn a_visit_keeps_one_code_and_a_replaced_one_is_invited_to_rate_later() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    let first = desk
        .request_rating(Some("A010".into()), vec!["PX-4".into()])
        .unwrap();
    // Asked again for the same visit (the clerk pressed twice): the same code, no invitation.
    let again = desk
        .request_rating(Some("A010".into()), vec!["PX-4".into(), "PX-5".into()])
        .unwrap();
    assert_eq!(again.code, first.code);
    assert_eq!(desk.store().outbox_counts().unwrap().waiting, 0);
    // The next visit before the citizen answered: the first may be rated later.
    let next = desk
        .request_rating(Some("A011".into()), vec!["PX-6".into()])
        .unwrap();
    assert_ne!(next.code, first.code);
    let jobs = desk
        .store()
        .outbox_claim_due(chrono::Utc::now(), 10)
        .unwrap();
    assert_eq!(jobs.len(), 1);
    let invite: RatingInvite = serde_json::from_str(&jobs[0].payload).unwrap();
    assert_eq!(Some(invite.code), first.code);
    assert_eq!(invite.cases, vec!["PX-4".to_owned(), "PX-5".to_owned()]);
}

#[test]
fn the_receipt_carries_the_code_the_visit_is_rated_by() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk(dir.path());
    // No rating page known (the embedded back office has not started): no QR code.
    let id = crate::test_support::accepted_spouse_case(&desk);
    let text = crate::test_support::pdf_text(&desk.issue_paper(id).unwrap().pdf_base64, dir.path());
    assert!(!text.contains("服务评价"), "{text}");

    desk.set_backoffice_base("http://127.0.0.1:8471");
    let id = crate::test_support::accepted_spouse_case(&desk);
    let number = desk.case(id).unwrap().decision.unwrap().case_number;
    let text = crate::test_support::pdf_text(&desk.issue_paper(id).unwrap().pdf_base64, dir.path());
    let visit = desk.request_rating(None, vec![number]).unwrap();
    let code = visit.code.unwrap();
    assert!(text.contains("服务评价"), "{text}");
    assert!(
        text.contains(&format!("评价码：{code}")),
        "{code} not in {text}"
    );
    assert!(text.contains("http://127.0.0.1:8471/rate"), "{text}");
}
