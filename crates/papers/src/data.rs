//! What the app hands in to print each paper. Plain structs, independent of the catalog and
//! case crates: the app maps its case into them.

use crate::number::DocumentNumber;
use chrono::{NaiveDate, NaiveDateTime};
use ow_pii::{IdNumber, PersonName};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Paper size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PageFormat {
    /// ISO A4 portrait, multi-page when needed.
    #[default]
    A4,
    /// An 80 mm receipt-printer roll: one long page as tall as the content.
    Roll80,
}

/// How this print run differs from a plain first print.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrintSettings {
    /// Paper size.
    pub format: PageFormat,
    /// Sandbox (training) mode: watermark on every page, training numbers required.
    pub sandbox: bool,
    /// Set when this is a reprint: the paper is marked 补打 / REPRINT with this time.
    pub reprint_at: Option<NaiveDateTime>,
}

/// A person on a paper (applicant, agent, contact).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Party {
    /// Full name (or an organisation's name).
    pub name: PersonName,
    /// Kind of ID document, e.g. 居民身份证, 统一社会信用代码.
    pub id_type: Option<String>,
    /// The ID document's number.
    pub id_number: Option<IdNumber>,
    /// Contact telephone.
    pub phone: Option<String>,
}

/// One line of the materials table on a receipt or voucher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MaterialLine {
    /// Material name as in the checklist.
    pub name: String,
    /// Originals received (原件).
    pub originals: u32,
    /// Copies received (复印件).
    pub copies: u32,
    /// Short remark, e.g. 电子证照 / 数据共享 / 容缺后补.
    pub note: Option<String>,
}

/// Whether the back office has confirmed the case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// The back office has the case.
    #[default]
    Confirmed,
    /// Accepted at the window while offline; not yet uploaded (已受理，待上传).
    PendingUpload,
}

/// How a promised time limit is counted (the catalog's units, kept here so the papers crate
/// stays independent of the catalog).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum LimitUnit {
    /// 当场办结: finished at the window; the amount is 0.
    OnTheSpot,
    /// 工作日: weekends and legal holidays excluded, make-up workdays included.
    #[default]
    WorkingDays,
    /// 自然日.
    CalendarDays,
    /// 个月 (calendar months).
    Months,
}

/// The promised time limit printed on a receipt, e.g. 8 working days or 20 natural days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
pub struct PromisedLimit {
    /// How many units; 0 for [`LimitUnit::OnTheSpot`].
    pub amount: u32,
    /// The unit the amount is counted in; picks the template's wording.
    pub unit: LimitUnit,
}

/// 受理回执 — acceptance receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ReceiptData {
    /// The paper's own number (training series in sandbox).
    pub document_number: DocumentNumber,
    /// The case number (办件编号).
    pub case_number: String,
    /// The applicant.
    pub applicant: Party,
    /// The agent (代办人), when someone applies on the applicant's behalf.
    pub agent: Option<Party>,
    /// Service item name.
    pub item_name: String,
    /// Version of the item definition the case was checked against.
    pub item_version: String,
    /// Legal basis for acceptance, printed in the acceptance sentence; template default if none.
    pub basis: Option<String>,
    /// When the application was made.
    pub applied_at: NaiveDateTime,
    /// When it was accepted.
    pub accepted_at: NaiveDateTime,
    /// Materials received.
    pub materials: Vec<MaterialLine>,
    /// Promised time limit with its unit (working days, natural days, months, on the spot).
    pub promised: PromisedLimit,
    /// Promised completion date (computed by the caller: working days on the official
    /// calendar); `None` when the installed calendar does not reach that far yet.
    pub due_date: Option<NaiveDate>,
    /// How the result is collected, overriding the template's wording.
    pub collection: Option<String>,
    /// The accepting clerk's number (工号).
    pub clerk_no: String,
    /// Back-office confirmation state.
    pub sync_state: SyncState,
    /// Where this visit is rated later (好差评), printed as a QR code.
    pub rating: Option<RatingLink>,
}

/// Why a material is on the one-time notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "detail")]
pub enum MaterialProblem {
    /// Not supplied at all (未提交).
    Missing,
    /// Supplied but defective (需补正), with what is wrong.
    Defective(String),
}

/// One line of the one-time notice: a material and the standard it must meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct NoticeMaterial {
    /// Material name.
    pub name: String,
    /// Missing or defective (and how).
    pub problem: MaterialProblem,
    /// The acceptance standard it must meet (收件标准).
    pub standard: String,
    /// Originals and copies required, e.g. "原件1份、复印件1份".
    pub quantity: Option<String>,
}

/// 一次性告知书 — one-time notice of every missing or defective material.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NoticeData {
    /// The paper's own number.
    pub document_number: DocumentNumber,
    /// Case or registration number, when one was given.
    pub case_number: Option<String>,
    /// The applicant.
    pub applicant: Party,
    /// Contact person, when different from the applicant.
    pub contact: Option<Party>,
    /// Service item name.
    pub item_name: String,
    /// Date of application.
    pub applied_on: NaiveDate,
    /// Every missing or defective material — all of them, at once (Art. 32).
    pub materials: Vec<NoticeMaterial>,
    /// When the notice is issued.
    pub issued_at: NaiveDateTime,
    /// Clerk's number.
    pub clerk_no: String,
    /// Clerk's name, when the hall prints it.
    pub clerk_name: Option<String>,
    /// Telephone for questions; template's hall phone when none.
    pub clerk_phone: Option<String>,
    /// Where this visit is rated later (好差评), printed as a QR code.
    pub rating: Option<RatingLink>,
}

/// The reason for refusing an application, from the legal list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RejectionReason {
    /// Not within this agency's remit; apply to the named competent department.
    OutOfRemit {
        /// The department the applicant should go to.
        competent_department: String,
    },
    /// Materials not supplied within the time given after a one-time notice.
    NotSuppliedAfterNotice {
        /// Number of that notice, when known.
        notice_number: Option<String>,
    },
    /// Still non-compliant after supplementing.
    StillNonCompliant {
        /// What still fails.
        detail: String,
    },
    /// The applicant is not eligible.
    ApplicantNotEligible {
        /// Why.
        detail: String,
    },
    /// Any other legal reason, in words.
    Other {
        /// The reason.
        text: String,
    },
}

/// 不予受理通知书 — rejection notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RejectionData {
    /// The paper's own number.
    pub document_number: DocumentNumber,
    /// Case or registration number, when one was given.
    pub case_number: Option<String>,
    /// The applicant.
    pub applicant: Party,
    /// Service item name.
    pub item_name: String,
    /// Date of application.
    pub applied_on: NaiveDate,
    /// The reason, ticked on the paper.
    pub reason: RejectionReason,
    /// When the notice is issued.
    pub issued_at: NaiveDateTime,
    /// Clerk's number.
    pub clerk_no: String,
}

/// 物料流转凭证 — hand-over voucher for paper originals going to the back office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct VoucherData {
    /// The paper's own number.
    pub document_number: DocumentNumber,
    /// The case number (also printed as a Code 128 barcode).
    pub case_number: String,
    /// Service item name.
    pub item_name: String,
    /// The applicant.
    pub applicant: Party,
    /// Where the materials come from (window, e.g. 综合窗口 3 号).
    pub from_window: String,
    /// The receiving back-office department or queue.
    pub to_department: String,
    /// The paper materials handed over.
    pub materials: Vec<MaterialLine>,
    /// When they are handed over.
    pub handed_over_at: NaiveDateTime,
    /// Clerk handing over.
    pub clerk_no: String,
}

/// 领取凭证 — the record of a result handed out at the window, signed by the collector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct PickupRecordData {
    /// The paper's own number.
    pub document_number: DocumentNumber,
    /// The number on the citizen's receipt.
    pub case_number: String,
    /// The back office's case number.
    pub backoffice_number: String,
    /// Service item name (when known).
    pub item_name: Option<String>,
    /// The applicant's name (when known).
    pub applicant_name: Option<String>,
    /// Who collected it, e.g. 申请人本人, 代办人, 他人.
    pub collector: String,
    /// The collector's ID number as checked, masked on the paper.
    pub collector_id: Option<IdNumber>,
    /// Why it went to someone else (recorded by the clerk).
    pub override_reason: Option<String>,
    /// Approved (办结) or a rejection decision handed over.
    pub outcome: String,
    /// The window, e.g. 综合窗口 08 号.
    pub window: String,
    /// When it was handed out.
    pub handed_out_at: NaiveDateTime,
    /// Clerk handing it out.
    pub clerk_no: String,
}

/// 好差评 later: the page that rates a visit, and the visit's code (printed beside the QR
/// code, for a citizen who types it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RatingLink {
    pub url: String,
    pub code: String,
}

/// What became of one item of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VisitOutcome {
    /// 已受理
    Accepted,
    /// 一次性告知 (materials missing)
    Noticed,
    /// 不予受理
    Rejected,
}

/// One item of a visit, as the visit receipt lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitItem {
    pub case_number: String,
    pub item_name: String,
    pub outcome: VisitOutcome,
    /// The promised limit, for an accepted item.
    pub promised: Option<PromisedLimit>,
    /// The promised completion date; `None` past the calendar's years or not accepted.
    pub due_date: Option<NaiveDate>,
    /// The paper of this item (回执, 告知书, 通知书) by its number.
    pub paper_number: String,
    /// For a noticed item: what is missing or defective (one notice for the whole visit).
    pub missing: Vec<NoticeMaterial>,
}

/// 办事回执: one receipt for a visit with several items (一件事, one window).
#[derive(Debug, Clone, PartialEq)]
pub struct VisitReceiptData {
    pub document_number: DocumentNumber,
    pub applicant: Party,
    pub agent: Option<Party>,
    /// The queue ticket of the visit.
    pub ticket: Option<String>,
    /// At least one; in the order they were taken in.
    pub items: Vec<VisitItem>,
    pub issued_at: NaiveDateTime,
    pub clerk_no: String,
    /// Where this visit is rated later (好差评), printed as a QR code.
    pub rating: Option<RatingLink>,
}

/// 培训成绩单 — a trainee's plays of the training scenarios, for the trainer's file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TrainingReportData {
    /// The paper's own number (a training series: the paper exists only in sandbox).
    pub document_number: DocumentNumber,
    /// The trainee, e.g. 培训收件员（1024）.
    pub trainee: String,
    pub issued_at: NaiveDateTime,
    /// Oldest first.
    pub rows: Vec<TrainingReportRow>,
}

/// One play on a training report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct TrainingReportRow {
    pub started_at: NaiveDateTime,
    pub scenario: String,
    /// The decision as made, e.g. 一次性告知（正确）.
    pub decision: String,
    /// Planted defects caught of those planted, e.g. 1/1.
    pub defects: String,
    pub seconds: u32,
    pub target_seconds: u32,
    /// `None`: not finished.
    pub points: Option<u32>,
}
