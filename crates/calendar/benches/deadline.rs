//! How long a 20-working-day deadline takes, the computation behind every acceptance receipt.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use ow_calendar::{
    DeadlineConfig, DeadlineRequest, ExcludedPeriod, SpecialProcedure, WorkingCalendar,
};

fn deadlines(c: &mut Criterion) {
    let Ok(calendar) = WorkingCalendar::built_in() else {
        return;
    };
    let config = DeadlineConfig::default();
    // Across the 2026 Spring Festival: the longest stretch of days off in the data.
    let Some(accepted) = NaiveDate::from_ymd_opt(2026, 2, 13).and_then(|d| d.and_hms_opt(10, 0, 0))
    else {
        return;
    };
    let plain = DeadlineRequest::new(accepted, 20);
    c.bench_function("deadline 20 working days across Spring Festival", |b| {
        b.iter(|| calendar.deadline(black_box(&plain), black_box(&config)))
    });

    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(2026, 3, 2),
        NaiveDate::from_ymd_opt(2026, 3, 13),
    ) else {
        return;
    };
    let extended = DeadlineRequest::new(accepted, 20)
        .with_extension(10)
        .excluding(ExcludedPeriod {
            procedure: SpecialProcedure::ExpertReview,
            start,
            end,
        });
    c.bench_function("deadline 20+10 working days with expert review", |b| {
        b.iter(|| calendar.deadline(black_box(&extended), black_box(&config)))
    });

    c.bench_function("load built-in calendar", |b| {
        b.iter(WorkingCalendar::built_in)
    });
}

criterion_group!(benches, deadlines);
criterion_main!(benches);
