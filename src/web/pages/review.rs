//! `/review` (the Office): the drafts waiting, the document with the oldest entry deadline first;
//! each document's text beside its drafts, the sentence each came from highlighted; confirm
//! (one key), edit, split, merge, reassign (edit the lead), reject with a reason, and "confirm
//! all unflagged of this document". Each action is `review`'s, in its own transaction, recorded
//! in the task's trail under the account.

use axum::extract::{Path, Query, RawForm, State};
use axum::response::Response;
use chrono::{NaiveDate, NaiveTime};
use minijinja::{context, Value};
use serde::Deserialize;

use super::super::auth::PageUser;
use super::super::error::ApiError;
use super::super::WebState;
use super::{act, task_view, whole_number, Posted};
use crate::review::{self, DeadlineEdit, Edit};
use crate::store::TaskRow;

#[derive(Deserialize, Default)]
pub struct Done {
    confirmed: Option<i64>,
    done: Option<String>,
}

pub async fn page(
    State(state): State<WebState>,
    user: PageUser,
    Query(done): Query<Done>,
) -> Response {
    match build(&state, &user).await {
        Ok(ctx) => {
            let message = match (done.confirmed, done.done) {
                (Some(id), _) => Some(
                    state
                        .pages
                        .text("review.done_confirm", &[("id", id.to_string())]),
                ),
                (None, Some(_)) => Some(state.pages.text("review.done", &[])),
                _ => None,
            };
            let ctx = context! { ..ctx, ..context! { message => message } };
            state
                .pages
                .render(&state, "review.html.j2", Some(&user), "/review", ctx)
        }
        Err(e) => state.pages.fail(&state, Some(&user), e),
    }
}

fn require_office(user: &PageUser) -> Result<(), ApiError> {
    super::super::views::require_review(&user.session)
}

async fn build(state: &WebState, user: &PageUser) -> Result<Value, ApiError> {
    require_office(user)?;
    let now = state.clock.now();
    let calendar = &state.config.calendar;
    let drafts = super::super::views::drafts_by_entry_due(state).await?;
    // Documents in the order their first draft comes, each with its drafts.
    let mut documents: Vec<(String, Vec<&TaskRow>)> = Vec::new();
    for t in &drafts {
        let key = t.task.document.as_str();
        match documents.iter_mut().find(|(k, _)| k == key) {
            Some((_, list)) => list.push(t),
            None => documents.push((key.to_string(), vec![t])),
        }
    }
    let mut out = Vec::new();
    for (i, (key, tasks)) in documents.iter().enumerate() {
        let first = tasks[0];
        let entry = crate::jobs::tasks::entry_clock(first, &state.config).ok();
        let text = state.store.document_text(key).await?;
        let quotes: Vec<(i64, &str)> = tasks
            .iter()
            .filter_map(|t| t.task.quote.as_deref().map(|q| (t.id, q)))
            .collect();
        let views: Vec<Value> = tasks
            .iter()
            .map(|t| draft_view(state, t, now, calendar))
            .collect();
        out.push(context! {
            anchor => format!("doc-{}", i + 1),
            key => key.clone(),
            number => first.document_number.clone(),
            issued => crate::domain::text::dmy(first.document_issued),
            subject => first.document_subject.clone(),
            entry_due => entry.map(|c| crate::domain::text::dmy(c.due)),
            entry_overdue => entry.is_some_and(|c| c.overdue_at(None, now)),
            text => text.as_deref().map(|t| highlighted(t, &quotes)),
            drafts => views,
        });
    }
    let mut units: Vec<_> = state.store.report_units().await?.into_values().collect();
    units.sort_by(|a, b| a.name.cmp(&b.name).then(a.key.cmp(&b.key)));
    let units: Vec<Value> = units
        .into_iter()
        .map(|u| context! { key => u.key, name => u.name })
        .collect();
    Ok(context! {
        documents => out,
        units => units,
        waiting => state.pages.text("review.waiting", &[("n", drafts.len().to_string())]),
    })
}

fn draft_view(
    state: &WebState,
    t: &TaskRow,
    now: chrono::DateTime<chrono::Utc>,
    calendar: &crate::calendar::Calendar,
) -> Value {
    let flags: Vec<String> = crate::jobs::tasks::flags(t)
        .into_iter()
        .map(|f| state.pages.text(&format!("flags.{f}"), &[]))
        .collect();
    let extra = context! {
        flags => flags,
        confidence => t.task.confidence.map(|c| format!("{:.0}%", c.value() * 100.0)),
        support_keys => t.support.iter().map(|u| u.key.clone()).collect::<Vec<_>>().join(", "),
        due_iso => t.task.deadline.date().map(|d| d.format("%Y-%m-%d").to_string()),
    };
    context! { ..extra, ..task_view(&state.pages, t, now, calendar) }
}

/// `text` cut into parts, each quote found in it marked with its draft's id (the first place it
/// occurs; quotes that overlap an earlier one, or are not found, mark nothing).
fn highlighted(text: &str, quotes: &[(i64, &str)]) -> Vec<Value> {
    let mut marks: Vec<(usize, usize, i64)> = Vec::new();
    for (id, quote) in quotes {
        let quote = quote.trim();
        if quote.is_empty() {
            continue;
        }
        if let Some(start) = text.find(quote) {
            let end = start + quote.len();
            if !marks.iter().any(|(s, e, _)| start < *e && *s < end) {
                marks.push((start, end, *id));
            }
        }
    }
    marks.sort();
    let mut parts = Vec::new();
    let mut at = 0;
    for (start, end, id) in marks {
        if start > at {
            parts.push(context! { text => &text[at..start], draft => Value::from(()) });
        }
        parts.push(context! { text => &text[start..end], draft => id });
        at = end;
    }
    if at < text.len() {
        parts.push(context! { text => &text[at..], draft => Value::from(()) });
    }
    parts
}

pub async fn confirm(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_office, move |_| async move {
        let id = whole_number(&id, "a task id")?;
        review::confirm(&state.store, id, &user.session.actor(), state.clock.now()).await?;
        Ok(format!("/review?confirmed={id}"))
    })
    .await
}

pub async fn reject(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_office, move |form| async move {
        let id = whole_number(&id, "a task id")?;
        let reason = crate::domain::text::one_clean_line(form.get("reason"));
        if reason.is_empty() {
            return Err(ApiError::bad_request("a draft is rejected with its reason"));
        }
        let (actor, now) = (user.session.actor(), state.clock.now());
        review::reject(&state.store, id, Some(&reason), &actor, now).await?;
        Ok("/review?done=1".to_string())
    })
    .await
}

pub async fn edit(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_office, move |form| async move {
        let id = whole_number(&id, "a task id")?;
        let edit = edit_of(&form)?;
        let then_confirm = form.get("confirm") == "1";
        let (actor, now) = (user.session.actor(), state.clock.now());
        review::edit(&state.store, id, &edit, then_confirm, &actor, now).await?;
        Ok(if then_confirm {
            format!("/review?confirmed={id}")
        } else {
            format!("/review?done=1#draft-{id}")
        })
    })
    .await
}

/// What an edit form asks: a field left as the draft had it changes nothing (review compares).
fn edit_of(form: &Posted) -> Result<Edit, ApiError> {
    let text = |name: &str| Some(form.get(name).trim().to_string()).filter(|s| !s.is_empty());
    let deadline = if form.get("no_due") == "1" {
        Some(DeadlineEdit::Remove)
    } else {
        let due = text("due")
            .map(|d| {
                NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .map_err(|_| ApiError::bad_request("the deadline is a day, YYYY-MM-DD"))
            })
            .transpose()?;
        let due_time = text("due_time")
            .map(|t| {
                NaiveTime::parse_from_str(&t, "%H:%M")
                    .map_err(|_| ApiError::bad_request("the hour is HH:MM"))
            })
            .transpose()?;
        (due.is_some() || due_time.is_some()).then_some(DeadlineEdit::Set { due, due_time })
    };
    Ok(Edit {
        lead: text("lead"),
        support: Some(
            form.get("support")
                .split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
        deadline,
        content: text("content"),
    })
}

pub async fn split(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_office, move |form| async move {
        let id = whole_number(&id, "a task id")?;
        let parts: Vec<String> = form.get("parts").lines().map(str::to_string).collect();
        let (actor, now) = (user.session.actor(), state.clock.now());
        review::split(&state.store, id, &parts, &actor, now).await?;
        Ok(format!("/review?done=1#draft-{id}"))
    })
    .await
}

pub async fn merge(State(state): State<WebState>, user: PageUser, form: RawForm) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_office, move |form| async move {
        let ids = form
            .all("id")
            .map(|v| whole_number(v, "a task id"))
            .collect::<Result<Vec<i64>, _>>()?;
        let (actor, now) = (user.session.actor(), state.clock.now());
        let kept = review::merge(&state.store, &ids, &actor, now).await?;
        Ok(format!("/review?done=1#draft-{kept}"))
    })
    .await
}

/// Confirms the drafts of one document that no flag holds for a person.
pub async fn confirm_document(
    State(state): State<WebState>,
    user: PageUser,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_office, move |form| async move {
        let key = form.get("document");
        let drafts = super::super::views::drafts_by_entry_due(state).await?;
        let (actor, now) = (user.session.actor(), state.clock.now());
        for t in drafts
            .iter()
            .filter(|t| t.task.document.as_str() == key)
            .filter(|t| crate::jobs::tasks::flags(t).is_empty())
        {
            // One another specialist acted on meanwhile is theirs now; the rest go on.
            match review::confirm(&state.store, t.id, &actor, now).await {
                Ok(()) | Err(review::ReviewError::NotADraft { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok("/review?done=1".to_string())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_quote_is_marked_where_it_first_occurs_and_overlaps_are_left_unmarked() {
        let text = "1. Giao Sở A làm việc X. 2. Giao Sở B làm việc Y.";
        let parts = highlighted(
            text,
            &[
                (7, "Giao Sở B làm việc Y."),
                (5, "Giao Sở A làm việc X."),
                (9, "Sở A"),
                (11, "không có"),
            ],
        );
        let shown: Vec<(String, Option<i64>)> = parts
            .iter()
            .map(|p| {
                (
                    p.get_attr("text").unwrap().as_str().unwrap().to_string(),
                    i64::try_from(p.get_attr("draft").unwrap()).ok(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("1. ".to_string(), None),
                ("Giao Sở A làm việc X.".to_string(), Some(5)),
                (" 2. ".to_string(), None),
                ("Giao Sở B làm việc Y.".to_string(), Some(7)),
            ]
        );
        let joined: String = shown.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, text, "nothing of the text is lost");
    }
}
