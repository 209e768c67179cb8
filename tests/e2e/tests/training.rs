//! Training in the real window: a trainee picks a scenario with Alt+T, the citizen's card goes
//! on the simulated reader and the planted blurred page through the import; the page checks
//! flag it, the trainee marks it defective and issues the notice, and the score shows. The
//! reset empties the window, the trainer finds the score on the trainer's desk and saves the
//! trainee's report, and a clerk calling the trainer's command directly is refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fantoccini::Locator;
use ow_e2e::flows::{
    attrs, choose_spouse_item_and_answer, invoke, keys_in, press, wait_focus, ENTER,
};
use ow_e2e::{
    axe_serious, fill, screenshot, sign_in, testid, wait_attr, wait_css, wait_for, wait_text,
    Driver, PIN, TRAINER,
};
use serde_json::json;

const ALT_T: &str = "\u{E00A}t\u{E00A}";
const DOWN: &str = "\u{E015}";
const F7: &str = "\u{E037}";
const SCENARIO: &str = "03-tkpo-blurred-marriage";

/// Waits until no element has test id `id` (a dialog done closing: until then it takes clicks).
async fn gone(c: &fantoccini::Client, id: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while c.find(Locator::Css(&testid(id))).await.is_ok() {
        assert!(std::time::Instant::now() < deadline, "{id} stays");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_trainee_plays_a_scenario_is_scored_and_the_trainer_sees_it_after_a_reset() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    // The trainee (a clerk) may not read everyone's scores, whatever the screen shows.
    let refused = invoke(&c, "training_results", json!({})).await.unwrap_err();
    assert!(refused.to_string().contains("auth.forbidden"), "{refused}");
    wait_attr(&c, "device-card_reader", "data-state", "ready", 30)
        .await
        .unwrap();

    // Alt+T: the library, focus on its first scenario; ↓ ↓ Enter starts the third.
    press(&c, ALT_T).await.unwrap();
    wait_focus(&c, "scenario-01-tkpo-complete", 15)
        .await
        .unwrap();
    press(&c, &format!("{DOWN}{DOWN}")).await.unwrap();
    wait_focus(&c, &format!("scenario-{SCENARIO}"), 5)
        .await
        .unwrap();
    press(&c, ENTER).await.unwrap();
    wait_text(&c, "training-tray", "结婚证扫描模糊")
        .await
        .unwrap();
    gone(&c, "scenario-list").await;

    // The citizen holds out the ID card: it goes on the simulated reader and is read.
    wait_for(&c, "tray-card-applicant", 5)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_attr(&c, "applicant-source", "data-source", "sam_reader", 15)
        .await
        .unwrap();
    choose_spouse_item_and_answer(&c).await.unwrap();

    // The materials step, on the marriage certificate's line; Alt+T focuses its paper.
    press(&c, ENTER).await.unwrap();
    let lines = attrs(&c, "checklist-line", "data-line").await.unwrap();
    let at = lines.iter().position(|l| l == "marriage_cert").unwrap();
    wait_attr(&c, "materials-step", "data-line", &lines[0], 10)
        .await
        .unwrap();
    for _ in 0..at {
        keys_in(&c, "materials-step", DOWN).await.unwrap();
    }
    wait_attr(&c, "materials-step", "data-line", "marriage_cert", 10)
        .await
        .unwrap();
    press(&c, ALT_T).await.unwrap();
    wait_focus(&c, "tray-paper-marriage_cert", 5).await.unwrap();
    press(&c, ENTER).await.unwrap();
    // The page came through the import: the page checks warn of the planted blur (taking or
    // refusing the paper stays the clerk's call).
    wait_css(
        &c,
        &format!(
            "{}[data-code='scanner.check.blurred']",
            testid("page-finding")
        ),
        30,
    )
    .await
    .unwrap();
    screenshot(&c, "training-blurred-page").await.unwrap();

    // D: defective, with the reason; F7 and Enter: the one-time notice.
    // Focus stays on the tray (Tab to the next paper); the step's keys work from there.
    press(&c, "d").await.unwrap();
    fill(&c, "reason-input", "结婚证扫描模糊，请提供清晰复印件")
        .await
        .unwrap();
    press(&c, ENTER).await.unwrap();
    wait_attr(&c, "materials-line-state", "data-state", "defective", 10)
        .await
        .unwrap();
    press(&c, F7).await.unwrap();
    wait_for(&c, "decision-ok", 10).await.unwrap();
    press(&c, ENTER).await.unwrap();
    wait_attr(&c, "paper-step", "data-status", "noticed", 15)
        .await
        .unwrap();

    // The score: the right decision (40), the defect caught (20), one of the eight lines
    // treated right (5): the seven good papers were never taken.
    wait_attr(&c, "training-score", "data-points", "65", 15)
        .await
        .unwrap();
    wait_attr(&c, "score-decision", "data-right", "true", 5)
        .await
        .unwrap();
    wait_text(&c, "score-defects", "1 / 1").await.unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the score: {axe:?}");
    screenshot(&c, "training-score").await.unwrap();

    // Alt+T on a decided play: the library again, whose footer resets the window.
    press(&c, ALT_T).await.unwrap();
    wait_for(&c, "training-reset", 10)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_css(&c, "#training-reset-ok", 5)
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "home", 15).await.unwrap();
    let recent = invoke(&c, "case_recent", json!({ "limit": 10 }))
        .await
        .unwrap();
    assert_eq!(recent, json!([]), "the window is empty");

    // The trainer, on the same workstation: the score is there (Ctrl+2 is the trainer's desk).
    gone(&c, "scenario-list").await;
    press(&c, "\u{E009}q\u{E009}").await.unwrap(); // Ctrl+Q: sign out
    sign_in(&c, TRAINER, PIN).await.unwrap();
    wait_for(&c, "place-trainer", 15).await.unwrap();
    press(&c, "\u{E009}2\u{E009}").await.unwrap(); // Ctrl+2: the trainer's place
    wait_for(&c, "trainer-desk", 10).await.unwrap();
    let points = wait_for(&c, "result-points", 15).await.unwrap();
    assert_eq!(points.text().await.unwrap(), "65");
    points.click().await.unwrap();
    wait_attr(&c, "training-score", "data-points", "65", 5)
        .await
        .unwrap();
    let path = c
        .find(Locator::Css(&testid("score-path")))
        .await
        .unwrap()
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(path.contains("市外迁入"), "{path}");
    // Alt+P: the trainee's report, a PDF in the downloads folder.
    press(&c, "\u{E00A}p\u{E00A}").await.unwrap();
    let saved = wait_for(&c, "report-saved", 20).await.unwrap();
    let file = saved.attr("data-path").await.unwrap().unwrap();
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        file.ends_with(".pdf") && bytes.starts_with(b"%PDF"),
        "{file}"
    );
    std::fs::remove_file(&file).unwrap();
    let axe = axe_serious(&c).await.unwrap();
    assert!(axe.is_empty(), "axe-core on the trainer's desk: {axe:?}");
    screenshot(&c, "trainer-desk").await.unwrap();
    // Alt+S: the library, every scenario listed.
    press(&c, "\u{E00A}s\u{E00A}").await.unwrap();
    wait_text(&c, "trainer-library", "居住证").await.unwrap();
    c.close().await.unwrap();
}
