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

use super::office::{OfficeJob, Work};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::settings::hours::OfficeHours;
use crate::store::{Store, StoreError};

/// The job's name in logs and in `job_runs`.
pub const NAME: &str = "reports";

/// The reports job's work: the month's report notices, queued.
#[derive(Debug, Clone, Copy)]
pub struct Reports;

/// The reports job on the daemon's store, configuration and clock.
pub type ReportsJob = OfficeJob<Reports>;

impl OfficeJob<Reports> {
    pub fn new(store: Store, config: Arc<Config>, clock: SharedClock) -> Self {
        Self::with(store, config, clock, Reports)
    }
}

impl Work for Reports {
    const NAME: &'static str = NAME;

    fn hours(config: &Config) -> OfficeHours {
        config.jobs.reports.office_hours
    }

    fn schedule(config: &Config) -> &cron::Schedule {
        &config.jobs.reports.job.schedule
    }

    async fn work(
        &self,
        store: &Store,
        config: &Config,
        scheduled: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(usize, usize), StoreError> {
        let month = crate::clock::local_date(scheduled);
        let notices = crate::jobs::report::monthly(store, config, month, now).await?;
        let ids = store.queue_notices(&notices, now).await?;
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
