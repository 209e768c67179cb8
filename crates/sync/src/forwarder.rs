//! The forwarder: drains the store's outbox to the back office.
//!
//! All state lives in the store, so a process killed at any moment loses nothing: an entry
//! left `sending` is sent again at the next start, and the idempotency key makes the second
//! `POST /cases` return the first receipt instead of a second case. Blobs go first (skipped
//! when the server has them; `PUT` is idempotent by hash), then the case.

use crate::backoff::Backoff;
use crate::intake::Failure;
use crate::{BackofficeClient, SyncError, WorkstationSession};
use chrono::Utc;
use ow_store::{OutboxJob, Store};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

/// How the forwarder behaves.
#[derive(Debug, Clone)]
pub struct ForwarderSettings {
    pub workstation_id: String,
    pub secret: String,
    /// Cases in flight at once.
    pub concurrency: usize,
    pub backoff: Backoff,
    /// Look at the outbox at least this often even without a wake-up.
    pub idle_check: Duration,
}

impl ForwarderSettings {
    pub fn new(workstation_id: &str, secret: &str) -> Self {
        Self {
            workstation_id: workstation_id.to_owned(),
            secret: secret.to_owned(),
            concurrency: 8,
            backoff: Backoff::default(),
            idle_check: Duration::from_secs(30),
        }
    }
}

/// What one pass over the due entries did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainStats {
    pub confirmed: u32,
    pub retrying: u32,
    pub failed: u32,
}

enum Outcome {
    Confirmed,
    Retrying,
    Failed,
}

/// The outbox worker. Share it in an `Arc`; [`Forwarder::run`] loops until the task is
/// dropped.
pub struct Forwarder {
    store: Arc<Store>,
    client: BackofficeClient,
    settings: ForwarderSettings,
    wake: Arc<Notify>,
    session: Arc<WorkstationSession>,
    changes: watch::Sender<u64>,
    blocked: watch::Sender<Option<ow_error::ErrorBody>>,
}

impl Forwarder {
    /// `wake` is notified by whoever enqueues a case (or the clerk's retry).
    pub fn new(
        store: Arc<Store>,
        client: BackofficeClient,
        settings: ForwarderSettings,
        wake: Arc<Notify>,
    ) -> Arc<Self> {
        let session =
            WorkstationSession::new(client.clone(), &settings.workstation_id, &settings.secret);
        Self::with_session(store, session, settings, wake)
    }

    /// On the workstation's shared session (the app's other back-office tasks use it too).
    pub fn with_session(
        store: Arc<Store>,
        session: Arc<WorkstationSession>,
        settings: ForwarderSettings,
        wake: Arc<Notify>,
    ) -> Arc<Self> {
        Arc::new(Self {
            store,
            client: session.client().clone(),
            settings,
            wake,
            session,
            changes: watch::channel(0).0,
            blocked: watch::channel(None).0,
        })
    }

    /// Ticks after each change of an entry's state (the shell turns them into UI events).
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Why nothing can be sent at all (the back office refuses this workstation's sign-in, or
    /// cannot be reached), or `None` while forwarding works. The clerk is shown this: without
    /// it, cases would just wait with no reason given.
    pub fn blocked(&self) -> watch::Receiver<Option<ow_error::ErrorBody>> {
        self.blocked.subscribe()
    }

    fn changed(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Runs for ever: resets entries a dead process left `sending`, then drains whatever is
    /// due, sleeping until the next entry falls due, a wake-up, or `idle_check`.
    pub async fn run(self: Arc<Self>) {
        match self.store.outbox_reset_sending() {
            Ok(0) => {}
            Ok(n) => tracing::info!(n, "outbox: resending what a previous run left in flight"),
            Err(e) => tracing::error!(error = %ow_error::chain_message(&e), "outbox: cannot reset"),
        }
        let mut link_failures = 0i64;
        loop {
            let pause = match Arc::clone(&self).drain().await {
                Ok(_) => {
                    link_failures = 0;
                    self.blocked.send_if_modified(|b| b.take().is_some());
                    self.until_next_due()
                }
                Err(e) => {
                    tracing::warn!(code = ow_error::ErrorCode::code(&e), error = %ow_error::chain_message(&e), "outbox: cannot reach the back office");
                    let body = ow_error::ErrorBody::from_error(&e);
                    self.blocked.send_if_modified(|b| {
                        let changed = b.as_ref().map(|x| &x.code) != Some(&body.code);
                        *b = Some(body);
                        changed
                    });
                    link_failures += 1;
                    self.settings.backoff.delay(link_failures - 1, None)
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = self.wake.notified() => {}
            }
        }
    }

    fn until_next_due(&self) -> Duration {
        let idle = self.settings.idle_check;
        match self.store.outbox_next_due() {
            Ok(Some(at)) => (at - Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
                .min(idle),
            _ => idle,
        }
    }

    /// Sends every entry due now, `concurrency` at a time, until none is due. Fails (without
    /// touching any entry) only when the back office cannot be signed in to.
    pub async fn drain(self: Arc<Self>) -> Result<DrainStats, SyncError> {
        self.token().await?;
        let mut stats = DrainStats::default();
        let mut in_flight = JoinSet::new();
        let mut exhausted = false;
        loop {
            while !exhausted && in_flight.len() < self.settings.concurrency.max(1) {
                let room = self.settings.concurrency.max(1) - in_flight.len();
                let jobs = self
                    .store
                    .outbox_claim_due(Utc::now(), u32::try_from(room).unwrap_or(1))?;
                if jobs.is_empty() {
                    exhausted = true;
                }
                for job in jobs {
                    let me = Arc::clone(&self);
                    in_flight.spawn(async move { me.forward(job).await });
                }
            }
            match in_flight.join_next().await {
                None => return Ok(stats),
                Some(Ok(Ok(Outcome::Confirmed))) => stats.confirmed += 1,
                Some(Ok(Ok(Outcome::Retrying))) => stats.retrying += 1,
                Some(Ok(Ok(Outcome::Failed))) => stats.failed += 1,
                Some(Ok(Err(e))) => return Err(e),
                // A panicked task left its entry `sending`; the next start resends it.
                Some(Err(e)) => tracing::error!(error = %e, "outbox: a send task died"),
            }
            self.changed();
        }
    }

    async fn token(&self) -> Result<String, SyncError> {
        self.session.token().await
    }

    async fn forward(&self, job: OutboxJob) -> Result<Outcome, SyncError> {
        let token = self.token().await?;
        match self.send(&token, &job).await {
            Ok(number) => {
                self.store
                    .outbox_confirm(&job.case_id, &number, Utc::now())?;
                tracing::info!(case = %job.case_id, number = %number, "outbox: confirmed");
                Ok(Outcome::Confirmed)
            }
            Err(f @ Failure::Permanent { .. }) => {
                let reason = f.reason();
                tracing::warn!(case = %job.case_id, %reason, "outbox: refused for good");
                self.store.outbox_fail(&job.case_id, &reason)?;
                Ok(Outcome::Failed)
            }
            Err(f) => {
                if f == Failure::SignInAgain {
                    self.session.forget(&token).await;
                }
                let after = match &f {
                    Failure::Transient { retry_after, .. } => *retry_after,
                    _ => None,
                };
                let delay = self.settings.backoff.delay(job.attempts, after);
                let at = Utc::now() + chrono::Duration::from_std(delay).unwrap_or_default();
                tracing::debug!(case = %job.case_id, reason = %f.reason(), ?delay, "outbox: retry later");
                self.store
                    .outbox_retry_later(&job.case_id, &f.reason(), at)?;
                Ok(Outcome::Retrying)
            }
        }
    }

    /// A hand-over recorded at the window. Sent again after a lost answer, the back office
    /// refuses it (the case is handed out already): if the hand-over on its record is this
    /// one, it arrived and is done; if another window's, that is the clerk's to sort out.
    async fn hand_out(&self, token: &str, job: &ow_api::HandOutJob) -> Result<String, Failure> {
        let sent = self
            .client
            .hand_out(token, &job.case_number, &job.request)
            .await;
        let failure = match sent {
            Ok(view) => return Ok(view.case_number),
            Err(f) if f.is_link_failure() || f == Failure::SignInAgain => return Err(f),
            Err(f) => f,
        };
        let case = self.client.fetch_case(token, &job.case_number).await?;
        let last = case
            .history
            .iter()
            .rev()
            .find(|e| e.to == ow_api::CaseState::HandedOut);
        match last {
            Some(e)
                if e.detail.collector == job.request.collector
                    && e.detail.clerk.as_deref() == Some(job.request.clerk_id.as_str()) =>
            {
                Ok(case.case_number)
            }
            Some(_) => Err(Failure::permanent(
                "results.handed_out_elsewhere",
                format!("{} was handed out at another window first", job.case_number),
            )),
            None => Err(failure),
        }
    }

    /// A returned case's new pages. Sent again after a lost answer, the back office refuses it
    /// (the case is back in its queue): if the case holds every page of this supplement, it
    /// arrived and is done. A retry asks first, so a case returned once more in between never
    /// gets the same pages twice.
    async fn supplement(
        &self,
        token: &str,
        job: &OutboxJob,
        supplement: &ow_api::SupplementJob,
    ) -> Result<String, Failure> {
        let number = &supplement.case_number;
        if job.attempts > 0 && self.case_holds(token, supplement).await? {
            return Ok(number.clone());
        }
        self.upload_blobs(token, job).await?;
        match self
            .client
            .supplement(token, number, &supplement.request)
            .await
        {
            Ok(view) => Ok(view.case_number),
            Err(f) if f.is_link_failure() || f == Failure::SignInAgain => Err(f),
            Err(f) if self.case_holds(token, supplement).await? => {
                tracing::info!(case = %number, reason = %f.reason(), "outbox: the supplement had arrived before");
                Ok(number.clone())
            }
            Err(f) => Err(f),
        }
    }

    /// Whether the back office's case already holds every page of `supplement`.
    async fn case_holds(
        &self,
        token: &str,
        supplement: &ow_api::SupplementJob,
    ) -> Result<bool, Failure> {
        let ours: Vec<&String> = supplement
            .request
            .materials
            .iter()
            .flat_map(|m| &m.blobs)
            .collect();
        if ours.is_empty() {
            return Ok(false);
        }
        let case = self
            .client
            .fetch_case(token, &supplement.case_number)
            .await?;
        let held: std::collections::HashSet<&String> = case
            .intake
            .materials
            .iter()
            .flat_map(|m| &m.blobs)
            .collect();
        Ok(ours.iter().all(|b| held.contains(b)))
    }

    /// Uploads the entry's pages. A first attempt uploads straight away (the back office
    /// rarely has them yet); a retry asks first, so what made it before is not sent again.
    async fn upload_blobs(&self, token: &str, job: &OutboxJob) -> Result<(), Failure> {
        for sha in &job.blobs {
            if job.attempts > 0 && self.client.has_blob(token, sha).await? {
                continue;
            }
            let bytes = match self.store.blob(sha) {
                Ok(Some((_, bytes))) => bytes,
                Ok(None) => {
                    return Err(Failure::permanent(
                        "sync.blob_missing",
                        format!("page {sha} is not in the local store"),
                    ))
                }
                Err(e) => {
                    return Err(Failure::transient(
                        "store.sqlite",
                        ow_error::chain_message(&e),
                    ))
                }
            };
            self.client.put_blob(token, sha, bytes).await?;
        }
        Ok(())
    }

    /// Blobs, then the case; the back-office number on success.
    async fn send(&self, token: &str, job: &OutboxJob) -> Result<String, Failure> {
        let stored = |what: &str, e: serde_json::Error| {
            Failure::permanent("sync.bad_payload", format!("the stored {what}: {e}"))
        };
        match job.kind.as_str() {
            ow_store::KIND_RATING => {
                let rating = serde_json::from_str(&job.payload).map_err(|e| stored("rating", e))?;
                let record = self
                    .client
                    .post_rating(token, &job.idempotency_key, &rating)
                    .await?;
                return Ok(record.id);
            }
            ow_store::KIND_RATING_INVITE => {
                let invite: ow_api::RatingInvite =
                    serde_json::from_str(&job.payload).map_err(|e| stored("invitation", e))?;
                self.client.post_rating_invite(token, &invite).await?;
                return Ok(invite.code);
            }
            ow_store::KIND_HAND_OUT => {
                let job: ow_api::HandOutJob =
                    serde_json::from_str(&job.payload).map_err(|e| stored("hand-over", e))?;
                return self.hand_out(token, &job).await;
            }
            ow_store::KIND_SUPPLEMENT => {
                let supplement: ow_api::SupplementJob =
                    serde_json::from_str(&job.payload).map_err(|e| stored("supplement", e))?;
                return self.supplement(token, job, &supplement).await;
            }
            ow_store::KIND_NOTICE => {
                let notice: ow_api::NoticeRecord =
                    serde_json::from_str(&job.payload).map_err(|e| stored("notice", e))?;
                self.upload_blobs(token, job).await?;
                let stored = self.client.post_notice(token, &notice).await?;
                return Ok(stored.record.document_number);
            }
            ow_store::KIND_NOTICE_CARRIED => {
                let carried: ow_api::NoticeCarried =
                    serde_json::from_str(&job.payload).map_err(|e| stored("carry-on", e))?;
                let first = self.client.notice_carried(token, &carried).await?;
                return Ok(first.by_case);
            }
            ow_store::KIND_TICKET_SERVED => {
                let served = serde_json::from_str(&job.payload).map_err(|e| stored("visit", e))?;
                let ticket = self.client.post_offline_served(token, &served).await?;
                return Ok(ticket.id);
            }
            _ => {}
        }
        self.upload_blobs(token, job).await?;
        let receipt = self
            .client
            .post_case(token, &job.idempotency_key, job.payload.clone())
            .await?;
        Ok(receipt.case_number)
    }
}
