//! Sources side by side: a message offered to two daemons is processed by the one that claims it;
//! each source's passes are counted under its name; `dondoc sync --once` runs every source once
//! and `dondoc sources status` says what each did.

use chrono::{DateTime, Duration, Utc};
use dondoc::store::PassCounts;

use crate::helpers::{files_in, Cli, TestDb};
use crate::on_both_backends;

fn at(s: &str) -> DateTime<Utc> {
    dondoc::clock::parse_instant(s).unwrap()
}

on_both_backends!(
    a_message_is_claimed_by_one_daemon_until_its_lease_runs_out,
    a_sources_passes_add_up_and_its_last_success_survives_a_failure,
);

async fn a_message_is_claimed_by_one_daemon_until_its_lease_runs_out(db: &TestDb) {
    let s = &db.store;
    let t0 = at("2026-11-27T08:00:00+07:00");
    let lease = Duration::minutes(10);
    assert!(s
        .claim_source_message("axis", "doc-1", "a", t0, t0 + lease)
        .await
        .unwrap());
    let t1 = t0 + Duration::minutes(1);
    assert!(!s
        .claim_source_message("axis", "doc-1", "b", t1, t1 + lease)
        .await
        .unwrap());
    // The same message on another source is another message.
    assert!(s
        .claim_source_message("inbox", "doc-1", "b", t1, t1 + lease)
        .await
        .unwrap());
    // A daemon that died holding it frees it when the lease runs out.
    let t2 = t0 + lease + Duration::seconds(1);
    assert!(s
        .claim_source_message("axis", "doc-1", "b", t2, t2 + lease)
        .await
        .unwrap());
    // The late first daemon cannot let go of what is no longer its claim.
    s.release_source_message("axis", "doc-1", "a")
        .await
        .unwrap();
    assert!(!s
        .claim_source_message("axis", "doc-1", "a", t2, t2 + lease)
        .await
        .unwrap());
    s.release_source_message("axis", "doc-1", "b")
        .await
        .unwrap();
    assert!(s
        .claim_source_message("axis", "doc-1", "a", t2, t2 + lease)
        .await
        .unwrap());
}

async fn a_sources_passes_add_up_and_its_last_success_survives_a_failure(db: &TestDb) {
    let s = &db.store;
    let one = PassCounts {
        fetched: 3,
        stored: 2,
        dead_lettered: 1,
        retried: 4,
        skipped: 5,
    };
    let t0 = at("2026-11-27T08:00:00+07:00");
    s.record_pass("axis", t0, None, &one).await.unwrap();
    let t1 = t0 + Duration::minutes(1);
    s.record_pass("axis", t1, Some("the axis answered 503"), &one)
        .await
        .unwrap();
    let all = s.source_statuses().await.unwrap();
    assert_eq!(all.len(), 1);
    let axis = &all[0];
    assert_eq!(axis.passes, 2);
    assert_eq!(axis.last_poll_at, Some(t1));
    assert_eq!(axis.last_success_at, Some(t0));
    assert_eq!(axis.last_error.as_deref(), Some("the axis answered 503"));
    assert_eq!(
        axis.counts,
        PassCounts {
            fetched: 6,
            stored: 4,
            dead_lettered: 2,
            retried: 8,
            skipped: 10,
        }
    );
}

#[test]
fn sync_once_runs_every_source_and_sources_status_says_what_each_did() {
    let cli = Cli::new();
    crate::daemon::seed_inbox(&cli);
    let inbox = cli.path("inbox");
    let before = cli.json_lines(&["sources", "status", "--json"]);
    assert_eq!(before.len(), 1);
    assert_eq!(before[0]["source"], "inbox");
    assert_eq!(before[0]["passes"], 0, "never polled");

    let out = cli.stdout(&["sync", "--once"]);
    assert!(out.contains("inbox: 4 stored"), "{out}");
    assert!(files_in(&inbox).is_empty());

    let status = cli.json_lines(&["sources", "status", "--json"]);
    let s = &status[0];
    for key in [
        "source",
        "type",
        "last_poll_at",
        "last_success_at",
        "last_error",
        "passes",
        "fetched",
        "stored",
        "dead_lettered",
        "retried",
        "skipped",
    ] {
        assert!(s.get(key).is_some(), "{key} missing from {s}");
    }
    assert_eq!(s["type"], "spool");
    assert_eq!(
        (s["passes"].as_u64(), s["stored"].as_u64()),
        (Some(1), Some(4))
    );
    assert_eq!(s["fetched"], 4);
    assert!(s["last_success_at"].is_string());
    assert!(s["last_error"].is_null());

    // A folder is not shared: the same files dropped again are taken again (and change nothing).
    crate::daemon::seed_inbox(&cli);
    let out = cli.stdout(&["sync", "--once"]);
    assert!(out.contains("inbox: 0 stored, 4 unchanged"), "{out}");
}
