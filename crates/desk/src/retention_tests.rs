//! Retention on a real, keyed store: what goes after the period and what never goes.

use crate::test_support::{png_page, spouse_case_with_applicant};
use crate::{DecisionRequest, Desk};
use chrono::{Duration, Utc};
use ow_case::{CaseId, LineMark};
use ow_config::Config;
use ow_error::ErrorCode;
use ow_store::DbKey;

fn problem_lines(desk: &Desk, id: CaseId) -> Vec<String> {
    let view = desk.case_view(id).unwrap();
    let lines = view.options.unwrap().lines;
    lines
        .into_iter()
        .filter(|l| l.problem.is_some())
        .map(|l| l.id)
        .collect()
}

/// An accepted case with an imported page on its first line and its receipt issued.
fn accepted_with_page(desk: &Desk) -> CaseId {
    let id = spouse_case_with_applicant(desk);
    let lines = problem_lines(desk, id);
    desk.import_into_line(id, lines[0].clone(), Some("户口簿.png".into()), png_page())
        .unwrap();
    for line in lines {
        desk.mark_line(id, line, LineMark::Received).unwrap();
    }
    desk.decide(id, DecisionRequest::Accept).unwrap();
    desk.issue_paper(id).unwrap();
    id
}

#[test]
fn decided_cases_leave_after_the_period_and_unfinished_work_never_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::default();
    config.retention.days = 30;
    let desk = Desk::open(config, dir.path(), Some(&DbKey::from_bytes([3; 32]))).unwrap();
    let now = Utc::now();

    let confirmed = accepted_with_page(&desk);
    let case_number = desk.case(confirmed).unwrap().decision.unwrap().case_number;
    desk.store()
        .outbox_confirm(&confirmed.to_string(), "BO-000001", now)
        .unwrap();
    // Same page bytes, so the two cases share one blob: purging one must keep it for the other.
    let waiting = accepted_with_page(&desk);
    let noticed = spouse_case_with_applicant(&desk);
    desk.decide(noticed, DecisionRequest::Notice).unwrap();
    let draft = desk.create_case(None).unwrap().id;

    assert_eq!(
        desk.purge_expired(now + Duration::days(29)).unwrap().cases,
        0,
        "nothing before the period ends"
    );
    let report = desk.purge_expired(now + Duration::days(31)).unwrap();
    assert_eq!(report.cases, 2, "{report:?}");
    assert!(report.papers >= 1 && report.pages >= 1, "{report:?}");

    for gone in [confirmed, noticed] {
        assert_eq!(desk.case(gone).unwrap_err().code(), "store.not_found");
        assert!(desk.case_papers(gone).unwrap().is_empty());
    }
    assert_eq!(desk.store().purged_count().unwrap(), 2);
    let record = desk.store().purged_case(&confirmed.to_string()).unwrap();
    assert_eq!(record.case_number.as_deref(), Some(case_number.as_str()));
    assert_eq!(record.backoffice_number.as_deref(), Some("BO-000001"));

    // Not yet confirmed by the back office: the case, its pages and the blobs it will upload stay.
    let kept = desk.materials(waiting).unwrap();
    assert_eq!(kept.pages.len(), 1);
    assert!(!desk
        .page_image(waiting, &kept.pages[0].id)
        .unwrap()
        .is_empty());
    let intake: ow_api::CaseIntake =
        serde_json::from_str(&desk.store().outbox_payload(waiting).unwrap()).unwrap();
    let job_blobs: Vec<String> = intake.materials.into_iter().flat_map(|m| m.blobs).collect();
    assert!(!job_blobs.is_empty());
    for sha in job_blobs {
        assert!(
            desk.store().blob(&sha).unwrap().is_some(),
            "blob {sha} lost"
        );
    }
    assert!(
        desk.case(draft).unwrap().status.is_open(),
        "an open draft stays"
    );
}
