//! The pages in a real browser: headless Chromium driven over WebDriver (Debian's `chromium` and
//! `chromium-driver`; without them these tests say so and pass nothing off as run). An official
//! logs in and confirms a draft with one key; a unit reports a task done and the overview's
//! counts change; a unit is refused another unit's task; a document's hostile text stays text.
//! Each page is photographed at 1366×768 into `target/screenshots/` to be looked at.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::drafts::tasks;
use crate::helpers::TestDb;
use crate::web::{two_units, Server, PASSWORD};

const CHROMIUM: &str = "/usr/bin/chromium";
const DRIVER: &str = "/usr/bin/chromedriver";

/// A headless Chromium through its driver, both ended when dropped.
struct Browser {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Browser {
    /// `None`, after saying so, when Chromium or its driver is not installed.
    async fn start(test: &str) -> Option<Self> {
        if !std::path::Path::new(CHROMIUM).exists() || !std::path::Path::new(DRIVER).exists() {
            use std::io::Write;
            assert!(
                std::env::var_os("DONDOC_TEST_BROWSER_REQUIRED").is_none(),
                "{test}: {CHROMIUM} and {DRIVER} are required here (DONDOC_TEST_BROWSER_REQUIRED)"
            );
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED {test}: {CHROMIUM} and {DRIVER} are not installed (apt install chromium chromium-driver)"
            );
            return None;
        }
        let port = free_port();
        let driver = Command::new(DRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1366,768", "--lang=vi",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let caps = caps.as_object().unwrap().clone();
        let url = format!("http://127.0.0.1:{port}");
        // The driver takes a moment to listen: the session is asked for until it answers, within
        // a bound that only turns a hang into a failure.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if std::time::Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("chromedriver never answered on {url}: {e}"),
            }
        };
        Some(Self {
            client,
            driver,
            _profile: profile,
        })
    }

    async fn shoot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    async fn login(&self, s: &Server, name: &str) {
        self.client
            .goto(&format!("{}/login", s.base))
            .await
            .unwrap();
        self.fill("input[name=username]", name).await;
        self.fill("input[name=password]", PASSWORD).await;
        self.click("form.login button").await;
        self.wait_for("header.top form.who").await;
    }

    async fn logout(&self) {
        self.click("header.top form.who button").await;
        self.wait_for("form.login").await;
    }

    /// Clicks the element `css` finds.
    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// Waits for the element `css` finds (a page loaded after a click); the bound only turns a
    /// hang into a failure.
    async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    async fn close(mut self) {
        let client = self.client.clone();
        client.close().await.unwrap();
        let _ = self.driver.kill();
    }
}

/// Each browser test on SQLite only: the pages read the store through the same calls the API
/// tests run on both backends.
macro_rules! in_the_browser {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let Some(browser) = Browser::start(stringify!($name)).await else {
                    return;
                };
                let db = TestDb::sqlite().await;
                super::$name(&db, &browser).await;
                browser.close().await;
                db.cleanup().await;
            }
        )*
    };
}

mod run {
    use super::*;
    in_the_browser!(
        an_official_logs_in_and_confirms_a_draft_with_one_key,
        a_unit_reports_a_task_done_and_the_overviews_counts_change,
        a_unit_account_is_refused_another_units_task,
    );
}

async fn an_official_logs_in_and_confirms_a_draft_with_one_key(db: &TestDb, b: &Browser) {
    let (first, _, _, _) = two_units(db).await;
    let s = Server::start(db, false).await;
    // Any page asks for a login first, then comes back.
    b.client.goto(&format!("{}/review", s.base)).await.unwrap();
    b.wait_for("form.login").await;
    b.shoot("login").await;
    b.fill("input[name=username]", "lan").await;
    b.fill("input[name=password]", PASSWORD).await;
    b.click("form.login button").await;
    b.wait_for("article.draft").await;
    assert_eq!(b.client.current_url().await.unwrap().path(), "/review");
    b.shoot("review").await;
    // The first draft has the focus; C confirms it.
    let focused = b.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap(),
        Some(format!("draft-{first}"))
    );
    focused.send_keys("c").await.unwrap();
    b.wait_for("p.notice").await;
    let stored = tasks(db).await.into_iter().find(|t| t.id == first).unwrap();
    assert_eq!(stored.task.review, dondoc::domain::ReviewState::Confirmed);
    let events = db.store.task_events(first).await.unwrap();
    assert_eq!(events.last().unwrap().actor.render(), "user:lan");
    assert!(b
        .client
        .find(Locator::Id(&format!("draft-{first}")))
        .await
        .is_err());
    b.shoot("review-after-confirm").await;
    s.stop().await;
}

async fn a_unit_reports_a_task_done_and_the_overviews_counts_change(db: &TestDb, b: &Browser) {
    let (led_by_stc, led_by_sxd, stc, _) = two_units(db).await;
    let lan = dondoc::domain::Actor::User("lan".into());
    for id in [led_by_stc, led_by_sxd] {
        dondoc::review::confirm(&db.store, id, &lan, crate::drafts::at(crate::drafts::NOW))
            .await
            .unwrap();
    }
    let s = Server::start(db, false).await;
    let done_on_time = format!("#counts tr[data-unit='{}'] td:nth-child(7)", stc.as_str());
    let not_started = format!("#counts tr[data-unit='{}'] td:nth-child(3)", stc.as_str());

    b.login(&s, "chanh").await;
    assert_eq!(b.client.current_url().await.unwrap().path(), "/overview");
    assert_eq!(b.text(&done_on_time).await, "0");
    assert_eq!(b.text(&not_started).await, "1");
    b.shoot("overview").await;
    b.logout().await;

    b.login(&s, "stc").await;
    assert_eq!(
        b.client.current_url().await.unwrap().path(),
        format!("/units/{}", stc.as_str())
    );
    b.shoot("unit").await;
    b.click(&format!("a[href='/tasks/{led_by_stc}']")).await;
    let select = b.wait_for("form.report select[name=state]").await;
    select.select_by_value("reported").await.unwrap();
    b.fill(
        "form.report textarea[name=note]",
        "Đã rà soát xong, báo cáo số 12/BC-STC",
    )
    .await;
    b.shoot("task-report").await;
    b.click("form.report button").await;
    b.wait_for("p.notice").await;
    assert!(
        b.text("#state").await.contains("Đã báo cáo"),
        "{}",
        b.text("#state").await
    );
    b.shoot("task").await;
    b.logout().await;

    b.login(&s, "chanh").await;
    assert_eq!(b.text(&done_on_time).await, "1");
    assert_eq!(b.text(&not_started).await, "0");
    s.stop().await;
}

async fn a_unit_account_is_refused_another_units_task(db: &TestDb, b: &Browser) {
    let (led_by_stc, led_by_sxd, stc, sxd) = two_units(db).await;
    let lan = dondoc::domain::Actor::User("lan".into());
    for id in [led_by_stc, led_by_sxd] {
        dondoc::review::confirm(&db.store, id, &lan, crate::drafts::at(crate::drafts::NOW))
            .await
            .unwrap();
    }
    let s = Server::start(db, false).await;
    b.login(&s, "stc").await;
    for path in [
        format!("/tasks/{led_by_sxd}"),
        format!("/units/{}", sxd.as_str()),
        "/overview".to_string(),
        "/review".to_string(),
        "/admin".to_string(),
    ] {
        b.client.goto(&format!("{}{path}", s.base)).await.unwrap();
        let message = b.text("p.error").await;
        assert!(message.contains("không có quyền"), "{path}: {message}");
        let source = b.client.source().await.unwrap();
        assert!(
            !source.contains("kiểm tra chất lượng"),
            "{path} shows the task"
        );
    }
    b.shoot("refused").await;
    // On a phone: the unit's own page, its table laid out as cards, no sideways scrolling.
    b.client.set_window_size(390, 844).await.unwrap();
    b.client
        .goto(&format!("{}/units/{}", s.base, stc.as_str()))
        .await
        .unwrap();
    let overflow = b
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "the page is wider than a phone"
    );
    b.shoot("unit-phone").await;
    b.client.set_window_size(1366, 768).await.unwrap();
    b.logout().await;
    b.login(&s, "qtv").await;
    b.shoot("admin").await;
    s.stop().await;
}
