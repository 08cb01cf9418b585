//! Runs sources: reads each message, turns it into documents and tasks in one transaction, and
//! only then tells the source it is done with it.
//!
//! # Layout
//! - [`pipeline`]: one message's bytes → a stored document and its tasks, or a reason it was refused;
//! - [`attachments`]: attachment files from the reader's stream to `data_dir`, with their text;
//! - [`answers`]: revokes and the units' status answers acting on stored tasks;
//! - [`convert`]: an edXML header → the domain's [`crate::domain::Document`] and its recipients;
//! - [`drafts`]: the tasks read from a directive's text → draft tasks, their units resolved;
//! - [`secrecy`]: secret documents are recognised and dropped before anything is kept;
//! - [`deadletter`]: what could not be processed, kept with its reason;
//! - [`spool`]: the folder source (`inbox/` → `processed/` or `failed/`);
//! - [`ingest`]: the batch over files that both the daemon and `dondoc ingest` run.

pub mod answers;
pub mod attachments;
pub mod convert;
pub mod deadletter;
pub mod drafts;
pub mod ingest;
pub mod pipeline;
pub mod secrecy;
pub mod sources;
pub mod spool;

pub use pipeline::{Outcome, Pipeline, ProcessError};
