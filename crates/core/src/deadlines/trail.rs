//! A task's audit trail read as typed steps, and replayed to any instant: the one reading of the
//! trail that a past status and the reports share (Điều 12: the numbers must be reproducible for
//! any past date).
//!
//! An event's `after` object is read for the fields that make a task's standing — `review`,
//! `state`, `due` and `due_time`, and the `note` that gives a reason — straight into [`Step`],
//! without building a JSON tree: a report replays millions of them.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Deserializer};

use crate::domain::{Deadline, ReviewState, TaskEvent, TaskState};

/// The action of an audit event that records a reason without changing the task (`dondoc tasks
/// update ID --note`, a unit's status message that only explains).
pub const NOTED: &str = "noted";

/// What one audit event changed of a task's standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub at: DateTime<Utc>,
    pub review: Option<ReviewState>,
    pub state: Option<TaskState>,
    /// The deadline's day as set (`Some(None)`: removed); `None` when the event leaves it.
    pub due: Option<Option<NaiveDate>>,
    /// Its hour as set; `None` when the event does not name one.
    pub due_time: Option<Option<NaiveTime>>,
    /// A reason given with a change of state, or alone (`noted`); a reviewer's note on a draft is
    /// about the reading, not the work, and is not kept.
    pub note: Option<String>,
}

/// The fields of `after` a step reads; the others are passed over unread.
#[derive(Deserialize)]
struct After<'a> {
    #[serde(default, borrow)]
    review: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    state: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "present")]
    due: Option<Option<Cow<'a, str>>>,
    #[serde(default, borrow, deserialize_with = "present")]
    due_time: Option<Option<Cow<'a, str>>>,
    #[serde(default, borrow)]
    note: Option<Cow<'a, str>>,
}

impl<'a> After<'a> {
    /// The fields of a JSON value read one by one, whatever else it holds: a field that is not
    /// text reads as absent (a `due` that is there but not text, as removed).
    fn of(v: &'a serde_json::Value) -> Self {
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(Cow::Borrowed);
        let present = |k: &str| v.get(k).map(|x| x.as_str().map(Cow::Borrowed));
        After {
            review: text("review"),
            state: text("state"),
            due: present("due"),
            due_time: present("due_time"),
            note: text("note"),
        }
    }
}

/// A field that is there, null or not: `Some(None)` for null, told apart from a missing one
/// (`None`, by `default`).
fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

impl Step {
    /// The step an event made at `at`, `action`, its `after` object as stored (JSON text). A
    /// field of an unexpected type is read as an event that does not name it, as a stored
    /// event's would be ([`Step::from_event`]); only text that is not JSON is refused.
    pub fn parse(
        at: DateTime<Utc>,
        action: &str,
        after: Option<&str>,
    ) -> Result<Self, serde_json::Error> {
        let Some(json) = after else {
            return Ok(Self::read(at, action, None));
        };
        match serde_json::from_str::<After<'_>>(json) {
            Ok(a) => Ok(Self::read(at, action, Some(a))),
            Err(_) => {
                let value: serde_json::Value = serde_json::from_str(json)?;
                Ok(Self::read(at, action, Some(After::of(&value))))
            }
        }
    }

    /// The step of an event already read.
    pub fn from_event(e: &TaskEvent) -> Self {
        Self::read(e.at, &e.action, e.after.as_ref().map(After::of))
    }

    fn read(at: DateTime<Utc>, action: &str, after: Option<After<'_>>) -> Self {
        let Some(a) = after else {
            return Self {
                at,
                review: None,
                state: None,
                due: None,
                due_time: None,
                note: None,
            };
        };
        let state = a.state.as_deref().and_then(TaskState::parse);
        let hour = |t: Option<Option<Cow<'_, str>>>| {
            t.map(|t| t.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok()))
        };
        let (due, due_time) = match a.due {
            None => (None, None),
            Some(None) => (Some(None), hour(a.due_time)),
            // A day that does not read leaves the deadline as it was, hour and all.
            Some(Some(day)) => match NaiveDate::parse_from_str(&day, "%Y-%m-%d") {
                Ok(d) => (Some(Some(d)), hour(a.due_time)),
                Err(_) => (None, None),
            },
        };
        let note = (a.state.is_some() || action == NOTED)
            .then_some(a.note)
            .flatten()
            .filter(|n| !n.trim().is_empty())
            .map(Cow::into_owned);
        Self {
            at,
            review: a.review.as_deref().and_then(ReviewState::parse),
            state,
            due,
            due_time,
            note,
        }
    }

    /// The deadline after this step, from `current`; `None` when the step does not set one.
    fn deadline(&self, current: Deadline) -> Option<Deadline> {
        let day = self.due?;
        let time = match self.due_time {
            Some(t) => t,
            None => current.time(),
        };
        Some(match (day, time) {
            (None, _) => Deadline::None,
            (Some(d), None) => Deadline::Date(d),
            (Some(d), Some(t)) => Deadline::DateTime(d, t),
        })
    }
}

/// What a task's audit trail says of it at an instant: its review, state, deadline, when its
/// result came and the last reason given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    /// Whether it existed yet: `false` before its first event.
    pub created: bool,
    pub review: ReviewState,
    /// When the review that stands was confirmed (`None` while a draft, or rejected).
    pub confirmed_at: Option<DateTime<Utc>>,
    pub state: TaskState,
    pub deadline: Deadline,
    /// When the result that stands came (a report, or done without one), kept while the task
    /// stays finished; a task the Office sent back loses it.
    pub finished_at: Option<DateTime<Utc>>,
    /// The reason given with the current state, or since (a returned task's reason, a
    /// specialist's `--note`, the unit's word in its status message).
    pub note: Option<String>,
}

/// Replays a task's steps, given in the order they were recorded, taking those dated up to
/// `as_of`. `review` is the stored review state, which stands when the trail never names one
/// (rows older than the review).
///
/// The order is the recording's, not the dates': a change recorded late with an earlier date
/// (`tasks update --at`, a result learnt by phone) is seen from its date on, but never undoes a
/// change recorded before it, so the whole trail replays to the state the task has now.
pub fn replay(steps: &[Step], review: ReviewState, as_of: DateTime<Utc>) -> Replayed {
    let ordered: Vec<&Step> = steps.iter().collect();
    let names_review = ordered.iter().any(|s| s.review.is_some());
    // The deadline as first recorded applies before the task was entered.
    let deadline = ordered
        .iter()
        .find_map(|s| s.deadline(Deadline::None))
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
    for s in ordered.iter().filter(|s| s.at <= as_of) {
        r.created = true;
        if let Some(d) = s.deadline(r.deadline) {
            r.deadline = d;
        }
        if let Some(next) = s.review {
            r.confirmed_at = (next == ReviewState::Confirmed).then_some(s.at);
            r.review = next;
        }
        // The reason that stands is the one given with the current state, or since: a change of
        // state without one clears the last (a returned task given out again is no longer
        // "outside our remit").
        if s.state.is_some() || s.note.is_some() {
            r.note = s.note.clone();
        }
        let Some(next) = s.state else {
            continue;
        };
        let finished = matches!(next, TaskState::Reported | TaskState::Done);
        if finished && r.finished_at.is_none() {
            // The result came when the unit reported it; the Office's check later does not
            // make it later.
            r.finished_at = Some(s.at);
        } else if !finished {
            r.finished_at = None;
        }
        r.state = next;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;
    use crate::domain::Actor;

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    fn step(action: &str, json: &str) -> Step {
        Step::parse(t("2026-11-04"), action, Some(json)).unwrap()
    }

    #[test]
    fn a_step_reads_the_fields_of_a_standing_and_passes_over_the_rest() {
        let s = step(
            "created",
            r#"{"content":"x \"quoted\"","support":["a"],"due":"2026-11-13","due_time":"10:00","state":"not_started","review":"draft","confidence":0.9}"#,
        );
        assert_eq!(s.state, Some(TaskState::NotStarted));
        assert_eq!(s.review, Some(ReviewState::Draft));
        assert_eq!(s.due, Some(NaiveDate::from_ymd_opt(2026, 11, 13)));
        assert_eq!(s.due_time, Some(NaiveTime::from_hms_opt(10, 0, 0)));
        assert_eq!(
            s.deadline(Deadline::None).map(|d| d.time().is_some()),
            Some(true)
        );
    }

    #[test]
    fn a_deadline_removed_is_told_apart_from_one_left_alone() {
        let removed = step("deadline_changed", r#"{"due":null}"#);
        assert_eq!(removed.due, Some(None));
        assert_eq!(
            removed.deadline(Deadline::Date(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())),
            Some(Deadline::None)
        );
        let untouched = step("state_changed", r#"{"state":"done"}"#);
        assert_eq!(untouched.due, None);
        assert_eq!(untouched.deadline(Deadline::None), None);
        let unreadable = step("deadline_changed", r#"{"due":"31/12/2026"}"#);
        assert_eq!(
            unreadable.due, None,
            "a day that does not read changes nothing"
        );
    }

    #[test]
    fn a_reason_goes_with_a_change_of_state_or_stands_alone_but_not_with_a_review() {
        let returned = step(
            "state_changed",
            r#"{"state":"returned","note":"sai \"thẩm quyền\""}"#,
        );
        assert_eq!(returned.note.as_deref(), Some("sai \"thẩm quyền\""));
        assert_eq!(
            step(NOTED, r#"{"note":"chờ ý kiến"}"#).note.as_deref(),
            Some("chờ ý kiến")
        );
        assert_eq!(
            step("confirmed", r#"{"review":"confirmed","note":"đã đọc"}"#).note,
            None
        );
        assert_eq!(
            step("state_changed", r#"{"state":"done","note":"  "}"#).note,
            None
        );
    }

    #[test]
    fn the_reason_that_stands_is_the_one_given_with_the_state_or_since() {
        let at = |s: &str| t(s);
        let steps = [
            Step::parse(
                at("2026-11-04T09:00:00+07:00"),
                "created",
                Some(r#"{"state":"not_started","review":"confirmed"}"#),
            )
            .unwrap(),
            Step::parse(
                at("2026-11-05T09:00:00+07:00"),
                "state_changed",
                Some(r#"{"state":"returned","note":"sai thẩm quyền"}"#),
            )
            .unwrap(),
            Step::parse(
                at("2026-11-06T09:00:00+07:00"),
                "state_changed",
                Some(r#"{"state":"not_started","note":null}"#),
            )
            .unwrap(),
            Step::parse(
                at("2026-11-07T09:00:00+07:00"),
                NOTED,
                Some(r#"{"note":"chờ kinh phí"}"#),
            )
            .unwrap(),
        ];
        let note = |when: &str| replay(&steps, ReviewState::Confirmed, at(when)).note;
        assert_eq!(
            note("2026-11-05T12:00:00+07:00").as_deref(),
            Some("sai thẩm quyền")
        );
        assert_eq!(note("2026-11-06T12:00:00+07:00"), None, "given out again");
        assert_eq!(
            note("2026-11-08T12:00:00+07:00").as_deref(),
            Some("chờ kinh phí")
        );
    }

    #[test]
    fn a_change_recorded_late_with_an_earlier_date_counts_from_its_date_and_undoes_nothing() {
        let at = |s: &str| t(s);
        let step =
            |when: &str, json: &str| Step::parse(at(when), "state_changed", Some(json)).unwrap();
        // Reported by the unit on the 10th; the Office records on the 12th, dated the 8th, that
        // it had started: recorded after the report, it does not undo it.
        let steps = [
            step(
                "2026-11-04T09:00:00+07:00",
                r#"{"state":"not_started","review":"confirmed"}"#,
            ),
            step("2026-11-10T09:00:00+07:00", r#"{"state":"reported"}"#),
            step("2026-11-08T09:00:00+07:00", r#"{"state":"in_progress"}"#),
        ];
        let state = |when: &str| replay(&steps, ReviewState::Confirmed, at(when)).state;
        assert_eq!(state("2026-11-09T00:00:00+07:00"), TaskState::InProgress);
        assert_eq!(
            state("2026-11-30T00:00:00+07:00"),
            TaskState::InProgress,
            "the last recorded stands, as in the tasks table"
        );
    }

    #[test]
    fn an_event_read_or_stored_gives_the_same_step() {
        let json = r#"{"state":"reported","note":"xong","due":"2026-12-01"}"#;
        let event = TaskEvent {
            task_id: 1,
            at: t("2026-11-04"),
            actor: Actor::System,
            action: "state_changed".into(),
            before: None,
            after: Some(serde_json::from_str(json).unwrap()),
        };
        assert_eq!(Step::from_event(&event), step("state_changed", json));
        assert!(Step::parse(t("2026-11-04"), "x", Some("{not json")).is_err());
        // A field of another type is passed over, the others read, on both paths.
        let odd = r#"{"state":"done","note":42,"review":["x"]}"#;
        let read = step("state_changed", odd);
        assert_eq!(
            (read.state, read.note.clone(), read.review),
            (Some(TaskState::Done), None, None)
        );
        let stored = TaskEvent {
            after: Some(serde_json::from_str(odd).unwrap()),
            ..event
        };
        assert_eq!(Step::from_event(&stored), read);
    }
}
