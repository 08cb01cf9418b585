//! `dondoc programme import|add|withdraw|submit|issue|list`: the register of the committee's work
//! programme that Appendix VI (`dondoc report programme`) counts.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::clock::{local_date, SharedClock};
use crate::config::Config;
use crate::domain::text::{clip, nfc};
use crate::programme::{read_rows, Problem};
use crate::store::{NewScheme, SchemeMark, Store};

#[derive(Debug, Subcommand)]
pub enum ProgrammeCommand {
    /// Register the programme adopted at the start of the year from a spreadsheet or CSV: columns
    /// unit (đơn vị), title (tên đề án), month (tháng: YYYY-MM, MM/YYYY, a date, or 1–12 with
    /// --year), and code (số), optional. Nothing is kept unless every row reads.
    Import(ImportArgs),
    /// A scheme given during the year.
    Add(AddArgs),
    /// A scheme withdrawn or moved out of the programme (not once submitted).
    Withdraw(MarkArgs),
    /// A scheme submitted to the committee.
    Submit(MarkArgs),
    /// A submitted scheme the committee issued.
    Issue(MarkArgs),
    /// The register: every scheme of a year, by month and unit.
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The year of months given as numbers.
    #[arg(long)]
    year: Option<i32>,
    /// The day the programme was registered (default today).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    on: Option<NaiveDate>,
    #[arg(long, value_name = "NAME", env = "USER", default_value = "office")]
    by: String,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The unit that submits it (its key, OrganId, name or abbreviation).
    #[arg(long, value_name = "NAME_OR_ID")]
    unit: String,
    #[arg(long)]
    title: String,
    /// The month it is due in: YYYY-MM.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    month: NaiveDate,
    /// Its number in the programme.
    #[arg(long)]
    code: Option<String>,
    /// The day it was given (default today).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    on: Option<NaiveDate>,
    #[arg(long, value_name = "NAME", env = "USER", default_value = "office")]
    by: String,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// The scheme (its id in `programme list`).
    #[arg(value_name = "ID")]
    id: i64,
    /// The day (default today).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    on: Option<NaiveDate>,
    /// Why it was withdrawn or moved.
    #[arg(long, value_name = "TEXT")]
    reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The year (default this year).
    #[arg(long)]
    year: Option<i32>,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date YYYY-MM-DD"))
}

fn parse_month(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a month YYYY-MM"))
}

pub async fn run(
    config: Config,
    clock: SharedClock,
    cmd: ProgrammeCommand,
) -> anyhow::Result<ExitCode> {
    let today = local_date(clock.now());
    let store = crate::app::open_store(&config).await?;
    let result = match cmd {
        ProgrammeCommand::Import(a) => import(&store, &a, today, clock.now()).await,
        ProgrammeCommand::Add(a) => add(&store, &a, today, clock.now()).await,
        ProgrammeCommand::Withdraw(a) => mark(&store, &a, SchemeMark::Withdrawn, today).await,
        ProgrammeCommand::Submit(a) => mark(&store, &a, SchemeMark::Submitted, today).await,
        ProgrammeCommand::Issue(a) => mark(&store, &a, SchemeMark::Issued, today).await,
        ProgrammeCommand::List(a) => list(&store, &a, today).await,
    };
    store.close().await;
    result
}

/// The one unit `query` names, or why not.
async fn unit_key(store: &Store, query: &str) -> anyhow::Result<Result<String, String>> {
    let units = store.find_units(query).await?;
    Ok(super::one_unit(query, &units, |_| false))
}

async fn import(
    store: &Store,
    a: &ImportArgs,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<ExitCode> {
    let refuse = |problems: &[Problem]| -> anyhow::Result<ExitCode> {
        let mut err = std::io::stderr().lock();
        for p in problems {
            writeln!(err, "{p}")?;
        }
        writeln!(
            err,
            "nothing was imported: correct the file and import it again"
        )?;
        Ok(ExitCode::FAILURE)
    };
    let rows = match read_rows(&a.file, a.year) {
        Ok(rows) => rows,
        Err(problems) => return refuse(&problems),
    };
    let (mut schemes, mut problems) = (Vec::new(), Vec::new());
    for row in rows {
        match unit_key(store, &row.unit).await? {
            Ok(unit) => schemes.push(NewScheme {
                unit,
                title: row.title,
                code: row.code,
                due_month: row.month,
                registered: true,
                added_on: a.on.unwrap_or(today),
            }),
            Err(reason) => problems.push(Problem {
                file: a.file.display().to_string(),
                row: Some(row.line),
                column: Some("unit"),
                reason,
            }),
        }
    }
    if !problems.is_empty() {
        return refuse(&problems);
    }
    let added = store.add_schemes(&schemes, &a.by, now).await?;
    writeln!(
        std::io::stdout().lock(),
        "{added} scheme(s) registered, {} already in the register",
        schemes.len() - added
    )?;
    Ok(ExitCode::SUCCESS)
}

async fn add(
    store: &Store,
    a: &AddArgs,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<ExitCode> {
    let unit = match unit_key(store, &a.unit).await? {
        Ok(u) => u,
        Err(said) => {
            eprintln!("--unit: {said}");
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
    };
    let title = nfc(a.title.trim());
    if title.is_empty() {
        eprintln!("--title: is empty");
        return Ok(ExitCode::from(super::EXIT_CONFIG));
    }
    let scheme = NewScheme {
        unit,
        title,
        code: a
            .code
            .as_deref()
            .map(|c| nfc(c.trim()))
            .filter(|c| !c.is_empty()),
        due_month: a.month,
        registered: false,
        added_on: a.on.unwrap_or(today),
    };
    let added = store.add_schemes(&[scheme], &a.by, now).await?;
    let mut out = std::io::stdout().lock();
    if added == 1 {
        writeln!(out, "scheme added")?;
    } else {
        writeln!(out, "the register holds that scheme already")?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn mark(
    store: &Store,
    a: &MarkArgs,
    how: SchemeMark,
    today: NaiveDate,
) -> anyhow::Result<ExitCode> {
    let on = a.on.unwrap_or(today);
    let reason = a.reason.as_deref().map(|r| nfc(r.trim()));
    if store.mark_scheme(a.id, how, on, reason.as_deref()).await? {
        writeln!(std::io::stdout().lock(), "scheme {}: marked on {on}", a.id)?;
        return Ok(ExitCode::SUCCESS);
    }
    let why = match store.scheme(a.id).await? {
        None => "there is no such scheme".to_string(),
        Some((s, _)) => match (how, s.withdrawn_on, s.submitted_on, s.issued_on) {
            (_, Some(w), _, _) => format!("it was withdrawn on {w}"),
            (SchemeMark::Withdrawn, _, Some(d), _) => format!("it was submitted on {d}"),
            (SchemeMark::Submitted, _, Some(d), _) => format!("it was submitted on {d} already"),
            (SchemeMark::Issued, _, None, _) => "it has not been submitted".to_string(),
            (SchemeMark::Issued, _, _, Some(d)) => format!("it was issued on {d} already"),
            (SchemeMark::Issued, _, Some(d), None) => {
                format!("it was submitted on {d}, after {on}")
            }
            _ => "its state does not allow it".to_string(),
        },
    };
    eprintln!("scheme {}: {why}", a.id);
    Ok(ExitCode::FAILURE)
}

async fn list(store: &Store, a: &ListArgs, today: NaiveDate) -> anyhow::Result<ExitCode> {
    let year = a.year.unwrap_or(today.year());
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        eprintln!("--year {year}: not a year");
        return Ok(ExitCode::from(super::EXIT_CONFIG));
    };
    let schemes = store.schemes(from, to).await?;
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let mut out = std::io::stdout().lock();
    for (s, code) in &schemes {
        if a.json {
            writeln!(
                out,
                "{}",
                json!({
                    "id": s.id,
                    "unit_key": s.unit,
                    "title": s.title,
                    "code": code,
                    "month": s.due_month.format("%Y-%m").to_string(),
                    "registered": s.registered,
                    "added_on": day(Some(s.added_on)),
                    "withdrawn_on": day(s.withdrawn_on),
                    "submitted_on": day(s.submitted_on),
                    "issued_on": day(s.issued_on),
                })
            )?;
        } else {
            let state = match (s.withdrawn_on, s.submitted_on, s.issued_on) {
                (Some(d), _, _) => format!("rút/chuyển {}", d.format("%d/%m/%Y")),
                (_, _, Some(d)) => format!("đã ban hành {}", d.format("%d/%m/%Y")),
                (_, Some(d), _) => format!("đã trình {}", d.format("%d/%m/%Y")),
                _ => "chưa trình".to_string(),
            };
            writeln!(
                out,
                "{:>5}  {}  {:<24}  {:<22}  {}",
                s.id,
                s.due_month.format("%m/%Y"),
                clip(&s.unit, 24),
                state,
                clip(&s.title, 70)
            )?;
        }
    }
    if schemes.is_empty() && !a.json {
        writeln!(out, "Chưa có đề án nào trong chương trình năm {year}.")?;
    }
    Ok(ExitCode::SUCCESS)
}
