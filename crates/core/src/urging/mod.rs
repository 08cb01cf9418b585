//! Urging (đôn đốc): which notices are due at an instant, and queueing them for delivery.
//!
//! # Layout
//! - [`policy`]: the regulation's rules as a pure function of the calendar, the `[urging]`
//!   numbers, the instant and the tasks that can be due ([`Policy::decide`]);
//! - [`schedule`]: the days it acts on (a heads-up's day, the days between Phiếu báo, the
//!   monthly windows), counted in working or calendar days;
//! - [`notice`]: what it decides ([`Notice`]): kind, unit, document, number, tasks, recipients,
//!   subject in Vietnamese, flags, and the dedupe key the queue holds once;
//!
//! This is the rule alone; `jobs::remind` runs it against the store.

pub mod notice;
pub mod policy;
pub mod schedule;

pub use notice::{CaseRef, CitedNotice, Notice, NoticeFlag, NoticeItem, NoticeKind};
pub use policy::{
    Cases, Decision, DocumentRef, Office, OpenCase, Policy, Selection, TaskView, UnitContact,
};

#[cfg(test)]
mod tests;
