//! Identity documents through the real window, in the sandbox: the trainer presents a
//! fictional citizen's card to the virtual SAM reader (a pty speaking GA/T 467 frames), the
//! reader task notices it without a key press, and the applicant panel fills itself.

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Client;
use ow_case::IdentitySource;
use ow_e2e::{open_new_case, screenshot, wait_attr, wait_for, Driver};

const F2: &str = "\u{E032}";
const ENTER: &str = "\u{E007}";
const DOWN: &str = "\u{E015}";

/// Opens the trainer's card picker with F2 and chooses the `down`-th fictional citizen with
/// the arrow keys and Enter, as a trainer would.
async fn present(c: &Client, key: &str, down: usize) {
    c.active_element()
        .await
        .unwrap()
        .send_keys(F2)
        .await
        .unwrap();
    wait_for(c, "sim-card-valid_adult", 10).await.unwrap();
    // Focus lands on the first card; wait for it before typing (a re-render may replace the
    // node between two calls, so the focused element's test id is read in one script).
    let focused =
        "return document.activeElement ? document.activeElement.dataset.testid || '' : '';";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while c.execute(focused, vec![]).await.ok() != Some(serde_json::json!("sim-card-valid_adult")) {
        assert!(
            std::time::Instant::now() < deadline,
            "focus never reached the card list"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Each key goes to whatever has focus now (sending to a stored element would refocus it).
    for _ in 0..down {
        c.active_element()
            .await
            .unwrap()
            .send_keys(DOWN)
            .await
            .unwrap();
    }
    let want = format!("sim-card-{key}");
    assert_eq!(
        c.execute(focused, vec![]).await.unwrap(),
        serde_json::json!(want)
    );
    let chosen = c.active_element().await.unwrap();
    chosen.send_keys(ENTER).await.unwrap();
}

async fn text(c: &Client, id: &str) -> String {
    wait_for(c, id, 10).await.unwrap().text().await.unwrap()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_presented_card_fills_the_applicant_panel_and_the_case_records_the_sam_reader() {
    let gallery = ow_idcard::gallery::entries().unwrap();
    let index = |key: &str| gallery.iter().position(|e| e.key == key).unwrap();
    let adult = ow_idcard::gallery::card("valid_adult").unwrap();
    let expired = ow_idcard::gallery::card("expired").unwrap();

    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    // The simulator starts with the app: the bar shows the reader ready, not "not integrated".
    wait_attr(&c, "device-card_reader", "data-state", "ready", 30)
        .await
        .unwrap();
    open_new_case(&c, 30).await.unwrap();

    present(&c, "valid_adult", index("valid_adult")).await;
    wait_attr(&c, "applicant-verdict", "data-status", "valid", 15)
        .await
        .unwrap();
    assert_eq!(
        text(&c, "applicant-name-display").await,
        adult.name.expose()
    );
    assert_eq!(
        text(&c, "applicant-id-display").await,
        adult.number.expose()
    );
    assert_eq!(
        text(&c, "applicant-address").await,
        adult.address.as_ref().unwrap().expose()
    );
    assert!(text(&c, "applicant-doc-type").await.contains("居民身份证"));
    wait_attr(&c, "applicant-source", "data-source", "sam_reader", 5)
        .await
        .unwrap();
    wait_attr(&c, "device-card_reader", "data-state", "card_present", 5)
        .await
        .unwrap();
    screenshot(&c, "identity-valid").await.unwrap();

    // The expired card swaps in: the reader sees the first leave and reads the second.
    present(&c, "expired", index("expired")).await;
    wait_attr(&c, "applicant-verdict", "data-status", "expired", 15)
        .await
        .unwrap();
    assert_eq!(
        text(&c, "applicant-name-display").await,
        expired.name.expose()
    );
    let verdict = text(&c, "applicant-verdict").await;
    assert!(verdict.contains("已过期"), "{verdict}");
    assert!(
        verdict.contains("临时身份证明"),
        "what to do next: {verdict}"
    );
    screenshot(&c, "identity-expired").await.unwrap();
    c.close().await.unwrap();

    // The saved case says where the identity came from.
    let store = ow_store::Store::open(&driver.data_dir().join("workstation.db"), None).unwrap();
    let summary = store.recent_cases(1).unwrap().remove(0);
    let case = store.case(summary.id).unwrap();
    assert_eq!(case.applicant.source, IdentitySource::SamReader);
    assert_eq!(case.applicant.id_number.as_ref(), Some(&expired.number));
    let doc = case.applicant.document.unwrap();
    assert_eq!(doc.verdict, "idcard.verdict.expired");
}
