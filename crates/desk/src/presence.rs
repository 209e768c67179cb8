//! What this window tells the floor (the shift lead's view) every few seconds: who is
//! signed in, the undecided cases left here, and the signed-in clerk's latest one. An item's
//! name and a step only: nothing about the citizen leaves with it.

use crate::{Desk, DeskError};
use ow_api::{CaseInHand, ClerkRole, WindowPresence};

/// More open cases than this are reported as this many (the count is for a glance).
const OPEN_CASES_LOOKED_AT: u32 = 500;

impl Desk {
    /// This window's presence now. A person without the clerk role (a lead at the console,
    /// a trainer) does not staff the window: it reports nobody.
    pub fn presence(&self) -> Result<WindowPresence, DeskError> {
        let clerk = self.session()?.person.filter(|p| p.has(ClerkRole::Clerk));
        let drafts = self.store().open_drafts(OPEN_CASES_LOOKED_AT)?;
        // Newest first: the clerk's first is the one in hand.
        let in_hand = clerk.as_ref().and_then(|c| {
            drafts
                .iter()
                .find(|d| d.owner.as_ref().is_some_and(|o| o.id == c.id))
                .map(|d| CaseInHand {
                    item_name: d.item.as_ref().map(|i| i.name.clone()),
                    step: serde_json::to_value(d.step)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    since: d.created_at,
                })
        });
        Ok(WindowPresence {
            clerk_id: clerk.map(|c| c.id),
            open_cases: u32::try_from(drafts.len()).unwrap_or(OPEN_CASES_LOOKED_AT),
            in_hand,
        })
    }
}
