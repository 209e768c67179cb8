//! Papers for decided cases: issued once from the frozen decision, reprinted on demand, printed
//! over IPP (or shown as a preview in sandbox). The decision is saved before any paper exists,
//! so a failed print never loses it.

use crate::paper_render::{local, papers_of};
use crate::{Desk, DeskError};
use base64::Engine as _;
use chrono::Utc;
use ow_case::CaseId;
use ow_papers::PaperKind;
use ow_store::{NewPaper, PaperRecord};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A paper in a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PaperEntry {
    pub id: u32,
    pub kind: PaperKind,
    pub document_number: String,
    pub created_at: String,
    /// A reprint (补打) of an earlier paper.
    pub reprint: bool,
    pub size_bytes: u32,
    /// When it was printed (or previewed, in sandbox).
    pub printed_at: Option<String>,
    /// How printing went.
    pub print_result: Option<String>,
    /// The last print that failed, until one succeeds.
    pub print_failure: Option<PrintFailure>,
}

/// A print that failed: when, and the printer's error code (translated on screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrintFailure {
    pub at: String,
    pub code: String,
}

/// A paper with its PDF, for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IssuedPaper {
    pub entry: PaperEntry,
    /// The PDF, base64-encoded (IPC carries text).
    pub pdf_base64: String,
}

pub(crate) fn kind_name(kind: PaperKind) -> &'static str {
    match kind {
        PaperKind::Receipt => "receipt",
        PaperKind::Notice => "notice",
        PaperKind::Rejection => "rejection",
        PaperKind::Voucher => "voucher",
        PaperKind::VisitReceipt => "visit_receipt",
        PaperKind::PickupRecord => "pickup_record",
        PaperKind::TrainingReport => "training_report",
    }
}

fn kind_from(name: &str) -> PaperKind {
    match name {
        "notice" => PaperKind::Notice,
        "rejection" => PaperKind::Rejection,
        "voucher" => PaperKind::Voucher,
        "visit_receipt" => PaperKind::VisitReceipt,
        "pickup_record" => PaperKind::PickupRecord,
        _ => PaperKind::Receipt,
    }
}

fn entry(r: &PaperRecord) -> PaperEntry {
    PaperEntry {
        id: u32::try_from(r.id).unwrap_or(u32::MAX),
        kind: kind_from(&r.kind),
        document_number: r.document_number.clone(),
        created_at: r.created_at.clone(),
        reprint: r.reprint_of.is_some(),
        size_bytes: u32::try_from(r.size).unwrap_or(u32::MAX),
        printed_at: r.printed_at.clone(),
        print_result: r.print_result.clone(),
        print_failure: r.print_error.clone().map(|code| PrintFailure {
            at: r.print_error_at.clone().unwrap_or_default(),
            code,
        }),
    }
}

impl Desk {
    pub(crate) fn issued(&self, record: &PaperRecord) -> Result<IssuedPaper, DeskError> {
        let pdf = self.store().paper_pdf(record.id)?;
        Ok(IssuedPaper {
            entry: entry(record),
            pdf_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
        })
    }

    /// The decided case's paper: made the first time it is asked for, the same one after.
    /// An accepted case with paper originals gets its hand-over voucher (物料流转凭证) filed
    /// alongside; both are in the case's history.
    pub fn issue_paper(&self, id: CaseId) -> Result<IssuedPaper, DeskError> {
        let case = self.store().case(id)?;
        let decision = case.decision.as_ref().ok_or(DeskError::NotDecided)?;
        let existing = self.store().papers(id)?;
        let mut main = None;
        for kind in papers_of(decision) {
            let first = existing
                .iter()
                .find(|p| p.reprint_of.is_none() && p.kind == kind_name(kind));
            let paper_id = match first {
                Some(p) => p.id,
                None => {
                    let (number, pdf) = self.render(&case, kind, None)?;
                    let paper_id = self.store().add_paper(&NewPaper {
                        case_id: id,
                        kind: kind_name(kind),
                        document_number: &number,
                        created_at: Utc::now(),
                        reprint_of: None,
                        pdf: &pdf,
                        data: None,
                    })?;
                    self.audit(
                        Some(id),
                        "paper.issued",
                        serde_json::json!({ "kind": kind_name(kind), "document_number": number }),
                    )?;
                    tracing::info!(case = %id, number = %number, kind = kind_name(kind), bytes = pdf.len(), "paper issued");
                    paper_id
                }
            };
            main.get_or_insert(paper_id);
        }
        let main = main.ok_or(DeskError::NotDecided)?;
        self.issued(&self.store().paper(main)?)
    }

    /// One receipt for the whole visit (办事回执): every decided item with its number, result,
    /// limit and date. Filed with this case; asked again after another item, a new one lists
    /// that item too.
    pub fn issue_visit_receipt(&self, id: CaseId) -> Result<IssuedPaper, DeskError> {
        let case = self.case(id)?;
        let config = self.config().clone();
        let today = chrono::Local::now().date_naive();
        let number = self.store().in_transaction(|tx| {
            crate::numbers::document_number(tx, &config, PaperKind::VisitReceipt, today)
        })?;
        let (number, pdf) = self.render_visit(&case, number, None)?;
        let paper_id = self.store().add_paper(&NewPaper {
            case_id: id,
            kind: kind_name(PaperKind::VisitReceipt),
            document_number: &number,
            created_at: Utc::now(),
            reprint_of: None,
            pdf: &pdf,
            data: None,
        })?;
        self.audit(
            Some(id),
            "paper.issued",
            serde_json::json!({ "kind": "visit_receipt", "document_number": number }),
        )?;
        self.issued(&self.store().paper(paper_id)?)
    }

    /// A reprint (补打) of one of the case's papers: same number and content, marked as a
    /// reprint with the time, filed as a paper of its own.
    pub fn reprint_paper(&self, paper: u32) -> Result<IssuedPaper, DeskError> {
        let original = self.store().paper(i64::from(paper))?;
        // A collection record is not made from a case: made again from what was handed over.
        if original.kind == kind_name(PaperKind::PickupRecord) {
            return self.reprint_pickup(&original);
        }
        let case_id = CaseId::parse(&original.case_id)
            .ok_or_else(|| DeskError::CounterCorrupt(original.case_id.clone()))?;
        let case = self.store().case(case_id)?;
        let now = Utc::now();
        let kind = kind_from(&original.kind);
        let (number, pdf) = if kind == PaperKind::VisitReceipt {
            // Its number is its own, not the decision's.
            let number = crate::paper_render::parse_number(&original.document_number)?;
            self.render_visit(&case, number, Some(local(now)))?
        } else {
            self.render(&case, kind, Some(local(now)))?
        };
        let paper_id = self.store().add_paper(&NewPaper {
            case_id,
            kind: kind_name(kind),
            document_number: &number,
            created_at: now,
            reprint_of: Some(original.reprint_of.unwrap_or(original.id)),
            pdf: &pdf,
            data: None,
        })?;
        self.audit(
            Some(case_id),
            "paper.reprinted",
            serde_json::json!({ "kind": kind_name(kind), "document_number": number }),
        )?;
        tracing::info!(case = %case_id, number = %number, kind = kind_name(kind), "paper reprinted");
        self.issued(&self.store().paper(paper_id)?)
    }

    /// One paper with its PDF (for the preview from the case history).
    pub fn paper(&self, paper: u32) -> Result<IssuedPaper, DeskError> {
        self.issued(&self.store().paper(i64::from(paper))?)
    }

    /// Every paper of the case, oldest first.
    pub fn case_papers(&self, id: CaseId) -> Result<Vec<PaperEntry>, DeskError> {
        Ok(self.store().papers(id)?.iter().map(entry).collect())
    }

    /// Puts a failed print on the paper's record and the audit trail (the paper stays
    /// printable: the clerk prints again once the printer is back).
    fn print_failed(
        &self,
        record: &ow_store::PaperRecord,
        e: ow_printer::PrinterError,
    ) -> DeskError {
        let code = ow_error::ErrorCode::code(&e);
        let at = Utc::now().to_rfc3339();
        let recorded = self
            .store()
            .mark_print_failed(record.id, &at, code)
            .map_err(DeskError::from)
            .and_then(|()| {
                self.audit(
                    CaseId::parse(&record.case_id),
                    "paper.print_failed",
                    serde_json::json!({ "document_number": record.document_number, "code": code }),
                )
            });
        if let Err(r) = recorded {
            tracing::error!(error = %r, "could not record the failed print");
        }
        tracing::warn!(paper = record.id, number = %record.document_number, %code, "print failed");
        e.into()
    }

    /// Prints the paper on the configured printer and waits for the job; in sandbox (printer
    /// `sim`) the preview the clerk sees is the print. The outcome is recorded either way.
    pub async fn print_paper(&self, paper: u32) -> Result<PaperEntry, DeskError> {
        let record = self.store().paper(i64::from(paper))?;
        let printer = self.config().devices.printer.clone();
        let result = if printer == "sim" {
            "preview".to_owned()
        } else {
            let pdf = self.store().paper_pdf(record.id)?;
            let outcome = match ow_printer::Printer::new(&printer) {
                Ok(client) => client.print_pdf(pdf, &record.document_number).await,
                Err(e) => Err(e),
            };
            // Whatever happened, the device bar asks the printer again.
            self.printer_wake.notify_one();
            match outcome {
                Ok(job) => format!("ipp job {} completed", job.job_id),
                Err(e) => return Err(self.print_failed(&record, e)),
            }
        };
        self.store()
            .mark_printed(record.id, &Utc::now().to_rfc3339(), &result)?;
        self.audit(
            CaseId::parse(&record.case_id),
            "paper.printed",
            serde_json::json!({ "document_number": record.document_number, "result": result }),
        )?;
        tracing::info!(paper = record.id, number = %record.document_number, %result, "paper printed");
        Ok(entry(&self.store().paper(record.id)?))
    }
}
