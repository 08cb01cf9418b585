//! The remind job (`[jobs.remind]`): `dondoc remind`'s run ([`crate::jobs::remind`]) on the
//! daemon's cron schedule, deciding notices only when the Office works (a working day within
//! `office_hours`), each run recorded in `job_runs`.
//!
//! At start, a run missed while the daemon was down is caught up once: when the most recent
//! instant of the schedule has no run recorded at or after it, the Office worked at that instant
//! (so the run would have decided), and the Office works now. The catch-up decides as of now,
//! like any run, and is recorded under the missed instant, so a second start finds nothing to
//! catch up. A missed run while the Office is closed now is left to the next start or the next
//! scheduled run; the policy never shifts its schedule for a late run.
//!
//! The record is written right after the notices are queued. A stop between the two only makes
//! the next start run again, which queues nothing twice: each notice is held once by its dedupe
//! key. For the same reason two daemons sharing one PostgreSQL store may both catch up or both
//! run at the same instant without harm: the second run's inserts conflict and add nothing, and
//! the record never moves back in time.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::calendar::Calendar;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::settings::hours::{open_at, Closed, OfficeHours};
use crate::shutdown::Shutdown;
use crate::store::{Store, StoreError};

/// The job's name in logs and in `job_runs`.
pub const NAME: &str = "remind";

/// What one run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The notices due were decided; `queued` of them were new to the queue.
    Decided { due: usize, queued: usize },
    /// The Office was closed: nothing was decided.
    Closed(Closed),
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

#[derive(Debug, Clone)]
pub struct RemindJob {
    store: Store,
    config: Arc<Config>,
    clock: SharedClock,
}

impl RemindJob {
    pub fn new(store: Store, config: Arc<Config>, clock: SharedClock) -> Self {
        Self {
            store,
            config,
            clock,
        }
    }

    fn hours(&self) -> OfficeHours {
        self.config.jobs.remind.office_hours
    }

    /// One run for the cron instant `scheduled`: decides and queues the notices due now when the
    /// Office works, then records the run.
    pub async fn run_for(&self, scheduled: DateTime<Utc>) -> Result<Outcome, StoreError> {
        let outcome = self.decide_now().await?;
        self.store
            .record_job_run(NAME, scheduled, self.clock.now())
            .await?;
        Ok(outcome)
    }

    /// At start: catches the missed run up, if any (see the module's documentation). Returns
    /// the missed instant and what was done; a `Closed` outcome means the Office is closed now
    /// and nothing was run nor recorded.
    pub async fn catch_up(&self) -> Result<Option<(DateTime<Utc>, Outcome)>, StoreError> {
        let now = self.clock.now();
        let last = self.store.last_job_run(NAME).await?;
        let Some(missed) = missed_instant(
            &self.config.jobs.remind.job.schedule,
            &self.config.calendar,
            self.hours(),
            last.map(|r| r.scheduled_for),
            now,
        ) else {
            return Ok(None);
        };
        if let Err(closed) = open_at(&self.config.calendar, self.hours(), now) {
            tracing::info!(job = NAME, missed = %missed.with_timezone(&crate::clock::ZONE), reason = %closed, "A missed run waits: the Office is closed now");
            return Ok(Some((missed, Outcome::Closed(closed))));
        }
        tracing::info!(job = NAME, missed = %missed.with_timezone(&crate::clock::ZONE), "Catching up a run missed while the daemon was down");
        Ok(Some((missed, self.run_for(missed).await?)))
    }

    async fn decide_now(&self) -> Result<Outcome, StoreError> {
        let now = self.clock.now();
        if let Err(closed) = open_at(&self.config.calendar, self.hours(), now) {
            tracing::info!(job = NAME, reason = %closed, "No notices decided: the Office is closed");
            return Ok(Outcome::Closed(closed));
        }
        let decided = crate::jobs::remind(&self.store, &self.config, now, false).await?;
        Ok(Outcome::Decided {
            due: decided.len(),
            queued: decided.iter().filter(|d| d.queued.is_some()).count(),
        })
    }

    /// Catches up a missed run, then runs at every instant of the schedule until stopped. A
    /// failed run is logged; the next instant tries again.
    pub async fn run_until_stopped(self, shutdown: Shutdown) {
        if let Err(e) = self.catch_up().await {
            tracing::error!(job = NAME, error = %e, "Catching up a missed run failed");
        }
        let schedule = self.config.jobs.remind.job.schedule.clone();
        let clock = self.clock.clone();
        super::run_cron(NAME, &schedule, clock, shutdown, |scheduled| {
            let job = self.clone();
            async move {
                if let Err(e) = job.run_for(scheduled).await {
                    tracing::error!(job = NAME, error = %e, "Remind run failed");
                }
            }
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;
    use std::str::FromStr;

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    fn missed(last: Option<&str>, now: &str) -> Option<DateTime<Utc>> {
        let schedule = cron::Schedule::from_str("0 30 7 * * *").unwrap();
        let calendar = Calendar::shipped().unwrap();
        missed_instant(
            &schedule,
            &calendar,
            OfficeHours::default(),
            last.map(at),
            at(now),
        )
    }

    #[test]
    fn the_latest_working_day_run_without_a_record_is_missed() {
        let monday = "2026-03-02T07:30:00+07:00";
        assert_eq!(missed(None, "2026-03-02T10:00:00+07:00"), Some(at(monday)));
        assert_eq!(
            missed(
                Some("2026-02-27T07:30:00+07:00"),
                "2026-03-02T10:00:00+07:00"
            ),
            Some(at(monday))
        );
        assert_eq!(missed(Some(monday), "2026-03-02T10:00:00+07:00"), None);
    }

    #[test]
    fn a_run_that_would_not_have_decided_is_not_missed() {
        // Sunday 1 March 2026 07:30: the Office was closed, and Monday's run has not come yet.
        assert_eq!(missed(None, "2026-03-02T07:00:00+07:00"), None);
        let eleven_at_night = cron::Schedule::from_str("0 0 23 * * *").unwrap();
        assert_eq!(
            missed_instant(
                &eleven_at_night,
                &Calendar::shipped().unwrap(),
                OfficeHours::default(),
                None,
                at("2026-03-03T10:00:00+07:00"),
            ),
            None
        );
    }
}
