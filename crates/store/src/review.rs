//! Review: a specialist confirms, corrects or rejects a drafted task. Every change is guarded by
//! the task's review state in the statement itself, so that two specialists acting on the same
//! draft at once cannot both succeed, and writes its audit event in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::time::{day, instant, parse_day, parse_time_of_day, time_of_day};
use super::{QueryContext, StoreError, StoreTx};
use dondoc_core::domain::{Actor, Deadline, ReviewState, TaskEvent, TaskFlag, UnitKey};

/// What a review reads of a task and may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedTask {
    pub id: i64,
    pub review: ReviewState,
    /// The issue day of its document: where the unit directory is looked up, as at ingest.
    pub document_issued: NaiveDate,
    pub content: String,
    pub lead: UnitKey,
    pub support: Vec<UnitKey>,
    pub deadline: Deadline,
    pub tracking_specialist: Option<String>,
    pub flags: Vec<TaskFlag>,
}

impl ReviewedTask {
    /// The fields a review may change, as the audit trail records them.
    pub fn audit_json(&self) -> serde_json::Value {
        serde_json::json!({
            "content": self.content,
            "lead": self.lead.as_str(),
            "support": self.support.iter().map(UnitKey::as_str).collect::<Vec<_>>(),
            "due": self.deadline.date().map(day),
            "due_time": self.deadline.time().map(time_of_day),
            "flags": self.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        })
    }
}

impl StoreTx {
    /// Holds the task `id` against other writers until this transaction ends, so that what a
    /// review reads next is what it writes over: two specialists correcting one draft at once
    /// take turns instead of the second undoing the first. On PostgreSQL the row lock makes a
    /// second reviewer wait, and the statements after it see the first one's commit; SQLite
    /// already serialises write transactions (`BEGIN IMMEDIATE`). Returns `false` when there is
    /// no such task.
    pub async fn lock_task(&mut self, id: i64) -> Result<bool, StoreError> {
        // A no-op UPDATE rather than `SELECT … FOR UPDATE`, which SQLite does not know.
        let done = sqlx::query("UPDATE tasks SET review = review WHERE id = $1")
            .bind(id)
            .execute(&mut *self.tx)
            .await
            .doing("holding a task for review")?;
        Ok(done.rows_affected() > 0)
    }

    /// The task `id` as a review sees it, `None` when there is no such task.
    pub async fn reviewed_task(&mut self, id: i64) -> Result<Option<ReviewedTask>, StoreError> {
        let row = sqlx::query(
            "SELECT t.review, d.issued_on, t.content, t.lead_unit, t.due_date, t.due_time, \
             t.tracking_specialist, t.flags FROM tasks t JOIN documents d ON d.id = t.document_id \
             WHERE t.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.tx)
        .await
        .doing("reading a task for review")?;
        let Some(row) = row else {
            return Ok(None);
        };
        let text = |i: usize| -> Result<String, StoreError> {
            row.try_get(i).doing("reading a task for review")
        };
        let maybe = |i: usize| -> Result<Option<String>, StoreError> {
            row.try_get(i).doing("reading a task for review")
        };
        let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("task {id}: {what} {v:?}"));
        let review = text(0)?;
        let due = maybe(4)?.map(|s| parse_day(&s)).transpose()?;
        let time = maybe(5)?.map(|s| parse_time_of_day(&s)).transpose()?;
        let lead = text(3)?;
        let flags = text(7)?
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| TaskFlag::parse(s).ok_or_else(|| corrupt("flag", s)))
            .collect::<Result<Vec<_>, _>>()?;
        let support: Vec<String> = sqlx::query_scalar(
            "SELECT unit_key FROM task_support WHERE task_id = $1 ORDER BY unit_key",
        )
        .bind(id)
        .fetch_all(&mut *self.tx)
        .await
        .doing("reading a task's coordinating units")?;
        let key =
            |s: &str| UnitKey::parse(s).map_err(|e| StoreError::Corrupt(format!("task {id}: {e}")));
        Ok(Some(ReviewedTask {
            id,
            review: ReviewState::parse(&review).ok_or_else(|| corrupt("review state", &review))?,
            document_issued: parse_day(&text(1)?)?,
            content: text(2)?,
            lead: key(&lead)?,
            support: support.iter().map(|s| key(s)).collect::<Result<_, _>>()?,
            deadline: match (due, time) {
                (None, _) => Deadline::None,
                (Some(d), None) => Deadline::Date(d),
                (Some(d), Some(t)) => Deadline::DateTime(d, t),
            },
            tracking_specialist: maybe(6)?,
            flags,
        }))
    }

    /// Moves a task's review state from `from` to `to`, recording who, when and why (`note`).
    /// Confirming records the instant, which stops the Office's entry clock. Returns `false`,
    /// changing nothing, when the task was not in `from` (another specialist acted first).
    #[allow(clippy::too_many_arguments)]
    pub async fn set_review(
        &mut self,
        id: i64,
        from: ReviewState,
        to: ReviewState,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let confirmed_at = (to == ReviewState::Confirmed).then(|| instant(now));
        let done = sqlx::query(
            "UPDATE tasks SET review = $1, confirmed_at = $2, updated_at = $3 \
             WHERE id = $4 AND review = $5",
        )
        .bind(to.as_str())
        .bind(confirmed_at.as_deref())
        .bind(instant(now))
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *self.tx)
        .await
        .doing("changing a task's review state")?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let action = match to {
            ReviewState::Confirmed => "confirmed",
            ReviewState::Rejected => "rejected",
            ReviewState::Draft => "reopened",
        };
        self.insert_event(&TaskEvent {
            task_id: id,
            at: now,
            actor: actor.clone(),
            action: action.into(),
            before: Some(serde_json::json!({ "review": from.as_str() })),
            after: Some(serde_json::json!({
                "review": to.as_str(),
                "confirmed_at": confirmed_at,
                "note": note,
            })),
        })
        .await?;
        Ok(true)
    }

    /// Writes a specialist's corrections of a draft (`after`, read before as `before`), with an
    /// `edited` event holding both. Returns `false`, changing nothing, when the task is no longer
    /// a draft.
    pub async fn edit_draft(
        &mut self,
        before: &ReviewedTask,
        after: &ReviewedTask,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let flags: Vec<&str> = after.flags.iter().map(|f| f.as_str()).collect();
        let done = sqlx::query(
            "UPDATE tasks SET content = $1, lead_unit = $2, due_date = $3, due_time = $4, \
             tracking_specialist = $5, flags = $6, updated_at = $7 WHERE id = $8 AND review = $9",
        )
        .bind(&after.content)
        .bind(after.lead.as_str())
        .bind(after.deadline.date().map(day))
        .bind(after.deadline.time().map(time_of_day))
        .bind(after.tracking_specialist.as_deref())
        .bind(flags.join(","))
        .bind(instant(now))
        .bind(before.id)
        .bind(ReviewState::Draft.as_str())
        .execute(&mut *self.tx)
        .await
        .doing("correcting a draft task")?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if after.support != before.support {
            sqlx::query("DELETE FROM task_support WHERE task_id = $1")
                .bind(before.id)
                .execute(&mut *self.tx)
                .await
                .doing("replacing a task's coordinating units")?;
            for unit in &after.support {
                sqlx::query(
                    "INSERT INTO task_support (task_id, unit_key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(before.id)
                .bind(unit.as_str())
                .execute(&mut *self.tx)
                .await
                .doing("replacing a task's coordinating units")?;
            }
        }
        self.insert_event(&TaskEvent {
            task_id: before.id,
            at: now,
            actor: actor.clone(),
            action: "edited".into(),
            before: Some(before.audit_json()),
            after: Some(after.audit_json()),
        })
        .await?;
        Ok(true)
    }

    /// A new draft copied from the draft `id` — its document, units, deadline, flags, the
    /// sentence it was read from — with `content`, placed after the document's last task, and
    /// its `created` event saying which draft it was split from. Its id.
    pub async fn copy_draft(
        &mut self,
        id: i64,
        content: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = instant(now);
        let new_id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (document_id, seq, content, lead_unit, due_date, due_time, \
             recurrence, state, provenance, review, tracking_specialist, reporting_unit, flags, \
             created_at, updated_at, quote, confidence) \
             SELECT t.document_id, (SELECT MAX(o.seq) + 1 FROM tasks o WHERE o.document_id = t.document_id), \
             $1, t.lead_unit, t.due_date, t.due_time, t.recurrence, t.state, t.provenance, t.review, \
             t.tracking_specialist, t.reporting_unit, t.flags, $2, $2, t.quote, t.confidence \
             FROM tasks t WHERE t.id = $3 AND t.review = $4 RETURNING id",
        )
        .bind(content)
        .bind(&at)
        .bind(id)
        .bind(ReviewState::Draft.as_str())
        .fetch_one(&mut *self.tx)
        .await
        .doing("copying a draft task")?;
        sqlx::query(
            "INSERT INTO task_support (task_id, unit_key) SELECT $1, unit_key FROM task_support \
             WHERE task_id = $2",
        )
        .bind(new_id)
        .bind(id)
        .execute(&mut *self.tx)
        .await
        .doing("copying a draft's coordinating units")?;
        let copied = self.reviewed_task(new_id).await?.ok_or_else(|| {
            StoreError::Conflict(format!("task {new_id} vanished as it was made"))
        })?;
        let mut after = copied.audit_json();
        after["split_from"] = id.into();
        self.insert_event(&TaskEvent {
            task_id: new_id,
            at: now,
            actor: actor.clone(),
            action: "created".into(),
            before: None,
            after: Some(after),
        })
        .await?;
        Ok(new_id)
    }

    /// The document the task `id` belongs to.
    pub async fn document_of_task(&mut self, id: i64) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar("SELECT document_id FROM tasks WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .doing("reading a task's document")
    }
}
