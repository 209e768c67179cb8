//! From a frozen decision to the papers' data: which papers a decision gives, and each one's
//! content (receipt, one-time notice, rejection, hand-over voucher), rendered by `ow-papers`.

use crate::decide::problem_of;
use crate::{Desk, DeskError, LineProblem};
use chrono::{DateTime, Local, NaiveDateTime, Utc};
use ow_case::{CaseDecision, CaseDraft, DecidedLine, DecisionKind, LineMark, Person, RejectGround};
use ow_catalog::TimeUnit;
use ow_papers::{
    DocumentNumber, FontSearch, LimitUnit, MaterialLine, MaterialProblem, NoticeData,
    NoticeMaterial, PageFormat, PaperKind, PaperRenderer, Party, PrintSettings, PromisedLimit,
    RatingLink, ReceiptData, RejectionData, RejectionReason, SyncState, Templates, VisitItem,
    VisitOutcome, VisitReceiptData, VoucherData, TRAINING_MARK,
};
use ow_pii::PersonName;
use std::sync::Arc;

/// The paper the decision itself is written on.
pub(crate) fn kind_of(decision: DecisionKind) -> PaperKind {
    match decision {
        DecisionKind::Accept => PaperKind::Receipt,
        DecisionKind::Notice => PaperKind::Notice,
        DecisionKind::Reject => PaperKind::Rejection,
    }
}

/// Every paper the decision gives, the decision's own first: an accepted case with paper
/// originals for the back office also gets its hand-over voucher.
pub(crate) fn papers_of(decision: &CaseDecision) -> Vec<PaperKind> {
    let mut kinds = vec![kind_of(decision.kind)];
    if decision.voucher_number.is_some() {
        kinds.push(PaperKind::Voucher);
    }
    kinds
}

/// A line whose paper originals were received, so they go to the back office with the voucher.
pub(crate) fn hands_over(line: &DecidedLine) -> bool {
    line.mark == LineMark::Received && line.originals > 0
}

/// Parses `{prefix}{year:4}{seq:06}` back (the format [`DocumentNumber`] displays).
pub(crate) fn parse_number(s: &str) -> Result<DocumentNumber, DeskError> {
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

pub(crate) fn local(t: DateTime<Utc>) -> NaiveDateTime {
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

/// The decision's limit; decisions recorded before the unit was kept were in working days.
fn promised(d: &CaseDecision) -> PromisedLimit {
    PromisedLimit {
        amount: d.promised_days.unwrap_or(0),
        unit: match d.promised_unit.unwrap_or(TimeUnit::WorkingDays) {
            TimeUnit::WorkingDays => LimitUnit::WorkingDays,
            TimeUnit::CalendarDays => LimitUnit::CalendarDays,
            TimeUnit::Months => LimitUnit::Months,
            TimeUnit::OnTheSpot => LimitUnit::OnTheSpot,
        },
    }
}

/// "容缺后补", with the day it is owed by when the calendar gave one.
fn owed_note(by: Option<chrono::NaiveDate>) -> String {
    match by {
        Some(d) => format!("容缺后补，{}前", d.format("%Y年%m月%d日")),
        None => "容缺后补".to_owned(),
    }
}

/// The materials table of a receipt: what was received, shared or deferred; `earlier`: the
/// lines received at the visit of the notice this case continues (前次已收).
fn receipt_lines(d: &CaseDecision, earlier: &[String]) -> Vec<MaterialLine> {
    d.lines
        .iter()
        .filter_map(|l| {
            let received = l.mark == LineMark::Received;
            let note = match &l.mark {
                LineMark::Received if earlier.contains(&l.id) => Some("前次已收".to_owned()),
                LineMark::Received => None,
                LineMark::DataCheck => Some("数据共享".to_owned()),
                LineMark::Deferred => Some(owed_note(d.owed_by)),
                _ if l.deferrable => Some(owed_note(d.owed_by)),
                _ => return None,
            };
            Some(MaterialLine {
                name: l.name.clone(),
                originals: if received { l.originals } else { 0 },
                copies: if received { l.copies } else { 0 },
                note,
            })
        })
        .collect()
}

fn rejection_reason(ground: Option<RejectGround>) -> Result<RejectionReason, DeskError> {
    Ok(match ground {
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
    })
}

/// The missing and defective materials a notice lists.
fn notice_materials(d: &CaseDecision) -> Vec<NoticeMaterial> {
    d.lines
        .iter()
        .filter(|l| d.listed_lines.contains(&l.id))
        .filter_map(|l| {
            let problem = match problem_of(l)? {
                LineProblem::Missing => MaterialProblem::Missing,
                LineProblem::Defective { reason } => MaterialProblem::Defective(reason),
            };
            Some(NoticeMaterial {
                name: l.name.clone(),
                problem,
                standard: l.standard.clone(),
                quantity: quantity(l.originals, l.copies),
            })
        })
        .collect()
}

impl Desk {
    /// The QR code's page for rating `case`'s visit later: by its ticket that day, or by its
    /// own number. None when the hall has no rating page.
    fn paper_rating(&self, case: &CaseDraft) -> Result<Option<RatingLink>, DeskError> {
        let Some(d) = case.decision.as_ref() else {
            return Ok(None);
        };
        let day = case.created_at.with_timezone(&chrono::Local).date_naive();
        let code = self.rating_code(case.ticket.as_deref(), &d.case_number, day)?;
        Ok(self.rating_url(&code).map(|url| RatingLink { url, code }))
    }

    /// The paper renderer, built on first use: loading the CJK font is the slow part and
    /// start-up should not wait for it.
    pub(crate) fn paper_renderer(&self) -> Result<Arc<PaperRenderer>, DeskError> {
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

    pub(crate) fn print_settings(&self, reprint_at: Option<NaiveDateTime>) -> PrintSettings {
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

    /// The lines the notice this case continues had received (none for a case that continues
    /// nothing): the citizen did not bring them again.
    fn received_at_notice(&self, case: &CaseDraft) -> Result<Vec<String>, DeskError> {
        let Some(f) = case
            .follows
            .as_ref()
            .filter(|f| f.kind == ow_case::FollowKind::Notice)
        else {
            return Ok(Vec::new());
        };
        if !f.carried_lines.is_empty() {
            return Ok(f.carried_lines.clone());
        }
        // Continued before the case kept its carried lines: read the notice here.
        let Ok(notice) = self.store().case(f.case_id) else {
            return Ok(Vec::new());
        };
        Ok(notice
            .decision
            .map(|d| {
                d.lines
                    .into_iter()
                    .filter(|l| l.mark.is_supplied() && !d.listed_lines.contains(&l.id))
                    .map(|l| l.id)
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Renders one of the decided case's papers: its document number and PDF.
    pub(crate) fn render(
        &self,
        case: &CaseDraft,
        kind: PaperKind,
        reprint_at: Option<NaiveDateTime>,
    ) -> Result<(String, Vec<u8>), DeskError> {
        let d = case.decision.as_ref().ok_or(DeskError::NotDecided)?;
        let item = case.item.as_ref().ok_or(DeskError::NoItem)?;
        let number_text = match kind {
            PaperKind::Voucher => d.voucher_number.clone().ok_or(DeskError::NotDecided)?,
            _ => d.document_number.clone(),
        };
        let number = parse_number(&number_text)?;
        let renderer = self.paper_renderer()?;
        let settings = self.print_settings(reprint_at);
        // The person who took the case in, also on a reprint by someone else.
        let owner = case.owner.clone();
        let clerk_no = owner.as_ref().map_or_else(String::new, |o| o.id.clone());
        let paper = match kind {
            PaperKind::Receipt => {
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
                        materials: receipt_lines(d, &self.received_at_notice(case)?),
                        promised: promised(d),
                        due_date: d.promised_by,
                        collection: None,
                        clerk_no,
                        sync_state: if confirmed {
                            SyncState::Confirmed
                        } else {
                            SyncState::PendingUpload
                        },
                        rating: self.paper_rating(case)?,
                    },
                    &settings,
                )?
            }
            PaperKind::Notice => renderer.notice(
                &NoticeData {
                    document_number: number,
                    case_number: Some(d.case_number.clone()),
                    applicant: party(&case.applicant),
                    contact: case.agent.as_ref().map(party),
                    item_name: item.name.clone(),
                    applied_on: local(case.created_at).date(),
                    materials: notice_materials(d),
                    issued_at: local(d.decided_at),
                    clerk_no,
                    clerk_name: owner.as_ref().map(|o| o.name.clone()),
                    clerk_phone: None,
                    rating: self.paper_rating(case)?,
                },
                &settings,
            )?,
            PaperKind::Rejection => renderer.rejection(
                &RejectionData {
                    document_number: number,
                    case_number: Some(d.case_number.clone()),
                    applicant: party(&case.applicant),
                    item_name: item.name.clone(),
                    applied_on: local(case.created_at).date(),
                    reason: rejection_reason(d.ground.clone())?,
                    issued_at: local(d.decided_at),
                    clerk_no,
                },
                &settings,
            )?,
            PaperKind::VisitReceipt => {
                return self.render_visit(case, number, reprint_at);
            }
            // Made at the hand-over (`pickup_record.rs`) or by the trainer (`training.rs`), not
            // from a decision.
            PaperKind::PickupRecord | PaperKind::TrainingReport => {
                return Err(DeskError::NotDecided)
            }
            PaperKind::Voucher => renderer.voucher(
                &VoucherData {
                    document_number: number,
                    case_number: d.case_number.clone(),
                    item_name: item.name.clone(),
                    applicant: party(&case.applicant),
                    from_window: format!("综合窗口 {} 号", self.config().window.number),
                    to_department: d.department.clone(),
                    materials: d
                        .lines
                        .iter()
                        .filter(|l| hands_over(l))
                        .map(|l| MaterialLine {
                            name: l.name.clone(),
                            originals: l.originals,
                            copies: l.copies,
                            note: None,
                        })
                        .collect(),
                    handed_over_at: local(d.decided_at),
                    clerk_no,
                },
                &settings,
            )?,
        };
        Ok((number_text, paper.bytes))
    }

    /// The visit receipt (办事回执) numbered `number`: every decided item of the case's visit
    /// (the signed-in person's cases under its ticket that day, or the case alone without one).
    pub(crate) fn render_visit(
        &self,
        case: &CaseDraft,
        number: DocumentNumber,
        reprint_at: Option<NaiveDateTime>,
    ) -> Result<(String, Vec<u8>), DeskError> {
        let visit = self.visit_cases(case)?;
        let items: Vec<VisitItem> = visit
            .iter()
            .filter_map(|c| {
                let d = c.decision.as_ref()?;
                let accepted = d.kind == DecisionKind::Accept;
                Some(VisitItem {
                    case_number: d.case_number.clone(),
                    item_name: c.item.as_ref()?.name.clone(),
                    outcome: match d.kind {
                        DecisionKind::Accept => VisitOutcome::Accepted,
                        DecisionKind::Notice => VisitOutcome::Noticed,
                        DecisionKind::Reject => VisitOutcome::Rejected,
                    },
                    promised: accepted.then(|| promised(d)),
                    due_date: if accepted { d.promised_by } else { None },
                    paper_number: d.document_number.clone(),
                    missing: if d.kind == DecisionKind::Notice {
                        notice_materials(d)
                    } else {
                        Vec::new()
                    },
                })
            })
            .collect();
        if items.is_empty() {
            return Err(DeskError::NotDecided);
        }
        let text = number.to_string();
        let paper = self.paper_renderer()?.visit_receipt(
            &VisitReceiptData {
                document_number: number,
                applicant: party(&case.applicant),
                agent: case.agent.as_ref().map(party),
                ticket: case.ticket.clone(),
                items,
                issued_at: local(chrono::Utc::now()),
                clerk_no: case
                    .owner
                    .as_ref()
                    .map_or_else(String::new, |o| o.id.clone()),
                rating: self.paper_rating(case)?,
            },
            &self.print_settings(reprint_at),
        )?;
        Ok((text, paper.bytes))
    }
}
