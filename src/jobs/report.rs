//! The reports asked of the store: the scope's documents and units read whole, its tasks streamed
//! one at a time into core's tallies, so that a report over a million tasks never holds them.

use crate::calendar::Calendar;
use crate::store::{ReportRange, Store, StoreError, TaskRead};
use dondoc_core::report::{
    programme_report, EntryReport, EntryTally, ProgrammeReport, Scope, Summary, SummaryTally,
    UnitReport, UnitTally,
};

/// What `scope` reads: a document issued after its instant is nothing yet.
pub fn range(scope: &Scope) -> ReportRange {
    ReportRange {
        from: scope.period.from(),
        to: scope.period.to().min(scope.as_of_day()),
        carried_since: scope.open_carried.then(|| scope.start()),
        until: scope.as_of,
    }
}

/// Appendix V.
pub async fn summary(
    store: &Store,
    scope: &Scope,
    calendar: &Calendar,
) -> Result<Summary, StoreError> {
    let range = range(scope);
    let documents = store.report_documents(&range).await?;
    let mut tally = SummaryTally::new(*scope);
    store
        .report_tasks(&range, TaskRead::default(), |task| {
            if let Some(document) = documents.get(&task.document) {
                tally.add(&task, document, calendar);
            }
        })
        .await?;
    Ok(tally.finish(&store.report_units().await?))
}

/// Appendix IV of the unit whose key is `unit`.
pub async fn unit(
    store: &Store,
    scope: &Scope,
    unit: &str,
    calendar: &Calendar,
) -> Result<UnitReport, StoreError> {
    let range = range(scope);
    let documents = store.report_documents(&range).await?;
    let mut tally = UnitTally::new(*scope, unit);
    let read = TaskRead {
        lead: Some(unit),
        content: true,
    };
    store
        .report_tasks(&range, read, |task| {
            if let Some(document) = documents.get(&task.document) {
                tally.add(&task, document, calendar);
            }
        })
        .await?;
    Ok(tally.finish(&store.report_units().await?))
}

/// Appendix I, with the ordinary entry limit of `working_days`.
pub async fn entry(
    store: &Store,
    scope: &Scope,
    working_days: u32,
    calendar: &Calendar,
) -> Result<EntryReport, StoreError> {
    let range = range(scope);
    let documents = store.report_documents(&range).await?;
    let mut tally = EntryTally::new(*scope);
    store
        .report_tasks(&range, TaskRead::default(), |task| {
            if let Some(document) = documents.get(&task.document) {
                tally.add(&task, document);
            }
        })
        .await?;
    Ok(tally.finish(working_days, calendar))
}

/// Appendix VI: the schemes of the programme due in the period, as the register stood.
pub async fn programme(store: &Store, scope: &Scope) -> Result<ProgrammeReport, StoreError> {
    let schemes: Vec<_> = store
        .schemes(scope.period.from(), scope.period.to())
        .await?
        .into_iter()
        .map(|(scheme, _)| scheme)
        .collect();
    Ok(programme_report(
        &schemes,
        &store.report_units().await?,
        scope,
    ))
}
