//! `/overview` (the Office, the leaders, an admin): per unit, the six counts of Appendix V for
//! the period now, with the notices each was sent; the tasks overdue now; per document of the
//! period, its tasks and their states; filtered by unit, state, deadline and document.

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use minijinja::{context, Value};
use serde::Deserialize;

use super::super::auth::PageUser;
use super::super::error::ApiError;
use super::super::WebState;
use super::task_view;
use crate::domain::{ReviewState, TaskState, UnitKey};
use crate::store::TaskFilter;
use dondoc_core::report::{Counts, Period, PeriodKind, Scope};

/// The most documents the page lists; the filters reach the others.
const MAX_DOCUMENTS: usize = 100;

#[derive(Deserialize, Default)]
pub struct Filters {
    #[serde(default)]
    period: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    due_before: String,
    #[serde(default)]
    document: String,
}

pub async fn page(
    State(state): State<WebState>,
    user: PageUser,
    Query(filters): Query<Filters>,
) -> Response {
    match build(&state, &user, &filters).await {
        Ok(ctx) => state
            .pages
            .render(&state, "overview.html.j2", Some(&user), "/overview", ctx),
        Err(e) => state.pages.fail(&state, Some(&user), e),
    }
}

fn period_kind(code: &str) -> Result<PeriodKind, ApiError> {
    match code {
        "" | "month" => Ok(PeriodKind::Month),
        "quarter" => Ok(PeriodKind::Quarter),
        "year" => Ok(PeriodKind::Year),
        other => Err(ApiError::bad_request(format!(
            "period {:?} is not month, quarter or year",
            crate::domain::text::clip(other, 20)
        ))),
    }
}

async fn build(state: &WebState, user: &PageUser, f: &Filters) -> Result<Value, ApiError> {
    if !user.session.account.role.sees_every_unit() {
        return Err(ApiError::forbidden(
            "the overview is for the Office and the leaders; a unit sees its own page",
        ));
    }
    let now = state.clock.now();
    let today = crate::clock::local_date(now);
    let calendar = &state.config.calendar;
    let kind = period_kind(f.period.trim())?;
    let period =
        Period::containing(kind, today).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let scope = Scope::new(period, Some(now), true, now);
    let summary = crate::jobs::report::summary(&state.store, &scope, calendar).await?;
    let sent = state.store.sent_by_unit().await?;

    let mut rows = Vec::new();
    let mut sum_notices = 0;
    for r in &summary.rows {
        let notices = sent.get(r.unit.key.as_str()).copied().unwrap_or(0);
        sum_notices += notices;
        rows.push(context! {
            key => r.unit.key.clone(),
            name => r.unit.name.clone(),
            total => r.counts.total(),
            counts => counts_view(&r.counts),
            notices => notices,
        });
    }

    // The filters of the lists below.
    let unit = match f.unit.trim() {
        "" => None,
        key => Some(UnitKey::parse(key).map_err(|_| ApiError::bad_request("no such unit"))?),
    };
    let task_state = match f.state.trim() {
        "" => None,
        s => Some(TaskState::parse(s).ok_or_else(|| ApiError::bad_request("no such state"))?),
    };
    let due_before = match f.due_before.trim() {
        "" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| ApiError::bad_request("the deadline is a day, YYYY-MM-DD"))?,
        ),
    };
    let document = crate::domain::text::nfc(f.document.trim()).to_lowercase();
    let base = TaskFilter {
        units: unit.clone().map(|u| vec![u]),
        state: task_state,
        due_on_or_before: due_before,
        review: Some(ReviewState::Confirmed),
        ..TaskFilter::default()
    };
    let matches_document =
        |number: &str| document.is_empty() || number.to_lowercase().contains(&document);

    let overdue_filter = TaskFilter {
        open: true,
        ..base.clone()
    };
    let overdue: Vec<Value> =
        crate::jobs::tasks::list(&state.store, calendar, &overdue_filter, true, now)
            .await?
            .iter()
            .filter(|t| matches_document(&t.document_number))
            .map(|t| task_view(t, now, calendar))
            .collect();

    let period_filter = TaskFilter {
        issued_on_or_after: Some(period.from()),
        ..base
    };
    let tasks = state.store.list_tasks(&period_filter).await?;
    let mut documents: Vec<(String, Value, Vec<Value>)> = Vec::new();
    for t in tasks
        .iter()
        .filter(|t| matches_document(&t.document_number))
    {
        let key = t.task.document.as_str().to_string();
        if documents.last().map(|d| &d.0) != Some(&key) {
            if documents.len() == MAX_DOCUMENTS {
                break;
            }
            documents.push((
                key,
                context! {
                    number => t.document_number.clone(),
                    issued => crate::domain::text::dmy(t.document_issued),
                    subject => t.document_subject.clone(),
                },
                Vec::new(),
            ));
        }
        if let Some(d) = documents.last_mut() {
            d.2.push(task_view(t, now, calendar));
        }
    }
    let capped = documents.len() == MAX_DOCUMENTS;
    let documents: Vec<Value> = documents
        .into_iter()
        .map(|(_, head, tasks)| context! { ..head, ..context! { tasks => tasks } })
        .collect();

    let pages = &state.pages;
    let units: Vec<Value> = summary
        .rows
        .iter()
        .map(|r| {
            context! {
                key => r.unit.key.clone(),
                name => r.unit.name.clone(),
                selected => unit.as_ref().is_some_and(|u| u.as_str() == r.unit.key),
            }
        })
        .collect();
    let states: Vec<Value> = TaskState::ALL
        .iter()
        .map(|s| {
            context! {
                code => s.as_str(),
                label => s.vietnamese(),
                selected => task_state == Some(*s),
            }
        })
        .collect();
    let periods: Vec<Value> = [
        ("month", PeriodKind::Month),
        ("quarter", PeriodKind::Quarter),
        ("year", PeriodKind::Year),
    ]
    .into_iter()
    .map(|(code, k)| {
        context! {
            code => code,
            label => pages.text(&format!("overview.{code}"), &[]),
            selected => k == kind,
        }
    })
    .collect();
    Ok(context! {
        period_name => period.vietnamese(),
        periods => periods,
        units => units,
        states => states,
        filters => context! { due_before => f.due_before.trim(), document => f.document.trim() },
        rows => rows,
        sum => context! {
            total => summary.total.total(),
            counts => counts_view(&summary.total),
            notices => sum_notices,
        },
        drafts => (summary.drafts > 0).then(|| pages.text("overview.drafts_not_counted", &[("n", summary.drafts.to_string())])),
        overdue => overdue,
        documents => documents,
        capped => capped.then(|| pages.text("overview.capped", &[("n", MAX_DOCUMENTS.to_string())])),
    })
}

fn counts_view(c: &Counts) -> Value {
    context! {
        not_started_on_time => c.not_started_on_time,
        not_started_overdue => c.not_started_overdue,
        in_progress_on_time => c.in_progress_on_time,
        in_progress_overdue => c.in_progress_overdue,
        done_on_time => c.done_on_time,
        done_late => c.done_late,
    }
}
