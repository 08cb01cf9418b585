//! The writes an intake plan makes to stored documents and tasks after they arrive (what a revoke,
//! an update or a unit's answer does is decided in core's `intake`), and the reads it asks for.
//! Every task change writes its audit event in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::time::{day, instant, parse_day};
use super::{QueryContext, StoreError, StoreTx};
use dondoc_core::domain::{Actor, Document, Provenance, TaskEvent, TaskState, UnitKey};

pub use dondoc_core::intake::{DocumentTask, PendingAnswer};

impl StoreTx {
    /// The document's row id and state (`active`, `revoked`).
    pub async fn document_by_key(
        &mut self,
        key: &str,
    ) -> Result<Option<(i64, String)>, StoreError> {
        let row = sqlx::query("SELECT id, state FROM documents WHERE document_key = $1")
            .bind(key)
            .fetch_optional(&mut *self.tx)
            .await
            .doing("looking up a document")?;
        row.map(|r| -> Result<(i64, String), StoreError> {
            Ok((
                r.try_get(0).doing("reading a document")?,
                r.try_get(1).doing("reading a document")?,
            ))
        })
        .transpose()
    }

    pub async fn document_tasks(
        &mut self,
        document_id: i64,
    ) -> Result<Vec<DocumentTask>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, seq, lead_unit, state, due_date, provenance FROM tasks WHERE document_id = $1 ORDER BY seq, id",
        )
        .bind(document_id)
        .fetch_all(&mut *self.tx)
        .await
        .doing("reading a document's tasks")?;
        rows.iter()
            .map(|r| {
                let lead: String = r.try_get(2).doing("reading a task")?;
                let state: String = r.try_get(3).doing("reading a task")?;
                let due: Option<String> = r.try_get(4).doing("reading a task")?;
                let provenance: String = r.try_get(5).doing("reading a task")?;
                Ok(DocumentTask {
                    id: r.try_get(0).doing("reading a task")?,
                    seq: r.try_get(1).doing("reading a task")?,
                    lead: UnitKey::parse(&lead).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                    state: TaskState::parse(&state)
                        .ok_or_else(|| StoreError::Corrupt(format!("state {state:?}")))?,
                    due: due.map(|d| parse_day(&d)).transpose()?,
                    provenance: Provenance::parse(&provenance)
                        .ok_or_else(|| StoreError::Corrupt(format!("provenance {provenance:?}")))?,
                })
            })
            .collect()
    }

    /// Moves a task to `to`, recording who, when, from what and why.
    pub async fn set_task_state(
        &mut self,
        task: &DocumentTask,
        to: TaskState,
        actor: &Actor,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.move_task(task.id, task.state, to, actor, note, now)
            .await
    }

    /// Moves the task `id` from `from` to `to`, with its audit event; a case it settles closes.
    pub(crate) async fn move_task(
        &mut self,
        id: i64,
        from: TaskState,
        to: TaskState,
        actor: &Actor,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE tasks SET state = $1, updated_at = $2 WHERE id = $3")
            .bind(to.as_str())
            .bind(instant(now))
            .bind(id)
            .execute(&mut *self.tx)
            .await
            .doing("changing a task's state")?;
        self.insert_event(&TaskEvent {
            task_id: id,
            at: now,
            actor: actor.clone(),
            action: "state_changed".into(),
            before: Some(serde_json::json!({ "state": from.as_str() })),
            after: Some(serde_json::json!({ "state": to.as_str(), "note": note })),
        })
        .await?;
        self.close_settled_case(id, now).await
    }

    /// Changes a task's deadline day, with its audit event.
    pub async fn set_task_due(
        &mut self,
        task: &DocumentTask,
        due: Option<NaiveDate>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE tasks SET due_date = $1, updated_at = $2 WHERE id = $3")
            .bind(due.map(day))
            .bind(instant(now))
            .bind(task.id)
            .execute(&mut *self.tx)
            .await
            .doing("changing a task's deadline")?;
        self.insert_event(&TaskEvent {
            task_id: task.id,
            at: now,
            actor: actor.clone(),
            action: "deadline_changed".into(),
            before: Some(serde_json::json!({ "due": task.due.map(day) })),
            after: Some(serde_json::json!({ "due": due.map(day) })),
        })
        .await
    }

    pub async fn set_document_state(
        &mut self,
        document_id: i64,
        state: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE documents SET state = $1 WHERE id = $2")
            .bind(state)
            .bind(document_id)
            .execute(&mut *self.tx)
            .await
            .doing("changing a document's state")?;
        Ok(())
    }

    /// Replaces what an update may change of a stored document's header.
    pub async fn update_document(
        &mut self,
        document_id: i64,
        d: &Document,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE documents SET doc_type = $1, subject = $2, content = $3, place = $4, signer_competence = $5, \
             signer_position = $6, signer_name = $7, urgency = $8, due_on = $9 WHERE id = $10",
        )
        .bind(d.doc_type.as_deref())
        .bind(d.subject.as_deref())
        .bind(d.content.as_deref())
        .bind(d.place.as_deref())
        .bind(d.signer.competence.as_deref())
        .bind(d.signer.position.as_deref())
        .bind(d.signer.full_name.as_deref())
        .bind(d.urgency.as_str())
        .bind(d.due.map(day))
        .bind(document_id)
        .execute(&mut *self.tx)
        .await
        .doing("updating a document")?;
        Ok(())
    }

    /// Links a unit's report to the directive it answers.
    pub async fn link_report(
        &mut self,
        report_id: i64,
        directive_id: i64,
        unit: Option<&UnitKey>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE documents SET response_for_id = $1, reporting_unit = $2 WHERE id = $3")
            .bind(directive_id)
            .bind(unit.map(|u| u.as_str().to_string()))
            .bind(report_id)
            .execute(&mut *self.tx)
            .await
            .doing("linking a report to its directive")?;
        Ok(())
    }

    pub async fn add_pending_answer(
        &mut self,
        a: &PendingAnswer,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO pending_answers (document_key, kind, unit_key, note, source, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&a.document_key)
        .bind(&a.kind)
        .bind(a.unit_key.as_deref())
        .bind(a.note.as_deref())
        .bind(&a.source)
        .bind(instant(now))
        .execute(&mut *self.tx)
        .await
        .doing("keeping an answer for later")?;
        Ok(())
    }

    /// The answers waiting for `document_key`, in the order they came.
    pub async fn pending_answers(
        &mut self,
        document_key: &str,
    ) -> Result<Vec<PendingAnswer>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, document_key, kind, unit_key, note, source FROM pending_answers \
             WHERE document_key = $1 AND applied_at IS NULL ORDER BY id",
        )
        .bind(document_key)
        .fetch_all(&mut *self.tx)
        .await
        .doing("reading waiting answers")?;
        rows.iter()
            .map(|r| {
                Ok(PendingAnswer {
                    id: r.try_get(0)?,
                    document_key: r.try_get(1)?,
                    kind: r.try_get(2)?,
                    unit_key: r.try_get(3)?,
                    note: r.try_get(4)?,
                    source: r.try_get(5)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .doing("reading waiting answers")
    }

    /// Marks the answers waiting for `document_key` applied.
    pub async fn mark_pending_applied(
        &mut self,
        document_key: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE pending_answers SET applied_at = $1 WHERE document_key = $2 AND applied_at IS NULL")
            .bind(instant(now))
            .bind(document_key)
            .execute(&mut *self.tx)
            .await
            .doing("marking waiting answers applied")?;
        Ok(())
    }
}

impl super::Store {
    /// The state of a stored document (`active`, `revoked`), for tests and the CLI.
    pub async fn document_state(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT state FROM documents WHERE document_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .doing("reading a document's state")
    }

    /// The directive a stored report answers, by key.
    pub async fn report_links(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.document_key, d.document_key FROM documents r JOIN documents d ON d.id = r.response_for_id ORDER BY r.id",
        )
        .fetch_all(&self.pool)
        .await
        .doing("reading report links")?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading report links")
    }
}
