//! The upload queue through the real window: two accepted cases already in the store when the
//! app starts; the forwarder sends them to the embedded back office, which takes one (its
//! number shows) and refuses the other for good (its reason shows, translated); F10 opens the
//! panel with focus on the retry, and the retry sends it again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Utc;
use fantoccini::Locator;
use ow_case::CaseId;
use ow_e2e::{flows, screenshot, testid, wait_attr, wait_count, wait_for, Driver};
use ow_store::{NewOutboxEntry, Store};

const F10: &str = "\u{E03A}";
const ENTER: &str = "\u{E007}";

fn enqueue(store: &Store, no: &str, queue: &str) {
    let id = CaseId::new();
    let payload = serde_json::json!({
        "window_case_no": no, "item_code": "000173001001", "item_name": "市外迁入—投靠配偶",
        "queue": queue, "clerk_id": "1024",
        "applicant": {"name": "陈思远", "id_kind": "resident_id", "id_number": "11010519491231002X"},
        "materials": [{"code": "hukou", "name": "户口簿", "data_check": true}],
        "accepted_at": Utc::now(),
    })
    .to_string();
    store
        .in_transaction(|tx| {
            tx.enqueue(&NewOutboxEntry {
                case_id: id,
                idempotency_key: &format!("TRAIN-W08:{id}"),
                payload: &payload,
                blobs: &[],
                enqueued_at: Utc::now(),
            })
        })
        .unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn accepted_cases_are_forwarded_and_a_refused_one_shows_its_reason_and_retries() {
    let driver = Driver::start(&[]).await.unwrap();
    {
        // Keyed from the OS keyring, exactly as the app will open it.
        let store = flows::open_app_store(driver.data_dir()).unwrap();
        enqueue(&store, "W08-E2E-1", "huzheng");
        enqueue(&store, "W08-E2E-2", "no_such_queue");
    }
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();
    // One confirmed, one failed: the top bar counts the failed one as still to upload.
    wait_attr(&c, "outbox-count", "data-failed", "1", 30)
        .await
        .unwrap();
    wait_attr(&c, "outbox-count", "data-pending", "1", 30)
        .await
        .unwrap();

    flows::press(&c, F10).await.unwrap();
    wait_for(&c, "sync-panel", 10).await.unwrap();
    // The panel lists its cases once it has asked for them: it may show before they are in.
    let rows = wait_count(&c, "sync-row", 2, 10).await.unwrap();
    assert_eq!(
        rows[0].attr("data-state").await.unwrap().as_deref(),
        Some("failed")
    );
    let reason = rows[0]
        .find(Locator::Css(&testid("sync-reason")))
        .await
        .unwrap();
    assert_eq!(
        reason.attr("data-code").await.unwrap().as_deref(),
        Some("backoffice.unknown_queue")
    );
    assert!(reason.text().await.unwrap().contains("后台没有该部门队列"));
    assert_eq!(
        rows[1].attr("data-state").await.unwrap().as_deref(),
        Some("confirmed")
    );
    let number = rows[1]
        .find(Locator::Css(&testid("sync-number")))
        .await
        .unwrap();
    assert!(!number.text().await.unwrap().trim().is_empty());
    screenshot(&c, "upload-queue").await.unwrap();

    // Focus is on the retry; Enter sends it again, and the back office refuses it again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let on_retry = c
            .execute(
                "return document.activeElement && document.activeElement.dataset.testid === 'sync-retry';",
                vec![],
            )
            .await
            .unwrap();
        if on_retry == serde_json::json!(true) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "focus never reached the retry"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    flows::press(&c, ENTER).await.unwrap();
    // Sent again and refused again: the attempt count on its row goes up.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let text = match c
            .find(Locator::Css("[data-testid=sync-row][data-state=failed]"))
            .await
        {
            Ok(row) => row.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains("W08-E2E-2") && text.contains("尝试 2 次") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the retry was not sent: {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    c.close().await.unwrap();
}
