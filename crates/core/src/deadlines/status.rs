//! A task's state and timeliness at any instant (Điều 6.1.g: đã hoàn thành / đang thực hiện /
//! chưa thực hiện, each trong hạn / quá hạn).
//!
//! Two sources answer, for two uses. The `tasks` table holds the current state: the projection
//! the scheduler reads, by state and due day, so that its work grows with the tasks due and not
//! with every task ever stored. The audit trail (`task_events`, never updated) answers for a
//! past instant, which the reports need to be reproducible (Điều 12): [`status_at`] replays it.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::deadline_instant;
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

/// The action of an audit event that records a reason without changing the task (`dondoc tasks
/// update ID --note`, a unit's status message that only explains).
pub const NOTED: &str = "noted";

/// What a task's audit trail says of it at an instant: its review, state, deadline, when its
/// result came and the last reason given. The one reading of the trail that the status and the
/// reports share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    /// Whether it existed yet: `false` before its `created` event.
    pub created: bool,
    pub review: ReviewState,
    /// When the review that stands was confirmed (`None` while a draft, or rejected).
    pub confirmed_at: Option<DateTime<Utc>>,
    pub state: TaskState,
    pub deadline: Deadline,
    /// When the result that stands came (a report, or done without one), kept while the task
    /// stays finished; a task the Office sent back loses it.
    pub finished_at: Option<DateTime<Utc>>,
    /// The last reason given with a change (a returned task's reason, a specialist's `--note`).
    pub note: Option<String>,
}

/// Replays a task's audit trail (`events`, any order) up to `as_of`. `review` is the stored review
/// state, which stands when the trail never names one (rows older than the review).
pub fn replay(events: &[TaskEvent], review: ReviewState, as_of: DateTime<Utc>) -> Replayed {
    let mut ordered: Vec<&TaskEvent> = events.iter().collect();
    ordered.sort_by_key(|e| e.at);
    let names_review = ordered.iter().any(|e| field(e, "review").is_some());
    // The deadline as first recorded applies before the task was entered.
    let deadline = ordered
        .iter()
        .find_map(|e| deadline_in(e, Deadline::None))
        .unwrap_or(Deadline::None);
    let mut r = Replayed {
        created: false,
        review: if names_review {
            ReviewState::Draft
        } else {
            review
        },
        confirmed_at: None,
        state: TaskState::NotStarted,
        deadline,
        finished_at: None,
        note: None,
    };
    for e in ordered.iter().take_while(|e| e.at <= as_of) {
        r.created = true;
        if let Some(d) = deadline_in(e, r.deadline) {
            r.deadline = d;
        }
        if let Some(next) = field(e, "review").and_then(ReviewState::parse) {
            r.confirmed_at = (next == ReviewState::Confirmed).then_some(e.at);
            r.review = next;
        }
        // A reason goes with a change of state, or stands alone (`noted`); a reviewer's note on
        // a draft is about the reading, not the work.
        if field(e, "state").is_some() || e.action == NOTED {
            if let Some(note) = field(e, "note").filter(|n| !n.trim().is_empty()) {
                r.note = Some(note.to_string());
            }
        }
        let Some(next) = field(e, "state").and_then(TaskState::parse) else {
            continue;
        };
        let finished = matches!(next, TaskState::Reported | TaskState::Done);
        if finished && r.finished_at.is_none() {
            // The result came when the unit reported it; the Office's check later does not
            // make it later.
            r.finished_at = Some(e.at);
        } else if !finished {
            r.finished_at = None;
        }
        r.state = next;
    }
    r
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
    let r = replay(events, review, as_of);
    Some(Status {
        state: r.state,
        timeliness: timeliness(r.state, r.deadline, r.finished_at, as_of, calendar),
    })
}

/// A string field of an event's `after` object.
fn field<'a>(e: &'a TaskEvent, name: &str) -> Option<&'a str> {
    e.after.as_ref()?.get(name)?.as_str()
}

/// The deadline an event sets, from `current`: `after.due` (a day or null) and `after.due_time`
/// (an hour or null; kept from `current` when the event does not name it).
fn deadline_in(e: &TaskEvent, current: Deadline) -> Option<Deadline> {
    let after = e.after.as_ref()?.as_object()?;
    let due = after.get("due")?;
    let day = match due.as_str() {
        Some(s) => Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?),
        None => None,
    };
    let time = match after.get("due_time") {
        Some(t) => t
            .as_str()
            .and_then(|s| NaiveTime::parse_from_str(s, "%H:%M").ok()),
        None => current.time(),
    };
    Some(match (day, time) {
        (None, _) => Deadline::None,
        (Some(d), None) => Deadline::Date(d),
        (Some(d), Some(t)) => Deadline::DateTime(d, t),
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
