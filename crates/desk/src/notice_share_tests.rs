//! A notice issued at one window, carried on at another through a real (embedded) back
//! office: found by the citizen's ID number, its answers and received pages taken over, and
//! taken off every window's list once a case carries it on.

use crate::follow_up_tests::{desk, missing, with_applicant};
use crate::reference_tests::signed_in_client;
use crate::results_tests::drain;
use crate::test_support::{png_page, spouse_case_with_applicant};
use crate::{DecisionRequest, Desk, DeskError};
use ow_backoffice::seed::ADMIN_TOKEN;
use ow_case::{CaseStatus, FollowKind, LineMark};
use ow_config::{Backoffice, Config};
use std::collections::BTreeMap;

const NUMBER: &str = "11010519491231002X";

/// The sandbox desk of window 09, enrolled at the same back office.
async fn window_09(client: &ow_sync::BackofficeClient) -> (tempfile::TempDir, Desk, String) {
    client
        .provision_workstation(
            ADMIN_TOKEN,
            "TRAIN-W09",
            "综合窗口 09",
            Backoffice::SANDBOX_SECRET,
        )
        .await
        .unwrap();
    let token = client
        .sign_in_workstation("TRAIN-W09", Backoffice::SANDBOX_SECRET)
        .await
        .unwrap();
    let mut config = Config::default();
    config.window.number = "09".into();
    config.window.workstation_id = "TRAIN-W09".into();
    let dir = tempfile::tempdir().unwrap();
    let desk = crate::test_support::as_clerk(Desk::open(config, dir.path(), None).unwrap());
    (dir, desk, token)
}

/// Every page the notice names, fetched as the window does.
async fn pages_of(
    client: &ow_sync::BackofficeClient,
    token: &str,
    notice: &ow_api::StoredNotice,
) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sha in notice.record.received.iter().flat_map(|m| &m.blobs) {
        out.insert(sha.clone(), client.get_blob(token, sha).await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_issued_at_one_window_is_carried_on_at_another() {
    let (client, token_08, _base) = signed_in_client().await;
    let (_dir, here) = desk();
    let first = spouse_case_with_applicant(&here);
    let lines = missing(&here, first);
    here.import_into_line(
        first,
        lines[0].clone(),
        Some("户口簿.png".into()),
        png_page(),
    )
    .unwrap();
    here.mark_line(first, lines[1].clone(), LineMark::Received)
        .unwrap();
    let notice = here.decide(first, DecisionRequest::Notice).unwrap();
    let decision = notice.draft.decision.clone().unwrap();
    assert_eq!(drain(&here, &client).await.confirmed, 1, "the notice went");
    assert_eq!(drain(&here, &client).await.confirmed, 0, "once");

    let (_dir9, there, token_09) = window_09(&client).await;
    let again = with_applicant(&there, NUMBER);
    assert!(
        there.open_notices(again).unwrap().is_empty(),
        "not issued here"
    );
    let found = client.search_notices(&token_09, NUMBER).await.unwrap();
    assert_eq!(found.len(), 1);
    let offered = there.notices_elsewhere(again, found.clone()).unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].case_id, None);
    assert_eq!(offered[0].window.as_deref(), Some("08"));
    assert_eq!(offered[0].document_number, decision.document_number);
    assert_eq!(offered[0].missing.len(), decision.listed_lines.len());
    // The window that issued it finds it among its own cases, not as one from elsewhere.
    let back_here = with_applicant(&here, NUMBER);
    assert!(here
        .notices_elsewhere(back_here, found.clone())
        .unwrap()
        .is_empty());

    // Someone else's card does not carry it on.
    let pages = pages_of(&client, &token_09, &found[0]).await;
    let stranger = with_applicant(&there, "110105194912310021");
    assert!(matches!(
        there.continue_remote_notice(stranger, &found[0], &pages),
        Err(DeskError::NotTheApplicant)
    ));

    let continued = there
        .continue_remote_notice(again, &found[0], &pages)
        .unwrap();
    let follows = continued.follows.clone().unwrap();
    assert_eq!(follows.kind, FollowKind::Notice);
    assert_eq!(follows.document_number, decision.document_number);
    assert_eq!(continued.item, notice.draft.item);
    assert_eq!(continued.answers, notice.draft.answers);
    assert_eq!(
        missing(&there, again),
        decision.listed_lines,
        "only what the notice listed is left"
    );
    let carried = there.store().case_page_list(again).unwrap();
    assert_eq!(carried.len(), 1, "the scanned line's pages came along");
    assert_eq!(carried[0].line_id, lines[0]);
    assert_eq!(carried[0].media_type, "application/pdf");

    for line in &decision.listed_lines {
        there
            .mark_line(again, line.clone(), LineMark::Received)
            .unwrap();
    }
    let accepted = there.decide(again, DecisionRequest::Accept).unwrap();
    assert_eq!(accepted.draft.status, CaseStatus::Accepted);
    let receipt = there.issue_paper(again).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = crate::test_support::pdf_text(&receipt.pdf_base64, dir.path());
    assert_eq!(text.matches("前次已收").count(), 2, "{text}");

    // Carried on: the case and the carry-on both reach the back office, and no window is
    // offered the notice again.
    assert_eq!(drain(&there, &client).await.confirmed, 2);
    assert!(client
        .search_notices(&token_08, NUMBER)
        .await
        .unwrap()
        .is_empty());
    let stored = client
        .fetch_notice(&token_08, &decision.document_number)
        .await
        .unwrap();
    let number = accepted.draft.decision.unwrap().case_number;
    assert_eq!(stored.carried_on_by.as_deref(), Some(number.as_str()));
    let later = with_applicant(&there, NUMBER);
    assert!(matches!(
        there.continue_remote_notice(later, &stored, &pages),
        Err(DeskError::AlreadyCarriedOn)
    ));
    // The department gets the page brought at the first visit with the case.
    let entry = there.store().outbox_entry(again).unwrap().unwrap();
    let case = client
        .fetch_case(&token_09, &entry.backoffice_number.unwrap())
        .await
        .unwrap();
    let first_line = case
        .intake
        .materials
        .iter()
        .find(|m| m.code == lines[0])
        .unwrap();
    assert_eq!(first_line.blobs.len(), 1);
}

/// Two cases at the same window carry on the same notice from elsewhere: the first decided
/// wins, the other is refused (the notice's id here is the same for both).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_two_carrying_a_remote_notice_on_the_first_decided_wins() {
    let (client, _token, _base) = signed_in_client().await;
    let (_dir, here) = desk();
    let first = spouse_case_with_applicant(&here);
    here.decide(first, DecisionRequest::Notice).unwrap();
    drain(&here, &client).await;
    let (_dir9, there, token_09) = window_09(&client).await;
    let found = client.search_notices(&token_09, NUMBER).await.unwrap();
    let pages = pages_of(&client, &token_09, &found[0]).await;
    let left = with_applicant(&there, NUMBER);
    // A line this window's rules do not ask for (another catalog) is not taken over.
    let mut odd = found[0].clone();
    odd.record.received.push(ow_api::MaterialRef {
        code: "not_on_this_checklist".into(),
        name: "别处的材料".into(),
        blobs: Vec::new(),
        data_check: true,
    });
    let draft = there.continue_remote_notice(left, &odd, &pages).unwrap();
    assert!(!draft.materials.contains_key("not_on_this_checklist"));
    assert!(draft.follows.unwrap().carried_lines.is_empty());
    let later = with_applicant(&there, NUMBER);
    assert_eq!(
        there.notices_elsewhere(later, found.clone()).unwrap().len(),
        1,
        "an open continuation does not hold it"
    );
    there
        .continue_remote_notice(later, &found[0], &pages)
        .unwrap();
    crate::test_support::accept_all_received(&there, later).unwrap();
    assert!(there
        .notices_elsewhere(left, found.clone())
        .unwrap()
        .is_empty());
    assert!(matches!(
        crate::test_support::accept_all_received(&there, left),
        Err(DeskError::AlreadyCarriedOn)
    ));
}

#[test]
fn the_notice_number_is_read_from_its_qr_code_or_as_typed() {
    use crate::notice_number_in;
    let n = "PX-GZ-TRAIN0001-W08-2026000003";
    assert_eq!(notice_number_in(n).as_deref(), Some(n));
    assert_eq!(
        notice_number_in(&format!("  {}\n", n.to_lowercase())).as_deref(),
        Some(n)
    );
    assert_eq!(
        notice_number_in(&format!("https://zwfw.example.gov.cn/query?notice={n}&x=1")).as_deref(),
        Some(n)
    );
    for bad in [
        "",
        "   ",
        "GZ/../1",
        "https://x/q?notice=",
        "号码",
        &"9".repeat(65),
    ] {
        assert_eq!(notice_number_in(bad), None, "{bad:?}");
    }
    // A receipt's code names a case, not a notice.
    let case = "PX-TRAIN0001-W08-20261203-0001";
    assert_eq!(
        crate::receipt_case_in(&format!("https://x/q?case={case}")).as_deref(),
        Some(case)
    );
    assert_eq!(crate::receipt_case_in(n), None);
    assert_eq!(crate::receipt_case_in("https://x/q?case=a/b"), None);
}
