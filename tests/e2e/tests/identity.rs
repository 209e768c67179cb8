//! Identity documents through the real window, in the sandbox: the trainer presents a
//! fictional citizen's card to the virtual SAM reader (a pty speaking GA/T 467 frames), the
//! reader task notices it without a key press, and the applicant panel fills itself.

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Client;
use ow_case::IdentitySource;
use ow_e2e::flows::{open_app_store, present_card};
use ow_e2e::{open_new_case, screenshot, wait_attr, wait_for, Driver};

async fn text(c: &Client, id: &str) -> String {
    wait_for(c, id, 10).await.unwrap().text().await.unwrap()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_presented_card_fills_the_applicant_panel_and_the_case_records_the_sam_reader() {
    let adult = ow_idcard::gallery::card("valid_adult").unwrap();
    let expired = ow_idcard::gallery::card("expired").unwrap();

    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    // The simulator starts with the app: the bar shows the reader ready, not "not integrated".
    wait_attr(&c, "device-card_reader", "data-state", "ready", 30)
        .await
        .unwrap();
    open_new_case(&c, 30).await.unwrap();

    present_card(&c, "valid_adult").await.unwrap();
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
    present_card(&c, "expired").await.unwrap();
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
    let store = open_app_store(driver.data_dir()).unwrap();
    let summary = store.recent_cases(None, 1).unwrap().remove(0);
    let case = store.case(summary.id).unwrap();
    assert_eq!(case.applicant.source, IdentitySource::SamReader);
    assert_eq!(case.applicant.id_number.as_ref(), Some(&expired.number));
    let doc = case.applicant.document.unwrap();
    assert_eq!(doc.verdict, "idcard.verdict.expired");
}
