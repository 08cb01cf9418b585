//! One loop for every source: the daemon's passes over each configured source and `dondoc
//! ingest` over the paths it is given both run [`drain`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dondoc_adapter_api::{AdapterError, Disposition, Source};

use super::pipeline::{Outcome, Pipeline};
use super::spool::edxml_files_in;
use crate::hooks::Point;
use crate::shutdown::Shutdown;
use crate::store::StoreError;

/// What happened to one message in a pass.
#[derive(Debug)]
pub struct Processed {
    pub id: String,
    /// The message's fate, settled with its source; `Err` when it was left where it is, to be tried
    /// again in a later pass.
    pub result: Result<Outcome, String>,
}

/// The outcome of one pass over a source.
#[derive(Debug, Default)]
pub struct Pass {
    pub processed: Vec<Processed>,
    /// Messages whose bytes the source handed over.
    pub fetched: usize,
    /// Refused messages kept as dead letters.
    pub dead_lettered: usize,
    /// Messages another daemon sharing the store was processing: left to it.
    pub claimed_elsewhere: Vec<String>,
    /// Messages not reached: a stop was asked for, or the pass ended early.
    pub not_reached: Vec<String>,
    /// Why the pass ended early, when it did (the source or the store is down).
    pub aborted: Option<DrainError>,
}

/// Counts of a pass, for the logs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PassStats {
    pub stored: usize,
    pub unchanged: usize,
    /// Revokes, updates and answers acted on (or kept until their document arrives).
    pub applied: usize,
    pub refused: usize,
    pub secret: usize,
    pub retry_later: usize,
}

impl Pass {
    pub fn stats(&self) -> PassStats {
        let mut s = PassStats::default();
        for p in &self.processed {
            match &p.result {
                Ok(Outcome::Stored { .. }) => s.stored += 1,
                Ok(Outcome::Unchanged { .. }) => s.unchanged += 1,
                Ok(Outcome::Applied { .. } | Outcome::Pending { .. }) => s.applied += 1,
                Ok(Outcome::Refused { .. }) => s.refused += 1,
                Ok(Outcome::Secret) => s.secret += 1,
                Err(_) => s.retry_later += 1,
            }
        }
        s
    }
}

/// How often a message may fail for reasons outside the message's own content (a store error
/// while the store itself answers, an unreadable file) before it is set aside as failed, so that
/// one poisoned message cannot hold up the ones behind it for ever.
#[derive(Debug)]
pub struct Attempts {
    limit: u32,
    seen: HashMap<String, u32>,
}

impl Attempts {
    pub fn new(limit: u32) -> Self {
        Self {
            limit: limit.max(1),
            seen: HashMap::new(),
        }
    }

    /// Counts a failure of `id`; true when it has now failed `limit` times.
    fn exhausted(&mut self, id: &str) -> bool {
        let n = self.seen.entry(id.to_string()).or_insert(0);
        *n += 1;
        *n >= self.limit
    }

    fn forget(&mut self, id: &str) {
        self.seen.remove(id);
    }
}

/// Why a pass ended early.
#[derive(Debug, thiserror::Error)]
pub enum DrainError {
    #[error(transparent)]
    Source(#[from] AdapterError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No sandbox worker can be started: the pass ends, no message blamed.
    #[error("{0}")]
    Reader(String),
}

/// Takes every message the source has waiting, in its order, settling each once its fate is
/// committed. Stops between messages when a stop is asked for. When the store itself is down the
/// pass ends with the message unsettled; when the store answers but refuses one message, that
/// message waits for a later pass, and after `attempts` failures is set aside as failed.
pub async fn drain<S: Source>(
    source: &mut S,
    pipeline: &Pipeline,
    shutdown: &Shutdown,
    attempts: &mut Attempts,
) -> Pass {
    let mut pass = Pass::default();
    let name = source.name().to_string();
    let ids = match source.list().await {
        Ok(ids) => ids,
        Err(e) => {
            pass.aborted = Some(e.into());
            return pass;
        }
    };
    for (i, id) in ids.iter().enumerate() {
        if shutdown.is_triggered() {
            pass.not_reached = ids[i..].to_vec();
            break;
        }
        // Two daemons sharing the store are offered the same messages by a shared source: the
        // first to claim one processes it; the other passes.
        let now = pipeline.clock().now();
        let claimer = source.shared().then(|| crate::instance::id(now));
        if let Some(claimer) = claimer {
            match claim(pipeline, &name, id, claimer, now).await {
                Ok(true) => {}
                Ok(false) => {
                    pass.claimed_elsewhere.push(id.clone());
                    continue;
                }
                Err(e) => {
                    pass.aborted = Some(e.into());
                    pass.not_reached = ids[i..].to_vec();
                    return pass;
                }
            }
        }
        let handled = handle(source, pipeline, shutdown, attempts, &mut pass, &name, id).await;
        // A settled message keeps its claim until the lease runs out: another daemon that
        // listed it before it was settled must not take it up again. One left for a later pass
        // is free at once; a claim that cannot be let go runs out with its lease.
        if let Some(claimer) = claimer {
            let store = pipeline.store();
            let kept = match handled {
                Ok(true) => {
                    let until = pipeline.clock().now() + CLAIM_LEASE;
                    store.settle_source_message(&name, id, claimer, until).await
                }
                _ => store.release_source_message(&name, id, claimer).await,
            };
            if let Err(e) = kept {
                tracing::warn!(source = %name, message = %id, error = %e, "Cannot record a message's claim; its lease runs out on its own");
            }
        }
        if let Err(abort) = handled {
            pass.aborted = Some(abort);
            pass.not_reached = ids[i..].to_vec();
            return pass;
        }
    }
    pass
}

/// How long a daemon keeps a source's message to itself: far longer than processing one takes.
const CLAIM_LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// Claims a message, or takes it over from a predecessor on this host that died holding it.
async fn claim(
    pipeline: &Pipeline,
    source: &str,
    id: &str,
    claimer: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, StoreError> {
    let store = pipeline.store();
    let until = now + CLAIM_LEASE;
    if store
        .claim_source_message(source, id, claimer, now, until)
        .await?
    {
        return Ok(true);
    }
    match store.source_message_holder(source, id).await? {
        Some(holder) if crate::instance::is_dead_local(&holder) => {
            store
                .take_over_source_message(source, id, &holder, claimer, until)
                .await
        }
        _ => Ok(false),
    }
}

/// One claimed message: fetched, processed, kept as a dead letter when refused, settled. `true`
/// once settled; `false` when left for a later pass (or gone). `Err` ends the pass (the source
/// or the store is down), the message unsettled.
async fn handle<S: Source>(
    source: &mut S,
    pipeline: &Pipeline,
    shutdown: &Shutdown,
    attempts: &mut Attempts,
    pass: &mut Pass,
    name: &str,
    id: &String,
) -> Result<bool, DrainError> {
    {
        let mut payload = None;
        // An oversized message, streamed by its source into this file instead of `payload`.
        let mut kept_file = None;
        // `Err` is a failure outside the message's content: retried, then set aside.
        let result = match source.fetch(id).await {
            Ok(bytes) => {
                pass.fetched += 1;
                // Recorded before the work: a message that killed the process twice (memory,
                // a crash in a library) is set aside rather than taken a third time.
                let died_during = pipeline.store().start_intake(name, id).await?;
                crate::hooks::crash_point("source_after_fetch");
                let bytes = payload.insert(bytes);
                let processed = if died_during >= POISON_AFTER {
                    tracing::error!(source = %name, message = %id, times = died_during, "A message stopped the process each time it was read; set aside");
                    Ok(Outcome::Refused {
                        reason: format!(
                            "dondoc stopped {died_during} times while reading this message; set \
                             aside so that the others go on"
                        ),
                    })
                } else {
                    pipeline.process(name, id, bytes, shutdown).await
                };
                pipeline.store().end_intake(name, id).await?;
                match processed {
                    Ok(outcome) => Ok(outcome),
                    Err(e @ crate::sync::ProcessError::ReaderDown(_)) => {
                        return Err(DrainError::Reader(e.to_string()))
                    }
                    Err(e) => {
                        pipeline.store().ping().await?;
                        Err(format!("the store refused it: {e}"))
                    }
                }
            }
            // Another instance took it, or it was withdrawn: nothing to do.
            Err(AdapterError::Gone { .. }) => return Ok(false),
            // The source is down: no message is to blame, the pass ends.
            Err(e @ AdapterError::Down { .. }) => return Err(e.into()),
            Err(AdapterError::Invalid { reason, .. }) => Ok(Outcome::Refused { reason }),
            Err(AdapterError::Oversized { reason, kept, .. }) => {
                pass.fetched += 1;
                kept_file = Some(kept);
                Ok(Outcome::Refused { reason })
            }
            Err(e @ AdapterError::Unavailable { .. }) => Err(e.to_string()),
        };
        let outcome = match result.or_else(|reason| retry_or_refuse(attempts, id, reason)) {
            Ok(outcome) => outcome,
            Err(reason) => {
                tracing::warn!(source = %name, message = %id, reason = %reason, "Message left for a later pass");
                pass.processed.push(Processed {
                    id: id.clone(),
                    result: Err(reason),
                });
                return Ok(false);
            }
        };
        // A message refused without its bytes (the source never gave them) cannot be kept as a
        // dead letter; a source that forgets what it is told failed (an axis) keeps it for a
        // later pass instead.
        if let (Outcome::Refused { reason }, None, None, false) =
            (&outcome, &payload, &kept_file, source.keeps_failed())
        {
            tracing::warn!(source = %name, message = %id, reason = %reason, "Message not fetched; left for a later pass");
            pass.processed.push(Processed {
                id: id.clone(),
                result: Err(reason.clone()),
            });
            return Ok(false);
        }
        attempts.forget(id);
        if let (Outcome::Refused { reason }, Some(dl)) = (&outcome, pipeline.dead_letters()) {
            let kept = match (&payload, &kept_file) {
                (Some(bytes), _) => Some(dl.record(name, id, bytes, reason).await),
                (None, Some(file)) => Some(dl.record_file(name, id, file, reason).await),
                (None, None) => None,
            };
            match kept {
                None => {}
                Some(Ok(dl_id)) => {
                    pass.dead_lettered += 1;
                    tracing::info!(source = %name, message = %id, dead_letter = dl_id, "Refused message kept as a dead letter")
                }
                Some(Err(e)) => {
                    // Not kept, so not settled: the source must not let go of it (an axis told
                    // `fail` forgets it). It comes again at a later pass.
                    tracing::error!(source = %name, message = %id, error = %e, "Cannot keep a refused message as a dead letter; left for a later pass");
                    return Ok(false);
                }
            }
        }
        pipeline.hooks().reached(Point::AfterCommit, shutdown).await;
        crate::hooks::crash_point("source_before_ack");
        let disposition = log_outcome(name, id, &outcome);
        if let Err(e) = source.settle(id, &disposition).await {
            // The data is committed; the message comes again and then changes nothing.
            tracing::error!(source = %name, message = %id, error = %e, "Cannot settle a processed message");
        }
        crate::hooks::crash_point("source_after_ack");
        pass.processed.push(Processed {
            id: id.clone(),
            result: Ok(outcome),
        });
    }
    Ok(true)
}

/// How many deaths of the process while reading one message set it aside.
const POISON_AFTER: i64 = 2;

/// A failure that is not the store being down: `Err` to try again later, or, once the attempts
/// are used up, the refusal to settle.
fn retry_or_refuse(attempts: &mut Attempts, id: &str, reason: String) -> Result<Outcome, String> {
    if attempts.exhausted(id) {
        Ok(Outcome::Refused {
            reason: format!("{reason} (after {} attempt(s))", attempts.limit),
        })
    } else {
        Err(reason)
    }
}

fn log_outcome(source: &str, id: &str, outcome: &Outcome) -> Disposition {
    match outcome {
        Outcome::Stored {
            document,
            tasks,
            unverified_units,
        } => {
            tracing::info!(source, message = %id, document = %document, tasks, unverified_units, "Document stored");
            Disposition::Done
        }
        Outcome::Unchanged { document } => {
            tracing::info!(source, message = %id, document = document.as_deref().unwrap_or("?"), "Message already processed; nothing changed");
            Disposition::Done
        }
        Outcome::Applied { document, effect } => {
            tracing::info!(source, message = %id, document = %document, effect = %effect, "Answer applied");
            Disposition::Done
        }
        Outcome::Pending { document } => {
            tracing::info!(source, message = %id, document = %document, "Answer kept until its document arrives");
            Disposition::Done
        }
        Outcome::Secret => {
            // Only the fact is logged: not the id, which may carry the document's number.
            tracing::warn!(source, "Secret document dropped");
            Disposition::Dropped
        }
        Outcome::Refused { reason } => {
            tracing::warn!(source, message = %id, reason = %reason, "Message refused");
            Disposition::Failed {
                reason: reason.clone(),
            }
        }
    }
}

/// The files named on the command line, as a source: listed in the order given (a folder's
/// `.edxml` files in name order), read in place, and never moved.
#[derive(Debug)]
pub struct PathsSource {
    name: String,
    items: Vec<(String, Result<PathBuf, String>)>,
}

impl PathsSource {
    pub fn new(name: &str, args: &[PathBuf]) -> Self {
        let mut items = Vec::new();
        for arg in args {
            if arg.is_dir() {
                match edxml_files_in(arg) {
                    Ok(files) => {
                        items.extend(files.into_iter().map(|f| (f.display().to_string(), Ok(f))))
                    }
                    Err(e) => items.push((
                        arg.display().to_string(),
                        Err(format!("cannot read the folder: {e}")),
                    )),
                }
            } else if arg.is_file() {
                items.push((arg.display().to_string(), Ok(arg.clone())));
            } else {
                items.push((
                    arg.display().to_string(),
                    Err("no such file or folder".into()),
                ));
            }
        }
        Self {
            name: name.to_string(),
            items,
        }
    }

    fn path(&self, id: &str) -> Result<&Path, AdapterError> {
        let invalid = |reason: String| AdapterError::Invalid {
            source_name: self.name.clone(),
            reason,
        };
        match self.items.iter().find(|(i, _)| i == id) {
            Some((_, Ok(p))) => Ok(p),
            Some((_, Err(reason))) => Err(invalid(reason.clone())),
            None => Err(invalid(format!("{id} was not given"))),
        }
    }
}

impl Source for PathsSource {
    fn name(&self) -> &str {
        &self.name
    }

    async fn list(&mut self) -> Result<Vec<String>, AdapterError> {
        Ok(self.items.iter().map(|(id, _)| id.clone()).collect())
    }

    async fn fetch(&mut self, id: &str) -> Result<Vec<u8>, AdapterError> {
        let path = self.path(id)?;
        tokio::fs::read(path)
            .await
            .map_err(|e| AdapterError::Invalid {
                source_name: self.name.clone(),
                reason: format!("cannot read the file: {e}"),
            })
    }

    /// The files belong to whoever gave them: they stay where they are.
    async fn settle(&mut self, _id: &str, _disposition: &Disposition) -> Result<(), AdapterError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{parse_instant, FixedClock, SharedClock};
    use crate::hooks::Hooks;
    use crate::store::Store;
    use std::sync::Arc;

    /// An in-memory source: `unreadable` ids fail to fetch as a locked file would.
    struct FakeSource {
        waiting: Vec<(String, Vec<u8>)>,
        unreadable: Vec<String>,
        settled: Vec<(String, Disposition)>,
    }

    impl Source for FakeSource {
        fn name(&self) -> &str {
            "fake"
        }

        async fn list(&mut self) -> Result<Vec<String>, AdapterError> {
            Ok(self.waiting.iter().map(|(id, _)| id.clone()).collect())
        }

        async fn fetch(&mut self, id: &str) -> Result<Vec<u8>, AdapterError> {
            if self.unreadable.iter().any(|u| u == id) {
                return Err(AdapterError::Unavailable {
                    source_name: "fake".into(),
                    reason: "locked".into(),
                });
            }
            let found = self.waiting.iter().find(|(i, _)| i == id);
            Ok(found.map(|(_, b)| b.clone()).unwrap_or_default())
        }

        async fn settle(&mut self, id: &str, d: &Disposition) -> Result<(), AdapterError> {
            self.waiting.retain(|(i, _)| i != id);
            self.settled.push((id.to_string(), d.clone()));
            Ok(())
        }
    }

    async fn pipeline() -> (Pipeline, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let store = Store::connect(&crate::config::DatabaseConfig {
            url: url.into(),
            password: None,
            max_connections: 2,
            busy_timeout: std::time::Duration::from_secs(5),
        })
        .await
        .unwrap();
        store.migrate().await.unwrap();
        let clock: SharedClock = Arc::new(FixedClock::new(parse_instant("2024-05-15").unwrap()));
        (Pipeline::new(store, clock, Hooks::none()), dir)
    }

    #[tokio::test]
    async fn a_message_that_keeps_failing_is_set_aside_without_holding_up_the_others() {
        let (pipeline, _dir) = pipeline().await;
        let good = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("config/demo/inbox/2026-11-16_1611-UBND-XD.edxml"),
        )
        .unwrap();
        let mut source = FakeSource {
            waiting: vec![("a-locked".into(), Vec::new()), ("b-good".into(), good)],
            unreadable: vec!["a-locked".into()],
            settled: Vec::new(),
        };
        let mut attempts = Attempts::new(3);
        let shutdown = Shutdown::new();

        let first = drain(&mut source, &pipeline, &shutdown, &mut attempts).await;
        assert_eq!(
            first.stats().stored,
            1,
            "the message behind the stuck one went through"
        );
        assert_eq!(first.stats().retry_later, 1);
        assert_eq!(source.settled, [("b-good".to_string(), Disposition::Done)]);

        let second = drain(&mut source, &pipeline, &shutdown, &mut attempts).await;
        assert_eq!(second.stats().retry_later, 1);
        let third = drain(&mut source, &pipeline, &shutdown, &mut attempts).await;
        assert_eq!(third.stats().refused, 1);
        match &source.settled[1] {
            (id, Disposition::Failed { reason }) => {
                assert_eq!(id, "a-locked");
                assert!(
                    reason.contains("locked") && reason.contains("3 attempt"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(source.waiting.is_empty());
    }

    #[tokio::test]
    async fn a_stop_leaves_the_messages_not_reached_unsettled() {
        let (pipeline, _dir) = pipeline().await;
        let mut source = FakeSource {
            waiting: vec![("x".into(), b"<edXML/>".to_vec())],
            unreadable: Vec::new(),
            settled: Vec::new(),
        };
        let shutdown = Shutdown::new();
        shutdown.trigger();
        let pass = drain(&mut source, &pipeline, &shutdown, &mut Attempts::new(1)).await;
        assert_eq!(pass.not_reached, ["x"]);
        assert!(source.settled.is_empty());
    }
}
