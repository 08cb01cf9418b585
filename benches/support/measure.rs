//! What the seeding benches share: their settings from the environment, a fixed pseudo-random
//! spread, the process's memory, days as the store writes them (`#[path]`-included).

use chrono::NaiveDate;

pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v:?} does not read"))
        })
        .unwrap_or(default)
}

/// splitmix64: a fixed, well-spread pseudo-random number for `i`.
pub fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub fn proc_status_kib(field: &str) -> u64 {
    proc_status_kib_of("self", field)
}

/// A field of `/proc/<process>/status` in KiB (`process`: a pid, or `self`).
pub fn proc_status_kib_of(process: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{process}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

pub fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Runs the seeding `statements`, `per_tx` to a transaction, unprepared (each is used once).
pub async fn run_in_transactions(per_tx: usize, pool: &sqlx::AnyPool, statements: Vec<String>) {
    for chunk in statements.chunks(per_tx) {
        let mut tx = pool.begin().await.unwrap();
        for s in chunk {
            sqlx::query(s)
                .persistent(false)
                .execute(&mut *tx)
                .await
                .unwrap_or_else(|e| panic!("seeding failed: {e}"));
        }
        tx.commit().await.unwrap();
    }
}
