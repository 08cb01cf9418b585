//! `cargo bench --bench urging`: what deciding the urging notices costs on a large store.
//!
//! Seeds a fresh store with `DONDOC_BENCH_TASKS` (default 1 000 000) confirmed open tasks over
//! 200 units and one document per 50 tasks, their deadlines spread over five years (about 1 % of
//! the tasks overdue, about 0.5 % due within the heads-up window, on few documents, as a
//! directive's tasks share their deadlines), then decides the notices at one instant
//! (`DONDOC_BENCH_AS_OF`, default Tuesday 10 March 2026 at 8 o'clock in Vietnam) the way
//! `dondoc remind --dry-run` does (`urging::remind`, the store's reads and the policy), and
//! prints: seeding time, decision time (median of 3 runs), notices decided, rows read, the
//! process's memory during the decision (VmRSS before, VmHWM peak, their difference), and the
//! plans of the queries the decision runs.
//!
//! SQLite by default, in a temporary folder; PostgreSQL when `DONDOC_BENCH_DATABASE_URL` is set
//! (e.g. `postgres://postgres@127.0.0.1:5432/test`): a fresh database is created beside the one
//! named and dropped at the end, as the tests do (`DONDOC_BENCH_KEEP=1` keeps it, and the SQLite file).
//!
//! Seeding writes SQL of its own (multi-row INSERTs, in transactions): it is the bench's setup,
//! not dondoc's behaviour, and is timed apart.

#[path = "support/measure.rs"]
mod measure;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, Utc};
use dondoc::clock::{local_date, parse_instant};
use dondoc::config::{Config, DatabaseConfig};
use dondoc::jobs;
use dondoc::store::Store;
use dondoc::urging::Policy;
use measure::{day, env_or, mib, mix, proc_status_kib, run_in_transactions};
use secrecy::SecretString;
use sqlx::{AnyPool, Row};

const UNITS: usize = 200;
const TASKS_PER_DOCUMENT: usize = 50;
/// Rows per INSERT statement, and statements per transaction.
const ROWS_PER_INSERT: usize = 1000;
const INSERTS_PER_TX: usize = 50;
const DEFAULT_AS_OF: &str = "2026-03-10T08:00:00+07:00";

/// The SQL the store's urging reads run (`store/urging.rs`), for their plans. The bench checks
/// that the first one returns as many rows as `Store::urging_candidates` reads, so that a change
/// there that this copy misses shows.
const VIEW: &str = "SELECT t.id, t.document_id, d.code_number, d.code_notation, d.issued_on, \
     d.urgency, t.lead_unit, lu.name, lu.verified, lu.tracking_specialist, t.content, t.due_date, \
     t.due_time, t.state, t.review, t.tracking_specialist \
     FROM tasks t JOIN documents d ON d.id = t.document_id JOIN units lu ON lu.key = t.lead_unit";
const OPEN: &str = "t.state IN ('not_started', 'in_progress')";
/// The same columns reached from the documents, as `Store::open_tasks_of_documents` reads them.
const VIEW_FROM_DOCUMENTS: &str = "SELECT t.id, t.document_id, d.code_number, d.code_notation, \
     d.issued_on, d.urgency, t.lead_unit, lu.name, lu.verified, lu.tracking_specialist, t.content, \
     t.due_date, t.due_time, t.state, t.review, t.tracking_specialist \
     FROM documents d CROSS JOIN tasks t JOIN units lu ON lu.key = t.lead_unit";

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d + Days::new(days as u64)
    } else {
        d - Days::new(days.unsigned_abs())
    }
}

/// A document's deadline plan: its first deadline, and whether all its tasks share it (else
/// they are staged two weeks apart, `seq % 5`).
fn document_plan(doc: usize, today: NaiveDate) -> (NaiveDate, NaiveDate, bool) {
    let h = mix(doc as u64);
    let class = h % 1000;
    let (first, staged) = if class < 12 {
        // 1.2 % of the documents: a first deadline in the last four months, later stages not
        // all passed.
        (plus(today, -(1 + (h >> 10) as i64 % 120)), true)
    } else if class < 18 {
        // 0.6 %: every task due within the next five days.
        (plus(today, (h >> 10) as i64 % 5), false)
    } else {
        // The rest: due from ten days to five years ahead.
        (plus(today, 10 + (h >> 10) as i64 % (5 * 365)), true)
    };
    let issued = plus(today.min(first), -(1 + (h >> 20) as i64 % 700));
    (first, issued, staged)
}

async fn seed(pool: &AnyPool, tasks: usize, today: NaiveDate, now: &str) {
    let documents = tasks.div_ceil(TASKS_PER_DOCUMENT);
    let mut statements: Vec<String> = Vec::new();

    let mut units = String::from(
        "INSERT INTO units (key, name, kind, verified, tracking_specialist, updated_at) VALUES ",
    );
    let mut emails = String::from("INSERT INTO unit_emails (unit_key, email) VALUES ");
    for u in 0..UNITS {
        let sep = if u == 0 { "" } else { ", " };
        let specialist = if u % 3 == 0 {
            format!("'cv{}@vpubnd.example.gov.vn'", u % 7)
        } else {
            "NULL".into()
        };
        write!(
            units,
            "{sep}('bench-unit-{u:03}', 'Đơn vị thử nghiệm số {u}', 'department', 1, {specialist}, '{now}')"
        )
        .unwrap();
        write!(
            emails,
            "{sep}('bench-unit-{u:03}', 'donvi{u}@example.gov.vn')"
        )
        .unwrap();
    }
    statements.push(units);
    statements.push(emails);
    run_in_transactions(INSERTS_PER_TX, pool, statements).await;

    let mut batch = Vec::new();
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
        let (_, issued, _) = document_plan(doc, today);
        let urgency = if mix(doc as u64 ^ 0xabcd) % 50 == 0 {
            "urgent"
        } else {
            "normal"
        };
        write!(
            sql,
            "({id}, 'bench:{id}', 'bench', '000.00.00.H57', 'UBND tỉnh Thừa Thiên Huế', '{id}', \
             'UBND-KT', 'V/v triển khai nhiệm vụ số {id}', '{issued}', '{urgency}', '{now}')",
            id = doc + 1,
            issued = day(issued),
        )
        .unwrap();
        if (doc + 1) % ROWS_PER_INSERT == 0 {
            batch.push(std::mem::take(&mut sql));
        }
    }
    if !sql.is_empty() {
        batch.push(std::mem::take(&mut sql));
    }
    run_in_transactions(INSERTS_PER_TX, pool, batch).await;

    let mut batch = Vec::new();
    let mut in_statement = 0;
    for i in 0..tasks {
        let doc = i / TASKS_PER_DOCUMENT;
        let seq = i % TASKS_PER_DOCUMENT;
        let (first, _, staged) = document_plan(doc, today);
        let due = if staged {
            plus(first, 14 * (seq % 5) as i64)
        } else {
            first
        };
        // Ten units per document, five tasks each.
        let unit = (doc * 7 + (seq % 10) * 19) % UNITS;
        let state = if mix(i as u64) % 10 < 3 {
            "in_progress"
        } else {
            "not_started"
        };
        if in_statement == 0 {
            sql.push_str(
                "INSERT INTO tasks (id, document_id, seq, content, lead_unit, due_date, state, \
                 provenance, review, flags, created_at, updated_at, confirmed_at) VALUES ",
            );
        } else {
            sql.push_str(", ");
        }
        write!(
            sql,
            "({id}, {doc_id}, {seq}, 'Chủ trì, phối hợp triển khai nội dung số {seq} của văn bản, \
             báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh', 'bench-unit-{unit:03}', '{due}', \
             '{state}', 'extracted', 'confirmed', '', '{now}', '{now}', '{now}')",
            id = i + 1,
            doc_id = doc + 1,
            due = day(due),
        )
        .unwrap();
        in_statement += 1;
        if in_statement == ROWS_PER_INSERT {
            batch.push(std::mem::take(&mut sql));
            in_statement = 0;
            if batch.len() == INSERTS_PER_TX {
                run_in_transactions(INSERTS_PER_TX, pool, std::mem::take(&mut batch)).await;
            }
        }
    }
    if !sql.is_empty() {
        batch.push(sql);
    }
    run_in_transactions(INSERTS_PER_TX, pool, batch).await;
}

/// The queries a decision runs, with their bound values (the id lists as the store inlines or
/// binds them, here inlined).
fn decision_queries(
    due_on_or_before: NaiveDate,
    late_documents: &[i64],
    units: &[String],
) -> Vec<(&'static str, String, Vec<String>)> {
    let ids = |v: &[i64]| {
        v.iter()
            .take(500)
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let quoted = |v: &[String]| {
        v.iter()
            .take(500)
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        (
            "urging_candidates: open confirmed tasks due on or before the horizon",
            format!(
                "{VIEW} WHERE {OPEN} AND t.due_date IS NOT NULL AND t.due_date <= $1 \
                 AND t.review = 'confirmed' ORDER BY t.id"
            ),
            vec![day(due_on_or_before)],
        ),
        (
            "urging_candidates: open confirmed tasks without a deadline (update-request window only)",
            format!("{VIEW} WHERE {OPEN} AND t.due_date IS NULL AND t.review = 'confirmed' ORDER BY t.id"),
            vec![],
        ),
        (
            "urging_candidates: returned confirmed tasks",
            format!("{VIEW} WHERE t.state = 'returned' AND t.review = 'confirmed' ORDER BY t.id"),
            vec![],
        ),
        (
            "urging_candidates: open drafts (entry watch)",
            format!("{VIEW} WHERE t.review = 'draft' AND {OPEN} ORDER BY t.id"),
            vec![],
        ),
        (
            "open_tasks_of_documents: the open tasks of the documents a unit is late on (first chunk of 500)",
            format!(
                "{VIEW_FROM_DOCUMENTS} WHERE d.id IN ({}) AND t.document_id = d.id AND {OPEN} AND t.review = 'confirmed' ORDER BY t.id",
                ids(late_documents)
            ),
            vec![],
        ),
        (
            "with_emails: the lead units' addresses",
            format!(
                "SELECT unit_key, email FROM unit_emails WHERE unit_key IN ({}) ORDER BY unit_key, email",
                quoted(units)
            ),
            vec![],
        ),
        (
            "queued_keys: which notices the queue holds (dry run)",
            "SELECT dedupe_key FROM notices WHERE dedupe_key IN ('heads_up|x|1|-|2026-03-12', 'notice|x|1|1|2026-03-01')".into(),
            vec![],
        ),
    ]
}

async fn explain(pool: &AnyPool, postgres: bool, sql: &str, binds: &[String]) -> String {
    let text = if postgres {
        format!("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) {sql}")
    } else {
        format!("EXPLAIN QUERY PLAN {sql}")
    };
    let mut q = sqlx::query(&text).persistent(false);
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.fetch_all(pool).await.unwrap();
    let mut out = String::new();
    for r in rows {
        if postgres {
            let line: String = r.try_get(0).unwrap();
            writeln!(out, "    {line}").unwrap();
        } else {
            let id: i64 = r.try_get(0).unwrap();
            let parent: i64 = r.try_get(1).unwrap();
            let detail: String = r.try_get(3).unwrap();
            writeln!(out, "    [{id} ← {parent}] {detail}").unwrap();
        }
    }
    out
}

fn config(dir: &std::path::Path) -> Config {
    let file = dir.join("dondoc.toml");
    let units = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("config/units.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\n[units]\nfile = {:?}\n[urging]\nleaders = [\"chutich@example.gov.vn\"]\n",
            dir.display().to_string(),
            units.display().to_string()
        ),
    )
    .unwrap();
    dondoc::config::load(Some(&file), Some(Default::default())).unwrap()
}

fn db_config(url: &str) -> DatabaseConfig {
    DatabaseConfig {
        url: SecretString::from(url.to_string()),
        password: None,
        max_connections: 4,
        busy_timeout: Duration::from_secs(30),
    }
}

/// The URL with its database name replaced.
fn replace_db(url: &str, name: &str) -> String {
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

async fn bench() {
    sqlx::any::install_default_drivers();
    let tasks: usize = env_or("DONDOC_BENCH_TASKS", 1_000_000);
    let as_of: DateTime<Utc> =
        parse_instant(&env_or("DONDOC_BENCH_AS_OF", DEFAULT_AS_OF.to_string()))
            .expect("DONDOC_BENCH_AS_OF is an instant");
    let keep = std::env::var("DONDOC_BENCH_KEEP").is_ok_and(|v| v == "1");
    let today = local_date(as_of);
    let now = dondoc::clock::local_instant(
        plus(today, -1),
        chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
    )
    .format("%Y-%m-%dT%H:%M:%S%.6fZ")
    .to_string();
    let dir = tempfile::tempdir().unwrap();
    let config = config(dir.path());

    let admin_url = std::env::var("DONDOC_BENCH_DATABASE_URL").ok();
    let postgres = admin_url.is_some();
    let (url, pg_name) = match &admin_url {
        Some(admin) => {
            let name = format!("dondoc_bench_{}", std::process::id());
            let pool = AnyPool::connect(admin).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .unwrap_or_else(|e| panic!("cannot create the bench database {name}: {e}"));
            pool.close().await;
            (replace_db(admin, &name), Some(name))
        }
        None => (
            format!("sqlite://{}", dir.path().join("bench.db").display()),
            None,
        ),
    };
    println!(
        "backend {}, {tasks} confirmed open tasks, {UNITS} units, {} documents, decided at {as_of} ({today} in Vietnam)",
        if postgres { "PostgreSQL" } else { "SQLite" },
        tasks.div_ceil(TASKS_PER_DOCUMENT)
    );

    let store = Store::connect(&db_config(&url)).await.unwrap();
    store.migrate().await.unwrap();

    // Seeding, on a pool of its own that is closed before the decision.
    let seed_url = if postgres {
        url.clone()
    } else {
        format!("{url}?mode=rwc")
    };
    let seeder = AnyPool::connect(&seed_url).await.unwrap();
    if !postgres {
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&seeder)
            .await
            .unwrap();
    }
    let start = Instant::now();
    seed(&seeder, tasks, today, &now).await;
    let seed_insert = start.elapsed();
    if postgres {
        // What autovacuum does on its own after such a load; the planner needs the statistics.
        sqlx::query("VACUUM ANALYZE")
            .execute(&seeder)
            .await
            .unwrap();
    }
    let seeding = start.elapsed();
    let size: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tasks")
        .fetch_one(&seeder)
        .await
        .unwrap();
    assert_eq!(size as usize, tasks);
    println!(
        "seeding: {:.1} s ({:.1} s inserting{}); not part of the decision",
        seeding.as_secs_f64(),
        seed_insert.as_secs_f64(),
        if postgres {
            ", the rest VACUUM ANALYZE"
        } else {
            ""
        }
    );

    // The reads, step by step as `urging::remind` does them, untimed, to count the rows.
    let office = jobs::office_of(&config);
    let policy = Policy::new(&config.urging, &config.calendar, &office);
    let selection = policy.selection(as_of);
    let candidates = store
        .urging_candidates(selection.due_on_or_before, selection.undated)
        .await
        .unwrap();
    let late: BTreeSet<i64> = candidates
        .iter()
        .filter(|t| policy.is_late(t, as_of))
        .map(|t| t.document.id)
        .collect();
    let late_tasks = candidates
        .iter()
        .filter(|t| policy.is_late(t, as_of))
        .count();
    let companions = store.open_tasks_of_documents(&late).await.unwrap();
    let lead_units: Vec<String> = candidates
        .iter()
        .chain(&companions)
        .map(|t| t.lead.key.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let late_ids: Vec<i64> = late.iter().copied().collect();
    let queries = decision_queries(selection.due_on_or_before, &late_ids, &lead_units);
    let copy_count: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM ({}) q",
        queries[0].1.replace(" ORDER BY t.id", "")
    ))
    .bind(day(selection.due_on_or_before))
    .fetch_one(&seeder)
    .await
    .unwrap();
    assert_eq!(
        copy_count as usize,
        candidates.len(),
        "the bench's copy of the candidates query no longer matches the store's"
    );

    // The decision, exactly as `dondoc remind --dry-run` runs it.
    let mut runs = Vec::new();
    let mut decided = 0;
    // Seeding peaked higher: start the peak afresh (Linux resets VmHWM to the current RSS when
    // "5" is written to clear_refs).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let rss_before = proc_status_kib("VmRSS:");
    let hwm_before = proc_status_kib("VmHWM:");
    for _ in 0..3 {
        let start = Instant::now();
        let notices = jobs::remind(&store, &config, as_of, true).await.unwrap();
        runs.push(start.elapsed());
        decided = notices.len();
    }
    let rss_after = proc_status_kib("VmRSS:");
    let hwm_after = proc_status_kib("VmHWM:");
    runs.sort();
    let median = runs[1];

    println!(
        "selection: open confirmed tasks due on or before {}{}",
        selection.due_on_or_before,
        if selection.undated {
            ", and the undated ones"
        } else {
            ""
        }
    );
    println!(
        "decision: median {:.1} ms of 3 runs ({})",
        median.as_secs_f64() * 1000.0,
        runs.iter()
            .map(|d| format!("{:.1} ms", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("notices decided: {decided}");
    println!(
        "rows read: {} ({} candidates, {} of them late on {} documents; {} open tasks of those documents), {:.2} % of the tasks stored",
        candidates.len() + companions.len(),
        candidates.len(),
        late_tasks,
        late.len(),
        companions.len(),
        100.0 * (candidates.len() + companions.len()) as f64 / tasks as f64
    );
    println!(
        "memory during the decision: VmRSS before {:.1} MiB, after {:.1} MiB; peak (VmHWM, reset before) {:.1} MiB, {:+.1} MiB over the RSS before (VmHWM at reset {:.1} MiB)",
        mib(rss_before),
        mib(rss_after),
        mib(hwm_after),
        mib(hwm_after) - mib(rss_before),
        mib(hwm_before)
    );

    println!(
        "\nquery plans ({}):",
        if postgres {
            "PostgreSQL EXPLAIN (ANALYZE, BUFFERS), actual rows"
        } else {
            "SQLite EXPLAIN QUERY PLAN, no ANALYZE statistics, as dondoc leaves the file"
        }
    );
    for (what, sql, binds) in &queries {
        println!("\n  {what}");
        if !binds.is_empty() {
            println!("    ($1 = '{}')", binds.join("', '"));
        }
        let mut q = sqlx::query(sql).persistent(false);
        for b in binds {
            q = q.bind(b);
        }
        let start = Instant::now();
        let rows = q.fetch_all(&seeder).await.unwrap().len();
        println!(
            "    (run alone: {rows} rows in {:.1} ms)",
            start.elapsed().as_secs_f64() * 1000.0
        );
        print!("{}", explain(&seeder, postgres, sql, binds).await);
    }

    seeder.close().await;
    store.close().await;
    if keep && !postgres {
        println!(
            "\nkept the database {}",
            dir.keep().join("bench.db").display()
        );
    }
    if let (Some(admin), Some(name)) = (&admin_url, pg_name) {
        if keep {
            println!("\nkept the database {name}");
        } else {
            let pool = AnyPool::connect(admin).await.unwrap();
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&pool)
                .await;
            pool.close().await;
        }
    }
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(bench());
}
