//! A simulated hall day through the one call order (`calling::choose`), with no database: how
//! long green-channel and ordinary citizens wait, with the fairness cap (3) and without it.
//!
//! `cargo bench -p ow-backoffice --bench hall_day [-- --tickets N --windows W --seed S]`
//!
//! Arrivals over 8 hours with a morning peak (about 45% between 08:30 and 10:30), ~15% green
//! channel, ~10% appointments (checked in a few minutes around a 30-minute slot), service
//! 6–12 minutes. Every window serves every ticket. Windows keep calling after the doors close
//! until nobody waits, so an overloaded day shows as long waits, not lost tickets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ow_api::HallSettings;
use ow_backoffice::calling::{choose, Candidate};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Instant;

const MINUTE: i64 = 60_000;

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// xorshift64*: the same day every run, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

#[derive(Clone)]
struct Arrival {
    at: i64,
    green: bool,
    slot: Option<(i64, i64)>,
    service: i64,
}

fn day(tickets: usize, seed: u64) -> Vec<Arrival> {
    let mut rng = Rng(seed.max(1));
    let mut v: Vec<Arrival> = (0..tickets)
        .map(|_| {
            let minute = if rng.unit() < 0.45 {
                rng.between(30.0, 150.0)
            } else {
                rng.between(0.0, 480.0)
            };
            let at = (minute * MINUTE as f64) as i64;
            let kind = rng.unit();
            let slot = (0.15..0.25).contains(&kind).then(|| {
                // Booked on the half hour; arrives 20 minutes early to 10 late.
                let start = ((at + (rng.between(-10.0, 20.0) * MINUTE as f64) as i64)
                    / (30 * MINUTE))
                    .max(0)
                    * 30
                    * MINUTE;
                (start, start + 30 * MINUTE)
            });
            Arrival {
                at,
                green: kind < 0.15,
                slot,
                service: (rng.between(6.0, 12.0) * MINUTE as f64) as i64,
            }
        })
        .collect();
    v.sort_by_key(|a| a.at);
    v
}

struct Outcome {
    /// Minutes waited (call − arrival), green and the rest.
    green: Vec<f64>,
    ordinary: Vec<f64>,
    longest_green_run: usize,
    last_call_min: f64,
}

fn simulate(arrivals: &[Arrival], windows: usize, cap: u32) -> Outcome {
    let settings = HallSettings {
        priority_streak_cap: cap,
        ..HallSettings::default()
    };
    let mut free: BinaryHeap<Reverse<i64>> = (0..windows).map(|_| Reverse(0)).collect();
    let mut waiting: Vec<Candidate> = Vec::new();
    let mut next = 0;
    let (mut streak, mut run, mut longest) = (0, 0, 0);
    let mut out = Outcome {
        green: vec![],
        ordinary: vec![],
        longest_green_run: 0,
        last_call_min: 0.0,
    };
    while let Some(Reverse(free_at)) = free.pop() {
        if waiting.is_empty() && next == arrivals.len() {
            break;
        }
        // A free window with nobody waiting waits for the next arrival.
        let now = if waiting.is_empty() {
            free_at.max(arrivals[next].at)
        } else {
            free_at
        };
        while next < arrivals.len() && arrivals[next].at <= now {
            let a = &arrivals[next];
            waiting.push(Candidate {
                id: next as i64,
                green: a.green,
                slot: a.slot,
                queued_at: a.at,
                for_this_window: false,
            });
            next += 1;
        }
        let c = choose(&waiting, streak, &settings, now).unwrap();
        streak = c.streak;
        let t = waiting.swap_remove(c.index);
        let a = &arrivals[t.id as usize];
        let waited = (now - a.at) as f64 / MINUTE as f64;
        if a.green {
            out.green.push(waited);
            run += 1;
            longest = longest.max(run);
        } else {
            out.ordinary.push(waited);
            run = 0;
        }
        out.last_call_min = now as f64 / MINUTE as f64;
        free.push(Reverse(now + a.service));
    }
    out.longest_green_run = longest;
    out
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 * p) as usize).min(v.len() - 1)]
}

fn main() {
    let tickets = arg("--tickets", 3000) as usize;
    let windows = arg("--windows", 33) as usize;
    let seed = arg("--seed", 20_261_203);
    let started = Instant::now();
    let arrivals = day(tickets, seed);
    let green = arrivals.iter().filter(|a| a.green).count();
    let appts = arrivals.iter().filter(|a| a.slot.is_some()).count();
    let work: i64 = arrivals.iter().map(|a| a.service).sum();
    println!(
        "\na simulated hall day: {tickets} tickets ({green} green, {appts} appointments), {windows} windows, \
         offered load {:.2} of 8 hours' window time\n",
        work as f64 / (windows as f64 * 480.0 * MINUTE as f64)
    );
    if work > windows as i64 * 480 * MINUTE {
        println!(
            "(more work than window time: the queue grows all day; try --windows or --tickets)\n"
        );
    }
    println!(
        "{:<10} {:<9} {:>6} {:>9} {:>9} {:>9} {:>12} {:>11}",
        "cap", "tickets", "count", "p50 min", "p95 min", "max min", "green run", "last call"
    );
    for (label, cap) in [("3", 3), ("none", u32::MAX)] {
        let mut o = simulate(&arrivals, windows, cap);
        for (kind, v) in [("green", &mut o.green), ("ordinary", &mut o.ordinary)] {
            let max = v.iter().copied().fold(0.0, f64::max);
            println!(
                "{:<10} {:<9} {:>6} {:>9.1} {:>9.1} {:>9.1} {:>12} {:>8.0} min",
                label,
                kind,
                v.len(),
                pct(v, 0.50),
                pct(v, 0.95),
                max,
                o.longest_green_run,
                o.last_call_min
            );
        }
    }
    println!(
        "\n(simulated in {:.0} ms)",
        started.elapsed().as_secs_f64() * 1e3
    );
}
