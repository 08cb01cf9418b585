//! `/admin` (an admin): the accounts (add, disable, a new password), the outbox's messages that
//! failed or are held (send again), the dead letters (process again, discard), each source's
//! status, and the latest lines of the audit log. Every action is recorded there too.

use axum::extract::{Path, Query, RawForm, State};
use axum::response::Response;
use minijinja::{context, Value};
use serde::Deserialize;

use super::super::auth::PageUser;
use super::super::error::ApiError;
use super::super::WebState;
use super::{act, whole_number};
use crate::accounts;
use crate::domain::{Role, Username, ROLE_KINDS};
use crate::store::{DeadLetterStatus, OutboxStatus, RetryOutcome};

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// Where an action sends the browser: the page again, saying it was done.
const DONE: &str = "/admin?done=1";

fn require_admin(user: &PageUser) -> Result<(), ApiError> {
    if user.session.account.role.administers() {
        Ok(())
    } else {
        Err(ApiError::forbidden("only an admin manages the service"))
    }
}

pub async fn page(
    State(state): State<WebState>,
    user: PageUser,
    Query(done): Query<Done>,
) -> Response {
    match build(&state, &user).await {
        Ok(ctx) => {
            let message = done.done.map(|_| state.pages.text("review.done", &[]));
            let ctx = context! { ..ctx, ..context! { message => message } };
            state
                .pages
                .render(&state, "admin.html.j2", Some(&user), "/admin", ctx)
        }
        Err(e) => state.pages.fail(&state, Some(&user), e),
    }
}

async fn build(state: &WebState, user: &PageUser) -> Result<Value, ApiError> {
    require_admin(user)?;
    let pages = &state.pages;
    let local = super::local_time;
    let accounts: Vec<Value> = state
        .store
        .accounts()
        .await?
        .iter()
        .map(|a| {
            context! {
                username => a.username.as_str(),
                role_name => pages.text(&format!("admin.role_{}", a.role.kind()), &[]),
                unit => a.role.unit().map(|u| u.as_str().to_string()),
                disabled => a.disabled,
            }
        })
        .collect();
    let mut outbox = Vec::new();
    for status in [OutboxStatus::Failed, OutboxStatus::Held] {
        for m in state.store.messages(Some(status)).await? {
            outbox.push(context! {
                id => m.notice.id,
                kind => pages.text(&format!("notice_kinds.{}", m.notice.kind.as_str()), &[]),
                subject => m.notice.subject.clone(),
                recipients => m.notice.recipients.join(", "),
                status => pages.text(&format!("notice.{}", status.as_str()), &[]),
                error => m.last_error.clone(),
                retryable => m.retryable(),
            });
        }
    }
    let deadletters: Vec<Value> = state
        .store
        .dead_letters(false)
        .await?
        .iter()
        .map(|d| {
            context! {
                id => d.id,
                received => local(d.received_at),
                source => d.source.clone(),
                origin => d.origin.clone(),
                reason => d.reason.clone(),
            }
        })
        .collect();
    let sources: Vec<Value> = state
        .store
        .source_statuses()
        .await?
        .iter()
        .map(|s| {
            context! {
                name => s.source.clone(),
                last_success => s.last_success_at.map(local),
                last_error => s.last_error.clone(),
                passes => s.passes,
                stored => s.counts.stored,
                refused => s.counts.dead_lettered,
            }
        })
        .collect();
    let audit: Vec<Value> = state
        .store
        .audit_log(50)
        .await?
        .iter()
        .map(|e| {
            context! {
                at => local(e.at),
                actor => e.actor.clone(),
                action => e.action.clone(),
                subject => e.subject.clone(),
            }
        })
        .collect();
    let roles: Vec<Value> = ROLE_KINDS
        .iter()
        .map(|r| context! { code => r, label => pages.text(&format!("admin.role_{r}"), &[]) })
        .collect();
    Ok(context! {
        accounts => accounts,
        roles => roles,
        outbox => outbox,
        deadletters => deadletters,
        can_retry => state.pipeline.is_some() && !state.read_only,
        sources => sources,
        audit => audit,
    })
}

fn username(name: &str) -> Result<Username, ApiError> {
    Username::parse(name.trim()).map_err(|e| ApiError::bad_request(e.to_string()))
}

pub async fn add_account(State(state): State<WebState>, user: PageUser, form: RawForm) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_admin, move |form| async move {
        let name = username(form.get("username"))?;
        let unit = match form.get("unit").trim() {
            "" => None,
            query => {
                let named = crate::jobs::units::unit_key_named(&state.store, query).await?;
                Some(named.map_err(ApiError::bad_request)?)
            }
        };
        let role = Role::from_parts(form.get("role"), unit)
            .map_err(|e| ApiError::bad_request(e.to_string()))?;
        let by = user.session.actor().render();
        accounts::add(
            &state.store,
            &state.passwords,
            &name,
            &role,
            form.get("password"),
            &by,
            state.clock.now(),
        )
        .await?;
        Ok(DONE.to_string())
    })
    .await
}

pub async fn disable(
    State(state): State<WebState>,
    user: PageUser,
    Path(name): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_admin, move |_| async move {
        let name = username(&name)?;
        let by = user.session.actor().render();
        accounts::disable(&state.store, &name, &by, state.clock.now()).await?;
        Ok(DONE.to_string())
    })
    .await
}

pub async fn set_password(
    State(state): State<WebState>,
    user: PageUser,
    Path(name): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_admin, move |form| async move {
        let name = username(&name)?;
        let by = user.session.actor().render();
        let password = form.get("password");
        let now = state.clock.now();
        accounts::set_password(&state.store, &state.passwords, &name, password, &by, now).await?;
        Ok(DONE.to_string())
    })
    .await
}

pub async fn retry_message(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_admin, move |_| async move {
        let id = whole_number(&id, "an id")?;
        match state.store.retry_message(id).await? {
            RetryOutcome::Requeued => {}
            RetryOutcome::NotFound => return Err(ApiError::not_found("there is no such message")),
            RetryOutcome::NotFailed(s) => {
                return Err(ApiError::new(
                    axum::http::StatusCode::CONFLICT,
                    format!("message {id} is {}, not failed", s.as_str()),
                ))
            }
        }
        let by = user.session.actor().render();
        state
            .store
            .audit(
                state.clock.now(),
                &by,
                "outbox_retried",
                Some(&id.to_string()),
                None,
            )
            .await?;
        Ok(DONE.to_string())
    })
    .await
}

pub async fn retry_dead_letter(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_admin, move |_| async move {
        let id = whole_number(&id, "an id")?;
        let pipeline = state.pipeline.as_ref().ok_or_else(|| {
            ApiError::forbidden("dead letters are processed again where the daemon runs")
        })?;
        let letter = open_letter(state, id).await?;
        let outcome = pipeline
            .retry_dead_letter(&letter)
            .await
            .map_err(|e| ApiError::internal(&format!("{e:#}")))?;
        let by = user.session.actor().render();
        state
            .store
            .audit(
                state.clock.now(),
                &by,
                "deadletter_retried",
                Some(&id.to_string()),
                Some(&outcome.to_string()),
            )
            .await?;
        match outcome {
            crate::sync::Outcome::Refused { reason } => Err(ApiError::bad_request(format!(
                "dead letter {id} is still refused: {reason}"
            ))),
            _ => Ok(DONE.to_string()),
        }
    })
    .await
}

pub async fn discard_dead_letter(
    State(state): State<WebState>,
    user: PageUser,
    Path(id): Path<String>,
    form: RawForm,
) -> Response {
    let (state, user) = (&state, &user);
    act(state, user, form, require_admin, move |_| async move {
        let id = whole_number(&id, "an id")?;
        let letter = open_letter(state, id).await?;
        match state.pipeline.as_ref().and_then(|p| p.dead_letters()) {
            Some(dl) => dl
                .resolve(&letter, DeadLetterStatus::Discarded)
                .await
                .map_err(|e| ApiError::internal(&e))?,
            None => {
                state
                    .store
                    .resolve_dead_letter(id, DeadLetterStatus::Discarded, state.clock.now())
                    .await?
            }
        }
        let by = user.session.actor().render();
        state
            .store
            .audit(
                state.clock.now(),
                &by,
                "deadletter_discarded",
                Some(&id.to_string()),
                None,
            )
            .await?;
        Ok(DONE.to_string())
    })
    .await
}

async fn open_letter(state: &WebState, id: i64) -> Result<crate::store::DeadLetter, ApiError> {
    state
        .store
        .dead_letter(id)
        .await?
        .filter(|d| d.status == DeadLetterStatus::Open)
        .ok_or_else(|| ApiError::not_found(format!("there is no open dead letter {id}")))
}
