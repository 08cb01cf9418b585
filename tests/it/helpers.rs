//! Shared test helpers: stores on SQLite (always) and PostgreSQL (when
//! `DONDOC_TEST_DATABASE_URL` is set), edXML messages built to order, and the CLI binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dondoc::clock::{parse_instant, FixedClock, SharedClock};
use dondoc::config::DatabaseConfig;
use dondoc::hooks::Hooks;
use dondoc::store::Store;
use dondoc::sync::Pipeline;
use secrecy::SecretString;

pub const PG_ENV: &str = "DONDOC_TEST_DATABASE_URL";

/// A migrated, empty store for one test. PostgreSQL databases are dropped by [`TestDb::cleanup`],
/// which a failing test never reaches: its database stays for inspection.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("dondoc.db").display());
        let store = connect(&url).await;
        Self {
            store,
            url,
            backend: "sqlite",
            _dir: Some(dir),
            pg: None,
        }
    }

    /// `None`, after saying so on stderr, when no PostgreSQL is configured for tests.
    pub async fn postgres(test: &str) -> Option<Self> {
        let Ok(admin_url) = std::env::var(PG_ENV) else {
            // Written past the test harness's capture, so that a run without PostgreSQL says so.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "SKIPPED {test} on PostgreSQL: {PG_ENV} is not set"
            );
            return None;
        };
        let name = unique_db_name();
        let admin = connect_raw(&admin_url).await;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        admin.close().await;
        let url = replace_db(&admin_url, &name);
        let store = connect(&url).await;
        Some(Self {
            store,
            url,
            backend: "postgres",
            _dir: None,
            pg: Some((admin_url, name)),
        })
    }

    /// The folder of a SQLite test database.
    pub fn path(&self) -> &Path {
        self._dir
            .as_ref()
            .map(|d| d.path())
            .unwrap_or(Path::new("/nonexistent"))
    }

    pub async fn cleanup(self) {
        self.store.close().await;
        if let Some((admin_url, name)) = self.pg {
            let admin = connect_raw(&admin_url).await;
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&admin)
                .await;
            admin.close().await;
        }
    }
}

pub fn db_config(url: &str) -> DatabaseConfig {
    DatabaseConfig {
        url: SecretString::from(url.to_string()),
        password: None,
        max_connections: 4,
        busy_timeout: Duration::from_secs(5),
    }
}

async fn connect(url: &str) -> Store {
    let store = Store::connect(&db_config(url)).await.unwrap();
    store.migrate().await.unwrap();
    store
}

pub async fn connect_raw(url: &str) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(url).await.unwrap()
}

fn unique_db_name() -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "dondoc_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        nanos
    )
}

/// The URL with its database name replaced.
pub fn replace_db(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].rfind('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs a test body on SQLite and, when configured, on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    let db = $crate::helpers::TestDb::sqlite().await;
                    super::$name(&db).await;
                    db.cleanup().await;
                }

                #[tokio::test]
                async fn postgres() {
                    if let Some(db) = $crate::helpers::TestDb::postgres(stringify!($name)).await {
                        super::$name(&db).await;
                        db.cleanup().await;
                    }
                }
            }
        )*
    };
}

pub fn clock(at: &str) -> FixedClock {
    FixedClock::new(parse_instant(at).unwrap())
}

pub fn pipeline(store: &Store, at: &str) -> Pipeline {
    let clock: SharedClock = Arc::new(clock(at));
    Pipeline::new(store.clone(), clock, Hooks::none())
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn units_file() -> PathBuf {
    repo().join("config/units.toml")
}

pub fn demo_inbox() -> PathBuf {
    repo().join("config/demo/inbox")
}

pub fn fixture(name: &str) -> PathBuf {
    let edxml = repo().join("adapters/edxml/tests/fixtures").join(name);
    if edxml.exists() {
        edxml
    } else {
        repo().join("tests/fixtures").join(name)
    }
}

/// A recipient of a built message.
pub struct To<'a> {
    pub organ_id: &'a str,
    pub name: &'a str,
}

/// An edXML document message with the given header fields, in the usual prefixed form.
pub fn edxml(
    number: &str,
    notation: &str,
    issued: &str,
    due: Option<&str>,
    to: &[To],
    subject: &str,
) -> String {
    let recipients: String = to
        .iter()
        .map(|t| {
            format!(
                "<edXML:To><edXML:OrganId>{}</edXML:OrganId><edXML:OrganName>{}</edXML:OrganName></edXML:To>",
                t.organ_id, t.name
            )
        })
        .collect();
    let due = due
        .map(|d| format!("<edXML:DueDate>{d}</edXML:DueDate>"))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.00.H57</edXML:OrganId><edXML:OrganName>UBND tỉnh Thừa Thiên Huế</edXML:OrganName></edXML:From>
    {recipients}
    <edXML:Code><edXML:CodeNumber>{number}</edXML:CodeNumber><edXML:CodeNotation>{notation}</edXML:CodeNotation></edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>Huế</edXML:Place><edXML:PromulgationDate>{issued}</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>{subject}</edXML:Subject>
    {due}
    <edXML:OtherInfo><edXML:Priority>0</edXML:Priority></edXML:OtherInfo>
   </edXML:MessageHeader>
  </edXML:edXMLHeader>
 </edXML:edXMLEnvelope>
</edXML>"#
    )
}

/// `msg` (built by [`edxml`]) with `content` as its header's Content: the text tasks are read
/// from when no attachment carries one.
pub fn with_content(msg: &str, content: &str) -> String {
    msg.replacen(
        "</edXML:Subject>",
        &format!("</edXML:Subject>\n    <edXML:Content>{content}</edXML:Content>"),
        1,
    )
}

/// `msg` (built by [`edxml`]) marked urgent (Khẩn, edXML priority 1).
pub fn urgent(msg: &str) -> String {
    msg.replacen(
        "<edXML:Priority>0</edXML:Priority>",
        "<edXML:Priority>1</edXML:Priority>",
        1,
    )
}

/// The message without its header's Content (whatever the element's prefix): a document whose
/// text gives no task, so that its header's tasks stand in. Tests of what answers do to tasks
/// use it, to depend on the header alone and not on how the text reads.
pub fn without_text(bytes: &[u8]) -> Vec<u8> {
    let mut text = String::from_utf8(bytes.to_vec()).unwrap();
    for (open, close) in [
        ("<edXML:Content>", "</edXML:Content>"),
        ("<Content>", "</Content>"),
    ] {
        while let Some(start) = text.find(open) {
            let end = text[start..].find(close).unwrap() + start + close.len();
            text.replace_range(start..end, "");
        }
    }
    text.into_bytes()
}

pub const SXD: To = To {
    organ_id: "000.00.14.H57",
    name: "Sở Xây dựng",
};
pub const STNMT: To = To {
    organ_id: "000.00.09.H57",
    name: "Sở Tài nguyên và Môi trường",
};

/// The dondoc binary with a private data folder and the shipped unit directory.
pub struct Cli {
    pub data_dir: tempfile::TempDir,
    pub database_url: Option<String>,
}

impl Cli {
    pub fn new() -> Self {
        Self {
            data_dir: tempfile::tempdir().unwrap(),
            database_url: None,
        }
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dondoc"));
        cmd.current_dir(repo())
            .env_remove("DONDOC_CONFIG")
            .env_remove(dondoc::hooks::ENV)
            .env_remove(dondoc::hooks::CRASH_ENV)
            .env_remove(dondoc::hooks::STALL_ENV)
            .env("DONDOC__DATA_DIR", self.data_dir.path())
            .env("DONDOC__UNITS__FILE", units_file())
            // The monthly reports would be queued by a daemon started on the 20th–24th in office
            // hours, or caught up at its start: what these runs count must not hang on the day
            // the tests run. The reports job is tested on its own clock (`report.rs`).
            .env("DONDOC__JOBS__REPORTS__ENABLED", "false")
            // Any free port: daemons of several tests run at once.
            .env("DONDOC__WEB__LISTEN", "127.0.0.1:0")
            .env("RUST_LOG", "info");
        if let Some(url) = &self.database_url {
            cmd.env("DONDOC__DATABASE__URL", url);
        }
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    pub fn stdout(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "dondoc {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn tasks_json(&self, extra: &[&str]) -> Vec<serde_json::Value> {
        let mut args = vec!["tasks", "list", "--json"];
        args.extend_from_slice(extra);
        self.json_lines(&args)
    }

    /// The drafts `review list --json` shows.
    pub fn drafts_json(&self, extra: &[&str]) -> Vec<serde_json::Value> {
        let mut args = vec!["review", "list", "--json"];
        args.extend_from_slice(extra);
        self.json_lines(&args)
    }

    /// A command's stdout, one JSON object per line.
    pub fn json_lines(&self, args: &[&str]) -> Vec<serde_json::Value> {
        self.stdout(args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
            .collect()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.data_dir.path().join(rel)
    }

    /// Directive 1502/UBND-KT of Monday 2 February 2026 to `to`, due Friday 13 February, taken
    /// in and its tasks (one per recipient, from its header) confirmed on 3 February.
    pub fn with_a_confirmed_directive(to: &[To]) -> Self {
        let cli = Self::new();
        let file = cli.path("1502.edxml");
        std::fs::write(
            &file,
            edxml(
                "1502",
                "UBND-KT",
                "2026/02/02",
                Some("2026/02/13"),
                to,
                "V/v đẩy nhanh giải ngân vốn đầu tư công",
            ),
        )
        .unwrap();
        cli.stdout(&["ingest", file.to_str().unwrap()]);
        cli.stdout(&[
            "review",
            "confirm",
            "--all",
            "--include-flagged",
            "--as-of",
            "2026-02-03",
        ]);
        cli
    }
}

/// How many tasks each demo sample gives, in the inbox's order, as a plain `dondoc ingest` of
/// the samples stores them: what a daemon run must store too, however the text is read.
pub fn demo_tasks_per_document() -> Vec<usize> {
    let cli = Cli::new();
    let inbox = demo_inbox();
    let report = cli.stdout(&["ingest", inbox.to_str().unwrap()]);
    assert_eq!(report.lines().count(), 4, "{report}");
    let tasks = cli.tasks_json(&[]);
    let mut per_document: Vec<(String, usize)> = Vec::new();
    for line in report.lines() {
        // "<path>: stored <number>, <n> task(s)…"
        let number = line
            .split(": stored ")
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .unwrap_or_else(|| panic!("not stored: {line}"));
        let n = tasks
            .iter()
            .filter(|t| t["document"]["number"] == number)
            .count();
        per_document.push((number.to_string(), n));
    }
    per_document.into_iter().map(|(_, n)| n).collect()
}

pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// An edXML status message from `from` about the document `document_id`.
pub fn status_edxml(code: &str, from: &To, document_id: &str, description: Option<&str>) -> String {
    let description = description
        .map(|d| format!("<edXML:Description>{d}</edXML:Description>"))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader>
<edXML:From><edXML:OrganId>{}</edXML:OrganId><edXML:OrganName>{}</edXML:OrganName></edXML:From>
<edXML:ResponseFor><edXML:DocumentId>{document_id}</edXML:DocumentId></edXML:ResponseFor>
<edXML:StatusCode>{code}</edXML:StatusCode>{description}<edXML:Timestamp>2024/05/20 10:00:00</edXML:Timestamp>
</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML>"#,
        from.organ_id, from.name
    )
}

/// The Phiếu báo and escalations a run queued now, of `unit` when one is named: (kind, number).
pub fn urged(
    decided: &[dondoc::jobs::Decided],
    unit: Option<&str>,
) -> Vec<(dondoc::urging::NoticeKind, Option<u32>)> {
    use dondoc::urging::NoticeKind;
    decided
        .iter()
        .filter(|d| d.queued.is_some() && unit.is_none_or(|u| d.notice.unit_key == u))
        .filter(|d| matches!(d.notice.kind, NoticeKind::Notice | NoticeKind::Escalation))
        .map(|d| (d.notice.kind, d.notice.sequence))
        .collect()
}

/// Moves task `id` from `from` to `to` at `when`, as the Office records it (`tasks update`),
/// and checks that it moved.
pub async fn set_task_state(
    store: &Store,
    id: i64,
    from: dondoc::domain::TaskState,
    to: dondoc::domain::TaskState,
    when: &str,
) {
    let mut tx = store.begin().await.unwrap();
    assert!(tx
        .record_task_state(
            id,
            from,
            to,
            None,
            &dondoc::domain::Actor::User("lan".into()),
            parse_instant(when).unwrap(),
        )
        .await
        .unwrap());
    tx.commit().await.unwrap();
}

/// Takes `msg` in on Monday 2 February 2026 at 10:00 and has the Office confirm every draft on
/// the 3rd: the start of the urging scenarios. Returns the tasks stored so far.
pub async fn take_in_and_confirm(
    store: &Store,
    name: &str,
    msg: &str,
) -> Vec<dondoc::store::TaskRow> {
    pipeline(store, "2026-02-02T10:00:00+07:00")
        .process(
            "inbox",
            name,
            msg.as_bytes(),
            &dondoc::shutdown::Shutdown::new(),
        )
        .await
        .unwrap();
    let tasks = store
        .list_tasks(&dondoc::store::TaskFilter::default())
        .await
        .unwrap();
    for t in &tasks {
        if t.task.review == dondoc::domain::ReviewState::Draft {
            dondoc::review::confirm(
                store,
                t.id,
                &dondoc::domain::Actor::User("lan".into()),
                parse_instant("2026-02-03T09:00:00+07:00").unwrap(),
            )
            .await
            .unwrap();
        }
    }
    store
        .list_tasks(&dondoc::store::TaskFilter::default())
        .await
        .unwrap()
}

/// Makes every file in `dir` look written a minute ago, as files a sender finished with are:
/// a spool takes a file only once it has gone unwritten for its settle time.
pub fn settle(dir: &Path) {
    let a_minute_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(a_minute_ago)
                .unwrap();
        }
    }
}
