//! Dead letters: what could not be processed, with its reason and where it came from. The payload
//! is a file under `data_dir`; the row says where.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::time::{day, instant, parse_instant};
use super::{QueryContext, Store, StoreError};

/// A dead letter as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    pub id: i64,
    pub source: String,
    /// The file name or the source's id for the message.
    pub origin: String,
    pub reason: String,
    pub payload_sha256: String,
    pub payload_bytes: i64,
    /// Relative to `data_dir`; `None` once the retention removed it (or it was discarded).
    pub payload_path: Option<String>,
    pub status: DeadLetterStatus,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadLetterStatus {
    Open,
    /// Processed on a retry.
    Retried,
    Discarded,
}

impl DeadLetterStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Retried => "retried",
            Self::Discarded => "discarded",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Retried, Self::Discarded]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// A dead letter about to be recorded.
#[derive(Debug, Clone)]
pub struct NewDeadLetter<'a> {
    pub source: &'a str,
    pub origin: &'a str,
    pub reason: &'a str,
    pub payload_sha256: &'a str,
    pub payload_bytes: i64,
    pub payload_path: Option<&'a str>,
}

const COLUMNS: &str =
    "id, source, origin, reason, payload_sha256, payload_bytes, payload_path, status, received_at";

impl Store {
    /// Records a dead letter, unless the same payload is already an open one (the same bad file
    /// dropped twice is one problem); returns its id either way.
    pub async fn record_dead_letter(
        &self,
        d: &NewDeadLetter<'_>,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM dead_letters WHERE payload_sha256 = $1 AND status = 'open'",
        )
        .bind(d.payload_sha256)
        .fetch_optional(&mut *tx.tx)
        .await
        .doing("looking up a dead letter")?;
        if let Some(id) = existing {
            sqlx::query("UPDATE dead_letters SET reason = $1 WHERE id = $2")
                .bind(d.reason)
                .bind(id)
                .execute(&mut *tx.tx)
                .await
                .doing("updating a dead letter")?;
            tx.commit().await?;
            return Ok(id);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dead_letters (source, origin, reason, payload_sha256, payload_bytes, payload_path, \
             status, received_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING id",
        )
        .bind(d.source)
        .bind(d.origin)
        .bind(d.reason)
        .bind(d.payload_sha256)
        .bind(d.payload_bytes)
        .bind(d.payload_path)
        .bind(instant(now))
        .fetch_one(&mut *tx.tx)
        .await
        .doing("recording a dead letter")?;
        tx.commit().await?;
        Ok(id)
    }

    /// Dead letters, newest last; only the open ones unless `all`.
    pub async fn dead_letters(&self, all: bool) -> Result<Vec<DeadLetter>, StoreError> {
        let filter = if all { "" } else { "WHERE status = 'open'" };
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM dead_letters {filter} ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await
        .doing("listing dead letters")?;
        rows.iter().map(row).collect()
    }

    pub async fn dead_letter(&self, id: i64) -> Result<Option<DeadLetter>, StoreError> {
        let found = sqlx::query(&format!("SELECT {COLUMNS} FROM dead_letters WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .doing("reading a dead letter")?;
        found.as_ref().map(row).transpose()
    }

    /// Closes a dead letter as retried or discarded; a discarded one loses its payload path.
    pub async fn resolve_dead_letter(
        &self,
        id: i64,
        status: DeadLetterStatus,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let clear_path = if status == DeadLetterStatus::Discarded {
            ", payload_path = NULL"
        } else {
            ""
        };
        sqlx::query(&format!(
            "UPDATE dead_letters SET status = $1, resolved_at = $2{clear_path} WHERE id = $3"
        ))
        .bind(status.as_str())
        .bind(instant(now))
        .bind(id)
        .execute(&self.pool)
        .await
        .doing("resolving a dead letter")?;
        Ok(())
    }

    /// Forgets the payload files of dead letters received before `before`; returns their paths so
    /// the caller can delete the files.
    pub async fn expire_dead_letter_payloads(
        &self,
        before: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let mut tx = self.begin().await?;
        let paths: Vec<String> = sqlx::query_scalar(
            "SELECT payload_path FROM dead_letters WHERE payload_path IS NOT NULL AND received_at < $1",
        )
        .bind(instant(before))
        .fetch_all(&mut *tx.tx)
        .await
        .doing("finding expired dead-letter payloads")?;
        sqlx::query("UPDATE dead_letters SET payload_path = NULL WHERE payload_path IS NOT NULL AND received_at < $1")
            .bind(instant(before))
            .execute(&mut *tx.tx)
            .await
            .doing("expiring dead-letter payloads")?;
        tx.commit().await?;
        Ok(paths)
    }

    /// Counts one secret document dropped by `source` on `on` (a day in Vietnam). Nothing else of
    /// it is kept.
    pub async fn count_secret_drop(&self, source: &str, on: NaiveDate) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO secret_drops (source, day, count) VALUES ($1, $2, 1) \
             ON CONFLICT (source, day) DO UPDATE SET count = secret_drops.count + 1",
        )
        .bind(source)
        .bind(day(on))
        .execute(&self.pool)
        .await
        .doing("counting a secret document")?;
        Ok(())
    }

    /// How many secret documents were dropped, in all.
    pub async fn secret_drops(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COALESCE(CAST(SUM(count) AS BIGINT), 0) FROM secret_drops")
            .fetch_one(&self.pool)
            .await
            .doing("counting secret documents")
    }
}

fn row(r: &sqlx::any::AnyRow) -> Result<DeadLetter, StoreError> {
    let get =
        |i: usize| -> Result<String, StoreError> { r.try_get(i).doing("reading a dead letter") };
    let status = get(7)?;
    Ok(DeadLetter {
        id: r.try_get(0).doing("reading a dead letter")?,
        source: get(1)?,
        origin: get(2)?,
        reason: get(3)?,
        payload_sha256: get(4)?,
        payload_bytes: r.try_get(5).doing("reading a dead letter")?,
        payload_path: r.try_get(6).doing("reading a dead letter")?,
        status: DeadLetterStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("dead-letter status {status:?}")))?,
        received_at: parse_instant(&get(8)?)?,
    })
}
