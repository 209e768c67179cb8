//! Service items, situation questions, the checklist engine and item search.
//!
//! - [`Catalog`]: one validated catalog version, loaded all-or-nothing from a directory
//!   ([`Catalog::load_dir`]), from (file name, text) pairs sent by the back office
//!   ([`Catalog::load_files`]), or from the copy built into the binary ([`Catalog::builtin`]).
//! - [`Item::evaluate`]: answers so far → next questions, checklist, promised limit, decision.
//! - [`Catalog::search`]: name, code prefix, pinyin initials, keywords, department.
//! - [`Item::walk_situations`]: every answer combination of an item, for checks and review.
//!
//! The file format and the condition language are described in this crate's README.

mod condition;
mod embedded;
mod engine;
mod error;
mod item_build;
mod load;
mod model;
mod raw;
mod search;
mod walk;

pub use condition::InvalidAnswer;
pub use embedded::builtin_files;
pub use engine::{ChecklistLine, Decision, Evaluation};
pub use error::{CatalogError, Location};
pub use load::FORMAT_VERSION;
pub use model::{
    AnswerValue, Answers, Catalog, ChoiceOption, DataSharing, Department, HandlingArea, Holder,
    Item, ItemSummary, MaterialDef, Necessity, Question, QuestionKind, RejectionKind, SharingMode,
    SourceRef, TimeLimit, TimeUnit,
};
pub use search::{MatchKind, SearchHit, SearchOptions};
pub use walk::WalkReport;

impl Catalog {
    /// Evaluate the item with this basic or implementation code; `None` if there is none.
    pub fn evaluate(&self, code: &str, answers: &Answers) -> Option<Evaluation> {
        self.item(code).map(|item| item.evaluate(answers))
    }

    /// Summaries of every item, for lists in the UI.
    pub fn summaries(&self) -> Vec<ItemSummary> {
        self.items.iter().map(|i| i.info.clone()).collect()
    }
}
