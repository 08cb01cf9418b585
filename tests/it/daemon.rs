//! The daemon as a process: it takes the inbox in order, stops cleanly on SIGTERM at any point,
//! and a crash never loses nor doubles a document. Signals are sent when a test hook says the
//! daemon stands exactly where the test wants it, never after a guessed delay.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use crate::helpers::{demo_inbox, demo_tasks_per_document, files_in, Cli, TestDb};

/// A running `dondoc run` whose stderr (JSON logs) is read line by line.
pub(crate) struct Daemon {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Daemon {
    fn start(cli: &Cli, args: &[&str], hook: Option<&str>) -> Self {
        Self::start_with(cli, args, hook, &[])
    }

    pub(crate) fn start_with(
        cli: &Cli,
        args: &[&str],
        hook: Option<&str>,
        env: &[(&str, &str)],
    ) -> Self {
        let mut cmd = cli.command();
        cmd.envs(env.iter().copied());
        cmd.args(["--log-format", "json"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(h) = hook {
            cmd.env(dondoc::hooks::ENV, h);
        }
        let mut child = cmd.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// Blocks until a log line contains `needle`. The timeout only turns a hang into a failure.
    pub(crate) fn wait_for(&self, needle: &str) -> String {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(120)) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(e) => panic!(
                    "the daemon never logged {needle:?} ({e}); it said:\n{}",
                    seen.join("\n")
                ),
            }
        }
    }

    /// Whether the process has not exited.
    pub(crate) fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub(crate) fn signal(&self, sig: Signal) {
        kill(Pid::from_raw(self.child.id() as i32), sig).unwrap();
    }

    pub(crate) fn wait(self) -> std::process::ExitStatus {
        self.finish().0
    }

    /// Waits for the exit and returns the status with everything printed on stdout.
    fn finish(mut self) -> (std::process::ExitStatus, String) {
        let mut stdout = String::new();
        if let Some(mut out) = self.child.stdout.take() {
            std::io::Read::read_to_string(&mut out, &mut stdout).unwrap();
        }
        (self.child.wait().unwrap(), stdout)
    }
}

/// A test that fails before it stops its daemon does not leave it running.
impl Drop for Daemon {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The demo samples copied into `cli`'s inbox; their names, in order.
pub(crate) fn seed_inbox(cli: &Cli) -> Vec<String> {
    let inbox = cli.path("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let names = files_in(&demo_inbox());
    for name in &names {
        std::fs::copy(demo_inbox().join(name), inbox.join(name)).unwrap();
    }
    crate::helpers::settle(&inbox);
    names
}

/// Stops the daemon by SIGTERM while the second of four documents is inside its transaction:
/// that document completes, the rest wait in the inbox, and a restart finishes the batch with
/// each document stored once.
async fn sigterm_mid_batch_loses_nothing_and_leaves_nothing_half_done(db_url: Option<String>) {
    let mut cli = Cli::new();
    cli.database_url = db_url;
    let names = seed_inbox(&cli);
    assert_eq!(names.len(), 4);

    let daemon = Daemon::start(&cli, &["run"], Some("before_commit:2"));
    daemon.wait_for("Test hook reached");
    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait();
    assert!(status.success(), "a clean stop exits 0: {status:?}");

    assert_eq!(
        files_in(&cli.path("processed")),
        names[..2],
        "the message in flight completed"
    );
    assert_eq!(
        files_in(&cli.path("inbox")),
        names[2..],
        "the rest was not touched"
    );
    assert!(files_in(&cli.path("failed")).is_empty());
    let after_stop = cli.tasks_json(&[]);
    let documents: std::collections::BTreeSet<String> = after_stop
        .iter()
        .map(|t| t["document"]["number"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(documents.len(), 2, "{documents:?}");

    // Restart and stop after the last file is committed and moved.
    let daemon = Daemon::start(&cli, &["run"], Some("after_commit:2"));
    daemon.wait_for("Test hook reached");
    daemon.signal(Signal::SIGTERM);
    assert!(daemon.wait().success());
    assert_eq!(files_in(&cli.path("processed")), names);
    assert!(files_in(&cli.path("inbox")).is_empty());
    let all = cli.tasks_json(&[]);
    let expected: usize = demo_tasks_per_document().iter().sum();
    assert_eq!(all.len(), expected, "each document's tasks once");
    let mut ids: Vec<i64> = all.iter().map(|t| t["id"].as_i64().unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), expected);
}

#[tokio::test]
async fn sigterm_mid_batch_on_sqlite() {
    sigterm_mid_batch_loses_nothing_and_leaves_nothing_half_done(None).await;
}

#[tokio::test]
async fn sigterm_mid_batch_on_postgres() {
    let Some(db) = TestDb::postgres("sigterm_mid_batch").await else {
        return;
    };
    db.store.close().await;
    sigterm_mid_batch_loses_nothing_and_leaves_nothing_half_done(Some(db.url.clone())).await;
    db.cleanup().await;
}

/// A crash (SIGKILL) after the commit but before the file left the inbox: on restart the file is
/// seen again, changes nothing, and moves on.
#[test]
fn a_crash_between_commit_and_move_doubles_nothing() {
    let cli = Cli::new();
    let names = seed_inbox(&cli);
    let daemon = Daemon::start(&cli, &["run"], Some("after_commit:1"));
    daemon.wait_for("Test hook reached");
    daemon.signal(Signal::SIGKILL);
    assert!(!daemon.wait().success());
    assert_eq!(files_in(&cli.path("inbox")), names, "nothing was moved");
    let committed = cli.tasks_json(&[]);
    let expected = demo_tasks_per_document();
    assert_eq!(
        committed.len(),
        expected[0],
        "the first document's tasks are committed"
    );

    let daemon = Daemon::start(&cli, &["run"], Some("after_commit:4"));
    daemon.wait_for("Test hook reached");
    daemon.signal(Signal::SIGTERM);
    assert!(daemon.wait().success());
    assert_eq!(files_in(&cli.path("processed")), names);
    let all = cli.tasks_json(&[]);
    assert_eq!(all.len(), expected.iter().sum::<usize>());
    assert_eq!(
        all[..committed.len()],
        committed[..],
        "the first document was not stored again"
    );
}

#[test]
fn refused_files_go_to_failed_beside_their_reason() {
    let cli = Cli::new();
    let inbox = cli.path("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("a-broken.edxml"), "<edXML><MessageHeader>").unwrap();
    // A completion from a unit nobody knows: its tasks cannot be found.
    let stranger = crate::helpers::To {
        organ_id: "000.00.96.H57",
        name: "Đơn vị lạ",
    };
    std::fs::write(
        inbox.join("b-status.edxml"),
        crate::helpers::status_edxml(
            "06",
            &stranger,
            "000.00.00.H57,2024/05/14,1234/UBND-XD",
            None,
        ),
    )
    .unwrap();
    std::fs::copy(
        demo_inbox().join(&files_in(&demo_inbox())[0]),
        inbox.join("c-good.edxml"),
    )
    .unwrap();
    crate::helpers::settle(&inbox);
    let daemon = Daemon::start(&cli, &["run"], None);
    let pass = daemon.wait_for("Source pass done");
    daemon.signal(Signal::SIGTERM);
    assert!(daemon.wait().success());
    let v: serde_json::Value = serde_json::from_str(&pass).unwrap();
    assert_eq!(
        (v["stored"].as_u64(), v["refused"].as_u64()),
        (Some(1), Some(2)),
        "{pass}"
    );
    assert_eq!(
        files_in(&cli.path("failed")),
        [
            "a-broken.edxml",
            "a-broken.edxml.reason",
            "b-status.edxml",
            "b-status.edxml.reason"
        ]
    );
    let reason = std::fs::read_to_string(cli.path("failed/b-status.edxml.reason")).unwrap();
    assert!(
        reason.contains("field From: the sending unit (000.00.96.H57 Đơn vị lạ)"),
        "{reason}"
    );
    assert_eq!(files_in(&cli.path("processed")), ["c-good.edxml"]);
    // Both are dead letters too, with their payloads kept under data_dir.
    assert_eq!(
        cli.stdout(&["deadletters", "list", "--json"])
            .lines()
            .count(),
        2
    );
    assert_eq!(files_in(&cli.path("deadletters")).len(), 2);
}

#[test]
fn the_demo_seeds_its_inbox_and_takes_the_samples_in() {
    let cli = Cli::new();
    let daemon = Daemon::start(&cli, &["demo"], None);
    let pass = daemon.wait_for("Source pass done");
    daemon.wait_for("dondoc is running");
    daemon.signal(Signal::SIGINT);
    let (status, banner) = daemon.finish();
    assert!(status.success());
    assert!(pass.contains("\"stored\":4"), "{pass}");
    // The notices due now are mail a client opens, one .eml each, and the banner says where.
    let mail = files_in(&cli.path("mail"));
    assert!(!mail.is_empty(), "no mail written");
    assert!(mail.iter().all(|f| f.ends_with(".eml")), "{mail:?}");
    let outbox = cli.json_lines(&["outbox", "list", "--json"]);
    let sent = outbox.iter().filter(|m| m["status"] == "sent").count();
    assert_eq!(sent, mail.len(), "{outbox:?}");
    assert!(
        banner.contains(&format!("{} notice(s) written now", mail.len())),
        "{banner}"
    );
    assert_eq!(files_in(&cli.path("processed")), files_in(&demo_inbox()));
    assert_eq!(
        cli.tasks_json(&[]).len(),
        demo_tasks_per_document().iter().sum::<usize>()
    );
    // The pages can be tried at once: an Office account made for the demo, its password shown.
    assert!(banner.contains("web pages   : http://"), "{banner}");
    let password = banner
        .split("log in as demo, password ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("no password in {banner}"));
    assert!(password.chars().count() >= 10, "{password:?}");
    assert_eq!(
        cli.json_lines(&["users", "list", "--json"]),
        vec![
            serde_json::json!({"username": "demo", "role": "office", "unit": null, "disabled": false})
        ]
    );
}

/// Work that outlasts the grace period is abandoned: its transaction rolls back, its file stays
/// in the inbox, and the exit status says so.
#[test]
fn work_outlasting_the_grace_period_is_rolled_back_and_its_file_kept() {
    let cli = Cli::new();
    let names = seed_inbox(&cli);
    let daemon = Daemon::start_with(
        &cli,
        &["run"],
        Some("stall_before_commit:2"),
        &[("DONDOC__DAEMON__SHUTDOWN_GRACE_SECS", "1")],
    );
    daemon.wait_for("Test hook reached");
    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait();
    assert!(!status.success(), "an abandoned stop is not a clean one");
    assert_eq!(files_in(&cli.path("processed")), names[..1]);
    assert_eq!(
        files_in(&cli.path("inbox")),
        names[1..],
        "the stalled file is still waiting"
    );
    let documents: std::collections::BTreeSet<String> = cli
        .tasks_json(&[])
        .iter()
        .map(|t| t["document"]["number"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        documents.len(),
        1,
        "the stalled document was rolled back: {documents:?}"
    );
}

/// `dondoc ingest` stopped by SIGTERM finishes the file in flight and reports the rest as not
/// processed, with a failing exit status.
#[test]
fn an_ingest_stopped_mid_batch_says_which_files_it_did_not_reach() {
    let cli = Cli::new();
    let inbox = demo_inbox();
    let daemon = Daemon::start(
        &cli,
        &["ingest", inbox.to_str().unwrap()],
        Some("before_commit:2"),
    );
    daemon.wait_for("Test hook reached");
    daemon.signal(Signal::SIGTERM);
    let (status, stdout) = daemon.finish();
    assert!(!status.success());
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].contains(": stored ") && lines[1].contains(": stored "),
        "{stdout}"
    );
    assert!(
        lines[2].ends_with("not processed: stopped before it was reached"),
        "{stdout}"
    );
    assert!(
        lines[3].ends_with("not processed: stopped before it was reached"),
        "{stdout}"
    );
    assert_eq!(
        cli.tasks_json(&[]).len(),
        demo_tasks_per_document()[..2].iter().sum::<usize>(),
        "the first two documents' tasks"
    );
}

/// A worker stuck inside a document (a hostile PDF read for minutes stands behind the stall):
/// SIGTERM still ends the process once the grace period has run, with the failing status of an
/// abandoned stop, the worker ends with it, and the file stays in the inbox for the next start.
#[test]
fn a_stop_ends_the_process_even_with_a_thread_stuck_in_a_document() {
    let cli = Cli::new();
    let names = seed_inbox(&cli);
    let daemon = Daemon::start_with(
        &cli,
        &["run"],
        None,
        &[
            ("DONDOC__DAEMON__SHUTDOWN_GRACE_SECS", "1"),
            (dondoc::hooks::STALL_ENV, "extract"),
        ],
    );
    let started: serde_json::Value =
        serde_json::from_str(&daemon.wait_for("Sandbox worker started")).unwrap();
    let worker = started["pid"].as_u64().unwrap();
    daemon.wait_for("Test stall reached");
    daemon.signal(Signal::SIGTERM);
    let (tx, exited) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(daemon.wait());
    });
    // The timeout only turns a process that never exits into a failure.
    let status = exited
        .recv_timeout(Duration::from_secs(60))
        .expect("the daemon exited after SIGTERM");
    assert!(!status.success(), "an abandoned stop is not a clean one");
    assert_eq!(files_in(&cli.path("inbox")), names, "nothing was taken");
    assert!(ends(worker), "the worker outlived the daemon");
}

/// Whether the process `pid` is gone, or a zombie no one has reaped yet (in neither case still
/// working), within a few seconds of its kill: a SIGKILL is delivered, not instantly acted on.
fn ends(pid: u64) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let alive = state
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z'));
        if !alive {
            return true;
        }
        if std::time::Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}
