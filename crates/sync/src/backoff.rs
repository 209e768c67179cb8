//! Exponential backoff with jitter, never sooner than the server's `Retry-After`.

use std::time::Duration;

/// `base · 2^attempts`, capped, then a random share between half and all of it, so that many
/// workstations coming back after an outage do not knock on the server in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(1),
            cap: Duration::from_secs(300),
        }
    }
}

impl Backoff {
    /// The pause after a failure of an entry that had failed `attempts` times before.
    pub fn delay(&self, attempts: i64, retry_after: Option<Duration>) -> Duration {
        let exp = u32::try_from(attempts.clamp(0, 30)).unwrap_or(30);
        let full = self
            .base
            .checked_mul(2u32.saturating_pow(exp))
            .unwrap_or(self.cap)
            .min(self.cap);
        let jittered = full.mul_f64(0.5 + 0.5 * unit_random());
        match retry_after {
            Some(after) => jittered.max(after),
            None => jittered,
        }
    }
}

/// A number in [0, 1) from the OS's random source (through uuid v4; no extra crate).
fn unit_random() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() as u64 >> 11;
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_doubling_within_jitter_and_stops_at_the_cap() {
        let b = Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(1),
        };
        for (attempts, full) in [
            (0, 100),
            (1, 200),
            (2, 400),
            (3, 800),
            (4, 1000),
            (60, 1000),
        ] {
            for _ in 0..50 {
                let d = b.delay(attempts, None).as_millis();
                assert!(
                    (full / 2..=full).contains(&d),
                    "attempt {attempts}: {d} ms not in {}..={full}",
                    full / 2
                );
            }
        }
    }

    #[test]
    fn retry_after_is_honoured_even_past_the_cap() {
        let b = Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(1),
        };
        assert_eq!(
            b.delay(0, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
    }

    #[test]
    fn jitter_spreads_the_retries() {
        let b = Backoff::default();
        let a: std::collections::BTreeSet<_> = (0..20).map(|_| b.delay(3, None)).collect();
        assert!(a.len() > 10, "{a:?}");
    }
}
