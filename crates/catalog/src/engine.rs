//! The checklist engine: item + answers so far → next questions, checklist, promised time
//! limit and decision. Pure and deterministic; called on every answer change.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::condition::Slot;
use crate::model::{
    AnswerValue, Answers, DataSharing, Holder, Item, MaterialLine, Necessity, Question,
    QuestionKind, RejectionKind, TimeLimit,
};

/// One line of the materials checklist (收件清单) for the answers given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct ChecklistLine {
    /// Line id within the item (stable across versions where the line is unchanged).
    pub id: String,
    /// Library material id.
    pub material: String,
    /// Name as printed, e.g. 配偶的居民户口簿.
    pub name: String,
    /// Whose document it is, where known (see [`Holder`]).
    #[serde(default)]
    pub holder: Option<Holder>,
    /// Originals to see (原件).
    pub originals: u32,
    /// Copies to take (复印件).
    pub copies: u32,
    /// Required, conditional, 容缺 or optional.
    pub necessity: Necessity,
    /// 收件要点 the clerk must check: the library's, then the item's, then the situation's.
    pub points: Vec<String>,
    /// Notes for this situation, in the order written.
    pub notes: Vec<String>,
    /// The standard it must meet; printed on the one-time notice when missing or defective.
    pub standard: String,
    /// Who issues it.
    pub issuer: Option<String>,
    /// The blank form, when there is one.
    pub form: Option<String>,
    /// A data check or commitment that can replace the paper.
    pub sharing: Option<DataSharing>,
    /// Pages a complete scan has at least; fewer is reported on the line.
    pub pages: Option<u32>,
}

/// Whether the case can be accepted with the answers given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Decision {
    /// Every question is answered and nothing rules the case out.
    Acceptable,
    /// The answers rule the case out; print the 不予受理通知书 with this reason.
    NotAcceptable {
        /// Which tick on the rejection notice.
        kind: RejectionKind,
        /// The reason, as printed.
        reason: String,
        /// Legal or policy basis, when given.
        basis: Option<String>,
        /// Where to send the applicant instead, when the case is out of remit.
        refer_to: Option<String>,
    },
    /// Some questions still need an answer (their ids, in asking order).
    Incomplete {
        /// Ids of the visible questions not answered yet.
        missing: Vec<String>,
    },
}

/// Everything the window needs after an answer changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Evaluation {
    /// The item's basic code.
    pub item: String,
    /// The item version the evaluation used; the case keeps it.
    pub item_version: String,
    /// Questions to ask now: visible and unanswered, in asking order.
    pub next_questions: Vec<Question>,
    /// Visible questions already answered, in asking order.
    pub answered: Vec<String>,
    /// Answers that do not count: for questions hidden by earlier answers or not in the item.
    pub ignored_answers: Vec<String>,
    /// Answers of the wrong kind, an unknown option, or a number out of range.
    pub invalid_answers: Vec<String>,
    /// The materials checklist for the answers so far.
    pub checklist: Vec<ChecklistLine>,
    /// Promised time limit for this situation.
    pub promised_limit: TimeLimit,
    /// Why the promise differs from the item's usual one, when it does.
    pub promised_note: Option<String>,
    /// Legal time limit.
    pub legal_limit: TimeLimit,
    /// Acceptable, not acceptable (with reason) or incomplete.
    pub decision: Decision,
}

/// Visibility of each question plus the slots the conditions read.
pub(crate) struct Resolved {
    pub slots: Vec<Slot>,
    pub visible: Vec<bool>,
    pub invalid: Vec<String>,
}

impl Item {
    /// Evaluate the item for the answers given so far.
    pub fn evaluate(&self, answers: &Answers) -> Evaluation {
        let resolved = self.resolve(answers);
        let slots = &resolved.slots;

        let rejection = self
            .rejections
            .iter()
            .find(|r| r.when.eval(slots) == Some(true));
        let mut next_questions = Vec::new();
        let mut answered = Vec::new();
        for (i, rule) in self.questions.iter().enumerate() {
            if !resolved.visible[i] {
                continue;
            }
            if slots[i] == Slot::Pending {
                next_questions.push(rule.question.clone());
            } else {
                answered.push(rule.question.id.clone());
            }
        }
        let ignored_answers = answers
            .keys()
            .filter(|id| {
                !self
                    .questions
                    .iter()
                    .enumerate()
                    .any(|(i, q)| resolved.visible[i] && &q.question.id == *id)
            })
            .filter(|id| !resolved.invalid.contains(id))
            .cloned()
            .collect();

        let decision = match rejection {
            Some(r) => {
                // Once the case is ruled out, asking more would waste the citizen's time.
                next_questions.clear();
                Decision::NotAcceptable {
                    kind: r.kind,
                    reason: r.reason.clone(),
                    basis: r.basis.clone(),
                    refer_to: r.refer_to.clone().or_else(|| {
                        (r.kind == RejectionKind::OutOfRemit).then(|| self.info.refer_to.clone())
                    }),
                }
            }
            None if !next_questions.is_empty() => Decision::Incomplete {
                missing: next_questions.iter().map(|q| q.id.clone()).collect(),
            },
            None => Decision::Acceptable,
        };

        let (promised_limit, promised_note) = self
            .time_rules
            .iter()
            .find(|t| t.when.eval(slots) == Some(true))
            .map_or((self.info.promised_limit, None), |t| {
                (t.promised, t.note.clone())
            });

        Evaluation {
            item: self.info.basic_code.clone(),
            item_version: self.info.version.clone(),
            next_questions,
            answered,
            ignored_answers,
            invalid_answers: resolved.invalid,
            checklist: self
                .materials
                .iter()
                .filter_map(|m| checklist_line(m, slots))
                .collect(),
            promised_limit,
            promised_note,
            legal_limit: self.info.legal_limit,
            decision,
        }
    }

    /// Decide which questions are shown and turn valid answers into slots, in dependency order.
    pub(crate) fn resolve(&self, answers: &Answers) -> Resolved {
        let n = self.questions.len();
        let mut slots = vec![Slot::Pending; n];
        let mut visible = vec![false; n];
        let mut invalid = Vec::new();
        for &i in &self.eval_order {
            let rule = &self.questions[i];
            let shown = rule.show_if.as_ref().map_or(Some(true), |c| c.eval(&slots));
            slots[i] = match shown {
                Some(false) => Slot::Hidden,
                // Not decidable yet: the question it depends on comes first.
                None => Slot::Pending,
                Some(true) => {
                    visible[i] = true;
                    match answers.get(&rule.question.id) {
                        None => Slot::Pending,
                        Some(answer) => slot_of(&rule.question, answer).unwrap_or_else(|| {
                            invalid.push(rule.question.id.clone());
                            Slot::Pending
                        }),
                    }
                }
            };
        }
        Resolved {
            slots,
            visible,
            invalid,
        }
    }
}

fn slot_of(question: &Question, answer: &AnswerValue) -> Option<Slot> {
    let option = |id: &str| question.options.iter().position(|o| o.id == id);
    match (question.kind, answer) {
        (QuestionKind::Single, AnswerValue::Choice(id)) => option(id).map(Slot::Choice),
        (QuestionKind::Multi, AnswerValue::Choices(ids)) => {
            let mut bits = 0u64;
            for id in ids {
                bits |= 1u64 << option(id)?;
            }
            Some(Slot::Choices(bits))
        }
        (QuestionKind::YesNo, AnswerValue::YesNo(b)) => Some(Slot::YesNo(*b)),
        (QuestionKind::Number, AnswerValue::Number(n)) => {
            let low = question.min.is_none_or(|min| *n >= min);
            let high = question.max.is_none_or(|max| *n <= max);
            (low && high).then_some(Slot::Number(*n))
        }
        (QuestionKind::Date, AnswerValue::Date(d)) => Some(Slot::Date(*d)),
        _ => None,
    }
}

fn checklist_line(m: &MaterialLine, slots: &[Slot]) -> Option<ChecklistLine> {
    if let Some(when) = &m.when {
        if when.eval(slots) != Some(true) {
            return None;
        }
    }
    let mut originals = m.originals;
    let mut copies = m.copies;
    let mut necessity = m.necessity;
    let mut notes: Vec<String> = m.note.iter().cloned().collect();
    let mut points: Vec<String> = m.def.points.iter().chain(&m.points).cloned().collect();
    for v in &m.variants {
        if v.when.eval(slots) != Some(true) {
            continue;
        }
        originals = v.originals.unwrap_or(originals);
        copies = v.copies.unwrap_or(copies);
        necessity = v.necessity.unwrap_or(necessity);
        notes.extend(v.note.iter().cloned());
        points.extend(v.points.iter().cloned());
    }
    if let Some(q) = m.times {
        // One set per person counted by the answer; none when the answer is 0.
        let factor = match slots.get(q) {
            Some(Slot::Number(n)) => u32::try_from(*n).unwrap_or(0),
            _ => 1,
        };
        originals = originals.saturating_mul(factor);
        copies = copies.saturating_mul(factor);
    }
    if originals == 0 && copies == 0 {
        return None;
    }
    Some(ChecklistLine {
        id: m.id.clone(),
        material: m.def.id.clone(),
        name: m.name.clone().unwrap_or_else(|| m.def.name.clone()),
        holder: m.holder,
        originals,
        copies,
        necessity,
        points,
        notes,
        standard: m.def.standard.clone(),
        issuer: m.def.issuer.clone(),
        form: m.def.form.clone(),
        sharing: m.def.sharing.clone(),
        pages: m.def.pages,
    })
}
