//! The JSON API under `/api/v1`, which the pages use and integrations may: a session, the drafts
//! and their review, the tasks and their state. Task objects are those of `tasks list --json`,
//! drafts those of `review list --json`; fields are only ever added.
//!
//! Every answer obeys the account's role ([`crate::domain::Role`]): a unit account asking for a
//! task that is not its unit's gets 403 whether or not the task exists, so ids cannot be probed.

use std::collections::HashMap;

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::auth::{self, ApiUser, ClientAddress};
use super::error::ApiError;
use super::WebState;
use crate::accounts::{self, Session};
use crate::domain::{ReviewState, TaskState, UnitKey};
use crate::store::{TaskFilter, TaskRow};

type ApiResult = Result<Response, ApiError>;

/// A JSON body, or a 400 that says what is wrong with it.
fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(v)| v)
        .map_err(|e| ApiError::bad_request(format!("the request body: {}", e.body_text())))
}

/// A task id from the path, or a 400.
fn task_id(p: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    p.map(|Path(id)| id)
        .map_err(|_| ApiError::bad_request("a task id is a whole number"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    username: String,
    password: String,
}

/// `POST /api/v1/session`: `{"username", "password"}` → `{"token", "csrf", "expires_at",
/// "account"}`, the token also set as the session cookie.
pub async fn open_session(
    State(state): State<WebState>,
    ClientAddress(address): ClientAddress,
    credentials: Result<Json<Credentials>, JsonRejection>,
) -> ApiResult {
    let c = body(credentials)?;
    let opened = accounts::login(
        &state.store,
        &state.passwords,
        &state.policy,
        &c.username,
        &c.password,
        &address,
        state.clock.now(),
    )
    .await?;
    let cookie = auth::session_cookie(&state, &opened.token);
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(json!({
            "token": opened.token,
            "csrf": opened.csrf,
            "expires_at": opened.expires_at.to_rfc3339(),
            "account": crate::accounts::to_json(&opened.account),
        })),
    )
        .into_response())
}

/// `DELETE /api/v1/session`: the session ends, here and in the store.
pub async fn close_session(State(state): State<WebState>, user: ApiUser) -> ApiResult {
    accounts::logout(&state.store, &user.session, state.clock.now()).await?;
    Ok((
        [(header::SET_COOKIE, auth::cleared_cookie())],
        StatusCode::NO_CONTENT,
    )
        .into_response())
}

/// `GET /api/v1/session`: who this session is.
pub async fn whoami(user: ApiUser) -> ApiResult {
    Ok(Json(json!({
        "account": crate::accounts::to_json(&user.session.account),
        "csrf": user.session.csrf,
    }))
    .into_response())
}

/// `GET /api/v1/drafts`: the drafts waiting, the oldest entry deadline first.
pub async fn drafts(State(state): State<WebState>, user: ApiUser) -> ApiResult {
    super::views::require_review(&user.session)?;
    let rows = super::views::drafts_by_entry_due(&state).await?;
    let now = state.clock.now();
    let out: Vec<serde_json::Value> = rows
        .iter()
        .map(|t| crate::jobs::tasks::draft_json(t, &state.config, now))
        .collect();
    Ok(Json(out).into_response())
}

/// `POST /api/v1/drafts/{id}/confirm`.
pub async fn confirm_draft(
    State(state): State<WebState>,
    user: ApiUser,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult {
    let id = task_id(id)?;
    super::views::require_review(&user.session)?;
    state.writable()?;
    crate::review::confirm(&state.store, id, &user.session.actor(), state.clock.now()).await?;
    task_answer(&state, &user.session, id).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    reason: String,
}

/// `POST /api/v1/drafts/{id}/reject` with `{"reason"}`.
pub async fn reject_draft(
    State(state): State<WebState>,
    user: ApiUser,
    id: Result<Path<i64>, PathRejection>,
    rejection: Result<Json<Rejection>, JsonRejection>,
) -> ApiResult {
    let id = task_id(id)?;
    let r = body(rejection)?;
    super::views::require_review(&user.session)?;
    state.writable()?;
    let reason = crate::domain::text::one_clean_line(&r.reason);
    if reason.chars().count() > super::views::MAX_NOTE_CHARS {
        return Err(ApiError::bad_request(
            "the reason is longer than 4000 characters",
        ));
    }
    if reason.is_empty() {
        return Err(ApiError::bad_request(
            "a draft is rejected with its reason (\"reason\")",
        ));
    }
    crate::review::reject(
        &state.store,
        id,
        Some(&reason),
        &user.session.actor(),
        state.clock.now(),
    )
    .await?;
    task_answer(&state, &user.session, id).await
}

/// `GET /api/v1/tasks?unit=&state=&overdue=`: the tasks the account may see.
pub async fn tasks(
    State(state): State<WebState>,
    user: ApiUser,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult {
    let (filter, overdue) = task_filter(&state, &user.session, &params).await?;
    let now = state.clock.now();
    let rows =
        crate::jobs::tasks::list(&state.store, &state.config.calendar, &filter, overdue, now)
            .await?;
    let out = crate::jobs::tasks::json_of(&state.store, &state.config.calendar, &rows, now).await?;
    Ok(Json(out).into_response())
}

/// The filter the query's parameters ask for, within what the account may see.
pub async fn task_filter(
    state: &WebState,
    session: &Session,
    params: &HashMap<String, String>,
) -> Result<(TaskFilter, bool), ApiError> {
    let mut filter = TaskFilter::default();
    let mut overdue = false;
    for (key, value) in params {
        let value = value.trim();
        match key.as_str() {
            "unit" if value.is_empty() => {}
            "unit" => filter.units = Some(units_named(state, value).await?),
            "state" if value.is_empty() => {}
            "state" => {
                filter.state = Some(TaskState::parse(value).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "state {value:?} is not one of {}",
                        TaskState::ALL.map(|s| s.as_str()).join(", ")
                    ))
                })?)
            }
            "overdue" => {
                overdue = match value {
                    "" | "false" | "0" => false,
                    "true" | "1" => true,
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "overdue {value:?} is not true or false"
                        )))
                    }
                }
            }
            "review" if value.is_empty() => {}
            "review" => {
                filter.review = Some(ReviewState::parse(value).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "review {value:?} is not one of draft, confirmed, rejected"
                    ))
                })?)
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter {:?}; known: unit, state, overdue, review",
                    crate::domain::text::clip(other, 40)
                )))
            }
        }
    }
    if let Some(own) = session.account.role.unit() {
        match &filter.units {
            Some(asked) if asked.iter().any(|u| u != own) => {
                return Err(ApiError::forbidden(
                    "a unit account sees only its own unit's tasks",
                ))
            }
            _ => filter.units = Some(vec![own.clone()]),
        }
        // A unit sees its tasks once the Office has confirmed them.
        match filter.review {
            None | Some(ReviewState::Confirmed) => filter.review = Some(ReviewState::Confirmed),
            Some(_) => {
                return Err(ApiError::forbidden(
                    "a unit account sees only confirmed tasks",
                ))
            }
        }
    }
    Ok((filter, overdue))
}

/// The keys of the units `query` names (key, OrganId, name or abbreviation), or a 400.
async fn units_named(state: &WebState, query: &str) -> Result<Vec<UnitKey>, ApiError> {
    let units = state.store.find_units(query).await?;
    if units.is_empty() {
        return Err(ApiError::bad_request(format!(
            "no unit is named {:?} (try its key, OrganId, name or abbreviation)",
            crate::domain::text::clip(query, 80)
        )));
    }
    Ok(units.into_iter().map(|u| u.key).collect())
}

/// The task `id` if the account may read it: 404 when there is none (403 for a unit account,
/// which is not told whether another unit's task exists).
pub async fn readable_task(
    state: &WebState,
    session: &Session,
    id: i64,
) -> Result<TaskRow, ApiError> {
    let filter = TaskFilter {
        id: Some(id),
        ..TaskFilter::default()
    };
    let found = state.store.list_tasks(&filter).await?.into_iter().next();
    let role = &session.account.role;
    match found {
        Some(t) if role.may_read_task(&t.task.lead, &t.task.support, t.task.review) => Ok(t),
        _ if !role.sees_every_unit() => Err(ApiError::forbidden(format!(
            "task {id} is not one of your unit's tasks"
        ))),
        _ => Err(ApiError::not_found(format!("there is no task {id}"))),
    }
}

/// `GET /api/v1/tasks/{id}`: the task, with its history (its audit trail).
pub async fn task(
    State(state): State<WebState>,
    user: ApiUser,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult {
    let id = task_id(id)?;
    let row = readable_task(&state, &user.session, id).await?;
    let mut object = one_json(&state, &row).await?;
    let events = state.store.task_events(id).await?;
    object["history"] = events
        .iter()
        .map(|e| {
            json!({
                "at": e.at.to_rfc3339(),
                "actor": e.actor.render(),
                "action": e.action,
                "before": e.before,
                "after": e.after,
            })
        })
        .collect();
    Ok(Json(object).into_response())
}

async fn one_json(state: &WebState, row: &TaskRow) -> Result<serde_json::Value, ApiError> {
    let now = state.clock.now();
    let mut json = crate::jobs::tasks::json_of(
        &state.store,
        &state.config.calendar,
        std::slice::from_ref(row),
        now,
    )
    .await?;
    json.pop()
        .ok_or_else(|| ApiError::internal(&"a task's object went missing"))
}

/// The task `id` as the answer to a change.
async fn task_answer(state: &WebState, session: &Session, id: i64) -> ApiResult {
    let row = readable_task(state, session, id).await?;
    Ok(Json(one_json(state, &row).await?).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateChange {
    state: Option<String>,
    note: Option<String>,
}

/// `POST /api/v1/tasks/{id}/state` with `{"state", "note"}`: the same moves as `dondoc tasks
/// update`, within the account's role; a note alone records the reason a task stands as it does.
pub async fn record_state(
    State(state): State<WebState>,
    user: ApiUser,
    id: Result<Path<i64>, PathRejection>,
    change: Result<Json<StateChange>, JsonRejection>,
) -> ApiResult {
    let id = task_id(id)?;
    let change = body(change)?;
    let to = change
        .state
        .as_deref()
        .map(|s| {
            TaskState::parse(s.trim()).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "state {:?} is not one of {}",
                    crate::domain::text::clip(s, 40),
                    TaskState::ALL.map(|s| s.as_str()).join(", ")
                ))
            })
        })
        .transpose()?;
    super::views::record(&state, &user.session, id, to, change.note.as_deref()).await?;
    task_answer(&state, &user.session, id).await
}
