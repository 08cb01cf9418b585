//! Reads and writes edXML messages (QCVN 102:2016/BTTTT), the format
//! Vietnamese agencies' document systems exchange over the national and
//! provincial document axes.
//!
//! [`read_message`] reads a document message (the full header, its trace
//! and business block, the manifest and the attachment list) or a status
//! message. [`read_message_with`] does the same under explicit
//! [`ReadLimits`] and streams each attachment's decoded bytes into an
//! [`AttachmentSink`], so a 50 MB attachment is never held in memory.
//! [`write_status`] writes the status messages a recipient sends back.
//!
//! ```
//! use dondoc_edxml::{read_message, Message};
//!
//! let xml = r#"<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
//!   <edXMLEnvelope><edXMLHeader><MessageHeader>
//!     <From><OrganId>000.00.00.H57</OrganId></From>
//!     <Code><CodeNumber>1234</CodeNumber><CodeNotation>UBND-XD</CodeNotation></Code>
//!     <OtherInfo><Priority>3</Priority></OtherInfo>
//!   </MessageHeader></edXMLHeader></edXMLEnvelope>
//! </edXML>"#;
//! match read_message(xml.as_bytes())? {
//!     Message::Document(doc) => assert_eq!(doc.priority, Some(3)),
//!     Message::Status(_) => unreachable!(),
//! }
//! # Ok::<(), dondoc_edxml::ReadError>(())
//! ```
//!
//! Senders disagree on almost everything the standard leaves open, so the
//! reader is lenient where leniency cannot change a message's meaning:
//! elements are matched on namespace URI and local name (a missing or
//! undeclared namespace is accepted, a prefix is never looked at), children
//! may come in any order, comments and a UTF-8 BOM are skipped, text is
//! trimmed and NFC-normalised, several date spellings are accepted, and
//! descriptive numbers nobody acts on (document type codes, copy and page
//! counts, trace timestamps) read as `None` when unreadable. It is strict
//! where a wrong guess would be costly: a DTD is refused outright (no entity
//! is ever expanded), impossible dates, out-of-range codes, half-written
//! receiver changes and invalid base64 are errors naming the field, and
//! size and nesting are capped by [`ReadLimits`].
//!
//! # Layout
//!
//! - `model.rs`: the message types returned to callers, and [`status_kind`].
//! - `reader.rs`: the streaming reader over quick-xml's namespace-aware
//!   events, including attachment decoding; the only module that sees
//!   quick-xml.
//! - `base64.rs`: the incremental base64 decoder attachments go through.
//! - `names.rs`: ContentId normalisation and attachment-name sanitising.
//! - `sink.rs`: [`ReadLimits`], [`AttachmentSink`] and [`DiscardAttachments`].
//! - `writer.rs`: [`write_status`].
//! - `date.rs`: the date and timestamp spellings found in the wild.
//! - `error.rs`: [`ReadError`] and [`WriteError`].

mod base64;
mod date;
mod error;
mod model;
mod names;
mod reader;
mod sink;
mod writer;

pub use date::{parse_date, parse_datetime, DateError};
pub use error::{ReadError, WriteError};
pub use model::{
    status_kind, AttachmentInfo, Business, BusinessType, DocumentMessage, Message, Organization,
    PayloadKind, ReceiverChange, Reference, Replacement, ResponseFor, Signer, StaffInfo,
    StatusKind, StatusMessage, TraceHeader,
};
pub use reader::{read_message, read_message_with, MAX_DEPTH};
pub use sink::{AttachmentSink, DiscardAttachments, ReadLimits};
pub use writer::write_status;

/// The edXML namespace URI; one namespace covers the whole message.
pub const NAMESPACE: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
