//! The tasks as the contracts show them: the object of `tasks list --json` (also the API's
//! task) and of `review list --json` (the API's draft), and the listing both are read from.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::calendar::Calendar;
use crate::config::Config;
use crate::deadlines::entry::EntryClock;
use crate::deadlines::{replay, task_is_overdue, Step};
use crate::domain::{TaskFlag, TaskState};
use crate::store::{Store, StoreError, TaskFilter, TaskRow, UnitRef};
use dondoc_core::report::standing;

/// The tasks `filter` selects, only those overdue at `as_of` when `overdue`.
pub async fn list(
    store: &Store,
    calendar: &Calendar,
    filter: &TaskFilter,
    overdue: bool,
    as_of: DateTime<Utc>,
) -> Result<Vec<TaskRow>, StoreError> {
    let mut filter = filter.clone();
    if overdue {
        // A deadline only ever moves later, so the day as written bounds the candidates.
        let day = crate::clock::local_date(as_of);
        filter.due_on_or_before = Some(filter.due_on_or_before.map_or(day, |d| d.min(day)));
    }
    let mut tasks = store.list_tasks(&filter).await?;
    if overdue {
        tasks.retain(|t| task_is_overdue(&t.task, as_of, calendar));
    }
    Ok(tasks)
}

/// The contract's objects of `tasks`, each judged at `as_of`. A finished task is late or not by
/// when its result came, which only its trail says: those trails are read here.
pub async fn json_of(
    store: &Store,
    calendar: &Calendar,
    tasks: &[TaskRow],
    as_of: DateTime<Utc>,
) -> Result<Vec<serde_json::Value>, StoreError> {
    let finished: Vec<i64> = tasks
        .iter()
        .filter(|t| matches!(t.task.state, TaskState::Reported | TaskState::Done))
        .map(|t| t.id)
        .collect();
    let trails = store.task_events_of(&finished).await?;
    Ok(tasks
        .iter()
        .map(|t| {
            let finished_at = trails.get(&t.id).and_then(|events| {
                let steps: Vec<Step> = events.iter().map(Step::from_event).collect();
                replay(&steps, t.task.review, as_of).finished_at
            });
            to_json(t, finished_at, as_of, calendar)
        })
        .collect())
}

/// A unit as the readable listings show it: its name, "[?]" when the directory does not know it.
pub fn unit_label(u: &UnitRef) -> String {
    if u.verified {
        u.name.clone()
    } else {
        format!("{} [?]", u.name)
    }
}

pub fn unit_json(u: &UnitRef) -> serde_json::Value {
    json!({ "id": u.key, "name": u.name, "verified": u.verified })
}

/// A task's flags as the contracts spell them, `unverified_unit` first when one of its units is
/// not in the directory. That one is derived, not stored: it clears itself once the directory
/// learns the unit.
pub fn flags(t: &TaskRow) -> Vec<&'static str> {
    let mut flags: Vec<&str> = t
        .task
        .flags
        .iter()
        .filter(|f| **f != TaskFlag::UnverifiedUnit)
        .map(|f| f.as_str())
        .collect();
    if !t.lead.verified || t.support.iter().any(|u| !u.verified) {
        flags.insert(0, TaskFlag::UnverifiedUnit.as_str());
    }
    flags
}

/// A task's document, as both contracts give it.
fn document_json(t: &TaskRow) -> serde_json::Value {
    json!({
        "number": t.document_number,
        "issued": t.document_issued.format("%Y-%m-%d").to_string(),
        "key": t.task.document.as_str(),
        "subject": t.document_subject,
        "urgency": t.urgency.as_str(),
    })
}

/// The contract's object for one task; `finished_at` is when the result of a finished task came
/// (from its trail), which says whether it was done late.
pub fn to_json(
    t: &TaskRow,
    finished_at: Option<chrono::DateTime<chrono::Utc>>,
    as_of: chrono::DateTime<chrono::Utc>,
    calendar: &Calendar,
) -> serde_json::Value {
    let timeliness = standing(t.task.state, t.task.deadline, finished_at, as_of, calendar)
        .filter(|_| t.task.review.is_tracked())
        .and_then(|s| s.timeliness());
    json!({
        "id": t.id,
        "document": document_json(t),
        "lead": unit_json(&t.lead),
        "support": t.support.iter().map(unit_json).collect::<Vec<_>>(),
        "content": t.task.content,
        "due": t.task.deadline.date().map(|d| d.format("%Y-%m-%d").to_string()),
        "due_time": t.task.deadline.time().map(|d| d.format("%H:%M").to_string()),
        "recurring": t.task.recurrence.as_ref().map(|r| r.0.clone()),
        "state": t.task.state.as_str(),
        "overdue": task_is_overdue(&t.task, as_of, calendar),
        "timeliness": timeliness,
        "provenance": t.task.provenance.as_str(),
        "review": t.task.review.as_str(),
        "flags": flags(t),
        "tracking_specialist": t.task.tracking_specialist.as_ref().map(|e| e.to_string()),
        "quote": t.task.quote,
        "confidence": t.task.confidence.map(|c| c.value()),
        "confirmed_at": t.confirmed_at.map(|at| at.to_rfc3339()),
    })
}

/// The Office's entry clock of a draft's document, with the configured limit.
pub fn entry_clock(
    t: &TaskRow,
    config: &Config,
) -> Result<EntryClock, crate::calendar::OutOfRange> {
    EntryClock::for_document_within(
        t.document_issued,
        t.urgency,
        config.urging.entry_working_days,
        &config.calendar,
    )
}

/// The contract's object for one draft.
pub fn draft_json(t: &TaskRow, config: &Config, as_of: DateTime<Utc>) -> serde_json::Value {
    let entry = entry_clock(t, config).ok();
    json!({
        "id": t.id,
        "document": document_json(t),
        // The same unit objects as `tasks list --json`.
        "lead": unit_json(&t.lead),
        "support": t.support.iter().map(unit_json).collect::<Vec<_>>(),
        "due": t.task.deadline.date().map(|d| d.format("%Y-%m-%d").to_string()),
        "due_time": t.task.deadline.time().map(|d| d.format("%H:%M").to_string()),
        "recurring": t.task.recurrence.as_ref().map(|r| r.0.clone()),
        "content": t.task.content,
        "quote": t.task.quote,
        "confidence": t.task.confidence.map(|c| c.value()),
        "flags": flags(t),
        "provenance": t.task.provenance.as_str(),
        "review": t.task.review.as_str(),
        "entry_due": entry.map(|c| c.due.format("%Y-%m-%d").to_string()),
        "entry_overdue": entry.is_some_and(|c| c.overdue_at(t.confirmed_at, as_of)),
    })
}
