//! What the windows poll and what shift leads watch; reference data and blobs.

use crate::{CaseAction, CaseState, EventDetail};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

/// One entry of `GET /changes`: a transition, with enough of the case to show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// Opaque; pass the last one back as `since`.
    pub cursor: String,
    pub case_number: String,
    pub window_case_no: String,
    pub workstation_id: String,
    pub queue: String,
    pub action: CaseAction,
    pub state: CaseState,
    pub at: DateTime<Utc>,
    pub detail: EventDetail,
}

/// `GET /changes?since=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// Where the next poll starts; equal to `since` when nothing changed.
    pub next_cursor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StateCount {
    pub state: CaseState,
    pub count: u32,
}

/// The case that has waited longest in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Waiting {
    pub case_number: String,
    pub since: DateTime<Utc>,
    pub waited_seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueLoad {
    pub queue: String,
    pub name: String,
    /// Only states with at least one case.
    pub counts: Vec<StateCount>,
    pub oldest_waiting: Option<Waiting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowLoad {
    pub workstation_id: String,
    pub window_name: String,
    pub counts: Vec<StateCount>,
}

/// `GET /overview`: the hall at a glance, for shift leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub generated_at: DateTime<Utc>,
    pub queues: Vec<QueueLoad>,
    pub windows: Vec<WindowLoad>,
}

/// The answer to uploading the catalog or the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceStored {
    /// `catalog` or `calendar`.
    pub kind: String,
    /// Starts at 1; uploading identical content keeps the version.
    pub version: u32,
    /// Quoted, as in the `ETag` header.
    pub etag: String,
    pub size: u32,
}

/// The answer to `PUT /blobs/{sha256}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlobStored {
    pub sha256: String,
    pub size: u32,
    /// False when the blob was already there (an idempotent retry).
    pub created: bool,
}

/// One text file of a reference document, exactly as reviewed (YAML for catalog items, JSON
/// for a calendar year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferenceFile {
    pub name: String,
    pub text: String,
}

/// `GET /catalog`: the hall's service-item catalog, every file of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogDocument {
    pub files: Vec<ReferenceFile>,
}

/// `GET /calendar`: the working-day arrangements, one file per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDocument {
    pub years: Vec<ReferenceFile>,
}

/// `GET /hall/at-risk`: what a shift lead chases, each list worst first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AtRisk {
    /// The hall's day the working days are counted from.
    pub today: chrono::NaiveDate,
    /// Cases not yet decided by their department, by working days left to the date promised
    /// on the receipt (overdue first).
    pub promised: Vec<RiskCase>,
    /// Cases still with their department whose five-day window for a return for supplement
    /// (行政许可法 第三十二条) ends today or on the next working day, or has ended.
    pub notice_clock: Vec<RiskCase>,
    /// Cases owing a material (容缺) past the day it was owed by; `detail` names them.
    pub owed_overdue: Vec<RiskCase>,
    /// Cases returned for supplement, waiting for the citizen, longest first.
    pub returned_waiting: Vec<RiskCase>,
}

/// One case on an [`AtRisk`] list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskCase {
    pub case_number: String,
    pub window_case_no: String,
    pub item_name: String,
    pub queue: String,
    pub state: crate::CaseState,
    /// The day that matters for this list (promised, clock's end, owed by); for a returned
    /// case, the day it was returned.
    pub due: Option<chrono::NaiveDate>,
    /// Working days from today to `due`: negative once past (for a returned case: how long it
    /// has waited, as a negative number).
    pub days_left: Option<i32>,
    /// What is owed, for the owed list.
    #[serde(default)]
    pub detail: Vec<String>,
}
