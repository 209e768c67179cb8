//! The printer client against a real `ippeveprinter` (and, for states it cannot take, a
//! canned IPP answer): status, printing byte-identical PDFs, failures as typed errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod harness;

use harness::*;
use ipp::prelude::{
    DelimiterTag, IppAttribute, IppRequestResponse, IppValue, IppVersion, StatusCode,
};
use ow_error::ErrorCode;
use ow_printer::*;
use std::time::{Duration, Instant};

/// A small but real PDF (one page, one line of text).
fn sample_pdf(tag: &str) -> Vec<u8> {
    let stream = format!("BT /F1 24 Tf 72 720 Td ({tag}) Tj ET");
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn fast() -> Timeouts {
    Timeouts {
        request_ms: 3_000,
        job_ms: 20_000,
        poll_ms: 100,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_reports_idle_and_formats() {
    let p = TestPrinter::start("OW Status", None);
    let printer = Printer::new(&p.uri()).unwrap().with_timeouts(fast());
    let s = printer.status().await.unwrap();
    assert_eq!(s.state, PrinterState::Idle);
    assert_eq!(s.name.as_deref(), Some("OW Status"));
    assert!(s.accepting_jobs);
    assert!(s.supports(PDF), "formats: {:?}", s.formats);
    assert!(s.reasons.is_empty(), "reasons: {:?}", s.reasons);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prints_pdf_and_the_spooled_job_is_byte_identical() {
    let p = TestPrinter::start("OW Print", None);
    let printer = Printer::new(&p.uri())
        .unwrap()
        .with_timeouts(fast())
        .with_user("GH0427");
    let pdf = sample_pdf("receipt SL-4419001-W03-2025000001");
    let out = printer
        .print_pdf(pdf.clone(), "受理回执 SL-4419001-W03-2025000001")
        .await
        .unwrap();
    assert_eq!(out.job.state, JobState::Completed);
    let jobs = p.jobs();
    assert_eq!(jobs.len(), 1, "spool: {jobs:?}");
    assert_eq!(
        read(&jobs[0]),
        pdf,
        "spooled job differs from what was sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_job_gets_its_own_id_and_spool_file() {
    // A trivial job command: ippeveprinter then skips its simulated print time.
    let p = TestPrinter::start("OW Two", Some("exit 0"));
    let printer = Printer::new(&p.uri()).unwrap().with_timeouts(fast());
    let pdf1 = sample_pdf("receipt SL-4419001-W03-2025000002");
    let out = printer.print_pdf(pdf1.clone(), "受理回执").await.unwrap();
    let pdf2 = sample_pdf("notice GZ-4419001-W03-2025000001");
    let out2 = printer
        .print_pdf(pdf2.clone(), "一次性告知书")
        .await
        .unwrap();
    assert_ne!(out2.job_id, out.job_id);
    let jobs = p.jobs();
    assert_eq!(jobs.len(), 2);
    assert!(jobs.iter().any(|j| read(j) == pdf1));
    assert!(jobs.iter().any(|j| read(j) == pdf2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unsupported_format_is_refused_before_sending() {
    let p = TestPrinter::start("OW Formats", None);
    let printer = Printer::new(&p.uri()).unwrap().with_timeouts(fast());
    let err = printer
        .submit(b"plain text".to_vec(), "text/plain", "x")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "printer.unsupported_format");
    assert!(p.jobs().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_the_printer_aborts_is_job_failed() {
    // The job command fails, so ippeveprinter aborts the job.
    let p = TestPrinter::start("OW Abort", Some("echo 'INFO: jammed' >&2\nexit 3"));
    let printer = Printer::new(&p.uri()).unwrap().with_timeouts(fast());
    let err = printer
        .print_pdf(sample_pdf("abort"), "abort")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "printer.job_failed", "{err}");
    let details = err.details().unwrap();
    assert_eq!(details["state"], "aborted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paper_out_while_printing_is_reported_with_the_job() {
    // The job command reports media-empty (as a real device's driver would) and then stalls,
    // so the client sees the printer out of paper with our job waiting.
    let p = TestPrinter::start(
        "OW Paper",
        Some("echo 'STATE: +media-empty' >&2\nexec sleep 4"),
    );
    let printer = Printer::new(&p.uri()).unwrap().with_timeouts(fast());
    let err = printer
        .print_pdf(sample_pdf("paper"), "paper")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "printer.paper_out", "{err}");
    let details = err.details().unwrap();
    assert!(details["job_id"].is_number(), "job id missing: {details}");
    assert!(details["reasons"].to_string().contains("media-empty"));

    let status = printer.status().await.unwrap();
    let reason = status
        .reasons
        .iter()
        .find(|r| r.kind == ReasonKind::MediaEmpty)
        .expect("media-empty reason");
    assert_eq!(reason.label_zh(), "缺纸");
    assert_eq!(reason.code(), "printer.reason.media_empty");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_never_finishes_times_out_with_its_id() {
    let p = TestPrinter::start("OW Slow", Some("exec sleep 8"));
    let printer = Printer::new(&p.uri()).unwrap().with_timeouts(Timeouts {
        job_ms: 1_500,
        ..fast()
    });
    let t = Instant::now();
    let err = printer
        .print_pdf(sample_pdf("slow"), "slow")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "printer.timeout");
    assert!(err.details().unwrap()["job_id"].is_number());
    assert!(
        t.elapsed() < Duration::from_secs(6),
        "took {:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn nothing_listening_is_unreachable_quickly() {
    let port = free_port();
    let printer = Printer::new(&format!("ipp://127.0.0.1:{port}/ipp/print"))
        .unwrap()
        .with_timeouts(fast());
    let t = Instant::now();
    let err = printer.status().await.unwrap_err();
    assert_eq!(err.code(), "printer.unreachable", "{err}");
    assert!(t.elapsed() < Duration::from_secs(3));
    let err = printer.print_pdf(sample_pdf("x"), "x").await.unwrap_err();
    assert_eq!(err.code(), "printer.unreachable");
}

#[tokio::test]
async fn a_printer_that_never_answers_times_out_instead_of_hanging() {
    let server = SilentServer::start();
    let printer = Printer::new(&format!("ipp://127.0.0.1:{}/ipp/print", server.port))
        .unwrap()
        .with_timeouts(Timeouts {
            request_ms: 800,
            ..fast()
        });
    let t = Instant::now();
    let err = printer.status().await.unwrap_err();
    assert_eq!(err.code(), "printer.timeout", "{err}");
    assert!(
        t.elapsed() < Duration::from_secs(3),
        "took {:?}",
        t.elapsed()
    );
}

fn canned_printer(state: i32, reasons: &[&str], accepting: bool) -> Vec<u8> {
    let mut resp =
        IppRequestResponse::new_response(IppVersion::v1_1(), StatusCode::SuccessfulOk, 1).unwrap();
    let reasons = IppValue::Array(
        reasons
            .iter()
            .map(|r| IppValue::new_keyword(*r).unwrap())
            .collect(),
    );
    let attrs = [
        (
            "printer-name",
            IppValue::new_name_without_language("Stopped One").unwrap(),
        ),
        ("printer-state", IppValue::Enum(state)),
        ("printer-state-reasons", reasons),
        (
            "printer-state-message",
            IppValue::new_text_without_language("Stopped.").unwrap(),
        ),
        ("printer-is-accepting-jobs", IppValue::Boolean(accepting)),
        (
            "document-format-supported",
            IppValue::new_mime_media_type(PDF).unwrap(),
        ),
    ];
    for (name, value) in attrs {
        resp.attributes_mut().add(
            DelimiterTag::PrinterAttributes,
            IppAttribute::with_name(name, value).unwrap(),
        );
    }
    resp.to_bytes().to_vec()
}

#[tokio::test]
async fn a_stopped_printer_is_a_typed_error_before_anything_is_sent() {
    // ippeveprinter has no Pause-Printer, so the stopped state comes from a canned answer.
    let server = CannedIpp::start(canned_printer(5, &["paused"], false));
    let printer = Printer::new(&format!("ipp://127.0.0.1:{}/ipp/print", server.port))
        .unwrap()
        .with_timeouts(fast());
    let s = printer.status().await.unwrap();
    assert_eq!(s.state, PrinterState::Stopped);
    assert_eq!(s.state.label_zh(), "已停止");
    let err = printer.print_pdf(sample_pdf("x"), "x").await.unwrap_err();
    assert_eq!(err.code(), "printer.stopped", "{err}");

    let empty = CannedIpp::start(canned_printer(5, &["media-empty-error"], true));
    let printer = Printer::new(&format!("ipp://127.0.0.1:{}/ipp/print", empty.port)).unwrap();
    let err = printer.print_pdf(sample_pdf("x"), "x").await.unwrap_err();
    assert_eq!(err.code(), "printer.paper_out", "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cups_get_printers_on_a_plain_ipp_printer_is_a_typed_refusal() {
    // ippeveprinter is not a CUPS server: the CUPS extension is refused, cleanly.
    let p = TestPrinter::start("OW NoCups", None);
    let err = list_printers(&format!("ipp://localhost:{}/", p.port), fast())
        .await
        .unwrap_err();
    assert!(
        ["printer.rejected", "printer.not_found"].contains(&err.code()),
        "{err}"
    );
}

#[test]
fn invalid_uris_are_rejected() {
    for bad in ["", "lpd://x/q", "not a uri", "ipp:///nohost"] {
        let err = Printer::new(bad).unwrap_err();
        assert_eq!(err.code(), "printer.invalid_uri", "{bad}");
    }
}
