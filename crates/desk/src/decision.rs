//! Which decisions the checklist allows: the rules of acceptance at the window, as a pure
//! function of the evaluation and the clerk's line marks.

use ow_case::{CaseDraft, LineMark, RejectGround};
use ow_catalog::{Decision, Evaluation, Necessity, RejectionKind};
use serde::{Deserialize, Serialize};
use specta::Type;

/// A line as the decision sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LineVerdict {
    pub id: String,
    pub name: String,
    pub necessity: Necessity,
    pub mark: LineMark,
    /// Why this line stands in the way of acceptance (it then goes on a one-time notice).
    pub problem: Option<LineProblem>,
}

/// What is wrong with a line that must be supplied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineProblem {
    Missing,
    Defective { reason: String },
}

/// Something that stops a decision, with a stable code the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Blocker {
    /// The applicant's name or document number is missing.
    ApplicantIncomplete,
    /// Situation questions are still open.
    QuestionsOpen { missing: Vec<String> },
    /// The answers rule the case out: only a rejection is possible.
    NotAcceptable,
    /// Lines that must be supplied are missing or defective.
    MaterialsIncomplete { lines: Vec<String> },
    /// Nothing is missing or defective, so there is nothing to notify.
    NothingToNotify,
}

/// The decisions open to the clerk right now, and why the others are not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DecisionOptions {
    pub lines: Vec<LineVerdict>,
    pub can_accept: bool,
    pub accept_blockers: Vec<Blocker>,
    pub can_notice: bool,
    pub notice_blockers: Vec<Blocker>,
    /// The lines a one-time notice would list (all of them, at once — Art. 32).
    pub notice_lines: Vec<String>,
    /// A rejection is always open to the clerk's judgment once an item is chosen; when the
    /// answers rule the case out, the ground is proposed.
    pub suggested_ground: Option<RejectGround>,
}

/// Works out the options for `draft` under `evaluation`.
pub fn decision_options(draft: &CaseDraft, evaluation: &Evaluation) -> DecisionOptions {
    let lines: Vec<LineVerdict> = evaluation
        .checklist
        .iter()
        .map(|line| {
            let mark = draft.materials.get(&line.id).cloned().unwrap_or_default();
            let must_supply =
                matches!(line.necessity, Necessity::Required | Necessity::Conditional);
            let problem = match (&mark, must_supply) {
                (_, false) => None,
                (LineMark::Defective { reason }, true) => Some(LineProblem::Defective {
                    reason: reason.clone(),
                }),
                (m, true) if m.is_supplied() => None,
                (_, true) => Some(LineProblem::Missing),
            };
            LineVerdict {
                id: line.id.clone(),
                name: line.name.clone(),
                necessity: line.necessity,
                mark,
                problem,
            }
        })
        .collect();
    let notice_lines: Vec<String> = lines
        .iter()
        .filter(|l| l.problem.is_some())
        .map(|l| l.id.clone())
        .collect();

    let mut common = Vec::new();
    if draft.applicant.name.as_ref().is_none_or(|n| n.is_empty())
        || draft
            .applicant
            .id_number
            .as_ref()
            .is_none_or(|n| n.is_empty())
    {
        common.push(Blocker::ApplicantIncomplete);
    }
    let mut suggested_ground = None;
    match &evaluation.decision {
        Decision::Acceptable => {}
        Decision::Incomplete { missing } => common.push(Blocker::QuestionsOpen {
            missing: missing.clone(),
        }),
        Decision::NotAcceptable {
            kind,
            reason,
            refer_to,
            ..
        } => {
            common.push(Blocker::NotAcceptable);
            suggested_ground = Some(match kind {
                RejectionKind::OutOfRemit => RejectGround::OutOfRemit {
                    competent_department: refer_to.clone().unwrap_or_else(|| reason.clone()),
                },
                RejectionKind::NotEligible => RejectGround::NotEligible {
                    detail: reason.clone(),
                },
                RejectionKind::Other => RejectGround::Other {
                    text: reason.clone(),
                },
            });
        }
    }

    let mut accept_blockers = common.clone();
    if !notice_lines.is_empty() {
        accept_blockers.push(Blocker::MaterialsIncomplete {
            lines: notice_lines.clone(),
        });
    }
    let mut notice_blockers = common;
    if notice_lines.is_empty() {
        notice_blockers.push(Blocker::NothingToNotify);
    }
    DecisionOptions {
        can_accept: accept_blockers.is_empty(),
        can_notice: notice_blockers.is_empty(),
        lines,
        accept_blockers,
        notice_blockers,
        notice_lines,
        suggested_ground,
    }
}
