//! Helpers for the hall's ticket queue, shared by the ticket and appointment tests.

use super::Server;
use ow_backoffice::seed;
use reqwest::Method;
use serde_json::{json, Value};

/// Issues at the kiosk (no session).
pub async fn kiosk_ticket(s: &Server, group: &str, green: Option<&str>) -> Value {
    let r = s
        .req(Method::POST, "/kiosk/tickets", None)
        .json(&json!({"group": group, "green": green}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

pub async fn call(s: &Server, w: &str) -> reqwest::Response {
    s.post(w, "/tickets/call", &json!({"clerk_id": seed::WINDOW_CLERK}))
        .await
}

/// Calls and expects someone (or nobody).
pub async fn called(s: &Server, w: &str) -> Option<Value> {
    let r = call(s, w).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    (!v["ticket"].is_null()).then(|| v["ticket"].clone())
}

pub async fn act(s: &Server, w: &str, id: &str, action: &str, body: &Value) -> reqwest::Response {
    s.post(w, &format!("/tickets/{id}/{action}"), body).await
}

pub async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert!(status.is_success(), "{status}: {v}");
    v
}

/// Calls, starts and finishes the next ticket; its number, or None.
pub async fn serve_next(s: &Server, w: &str) -> Option<String> {
    let t = called(s, w).await?;
    let id = t["id"].as_str().unwrap();
    ok(act(s, w, id, "start", &json!({})).await).await;
    ok(act(s, w, id, "finish", &json!({"cases": []})).await).await;
    Some(t["number"].as_str().unwrap().to_owned())
}

/// Provisions window `id` serving `groups` and signs it in.
pub async fn new_window(s: &Server, id: &str, groups: &[&str]) -> String {
    let secret = format!("{id}-secret-long-enough");
    let r = s
        .req(
            Method::PUT,
            &format!("/admin/workstations/{id}"),
            Some(s.admin()),
        )
        .json(&json!({"window_name": id, "secret": secret}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = s
        .req(
            Method::PUT,
            &format!("/admin/windows/{id}/groups"),
            Some(s.admin()),
        )
        .json(&json!({"workstation_id": id, "groups": groups}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    Server::token_of(s.sign_in_workstation(id, &secret).await).await
}

pub async fn todays(s: &Server, state: &str) -> Vec<Value> {
    let lead = s.lead().await;
    let q = if state.is_empty() {
        String::new()
    } else {
        format!("?state={state}")
    };
    s.get_json(&lead, &format!("/tickets{q}"))
        .await
        .as_array()
        .unwrap()
        .clone()
}

pub fn prefix_of(setup: &Value, group: &str) -> String {
    setup["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["code"] == group)
        .unwrap()["prefix"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub fn appointment(group: &str, name: &str, id_number: &str) -> Value {
    let (start, end) = slot_now();
    json!({
        "group": group,
        "name": name,
        "id_number": id_number,
        "slot_start": start,
        "slot_end": end,
        "items": ["HZ-001"],
        "answers": {"reason": "spouse"}
    })
}

pub async fn book(s: &Server, body: &Value) -> String {
    let r = s
        .req(Method::POST, "/appointments", Some(s.admin()))
        .json(body)
        .send()
        .await
        .unwrap();
    let v = ok(r).await;
    let code = v["code"].as_str().unwrap().to_owned();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    code
}

/// An appointment slot around now: from five minutes ago, but never from before today's hall
/// midnight (the back office finds appointments by the day their slot starts, and just after
/// midnight, China time, "five minutes ago" is yesterday), for half an hour.
pub fn slot_now() -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    let now = chrono::Utc::now();
    let (midnight, _) = ow_backoffice::tickets::hall_day_bounds(now.timestamp_millis());
    let today = chrono::DateTime::from_timestamp_millis(midnight).unwrap_or(now);
    let start = (now - chrono::Duration::minutes(5)).max(today);
    (start, now + chrono::Duration::minutes(25))
}
