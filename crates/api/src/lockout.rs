//! The sign-in lockout rule, once: the back office applies it in its storage (one transaction
//! per step, so parallel guesses cannot slip past it) and the workstation applies it to offline
//! sign-ins in its own store.
//!
//! A guess is counted **before** it is verified ([`LockoutPolicy::admit`]): with five guesses
//! allowed, a hundred sent at once get five verifications and 95 refusals, whichever finishes
//! first. Each lock lasts twice the one before (up to a cap) until a sign-in succeeds.

use serde::{Deserialize, Serialize};
use specta::Type;

/// How many failures lock an account, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LockoutPolicy {
    /// Failures within `window_secs` that lock the account.
    pub max_failures: u32,
    pub window_secs: u32,
    /// The first lock; each further lock without a successful sign-in in between doubles it.
    pub lock_secs: u32,
    /// The longest lock.
    pub max_lock_secs: u32,
}

impl Default for LockoutPolicy {
    /// 5 failures in 15 minutes lock for 15 minutes, then 30, 60 … up to a day.
    fn default() -> Self {
        Self {
            max_failures: 5,
            window_secs: 15 * 60,
            lock_secs: 15 * 60,
            max_lock_secs: 24 * 3600,
        }
    }
}

/// One account's counters, as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LockoutState {
    /// Guesses admitted in the current window (counted before they were verified).
    pub attempts: u32,
    /// Admitted guesses not yet settled (still being verified): a right guess among them does
    /// not reset the count while the others may still fail.
    pub pending: u32,
    pub window_start_ms: i64,
    /// Locked while `now < locked_until_ms`.
    pub locked_until_ms: i64,
    /// Locks since the last successful sign-in: the next lock's length grows with it.
    pub locks: u32,
}

/// Whether a guess may be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Go,
    Locked { retry_after_secs: u64 },
}

impl LockoutPolicy {
    /// The length of the next lock, given the locks before it.
    pub fn lock_ms(&self, locks: u32) -> i64 {
        let base = i64::from(self.lock_secs.max(1)) * 1000;
        let cap = i64::from(self.max_lock_secs.max(self.lock_secs).max(1)) * 1000;
        base.saturating_mul(1i64 << locks.min(30)).min(cap)
    }

    fn lock(&self, s: &mut LockoutState, now_ms: i64) -> Admission {
        s.locked_until_ms = now_ms.saturating_add(self.lock_ms(s.locks));
        s.locks = s.locks.saturating_add(1);
        s.attempts = 0;
        s.window_start_ms = now_ms;
        Self::locked(s, now_ms)
    }

    fn locked(s: &LockoutState, now_ms: i64) -> Admission {
        let ms = s.locked_until_ms.saturating_sub(now_ms).max(1);
        Admission::Locked {
            retry_after_secs: u64::try_from(ms.saturating_add(999) / 1000).unwrap_or(1),
        }
    }

    /// Counts a guess before it is verified. `Locked` when the account is locked, or when the
    /// guesses already admitted (some perhaps still being verified) fill the allowance — that
    /// locks it.
    pub fn admit(&self, s: &mut LockoutState, now_ms: i64) -> Admission {
        if s.locked_until_ms > now_ms {
            return Self::locked(s, now_ms);
        }
        if now_ms.saturating_sub(s.window_start_ms) >= i64::from(self.window_secs) * 1000 {
            // Guesses of an earlier window (or left by a process that died) no longer count.
            s.attempts = 0;
            s.pending = 0;
            s.window_start_ms = now_ms;
        }
        if s.attempts >= self.max_failures.max(1) {
            return self.lock(s, now_ms);
        }
        s.attempts += 1;
        s.pending = s.pending.saturating_add(1);
        Admission::Go
    }

    /// A guess turned out wrong. Returns `Locked` when this failure used up the allowance (the
    /// caller says so at once rather than on the next try).
    pub fn failed(&self, s: &mut LockoutState, now_ms: i64) -> Admission {
        s.pending = s.pending.saturating_sub(1);
        if s.locked_until_ms > now_ms {
            return Self::locked(s, now_ms);
        }
        if s.attempts >= self.max_failures.max(1) {
            return self.lock(s, now_ms);
        }
        Admission::Go
    }

    /// A guess was right: the counters start afresh. For guesses verified one at a time (a
    /// workstation's offline sign-in); where several may be in flight, use
    /// [`Self::succeeded_at`].
    pub fn succeeded(&self, s: &mut LockoutState) {
        *s = LockoutState::default();
    }

    /// A guess was right, verified while other guesses at the same account may have been
    /// admitted. The counters start afresh only when no other guess is still being verified
    /// and the account is not locked: otherwise a right guess early in a burst would hand the
    /// rest of the burst a fresh allowance (or lift the lock it set). This guess still signs
    /// in. Verified one at a time, it is [`Self::succeeded`].
    pub fn succeeded_at(&self, s: &mut LockoutState, now_ms: i64) {
        s.pending = s.pending.saturating_sub(1);
        if s.locked_until_ms <= now_ms && s.pending == 0 {
            self.succeeded(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: LockoutPolicy = LockoutPolicy {
        max_failures: 5,
        window_secs: 900,
        lock_secs: 900,
        max_lock_secs: 3600,
    };

    #[test]
    fn five_wrong_guesses_lock_and_the_lock_says_when_to_try_again() {
        let mut s = LockoutState::default();
        for i in 1..=4 {
            assert_eq!(P.admit(&mut s, i), Admission::Go);
            assert_eq!(P.failed(&mut s, i), Admission::Go);
        }
        assert_eq!(P.admit(&mut s, 5), Admission::Go);
        assert_eq!(
            P.failed(&mut s, 5),
            Admission::Locked {
                retry_after_secs: 900
            }
        );
        assert_eq!(
            P.admit(&mut s, 5 + 60_000),
            Admission::Locked {
                retry_after_secs: 840
            }
        );
        // After the lock, a fresh allowance.
        assert_eq!(P.admit(&mut s, 5 + 900_000), Admission::Go);
    }

    #[test]
    fn guesses_in_flight_count_so_a_burst_gets_only_the_allowance() {
        let mut s = LockoutState::default();
        let admitted = (0..100)
            .filter(|_| P.admit(&mut s, 1000) == Admission::Go)
            .count();
        assert_eq!(admitted, 5);
        // The five then fail: the account stays locked once, not five times.
        for _ in 0..5 {
            assert!(matches!(P.failed(&mut s, 1001), Admission::Locked { .. }));
        }
        assert_eq!(s.locks, 1);
    }

    #[test]
    fn locks_grow_until_a_success_and_are_capped() {
        assert_eq!(P.lock_ms(0), 900_000);
        assert_eq!(P.lock_ms(1), 1_800_000);
        assert_eq!(P.lock_ms(2), 3_600_000);
        assert_eq!(P.lock_ms(9), 3_600_000);
        let mut s = LockoutState {
            locks: 1,
            ..Default::default()
        };
        for _ in 0..5 {
            P.admit(&mut s, 0);
        }
        assert_eq!(
            P.failed(&mut s, 0),
            Admission::Locked {
                retry_after_secs: 1800
            }
        );
        P.succeeded(&mut s);
        assert_eq!(s, LockoutState::default());
    }

    #[test]
    fn a_right_guess_settled_before_the_rest_of_a_burst_arrives_resets_nothing() {
        let mut s = LockoutState::default();
        // The right guess and four wrong ones are admitted; the right one is verified first,
        // before the sixth guess even arrives.
        for _ in 0..5 {
            assert_eq!(P.admit(&mut s, 1000), Admission::Go);
        }
        P.succeeded_at(&mut s, 1010);
        assert_eq!(
            s.attempts, 5,
            "four guesses are still out: no fresh allowance"
        );
        let admitted = (0..95)
            .filter(|_| P.admit(&mut s, 1020) == Admission::Go)
            .count();
        assert_eq!(admitted, 0);
        for _ in 0..4 {
            P.failed(&mut s, 1030);
        }
        assert_eq!(s.pending, 0);
        assert!(matches!(P.admit(&mut s, 1040), Admission::Locked { .. }));
    }

    #[test]
    fn a_right_guess_in_a_burst_does_not_lift_the_lock_the_burst_set() {
        let mut s = LockoutState::default();
        // The right guess is admitted first, four wrong ones after it, then the burst locks.
        let admitted = (0..100)
            .filter(|_| P.admit(&mut s, 1000) == Admission::Go)
            .count();
        assert_eq!(admitted, 5);
        P.succeeded_at(&mut s, 1200);
        assert!(matches!(P.admit(&mut s, 1300), Admission::Locked { .. }));
        assert_eq!(s.locks, 1);
        // Verified one at a time, a success clears everything, as `succeeded` does.
        let mut t = LockoutState::default();
        for now in 0..3 {
            P.admit(&mut t, now);
            P.failed(&mut t, now);
        }
        P.admit(&mut t, 10);
        P.succeeded_at(&mut t, 10);
        assert_eq!(t, LockoutState::default());
        // After a lock has ended, too (the doubling starts over).
        let mut u = LockoutState {
            locked_until_ms: 5,
            locks: 2,
            ..Default::default()
        };
        P.admit(&mut u, 10);
        P.succeeded_at(&mut u, 10);
        assert_eq!(u, LockoutState::default());
    }

    #[test]
    fn failures_spread_beyond_the_window_do_not_lock() {
        let mut s = LockoutState::default();
        for i in 0..20i64 {
            let now = i * 300_000; // one every five minutes: at most three per window
            assert_eq!(P.admit(&mut s, now), Admission::Go, "guess {i}");
            assert_eq!(P.failed(&mut s, now), Admission::Go, "guess {i}");
        }
    }
}
