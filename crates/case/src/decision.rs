//! The decision at the window: accept, one-time notice of what is missing, or reject.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Which decision the clerk made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// 受理: the case goes to the back office.
    Accept,
    /// 一次性告知: every missing or defective material, at once.
    Notice,
    /// 不予受理.
    Reject,
}

/// Why a case is rejected: the legal list printed on the 不予受理通知书.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RejectGround {
    /// Not within this hall's remit; the competent department is named.
    OutOfRemit { competent_department: String },
    /// Materials not supplied within the time given after a one-time notice.
    NotSuppliedAfterNotice { notice_number: Option<String> },
    /// Still non-compliant after supplementing.
    StillNonCompliant { detail: String },
    /// The applicant is not eligible.
    NotEligible { detail: String },
    /// Another legal reason, in words.
    Other { text: String },
}

/// The decision recorded on a case. Once set, the case's content is frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CaseDecision {
    pub kind: DecisionKind,
    pub decided_at: DateTime<Utc>,
    /// The number printed on the paper and used at the back office (受理编号 for an accepted
    /// case). Unique across the hall without a server: it carries the window's code.
    pub case_number: String,
    /// The paper's document number (文书编号).
    pub document_number: String,
    /// Accepted cases: the promised completion date, when the calendar covers it.
    pub promised_by: Option<NaiveDate>,
    /// Accepted cases: the promised time limit, counted in `promised_unit`.
    pub promised_days: Option<u32>,
    /// The unit of `promised_days` (working days when absent: cases decided before the unit
    /// was recorded were all counted in working days).
    #[serde(default)]
    pub promised_unit: Option<ow_catalog::TimeUnit>,
    /// Accepted cases with paper originals for the back office: the number of the
    /// hand-over voucher (物料流转凭证) drawn with the decision.
    #[serde(default)]
    pub voucher_number: Option<String>,
    /// Notices: the checklist line ids listed as missing or defective.
    pub listed_lines: Vec<String>,
    /// Rejections: the ground.
    pub ground: Option<RejectGround>,
    /// The checklist as it stood at the decision, so papers and reprints never depend on a
    /// later catalog.
    pub lines: Vec<DecidedLine>,
    /// The department and back-office queue the case goes to.
    pub department: String,
    pub queue: String,
    /// The legal basis printed on the receipt, when the item names one.
    pub basis: Option<String>,
    /// Accepted cases with owed (容缺) lines: the last day to bring them.
    #[serde(default)]
    pub owed_by: Option<NaiveDate>,
    /// Accepted cases: the last working day on which the department may still return the case
    /// for supplement (行政许可法 第三十二条, five working days from receipt).
    #[serde(default)]
    pub notice_by: Option<NaiveDate>,
}

/// One checklist line frozen at the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DecidedLine {
    pub id: String,
    pub name: String,
    pub originals: u32,
    pub copies: u32,
    /// Whether the line had to be supplied for acceptance (required or conditional).
    pub required: bool,
    /// 容缺: may be supplied later.
    pub deferrable: bool,
    pub mark: crate::LineMark,
    /// The standard it must meet (printed on a one-time notice).
    pub standard: String,
}
