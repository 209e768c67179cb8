//! A workstation the back office refuses to sign in: nothing is sent, nothing is touched, and
//! the reason is reported (the clerk's top bar shows it) until a sign-in works again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_store::Store;
use ow_sync::{BackofficeClient, Forwarder, ForwarderSettings};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_sign_in_blocks_the_outbox_with_its_reason() {
    let info = ow_backoffice::ServerInfo {
        mode: "sandbox".into(),
    };
    let addr = ow_backoffice::spawn(([127, 0, 0, 1], 0).into(), info)
        .await
        .unwrap();
    let client = BackofficeClient::new(&format!("http://{addr}"), ow_api::Mode::Sandbox).unwrap();
    let wake = Arc::new(tokio::sync::Notify::new());
    let store = Arc::new(Store::open_in_memory().unwrap());
    let forwarder = Forwarder::new(
        Arc::clone(&store),
        client.clone(),
        ForwarderSettings::new(
            ow_backoffice::seed::WORKSTATION_ID,
            "a-secret-the-hall-has-not-enrolled-yet",
        ),
        Arc::clone(&wake),
    );
    let mut blocked = forwarder.blocked();
    assert!(blocked.borrow().is_none(), "nothing reported before a try");
    let task = tokio::spawn(Arc::clone(&forwarder).run());
    tokio::time::timeout(Duration::from_secs(10), blocked.changed())
        .await
        .expect("the refusal is reported")
        .unwrap();
    let reason = blocked.borrow().clone().unwrap();
    assert_eq!(reason.code, "sync.sign_in_refused");
    assert!(
        reason.message.contains("401") || reason.message.contains("bad_credentials"),
        "{}",
        reason.message
    );

    // The hall enrols the secret this workstation has: the next try clears the report.
    client
        .provision_workstation(
            ow_backoffice::seed::ADMIN_TOKEN,
            ow_backoffice::seed::WORKSTATION_ID,
            "综合窗口 1",
            "a-secret-the-hall-has-not-enrolled-yet",
        )
        .await
        .unwrap();
    wake.notify_one();
    tokio::time::timeout(Duration::from_secs(30), blocked.changed())
        .await
        .expect("the block is lifted")
        .unwrap();
    assert!(blocked.borrow().is_none());
    task.abort();
}
