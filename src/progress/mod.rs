//! A unit's result that the Office learnt outside the document axis (a phone call, a paper
//! report, a meeting): a specialist records the task's new state (`dondoc tasks update`), in one
//! transaction with its audit event, who, when, from what to what and why.
//!
//! Only moves that make sense are taken: a done or cancelled task is settled; a task does not go
//! back to "not started" unless the Office gives a returned task out again; a reported one can be
//! found done, or not done after all (in progress).

use chrono::{DateTime, Utc};

use crate::domain::{Actor, ReviewState, TaskState};
use crate::store::{Store, StoreError, StoreTx, TaskFile};

/// Why a state change was refused; each names the task.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error("task {0}: there is no such task")]
    NoSuchTask(i64),
    #[error(
        "task {0}: it was rejected in review and is not tracked, so it has no state to record"
    )]
    Rejected(i64),
    #[error("task {id}: it is {} already", .state.as_str())]
    Unchanged { id: i64, state: TaskState },
    #[error("task {id}: it cannot go from {} to {}: {}", .from.as_str(), .to.as_str(), allowed(*.from))]
    Impossible {
        id: i64,
        from: TaskState,
        to: TaskState,
    },
    #[error("task {0}: the note is empty")]
    EmptyNote(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The states a task in `from` may be moved to.
pub fn next_states(from: TaskState) -> &'static [TaskState] {
    use TaskState::*;
    match from {
        NotStarted => &[InProgress, Reported, Done, Returned, Cancelled],
        InProgress => &[Reported, Done, Returned, Cancelled],
        // The Office checks a report: done, or not done after all.
        Reported => &[Done, InProgress, Cancelled],
        // The Office corrects a returned task and gives it out again, or drops it.
        Returned => &[NotStarted, InProgress, Cancelled],
        Done | Cancelled => &[],
    }
}

fn allowed(from: TaskState) -> String {
    let next = next_states(from);
    if next.is_empty() {
        return format!("a {} task is settled", from.as_str());
    }
    let names: Vec<&str> = next.iter().map(|s| s.as_str()).collect();
    format!(
        "a {} task can only become {}",
        from.as_str(),
        names.join(", ")
    )
}

/// What was recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateChange {
    pub id: i64,
    pub from: TaskState,
    pub to: TaskState,
}

/// The state of the task `id`, held by `tx` against other writers; refused when there is no such
/// task, or it was rejected in review and is not tracked.
async fn tracked_state(tx: &mut StoreTx, id: i64) -> Result<TaskState, ProgressError> {
    if !tx.lock_task(id).await? {
        return Err(ProgressError::NoSuchTask(id));
    }
    let (state, review) = tx
        .task_state(id)
        .await?
        .ok_or(ProgressError::NoSuchTask(id))?;
    if review == ReviewState::Rejected {
        return Err(ProgressError::Rejected(id));
    }
    Ok(state)
}

/// Records that the task `id` is now `to`, as learnt at `at`.
pub async fn record(
    store: &Store,
    id: i64,
    to: TaskState,
    note: Option<&str>,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<StateChange, ProgressError> {
    record_with(store, id, to, note, None, actor, at).await
}

/// [`record`], with the file the unit attached to its result recorded in the same transaction.
pub async fn record_with(
    store: &Store,
    id: i64,
    to: TaskState,
    note: Option<&str>,
    file: Option<&TaskFile>,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<StateChange, ProgressError> {
    let note = note
        .map(crate::domain::text::nfc)
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let mut tx = store.begin().await?;
    let from = tracked_state(&mut tx, id).await?;
    if from == to {
        return Err(ProgressError::Unchanged { id, state: from });
    }
    if !next_states(from).contains(&to) {
        return Err(ProgressError::Impossible { id, from, to });
    }
    // The task is held by this transaction, so it is still in `from`.
    if !tx
        .record_task_state(id, from, to, note.as_deref(), actor, at)
        .await?
    {
        return Err(ProgressError::NoSuchTask(id));
    }
    if let Some(file) = file {
        tx.insert_task_file(file).await?;
    }
    tx.commit().await?;
    Ok(StateChange { id, from, to })
}

/// Records `note` as the reason the task `id` stands as it does, learnt at `at`, without
/// changing its state (`dondoc tasks update ID --note TEXT`): what Appendix IV prints beside a
/// late task.
pub async fn note(
    store: &Store,
    id: i64,
    note: &str,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<(), ProgressError> {
    note_with(store, id, note, None, actor, at).await
}

/// [`note`], with a file recorded in the same transaction.
pub async fn note_with(
    store: &Store,
    id: i64,
    note: &str,
    file: Option<&TaskFile>,
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<(), ProgressError> {
    let note = crate::domain::text::nfc(note).trim().to_string();
    if note.is_empty() {
        return Err(ProgressError::EmptyNote(id));
    }
    let mut tx = store.begin().await?;
    tracked_state(&mut tx, id).await?;
    tx.record_task_note(id, &note, actor, at).await?;
    if let Some(file) = file {
        tx.insert_task_file(file).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settled_tasks_do_not_move_and_nothing_goes_back_to_not_started_but_a_returned_task() {
        assert!(next_states(TaskState::Done).is_empty());
        assert!(next_states(TaskState::Cancelled).is_empty());
        for from in TaskState::ALL {
            let back = next_states(from).contains(&TaskState::NotStarted);
            assert_eq!(back, from == TaskState::Returned, "{from:?}");
            assert!(!next_states(from).contains(&from), "{from:?}");
        }
        let e = ProgressError::Impossible {
            id: 7,
            from: TaskState::Done,
            to: TaskState::InProgress,
        };
        assert_eq!(
            e.to_string(),
            "task 7: it cannot go from done to in_progress: a done task is settled"
        );
    }
}
