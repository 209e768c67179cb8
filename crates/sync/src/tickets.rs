//! The hall's ticket queue as a window uses it (取号叫号): call, recall, start, no-show,
//! transfer, finish, pause; and 好差评 ratings. Every call uses the workstation's token; the
//! body names the clerk at the keyboard.

use crate::{BackofficeClient, Failure};
use ow_api::{
    CallRequest, Called, CheckIn, FinishRequest, HallSetup, PauseRequest, RatingIntake,
    RatingRecord, Ticket, TransferRequest, WindowState, IDEMPOTENCY_KEY,
};
use serde::{de::DeserializeOwned, Serialize};

impl BackofficeClient {
    /// `POST path` with a bearer token and a JSON body, its answer as `T`.
    pub(crate) async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        body: &B,
        idempotency_key: Option<&str>,
    ) -> Result<T, Failure> {
        let mut req = self.http.post(self.url(path)).bearer_auth(token).json(body);
        if let Some(key) = idempotency_key {
            req = req.header(IDEMPOTENCY_KEY, key);
        }
        let resp = req.send().await.map_err(|e| Failure::network(&e))?;
        if !resp.status().is_success() {
            return Err(crate::intake::classify(resp).await);
        }
        resp.json().await.map_err(|e| Failure::network(&e))
    }

    /// `POST path` with a bearer token and a JSON body, for routes that answer with no body.
    pub(crate) async fn post_unit<B: Serialize>(
        &self,
        path: &str,
        token: &str,
        body: &B,
    ) -> Result<(), Failure> {
        let resp = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .map_err(|e| Failure::network(&e))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(crate::intake::classify(resp).await)
        }
    }

    /// `POST /ratings/invitations`: visit `invite.code` may be rated later (idempotent by code).
    pub async fn post_rating_invite(
        &self,
        token: &str,
        invite: &ow_api::RatingInvite,
    ) -> Result<(), Failure> {
        self.post_unit("/ratings/invitations", token, invite).await
    }

    /// Groups, which windows serve which, and the calling rules.
    pub async fn hall_setup(&self, token: &str) -> Result<HallSetup, Failure> {
        self.get_json("/hall/setup", token).await
    }

    /// This window: paused or not, and the ticket it called or serves.
    pub async fn window_state(&self, token: &str) -> Result<WindowState, Failure> {
        self.get_json("/windows/me", token).await
    }

    /// `POST /windows/presence` (the workstation's token): who sits here, the case in hand.
    pub async fn post_presence(
        &self,
        token: &str,
        presence: &ow_api::WindowPresence,
    ) -> Result<(), Failure> {
        self.post_unit("/windows/presence", token, presence).await
    }

    /// Calls the next ticket to this window for `clerk_id`.
    pub async fn call_next(&self, token: &str, clerk_id: &str) -> Result<Called, Failure> {
        let body = CallRequest {
            clerk_id: clerk_id.to_owned(),
        };
        self.post_json("/tickets/call", token, &body, None).await
    }

    fn ticket_path(id: &str, action: &str) -> String {
        format!("/tickets/{}/{action}", urlencoding(id))
    }

    /// Calls the ticket again (it counts towards a no-show).
    pub async fn recall(&self, token: &str, id: &str) -> Result<Ticket, Failure> {
        self.post_json(&Self::ticket_path(id, "recall"), token, &(), None)
            .await
    }

    /// The citizen is at the window: service starts.
    pub async fn start_ticket(&self, token: &str, id: &str) -> Result<Ticket, Failure> {
        self.post_json(&Self::ticket_path(id, "start"), token, &(), None)
            .await
    }

    pub async fn no_show(&self, token: &str, id: &str) -> Result<Ticket, Failure> {
        self.post_json(&Self::ticket_path(id, "no-show"), token, &(), None)
            .await
    }

    pub async fn transfer(
        &self,
        token: &str,
        id: &str,
        req: &TransferRequest,
    ) -> Result<Ticket, Failure> {
        self.post_json(&Self::ticket_path(id, "transfer"), token, req, None)
            .await
    }

    /// The visit is over; `cases` are its window case numbers.
    pub async fn finish_ticket(
        &self,
        token: &str,
        id: &str,
        cases: Vec<String>,
    ) -> Result<Ticket, Failure> {
        let body = FinishRequest { cases };
        self.post_json(&Self::ticket_path(id, "finish"), token, &body, None)
            .await
    }

    pub async fn pause_window(&self, token: &str, reason: &str) -> Result<WindowState, Failure> {
        let body = PauseRequest {
            reason: reason.to_owned(),
        };
        self.post_json("/windows/pause", token, &body, None).await
    }

    pub async fn resume_window(&self, token: &str) -> Result<WindowState, Failure> {
        self.post_json("/windows/resume", token, &(), None).await
    }

    /// Checks an appointment in at the window by the ID number just read: the ticket is for this
    /// window, which calls it next.
    pub async fn check_in_by_id(&self, token: &str, id_number: &str) -> Result<Ticket, Failure> {
        let body = CheckIn {
            code: None,
            id_number: Some(id_number.to_owned()),
            here: true,
        };
        self.post_json("/appointments/check-in", token, &body, None)
            .await
    }

    /// Reports a visit served under a typed paper ticket (idempotent by window, number and
    /// start).
    pub async fn post_offline_served(
        &self,
        token: &str,
        served: &ow_api::OfflineServed,
    ) -> Result<Ticket, Failure> {
        self.post_json("/tickets/offline", token, served, None)
            .await
    }

    /// Forwards one rating; `key` makes a retry safe (the outbox's item id).
    pub async fn post_rating(
        &self,
        token: &str,
        key: &str,
        rating: &RatingIntake,
    ) -> Result<RatingRecord, Failure> {
        self.post_json("/ratings", token, rating, Some(key)).await
    }
}

/// Ticket ids are `20261203-A023`; anything else is escaped rather than trusted in a path.
pub(crate) fn urlencoding(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
