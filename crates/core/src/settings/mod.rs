//! The settings the rules read: the urging policy's numbers and how they are counted, the
//! Office's hours, and what marks a document secret. Loading and checking the whole
//! configuration is `config`'s; these are the typed values it hands to the rules.

pub mod hours;
pub mod secrecy;
pub mod urging;

pub use hours::{open_at, Closed, OfficeHours};
pub use secrecy::SecrecyRules;
pub use urging::{Counting, UrgingConfig};
