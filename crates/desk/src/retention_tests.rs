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
    let desk = crate::test_support::as_clerk(
        Desk::open(config, dir.path(), Some(&DbKey::from_bytes([3; 32]))).unwrap(),
    );
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

#[test]
fn the_audit_trail_follows_the_case_without_personal_data_and_outlives_the_purge() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    desk.sign_in_for_test("1024", "培训收件员", &[ow_api::ClerkRole::Clerk]);
    let id = accepted_with_page(&desk);
    let trail = desk.case_audit(id).unwrap();
    let actions: Vec<&str> = trail.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "case.created",
            "identity.manual",
            "case.decided",
            "paper.issued",
            "paper.issued"
        ],
        "typing the applicant is one line however many autosaves it took; receipt and voucher"
    );
    assert!(trail[3].detail.contains("receipt") && trail[4].detail.contains("voucher"));
    let typing = desk.create_case(None).unwrap().id;
    for name in ["陈", "陈思", "陈思远"] {
        let edit = ow_case::CaseEdit {
            applicant_name: Some(name.into()),
            ..Default::default()
        };
        desk.update_case(typing, edit).unwrap();
    }
    assert_eq!(
        desk.case_audit(typing).unwrap().len(),
        2,
        "created + one manual entry"
    );
    assert!(trail
        .iter()
        .all(|l| l.clerk_id == "1024" && l.workstation_id == "TRAIN-W08"));
    let decided = &trail[2].detail;
    let number = desk.case(id).unwrap().decision.unwrap().case_number;
    assert!(
        decided.contains(&number) && decided.contains("accept"),
        "{decided}"
    );
    for l in &trail {
        assert!(!l.detail.contains("陈思远") && !l.detail.contains("11010519491231002X"));
    }

    desk.store()
        .outbox_confirm(&id.to_string(), "BO-1", Utc::now())
        .unwrap();
    desk.purge_expired(Utc::now() + Duration::days(31)).unwrap();
    let after = desk.case_audit(id).unwrap();
    assert_eq!(after.len(), trail.len() + 1, "the trail stays");
    assert_eq!(after.last().unwrap().action, "case.purged");
}
