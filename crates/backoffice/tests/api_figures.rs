//! The lead's figures over HTTP, on both backends: tickets served and not shown with their
//! times, cases beside notices per item, ratings per clerk; the spreadsheet and the CSV;
//! refusals for everyone else and for bad ranges; many reports at once all answered.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use calamine::Reader;
use common::tickets::{act, called, kiosk_ticket, ok};
use common::{expect_error, Backend, Server};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    the_figures_count_what_the_hall_did_today,
    the_figures_export_as_a_workbook_and_as_csv,
    only_a_lead_reads_figures_and_bad_ranges_change_nothing,
    many_reports_at_once_are_answered_or_told_to_wait,
);

/// The hall's today, as the figures name days.
fn today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(8))
        .date_naive()
        .to_string()
}

fn range() -> String {
    let d = today();
    format!("from={d}&to={d}")
}

async fn busy_day(s: &Server) {
    let w = s.window().await;
    for _ in 0..3 {
        kiosk_ticket(s, "huzheng", None).await;
    }
    // Two served, one not shown after its recalls.
    for _ in 0..2 {
        let t = called(s, &w).await.unwrap();
        let id = t["id"].as_str().unwrap();
        ok(act(s, &w, id, "start", &json!({})).await).await;
        ok(act(s, &w, id, "finish", &json!({"cases": []})).await).await;
    }
    let t = called(s, &w).await.unwrap();
    let id = t["id"].as_str().unwrap();
    for _ in 0..2 {
        ok(act(s, &w, id, "recall", &json!({})).await).await;
    }
    ok(act(s, &w, id, "no-show", &json!({})).await).await;

    let blob = s.put_blob(&w, b"page").await;
    s.new_case(
        &w,
        "one",
        &common::intake(1, "huzheng", std::slice::from_ref(&blob)),
    )
    .await;
    let notice = json!({
        "document_number": "N-0001",
        "window_case_no": "4419001-W03-20261203-0009",
        "window": "3号窗口",
        "item_code": "000173001001",
        "item_version": "2026.1",
        "item_name": "市外迁入（投靠配偶）",
        "applicant": {"name": "王小明", "id_kind": "resident_id", "id_number": "110105194912310021"},
        "situation": {},
        "received": [{"code": "id_card", "name": "居民身份证", "blobs": [blob]}],
        "missing": [{"code": "marriage_cert", "name": "结婚证"}],
        "issued_at": chrono::Utc::now()
    });
    assert_eq!(s.post(&w, "/notices", &notice).await.status(), 201);
    let rating = json!({
        "ticket": null, "cases": [], "clerk_id": seed::WINDOW_CLERK, "grade": "dissatisfied",
        "reasons": ["slow"], "text": null, "rated_at": chrono::Utc::now()
    });
    let r = s
        .req(Method::POST, "/ratings", Some(&w))
        .header("Idempotency-Key", "rating-1")
        .json(&rating)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
}

async fn the_figures_count_what_the_hall_did_today(b: Backend) {
    let s = common::start(b).await;
    busy_day(&s).await;
    let lead = s.lead().await;
    let f = s
        .get_json(&lead, &format!("/hall/figures?{}", range()))
        .await;
    let total = &f["total"];
    assert_eq!(
        (
            total["issued"].as_u64(),
            total["served"].as_u64(),
            total["no_shows"].as_u64()
        ),
        (Some(3), Some(2), Some(1)),
        "{f}"
    );
    assert!(
        total["wait_p50"].is_u64() && total["handle_p90"].is_u64(),
        "{f}"
    );
    assert_eq!(f["per_clerk"][0]["key"], seed::WINDOW_CLERK);
    assert_eq!(f["per_clerk"][0]["issued"], 3);
    assert_eq!(f["per_group"][0]["label"], "户政");
    assert_eq!(f["per_hour"].as_array().unwrap().len(), 1);
    let item = f["per_item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item_code"] == "000173001001")
        .unwrap_or_else(|| panic!("{f}"));
    assert_eq!(item["notices"], 1);
    assert_eq!(f["ratings"][0]["grades"], json!([0, 0, 0, 1, 0]));
    // Yesterday: nothing.
    let y =
        (chrono::Utc::now() + chrono::Duration::hours(8) - chrono::Duration::days(1)).date_naive();
    let f = s
        .get_json(&lead, &format!("/hall/figures?from={y}&to={y}"))
        .await;
    assert_eq!(f["total"]["issued"], 0);
    assert!(f["total"]["wait_p50"].is_null());
    s.stop().await;
}

async fn the_figures_export_as_a_workbook_and_as_csv(b: Backend) {
    let s = common::start(b).await;
    busy_day(&s).await;
    let lead = s.lead().await;
    let r = s
        .req(
            Method::GET,
            &format!("/hall/figures/export?{}&format=xlsx", range()),
            Some(&lead),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains(".xlsx"), "{disposition}");
    let bytes = r.bytes().await.unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "合计",
            "按工作人员",
            "按业务组",
            "按时段",
            "按事项",
            "好差评"
        ]
    );
    let total = book.worksheet_range("合计").unwrap();
    assert_eq!(total.get((0, 2)).unwrap().to_string(), "取号");
    assert_eq!(
        total.get((1, 2)).unwrap().clone(),
        calamine::Data::Float(3.0),
        "numbers stay numbers"
    );

    let r = s
        .req(
            Method::GET,
            &format!("/hall/figures/export?{}&format=csv", range()),
            Some(&lead),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = r.text().await.unwrap();
    assert!(
        text.contains(&format!("按工作人员,{},", seed::WINDOW_CLERK)),
        "{text}"
    );
    expect_error(
        s.req(
            Method::GET,
            &format!("/hall/figures/export?{}&format=pdf", range()),
            Some(&lead),
        )
        .send()
        .await
        .unwrap(),
        400,
        "backoffice.bad_query",
    )
    .await;
    s.stop().await;
}

async fn only_a_lead_reads_figures_and_bad_ranges_change_nothing(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let clerk = s.clerk(seed::WINDOW_CLERK).await;
    let approver = s.approver().await;
    for token in [&w, &clerk, &approver] {
        for path in ["/hall/figures", "/hall/figures/export"] {
            let q = format!("{path}?{}&format=csv", range());
            let r = s.req(Method::GET, &q, Some(token)).send().await.unwrap();
            assert_eq!(r.status(), 403, "{path}");
        }
    }
    let lead = s.lead().await;
    for (q, status, code) in [
        (
            "from=2026-12-03&to=2026-12-01",
            422,
            "backoffice.invalid_request",
        ),
        (
            "from=2025-01-01&to=2026-12-31",
            422,
            "backoffice.invalid_request",
        ),
        ("from=yesterday&to=today", 400, "backoffice.bad_query"),
        ("from=2026-12-03", 400, "backoffice.bad_query"),
    ] {
        let r = s
            .req(Method::GET, &format!("/hall/figures?{q}"), Some(&lead))
            .send()
            .await
            .unwrap();
        expect_error(r, status, code).await;
    }
    s.stop().await;
}

async fn many_reports_at_once_are_answered_or_told_to_wait(b: Backend) {
    let s = common::start(b).await;
    busy_day(&s).await;
    let lead = s.lead().await;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let (http, url, lead) = (
            s.http.clone(),
            format!("{}/hall/figures?{}", s.base, range()),
            lead.clone(),
        );
        tasks.spawn(async move {
            let r = http.get(url).bearer_auth(lead).send().await.unwrap();
            let status = r.status().as_u16();
            let body: Value = r.json().await.unwrap();
            (status, body)
        });
    }
    while let Some(r) = tasks.join_next().await {
        let (status, body) = r.unwrap();
        match status {
            200 => assert_eq!(body["total"]["issued"], 3),
            503 => assert_eq!(body["code"], "backoffice.busy"),
            other => panic!("{other}: {body}"),
        }
    }
    s.stop().await;
}
