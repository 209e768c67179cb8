//! Results flowing back: the hall's transitions (`GET /changes`), one case in full
//! (`GET /cases/{n}`), the hand-over at the window (`POST /cases/{n}/hand-out`), and a
//! returned case's supplement (`POST /cases/{n}/supplement`).

use crate::{BackofficeClient, Failure};
use ow_api::{CaseView, ChangesPage, HandOutRequest, SupplementRequest};

impl BackofficeClient {
    /// One page of transitions after `since` (from the beginning when `None`), oldest first.
    pub async fn fetch_changes(
        &self,
        token: &str,
        since: Option<&str>,
        limit: u32,
    ) -> Result<ChangesPage, Failure> {
        let mut req = self
            .http
            .get(self.url("/changes"))
            .bearer_auth(token)
            .query(&[("limit", limit.to_string())]);
        if let Some(since) = since {
            req = req.query(&[("since", since)]);
        }
        let resp = req.send().await.map_err(|e| Failure::network(&e))?;
        if !resp.status().is_success() {
            return Err(crate::intake::classify(resp).await);
        }
        resp.json().await.map_err(|e| Failure::network(&e))
    }

    /// The case as the back office holds it, with its history.
    pub async fn fetch_case(&self, token: &str, case_number: &str) -> Result<CaseView, Failure> {
        self.get_json(&format!("/cases/{case_number}"), token).await
    }

    /// Records that the result was handed to the citizen at this window.
    pub async fn hand_out(
        &self,
        token: &str,
        case_number: &str,
        request: &HandOutRequest,
    ) -> Result<CaseView, Failure> {
        self.post_case_action(token, case_number, "hand-out", request)
            .await
    }

    /// Sends the pages a returned case was missing (uploaded first with `PUT /blobs`).
    pub async fn supplement(
        &self,
        token: &str,
        case_number: &str,
        request: &SupplementRequest,
    ) -> Result<CaseView, Failure> {
        self.post_case_action(token, case_number, "supplement", request)
            .await
    }

    async fn post_case_action(
        &self,
        token: &str,
        case_number: &str,
        action: &str,
        body: &impl serde::Serialize,
    ) -> Result<CaseView, Failure> {
        let resp = self
            .http
            .post(self.url(&format!("/cases/{case_number}/{action}")))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        if !resp.status().is_success() {
            return Err(crate::intake::classify(resp).await);
        }
        resp.json().await.map_err(|e| Failure::network(&e))
    }
}
