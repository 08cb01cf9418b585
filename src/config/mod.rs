//! Configuration: built-in defaults, then a TOML file, then `DONDOC__SECTION__KEY` variables.
//!
//! Loading happens in two steps, as in Vector: [`raw`] deserialises what the admin wrote, section
//! by section, and [`validate`] turns it into a typed [`Config`] while collecting *every* problem,
//! each naming where the value came from, the key and the reason. A config that does not validate
//! never starts anything.
//!
//! Two keys are contracts that tools outside the code rely on: `database.url` and `data_dir`.

pub mod catalogue;
mod mail;
mod raw;
pub mod units;
mod validate;
mod vdxp;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use crate::settings::{Counting, UrgingConfig};
pub use crate::store::{redact_url, with_password, DatabaseConfig};
pub use mail::{MailConfig, MailTransport, Signature, SmtpConfig, SmtpSecurity};
pub use validate::load;
pub use vdxp::VdxpSourceConfig;

/// The environment variable naming the config file when `--config` is not given.
pub const CONFIG_ENV: &str = "DONDOC_CONFIG";

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file the settings were read from, if any.
    pub file: Option<PathBuf>,
    /// Everything dondoc writes lives under this folder.
    pub data_dir: PathBuf,
    pub database: DatabaseConfig,
    pub units: UnitsConfig,
    pub sources: Vec<SourceConfig>,
    pub jobs: JobsConfig,
    pub daemon: DaemonConfig,
    /// The web pages and API (`[web]`).
    pub web: WebConfig,
    /// Caps on what one edXML message may hold.
    pub edxml_limits: dondoc_edxml::ReadLimits,
    /// What marks a document secret besides the stamps.
    pub secrecy: crate::settings::SecrecyRules,
    /// What becomes of the tasks read from a document's text.
    pub extract: ExtractConfig,
    /// Where and within what budgets a message's untrusted bytes are read (`[sandbox]`).
    pub sandbox: crate::sandbox::Budgets,
    /// The urging policy's numbers and its recipients beyond the units (`[urging]`).
    pub urging: UrgingConfig,
    /// How notices leave: transport, sender, signature, retries (`[mail]`, `[mail.smtp]`).
    pub mail: MailConfig,
    /// How long a dead letter's payload is kept.
    pub dead_letter_retention: Duration,
    /// Working days: the shipped schedules plus the admin's additions, checked and indexed.
    pub calendar: std::sync::Arc<crate::calendar::Calendar>,
    /// The calendar settings as given, for `config check`.
    pub calendar_settings: crate::calendar::CalendarSettings,
}

#[derive(Debug, Clone)]
pub struct UnitsConfig {
    /// The unit directory (TOML), loaded into the store at start.
    pub file: Option<PathBuf>,
    /// Its units, read and checked with the rest of the configuration.
    pub directory: Vec<crate::domain::Unit>,
    /// Its `[[groups]]`: the generic groups a directive names that expand to member units.
    pub groups: crate::domain::UnitGroups,
}

/// A configured source of documents, a `[[sources]]` table.
#[derive(Debug, Clone)]
pub enum SourceConfig {
    Spool(SpoolConfig),
    /// The document axis, polled over HTTP.
    Vdxp(Box<VdxpSourceConfig>),
}

impl SourceConfig {
    pub fn name(&self) -> &str {
        match self {
            Self::Spool(s) => &s.name,
            Self::Vdxp(v) => &v.axis.name,
        }
    }

    /// How long the daemon waits between two passes.
    pub fn poll_interval(&self) -> Duration {
        match self {
            Self::Spool(s) => s.poll_interval,
            Self::Vdxp(v) => v.poll_interval,
        }
    }
}

/// A spool folder: `.edxml` files dropped in `inbox/` move to `processed/` or `failed/`.
#[derive(Debug, Clone, PartialEq)]
pub struct SpoolConfig {
    pub name: String,
    /// The inbox folder; `processed/` and `failed/` are made beside it.
    pub path: PathBuf,
    pub poll_interval: Duration,
    /// How long a file must have gone unwritten (its modification time that old) before it is
    /// taken: a file still being written in place is never read half-written.
    pub settle: Duration,
}

/// A spool file's default settle time: longer than a writer's pause between two chunks.
pub const DEFAULT_SETTLE: Duration = Duration::from_secs(2);

impl SpoolConfig {
    pub fn processed_dir(&self) -> PathBuf {
        sibling(&self.path, "processed")
    }

    pub fn failed_dir(&self) -> PathBuf {
        sibling(&self.path, "failed")
    }
}

fn sibling(path: &Path, name: &str) -> PathBuf {
    path.parent()
        .map(|p| p.join(name))
        .unwrap_or_else(|| PathBuf::from(name))
}

#[derive(Debug, Clone)]
pub struct JobsConfig {
    pub deadline_check: JobConfig,
    /// Removes dead-letter payloads past their retention.
    pub housekeeping: JobConfig,
    /// Decides and queues the urging notices, as `dondoc remind` does.
    pub remind: RemindJobConfig,
    /// Queues the monthly Appendix V for the leaders and the Office, and each unit's Appendix IV.
    pub reports: ReportsJobConfig,
}

/// `[jobs.reports]`.
#[derive(Debug, Clone)]
pub struct ReportsJobConfig {
    pub job: JobConfig,
    /// The reports are queued only on a working day within these hours.
    pub office_hours: crate::settings::OfficeHours,
    /// Whether the month's reports count the tasks of earlier documents still open when it
    /// began (`report --open-carried`); by default they do, so that a month shows all the work
    /// outstanding, not only that of its own documents.
    pub open_carried: bool,
}

/// `[jobs.remind]`.
#[derive(Debug, Clone)]
pub struct RemindJobConfig {
    pub job: JobConfig,
    /// The run decides notices only on a working day within these hours (Vietnam's time); at any
    /// other instant it does nothing.
    pub office_hours: crate::settings::OfficeHours,
}

#[derive(Debug, Clone)]
pub struct JobConfig {
    pub enabled: bool,
    /// The cron expression as written (seconds field included), evaluated in Asia/Ho_Chi_Minh.
    pub schedule_text: String,
    pub schedule: cron::Schedule,
}

/// The `[extract]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractConfig {
    /// Tasks read with at least this confidence, whose units are all in the directory and which
    /// carry no flag calling for a person, are confirmed at once instead of waiting as drafts.
    /// `None` (the default): every task waits for a specialist.
    pub auto_confirm_threshold: Option<crate::domain::Confidence>,
}

/// `[web]`: the Office's pages and the JSON API, served by `dondoc run` and `dondoc web`.
#[derive(Debug, Clone, PartialEq)]
pub struct WebConfig {
    /// Whether `dondoc run` serves them.
    pub enabled: bool,
    /// Where they listen; loopback by default, a reverse proxy with TLS in front.
    pub listen: std::net::SocketAddr,
    /// The address officials reach the pages at, through the proxy; an `https` one makes the
    /// session cookie `Secure`.
    pub public_url: Option<url::Url>,
    /// Whether a reverse proxy stands in front: the client's address is then the last hop of
    /// its `X-Forwarded-For`, which the login throttle counts by. Off, that header is ignored
    /// (anyone could write it).
    pub behind_proxy: bool,
    /// A session unused this long expires.
    pub session_idle: Duration,
    /// A session expires this long after login, however busy.
    pub session_max: Duration,
    /// Failed logins of one account within `login_window` after which it is refused until the
    /// window passes.
    pub login_attempts: u32,
    /// The same for one client address, over every account.
    pub address_attempts: u32,
    pub login_window: Duration,
    /// The pages' strings: the built-in Vietnamese ones, or the file `catalogue` names.
    pub catalogue: Option<PathBuf>,
    /// That catalogue, read and checked.
    pub strings: catalogue::Catalogue,
}

impl WebConfig {
    /// Whether the session cookie is sent only over TLS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_ref()
            .is_some_and(|u| u.scheme() == "https")
    }
}

#[derive(Debug, Clone)]
pub struct DaemonConfig {
    /// How long a stop waits for the work in flight before abandoning it (it then rolls back).
    pub shutdown_grace: Duration,
}

/// One problem in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// Where the value came from: a file path, an environment variable, or the defaults.
    pub origin: String,
    /// The dotted key (`database.url`, `sources[0].path`).
    pub key: String,
    pub reason: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.origin, self.key, self.reason)
    }
}

/// Every problem found, so the admin can fix them all in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<ConfigProblem>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "the configuration is invalid ({} problem(s)):",
            self.0.len()
        )?;
        for p in &self.0 {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl Config {
    /// The effective configuration as TOML, with every secret redacted: what `config check` prints.
    pub fn to_redacted_toml(&self) -> String {
        use secrecy::ExposeSecret;
        let mut out = String::new();
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let path = |p: &Path| q(&p.display().to_string());
        out.push_str(&format!("data_dir = {}\n", path(&self.data_dir)));
        out.push_str("\n[database]\n");
        out.push_str(&format!(
            "url = {}\n",
            q(&redact_url(self.database.url.expose_secret()))
        ));
        if self.database.password.is_some() {
            out.push_str("password = \"[redacted]\"\n");
        }
        out.push_str(&format!(
            "max_connections = {}\nbusy_timeout_ms = {}\n",
            self.database.max_connections,
            self.database.busy_timeout.as_millis()
        ));
        out.push_str("\n[units]\n");
        match &self.units.file {
            Some(f) => out.push_str(&format!(
                "file = {}\n# {} unit(s), {} group(s)\n",
                path(f),
                self.units.directory.len(),
                self.units.groups.groups().len()
            )),
            None => out.push_str("# no unit directory\n"),
        }
        out.push_str(&format!(
            "\n[daemon]\nshutdown_grace_secs = {}\n",
            self.daemon.shutdown_grace.as_secs()
        ));
        let w = &self.web;
        out.push_str(&format!(
            "\n[web]\nenabled = {}\nlisten = {}\n{}behind_proxy = {}\nsession_idle_mins = {}\nsession_max_hours = {}\nlogin_attempts = {}\naddress_attempts = {}\nlogin_window_mins = {}\n",
            w.enabled,
            q(&w.listen.to_string()),
            w.public_url
                .as_ref()
                .map(|u| format!("public_url = {}\n", q(u.as_str())))
                .unwrap_or_default(),
            w.behind_proxy,
            w.session_idle.as_secs() / 60,
            w.session_max.as_secs() / 3600,
            w.login_attempts,
            w.address_attempts,
            w.login_window.as_secs() / 60
        ));
        if let Some(c) = &w.catalogue {
            out.push_str(&format!("catalogue = {}\n", path(c)));
        }
        let cal = &self.calendar_settings;
        out.push_str("\n[calendar]\n");
        if let Some(dir) = &cal.dir {
            out.push_str(&format!("dir = {}\n", path(dir)));
        }
        out.push_str(&format!("culture_day = {}\n", cal.culture_day));
        for (table, days) in [
            ("days_off", &cal.days_off),
            ("worked_days", &cal.worked_days),
        ] {
            for d in days {
                out.push_str(&format!(
                    "[[calendar.{table}]]\ndate = \"{}\"\nname = {}\n",
                    d.date,
                    q(&d.name)
                ));
            }
        }
        let l = &self.edxml_limits;
        out.push_str(&format!(
            "\n[edxml]\nmax_message_mib = {}\nmax_attachment_mib = {}\nmax_attachments = {}\nmax_depth = {}\n",
            l.max_message_bytes >> 20,
            l.max_attachment_bytes >> 20,
            l.max_attachments,
            l.max_depth
        ));
        let list = |v: &[String]| v.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ");
        out.push_str(&format!(
            "\n[secrecy]\nfields = [{}]\ndocument_types = [{}]\n",
            list(&self.secrecy.fields),
            list(&self.secrecy.document_types)
        ));
        out.push_str("\n[extract]\n");
        match self.extract.auto_confirm_threshold {
            Some(t) => out.push_str(&format!("auto_confirm_threshold = {}\n", t.value())),
            None => out.push_str("# auto_confirm_threshold: off (every task waits for review)\n"),
        }
        let s = &self.sandbox;
        out.push_str(&format!(
            "\n[sandbox]\nworkers = {}\nmemory_mib = {}\ntime_secs = {}\nmax_pdf_pages = {}\nmax_inflated_mib = {}\nmax_text_mib = {}\nmax_tasks = {}\n",
            s.workers,
            s.memory_bytes >> 20,
            s.time.as_secs(),
            s.doc.max_pdf_pages,
            s.doc.max_inflated_bytes >> 20,
            s.doc.max_text_bytes >> 20,
            s.max_tasks
        ));
        out.push_str(&self.urging.to_toml());
        out.push_str(&self.mail.to_toml());
        out.push_str(&format!(
            "\n[deadletters]\nretention_days = {}\n",
            self.dead_letter_retention.as_secs() / 86_400
        ));
        for (name, job) in [
            ("deadline_check", &self.jobs.deadline_check),
            ("housekeeping", &self.jobs.housekeeping),
        ] {
            out.push_str(&format!(
                "\n[jobs.{name}]\nenabled = {}\nschedule = {}\n",
                job.enabled,
                q(&job.schedule_text)
            ));
        }
        let remind = &self.jobs.remind;
        out.push_str(&format!(
            "\n[jobs.remind]\nenabled = {}\nschedule = {}\noffice_hours = {}\n",
            remind.job.enabled,
            q(&remind.job.schedule_text),
            q(&remind.office_hours.to_string())
        ));
        for s in &self.sources {
            match s {
                SourceConfig::Vdxp(v) => out.push_str(&v.to_toml()),
                SourceConfig::Spool(sp) => out.push_str(&format!(
                    "\n[[sources]]\ntype = \"spool\"\nname = {}\npath = {}\npoll_interval_secs = {}\nsettle_secs = {}\n",
                    q(&sp.name),
                    path(&sp.path),
                    sp.poll_interval.as_secs(),
                    sp.settle.as_secs()
                )),
            }
        }
        out
    }
}
