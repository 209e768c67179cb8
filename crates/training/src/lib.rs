//! Training for new clerks: a library of scenarios and the score of a trainee's play.
//!
//! A scenario (`training/scenarios/*.yaml`, one per file, its id the file's stem) is a
//! fictional citizen who comes for one item with the true answers to its situation questions
//! and the papers they hand over — some with planted defects — and the outcome a good clerk
//! reaches. The library is checked against the catalog on load: the answers must be the
//! item's, the papers must fit the checklist those answers give, and the expected outcome
//! must follow from them (a notice lists exactly the lines that are missing or defective).
//! Errors name the file and the line, like the catalog's.
//!
//! [`score`] compares a decided case with its scenario; it is pure, so the trainee's window,
//! the trainer's desk and the tests agree.

mod error;
mod expect;
mod load;
mod model;
mod score;

pub use error::TrainingError;
pub use expect::{expected_lines, LineExpectation};
pub use load::{builtin_files, Library};
pub use model::*;
pub use score::{score, PathStep, Score, ScoreLine};
