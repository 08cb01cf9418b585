//! Batches of files: the daemon draining a spool folder, and `dondoc ingest` over given paths.

use std::path::{Path, PathBuf};

use super::pipeline::{Outcome, Pipeline};
use super::spool::{edxml_files_in, Spool};
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

/// Processes the inbox's files in name order, moving each out once its fate is committed. Stops
/// between files when a stop is asked for. A store failure ends the pass with the file still in
/// the inbox, to be tried on the next poll.
pub async fn drain_spool(
    spool: &Spool,
    pipeline: &Pipeline,
    shutdown: &Shutdown,
) -> Result<DrainStats, DrainError> {
    let mut stats = DrainStats::default();
    let files = spool.pending().map_err(|source| DrainError::Folder {
        folder: spool.inbox().to_path_buf(),
        source,
    })?;
    for file in files {
        if shutdown.is_triggered() {
            break;
        }
        let origin = file_name(&file);
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            // Gone (another instance took it) or unreadable for now: the next poll sees.
            Err(e) => {
                tracing::warn!(file = %file.display(), error = %e, "Cannot read a spool file; skipping it this pass");
                continue;
            }
        };
        let outcome = pipeline
            .process(spool.name(), &origin, &bytes, shutdown)
            .await?;
        pipeline.hooks().reached(Point::AfterCommit, shutdown).await;
        let moved = match &outcome {
            Outcome::Stored {
                document,
                tasks,
                unverified_units,
            } => {
                stats.stored += 1;
                tracing::info!(source = spool.name(), file = %origin, document = %document, tasks, unverified_units, "Document stored");
                spool.mark_done(&file)
            }
            Outcome::Unchanged { document } => {
                stats.unchanged += 1;
                tracing::info!(source = spool.name(), file = %origin, document = document.as_deref().unwrap_or("?"), "Message already processed; nothing changed");
                spool.mark_done(&file)
            }
            Outcome::Secret => {
                stats.secret += 1;
                // Nothing of it may stay on disk, and nothing of it is logged but the fact.
                tracing::warn!(source = spool.name(), "Secret document dropped");
                std::fs::remove_file(&file).map(|()| file.clone())
            }
            Outcome::Refused { reason } => {
                stats.refused += 1;
                tracing::warn!(source = spool.name(), file = %origin, reason = %reason, "Message refused; moved to failed/");
                spool.mark_failed(&file, reason)
            }
        };
        if let Err(e) = moved {
            // The data is committed; the file stays in the inbox and its second pass changes nothing.
            tracing::error!(file = %file.display(), error = %e, "Cannot move a processed spool file");
        }
    }
    Ok(stats)
}

/// Why a pass over the spool ended early.
#[derive(Debug, thiserror::Error)]
pub enum DrainError {
    #[error("cannot read the spool folder {}: {source}", folder.display())]
    Folder {
        folder: PathBuf,
        source: std::io::Error,
    },
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
