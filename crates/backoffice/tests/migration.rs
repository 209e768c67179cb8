//! A back office written by the first schema keeps working after the upgrade: its people keep
//! their (now several-valued) roles and secrets, and open sessions stay open.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::Argon2;
use common::{Backend, Place, Server};
use ow_backoffice::Database;
use reqwest::Method;
use serde_json::{json, Value};

on_both!(a_version_one_database_keeps_its_people_and_sessions);

const OLD_TOKEN: &str = "owb_a-session-from-version-one";
const ADMIN_TOKEN: &str = "upgrade-admin-token";

fn pin_hash(pin: &str) -> String {
    let salt = SaltString::encode_b64(b"version-one-salt").unwrap();
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .unwrap()
        .to_string()
}

/// The rows as version 1 stored them: one role per person, `window` for window clerks.
fn version_one_rows() -> Vec<String> {
    let hash = pin_hash("1357");
    let principal =
        r#"{"kind":"clerk","id":"a1","name":"老李","role":"approver","queues":["huzheng"]}"#;
    let expires = chrono::Utc::now().timestamp_millis() + 3_600_000;
    vec![
        "INSERT INTO queues (code, name) VALUES ('huzheng', '户政')".into(),
        format!("INSERT INTO clerks (id, name, role, queues, pin_hash) VALUES ('c1', '老张', 'window', '[]', '{hash}')"),
        format!("INSERT INTO clerks (id, name, role, queues, pin_hash) VALUES ('a1', '老李', 'approver', '[\"huzheng\"]', '{hash}')"),
        format!("INSERT INTO clerks (id, name, role, queues, pin_hash) VALUES ('l1', '老王', 'lead', '[]', '{hash}')"),
        format!(
            "INSERT INTO sessions (token_hash, subject, principal, expires_at) VALUES ('{}', 'clerk:a1', '{principal}', {expires})",
            common::sha256(OLD_TOKEN.as_bytes())
        ),
    ]
}

async fn write_version_one(place: &Place) {
    match &place.database {
        Database::Sqlite(path) => {
            let c = rusqlite::Connection::open(path).unwrap();
            c.execute_batch(include_str!("../src/storage/sql/sqlite_0001.sql"))
                .unwrap();
            c.pragma_update(None, "user_version", 1).unwrap();
            for sql in version_one_rows() {
                c.execute(&sql, []).unwrap();
            }
        }
        Database::Postgres(url) => {
            let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let task = tokio::spawn(conn);
            c.batch_execute(include_str!("../src/storage/sql/postgres_0001.sql"))
                .await
                .unwrap();
            c.batch_execute(
                "CREATE TABLE ow_schema (version BIGINT NOT NULL); INSERT INTO ow_schema VALUES (1)",
            )
            .await
            .unwrap();
            for sql in version_one_rows() {
                c.batch_execute(&sql).await.unwrap();
            }
            drop(c);
            task.await.unwrap().unwrap();
        }
        Database::Memory => unreachable!(),
    }
}

async fn a_version_one_database_keeps_its_people_and_sessions(b: Backend) {
    let place = Place::new(b).await;
    write_version_one(&place).await;
    let mut config = place.config("production");
    config.admin_token = Some(ADMIN_TOKEN.into());
    let s = Server::open(config, b).await;

    // The session opened before the upgrade still works, with the role it had.
    let r = s
        .req(Method::GET, "/auth/me", Some(OLD_TOKEN))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["subject"], "a1");
    assert_eq!(v["roles"], json!(["approver"]));
    assert_eq!(v["queues"], json!(["huzheng"]));
    assert!(s.claim(OLD_TOKEN, "huzheng").await.is_none());

    // People sign in with their old PINs; `window` became `clerk`.
    for (id, roles) in [
        ("c1", json!(["clerk"])),
        ("a1", json!(["approver"])),
        ("l1", json!(["lead"])),
    ] {
        let r = s.sign_in_clerk(id, "1357").await;
        assert_eq!(r.status(), 200, "{id}");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["roles"], roles, "{id}");
    }
    let lead = s.clerk_with("l1", "1357").await;
    assert!(s.get_json(&lead, "/overview").await["queues"].is_array());
    s.stop().await;

    // Opening it again migrates nothing more and changes nothing.
    let mut config = place.config("production");
    config.admin_token = Some(ADMIN_TOKEN.into());
    let again = Server::open(config, b).await;
    assert_eq!(again.sign_in_clerk("c1", "1357").await.status(), 200);
}
