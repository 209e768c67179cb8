//! The back office's one error enum, its stable codes, and how it becomes an HTTP answer.
//!
//! Every request that fails validation fails before any write, and every write runs in one
//! transaction, so an error answer means nothing changed.

use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ow_error::{ErrorBody, ErrorCode};

type Source = Box<dyn std::error::Error + Send + Sync>;

/// Everything that can go wrong in the back office, from binding a port to a bad request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackofficeError {
    #[error("cannot listen on {addr}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the database failed while trying to {context}")]
    Storage {
        context: &'static str,
        #[source]
        source: Source,
    },
    #[error("the database has schema version {found}, newer than this server knows ({known})")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("cannot use database {database:?}: {problem}")]
    BadDatabase { database: String, problem: String },

    #[error("sign in first: send Authorization: Bearer <token>")]
    Unauthorized,
    #[error("unknown id or wrong secret")]
    BadCredentials,
    #[error("too many failed sign-ins; wait {retry_after_seconds} s")]
    TooManyAttempts { retry_after_seconds: u64 },
    #[error(
        "{what} is already being worked out for someone else, or took too long; try again shortly"
    )]
    Busy { what: &'static str },
    /// A catalog or calendar the workstations' own loader refuses: it is never stored.
    #[error("the {kind} does not load: {problem}")]
    BadReference {
        kind: &'static str,
        problem: String,
        /// The loader's error body (its code, and file, item and line where it knows them).
        loader: serde_json::Value,
    },
    #[error("this needs {needed}")]
    Forbidden { needed: &'static str },
    #[error("the kiosk routes answer only the hall's kiosk networks (--kiosk-networks)")]
    KioskNotAllowed,
    #[error("the case is assigned to someone else")]
    NotAssignee,

    #[error("the body is not valid JSON")]
    MalformedJson(#[source] Source),
    #[error("the body does not match the expected shape")]
    InvalidBody(#[source] Source),
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    #[error("the body is larger than {limit} bytes")]
    BodyTooLarge { limit: usize },
    #[error("the body could not be read")]
    UnreadableBody(#[source] Source),
    #[error("bad path parameter")]
    BadPath(#[source] Source),
    #[error("bad query string")]
    BadQuery(#[source] Source),
    #[error("no such route")]
    NoSuchRoute,
    #[error("method not allowed on this route")]
    MethodNotAllowed,
    #[error("invalid {field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    #[error("bad cursor {cursor:?}")]
    BadCursor { cursor: String },

    #[error("send an Idempotency-Key header (1 to 200 visible ASCII characters)")]
    MissingIdempotencyKey,
    #[error("this Idempotency-Key was already used with a different body")]
    IdempotencyKeyReused,
    #[error("{} referenced blob(s) have not been uploaded", hashes.len())]
    MissingBlobs { hashes: Vec<String> },
    #[error("{path:?} is not a lowercase hex SHA-256")]
    BadHash { path: String },
    #[error("the body hashes to {actual}, not {expected}")]
    BlobHashMismatch { expected: String, actual: String },

    #[error("no queue {queue:?}")]
    UnknownQueue { queue: String },
    #[error("no case {case_number:?}")]
    UnknownCase { case_number: String },
    #[error("no blob {sha256}")]
    UnknownBlob { sha256: String },
    #[error("no notice {document_number:?}")]
    UnknownNotice { document_number: String },
    #[error("notice {document_number:?} was stored before with another body")]
    NoticeTaken { document_number: String },
    #[error("no clerk {clerk:?}")]
    UnknownClerk { clerk: String },
    #[error("no {kind} has been uploaded yet")]
    NoReference { kind: &'static str },
    #[error("cannot {action} a case that is {from}")]
    InvalidTransition {
        from: &'static str,
        action: &'static str,
    },

    #[error("no service group {group:?}")]
    UnknownGroup { group: String },
    #[error("no window {workstation_id:?}")]
    UnknownWindow { workstation_id: String },
    #[error("no ticket {id:?}")]
    UnknownTicket { id: String },
    #[error("no open appointment for today matches")]
    UnknownAppointment,
    #[error("ticket prefix {prefix:?} already belongs to group {group:?}")]
    PrefixTaken { prefix: String, group: String },
    #[error("group {group:?} has given out all {max} tickets for today")]
    SoldOut { group: String, max: u32 },
    #[error("this window is paused: resume it first")]
    WindowPaused,
    #[error(
        "ticket {id} is still at this window: finish it, mark it no-show or transfer it first"
    )]
    WindowBusy { id: String },
    #[error("recall ticket {id} {needed} time(s) before marking it no-show ({done} so far)")]
    RecallFirst { id: String, needed: u32, done: u32 },
    #[error("cannot {action} ticket {id}: it is {state}")]
    TicketWrongState {
        id: String,
        state: &'static str,
        action: &'static str,
    },
    #[error("ticket {id} is at another window")]
    NotYourTicket { id: String },
    #[error("no visit with this rating code (yet)")]
    UnknownRatingCode,
    #[error("this visit is already rated")]
    AlreadyRated,
    #[error("this visit can no longer be rated: {days} days have passed")]
    RatingClosed { days: u32 },
    #[error("internal error: {0}")]
    Internal(String),
}

impl BackofficeError {
    pub(crate) fn invalid(field: &'static str, problem: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            problem: problem.into(),
        }
    }

    /// The HTTP status that goes with the code.
    pub fn status(&self) -> StatusCode {
        use BackofficeError as E;
        match self {
            E::Bind { .. }
            | E::Storage { .. }
            | E::SchemaTooNew { .. }
            | E::BadDatabase { .. }
            | E::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            E::Unauthorized | E::BadCredentials => StatusCode::UNAUTHORIZED,
            E::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            E::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            E::Forbidden { .. } | E::NotAssignee | E::NotYourTicket { .. } => StatusCode::FORBIDDEN,
            E::KioskNotAllowed => StatusCode::FORBIDDEN,
            E::MalformedJson(_)
            | E::UnreadableBody(_)
            | E::BadPath(_)
            | E::BadQuery(_)
            | E::BadCursor { .. }
            | E::MissingIdempotencyKey
            | E::BadHash { .. }
            | E::BlobHashMismatch { .. } => StatusCode::BAD_REQUEST,
            E::InvalidBody(_)
            | E::Invalid { .. }
            | E::IdempotencyKeyReused
            | E::BadReference { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            E::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            E::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            E::NoSuchRoute
            | E::UnknownQueue { .. }
            | E::UnknownCase { .. }
            | E::UnknownBlob { .. }
            | E::UnknownNotice { .. }
            | E::UnknownClerk { .. }
            | E::NoReference { .. }
            | E::UnknownGroup { .. }
            | E::UnknownWindow { .. }
            | E::UnknownTicket { .. }
            | E::UnknownAppointment
            | E::UnknownRatingCode => StatusCode::NOT_FOUND,
            E::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            E::MissingBlobs { .. }
            | E::InvalidTransition { .. }
            | E::PrefixTaken { .. }
            | E::SoldOut { .. }
            | E::WindowPaused
            | E::WindowBusy { .. }
            | E::RecallFirst { .. }
            | E::TicketWrongState { .. }
            | E::AlreadyRated
            | E::NoticeTaken { .. } => StatusCode::CONFLICT,
            E::RatingClosed { .. } => StatusCode::GONE,
        }
    }
}

impl ErrorCode for BackofficeError {
    fn code(&self) -> &'static str {
        use BackofficeError as E;
        match self {
            E::Bind { .. } => "backoffice.bind_failed",
            E::Storage { .. } => "backoffice.storage_failed",
            E::SchemaTooNew { .. } => "backoffice.schema_too_new",
            E::BadDatabase { .. } => "backoffice.bad_database",
            E::Unauthorized => "backoffice.unauthorized",
            E::BadCredentials => "backoffice.bad_credentials",
            E::TooManyAttempts { .. } => "backoffice.too_many_attempts",
            E::Busy { .. } => "backoffice.busy",
            E::BadReference { kind, .. } => {
                if *kind == "catalog" {
                    "backoffice.bad_catalog"
                } else {
                    "backoffice.bad_calendar"
                }
            }
            E::Forbidden { .. } => "backoffice.forbidden",
            E::KioskNotAllowed => "backoffice.kiosk_not_allowed",
            E::NotAssignee => "backoffice.not_assignee",
            E::MalformedJson(_) => "backoffice.malformed_json",
            E::InvalidBody(_) => "backoffice.invalid_body",
            E::UnsupportedMediaType => "backoffice.unsupported_media_type",
            E::BodyTooLarge { .. } => "backoffice.body_too_large",
            E::UnreadableBody(_) => "backoffice.unreadable_body",
            E::BadPath(_) => "backoffice.bad_path",
            E::BadQuery(_) => "backoffice.bad_query",
            E::NoSuchRoute => "backoffice.no_such_route",
            E::MethodNotAllowed => "backoffice.method_not_allowed",
            E::Invalid { .. } => "backoffice.invalid_request",
            E::BadCursor { .. } => "backoffice.bad_cursor",
            E::MissingIdempotencyKey => "backoffice.missing_idempotency_key",
            E::IdempotencyKeyReused => "backoffice.idempotency_key_reused",
            E::MissingBlobs { .. } => "backoffice.missing_blobs",
            E::BadHash { .. } => "backoffice.bad_hash",
            E::BlobHashMismatch { .. } => "backoffice.blob_hash_mismatch",
            E::UnknownQueue { .. } => "backoffice.unknown_queue",
            E::UnknownCase { .. } => "backoffice.unknown_case",
            E::UnknownBlob { .. } => "backoffice.unknown_blob",
            E::UnknownNotice { .. } => "backoffice.unknown_notice",
            E::NoticeTaken { .. } => "backoffice.notice_taken",
            E::UnknownClerk { .. } => "backoffice.unknown_clerk",
            E::NoReference { .. } => "backoffice.no_reference",
            E::InvalidTransition { .. } => "backoffice.invalid_transition",
            E::UnknownGroup { .. } => "tickets.unknown_group",
            E::UnknownWindow { .. } => "tickets.unknown_window",
            E::UnknownTicket { .. } => "tickets.unknown_ticket",
            E::UnknownAppointment => "tickets.unknown_appointment",
            E::UnknownRatingCode => "ratings.unknown_code",
            E::AlreadyRated => "ratings.already_rated",
            E::RatingClosed { .. } => "ratings.closed",
            E::PrefixTaken { .. } => "tickets.prefix_taken",
            E::SoldOut { .. } => "tickets.sold_out",
            E::WindowPaused => "tickets.window_paused",
            E::WindowBusy { .. } => "tickets.window_busy",
            E::RecallFirst { .. } => "tickets.recall_first",
            E::TicketWrongState { .. } => "tickets.wrong_state",
            E::NotYourTicket { .. } => "tickets.not_your_ticket",
            E::Internal(_) => "backoffice.internal",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        use serde_json::json;
        use BackofficeError as E;
        match self {
            E::MissingBlobs { hashes } => Some(json!({ "missing": hashes })),
            E::BadReference { loader, .. } => Some(loader.clone()),
            E::Invalid { field, problem } => Some(json!({ "field": field, "problem": problem })),
            E::BodyTooLarge { limit } => Some(json!({ "limit": limit })),
            E::UnknownQueue { queue } => Some(json!({ "queue": queue })),
            E::UnknownCase { case_number } => Some(json!({ "case_number": case_number })),
            E::UnknownNotice { document_number } | E::NoticeTaken { document_number } => {
                Some(json!({ "document_number": document_number }))
            }
            E::UnknownClerk { clerk } => Some(json!({ "clerk": clerk })),
            E::BlobHashMismatch { expected, actual } => {
                Some(json!({ "expected": expected, "actual": actual }))
            }
            E::InvalidTransition { from, action } => {
                Some(json!({ "state": from, "action": action }))
            }
            E::TooManyAttempts {
                retry_after_seconds,
            } => Some(json!({ "retry_after_seconds": retry_after_seconds })),
            E::SchemaTooNew { found, known } => Some(json!({ "found": found, "known": known })),
            E::UnknownGroup { group } => Some(json!({ "group": group })),
            E::UnknownWindow { workstation_id } => {
                Some(json!({ "workstation_id": workstation_id }))
            }
            E::UnknownTicket { id } | E::WindowBusy { id } | E::NotYourTicket { id } => {
                Some(json!({ "ticket": id }))
            }
            E::PrefixTaken { prefix, group } => Some(json!({ "prefix": prefix, "group": group })),
            E::SoldOut { group, max } => Some(json!({ "group": group, "max": max })),
            E::RecallFirst { id, needed, done } => {
                Some(json!({ "ticket": id, "needed": needed, "done": done }))
            }
            E::TicketWrongState { id, state, action } => {
                Some(json!({ "ticket": id, "state": state, "action": action }))
            }
            _ => None,
        }
    }
}

impl IntoResponse for BackofficeError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody::from_error(&self);
        // Client mistakes are routine; only our own failures are worth an error line.
        if status.is_server_error() {
            tracing::error!(code = %body.code, error = %body.message, "request failed");
        } else {
            tracing::debug!(code = %body.code, error = %body.message, "request refused");
        }
        let mut resp = (status, Json(body)).into_response();
        // Clients and proxies that know HTTP, not our codes, still learn when to come back.
        if let Self::TooManyAttempts {
            retry_after_seconds,
        } = self
        {
            resp.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(retry_after_seconds),
            );
        }
        resp
    }
}

fn boxed<E: std::error::Error + Send + Sync + 'static>(e: E) -> Source {
    Box::new(e)
}

/// axum reports a body over the limit as a `LengthLimitError` deep in the source chain.
fn too_large(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if err.is::<axum::extract::rejection::LengthLimitError>() {
            return true;
        }
        cur = err.source();
    }
    false
}

pub(crate) fn from_bytes_rejection(r: BytesRejection, limit: usize) -> BackofficeError {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE || too_large(&r) {
        BackofficeError::BodyTooLarge { limit }
    } else {
        BackofficeError::UnreadableBody(boxed(r))
    }
}

pub(crate) fn from_json_rejection(r: JsonRejection, limit: usize) -> BackofficeError {
    match r {
        JsonRejection::JsonDataError(e) => BackofficeError::InvalidBody(boxed(e)),
        JsonRejection::JsonSyntaxError(e) => BackofficeError::MalformedJson(boxed(e)),
        JsonRejection::MissingJsonContentType(_) => BackofficeError::UnsupportedMediaType,
        JsonRejection::BytesRejection(b) => from_bytes_rejection(b, limit),
        other => BackofficeError::UnreadableBody(boxed(other)),
    }
}

impl From<PathRejection> for BackofficeError {
    fn from(r: PathRejection) -> Self {
        Self::BadPath(boxed(r))
    }
}

impl From<QueryRejection> for BackofficeError {
    fn from(r: QueryRejection) -> Self {
        Self::BadQuery(boxed(r))
    }
}

impl From<tokio::task::JoinError> for BackofficeError {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::Internal(format!("a database task stopped: {e}"))
    }
}
