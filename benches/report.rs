//! `cargo bench --bench report`: what Appendix V costs over a large store, as of a past date.
//!
//! Seeds a fresh store with `DONDOC_BENCH_TASKS` (default 1 000 000) tasks over 200 units and
//! one document per 50 tasks, the documents issued from January to June 2026, each task with the
//! audit trail a real one gets: created confirmed the day after its document, in progress for
//! 60 %, reported for 40 % (half of them on time), done for a fifth, a deadline moved for 5 %,
//! cancelled for 2 % — the changes spread over the whole year, so that many come after the
//! report's instant and the replay must leave them out. Then computes Appendix V for the year
//! 2026 as of 30 September 2026 (`dondoc report summary --period year --from 2026-01-01 --as-of
//! 2026-09-30`: the store's rows streamed into core's count), three times, and prints the time
//! (median), the process's memory during it (VmRSS before, VmHWM peak), and the totals.
//!
//! SQLite by default; PostgreSQL when `DONDOC_BENCH_DATABASE_URL` is set (a fresh database beside
//! the one named, dropped at the end; `DONDOC_BENCH_KEEP=1` keeps it, and the SQLite file). Seeding
//! writes SQL of its own, timed apart; `DONDOC_BENCH_REUSE=URL` measures a kept store again,
//! unseeded.

#[path = "support/bench_db.rs"]
mod bench_db;

#[path = "support/measure.rs"]
mod measure;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use dondoc::calendar::Calendar;
use dondoc::clock::{end_of_day, local_instant, parse_instant};
use dondoc::config::DatabaseConfig;
use dondoc::store::Store;
use dondoc_core::report::{Period, PeriodKind, Scope};
use measure::{day, env_or, mib, mix, proc_status_kib, run_in_transactions};
use secrecy::SecretString;
use sqlx::AnyPool;

const UNITS: usize = 200;
const TASKS_PER_DOCUMENT: usize = 50;
const ROWS_PER_INSERT: usize = 1000;
const INSERTS_PER_TX: usize = 50;
const AS_OF: &str = "2026-09-30";

fn after(d: NaiveDate, days: u64) -> NaiveDate {
    d + Days::new(days)
}

/// An instant at 9 o'clock in Vietnam on `d`, as the store writes instants.
fn at(d: NaiveDate) -> String {
    local_instant(d, chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap())
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// The store's SQL statements that seed `tasks` tasks with their trails, in batches.
fn seed_statements(tasks: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut units =
        String::from("INSERT INTO units (key, name, kind, verified, updated_at) VALUES ");
    for u in 0..UNITS {
        let sep = if u == 0 { "" } else { ", " };
        let kind = if u % 4 == 0 { "district" } else { "department" };
        write!(
            units,
            "{sep}('bench-unit-{u:03}', 'Đơn vị thử nghiệm số {u}', '{kind}', 1, '{}')",
            at(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        )
        .unwrap();
    }
    out.push(units);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let documents = tasks.div_ceil(TASKS_PER_DOCUMENT);
    let mut sql = String::new();
    for doc in 0..documents {
        if sql.is_empty() {
            sql.push_str(
                "INSERT INTO documents (id, document_key, source, issuer_organ_id, issuer_name, \
                 code_number, code_notation, subject, issued_on, urgency, received_at) VALUES ",
            );
        } else {
            sql.push_str(", ");
        }
        let issued = after(jan1, mix(doc as u64) % 181);
        write!(
            sql,
            "({id}, 'bench:{id}', 'bench', '000.00.00.H57', 'UBND tỉnh', '{id}', 'UBND-KT', \
             'V/v nhiệm vụ số {id}', '{issued}', 'normal', '{received}')",
            id = doc + 1,
            issued = day(issued),
            received = at(issued),
        )
        .unwrap();
        if (doc + 1) % ROWS_PER_INSERT == 0 {
            out.push(std::mem::take(&mut sql));
        }
    }
    if !sql.is_empty() {
        out.push(std::mem::take(&mut sql));
    }
    let (mut tasks_sql, mut events_sql) = (String::new(), String::new());
    let mut in_statement = 0;
    for i in 0..tasks {
        let doc = i / TASKS_PER_DOCUMENT;
        let issued = after(jan1, mix(doc as u64) % 181);
        let h = mix(i as u64 ^ 0x5eed);
        let due = after(issued, 10 + h % 60);
        let entered = after(issued, 1);
        let unit = (doc * 7 + (i % 10) * 19) % UNITS;
        // The trail: (day, after JSON).
        let mut trail = vec![(
            entered,
            format!(
                r#"{{"content":"x","lead":"bench-unit-{unit:03}","support":[],"due":"{}","due_time":null,"state":"not_started","provenance":"extracted","review":"confirmed","flags":[]}}"#,
                day(due)
            ),
        )];
        let mut state = "not_started";
        let mut day_at = entered;
        if h % 100 < 5 {
            day_at = after(day_at, 3 + (h >> 8) % 10);
            trail.push((day_at, format!(r#"{{"due":"{}"}}"#, day(after(due, 30)))));
        }
        if (h >> 16) % 100 < 60 {
            day_at = after(day_at, 1 + (h >> 24) % 20);
            trail.push((day_at, r#"{"state":"in_progress","note":null}"#.into()));
            state = "in_progress";
        }
        if (h >> 32) % 100 < 40 {
            // Half on time, half up to four months late.
            let late = if (h >> 40) % 2 == 0 {
                0
            } else {
                1 + (h >> 41) % 120
            };
            day_at = after(due.max(day_at), late).max(after(day_at, 1));
            trail.push((day_at, r#"{"state":"reported","note":null}"#.into()));
            state = "reported";
            if (h >> 48) % 2 == 0 {
                day_at = after(day_at, 2 + (h >> 50) % 20);
                trail.push((day_at, r#"{"state":"done","note":null}"#.into()));
                state = "done";
            }
        } else if (h >> 32) % 100 < 42 {
            day_at = after(day_at, 5);
            trail.push((
                day_at,
                r#"{"state":"cancelled","note":"văn bản bị thu hồi"}"#.into(),
            ));
            state = "cancelled";
        }
        if in_statement == 0 {
            tasks_sql.push_str(
                "INSERT INTO tasks (id, document_id, seq, content, lead_unit, due_date, state, \
                 provenance, review, flags, created_at, updated_at, confirmed_at) VALUES ",
            );
            events_sql.push_str(
                "INSERT INTO task_events (task_id, at, actor, action, after_json) VALUES ",
            );
        } else {
            tasks_sql.push_str(", ");
            events_sql.push_str(", ");
        }
        write!(
            tasks_sql,
            "({id}, {doc_id}, {seq}, 'Chủ trì, phối hợp triển khai nội dung số {seq} của văn bản, \
             báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh', 'bench-unit-{unit:03}', '{due}', \
             '{state}', 'extracted', 'confirmed', '', '{created}', '{updated}', '{created}')",
            id = i + 1,
            doc_id = doc + 1,
            seq = i % TASKS_PER_DOCUMENT,
            due = day(due),
            created = at(entered),
            updated = at(day_at),
        )
        .unwrap();
        for (k, (d, json)) in trail.iter().enumerate() {
            let sep = if k == 0 { "" } else { ", " };
            let action = if k == 0 { "created" } else { "state_changed" };
            write!(
                events_sql,
                "{sep}({id}, '{at}', 'source:bench', '{action}', '{json}')",
                id = i + 1,
                at = at(*d),
            )
            .unwrap();
        }
        in_statement += 1;
        if in_statement == ROWS_PER_INSERT {
            out.push(std::mem::take(&mut tasks_sql));
            out.push(std::mem::take(&mut events_sql));
            in_statement = 0;
        }
    }
    if !tasks_sql.is_empty() {
        out.push(tasks_sql);
        out.push(events_sql);
    }
    out
}

/// Fills the store at `url` with `tasks` tasks and their trails, then has its statistics
/// gathered, as autovacuum would after such a load.
async fn seed(url: &str, tasks: usize) {
    sqlx::any::install_default_drivers();
    let seed_url = if url.starts_with("sqlite") {
        format!("{}?mode=rwc", url)
    } else {
        url.to_string()
    };
    let seeder = AnyPool::connect(&seed_url).await.unwrap();
    let start = Instant::now();
    run_in_transactions(INSERTS_PER_TX, &seeder, seed_statements(tasks)).await;
    let analyze = if url.starts_with("sqlite") {
        "ANALYZE"
    } else {
        "VACUUM ANALYZE"
    };
    sqlx::query(analyze).execute(&seeder).await.unwrap();
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM task_events")
        .fetch_one(&seeder)
        .await
        .unwrap();
    seeder.close().await;
    println!(
        "seeding: {:.1} s, {events} audit events; not part of the report",
        start.elapsed().as_secs_f64()
    );
}

async fn bench() {
    let tasks: usize = env_or("DONDOC_BENCH_TASKS", 1_000_000);
    let dir = tempfile::tempdir().unwrap();
    // A store kept by an earlier run (`DONDOC_BENCH_KEEP=1`), measured again without seeding.
    let reused = std::env::var("DONDOC_BENCH_REUSE").ok();
    let db = match &reused {
        Some(url) => bench_db::BenchDb::existing(url),
        None => bench_db::BenchDb::create("report", dir.path()).await,
    };
    println!(
        "backend {}, {tasks} tasks over {UNITS} units and {} documents issued January–June 2026; \
         Appendix V for 2026 as of {AS_OF}",
        db.backend(),
        tasks.div_ceil(TASKS_PER_DOCUMENT)
    );
    let store = Store::connect(&DatabaseConfig {
        url: SecretString::from(db.url.clone()),
        password: None,
        max_connections: 4,
        busy_timeout: Duration::from_secs(30),
    })
    .await
    .unwrap();
    store.migrate().await.unwrap();
    if reused.is_none() {
        seed(&db.url, tasks).await;
    }

    let calendar = Calendar::shipped().unwrap();
    let period = Period::containing(
        PeriodKind::Year,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    )
    .unwrap();
    let as_of = parse_instant(AS_OF).unwrap();
    assert_eq!(
        as_of,
        end_of_day(NaiveDate::from_ymd_opt(2026, 9, 30).unwrap())
    );
    let scope = Scope::new(period, Some(as_of), false, as_of);
    // The peak so far is the seeding's: start counting again (Linux resets VmHWM on "5").
    std::fs::write("/proc/self/clear_refs", "5").expect("resetting the peak RSS");
    let rss_before = proc_status_kib("VmRSS:");
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        let start = Instant::now();
        let s = dondoc::jobs::report::summary(&store, &scope, &calendar)
            .await
            .unwrap();
        times.push(start.elapsed());
        last = Some(s);
    }
    let peak = proc_status_kib("VmHWM:");
    times.sort();
    let s = last.unwrap();
    println!(
        "Appendix V: {:.2} s (median of 3; {:.2} to {:.2} s), the store's rows streamed into the count",
        times[1].as_secs_f64(),
        times[0].as_secs_f64(),
        times[2].as_secs_f64()
    );
    println!(
        "memory: VmRSS before {:.1} MiB, VmHWM peak {:.1} MiB (+{:.1} MiB)",
        mib(rss_before),
        mib(peak),
        mib(peak.saturating_sub(rss_before))
    );
    let t = s.total;
    println!(
        "counted {} tasks of {} documents in {} rows: not started {} + {} overdue, in progress {} + {} overdue, done {} + {} late; {} drafts",
        t.total(),
        s.documents,
        s.rows.len(),
        t.not_started_on_time,
        t.not_started_overdue,
        t.in_progress_on_time,
        t.in_progress_overdue,
        t.done_on_time,
        t.done_late,
        s.drafts
    );
    assert!(t.total() > 0 && t.total() <= tasks as u64);
    assert_eq!(
        s.rows.iter().map(|r| r.counts.total()).sum::<u64>(),
        t.total(),
        "the rows add up to the total"
    );
    store.close().await;
    if std::env::var("DONDOC_BENCH_KEEP").is_ok_and(|v| v == "1") {
        println!("kept: {}", db.url);
        std::mem::forget(dir);
    } else {
        db.drop().await;
    }
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(bench());
}
