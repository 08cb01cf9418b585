//! The Office's web face, served by the daemon itself (`dondoc run`, `[web]`) or alone over a
//! store (`dondoc web`, read-only): pages rendered on the server in Vietnamese, and the JSON API
//! under `/api/v1` that the pages use and integrations may.
//!
//! - `auth.rs`: the session a request carries, CSRF, the client's address;
//! - `api.rs`: the API's handlers; `views.rs`: what the API and the pages share;
//! - `pages/`: the pages, one module each (minijinja templates of `config/templates/web/`, their
//!   strings from one catalogue);
//! - `error.rs`: statuses and messages.
//!
//! Everything is behind a login but `/login`, `/healthz` and the static files.

pub mod api;
pub mod auth;
pub mod error;
pub mod pages;
pub mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::routing::{get, post};
use axum::Router;

use crate::accounts::{Passwords, Policy};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::shutdown::Shutdown;
use crate::store::Store;

/// The largest request body taken (a unit's report with its attached file is the largest).
pub const MAX_BODY_BYTES: usize = 12 * 1024 * 1024;

/// What every handler reaches.
#[derive(Clone)]
pub struct WebState {
    pub store: Store,
    pub config: Arc<Config>,
    pub clock: SharedClock,
    pub passwords: Passwords,
    pub policy: Policy,
    /// `dondoc web`: a look at a store, no change to a task (sessions are still kept).
    pub read_only: bool,
    pub pages: Arc<pages::Pages>,
    /// The daemon's pipeline, which an admin's retry of a dead letter runs through; `None`
    /// when the pages are served alone.
    pub pipeline: Option<crate::sync::Pipeline>,
    /// The overview's content, by filters, last change and minute (`pages::overview`).
    pub overviews: Arc<tokio::sync::Mutex<std::collections::HashMap<OverviewKey, Arc<String>>>>,
}

/// What a rendered overview holds for: its filters, the latest audit event, the minute.
pub type OverviewKey = (pages::OverviewFilters, i64, i64);

impl WebState {
    pub fn new(
        store: Store,
        config: Arc<Config>,
        clock: SharedClock,
        read_only: bool,
    ) -> anyhow::Result<Self> {
        let policy = Policy::of(&config.web);
        let pages = Arc::new(
            pages::Pages::load(&config.web.strings)
                .context("cannot load the web pages' templates")?,
        );
        Ok(Self {
            store,
            config,
            clock,
            passwords: Passwords::default(),
            policy,
            read_only,
            pages,
            pipeline: None,
            overviews: Arc::default(),
        })
    }

    /// With the daemon's pipeline, for the admin's retries of dead letters.
    pub fn with_pipeline(mut self, pipeline: crate::sync::Pipeline) -> Self {
        self.pipeline = Some(pipeline);
        self
    }

    /// Refuses a change on a read-only server.
    pub fn writable(&self) -> Result<(), error::ApiError> {
        if self.read_only {
            Err(error::ApiError::forbidden(
                "this server is read-only (dondoc web); changes are made where the daemon runs",
            ))
        } else {
            Ok(())
        }
    }
}

/// Every route.
pub fn router(state: WebState) -> Router {
    let api = Router::new()
        .route(
            "/session",
            post(api::open_session)
                .get(api::whoami)
                .delete(api::close_session),
        )
        .route("/drafts", get(api::drafts))
        .route("/drafts/{id}/confirm", post(api::confirm_draft))
        .route("/drafts/{id}/reject", post(api::reject_draft))
        .route("/tasks", get(api::tasks))
        .route("/tasks/{id}", get(api::task))
        .route("/tasks/{id}/state", post(api::record_state))
        .fallback(|| async { error::ApiError::not_found("no such API call") });
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(|| async { "ok" }))
        .merge(pages::routes())
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(guarded))
        .with_state(state)
}

/// What every answer carries besides: the pages load nothing but this site's own stylesheet and
/// script, run no inline script, are never framed by another site, and post only here — so that
/// even a text that slipped past escaping could not run.
async fn guarded(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Binds `[web] listen`, naming the address when it cannot, and says where the pages are (the
/// port the system chose, when `listen` asked for any).
pub async fn bind(addr: SocketAddr, read_only: bool) -> anyhow::Result<tokio::net::TcpListener> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen for the web pages on {addr} ([web] listen)"))?;
    let bound = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| addr.to_string());
    tracing::info!(listen = %bound, read_only, "Web pages and API served");
    Ok(listener)
}

/// Serves `state` on `listener` until `shutdown`; the requests in flight finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: WebState,
    shutdown: Shutdown,
) -> anyhow::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move { shutdown.wait().await })
    .await
    .context("the web server stopped")
}
