//! `dondoc deadletters`: what could not be processed. `list --json` is a contract: one object per
//! line `{"id", "source", "origin", "reason", "received_at"}`.

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::json;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::hooks::Hooks;
use crate::store::{DeadLetter, DeadLetterStatus};
use crate::sync::Outcome;

#[derive(Debug, Subcommand)]
pub enum DeadLettersCommand {
    /// List the open dead letters (all of them with --all).
    List {
        #[arg(long)]
        json: bool,
        #[arg(long)]
        all: bool,
    },
    /// Show one dead letter and its payload.
    Show { id: i64 },
    /// Run the pipeline again over the kept payload (after a fix, or a newer dondoc).
    Retry { id: i64 },
    /// Give up on a dead letter; its payload file is deleted.
    Discard { id: i64 },
}

pub async fn run(
    config: Config,
    clock: SharedClock,
    cmd: DeadLettersCommand,
) -> anyhow::Result<ExitCode> {
    let app = crate::app::App::build(config, clock, Hooks::none()).await?;
    let pipeline = app.pipeline();
    let store = app.store();
    let Some(dl) = pipeline.dead_letters() else {
        anyhow::bail!("dead letters are not kept by this pipeline");
    };
    let mut out = std::io::stdout().lock();
    let code = match cmd {
        DeadLettersCommand::List { json, all } => {
            for d in store.dead_letters(all).await? {
                if json {
                    writeln!(out, "{}", to_json(&d))?;
                } else {
                    writeln!(
                        out,
                        "{:>5}  {}  {:<8} {:<30} {}",
                        d.id,
                        d.received_at
                            .with_timezone(&crate::clock::ZONE)
                            .format("%d/%m/%Y %H:%M"),
                        d.source,
                        d.origin,
                        d.reason
                    )?;
                }
            }
            ExitCode::SUCCESS
        }
        DeadLettersCommand::Show { id } => {
            let Some(d) = store.dead_letter(id).await? else {
                return not_found(id);
            };
            writeln!(out, "{}", serde_json::to_string_pretty(&to_json(&d))?)?;
            match dl.payload(&d) {
                Ok(bytes) => {
                    writeln!(out, "--- payload ({} bytes) ---", bytes.len())?;
                    out.write_all(&bytes)?;
                    writeln!(out)?;
                }
                Err(e) => writeln!(out, "--- {e} ---")?,
            }
            ExitCode::SUCCESS
        }
        DeadLettersCommand::Retry { id } => {
            let Some(d) = store.dead_letter(id).await? else {
                return not_found(id);
            };
            match pipeline.retry_dead_letter(&d).await? {
                Outcome::Refused { reason } => {
                    writeln!(out, "{id}: still refused: {reason}")?;
                    ExitCode::FAILURE
                }
                outcome => {
                    writeln!(out, "{id}: {outcome}")?;
                    ExitCode::SUCCESS
                }
            }
        }
        DeadLettersCommand::Discard { id } => {
            let Some(d) = store.dead_letter(id).await? else {
                return not_found(id);
            };
            dl.resolve(&d, DeadLetterStatus::Discarded).await?;
            writeln!(out, "{id}: discarded")?;
            ExitCode::SUCCESS
        }
    };
    store.close().await;
    Ok(code)
}

fn not_found(id: i64) -> anyhow::Result<ExitCode> {
    eprintln!("no dead letter has the id {id}");
    Ok(ExitCode::from(super::EXIT_CONFIG))
}

fn to_json(d: &DeadLetter) -> serde_json::Value {
    json!({
        "id": d.id,
        "source": d.source,
        "origin": d.origin,
        "reason": d.reason,
        "received_at": d.received_at.to_rfc3339(),
        "status": d.status.as_str(),
        "payload_bytes": d.payload_bytes,
        "payload_sha256": d.payload_sha256,
        "payload_kept": d.payload_path.is_some(),
    })
}
