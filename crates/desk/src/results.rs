//! Results flowing back from the back office, and the window's pickup list (统一窗口出件).
//!
//! The desk reads the hall's transitions page by page from `GET /changes`, keeps each case's
//! latest state, and fetches the names for the cases a window must act on. The pickup list
//! is what is ready (or rejected by the department) and not yet handed out, plus this
//! window's cases returned for supplement (补正), whose citizens must be called back.

use crate::{Desk, DeskError};
use ow_api::{CaseState, Change};
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

fn parse_state(s: &str) -> Option<CaseState> {
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
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let state = parse_state(&r.state)?;
                let ours = self.is_ours(&r.workstation_id);
                (state != CaseState::Returned || ours).then_some(PickupEntry {
                    case_number: r.case_number,
                    window_case_no: r.window_case_no,
                    state,
                    changed_at: r.changed_at,
                    queue: r.queue,
                    item_name: r.item_name,
                    applicant_name: r.applicant_name,
                    reasons: r.reasons,
                    ours,
                })
            })
            .collect())
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

    /// Records at the back office that the result was handed to the citizen here, then drops
    /// it from the pickup list. Refused when it is not ready (e.g. another window handed it
    /// out first): the list is then corrected by the next poll.
    pub async fn hand_out(
        &self,
        client: &BackofficeClient,
        token: &str,
        case_number: &str,
    ) -> Result<(), DeskError> {
        let by = self
            .current_person()
            .map_or_else(|| "system".to_owned(), |p| p.id);
        let view = client
            .hand_out(token, case_number, &by)
            .await
            // Only a failed link is worth retrying as is; any answer (409: not ready, or
            // already handed out elsewhere) is the back office's word on it.
            .map_err(|f| match f {
                Failure::SignInAgain => DeskError::BackofficeSignInAgain,
                f if f.is_link_failure() => DeskError::BackofficeUnreachable(f.reason()),
                f => DeskError::BackofficeRefused(f.reason()),
            })?;
        self.store().set_result_state(
            case_number,
            &state_name(view.state),
            &view.updated_at.to_rfc3339(),
        )?;
        self.audit(
            None,
            "result.handed_out",
            serde_json::json!({ "case_number": case_number }),
        )?;
        tracing::info!(case = %case_number, "handed out");
        Ok(())
    }
}

fn store_failure(e: ow_store::StoreError) -> Failure {
    Failure::permanent(ow_error::ErrorCode::code(&e), ow_error::chain_message(&e))
}
