//! From raw settings to a typed [`Config`], collecting every problem.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use config::{ConfigError, Environment, File, FileFormat};
use secrecy::SecretString;
use serde::de::DeserializeOwned;

use super::raw::{
    RawCalendar, RawCalendarDay, RawDaemon, RawDatabase, RawDeadLetters, RawEdxml, RawExtract,
    RawJob, RawJobs, RawRemindJob, RawReportsJob, RawSandbox, RawSecrecy, RawSource, RawUnits,
    RawWeb, TOP_LEVEL_KEYS,
};
use super::{
    Config, ConfigErrors, ConfigProblem, DaemonConfig, DatabaseConfig, ExtractConfig, JobConfig,
    JobsConfig, RemindJobConfig, ReportsJobConfig, SourceConfig, SpoolConfig, UnitsConfig,
};
use crate::calendar::{CalendarSettings, DayKind, SpecialDay};
use crate::settings::OfficeHours;
use chrono::NaiveDate;

const DEFAULT_DATA_DIR: &str = "./data";
const DEFAULT_UNITS_FILE: &str = "config/units.toml";
const DEFAULT_DEADLINE_CHECK: &str = "0 0 7 * * *";
const DEFAULT_HOUSEKEEPING: &str = "0 30 2 * * *";
const DEFAULT_REMIND: &str = "0 30 7 * * *";
/// Monthly work runs on the 20th–24th (Appendix I rows 2 and 5): each of those days at 9:00 until
/// the month's reports are queued (once a month, by their dedupe key).
const DEFAULT_REPORTS: &str = "0 0 9 20-24 * *";

/// Loads the configuration from `file` (if any) and the environment.
///
/// `env` replaces the process environment when given, so tests never depend on the machine's.
pub fn load(
    file: Option<&Path>,
    env: Option<HashMap<String, String>>,
) -> Result<Config, ConfigErrors> {
    let env = env.unwrap_or_else(|| std::env::vars().collect());
    // The file is also read as plain TOML, only to tell which keys it sets: messages then name
    // the place each value came from.
    let file_table = file
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| t.parse::<toml::Table>().ok());
    let mut builder = config::Config::builder();
    if let Some(path) = file {
        builder = builder.add_source(File::from(path).format(FileFormat::Toml).required(true));
    }
    builder = builder.add_source(
        Environment::with_prefix("DONDOC")
            .prefix_separator("__")
            .separator("__")
            .source(Some(env.clone())),
    );
    let origin_of_file = file.map(|p| p.display().to_string());
    let cfg = builder.build().map_err(|e| {
        ConfigErrors(vec![ConfigProblem {
            origin: origin_of_file
                .clone()
                .unwrap_or_else(|| "configuration".into()),
            key: "(file)".into(),
            reason: e.to_string(),
        }])
    })?;
    Validator {
        cfg: &cfg,
        file_name: origin_of_file,
        file_table,
        env,
        problems: Vec::new(),
    }
    .run(file)
}

struct Validator<'a> {
    cfg: &'a config::Config,
    file_name: Option<String>,
    file_table: Option<toml::Table>,
    env: HashMap<String, String>,
    problems: Vec<ConfigProblem>,
}

impl Validator<'_> {
    fn run(mut self, file: Option<&Path>) -> Result<Config, ConfigErrors> {
        self.unknown_top_level_keys();

        let data_dir = match self.scalar::<String>("data_dir") {
            Some(s) if s.trim().is_empty() => {
                self.problem("data_dir", "must not be empty".into());
                PathBuf::from(DEFAULT_DATA_DIR)
            }
            Some(s) => PathBuf::from(s),
            None => PathBuf::from(DEFAULT_DATA_DIR),
        };

        let database = self.database(&data_dir);
        let units = self.units();
        let sources = self.sources(&data_dir);
        let jobs = self.jobs();
        let daemon = self.daemon();
        let web = self.web();
        let raw_dl: RawDeadLetters = self.section("deadletters");
        let retention_days = raw_dl.retention_days.unwrap_or(90);
        if retention_days == 0 {
            self.problem("deadletters.retention_days", "must be at least 1".into());
        }
        let dead_letter_retention = Duration::from_secs(u64::from(retention_days.max(1)) * 86_400);
        let edxml_limits = self.edxml_limits();
        let secrecy = self.secrecy();
        let extract = self.extract();
        let sandbox = self.sandbox();
        let urging = self.urging();
        let mail = self.mail(&data_dir);
        let calendar_settings = self.calendar_settings();
        let calendar = match crate::calendar::Calendar::build(&calendar_settings) {
            Ok(c) => Some(c),
            Err(errors) => {
                for e in errors {
                    self.problem("calendar", e);
                }
                None
            }
        };

        let (Some(calendar), true) = (calendar, self.problems.is_empty()) else {
            return Err(ConfigErrors(self.problems));
        };
        Ok(Config {
            file: file.map(Path::to_path_buf),
            data_dir,
            database,
            units,
            sources,
            jobs,
            daemon,
            web,
            dead_letter_retention,
            edxml_limits,
            secrecy,
            extract,
            sandbox,
            urging,
            mail,
            calendar: std::sync::Arc::new(calendar),
            calendar_settings,
        })
    }

    /// `v`, or `default` when unset; 0 is a problem (and `default` stands in).
    fn positive(&mut self, key: &str, v: Option<u64>, default: u64) -> u64 {
        match v {
            Some(0) => {
                self.problem(key, "must be at least 1".into());
                default
            }
            Some(v) => v,
            None => default,
        }
    }

    fn edxml_limits(&mut self) -> dondoc_edxml::ReadLimits {
        let raw: RawEdxml = self.section("edxml");
        let d = dondoc_edxml::ReadLimits::default();
        let mut positive = |key: &str, v: Option<u64>, default: u64| self.positive(key, v, default);
        let max_message_bytes = positive(
            "edxml.max_message_mib",
            raw.max_message_mib,
            d.max_message_bytes >> 20,
        ) << 20;
        let max_attachment_bytes = positive(
            "edxml.max_attachment_mib",
            raw.max_attachment_mib,
            d.max_attachment_bytes >> 20,
        ) << 20;
        let max_attachments = positive(
            "edxml.max_attachments",
            raw.max_attachments.map(|v| v as u64),
            d.max_attachments as u64,
        ) as usize;
        let max_depth = positive(
            "edxml.max_depth",
            raw.max_depth.map(|v| v as u64),
            d.max_depth as u64,
        ) as usize;
        dondoc_edxml::ReadLimits {
            max_message_bytes,
            max_depth,
            max_attachment_bytes,
            max_attachments,
        }
    }

    fn sandbox(&mut self) -> crate::sandbox::Budgets {
        let raw: RawSandbox = self.section("sandbox");
        let d = crate::sandbox::Budgets::default();
        let mut positive = |key: &str, v: Option<u64>, default: u64| self.positive(key, v, default);
        let memory_mib = positive("sandbox.memory_mib", raw.memory_mib, d.memory_bytes >> 20);
        let time_secs = positive("sandbox.time_secs", raw.time_secs, d.time.as_secs());
        let max_pdf_pages = positive(
            "sandbox.max_pdf_pages",
            raw.max_pdf_pages.map(|v| v as u64),
            d.doc.max_pdf_pages as u64,
        ) as usize;
        let max_inflated_mib = positive(
            "sandbox.max_inflated_mib",
            raw.max_inflated_mib,
            d.doc.max_inflated_bytes >> 20,
        );
        let max_text_mib = positive(
            "sandbox.max_text_mib",
            raw.max_text_mib,
            (d.doc.max_text_bytes >> 20) as u64,
        );
        let max_tasks = positive(
            "sandbox.max_tasks",
            raw.max_tasks.map(|v| v as u64),
            d.max_tasks as u64,
        ) as usize;
        // Below this, the worker's own code and calendar do not fit: it could read nothing.
        const MIN_MEMORY_MIB: u64 = 128;
        if memory_mib < MIN_MEMORY_MIB {
            self.problem(
                "sandbox.memory_mib",
                format!("must be at least {MIN_MEMORY_MIB} (a reader needs that much to start)"),
            );
        }
        // Far beyond any machine, and no overflow once in bytes or added to an instant.
        const MAX_MIB: u64 = 1 << 20;
        const MAX_SECS: u64 = 86_400;
        for (key, value, max) in [
            ("sandbox.memory_mib", memory_mib, MAX_MIB),
            ("sandbox.max_inflated_mib", max_inflated_mib, MAX_MIB),
            ("sandbox.max_text_mib", max_text_mib, MAX_MIB),
            ("sandbox.time_secs", time_secs, MAX_SECS),
        ] {
            if value > max {
                self.problem(key, format!("must be at most {max}"));
            }
        }
        crate::sandbox::Budgets {
            workers: raw.workers.unwrap_or(d.workers),
            memory_bytes: memory_mib.clamp(MIN_MEMORY_MIB, MAX_MIB) << 20,
            time: Duration::from_secs(time_secs.min(MAX_SECS)),
            doc: crate::doctext::Limits {
                max_inflated_bytes: max_inflated_mib.min(MAX_MIB) << 20,
                max_pdf_pages,
                max_text_bytes: (max_text_mib.min(MAX_MIB) << 20) as usize,
                ..d.doc
            },
            max_tasks,
        }
    }

    fn extract(&mut self) -> ExtractConfig {
        let raw: RawExtract = self.section("extract");
        let auto_confirm_threshold = match raw.auto_confirm_threshold {
            None => None,
            Some(v) => match crate::domain::Confidence::new(v) {
                Ok(c) => Some(c),
                Err(_) => {
                    self.problem(
                        "extract.auto_confirm_threshold",
                        format!("must be a number from 0 to 1 (got {v})"),
                    );
                    None
                }
            },
        };
        ExtractConfig {
            auto_confirm_threshold,
        }
    }

    fn urging(&mut self) -> super::UrgingConfig {
        let raw: crate::settings::urging::RawUrging = self.section("urging");
        let (urging, problems) = crate::settings::urging::check(raw);
        for (key, reason) in problems {
            self.problem(&key, reason);
        }
        urging
    }

    fn mail(&mut self, data_dir: &Path) -> super::MailConfig {
        let raw: super::mail::RawMail = self.section("mail");
        let smtp: super::mail::RawSmtp = match raw.smtp {
            Some(_) => self.section("mail.smtp"),
            None => Default::default(),
        };
        let (mail, problems) = super::mail::check(raw, smtp, data_dir);
        for (key, reason) in problems {
            self.problem(&key, reason);
        }
        mail
    }

    fn secrecy(&mut self) -> crate::settings::secrecy::SecrecyRules {
        let raw: RawSecrecy = self.section("secrecy");
        let fields = raw
            .fields
            .unwrap_or_else(|| vec!["SphereOfPromulgation".into()]);
        for (i, f) in fields.iter().enumerate() {
            if !crate::settings::secrecy::FIELDS.contains(&f.as_str()) {
                self.problem(
                    &format!("secrecy.fields[{i}]"),
                    format!(
                        "{f:?} is not one of {}",
                        crate::settings::secrecy::FIELDS.join(", ")
                    ),
                );
            }
        }
        crate::settings::secrecy::SecrecyRules {
            fields,
            document_types: raw.document_types.unwrap_or_default(),
        }
    }

    fn calendar_settings(&mut self) -> CalendarSettings {
        let raw: RawCalendar = self.section("calendar");
        let mut days = |key: &str, list: Option<Vec<RawCalendarDay>>, kind: DayKind| {
            let mut out = Vec::new();
            for (i, d) in list.unwrap_or_default().into_iter().enumerate() {
                match NaiveDate::parse_from_str(&d.date, "%Y-%m-%d") {
                    Ok(date) => out.push(SpecialDay {
                        date,
                        kind,
                        name: crate::domain::text::nfc(d.name.as_deref().unwrap_or(match kind {
                            DayKind::WorkedSaturday => "Ngày làm việc bù",
                            _ => "Ngày nghỉ",
                        })),
                    }),
                    Err(_) => self.problem(
                        &format!("{key}[{i}].date"),
                        format!("{:?} is not a date YYYY-MM-DD", d.date),
                    ),
                }
            }
            out
        };
        let days_off = days("calendar.days_off", raw.days_off, DayKind::Other);
        let worked_days = days(
            "calendar.worked_days",
            raw.worked_days,
            DayKind::WorkedSaturday,
        );
        let dir = raw.dir.map(PathBuf::from);
        if let Some(d) = &dir {
            if !d.is_dir() {
                self.problem("calendar.dir", format!("{} is not a folder", d.display()));
            }
        }
        CalendarSettings {
            dir: dir.filter(|d| d.is_dir()),
            days_off,
            worked_days,
            culture_day: raw.culture_day.unwrap_or(true),
        }
    }

    fn database(&mut self, data_dir: &Path) -> DatabaseConfig {
        let raw: RawDatabase = self.section("database");
        let url = raw
            .url
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("dondoc.db").display()));
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
        match scheme {
            "sqlite" | "postgres" | "postgresql" => {}
            _ => self.problem(
                "database.url",
                format!(
                    "must start with sqlite:// or postgres:// (got {:?})",
                    super::redact_url(&url)
                ),
            ),
        }
        if raw.password.is_some() && scheme == "sqlite" {
            self.problem(
                "database.password",
                "is only used with PostgreSQL; SQLite has no password".into(),
            );
        }
        let max_connections = raw.max_connections.unwrap_or(5);
        if max_connections == 0 {
            self.problem("database.max_connections", "must be at least 1".into());
        }
        DatabaseConfig {
            url: SecretString::from(url),
            password: raw.password.map(SecretString::from),
            max_connections: max_connections.max(1),
            busy_timeout: Duration::from_millis(raw.busy_timeout_ms.unwrap_or(5_000)),
        }
    }

    fn units(&mut self) -> UnitsConfig {
        let raw: RawUnits = self.section("units");
        // Without an explicit file, the repository's directory is used when dondoc runs from a
        // checkout; a deployment without one starts with an empty directory.
        let (path, explicit) = match raw.file {
            Some(f) => (PathBuf::from(f), true),
            None => (PathBuf::from(DEFAULT_UNITS_FILE), false),
        };
        if !path.is_file() {
            if explicit {
                self.problem(
                    "units.file",
                    format!("{} is not a readable file", path.display()),
                );
            }
            return UnitsConfig {
                file: None,
                directory: Vec::new(),
                groups: Default::default(),
            };
        }
        match super::units::read_directory(&path) {
            Ok(directory) => UnitsConfig {
                file: Some(path),
                directory: directory.units,
                groups: directory.groups,
            },
            Err(errors) => {
                for e in errors {
                    self.problem("units.file", e);
                }
                UnitsConfig {
                    file: Some(path),
                    directory: Vec::new(),
                    groups: Default::default(),
                }
            }
        }
    }

    fn sources(&mut self, data_dir: &Path) -> Vec<SourceConfig> {
        let raw: Option<Vec<RawSource>> = match self.cfg.get_array("sources") {
            Ok(items) => Some(
                items
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, item)| match item.into_table() {
                        Ok(t) => self.lenient::<Option<RawSource>>(&format!("sources[{i}]"), t),
                        Err(e) => {
                            self.problem(&format!("sources[{i}]"), format!("must be a table: {e}"));
                            None
                        }
                    })
                    .collect(),
            ),
            Err(ConfigError::NotFound(_)) => None,
            Err(e) => {
                let origin = self.origin("sources");
                self.problems.push(problem_from(e, "sources", origin));
                Some(Vec::new())
            }
        };
        let Some(raw) = raw else {
            return vec![SourceConfig::Spool(SpoolConfig {
                name: "inbox".into(),
                path: data_dir.join("inbox"),
                poll_interval: Duration::from_secs(10),
                settle: super::DEFAULT_SETTLE,
            })];
        };
        let mut out = Vec::new();
        for (i, source) in raw.into_iter().enumerate() {
            match source {
                RawSource::Vdxp(v) => {
                    let key = format!("sources[{i}]");
                    let env = self.env.clone();
                    let lookup = |name: &str| env.get(name).cloned();
                    let (config, problems) =
                        super::vdxp::check(&key, v, format!("vdxp{i}"), &lookup);
                    for (k, reason) in problems {
                        self.problem(&k, reason);
                    }
                    if let Some(c) = config {
                        if out.iter().any(|o: &SourceConfig| o.name() == c.axis.name) {
                            self.problem(
                                &format!("{key}.name"),
                                format!("{:?} is used by another source", c.axis.name),
                            );
                        }
                        out.push(SourceConfig::Vdxp(Box::new(c)));
                    }
                }
                RawSource::Spool(s) => {
                    let name = s.name.unwrap_or_else(|| format!("spool{i}"));
                    if name.trim().is_empty() {
                        self.problem(&format!("sources[{i}].name"), "must not be empty".into());
                    }
                    if out.iter().any(|o: &SourceConfig| o.name() == name) {
                        self.problem(
                            &format!("sources[{i}].name"),
                            format!("{name:?} is used by another source"),
                        );
                    }
                    // Relative paths live under data_dir, with everything else dondoc writes.
                    let path = s
                        .path
                        .map(PathBuf::from)
                        .map(|p| if p.is_relative() { data_dir.join(p) } else { p })
                        .unwrap_or_else(|| data_dir.join("inbox"));
                    let secs = s.poll_interval_secs.unwrap_or(10);
                    if secs == 0 {
                        self.problem(
                            &format!("sources[{i}].poll_interval_secs"),
                            "must be at least 1".into(),
                        );
                    }
                    out.push(SourceConfig::Spool(SpoolConfig {
                        name,
                        path,
                        poll_interval: Duration::from_secs(secs.max(1)),
                        settle: s
                            .settle_secs
                            .map_or(super::DEFAULT_SETTLE, Duration::from_secs),
                    }));
                }
            }
        }
        out
    }

    fn jobs(&mut self) -> JobsConfig {
        let raw: RawJobs = self.section("jobs");
        JobsConfig {
            deadline_check: self.job(
                "jobs.deadline_check",
                raw.deadline_check.unwrap_or_default(),
                DEFAULT_DEADLINE_CHECK,
            ),
            housekeeping: self.job(
                "jobs.housekeeping",
                raw.housekeeping.unwrap_or_default(),
                DEFAULT_HOUSEKEEPING,
            ),
            remind: {
                let remind: RawRemindJob = match raw.remind {
                    Some(_) => self.section("jobs.remind"),
                    None => RawRemindJob::default(),
                };
                self.remind_job(remind)
            },
            reports: {
                let raw: RawReportsJob = match raw.reports {
                    Some(_) => self.section("jobs.reports"),
                    None => RawReportsJob::default(),
                };
                let (job, office_hours) = self.office_job(
                    "jobs.reports",
                    RawJob {
                        enabled: raw.enabled,
                        schedule: raw.schedule,
                    },
                    raw.office_hours,
                    DEFAULT_REPORTS,
                    "queue a report",
                );
                ReportsJobConfig {
                    job,
                    office_hours,
                    open_carried: raw.open_carried.unwrap_or(true),
                }
            },
        }
    }

    fn remind_job(&mut self, raw: RawRemindJob) -> RemindJobConfig {
        let (job, office_hours) = self.office_job(
            "jobs.remind",
            RawJob {
                enabled: raw.enabled,
                schedule: raw.schedule,
            },
            raw.office_hours,
            DEFAULT_REMIND,
            "decide a notice",
        );
        RemindJobConfig { job, office_hours }
    }

    /// A job that acts only when the Office works: its schedule and its office hours, which the
    /// schedule must meet (else the job would run without ever doing `what`).
    fn office_job(
        &mut self,
        key: &str,
        raw: RawJob,
        office_hours: Option<String>,
        default: &str,
        what: &str,
    ) -> (JobConfig, OfficeHours) {
        let job = self.job(key, raw, default);
        let office_hours = match office_hours.as_deref().map(OfficeHours::parse) {
            None => OfficeHours::default(),
            Some(Ok(h)) => h,
            Some(Err(reason)) => {
                self.problem(&format!("{key}.office_hours"), reason);
                OfficeHours::default()
            }
        };
        if job.enabled && !crate::settings::hours::ever_within(&job.schedule, office_hours) {
            self.problem(
                &format!("{key}.schedule"),
                format!(
                    "{:?} never falls within office_hours {office_hours}, so the job would never {what}",
                    job.schedule_text
                ),
            );
        }
        (job, office_hours)
    }

    fn job(&mut self, key: &str, raw: RawJob, default: &str) -> JobConfig {
        let text = raw.schedule.unwrap_or_else(|| default.to_string());
        let schedule = match parse_cron(&text) {
            Ok(s) => s,
            Err(reason) => {
                self.problem(&format!("{key}.schedule"), reason);
                parse_cron(default).unwrap_or_else(|_| unreachable_default())
            }
        };
        JobConfig {
            enabled: raw.enabled.unwrap_or(true),
            schedule_text: text,
            schedule,
        }
    }

    fn daemon(&mut self) -> DaemonConfig {
        let raw: RawDaemon = self.section("daemon");
        DaemonConfig {
            shutdown_grace: Duration::from_secs(raw.shutdown_grace_secs.unwrap_or(10)),
        }
    }

    fn web(&mut self) -> super::WebConfig {
        let raw: RawWeb = self.section("web");
        let listen = match raw.listen.as_deref() {
            None => std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
            Some(text) => text.trim().parse().unwrap_or_else(|_| {
                self.problem(
                    "web.listen",
                    format!("{text:?} is not an address and port such as 127.0.0.1:8080"),
                );
                std::net::SocketAddr::from(([127, 0, 0, 1], 8080))
            }),
        };
        let public_url = raw.public_url.as_deref().and_then(|text| {
            match url::Url::parse(text.trim()) {
                Ok(u) if matches!(u.scheme(), "http" | "https") => Some(u),
                _ => {
                    self.problem(
                        "web.public_url",
                        format!("{text:?} is not an http(s) address such as https://dondoc.example.gov.vn/"),
                    );
                    None
                }
            }
        });
        let idle = self.positive("web.session_idle_mins", raw.session_idle_mins, 60);
        let max = self.positive("web.session_max_hours", raw.session_max_hours, 12);
        let attempts = self.positive("web.login_attempts", raw.login_attempts, 5);
        let address_attempts = self.positive("web.address_attempts", raw.address_attempts, 20);
        let window = self.positive("web.login_window_mins", raw.login_window_mins, 15);
        let catalogue = raw.catalogue.as_deref().map(PathBuf::from);
        let strings = match &catalogue {
            None => super::catalogue::Catalogue::built_in(),
            Some(path) => super::catalogue::Catalogue::read(path).unwrap_or_else(|reason| {
                self.problem("web.catalogue", format!("{}: {reason}", path.display()));
                super::catalogue::Catalogue::built_in()
            }),
        };
        super::WebConfig {
            catalogue,
            strings,
            enabled: raw.enabled.unwrap_or(true),
            listen,
            public_url,
            behind_proxy: raw.behind_proxy.unwrap_or(false),
            session_idle: Duration::from_secs(idle.min(10_000) * 60),
            session_max: Duration::from_secs(max.min(10_000) * 3600),
            login_attempts: attempts.min(10_000) as u32,
            address_attempts: address_attempts.min(100_000) as u32,
            login_window: Duration::from_secs(window.min(10_000) * 60),
        }
    }

    fn unknown_top_level_keys(&mut self) {
        let mut unknown: Vec<(String, String)> = Vec::new();
        if let (Some(table), Some(name)) = (&self.file_table, &self.file_name) {
            for key in table.keys() {
                if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
                    unknown.push((name.clone(), key.clone()));
                }
            }
        }
        for var in self.env.keys() {
            let Some(rest) = var.strip_prefix("DONDOC__") else {
                continue;
            };
            let key = rest.split("__").next().unwrap_or("").to_ascii_lowercase();
            if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
                unknown.push((format!("environment variable {var}"), key));
            }
        }
        unknown.sort();
        for (origin, key) in unknown {
            self.problems.push(ConfigProblem {
                origin,
                key,
                reason: format!("unknown key; known keys are {}", TOP_LEVEL_KEYS.join(", ")),
            });
        }
    }

    /// Deserialises one table. Each bad field is reported and left out, and the rest is tried
    /// again, so one wrong value neither hides the others nor the checks that follow.
    fn section<T: DeserializeOwned + Default>(&mut self, key: &str) -> T {
        match self.cfg.get_table(key) {
            Ok(table) => self.lenient(key, table),
            Err(ConfigError::NotFound(_)) => T::default(),
            Err(e) => {
                let origin = self.origin(key);
                self.problems.push(problem_from(e, key, origin));
                T::default()
            }
        }
    }

    fn lenient<T: DeserializeOwned + Default>(
        &mut self,
        key: &str,
        mut table: config::Map<String, config::Value>,
    ) -> T {
        loop {
            let value = config::Value::new(None, config::ValueKind::Table(table.clone()));
            let e = match serde_path_to_error::deserialize::<_, T>(value) {
                Ok(v) => return v,
                Err(e) => e,
            };
            let field = match e.path().iter().next() {
                Some(serde_path_to_error::Segment::Map { key }) => Some(key.clone()),
                _ => unknown_field_name(&e.inner().to_string()),
            };
            let full = match &field {
                Some(f) => format!("{key}.{f}"),
                None => key.to_string(),
            };
            let origin = self.origin(&full);
            let reason = reason_of(e.into_inner());
            self.problems.push(ConfigProblem {
                origin,
                key: full,
                reason,
            });
            match field {
                // Without a known `type` nothing else of the table can be checked.
                Some(f) if f != "type" && table.remove(&f).is_some() => continue,
                _ => return T::default(),
            }
        }
    }

    /// Deserialises `key`, tracking the path inside it so that a wrong type names the exact key
    /// (`daemon.shutdown_grace_secs`, `sources[1].path`), not just its section.
    fn scalar<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = match self.cfg.get::<config::Value>(key) {
            Ok(v) => v,
            Err(ConfigError::NotFound(_)) => return None,
            Err(e) => {
                let origin = self.origin(key);
                self.problems.push(problem_from(e, key, origin));
                return None;
            }
        };
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                let inner = e.path().to_string();
                let full = if inner.is_empty() || inner == "." {
                    key.to_string()
                } else if inner.starts_with('[') {
                    format!("{key}{inner}")
                } else {
                    format!("{key}.{inner}")
                };
                let origin = self.origin(full.split('[').next().unwrap_or(&full));
                let reason = reason_of(e.into_inner());
                self.problems.push(ConfigProblem {
                    origin,
                    key: full,
                    reason,
                });
                None
            }
        }
    }

    /// Where `key` (dotted) was set: the environment wins over the file, the file over defaults.
    fn origin(&self, key: &str) -> String {
        // `sources[1].path` was set wherever the `sources` tables were.
        let key = key.split('[').next().unwrap_or(key);
        let var = env_var_for(key);
        if self.env.contains_key(&var) {
            return format!("environment variable {var}");
        }
        let in_file = self.file_table.as_ref().is_some_and(|t| {
            let mut parts = key.split('.');
            let first = parts.next().unwrap_or("");
            let mut cur = t.get(first);
            for p in parts {
                cur = cur.and_then(|v| v.get(p));
            }
            cur.is_some()
        });
        match (&self.file_name, in_file) {
            (Some(name), true) => name.clone(),
            _ => "defaults".to_string(),
        }
    }

    fn problem(&mut self, key: &str, reason: String) {
        // The origin of an indexed key is that of its table.
        let lookup = key.split('[').next().unwrap_or(key);
        let origin = self.origin(lookup);
        self.problems.push(ConfigProblem {
            origin,
            key: key.to_string(),
            reason,
        });
    }
}

fn problem_from(e: ConfigError, section: &str, origin: String) -> ConfigProblem {
    let key = match &e {
        ConfigError::Type { key: Some(k), .. } => k.clone(),
        _ => section.to_string(),
    };
    ConfigProblem {
        origin,
        key,
        reason: reason_of(e),
    }
}

/// A config error in words: a wrong type says what was expected and what was found.
fn reason_of(e: ConfigError) -> String {
    match e {
        ConfigError::Type {
            unexpected,
            expected,
            ..
        } => format!("expected {expected}, found {unexpected}"),
        other => other.to_string(),
    }
}

/// The field named by serde's "unknown field `x`" message.
fn unknown_field_name(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

fn env_var_for(key: &str) -> String {
    format!("DONDOC__{}", key.to_ascii_uppercase().replace('.', "__"))
}

/// Parses a cron expression in the `cron` crate's format (seconds first). The common five-field
/// form (`0 7 * * *`) is accepted too, as if its seconds were `0`.
pub fn parse_cron(text: &str) -> Result<cron::Schedule, String> {
    let fields = text.split_whitespace().count();
    let full = if fields == 5 {
        format!("0 {text}")
    } else {
        text.to_string()
    };
    cron::Schedule::from_str(&full)
        .map_err(|e| format!("{text:?} is not a valid cron expression: {e}"))
}

fn unreachable_default() -> cron::Schedule {
    // The built-in default is a constant that a unit test parses; reaching here means that test
    // was removed along with the constant's validity.
    panic!("the built-in cron default does not parse")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Option<HashMap<String, String>> {
        Some(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn defaults_put_everything_under_data_dir() {
        let c = load(None, env(&[])).unwrap();
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        use secrecy::ExposeSecret;
        assert_eq!(c.database.url.expose_secret(), "sqlite://./data/dondoc.db");
        let SourceConfig::Spool(s) = &c.sources[0] else {
            panic!("the default source is a spool folder: {:?}", c.sources[0]);
        };
        assert_eq!(s.path, PathBuf::from("./data/inbox"));
        assert_eq!(s.settle, super::super::DEFAULT_SETTLE);
        assert_eq!(s.processed_dir(), PathBuf::from("./data/processed"));
    }

    #[test]
    fn the_contract_keys_are_settable_from_the_environment() {
        let c = load(
            None,
            env(&[
                ("DONDOC__DATA_DIR", "/srv/dondoc"),
                ("DONDOC__DATABASE__URL", "postgres://u:pw@127.0.0.1/test"),
            ]),
        )
        .unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/srv/dondoc"));
        use secrecy::ExposeSecret;
        assert_eq!(
            c.database.url.expose_secret(),
            "postgres://u:pw@127.0.0.1/test"
        );
        assert!(!c.to_redacted_toml().contains("pw@"));
    }

    #[test]
    fn the_sandbox_budgets_are_read_checked_and_printed() {
        let c = load(
            None,
            env(&[
                ("DONDOC__SANDBOX__WORKERS", "3"),
                ("DONDOC__SANDBOX__MEMORY_MIB", "256"),
                ("DONDOC__SANDBOX__TIME_SECS", "5"),
                ("DONDOC__SANDBOX__MAX_PDF_PAGES", "40"),
                ("DONDOC__SANDBOX__MAX_INFLATED_MIB", "16"),
                ("DONDOC__SANDBOX__MAX_TASKS", "7"),
            ]),
        )
        .unwrap();
        let s = &c.sandbox;
        assert_eq!(
            (s.workers, s.memory_bytes, s.time.as_secs(), s.max_tasks),
            (3, 256 << 20, 5, 7)
        );
        assert_eq!(
            (s.doc.max_pdf_pages, s.doc.max_inflated_bytes),
            (40, 16 << 20)
        );
        assert!(c
            .to_redacted_toml()
            .contains("[sandbox]\nworkers = 3\nmemory_mib = 256\ntime_secs = 5\n"));
        let errors = load(
            None,
            env(&[
                ("DONDOC__SANDBOX__TIME_SECS", "0"),
                ("DONDOC__SANDBOX__MEMORY_MIB", "16"),
                ("DONDOC__SANDBOX__MAX_INFLATED_MIB", "99999999999999"),
            ]),
        )
        .unwrap_err();
        let keys: Vec<&str> = errors.0.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "sandbox.time_secs",
                "sandbox.memory_mib",
                "sandbox.max_inflated_mib"
            ],
            "{errors}"
        );
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_origin_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.toml");
        std::fs::write(
            &file,
            "data_dir = \"x\"\nsurprise = 1\n[database]\nurl = \"mysql://x\"\nmax_connections = \"many\"\n\
             [jobs.deadline_check]\nschedule = \"every day\"\n[[sources]]\ntype = \"spool\"\npoll_interval_secs = 0\n",
        )
        .unwrap();
        let errors = load(Some(&file), env(&[])).unwrap_err();
        let keys: Vec<&str> = errors.0.iter().map(|p| p.key.as_str()).collect();
        assert!(keys.contains(&"surprise"), "{errors}");
        assert!(keys.iter().any(|k| k.starts_with("database")), "{errors}");
        assert!(keys.contains(&"jobs.deadline_check.schedule"), "{errors}");
        assert!(keys.contains(&"sources[0].poll_interval_secs"), "{errors}");
        assert!(
            errors.0.iter().all(|p| p.origin.contains("bad.toml")),
            "{errors}"
        );
    }

    #[test]
    fn a_wrong_type_from_the_environment_names_the_variable() {
        let errors = load(
            None,
            env(&[("DONDOC__DAEMON__SHUTDOWN_GRACE_SECS", "soon")]),
        )
        .unwrap_err();
        let p = &errors.0[0];
        assert!(p.origin.contains("environment"), "{p}");
        assert_eq!(p.key, "daemon.shutdown_grace_secs", "{p}");
        assert_eq!(
            p.origin,
            "environment variable DONDOC__DAEMON__SHUTDOWN_GRACE_SECS"
        );
    }

    #[test]
    fn auto_confirmation_is_off_unless_a_threshold_from_0_to_1_is_set() {
        let off = load(None, env(&[])).unwrap();
        assert_eq!(off.extract.auto_confirm_threshold, None);
        let on = load(
            None,
            env(&[("DONDOC__EXTRACT__AUTO_CONFIRM_THRESHOLD", "0.75")]),
        )
        .unwrap();
        assert_eq!(
            on.extract.auto_confirm_threshold.map(|c| c.thousandths()),
            Some(750)
        );
        assert!(on
            .to_redacted_toml()
            .contains("[extract]\nauto_confirm_threshold = 0.75\n"));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("extract.toml");
        std::fs::write(&file, "[extract]\nauto_confirm_threshold = 1.5\n").unwrap();
        let errors = load(Some(&file), env(&[])).unwrap_err();
        let p = &errors.0[0];
        assert_eq!(p.key, "extract.auto_confirm_threshold", "{errors}");
        assert!(p.origin.contains("extract.toml"), "{p}");
        assert!(p.reason.contains("from 0 to 1"), "{p}");
        let wrong_type = load(
            None,
            env(&[("DONDOC__EXTRACT__AUTO_CONFIRM_THRESHOLD", "high")]),
        )
        .unwrap_err();
        assert_eq!(wrong_type.0[0].key, "extract.auto_confirm_threshold");
    }

    #[test]
    fn a_bad_group_in_the_unit_directory_names_the_file_the_group_and_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let units = dir.path().join("units.toml");
        std::fs::write(
            &units,
            "[[units]]\nkey = \"so-a\"\nname = \"Sở A\"\nkind = \"department\"\n\
             [[groups]]\nname = \"các sở, ban, ngành\"\nmembers = [\"so-a\", \"so-z\"]\n\
             [[groups]]\nname = \"các sở\"\naliases = [\"Các Sở, Ban, Ngành\"]\nmembers_kind = \"department\"\n",
        )
        .unwrap();
        let var = "DONDOC__UNITS__FILE";
        let errors = load(None, env(&[(var, units.to_str().unwrap())])).unwrap_err();
        assert_eq!(errors.0.len(), 2, "{errors}");
        let file = units.display().to_string();
        for p in &errors.0 {
            assert_eq!(p.key, "units.file", "{p}");
            assert_eq!(p.origin, format!("environment variable {var}"), "{p}");
            assert!(p.reason.starts_with(&format!("{file}: groups[")), "{p}");
        }
        assert!(errors.0[0]
            .reason
            .ends_with("groups[0] (các sở, ban, ngành).members: no unit has the key so-z"));
        assert!(errors.0[1].reason.ends_with(
            "groups[1] (các sở).aliases: \"Các Sở, Ban, Ngành\" is also a name of the group \"các sở, ban, ngành\""
        ));

        std::fs::write(
            &units,
            "[[units]]\nkey = \"so-a\"\nname = \"Sở A\"\nkind = \"department\"\n\
             [[groups]]\nname = \"các sở, ban, ngành\"\nmembers_kind = \"department\"\n",
        )
        .unwrap();
        let config = load(None, env(&[(var, units.to_str().unwrap())])).unwrap();
        assert_eq!(config.units.groups.groups().len(), 1);
        assert!(config
            .units
            .groups
            .find("Thủ trưởng các sở, ban, ngành")
            .is_some());
        assert!(config
            .to_redacted_toml()
            .contains("# 1 unit(s), 1 group(s)\n"));
    }

    #[test]
    fn the_remind_job_runs_in_office_hours_by_default_and_its_settings_are_checked() {
        let c = load(None, env(&[])).unwrap();
        let remind = &c.jobs.remind;
        assert!(remind.job.enabled);
        assert_eq!(remind.job.schedule_text, DEFAULT_REMIND);
        assert_eq!(remind.office_hours, OfficeHours::default());
        assert!(c.to_redacted_toml().contains(
            "[jobs.remind]\nenabled = true\nschedule = \"0 30 7 * * *\"\noffice_hours = \"07:00-17:00\"\n"
        ));

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("jobs.toml");
        std::fs::write(
            &file,
            "[jobs.remind]\nschedule = \"0 8 * * 1-5\"\noffice_hours = \"07:30-11:30\"\n",
        )
        .unwrap();
        let c = load(Some(&file), env(&[])).unwrap();
        assert_eq!(c.jobs.remind.office_hours.to_string(), "07:30-11:30");

        std::fs::write(
            &file,
            "[jobs.remind]\nschedule = \"0 0 20 * * *\"\noffice_hours = \"17:00-07:00\"\nsurprise = 1\n",
        )
        .unwrap();
        let errors = load(Some(&file), env(&[])).unwrap_err();
        let keys: Vec<&str> = errors.0.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "jobs.remind.surprise",
                "jobs.remind.office_hours",
                "jobs.remind.schedule"
            ],
            "{errors}"
        );
        assert!(
            errors.0.iter().all(|p| p.origin.contains("jobs.toml")),
            "{errors}"
        );
        assert!(errors.0[2]
            .reason
            .contains("never falls within office_hours 07:00-17:00"));

        let off = load(
            None,
            env(&[
                ("DONDOC__JOBS__REMIND__ENABLED", "false"),
                ("DONDOC__JOBS__REMIND__SCHEDULE", "0 0 20 * * *"),
            ]),
        )
        .unwrap();
        assert!(!off.jobs.remind.job.enabled);
        let late_office = load(
            None,
            env(&[("DONDOC__JOBS__REMIND__OFFICE_HOURS", "08:00-17:00")]),
        )
        .unwrap_err();
        assert_eq!(
            late_office.0[0].key, "jobs.remind.schedule",
            "{late_office}"
        );
        assert_eq!(late_office.0[0].origin, "defaults", "{late_office}");
    }

    #[test]
    fn five_field_cron_expressions_are_accepted() {
        assert!(parse_cron("0 7 * * *").is_ok());
        assert!(parse_cron(DEFAULT_DEADLINE_CHECK).is_ok());
        assert!(parse_cron(DEFAULT_REMIND).is_ok());
        assert!(parse_cron(DEFAULT_HOUSEKEEPING).is_ok());
        assert!(parse_cron("whenever").is_err());
    }

    #[test]
    fn the_section_is_read_from_the_file_and_the_environment_and_printed_by_config_check() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("dondoc.toml");
        std::fs::write(
            &file,
            "[urging]\ncounting = \"calendar_days\"\nleaders = [\"chutich@thuathienhue.example\"]\n\
             office = \"vpubnd@thuathienhue.example\"\n",
        )
        .unwrap();
        let env = [("DONDOC__URGING__HEADS_UP_DAYS", "5")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let config = load(Some(&file), Some(env)).unwrap();
        assert_eq!(
            config.urging.counting,
            crate::settings::Counting::CalendarDays
        );
        assert_eq!(config.urging.heads_up_days, 5);
        assert_eq!(
            config.urging.office.as_ref().map(|e| e.as_str()),
            Some("vpubnd@thuathienhue.example")
        );
        let printed = config.to_redacted_toml();
        assert!(
            printed.contains("[urging]\ncounting = \"calendar_days\"\nheads_up_days = 5\n"),
            "{printed}"
        );
        assert!(
            printed.contains("leaders = [\"chutich@thuathienhue.example\"]"),
            "{printed}"
        );

        std::fs::write(&file, "[urging]\ndigest_day = 30\nsurprise = 1\n").unwrap();
        let errors = load(Some(&file), Some(Default::default())).unwrap_err();
        let keys: Vec<&str> = errors.0.iter().map(|p| p.key.as_str()).collect();
        assert!(keys.contains(&"urging.surprise"), "{errors}");
        assert!(keys.contains(&"urging.digest_day"), "{errors}");
        assert!(
            errors.0.iter().all(|p| p.origin.contains("dondoc.toml")),
            "{errors}"
        );
    }
}
