//! PostgreSQL, for production halls: a deadpool of tokio-postgres connections.
//!
//! Claims use `FOR UPDATE SKIP LOCKED`, so many approvers draw from one queue without
//! waiting on each other and never draw the same case.

mod appointments;
mod cases;
mod figures;
mod floor;
mod hall;
mod lockout;
mod notices;
mod ratings;
mod schema;
mod tickets;

use super::*;
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
pub use schema::redact;
use tokio_postgres::NoTls;

pub(super) fn pg(context: &'static str) -> impl FnOnce(tokio_postgres::Error) -> BackofficeError {
    move |e| BackofficeError::Storage {
        context,
        source: Box::new(e),
    }
}

pub struct PostgresStorage {
    pool: Pool,
}

impl PostgresStorage {
    /// Connects with up to `max_connections`, and migrates the schema.
    pub async fn connect(url: &str, max_connections: usize) -> Result<Self> {
        let bad = |problem: String| BackofficeError::BadDatabase {
            database: redact(url),
            problem,
        };
        let cfg: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| bad(e.to_string()))?;
        let mgr = Manager::from_config(
            cfg,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(mgr)
            .max_size(max_connections.max(1))
            .build()
            .map_err(|e| bad(e.to_string()))?;
        let me = Self { pool };
        schema::migrate(&mut me.client().await?).await?;
        Ok(me)
    }

    async fn client(&self) -> Result<Object> {
        self.pool.get().await.map_err(|e| BackofficeError::Storage {
            context: "get a database connection",
            source: Box::new(e),
        })
    }
}

fn subject(p: &Principal) -> String {
    match p {
        Principal::Workstation { id, .. } => format!("workstation:{id}"),
        Principal::Clerk { id, .. } => format!("clerk:{id}"),
        Principal::Admin => "admin".into(),
    }
}

fn version_u32(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

#[async_trait]
impl Storage for PostgresStorage {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn apply_seed(&self, seed: Seed) -> Result<()> {
        let mut client = self.client().await?;
        let tx = client.transaction().await.map_err(pg("start the seed"))?;
        for q in &seed.queues {
            tx.execute(
                "INSERT INTO queues (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&q.code, &q.name],
            )
            .await
            .map_err(pg("seed queues"))?;
        }
        for w in &seed.workstations {
            tx.execute(
                "INSERT INTO workstations (id, window_name, secret_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[&w.id, &w.window_name, &w.secret_hash],
            )
            .await
            .map_err(pg("seed workstations"))?;
        }
        for k in &seed.clerks {
            tx.execute(
                "INSERT INTO clerks (id, name, roles, queues, secret_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                &[&k.id, &k.name, &roles_json(&k.roles)?, &queues_json(&k.queues)?, &k.secret_hash],
            )
            .await
            .map_err(pg("seed clerks"))?;
        }
        hall::seed_hall(&tx, &seed).await?;
        tx.commit().await.map_err(pg("commit the seed"))
    }

    async fn put_queue(&self, q: QueueDef) -> Result<()> {
        self.client()
            .await?
            .execute(
                "INSERT INTO queues (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = excluded.name",
                &[&q.code, &q.name],
            )
            .await
            .map_err(pg("save a queue"))?;
        Ok(())
    }

    async fn queues(&self) -> Result<Vec<QueueDef>> {
        let rows = self
            .client()
            .await?
            .query("SELECT code, name FROM queues ORDER BY code", &[])
            .await
            .map_err(pg("list queues"))?;
        rows.iter()
            .map(|r| {
                Ok(QueueDef {
                    code: r.try_get(0)?,
                    name: r.try_get(1)?,
                })
            })
            .collect::<std::result::Result<_, tokio_postgres::Error>>()
            .map_err(pg("list queues"))
    }

    async fn put_workstation(&self, w: WorkstationRecord) -> Result<()> {
        let subject = format!("workstation:{}", w.id);
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("start a transaction"))?;
        tx.execute(
            "INSERT INTO workstations (id, window_name, secret_hash) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET window_name = excluded.window_name, secret_hash = excluded.secret_hash",
            &[&w.id, &w.window_name, &w.secret_hash],
        )
        .await
        .map_err(pg("save a workstation"))?;
        tx.execute("DELETE FROM sessions WHERE subject = $1", &[&subject])
            .await
            .map_err(pg("end a workstation's sessions"))?;
        tx.execute("DELETE FROM signin_lockout WHERE key = $1", &[&subject])
            .await
            .map_err(pg("clear a workstation's sign-in lockout"))?;
        tx.commit().await.map_err(pg("commit a workstation"))
    }

    async fn workstation(&self, id: &str) -> Result<Option<WorkstationRecord>> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT id, window_name, secret_hash FROM workstations WHERE id = $1",
                &[&id],
            )
            .await
            .map_err(pg("read a workstation"))?;
        row.map(|r| {
            Ok(WorkstationRecord {
                id: r.try_get(0)?,
                window_name: r.try_get(1)?,
                secret_hash: r.try_get(2)?,
            })
        })
        .transpose()
        .map_err(pg("read a workstation"))
    }

    async fn put_clerk(&self, k: ClerkRecord) -> Result<()> {
        let subject = format!("clerk:{}", k.id);
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("start a transaction"))?;
        tx.execute(
            "INSERT INTO clerks (id, name, roles, queues, secret_hash) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, roles = excluded.roles, \
             queues = excluded.queues, secret_hash = excluded.secret_hash",
            &[
                &k.id,
                &k.name,
                &roles_json(&k.roles)?,
                &queues_json(&k.queues)?,
                &k.secret_hash,
            ],
        )
        .await
        .map_err(pg("save a clerk"))?;
        tx.execute("DELETE FROM sessions WHERE subject = $1", &[&subject])
            .await
            .map_err(pg("end a clerk's sessions"))?;
        tx.execute("DELETE FROM signin_lockout WHERE key = $1", &[&subject])
            .await
            .map_err(pg("clear a clerk's sign-in lockout"))?;
        tx.commit().await.map_err(pg("commit a clerk"))
    }

    async fn clerk(&self, id: &str) -> Result<Option<ClerkRecord>> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT id, name, roles, queues, secret_hash FROM clerks WHERE id = $1",
                &[&id],
            )
            .await
            .map_err(pg("read a clerk"))?;
        let Some(r) = row else { return Ok(None) };
        let get = |i: usize| r.try_get::<_, String>(i).map_err(pg("read a clerk"));
        Ok(Some(ClerkRecord {
            id: get(0)?,
            name: get(1)?,
            roles: roles_from_json(&get(2)?)?,
            queues: queues_from_json(&get(3)?)?,
            secret_hash: get(4)?,
        }))
    }

    async fn put_session(&self, s: SessionRecord) -> Result<()> {
        let client = self.client().await?;
        client
            .execute(
                "DELETE FROM sessions WHERE expires_at < $1",
                &[&crate::domain::now_ms()],
            )
            .await
            .map_err(pg("prune sessions"))?;
        client
            .execute(
                "INSERT INTO sessions (token_hash, subject, principal, expires_at) VALUES ($1, $2, $3, $4)",
                &[&s.token_hash, &subject(&s.principal), &principal_json(&s.principal)?, &s.expires_at],
            )
            .await
            .map_err(pg("save a session"))?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> Result<Option<SessionRecord>> {
        let client = self.client().await?;
        let stmt = client
            .prepare_cached("SELECT principal, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
            .await
            .map_err(pg("read a session"))?;
        let row = client
            .query_opt(&stmt, &[&token_hash, &now])
            .await
            .map_err(pg("read a session"))?;
        let Some(r) = row else { return Ok(None) };
        let principal: String = r.try_get(0).map_err(pg("read a session"))?;
        Ok(Some(SessionRecord {
            token_hash: token_hash.to_owned(),
            principal: principal_from_json(&principal)?,
            expires_at: r.try_get(1).map_err(pg("read a session"))?,
        }))
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.client()
            .await?
            .execute("DELETE FROM sessions WHERE token_hash = $1", &[&token_hash])
            .await
            .map_err(pg("end a session"))?;
        Ok(())
    }

    async fn lockout(
        &self,
        key: &str,
        step: LockoutStep,
        policy: LockoutPolicy,
        now: i64,
    ) -> Result<Admission> {
        let mut client = self.client().await?;
        let answer = lockout::apply(&mut client, key, step, &policy, now).await?;
        if step == LockoutStep::Succeeded {
            lockout::prune(&client, &policy, now).await?;
        }
        Ok(answer)
    }

    async fn put_reference(
        &self,
        kind: &'static str,
        body: Vec<u8>,
        etag: String,
        now: i64,
    ) -> Result<ReferenceDoc> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(pg("start a transaction"))?;
        // Two uploads at once must not both become version n+1.
        tx.execute("LOCK TABLE reference_docs IN SHARE ROW EXCLUSIVE MODE", &[])
            .await
            .map_err(pg("lock the reference table"))?;
        let latest = tx
            .query_opt(
                "SELECT version, etag FROM reference_docs WHERE kind = $1 ORDER BY version DESC LIMIT 1",
                &[&kind],
            )
            .await
            .map_err(pg("read the latest reference"))?
            .map(|r| Ok::<_, tokio_postgres::Error>((r.try_get::<_, i64>(0)?, r.try_get::<_, String>(1)?)))
            .transpose()
            .map_err(pg("read the latest reference"))?;
        let version = match latest {
            Some((v, e)) if e == etag => v,
            other => {
                let v = other.map_or(1, |(v, _)| v + 1);
                tx.execute(
                    "INSERT INTO reference_docs (kind, version, etag, body, created_at) VALUES ($1, $2, $3, $4, $5)",
                    &[&kind, &v, &etag, &body, &now],
                )
                .await
                .map_err(pg("store a reference version"))?;
                v
            }
        };
        tx.commit().await.map_err(pg("commit a reference"))?;
        Ok(ReferenceDoc {
            version: version_u32(version),
            etag,
            body,
        })
    }

    async fn latest_reference(&self, kind: &'static str) -> Result<Option<ReferenceDoc>> {
        let row = self
            .client()
            .await?
            .query_opt(
                "SELECT version, etag, body FROM reference_docs WHERE kind = $1 ORDER BY version DESC LIMIT 1",
                &[&kind],
            )
            .await
            .map_err(pg("read a reference"))?;
        row.map(|r| {
            Ok(ReferenceDoc {
                version: version_u32(r.try_get(0)?),
                etag: r.try_get(1)?,
                body: r.try_get(2)?,
            })
        })
        .transpose()
        .map_err(pg("read a reference"))
    }

    async fn put_blob(&self, sha256: String, body: Vec<u8>, now: i64) -> Result<bool> {
        let n = self
            .client()
            .await?
            .execute(
                "INSERT INTO blobs (sha256, size, body, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                &[&sha256, &(body.len() as i64), &body, &now],
            )
            .await
            .map_err(pg("store a blob"))?;
        Ok(n == 1)
    }

    async fn blob_size(&self, sha256: &str) -> Result<Option<i64>> {
        let row = self
            .client()
            .await?
            .query_opt("SELECT size FROM blobs WHERE sha256 = $1", &[&sha256])
            .await
            .map_err(pg("look up a blob"))?;
        row.map(|r| r.try_get(0))
            .transpose()
            .map_err(pg("look up a blob"))
    }

    async fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let row = self
            .client()
            .await?
            .query_opt("SELECT body FROM blobs WHERE sha256 = $1", &[&sha256])
            .await
            .map_err(pg("read a blob"))?;
        row.map(|r| r.try_get(0))
            .transpose()
            .map_err(pg("read a blob"))
    }

    async fn intake(&self, case: NewCase) -> Result<IntakeOutcome> {
        let mut client = self.client().await?;
        cases::intake(&mut client, case).await
    }

    async fn case(&self, case_number: &str) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
        let client = self.client().await?;
        cases::load_case(&**client, "case_number", &case_number, false).await
    }

    async fn claim_next(
        &self,
        queue: &str,
        actor: Actor,
        now: i64,
    ) -> Result<Option<(CaseRow, Vec<EventRow>)>> {
        let mut client = self.client().await?;
        cases::claim(&mut client, queue, &actor, now).await
    }

    async fn transition(
        &self,
        case_number: &str,
        actor: Actor,
        now: i64,
        decide: Decide,
    ) -> Result<(CaseRow, Vec<EventRow>)> {
        let mut client = self.client().await?;
        cases::transition(&mut client, case_number, &actor, now, decide).await
    }

    async fn changes(&self, since: Cursor, limit: u32) -> Result<Vec<(Cursor, CaseRow, EventRow)>> {
        let client = self.client().await?;
        cases::changes(&client, since, limit).await
    }

    async fn overview(&self) -> Result<OverviewRows> {
        let client = self.client().await?;
        cases::overview(&client).await
    }

    async fn hall_setup(&self) -> Result<HallSetup> {
        hall::hall_setup(&self.client().await?).await
    }

    async fn put_group(&self, g: ServiceGroup) -> Result<()> {
        hall::put_group(&mut self.client().await?, &g).await
    }

    async fn put_window_groups(&self, w: WindowGroups) -> Result<()> {
        hall::put_window_groups(&mut self.client().await?, &w).await
    }

    async fn put_hall_settings(&self, s: HallSettings) -> Result<()> {
        hall::put_settings(&self.client().await?, &s).await
    }

    async fn issue_ticket(&self, t: NewTicket) -> Result<crate::tickets::TicketRow> {
        tickets::issue(&mut self.client().await?, &t).await
    }

    async fn book_appointment(&self, a: AppointmentRequest, now: i64) -> Result<String> {
        appointments::book(&mut self.client().await?, &a, now).await
    }

    async fn check_in(
        &self,
        by: crate::tickets::CheckInBy,
        here: Option<String>,
        actor: Option<Actor>,
        now: i64,
    ) -> Result<crate::tickets::TicketRow> {
        appointments::check_in(
            &mut self.client().await?,
            &by,
            here.as_deref(),
            actor.as_ref(),
            now,
        )
        .await
    }

    async fn call_next(&self, ws: &str, clerk_id: &str, now: i64) -> Result<CallOutcome> {
        tickets::call(&mut self.client().await?, ws, clerk_id, now).await
    }

    async fn ticket_step(
        &self,
        id: &str,
        by: &crate::tickets::StepBy,
        step: crate::tickets::Step,
        now: i64,
    ) -> Result<crate::tickets::TicketRow> {
        tickets::step(&mut self.client().await?, id, by, &step, now).await
    }

    async fn put_presence(&self, ws: &str, p: &ow_api::WindowPresence, now: i64) -> Result<()> {
        floor::put_presence(&self.client().await?, ws, p, now).await
    }

    async fn floor(&self, day: &str) -> Result<FloorRows> {
        floor::rows(&self.client().await?, day).await
    }

    async fn figure_rows(
        &self,
        from_day: &str,
        to_day: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<FigureRows> {
        figures::rows(&self.client().await?, (from_day, to_day), (from_ms, to_ms)).await
    }

    async fn set_paused(&self, ws: &str, reason: Option<String>, now: i64) -> Result<()> {
        tickets::set_paused(&mut self.client().await?, ws, reason.as_deref(), now).await
    }

    async fn window_state(&self, ws: &str, now: i64) -> Result<WindowRow> {
        tickets::window_state(&self.client().await?, ws, now).await
    }

    async fn offline_served(
        &self,
        ws: &str,
        o: OfflineServed,
        now: i64,
    ) -> Result<Recorded<crate::tickets::TicketRow>> {
        tickets::offline(&mut self.client().await?, ws, &o, now).await
    }

    async fn tickets_of_day(
        &self,
        day: &str,
        state: Option<TicketState>,
        limit: u32,
    ) -> Result<Vec<crate::tickets::TicketRow>> {
        tickets::of_day(
            &self.client().await?,
            day,
            state.map(TicketState::as_str),
            limit,
        )
        .await
    }

    async fn rate(&self, r: NewRating) -> Result<Recorded<RatingRecord>> {
        ratings::rate(&self.client().await?, &r).await
    }

    async fn ratings(&self, bad_only: bool, limit: u32) -> Result<Vec<RatingRecord>> {
        ratings::ratings(&self.client().await?, bad_only, limit).await
    }

    async fn invite_rating(&self, ws: &str, invite: ow_api::RatingInvite, now: i64) -> Result<()> {
        ratings::invite(&self.client().await?, ws, &invite, now).await
    }

    async fn rating_code(&self, code: &str) -> Result<CodeState> {
        ratings::code_state(&self.client().await?, code).await
    }

    async fn open_cases(&self, limit: u32) -> Result<Vec<CaseRow>> {
        cases::open_cases(&self.client().await?, limit).await
    }

    async fn put_notice(&self, n: NewNotice) -> Result<Option<String>> {
        notices::put(&self.client().await?, &n).await
    }

    async fn notice(&self, document_number: &str) -> Result<Option<NoticeRow>> {
        notices::one(&self.client().await?, document_number).await
    }

    async fn open_notices(&self, applicant_number: &str, limit: u32) -> Result<Vec<NoticeRow>> {
        notices::open_of(&self.client().await?, applicant_number, limit).await
    }

    async fn carry_notice(
        &self,
        document_number: &str,
        by: &str,
        ws: &str,
        now: i64,
    ) -> Result<String> {
        notices::carry(&self.client().await?, document_number, by, ws, now).await
    }
}
