//! Cron jobs: each job sleeps until its expression's next instant in Vietnam, then runs.

use std::future::Future;

use chrono::Utc;

use crate::clock::{SharedClock, ZONE};
use crate::shutdown::Shutdown;

/// Runs `job` at every instant `schedule` names until a stop is asked for. A run in progress when
/// the stop comes is finished.
pub async fn run_cron<F, Fut>(
    name: &str,
    schedule: &cron::Schedule,
    clock: SharedClock,
    shutdown: Shutdown,
    mut job: F,
) where
    F: FnMut() -> Fut,
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
        job().await;
    }
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
                run_cron("test", &schedule, clock.clone(), shutdown, || {
                    let tx = tx.clone();
                    let at = clock.now();
                    async move {
                        let _ = tx.send(at);
                    }
                })
                .await
            }
        });
        let first = rx.recv().await.unwrap();
        let second = rx.recv().await.unwrap();
        assert_eq!(first, parse_instant("2024-06-20T07:00:00+07:00").unwrap());
        assert_eq!(second, parse_instant("2024-06-21T07:00:00+07:00").unwrap());
        shutdown.trigger();
        handle.await.unwrap();
        assert!(rx.try_recv().is_err(), "no run after the stop");
    }
}
