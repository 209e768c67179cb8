//! One storage trait, two implementations: embedded SQLite (default) and PostgreSQL.
//!
//! Each method is one transaction. The state machine lives in [`crate::domain`]; backends
//! only load, lock, check existence and write, so both behave the same by construction.

mod floor;
mod notices;
mod postgres;
mod sqlite;
mod tickets;

pub use floor::*;
pub use notices::*;
pub use postgres::{redact, PostgresStorage};
pub use sqlite::SqliteStorage;
pub use tickets::*;

use crate::auth::Principal;
use crate::domain::{to_time, Cursor, Plan};
use crate::error::BackofficeError;
use crate::tickets::{CheckInBy, Step, StepBy, TicketRow};
use async_trait::async_trait;
use ow_api::{
    Actor, ActorKind, Admission, AppointmentRequest, CaseAction, CaseEvent, CaseIntake, CaseState,
    CaseView, Change, ClerkRole, EventDetail, HallSettings, HallSetup, IntakeReceipt,
    LockoutPolicy, LockoutState, OfflineServed, Priority, QueueDef, RatingRecord, ServiceGroup,
    TicketState, WindowGroups,
};

pub type Result<T> = std::result::Result<T, BackofficeError>;

#[derive(Debug, Clone)]
pub struct WorkstationRecord {
    pub id: String,
    pub window_name: String,
    pub secret_hash: String,
}

#[derive(Debug, Clone)]
pub struct ClerkRecord {
    pub id: String,
    pub name: String,
    /// At least one, sorted, no repeats.
    pub roles: Vec<ClerkRole>,
    pub queues: Vec<String>,
    /// Argon2id of the password or PIN.
    pub secret_hash: String,
}

/// One step of the sign-in lockout, applied by [`Storage::lockout`] to an account's row in
/// one transaction: parallel guesses are counted one after the other, so no burst gets more
/// than the policy's allowance of verifications. The rule itself is `ow_api`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockoutStep {
    /// Before verifying a guess: counts it, or says the account is locked.
    Admit,
    /// The guess was wrong: `Locked` when it used up the allowance.
    Failed,
    /// The guess was right: the counters start afresh (unless guesses after it locked the
    /// account meanwhile; see `LockoutPolicy::succeeded_at`).
    Succeeded,
    /// Only asks whether the key is locked; counts nothing (for a budget of failures alone,
    /// where each failure is then counted with `Admit`).
    Check,
}

impl LockoutStep {
    pub fn apply(self, policy: &LockoutPolicy, s: &mut LockoutState, now: i64) -> Admission {
        match self {
            Self::Admit => policy.admit(s, now),
            Self::Check if s.locked_until_ms > now => Admission::Locked {
                retry_after_secs: u64::try_from((s.locked_until_ms - now + 999) / 1000)
                    .unwrap_or(1),
            },
            Self::Check => Admission::Go,
            Self::Failed => policy.failed(s, now),
            Self::Succeeded => {
                // Other guesses at the account may be in flight: a lock they set stands.
                policy.succeeded_at(s, now);
                Admission::Go
            }
        }
    }
}

/// Rows untouched since before this are forgotten (pruned on successful sign-ins): their
/// window and lock are long over. Only the doubling of a next lock is lost, after a quiet day.
pub fn lockout_stale_before(policy: &LockoutPolicy, now: i64) -> i64 {
    let keep_ms = i64::from(policy.window_secs.max(policy.max_lock_secs)) * 1000;
    now.saturating_sub(keep_ms)
}

/// Milliseconds as stored; counters are small and never negative.
pub fn lockout_from_row(
    attempts: i64,
    pending: i64,
    window_start_ms: i64,
    locked_until_ms: i64,
    locks: i64,
) -> LockoutState {
    LockoutState {
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        pending: u32::try_from(pending).unwrap_or(u32::MAX),
        window_start_ms,
        locked_until_ms,
        locks: u32::try_from(locks).unwrap_or(u32::MAX),
    }
}

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub token_hash: String,
    pub principal: Principal,
    pub expires_at: i64,
}

/// One stored version of the catalog or the calendar.
#[derive(Debug, Clone)]
pub struct ReferenceDoc {
    pub version: u32,
    pub etag: String,
    pub body: Vec<u8>,
}

/// A case to take in, already validated.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub workstation_id: String,
    pub idempotency_key: String,
    pub request_hash: String,
    pub intake: CaseIntake,
    pub actor: Actor,
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IntakeOutcome {
    Created(IntakeReceipt),
    /// The same key and body came before: the first answer, unchanged.
    Replayed(IntakeReceipt),
}

/// A case row as both backends store it.
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub id: i64,
    pub case_number: String,
    pub window_case_no: String,
    pub workstation_id: String,
    pub queue: String,
    pub item_code: String,
    pub item_name: String,
    pub priority: String,
    pub state: String,
    pub assignee: Option<String>,
    pub body: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The states of a case still open (not handed out, not rejected).
pub const OPEN_STATES: &str = "('queued', 'in_review', 'approved', 'returned', 'ready_for_pickup')";

/// The columns of [`CaseRow`], in order, for both backends' SELECTs.
pub const CASE_COLUMNS: &str = "id, case_number, window_case_no, workstation_id, queue, \
    item_code, item_name, priority, state, assignee, body, created_at, updated_at";

/// An event row as both backends store it.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: String,
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub detail: String,
}

pub const EVENT_COLUMNS: &str = "at, actor_kind, actor_id, action, from_state, to_state, detail";

/// Raw counts for the hall overview; [`crate::routes`] shapes them.
#[derive(Debug, Clone, Default)]
pub struct OverviewRows {
    pub queues: Vec<QueueDef>,
    pub windows: Vec<(String, String)>,
    pub per_queue: Vec<(String, String, i64)>,
    pub per_window: Vec<(String, String, i64)>,
    /// (queue, case number, queued at) of the longest-waiting case per queue.
    pub oldest: Vec<(String, String, i64)>,
}

/// What the sandbox starts with.
#[derive(Debug, Clone, Default)]
pub struct Seed {
    pub queues: Vec<QueueDef>,
    pub groups: Vec<ServiceGroup>,
    pub window_groups: Vec<WindowGroups>,
    pub workstations: Vec<WorkstationRecord>,
    pub clerks: Vec<ClerkRecord>,
}

/// Checks a transition against the locked case and says what to write.
pub type Decide = Box<dyn FnOnce(&CaseRow) -> Result<Plan> + Send>;

#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// `sqlite` or `postgres`, for logs and the overview.
    fn backend(&self) -> &'static str;
    /// Inserts the seed rows that are not there yet.
    async fn apply_seed(&self, seed: Seed) -> Result<()>;

    async fn put_queue(&self, q: QueueDef) -> Result<()>;
    async fn queues(&self) -> Result<Vec<QueueDef>>;
    /// Also ends the workstation's sessions and clears its sign-in lockout: a new secret
    /// works at once.
    async fn put_workstation(&self, w: WorkstationRecord) -> Result<()>;
    async fn workstation(&self, id: &str) -> Result<Option<WorkstationRecord>>;
    /// Also ends the clerk's sessions and clears their sign-in lockout, so new roles or a new
    /// secret apply at once (an administrator resetting a forgotten PIN unlocks the account).
    async fn put_clerk(&self, c: ClerkRecord) -> Result<()>;
    async fn clerk(&self, id: &str) -> Result<Option<ClerkRecord>>;

    async fn put_session(&self, s: SessionRecord) -> Result<()>;
    /// The session if it exists and has not expired at `now`.
    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRecord>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;

    /// Applies one lockout step to `key`'s counters (`clerk:<id>`, `workstation:<id>`) in one
    /// transaction that locks the row, so the answer reflects every step before it.
    async fn lockout(
        &self,
        key: &str,
        step: LockoutStep,
        policy: LockoutPolicy,
        now: i64,
    ) -> Result<Admission>;

    /// Stores a new version unless the latest has the same etag; returns the latest.
    async fn put_reference(
        &self,
        kind: &'static str,
        body: Vec<u8>,
        etag: String,
        now: i64,
    ) -> Result<ReferenceDoc>;
    async fn latest_reference(&self, kind: &'static str) -> Result<Option<ReferenceDoc>>;

    /// Returns whether the blob was new.
    async fn put_blob(&self, sha256: String, body: Vec<u8>, now: i64) -> Result<bool>;
    async fn blob_size(&self, sha256: &str) -> Result<Option<i64>>;
    async fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>>;

    /// Idempotency check, queue and blob checks, the case, its first event: one transaction.
    async fn intake(&self, case: NewCase) -> Result<IntakeOutcome>;
    async fn case(&self, case_number: &str) -> Result<Option<(CaseRow, Vec<EventRow>)>>;
    /// Takes the most urgent, longest-waiting queued case; `None` when the queue is empty.
    async fn claim_next(
        &self,
        queue: &str,
        actor: Actor,
        now: i64,
    ) -> Result<Option<(CaseRow, Vec<EventRow>)>>;
    /// Locks the case, lets `decide` check the transition, writes it and its audit event.
    async fn transition(
        &self,
        case_number: &str,
        actor: Actor,
        now: i64,
        decide: Decide,
    ) -> Result<(CaseRow, Vec<EventRow>)>;
    async fn changes(&self, since: Cursor, limit: u32) -> Result<Vec<(Cursor, CaseRow, EventRow)>>;
    async fn overview(&self) -> Result<OverviewRows>;

    // The hall's ticket queue. Every method that changes tickets is one transaction that
    // first locks the hall's calling-state row, so calls are taken one after the other.

    async fn hall_setup(&self) -> Result<HallSetup>;
    /// A prefix held by another group is refused (`tickets.prefix_taken`).
    async fn put_group(&self, g: ServiceGroup) -> Result<()>;
    /// Replaces the window's groups; the window and every group must exist.
    async fn put_window_groups(&self, w: WindowGroups) -> Result<()>;
    async fn put_hall_settings(&self, s: HallSettings) -> Result<()>;
    /// Numbers the ticket in its group's day sequence and works out `ahead`.
    async fn issue_ticket(&self, t: NewTicket) -> Result<TicketRow>;
    /// Returns the six-digit code, unique among appointments not checked in.
    async fn book_appointment(&self, a: AppointmentRequest, now: i64) -> Result<String>;
    /// Finds today's open appointment and issues its ticket; `here` (a window) makes the
    /// ticket that window's own, as a transfer to it would.
    async fn check_in(
        &self,
        by: CheckInBy,
        here: Option<String>,
        actor: Option<Actor>,
        now: i64,
    ) -> Result<TicketRow>;
    /// Calls the next ticket for window `ws` by [`crate::calling::choose`].
    async fn call_next(&self, ws: &str, clerk_id: &str, now: i64) -> Result<CallOutcome>;
    /// A window's step on a ticket it called, or a lead's move of a waiting one
    /// ([`crate::tickets::plan_step`]); one transaction with its audit row.
    async fn ticket_step(&self, id: &str, by: &StepBy, step: Step, now: i64) -> Result<TicketRow>;
    /// Overwrites window `ws`'s presence report.
    async fn put_presence(&self, ws: &str, p: &ow_api::WindowPresence, now: i64) -> Result<()>;
    /// The floor on hall day `day`: what [`crate::floor::hall_now`] builds the lead's view from.
    async fn floor(&self, day: &str) -> Result<FloorRows>;
    /// Tickets of hall days `from_day..=to_day` (`YYYYMMDD`), and cases, notices and ratings
    /// received in `[from_ms, to_ms)`: what [`crate::figures::figures`] works from.
    async fn figure_rows(
        &self,
        from_day: &str,
        to_day: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<FigureRows>;
    /// `Some(reason)` pauses the window, `None` resumes it.
    async fn set_paused(&self, ws: &str, reason: Option<String>, now: i64) -> Result<()>;
    async fn window_state(&self, ws: &str, now: i64) -> Result<WindowRow>;
    /// Idempotent by (window, number, started_at).
    async fn offline_served(
        &self,
        ws: &str,
        o: OfflineServed,
        now: i64,
    ) -> Result<Recorded<TicketRow>>;
    /// The hall's tickets of local day `day` (`20261203`), oldest first.
    async fn tickets_of_day(
        &self,
        day: &str,
        state: Option<TicketState>,
        limit: u32,
    ) -> Result<Vec<TicketRow>>;

    /// Idempotent like an intake: same key and body → the first record.
    async fn rate(&self, r: NewRating) -> Result<Recorded<RatingRecord>>;
    /// Newest first.
    async fn ratings(&self, bad_only: bool, limit: u32) -> Result<Vec<RatingRecord>>;
    /// Records that visit `invite.code` may be rated later; the same code again changes
    /// nothing.
    async fn invite_rating(&self, ws: &str, invite: ow_api::RatingInvite, now: i64) -> Result<()>;
    /// What `code` stands for.
    async fn rating_code(&self, code: &str) -> Result<CodeState>;

    /// Cases not handed out or rejected yet, oldest first, at most `limit`.
    async fn open_cases(&self, limit: u32) -> Result<Vec<CaseRow>>;

    /// Stores a notice unless its document number is taken; the taken row's request hash
    /// when it is.
    async fn put_notice(&self, n: NewNotice) -> Result<Option<String>>;
    async fn notice(&self, document_number: &str) -> Result<Option<NoticeRow>>;
    /// The applicant's notices no case carries on, newest first.
    async fn open_notices(&self, applicant_number: &str, limit: u32) -> Result<Vec<NoticeRow>>;
    /// Records that case `by` carries notice `document_number` on; the case that did first.
    async fn carry_notice(
        &self,
        document_number: &str,
        by: &str,
        ws: &str,
        now: i64,
    ) -> Result<String>;
}

pub fn priority_str(p: Priority) -> &'static str {
    match p {
        Priority::Normal => "normal",
        Priority::GreenChannel => "green_channel",
        Priority::Urgent => "urgent",
    }
}

/// Higher is served first.
pub fn priority_rank(p: Priority) -> i64 {
    match p {
        Priority::Normal => 0,
        Priority::GreenChannel => 1,
        Priority::Urgent => 2,
    }
}

fn actor_kind_str(k: ActorKind) -> &'static str {
    match k {
        ActorKind::Workstation => "workstation",
        ActorKind::Clerk => "clerk",
        ActorKind::Admin => "admin",
    }
}

/// An audit row for a transition (or the intake, with `from` = None).
pub fn event_row(
    actor: &Actor,
    action: CaseAction,
    from: Option<&str>,
    to: CaseState,
    detail: &EventDetail,
    now: i64,
) -> Result<EventRow> {
    Ok(EventRow {
        at: now,
        actor_kind: actor_kind_str(actor.kind).into(),
        actor_id: actor.id.clone(),
        action: action.as_str().into(),
        from_state: from.map(Into::into),
        to_state: to.as_str().into(),
        detail: serde_json::to_string(detail)
            .map_err(|e| BackofficeError::Internal(e.to_string()))?,
    })
}

/// The case body with supplements appended; an owed (容缺) material they bring is owed no more.
pub fn body_with_materials(row: &CaseRow, plan: &Plan) -> Result<String> {
    if plan.new_materials.is_empty() {
        return Ok(row.body.clone());
    }
    let mut intake: CaseIntake = serde_json::from_str(&row.body).map_err(corrupt)?;
    intake
        .owed
        .retain(|o| !plan.new_materials.iter().any(|m| m.code == o.code));
    intake.materials.extend(plan.new_materials.iter().cloned());
    serde_json::to_string(&intake).map_err(|e| BackofficeError::Internal(e.to_string()))
}

fn corrupt(e: impl std::fmt::Display) -> BackofficeError {
    BackofficeError::Internal(format!("a stored row does not parse: {e}"))
}

pub fn parse_state(s: &str) -> Result<CaseState> {
    CaseState::parse(s).ok_or_else(|| corrupt(format!("state {s:?}")))
}

fn parse_priority(s: &str) -> Priority {
    match s {
        "urgent" => Priority::Urgent,
        "green_channel" => Priority::GreenChannel,
        _ => Priority::Normal,
    }
}

pub fn event_from_row(e: &EventRow) -> Result<CaseEvent> {
    let kind = match e.actor_kind.as_str() {
        "workstation" => ActorKind::Workstation,
        "clerk" => ActorKind::Clerk,
        _ => ActorKind::Admin,
    };
    Ok(CaseEvent {
        at: to_time(e.at),
        actor: Actor {
            kind,
            id: e.actor_id.clone(),
        },
        action: CaseAction::parse(&e.action).ok_or_else(|| corrupt(&e.action))?,
        from: e.from_state.as_deref().map(parse_state).transpose()?,
        to: parse_state(&e.to_state)?,
        detail: serde_json::from_str(&e.detail).map_err(corrupt)?,
    })
}

pub fn view_from_rows(row: &CaseRow, events: &[EventRow]) -> Result<CaseView> {
    Ok(CaseView {
        case_number: row.case_number.clone(),
        window_case_no: row.window_case_no.clone(),
        workstation_id: row.workstation_id.clone(),
        queue: row.queue.clone(),
        item_code: row.item_code.clone(),
        item_name: row.item_name.clone(),
        priority: parse_priority(&row.priority),
        state: parse_state(&row.state)?,
        assignee: row.assignee.clone(),
        received_at: to_time(row.created_at),
        updated_at: to_time(row.updated_at),
        intake: serde_json::from_str(&row.body).map_err(corrupt)?,
        history: events.iter().map(event_from_row).collect::<Result<_>>()?,
    })
}

pub fn change_from_rows(cursor: Cursor, row: &CaseRow, e: &EventRow) -> Result<Change> {
    let ev = event_from_row(e)?;
    Ok(Change {
        cursor: cursor.encode(),
        case_number: row.case_number.clone(),
        window_case_no: row.window_case_no.clone(),
        workstation_id: row.workstation_id.clone(),
        queue: row.queue.clone(),
        action: ev.action,
        state: ev.to,
        at: ev.at,
        detail: ev.detail,
    })
}

pub fn receipt_json(r: &IntakeReceipt) -> Result<String> {
    serde_json::to_string(r).map_err(|e| BackofficeError::Internal(e.to_string()))
}

pub fn receipt_from_json(s: &str) -> Result<IntakeReceipt> {
    serde_json::from_str(s).map_err(corrupt)
}

pub fn principal_json(p: &Principal) -> Result<String> {
    serde_json::to_string(p).map_err(|e| BackofficeError::Internal(e.to_string()))
}

pub fn principal_from_json(s: &str) -> Result<Principal> {
    serde_json::from_str(s).map_err(corrupt)
}

pub fn queues_json(q: &[String]) -> Result<String> {
    serde_json::to_string(q).map_err(|e| BackofficeError::Internal(e.to_string()))
}

pub fn queues_from_json(s: &str) -> Result<Vec<String>> {
    serde_json::from_str(s).map_err(corrupt)
}

pub fn roles_json(roles: &[ClerkRole]) -> Result<String> {
    serde_json::to_string(roles).map_err(|e| BackofficeError::Internal(e.to_string()))
}

pub fn roles_from_json(s: &str) -> Result<Vec<ClerkRole>> {
    let names: Vec<String> = serde_json::from_str(s).map_err(corrupt)?;
    names
        .iter()
        .map(|n| ClerkRole::parse(n).ok_or_else(|| corrupt(format!("role {n:?}"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_the_old_window_name_reads_as_clerk() {
        let roles = vec![ClerkRole::Clerk, ClerkRole::Lead];
        let json = roles_json(&roles).unwrap();
        assert_eq!(json, r#"["clerk","lead"]"#);
        assert_eq!(roles_from_json(&json).unwrap(), roles);
        assert_eq!(
            roles_from_json(r#"["window"]"#).unwrap(),
            vec![ClerkRole::Clerk]
        );
        assert!(roles_from_json(r#"["janitor"]"#).is_err());
    }

    #[test]
    fn stale_rows_are_those_past_both_the_window_and_the_longest_lock() {
        let p = LockoutPolicy::default();
        assert_eq!(
            lockout_stale_before(&p, 100_000_000),
            100_000_000 - 86_400_000
        );
    }
}
