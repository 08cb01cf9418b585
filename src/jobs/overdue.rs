//! Timeliness asked of the store: which stored tasks are overdue, and a stored task's state at an
//! instant from its audit trail — the rules of `deadlines` joined to the rows that answer them.

use chrono::{DateTime, Utc};

use crate::calendar::Calendar;
use crate::deadlines::{status_at, Status};
use crate::store::{Store, StoreError, TaskFilter, TaskRow};

/// The overdue tasks at `as_of`; drafts rejected in review are not among them.
pub async fn overdue_tasks(
    store: &Store,
    calendar: &Calendar,
    as_of: DateTime<Utc>,
) -> Result<Vec<TaskRow>, StoreError> {
    super::tasks::list(store, calendar, &TaskFilter::default(), true, as_of).await
}

/// The state and timeliness of a stored task at `as_of`, read from its audit trail; `None` before
/// its document was issued, and for a draft rejected in review.
pub async fn stored_status_at(
    store: &Store,
    calendar: &Calendar,
    task: &TaskRow,
    as_of: DateTime<Utc>,
) -> Result<Option<Status>, StoreError> {
    let events = store.task_events(task.id).await?;
    Ok(status_at(
        task.document_issued,
        task.task.review,
        &events,
        as_of,
        calendar,
    ))
}
