//! Cron jobs: each job sleeps until its expression's next instant in Vietnam, then runs.
//!
//! # Layout
//! - this module: [`run_cron`], the loop every job shares, and [`latest_at_or_before`], the
//!   instant a start compares with a job's last recorded run;
//! - office hours ([`crate::settings::hours`]): when the Office works;
//! - [`office`]: what a job that acts only when the Office works shares: its run, its record
//!   and the catch-up of a run missed while the daemon was down;
//! - [`remind`]: the urging job;
//! - [`reports`]: the monthly reports (Appendix V to the leaders, each unit's Appendix IV).

pub mod office;
pub mod remind;
pub mod reports;

use std::future::Future;

use chrono::{DateTime, Utc};

use crate::clock::{SharedClock, ZONE};
use crate::shutdown::Shutdown;

pub use crate::settings::hours::{open_at, Closed, OfficeHours};
pub use remind::RemindJob;
pub use reports::ReportsJob;

/// Runs `job` at every instant `schedule` names until a stop is asked for, handing it the
/// instant it runs for. A run in progress when the stop comes is finished.
pub async fn run_cron<F, Fut>(
    name: &str,
    schedule: &cron::Schedule,
    clock: SharedClock,
    shutdown: Shutdown,
    mut job: F,
) where
    F: FnMut(DateTime<Utc>) -> Fut,
    Fut: Future<Output = ()>,
{
    loop {
        let now = clock.now();
        let Some(next) = schedule.after(&now.with_timezone(&ZONE)).next() else {
            tracing::warn!(
                job = name,
                "Schedule has no future instant; the job will not run again"
            );
            return;
        };
        let next = next.with_timezone(&Utc);
        tracing::debug!(job = name, next = %next.with_timezone(&ZONE), "Job scheduled");
        let wait = (next - now).to_std().unwrap_or_default();
        tokio::select! {
            _ = shutdown.wait() => return,
            _ = tokio::time::sleep(wait) => {}
        }
        // The clock, not the timer, says whether the instant has come: a suspended machine or a
        // clock moved by a test can wake the timer early or late.
        if clock.now() < next {
            continue;
        }
        tracing::info!(job = name, "Job started");
        job(next).await;
    }
}

/// The most recent instant of `schedule` at or before `now`, if it has one.
pub fn latest_at_or_before(schedule: &cron::Schedule, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let local = now.with_timezone(&ZONE);
    // The iterator looks strictly before its start, to the second; an instant that is `now`'s
    // very second is the latest one.
    if schedule.includes(local) {
        return chrono::DurationRound::duration_trunc(now, chrono::Duration::seconds(1)).ok();
    }
    schedule
        .after(&local)
        .next_back()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{parse_instant, TimerClock};
    use std::str::FromStr;
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn a_daily_job_runs_at_its_hour_each_day_until_stopped() {
        let clock = TimerClock::starting_at(parse_instant("2024-06-20T06:00:00+07:00").unwrap());
        let schedule = cron::Schedule::from_str("0 0 7 * * *").unwrap();
        let shutdown = Shutdown::new();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let handle = tokio::spawn({
            let clock: SharedClock = Arc::new(clock.clone());
            let shutdown = shutdown.clone();
            async move {
                run_cron("test", &schedule, clock.clone(), shutdown, |scheduled| {
                    let tx = tx.clone();
                    let at = clock.now();
                    async move {
                        let _ = tx.send((scheduled, at));
                    }
                })
                .await
            }
        });
        let first = rx.recv().await.unwrap();
        let second = rx.recv().await.unwrap();
        let seven = parse_instant("2024-06-20T07:00:00+07:00").unwrap();
        assert_eq!(first, (seven, seven));
        let next_day = parse_instant("2024-06-21T07:00:00+07:00").unwrap();
        assert_eq!(second, (next_day, next_day));
        shutdown.trigger();
        handle.await.unwrap();
        assert!(rx.try_recv().is_err(), "no run after the stop");
    }

    #[test]
    fn the_latest_instant_is_at_or_before_now() {
        let schedule = cron::Schedule::from_str("0 30 7 * * *").unwrap();
        let at = |s: &str| parse_instant(s).unwrap();
        let latest = |now: &str| latest_at_or_before(&schedule, at(now));
        assert_eq!(
            latest("2026-03-02T07:30:00+07:00"),
            Some(at("2026-03-02T07:30:00+07:00"))
        );
        assert_eq!(
            latest("2026-03-02T07:30:00.250+07:00"),
            Some(at("2026-03-02T07:30:00+07:00"))
        );
        assert_eq!(
            latest("2026-03-02T10:00:00+07:00"),
            Some(at("2026-03-02T07:30:00+07:00"))
        );
        assert_eq!(
            latest("2026-03-02T07:29:59.900+07:00"),
            Some(at("2026-03-01T07:30:00+07:00"))
        );
    }
}
