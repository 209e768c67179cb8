//! The kiosk routes need no sign-in, so they answer only the hall's kiosk networks: from
//! anywhere else nobody can take the day's tickets or guess check-in codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use common::{expect_error, Backend, Place, Server};
use reqwest::Method;
use serde_json::json;

on_both!(kiosk_routes_answer_only_the_kiosk_networks);

async fn kiosk_routes_answer_only_the_kiosk_networks(b: Backend) {
    let place = Place::new(b).await;
    // A production hall whose kiosks are on 10.20.0.0/24: this test calls from loopback.
    let mut config = place.config("production");
    config.kiosk_networks = Some(vec!["10.20.0.0/24".parse().unwrap()]);
    let s = Server::open(config, b).await;
    for (method, path, body) in [
        (Method::GET, "/kiosk/groups", None),
        (
            Method::POST,
            "/kiosk/tickets",
            Some(json!({ "group": "huzheng" })),
        ),
        (
            Method::POST,
            "/kiosk/check-in",
            Some(json!({ "code": "123456" })),
        ),
    ] {
        let mut r = s.req(method, path, None);
        if let Some(b) = body {
            r = r.json(&b);
        }
        expect_error(r.send().await.unwrap(), 403, "backoffice.kiosk_not_allowed").await;
    }
    let page = s
        .http
        .get(s.base.replace("/api/v1", "/kiosk"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403);
    s.stop().await;

    // The same hall with loopback among its kiosk networks: the page and the list answer.
    let mut config = place.config("production");
    config.kiosk_networks = Some(vec![
        "10.20.0.0/24".parse().unwrap(),
        "127.0.0.1/32".parse().unwrap(),
    ]);
    let s = Server::open(config, b).await;
    let r = s
        .req(Method::GET, "/kiosk/groups", None)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = s
        .http
        .get(s.base.replace("/api/v1", "/kiosk"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
}
