//! Untrusted bytes cost a sandbox worker, never the daemon: a font map that asks for gigabytes,
//! a stream that inflates past its budget, too many pages, too many tasks, a reading that never
//! ends, a reader that crashes. Each document goes on (its attachment marked for a person, with
//! the budget named) or is set aside, and the daemon takes the next one.

use std::path::Path;
use std::sync::Arc;

use dondoc::calendar::{Calendar, CalendarSettings};
use dondoc::doctext::Extracted;
use dondoc::sandbox::{Budgets, Refusal, Sandbox};
use dondoc::store::Store;

use crate::daemon::Daemon;
use crate::helpers::{db_config, demo_inbox, files_in, Cli};
use crate::intake::{docx, with_attachment};

#[path = "../../src/doctext/pdf_builder.rs"]
pub(crate) mod pdf_builder;

fn workers(budgets: Budgets) -> Sandbox {
    Sandbox::workers(
        env!("CARGO_BIN_EXE_dondoc").into(),
        CalendarSettings::default(),
        Arc::new(Calendar::shipped().unwrap()),
        budgets,
    )
}

fn file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The 979-byte PDF of the report: one font whose ToUnicode map spans every 4-byte code. Read
/// in-process it allocated 4.4 GB and aborted the daemon; in a worker it costs the worker, and
/// the next file is read by its replacement.
#[tokio::test]
async fn a_font_map_spanning_every_code_costs_its_worker_not_the_daemon() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = pdf_builder::cmap_bomb();
    assert!(bomb.len() < 1200, "{} bytes", bomb.len());
    let sandbox = workers(Budgets {
        workers: 1,
        ..Budgets::default()
    });
    let refused = sandbox
        .read_file(&file(&dir, "bom.pdf", &bomb), sandbox.deadline())
        .await;
    match refused {
        Err(Refusal::Manual(reason)) => {
            assert!(reason.contains("512 MiB of memory"), "{reason}")
        }
        other => panic!("expected the memory budget, got {other:?}"),
    }
    let good = pdf_builder::pages(2);
    let read = sandbox
        .read_file(&file(&dir, "tot.pdf", &good), sandbox.deadline())
        .await;
    assert!(
        matches!(&read, Ok(Ok(Extracted::Text(t))) if t.contains("Giao So")),
        "{read:?}"
    );
}

/// A worker's reply to a request it could not have been sent (a file that does not exist) is
/// an error about the file, and the same worker answers the next request.
#[tokio::test]
async fn a_file_that_is_not_there_is_an_error_about_the_file() {
    let sandbox = workers(Budgets::default());
    let read = sandbox
        .read_file(Path::new("/nonexistent/x.pdf"), sandbox.deadline())
        .await;
    assert!(
        matches!(&read, Ok(Err(e)) if e.contains("/nonexistent/x.pdf")),
        "{read:?}"
    );
}

/// `dondoc ingest path` with `env`: whether it succeeded, and what it printed (stdout, then
/// stderr).
fn ingest(cli: &Cli, path: &std::path::Path, env: &[(&str, &str)]) -> (bool, String) {
    let out = cli
        .command()
        .envs(env.iter().copied())
        .arg("ingest")
        .arg(path)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

async fn store_of(cli: &Cli) -> Store {
    let url = format!(
        "sqlite://{}",
        cli.data_dir.path().join("dondoc.db").display()
    );
    Store::connect(&db_config(&url)).await.unwrap()
}

fn key(number: &str) -> String {
    format!("000.00.00.H57,2024/05/10,{number}/UBND-VP")
}

/// The daemon fed a spool of hostile files, then a good one: each hostile one is stored with
/// its attachment marked for manual entry and the budget it ran over named, the good one is
/// stored with its tasks, and the daemon is still running at the end.
#[tokio::test]
async fn the_daemon_fed_hostile_files_then_a_good_one_stores_the_good_one_and_stays_up() {
    let cli = Cli::new();
    let inbox = cli.path("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let task = "Giao Sở Xây dựng chủ trì rà soát hồ sơ, báo cáo trước ngày 30/6/2024.";
    let hostile: [(&str, &str, Vec<u8>, &str); 4] = [
        (
            "401",
            "01-cmap.edxml",
            pdf_builder::cmap_bomb(),
            "MiB of memory",
        ),
        (
            "402",
            "02-inflate.edxml",
            pdf_builder::inflating(16),
            "inflate to more than 8 MiB",
        ),
        ("403", "03-pages.edxml", pdf_builder::pages(30), "30 pages"),
        (
            "404",
            "04-tasks.edxml",
            docx(&[task; 5]),
            "5 tasks, more than the 3",
        ),
    ];
    for (number, name, attachment, _) in &hostile {
        std::fs::write(inbox.join(name), with_attachment(number, attachment, "")).unwrap();
    }
    let good = "05-2026-11-16_1611-UBND-XD.edxml";
    std::fs::copy(
        demo_inbox().join("2026-11-16_1611-UBND-XD.edxml"),
        inbox.join(good),
    )
    .unwrap();
    crate::helpers::settle(&inbox);
    let mut daemon = Daemon::start_with(
        &cli,
        &["run"],
        None,
        &[
            ("DONDOC__SANDBOX__MAX_INFLATED_MIB", "8"),
            ("DONDOC__SANDBOX__MAX_PDF_PAGES", "20"),
            ("DONDOC__SANDBOX__MAX_TASKS", "3"),
        ],
    );
    // Five documents, five stored in one pass: the hostile ones did not stop the intake.
    let pass: serde_json::Value =
        serde_json::from_str(&daemon.wait_for("Source pass done")).unwrap();
    assert_eq!(
        (&pass["stored"], &pass["refused"]),
        (&5.into(), &0.into()),
        "{pass}"
    );
    assert!(daemon.is_running(), "the daemon is still up");
    assert!(files_in(&inbox).is_empty(), "{:?}", files_in(&inbox));
    daemon.signal(nix::sys::signal::Signal::SIGTERM);
    assert!(daemon.wait().success());

    let store = store_of(&cli).await;
    for (number, name, _, reason) in &hostile {
        let attachments = store.document_attachments(&key(number)).await.unwrap();
        let manual = attachments[0].manual_entry.as_deref().unwrap_or_default();
        assert!(manual.contains(reason), "{name}: {manual:?}");
    }
    let stored_tasks = cli.drafts_json(&[]);
    assert!(
        stored_tasks
            .iter()
            .any(|t| t["document"]["number"].as_str() == Some("1611/UBND-XD")),
        "{stored_tasks:?}"
    );
}

/// A reading that never ends (a stall stands for a text that takes minutes): it is stopped at
/// the document's time budget, the attachment is marked with it, and the document is stored.
#[tokio::test]
async fn a_reading_over_the_time_budget_is_stopped_and_the_document_goes_on() {
    let cli = Cli::new();
    let msg = with_attachment(
        "405",
        &docx(&["Giao Sở Xây dựng chủ trì rà soát hồ sơ."]),
        "",
    );
    let path = cli.path("405.edxml");
    std::fs::write(&path, msg).unwrap();
    let (ok, said) = ingest(
        &cli,
        &path,
        &[
            ("DONDOC__SANDBOX__TIME_SECS", "1"),
            (dondoc::hooks::STALL_ENV, "extract"),
        ],
    );
    assert!(ok, "{said}");
    let store = store_of(&cli).await;
    let attachments = store.document_attachments(&key("405")).await.unwrap();
    let manual = attachments[0].manual_entry.as_deref().unwrap_or_default();
    assert!(manual.contains("longer than the 1 s"), "{manual:?}");
}

/// A reader that dies on a message each time (a crash point stands for a library's abort) is
/// replaced and the message tried once more; twice dead, the message is set aside as a dead
/// letter with the reason, and the command goes on.
#[tokio::test]
async fn a_message_that_kills_its_reader_twice_is_a_dead_letter() {
    let cli = Cli::new();
    let msg = with_attachment("406", &docx(&["Giao Sở Xây dựng chủ trì."]), "");
    let path = cli.path("406.edxml");
    std::fs::write(&path, msg).unwrap();
    let (_, said) = ingest(&cli, &path, &[(dondoc::hooks::CRASH_ENV, "sandbox_read")]);
    assert!(
        said.contains("failed: attachment 0 (406.docx): the reader crashed on it twice"),
        "{said}"
    );
    let letters = cli.stdout(&["deadletters", "list", "--json"]);
    assert!(letters.contains("crashed on it twice"), "{letters}");
    assert!(letters.contains("SIGKILL"), "{letters}");
}

/// A PDF library's panic, caught and turned into an error, reaches the JSON log as one event
/// with its message on one clean line, never as raw text between the JSON lines.
#[test]
fn a_caught_panic_is_one_json_event_not_raw_text() {
    let cli = Cli::new();
    // Pages without a MediaBox: the PDF reader panics on them.
    let pdf = pdf_builder::pdf_of(&["BT /F1 12 Tf 72 750 Td (Giao So Noi vu) Tj ET"], false);
    let path = cli.path("hong.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = cli
        .command()
        .args(["--log-format", "json", "extract"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked at"), "{stderr}");
    let events: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let panic = events
        .iter()
        .find(|e| e["message"] == "A panic")
        .unwrap_or_else(|| panic!("no panic event in {stderr}"));
    assert!(
        panic["location"].as_str().unwrap().contains(".rs:"),
        "{panic}"
    );
    assert_eq!(panic["panic"], "MediaBox", "{panic}");
}

/// No worker can be started (the binary is gone): the message is not blamed — no dead letter,
/// no refusal — but the pass ends with the reason, as when a source is down.
#[tokio::test]
async fn a_reader_that_cannot_start_blames_no_message() {
    let db = crate::helpers::TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let gone = Sandbox::workers(
        "/nonexistent/dondoc".into(),
        CalendarSettings::default(),
        Arc::new(Calendar::shipped().unwrap()),
        Budgets::default(),
    );
    let pipeline = crate::intake::configured(&db, data.path(), &[]).with_sandbox(Arc::new(gone));
    let msg = with_attachment("407", &docx(&["Giao Sở Xây dựng chủ trì."]), "");
    let out = pipeline
        .process("inbox", "r.edxml", &msg, &dondoc::shutdown::Shutdown::new())
        .await;
    match out {
        Err(dondoc::sync::ProcessError::ReaderDown(why)) => {
            assert!(why.contains("/nonexistent/dondoc"), "{why}")
        }
        other => panic!("expected the reader to be down, got {other:?}"),
    }
    db.cleanup().await;
}
