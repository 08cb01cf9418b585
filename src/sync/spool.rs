//! The spool folder: `.edxml` files dropped in the inbox move to `processed/` once their data is
//! committed, or to `failed/` beside a `.reason` file. A move is a rename inside one file system,
//! so a file is always wholly in one folder.

use std::io;
use std::path::{Path, PathBuf};

use crate::config::SpoolConfig;

#[derive(Debug, Clone)]
pub struct Spool {
    config: SpoolConfig,
}

impl Spool {
    pub fn new(config: SpoolConfig) -> Self {
        Self { config }
    }

    pub fn name(&self) -> &str {
        &self.config.name
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

    /// The inbox's `.edxml` files, in name order.
    pub fn pending(&self) -> io::Result<Vec<PathBuf>> {
        edxml_files_in(&self.config.path)
    }

    /// Moves a file whose data is committed to `processed/`.
    pub fn mark_done(&self, file: &Path) -> io::Result<PathBuf> {
        move_into(file, &self.config.processed_dir())
    }

    /// Moves a refused file to `failed/`, with its reason beside it.
    pub fn mark_failed(&self, file: &Path, reason: &str) -> io::Result<PathBuf> {
        let dir = self.config.failed_dir();
        let target = free_name(&dir, file)?;
        // The reason is written first: a stop between the two steps leaves the file in the inbox
        // (to be tried again), never a failed file without its reason.
        let mut reason_path = target.clone().into_os_string();
        reason_path.push(".reason");
        std::fs::write(&reason_path, format!("{}: {reason}\n", file.display()))?;
        std::fs::rename(file, &target)?;
        Ok(target)
    }
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
    use std::time::Duration;

    fn spool(root: &Path) -> Spool {
        let s = Spool::new(SpoolConfig {
            name: "inbox".into(),
            path: root.join("inbox"),
            poll_interval: Duration::from_secs(1),
        });
        s.prepare().unwrap();
        s
    }

    #[test]
    fn files_are_taken_in_name_order_and_only_edxml() {
        let dir = tempfile::tempdir().unwrap();
        let s = spool(dir.path());
        for name in ["b.edxml", "a.EDXML", "c.txt"] {
            std::fs::write(s.inbox().join(name), "x").unwrap();
        }
        let names: Vec<_> = s
            .pending()
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.EDXML", "b.edxml"]);
    }

    #[test]
    fn a_failed_file_keeps_its_reason_and_a_second_one_of_the_same_name_does_not_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let s = spool(dir.path());
        for round in 0..2 {
            let f = s.inbox().join("x.edxml");
            std::fs::write(&f, format!("round {round}")).unwrap();
            let target = s.mark_failed(&f, "field X: broken").unwrap();
            assert!(!f.exists());
            assert_eq!(
                std::fs::read_to_string(&target).unwrap(),
                format!("round {round}")
            );
        }
        let failed = dir.path().join("failed");
        assert!(failed.join("x.edxml.reason").exists());
        assert!(failed.join("x.1.edxml").exists());
        assert!(std::fs::read_to_string(failed.join("x.1.edxml.reason"))
            .unwrap()
            .contains("field X: broken"));
    }
}
