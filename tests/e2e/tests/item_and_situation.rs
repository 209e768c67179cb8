//! Step ② through the real window: find 市外迁入（投靠配偶） by its pinyin initials, answer the
//! situation questions from the keyboard, and see the checklist and the promised date that the
//! catalog and the working-day calendar give for those answers.

// Helpers outside #[test] fns fail the test loudly; clippy.toml only exempts the test fns.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::Local;
use fantoccini::{Client, Locator};
use ow_catalog::{AnswerValue, Answers, Catalog};
use ow_desk::{promised_date, PromisedDate};
use ow_e2e::{open_new_case, screenshot, testid, wait_attr, wait_for, Driver};

const TKPO: &str = "000173001001";
const ENTER: &str = "\u{E007}";

/// Types `keys` once focus sits inside the question `question`: the clerk never clicks, so
/// focus landing on the next question is part of what is tested.
async fn answer(c: &Client, question: &str, keys: &str) {
    eprintln!("e2e: answering {question}");
    ow_e2e::flows::answer(c, question, keys).await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn the_spouse_item_gives_its_checklist_and_promised_date() {
    let driver = Driver::start(&[]).await.unwrap();
    let c = driver.session().await.unwrap();
    open_new_case(&c, 30).await.unwrap();

    // F3 opens the item search with focus in it.
    c.active_element()
        .await
        .unwrap()
        .send_keys("\u{E033}")
        .await
        .unwrap();
    wait_for(&c, "item-search", 5).await.unwrap();
    let search = c.active_element().await.unwrap();
    assert_eq!(
        search.attr("data-testid").await.unwrap().as_deref(),
        Some("item-search")
    );
    search.send_keys("tkpo").await.unwrap();
    wait_attr(&c, "item-hit", "data-code", TKPO, 10)
        .await
        .unwrap();
    search.send_keys(ENTER).await.unwrap();
    let name = wait_for(&c, "item-name", 10)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(name.contains("投靠配偶"), "{name}");

    answer(&c, "in_custody", "2").await; // 否
    answer(&c, "origin", "2").await; // 外省
    answer(&c, "moved_out", "1").await; // 是
    answer(&c, "married_years", &format!("5{ENTER}")).await;
    answer(&c, "registered_where", "1").await; // 内地
    answer(&c, "previous_marriage", "1").await; // 初婚
    answer(&c, "spouse_hukou", "1").await; // 家庭户
    answer(&c, "residence", "1").await; // 自有住房
    answer(&c, "children", &format!("1{ENTER}")).await;
    answer(&c, "child_over_16", "2").await;
    answer(&c, "by_agent", "2").await;
    wait_for(&c, "situation-done", 10).await.unwrap();
    wait_attr(&c, "decision", "data-status", "acceptable", 10)
        .await
        .unwrap();

    // The same answers through the catalog engine and the calendar give the expected screen.
    let mut answers = Answers::new();
    for (q, v) in [
        ("in_custody", AnswerValue::YesNo(false)),
        ("origin", AnswerValue::Choice("other_province".into())),
        ("moved_out", AnswerValue::YesNo(true)),
        ("married_years", AnswerValue::Number(5)),
        ("registered_where", AnswerValue::Choice("mainland".into())),
        ("previous_marriage", AnswerValue::Choice("none".into())),
        ("spouse_hukou", AnswerValue::Choice("family".into())),
        ("residence", AnswerValue::Choice("own".into())),
        ("children", AnswerValue::Number(1)),
        ("child_over_16", AnswerValue::YesNo(false)),
        ("by_agent", AnswerValue::YesNo(false)),
    ] {
        answers.insert(q.into(), v);
    }
    let expected = Catalog::builtin()
        .unwrap()
        .evaluate(TKPO, &answers)
        .unwrap();
    let shown: Vec<String> = {
        let mut names = Vec::new();
        for el in c
            .find_all(Locator::Css(&testid("checklist-name")))
            .await
            .unwrap()
        {
            names.push(el.text().await.unwrap());
        }
        names
    };
    let want: Vec<String> = expected.checklist.iter().map(|l| l.name.clone()).collect();
    assert_eq!(shown, want);
    assert!(shown.iter().any(|n| n.contains("结婚证")), "{shown:?}");
    assert!(shown.iter().any(|n| n == "配偶居民户口簿"), "{shown:?}");
    assert!(
        shown.iter().any(|n| n.contains("出生")),
        "a child following adds the child's papers: {shown:?}"
    );

    let calendar = ow_calendar::WorkingCalendar::built_in().unwrap();
    let promised = promised_date(
        &calendar,
        &ow_calendar::DeadlineConfig::default(),
        expected.promised_limit,
        Local::now().naive_local(),
    );
    let text = c
        .find(Locator::Css(&testid("promised")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    match promised {
        PromisedDate::Due { due_on, .. } => {
            assert!(text.contains(&due_on.to_string()), "{text} vs {due_on}")
        }
        PromisedDate::Unknown { .. } => assert!(text.contains("无法计算"), "{text}"),
    }
    screenshot(&c, "e2e-item-and-situation").await.unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_broken_hall_catalog_is_refused_on_screen_and_the_window_keeps_serving() {
    let folder = tempfile::tempdir().unwrap();
    for (name, text) in ow_catalog::builtin_files() {
        let text = if name.ends_with("tkpo.yaml") {
            text.replace("ref: marriage_cert", "ref: no_such_material")
        } else {
            text.to_owned()
        };
        let path = folder.path().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let dir = folder.path().display().to_string();
    let driver = Driver::start(&[("ONEWINDOW_CATALOG__DIR", dir.as_str())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_attr(
        &c,
        "catalog-version",
        "data-refused",
        "catalog.unknown_material",
        30,
    )
    .await
    .unwrap();
    c.find(Locator::Css(&testid("catalog-version")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // textContent, not the visible text: the popover may still be fading in.
    let detail = wait_for(&c, "catalog-refused", 5)
        .await
        .unwrap()
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(detail.contains("tkpo.yaml"), "{detail}");
    assert!(detail.contains("000173001001"), "{detail}");
    assert!(detail.contains("行"), "the line is named: {detail}");

    // Still serving with the built-in catalog. The clerk goes on by key: the open popover lies
    // over the new-case button, and WebKitWebDriver's click then lands on the popover.
    ow_e2e::flows::press(&c, "\u{E009}n\u{E009}").await.unwrap();
    wait_for(&c, "applicant-name", 10).await.unwrap();
    ow_e2e::flows::press(&c, "\u{E033}").await.unwrap();
    let search = wait_for(&c, "item-search", 5).await.unwrap();
    search.send_keys("tkpo").await.unwrap();
    wait_attr(&c, "item-hit", "data-code", TKPO, 10)
        .await
        .unwrap();
    screenshot(&c, "e2e-catalog-refused").await.unwrap();
    c.close().await.unwrap();
}
