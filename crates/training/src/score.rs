//! The score of a trainee's play: the decided case against its scenario. Pure.

use crate::expect::{expected_lines, LineExpectation};
use crate::model::Scenario;
use ow_case::{CaseDecision, DecisionKind, LineMark, RejectGround};
use ow_catalog::{AnswerValue, Item, RejectionKind};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Points for the right decision; the lines and the defects share the rest.
const DECISION_POINTS: u32 = 40;
const LINE_POINTS: u32 = 40;
const DEFECT_POINTS: u32 = 20;

/// One checklist line: what was right, what the trainee did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ScoreLine {
    pub line: String,
    pub name: String,
    pub expected: LineExpectation,
    pub mark: LineMark,
    pub right: bool,
}

/// One step of the right path, for the trainee to compare with their own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum PathStep {
    /// Put the card on the reader (or open the chip) and take the read.
    ReadCard { card: String, agent: bool },
    /// Choose the item.
    ChooseItem { name: String },
    /// Answer a situation question.
    Answer { question: String, answer: String },
    /// Treat a checklist line so.
    Line {
        name: String,
        expected: LineExpectation,
    },
    /// Decide.
    Decide {
        decision: DecisionKind,
        ground: Option<RejectionKind>,
    },
}

/// How a play went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Score {
    pub scenario: String,
    /// 0 to 100; a play that gets everything right scores exactly 100.
    pub points: u32,
    pub decision: DecisionKind,
    pub expected_decision: DecisionKind,
    pub decision_right: bool,
    /// Lines the scenario expects something of (optional lines not brought are left out).
    pub lines: Vec<ScoreLine>,
    pub defects_planted: u32,
    pub defects_caught: u32,
    pub seconds: u32,
    pub target_seconds: u32,
    /// Papers issued for the case (receipt, notice, voucher …).
    pub papers: u32,
    pub path: Vec<PathStep>,
}

fn ground_kind(g: &RejectGround) -> RejectionKind {
    match g {
        RejectGround::OutOfRemit { .. } => RejectionKind::OutOfRemit,
        RejectGround::NotEligible { .. } => RejectionKind::NotEligible,
        _ => RejectionKind::Other,
    }
}

/// Scores `decision` (the decided case's) against `scenario`; `item` is the scenario's item.
pub fn score(
    scenario: &Scenario,
    item: &Item,
    decision: &CaseDecision,
    seconds: u32,
    papers: u32,
) -> Score {
    let eval = item.evaluate(&scenario.answers);
    let expected = expected_lines(scenario, &eval.checklist);
    let mark_of = |id: &str| {
        decision
            .lines
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.mark.clone())
            .unwrap_or_default()
    };
    let lines: Vec<ScoreLine> = expected
        .iter()
        .filter(|(_, e)| *e != LineExpectation::Free)
        .map(|(line, e)| {
            let mark = mark_of(&line.id);
            ScoreLine {
                line: line.id.clone(),
                name: line.name.clone(),
                expected: *e,
                right: e.met_by(&mark),
                mark,
            }
        })
        .collect();
    let want = &scenario.expected;
    let decision_right = decision.kind == want.decision
        && (want.decision != DecisionKind::Reject
            || decision.ground.as_ref().map(ground_kind) == want.ground);
    let planted: Vec<&ScoreLine> = lines
        .iter()
        .filter(|l| matches!(l.expected, LineExpectation::Flag { .. }))
        .collect();
    let caught = planted.iter().filter(|l| l.right).count();
    let right = lines.iter().filter(|l| l.right).count();
    let share = |points: u32, got: usize, of: usize| {
        if of == 0 {
            points
        } else {
            points * u32::try_from(got).unwrap_or(0) / u32::try_from(of).unwrap_or(1)
        }
    };
    let points = if decision_right { DECISION_POINTS } else { 0 }
        + share(LINE_POINTS, right, lines.len())
        + share(DEFECT_POINTS, caught, planted.len());
    Score {
        scenario: scenario.id.clone(),
        points,
        decision: decision.kind,
        expected_decision: want.decision,
        decision_right,
        defects_planted: u32::try_from(planted.len()).unwrap_or(0),
        defects_caught: u32::try_from(caught).unwrap_or(0),
        lines,
        seconds,
        target_seconds: scenario.target_seconds,
        papers,
        path: right_path(scenario, item, &expected),
    }
}

/// The right path, step by step: read, choose, answer in asking order, each line, decide.
fn right_path(
    s: &Scenario,
    item: &Item,
    lines: &[(&ow_catalog::ChecklistLine, LineExpectation)],
) -> Vec<PathStep> {
    let mut path = vec![PathStep::ReadCard {
        card: s.applicant_card.clone(),
        agent: false,
    }];
    if let Some(agent) = &s.agent_card {
        path.push(PathStep::ReadCard {
            card: agent.clone(),
            agent: true,
        });
    }
    path.push(PathStep::ChooseItem {
        name: s.item_name.clone(),
    });
    for q in item.questions() {
        let Some(answer) = s.answers.get(&q.id) else {
            continue;
        };
        let label = |id: &str| {
            q.options
                .iter()
                .find(|o| o.id == id)
                .map_or_else(|| id.to_owned(), |o| o.label.clone())
        };
        let answer = match answer {
            AnswerValue::Choice(id) => label(id),
            AnswerValue::Choices(ids) => {
                ids.iter().map(|i| label(i)).collect::<Vec<_>>().join("、")
            }
            AnswerValue::YesNo(true) => "是".into(),
            AnswerValue::YesNo(false) => "否".into(),
            AnswerValue::Number(n) => format!("{n}{}", q.unit.as_deref().unwrap_or("")),
            AnswerValue::Date(d) => d.to_string(),
        };
        path.push(PathStep::Answer {
            question: q.text.clone(),
            answer,
        });
    }
    path.extend(
        lines
            .iter()
            .filter(|(_, e)| *e != LineExpectation::Free)
            .map(|(line, e)| PathStep::Line {
                name: line.name.clone(),
                expected: *e,
            }),
    );
    path.push(PathStep::Decide {
        decision: s.expected.decision,
        ground: s.expected.ground,
    });
    path
}
