//! The configured sources as one type: each `[[sources]]` table opened as what it names (a
//! spool folder, the document axis), driven by the same loop, and its passes counted in the store
//! under its name.

use anyhow::Context;
use dondoc_adapter_api::{AdapterCounts, AdapterError, Disposition, Source};

use super::ingest::{drain, Attempts, Pass};
use super::spool::Spool;
use super::Pipeline;
use crate::config::SourceConfig;
use crate::shutdown::Shutdown;
use crate::store::PassCounts;

/// A configured source, opened.
#[derive(Debug)]
pub enum Configured {
    Spool(Spool),
    Vdxp(Box<dondoc_vdxp::VdxpSource>),
}

impl Configured {
    /// Opens a `[[sources]]` table: prepares a spool's folders, builds the axis client.
    /// `max_message_bytes` is `[edxml]`'s limit, which a spool checks from a file's length
    /// before reading it; an axis document over it is streamed into `<data_dir>/tmp/oversized`
    /// to be kept as a dead letter.
    pub fn open(
        config: &SourceConfig,
        max_message_bytes: u64,
        data_dir: &std::path::Path,
    ) -> anyhow::Result<Self> {
        match config {
            SourceConfig::Spool(cfg) => {
                let spool = Spool::new(cfg.clone()).with_max_bytes(max_message_bytes);
                spool.prepare().with_context(|| {
                    format!("failed to prepare the spool folder of source {}", cfg.name)
                })?;
                Ok(Self::Spool(spool))
            }
            SourceConfig::Vdxp(cfg) => {
                let axis = cfg
                    .axis
                    .clone()
                    .limit_replies(max_message_bytes, data_dir.join("tmp").join("oversized"));
                let source = dondoc_vdxp::VdxpSource::new(axis)
                    .with_context(|| format!("failed to set up source {}", cfg.axis.name))?;
                Ok(Self::Vdxp(Box::new(source)))
            }
        }
    }
}

impl Source for Configured {
    fn name(&self) -> &str {
        match self {
            Self::Spool(s) => s.name(),
            Self::Vdxp(s) => s.name(),
        }
    }

    async fn list(&mut self) -> Result<Vec<String>, AdapterError> {
        match self {
            Self::Spool(s) => s.list().await,
            Self::Vdxp(s) => s.list().await,
        }
    }

    async fn fetch(&mut self, id: &str) -> Result<Vec<u8>, AdapterError> {
        match self {
            Self::Spool(s) => s.fetch(id).await,
            Self::Vdxp(s) => s.fetch(id).await,
        }
    }

    async fn settle(&mut self, id: &str, disposition: &Disposition) -> Result<(), AdapterError> {
        match self {
            Self::Spool(s) => s.settle(id, disposition).await,
            Self::Vdxp(s) => s.settle(id, disposition).await,
        }
    }

    fn shared(&self) -> bool {
        match self {
            Self::Spool(s) => s.shared(),
            Self::Vdxp(s) => s.shared(),
        }
    }

    fn take_counts(&mut self) -> AdapterCounts {
        match self {
            Self::Spool(s) => s.take_counts(),
            Self::Vdxp(s) => s.take_counts(),
        }
    }
}

/// One pass of `source`, recorded in the store (its counts, its last poll and error) and in
/// the logs as named events.
pub async fn pass<S: Source>(
    source: &mut S,
    pipeline: &Pipeline,
    shutdown: &Shutdown,
    attempts: &mut Attempts,
) -> Pass {
    let pass = drain(source, pipeline, shutdown, attempts).await;
    let adapter = source.take_counts();
    let counts = counts(&pass, adapter);
    let name = source.name().to_string();
    log(&name, &pass, &counts);
    let error = pass.aborted.as_ref().map(|e| e.to_string());
    let at = pipeline.clock().now();
    if let Err(e) = pipeline
        .store()
        .record_pass(&name, at, error.as_deref(), &counts)
        .await
    {
        tracing::warn!(source = %name, error = %e, "Cannot record a source's pass");
    }
    if let Err(e) = pipeline.store().purge_source_claims(&name, at).await {
        tracing::warn!(source = %name, error = %e, "Cannot forget the source's old claims");
    }
    pass
}

/// A pass's counts: what the pipeline did with each message, and what the adapter saw.
pub fn counts(pass: &Pass, adapter: AdapterCounts) -> PassCounts {
    let stats = pass.stats();
    PassCounts {
        fetched: pass.fetched as u64,
        stored: stats.stored as u64,
        dead_lettered: pass.dead_lettered as u64,
        retried: adapter.retries + stats.retry_later as u64,
        skipped: adapter.skipped + pass.claimed_elsewhere.len() as u64,
    }
}

fn log(source: &str, pass: &Pass, counts: &PassCounts) {
    let stats = pass.stats();
    if *counts != PassCounts::default() || stats != Default::default() {
        tracing::info!(
            source,
            fetched = counts.fetched,
            stored = stats.stored,
            unchanged = stats.unchanged,
            applied = stats.applied,
            refused = stats.refused,
            secret = stats.secret,
            retry_later = stats.retry_later,
            retried = counts.retried,
            skipped = counts.skipped,
            "Source pass done"
        );
    }
    if let Some(e) = &pass.aborted {
        tracing::error!(source, error = %e, "Source pass ended early; retrying at the next poll");
    }
}
