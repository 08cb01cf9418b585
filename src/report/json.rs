//! `dondoc report … --format json`, a contract: one object per line, fields only ever added.
//! - `summary`: a row per unit `{"unit", "unit_key", "done_on_time", "done_late",
//!   "in_progress_on_time", "in_progress_overdue", "not_started_on_time", "not_started_overdue",
//!   "total", "row": "unit"}`, then the total row with `"unit": null, "unit_key": null, "row":
//!   "total"`;
//! - `unit`: one object per task `{"id", "document": {"number", "issued"}, "content", "due",
//!   "state", "timeliness", "reason", "due_applies", "task_state", "carried"}` — `state` is the
//!   appendix's (`not_started`, `in_progress`, `done`), `task_state` the stored one at the
//!   instant (`returned`, `reported`, …), `timeliness` `on_time`, `overdue`, `done_on_time`,
//!   `done_late` or null without a deadline, `reason` the one given with its state at the instant
//!   or since (null when none);
//! - `entry`: a row per specialist `{"specialist", "documents", "on_time", "late",
//!   "not_entered", "rate", "row": "specialist"}`, the documents no specialist is named for with
//!   `"specialist": null, "row": "unassigned"`, then `"row": "total"`. `rate` is a fraction
//!   (0.75), null with no document;
//! - `programme`: a row per unit `{"unit", "unit_key", "registered", "added", "withdrawn", "due",
//!   "submitted", "issued", "not_submitted", "rate", "row": "unit"}`, then `"row": "total"` with
//!   `"unit": null`; `rate` is submitted over due, null with nothing due.

use serde_json::{json, Value};

use super::Report;
use dondoc_core::report::{Counts, EntryRow, ProgrammeCounts, ReportUnit};

fn counts(c: &Counts) -> serde_json::Map<String, Value> {
    let v = json!({
        "done_on_time": c.done_on_time,
        "done_late": c.done_late,
        "in_progress_on_time": c.in_progress_on_time,
        "in_progress_overdue": c.in_progress_overdue,
        "not_started_on_time": c.not_started_on_time,
        "not_started_overdue": c.not_started_overdue,
        "total": c.total(),
    });
    match v {
        Value::Object(m) => m,
        _ => serde_json::Map::new(),
    }
}

fn entry(r: &EntryRow, row: &str) -> Value {
    json!({
        "specialist": r.specialist,
        "documents": r.documents,
        "on_time": r.on_time,
        "late": r.late,
        "not_entered": r.not_entered,
        "rate": r.rate(),
        "row": row,
    })
}

fn programme(unit: Option<&ReportUnit>, c: &ProgrammeCounts) -> Value {
    json!({
        "unit": unit.map(|u| u.name.as_str()),
        "unit_key": unit.map(|u| u.key.as_str()),
        "registered": c.registered,
        "added": c.added,
        "withdrawn": c.withdrawn,
        "due": c.due(),
        "submitted": c.submitted,
        "issued": c.issued,
        "not_submitted": c.not_submitted(),
        "rate": c.rate(),
        "row": if unit.is_some() { "unit" } else { "total" },
    })
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The report's objects, one per row.
pub fn rows(report: &Report) -> Vec<Value> {
    match report {
        Report::Summary(s) => {
            let mut out = Vec::new();
            for r in &s.rows {
                let mut m = counts(&r.counts);
                m.insert("unit".into(), json!(r.unit.name));
                m.insert("unit_key".into(), json!(r.unit.key));
                m.insert("row".into(), json!("unit"));
                out.push(Value::Object(m));
            }
            let mut m = counts(&s.total);
            m.insert("unit".into(), Value::Null);
            m.insert("unit_key".into(), Value::Null);
            m.insert("row".into(), json!("total"));
            out.push(Value::Object(m));
            out
        }
        Report::Unit(u) => u
            .lines
            .iter()
            .map(|l| {
                json!({
                    "id": l.id,
                    "document": {"number": l.document.number, "issued": day(l.document.issued)},
                    "content": l.content,
                    "due": l.deadline.date().map(day),
                    "due_applies": l.due.map(day),
                    "state": l.standing.progress.as_str(),
                    "task_state": l.state.as_str(),
                    "timeliness": l.standing.timeliness(),
                    "reason": l.reason,
                    "carried": l.carried,
                })
            })
            .collect(),
        Report::Entry(e) => {
            let mut out: Vec<Value> = e
                .rows
                .iter()
                .map(|r| {
                    let row = if r.specialist.is_some() {
                        "specialist"
                    } else {
                        "unassigned"
                    };
                    entry(r, row)
                })
                .collect();
            out.push(entry(&e.total, "total"));
            out
        }
        Report::Programme(p) => {
            let mut out: Vec<Value> = p
                .rows
                .iter()
                .map(|r| programme(Some(&r.unit), &r.counts))
                .collect();
            out.push(programme(None, &p.total));
            out
        }
    }
}

/// The objects as lines.
pub fn lines(report: &Report) -> Vec<u8> {
    let mut out = String::new();
    for v in rows(report) {
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out.into_bytes()
}
