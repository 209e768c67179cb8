//! One-time notices (一次性告知) the windows issued, kept by the back office so that a citizen
//! who comes back to any window of the hall carries their case on instead of starting again.

use crate::{GreenReason, MaterialRef, Party};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::BTreeMap;

/// `POST /notices`: a notice as the window issued it. Stored once per document number; a
/// replay with the same body is answered as the first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeRecord {
    /// The number printed on the notice (and in its QR code).
    pub document_number: String,
    /// The case number on the notice.
    pub window_case_no: String,
    /// The window that issued it, for the clerk who carries it on elsewhere.
    pub window: String,
    pub item_code: String,
    /// The item's rule version the notice was issued under.
    pub item_version: String,
    pub item_name: String,
    pub applicant: Party,
    #[serde(default)]
    pub agent: Option<Party>,
    /// Situation answers (情形), question code → answer code.
    #[serde(default)]
    pub situation: BTreeMap<String, String>,
    /// The same answers as the window's rules read them, to carry the case on elsewhere.
    #[serde(default)]
    pub answers: BTreeMap<String, serde_json::Value>,
    /// Why the citizen is served first (绿色通道), if they are.
    #[serde(default)]
    pub green: Option<GreenReason>,
    /// The lines the citizen had brought, with one PDF per line (uploaded first with
    /// `PUT /blobs/{sha256}`): they are not asked for again.
    #[serde(default)]
    pub received: Vec<MaterialRef>,
    /// The lines the notice listed: what the citizen was asked to bring.
    pub missing: Vec<NoticeLine>,
    pub issued_at: DateTime<Utc>,
}

/// A checklist line by code and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeLine {
    pub code: String,
    pub name: String,
}

/// `POST /notices/search`: the open notices of one applicant, by ID number. A body rather
/// than a query string, so the number stays out of access logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeSearch {
    pub id_number: String,
}

/// A notice as the back office keeps it: the record, where it came from, and whether a case
/// carries it on already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredNotice {
    pub record: NoticeRecord,
    pub workstation_id: String,
    /// The case number of the case that carries it on, once one was decided.
    #[serde(default)]
    pub carried_on_by: Option<String>,
}

/// `POST /notices/{document_number}/carried-on`: a decided case carries the notice on, so
/// no other window offers it again. The first case to report it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeCarried {
    /// The notice carried on.
    pub document_number: String,
    /// The case number of the case that carries it on.
    pub by_case: String,
}
