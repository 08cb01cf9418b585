//! The document axis end to end, against a mock built from its published format (wiremock): a
//! page of documents is fetched, stored and acknowledged `done`; one that cannot be read becomes
//! a dead letter and is acknowledged `fail`; a second pass stores nothing twice; the source's
//! counts say so.

use base64::Engine;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::helpers::{edxml, Cli, STNMT, SXD};

const SECRET: &str = "khóa-bí-mật-của-trục";
/// The province's People's Committee: what it sends is ours.
const COMMITTEE: &str = "000.00.00.H57";

fn ok(data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "status": "OK", "ErrorCode": "0", "ErrorDesc": "", "data": data
    }))
}

fn listed(id: &str) -> serde_json::Value {
    json!({"docId": id, "from": COMMITTEE, "to": ["000.00.31.H57"], "status": "initial",
           "created_time": "2026-11-27 08:00:00"})
}

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
            let h = |name: &str| {
                r.headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string()
            };
            (h("XroadVnpt-docid"), h("XroadVnpt-status"))
        })
        .collect()
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

    // The axis offers the page again (say, an acknowledgement was lost): nothing is doubled.
    let again = tokio::task::block_in_place(|| run(&cli, &file, &["sync", "--once"]));
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(stdout.contains("axis: 0 stored, 2 unchanged"), "{stdout}");
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
    assert_eq!(s["fetched"], 6);
    assert!(s["dead_lettered"].as_u64().unwrap() >= 1);
    assert!(!status.contains(SECRET));
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
