//! Writes status messages: what a recipient sends back about a document.
//!
//! The output mirrors the most common real serialisation (S3/S4 samples and
//! the VNPT library): the root in the default namespace, `edXML:`-prefixed
//! elements below a re-declaration on the envelope. Both forms mean the same
//! to a namespace-aware reader, and this one also suits the receivers that
//! look at prefixes. Strict in what it writes: required fields are checked,
//! every text is escaped, NFC-normalised and trimmed, and characters XML
//! cannot carry are refused rather than dropped.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use unicode_normalization::UnicodeNormalization;

use crate::error::WriteError;
use crate::model::{status_kind, Organization, StaffInfo, StatusKind, StatusMessage};
use crate::NAMESPACE;

/// Writes `status` as an edXML status message, ready to send with
/// `messagetype=status`.
///
/// Required: `from.organ_id`, `response_for.organ_id`, one of
/// `response_for.code` and `response_for.document_id`, a `timestamp`, and a
/// `description` for a rejection (`02`). The code must be one this product
/// sends: 01–06, or 13, 15, 16 (`14` is refused: it is a known mistake for
/// 15, and writing it would spread it).
///
/// The timestamp is written to the second, as `yyyy/MM/dd HH:mm:ss`, and
/// texts are trimmed and NFC-normalised, with `\r\n` written as `\n`. So
/// [`read_message`](crate::read_message) gives back exactly `status` when
/// its texts are already in that form (as everything the reader returns
/// is) and its timestamp has no fraction of a second.
pub fn write_status(status: &StatusMessage) -> Result<String, WriteError> {
    let code = status.status_code.trim();
    let kind = status_kind(code)
        .filter(|_| code.len() == 2 && code != "14")
        .ok_or_else(|| WriteError::UnsupportedStatusCode {
            code: status.status_code.clone(),
        })?;
    if present(&status.from.organ_id).is_none() {
        return Err(WriteError::MissingField {
            field: "MessageHeader/From/OrganId",
        });
    }
    let rf = &status.response_for;
    if present(&rf.organ_id).is_none() {
        return Err(WriteError::MissingField {
            field: "MessageHeader/ResponseFor/OrganId",
        });
    }
    if present(&rf.code).is_none() && present(&rf.document_id).is_none() {
        return Err(WriteError::MissingField {
            field: "MessageHeader/ResponseFor/Code",
        });
    }
    if kind == StatusKind::Rejected && present(&status.description).is_none() {
        return Err(WriteError::MissingField {
            field: "MessageHeader/Description",
        });
    }
    let Some(timestamp) = status.timestamp else {
        return Err(WriteError::MissingField {
            field: "MessageHeader/Timestamp",
        });
    };

    let mut w = Writer::new();
    w.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.event(Event::Start(
        BytesStart::new("edXML").with_attributes([("xmlns", NAMESPACE)]),
    ))?;
    w.event(Event::Start(
        BytesStart::new("edXML:edXMLEnvelope").with_attributes([("xmlns:edXML", NAMESPACE)]),
    ))?;
    w.open("edXMLHeader")?;
    w.open("MessageHeader")?;
    w.from(&status.from)?;
    w.open("ResponseFor")?;
    w.leaf("OrganId", &rf.organ_id, "MessageHeader/ResponseFor/OrganId")?;
    w.leaf("Code", &rf.code, "MessageHeader/ResponseFor/Code")?;
    if let Some(date) = rf.promulgation_date {
        w.leaf_text("PromulgationDate", &date.format("%Y/%m/%d").to_string())?;
    }
    w.leaf(
        "DocumentId",
        &rf.document_id,
        "MessageHeader/ResponseFor/DocumentId",
    )?;
    w.close("ResponseFor")?;
    if let Some(staff) = &status.staff {
        w.staff(staff)?;
    }
    w.leaf_text("StatusCode", kind.code())?;
    w.leaf(
        "Description",
        &status.description,
        "MessageHeader/Description",
    )?;
    w.leaf_text(
        "Timestamp",
        &timestamp.format("%Y/%m/%d %H:%M:%S").to_string(),
    )?;
    w.close("MessageHeader")?;
    w.close("edXMLHeader")?;
    w.close("edXMLEnvelope")?;
    w.event(Event::End(BytesEnd::new("edXML")))?;
    w.finish()
}

/// The value as it will be written, or `None` when nothing would be.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Writes indented `edXML:`-prefixed elements through quick-xml, which escapes every text (the
/// five XML specials, quotes too, so the same values would stay safe in an attribute); leaves are
/// on one line so that no whitespace enters a value.
struct Writer(quick_xml::Writer<Vec<u8>>);

/// Writing into memory fails only if quick-xml does; said, not hidden.
fn output(e: impl std::fmt::Display) -> WriteError {
    WriteError::Output {
        reason: e.to_string(),
    }
}

impl Writer {
    fn new() -> Self {
        Self(quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2))
    }

    fn event(&mut self, event: Event<'_>) -> Result<(), WriteError> {
        self.0.write_event(event).map_err(output)
    }

    fn open(&mut self, name: &str) -> Result<(), WriteError> {
        self.event(Event::Start(BytesStart::new(format!("edXML:{name}"))))
    }

    fn close(&mut self, name: &str) -> Result<(), WriteError> {
        self.event(Event::End(BytesEnd::new(format!("edXML:{name}"))))
    }

    /// A leaf whose text is ours (codes, dates): nothing to check.
    fn leaf_text(&mut self, name: &str, text: &str) -> Result<(), WriteError> {
        self.open(name)?;
        self.event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }

    /// A leaf holding caller text; absent or blank values are left out.
    fn leaf(
        &mut self,
        name: &str,
        value: &Option<String>,
        field: &'static str,
    ) -> Result<(), WriteError> {
        let Some(text) = present(value) else {
            return Ok(());
        };
        let text = normalise(text, field)?;
        self.leaf_text(name, &text)
    }

    /// The document, ending in a line break.
    fn finish(self) -> Result<String, WriteError> {
        let mut out = String::from_utf8(self.0.into_inner()).map_err(output)?;
        out.push('\n');
        Ok(out)
    }

    /// The reporting unit, fields in the digest's order.
    fn from(&mut self, org: &Organization) -> Result<(), WriteError> {
        self.open("From")?;
        self.leaf("OrganId", &org.organ_id, "MessageHeader/From/OrganId")?;
        self.leaf(
            "OrganizationInCharge",
            &org.organization_in_charge,
            "MessageHeader/From/OrganizationInCharge",
        )?;
        self.leaf("OrganName", &org.organ_name, "MessageHeader/From/OrganName")?;
        self.leaf("OrganAdd", &org.organ_add, "MessageHeader/From/OrganAdd")?;
        self.leaf("Email", &org.email, "MessageHeader/From/Email")?;
        self.leaf("Telephone", &org.telephone, "MessageHeader/From/Telephone")?;
        self.leaf("Fax", &org.fax, "MessageHeader/From/Fax")?;
        self.leaf("Website", &org.website, "MessageHeader/From/Website")?;
        self.close("From")?;
        Ok(())
    }

    fn staff(&mut self, staff: &StaffInfo) -> Result<(), WriteError> {
        if staff.is_empty() {
            return Ok(());
        }
        self.open("StaffInfo")?;
        self.leaf(
            "Department",
            &staff.department,
            "MessageHeader/StaffInfo/Department",
        )?;
        self.leaf("Staff", &staff.staff, "MessageHeader/StaffInfo/Staff")?;
        self.leaf("Mobile", &staff.mobile, "MessageHeader/StaffInfo/Mobile")?;
        self.leaf("Email", &staff.email, "MessageHeader/StaffInfo/Email")?;
        self.close("StaffInfo")?;
        Ok(())
    }
}

/// NFC, `\r\n` and lone `\r` as `\n` (a reader would turn them into `\n`
/// anyway), and a refusal for characters XML 1.0 cannot carry even escaped.
fn normalise(text: &str, field: &'static str) -> Result<String, WriteError> {
    if let Some(c) = text.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
    }) {
        return Err(WriteError::ForbiddenCharacter {
            field,
            code_point: c as u32,
        });
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Ok(text.nfc().collect())
}
