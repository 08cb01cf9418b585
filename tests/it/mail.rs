//! Email end to end: every notice decided reaches its recipients once, in Vietnamese an official
//! reads, whatever the mail server does; a crash resends at most once, with the same Message-ID.
//!
//! The real server is aiosmtpd ([`SmtpSink`]); the misbehaving ones are scripted
//! ([`ScriptedSmtp`]). The directive is 1502/UBND-KT of Monday 2 February 2026 to the
//! Construction department alone, due Friday 13 February; its heads-up is decided on Tuesday
//! 10 February.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use dondoc::clock::{FixedClock, SharedClock};
use dondoc::config::Config;
use dondoc::domain::{EmailAddress, TaskState};
use dondoc::jobs;
use dondoc::mail::{Delivery, Sender};
use dondoc::shutdown::Shutdown;
use dondoc::store::{OutboxStatus, Store, TaskFilter};
use dondoc::urging::{self, Notice, NoticeKind};

use crate::helpers::{
    edxml, pipeline, take_in_and_confirm, units_file, with_content, Cli, TestDb, SXD,
};
use crate::on_both_backends;
use crate::smtp::{refused_port, Behaviour, Received, Script, ScriptedSmtp, SmtpSink};

const WAIT: Duration = Duration::from_secs(20);
const HEADS_UP_AT: &str = "2026-02-10T08:00:00+07:00";
/// The Construction department of the city of Huế, which took over the province's in 2025.
const SXD_MAIL: &str = "soxaydung@hue.example";
const OFFICE_MAIL: &str = "vpubnd@thuathienhue.example";

fn at(s: &str) -> DateTime<Utc> {
    dondoc::clock::parse_instant(s).unwrap()
}

/// The configuration as an admin writes it for a relay at `port`; `extra` adds keys under
/// `[mail]`.
fn config(port: u16, security: &str, extra: &str) -> Config {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dondoc.toml");
    std::fs::write(
        &file,
        format!(
            "data_dir = {:?}\n[units]\nfile = {:?}\n[urging]\nleaders = [\"chutich@thuathienhue.example\"]\n\
             [mail]\ntransport = \"smtp\"\n{extra}\n[mail.smtp]\nhost = \"127.0.0.1\"\nport = {port}\n\
             security = \"{security}\"\ntimeout_secs = 10\n",
            dir.path().display().to_string(),
            units_file().display().to_string()
        ),
    )
    .unwrap();
    dondoc::config::load(Some(&file), Some(Default::default())).unwrap()
}

/// 1502/UBND-KT to the Construction department, its task confirmed on 3 February.
async fn a_confirmed_directive(store: &Store, config: &Config) {
    store
        .load_directory(&config.units.directory, at("2026-02-02"))
        .await
        .unwrap();
    let msg = edxml(
        "1502",
        "UBND-KT",
        "2026/02/02",
        Some("2026/02/13"),
        &[SXD],
        "V/v đẩy nhanh giải ngân vốn đầu tư công",
    );
    take_in_and_confirm(store, "1502.edxml", &msg).await;
}

fn sender(config: &Config, store: &Store, now: &str) -> (Sender, FixedClock) {
    let clock = FixedClock::new(at(now));
    let shared: SharedClock = Arc::new(clock.clone());
    let sender = Sender::new(Arc::new(config.clone()), store.clone(), shared).unwrap();
    (sender, clock)
}

async fn deliver(sender: &Sender) -> Delivery {
    sender.deliver(false, &Shutdown::new()).await.unwrap()
}

async fn status_of(store: &Store, id: i64) -> OutboxStatus {
    store.message(id).await.unwrap().unwrap().status
}

/// The heads-up to the Construction department, queued.
async fn a_queued_heads_up(store: &Store, config: &Config) -> i64 {
    a_confirmed_directive(store, config).await;
    let decided = jobs::remind(store, config, at(HEADS_UP_AT), false)
        .await
        .unwrap();
    let ids: Vec<i64> = decided.iter().filter_map(|d| d.queued).collect();
    assert_eq!(ids.len(), 1, "{decided:?}");
    ids[0]
}

on_both_backends!(
    a_phieu_bao_arrives_once_as_the_office_wrote_it,
    two_senders_on_one_database_never_send_a_message_twice,
    a_claim_whose_lease_ran_out_is_neither_renewed_nor_recorded,
);

async fn a_phieu_bao_arrives_once_as_the_office_wrote_it(db: &TestDb) {
    let sink = SmtpSink::start();
    let config = config(sink.port, "plain", "");
    a_confirmed_directive(&db.store, &config).await;
    // Monday 23 February, the first working day after Tết: Phiếu báo số 1 and the digests.
    let decided = jobs::remind(&db.store, &config, at("2026-02-23T08:00:00+07:00"), false)
        .await
        .unwrap();
    let queued = decided.iter().filter(|d| d.queued.is_some()).count();
    assert!(queued >= 2, "{decided:?}");
    let (sender, _) = sender(&config, &db.store, "2026-02-23T08:00:30+07:00");
    let done = deliver(&sender).await;
    assert_eq!(
        (done.sent, done.retrying, done.failed),
        (queued, 0, 0),
        "{done:?}"
    );
    let received = sink.wait_for(queued, WAIT);
    assert_eq!(received.len(), queued);

    let notice = db
        .store
        .messages(None)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.notice.kind == NoticeKind::Notice)
        .expect("a Phiếu báo in the outbox");
    assert_eq!(notice.status, OutboxStatus::Sent);
    let mail: &Received = received
        .iter()
        .find(|r| r.message_id() == notice.message_id.as_deref())
        .expect("the Phiếu báo, by its Message-ID");
    assert_eq!(mail.rcpt_tos, [SXD_MAIL]);
    assert_eq!(mail.mail_from, OFFICE_MAIL);
    assert_eq!(
        mail.subject(),
        Some("Phiếu báo số 1: nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT")
    );
    assert!(mail.defects().is_empty(), "{:?}", mail.defects());
    assert_eq!(mail.header("Auto-Submitted"), Some("auto-generated"));
    assert!(mail
        .header("From")
        .is_some_and(|f| f.contains("Văn phòng UBND tỉnh") && f.contains(OFFICE_MAIL)));
    for part in [mail.text().unwrap(), mail.html().unwrap()] {
        for expected in [
            "PHIẾU BÁO",
            "Sở Xây dựng",
            "1502/UBND-KT",
            "Huế, ngày 23 tháng 02 năm 2026",
            "02/02/2026",
            "13/02/2026",
            "chưa thực hiện",
            "CHÁNH VĂN PHÒNG",
        ] {
            assert!(
                part.contains(expected),
                "{expected:?} missing from:\n{part}"
            );
        }
    }
    assert!(mail.text().unwrap().contains("Kính gửi: Sở Xây dựng"));

    // A second pass, and a flush, send nothing again.
    assert_eq!(deliver(&sender).await.attempted(), 0);
    let flushed = sender.deliver(true, &Shutdown::new()).await.unwrap();
    assert_eq!(flushed.attempted(), 0);
    assert_eq!(sink.received().len(), queued, "nothing sent twice");
}

/// Notices to `n` made-up addresses, straight into the queue.
async fn many_notices(store: &Store, n: usize) {
    let notices: Vec<Notice> = (0..n)
        .map(|i| Notice {
            kind: NoticeKind::UpdateRequest,
            unit_key: format!("unit-{i}"),
            unit: format!("Đơn vị {i}"),
            document_id: None,
            document: None,
            sequence: None,
            period: Some("2026-04".into()),
            due_on: chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            items: Vec::new(),
            to: vec![EmailAddress::parse(&format!("don-vi-{i}@thuathienhue.example")).unwrap()],
            subject: urging::notice::update_subject(
                chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            ),
            flags: Vec::new(),
            case: None,
        })
        .collect();
    store
        .queue_notices(&notices, at("2026-04-01T08:00:00+07:00"))
        .await
        .unwrap();
}

async fn two_senders_on_one_database_never_send_a_message_twice(db: &TestDb) {
    let sink = SmtpSink::start();
    let config = config(sink.port, "plain", "batch_size = 5");
    many_notices(&db.store, 40).await;
    // Two daemons: two pools on one database, each with its own sender.
    let other = Store::connect(&crate::helpers::db_config(&db.url))
        .await
        .unwrap();
    let (a, _) = sender(&config, &db.store, "2026-04-01T08:01:00+07:00");
    let (b, _) = sender(&config, &other, "2026-04-01T08:01:00+07:00");
    let (da, db_) = tokio::join!(deliver(&a), deliver(&b));
    assert_eq!(da.sent + db_.sent, 40, "{da:?} {db_:?}");
    assert_eq!(da.lost + db_.lost, 0);
    let received = sink.wait_for(40, WAIT);
    let mut ids: Vec<&str> = received.iter().filter_map(|r| r.message_id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 40, "each message once");
    assert!(db
        .store
        .messages(None)
        .await
        .unwrap()
        .iter()
        .all(|e| e.status == OutboxStatus::Sent && e.attempts == 1));
    other.close().await;
}

async fn a_claim_whose_lease_ran_out_is_neither_renewed_nor_recorded(db: &TestDb) {
    many_notices(&db.store, 1).await;
    let t0 = at("2026-04-01T08:01:00+07:00");
    let second = chrono::Duration::seconds(1);
    let mine = db
        .store
        .claim_messages("a", t0, t0 + second * 60, 10, None)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    let id = mine[0].notice.id;
    // Held: nobody else gets it, and the holder may renew.
    let t1 = t0 + second * 30;
    assert!(db
        .store
        .claim_messages("b", t1, t1 + second * 60, 10, None)
        .await
        .unwrap()
        .is_empty());
    assert!(db
        .store
        .renew_claim(id, "a", t1, t1 + second * 60)
        .await
        .unwrap());
    // Run out (a sender stuck behind a slow relay): another takes it, and the first can
    // neither renew its claim nor record a send it would now make twice.
    let t2 = t1 + second * 61;
    let theirs = db
        .store
        .claim_messages("b", t2, t2 + second * 60, 10, None)
        .await
        .unwrap();
    assert_eq!(theirs.len(), 1);
    assert!(!db
        .store
        .renew_claim(id, "a", t2, t2 + second * 60)
        .await
        .unwrap());
    assert!(!db.store.mark_sent(id, "a", t2).await.unwrap());
    assert!(db.store.mark_sent(id, "b", t2).await.unwrap());
    assert_eq!(status_of(&db.store, id).await, OutboxStatus::Sent);
}

// The failure modes, each against a server that does exactly that. The store's side of the
// claims is proven on both backends above; these run on SQLite.

/// A sender to `port` whose clock the test moves.
async fn one_heads_up_to(port: u16, security: &str) -> (TestDb, Config, i64) {
    let db = TestDb::sqlite().await;
    let config = config(port, security, "max_attempts = 3");
    let id = a_queued_heads_up(&db.store, &config).await;
    (db, config, id)
}

#[tokio::test]
async fn a_refused_connection_is_retried_later_and_nothing_is_lost() {
    let (db, config, id) = one_heads_up_to(refused_port(), "plain").await;
    let (s, clock) = sender(&config, &db.store, "2026-02-10T08:01:00+07:00");
    let done = deliver(&s).await;
    assert_eq!((done.sent, done.retrying), (0, 1), "{done:?}");
    let e = db.store.message(id).await.unwrap().unwrap();
    assert_eq!(e.status, OutboxStatus::Queued);
    assert_eq!(e.attempts, 0, "a relay not reached spends no attempt");
    assert!(
        e.last_error.as_deref().unwrap().contains("refused"),
        "{e:?}"
    );
    // Not before the backoff runs out.
    assert!(e.next_attempt_at.unwrap() > at("2026-02-10T08:01:30+07:00"));
    clock.set(at("2026-02-10T08:01:30+07:00"));
    assert_eq!(deliver(&s).await.attempted(), 0, "the backoff holds");
    let first_id = e.message_id.clone().unwrap();

    // The relay is back (the admin fixed the port): the same message goes, once.
    let sink = SmtpSink::start();
    let fixed = self::config(sink.port, "plain", "");
    let (s, _) = sender(&fixed, &db.store, "2026-02-10T09:00:00+07:00");
    assert_eq!(deliver(&s).await.sent, 1);
    let got = sink.wait_for(1, WAIT);
    assert_eq!(got[0].message_id(), Some(first_id.as_str()));
    assert_eq!(status_of(&db.store, id).await, OutboxStatus::Sent);
    db.cleanup().await;
}

/// Runs the script against one heads-up: a first pass, then one after the backoff.
async fn through(script: Vec<Behaviour>, security: &str) -> (ScriptedSmtp, TestDb, i64, Delivery) {
    let server = ScriptedSmtp::start(Script::new(script));
    let (db, config, id) = one_heads_up_to(server.port(), security).await;
    let (s, clock) = sender(&config, &db.store, "2026-02-10T08:01:00+07:00");
    let first = deliver(&s).await;
    clock.set(at("2026-02-10T10:00:00+07:00"));
    let second = deliver(&s).await;
    let total = Delivery {
        sent: first.sent + second.sent,
        retrying: first.retrying + second.retrying,
        failed: first.failed + second.failed,
        lost: first.lost + second.lost,
        relay_down: first.relay_down || second.relay_down,
    };
    (server, db, id, total)
}

#[tokio::test]
async fn the_relay_gets_our_credentials_and_a_wrong_password_fails_no_message() {
    let sink = SmtpSink::start_with_auth("dondoc", "mật-khẩu-đúng");
    let db = TestDb::sqlite().await;
    let wrong = config(sink.port, "plain", "");
    let mut wrong = wrong;
    wrong.mail.smtp.username = Some("dondoc".into());
    wrong.mail.smtp.password = Some("sai".to_string().into());
    let id = a_queued_heads_up(&db.store, &wrong).await;
    let (s, _) = sender(&wrong, &db.store, "2026-02-10T08:01:00+07:00");
    let done = deliver(&s).await;
    assert_eq!((done.retrying, done.failed), (1, 0), "{done:?}");
    let e = db.store.message(id).await.unwrap().unwrap();
    assert_eq!(
        e.status,
        OutboxStatus::Queued,
        "a config problem fails no message"
    );
    assert!(
        e.last_error.as_deref().unwrap().contains("credentials"),
        "{e:?}"
    );
    assert!(!e.last_error.as_deref().unwrap().contains("sai"));

    let mut right = wrong.clone();
    right.mail.smtp.password = Some("mật-khẩu-đúng".to_string().into());
    let (s, _) = sender(&right, &db.store, "2026-02-10T10:00:00+07:00");
    assert_eq!(deliver(&s).await.sent, 1);
    let got = sink.wait_for(1, WAIT);
    assert_eq!(got[0].auth_user.as_deref(), Some("dondoc"));
    db.cleanup().await;
}

#[tokio::test]
async fn starttls_and_implicit_tls_deliver_to_a_relay_whose_certificate_we_trust() {
    for (mode, security) in [("starttls", "starttls"), ("implicit", "tls")] {
        let sink = SmtpSink::start_with_tls(mode);
        let ca = sink.certificate.clone().unwrap();
        let mut trusting = config(sink.port, security, "");
        trusting.mail.smtp.ca_file = Some(ca);
        let db = TestDb::sqlite().await;
        let id = a_queued_heads_up(&db.store, &trusting).await;

        // Without the province's CA the certificate is refused, and the message waits.
        let untrusting = config(sink.port, security, "");
        let (s, _) = sender(&untrusting, &db.store, "2026-02-10T08:01:00+07:00");
        assert_eq!(deliver(&s).await.retrying, 1, "{mode}");
        let e = db.store.message(id).await.unwrap().unwrap();
        assert!(
            e.last_error.as_deref().unwrap().contains("certificate"),
            "{mode}: {e:?}"
        );
        assert!(sink.received().is_empty(), "{mode}");

        let (s, _) = sender(&trusting, &db.store, "2026-02-10T10:00:00+07:00");
        assert_eq!(deliver(&s).await.sent, 1, "{mode}");
        let got = sink.wait_for(1, WAIT);
        assert_eq!(got[0].rcpt_tos, [SXD_MAIL], "{mode}");
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_421_greeting_and_a_451_after_data_are_retried_and_the_message_goes_once() {
    // A relay closing at the greeting said nothing about the message and spends no attempt; a
    // 451 after DATA is an answer about it, and does.
    for (first, attempts) in [(Behaviour::Greeting421, 1), (Behaviour::DataReply(451), 2)] {
        let (server, db, id, done) = through(vec![first, Behaviour::Accept], "plain").await;
        assert_eq!((done.retrying, done.sent), (1, 1), "{first:?}: {done:?}");
        assert_eq!(server.accepted().len(), 1, "{first:?}: once");
        let e = db.store.message(id).await.unwrap().unwrap();
        assert_eq!(
            (e.status, e.attempts),
            (OutboxStatus::Sent, attempts),
            "{first:?}"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_connection_dropped_in_the_middle_of_data_is_retried_and_not_doubled() {
    let (server, db, id, done) =
        through(vec![Behaviour::DropMidData, Behaviour::Accept], "plain").await;
    assert_eq!((done.retrying, done.sent), (1, 1), "{done:?}");
    assert_eq!(server.accepted().len(), 1);
    assert_eq!(status_of(&db.store, id).await, OutboxStatus::Sent);
    db.cleanup().await;
}

#[tokio::test]
async fn a_550_fails_the_message_at_once_and_the_office_is_told() {
    for refusal in [Behaviour::RcptReply(550), Behaviour::DataReply(550)] {
        let (server, db, id, done) = through(vec![refusal, Behaviour::Accept], "plain").await;
        assert_eq!(done.failed, 1, "{refusal:?}: {done:?}");
        let e = db.store.message(id).await.unwrap().unwrap();
        assert_eq!((e.status, e.attempts), (OutboxStatus::Failed, 1));
        assert!(e.last_error.as_deref().unwrap().contains("550"), "{e:?}");
        // The second pass sent the Office's report, and only that.
        assert_eq!(done.sent, 1, "{refusal:?}: {done:?}");
        let accepted = server.accepted();
        assert_eq!(accepted.len(), 1);
        let report = String::from_utf8_lossy(&accepted[0]).to_string();
        assert!(
            report.contains("X-Dondoc-Kind: delivery_failure"),
            "{report}"
        );
        assert!(report.contains(&format!("To: {OFFICE_MAIL}")), "{report}");
        let all = db.store.messages(None).await.unwrap();
        let reports: Vec<_> = all
            .iter()
            .filter(|m| m.notice.kind == NoticeKind::DeliveryFailure)
            .collect();
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].status, OutboxStatus::Sent);
        db.cleanup().await;
    }
}

#[tokio::test]
async fn a_failed_tls_handshake_is_retried_and_nothing_reaches_the_server() {
    // Implicit TLS against a server that speaks plain SMTP.
    let (server, db, id, done) = through(vec![Behaviour::Accept], "tls").await;
    assert_eq!((done.sent, done.retrying), (0, 2), "{done:?}");
    assert!(server.connections() >= 2);
    assert!(server.accepted().is_empty());
    let e = db.store.message(id).await.unwrap().unwrap();
    assert_eq!(e.status, OutboxStatus::Queued);
    assert!(e.last_error.is_some());
    db.cleanup().await;
}

#[tokio::test]
async fn a_relay_that_stays_down_fails_no_message_however_long() {
    let (db, config, id) = one_heads_up_to(refused_port(), "plain").await;
    let (s, clock) = sender(&config, &db.store, "2026-02-10T08:01:00+07:00");
    // Five passes, past max_attempts = 3, a day apart.
    for day in 10..15 {
        clock.set(at(&format!("2026-02-{day}T08:01:00+07:00")));
        let done = deliver(&s).await;
        assert!(done.relay_down, "{done:?}");
        assert_eq!((done.retrying, done.failed), (1, 0), "{done:?}");
    }
    let e = db.store.message(id).await.unwrap().unwrap();
    assert_eq!(
        (e.status, e.attempts),
        (OutboxStatus::Queued, 0),
        "no attempt spent on a relay that could not be reached"
    );
    // The relay back, its first temporary refusal is the message's first attempt, not its last.
    let server = ScriptedSmtp::start(Script::new([Behaviour::DataReply(451)]));
    let mut back = config.clone();
    back.mail.smtp.port = server.port();
    let (s, clock) = sender(&back, &db.store, "2026-02-16T08:01:00+07:00");
    clock.set(at("2026-02-16T08:01:00+07:00"));
    let done = deliver(&s).await;
    assert_eq!((done.retrying, done.failed), (1, 0), "{done:?}");
    let e = db.store.message(id).await.unwrap().unwrap();
    assert_eq!((e.status, e.attempts), (OutboxStatus::Queued, 1));
    db.cleanup().await;
}

#[tokio::test]
async fn a_message_retried_by_hand_that_fails_again_is_reported_again() {
    let server = ScriptedSmtp::start(Script::new([Behaviour::DataReply(550)]));
    let (db, config, id) = one_heads_up_to(server.port(), "plain").await;
    let (s, clock) = sender(&config, &db.store, "2026-02-10T08:01:00+07:00");
    // The notice fails, and so does the report of it, which is not reported in turn.
    assert_eq!(deliver(&s).await.failed, 2);
    db.store.retry_message(id).await.unwrap();
    clock.set(at("2026-02-11T08:01:00+07:00"));
    assert_eq!(deliver(&s).await.failed, 2);
    let reports = db
        .store
        .messages(None)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.notice.kind == NoticeKind::DeliveryFailure)
        .count();
    assert_eq!(reports, 2, "one report per failure");
    db.cleanup().await;
}

#[tokio::test]
async fn temporary_failures_end_in_failure_after_the_last_attempt() {
    let server = ScriptedSmtp::start(Script::new([Behaviour::DataReply(451)]));
    let (db, config, id) = one_heads_up_to(server.port(), "plain").await;
    let (s, clock) = sender(&config, &db.store, "2026-02-10T08:01:00+07:00");
    for (i, hour) in ["08:01", "10:00", "12:00"].iter().enumerate() {
        clock.set(at(&format!("2026-02-10T{hour}:00+07:00")));
        let done = deliver(&s).await;
        if i < 2 {
            assert_eq!(done.retrying, 1, "attempt {}: {done:?}", i + 1);
        } else {
            assert_eq!(done.failed, 1, "attempt 3 is the last: {done:?}");
        }
    }
    let e = db.store.message(id).await.unwrap().unwrap();
    assert_eq!((e.status, e.attempts), (OutboxStatus::Failed, 3));
    assert!(e.last_error.as_deref().unwrap().contains("451"));
    assert!(server.accepted().is_empty());
    db.cleanup().await;
}

// The command line: the contract of `outbox list --json`, `show`, `retry`, `flush`, and the
// crash tests, which need a process to kill.

/// The CLI with the directive's heads-up queued.
fn cli_with_a_heads_up() -> Cli {
    let cli = Cli::with_a_confirmed_directive(&[SXD]);
    cli.stdout(&["remind", "--as-of", HEADS_UP_AT]);
    cli
}

/// `dondoc` with mail going to a plain relay on `port`.
fn with_relay(cli: &Cli, port: u16) -> std::process::Command {
    let mut cmd = cli.command();
    cmd.env("DONDOC__MAIL__TRANSPORT", "smtp")
        .env("DONDOC__MAIL__SMTP__HOST", "127.0.0.1")
        .env("DONDOC__MAIL__SMTP__PORT", port.to_string())
        .env("DONDOC__MAIL__SMTP__SECURITY", "plain");
    cmd
}

fn smtp_command(cli: &Cli, port: u16, args: &[&str]) -> std::process::Output {
    with_relay(cli, port).args(args).output().unwrap()
}

fn outbox(cli: &Cli) -> Vec<serde_json::Value> {
    cli.json_lines(&["outbox", "list", "--json"])
}

#[test]
fn outbox_list_json_honours_its_contract_and_flush_retry_and_show_do_what_they_say() {
    let server = ScriptedSmtp::start(Script::new([Behaviour::RcptReply(550), Behaviour::Accept]));
    let cli = cli_with_a_heads_up();
    let before = outbox(&cli);
    assert_eq!(before.len(), 1, "{before:?}");
    let m = &before[0];
    for key in [
        "id",
        "kind",
        "subject",
        "to",
        "status",
        "attempts",
        "message_id",
        "sent_at",
        "last_error",
        "dedupe_key",
        "decided_at",
        "next_attempt_at",
    ] {
        assert!(m.get(key).is_some(), "{key} missing from {m}");
    }
    assert_eq!(m["status"], "queued");
    assert_eq!(m["kind"], "heads_up");
    assert_eq!(m["to"], serde_json::json!([SXD_MAIL]));
    let id = m["id"].as_i64().unwrap();

    // 550: failed, reported to the Office (the report goes through the second connection).
    let out = smtp_command(&cli, server.port(), &["outbox", "flush"]);
    assert!(!out.status.success(), "a failure makes flush exit 1");
    let after = outbox(&cli);
    let failed = after.iter().find(|e| e["id"] == id).unwrap();
    assert_eq!(failed["status"], "failed");
    assert!(failed["last_error"].as_str().unwrap().contains("550"));
    let report = after
        .iter()
        .find(|e| e["kind"] == "delivery_failure")
        .unwrap();
    assert_eq!(report["to"], serde_json::json!([OFFICE_MAIL]));

    let shown = cli.stdout(&["outbox", "show", &id.to_string()]);
    assert!(shown.contains("failed") && shown.contains("550"), "{shown}");
    assert!(
        shown.contains(failed["message_id"].as_str().unwrap()),
        "{shown}"
    );

    // The admin fixes the address; retry queues it again and the next flush delivers it.
    assert!(cli.run(&["outbox", "retry", "99999"]).status.code() == Some(1));
    cli.stdout(&["outbox", "retry", &id.to_string()]);
    let again = smtp_command(&cli, server.port(), &["outbox", "flush"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let last = outbox(&cli);
    assert!(last.iter().all(|e| e["status"] == "sent"), "{last:?}");
    let retried = last.iter().find(|e| e["id"] == id).unwrap();
    assert_eq!(
        retried["message_id"], failed["message_id"],
        "same notice, same id"
    );
    let refused = cli.run(&["outbox", "retry", &id.to_string()]);
    assert_eq!(
        refused.status.code(),
        Some(1),
        "a sent message is not retried"
    );
}

#[test]
fn the_folder_transport_writes_one_eml_per_message_under_the_data_folder() {
    let cli = cli_with_a_heads_up();
    cli.stdout(&["outbox", "flush"]);
    let dir = cli.path("mail");
    let files = crate::helpers::files_in(&dir);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("-heads_up.eml"), "{files:?}");
    let raw = std::fs::read_to_string(dir.join(&files[0])).unwrap();
    assert!(raw.contains("Subject: =?utf-8?"), "{raw}");
    assert!(raw.contains("Content-Type: multipart/alternative"), "{raw}");
    assert_eq!(outbox(&cli)[0]["status"], "sent");
}

/// Runs `outbox flush` at `as_of`, crashing at `point` when given; whether it exited normally.
fn flush_at(cli: &Cli, port: u16, as_of: &str, crash: Option<&str>) -> bool {
    let mut cmd = with_relay(cli, port);
    cmd.args(["outbox", "flush", "--as-of", as_of]);
    if let Some(point) = crash {
        cmd.env(dondoc::hooks::CRASH_ENV, point);
    }
    let out = cmd.output().unwrap();
    if let Some(point) = crash {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("crashing at {point}")),
            "the crash point {point} was not reached: {stderr}"
        );
    }
    out.status.success()
}

#[test]
fn a_crash_after_the_server_accepted_resends_once_with_the_same_message_id() {
    let sink = SmtpSink::start();
    let cli = cli_with_a_heads_up();
    assert!(!flush_at(
        &cli,
        sink.port,
        "2026-02-10T08:01:00+07:00",
        Some("outbox_after_send")
    ));
    let first = sink.wait_for(1, WAIT);
    assert_eq!(
        outbox(&cli)[0]["status"],
        "sending",
        "the record never happened"
    );
    // Within the dead sender's lease (5 minutes), nobody takes the message.
    assert!(flush_at(&cli, sink.port, "2026-02-10T08:03:00+07:00", None));
    assert_eq!(sink.received().len(), 1);
    // After it, the same message goes again, once.
    assert!(flush_at(&cli, sink.port, "2026-02-10T08:07:00+07:00", None));
    let both = sink.wait_for(2, WAIT);
    assert_eq!(both[1].message_id(), first[0].message_id());
    assert_eq!(both[1].raw, first[0].raw, "the very same bytes");
    assert_eq!(outbox(&cli)[0]["status"], "sent");
    assert!(flush_at(&cli, sink.port, "2026-02-10T09:00:00+07:00", None));
    assert_eq!(sink.received().len(), 2, "never a third time");
}

#[test]
fn a_crash_before_sending_sends_once_after_the_lease() {
    for point in ["outbox_after_claim", "outbox_after_render"] {
        let sink = SmtpSink::start();
        let cli = cli_with_a_heads_up();
        assert!(!flush_at(
            &cli,
            sink.port,
            "2026-02-10T08:01:00+07:00",
            Some(point)
        ));
        assert!(flush_at(&cli, sink.port, "2026-02-10T08:07:00+07:00", None));
        assert_eq!(sink.wait_for(1, WAIT).len(), 1, "{point}");
        assert!(flush_at(&cli, sink.port, "2026-02-10T09:00:00+07:00", None));
        assert_eq!(sink.received().len(), 1, "{point}: once");
        assert_eq!(outbox(&cli)[0]["status"], "sent", "{point}");
    }
}

#[test]
fn a_crash_between_deciding_and_queueing_loses_nothing_and_doubles_nothing() {
    let sink = SmtpSink::start();
    let cli = Cli::with_a_confirmed_directive(&[SXD]);
    let crashed = cli
        .command()
        .env(dondoc::hooks::CRASH_ENV, "remind_after_decide")
        .args(["remind", "--as-of", HEADS_UP_AT])
        .output()
        .unwrap();
    assert!(!crashed.status.success());
    assert!(outbox(&cli).is_empty(), "decided but never queued");
    cli.stdout(&["remind", "--as-of", HEADS_UP_AT]);
    cli.stdout(&["remind", "--as-of", HEADS_UP_AT]);
    assert!(flush_at(&cli, sink.port, "2026-02-10T08:01:00+07:00", None));
    assert_eq!(sink.wait_for(1, WAIT).len(), 1);
    assert_eq!(outbox(&cli).len(), 1);
}

#[test]
fn a_broken_template_override_is_named_by_config_check_and_stops_the_daemon() {
    let cli = Cli::new();
    let templates = cli.path("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("notice.txt.j2"),
        "Kính gửi: {{ letter.unit }\n",
    )
    .unwrap();
    let out = cli
        .command()
        .env("DONDOC__MAIL__TEMPLATES_DIR", &templates)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mail.templates_dir") && stderr.contains("notice.txt.j2"),
        "{stderr}"
    );
    let run = cli
        .command()
        .env("DONDOC__MAIL__TEMPLATES_DIR", &templates)
        .arg("run")
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("notice.txt.j2"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Runs remind at `instant` and delivers what it queued; returns the kinds and numbers queued.
async fn remind_and_send(
    db: &TestDb,
    config: &Config,
    instant: &str,
) -> Vec<(NoticeKind, Option<u32>)> {
    let decided = jobs::remind(&db.store, config, at(instant), false)
        .await
        .unwrap();
    let (sender, _) = sender(config, &db.store, instant);
    deliver(&sender).await;
    crate::helpers::urged(&decided, None)
}

/// What the sink received of every message the outbox records as sent.
fn every_sent(sink: &SmtpSink, outbox: &[dondoc::store::OutboxEntry]) -> Vec<Received> {
    let sent = outbox
        .iter()
        .filter(|e| e.status == OutboxStatus::Sent)
        .count();
    sink.wait_for(sent, WAIT)
}

/// The message the sink received for outbox entry `e`, by its Message-ID.
fn received_as<'a>(received: &'a [Received], e: &dondoc::store::OutboxEntry) -> &'a Received {
    received
        .iter()
        .find(|r| r.message_id() == e.message_id.as_deref())
        .unwrap_or_else(|| panic!("notice {} was not received", e.notice.id))
}

/// Checks every sent letter, whatever its kind, against the outbox: a number it gives a Phiếu
/// báo was queued by then (in its own case, for a letter of a case), a count of notices sent is
/// the count the outbox records as sent before it, and a report to the Chairman it mentions was
/// queued before it. Returns the kinds of letter checked.
fn letters_state_only_what_the_outbox_holds(
    outbox: &[dondoc::store::OutboxEntry],
    received: &[Received],
) -> std::collections::BTreeSet<&'static str> {
    let number = regex::Regex::new(r"(?:Phiếu báo số|Số:) (\d+)|số (\d+) ngày").unwrap();
    let count = regex::Regex::new(r"đã gửi (\d+) phiếu báo").unwrap();
    let mut kinds = std::collections::BTreeSet::new();
    for e in outbox.iter().filter(|e| e.status == OutboxStatus::Sent) {
        kinds.insert(e.notice.kind.as_str());
        let mail = received_as(received, e);
        // A letter of a case speaks of that case's notices.
        let before = |kind: NoticeKind| {
            outbox.iter().filter(move |o| {
                o.notice.kind == kind
                    && o.notice.id <= e.notice.id
                    && (e.notice.case_id.is_none() || o.notice.case_id == e.notice.case_id)
            })
        };
        let numbered: Vec<i64> = before(NoticeKind::Notice)
            .filter_map(|o| o.notice.sequence)
            .collect();
        for part in [mail.text().unwrap(), mail.html().unwrap()] {
            for c in number.captures_iter(part) {
                let n: i64 = c.get(1).or(c.get(2)).unwrap().as_str().parse().unwrap();
                assert!(
                    numbered.contains(&n),
                    "{}: Phiếu báo số {n} not queued",
                    e.notice.id
                );
            }
            for c in count.captures_iter(part) {
                let n: usize = c[1].parse().unwrap();
                let sent_before = before(NoticeKind::Notice)
                    .filter(|o| o.notice.id < e.notice.id && o.status == OutboxStatus::Sent)
                    .count();
                assert_eq!(n, sent_before, "{}: {part}", e.notice.id);
            }
            if part.contains("đã báo cáo Chủ tịch UBND tỉnh") {
                assert!(before(NoticeKind::Escalation).any(|o| o.notice.id < e.notice.id));
            }
        }
    }
    kinds
}

on_both_backends!(what_the_letters_of_a_late_unit_say_is_what_the_outbox_holds,);

/// dondoc starts over a backlog (the task is 20 working days late on Monday 23 March 2026):
/// Phiếu báo 1 that day, 2 and 3 three working days apart, the report to the Chairman three
/// working days after 3, once; the task returned and sent back opens the case again at 1. Every
/// number and date the letters state is one the outbox holds.
async fn what_the_letters_of_a_late_unit_say_is_what_the_outbox_holds(db: &TestDb) {
    let sink = SmtpSink::start();
    let config = config(sink.port, "plain", "");
    a_confirmed_directive(&db.store, &config).await;
    use NoticeKind::{Escalation, Notice};
    assert_eq!(
        remind_and_send(db, &config, "2026-03-23T08:00:00+07:00").await,
        [(Notice, Some(1))]
    );
    for day in ["24", "25"] {
        let none = remind_and_send(db, &config, &format!("2026-03-{day}T08:00:00+07:00")).await;
        assert!(none.is_empty(), "{day}: {none:?}");
    }
    assert_eq!(
        remind_and_send(db, &config, "2026-03-26T08:00:00+07:00").await,
        [(Notice, Some(2))]
    );
    assert_eq!(
        remind_and_send(db, &config, "2026-03-31T08:00:00+07:00").await,
        [(Notice, Some(3))]
    );
    assert_eq!(
        remind_and_send(db, &config, "2026-04-03T08:00:00+07:00").await,
        [(Escalation, None)]
    );
    for day in ["06", "09", "14", "20"] {
        let none = remind_and_send(db, &config, &format!("2026-04-{day}T08:00:00+07:00")).await;
        assert!(
            none.is_empty(),
            "no second escalation, no notice after it: {none:?}"
        );
    }

    // The task is returned, then the Office gives it out again: the case opens at 1, "lần 2".
    let task = db.store.list_tasks(&TaskFilter::default()).await.unwrap()[0].id;
    for (from, to, when) in [
        (
            TaskState::NotStarted,
            TaskState::Returned,
            "2026-04-21T09:00:00+07:00",
        ),
        (
            TaskState::Returned,
            TaskState::NotStarted,
            "2026-04-22T09:00:00+07:00",
        ),
    ] {
        remind_and_send(db, &config, when).await;
        crate::helpers::set_task_state(&db.store, task, from, to, when).await;
    }
    assert_eq!(
        remind_and_send(db, &config, "2026-04-23T08:00:00+07:00").await,
        [(Notice, Some(1))]
    );

    // Every letter against the outbox.
    let outbox = db.store.messages(None).await.unwrap();
    let received = every_sent(&sink, &outbox);
    let by_id = |e: &dondoc::store::OutboxEntry| received_as(&received, e);
    let phieu: Vec<_> = outbox
        .iter()
        .filter(|e| e.notice.kind == NoticeKind::Notice && e.notice.sequence.is_some())
        .collect();
    let numbers: Vec<(Option<i64>, Option<i64>)> = phieu
        .iter()
        .map(|e| (e.notice.case_id, e.notice.sequence))
        .collect();
    let (first, again) = (phieu[0].notice.case_id, phieu[3].notice.case_id);
    assert_ne!(first, again, "the case opened again is a new case");
    assert_eq!(
        numbers,
        [
            (first, Some(1)),
            (first, Some(2)),
            (first, Some(3)),
            (again, Some(1))
        ]
    );
    for e in &phieu[..3] {
        let text = by_id(e).text().unwrap();
        let n = e.notice.sequence.unwrap();
        assert!(
            text.contains(&format!("Số: {n}\n")) || text.contains(&format!("Số: {n}\r\n")),
            "{text}"
        );
        assert!(!text.contains("lần"), "{text}");
    }
    let again_mail = by_id(phieu[3]);
    assert!(again_mail.text().unwrap().contains("Số: 1 (lần 2)"));
    assert_eq!(
        again_mail.subject(),
        Some("Phiếu báo số 1 (lần 2): nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT")
    );
    let escalations: Vec<_> = outbox
        .iter()
        .filter(|e| e.notice.kind == NoticeKind::Escalation)
        .collect();
    assert_eq!(escalations.len(), 1, "once per case");
    let cited: Vec<String> = phieu[..3]
        .iter()
        .map(|e| {
            format!(
                "số {} ngày {}",
                e.notice.sequence.unwrap(),
                dondoc::clock::local_date(e.notice.decided_at).format("%d/%m/%Y")
            )
        })
        .collect();
    let mail = by_id(escalations[0]);
    for part in [mail.text().unwrap(), mail.html().unwrap()] {
        assert!(
            part.contains(&format!(
                "đã gửi 03 phiếu báo đôn đốc ({})",
                cited.join(", ")
            )),
            "{part}"
        );
    }
    assert_eq!(
        cited,
        [
            "số 1 ngày 23/03/2026",
            "số 2 ngày 26/03/2026",
            "số 3 ngày 31/03/2026"
        ]
    );
    // The April digests (20 April) mark the case gone to the Chairman, which the escalation
    // queued before them backs, and say how long the task is late: 41 working days after 13
    // February (Tết not counted).
    let digests: Vec<_> = outbox
        .iter()
        .filter(|e| {
            e.notice.kind == NoticeKind::Digest && e.notice.period.as_deref() == Some("2026-04")
        })
        .collect();
    assert_eq!(digests.len(), 2, "to the unit and to the Office");
    for e in digests {
        assert!(e.notice.decided_at > escalations[0].notice.decided_at);
        let text = by_id(e).text().unwrap();
        assert!(
            text.contains("(quá hạn 41 ngày làm việc, đã báo cáo Chủ tịch UBND tỉnh)"),
            "{text}"
        );
    }
    letters_state_only_what_the_outbox_holds(&outbox, &received);
    // Every message is dated in Vietnam's time.
    assert!(received
        .iter()
        .all(|r| r.header("Date").is_some_and(|d| d.ends_with("+0700"))));
}

on_both_backends!(an_escalation_claims_no_notice_its_unit_never_received,);

/// A unit the directory does not know has no address: its Phiếu báo are held for the Office,
/// never sent. The report to the Chairman still goes, and says the unit has not done its task,
/// but not that notices were sent to it.
async fn an_escalation_claims_no_notice_its_unit_never_received(db: &TestDb) {
    let sink = SmtpSink::start();
    let config = config(sink.port, "plain", "");
    db.store
        .load_directory(&config.units.directory, at("2026-02-02"))
        .await
        .unwrap();
    let unknown = crate::helpers::To {
        organ_id: "000.00.99.H57",
        name: "Ban Quản lý dự án thử nghiệm",
    };
    let msg = edxml(
        "1502",
        "UBND-KT",
        "2026/02/02",
        Some("2026/02/13"),
        &[unknown],
        "V/v đẩy nhanh giải ngân vốn đầu tư công",
    );
    take_in_and_confirm(&db.store, "1502.edxml", &msg).await;
    use NoticeKind::{Escalation, Notice};
    let mut urged = Vec::new();
    for day in ["2026-02-23", "2026-02-26", "2026-03-03", "2026-03-06"] {
        urged.extend(remind_and_send(db, &config, &format!("{day}T08:00:00+07:00")).await);
    }
    assert_eq!(
        urged,
        [
            (Notice, Some(1)),
            (Notice, Some(2)),
            (Notice, Some(3)),
            (Escalation, None)
        ]
    );
    let outbox = db.store.messages(None).await.unwrap();
    assert!(outbox
        .iter()
        .filter(|e| e.notice.kind == Notice)
        .all(|e| e.status == OutboxStatus::Held));
    let escalation = outbox.iter().find(|e| e.notice.kind == Escalation).unwrap();
    assert_eq!(escalation.status, OutboxStatus::Sent);
    let received = every_sent(&sink, &outbox);
    let mail = received_as(&received, escalation);
    for part in [mail.text().unwrap(), mail.html().unwrap()] {
        assert!(
            part.contains("Đến nay, Ban Quản lý dự án thử nghiệm vẫn chưa thực hiện"),
            "{part}"
        );
        assert!(!part.contains("phiếu báo đôn đốc"), "{part}");
    }
}

/// Protocol traces at their most verbose (`RUST_LOG=trace`) while dondoc logs in to its relay:
/// the password appears in no log line, neither in clear nor base64-encoded as `AUTH PLAIN` and
/// `AUTH LOGIN` send it.
#[test]
fn the_relay_password_is_in_no_log_even_at_trace_level() {
    use base64::Engine;
    let password = "mật-khẩu-bí-mật";
    let sink = SmtpSink::start_with_auth("dondoc", password);
    let cli = Cli::with_a_confirmed_directive(&[SXD]);
    let mail_env = |cmd: &mut std::process::Command| {
        cmd.env("DONDOC__MAIL__TRANSPORT", "smtp")
            .env("DONDOC__MAIL__SMTP__HOST", "127.0.0.1")
            .env("DONDOC__MAIL__SMTP__PORT", sink.port.to_string())
            .env("DONDOC__MAIL__SMTP__SECURITY", "plain")
            .env("DONDOC__MAIL__SMTP__USERNAME", "dondoc")
            .env("DONDOC__MAIL__SMTP__PASSWORD", password)
            .env("RUST_LOG", "trace");
    };
    let mut remind = cli.command();
    mail_env(&mut remind);
    let out = remind
        .args(["remind", "--as-of", "2026-02-10T08:00:00+07:00"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut flush = cli.command();
    mail_env(&mut flush);
    let out = flush.args(["outbox", "flush"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let received = sink.wait_for(1, WAIT);
    assert_eq!(
        received[0].auth_user.as_deref(),
        Some("dondoc"),
        "it logged in"
    );
    let logs = String::from_utf8_lossy(&out.stderr);
    assert!(logs.lines().count() > 5, "trace logging was on: {logs}");
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    for secret in [
        password.to_string(),
        b64(password),
        b64(&format!("\0dondoc\0{password}")),
    ] {
        assert!(!logs.contains(&secret), "{secret:?} in the logs:\n{logs}");
    }
}

on_both_backends!(every_kind_of_letter_states_only_what_the_outbox_holds,);

/// The Office's whole year in small: a heads-up, the entry watch over drafts left unconfirmed,
/// Phiếu báo 1 to 3, the report to the Chairman, the monthly digests and the quarter's update
/// request, all delivered through the SMTP sink; every one of them is checked against the
/// outbox as the late unit's letters are.
async fn every_kind_of_letter_states_only_what_the_outbox_holds(db: &TestDb) {
    let sink = SmtpSink::start();
    let config = config(sink.port, "plain", "");
    a_confirmed_directive(&db.store, &config).await;
    // A task without a deadline, confirmed: the quarter's update request asks about it.
    let undated = with_content(
        &edxml(
            "1503",
            "UBND-KT",
            "2026/02/02",
            None,
            &[SXD],
            "V/v theo dõi giải ngân",
        ),
        "Giao Sở Xây dựng theo dõi tình hình giải ngân của các chủ đầu tư.",
    );
    take_in_and_confirm(&db.store, "1503.edxml", &undated).await;
    // A directive whose drafts nobody confirms: the entry watch.
    let waiting = edxml(
        "1504",
        "UBND-KT",
        "2026/02/02",
        Some("2026/03/31"),
        &[SXD],
        "V/v chờ duyệt",
    );
    pipeline(&db.store, "2026-02-02T10:00:00+07:00")
        .process("inbox", "1504.edxml", waiting.as_bytes(), &Shutdown::new())
        .await
        .unwrap();
    for day in [
        "2026-02-10",
        "2026-02-23",
        "2026-02-26",
        "2026-03-03",
        "2026-03-06",
        "2026-04-01",
    ] {
        remind_and_send(db, &config, &format!("{day}T08:00:00+07:00")).await;
    }
    let outbox = db.store.messages(None).await.unwrap();
    let received = every_sent(&sink, &outbox);
    let kinds = letters_state_only_what_the_outbox_holds(&outbox, &received);
    for kind in [
        "heads_up",
        "notice",
        "escalation",
        "entry_overdue",
        "update_request",
        "digest",
    ] {
        assert!(
            kinds.contains(kind),
            "no {kind} letter was checked: {kinds:?}"
        );
    }
}
