//! The reports asked of the store: the scope's documents and units read whole, its tasks streamed
//! one at a time into core's tallies, so that a report over a million tasks never holds them.

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::Calendar;
use crate::clock::local_date;
use crate::config::Config;
use crate::domain::EmailAddress;
use crate::store::{ReportRange, Store, StoreError, TaskRead};
use crate::urging::{Notice, NoticeFlag, NoticeKind};
use dondoc_core::report::{
    programme_report, EntryReport, EntryTally, Period, PeriodKind, ProgrammeReport, ReportDocument,
    ReportTask, Scope, Summary, SummaryTally, UnitReport, UnitTally,
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

/// Gives `add` every task `scope` reads (as `read` narrows it) with its document, one at a time.
async fn each_task(
    store: &Store,
    scope: &Scope,
    read: TaskRead<'_>,
    mut add: impl FnMut(&ReportTask, &ReportDocument),
) -> Result<(), StoreError> {
    let range = range(scope);
    let documents = store.report_documents(&range).await?;
    store
        .report_tasks(&range, read, |task| {
            if let Some(document) = documents.get(&task.document) {
                add(&task, document);
            }
        })
        .await
}

/// Appendix V.
pub async fn summary(
    store: &Store,
    scope: &Scope,
    calendar: &Calendar,
) -> Result<Summary, StoreError> {
    let mut tally = SummaryTally::new(*scope);
    each_task(store, scope, TaskRead::default(), |t, d| {
        tally.add(t, d, calendar)
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
    let mut tally = UnitTally::new(*scope, unit);
    let read = TaskRead {
        lead: Some(unit),
        content: true,
    };
    each_task(store, scope, read, |t, d| tally.add(t, d, calendar)).await?;
    Ok(tally.finish(&store.report_units().await?))
}

/// Appendix I, with the ordinary entry limit of `working_days`.
pub async fn entry(
    store: &Store,
    scope: &Scope,
    working_days: u32,
    calendar: &Calendar,
) -> Result<EntryReport, StoreError> {
    let mut tally = EntryTally::new(*scope);
    each_task(store, scope, TaskRead::default(), |t, d| tally.add(t, d)).await?;
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

/// The month's report notices at `now` (`[jobs.reports]`): Appendix V for the month containing
/// `month` (as of `now`, or of the month's end once it has ended), to the leaders and the Office (`[urging] leaders`, the Office's address), and an
/// Appendix IV draft to each unit leading a task counted in it, at the unit's addresses in the
/// directory. A notice nobody can receive is kept all the same, flagged `no_recipient`. The
/// reports are computed as of the notice's instant when the message is rendered.
pub async fn monthly(
    store: &Store,
    config: &Config,
    month: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Notice>, StoreError> {
    let day = local_date(now);
    let Ok(period) = Period::containing(PeriodKind::Month, month) else {
        return Ok(Vec::new());
    };
    let scope = Scope::new(period, None, config.jobs.reports.open_carried, now);
    let month = period.vietnamese();
    let office = super::office_of(config);
    let notice = |kind, unit_key: &str, unit: &str, to: Vec<EmailAddress>, subject: String| {
        let flags = if to.is_empty() {
            vec![NoticeFlag::NoRecipient]
        } else {
            Vec::new()
        };
        Notice {
            kind,
            unit_key: unit_key.to_string(),
            unit: unit.to_string(),
            document_id: None,
            document: None,
            sequence: None,
            period: Some(period.key()),
            due_on: day,
            items: Vec::new(),
            to,
            subject,
            flags,
            case: None,
        }
    };
    let mut leaders: Vec<EmailAddress> = config.urging.leaders.clone();
    for e in &office.emails {
        if !leaders.contains(e) {
            leaders.push(e.clone());
        }
    }
    let mut out = vec![notice(
        NoticeKind::Report,
        &office.key,
        &office.name,
        leaders,
        format!("Báo cáo tổng hợp kết quả thực hiện nhiệm vụ {month}"),
    )];
    let summary = summary(store, &scope, &config.calendar).await?;
    for row in &summary.rows {
        let emails = config
            .units
            .directory
            .iter()
            .find(|u| u.key.as_str() == row.unit.key)
            .map(|u| u.emails.clone())
            .unwrap_or_default();
        out.push(notice(
            NoticeKind::UnitReport,
            &row.unit.key,
            &row.unit.name,
            emails,
            format!(
                "Dự thảo báo cáo kết quả thực hiện nhiệm vụ {month} của {}",
                row.unit.name
            ),
        ));
    }
    Ok(out)
}
