//! The record of scheduled job runs (`job_runs`): one row per job, the cron instant it last ran
//! for and when that run finished. The daemon reads it at start to catch up a missed run once.

use chrono::{DateTime, Utc};

use super::time::{instant, parse_instant};
use super::{QueryContext, Store, StoreError};

/// A job's last recorded run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobRun {
    /// The cron instant the run was for (a catch-up's: the missed instant).
    pub scheduled_for: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
}

impl Store {
    /// Records that `job` ran for the instant `scheduled_for`. A record for a later instant is
    /// kept: another daemon sharing the store may have run the job since, and the record must
    /// never move back in time.
    pub async fn record_job_run(
        &self,
        job: &str,
        scheduled_for: DateTime<Utc>,
        finished_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO job_runs (job, scheduled_for, finished_at) VALUES ($1, $2, $3) \
             ON CONFLICT (job) DO UPDATE SET scheduled_for = excluded.scheduled_for, \
             finished_at = excluded.finished_at \
             WHERE job_runs.scheduled_for <= excluded.scheduled_for",
        )
        .bind(job)
        .bind(instant(scheduled_for))
        .bind(instant(finished_at))
        .execute(&self.pool)
        .await
        .doing("recording a job run")?;
        Ok(())
    }

    /// `job`'s last recorded run, `None` when it never ran.
    pub async fn last_job_run(&self, job: &str) -> Result<Option<JobRun>, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT scheduled_for, finished_at FROM job_runs WHERE job = $1")
                .bind(job)
                .fetch_optional(&self.pool)
                .await
                .doing("reading a job's last run")?;
        row.map(|(scheduled, finished)| {
            Ok(JobRun {
                scheduled_for: parse_instant(&scheduled)?,
                finished_at: parse_instant(&finished)?,
            })
        })
        .transpose()
    }
}
