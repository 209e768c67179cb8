//! A headless Chromium driven through chromedriver, for the web pages the back office serves
//! (the kiosk). Debian's `chromium` and `chromium-driver` run it as root with no display.

use crate::{free_port, E2eError, Result};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running chromedriver on a free loopback port; stopped (with the browsers it started)
/// on drop.
pub struct Chrome {
    child: Child,
    port: u16,
}

impl Chrome {
    /// Starts chromedriver and waits until it listens. A missing chromedriver is an error,
    /// never a skipped test.
    pub async fn start() -> Result<Self> {
        let port = free_port()?;
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so teardown reaches the browsers it started too.
            .process_group(0)
            .spawn()
            .map_err(E2eError::Chromedriver)?;
        let chrome = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                return Err(E2eError::DriverTimeout(port));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(chrome)
    }

    /// A new headless browser session.
    pub async fn session(&self) -> Result<Client> {
        let mut options = serde_json::json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN"]
        });
        // Debian's chromedriver finds its browser here; say so in case PATH differs.
        if std::path::Path::new("/usr/bin/chromium").exists() {
            options["binary"] = "/usr/bin/chromium".into();
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "chrome".into());
        caps.insert("goog:chromeOptions".into(), options);
        Ok(ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?)
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        // The whole group we started: chromedriver and any browser a failed test left open.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (15 s) for the element `css` on a plain web page; fails the test loudly otherwise.
#[allow(clippy::panic)]
pub async fn wait_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(std::time::Duration::from_secs(15))
        .for_element(fantoccini::Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}
