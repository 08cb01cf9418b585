//! The reports of Điều 9 and 10 end to end: directives taken in, entered, answered and cancelled
//! on an injected clock, then `dondoc report … --format json` (a contract) read back, on both
//! backends. The arithmetic of every case is table-tested in core (`report/tests.rs`); here the
//! store's facts must give the same numbers.
//!
//! June 2027 (no holiday; the 1st a Tuesday):
//! - 601/UBND-TH, Tue 1 June, due Thu 10 June, to Sở Tài chính and Sở Xây dựng, both entered on the
//!   2nd: Tài chính reports on the 9th (done on time); Xây dựng starts on the 5th, says why it is
//!   late in a status message on the 14th, reports on 5 July (in progress overdue at the month's
//!   end, done late after);
//! - 602/UBND-TH, Mon 21 June, due Sunday 27 June (so Monday the 28th), to Tài chính, entered on
//!   Thursday the 24th — the third working day, late: reported the 28th, on time;
//! - 603/UBND-TH, Mon 14 June, due the 30th, to Xây dựng, entered that day, cancelled the 16th;
//! - 604/UBND-TH, Tue 15 June, due Fri 25 June, to Xây dựng, entered that day, returned on the 17th.

use dondoc::domain::{Actor, TaskState};
use dondoc::shutdown::Shutdown;
use serde_json::Value;

use crate::drafts::{at, tasks, with_directory, STC, SXD};
use crate::helpers::{edxml, pipeline, status_edxml, Cli, TestDb, To};
use crate::on_both_backends;

on_both_backends!(
    june_as_of_its_end_and_ten_days_later_differ_by_what_happened_since,
    a_units_report_gives_each_task_its_timeliness_and_reason,
    entry_timeliness_grades_each_specialist_on_the_two_working_days,
    the_spreadsheet_reads_as_appendix_v_with_numbers_merged_headings_and_a_total,
    the_work_programme_is_registered_from_a_file_and_counted_as_it_stood,
    the_months_reports_are_queued_once_on_the_20th_to_24th_and_mailed_with_their_spreadsheets,
);

fn office() -> Actor {
    Actor::User("lan".into())
}

async fn take_in(db: &TestDb, number: &str, issued: &str, due: &str, to: &[To<'_>], when: &str) {
    let msg = edxml(number, "UBND-TH", issued, Some(due), to, "V/v báo cáo");
    pipeline(&db.store, when)
        .process("inbox", "m.edxml", msg.as_bytes(), &Shutdown::new())
        .await
        .unwrap();
}

/// The id of the task of directive `number` that `unit` leads.
async fn task_of(db: &TestDb, number: &str, unit: &str) -> i64 {
    tasks(db)
        .await
        .into_iter()
        .find(|t| t.document_number == format!("{number}/UBND-TH") && t.lead.name == unit)
        .unwrap_or_else(|| panic!("no task of {number} for {unit}"))
        .id
}

async fn confirm(db: &TestDb, id: i64, when: &str) {
    dondoc::review::confirm(&db.store, id, &office(), at(when))
        .await
        .unwrap();
}

async fn record(db: &TestDb, id: i64, to: TaskState, note: Option<&str>, when: &str) {
    dondoc::progress::record(&db.store, id, to, note, &office(), at(when))
        .await
        .unwrap();
}

async fn june(db: &TestDb) -> Cli {
    with_directory(db).await;
    take_in(
        db,
        "601",
        "2027/06/01",
        "2027/06/10",
        &[STC, SXD],
        "2027-06-01T16:00:00+07:00",
    )
    .await;
    let (a_tc, a_xd) = (
        task_of(db, "601", "Sở Tài chính").await,
        task_of(db, "601", "Sở Xây dựng").await,
    );
    confirm(db, a_tc, "2027-06-02T09:00:00+07:00").await;
    confirm(db, a_xd, "2027-06-02T09:05:00+07:00").await;
    record(
        db,
        a_tc,
        TaskState::Reported,
        None,
        "2027-06-09T10:00:00+07:00",
    )
    .await;
    record(
        db,
        a_xd,
        TaskState::InProgress,
        None,
        "2027-06-05T09:00:00+07:00",
    )
    .await;
    take_in(
        db,
        "603",
        "2027/06/14",
        "2027/06/30",
        &[SXD],
        "2027-06-14T08:30:00+07:00",
    )
    .await;
    let c = task_of(db, "603", "Sở Xây dựng").await;
    confirm(db, c, "2027-06-14T10:00:00+07:00").await;
    record(
        db,
        c,
        TaskState::Cancelled,
        Some("văn bản bị thu hồi"),
        "2027-06-16T09:00:00+07:00",
    )
    .await;
    take_in(
        db,
        "604",
        "2027/06/15",
        "2027/06/25",
        &[SXD],
        "2027-06-15T08:30:00+07:00",
    )
    .await;
    let d = task_of(db, "604", "Sở Xây dựng").await;
    confirm(db, d, "2027-06-15T10:00:00+07:00").await;
    record(
        db,
        d,
        TaskState::Returned,
        Some("không thuộc thẩm quyền của Sở"),
        "2027-06-17T09:00:00+07:00",
    )
    .await;
    take_in(
        db,
        "602",
        "2027/06/21",
        "2027/06/27",
        &[STC],
        "2027-06-21T15:00:00+07:00",
    )
    .await;
    let b = task_of(db, "602", "Sở Tài chính").await;
    confirm(db, b, "2027-06-24T09:00:00+07:00").await;
    record(
        db,
        b,
        TaskState::Reported,
        None,
        "2027-06-28T10:00:00+07:00",
    )
    .await;
    // After the month.
    // Xây dựng says, with its status message, why it is late.
    let said = status_edxml(
        "05",
        &SXD,
        "000.00.00.H57,2027/06/01,601/UBND-TH",
        Some("chờ ý kiến của Bộ Xây dựng"),
    );
    pipeline(&db.store, "2027-06-14T09:00:00+07:00")
        .process("inbox", "s.edxml", said.as_bytes(), &Shutdown::new())
        .await
        .unwrap();
    record(
        db,
        a_xd,
        TaskState::Reported,
        None,
        "2027-07-05T09:00:00+07:00",
    )
    .await;
    let mut cli = Cli::new();
    cli.database_url = Some(db.url.clone());
    cli
}

fn report(cli: &Cli, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    cli.json_lines(&all)
}

/// A summary row's six counts: not started, in progress, done, each on time then overdue.
fn six(row: &Value) -> [u64; 6] {
    [
        "not_started_on_time",
        "not_started_overdue",
        "in_progress_on_time",
        "in_progress_overdue",
        "done_on_time",
        "done_late",
    ]
    .map(|k| row[k].as_u64().unwrap_or_else(|| panic!("{k} in {row}")))
}

fn row<'a>(rows: &'a [Value], unit: Option<&str>) -> &'a Value {
    rows.iter()
        .find(|r| r["unit"].as_str() == unit)
        .unwrap_or_else(|| panic!("no row for {unit:?} in {rows:?}"))
}

async fn june_as_of_its_end_and_ten_days_later_differ_by_what_happened_since(db: &TestDb) {
    let cli = june(db).await;
    let june_month = ["summary", "--period", "month", "--from", "2027-06-01"];
    let then = report(
        &cli,
        &[&june_month[..], &["--as-of", "2027-06-30"]].concat(),
    );
    assert_eq!(then.len(), 3, "two units and the total: {then:?}");
    assert_eq!(
        six(row(&then, Some("Sở Tài chính"))),
        [0, 0, 0, 0, 2, 0],
        "601 reported the 9th; 602 on Monday the 28th, its Sunday deadline rolled"
    );
    assert_eq!(
        six(row(&then, Some("Sở Xây dựng"))),
        [0, 1, 0, 1, 0, 0],
        "604 returned, past the 25th; 601 in progress past the 10th; 603 cancelled, left out"
    );
    let total = row(&then, None);
    assert_eq!(six(total), [0, 1, 0, 1, 2, 0]);
    assert_eq!(total["total"], 4);
    assert_eq!(total["unit_key"], Value::Null);
    assert_eq!(
        row(&then, Some("Sở Tài chính"))["unit_key"],
        "so-tai-chinh-2025"
    );

    let later = report(
        &cli,
        &[&june_month[..], &["--as-of", "2027-07-10"]].concat(),
    );
    assert_eq!(
        six(row(&later, Some("Sở Xây dựng"))),
        [0, 1, 0, 0, 0, 1],
        "601 reported on 5 July: done, late"
    );
    assert_eq!(six(row(&later, None)), [0, 1, 0, 0, 2, 1]);
    // The same month by its custom span, and named by its last day: the same numbers.
    let custom = report(
        &cli,
        &[
            "summary",
            "--period",
            "custom",
            "--from",
            "2027-06-01",
            "--to",
            "2027-06-30",
            "--as-of",
            "2027-06-30",
        ],
    );
    assert_eq!(custom, then);
    let by_its_end = report(
        &cli,
        &[
            "summary",
            "--period",
            "month",
            "--to",
            "2027-06-30",
            "--as-of",
            "2027-06-30",
        ],
    );
    assert_eq!(by_its_end, then, "a month named by the day it ends");
}

async fn a_units_report_gives_each_task_its_timeliness_and_reason(db: &TestDb) {
    let cli = june(db).await;
    let lines = report(
        &cli,
        &[
            "unit",
            "--unit",
            "so-xay-dung-2025",
            "--period",
            "month",
            "--from",
            "2027-06-01",
            "--as-of",
            "2027-06-30",
        ],
    );
    let numbers: Vec<&str> = lines
        .iter()
        .map(|l| l["document"]["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["601/UBND-TH", "604/UBND-TH"], "603 was cancelled");
    assert_eq!(lines[0]["state"], "in_progress");
    assert_eq!(lines[0]["timeliness"], "overdue");
    assert_eq!(lines[0]["reason"], "chờ ý kiến của Bộ Xây dựng");
    assert_eq!(lines[0]["due"], "2027-06-10");
    assert_eq!(lines[1]["state"], "not_started");
    assert_eq!(lines[1]["task_state"], "returned");
    assert_eq!(lines[1]["timeliness"], "overdue");
    assert_eq!(lines[1]["reason"], "không thuộc thẩm quyền của Sở");
    // The Office learns a newer reason by phone: the last one recorded is printed.
    let returned = lines[1]["id"].to_string();
    cli.stdout(&[
        "tasks",
        "update",
        &returned,
        "--note",
        "đã đề nghị giao Sở Tài chính",
        "--at",
        "2027-06-20",
    ]);
    let again = report(
        &cli,
        &[
            "unit",
            "--unit",
            "so-xay-dung-2025",
            "--period",
            "month",
            "--from",
            "2027-06-01",
            "--as-of",
            "2027-06-30",
        ],
    );
    assert_eq!(again[1]["reason"], "đã đề nghị giao Sở Tài chính");
    assert_eq!(
        again[1]["task_state"], "returned",
        "a note changes no state"
    );
    let before = report(
        &cli,
        &[
            "unit",
            "--unit",
            "so-xay-dung-2025",
            "--period",
            "month",
            "--from",
            "2027-06-01",
            "--as-of",
            "2027-06-19",
        ],
    );
    assert_eq!(
        before[1]["reason"], "không thuộc thẩm quyền của Sở",
        "as of the 19th the note was not yet written"
    );
    let tc = report(
        &cli,
        &[
            "unit",
            "--unit",
            "Sở Tài chính",
            "--period",
            "month",
            "--from",
            "2027-06-01",
            "--as-of",
            "2027-06-30",
        ],
    );
    let b = tc
        .iter()
        .find(|l| l["document"]["number"] == "602/UBND-TH")
        .unwrap();
    assert_eq!(b["due"], "2027-06-27");
    assert_eq!(b["due_applies"], "2027-06-28");
    assert_eq!(b["timeliness"], "done_on_time");
    // The contract of `tasks list --json`: timeliness now.
    let listed = cli.tasks_json(&["--as-of", "2027-07-10"]);
    let of = |number: &str, unit: &str| {
        listed
            .iter()
            .find(|t| t["document"]["number"] == number && t["lead"]["name"] == unit)
            .unwrap()["timeliness"]
            .clone()
    };
    assert_eq!(of("601/UBND-TH", "Sở Xây dựng"), "done_late");
    assert_eq!(of("601/UBND-TH", "Sở Tài chính"), "done_on_time");
    assert_eq!(of("604/UBND-TH", "Sở Xây dựng"), "overdue");
    assert_eq!(of("603/UBND-TH", "Sở Xây dựng"), Value::Null, "cancelled");
}

async fn entry_timeliness_grades_each_specialist_on_the_two_working_days(db: &TestDb) {
    let cli = june(db).await;
    let rows = report(
        &cli,
        &[
            "entry",
            "--period",
            "month",
            "--from",
            "2027-06-01",
            "--as-of",
            "2027-06-30",
        ],
    );
    let of = |who: &str| {
        rows.iter()
            .find(|r| r["specialist"] == who)
            .unwrap_or_else(|| panic!("no row for {who} in {rows:?}"))
    };
    let kinhte = of("cv.kinhte@vpubnd.thuathienhue.example");
    assert_eq!(
        (
            &kinhte["documents"],
            &kinhte["on_time"],
            &kinhte["late"],
            &kinhte["not_entered"]
        ),
        (&2.into(), &1.into(), &1.into(), &0.into()),
        "601 entered the next day; 602 on the third working day"
    );
    assert_eq!(kinhte["rate"], 0.5);
    let xaydung = of("cv.xaydung@vpubnd.thuathienhue.example");
    assert_eq!(
        (&xaydung["documents"], &xaydung["on_time"]),
        (&3.into(), &3.into())
    );
    let total = rows.iter().find(|r| r["row"] == "total").unwrap();
    assert_eq!(
        (&total["documents"], &total["on_time"], &total["late"]),
        (&4.into(), &3.into(), &1.into()),
        "each document once: 601 is in both specialists' rows"
    );
}

async fn the_spreadsheet_reads_as_appendix_v_with_numbers_merged_headings_and_a_total(db: &TestDb) {
    use calamine::{open_workbook, Data, Reader, Xlsx};

    let cli = june(db).await;
    let file = cli.path("phu-luc-v.xlsx");
    cli.stdout(&[
        "report",
        "summary",
        "--period",
        "month",
        "--from",
        "2027-06-01",
        "--as-of",
        "2027-06-30",
        "--format",
        "xlsx",
        "--output",
        file.to_str().unwrap(),
    ]);
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let sheet = book.worksheet_range("Phụ lục V").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        _ => String::new(),
    };
    let find = |label: &str| {
        rows.iter()
            .position(|r| r.iter().any(|c| text(c) == label))
            .unwrap_or_else(|| panic!("no cell {label:?} in {rows:?}"))
    };
    // The header block and the title, as the appendix has them.
    assert_eq!(text(&rows[0][0]), "UBND TỈNH THỪA THIÊN HUẾ");
    assert!(rows[0]
        .iter()
        .any(|c| text(c) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    find("BÁO CÁO");
    find("Kỳ báo cáo: tháng 6 năm 2027 (từ ngày 01/06/2027 đến ngày 30/06/2027)");
    // A unit's row: its counts are numbers, in the appendix's column order.
    let numbers = |row: &Vec<Data>| -> Vec<f64> {
        row.iter()
            .filter_map(|c| match c {
                Data::Float(f) => Some(*f),
                Data::Int(i) => Some(*i as f64),
                _ => None,
            })
            .collect()
    };
    let tc = find("Sở Tài chính");
    assert_eq!(numbers(&rows[tc]), [0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 2.0]);
    let xd = find("Sở Xây dựng");
    assert_eq!(numbers(&rows[xd]), [0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 2.0]);
    let total = find("Tổng cộng");
    assert_eq!(total, xd + 1, "the total row follows the units");
    assert_eq!(numbers(&rows[total]), [0.0, 1.0, 0.0, 1.0, 2.0, 0.0, 4.0]);
    // "Chưa thực hiện" is merged over its two columns, "Trong hạn" and "Quá hạn" under it.
    let head = find("Chưa thực hiện");
    let col = rows[head]
        .iter()
        .position(|c| text(c) == "Chưa thực hiện")
        .unwrap();
    assert_eq!(text(&rows[head + 1][col]), "Trong hạn");
    assert_eq!(text(&rows[head + 1][col + 1]), "Quá hạn");
    book.load_merged_regions().unwrap();
    let (row0, col0) = sheet.start().unwrap();
    let merged: Vec<((u32, u32), (u32, u32))> = book
        .merged_regions_by_sheet("Phụ lục V")
        .iter()
        .map(|(_, _, d)| (d.start, d.end))
        .collect();
    let at = |r: usize, c: usize| (r as u32 + row0, c as u32 + col0);
    assert!(
        merged.contains(&(at(head, col), at(head, col + 1))),
        "{merged:?}"
    );
    assert!(
        merged.contains(&(at(total, 0), at(total, 1))),
        "the total's label spans STT and Đơn vị: {merged:?}"
    );
}

async fn the_work_programme_is_registered_from_a_file_and_counted_as_it_stood(db: &TestDb) {
    with_directory(db).await;
    let mut cli = Cli::new();
    cli.database_url = Some(db.url.clone());
    // A file with a row that does not read: named, and nothing kept.
    let bad = cli.path("ctct-sai.csv");
    std::fs::write(
        &bad,
        "\u{FEFF}Đơn vị,Tên đề án,Tháng\nSở Xây dựng,Đề án quy hoạch,2027-06\nSở Không Có,Đề án X,2027-06\n",
    )
    .unwrap();
    let out = cli.run(&[
        "programme",
        "import",
        bad.to_str().unwrap(),
        "--on",
        "2027-01-15",
    ]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("ctct-sai.csv, row 3, column unit: no unit is named \"Sở Không Có\""),
        "{said}"
    );
    assert!(cli
        .json_lines(&["programme", "list", "--year", "2027", "--json"])
        .is_empty());

    // The programme as an XLSX, months as numbers with --year.
    let file = cli.path("ctct-2027.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["Số", "Đơn vị", "Tên đề án", "Tháng"],
        ["1", "so-xay-dung-2025", "Đề án quy hoạch đô thị", "6"],
        ["2", "so-xay-dung-2025", "Đề án nhà ở xã hội", "6"],
        ["3", "so-xay-dung-2025", "Đề án cấp nước", "6"],
        ["4", "so-tai-chinh-2025", "Đề án ngân sách", "6"],
        ["5", "so-tai-chinh-2025", "Đề án đầu tư công", "7"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) if c == 3 => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                _ => sheet.write_string(r as u32, c as u16, *v).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save(&file).unwrap();
    let imported = cli.stdout(&[
        "programme",
        "import",
        file.to_str().unwrap(),
        "--year",
        "2027",
        "--on",
        "2027-01-15",
    ]);
    assert_eq!(
        imported.trim(),
        "5 scheme(s) registered, 0 already in the register"
    );
    let again = cli.stdout(&[
        "programme",
        "import",
        file.to_str().unwrap(),
        "--year",
        "2027",
        "--on",
        "2027-01-15",
    ]);
    assert_eq!(
        again.trim(),
        "0 scheme(s) registered, 5 already in the register"
    );
    let listed = cli.json_lines(&["programme", "list", "--year", "2027", "--json"]);
    let id = |title: &str| {
        listed
            .iter()
            .find(|s| s["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {listed:?}"))["id"]
            .to_string()
    };
    cli.stdout(&[
        "programme",
        "add",
        "--unit",
        "so-xay-dung-2025",
        "--title",
        "Đề án giao thêm",
        "--month",
        "2027-06",
        "--on",
        "2027-06-05",
    ]);
    cli.stdout(&[
        "programme",
        "withdraw",
        &id("Đề án cấp nước"),
        "--on",
        "2027-06-10",
        "--reason",
        "chuyển sang tháng 9",
    ]);
    cli.stdout(&[
        "programme",
        "submit",
        &id("Đề án quy hoạch đô thị"),
        "--on",
        "2027-06-20",
    ]);
    cli.stdout(&[
        "programme",
        "issue",
        &id("Đề án quy hoạch đô thị"),
        "--on",
        "2027-06-28",
    ]);
    cli.stdout(&[
        "programme",
        "submit",
        &id("Đề án nhà ở xã hội"),
        "--on",
        "2027-07-02",
    ]);
    // A withdrawn scheme cannot be submitted; one not submitted cannot be issued.
    let refused = cli.run(&["programme", "submit", &id("Đề án cấp nước")]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("it was withdrawn on 2027-06-10"));
    let refused = cli.run(&["programme", "issue", &id("Đề án ngân sách")]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("it has not been submitted"));

    let june = report(
        &cli,
        &[
            "programme",
            "--period",
            "month",
            "--from",
            "2027-06-01",
            "--as-of",
            "2027-06-30",
        ],
    );
    let counts = |row: &Value| {
        [
            "registered",
            "added",
            "withdrawn",
            "due",
            "submitted",
            "issued",
            "not_submitted",
        ]
        .map(|k| row[k].as_u64().unwrap_or_else(|| panic!("{k} in {row}")))
    };
    assert_eq!(
        counts(row(&june, Some("Sở Xây dựng"))),
        [3, 1, 1, 3, 1, 1, 2],
        "one given in June, one withdrawn; nhà ở xã hội submitted only in July"
    );
    assert_eq!(
        counts(row(&june, Some("Sở Tài chính"))),
        [1, 0, 0, 1, 0, 0, 1]
    );
    let total = row(&june, None);
    assert_eq!(counts(total), [4, 1, 1, 4, 1, 1, 3]);
    assert_eq!(total["rate"], 0.25);
    let later = report(
        &cli,
        &[
            "programme",
            "--period",
            "month",
            "--from",
            "2027-06-01",
            "--as-of",
            "2027-07-10",
        ],
    );
    assert_eq!(row(&later, Some("Sở Xây dựng"))["submitted"], 2);
}

/// The base64 body of the MIME part whose headers name `filename` (as `filename=` or, when long,
/// RFC 2231's `filename*0=`), decoded.
fn attachment(eml: &str, filename: &str) -> Vec<u8> {
    use base64::Engine;
    let start = eml
        .find(&format!("=\"{filename}\""))
        .unwrap_or_else(|| panic!("no attachment {filename} in {eml}"));
    let body = &eml[start..];
    let body = &body[body.find("\r\n\r\n").unwrap() + 4..];
    let body: String = body
        .lines()
        .take_while(|l| !l.starts_with("--"))
        .collect::<Vec<_>>()
        .join("");
    base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .unwrap()
}

async fn the_months_reports_are_queued_once_on_the_20th_to_24th_and_mailed_with_their_spreadsheets(
    db: &TestDb,
) {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use dondoc::clock::{FixedClock, SharedClock};
    use dondoc::scheduler::office::Outcome;
    use dondoc::scheduler::{Closed, ReportsJob};
    use std::sync::Arc;

    june(db).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dondoc.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\nsources = []\n[database]\nurl = {:?}\n[units]\nfile = {:?}\n\
             [urging]\nleaders = [\"chutich@thuathienhue.example\"]\n",
            dir.path().display().to_string(),
            db.url,
            crate::helpers::units_file().display().to_string()
        ),
    )
    .unwrap();
    let config = dondoc::config::load(Some(&file), Some(Default::default())).unwrap();
    let clock = FixedClock::new(at("2027-06-20T09:00:00+07:00"));
    let shared: SharedClock = Arc::new(clock.clone());
    let job = ReportsJob::new(db.store.clone(), Arc::new(config.clone()), shared.clone());
    // Sunday the 20th: nothing; Monday the 21st: Appendix V and the two units' drafts.
    assert!(matches!(
        job.run_for(at("2027-06-20T09:00:00+07:00")).await.unwrap(),
        Outcome::Closed(Closed::DayOff(_))
    ));
    clock.set(at("2027-06-21T09:00:00+07:00"));
    assert_eq!(
        job.run_for(at("2027-06-21T09:00:00+07:00")).await.unwrap(),
        Outcome::Decided { due: 3, queued: 3 }
    );
    clock.set(at("2027-06-22T09:00:00+07:00"));
    assert_eq!(
        job.run_for(at("2027-06-22T09:00:00+07:00")).await.unwrap(),
        Outcome::Decided { due: 3, queued: 0 },
        "once a month"
    );
    // A daemon down from the 23rd starts on the 25th: the 24th's run is caught up, adding nothing.
    clock.set(at("2027-06-25T08:30:00+07:00"));
    let caught = job.catch_up().await.unwrap();
    assert_eq!(
        caught,
        Some((
            at("2027-06-24T09:00:00+07:00"),
            Outcome::Decided { due: 3, queued: 0 }
        ))
    );

    let sender =
        dondoc::mail::Sender::new(Arc::new(config.clone()), db.store.clone(), shared).unwrap();
    sender
        .deliver(true, &dondoc::shutdown::Shutdown::new())
        .await
        .unwrap();
    let folder = dir.path().join("mail");
    let mails: Vec<String> = crate::helpers::files_in(&folder)
        .into_iter()
        .map(|f| std::fs::read_to_string(folder.join(f)).unwrap())
        .collect();
    assert_eq!(mails.len(), 3, "{:?}", crate::helpers::files_in(&folder));
    let of_kind = |kind: &str| -> Vec<&String> {
        mails
            .iter()
            .filter(|m| m.contains(&format!("X-Dondoc-Kind: {kind}\r\n")))
            .collect()
    };
    let summary = of_kind("report");
    assert_eq!(summary.len(), 1);
    assert!(summary[0].contains("chutich@thuathienhue.example"));
    // The spreadsheet: Appendix V as the store stood at 9:00 on the 21st (602 came that afternoon).
    let sheet = dir.path().join("v.xlsx");
    std::fs::write(&sheet, attachment(summary[0], "phu-luc-v-2027-06.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook(&sheet).unwrap();
    let rows: Vec<Vec<Data>> = book
        .worksheet_range("Phụ lục V")
        .unwrap()
        .rows()
        .map(|r| r.to_vec())
        .collect();
    let numbers = |label: &str| -> Vec<f64> {
        let row = rows
            .iter()
            .find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == label)))
            .unwrap_or_else(|| panic!("no {label} in {rows:?}"));
        row.iter()
            .filter_map(|c| match c {
                Data::Float(f) => Some(*f),
                _ => None,
            })
            .collect()
    };
    assert_eq!(numbers("Sở Tài chính"), [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0]);
    assert_eq!(numbers("Sở Xây dựng"), [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 2.0]);
    let drafts = of_kind("unit_report");
    assert_eq!(drafts.len(), 2);
    let to_finance = drafts
        .iter()
        .find(|m| m.contains("sotaichinh@hue.example"))
        .expect("Tài chính's draft goes to its address");
    attachment(to_finance, "phu-luc-iv-so-tai-chinh-2025-2027-06.xlsx");
}
