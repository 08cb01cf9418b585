//! The text a directive's tasks are read from, whatever the file: plain text, DOCX, PDF, or an
//! edXML message (its attachments' text, else its Content), with the edXML header kept beside it.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use dondoc_edxml::{AttachmentSink, Message, ReadLimits};

use crate::doctext::{self, Extracted};

/// A directive's text, and its edXML header when it came as edXML.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub text: String,
    /// What its edXML header says, when it came as edXML.
    pub edxml: Option<super::SentHeader>,
}

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
        edxml: Some(super::SentHeader::of(&doc)),
    })
}

/// The text a directive's tasks are read from: its attachments' text, in order, when any was
/// read (the attachment is the signed document; the header's Content is often only a summary),
/// else its Content; `None` when neither holds anything. The pipeline and `dondoc extract` agree
/// on it, so what the CLI shows is what the daemon stores.
pub fn body_text<'a>(
    attachment_texts: impl IntoIterator<Item = &'a str>,
    content: Option<&str>,
) -> Option<String> {
    let texts: Vec<&str> = attachment_texts
        .into_iter()
        .filter(|t| !t.trim().is_empty())
        .collect();
    if !texts.is_empty() {
        return Some(texts.join("\n"));
    }
    content.filter(|c| !c.trim().is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attachments_text_wins_over_the_headers_content() {
        assert_eq!(
            body_text(["Giao Sở Xây dựng …", ""], Some("Tóm tắt")).as_deref(),
            Some("Giao Sở Xây dựng …")
        );
        assert_eq!(body_text([], Some("Tóm tắt")).as_deref(), Some("Tóm tắt"));
        assert_eq!(body_text([" "], Some("  ")), None);
    }
}
