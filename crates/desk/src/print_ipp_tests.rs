//! Printing a decided case's paper to a real IPP printer (`ippeveprinter` on loopback): the
//! job arrives with exactly the stored PDF, and a printer that cannot be reached leaves the
//! decision saved and the paper printable again.

// The printer crate's own harness (D-Bus, avahi, one ippeveprinter per test), not a copy.
#[path = "../../../hardware/printer/tests/harness/mod.rs"]
mod harness;

use crate::{DecisionRequest, Desk};
use ow_case::CaseStatus;
use ow_config::Config;

fn desk_printing_to(dir: &std::path::Path, printer: String) -> Desk {
    let mut config = Config::default();
    config.devices.printer = printer;
    crate::test_support::as_clerk(Desk::open(config, dir, None).unwrap())
}

/// A 投靠配偶 case with applicant and answers, decided with a one-time notice.
fn noticed_case(desk: &Desk) -> ow_case::CaseId {
    let id = crate::test_support::spouse_case_with_applicant(desk);
    desk.decide(id, DecisionRequest::Notice).unwrap();
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_paper_reaches_the_printer_byte_for_byte_and_the_print_is_recorded() {
    let printer = harness::TestPrinter::start("ow-desk-print", None);
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_printing_to(dir.path(), printer.uri());
    let case = noticed_case(&desk);
    let paper = desk.issue_paper(case).unwrap();
    let printed = desk.print_paper(paper.entry.id).await.unwrap();
    let result = printed.print_result.unwrap();
    assert!(
        result.starts_with("ipp job ") && result.ends_with(" completed"),
        "{result}"
    );
    let jobs = printer.jobs();
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    use base64::Engine as _;
    let stored = base64::engine::general_purpose::STANDARD
        .decode(&paper.pdf_base64)
        .unwrap();
    assert_eq!(
        std::fs::read(&jobs[0]).unwrap(),
        stored,
        "the printer got the stored PDF"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_printer_fails_clearly_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let port = harness::free_port();
    let desk = desk_printing_to(dir.path(), format!("ipp://127.0.0.1:{port}/ipp/print"));
    let case = noticed_case(&desk);
    let paper = desk.issue_paper(case).unwrap();
    let err = desk.print_paper(paper.entry.id).await.unwrap_err();
    assert_eq!(ow_error::ErrorCode::code(&err), "printer.unreachable");
    // The decision stands and the paper waits to be printed again, with the failure on its
    // record (and in the trail) under the printer's code.
    assert_eq!(desk.case(case).unwrap().status, CaseStatus::Noticed);
    let history = desk.case_papers(case).unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0].printed_at.is_none());
    let failure = history[0].print_failure.clone().unwrap();
    assert_eq!(failure.code, "printer.unreachable");
    assert!(!failure.at.is_empty());
    let trail = desk.store().audit_trail(&case.to_string()).unwrap();
    assert!(trail.iter().any(|r| r.action == "paper.print_failed"));
    drop(desk);

    // The printer is back (a restart later): the same paper prints, and the failure is cleared.
    let printer = harness::TestPrinter::start("ow-desk-recovered", None);
    let desk = desk_printing_to(dir.path(), printer.uri());
    let printed = desk.print_paper(paper.entry.id).await.unwrap();
    assert!(printed.printed_at.is_some());
    assert_eq!(printed.print_failure, None);
    assert_eq!(printer.jobs().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_device_bar_shows_the_printer_ready_unreachable_or_as_the_preview() {
    use crate::{DeviceKind, DeviceState};
    let printer_of = |desk: &Desk| {
        desk.initial_status()
            .devices
            .into_iter()
            .find(|d| d.kind == DeviceKind::Printer)
            .unwrap()
            .state
    };
    // Sandbox: the preview is the print, nothing to ask.
    let dir = tempfile::tempdir().unwrap();
    let sim =
        crate::test_support::as_clerk(Desk::open(Config::default(), dir.path(), None).unwrap());
    assert_eq!(printer_of(&sim), DeviceState::Preview);
    assert_eq!(sim.printer_state().await, DeviceState::Preview);

    // Nothing listening: unreachable, with the printer crate's code, and asked again after a
    // print that failed.
    let dir = tempfile::tempdir().unwrap();
    let port = harness::free_port();
    let desk = desk_printing_to(dir.path(), format!("ipp://127.0.0.1:{port}/ipp/print"));
    assert_eq!(printer_of(&desk), DeviceState::Checking, "never a guess");
    assert_eq!(
        desk.printer_state().await,
        DeviceState::Offline {
            code: "printer.unreachable".into()
        }
    );
    let case = noticed_case(&desk);
    let paper = desk.issue_paper(case).unwrap();
    desk.print_paper(paper.entry.id).await.unwrap_err();
    tokio::time::timeout(
        std::time::Duration::from_secs(1),
        desk.printer_wake().notified(),
    )
    .await
    .expect("a print wakes the printer check");

    // A real IPP printer: ready.
    let printer = harness::TestPrinter::start("ow-desk-state", None);
    let dir = tempfile::tempdir().unwrap();
    let desk = desk_printing_to(dir.path(), printer.uri());
    assert_eq!(desk.printer_state().await, DeviceState::Ready);
}
