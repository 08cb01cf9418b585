//! The store's rules, run on SQLite and on PostgreSQL alike.

use dondoc::config::units::read_directory;
use dondoc::domain::{Actor, TaskFlag, TaskState};
use dondoc::shutdown::Shutdown;
use dondoc::store::TaskFilter;
use dondoc::sync::Outcome;

use crate::helpers::{
    edxml, fixture, pipeline, status_edxml, units_file, with_content, without_text, TestDb, To,
    STNMT, SXD,
};
use crate::on_both_backends;

const NOW: &str = "2024-05-15T09:00:00+07:00";

async fn with_directory(db: &TestDb) {
    let units = read_directory(&units_file()).unwrap().units;
    db.store
        .load_directory(&units, dondoc::clock::parse_instant(NOW).unwrap())
        .await
        .unwrap();
}

on_both_backends!(
    migrations_can_run_again_without_harm,
    a_document_whose_text_gives_no_task_gets_one_task_per_recipient_when_its_header_has_a_due_date,
    the_same_message_twice_changes_nothing,
    the_same_document_in_other_bytes_adds_no_task,
    a_document_without_a_due_date_is_kept_without_tasks,
    an_unknown_recipient_is_kept_as_an_unverified_unit_with_its_task,
    the_directory_adopts_an_unverified_unit_and_its_tasks,
    a_transaction_dropped_before_its_commit_leaves_nothing,
    tasks_are_filtered_by_unit_state_and_due_day,
    units_are_found_by_abbreviation_and_either_tone_placement,
    every_task_starts_its_audit_trail_with_its_creation,
    a_secret_document_leaves_no_row,
    a_stamp_spelled_as_references_or_in_cdata_leaves_no_row,
    loading_the_directory_twice_changes_nothing,
    a_recipient_with_an_unknown_organ_id_is_recognised_by_its_name,
    a_document_after_a_merger_goes_to_the_successor_and_one_before_to_the_old_unit,
    dead_letter_payloads_expire_after_their_retention_and_rows_stay,
    secret_documents_are_counted_and_nothing_else,
    a_revoke_cancels_every_unfinished_task_of_its_document,
    a_rejection_returns_the_units_tasks_with_its_reason,
    a_completion_marks_the_units_tasks_reported_and_no_one_elses,
    an_answer_before_its_document_waits_and_is_applied_on_arrival,
    an_update_adds_a_recipient_and_moves_the_deadline,
    a_report_is_linked_to_the_directive_it_answers,
    an_update_removing_a_receiver_cancels_its_task,
    a_plan_whose_document_was_stored_meanwhile_stops_at_it_as_a_duplicate,
);

async fn migrations_can_run_again_without_harm(db: &TestDb) {
    db.store.migrate().await.unwrap();
    assert_eq!(db.store.count_tasks().await.unwrap(), 0);
}

async fn a_document_whose_text_gives_no_task_gets_one_task_per_recipient_when_its_header_has_a_due_date(
    db: &TestDb,
) {
    with_directory(db).await;
    let bytes = without_text(&std::fs::read(fixture("directive_ubnd_tth_3tasks.edxml")).unwrap());
    let outcome = pipeline(&db.store, NOW)
        .process("inbox", "a.edxml", &bytes, &Shutdown::new())
        .await
        .unwrap();
    assert_eq!(
        outcome,
        Outcome::Stored {
            document: "1234/UBND-XD".into(),
            tasks: 2,
            unverified_units: 0
        }
    );
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    let leads: Vec<&str> = tasks.iter().map(|t| t.lead.name.as_str()).collect();
    assert_eq!(leads, ["Sở Xây dựng", "Sở Tài nguyên và Môi trường"]);
    for t in &tasks {
        assert_eq!(t.task.deadline.date().unwrap().to_string(), "2024-06-20");
        assert_eq!(t.task.state, TaskState::NotStarted);
        assert_eq!(t.document_number, "1234/UBND-XD");
        assert_eq!(t.document_issued.to_string(), "2024-05-14");
        assert_eq!(t.task.provenance.as_str(), "header");
        assert_eq!(t.task.review.as_str(), "draft");
        assert!(
            t.task.flags.contains(&TaskFlag::NeedsManualEntry),
            "its attachment was not read (this pipeline keeps no files): {:?}",
            t.task.flags
        );
        assert_eq!(
            t.task.document.as_str(),
            "000.00.00.H57,2024/05/14,1234/UBND-XD"
        );
        assert!(t.lead.verified);
    }
}

async fn the_same_message_twice_changes_nothing(db: &TestDb) {
    with_directory(db).await;
    let bytes = std::fs::read(fixture("congdien_hoatoc_bao.edxml")).unwrap();
    let p = pipeline(&db.store, NOW);
    let first = p
        .process("inbox", "a.edxml", &bytes, &Shutdown::new())
        .await
        .unwrap();
    assert!(matches!(first, Outcome::Stored { .. }), "{first:?}");
    assert!(db.store.count_tasks().await.unwrap() > 0);
    let (tasks, messages) = (
        db.store.count_tasks().await.unwrap(),
        db.store.count_messages().await.unwrap(),
    );
    let second = p
        .process("cli", "b.edxml", &bytes, &Shutdown::new())
        .await
        .unwrap();
    assert!(matches!(second, Outcome::Unchanged { .. }), "{second:?}");
    assert_eq!(db.store.count_tasks().await.unwrap(), tasks);
    assert_eq!(db.store.count_messages().await.unwrap(), messages);
}

async fn the_same_document_in_other_bytes_adds_no_task(db: &TestDb) {
    with_directory(db).await;
    let a = edxml(
        "77",
        "UBND-XD",
        "2024/05/10",
        Some("2024/05/30"),
        &[SXD],
        "V/v thử nghiệm",
    );
    // Same header, other formatting: another message, the same document.
    let b = a.replace("<edXML:Subject>", "\n<edXML:Subject>");
    let p = pipeline(&db.store, NOW);
    p.process("inbox", "a", a.as_bytes(), &Shutdown::new())
        .await
        .unwrap();
    let second = p
        .process("vdxp", "b", b.as_bytes(), &Shutdown::new())
        .await
        .unwrap();
    assert_eq!(
        second,
        Outcome::Unchanged {
            document: Some("77/UBND-XD".into())
        }
    );
    assert_eq!(db.store.count_tasks().await.unwrap(), 1);
    assert_eq!(
        db.store.count_messages().await.unwrap(),
        2,
        "both arrivals are recorded"
    );
}

async fn a_document_without_a_due_date_is_kept_without_tasks(db: &TestDb) {
    with_directory(db).await;
    let msg = edxml(
        "78",
        "UBND-XD",
        "2024/05/10",
        None,
        &[SXD, STNMT],
        "V/v không có hạn",
    );
    let out = ingest(db, msg.as_bytes()).await;
    assert!(matches!(out, Outcome::Stored { tasks: 0, .. }), "{out:?}");
    let docs = db.store.list_documents().await.unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].number, "78/UBND-XD");
}

async fn an_unknown_recipient_is_kept_as_an_unverified_unit_with_its_task(db: &TestDb) {
    with_directory(db).await;
    let stranger = To {
        organ_id: "000.00.98.H57",
        name: "Ban Quản lý dự án thử nghiệm",
    };
    let msg = edxml(
        "79",
        "UBND-XD",
        "2024/05/10",
        Some("2024/06/01"),
        &[SXD, stranger],
        "V/v dự án",
    );
    let out = ingest(db, msg.as_bytes()).await;
    assert!(
        matches!(
            out,
            Outcome::Stored {
                tasks: 2,
                unverified_units: 1,
                ..
            }
        ),
        "{out:?}"
    );
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    let unverified: Vec<_> = tasks.iter().filter(|t| !t.lead.verified).collect();
    assert_eq!(unverified.len(), 1);
    assert_eq!(unverified[0].lead.name, "Ban Quản lý dự án thử nghiệm");
    assert_eq!(unverified[0].lead.key, "unverified:000.00.98.h57");
}

async fn the_directory_adopts_an_unverified_unit_and_its_tasks(db: &TestDb) {
    let now = dondoc::clock::parse_instant(NOW).unwrap();
    let stranger = To {
        organ_id: "000.00.98.H57",
        name: "Ban Thử nghiệm",
    };
    let msg = edxml(
        "80",
        "UBND-XD",
        "2024/05/10",
        Some("2024/06/01"),
        &[stranger],
        "V/v thử",
    );
    ingest(db, msg.as_bytes()).await;
    let units = dondoc::config::units::parse_directory(
        r#"
        [[units]]
        key = "ban-thu-nghiem"
        name = "Ban Thử nghiệm"
        kind = "agency"
        organ_ids = ["000.00.98.H57"]
        "#,
        "test",
    )
    .unwrap()
    .units;
    let load = db.store.load_directory(&units, now).await.unwrap();
    assert_eq!(load.adopted, ["unverified:000.00.98.h57"]);
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].lead.key, "ban-thu-nghiem");
    assert!(tasks[0].lead.verified);
    let events = db.store.task_events(tasks[0].id).await.unwrap();
    let adopted = events.last().unwrap();
    assert_eq!(
        (adopted.action.as_str(), &adopted.actor),
        ("unit_adopted", &Actor::System)
    );
    assert_eq!(
        adopted.before.as_ref().unwrap()["unit"],
        "unverified:000.00.98.h57"
    );
    assert_eq!(adopted.after.as_ref().unwrap()["unit"], "ban-thu-nghiem");
    assert_eq!(db.store.count_units().await.unwrap(), (1, 0));
}

async fn a_transaction_dropped_before_its_commit_leaves_nothing(db: &TestDb) {
    let now = dondoc::clock::parse_instant(NOW).unwrap();
    {
        let mut tx = db.store.begin().await.unwrap();
        let id = dondoc::domain::OrganId::parse("000.00.97.H57").unwrap();
        tx.resolve_recipient(Some(&id), Some("Ban X"), now.date_naive(), now)
            .await
            .unwrap();
        // Dropped here without a commit, as when a stop's grace period runs out.
    }
    assert_eq!(db.store.count_units().await.unwrap(), (0, 0));
}

async fn tasks_are_filtered_by_unit_state_and_due_day(db: &TestDb) {
    with_directory(db).await;
    let p = pipeline(&db.store, NOW);
    let early = edxml(
        "81",
        "UBND-XD",
        "2024/05/10",
        Some("2024/05/20"),
        &[SXD],
        "V/v sớm",
    );
    let late = edxml(
        "82",
        "UBND-TN",
        "2024/05/10",
        Some("2024/07/20"),
        &[STNMT],
        "V/v muộn",
    );
    for m in [early, late] {
        p.process("inbox", "m", m.as_bytes(), &Shutdown::new())
            .await
            .unwrap();
    }
    let tnmt = db.store.find_units("Sở TN&MT").await.unwrap();
    assert_eq!(tnmt.len(), 1, "{tnmt:?}");
    let by_unit = TaskFilter {
        units: Some(tnmt.into_iter().map(|u| u.key).collect()),
        ..Default::default()
    };
    let tasks = db.store.list_tasks(&by_unit).await.unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].document_number, "82/UBND-TN");

    let due = TaskFilter {
        due_on_or_before: Some(chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()),
        ..Default::default()
    };
    assert_eq!(db.store.list_tasks(&due).await.unwrap().len(), 1);
    let done = TaskFilter {
        state: Some(TaskState::Done),
        ..Default::default()
    };
    assert!(db.store.list_tasks(&done).await.unwrap().is_empty());
    let not_started = TaskFilter {
        state: Some(TaskState::NotStarted),
        ..Default::default()
    };
    assert_eq!(db.store.list_tasks(&not_started).await.unwrap().len(), 2);
}

async fn units_are_found_by_abbreviation_and_either_tone_placement(db: &TestDb) {
    with_directory(db).await;
    for query in [
        "Sở KH&ĐT",
        "sở kế hoạch và đầu tư",
        "000.00.15.H57",
        "so-ke-hoach-va-dau-tu",
    ] {
        let found = db.store.find_units(query).await.unwrap();
        assert_eq!(found.len(), 1, "{query}: {found:?}");
        assert_eq!(found[0].name, "Sở Kế hoạch và Đầu tư", "{query}");
    }
    let thuy_old = db.store.find_units("UBND thị xã Hương Thuỷ").await.unwrap();
    let thuy_new = db.store.find_units("UBND thị xã Hương Thủy").await.unwrap();
    assert_eq!(thuy_old, thuy_new);
    assert_eq!(thuy_new.len(), 1);
    assert!(db
        .store
        .find_units("Bộ Quốc phòng Mặt Trăng")
        .await
        .unwrap()
        .is_empty());
}

async fn every_task_starts_its_audit_trail_with_its_creation(db: &TestDb) {
    with_directory(db).await;
    let msg = edxml(
        "83",
        "UBND-XD",
        "2024/05/10",
        Some("2024/06/01"),
        &[SXD],
        "V/v kiểm toán",
    );
    ingest(db, msg.as_bytes()).await;
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    let events = db.store.task_events(tasks[0].id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].actor, Actor::Source("inbox".into()));
    assert_eq!(events[0].action, "created");
    assert_eq!(events[0].at, dondoc::clock::parse_instant(NOW).unwrap());
    assert!(events[0].before.is_none());
    let after = events[0].after.as_ref().unwrap();
    assert_eq!(after["lead"], "so-xay-dung");
    assert_eq!(after["due"], "2024-06-01");
}

async fn a_secret_document_leaves_no_row(db: &TestDb) {
    with_directory(db).await;
    let bytes = std::fs::read(fixture("secret_toi_mat.edxml")).unwrap();
    let out = pipeline(&db.store, NOW)
        .process("inbox", "s.edxml", &bytes, &Shutdown::new())
        .await
        .unwrap();
    assert_eq!(out, Outcome::Secret);
    assert_eq!(db.store.count_messages().await.unwrap(), 0);
    assert!(db.store.list_documents().await.unwrap().is_empty());
    assert_eq!(db.store.count_tasks().await.unwrap(), 0);
}

/// The stamp spelled as character references, or inside CDATA, in the Content of a message that
/// is otherwise an ordinary directive: still secret, nothing stored.
async fn a_stamp_spelled_as_references_or_in_cdata_leaves_no_row(db: &TestDb) {
    with_directory(db).await;
    for (n, content) in [
        "T&#7888;I M&#7852;T\nV/v rà soát hồ sơ",
        "<![CDATA[TUYỆT MẬT\nV/v rà soát hồ sơ]]>",
        "&#x4D;&#x1EAC;&#x54;\nV/v rà soát hồ sơ",
    ]
    .iter()
    .enumerate()
    {
        let msg = with_content(
            &edxml(
                &format!("9{n}"),
                "UBND-KT",
                "2024/05/10",
                Some("2024/06/01"),
                &[SXD],
                "V/v rà soát",
            ),
            content,
        );
        let out = pipeline(&db.store, NOW)
            .process("inbox", "s.edxml", msg.as_bytes(), &Shutdown::new())
            .await
            .unwrap();
        assert_eq!(out, Outcome::Secret, "{content}");
    }
    assert_eq!(db.store.count_messages().await.unwrap(), 0);
    assert!(db.store.list_documents().await.unwrap().is_empty());
}

async fn loading_the_directory_twice_changes_nothing(db: &TestDb) {
    with_directory(db).await;
    let first = db.store.count_units().await.unwrap();
    with_directory(db).await;
    assert_eq!(db.store.count_units().await.unwrap(), first);
    assert!(first.0 >= 30);
}

async fn a_recipient_with_an_unknown_organ_id_is_recognised_by_its_name(db: &TestDb) {
    with_directory(db).await;
    let renamed = To {
        organ_id: "000.00.77.H57",
        name: "Sở Tài nguyên và Môi trường",
    };
    let msg = edxml(
        "84",
        "UBND-TN",
        "2024/05/10",
        Some("2024/06/01"),
        &[renamed],
        "V/v đất đai",
    );
    let out = ingest(db, msg.as_bytes()).await;
    assert!(
        matches!(
            out,
            Outcome::Stored {
                unverified_units: 0,
                ..
            }
        ),
        "{out:?}"
    );
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    assert_eq!(tasks[0].lead.key, "so-tai-nguyen-va-moi-truong");
    assert_eq!(
        tasks[0].task.flags,
        [TaskFlag::UnitMatchedByName, TaskFlag::NoTasksExtracted]
    );
}

async fn a_document_after_a_merger_goes_to_the_successor_and_one_before_to_the_old_unit(
    db: &TestDb,
) {
    with_directory(db).await;
    let p = pipeline(&db.store, NOW);
    // Sở Kế hoạch và Đầu tư merged into Sở Tài chính on 1 March 2025.
    let khdt = To {
        organ_id: "000.00.15.H57",
        name: "Sở Kế hoạch và Đầu tư",
    };
    let before = edxml(
        "85",
        "UBND-KT",
        "2025/02/10",
        Some("2025/02/28"),
        &[khdt],
        "V/v trước",
    );
    let khdt = To {
        organ_id: "000.00.15.H57",
        name: "Sở Kế hoạch và Đầu tư",
    };
    let after = edxml(
        "86",
        "UBND-KT",
        "2025/06/10",
        Some("2025/06/30"),
        &[khdt],
        "V/v sau",
    );
    for m in [before, after] {
        p.process("inbox", "m", m.as_bytes(), &Shutdown::new())
            .await
            .unwrap();
    }
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    assert_eq!(tasks[0].lead.key, "so-ke-hoach-va-dau-tu");
    assert_eq!(tasks[1].lead.key, "so-tai-chinh-2025");
}

async fn dead_letter_payloads_expire_after_their_retention_and_rows_stay(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let clock = crate::helpers::clock("2024-05-15T09:00:00+07:00");
    let dl = dondoc::sync::deadletter::DeadLetters::new(
        db.store.clone(),
        dir.path(),
        std::sync::Arc::new(clock.clone()),
    );
    let old = dl
        .record("inbox", "old.edxml", b"<old/>", "field X: broken")
        .await
        .unwrap();
    clock.set(dondoc::clock::parse_instant("2024-08-01").unwrap());
    let fresh = dl
        .record("inbox", "new.edxml", b"<new/>", "field Y: broken")
        .await
        .unwrap();
    assert_eq!(
        crate::helpers::files_in(&dir.path().join("deadletters")).len(),
        2
    );

    let removed = dl.purge(chrono::Duration::days(30)).await.unwrap();
    assert_eq!(removed, 1);
    let old = db.store.dead_letter(old).await.unwrap().unwrap();
    let fresh = db.store.dead_letter(fresh).await.unwrap().unwrap();
    assert!(old.payload_path.is_none(), "the old payload is forgotten");
    assert_eq!(old.reason, "field X: broken", "the row stays");
    assert!(fresh.payload_path.is_some());
    assert_eq!(dl.payload(&fresh).unwrap(), b"<new/>");
    assert!(dl.payload(&old).is_err());
}

async fn secret_documents_are_counted_and_nothing_else(db: &TestDb) {
    let bytes = std::fs::read(fixture("secret_toi_mat.edxml")).unwrap();
    let p = pipeline(&db.store, NOW);
    for _ in 0..2 {
        let out = p
            .process("inbox", "s.edxml", &bytes, &Shutdown::new())
            .await
            .unwrap();
        assert_eq!(out, Outcome::Secret);
    }
    assert_eq!(db.store.secret_drops().await.unwrap(), 2);
    assert!(db.store.dead_letters(true).await.unwrap().is_empty());
}

const DOC_1234: &str = "000.00.00.H57,2024/05/14,1234/UBND-XD";

async fn ingest(db: &TestDb, bytes: &[u8]) -> Outcome {
    pipeline(&db.store, NOW)
        .process("inbox", "m.edxml", bytes, &Shutdown::new())
        .await
        .unwrap()
}

/// A fixture without its text: these tests are about what answers do to a document's tasks, so
/// the tasks are the header's, one per recipient, whatever the text would give.
async fn ingest_fixture(db: &TestDb, name: &str) -> Outcome {
    ingest(db, &without_text(&std::fs::read(fixture(name)).unwrap())).await
}

async fn states(db: &TestDb) -> Vec<(String, TaskState)> {
    db.store
        .list_tasks(&TaskFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.lead.key, t.task.state))
        .collect()
}

async fn a_revoke_cancels_every_unfinished_task_of_its_document(db: &TestDb) {
    with_directory(db).await;
    ingest_fixture(db, "directive_ubnd_tth_3tasks.edxml").await;
    let out = ingest_fixture(db, "revoke_1234_ubnd_xd.edxml").await;
    assert!(
        matches!(&out, Outcome::Applied { effect, .. } if effect.contains("2 task")),
        "{out:?}"
    );
    assert!(states(db)
        .await
        .iter()
        .all(|(_, s)| *s == TaskState::Cancelled));
    assert_eq!(
        db.store.document_state(DOC_1234).await.unwrap().as_deref(),
        Some("revoked")
    );
    let task = &db.store.list_tasks(&TaskFilter::default()).await.unwrap()[0];
    let events = db.store.task_events(task.id).await.unwrap();
    let last = events.last().unwrap();
    assert_eq!(last.action, "state_changed");
    assert_eq!(last.after.as_ref().unwrap()["state"], "cancelled");
    assert_eq!(last.after.as_ref().unwrap()["note"], "Thu hồi văn bản");
}

async fn a_rejection_returns_the_units_tasks_with_its_reason(db: &TestDb) {
    with_directory(db).await;
    ingest_fixture(db, "directive_ubnd_tth_3tasks.edxml").await;
    let out = ingest_fixture(db, "status_02_rejection_status_container.edxml").await;
    assert!(matches!(out, Outcome::Applied { .. }), "{out:?}");
    let s = states(db).await;
    assert_eq!(
        s,
        [
            ("so-xay-dung".to_string(), TaskState::NotStarted),
            (
                "so-tai-nguyen-va-moi-truong".to_string(),
                TaskState::Returned
            )
        ]
    );
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    let events = db.store.task_events(tasks[1].id).await.unwrap();
    let note = events.last().unwrap().after.as_ref().unwrap()["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(note.contains("không thuộc chức năng"), "{note}");
}

async fn a_completion_marks_the_units_tasks_reported_and_no_one_elses(db: &TestDb) {
    with_directory(db).await;
    ingest_fixture(db, "directive_ubnd_tth_3tasks.edxml").await;
    ingest(db, status_edxml("06", &SXD, DOC_1234, None).as_bytes()).await;
    let s = states(db).await;
    assert_eq!(s[0], ("so-xay-dung".to_string(), TaskState::Reported));
    assert_eq!(s[1].1, TaskState::NotStarted);
    // A 03 (registered) changes nothing; a stranger's answer is refused and kept as a dead letter.
    let noted = ingest(db, status_edxml("03", &STNMT, DOC_1234, None).as_bytes()).await;
    assert!(
        matches!(&noted, Outcome::Applied { effect, .. } if effect.contains("noted")),
        "{noted:?}"
    );
    let stranger = To {
        organ_id: "000.00.96.H57",
        name: "Đơn vị lạ",
    };
    let refused = ingest(db, status_edxml("06", &stranger, DOC_1234, None).as_bytes()).await;
    assert!(
        matches!(&refused, Outcome::Refused { reason } if reason.contains("field From")),
        "{refused:?}"
    );
    assert_eq!(states(db).await[1].1, TaskState::NotStarted);
}

async fn an_answer_before_its_document_waits_and_is_applied_on_arrival(db: &TestDb) {
    with_directory(db).await;
    let early = ingest(
        db,
        status_edxml("02", &STNMT, DOC_1234, Some("Không đúng thẩm quyền")).as_bytes(),
    )
    .await;
    assert_eq!(
        early,
        Outcome::Pending {
            document: DOC_1234.into()
        }
    );
    assert_eq!(db.store.count_tasks().await.unwrap(), 0);
    ingest_fixture(db, "directive_ubnd_tth_3tasks.edxml").await;
    let s = states(db).await;
    assert_eq!(
        s[1],
        (
            "so-tai-nguyen-va-moi-truong".to_string(),
            TaskState::Returned
        )
    );
    assert_eq!(s[0].1, TaskState::NotStarted);
}

async fn an_update_adds_a_recipient_and_moves_the_deadline(db: &TestDb) {
    with_directory(db).await;
    let first = edxml(
        "95",
        "UBND-XD",
        "2024/05/10",
        Some("2024/06/01"),
        &[SXD],
        "V/v cập nhật",
    );
    ingest(db, first.as_bytes()).await;
    let key = "000.00.00.H57,2024/05/10,95/UBND-XD";
    let update = edxml("95", "UBND-XD", "2024/05/10", Some("2024/06/15"), &[SXD, STNMT], "V/v cập nhật")
        .replace(
            "</edXML:MessageHeader>",
            &format!(
                "</edXML:MessageHeader><edXML:TraceHeaderList><edXML:Bussiness><edXML:DocumentId>{key}</edXML:DocumentId>\
                 <edXML:BussinessDocType>2</edXML:BussinessDocType></edXML:Bussiness></edXML:TraceHeaderList>"
            ),
        );
    let out = ingest(db, update.as_bytes()).await;
    assert!(
        matches!(&out, Outcome::Applied { effect, .. } if effect.starts_with("updated")),
        "{out:?}"
    );
    let tasks = db.store.list_tasks(&TaskFilter::default()).await.unwrap();
    assert_eq!(tasks.len(), 2);
    assert!(
        tasks
            .iter()
            .all(|t| t.task.deadline.date().unwrap().to_string() == "2024-06-15"),
        "{tasks:?}"
    );
    assert_eq!(tasks[1].lead.key, "so-tai-nguyen-va-moi-truong");
    let events = db.store.task_events(tasks[0].id).await.unwrap();
    assert_eq!(events.last().unwrap().action, "deadline_changed");
}

async fn a_report_is_linked_to_the_directive_it_answers(db: &TestDb) {
    with_directory(db).await;
    ingest_fixture(db, "directive_ubnd_tth_3tasks.edxml").await;
    let out = ingest_fixture(db, "reply_report_sxd.edxml").await;
    assert!(matches!(out, Outcome::Stored { .. }), "{out:?}");
    let links = db.store.report_links().await.unwrap();
    assert_eq!(
        links,
        [(
            "000.00.14.H57,2024/05/30,455/SXD-HTKT".to_string(),
            DOC_1234.to_string()
        )]
    );
}

async fn an_update_removing_a_receiver_cancels_its_task(db: &TestDb) {
    with_directory(db).await;
    let key = "000.00.00.H57,2024/05/10,96/UBND-XD";
    let first = edxml(
        "96",
        "UBND-XD",
        "2024/05/10",
        Some("2024/06/01"),
        &[SXD, STNMT],
        "V/v bớt",
    );
    ingest(db, first.as_bytes()).await;
    // The receiver list says Sở TN&MT is removed, though the sender left it in To.
    let update = edxml("96", "UBND-XD", "2024/05/10", Some("2024/06/01"), &[SXD, STNMT], "V/v bớt").replace(
        "</edXML:MessageHeader>",
        &format!(
            "</edXML:MessageHeader><edXML:TraceHeaderList><edXML:Bussiness><edXML:DocumentId>{key}</edXML:DocumentId>\
             <edXML:BussinessDocType>2</edXML:BussinessDocType><edXML:BussinessDocumentInfo>\
             <edXML:DocumentInfo>0</edXML:DocumentInfo><edXML:DocumentReceiver>1</edXML:DocumentReceiver>\
             <edXML:ReceiverList><edXML:Receiver><edXML:OrganId>000.00.09.H57</edXML:OrganId>\
             <edXML:ReceiverType>0</edXML:ReceiverType></edXML:Receiver></edXML:ReceiverList>\
             </edXML:BussinessDocumentInfo></edXML:Bussiness></edXML:TraceHeaderList>"
        ),
    );
    let out = ingest(db, update.as_bytes()).await;
    assert!(matches!(out, Outcome::Applied { .. }), "{out:?}");
    assert_eq!(
        states(db).await,
        [
            ("so-xay-dung".to_string(), TaskState::NotStarted),
            (
                "so-tai-nguyen-va-moi-truong".to_string(),
                TaskState::Cancelled
            )
        ]
    );
}

/// Two instances plan the same new document at once: the second's insert finds it stored, and
/// its plan stops there, as for a document known before — nothing after it is written.
async fn a_plan_whose_document_was_stored_meanwhile_stops_at_it_as_a_duplicate(db: &TestDb) {
    use dondoc::domain::{
        Actor, Deadline, Document, DocumentKey, DocumentNumber, OrganId, Provenance, ReviewState,
        Signer, Task, TaskState, UnitKey, Urgency,
    };
    use dondoc::intake::{Change, DocRef};
    let now = dondoc::clock::parse_instant(NOW).unwrap();
    let issuer = OrganId::parse("000.00.00.H57").unwrap();
    let number = DocumentNumber::parse("1207/UBND-KT").unwrap();
    let issued = chrono::NaiveDate::from_ymd_opt(2024, 5, 14).unwrap();
    let document = Document {
        key: DocumentKey::derive(&issuer, issued, &number),
        issuer_id: issuer,
        issuer_name: "UBND tỉnh".into(),
        number,
        doc_type: None,
        subject: Some("V/v rà soát".into()),
        content: None,
        place: None,
        issued,
        signer: Signer::default(),
        urgency: Urgency::Normal,
        due: None,
        source: "inbox".into(),
        external_id: None,
    };
    let unit = dondoc::domain::Unit::unverified_named("Ban X");
    let task = Task {
        document: document.key.clone(),
        content: "Rà soát".into(),
        lead: UnitKey::parse(unit.key.as_str()).unwrap(),
        support: Vec::new(),
        deadline: Deadline::None,
        recurrence: None,
        state: TaskState::NotStarted,
        provenance: Provenance::Header,
        review: ReviewState::Draft,
        tracking_specialist: None,
        reporting_unit: None,
        flags: Vec::new(),
        quote: None,
        confidence: None,
    };
    let plan = vec![
        Change::InsertDocument(Box::new(document.clone())),
        Change::KeepUnverifiedUnit {
            unit: Box::new(unit),
            organ_id: None,
        },
        Change::InsertTask {
            document: DocRef::New,
            seq: 1,
            task: Box::new(task),
            actor: Actor::Source("inbox".into()),
        },
    ];
    let mut tx = db.store.begin().await.unwrap();
    let first = tx.apply(&plan, now).await.unwrap();
    tx.commit().await.unwrap();
    let stored = first
        .document_id
        .expect("the first plan stores the document");
    assert_eq!(first.duplicate_of, None);

    let mut tx = db.store.begin().await.unwrap();
    let second = tx.apply(&plan, now).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(second.duplicate_of, Some(stored));
    assert_eq!(second.document_id, None);
    assert_eq!(db.store.count_tasks().await.unwrap(), 1, "no second task");
}
