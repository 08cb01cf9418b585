//! What crosses the boundary between dondoc and the systems that deliver its documents.
//!
//! # Layout
//! - [`Source`]: the three steps every source offers — list what is waiting, fetch one message,
//!   settle it once its fate is committed — so one loop in dondoc drives a spool folder and,
//!   later, the document axis alike;
//! - [`Disposition`]: what dondoc tells the source about a message;
//! - [`AdapterError`]: failures a caller can act on (retry later, skip, give up).
//!
//! - with the `testing` feature, [`fake`]: an in-memory source, and [`conformance`]: the suite
//!   every source's tests run (list, fetch, settle, down, duplicate offer).
//!
//! Adapter crates depend on this crate, never on dondoc.

#[cfg(feature = "testing")]
pub mod conformance;
#[cfg(feature = "testing")]
pub mod fake;

use std::future::Future;

/// A system that delivers messages, each named by an id of its own (a file name, an axis docId).
pub trait Source: Send {
    /// The configured name, used in logs and recorded with each message.
    fn name(&self) -> &str;

    /// The ids of the messages waiting, oldest first.
    fn list(&mut self) -> impl Future<Output = Result<Vec<String>, AdapterError>> + Send;

    /// One message's bytes.
    fn fetch(&mut self, id: &str) -> impl Future<Output = Result<Vec<u8>, AdapterError>> + Send;

    /// Called only after what the message produced is committed, so a crash before it means the
    /// message is delivered again (and, being known, changes nothing).
    fn settle(
        &mut self,
        id: &str,
        disposition: &Disposition,
    ) -> impl Future<Output = Result<(), AdapterError>> + Send;

    /// Whether several daemons sharing one store are offered the same messages (an axis
    /// account), so that each message must be claimed before it is processed. A folder or the
    /// files named on a command line are not: every file given is taken.
    fn shared(&self) -> bool {
        false
    }

    /// Whether a message settled as failed stays where the Office can find it (a folder moves
    /// it to `failed/`). An axis told `fail` forgets it: a message it never gave the bytes of
    /// must not be settled so, since no dead letter could keep it.
    fn keeps_failed(&self) -> bool {
        true
    }

    /// What the adapter counted since the last call, beyond the messages it listed: requests
    /// it retried, messages it was offered and passed over (not ours). Reported per source.
    fn take_counts(&mut self) -> AdapterCounts {
        AdapterCounts::default()
    }
}

/// What an adapter counted during a pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdapterCounts {
    /// Requests retried after a transient failure.
    pub retries: u64,
    /// Messages offered but not ours, acknowledged without being listed.
    pub skipped: u64,
}

/// What became of a message, as far as its source needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// Its data is committed (or it was known already).
    Done,
    /// It cannot be processed; the reason names the field and what is wrong.
    Failed { reason: String },
    /// A secret document: nothing of it may be kept by dondoc or on its behalf.
    Dropped,
}

/// A failure at the boundary, by what the caller can do about it.
#[derive(Debug, thiserror::Error)]
pub enum AdapterError {
    /// The source itself cannot be reached (the axis is down, refuses us, times out): the
    /// pass ends and no message is held responsible, however long it lasts.
    #[error("source {source_name} cannot be reached: {reason}")]
    Down { source_name: String, reason: String },
    /// Worth trying again later, a few times: a locked file, a message the source failed to
    /// hand over.
    #[error("source {source_name} is unavailable: {reason}")]
    Unavailable { source_name: String, reason: String },
    /// The message is no longer there (another instance took it); skip it.
    #[error("message {id} is gone from source {source_name}")]
    Gone { source_name: String, id: String },
    /// The source answered something that cannot be used; retrying will not help.
    #[error("source {source_name} answered something unusable: {reason}")]
    Invalid { source_name: String, reason: String },
    /// The message is over the size limit, and was streamed as it came into the file `kept`
    /// (never held in memory): the caller keeps that file aside before it settles the message
    /// failed, which the source may then forget.
    #[error("source {source_name} sent a message too large to read: {reason}")]
    Oversized {
        source_name: String,
        reason: String,
        kept: std::path::PathBuf,
    },
}
