//! Department queues: claims, decisions, reassignment, the overview — on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, intake, Backend};
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(
    a_case_goes_round_trip_with_every_step_audited,
    rejection_and_hand_out,
    transitions_are_guarded,
    shift_leads_reassign_with_a_reason,
    claims_serve_urgent_then_green_then_oldest,
    approvers_claiming_at_once_never_share_a_case,
    the_overview_counts_queues_windows_and_waits,
    owed_materials_travel_and_a_late_return_is_flagged,
    an_owed_material_joins_the_case_where_it_is,
);

fn states(history: &Value) -> Vec<String> {
    history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}->{}",
                e["action"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect()
}

async fn a_case_goes_round_trip_with_every_step_audited(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let blob = s.put_blob(&w, b"id card front").await;
    let n = s.new_case(&w, "rt", &intake(1, "huzheng", &[blob])).await;

    let claimed = s.claim(&a, "huzheng").await.unwrap();
    assert_eq!(claimed["case_number"], n);
    assert_eq!(claimed["state"], "in_review");
    assert_eq!(claimed["assignee"], seed::APPROVER);
    assert_eq!(claimed["intake"]["applicant"]["name"], "张三");

    let reasons =
        json!({"reasons": ["结婚证复印件不清晰", "缺少配偶户口簿"], "note": "请一次补齐"});
    let r = s.post(&a, &format!("/cases/{n}/return"), &reasons).await;
    assert_eq!(r.status(), 200);
    let feed = s.changes_eventually(&w, 3).await;
    let last = feed.last().unwrap();
    assert_eq!(last["state"], "returned");
    assert_eq!(last["detail"]["reasons"], reasons["reasons"]);

    let extra = s.put_blob(&w, b"marriage certificate, sharp").await;
    let sup = json!({"materials": [{"code": "marriage", "name": "结婚证", "blobs": [extra]}]});
    let r = s.post(&w, &format!("/cases/{n}/supplement"), &sup).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "queued");
    assert_eq!(v["intake"]["materials"].as_array().unwrap().len(), 3);

    assert_eq!(s.claim(&a, "huzheng").await.unwrap()["case_number"], n);
    let r = s
        .post(
            &a,
            &format!("/cases/{n}/approve"),
            &json!({"note": "符合条件"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = s.post(&a, &format!("/cases/{n}/ready"), &json!({})).await;
    assert_eq!(r.status(), 200);
    let r = s
        .post(
            &w,
            &format!("/cases/{n}/hand-out"),
            &json!({"clerk_id": seed::WINDOW_CLERK}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let v = s.get_json(&w, &format!("/cases/{n}")).await;
    assert_eq!(v["state"], "handed_out");
    assert_eq!(
        states(&v["history"]),
        [
            "intake->queued",
            "claim->in_review",
            "return->returned",
            "supplement->queued",
            "claim->in_review",
            "approve->approved",
            "ready->ready_for_pickup",
            "hand_out->handed_out"
        ]
    );
    let actors: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(actors[0], seed::WORKSTATION_ID);
    assert_eq!(actors[1], seed::APPROVER);
    let feed = s.changes_eventually(&w, 8).await;
    assert!(feed.iter().all(|c| c["case_number"] == n));
}

async fn rejection_and_hand_out(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let n = s.new_case(&w, "rj", &intake(1, "shuiwu", &[])).await;
    s.claim(&a, "shuiwu").await.unwrap();
    let r = s
        .post(&a, &format!("/cases/{n}/reject"), &json!({"reason": " "}))
        .await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .post(
            &a,
            &format!("/cases/{n}/reject"),
            &json!({"reason": "不属于本部门职权范围", "legal_basis": "《行政许可法》第三十二条"}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "rejected");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["detail"]["reasons"], json!(["不属于本部门职权范围"]));
    assert_eq!(last["detail"]["note"], "《行政许可法》第三十二条");
    let r = s
        .post(
            &w,
            &format!("/cases/{n}/hand-out"),
            &json!({"clerk_id": "c1"}),
        )
        .await;
    assert_eq!(r.status(), 200);
}

async fn transitions_are_guarded(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let other = s.new_approver("a2", &["huzheng"]).await;
    let window_clerk = s.clerk(seed::WINDOW_CLERK).await;
    let n = s.new_case(&w, "g", &intake(1, "huzheng", &[])).await;

    let r = s.post(&a, &format!("/cases/{n}/approve"), &json!({})).await;
    let v = expect_error(r, 409, "backoffice.invalid_transition").await;
    assert_eq!(v["details"]["state"], "queued");
    let r = s
        .req(Method::POST, "/queues/huzheng/claim", Some(&window_clerk))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .req(Method::POST, "/queues/shuiwu/claim", Some(&other))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    s.claim(&a, "huzheng").await.unwrap();
    let r = s
        .post(&other, &format!("/cases/{n}/approve"), &json!({}))
        .await;
    expect_error(r, 403, "backoffice.not_assignee").await;
    let r = s.post(&w, &format!("/cases/{n}/approve"), &json!({})).await;
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .post(
            &w,
            &format!("/cases/{n}/hand-out"),
            &json!({"clerk_id": "c1"}),
        )
        .await;
    expect_error(r, 409, "backoffice.invalid_transition").await;
    let r = s
        .post(
            &a,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "shuiwu", "reason": "x"}),
        )
        .await;
    expect_error(r, 403, "backoffice.forbidden").await;
    let r = s
        .post(&a, &format!("/cases/{n}/return"), &json!({"reasons": []}))
        .await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s.post(&a, "/cases/BO000/approve", &json!({})).await;
    expect_error(r, 404, "backoffice.unknown_case").await;
    // None of the refusals moved the case.
    let v = s.get_json(&w, &format!("/cases/{n}")).await;
    assert_eq!(v["state"], "in_review");
    assert_eq!(v["history"].as_array().unwrap().len(), 2);
}

async fn shift_leads_reassign_with_a_reason(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let lead = s.lead().await;
    let tax = s.new_approver("tax1", &["shuiwu"]).await;
    let n = s.new_case(&w, "ra", &intake(1, "huzheng", &[])).await;

    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "nowhere", "reason": "r"}),
        )
        .await;
    expect_error(r, 404, "backoffice.unknown_queue").await;
    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"clerk": "ghost", "reason": "r"}),
        )
        .await;
    expect_error(r, 404, "backoffice.unknown_clerk").await;
    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"clerk": "tax1", "reason": "r"}),
        )
        .await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "shuiwu"}),
        )
        .await;
    expect_error(r, 422, "backoffice.invalid_body").await;

    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"queue": "shuiwu", "reason": "涉税事项，转税务"}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["queue"], "shuiwu");
    assert_eq!(v["state"], "queued");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "reassign");
    assert_eq!(last["actor"]["id"], seed::LEAD);
    assert_eq!(last["detail"]["reasons"], json!(["涉税事项，转税务"]));
    assert!(s.claim(&s.approver().await, "huzheng").await.is_none());

    let r = s
        .post(
            &lead,
            &format!("/cases/{n}/reassign"),
            &json!({"clerk": "tax1", "reason": "指定专人"}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "in_review");
    assert_eq!(v["assignee"], "tax1");
    let r = s
        .post(&tax, &format!("/cases/{n}/approve"), &json!({}))
        .await;
    assert_eq!(r.status(), 200);
}

async fn claims_serve_urgent_then_green_then_oldest(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let mut numbers = Vec::new();
    for (i, p) in ["normal", "green_channel", "normal", "urgent"]
        .iter()
        .enumerate()
    {
        let mut body = intake(i as u32, "renshe", &[]);
        body["priority"] = json!(p);
        numbers.push(s.new_case(&w, &format!("p{i}"), &body).await);
    }
    let mut order = Vec::new();
    while let Some(c) = s.claim(&a, "renshe").await {
        order.push(c["case_number"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        order,
        [
            numbers[3].clone(),
            numbers[1].clone(),
            numbers[0].clone(),
            numbers[2].clone()
        ]
    );
    let r = s
        .req(Method::POST, "/queues/nowhere/claim", Some(&a))
        .send()
        .await
        .unwrap();
    expect_error(r, 404, "backoffice.unknown_queue").await;
}

async fn approvers_claiming_at_once_never_share_a_case(b: Backend) {
    const CASES: usize = 60;
    const APPROVERS: usize = 8;
    let s = common::start(b).await;
    let w = s.window().await;
    for i in 0..CASES {
        s.new_case(&w, &format!("c{i}"), &intake(i as u32, "chejiaguan", &[]))
            .await;
    }
    let mut tokens = Vec::new();
    for i in 0..APPROVERS {
        tokens.push(s.new_approver(&format!("cj{i}"), &["chejiaguan"]).await);
    }
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(APPROVERS));
    let mut tasks = Vec::new();
    for t in tokens {
        let (http, base, barrier) = (s.http.clone(), s.base.clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut mine = Vec::new();
            loop {
                let r = http
                    .post(format!("{base}/queues/chejiaguan/claim"))
                    .bearer_auth(&t)
                    .send()
                    .await
                    .unwrap();
                match r.status().as_u16() {
                    204 => break,
                    200 => {
                        let v: Value = r.json().await.unwrap();
                        mine.push(v["case_number"].as_str().unwrap().to_owned());
                    }
                    other => panic!("claim answered {other}"),
                }
            }
            mine
        }));
    }
    let mut all = Vec::new();
    let mut busy = 0;
    for t in tasks {
        let mine = t.await.unwrap();
        busy += usize::from(!mine.is_empty());
        all.extend(mine);
    }
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), CASES, "every case claimed once");
    assert_eq!(distinct.len(), CASES, "no case claimed twice");
    assert!(busy > 1, "claims really ran side by side");
}

async fn the_overview_counts_queues_windows_and_waits(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let lead = s.lead().await;
    let first = s.new_case(&w, "o1", &intake(1, "budongchan", &[])).await;
    s.new_case(&w, "o2", &intake(2, "budongchan", &[])).await;
    s.new_case(&w, "o3", &intake(3, "budongchan", &[])).await;
    s.new_case(&w, "o4", &intake(4, "shichang", &[])).await;
    let claimed = s.claim(&a, "budongchan").await.unwrap();
    assert_eq!(claimed["case_number"], first);

    let r = s
        .req(Method::GET, "/overview", Some(&a))
        .send()
        .await
        .unwrap();
    expect_error(r, 403, "backoffice.forbidden").await;
    let ov = s.get_json(&lead, "/overview").await;
    let q = |code: &str| {
        ov["queues"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["queue"] == code)
            .unwrap()
            .clone()
    };
    let bdc = q("budongchan");
    assert_eq!(bdc["name"], "不动产");
    assert_eq!(
        bdc["counts"],
        json!([{"state": "queued", "count": 2}, {"state": "in_review", "count": 1}])
    );
    assert!(bdc["oldest_waiting"]["case_number"].is_string());
    assert_ne!(bdc["oldest_waiting"]["case_number"], first);
    assert_eq!(q("huzheng")["counts"], json!([]));
    assert!(q("huzheng")["oldest_waiting"].is_null());
    let win = ov["windows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["workstation_id"] == seed::WORKSTATION_ID)
        .unwrap();
    assert_eq!(
        win["counts"],
        json!([{"state": "queued", "count": 3}, {"state": "in_review", "count": 1}])
    );
}

/// Owed (容缺) materials and the five-day clock arrive with the case and are shown to the
/// approver; a return after `notice_by` is taken but flagged, one before it is not.
async fn owed_materials_travel_and_a_late_return_is_flagged(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    // The hall's day (China time), as the back office counts it.
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let mut late = intake(1, "huzheng", &[]);
    late["owed"] = json!([{"code": "death_proof", "name": "死亡证明", "due": "2026-12-17"}]);
    late["notice_by"] = json!((today - chrono::Days::new(1)).to_string());
    let n_late = s.new_case(&w, "late", &late).await;
    let mut on_time = intake(2, "huzheng", &[]);
    on_time["notice_by"] = json!(today.to_string());
    let n_on_time = s.new_case(&w, "on-time", &on_time).await;

    let claimed = s.claim(&a, "huzheng").await.unwrap();
    assert_eq!(claimed["case_number"], n_late);
    assert_eq!(claimed["intake"]["owed"][0]["code"], "death_proof");
    assert_eq!(claimed["intake"]["owed"][0]["due"], "2026-12-17");
    assert_eq!(claimed["intake"]["notice_by"], late["notice_by"]);
    let reasons = json!({"reasons": ["缺少配偶户口簿"]});
    let r = s
        .post(&a, &format!("/cases/{n_late}/return"), &reasons)
        .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap()["detail"]["late_notice"],
        true
    );

    assert_eq!(
        s.claim(&a, "huzheng").await.unwrap()["case_number"],
        n_on_time
    );
    let r = s
        .post(&a, &format!("/cases/{n_on_time}/return"), &reasons)
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap()["detail"]["late_notice"],
        false
    );

    // A hostile body: an owed list past the limit is refused and stores nothing.
    let mut flood = intake(3, "huzheng", &[]);
    flood["owed"] = json!((0..501)
        .map(|i| json!({"code": format!("m{i}"), "name": "x"}))
        .collect::<Vec<_>>());
    let r = s.post_case(&w, "flood", &flood).await;
    expect_error(r, 422, "backoffice.invalid_request").await;
    assert!(s.claim(&a, "huzheng").await.is_none(), "nothing was queued");
}

/// A material owed (容缺) since the acceptance, brought while the case is in its queue or in
/// review: appended, owed no more, the case where it was; refused once the case is decided.
async fn an_owed_material_joins_the_case_where_it_is(b: Backend) {
    let s = common::start(b).await;
    let w = s.window().await;
    let a = s.approver().await;
    let mut owing = intake(1, "huzheng", &[]);
    owing["owed"] = json!([
        {"code": "death_proof", "name": "死亡证明", "due": "2026-12-17"},
        {"code": "hukou_page", "name": "户口簿本人页"}
    ]);
    let n = s.new_case(&w, "owing", &owing).await;
    let page = s.put_blob(&w, b"death certificate").await;
    let owed = json!({"owed": true, "materials": [{"code": "death_proof", "name": "死亡证明", "blobs": [page]}]});
    let r = s.post(&w, &format!("/cases/{n}/supplement"), &owed).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "queued");
    assert_eq!(v["intake"]["owed"].as_array().unwrap().len(), 1);
    assert_eq!(v["intake"]["owed"][0]["code"], "hukou_page");
    assert_eq!(v["intake"]["materials"].as_array().unwrap().len(), 3);

    // In review: it stays with its approver.
    assert_eq!(s.claim(&a, "huzheng").await.unwrap()["case_number"], n);
    let other = s.put_blob(&w, b"hukou page").await;
    let owed = json!({"owed": true, "materials": [{"code": "hukou_page", "name": "户口簿本人页", "blobs": [other]}]});
    let r = s.post(&w, &format!("/cases/{n}/supplement"), &owed).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["state"], "in_review");
    assert_eq!(v["assignee"], seed::APPROVER);
    assert!(v["intake"]["owed"].as_array().unwrap().is_empty());
    assert_eq!(
        states(&v["history"]),
        [
            "intake->queued",
            "supplement->queued",
            "claim->in_review",
            "supplement->in_review"
        ]
    );

    // Decided: too late, refused, nothing changes.
    let r = s.post(&a, &format!("/cases/{n}/approve"), &json!({})).await;
    assert_eq!(r.status(), 200);
    let late = s.put_blob(&w, b"late page").await;
    let owed = json!({"owed": true, "materials": [{"code": "x", "name": "x", "blobs": [late]}]});
    let r = s.post(&w, &format!("/cases/{n}/supplement"), &owed).await;
    expect_error(r, 409, "backoffice.invalid_transition").await;
    let v = s.get_json(&w, &format!("/cases/{n}")).await;
    assert_eq!(v["intake"]["materials"].as_array().unwrap().len(), 4);
}
