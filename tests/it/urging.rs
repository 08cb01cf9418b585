//! Urging end to end (Điều 8.1.e, Appendix II): the notices a run decides are queued once, however
//! often it runs; a result the Office records stops them and stays in the audit trail. The store's
//! side runs on both backends, the command line's contract on SQLite.
//!
//! The directive below is issued on Monday 2 February 2026 and due on Friday 13 February, the
//! last working day before Tết Bính Ngọ (Saturday 14 – Sunday 22 February).

use chrono::{DateTime, Utc};
use dondoc::config::Config;
use dondoc::domain::{Actor, TaskState};
use dondoc::jobs;
use dondoc::progress::{self, ProgressError};
use dondoc::store::{QueuedNotice, TaskRow};
use dondoc::urging::{self, NoticeFlag, NoticeKind};

use crate::helpers::{
    edxml, set_task_state, take_in_and_confirm, units_file, urged, with_content, Cli, TestDb, To,
    STNMT, SXD,
};
use crate::on_both_backends;

/// A unit the directory does not know, so without an address.
const UNKNOWN: To = To {
    organ_id: "000.00.99.H57",
    name: "Ban Quản lý dự án thử nghiệm",
};

const LEADERS: &str = "chutich@thuathienhue.example";

fn at(s: &str) -> DateTime<Utc> {
    dondoc::clock::parse_instant(s).unwrap()
}

/// The configuration as an admin writes it, with the shipped unit directory.
fn config() -> Config {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dondoc.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\n[units]\nfile = {:?}\n[urging]\nleaders = [\"{LEADERS}\"]\n",
            dir.path().display().to_string(),
            units_file().display().to_string()
        ),
    )
    .unwrap();
    dondoc::config::load(Some(&file), Some(Default::default())).unwrap()
}

/// Directive 1502/UBND-KT to the Construction and Environment departments and an unknown board,
/// its three tasks (one per recipient, from its header) confirmed on 3 February.
pub async fn a_confirmed_directive(db: &TestDb, config: &Config) -> Vec<TaskRow> {
    db.store
        .load_directory(&config.units.directory, at("2026-02-02"))
        .await
        .unwrap();
    let msg = edxml(
        "1502",
        "UBND-KT",
        "2026/02/02",
        Some("2026/02/13"),
        &[SXD, STNMT, UNKNOWN],
        "V/v đẩy nhanh giải ngân vốn đầu tư công",
    );
    let tasks = take_in_and_confirm(&db.store, "1502.edxml", &msg).await;
    assert_eq!(tasks.len(), 3, "{tasks:?}");
    tasks
}

async fn queue(db: &TestDb) -> Vec<QueuedNotice> {
    db.store.queued_notices().await.unwrap()
}

async fn run(db: &TestDb, config: &Config, instant: &str) -> Vec<jobs::Decided> {
    jobs::remind(&db.store, config, at(instant), false)
        .await
        .unwrap()
}

on_both_backends!(
    running_remind_twice_or_a_day_later_never_queues_a_notice_twice,
    a_unit_without_an_address_is_noticed_all_the_same_and_flagged,
    a_result_the_office_records_is_audited_and_stops_the_notices,
);

async fn running_remind_twice_or_a_day_later_never_queues_a_notice_twice(db: &TestDb) {
    let config = config();
    a_confirmed_directive(db, &config).await;
    // Tuesday 10 February: the heads-ups.
    let first = run(db, &config, "2026-02-10T08:00:00+07:00").await;
    assert_eq!(first.len(), 3, "{first:?}");
    assert!(first
        .iter()
        .all(|d| d.notice.kind == NoticeKind::HeadsUp && d.queued.is_some()));
    // Monday 23 February, the first working day after Tết: the first Phiếu báo, and the digest.
    let first_notices = run(db, &config, "2026-02-23T08:00:00+07:00").await;
    assert!(first_notices.iter().all(|d| d.queued.is_some()));
    let after_first = queue(db).await;
    let again = run(db, &config, "2026-02-23T15:00:00+07:00").await;
    // The heads-ups and digests are decided again and found queued; the Phiếu báo are in
    // their cases, whose next notice is not due yet.
    assert!(!again.is_empty());
    assert!(again.iter().all(|d| d.already_queued && d.queued.is_none()));
    assert!(again.iter().all(|d| d.notice.kind != NoticeKind::Notice));
    let next_day = run(db, &config, "2026-02-24T08:00:00+07:00").await;
    assert!(next_day.iter().all(|d| d.queued.is_none()), "{next_day:?}");
    assert_eq!(queue(db).await, after_first, "nothing queued twice");

    let notices: Vec<&QueuedNotice> = after_first
        .iter()
        .filter(|n| n.kind == NoticeKind::Notice)
        .collect();
    assert_eq!(notices.len(), 3, "one per unit and document");
    assert!(notices.iter().all(|n| n.sequence == Some(1)));
    assert!(notices.iter().all(
        |n| n.subject == "Phiếu báo số 1: nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT"
    ));
    assert_eq!(
        after_first
            .iter()
            .filter(|n| n.kind == NoticeKind::Digest)
            .count(),
        4,
        "one per unit and one to the Office"
    );

    // Thursday 26 February: the second, three working days later.
    let second = run(db, &config, "2026-02-26T08:00:00+07:00").await;
    let queued: Vec<_> = second.iter().filter(|d| d.queued.is_some()).collect();
    assert_eq!(queued.len(), 3, "{second:?}");
    assert!(queued
        .iter()
        .all(|d| d.notice.kind == NoticeKind::Notice && d.notice.sequence == Some(2)));
    let all = queue(db).await;
    let mut keys: Vec<&str> = all.iter().map(|n| n.dedupe_key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), all.len());

    // After 3 notices without a result, on the day a 4th would be due: the Chairman's office.
    run(db, &config, "2026-03-03T08:00:00+07:00").await;
    let escalations = run(db, &config, "2026-03-06T08:00:00+07:00").await;
    let escalated: Vec<_> = escalations
        .iter()
        .filter(|d| d.notice.kind == NoticeKind::Escalation)
        .collect();
    assert_eq!(escalated.len(), 3);
    assert!(escalated
        .iter()
        .all(|d| d.queued.is_some() && d.notice.to[0].as_str() == LEADERS));
    let later = run(db, &config, "2026-03-12T08:00:00+07:00").await;
    assert!(
        later.iter().all(|d| d.queued.is_none()),
        "no notice follows an escalation: {later:?}"
    );
}

async fn a_unit_without_an_address_is_noticed_all_the_same_and_flagged(db: &TestDb) {
    let config = config();
    let tasks = a_confirmed_directive(db, &config).await;
    let unknown = tasks.iter().find(|t| !t.lead.verified).unwrap();
    run(db, &config, "2026-02-23T08:00:00+07:00").await;
    let notice = queue(db)
        .await
        .into_iter()
        .find(|n| n.kind == NoticeKind::Notice && n.unit_key == unknown.lead.key)
        .unwrap();
    assert!(notice.recipients.is_empty());
    assert_eq!(
        notice.flags,
        [NoticeFlag::NoRecipient, NoticeFlag::UnverifiedUnit]
    );
    assert_eq!(notice.task_ids(), [unknown.id]);
    assert_eq!(notice.sequence, Some(1));
    assert_eq!(notice.period.as_deref(), Some("round:1"));
    assert!(notice.case_id.is_some());
}

async fn a_result_the_office_records_is_audited_and_stops_the_notices(db: &TestDb) {
    let config = config();
    let tasks = a_confirmed_directive(db, &config).await;
    let t = &tasks[0];
    run(db, &config, "2026-02-23T08:00:00+07:00").await;
    let lan = Actor::User("lan".into());
    let when = at("2026-02-24T14:30:00+07:00");
    let change = progress::record(
        &db.store,
        t.id,
        TaskState::Reported,
        Some("  báo cáo bằng văn bản giấy "),
        &lan,
        when,
    )
    .await
    .unwrap();
    assert_eq!(
        (change.from, change.to),
        (TaskState::NotStarted, TaskState::Reported)
    );
    let event = db.store.task_events(t.id).await.unwrap().pop().unwrap();
    assert_eq!(
        (event.action.as_str(), &event.actor, event.at),
        ("state_changed", &lan, when)
    );
    assert_eq!(event.before.as_ref().unwrap()["state"], "not_started");
    let after = event.after.as_ref().unwrap();
    assert_eq!(after["state"], "reported");
    assert_eq!(after["note"], "báo cáo bằng văn bản giấy");

    let second = run(db, &config, "2026-02-26T08:00:00+07:00").await;
    let units: Vec<&str> = second
        .iter()
        .filter(|d| d.notice.kind == NoticeKind::Notice)
        .map(|d| d.notice.unit_key.as_str())
        .collect();
    assert_eq!(units.len(), 2, "{second:?}");
    assert!(!units.contains(&t.lead.key.as_str()), "{units:?}");

    // Its state at a past instant still reads from the trail.
    let calendar = dondoc::calendar::Calendar::shipped().unwrap();
    let then = dondoc::jobs::stored_status_at(&db.store, &calendar, t, at("2026-02-20"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(then.state, TaskState::NotStarted);
    let now = dondoc::jobs::stored_status_at(&db.store, &calendar, t, at("2026-03-02"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.state, TaskState::Reported);
    assert_eq!(now.timeliness, Some(dondoc::deadlines::Timeliness::Overdue));

    let impossible = progress::record(&db.store, t.id, TaskState::NotStarted, None, &lan, when)
        .await
        .unwrap_err();
    assert!(
        matches!(impossible, ProgressError::Impossible { .. }),
        "{impossible}"
    );
    assert!(
        impossible.to_string().starts_with(&format!(
            "task {}: it cannot go from reported to not_started",
            t.id
        )),
        "{impossible}"
    );
    let unknown = progress::record(&db.store, 999_999, TaskState::Done, None, &lan, when)
        .await
        .unwrap_err();
    assert_eq!(unknown.to_string(), "task 999999: there is no such task");
    assert_eq!(
        db.store.task_events(t.id).await.unwrap().len(),
        3,
        "created, confirmed, state_changed: the refusals wrote nothing"
    );
}

// The command line.

/// A data folder holding directive 1502/UBND-KT, its tasks confirmed.
fn cli_with_a_confirmed_directive() -> Cli {
    Cli::with_a_confirmed_directive(&[SXD, UNKNOWN])
}

#[test]
fn remind_json_honours_its_contract_and_queues_each_notice_once() {
    let cli = cli_with_a_confirmed_directive();
    let tasks = cli.tasks_json(&[]);
    let ids: Vec<i64> = tasks.iter().map(|t| t["id"].as_i64().unwrap()).collect();
    let as_of = "2026-02-23T08:00:00+07:00";
    let dry = cli.json_lines(&["remind", "--dry-run", "--json", "--as-of", as_of]);
    assert!(!dry.is_empty());
    let kinds = [
        "heads_up",
        "notice",
        "escalation",
        "entry_overdue",
        "update_request",
        "digest",
    ];
    for n in &dry {
        assert!(kinds.contains(&n["kind"].as_str().unwrap()), "{n}");
        assert!(n["unit"].is_string(), "{n}");
        assert!(n["document"].is_string() || n["document"].is_null(), "{n}");
        assert!(n["sequence"].is_u64() || n["sequence"].is_null(), "{n}");
        assert!(
            n["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| ids.contains(&t.as_i64().unwrap())),
            "{n}"
        );
        assert!(
            n["to"].as_array().unwrap().iter().all(|a| a.is_string()),
            "{n}"
        );
        assert!(!n["subject"].as_str().unwrap().is_empty(), "{n}");
        assert_eq!(n["already_queued"], false, "{n}");
    }
    let notices: Vec<&serde_json::Value> = dry.iter().filter(|n| n["kind"] == "notice").collect();
    assert_eq!(notices.len(), 2, "{dry:?}");
    let known = notices.iter().find(|n| n["to"][0].is_string()).unwrap();
    assert_eq!(known["document"], "1502/UBND-KT");
    assert_eq!(known["sequence"], 1);
    assert_eq!(known["due_on"], "2026-02-23");
    assert_eq!(
        known["subject"],
        "Phiếu báo số 1: nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT"
    );
    let unaddressed = notices
        .iter()
        .find(|n| n["to"].as_array().unwrap().is_empty())
        .unwrap();
    assert_eq!(
        unaddressed["flags"],
        serde_json::json!(["no_recipient", "unverified_unit"])
    );

    // A dry run queues nothing; a real one queues what it prints, and a second prints nothing.
    let queued = cli.json_lines(&["remind", "--json", "--as-of", as_of]);
    assert_eq!(queued.len(), dry.len());
    assert!(queued.iter().all(|n| n["queued_id"].is_i64()));
    let twice = cli.run(&["remind", "--json", "--as-of", as_of]);
    assert!(twice.status.success());
    assert_eq!(String::from_utf8(twice.stdout).unwrap(), "");
    let held = cli.json_lines(&["remind", "--dry-run", "--json", "--as-of", as_of]);
    assert!(held.iter().all(|n| n["already_queued"] == true), "{held:?}");
    // The case a Phiếu báo belongs to: late since the day after the deadline, its first round.
    assert_eq!(known["case_opened_on"], "2026-02-14");
    assert_eq!(known["round"], 1);
    assert!(known["notices"].is_null(), "{known}");

    // Notices 2 and 3, then the escalation, which names the three notices it relies on.
    let mut sent: Vec<serde_json::Value> = queued
        .iter()
        .filter(|n| n["kind"] == "notice" && n["to"][0].is_string())
        .cloned()
        .collect();
    // Notice 3 is due on 3 March and queued a day late, on the 4th: the escalation counts from
    // the day it was queued.
    let mut queued_on = vec!["2026-02-23".to_string()];
    for day in ["2026-02-26", "2026-03-04"] {
        let run = cli.json_lines(&[
            "remind",
            "--json",
            "--as-of",
            &format!("{day}T08:00:00+07:00"),
        ]);
        let before = sent.len();
        sent.extend(
            run.into_iter()
                .filter(|n| n["kind"] == "notice" && n["to"][0].is_string()),
        );
        assert_eq!(sent.len(), before + 1, "{day}");
        queued_on.push(day.to_string());
    }
    assert_eq!(sent[2]["due_on"], "2026-03-03");
    let early = cli.json_lines(&[
        "remind",
        "--dry-run",
        "--json",
        "--as-of",
        "2026-03-06T08:00:00+07:00",
    ]);
    assert!(early.iter().all(|n| n["kind"] != "escalation"), "{early:?}");
    let escalation = cli
        .json_lines(&[
            "remind",
            "--dry-run",
            "--json",
            "--as-of",
            "2026-03-09T08:00:00+07:00",
        ])
        .into_iter()
        .find(|n| n["kind"] == "escalation" && n["unit"] == known["unit"])
        .expect("an escalation");
    let expected: Vec<serde_json::Value> = sent
        .iter()
        .zip(&queued_on)
        .map(|(n, on)| {
            serde_json::json!({
                "id": n["queued_id"],
                "sequence": n["sequence"],
                "queued_on": on,
            })
        })
        .collect();
    assert_eq!(
        escalation["notices"],
        serde_json::json!(expected),
        "{escalation}"
    );
    assert_eq!(escalation["case_opened_on"], "2026-02-14");
    assert_eq!(escalation["sequence"], serde_json::Value::Null);
}

#[test]
fn tasks_update_records_a_result_and_names_the_task_it_refuses() {
    let cli = cli_with_a_confirmed_directive();
    let tasks = cli.tasks_json(&[]);
    let known = tasks
        .iter()
        .find(|t| t["lead"]["verified"] == true)
        .unwrap();
    let id = known["id"].as_i64().unwrap().to_string();
    let out = cli.stdout(&[
        "tasks",
        "update",
        &id,
        "--state",
        "done",
        "--at",
        "2026-02-12T10:00:00+07:00",
        "--note",
        "đã hoàn thành, báo cáo qua điện thoại",
        "--by",
        "lan",
    ]);
    assert_eq!(out, format!("task {id}: not_started → done\n"));
    let listed = cli.tasks_json(&[]);
    let t = listed.iter().find(|t| t["id"] == known["id"]).unwrap();
    assert_eq!(t["state"], "done");
    let due = cli.json_lines(&[
        "remind",
        "--dry-run",
        "--json",
        "--as-of",
        "2026-02-23T08:00:00+07:00",
    ]);
    assert!(
        due.iter()
            .filter(|n| n["kind"] == "notice")
            .all(|n| !n["tasks"].as_array().unwrap().contains(&known["id"])),
        "a done task is urged no more: {due:?}"
    );

    let again = cli.run(&["tasks", "update", &id, "--state", "in_progress"]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8(again.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "task {id}: it cannot go from done to in_progress: a done task is settled"
        )),
        "{err}"
    );
    let unknown = cli.run(&["tasks", "update", "424242", "--state", "done"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8(unknown.stderr)
        .unwrap()
        .contains("task 424242: there is no such task"));
}

on_both_backends!(downtime_and_a_task_done_after_the_escalation_change_no_number,);

/// Two tasks of the Construction department on one directive, due 13 and 20 February 2026. The
/// daemon runs on 23 February, is down until 9 March, then runs every working day: notice 2 on
/// 9 March, numbered 2; notice 3 and the escalation follow three working days apart. One task
/// done after the escalation sends no second one; the other done closes the case.
async fn downtime_and_a_task_done_after_the_escalation_change_no_number(db: &TestDb) {
    let config = config();
    db.store
        .load_directory(&config.units.directory, at("2026-02-02"))
        .await
        .unwrap();
    let msg = with_content(
        &edxml("1610", "UBND-KT", "2026/02/02", None, &[SXD], "V/v hai nhiệm vụ"),
        "1. Giao Sở Xây dựng rà soát hồ sơ các dự án chậm tiến độ, hoàn thành trước ngày 13/02/2026.\n\
         2. Giao Sở Xây dựng báo cáo kết quả giải ngân trước ngày 20/02/2026.",
    );
    let tasks = take_in_and_confirm(&db.store, "1610.edxml", &msg).await;
    assert_eq!(tasks.len(), 2, "{tasks:?}");
    let mut seen = Vec::new();
    for day in [
        "2026-02-23",
        "2026-03-09",
        "2026-03-10",
        "2026-03-11",
        "2026-03-12",
        "2026-03-13",
        "2026-03-16",
        "2026-03-17",
    ] {
        for n in urged(
            &run(db, &config, &format!("{day}T08:00:00+07:00")).await,
            None,
        ) {
            seen.push((day, n));
        }
    }
    use NoticeKind::{Escalation, Notice};
    assert_eq!(
        seen,
        [
            ("2026-02-23", (Notice, Some(1))),
            ("2026-03-09", (Notice, Some(2))),
            ("2026-03-12", (Notice, Some(3))),
            ("2026-03-17", (Escalation, None)),
        ]
    );
    let done = |id: i64, when: &'static str| {
        set_task_state(&db.store, id, TaskState::NotStarted, TaskState::Done, when)
    };
    done(tasks[0].id, "2026-03-18T09:00:00+07:00").await;
    for day in ["2026-03-19", "2026-03-24", "2026-04-01"] {
        let after = urged(
            &run(db, &config, &format!("{day}T08:00:00+07:00")).await,
            None,
        );
        assert!(after.is_empty(), "{day}: {after:?}");
    }
    assert_eq!(
        db.store
            .cases(&Default::default())
            .await
            .unwrap()
            .open
            .len(),
        1
    );
    done(tasks[1].id, "2026-04-02T09:00:00+07:00").await;
    run(db, &config, "2026-04-03T08:00:00+07:00").await;
    assert!(
        db.store
            .cases(&Default::default())
            .await
            .unwrap()
            .open
            .is_empty(),
        "closed"
    );
}

on_both_backends!(notices_queued_before_cases_were_kept_number_on_after_the_upgrade,);

/// A store upgraded with Phiếu báo 1 and 2 already queued the old way (no case, the deadline as
/// their period): the upgrade gathers them into the unit's case, so the next notice is 3, then
/// the escalation, once.
async fn notices_queued_before_cases_were_kept_number_on_after_the_upgrade(db: &TestDb) {
    let config = config();
    a_confirmed_directive(db, &config).await;
    let office = jobs::office_of(&config);
    let policy = urging::Policy::new(&config.urging, &config.calendar, &office);
    let tasks = db
        .store
        .urging_candidates(chrono::NaiveDate::from_ymd_opt(2026, 2, 26).unwrap(), false)
        .await
        .unwrap();
    let sxd = tasks
        .iter()
        .find(|t| t.lead.name == "Sở Xây dựng")
        .unwrap()
        .clone();
    for (seq, day) in [(1, "2026-02-23"), (2, "2026-02-26")] {
        let mut old = policy
            .decide(
                at(&format!("{day}T08:00:00+07:00")),
                std::slice::from_ref(&sxd),
            )
            .into_iter()
            .find(|n| n.kind == NoticeKind::Notice)
            .unwrap();
        old.sequence = Some(seq);
        old.period = Some("2026-02-13".into());
        old.case = None;
        db.store
            .queue_notices(&[old], at(&format!("{day}T08:00:00+07:00")))
            .await
            .unwrap();
    }
    let file = format!(
        "{}/migrations/{}/20261207010000_adopt_earlier_notices_into_cases.sql",
        env!("CARGO_MANIFEST_DIR"),
        db.backend
    );
    let pool = crate::helpers::connect_raw(&db.url).await;
    sqlx::raw_sql(&std::fs::read_to_string(file).unwrap())
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let cases = db.store.cases(&Default::default()).await.unwrap();
    assert_eq!(cases.open.len(), 1, "{cases:?}");
    assert_eq!(cases.open[0].notices.len(), 2);
    assert_eq!(
        cases.open[0].opened_on,
        chrono::NaiveDate::from_ymd_opt(2026, 2, 14).unwrap()
    );
    let of_sxd = |decided: Vec<jobs::Decided>| urged(&decided, Some(&sxd.lead.key));
    assert_eq!(
        of_sxd(run(db, &config, "2026-03-03T08:00:00+07:00").await),
        [(NoticeKind::Notice, Some(3))]
    );
    assert_eq!(
        of_sxd(run(db, &config, "2026-03-06T08:00:00+07:00").await),
        [(NoticeKind::Escalation, None)]
    );
}

on_both_backends!(a_task_returned_and_given_back_between_two_runs_opens_a_new_case,);

/// The case closes with the state change that leaves the unit nothing open, not at the next
/// run: a task returned in the morning and given out again in the afternoon, between two daily
/// runs, is urged from Phiếu báo 1 again, "lần 2".
async fn a_task_returned_and_given_back_between_two_runs_opens_a_new_case(db: &TestDb) {
    let config = config();
    let tasks = a_confirmed_directive(db, &config).await;
    let sxd = tasks.iter().find(|t| t.lead.name == "Sở Xây dựng").unwrap();
    run(db, &config, "2026-02-23T08:00:00+07:00").await;
    for (from, to, when) in [
        (
            TaskState::NotStarted,
            TaskState::Returned,
            "2026-02-24T09:00:00+07:00",
        ),
        (
            TaskState::Returned,
            TaskState::NotStarted,
            "2026-02-24T14:00:00+07:00",
        ),
    ] {
        set_task_state(&db.store, sxd.id, from, to, when).await;
    }
    let next = run(db, &config, "2026-02-25T08:00:00+07:00").await;
    let again: Vec<_> = next
        .iter()
        .filter(|d| d.queued.is_some() && d.notice.unit_key == sxd.lead.key)
        .filter(|d| d.notice.kind == NoticeKind::Notice)
        .collect();
    assert_eq!(again.len(), 1, "{next:?}");
    assert_eq!(again[0].notice.sequence, Some(1));
    assert_eq!(again[0].notice.case.as_ref().unwrap().round, 2);
    assert!(again[0]
        .notice
        .subject
        .starts_with("Phiếu báo số 1 (lần 2)"));
}
