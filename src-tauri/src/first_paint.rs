//! Start-up work that can wait for the clerk's screen does wait for it: on a two-core
//! workstation the embedded back office's start (seeding, Argon2 hashing) and the device
//! checks would otherwise compete with the web view for the processor.

use std::time::Duration;
use tokio::sync::watch;

/// If the screen never reports (a broken page), the services start anyway after this.
const GRACE: Duration = Duration::from_secs(3);

pub struct FirstPaint(watch::Sender<bool>);

impl FirstPaint {
    pub fn new() -> Self {
        Self(watch::channel(false).0)
    }

    /// The screen is painted.
    pub fn mark(&self) {
        self.0.send_replace(true);
    }

    /// Resolves once the screen is painted, or after the grace period.
    pub fn wait(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.0.subscribe();
        async move {
            let _ = tokio::time::timeout(GRACE, rx.wait_for(|painted| *painted)).await;
        }
    }
}
