//! Papers for decided cases: issued once from the frozen decision, reprinted on demand, printed
//! over IPP (or shown as a preview in sandbox). The decision is saved before any paper exists,
//! so a failed print never loses it.

use crate::decide::problem_of;
use crate::{Desk, DeskError, LineProblem};
use base64::Engine as _;
use chrono::{DateTime, Local, NaiveDateTime, Utc};
use ow_case::{CaseDraft, CaseId, DecisionKind, LineMark, Person, RejectGround};
use ow_papers::{
    DocumentNumber, FontSearch, MaterialLine, MaterialProblem, NoticeData, NoticeMaterial,
    PageFormat, PaperKind, PaperRenderer, Party, PrintSettings, ReceiptData, RejectionData,
    RejectionReason, SyncState, Templates, TRAINING_MARK,
};
use ow_pii::PersonName;
use ow_store::{NewPaper, PaperRecord};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::sync::Arc;

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
}

/// A paper with its PDF, for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IssuedPaper {
    pub entry: PaperEntry,
    /// The PDF, base64-encoded (IPC carries text).
    pub pdf_base64: String,
}

fn kind_of(decision: DecisionKind) -> PaperKind {
    match decision {
        DecisionKind::Accept => PaperKind::Receipt,
        DecisionKind::Notice => PaperKind::Notice,
        DecisionKind::Reject => PaperKind::Rejection,
    }
}

fn kind_name(kind: PaperKind) -> &'static str {
    match kind {
        PaperKind::Receipt => "receipt",
        PaperKind::Notice => "notice",
        PaperKind::Rejection => "rejection",
        PaperKind::Voucher => "voucher",
    }
}

fn kind_from(name: &str) -> PaperKind {
    match name {
        "notice" => PaperKind::Notice,
        "rejection" => PaperKind::Rejection,
        "voucher" => PaperKind::Voucher,
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
    }
}

/// Parses `{prefix}{year:4}{seq:06}` back (the format [`DocumentNumber`] displays).
fn parse_number(s: &str) -> Result<DocumentNumber, DeskError> {
    let bad = || DeskError::CounterCorrupt(s.to_owned());
    let cut = s.len().checked_sub(10).ok_or_else(bad)?;
    let (prefix, tail) = (s.get(..cut).ok_or_else(bad)?, s.get(cut..).ok_or_else(bad)?);
    let year = tail.get(..4).and_then(|y| y.parse().ok()).ok_or_else(bad)?;
    let seq = tail.get(4..).and_then(|q| q.parse().ok()).ok_or_else(bad)?;
    Ok(DocumentNumber {
        prefix: prefix.to_owned(),
        year,
        seq,
        training: prefix.starts_with(TRAINING_MARK),
    })
}

fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

fn party(p: &Person) -> Party {
    let number = p.id_number.clone().filter(|n| !n.is_empty());
    Party {
        name: p
            .name
            .clone()
            .unwrap_or_else(|| PersonName::new(String::new())),
        id_type: number.as_ref().map(|_| "居民身份证".to_owned()),
        id_number: number,
        phone: None,
    }
}

fn quantity(originals: u32, copies: u32) -> Option<String> {
    let mut parts = Vec::new();
    if originals > 0 {
        parts.push(format!("原件{originals}份"));
    }
    if copies > 0 {
        parts.push(format!("复印件{copies}份"));
    }
    (!parts.is_empty()).then(|| parts.join("、"))
}

impl Desk {
    /// The paper renderer, built on first use: loading the CJK font is the slow part and
    /// start-up should not wait for it.
    fn renderer(&self) -> Result<Arc<PaperRenderer>, DeskError> {
        let mut slot = self.renderer.lock().map_err(|_| DeskError::Poisoned)?;
        if let Some(r) = slot.as_ref() {
            return Ok(r.clone());
        }
        let mut templates = match &self.config().papers.template_dir {
            Some(dir) => Templates::load(dir)?,
            None => Templates::embedded()?,
        };
        // One source of truth for the hall's name: the configuration the top bar shows too.
        templates.text.hall.name = self.config().hall.name.clone();
        let r = Arc::new(PaperRenderer::new(FontSearch::default().load()?, templates));
        *slot = Some(r.clone());
        Ok(r)
    }

    fn settings(&self, reprint_at: Option<NaiveDateTime>) -> PrintSettings {
        PrintSettings {
            format: if self.config().papers.format == "roll80" {
                PageFormat::Roll80
            } else {
                PageFormat::A4
            },
            sandbox: self.config().mode == ow_config::Mode::Sandbox,
            reprint_at,
        }
    }

    fn render(
        &self,
        case: &CaseDraft,
        reprint_at: Option<NaiveDateTime>,
    ) -> Result<(PaperKind, String, Vec<u8>), DeskError> {
        let d = case.decision.as_ref().ok_or(DeskError::NotDecided)?;
        let item = case.item.as_ref().ok_or(DeskError::NoItem)?;
        let number = parse_number(&d.document_number)?;
        let renderer = self.renderer()?;
        let settings = self.settings(reprint_at);
        let clerk_no = self.config().clerk.id.clone();
        let kind = kind_of(d.kind);
        let paper = match d.kind {
            DecisionKind::Accept => {
                let confirmed = self
                    .store()
                    .outbox_entry(case.id)?
                    .is_some_and(|e| e.state == "confirmed");
                renderer.receipt(
                    &ReceiptData {
                        document_number: number,
                        case_number: d.case_number.clone(),
                        applicant: party(&case.applicant),
                        agent: case.agent.as_ref().map(party),
                        item_name: item.name.clone(),
                        item_version: item.version.clone(),
                        basis: None,
                        applied_at: local(case.created_at),
                        accepted_at: local(d.decided_at),
                        materials: d
                            .lines
                            .iter()
                            .filter_map(|l| {
                                let note = match &l.mark {
                                    LineMark::Received => None,
                                    LineMark::DataCheck => Some("数据共享".to_owned()),
                                    LineMark::Deferred => Some("容缺后补".to_owned()),
                                    _ if l.deferrable => Some("容缺后补".to_owned()),
                                    _ => return None,
                                };
                                Some(MaterialLine {
                                    name: l.name.clone(),
                                    originals: if l.mark == LineMark::Received {
                                        l.originals
                                    } else {
                                        0
                                    },
                                    copies: if l.mark == LineMark::Received {
                                        l.copies
                                    } else {
                                        0
                                    },
                                    note,
                                })
                            })
                            .collect(),
                        promised_days: d.promised_days.unwrap_or(0),
                        due_date: d.promised_by,
                        collection: None,
                        clerk_no,
                        sync_state: if confirmed {
                            SyncState::Confirmed
                        } else {
                            SyncState::PendingUpload
                        },
                    },
                    &settings,
                )?
            }
            DecisionKind::Notice => renderer.notice(
                &NoticeData {
                    document_number: number,
                    case_number: Some(d.case_number.clone()),
                    applicant: party(&case.applicant),
                    contact: case.agent.as_ref().map(party),
                    item_name: item.name.clone(),
                    applied_on: local(case.created_at).date(),
                    materials: d
                        .lines
                        .iter()
                        .filter(|l| d.listed_lines.contains(&l.id))
                        .filter_map(|l| {
                            let problem = match problem_of(l)? {
                                LineProblem::Missing => MaterialProblem::Missing,
                                LineProblem::Defective { reason } => {
                                    MaterialProblem::Defective(reason)
                                }
                            };
                            Some(NoticeMaterial {
                                name: l.name.clone(),
                                problem,
                                standard: l.standard.clone(),
                                quantity: quantity(l.originals, l.copies),
                            })
                        })
                        .collect(),
                    issued_at: local(d.decided_at),
                    clerk_no,
                    clerk_name: Some(self.config().clerk.name.clone()),
                    clerk_phone: None,
                },
                &settings,
            )?,
            DecisionKind::Reject => renderer.rejection(
                &RejectionData {
                    document_number: number,
                    case_number: Some(d.case_number.clone()),
                    applicant: party(&case.applicant),
                    item_name: item.name.clone(),
                    applied_on: local(case.created_at).date(),
                    reason: match d.ground.clone() {
                        Some(RejectGround::OutOfRemit {
                            competent_department,
                        }) => RejectionReason::OutOfRemit {
                            competent_department,
                        },
                        Some(RejectGround::NotSuppliedAfterNotice { notice_number }) => {
                            RejectionReason::NotSuppliedAfterNotice { notice_number }
                        }
                        Some(RejectGround::StillNonCompliant { detail }) => {
                            RejectionReason::StillNonCompliant { detail }
                        }
                        Some(RejectGround::NotEligible { detail }) => {
                            RejectionReason::ApplicantNotEligible { detail }
                        }
                        Some(RejectGround::Other { text }) => RejectionReason::Other { text },
                        None => return Err(DeskError::GroundMissing),
                    },
                    issued_at: local(d.decided_at),
                    clerk_no,
                },
                &settings,
            )?,
        };
        Ok((kind, d.document_number.clone(), paper.bytes))
    }

    fn issued(&self, record: &PaperRecord) -> Result<IssuedPaper, DeskError> {
        let pdf = self.store().paper_pdf(record.id)?;
        Ok(IssuedPaper {
            entry: entry(record),
            pdf_base64: base64::engine::general_purpose::STANDARD.encode(pdf),
        })
    }

    /// The decided case's paper: made the first time it is asked for, the same one after.
    pub fn issue_paper(&self, id: CaseId) -> Result<IssuedPaper, DeskError> {
        let case = self.store().case(id)?;
        let decision = case.decision.as_ref().ok_or(DeskError::NotDecided)?;
        let kind = kind_name(kind_of(decision.kind));
        let existing = self.store().papers(id)?;
        if let Some(first) = existing
            .iter()
            .find(|p| p.reprint_of.is_none() && p.kind == kind)
        {
            return self.issued(first);
        }
        let (kind, number, pdf) = self.render(&case, None)?;
        let paper_id = self.store().add_paper(&NewPaper {
            case_id: id,
            kind: kind_name(kind),
            document_number: &number,
            created_at: Utc::now(),
            reprint_of: None,
            pdf: &pdf,
        })?;
        tracing::info!(case = %id, number = %number, bytes = pdf.len(), "paper issued");
        self.issued(&self.store().paper(paper_id)?)
    }

    /// A reprint (补打) of one of the case's papers: same number and content, marked as a
    /// reprint with the time, filed as a paper of its own.
    pub fn reprint_paper(&self, paper: u32) -> Result<IssuedPaper, DeskError> {
        let original = self.store().paper(i64::from(paper))?;
        let case_id = CaseId::parse(&original.case_id)
            .ok_or_else(|| DeskError::CounterCorrupt(original.case_id.clone()))?;
        let case = self.store().case(case_id)?;
        let now = Utc::now();
        let (kind, number, pdf) = self.render(&case, Some(local(now)))?;
        let paper_id = self.store().add_paper(&NewPaper {
            case_id,
            kind: kind_name(kind),
            document_number: &number,
            created_at: now,
            reprint_of: Some(original.reprint_of.unwrap_or(original.id)),
            pdf: &pdf,
        })?;
        tracing::info!(case = %case_id, number = %number, "paper reprinted");
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

    /// Prints the paper on the configured printer and waits for the job; in sandbox (printer
    /// `sim`) the preview the clerk sees is the print. The outcome is recorded either way.
    pub async fn print_paper(&self, paper: u32) -> Result<PaperEntry, DeskError> {
        let record = self.store().paper(i64::from(paper))?;
        let printer = self.config().devices.printer.clone();
        let result = if printer == "sim" {
            "preview".to_owned()
        } else {
            let pdf = self.store().paper_pdf(record.id)?;
            let client = ow_printer::Printer::new(&printer)?;
            let outcome = client.print_pdf(pdf, &record.document_number).await?;
            format!("ipp job {} completed", outcome.job_id)
        };
        self.store()
            .mark_printed(record.id, &Utc::now().to_rfc3339(), &result)?;
        tracing::info!(paper = record.id, number = %record.document_number, %result, "paper printed");
        Ok(entry(&self.store().paper(record.id)?))
    }
}
