//! The test harness: a back office on a free loopback port over SQLite (a temp file) or a
//! private PostgreSQL cluster, and a thin HTTP client that speaks its API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    dead_code,
    unused_macros
)]

pub mod tickets;

use ow_api::API_PREFIX;
use ow_backoffice::seed;
use ow_backoffice::testing::PgCluster;
use ow_backoffice::{Config, Database, Limits};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Runs each named `async fn(Backend)` as two tests: `sqlite::name` and `postgres::name`.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::Backend::Postgres).await
                }
            )*
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Small limits so the 413 tests stay fast.
pub fn test_limits() -> Limits {
    Limits {
        json_bytes: 64 * 1024,
        blob_bytes: 256 * 1024,
        reference_bytes: 128 * 1024,
    }
}

/// Where a back office keeps its data: an SQLite file in a temporary folder, or a fresh
/// database in the shared private PostgreSQL cluster. Outlives the servers opened on it, so a
/// test can stop one and open another on the same data, or run two side by side.
pub struct Place {
    pub backend: Backend,
    pub database: Database,
    _pg: Option<Arc<PgCluster>>,
    _dir: tempfile::TempDir,
}

impl Place {
    pub async fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (database, pg) = match backend {
            Backend::Sqlite => (Database::Sqlite(dir.path().join("backoffice.db")), None),
            Backend::Postgres => {
                let cluster = PgCluster::shared()
                    .unwrap_or_else(|e| panic!("the PostgreSQL tests need a real PostgreSQL: {e}"));
                let url = cluster.create_database().await.unwrap();
                (Database::Postgres(url), Some(cluster))
            }
        };
        Self {
            backend,
            database,
            _pg: pg,
            _dir: dir,
        }
    }

    /// The test configuration in `mode` on this place.
    pub fn config(&self, mode: &str) -> Config {
        let mut config = Config::new(mode, self.database.clone());
        config.limits = test_limits();
        config.pg_pool_size = 12;
        config
    }
}

pub struct Server {
    /// The server's state, for what only it knows (e.g. how many secrets it has verified).
    pub state: ow_backoffice::AppState,
    pub base: String,
    pub http: reqwest::Client,
    pub backend: Backend,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Set when the server owns its place (see [`start`]).
    place: Option<Place>,
}

/// A sandbox back office on its own place.
pub async fn start(backend: Backend) -> Server {
    let place = Place::new(backend).await;
    let mut s = Server::open(place.config("sandbox"), backend).await;
    s.place = Some(place);
    s
}

impl Server {
    /// A back office with `config` on a free loopback port, until [`Self::stop`] or drop.
    pub async fn open(config: Config, backend: Backend) -> Self {
        let state = ow_backoffice::open(config).await.unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (addr, task) = ow_backoffice::serve_with_shutdown(
            "127.0.0.1:0".parse().unwrap(),
            state.clone(),
            async {
                let _ = rx.await;
            },
        )
        .await
        .unwrap();
        Server {
            state,
            base: format!("http://{addr}{API_PREFIX}"),
            http: reqwest::Client::new(),
            backend,
            stop: Some(tx),
            task: Some(task),
            place: None,
        }
    }

    /// Stops serving and waits until the server has let go of its database.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        // Idle keep-alive connections would hold a graceful shutdown open.
        self.http = reqwest::Client::new();
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The error code of a JSON error answer.
pub async fn code(resp: Response) -> String {
    let v: Value = resp.json().await.unwrap();
    v["code"].as_str().unwrap_or_default().to_owned()
}

/// Asserts status and code, returns the body.
pub async fn expect_error(resp: Response, status: u16, want: &str) -> Value {
    assert_eq!(resp.status().as_u16(), status, "expected {status} {want}");
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["code"], want, "body: {v}");
    assert!(v["message"].is_string(), "body: {v}");
    assert!(v.get("details").is_some(), "body: {v}");
    v
}

impl Server {
    pub fn req(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let r = self.http.request(method, format!("{}{path}", self.base));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    pub async fn sign_in_workstation(&self, id: &str, secret: &str) -> Response {
        self.req(Method::POST, "/auth/workstation", None)
            .json(&json!({"workstation_id": id, "secret": secret}))
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_in_clerk(&self, id: &str, secret: &str) -> Response {
        self.req(Method::POST, "/auth/clerk", None)
            .json(&json!({"clerk_id": id, "secret": secret}))
            .send()
            .await
            .unwrap()
    }

    pub async fn token_of(resp: Response) -> String {
        assert_eq!(resp.status(), 200);
        let v: Value = resp.json().await.unwrap();
        v["token"].as_str().unwrap().to_owned()
    }

    /// The sandbox workstation's token.
    pub async fn window(&self) -> String {
        Self::token_of(
            self.sign_in_workstation(seed::WORKSTATION_ID, seed::WORKSTATION_SECRET)
                .await,
        )
        .await
    }

    pub async fn clerk(&self, id: &str) -> String {
        self.clerk_with(id, seed::PIN).await
    }

    pub async fn clerk_with(&self, id: &str, secret: &str) -> String {
        Self::token_of(self.sign_in_clerk(id, secret).await).await
    }

    pub async fn approver(&self) -> String {
        self.clerk(seed::APPROVER).await
    }

    pub async fn lead(&self) -> String {
        self.clerk(seed::LEAD).await
    }

    pub fn admin(&self) -> &'static str {
        seed::ADMIN_TOKEN
    }

    /// Provisions an approver of `queues` and signs them in.
    pub async fn new_approver(&self, id: &str, queues: &[&str]) -> String {
        let r = self
            .req(
                Method::PUT,
                &format!("/admin/clerks/{id}"),
                Some(self.admin()),
            )
            .json(&json!({"name": id, "secret": "4321", "roles": ["approver"], "queues": queues}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        Self::token_of(self.sign_in_clerk(id, "4321").await).await
    }

    pub async fn put_blob(&self, token: &str, bytes: &[u8]) -> String {
        let h = sha256(bytes);
        let r = self
            .req(Method::PUT, &format!("/blobs/{h}"), Some(token))
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert!(r.status() == 201 || r.status() == 200, "{}", r.status());
        h
    }

    pub async fn post_case(&self, token: &str, key: &str, body: &Value) -> Response {
        self.req(Method::POST, "/cases", Some(token))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Takes a case in and returns its back-office number.
    pub async fn new_case(&self, token: &str, key: &str, body: &Value) -> String {
        let r = self.post_case(token, key, body).await;
        assert_eq!(r.status(), 201);
        let v: Value = r.json().await.unwrap();
        v["case_number"].as_str().unwrap().to_owned()
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> Response {
        self.req(Method::POST, path, Some(token))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, token: &str, path: &str) -> Value {
        let r = self
            .req(Method::GET, path, Some(token))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.unwrap()
    }

    pub async fn claim(&self, token: &str, queue: &str) -> Option<Value> {
        let r = self
            .req(Method::POST, &format!("/queues/{queue}/claim"), Some(token))
            .send()
            .await
            .unwrap();
        match r.status().as_u16() {
            200 => Some(r.json().await.unwrap()),
            204 => None,
            s => panic!("claim answered {s}: {}", r.text().await.unwrap()),
        }
    }

    /// Every change so far, once `n` are visible. On PostgreSQL the feed holds back events
    /// while an older transaction is still open anywhere in the cluster (other tests' too),
    /// so a poller may briefly see fewer; it never sees them out of order.
    pub async fn changes_eventually(&self, token: &str, n: usize) -> Vec<Value> {
        let started = std::time::Instant::now();
        loop {
            let v = self.get_json(token, "/changes?limit=1000").await;
            let changes = v["changes"].as_array().unwrap().clone();
            if changes.len() >= n || started.elapsed() > std::time::Duration::from_secs(10) {
                assert_eq!(changes.len(), n, "{changes:?}");
                return changes;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
}

/// A valid intake body for `queue` with the given page hashes.
pub fn intake(n: u32, queue: &str, blobs: &[String]) -> Value {
    json!({
        "window_case_no": format!("W-{n:05}"),
        "item_code": "HZ-001",
        "item_name": "市外迁入—投靠配偶",
        "queue": queue,
        "priority": "normal",
        "clerk_id": seed::WINDOW_CLERK,
        "applicant": {"name": "张三", "id_kind": "resident_id", "id_number": "11010519491231002X"},
        "situation": {"reason": "spouse"},
        "materials": [
            {"code": "id_card", "name": "居民身份证", "blobs": blobs},
            {"code": "hukou", "name": "户口簿", "data_check": true}
        ],
        "accepted_at": "2025-06-03T09:30:00Z",
        "promised_by": "2025-06-13"
    })
}

/// The repository's catalog as `PUT /catalog` takes it, with `tag` as a comment at the end of
/// its manifest (different tags: different versions of the same content).
pub fn catalog_doc(tag: &str) -> Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
    let files: Vec<Value> = ow_catalog::Catalog::read_dir(&dir)
        .unwrap()
        .into_iter()
        .map(|(name, mut text)| {
            if name == "catalog.yaml" {
                text.push_str(&format!("\n# {tag}\n"));
            }
            serde_json::json!({ "name": name, "text": text })
        })
        .collect();
    serde_json::json!({ "files": files })
}

/// A calendar document of one year in holiday-cn's format.
pub fn calendar_doc(year: i32) -> Value {
    let text = serde_json::json!({
        "year": year,
        "days": [{"name": "元旦", "date": format!("{year}-01-01"), "isOffDay": true}]
    });
    serde_json::json!({ "years": [{ "name": format!("cn-{year}.json"), "text": text.to_string() }] })
}
