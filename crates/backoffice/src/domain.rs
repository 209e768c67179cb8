//! The case state machine and request validation: pure functions both storage backends share,
//! so SQLite and PostgreSQL cannot disagree about what a transition means.

use crate::auth::Principal;
use crate::error::BackofficeError;
use chrono::{DateTime, NaiveDate, Utc};
use ow_api::{
    ApproveRequest, CaseAction, CaseIntake, CaseState, ClerkRole, EventDetail, HandOutRequest,
    MaterialRef, ReadyRequest, ReassignRequest, RejectRequest, ReturnRequest, SupplementRequest,
};
use sha2::{Digest, Sha256};

/// Longest free-text field we accept; longer is a client bug, not a case.
pub(crate) const MAX_TEXT: usize = 2000;
pub(crate) const MAX_ID: usize = 200;
const MAX_MATERIALS: usize = 500;
const MAX_BLOBS_PER_CASE: usize = 5000;

/// Milliseconds since the epoch: how both backends store time.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

pub fn to_time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `BO` + receipt date + a hall-wide sequence: short enough to read over the phone.
pub fn case_number(now_ms: i64, seq: i64) -> String {
    format!("BO{}{seq:06}", to_time(now_ms).format("%Y%m%d"))
}

/// The hash an idempotency key is bound to. It is taken over the parsed request, so
/// whitespace, key order and spelled-out defaults do not make a retry look different.
pub fn request_hash(intake: &CaseIntake) -> Result<String, BackofficeError> {
    let canonical =
        serde_json::to_vec(intake).map_err(|e| BackofficeError::Internal(e.to_string()))?;
    Ok(sha256_hex(&canonical))
}

/// A position in the change feed. PostgreSQL orders by (transaction id, event id) so a
/// poller never skips an event whose transaction commits late; SQLite has one writer and
/// keeps `txid` at 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor {
    pub txid: i64,
    pub id: i64,
}

impl Cursor {
    pub fn encode(self) -> String {
        format!("{}.{}", self.txid, self.id)
    }

    pub fn parse(s: Option<&str>) -> Result<Self, BackofficeError> {
        let Some(s) = s.filter(|s| !s.is_empty()) else {
            return Ok(Self::default());
        };
        let bad = || BackofficeError::BadCursor {
            cursor: s.chars().take(50).collect(),
        };
        let (t, i) = s.split_once('.').ok_or_else(bad)?;
        let txid = t.parse::<i64>().map_err(|_| bad())?;
        let id = i.parse::<i64>().map_err(|_| bad())?;
        if txid < 0 || id < 0 {
            return Err(bad());
        }
        Ok(Self { txid, id })
    }
}

pub(crate) fn text(field: &'static str, s: &str, max: usize) -> Result<(), BackofficeError> {
    if s.trim().is_empty() {
        return Err(BackofficeError::invalid(field, "must not be empty"));
    }
    opt_text(field, Some(s), max)
}

pub(crate) fn opt_text(
    field: &'static str,
    s: Option<&str>,
    max: usize,
) -> Result<(), BackofficeError> {
    match s {
        Some(s) if s.chars().count() > max => Err(BackofficeError::invalid(
            field,
            format!("longer than {max} characters"),
        )),
        _ => Ok(()),
    }
}

/// An id used in a path or as a key: visible ASCII, no slashes, bounded.
pub fn check_id(field: &'static str, s: &str) -> Result<(), BackofficeError> {
    text(field, s, MAX_ID)?;
    if !s.bytes().all(|b| b.is_ascii_graphic() && b != b'/') {
        return Err(BackofficeError::invalid(
            field,
            "use visible ASCII without '/'",
        ));
    }
    Ok(())
}

pub(crate) fn check_materials(materials: &[MaterialRef]) -> Result<(), BackofficeError> {
    if materials.len() > MAX_MATERIALS {
        return Err(BackofficeError::invalid("materials", "too many materials"));
    }
    let mut blobs = 0;
    for m in materials {
        text("materials.code", &m.code, MAX_ID)?;
        text("materials.name", &m.name, MAX_TEXT)?;
        blobs += m.blobs.len();
        if let Some(bad) = m.blobs.iter().find(|h| !is_sha256_hex(h)) {
            return Err(BackofficeError::invalid(
                "materials.blobs",
                format!(
                    "{:?} is not a lowercase hex SHA-256",
                    bad.chars().take(80).collect::<String>()
                ),
            ));
        }
    }
    if blobs > MAX_BLOBS_PER_CASE {
        return Err(BackofficeError::invalid(
            "materials.blobs",
            "too many pages",
        ));
    }
    Ok(())
}

pub fn validate_intake(c: &CaseIntake) -> Result<(), BackofficeError> {
    text("window_case_no", &c.window_case_no, MAX_ID)?;
    text("item_code", &c.item_code, MAX_ID)?;
    text("item_name", &c.item_name, MAX_TEXT)?;
    check_id("queue", &c.queue)?;
    text("clerk_id", &c.clerk_id, MAX_ID)?;
    text("applicant.name", &c.applicant.name, MAX_TEXT)?;
    text("applicant.id_number", &c.applicant.id_number, MAX_ID)?;
    opt_text(
        "applicant.number_reason",
        c.applicant.number_reason.as_deref(),
        MAX_TEXT,
    )?;
    if let Some(a) = &c.agent {
        text("agent.name", &a.name, MAX_TEXT)?;
        text("agent.id_number", &a.id_number, MAX_ID)?;
        opt_text("agent.number_reason", a.number_reason.as_deref(), MAX_TEXT)?;
    }
    opt_text("note", c.note.as_deref(), MAX_TEXT)?;
    if c.owed.len() > MAX_MATERIALS {
        return Err(BackofficeError::invalid(
            "owed",
            format!("more than {MAX_MATERIALS} owed materials"),
        ));
    }
    for m in &c.owed {
        text("owed.code", &m.code, MAX_ID)?;
        text("owed.name", &m.name, MAX_TEXT)?;
    }
    check_materials(&c.materials)
}

/// Every distinct blob a list of materials references, sorted.
pub fn referenced_blobs(materials: &[MaterialRef]) -> Vec<String> {
    let mut v: Vec<String> = materials
        .iter()
        .flat_map(|m| m.blobs.iter().cloned())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// A decision on one case, as the HTTP layer received it.
#[derive(Debug, Clone)]
pub enum Command {
    Approve(ApproveRequest),
    Return(ReturnRequest),
    Reject(RejectRequest),
    Ready(ReadyRequest),
    Reassign(ReassignRequest),
    HandOut(HandOutRequest),
    Supplement(SupplementRequest),
}

impl Command {
    pub fn action(&self) -> CaseAction {
        match self {
            Self::Approve(_) => CaseAction::Approve,
            Self::Return(_) => CaseAction::Return,
            Self::Reject(_) => CaseAction::Reject,
            Self::Ready(_) => CaseAction::Ready,
            Self::Reassign(_) => CaseAction::Reassign,
            Self::HandOut(_) => CaseAction::HandOut,
            Self::Supplement(_) => CaseAction::Supplement,
        }
    }

    /// Shape checks that need no database; run before anything is touched.
    pub fn validate(&self) -> Result<(), BackofficeError> {
        match self {
            Self::Approve(r) => opt_text("note", r.note.as_deref(), MAX_TEXT),
            Self::Ready(r) => opt_text("note", r.note.as_deref(), MAX_TEXT),
            Self::Return(r) => {
                if r.reasons.is_empty() {
                    return Err(BackofficeError::invalid(
                        "reasons",
                        "give at least one reason",
                    ));
                }
                for reason in &r.reasons {
                    text("reasons", reason, MAX_TEXT)?;
                }
                opt_text("note", r.note.as_deref(), MAX_TEXT)
            }
            Self::Reject(r) => {
                text("reason", &r.reason, MAX_TEXT)?;
                opt_text("legal_basis", r.legal_basis.as_deref(), MAX_TEXT)
            }
            Self::Reassign(r) => {
                text("reason", &r.reason, MAX_TEXT)?;
                if let Some(q) = &r.queue {
                    check_id("queue", q)?;
                }
                if let Some(c) = &r.clerk {
                    check_id("clerk", c)?;
                }
                Ok(())
            }
            Self::HandOut(r) => {
                text("clerk_id", &r.clerk_id, MAX_ID)?;
                if let Some(c) = &r.collector {
                    opt_text(
                        "collector.override_reason",
                        c.override_reason.as_deref(),
                        MAX_TEXT,
                    )?;
                    let reasoned = c
                        .override_reason
                        .as_deref()
                        .is_some_and(|s| !s.trim().is_empty());
                    if c.role == ow_api::CollectorRole::Other && !reasoned {
                        return Err(BackofficeError::invalid(
                            "collector.override_reason",
                            "a result handed to someone else needs the reason",
                        ));
                    }
                }
                opt_text("note", r.note.as_deref(), MAX_TEXT)
            }
            Self::Supplement(r) => {
                if r.materials.is_empty() {
                    return Err(BackofficeError::invalid("materials", "bring at least one"));
                }
                check_materials(&r.materials)?;
                opt_text("note", r.note.as_deref(), MAX_TEXT)
            }
        }
    }
}

/// The case as the state machine sees it.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub state: CaseState,
    pub queue: String,
    pub assignee: Option<String>,
    /// The intake's last day for a return for supplement (Art. 32), and the day it is now.
    pub notice_by: Option<NaiveDate>,
    pub today: NaiveDate,
}

/// What a storage backend must write for one transition.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub action: CaseAction,
    pub to: CaseState,
    pub queue: String,
    pub assignee: Option<String>,
    /// Back at the end of a queue: the waiting time restarts.
    pub requeued: bool,
    pub detail: EventDetail,
    /// Materials to append to the case (supplements); their blobs must exist.
    pub new_materials: Vec<MaterialRef>,
}

fn refuse(from: CaseState, action: CaseAction) -> BackofficeError {
    BackofficeError::InvalidTransition {
        from: from.as_str(),
        action: action.as_str(),
    }
}

/// Decides whether `who` may apply `cmd` to a case in `facts`, and what changes if so.
pub fn plan(facts: &CaseFacts, cmd: &Command, who: &Principal) -> Result<Plan, BackofficeError> {
    use CaseState as S;
    let action = cmd.action();
    let mut out = Plan {
        action,
        to: facts.state,
        queue: facts.queue.clone(),
        assignee: facts.assignee.clone(),
        requeued: false,
        detail: EventDetail::default(),
        new_materials: Vec::new(),
    };
    match cmd {
        Command::Approve(_) | Command::Return(_) | Command::Reject(_) => {
            let clerk = who.clerk_id().ok_or(BackofficeError::Forbidden {
                needed: "a clerk session",
            })?;
            if facts.state != S::InReview {
                return Err(refuse(facts.state, action));
            }
            if facts.assignee.as_deref() != Some(clerk) {
                return Err(BackofficeError::NotAssignee);
            }
            match cmd {
                Command::Approve(r) => {
                    out.to = S::Approved;
                    out.detail.note = r.note.clone();
                }
                Command::Return(r) => {
                    out.to = S::Returned;
                    out.detail.reasons = r.reasons.clone();
                    out.detail.note = r.note.clone();
                    // Allowed, but on the record: the application already counts as
                    // accepted from receipt.
                    out.detail.late_notice = facts.notice_by.is_some_and(|by| facts.today > by);
                }
                Command::Reject(r) => {
                    out.to = S::Rejected;
                    out.detail.reasons = vec![r.reason.clone()];
                    out.detail.note = r.legal_basis.clone();
                }
                _ => {}
            }
        }
        Command::Ready(r) => {
            if !who.works_queue(&facts.queue) {
                return Err(BackofficeError::Forbidden {
                    needed: "an approver of this queue or a shift lead",
                });
            }
            if facts.state != S::Approved {
                return Err(refuse(facts.state, action));
            }
            out.to = S::ReadyForPickup;
            out.detail.note = r.note.clone();
        }
        Command::Reassign(r) => {
            if !who.has_role(ClerkRole::Lead) {
                return Err(BackofficeError::Forbidden {
                    needed: "a shift lead",
                });
            }
            if !matches!(facts.state, S::Queued | S::InReview) {
                return Err(refuse(facts.state, action));
            }
            if let Some(q) = &r.queue {
                out.queue = q.clone();
            }
            // With a clerk the case goes straight to them; without, back to the queue.
            out.assignee = r.clerk.clone();
            out.to = if r.clerk.is_some() {
                S::InReview
            } else {
                S::Queued
            };
            out.requeued = out.to == S::Queued;
            out.detail = EventDetail {
                reasons: vec![r.reason.clone()],
                note: None,
                queue: r.queue.clone(),
                clerk: r.clerk.clone(),
                late_notice: false,
                collector: None,
            };
        }
        Command::HandOut(r) => {
            if who.workstation_id().is_none() {
                return Err(BackofficeError::Forbidden {
                    needed: "a workstation session",
                });
            }
            if !matches!(facts.state, S::ReadyForPickup | S::Rejected) {
                return Err(refuse(facts.state, action));
            }
            out.to = S::HandedOut;
            out.assignee = None;
            out.detail.clerk = Some(r.clerk_id.clone());
            out.detail.note = r.note.clone();
            out.detail.collector = r.collector.clone();
        }
        Command::Supplement(r) => {
            if who.workstation_id().is_none() {
                return Err(BackofficeError::Forbidden {
                    needed: "a workstation session",
                });
            }
            if r.owed {
                // Owed (容缺) materials join the case where it is: queue and approver kept.
                if !matches!(facts.state, S::Queued | S::InReview) {
                    return Err(refuse(facts.state, action));
                }
            } else {
                if facts.state != S::Returned {
                    return Err(refuse(facts.state, action));
                }
                out.to = S::Queued;
                out.assignee = None;
                out.requeued = true;
            }
            out.new_materials = r.materials.clone();
            out.detail.note = r.note.clone();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Principal;

    fn approver(id: &str) -> Principal {
        Principal::Clerk {
            id: id.into(),
            name: id.into(),
            roles: vec![ClerkRole::Approver],
            queues: vec!["huzheng".into()],
        }
    }

    fn facts(state: CaseState, assignee: Option<&str>) -> CaseFacts {
        CaseFacts {
            state,
            queue: "huzheng".into(),
            assignee: assignee.map(Into::into),
            notice_by: None,
            today: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default(),
        }
    }

    #[test]
    fn a_return_after_the_five_day_clock_is_taken_and_flagged() {
        let cmd = Command::Return(ReturnRequest {
            reasons: vec!["缺少户口簿".into()],
            note: None,
        });
        let mut f = facts(CaseState::InReview, Some("a1"));
        for (notice_by, late) in [
            (None, false),
            (Some(f.today), false),
            (f.today.pred_opt(), true),
        ] {
            f.notice_by = notice_by;
            let out = plan(&f, &cmd, &approver("a1")).unwrap();
            assert_eq!(out.to, CaseState::Returned);
            assert_eq!(out.detail.late_notice, late, "{notice_by:?}");
        }
    }

    #[test]
    fn only_the_assignee_decides() {
        let cmd = Command::Approve(ApproveRequest::default());
        let f = facts(CaseState::InReview, Some("a1"));
        assert_eq!(
            plan(&f, &cmd, &approver("a1")).unwrap().to,
            CaseState::Approved
        );
        assert!(matches!(
            plan(&f, &cmd, &approver("a2")),
            Err(BackofficeError::NotAssignee)
        ));
    }

    #[test]
    fn a_queued_case_cannot_be_approved() {
        let cmd = Command::Approve(ApproveRequest::default());
        let err = plan(&facts(CaseState::Queued, None), &cmd, &approver("a1")).unwrap_err();
        assert!(matches!(err, BackofficeError::InvalidTransition { .. }));
    }

    #[test]
    fn cursors_round_trip_and_reject_junk() {
        let c = Cursor { txid: 7, id: 42 };
        assert_eq!(Cursor::parse(Some(&c.encode())).unwrap(), c);
        assert_eq!(Cursor::parse(None).unwrap(), Cursor::default());
        assert!(Cursor::parse(Some("x.1")).is_err());
        assert!(Cursor::parse(Some("-1.1")).is_err());
    }

    #[test]
    fn case_numbers_carry_the_date() {
        assert_eq!(case_number(0, 12), "BO19700101000012");
    }
}
