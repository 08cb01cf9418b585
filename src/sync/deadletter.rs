//! Keeping what could not be processed: the payload as a file under `data_dir/deadletters/`
//! (named by its SHA-256, written atomically), and a row saying where it came from and why.

use std::path::{Path, PathBuf};

use chrono::Duration;
use sha2::{Digest, Sha256};

use crate::clock::SharedClock;
use crate::store::{DeadLetter, DeadLetterStatus, NewDeadLetter, Store, StoreError};

/// The folder, under `data_dir`, that holds dead-letter payloads.
pub const FOLDER: &str = "deadletters";

#[derive(Debug, Clone)]
pub struct DeadLetters {
    store: Store,
    data_dir: PathBuf,
    clock: SharedClock,
}

#[derive(Debug, thiserror::Error)]
pub enum DeadLetterError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot keep the payload {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("dead letter {0} has no payload any more (discarded or past its retention)")]
    NoPayload(i64),
}

impl DeadLetters {
    pub fn new(store: Store, data_dir: &Path, clock: SharedClock) -> Self {
        Self {
            store,
            data_dir: data_dir.to_path_buf(),
            clock,
        }
    }

    /// Keeps `payload` with its reason; the same payload already kept is not written twice.
    pub async fn record(
        &self,
        source: &str,
        origin: &str,
        payload: &[u8],
        reason: &str,
    ) -> Result<i64, DeadLetterError> {
        let sha = hex::encode(Sha256::digest(payload));
        let relative = format!("{FOLDER}/{sha}.edxml");
        let path = self.data_dir.join(&relative);
        if !path.exists() {
            let io = |source| DeadLetterError::Io {
                path: path.clone(),
                source,
            };
            std::fs::create_dir_all(self.data_dir.join(FOLDER)).map_err(io)?;
            // Written beside, then renamed: a stop never leaves half a payload under its final name.
            let tmp = path.with_extension("edxml.part");
            std::fs::write(&tmp, payload).map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
        }
        self.row(
            source,
            origin,
            reason,
            &sha,
            payload.len() as u64,
            &relative,
        )
        .await
    }

    /// Keeps the file `file` (a message too large to hold in memory, streamed there by its
    /// source) as a dead letter's payload: hashed while read in chunks, then moved, not copied,
    /// under the dead letters' folder.
    pub async fn record_file(
        &self,
        source: &str,
        origin: &str,
        file: &Path,
        reason: &str,
    ) -> Result<i64, DeadLetterError> {
        let folder = self.data_dir.join(FOLDER);
        let owned = file.to_path_buf();
        // Up to a gigabyte read and moved: off the event loop.
        let moved = tokio::task::spawn_blocking(move || keep_file(&owned, &folder))
            .await
            .map_err(|e| DeadLetterError::Io {
                path: file.to_path_buf(),
                source: std::io::Error::other(e),
            })??;
        let (sha, bytes, relative) = moved;
        self.row(source, origin, reason, &sha, bytes, &relative)
            .await
    }

    /// The dead letter's row, its payload kept at `relative`.
    async fn row(
        &self,
        source: &str,
        origin: &str,
        reason: &str,
        sha: &str,
        bytes: u64,
        relative: &str,
    ) -> Result<i64, DeadLetterError> {
        let letter = NewDeadLetter {
            source,
            origin,
            reason,
            payload_sha256: sha,
            payload_bytes: bytes as i64,
            payload_path: Some(relative),
        };
        Ok(self
            .store
            .record_dead_letter(&letter, self.clock.now())
            .await?)
    }

    /// The payload of a dead letter, as it arrived.
    pub fn payload(&self, letter: &DeadLetter) -> Result<Vec<u8>, DeadLetterError> {
        let relative = letter
            .payload_path
            .as_deref()
            .ok_or(DeadLetterError::NoPayload(letter.id))?;
        let path = self.data_dir.join(relative);
        std::fs::read(&path).map_err(|source| DeadLetterError::Io { path, source })
    }

    /// Marks a dead letter handled; a discarded one's payload file goes unless another open dead
    /// letter still holds the same payload.
    pub async fn resolve(
        &self,
        letter: &DeadLetter,
        status: DeadLetterStatus,
    ) -> Result<(), DeadLetterError> {
        self.store
            .resolve_dead_letter(letter.id, status, self.clock.now())
            .await?;
        if status == DeadLetterStatus::Discarded {
            if let Some(relative) = &letter.payload_path {
                let shared = self
                    .store
                    .dead_letters(false)
                    .await?
                    .iter()
                    .any(|d| d.payload_path.as_deref() == Some(relative));
                if !shared {
                    let _ = std::fs::remove_file(self.data_dir.join(relative));
                }
            }
        }
        Ok(())
    }

    /// Deletes the payloads of dead letters older than `retention`; returns how many went.
    pub async fn purge(&self, retention: Duration) -> Result<usize, DeadLetterError> {
        let before = self.clock.now() - retention;
        let paths = self.store.expire_dead_letter_payloads(before).await?;
        let mut removed = 0;
        for relative in paths {
            if std::fs::remove_file(self.data_dir.join(&relative)).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }
}

/// Hashes `file` while reading it in chunks and moves it (renamed, else copied then removed)
/// into `folder` under its hash: (sha256, bytes, the path relative to the data folder).
fn keep_file(file: &Path, folder: &Path) -> Result<(String, u64, String), DeadLetterError> {
    use std::io::Read;
    let io = |source| DeadLetterError::Io {
        path: file.to_path_buf(),
        source,
    };
    let mut reader = std::fs::File::open(file).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    let sha = hex::encode(hasher.finalize());
    let relative = format!("{FOLDER}/{sha}.reply");
    let path = folder.join(format!("{sha}.reply"));
    std::fs::create_dir_all(folder).map_err(io)?;
    if path.exists() {
        std::fs::remove_file(file).map_err(io)?;
    } else if std::fs::rename(file, &path).is_err() {
        // Another file system: copied beside, renamed, then the original removed.
        let tmp = path.with_extension("reply.part");
        std::fs::copy(file, &tmp).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        std::fs::remove_file(file).map_err(io)?;
    }
    Ok((sha, bytes, relative))
}
