//! `dondoc tasks update ID --state STATE [--note TEXT]`: records a result the Office learnt
//! outside the document axis — or, with `--note` alone, why a task stands as it does — in the
//! task's audit trail under `--by` at `--at`.

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
    /// Its new state: not_started, in_progress, reported, done, returned, cancelled. Without
    /// it, --note alone records why the task stands as it does (a late unit's reason).
    #[arg(long, value_name = "STATE", value_parser = super::tasks::parse_state, required_unless_present = "note")]
    state: Option<TaskState>,
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
    let result = match (args.state, args.note.as_deref()) {
        (Some(state), note) => progress::record(&store, args.id, state, note, &actor, at)
            .await
            .map(|c| format!("task {}: {} → {}", c.id, c.from.as_str(), c.to.as_str())),
        (None, Some(note)) => progress::note(&store, args.id, note, &actor, at)
            .await
            .map(|()| format!("task {}: note recorded", args.id)),
        (None, None) => unreachable!("clap requires --state or --note"),
    };
    store.close().await;
    match result {
        Ok(said) => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{said}")?;
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
