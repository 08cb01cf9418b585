//! Reading zip archives defensively: entry count, total inflated size and compression ratio are
//! bounded, sizes are counted while inflating (the sizes an archive declares are checked first
//! but never trusted alone), and entries are inflated into memory only.

use std::io::{Read, Seek};

use zip::ZipArchive;

use super::{Fail, Limits};

/// Entries smaller than this are not held to the compression ratio: a tiny run of spaces
/// compresses a thousandfold and harms no one.
const RATIO_GRACE_BYTES: u64 = 100 * 1024;

const CHUNK: usize = 64 * 1024;

/// What is left to inflate, shared by every archive read for one attachment (nested ones too).
#[derive(Debug)]
pub(super) struct Budget {
    remaining: u64,
    limit: u64,
    max_ratio: u64,
}

impl Budget {
    pub(super) fn new(limits: &Limits) -> Self {
        Budget {
            remaining: limits.max_inflated_bytes,
            limit: limits.max_inflated_bytes,
            max_ratio: limits.max_ratio,
        }
    }

    fn over_size(&self) -> Fail {
        Fail::ZipBomb(format!(
            "inflates to more than {} bytes in total",
            self.limit
        ))
    }
}

/// Opens an archive and refuses one with too many entries.
pub(super) fn open<R: Read + Seek>(reader: R, limits: &Limits) -> Result<ZipArchive<R>, Fail> {
    let archive = ZipArchive::new(reader)
        .map_err(|e| Fail::Corrupt(format!("unreadable zip archive: {e}")))?;
    if archive.len() > limits.max_entries {
        return Err(Fail::ZipBomb(format!(
            "{} entries in the archive, more than the {} allowed",
            archive.len(),
            limits.max_entries
        )));
    }
    Ok(archive)
}

/// The entry holding the payload of a zip that wraps one file: its single file entry, or the
/// first one, skipping directories and macOS resource forks.
pub(super) fn payload_index<R: Read + Seek>(archive: &ZipArchive<R>) -> Option<usize> {
    (0..archive.len()).find(|&i| {
        archive.name_for_index(i).is_some_and(|name| {
            let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
            !base.is_empty() && base != ".DS_Store" && !name.starts_with("__MACOSX/")
        })
    })
}

/// Whether entry `index` is encrypted (a password-protected zip).
pub(super) fn is_encrypted<R: Read + Seek>(archive: &mut ZipArchive<R>, index: usize) -> bool {
    archive
        .by_index_raw(index)
        .is_ok_and(|entry| entry.encrypted())
}

/// Inflates the entry named `name` into memory, or `None` when there is no such entry.
pub(super) fn read_named<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    name: &str,
    budget: &mut Budget,
) -> Result<Option<Vec<u8>>, Fail> {
    match archive.index_for_name(name) {
        Some(index) => read_entry(archive, index, budget).map(Some),
        None => Ok(None),
    }
}

/// Inflates entry `index` into memory, counting its bytes against the budget and its ratio.
pub(super) fn read_entry<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    budget: &mut Budget,
) -> Result<Vec<u8>, Fail> {
    let mut entry = archive
        .by_index(index)
        .map_err(|e| Fail::Corrupt(format!("unreadable zip entry #{index}: {e}")))?;
    let name = entry.name().to_owned();
    let compressed = entry.compressed_size().max(1);
    let declared = entry.size();
    let ratio_bomb = || {
        Fail::ZipBomb(format!(
            "the entry {name:?} inflates to more than {} times its compressed size ({compressed} bytes)",
            budget.max_ratio
        ))
    };
    if declared > budget.remaining {
        return Err(budget.over_size());
    }
    if declared > RATIO_GRACE_BYTES && declared / compressed > budget.max_ratio {
        return Err(ratio_bomb());
    }
    // Trust the declared size only as a capacity hint, and a small one at that.
    let mut out = Vec::with_capacity(declared.min(16 * 1024 * 1024) as usize);
    let mut chunk = vec![0u8; CHUNK];
    let mut inflated: u64 = 0;
    loop {
        let n = match entry.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(Fail::Corrupt(format!(
                    "cannot inflate the zip entry {name:?}: {e}"
                )))
            }
        };
        inflated += n as u64;
        if inflated > budget.remaining {
            return Err(budget.over_size());
        }
        if inflated > RATIO_GRACE_BYTES && inflated / compressed > budget.max_ratio {
            return Err(ratio_bomb());
        }
        out.extend_from_slice(&chunk[..n]);
    }
    budget.remaining -= inflated;
    Ok(out)
}
