//! Batches of files: the daemon draining a spool folder, and `dondoc ingest` over given paths.

use std::path::{Path, PathBuf};

use dondoc_adapter_api::{AdapterError, Disposition, Source};

use super::pipeline::{Outcome, Pipeline};
use super::spool::edxml_files_in;
use crate::hooks::Point;
use crate::shutdown::Shutdown;
use crate::store::StoreError;

/// What happened to one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// The pipeline's verdict, or why the file could not even be read.
    pub result: Result<Outcome, String>,
}

/// Counts of one pass over a spool folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DrainStats {
    pub stored: usize,
    pub unchanged: usize,
    pub refused: usize,
    pub secret: usize,
}

/// Takes every message the source has waiting, in its order, settling each once its fate is
/// committed. Stops between messages when a stop is asked for. A store failure ends the pass with
/// the message unsettled, to be tried on the next poll.
pub async fn drain<S: Source>(
    source: &mut S,
    pipeline: &Pipeline,
    shutdown: &Shutdown,
) -> Result<DrainStats, DrainError> {
    let mut stats = DrainStats::default();
    let name = source.name().to_string();
    for id in source.list().await? {
        if shutdown.is_triggered() {
            break;
        }
        let bytes = match source.fetch(&id).await {
            Ok(b) => b,
            // Another instance took it, or it was withdrawn: nothing to do.
            Err(AdapterError::Gone { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        let outcome = pipeline.process(&name, &id, &bytes, shutdown).await?;
        pipeline.hooks().reached(Point::AfterCommit, shutdown).await;
        let disposition = match &outcome {
            Outcome::Stored {
                document,
                tasks,
                unverified_units,
            } => {
                stats.stored += 1;
                tracing::info!(source = %name, message = %id, document = %document, tasks, unverified_units, "Document stored");
                Disposition::Done
            }
            Outcome::Unchanged { document } => {
                stats.unchanged += 1;
                tracing::info!(source = %name, message = %id, document = document.as_deref().unwrap_or("?"), "Message already processed; nothing changed");
                Disposition::Done
            }
            Outcome::Secret => {
                stats.secret += 1;
                // Only the fact is logged: not the id, which may carry the document's number.
                tracing::warn!(source = %name, "Secret document dropped");
                Disposition::Dropped
            }
            Outcome::Refused { reason } => {
                stats.refused += 1;
                tracing::warn!(source = %name, message = %id, reason = %reason, "Message refused");
                Disposition::Failed {
                    reason: reason.clone(),
                }
            }
        };
        if let Err(e) = source.settle(&id, &disposition).await {
            // The data is committed; the message comes again and then changes nothing.
            tracing::error!(source = %name, message = %id, error = %e, "Cannot settle a processed message");
        }
    }
    Ok(stats)
}

/// Why a pass over a source ended early.
#[derive(Debug, thiserror::Error)]
pub enum DrainError {
    #[error(transparent)]
    Source(#[from] AdapterError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The files named by `args`, in the order given; a folder contributes its `.edxml` files in name
/// order. A path that does not exist is reported, not fatal.
pub fn expand_paths(args: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, String)>> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            match edxml_files_in(arg) {
                Ok(files) => out.extend(files.into_iter().map(Ok)),
                Err(e) => out.push(Err((arg.clone(), format!("cannot read the folder: {e}")))),
            }
        } else if arg.is_file() {
            out.push(Ok(arg.clone()));
        } else {
            out.push(Err((arg.clone(), "no such file or folder".into())));
        }
    }
    out
}

/// Runs the pipeline once over the given files, leaving them where they are.
pub async fn ingest_paths(
    args: &[PathBuf],
    source: &str,
    pipeline: &Pipeline,
    shutdown: &Shutdown,
) -> Result<Vec<FileReport>, StoreError> {
    let mut reports = Vec::new();
    for item in expand_paths(args) {
        if shutdown.is_triggered() {
            break;
        }
        let path = match item {
            Ok(p) => p,
            Err((path, reason)) => {
                reports.push(FileReport {
                    path,
                    result: Err(reason),
                });
                continue;
            }
        };
        let result = match std::fs::read(&path) {
            Ok(bytes) => Ok(pipeline
                .process(source, &file_name(&path), &bytes, shutdown)
                .await?),
            Err(e) => Err(format!("cannot read the file: {e}")),
        };
        reports.push(FileReport { path, result });
    }
    Ok(reports)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
