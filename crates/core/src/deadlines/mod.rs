//! Timeliness: when a task's deadline falls and whether it has passed.
//!
//! A deadline passes at its hour or at the end of its day ([`crate::calendar::deadline_end`]); a
//! deadline written on a day off runs to the next working day (Bộ luật Dân sự Điều 148), so every
//! question here takes the [`Calendar`]. [`status`] gives a task's state and timeliness at any
//! instant, from its audit trail; [`entry`] is the Office's own clock: entering a directive's
//! tasks. The urging policy built on them is [`crate::urging`].

pub mod entry;
pub mod status;
pub mod trail;

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::Calendar;
use crate::domain::{Deadline, Task, TaskState};

pub use status::{status_at, Status, Timeliness};
pub use trail::{replay, Replayed, Step};

/// The day a deadline falls on once a day off is rolled to the next working day. A day the
/// calendar cannot answer for (outside 1968–2100) is taken as written.
pub fn due_day(deadline: Deadline, calendar: &Calendar) -> Option<NaiveDate> {
    deadline
        .date()
        .map(|day| calendar.on_or_after(day).unwrap_or(day))
}

/// The instant a deadline passes: the given hour, or the end of the day in Vietnam, on its
/// [`due_day`].
pub fn deadline_instant(deadline: Deadline, calendar: &Calendar) -> Option<DateTime<Utc>> {
    due_day(deadline, calendar).map(|day| crate::calendar::deadline_end(day, deadline.time()))
}

/// Whether a task in `state` with `deadline` is overdue at `as_of`: it still owes a result and
/// its deadline has passed.
pub fn is_overdue(
    state: TaskState,
    deadline: Deadline,
    as_of: DateTime<Utc>,
    calendar: &Calendar,
) -> bool {
    state.is_open() && deadline_instant(deadline, calendar).is_some_and(|d| as_of > d)
}

/// Whether a stored task is overdue at `as_of`: overdue as [`is_overdue`] says, and still tracked
/// (a draft rejected in review was never a task).
pub fn task_is_overdue(task: &Task, as_of: DateTime<Utc>, calendar: &Calendar) -> bool {
    task.review.is_tracked() && is_overdue(task.state, task.deadline, as_of, calendar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;
    use chrono::{NaiveDate, NaiveTime};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> Calendar {
        Calendar::shipped().unwrap()
    }

    #[test]
    fn a_dated_task_is_on_time_until_the_end_of_its_day() {
        let deadline = Deadline::Date(d("2024-06-20"));
        let st = TaskState::NotStarted;
        assert!(!is_overdue(
            st,
            deadline,
            parse_instant("2024-06-20T23:59:00+07:00").unwrap(),
            &cal()
        ));
        assert!(is_overdue(
            st,
            deadline,
            parse_instant("2024-06-21T00:00:00+07:00").unwrap(),
            &cal()
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
            parse_instant("2024-09-18T17:00:00+07:00").unwrap(),
            &cal()
        ));
        assert!(is_overdue(
            st,
            deadline,
            parse_instant("2024-09-18T17:00:01+07:00").unwrap(),
            &cal()
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
            assert!(!is_overdue(st, deadline, late, &cal()), "{st:?}");
        }
        assert!(!is_overdue(
            TaskState::NotStarted,
            Deadline::None,
            late,
            &cal()
        ));
    }

    #[test]
    fn a_deadline_on_a_saturday_runs_to_the_end_of_monday() {
        // Saturday 7 November 2026.
        let deadline = Deadline::Date(d("2026-11-07"));
        assert_eq!(due_day(deadline, &cal()), Some(d("2026-11-09")));
        let st = TaskState::NotStarted;
        assert!(!is_overdue(
            st,
            deadline,
            parse_instant("2026-11-09T23:59:59+07:00").unwrap(),
            &cal()
        ));
        assert!(is_overdue(
            st,
            deadline,
            parse_instant("2026-11-10T00:00:00+07:00").unwrap(),
            &cal()
        ));
    }

    #[test]
    fn a_deadline_in_tet_runs_to_the_first_working_day_after_it_at_its_hour() {
        // Wednesday 18 February 2026 is in the Tết break (Saturday 14 – Sunday 22 February).
        let deadline =
            Deadline::DateTime(d("2026-02-18"), NaiveTime::from_hms_opt(17, 0, 0).unwrap());
        assert_eq!(due_day(deadline, &cal()), Some(d("2026-02-23")));
        assert_eq!(
            deadline_instant(deadline, &cal()),
            Some(parse_instant("2026-02-23T17:00:00+07:00").unwrap())
        );
    }

    #[test]
    fn a_saturday_worked_is_a_deadline_day_like_any_other() {
        // Saturday 10 January 2026 is worked (against Friday 2 January).
        let deadline = Deadline::Date(d("2026-01-10"));
        assert_eq!(due_day(deadline, &cal()), Some(d("2026-01-10")));
    }
}
