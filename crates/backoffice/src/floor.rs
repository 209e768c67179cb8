//! The floor now (`GET /hall/now`), built from what the stores give the same way for both
//! backends: which windows are open, paused or closed, who sits at each, the ticket and case
//! in hand, and each service group's line.

use crate::domain::to_time;
use crate::storage::{FloorRows, OverviewRows};
use ow_api::{
    CaseInHand, CaseState, GroupNow, HallNow, HallSetup, PersonRef, TicketInHand, TicketState,
    WaitingTicket, WindowNow, WindowStatus, PRESENCE_STALE_SECONDS,
};

/// At most this many waiting tickets are listed (the counts cover them all).
pub const WAITING_LIST_MAX: usize = 200;

fn seconds(from: i64, now: i64) -> u32 {
    u32::try_from((now - from).max(0) / 1000).unwrap_or(u32::MAX)
}

/// The lead's view at `now` from the stores' rows.
pub fn hall_now(floor: FloorRows, setup: &HallSetup, overview: &OverviewRows, now: i64) -> HallNow {
    let stale_before = now - i64::from(PRESENCE_STALE_SECONDS) * 1000;
    let windows: Vec<WindowNow> = overview
        .windows
        .iter()
        .map(|(id, name)| {
            let presence = floor.presence.iter().find(|p| &p.workstation_id == id);
            let live = presence.filter(|p| p.seen_at >= stale_before && p.clerk.is_some());
            let paused = floor.paused.iter().find(|(w, _)| w == id);
            let status = match (live, paused) {
                (None, _) => WindowStatus::Closed,
                (Some(_), Some(_)) => WindowStatus::Paused,
                (Some(_), None) => WindowStatus::Open,
            };
            let ticket = floor
                .at_windows
                .iter()
                .find(|t| t.workstation_id.as_deref() == Some(id))
                .map(|t| TicketInHand {
                    id: t.id.clone(),
                    number: t.number.clone(),
                    state: t.state,
                    since: to_time(if t.state == TicketState::Serving {
                        t.started_at.unwrap_or(t.queued_at)
                    } else {
                        t.called_at.unwrap_or(t.queued_at)
                    }),
                    green: t.green.is_some(),
                });
            WindowNow {
                workstation_id: id.clone(),
                window_name: name.clone(),
                status,
                pause_reason: paused.and_then(|(_, r)| r.clone()),
                groups: setup
                    .windows
                    .iter()
                    .find(|w| &w.workstation_id == id)
                    .map(|w| w.groups.clone())
                    .unwrap_or_default(),
                clerk: live
                    .and_then(|p| p.clerk.clone())
                    .map(|(id, name)| PersonRef { id, name }),
                ticket,
                // A report that is not JSON any more is shown as no case, not as an error.
                in_hand: live
                    .and_then(|p| p.in_hand.as_deref())
                    .and_then(|j| serde_json::from_str::<CaseInHand>(j).ok()),
                open_cases: presence
                    .map(|p| u32::try_from(p.open_cases).unwrap_or(0))
                    .unwrap_or(0),
                seen_at: presence.map(|p| to_time(p.seen_at)),
            }
        })
        .collect();
    let groups = setup
        .groups
        .iter()
        .map(|g| {
            let line: Vec<_> = floor.waiting.iter().filter(|t| t.group == g.code).collect();
            GroupNow {
                code: g.code.clone(),
                name: g.name.clone(),
                waiting: u32::try_from(line.len()).unwrap_or(u32::MAX),
                green_waiting: u32::try_from(line.iter().filter(|t| t.green.is_some()).count())
                    .unwrap_or(u32::MAX),
                longest_wait_seconds: line
                    .iter()
                    .map(|t| t.issued_at)
                    .min()
                    .map(|at| seconds(at, now)),
                windows_open: u32::try_from(
                    windows
                        .iter()
                        .filter(|w| w.status == WindowStatus::Open && w.groups.contains(&g.code))
                        .count(),
                )
                .unwrap_or(u32::MAX),
            }
        })
        .collect();
    let mut waiting = floor.waiting;
    waiting.sort_by_key(|t| (t.issued_at, t.seq));
    let waiting = waiting
        .into_iter()
        .take(WAITING_LIST_MAX)
        .map(|t| WaitingTicket {
            waited_seconds: seconds(t.issued_at, now),
            id: t.id,
            number: t.number,
            group: t.group,
            green: t.green.is_some(),
            issued_at: to_time(t.issued_at),
            for_window: t.for_window,
        })
        .collect();
    let pickup_waiting = overview
        .per_queue
        .iter()
        .filter(|(_, state, _)| CaseState::parse(state) == Some(CaseState::ReadyForPickup))
        .map(|(_, _, n)| u32::try_from(*n).unwrap_or(0))
        .sum();
    HallNow {
        generated_at: to_time(now),
        windows,
        groups,
        waiting,
        pickup_waiting,
    }
}
