//! Why a message could not be read.

/// Why [`read_message`](crate::read_message) or
/// [`read_message_with`](crate::read_message_with) refused a message.
///
/// Every variant names enough for an operator to find the problem in the
/// file: a byte offset for syntax problems, a path such as
/// `MessageHeader/PromulgationInfo/PromulgationDate` for field problems.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The bytes are not well-formed XML.
    #[error("malformed xml at byte {position}: {reason}")]
    Xml {
        /// Byte offset in the input (after any BOM) where the problem was found.
        position: u64,
        reason: String,
    },
    /// Well-formed XML, but the root element is not `edXML`.
    #[error("not an edxml message: root element is `{root}`, expected `edXML`")]
    NotEdxml { root: String },
    /// The message carries a document type declaration.
    #[error("document type declarations (<!DOCTYPE ...>) are refused")]
    Dtd,
    /// Elements are nested deeper than the reader accepts.
    #[error("elements are nested deeper than {limit} levels")]
    TooDeep { limit: usize },
    /// A field the message cannot be used without is absent or empty.
    #[error("field {field} is missing")]
    MissingField { field: &'static str },
    /// A field is present but its value cannot be understood.
    #[error("field {field} has invalid value {value:?}: {reason}")]
    InvalidField {
        field: &'static str,
        /// The offending value, shortened if it is long.
        value: String,
        reason: String,
    },
    /// The message is not UTF-8.
    #[error("message is not valid utf-8 (first bad byte at offset {position})")]
    NotUtf8 {
        /// Byte offset in the input (after any BOM) of the first invalid byte.
        position: u64,
    },
    /// The message, one decoded attachment or the number of attachments is
    /// over its [`ReadLimits`](crate::ReadLimits) limit. Reading stopped as
    /// soon as the limit was passed.
    #[error("{what} exceeds the limit of {limit}")]
    TooLarge {
        /// `"message bytes"`, `"decoded attachment bytes"` or `"attachments"`.
        what: &'static str,
        limit: u64,
    },
    /// The [`AttachmentSink`](crate::AttachmentSink) failed while taking
    /// attachment `index`.
    #[error("attachment {index} could not be stored: {reason}")]
    Sink { index: usize, reason: String },
}

/// Why [`write_status`](crate::write_status) refused to write a status.
///
/// The writer is strict so that a receiver never gets a status it could
/// misread: what it refuses is named by its element path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// A field a receiver needs is absent or empty.
    #[error("field {field} is required")]
    MissingField { field: &'static str },
    /// Not one of the codes this writer sends (01–06, 13, 15, 16).
    #[error("status code {code:?} is not one this writer sends (01-06, 13, 15, 16)")]
    UnsupportedStatusCode { code: String },
    /// The text holds a character XML 1.0 cannot carry at all (a control
    /// character other than tab and line ends).
    #[error("field {field} contains U+{code_point:04X}, which XML cannot carry")]
    ForbiddenCharacter {
        field: &'static str,
        code_point: u32,
    },
    /// The XML writer itself failed (it writes into memory, so this is a bug, reported as one).
    #[error("the status could not be written: {reason}")]
    Output { reason: String },
}

/// Longest value quoted back in [`ReadError::InvalidField`], in characters.
///
/// A hostile or broken message can put megabytes into a one-digit field; the
/// error must stay printable in a log line.
const MAX_QUOTED_CHARS: usize = 80;

pub(crate) fn invalid(field: &'static str, value: &str, reason: impl Into<String>) -> ReadError {
    let value = match value.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    };
    ReadError::InvalidField {
        field,
        value,
        reason: reason.into(),
    }
}
