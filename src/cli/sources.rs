//! `dondoc sync --once` and `dondoc sources status`: every configured source run once, and what
//! each has done so far.
//!
//! `sources status --json` is a contract: one object per configured source, `{"source", "type",
//! "last_poll_at", "last_success_at", "last_error", "passes", "fetched", "stored",
//! "dead_lettered", "retried", "skipped"}`, fields only ever added.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::clock::{SharedClock, ZONE};
use crate::config::{Config, SourceConfig};
use crate::hooks::Hooks;
use crate::shutdown::Shutdown;
use crate::store::SourceStatus;
use crate::sync::ingest::Attempts;
use crate::sync::sources::{self, Configured};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Run every configured source once and exit (the only mode for now: the daemon polls).
    #[arg(long, required = true)]
    once: bool,
}

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Each configured source: its last poll, the last that succeeded, its last error, and what
    /// it fetched, stored, dead-lettered, retried and skipped.
    Status {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
}

/// Runs each source once, in the configured order, each on its own: a failing source does not
/// keep the next from running. Exit status 1 when any pass ended early.
pub async fn sync(
    config: Config,
    clock: SharedClock,
    hooks: Hooks,
    _args: SyncArgs,
) -> anyhow::Result<ExitCode> {
    let app = crate::app::App::build(config.clone(), clock, hooks).await?;
    let shutdown = Shutdown::new();
    crate::shutdown::on_signals(shutdown.clone())?;
    let pipeline = app.pipeline();
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for source_config in &config.sources {
        let mut source = match Configured::open(
            source_config,
            config.edxml_limits.max_message_bytes,
            &config.data_dir,
        ) {
            Ok(s) => s,
            Err(e) => {
                writeln!(out, "{}: {e:#}", source_config.name())?;
                failed += 1;
                continue;
            }
        };
        // A message that fails for a reason outside its content is left for a later run, never
        // given up on in a single one.
        let mut attempts = Attempts::new(crate::app::ATTEMPTS_PER_MESSAGE);
        let pass = sources::pass(&mut source, &pipeline, &shutdown, &mut attempts).await;
        let stats = pass.stats();
        write!(
            out,
            "{}: {} stored, {} unchanged, {} applied, {} refused, {} left for later",
            source_config.name(),
            stats.stored,
            stats.unchanged,
            stats.applied,
            stats.refused,
            stats.retry_later
        )?;
        match &pass.aborted {
            Some(e) => {
                failed += 1;
                writeln!(out, "; ended early: {e}")?;
            }
            None => writeln!(out)?,
        }
    }
    out.flush()?;
    app.store().close().await;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub async fn run(config: Config, command: SourcesCommand) -> anyhow::Result<ExitCode> {
    let SourcesCommand::Status { json } = command;
    let store = crate::app::open_store(&config).await?;
    let recorded = store.source_statuses().await;
    store.close().await;
    let recorded = recorded?;
    let mut out = std::io::stdout().lock();
    for source in &config.sources {
        let status = recorded.iter().find(|s| s.source == source.name());
        if json {
            writeln!(out, "{}", status_json(source, status))?;
        } else {
            write_status(&mut out, source, status)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn kind(source: &SourceConfig) -> &'static str {
    match source {
        SourceConfig::Spool(_) => "spool",
        SourceConfig::Vdxp(_) => "vdxp",
    }
}

fn rfc3339(t: Option<DateTime<Utc>>) -> serde_json::Value {
    json!(t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
}

fn status_json(source: &SourceConfig, status: Option<&SourceStatus>) -> serde_json::Value {
    let c = status.map(|s| s.counts.clone()).unwrap_or_default();
    json!({
        "source": source.name(),
        "type": kind(source),
        "last_poll_at": rfc3339(status.and_then(|s| s.last_poll_at)),
        "last_success_at": rfc3339(status.and_then(|s| s.last_success_at)),
        "last_error": status.and_then(|s| s.last_error.clone()),
        "passes": status.map_or(0, |s| s.passes),
        "fetched": c.fetched,
        "stored": c.stored,
        "dead_lettered": c.dead_lettered,
        "retried": c.retried,
        "skipped": c.skipped,
    })
}

fn write_status(
    out: &mut impl Write,
    source: &SourceConfig,
    status: Option<&SourceStatus>,
) -> std::io::Result<()> {
    let local = |t: Option<DateTime<Utc>>| {
        t.map(|t| {
            t.with_timezone(&ZONE)
                .format("%d/%m/%Y %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|| "—".into())
    };
    writeln!(out, "{} ({})", source.name(), kind(source))?;
    let Some(s) = status else {
        return writeln!(out, "  never polled");
    };
    writeln!(out, "  last poll:     {}", local(s.last_poll_at))?;
    writeln!(out, "  last success:  {}", local(s.last_success_at))?;
    if let Some(e) = &s.last_error {
        writeln!(out, "  last error:    {e}")?;
    }
    let c = &s.counts;
    writeln!(
        out,
        "  {} pass(es): {} fetched, {} stored, {} dead-lettered, {} retried, {} skipped",
        s.passes, c.fetched, c.stored, c.dead_lettered, c.retried, c.skipped
    )
}
