//! A directive's tasks are read from its text and wait as drafts for the Office (Điều 6.1, 7):
//! units resolved through the document's recipients and this province's directory, deadlines
//! typed, the header's tasks standing in only when the text gives none. Run on both backends.

use std::sync::Arc;

use dondoc::domain::{Actor, Deadline, Provenance, ReviewState, TaskFlag};
use dondoc::hooks::Hooks;
use dondoc::shutdown::Shutdown;
use dondoc::store::{TaskFilter, TaskRow};
use dondoc::sync::{Outcome, Pipeline};

use crate::helpers::{clock, edxml, pipeline, units_file, with_content, TestDb, To};
use crate::on_both_backends;

/// Ingest happens on the day the directives below are issued.
pub const NOW: &str = "2026-11-20T09:00:00+07:00";

pub const STC: To = To {
    organ_id: "000.00.60.H57",
    name: "Sở Tài chính",
};
pub const SXD: To = To {
    organ_id: "000.00.62.H57",
    name: "Sở Xây dựng",
};

/// A directive assigning one task, in the plainest form directives use.
pub const ONE_TASK: &str = "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát các khoản \
     chi sửa chữa trụ sở năm 2026, báo cáo UBND tỉnh trước ngày 15/12/2026.";

pub fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    dondoc::clock::parse_instant(s).unwrap()
}

pub async fn with_directory(db: &TestDb) {
    let units = dondoc::config::units::read_directory(&units_file()).unwrap();
    db.store.load_directory(&units, at(NOW)).await.unwrap();
}

/// Directive `number`, issued on 20 November 2026 to `to`, with the header deadline 31 December
/// and `text` as its content.
pub fn directive(number: &str, to: &[To], text: &str) -> String {
    with_content(
        &edxml(
            number,
            "UBND-TH",
            "2026/11/20",
            Some("2026/12/31"),
            to,
            "V/v sửa chữa trụ sở",
        ),
        text,
    )
}

pub async fn ingest(db: &TestDb, msg: &str) -> Outcome {
    pipeline(&db.store, NOW)
        .process("inbox", "m.edxml", msg.as_bytes(), &Shutdown::new())
        .await
        .unwrap()
}

pub async fn tasks(db: &TestDb) -> Vec<TaskRow> {
    db.store.list_tasks(&TaskFilter::default()).await.unwrap()
}

/// A pipeline as the daemon configures it, with `[extract] auto_confirm_threshold` set.
fn with_threshold(db: &TestDb, data_dir: &std::path::Path, threshold: &str) -> Pipeline {
    let env = [
        ("DONDOC__DATA_DIR", data_dir.display().to_string()),
        (
            "DONDOC__EXTRACT__AUTO_CONFIRM_THRESHOLD",
            threshold.to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = dondoc::config::load(None, Some(env)).unwrap();
    Pipeline::new(db.store.clone(), Arc::new(clock(NOW)), Hooks::none()).configured(&config)
}

on_both_backends!(
    a_directives_tasks_are_read_from_its_text_as_drafts_in_place_of_its_header_tasks,
    a_unit_the_text_names_is_the_recipient_of_that_name_even_outside_the_directory,
    a_group_the_text_names_is_kept_as_an_unverified_unit,
    a_document_whose_text_assigns_nothing_keeps_its_header_tasks_flagged_for_the_office,
    a_sure_reading_of_known_units_is_confirmed_when_the_office_set_a_threshold,
    a_reading_naming_an_unknown_unit_waits_for_review_whatever_the_threshold,
);

async fn a_directives_tasks_are_read_from_its_text_as_drafts_in_place_of_its_header_tasks(
    db: &TestDb,
) {
    with_directory(db).await;
    let out = ingest(db, &directive("1520", &[STC, SXD], ONE_TASK)).await;
    assert_eq!(
        out,
        Outcome::Stored {
            document: "1520/UBND-TH".into(),
            tasks: 1,
            unverified_units: 0
        }
    );
    let tasks = tasks(db).await;
    assert_eq!(tasks.len(), 1, "no header task beside it: {tasks:?}");
    let t = &tasks[0];
    assert_eq!(t.task.provenance, Provenance::Extracted);
    assert_eq!(t.task.review, ReviewState::Draft);
    assert_eq!(
        t.lead.key, "so-tai-chinh-2025",
        "the unit of that name in 2026"
    );
    assert!(t.lead.verified);
    let support: Vec<&str> = t.support.iter().map(|u| u.key.as_str()).collect();
    assert_eq!(support, ["so-xay-dung-2025"]);
    assert_eq!(
        t.task.deadline,
        Deadline::Date(day("2026-12-15")),
        "the text's deadline, not the header's"
    );
    assert!(t.task.content.contains("rà soát các khoản chi"), "{t:?}");
    assert!(t
        .task
        .quote
        .as_deref()
        .is_some_and(|q| q.starts_with("Giao Sở Tài chính")));
    assert!(t.task.confidence.is_some());
    assert!(t.task.flags.is_empty(), "{:?}", t.task.flags);
    assert!(t.confirmed_at.is_none());
    let events = db.store.task_events(t.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].action.as_str(), &events[0].actor),
        ("created", &Actor::Source("inbox".into()))
    );
    let after = events[0].after.as_ref().unwrap();
    assert_eq!(
        (after["provenance"].as_str(), after["review"].as_str()),
        (Some("extracted"), Some("draft"))
    );
}

async fn a_unit_the_text_names_is_the_recipient_of_that_name_even_outside_the_directory(
    db: &TestDb,
) {
    with_directory(db).await;
    let board = To {
        organ_id: "000.00.98.H57",
        name: "Ban Quản lý dự án thử nghiệm",
    };
    let text = "Giao Ban Quản lý dự án thử nghiệm chủ trì lập hồ sơ mốc giới khu tái định cư, \
                báo cáo UBND tỉnh trước ngày 10/12/2026.";
    let out = ingest(db, &directive("1521", &[board], text)).await;
    assert!(
        matches!(
            out,
            Outcome::Stored {
                tasks: 1,
                unverified_units: 1,
                ..
            }
        ),
        "{out:?}"
    );
    let t = &tasks(db).await[0];
    assert_eq!(
        t.lead.key, "unverified:000.00.98.h57",
        "the unit the header registered by its OrganId, not a second one by name"
    );
    assert_eq!(t.task.provenance, Provenance::Extracted);
    assert_eq!(db.store.count_units().await.unwrap().1, 1);
}

async fn a_group_the_text_names_is_kept_as_an_unverified_unit(db: &TestDb) {
    with_directory(db).await;
    let text = "Yêu cầu các sở, ban, ngành chủ trì rà soát thủ tục hành chính thuộc lĩnh vực \
                quản lý, báo cáo UBND tỉnh trước ngày 10/12/2026.";
    let out = ingest(db, &directive("1522", &[STC], text)).await;
    assert!(
        matches!(
            out,
            Outcome::Stored {
                tasks: 1,
                unverified_units: 1,
                ..
            }
        ),
        "{out:?}"
    );
    let t = &tasks(db).await[0];
    assert!(!t.lead.verified);
    assert!(t.lead.key.starts_with("unverified:name-"), "{}", t.lead.key);
    assert_eq!(t.lead.name, "các sở, ban, ngành");
    assert_eq!(t.task.deadline, Deadline::Date(day("2026-12-10")));
}

async fn a_document_whose_text_assigns_nothing_keeps_its_header_tasks_flagged_for_the_office(
    db: &TestDb,
) {
    with_directory(db).await;
    let out = ingest(
        db,
        &directive(
            "1523",
            &[STC, SXD],
            "Tình hình mưa lũ trên địa bàn đã ổn định.",
        ),
    )
    .await;
    assert!(matches!(out, Outcome::Stored { tasks: 2, .. }), "{out:?}");
    let without_text = edxml(
        "1524",
        "UBND-TH",
        "2026/11/20",
        Some("2026/12/31"),
        &[STC],
        "V/v không nội dung",
    );
    ingest(db, &without_text).await;
    let tasks = tasks(db).await;
    assert_eq!(tasks.len(), 3);
    for t in &tasks {
        assert_eq!(t.task.provenance, Provenance::Header);
        assert_eq!(t.task.review, ReviewState::Draft);
        assert_eq!(t.task.deadline, Deadline::Date(day("2026-12-31")));
        assert_eq!(t.task.flags, [TaskFlag::NoTasksExtracted]);
    }
    let leads: Vec<&str> = tasks.iter().map(|t| t.lead.key.as_str()).collect();
    assert_eq!(
        leads,
        ["so-tai-chinh-2025", "so-xay-dung-2025", "so-tai-chinh-2025"]
    );
}

async fn a_sure_reading_of_known_units_is_confirmed_when_the_office_set_a_threshold(db: &TestDb) {
    with_directory(db).await;
    let dir = tempfile::tempdir().unwrap();
    let out = with_threshold(db, dir.path(), "0.5")
        .process(
            "inbox",
            "m.edxml",
            directive("1525", &[STC, SXD], ONE_TASK).as_bytes(),
            &Shutdown::new(),
        )
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Stored { tasks: 1, .. }), "{out:?}");
    let t = &tasks(db).await[0];
    assert_eq!(t.task.review, ReviewState::Confirmed);
    assert_eq!(
        t.confirmed_at,
        Some(at(NOW)),
        "the entry clock stops at ingest"
    );
    let events = db.store.task_events(t.id).await.unwrap();
    let actions: Vec<(&str, &Actor)> = events
        .iter()
        .map(|e| (e.action.as_str(), &e.actor))
        .collect();
    assert_eq!(
        actions,
        [
            ("created", &Actor::Source("inbox".into())),
            ("confirmed", &Actor::System)
        ]
    );
    assert_eq!(events[1].before.as_ref().unwrap()["review"], "draft");
    assert_eq!(events[1].after.as_ref().unwrap()["review"], "confirmed");
}

async fn a_reading_naming_an_unknown_unit_waits_for_review_whatever_the_threshold(db: &TestDb) {
    with_directory(db).await;
    let dir = tempfile::tempdir().unwrap();
    let text = "Yêu cầu các sở, ban, ngành chủ trì rà soát thủ tục hành chính thuộc lĩnh vực \
                quản lý, báo cáo UBND tỉnh trước ngày 10/12/2026.";
    with_threshold(db, dir.path(), "0")
        .process(
            "inbox",
            "m.edxml",
            directive("1526", &[STC], text).as_bytes(),
            &Shutdown::new(),
        )
        .await
        .unwrap();
    let t = &tasks(db).await[0];
    assert_eq!(
        (t.task.provenance, t.lead.verified),
        (Provenance::Extracted, false),
        "the text's task, led by the group it names: {t:?}"
    );
    assert_eq!(t.task.review, ReviewState::Draft);
    assert!(t.confirmed_at.is_none());
}
