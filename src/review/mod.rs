//! Review: a specialist of the Office confirms, corrects or rejects the tasks dondoc drafted from
//! a directive (Điều 6.1, 7). Confirming is what "entering" a task means here: it stops the
//! Office's 2-working-day entry clock ([`crate::deadlines::entry`]). A rejected draft was never a
//! task: it is kept, with who rejected it and why, but no deadline of it is watched.
//!
//! Each action runs in its own transaction and writes its audit event (who, when, from what to
//! what), so a batch (`review confirm 4 5 6`) goes as far as it can: one refused task does not
//! hold back the others.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::domain::{Actor, Deadline, ReviewState, TaskFlag, UnitKey};
use crate::store::{ResolvedUnit, ReviewedTask, Store, StoreError, StoreTx};

/// Why a review action was refused; each names the task.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("task {0}: there is no such task")]
    NoSuchTask(i64),
    #[error("task {id}: it is {} already, not a draft; only a draft can be {doing}", .state.as_str())]
    NotADraft {
        id: i64,
        state: ReviewState,
        doing: &'static str,
    },
    #[error("task {id}: no unit is named {query:?} (give its key, OrganId, name or abbreviation)")]
    UnknownUnit { id: i64, query: String },
    #[error("task {id}: {reason}")]
    Invalid { id: i64, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a specialist corrects in a draft; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edit {
    /// The lead unit: its key, OrganId, name or abbreviation.
    pub lead: Option<String>,
    /// The coordinating units, replacing the drafted ones (empty: none).
    pub support: Option<Vec<String>>,
    pub deadline: Option<DeadlineEdit>,
    pub content: Option<String>,
}

/// A corrected deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineEdit {
    /// A task without a deadline (Điều 4.2).
    Remove,
    /// A new day, a new hour, or both; what is not given is kept from the draft (a new day keeps
    /// the drafted hour).
    Set {
        due: Option<NaiveDate>,
        due_time: Option<NaiveTime>,
    },
}

/// Confirms the draft `id`: it becomes a tracked task, and its entry clock stops at `now`.
pub async fn confirm(
    store: &Store,
    id: i64,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ReviewError> {
    let mut tx = store.begin().await?;
    let task = draft(&mut tx, id, "confirmed").await?;
    move_review(&mut tx, &task, ReviewState::Confirmed, None, actor, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Rejects the draft `id` (not a task: a misreading, a duplicate), with the reason if given.
pub async fn reject(
    store: &Store,
    id: i64,
    reason: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ReviewError> {
    let reason = reason.map(crate::domain::text::nfc);
    let mut tx = store.begin().await?;
    let task = draft(&mut tx, id, "rejected").await?;
    move_review(
        &mut tx,
        &task,
        ReviewState::Rejected,
        reason.as_deref(),
        actor,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Corrects the draft `id`; it stays a draft unless `then_confirm`, in which case it is
/// confirmed in the same transaction (two events: `edited`, then `confirmed`).
pub async fn edit(
    store: &Store,
    id: i64,
    edit: &Edit,
    then_confirm: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ReviewError> {
    let mut tx = store.begin().await?;
    let before = draft(&mut tx, id, "edited").await?;
    let mut after = before.clone();
    let on = before.document_issued;
    if let Some(query) = &edit.lead {
        let unit = find_unit(&mut tx, id, query, on).await?;
        after.lead = unit.key;
        after.tracking_specialist = unit.tracking_specialist;
        // A specialist chose the lead: how the text or the header named it no longer matters.
        after.flags.retain(|f| {
            !matches!(
                f,
                TaskFlag::UnitMatchedByName | TaskFlag::JointLead | TaskFlag::FromGroup
            )
        });
    }
    if let Some(queries) = &edit.support {
        let mut support: Vec<UnitKey> = Vec::new();
        for q in queries {
            let key = find_unit(&mut tx, id, q, on).await?.key;
            if !support.contains(&key) {
                support.push(key);
            }
        }
        support.sort();
        after.support = support;
    }
    after.support.retain(|k| *k != after.lead);
    if let Some(change) = edit.deadline {
        after.deadline = apply_deadline(id, before.deadline, change)?;
        // The day is a specialist's now: what the reading assumed of it is settled.
        after.flags.retain(|f| {
            !matches!(
                f,
                TaskFlag::DeadlineBeforeIssue | TaskFlag::DeadlineYearAssumed
            )
        });
        if after.deadline.date().is_some_and(|d| d < on) {
            after.flags.push(TaskFlag::DeadlineBeforeIssue);
            after.flags.sort();
        }
    }
    if let Some(content) = &edit.content {
        let content = crate::domain::text::one_clean_line(content);
        if content.is_empty() {
            return Err(ReviewError::Invalid {
                id,
                reason: "the content must not be empty".into(),
            });
        }
        after.content = content;
    }
    if after == before && !then_confirm {
        return Err(ReviewError::Invalid {
            id,
            reason: "nothing to change (give --lead, --support, --due, --due-time, --no-due, --content or --confirm)".into(),
        });
    }
    if after != before && !tx.edit_draft(&before, &after, actor, now).await? {
        return Err(lost_race(&mut tx, id, "edited").await);
    }
    if then_confirm {
        move_review(&mut tx, &after, ReviewState::Confirmed, None, actor, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Splits the draft `id` that holds several tasks: it keeps `parts[0]` as its content, and
/// each further part becomes a new draft of the same document with the same units and deadline
/// (correct them after). Returns the new drafts' ids.
pub async fn split(
    store: &Store,
    id: i64,
    parts: &[String],
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, ReviewError> {
    let parts: Vec<String> = parts
        .iter()
        .map(|p| crate::domain::text::one_clean_line(p))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return Err(ReviewError::Invalid {
            id,
            reason: "a split needs at least two non-empty parts".into(),
        });
    }
    let mut tx = store.begin().await?;
    let before = draft(&mut tx, id, "split").await?;
    let mut after = before.clone();
    after.content = parts[0].clone();
    if after != before && !tx.edit_draft(&before, &after, actor, now).await? {
        return Err(lost_race(&mut tx, id, "split").await);
    }
    let mut made = Vec::new();
    for part in &parts[1..] {
        made.push(tx.copy_draft(id, part, actor, now).await?);
    }
    tx.commit().await?;
    Ok(made)
}

/// Merges the drafts `ids` of one document that are one task: the first keeps their contents
/// joined, its lead and deadline (the earliest of theirs when it has none), and the others'
/// units as coordinating ones; the others are rejected as merged into it.
pub async fn merge(
    store: &Store,
    ids: &[i64],
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<i64, ReviewError> {
    // Each draft once, the first kept.
    let mut distinct: Vec<i64> = Vec::new();
    for id in ids {
        if !distinct.contains(id) {
            distinct.push(*id);
        }
    }
    let (&keep, others) = match distinct.as_slice() {
        [keep, others @ ..] if !others.is_empty() => (keep, others),
        _ => {
            return Err(ReviewError::Invalid {
                id: distinct.first().copied().unwrap_or(0),
                reason: "a merge needs at least two different drafts".into(),
            })
        }
    };
    let mut tx = store.begin().await?;
    // Held in id order, so that two merges of the same drafts queue rather than deadlock.
    let mut order = distinct.clone();
    order.sort_unstable();
    for id in &order {
        if !tx.lock_task(*id).await? {
            return Err(ReviewError::NoSuchTask(*id));
        }
    }
    let before = draft(&mut tx, keep, "merged").await?;
    let document = tx.document_of_task(keep).await?;
    let mut after = before.clone();
    let mut merged = Vec::new();
    for &other in others {
        let t = draft(&mut tx, other, "merged").await?;
        if tx.document_of_task(other).await? != document {
            return Err(ReviewError::Invalid {
                id: other,
                reason: format!("it is not a task of the same document as task {keep}"),
            });
        }
        merged.push(t);
    }
    for t in &merged {
        after.content = format!(
            "{}; {}",
            after.content.trim_end_matches([';', '.', ' ']),
            t.content
        );
        for unit in std::iter::once(&t.lead).chain(&t.support) {
            if *unit != after.lead && !after.support.contains(unit) {
                after.support.push(unit.clone());
            }
        }
        if after.deadline.date().is_none() && t.deadline.date().is_some() {
            after.deadline = t.deadline;
        } else if let (Some(a), Some(b)) = (after.deadline.date(), t.deadline.date()) {
            if b < a {
                after.deadline = t.deadline;
            }
        }
    }
    after.support.sort();
    if !tx.edit_draft(&before, &after, actor, now).await? {
        return Err(lost_race(&mut tx, keep, "merged").await);
    }
    let reason = format!("gộp vào nhiệm vụ #{keep} (merged into task {keep})");
    for t in &merged {
        move_review(&mut tx, t, ReviewState::Rejected, Some(&reason), actor, now).await?;
    }
    tx.commit().await?;
    Ok(keep)
}

/// The deadline a correction gives.
fn apply_deadline(
    id: i64,
    current: Deadline,
    change: DeadlineEdit,
) -> Result<Deadline, ReviewError> {
    let DeadlineEdit::Set { due, due_time } = change else {
        return Ok(Deadline::None);
    };
    let day = due.or(current.date()).ok_or_else(|| ReviewError::Invalid {
        id,
        reason: "an hour needs a day: give --due as well".into(),
    })?;
    Ok(match due_time.or(current.time()) {
        Some(time) => Deadline::DateTime(day, time),
        None => Deadline::Date(day),
    })
}

/// The task `id`, held for this transaction and refused unless it is a draft.
async fn draft(
    tx: &mut StoreTx,
    id: i64,
    doing: &'static str,
) -> Result<ReviewedTask, ReviewError> {
    if !tx.lock_task(id).await? {
        return Err(ReviewError::NoSuchTask(id));
    }
    let task = tx
        .reviewed_task(id)
        .await?
        .ok_or(ReviewError::NoSuchTask(id))?;
    if task.review != ReviewState::Draft {
        return Err(ReviewError::NotADraft {
            id,
            state: task.review,
            doing,
        });
    }
    Ok(task)
}

async fn move_review(
    tx: &mut StoreTx,
    task: &ReviewedTask,
    to: ReviewState,
    note: Option<&str>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ReviewError> {
    let doing = match to {
        ReviewState::Confirmed => "confirmed",
        ReviewState::Rejected => "rejected",
        ReviewState::Draft => "reopened",
    };
    if tx
        .set_review(task.id, ReviewState::Draft, to, note, actor, now)
        .await?
    {
        Ok(())
    } else {
        Err(lost_race(tx, task.id, doing).await)
    }
}

/// The error for a draft another specialist acted on between our read and our write.
async fn lost_race(tx: &mut StoreTx, id: i64, doing: &'static str) -> ReviewError {
    match tx.reviewed_task(id).await {
        Ok(Some(t)) => ReviewError::NotADraft {
            id,
            state: t.review,
            doing,
        },
        Ok(None) => ReviewError::NoSuchTask(id),
        Err(e) => e.into(),
    }
}

/// The unit a specialist names: a stored unit's exact key (an unverified one included), else the
/// directory's unit with that OrganId, name or abbreviation as of the document's issue day.
async fn find_unit(
    tx: &mut StoreTx,
    id: i64,
    query: &str,
    on: NaiveDate,
) -> Result<ResolvedUnit, ReviewError> {
    let query = query.trim();
    if let Ok(key) = UnitKey::parse(query) {
        if let Some(unit) = tx.unit_by_key(&key).await? {
            return Ok(unit);
        }
    }
    let organ_id = crate::domain::OrganId::parse(query).ok();
    tx.find_unit(organ_id.as_ref(), Some(query), on)
        .await?
        .ok_or_else(|| ReviewError::UnknownUnit {
            id,
            query: query.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn at(h: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, 0, 0).unwrap()
    }

    #[test]
    fn a_new_day_keeps_the_drafted_hour_and_an_hour_alone_keeps_the_day() {
        let drafted = Deadline::DateTime(d("2026-11-26"), at(16));
        let new_day = DeadlineEdit::Set {
            due: Some(d("2026-11-27")),
            due_time: None,
        };
        assert_eq!(
            apply_deadline(1, drafted, new_day).unwrap(),
            Deadline::DateTime(d("2026-11-27"), at(16))
        );
        let new_hour = DeadlineEdit::Set {
            due: None,
            due_time: Some(at(9)),
        };
        assert_eq!(
            apply_deadline(1, drafted, new_hour).unwrap(),
            Deadline::DateTime(d("2026-11-26"), at(9))
        );
        assert_eq!(
            apply_deadline(1, drafted, DeadlineEdit::Remove).unwrap(),
            Deadline::None
        );
    }

    #[test]
    fn an_hour_without_any_day_is_refused() {
        let e = apply_deadline(
            7,
            Deadline::None,
            DeadlineEdit::Set {
                due: None,
                due_time: Some(at(9)),
            },
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("task 7: an hour needs a day"),
            "{e}"
        );
    }

    #[test]
    fn a_refusal_names_the_task_and_why() {
        let e = ReviewError::NotADraft {
            id: 12,
            state: ReviewState::Confirmed,
            doing: "confirmed",
        };
        assert_eq!(
            e.to_string(),
            "task 12: it is confirmed already, not a draft; only a draft can be confirmed"
        );
        assert_eq!(
            ReviewError::NoSuchTask(99).to_string(),
            "task 99: there is no such task"
        );
    }
}
