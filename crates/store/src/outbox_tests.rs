use super::*;
use chrono::{Duration, Utc};
use ow_case::CaseId;
use ow_error::ErrorCode;

fn enqueue(store: &Store, key: &str) -> CaseId {
    let id = CaseId::new();
    store
        .in_transaction(|tx| {
            tx.enqueue(&NewOutboxEntry {
                case_id: id,
                idempotency_key: key,
                payload: r#"{"window_case_no": "W08-1", "item_name": "投靠配偶"}"#,
                blobs: &["aa".to_owned()],
                enqueued_at: Utc::now() - Duration::seconds(1),
            })
        })
        .unwrap();
    id
}

#[test]
fn a_claimed_entry_is_sending_and_not_claimed_twice() {
    let store = Store::open_in_memory().unwrap();
    let a = enqueue(&store, "k-a");
    let jobs = store.outbox_claim_due(Utc::now(), 10).unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].case_id, a.to_string());
    assert_eq!(jobs[0].blobs, vec!["aa".to_owned()]);
    assert!(store.outbox_claim_due(Utc::now(), 10).unwrap().is_empty());
    let e = store.outbox_entry(a).unwrap().unwrap();
    assert_eq!(e.state, "sending");
    // A process that died mid-send leaves it `sending`; the next start-up sends it again.
    assert_eq!(store.outbox_reset_sending().unwrap(), 1);
    assert_eq!(store.outbox_claim_due(Utc::now(), 10).unwrap().len(), 1);
}

#[test]
fn a_retry_later_is_not_due_before_its_time_and_counts_the_attempt() {
    let store = Store::open_in_memory().unwrap();
    let a = enqueue(&store, "k-a");
    let id = a.to_string();
    store.outbox_claim_due(Utc::now(), 10).unwrap();
    let later = Utc::now() + Duration::seconds(30);
    store
        .outbox_retry_later(&id, "sync.unreachable", later)
        .unwrap();
    assert!(store.outbox_claim_due(Utc::now(), 10).unwrap().is_empty());
    assert_eq!(
        store.outbox_next_due().unwrap().map(|d| d.timestamp()),
        Some(later.timestamp())
    );
    let jobs = store
        .outbox_claim_due(later + Duration::seconds(1), 10)
        .unwrap();
    assert_eq!(jobs[0].attempts, 1);
    store.outbox_confirm(&id, "BO-1", Utc::now()).unwrap();
    let e = store.outbox_entry(a).unwrap().unwrap();
    assert_eq!(
        (e.state.as_str(), e.backoffice_number.as_deref(), e.attempts),
        ("confirmed", Some("BO-1"), 2)
    );
    assert_eq!(store.outbox_pending().unwrap(), 0);
}

#[test]
fn a_failed_entry_waits_for_the_clerk_and_a_confirmed_one_cannot_be_retried() {
    let store = Store::open_in_memory().unwrap();
    let a = enqueue(&store, "k-a").to_string();
    let b = enqueue(&store, "k-b").to_string();
    store.outbox_claim_due(Utc::now(), 10).unwrap();
    store
        .outbox_fail(&a, "backoffice.unknown_queue: no such queue")
        .unwrap();
    store.outbox_confirm(&b, "BO-2", Utc::now()).unwrap();
    assert!(store.outbox_claim_due(Utc::now(), 10).unwrap().is_empty());
    let counts = store.outbox_counts().unwrap();
    assert_eq!((counts.failed, counts.confirmed, counts.waiting), (1, 1, 0));
    let list = store.outbox_list(10).unwrap();
    assert_eq!(list[0].entry.state, "failed", "failed cases come first");
    assert!(list[1].confirmed_at.is_some());
    assert_eq!(list[0].window_case_no.as_deref(), Some("W08-1"));
    assert_eq!(list[0].item_name.as_deref(), Some("投靠配偶"));

    store.outbox_retry_now(&a, Utc::now()).unwrap();
    assert_eq!(store.outbox_claim_due(Utc::now(), 10).unwrap().len(), 1);
    let err = store.outbox_retry_now(&b, Utc::now()).unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let err = store.outbox_retry_now("nope", Utc::now()).unwrap_err();
    assert_eq!(err.code(), "store.not_found");
}
