//! What a good clerk does with each checklist line of a scenario: one rule, used by the
//! loader (is the written outcome the right one?) and by the scorer (was the trainee right?).

use crate::model::{Defect, Scenario};
use ow_case::{DecisionKind, LineMark};
use ow_catalog::{ChecklistLine, Necessity};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The right treatment of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "expect", rename_all = "snake_case")]
pub enum LineExpectation {
    /// A good paper was handed over: received.
    Receive,
    /// Not on paper; a data-sharing check replaces it.
    DataCheck,
    /// A paper with a planted defect: not received (defective, on the notice).
    Flag { defect: Defect },
    /// A paper that must be supplied and was not brought: not received (on the notice).
    Missing,
    /// 容缺, not brought, the case accepted: owed.
    Owed,
    /// Nothing is expected (an optional line not brought).
    Free,
}

impl LineExpectation {
    /// Whether the trainee's mark is the right one.
    pub fn met_by(self, mark: &LineMark) -> bool {
        match self {
            Self::Receive => mark.is_supplied(),
            Self::DataCheck => *mark == LineMark::DataCheck,
            Self::Flag { .. } | Self::Missing => !mark.is_supplied(),
            Self::Owed => *mark == LineMark::Deferred,
            Self::Free => true,
        }
    }

    /// Whether the line stands in the way of acceptance (a notice lists it).
    pub fn blocks(self) -> bool {
        matches!(self, Self::Flag { .. } | Self::Missing)
    }
}

/// The right treatment of every line of `checklist` (the item's, for the scenario's answers).
pub fn expected_lines<'c>(
    scenario: &Scenario,
    checklist: &'c [ChecklistLine],
) -> Vec<(&'c ChecklistLine, LineExpectation)> {
    checklist
        .iter()
        .map(|line| {
            let must = matches!(line.necessity, Necessity::Required | Necessity::Conditional);
            let expect = match scenario.document(&line.id) {
                Some(doc) => match doc.defect {
                    Some(defect) => LineExpectation::Flag { defect },
                    None => LineExpectation::Receive,
                },
                None if scenario.data_checks.contains(&line.id) => LineExpectation::DataCheck,
                None if must => LineExpectation::Missing,
                None if line.necessity == Necessity::Tolerated
                    && scenario.expected.decision == DecisionKind::Accept =>
                {
                    LineExpectation::Owed
                }
                None => LineExpectation::Free,
            };
            (line, expect)
        })
        .collect()
}
