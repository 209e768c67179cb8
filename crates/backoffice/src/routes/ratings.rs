//! 好差评: a window's rating of a visit, stored once per Idempotency-Key; 差评 are followed up
//! within working days of the official calendar.

use crate::auth::Auth;
use crate::domain::{now_ms, sha256_hex};
use crate::error::BackofficeError;
use crate::extract::{JsonBody, QueryParam};
use crate::openapi::ErrorBody;
use crate::routes::cases::idempotency_key;
use crate::state::AppState;
use crate::storage::{NewRating, Recorded};
use crate::tickets::{hall_date, validate_rating};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use chrono::{Datelike, NaiveDate, Weekday};
use ow_api::{CalendarDocument, RatingIntake, RatingRecord};
use ow_calendar::WorkingCalendar;
use serde::Deserialize;
use utoipa::IntoParams;

const LIST_LIMIT: u32 = 2000;

/// The built-in years with the uploaded calendar (`PUT /calendar`) laid over them, as the
/// windows do. A year that does not load is left out with a warning: the rest still counts.
async fn calendar(st: &AppState) -> Result<WorkingCalendar, BackofficeError> {
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
    let follow_up = if req.grade.is_bad() {
        let days = st
            .storage()
            .hall_setup()
            .await?
            .settings
            .bad_rating_follow_up_days;
        Some(follow_up_by(&calendar(&st).await?, hall_date(now), days))
    } else {
        None
    };
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
