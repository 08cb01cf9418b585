//! What the admin wrote, deserialised as is. Every field is optional here: defaults and rules are
//! applied by `validate`, which can then report every problem at once.

use serde::Deserialize;

/// The top-level keys; anything else is reported as unknown.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "data_dir",
    "database",
    "units",
    "sources",
    "jobs",
    "daemon",
    "calendar",
    "deadletters",
    "edxml",
    "secrecy",
    "extract",
    "sandbox",
    "urging",
    "mail",
    "web",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDatabase {
    pub url: Option<String>,
    pub password: Option<String>,
    pub max_connections: Option<u32>,
    pub busy_timeout_ms: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUnits {
    pub file: Option<String>,
}

/// `[web]`: the pages and the API the daemon serves.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWeb {
    pub enabled: Option<bool>,
    pub listen: Option<String>,
    pub public_url: Option<String>,
    pub behind_proxy: Option<bool>,
    pub session_idle_mins: Option<u64>,
    pub session_max_hours: Option<u64>,
    pub login_attempts: Option<u64>,
    pub address_attempts: Option<u64>,
    pub login_window_mins: Option<u64>,
    pub catalogue: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDaemon {
    pub shutdown_grace_secs: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJobs {
    pub deadline_check: Option<RawJob>,
    pub housekeeping: Option<RawJob>,
    /// Read on its own as a [`RawRemindJob`], so that a wrong key in it is named exactly and
    /// leaves the rest of the table in place.
    pub remind: Option<serde::de::IgnoredAny>,
    /// Read on its own as a [`RawReportsJob`], for the same reason.
    pub reports: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJob {
    pub enabled: Option<bool>,
    pub schedule: Option<String>,
}

/// `[jobs.remind]`: a job with office hours.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRemindJob {
    pub enabled: Option<bool>,
    pub schedule: Option<String>,
    pub office_hours: Option<String>,
}

/// `[jobs.reports]`: a job with office hours, and what its reports cover.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReportsJob {
    pub enabled: Option<bool>,
    pub schedule: Option<String>,
    pub office_hours: Option<String>,
    pub open_carried: Option<bool>,
}

/// A `[[sources]]` table; `type` picks the variant.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum RawSource {
    Spool(RawSpool),
    Vdxp(super::vdxp::RawVdxp),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpool {
    pub name: Option<String>,
    pub path: Option<String>,
    pub poll_interval_secs: Option<u64>,
    pub settle_secs: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    pub dir: Option<String>,
    pub culture_day: Option<bool>,
    pub days_off: Option<Vec<RawCalendarDay>>,
    pub worked_days: Option<Vec<RawCalendarDay>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCalendarDay {
    pub date: String,
    pub name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDeadLetters {
    pub retention_days: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEdxml {
    pub max_message_mib: Option<u64>,
    pub max_attachment_mib: Option<u64>,
    pub max_attachments: Option<usize>,
    pub max_depth: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecrecy {
    pub fields: Option<Vec<String>>,
    pub document_types: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSandbox {
    pub workers: Option<usize>,
    pub memory_mib: Option<u64>,
    pub time_secs: Option<u64>,
    pub max_pdf_pages: Option<usize>,
    pub max_inflated_mib: Option<u64>,
    pub max_tasks: Option<usize>,
    pub max_text_mib: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExtract {
    pub auto_confirm_threshold: Option<f64>,
}
