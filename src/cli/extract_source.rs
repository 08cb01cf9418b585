//! `dondoc extract`'s reading of one file: plain text, DOCX, PDF, or an edXML message (its
//! attachments' text, else its Content), with the edXML header kept beside it.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use dondoc_edxml::{AttachmentSink, Message, ReadLimits};

use crate::doctext::{self, Extracted};
use crate::extract::source::{body_text, SourceText};

/// Why a file gives no text.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{path}: cannot be read: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path}: needs manual entry: {reason}")]
    ManualEntry { path: String, reason: String },
}

/// Attachments kept in memory: the CLI reads one file at a time, and the daemon never uses this.
#[derive(Default)]
struct InMemory(BTreeMap<usize, Vec<u8>>);

impl AttachmentSink for InMemory {
    fn begin(&mut self, index: usize) -> io::Result<()> {
        self.0.insert(index, Vec::new());
        Ok(())
    }
    fn write(&mut self, index: usize, decoded: &[u8]) -> io::Result<()> {
        self.0.entry(index).or_default().extend_from_slice(decoded);
        Ok(())
    }
    fn end(&mut self, _index: usize) -> io::Result<()> {
        Ok(())
    }
}

/// Reads `path` for extraction.
pub fn load(path: &Path) -> Result<SourceText, SourceError> {
    let shown = path.display().to_string();
    let unreadable = |reason: String| SourceError::Unreadable {
        path: shown.clone(),
        reason,
    };
    let is_edxml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("edxml"));
    if !is_edxml {
        return match doctext::extract_file(path, &doctext::Limits::default()) {
            Ok(Extracted::Text(text)) => Ok(SourceText { text, edxml: None }),
            Ok(Extracted::NeedsManualEntry { reason }) => Err(SourceError::ManualEntry {
                path: shown,
                reason,
            }),
            Err(e) => Err(unreadable(e.to_string())),
        };
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    let mut sink = InMemory::default();
    let message = dondoc_edxml::read_message_with(&bytes, &ReadLimits::default(), &mut sink)
        .map_err(|e| unreadable(e.to_string()))?;
    let Message::Document(doc) = message else {
        return Err(unreadable("a status message carries no tasks".into()));
    };
    let mut texts = Vec::new();
    let mut manual = Vec::new();
    for info in &doc.attachments {
        let Some(data) = sink.0.get(&info.index) else {
            continue;
        };
        let name = info
            .attachment_name
            .clone()
            .unwrap_or_else(|| format!("attachment {}", info.index));
        match doctext::extract_bytes(data, Path::new(&name), &doctext::Limits::default()) {
            Ok(Extracted::Text(t)) => texts.push(t),
            Ok(Extracted::NeedsManualEntry { reason }) => manual.push(format!("{name}: {reason}")),
            Err(e) => manual.push(e.to_string()),
        }
    }
    let text = match body_text(texts.iter().map(String::as_str), doc.content.as_deref()) {
        Some(text) => text,
        None if !manual.is_empty() => {
            return Err(SourceError::ManualEntry {
                path: shown,
                reason: manual.join("; "),
            })
        }
        None => String::new(),
    };
    Ok(SourceText {
        text,
        edxml: Some(crate::sync::convert::sent_header(&doc)),
    })
}
