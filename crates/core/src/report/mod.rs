//! The reports the regulation asks for (Điều 9, 10; Appendices I, IV, V and VI): pure functions from
//! the store's facts — documents, tasks and their audit trails — to each appendix, for a period
//! and an instant.
//!
//! Every task is counted in the state its audit trail gives it at the report's instant
//! ([`crate::deadlines::replay`]), never in the state it has now, so that a report for a past
//! date printed today is the one that would have been printed then (Điều 12: the numbers grade
//! the units). How the states fall into the appendix's six columns:
//! - a task is counted once the Office has entered it (confirmed in review) by the instant; a
//!   draft still waiting is not, and is counted apart ([`Summary::drafts`]);
//! - a cancelled task (its document revoked, or cancelled by the Office) is left out;
//! - a returned task is the unit's to carry out again once the Office corrects it: it counts as
//!   not started, on time or overdue by its deadline;
//! - a reported task counts as done at its report's instant, unless the Office sent it back
//!   (then it is in progress again); done late when that instant is after the deadline;
//! - a task without a deadline is never overdue (Điều 4.2).

pub mod entry;
pub mod period;
pub mod programme;
pub mod summary;
pub mod unit;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::calendar::Calendar;
use crate::clock::{end_of_day, local_date};
use crate::deadlines::status::timeliness;
use crate::deadlines::{replay, Replayed, Step, Timeliness};
use crate::domain::text::fold_name;
use crate::domain::{Deadline, ReviewState, TaskState, UnitKind, Urgency};

pub use entry::{EntryReport, EntryRow, EntryTally};
pub use period::{Period, PeriodError, PeriodKind};
pub use programme::{programme_report, ProgrammeCounts, ProgrammeReport, ProgrammeRow, Scheme};
pub use summary::{Summary, SummaryRow, SummaryTally};
pub use unit::{UnitLine, UnitReport, UnitTally};

/// A document as a report reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportDocument {
    pub id: i64,
    /// Số, ký hiệu: `1234/UBND-TH`.
    pub number: String,
    pub issued: NaiveDate,
    pub urgency: Urgency,
    pub subject: Option<String>,
}

/// A unit as a report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportUnit {
    pub key: String,
    pub name: String,
    pub kind: UnitKind,
}

impl ReportUnit {
    /// A unit the facts do not describe: named by its key.
    fn unknown(key: &str) -> Self {
        Self {
            key: key.to_string(),
            name: key.to_string(),
            kind: UnitKind::Other,
        }
    }

    /// The order of an appendix's rows: departments, the Office, boards and agencies, other
    /// bodies, then the districts, each by name.
    fn order(&self) -> (u8, String, String) {
        let rank = match self.kind {
            UnitKind::Department => 0,
            UnitKind::Office => 1,
            UnitKind::Agency => 2,
            UnitKind::Other => 3,
            UnitKind::Committee => 4,
            UnitKind::Central => 5,
            UnitKind::District => 6,
        };
        (rank, fold_name(&self.name), self.key.clone())
    }
}

/// A task as a report reads it: who leads it, what it is, and its whole audit trail.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTask {
    pub id: i64,
    /// The [`ReportDocument::id`] of its document.
    pub document: i64,
    /// The lead unit's key.
    pub lead: String,
    pub content: String,
    /// The Office's tracking specialist (an address), `None` when nobody is named.
    pub specialist: Option<String>,
    /// The review state stored now (it stands only where the trail never names one).
    pub review: ReviewState,
    /// Its audit trail, in the order it was recorded.
    pub steps: Vec<Step>,
}

/// A report's facts held whole — the documents and units the tasks name, and the tasks — for the
/// table tests; the service streams its tasks to the tallies ([`SummaryTally`], [`UnitTally`],
/// [`EntryTally`]) instead, one at a time.
#[cfg(test)]
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub documents: HashMap<i64, ReportDocument>,
    pub units: HashMap<String, ReportUnit>,
    pub tasks: Vec<ReportTask>,
}

/// The unit `key` as `units` describe it, or named by its key.
fn unit_of(units: &HashMap<String, ReportUnit>, key: &str) -> ReportUnit {
    units
        .get(key)
        .cloned()
        .unwrap_or_else(|| ReportUnit::unknown(key))
}

/// What a report covers: the tasks of the documents issued in `period`, and with `open_carried`
/// those of earlier documents still open when it began, each as it stood at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub period: Period,
    pub as_of: DateTime<Utc>,
    pub open_carried: bool,
}

impl Scope {
    /// The scope at `as_of`, by default the end of the period — or `now` while the period has not
    /// ended, since a report cannot know what has not happened.
    pub fn new(
        period: Period,
        as_of: Option<DateTime<Utc>>,
        open_carried: bool,
        now: DateTime<Utc>,
    ) -> Self {
        let as_of = as_of.unwrap_or_else(|| end_of_day(period.to()).min(now));
        Self {
            period,
            as_of,
            open_carried,
        }
    }

    /// The last instant before the period: where "still open at its start" is judged.
    pub fn start(&self) -> DateTime<Utc> {
        match self.period.from().checked_sub_days(Days::new(1)) {
            Some(eve) => end_of_day(eve),
            None => end_of_day(self.period.from()),
        }
    }

    /// The day `as_of` falls on in Vietnam.
    pub fn as_of_day(&self) -> NaiveDate {
        local_date(self.as_of)
    }
}

/// The appendix's three states of execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Progress {
    NotStarted,
    InProgress,
    Done,
}

impl Progress {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
        }
    }

    pub fn vietnamese(self) -> &'static str {
        match self {
            Self::NotStarted => "Chưa thực hiện",
            Self::InProgress => "Đang thực hiện",
            Self::Done => "Đã hoàn thành",
        }
    }
}

/// Where a task falls among the appendix's six counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Standing {
    pub progress: Progress,
    /// Overdue (not started, in progress), or done after the deadline.
    pub late: bool,
    /// Whether the task has a deadline at all: one without is never late.
    pub has_deadline: bool,
}

impl Standing {
    /// The `timeliness` of the contracts: `on_time`, `overdue`, `done_on_time`, `done_late`, or
    /// `None` for a task without a deadline.
    pub fn timeliness(&self) -> Option<&'static str> {
        if !self.has_deadline {
            return None;
        }
        Some(match (self.progress, self.late) {
            (Progress::Done, false) => "done_on_time",
            (Progress::Done, true) => "done_late",
            (_, false) => "on_time",
            (_, true) => "overdue",
        })
    }

    /// "Đang thực hiện, quá hạn", as an official reads it.
    pub fn vietnamese(&self) -> String {
        let when = match (self.progress, self.late, self.has_deadline) {
            (_, _, false) => "không thời hạn",
            (_, false, true) => "trong hạn",
            (_, true, true) => "quá hạn",
        };
        format!("{}, {when}", self.progress.vietnamese())
    }
}

/// Where a task in `state` with `deadline` falls at `as_of`, its result (if any) having come at
/// `finished_at`; `None` for a cancelled task, which no report counts. Late is what
/// [`crate::deadlines::status::timeliness`] says, a returned task judged as one not started.
pub fn standing(
    state: TaskState,
    deadline: Deadline,
    finished_at: Option<DateTime<Utc>>,
    as_of: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<Standing> {
    let (progress, judged_as) = match state {
        TaskState::NotStarted | TaskState::Returned => {
            (Progress::NotStarted, TaskState::NotStarted)
        }
        TaskState::InProgress => (Progress::InProgress, state),
        TaskState::Reported | TaskState::Done => (Progress::Done, state),
        TaskState::Cancelled => return None,
    };
    let late =
        timeliness(judged_as, deadline, finished_at, as_of, calendar) == Some(Timeliness::Overdue);
    Some(Standing {
        progress,
        late,
        has_deadline: deadline.date().is_some(),
    })
}

/// The six counts of Appendix V (and of Appendix IV's summary).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub not_started_on_time: u64,
    pub not_started_overdue: u64,
    pub in_progress_on_time: u64,
    pub in_progress_overdue: u64,
    pub done_on_time: u64,
    pub done_late: u64,
}

impl Counts {
    pub fn add(&mut self, s: Standing) {
        let slot = match (s.progress, s.late) {
            (Progress::NotStarted, false) => &mut self.not_started_on_time,
            (Progress::NotStarted, true) => &mut self.not_started_overdue,
            (Progress::InProgress, false) => &mut self.in_progress_on_time,
            (Progress::InProgress, true) => &mut self.in_progress_overdue,
            (Progress::Done, false) => &mut self.done_on_time,
            (Progress::Done, true) => &mut self.done_late,
        };
        *slot += 1;
    }

    pub fn plus(&mut self, other: &Counts) {
        self.not_started_on_time += other.not_started_on_time;
        self.not_started_overdue += other.not_started_overdue;
        self.in_progress_on_time += other.in_progress_on_time;
        self.in_progress_overdue += other.in_progress_overdue;
        self.done_on_time += other.done_on_time;
        self.done_late += other.done_late;
    }

    pub fn not_started(&self) -> u64 {
        self.not_started_on_time + self.not_started_overdue
    }

    pub fn in_progress(&self) -> u64 {
        self.in_progress_on_time + self.in_progress_overdue
    }

    pub fn done(&self) -> u64 {
        self.done_on_time + self.done_late
    }

    pub fn total(&self) -> u64 {
        self.not_started() + self.in_progress() + self.done()
    }

    /// The counts in the appendix's column order: not started, in progress, done, each on time
    /// then overdue.
    pub fn columns(&self) -> [u64; 6] {
        [
            self.not_started_on_time,
            self.not_started_overdue,
            self.in_progress_on_time,
            self.in_progress_overdue,
            self.done_on_time,
            self.done_late,
        ]
    }
}

/// How a scope takes one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judged {
    /// Counted, as it stood at the instant.
    Counted {
        at: Replayed,
        standing: Standing,
        /// From a document issued before the period, still open when it began.
        carried: bool,
    },
    /// A task of the period still a draft at the instant: not entered, so not counted.
    Draft,
    /// Not the scope's (another period, not yet issued or created, rejected, cancelled).
    Outside,
}

impl Scope {
    /// How this scope takes `task` of `document` (see the module's rules).
    pub fn judge(
        &self,
        task: &ReportTask,
        document: &ReportDocument,
        calendar: &Calendar,
    ) -> Judged {
        let in_period = self.period.contains(document.issued);
        let earlier = document.issued < self.period.from();
        if !(in_period || self.open_carried && earlier) || self.as_of_day() < document.issued {
            return Judged::Outside;
        }
        let at = replay(&task.steps, task.review, self.as_of);
        if !at.created {
            return Judged::Outside;
        }
        match at.review {
            ReviewState::Confirmed => {}
            ReviewState::Draft if in_period => return Judged::Draft,
            _ => return Judged::Outside,
        }
        if !in_period {
            // Open when the period began: entered by then, and not finished nor cancelled. A task
            // entered later for an earlier document was no one's to carry.
            let then = replay(&task.steps, task.review, self.start());
            let open = then.created && (then.state.is_open() || then.state == TaskState::Returned);
            if !open {
                return Judged::Outside;
            }
        }
        match standing(at.state, at.deadline, at.finished_at, self.as_of, calendar) {
            Some(standing) => Judged::Counted {
                at,
                standing,
                carried: !in_period,
            },
            None => Judged::Outside,
        }
    }
}

/// Feeds every task of `facts` to `add`, with its document.
#[cfg(test)]
fn each<'a>(facts: &'a Facts, mut add: impl FnMut(&'a ReportTask, &'a ReportDocument)) {
    for task in &facts.tasks {
        if let Some(document) = facts.documents.get(&task.document) {
            add(task, document);
        }
    }
}
