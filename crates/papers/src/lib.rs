//! Papers as PDF: acceptance receipts (受理回执), one-time notices (一次性告知书), rejection
//! notices (不予受理通知书) and material hand-over vouchers (物料流转凭证).
//!
//! ```no_run
//! use ow_papers::{FontSearch, PaperRenderer, PrintSettings, ReceiptData, Templates};
//!
//! fn print(receipt: &ReceiptData) -> Result<Vec<u8>, ow_papers::PapersError> {
//!     // Build once at start-up: parsing the font is the slow part.
//!     let renderer = PaperRenderer::new(FontSearch::default().load()?, Templates::embedded()?);
//!     Ok(renderer.receipt(receipt, &PrintSettings::default())?.bytes)
//! }
//! ```
//!
//! - Chinese text is real text in a subset-embedded CJK font, so it can be searched and
//!   copied, and a missing font is an error ([`PapersError::FontMissing`]) — never boxes.
//! - Wording, hall details and images come from a TOML template ([`Templates`]).
//! - Sandbox papers carry a diagonal "培训 · TRAINING" watermark on every page and must use a
//!   training document number ([`NumberSeries`]).

mod codes;
mod data;
mod error;
mod font;
mod layout;
mod number;
mod papers;
mod template;

pub use data::{
    LimitUnit, MaterialLine, MaterialProblem, NoticeData, NoticeMaterial, PageFormat, Party,
    PickupRecordData, PrintSettings, PromisedLimit, RatingLink, ReceiptData, RejectionData,
    RejectionReason, SyncState, TrainingReportData, TrainingReportRow, VisitItem, VisitOutcome,
    VisitReceiptData, VoucherData,
};
pub use error::{PapersError, Result};
pub use font::{CjkFont, FontCandidate, FontSearch};
pub use number::{DocumentNumber, NumberSeries, PaperKind, TRAINING_MARK};
pub use papers::{Paper, PaperRenderer};
pub use template::{TemplateText, Templates, OVERRIDE_FILE};
