//! Timeliness: when a task's deadline falls and whether it has passed.
//!
//! A deadline passes at its hour or at the end of its day ([`crate::calendar::deadline_end`]).
//! Rolling a deadline that falls on a day off to the next working day, and the urging policy,
//! come with deadline tracking. [`entry`] is the Office's own clock: entering a directive's tasks.

pub mod entry;

use chrono::{DateTime, Utc};

use crate::clock::local_date;
use crate::domain::{Deadline, Task, TaskState};
use crate::store::{Store, StoreError, TaskFilter, TaskRow};

/// The instant a deadline passes: the given hour, or the end of the day in Vietnam.
pub fn deadline_instant(deadline: Deadline) -> Option<DateTime<Utc>> {
    deadline
        .date()
        .map(|day| crate::calendar::deadline_end(day, deadline.time()))
}

/// Whether a task in `state` with `deadline` is overdue at `as_of`: it still owes a result and
/// its deadline has passed.
pub fn is_overdue(state: TaskState, deadline: Deadline, as_of: DateTime<Utc>) -> bool {
    state.is_open() && deadline_instant(deadline).is_some_and(|d| as_of > d)
}

/// Whether a stored task is overdue at `as_of`: overdue as [`is_overdue`] says, and still tracked
/// (a draft rejected in review was never a task).
pub fn task_is_overdue(task: &Task, as_of: DateTime<Utc>) -> bool {
    task.review.is_tracked() && is_overdue(task.state, task.deadline, as_of)
}

/// The overdue tasks at `as_of`; drafts rejected in review are not among them.
pub async fn overdue_tasks(
    store: &Store,
    as_of: DateTime<Utc>,
) -> Result<Vec<TaskRow>, StoreError> {
    let filter = TaskFilter {
        due_on_or_before: Some(local_date(as_of)),
        ..TaskFilter::default()
    };
    let mut tasks = store.list_tasks(&filter).await?;
    tasks.retain(|t| task_is_overdue(&t.task, as_of));
    Ok(tasks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;
    use chrono::{NaiveDate, NaiveTime};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_dated_task_is_on_time_until_the_end_of_its_day() {
        let deadline = Deadline::Date(d("2024-06-20"));
        let st = TaskState::NotStarted;
        assert!(!is_overdue(
            st,
            deadline,
            parse_instant("2024-06-20T23:59:00+07:00").unwrap()
        ));
        assert!(is_overdue(
            st,
            deadline,
            parse_instant("2024-06-21T00:00:00+07:00").unwrap()
        ));
    }

    #[test]
    fn a_deadline_with_an_hour_passes_at_that_hour() {
        let deadline =
            Deadline::DateTime(d("2024-09-18"), NaiveTime::from_hms_opt(17, 0, 0).unwrap());
        let st = TaskState::InProgress;
        assert!(!is_overdue(
            st,
            deadline,
            parse_instant("2024-09-18T17:00:00+07:00").unwrap()
        ));
        assert!(is_overdue(
            st,
            deadline,
            parse_instant("2024-09-18T17:00:01+07:00").unwrap()
        ));
    }

    #[test]
    fn reported_done_and_undated_tasks_are_never_overdue() {
        let late = parse_instant("2030-01-01").unwrap();
        let deadline = Deadline::Date(d("2024-06-20"));
        for st in [
            TaskState::Reported,
            TaskState::Done,
            TaskState::Returned,
            TaskState::Cancelled,
        ] {
            assert!(!is_overdue(st, deadline, late), "{st:?}");
        }
        assert!(!is_overdue(TaskState::NotStarted, Deadline::None, late));
    }
}
