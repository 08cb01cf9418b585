//! Reading a directive's text: its header and the tasks it assigns.
//!
//! # Layout
//! - [`deadline`]: the deadline phrases of Vietnamese directives, to a date, an hour, a recurrence;
//! - [`source`]: the text of a .txt, .docx, .pdf or .edxml file, with its edXML header;
//! - [`header`]: the document header printed at the top of the text (issuer, number, date, type,
//!   subject, signer, urgency and secrecy stamps).

pub mod deadline;
pub mod header;
pub mod source;
