//! The spool folder: `.edxml` files dropped in the inbox move to `processed/` once their data is
//! committed, or to `failed/` beside a `.reason` file. A move is a rename inside one file system,
//! so a file is always wholly in one folder.

use std::io;
use std::path::{Path, PathBuf};

use dondoc_adapter_api::{AdapterError, Disposition, Source};

use crate::config::SpoolConfig;

#[derive(Debug, Clone)]
pub struct Spool {
    config: SpoolConfig,
    /// A file longer than this is refused from its length, never read.
    max_bytes: u64,
}

impl Spool {
    pub fn new(config: SpoolConfig) -> Self {
        Self {
            config,
            max_bytes: u64::MAX,
        }
    }

    /// Refuses files longer than `max_bytes` (`[edxml] max_message_mib`) from their length.
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    pub fn inbox(&self) -> &Path {
        &self.config.path
    }

    /// Makes the three folders.
    pub fn prepare(&self) -> io::Result<()> {
        for dir in [
            self.config.path.clone(),
            self.config.processed_dir(),
            self.config.failed_dir(),
        ] {
            std::fs::create_dir_all(&dir).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        Ok(())
    }

    fn unavailable(&self, e: impl std::fmt::Display) -> AdapterError {
        AdapterError::Unavailable {
            source_name: self.config.name.clone(),
            reason: e.to_string(),
        }
    }

    /// A message id is a file name in the inbox, never a path elsewhere.
    fn file(&self, id: &str) -> Result<PathBuf, AdapterError> {
        let name = Path::new(id);
        if name.components().count() != 1 || name.file_name().is_none() {
            return Err(AdapterError::Invalid {
                source_name: self.config.name.clone(),
                reason: format!("{id:?} is not a file name"),
            });
        }
        Ok(self.config.path.join(name))
    }
}

impl Source for Spool {
    fn name(&self) -> &str {
        &self.config.name
    }

    async fn list(&mut self) -> Result<Vec<String>, AdapterError> {
        let files = edxml_files_in(&self.config.path).map_err(|e| {
            self.unavailable(format!("cannot read {}: {e}", self.config.path.display()))
        })?;
        let mut ids = Vec::with_capacity(files.len());
        let mut unsettled = 0usize;
        for path in files {
            if !settled(&path, self.config.settle) {
                unsettled += 1;
                continue;
            }
            match path.file_name().and_then(|n| n.to_str()) {
                Some(name) => ids.push(name.to_string()),
                None => tracing::warn!(
                    source = %self.config.name,
                    file = %path.display(),
                    "A file name that is not UTF-8 is left in the inbox; rename it to have it taken in"
                ),
            }
        }
        if unsettled > 0 {
            tracing::debug!(source = %self.config.name, files = unsettled, "Files still being written are left for a later pass");
        }
        Ok(ids)
    }

    async fn fetch(&mut self, id: &str) -> Result<Vec<u8>, AdapterError> {
        let file = self.file(id)?;
        // Too long is refused from the length: the file is never held in memory, and, refused,
        // it moves to `failed/` whole, where the Office finds it.
        if let Ok(meta) = tokio::fs::metadata(&file).await {
            if meta.len() > self.max_bytes {
                return Err(AdapterError::Invalid {
                    source_name: self.config.name.clone(),
                    reason: format!(
                        "the file is {} bytes, over the limit of {} ([edxml] max_message_mib)",
                        meta.len(),
                        self.max_bytes
                    ),
                });
            }
        }
        match tokio::fs::read(&file).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Err(AdapterError::Gone {
                source_name: self.config.name.clone(),
                id: id.to_string(),
            }),
            Err(e) => Err(self.unavailable(format!("cannot read {}: {e}", file.display()))),
        }
    }

    async fn settle(&mut self, id: &str, disposition: &Disposition) -> Result<(), AdapterError> {
        let file = self.file(id)?;
        let result = match disposition {
            Disposition::Done => move_into(&file, &self.config.processed_dir()).map(drop),
            Disposition::Failed { reason } => mark_failed(&file, &self.config.failed_dir(), reason),
            // Nothing of a secret document may stay on disk.
            Disposition::Dropped => std::fs::remove_file(&file),
        };
        result.map_err(|e| self.unavailable(format!("cannot move {}: {e}", file.display())))
    }
}

/// Whether the file has gone unwritten for `settle`: its modification time is that old. The
/// age is read on this machine's wall clock, which stamps the files written here, not on
/// dondoc's clock (which tests and `--as-of` set elsewhere). A time in the future (a share
/// served by another machine whose clock runs ahead, a copy that kept its times) cannot be
/// waited out reliably: such a file is taken.
fn settled(path: &Path, settle: std::time::Duration) -> bool {
    if settle.is_zero() {
        return true;
    }
    let Ok(modified) = std::fs::metadata(path).and_then(|m| m.modified()) else {
        // Gone or unreadable: the fetch will say which.
        return true;
    };
    match std::time::SystemTime::now().duration_since(modified) {
        Ok(age) => age >= settle,
        Err(_) => true,
    }
}

/// Moves a refused file to `dir`, with its reason beside it.
fn mark_failed(file: &Path, dir: &Path, reason: &str) -> io::Result<()> {
    let target = free_name(dir, file)?;
    // The reason is written first: a stop between the two steps leaves the file in the inbox
    // (to be tried again), never a failed file without its reason.
    let mut reason_path = target.clone().into_os_string();
    reason_path.push(".reason");
    std::fs::write(&reason_path, format!("{}: {reason}\n", file.display()))?;
    std::fs::rename(file, &target)
}

/// The `.edxml` files directly in `dir` (extension in any case), sorted by name.
pub fn edxml_files_in(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_edxml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("edxml"));
        if is_edxml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn move_into(file: &Path, dir: &Path) -> io::Result<PathBuf> {
    let target = free_name(dir, file)?;
    std::fs::rename(file, &target)?;
    Ok(target)
}

/// `dir/<name>`, or `dir/<stem>.<n>.<ext>` when a file of that name is there already (the same
/// name dropped twice must not overwrite the first).
fn free_name(dir: &Path, file: &Path) -> io::Result<PathBuf> {
    let name = file.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} has no file name", file.display()),
        )
    })?;
    let first = dir.join(name);
    if !first.exists() {
        return Ok(first);
    }
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("message");
    let ext = file.extension().and_then(|s| s.to_str()).unwrap_or("edxml");
    (1..10_000)
        .map(|n| dir.join(format!("{stem}.{n}.{ext}")))
        .find(|p| !p.exists())
        .ok_or_else(|| {
            io::Error::other(format!(
                "no free name for {} in {}",
                file.display(),
                dir.display()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::time::Duration;

    fn spool(root: &Path) -> Spool {
        settling(root, Duration::ZERO)
    }

    fn settling(root: &Path, settle: Duration) -> Spool {
        let s = Spool::new(SpoolConfig {
            name: "inbox".into(),
            path: root.join("inbox"),
            poll_interval: Duration::from_secs(1),
            settle,
        });
        s.prepare().unwrap();
        s
    }

    /// The report's case: a file written in three chunks was read after the first. Now a file
    /// written moments ago is left alone, whatever its size, until it has gone unwritten for
    /// the settle time; a `.part` file being written is never listed, and its rename is taken.
    #[tokio::test]
    async fn a_file_still_being_written_is_not_taken_until_it_settles() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = settling(dir.path(), Duration::from_secs(30));
        let inbox = dir.path().join("inbox");
        let whole = vec![b'x'; 5066];
        std::fs::write(inbox.join("a.edxml"), &whole[..1688]).unwrap();
        std::fs::write(inbox.join("b.edxml.part"), &whole).unwrap();
        assert!(s.list().await.unwrap().is_empty(), "first chunk only");
        std::fs::OpenOptions::new()
            .append(true)
            .open(inbox.join("a.edxml"))
            .unwrap()
            .write_all(&whole[1688..])
            .unwrap();
        assert!(s.list().await.unwrap().is_empty(), "just written");
        // The writer is done and the file has gone unwritten for a minute.
        let a_minute_ago = std::time::SystemTime::now() - Duration::from_secs(60);
        for name in ["a.edxml", "b.edxml.part"] {
            std::fs::File::options()
                .write(true)
                .open(inbox.join(name))
                .unwrap()
                .set_modified(a_minute_ago)
                .unwrap();
        }
        assert_eq!(s.list().await.unwrap(), ["a.edxml"]);
        assert_eq!(s.fetch("a.edxml").await.unwrap().len(), 5066);
        std::fs::rename(inbox.join("b.edxml.part"), inbox.join("b.edxml")).unwrap();
        assert_eq!(s.list().await.unwrap(), ["a.edxml", "b.edxml"]);
    }

    #[tokio::test]
    async fn a_file_over_the_limit_is_refused_from_its_length() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = spool(dir.path()).with_max_bytes(1024);
        std::fs::write(dir.path().join("inbox/big.edxml"), vec![b'x'; 1025]).unwrap();
        std::fs::write(dir.path().join("inbox/small.edxml"), vec![b'x'; 1024]).unwrap();
        match s.fetch("big.edxml").await {
            Err(AdapterError::Invalid { reason, .. }) => {
                assert!(
                    reason.contains("1025 bytes, over the limit of 1024"),
                    "{reason}"
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(s.fetch("small.edxml").await.unwrap().len(), 1024);
    }

    #[tokio::test]
    async fn files_are_taken_in_name_order_and_only_edxml() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = spool(dir.path());
        for name in ["b.edxml", "a.EDXML", "c.txt"] {
            std::fs::write(s.inbox().join(name), "x").unwrap();
        }
        assert_eq!(s.list().await.unwrap(), ["a.EDXML", "b.edxml"]);
    }

    #[tokio::test]
    async fn a_message_id_cannot_reach_outside_the_inbox() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = spool(dir.path());
        std::fs::write(dir.path().join("secret.edxml"), "x").unwrap();
        for id in ["../secret.edxml", "/etc/passwd", "a/../../secret.edxml"] {
            assert!(
                matches!(s.fetch(id).await, Err(AdapterError::Invalid { .. })),
                "{id}"
            );
        }
        assert!(matches!(
            s.fetch("gone.edxml").await,
            Err(AdapterError::Gone { .. })
        ));
    }

    #[tokio::test]
    async fn a_failed_file_keeps_its_reason_and_a_second_one_of_the_same_name_does_not_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = spool(dir.path());
        let failed = Disposition::Failed {
            reason: "field X: broken".into(),
        };
        for round in 0..2 {
            let f = s.inbox().join("x.edxml");
            std::fs::write(&f, format!("round {round}")).unwrap();
            s.settle("x.edxml", &failed).await.unwrap();
            assert!(!f.exists());
        }
        let dir = dir.path().join("failed");
        assert_eq!(
            std::fs::read_to_string(dir.join("x.edxml")).unwrap(),
            "round 0"
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("x.1.edxml")).unwrap(),
            "round 1"
        );
        assert!(std::fs::read_to_string(dir.join("x.1.edxml.reason"))
            .unwrap()
            .contains("field X: broken"));
    }

    #[tokio::test]
    async fn a_dropped_message_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = spool(dir.path());
        std::fs::write(s.inbox().join("s.edxml"), "x").unwrap();
        s.settle("s.edxml", &Disposition::Dropped).await.unwrap();
        for sub in ["inbox", "processed", "failed"] {
            assert!(
                std::fs::read_dir(dir.path().join(sub))
                    .unwrap()
                    .next()
                    .is_none(),
                "{sub}"
            );
        }
    }
}
