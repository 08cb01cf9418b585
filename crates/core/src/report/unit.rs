//! Appendix IV, a unit's report (Điều 10.1): the tasks it received, counted, then one line per
//! task with its document, deadline, content and state — and for a late one the reason given.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    unit_of, Counts, Judged, Period, ReportDocument, ReportTask, ReportUnit, Scope, Standing,
};
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
    /// The reason given with its state at the instant, or since (a specialist's `--note`, the
    /// unit's status message), whatever the standing; Appendix IV prints it for a late task.
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

/// Appendix IV counted one task at a time: a coordinating unit's part is reported by the lead,
/// so only the tasks `unit` leads are its lines.
#[derive(Debug, Clone)]
pub struct UnitTally {
    scope: Scope,
    unit: String,
    counts: Counts,
    lines: Vec<UnitLine>,
}

impl UnitTally {
    /// The tally of the unit whose key is `unit`.
    pub fn new(scope: Scope, unit: &str) -> Self {
        Self {
            scope,
            unit: unit.to_string(),
            counts: Counts::default(),
            lines: Vec::new(),
        }
    }

    /// The unit's key: a store that reads only its tasks asks.
    pub fn unit(&self) -> &str {
        &self.unit
    }

    pub fn add(&mut self, task: &ReportTask, document: &ReportDocument, calendar: &Calendar) {
        if task.lead != self.unit {
            return;
        }
        let Judged::Counted {
            at,
            standing,
            carried,
        } = self.scope.judge(task, document, calendar)
        else {
            return;
        };
        self.counts.add(standing);
        self.lines.push(UnitLine {
            id: task.id,
            document: document.clone(),
            content: task.content.clone(),
            deadline: at.deadline,
            due: due_day(at.deadline, calendar),
            state: at.state,
            standing,
            reason: at.note,
            carried,
        });
    }

    pub fn finish(mut self, units: &HashMap<String, ReportUnit>) -> UnitReport {
        self.lines
            .sort_by_key(|l| (l.document.issued, l.document.id, l.id));
        UnitReport {
            period: self.scope.period,
            as_of: self.scope.as_of,
            unit: unit_of(units, &self.unit),
            counts: self.counts,
            lines: self.lines,
        }
    }
}

/// Appendix IV: the tasks `unit` (a key) leads among those the scope counts.
#[cfg(test)]
pub fn unit_report(
    facts: &super::Facts,
    scope: &Scope,
    unit: &str,
    calendar: &Calendar,
) -> UnitReport {
    let mut tally = UnitTally::new(*scope, unit);
    super::each(facts, |task, document| tally.add(task, document, calendar));
    tally.finish(&facts.units)
}
