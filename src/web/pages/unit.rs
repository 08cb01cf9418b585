//! `/units/{key}`: a unit's tasks, with their deadlines and states, and the notices it was sent.
//! Its own account sees it, and the Office, the leaders and an admin; another unit's does not.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use minijinja::{context, Value};

use super::super::auth::PageUser;
use super::super::error::ApiError;
use super::super::WebState;
use super::{notice_view, task_view, Saved};
use crate::domain::{ReviewState, UnitKey};
use crate::store::TaskFilter;

/// The most notices the page lists, newest first.
const MAX_NOTICES: i64 = 100;

pub async fn page(
    State(state): State<WebState>,
    user: PageUser,
    Path(key): Path<String>,
    Query(saved): Query<Saved>,
) -> Response {
    match build(&state, &user, &key).await {
        Ok(ctx) => {
            let ctx = context! { ..ctx, ..context! { saved => saved.saved.is_some() } };
            let current = format!("/units/{key}");
            state
                .pages
                .render(&state, "unit.html.j2", Some(&user), &current, ctx)
        }
        Err(e) => state.pages.fail(&state, Some(&user), e),
    }
}

async fn build(state: &WebState, user: &PageUser, key: &str) -> Result<Value, ApiError> {
    let role = &user.session.account.role;
    let unit = UnitKey::parse(key).map_err(|_| ApiError::not_found("there is no such unit"))?;
    if let Some(own) = role.unit() {
        if *own != unit {
            return Err(ApiError::forbidden(
                "a unit account sees only its own unit's page",
            ));
        }
    }
    let name = state
        .store
        .unit_name(unit.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found("there is no such unit"))?;
    let now = state.clock.now();
    let filter = TaskFilter {
        units: Some(vec![unit.clone()]),
        review: Some(ReviewState::Confirmed),
        ..TaskFilter::default()
    };
    let calendar = &state.config.calendar;
    let tasks: Vec<Value> = state
        .store
        .list_tasks(&filter)
        .await?
        .iter()
        .map(|t| task_view(&state.pages, t, now, calendar))
        .collect();
    let notices: Vec<Value> = state
        .store
        .messages_to_unit(unit.as_str(), MAX_NOTICES)
        .await?
        .iter()
        .map(|n| notice_view(&state.pages, n))
        .collect();
    Ok(context! {
        title => state.pages.text("unit.title", &[("name", name)]),
        unit_key => unit.as_str(),
        tasks => tasks,
        notices => notices,
    })
}
