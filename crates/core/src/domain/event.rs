//! The append-only audit trail: every change of a task, by whom or what, when, from what to what.
//! Reports for a past date are computed from it, so rows are never updated or deleted.

use chrono::{DateTime, Utc};

/// Who or what made a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A configured source (`inbox`, `vdxp`) delivering a document.
    Source(String),
    /// A person at the CLI (their login or the `--by` they gave).
    User(String),
    /// dondoc's own jobs.
    System,
}

impl Actor {
    /// Reads back what [`Actor::render`] wrote.
    pub fn parse(s: &str) -> Option<Self> {
        match s.split_once(':') {
            Some(("source", name)) => Some(Self::Source(name.to_string())),
            Some(("user", name)) => Some(Self::User(name.to_string())),
            None if s == "system" => Some(Self::System),
            _ => None,
        }
    }

    pub fn render(&self) -> String {
        match self {
            Self::Source(s) => format!("source:{s}"),
            Self::User(u) => format!("user:{u}"),
            Self::System => "system".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskEvent {
    pub task_id: i64,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    /// What happened, as a short verb: `created`, `state_changed`, `confirmed`, …
    pub action: String,
    /// The task's fields before the change (JSON), `None` on creation.
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
