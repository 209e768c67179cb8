//! A notice issued at another window of the hall, continued at this one through the real
//! window: the back office keeps it (with the page the citizen had brought), the citizen's
//! number brings it up here marked with the window that issued it, Alt+C carries it on with
//! that page, and once the case is accepted no window is offered the notice again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_e2e::flows::{self, attrs, invoke, keys_in};
use ow_e2e::hall::Hall;
use ow_e2e::{axe_serious, screenshot, wait_attr, wait_for, Driver};
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

const DOWN: &str = "\u{E015}";
const ALT_C: &str = "\u{E00A}c\u{E000}";
const NUMBER: &str = "11010519491231002X";
const NOTICE: &str = "PX-GZ-TRAIN0001-W03-2026000042";

/// A one-page PDF of a grey page: the certificate the citizen showed at the other window.
fn page_pdf() -> Vec<u8> {
    let image = image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(
        850,
        1100,
        image::Luma([200]),
    ));
    let page = ow_scanner::Page::new(image, Some(100.0), ow_scanner::PageOrigin::Flatbed);
    ow_scanner::pdf::material_pdf(&[page]).unwrap()
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_notice_from_another_window_is_continued_here_with_its_page() {
    let hall = Hall::open().await.unwrap();
    // Window 03 (the seed's other workstation) issued it: the marriage certificate brought,
    // the spouse's 户口簿 missing.
    let other = hall.other_window().await.unwrap();
    let sha = hall.put_blob(&other, page_pdf()).await.unwrap();
    let answers = json!({
        "in_custody": {"yes_no": false}, "origin": {"choice": "other_province"},
        "moved_out": {"yes_no": true}, "married_years": {"number": 5},
        "registered_where": {"choice": "mainland"}, "previous_marriage": {"choice": "none"},
        "spouse_hukou": {"choice": "family"}, "residence": {"choice": "own"},
        "children": {"number": 0}, "by_agent": {"yes_no": false}
    });
    let notice = json!({
        "document_number": NOTICE,
        "window_case_no": "PX-TRAIN0001-W03-20261201-0007",
        "window": "03",
        "item_code": "000173001001",
        "item_version": "1",
        "item_name": "市外迁入—投靠配偶",
        "applicant": {"name": "陈思远", "id_kind": "resident_id", "id_number": NUMBER},
        "answers": answers,
        "received": [{"code": "marriage_cert", "name": "结婚证", "blobs": [sha]}],
        "missing": [{"code": "spouse_hukoubu", "name": "配偶居民户口簿"}],
        "issued_at": "2026-12-01T02:00:00Z"
    });
    hall.send(Method::POST, &other, "/notices", Some(&notice))
        .await
        .unwrap();

    let driver = Driver::start(&[("ONEWINDOW_BACKOFFICE__URL", &hall.url())])
        .await
        .unwrap();
    let c = driver.session().await.unwrap();
    wait_for(&c, "workstation", 30).await.unwrap();
    ow_e2e::open_new_case(&c, 30).await.unwrap();
    flows::type_applicant(&c, "陈思远", NUMBER).await.unwrap();

    let offer = wait_for(&c, "notice-offer", 30).await.unwrap();
    let windows = attrs(&c, "notice-offer-item", "data-window").await.unwrap();
    assert_eq!(windows, vec!["03".to_owned()]);
    let offered = offer.text().await.unwrap();
    assert!(
        offered.contains("03 号窗口") && offered.contains(NOTICE),
        "{offered}"
    );
    let axe = axe_serious(&c).await.unwrap();
    assert!(
        axe.is_empty(),
        "axe-core on a notice from elsewhere: {axe:?}"
    );
    screenshot(&c, "notice-elsewhere-offer").await.unwrap();
    flows::press(&c, ALT_C).await.unwrap();
    wait_attr(&c, "follow-banner", "data-kind", "notice", 15)
        .await
        .unwrap();
    wait_attr(&c, "step-area", "data-step", "materials", 10)
        .await
        .unwrap();

    // The certificate is received, with the other window's page; the rest is still to do.
    let lines = attrs(&c, "checklist-line", "data-line").await.unwrap();
    assert!(lines.iter().any(|l| l == "marriage_cert"), "{lines:?}");
    let states = attrs(&c, "checklist-line", "data-state").await.unwrap();
    for (line, state) in lines.iter().zip(&states) {
        assert_eq!(
            state == "received",
            line == "marriage_cert",
            "{lines:?} {states:?}"
        );
    }
    let recent = invoke(&c, "case_recent", json!({ "limit": 1 }))
        .await
        .unwrap();
    let id = recent[0]["id"].as_str().unwrap().to_owned();
    let view = invoke(&c, "materials_get", json!({ "id": id }))
        .await
        .unwrap();
    let pages = view["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1, "{view}");
    assert_eq!(pages[0]["line_id"], "marriage_cert");
    screenshot(&c, "notice-elsewhere-continued").await.unwrap();

    // R on every line but the one carried over, then F6, Enter: accepted.
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            keys_in(&c, "materials-step", DOWN).await.unwrap();
        }
        wait_attr(&c, "materials-step", "data-line", line, 10)
            .await
            .unwrap();
        if line != "marriage_cert" {
            keys_in(&c, "materials-step", "r").await.unwrap();
            wait_attr(&c, "materials-line-state", "data-state", "received", 10)
                .await
                .unwrap();
        }
    }
    flows::accept_with_f6(&c).await.unwrap();
    let case = invoke(&c, "case_get", json!({ "id": id })).await.unwrap();
    let number = case["decision"]["case_number"].as_str().unwrap().to_owned();

    // The outbox tells the back office: the notice is carried on by this case, and no window
    // finds it any more; the department has the page from the first visit.
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let stored = hall
            .send(Method::GET, &other, &format!("/notices/{NOTICE}"), None)
            .await
            .unwrap();
        if stored["carried_on_by"] == json!(number) {
            break;
        }
        assert!(Instant::now() < deadline, "never carried on: {stored}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let open = hall
        .send(
            Method::POST,
            &other,
            "/notices/search",
            Some(&json!({ "id_number": NUMBER })),
        )
        .await
        .unwrap();
    assert_eq!(open, json!([]));
    let approver = hall.clerk(ow_backoffice::seed::APPROVER).await.unwrap();
    let claimed = hall.claim_forwarded(&approver, "huzheng").await.unwrap();
    let certificate = claimed["intake"]["materials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "marriage_cert")
        .cloned()
        .unwrap_or_else(|| panic!("no certificate in {}", claimed["intake"]));
    assert_eq!(
        certificate["blobs"].as_array().unwrap().len(),
        1,
        "{certificate}"
    );

    // A new case for the same citizen is offered nothing, the back office asked.
    flows::press(&c, "\u{E009}n\u{E000}").await.unwrap();
    wait_attr(&c, "step-area", "data-step", "applicant", 15)
        .await
        .unwrap();
    flows::type_applicant(&c, "陈思远", NUMBER).await.unwrap();
    let recent = invoke(&c, "case_recent", json!({ "limit": 1 }))
        .await
        .unwrap();
    let again = recent[0]["id"].as_str().unwrap().to_owned();
    assert_ne!(again, id);
    // Saved with the number (autosave), so the lookup below is for this citizen.
    let deadline = Instant::now() + Duration::from_secs(10);
    while invoke(&c, "case_get", json!({ "id": again }))
        .await
        .unwrap()["applicant"]["id_number"]
        != json!(NUMBER)
    {
        assert!(Instant::now() < deadline, "the number was never saved");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let lookup = invoke(&c, "case_open_notices", json!({ "id": again }))
        .await
        .unwrap();
    assert_eq!(lookup, json!({"notices": [], "elsewhere_asked": true}));
    c.close().await.unwrap();
}
