//! `dondoc remind`: the notices due at an instant, printed (`--dry-run`) or queued for delivery.
//! `--json` is a contract: one object per line per notice, `{"kind", "unit", "document",
//! "sequence", "tasks", "to", "subject", …}`, fields only ever added.

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::Args;

use super::tasks::clip;
use crate::clock::{parse_instant, SharedClock};
use crate::config::Config;
use crate::jobs::{self, Decided};

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// The instant the notices are decided at: YYYY-MM-DD (end of that day in Vietnam) or
    /// RFC 3339; default now.
    #[arg(long, value_name = "T", value_parser = parse_instant)]
    as_of: Option<DateTime<Utc>>,
    /// Print the notices due without queueing them (each says whether the queue holds it).
    #[arg(long)]
    dry_run: bool,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

pub async fn run(config: Config, clock: SharedClock, args: RemindArgs) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(&config).await?;
    let as_of = args.as_of.unwrap_or_else(|| clock.now());
    let result = jobs::remind(&store, &config, as_of, args.dry_run).await;
    store.close().await;
    let decided = result?;
    // A real run prints what it queued now; what an earlier run queued is only counted.
    let shown: Vec<&Decided> = decided
        .iter()
        .filter(|d| args.dry_run || d.queued.is_some())
        .collect();
    let mut out = std::io::stdout().lock();
    if args.json {
        for d in &shown {
            let mut value = d.notice.to_json();
            value["queued_id"] = serde_json::json!(d.queued);
            value["already_queued"] = serde_json::json!(d.already_queued);
            writeln!(out, "{value}")?;
        }
    } else {
        write_table(&mut out, &shown, args.dry_run)?;
    }
    out.flush()?;
    let held = decided.iter().filter(|d| d.already_queued).count();
    if args.dry_run {
        eprintln!(
            "{} notice(s) due, {held} of them queued already (dry run: nothing queued)",
            decided.len()
        );
    } else {
        eprintln!(
            "{} notice(s) queued, {held} queued already by an earlier run",
            decided.len() - held
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn write_table(out: &mut impl Write, shown: &[&Decided], dry_run: bool) -> std::io::Result<()> {
    if shown.is_empty() {
        return writeln!(
            out,
            "Không có thông báo nào đến hạn (no notices due{}).",
            if dry_run {
                ""
            } else {
                " that were not queued already"
            }
        );
    }
    writeln!(
        out,
        "{:<16}  {:<30}  {:<16}  {:<30}  Tiêu đề",
        "Loại", "Đơn vị", "Văn bản", "Gửi đến"
    )?;
    for d in shown {
        let n = &d.notice;
        let mut to: Vec<&str> = n.to.iter().map(|e| e.as_str()).collect();
        if to.is_empty() {
            to.push("(không có địa chỉ)");
        }
        let mut subject = n.subject.clone();
        if !n.flags.is_empty() {
            subject.push_str(&format!(" [{}]", n.flag_strs().join(", ")));
        }
        if d.already_queued {
            subject.push_str(" (đã xếp hàng)");
        }
        writeln!(
            out,
            "{:<16}  {:<30}  {:<16}  {:<30}  {}",
            n.kind.vietnamese(),
            clip(&n.unit, 30),
            clip(n.document.as_deref().unwrap_or("—"), 16),
            clip(&to.join(", "), 30),
            subject
        )?;
    }
    Ok(())
}
