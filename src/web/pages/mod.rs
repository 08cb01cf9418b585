//! The pages: rendered on the server from the templates of `config/templates/web/` with the
//! mail's template environment (its filters, and HTML escaping of everything printed), their
//! strings from one catalogue (`config/web/vi.toml`, given to every template as `t`), so that
//! another language is one file. No script is needed to use them.

use std::collections::HashMap;

use axum::extract::{Form, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use minijinja::{context, Environment, Value};
use serde::Deserialize;

use super::auth::{self, ClientAddress, PageUser};
use super::error::ApiError;
use super::WebState;
use crate::accounts::{self, AccountError};
use crate::domain::{Account, Role};

macro_rules! built_in {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../../config/templates/web/", $name)))),*]
    };
}

mod admin;
mod overview;
mod review;

pub use overview::Filters as OverviewFilters;
mod task;
mod unit;

const TEMPLATES: [(&str, &str); 10] = built_in![
    "overview_body.html.j2",
    "admin.html.j2",
    "review.html.j2",
    "_page.html.j2",
    "_macros.html.j2",
    "login.html.j2",
    "error.html.j2",
    "overview.html.j2",
    "unit.html.j2",
    "task.html.j2",
];

const STYLE: &str = include_str!("../../../config/web/app.css");
const REVIEW_SCRIPT: &str = include_str!("../../../config/web/review.js");

/// The compiled templates and the catalogue.
pub struct Pages {
    env: Environment<'static>,
    catalogue: Value,
}

impl Pages {
    pub fn load(catalogue: &crate::config::catalogue::Catalogue) -> anyhow::Result<Self> {
        let mut env = crate::mail::render::environment();
        for (name, text) in TEMPLATES {
            env.add_template(name, text)
                .map_err(|e| anyhow::anyhow!("template {name}: {e}"))?;
        }
        Ok(Self {
            env,
            catalogue: Value::from_serialize(&catalogue.0),
        })
    }

    /// The page `name` with `ctx`, the catalogue and the frame's parts (who is logged in, the
    /// menu for their role, the CSRF token of their forms).
    pub fn render(
        &self,
        state: &WebState,
        name: &str,
        me: Option<&PageUser>,
        current: &str,
        ctx: Value,
    ) -> Response {
        let frame = context! {
            t => self.catalogue.clone(),
            read_only => state.read_only,
            me => me.map(|u| crate::accounts::to_json(&u.session.account)),
            csrf => me.map(|u| u.session.csrf.clone()),
            nav => me.map(|u| self.nav(&u.session.account, current)).unwrap_or_default(),
        };
        let ctx = context! { ..ctx, ..frame };
        match self.env.get_template(name).and_then(|t| t.render(ctx)) {
            Ok(html) => Html(html).into_response(),
            Err(e) => {
                super::error::ApiError::internal(&format!("page {name}: {e:#}")).into_response()
            }
        }
    }

    /// A part of a page (no frame, nothing of the account): `name` with `ctx` and the catalogue.
    pub fn fragment(&self, name: &str, ctx: Value) -> Result<String, ApiError> {
        let ctx = context! { ..ctx, ..context! { t => self.catalogue.clone() } };
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| ApiError::internal(&format!("page {name}: {e:#}")))
    }

    /// A string of the catalogue, `section.key`, with `{name}` filled in from `args`.
    pub fn text(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut v = self.catalogue.clone();
        for part in key.split('.') {
            v = v.get_attr(part).unwrap_or_default();
        }
        let mut s = v.as_str().unwrap_or(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// The error page for `e`, in the catalogue's words, with the technical detail beneath.
    pub fn fail(&self, state: &WebState, me: Option<&PageUser>, e: ApiError) -> Response {
        let key = match e.status {
            StatusCode::FORBIDDEN => "errors.forbidden",
            StatusCode::NOT_FOUND => "errors.not_found",
            StatusCode::CONFLICT => "errors.conflict",
            s if s.is_client_error() => "errors.bad_request",
            _ => "errors.internal",
        };
        let page = self.render(
            state,
            "error.html.j2",
            me,
            "",
            context! { message => self.text(key, &[]), detail => e.message },
        );
        (e.status, page).into_response()
    }

    fn nav(&self, account: &Account, current: &str) -> Vec<Value> {
        let item = |href: String, key: &str| {
            context! {
                current => href == current,
                href => href,
                label => self.text(key, &[]),
            }
        };
        let mut out = Vec::new();
        if account.role.reviews() {
            out.push(item("/review".into(), "common.nav_review"));
        }
        if account.role.sees_every_unit() {
            out.push(item("/overview".into(), "common.nav_overview"));
        }
        if let Some(unit) = account.role.unit() {
            out.push(item(format!("/units/{}", unit.as_str()), "common.nav_unit"));
        }
        if account.role.administers() {
            out.push(item("/admin".into(), "common.nav_admin"));
        }
        out
    }
}

/// A task as the pages show it.
pub fn task_view(
    pages: &Pages,
    t: &crate::store::TaskRow,
    as_of: chrono::DateTime<chrono::Utc>,
    calendar: &crate::calendar::Calendar,
) -> Value {
    use crate::domain::text::dmy;
    let unit = |u: &crate::store::UnitRef| {
        context! { key => u.key.clone(), name => u.name.clone(), verified => u.verified }
    };
    context! {
        id => t.id,
        document => context! {
            number => t.document_number.clone(),
            issued => dmy(t.document_issued),
            subject => t.document_subject.clone(),
        },
        content => t.task.content.clone(),
        quote => t.task.quote.clone(),
        lead => unit(&t.lead),
        support => t.support.iter().map(unit).collect::<Vec<_>>(),
        due => t.task.deadline.date().map(dmy),
        due_time => t.task.deadline.time().map(|h| h.format("%H:%M").to_string()),
        state => t.task.state.as_str(),
        state_name => pages.text(&format!("states.{}", t.task.state.as_str()), &[]),
        overdue => crate::deadlines::task_is_overdue(&t.task, as_of, calendar),
        review => t.task.review.as_str(),
    }
}

/// An instant as an official reads it: "14:05 20/11/2026", in Vietnam.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&crate::clock::ZONE)
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// A message of the outbox as the pages list it.
pub fn notice_view(pages: &Pages, e: &crate::store::OutboxEntry) -> Value {
    use crate::domain::text::dmy;
    let local = |at: chrono::DateTime<chrono::Utc>| dmy(crate::clock::local_date(at));
    context! {
        kind => pages.text(&format!("notice_kinds.{}", e.notice.kind.as_str()), &[]),
        subject => e.notice.subject.clone(),
        decided => local(e.notice.decided_at),
        status => pages.text(&format!("notice.{}", e.status.as_str()), &[]),
        sent => e.sent_at.map(local),
    }
}

/// A posted form: its fields in order, repeated names kept (the drafts a merge picks).
pub struct Posted(Vec<(String, String)>);

impl Posted {
    fn of(raw: &axum::extract::RawForm) -> Self {
        Self(
            url::form_urlencoded::parse(&raw.0)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, empty when the form has none.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Runs a form's action once its CSRF token is the session's, the account's role allows it
/// (`may`) and the server takes changes; the browser then goes where the action says, or is
/// shown why not.
pub async fn act<Fut>(
    state: &WebState,
    user: &PageUser,
    raw: axum::extract::RawForm,
    may: fn(&PageUser) -> Result<(), ApiError>,
    action: impl FnOnce(Posted) -> Fut,
) -> Response
where
    Fut: std::future::Future<Output = Result<String, ApiError>>,
{
    let form = Posted::of(&raw);
    let checked = user
        .check_csrf(form.get("_csrf"))
        .and_then(|()| may(user))
        .and_then(|()| state.writable());
    let result = match checked {
        Ok(()) => action(form).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => state.pages.fail(state, Some(user), e),
    }
}

/// An id from a path: a whole number, or a 400 naming `what`.
pub fn whole_number(text: &str, what: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::bad_request(format!("{what} is a whole number")))
}

/// `?saved=1`: the page after a change, which says it was recorded.
#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

/// `s` as one component of a URL.
pub fn url_component(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The page an account starts on.
fn home_of(account: &Account) -> String {
    match &account.role {
        Role::Office => "/review".into(),
        Role::Leader => "/overview".into(),
        Role::Unit(u) => format!("/units/{}", url_component(u.as_str())),
        Role::Admin => "/admin".into(),
    }
}

/// Where a login may send an official on: a path of this site only, never another site's
/// address (`//evil.example`, `https://…`, a backslash some browsers read as a slash).
fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 512;
    ok.then_some(next)
}

pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/review", get(review::page))
        .route("/review/{id}/confirm", post(review::confirm))
        .route("/review/{id}/reject", post(review::reject))
        .route("/review/{id}/edit", post(review::edit))
        .route("/review/{id}/split", post(review::split))
        .route("/review/merge", post(review::merge))
        .route("/review/confirm-document", post(review::confirm_document))
        .route("/overview", get(overview::page))
        .route("/admin", get(admin::page))
        .route("/admin/accounts", post(admin::add_account))
        .route("/admin/accounts/{name}/disable", post(admin::disable))
        .route("/admin/accounts/{name}/password", post(admin::set_password))
        .route("/admin/outbox/{id}/retry", post(admin::retry_message))
        .route(
            "/admin/deadletters/{id}/retry",
            post(admin::retry_dead_letter),
        )
        .route(
            "/admin/deadletters/{id}/discard",
            post(admin::discard_dead_letter),
        )
        .route("/units/{key}", get(unit::page))
        .route("/tasks/{id}", get(task::page))
        .route("/tasks/{id}/report", post(task::report))
        .route("/tasks/{id}/files/{file}", get(task::file))
        .route(
            "/static/app.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE) }),
        )
        .route(
            "/static/review.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    REVIEW_SCRIPT,
                )
            }),
        )
}

async fn home(user: PageUser) -> Redirect {
    Redirect::to(&home_of(&user.session.account))
}

#[derive(Deserialize, Default)]
struct LoginQuery {
    next: Option<String>,
}

async fn login_page(State(state): State<WebState>, Query(q): Query<LoginQuery>) -> Response {
    let next = q.next.as_deref().and_then(safe_next).unwrap_or("");
    state.pages.render(
        &state,
        "login.html.j2",
        None,
        "/login",
        context! { next => next, username => "", message => Value::UNDEFINED },
    )
}

/// The login form; a field left out is empty (and the login fails as any wrong one does).
#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// Whether a form came from another site: its `Origin`, when the browser sent one, names another
/// host than the one the form was posted to. The login form has no session yet, hence no CSRF
/// token; this keeps another site from logging an official into an account of its choosing.
fn from_another_site(headers: &axum::http::HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = url::Url::parse(origin).ok().and_then(|u| {
        u.host_str().map(|h| match u.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_string(),
        })
    });
    let forwarded = headers
        .get("x-forwarded-host")
        .and_then(|h| h.to_str().ok());
    match origin_host {
        Some(o) => o != host && Some(o.as_str()) != forwarded,
        None => true,
    }
}

async fn login(
    State(state): State<WebState>,
    ClientAddress(address): ClientAddress,
    headers: axum::http::HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if from_another_site(&headers) {
        let e = ApiError::forbidden("a login form posted from another site is refused");
        return state.pages.fail(&state, None, e);
    }
    let opened = accounts::login(
        &state.store,
        &state.passwords,
        &state.policy,
        &form.username,
        &form.password,
        &address,
        state.clock.now(),
    )
    .await;
    let (status, message) = match opened {
        Ok(opened) => {
            let to = safe_next(&form.next)
                .map(str::to_string)
                .unwrap_or_else(|| home_of(&opened.account));
            return (
                [(
                    header::SET_COOKIE,
                    auth::session_cookie(&state, &opened.token),
                )],
                Redirect::to(&to),
            )
                .into_response();
        }
        Err(AccountError::Throttled { minutes }) => (
            StatusCode::TOO_MANY_REQUESTS,
            state
                .pages
                .text("login.throttled", &[("minutes", minutes.to_string())]),
        ),
        Err(AccountError::BadCredentials) => (
            StatusCode::UNAUTHORIZED,
            state.pages.text("login.failed", &[]),
        ),
        Err(e) => return super::error::ApiError::from(e).into_response(),
    };
    let username: String = form.username.chars().take(64).collect();
    let page = state.pages.render(
        &state,
        "login.html.j2",
        None,
        "/login",
        context! {
            next => safe_next(&form.next).unwrap_or(""),
            username => username,
            message => message,
        },
    );
    (status, page).into_response()
}

async fn logout(
    State(state): State<WebState>,
    user: PageUser,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if let Err(e) = user.check_csrf(form.get("_csrf").map(String::as_str).unwrap_or("")) {
        return e.into_response();
    }
    if let Err(e) = accounts::logout(&state.store, &user.session, state.clock.now()).await {
        return super::error::ApiError::from(e).into_response();
    }
    (
        [(header::SET_COOKIE, auth::cleared_cookie())],
        Redirect::to("/login"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_sends_on_only_to_a_path_of_this_site() {
        assert_eq!(safe_next("/tasks/4"), Some("/tasks/4"));
        assert_eq!(safe_next("/overview?unit=sxd"), Some("/overview?unit=sxd"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "evil",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_login_posted_from_another_site_is_told_apart() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut h = axum::http::HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, axum::http::HeaderValue::from_static(v));
            }
            h
        };
        assert!(!from_another_site(&headers(&[("host", "127.0.0.1:8080")])));
        assert!(!from_another_site(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(!from_another_site(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("x-forwarded-host", "dondoc.example"),
            ("origin", "https://dondoc.example")
        ])));
        assert!(from_another_site(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example")
        ])));
        assert!(from_another_site(&headers(&[
            ("host", "a"),
            ("origin", "null")
        ])));
    }

    #[test]
    fn the_templates_and_the_catalogue_load() {
        let pages = Pages::load(&crate::config::catalogue::Catalogue::built_in()).unwrap();
        assert_eq!(pages.text("login.title", &[]), "Đăng nhập");
        assert_eq!(
            pages.text("login.throttled", &[("minutes", "15".into())]),
            "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
        );
    }
}
