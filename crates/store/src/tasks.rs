//! Tasks, their coordinating units and their audit events.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::documents::join_number;
use super::time::{day, instant, parse_day, parse_instant, parse_time_of_day, time_of_day};
use super::{QueryContext, Store, StoreError, StoreTx};
use dondoc_core::domain::{
    Actor, Confidence, Deadline, DocumentKey, EmailAddress, Provenance, Recurrence, ReviewState,
    Task, TaskEvent, TaskFlag, TaskState, UnitKey, Urgency,
};

/// A unit as a task names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    pub key: String,
    pub name: String,
    pub verified: bool,
}

/// A stored task with what a listing shows of its document and units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub id: i64,
    pub task: Task,
    pub document_number: String,
    pub document_issued: NaiveDate,
    pub document_subject: Option<String>,
    pub urgency: Urgency,
    /// The lead unit of `task`, with its name.
    pub lead: UnitRef,
    /// The coordinating units of `task`, with their names.
    pub support: Vec<UnitRef>,
    /// When a specialist (or the auto-confirm threshold) confirmed it: the end of the Office's
    /// entry clock.
    pub confirmed_at: Option<DateTime<Utc>>,
}

/// Which tasks to list; empty means all.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Tasks these units lead or coordinate.
    pub units: Option<Vec<UnitKey>>,
    pub state: Option<TaskState>,
    /// Only tasks due on or before this day (the candidates for being overdue).
    pub due_on_or_before: Option<NaiveDate>,
    /// Only tasks in this review state (`review list` shows the drafts).
    pub review: Option<ReviewState>,
    /// Only the task of this id.
    pub id: Option<i64>,
    /// Only tasks still open (`TaskState::is_open`).
    pub open: bool,
    /// Only tasks of documents issued on or after this day.
    pub issued_on_or_after: Option<NaiveDate>,
}

impl StoreTx {
    /// Stores a task with its coordinating units and its `created` audit event.
    pub async fn insert_task(
        &mut self,
        document_id: i64,
        seq: i64,
        task: &Task,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let flags: Vec<&str> = task.flags.iter().map(|f| f.as_str()).collect();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (document_id, seq, content, lead_unit, due_date, due_time, recurrence, \
             state, provenance, review, tracking_specialist, reporting_unit, flags, created_at, updated_at, \
             quote, confidence) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16) RETURNING id",
        )
        .bind(document_id)
        .bind(seq)
        .bind(&task.content)
        .bind(task.lead.as_str())
        .bind(task.deadline.date().map(day))
        .bind(task.deadline.time().map(time_of_day))
        .bind(task.recurrence.as_ref().map(|r| r.0.clone()))
        .bind(task.state.as_str())
        .bind(task.provenance.as_str())
        .bind(task.review.as_str())
        .bind(task.tracking_specialist.as_ref().map(|e| e.to_string()))
        .bind(task.reporting_unit.as_ref().map(|u| u.as_str().to_string()))
        .bind(flags.join(","))
        .bind(instant(now))
        .bind(task.quote.as_deref())
        .bind(task.confidence.map(|c| i64::from(c.thousandths())))
        .fetch_one(&mut *self.tx)
        .await
        .doing("storing a task")?;
        for unit in &task.support {
            sqlx::query("INSERT INTO task_support (task_id, unit_key) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(unit.as_str())
                .execute(&mut *self.tx)
                .await
                .doing("storing a coordinating unit")?;
        }
        let after = serde_json::json!({
            "content": task.content,
            "lead": task.lead.as_str(),
            "support": task.support.iter().map(UnitKey::as_str).collect::<Vec<_>>(),
            "due": task.deadline.date().map(day),
            "due_time": task.deadline.time().map(time_of_day),
            "state": task.state.as_str(),
            "provenance": task.provenance.as_str(),
            "review": task.review.as_str(),
            "recurring": task.recurrence.as_ref().map(|r| r.0.clone()),
            "flags": flags,
            "confidence": task.confidence.map(Confidence::value),
        });
        self.insert_event(&TaskEvent {
            task_id: id,
            at: now,
            actor: actor.clone(),
            action: "created".into(),
            before: None,
            after: Some(after),
        })
        .await?;
        Ok(id)
    }

    /// Appends to a task's audit trail; rows are never updated or deleted.
    pub async fn insert_event(&mut self, e: &TaskEvent) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO task_events (task_id, at, actor, action, before_json, after_json) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(e.task_id)
        .bind(instant(e.at))
        .bind(e.actor.render())
        .bind(&e.action)
        .bind(e.before.as_ref().map(|v| v.to_string()))
        .bind(e.after.as_ref().map(|v| v.to_string()))
        .execute(&mut *self.tx)
        .await
        .doing("recording an audit event")?;
        Ok(())
    }
}

const TASK_COLUMNS: &str = "t.id, d.document_key, d.code_number, d.code_notation, d.issued_on, d.subject, \
     d.urgency, t.lead_unit, lu.name, lu.verified, t.content, t.due_date, t.due_time, t.recurrence, \
     t.state, t.provenance, t.review, t.flags, t.tracking_specialist, t.reporting_unit, t.quote, \
     t.confidence, t.confirmed_at";

impl Store {
    /// The tasks matching `filter`, in the order their documents were issued.
    pub async fn list_tasks(&self, filter: &TaskFilter) -> Result<Vec<TaskRow>, StoreError> {
        let mut sql = format!(
            "SELECT {TASK_COLUMNS} FROM tasks t JOIN documents d ON d.id = t.document_id \
             JOIN units lu ON lu.key = t.lead_unit WHERE 1 = 1"
        );
        let mut binds: Vec<String> = Vec::new();
        if let Some(id) = filter.id {
            // An integer, written as its digits: nothing else can reach the statement this way.
            sql.push_str(&format!(" AND t.id = {id}"));
        }
        if filter.open {
            let open: Vec<String> = TaskState::ALL
                .into_iter()
                .filter(|s| s.is_open())
                .map(|s| format!("'{}'", s.as_str()))
                .collect();
            // The states' own spellings, fixed in the code: no input reaches the statement.
            sql.push_str(&format!(" AND t.state IN ({})", open.join(", ")));
        }
        if let Some(d) = filter.issued_on_or_after {
            binds.push(day(d));
            sql.push_str(&format!(" AND d.issued_on >= ${}", binds.len()));
        }
        if let Some(state) = filter.state {
            binds.push(state.as_str().to_string());
            sql.push_str(&format!(" AND t.state = ${}", binds.len()));
        }
        if let Some(review) = filter.review {
            binds.push(review.as_str().to_string());
            sql.push_str(&format!(" AND t.review = ${}", binds.len()));
        }
        if let Some(d) = filter.due_on_or_before {
            binds.push(day(d));
            sql.push_str(&format!(
                " AND t.due_date IS NOT NULL AND t.due_date <= ${}",
                binds.len()
            ));
        }
        if let Some(units) = &filter.units {
            let mut alternatives = Vec::new();
            for u in units {
                binds.push(u.as_str().to_string());
                let n = binds.len();
                alternatives.push(format!(
                    "t.lead_unit = ${n} OR EXISTS (SELECT 1 FROM task_support s WHERE s.task_id = t.id AND s.unit_key = ${n})"
                ));
            }
            if alternatives.is_empty() {
                return Ok(Vec::new());
            }
            sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
        }
        sql.push_str(" ORDER BY d.issued_on, d.id, t.seq, t.id");
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        let rows = query.fetch_all(&self.pool).await.doing("listing tasks")?;
        let mut tasks = rows.iter().map(task_row).collect::<Result<Vec<_>, _>>()?;
        self.attach_support(&mut tasks).await?;
        Ok(tasks)
    }

    async fn attach_support(&self, tasks: &mut [TaskRow]) -> Result<(), StoreError> {
        let mut by_id: HashMap<i64, usize> = HashMap::new();
        for (i, t) in tasks.iter().enumerate() {
            by_id.insert(t.id, i);
        }
        let ids: Vec<i64> = tasks.iter().map(|t| t.id).collect();
        let rows = self
            .rows_of_tasks(
                &ids,
                |list| {
                    format!(
                        "SELECT s.task_id, u.key, u.name, u.verified FROM task_support s \
                         JOIN units u ON u.key = s.unit_key WHERE s.task_id IN ({list}) \
                         ORDER BY s.task_id, u.key"
                    )
                },
                "listing coordinating units",
            )
            .await?;
        for row in rows {
            let task_id: i64 = row.try_get(0).doing("reading a coordinating unit")?;
            let unit = UnitRef {
                key: row.try_get(1).doing("reading a coordinating unit")?,
                name: row.try_get(2).doing("reading a coordinating unit")?,
                verified: row
                    .try_get::<i64, _>(3)
                    .doing("reading a coordinating unit")?
                    != 0,
            };
            if let Some(&i) = by_id.get(&task_id) {
                let key =
                    UnitKey::parse(&unit.key).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                tasks[i].task.support.push(key);
                tasks[i].support.push(unit);
            }
        }
        Ok(())
    }

    /// The id of the latest audit event (0 when none): each change of a task's own fields
    /// writes one (a unit's adoption into the directory does not), so what is computed from the
    /// tasks holds, for most purposes, while it stays the same.
    pub async fn last_task_event(&self) -> Result<i64, StoreError> {
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM task_events")
            .fetch_one(&self.pool)
            .await
            .doing("reading the latest audit event")?;
        Ok(last.unwrap_or(0))
    }

    /// How many tasks are stored, for checks that a second ingest adds none.
    pub async fn count_tasks(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM tasks")
            .fetch_one(&self.pool)
            .await
            .doing("counting tasks")
    }

    /// The audit trail of a task, oldest first.
    pub async fn task_events(&self, task_id: i64) -> Result<Vec<TaskEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT task_id, at, actor, action, before_json, after_json FROM task_events \
             WHERE task_id = $1 ORDER BY id",
        )
        .bind(task_id)
        .fetch_all(&self.pool)
        .await
        .doing("reading audit events")?;
        rows.iter().map(event_row).collect()
    }

    /// The rows `sql` gives for the tasks `ids`, asked 500 at a time: `sql` is given the list of
    /// placeholders (`$1, $2, …`) the ids are bound to.
    async fn rows_of_tasks(
        &self,
        ids: &[i64],
        sql: impl Fn(&str) -> String,
        doing: &'static str,
    ) -> Result<Vec<AnyRow>, StoreError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let text = sql(&list.join(", "));
            let query = chunk.iter().fold(sqlx::query(&text), |q, id| q.bind(*id));
            out.extend(query.fetch_all(&self.pool).await.doing(doing)?);
        }
        Ok(out)
    }

    /// The audit trails of the tasks `ids`, each oldest first.
    pub async fn task_events_of(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Vec<TaskEvent>>, StoreError> {
        let rows = self
            .rows_of_tasks(
                ids,
                |list| {
                    format!(
                        "SELECT task_id, at, actor, action, before_json, after_json FROM \
                         task_events WHERE task_id IN ({list}) ORDER BY task_id, id"
                    )
                },
                "reading audit events",
            )
            .await?;
        let mut out: HashMap<i64, Vec<TaskEvent>> = HashMap::new();
        for row in &rows {
            let e = event_row(row)?;
            out.entry(e.task_id).or_default().push(e);
        }
        Ok(out)
    }
}

/// An audit event from `task_id, at, actor, action, before_json, after_json`.
fn event_row(r: &AnyRow) -> Result<TaskEvent, StoreError> {
    let json = |s: Option<String>| -> Result<Option<serde_json::Value>, StoreError> {
        s.map(|s| {
            serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("audit JSON: {e}")))
        })
        .transpose()
    };
    let at: String = r.try_get(1).doing("reading audit events")?;
    let actor: String = r.try_get(2).doing("reading audit events")?;
    Ok(TaskEvent {
        task_id: r.try_get(0).doing("reading audit events")?,
        at: parse_instant(&at)?,
        actor: Actor::parse(&actor)
            .ok_or_else(|| StoreError::Corrupt(format!("actor {actor:?}")))?,
        action: r.try_get(3).doing("reading audit events")?,
        before: json(r.try_get(4).doing("reading audit events")?)?,
        after: json(r.try_get(5).doing("reading audit events")?)?,
    })
}

fn task_row(r: &AnyRow) -> Result<TaskRow, StoreError> {
    let get =
        |i: usize| -> Result<Option<String>, StoreError> { r.try_get(i).doing("reading a task") };
    let need = |i: usize| -> Result<String, StoreError> { r.try_get(i).doing("reading a task") };
    let id: i64 = r.try_get(0).doing("reading a task")?;
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("task {id}: {what} {v:?}"));
    let due_date = get(11)?.map(|s| parse_day(&s)).transpose()?;
    let due_time = get(12)?.map(|s| parse_time_of_day(&s)).transpose()?;
    let deadline = match (due_date, due_time) {
        (None, _) => Deadline::None,
        (Some(d), None) => Deadline::Date(d),
        (Some(d), Some(t)) => Deadline::DateTime(d, t),
    };
    let state = need(14)?;
    let provenance = need(15)?;
    let review = need(16)?;
    let urgency = need(6)?;
    let flags = need(17)?
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| TaskFlag::parse(s).ok_or_else(|| corrupt("flag", s)))
        .collect::<Result<Vec<_>, _>>()?;
    let key =
        |s: String| UnitKey::parse(&s).map_err(|e| StoreError::Corrupt(format!("task {id}: {e}")));
    let confidence = r
        .try_get::<Option<i64>, _>(21)
        .doing("reading a task")?
        .map(|n| {
            Confidence::from_thousandths(n)
                .map_err(|e| StoreError::Corrupt(format!("task {id}: {e}")))
        })
        .transpose()?;
    let document = need(1)?;
    let lead_key = need(7)?;
    Ok(TaskRow {
        id,
        document_number: join_number(&need(2)?, &need(3)?),
        document_issued: parse_day(&need(4)?)?,
        document_subject: get(5)?,
        urgency: Urgency::parse(&urgency).ok_or_else(|| corrupt("urgency", &urgency))?,
        lead: UnitRef {
            key: lead_key.clone(),
            name: need(8)?,
            verified: r.try_get::<i64, _>(9).doing("reading a task")? != 0,
        },
        support: Vec::new(),
        confirmed_at: get(22)?.map(|s| parse_instant(&s)).transpose()?,
        task: Task {
            document: DocumentKey::from_external(&document)
                .ok_or_else(|| corrupt("document key", &document))?,
            content: need(10)?,
            lead: key(lead_key)?,
            support: Vec::new(),
            deadline,
            recurrence: get(13)?.map(Recurrence),
            state: TaskState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
            provenance: Provenance::parse(&provenance)
                .ok_or_else(|| corrupt("provenance", &provenance))?,
            review: ReviewState::parse(&review).ok_or_else(|| corrupt("review state", &review))?,
            tracking_specialist: get(18)?.and_then(|e| EmailAddress::parse(&e).ok()),
            reporting_unit: get(19)?.map(key).transpose()?,
            flags,
            quote: get(20)?,
            confidence,
        },
    })
}
