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
    let units = dondoc::config::units::read_directory(&units_file())
        .unwrap()
        .units;
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

/// A pipeline as the daemon configures it and starts it: the unit directory `units` loaded into
/// the store (its groups expanding what texts name), with `extra` settings.
async fn configured(
    db: &TestDb,
    data_dir: &std::path::Path,
    units: &std::path::Path,
    extra: &[(&str, &str)],
) -> Pipeline {
    let env = [
        ("DONDOC__DATA_DIR", data_dir.display().to_string()),
        ("DONDOC__UNITS__FILE", units.display().to_string()),
    ]
    .into_iter()
    .chain(extra.iter().map(|(k, v)| (*k, v.to_string())))
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = dondoc::config::load(None, Some(env)).unwrap();
    db.store
        .load_directory(&config.units.directory, at(NOW))
        .await
        .unwrap();
    Pipeline::new(db.store.clone(), Arc::new(clock(NOW)), Hooks::none()).configured(&config)
}

/// A pipeline as the daemon configures it, with the shipped directory and
/// `[extract] auto_confirm_threshold` set.
async fn with_threshold(db: &TestDb, data_dir: &std::path::Path, threshold: &str) -> Pipeline {
    configured(
        db,
        data_dir,
        &units_file(),
        &[("DONDOC__EXTRACT__AUTO_CONFIRM_THRESHOLD", threshold)],
    )
    .await
}

async fn process(pipeline: &Pipeline, msg: &str) -> Outcome {
    pipeline
        .process("inbox", "m.edxml", msg.as_bytes(), &Shutdown::new())
        .await
        .unwrap()
}

/// A small directory of our own: two departments of 2026, one merged away in 2025 and one
/// created only in 2027, two district committees, an association dissolved in 2020, and the
/// groups a directive names.
const GROUPED_UNITS: &str = r#"
[[units]]
key = "ubnd-tinh"
name = "UBND tỉnh Thừa Thiên Huế"
kind = "committee"
organ_ids = ["000.00.00.H57"]
aliases = ["UBND tỉnh"]

[[units]]
key = "so-tai-chinh"
name = "Sở Tài chính"
kind = "department"
valid_to = "2025-02-28"

[[units]]
key = "so-tai-chinh-2025"
name = "Sở Tài chính"
kind = "department"
organ_ids = ["000.00.60.H57"]
valid_from = "2025-03-01"
succeeds = ["so-tai-chinh"]

[[units]]
key = "so-xay-dung"
name = "Sở Xây dựng"
kind = "department"
organ_ids = ["000.00.62.H57"]

[[units]]
key = "so-chuyen-doi-so"
name = "Sở Chuyển đổi số"
kind = "department"
valid_from = "2027-01-01"

[[units]]
key = "ubnd-huyen-phong-dien"
name = "UBND huyện Phong Điền"
kind = "district"

[[units]]
key = "ubnd-huyen-a-luoi"
name = "UBND huyện A Lưới"
kind = "district"

[[groups]]
name = "các sở, ban, ngành"
aliases = ["các sở, ngành"]
members_kind = "department"

[[units]]
key = "hoi-thu-nghiem"
name = "Hội Thử nghiệm tỉnh"
kind = "other"
valid_to = "2020-12-31"

[[groups]]
name = "UBND các huyện, thị xã, thành phố"
members = ["ubnd-huyen-phong-dien", "ubnd-huyen-a-luoi"]

[[groups]]
name = "các hội, đoàn thể"
members = ["hoi-thu-nghiem"]
"#;

/// [`GROUPED_UNITS`] in a file of `dir`.
fn grouped_units(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("units.toml");
    std::fs::write(&path, GROUPED_UNITS).unwrap();
    path
}

fn leads(tasks: &[TaskRow]) -> Vec<&str> {
    tasks.iter().map(|t| t.lead.key.as_str()).collect()
}

fn support(t: &TaskRow) -> Vec<&str> {
    let mut keys: Vec<&str> = t.support.iter().map(|u| u.key.as_str()).collect();
    keys.sort();
    keys
}

on_both_backends!(
    a_directives_tasks_are_read_from_its_text_as_drafts_in_place_of_its_header_tasks,
    a_unit_the_text_names_is_the_recipient_of_that_name_even_outside_the_directory,
    a_group_the_text_names_is_kept_as_an_unverified_unit_when_the_directory_does_not_expand_it,
    a_group_the_text_tasks_becomes_one_draft_per_member_valid_on_the_issue_day,
    a_group_among_the_coordinating_units_adds_its_members_to_them,
    the_shipped_groups_reach_the_departments_of_the_documents_day_and_wait_for_review,
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

async fn a_group_the_text_names_is_kept_as_an_unverified_unit_when_the_directory_does_not_expand_it(
    db: &TestDb,
) {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = configured(db, dir.path(), &units_file(), &[]).await;
    // "liên quan": only some of them, which the Office picks; no alias of the shipped group.
    let text = "Yêu cầu các sở, ban, ngành liên quan chủ trì rà soát thủ tục hành chính thuộc \
                lĩnh vực quản lý, báo cáo UBND tỉnh trước ngày 10/12/2026.";
    let out = process(&pipeline, &directive("1522", &[STC], text)).await;
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
    let tasks = tasks(db).await;
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    let t = &tasks[0];
    assert!(!t.lead.verified);
    assert!(t.lead.key.starts_with("unverified:name-"), "{}", t.lead.key);
    assert_eq!(t.lead.name, "các sở, ban, ngành liên quan");
    assert!(!t.task.flags.contains(&TaskFlag::FromGroup), "{t:?}");
    assert_eq!(t.task.deadline, Deadline::Date(day("2026-12-10")));

    // Without a directory's groups (a pipeline not configured), the group itself is kept too.
    let bare = "Yêu cầu các sở, ban, ngành chủ trì rà soát thủ tục hành chính thuộc lĩnh vực \
                quản lý, báo cáo UBND tỉnh trước ngày 10/12/2026.";
    ingest(db, &directive("1527", &[STC], bare)).await;
    let tasks = self::tasks(db).await;
    assert_eq!(tasks.len(), 2, "{tasks:?}");
    assert_eq!(
        (tasks[1].lead.name.as_str(), tasks[1].lead.verified),
        ("các sở, ban, ngành", false)
    );
}

async fn a_group_the_text_tasks_becomes_one_draft_per_member_valid_on_the_issue_day(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = configured(db, dir.path(), &grouped_units(dir.path()), &[]).await;
    let text = "Giao các sở, ban, ngành rà soát các thủ tục hành chính thuộc lĩnh vực quản lý, \
                đề xuất cắt giảm, báo cáo UBND tỉnh trước ngày 15/12/2026.\n\
                Giao Sở Xây dựng chủ trì kiểm tra an toàn công trình trụ sở, báo cáo UBND tỉnh \
                trước ngày 20/12/2026.";
    let out = process(&pipeline, &directive("1530", &[STC, SXD], text)).await;
    assert_eq!(
        out,
        Outcome::Stored {
            document: "1530/UBND-TH".into(),
            tasks: 3,
            unverified_units: 0
        }
    );
    let tasks = tasks(db).await;
    assert_eq!(
        leads(&tasks),
        ["so-tai-chinh-2025", "so-xay-dung", "so-xay-dung"],
        "the departments of 20 November 2026, in the directory's order (not the one merged \
         away in 2025 nor the one created in 2027), then the next task: numbered one after \
         another in the document"
    );
    let (members, other) = tasks.split_at(2);
    for t in members {
        assert!(t.lead.verified, "{t:?}");
        assert_eq!(t.task.flags, [TaskFlag::FromGroup]);
        assert_eq!(t.task.provenance, Provenance::Extracted);
        assert_eq!(t.task.review, ReviewState::Draft);
        assert_eq!(t.task.deadline, Deadline::Date(day("2026-12-15")));
        assert!(
            t.task.content.contains("rà soát các thủ tục hành chính"),
            "{t:?}"
        );
        assert!(t.support.is_empty(), "{t:?}");
        // The same reading: same content, quote and confidence.
        assert_eq!(t.task.content, members[0].task.content);
        assert_eq!(t.task.quote, members[0].task.quote);
        assert_eq!(t.task.confidence, members[0].task.confidence);
        assert!(t.task.confidence.is_some());
        assert!(t
            .task
            .quote
            .as_deref()
            .is_some_and(|q| q.starts_with("Giao các sở, ban, ngành")));
    }
    assert_ne!(members[0].id, members[1].id);
    assert!(other[0].task.flags.is_empty(), "{:?}", other[0].task.flags);
    assert_eq!(other[0].task.deadline, Deadline::Date(day("2026-12-20")));

    // Issued before the merger, the same sentence reaches the department of that day.
    let before = with_content(
        &edxml(
            "1531",
            "UBND-TH",
            "2024/06/03",
            Some("2024/12/31"),
            &[STC],
            "V/v thủ tục hành chính",
        ),
        "Giao các sở, ngành rà soát các thủ tục hành chính thuộc lĩnh vực quản lý, báo cáo \
         UBND tỉnh trước ngày 15/07/2024.",
    );
    assert!(
        matches!(
            process(&pipeline, &before).await,
            Outcome::Stored { tasks: 2, .. }
        ),
        "two departments in June 2024"
    );
    let of_2024: Vec<TaskRow> = self::tasks(db)
        .await
        .into_iter()
        .filter(|t| t.document_number == "1531/UBND-TH")
        .collect();
    assert_eq!(leads(&of_2024), ["so-tai-chinh", "so-xay-dung"]);

    // A group none of whose members is valid that day is kept by name, for the Office.
    let none_left = directive(
        "1534",
        &[STC],
        "Yêu cầu các hội, đoàn thể tuyên truyền đến hội viên về phòng, chống lừa đảo qua mạng, \
         báo cáo UBND tỉnh trước ngày 10/12/2026.",
    );
    assert!(
        matches!(
            process(&pipeline, &none_left).await,
            Outcome::Stored {
                tasks: 1,
                unverified_units: 1,
                ..
            }
        ),
        "one draft, by the group's name"
    );
    let kept = self::tasks(db)
        .await
        .into_iter()
        .find(|t| t.document_number == "1534/UBND-TH")
        .unwrap();
    assert_eq!(
        (kept.lead.name.as_str(), kept.lead.verified),
        ("các hội, đoàn thể", false)
    );
    assert!(!kept.task.flags.contains(&TaskFlag::FromGroup));
}

async fn a_group_among_the_coordinating_units_adds_its_members_to_them(db: &TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = configured(db, dir.path(), &grouped_units(dir.path()), &[]).await;
    let text = "Giao Sở Xây dựng chủ trì, phối hợp với các sở, ngành và UBND các huyện, thị xã, \
                thành phố kiểm tra an toàn nhà chung cư cũ, báo cáo UBND tỉnh trước ngày \
                20/12/2026.";
    let out = process(&pipeline, &directive("1532", &[SXD], text)).await;
    assert!(
        matches!(
            out,
            Outcome::Stored {
                tasks: 1,
                unverified_units: 0,
                ..
            }
        ),
        "{out:?}"
    );
    let tasks = tasks(db).await;
    assert_eq!(leads(&tasks), ["so-xay-dung"]);
    let t = &tasks[0];
    assert_eq!(
        support(t),
        [
            "so-tai-chinh-2025",
            "ubnd-huyen-a-luoi",
            "ubnd-huyen-phong-dien"
        ],
        "every member valid that day, the lead itself left out"
    );
    assert!(t.support.iter().all(|u| u.verified));
    assert!(t.task.flags.is_empty(), "{:?}", t.task.flags);
}

async fn the_shipped_groups_reach_the_departments_of_the_documents_day_and_wait_for_review(
    db: &TestDb,
) {
    let dir = tempfile::tempdir().unwrap();
    let pipeline = with_threshold(db, dir.path(), "0").await;
    let text = "Yêu cầu Thủ trưởng các sở, ban, ngành tỉnh khẩn trương kiểm kê tài sản công \
                được giao quản lý, báo cáo Sở Tài chính trước ngày 10/12/2026.";
    let out = process(&pipeline, &directive("1533", &[STC], text)).await;
    let tasks = tasks(db).await;
    assert!(
        matches!(out, Outcome::Stored { tasks: n, unverified_units: 0, .. } if n == tasks.len()),
        "{out:?}"
    );
    let leads = leads(&tasks);
    assert!(leads.len() >= 10, "{leads:?}");
    assert!(leads.contains(&"so-tai-chinh-2025"), "{leads:?}");
    assert!(leads.contains(&"thanh-tra-tinh"), "{leads:?}");
    assert!(
        !leads.contains(&"so-ke-hoach-va-dau-tu"),
        "merged away before 2026: {leads:?}"
    );
    assert!(
        !leads.iter().any(|k| k.starts_with("ubnd-")),
        "departments only: {leads:?}"
    );
    for t in &tasks {
        assert!(t.lead.verified);
        assert!(t.task.flags.contains(&TaskFlag::FromGroup), "{t:?}");
        assert_eq!(
            t.task.review,
            ReviewState::Draft,
            "the Office decides whether to keep the group whole, whatever the threshold"
        );
        assert_eq!(t.task.deadline, Deadline::Date(day("2026-12-10")));
    }
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
        .await
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
    let text = "Yêu cầu các sở, ban, ngành liên quan chủ trì rà soát thủ tục hành chính thuộc \
                lĩnh vực quản lý, báo cáo UBND tỉnh trước ngày 10/12/2026.";
    with_threshold(db, dir.path(), "0")
        .await
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
