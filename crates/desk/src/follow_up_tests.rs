//! The second visit: a notice continued at the window, a returned case supplemented through
//! the outbox to a real (embedded) back office.

use crate::reference_tests::signed_in_client;
use crate::results_tests::{accepted_and_forwarded, drain, Approver};
use crate::test_support::{png_page, spouse_case_with_applicant};
use crate::{DecisionRequest, Desk, DeskError};
use ow_api::CaseState;
use ow_case::{CaseEdit, CaseStatus, FollowKind, LineMark};
use ow_config::Config;
use serde_json::json;

/// The sandbox desk with its window clerk signed in (papers name the clerk).
pub(crate) fn desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().unwrap();
    let desk =
        crate::test_support::as_clerk(Desk::open(Config::default(), dir.path(), None).unwrap());
    (dir, desk)
}

/// The checklist's lines that still stop an acceptance.
pub(crate) fn missing(desk: &Desk, id: ow_case::CaseId) -> Vec<String> {
    desk.case_view(id)
        .unwrap()
        .options
        .unwrap()
        .lines
        .into_iter()
        .filter(|l| l.problem.is_some())
        .map(|l| l.id)
        .collect()
}

pub(crate) fn with_applicant(desk: &Desk, number: &str) -> ow_case::CaseId {
    let id = desk.create_case(None).unwrap().id;
    desk.update_case(
        id,
        CaseEdit {
            applicant_name: Some("陈思远".into()),
            applicant_id_number: Some(number.into()),
            ..Default::default()
        },
    )
    .unwrap();
    id
}

#[test]
fn a_notice_is_continued_with_its_answers_received_lines_and_pages() {
    let (_dir, desk) = desk();
    let first = spouse_case_with_applicant(&desk);
    let lines = missing(&desk, first);
    assert!(lines.len() >= 3, "{lines:?}");
    // The first line scanned, the second seen at the counter, the rest missing.
    desk.import_into_line(
        first,
        lines[0].clone(),
        Some("户口簿.png".into()),
        png_page(),
    )
    .unwrap();
    desk.mark_line(first, lines[1].clone(), LineMark::Received)
        .unwrap();
    let notice = desk.decide(first, DecisionRequest::Notice).unwrap();
    let listed = notice.draft.decision.unwrap().listed_lines;
    assert_eq!(listed, lines[2..].to_vec());

    // The citizen comes back; their card (here: typed) is read into a new case.
    let again = with_applicant(&desk, "11010519491231002X");
    let offered = desk.open_notices(again).unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].case_id, Some(first));
    assert_eq!(offered[0].missing.len(), listed.len());

    let continued = desk.continue_notice(again, first).unwrap();
    let follows = continued.follows.clone().unwrap();
    assert_eq!(follows.kind, FollowKind::Notice);
    assert_eq!(
        continued.item.as_ref().unwrap().code,
        crate::test_support::TKPO
    );
    assert_eq!(
        missing(&desk, again),
        listed,
        "only what the notice listed is left"
    );
    let pages = desk.store().case_page_list(again).unwrap();
    assert_eq!(pages.len(), 1, "the scanned page came along");
    assert_eq!(pages[0].line_id, lines[0]);
    assert!(desk.open_notices(again).unwrap().is_empty());

    let third = with_applicant(&desk, "11010519491231002X");
    // Nor by someone else's card.
    let stranger = with_applicant(&desk, "110105194912310021");
    assert!(matches!(
        desk.continue_notice(stranger, first),
        Err(DeskError::NotTheApplicant)
    ));
    // Nor is an accepted case a notice.
    assert!(matches!(
        desk.continue_notice(third, again),
        Err(DeskError::NotANotice)
    ));

    for line in &listed {
        desk.mark_line(again, line.clone(), LineMark::Received)
            .unwrap();
    }
    let accepted = desk.decide(again, DecisionRequest::Accept).unwrap();
    assert_eq!(accepted.draft.status, CaseStatus::Accepted);
    // The receipt says which lines the citizen brought at the first visit.
    let receipt = desk.issue_paper(again).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = crate::test_support::pdf_text(&receipt.pdf_base64, dir.path());
    assert_eq!(text.matches("前次已收").count(), 2, "{text}");
    assert_eq!(
        accepted.draft.follows.unwrap().window_case_no,
        follows.window_case_no
    );
    // Once carried on, the notice is offered to no other case and cannot be continued twice.
    assert!(desk.open_notices(third).unwrap().is_empty());
    assert!(matches!(
        desk.continue_notice(third, first),
        Err(DeskError::AlreadyCarriedOn)
    ));
}

/// A continuation left open (the clerk moved on) does not hold the notice; of two, the first
/// decided carries it on and the other is refused.
#[test]
fn an_open_continuation_does_not_hold_the_notice() {
    let (_dir, desk) = desk();
    let first = spouse_case_with_applicant(&desk);
    desk.decide(first, DecisionRequest::Notice).unwrap();
    let left = with_applicant(&desk, "11010519491231002X");
    desk.continue_notice(left, first).unwrap();
    let later = with_applicant(&desk, "11010519491231002X");
    assert_eq!(desk.open_notices(later).unwrap().len(), 1);
    desk.continue_notice(later, first).unwrap();
    crate::test_support::accept_all_received(&desk, later).unwrap();
    assert!(matches!(
        crate::test_support::accept_all_received(&desk, left),
        Err(DeskError::AlreadyCarriedOn)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returned_case_is_supplemented_once_through_the_outbox() {
    let (client, token, base) = signed_in_client().await;
    let (_dir, desk) = desk();
    let number = accepted_and_forwarded(&desk, &client).await;
    let before = client.fetch_case(&token, &number).await.unwrap();

    // Not returned yet: nothing to supplement.
    desk.poll_results(&client, &token).await.unwrap();
    assert!(matches!(
        desk.start_supplement(&number),
        Err(DeskError::NotReturned)
    ));

    let approver = Approver::sign_in(&base).await;
    approver.post("/queues/huzheng/claim", json!({})).await;
    approver
        .post(
            &format!("/cases/{number}/return"),
            json!({"reasons": ["结婚证复印件不清晰"]}),
        )
        .await;
    desk.poll_results(&client, &token).await.unwrap();

    let sup = desk.start_supplement(&number).unwrap();
    let follows = sup.follows.clone().unwrap();
    assert_eq!(follows.kind, FollowKind::Supplement);
    assert_eq!(follows.reasons, vec!["结婚证复印件不清晰".to_owned()]);
    assert_eq!(
        desk.start_supplement(&number).unwrap().id,
        sup.id,
        "a second press opens the same supplement"
    );
    assert!(matches!(
        desk.send_supplement(sup.id),
        Err(DeskError::NothingToSupplement)
    ));
    assert!(matches!(
        desk.decide(sup.id, DecisionRequest::Accept),
        Err(DeskError::IsSupplement)
    ));
    let line = before.intake.materials[0].code.clone();
    desk.import_into_line(sup.id, line.clone(), Some("结婚证.png".into()), png_page())
        .unwrap();
    let sent = desk.send_supplement(sup.id).unwrap();
    assert_eq!(sent.draft.status, CaseStatus::Supplemented);
    assert!(matches!(
        desk.send_supplement(sup.id),
        Err(DeskError::CaseClosed)
    ));
    assert!(matches!(
        desk.start_supplement(&number),
        Err(DeskError::SupplementPending)
    ));
    let listed = desk.pickup_list().unwrap();
    assert!(listed[0].supplement_sent, "{listed:?}");

    let stats = drain(&desk, &client).await;
    assert_eq!(stats.confirmed, 1);
    let after = client.fetch_case(&token, &number).await.unwrap();
    assert_eq!(after.state, CaseState::Queued);
    assert_eq!(
        after.intake.materials.len(),
        before.intake.materials.len() + 1
    );
    let added = after.intake.materials.last().unwrap();
    assert_eq!(added.code, line);
    assert_eq!(added.blobs.len(), 1);
    assert!(client.has_blob(&token, &added.blobs[0]).await.unwrap());
    assert_eq!(drain(&desk, &client).await.confirmed, 0, "sent once");
}

/// The answer to the supplement is lost: it arrived, the outbox does not know. Sent again,
/// the back office refuses it (the case is queued again); the forwarder sees its pages on the
/// case and confirms it without adding them twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supplement_whose_answer_was_lost_is_confirmed_not_sent_twice() {
    let (client, token, base) = signed_in_client().await;
    let (_dir, desk) = desk();
    let number = accepted_and_forwarded(&desk, &client).await;
    let approver = Approver::sign_in(&base).await;
    approver.post("/queues/huzheng/claim", json!({})).await;
    approver
        .post(
            &format!("/cases/{number}/return"),
            json!({"reasons": ["缺页"]}),
        )
        .await;
    desk.poll_results(&client, &token).await.unwrap();
    let sup = desk.start_supplement(&number).unwrap();
    let line = client
        .fetch_case(&token, &number)
        .await
        .unwrap()
        .intake
        .materials[0]
        .code
        .clone();
    desk.import_into_line(sup.id, line, None, png_page())
        .unwrap();
    desk.send_supplement(sup.id).unwrap();

    // The first attempt, as the forwarder would make it, reaches the back office.
    let payload = desk.store().outbox_payload(sup.id).unwrap();
    let job: ow_api::SupplementJob = serde_json::from_str(&payload).unwrap();
    for sha in &job.request.materials[0].blobs {
        let (_, bytes) = desk.store().blob(sha).unwrap().unwrap();
        client.put_blob(&token, sha, bytes).await.unwrap();
    }
    client
        .supplement(&token, &number, &job.request)
        .await
        .unwrap();
    let arrived = client.fetch_case(&token, &number).await.unwrap();

    let stats = drain(&desk, &client).await;
    assert_eq!((stats.confirmed, stats.failed), (1, 0));
    let after = client.fetch_case(&token, &number).await.unwrap();
    assert_eq!(after.intake.materials, arrived.intake.materials);
    assert_eq!(after.history.len(), arrived.history.len());
}

/// 容缺后补: a case accepted without its death certificate; the citizen brings it later. Their
/// card brings the case up, the page is scanned into the owed line, and the supplement joins
/// the back-office case where it is — owed no more, sent once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owed_material_brought_later_joins_the_case_in_its_queue() {
    use ow_catalog::AnswerValue::Choice;
    let (client, token, _base) = signed_in_client().await;
    let (_dir, desk) = desk();
    let first = spouse_case_with_applicant(&desk);
    desk.answer(
        first,
        "previous_marriage".into(),
        Some(Choice("widowed".into())),
    )
    .unwrap();
    desk.mark_line(first, "death_proof".into(), LineMark::Deferred)
        .unwrap();
    for line in missing(&desk, first) {
        desk.mark_line(first, line, LineMark::Received).unwrap();
    }
    desk.decide(first, DecisionRequest::Accept).unwrap();

    let back = with_applicant(&desk, "11010519491231002X");
    let owed = desk.owed_cases(back).unwrap();
    assert_eq!(owed.len(), 1);
    assert_eq!(owed[0].case_id, first);
    assert_eq!(owed[0].lines.len(), 1);
    // Not forwarded yet: the back office's number is where the pages go.
    assert!(matches!(
        desk.take_owed(back, first),
        Err(DeskError::NotForwardedYet)
    ));
    drain(&desk, &client).await;
    let number = desk
        .store()
        .outbox_entry(first)
        .unwrap()
        .unwrap()
        .backoffice_number
        .unwrap();
    let stranger = with_applicant(&desk, "110105194912310021");
    assert!(matches!(
        desk.take_owed(stranger, first),
        Err(DeskError::NotTheApplicant)
    ));

    // The receipt's QR code names the same case: a stranger's case still cannot take it.
    let receipt_qr = format!(
        "https://zwfw.example/q?case={}",
        desk.case(first).unwrap().decision.unwrap().case_number
    );
    let by_qr = crate::receipt_case_in(&receipt_qr).unwrap();
    assert!(matches!(
        desk.take_owed_by_number(stranger, &by_qr),
        Err(DeskError::NotTheApplicant)
    ));
    assert!(matches!(
        desk.take_owed_by_number(back, "PX-NO-SUCH-CASE"),
        Err(DeskError::NothingOwed)
    ));
    let sup = desk.take_owed_by_number(back, &by_qr).unwrap();
    assert_eq!(sup.follows.as_ref().unwrap().kind, FollowKind::Owed);
    assert!(matches!(
        desk.decide(back, DecisionRequest::Accept),
        Err(DeskError::IsSupplement)
    ));
    desk.import_into_line(back, "death_proof".into(), None, png_page())
        .unwrap();
    desk.send_supplement(back).unwrap();
    // Brought: owed no more here.
    let again = with_applicant(&desk, "11010519491231002X");
    assert!(desk.owed_cases(again).unwrap().is_empty());

    assert_eq!(drain(&desk, &client).await.confirmed, 1);
    let case = client.fetch_case(&token, &number).await.unwrap();
    assert_eq!(case.state, CaseState::Queued, "it stays in its queue");
    assert!(case.intake.owed.is_empty(), "{:?}", case.intake.owed);
    assert!(case
        .intake
        .materials
        .iter()
        .any(|m| m.code == "death_proof" && m.blobs.len() == 1));
    let supplements = case
        .history
        .iter()
        .filter(|e| e.action == ow_api::CaseAction::Supplement)
        .count();
    assert_eq!(supplements, 1);
}

/// Two continuations of one notice decided at the same moment, on two threads: exactly one
/// carries it on, every round (the check is made under the store's lock, with the write).
#[test]
fn of_two_continuations_decided_at_once_exactly_one_wins() {
    let (_dir, desk) = desk();
    for round in 0..8 {
        let first = spouse_case_with_applicant(&desk);
        desk.decide(first, DecisionRequest::Notice).unwrap();
        let pair = [
            with_applicant(&desk, "11010519491231002X"),
            with_applicant(&desk, "11010519491231002X"),
        ];
        for id in pair {
            desk.continue_notice(id, first).unwrap();
            for line in missing(&desk, id) {
                desk.mark_line(id, line, LineMark::Received).unwrap();
            }
        }
        let barrier = std::sync::Barrier::new(2);
        let results: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = pair
                .iter()
                .map(|id| {
                    let (desk, barrier) = (&desk, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        desk.decide(*id, DecisionRequest::Accept)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let won = results.iter().filter(|r| r.is_ok()).count();
        let refused = results
            .iter()
            .filter(|r| matches!(r, Err(DeskError::AlreadyCarriedOn)))
            .count();
        let outcomes: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(_) => "decided".to_owned(),
                Err(e) => e.to_string(),
            })
            .collect();
        assert_eq!((won, refused), (1, 1), "round {round}: {outcomes:?}");
    }
}
