//! Document numbers (文书编号): formatting and a pure, offline allocator.
//!
//! The caller stores the last number it used and hands it back; [`NumberSeries::next`] returns
//! the following one. Uniqueness without a server comes from the prefix: paper kind + hall +
//! workstation, so two windows can never draw the same number, and training papers have a
//! series of their own (prefix starting with the training mark) so they cannot be mistaken for
//! real ones. Sequences restart each year but a clock that goes backwards never reuses a number.

use crate::error::{PapersError, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which paper a number belongs to; each kind has its own series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PaperKind {
    /// 受理回执
    Receipt,
    /// 一次性告知书
    Notice,
    /// 不予受理通知书
    Rejection,
    /// 物料流转凭证
    Voucher,
    /// 办事回执: one paper for a visit with several items, each with its number and date.
    VisitReceipt,
    /// 领取凭证: the record of a result handed to its collector at the window.
    PickupRecord,
    /// 培训成绩单: a trainee's scored plays (training only).
    TrainingReport,
}

impl PaperKind {
    /// Two-letter series code (pinyin initials: 受理 SL, 告知 GZ, 不予 BY, 流转 LZ, 汇总 HZ,
    /// 领取 LQ, 成绩 CJ).
    pub fn code(self) -> &'static str {
        match self {
            Self::Receipt => "SL",
            Self::Notice => "GZ",
            Self::Rejection => "BY",
            Self::Voucher => "LZ",
            Self::VisitReceipt => "HZ",
            Self::PickupRecord => "LQ",
            Self::TrainingReport => "CJ",
        }
    }
}

/// A document number: `{prefix}{year}{seq:06}`, e.g. `SL-4419001-W03-2025000042`, or
/// `PX-SL-4419001-W03-2025000001` in the training series.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub struct DocumentNumber {
    /// Series prefix, including the training mark when `training`.
    pub prefix: String,
    /// Calendar year of the sequence.
    pub year: i32,
    /// Sequence number within the year, from 1.
    pub seq: u32,
    /// Whether this number belongs to a training (sandbox) series.
    pub training: bool,
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{:06}", self.prefix, self.year, self.seq)
    }
}

/// Largest sequence that still fits the six-digit field.
const MAX_SEQ: u32 = 999_999;

/// The mark that starts every training prefix (培训 → PX).
pub const TRAINING_MARK: &str = "PX-";

/// One series: a paper kind at one workstation of one hall, production or training.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct NumberSeries {
    /// Which paper.
    pub kind: PaperKind,
    /// The hall's code (e.g. its department code).
    pub hall: String,
    /// The workstation's code, unique within the hall.
    pub workstation: String,
    /// Training series (sandbox mode).
    pub training: bool,
}

impl NumberSeries {
    /// A series for `kind` at `hall`/`workstation`.
    pub fn new(
        kind: PaperKind,
        hall: impl Into<String>,
        workstation: impl Into<String>,
        training: bool,
    ) -> Result<Self> {
        let s = Self {
            kind,
            hall: hall.into(),
            workstation: workstation.into(),
            training,
        };
        for (what, v) in [("hall", &s.hall), ("workstation", &s.workstation)] {
            // The prefix must parse back unambiguously: no separators, no digits-only tail
            // confusion with the year, so only ASCII letters and digits.
            if v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(PapersError::InvalidData(format!(
                    "{what} code must be non-empty ASCII letters/digits"
                )));
            }
        }
        Ok(s)
    }

    /// The prefix every number of this series carries.
    pub fn prefix(&self) -> String {
        let mark = if self.training { TRAINING_MARK } else { "" };
        format!(
            "{mark}{}-{}-{}-",
            self.kind.code(),
            self.hall,
            self.workstation
        )
    }

    /// The number after `last` (or the first of `year` when there is none).
    ///
    /// `year` is today's year at the workstation. If the clock says an earlier year than
    /// `last`, the sequence of `last`'s year continues, so no number is ever issued twice.
    pub fn next(&self, last: Option<&DocumentNumber>, year: i32) -> Result<DocumentNumber> {
        let prefix = self.prefix();
        let (year, seq) = match last {
            None => (year, 1),
            Some(l) => {
                if l.prefix != prefix || l.training != self.training {
                    return Err(PapersError::SeriesMismatch(format!(
                        "last number {l} is not of series {prefix}"
                    )));
                }
                if year > l.year {
                    (year, 1)
                } else if l.seq >= MAX_SEQ {
                    return Err(PapersError::SeriesExhausted {
                        prefix,
                        year: l.year,
                    });
                } else {
                    (l.year, l.seq + 1)
                }
            }
        };
        Ok(DocumentNumber {
            prefix,
            year,
            seq,
            training: self.training,
        })
    }
}

impl DocumentNumber {
    /// Checks the number matches the mode it is printed in: training papers need training
    /// numbers and production papers production ones.
    pub(crate) fn check_mode(&self, sandbox: bool) -> Result<()> {
        let marked = self.prefix.starts_with(TRAINING_MARK);
        match (sandbox, self.training && marked) {
            (true, false) => Err(PapersError::SeriesMismatch(format!(
                "sandbox papers need a training number, got {self}"
            ))),
            (false, _) if self.training || marked => Err(PapersError::SeriesMismatch(format!(
                "training number {self} cannot be printed on a production paper"
            ))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(training: bool) -> NumberSeries {
        NumberSeries::new(PaperKind::Receipt, "4419001", "W03", training).unwrap()
    }

    #[test]
    fn formats_prefix_year_and_six_digit_sequence() {
        let n = series(false).next(None, 2025).unwrap();
        assert_eq!(n.to_string(), "SL-4419001-W03-2025000001");
        let t = series(true).next(None, 2025).unwrap();
        assert_eq!(t.to_string(), "PX-SL-4419001-W03-2025000001");
    }

    #[test]
    fn continues_restarts_yearly_and_never_goes_back() {
        let s = series(false);
        let a = s.next(None, 2025).unwrap();
        let b = s.next(Some(&a), 2025).unwrap();
        assert_eq!(b.seq, 2);
        let c = s.next(Some(&b), 2026).unwrap();
        assert_eq!((c.year, c.seq), (2026, 1));
        // Clock set back a year: keep counting in 2026.
        let d = s.next(Some(&c), 2025).unwrap();
        assert_eq!((d.year, d.seq), (2026, 2));
    }

    #[test]
    fn rejects_foreign_series_and_exhaustion() {
        let prod = series(false).next(None, 2025).unwrap();
        let err = series(true).next(Some(&prod), 2025).unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "papers.series_mismatch");
        let mut last = prod;
        last.seq = MAX_SEQ;
        let err = series(false).next(Some(&last), 2025).unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "papers.series_exhausted");
    }

    #[test]
    fn workstations_have_disjoint_series() {
        let a = NumberSeries::new(PaperKind::Notice, "H1", "W01", false).unwrap();
        let b = NumberSeries::new(PaperKind::Notice, "H1", "W02", false).unwrap();
        let na = a.next(None, 2025).unwrap().to_string();
        let nb = b.next(None, 2025).unwrap().to_string();
        assert_ne!(na, nb);
        assert!(NumberSeries::new(PaperKind::Notice, "H-1", "W01", false).is_err());
    }

    #[test]
    fn mode_check_keeps_training_and_production_apart() {
        let t = series(true).next(None, 2025).unwrap();
        let p = series(false).next(None, 2025).unwrap();
        assert!(t.check_mode(true).is_ok());
        assert!(p.check_mode(false).is_ok());
        assert!(t.check_mode(false).is_err());
        assert!(p.check_mode(true).is_err());
    }
}
