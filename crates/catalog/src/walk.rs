//! Walking every situation of an item: answer the next question with each representative
//! value until nothing is left to ask. Used by the tests (every combination of every item must
//! reach a decision), the benchmarks, and any reviewer who wants to see what a change does.
//!
//! Number and date questions are walked with the boundary values their conditions use
//! (threshold − 1, threshold, threshold + 1, clamped to the question's range), which reaches
//! every distinct outcome the rules can produce.

use std::collections::{BTreeSet, HashSet};

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::condition::{Condition, Test};
use crate::engine::{ChecklistLine, Decision, Evaluation};
use crate::model::{AnswerValue, Answers, Item, QuestionKind};

/// Above this many options, multiple choice is walked as none, each one alone, and all.
const MAX_SUBSET_OPTIONS: usize = 6;

/// What a walk over every situation found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WalkReport {
    /// Complete answer combinations (leaves of the question tree).
    pub combinations: u64,
    /// Of which acceptable.
    pub acceptable: u64,
    /// Of which not acceptable.
    pub not_acceptable: u64,
    /// Different checklists among the acceptable combinations.
    pub distinct_checklists: u64,
    /// Most questions answered on one path.
    pub deepest: u32,
}

impl Item {
    /// The values the walk tries for a question (empty when the id is unknown).
    pub fn representative_answers(&self, question_id: &str) -> Vec<AnswerValue> {
        let Some(index) = self
            .questions
            .iter()
            .position(|q| q.question.id == question_id)
        else {
            return Vec::new();
        };
        let q = &self.questions[index].question;
        match q.kind {
            QuestionKind::Single => q
                .options
                .iter()
                .map(|o| AnswerValue::Choice(o.id.clone()))
                .collect(),
            QuestionKind::YesNo => vec![AnswerValue::YesNo(false), AnswerValue::YesNo(true)],
            QuestionKind::Multi => subsets(q.options.len())
                .into_iter()
                .map(|bits| {
                    AnswerValue::Choices(
                        q.options
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| bits & (1u64 << i) != 0)
                            .map(|(_, o)| o.id.clone())
                            .collect(),
                    )
                })
                .collect(),
            QuestionKind::Number => {
                let min = q.min.unwrap_or(0);
                let mut values = BTreeSet::from([min]);
                self.for_each_test_on(index, |test| match test {
                    Test::Number(_, v) => values.extend([v - 1, *v, v + 1]),
                    Test::NumberIn(vs) => vs.iter().for_each(|v| {
                        values.extend([*v, v + 1]);
                    }),
                    _ => {}
                });
                if self.materials.iter().any(|m| m.times == Some(index)) {
                    values.extend([1, 2]);
                }
                if values.len() == 1 {
                    values.insert(min + 1);
                }
                values
                    .into_iter()
                    .filter(|v| *v >= min && q.max.is_none_or(|max| *v <= max))
                    .map(AnswerValue::Number)
                    .collect()
            }
            QuestionKind::Date => {
                let mut values = BTreeSet::new();
                self.for_each_test_on(index, |test| {
                    if let Test::Date(_, d) = test {
                        values.insert(*d);
                        values.extend(d.checked_sub_days(Days::new(1)));
                        values.extend(d.checked_add_days(Days::new(1)));
                    }
                });
                if values.is_empty() {
                    values.extend(NaiveDate::from_ymd_opt(2000, 1, 1));
                }
                values.into_iter().map(AnswerValue::Date).collect()
            }
        }
    }

    /// Walk every situation, calling `visit` at each complete combination.
    pub fn walk_situations(&self, mut visit: impl FnMut(&Answers, &Evaluation)) -> WalkReport {
        let mut report = WalkReport::default();
        let mut checklists: HashSet<Vec<ChecklistLine>> = HashSet::new();
        let mut answers = Answers::new();
        self.walk_from(&mut answers, 0, &mut report, &mut checklists, &mut visit);
        report.distinct_checklists = checklists.len() as u64;
        report
    }

    fn walk_from(
        &self,
        answers: &mut Answers,
        depth: u32,
        report: &mut WalkReport,
        checklists: &mut HashSet<Vec<ChecklistLine>>,
        visit: &mut impl FnMut(&Answers, &Evaluation),
    ) {
        let evaluation = self.evaluate(answers);
        let Some(next) = evaluation.next_questions.first() else {
            report.combinations += 1;
            report.deepest = report.deepest.max(depth);
            match &evaluation.decision {
                Decision::Acceptable => {
                    report.acceptable += 1;
                    if !checklists.contains(&evaluation.checklist) {
                        checklists.insert(evaluation.checklist.clone());
                    }
                }
                Decision::NotAcceptable { .. } => report.not_acceptable += 1,
                Decision::Incomplete { .. } => {}
            }
            visit(answers, &evaluation);
            return;
        };
        let id = next.id.clone();
        for value in self.representative_answers(&id) {
            answers.insert(id.clone(), value);
            self.walk_from(answers, depth + 1, report, checklists, visit);
        }
        answers.remove(&id);
    }

    /// Every test any rule of the item makes on one question.
    fn for_each_test_on(&self, question: usize, mut f: impl FnMut(&Test)) {
        let mut visit = |c: &Condition| {
            c.for_each_test(&mut |q, t| {
                if q == question {
                    f(t);
                }
            });
        };
        self.questions
            .iter()
            .filter_map(|q| q.show_if.as_ref())
            .for_each(&mut visit);
        for m in &self.materials {
            m.when.iter().for_each(&mut visit);
            m.variants.iter().for_each(|v| visit(&v.when));
        }
        self.rejections.iter().for_each(|r| visit(&r.when));
        self.time_rules.iter().for_each(|t| visit(&t.when));
    }
}

/// Bit sets of the option subsets to try.
fn subsets(options: usize) -> Vec<u64> {
    if options <= MAX_SUBSET_OPTIONS {
        return (0..(1u64 << options)).collect();
    }
    let all = if options >= 64 {
        u64::MAX
    } else {
        (1u64 << options) - 1
    };
    let mut sets = vec![0];
    sets.extend((0..options).map(|i| 1u64 << i));
    sets.push(all);
    sets
}
