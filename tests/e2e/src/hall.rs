//! A back office on loopback for tests of the window: the sandbox's seed, with the app's own
//! window enrolled as a hall's administrator would do it, and plain HTTP calls as the other
//! people of the hall (approvers, the lead) make them.

use crate::{E2eError, Result};
use ow_api::{SignedIn, API_PREFIX};
use ow_backoffice::{seed, ServerInfo};
use serde_json::Value;
use std::net::SocketAddr;

/// How long the back office is watched for what the app sends it.
const WAIT: std::time::Duration = std::time::Duration::from_secs(45);

/// The app's window as the sandbox configuration names it.
pub const APP_WINDOW: &str = "TRAIN-W08";

pub struct Hall {
    addr: SocketAddr,
    http: reqwest::Client,
}

fn http(e: reqwest::Error) -> E2eError {
    E2eError::Command(format!("back office: {e}"))
}

impl Hall {
    /// A fresh back office with the app's window enrolled.
    pub async fn open() -> Result<Self> {
        let addr = ow_backoffice::spawn(
            "127.0.0.1:0"
                .parse()
                .map_err(|_| E2eError::Command("addr".into()))?,
            ServerInfo::sandbox(),
        )
        .await
        .map_err(|e| E2eError::Command(e.to_string()))?;
        let hall = Self {
            addr,
            http: reqwest::Client::new(),
        };
        let body =
            serde_json::json!({ "window_name": "综合窗口 08", "secret": seed::WORKSTATION_SECRET });
        hall.send(
            reqwest::Method::PUT,
            seed::ADMIN_TOKEN,
            &format!("/admin/workstations/{APP_WINDOW}"),
            Some(&body),
        )
        .await?;
        Ok(hall)
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What the app is configured with (`ONEWINDOW_BACKOFFICE__URL`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A staff member's session token (the seed's PIN).
    pub async fn clerk(&self, clerk_id: &str) -> Result<String> {
        let body = serde_json::json!({ "clerk_id": clerk_id, "secret": seed::PIN });
        let v = self
            .send(reqwest::Method::POST, "", "/auth/clerk", Some(&body))
            .await?;
        serde_json::from_value::<SignedIn>(v)
            .map(|s| s.token)
            .map_err(|e| E2eError::Command(e.to_string()))
    }

    /// The seeded sandbox workstation's token (another window of the hall).
    pub async fn other_window(&self) -> Result<String> {
        let body = serde_json::json!({
            "workstation_id": seed::WORKSTATION_ID, "secret": seed::WORKSTATION_SECRET
        });
        let v = self
            .send(reqwest::Method::POST, "", "/auth/workstation", Some(&body))
            .await?;
        serde_json::from_value::<SignedIn>(v)
            .map(|s| s.token)
            .map_err(|e| E2eError::Command(e.to_string()))
    }

    /// Polls `GET /cases/{number}` as `token` until `f` says the case is as expected.
    pub async fn case_when(
        &self,
        token: &str,
        number: &str,
        f: impl Fn(&Value) -> bool,
    ) -> Result<Value> {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let v = self
                .send(
                    reqwest::Method::GET,
                    token,
                    &format!("/cases/{number}"),
                    None,
                )
                .await?;
            if f(&v) {
                return Ok(v);
            }
            if std::time::Instant::now() > deadline {
                return Err(E2eError::Timeout {
                    what: format!("case {number} as expected (last: {v})"),
                    secs: WAIT.as_secs(),
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }

    /// Claims the next case of `queue` as approver `token`, waiting for one to be forwarded.
    pub async fn claim_forwarded(&self, token: &str, queue: &str) -> Result<Value> {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let v = self
                .send(
                    reqwest::Method::POST,
                    token,
                    &format!("/queues/{queue}/claim"),
                    None,
                )
                .await?;
            if !v.is_null() {
                return Ok(v);
            }
            if std::time::Instant::now() > deadline {
                return Err(E2eError::Timeout {
                    what: format!("a case forwarded to {queue}"),
                    secs: WAIT.as_secs(),
                });
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    }

    /// Uploads a page as window `token` does (`PUT /blobs/{sha256}`); its hash.
    pub async fn put_blob(&self, token: &str, bytes: Vec<u8>) -> Result<String> {
        use sha2::Digest as _;
        let sha = hex::encode(sha2::Sha256::digest(&bytes));
        let resp = self
            .http
            .put(format!("{}{API_PREFIX}/blobs/{sha}", self.url()))
            .bearer_auth(token)
            .header("Content-Type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .map_err(http)?;
        if !resp.status().is_success() {
            return Err(E2eError::Command(format!("PUT /blobs: {}", resp.status())));
        }
        Ok(sha)
    }

    /// One API call that must succeed; its JSON body (`null` when empty).
    pub async fn send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value> {
        let mut req = self
            .http
            .request(method, format!("{}{API_PREFIX}{path}", self.url()));
        if !token.is_empty() {
            req = req.bearer_auth(token);
        }
        if let Some(b) = body {
            req = req.json(b).header("Idempotency-Key", uuid_like(path));
        }
        let resp = req.send().await.map_err(http)?;
        let status = resp.status();
        let text = resp.text().await.map_err(http)?;
        if !status.is_success() {
            return Err(E2eError::Command(format!("{path}: {status} {text}")));
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// An idempotency key per call site and moment (the tests post each body once).
fn uuid_like(path: &str) -> String {
    format!(
        "e2e-{path}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    )
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
