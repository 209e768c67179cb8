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
    /// Notices: the checklist line ids listed as missing or defective.
    pub listed_lines: Vec<String>,
    /// Rejections: the ground.
    pub ground: Option<RejectGround>,
}
