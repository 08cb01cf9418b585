//! The text a directive's tasks are read from, whatever it came as — plain text, DOCX, PDF, or an
//! edXML message (its attachments' text, else its Content) — with the sent header kept beside it.
//! Reading the bytes is the service's (`doctext`, the sandbox, `dondoc extract`); this is the text.

/// A directive's text, and its edXML header when it came as edXML.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub text: String,
    /// What its edXML header says, when it came as edXML.
    pub edxml: Option<super::SentHeader>,
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
