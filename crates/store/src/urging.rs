//! What the urging policy reads, and the queue of the notices it decides.
//!
//! The reads are shaped to grow with the tasks that can be due, not with every task stored: open
//! tasks by state and due day (index `tasks_open_by_due`), the undated ones only when the update
//! request's window is open, returned tasks by state, drafts by review state
//! (`tasks_by_review`), and the other open tasks of the documents on which a unit is late.
//! The queue (`notices`) holds each notice once, by its dedupe key: `INSERT … ON CONFLICT DO
//! NOTHING` makes a second run, the same day or any later one, queue nothing it already holds.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::documents::join_number;
use super::time::{day, instant, parse_day, parse_instant, parse_time_of_day};
use super::{QueryContext, Store, StoreError};
use dondoc_core::domain::{Deadline, EmailAddress, ReviewState, TaskState, Urgency};
use dondoc_core::urging::{
    CaseRef, Cases, CitedNotice, Decision, DocumentRef, Notice, NoticeFlag, NoticeKind, OpenCase,
    TaskView, UnitContact,
};

/// A notice as the queue holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedNotice {
    pub id: i64,
    pub kind: NoticeKind,
    pub unit_key: String,
    pub document_id: Option<i64>,
    pub sequence: Option<i64>,
    pub period: Option<String>,
    pub decided_at: DateTime<Utc>,
    /// The tasks as the notice lists them (`NoticeItem::to_json`), as they were when decided.
    pub tasks: serde_json::Value,
    pub recipients: Vec<String>,
    pub subject: String,
    pub flags: Vec<NoticeFlag>,
    pub dedupe_key: String,
    /// The case of a Phiếu báo or an escalation.
    pub case_id: Option<i64>,
}

/// A case as a letter cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHistory {
    pub round: u32,
    pub opened_on: NaiveDate,
    /// Its Phiếu báo, in the order queued.
    pub notices: Vec<CitedNotice>,
}

impl QueuedNotice {
    /// The ids of the tasks it lists.
    pub fn task_ids(&self) -> Vec<i64> {
        self.tasks
            .as_array()
            .map(|a| a.iter().filter_map(|i| i["task"].as_i64()).collect())
            .unwrap_or_default()
    }
}

const VIEW_COLUMNS: &str = "t.id, t.document_id, d.code_number, d.code_notation, d.issued_on, \
     d.urgency, t.lead_unit, lu.name, lu.verified, lu.tracking_specialist, t.content, t.due_date, \
     t.due_time, t.state, t.review, t.tracking_specialist";

const VIEW_FROM: &str =
    "FROM tasks t JOIN documents d ON d.id = t.document_id JOIN units lu ON lu.key = t.lead_unit";

/// The same rows reached from their documents. SQLite keeps the order of a CROSS JOIN, so it
/// looks the documents up by id and their open tasks through `tasks_by_document_open`, instead
/// of walking every open task (it has no statistics to tell); PostgreSQL plans it as the join it
/// is.
const VIEW_FROM_DOCUMENTS: &str = "FROM documents d CROSS JOIN tasks t \
     JOIN units lu ON lu.key = t.lead_unit";

const OPEN: &str = "t.state IN ('not_started', 'in_progress')";

impl Store {
    /// The tasks a run may need: open confirmed tasks due (as written) on or before
    /// `due_on_or_before`, open confirmed tasks without a deadline when `undated`, returned
    /// confirmed tasks, and open drafts (for the entry watch).
    pub async fn urging_candidates(
        &self,
        due_on_or_before: NaiveDate,
        undated: bool,
    ) -> Result<Vec<TaskView>, StoreError> {
        let mut rows = self
            .view_rows(
                &format!(
                    "{OPEN} AND t.due_date IS NOT NULL AND t.due_date <= $1 AND t.review = 'confirmed'"
                ),
                &[day(due_on_or_before)],
            )
            .await?;
        if undated {
            rows.extend(
                self.view_rows(
                    &format!("{OPEN} AND t.due_date IS NULL AND t.review = 'confirmed'"),
                    &[],
                )
                .await?,
            );
        }
        rows.extend(
            self.view_rows("t.state = 'returned' AND t.review = 'confirmed'", &[])
                .await?,
        );
        rows.extend(
            self.view_rows(&format!("t.review = 'draft' AND {OPEN}"), &[])
                .await?,
        );
        self.with_emails(rows).await
    }

    /// Every open confirmed task of these documents: what a Phiếu báo lists besides the late
    /// ones.
    pub async fn open_tasks_of_documents(
        &self,
        documents: &BTreeSet<i64>,
    ) -> Result<Vec<TaskView>, StoreError> {
        let ids: Vec<i64> = documents.iter().copied().collect();
        let mut rows = Vec::new();
        for chunk in ids.chunks(500) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            // The ids are integers of our own: inlined, they cannot carry anything else.
            rows.extend(
                self.view_rows_from(
                    VIEW_FROM_DOCUMENTS,
                    &format!(
                        "d.id IN ({}) AND t.document_id = d.id AND {OPEN} \
                         AND t.review = 'confirmed'",
                        list.join(", ")
                    ),
                    &[],
                )
                .await?,
            );
        }
        self.with_emails(rows).await
    }

    async fn view_rows(
        &self,
        condition: &str,
        binds: &[String],
    ) -> Result<Vec<TaskView>, StoreError> {
        self.view_rows_from(VIEW_FROM, condition, binds).await
    }

    async fn view_rows_from(
        &self,
        from: &str,
        condition: &str,
        binds: &[String],
    ) -> Result<Vec<TaskView>, StoreError> {
        let sql = format!("SELECT {VIEW_COLUMNS} {from} WHERE {condition} ORDER BY t.id");
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(b);
        }
        let rows = q
            .fetch_all(&self.pool)
            .await
            .doing("reading the tasks urging may concern")?;
        rows.iter().map(view_row).collect()
    }

    /// Fills in the lead units' addresses.
    async fn with_emails(&self, mut tasks: Vec<TaskView>) -> Result<Vec<TaskView>, StoreError> {
        let units: Vec<String> = tasks
            .iter()
            .map(|t| t.lead.key.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut emails: BTreeMap<String, Vec<EmailAddress>> = BTreeMap::new();
        for chunk in units.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT unit_key, email FROM unit_emails WHERE unit_key IN ({}) ORDER BY unit_key, email",
                placeholders.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for u in chunk {
                q = q.bind(u);
            }
            for row in q
                .fetch_all(&self.pool)
                .await
                .doing("reading units' addresses")?
            {
                let unit: String = row.try_get(0).doing("reading units' addresses")?;
                let email: String = row.try_get(1).doing("reading units' addresses")?;
                // An address the directory check let through but that does not parse is left
                // out; the notice is then flagged if none is left.
                if let Ok(e) = EmailAddress::parse(&email) {
                    emails.entry(unit).or_default().push(e);
                }
            }
        }
        for t in &mut tasks {
            t.lead.emails = emails.get(&t.lead.key).cloned().unwrap_or_default();
        }
        Ok(tasks)
    }

    /// Queues `notices` decided at `decided_at`, in one transaction; each one whose dedupe key
    /// the queue already holds is left out. Returns, for each notice, its queue id when it was
    /// queued now.
    pub async fn queue_notices(
        &self,
        notices: &[Notice],
        decided_at: DateTime<Utc>,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        let mut tx = self.begin().await?;
        let mut ids = Vec::with_capacity(notices.len());
        for n in notices {
            ids.push(insert_notice(&mut tx, n, None, decided_at).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// The cases the policy needs: every open one with the Phiếu báo and escalation it has had,
    /// and the last round of each unit on `documents` (a case that opens again is the next).
    pub async fn cases(&self, documents: &BTreeSet<i64>) -> Result<Cases, StoreError> {
        let doing = "reading the open urging cases";
        let rows = sqlx::query(
            "SELECT c.id, c.unit_key, c.document_id, c.round, c.opened_on, n.id, n.kind, \
             n.sequence, n.decided_at \
             FROM urging_cases c LEFT JOIN notices n ON n.case_id = c.id \
             WHERE c.closed_at IS NULL ORDER BY c.id, n.id",
        )
        .fetch_all(&self.pool)
        .await
        .doing(doing)?;
        let mut open: Vec<OpenCase> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get(0).doing(doing)?;
            if open.last().is_none_or(|c| c.id != id) {
                let round: i64 = r.try_get(3).doing(doing)?;
                open.push(OpenCase {
                    id,
                    unit_key: r.try_get(1).doing(doing)?,
                    document_id: r.try_get(2).doing(doing)?,
                    round: u32::try_from(round)
                        .map_err(|_| StoreError::Corrupt(format!("case {id}: round {round}")))?,
                    opened_on: parse_day(&r.try_get::<String, _>(4).doing(doing)?)?,
                    notices: Vec::new(),
                    escalated_on: None,
                });
            }
            let Some(notice) = r.try_get::<Option<i64>, _>(5).doing(doing)? else {
                continue;
            };
            let kind: String = r.try_get(6).doing(doing)?;
            let on = local_day(&r.try_get::<String, _>(8).doing(doing)?)?;
            let case = open.last_mut().expect("pushed above");
            match NoticeKind::parse(&kind) {
                Some(NoticeKind::Escalation) => case.escalated_on = Some(on),
                Some(NoticeKind::Notice) => {
                    let sequence = r.try_get(7).doing(doing)?;
                    case.notices.push(cited(id, notice, sequence, on)?);
                }
                _ => {}
            }
        }
        let mut last_round = BTreeMap::new();
        let ids: Vec<i64> = documents.iter().copied().collect();
        for chunk in ids.chunks(500) {
            let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
            // The ids are integers of our own: inlined, they cannot carry anything else.
            // The closed cases, the last round of each unit and document last.
            let sql = format!(
                "SELECT unit_key, document_id, round, closed_at FROM urging_cases \
                 WHERE document_id IN ({}) AND closed_at IS NOT NULL ORDER BY round",
                list.join(", ")
            );
            for r in sqlx::query(&sql)
                .fetch_all(&self.pool)
                .await
                .doing("reading the last urging rounds")?
            {
                let round: i64 = r.try_get(2).doing(doing)?;
                let round = u32::try_from(round)
                    .map_err(|_| StoreError::Corrupt(format!("urging case round {round}")))?;
                let closed = local_day(&r.try_get::<String, _>(3).doing(doing)?)?;
                last_round.insert(
                    (r.try_get(0).doing(doing)?, r.try_get(1).doing(doing)?),
                    (round, closed),
                );
            }
        }
        Ok(Cases { open, last_round })
    }

    /// Queues what a run decided at `decided_at`, in one transaction: closes the cases it
    /// closes, opens the cases its notices open, and queues each notice whose dedupe key the
    /// queue does not hold. Returns, for each notice, its queue id when it was queued now.
    pub async fn queue_decision(
        &self,
        decision: &Decision,
        decided_at: DateTime<Utc>,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        let mut tx = self.begin().await?;
        for id in &decision.closed {
            sqlx::query(
                "UPDATE urging_cases SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL",
            )
            .bind(instant(decided_at))
            .bind(id)
            .execute(&mut *tx.tx)
            .await
            .doing("closing an urging case")?;
        }
        let mut ids = Vec::with_capacity(decision.notices.len());
        for n in &decision.notices {
            let case = match (&n.case, n.document_id) {
                (Some(c), Some(document)) => match case_id(&mut tx, n, c, document).await? {
                    Some(id) => Some(id),
                    None => {
                        ids.push(None);
                        continue;
                    }
                },
                _ => None,
            };
            ids.push(insert_notice(&mut tx, n, case, decided_at).await?);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// A case as a letter cites it: its round and the Phiếu báo sent for it, in order.
    pub async fn case_history(&self, case: i64) -> Result<Option<CaseHistory>, StoreError> {
        let doing = "reading an urging case";
        let Some(row) = sqlx::query("SELECT round, opened_on FROM urging_cases WHERE id = $1")
            .bind(case)
            .fetch_optional(&self.pool)
            .await
            .doing(doing)?
        else {
            return Ok(None);
        };
        let round: i64 = row.try_get(0).doing(doing)?;
        let opened_on = parse_day(&row.try_get::<String, _>(1).doing(doing)?)?;
        // Only the notices that were sent: one held for want of an address, or that failed,
        // was never received, and a letter does not say it was.
        let rows = sqlx::query(
            "SELECT id, sequence, decided_at FROM notices \
             WHERE case_id = $1 AND kind = 'notice' AND status = 'sent' ORDER BY id",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await
        .doing(doing)?;
        let mut notices = Vec::with_capacity(rows.len());
        for r in &rows {
            let on = local_day(&r.try_get::<String, _>(2).doing(doing)?)?;
            notices.push(cited(
                case,
                r.try_get(0).doing(doing)?,
                r.try_get(1).doing(doing)?,
                on,
            )?);
        }
        Ok(Some(CaseHistory {
            round: u32::try_from(round).unwrap_or(0),
            opened_on,
            notices,
        }))
    }

    /// Which of `keys` the queue holds already.
    pub async fn queued_keys(&self, keys: &[String]) -> Result<HashSet<String>, StoreError> {
        let mut found = HashSet::new();
        for chunk in keys.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT dedupe_key FROM notices WHERE dedupe_key IN ({})",
                placeholders.join(", ")
            );
            let mut q = sqlx::query_scalar::<_, String>(&sql);
            for k in chunk {
                q = q.bind(k);
            }
            found.extend(
                q.fetch_all(&self.pool)
                    .await
                    .doing("looking up queued notices")?,
            );
        }
        Ok(found)
    }

    /// The queue, oldest first.
    pub async fn queued_notices(&self) -> Result<Vec<QueuedNotice>, StoreError> {
        let sql = format!("SELECT {QUEUED_COLUMNS} FROM notices ORDER BY id");
        let rows = sqlx::query(&sql)
            .fetch_all(&self.pool)
            .await
            .doing("reading the notice queue")?;
        rows.iter().map(queued_row).collect()
    }
}

/// Queues one notice in `tx`, unless the queue holds its dedupe key; its id when queued. A
/// notice with nobody to send it to is held for the Office, never sent.
pub(super) async fn insert_notice(
    tx: &mut super::StoreTx,
    n: &Notice,
    case: Option<i64>,
    decided_at: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    let items: Vec<serde_json::Value> = n.items.iter().map(|i| i.to_json()).collect();
    let recipients: Vec<&str> = n.to.iter().map(EmailAddress::as_str).collect();
    sqlx::query_scalar(
        "INSERT INTO notices (kind, unit_key, document_id, sequence, period, decided_at, \
         tasks, recipients, subject, flags, dedupe_key, status, last_error, case_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(n.kind.as_str())
    .bind(&n.unit_key)
    .bind(n.document_id)
    .bind(n.sequence.map(i64::from))
    .bind(n.period.as_deref())
    .bind(instant(decided_at))
    .bind(serde_json::Value::from(items).to_string())
    .bind(serde_json::json!(recipients).to_string())
    .bind(&n.subject)
    .bind(n.flag_strs().join(","))
    .bind(n.dedupe_key())
    .bind(if n.to.is_empty() { "held" } else { "queued" })
    .bind(n.to.is_empty().then_some("no recipient"))
    .bind(case)
    .fetch_optional(&mut *tx.tx)
    .await
    .doing("queueing a notice")
}

impl super::StoreTx {
    /// Closes the open urging case of task `task`'s unit on its document when none of that
    /// unit's confirmed tasks there is open any more: called with every change of a task's
    /// state, so that a task returned and given out again between two runs opens a new case
    /// (round 2) instead of going on with the old one.
    pub async fn close_settled_case(
        &mut self,
        task: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "UPDATE urging_cases SET closed_at = $1 WHERE closed_at IS NULL \
             AND unit_key = (SELECT lead_unit FROM tasks WHERE id = $2) \
             AND document_id = (SELECT document_id FROM tasks WHERE id = $2) \
             AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.document_id = urging_cases.document_id \
             AND t.lead_unit = urging_cases.unit_key AND t.review = 'confirmed' AND {OPEN})"
        ))
        .bind(instant(at))
        .bind(task)
        .execute(&mut *self.tx)
        .await
        .doing("closing a settled urging case")?;
        Ok(())
    }
}

/// The stored id of a notice's case, opening it when this run does (or finding the one another
/// run opened a moment before: one open case per unit and document, and one per round). None
/// when another run's decision got there first in a way this one did not foresee (a round
/// opened and closed meanwhile): the notice is left to the next run.
async fn case_id(
    tx: &mut super::StoreTx,
    n: &Notice,
    case: &CaseRef,
    document: i64,
) -> Result<Option<i64>, StoreError> {
    if let Some(id) = case.id {
        return Ok(Some(id));
    }
    let doing = "opening an urging case";
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO urging_cases (unit_key, document_id, round, opened_on) \
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(&n.unit_key)
    .bind(document)
    .bind(i64::from(case.round))
    .bind(day(case.opened_on))
    .fetch_optional(&mut *tx.tx)
    .await
    .doing(doing)?;
    match inserted {
        Some(id) => Ok(Some(id)),
        // Another run opened this round a moment before: its case, when it is still open.
        None => sqlx::query_scalar(
            "SELECT id FROM urging_cases WHERE unit_key = $1 AND document_id = $2 \
             AND round = $3 AND closed_at IS NULL",
        )
        .bind(&n.unit_key)
        .bind(document)
        .bind(i64::from(case.round))
        .fetch_optional(&mut *tx.tx)
        .await
        .doing(doing),
    }
}

/// A Phiếu báo of case `case` as a letter cites it; one without a number is corrupt.
fn cited(
    case: i64,
    id: i64,
    sequence: Option<i64>,
    on: NaiveDate,
) -> Result<CitedNotice, StoreError> {
    let sequence = sequence
        .and_then(|s| u32::try_from(s).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("notice {id}: no number in case {case}")))?;
    Ok(CitedNotice { id, sequence, on })
}

/// The day in Vietnam of a stored instant.
fn local_day(s: &str) -> Result<NaiveDate, StoreError> {
    Ok(dondoc_core::clock::local_date(parse_instant(s)?))
}

fn view_row(r: &AnyRow) -> Result<TaskView, StoreError> {
    let doing = "reading a task for urging";
    let id: i64 = r.try_get(0).doing(doing)?;
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("task {id}: {what} {v:?}"));
    let text = |i: usize| -> Result<String, StoreError> { r.try_get(i).doing(doing) };
    let maybe = |i: usize| -> Result<Option<String>, StoreError> { r.try_get(i).doing(doing) };
    let email = |s: Option<String>| s.and_then(|e| EmailAddress::parse(&e).ok());
    let urgency = text(5)?;
    let state = text(13)?;
    let review = text(14)?;
    let due = maybe(11)?.map(|s| parse_day(&s)).transpose()?;
    let time = maybe(12)?.map(|s| parse_time_of_day(&s)).transpose()?;
    Ok(TaskView {
        id,
        document: DocumentRef {
            id: r.try_get(1).doing(doing)?,
            number: join_number(&text(2)?, &text(3)?),
            issued: parse_day(&text(4)?)?,
            urgency: Urgency::parse(&urgency).ok_or_else(|| corrupt("urgency", &urgency))?,
        },
        lead: UnitContact {
            key: text(6)?,
            name: text(7)?,
            verified: r.try_get::<i64, _>(8).doing(doing)? != 0,
            emails: Vec::new(),
            tracking_specialist: email(maybe(9)?),
        },
        content: text(10)?,
        deadline: match (due, time) {
            (None, _) => Deadline::None,
            (Some(d), None) => Deadline::Date(d),
            (Some(d), Some(t)) => Deadline::DateTime(d, t),
        },
        state: TaskState::parse(&state).ok_or_else(|| corrupt("state", &state))?,
        review: ReviewState::parse(&review).ok_or_else(|| corrupt("review state", &review))?,
        tracking_specialist: email(maybe(15)?),
    })
}

/// How many columns [`QUEUED_COLUMNS`] names: where the columns a query adds after them start.
pub(super) const QUEUED_WIDTH: usize = 13;

/// The columns [`queued_row`] reads, in its order.
pub(super) const QUEUED_COLUMNS: &str = "id, kind, unit_key, document_id, sequence, period, \
     decided_at, tasks, recipients, subject, flags, dedupe_key, case_id";

pub(super) fn queued_row(r: &AnyRow) -> Result<QueuedNotice, StoreError> {
    let doing = "reading the notice queue";
    let id: i64 = r.try_get(0).doing(doing)?;
    let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("notice {id}: {what} {v:?}"));
    let kind: String = r.try_get(1).doing(doing)?;
    let tasks: String = r.try_get(7).doing(doing)?;
    let recipients: String = r.try_get(8).doing(doing)?;
    let flags: String = r.try_get(10).doing(doing)?;
    let decided_at: String = r.try_get(6).doing(doing)?;
    Ok(QueuedNotice {
        id,
        kind: NoticeKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
        unit_key: r.try_get(2).doing(doing)?,
        document_id: r.try_get(3).doing(doing)?,
        sequence: r.try_get(4).doing(doing)?,
        period: r.try_get(5).doing(doing)?,
        decided_at: parse_instant(&decided_at)?,
        tasks: serde_json::from_str(&tasks).map_err(|_| corrupt("tasks", &tasks))?,
        recipients: serde_json::from_str(&recipients)
            .map_err(|_| corrupt("recipients", &recipients))?,
        subject: r.try_get(9).doing(doing)?,
        flags: flags
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| NoticeFlag::parse(s).ok_or_else(|| corrupt("flag", s)))
            .collect::<Result<_, _>>()?,
        dedupe_key: r.try_get(11).doing(doing)?,
        case_id: r.try_get(12).doing(doing)?,
    })
}
