//! `dondoc tasks update ID --state STATE`: records a result the Office learnt outside the
//! document axis, in the task's audit trail under `--by` at `--at`.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Args;

use crate::clock::{parse_instant, SharedClock};
use crate::config::Config;
use crate::domain::{Actor, TaskState};
use crate::progress::{self, ProgressError};

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The task.
    #[arg(value_name = "ID")]
    id: i64,
    /// Its new state: not_started, in_progress, reported, done, returned, cancelled.
    #[arg(long, value_name = "STATE", value_parser = super::tasks::parse_state)]
    state: TaskState,
    /// When the result was learnt: YYYY-MM-DD (end of that day in Vietnam) or RFC 3339; default
    /// now.
    #[arg(long, value_name = "T", value_parser = parse_instant)]
    at: Option<DateTime<Utc>>,
    /// How the result was learnt, or why, for the audit trail.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// The name recorded in the audit trail.
    #[arg(long, value_name = "NAME", env = "USER", default_value = "office")]
    by: String,
}

pub async fn run(config: Config, clock: SharedClock, args: UpdateArgs) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(&config).await?;
    let name = args.by.trim();
    let actor = Actor::User(if name.is_empty() { "office" } else { name }.to_string());
    let at = args.at.unwrap_or_else(|| clock.now());
    let result = progress::record(
        &store,
        args.id,
        args.state,
        args.note.as_deref(),
        &actor,
        at,
    )
    .await;
    store.close().await;
    match result {
        Ok(change) => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "task {}: {} → {}",
                change.id,
                change.from.as_str(),
                change.to.as_str()
            )?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(ProgressError::Store(e)) => Err(anyhow::Error::new(e)
            .context(format!("task {}: the new state was not recorded", args.id))),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
