//! `cargo bench --bench calendar`: what a working-day question costs once the calendar is built,
//! and what building it costs. A plain harness (no extra crate): each figure is the median of
//! several timed batches, with `black_box` keeping the work from being optimised away.

use std::hint::black_box;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use dondoc::calendar::Calendar;

/// Nanoseconds per call, median of `samples` batches of `batch` calls.
fn measure(samples: usize, batch: u64, mut f: impl FnMut(u64)) -> f64 {
    let mut per_call: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            for i in 0..batch {
                f(i);
            }
            start.elapsed().as_nanos() as f64 / batch as f64
        })
        .collect();
    per_call.sort_by(f64::total_cmp);
    per_call[samples / 2]
}

fn main() {
    let build = measure(5, 3, |_| {
        black_box(Calendar::shipped().unwrap());
    });
    let cal = Calendar::shipped().unwrap();
    let base = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    // Dates spread over 2020–2030 so that no answer stays in a register.
    let day = |i: u64| base + Days::new((i * 7919) % 4000);

    let is_working = measure(9, 1_000_000, |i| {
        black_box(cal.is_working_day(black_box(day(i))).unwrap());
    });
    let add_3 = measure(9, 1_000_000, |i| {
        black_box(cal.add_working_days(black_box(day(i)), 3).unwrap());
    });
    let add_250 = measure(9, 1_000_000, |i| {
        black_box(cal.add_working_days(black_box(day(i)), 250).unwrap());
    });
    let between = measure(9, 1_000_000, |i| {
        black_box(
            cal.working_days_between(black_box(day(i)), black_box(day(i + 1)))
                .unwrap(),
        );
    });
    let add_days = measure(9, 1_000_000, |i| {
        black_box(cal.add_days(black_box(day(i)), 10).unwrap());
    });
    let date_only = measure(9, 1_000_000, |i| {
        black_box(day(i));
    });
    println!("calendar build (1968–2100, all years)   {:>12.0} ns", build);
    println!(
        "is_working_day                          {:>12.1} ns/call",
        is_working
    );
    println!(
        "add_working_days(d, 3)                  {:>12.1} ns/call",
        add_3
    );
    println!(
        "add_working_days(d, 250)                {:>12.1} ns/call",
        add_250
    );
    println!(
        "working_days_between                    {:>12.1} ns/call",
        between
    );
    println!(
        "add_days(d, 10)                         {:>12.1} ns/call",
        add_days
    );
    println!(
        "(making the date argument alone         {:>12.1} ns/call)",
        date_only
    );
}
