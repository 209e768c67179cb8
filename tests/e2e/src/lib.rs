//! A harness for driving the real app: starts `tauri-driver` (which starts WebKitWebDriver,
//! which starts our binary), opens WebDriver sessions, and stops everything cleanly.
//!
//! The binary comes from `OW_APP_BINARY` (scripts/test.sh builds it); screenshots go to
//! `OW_TEST_OUTPUT`. Each [`Driver`] owns a private data folder, so tests never share a store.

pub mod calling;
pub mod chrome;
pub mod flows;
pub mod hall;
pub mod proxy;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Harness failures (the tests turn these into panics with the message).
#[derive(Debug, thiserror::Error)]
pub enum E2eError {
    #[error("{0} is not set: run the end-to-end tests through scripts/test.sh")]
    MissingEnv(&'static str),
    #[error("cannot start tauri-driver: {0}")]
    Spawn(#[from] std::io::Error),
    #[error("tauri-driver did not listen on port {0} in time")]
    DriverTimeout(u16),
    #[error("webdriver: {0}")]
    WebDriver(String),
    #[error("timed out after {secs}s waiting for {what}")]
    Timeout { what: String, secs: u64 },
    #[error("app command: {0}")]
    Command(String),
    #[error("cannot start chromedriver (install Debian's chromium and chromium-driver): {0}")]
    Chromedriver(std::io::Error),
}

impl From<fantoccini::error::CmdError> for E2eError {
    fn from(e: fantoccini::error::CmdError) -> Self {
        Self::WebDriver(e.to_string())
    }
}
impl From<fantoccini::error::NewSessionError> for E2eError {
    fn from(e: fantoccini::error::NewSessionError) -> Self {
        Self::WebDriver(e.to_string())
    }
}

pub type Result<T, E = E2eError> = std::result::Result<T, E>;

/// The app binary under test.
pub fn app_binary() -> Result<PathBuf> {
    std::env::var_os("OW_APP_BINARY")
        .map(PathBuf::from)
        .ok_or(E2eError::MissingEnv("OW_APP_BINARY"))
}

/// Where screenshots go.
pub fn output_dir() -> PathBuf {
    let dir = std::env::var_os("OW_TEST_OUTPUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("onewindow-test-output"));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

pub(crate) fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The password `scripts/with-keyring.sh` unlocks its throwaway keyring with.
const TEST_KEYRING_PASSWORD: &str = "onewindow-test";

/// Whether a Secret Service owns its name on the session bus. Asked of the bus itself, not of
/// the service: a call to the service would make D-Bus activate a new, locked keyring.
fn secret_service_answers() -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--reply-timeout=3000",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains("boolean true")
        })
}

/// The app keeps its store key in the Secret Service. The private gnome-keyring-daemon that
/// `with-keyring.sh` starts once has dropped off the bus in the middle of a run before: check
/// it before each window test and start it again (same keyring folder, same password) rather
/// than let the app fail to open its store.
pub fn ensure_keyring() -> Result<()> {
    if secret_service_answers() {
        return Ok(());
    }
    eprintln!("e2e: the Secret Service is gone from the session bus; starting it again");
    let mut daemon = Command::new("gnome-keyring-daemon")
        .args(["--replace", "--unlock", "--components=secrets"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = daemon.stdin.take() {
        use std::io::Write as _;
        stdin.write_all(TEST_KEYRING_PASSWORD.as_bytes())?;
    }
    daemon.wait()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !secret_service_answers() {
        if Instant::now() > deadline {
            return Err(E2eError::Timeout {
                what: "the Secret Service on the session bus".into(),
                secs: 10,
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(())
}

/// A running tauri-driver with its own data folder and environment for the app.
pub struct Driver {
    child: Child,
    port: u16,
    data: tempfile::TempDir,
    app: PathBuf,
    env: Vec<(String, String)>,
}

impl Driver {
    /// Kills the app this driver launched with SIGKILL, as a power cut or a crash would end
    /// it (no shutdown code runs); returns how many processes were killed. They are found by
    /// their data folder, which no other app of the run shares.
    pub fn kill_app(&self) -> Result<usize> {
        let marker = format!("ONEWINDOW_PATHS__DATA_DIR={}", self.data.path().display());
        let exe = std::fs::canonicalize(&self.app)?;
        let mut killed = 0;
        for entry in std::fs::read_dir("/proc")?.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let dir = entry.path();
            let ours = std::fs::read_link(dir.join("exe")).is_ok_and(|e| e == exe)
                && std::fs::read(dir.join("environ"))
                    .is_ok_and(|env| env.split(|b| *b == 0).any(|v| v == marker.as_bytes()));
            if ours
                && Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status()?
                    .success()
            {
                killed += 1;
            }
        }
        Ok(killed)
    }

    /// Starts tauri-driver; `env` is passed on to every app it launches.
    pub async fn start(env_in: &[(&str, &str)]) -> Result<Self> {
        ensure_keyring()?;
        let app = app_binary()?;
        let data = tempfile::tempdir()?;
        let port = free_port()?;
        let native = free_port()?;
        // GPU compositing on unless a test asks for the app's default (off): WebKitWebDriver's
        // screenshot can wait forever in WebKitGTK's non-composited mode once the page shows
        // images (a scanned page, a face), though the page itself goes on working. The clerk
        // screen test runs the default. Later entries win, so a test's own value overrides.
        let mut env: Vec<(String, String)> =
            vec![("ONEWINDOW_DISPLAY__GPU_COMPOSITING".into(), "true".into())];
        env.extend(env_in.iter().map(|(k, v)| ((*k).into(), (*v).into())));
        env.push((
            "ONEWINDOW_PATHS__DATA_DIR".into(),
            data.path().display().to_string(),
        ));
        env.push((
            "ONEWINDOW_CONFIG".into(),
            data.path().join("none.toml").display().to_string(),
        ));
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            // Its own process group, so teardown reaches WebKitWebDriver and the app too: an
            // orphaned driver keeps the test's output pipe open and hangs the whole run.
            .process_group(0)
            .spawn()?;
        let driver = Self {
            child,
            port,
            data,
            app,
            env,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                return Err(E2eError::DriverTimeout(port));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(driver)
    }

    /// The app's private data folder.
    pub fn data_dir(&self) -> &Path {
        self.data.path()
    }

    /// The environment the app runs with.
    pub fn app_env(&self) -> impl Iterator<Item = (&str, &str)> {
        self.env.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Launches the app and signs in as the sandbox's window clerk (1024): where most tests
    /// start.
    pub async fn session(&self) -> Result<Client> {
        let c = self.session_signed_out().await?;
        sign_in(&c, CLERK, PIN).await?;
        wait_for(&c, "workstation", 20).await?;
        Ok(c)
    }

    /// Launches the app in a new WebDriver session, at its sign-in screen.
    pub async fn session_signed_out(&self) -> Result<Client> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": self.app.display().to_string() }),
        );
        caps.insert("browserName".into(), serde_json::json!("wry"));
        // tauri-driver listens before its WebKitWebDriver does: a first session request can
        // find nobody behind it, so a refused start is tried again a few times.
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut attempt = 0;
        loop {
            attempt += 1;
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => return Ok(client),
                Err(e) if attempt < 4 => {
                    eprintln!("e2e: session start failed ({e}); trying again");
                    tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

impl Driver {
    /// The app processes launched for this driver: the app binary running with this driver's
    /// data folder in its environment.
    fn app_pids(&self) -> Vec<String> {
        let marker = format!("ONEWINDOW_PATHS__DATA_DIR={}", self.data.path().display());
        let app = std::fs::canonicalize(&self.app).unwrap_or_else(|_| self.app.clone());
        let Ok(procs) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        procs
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|pid| pid.bytes().all(|b| b.is_ascii_digit()))
            .filter(|pid| {
                std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app)
                    && std::fs::read(format!("/proc/{pid}/environ"))
                        .is_ok_and(|env| env.split(|b| *b == 0).any(|var| var == marker.as_bytes()))
            })
            .collect()
    }

    /// Stops this driver's app and waits until it is gone: a live one would take over the
    /// next test's launch through the single-instance hand-over.
    fn stop_app(&self) {
        for signal in ["-TERM", "-KILL"] {
            let pids = self.app_pids();
            if pids.is_empty() {
                return;
            }
            let _ = Command::new("kill").arg(signal).args(&pids).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline && !self.app_pids().is_empty() {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: a killed tauri-driver orphans WebKitWebDriver (see RECIPES).
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut exited = false;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                exited = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !exited {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop_app();
    }
}

/// `[data-testid="…"]`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Waits for an element by test id.
pub async fn wait_for(c: &Client, id: &str, secs: u64) -> Result<fantoccini::elements::Element> {
    wait_css(c, &testid(id), secs).await
}

/// Waits for an element by CSS selector (a test id with attribute conditions).
pub async fn wait_css(c: &Client, css: &str, secs: u64) -> Result<fantoccini::elements::Element> {
    let css = css.to_owned();
    c.wait()
        .at_most(Duration::from_secs(secs))
        .for_element(Locator::Css(&css))
        .await
        .map_err(|_| E2eError::Timeout { what: css, secs })
}

/// Polls until the text of the test id's element holds `needle`; the text.
pub async fn wait_text(c: &Client, id: &str, needle: &str) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = match c.find(Locator::Css(&testid(id))).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if now.contains(needle) {
            return Ok(now);
        }
        if Instant::now() > deadline {
            return Err(E2eError::Timeout {
                what: format!("{id} saying {needle:?} (it says {now:?})"),
                secs: 20,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until `attr` of the test id's element equals `want`.
pub async fn wait_attr(c: &Client, id: &str, attr: &str, want: &str, secs: u64) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    // What the last look found, for the failure message: a flake on CI is diagnosed from it.
    loop {
        // React may replace the element between find and read: a stale node is "not yet".
        let seen = match c.find(Locator::Css(&testid(id))).await {
            Ok(el) => match el.attr(attr).await {
                Ok(Some(v)) if v == want => return Ok(()),
                Ok(v) => format!("{v:?}"),
                Err(_) => "a stale element".into(),
            },
            Err(_) => "no element".into(),
        };
        if Instant::now() > deadline {
            return Err(E2eError::Timeout {
                what: format!("{id}[{attr}={want}] (last seen: {seen})"),
                secs,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Types `text` into the test id's field and waits until the field holds it.
///
/// Chinese text arrives as an input method delivers it: one committed string, one `input`
/// event. WebKit's driver types CJK one synthetic key at a time and, measured here, drops
/// some of them (the 改派 reason held "户政" of "户政窗口排长队" in 2 of 3 runs), so CJK goes in
/// as the commit; ASCII is typed key by key.
pub async fn fill(c: &Client, id: &str, text: &str) -> Result<()> {
    let field = wait_for(c, id, 10).await?;
    if text.is_ascii() {
        field.send_keys(text).await?;
    } else {
        let commit = "const [el, text] = arguments; el.focus();\
             const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype\
               : HTMLInputElement.prototype;\
             Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, el.value + text);\
             el.dispatchEvent(new InputEvent('input', { bubbles: true, data: text,\
               inputType: 'insertFromComposition' }));";
        let el = serde_json::to_value(&field).map_err(|e| E2eError::Command(e.to_string()))?;
        c.execute(commit, vec![el, serde_json::json!(text)]).await?;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = field.prop("value").await?.unwrap_or_default();
        if now.ends_with(text) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(E2eError::Timeout {
                what: format!("{id} holding {text:?} (it holds {now:?})"),
                secs: 10,
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Polls until exactly `n` elements carry the test id (a list that fills in after it is shown).
pub async fn wait_count(
    c: &Client,
    id: &str,
    n: usize,
    secs: u64,
) -> Result<Vec<fantoccini::elements::Element>> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let found = c.find_all(Locator::Css(&testid(id))).await?;
        if found.len() == n {
            return Ok(found);
        }
        if Instant::now() > deadline {
            return Err(E2eError::Timeout {
                what: format!("{n} × {id} (found {})", found.len()),
                secs,
            });
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Writes a PNG of the window to the test output folder and returns its path.
pub async fn screenshot(c: &Client, name: &str) -> Result<PathBuf> {
    let png = c.screenshot().await?;
    let path = output_dir().join(format!("{name}.png"));
    std::fs::write(&path, png)?;
    Ok(path)
}

/// Signs the clerk out, the shift lead in, and opens the hall console (Ctrl+2's tab).
pub async fn lead_at_console(c: &Client) -> Result<()> {
    wait_for(c, "sign-out", 5).await?.click().await?;
    sign_in(c, LEAD, PIN).await?;
    wait_for(c, "place-hall", 10).await?.click().await?;
    wait_for(c, "hall-console", 10).await?;
    Ok(())
}

/// The sandbox's training accounts (the embedded back office's seed) and their PIN.
pub const CLERK: &str = "1024";
pub const SECOND_CLERK: &str = "1025";
pub const LEAD: &str = "2001";
pub const TRAINER: &str = "3001";
pub const PIN: &str = "0000";

/// Types the account and the secret on the sign-in screen and presses Enter (as a person
/// would: Enter in the account field moves to the secret).
pub async fn sign_in(c: &Client, account: &str, secret: &str) -> Result<()> {
    let field = wait_for(c, "signin-account", 30).await?;
    // Ctrl+A first: what the last try left in the field is replaced, as a person would.
    field
        .send_keys(&format!("\u{E009}a\u{E009}{account}\u{E007}"))
        .await?;
    let secret_field = wait_for(c, "signin-secret", 5).await?;
    secret_field.send_keys(&format!("{secret}\u{E007}")).await?;
    Ok(())
}

/// Clicks 新建办件 on the home screen (waiting up to `secs` for it) and waits for the case's
/// name field: the start of every flow that works on a case.
pub async fn open_new_case(c: &Client, secs: u64) -> Result<()> {
    let button = wait_for(c, "new-case", secs).await?;
    if button.click().await.is_err() {
        // Something lies over the button (a popover fading out): the clerk's key still works.
        flows::press(c, "\u{E009}n\u{E009}").await?;
    }
    wait_for(c, "applicant-name", 5).await?;
    Ok(())
}

/// One axe-core rule the page breaks: rule id, impact, how many nodes, and the first nodes'
/// selectors.
#[derive(Debug, Clone)]
pub struct AxeViolation {
    pub rule: String,
    pub impact: String,
    pub nodes: u64,
    pub targets: Vec<String>,
}

/// Runs axe-core (the copy in `frontend/node_modules`, installed by the frontend's lockfile) on
/// the page as it is now and returns its serious and critical violations. WebKitWebDriver awaits
/// the promise the script returns; the result is shrunk in the page (the full one is large).
pub async fn axe_serious(c: &Client) -> Result<Vec<AxeViolation>> {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into());
    let path = root.join("../../frontend/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&path).map_err(|e| {
        E2eError::Command(format!(
            "axe-core is not at {} ({e}): run `npm ci` in frontend/",
            path.display()
        ))
    })?;
    // The settled page is judged: colours mid-fade (a step fading in) read as 1.4:1 (seen on
    // the 打印 button). Finite animations and transitions are awaited, for at most 3 s.
    let script = format!(
        "{axe}\nconst settled = Promise.race([\
           Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),\
           new Promise((r) => setTimeout(r, 3000))]);\
         return settled.then(() => axe.run(document, {{ resultTypes: ['violations'] }})).then((r) => \
         r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => \
         [v.id, v.impact, v.nodes.length, v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + ((n.any[0] && n.any[0].message) || ''))]));"
    );
    let out = c.execute(&script, vec![]).await?;
    let rows = out.as_array().cloned().unwrap_or_default();
    Ok(rows
        .iter()
        .map(|r| AxeViolation {
            rule: r[0].as_str().unwrap_or_default().to_owned(),
            impact: r[1].as_str().unwrap_or_default().to_owned(),
            nodes: r[2].as_u64().unwrap_or_default(),
            targets: r[3]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect())
}
