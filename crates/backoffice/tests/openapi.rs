//! The OpenAPI document describes every route, and every described route is served.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Backend;
use serde_json::Value;
use std::collections::BTreeSet;

/// Every route the server has. Adding a route means adding it here, and `routes!` makes
/// sure it is in the document too.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/health"),
    ("get", "/api/v1/openapi.json"),
    ("post", "/api/v1/auth/workstation"),
    ("post", "/api/v1/auth/clerk"),
    ("post", "/api/v1/auth/sign-out"),
    ("get", "/api/v1/auth/me"),
    ("put", "/api/v1/admin/workstations/{id}"),
    ("put", "/api/v1/admin/clerks/{id}"),
    ("put", "/api/v1/admin/queues/{code}"),
    ("get", "/api/v1/queues"),
    ("get", "/api/v1/catalog"),
    ("put", "/api/v1/catalog"),
    ("get", "/api/v1/calendar"),
    ("put", "/api/v1/calendar"),
    ("put", "/api/v1/blobs/{sha256}"),
    ("head", "/api/v1/blobs/{sha256}"),
    ("get", "/api/v1/blobs/{sha256}"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/{case_number}"),
    ("get", "/api/v1/changes"),
    ("post", "/api/v1/cases/{case_number}/hand-out"),
    ("post", "/api/v1/cases/{case_number}/supplement"),
    ("get", "/api/v1/hall/at-risk"),
    ("get", "/api/v1/hall/now"),
    ("get", "/api/v1/hall/figures"),
    ("get", "/api/v1/hall/figures/export"),
    ("post", "/api/v1/hall/tickets/{id}/move"),
    ("post", "/api/v1/windows/presence"),
    ("post", "/api/v1/notices"),
    ("post", "/api/v1/notices/search"),
    ("post", "/api/v1/notices/carried-on"),
    ("get", "/api/v1/notices/{document_number}"),
    ("post", "/api/v1/queues/{queue}/claim"),
    ("post", "/api/v1/cases/{case_number}/approve"),
    ("post", "/api/v1/cases/{case_number}/return"),
    ("post", "/api/v1/cases/{case_number}/reject"),
    ("post", "/api/v1/cases/{case_number}/ready"),
    ("post", "/api/v1/cases/{case_number}/reassign"),
    ("get", "/api/v1/overview"),
    ("get", "/api/v1/hall/setup"),
    ("put", "/api/v1/admin/groups/{code}"),
    ("put", "/api/v1/admin/windows/{workstation_id}/groups"),
    ("put", "/api/v1/admin/hall-settings"),
    ("post", "/api/v1/tickets"),
    ("get", "/api/v1/tickets"),
    ("post", "/api/v1/tickets/call"),
    ("post", "/api/v1/tickets/{id}/recall"),
    ("post", "/api/v1/tickets/{id}/start"),
    ("post", "/api/v1/tickets/{id}/no-show"),
    ("post", "/api/v1/tickets/{id}/transfer"),
    ("post", "/api/v1/tickets/{id}/finish"),
    ("post", "/api/v1/tickets/offline"),
    ("post", "/api/v1/windows/pause"),
    ("post", "/api/v1/windows/resume"),
    ("get", "/api/v1/windows/me"),
    ("post", "/api/v1/appointments"),
    ("post", "/api/v1/appointments/check-in"),
    ("get", "/api/v1/kiosk/groups"),
    ("post", "/api/v1/kiosk/tickets"),
    ("post", "/api/v1/kiosk/check-in"),
    ("post", "/api/v1/ratings"),
    ("get", "/api/v1/ratings"),
    ("post", "/api/v1/ratings/invitations"),
    ("get", "/api/v1/rate/{code}"),
    ("post", "/api/v1/rate/{code}"),
];

#[tokio::test]
async fn every_route_is_described_and_every_description_is_routed() {
    let s = common::start(Backend::Sqlite).await;
    let doc: Value = s
        .http
        .get(format!("{}/openapi.json", s.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut described = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "head", "patch"] {
            if let Some(op) = item.get(method) {
                described.insert((method.to_owned(), path.clone()));
                assert!(
                    op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                    "{method} {path} has no responses"
                );
            }
        }
    }
    let expected: BTreeSet<_> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(described, expected);

    // Each described operation reaches a handler: no routing 404/405 (handlers answer
    // 401/404-with-a-domain-code/2xx instead).
    let origin = s.base.trim_end_matches("/api/v1").to_owned();
    for (method, path) in &described {
        let concrete = path
            .replace("{sha256}", &"0".repeat(64))
            .replace("{id}", "x")
            .replace("{code}", "x")
            .replace("{workstation_id}", "x")
            .replace("{queue}", "huzheng")
            .replace("{case_number}", "BO1")
            .replace("{document_number}", "GZ1");
        let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let r = s
            .http
            .request(m, format!("{origin}{concrete}"))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        assert_ne!(status, 405, "{method} {path} is not routed");
        if method != "head" {
            let body = r.text().await.unwrap();
            assert!(
                !body.contains("backoffice.no_such_route"),
                "{method} {path} is not routed"
            );
        }
    }
    // Every schema the paths refer to is in the components.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "CaseIntake",
        "IntakeReceipt",
        "CaseView",
        "ChangesPage",
        "Overview",
        "ErrorBody",
        "SignedIn",
        "Whoami",
        "ClerkRole",
        "Ticket",
        "Called",
        "HallSetup",
        "RatingRecord",
        "WindowState",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    for r in text.split("#/components/schemas/").skip(1) {
        let name: String = r.chars().take_while(|c| *c != '"').collect();
        assert!(schemas.contains_key(&name), "dangling reference to {name}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
