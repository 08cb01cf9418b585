//! The remind job (`[jobs.remind]`): the daemon decides and queues the urging notices at its cron
//! instants, only on working days within office hours, and a run missed while it was down is
//! caught up once at start. On both backends.
//!
//! The directive (from `urging.rs`) is due on Friday 13 February 2026; its heads-ups are due from
//! Tuesday 10 February, its Phiếu báo from Monday 23 February, after Tết.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use dondoc::clock::{parse_instant, FixedClock, SharedClock, TimerClock};
use dondoc::config::Config;
use dondoc::hooks::Hooks;
use dondoc::scheduler::remind::{Outcome, NAME};
use dondoc::scheduler::{Closed, RemindJob};
use dondoc::shutdown::Shutdown;
use dondoc::store::JobRun;
use dondoc::urging::NoticeKind;

use crate::helpers::{units_file, TestDb};
use crate::on_both_backends;
use crate::urging::a_confirmed_directive;

fn at(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

/// The daemon's configuration on `db`'s database, without sources, with `extra` TOML appended.
fn config(db: &TestDb, extra: &str) -> (Config, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dondoc.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\nsources = []\n[database]\nurl = {:?}\n[units]\nfile = {:?}\n{extra}",
            dir.path().display().to_string(),
            db.url,
            units_file().display().to_string()
        ),
    )
    .unwrap();
    let config = dondoc::config::load(Some(&file), Some(Default::default())).unwrap();
    (config, dir)
}

fn job(db: &TestDb, config: &Config, clock: SharedClock) -> RemindJob {
    RemindJob::new(db.store.clone(), Arc::new(config.clone()), clock)
}

/// Runs the job's cron loop, on a clock starting at `start`, until its first run, and returns the instant that run
/// was for and its outcome. Tokio's clock runs in real time here, since the store's I/O must not
/// let a paused clock leap ahead; `start` is a few milliseconds before the instant, and the test
/// waits for the run itself, not for a guessed delay.
async fn first_cron_run(db: &TestDb, config: &Config, start: &str) -> (DateTime<Utc>, Outcome) {
    let clock: SharedClock = Arc::new(TimerClock::starting_at(at(start)));
    let job = job(db, config, clock.clone());
    let shutdown = Shutdown::new();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let loop_ = dondoc::scheduler::run_cron(
        NAME,
        &config.jobs.remind.job.schedule,
        clock,
        shutdown.clone(),
        |scheduled| {
            let job = job.clone();
            let tx = tx.clone();
            async move {
                let _ = tx.send((scheduled, job.run_for(scheduled).await.unwrap()));
            }
        },
    );
    let first = async {
        let run = rx.recv().await.unwrap();
        shutdown.trigger();
        run
    };
    let ((), run) = tokio::time::timeout(std::time::Duration::from_secs(60), async {
        tokio::join!(loop_, first)
    })
    .await
    .expect("the job never ran");
    run
}

/// A start of the daemon at `now`, stopped at once: the remind job catches up first, and a run
/// in progress when the stop comes is finished.
async fn start_daemon(config: &Config, now: &str) {
    let clock: SharedClock = Arc::new(FixedClock::new(at(now)));
    let app = dondoc::app::App::build(config.clone(), clock, Hooks::none())
        .await
        .unwrap();
    let stop = Shutdown::new();
    stop.trigger();
    app.run(stop).await.unwrap();
}

on_both_backends!(
    the_remind_job_queues_the_notices_due_at_its_cron_time_on_a_working_day,
    the_remind_job_decides_nothing_on_a_sunday_or_outside_office_hours,
    a_missed_run_is_caught_up_once_at_start_and_not_again,
);

async fn the_remind_job_queues_the_notices_due_at_its_cron_time_on_a_working_day(db: &TestDb) {
    let (config, _dir) = config(db, "");
    a_confirmed_directive(db, &config).await;
    // Tuesday 10 February, just before the default 07:30.
    let (scheduled, outcome) = first_cron_run(db, &config, "2026-02-10T07:29:59.990+07:00").await;
    assert_eq!(scheduled, at("2026-02-10T07:30:00+07:00"));
    assert_eq!(outcome, Outcome::Decided { due: 3, queued: 3 });
    let queue = db.store.queued_notices().await.unwrap();
    assert_eq!(queue.len(), 3);
    assert!(queue.iter().all(|n| n.kind == NoticeKind::HeadsUp));
    let run = db.store.last_job_run(NAME).await.unwrap().unwrap();
    assert_eq!(run.scheduled_for, scheduled);
}

async fn the_remind_job_decides_nothing_on_a_sunday_or_outside_office_hours(db: &TestDb) {
    let (config, _dir) = config(db, "[jobs.remind]\nschedule = \"0 0 * * * *\"\n");
    a_confirmed_directive(db, &config).await;

    // Tuesday 10 February at 18:00: the heads-ups are due, but the Office has gone home.
    let (scheduled, outcome) = first_cron_run(db, &config, "2026-02-10T17:59:59.990+07:00").await;
    assert_eq!(scheduled, at("2026-02-10T18:00:00+07:00"));
    assert!(
        matches!(outcome, Outcome::Closed(Closed::OutsideHours(_))),
        "{outcome:?}"
    );
    // Sunday 1 March at 08:00: the second Phiếu báo is due, but it is a day off.
    let (_, outcome) = first_cron_run(db, &config, "2026-03-01T07:59:59.990+07:00").await;
    assert!(
        matches!(outcome, Outcome::Closed(Closed::DayOff(_))),
        "{outcome:?}"
    );
    assert!(db.store.queued_notices().await.unwrap().is_empty());
    let run = db.store.last_job_run(NAME).await.unwrap().unwrap();
    assert_eq!(
        run.scheduled_for,
        at("2026-03-01T08:00:00+07:00"),
        "a closed run is a run"
    );

    // Monday 2 March at 08:00, the Office open: what was due is decided.
    let (_, outcome) = first_cron_run(db, &config, "2026-03-02T07:59:59.990+07:00").await;
    let Outcome::Decided { queued, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert!(queued > 0);
    assert!(db
        .store
        .queued_notices()
        .await
        .unwrap()
        .iter()
        .any(|n| n.kind == NoticeKind::Notice));
}

async fn a_missed_run_is_caught_up_once_at_start_and_not_again(db: &TestDb) {
    let (config, _dir) = config(db, "");
    a_confirmed_directive(db, &config).await;

    // Tuesday 10 February at 06:00: Monday's 07:30 run was missed, but the Office opens at 07:00.
    start_daemon(&config, "2026-02-10T06:00:00+07:00").await;
    assert!(db.store.queued_notices().await.unwrap().is_empty());
    assert_eq!(db.store.last_job_run(NAME).await.unwrap(), None);

    // At 09:00 the daemon starts again: today's 07:30 run was missed, and is caught up.
    start_daemon(&config, "2026-02-10T09:00:00+07:00").await;
    let queue = db.store.queued_notices().await.unwrap();
    assert_eq!(queue.len(), 3, "the heads-ups");
    let caught_up = JobRun {
        scheduled_for: at("2026-02-10T07:30:00+07:00"),
        finished_at: at("2026-02-10T09:00:00+07:00"),
    };
    assert_eq!(db.store.last_job_run(NAME).await.unwrap(), Some(caught_up));

    // A second start the same morning finds the run done and does nothing.
    start_daemon(&config, "2026-02-10T09:30:00+07:00").await;
    assert_eq!(db.store.queued_notices().await.unwrap(), queue);
    assert_eq!(db.store.last_job_run(NAME).await.unwrap(), Some(caught_up));

    // Another daemon on the same store catching up the same instant queues nothing twice, and
    // an older record never replaces a newer one.
    let clock = Arc::new(FixedClock::new(at("2026-02-10T09:45:00+07:00")));
    let outcome = job(db, &config, clock)
        .run_for(at("2026-02-10T07:30:00+07:00"))
        .await
        .unwrap();
    assert_eq!(outcome, Outcome::Decided { due: 3, queued: 0 });
    db.store
        .record_job_run(
            NAME,
            at("2026-02-09T07:30:00+07:00"),
            at("2026-02-10T10:00:00+07:00"),
        )
        .await
        .unwrap();
    assert_eq!(
        db.store
            .last_job_run(NAME)
            .await
            .unwrap()
            .unwrap()
            .scheduled_for,
        caught_up.scheduled_for
    );
    assert_eq!(db.store.queued_notices().await.unwrap(), queue);
}
