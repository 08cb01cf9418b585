//! The document side as the regulation's first promise needs it: every real message read, every
//! attachment's text kept, secrets never entering, nothing lost.

use std::io::Write;
use std::sync::Arc;

use dondoc::hooks::Hooks;
use dondoc::shutdown::Shutdown;
use dondoc::sync::{Outcome, Pipeline};

use crate::helpers::{clock, demo_inbox, fixture, Cli, TestDb};

/// A pipeline as the daemon configures it, keeping files under `data_dir`.
pub(crate) fn configured(
    db: &TestDb,
    data_dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> Pipeline {
    let mut env: std::collections::HashMap<String, String> = extra
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    env.insert("DONDOC__DATA_DIR".into(), data_dir.display().to_string());
    let config = dondoc::config::load(None, Some(env)).unwrap();
    Pipeline::new(
        db.store.clone(),
        Arc::new(clock("2024-05-15T09:00:00+07:00")),
        Hooks::none(),
    )
    .configured(&config)
}

/// A minimal DOCX whose paragraphs are `lines`.
pub(crate) fn docx(lines: &[&str]) -> Vec<u8> {
    let body: String = lines
        .iter()
        .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
        .collect();
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
    zip.start_file("word/document.xml", opts).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    )
    .unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// A directive carrying `attachment` as a DOCX, with `sphere` as its SphereOfPromulgation.
pub(crate) fn with_attachment(number: &str, attachment: &[u8], sphere: &str) -> Vec<u8> {
    with_attachment_named(number, attachment, sphere, &format!("../../{number}.docx"))
}

/// [`with_attachment`] with the attachment named `name` by its sender.
pub(crate) fn with_attachment_named(
    number: &str,
    attachment: &[u8],
    sphere: &str,
    name: &str,
) -> Vec<u8> {
    crate::helpers::edxml(number, "UBND-VP", "2024/05/10", Some("2024/06/01"), &[crate::helpers::SXD], "V/v thử đính kèm")
        .replace(
            "<edXML:OtherInfo><edXML:Priority>0</edXML:Priority></edXML:OtherInfo>",
            &format!("<edXML:OtherInfo><edXML:Priority>0</edXML:Priority><edXML:SphereOfPromulgation>{sphere}</edXML:SphereOfPromulgation></edXML:OtherInfo>"),
        )
        .replace(
            "</edXML:edXMLEnvelope>",
            &format!(
                "</edXML:edXMLEnvelope><AttachmentEncoded><Attachment><ContentId>att0</ContentId>\
                 <AttachmentName>{name}</AttachmentName><ContentType>application/docx</ContentType>\
                 <edXML:ContentTransferEncoded xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">{}</edXML:ContentTransferEncoded>\
                 </Attachment></AttachmentEncoded>",
                base64(attachment)
            ),
        )
        .into_bytes()
}

/// Every byte under `dir`, concatenated.
fn all_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_bytes(&path));
        } else {
            out.extend(std::fs::read(&path).unwrap());
        }
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

crate::on_both_backends!(an_attachment_named_too_long_or_with_odd_bytes_keeps_its_directive,);

/// A sender's name of 300 bytes with "%00" in it (read as a NUL): the directive is stored, the
/// name kept as sent but for the NUL, the file under a short safe name.
async fn an_attachment_named_too_long_or_with_odd_bytes_keeps_its_directive(db: &TestDb) {
    let data = tempfile::tempdir().unwrap();
    let long = format!("{}%00.docx", "Kế hoạch triển khai ".repeat(20));
    assert!(long.len() > 254);
    let msg = with_attachment_named(
        "302",
        &docx(&["Giao Sở Xây dựng chủ trì rà soát cống thoát nước."]),
        "",
        &long,
    );
    let out = configured(db, data.path(), &[])
        .process("inbox", "a.edxml", &msg, &Shutdown::new())
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Stored { .. }), "{out:?}");
    let attachments = db
        .store
        .document_attachments("000.00.00.H57,2024/05/10,302/UBND-VP")
        .await
        .unwrap();
    let sent = long.replace("%00", "");
    assert_eq!(
        attachments[0].name.as_deref(),
        Some(sent.as_str()),
        "the name as sent"
    );
    let kept = data.path().join(attachments[0].path.as_deref().unwrap());
    assert!(kept.is_file(), "{}", kept.display());
    assert!(kept.file_name().unwrap().len() <= 110);
}

#[tokio::test]
async fn an_attachments_text_is_kept_with_its_document_and_its_file_under_data_dir() {
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let msg = with_attachment(
        "301",
        &docx(&[
            "ỦY BAN NHÂN DÂN TỈNH",
            "Giao Sở Xây dựng chủ trì rà soát cống thoát nước.",
        ]),
        "",
    );
    let out = configured(&db, data.path(), &[])
        .process("inbox", "a.edxml", &msg, &Shutdown::new())
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Stored { .. }), "{out:?}");
    let key = "000.00.00.H57,2024/05/10,301/UBND-VP";
    let attachments = db.store.document_attachments(key).await.unwrap();
    assert_eq!(attachments.len(), 1);
    let a = &attachments[0];
    assert_eq!(
        a.name.as_deref(),
        Some("301.docx"),
        "the path in the sender's name is dropped"
    );
    assert!(
        a.text
            .as_deref()
            .unwrap()
            .contains("Giao Sở Xây dựng chủ trì"),
        "{a:?}"
    );
    assert!(a.manual_entry.is_none());
    let kept = data.path().join(a.path.as_deref().unwrap());
    assert!(kept.starts_with(data.path().join("attachments")));
    assert_eq!(std::fs::read(&kept).unwrap()[..2], *b"PK");
    assert!(
        crate::helpers::files_in(&data.path().join("tmp")).is_empty(),
        "no temporary file left"
    );
    db.cleanup().await;
}

#[tokio::test]
async fn an_attachment_without_text_is_marked_for_manual_entry_never_silently_empty() {
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    // An old binary Word file starts with the OLE2 signature.
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend(std::iter::repeat_n(0u8, 600));
    let msg = with_attachment("302", &doc, "");
    configured(&db, data.path(), &[])
        .process("inbox", "a.edxml", &msg, &Shutdown::new())
        .await
        .unwrap();
    let a = &db
        .store
        .document_attachments("000.00.00.H57,2024/05/10,302/UBND-VP")
        .await
        .unwrap()[0];
    assert!(a.text.is_none());
    assert!(a.manual_entry.as_deref().unwrap().contains(".doc"), "{a:?}");
    db.cleanup().await;
}

#[tokio::test]
async fn a_scanned_directive_keeps_one_task_per_recipient_for_manual_entry_even_without_a_due_date()
{
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.extend(std::iter::repeat_n(0u8, 600));
    let msg = String::from_utf8(with_attachment("305", &doc, "")).unwrap();
    // No DueDate: without its tasks entered by hand, the Office would have nothing to act on.
    let msg = msg.replace("<edXML:DueDate>2024/06/01</edXML:DueDate>", "");
    let out = configured(&db, data.path(), &[])
        .process("inbox", "a.edxml", msg.as_bytes(), &Shutdown::new())
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Stored { tasks: 1, .. }), "{out:?}");
    let tasks = db
        .store
        .list_tasks(&dondoc::store::TaskFilter::default())
        .await
        .unwrap();
    assert_eq!(tasks.len(), 1);
    let t = &tasks[0];
    assert_eq!(
        t.lead.key, "unverified:000.00.14.h57",
        "no directory in this test"
    );
    assert_eq!(t.task.deadline, dondoc::domain::Deadline::None);
    assert_eq!(t.task.flags, [dondoc::domain::TaskFlag::NeedsManualEntry]);
    assert_eq!(t.task.review, dondoc::domain::ReviewState::Draft);
    db.cleanup().await;
}

#[tokio::test]
async fn a_stamp_inside_an_attachment_drops_the_document_and_leaves_no_trace() {
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let msg = with_attachment(
        "303",
        &docx(&[
            "ỦY BAN NHÂN DÂN TỈNH",
            "TỐI MẬT",
            "Phương án KILO-TANGO-9182",
        ]),
        "",
    );
    let out = configured(&db, data.path(), &[])
        .process("inbox", "s.edxml", &msg, &Shutdown::new())
        .await
        .unwrap();
    assert_eq!(out, Outcome::Secret);
    assert_eq!(db.store.secret_drops().await.unwrap(), 1);
    assert_eq!(db.store.count_messages().await.unwrap(), 0);
    db.store.close().await;
    let mut written = all_bytes(data.path());
    written.extend(all_bytes(db.path()));
    for word in [
        "KILO-TANGO-9182",
        "303/UBND-VP",
        "V/v thử đính kèm",
        "303.docx",
    ] {
        assert!(!contains(&written, word), "{word} was written somewhere");
    }
    db.cleanup().await;
}

#[tokio::test]
async fn a_configured_header_field_naming_a_grade_drops_the_document() {
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let msg = with_attachment("304", &docx(&["Nội dung thường"]), "Mật");
    let out = configured(&db, data.path(), &[])
        .process("inbox", "s.edxml", &msg, &Shutdown::new())
        .await
        .unwrap();
    assert_eq!(
        out,
        Outcome::Secret,
        "SphereOfPromulgation is checked by default"
    );
    db.cleanup().await;
}

/// The issue's batch: good, revoked, rejected, secret, broken and hostile messages together.
#[test]
fn a_mixed_batch_stores_the_good_applies_the_answers_keeps_the_bad_and_forgets_the_secret() {
    let cli = Cli::new();
    // The batch lives outside data_dir: the input files are the sender's, not what dondoc wrote.
    let input = tempfile::tempdir().unwrap();
    let batch = input.path().to_path_buf();
    let copy =
        |from: std::path::PathBuf, name: &str| std::fs::copy(from, batch.join(name)).unwrap();
    copy(
        fixture("directive_ubnd_tth_3tasks.edxml"),
        "01-directive.edxml",
    );
    copy(fixture("congdien_hoatoc_bao.edxml"), "02-congdien.edxml");
    copy(
        fixture("status_02_rejection_status_container.edxml"),
        "03-rejection.edxml",
    );
    copy(fixture("secret_toi_mat.edxml"), "04-secret.edxml");
    copy(fixture("revoke_1234_ubnd_xd.edxml"), "05-revoke.edxml");
    std::fs::write(
        batch.join("06-broken.edxml"),
        "<edXML><MessageHeader><From>",
    )
    .unwrap();
    std::fs::write(
        batch.join("07-bomb.edxml"),
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><edXML>&lol2;</edXML>",
    )
    .unwrap();
    copy(
        demo_inbox().join("2026-11-16_1611-UBND-XD.edxml"),
        "08-demo.edxml",
    );

    let out = cli.run(&["ingest", batch.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "two files failed");
    let report = String::from_utf8(out.stdout).unwrap();
    assert_eq!(report.lines().count(), 8, "{report}");
    let tasks = cli.tasks_json(&[]);
    let state_of = |number: &str| -> Vec<String> {
        tasks
            .iter()
            .filter(|t| t["document"]["number"] == number)
            .map(|t| t["state"].as_str().unwrap().to_string())
            .collect()
    };
    let all_are = |number: &str, state: &str| {
        let states = state_of(number);
        !states.is_empty() && states.iter().all(|s| s == state)
    };
    assert!(
        all_are("1234/UBND-XD", "cancelled"),
        "rejected, then revoked: {:?}",
        state_of("1234/UBND-XD")
    );
    assert!(all_are("05/CĐ-UBND", "not_started"), "{tasks:?}");
    assert!(all_are("1611/UBND-XD", "not_started"), "{tasks:?}");
    let dead: Vec<serde_json::Value> = cli
        .stdout(&["deadletters", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let origins: Vec<&str> = dead.iter().map(|d| d["origin"].as_str().unwrap()).collect();
    assert_eq!(origins.len(), 2, "{origins:?}");
    assert!(origins[0].ends_with("06-broken.edxml") && origins[1].ends_with("07-bomb.edxml"));
    // A second run changes nothing.
    let again = cli.run(&["ingest", batch.to_str().unwrap()]);
    assert_eq!(cli.tasks_json(&[]), tasks);
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        cli.stdout(&["deadletters", "list", "--json"])
            .lines()
            .count(),
        2
    );
    // No trace of the secret one in anything written.
    let written = all_bytes(cli.data_dir.path());
    for word in ["ALPHA-ZULU-4471", "12/UBND-NC", "bảo vệ mục tiêu"] {
        assert!(!contains(&written, word), "{word} was written somewhere");
    }
}

/// A spool file over `[edxml] max_message_mib` is refused from its length: never read into
/// memory, not copied to the dead letters, moved whole to `failed/` with its reason; the next
/// file is taken in.
#[test]
fn a_file_over_the_size_limit_is_refused_unread_and_kept_whole() {
    let cli = Cli::new();
    let inbox = cli.data_dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let big = vec![b' '; 1024 * 1024 + 1];
    std::fs::write(inbox.join("01-big.edxml"), &big).unwrap();
    std::fs::copy(
        demo_inbox().join("2026-11-16_1611-UBND-XD.edxml"),
        inbox.join("02-good.edxml"),
    )
    .unwrap();
    crate::helpers::settle(&inbox);
    let out = cli
        .command()
        .env("DONDOC__EDXML__MAX_MESSAGE_MIB", "1")
        .args(["sync", "--once"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 stored"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let failed = cli.data_dir.path().join("failed");
    assert_eq!(
        std::fs::read(failed.join("01-big.edxml")).unwrap().len(),
        big.len()
    );
    let reason = std::fs::read_to_string(failed.join("01-big.edxml.reason")).unwrap();
    assert!(reason.contains("over the limit"), "{reason}");
    assert_eq!(
        cli.stdout(&["deadletters", "list", "--json"]),
        "",
        "no copy kept"
    );
}

/// A message whose header is too broken to parse, with a DOCX stamped TỐI MẬT: dropped as
/// secret, not kept as a dead letter where the file could be recovered; the same message with an
/// ordinary attachment is refused and kept as usual.
#[tokio::test]
async fn a_broken_message_with_a_secret_attachment_is_dropped_not_kept() {
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let broken = |number: &str, first_line: &str| {
        let msg = with_attachment(
            number,
            &docx(&[first_line, "Giao Sở Xây dựng chủ trì rà soát hồ sơ."]),
            "",
        );
        // An element left open: the reader refuses the header.
        String::from_utf8(msg)
            .unwrap()
            .replacen("</edXML:Subject>", "", 1)
            .into_bytes()
    };
    let pipeline = configured(&db, data.path(), &[]);
    let secret = pipeline
        .process(
            "inbox",
            "s.edxml",
            &broken("303", "TỐI MẬT"),
            &Shutdown::new(),
        )
        .await
        .unwrap();
    assert_eq!(secret, Outcome::Secret);
    let ordinary = pipeline
        .process(
            "inbox",
            "o.edxml",
            &broken("304", "ỦY BAN NHÂN DÂN TỈNH"),
            &Shutdown::new(),
        )
        .await
        .unwrap();
    assert!(matches!(ordinary, Outcome::Refused { .. }), "{ordinary:?}");
    db.cleanup().await;
}

/// A message that kills the process each time it is read (here a crash point right after the
/// start is recorded stands for a library's abort) is taken twice, then set aside: kept as a
/// dead letter and in `failed/`, and the messages behind it are stored.
#[test]
fn a_message_that_stopped_dondoc_twice_is_set_aside_and_the_rest_goes_on() {
    let cli = Cli::new();
    let inbox = cli.data_dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let names = crate::helpers::files_in(&demo_inbox());
    for name in &names {
        std::fs::copy(demo_inbox().join(name), inbox.join(name)).unwrap();
    }
    crate::helpers::settle(&inbox);
    for _ in 0..2 {
        let out = cli
            .command()
            .env(dondoc::hooks::CRASH_ENV, "source_after_fetch:1")
            .args(["sync", "--once"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "it died on the first message");
    }
    assert_eq!(crate::helpers::files_in(&inbox), names, "nothing taken yet");
    let out = cli.run(&["sync", "--once"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{} stored", names.len() - 1)),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let failed = cli.data_dir.path().join("failed");
    assert!(failed.join(&names[0]).is_file());
    let reason = std::fs::read_to_string(failed.join(format!("{}.reason", names[0]))).unwrap();
    assert!(reason.contains("stopped 2 times"), "{reason}");
    assert!(cli
        .stdout(&["deadletters", "list", "--json"])
        .contains(&names[0]));
}

/// `bytes` as the one file of a zip archive, as senders wrap a PDF.
fn zipped(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(bytes).unwrap();
    zip.finish().unwrap();
    buf.into_inner()
}

/// The ways a stamp's letters may be written as Unicode: composed (NFC), decomposed (NFD), the
/// dot below and the circumflex in the other order, and partly composed (Â then the dot below).
fn unicode_spellings(stamp: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = stamp.nfd().collect();
    let reordered = nfd
        .replace("\u{323}\u{302}", "\u{302}\u{323}")
        .replace("\u{323}\u{306}", "\u{306}\u{323}");
    let partly: String = stamp
        .chars()
        .map(|c| {
            let d: Vec<char> = c.nfd().collect();
            if d.len() > 2 {
                let base: String = d[..2].iter().collect::<String>().nfc().collect();
                format!("{base}{}", d[2..].iter().collect::<String>())
            } else {
                c.to_string()
            }
        })
        .collect();
    vec![stamp.to_owned(), nfd, reordered, partly]
}

/// What XML adds: character references, decimal and hexadecimal, and CDATA, over each Unicode
/// spelling.
fn xml_spellings(stamp: &str) -> Vec<String> {
    let mut out = Vec::new();
    for s in unicode_spellings(stamp) {
        let refs = |hex: bool| -> String {
            s.chars()
                .map(|c| match (c.is_ascii(), hex) {
                    (true, _) => c.to_string(),
                    (false, false) => format!("&#{};", c as u32),
                    (false, true) => format!("&#x{:X};", c as u32),
                })
                .collect()
        };
        out.push(refs(false));
        out.push(refs(true));
        out.push(format!("<![CDATA[{s}]]>"));
        out.push(s);
    }
    out
}

/// The stamps, as printed and as a field, with the spacing a typist may give them.
fn stamp_variants() -> Vec<String> {
    let mut out = Vec::new();
    for stamp in [
        "MẬT",
        "TỐI MẬT",
        "TUYỆT MẬT",
        "Độ mật: Tối mật",
        "Độ mật: Mật",
    ] {
        out.push(stamp.to_owned());
        if stamp.contains(' ') {
            out.push(stamp.replace(' ', "  "));
            out.push(stamp.replace(' ', "\u{a0}"));
            out.push(format!("  {}\t", stamp.replace(' ', "\t")));
        }
    }
    out
}

/// Every stamp × every spelling × every place a document carries its text: the header's
/// Subject and Content, a DOCX, a PDF (alone and zipped) and a plain-text attachment (UTF-8 and
/// UTF-16). Each drops the document;
/// nothing of any of them is stored. "BÍ MẬT" in the same places is an ordinary document.
#[tokio::test]
async fn every_stamp_in_every_spelling_in_the_header_and_each_attachment_type_drops_the_document() {
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let pipeline = configured(&db, data.path(), &[]);
    let body = "Giao Sở Xây dựng chủ trì rà soát hồ sơ.";
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for stamp in stamp_variants() {
        for spelled in xml_spellings(&stamp) {
            let header = |subject: &str| {
                crate::helpers::edxml(
                    "500",
                    "UBND-VP",
                    "2024/05/10",
                    Some("2024/06/01"),
                    &[crate::helpers::SXD],
                    subject,
                )
            };
            cases.push((
                format!("Subject {spelled:?}"),
                header(&format!("{spelled}\nV/v rà soát")).into_bytes(),
            ));
            cases.push((
                format!("Content {spelled:?}"),
                crate::helpers::with_content(&header("V/v rà soát"), &format!("{spelled}\n{body}"))
                    .into_bytes(),
            ));
            cases.push((
                format!("DOCX {spelled:?}"),
                with_attachment("500", &docx(&[&spelled, body]), ""),
            ));
        }
        for spelled in unicode_spellings(&stamp) {
            let pdf = crate::sandbox::pdf_builder::with_text(&[&spelled, body]);
            cases.push((format!("PDF {spelled:?}"), with_attachment("500", &pdf, "")));
            cases.push((
                format!("zip of a PDF {spelled:?}"),
                with_attachment("500", &zipped("van-ban.pdf", &pdf), ""),
            ));
            let text = format!("{spelled}\n{body}\n");
            cases.push((
                format!("UTF-8 text {spelled:?}"),
                with_attachment("500", text.as_bytes(), ""),
            ));
            let mut utf16 = vec![0xFF, 0xFE];
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            cases.push((
                format!("UTF-16 text {spelled:?}"),
                with_attachment("500", &utf16, ""),
            ));
        }
    }
    assert!(cases.len() > 1000, "{} cases", cases.len());
    for (case, msg) in &cases {
        let out = pipeline
            .process("inbox", "s.edxml", msg, &Shutdown::new())
            .await
            .unwrap();
        assert_eq!(out, Outcome::Secret, "{case}");
    }
    let stored = db
        .store
        .list_tasks(&dondoc::store::TaskFilter::default())
        .await
        .unwrap();
    assert!(stored.is_empty(), "{stored:?}");
    // The control: the same places saying "BÍ MẬT NHÀ NƯỚC" hold an ordinary document.
    let ordinary = "BÍ MẬT NHÀ NƯỚC";
    let controls = [
        with_attachment("501", &docx(&[ordinary, body]), ""),
        with_attachment(
            "502",
            &crate::sandbox::pdf_builder::with_text(&[ordinary, body]),
            "",
        ),
        with_attachment("503", format!("{ordinary}\n{body}\n").as_bytes(), ""),
    ];
    for msg in &controls {
        let out = pipeline
            .process("inbox", "o.edxml", msg, &Shutdown::new())
            .await
            .unwrap();
        assert!(matches!(out, Outcome::Stored { .. }), "{out:?}");
    }
    db.cleanup().await;
}

/// Two text attachments of 0.6 MiB under a 1 MiB text limit: each is within it, together they
/// are not; the first is read, the second marked for a person, and the document stored.
#[tokio::test]
async fn a_documents_attachments_together_stay_within_the_text_limit() {
    let db = TestDb::sqlite().await;
    let data = tempfile::tempdir().unwrap();
    let pipeline = configured(&db, data.path(), &[("DONDOC__SANDBOX__MAX_TEXT_MIB", "1")]);
    let text = "Giao Sở Xây dựng chủ trì rà soát hồ sơ.\n".repeat(15_000);
    assert!(text.len() > 600 << 10 && text.len() < 1 << 20);
    let one = String::from_utf8(with_attachment("504", text.as_bytes(), "")).unwrap();
    let start = one.find("<Attachment>").unwrap();
    let end = one.find("</Attachment>").unwrap() + "</Attachment>".len();
    let second = one[start..end].replace("att0", "att1");
    let two = format!("{}{second}{}", &one[..end], &one[end..]);
    let out = pipeline
        .process("inbox", "t.edxml", two.as_bytes(), &Shutdown::new())
        .await
        .unwrap();
    assert!(matches!(out, Outcome::Stored { .. }), "{out:?}");
    let a = db
        .store
        .document_attachments("000.00.00.H57,2024/05/10,504/UBND-VP")
        .await
        .unwrap();
    assert_eq!(a.len(), 2);
    assert!(a[0].text.is_some(), "{:?}", a[0].manual_entry);
    assert!(a[1].text.is_none());
    let reason = a[1].manual_entry.as_deref().unwrap_or_default();
    assert!(
        reason.contains("with the attachments before it"),
        "{reason}"
    );
    db.cleanup().await;
}
