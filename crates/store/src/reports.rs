//! What the reports read (Appendices I, IV and V): the documents issued in a span of days — and,
//! when asked, the earlier ones whose tasks may still have been open when it began — the units,
//! and the tasks with their audit trails read as typed steps. The tasks are streamed one at a time
//! to the caller's tally, so a report over a million tasks holds one task at a time; core's
//! `report` decides what each counts as, nothing is counted here.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Row};

use super::documents::join_number;
use super::time::{day, instant, parse_day, parse_instant};
use super::{Backend, QueryContext, Store, StoreError};
use dondoc_core::deadlines::Step;
use dondoc_core::domain::{ReviewState, UnitKind, Urgency};
use dondoc_core::report::{ReportDocument, ReportTask, ReportUnit};

/// The documents a report reads: issued from `from` to `to` (both included), and with
/// `carried_since` (the instant before the period) the earlier ones' tasks open now or changed
/// after it — a superset of those open when the period began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub carried_since: Option<DateTime<Utc>>,
    /// The report's instant: what the trails recorded after it is not read, since the standing
    /// at the instant cannot depend on it (a task created after it is not counted at all).
    pub until: DateTime<Utc>,
}

/// What of each task to read beyond its standing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TaskRead<'a> {
    /// Only the tasks this unit (a key) leads.
    pub lead: Option<&'a str>,
    /// Their content (Appendix IV's lines need it; the counts do not).
    pub content: bool,
}

impl ReportRange {
    /// The `WHERE` clause over `t` (tasks) and `d` (documents), and its values in order.
    fn clause(&self, lead: Option<&str>) -> (String, Vec<String>) {
        let mut binds = vec![day(self.from), day(self.to)];
        let mut sql = String::from("((d.issued_on >= $1 AND d.issued_on <= $2)");
        if let Some(at) = self.carried_since {
            binds.push(instant(at));
            sql.push_str(
                " OR (d.issued_on < $1 AND (t.state IN ('not_started', 'in_progress', 'returned') \
                 OR EXISTS (SELECT 1 FROM task_events x WHERE x.task_id = t.id AND x.at > $3))))",
            );
        } else {
            sql.push(')');
        }
        if let Some(unit) = lead {
            binds.push(unit.to_string());
            sql.push_str(&format!(" AND t.lead_unit = ${}", binds.len()));
        }
        (sql, binds)
    }
}

fn bound<'q>(sql: &'q str, binds: &'q [String]) -> Query<'q, Any, AnyArguments<'q>> {
    binds.iter().fold(sqlx::query(sql), |q, b| q.bind(b))
}

impl Store {
    /// The documents whose tasks `range` reads, by id.
    pub async fn report_documents(
        &self,
        range: &ReportRange,
    ) -> Result<HashMap<i64, ReportDocument>, StoreError> {
        let doing = "reading a report's documents";
        let (clause, binds) = range.clause(None);
        let sql = format!(
            "SELECT d.id, d.code_number, d.code_notation, d.issued_on, d.urgency, d.subject \
             FROM documents d WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.document_id = d.id \
             AND {clause})"
        );
        let mut out = HashMap::new();
        for r in bound(&sql, &binds)
            .fetch_all(&self.pool)
            .await
            .doing(doing)?
        {
            let get = |i: usize| -> Result<String, StoreError> { r.try_get(i).doing(doing) };
            let id: i64 = r.try_get(0).doing(doing)?;
            let urgency = get(4)?;
            out.insert(
                id,
                ReportDocument {
                    id,
                    number: join_number(&get(1)?, &get(2)?),
                    issued: parse_day(&get(3)?)?,
                    urgency: Urgency::parse(&urgency).ok_or_else(|| {
                        StoreError::Corrupt(format!("document {id}: urgency {urgency:?}"))
                    })?,
                    subject: r.try_get(5).doing(doing)?,
                },
            );
        }
        Ok(out)
    }

    /// Every unit, by key, as reports name them.
    pub async fn report_units(&self) -> Result<HashMap<String, ReportUnit>, StoreError> {
        let doing = "reading the units";
        let mut out = HashMap::new();
        for r in sqlx::query("SELECT key, name, kind FROM units")
            .fetch_all(&self.pool)
            .await
            .doing(doing)?
        {
            let key: String = r.try_get(0).doing(doing)?;
            let kind: String = r.try_get(2).doing(doing)?;
            let unit = ReportUnit {
                name: r.try_get(1).doing(doing)?,
                kind: UnitKind::parse(&kind).unwrap_or(UnitKind::Other),
                key: key.clone(),
            };
            out.insert(key, unit);
        }
        Ok(out)
    }

    /// The units that lead a task `range` reads.
    pub async fn report_leads(&self, range: &ReportRange) -> Result<BTreeSet<String>, StoreError> {
        let (clause, binds) = range.clause(None);
        let sql = format!(
            "SELECT DISTINCT t.lead_unit FROM tasks t JOIN documents d ON d.id = t.document_id \
             WHERE {clause}"
        );
        let rows: Vec<String> = binds
            .iter()
            .fold(sqlx::query_scalar(&sql), |q, b| q.bind(b))
            .fetch_all(&self.pool)
            .await
            .doing("reading a report's lead units")?;
        Ok(rows.into_iter().collect())
    }

    /// Gives `each` every task `range` reads (as `read` narrows it), one at a time in id order,
    /// with its trail.
    pub async fn report_tasks(
        &self,
        range: &ReportRange,
        read: TaskRead<'_>,
        mut each: impl FnMut(ReportTask),
    ) -> Result<(), StoreError> {
        let doing = "reading a report's tasks";
        let (clause, mut binds) = range.clause(read.lead);
        binds.push(instant(range.until));
        let until = binds.len();
        // The content only where it is shown: an empty text of the column's type otherwise.
        let content = if read.content {
            "t.content"
        } else {
            "substr(t.content, 1, 0)"
        };
        // One row per task, its events folded into one text (an event's id, instant, action and
        // `after` JSON, between unit and record separators, which JSON text never holds raw):
        // a million tasks are a million rows to decode, not every event's.
        let (fold, sep) = match self.backend() {
            Backend::Postgres => ("string_agg", "chr"),
            Backend::Sqlite => ("group_concat", "char"),
        };
        let sql = format!(
            "SELECT t.id, t.document_id, t.lead_unit, t.tracking_specialist, t.review, {content}, \
             {fold}(CAST(e.id AS TEXT) || {sep}(31) || e.at || {sep}(31) || e.action || {sep}(31) \
             || COALESCE(e.after_json, ''), {sep}(30)) \
             FROM tasks t JOIN documents d ON d.id = t.document_id \
             LEFT JOIN task_events e ON e.task_id = t.id AND e.at <= ${until} \
             WHERE {clause} GROUP BY t.id ORDER BY t.id"
        );
        let mut rows = bound(&sql, &binds).fetch(&self.pool);
        while let Some(r) = rows.try_next().await.doing(doing)? {
            let id: i64 = r.try_get(0).doing(doing)?;
            let mut task = task_of(&r, id)?;
            let trail: Option<String> = r.try_get(6).doing(doing)?;
            task.steps = steps_of(trail.as_deref().unwrap_or(""), id)?;
            each(task);
        }
        Ok(())
    }
}

fn task_of(r: &AnyRow, id: i64) -> Result<ReportTask, StoreError> {
    let doing = "reading a report's tasks";
    let review: String = r.try_get(4).doing(doing)?;
    Ok(ReportTask {
        id,
        document: r.try_get(1).doing(doing)?,
        lead: r.try_get(2).doing(doing)?,
        specialist: r.try_get(3).doing(doing)?,
        review: ReviewState::parse(&review)
            .ok_or_else(|| StoreError::Corrupt(format!("task {id}: review state {review:?}")))?,
        content: r.try_get(5).doing(doing)?,
        steps: Vec::new(),
    })
}

/// The steps of a task's folded trail, in the order they were recorded (the fold keeps no
/// order; the replay follows the recording).
fn steps_of(trail: &str, id: i64) -> Result<Vec<Step>, StoreError> {
    let corrupt = |what: String| StoreError::Corrupt(format!("task {id}: audit trail: {what}"));
    let mut steps: Vec<(i64, Step)> = Vec::new();
    for event in trail.split('\u{1e}').filter(|e| !e.is_empty()) {
        let mut fields = event.splitn(4, '\u{1f}');
        let (Some(event_id), Some(at), Some(action), Some(after)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(corrupt(format!("an event reads {event:?}")));
        };
        let event_id: i64 = event_id
            .parse()
            .map_err(|_| corrupt(format!("event id {event_id:?}")))?;
        let after = (!after.is_empty()).then_some(after);
        let step = Step::parse(parse_instant(at)?, action, after)
            .map_err(|e| corrupt(format!("event {event_id}: {e}")))?;
        steps.push((event_id, step));
    }
    steps.sort_by_key(|(event, _)| *event);
    Ok(steps.into_iter().map(|(_, s)| s).collect())
}
