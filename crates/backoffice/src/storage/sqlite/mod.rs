//! Embedded SQLite: the default, for the sandbox and small halls.
//!
//! One connection behind a mutex, used from blocking threads: every write is a
//! `BEGIN IMMEDIATE` transaction, so SQLite's single writer is also our claim lock.

use super::*;
mod appointments;
mod cases;
mod figures;
mod floor;
mod hall;
mod lockout;
mod notices;
mod people;
mod ratings;
mod schema;
mod tickets;

use cases::*;
use lockout::lockout_tx;
use rusqlite::{params, Connection, OptionalExtension};
use schema::{migrate, seed_tx};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(super) fn db(context: &'static str) -> impl FnOnce(rusqlite::Error) -> BackofficeError {
    move |e| BackofficeError::Storage {
        context,
        source: Box::new(e),
    }
}

pub struct SqliteStorage {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStorage {
    /// Opens (creating if needed) and migrates; `None` is a private in-memory database.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        let mut conn = match path {
            Some(p) => Connection::open(p),
            None => Connection::open_in_memory(),
        }
        .map_err(db("open the database"))?;
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(db("set the busy timeout"))?;
        if path.is_some() {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .map_err(db("switch to WAL"))?;
            // FULL: an answered intake must survive a power cut, the window has moved on.
            conn.pragma_update(None, "synchronous", "FULL")
                .map_err(db("set synchronous"))?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(db("enable foreign keys"))?;
        migrate(&mut conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection in a blocking thread.
    async fn call<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            // A panic inside a transaction rolled it back on unwind: the data is sound.
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await?
    }

    /// Seeds without a runtime (for the synchronous [`crate::router`]).
    pub fn apply_seed_blocking(&self, seed: &Seed) -> Result<()> {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        seed_tx(&mut guard, seed)
    }
}

fn subject(p: &Principal) -> String {
    match p {
        Principal::Workstation { id, .. } => format!("workstation:{id}"),
        Principal::Clerk { id, .. } => format!("clerk:{id}"),
        Principal::Admin => "admin".into(),
    }
}

#[async_trait]
impl Storage for SqliteStorage {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn apply_seed(&self, seed: Seed) -> Result<()> {
        self.call(move |c| seed_tx(c, &seed)).await
    }

    async fn put_queue(&self, q: QueueDef) -> Result<()> {
        self.call(move |c| {
            c.execute(
                "INSERT INTO queues (code, name) VALUES (?1, ?2) ON CONFLICT(code) DO UPDATE SET name = excluded.name",
                params![q.code, q.name],
            )
            .map_err(db("save a queue"))?;
            Ok(())
        })
        .await
    }

    async fn queues(&self) -> Result<Vec<QueueDef>> {
        self.call(|c| {
            c.prepare_cached("SELECT code, name FROM queues ORDER BY code")
                .and_then(|mut s| {
                    s.query_map([], |r| {
                        Ok(QueueDef {
                            code: r.get(0)?,
                            name: r.get(1)?,
                        })
                    })?
                    .collect()
                })
                .map_err(db("list queues"))
        })
        .await
    }

    async fn put_workstation(&self, w: WorkstationRecord) -> Result<()> {
        self.call(move |c| people::put_workstation(c, &w)).await
    }

    async fn workstation(&self, id: &str) -> Result<Option<WorkstationRecord>> {
        let id = id.to_owned();
        self.call(move |c| people::workstation(c, &id)).await
    }

    async fn put_clerk(&self, k: ClerkRecord) -> Result<()> {
        self.call(move |c| people::put_clerk(c, &k)).await
    }

    async fn clerk(&self, id: &str) -> Result<Option<ClerkRecord>> {
        let id = id.to_owned();
        self.call(move |c| people::clerk(c, &id)).await
    }

    async fn put_session(&self, s: SessionRecord) -> Result<()> {
        let principal = principal_json(&s.principal)?;
        let subject = subject(&s.principal);
        self.call(move |c| {
            let tx = write_tx(c)?;
            tx.execute("DELETE FROM sessions WHERE expires_at < ?1", [crate::domain::now_ms()])
                .map_err(db("prune sessions"))?;
            tx.execute(
                "INSERT INTO sessions (token_hash, subject, principal, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![s.token_hash, subject, principal, s.expires_at],
            )
            .map_err(db("save a session"))?;
            tx.commit().map_err(db("commit a session"))
        })
        .await
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRecord>> {
        let hash = token_hash.to_owned();
        let raw = self
            .call(move |c| {
                c.prepare_cached("SELECT principal, expires_at FROM sessions WHERE token_hash = ?1 AND expires_at > ?2")
                    .and_then(|mut s| {
                        s.query_row(params![hash, now], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                            .optional()
                    })
                    .map_err(db("read a session"))
            })
            .await?;
        raw.map(|(p, expires_at)| {
            Ok(SessionRecord {
                token_hash: token_hash.to_owned(),
                principal: principal_from_json(&p)?,
                expires_at,
            })
        })
        .transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let hash = token_hash.to_owned();
        self.call(move |c| {
            c.execute("DELETE FROM sessions WHERE token_hash = ?1", [hash])
                .map_err(db("end a session"))?;
            Ok(())
        })
        .await
    }

    async fn lockout(
        &self,
        key: &str,
        step: LockoutStep,
        policy: LockoutPolicy,
        now: i64,
    ) -> Result<Admission> {
        let key = key.to_owned();
        self.call(move |c| lockout_tx(c, &key, step, &policy, now))
            .await
    }

    async fn put_reference(
        &self,
        kind: &'static str,
        body: Vec<u8>,
        etag: String,
        now: i64,
    ) -> Result<ReferenceDoc> {
        self.call(move |c| {
            let tx = write_tx(c)?;
            let latest: Option<(i64, String)> = tx
                .query_row(
                    "SELECT version, etag FROM reference_docs WHERE kind = ?1 ORDER BY version DESC LIMIT 1",
                    [kind],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(db("read the latest reference"))?;
            let version = match latest {
                Some((v, e)) if e == etag => v,
                other => {
                    let v = other.map_or(1, |(v, _)| v + 1);
                    tx.execute(
                        "INSERT INTO reference_docs (kind, version, etag, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![kind, v, etag, body, now],
                    )
                    .map_err(db("store a reference version"))?;
                    v
                }
            };
            tx.commit().map_err(db("commit a reference"))?;
            Ok(ReferenceDoc { version: u32::try_from(version).unwrap_or(u32::MAX), etag, body })
        })
        .await
    }

    async fn latest_reference(&self, kind: &'static str) -> Result<Option<ReferenceDoc>> {
        self.call(move |c| {
            c.query_row(
                "SELECT version, etag, body FROM reference_docs WHERE kind = ?1 ORDER BY version DESC LIMIT 1",
                [kind],
                |r| {
                    Ok(ReferenceDoc {
                        version: u32::try_from(r.get::<_, i64>(0)?).unwrap_or(u32::MAX),
                        etag: r.get(1)?,
                        body: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(db("read a reference"))
        })
        .await
    }

    async fn put_blob(&self, sha256: String, body: Vec<u8>, now: i64) -> Result<bool> {
        self.call(move |c| {
            let n = c
                .execute(
                    "INSERT OR IGNORE INTO blobs (sha256, size, body, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![sha256, body.len() as i64, body, now],
                )
                .map_err(db("store a blob"))?;
            Ok(n == 1)
        })
        .await
    }

    async fn blob_size(&self, sha256: &str) -> Result<Option<i64>> {
        let h = sha256.to_owned();
        self.call(move |c| {
            c.query_row("SELECT size FROM blobs WHERE sha256 = ?1", [h], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db("look up a blob"))
        })
        .await
    }

    async fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let h = sha256.to_owned();
        self.call(move |c| {
            c.query_row("SELECT body FROM blobs WHERE sha256 = ?1", [h], |r| {
                r.get(0)
            })
            .optional()
            .map_err(db("read a blob"))
        })
        .await
    }

    async fn intake(&self, case: NewCase) -> Result<IntakeOutcome> {
        self.call(move |c| intake_tx(c, case)).await
    }

    async fn case(&self, case_number: &str) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
        let n = case_number.to_owned();
        self.call(move |c| load_case(c, "case_number", &n)).await
    }

    async fn claim_next(
        &self,
        queue: &str,
        actor: Actor,
        now: i64,
    ) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
        let q = queue.to_owned();
        self.call(move |c| claim_tx(c, &q, &actor, now)).await
    }

    async fn transition(
        &self,
        case_number: &str,
        actor: Actor,
        now: i64,
        decide: Decide,
    ) -> Result<(CaseRow, Vec<EventRow>)> {
        let n = case_number.to_owned();
        self.call(move |c| transition_tx(c, &n, &actor, now, decide))
            .await
    }

    async fn changes(&self, since: Cursor, limit: u32) -> Result<Vec<(Cursor, CaseRow, EventRow)>> {
        self.call(move |c| {
            let cols = CASE_COLUMNS
                .split(", ")
                .map(|c| format!("c.{}", c.trim()))
                .collect::<Vec<_>>()
                .join(", ");
            let ecols = EVENT_COLUMNS
                .split(", ")
                .map(|c| format!("e.{c}"))
                .collect::<Vec<_>>()
                .join(", ");
            c.prepare_cached(&format!(
                "SELECT e.id, {cols}, {ecols} FROM case_events e JOIN cases c ON c.id = e.case_id \
                 WHERE e.id > ?1 ORDER BY e.id LIMIT ?2"
            ))
            .and_then(|mut s| {
                s.query_map(params![since.id, limit], |r| {
                    let id: i64 = r.get(0)?;
                    let row = case_row_at(r, 1)?;
                    Ok((Cursor { txid: 0, id }, row, event_at(r, 14)?))
                })?
                .collect()
            })
            .map_err(db("read the change feed"))
        })
        .await
    }

    async fn overview(&self) -> Result<OverviewRows> {
        self.call(|c| {
            let q3 = |sql: &str| -> Result<Vec<(String, String, i64)>> {
                c.prepare(sql)
                    .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect())
                    .map_err(db("count cases"))
            };
            let per_queue = q3("SELECT queue, state, COUNT(*) FROM cases GROUP BY queue, state")?;
            let per_window = q3("SELECT workstation_id, state, COUNT(*) FROM cases GROUP BY workstation_id, state")?;
            let queues: Vec<QueueDef> = c
                .prepare("SELECT code, name FROM queues ORDER BY code")
                .and_then(|mut s| s.query_map([], |r| Ok(QueueDef { code: r.get(0)?, name: r.get(1)? }))?.collect())
                .map_err(db("list queues"))?;
            let windows: Vec<(String, String)> = c
                .prepare("SELECT id, window_name FROM workstations ORDER BY id")
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                .map_err(db("list workstations"))?;
            let mut oldest = Vec::new();
            let mut stmt = c
                .prepare(
                    "SELECT case_number, queued_at FROM cases WHERE queue = ?1 AND state = 'queued' \
                     ORDER BY queued_at, id LIMIT 1",
                )
                .map_err(db("find the oldest case"))?;
            for q in &queues {
                if let Some((n, at)) = stmt
                    .query_row([&q.code], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
                    .optional()
                    .map_err(db("find the oldest case"))?
                {
                    oldest.push((q.code.clone(), n, at));
                }
            }
            Ok(OverviewRows { queues, windows, per_queue, per_window, oldest })
        })
        .await
    }
    async fn hall_setup(&self) -> Result<HallSetup> {
        self.call(hall::hall_setup).await
    }

    async fn put_group(&self, g: ServiceGroup) -> Result<()> {
        self.call(move |c| hall::put_group(c, &g)).await
    }

    async fn put_window_groups(&self, w: WindowGroups) -> Result<()> {
        self.call(move |c| hall::put_window_groups(c, &w)).await
    }

    async fn put_hall_settings(&self, s: HallSettings) -> Result<()> {
        self.call(move |c| hall::put_settings(c, &s)).await
    }

    async fn issue_ticket(&self, t: NewTicket) -> Result<crate::tickets::TicketRow> {
        self.call(move |c| tickets::issue(c, &t)).await
    }

    async fn book_appointment(&self, a: AppointmentRequest, now: i64) -> Result<String> {
        self.call(move |c| appointments::book(c, &a, now)).await
    }

    async fn check_in(
        &self,
        by: crate::tickets::CheckInBy,
        here: Option<String>,
        actor: Option<Actor>,
        now: i64,
    ) -> Result<crate::tickets::TicketRow> {
        self.call(move |c| appointments::check_in(c, &by, here.as_deref(), actor.as_ref(), now))
            .await
    }

    async fn call_next(&self, ws: &str, clerk_id: &str, now: i64) -> Result<CallOutcome> {
        let (ws, clerk) = (ws.to_owned(), clerk_id.to_owned());
        self.call(move |c| tickets::call(c, &ws, &clerk, now)).await
    }

    async fn ticket_step(
        &self,
        id: &str,
        by: &crate::tickets::StepBy,
        step: crate::tickets::Step,
        now: i64,
    ) -> Result<crate::tickets::TicketRow> {
        let (id, by) = (id.to_owned(), by.clone());
        self.call(move |c| tickets::step(c, &id, &by, &step, now))
            .await
    }

    async fn put_presence(&self, ws: &str, p: &ow_api::WindowPresence, now: i64) -> Result<()> {
        let (ws, p) = (ws.to_owned(), p.clone());
        self.call(move |c| floor::put_presence(c, &ws, &p, now))
            .await
    }

    async fn floor(&self, day: &str) -> Result<FloorRows> {
        let day = day.to_owned();
        self.call(move |c| floor::rows(c, &day)).await
    }

    async fn figure_rows(
        &self,
        from_day: &str,
        to_day: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<FigureRows> {
        let (from_day, to_day) = (from_day.to_owned(), to_day.to_owned());
        self.call(move |c| figures::rows(c, (&from_day, &to_day), (from_ms, to_ms)))
            .await
    }

    async fn set_paused(&self, ws: &str, reason: Option<String>, now: i64) -> Result<()> {
        let ws = ws.to_owned();
        self.call(move |c| tickets::set_paused(c, &ws, reason.as_deref(), now))
            .await
    }

    async fn window_state(&self, ws: &str, now: i64) -> Result<WindowRow> {
        let ws = ws.to_owned();
        self.call(move |c| tickets::window_state(c, &ws, now)).await
    }

    async fn offline_served(
        &self,
        ws: &str,
        o: OfflineServed,
        now: i64,
    ) -> Result<Recorded<crate::tickets::TicketRow>> {
        let ws = ws.to_owned();
        self.call(move |c| tickets::offline(c, &ws, &o, now)).await
    }

    async fn tickets_of_day(
        &self,
        day: &str,
        state: Option<TicketState>,
        limit: u32,
    ) -> Result<Vec<crate::tickets::TicketRow>> {
        let day = day.to_owned();
        self.call(move |c| tickets::of_day(c, &day, state.map(TicketState::as_str), limit))
            .await
    }

    async fn rate(&self, r: NewRating) -> Result<Recorded<RatingRecord>> {
        self.call(move |c| ratings::rate(c, &r)).await
    }

    async fn ratings(&self, bad_only: bool, limit: u32) -> Result<Vec<RatingRecord>> {
        self.call(move |c| ratings::ratings(c, bad_only, limit))
            .await
    }

    async fn invite_rating(&self, ws: &str, invite: ow_api::RatingInvite, now: i64) -> Result<()> {
        let ws = ws.to_owned();
        self.call(move |c| ratings::invite(c, &ws, &invite, now))
            .await
    }

    async fn rating_code(&self, code: &str) -> Result<CodeState> {
        let code = code.to_owned();
        self.call(move |c| ratings::code_state(c, &code)).await
    }

    async fn open_cases(&self, limit: u32) -> Result<Vec<CaseRow>> {
        self.call(move |c| open_cases(c, limit)).await
    }

    async fn put_notice(&self, n: NewNotice) -> Result<Option<String>> {
        self.call(move |c| notices::put(c, &n)).await
    }

    async fn notice(&self, document_number: &str) -> Result<Option<NoticeRow>> {
        let d = document_number.to_owned();
        self.call(move |c| notices::one(c, &d)).await
    }

    async fn open_notices(&self, applicant_number: &str, limit: u32) -> Result<Vec<NoticeRow>> {
        let a = applicant_number.to_owned();
        self.call(move |c| notices::open_of(c, &a, limit)).await
    }

    async fn carry_notice(
        &self,
        document_number: &str,
        by: &str,
        ws: &str,
        now: i64,
    ) -> Result<String> {
        let (d, b, w) = (document_number.to_owned(), by.to_owned(), ws.to_owned());
        self.call(move |c| notices::carry(c, &d, &b, &w, now)).await
    }
}
