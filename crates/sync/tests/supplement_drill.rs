//! Supplements (补正) through the same faults as intake: every forwarded case is returned by
//! its department, and its supplement — a new page — is forwarded through a proxy that drops,
//! stalls, answers 500/503, cuts uploads and loses answers, by a forwarder process killed with
//! SIGKILL at random moments. At the end every case is back in its queue with its supplement
//! exactly once (one `supplement` event, the page once, intact).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use chrono::Utc;
use ow_api::{CaseAction, CaseState, MaterialRef, SupplementJob, SupplementRequest};
use ow_backoffice::{seed, Config, Database};
use ow_case::CaseId;
use ow_store::{NewOutboxEntry, Store, KIND_SUPPLEMENT};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Claims and returns every case of `queue` as its department's approver; how many.
async fn return_all(approver: &support::Inspector, queue: &str) -> usize {
    let mut n = 0;
    loop {
        let claimed = approver
            .post(&format!("/queues/{queue}/claim"), json!({}))
            .await;
        let Some(number) = claimed.as_ref().and_then(|v| v["case_number"].as_str()) else {
            return n;
        };
        approver
            .post(
                &format!("/cases/{number}/return"),
                json!({"reasons": ["结婚证复印件不清晰"]}),
            )
            .await;
        n += 1;
    }
}

/// Deterministic page bytes per case.
fn page(i: usize) -> Vec<u8> {
    (0..6 * 1024)
        .map(|k| ((i * 7919 + k * 31) % 251) as u8)
        .collect()
}

async fn drill(database: Database, cases: usize, kills: usize) {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("workstation.db");
    let seeded = support::seed_store(&store_path, cases, 1, 4 * 1024, 0);
    let server = ow_backoffice::spawn_with(
        "127.0.0.1:0".parse().unwrap(),
        Config::new(seed::SANDBOX, database),
    )
    .await
    .unwrap();
    let direct = format!("http://{server}");

    // The cases arrive (no faults: that is the intake drill's part), and are all returned.
    support::drill::run_to_end(&store_path, &direct, "intake before the returns").await;
    let approver = support::Inspector::sign_in_as(&direct, seed::APPROVER).await;
    let mut returned = 0;
    for q in seed::queues().unwrap() {
        returned += return_all(&approver, &q.code).await;
    }
    assert_eq!(returned, cases);

    // One supplement per case, each with a page of its own.
    let store = Store::open(&store_path, None).unwrap();
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for (i, a) in seeded.cases.iter().enumerate() {
        let number = store
            .outbox_entry_by_id(&a.case_id)
            .unwrap()
            .unwrap()
            .backoffice_number
            .unwrap();
        let bytes = page(i);
        let sha = support::sha256_hex(&bytes);
        store.put_blob(&sha, "application/pdf", &bytes).unwrap();
        let job = SupplementJob {
            case_number: number.clone(),
            request: SupplementRequest {
                materials: vec![MaterialRef {
                    code: "marriage_cert".into(),
                    name: "结婚证".into(),
                    blobs: vec![sha.clone()],
                    data_check: false,
                }],
                note: None,
                owed: false,
            },
        };
        let id = CaseId::new();
        let payload = serde_json::to_string(&job).unwrap();
        store
            .in_transaction(|tx| {
                tx.enqueue_with_pages(
                    KIND_SUPPLEMENT,
                    &NewOutboxEntry {
                        case_id: id,
                        idempotency_key: &format!("supplement:{id}"),
                        payload: &payload,
                        blobs: std::slice::from_ref(&sha),
                        enqueued_at: Utc::now(),
                    },
                )
            })
            .unwrap();
        expected.insert(number, sha);
    }
    drop(store);

    // Through the faults, killed at random moments, then to the end.
    let (proxy, faults) = support::fault_proxy::start(server).await;
    let proxy_base = format!("http://{proxy}");
    let started = Instant::now();
    let progress = support::drill::kill_at_random(&store_path, &proxy_base, kills).await;
    support::drill::run_to_end(
        &store_path,
        &proxy_base,
        &format!("confirmed after each kill: {progress:?}"),
    )
    .await;
    eprintln!(
        "supplement drill: {cases} supplements, {kills} kills in {:?}; confirmed after each kill \
         {progress:?}; {} connections, {} dropped, {} stalled, {} 5xx, {} cut uploads, {} lost answers",
        started.elapsed(),
        faults.connections.load(Ordering::Relaxed),
        faults.dropped.load(Ordering::Relaxed),
        faults.stalled.load(Ordering::Relaxed),
        faults.answered_5xx.load(Ordering::Relaxed),
        faults.cut_uploads.load(Ordering::Relaxed),
        faults.lost_answers.load(Ordering::Relaxed),
    );
    assert!(
        progress.windows(2).any(|w| w[0] < w[1]),
        "kills landed mid-drain: {progress:?}"
    );
    assert!(
        faults.lost_answers.load(Ordering::Relaxed) > 0,
        "an answer was lost at least once"
    );

    // Every case back in its queue with its supplement once, the page intact.
    let inspector = support::Inspector::sign_in(&direct).await;
    let store = Store::open(&store_path, None).unwrap();
    assert_eq!(store.outbox_counts().unwrap().failed, 0);
    for (i, (number, sha)) in expected.iter().enumerate() {
        let view = inspector.case(number).await;
        assert_eq!(view.state, CaseState::Queued, "{number}");
        let events = view
            .history
            .iter()
            .filter(|e| e.action == CaseAction::Supplement)
            .count();
        assert_eq!(events, 1, "{number}: {:?}", view.history);
        let held = view
            .intake
            .materials
            .iter()
            .flat_map(|m| &m.blobs)
            .filter(|b| *b == sha)
            .count();
        assert_eq!(held, 1, "{number}: {:?}", view.intake.materials);
        if i % 10 == 0 {
            assert_eq!(&support::sha256_hex(&inspector.blob(sha).await), sha);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supplements_through_faults_and_kills_arrive_once_over_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    drill(Database::Sqlite(dir.path().join("backoffice.db")), 300, 5).await;
}
