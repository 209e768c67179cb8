//! 好差评 at the desk: asked by the clerk, given once by the citizen, into the outbox.

use crate::test_support::as_clerk;
use crate::{Desk, RatingInput};
use ow_api::{BadReason, Grade, RatingIntake};
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
fn only_a_signed_in_clerk_asks_for_a_rating_and_a_skip_ends_the_wait() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let err = desk.request_rating(None, vec![]).unwrap_err();
    assert_eq!(code(&err), "auth.signed_out");
    let desk = as_clerk(desk);
    desk.request_rating(None, vec!["PX-1".into()]).unwrap();
    desk.skip_rating().unwrap();
    assert_eq!(desk.rating_pending().unwrap(), None);
    assert!(desk
        .store()
        .outbox_claim_due(chrono::Utc::now(), 10)
        .unwrap()
        .is_empty());
}
