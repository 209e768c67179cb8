//! What a shift lead asks of the back office with their own token: the hall at a glance,
//! the floor now, what is at risk, moving tickets and cases, and the figures. A clerk's token
//! gets 403 for all of it.

use crate::{BackofficeClient, Failure};
use chrono::NaiveDate;
use ow_api::FiguresFormat;
use std::time::Duration;

/// A year of a large hall's figures is worked out in about a second; the rest is slack for a
/// busy server (the back office itself gives up after a minute).
const FIGURES_TIMEOUT: Duration = Duration::from_secs(60);
/// An exported workbook of a year is well under a megabyte; this bounds a misbehaving server.
const MAX_EXPORT_BYTES: usize = 16 * 1024 * 1024;

impl BackofficeClient {
    /// `GET /overview` with a shift lead's token: the hall at a glance (403 for anyone else).
    pub async fn overview(&self, token: &str) -> Result<ow_api::Overview, Failure> {
        self.get_json("/overview", token).await
    }

    /// `GET /hall/now` (a lead's token): the floor at this moment.
    pub async fn hall_now(&self, token: &str) -> Result<ow_api::HallNow, Failure> {
        self.get_json("/hall/now", token).await
    }

    /// `POST /hall/tickets/{id}/move` (a lead's token): a waiting ticket to another group or
    /// one window, with the reason.
    pub async fn move_ticket(
        &self,
        token: &str,
        id: &str,
        request: &ow_api::TransferRequest,
    ) -> Result<ow_api::Ticket, Failure> {
        let path = format!("/hall/tickets/{}/move", crate::tickets::urlencoding(id));
        self.post_json(&path, token, request, None).await
    }

    /// `POST /cases/{n}/reassign` (a lead's token): a misrouted case to another department's
    /// queue (or to one approver), with the reason.
    pub async fn reassign_case(
        &self,
        token: &str,
        case_number: &str,
        request: &ow_api::ReassignRequest,
    ) -> Result<ow_api::CaseView, Failure> {
        let path = format!(
            "/cases/{}/reassign",
            crate::tickets::urlencoding(case_number)
        );
        self.post_json(&path, token, request, None).await
    }

    /// `GET /hall/at-risk` (a lead's token): what the lead chases.
    pub async fn at_risk(&self, token: &str) -> Result<ow_api::AtRisk, Failure> {
        self.get_json("/hall/at-risk", token).await
    }

    /// `GET /hall/figures` (a lead's token) for hall days `from..=to`.
    pub async fn figures(
        &self,
        token: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<ow_api::Figures, Failure> {
        let resp = self
            .http
            .get(self.url("/hall/figures"))
            .query(&[("from", from.to_string()), ("to", to.to_string())])
            .bearer_auth(token)
            .timeout(FIGURES_TIMEOUT)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        if !resp.status().is_success() {
            return Err(crate::intake::classify(resp).await);
        }
        resp.json().await.map_err(|e| Failure::network(&e))
    }

    /// `GET /hall/figures/export` (a lead's token): the file's bytes.
    pub async fn figures_export(
        &self,
        token: &str,
        from: NaiveDate,
        to: NaiveDate,
        format: FiguresFormat,
    ) -> Result<Vec<u8>, Failure> {
        let resp = self
            .http
            .get(self.url("/hall/figures/export"))
            .query(&[
                ("from", from.to_string()),
                ("to", to.to_string()),
                ("format", format.extension().to_owned()),
            ])
            .bearer_auth(token)
            .timeout(FIGURES_TIMEOUT)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        Self::read_capped(
            resp,
            MAX_EXPORT_BYTES,
            "sync.export_too_large",
            "the export",
        )
        .await
    }
}
