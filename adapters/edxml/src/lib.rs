//! Reads edXML messages (QCVN 102:2016/BTTTT), the format Vietnamese
//! agencies' document systems exchange over the national and provincial
//! document axes.
//!
//! This version reads the **header** of document messages and of status
//! messages; attachments, trace headers and the writer come later.
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
//! trimmed and NFC-normalised, and several date spellings are accepted. It is
//! strict where a wrong guess would be costly: a DTD is refused outright
//! (no entity is ever expanded), impossible dates and out-of-range codes are
//! errors naming the field, and nesting is capped at [`MAX_DEPTH`].
//!
//! # Layout
//!
//! - `model.rs`: the message types returned to callers.
//! - `reader.rs`: the streaming reader over quick-xml's namespace-aware
//!   events; the only module that sees quick-xml.
//! - `date.rs`: the date and timestamp spellings found in the wild.
//! - `error.rs`: [`ReadError`].

mod date;
mod error;
mod model;
mod reader;

pub use error::ReadError;
pub use model::{
    Business, BusinessType, DocumentMessage, Message, Organization, ResponseFor, Signer,
    StatusMessage,
};
pub use reader::{read_message, MAX_DEPTH};

/// The edXML namespace URI; one namespace covers the whole message.
pub const NAMESPACE: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
