//! Results flowing back from a real (embedded) back office, and the hand-over at the window.

use crate::reference_tests::signed_in_client;
use crate::test_support::accepted_spouse_case;
use crate::{CollectorProof, Desk};
use ow_api::CaseState;
use ow_config::Config;
use ow_sync::{Forwarder, ForwarderSettings};
use serde_json::{json, Value};

/// The approver's side, over plain HTTP as the back-office UI would do it.
pub(crate) struct Approver {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Approver {
    pub(crate) async fn sign_in(base: &str) -> Self {
        let http = reqwest::Client::new();
        let v: Value = http
            .post(format!("{base}/api/v1/auth/clerk"))
            .json(&json!({"clerk_id": ow_backoffice::seed::APPROVER, "secret": ow_backoffice::seed::PIN}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Self {
            http,
            base: base.to_owned(),
            token: v["token"].as_str().unwrap().to_owned(),
        }
    }

    pub(crate) async fn post(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}/api/v1{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }
}

fn forwarder(desk: &Desk, client: &ow_sync::BackofficeClient) -> std::sync::Arc<Forwarder> {
    let cfg = desk.config();
    Forwarder::new(
        desk.shared_store(),
        client.clone(),
        ForwarderSettings::new(
            &cfg.window.workstation_id,
            &cfg.backoffice.workstation_secret,
        ),
        desk.outbox_wake(),
    )
}

/// Sends everything waiting in the outbox.
pub(crate) async fn drain(desk: &Desk, client: &ow_sync::BackofficeClient) -> ow_sync::DrainStats {
    forwarder(desk, client).drain().await.unwrap()
}

/// Accepts a 投靠配偶 case and forwards it through the real forwarder; its back-office number.
pub(crate) async fn accepted_and_forwarded(
    desk: &Desk,
    client: &ow_sync::BackofficeClient,
) -> String {
    let id = accepted_spouse_case(desk);
    drain(desk, client).await;
    let entry = desk.store().outbox_entry(id).unwrap().unwrap();
    entry
        .backoffice_number
        .expect("confirmed with a back-office number")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ready_result_reaches_the_pickup_list_and_is_handed_out_once() {
    let (client, token, base) = signed_in_client().await;
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let number = accepted_and_forwarded(&desk, &client).await;
    let returned = accepted_and_forwarded(&desk, &client).await;

    desk.poll_results(&client, &token).await.unwrap();
    assert!(
        desk.pickup_list().unwrap().is_empty(),
        "queued cases are not for the window"
    );

    let approver = Approver::sign_in(&base).await;
    // The queue hands out the oldest first: the two cases, in order.
    for _ in 0..2 {
        approver.post("/queues/huzheng/claim", json!({})).await;
    }
    approver
        .post(
            &format!("/cases/{number}/approve"),
            json!({"note": "符合条件"}),
        )
        .await;
    approver
        .post(&format!("/cases/{number}/ready"), json!({}))
        .await;
    approver
        .post(
            &format!("/cases/{returned}/return"),
            json!({"reasons": ["结婚证复印件不清晰"]}),
        )
        .await;

    let seen = desk.poll_results(&client, &token).await.unwrap();
    assert!(seen >= 4, "claims, approval, ready and return: {seen}");
    let list = desk.pickup_list().unwrap();
    let ready = list.iter().find(|e| e.case_number == number).unwrap();
    assert_eq!(ready.state, CaseState::ReadyForPickup);
    assert_eq!(ready.applicant_name.as_deref(), Some("陈思远"));
    assert!(ready
        .item_name
        .as_deref()
        .unwrap_or_default()
        .contains("投靠配偶"));
    assert!(ready.ours);
    let back = list.iter().find(|e| e.case_number == returned).unwrap();
    assert_eq!(back.state, CaseState::Returned);
    assert_eq!(back.reasons, vec!["结婚证复印件不清晰".to_owned()]);
    let summary = desk.results_summary().unwrap();
    assert_eq!((summary.to_hand_out, summary.returned), (1, 1));
    // Polling again reads nothing new and changes nothing.
    assert_eq!(desk.poll_results(&client, &token).await.unwrap(), 0);
    assert_eq!(desk.pickup_list().unwrap(), list);

    // Nobody's ID, or somebody else's: refused, and nothing changes.
    let code = |e: crate::DeskError| ow_error::ErrorCode::code(&e);
    let none = CollectorProof::default();
    assert_eq!(
        code(desk.hand_out(&number, &none).unwrap_err()),
        "results.no_collector_id"
    );
    let stranger = CollectorProof {
        number: Some("110105194912310021".into()),
        ..Default::default()
    };
    assert_eq!(
        code(desk.hand_out(&number, &stranger).unwrap_err()),
        "results.collector_mismatch"
    );
    assert!(desk
        .pickup_list()
        .unwrap()
        .iter()
        .any(|e| e.case_number == number));
    // The applicant's own number (typed, in lower case) matches.
    let applicant = CollectorProof {
        number: Some("11010519491231002x".into()),
        ..Default::default()
    };
    let done = desk.hand_out(&number, &applicant).unwrap();
    assert_eq!(done.role, ow_api::CollectorRole::Applicant);
    // The collection record, filed with the case accepted here, names the case and the
    // collector, with the number masked.
    let record = done.record.expect("a collection record");
    assert_eq!(record.entry.kind, ow_papers::PaperKind::PickupRecord);
    let dir = tempfile::tempdir().unwrap();
    let text = crate::test_support::pdf_text(&record.pdf_base64, dir.path());
    for needle in ["领取凭证", "申请人本人", "领取人（签字）", number.as_str()] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(!text.contains("11010519491231002X"), "{text}");
    assert!(!text.contains("补打"), "{text}");
    // Printed again, it is made again, marked 补打, filed as a reprint of the first.
    let again = desk.reprint_paper(record.entry.id).unwrap();
    assert!(again.entry.reprint);
    assert_eq!(again.entry.document_number, record.entry.document_number);
    let text = crate::test_support::pdf_text(&again.pdf_base64, dir.path());
    assert!(
        text.contains("补打") && text.contains("领取人（签字）"),
        "{text}"
    );
    assert!(!text.contains("11010519491231002X"), "{text}");
    // It leaves the list at once, before the back office knows.
    assert!(desk
        .pickup_list()
        .unwrap()
        .iter()
        .all(|e| e.case_number != number));
    let again = desk.hand_out(&number, &applicant).unwrap_err();
    assert_eq!(code(again), "results.not_ready");
    // The upload queue (F10) shows it as a hand-over record under the case's number.
    let queued = desk.outbox_list(20).unwrap();
    assert!(queued
        .iter()
        .any(|i| i.kind == "hand_out" && i.window_case_no.as_deref() == Some(number.as_str())));
    assert_eq!(
        client.fetch_case(&token, &number).await.unwrap().state,
        CaseState::ReadyForPickup,
        "recorded here first"
    );
    drain(&desk, &client).await;
    let view = client.fetch_case(&token, &number).await.unwrap();
    assert_eq!(view.state, CaseState::HandedOut);
    let collector = view
        .history
        .last()
        .unwrap()
        .detail
        .collector
        .clone()
        .unwrap();
    assert_eq!(collector.role, ow_api::CollectorRole::Applicant);
    assert!(!collector.from_card);
    assert_eq!(
        view.history
            .iter()
            .filter(|e| e.to == CaseState::HandedOut)
            .count(),
        1,
        "handed out exactly once"
    );
}

/// A result made ready by the department, on this window's pickup list.
async fn ready_result(
    desk: &Desk,
    client: &ow_sync::BackofficeClient,
    token: &str,
    base: &str,
) -> String {
    let number = accepted_and_forwarded(desk, client).await;
    let approver = Approver::sign_in(base).await;
    approver.post("/queues/huzheng/claim", json!({})).await;
    approver
        .post(&format!("/cases/{number}/approve"), json!({}))
        .await;
    approver
        .post(&format!("/cases/{number}/ready"), json!({}))
        .await;
    desk.poll_results(client, token).await.unwrap();
    assert!(desk
        .pickup_list()
        .unwrap()
        .iter()
        .any(|e| e.case_number == number));
    number
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_over_to_someone_else_needs_a_reason_and_reaches_the_back_office_once_even_when_its_answer_is_lost(
) {
    let (client, token, base) = signed_in_client().await;
    let dir = tempfile::tempdir().unwrap();
    let desk =
        crate::test_support::as_clerk(Desk::open(Config::default(), dir.path(), None).unwrap());
    let number = ready_result(&desk, &client, &token, &base).await;

    // A fictional citizen's card on the reader: not the applicant's.
    let (tx, rx) = std::sync::mpsc::channel();
    desk.start_card_reader(move |u| {
        let _ = tx.send(u);
    })
    .unwrap();
    let ready = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while desk.identity().state() != crate::DeviceState::Ready {
        assert!(
            std::time::Instant::now() < ready,
            "{:?}",
            desk.identity().state()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    desk.present_card("valid_adult").unwrap();
    let read = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap() {
            crate::HubUpdate::Read(r) => break r,
            crate::HubUpdate::State(..) => continue,
        }
    };
    let card = CollectorProof {
        read_id: Some(read.read_id),
        ..Default::default()
    };
    let err = desk.hand_out(&number, &card).unwrap_err();
    assert_eq!(
        ow_error::ErrorCode::code(&err),
        "results.collector_mismatch"
    );
    let reasoned = CollectorProof {
        override_reason: Some("申请人住院，凭委托书由家属领取，已留存委托书复印件".into()),
        ..card
    };
    let done = desk.hand_out(&number, &reasoned).unwrap();
    assert_eq!(done.role, ow_api::CollectorRole::Other);
    let dir = tempfile::tempdir().unwrap();
    let text = crate::test_support::pdf_text(&done.record.unwrap().pdf_base64, dir.path());
    assert!(
        text.contains("凭委托书由家属领取"),
        "the reason is on the record:\n{text}"
    );
    desk.stop_card_reader();

    // The request lands but its answer is lost: the back office has it, the outbox does not
    // know. Sent again, the back office refuses; the forwarder finds its own hand-over there.
    let later = chrono::Utc::now() + chrono::Duration::days(1);
    let jobs = desk.store().outbox_claim_due(later, 10).unwrap();
    let job = jobs
        .iter()
        .find(|j| j.kind == ow_store::KIND_HAND_OUT)
        .unwrap();
    let sent: ow_api::HandOutJob = serde_json::from_str(&job.payload).unwrap();
    client
        .hand_out(&token, &number, &sent.request)
        .await
        .unwrap();
    desk.store()
        .outbox_retry_later(&job.case_id, "answer lost", chrono::Utc::now())
        .unwrap();
    let stats = drain(&desk, &client).await;
    assert_eq!((stats.confirmed, stats.failed), (1, 0), "{stats:?}");

    let view = client.fetch_case(&token, &number).await.unwrap();
    let outs: Vec<_> = view
        .history
        .iter()
        .filter(|e| e.to == CaseState::HandedOut)
        .collect();
    assert_eq!(outs.len(), 1, "handed out exactly once");
    let collector = outs[0].detail.collector.clone().unwrap();
    assert_eq!(collector.role, ow_api::CollectorRole::Other);
    assert!(collector.from_card);
    assert!(collector.override_reason.unwrap().contains("委托书"));
}

/// The sandbox's embedded office on its file, enrolled for the training window.
async fn embedded_office(
    data_dir: &std::path::Path,
) -> (ow_sync::BackofficeClient, String, String) {
    let config = ow_backoffice::Config::embedded_sandbox(data_dir);
    let addr = ow_backoffice::spawn_with(([127, 0, 0, 1], 0).into(), config)
        .await
        .unwrap();
    let base = format!("http://{addr}");
    let client = ow_sync::BackofficeClient::new(&base, ow_api::Mode::Sandbox).unwrap();
    let secret = ow_config::Backoffice::SANDBOX_SECRET;
    client
        .provision_workstation(
            ow_backoffice::seed::ADMIN_TOKEN,
            "TRAIN-W08",
            "综合窗口 08",
            secret,
        )
        .await
        .unwrap();
    let token = client
        .sign_in_workstation("TRAIN-W08", secret)
        .await
        .unwrap();
    (client, token, base)
}

/// After the app restarts, its embedded office (a new server on the same file) still has the
/// forwarded case, and what happens to it next reaches the window past its stored cursor. In
/// memory the new office was empty: the approval was refused and later results never showed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_the_sandbox_office_and_the_windows_results_cursor_agree() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
    let (client, token, base) = embedded_office(dir.path()).await;
    let number = accepted_and_forwarded(&desk, &client).await;
    Approver::sign_in(&base)
        .await
        .post("/queues/huzheng/claim", json!({}))
        .await;
    assert!(desk.poll_results(&client, &token).await.unwrap() >= 1);

    let (client, token, base) = embedded_office(dir.path()).await;
    let approver = Approver::sign_in(&base).await;
    approver
        .post(
            &format!("/cases/{number}/approve"),
            json!({"note": "符合条件"}),
        )
        .await;
    approver
        .post(&format!("/cases/{number}/ready"), json!({}))
        .await;
    assert!(desk.poll_results(&client, &token).await.unwrap() >= 2);
    let list = desk.pickup_list().unwrap();
    let ready = list.iter().find(|e| e.case_number == number).unwrap();
    assert_eq!(ready.state, CaseState::ReadyForPickup);
}
