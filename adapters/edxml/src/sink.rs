//! Where attachment bytes go, and how much the reader accepts.

use std::io;

use crate::reader::MAX_DEPTH;

/// How much [`read_message_with`](crate::read_message_with) accepts before
/// refusing a message with [`ReadError::TooLarge`](crate::ReadError::TooLarge)
/// or [`ReadError::TooDeep`](crate::ReadError::TooDeep).
///
/// The defaults fit real traffic with room to spare: attachments are tens of
/// MB after base64, headers stay under ten levels of nesting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadLimits {
    /// Size of the whole input, checked before anything is parsed.
    pub max_message_bytes: u64,
    /// Element nesting.
    pub max_depth: usize,
    /// Decoded size of one attachment, checked while decoding.
    pub max_attachment_bytes: u64,
    /// Number of `Attachment` elements.
    pub max_attachments: usize,
}

impl Default for ReadLimits {
    /// 64 MiB per message, 256 levels, 45 MiB per decoded attachment, 100
    /// attachments. An attachment travels as base64, four bytes for three, so
    /// 45 MiB (60 MiB encoded) is the most a 64 MiB message can carry with its
    /// header: a larger attachment limit could never be reached.
    fn default() -> Self {
        ReadLimits {
            max_message_bytes: 64 * 1024 * 1024,
            max_depth: MAX_DEPTH,
            max_attachment_bytes: 45 * 1024 * 1024,
            max_attachments: 100,
        }
    }
}

/// Receives attachment bytes as they are decoded, so that no attachment is
/// ever held whole in memory.
///
/// For each `ContentTransferEncoded` element the reader calls `begin`, then
/// `write` zero or more times with consecutive decoded pieces (each at most
/// 48 KiB), then `end`. Attachments come one after the other, never
/// interleaved. An attachment without content gets no calls at all.
///
/// The `index` is the attachment's position among the `Attachment`
/// elements; its ContentId, name and type are in the returned
/// [`DocumentMessage::attachments`](crate::DocumentMessage::attachments) under
/// the same index, and only there: senders often write them after the
/// content, so they are not known at `begin`. A sink therefore stores by
/// index (a temporary file per index, say) and names things once the read
/// has returned.
///
/// If the read fails, whatever the sink received belongs to a refused
/// message and must be discarded; `end` may not have been called. An error
/// returned by the sink stops the read with
/// [`ReadError::Sink`](crate::ReadError::Sink).
pub trait AttachmentSink {
    /// An attachment's content starts.
    fn begin(&mut self, index: usize) -> io::Result<()>;
    /// The next decoded bytes of attachment `index`.
    fn write(&mut self, index: usize, decoded: &[u8]) -> io::Result<()>;
    /// Attachment `index` is complete and its base64 was valid.
    fn end(&mut self, index: usize) -> io::Result<()>;
}

/// A sink that drops every byte: attachments are still decoded, so they are
/// still checked (valid base64, within the limits) and counted in
/// [`AttachmentInfo::decoded_bytes`](crate::AttachmentInfo::decoded_bytes).
#[derive(Debug, Clone, Copy, Default)]
pub struct DiscardAttachments;

impl AttachmentSink for DiscardAttachments {
    fn begin(&mut self, _index: usize) -> io::Result<()> {
        Ok(())
    }

    fn write(&mut self, _index: usize, _decoded: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn end(&mut self, _index: usize) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    #[test]
    fn the_default_attachment_limit_can_be_reached_inside_the_default_message_limit() {
        let l = ReadLimits::default();
        // base64 of the largest attachment, and room for the message's header
        let encoded = l.max_attachment_bytes.div_ceil(3) * 4;
        assert!(encoded + 1024 * 1024 <= l.max_message_bytes, "{l:?}");
    }
}
