//! `dondoc tasks list`: the tasks in the store. The `--json` form is a contract: one object per
//! line per task, fields only ever added. `timeliness` is its current state's, judged at
//! `--as-of` as `overdue` is and as the reports count it (`on_time`, `overdue`, `done_on_time`,
//! `done_late`; null without a deadline, for a cancelled task and for a draft rejected in
//! review); a report for a past instant (`dondoc report`) replays the state of that instant.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::calendar::Calendar;
use crate::clock::{parse_instant, SharedClock};
use crate::config::Config;
use crate::deadlines::task_is_overdue;
pub(super) use crate::domain::text::clip;
use crate::domain::{ReviewState, TaskState};
pub(super) use crate::jobs::tasks::{flags, unit_label};
use crate::store::{TaskFilter, TaskRow};

#[derive(Debug, Subcommand)]
pub enum TasksCommand {
    /// List tasks: by default every task in every state.
    List(ListArgs),
    /// Record a task's new state, learnt outside the document axis (a unit's result by phone,
    /// on paper): written to its audit trail.
    Update(super::tasks_update::UpdateArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
    /// Only tasks this unit leads or coordinates (its key, OrganId, name or abbreviation).
    #[arg(long, value_name = "NAME_OR_ID")]
    unit: Option<String>,
    /// Only tasks in this state: not_started, in_progress, reported, done, returned, cancelled.
    #[arg(long, value_name = "STATE", value_parser = parse_state)]
    state: Option<TaskState>,
    /// Only tasks overdue at --as-of.
    #[arg(long)]
    overdue: bool,
    /// The instant "overdue" is judged at: YYYY-MM-DD (end of that day in Vietnam) or RFC 3339.
    #[arg(long, value_name = "T", value_parser = parse_instant)]
    as_of: Option<chrono::DateTime<chrono::Utc>>,
}

pub(super) fn parse_state(s: &str) -> Result<TaskState, String> {
    TaskState::parse(s).ok_or_else(|| {
        let all: Vec<&str> = TaskState::ALL.iter().map(|s| s.as_str()).collect();
        format!("{s:?} is not one of {}", all.join(", "))
    })
}

pub async fn run(
    config: Config,
    clock: SharedClock,
    cmd: TasksCommand,
) -> anyhow::Result<ExitCode> {
    let args = match cmd {
        TasksCommand::List(args) => args,
        TasksCommand::Update(args) => return super::tasks_update::run(config, clock, args).await,
    };
    let store = crate::app::open_store(&config).await?;
    let as_of = args.as_of.unwrap_or_else(|| clock.now());
    let mut filter = TaskFilter {
        state: args.state,
        ..TaskFilter::default()
    };
    if let Some(query) = &args.unit {
        let units = store.find_units(query).await?;
        if units.is_empty() {
            eprintln!("no unit is named {query:?} (try its key, OrganId, name or abbreviation)");
            store.close().await;
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
        filter.units = Some(units.into_iter().map(|u| u.key).collect());
    }
    let calendar = &config.calendar;
    let listed = crate::jobs::tasks::list(&store, calendar, &filter, args.overdue, as_of).await;
    let listed = match listed {
        Ok(tasks) if args.json => crate::jobs::tasks::json_of(&store, calendar, &tasks, as_of)
            .await
            .map(|json| (tasks, json)),
        Ok(tasks) => Ok((tasks, Vec::new())),
        Err(e) => Err(e),
    };
    store.close().await;
    let (tasks, json) = listed?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for object in &json {
            writeln!(out, "{object}")?;
        }
    } else {
        write_table(&mut out, &tasks, as_of, calendar)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(
    out: &mut impl Write,
    tasks: &[TaskRow],
    as_of: chrono::DateTime<chrono::Utc>,
    calendar: &Calendar,
) -> std::io::Result<()> {
    if tasks.is_empty() {
        return writeln!(out, "Không có nhiệm vụ nào (no tasks).");
    }
    writeln!(
        out,
        "{:>5}  {:<16}  {:<34}  {:<10}  {:<24}  Nội dung",
        "ID", "Văn bản", "Đơn vị chủ trì", "Hạn", "Trạng thái"
    )?;
    for t in tasks {
        let due = t
            .task
            .deadline
            .date()
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| "—".into());
        let mut state = t.task.state.vietnamese().to_string();
        if task_is_overdue(&t.task, as_of, calendar) {
            state.push_str(" (quá hạn)");
        }
        match t.task.review {
            ReviewState::Draft => state.push_str(" [nháp]"),
            ReviewState::Rejected => state.push_str(" [đã loại]"),
            ReviewState::Confirmed => {}
        }
        let lead = unit_label(&t.lead);
        writeln!(
            out,
            "{:>5}  {:<16}  {:<34}  {:<10}  {:<24}  {}",
            t.id,
            clip(&t.document_number, 16),
            clip(&lead, 34),
            due,
            state,
            clip(&t.task.content, 70)
        )?;
    }
    if tasks.iter().any(|t| !t.lead.verified) {
        writeln!(out, "[?] đơn vị chưa có trong danh mục (unit not in the directory; the Office should check it)")?;
    }
    if tasks.iter().any(|t| t.task.review == ReviewState::Draft) {
        writeln!(
            out,
            "[nháp] chờ Văn phòng duyệt (a draft waiting for review: dondoc review list)"
        )?;
    }
    Ok(())
}
