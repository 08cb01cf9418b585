//! A task's state as a specialist records it (`dondoc tasks update`): guarded by the state it was
//! read in, with its audit event in the same transaction.

use chrono::{DateTime, Utc};

use super::time::instant;
use super::{QueryContext, StoreError, StoreTx};
use dondoc_core::domain::{Actor, ReviewState, TaskEvent, TaskState};

impl StoreTx {
    /// The state and review state of the task `id`, `None` when there is no such task. Call
    /// [`StoreTx::lock_task`] first, so that what is read is what is changed.
    pub async fn task_state(
        &mut self,
        id: i64,
    ) -> Result<Option<(TaskState, ReviewState)>, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT state, review FROM tasks WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *self.tx)
                .await
                .doing("reading a task's state")?;
        let Some((state, review)) = row else {
            return Ok(None);
        };
        let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("task {id}: {what} {v:?}"));
        Ok(Some((
            TaskState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
            ReviewState::parse(&review).ok_or_else(|| corrupt("review state", &review))?,
        )))
    }

    /// Moves the task `id` from `from` to `to` at `at`, recording who and why (`note`) in a
    /// `state_changed` event. Returns `false`, changing nothing, when the task was no longer in
    /// `from`.
    pub async fn record_task_state(
        &mut self,
        id: i64,
        from: TaskState,
        to: TaskState,
        note: Option<&str>,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE tasks SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
        )
        .bind(to.as_str())
        .bind(instant(at))
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *self.tx)
        .await
        .doing("changing a task's state")?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        self.insert_event(&TaskEvent {
            task_id: id,
            at,
            actor: actor.clone(),
            action: "state_changed".into(),
            before: Some(serde_json::json!({ "state": from.as_str() })),
            after: Some(serde_json::json!({
                "state": to.as_str(),
                "note": note,
                // Learnt by the Office outside the document axis.
                "via": "office",
            })),
        })
        .await?;
        self.close_settled_case(id, at).await?;
        Ok(true)
    }

    /// Records why the task `id` stands as it does (a late unit's reason, learnt outside the
    /// axis) without changing it: a `noted` event, which reports show beside the task.
    pub async fn record_task_note(
        &mut self,
        id: i64,
        note: &str,
        actor: &Actor,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.insert_event(&TaskEvent {
            task_id: id,
            at,
            actor: actor.clone(),
            action: dondoc_core::deadlines::trail::NOTED.into(),
            before: None,
            after: Some(serde_json::json!({ "note": note })),
        })
        .await
    }
}
