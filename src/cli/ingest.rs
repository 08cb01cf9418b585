//! `dondoc ingest PATH...`: the daemon's loop, once, over the given files, which stay where they
//! are. One report line per file on stdout; the exit status says whether any failed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::clock::SharedClock;
use crate::config::Config;
use crate::hooks::Hooks;
use crate::shutdown::Shutdown;
use crate::sync::ingest::{drain, Attempts, PathsSource};
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
    let mut source = PathsSource::new(SOURCE, paths);
    // On the command line a failure is reported at once; nothing waits for a later pass.
    let pass = drain(
        &mut source,
        &app.pipeline(),
        &shutdown,
        &mut Attempts::new(1),
    )
    .await;
    app.store().close().await;
    let mut failed = 0;
    let mut out = std::io::stdout().lock();
    for r in &pass.processed {
        let path = &r.id;
        match &r.result {
            Ok(outcome) => {
                failed += usize::from(matches!(outcome, Outcome::Refused { .. }));
                writeln!(out, "{path}: {outcome}")?;
            }
            Err(reason) => {
                failed += 1;
                writeln!(out, "{path}: failed: {reason}")?;
            }
        }
    }
    let why = match &pass.aborted {
        Some(e) => format!("not processed: {e}"),
        None => "not processed: stopped before it was reached".to_string(),
    };
    for id in &pass.not_reached {
        failed += 1;
        writeln!(out, "{id}: {why}")?;
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
