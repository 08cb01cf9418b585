//! `dondoc users`: the accounts of the web pages and the API. A password is read from stdin
//! (`--password-stdin`), never from the command line, where other users of the machine could
//! read it in the process list.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::accounts::{self, AccountError, Passwords};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::domain::{Role, Username, ROLE_KINDS};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add an account: `users add NAME --role office|unit|leader|admin [--unit KEY]
    /// --password-stdin`.
    Add(AddArgs),
    /// List the accounts.
    List {
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Disable an account; its sessions end at once.
    Disable {
        #[arg(value_name = "NAME")]
        name: String,
        #[command(flatten)]
        by: By,
    },
    /// Set an account's password (read from stdin); its sessions end, and a disabled account is
    /// enabled again.
    Passwd {
        #[arg(value_name = "NAME")]
        name: String,
        /// Read the password from the first line of stdin.
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        by: By,
    },
}

#[derive(Debug, Args)]
pub struct By {
    /// Who does it, for the audit log.
    #[arg(long, value_name = "NAME", env = "USER", default_value = "admin")]
    by: String,
}

impl By {
    fn actor(&self) -> String {
        crate::domain::Actor::User(self.by.clone()).render()
    }
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The login name: lowercase ASCII letters, digits, '.', '_', '-'.
    #[arg(value_name = "NAME")]
    name: String,
    /// office (the Office's specialists), unit (a unit's tracking officer), leader (sees all,
    /// changes nothing), admin (accounts, outbox, dead letters).
    #[arg(long, value_parser = ROLE_KINDS)]
    role: String,
    /// A unit account's unit: its key, OrganId, name or abbreviation in the directory.
    #[arg(long, value_name = "UNIT")]
    unit: Option<String>,
    /// Read the password from the first line of stdin.
    #[arg(long, required = true)]
    password_stdin: bool,
    #[command(flatten)]
    by: By,
}

pub async fn run(
    config: Config,
    clock: SharedClock,
    cmd: UsersCommand,
) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(&config).await?;
    let result = match cmd {
        UsersCommand::Add(args) => {
            // A unit account names a unit of the directory, which may not be in the store yet
            // when the first accounts are made before the daemon's first start.
            match crate::app::load_directory(&store, &config, clock.now()).await {
                Ok(()) => add(&store, &clock, args).await,
                Err(e) => Err(e),
            }
        }
        UsersCommand::List { json } => list(&store, json).await,
        UsersCommand::Disable { name, by } => match username(&name) {
            Ok(name) => refused(accounts::disable(&store, &name, &by.actor(), clock.now()).await)
                .map(|code| code.unwrap_or_else(|| done(&format!("{name}: disabled")))),
            Err(e) => refused::<()>(Err(e)).map(Option::unwrap_or_default),
        },
        UsersCommand::Passwd { name, by, .. } => {
            let name = match username(&name) {
                Ok(name) => name,
                Err(e) => {
                    store.close().await;
                    return refused::<()>(Err(e)).map(Option::unwrap_or_default);
                }
            };
            let password = read_password()?;
            let passwords = Passwords::default();
            let set = accounts::set_password(
                &store,
                &passwords,
                &name,
                &password,
                &by.actor(),
                clock.now(),
            )
            .await;
            refused(set).map(|code| code.unwrap_or_else(|| done(&format!("{name}: password set"))))
        }
    };
    store.close().await;
    result
}

/// The account name given, or why not: a refusal like the others (exit status 2).
fn username(name: &str) -> Result<Username, AccountError> {
    Username::parse(name.trim()).map_err(|e| AccountError::Invalid(e.to_string()))
}

/// The password on the first line of stdin, without its line end (`Passwords` normalises it).
fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    Ok(password.to_string())
}

fn done(line: &str) -> ExitCode {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
    ExitCode::SUCCESS
}

/// A refusal printed on stderr with exit status 2; a store that fails is an error.
fn refused<T>(r: Result<T, AccountError>) -> anyhow::Result<Option<ExitCode>> {
    match r {
        Ok(_) => Ok(None),
        Err(AccountError::Store(e)) => Err(e.into()),
        Err(e) => {
            eprintln!("error: {e}");
            Ok(Some(ExitCode::from(super::EXIT_CONFIG)))
        }
    }
}

async fn add(store: &Store, clock: &SharedClock, args: AddArgs) -> anyhow::Result<ExitCode> {
    let name = match username(&args.name) {
        Ok(name) => name,
        Err(e) => return refused::<()>(Err(e)).map(Option::unwrap_or_default),
    };
    let unit = match &args.unit {
        Some(query) => match crate::jobs::units::unit_key_named(store, query).await? {
            Ok(key) => Some(key),
            Err(why) => {
                eprintln!("error: --unit: {why}");
                return Ok(ExitCode::from(super::EXIT_CONFIG));
            }
        },
        None => None,
    };
    let role = match Role::from_parts(&args.role, unit) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(super::EXIT_CONFIG));
        }
    };
    let password = read_password()?;
    let passwords = Passwords::default();
    let added = accounts::add(
        store,
        &passwords,
        &name,
        &role,
        &password,
        &args.by.actor(),
        clock.now(),
    )
    .await;
    if let Some(code) = refused(added)? {
        return Ok(code);
    }
    let unit = role
        .unit()
        .map(|u| format!(" of {}", u.as_str()))
        .unwrap_or_default();
    Ok(done(&format!("{name}: added, {}{unit}", role.kind())))
}

async fn list(store: &Store, json: bool) -> anyhow::Result<ExitCode> {
    let accounts = store.accounts().await?;
    let mut out = std::io::stdout().lock();
    if json {
        for a in &accounts {
            let mut object = crate::accounts::to_json(a);
            object["disabled"] = a.disabled.into();
            writeln!(out, "{object}")?;
        }
    } else if accounts.is_empty() {
        writeln!(
            out,
            "Chưa có tài khoản nào (no accounts; add the first admin with: dondoc users add NAME --role admin --password-stdin)."
        )?;
    } else {
        writeln!(
            out,
            "{:<24}  {:<8}  {:<24}  Trạng thái",
            "Tên", "Vai trò", "Đơn vị"
        )?;
        for a in &accounts {
            writeln!(
                out,
                "{:<24}  {:<8}  {:<24}  {}",
                a.username.as_str(),
                a.role.kind(),
                a.role.unit().map(|u| u.as_str()).unwrap_or("—"),
                if a.disabled {
                    "đã khoá (disabled)"
                } else {
                    "hoạt động"
                }
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
