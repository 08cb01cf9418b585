//! The outbox: the `notices` table seen from the sender's side.
//!
//! A message moves `queued → sending → sent`, back to `queued` after a temporary failure, or to
//! `failed`; `held` ones have nobody to go to. Every move out of `sending` names the claimer and
//! checks it still holds the claim, and a claim is taken by a compare-and-set on the row's status
//! and lease: one SQL text that is safe on SQLite (one writer at a time) and on PostgreSQL with
//! several daemons, without `FOR UPDATE SKIP LOCKED`, which SQLite lacks.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::time::{instant, parse_instant};
use super::urging::{insert_notice, queued_row, QUEUED_COLUMNS, QUEUED_WIDTH};
use super::{QueryContext, QueuedNotice, Store, StoreError};
use dondoc_core::urging::Notice;

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxStatus {
    Queued,
    Sending,
    Sent,
    Failed,
    Held,
}

impl OutboxStatus {
    pub const ALL: [OutboxStatus; 5] = [
        Self::Queued,
        Self::Sending,
        Self::Sent,
        Self::Failed,
        Self::Held,
    ];

    /// The spelling of `outbox list --json` and of the column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Held => "held",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A message in the outbox: the notice and its delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub notice: QueuedNotice,
    pub status: OutboxStatus,
    /// Attempts made, successful or not.
    pub attempts: u32,
    /// Not before this instant (after a temporary failure).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<DateTime<Utc>>,
    /// Set when the message is first rendered, and kept for every resend.
    pub message_id: Option<String>,
    /// The message as rendered (RFC 5322), kept so that a resend sends the same bytes.
    pub message: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

impl OutboxEntry {
    /// Whether `retry_message` takes it: a failed message, or a held one that has somewhere to go.
    pub fn retryable(&self) -> bool {
        match self.status {
            OutboxStatus::Failed => true,
            OutboxStatus::Held => !self.notice.recipients.is_empty(),
            _ => false,
        }
    }
}

/// What `retry_message` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryOutcome {
    /// Queued again, due at once.
    Requeued,
    /// No such message.
    NotFound,
    /// Only a failed message (or a held one with recipients) can be retried; this one is in
    /// another state.
    NotFailed(OutboxStatus),
}

/// Whether a row can be claimed, given `$1` the instant and `$2` the start of a flush (or NULL).
const CLAIMABLE: &str = "((status = 'queued' AND ($2 IS NULL AND (next_attempt_at IS NULL \
     OR next_attempt_at <= $1) OR $2 IS NOT NULL AND (last_attempt_at IS NULL \
     OR last_attempt_at < $2))) OR (status = 'sending' AND claimed_until < $1))";

const ENTRY_COLUMNS: &str = "status, attempts, next_attempt_at, claimed_by, claimed_until, \
     message_id, message, sent_at, last_error";

/// Whether a try at delivering counts against `max_attempts`: only an answer about the message
/// does; a relay that could not be reached, or refused us, said nothing about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Counted,
    NotCounted,
}

impl Store {
    /// Claims for `claimer`, until `until`, up to `limit` messages that can go at `now`, oldest
    /// first: queued and due, or sending under a lease that ran out (its sender died). With
    /// `flush_since` (`outbox flush`), every queued message not attempted since that instant,
    /// backoff or not: each is tried once per flush.
    pub async fn claim_messages(
        &self,
        claimer: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
        limit: u32,
        flush_since: Option<DateTime<Utc>>,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let now_text = instant(now);
        let since = flush_since.map(instant);
        // Read a few more than wanted: another sender may take some between the read and the
        // claim.
        let candidates: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM notices WHERE {CLAIMABLE} ORDER BY id LIMIT $3"
        ))
        .bind(&now_text)
        .bind(since.as_deref())
        .bind(i64::from(limit) * 2)
        .fetch_all(&self.pool)
        .await
        .doing("looking for messages to send")?;
        let mut claimed = Vec::new();
        for id in candidates {
            if claimed.len() as u32 >= limit {
                break;
            }
            let done = sqlx::query(&format!(
                "UPDATE notices SET status = 'sending', claimed_by = $3, claimed_until = $4 \
                 WHERE id = $5 AND {CLAIMABLE}"
            ))
            .bind(&now_text)
            .bind(since.as_deref())
            .bind(claimer)
            .bind(instant(until))
            .bind(id)
            .execute(&self.pool)
            .await
            .doing("claiming a message")?;
            if done.rows_affected() == 1 {
                claimed.push(id);
            }
        }
        let mut out = Vec::with_capacity(claimed.len());
        for id in claimed {
            if let Some(e) = self.message(id).await? {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// Keeps the rendered message of a claimed one, unless it has one already (a resend keeps
    /// the first). `false` when the claim was lost.
    pub async fn keep_rendered(
        &self,
        id: i64,
        claimer: &str,
        message_id: &str,
        message: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE notices SET message_id = $1, message = $2 \
             WHERE id = $3 AND claimed_by = $4 AND status = 'sending' AND message IS NULL",
        )
        .bind(message_id)
        .bind(message)
        .bind(id)
        .bind(claimer)
        .execute(&self.pool)
        .await
        .doing("keeping a rendered message")?;
        Ok(done.rows_affected() == 1)
    }

    /// Extends a claim still held (its lease not run out) to `until`; `false` when it was lost.
    pub async fn renew_claim(
        &self,
        id: i64,
        claimer: &str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE notices SET claimed_until = $1 WHERE id = $2 AND claimed_by = $3 \
             AND status = 'sending' AND claimed_until >= $4",
        )
        .bind(instant(until))
        .bind(id)
        .bind(claimer)
        .bind(instant(now))
        .execute(&self.pool)
        .await
        .doing("renewing a claim")?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a delivery. `false` when the claim was lost (another sender took the message
    /// after our lease ran out): the message may then have gone twice, which the log says.
    pub async fn mark_sent(
        &self,
        id: i64,
        claimer: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE notices SET status = 'sent', sent_at = $1, last_attempt_at = $1, \
             attempts = attempts + 1, \
             claimed_by = NULL, claimed_until = NULL, next_attempt_at = NULL, last_error = NULL \
             WHERE id = $2 AND claimed_by = $3 AND status = 'sending'",
        )
        .bind(instant(at))
        .bind(id)
        .bind(claimer)
        .execute(&self.pool)
        .await
        .doing("recording a delivery")?;
        Ok(done.rows_affected() == 1)
    }

    /// Puts a message back in the queue after a temporary failure at `at`, due again at `next`.
    pub async fn mark_retry(
        &self,
        id: i64,
        claimer: &str,
        at: DateTime<Utc>,
        next: DateTime<Utc>,
        error: &str,
        attempt: Attempt,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE notices SET status = 'queued', attempts = attempts + $6, next_attempt_at = $1, \
             last_error = $2, claimed_by = NULL, claimed_until = NULL, last_attempt_at = $5 \
             WHERE id = $3 AND claimed_by = $4 AND status = 'sending'",
        )
        .bind(instant(next))
        .bind(error)
        .bind(id)
        .bind(claimer)
        .bind(instant(at))
        .bind(match attempt {
            Attempt::Counted => 1i64,
            Attempt::NotCounted => 0,
        })
        .execute(&self.pool)
        .await
        .doing("scheduling a retry")?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives a message up and, in the same transaction, queues `report` (the Office's notice of
    /// it), so that a failure is never recorded without the Office hearing of it. `false` when
    /// the claim was lost.
    pub async fn mark_failed(
        &self,
        id: i64,
        claimer: &str,
        at: DateTime<Utc>,
        error: &str,
        report: Option<&Notice>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE notices SET status = 'failed', attempts = attempts + 1, last_error = $1, \
             next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL, last_attempt_at = $4 \
             WHERE id = $2 AND claimed_by = $3 AND status = 'sending'",
        )
        .bind(error)
        .bind(id)
        .bind(claimer)
        .bind(instant(at))
        .execute(&mut *tx.tx)
        .await
        .doing("recording a failed message")?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        if let Some(report) = report {
            insert_notice(&mut tx, report, None, at).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Gives a claimed message back to the queue untouched (a stop came before its turn).
    pub async fn release_claim(&self, id: i64, claimer: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE notices SET status = 'queued', claimed_by = NULL, claimed_until = NULL \
             WHERE id = $1 AND claimed_by = $2 AND status = 'sending'",
        )
        .bind(id)
        .bind(claimer)
        .execute(&self.pool)
        .await
        .doing("releasing a claim")?;
        Ok(())
    }

    /// Queues a failed message again, due at once, its attempts counted afresh; or a held one
    /// that has somewhere to go (one queued before delivery existed). Its rendered message is
    /// dropped, to be rendered again (templates or addresses may have been fixed).
    pub async fn retry_message(&self, id: i64) -> Result<RetryOutcome, StoreError> {
        let Some(entry) = self.message(id).await? else {
            return Ok(RetryOutcome::NotFound);
        };
        if !entry.retryable() {
            return Ok(RetryOutcome::NotFailed(entry.status));
        }
        let done = sqlx::query(
            "UPDATE notices SET status = 'queued', attempts = 0, next_attempt_at = NULL, \
             message = NULL WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(entry.status.as_str())
        .execute(&self.pool)
        .await
        .doing("queueing a message again")?;
        Ok(if done.rows_affected() == 1 {
            RetryOutcome::Requeued
        } else {
            RetryOutcome::NotFailed(self.message(id).await?.map_or(entry.status, |e| e.status))
        })
    }

    /// One message, with its delivery.
    pub async fn message(&self, id: i64) -> Result<Option<OutboxEntry>, StoreError> {
        let sql = format!("SELECT {QUEUED_COLUMNS}, {ENTRY_COLUMNS} FROM notices WHERE id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .doing("reading a message")?;
        row.as_ref().map(entry_row).transpose()
    }

    /// The outbox, oldest first, only `status` when given.
    pub async fn messages(
        &self,
        status: Option<OutboxStatus>,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let sql = format!(
            "SELECT {QUEUED_COLUMNS}, {ENTRY_COLUMNS} FROM notices \
             WHERE ($1 = '' OR status = $1) ORDER BY id"
        );
        let rows = sqlx::query(&sql)
            .bind(status.map_or("", OutboxStatus::as_str))
            .fetch_all(&self.pool)
            .await
            .doing("reading the outbox")?;
        rows.iter().map(entry_row).collect()
    }
}

impl Store {
    /// The messages to `unit`, newest first, at most `limit`: the notices a unit's page lists.
    pub async fn messages_to_unit(
        &self,
        unit: &str,
        limit: i64,
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        let sql = format!(
            "SELECT {QUEUED_COLUMNS}, {ENTRY_COLUMNS} FROM notices WHERE unit_key = $1 \
             ORDER BY id DESC LIMIT $2"
        );
        let rows = sqlx::query(&sql)
            .bind(unit)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .doing("reading a unit's messages")?;
        rows.iter().map(entry_row).collect()
    }

    /// The messages about the document `key` to any of `units`, oldest first: the notices a
    /// task's page lists.
    pub async fn messages_about(
        &self,
        key: &str,
        units: &[&str],
    ) -> Result<Vec<OutboxEntry>, StoreError> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = (2..units.len() + 2).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {QUEUED_COLUMNS}, {ENTRY_COLUMNS} FROM notices WHERE document_id = \
             (SELECT id FROM documents WHERE document_key = $1) AND unit_key IN ({}) ORDER BY id",
            list.join(", ")
        );
        let query = units
            .iter()
            .fold(sqlx::query(&sql).bind(key), |q, u| q.bind(*u));
        let rows = query
            .fetch_all(&self.pool)
            .await
            .doing("reading a document's messages")?;
        rows.iter().map(entry_row).collect()
    }

    /// How many messages each unit has been sent (delivered) since the start of `since` (in
    /// Vietnam), by unit key.
    pub async fn sent_by_unit(
        &self,
        since: chrono::NaiveDate,
    ) -> Result<std::collections::HashMap<String, i64>, StoreError> {
        let doing = "counting the messages sent to each unit";
        let from = dondoc_core::clock::local_instant(since, chrono::NaiveTime::MIN);
        let rows = sqlx::query(
            "SELECT unit_key, COUNT(*) FROM notices WHERE status = 'sent' AND sent_at >= $1 \
             GROUP BY unit_key",
        )
        .bind(instant(from))
        .fetch_all(&self.pool)
        .await
        .doing(doing)?;
        rows.iter()
            .map(|r| Ok((r.try_get(0).doing(doing)?, r.try_get(1).doing(doing)?)))
            .collect()
    }
}

/// What a letter says of its source document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentHeading {
    /// "1502/UBND-KT".
    pub number: String,
    pub issued: chrono::NaiveDate,
    /// Its summary (trích yếu), empty when it has none.
    pub summary: String,
}

impl Store {
    /// A document's number, date and summary, for the letters about it.
    pub async fn document_heading(&self, id: i64) -> Result<Option<DocumentHeading>, StoreError> {
        let row = sqlx::query(
            "SELECT code_number, code_notation, issued_on, subject FROM documents WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a document for a letter")?;
        let Some(r) = row else { return Ok(None) };
        let doing = "reading a document for a letter";
        let number: String = r.try_get(0).doing(doing)?;
        let notation: String = r.try_get(1).doing(doing)?;
        let issued: String = r.try_get(2).doing(doing)?;
        Ok(Some(DocumentHeading {
            number: super::documents::join_number(&number, &notation),
            issued: super::time::parse_day(&issued)?,
            summary: r
                .try_get::<Option<String>, _>(3)
                .doing(doing)?
                .unwrap_or_default(),
        }))
    }

    /// A unit's name by its key.
    pub async fn unit_name(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT name FROM units WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .doing("reading a unit's name")
    }
}

fn entry_row(r: &AnyRow) -> Result<OutboxEntry, StoreError> {
    let doing = "reading the outbox";
    let notice = queued_row(r)?;
    let at = |i: usize| -> Result<Option<DateTime<Utc>>, StoreError> {
        r.try_get::<Option<String>, _>(i)
            .doing(doing)?
            .map(|s| parse_instant(&s))
            .transpose()
    };
    let text = |i: usize| -> Result<Option<String>, StoreError> { r.try_get(i).doing(doing) };
    let status: String = r.try_get(QUEUED_WIDTH).doing(doing)?;
    let attempts: i64 = r.try_get(1 + QUEUED_WIDTH).doing(doing)?;
    Ok(OutboxEntry {
        status: OutboxStatus::parse(&status).ok_or_else(|| {
            StoreError::Corrupt(format!("notice {}: status {status:?}", notice.id))
        })?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        next_attempt_at: at(2 + QUEUED_WIDTH)?,
        claimed_by: text(3 + QUEUED_WIDTH)?,
        claimed_until: at(4 + QUEUED_WIDTH)?,
        message_id: text(5 + QUEUED_WIDTH)?,
        message: text(6 + QUEUED_WIDTH)?,
        sent_at: at(7 + QUEUED_WIDTH)?,
        last_error: text(8 + QUEUED_WIDTH)?,
        notice,
    })
}
