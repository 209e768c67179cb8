//! The hall's figures for a shift lead: as JSON for the console's charts, and as a
//! spreadsheet or CSV to file. One report is worked out at a time (a year of a large hall is
//! a million tickets); another waits a little, then is told to try again.

use crate::auth::Auth;
use crate::domain::now_ms;
use crate::error::BackofficeError;
use crate::extract::QueryParam;
use crate::openapi::ErrorBody;
use crate::state::AppState;
use crate::tickets::HALL_OFFSET_MS;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use ow_api::{Figures, FiguresFormat, FiguresQuery, FIGURES_MAX_DAYS};
use serde::Deserialize;
use std::time::Duration;
use utoipa::IntoParams;

/// How long a report waits for the one before it.
const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// How long one report may take.
const REPORT_TIME: Duration = Duration::from_secs(60);

fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), BackofficeError> {
    if to < from {
        return Err(BackofficeError::invalid("to", "must not be before from"));
    }
    if (to - from).num_days() >= FIGURES_MAX_DAYS {
        return Err(BackofficeError::invalid(
            "to",
            format!("at most {FIGURES_MAX_DAYS} days in one report"),
        ));
    }
    Ok(())
}

/// The first instant of hall day `d`.
fn day_start(d: NaiveDate) -> i64 {
    d.and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp_millis()
        - HALL_OFFSET_MS
}

async fn work_out(
    st: &AppState,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Figures, BackofficeError> {
    check_range(from, to)?;
    let busy = || BackofficeError::Busy { what: "a report" };
    let _permit = tokio::time::timeout(QUEUE_WAIT, st.reports().acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| busy())?;
    let storage = st.storage();
    let report = async {
        let rows = storage
            .figure_rows(
                &from.format("%Y%m%d").to_string(),
                &to.format("%Y%m%d").to_string(),
                day_start(from),
                day_start(to + chrono::Duration::days(1)),
            )
            .await?;
        let setup = storage.hall_setup().await?;
        Ok::<_, BackofficeError>(crate::figures::figures(
            rows,
            &setup.groups,
            from,
            to,
            now_ms(),
        ))
    };
    tokio::time::timeout(REPORT_TIME, report)
        .await
        .map_err(|_| busy())?
}

#[utoipa::path(get, path = "/hall/figures", tag = "hall", security(("bearer" = [])),
    params(FiguresQuery),
    responses(
        (status = 200, description = "Tickets, waiting and handling times (median, p90) per clerk, group and hour; acceptances and notices per item; ratings per clerk", body = Figures),
        (status = 400, description = "Not dates", body = ErrorBody),
        (status = 403, description = "Needs a shift lead", body = ErrorBody),
        (status = 422, description = "`to` before `from`, or more than 366 days", body = ErrorBody),
        (status = 503, description = "Another report is being worked out (`backoffice.busy`)", body = ErrorBody)))]
pub async fn figures(
    State(st): State<AppState>,
    Auth(p): Auth,
    QueryParam(q): QueryParam<FiguresQuery>,
) -> Result<Json<Figures>, BackofficeError> {
    p.require_lead()?;
    Ok(Json(work_out(&st, q.from, q.to).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `xlsx` or `csv`.
    #[param(value_type = String)]
    pub format: FiguresFormat,
}

#[utoipa::path(get, path = "/hall/figures/export", tag = "hall", security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The figures as a workbook (one sheet per table) or one CSV (UTF-8 with BOM)", content_type = "application/octet-stream"),
        (status = 400, description = "Not dates, or an unknown format", body = ErrorBody),
        (status = 403, description = "Needs a shift lead", body = ErrorBody),
        (status = 422, description = "`to` before `from`, or more than 366 days", body = ErrorBody),
        (status = 503, description = "Another report is being worked out", body = ErrorBody)))]
pub async fn export(
    State(st): State<AppState>,
    Auth(p): Auth,
    QueryParam(q): QueryParam<ExportQuery>,
) -> Result<Response, BackofficeError> {
    p.require_lead()?;
    let f = work_out(&st, q.from, q.to).await?;
    let (bytes, mime) = match q.format {
        FiguresFormat::Xlsx => (
            crate::figures_export::to_xlsx(&f)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        FiguresFormat::Csv => (
            crate::figures_export::to_csv(&f)?,
            "text/csv; charset=utf-8",
        ),
    };
    let name = format!(
        "figures-{}-{}.{}",
        q.from.format("%Y%m%d"),
        q.to.format("%Y%m%d"),
        q.format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_covers_at_most_a_year_forwards() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(check_range(d("2026-01-01"), d("2026-12-31")).is_ok());
        assert!(
            check_range(d("2024-01-01"), d("2024-12-31")).is_ok(),
            "a leap year"
        );
        assert!(
            check_range(d("2026-01-01"), d("2027-01-01")).is_ok(),
            "366 days"
        );
        assert!(
            check_range(d("2026-01-01"), d("2027-01-02")).is_err(),
            "367 days"
        );
        assert!(check_range(d("2026-12-03"), d("2026-12-02")).is_err());
        // The hall's day starts at 16:00 UTC the day before.
        assert_eq!(
            day_start(d("2026-12-03")),
            d("2026-12-02")
                .and_hms_opt(16, 0, 0)
                .unwrap()
                .and_utc()
                .timestamp_millis()
        );
    }
}
