//! What the reports read (Appendices I, IV and V): the tasks of the documents issued in a span of
//! days — and, when asked, the earlier ones that may still have been open when it began — with
//! their whole audit trails, the documents and the units they name. Core's `report` decides what
//! each counts as; nothing is counted here.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Row};

use super::documents::join_number;
use super::time::{day, instant, parse_day, parse_instant};
use super::{QueryContext, Store, StoreError};
use dondoc_core::domain::{Actor, ReviewState, TaskEvent, UnitKind, Urgency};
use dondoc_core::report::{Facts, ReportDocument, ReportTask, ReportUnit};

/// The tasks a report may count: `$1`/`$2` bound the issue day; with a carried clause, earlier
/// documents' tasks open now or changed after `$3` (the period's eve), a superset of those open
/// at its start.
fn scope_sql(carried: bool) -> String {
    let mut sql = String::from("(d.issued_on >= $1 AND d.issued_on <= $2)");
    if carried {
        sql.push_str(
            " OR (d.issued_on < $1 AND (t.state IN ('not_started', 'in_progress', 'returned') \
             OR EXISTS (SELECT 1 FROM task_events x WHERE x.task_id = t.id AND x.at > $3)))",
        );
    }
    sql
}

/// `sql` with the scope's values bound.
fn bound(
    sql: &str,
    from: NaiveDate,
    to: NaiveDate,
    carried_since: Option<DateTime<Utc>>,
) -> Query<'_, Any, AnyArguments<'_>> {
    let q = sqlx::query(sql).bind(day(from)).bind(day(to));
    match carried_since {
        Some(at) => q.bind(instant(at)),
        None => q,
    }
}

impl Store {
    /// The facts for a report over the documents issued from `from` to `to` (both included), and
    /// with `carried_since` (the instant before the period) the earlier documents' tasks that
    /// were open then or may have been.
    pub async fn report_facts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        carried_since: Option<DateTime<Utc>>,
    ) -> Result<Facts, StoreError> {
        let scope = scope_sql(carried_since.is_some());
        let bind = |sql| bound(sql, from, to, carried_since);
        let mut facts = Facts::default();

        let sql = format!(
            "SELECT DISTINCT d.id, d.code_number, d.code_notation, d.issued_on, d.urgency, d.subject \
             FROM tasks t JOIN documents d ON d.id = t.document_id WHERE {scope}"
        );
        for r in bind(&sql)
            .fetch_all(&self.pool)
            .await
            .doing("reading a report's documents")?
        {
            let get = |i: usize| -> Result<String, StoreError> {
                r.try_get(i).doing("reading a report's documents")
            };
            let id: i64 = r.try_get(0).doing("reading a report's documents")?;
            let urgency = get(4)?;
            facts.documents.insert(
                id,
                ReportDocument {
                    id,
                    number: join_number(&get(1)?, &get(2)?),
                    issued: parse_day(&get(3)?)?,
                    urgency: Urgency::parse(&urgency).ok_or_else(|| {
                        StoreError::Corrupt(format!("document {id}: urgency {urgency:?}"))
                    })?,
                    subject: r.try_get(5).doing("reading a report's documents")?,
                },
            );
        }

        for r in sqlx::query("SELECT key, name, kind FROM units")
            .fetch_all(&self.pool)
            .await
            .doing("reading the units")?
        {
            let key: String = r.try_get(0).doing("reading the units")?;
            let kind: String = r.try_get(2).doing("reading the units")?;
            let unit = ReportUnit {
                name: r.try_get(1).doing("reading the units")?,
                kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Other),
                key: key.clone(),
            };
            facts.units.insert(key, unit);
        }

        let sql = format!(
            "SELECT t.id, t.document_id, t.lead_unit, t.content, t.tracking_specialist, t.review \
             FROM tasks t JOIN documents d ON d.id = t.document_id WHERE {scope} ORDER BY t.id"
        );
        let mut index: HashMap<i64, usize> = HashMap::new();
        for r in bind(&sql)
            .fetch_all(&self.pool)
            .await
            .doing("reading a report's tasks")?
        {
            let id: i64 = r.try_get(0).doing("reading a report's tasks")?;
            let review: String = r.try_get(5).doing("reading a report's tasks")?;
            index.insert(id, facts.tasks.len());
            facts.tasks.push(ReportTask {
                id,
                document: r.try_get(1).doing("reading a report's tasks")?,
                lead: r.try_get(2).doing("reading a report's tasks")?,
                content: r.try_get(3).doing("reading a report's tasks")?,
                specialist: r.try_get(4).doing("reading a report's tasks")?,
                review: ReviewState::parse(&review).ok_or_else(|| {
                    StoreError::Corrupt(format!("task {id}: review state {review:?}"))
                })?,
                events: Vec::new(),
            });
        }

        let sql = format!(
            "SELECT e.task_id, e.at, e.actor, e.action, e.after_json FROM task_events e \
             JOIN tasks t ON t.id = e.task_id JOIN documents d ON d.id = t.document_id \
             WHERE {scope} ORDER BY e.task_id, e.id"
        );
        for r in bind(&sql)
            .fetch_all(&self.pool)
            .await
            .doing("reading a report's audit trails")?
        {
            let task_id: i64 = r.try_get(0).doing("reading a report's audit trails")?;
            let at: String = r.try_get(1).doing("reading a report's audit trails")?;
            let actor: String = r.try_get(2).doing("reading a report's audit trails")?;
            let after: Option<String> = r.try_get(4).doing("reading a report's audit trails")?;
            let event = TaskEvent {
                task_id,
                at: parse_instant(&at)?,
                actor: Actor::parse(&actor)
                    .ok_or_else(|| StoreError::Corrupt(format!("actor {actor:?}")))?,
                action: r.try_get(3).doing("reading a report's audit trails")?,
                before: None,
                after: after
                    .map(|s| {
                        serde_json::from_str(&s).map_err(|e| {
                            StoreError::Corrupt(format!("task {task_id}: audit JSON: {e}"))
                        })
                    })
                    .transpose()?,
            };
            if let Some(&i) = index.get(&task_id) {
                facts.tasks[i].events.push(event);
            }
        }
        Ok(facts)
    }
}
