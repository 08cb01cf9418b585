//! `dondoc ingest PATH...`: the daemon's pipeline, once, over the given files.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::hooks::Hooks;
use crate::shutdown::Shutdown;
use crate::sync::ingest::ingest_paths;
use crate::sync::Outcome;

/// The source name recorded for files given on the command line.
const SOURCE: &str = "cli";

pub async fn run(
    config: Config,
    clock: SharedClock,
    hooks: Hooks,
    paths: &[PathBuf],
) -> anyhow::Result<ExitCode> {
    let shutdown = Shutdown::new();
    crate::shutdown::on_signals(shutdown.clone())?;
    let app = crate::app::App::build(config, clock, hooks).await?;
    let reports = ingest_paths(paths, SOURCE, &app.pipeline(), &shutdown).await?;
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for r in &reports {
        let path = r.path.display();
        match &r.result {
            Ok(Outcome::Stored {
                document,
                tasks,
                unverified_units,
            }) => {
                let unverified = if *unverified_units > 0 {
                    format!(", {unverified_units} unverified unit(s)")
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{path}: stored {document}, {tasks} task(s){unverified}"
                )?;
            }
            Ok(Outcome::Unchanged { document }) => {
                writeln!(
                    out,
                    "{path}: unchanged ({} was ingested before)",
                    document.as_deref().unwrap_or("message")
                )?;
            }
            Ok(Outcome::Secret) => {
                writeln!(
                    out,
                    "{path}: dropped: a secret document (Mật, Tối mật, Tuyệt mật) is never stored"
                )?;
            }
            Ok(Outcome::Refused { reason }) | Err(reason) => {
                failed += 1;
                tracing::warn!(file = %path, reason = %reason, "File refused");
                writeln!(out, "{path}: failed: {reason}")?;
            }
        }
    }
    app.store().close().await;
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
