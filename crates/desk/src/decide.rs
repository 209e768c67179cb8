//! Making the decision: the case is frozen, numbered and (when accepted) put in the outbox, all
//! in one transaction, so an accepted case can never exist without its outbox entry.

use crate::decision::{decision_options, Blocker, LineProblem};
use crate::intake::intake_for;
use crate::numbers::{case_number, document_number};
use crate::{CaseView, Desk, DeskError, PromisedDate};
use chrono::{Local, Utc};
use ow_calendar::DeadlineRequest;
use ow_case::{
    CaseDecision, CaseId, CaseStatus, CaseStep, DecidedLine, DecisionKind, LineMark, RejectGround,
};
use ow_catalog::Necessity;
use ow_papers::PaperKind;
use ow_store::NewOutboxEntry;
use serde::{Deserialize, Serialize};
use specta::Type;

/// What the clerk decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionRequest {
    Accept,
    Notice,
    Reject { ground: RejectGround },
}

impl Desk {
    /// For a case accepted now: the day its owed (容缺) lines are due, if it has any, and the
    /// last working day its department may return it for supplement (Art. 32). `None` where
    /// the calendar does not reach.
    fn accepted_deadlines(
        &self,
        lines: &[DecidedLine],
    ) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
        let received_at = Local::now().naive_local();
        let calendar = self.calendar();
        let config = self.deadline_config();
        let owed_by = lines
            .iter()
            .any(|l| l.mark == LineMark::Deferred)
            .then(|| {
                let request = DeadlineRequest::new(received_at, config.owed_working_days);
                calendar.deadline(&request, &config).ok().map(|d| d.due_on)
            })
            .flatten();
        let notice_by = calendar
            .notice_deadline(received_at, &config)
            .ok()
            .map(|d| d.due_on);
        (owed_by, notice_by)
    }

    /// Records the decision. Refused (with the reasons) when the checklist does not allow it,
    /// and refused when the case was already decided — a double key press never decides twice.
    pub fn decide(&self, id: CaseId, request: DecisionRequest) -> Result<CaseView, DeskError> {
        let draft = self.open_case(id)?;
        if draft
            .follows
            .as_ref()
            .is_some_and(|f| f.kind.is_supplement())
        {
            return Err(DeskError::IsSupplement);
        }
        let view = self.view(draft);
        let (Some(evaluation), Some(item), Some(choice)) = (
            view.evaluation.as_ref(),
            view.item.as_ref(),
            view.draft.item.as_ref(),
        ) else {
            return Err(DeskError::NoItem);
        };
        let options = decision_options(&view.draft, evaluation, Local::now().date_naive());
        let kind = match &request {
            DecisionRequest::Accept if !options.can_accept => {
                return Err(DeskError::NotAllowed(options.accept_blockers));
            }
            DecisionRequest::Notice if !options.can_notice => {
                return Err(DeskError::NotAllowed(options.notice_blockers));
            }
            DecisionRequest::Reject { ground } => {
                if ground_is_blank(ground) {
                    return Err(DeskError::GroundMissing);
                }
                if view
                    .draft
                    .applicant
                    .name
                    .as_ref()
                    .is_none_or(|n| n.is_empty())
                {
                    return Err(DeskError::NotAllowed(vec![Blocker::ApplicantIncomplete]));
                }
                DecisionKind::Reject
            }
            DecisionRequest::Accept => DecisionKind::Accept,
            DecisionRequest::Notice => DecisionKind::Notice,
        };
        let lines: Vec<DecidedLine> = evaluation
            .checklist
            .iter()
            .map(|l| DecidedLine {
                id: l.id.clone(),
                name: l.name.clone(),
                originals: l.originals,
                copies: l.copies,
                required: matches!(l.necessity, Necessity::Required | Necessity::Conditional),
                deferrable: l.necessity == Necessity::Tolerated,
                mark: view.draft.materials.get(&l.id).cloned().unwrap_or_default(),
                standard: l.standard.clone(),
            })
            .collect();
        let (promised_by, promised) = match (&kind, &view.promised) {
            (DecisionKind::Accept, Some(PromisedDate::Due { due_on, limit, .. })) => {
                (Some(*due_on), Some(*limit))
            }
            (DecisionKind::Accept, Some(PromisedDate::Unknown { limit, .. })) => {
                (None, Some(*limit))
            }
            _ => (None, None),
        };
        // Paper originals travel to the back office with a hand-over voucher.
        let with_voucher =
            kind == DecisionKind::Accept && lines.iter().any(crate::paper_render::hands_over);
        // One PDF per material, built (and stored) before the transaction so the intake
        // payload can name it.
        // A notice's received lines travel too: another window may carry the case on.
        let blobs = if kind != DecisionKind::Reject {
            self.material_blobs(id)?
        } else {
            Default::default()
        };
        let now = Utc::now();
        let today = Local::now().date_naive();
        let (owed_by, notice_by) = if kind == DecisionKind::Accept {
            self.accepted_deadlines(&lines)
        } else {
            (None, None)
        };
        let config = self.config().clone();
        let audit = self.audit_record(Some(id), "case.decided", serde_json::json!({}));
        let decided = self.store().in_transaction(|tx| {
            // Re-read inside the transaction: the store is held, so no second decision can
            // slip in between the check and the write.
            let mut case = tx.case(id)?;
            if case.status != CaseStatus::Draft {
                return Err(DeskError::CaseClosed);
            }
            // Of two cases carrying the same notice on, the first decided wins: checked here,
            // under the store's lock, so two decisions at once cannot both pass.
            if let Some(f) = &case.follows {
                let taken = tx.followers_of(f.case_id)?.iter().any(|c| {
                    c.id != id && !matches!(c.status, CaseStatus::Draft | CaseStatus::Abandoned)
                });
                if taken {
                    return Err(DeskError::AlreadyCarriedOn);
                }
            }
            let number = case_number(tx, &config, today)?;
            let paper_kind = match kind {
                DecisionKind::Accept => PaperKind::Receipt,
                DecisionKind::Notice => PaperKind::Notice,
                DecisionKind::Reject => PaperKind::Rejection,
            };
            let document = document_number(tx, &config, paper_kind, today)?;
            let voucher = if with_voucher {
                Some(document_number(tx, &config, PaperKind::Voucher, today)?.to_string())
            } else {
                None
            };
            case.decision = Some(CaseDecision {
                kind,
                decided_at: now,
                case_number: number,
                document_number: document.to_string(),
                promised_by,
                promised_days: promised.map(|l| l.amount),
                promised_unit: promised.map(|l| l.unit),
                voucher_number: voucher,
                listed_lines: options
                    .lines
                    .iter()
                    .filter(|l| l.problem.is_some() && kind == DecisionKind::Notice)
                    .map(|l| l.id.clone())
                    .collect(),
                ground: match &request {
                    DecisionRequest::Reject { ground } => Some(ground.clone()),
                    _ => None,
                },
                lines: lines.clone(),
                department: item.department_name.clone(),
                queue: item.queue.clone(),
                basis: item.legal_basis.first().cloned(),
                owed_by,
                notice_by,
            });
            case.status = match kind {
                DecisionKind::Accept => CaseStatus::Accepted,
                DecisionKind::Notice => CaseStatus::Noticed,
                DecisionKind::Reject => CaseStatus::Rejected,
            };
            case.step = CaseStep::Paper;
            case.updated_at = now;
            tx.save_case(&case)?;
            tx.audit(&ow_store::AuditRecord {
                detail: serde_json::json!({
                    "kind": kind,
                    "case_number": case.decision.as_ref().map(|d| d.case_number.clone()),
                    "document_number": document.to_string(),
                })
                .to_string(),
                ..audit.clone()
            })?;
            if kind == DecisionKind::Accept {
                let (intake, blob_list) = intake_for(&case, choice, &blobs)?;
                let payload = serde_json::to_string(&intake).map_err(ow_store::StoreError::from)?;
                tx.enqueue(&NewOutboxEntry {
                    case_id: id,
                    idempotency_key: &id.to_string(),
                    payload: &payload,
                    blobs: &blob_list,
                    enqueued_at: now,
                })?;
            }
            if kind == DecisionKind::Notice {
                let (record, blob_list) =
                    crate::notice_share::notice_record(&case, &config.window.number, &blobs)?;
                let payload = serde_json::to_string(&record).map_err(ow_store::StoreError::from)?;
                tx.enqueue_with_pages(
                    ow_store::KIND_NOTICE,
                    &NewOutboxEntry {
                        case_id: id,
                        idempotency_key: &format!("notice:{id}"),
                        payload: &payload,
                        blobs: &blob_list,
                        enqueued_at: now,
                    },
                )?;
            }
            let carried = case.follows.as_ref().zip(case.decision.as_ref());
            if let Some(c) =
                carried.and_then(|(f, d)| crate::notice_share::carried(f, &d.case_number))
            {
                let payload = serde_json::to_string(&c).map_err(ow_store::StoreError::from)?;
                tx.enqueue_kind(
                    ow_store::KIND_NOTICE_CARRIED,
                    &format!("carried:{id}"),
                    &payload,
                    now,
                )?;
            }
            if let Some(served) = crate::visit::served_offline(&case, now) {
                let payload = serde_json::to_string(&served).map_err(ow_store::StoreError::from)?;
                tx.enqueue_kind(
                    ow_store::KIND_TICKET_SERVED,
                    &format!("served:{id}"),
                    &payload,
                    now,
                )?;
            }
            Ok::<_, DeskError>(case)
        })?;
        if let Some(d) = &decided.decision {
            tracing::info!(case = %id, number = %d.case_number, kind = ?d.kind, "case decided");
        }
        self.after_decision(&decided);
        Ok(self.view(decided))
    }
}

fn ground_is_blank(ground: &RejectGround) -> bool {
    match ground {
        RejectGround::OutOfRemit {
            competent_department: s,
        }
        | RejectGround::StillNonCompliant { detail: s }
        | RejectGround::NotEligible { detail: s }
        | RejectGround::Other { text: s } => s.trim().is_empty(),
        RejectGround::NotSuppliedAfterNotice { .. } => false,
    }
}

/// The lines a notice lists with what is wrong, for the paper.
pub(crate) fn problem_of(line: &DecidedLine) -> Option<LineProblem> {
    use ow_case::LineMark;
    if !line.required {
        return None;
    }
    match &line.mark {
        LineMark::Defective { reason } => Some(LineProblem::Defective {
            reason: reason.clone(),
        }),
        m if m.is_supplied() => None,
        _ => Some(LineProblem::Missing),
    }
}
