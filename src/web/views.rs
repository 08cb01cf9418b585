//! What the API and the pages both do: the drafts in the order the Office works them, and a
//! task's state recorded within the account's role.

use super::error::ApiError;
use super::WebState;
use crate::accounts::Session;
use crate::domain::{ReviewState, TaskState, UNIT_REPORTS};
use crate::store::{TaskFile, TaskFilter, TaskRow};

/// The longest note or reason a result may carry.
pub const MAX_NOTE_CHARS: usize = 4000;

/// Refuses an account that does not review drafts (only the Office's specialists do).
pub fn require_review(session: &Session) -> Result<(), ApiError> {
    if session.account.role.reviews() {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only the Office's specialists review drafts",
        ))
    }
}

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
    record_with(state, session, id, to, note, None).await
}

/// A file sent with a result, received into a temporary file of the data folder.
#[derive(Debug)]
pub struct Upload {
    pub temp: std::path::PathBuf,
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

impl Drop for Upload {
    /// A file not kept (refused, or its result not recorded) leaves nothing behind.
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.temp);
    }
}

/// [`record`], keeping `file` with the result in the same transaction.
pub async fn record_with(
    state: &WebState,
    session: &Session,
    id: i64,
    to: Option<TaskState>,
    note: Option<&str>,
    file: Option<Upload>,
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
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(ApiError::bad_request(format!(
            "the note is longer than {MAX_NOTE_CHARS} characters"
        )));
    }
    let now = state.clock.now();
    let actor = session.actor();
    // What this account may do, before anything is kept.
    match (to, note) {
        (Some(to), _) if !role.may_record(&task.task.lead, to) => {
            let allowed = UNIT_REPORTS.map(|s| s.as_str()).join(", ");
            return Err(ApiError::forbidden(format!(
                "a unit reports {allowed} on the tasks it leads; task {id} cannot be made {} by this account",
                to.as_str()
            )));
        }
        (Some(TaskState::Returned), None) => {
            return Err(ApiError::bad_request(
                "a task is returned with its reason (\"note\")",
            ))
        }
        (Some(_), _) => {}
        (None, None) => {
            return Err(ApiError::bad_request(
                "give the new \"state\", a \"note\", or both",
            ))
        }
        (None, Some(_)) if !role.may_record(&task.task.lead, TaskState::InProgress) => {
            return Err(ApiError::forbidden(format!(
                "only the lead unit or the Office writes a note on task {id}"
            )));
        }
        (None, Some(_)) => {}
    }
    let kept = keep(state, id, file, &actor, now)?;
    let file = kept.as_ref().map(|k| &k.0);
    let done = match (to, note) {
        (Some(to), note) => {
            crate::progress::record_with(&state.store, id, to, note, file, &actor, now)
                .await
                .map(|_| ())
        }
        (None, note) => {
            let note = note.unwrap_or_default();
            crate::progress::note_with(&state.store, id, note, file, &actor, now).await
        }
    };
    // A file whose result was not recorded is removed again.
    if let (Err(_), Some(Kept(_, path))) = (&done, &kept) {
        let _ = std::fs::remove_file(path);
    }
    done.map_err(ApiError::from)
}

/// A file moved to where it is kept, with its record to write; `None` without a file.
struct Kept(TaskFile, std::path::PathBuf);

/// Moves `file` to `<data_dir>/results/<task>/<random token>`, ready to be recorded.
fn keep(
    state: &WebState,
    task: i64,
    file: Option<Upload>,
    actor: &crate::domain::Actor,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Kept>, ApiError> {
    let Some(file) = file else {
        return Ok(None);
    };
    // A name of its own for each upload, the sender's name kept only in the store: the same
    // file sent twice is two records, removing one that failed never takes the other's, and no
    // name a sender chose reaches the file system (nor its length limit).
    let relative = format!("results/{task}/{}", crate::accounts::new_token());
    let path = state.config.data_dir.join(&relative);
    let moved = path
        .parent()
        .map(std::fs::create_dir_all)
        .unwrap_or(Ok(()))
        .and_then(|()| std::fs::rename(&file.temp, &path));
    moved.map_err(|e| ApiError::internal(&format!("keeping {}: {e}", path.display())))?;
    Ok(Some(Kept(
        TaskFile {
            id: 0,
            task_id: task,
            name: file.name.clone(),
            path: relative,
            bytes: file.bytes as i64,
            sha256: file.sha256.clone(),
            uploaded_by: actor.render(),
            uploaded_at: now,
        },
        path,
    )))
}
