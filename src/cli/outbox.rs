//! `dondoc outbox`: the messages the notices became, and where each stands.
//!
//! `list --json` is a contract: one object per line, `{"id", "kind", "unit", "document",
//! "subject", "to", "status", "attempts", "message_id", "sent_at", "last_error", …}`, fields
//! only ever added. `flush` delivers everything queued now, once each, and exits.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde_json::json;

use super::tasks::clip;
use crate::clock::{parse_instant, FixedClock, SharedClock, ZONE};
use crate::config::Config;
use crate::mail::Sender;
use crate::shutdown::Shutdown;
use crate::store::{OutboxEntry, OutboxStatus, RetryOutcome};

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// The messages, oldest first.
    List(ListArgs),
    /// One message: its delivery, and the message itself as sent (or as it will be).
    Show { id: i64 },
    /// Queue a failed message again, due at once (or a held one that has recipients).
    Retry { id: i64 },
    /// Deliver every queued message now, once each (backoff or not), and exit. Exit status 1
    /// when any is still not delivered.
    Flush(FlushArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only messages in this state.
    #[arg(long, value_parser = parse_status)]
    status: Option<OutboxStatus>,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct FlushArgs {
    /// Act as if it were this instant (RFC 3339 or YYYY-MM-DD): claims' leases, backoffs and
    /// the Date of messages rendered now are measured against it; default now. For tests and
    /// recovery: with a daemon running, leave it unset, or the two disagree on whose claims ran
    /// out.
    #[arg(long, value_name = "T", value_parser = parse_instant)]
    as_of: Option<DateTime<Utc>>,
}

fn parse_status(s: &str) -> Result<OutboxStatus, String> {
    OutboxStatus::parse(s).ok_or_else(|| {
        let all: Vec<&str> = OutboxStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("{s:?} is not one of {}", all.join(", "))
    })
}

pub async fn run(
    config: Config,
    clock: SharedClock,
    command: OutboxCommand,
) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(&config).await?;
    let result = match command {
        OutboxCommand::List(args) => list(&store, args).await,
        OutboxCommand::Show { id } => show(&store, id).await,
        OutboxCommand::Retry { id } => retry(&store, id).await,
        OutboxCommand::Flush(args) => {
            let clock: SharedClock = match args.as_of {
                Some(at) => Arc::new(FixedClock::new(at)),
                None => clock,
            };
            flush(config, store.clone(), clock).await
        }
    };
    store.close().await;
    result
}

async fn list(store: &crate::store::Store, args: ListArgs) -> anyhow::Result<ExitCode> {
    let entries = store.messages(args.status).await?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for e in &entries {
            writeln!(out, "{}", entry_json(e))?;
        }
    } else if entries.is_empty() {
        writeln!(out, "Hộp thư đi trống (the outbox is empty).")?;
    } else {
        writeln!(
            out,
            "{:>6}  {:<10}  {:>3}  {:<16}  {:<30}  Tiêu đề",
            "Số", "Tình trạng", "Lần", "Loại", "Gửi đến"
        )?;
        for e in &entries {
            let to = if e.notice.recipients.is_empty() {
                "(không có địa chỉ)".to_string()
            } else {
                e.notice.recipients.join(", ")
            };
            writeln!(
                out,
                "{:>6}  {:<10}  {:>3}  {:<16}  {:<30}  {}",
                e.notice.id,
                e.status.as_str(),
                e.attempts,
                e.notice.kind.vietnamese(),
                clip(&to, 30),
                e.notice.subject
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn at(t: Option<DateTime<Utc>>) -> serde_json::Value {
    json!(t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
}

fn entry_json(e: &OutboxEntry) -> serde_json::Value {
    let n = &e.notice;
    json!({
        "id": n.id,
        "kind": n.kind.as_str(),
        "unit_key": n.unit_key,
        "document_id": n.document_id,
        "sequence": n.sequence,
        "subject": n.subject,
        "to": n.recipients,
        "tasks": n.task_ids(),
        "flags": n.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
        "dedupe_key": n.dedupe_key,
        "decided_at": at(Some(n.decided_at)),
        "status": e.status.as_str(),
        "attempts": e.attempts,
        "next_attempt_at": at(e.next_attempt_at),
        "message_id": e.message_id,
        "sent_at": at(e.sent_at),
        "last_error": e.last_error,
    })
}

async fn show(store: &crate::store::Store, id: i64) -> anyhow::Result<ExitCode> {
    let Some(e) = store.message(id).await? else {
        eprintln!("no message {id} in the outbox");
        return Ok(ExitCode::FAILURE);
    };
    let mut out = std::io::stdout().lock();
    let local = |t: DateTime<Utc>| t.with_timezone(&ZONE).format("%d/%m/%Y %H:%M").to_string();
    let n = &e.notice;
    writeln!(out, "Thư số {}: {}", n.id, n.kind.vietnamese())?;
    writeln!(out, "Tiêu đề:     {}", n.subject)?;
    writeln!(out, "Gửi đến:     {}", n.recipients.join(", "))?;
    writeln!(
        out,
        "Tình trạng:  {} ({} lần gửi)",
        e.status.as_str(),
        e.attempts
    )?;
    writeln!(out, "Quyết định:  {}", local(n.decided_at))?;
    if let Some(t) = e.sent_at {
        writeln!(out, "Đã gửi:      {}", local(t))?;
    }
    if let Some(t) = e
        .next_attempt_at
        .filter(|_| e.status == OutboxStatus::Queued)
    {
        writeln!(out, "Gửi lại lúc: {}", local(t))?;
    }
    if let Some(err) = &e.last_error {
        writeln!(out, "Lỗi:         {err}")?;
    }
    if let Some(mid) = &e.message_id {
        writeln!(out, "Message-ID:  {mid}")?;
    }
    match &e.message {
        Some(raw) => writeln!(out, "\n{raw}")?,
        None => writeln!(out, "\n(not rendered yet: it is rendered when first sent)")?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

async fn retry(store: &crate::store::Store, id: i64) -> anyhow::Result<ExitCode> {
    match store.retry_message(id).await? {
        RetryOutcome::Requeued => {
            writeln!(std::io::stdout().lock(), "message {id} queued again")?;
            Ok(ExitCode::SUCCESS)
        }
        RetryOutcome::NotFound => {
            eprintln!("no message {id} in the outbox");
            Ok(ExitCode::FAILURE)
        }
        RetryOutcome::NotFailed(status) => {
            eprintln!(
                "message {id} is {}: only a failed message, or a held one with recipients, can be \
                 retried",
                status.as_str()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn flush(
    config: Config,
    store: crate::store::Store,
    clock: SharedClock,
) -> anyhow::Result<ExitCode> {
    let sender = Sender::new(Arc::new(config), store, clock)?;
    let shutdown = Shutdown::new();
    crate::shutdown::on_signals(shutdown.clone())?;
    let done = sender.deliver(true, &shutdown).await?;
    writeln!(
        std::io::stdout().lock(),
        "{} sent, {} to retry, {} failed{} ({})",
        done.sent,
        done.retrying,
        done.failed,
        if done.lost > 0 {
            format!(", {} taken over by another sender", done.lost)
        } else {
            String::new()
        },
        sender.describe()
    )?;
    Ok(if done.retrying + done.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
