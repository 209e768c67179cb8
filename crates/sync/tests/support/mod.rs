//! Shared by the fault drill and the benchmark: a workstation store full of accepted cases,
//! and a check of what the back office holds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

pub mod drill;
pub mod fault_proxy;

use chrono::Utc;
use ow_api::{CaseView, ChangesPage, API_PREFIX};
use ow_backoffice::seed;
use ow_case::CaseId;
use ow_store::{NewOutboxEntry, Store};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One case as the window accepted it.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub case_id: String,
    pub window_case_no: String,
    pub queue: String,
    pub blobs: Vec<String>,
}

/// What was put in the outbox.
pub struct Seeded {
    pub cases: Vec<Accepted>,
    /// Cases with a queue the back office does not know: they must end `failed`.
    pub refused: Vec<Accepted>,
    pub blob_bytes: HashMap<String, Vec<u8>>,
    /// 好差评 of every fifth visit, through the same outbox: (local id, the visit's case).
    pub ratings: Vec<(String, String)>,
    /// Every seventh visit was served under a typed paper ticket: (local id, number).
    pub served: Vec<(String, String)>,
}

/// Deterministic but varied bytes (no compression shortcut anywhere).
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

pub fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Fills the store at `path` with `n` accepted cases, each with `blobs_per_case` pages of
/// `blob_size` bytes (every tenth case shares a page with the one before, as a copy of the
/// same ID card would), plus `refused` cases for an unknown queue.
pub fn seed_store(
    path: &Path,
    n: usize,
    blobs_per_case: usize,
    blob_size: usize,
    refused: usize,
) -> Seeded {
    let store = Store::open(path, None).unwrap();
    let mut blob_bytes = HashMap::new();
    let mut cases = Vec::new();
    let mut bad = Vec::new();
    let mut prev_blob: Option<String> = None;
    let mut ratings = Vec::new();
    let mut served = Vec::new();
    let prefix = seed::service_groups(&seed::queues().unwrap()).unwrap()[0]
        .prefix
        .clone();
    let queues: Vec<String> = seed::queues()
        .unwrap()
        .into_iter()
        .map(|q| q.code)
        .collect();
    let run = uuid::Uuid::new_v4().simple().to_string();
    store
        .in_transaction(|tx| -> Result<(), ow_store::StoreError> {
            for i in 0..n + refused {
                let mut blobs = Vec::new();
                for j in 0..blobs_per_case {
                    let shared = j == 0 && i % 10 == 9;
                    let sha = match (&prev_blob, shared) {
                        (Some(p), true) => p.clone(),
                        _ => {
                            let b = bytes((i * 16 + j) as u64 + 1, blob_size);
                            let sha = sha256_hex(&b);
                            blob_bytes.insert(sha.clone(), b);
                            sha
                        }
                    };
                    blobs.push(sha);
                }
                prev_blob = blobs.first().cloned();
                let is_bad = i >= n;
                let queue = if is_bad {
                    "no-such-queue".to_owned()
                } else {
                    queues[i % queues.len()].to_owned()
                };
                let window_case_no = format!("W08-{run}-{i:05}");
                let payload = json!({
                    "window_case_no": window_case_no,
                    "item_code": "000173001001",
                    "item_name": "市外迁入—投靠配偶",
                    "queue": queue,
                    "priority": if i % 10 == 0 { "green_channel" } else { "normal" },
                    "clerk_id": seed::WINDOW_CLERK,
                    "applicant": {"name": "陈思远", "id_kind": "resident_id", "id_number": "11010519491231002X"},
                    "situation": {"origin": "other_province"},
                    "materials": [{"code": "id_card", "name": "居民身份证", "blobs": blobs}],
                    "accepted_at": Utc::now(),
                })
                .to_string();
                let id = CaseId::new();
                tx.enqueue(&NewOutboxEntry {
                    case_id: id,
                    idempotency_key: &format!("TRAIN-W08:{id}"),
                    payload: &payload,
                    blobs: &blobs,
                    enqueued_at: Utc::now(),
                })?;
                if !is_bad && i % 5 == 0 {
                    // Every other one a 差评, which the back office gives a follow-up date.
                    let bad_grade = i % 10 == 0;
                    let rating = json!({
                        "ticket": format!("A{:03}", i % 1000),
                        "cases": [window_case_no],
                        "clerk_id": seed::WINDOW_CLERK,
                        "grade": if bad_grade { "dissatisfied" } else { "very_satisfied" },
                        "reasons": if bad_grade { vec!["long_wait"] } else { vec![] },
                        "rated_at": Utc::now(),
                    })
                    .to_string();
                    let rating_id = uuid::Uuid::now_v7().to_string();
                    tx.enqueue_rating(&rating_id, &rating, Utc::now())?;
                    ratings.push((rating_id, window_case_no.clone()));
                }
                if !is_bad && i % 7 == 0 {
                    let number = format!("{prefix}{:03}", (i / 7) % 1000);
                    let started = Utc::now() - chrono::Duration::seconds(5);
                    let visit = json!({
                        "number": number,
                        "clerk_id": seed::WINDOW_CLERK,
                        "started_at": started + chrono::Duration::milliseconds(i as i64),
                        "ended_at": Utc::now(),
                        "cases": [window_case_no],
                    })
                    .to_string();
                    let served_id = format!("served:{id}");
                    tx.enqueue_kind(ow_store::KIND_TICKET_SERVED, &served_id, &visit, Utc::now())?;
                    served.push((served_id, number));
                }
                let a = Accepted {
                    case_id: id.to_string(),
                    window_case_no,
                    queue,
                    blobs,
                };
                if is_bad {
                    bad.push(a);
                } else {
                    cases.push(a);
                }
            }
            Ok(())
        })
        .unwrap();
    for (sha, b) in &blob_bytes {
        store.put_blob(sha, "image/jpeg", b).unwrap();
    }
    Seeded {
        cases,
        refused: bad,
        blob_bytes,
        ratings,
        served,
    }
}

/// A shift lead's view of the back office, straight to it (no proxy).
pub struct Inspector {
    base: String,
    http: reqwest::Client,
    token: String,
}

impl Inspector {
    pub async fn sign_in(base: &str) -> Self {
        Self::sign_in_as(base, seed::LEAD).await
    }

    /// Signed in as another training account (the approver, to return cases).
    pub async fn sign_in_as(base: &str, clerk_id: &str) -> Self {
        let http = reqwest::Client::new();
        let signed: serde_json::Value = http
            .post(format!("{base}{API_PREFIX}/auth/clerk"))
            .json(&json!({"clerk_id": clerk_id, "secret": seed::PIN}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Self {
            base: base.to_owned(),
            http,
            token: signed["token"].as_str().unwrap().to_owned(),
        }
    }

    /// Today's tickets.
    pub async fn tickets(&self) -> Vec<ow_api::Ticket> {
        self.get("/tickets").await.json().await.unwrap()
    }

    /// Every rating the back office holds.
    pub async fn ratings(&self) -> Vec<ow_api::RatingRecord> {
        self.get("/ratings").await.json().await.unwrap()
    }

    /// A POST that must succeed; its body (`None` for 204 No Content).
    pub async fn post(&self, path: &str, body: serde_json::Value) -> Option<serde_json::Value> {
        let resp = self
            .http
            .post(format!("{}{API_PREFIX}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        if resp.status() == reqwest::StatusCode::NO_CONTENT {
            return None;
        }
        Some(resp.json().await.unwrap_or(serde_json::Value::Null))
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        let resp = self
            .http
            .get(format!("{}{API_PREFIX}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        resp
    }

    /// Every intake the back office recorded: window case number → back-office numbers.
    pub async fn intakes(&self) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut since: Option<String> = None;
        loop {
            let q = match &since {
                Some(c) => format!("/changes?limit=1000&since={c}"),
                None => "/changes?limit=1000".into(),
            };
            let page: ChangesPage = self.get(&q).await.json().await.unwrap();
            if page.changes.is_empty() {
                return out;
            }
            for ch in page.changes {
                if ch.action == ow_api::CaseAction::Intake {
                    out.entry(ch.window_case_no)
                        .or_default()
                        .push(ch.case_number);
                }
            }
            since = Some(page.next_cursor);
        }
    }

    pub async fn case(&self, number: &str) -> CaseView {
        self.get(&format!("/cases/{number}"))
            .await
            .json()
            .await
            .unwrap()
    }

    pub async fn blob(&self, sha: &str) -> Vec<u8> {
        self.get(&format!("/blobs/{sha}"))
            .await
            .bytes()
            .await
            .unwrap()
            .to_vec()
    }
}

/// Every accepted case is in its queue exactly once, with the number the window recorded,
/// every page intact; every refused case is failed with the reason and absent.
pub async fn verify(base: &str, store_path: &Path, seeded: &Seeded) {
    let store = Store::open(store_path, None).unwrap();
    let inspector = Inspector::sign_in(base).await;
    let intakes = inspector.intakes().await;
    let mut checked_blobs = std::collections::HashSet::new();
    for a in &seeded.cases {
        let numbers = intakes
            .get(&a.window_case_no)
            .unwrap_or_else(|| panic!("{} never reached the back office", a.window_case_no));
        assert_eq!(
            numbers.len(),
            1,
            "{} taken in {numbers:?}",
            a.window_case_no
        );
        let entry = store.outbox_entry_by_id(&a.case_id).unwrap().unwrap();
        assert_eq!(entry.state, "confirmed", "{entry:?}");
        assert_eq!(
            entry.backoffice_number.as_deref(),
            Some(numbers[0].as_str())
        );
        let view = inspector.case(&numbers[0]).await;
        assert_eq!(view.queue, a.queue);
        assert_eq!(view.state, ow_api::CaseState::Queued);
        assert_eq!(view.intake.materials[0].blobs, a.blobs);
        for sha in &a.blobs {
            if checked_blobs.insert(sha.clone()) {
                let got = inspector.blob(sha).await;
                assert_eq!(&sha256_hex(&got), sha);
                assert_eq!(&got, &seeded.blob_bytes[sha]);
            }
        }
    }
    assert_eq!(
        intakes.len(),
        seeded.cases.len(),
        "the back office holds cases nobody accepted"
    );
    // Every rating reached the back office once, and the window kept its record's id.
    let records = inspector.ratings().await;
    assert_eq!(
        records.len(),
        seeded.ratings.len(),
        "ratings lost or doubled"
    );
    for (local, case) in &seeded.ratings {
        let matching: Vec<_> = records
            .iter()
            .filter(|r| r.rating.cases == [case.clone()])
            .collect();
        assert_eq!(matching.len(), 1, "the rating of {case}: {matching:?}");
        let entry = store.outbox_entry_by_id(local).unwrap().unwrap();
        assert_eq!(entry.state, "confirmed", "{entry:?}");
        assert_eq!(
            entry.backoffice_number.as_deref(),
            Some(matching[0].id.as_str())
        );
        assert_eq!(
            matching[0].follow_up_by.is_some(),
            matching[0].rating.grade.is_bad()
        );
    }
    // Every visit served under a typed ticket is one finished ticket of the day.
    let tickets = inspector.tickets().await;
    let mut seen = std::collections::HashSet::new();
    for (local, number) in &seeded.served {
        let entry = store.outbox_entry_by_id(local).unwrap().unwrap();
        assert_eq!(entry.state, "confirmed", "{entry:?}");
        let id = entry.backoffice_number.unwrap();
        assert!(seen.insert(id.clone()), "{id} recorded for two visits");
        let t = tickets
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("no ticket {id}"));
        assert_eq!(&t.number, number);
        assert_eq!(t.state, ow_api::TicketState::Finished);
    }
    assert_eq!(tickets.len(), seeded.served.len(), "visits lost or doubled");
    for a in &seeded.refused {
        assert!(!intakes.contains_key(&a.window_case_no));
        let entry = store.outbox_entry_by_id(&a.case_id).unwrap().unwrap();
        assert_eq!(entry.state, "failed");
        assert!(
            entry
                .last_error
                .as_deref()
                .is_some_and(|r| r.starts_with("backoffice.unknown_queue")),
            "{entry:?}"
        );
    }
}
