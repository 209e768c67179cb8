//! 好差评: a window's rating of a visit, stored once per Idempotency-Key; 差评 are followed up
//! within working days of the official calendar. A visit the citizen did not rate at the
//! window may be rated later on their phone, by the code printed as a QR code on the receipt
//! (`GET /rate?c=…`, no sign-in): one rating per visit, whichever comes first.

use crate::auth::Auth;
use crate::domain::{now_ms, sha256_hex};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, QueryParam};
use crate::openapi::ErrorBody;
use crate::routes::cases::idempotency_key;
use crate::routes::pages::{html_page, page_csp};
use crate::state::AppState;
use crate::storage::{CodeState, NewRating, Recorded};
use crate::tickets::{hall_date, rating_code, validate_invite, validate_rating};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{Datelike, NaiveDate, Weekday};
use ow_api::{
    CalendarDocument, Grade, LaterRating, RatingIntake, RatingInvite, RatingRecord, RatingVisit,
};
use ow_calendar::WorkingCalendar;
use serde::Deserialize;
use std::sync::OnceLock;
use utoipa::IntoParams;

const PAGE: &str = include_str!("../rate.html");

/// How long after the visit its code still takes a rating.
const LATER_RATING_DAYS: u32 = 30;

const LIST_LIMIT: u32 = 2000;

/// The built-in years with the uploaded calendar (`PUT /calendar`) laid over them, as the
/// windows do. A year that does not load is left out with a warning: the rest still counts.
pub(crate) async fn calendar(st: &AppState) -> Result<WorkingCalendar, BackofficeError> {
    let mut cal = WorkingCalendar::built_in()
        .map_err(|e| BackofficeError::Internal(format!("the built-in calendar: {e}")))?;
    if let Some(doc) = st.storage().latest_reference("calendar").await? {
        match serde_json::from_slice::<CalendarDocument>(&doc.body) {
            Ok(d) => {
                for f in d.years {
                    if let Err(e) = cal.load_str(&f.name, &f.text) {
                        tracing::warn!(file = %f.name, error = %e, "an uploaded calendar year does not load");
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "the uploaded calendar is not a calendar document")
            }
        }
    }
    Ok(cal)
}

/// `days` working days after `from`. Past the calendar's years, weekends only are skipped
/// (and a warning logged): a citizen's 差评 is never refused for want of a calendar.
fn follow_up_by(cal: &WorkingCalendar, from: NaiveDate, days: u32) -> NaiveDate {
    match cal.add_working_days(from, days) {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "follow-up date counted on weekends only");
            let mut d = from;
            let mut left = days;
            while left > 0 {
                d = d.succ_opt().unwrap_or(d);
                if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                    left -= 1;
                }
            }
            d
        }
    }
}

/// A 差评's follow-up date: the hall's number of working days from today.
async fn follow_up(
    st: &AppState,
    grade: Grade,
    now: i64,
) -> Result<Option<NaiveDate>, BackofficeError> {
    if !grade.is_bad() {
        return Ok(None);
    }
    let days = st
        .storage()
        .hall_setup()
        .await?
        .settings
        .bad_rating_follow_up_days;
    Ok(Some(follow_up_by(
        &calendar(st).await?,
        hall_date(now),
        days,
    )))
}

fn rating_hash(r: &RatingIntake) -> Result<String, BackofficeError> {
    let canonical = serde_json::to_vec(r).map_err(|e| BackofficeError::Internal(e.to_string()))?;
    Ok(sha256_hex(&canonical))
}

#[utoipa::path(post, path = "/ratings", tag = "ratings", security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "Unique per rating and workstation; retry with the same key")),
    request_body = RatingIntake,
    responses(
        (status = 201, description = "Stored; a 差评 carries `follow_up_by`", body = RatingRecord),
        (status = 200, description = "A replay: the first answer, nothing new stored", body = RatingRecord),
        (status = 400, description = "No Idempotency-Key", body = ErrorBody),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 422, description = "A 差评 without a reason, reasons on a good grade, bad fields, or the key reused with another body", body = ErrorBody)))]
pub async fn rate(
    State(st): State<AppState>,
    Auth(p): Auth,
    headers: HeaderMap,
    JsonBody(req): JsonBody<RatingIntake>,
) -> Result<(StatusCode, Json<RatingRecord>), BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    let key = idempotency_key(&headers)?;
    validate_rating(&req)?;
    let now = now_ms();
    let follow_up = follow_up(&st, req.grade, now).await?;
    let rating = NewRating {
        workstation_id: ws,
        idempotency_key: key,
        request_hash: rating_hash(&req)?,
        intake: req,
        follow_up_by: follow_up,
        now,
    };
    Ok(match st.storage().rate(rating).await? {
        Recorded::Created(r) => (StatusCode::CREATED, Json(r)),
        Recorded::Replayed(r) => (StatusCode::OK, Json(r)),
    })
}

#[utoipa::path(post, path = "/ratings/invitations", tag = "ratings", security(("bearer" = [])),
    request_body = RatingInvite,
    responses(
        (status = 204, description = "The visit may be rated by its code; the same code again changes nothing"),
        (status = 403, description = "Needs a workstation session", body = ErrorBody),
        (status = 422, description = "Not a rating code, or bad fields", body = ErrorBody)))]
pub async fn invite(
    State(st): State<AppState>,
    Auth(p): Auth,
    JsonBody(req): JsonBody<RatingInvite>,
) -> Result<StatusCode, BackofficeError> {
    let ws = p.require_workstation()?.to_owned();
    validate_invite(&req)?;
    st.storage().invite_rating(&ws, req, now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The invitation behind `code`, still open for a rating at `now`.
fn open_invitation(state: CodeState, now: i64) -> Result<(String, RatingInvite), BackofficeError> {
    match state {
        CodeState::Unknown => Err(BackofficeError::UnknownRatingCode),
        CodeState::Rated(_) => Err(BackofficeError::AlreadyRated),
        CodeState::Invited {
            workstation_id,
            invite,
            invited_at,
        } => {
            let closes = invited_at.saturating_add(i64::from(LATER_RATING_DAYS) * 86_400_000);
            if now > closes {
                return Err(BackofficeError::RatingClosed {
                    days: LATER_RATING_DAYS,
                });
            }
            Ok((workstation_id, invite))
        }
    }
}

#[utoipa::path(get, path = "/rate/{code}", tag = "ratings",
    params(("code" = String, Path, description = "The code under the receipt's QR code")),
    responses(
        (status = 200, description = "The visit: its ticket, how many items, the day, whether rated. No personal data", body = RatingVisit),
        (status = 404, description = "No such visit (yet: the window may still be offline)", body = ErrorBody),
        (status = 422, description = "Not a rating code", body = ErrorBody)))]
pub async fn later_view(
    State(st): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<RatingVisit>, BackofficeError> {
    rating_code(&code)?;
    let visit = |ticket: Option<String>, cases: usize, at: chrono::DateTime<chrono::Utc>, rated| {
        RatingVisit {
            ticket,
            items: u32::try_from(cases).unwrap_or(u32::MAX),
            served_on: hall_date(at.timestamp_millis()),
            rated,
        }
    };
    Ok(Json(match st.storage().rating_code(&code).await? {
        CodeState::Unknown => return Err(BackofficeError::UnknownRatingCode),
        CodeState::Rated(r) => visit(
            r.rating.ticket,
            r.rating.cases.len(),
            r.rating.rated_at,
            true,
        ),
        CodeState::Invited { invite, .. } => {
            visit(invite.ticket, invite.cases.len(), invite.served_at, false)
        }
    }))
}

#[utoipa::path(post, path = "/rate/{code}", tag = "ratings",
    params(("code" = String, Path, description = "The code under the receipt's QR code")),
    request_body = LaterRating,
    responses(
        (status = 201, description = "Recorded, for the clerk, window and cases of the visit"),
        (status = 404, description = "No such visit (yet)", body = ErrorBody),
        (status = 409, description = "The visit is already rated (`ratings.already_rated`): the first rating stands", body = ErrorBody),
        (status = 410, description = "Too long after the visit (`ratings.closed`)", body = ErrorBody),
        (status = 422, description = "Not a rating code; a 差评 without a reason; reasons on a good grade; text too long", body = ErrorBody)))]
pub async fn later_rate(
    State(st): State<AppState>,
    Path(code): Path<String>,
    JsonBody(req): JsonBody<LaterRating>,
) -> Result<StatusCode, BackofficeError> {
    rating_code(&code)?;
    let now = now_ms();
    let (workstation_id, invite) = open_invitation(st.storage().rating_code(&code).await?, now)?;
    let intake = RatingIntake {
        ticket: invite.ticket,
        cases: invite.cases,
        clerk_id: invite.clerk_id,
        grade: req.grade,
        reasons: req.reasons,
        text: req
            .text
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty()),
        rated_at: chrono::DateTime::from_timestamp_millis(now).unwrap_or_default(),
        code: Some(code.clone()),
    };
    validate_rating(&intake)?;
    let rating = NewRating {
        workstation_id,
        idempotency_key: format!("later:{code}"),
        request_hash: rating_hash(&intake)?,
        follow_up_by: follow_up(&st, intake.grade, now).await?,
        intake,
        now,
    };
    // Whoever was first, the visit has its rating: a second one is refused, never stored.
    match st.storage().rate(rating).await {
        Ok(Recorded::Created(_)) => Ok(StatusCode::CREATED),
        Ok(Recorded::Replayed(_)) | Err(BackofficeError::IdempotencyKeyReused) => {
            Err(BackofficeError::AlreadyRated)
        }
        Err(e) => Err(e),
    }
}

/// The citizen's rating page (their phone opens it from the receipt's QR code).
async fn page() -> Response {
    static CSP: OnceLock<String> = OnceLock::new();
    html_page(PAGE, CSP.get_or_init(|| page_csp(PAGE)))
}

/// The page, outside the API prefix.
pub fn pages() -> Router<AppState> {
    Router::new().route("/rate", get(page))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatingsQuery {
    /// Only 差评.
    pub bad: Option<bool>,
}

#[utoipa::path(get, path = "/ratings", tag = "ratings", security(("bearer" = [])),
    params(RatingsQuery),
    responses(
        (status = 200, description = "Newest first, at most 2000", body = Vec<RatingRecord>),
        (status = 403, description = "Needs a shift lead", body = ErrorBody)))]
pub async fn list(
    State(st): State<AppState>,
    Auth(p): Auth,
    QueryParam(q): QueryParam<RatingsQuery>,
) -> Result<Json<Vec<RatingRecord>>, BackofficeError> {
    p.require_lead()?;
    Ok(Json(
        st.storage()
            .ratings(q.bad.unwrap_or(false), LIST_LIMIT)
            .await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_takes_a_rating_for_thirty_days_after_the_visit() {
        let invited_at = 1_800_000_000_000;
        let state = || CodeState::Invited {
            workstation_id: "W1".into(),
            invite: RatingInvite {
                code: "7K2M9QXR4TZ8".into(),
                ticket: None,
                cases: vec!["WIN-1".into()],
                clerk_id: "c1".into(),
                served_at: chrono::Utc::now(),
            },
            invited_at,
        };
        let day = 86_400_000;
        assert!(open_invitation(state(), invited_at + 30 * day).is_ok());
        assert!(matches!(
            open_invitation(state(), invited_at + 30 * day + 1),
            Err(BackofficeError::RatingClosed { days: 30 })
        ));
        assert!(matches!(
            open_invitation(CodeState::Unknown, invited_at),
            Err(BackofficeError::UnknownRatingCode)
        ));
    }

    #[test]
    fn the_page_pins_its_script_and_style() {
        crate::routes::pages::assert_pinned(PAGE);
    }

    #[test]
    fn follow_up_skips_weekends_and_holidays() {
        let cal = WorkingCalendar::built_in().unwrap();
        // Thursday 2026-01-01 is 元旦 (to 01-03); Sunday 01-04 is a make-up workday.
        let from = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        assert_eq!(
            follow_up_by(&cal, from, 3),
            NaiveDate::from_ymd_opt(2026, 1, 6).unwrap()
        );
        // Past the calendar: Friday + 1 working day is Monday.
        let friday = NaiveDate::from_ymd_opt(2031, 1, 3).unwrap();
        assert_eq!(
            follow_up_by(&cal, friday, 1),
            NaiveDate::from_ymd_opt(2031, 1, 6).unwrap()
        );
    }
}
