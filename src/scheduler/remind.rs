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

use super::office::{OfficeJob, Work};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::settings::hours::OfficeHours;
use crate::store::{Store, StoreError};

/// The job's name in logs and in `job_runs`.
pub const NAME: &str = "remind";

pub use super::office::{missed_instant, Outcome};

/// The urging job's work: `dondoc remind`'s run at the instant.
#[derive(Debug, Clone, Copy)]
pub struct Remind;

/// The urging job on the daemon's store, configuration and clock.
pub type RemindJob = OfficeJob<Remind>;

impl OfficeJob<Remind> {
    pub fn new(store: Store, config: Arc<Config>, clock: SharedClock) -> Self {
        Self::with(store, config, clock, Remind)
    }
}

impl Work for Remind {
    const NAME: &'static str = NAME;

    fn hours(config: &Config) -> OfficeHours {
        config.jobs.remind.office_hours
    }

    fn schedule(config: &Config) -> &cron::Schedule {
        &config.jobs.remind.job.schedule
    }

    async fn work(
        &self,
        store: &Store,
        config: &Config,
        _scheduled: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize), StoreError> {
        let decided = crate::jobs::remind(store, config, now, false).await?;
        let queued = decided.iter().filter(|d| d.queued.is_some()).count();
        Ok((decided.len(), queued))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
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
