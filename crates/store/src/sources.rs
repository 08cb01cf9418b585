//! What the store keeps about sources: claims on the messages a source offers (so that two
//! daemons polling one axis never process the same message at once) and each source's counts.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::{instant, parse_instant};
use super::{QueryContext, Store, StoreError};

/// What one pass of a source did, added to its running counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PassCounts {
    pub fetched: u64,
    pub stored: u64,
    pub dead_lettered: u64,
    /// Requests retried inside the adapter, and messages left for a later pass.
    pub retried: u64,
    /// Offered, but not ours (acknowledged without being kept), or claimed by another daemon.
    pub skipped: u64,
}

/// A source's record, as `dondoc sources status` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceStatus {
    pub source: String,
    pub last_poll_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub passes: u64,
    pub counts: PassCounts,
}

impl Store {
    /// Records that work on `message` of `source` starts, committed before the work; returns
    /// how many earlier starts never ended (the process died during them).
    pub async fn start_intake(&self, source: &str, message: &str) -> Result<i64, StoreError> {
        let started: i64 = sqlx::query_scalar(
            "INSERT INTO intake_attempts (source, message_id, started) VALUES ($1, $2, 1) \
             ON CONFLICT (source, message_id) DO UPDATE SET started = intake_attempts.started + 1 \
             RETURNING started",
        )
        .bind(source)
        .bind(message)
        .fetch_one(&self.pool)
        .await
        .doing("recording the start of a message's intake")?;
        Ok(started - 1)
    }

    /// Records that work on `message` of `source` ended, whatever its outcome.
    pub async fn end_intake(&self, source: &str, message: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM intake_attempts WHERE source = $1 AND message_id = $2")
            .bind(source)
            .bind(message)
            .execute(&self.pool)
            .await
            .doing("recording the end of a message's intake")?;
        Ok(())
    }

    /// Claims message `id` of `source` for `claimer` until `until`, unless another holds it
    /// under a lease still running at `now`. `true` when the claim is ours.
    pub async fn claim_source_message(
        &self,
        source: &str,
        id: &str,
        claimer: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "INSERT INTO source_claims (source, message_id, claimed_by, claimed_until) \
             VALUES ($1, $2, $3, $4) \
             ON CONFLICT (source, message_id) DO UPDATE \
             SET claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until, \
             settled = 0 \
             WHERE source_claims.claimed_until < $5 OR source_claims.claimed_by = $3 \
             RETURNING claimed_by",
        )
        .bind(source)
        .bind(id)
        .bind(claimer)
        .bind(instant(until))
        .bind(instant(now))
        .fetch_optional(&self.pool)
        .await
        .doing("claiming a source's message")?;
        Ok(row.is_some())
    }

    /// Who holds the claim on message `id` of `source`, if anyone.
    pub async fn source_message_holder(
        &self,
        source: &str,
        id: &str,
    ) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(
            "SELECT claimed_by FROM source_claims WHERE source = $1 AND message_id = $2",
        )
        .bind(source)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a source message's claim")
    }

    /// Takes the claim from `holder` (known to be dead), if it still holds it and had not
    /// settled the message.
    pub async fn take_over_source_message(
        &self,
        source: &str,
        id: &str,
        holder: &str,
        claimer: &str,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE source_claims SET claimed_by = $1, claimed_until = $2 \
             WHERE source = $3 AND message_id = $4 AND claimed_by = $5 AND settled = 0",
        )
        .bind(claimer)
        .bind(instant(until))
        .bind(source)
        .bind(id)
        .bind(holder)
        .execute(&self.pool)
        .await
        .doing("taking over a source message's claim")?;
        Ok(done.rows_affected() == 1)
    }

    /// Marks a claimed message settled, its claim kept until `until`: no one takes it up again
    /// meanwhile, however long its processing took.
    pub async fn settle_source_message(
        &self,
        source: &str,
        id: &str,
        claimer: &str,
        until: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE source_claims SET settled = 1, claimed_until = $4 \
             WHERE source = $1 AND message_id = $2 AND claimed_by = $3",
        )
        .bind(source)
        .bind(id)
        .bind(claimer)
        .bind(instant(until))
        .execute(&self.pool)
        .await
        .doing("marking a source's message settled")?;
        Ok(())
    }

    /// Lets go of a claim once its message is settled (or left for a later pass).
    pub async fn release_source_message(
        &self,
        source: &str,
        id: &str,
        claimer: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM source_claims WHERE source = $1 AND message_id = $2 AND claimed_by = $3",
        )
        .bind(source)
        .bind(id)
        .bind(claimer)
        .execute(&self.pool)
        .await
        .doing("releasing a source's message")?;
        Ok(())
    }

    /// Forgets `source`'s claims whose lease ran out before `before` (settled messages keep
    /// theirs until then).
    pub async fn purge_source_claims(
        &self,
        source: &str,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let done =
            sqlx::query("DELETE FROM source_claims WHERE source = $1 AND claimed_until < $2")
                .bind(source)
                .bind(instant(before))
                .execute(&self.pool)
                .await
                .doing("forgetting old claims")?;
        Ok(done.rows_affected())
    }

    /// Adds a pass to `source`'s record: polled at `at`, successful unless `error`.
    pub async fn record_pass(
        &self,
        source: &str,
        at: DateTime<Utc>,
        error: Option<&str>,
        counts: &PassCounts,
    ) -> Result<(), StoreError> {
        let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        let success = error.is_none().then(|| instant(at));
        sqlx::query(
            "INSERT INTO source_stats (source, last_poll_at, last_success_at, last_error, passes, \
             fetched, stored, dead_lettered, retried, skipped) \
             VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9) \
             ON CONFLICT (source) DO UPDATE SET last_poll_at = excluded.last_poll_at, \
             last_success_at = COALESCE(excluded.last_success_at, source_stats.last_success_at), \
             last_error = excluded.last_error, passes = source_stats.passes + 1, \
             fetched = source_stats.fetched + excluded.fetched, \
             stored = source_stats.stored + excluded.stored, \
             dead_lettered = source_stats.dead_lettered + excluded.dead_lettered, \
             retried = source_stats.retried + excluded.retried, \
             skipped = source_stats.skipped + excluded.skipped",
        )
        .bind(source)
        .bind(instant(at))
        .bind(success)
        .bind(error)
        .bind(n(counts.fetched))
        .bind(n(counts.stored))
        .bind(n(counts.dead_lettered))
        .bind(n(counts.retried))
        .bind(n(counts.skipped))
        .execute(&self.pool)
        .await
        .doing("recording a source's pass")?;
        Ok(())
    }

    /// Every source's record, by name.
    pub async fn source_statuses(&self) -> Result<Vec<SourceStatus>, StoreError> {
        let rows = sqlx::query(
            "SELECT source, last_poll_at, last_success_at, last_error, passes, fetched, stored, \
             dead_lettered, retried, skipped FROM source_stats ORDER BY source",
        )
        .fetch_all(&self.pool)
        .await
        .doing("reading the sources' records")?;
        let doing = "reading a source's record";
        rows.iter()
            .map(|r| {
                let at = |i: usize| -> Result<Option<DateTime<Utc>>, StoreError> {
                    r.try_get::<Option<String>, _>(i)
                        .doing(doing)?
                        .map(|s| parse_instant(&s))
                        .transpose()
                };
                let count = |i: usize| -> Result<u64, StoreError> {
                    Ok(u64::try_from(r.try_get::<i64, _>(i).doing(doing)?).unwrap_or(0))
                };
                Ok(SourceStatus {
                    source: r.try_get(0).doing(doing)?,
                    last_poll_at: at(1)?,
                    last_success_at: at(2)?,
                    last_error: r.try_get(3).doing(doing)?,
                    passes: count(4)?,
                    counts: PassCounts {
                        fetched: count(5)?,
                        stored: count(6)?,
                        dead_lettered: count(7)?,
                        retried: count(8)?,
                        skipped: count(9)?,
                    },
                })
            })
            .collect()
    }
}
