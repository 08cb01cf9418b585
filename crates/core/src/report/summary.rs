//! Appendix V, the Office's summary (Điều 9.2): the documents issued, then a row per lead unit
//! with the six counts and a total row.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use super::{tally, Counts, Facts, Period, ReportUnit, Scope};
use crate::calendar::Calendar;

/// One unit's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    pub unit: ReportUnit,
    pub counts: Counts,
}

/// Appendix V for a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub period: Period,
    pub as_of: DateTime<Utc>,
    /// Documents issued in the period with a task counted.
    pub documents: usize,
    /// Tasks counted from those documents.
    pub tasks: u64,
    /// Documents issued before the period whose tasks were still open at its start, and those
    /// tasks (with `--open-carried`; counted in the rows as well).
    pub carried_documents: usize,
    pub carried_tasks: u64,
    /// The period's tasks still drafts at the instant, not counted.
    pub drafts: usize,
    /// A row per lead unit with a task counted, in the appendix's order.
    pub rows: Vec<SummaryRow>,
    /// The sum of the rows.
    pub total: Counts,
}

/// Appendix V: every task the scope counts, by lead unit.
pub fn summary(facts: &Facts, scope: &Scope, calendar: &Calendar) -> Summary {
    let tally = tally(facts, scope, calendar);
    let mut by_unit: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut documents = HashSet::new();
    let mut carried_documents = HashSet::new();
    let (mut tasks, mut carried_tasks) = (0, 0);
    for c in &tally.tasks {
        by_unit
            .entry(c.task.lead.as_str())
            .or_default()
            .add(c.standing);
        if c.carried {
            carried_documents.insert(c.document.id);
            carried_tasks += 1;
        } else {
            documents.insert(c.document.id);
            tasks += 1;
        }
    }
    let mut rows: Vec<SummaryRow> = by_unit
        .into_iter()
        .map(|(key, counts)| SummaryRow {
            unit: facts.unit(key),
            counts,
        })
        .collect();
    rows.sort_by_key(|r| r.unit.order());
    let mut total = Counts::default();
    for r in &rows {
        total.plus(&r.counts);
    }
    Summary {
        period: scope.period,
        as_of: scope.as_of,
        documents: documents.len(),
        tasks,
        carried_documents: carried_documents.len(),
        carried_tasks,
        drafts: tally.drafts,
        rows,
        total,
    }
}
