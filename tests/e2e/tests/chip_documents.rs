//! ICAO chip documents through the real window, in the sandbox: the trainer presents a
//! fictional passport from the gallery; it goes into pcscd through vsmartcard-vpcd (the
//! virtual ePassport on 127.0.0.1), the chip reader notices it and asks for the MRZ; the clerk
//! presses F5 and types the three fields; the applicant panel fills with name, face and
//! verdict, and the case records the chip as the source.

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Client;
use ow_case::IdentitySource;
use ow_e2e::flows::{open_app_store, present_card, type_mrz};
use ow_e2e::{open_new_case, screenshot, wait_attr, wait_for, Driver};
use std::time::Instant;

async fn text(c: &Client, id: &str) -> String {
    wait_for(c, id, 10).await.unwrap().text().await.unwrap()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb, tauri-driver and pcscd with vsmartcard-vpcd: run scripts/test.sh"]
async fn a_presented_passport_is_read_through_pcscd_once_the_clerk_types_its_mrz() {
    // The app's chip reader talks to the machine's pcscd; start one if none runs.
    let _pcscd = ow_icao::sim::pcscd::shared()
        .expect("pcscd with vsmartcard-vpcd is required (Debian: pcscd vsmartcard-vpcd)");
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    wait_attr(&c, "device-chip_reader", "data-state", "ready", 30)
        .await
        .unwrap();
    open_new_case(&c, 30).await.unwrap();

    present_card(&c, "chip_valid").await.unwrap();
    wait_attr(&c, "device-chip_reader", "data-state", "needs_mrz", 15)
        .await
        .unwrap();
    let t0 = Instant::now();
    type_mrz(&c, "EH0000001", "900101", "341231").await.unwrap();
    wait_attr(&c, "applicant-verdict", "data-status", "valid", 15)
        .await
        .unwrap();
    eprintln!(
        "FIGURE e2e: last MRZ key → applicant panel filled: {} ms (includes WebDriver typing)",
        t0.elapsed().as_millis()
    );
    assert_eq!(text(&c, "applicant-name-display").await, "韩梅梅");
    assert_eq!(text(&c, "applicant-id-display").await, "EH0000001");
    assert!(text(&c, "applicant-doc-type").await.contains("护照"));
    wait_attr(&c, "applicant-source", "data-source", "chip", 5)
        .await
        .unwrap();
    wait_attr(
        &c,
        "applicant-verdict-signature",
        "data-signature",
        "signature_verified",
        5,
    )
    .await
    .unwrap();
    let face = wait_for(&c, "applicant-face", 5).await.unwrap();
    assert!(face
        .attr("src")
        .await
        .unwrap()
        .unwrap_or_default()
        .starts_with("data:image/jpeg;base64,"));
    wait_attr(&c, "device-chip_reader", "data-state", "card_present", 5)
        .await
        .unwrap();
    screenshot(&c, "chip-valid").await.unwrap();

    // A passport whose DG1 was changed after signing: the trainer swaps it in.
    present_card(&c, "chip_altered").await.unwrap();
    wait_attr(&c, "device-chip_reader", "data-state", "needs_mrz", 15)
        .await
        .unwrap();
    type_mrz(&c, "EL0000004", "880808", "320808").await.unwrap();
    wait_attr(&c, "applicant-verdict", "data-status", "altered", 15)
        .await
        .unwrap();
    let verdict = text(&c, "applicant-verdict").await;
    assert!(verdict.contains("芯片数据被篡改"), "{verdict}");
    assert!(
        verdict.contains("不得据此办理"),
        "what to do next: {verdict}"
    );
    screenshot(&c, "chip-altered").await.unwrap();
    c.close().await.unwrap();

    let store = open_app_store(driver.data_dir()).unwrap();
    let summary = store.recent_cases(None, 1).unwrap().remove(0);
    let case = store.case(summary.id).unwrap();
    assert_eq!(case.applicant.source, IdentitySource::Chip);
    let doc = case.applicant.document.unwrap();
    assert_eq!(doc.verdict, "icao.verdict.altered");
    assert_eq!(doc.kind, "passport");
}
