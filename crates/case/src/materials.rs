//! What the clerk recorded for each checklist line (收件情况).

use serde::{Deserialize, Serialize};
use specta::Type;

/// The state of one checklist line. A line with nothing recorded is [`LineMark::Pending`]:
/// at decision time that means "not supplied".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(tag = "mark", rename_all = "snake_case")]
pub enum LineMark {
    /// Nothing recorded yet.
    #[default]
    Pending,
    /// Received: the original seen and the copies taken, or pages scanned that passed the checks.
    Received,
    /// Supplied but not acceptable; goes on the one-time notice with the reason.
    Defective { reason: String },
    /// 容缺: accepted without it; the applicant supplies it later. Only for 容缺 lines.
    Deferred,
    /// Replaced by a data-sharing check or an electronic licence (数据共享/电子证照).
    DataCheck,
}

impl LineMark {
    /// Whether the line counts as supplied for acceptance.
    pub fn is_supplied(&self) -> bool {
        matches!(self, Self::Received | Self::DataCheck)
    }
}
