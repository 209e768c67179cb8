//! The outbox as the clerk sees it (top-bar count, sync panel, retry), and the wake-up the
//! forwarder waits on: whoever enqueues a case calls [`Desk::wake_outbox`] after committing.

use crate::{Desk, DeskError};
use chrono::Utc;
use ow_case::CaseId;
use ow_store::{OutboxCounts, OutboxListing};
use serde::{Deserialize, Serialize};
use specta::Type;

/// Where a case is on its way to the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Waiting,
    Sending,
    Confirmed,
    /// Refused for good; waits for the clerk's retry.
    Failed,
}

impl OutboxState {
    fn parse(s: &str) -> Self {
        match s {
            "sending" => Self::Sending,
            "confirmed" => Self::Confirmed,
            "failed" => Self::Failed,
            _ => Self::Waiting,
        }
    }
}

/// The counts the top bar and the sync panel show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OutboxSummary {
    pub waiting: u32,
    pub sending: u32,
    pub failed: u32,
    pub confirmed: u32,
    /// Sending attempts so far, over all entries (see `OutboxCounts::attempts`).
    pub attempts: u32,
    /// Why nothing can be sent at all (e.g. the back office refuses this workstation's
    /// sign-in), while that lasts.
    pub blocked: Option<OutboxReason>,
}

impl OutboxSummary {
    /// Not yet confirmed: the number in the top bar.
    pub fn pending(&self) -> u32 {
        self.waiting + self.sending + self.failed
    }
}

impl From<OutboxCounts> for OutboxSummary {
    fn from(c: OutboxCounts) -> Self {
        let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
        Self {
            waiting: n(c.waiting),
            sending: n(c.sending),
            failed: n(c.failed),
            confirmed: n(c.confirmed),
            attempts: n(c.attempts),
            blocked: None,
        }
    }
}

/// Why the last attempt did not go through: the stable code the UI translates, and the
/// server's or the link's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OutboxReason {
    pub code: String,
    pub message: String,
}

impl OutboxReason {
    fn parse(text: &str) -> Self {
        match text.split_once(": ") {
            Some((code, message)) if !code.contains(' ') => Self {
                code: code.to_owned(),
                message: message.to_owned(),
            },
            _ => Self {
                code: "sync.unknown".into(),
                message: text.to_owned(),
            },
        }
    }
}

/// One row of the sync panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OutboxItem {
    pub case_id: String,
    pub window_case_no: Option<String>,
    pub item_name: Option<String>,
    pub state: OutboxState,
    pub attempts: u32,
    /// RFC 3339.
    pub enqueued_at: String,
    pub next_attempt_at: String,
    pub confirmed_at: Option<String>,
    pub reason: Option<OutboxReason>,
    pub backoffice_number: Option<String>,
    /// `case`, or another kind: `rating`, `rating_invite`, `ticket_served`, `hand_out`.
    pub kind: String,
}

impl From<OutboxListing> for OutboxItem {
    fn from(l: OutboxListing) -> Self {
        let e = l.entry;
        Self {
            case_id: e.case_id,
            window_case_no: l.window_case_no,
            item_name: l.item_name,
            state: OutboxState::parse(&e.state),
            attempts: u32::try_from(e.attempts).unwrap_or(u32::MAX),
            enqueued_at: l.enqueued_at,
            next_attempt_at: e.next_attempt_at,
            confirmed_at: l.confirmed_at,
            reason: e.last_error.as_deref().map(OutboxReason::parse),
            backoffice_number: e.backoffice_number,
            kind: l.kind,
        }
    }
}

impl Desk {
    /// How many cases are in each state.
    pub fn outbox_summary(&self) -> Result<OutboxSummary, DeskError> {
        let mut s: OutboxSummary = self.store().outbox_counts()?.into();
        s.blocked = self
            .outbox_blocked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        Ok(s)
    }

    /// What the forwarder reports as stopping every send (see `Forwarder::blocked`).
    pub fn set_outbox_blocked(&self, reason: Option<&ow_error::ErrorBody>) {
        *self
            .outbox_blocked
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = reason.map(|b| OutboxReason {
            code: b.code.clone(),
            message: b.message.clone(),
        });
    }

    /// The sync panel: failed, sending and waiting cases, then the latest confirmed.
    pub fn outbox_list(&self, limit: u32) -> Result<Vec<OutboxItem>, DeskError> {
        Ok(self
            .store()
            .outbox_list(limit.clamp(1, 1000))?
            .into_iter()
            .map(OutboxItem::from)
            .collect())
    }

    /// The clerk's retry: a failed (or waiting) case is sent now.
    pub fn outbox_retry(&self, id: CaseId) -> Result<OutboxItem, DeskError> {
        self.store().outbox_retry_now(&id.to_string(), Utc::now())?;
        self.wake_outbox();
        let entry = self
            .store()
            .outbox_list(1000)?
            .into_iter()
            .find(|l| l.entry.case_id == id.to_string())
            .ok_or_else(|| ow_store::StoreError::NotFound(id.to_string()))?;
        Ok(entry.into())
    }

    /// Tells the forwarder there is something to send.
    pub fn wake_outbox(&self) {
        self.outbox_wake().notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ow_config::Config;
    use ow_store::NewOutboxEntry;

    #[test]
    fn a_refused_case_shows_its_reason_and_the_clerk_can_retry_it() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open(Config::default(), dir.path(), None).unwrap();
        let id = CaseId::new();
        desk.store()
            .in_transaction(|tx| {
                tx.enqueue(&NewOutboxEntry {
                    case_id: id,
                    idempotency_key: "k",
                    payload: r#"{"window_case_no": "W08-7"}"#,
                    blobs: &[],
                    enqueued_at: Utc::now(),
                })
            })
            .unwrap();
        assert_eq!(desk.outbox_summary().unwrap().pending(), 1);
        desk.store()
            .outbox_fail(
                &id.to_string(),
                "backoffice.unknown_queue: no queue named x",
            )
            .unwrap();
        let list = desk.outbox_list(50).unwrap();
        assert_eq!(list[0].state, OutboxState::Failed);
        assert_eq!(list[0].window_case_no.as_deref(), Some("W08-7"));
        assert_eq!(
            list[0].reason,
            Some(OutboxReason {
                code: "backoffice.unknown_queue".into(),
                message: "no queue named x".into()
            })
        );
        let item = desk.outbox_retry(id).unwrap();
        assert_eq!(item.state, OutboxState::Waiting);
        let err = desk.outbox_retry(CaseId::new()).unwrap_err();
        assert_eq!(ow_error::ErrorCode::code(&err), "store.not_found");
    }
}
