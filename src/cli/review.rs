//! `dondoc review`: the Office's check of the tasks dondoc drafted. `list --json` is a contract:
//! one object per line per draft, fields only ever added. Every action is recorded in the task's
//! audit trail under `--by` (default: the login name, else "office") at `--as-of` (default: now).

use std::io::Write;
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use clap::{Args, Subcommand};

use super::tasks::{clip, flags};
use crate::clock::{parse_instant, SharedClock};
use crate::config::Config;
use crate::domain::{Actor, ReviewState};
use crate::review::{self, DeadlineEdit, Edit, ReviewError};
use crate::store::{Store, TaskFilter, TaskRow};

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// List the drafts waiting for review, oldest document first.
    List(ListArgs),
    /// Confirm drafts: each becomes a tracked task, and the Office's entry clock stops.
    Confirm(ConfirmArgs),
    /// Correct a draft. It stays a draft unless --confirm is given.
    Edit(EditArgs),
    /// Reject drafts that are not tasks (a misreading, a duplicate): kept, never tracked.
    Reject(RejectArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
    /// The instant the entry clock is judged at: YYYY-MM-DD (end of that day in Vietnam) or
    /// RFC 3339.
    #[arg(long, value_name = "T", value_parser = parse_instant)]
    as_of: Option<DateTime<Utc>>,
}

/// Who acts, and when.
#[derive(Debug, Args)]
pub struct Who {
    /// The name recorded in the audit trail.
    #[arg(long, value_name = "NAME", env = "USER", default_value = "office")]
    by: String,
    /// The instant recorded: YYYY-MM-DD (end of that day in Vietnam) or RFC 3339; default now.
    #[arg(long, value_name = "T", value_parser = parse_instant)]
    as_of: Option<DateTime<Utc>>,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// The drafts to confirm.
    #[arg(
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    ids: Vec<i64>,
    /// Confirm every draft that needs no one's attention: drafts flagged for the Office (no task
    /// read from the text, manual entry, a unit not in the directory, …) are left for one by one.
    #[arg(long)]
    all: bool,
    /// With `--all`, confirm the flagged drafts too.
    #[arg(long, requires = "all")]
    include_flagged: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The draft to correct.
    #[arg(value_name = "ID")]
    id: i64,
    /// The lead unit: its key, OrganId, name or abbreviation.
    #[arg(long, value_name = "UNIT")]
    lead: Option<String>,
    /// A coordinating unit (repeat for several); replaces the drafted ones.
    #[arg(long, value_name = "UNIT", conflicts_with = "no_support")]
    support: Vec<String>,
    /// Remove every coordinating unit.
    #[arg(long)]
    no_support: bool,
    /// The deadline day; the drafted hour, if any, is kept.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    due: Option<NaiveDate>,
    /// The deadline hour.
    #[arg(long, value_name = "HH:MM", value_parser = parse_time)]
    due_time: Option<NaiveTime>,
    /// A task without a deadline (done continuously or by phase, Điều 4.2).
    #[arg(long, conflicts_with_all = ["due", "due_time"])]
    no_due: bool,
    /// What is to be done, one line.
    #[arg(long, value_name = "TEXT")]
    content: Option<String>,
    /// Confirm the draft once corrected.
    #[arg(long)]
    confirm: bool,
    #[command(flatten)]
    who: Who,
}

#[derive(Debug, Args)]
pub struct RejectArgs {
    /// The drafts to reject.
    #[arg(value_name = "ID", required = true)]
    ids: Vec<i64>,
    /// Why they are not tasks, for the audit trail.
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
    #[command(flatten)]
    who: Who,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date YYYY-MM-DD"))
}

fn parse_time(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| format!("{s:?} is not an hour HH:MM"))
}

impl Who {
    fn actor(&self) -> Actor {
        let name = self.by.trim();
        Actor::User(if name.is_empty() { "office" } else { name }.to_string())
    }

    fn at(&self, clock: &SharedClock) -> DateTime<Utc> {
        self.as_of.unwrap_or_else(|| clock.now())
    }
}

pub async fn run(
    config: Config,
    clock: SharedClock,
    cmd: ReviewCommand,
) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(&config).await?;
    let result = match cmd {
        ReviewCommand::List(args) => list(&store, &config, &clock, &args).await,
        ReviewCommand::Confirm(args) => confirm(&store, &clock, &args).await,
        ReviewCommand::Edit(args) => edit(&store, &clock, args).await,
        ReviewCommand::Reject(args) => reject(&store, &clock, &args).await,
    };
    store.close().await;
    result
}

async fn drafts(store: &Store) -> anyhow::Result<Vec<TaskRow>> {
    Ok(store
        .list_tasks(&TaskFilter {
            review: Some(ReviewState::Draft),
            ..TaskFilter::default()
        })
        .await?)
}

async fn list(
    store: &Store,
    config: &Config,
    clock: &SharedClock,
    args: &ListArgs,
) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(|| clock.now());
    let tasks = drafts(store).await?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for t in &tasks {
            writeln!(out, "{}", crate::jobs::tasks::draft_json(t, config, as_of))?;
        }
    } else if tasks.is_empty() {
        writeln!(
            out,
            "Không có nhiệm vụ nào chờ duyệt (no drafts to review)."
        )?;
    } else {
        writeln!(
            out,
            "{:>5}  {:<16}  {:<30}  {:<16}  {:<16}  Nội dung",
            "ID", "Văn bản", "Đơn vị chủ trì", "Hạn", "Hạn nhập"
        )?;
        for t in &tasks {
            let entry = crate::jobs::tasks::entry_clock(t, config);
            let entry = match entry {
                Ok(c) if c.overdue_at(t.confirmed_at, as_of) => {
                    format!("{} (trễ)", c.due.format("%d/%m/%Y"))
                }
                Ok(c) => c.due.format("%d/%m/%Y").to_string(),
                Err(_) => "—".into(),
            };
            let due = match (t.task.deadline.date(), t.task.deadline.time()) {
                (Some(d), Some(h)) => format!("{} {}", h.format("%H:%M"), d.format("%d/%m/%Y")),
                (Some(d), None) => d.format("%d/%m/%Y").to_string(),
                (None, _) => "—".into(),
            };
            let lead = super::tasks::unit_label(&t.lead);
            writeln!(
                out,
                "{:>5}  {:<16}  {:<30}  {:<16}  {:<16}  {}",
                t.id,
                clip(&t.document_number, 16),
                clip(&lead, 30),
                due,
                entry,
                clip(&t.task.content, 70)
            )?;
            let f = flags(t);
            if !f.is_empty() {
                writeln!(out, "{:>5}  ({})", "", f.join(", "))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Reports one action's result: a line on stdout when done, on stderr when refused.
fn report(
    out: &mut impl Write,
    id: i64,
    done: &str,
    result: Result<(), ReviewError>,
) -> anyhow::Result<bool> {
    match result {
        Ok(()) => {
            writeln!(out, "task {id}: {done}")?;
            Ok(true)
        }
        // A store that fails is not a refusal of this task: stop, naming the task, with the cause.
        Err(ReviewError::Store(e)) => {
            Err(anyhow::Error::new(e).context(format!("task {id}: the review was not recorded")))
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(false)
        }
    }
}

fn status(all_done: bool) -> ExitCode {
    if all_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn confirm(
    store: &Store,
    clock: &SharedClock,
    args: &ConfirmArgs,
) -> anyhow::Result<ExitCode> {
    let ids: Vec<i64> = if args.all {
        let drafts = drafts(store).await?;
        let (flagged, clear): (Vec<_>, Vec<_>) = drafts
            .iter()
            .partition(|t| !super::tasks::flags(t).is_empty());
        if !flagged.is_empty() && !args.include_flagged {
            eprintln!(
                "{} flagged draft(s) left for review one by one (ids {}); --include-flagged confirms them too",
                flagged.len(),
                flagged.iter().map(|t| t.id.to_string()).collect::<Vec<_>>().join(", ")
            );
        }
        clear
            .iter()
            .chain(if args.include_flagged {
                flagged.iter()
            } else {
                [].iter()
            })
            .map(|t| t.id)
            .collect()
    } else {
        args.ids.clone()
    };
    let (actor, now) = (args.who.actor(), args.who.at(clock));
    let mut out = std::io::stdout().lock();
    let mut all_done = true;
    for id in ids {
        let result = review::confirm(store, id, &actor, now).await;
        all_done &= report(&mut out, id, "confirmed", result)?;
    }
    out.flush()?;
    Ok(status(all_done))
}

async fn edit(store: &Store, clock: &SharedClock, args: EditArgs) -> anyhow::Result<ExitCode> {
    let deadline = if args.no_due {
        Some(DeadlineEdit::Remove)
    } else if args.due.is_some() || args.due_time.is_some() {
        Some(DeadlineEdit::Set {
            due: args.due,
            due_time: args.due_time,
        })
    } else {
        None
    };
    let support = if args.no_support {
        Some(Vec::new())
    } else if args.support.is_empty() {
        None
    } else {
        Some(args.support)
    };
    let change = Edit {
        lead: args.lead,
        support,
        deadline,
        content: args.content,
    };
    let (actor, now) = (args.who.actor(), args.who.at(clock));
    let result = review::edit(store, args.id, &change, args.confirm, &actor, now).await;
    let done = if args.confirm {
        "corrected and confirmed"
    } else {
        "corrected; still a draft"
    };
    let mut out = std::io::stdout().lock();
    let ok = report(&mut out, args.id, done, result)?;
    out.flush()?;
    Ok(status(ok))
}

async fn reject(store: &Store, clock: &SharedClock, args: &RejectArgs) -> anyhow::Result<ExitCode> {
    let (actor, now) = (args.who.actor(), args.who.at(clock));
    let reason = args
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let mut out = std::io::stdout().lock();
    let mut all_done = true;
    for &id in &args.ids {
        let result = review::reject(store, id, reason, &actor, now).await;
        all_done &= report(&mut out, id, "rejected", result)?;
    }
    out.flush()?;
    Ok(status(all_done))
}
