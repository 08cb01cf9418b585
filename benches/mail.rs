//! `cargo bench --bench mail`: how fast the outbox empties, and what it costs in memory.
//!
//! Queues `DONDOC_BENCH_MESSAGES` (default 5 000) notices in a fresh store, each to its own
//! address, then delivers them all the way `dondoc outbox flush` does (`mail::Sender`: claim,
//! render each once through the templates, keep it, send, record) and prints, per transport,
//! messages per second and the process's memory while sending (VmRSS before, VmHWM peak).
//!
//! Transports: the folder one (`.eml` files in a temporary folder) and SMTP to a local sink,
//! Debian's aiosmtpd (`tests/support/smtp_sink.py --count-only`: it accepts and counts, so that
//! the sender is what is measured), run by `/usr/bin/python3` or `DONDOC_TEST_PYTHON`. The sink's
//! count is checked against the messages sent.
//!
//! SQLite by default, in a temporary folder; PostgreSQL when `DONDOC_BENCH_DATABASE_URL` is set
//! (a fresh database is created beside the one named and dropped at the end).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use dondoc::clock::{parse_instant, FixedClock, SharedClock};
use dondoc::config::{Config, DatabaseConfig};
use dondoc::domain::EmailAddress;
use dondoc::mail::Sender;
use dondoc::shutdown::Shutdown;
use dondoc::store::Store;
use dondoc::urging::{notice, Notice, NoticeKind};
use secrecy::SecretString;

#[path = "support/bench_db.rs"]
mod bench_db;

use bench_db::BenchDb;

const SINK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

fn kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Starts the peak afresh: Linux resets VmHWM to the current RSS when "5" goes to clear_refs.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn config(data_dir: &std::path::Path, mail: &str) -> Config {
    let file = data_dir.join("dondoc.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\n[units]\nfile = {:?}\n{mail}\n",
            data_dir.display().to_string(),
            concat!(env!("CARGO_MANIFEST_DIR"), "/config/units.toml")
        ),
    )
    .unwrap();
    dondoc::config::load(Some(&file), Some(Default::default())).unwrap()
}

async fn store(db: &BenchDb) -> Store {
    let store = Store::connect(&database(&db.url)).await.unwrap();
    store.migrate().await.unwrap();
    store
}

fn database(url: &str) -> DatabaseConfig {
    DatabaseConfig {
        url: SecretString::from(url.to_string()),
        password: None,
        max_connections: 5,
        busy_timeout: std::time::Duration::from_secs(5),
    }
}

async fn queue(store: &Store, n: usize, round: usize) {
    let month = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let notices: Vec<Notice> = (0..n)
        .map(|i| Notice {
            kind: NoticeKind::UpdateRequest,
            unit_key: format!("bench-{round}-{i}"),
            unit: format!("Đơn vị thử nghiệm số {i}"),
            document_id: None,
            document: None,
            sequence: None,
            period: Some("2026-04".into()),
            due_on: month,
            items: Vec::new(),
            to: vec![EmailAddress::parse(&format!("don-vi-{i}@thuathienhue.example")).unwrap()],
            subject: notice::update_subject(month),
            flags: Vec::new(),
            case: None,
        })
        .collect();
    for chunk in notices.chunks(1000) {
        store
            .queue_notices(chunk, at("2026-04-01T08:00:00+07:00"))
            .await
            .unwrap();
    }
}

async fn measure(label: &str, config: Config, store: &Store, n: usize, round: usize) -> usize {
    queue(store, n, round).await;
    let clock: SharedClock = Arc::new(FixedClock::new(at("2026-04-01T08:05:00+07:00")));
    let sender = Sender::new(Arc::new(config), store.clone(), clock).unwrap();
    reset_peak();
    let before = kib("VmRSS:");
    let start = Instant::now();
    let done = sender.deliver(true, &Shutdown::new()).await.unwrap();
    let secs = start.elapsed().as_secs_f64();
    let peak = kib("VmHWM:");
    assert_eq!(done.sent, n, "{done:?}");
    println!(
        "{label:<28} {n:>6} messages in {secs:>6.2} s: {:>7.0} messages/s; RSS before {:.1} MiB, \
         peak while sending {:.1} MiB (+{:.1} MiB)",
        n as f64 / secs,
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(before) as f64 / 1024.0,
    );
    done.sent
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("DONDOC_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let dir = tempfile::tempdir().unwrap();
    let db = BenchDb::create("mail", dir.path()).await;
    let store = store(&db).await;
    println!("store: {}", db.backend());

    let folder = config(dir.path(), "[mail]\ntransport = \"folder\"");
    measure("folder transport", folder, &store, n, 0).await;

    let python = std::env::var("DONDOC_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    let mut sink = Command::new(&python)
        .args([SINK, "--count-only", "--dir"])
        .arg(dir.path().join("sink"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python} {SINK}: {e}"));
    let mut lines = BufReader::new(sink.stdout.take().unwrap()).lines();
    let ready = lines.next().and_then(Result::ok).unwrap_or_default();
    let port: u16 = ready
        .strip_prefix("READY ")
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or_else(|| panic!("the sink did not start: {ready:?} (is aiosmtpd installed?)"));
    let smtp = config(
        dir.path(),
        &format!(
            "[mail]\ntransport = \"smtp\"\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\n\
             security = \"plain\"\n"
        ),
    );
    let sent = measure("smtp to a local aiosmtpd", smtp, &store, n, 1).await;
    drop(sink.stdin.take());
    let received = lines
        .find_map(|l| {
            l.ok()?
                .strip_prefix("RECEIVED ")?
                .trim()
                .parse::<usize>()
                .ok()
        })
        .unwrap_or(0);
    let _ = sink.wait();
    assert_eq!(received, sent, "the sink counted what was sent");
    println!("sink received {received} messages");

    store.close().await;
    db.drop().await;
}
