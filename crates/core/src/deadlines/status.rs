//! A task's state and timeliness at any instant (Điều 6.1.g: đã hoàn thành / đang thực hiện /
//! chưa thực hiện, each trong hạn / quá hạn).
//!
//! Two sources answer, for two uses. The `tasks` table holds the current state: the projection
//! the scheduler reads, by state and due day, so that its work grows with the tasks due and not
//! with every task ever stored. The audit trail (`task_events`, never updated) answers for a
//! past instant, which the reports need to be reproducible (Điều 12): [`status_at`] replays it.

use chrono::{DateTime, NaiveDate, Utc};

use super::deadline_instant;
use super::trail::{replay, Step};
use crate::calendar::Calendar;
use crate::clock::local_date;
use crate::domain::{Deadline, ReviewState, TaskEvent, TaskState};

/// Whether a task is within its time (trong hạn) or past it (quá hạn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timeliness {
    OnTime,
    Overdue,
}

impl Timeliness {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTime => "on_time",
            Self::Overdue => "overdue",
        }
    }

    pub fn vietnamese(self) -> &'static str {
        match self {
            Self::OnTime => "trong hạn",
            Self::Overdue => "quá hạn",
        }
    }
}

/// A task's state at an instant, with its timeliness where the regulation counts one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub state: TaskState,
    /// `None` for a returned or cancelled task: no longer the unit's to carry out, it is counted
    /// neither on time nor overdue.
    pub timeliness: Option<Timeliness>,
}

/// The timeliness of a task in `state` at `as_of`: an unfinished task is overdue once its
/// deadline has passed; a finished one (reported or done) is overdue when its result came after
/// the deadline (`finished_at`), however late it is asked. A task without a deadline is never
/// overdue (Điều 4.2).
pub fn timeliness(
    state: TaskState,
    deadline: Deadline,
    finished_at: Option<DateTime<Utc>>,
    as_of: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<Timeliness> {
    let late =
        |at: DateTime<Utc>| deadline_instant(deadline, calendar).is_some_and(|ends| at > ends);
    let overdue = match state {
        TaskState::NotStarted | TaskState::InProgress => late(as_of),
        TaskState::Reported | TaskState::Done => finished_at.is_some_and(late),
        TaskState::Returned | TaskState::Cancelled => return None,
    };
    Some(if overdue {
        Timeliness::Overdue
    } else {
        Timeliness::OnTime
    })
}

/// The status of a task at `as_of`, replayed from its audit trail (`events`, any order).
///
/// A task exists from its document's issue day, even when it was entered later: before its first
/// event it was "not started". Its deadline is the one recorded at creation, as later changes
/// made it up to `as_of`. A draft rejected in review was never a task (`None`), nor is anything
/// before its document was issued.
pub fn status_at(
    issued: NaiveDate,
    review: ReviewState,
    events: &[TaskEvent],
    as_of: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<Status> {
    if review == ReviewState::Rejected || local_date(as_of) < issued {
        return None;
    }
    let steps: Vec<Step> = events.iter().map(Step::from_event).collect();
    let r = replay(&steps, review, as_of);
    Some(Status {
        state: r.state,
        timeliness: timeliness(r.state, r.deadline, r.finished_at, as_of, calendar),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;
    use crate::domain::Actor;
    use serde_json::json;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    fn event(at: &str, action: &str, after: serde_json::Value) -> TaskEvent {
        TaskEvent {
            task_id: 1,
            at: t(at),
            actor: Actor::System,
            action: action.into(),
            before: None,
            after: Some(after),
        }
    }

    /// A task of a document issued on Monday 2 November 2026, due Friday 13 November, entered on
    /// 4 November, in progress from the 10th, reported on the 16th.
    fn history() -> Vec<TaskEvent> {
        vec![
            event(
                "2026-11-04T09:00:00+07:00",
                "created",
                json!({"state": "not_started", "due": "2026-11-13", "due_time": null}),
            ),
            event(
                "2026-11-10T09:00:00+07:00",
                "state_changed",
                json!({"state": "in_progress"}),
            ),
            event(
                "2026-11-16T15:00:00+07:00",
                "state_changed",
                json!({"state": "reported"}),
            ),
            event(
                "2026-11-18T08:00:00+07:00",
                "state_changed",
                json!({"state": "done"}),
            ),
        ]
    }

    fn at(instant: &str) -> Option<Status> {
        let cal = Calendar::shipped().unwrap();
        status_at(
            d("2026-11-02"),
            ReviewState::Confirmed,
            &history(),
            t(instant),
            &cal,
        )
    }

    fn status(state: TaskState, timeliness: Timeliness) -> Option<Status> {
        Some(Status {
            state,
            timeliness: Some(timeliness),
        })
    }

    #[test]
    fn a_task_entered_late_counts_from_its_documents_issue_day_as_not_started() {
        assert_eq!(at("2026-11-01"), None, "before its document was issued");
        assert_eq!(
            at("2026-11-03"),
            status(TaskState::NotStarted, Timeliness::OnTime)
        );
    }

    #[test]
    fn a_past_instant_sees_the_state_of_that_instant() {
        assert_eq!(
            at("2026-11-11"),
            status(TaskState::InProgress, Timeliness::OnTime)
        );
        assert_eq!(
            at("2026-11-14"),
            status(TaskState::InProgress, Timeliness::Overdue),
            "the deadline passed at the end of Friday 13"
        );
    }

    #[test]
    fn a_result_after_the_deadline_stays_done_overdue() {
        assert_eq!(
            at("2026-11-17"),
            status(TaskState::Reported, Timeliness::Overdue)
        );
        assert_eq!(
            at("2027-06-01"),
            status(TaskState::Done, Timeliness::Overdue),
            "counted from the report on the 16th, not from the Office's check"
        );
    }

    #[test]
    fn a_result_by_the_deadline_is_done_on_time_and_a_moved_deadline_counts_from_when_it_moved() {
        let cal = Calendar::shipped().unwrap();
        let mut events = history();
        events.insert(
            1,
            event(
                "2026-11-09T08:00:00+07:00",
                "deadline_changed",
                json!({"due": "2026-11-20"}),
            ),
        );
        let s = |instant: &str| {
            status_at(
                d("2026-11-02"),
                ReviewState::Confirmed,
                &events,
                t(instant),
                &cal,
            )
        };
        assert_eq!(
            s("2026-11-17"),
            status(TaskState::Reported, Timeliness::OnTime)
        );
        assert_eq!(s("2026-11-19"), status(TaskState::Done, Timeliness::OnTime));
    }

    #[test]
    fn a_returned_or_cancelled_task_is_neither_on_time_nor_overdue_and_a_rejected_draft_is_nothing()
    {
        let cal = Calendar::shipped().unwrap();
        let mut events = history();
        events.truncate(2);
        events.push(event(
            "2026-11-12T09:00:00+07:00",
            "state_changed",
            json!({"state": "returned"}),
        ));
        let returned = status_at(
            d("2026-11-02"),
            ReviewState::Confirmed,
            &events,
            t("2026-11-20"),
            &cal,
        );
        assert_eq!(
            returned,
            Some(Status {
                state: TaskState::Returned,
                timeliness: None
            })
        );
        let rejected = status_at(
            d("2026-11-02"),
            ReviewState::Rejected,
            &events,
            t("2026-11-20"),
            &cal,
        );
        assert_eq!(rejected, None);
    }
}
