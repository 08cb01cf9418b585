//! Attachments on their way in: decoded by the edXML reader straight into files of a temporary
//! folder (never whole in memory), read for their text, then kept under `data_dir/attachments/`
//! once the document is accepted. The temporary folder of a message is removed whatever happens,
//! and the whole temporary area is swept at start.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use dondoc_edxml::AttachmentSink;

/// Under `data_dir`: in-flight attachments.
pub const TMP_FOLDER: &str = "tmp";
/// Under `data_dir`: attachments of stored documents.
pub const KEPT_FOLDER: &str = "attachments";

/// Empties the temporary area: what is there belongs to messages a stop interrupted, which will
/// be read again.
pub fn sweep(data_dir: &Path) -> io::Result<usize> {
    let tmp = data_dir.join(TMP_FOLDER);
    let mut removed = 0;
    match std::fs::read_dir(&tmp) {
        Ok(entries) => {
            for entry in entries {
                let path = entry?.path();
                if path.is_dir() {
                    std::fs::remove_dir_all(&path)?;
                } else {
                    std::fs::remove_file(&path)?;
                }
                removed += 1;
            }
            Ok(removed)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(e),
    }
}

/// A message's attachments as files `<index>.bin` in a temporary folder of its own, removed when
/// this is dropped.
#[derive(Debug)]
pub struct TempAttachments {
    dir: PathBuf,
    open: BTreeMap<usize, BufWriter<File>>,
    done: BTreeMap<usize, PathBuf>,
}

impl TempAttachments {
    /// A fresh folder under `data_dir/tmp/` named `name` (the message's hash).
    pub fn new(data_dir: &Path, name: &str) -> io::Result<Self> {
        let dir = data_dir.join(TMP_FOLDER).join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Self {
            dir,
            open: BTreeMap::new(),
            done: BTreeMap::new(),
        })
    }

    /// The complete file of attachment `index`.
    pub fn path(&self, index: usize) -> Option<&Path> {
        self.done.get(&index).map(PathBuf::as_path)
    }

    /// Moves attachment `index` to `target` (same file system: a rename).
    pub fn keep(&mut self, index: usize, target: &Path) -> io::Result<()> {
        let from = self.done.remove(&index).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("attachment {index} is not complete"),
            )
        })?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::rename(from, target)
    }
}

impl AttachmentSink for TempAttachments {
    fn begin(&mut self, index: usize) -> io::Result<()> {
        let file = File::create(self.dir.join(format!("{index}.bin")))?;
        self.open.insert(index, BufWriter::new(file));
        Ok(())
    }

    fn write(&mut self, index: usize, decoded: &[u8]) -> io::Result<()> {
        match self.open.get_mut(&index) {
            Some(w) => w.write_all(decoded),
            None => Err(io::Error::other(format!(
                "attachment {index} was not begun"
            ))),
        }
    }

    fn end(&mut self, index: usize) -> io::Result<()> {
        if let Some(mut w) = self.open.remove(&index) {
            w.flush()?;
            self.done
                .insert(index, self.dir.join(format!("{index}.bin")));
        }
        Ok(())
    }
}

impl Drop for TempAttachments {
    fn drop(&mut self) {
        self.open.clear();
        // Nothing of a refused, secret or interrupted message stays behind.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The longest name, in bytes, an attachment is kept under: well below the 255 bytes most file
/// systems allow, with room for the index before it.
const KEPT_NAME_BYTES: usize = 100;

/// The name an attachment's file is kept under, from the sender's: letters (Vietnamese ones
/// included), digits, '.', '-' and '_' kept, anything else ('/', '%', NUL, spaces, control
/// characters) made '_', cut to [`KEPT_NAME_BYTES`] on a character boundary with its extension
/// kept. The sender's own name stays in the store; only the file on disk is named so.
pub fn safe_file_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let clean = clean.trim_start_matches('.');
    let clean = if clean.is_empty() {
        "attachment"
    } else {
        clean
    };
    if clean.len() <= KEPT_NAME_BYTES {
        return clean.to_string();
    }
    let ext = clean
        .rfind('.')
        .map(|at| &clean[at..])
        .filter(|e| e.len() <= 12)
        .unwrap_or("");
    let mut stem_end = KEPT_NAME_BYTES - ext.len();
    while !clean.is_char_boundary(stem_end) {
        stem_end -= 1;
    }
    format!("{}{ext}", &clean[..stem_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_name_is_safe_and_short_whatever_the_sender_wrote() {
        assert_eq!(
            safe_file_name("Công văn 12-UBND.docx"),
            "Công_văn_12-UBND.docx"
        );
        assert_eq!(safe_file_name("a%00b\0/c.pdf"), "a_00b__c.pdf");
        assert_eq!(safe_file_name("..."), "attachment");
        let long = format!("{}.docx", "Kế hoạch ".repeat(40));
        let kept = safe_file_name(&long);
        assert!(kept.len() <= KEPT_NAME_BYTES, "{kept}");
        assert!(
            kept.ends_with(".docx") && kept.starts_with("Kế_hoạch_"),
            "{kept}"
        );
    }

    #[test]
    fn a_messages_temporary_files_go_when_it_is_done_with() {
        let data = tempfile::tempdir().unwrap();
        let kept = data.path().join(KEPT_FOLDER).join("x/0-a.pdf");
        {
            let mut t = TempAttachments::new(data.path(), "abc").unwrap();
            for i in 0..2 {
                t.begin(i).unwrap();
                t.write(i, b"%PDF-1.4 ").unwrap();
                t.end(i).unwrap();
            }
            assert!(t.path(1).unwrap().exists());
            t.keep(0, &kept).unwrap();
        }
        assert_eq!(std::fs::read(&kept).unwrap(), b"%PDF-1.4 ");
        assert!(!data.path().join(TMP_FOLDER).join("abc").exists());
    }

    #[test]
    fn the_sweep_at_start_empties_the_temporary_area() {
        let data = tempfile::tempdir().unwrap();
        let left = data.path().join(TMP_FOLDER).join("interrupted");
        std::fs::create_dir_all(&left).unwrap();
        std::fs::write(left.join("0.bin"), b"half").unwrap();
        assert_eq!(sweep(data.path()).unwrap(), 1);
        assert!(!left.exists());
        assert_eq!(sweep(&data.path().join("nowhere")).unwrap(), 0);
    }
}
