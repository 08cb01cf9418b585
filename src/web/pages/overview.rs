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

/// The most documents the page lists, the newest first; the filters reach the others.
const MAX_DOCUMENTS: usize = 30;
/// The most overdue tasks the page lists, the longest overdue first.
const MAX_OVERDUE: usize = 100;

#[derive(Deserialize, Default, Clone, PartialEq, Eq, Hash)]
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
    if !user.session.account.role.sees_every_unit() {
        let e = ApiError::forbidden(
            "the overview is for the Office and the leaders; a unit sees its own page",
        );
        return state.pages.fail(&state, Some(&user), e);
    }
    match body(&state, &filters).await {
        Ok(body) => state.pages.render(
            &state,
            "overview.html.j2",
            Some(&user),
            "/overview",
            context! { body => Value::from_safe_string(body.as_str().to_string()) },
        ),
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

/// The overview's content for `f`, the same for every account that may see it: rendered at most
/// once a minute while no task changes (the latest audit event), and shared by every request for
/// the same filters meanwhile — fifty officials looking at once cost one rendering. What changes
/// without a task event (a notice sent, a unit adopted), or a change committed out of its
/// event's order on PostgreSQL, shows within the minute.
async fn body(state: &WebState, f: &Filters) -> Result<std::sync::Arc<String>, ApiError> {
    let now = state.clock.now();
    let key = (
        f.clone(),
        state.store.last_task_event().await?,
        now.timestamp().div_euclid(60),
    );
    // Held while rendering: the requests behind it wait for this one's page.
    let mut cache = state.overviews.lock().await;
    if let Some(body) = cache.get(&key) {
        return Ok(body.clone());
    }
    let body = std::sync::Arc::new(
        state
            .pages
            .fragment("overview_body.html.j2", build(state, f).await?)?,
    );
    // Pages of an older minute or change are never asked for again; a page of a newer one,
    // cached meanwhile by a request that came later, stays, and this one is not kept.
    let newest = cache.keys().map(|(_, c, m)| (*m, *c)).max();
    if newest.is_none_or(|n| n <= (key.2, key.1)) {
        cache.retain(|(_, change, minute), _| (*minute, *change) == (key.2, key.1));
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(key, body.clone());
    }
    Ok(body)
}

/// The most filter combinations kept at once.
const MAX_CACHED: usize = 64;

async fn build(state: &WebState, f: &Filters) -> Result<Value, ApiError> {
    let now = state.clock.now();
    let today = crate::clock::local_date(now);
    let calendar = &state.config.calendar;
    let kind = period_kind(f.period.trim())?;
    let period =
        Period::containing(kind, today).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let scope = Scope::new(period, Some(now), true, now);
    let summary = crate::jobs::report::summary(&state.store, &scope, calendar).await?;
    let sent = state.store.sent_by_unit(period.from()).await?;

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
    let mut overdue =
        crate::jobs::tasks::list(&state.store, calendar, &overdue_filter, true, now).await?;
    overdue.retain(|t| matches_document(&t.document_number));
    overdue.sort_by_key(|t| (t.task.deadline.date(), t.id));
    let overdue_total = overdue.len();
    let overdue: Vec<Value> = overdue
        .iter()
        .take(MAX_OVERDUE)
        .map(|t| task_view(&state.pages, t, now, calendar))
        .collect();

    let period_filter = TaskFilter {
        issued_on_or_after: Some(period.from()),
        ..base
    };
    let tasks = state.store.list_tasks(&period_filter).await?;
    // The store lists by issue day: each document's tasks come together.
    let mut grouped: Vec<(&str, Vec<&crate::store::TaskRow>)> = Vec::new();
    for t in tasks
        .iter()
        .filter(|t| matches_document(&t.document_number))
    {
        match grouped.last_mut() {
            Some((key, list)) if *key == t.task.document.as_str() => list.push(t),
            _ => grouped.push((t.task.document.as_str(), vec![t])),
        }
    }
    let documents_total = grouped.len();
    let documents: Vec<Value> = grouped
        .iter()
        .rev()
        .take(MAX_DOCUMENTS)
        .map(|(_, list)| {
            let first = list[0];
            context! {
                number => first.document_number.clone(),
                issued => crate::domain::text::dmy(first.document_issued),
                subject => first.document_subject.clone(),
                tasks => list.iter().map(|t| task_view(&state.pages, t, now, calendar)).collect::<Vec<_>>(),
            }
        })
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
                label => pages.text(&format!("states.{}", s.as_str()), &[]),
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
        period_name => period_name(pages, &period),
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
        overdue_total => overdue_total,
        overdue_capped => (overdue_total > MAX_OVERDUE).then(|| pages.text(
            "overview.overdue_capped",
            &[("n", MAX_OVERDUE.to_string()), ("total", overdue_total.to_string())],
        )),
        documents => documents,
        capped => (documents_total > MAX_DOCUMENTS).then(|| pages.text(
            "overview.capped",
            &[("n", MAX_DOCUMENTS.to_string()), ("total", documents_total.to_string())],
        )),
    })
}

/// The period as the catalogue words it.
fn period_name(pages: &super::Pages, period: &Period) -> String {
    use chrono::Datelike;
    let to = period.to();
    let year = ("year", to.year().to_string());
    match period.kind() {
        PeriodKind::Month => {
            pages.text("periods.month", &[("month", to.month().to_string()), year])
        }
        PeriodKind::Quarter => {
            let q = ["I", "II", "III", "IV"][(to.month0() / 3) as usize];
            pages.text("periods.quarter", &[("quarter", q.to_string()), year])
        }
        _ => pages.text("periods.year", &[year]),
    }
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
