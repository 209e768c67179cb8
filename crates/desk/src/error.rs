//! Desk errors: the domain errors below, passed through with their own codes.

use ow_error::ErrorCode;

/// Anything a desk operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Store(#[from] ow_store::StoreError),
    #[error(transparent)]
    Config(#[from] ow_config::ConfigError),
    #[error(transparent)]
    Catalog(#[from] ow_catalog::CatalogError),
    #[error(transparent)]
    Calendar(#[from] ow_calendar::CalendarError),
    #[error(transparent)]
    Scan(#[from] ow_scanner::ScanError),
    #[error("line {line} cannot be marked {mark}")]
    MarkNotAllowed { line: String, mark: &'static str },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the scanner work stopped before it finished")]
    ScanAborted,
    #[error(transparent)]
    Identity(#[from] crate::IdentityError),
    #[error(transparent)]
    Auth(#[from] crate::signin::AuthError),
    #[error("no service item with code {0}")]
    UnknownItem(String),
    #[error("the case has no service item yet")]
    NoItem,
    #[error("the case is already decided and can no longer be changed")]
    CaseClosed,
    #[error("that is not a green-channel reason")]
    BadGreenReason,
    #[error("no visit is waiting for a rating")]
    NoVisitToRate,
    #[error("read the citizen's ID card into the case first: the appointment is found by it")]
    NoIdToCheckIn,
    #[error("the case already belongs to a ticket")]
    CaseHasTicket,
    #[error("a poor rating needs at least one reason")]
    RatingReasonRequired,
    #[error("the rating's text is longer than {0} characters")]
    RatingTextTooLong(usize),
    #[error("the reason is longer than {0} characters")]
    ReasonTooLong(usize),
    #[error("this result is not waiting to be handed out here")]
    ResultNotReady,
    #[error("read or type the collector's ID first, or give the reason to hand it over anyway")]
    NoCollectorId,
    #[error("the collector's ID is neither the applicant's nor the agent's")]
    CollectorMismatch,
    #[error("that case is not a one-time notice")]
    NotANotice,
    #[error("the notice was issued to another applicant")]
    NotTheApplicant,
    #[error("another case already carries this one on")]
    AlreadyCarriedOn,
    #[error("this case is not waiting for a supplement at this window")]
    NotReturned,
    #[error("a supplement for this case is already on its way to the back office")]
    SupplementPending,
    #[error("this case is not a supplement")]
    NotASupplement,
    #[error("scan or import at least one page for the supplement")]
    NothingToSupplement,
    #[error("a supplement is sent, not decided")]
    IsSupplement,
    #[error("that case owes no material")]
    NothingOwed,
    #[error("the case has not reached the back office yet: send it first (F10)")]
    NotForwardedYet,
    #[error("the checklist has no line {0}")]
    UnknownLine(String),
    #[error("this decision is not possible yet")]
    NotAllowed(Vec<crate::Blocker>),
    #[error("a rejection needs its reason")]
    GroundMissing,
    #[error("the number counter {0} in the local store is damaged")]
    CounterCorrupt(String),
    #[error(transparent)]
    Papers(#[from] ow_papers::PapersError),
    #[error(transparent)]
    Printer(#[from] ow_printer::PrinterError),
    #[error("the case has no decision yet")]
    NotDecided,
    #[error("the back office cannot be reached: {0}")]
    BackofficeUnreachable(String),
    #[error("the back office refused: {0}")]
    BackofficeRefused(String),
    #[error("the back office ended this workstation's session: sign in again")]
    BackofficeSignInAgain,
    #[error("the back office sent a reference document that is not one: {0}")]
    BadReference(String),
    #[error("a previous desk operation panicked; restart the application")]
    Poisoned,
    #[error(transparent)]
    Training(#[from] ow_training::TrainingError),
    #[error("training runs only in sandbox")]
    TrainingNotSandbox,
    #[error("that case is not a training play")]
    NotAPlay,
    #[error("the scenario's citizen hands over no paper for {0}")]
    NoSuchPaper(String),
    #[error("cannot create the data folder {path}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl ErrorCode for DeskError {
    fn code(&self) -> &'static str {
        match self {
            Self::Store(e) => e.code(),
            Self::Config(e) => e.code(),
            Self::Catalog(e) => e.code(),
            Self::Calendar(e) => e.code(),
            Self::Scan(e) => e.code(),
            Self::MarkNotAllowed { .. } => "desk.mark_not_allowed",
            Self::ReasonRequired => "desk.reason_required",
            Self::ScanAborted => "desk.scan_aborted",
            Self::Identity(e) => e.code(),
            Self::Auth(e) => e.code(),
            Self::UnknownItem(_) => "desk.unknown_item",
            Self::NoItem => "desk.no_item",
            Self::CaseClosed => "desk.case_closed",
            Self::BadGreenReason => "desk.bad_green_reason",
            Self::NoVisitToRate => "rating.no_visit",
            Self::NoIdToCheckIn => "tickets.no_id_to_check_in",
            Self::CaseHasTicket => "tickets.case_has_ticket",
            Self::RatingReasonRequired => "rating.reason_required",
            Self::RatingTextTooLong(_) => "rating.text_too_long",
            Self::ReasonTooLong(_) => "desk.reason_too_long",
            Self::ResultNotReady => "results.not_ready",
            Self::NoCollectorId => "results.no_collector_id",
            Self::CollectorMismatch => "results.collector_mismatch",
            Self::NotANotice => "desk.not_a_notice",
            Self::NotTheApplicant => "desk.not_the_applicant",
            Self::AlreadyCarriedOn => "desk.already_carried_on",
            Self::NotReturned => "results.not_returned",
            Self::SupplementPending => "results.supplement_pending",
            Self::NotASupplement => "desk.not_a_supplement",
            Self::NothingToSupplement => "desk.nothing_to_supplement",
            Self::IsSupplement => "desk.is_supplement",
            Self::NothingOwed => "desk.nothing_owed",
            Self::NotForwardedYet => "desk.not_forwarded_yet",
            Self::UnknownLine(_) => "desk.unknown_line",
            Self::NotAllowed(_) => "desk.decision_not_allowed",
            Self::GroundMissing => "desk.ground_missing",
            Self::CounterCorrupt(_) => "desk.counter_corrupt",
            Self::Papers(e) => e.code(),
            Self::Printer(e) => e.code(),
            Self::NotDecided => "desk.not_decided",
            Self::BadReference(_) => "desk.bad_reference",
            Self::BackofficeUnreachable(_) => "sync.unreachable",
            Self::BackofficeRefused(_) => "desk.backoffice_refused",
            Self::BackofficeSignInAgain => "backoffice.unauthorized",
            Self::Poisoned => "desk.poisoned",
            Self::DataDir { .. } => "desk.data_dir",
            Self::Training(e) => e.code(),
            Self::TrainingNotSandbox => "training.not_sandbox",
            Self::NotAPlay => "training.not_a_play",
            Self::NoSuchPaper(_) => "training.no_such_paper",
        }
    }

    fn details(&self) -> Option<serde_json::Value> {
        match self {
            Self::Store(e) => e.details(),
            Self::Config(e) => e.details(),
            Self::Catalog(e) => e.details(),
            Self::Calendar(e) => e.details(),
            Self::Scan(e) => e.details(),
            Self::MarkNotAllowed { line, mark } => {
                Some(serde_json::json!({ "line": line, "mark": mark }))
            }
            Self::Identity(e) => e.details(),
            Self::Auth(e) => e.details(),
            Self::UnknownItem(code) => Some(serde_json::json!({ "code": code })),
            Self::DataDir { path, .. } => Some(serde_json::json!({ "path": path })),
            Self::UnknownLine(line) => Some(serde_json::json!({ "line": line })),
            Self::NotAllowed(blockers) => serde_json::to_value(blockers).ok(),
            Self::CounterCorrupt(series) => Some(serde_json::json!({ "series": series })),
            Self::Papers(e) => e.details(),
            Self::Printer(e) => e.details(),
            Self::NotDecided | Self::Poisoned | Self::BadReference(_) => None,
            Self::BackofficeUnreachable(_) | Self::BackofficeSignInAgain => None,
            // The server's own code and message, e.g. `backoffice.invalid_transition: …`.
            Self::BackofficeRefused(reason) => Some(serde_json::json!({ "reason": reason })),
            Self::GroundMissing | Self::TrainingNotSandbox | Self::NotAPlay => None,
            Self::Training(e) => e.details(),
            Self::NoSuchPaper(line) => Some(serde_json::json!({ "line": line })),
            Self::NoItem | Self::CaseClosed | Self::ReasonRequired | Self::ScanAborted => None,
            Self::BadGreenReason | Self::NoVisitToRate | Self::RatingReasonRequired => None,
            Self::NoIdToCheckIn | Self::CaseHasTicket => None,
            Self::ResultNotReady | Self::NoCollectorId | Self::CollectorMismatch => None,
            Self::NotANotice | Self::NotTheApplicant | Self::AlreadyCarriedOn => None,
            Self::NotReturned | Self::SupplementPending => None,
            Self::NotASupplement | Self::NothingToSupplement | Self::IsSupplement => None,
            Self::NothingOwed | Self::NotForwardedYet => None,
            Self::RatingTextTooLong(max) | Self::ReasonTooLong(max) => {
                Some(serde_json::json!({ "max": max }))
            }
        }
    }
}
