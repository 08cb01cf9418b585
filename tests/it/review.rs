//! The Office reviews the drafted tasks (Điều 6.1, 7): a specialist confirms, corrects or rejects
//! each, every action in the task's audit trail with who and when; confirming stops the entry
//! clock; a rejected draft is never tracked. The store's side runs on both backends, the command
//! line's contract on SQLite.

use dondoc::domain::{Actor, Deadline, ReviewState, TaskFlag};
use dondoc::review::{self, DeadlineEdit, Edit, ReviewError};

use crate::drafts::{at, day, directive, ingest, tasks, with_directory, ONE_TASK, STC, SXD};
use crate::helpers::{edxml, urgent, with_content, Cli, TestDb};
use crate::on_both_backends;

fn lan() -> Actor {
    Actor::User("lan".into())
}

on_both_backends!(
    confirming_a_draft_records_who_and_when_and_stops_the_entry_clock,
    only_a_draft_can_be_confirmed_and_an_unknown_task_is_named_in_the_refusal,
    a_corrected_draft_stays_a_draft_until_it_is_confirmed,
    a_rejected_draft_keeps_its_trail_and_is_never_overdue,
    two_specialists_correcting_one_draft_at_once_both_keep_their_corrections,
    a_draft_holding_two_tasks_is_split_into_drafts_of_the_same_document,
    drafts_that_are_one_task_are_merged_and_the_rest_rejected_as_merged,
);

async fn confirming_a_draft_records_who_and_when_and_stops_the_entry_clock(db: &TestDb) {
    with_directory(db).await;
    ingest(db, &directive("1530", &[STC, SXD], ONE_TASK)).await;
    let id = tasks(db).await[0].id;
    let when = at("2026-11-23T10:15:00+07:00");
    review::confirm(&db.store, id, &lan(), when).await.unwrap();
    let t = &tasks(db).await[0];
    assert_eq!(t.task.review, ReviewState::Confirmed);
    assert_eq!(t.confirmed_at, Some(when));
    let events = db.store.task_events(id).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(
        (last.action.as_str(), &last.actor, last.at),
        ("confirmed", &lan(), when)
    );
    assert_eq!(last.before.as_ref().unwrap()["review"], "draft");
    assert_eq!(last.after.as_ref().unwrap()["review"], "confirmed");
}

async fn only_a_draft_can_be_confirmed_and_an_unknown_task_is_named_in_the_refusal(db: &TestDb) {
    with_directory(db).await;
    ingest(db, &directive("1531", &[STC, SXD], ONE_TASK)).await;
    let id = tasks(db).await[0].id;
    let when = at("2026-11-23T10:00:00+07:00");
    review::confirm(&db.store, id, &lan(), when).await.unwrap();
    let again = review::confirm(&db.store, id, &lan(), when)
        .await
        .unwrap_err();
    assert!(
        matches!(
            again,
            ReviewError::NotADraft {
                state: ReviewState::Confirmed,
                ..
            }
        ),
        "{again}"
    );
    assert!(
        again.to_string().starts_with(&format!("task {id}: ")),
        "{again}"
    );
    let unknown = review::reject(&db.store, 999_999, None, &lan(), when)
        .await
        .unwrap_err();
    assert_eq!(unknown.to_string(), "task 999999: there is no such task");
    assert_eq!(
        db.store.task_events(id).await.unwrap().len(),
        2,
        "created, confirmed: the refusal wrote nothing"
    );
}

async fn a_corrected_draft_stays_a_draft_until_it_is_confirmed(db: &TestDb) {
    with_directory(db).await;
    ingest(db, &directive("1532", &[STC, SXD], ONE_TASK)).await;
    let id = tasks(db).await[0].id;
    let when = at("2026-11-23T11:00:00+07:00");
    let change = Edit {
        lead: Some("Sở XD".into()),
        support: Some(vec!["so-tai-chinh-2025".into()]),
        deadline: Some(DeadlineEdit::Set {
            due: Some(day("2026-12-18")),
            due_time: None,
        }),
        content: Some("Rà soát  chi sửa chữa trụ sở".into()),
    };
    review::edit(&db.store, id, &change, false, &lan(), when)
        .await
        .unwrap();
    let t = &tasks(db).await[0];
    assert_eq!(t.task.review, ReviewState::Draft);
    assert_eq!(
        t.lead.key, "so-xay-dung-2025",
        "an abbreviation, as of the issue day"
    );
    let support: Vec<&str> = t.support.iter().map(|u| u.key.as_str()).collect();
    assert_eq!(support, ["so-tai-chinh-2025"]);
    assert_eq!(t.task.deadline, Deadline::Date(day("2026-12-18")));
    assert_eq!(t.task.content, "Rà soát chi sửa chữa trụ sở");
    let edited = db.store.task_events(id).await.unwrap().pop().unwrap();
    assert_eq!((edited.action.as_str(), &edited.actor), ("edited", &lan()));
    assert_eq!(edited.before.as_ref().unwrap()["lead"], "so-tai-chinh-2025");
    assert_eq!(edited.before.as_ref().unwrap()["due"], "2026-12-15");
    assert_eq!(edited.after.as_ref().unwrap()["lead"], "so-xay-dung-2025");
    assert_eq!(edited.after.as_ref().unwrap()["due"], "2026-12-18");

    let unknown_unit = Edit {
        lead: Some("Sở Không Có".into()),
        ..Edit::default()
    };
    let refused = review::edit(&db.store, id, &unknown_unit, true, &lan(), when)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, ReviewError::UnknownUnit { .. }),
        "{refused}"
    );
    assert_eq!(
        tasks(db).await[0].task.review,
        ReviewState::Draft,
        "a refused edit confirms nothing"
    );

    let later = at("2026-11-24T08:00:00+07:00");
    let hour = Edit {
        deadline: Some(DeadlineEdit::Set {
            due: None,
            due_time: Some(chrono::NaiveTime::from_hms_opt(16, 30, 0).unwrap()),
        }),
        ..Edit::default()
    };
    review::edit(&db.store, id, &hour, true, &lan(), later)
        .await
        .unwrap();
    let t = &tasks(db).await[0];
    assert_eq!(t.task.review, ReviewState::Confirmed);
    assert_eq!(t.confirmed_at, Some(later));
    assert_eq!(t.task.deadline.time().unwrap().to_string(), "16:30:00");
    let actions: Vec<String> = db
        .store
        .task_events(id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["created", "edited", "edited", "confirmed"]);
}

async fn a_rejected_draft_keeps_its_trail_and_is_never_overdue(db: &TestDb) {
    with_directory(db).await;
    ingest(db, &directive("1533", &[STC, SXD], ONE_TASK)).await;
    ingest(
        db,
        &directive(
            "1534",
            &[STC, SXD],
            "Giao Sở Xây dựng chủ trì kiểm tra chất lượng các công trình trụ sở đã sửa chữa, \
             báo cáo UBND tỉnh trước ngày 15/12/2026.",
        ),
    )
    .await;
    let all = tasks(db).await;
    assert_eq!(all.len(), 2);
    let (kept, rejected) = (all[0].id, all[1].id);
    let when = at("2026-11-23T09:00:00+07:00");
    review::confirm(&db.store, kept, &lan(), when)
        .await
        .unwrap();
    review::reject(&db.store, rejected, Some("trùng nhiệm vụ"), &lan(), when)
        .await
        .unwrap();
    let t = tasks(db)
        .await
        .into_iter()
        .find(|t| t.id == rejected)
        .unwrap();
    assert_eq!(t.task.review, ReviewState::Rejected);
    assert!(t.confirmed_at.is_none());
    let last = db.store.task_events(rejected).await.unwrap().pop().unwrap();
    assert_eq!(last.action, "rejected");
    assert_eq!(last.after.as_ref().unwrap()["note"], "trùng nhiệm vụ");

    let calendar = dondoc::calendar::Calendar::shipped().unwrap();
    let overdue = dondoc::jobs::overdue_tasks(&db.store, &calendar, at("2027-01-05"))
        .await
        .unwrap();
    let ids: Vec<i64> = overdue.iter().map(|t| t.id).collect();
    assert_eq!(
        ids,
        [kept],
        "both were due on 15 December; only the tracked one is late"
    );
    let reconfirm = review::confirm(&db.store, rejected, &lan(), when)
        .await
        .unwrap_err();
    assert!(
        reconfirm.to_string().contains("it is rejected already"),
        "{reconfirm}"
    );
}

async fn two_specialists_correcting_one_draft_at_once_both_keep_their_corrections(db: &TestDb) {
    with_directory(db).await;
    ingest(db, &directive("1535", &[STC, SXD], ONE_TASK)).await;
    let id = tasks(db).await[0].id;
    let when = at("2026-11-23T10:00:00+07:00");
    let new_lead = Edit {
        lead: Some("so-xay-dung-2025".into()),
        ..Edit::default()
    };
    let new_day = Edit {
        deadline: Some(DeadlineEdit::Set {
            due: Some(day("2026-12-18")),
            due_time: None,
        }),
        ..Edit::default()
    };
    let (lan, hung) = (lan(), Actor::User("hung".into()));
    let (a, b) = tokio::join!(
        review::edit(&db.store, id, &new_lead, false, &lan, when),
        review::edit(&db.store, id, &new_day, false, &hung, when),
    );
    a.unwrap();
    b.unwrap();
    let t = &tasks(db).await[0];
    assert_eq!(
        (t.lead.key.as_str(), t.task.deadline),
        ("so-xay-dung-2025", Deadline::Date(day("2026-12-18"))),
        "neither correction undoes the other"
    );
    let edits: Vec<serde_json::Value> = db
        .store
        .task_events(id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "edited")
        .map(|e| e.before.unwrap())
        .collect();
    assert_eq!(edits.len(), 2);
    assert_ne!(
        edits[0], edits[1],
        "the second edit's trail starts from what the first left"
    );
}

// The command line.

/// A data folder holding one directive whose text assigns one task, issued 20 November 2026.
fn cli_with_a_draft(number: &str, text: &str) -> Cli {
    let cli = Cli::new();
    let file = cli.path(&format!("{number}.edxml"));
    std::fs::write(&file, directive(number, &[STC, SXD], text)).unwrap();
    cli.stdout(&["ingest", file.to_str().unwrap()]);
    cli
}

#[test]
fn review_list_json_honours_its_contract() {
    let cli = cli_with_a_draft("1540", ONE_TASK);
    let drafts = cli.drafts_json(&["--as-of", "2026-11-25"]);
    assert_eq!(drafts.len(), 1);
    let d = &drafts[0];
    assert!(d["id"].is_i64());
    assert_eq!(d["document"]["number"], "1540/UBND-TH");
    assert_eq!(d["document"]["issued"], "2026-11-20");
    assert_eq!(d["lead"]["id"], "so-tai-chinh-2025");
    assert_eq!(d["lead"]["name"], "Sở Tài chính");
    assert_eq!(d["lead"]["verified"], true);
    assert_eq!(d["support"][0]["id"], "so-xay-dung-2025");
    assert_eq!(d["due"], "2026-12-15");
    assert_eq!(d["due_time"], serde_json::Value::Null);
    assert_eq!(d["recurring"], serde_json::Value::Null);
    assert!(d["content"].as_str().unwrap().contains("rà soát"), "{d}");
    assert!(d["quote"]
        .as_str()
        .unwrap()
        .starts_with("Giao Sở Tài chính"));
    let confidence = d["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&confidence), "{d}");
    assert_eq!(d["flags"], serde_json::json!([]));
    assert_eq!(d["review"], "draft");
    assert_eq!(d["provenance"], "extracted");
    // Issued on Friday 20 November: Monday 23 and Wednesday 25 are the two working days, for
    // Tuesday 24 is Vietnam's Culture Day, a day off from 2026.
    assert_eq!(d["entry_due"], "2026-11-25");
    assert_eq!(
        d["entry_overdue"], false,
        "on time until the end of that day"
    );
    let late = cli.drafts_json(&["--as-of", "2026-11-26T08:00:00+07:00"]);
    assert_eq!(late[0]["entry_overdue"], true);

    // `tasks list` shows the same draft, with its review state.
    let listed = cli.tasks_json(&[]);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], d["id"]);
    assert_eq!(listed[0]["review"], "draft");
    assert_eq!(listed[0]["provenance"], "extracted");
    assert_eq!(listed[0]["lead"]["id"], "so-tai-chinh-2025");
}

#[test]
fn an_urgent_directive_must_be_entered_the_day_it_is_issued() {
    let cli = Cli::new();
    let file = cli.path("khan.edxml");
    let msg = with_content(
        &urgent(&edxml(
            "1541",
            "UBND-TH",
            "2026/11/20",
            None,
            &[STC],
            "V/v khẩn",
        )),
        ONE_TASK,
    );
    std::fs::write(&file, msg).unwrap();
    cli.stdout(&["ingest", file.to_str().unwrap()]);
    let drafts = cli.drafts_json(&["--as-of", "2026-11-21"]);
    assert_eq!(drafts[0]["document"]["urgency"], "urgent");
    assert_eq!(drafts[0]["entry_due"], "2026-11-20");
    assert_eq!(drafts[0]["entry_overdue"], true);
}

#[test]
fn confirming_by_id_and_all_at_once_goes_on_past_a_refused_id() {
    let cli = cli_with_a_draft("1542", ONE_TASK);
    let second = cli.path("1543.edxml");
    std::fs::write(
        &second,
        directive(
            "1543",
            &[STC, SXD],
            "Giao Sở Xây dựng chủ trì kiểm tra chất lượng các công trình trụ sở đã sửa chữa, \
             báo cáo UBND tỉnh trước ngày 18/12/2026.",
        ),
    )
    .unwrap();
    cli.stdout(&["ingest", second.to_str().unwrap()]);
    let drafts = cli.drafts_json(&[]);
    assert_eq!(drafts.len(), 2);
    let first_id = drafts[0]["id"].as_i64().unwrap();
    let first = first_id.to_string();

    let out = cli.run(&[
        "review",
        "confirm",
        "424242",
        &first,
        "--by",
        "lan",
        "--as-of",
        "2026-11-23T10:00:00+07:00",
    ]);
    assert!(!out.status.success(), "an unknown id fails the command");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("task 424242: there is no such task"),
        "{stderr}"
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("task {first}: confirmed\n"),
        "the other id was still confirmed"
    );
    let again = cli.run(&["review", "confirm", &first]);
    assert!(!again.status.success());
    assert!(
        String::from_utf8(again.stderr)
            .unwrap()
            .contains(&format!("task {first}: it is confirmed already")),
        "a confirmed task is not confirmed twice"
    );

    let all = cli.stdout(&["review", "confirm", "--all", "--by", "lan"]);
    assert_eq!(all.lines().count(), 1, "{all}");
    assert!(cli.drafts_json(&[]).is_empty());
    let tasks = cli.tasks_json(&[]);
    assert!(
        tasks.iter().all(|t| t["review"] == "confirmed"),
        "{tasks:?}"
    );
    let confirmed_at = tasks.iter().find(|t| t["id"] == first_id).unwrap()["confirmed_at"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        confirmed_at.starts_with("2026-11-23T03:00:00"),
        "{confirmed_at}"
    );
    assert_eq!(
        cli.run(&["review", "confirm"]).status.code(),
        Some(2),
        "an id or --all is required"
    );
}

#[test]
fn a_draft_is_corrected_then_confirmed_or_rejected_from_the_command_line() {
    let cli = cli_with_a_draft("1544", ONE_TASK);
    let id = cli.drafts_json(&[])[0]["id"].as_i64().unwrap().to_string();
    let edited = cli.stdout(&[
        "review",
        "edit",
        &id,
        "--lead",
        "so-xay-dung-2025",
        "--no-support",
        "--due",
        "2026-12-21",
        "--due-time",
        "16:00",
        "--by",
        "lan",
    ]);
    assert!(edited.contains("still a draft"), "{edited}");
    let d = &cli.drafts_json(&[])[0];
    assert_eq!(d["lead"]["id"], "so-xay-dung-2025");
    assert_eq!(d["support"], serde_json::json!([]));
    assert_eq!(
        (d["due"].as_str(), d["due_time"].as_str()),
        (Some("2026-12-21"), Some("16:00"))
    );

    let bad_day = cli.run(&["review", "edit", &id, "--due", "21/12/2026"]);
    assert_eq!(bad_day.status.code(), Some(2), "a usage error");

    let rejected = cli.stdout(&[
        "review",
        "reject",
        &id,
        "--reason",
        "trùng",
        "--as-of",
        "2026-11-23",
    ]);
    assert_eq!(rejected, format!("task {id}: rejected\n"));
    assert!(cli.drafts_json(&[]).is_empty());
    let t = &cli.tasks_json(&["--as-of", "2027-01-10"])[0];
    assert_eq!(t["review"], "rejected");
    assert_eq!(t["overdue"], false, "a rejected draft is not tracked");
    assert!(cli
        .tasks_json(&["--overdue", "--as-of", "2027-01-10"])
        .is_empty());
}

#[test]
fn flags_the_office_must_see_are_in_the_review_list() {
    let cli = Cli::new();
    let file = cli.path("1545.edxml");
    std::fs::write(
        &file,
        edxml(
            "1545",
            "UBND-TH",
            "2026/11/20",
            Some("2026/12/31"),
            &[STC],
            "V/v không đọc được nhiệm vụ",
        ),
    )
    .unwrap();
    cli.stdout(&["ingest", file.to_str().unwrap()]);
    let d = &cli.drafts_json(&[])[0];
    assert_eq!(d["provenance"], "header");
    assert_eq!(
        d["flags"],
        serde_json::json!([TaskFlag::NoTasksExtracted.as_str()])
    );
    assert_eq!(d["quote"], serde_json::Value::Null);
    assert_eq!(d["confidence"], serde_json::Value::Null);

    let group = cli.path("1546.edxml");
    std::fs::write(
        &group,
        directive(
            "1546",
            &[STC],
            "Yêu cầu các sở, ban, ngành liên quan chủ trì rà soát thủ tục hành chính thuộc lĩnh \
             vực quản lý, báo cáo UBND tỉnh trước ngày 10/12/2026.",
        ),
    )
    .unwrap();
    cli.stdout(&["ingest", group.to_str().unwrap()]);
    let d = cli
        .drafts_json(&[])
        .into_iter()
        .find(|d| d["document"]["number"] == "1546/UBND-TH")
        .unwrap();
    assert_eq!(d["lead"]["name"], "các sở, ban, ngành liên quan");
    assert_eq!(d["lead"]["verified"], false);
    assert_eq!(d["flags"][0], TaskFlag::UnverifiedUnit.as_str(), "{d}");
    // A group the directory expands: one draft per department, each flagged.
    let expanded = cli.path("1547.edxml");
    std::fs::write(
        &expanded,
        directive(
            "1547",
            &[STC],
            "Yêu cầu các sở, ban, ngành chủ trì rà soát thủ tục hành chính thuộc lĩnh vực quản \
             lý, báo cáo UBND tỉnh trước ngày 10/12/2026.",
        ),
    )
    .unwrap();
    cli.stdout(&["ingest", expanded.to_str().unwrap()]);
    let members: Vec<serde_json::Value> = cli
        .drafts_json(&[])
        .into_iter()
        .filter(|d| d["document"]["number"] == "1547/UBND-TH")
        .collect();
    assert!(members.len() > 1, "{members:?}");
    for m in &members {
        assert_eq!(m["lead"]["verified"], true, "{m}");
        assert_eq!(
            m["flags"],
            serde_json::json!([TaskFlag::FromGroup.as_str()]),
            "{m}"
        );
    }
    // A flagged draft is not confirmed with the others; it is with --include-flagged.
    let id = d["id"].as_i64().unwrap().to_string();
    let member = members[0]["id"].as_i64().unwrap().to_string();
    let all = cli.run(&["review", "confirm", "--all"]);
    let confirmed = String::from_utf8(all.stdout).unwrap();
    assert!(
        !confirmed.contains(&format!("task {id}:"))
            && !confirmed.contains(&format!("task {member}:")),
        "a flagged draft waits for a person: {confirmed}"
    );
    assert!(String::from_utf8(all.stderr)
        .unwrap()
        .contains("--include-flagged"));
    let flagged = cli.stdout(&["review", "confirm", "--all", "--include-flagged"]);
    assert!(
        flagged.contains(&format!("task {id}: confirmed")),
        "{flagged}"
    );
}

#[test]
fn control_characters_given_as_content_are_neither_kept_nor_printed() {
    let cli = cli_with_a_draft("1545", ONE_TASK);
    let id = cli.drafts_json(&[])[0]["id"].as_i64().unwrap().to_string();
    cli.stdout(&[
        "review",
        "edit",
        &id,
        "--content",
        "\u{1b}[2J\u{1b}[31mRà soát\thồ sơ\u{7} dự án",
        "--by",
        "lan",
    ]);
    let d = &cli.drafts_json(&[])[0];
    assert_eq!(d["content"], "[2J[31mRà soát hồ sơ dự án");
    for listing in [
        cli.stdout(&["review", "list"]),
        cli.stdout(&["tasks", "list"]),
    ] {
        assert!(
            !listing.contains('\u{1b}') && !listing.contains('\u{7}'),
            "{listing:?}"
        );
    }
}

async fn a_draft_holding_two_tasks_is_split_into_drafts_of_the_same_document(db: &TestDb) {
    with_directory(db).await;
    ingest(db, &directive("1540", &[STC, SXD], ONE_TASK)).await;
    let original = tasks(db).await[0].clone();
    let when = at("2026-11-23T10:00:00+07:00");
    let parts = vec![
        "rà soát các khoản chi sửa chữa trụ sở năm 2026".to_string(),
        " ".to_string(),
        "báo cáo UBND tỉnh kết quả rà soát".to_string(),
    ];
    let made = review::split(&db.store, original.id, &parts, &lan(), when)
        .await
        .unwrap();
    assert_eq!(made.len(), 1, "the blank part makes nothing");
    let all = tasks(db).await;
    assert_eq!(all.len(), 2);
    let (first, second) = (&all[0], &all[1]);
    assert_eq!(first.id, original.id);
    assert_eq!(first.task.content, parts[0]);
    assert_eq!(second.id, made[0]);
    assert_eq!(second.task.content, parts[2]);
    assert_eq!(second.task.document, original.task.document);
    assert_eq!(second.task.lead, original.task.lead);
    assert_eq!(second.task.support, original.task.support);
    assert_eq!(second.task.deadline, original.task.deadline);
    assert_eq!(second.task.review, ReviewState::Draft);
    let created = &db.store.task_events(second.id).await.unwrap()[0];
    assert_eq!(created.action, "created");
    assert_eq!(created.after.as_ref().unwrap()["split_from"], original.id);
    // One part is no split, and a confirmed task is not a draft to split.
    let one = review::split(&db.store, original.id, &parts[..1], &lan(), when).await;
    assert!(matches!(one, Err(ReviewError::Invalid { .. })), "{one:?}");
    review::confirm(&db.store, original.id, &lan(), when)
        .await
        .unwrap();
    let settled = review::split(&db.store, original.id, &parts, &lan(), when).await;
    assert!(
        matches!(settled, Err(ReviewError::NotADraft { .. })),
        "{settled:?}"
    );
}

async fn drafts_that_are_one_task_are_merged_and_the_rest_rejected_as_merged(db: &TestDb) {
    with_directory(db).await;
    ingest(db, &directive("1541", &[STC, SXD], ONE_TASK)).await;
    let id = tasks(db).await[0].id;
    let when = at("2026-11-23T10:00:00+07:00");
    let made = review::split(
        &db.store,
        id,
        &["phần một".to_string(), "phần hai".to_string()],
        &lan(),
        when,
    )
    .await
    .unwrap();
    let other = made[0];
    // The second part led by another unit, with an earlier deadline.
    review::edit(
        &db.store,
        other,
        &Edit {
            lead: Some("Sở Xây dựng".into()),
            support: Some(vec![]),
            deadline: Some(DeadlineEdit::Set {
                due: Some(crate::drafts::day("2026-12-10")),
                due_time: None,
            }),
            content: None,
        },
        false,
        &lan(),
        when,
    )
    .await
    .unwrap();
    ingest(db, &directive("1542", &[STC], ONE_TASK)).await;
    let elsewhere = tasks(db).await.last().unwrap().id;
    let refused = review::merge(&db.store, &[id, elsewhere], &lan(), when).await;
    assert!(
        matches!(refused, Err(ReviewError::Invalid { id: e, .. }) if e == elsewhere),
        "{refused:?}"
    );

    assert_eq!(
        review::merge(&db.store, &[id, other], &lan(), when)
            .await
            .unwrap(),
        id
    );
    let all = tasks(db).await;
    let kept = all.iter().find(|t| t.id == id).unwrap();
    let gone = all.iter().find(|t| t.id == other).unwrap();
    assert_eq!(kept.task.content, "phần một; phần hai");
    assert_eq!(kept.task.review, ReviewState::Draft);
    assert!(
        kept.task
            .support
            .iter()
            .any(|u| u.as_str().starts_with("so-xay-dung")),
        "{:?}",
        kept.task.support
    );
    assert_eq!(
        kept.task.deadline,
        Deadline::Date(crate::drafts::day("2026-12-10"))
    );
    assert_eq!(gone.task.review, ReviewState::Rejected);
    let rejected = db.store.task_events(other).await.unwrap();
    let last = rejected.last().unwrap();
    assert_eq!(last.action, "rejected");
    assert!(
        last.after
            .as_ref()
            .unwrap()
            .to_string()
            .contains(&format!("#{id}")),
        "{last:?}"
    );
}
