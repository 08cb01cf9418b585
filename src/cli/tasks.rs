//! `dondoc tasks list`: the tasks in the store. The `--json` form is a contract: one object per
//! line per task, fields only ever added. `timeliness` is its current state's, judged at
//! `--as-of` as `overdue` is and as the reports count it (`on_time`, `overdue`, `done_on_time`,
//! `done_late`; null without a deadline, for a cancelled task and for a draft rejected in
//! review); a report for a past instant (`dondoc report`) replays the state of that instant.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use serde_json::json;

use crate::calendar::Calendar;
use crate::clock::{parse_instant, SharedClock};
use crate::config::Config;
use crate::deadlines::{replay, task_is_overdue, Step};
pub(super) use crate::domain::text::clip;
use crate::domain::{ReviewState, TaskFlag, TaskState};
use crate::store::{TaskFilter, TaskRow, UnitRef};
use dondoc_core::report::standing;

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
    if args.overdue {
        filter.due_on_or_before = Some(crate::clock::local_date(as_of));
    }
    let listed = store.list_tasks(&filter).await;
    let calendar = &config.calendar;
    let mut tasks = match listed {
        Ok(tasks) => tasks,
        Err(e) => {
            store.close().await;
            return Err(e.into());
        }
    };
    if args.overdue {
        tasks.retain(|t| task_is_overdue(&t.task, as_of, calendar));
    }
    // A finished task is late or not by when its result came, which only its trail says.
    let finished: Vec<i64> = tasks
        .iter()
        .filter(|t| matches!(t.task.state, TaskState::Reported | TaskState::Done))
        .map(|t| t.id)
        .collect();
    let trails = if args.json {
        store.task_events_of(&finished).await
    } else {
        Ok(Default::default())
    };
    store.close().await;
    let trails = trails?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for t in &tasks {
            let finished_at = trails.get(&t.id).and_then(|events| {
                let steps: Vec<Step> = events.iter().map(Step::from_event).collect();
                replay(&steps, t.task.review, as_of).finished_at
            });
            writeln!(out, "{}", to_json(t, finished_at, as_of, calendar))?;
        }
    } else {
        write_table(&mut out, &tasks, as_of, calendar)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A unit as the readable listings show it: its name, "[?]" when the directory does not know it.
pub fn unit_label(u: &UnitRef) -> String {
    if u.verified {
        u.name.clone()
    } else {
        format!("{} [?]", u.name)
    }
}

pub fn unit_json(u: &UnitRef) -> serde_json::Value {
    json!({ "id": u.key, "name": u.name, "verified": u.verified })
}

/// A task's flags as the contracts spell them, `unverified_unit` first when one of its units is
/// not in the directory. That one is derived, not stored: it clears itself once the directory
/// learns the unit.
pub fn flags(t: &TaskRow) -> Vec<&'static str> {
    let mut flags: Vec<&str> = t
        .task
        .flags
        .iter()
        .filter(|f| **f != TaskFlag::UnverifiedUnit)
        .map(|f| f.as_str())
        .collect();
    if !t.lead.verified || t.support.iter().any(|u| !u.verified) {
        flags.insert(0, TaskFlag::UnverifiedUnit.as_str());
    }
    flags
}

/// The contract's object for one task; `finished_at` is when the result of a finished task came
/// (from its trail), which says whether it was done late.
pub fn to_json(
    t: &TaskRow,
    finished_at: Option<chrono::DateTime<chrono::Utc>>,
    as_of: chrono::DateTime<chrono::Utc>,
    calendar: &Calendar,
) -> serde_json::Value {
    let timeliness = standing(t.task.state, t.task.deadline, finished_at, as_of, calendar)
        .filter(|_| t.task.review.is_tracked())
        .and_then(|s| s.timeliness());
    json!({
        "id": t.id,
        "document": {
            "number": t.document_number,
            "issued": t.document_issued.format("%Y-%m-%d").to_string(),
            "key": t.task.document.as_str(),
            "subject": t.document_subject,
            "urgency": t.urgency.as_str(),
        },
        "lead": unit_json(&t.lead),
        "support": t.support.iter().map(unit_json).collect::<Vec<_>>(),
        "content": t.task.content,
        "due": t.task.deadline.date().map(|d| d.format("%Y-%m-%d").to_string()),
        "due_time": t.task.deadline.time().map(|d| d.format("%H:%M").to_string()),
        "recurring": t.task.recurrence.as_ref().map(|r| r.0.clone()),
        "state": t.task.state.as_str(),
        "overdue": task_is_overdue(&t.task, as_of, calendar),
        "timeliness": timeliness,
        "provenance": t.task.provenance.as_str(),
        "review": t.task.review.as_str(),
        "flags": flags(t),
        "tracking_specialist": t.task.tracking_specialist.as_ref().map(|e| e.to_string()),
        "quote": t.task.quote,
        "confidence": t.task.confidence.map(|c| c.value()),
        "confirmed_at": t.confirmed_at.map(|at| at.to_rfc3339()),
    })
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
