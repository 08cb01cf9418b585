//! The web API over HTTP on a random port, as an integration or the pages call it: a session
//! opens it; each role sees and changes what it may (a unit its own unit's tasks, by id guessing
//! too; a leader everything and nothing); bad input is a 400 that says why, never a 500;
//! a cookie-borne change carries its CSRF token; a session ends on logout, on `users disable`,
//! on a new password and when it idles out; guessing is throttled. Both backends.

use std::sync::Arc;

use dondoc::accounts::{self, Passwords};
use dondoc::clock::{FixedClock, SharedClock};
use dondoc::domain::{Role, TaskState, UnitKey, Username};
use dondoc::shutdown::Shutdown;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::drafts::{at, directive, ingest, tasks, with_directory, ONE_TASK, STC, SXD};
use crate::helpers::TestDb;
use crate::on_both_backends;

pub const PASSWORD: &str = "mật khẩu đủ dài 2026";

/// A server over `db` on a random port, its clock in the test's hands.
pub struct Server {
    pub base: String,
    pub clock: FixedClock,
    pub http: reqwest::Client,
    stop: Shutdown,
    served: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Server {
    pub async fn start(db: &TestDb, read_only: bool) -> Self {
        Self::start_with(db, read_only, &[]).await
    }

    /// A server with more settings, `DONDOC__…` variables.
    pub async fn start_with(db: &TestDb, read_only: bool, extra: &[(&str, &str)]) -> Self {
        let data = tempfile::tempdir().unwrap().keep();
        let env = [
            ("DONDOC__DATABASE__URL", db.url.as_str()),
            ("DONDOC__DATA_DIR", data.to_str().unwrap()),
        ]
        .into_iter()
        .chain(extra.iter().copied())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let config = dondoc::config::load(None, Some(env)).unwrap();
        let clock = FixedClock::new(at(crate::drafts::NOW));
        let shared: SharedClock = Arc::new(clock.clone());
        let state =
            dondoc::web::WebState::new(db.store.clone(), Arc::new(config), shared, read_only)
                .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let stop = Shutdown::new();
        let served = tokio::spawn(dondoc::web::serve(listener, state, stop.clone()));
        // Plain HTTP, but reqwest wants a TLS provider to build a client at all.
        let _ = rustls::crypto::ring::default_provider().install_default();
        Self {
            base,
            clock,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            stop,
            served,
        }
    }

    pub async fn stop(self) {
        self.stop.trigger();
        self.served.await.unwrap().unwrap();
    }

    /// Logs in; the token.
    pub async fn login(&self, name: &str) -> String {
        let (status, body) = self.open_session(name, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["token"].as_str().unwrap().to_string()
    }

    pub async fn open_session(&self, name: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            Method::POST,
            "/api/v1/session",
            None,
            Some(json!({ "username": name, "password": password })),
        )
        .await
    }

    /// A call with the bearer `token`, if any, and a JSON body, if any: the status and the
    /// JSON answer (null when there is none).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        answer(req.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }
}

pub async fn answer(resp: reqwest::Response) -> (StatusCode, Value) {
    let status = resp.status();
    let text = resp.text().await.unwrap();
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, value)
}

pub async fn add_user(db: &TestDb, name: &str, role: Role) {
    accounts::add(
        &db.store,
        &Passwords::default(),
        &Username::parse(name).unwrap(),
        &role,
        PASSWORD,
        "user:test",
        at(crate::drafts::NOW),
    )
    .await
    .unwrap();
}

/// Two directives: one Sở Tài chính leads with Sở Xây dựng coordinating, one Sở Xây dựng leads
/// alone; an account for each role, and one for each of the two units. Returns the ids of the
/// two tasks and the two units' keys.
pub async fn two_units(db: &TestDb) -> (i64, i64, UnitKey, UnitKey) {
    with_directory(db).await;
    ingest(db, &directive("1601", &[STC, SXD], ONE_TASK)).await;
    ingest(
        db,
        &directive(
            "1602",
            &[SXD],
            "Giao Sở Xây dựng chủ trì kiểm tra chất lượng công trình nhà ở xã hội, báo cáo \
             UBND tỉnh trước ngày 20/12/2026.",
        ),
    )
    .await;
    let all = tasks(db).await;
    assert_eq!(all.len(), 2, "{all:#?}");
    let (a, b) = (&all[0], &all[1]);
    let (stc, sxd) = (a.task.lead.clone(), b.task.lead.clone());
    assert_eq!(a.task.support, vec![sxd.clone()]);
    add_user(db, "lan", Role::Office).await;
    add_user(db, "chanh", Role::Leader).await;
    add_user(db, "qtv", Role::Admin).await;
    add_user(db, "stc", Role::Unit(stc.clone())).await;
    add_user(db, "sxd", Role::Unit(sxd.clone())).await;
    (a.id, b.id, stc, sxd)
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

on_both_backends!(
    a_session_opens_the_api_and_nothing_else_does,
    a_unit_account_sees_and_reports_only_on_its_own_units_tasks,
    the_office_reviews_drafts_and_a_leader_only_looks_on,
    bad_input_is_a_400_that_says_why_and_changes_nothing,
    a_change_carried_by_the_cookie_needs_the_sessions_csrf_token,
    a_session_ends_on_logout_on_disable_on_a_new_password_and_when_idle,
    guessing_a_password_is_throttled_per_account,
    a_read_only_server_changes_nothing,
);

async fn a_session_opens_the_api_and_nothing_else_does(db: &TestDb) {
    two_units(db).await;
    let s = Server::start(db, false).await;
    for token in [None, Some("not-a-token"), Some("")] {
        let (status, body) = s.call(Method::GET, "/api/v1/tasks", token, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{token:?}: {body}");
        assert!(body["error"].as_str().unwrap().contains("log in"), "{body}");
    }
    let (wrong, body) = s.open_session("lan", "not the password").await;
    assert_eq!(wrong, StatusCode::UNAUTHORIZED);
    let (unknown, body2) = s.open_session("nobody", PASSWORD).await;
    assert_eq!(unknown, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body, body2,
        "a wrong name and a wrong password answer alike"
    );

    let (status, opened) = s.open_session("lan", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    assert_eq!(
        opened["account"],
        json!({"username": "lan", "role": "office", "unit": null})
    );
    let token = opened["token"].as_str().unwrap();
    let (status, list) = s.get("/api/v1/tasks", token).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(ids(&list).len(), 2);
    // The objects are those of `tasks list --json`.
    for key in [
        "document", "lead", "support", "content", "due", "state", "overdue", "review", "flags",
    ] {
        assert!(list[0].get(key).is_some(), "{key} missing from {}", list[0]);
    }
    let (status, _) = s.get("/api/v1/nothing-here", token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The store keeps no token that works, only its hash.
    let kept = db
        .store
        .session(token, at(crate::drafts::NOW))
        .await
        .unwrap();
    assert!(
        kept.is_none(),
        "the token itself must not be a key of the store"
    );
    s.stop().await;
}

async fn a_unit_account_sees_and_reports_only_on_its_own_units_tasks(db: &TestDb) {
    let (led_by_stc, led_by_sxd, stc, sxd) = two_units(db).await;
    let s = Server::start(db, false).await;
    let t_stc = s.login("stc").await;
    let t_sxd = s.login("sxd").await;

    // Drafts are not assigned yet: a unit sees nothing until the Office confirms.
    let (status, list) = s.get("/api/v1/tasks", &t_stc).await;
    assert_eq!((status, ids(&list)), (StatusCode::OK, vec![]));
    let (status, _) = s.get(&format!("/api/v1/tasks/{led_by_stc}"), &t_stc).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let office = s.login("lan").await;
    for id in [led_by_stc, led_by_sxd] {
        let (status, _) = s
            .post(&format!("/api/v1/drafts/{id}/confirm"), &office, json!({}))
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, list) = s.get("/api/v1/tasks", &t_stc).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ids(&list), vec![led_by_stc]);
    // Coordinating is seeing: Sở Xây dựng sees both.
    let (_, list) = s.get("/api/v1/tasks", &t_sxd).await;
    assert_eq!(ids(&list), vec![led_by_stc, led_by_sxd]);

    // Another unit's task, asked for by filter, by id, or by an id that does not exist: 403 alike.
    let (status, body) = s
        .get(&format!("/api/v1/tasks?unit={}", sxd.as_str()), &t_stc)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    for id in [led_by_sxd, 999_999] {
        let (status, body) = s.get(&format!("/api/v1/tasks/{id}"), &t_stc).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "task {id}: {body}");
        assert!(body.get("content").is_none(), "{body}");
        let (status, _) = s
            .post(
                &format!("/api/v1/tasks/{id}/state"),
                &t_stc,
                json!({"state": "reported"}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "task {id}");
    }
    // Drafts are the Office's.
    let (status, _) = s.get("/api/v1/drafts", &t_stc).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A coordinating unit reports to the lead, not here.
    let (status, body) = s
        .post(
            &format!("/api/v1/tasks/{led_by_stc}/state"),
            &t_sxd,
            json!({"state": "reported"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The lead reports it done; "done" itself is the Office's word once it has checked.
    let (status, body) = s
        .post(
            &format!("/api/v1/tasks/{led_by_stc}/state"),
            &t_stc,
            json!({"state": "done"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, task) = s
        .post(
            &format!("/api/v1/tasks/{led_by_stc}/state"),
            &t_stc,
            json!({"state": "reported", "note": "Đã rà soát xong, gửi báo cáo số 12/BC-STC"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{task}");
    assert_eq!(task["state"], "reported");
    let (_, detail) = s.get(&format!("/api/v1/tasks/{led_by_stc}"), &t_stc).await;
    let last = detail["history"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["actor"], "user:stc", "{last}");
    assert_eq!(last["action"], "state_changed", "{last}");
    let stored = tasks(db)
        .await
        .into_iter()
        .find(|t| t.id == led_by_stc)
        .unwrap();
    assert_eq!(stored.task.state, TaskState::Reported);
    // Returned needs its reason.
    let (status, body) = s
        .post(
            &format!("/api/v1/tasks/{led_by_sxd}/state"),
            &t_sxd,
            json!({"state": "returned"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"].as_str().unwrap().contains("reason"), "{body}");
    let _ = stc;
    s.stop().await;
}

async fn the_office_reviews_drafts_and_a_leader_only_looks_on(db: &TestDb) {
    let (a, b, _, _) = two_units(db).await;
    let s = Server::start(db, false).await;
    let office = s.login("lan").await;
    let leader = s.login("chanh").await;
    let admin = s.login("qtv").await;

    let (status, drafts) = s.get("/api/v1/drafts", &office).await;
    assert_eq!(status, StatusCode::OK, "{drafts}");
    assert_eq!(ids(&drafts), vec![a, b]);
    assert!(drafts[0].get("entry_due").is_some(), "{}", drafts[0]);
    for t in [&leader, &admin] {
        let (status, _) = s.get("/api/v1/drafts", t).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = s
            .post(&format!("/api/v1/drafts/{a}/confirm"), t, json!({}))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, task) = s
        .post(&format!("/api/v1/drafts/{a}/confirm"), &office, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{task}");
    assert_eq!(task["review"], "confirmed");
    let (status, body) = s
        .post(&format!("/api/v1/drafts/{a}/confirm"), &office, json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = s
        .post(
            &format!("/api/v1/drafts/{b}/reject"),
            &office,
            json!({"reason": "  "}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, task) = s
        .post(
            &format!("/api/v1/drafts/{b}/reject"),
            &office,
            json!({"reason": "Trùng với nhiệm vụ đã giao"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{task}");
    assert_eq!(task["review"], "rejected");
    let events = db.store.task_events(a).await.unwrap();
    let confirmed = events.iter().find(|e| e.action == "confirmed").unwrap();
    assert_eq!(confirmed.actor.render(), "user:lan");

    // A leader sees everything and changes nothing.
    let (status, list) = s.get("/api/v1/tasks", &leader).await;
    assert_eq!((status, ids(&list)), (StatusCode::OK, vec![a, b]));
    let (status, body) = s
        .post(
            &format!("/api/v1/tasks/{a}/state"),
            &leader,
            json!({"state": "done"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    // The Office records any move `tasks update` allows.
    let (status, task) = s
        .post(
            &format!("/api/v1/tasks/{a}/state"),
            &office,
            json!({"state": "done", "note": "Đã kiểm tra"}),
        )
        .await;
    assert_eq!(
        (status, task["state"].clone()),
        (StatusCode::OK, json!("done"))
    );
    let (status, body) = s
        .post(
            &format!("/api/v1/tasks/{a}/state"),
            &office,
            json!({"state": "in_progress"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a done task is settled: {body}"
    );
    let (status, _) = s.get("/api/v1/tasks/999999", &office).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    s.stop().await;
}

async fn bad_input_is_a_400_that_says_why_and_changes_nothing(db: &TestDb) {
    let (a, _, _, _) = two_units(db).await;
    let s = Server::start(db, false).await;
    let office = s.login("lan").await;
    let hostile = [
        "'; DROP TABLE tasks; --",
        "\" OR 1=1 --",
        "%' OR '1'='1",
        "so-tai-chinh' UNION SELECT password_hash FROM accounts --",
    ];
    for value in hostile {
        let q: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        for param in ["unit", "state", "overdue", "review"] {
            let (status, body) = s.get(&format!("/api/v1/tasks?{param}={q}"), &office).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{param}={value}: {body}");
            assert!(body["error"].is_string(), "{body}");
        }
    }
    let cases: Vec<(Method, String, Option<&str>)> = vec![
        (
            Method::POST,
            format!("/api/v1/tasks/{a}/state"),
            Some("{not json"),
        ),
        (
            Method::POST,
            format!("/api/v1/tasks/{a}/state"),
            Some(r#"{"state": 5}"#),
        ),
        (
            Method::POST,
            format!("/api/v1/tasks/{a}/state"),
            Some(r#"{"state": "finished"}"#),
        ),
        (
            Method::POST,
            format!("/api/v1/tasks/{a}/state"),
            Some(r#"{"stat": "done"}"#),
        ),
        (Method::POST, format!("/api/v1/tasks/{a}/state"), Some("{}")),
        (
            Method::POST,
            "/api/v1/tasks/abc/state".into(),
            Some(r#"{"state": "done"}"#),
        ),
        (Method::GET, "/api/v1/tasks/1%27%20OR%201=1".into(), None),
        (Method::GET, "/api/v1/tasks?colour=red".into(), None),
        (
            Method::POST,
            format!("/api/v1/drafts/{a}/reject"),
            Some("[]"),
        ),
        (
            Method::POST,
            "/api/v1/session".into(),
            Some(r#"{"username": 1}"#),
        ),
    ];
    for (method, path, body) in cases {
        let mut req = s
            .http
            .request(method.clone(), format!("{}{path}", s.base))
            .bearer_auth(&office);
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let (status, answer) = answer(req.send().await.unwrap()).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{method} {path} {body:?}: {answer}"
        );
        assert!(
            answer["error"].as_str().is_some_and(|m| !m.is_empty()),
            "{answer}"
        );
    }
    // Nothing was dropped or changed.
    assert_eq!(tasks(db).await.len(), 2);
    assert_eq!(db.store.accounts().await.unwrap().len(), 5);
    s.stop().await;
}

async fn a_change_carried_by_the_cookie_needs_the_sessions_csrf_token(db: &TestDb) {
    let (a, _, _, _) = two_units(db).await;
    let s = Server::start(db, false).await;
    let (_, opened) = s.open_session("lan", PASSWORD).await;
    let token = opened["token"].as_str().unwrap();
    let csrf = opened["csrf"].as_str().unwrap();
    let cookie = format!("dondoc_session={token}");
    let confirm = |header: Option<&str>| {
        let mut req = s
            .http
            .post(format!("{}/api/v1/drafts/{a}/confirm", s.base))
            .header("cookie", &cookie);
        if let Some(h) = header {
            req = req.header("x-csrf-token", h);
        }
        req.send()
    };
    // Reading needs none.
    let resp = s
        .http
        .get(format!("{}/api/v1/drafts", s.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    for wrong in [None, Some(""), Some("not-the-token"), Some(token)] {
        let (status, body) = answer(confirm(wrong).await.unwrap()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{wrong:?}: {body}");
    }
    assert_eq!(
        tasks(db).await[0].task.review,
        dondoc::domain::ReviewState::Draft
    );
    let (status, body) = answer(confirm(Some(csrf)).await.unwrap()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A page's form too: logging out without the form's token is refused.
    let resp = s
        .http
        .post(format!("{}/logout", s.base))
        .header("cookie", &cookie)
        .form(&[("_csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let (status, _) = s.get("/api/v1/session", token).await;
    assert_eq!(status, StatusCode::OK, "the forged logout ended nothing");
    s.stop().await;
}

async fn a_session_ends_on_logout_on_disable_on_a_new_password_and_when_idle(db: &TestDb) {
    two_units(db).await;
    let s = Server::start(db, false).await;
    let now = at(crate::drafts::NOW);

    let t = s.login("lan").await;
    let (status, _) = s
        .call(Method::DELETE, "/api/v1/session", Some(&t), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.get("/api/v1/tasks", &t).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "logged out");

    let t = s.login("stc").await;
    accounts::disable(&db.store, &Username::parse("stc").unwrap(), "user:qtv", now)
        .await
        .unwrap();
    let (status, _) = s.get("/api/v1/tasks", &t).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "disabled");
    let (status, _) = s.open_session("stc", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a disabled account cannot log in"
    );

    let t = s.login("sxd").await;
    accounts::set_password(
        &db.store,
        &Passwords::default(),
        &Username::parse("sxd").unwrap(),
        "một mật khẩu mới hẳn",
        "user:qtv",
        now,
    )
    .await
    .unwrap();
    let (status, _) = s.get("/api/v1/tasks", &t).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "new password");

    // Used within the idle time, a session lives on; left for longer, it is gone.
    let t = s.login("chanh").await;
    s.clock.set(now + chrono::Duration::minutes(50));
    assert_eq!(s.get("/api/v1/tasks", &t).await.0, StatusCode::OK);
    s.clock.set(now + chrono::Duration::minutes(100));
    assert_eq!(
        s.get("/api/v1/tasks", &t).await.0,
        StatusCode::OK,
        "50 minutes after its last use"
    );
    s.clock.set(now + chrono::Duration::minutes(161));
    assert_eq!(
        s.get("/api/v1/tasks", &t).await.0,
        StatusCode::UNAUTHORIZED,
        "idle an hour"
    );
    // However busy, a session ends 12 hours after its login.
    s.clock.set(now);
    let t = s.login("chanh").await;
    for m in (50..=12 * 60).step_by(50) {
        s.clock.set(now + chrono::Duration::minutes(m));
        assert_eq!(
            s.get("/api/v1/tasks", &t).await.0,
            StatusCode::OK,
            "{m} minutes"
        );
    }
    s.clock.set(now + chrono::Duration::minutes(12 * 60 + 1));
    assert_eq!(s.get("/api/v1/tasks", &t).await.0, StatusCode::UNAUTHORIZED);

    let log = db.store.audit_log(50).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "login",
        "logout",
        "account_disabled",
        "password_set",
        "account_added",
    ] {
        assert!(actions.contains(&action), "{action} not in {actions:?}");
    }
    s.stop().await;
}

async fn guessing_a_password_is_throttled_per_account(db: &TestDb) {
    two_units(db).await;
    let s = Server::start(db, false).await;
    for _ in 0..5 {
        let (status, _) = s.open_session("lan", "một lần đoán sai").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // The right password now waits out the window, unread.
    let (status, body) = s.open_session("lan", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("15 minute"),
        "{body}"
    );
    // Another account, from the same address, is not held up.
    let (status, _) = s.open_session("chanh", PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    // But one address guessing over many names is: its 21st failure in the window is refused
    // (the attempt the throttle refused above counts too: 5 + 1 + 14 = 20).
    for i in 0..14 {
        let (status, _) = s.open_session(&format!("ten{i}"), "đoán bừa một lần").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {i}");
    }
    let (status, _) = s.open_session("qtv", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the address is held");
    s.clock
        .set(at(crate::drafts::NOW) + chrono::Duration::minutes(16));
    let (status, _) = s.open_session("lan", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "the window has passed");
    s.stop().await;
}

async fn a_read_only_server_changes_nothing(db: &TestDb) {
    let (a, _, _, _) = two_units(db).await;
    let s = Server::start(db, true).await;
    let office = s.login("lan").await;
    let (status, list) = s.get("/api/v1/drafts", &office).await;
    assert_eq!((status, ids(&list).len()), (StatusCode::OK, 2));
    let (status, body) = s
        .post(&format!("/api/v1/drafts/{a}/confirm"), &office, json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("read-only"),
        "{body}"
    );
    let (status, _) = s
        .post(
            &format!("/api/v1/tasks/{a}/state"),
            &office,
            json!({"state": "in_progress"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        tasks(db).await[0].task.review,
        dondoc::domain::ReviewState::Draft
    );
    s.stop().await;
}

/// `dondoc users`: the password comes on stdin, never on the command line; every refusal names
/// its reason with exit status 2; `list --json` is one object per account.
#[test]
fn users_are_managed_from_the_command_line_with_the_password_on_stdin() {
    use std::io::Write as _;
    let cli = crate::helpers::Cli::new();
    let run = |args: &[&str], stdin: &str| {
        let mut child = cli
            .command()
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let add = ["users", "add", "qtv", "--role", "admin", "--password-stdin"];
    let (code, out, err) = run(&add, &format!("{PASSWORD}\n"));
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("qtv: added, admin"), "{out}");
    // Each refusal says why, with exit status 2.
    let pw = format!("{PASSWORD}\n");
    let refusals: [(&[&str], &str, &str); 5] = [
        (&add, &pw, "exists already"),
        (&["office", "ngan"], "ngắn\n", "at least 10"),
        (&["unit", "donvi"], &pw, "needs its unit"),
        (
            &["unit", "donvi", "--unit", "Sở Không Có"],
            &pw,
            "no unit is named",
        ),
        (&["office", "Nguyễn"], &pw, "user name"),
    ];
    for (args, stdin, why) in refusals {
        let args: Vec<&str> = if args == add.as_slice() {
            args.to_vec()
        } else {
            let mut a = vec![
                "users",
                "add",
                args[1],
                "--role",
                args[0],
                "--password-stdin",
            ];
            a.extend_from_slice(&args[2..]);
            a
        };
        let (code, _, err) = run(&args, stdin);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
    }
    let (code, out, err) = run(
        &[
            "users",
            "add",
            "sxd",
            "--role",
            "unit",
            "--unit",
            "so-xay-dung-2025",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\r\n"),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("unit of so-xay-dung-2025"), "{out}");

    let listed = cli.json_lines(&["users", "list", "--json"]);
    assert_eq!(
        listed,
        vec![
            json!({"username": "qtv", "role": "admin", "unit": null, "disabled": false}),
            json!({"username": "sxd", "role": "unit", "unit": "so-xay-dung-2025", "disabled": false}),
        ]
    );
    let (code, out, _) = run(&["users", "disable", "sxd"], "");
    assert_eq!(code, Some(0));
    assert!(out.contains("sxd: disabled"), "{out}");
    let (code, _, err) = run(&["users", "disable", "sxd"], "");
    assert_eq!(code, Some(2), "{err}");
    let (code, _, err) = run(&["users", "disable", "ai-do"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("no account"), "{err}");
    // A new password enables the account again.
    let (code, _, err) = run(
        &["users", "passwd", "sxd", "--password-stdin"],
        "một mật khẩu mới hẳn\n",
    );
    assert_eq!(code, Some(0), "{err}");
    let listed = cli.json_lines(&["users", "list", "--json"]);
    assert_eq!(listed[1]["disabled"], false);
}

/// `dondoc run` serves the pages and the API beside its loops, and stops them with itself.
#[tokio::test]
async fn the_daemon_serves_the_api_beside_its_loops() {
    use std::io::Write as _;
    let cli = crate::helpers::Cli::new();
    let mut add = cli
        .command()
        .args([
            "users",
            "add",
            "lan",
            "--role",
            "office",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(PASSWORD.as_bytes())
        .unwrap();
    assert!(add.wait().unwrap().success());
    crate::daemon::seed_inbox(&cli);
    let daemon = crate::daemon::Daemon::start_with(&cli, &["run"], None, &[]);
    let line = daemon.wait_for("Web pages and API served");
    let logged: Value = serde_json::from_str(&line).unwrap();
    let base = format!("http://{}", logged["listen"].as_str().unwrap());
    daemon.wait_for("Source pass done");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let health = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let (status, opened) = answer(
        http.post(format!("{base}/api/v1/session"))
            .json(&json!({"username": "lan", "password": PASSWORD}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{opened}");
    let (status, drafts) = answer(
        http.get(format!("{base}/api/v1/drafts"))
            .bearer_auth(opened["token"].as_str().unwrap())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        drafts.as_array().unwrap().len(),
        cli.drafts_json(&[]).len(),
        "the API lists the drafts the CLI does"
    );
    daemon.signal(nix::sys::signal::Signal::SIGTERM);
    assert!(daemon.wait().success());
    assert!(
        http.get(format!("{base}/healthz")).send().await.is_err(),
        "the pages stop with the daemon"
    );
}

/// A page's HTML as a logged-in browser gets it: the session cookie from a login.
async fn page(s: &Server, cookie: &str, path: &str) -> (StatusCode, String) {
    let resp = s
        .http
        .get(format!("{}{path}", s.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (resp.status(), resp.text().await.unwrap())
}

async fn cookie_of(s: &Server, name: &str) -> (String, String) {
    let (_, opened) = s.open_session(name, PASSWORD).await;
    (
        format!("dondoc_session={}", opened["token"].as_str().unwrap()),
        opened["csrf"].as_str().unwrap().to_string(),
    )
}

on_both_backends!(
    the_pages_speak_the_catalogues_language_and_set_a_secure_cookie_behind_tls,
    the_overviews_filters_refuse_what_they_cannot_read,
    a_documents_hostile_text_is_shown_as_text_on_every_page,
    the_pages_keep_to_each_role_and_their_forms_need_the_csrf_token,
    a_unit_attaches_a_file_to_its_result_and_only_readers_download_it,
);

async fn a_documents_hostile_text_is_shown_as_text_on_every_page(db: &TestDb) {
    crate::drafts::with_directory(db).await;
    let hostile_subject = "V/v <script>alert('subject')</script> sửa chữa";
    let hostile_text =
        "Giao Sở Tài chính chủ trì rà soát <img src=x onerror=alert('text')> các khoản chi, \
         báo cáo UBND tỉnh trước ngày 15/12/2026.";
    let msg = crate::helpers::with_content(
        &crate::helpers::edxml(
            "1650",
            "UBND-TH",
            "2026/11/20",
            None,
            &[STC],
            &hostile_subject.replace('<', "&lt;").replace('>', "&gt;"),
        ),
        &hostile_text.replace('<', "&lt;").replace('>', "&gt;"),
    );
    ingest(db, &msg).await;
    let id = tasks(db).await[0].id;
    assert!(tasks(db).await[0]
        .document_subject
        .as_deref()
        .unwrap()
        .contains("<script>"));
    add_user(db, "lan", Role::Office).await;
    add_user(db, "chanh", Role::Leader).await;
    let s = Server::start(db, false).await;
    let (office, _) = cookie_of(&s, "lan").await;
    for path in ["/review".to_string(), format!("/tasks/{id}")] {
        let (status, html) = page(&s, &office, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(!html.contains("<script>alert"), "{path} runs the subject");
        assert!(!html.contains("<img src=x"), "{path} runs the text");
        assert!(
            html.contains("&lt;script&gt;alert"),
            "{path} hides the subject"
        );
        assert!(
            html.contains("&lt;img src=x onerror=alert"),
            "{path}: the text is shown as text"
        );
    }
    dondoc::review::confirm(
        &db.store,
        id,
        &dondoc::domain::Actor::User("lan".into()),
        at(crate::drafts::NOW),
    )
    .await
    .unwrap();
    let (leader, _) = cookie_of(&s, "chanh").await;
    let (status, html) = page(&s, &leader, "/overview").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert"));
    s.stop().await;
}

async fn the_pages_keep_to_each_role_and_their_forms_need_the_csrf_token(db: &TestDb) {
    let (a, b, stc, sxd) = two_units(db).await;
    let s = Server::start(db, false).await;
    // Without a session every page but the login sends there, and comes back after.
    for path in [
        "/review",
        "/overview",
        "/admin",
        "/tasks/1",
        "/units/so-tai-chinh-2025",
        "/",
    ] {
        let resp = s
            .http
            .get(format!("{}{path}", s.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{path}");
        let to = resp.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/login?next="), "{path} → {to}");
    }
    let resp = s
        .http
        .get(format!("{}/login", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // No script but this site's, no framing by another site.
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    let (status, _) = page(&s, "", "/healthz").await;
    assert_eq!(status, StatusCode::OK);

    let (unit, unit_csrf) = cookie_of(&s, "stc").await;
    let (status, _) = page(&s, &unit, &format!("/units/{}", stc.as_str())).await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        format!("/units/{}", sxd.as_str()),
        format!("/tasks/{b}"),
        "/review".into(),
        "/overview".into(),
        "/admin".into(),
    ] {
        let (status, html) = page(&s, &unit, &path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("không có quyền"), "{path}");
    }
    // A review form without the session's token, or with another session's, changes nothing.
    let (office, office_csrf) = cookie_of(&s, "lan").await;
    for token in ["", "forged", unit_csrf.as_str()] {
        let resp = s
            .http
            .post(format!("{}/review/{a}/confirm", s.base))
            .header("cookie", &office)
            .form(&[("_csrf", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{token:?}");
    }
    assert_eq!(
        tasks(db).await[0].task.review,
        dondoc::domain::ReviewState::Draft
    );
    let resp = s
        .http
        .post(format!("{}/review/{a}/confirm", s.base))
        .header("cookie", &office)
        .form(&[("_csrf", office_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        tasks(db).await[0].task.review,
        dondoc::domain::ReviewState::Confirmed
    );
    // A unit cannot use the Office's forms, whatever its token.
    let resp = s
        .http
        .post(format!("{}/review/{b}/confirm", s.base))
        .header("cookie", &unit)
        .form(&[("_csrf", unit_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // The login sends on only within this site.
    let resp = s
        .http
        .post(format!("{}/login", s.base))
        .form(&[
            ("username", "lan"),
            ("password", PASSWORD),
            ("next", "//evil.example/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(resp.headers()["location"], "/review");
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "no TLS here: {cookie}");
    s.stop().await;
}

async fn a_unit_attaches_a_file_to_its_result_and_only_readers_download_it(db: &TestDb) {
    let (a, b, _, _) = two_units(db).await;
    let lan = dondoc::domain::Actor::User("lan".into());
    for id in [a, b] {
        dondoc::review::confirm(&db.store, id, &lan, at(crate::drafts::NOW))
            .await
            .unwrap();
    }
    let s = Server::start(db, false).await;
    let (unit, csrf) = cookie_of(&s, "stc").await;
    let report = |state: &str, bytes: Vec<u8>, name: &str| {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .text("state", state.to_string())
            .text("note", "Báo cáo kết quả rà soát")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        s.http
            .post(format!("{}/tasks/{a}/report", s.base))
            .header("cookie", &unit)
            .multipart(form)
            .send()
    };
    // Too large: refused whole, nothing recorded, nothing left on disk.
    let big = vec![b'x'; 10 * 1024 * 1024 + 1];
    let resp = report("reported", big, "lon.pdf").await.unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(tasks(db).await[0].task.state, TaskState::NotStarted);
    assert!(db.store.task_files(a).await.unwrap().is_empty());

    let content = b"%PDF-1.4 <script>alert(1)</script>".to_vec();
    let resp = report("reported", content.clone(), "../Báo cáo <1>.pdf")
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(tasks(db).await[0].task.state, TaskState::Reported);
    let files = db.store.task_files(a).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].name, "Báo cáo <1>.pdf");
    assert_eq!(files[0].uploaded_by, "user:stc");
    let url = format!("{}/tasks/{a}/files/{}", s.base, files[0].id);
    let resp = s
        .http
        .get(&url)
        .header("cookie", &unit)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/octet-stream");
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(resp.bytes().await.unwrap().to_vec(), content);
    // Another unit cannot fetch it, not even by its number.
    let (other, _) = cookie_of(&s, "sxd").await;
    let _ = b;
    let (status, _) = page(&s, &other, &format!("/tasks/{a}/files/{}", files[0].id)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "Sở Xây dựng coordinates the task: it may read it"
    );
    let (status, _) = page(&s, &other, &format!("/tasks/{b}/files/{}", files[0].id)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a file is reached through its own task"
    );
    s.stop().await;
}

async fn the_pages_speak_the_catalogues_language_and_set_a_secure_cookie_behind_tls(db: &TestDb) {
    two_units(db).await;
    let catalogue = crate::helpers::repo().join("config/web/en.toml");
    let s = Server::start_with(
        db,
        false,
        &[
            ("DONDOC__WEB__CATALOGUE", catalogue.to_str().unwrap()),
            (
                "DONDOC__WEB__PUBLIC_URL",
                "https://dondoc.thuathienhue.example/",
            ),
        ],
    )
    .await;
    let (status, html) = page(&s, "", "/login").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<html lang=\"en\">") && html.contains(">Log in<"),
        "{html}"
    );
    let resp = s
        .http
        .post(format!("{}/login", s.base))
        .form(&[("username", "lan"), ("password", PASSWORD), ("next", "")])
        .send()
        .await
        .unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("; Secure"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_string();
    let (_, html) = page(&s, &cookie, "/review").await;
    assert!(html.contains("Review the tasks dondoc read"), "{html}");
    s.stop().await;
}

async fn the_overviews_filters_refuse_what_they_cannot_read(db: &TestDb) {
    two_units(db).await;
    let s = Server::start(db, false).await;
    let (leader, _) = cookie_of(&s, "chanh").await;
    let (status, _) = page(&s, &leader, "/overview?period=year&document=1601").await;
    assert_eq!(status, StatusCode::OK);
    for query in [
        "unit=%27%3B%20DROP%20TABLE%20tasks%3B--",
        "state=%27%20OR%201%3D1",
        "due_before=2026-13-45%27",
        "period=%27%20OR%201%3D1",
    ] {
        let (status, html) = page(&s, &leader, &format!("/overview?{query}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{query}");
        assert!(html.contains("chưa hợp lệ"), "{query}");
    }
    // A document filter is text matched in the program, whatever it holds.
    let (status, _) = page(
        &s,
        &leader,
        "/overview?document=%25%27%20OR%20%271%27%3D%271",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tasks(db).await.len(), 2);
    s.stop().await;
}

on_both_backends!(ended_sessions_and_old_failed_logins_are_forgotten_and_the_audit_log_kept,);

async fn ended_sessions_and_old_failed_logins_are_forgotten_and_the_audit_log_kept(db: &TestDb) {
    two_units(db).await;
    let s = Server::start(db, false).await;
    let now = at(crate::drafts::NOW);
    let live = s.login("lan").await;
    let ended = s.login("chanh").await;
    let (status, _) = s
        .call(Method::DELETE, "/api/v1/session", Some(&ended), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = s.open_session("qtv", "sai mật khẩu rồi").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let audit_before = db.store.audit_log(1000).await.unwrap().len();

    // A month on, the ended session goes; the live one (used since) stays.
    s.clock.set(now + chrono::Duration::minutes(30));
    assert_eq!(s.get("/api/v1/tasks", &live).await.0, StatusCode::OK);
    assert_eq!(
        db.store.purge_sessions(now).await.unwrap(),
        0,
        "nothing ended a month ago"
    );
    assert_eq!(
        db.store
            .purge_sessions(now + chrono::Duration::minutes(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(s.get("/api/v1/tasks", &live).await.0, StatusCode::OK);
    assert_eq!(
        db.store
            .purge_login_failures(now + chrono::Duration::minutes(1))
            .await
            .unwrap(),
        1
    );
    let (by_name, by_address) = db
        .store
        .login_failures_since("qtv", "127.0.0.1", now - chrono::Duration::days(1))
        .await
        .unwrap();
    assert_eq!((by_name, by_address), (0, 0));
    assert_eq!(db.store.audit_log(1000).await.unwrap().len(), audit_before);
    s.stop().await;
}

on_both_backends!(an_admin_manages_accounts_failed_mail_and_dead_letters_from_the_page,);

async fn an_admin_manages_accounts_failed_mail_and_dead_letters_from_the_page(db: &TestDb) {
    use dondoc::domain::EmailAddress;
    use dondoc::store::{DeadLetterStatus, NewDeadLetter, OutboxStatus};
    use dondoc::urging::{Notice, NoticeKind};
    two_units(db).await;
    let now = at(crate::drafts::NOW);
    // A message the relay refused for good, and a document that could not be processed.
    let notice = Notice {
        kind: NoticeKind::UpdateRequest,
        unit_key: "so-xay-dung-2025".into(),
        unit: "Sở Xây dựng".into(),
        document_id: None,
        document: None,
        sequence: None,
        period: Some("2026-11".into()),
        due_on: crate::drafts::day("2026-11-20"),
        items: Vec::new(),
        to: vec![EmailAddress::parse("soxaydung@thuathienhue.example").unwrap()],
        subject: "Đề nghị cập nhật".into(),
        flags: Vec::new(),
        case: None,
    };
    let id = db.store.queue_notices(&[notice], now).await.unwrap()[0].unwrap();
    let claimed = db
        .store
        .claim_messages("test", now, now + chrono::Duration::minutes(5), 10, None)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert!(db
        .store
        .mark_failed(id, "test", now, "550 no such user", None)
        .await
        .unwrap());
    let letter = db
        .store
        .record_dead_letter(
            &NewDeadLetter {
                source: "inbox",
                origin: "hong.edxml",
                reason: "edXML: <Code> is missing",
                payload_sha256: "00",
                payload_bytes: 0,
                payload_path: None,
            },
            now,
        )
        .await
        .unwrap();

    let s = Server::start(db, false).await;
    let (admin, csrf) = cookie_of(&s, "qtv").await;
    let (status, html) = page(&s, &admin, "/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("550 no such user") && html.contains("edXML: &lt;Code&gt; is missing"));
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let mut form = vec![("_csrf", csrf.clone())];
        form.extend(fields);
        s.http
            .post(format!("{}{path}", s.base))
            .header("cookie", &admin)
            .form(&form)
            .send()
    };
    // Accounts.
    let resp = post(
        "/admin/accounts".into(),
        vec![
            ("username", "snv".into()),
            ("role", "unit".into()),
            ("unit", "so-xay-dung-2025".into()),
            ("password", PASSWORD.into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.open_session("snv", PASSWORD).await.0, StatusCode::OK);
    let resp = post(
        "/admin/accounts/snv/password".into(),
        vec![("password", "một mật khẩu mới hẳn".into())],
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        s.open_session("snv", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED
    );
    let resp = post("/admin/accounts/snv/disable".into(), vec![])
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        s.open_session("snv", "một mật khẩu mới hẳn").await.0,
        StatusCode::UNAUTHORIZED
    );
    let resp = post(
        "/admin/accounts".into(),
        vec![
            ("username", "x".into()),
            ("role", "unit".into()),
            ("password", PASSWORD.into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::BAD_REQUEST,
        "a unit account without its unit"
    );
    // The failed message, queued again.
    let resp = post(format!("/admin/outbox/{id}/retry"), vec![])
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let m = db.store.message(id).await.unwrap().unwrap();
    assert_eq!(m.status, OutboxStatus::Queued);
    // The dead letter: processing it again needs the daemon's pipeline; discarding does not.
    let resp = post(format!("/admin/deadletters/{letter}/retry"), vec![])
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = post(format!("/admin/deadletters/{letter}/discard"), vec![])
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let d = db.store.dead_letter(letter).await.unwrap().unwrap();
    assert_eq!(d.status, DeadLetterStatus::Discarded);
    let actions: Vec<String> = db
        .store
        .audit_log(100)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "account_added",
        "password_set",
        "account_disabled",
        "outbox_retried",
        "deadletter_discarded",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} not in {actions:?}");
    }
    // Nobody else reaches these forms.
    let (office, office_csrf) = cookie_of(&s, "lan").await;
    let resp = s
        .http
        .post(format!("{}/admin/outbox/{id}/retry", s.base))
        .header("cookie", &office)
        .form(&[("_csrf", office_csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    s.stop().await;
}

on_both_backends!(guesses_sent_all_at_once_are_counted_before_any_is_checked,);

async fn guesses_sent_all_at_once_are_counted_before_any_is_checked(db: &TestDb) {
    two_units(db).await;
    let s = Server::start(db, false).await;
    let many: Vec<_> = (0..16)
        .map(|_| s.open_session("lan", "đoán song song"))
        .collect();
    let statuses: Vec<StatusCode> = futures_util::future::join_all(many)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert!(checked <= 5, "{checked} guesses were checked: {statuses:?}");
    assert!(statuses
        .iter()
        .all(|s| matches!(*s, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS)));
    assert_eq!(
        s.open_session("lan", PASSWORD).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    s.stop().await;
}
