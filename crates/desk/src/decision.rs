//! Which decisions the checklist allows: the rules of acceptance at the window, as a pure
//! function of the evaluation and the clerk's line marks.

use chrono::NaiveDate;
use ow_case::{CaseDraft, IdentitySource, LineMark, Person, RejectGround};
use ow_catalog::{Decision, Evaluation, Holder, Necessity, RejectionKind};
use ow_idcard::checks::{verify_number_on, NumberProblem};
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
    /// The line is an ID card that lay on the reader and read as valid: the window offers to
    /// mark it received. Only an offer — 人证一致 (the face against the photo) is the clerk's.
    #[serde(default)]
    pub read_offer: bool,
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
    /// The typed document number fails its check and the clerk has not said why it stands.
    ApplicantNumberInvalid { problem: NumberProblem },
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

/// Whether the line's holder had a resident ID card read from the SAM reader, as valid (the
/// catalog names the holder only for ID-card lines).
fn read_on_the_reader(draft: &CaseDraft, holder: Option<Holder>) -> bool {
    let person = match holder {
        Some(Holder::Applicant) => Some(&draft.applicant),
        Some(Holder::Agent) => draft.agent.as_ref(),
        None => None,
    };
    person.is_some_and(|p| {
        p.source == IdentitySource::SamReader
            && p.document
                .as_ref()
                .is_some_and(|d| d.kind == "resident_id" && d.verdict == "idcard.verdict.valid")
    })
}

/// What is wrong with a number the clerk typed for `person` (read numbers are the reader's to
/// check), unless the clerk recorded why it stands.
pub fn typed_number_problem(person: &Person, today: NaiveDate) -> Option<NumberProblem> {
    if person.source != IdentitySource::Manual || person.number_reason.is_some() {
        return None;
    }
    let number = person.id_number.as_ref().filter(|n| !n.is_empty())?;
    verify_number_on(number.expose(), today).err()
}

/// Works out the options for `draft` under `evaluation`, on `today`.
pub fn decision_options(
    draft: &CaseDraft,
    evaluation: &Evaluation,
    today: NaiveDate,
) -> DecisionOptions {
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
                read_offer: mark == LineMark::Pending && read_on_the_reader(draft, line.holder),
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
    } else if let Some(problem) = typed_number_problem(&draft.applicant, today) {
        common.push(Blocker::ApplicantNumberInvalid { problem });
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
