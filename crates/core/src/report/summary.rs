//! Appendix V, the Office's summary (Điều 9.2): the documents issued, then a row per lead unit
//! with the six counts and a total row.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{unit_of, Counts, Judged, Period, ReportDocument, ReportTask, ReportUnit, Scope};
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

/// Appendix V counted one task at a time: what it keeps is a row per unit and the documents'
/// ids, never the tasks.
#[derive(Debug, Clone)]
pub struct SummaryTally {
    scope: Scope,
    by_unit: HashMap<String, Counts>,
    documents: HashSet<i64>,
    carried_documents: HashSet<i64>,
    tasks: u64,
    carried_tasks: u64,
    drafts: usize,
}

impl SummaryTally {
    pub fn new(scope: Scope) -> Self {
        Self {
            scope,
            by_unit: HashMap::new(),
            documents: HashSet::new(),
            carried_documents: HashSet::new(),
            tasks: 0,
            carried_tasks: 0,
            drafts: 0,
        }
    }

    pub fn add(&mut self, task: &ReportTask, document: &ReportDocument, calendar: &Calendar) {
        match self.scope.judge(task, document, calendar) {
            Judged::Counted {
                standing, carried, ..
            } => {
                match self.by_unit.get_mut(&task.lead) {
                    Some(c) => c.add(standing),
                    None => {
                        let mut c = Counts::default();
                        c.add(standing);
                        self.by_unit.insert(task.lead.clone(), c);
                    }
                }
                if carried {
                    self.carried_documents.insert(document.id);
                    self.carried_tasks += 1;
                } else {
                    self.documents.insert(document.id);
                    self.tasks += 1;
                }
            }
            Judged::Draft => self.drafts += 1,
            Judged::Outside => {}
        }
    }

    /// The appendix, its rows named by `units`.
    pub fn finish(self, units: &HashMap<String, ReportUnit>) -> Summary {
        let mut rows: Vec<SummaryRow> = self
            .by_unit
            .into_iter()
            .map(|(key, counts)| SummaryRow {
                unit: unit_of(units, &key),
                counts,
            })
            .collect();
        rows.sort_by_key(|r| r.unit.order());
        let mut total = Counts::default();
        for r in &rows {
            total.plus(&r.counts);
        }
        Summary {
            period: self.scope.period,
            as_of: self.scope.as_of,
            documents: self.documents.len(),
            tasks: self.tasks,
            carried_documents: self.carried_documents.len(),
            carried_tasks: self.carried_tasks,
            drafts: self.drafts,
            rows,
            total,
        }
    }
}

/// Appendix V: every task the scope counts, by lead unit.
#[cfg(test)]
pub fn summary(facts: &super::Facts, scope: &Scope, calendar: &Calendar) -> Summary {
    let mut tally = SummaryTally::new(*scope);
    super::each(facts, |task, document| tally.add(task, document, calendar));
    tally.finish(&facts.units)
}
