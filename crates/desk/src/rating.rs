//! 好差评: the citizen rates a visit when it ends. The clerk only asks for it; the grade goes
//! from the citizen's screen into the outbox (sent once, offline or not) and is never shown
//! back to the clerk. A 差评 needs at least one reason.

use crate::{Desk, DeskError};
use chrono::{DateTime, Utc};
use ow_api::{BadReason, ClerkRole, Grade, RatingIntake};
use serde::{Deserialize, Serialize};
use specta::Type;

use ow_api::RATING_TEXT_MAX_CHARS as MAX_TEXT_CHARS;

/// A visit waiting for its rating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct VisitToRate {
    /// The ticket number, when the visit had one.
    pub ticket: Option<String>,
    /// The window case numbers of the visit.
    pub cases: Vec<String>,
    /// Who served: shown to the citizen (name and 工号), recorded with the rating.
    pub clerk_id: String,
    pub clerk_name: String,
    pub requested_at: DateTime<Utc>,
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

impl Desk {
    /// The clerk ends a visit and turns the screen to the citizen: one visit waits at a time
    /// (a later request replaces an unanswered one).
    pub fn request_rating(
        &self,
        ticket: Option<String>,
        cases: Vec<String>,
    ) -> Result<VisitToRate, DeskError> {
        let person = self.require(ClerkRole::Clerk)?;
        let visit = VisitToRate {
            ticket,
            cases,
            clerk_id: person.id.clone(),
            clerk_name: person.name.clone(),
            requested_at: Utc::now(),
        };
        *self.rating.lock().map_err(|_| DeskError::Poisoned)? = Some(visit.clone());
        Ok(visit)
    }

    /// The visit waiting for its rating, if any.
    pub fn rating_pending(&self) -> Result<Option<VisitToRate>, DeskError> {
        Ok(self.rating.lock().map_err(|_| DeskError::Poisoned)?.clone())
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
        let mut slot = self.rating.lock().map_err(|_| DeskError::Poisoned)?;
        let visit = slot.clone().ok_or(DeskError::NoVisitToRate)?;
        let now = Utc::now();
        let rating = RatingIntake {
            ticket: visit.ticket.clone(),
            cases: visit.cases.clone(),
            clerk_id: visit.clerk_id.clone(),
            grade: input.grade,
            reasons,
            text,
            rated_at: now,
        };
        let id = uuid::Uuid::now_v7().to_string();
        let payload = serde_json::to_string(&rating)
            .map_err(|e| DeskError::Store(ow_store::StoreError::from(e)))?;
        // The trail says a rating was given, never which: the clerk does not learn it here.
        let audit = self.audit_record(
            None,
            "rating.recorded",
            serde_json::json!({ "rating": id, "cases": visit.cases }),
        );
        self.store().in_transaction(|tx| -> Result<(), DeskError> {
            tx.enqueue_rating(&id, &payload, now)?;
            tx.audit(&audit)?;
            Ok(())
        })?;
        *slot = None;
        drop(slot);
        self.wake_outbox();
        tracing::info!(rating = %id, "rating recorded");
        Ok(id)
    }

    /// The citizen did not want to rate: the visit no longer waits.
    pub fn skip_rating(&self) -> Result<(), DeskError> {
        *self.rating.lock().map_err(|_| DeskError::Poisoned)? = None;
        Ok(())
    }
}
