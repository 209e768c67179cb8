//! A newer catalog and calendar from a real (embedded) back office over HTTP.

use crate::catalog_tests::{broken, files_with_version};
use crate::{CatalogSource, Desk, RefreshOutcome};
use ow_api::{CalendarDocument, CatalogDocument, ReferenceFile};
use ow_backoffice::seed::ADMIN_TOKEN;
use ow_config::{Backoffice, Config};
use ow_sync::{BackofficeClient, ReferenceKind};

/// An embedded back office on loopback with this workstation (TRAIN-W08) enrolled and signed in.
pub(crate) async fn signed_in_client() -> (BackofficeClient, String, String) {
    let info = ow_backoffice::ServerInfo {
        mode: "sandbox".into(),
    };
    let addr = ow_backoffice::spawn(([127, 0, 0, 1], 0).into(), info)
        .await
        .unwrap();
    let base = format!("http://{addr}");
    let client = BackofficeClient::new(&base, ow_api::Mode::Sandbox).unwrap();
    client
        .provision_workstation(
            ADMIN_TOKEN,
            "TRAIN-W08",
            "综合窗口 08",
            Backoffice::SANDBOX_SECRET,
        )
        .await
        .unwrap();
    let token = client
        .sign_in_workstation("TRAIN-W08", Backoffice::SANDBOX_SECRET)
        .await
        .unwrap();
    (client, token, base)
}

async fn publish_catalog(client: &BackofficeClient, files: Vec<(String, String)>) {
    let doc = CatalogDocument {
        files: files
            .into_iter()
            .map(|(name, text)| ReferenceFile { name, text })
            .collect(),
    };
    let body = serde_json::to_vec(&doc).unwrap();
    client
        .publish_reference(ADMIN_TOKEN, ReferenceKind::Catalog, body)
        .await
        .unwrap();
}

async fn publish_calendar(client: &BackofficeClient, text: &str) {
    let doc = CalendarDocument {
        years: vec![ReferenceFile {
            name: "cn-2027.json".into(),
            text: text.into(),
        }],
    };
    client
        .publish_reference(
            ADMIN_TOKEN,
            ReferenceKind::Calendar,
            serde_json::to_vec(&doc).unwrap(),
        )
        .await
        .unwrap();
}

const YEAR_2027: &str = r#"{"year": 2027, "notice": "2027年部分节假日安排（测试）",
  "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}"#;

fn outcomes(r: Vec<(ReferenceKind, RefreshOutcome)>) -> (RefreshOutcome, RefreshOutcome) {
    let find = |k| r.iter().find(|(kind, _)| *kind == k).unwrap().1.clone();
    (find(ReferenceKind::Catalog), find(ReferenceKind::Calendar))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newer_versions_are_installed_once_kept_across_restarts_and_broken_ones_refused() {
    let (client, token, _) = signed_in_client().await;
    let dir = tempfile::tempdir().unwrap();
    let open = || Desk::open(Config::default(), dir.path(), None).unwrap();
    let desk = open();
    let builtin = desk.catalog().version().to_owned();

    assert_eq!(
        outcomes(desk.refresh_references(&client, &token).await),
        (RefreshOutcome::NotPublished, RefreshOutcome::NotPublished)
    );

    publish_catalog(&client, files_with_version("2026.12")).await;
    publish_calendar(&client, YEAR_2027).await;
    assert!(!desk.calendar().covers(2027));
    assert_eq!(
        outcomes(desk.refresh_references(&client, &token).await),
        (
            RefreshOutcome::Installed {
                version: "2026.12".into()
            },
            RefreshOutcome::Installed {
                version: "2027".into()
            }
        )
    );
    assert_eq!(desk.catalog().version(), "2026.12");
    assert_eq!(desk.catalog_info().source, CatalogSource::Backoffice);
    assert!(desk.calendar().covers(2027));
    // The next poll is a 304: nothing downloaded, nothing installed again.
    assert_eq!(
        outcomes(desk.refresh_references(&client, &token).await),
        (RefreshOutcome::Unchanged, RefreshOutcome::Unchanged)
    );

    drop(desk);
    let desk = open();
    assert_eq!(
        desk.catalog().version(),
        "2026.12",
        "kept for the next start"
    );
    assert!(desk.calendar().covers(2027), "kept for the next start");
    assert_ne!(builtin, "2026.12");

    // A broken catalog or calendar never reaches a window: the back office refuses it with
    // the same loader (a window's own refusal of one that loads there but not here is
    // `catalog_tests::a_broken_catalog_is_refused…`).
    let body = |files: Vec<(String, String)>| {
        serde_json::to_vec(&CatalogDocument {
            files: files
                .into_iter()
                .map(|(name, text)| ReferenceFile { name, text })
                .collect(),
        })
        .unwrap()
    };
    let refused = client
        .publish_reference(ADMIN_TOKEN, ReferenceKind::Catalog, body(broken()))
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("422"), "{refused}");
    let year = CalendarDocument {
        years: vec![ReferenceFile {
            name: "cn-2028.json".into(),
            text: r#"{"year": 2028, "days": []}"#.into(),
        }],
    };
    let refused = client
        .publish_reference(
            ADMIN_TOKEN,
            ReferenceKind::Calendar,
            serde_json::to_vec(&year).unwrap(),
        )
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("422"), "{refused}");
    assert_eq!(
        outcomes(desk.refresh_references(&client, &token).await),
        (RefreshOutcome::Unchanged, RefreshOutcome::Unchanged)
    );
    assert_eq!(
        desk.catalog().version(),
        "2026.12",
        "the good one keeps serving"
    );
    assert!(desk.calendar().covers(2027) && !desk.calendar().covers(2028));
}
