//! The document axis end to end, against a mock built from its published format (wiremock): a
//! page of documents is fetched, stored and acknowledged `done`; one that cannot be read becomes
//! a dead letter and is acknowledged `fail`; a second pass stores nothing twice; the source's
//! counts say so.

use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::helpers::{edxml, Cli, TestDb, STNMT, SXD};
use crate::mock_axis::{self, listed, ok, Axis, COMMITTEE};

const SECRET: &str = "khóa-bí-mật-của-trục";

/// A mock axis offering `docs` (id, bytes) as documents and no statuses.
async fn axis(docs: &[(&str, Vec<u8>)]) -> MockServer {
    let server = MockServer::start().await;
    let items: Vec<_> = docs.iter().map(|(id, _)| listed(id)).collect();
    Mock::given(method("POST"))
        .and(path("/getReceivedEdocList"))
        .and(header("XroadVnpt-messagetype", "edoc"))
        .respond_with(ok(json!(items)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/getReceivedEdocList"))
        .and(header("XroadVnpt-messagetype", "status"))
        .respond_with(ok(json!([])))
        .mount(&server)
        .await;
    for (id, bytes) in docs {
        Mock::given(method("POST"))
            .and(path("/getEdoc"))
            .and(header("XroadVnpt-docId", *id))
            .respond_with(ok(json!(
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )))
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/updateStatus"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "OK", "ErrorCode": "0"})),
        )
        .mount(&server)
        .await;
    server
}

/// (docid, status) of every acknowledgement, in order.
async fn acks(server: &MockServer) -> Vec<(String, String)> {
    let requests: Vec<Request> = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|r| r.url.path() == "/updateStatus")
        .map(|r| {
            (
                mock_axis::header_of(r, "XroadVnpt-docid"),
                mock_axis::header_of(r, "XroadVnpt-status"),
            )
        })
        .collect()
}

/// `dondoc run` on `file`, the axis's secret in its environment.
fn daemon(cli: &Cli, file: &std::path::Path) -> crate::daemon::Daemon {
    let config = file.display().to_string();
    crate::daemon::Daemon::start_with(
        cli,
        &["run"],
        None,
        &[("DONDOC_CONFIG", config.as_str()), ("AXIS_SECRET", SECRET)],
    )
}

/// The CLI with one axis source at `server`, its secret in the environment.
fn cli_for(server: &MockServer) -> (Cli, std::path::PathBuf) {
    let cli = Cli::new();
    let file = cli.path("dondoc.toml");
    std::fs::write(
        &file,
        format!(
            "[[sources]]\ntype = \"vdxp\"\nname = \"axis\"\nendpoint = {:?}\n\
             system_id = \"000.00.31.H57\"\nsecret = \"env:AXIS_SECRET\"\n\
             our_organ_ids = [\"000.00.31.H57\"]\ntracked_issuers = [\"{COMMITTEE}\"]\n\
             timeout_secs = 5\nmax_retries = 1\n",
            server.uri()
        ),
    )
    .unwrap();
    (cli, file)
}

fn run(cli: &Cli, file: &std::path::Path, args: &[&str]) -> std::process::Output {
    cli.command()
        .env("DONDOC_CONFIG", file)
        .env("AXIS_SECRET", SECRET)
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_is_stored_then_acknowledged_and_what_cannot_be_read_is_failed_and_kept() {
    let good = |n: &str, to| {
        edxml(
            n,
            "UBND-KT",
            "2026/11/20",
            Some("2026/12/15"),
            to,
            "V/v thử nghiệm trục",
        )
        .into_bytes()
    };
    let server = axis(&[
        ("d1", good("2001", &[SXD])),
        ("d2", good("2002", &[STNMT])),
        ("d3", b"<edXML>not a document".to_vec()),
    ])
    .await;
    let (cli, file) = cli_for(&server);

    let out = tokio::task::block_in_place(|| run(&cli, &file, &["sync", "--once"]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("axis: 2 stored"), "{stdout}");
    assert!(stdout.contains("1 refused"), "{stdout}");
    assert_eq!(
        acks(&server).await,
        [
            ("d1".to_string(), "done".to_string()),
            ("d2".to_string(), "done".to_string()),
            ("d3".to_string(), "fail".to_string()),
        ]
    );
    let listed_tasks = tokio::task::block_in_place(|| {
        let out = run(&cli, &file, &["tasks", "list", "--json"]);
        String::from_utf8_lossy(&out.stdout).lines().count()
    });
    assert!(listed_tasks >= 2, "each document gave its task");
    let dead = tokio::task::block_in_place(|| {
        String::from_utf8_lossy(&run(&cli, &file, &["deadletters", "list", "--json"]).stdout)
            .to_string()
    });
    assert!(dead.contains("\"source\":\"axis\""), "{dead}");

    // The axis offers the page again (say, the acknowledgements were lost): within the claims'
    // lease nothing is fetched again, and nothing is doubled (after it, each comes back as
    // unchanged and is acknowledged again).
    let again = tokio::task::block_in_place(|| run(&cli, &file, &["sync", "--once"]));
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("axis: 0 stored, 0 unchanged"), "{stdout}");
    let fetches = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| r.url.path() == "/getEdoc")
        .count();
    assert_eq!(fetches, 3, "each document fetched once");
    let numbers = tokio::task::block_in_place(|| {
        let out = run(&cli, &file, &["tasks", "list", "--json"]);
        String::from_utf8_lossy(&out.stdout).lines().count()
    });
    assert_eq!(numbers, listed_tasks);

    let status = tokio::task::block_in_place(|| {
        String::from_utf8_lossy(&run(&cli, &file, &["sources", "status", "--json"]).stdout)
            .to_string()
    });
    let s: serde_json::Value = serde_json::from_str(status.trim()).unwrap();
    assert_eq!(s["type"], "vdxp");
    assert_eq!(
        (s["passes"].as_u64(), s["stored"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(s["fetched"], 3);
    assert_eq!(s["skipped"], 3, "settled, still claimed");
    assert!(s["dead_lettered"].as_u64().unwrap() >= 1);
    assert!(!status.contains(SECRET));
}

/// With `send_acknowledgements`, each stored document's sender is told 01 then 03, after the
/// axis heard `done`; without it (the default), dondoc only observes.
#[tokio::test(flavor = "multi_thread")]
async fn senders_are_answered_only_when_the_admin_asks() {
    for answer in [false, true] {
        let (server, axis) = stateful_axis(3).await;
        let (cli, file) = cli_for(&server);
        let mut toml = std::fs::read_to_string(&file).unwrap();
        toml.push_str(&format!("send_acknowledgements = {answer}\n"));
        std::fs::write(&file, toml).unwrap();
        let out = tokio::task::block_in_place(|| run(&cli, &file, &["sync", "--once"]));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let sent = axis.sent.lock().unwrap().clone();
        if !answer {
            assert!(sent.is_empty(), "dondoc observes by default");
            continue;
        }
        assert_eq!(sent.len(), 6, "01 and 03 for each of 3 documents");
        let body = String::from_utf8_lossy(&sent[0]).to_string();
        assert!(body.contains("file_doc"), "a multipart status file");
        assert!(
            body.contains("<edXML:StatusCode>01</edXML:StatusCode>"),
            "{body}"
        );
        assert!(
            String::from_utf8_lossy(&sent[1]).contains("<edXML:StatusCode>03</edXML:StatusCode>")
        );
    }
}

/// The daemon itself: `dondoc run` polls the axis on its interval, stores a page and
/// acknowledges it, and stops cleanly.
#[tokio::test(flavor = "multi_thread")]
async fn the_daemon_polls_the_axis_stores_a_page_and_acknowledges_it() {
    let (server, axis) = stateful_axis(5).await;
    let (cli, file) = cli_for(&server);
    tokio::task::block_in_place(|| {
        let daemon = daemon(&cli, &file);
        let pass = daemon.wait_for("Source pass done");
        assert!(pass.contains("\"stored\":5"), "{pass}");
        assert!(pass.contains("\"source\":\"axis\""), "{pass}");
        daemon.signal(nix::sys::signal::Signal::SIGTERM);
        assert!(daemon.wait().success());
    });
    assert!(axis.waiting.lock().unwrap().is_empty(), "all acknowledged");
    let acks = axis.acks.lock().unwrap().clone();
    assert_eq!(acks.len(), 5);
    assert!(acks.iter().all(|(_, s)| s == "done"));
    let held = tokio::task::block_in_place(|| stored(&cli, &file));
    assert_eq!(held.len(), 5);
}

/// A source that fails never holds the others up: with the axis down, the spool folder beside
/// it is taken in all the same.
#[tokio::test(flavor = "multi_thread")]
async fn an_axis_that_is_down_does_not_hold_up_the_spool_folder_beside_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (cli, file) = cli_for(&server);
    let mut toml = std::fs::read_to_string(&file).unwrap();
    toml.push_str("\n[[sources]]\ntype = \"spool\"\nname = \"inbox\"\npath = \"inbox\"\n");
    std::fs::write(&file, toml).unwrap();
    crate::daemon::seed_inbox(&cli);
    let inbox = cli.path("inbox");
    tokio::task::block_in_place(|| {
        let daemon = daemon(&cli, &file);
        let pass = daemon.wait_for("\"stored\":4");
        assert!(pass.contains("\"source\":\"inbox\""), "{pass}");
        daemon.signal(nix::sys::signal::Signal::SIGTERM);
        assert!(daemon.wait().success());
    });
    assert!(crate::helpers::files_in(&inbox).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_axis_that_is_down_ends_the_pass_with_an_error_and_fails_no_document() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (cli, file) = cli_for(&server);
    let out = tokio::task::block_in_place(|| run(&cli, &file, &["sync", "--once"]));
    assert!(!out.status.success(), "a failed pass exits 1");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("ended early"), "{stdout}");
    assert!(acks(&server).await.is_empty(), "nothing acknowledged");
    let status = tokio::task::block_in_place(|| {
        String::from_utf8_lossy(&run(&cli, &file, &["sources", "status", "--json"]).stdout)
            .to_string()
    });
    let s: serde_json::Value = serde_json::from_str(status.trim()).unwrap();
    assert!(s["last_error"].as_str().unwrap().contains("503"), "{s}");
    assert!(s["last_success_at"].is_null());
}

/// A directive from the Committee to one department, numbered `number`, as the axis offers it.
fn directive(number: &str) -> String {
    edxml(
        number,
        "UBND-KT",
        "2026/11/20",
        Some("2026/12/15"),
        &[SXD],
        "V/v thử nghiệm trục",
    )
}

/// `n` directives from the Committee, each to one department, as the axis offers them.
async fn stateful_axis(n: usize) -> (MockServer, Arc<Axis>) {
    let docs = (1..=n)
        .map(|i| {
            let bytes = directive(&format!("{}", 3000 + i)).into_bytes();
            (format!("d{i:02}"), bytes)
        })
        .collect();
    mock_axis::start(docs).await
}

/// The documents the store holds, by number, each with how many times it is held.
fn stored(cli: &Cli, file: &std::path::Path) -> BTreeMap<String, usize> {
    let out = run(cli, file, &["tasks", "list", "--json"]);
    let mut seen = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let t: serde_json::Value = serde_json::from_str(line).unwrap();
        *seen
            .entry(t["document"]["number"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    seen
}

/// The process is killed (SIGKILL) at each fault point, at each position in the batch, and
/// restarted: every document ends stored once and acknowledged `done`, and no document is ever
/// acknowledged before it is committed.
#[tokio::test(flavor = "multi_thread")]
async fn killed_at_any_point_of_a_batch_and_restarted_every_document_is_stored_once_and_acknowledged(
) {
    const DOCS: usize = 7;
    let mut crashes = 0;
    for point in [
        "source_after_fetch",
        "source_before_ack",
        "source_after_ack",
    ] {
        for k in 1..=DOCS {
            let (server, axis) = stateful_axis(DOCS).await;
            let (cli, file) = cli_for(&server);
            let crashed = tokio::task::block_in_place(|| {
                cli.command()
                    .env("DONDOC_CONFIG", &file)
                    .env("AXIS_SECRET", SECRET)
                    .env(dondoc::hooks::CRASH_ENV, format!("{point}:{k}"))
                    .args(["sync", "--once"])
                    .output()
                    .unwrap()
            });
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(
                crashed.status.signal(),
                Some(9),
                "{point}:{k}: killed, {}",
                String::from_utf8_lossy(&crashed.stderr)
            );
            crashes += 1;
            // What the axis heard before the kill was only ever about committed documents.
            let held = tokio::task::block_in_place(|| stored(&cli, &file));
            let acked: Vec<(String, String)> = axis.acks.lock().unwrap().clone();
            let committed_before_kill = if point == "source_after_fetch" {
                k - 1
            } else {
                k
            };
            assert_eq!(held.len(), committed_before_kill, "{point}:{k}: {held:?}");
            let acked_before_kill = if point == "source_after_ack" {
                k
            } else {
                k - 1
            };
            assert_eq!(acked.len(), acked_before_kill, "{point}:{k}: {acked:?}");
            assert!(acked.iter().all(|(_, s)| s == "done"));

            // Restarted: the rest of the batch, and what was committed but not acknowledged.
            let again = tokio::task::block_in_place(|| run(&cli, &file, &["sync", "--once"]));
            assert!(
                again.status.success(),
                "{point}:{k}: {}",
                String::from_utf8_lossy(&again.stderr)
            );
            let held = tokio::task::block_in_place(|| stored(&cli, &file));
            assert_eq!(held.len(), DOCS, "{point}:{k}: every document stored");
            assert!(
                held.values().all(|n| *n == 1),
                "{point}:{k}: once: {held:?}"
            );
            assert!(
                axis.waiting.lock().unwrap().is_empty(),
                "{point}:{k}: all acknowledged"
            );
            let acks = axis.acks.lock().unwrap().clone();
            assert!(
                acks.iter().all(|(_, s)| s == "done"),
                "{point}:{k}: {acks:?}"
            );
        }
    }
    assert!(crashes >= 20, "{crashes} crashes");
}

/// Two daemons on one PostgreSQL database poll the same axis at the same time: each document
/// is fetched by one of them, stored once, acknowledged once.
#[tokio::test(flavor = "multi_thread")]
async fn two_daemons_on_one_postgresql_fetch_and_store_each_document_once() {
    let Some(db) = TestDb::postgres("two_daemons_on_one_postgresql").await else {
        return;
    };
    const DOCS: usize = 30;
    let (server, axis) = stateful_axis(DOCS).await;
    let (mut cli, file) = cli_for(&server);
    cli.database_url = Some(db.url.clone());
    let (a, b) = tokio::task::block_in_place(|| {
        let spawn = || {
            cli.command()
                .env("DONDOC_CONFIG", &file)
                .env("AXIS_SECRET", SECRET)
                .args(["sync", "--once"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        (a.wait_with_output().unwrap(), b.wait_with_output().unwrap())
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let held = tokio::task::block_in_place(|| stored(&cli, &file));
    assert_eq!(held.len(), DOCS);
    assert!(held.values().all(|n| *n == 1), "{held:?}");
    let fetches = axis.fetches.lock().unwrap().clone();
    assert_eq!(fetches.len(), DOCS);
    assert!(
        fetches.values().all(|n| *n == 1),
        "each document fetched by one daemon: {fetches:?}"
    );
    let acks = axis.acks.lock().unwrap().clone();
    assert_eq!(acks.len(), DOCS, "each acknowledged once: {acks:?}");
    db.cleanup().await;
}

/// A proxy in front of the axis answers one getEdoc with HTTP 200 and its own HTML error page,
/// then an empty body, then JSON cut short: none of that is the document, so the document is
/// neither failed nor dead-lettered (the axis would forget it) but left for a later pass, and
/// the others go on.
#[tokio::test(flavor = "multi_thread")]
async fn a_gateway_page_instead_of_the_document_loses_nothing() {
    let good = directive("2001").into_bytes();
    // The HTML page answers for d2, whose own reply is never mounted.
    let server = axis(&[("d1", good)]).await;
    Mock::given(method("POST"))
        .and(path("/getReceivedEdocList"))
        .and(header("XroadVnpt-messagetype", "edoc"))
        .respond_with(ok(json!([listed("d1"), listed("d2")])))
        .with_priority(1)
        .mount(&server)
        .await;
    let pages = [
        ResponseTemplate::new(200)
            .insert_header("content-type", "text/html")
            .set_body_string("<html><body><h1>502 Bad Gateway</h1></body></html>"),
        ResponseTemplate::new(200).set_body_string(""),
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/json")
            .set_body_string(r#"{"status":"OK","ErrorCode":"0","data":"PGVk"#),
    ];
    let (cli, file) = cli_for(&server);
    for page in pages {
        let mounted = Mock::given(method("POST"))
            .and(path("/getEdoc"))
            .and(header("XroadVnpt-docId", "d2"))
            .respond_with(page)
            .with_priority(1)
            .mount_as_scoped(&server)
            .await;
        let out = tokio::task::block_in_place(|| run(&cli, &file, &["sync", "--once"]));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        drop(mounted);
    }
    let acks = acks(&server).await;
    assert!(
        acks.iter().all(|(id, _)| id != "d2"),
        "d2 was never settled: {acks:?}"
    );
    assert!(
        acks.contains(&("d1".to_string(), "done".to_string())),
        "{acks:?}"
    );
    let dead = tokio::task::block_in_place(|| {
        String::from_utf8_lossy(&run(&cli, &file, &["deadletters", "list", "--json"]).stdout)
            .to_string()
    });
    assert_eq!(dead.trim(), "", "no dead letter: {dead}");
}

/// A document over `[edxml] max_message_mib` on the axis: its reply is streamed into the dead
/// letters as it came (never held whole), and only then is the axis told `fail`; the document
/// beside it is stored.
#[tokio::test(flavor = "multi_thread")]
async fn an_oversized_document_is_kept_as_a_dead_letter_before_it_is_failed() {
    let good = directive("2002");
    // Past 1 MiB once in base64: the limit below is 1 MiB of message.
    let big = crate::helpers::with_content(&good, &"Nội dung rất dài. ".repeat(70_000))
        .replace("2002", "2003");
    let server = axis(&[("d1", good.into_bytes()), ("d2", big.into_bytes())]).await;
    let (cli, file) = cli_for(&server);
    let out = tokio::task::block_in_place(|| {
        cli.command()
            .env("DONDOC_CONFIG", &file)
            .env("AXIS_SECRET", SECRET)
            .env("DONDOC__EDXML__MAX_MESSAGE_MIB", "1")
            .args(["sync", "--once"])
            .output()
            .unwrap()
    });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let acks = acks(&server).await;
    assert!(acks.contains(&("d1".into(), "done".into())), "{acks:?}");
    assert!(acks.contains(&("d2".into(), "fail".into())), "{acks:?}");
    let dead: Vec<serde_json::Value> = tokio::task::block_in_place(|| {
        String::from_utf8_lossy(&run(&cli, &file, &["deadletters", "list", "--json"]).stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    });
    assert_eq!(dead.len(), 1, "{dead:?}");
    let letter = &dead[0];
    assert!(
        letter["reason"].as_str().unwrap().contains("over"),
        "{letter}"
    );
    let requests = server.received_requests().await.unwrap();
    let reply = requests
        .iter()
        .filter(|r| r.url.path() == "/getEdoc")
        .count();
    assert_eq!(reply, 2, "each document fetched once");
    assert!(
        letter["payload_bytes"].as_u64().unwrap() > 1 << 20,
        "the whole reply is kept: {letter}"
    );
    let spill = cli.path("tmp/oversized");
    assert!(
        !spill.exists() || std::fs::read_dir(&spill).unwrap().next().is_none(),
        "nothing left in the spill folder"
    );
}
