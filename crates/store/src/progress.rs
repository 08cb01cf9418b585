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

/// A file a unit attached to the result it reported, kept under the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFile {
    pub id: i64,
    pub task_id: i64,
    /// The name it was sent under, cleaned.
    pub name: String,
    /// Where it is kept, relative to the data folder.
    pub path: String,
    pub bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

const FILE_COLUMNS: &str = "id, task_id, name, path, bytes, sha256, uploaded_by, uploaded_at";

fn task_file(r: &sqlx::any::AnyRow) -> Result<TaskFile, StoreError> {
    use sqlx::Row;
    let doing = "reading a task's file";
    Ok(TaskFile {
        id: r.try_get(0).doing(doing)?,
        task_id: r.try_get(1).doing(doing)?,
        name: r.try_get(2).doing(doing)?,
        path: r.try_get(3).doing(doing)?,
        bytes: r.try_get(4).doing(doing)?,
        sha256: r.try_get(5).doing(doing)?,
        uploaded_by: r.try_get(6).doing(doing)?,
        uploaded_at: super::time::parse_instant(&r.try_get::<String, _>(7).doing(doing)?)?,
    })
}

impl StoreTx {
    /// Records a file attached to the task `file.task_id`'s result (`id` ignored); its id.
    pub async fn insert_task_file(&mut self, file: &TaskFile) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO task_files (task_id, name, path, bytes, sha256, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(file.task_id)
        .bind(&file.name)
        .bind(&file.path)
        .bind(file.bytes)
        .bind(&file.sha256)
        .bind(&file.uploaded_by)
        .bind(instant(file.uploaded_at))
        .fetch_one(&mut *self.tx)
        .await
        .doing("recording a task's file")
    }
}

impl super::Store {
    /// The files attached to the task `task_id`'s results, oldest first.
    pub async fn task_files(&self, task_id: i64) -> Result<Vec<TaskFile>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {FILE_COLUMNS} FROM task_files WHERE task_id = $1 ORDER BY id"
        ))
        .bind(task_id)
        .fetch_all(&self.pool)
        .await
        .doing("listing a task's files")?;
        rows.iter().map(task_file).collect()
    }

    /// One file, by its id.
    pub async fn task_file(&self, id: i64) -> Result<Option<TaskFile>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {FILE_COLUMNS} FROM task_files WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a task's file")?;
        row.as_ref().map(task_file).transpose()
    }
}
