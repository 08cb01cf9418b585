//! Runs sources: reads each message, turns it into documents and tasks in one transaction, and
//! only then tells the source it is done with it.
//!
//! # Layout
//! - [`pipeline`]: one message's bytes → read, the store asked what it knows, planned by core's
//!   `intake` rules, the plan applied, in one transaction — or a reason it was refused;
//! - [`attachments`]: attachment files from the reader's stream to `data_dir`, with their text;
//! - [`answers`]: the document an answer or a report names in its ResponseFor;
//! - [`convert`]: an edXML header → the domain's [`crate::domain::Document`] and its recipients;
//! - [`secrecy`]: secret documents are recognised and dropped before anything is kept;
//! - [`deadletter`]: what could not be processed, kept with its reason;
//! - [`spool`]: the folder source (`inbox/` → `processed/` or `failed/`);
//! - [`ingest`]: the batch over files that both the daemon and `dondoc ingest` run.

pub mod answers;
pub mod attachments;
pub mod convert;
pub mod deadletter;
pub mod ingest;
pub mod pipeline;
pub mod secrecy;
pub mod sources;
pub mod spool;

pub use pipeline::{Outcome, Pipeline, ProcessError};
