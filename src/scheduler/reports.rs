//! The reports job (`[jobs.reports]`): on the 20th–24th of each month (Appendix I rows 2 and 5),
//! within office hours, the month's Appendix V is queued for the leaders and the Office, and each
//! unit leading a task in it is sent its Appendix IV draft to check — each once per month by its
//! dedupe key, so the runs of the following days, a catch-up after downtime, or a second daemon
//! sharing the store queue nothing twice. The reports themselves are computed when the message is
//! rendered, as of the instant the notice was decided ([`crate::jobs::report::monthly`]). A run
//! caught up after downtime reports the month of the run it stands for, as of that month's end
//! when it has ended.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::office::{OfficeWork, Outcome};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::settings::hours::OfficeHours;
use crate::shutdown::Shutdown;
use crate::store::{Store, StoreError};

/// The job's name in logs and in `job_runs`.
pub const NAME: &str = "reports";

#[derive(Debug, Clone)]
pub struct ReportsJob {
    store: Store,
    config: Arc<Config>,
    clock: SharedClock,
}

impl ReportsJob {
    pub fn new(store: Store, config: Arc<Config>, clock: SharedClock) -> Self {
        Self {
            store,
            config,
            clock,
        }
    }

    /// One run for the cron instant `scheduled`.
    pub async fn run_for(&self, scheduled: DateTime<Utc>) -> Result<Outcome, StoreError> {
        super::office::run_for(self, scheduled).await
    }

    /// At start: the run missed while the daemon was down, caught up when the Office works.
    pub async fn catch_up(&self) -> Result<Option<(DateTime<Utc>, Outcome)>, StoreError> {
        super::office::catch_up(self).await
    }

    pub async fn run_until_stopped(self, shutdown: Shutdown) {
        super::office::run_until_stopped(self, shutdown).await
    }
}

impl OfficeWork for ReportsJob {
    const NAME: &'static str = NAME;

    fn store(&self) -> &Store {
        &self.store
    }

    fn config(&self) -> &Config {
        &self.config
    }

    fn clock(&self) -> &SharedClock {
        &self.clock
    }

    fn hours(&self) -> OfficeHours {
        self.config.jobs.reports.office_hours
    }

    fn schedule(&self) -> &cron::Schedule {
        &self.config.jobs.reports.job.schedule
    }

    async fn work(
        &self,
        scheduled: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize), StoreError> {
        let month = crate::clock::local_date(scheduled);
        let notices = crate::jobs::report::monthly(&self.store, &self.config, month, now).await?;
        let ids = self.store.queue_notices(&notices, now).await?;
        let queued = ids.iter().filter(|id| id.is_some()).count();
        tracing::info!(
            job = NAME,
            due = notices.len(),
            queued,
            "Monthly reports queued"
        );
        Ok((notices.len(), queued))
    }
}
