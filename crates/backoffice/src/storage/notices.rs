//! Notices as both backends store them: the record as JSON, searchable by the applicant's
//! number; the case that carries one on, apart.

/// A notice to store, validated.
#[derive(Debug, Clone)]
pub struct NewNotice {
    pub document_number: String,
    pub workstation_id: String,
    pub applicant_number: String,
    pub request_hash: String,
    /// The [`ow_api::NoticeRecord`] as JSON.
    pub body: String,
    pub issued_at: i64,
    pub now: i64,
}

/// A notice as stored.
#[derive(Debug, Clone)]
pub struct NoticeRow {
    pub workstation_id: String,
    pub body: String,
    pub carried_by: Option<String>,
}
