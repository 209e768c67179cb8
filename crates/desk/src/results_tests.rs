//! Results flowing back from a real (embedded) back office, and the hand-over at the window.

use crate::reference_tests::signed_in_client;
use crate::test_support::accepted_spouse_case;
use crate::Desk;
use ow_api::CaseState;
use ow_config::Config;
use ow_sync::{Forwarder, ForwarderSettings};
use serde_json::{json, Value};

/// The approver's side, over plain HTTP as the back-office UI would do it.
struct Approver {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Approver {
    async fn sign_in(base: &str) -> Self {
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

    async fn post(&self, path: &str, body: Value) -> Value {
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

/// Accepts a 投靠配偶 case and forwards it through the real forwarder; its back-office number.
async fn accepted_and_forwarded(desk: &Desk, client: &ow_sync::BackofficeClient) -> String {
    let id = accepted_spouse_case(desk);
    let cfg = desk.config();
    let forwarder = Forwarder::new(
        desk.shared_store(),
        client.clone(),
        ForwarderSettings::new(
            &cfg.window.workstation_id,
            &cfg.backoffice.workstation_secret,
        ),
        desk.outbox_wake(),
    );
    forwarder.drain().await.unwrap();
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

    desk.hand_out(&client, &token, &number).await.unwrap();
    assert!(desk
        .pickup_list()
        .unwrap()
        .iter()
        .all(|e| e.case_number != number));
    let again = desk.hand_out(&client, &token, &number).await.unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&again), "desk.backoffice_refused");
    let view = client.fetch_case(&token, &number).await.unwrap();
    assert_eq!(view.state, CaseState::HandedOut);
    assert_eq!(
        view.history
            .iter()
            .filter(|e| e.to == CaseState::HandedOut)
            .count(),
        1,
        "handed out exactly once"
    );
}
