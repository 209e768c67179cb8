//! Cases: intake from the window, decisions in the back office, results back to the window.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

/// Served first: green channel (绿色通道) and urgent cases (特事特办) jump the queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    #[default]
    Normal,
    GreenChannel,
    Urgent,
}

/// A person on the case: the applicant or the agent (代办人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Party {
    pub name: String,
    /// E.g. `resident_id`, `passport`.
    pub id_kind: String,
    pub id_number: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// Set when the clerk typed a number that fails its check (GB 11643) and kept it: why.
    #[serde(default)]
    pub number_reason: Option<String>,
}

/// One checklist line and the scans attached to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaterialRef {
    pub code: String,
    pub name: String,
    /// SHA-256 (lowercase hex) of each page, uploaded first with `PUT /blobs/{sha256}`.
    #[serde(default)]
    pub blobs: Vec<String>,
    /// Satisfied by a data-sharing check instead of paper (数据共享).
    #[serde(default)]
    pub data_check: bool,
}

/// `POST /cases`: an accepted case forwarded from the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseIntake {
    /// The number printed on the acceptance receipt at the window.
    pub window_case_no: String,
    pub item_code: String,
    pub item_name: String,
    /// The department queue, e.g. `huzheng`.
    pub queue: String,
    #[serde(default)]
    pub priority: Priority,
    /// The clerk who accepted the case.
    pub clerk_id: String,
    pub applicant: Party,
    #[serde(default)]
    pub agent: Option<Party>,
    /// Situation answers (情形), question code → answer code.
    #[serde(default)]
    pub situation: BTreeMap<String, String>,
    pub materials: Vec<MaterialRef>,
    pub accepted_at: DateTime<Utc>,
    /// The promised completion date, in working days from acceptance.
    #[serde(default)]
    pub promised_by: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
    /// Materials the case was accepted without (容缺): the citizen brings them later.
    #[serde(default)]
    pub owed: Vec<OwedMaterial>,
    /// The last working day on which the department may still return the case for supplement
    /// (行政许可法 第三十二条: five working days from receipt; after it the application counts
    /// as accepted from receipt). `None` when the window's calendar did not cover it.
    #[serde(default)]
    pub notice_by: Option<NaiveDate>,
}

/// A material the case was accepted without (容缺后补), and the day it is owed by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwedMaterial {
    /// The checklist line.
    pub code: String,
    pub name: String,
    /// `None` when the window's calendar did not cover the date.
    #[serde(default)]
    pub due: Option<NaiveDate>,
}

/// The answer to `POST /cases`; a replay with the same key returns it unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeReceipt {
    /// The back-office case number.
    pub case_number: String,
    pub queue: String,
    pub state: CaseState,
    pub received_at: DateTime<Utc>,
}

/// Where a case stands in the back office.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Waiting in its department's queue.
    Queued,
    /// Claimed by an approver.
    InReview,
    Approved,
    /// Returned for supplement (补正): the citizen must bring more.
    Returned,
    Rejected,
    /// The result is at the window.
    ReadyForPickup,
    HandedOut,
}

impl CaseState {
    pub const ALL: [CaseState; 7] = [
        Self::Queued,
        Self::InReview,
        Self::Approved,
        Self::Returned,
        Self::Rejected,
        Self::ReadyForPickup,
        Self::HandedOut,
    ];

    /// The stable snake_case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::InReview => "in_review",
            Self::Approved => "approved",
            Self::Returned => "returned",
            Self::Rejected => "rejected",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::HandedOut => "handed_out",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// What happened to a case; every transition is recorded as one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseAction {
    Intake,
    Claim,
    Approve,
    Return,
    Reject,
    Ready,
    Reassign,
    HandOut,
    Supplement,
}

impl CaseAction {
    pub const ALL: [CaseAction; 9] = [
        Self::Intake,
        Self::Claim,
        Self::Approve,
        Self::Return,
        Self::Reject,
        Self::Ready,
        Self::Reassign,
        Self::HandOut,
        Self::Supplement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Intake => "intake",
            Self::Claim => "claim",
            Self::Approve => "approve",
            Self::Return => "return",
            Self::Reject => "reject",
            Self::Ready => "ready",
            Self::Reassign => "reassign",
            Self::HandOut => "hand_out",
            Self::Supplement => "supplement",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// Who did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Workstation,
    Clerk,
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub kind: ActorKind,
    pub id: String,
}

/// The facts recorded with a transition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventDetail {
    /// Why a case was returned, rejected or reassigned.
    #[serde(default)]
    pub reasons: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The queue a case was moved to.
    #[serde(default)]
    pub queue: Option<String>,
    /// The clerk a case was given to, or who handed it out.
    #[serde(default)]
    pub clerk: Option<String>,
    /// A return for supplement after the case's `notice_by`: allowed, but the application
    /// already counts as accepted from receipt (行政许可法 第三十二条).
    #[serde(default)]
    pub late_notice: bool,
    /// Hand-overs: who collected it.
    #[serde(default)]
    pub collector: Option<Collector>,
}

/// One audited transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub action: CaseAction,
    pub from: Option<CaseState>,
    pub to: CaseState,
    pub detail: EventDetail,
}

/// `GET /cases/{case_number}` and the claimed case: the case with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseView {
    pub case_number: String,
    pub window_case_no: String,
    /// The workstation that forwarded it.
    pub workstation_id: String,
    pub queue: String,
    pub item_code: String,
    pub item_name: String,
    pub priority: Priority,
    pub state: CaseState,
    /// The approver working on it.
    pub assignee: Option<String>,
    pub received_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub intake: CaseIntake,
    pub history: Vec<CaseEvent>,
}

/// `POST /cases/{n}/approve`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproveRequest {
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /cases/{n}/return`: every missing or defective material, at once (一次性告知).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnRequest {
    pub reasons: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /cases/{n}/reject`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectRequest {
    pub reason: String,
    /// The legal basis cited on the notice.
    #[serde(default)]
    pub legal_basis: Option<String>,
}

/// `POST /cases/{n}/ready`: the result document is at the window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadyRequest {
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /cases/{n}/reassign`: to another queue, to a clerk, or both; the reason is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReassignRequest {
    #[serde(default)]
    pub queue: Option<String>,
    #[serde(default)]
    pub clerk: Option<String>,
    pub reason: String,
}

/// `POST /cases/{n}/hand-out`: the citizen collected the result (统一窗口出件).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandOutRequest {
    pub clerk_id: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Who collected it, as the window checked (absent from older workstations).
    #[serde(default)]
    pub collector: Option<Collector>,
}

/// Who collected a result at the window (统一窗口出件), as the clerk checked it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Collector {
    /// Whose ID the collector's matched.
    pub role: CollectorRole,
    /// The collector's ID card was read on the reader (not typed).
    pub from_card: bool,
    /// Why it was handed over although the ID matched neither applicant nor agent.
    #[serde(default)]
    pub override_reason: Option<String>,
    /// When it was handed over at the window (the request may be forwarded later).
    pub at: DateTime<Utc>,
}

/// Whose ID a collector showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CollectorRole {
    Applicant,
    /// 代办人.
    Agent,
    /// Neither: handed over on the clerk's recorded reason.
    Other,
}

/// A hand-over waiting in a workstation's outbox: the case and its request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HandOutJob {
    pub case_number: String,
    pub request: HandOutRequest,
}

/// `POST /cases/{n}/supplement`: the citizen brought what a return asked for, or (with `owed`)
/// a material owed (容缺) since the acceptance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupplementRequest {
    pub materials: Vec<MaterialRef>,
    #[serde(default)]
    pub note: Option<String>,
    /// Owed materials brought while the case is queued or in review: appended, the case stays
    /// where it is. Without it the case must be returned, and goes back to its queue.
    #[serde(default)]
    pub owed: bool,
}

/// A supplement waiting in a workstation's outbox: the back-office case and its request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SupplementJob {
    pub case_number: String,
    pub request: SupplementRequest,
}
