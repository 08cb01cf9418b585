//! The jobs that join a rule to the store: the rules themselves (`urging`, `deadlines`) do no
//! I/O; these read what the rules need, ask them, and write what they decide.

pub mod overdue;
pub mod remind;
pub mod report;
pub mod tasks;
pub mod units;

pub use overdue::{overdue_tasks, stored_status_at};
pub use remind::{office_of, remind, Decided};
