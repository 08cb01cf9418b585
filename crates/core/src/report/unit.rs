//! Appendix IV, a unit's report (Điều 10.1): the tasks it received, counted, then one line per
//! task with its document, deadline, content and state — and for a late one the reason given.

use chrono::{DateTime, NaiveDate, Utc};

use super::{tally, Counts, Facts, Period, ReportDocument, ReportUnit, Scope, Standing};
use crate::calendar::Calendar;
use crate::deadlines::due_day;
use crate::domain::{Deadline, TaskState};

/// One task of the unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLine {
    pub id: i64,
    pub document: ReportDocument,
    pub content: String,
    /// The deadline as assigned.
    pub deadline: Deadline,
    /// The day it applies: a deadline on a day off runs to the next working day.
    pub due: Option<NaiveDate>,
    /// The stored state at the instant (`returned`, `reported` as well as the appendix's three).
    pub state: TaskState,
    pub standing: Standing,
    /// The last reason recorded by the instant (a specialist's `--note`, the unit's status
    /// message), whatever the standing.
    pub reason: Option<String>,
    /// From a document issued before the period, still open when it began.
    pub carried: bool,
}

/// Appendix IV for one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitReport {
    pub period: Period,
    pub as_of: DateTime<Utc>,
    pub unit: ReportUnit,
    pub counts: Counts,
    /// The tasks it leads, in the order their documents were issued.
    pub lines: Vec<UnitLine>,
}

/// Appendix IV: the tasks `unit` (a key) leads among those the scope counts. A coordinating
/// unit's part is reported by the lead, so tasks it only coordinates are not its lines.
pub fn unit_report(facts: &Facts, scope: &Scope, unit: &str, calendar: &Calendar) -> UnitReport {
    let tally = tally(facts, scope, calendar);
    let mut counts = Counts::default();
    let mut lines = Vec::new();
    for c in tally.tasks.iter().filter(|c| c.task.lead == unit) {
        counts.add(c.standing);
        lines.push(UnitLine {
            id: c.task.id,
            document: c.document.clone(),
            content: c.task.content.clone(),
            deadline: c.at.deadline,
            due: due_day(c.at.deadline, calendar),
            state: c.at.state,
            standing: c.standing,
            reason: c.at.note.clone(),
            carried: c.carried,
        });
    }
    UnitReport {
        period: scope.period,
        as_of: scope.as_of,
        unit: facts.unit(unit),
        counts,
        lines,
    }
}
