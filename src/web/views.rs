//! What the API and the pages both do: the drafts in the order the Office works them, and a
//! task's state recorded within the account's role.

use super::error::ApiError;
use super::WebState;
use crate::accounts::Session;
use crate::domain::{ReviewState, TaskState, UNIT_REPORTS};
use crate::store::{TaskFilter, TaskRow};

/// The drafts waiting, the oldest entry deadline first (a draft whose deadline cannot be
/// reckoned last), then by document and order in it.
pub async fn drafts_by_entry_due(state: &WebState) -> Result<Vec<TaskRow>, ApiError> {
    let mut rows = state
        .store
        .list_tasks(&TaskFilter {
            review: Some(ReviewState::Draft),
            ..TaskFilter::default()
        })
        .await?;
    // The store lists by issue day and document already: a stable sort keeps that within a day.
    rows.sort_by_cached_key(|t| {
        crate::jobs::tasks::entry_clock(t, &state.config)
            .map(|c| c.due)
            .unwrap_or(chrono::NaiveDate::MAX)
    });
    Ok(rows)
}

/// Records the task `id` moving to `to` (with `note`), or the `note` alone, as `session`'s
/// account: the Office records any move `tasks update` allows; a unit reports on the tasks it
/// leads (under way, done, returned with its reason); a leader or an admin changes nothing.
pub async fn record(
    state: &WebState,
    session: &Session,
    id: i64,
    to: Option<TaskState>,
    note: Option<&str>,
) -> Result<(), ApiError> {
    let role = &session.account.role;
    if matches!(
        role,
        crate::domain::Role::Leader | crate::domain::Role::Admin
    ) {
        return Err(ApiError::forbidden(format!(
            "a {} account looks on and changes no task",
            role.kind()
        )));
    }
    let task = super::api::readable_task(state, session, id).await?;
    state.writable()?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    let now = state.clock.now();
    let actor = session.actor();
    match to {
        Some(to) => {
            if !role.may_record(&task.task.lead, to) {
                let allowed = UNIT_REPORTS.map(|s| s.as_str()).join(", ");
                return Err(ApiError::forbidden(format!(
                    "a unit reports {allowed} on the tasks it leads; task {id} cannot be made {} by this account",
                    to.as_str()
                )));
            }
            if to == TaskState::Returned && note.is_none() {
                return Err(ApiError::bad_request(
                    "a task is returned with its reason (\"note\")",
                ));
            }
            crate::progress::record(&state.store, id, to, note, &actor, now).await?;
        }
        None => {
            let Some(note) = note else {
                return Err(ApiError::bad_request(
                    "give the new \"state\", a \"note\", or both",
                ));
            };
            if !role.may_record(&task.task.lead, TaskState::InProgress) {
                return Err(ApiError::forbidden(format!(
                    "only the lead unit or the Office writes a note on task {id}"
                )));
            }
            crate::progress::note(&state.store, id, note, &actor, now).await?;
        }
    }
    Ok(())
}
