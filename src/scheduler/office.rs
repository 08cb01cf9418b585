//! A job that acts only when the Office works (a working day within its `office_hours`): the
//! remind job and the reports job. Each run is recorded in `job_runs` under the cron instant it
//! ran for; at start, the latest instant missed while the daemon was down is caught up once, when
//! the Office worked then and works now (see `scheduler::remind` for why that is safe to repeat:
//! everything such a job queues is held once by its dedupe key).

use std::future::Future;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::calendar::Calendar;
use crate::clock::{SharedClock, ZONE};
use crate::config::Config;
use crate::settings::hours::{open_at, Closed, OfficeHours};
use crate::shutdown::Shutdown;
use crate::store::{Store, StoreError};

/// What one run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The work was done: `due` notices decided, `queued` of them new to the queue.
    Decided { due: usize, queued: usize },
    /// The Office was closed: nothing was done.
    Closed(Closed),
}

/// What a job of the Office's does at an instant the Office works, and when it runs.
pub trait Work: Clone + Send + Sync + 'static {
    /// Its name in logs and in `job_runs`.
    const NAME: &'static str;
    fn hours(config: &Config) -> OfficeHours;
    fn schedule(config: &Config) -> &cron::Schedule;
    /// The work at `now` for the cron instant `scheduled` (a catch-up's is past): how many
    /// notices it decided, and how many of them were new.
    fn work(
        &self,
        store: &Store,
        config: &Config,
        scheduled: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(usize, usize), StoreError>> + Send;
}

/// A job of the Office's on the daemon's store, configuration and clock.
#[derive(Debug, Clone)]
pub struct OfficeJob<W> {
    store: Store,
    config: Arc<Config>,
    clock: SharedClock,
    work: W,
}

impl<W: Work> OfficeJob<W> {
    pub fn with(store: Store, config: Arc<Config>, clock: SharedClock, work: W) -> Self {
        Self {
            store,
            config,
            clock,
            work,
        }
    }

    fn hours(&self) -> OfficeHours {
        W::hours(&self.config)
    }

    /// One run for the cron instant `scheduled`: the work now when the Office works, then the
    /// run recorded.
    pub async fn run_for(&self, scheduled: DateTime<Utc>) -> Result<Outcome, StoreError> {
        let now = self.clock.now();
        let outcome = match open_at(&self.config.calendar, self.hours(), now) {
            Err(closed) => {
                tracing::info!(job = W::NAME, reason = %closed, "Nothing done: the Office is closed");
                Outcome::Closed(closed)
            }
            Ok(()) => {
                let (due, queued) = self
                    .work
                    .work(&self.store, &self.config, scheduled, now)
                    .await?;
                Outcome::Decided { due, queued }
            }
        };
        self.store
            .record_job_run(W::NAME, scheduled, self.clock.now())
            .await?;
        Ok(outcome)
    }

    /// At start: catches the missed run up, if any. Returns the missed instant and what was
    /// done; a `Closed` outcome means the Office is closed now and nothing was run nor recorded.
    pub async fn catch_up(&self) -> Result<Option<(DateTime<Utc>, Outcome)>, StoreError> {
        let now = self.clock.now();
        let last = self.store.last_job_run(W::NAME).await?;
        let Some(missed) = missed_instant(
            W::schedule(&self.config),
            &self.config.calendar,
            self.hours(),
            last.map(|r| r.scheduled_for),
            now,
        ) else {
            return Ok(None);
        };
        if let Err(closed) = open_at(&self.config.calendar, self.hours(), now) {
            tracing::info!(job = W::NAME, missed = %missed.with_timezone(&ZONE), reason = %closed, "A missed run waits: the Office is closed now");
            return Ok(Some((missed, Outcome::Closed(closed))));
        }
        tracing::info!(job = W::NAME, missed = %missed.with_timezone(&ZONE), "Catching up a run missed while the daemon was down");
        Ok(Some((missed, self.run_for(missed).await?)))
    }

    /// Catches up a missed run, then runs at every instant of the schedule until stopped. A
    /// failed run is logged; the next instant tries again.
    pub async fn run_until_stopped(self, shutdown: Shutdown) {
        if let Err(e) = self.catch_up().await {
            tracing::error!(job = W::NAME, error = %e, "Catching up a missed run failed");
        }
        let schedule = W::schedule(&self.config).clone();
        let clock = self.clock.clone();
        super::run_cron(W::NAME, &schedule, clock, shutdown, |scheduled| {
            let job = self.clone();
            async move {
                if let Err(e) = job.run_for(scheduled).await {
                    tracing::error!(job = W::NAME, error = %e, "Run failed");
                }
            }
        })
        .await
    }
}

/// The instant a start must catch up: the most recent instant of `schedule` at or before `now`,
/// when no run is recorded for it or later (`last`) and the Office worked then.
pub fn missed_instant(
    schedule: &cron::Schedule,
    calendar: &Calendar,
    hours: OfficeHours,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let latest = super::latest_at_or_before(schedule, now)?;
    if last.is_some_and(|l| l >= latest) {
        return None;
    }
    open_at(calendar, hours, latest).ok().map(|()| latest)
}
