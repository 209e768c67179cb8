//! `ow-forward-drill STORE_FILE BASE_URL WORKSTATION_ID SECRET`: opens a workstation store
//! and runs the outbox forwarder against a back office until nothing is left to send, then
//! exits 0. The fault test kills it with SIGKILL at random moments and starts it again.
//!
//! Short timeouts and backoff (and one connection per request, so a faulty proxy meets every
//! request afresh) keep a drill quick; the forwarder's logic is the app's own.

use ow_store::Store;
use ow_sync::{Backoff, BackofficeClient, ClientOptions, Forwarder, ForwarderSettings};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [store, base, id, secret] = args.as_slice() else {
        eprintln!("usage: ow-forward-drill STORE_FILE BASE_URL WORKSTATION_ID SECRET");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ow-forward-drill: no runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(drill(store, base, id, secret)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ow-forward-drill: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn drill(store: &str, base: &str, id: &str, secret: &str) -> Result<(), ow_error::ErrorBody> {
    let store = Arc::new(Store::open(std::path::Path::new(store), None)?);
    let client = BackofficeClient::with_options(
        base,
        ow_api::Mode::Sandbox,
        ClientOptions {
            connect_timeout: Duration::from_millis(500),
            request_timeout: Duration::from_millis(1500),
            reuse_connections: false,
        },
    )?;
    let mut settings = ForwarderSettings::new(id, secret);
    settings.backoff = Backoff {
        base: Duration::from_millis(20),
        cap: Duration::from_millis(500),
    };
    settings.idle_check = Duration::from_millis(100);
    let forwarder = Forwarder::new(
        Arc::clone(&store),
        client,
        settings,
        Arc::new(Notify::new()),
    );
    let worker = tokio::spawn(Arc::clone(&forwarder).run());
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let c = store.outbox_counts()?;
        if c.waiting == 0 && c.sending == 0 {
            worker.abort();
            println!("drained: {} confirmed, {} failed", c.confirmed, c.failed);
            return Ok(());
        }
    }
}
