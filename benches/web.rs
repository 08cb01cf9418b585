//! `cargo bench --bench web`: the overview page under 50 officials at once, served by `dondoc
//! run` itself.
//!
//! Seeds a fresh store with a province's year: `DONDOC_BENCH_DOCUMENTS` (default 1 500)
//! directives of 4 tasks each over 60 units, issued over the 365 days up to today, deadlines 10–70
//! days after, each task confirmed with a trail (in progress for 60 %, reported for 40 %, done
//! for half of those); the notices a year of urging sends. Starts the release binary (`dondoc
//! run`, its web on a free loopback port, the remind and reports jobs off so that nothing but the
//! pages works during the measurement), opens `DONDOC_BENCH_SESSIONS` (default 50) sessions of a
//! leader, and has each fetch `/overview` (this month's Appendix V per unit, the tasks overdue
//! now, this month's documents) in a loop for `DONDOC_BENCH_SECS` (default 20) seconds, a new
//! request as soon as the last answered. Prints the latency median, p90, p99 and max, the pages
//! per second, and the daemon's peak memory.
//!
//! SQLite by default; PostgreSQL when `DONDOC_BENCH_DATABASE_URL` is set (a fresh database beside
//! the one named, dropped at the end).

#[path = "support/bench_db.rs"]
mod bench_db;

#[path = "support/measure.rs"]
mod measure;

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use measure::{day, env_or, mib, mix, proc_status_kib, proc_status_kib_of, run_in_transactions};

const UNITS: usize = 60;
const TASKS_PER_DOCUMENT: usize = 4;
const ROWS_PER_INSERT: usize = 500;
const PASSWORD: &str = "mật khẩu đủ dài cho bench";

fn at(d: NaiveDate) -> String {
    dondoc::clock::local_instant(d, chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap())
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// The statements that seed `documents` directives issued over the year up to `today`.
fn seed_statements(documents: usize, today: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut units =
        String::from("INSERT INTO units (key, name, kind, verified, updated_at) VALUES ");
    for u in 0..UNITS {
        let sep = if u == 0 { "" } else { ", " };
        write!(
            units,
            "{sep}('bench-unit-{u:02}', 'Sở thử nghiệm số {u}', 'department', 1, '{}')",
            at(today - Days::new(400))
        )
        .unwrap();
    }
    out.push(units);
    let issued_of = |doc: usize| today - Days::new(mix(doc as u64) % 365);
    let mut docs = String::new();
    for doc in 0..documents {
        docs.push_str(if docs.is_empty() {
            "INSERT INTO documents (id, document_key, source, issuer_organ_id, issuer_name, \
             code_number, code_notation, subject, issued_on, urgency, received_at) VALUES "
        } else {
            ", "
        });
        let issued = issued_of(doc);
        write!(
            docs,
            "({id}, 'bench:{id}', 'bench', '000.00.00.H57', 'UBND tỉnh', '{id}', 'UBND-KT', \
             'V/v triển khai nhiệm vụ số {id}', '{issued}', 'normal', '{received}')",
            id = doc + 1,
            issued = day(issued),
            received = at(issued),
        )
        .unwrap();
        if (doc + 1) % ROWS_PER_INSERT == 0 {
            out.push(std::mem::take(&mut docs));
        }
    }
    if !docs.is_empty() {
        out.push(docs);
    }
    let (mut tasks, mut events, mut notices) = (String::new(), String::new(), String::new());
    let mut rows = 0;
    for i in 0..documents * TASKS_PER_DOCUMENT {
        let doc = i / TASKS_PER_DOCUMENT;
        let issued = issued_of(doc);
        let h = mix(i as u64 ^ 0x0eb);
        let due = issued + Days::new(10 + h % 60);
        let entered = issued + Days::new(1);
        let unit = (doc * 7 + i % TASKS_PER_DOCUMENT * 13) % UNITS;
        let mut trail = vec![(
            entered,
            "created",
            format!(
                r#"{{"content":"x","lead":"bench-unit-{unit:02}","support":[],"due":"{}","state":"not_started","review":"confirmed","flags":[]}}"#,
                day(due)
            ),
        )];
        let mut state = "not_started";
        let mut last = entered;
        for (share, to, shift) in [
            (60, "in_progress", 8),
            (40, "reported", 16),
            (20, "done", 24),
        ] {
            if (h >> shift) % 100 < share {
                let next = last + Days::new(1 + (h >> (shift + 4)) % 40);
                if next > today {
                    break;
                }
                last = next;
                state = to;
                trail.push((
                    last,
                    "state_changed",
                    format!(r#"{{"state":"{to}","note":null}}"#),
                ));
            }
        }
        if rows == 0 {
            tasks.push_str(
                "INSERT INTO tasks (id, document_id, seq, content, lead_unit, due_date, state, \
                 provenance, review, flags, created_at, updated_at, confirmed_at) VALUES ",
            );
            events.push_str(
                "INSERT INTO task_events (task_id, at, actor, action, after_json) VALUES ",
            );
        } else {
            tasks.push_str(", ");
            events.push_str(", ");
        }
        write!(
            tasks,
            "({id}, {doc_id}, {seq}, 'Chủ trì, phối hợp triển khai nội dung số {seq} của văn bản, \
             báo cáo kết quả về Ủy ban nhân dân tỉnh', 'bench-unit-{unit:02}', '{due}', '{state}', \
             'extracted', 'confirmed', '', '{created}', '{updated}', '{created}')",
            id = i + 1,
            doc_id = doc + 1,
            seq = i % TASKS_PER_DOCUMENT,
            due = day(due),
            created = at(entered),
            updated = at(last),
        )
        .unwrap();
        for (k, (d, action, json)) in trail.iter().enumerate() {
            let sep = if k == 0 { "" } else { ", " };
            write!(
                events,
                "{sep}({}, '{}', 'source:bench', '{action}', '{json}')",
                i + 1,
                at(*d)
            )
            .unwrap();
        }
        // A sent notice for a task that went late: what the overview counts per unit.
        if due < today && state != "done" && state != "reported" {
            notices.push_str(if notices.is_empty() {
                "INSERT INTO notices (kind, unit_key, document_id, sequence, decided_at, tasks, \
                 recipients, subject, dedupe_key, status, attempts, sent_at) VALUES "
            } else {
                ", "
            });
            write!(
                notices,
                "('notice', 'bench-unit-{unit:02}', {doc_id}, 1, '{sent}', '[]', '[]', \
                 'Phiếu báo', 'bench-{id}', 'sent', 1, '{sent}')",
                doc_id = doc + 1,
                id = i + 1,
                sent = at(due + Days::new(1)),
            )
            .unwrap();
        }
        rows += 1;
        if rows == ROWS_PER_INSERT {
            out.push(std::mem::take(&mut tasks));
            out.push(std::mem::take(&mut events));
            if !notices.is_empty() {
                out.push(std::mem::take(&mut notices));
            }
            rows = 0;
        }
    }
    for rest in [tasks, events, notices] {
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn bench() {
    let documents: usize = env_or("DONDOC_BENCH_DOCUMENTS", 1_500);
    let sessions: usize = env_or("DONDOC_BENCH_SESSIONS", 50);
    let secs: u64 = env_or("DONDOC_BENCH_SECS", 20);
    let dir = tempfile::tempdir().unwrap();
    let db = bench_db::BenchDb::create("web", dir.path()).await;
    let today = dondoc::clock::local_date(chrono::Utc::now());
    let binary = env!("CARGO_BIN_EXE_dondoc");
    let base_env = |cmd: &mut Command| {
        cmd.env_remove("DONDOC_CONFIG")
            .env("DONDOC__DATA_DIR", dir.path())
            .env("DONDOC__DATABASE__URL", &db.url)
            .env("DONDOC__JOBS__REMIND__ENABLED", "false")
            .env("DONDOC__JOBS__REPORTS__ENABLED", "false")
            .env("DONDOC__WEB__LISTEN", "127.0.0.1:0")
            .env("RUST_LOG", "info");
    };
    let mut migrate = Command::new(binary);
    base_env(&mut migrate);
    assert!(migrate.arg("migrate").output().unwrap().status.success());

    sqlx::any::install_default_drivers();
    let seed_url = if db.url.starts_with("sqlite") {
        format!("{}?mode=rwc", db.url)
    } else {
        db.url.clone()
    };
    let seeder = sqlx::AnyPool::connect(&seed_url).await.unwrap();
    let start = Instant::now();
    run_in_transactions(20, &seeder, seed_statements(documents, today)).await;
    let analyze = if db.url.starts_with("sqlite") {
        "ANALYZE"
    } else {
        "VACUUM ANALYZE"
    };
    sqlx::query(analyze).execute(&seeder).await.unwrap();
    seeder.close().await;
    println!(
        "backend {}, {documents} directives, {} tasks over {UNITS} units, issued over the year to {today}; seeded in {:.1} s",
        db.backend(),
        documents * TASKS_PER_DOCUMENT,
        start.elapsed().as_secs_f64()
    );

    for (name, role) in [("chanh", "leader"), ("lan", "office")] {
        let mut add = Command::new(binary);
        base_env(&mut add);
        let mut child = add
            .args(["users", "add", name, "--role", role, "--password-stdin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(PASSWORD.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
    }

    let mut run = Command::new(binary);
    base_env(&mut run);
    let mut daemon = run
        .args(["--log-format", "json", "run"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(daemon.stderr.take().unwrap()).lines();
    let mut base = None;
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        seen.push(line.clone());
        if line.contains("Web pages and API served") {
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            base = Some(format!("http://{}", v["listen"].as_str().unwrap()));
        }
        if line.contains("dondoc is running") {
            break;
        }
    }
    // The rest of the log is drained, so that the daemon never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let Some(base) = base else {
        panic!(
            "the daemon never said where its pages are; it said:\n{}",
            seen.join("\n")
        );
    };
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(sessions)
        .build()
        .unwrap();
    let mut cookies = Vec::new();
    for _ in 0..sessions {
        let resp = http
            .post(format!("{base}/api/v1/session"))
            .json(&serde_json::json!({"username": "chanh", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "{}", resp.status());
        let body: serde_json::Value = resp.json().await.unwrap();
        cookies.push(format!(
            "dondoc_session={}",
            body["token"].as_str().unwrap()
        ));
    }
    // One page first, to see what is measured.
    let first = http
        .get(format!("{base}/overview"))
        .header("cookie", &cookies[0])
        .send()
        .await
        .unwrap();
    assert!(first.status().is_success(), "{}", first.status());
    let html = first.text().await.unwrap();
    println!(
        "one overview page: {} KB, {} unit rows, {} tasks listed",
        html.len() / 1024,
        html.matches("<tr data-unit=").count().saturating_sub(1),
        html.matches("<tr id=\"task-").count()
    );

    // The Office at work meanwhile: a note recorded on a task every `1 / writes` second, each a
    // change the overview must show at its next request (its cached page no longer holds).
    let writes: u64 = env_or("DONDOC_BENCH_WRITES_PER_SEC", 1);
    let office: serde_json::Value = http
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"username": "lan", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let office = office["token"].as_str().unwrap().to_string();

    let rss_before = proc_status_kib_of(&daemon.id().to_string(), "VmRSS:");
    let until = Instant::now() + Duration::from_secs(secs);
    let writer = {
        let (http, base) = (http.clone(), base.clone());
        tokio::spawn(async move {
            let mut done = 0u64;
            if writes == 0 {
                return done;
            }
            let mut tick = tokio::time::interval(Duration::from_millis(1000 / writes));
            while Instant::now() < until {
                tick.tick().await;
                let resp = http
                    .post(format!("{base}/api/v1/tasks/{}/state", 1 + done % 100))
                    .bearer_auth(&office)
                    .json(&serde_json::json!({"note": format!("ghi chú số {done}")}))
                    .send()
                    .await
                    .unwrap();
                assert!(resp.status().is_success(), "{}", resp.status());
                done += 1;
            }
            done
        })
    };
    let mut clients = Vec::new();
    for cookie in cookies {
        let http = http.clone();
        let url = format!("{base}/overview");
        clients.push(tokio::spawn(async move {
            let mut took = Vec::new();
            while Instant::now() < until {
                let t = Instant::now();
                let resp = http
                    .get(&url)
                    .header("cookie", &cookie)
                    .send()
                    .await
                    .unwrap();
                assert!(resp.status().is_success(), "{}", resp.status());
                resp.bytes().await.unwrap();
                took.push(t.elapsed());
            }
            took
        }));
    }
    let mut all = Vec::new();
    for c in clients {
        all.extend(c.await.unwrap());
    }
    all.sort();
    let changes = writer.await.unwrap();
    println!("meanwhile the Office recorded {changes} changes ({writes} a second), each making the next overview a fresh one");
    let peak = proc_status_kib_of(&daemon.id().to_string(), "VmHWM:");
    println!(
        "{sessions} sessions for {secs} s: {} pages, {:.1} pages/s; latency median {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        all.len(),
        all.len() as f64 / secs as f64,
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.9)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap()),
    );
    println!(
        "daemon memory: {:.1} MiB before the load, peak {:.1} MiB (this bench: {:.1} MiB)",
        mib(rss_before),
        mib(peak),
        mib(proc_status_kib("VmHWM:"))
    );
    let median = percentile(&all, 0.5);
    println!(
        "aim: median under 200 ms: {}",
        if median < Duration::from_millis(200) {
            "met"
        } else {
            "NOT met"
        }
    );
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(daemon.id() as i32),
        nix::sys::signal::Signal::SIGTERM,
    );
    let _ = daemon.wait();
    db.drop().await;
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(bench());
}
