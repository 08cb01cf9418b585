//! The vocabulary of the regulation as types: documents, tasks, units, the groups directives name
//! and the audit trail.
//!
//! Nothing here does I/O or knows a wire format. Values with rules (an OrganId, a document number,
//! an email address) are newtypes whose only constructors check those rules, so the rest of the
//! code never meets an invalid one.

mod account;
mod document;
mod event;
mod group;
mod ids;
mod task;
pub mod text;
pub mod tone;
mod unit;

pub use account::{Account, Role, Username, ROLE_KINDS, UNIT_REPORTS};
pub use document::{Document, DocumentKey, Signer, Urgency};
pub use event::{Actor, TaskEvent};
pub use group::{group_name_key, UnitGroup, UnitGroups};
pub use ids::{DocumentNumber, EmailAddress, InvalidValue, OrganId, UnitKey};
pub use task::{
    Confidence, Deadline, DeadlineClass, Provenance, Recurrence, ReviewState, Task, TaskFlag,
    TaskState,
};
pub use unit::{Unit, UnitKind, Validity};
