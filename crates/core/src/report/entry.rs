//! Appendix I, entry timeliness (Điều 7, 8.1.đ): for each specialist of the Office, the documents
//! whose tasks were theirs to enter in the period, entered on time, late, or not yet — the
//! Office's own grade. A document is entered when every task of it that is the specialist's (and
//! not rejected) has been confirmed; its clock is [`EntryClock`]: 2 working days from issue, the
//! issue day for an urgent one.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};

use super::{Period, ReportDocument, ReportTask, Scope};
use crate::calendar::Calendar;
use crate::clock::end_of_day;
use crate::deadlines::entry::EntryClock;
use crate::deadlines::replay;
use crate::domain::{ReviewState, Urgency};

/// One specialist's row (or the total's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryRow {
    /// The specialist's address; `None` for the documents no specialist is named for (the
    /// Office's own), and for the total row.
    pub specialist: Option<String>,
    /// Documents to enter.
    pub documents: u64,
    pub on_time: u64,
    pub late: u64,
    pub not_entered: u64,
}

impl EntryRow {
    /// Entered on time over documents to enter; `None` with nothing to enter.
    pub fn rate(&self) -> Option<f64> {
        (self.documents > 0).then(|| self.on_time as f64 / self.documents as f64)
    }

    /// One more document, entered at `entered` (if it was) against a limit ending at `ends`.
    fn count(&mut self, entered: Option<DateTime<Utc>>, ends: DateTime<Utc>) {
        self.documents += 1;
        match entered {
            Some(at) if at <= ends => self.on_time += 1,
            Some(_) => self.late += 1,
            None => self.not_entered += 1,
        }
    }
}

/// Appendix I for a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryReport {
    pub period: Period,
    pub as_of: DateTime<Utc>,
    /// The limit for an ordinary document, in working days.
    pub working_days: u32,
    /// One row per specialist by address, the Office's own (no specialist) last.
    pub rows: Vec<EntryRow>,
    /// Each document once (a document whose tasks several specialists enter is in each one's
    /// row, so the rows may add up to more).
    pub total: EntryRow,
}

/// Appendix I counted one task at a time, over the documents issued in the scope's period
/// (carried tasks are no one's to enter again): what it keeps is each specialist's part of each
/// document.
#[derive(Debug, Clone)]
pub struct EntryTally {
    scope: Scope,
    /// (specialist, document) → when every task of it was entered, if it was.
    parts: BTreeMap<(Option<String>, i64), Option<DateTime<Utc>>>,
    /// Each document's issue day and urgency, for its clock.
    documents: HashMap<i64, (NaiveDate, Urgency)>,
}

impl EntryTally {
    pub fn new(scope: Scope) -> Self {
        Self {
            scope,
            parts: BTreeMap::new(),
            documents: HashMap::new(),
        }
    }

    pub fn add(&mut self, task: &ReportTask, document: &ReportDocument) {
        if !self.scope.period.contains(document.issued) || self.scope.as_of_day() < document.issued
        {
            return;
        }
        let at = replay(&task.steps, task.review, self.scope.as_of);
        if !at.created || at.review == ReviewState::Rejected {
            return;
        }
        self.documents
            .insert(document.id, (document.issued, document.urgency));
        let part = self
            .parts
            .entry((task.specialist.clone(), document.id))
            .or_insert(Some(DateTime::<Utc>::MIN_UTC));
        *part = entered_with(*part, at.confirmed_at);
    }

    /// The appendix, with the ordinary limit of `working_days` (`[urging] entry_working_days`).
    pub fn finish(self, working_days: u32, calendar: &Calendar) -> EntryReport {
        let ends: HashMap<i64, DateTime<Utc>> = self
            .documents
            .iter()
            .map(|(&id, &(issued, urgency))| (id, ends_of(issued, urgency, working_days, calendar)))
            .collect();
        // The total counts each document once: entered when every specialist's part of it was,
        // on time when the last part was.
        let mut whole: HashMap<i64, Option<DateTime<Utc>>> = HashMap::new();
        for ((_, document), part) in &self.parts {
            let all = whole
                .entry(*document)
                .or_insert(Some(DateTime::<Utc>::MIN_UTC));
            *all = entered_with(*all, *part);
        }
        let mut total = EntryRow::default();
        for (document, entered) in whole {
            total.count(entered, ends[&document]);
        }
        let mut rows: BTreeMap<(bool, Option<String>), EntryRow> = BTreeMap::new();
        for ((specialist, document), entered) in self.parts {
            let row = rows
                .entry((specialist.is_none(), specialist.clone()))
                .or_insert_with(|| EntryRow {
                    specialist,
                    ..EntryRow::default()
                });
            row.count(entered, ends[&document]);
        }
        EntryReport {
            period: self.scope.period,
            as_of: self.scope.as_of,
            working_days,
            rows: rows.into_values().collect(),
            total,
        }
    }
}

/// When a whole was entered, from when its parts so far were and when one more was: the later
/// of the two, or never if either was not.
fn entered_with(
    so_far: Option<DateTime<Utc>>,
    part: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    Some(so_far?.max(part?))
}

/// When the entry of a document issued on `issued` runs out; a day the calendar cannot count
/// from (outside 1968–2100) gives the issue day itself.
fn ends_of(
    issued: NaiveDate,
    urgency: Urgency,
    working_days: u32,
    calendar: &Calendar,
) -> DateTime<Utc> {
    EntryClock::for_document_within(issued, urgency, working_days, calendar)
        .map(|c| c.ends)
        .unwrap_or_else(|_| end_of_day(issued))
}

/// Appendix I over `facts`.
#[cfg(test)]
pub fn entry_report(
    facts: &super::Facts,
    scope: &Scope,
    working_days: u32,
    calendar: &Calendar,
) -> EntryReport {
    let mut tally = EntryTally::new(*scope);
    super::each(facts, |task, document| tally.add(task, document));
    tally.finish(working_days, calendar)
}
