//! Helpers shared by the integration tests.

// Each test file uses its own subset.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io;

use chrono::{NaiveDate, NaiveDateTime};
use dondoc_edxml::{
    read_message, read_message_with, AttachmentSink, DocumentMessage, Message, Organization,
    ReadError, ReadLimits, StatusMessage,
};

pub fn fixture_path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

pub fn document_of(name: &str, bytes: &[u8]) -> DocumentMessage {
    match read_message(bytes) {
        Ok(Message::Document(doc)) => doc,
        Ok(Message::Status(status)) => panic!("{name} read as a status: {status:?}"),
        Err(e) => panic!("{name} was refused: {e}"),
    }
}

pub fn document(name: &str) -> DocumentMessage {
    document_of(name, &fixture(name))
}

pub fn status_of(name: &str, bytes: &[u8]) -> StatusMessage {
    match read_message(bytes) {
        Ok(Message::Status(status)) => status,
        Ok(Message::Document(doc)) => panic!("{name} read as a document: {doc:?}"),
        Err(e) => panic!("{name} was refused: {e}"),
    }
}

pub fn status(name: &str) -> StatusMessage {
    status_of(name, &fixture(name))
}

pub fn error_of(bytes: &[u8]) -> ReadError {
    match read_message(bytes) {
        Err(e) => e,
        Ok(message) => panic!("expected an error, got {message:?}"),
    }
}

pub fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

pub fn datetime(y: i32, mo: u32, d: u32, h: u32, mi: u32, sec: u32) -> NaiveDateTime {
    date(y, mo, d)
        .and_hms_opt(h, mi, sec)
        .expect("valid test time")
}

pub fn org(id: &str, name: &str, in_charge: Option<&str>) -> Organization {
    Organization {
        organ_id: s(id),
        organ_name: s(name),
        organization_in_charge: in_charge.map(str::to_owned),
        ..Organization::default()
    }
}

/// One sink call, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    Begin(usize),
    Write(usize, usize),
    End(usize),
}

/// Keeps every attachment's bytes and the sequence of calls.
#[derive(Debug, Default)]
pub struct CollectSink {
    pub files: BTreeMap<usize, Vec<u8>>,
    pub calls: Vec<Call>,
    /// Fail (with `io::ErrorKind::StorageFull`-like `Other`) once this many
    /// bytes were written in total.
    pub fail_after: Option<usize>,
    pub written: usize,
}

impl CollectSink {
    pub fn largest_write(&self) -> usize {
        self.calls
            .iter()
            .filter_map(|c| match c {
                Call::Write(_, n) => Some(*n),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
}

impl AttachmentSink for CollectSink {
    fn begin(&mut self, index: usize) -> io::Result<()> {
        self.calls.push(Call::Begin(index));
        self.files.entry(index).or_default();
        Ok(())
    }

    fn write(&mut self, index: usize, decoded: &[u8]) -> io::Result<()> {
        self.calls.push(Call::Write(index, decoded.len()));
        self.written += decoded.len();
        if self.fail_after.is_some_and(|limit| self.written > limit) {
            return Err(io::Error::other("đĩa đầy (disk full)"));
        }
        self.files
            .entry(index)
            .or_default()
            .extend_from_slice(decoded);
        Ok(())
    }

    fn end(&mut self, index: usize) -> io::Result<()> {
        self.calls.push(Call::End(index));
        Ok(())
    }
}

/// Reads a document with default limits, collecting attachment bytes.
pub fn document_with_files(name: &str, bytes: &[u8]) -> (DocumentMessage, CollectSink) {
    let mut sink = CollectSink::default();
    match read_message_with(bytes, &ReadLimits::default(), &mut sink) {
        Ok(Message::Document(doc)) => (doc, sink),
        other => panic!("{name}: expected a document, got {other:?}"),
    }
}

/// Standard base64 with line breaks every 76 characters, for building test
/// messages (the crate's own decoder is what is under test).
pub fn base64_wrapped(bytes: &[u8], line: usize, eol: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut flat = String::with_capacity(bytes.len() / 3 * 4 + 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                flat.push(ALPHABET[(n >> (18 - 6 * i) & 0x3F) as usize] as char);
            } else {
                flat.push('=');
            }
        }
    }
    if line == 0 {
        return flat;
    }
    let mut out = String::with_capacity(flat.len() + flat.len() / line * eol.len());
    for (i, piece) in flat.as_bytes().chunks(line).enumerate() {
        if i > 0 {
            out.push_str(eol);
        }
        out.push_str(std::str::from_utf8(piece).expect("ascii"));
    }
    out
}

/// A minimal document message around the given header children and
/// extra content under the root (attachments).
pub fn document_xml(header: &str, after_envelope: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>
<From><OrganId>000.00.00.H57</OrganId></From>
<Code><CodeNumber>77</CodeNumber><CodeNotation>UBND-TH</CodeNotation></Code>
{header}
</MessageHeader></edXMLHeader></edXMLEnvelope>{after_envelope}</edXML>"#
    )
}

/// One attachment element with the given content text.
pub fn attachment_xml(cid: &str, name: &str, content: &str) -> String {
    format!(
        "<AttachmentEncoded><Attachment><ContentId>{cid}</ContentId>\
         <AttachmentName>{name}</AttachmentName><ContentType>application/pdf</ContentType>\
         <ContentTransferEncoded>{content}</ContentTransferEncoded></Attachment></AttachmentEncoded>"
    )
}
