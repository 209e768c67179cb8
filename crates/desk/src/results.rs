//! Results flowing back from the back office, and the window's pickup list (统一窗口出件).
//!
//! The desk reads the hall's transitions page by page from `GET /changes`, keeps each case's
//! latest state, and fetches the names for the cases a window must act on. The pickup list
//! is what is ready (or rejected by the department) and not yet handed out, plus this
//! window's cases returned for supplement (补正), whose citizens must be called back.

use crate::{Desk, DeskError};
use chrono::Utc;
use ow_api::{CaseState, Change, Collector, CollectorRole, HandOutJob, HandOutRequest};
use ow_store::ResultRow;
use ow_sync::{BackofficeClient, Failure};
use serde::{Deserialize, Serialize};
use specta::Type;

const FEED: &str = "changes";
const PAGE: u32 = 500;

/// One line of the pickup list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PickupEntry {
    /// The back office's case number.
    pub case_number: String,
    /// The number on the citizen's receipt.
    pub window_case_no: String,
    pub state: CaseState,
    pub changed_at: String,
    pub queue: String,
    pub item_name: Option<String>,
    pub applicant_name: Option<String>,
    /// Why it was returned or rejected.
    pub reasons: Vec<String>,
    /// Accepted at this workstation.
    pub ours: bool,
    /// Returned, and the supplement is on its way (in the outbox or not yet seen back).
    pub supplement_sent: bool,
}

/// A hand-over done at the window: who collected, and the collection record (领取凭证) to print
/// and have signed (`None` when it could not be made; the hand-over stands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HandedOut {
    pub role: CollectorRole,
    pub record: Option<crate::IssuedPaper>,
}

/// The pickup list after a hand-over, and the hand-over's collection record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct HandOutDone {
    pub list: Vec<PickupEntry>,
    pub record: Option<crate::IssuedPaper>,
}

/// The counts on the top bar.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ResultsSummary {
    /// Ready for pickup or rejected, not yet handed out.
    pub to_hand_out: u32,
    /// This window's cases returned for supplement.
    pub returned: u32,
}

fn state_name(s: CaseState) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub(crate) fn parse_state(s: &str) -> Option<CaseState> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).ok()
}

fn row_of(c: &Change) -> ResultRow {
    ResultRow {
        case_number: c.case_number.clone(),
        window_case_no: c.window_case_no.clone(),
        workstation_id: c.workstation_id.clone(),
        queue: c.queue.clone(),
        state: state_name(c.state),
        changed_at: c.at.to_rfc3339(),
        reasons: c.detail.reasons.clone(),
        note: c.detail.note.clone(),
        item_name: None,
        applicant_name: None,
    }
}

/// The states a window acts on.
const TO_HAND_OUT: [CaseState; 2] = [CaseState::ReadyForPickup, CaseState::Rejected];

impl Desk {
    /// Reads every new transition; returns how many there were. Names are fetched for the cases
    /// that reach the pickup list.
    pub async fn poll_results(
        &self,
        client: &BackofficeClient,
        token: &str,
    ) -> Result<usize, Failure> {
        let mut total = 0;
        loop {
            let since = self.store().feed_cursor(FEED).map_err(store_failure)?;
            let page = client.fetch_changes(token, since.as_deref(), PAGE).await?;
            if page.changes.is_empty() {
                return Ok(total);
            }
            let rows: Vec<ResultRow> = page.changes.iter().map(row_of).collect();
            self.store()
                .apply_results(FEED, &rows, &page.next_cursor)
                .map_err(store_failure)?;
            total += rows.len();
            let mut named = std::collections::HashSet::new();
            for c in &page.changes {
                let acts = TO_HAND_OUT.contains(&c.state)
                    || (c.state == CaseState::Returned && self.is_ours(&c.workstation_id));
                if acts && named.insert(c.case_number.clone()) {
                    let case = client.fetch_case(token, &c.case_number).await?;
                    self.store()
                        .set_result_names(
                            &c.case_number,
                            &case.item_name,
                            &case.intake.applicant.name,
                        )
                        .map_err(store_failure)?;
                    let holders: Vec<(String, String)> =
                        std::iter::once(("applicant", &case.intake.applicant))
                            .chain(case.intake.agent.iter().map(|a| ("agent", a)))
                            .filter(|(_, p)| !p.id_number.trim().is_empty())
                            .map(|(role, p)| (role.to_owned(), number_sha256(&p.id_number)))
                            .collect();
                    self.store()
                        .set_result_holders(&c.case_number, &holders)
                        .map_err(store_failure)?;
                }
            }
            if page.changes.len() < PAGE as usize {
                return Ok(total);
            }
        }
    }

    fn is_ours(&self, workstation_id: &str) -> bool {
        workstation_id == self.config().window.workstation_id
    }

    /// What the window should hand out, and this window's cases returned for supplement.
    pub fn pickup_list(&self) -> Result<Vec<PickupEntry>, DeskError> {
        let states = [
            CaseState::ReadyForPickup,
            CaseState::Rejected,
            CaseState::Returned,
        ]
        .map(state_name);
        let states: Vec<&str> = states.iter().map(String::as_str).collect();
        let rows = self.store().results_in(&states)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(state) = parse_state(&r.state) else {
                continue;
            };
            let ours = self.is_ours(&r.workstation_id);
            if state == CaseState::Returned && !ours {
                continue;
            }
            let supplement_sent = state == CaseState::Returned
                && self.supplement_sent_since(&r.window_case_no, &r.changed_at)?;
            out.push(PickupEntry {
                case_number: r.case_number,
                window_case_no: r.window_case_no,
                state,
                changed_at: r.changed_at,
                queue: r.queue,
                item_name: r.item_name,
                applicant_name: r.applicant_name,
                reasons: r.reasons,
                ours,
                supplement_sent,
            });
        }
        Ok(out)
    }

    /// The top bar's counts.
    pub fn results_summary(&self) -> Result<ResultsSummary, DeskError> {
        let list = self.pickup_list()?;
        let count = |f: &dyn Fn(&PickupEntry) -> bool| {
            u32::try_from(list.iter().filter(|e| f(e)).count()).unwrap_or(u32::MAX)
        };
        Ok(ResultsSummary {
            to_hand_out: count(&|e| TO_HAND_OUT.contains(&e.state)),
            returned: count(&|e| e.state == CaseState::Returned),
        })
    }

    /// Hands a result to the citizen here: the collector's ID (the card on the reader, or a
    /// typed number) must be the applicant's or the named agent's, or the clerk gives the
    /// reason it is handed over anyway. Recorded here first — it leaves the pickup list at
    /// once — and sent to the back office through the outbox, link or no link.
    pub fn hand_out(
        &self,
        case_number: &str,
        proof: &CollectorProof,
    ) -> Result<HandedOut, DeskError> {
        let (row, holders) = self
            .store()
            .result(case_number)?
            .ok_or_else(|| ow_store::StoreError::NotFound(format!("result {case_number}")))?;
        if !parse_state(&row.state).is_some_and(|s| TO_HAND_OUT.contains(&s)) {
            return Err(DeskError::ResultNotReady);
        }
        let (number, from_card) = match (proof.read_id, proof.number.as_deref()) {
            (Some(read), _) => {
                let (doc, _) = self.identity().document(read)?;
                (Some(doc.number.expose().to_owned()), true)
            }
            (None, Some(n)) if !n.trim().is_empty() => (Some(n.to_owned()), false),
            _ => (None, false),
        };
        let matched = number.as_deref().and_then(|n| {
            let sha = number_sha256(n);
            holders
                .iter()
                .find(|(_, h)| *h == sha)
                .and_then(|(role, _)| match role.as_str() {
                    "applicant" => Some(CollectorRole::Applicant),
                    "agent" => Some(CollectorRole::Agent),
                    _ => None,
                })
        });
        let reason = proof
            .override_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if reason.is_some_and(|r| r.chars().count() > crate::MAX_REASON_CHARS) {
            return Err(DeskError::ReasonTooLong(crate::MAX_REASON_CHARS));
        }
        let role = match (matched, reason) {
            (Some(role), _) => role,
            (None, Some(_)) => CollectorRole::Other,
            (None, None) if number.is_none() => return Err(DeskError::NoCollectorId),
            (None, None) => return Err(DeskError::CollectorMismatch),
        };
        let now = Utc::now();
        let job = HandOutJob {
            case_number: case_number.to_owned(),
            request: HandOutRequest {
                clerk_id: self
                    .current_person()
                    .map_or_else(|| "system".to_owned(), |p| p.id),
                note: None,
                collector: Some(Collector {
                    role,
                    from_card,
                    override_reason: (role == CollectorRole::Other)
                        .then(|| reason.map(str::to_owned))
                        .flatten(),
                    at: now,
                }),
            },
        };
        let payload = serde_json::to_string(&job).map_err(ow_store::StoreError::from)?;
        let handed_out = state_name(CaseState::HandedOut);
        let config = self.config().clone();
        let today = chrono::Local::now().date_naive();
        let record_number = self.store().in_transaction(|tx| {
            // One hand-over per case: a second (a double key press) meets the first's key.
            tx.enqueue_kind(
                ow_store::KIND_HAND_OUT,
                &format!("hand_out:{case_number}"),
                &payload,
                now,
            )?;
            tx.set_result_state(case_number, &handed_out, &now.to_rfc3339())?;
            crate::numbers::document_number(tx, &config, ow_papers::PaperKind::PickupRecord, today)
        })?;
        self.audit(
            None,
            "result.handed_out",
            serde_json::json!({
                "case_number": case_number,
                "role": role,
                "from_card": from_card,
                "override": role == CollectorRole::Other,
            }),
        )?;
        self.outbox_wake().notify_one();
        tracing::info!(case = %case_number, ?role, from_card, "handed out");
        // The hand-over stands whatever happens to its paper: a record that cannot be made is
        // said, not a reason to undo it.
        let record = crate::pickup_record::Handed {
            row: &row,
            role,
            collector_id: number.as_deref(),
            reason: (role == CollectorRole::Other).then_some(reason).flatten(),
            at: now,
        };
        let record = match self.file_pickup_record(record_number, &record) {
            Ok(paper) => Some(paper),
            Err(e) => {
                tracing::error!(case = %case_number, error = %e, "the collection record could not be made");
                None
            }
        };
        Ok(HandedOut { role, record })
    }
}

/// How a result's holders are kept: SHA-256 of the upper-cased number, compared, never shown.
fn number_sha256(number: &str) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(
        number.trim().to_uppercase().as_bytes(),
    ))
}

/// What the clerk has on the person collecting a result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct CollectorProof {
    /// The collector's card as read on the reader.
    #[serde(default)]
    pub read_id: Option<u32>,
    /// Or the number typed from the document shown.
    #[serde(default)]
    pub number: Option<String>,
    /// Why it is handed over although the ID is neither the applicant's nor the agent's.
    #[serde(default)]
    pub override_reason: Option<String>,
}

fn store_failure(e: ow_store::StoreError) -> Failure {
    Failure::permanent(ow_error::ErrorCode::code(&e), ow_error::chain_message(&e))
}
