//! 好差评: the citizen rates a visit when it ends. The clerk only asks for it; the grade goes
//! from the citizen's screen into the outbox (sent once, offline or not) and is never shown
//! back to the clerk. A 差评 needs at least one reason.
//!
//! Each visit has a rating code, printed as a QR code on its papers: a citizen who leaves
//! without rating may rate later on their phone. Skipping sends the back office an
//! invitation for that code (through the outbox too); one rating per code, whichever first.
//! The visit waiting for its rating is kept in the store, so a restart does not lose it.

use crate::{Desk, DeskError};
use chrono::{DateTime, NaiveDate, Utc};
use ow_api::RATING_TEXT_MAX_CHARS as MAX_TEXT_CHARS;
use ow_api::{
    BadReason, ClerkRole, Grade, RatingIntake, RatingInvite, RATING_CODE_ALPHABET, RATING_CODE_LEN,
};
use ow_store::DecisionTx;
use serde::{Deserialize, Serialize};
use specta::Type;

/// A visit waiting for its rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct VisitToRate {
    /// The ticket number, when the visit had one.
    pub ticket: Option<String>,
    /// The window case numbers of the visit.
    pub cases: Vec<String>,
    /// Who served: shown to the citizen (name and 工号), recorded with the rating.
    pub clerk_id: String,
    pub clerk_name: String,
    pub requested_at: DateTime<Utc>,
    /// The visit's rating code (the one on its papers' QR code).
    #[serde(default)]
    pub code: Option<String>,
}

/// What the citizen chose.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
pub struct RatingInput {
    pub grade: Grade,
    #[serde(default)]
    pub reasons: Vec<BadReason>,
    #[serde(default)]
    pub text: Option<String>,
}

/// The key naming a visit on this workstation: its ticket that day, or its one case.
pub(crate) fn visit_key(ticket: Option<&str>, first_case: &str, day: NaiveDate) -> String {
    match ticket {
        Some(t) => format!("ticket:{day}:{t}"),
        None => format!("case:{first_case}"),
    }
}

/// A fresh rating code: 60 random bits in Crockford base 32.
fn fresh_code() -> String {
    let mut bits = uuid::Uuid::new_v4().as_u128();
    (0..RATING_CODE_LEN)
        .map(|_| {
            let c = RATING_CODE_ALPHABET[(bits & 31) as usize];
            bits >>= 5;
            char::from(c)
        })
        .collect()
}

fn json<T: Serialize>(v: &T) -> Result<String, DeskError> {
    serde_json::to_string(v).map_err(|e| DeskError::Store(ow_store::StoreError::from(e)))
}

fn parse(body: &str) -> Result<VisitToRate, DeskError> {
    serde_json::from_str(body).map_err(|e| DeskError::Store(ow_store::StoreError::from(e)))
}

impl Desk {
    /// The rating code of the visit named by its ticket (on `day`) or its first case.
    pub(crate) fn rating_code(
        &self,
        ticket: Option<&str>,
        first_case: &str,
        day: NaiveDate,
    ) -> Result<String, DeskError> {
        let key = visit_key(ticket, first_case, day);
        Ok(self.store().rating_code(&key, &fresh_code(), Utc::now())?)
    }

    /// The page a citizen opens to rate visit `code` later, when the hall has one: the
    /// configured `papers.rating_url`, or the back office's own `/rate`.
    pub(crate) fn rating_url(&self, code: &str) -> Option<String> {
        let page = match &self.config().papers.rating_url {
            Some(url) => url.clone(),
            None => format!("{}/rate", self.backoffice_base()?.trim_end_matches('/')),
        };
        let sep = if page.contains('?') { '&' } else { '?' };
        Some(format!("{page}{sep}c={code}"))
    }

    /// Puts the invitation to rate `visit` later in the outbox (nothing without a code).
    fn invite_later(&self, tx: &DecisionTx<'_>, visit: &VisitToRate) -> Result<(), DeskError> {
        let Some(code) = &visit.code else {
            return Ok(());
        };
        let invite = RatingInvite {
            code: code.clone(),
            ticket: visit.ticket.clone(),
            cases: visit.cases.clone(),
            clerk_id: visit.clerk_id.clone(),
            served_at: visit.requested_at,
        };
        let id = uuid::Uuid::now_v7().to_string();
        tx.enqueue_kind(
            ow_store::KIND_RATING_INVITE,
            &id,
            &json(&invite)?,
            Utc::now(),
        )?;
        Ok(())
    }

    /// The clerk ends a visit and turns the screen to the citizen: one visit waits at a time
    /// (a later request replaces an unanswered one, which may then be rated later by code).
    pub fn request_rating(
        &self,
        ticket: Option<String>,
        cases: Vec<String>,
    ) -> Result<VisitToRate, DeskError> {
        let person = self.require(ClerkRole::Clerk)?;
        let _one_at_a_time = self.rating.lock().map_err(|_| DeskError::Poisoned)?;
        let now = Utc::now();
        let today = now.with_timezone(&chrono::Local).date_naive();
        let code = match cases.first() {
            Some(first) => Some(self.rating_code(ticket.as_deref(), first, today)?),
            None => None,
        };
        let visit = VisitToRate {
            ticket,
            cases,
            clerk_id: person.id.clone(),
            clerk_name: person.name.clone(),
            requested_at: now,
            code,
        };
        let body = json(&visit)?;
        self.store().in_transaction(|tx| -> Result<(), DeskError> {
            if let Some(old) = tx.rating_pending()? {
                let old = parse(&old)?;
                if old.code != visit.code {
                    self.invite_later(tx, &old)?;
                }
            }
            tx.set_rating_pending(Some(&body))?;
            Ok(())
        })?;
        self.wake_outbox();
        Ok(visit)
    }

    /// The visit waiting for its rating, if any (also after a restart).
    pub fn rating_pending(&self) -> Result<Option<VisitToRate>, DeskError> {
        self.store()
            .rating_pending()?
            .map(|b| parse(&b))
            .transpose()
    }

    /// The citizen's rating: checked, put in the outbox with the visit, the clerk and the
    /// window, and the visit is no longer waiting. Returns the rating's id.
    pub fn submit_rating(&self, input: RatingInput) -> Result<String, DeskError> {
        let text = input
            .text
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty());
        if text
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
        {
            return Err(DeskError::RatingTextTooLong(MAX_TEXT_CHARS));
        }
        let mut reasons = input.reasons;
        reasons.sort();
        reasons.dedup();
        if input.grade.is_bad() && reasons.is_empty() {
            return Err(DeskError::RatingReasonRequired);
        }
        if !input.grade.is_bad() {
            reasons.clear();
        }
        let _one_at_a_time = self.rating.lock().map_err(|_| DeskError::Poisoned)?;
        let id = uuid::Uuid::now_v7().to_string();
        let now = Utc::now();
        self.store().in_transaction(|tx| -> Result<(), DeskError> {
            let visit = parse(&tx.rating_pending()?.ok_or(DeskError::NoVisitToRate)?)?;
            let rating = RatingIntake {
                ticket: visit.ticket.clone(),
                cases: visit.cases.clone(),
                clerk_id: visit.clerk_id.clone(),
                grade: input.grade,
                reasons,
                text,
                rated_at: now,
                code: visit.code.clone(),
            };
            // The trail says a rating was given, never which: the clerk does not learn it here.
            let audit = self.audit_record(
                None,
                "rating.recorded",
                serde_json::json!({ "rating": id, "cases": visit.cases }),
            );
            tx.enqueue_rating(&id, &json(&rating)?, now)?;
            tx.set_rating_pending(None)?;
            tx.audit(&audit)?;
            Ok(())
        })?;
        self.wake_outbox();
        tracing::info!(rating = %id, "rating recorded");
        Ok(id)
    }

    /// The citizen did not want to rate now: the visit no longer waits here, and may be rated
    /// later by the code on its papers.
    pub fn skip_rating(&self) -> Result<(), DeskError> {
        let _one_at_a_time = self.rating.lock().map_err(|_| DeskError::Poisoned)?;
        self.store().in_transaction(|tx| -> Result<(), DeskError> {
            if let Some(old) = tx.rating_pending()? {
                self.invite_later(tx, &parse(&old)?)?;
                tx.set_rating_pending(None)?;
            }
            Ok(())
        })?;
        self.wake_outbox();
        Ok(())
    }
}
