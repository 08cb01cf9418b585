//! The command line: one module per subcommand. Output goes to stdout, logs to stderr.

mod calendar;
mod config_check;
mod deadletters;
mod demo;
mod extract;
mod extract_source;
mod ingest;
mod outbox;
mod programme;
mod remind;
mod report;
mod review;
mod sources;
mod tasks;
mod tasks_update;
mod users;
mod web;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::clock::{SharedClock, SystemClock};
use crate::config::{self, Config};
use crate::hooks::Hooks;
use crate::shutdown::Shutdown;
use crate::telemetry::{self, LogFormat};

/// dondoc — theo dõi, đôn đốc việc thực hiện nhiệm vụ do UBND tỉnh giao.
///
/// Reads the province's directives, keeps their tasks, and urges the units that are late.
#[derive(Debug, Parser)]
#[command(name = "dondoc", version, about, long_about = None)]
pub struct Cli {
    /// The configuration file (TOML). Defaults apply without one; `DONDOC__SECTION__KEY`
    /// variables override both.
    #[arg(long, global = true, env = config::CONFIG_ENV, value_name = "FILE")]
    config: Option<PathBuf>,
    /// How logs are written to stderr.
    #[arg(long, global = true, value_enum, default_value = "text")]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the daemon: poll every source, run the scheduled jobs, until SIGTERM or SIGINT.
    Run,
    /// Seed the inbox with sample documents and run the daemon on them.
    Demo,
    /// Process the given edXML files or folders once, leaving them where they are.
    Ingest {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Tasks in the store.
    #[command(subcommand)]
    Tasks(tasks::TasksCommand),
    /// The Office's review of drafted tasks: list, confirm, edit, reject.
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// The notices due (heads-ups, Phiếu báo, escalations, entry watch, update requests,
    /// digests): queue them for delivery, or only print them with --dry-run.
    Remind(remind::RemindArgs),
    /// The reports of the regulation (Appendices V, IV, I, VI) for a period, as of any instant:
    /// `report summary|unit|entry|programme --period P [--from D] [--to D] [--as-of T]`.
    Report(report::ReportArgs),
    /// The committee's work programme, which Appendix VI counts: import, add, withdraw, submit,
    /// issue, list.
    #[command(subcommand)]
    Programme(programme::ProgrammeCommand),
    /// The outbox: the notices as messages, and their delivery (list, show, retry, flush).
    #[command(subcommand)]
    Outbox(outbox::OutboxCommand),
    /// Run every configured source once (`--once`) and exit.
    Sync(sources::SyncArgs),
    /// The configured sources and what each has done (`status [--json]`).
    #[command(subcommand)]
    Sources(sources::SourcesCommand),
    /// Messages that could not be processed, kept with their reason.
    #[command(subcommand)]
    Deadletters(deadletters::DeadLettersCommand),
    /// Read the tasks a directive assigns from its text (.txt, .docx, .pdf or .edxml).
    Extract(extract::ExtractArgs),
    /// Vietnamese working days: a year's days off, DATE + N working days, lunar dates.
    Calendar(calendar::CalendarArgs),
    /// The accounts of the web pages and the API: add, list, disable, passwd.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Serve the web pages and the API alone, read-only, over the store (no polling, no jobs).
    Web(web::WebArgs),
    /// Configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Validate the configuration and print it with secrets redacted (exit status 2 if invalid).
    Check,
}

use crate::jobs::units::one_unit;

/// Exit status for an invalid configuration or usage.
pub const EXIT_CONFIG: u8 = 2;

pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init(cli.log_format);
    if let Command::Config(ConfigCommand::Check) = cli.command {
        return config_check::run(cli.config.as_deref());
    }
    let config = match config::load(cli.config.as_deref(), None) {
        Ok(c) => c,
        Err(errors) => {
            eprint!("{errors}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    // A release build reads no test hook (`hooks::COMPILED_IN`).
    let hook = crate::hooks::COMPILED_IN
        .then(|| std::env::var(crate::hooks::ENV).ok())
        .flatten();
    let hooks = match hook {
        Some(v) => match Hooks::parse(&v) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_CONFIG);
            }
        },
        None => Hooks::none(),
    };
    let clock: SharedClock = Arc::new(SystemClock);
    let result = match cli.command {
        Command::Run => run_daemon(config, clock, hooks).await,
        Command::Demo => demo::run(config, clock, hooks).await,
        Command::Ingest { paths } => ingest::run(config, clock, hooks, &paths).await,
        Command::Migrate => migrate(&config).await,
        Command::Tasks(cmd) => tasks::run(config, clock, cmd).await,
        Command::Review(cmd) => review::run(config, clock, cmd).await,
        Command::Remind(args) => remind::run(config, clock, args).await,
        Command::Report(args) => report::run(config, clock, args).await,
        Command::Programme(cmd) => programme::run(config, clock, cmd).await,
        Command::Calendar(args) => calendar::run(&config, args),
        Command::Extract(args) => extract::run(&config, args),
        Command::Outbox(cmd) => outbox::run(config, clock, cmd).await,
        Command::Sync(args) => sources::sync(config, clock, hooks, args).await,
        Command::Sources(cmd) => sources::run(config, cmd).await,
        Command::Deadletters(cmd) => deadletters::run(config, clock, cmd).await,
        Command::Users(cmd) => users::run(config, clock, cmd).await,
        Command::Web(args) => web::run(config, clock, args).await,
        Command::Config(_) => unreachable!("handled above"),
    };
    match result {
        Ok(code) => code,
        // The reader of our output went away (`| head`): not a failure of ours.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "dondoc failed");
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

async fn run_daemon(config: Config, clock: SharedClock, hooks: Hooks) -> anyhow::Result<ExitCode> {
    let shutdown = Shutdown::new();
    crate::shutdown::on_signals(shutdown.clone())?;
    let app = crate::app::App::build(config, clock, hooks).await?;
    app.run(shutdown).await?;
    Ok(ExitCode::SUCCESS)
}

async fn migrate(config: &Config) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(config).await?;
    store.close().await;
    writeln!(std::io::stdout().lock(), "migrations applied")?;
    Ok(ExitCode::SUCCESS)
}
