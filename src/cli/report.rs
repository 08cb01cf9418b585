//! `dondoc report summary|unit|entry|programme`: Appendices V, IV, I and VI for a period, as they stood at an
//! instant, in text, JSON (a contract: `report::json`) or CSV, to stdout or `--output`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};

use crate::clock::{local_date, parse_instant, SharedClock};
use crate::config::Config;
use crate::jobs::report as jobs;
use crate::report::{Format, Letterhead, Report};
use dondoc_core::report::{Period, PeriodKind, Scope};

/// Which appendix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    /// Appendix V: a row per lead unit with the six counts, and a total.
    Summary,
    /// Appendix IV: one unit's counts and tasks (needs --unit).
    Unit,
    /// Appendix I: each specialist's documents entered on time, late, not yet.
    Entry,
    /// Appendix VI: each unit's schemes of the work programme due, submitted, issued.
    Programme,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(value_enum)]
    which: Which,
    /// month, quarter, half (6 months), nine-months, year, or custom (with --from and --to). The
    /// period is the one containing --from (or --to, or the --as-of day, or today).
    #[arg(long, value_name = "P", value_parser = parse_period, default_value = "month")]
    period: PeriodKind,
    /// The period's first day (YYYY-MM-DD), or a day in it.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    from: Option<NaiveDate>,
    /// The period's last day (YYYY-MM-DD), or a day in it.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    to: Option<NaiveDate>,
    /// The instant the tasks are taken at: YYYY-MM-DD (end of that day in Vietnam) or RFC 3339.
    /// Default: the end of the period, or now while it runs.
    #[arg(long, value_name = "T", value_parser = parse_instant)]
    as_of: Option<DateTime<Utc>>,
    /// The unit of `report unit` (its key, OrganId, name or abbreviation).
    #[arg(long, value_name = "NAME_OR_ID")]
    unit: Option<String>,
    /// Count also the tasks of earlier documents still open when the period began.
    #[arg(long)]
    open_carried: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_period(s: &str) -> Result<PeriodKind, String> {
    PeriodKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = PeriodKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("{s:?} is not one of {}", all.join(", "))
    })
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date YYYY-MM-DD"))
}

pub async fn run(config: Config, clock: SharedClock, args: ReportArgs) -> anyhow::Result<ExitCode> {
    let now = clock.now();
    let today = local_date(args.as_of.unwrap_or(now));
    let period = match Period::from_args(args.period, args.from, args.to, today) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("--period {}: {e}", args.period.as_str());
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
    };
    if args.which == Which::Unit && args.unit.is_none() {
        eprintln!("report unit needs --unit (a unit's key, OrganId, name or abbreviation)");
        return Ok(ExitCode::from(super::EXIT_CONFIG));
    }
    // An instant before the period would judge its carried tasks at its start, after the
    // instant; nothing of the period had happened then.
    if let Some(as_of) = args.as_of {
        if crate::clock::local_date(as_of) < period.from() {
            eprintln!(
                "--as-of {as_of} is before the period begins ({}): nothing of it had happened",
                period.from()
            );
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
    }
    let scope = Scope::new(period, args.as_of, args.open_carried, now);
    let store = crate::app::open_store(&config).await?;
    let built = build(&store, &config, &scope, args.which, args.unit.as_deref()).await;
    store.close().await;
    let report = match built? {
        Ok(report) => report,
        Err(said) => {
            eprintln!("{said}");
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
    };
    let head = Letterhead::new(&config.mail.signature, local_date(now));
    if args.format == Format::Xlsx
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        eprintln!("an XLSX is not for the terminal: give --output FILE (or redirect stdout)");
        return Ok(ExitCode::from(super::EXIT_CONFIG));
    }
    let bytes = report
        .render(args.format, &head)
        .context("writing the spreadsheet")?;
    match &args.output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("writing the report to {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The report asked for, or what is wrong with the unit asked for.
async fn build(
    store: &crate::store::Store,
    config: &Config,
    scope: &Scope,
    which: Which,
    unit: Option<&str>,
) -> anyhow::Result<Result<Report, String>> {
    let calendar = &config.calendar;
    Ok(Ok(match (which, unit) {
        (Which::Summary, _) => Report::Summary(jobs::summary(store, scope, calendar).await?),
        (Which::Unit, Some(query)) => {
            let matches = store.find_units(query).await?;
            // Which of several units of one name leads tasks in the report: asked only then.
            let leads = if matches.len() > 1 {
                store.report_leads(&jobs::range(scope)).await?
            } else {
                Default::default()
            };
            let key = match super::one_unit(query, &matches, |key| leads.contains(key)) {
                Ok(key) => key,
                Err(said) => return Ok(Err(said)),
            };
            Report::Unit(jobs::unit(store, scope, &key, calendar).await?)
        }
        (Which::Unit, None) => return Ok(Err("report unit needs --unit".into())),
        (Which::Entry, _) => Report::Entry(
            jobs::entry(store, scope, config.urging.entry_working_days, calendar).await?,
        ),
        (Which::Programme, _) => Report::Programme(jobs::programme(store, scope).await?),
    }))
}
