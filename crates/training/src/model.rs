//! A scenario as the window, the trainer's desk and the scorer see it (validated; see `load`).

use ow_case::DecisionKind;
use ow_catalog::{Answers, RejectionKind};
use serde::{Deserialize, Serialize};
use specta::Type;

/// What is wrong with a paper the fictional citizen hands over.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Defect {
    /// The scan is out of focus (the page checks report it).
    Blurred,
    /// An empty sheet where the page should be (the page checks report it).
    Blank,
    /// Only the front: the back side is missing (the line counts too few pages).
    MissingBack,
    /// The document's validity has ended (read it from what the paper says).
    Expired,
    /// The name on the paper is not the applicant's (or the spouse's, …).
    NameMismatch,
    /// The ID number on the paper is not the holder's.
    NumberMismatch,
    /// The paper is of the wrong year or period.
    WrongYear,
}

impl Defect {
    /// Defects that show in the scanned pages themselves; the others are in what the paper
    /// says and only a careful reading catches them.
    pub fn on_the_page(self) -> bool {
        matches!(self, Self::Blurred | Self::Blank | Self::MissingBack)
    }
}

/// A paper the citizen hands over, for one checklist line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Document {
    /// The checklist line it is for.
    pub line: String,
    /// The line's name, as the checklist prints it.
    pub name: String,
    /// What the paper says (who it names, its date …), as the trainee would read it.
    pub says: String,
    /// How many pages the scan has.
    pub pages: u32,
    pub defect: Option<Defect>,
}

/// The outcome a good clerk reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Expected {
    pub decision: DecisionKind,
    /// A notice: exactly these lines are listed.
    pub lines: Vec<String>,
    /// An acceptance: these 容缺 lines are owed.
    pub owed: Vec<String>,
    /// A rejection: on this ground.
    pub ground: Option<RejectionKind>,
}

/// One training scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Scenario {
    /// The file's stem, e.g. `tkpo-blurred-marriage`.
    pub id: String,
    /// The file, relative to the library, for the trainer and for errors.
    pub file: String,
    pub title: String,
    /// 1 入门, 2 进阶, 3 困难.
    pub level: u8,
    /// What the scenario teaches, in a sentence.
    pub teaches: String,
    pub item_code: String,
    pub item_name: String,
    /// The department's short name (户政, 治安 …).
    pub department: String,
    /// The applicant's card in the simulator's gallery (put on the virtual reader).
    pub applicant_card: String,
    /// The agent's (代办人) card, when someone comes on the applicant's behalf.
    pub agent_card: Option<String>,
    /// The true answers to the item's situation questions.
    pub answers: Answers,
    /// The papers handed over, in the order the citizen hands them.
    pub documents: Vec<Document>,
    /// Lines not brought on paper that a data-sharing check replaces.
    pub data_checks: Vec<String>,
    pub expected: Expected,
    /// What a practised clerk needs, in seconds.
    pub target_seconds: u32,
}

impl Scenario {
    /// The paper handed over for a line, if any.
    pub fn document(&self, line: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.line == line)
    }
}
