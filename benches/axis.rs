//! `cargo bench --bench axis`: documents per second through the whole pipeline from the document
//! axis, and the memory it takes.
//!
//! A mock axis (wiremock, with memory: `tests/support/mock_axis.rs`) offers
//! `DONDOC_BENCH_DOCUMENTS` (default 2 000) directives, the four demo samples
//! (`config/demo/inbox/`) under distinct numbers. The daemon's pass (`sync::sources::pass`:
//! list, claim, fetch over HTTP with the signed headers, parse, extract the tasks, store in one
//! transaction, acknowledge) runs as `dondoc sync --once`, a process of its own, until the axis
//! has nothing left; the bench prints documents per second (start-up included) and that
//! process's peak resident memory. Every document must be acknowledged `done`.
//!
//! SQLite by default, in a temporary folder; PostgreSQL when `DONDOC_BENCH_DATABASE_URL` is set
//! (a fresh database is created beside the one named and dropped at the end).

#[path = "support/bench_db.rs"]
mod bench_db;
#[path = "../tests/support/mock_axis.rs"]
mod mock_axis;

use bench_db::BenchDb;

use std::collections::BTreeMap;
use std::time::Instant;

use nix::sys::resource::{getrusage, UsageWho};

const SAMPLES: [&str; 4] = [
    "2026-11-02_1502-UBND-KT.edxml",
    "2026-11-16_1611-UBND-XD.edxml",
    "2026-11-24_52-TB-VPUB.edxml",
    "2026-11-25_07-CD-UBND.edxml",
];

/// The samples, each under numbers of its own: `n` distinct documents.
fn documents(n: usize) -> BTreeMap<String, Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/config/demo/inbox");
    let samples: Vec<String> = SAMPLES
        .iter()
        .map(|f| std::fs::read_to_string(format!("{dir}/{f}")).unwrap())
        .collect();
    (0..n)
        .map(|i| {
            let sample = &samples[i % samples.len()];
            // The number, and the DocumentId that carries it, make the document another one.
            let start = sample.find("<edXML:CodeNumber>").unwrap() + "<edXML:CodeNumber>".len();
            let end = start + sample[start..].find('<').unwrap();
            let (old, new) = (&sample[start..end], 100_000 + i);
            let doc = format!("{}{new}{}", &sample[..start], &sample[end..])
                .replace(&format!(",{old}/"), &format!(",{new}/"));
            (format!("doc-{i:06}"), doc.into_bytes())
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("DONDOC_BENCH_DOCUMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let (server, axis) = mock_axis::start(documents(n)).await;
    let dir = tempfile::tempdir().unwrap();
    let db = BenchDb::create("axis", dir.path()).await;
    let database = format!("[database]\nurl = \"{}\"\n", db.url);
    let file = dir.path().join("dondoc.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\n{database}[units]\nfile = {:?}\n[[sources]]\ntype = \"vdxp\"\n\
             name = \"axis\"\nendpoint = {:?}\nsystem_id = \"000.00.31.H57\"\n\
             secret = \"bench-secret\"\nour_organ_ids = [\"000.00.31.H57\"]\n\
             tracked_issuers = [\"{}\"]\npage_size = 1000\n",
            dir.path().display().to_string(),
            concat!(env!("CARGO_MANIFEST_DIR"), "/config/units.toml"),
            server.uri(),
            mock_axis::COMMITTEE,
        ),
    )
    .unwrap();
    println!(
        "store: {}; {n} documents offered by the mock axis",
        db.backend()
    );
    // The daemon's pass, as its own process (the mock axis stays in this one, so that its
    // memory is not counted): `dondoc sync --once`, until the axis has nothing left.
    let start = Instant::now();
    let mut passes = 0;
    while !axis.waiting.lock().unwrap().is_empty() && passes < 10 {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dondoc"))
            .args(["sync", "--once"])
            .env("DONDOC_CONFIG", &file)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        passes += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let peak_kib = getrusage(UsageWho::RUSAGE_CHILDREN)
        .map(|u| u.max_rss())
        .unwrap_or(0);
    let acked = axis
        .acks
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, s)| s == "done")
        .count();
    assert_eq!(acked, n, "every document acknowledged");
    println!(
        "{n} documents in {secs:.2} s over {passes} run(s) of `dondoc sync --once`: {:.0} \
         documents/s; the process's peak RSS {:.1} MiB",
        n as f64 / secs,
        peak_kib as f64 / 1024.0
    );
    db.drop().await;
}
