//! Which waiting ticket a window calls next: the one rule, shared by both storage backends and
//! by the simulated day (`benches/hall_day.rs`).
//!
//! Order, first to last:
//! 1. tickets transferred to this very window (they have waited once already);
//! 2. green-channel tickets (绿色通道), unless the fairness cap says an ordinary ticket is due;
//! 3. appointments within their slot (from `appointment_early_minutes` before its start to its
//!    end), before walk-ins;
//! 4. everyone else: walk-ins, and appointments outside their slot, as walk-ins.
//!
//! Within a class the longest-waiting ticket goes first (then the lower id).
//!
//! **Fairness cap** (NovoSGA users asked for it): after `cap` green-channel calls in a row that
//! passed over waiting ordinary tickets, the next call takes the best non-green ticket. The
//! streak is hall-wide state the caller keeps; a green call with nobody passed over does not
//! add to it, so a quiet hall does not "owe" ordinary tickets a call.

use ow_api::HallSettings;

/// A waiting ticket, as much of it as the order needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub green: bool,
    /// An appointment's slot, in milliseconds since the epoch.
    pub slot: Option<(i64, i64)>,
    /// Since when it waits: issued, checked in, or transferred.
    pub queued_at: i64,
    /// Transferred to this window.
    pub for_this_window: bool,
}

/// The call to make and the streak to keep afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// Index into the candidates.
    pub index: usize,
    pub streak: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    ForThisWindow,
    Green,
    InSlot,
    Ordinary,
}

fn class(c: &Candidate, early_ms: i64, now: i64) -> Class {
    if c.for_this_window {
        Class::ForThisWindow
    } else if c.green {
        Class::Green
    } else if c
        .slot
        .is_some_and(|(start, end)| now >= start.saturating_sub(early_ms) && now <= end)
    {
        Class::InSlot
    } else {
        Class::Ordinary
    }
}

/// The next ticket among `waiting` (all callable by this window), given the hall's current
/// green-channel `streak`; `None` when nobody waits.
pub fn choose(
    waiting: &[Candidate],
    streak: u32,
    settings: &HallSettings,
    now: i64,
) -> Option<Choice> {
    let early_ms = i64::from(settings.appointment_early_minutes) * 60_000;
    let key = |i: usize| {
        let c = &waiting[i];
        (class(c, early_ms, now), c.queued_at, c.id)
    };
    let best = (0..waiting.len()).min_by_key(|&i| key(i))?;
    let best_class = key(best).0;
    if best_class != Class::Green {
        // A transferred ticket does not end a streak: it was not chosen over anyone.
        let streak = if best_class == Class::ForThisWindow {
            streak
        } else {
            0
        };
        return Some(Choice {
            index: best,
            streak,
        });
    }
    let best_plain = (0..waiting.len())
        .filter(|&i| key(i).0 > Class::Green)
        .min_by_key(|&i| key(i));
    match best_plain {
        // Nobody passed over: the green call is free.
        None => Some(Choice {
            index: best,
            streak,
        }),
        Some(plain) if streak >= settings.priority_streak_cap => Some(Choice {
            index: plain,
            streak: 0,
        }),
        Some(_) => Some(Choice {
            index: best,
            streak: streak.saturating_add(1),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn settings(cap: u32) -> HallSettings {
        HallSettings {
            priority_streak_cap: cap,
            ..HallSettings::default()
        }
    }

    fn walk_in(id: i64, at: i64) -> Candidate {
        Candidate {
            id,
            green: false,
            slot: None,
            queued_at: at,
            for_this_window: false,
        }
    }

    fn green(id: i64, at: i64) -> Candidate {
        Candidate {
            green: true,
            ..walk_in(id, at)
        }
    }

    #[test]
    fn nobody_waiting_calls_nobody() {
        assert_eq!(choose(&[], 0, &settings(3), 0), None);
    }

    #[test]
    fn green_first_until_the_cap_then_the_longest_waiting_ordinary_ticket() {
        let s = settings(3);
        let mut waiting = vec![walk_in(1, 0), walk_in(2, 5)];
        waiting.extend((10..20).map(|i| green(i, i)));
        let mut streak = 0;
        let mut called = vec![];
        for _ in 0..8 {
            let c = choose(&waiting, streak, &s, 100).unwrap();
            streak = c.streak;
            called.push(waiting.remove(c.index).id);
        }
        assert_eq!(called, vec![10, 11, 12, 1, 13, 14, 15, 2]);
    }

    #[test]
    fn appointments_in_their_slot_come_before_walk_ins_and_after_it_wait_as_walk_ins() {
        let s = settings(3);
        let minute = 60_000;
        let appt = |id, start: i64| Candidate {
            slot: Some((start, start + 30 * minute)),
            ..walk_in(id, 50 * minute)
        };
        let waiting = [walk_in(1, 0), appt(2, 60 * minute)];
        // 20 minutes before the slot: not yet (the window opens 15 minutes early).
        assert_eq!(choose(&waiting, 0, &s, 40 * minute).unwrap().index, 0);
        assert_eq!(choose(&waiting, 0, &s, 46 * minute).unwrap().index, 1);
        // Past the slot's end it is a walk-in checked in at minute 50.
        assert_eq!(choose(&waiting, 0, &s, 91 * minute).unwrap().index, 0);
    }

    #[test]
    fn a_ticket_transferred_here_comes_first_and_keeps_the_streak() {
        let s = settings(3);
        let moved = Candidate {
            for_this_window: true,
            ..walk_in(9, 1_000)
        };
        let waiting = [green(1, 0), walk_in(2, 0), moved];
        assert_eq!(
            choose(&waiting, 2, &s, 2_000),
            Some(Choice {
                index: 2,
                streak: 2
            })
        );
    }

    #[test]
    fn a_green_call_that_passes_nobody_adds_nothing_to_the_streak() {
        let c = choose(&[green(1, 0)], 2, &settings(3), 0).unwrap();
        assert_eq!(
            c,
            Choice {
                index: 0,
                streak: 2
            }
        );
    }

    fn candidates() -> impl Strategy<Value = Vec<Candidate>> {
        prop::collection::vec(
            (
                any::<bool>(),
                prop::option::of(0i64..200),
                0i64..100,
                prop::bool::weighted(0.1),
            ),
            0..30,
        )
        .prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (green, slot, queued_at, moved))| Candidate {
                    id: i as i64,
                    green,
                    slot: slot.map(|s| (s, s + 30)),
                    queued_at,
                    for_this_window: moved,
                })
                .collect()
        })
    }

    proptest! {
        /// Someone is called exactly when someone waits, and it is one of them.
        #[test]
        fn calls_a_waiting_ticket_whenever_one_waits(
            waiting in candidates(), streak in 0u32..6, cap in 0u32..6, now in 0i64..250,
        ) {
            let c = choose(&waiting, streak, &settings(cap), now);
            prop_assert_eq!(c.is_some(), !waiting.is_empty());
            if let Some(c) = c {
                prop_assert!(c.index < waiting.len());
            }
        }

        /// Within the chosen ticket's class nobody has waited longer.
        #[test]
        fn first_come_first_served_within_a_class(
            waiting in candidates(), streak in 0u32..6, cap in 0u32..6, now in 0i64..250,
        ) {
            let s = settings(cap);
            if let Some(c) = choose(&waiting, streak, &s, now) {
                let early = i64::from(s.appointment_early_minutes) * 60_000;
                let chosen = &waiting[c.index];
                let k = class(chosen, early, now);
                for other in waiting.iter().filter(|o| class(o, early, now) == k) {
                    prop_assert!((chosen.queued_at, chosen.id) <= (other.queued_at, other.id));
                }
            }
        }

        /// An ordinary ticket goes before a green one only when the cap is reached.
        #[test]
        fn ordinary_before_green_only_at_the_cap(
            waiting in candidates(), streak in 0u32..6, cap in 0u32..6, now in 0i64..250,
        ) {
            if let Some(c) = choose(&waiting, streak, &settings(cap), now) {
                let chosen = &waiting[c.index];
                let green_waits = waiting.iter().any(|w| w.green && !w.for_this_window);
                if !chosen.green && !chosen.for_this_window && green_waits {
                    prop_assert!(streak >= cap);
                    prop_assert_eq!(c.streak, 0);
                }
                prop_assert!(c.streak <= cap.max(streak));
            }
        }

        /// No starvation: with a new green ticket arriving before every call, the ordinary
        /// ticket k-th in line is still called within (k + 1) × (cap + 1) calls.
        #[test]
        fn ordinary_tickets_are_never_starved(ordinary in 1usize..15, cap in 0u32..6) {
            let s = settings(cap);
            let mut waiting: Vec<Candidate> =
                (0..ordinary).map(|i| walk_in(i as i64, i as i64)).collect();
            let mut streak = 0;
            let mut called_at = vec![None; ordinary];
            let calls = (ordinary + 1) * (cap as usize + 1);
            for (call, next_id) in (0..calls).zip(1_000..) {
                waiting.push(green(next_id, next_id));
                let c = choose(&waiting, streak, &s, 0).unwrap();
                streak = c.streak;
                let t = waiting.remove(c.index);
                if t.id < 1_000 {
                    called_at[t.id as usize] = Some(call);
                }
            }
            for (k, at) in called_at.iter().enumerate() {
                let at = at.unwrap_or(usize::MAX);
                prop_assert!(at < (k + 1) * (cap as usize + 1), "ticket {} called at {}", k, at);
            }
        }
    }
}
