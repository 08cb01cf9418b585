//! The streaming reader: quick-xml events in, [`Message`] out.
//!
//! The document is never built into a tree. Each open element gets a
//! [`Frame`] saying what it means here (a [`Ctx`]), decided from its parent's
//! meaning and its own local name alone, so the reader needs no recursion and
//! no lookbehind. Leaf fields collect their text; containers (`From`,
//! `ResponseFor`, `Bussiness`, `Attachment`…) collect their fields into a
//! [`Raw`] header that is checked and converted only after the whole input
//! was read, so a syntax error anywhere in the file wins over a field error.
//!
//! Attachment content is the exception: it is decoded as it is read and
//! handed to the [`AttachmentSink`], so base64 errors, size limits and sink
//! failures stop the read where they happen. Its text is taken straight from
//! the input slice (quick-xml's slice reader lends it), in bounded windows,
//! so neither the base64 text nor the decoded file is ever copied whole.
//!
//! quick-xml types stay in this module so the crate's API does not move with
//! quick-xml's.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use unicode_normalization::UnicodeNormalization;

use crate::base64::{DecodeError, Decoder};
use crate::date::{self, DateError};
use crate::error::{invalid, ReadError};
use crate::model::{
    AttachmentInfo, Business, BusinessType, DocumentMessage, Message, Organization, PayloadKind,
    ReceiverChange, Reference, Replacement, ResponseFor, Signer, StaffInfo, StatusMessage,
    TraceHeader,
};
use crate::names;
use crate::sink::{AttachmentSink, DiscardAttachments, ReadLimits};
use crate::NAMESPACE;

/// Deepest element nesting accepted by default ([`ReadLimits::max_depth`]).
/// Real messages stay under ten levels; the cap keeps a hostile message from
/// growing the element stacks (ours and quick-xml's) without bound.
pub const MAX_DEPTH: usize = 256;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Base64 text decoded per step. Bounds the decoded bytes held at once
/// whatever the attachment's size.
const INPUT_WINDOW: usize = 64 * 1024;

/// The most decoded bytes held before they go to the sink, and so the
/// largest `write`: what one full window decodes to (48 KiB).
const MAX_WRITE: usize = INPUT_WINDOW / 4 * 3;

/// Decoded bytes kept to tell what an attachment is ([`PayloadKind`]).
const SNIFF_BYTES: usize = 16;

const ENCODED_FIELD: &str = "AttachmentEncoded/Attachment/ContentTransferEncoded";

/// Reads one edXML message (document or status) with the default
/// [`ReadLimits`], decoding attachments only to check and count them.
pub fn read_message(bytes: &[u8]) -> Result<Message, ReadError> {
    read_message_with(bytes, &ReadLimits::default(), &mut DiscardAttachments)
}

/// Reads one edXML message, handing each attachment's decoded bytes to
/// `sink` as they are read.
///
/// `bytes` is borrowed for the whole read and nothing proportional to an
/// attachment is allocated: memory use is the header's text plus one
/// decoding window. On error, anything the sink received must be discarded.
pub fn read_message_with(
    bytes: &[u8],
    limits: &ReadLimits,
    sink: &mut dyn AttachmentSink,
) -> Result<Message, ReadError> {
    if bytes.len() as u64 > limits.max_message_bytes {
        return Err(ReadError::TooLarge {
            what: "message bytes",
            limit: limits.max_message_bytes,
        });
    }
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    // Checked up front so that a bad byte is reported as an encoding problem
    // wherever it sits, rather than only when it lands in a field we read.
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(ReadError::NotUtf8 {
            position: e.valid_up_to() as u64,
        });
    }
    // A raw control character is ill-formed anywhere, markup included, and
    // quick-xml does not look for one in names, attributes or comments. In
    // UTF-8 these bytes only ever stand for themselves, so a byte scan is
    // exact. (Character references to them are caught with the text.)
    if let Some(position) = bytes
        .iter()
        .position(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return Err(forbidden_char_error(
            char::from(bytes[position]),
            position as u64,
        ));
    }
    let raw = scan(bytes, limits, sink)?;
    raw.into_message()
}

/// Which element holds the header fields; only used to name fields in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Container {
    #[default]
    MessageHeader,
    /// Bkav writes the status header as `edXMLHeader/Status`.
    Status,
}

/// Builds a field path for errors, with the container the message used.
macro_rules! header_path {
    ($container:expr, $rel:literal) => {
        match $container {
            Container::MessageHeader => concat!("MessageHeader/", $rel),
            Container::Status => concat!("Status/", $rel),
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgKind {
    From,
    To,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgField {
    OrganId,
    OrganName,
    OrganizationInCharge,
    Email,
    OrganAdd,
    Telephone,
    Fax,
    Website,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RfField {
    OrganId,
    Code,
    PromulgationDate,
    DocumentId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BizField {
    DocumentId,
    DocType,
    Reason,
    Paper,
    DocumentInfo,
    DocumentReceiver,
}

/// Whose `StaffInfo` a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StaffOwner {
    /// Directly in the header container: a status's clerk.
    Status,
    /// In `Bussiness`: the sending clerk of a document.
    Business,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StaffField {
    Department,
    Staff,
    Mobile,
    Email,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TraceField {
    OrganId,
    Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReceiverField {
    OrganId,
    ReceiverType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReplacementField {
    DocumentId,
    OrganId,
}

/// The fields a manifest `Reference` and an `Attachment` share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartField {
    ContentId,
    ContentType,
    Description,
    AttachmentName,
}

/// A leaf element whose text is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Org(OrgField),
    DocumentId,
    CodeNumber,
    CodeNotation,
    Place,
    PromulgationDate,
    TypeCode,
    TypeDetail,
    TypeName,
    Subject,
    Content,
    Competence,
    Position,
    FullName,
    DueDate,
    ToPlace,
    Priority,
    Sphere,
    TyperNotation,
    PromulgationAmount,
    PageAmount,
    Direction,
    Appendix,
    SteeringType,
    ResponseFor(RfField),
    TaskCode,
    ApplicationType,
    StatusCode,
    Description,
    Timestamp,
    Staff(StaffOwner, StaffField),
    Trace(TraceField),
    Business(BizField),
    Receiver(ReceiverField),
    Replacement(ReplacementField),
    Reference(PartField),
    Attachment(PartField),
}

/// What an open element means, given where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Root,
    Envelope,
    Header,
    Container,
    Org(OrgKind),
    Code,
    PromulgationInfo,
    DocumentType,
    SignerInfo,
    ToPlaces,
    OtherInfo,
    Appendixes,
    ResponseFor,
    ResponseForTask,
    Staff(StaffOwner),
    TraceHeaderList,
    TraceHeader,
    Business,
    BusinessDocumentInfo,
    ReceiverList,
    Receiver,
    ReplacementInfoList,
    ReplacementInfo,
    OrganIdList,
    Body,
    Manifest,
    Reference,
    AttachmentEncoded,
    Attachment,
    /// `ContentTransferEncoded`: its text is base64, decoded as it comes.
    Encoded,
    Field(Field),
    /// Anything not read (signatures, unknown extensions, foreign
    /// namespaces), together with everything inside it.
    Ignored,
}

/// The meaning of a child element in our namespace, from its parent's meaning.
fn child_ctx(parent: Ctx, local: &[u8]) -> Ctx {
    use Ctx as C;
    use Field as F;
    match (parent, local) {
        (C::Root, b"edXMLEnvelope") => C::Envelope,
        // Tolerated: a header or body directly under the root, without the
        // envelope.
        (C::Root | C::Envelope, b"edXMLHeader") => C::Header,
        (C::Root | C::Envelope, b"edXMLBody") => C::Body,
        (C::Header, b"MessageHeader" | b"Status") => C::Container,
        (C::Header, b"TraceHeaderList") => C::TraceHeaderList,

        (C::Container, b"From") => C::Org(OrgKind::From),
        (C::Container, b"To") => C::Org(OrgKind::To),
        // `<From><From>…</From></From>` occurs in real samples.
        (C::Org(OrgKind::From), b"From") => C::Org(OrgKind::From),
        (C::Org(OrgKind::To), b"To") => C::Org(OrgKind::To),
        (C::Org(_), b"OrganId") => C::Field(F::Org(OrgField::OrganId)),
        (C::Org(_), b"OrganName") => C::Field(F::Org(OrgField::OrganName)),
        (C::Org(_), b"OrganizationInCharge") => C::Field(F::Org(OrgField::OrganizationInCharge)),
        (C::Org(_), b"Email") => C::Field(F::Org(OrgField::Email)),
        (C::Org(_), b"OrganAdd") => C::Field(F::Org(OrgField::OrganAdd)),
        (C::Org(_), b"Telephone") => C::Field(F::Org(OrgField::Telephone)),
        (C::Org(_), b"Fax") => C::Field(F::Org(OrgField::Fax)),
        (C::Org(_), b"Website") => C::Field(F::Org(OrgField::Website)),

        (C::Container, b"DocumentId") => C::Field(F::DocumentId),
        (C::Container, b"Code") => C::Code,
        (C::Code, b"CodeNumber") => C::Field(F::CodeNumber),
        (C::Code, b"CodeNotation") => C::Field(F::CodeNotation),
        (C::Container, b"PromulgationInfo") => C::PromulgationInfo,
        (C::PromulgationInfo, b"Place") => C::Field(F::Place),
        (C::PromulgationInfo, b"PromulgationDate") => C::Field(F::PromulgationDate),
        (C::Container, b"DocumentType") => C::DocumentType,
        (C::DocumentType, b"Type") => C::Field(F::TypeCode),
        (C::DocumentType, b"TypeDetail") => C::Field(F::TypeDetail),
        (C::DocumentType, b"TypeName") => C::Field(F::TypeName),
        (C::Container, b"Subject") => C::Field(F::Subject),
        (C::Container, b"Content") => C::Field(F::Content),
        (C::Container, b"SignerInfo") => C::SignerInfo,
        (C::SignerInfo, b"Competence") => C::Field(F::Competence),
        (C::SignerInfo, b"Position") => C::Field(F::Position),
        (C::SignerInfo, b"FullName") => C::Field(F::FullName),
        (C::Container, b"DueDate") => C::Field(F::DueDate),
        (C::Container, b"ToPlaces") => C::ToPlaces,
        (C::ToPlaces, b"Place") => C::Field(F::ToPlace),
        (C::Container, b"OtherInfo") => C::OtherInfo,
        (C::OtherInfo, b"Priority") => C::Field(F::Priority),
        (C::OtherInfo, b"SphereOfPromulgation") => C::Field(F::Sphere),
        (C::OtherInfo, b"TyperNotation") => C::Field(F::TyperNotation),
        (C::OtherInfo, b"PromulgationAmount") => C::Field(F::PromulgationAmount),
        (C::OtherInfo, b"PageAmount") => C::Field(F::PageAmount),
        (C::OtherInfo, b"Direction") => C::Field(F::Direction),
        (C::OtherInfo, b"Appendixes") => C::Appendixes,
        (C::Appendixes, b"Appendix") => C::Field(F::Appendix),
        (C::Container, b"SteeringType") => C::Field(F::SteeringType),
        (C::Container, b"ApplicationType") => C::Field(F::ApplicationType),
        (C::Container, b"ResponseForTask") => C::ResponseForTask,
        (C::ResponseForTask, b"TaskCode") => C::Field(F::TaskCode),

        (C::Container, b"ResponseFor") => C::ResponseFor,
        (C::ResponseFor, b"OrganId") => C::Field(F::ResponseFor(RfField::OrganId)),
        (C::ResponseFor, b"Code") => C::Field(F::ResponseFor(RfField::Code)),
        (C::ResponseFor, b"PromulgationDate") => {
            C::Field(F::ResponseFor(RfField::PromulgationDate))
        }
        (C::ResponseFor, b"DocumentId") => C::Field(F::ResponseFor(RfField::DocumentId)),

        (C::Container, b"StatusCode") => C::Field(F::StatusCode),
        (C::Container, b"Description") => C::Field(F::Description),
        (C::Container, b"Timestamp") => C::Field(F::Timestamp),
        (C::Container, b"StaffInfo") => C::Staff(StaffOwner::Status),
        (C::Business, b"StaffInfo") => C::Staff(StaffOwner::Business),
        (C::Staff(o), b"Department") => C::Field(F::Staff(o, StaffField::Department)),
        (C::Staff(o), b"Staff") => C::Field(F::Staff(o, StaffField::Staff)),
        (C::Staff(o), b"Mobile") => C::Field(F::Staff(o, StaffField::Mobile)),
        (C::Staff(o), b"Email") => C::Field(F::Staff(o, StaffField::Email)),

        (C::TraceHeaderList, b"TraceHeader") => C::TraceHeader,
        (C::TraceHeader, b"OrganId") => C::Field(F::Trace(TraceField::OrganId)),
        (C::TraceHeader, b"Timestamp") => C::Field(F::Trace(TraceField::Timestamp)),
        (C::TraceHeaderList, b"Bussiness") => C::Business,
        (C::Business, b"DocumentId") => C::Field(F::Business(BizField::DocumentId)),
        (C::Business, b"BussinessDocType") => C::Field(F::Business(BizField::DocType)),
        (C::Business, b"BussinessDocReason") => C::Field(F::Business(BizField::Reason)),
        (C::Business, b"Paper") => C::Field(F::Business(BizField::Paper)),
        (C::Business, b"BussinessDocumentInfo") => C::BusinessDocumentInfo,
        (C::BusinessDocumentInfo, b"DocumentInfo") => C::Field(F::Business(BizField::DocumentInfo)),
        (C::BusinessDocumentInfo, b"DocumentReceiver") => {
            C::Field(F::Business(BizField::DocumentReceiver))
        }
        (C::BusinessDocumentInfo, b"ReceiverList") => C::ReceiverList,
        (C::ReceiverList, b"Receiver") => C::Receiver,
        (C::Receiver, b"OrganId") => C::Field(F::Receiver(ReceiverField::OrganId)),
        (C::Receiver, b"ReceiverType") => C::Field(F::Receiver(ReceiverField::ReceiverType)),
        (C::Business, b"ReplacementInfoList") => C::ReplacementInfoList,
        (C::ReplacementInfoList, b"ReplacementInfo") => C::ReplacementInfo,
        (C::ReplacementInfo, b"DocumentId") => {
            C::Field(F::Replacement(ReplacementField::DocumentId))
        }
        (C::ReplacementInfo, b"OrganIdList") => C::OrganIdList,
        (C::OrganIdList, b"OrganId") => C::Field(F::Replacement(ReplacementField::OrganId)),

        (C::Body, b"edXMLManifest") => C::Manifest,
        (C::Manifest, b"Reference") => C::Reference,
        (C::Reference, b"ContentId") => C::Field(F::Reference(PartField::ContentId)),
        (C::Reference, b"ContentType") => C::Field(F::Reference(PartField::ContentType)),
        (C::Reference, b"Description") => C::Field(F::Reference(PartField::Description)),
        (C::Reference, b"AttachmentName") => C::Field(F::Reference(PartField::AttachmentName)),

        // The standard puts attachments under the root, beside the envelope;
        // inside the envelope or the body is tolerated.
        (C::Root | C::Envelope | C::Body, b"AttachmentEncoded") => C::AttachmentEncoded,
        (C::AttachmentEncoded, b"Attachment") => C::Attachment,
        (C::Attachment, b"ContentId") => C::Field(F::Attachment(PartField::ContentId)),
        (C::Attachment, b"ContentType") => C::Field(F::Attachment(PartField::ContentType)),
        (C::Attachment, b"Description") => C::Field(F::Attachment(PartField::Description)),
        (C::Attachment, b"AttachmentName") => C::Field(F::Attachment(PartField::AttachmentName)),
        (C::Attachment, b"ContentTransferEncoded") => C::Encoded,

        _ => C::Ignored,
    }
}

/// An organisation block being read. A nested block of the same kind is
/// kept apart so that it wins over its wrapper whatever the child order.
#[derive(Debug, Default)]
struct OrgFrame {
    own: Organization,
    inner: Option<Organization>,
}

impl OrgFrame {
    fn finish(self) -> Organization {
        match self.inner {
            Some(inner) => prefer(inner, self.own),
            None => self.own,
        }
    }
}

/// `first`'s fields, with gaps filled from `fallback`.
fn prefer(first: Organization, fallback: Organization) -> Organization {
    Organization {
        organ_id: first.organ_id.or(fallback.organ_id),
        organ_name: first.organ_name.or(fallback.organ_name),
        organization_in_charge: first
            .organization_in_charge
            .or(fallback.organization_in_charge),
        email: first.email.or(fallback.email),
        organ_add: first.organ_add.or(fallback.organ_add),
        telephone: first.telephone.or(fallback.telephone),
        fax: first.fax.or(fallback.fax),
        website: first.website.or(fallback.website),
    }
}

fn is_empty_org(org: &Organization) -> bool {
    org == &Organization::default()
}

/// A `ResponseFor` before its date is checked.
#[derive(Debug, Default)]
struct RawResponseFor {
    organ_id: Option<String>,
    code: Option<String>,
    promulgation_date: Option<String>,
    document_id: Option<String>,
}

#[derive(Debug, Default)]
struct RawTrace {
    organ_id: Option<String>,
    timestamp: Option<String>,
}

#[derive(Debug, Default)]
struct RawReceiver {
    organ_id: Option<String>,
    receiver_type: Option<String>,
}

#[derive(Debug, Default)]
struct RawBusiness {
    document_id: Option<String>,
    kind: Option<String>,
    reason: Option<String>,
    paper: Option<String>,
    staff: Vec<StaffInfo>,
    document_info: Option<String>,
    document_receiver: Option<String>,
    receivers: Vec<RawReceiver>,
    replacements: Vec<Replacement>,
}

/// A manifest `Reference` or an `Attachment`'s descriptive fields.
#[derive(Debug, Default)]
struct RawPart {
    content_id: Option<String>,
    content_type: Option<String>,
    description: Option<String>,
    attachment_name: Option<String>,
}

impl RawPart {
    fn is_empty(&self) -> bool {
        self.content_id.is_none()
            && self.content_type.is_none()
            && self.description.is_none()
            && self.attachment_name.is_none()
    }

    fn slot(&mut self, which: PartField) -> &mut Option<String> {
        match which {
            PartField::ContentId => &mut self.content_id,
            PartField::ContentType => &mut self.content_type,
            PartField::Description => &mut self.description,
            PartField::AttachmentName => &mut self.attachment_name,
        }
    }
}

#[derive(Debug, Default)]
struct RawReference {
    part: RawPart,
    /// The `cid:` of an `xlink:href` attribute, used when `ContentId` is
    /// absent.
    href: Option<String>,
}

#[derive(Debug, Default)]
struct RawAttachment {
    part: RawPart,
    /// A `ContentTransferEncoded` was seen (a second one is refused).
    has_content: bool,
    decoded_bytes: u64,
    /// The first decoded bytes, to sniff the payload's kind.
    head: Vec<u8>,
}

/// Everything read from the header, as cleaned text, before validation.
#[derive(Debug, Default)]
struct Raw {
    container: Container,
    from: Option<Organization>,
    to: Vec<Organization>,
    document_id: Option<String>,
    code_number: Option<String>,
    code_notation: Option<String>,
    place: Option<String>,
    promulgation_date: Option<String>,
    type_code: Option<String>,
    type_detail: Option<String>,
    type_name: Option<String>,
    subject: Option<String>,
    content: Option<String>,
    signer: Signer,
    due_date: Option<String>,
    to_places: Vec<String>,
    priority: Option<String>,
    sphere: Option<String>,
    typer_notation: Option<String>,
    promulgation_amount: Option<String>,
    page_amount: Option<String>,
    direction: Option<String>,
    appendixes: Vec<String>,
    steering_type: Option<String>,
    response_for: Vec<RawResponseFor>,
    task_codes: Vec<String>,
    application_type: Option<String>,
    /// Set when the element exists at all, even empty: its presence is what
    /// makes the message a status.
    status_code_seen: bool,
    status_code: Option<String>,
    description: Option<String>,
    timestamp: Option<String>,
    status_staff: Vec<StaffInfo>,
    trace: Vec<RawTrace>,
    business: Option<RawBusiness>,
    references: Vec<RawReference>,
    attachments: Vec<RawAttachment>,
}

/// Overwrites only with a value: a later empty duplicate must not erase an
/// earlier filled one.
fn set(slot: &mut Option<String>, value: Option<String>) {
    if value.is_some() {
        *slot = value;
    }
}

struct Frame {
    ctx: Ctx,
    /// The element's name as written, for "not closed" errors.
    name: String,
}

/// Walks the events and fills a [`Raw`], streaming attachments to the sink.
struct Scanner<'a> {
    limits: &'a ReadLimits,
    sink: &'a mut dyn AttachmentSink,
    stack: Vec<Frame>,
    orgs: Vec<OrgFrame>,
    text: String,
    seen_root: bool,
    raw: Raw,
    /// State of the attachment content being decoded, if any.
    decoder: Decoder,
    /// Decoded bytes not yet handed to the sink; at most one window's worth.
    decoded: Vec<u8>,
}

fn scan(
    bytes: &[u8],
    limits: &ReadLimits,
    sink: &mut dyn AttachmentSink,
) -> Result<Raw, ReadError> {
    let mut reader = NsReader::from_reader(bytes);
    let config = reader.config_mut();
    // `<Fax/>` then reads exactly like `<Fax></Fax>`.
    config.expand_empty_elements = true;
    config.check_end_names = true;
    config.trim_text(false);

    let mut scanner = Scanner {
        limits,
        sink,
        stack: Vec::new(),
        orgs: Vec::new(),
        text: String::new(),
        seen_root: false,
        raw: Raw::default(),
        decoder: Decoder::default(),
        decoded: Vec::new(),
    };

    loop {
        let (ours, event) = match reader.read_resolved_event() {
            // Resolved here, to a plain flag, so the namespace borrow of the
            // reader ends before the event is handled.
            Ok((ns, event)) => (in_our_namespace(&ns), event),
            Err(e) => {
                return Err(ReadError::Xml {
                    position: reader.error_position(),
                    reason: e.to_string(),
                })
            }
        };
        let position = reader.buffer_position();
        let xml_error = |reason: String| ReadError::Xml { position, reason };
        match event {
            Event::Start(start) => scanner.start(&start, ours, position)?,
            Event::End(_) => scanner.end(position)?,
            // The raw text borrows from `bytes` (slice reader): attachment
            // content is decoded from it without a copy.
            Event::Text(text) if scanner.in_content() => {
                scanner.feed_escaped(&text, position)?;
            }
            Event::CData(cdata) if scanner.in_content() => {
                scanner.feed(&cdata, position)?;
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| xml_error(e.to_string()))?;
                scanner.text(&text, position)?;
            }
            Event::CData(cdata) => {
                let text = cdata.decode().map_err(|e| xml_error(e.to_string()))?;
                scanner.text(&text, position)?;
            }
            Event::DocType(_) => return Err(ReadError::Dtd),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Empty(_) => {
                // Unreachable with `expand_empty_elements`; refusing beats
                // silently skipping an element if that setting ever changes.
                return Err(xml_error("unexpected empty element event".into()));
            }
            Event::Eof => break,
        }
    }

    if let Some(open) = scanner.stack.last() {
        return Err(ReadError::Xml {
            position: reader.buffer_position(),
            reason: format!(
                "unexpected end of input: element `{}` is not closed",
                open.name
            ),
        });
    }
    if !scanner.seen_root {
        return Err(ReadError::Xml {
            position: reader.buffer_position(),
            reason: "no root element".into(),
        });
    }
    Ok(scanner.raw)
}

/// Whether an element belongs to the edXML vocabulary. Senders omit or
/// mis-declare namespaces, so only an element explicitly bound to some other
/// URI (an XML-DSig signature, a SOAP wrapper) is treated as foreign; an
/// undeclared prefix (`xlink:`, `edXML:` without its declaration) is not an
/// error but a sender's slip.
fn in_our_namespace(ns: &ResolveResult<'_>) -> bool {
    match ns {
        ResolveResult::Bound(uri) => uri.as_ref() == NAMESPACE.as_bytes(),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => true,
    }
}

fn forbidden_char_error(c: char, position: u64) -> ReadError {
    ReadError::Xml {
        position,
        reason: format!("character U+{:04X} is not allowed in XML", c as u32),
    }
}

impl Scanner<'_> {
    fn start(
        &mut self,
        start: &BytesStart<'_>,
        ours: bool,
        position: u64,
    ) -> Result<(), ReadError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(ReadError::TooDeep {
                limit: self.limits.max_depth,
            });
        }
        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
        let ctx = match self.stack.last() {
            None => {
                if self.seen_root {
                    return Err(ReadError::Xml {
                        position,
                        reason: format!("second root element `{name}`"),
                    });
                }
                self.seen_root = true;
                if !ours || start.local_name().as_ref() != b"edXML" {
                    return Err(ReadError::NotEdxml { root: name });
                }
                Ctx::Root
            }
            Some(parent) if ours => child_ctx(parent.ctx, start.local_name().as_ref()),
            Some(_) => Ctx::Ignored,
        };
        match ctx {
            Ctx::Container => {
                self.raw.container = if start.local_name().as_ref() == b"Status" {
                    Container::Status
                } else {
                    Container::MessageHeader
                };
            }
            Ctx::Reference => self.raw.references.push(RawReference {
                href: href_content_id(start),
                ..RawReference::default()
            }),
            _ => {}
        }
        self.enter(ctx)?;
        self.stack.push(Frame { ctx, name });
        Ok(())
    }

    fn enter(&mut self, ctx: Ctx) -> Result<(), ReadError> {
        let raw = &mut self.raw;
        match ctx {
            Ctx::Org(_) => self.orgs.push(OrgFrame::default()),
            Ctx::ResponseFor => raw.response_for.push(RawResponseFor::default()),
            Ctx::Business => {
                raw.business.get_or_insert_with(RawBusiness::default);
            }
            Ctx::Staff(StaffOwner::Status) => raw.status_staff.push(StaffInfo::default()),
            Ctx::Staff(StaffOwner::Business) => {
                if let Some(b) = raw.business.as_mut() {
                    b.staff.push(StaffInfo::default());
                }
            }
            Ctx::TraceHeader => raw.trace.push(RawTrace::default()),
            Ctx::Receiver => {
                if let Some(b) = raw.business.as_mut() {
                    b.receivers.push(RawReceiver::default());
                }
            }
            Ctx::ReplacementInfo => {
                if let Some(b) = raw.business.as_mut() {
                    b.replacements.push(Replacement::default());
                }
            }
            Ctx::Attachment => {
                if raw.attachments.len() >= self.limits.max_attachments {
                    return Err(ReadError::TooLarge {
                        what: "attachments",
                        limit: self.limits.max_attachments as u64,
                    });
                }
                raw.attachments.push(RawAttachment::default());
            }
            Ctx::Encoded => self.begin_content()?,
            Ctx::Field(Field::StatusCode) => raw.status_code_seen = true,
            _ => {}
        }
        if let Ctx::Field(_) = ctx {
            self.text.clear();
        }
        Ok(())
    }

    fn end(&mut self, position: u64) -> Result<(), ReadError> {
        // quick-xml has already checked that this end tag matches the open
        // element, so the stack cannot be empty here.
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        match frame.ctx {
            Ctx::Field(field) => {
                let value = clean(&self.text);
                self.text.clear();
                self.store(field, value);
            }
            Ctx::Org(kind) => {
                let Some(done) = self.orgs.pop().map(OrgFrame::finish) else {
                    return Ok(());
                };
                let nested =
                    matches!(self.stack.last(), Some(parent) if parent.ctx == Ctx::Org(kind));
                if nested {
                    if let Some(outer) = self.orgs.last_mut() {
                        outer.inner = Some(match outer.inner.take() {
                            Some(earlier) => prefer(done, earlier),
                            None => done,
                        });
                    }
                } else {
                    self.finish_org(kind, done);
                }
            }
            Ctx::Encoded => self.end_content(position)?,
            _ => {}
        }
        Ok(())
    }

    fn finish_org(&mut self, kind: OrgKind, org: Organization) {
        match kind {
            // A message has one sender; a repeated `From` only fills gaps.
            OrgKind::From => {
                self.raw.from = Some(match self.raw.from.take() {
                    Some(first) => prefer(first, org),
                    None => org,
                });
            }
            // A `<To/>` placeholder names nobody.
            OrgKind::To if is_empty_org(&org) => {}
            OrgKind::To => self.raw.to.push(org),
        }
    }

    fn text(&mut self, text: &str, position: u64) -> Result<(), ReadError> {
        // XML 1.0 allows no control character but tab and line ends, raw or as a character
        // reference; a NUL in particular would be refused by PostgreSQL later, far from here.
        if let Some(c) = text.chars().find(|&c| is_forbidden_char(c)) {
            return Err(forbidden_char_error(c, position));
        }
        match self.stack.last() {
            Some(Frame {
                ctx: Ctx::Field(_), ..
            }) => self.text.push_str(text),
            Some(_) => {}
            None if text.trim().is_empty() => {}
            None => {
                return Err(ReadError::Xml {
                    position,
                    reason: "text outside the root element".into(),
                })
            }
        }
        Ok(())
    }

    // ---- attachment content ----

    /// Whether the innermost open element is attachment content.
    fn in_content(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                ctx: Ctx::Encoded,
                ..
            })
        )
    }

    /// The attachment being decoded: `Encoded` is only ever entered under an
    /// `Attachment`, which pushed it.
    fn current_index(&self) -> usize {
        self.raw.attachments.len().saturating_sub(1)
    }

    fn begin_content(&mut self) -> Result<(), ReadError> {
        let index = self.current_index();
        let Some(attachment) = self.raw.attachments.last_mut() else {
            return Ok(());
        };
        if attachment.has_content {
            // Two contents for one attachment: which one is the file is a
            // guess, and half of it may already be in the sink.
            return Err(invalid(
                ENCODED_FIELD,
                "",
                format!("attachment {index} has more than one ContentTransferEncoded"),
            ));
        }
        attachment.has_content = true;
        self.decoder = Decoder::default();
        self.decoded.clear();
        self.sink.begin(index).map_err(|e| sink_error(index, &e))
    }

    fn end_content(&mut self, position: u64) -> Result<(), ReadError> {
        let index = self.current_index();
        // The last quartet adds at most two bytes.
        if self.decoded.len() + 2 > MAX_WRITE {
            self.flush(index)?;
        }
        let room = self.room();
        let mut decoder = std::mem::take(&mut self.decoder);
        decoder
            .finish(&mut self.decoded, room)
            .map_err(|e| self.decode_error(e, index, position))?;
        self.flush(index)?;
        self.sink.end(index).map_err(|e| sink_error(index, &e))
    }

    /// Escaped text of `ContentTransferEncoded`: base64 needs no escaping,
    /// but a character reference (`&#10;` for a line break) is legal XML
    /// and is resolved here, one at a time, rather than by unescaping (and
    /// so copying) the whole text.
    fn feed_escaped(&mut self, raw: &[u8], position: u64) -> Result<(), ReadError> {
        let mut rest = raw;
        while let Some(amp) = rest.iter().position(|&b| b == b'&') {
            self.feed(&rest[..amp], position)?;
            let after = &rest[amp..];
            let Some(semi) = after.iter().position(|&b| b == b';') else {
                return Err(ReadError::Xml {
                    position,
                    reason: "unterminated entity reference in attachment content".into(),
                });
            };
            let reference = std::str::from_utf8(&after[..=semi]).map_err(|e| ReadError::Xml {
                position,
                reason: e.to_string(),
            })?;
            let resolved = quick_xml::escape::unescape(reference).map_err(|e| ReadError::Xml {
                position,
                reason: e.to_string(),
            })?;
            if let Some(c) = resolved.chars().find(|&c| is_forbidden_char(c)) {
                return Err(forbidden_char_error(c, position));
            }
            self.feed(resolved.as_bytes(), position)?;
            rest = &after[semi + 1..];
        }
        self.feed(rest, position)
    }

    /// Decodes base64 text window by window, never holding more than
    /// [`MAX_WRITE`] decoded bytes.
    ///
    /// Decoded bytes are held until the next window might not fit in
    /// [`MAX_WRITE`], so text cut into many short pieces (a character
    /// reference at every line end) still reaches the sink in large writes.
    fn feed(&mut self, encoded: &[u8], position: u64) -> Result<(), ReadError> {
        let index = self.current_index();
        for window in encoded.chunks(INPUT_WINDOW) {
            // Up to three characters may be carried over from the last
            // piece; with them a full window still decodes to MAX_WRITE.
            let at_most = window.len().div_ceil(4) * 3;
            if self.decoded.len() + at_most > MAX_WRITE {
                self.flush(index)?;
            }
            let room = self.room();
            if let Err(e) = self.decoder.feed(window, &mut self.decoded, room) {
                return Err(self.decode_error(e, index, position));
            }
        }
        Ok(())
    }

    /// How many more decoded bytes the current attachment may have, the
    /// held ones included (the decoder counts those itself).
    fn room(&self) -> usize {
        let used = self.raw.attachments.last().map_or(0, |a| a.decoded_bytes);
        let room = self.limits.max_attachment_bytes.saturating_sub(used);
        usize::try_from(room).unwrap_or(usize::MAX)
    }

    fn flush(&mut self, index: usize) -> Result<(), ReadError> {
        if self.decoded.is_empty() {
            return Ok(());
        }
        if let Some(attachment) = self.raw.attachments.last_mut() {
            attachment.decoded_bytes += self.decoded.len() as u64;
            let wanted = SNIFF_BYTES.saturating_sub(attachment.head.len());
            let take = wanted.min(self.decoded.len());
            attachment.head.extend_from_slice(&self.decoded[..take]);
        }
        let result = self.sink.write(index, &self.decoded);
        self.decoded.clear();
        result.map_err(|e| sink_error(index, &e))
    }

    fn decode_error(&self, e: DecodeError, index: usize, position: u64) -> ReadError {
        match e {
            DecodeError::Limit => ReadError::TooLarge {
                what: "decoded attachment bytes",
                limit: self.limits.max_attachment_bytes,
            },
            // A control character is an XML problem before it is a base64
            // one. The up-front scan already refuses raw ones; kept so the
            // error stays an XML one should that scan ever go.
            DecodeError::Byte { byte, .. } if is_forbidden_char(char::from(byte)) => {
                forbidden_char_error(char::from(byte), position)
            }
            DecodeError::Byte { byte, .. } => {
                let shown = if byte.is_ascii() {
                    char::from(byte).to_string()
                } else {
                    format!("\\x{byte:02X}")
                };
                invalid(ENCODED_FIELD, &shown, format!("attachment {index}: {e}"))
            }
            _ => invalid(ENCODED_FIELD, "", format!("attachment {index}: {e}")),
        }
    }

    // ---- header fields ----

    fn store(&mut self, field: Field, value: Option<String>) {
        let raw = &mut self.raw;
        match field {
            Field::Org(which) => {
                if let Some(org) = self.orgs.last_mut() {
                    let org = &mut org.own;
                    let slot = match which {
                        OrgField::OrganId => &mut org.organ_id,
                        OrgField::OrganName => &mut org.organ_name,
                        OrgField::OrganizationInCharge => &mut org.organization_in_charge,
                        OrgField::Email => &mut org.email,
                        OrgField::OrganAdd => &mut org.organ_add,
                        OrgField::Telephone => &mut org.telephone,
                        OrgField::Fax => &mut org.fax,
                        OrgField::Website => &mut org.website,
                    };
                    set(slot, value);
                }
            }
            Field::DocumentId => set(&mut raw.document_id, value),
            Field::CodeNumber => set(&mut raw.code_number, value),
            Field::CodeNotation => set(&mut raw.code_notation, value),
            Field::Place => set(&mut raw.place, value),
            Field::PromulgationDate => set(&mut raw.promulgation_date, value),
            Field::TypeCode => set(&mut raw.type_code, value),
            Field::TypeDetail => set(&mut raw.type_detail, value),
            Field::TypeName => set(&mut raw.type_name, value),
            Field::Subject => set(&mut raw.subject, value),
            Field::Content => set(&mut raw.content, value),
            Field::Competence => set(&mut raw.signer.competence, value),
            Field::Position => set(&mut raw.signer.position, value),
            Field::FullName => set(&mut raw.signer.full_name, value),
            Field::DueDate => set(&mut raw.due_date, value),
            Field::ToPlace => raw.to_places.extend(value),
            Field::Priority => set(&mut raw.priority, value),
            Field::Sphere => set(&mut raw.sphere, value),
            Field::TyperNotation => set(&mut raw.typer_notation, value),
            Field::PromulgationAmount => set(&mut raw.promulgation_amount, value),
            Field::PageAmount => set(&mut raw.page_amount, value),
            Field::Direction => set(&mut raw.direction, value),
            Field::Appendix => raw.appendixes.extend(value),
            Field::SteeringType => set(&mut raw.steering_type, value),
            Field::ResponseFor(which) => {
                if let Some(rf) = raw.response_for.last_mut() {
                    let slot = match which {
                        RfField::OrganId => &mut rf.organ_id,
                        RfField::Code => &mut rf.code,
                        RfField::PromulgationDate => &mut rf.promulgation_date,
                        RfField::DocumentId => &mut rf.document_id,
                    };
                    set(slot, value);
                }
            }
            Field::TaskCode => raw.task_codes.extend(value),
            Field::ApplicationType => set(&mut raw.application_type, value),
            Field::StatusCode => set(&mut raw.status_code, value),
            Field::Description => set(&mut raw.description, value),
            Field::Timestamp => set(&mut raw.timestamp, value),
            Field::Staff(owner, which) => {
                let staff = match owner {
                    StaffOwner::Status => raw.status_staff.last_mut(),
                    StaffOwner::Business => raw.business.as_mut().and_then(|b| b.staff.last_mut()),
                };
                if let Some(staff) = staff {
                    let slot = match which {
                        StaffField::Department => &mut staff.department,
                        StaffField::Staff => &mut staff.staff,
                        StaffField::Mobile => &mut staff.mobile,
                        StaffField::Email => &mut staff.email,
                    };
                    set(slot, value);
                }
            }
            Field::Trace(which) => {
                if let Some(trace) = raw.trace.last_mut() {
                    let slot = match which {
                        TraceField::OrganId => &mut trace.organ_id,
                        TraceField::Timestamp => &mut trace.timestamp,
                    };
                    set(slot, value);
                }
            }
            Field::Business(which) => {
                if let Some(business) = raw.business.as_mut() {
                    let slot = match which {
                        BizField::DocumentId => &mut business.document_id,
                        BizField::DocType => &mut business.kind,
                        BizField::Reason => &mut business.reason,
                        BizField::Paper => &mut business.paper,
                        BizField::DocumentInfo => &mut business.document_info,
                        BizField::DocumentReceiver => &mut business.document_receiver,
                    };
                    set(slot, value);
                }
            }
            Field::Receiver(which) => {
                let receiver = raw.business.as_mut().and_then(|b| b.receivers.last_mut());
                if let Some(receiver) = receiver {
                    let slot = match which {
                        ReceiverField::OrganId => &mut receiver.organ_id,
                        ReceiverField::ReceiverType => &mut receiver.receiver_type,
                    };
                    set(slot, value);
                }
            }
            Field::Replacement(which) => {
                let replacement = raw
                    .business
                    .as_mut()
                    .and_then(|b| b.replacements.last_mut());
                if let Some(replacement) = replacement {
                    match which {
                        ReplacementField::DocumentId => set(&mut replacement.document_id, value),
                        ReplacementField::OrganId => replacement.organ_ids.extend(value),
                    }
                }
            }
            Field::Reference(which) => {
                if let Some(reference) = raw.references.last_mut() {
                    set(reference.part.slot(which), value);
                }
            }
            Field::Attachment(which) => {
                if let Some(attachment) = raw.attachments.last_mut() {
                    set(attachment.part.slot(which), value);
                }
            }
        }
    }
}

fn sink_error(index: usize, e: &std::io::Error) -> ReadError {
    ReadError::Sink {
        index,
        reason: e.to_string(),
    }
}

/// The `cid:` target of a `Reference`'s `href` attribute, whatever its
/// prefix: S10 writes `xlink:href` without declaring `xlink`, which is why
/// attributes are matched on local name only. A malformed attribute list is
/// skipped here rather than refused: the attribute is a fallback.
fn href_content_id(start: &BytesStart<'_>) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|attr| attr.key.local_name().as_ref() == b"href")
        .and_then(|attr| attr.unescape_value().ok())
        .map(|value| value.trim().to_owned())
        .filter(|value| {
            value
                .get(..4)
                .is_some_and(|s| s.eq_ignore_ascii_case("cid:"))
        })
}

fn is_forbidden_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Trims, NFC-normalises and drops placeholders.
///
/// Line ends are normalised to `\n` as an XML processor must (XML 1.0
/// §2.11); quick-xml leaves that to us. NFC matters because text pasted from
/// PDFs or macOS arrives decomposed and would not match the same name typed
/// on Windows.
fn clean(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("N/A") {
        return None;
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    Some(text.nfc().collect())
}

impl Raw {
    fn into_message(self) -> Result<Message, ReadError> {
        if self.status_code_seen {
            self.into_status().map(Message::Status)
        } else {
            self.into_document().map(Message::Document)
        }
    }

    fn into_document(self) -> Result<DocumentMessage, ReadError> {
        let c = self.container;
        let from = self.from.unwrap_or_default();
        if from.organ_id.is_none() {
            return Err(ReadError::MissingField {
                field: header_path!(c, "From/OrganId"),
            });
        }
        if self.code_number.is_none() && self.code_notation.is_none() {
            return Err(ReadError::MissingField {
                field: header_path!(c, "Code"),
            });
        }
        let promulgation_date = opt_date(
            self.promulgation_date,
            header_path!(c, "PromulgationInfo/PromulgationDate"),
        )?;
        let due_date = opt_date(self.due_date, header_path!(c, "DueDate"))?;
        let priority = match self.priority {
            None => None,
            Some(text) => match text.parse::<u8>() {
                Ok(p @ 0..=4) => Some(p),
                _ => {
                    return Err(invalid(
                        header_path!(c, "OtherInfo/Priority"),
                        &text,
                        "expected an integer from 0 to 4",
                    ))
                }
            },
        };
        let steering_type = match self.steering_type {
            None => None,
            Some(text) => match text.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    return Err(invalid(
                        header_path!(c, "SteeringType"),
                        &text,
                        "expected an integer",
                    ))
                }
            },
        };
        let rf_date_field = header_path!(c, "ResponseFor/PromulgationDate");
        let mut response_for = Vec::with_capacity(self.response_for.len());
        for rf in self.response_for {
            let rf = response_for_from(rf, rf_date_field)?;
            if !rf.is_empty() {
                response_for.push(rf);
            }
        }
        let business = match self.business {
            None => None,
            Some(b) => business_from(b)?,
        };
        let trace = self
            .trace
            .into_iter()
            .filter(|t| t.organ_id.is_some() || t.timestamp.is_some())
            .map(|t| TraceHeader {
                organ_id: t.organ_id,
                timestamp: t
                    .timestamp
                    .and_then(|text| date::parse_datetime(&text).ok()),
            })
            .collect();
        // Emptiness is judged on what was written, so that a reference
        // whose only field was an unusable name still counts.
        let references = self
            .references
            .into_iter()
            .filter(|r| !r.part.is_empty() || r.href.is_some())
            .map(|r| {
                let href = r.href;
                let mut reference = reference_from(r.part);
                if reference.content_id.is_none() {
                    reference.content_id = names::content_id(href);
                }
                reference
            })
            .collect();
        let attachments = self
            .attachments
            .into_iter()
            .enumerate()
            .map(|(index, a)| attachment_from(index, a))
            .collect();
        Ok(DocumentMessage {
            from,
            to: self.to,
            document_id: self.document_id,
            code_number: self.code_number,
            code_notation: self.code_notation,
            place: self.place,
            promulgation_date,
            type_name: self.type_name,
            type_code: lenient_number(self.type_code),
            type_detail: lenient_number(self.type_detail),
            subject: self.subject,
            content: self.content,
            signer: self.signer,
            due_date,
            to_places: self.to_places,
            priority,
            sphere_of_promulgation: self.sphere,
            typer_notation: self.typer_notation,
            promulgation_amount: lenient_number(self.promulgation_amount),
            page_amount: lenient_number(self.page_amount),
            direction: self.direction.as_deref().and_then(boolean),
            appendixes: self.appendixes,
            steering_type,
            response_for,
            task_codes: self.task_codes,
            application_type: self.application_type,
            trace,
            business,
            references,
            attachments,
        })
    }

    fn into_status(self) -> Result<StatusMessage, ReadError> {
        let c = self.container;
        let status_field = header_path!(c, "StatusCode");
        let status_code = match self.status_code {
            None => {
                return Err(ReadError::MissingField {
                    field: status_field,
                })
            }
            Some(code) => status_code_from(&code)
                .ok_or_else(|| invalid(status_field, &code, "expected a two-digit status code"))?,
        };
        let rf_date_field = header_path!(c, "ResponseFor/PromulgationDate");
        let mut response_for = ResponseFor::default();
        // A status answers one document; the first non-empty block is it.
        for rf in self.response_for {
            let rf = response_for_from(rf, rf_date_field)?;
            if !rf.is_empty() {
                response_for = rf;
                break;
            }
        }
        let timestamp = match self.timestamp {
            None => None,
            Some(text) => Some(
                date::parse_datetime(&text)
                    .map_err(|e| invalid(header_path!(c, "Timestamp"), &text, e.to_string()))?,
            ),
        };
        Ok(StatusMessage {
            from: self.from.unwrap_or_default(),
            response_for,
            status_code,
            description: self.description,
            timestamp,
            staff: self.status_staff.into_iter().find(|s| !s.is_empty()),
        })
    }
}

fn opt_date(
    text: Option<String>,
    field: &'static str,
) -> Result<Option<chrono::NaiveDate>, ReadError> {
    match text {
        None => Ok(None),
        Some(text) => date::parse_date(&text)
            .map(Some)
            .map_err(|e: DateError| invalid(field, &text, e.to_string())),
    }
}

/// For descriptive numbers nothing acts on (type codes, copy and page
/// counts): a typo there must not cost the whole message.
fn lenient_number<T: std::str::FromStr>(text: Option<String>) -> Option<T> {
    text?.parse().ok()
}

/// `0`/`1`/`false`/`true`, the spellings senders use for flags.
fn boolean(text: &str) -> Option<bool> {
    match text {
        "1" => Some(true),
        "0" => Some(false),
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A flag that decides what an update does: unreadable is an error.
fn strict_boolean(text: Option<String>, field: &'static str) -> Result<Option<bool>, ReadError> {
    match text {
        None => Ok(None),
        Some(text) => boolean(&text)
            .map(Some)
            .ok_or_else(|| invalid(field, &text, "expected 0, 1, false or true")),
    }
}

fn response_for_from(
    rf: RawResponseFor,
    date_field: &'static str,
) -> Result<ResponseFor, ReadError> {
    Ok(ResponseFor {
        organ_id: rf.organ_id,
        code: rf.code,
        promulgation_date: opt_date(rf.promulgation_date, date_field)?,
        document_id: rf.document_id,
    })
}

fn reference_from(part: RawPart) -> Reference {
    Reference {
        content_id: names::content_id(part.content_id),
        content_type: part.content_type,
        description: part.description,
        attachment_name: names::attachment_name(part.attachment_name),
    }
}

fn attachment_from(index: usize, a: RawAttachment) -> AttachmentInfo {
    AttachmentInfo {
        index,
        content_id: names::content_id(a.part.content_id),
        attachment_name: names::attachment_name(a.part.attachment_name),
        description: a.part.description,
        content_type: a.part.content_type,
        decoded_bytes: a.decoded_bytes,
        payload: sniff(&a.head),
    }
}

fn sniff(head: &[u8]) -> PayloadKind {
    if head.is_empty() {
        return PayloadKind::Empty;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return PayloadKind::Zip;
    }
    if head.starts_with(b"%PDF-") {
        return PayloadKind::Pdf;
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return PayloadKind::Ole2;
    }
    let text = head.strip_prefix(UTF8_BOM).unwrap_or(head);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => PayloadKind::Xml,
        _ => PayloadKind::Other,
    }
}

const BIZ_TYPE_FIELD: &str = "TraceHeaderList/Bussiness/BussinessDocType";
const RECEIVER_ID_FIELD: &str =
    "TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver/OrganId";
const RECEIVER_TYPE_FIELD: &str =
    "TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver/ReceiverType";

/// An absent type reads as "new", as the reference Java library's int
/// default does; a `<Bussiness/>` whose children are all empty says nothing
/// and reads as absent.
fn business_from(b: RawBusiness) -> Result<Option<Business>, ReadError> {
    let staff: Vec<StaffInfo> = b.staff.into_iter().filter(|s| !s.is_empty()).collect();
    let replacements: Vec<Replacement> = b
        .replacements
        .into_iter()
        .filter(|r| r != &Replacement::default())
        .collect();
    let mut receivers = Vec::with_capacity(b.receivers.len());
    for r in b.receivers {
        // A receiver change decides who keeps a task: half of one is refused
        // rather than guessed.
        match (r.organ_id, r.receiver_type) {
            (None, None) => {}
            (None, Some(_)) => {
                return Err(ReadError::MissingField {
                    field: RECEIVER_ID_FIELD,
                })
            }
            (Some(_), None) => {
                return Err(ReadError::MissingField {
                    field: RECEIVER_TYPE_FIELD,
                })
            }
            (Some(organ_id), Some(kind)) => {
                let added = match kind.as_str() {
                    "1" => true,
                    "0" => false,
                    other => {
                        return Err(invalid(
                            RECEIVER_TYPE_FIELD,
                            other,
                            "expected 0 (removed) or 1 (added)",
                        ))
                    }
                };
                receivers.push(ReceiverChange { organ_id, added });
            }
        }
    }
    let document_info_changed = strict_boolean(
        b.document_info,
        "TraceHeaderList/Bussiness/BussinessDocumentInfo/DocumentInfo",
    )?;
    let receivers_changed = strict_boolean(
        b.document_receiver,
        "TraceHeaderList/Bussiness/BussinessDocumentInfo/DocumentReceiver",
    )?;
    let paper = b.paper.as_deref().and_then(boolean);
    let says_nothing = b.kind.is_none()
        && b.document_id.is_none()
        && b.reason.is_none()
        && b.paper.is_none()
        && staff.is_empty()
        && document_info_changed.is_none()
        && receivers_changed.is_none()
        && receivers.is_empty()
        && replacements.is_empty();
    if says_nothing {
        return Ok(None);
    }
    let kind = match b.kind.as_deref() {
        None | Some("0") => BusinessType::New,
        Some("1") => BusinessType::Revoke,
        Some("2") => BusinessType::Update,
        Some("3") => BusinessType::Replace,
        Some(other) => {
            return Err(invalid(
                BIZ_TYPE_FIELD,
                other,
                "expected 0 (new), 1 (revoke), 2 (update) or 3 (replace)",
            ))
        }
    };
    Ok(Some(Business {
        document_id: b.document_id,
        kind,
        reason: b.reason,
        paper,
        staff,
        document_info_changed,
        receivers_changed,
        receivers,
        replacements,
    }))
}

/// `"6"` → `"06"`: some senders drop the leading zero.
fn status_code_from(code: &str) -> Option<String> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match code.len() {
        1 => Some(format!("0{code}")),
        2 => Some(code.to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const MINIMAL: &str = "<From><OrganId>000.00.00.H57</OrganId></From>\
                           <Code><CodeNumber>1234</CodeNumber><CodeNotation>UBND-XD</CodeNotation></Code>";

    /// A message in the default namespace, the header children given.
    fn message(header: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{NAMESPACE}"><edXMLEnvelope><edXMLHeader>
<MessageHeader>{header}</MessageHeader>
</edXMLHeader></edXMLEnvelope></edXML>"#
        )
    }

    fn read_document(xml: &str) -> DocumentMessage {
        match read_message(xml.as_bytes()) {
            Ok(Message::Document(doc)) => doc,
            other => panic!("expected a document, got {other:?}"),
        }
    }

    fn read_status(xml: &str) -> StatusMessage {
        match read_message(xml.as_bytes()) {
            Ok(Message::Status(status)) => status,
            other => panic!("expected a status, got {other:?}"),
        }
    }

    fn read_error(xml: impl AsRef<[u8]>) -> ReadError {
        match read_message(xml.as_ref()) {
            Err(e) => e,
            Ok(message) => panic!("expected an error, got {message:?}"),
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn a_utf8_bom_is_skipped() {
        let xml = format!("\u{feff}{}", message(MINIMAL));
        assert_eq!(read_document(&xml).code_number.as_deref(), Some("1234"));
    }

    #[test]
    fn a_missing_xml_declaration_crlf_and_tabs_are_accepted() {
        let xml = format!(
            "<edXML xmlns=\"{NAMESPACE}\">\r\n\t<edXMLEnvelope>\r\n\t\t<edXMLHeader>\r\n\
             \t\t\t<MessageHeader>\r\n\t\t\t\t{MINIMAL}\r\n\
             \t\t\t\t<Content>\r\n\t\tdòng một\r\n\t\tdòng hai\r\n\t</Content>\r\n\
             \t\t\t</MessageHeader>\r\n\t\t</edXMLHeader>\r\n\t</edXMLEnvelope>\r\n</edXML>\r\n"
        );
        let doc = read_document(&xml);
        assert_eq!(doc.from.organ_id.as_deref(), Some("000.00.00.H57"));
        assert_eq!(doc.content.as_deref(), Some("dòng một\n\t\tdòng hai"));
    }

    #[test]
    fn the_default_namespace_is_matched() {
        let doc = read_document(&message(&format!("{MINIMAL}<Subject>mặc định</Subject>")));
        assert_eq!(doc.subject.as_deref(), Some("mặc định"));
    }

    #[test]
    fn any_prefix_bound_to_the_namespace_is_matched() {
        let xml = format!(
            r#"<x:edXML xmlns:x="{NAMESPACE}"><x:edXMLEnvelope><x:edXMLHeader><x:MessageHeader>
               <x:From><x:OrganId>A</x:OrganId></x:From>
               <x:Code><x:CodeNumber>1</x:CodeNumber></x:Code>
               <x:Subject>tiền tố lạ</x:Subject>
               </x:MessageHeader></x:edXMLHeader></x:edXMLEnvelope></x:edXML>"#
        );
        let doc = read_document(&xml);
        assert_eq!(doc.from.organ_id.as_deref(), Some("A"));
        assert_eq!(doc.subject.as_deref(), Some("tiền tố lạ"));
    }

    #[test]
    fn prefixed_and_default_namespace_elements_mix_in_one_message() {
        let xml = format!(
            r#"<edXML xmlns="{NAMESPACE}">
               <edXML:edXMLEnvelope xmlns:edXML="{NAMESPACE}"><edXMLHeader><edXML:MessageHeader>
               <From><edXML:OrganId>A</edXML:OrganId></From>
               <edXML:Code><CodeNumber>1</CodeNumber></edXML:Code>
               <Subject>trộn</Subject>
               </edXML:MessageHeader></edXMLHeader></edXML:edXMLEnvelope></edXML>"#
        );
        let doc = read_document(&xml);
        assert_eq!(doc.from.organ_id.as_deref(), Some("A"));
        assert_eq!(doc.code_number.as_deref(), Some("1"));
        assert_eq!(doc.subject.as_deref(), Some("trộn"));
    }

    #[test]
    fn a_message_without_any_namespace_is_read() {
        let xml = format!(
            "<edXML><edXMLEnvelope><edXMLHeader><MessageHeader>{MINIMAL}\
             </MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
        );
        assert_eq!(
            read_document(&xml).code_notation.as_deref(),
            Some("UBND-XD")
        );
    }

    #[test]
    fn an_undeclared_prefix_is_tolerated() {
        let xml = format!(
            "<edXML:edXML><edXML:edXMLEnvelope><edXML:edXMLHeader><edXML:MessageHeader>\
             {MINIMAL}<edXML:Subject>không khai báo</edXML:Subject>\
             </edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope></edXML:edXML>"
        );
        assert_eq!(
            read_document(&xml).subject.as_deref(),
            Some("không khai báo")
        );
    }

    #[test]
    fn elements_of_another_namespace_are_ignored() {
        let xml = message(&format!(
            r#"{MINIMAL}<Subject>thật</Subject>
               <ds:Subject xmlns:ds="http://www.w3.org/2000/09/xmldsig#">giả</ds:Subject>
               <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><Subject>giả</Subject></Signature>"#
        ));
        assert_eq!(read_document(&xml).subject.as_deref(), Some("thật"));
    }

    #[test]
    fn a_root_that_is_not_edxml_is_refused() {
        let err = read_error("<Envelope><edXML/></Envelope>");
        assert!(
            matches!(&err, ReadError::NotEdxml { root } if root == "Envelope"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "not an edxml message: root element is `Envelope`, expected `edXML`"
        );
    }

    #[test]
    fn an_edxml_root_in_another_namespace_is_refused() {
        let err = read_error(r#"<s:edXML xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>"#);
        assert!(matches!(err, ReadError::NotEdxml { .. }), "{err:?}");
    }

    #[test]
    fn comments_anywhere_are_skipped_including_commented_out_elements() {
        let xml = format!(
            "<!-- trước gốc --><edXML xmlns=\"{NAMESPACE}\"><!-- a --><edXMLEnvelope><edXMLHeader>\
             <MessageHeader><!-- <Subject>cũ</Subject> -->{MINIMAL}\
             <Subject>Sở <!-- chú thích -->Xây dựng</Subject>\
             <!-- <OtherInfo><Priority>9</Priority></OtherInfo> -->\
             </MessageHeader></edXMLHeader></edXMLEnvelope></edXML><!-- sau gốc -->"
        );
        let doc = read_document(&xml);
        assert_eq!(doc.subject.as_deref(), Some("Sở Xây dựng"));
        assert_eq!(doc.priority, None);
    }

    #[test]
    fn child_order_does_not_matter() {
        let xml = message(
            "<SteeringType>2</SteeringType>\
             <Code><CodeNotation>UBND-XD</CodeNotation><CodeNumber>7</CodeNumber></Code>\
             <DocumentId>id-1</DocumentId>\
             <PromulgationInfo><PromulgationDate>2024/05/14</PromulgationDate><Place>Huế</Place></PromulgationInfo>\
             <To><OrganName>Sở B</OrganName><OrganId>B</OrganId></To>\
             <From><OrganName>UBND</OrganName><OrganId>A</OrganId></From>",
        );
        let doc = read_document(&xml);
        assert_eq!(doc.steering_type, Some(2));
        assert_eq!(doc.code_number.as_deref(), Some("7"));
        assert_eq!(doc.code_notation.as_deref(), Some("UBND-XD"));
        assert_eq!(doc.document_id.as_deref(), Some("id-1"));
        assert_eq!(doc.place.as_deref(), Some("Huế"));
        assert_eq!(doc.promulgation_date, Some(date(2024, 5, 14)));
        assert_eq!(doc.from.organ_id.as_deref(), Some("A"));
        assert_eq!(doc.to.len(), 1);
        assert_eq!(doc.to[0].organ_name.as_deref(), Some("Sở B"));
    }

    #[test]
    fn business_may_come_before_the_trace_header() {
        let xml = format!(
            "<edXML xmlns=\"{NAMESPACE}\"><edXMLEnvelope><edXMLHeader>\
             <TraceHeaderList><Bussiness><BussinessDocReason>Cập nhật</BussinessDocReason>\
             <BussinessDocType>2</BussinessDocType><DocumentId>id-9</DocumentId></Bussiness>\
             <TraceHeader><OrganId>A</OrganId></TraceHeader></TraceHeaderList>\
             <MessageHeader>{MINIMAL}</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
        );
        let doc = read_document(&xml);
        assert_eq!(
            doc.business,
            Some(Business {
                document_id: Some("id-9".into()),
                kind: BusinessType::Update,
                reason: Some("Cập nhật".into()),
                ..Business::default()
            })
        );
        // The trace header's OrganId is not the sender's.
        assert_eq!(doc.from.organ_id.as_deref(), Some("000.00.00.H57"));
    }

    #[test]
    fn a_doubly_nested_from_takes_the_inner_block() {
        let xml = message(
            "<From><OrganName>ngoài</OrganName><From><OrganId>INNER</OrganId>\
             <OrganName>Sở Xây dựng</OrganName></From><OrganId>OUTER</OrganId>\
             <Email>vt@example.invalid</Email></From>\
             <Code><CodeNumber>1</CodeNumber></Code>",
        );
        let doc = read_document(&xml);
        assert_eq!(
            doc.from,
            Organization {
                organ_id: Some("INNER".into()),
                organ_name: Some("Sở Xây dựng".into()),
                organization_in_charge: None,
                // Gaps in the inner block are filled from the wrapper.
                email: Some("vt@example.invalid".into()),
                ..Organization::default()
            }
        );
    }

    #[test]
    fn a_doubly_nested_to_is_one_recipient() {
        let xml = message(&format!(
            "{MINIMAL}<To><To><OrganId>B</OrganId></To></To><To><OrganId>C</OrganId></To>"
        ));
        let ids: Vec<_> = read_document(&xml)
            .to
            .into_iter()
            .map(|o| o.organ_id)
            .collect();
        assert_eq!(ids, [Some("B".to_owned()), Some("C".to_owned())]);
    }

    #[test]
    fn decomposed_text_is_normalised_to_nfc() {
        let nfd: String = "Sở Xây dựng".nfd().collect();
        assert_ne!(nfd, "Sở Xây dựng");
        let xml = message(&format!(
            "<From><OrganId>A</OrganId><OrganName>{nfd}</OrganName></From>\
             <Code><CodeNotation>{}</CodeNotation></Code>",
            "CĐ-UBND".nfd().collect::<String>()
        ));
        let doc = read_document(&xml);
        assert_eq!(doc.from.organ_name.as_deref(), Some("Sở Xây dựng"));
        assert_eq!(doc.code_notation.as_deref(), Some("CĐ-UBND"));
    }

    #[test]
    fn blank_and_placeholder_values_read_as_absent() {
        let xml = message(
            "<From><OrganId> 000.00.00.H57 </OrganId><OrganName>N/A</OrganName>\
             <Email>   </Email><Fax/></From>\
             <Code><CodeNumber>n/a</CodeNumber><CodeNotation>UBND-XD</CodeNotation></Code>\
             <Subject/><Content>N/A</Content><DueDate></DueDate>\
             <To><OrganId>N/A</OrganId><OrganName/></To><To/>\
             <ToPlaces><Place/><Place> Lưu: VT </Place></ToPlaces>\
             <OtherInfo><Priority></Priority></OtherInfo><SteeringType/>",
        );
        let doc = read_document(&xml);
        assert_eq!(doc.from.organ_id.as_deref(), Some("000.00.00.H57"));
        assert_eq!(doc.from.organ_name, None);
        assert_eq!(doc.from.email, None);
        assert_eq!(doc.code_number, None);
        assert_eq!(doc.subject, None);
        assert_eq!(doc.content, None);
        assert_eq!(doc.due_date, None);
        assert_eq!(doc.to, []);
        assert_eq!(doc.to_places, ["Lưu: VT"]);
        assert_eq!(doc.priority, None);
        assert_eq!(doc.steering_type, None);
    }

    #[test]
    fn an_all_empty_response_for_reads_as_absent() {
        let xml = message(&format!(
            "{MINIMAL}<ResponseFor><OrganId/><Code></Code><PromulgationDate/><DocumentId/></ResponseFor>\
             <ResponseFor><Code>1/UBND</Code><PromulgationDate>2023/03/14 17:19:16</PromulgationDate></ResponseFor>"
        ));
        let doc = read_document(&xml);
        assert_eq!(
            doc.response_for,
            [ResponseFor {
                code: Some("1/UBND".into()),
                promulgation_date: Some(date(2023, 3, 14)),
                ..ResponseFor::default()
            }]
        );
    }

    #[test]
    fn escaped_characters_and_cdata_are_read_as_text() {
        let xml = message(&format!(
            "{MINIMAL}<Subject>A &amp; B &lt;C&gt; &#272;&#x1EA1;</Subject>\
             <Content><![CDATA[<b>giữ nguyên</b> & thế]]></Content>"
        ));
        let doc = read_document(&xml);
        assert_eq!(doc.subject.as_deref(), Some("A & B <C> Đạ"));
        assert_eq!(doc.content.as_deref(), Some("<b>giữ nguyên</b> & thế"));
    }

    #[test]
    fn every_accepted_date_spelling_reads_the_same_day() {
        for spelling in [
            "2024/05/14",
            "14/05/2024",
            "2024-05-14",
            "2024/05/14 16:02:45",
            "14/05/2024 16:02:45",
            "2024-05-14T16:02:45Z",
        ] {
            let xml = message(&format!(
                "{MINIMAL}<PromulgationInfo><PromulgationDate>{spelling}</PromulgationDate></PromulgationInfo>\
                 <DueDate>{spelling}</DueDate>"
            ));
            let doc = read_document(&xml);
            assert_eq!(doc.promulgation_date, Some(date(2024, 5, 14)), "{spelling}");
            assert_eq!(doc.due_date, Some(date(2024, 5, 14)), "{spelling}");
        }
    }

    #[test]
    fn an_impossible_date_is_an_error_naming_the_field_and_value() {
        let xml = message(&format!(
            "{MINIMAL}<PromulgationInfo><PromulgationDate>2014/02/30</PromulgationDate></PromulgationInfo>"
        ));
        let err = read_error(xml);
        assert!(
            matches!(
                &err,
                ReadError::InvalidField { field: "MessageHeader/PromulgationInfo/PromulgationDate", value, .. }
                    if value == "2014/02/30"
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "field MessageHeader/PromulgationInfo/PromulgationDate has invalid value \"2014/02/30\": \
             no such date or time"
        );
    }

    #[test]
    fn an_unreadable_due_date_is_an_error_naming_the_field() {
        let err = read_error(message(&format!("{MINIMAL}<DueDate>cuối tháng</DueDate>")));
        assert!(
            matches!(
                err,
                ReadError::InvalidField {
                    field: "MessageHeader/DueDate",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_document_without_a_sender_id_is_refused() {
        let err = read_error(message(
            "<From><OrganName>UBND</OrganName></From><Code><CodeNumber>1</CodeNumber></Code>",
        ));
        assert!(
            matches!(
                err,
                ReadError::MissingField {
                    field: "MessageHeader/From/OrganId"
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "field MessageHeader/From/OrganId is missing"
        );
    }

    #[test]
    fn a_document_without_number_or_notation_is_refused() {
        let err = read_error(message(
            "<From><OrganId>A</OrganId></From><Code><CodeNumber/></Code>",
        ));
        assert!(
            matches!(
                err,
                ReadError::MissingField {
                    field: "MessageHeader/Code"
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_notation_without_a_number_is_enough() {
        let doc = read_document(&message(
            "<From><OrganId>A</OrganId></From><Code><CodeNotation>CĐ-UBND</CodeNotation></Code>",
        ));
        assert_eq!(doc.code_number, None);
        assert_eq!(doc.code_notation.as_deref(), Some("CĐ-UBND"));
    }

    #[test]
    fn priority_outside_zero_to_four_is_refused() {
        for bad in ["5", "-1", "khẩn", "300"] {
            let xml = message(&format!(
                "{MINIMAL}<OtherInfo><Priority>{bad}</Priority></OtherInfo>"
            ));
            let err = read_error(xml);
            assert!(
                matches!(
                    err,
                    ReadError::InvalidField {
                        field: "MessageHeader/OtherInfo/Priority",
                        ..
                    }
                ),
                "{bad}: {err:?}"
            );
        }
        let doc = read_document(&message(&format!(
            "{MINIMAL}<OtherInfo><Priority>4</Priority></OtherInfo>"
        )));
        assert_eq!(doc.priority, Some(4));
    }

    #[test]
    fn a_missing_priority_and_business_read_as_absent() {
        let doc = read_document(&message(MINIMAL));
        assert_eq!(doc.priority, None);
        assert_eq!(doc.business, None);
        assert_eq!(doc.steering_type, None);
    }

    #[test]
    fn a_non_numeric_steering_type_is_refused() {
        let err = read_error(message(&format!(
            "{MINIMAL}<SteeringType>chỉ đạo</SteeringType>"
        )));
        assert!(
            matches!(
                err,
                ReadError::InvalidField {
                    field: "MessageHeader/SteeringType",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn an_unknown_business_type_is_refused() {
        let xml = format!(
            "<edXML xmlns=\"{NAMESPACE}\"><edXMLEnvelope><edXMLHeader>\
             <MessageHeader>{MINIMAL}</MessageHeader>\
             <TraceHeaderList><Bussiness><BussinessDocType>4</BussinessDocType></Bussiness></TraceHeaderList>\
             </edXMLHeader></edXMLEnvelope></edXML>"
        );
        let err = read_error(xml);
        assert!(
            matches!(
                err,
                ReadError::InvalidField {
                    field: "TraceHeaderList/Bussiness/BussinessDocType",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_document_carrying_a_dtd_is_refused() {
        let xml = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE edXML [<!ENTITY boom \"boom\">]>\n\
             <edXML xmlns=\"{NAMESPACE}\"><edXMLEnvelope><edXMLHeader><MessageHeader>{MINIMAL}\
             <Subject>&boom;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
        );
        let err = read_error(xml);
        assert!(matches!(err, ReadError::Dtd), "{err:?}");
    }

    #[test]
    fn an_external_entity_declaration_is_refused_before_anything_is_resolved() {
        let xml = "<!DOCTYPE edXML SYSTEM \"file:///etc/passwd\"><edXML/>";
        assert!(matches!(read_error(xml), ReadError::Dtd));
    }

    #[test]
    fn an_undeclared_entity_is_a_syntax_error() {
        let err = read_error(message(&format!("{MINIMAL}<Subject>&nbsp;</Subject>")));
        assert!(matches!(err, ReadError::Xml { .. }), "{err:?}");
        let err = read_error(message(&format!("{MINIMAL}<Signature>&xxe;</Signature>")));
        assert!(matches!(err, ReadError::Xml { .. }), "{err:?}");
    }

    #[test]
    fn malformed_xml_is_an_error_with_a_position() {
        let xml = message(&format!("{MINIMAL}<Subject>chưa đóng</Content>"));
        let err = read_error(&xml);
        let ReadError::Xml { position, reason } = &err else {
            panic!("expected an xml error, got {err:?}");
        };
        assert!(*position > 0 && *position <= xml.len() as u64, "{position}");
        assert!(!reason.is_empty());
        assert!(
            err.to_string().starts_with("malformed xml at byte "),
            "{err}"
        );
    }

    #[test]
    fn truncated_input_is_an_error() {
        let xml = message(MINIMAL);
        for cut in [1, xml.len() / 2, xml.len() - 3] {
            let err = read_error(&xml.as_bytes()[..cut]);
            assert!(matches!(err, ReadError::Xml { .. }), "cut {cut}: {err:?}");
        }
    }

    #[test]
    fn an_empty_input_is_an_error() {
        assert!(matches!(read_error(""), ReadError::Xml { .. }));
        assert!(matches!(read_error("\u{feff}  \n"), ReadError::Xml { .. }));
    }

    #[test]
    fn a_second_root_or_stray_text_is_an_error() {
        let xml = format!("{}<edXML/>", message(MINIMAL));
        assert!(matches!(read_error(xml), ReadError::Xml { .. }));
        let xml = format!("{} rác", message(MINIMAL));
        assert!(matches!(read_error(xml), ReadError::Xml { .. }));
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let depth = 100_000;
        let xml = format!(
            "<edXML xmlns=\"{NAMESPACE}\">{}{}</edXML>",
            "<a>".repeat(depth),
            "</a>".repeat(depth)
        );
        let err = read_error(xml);
        assert!(
            matches!(err, ReadError::TooDeep { limit: MAX_DEPTH }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "elements are nested deeper than 256 levels"
        );
    }

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        let filler = MAX_DEPTH - 5; // root, envelope, header, MessageHeader, OtherInfo
        let xml = message(&format!(
            "{MINIMAL}<OtherInfo>{}{}</OtherInfo>",
            "<a>".repeat(filler),
            "</a>".repeat(filler)
        ));
        read_document(&xml);
        let xml = message(&format!(
            "{MINIMAL}<OtherInfo>{}{}</OtherInfo>",
            "<a>".repeat(filler + 1),
            "</a>".repeat(filler + 1)
        ));
        assert!(matches!(read_error(xml), ReadError::TooDeep { .. }));
    }

    #[test]
    fn invalid_utf8_is_refused() {
        let mut bytes = message(MINIMAL).into_bytes();
        let at = bytes.len() - 20;
        bytes[at] = 0xFF;
        let err = read_error(&bytes);
        assert!(
            matches!(err, ReadError::NotUtf8 { position } if position == at as u64),
            "{err:?}"
        );
    }

    #[test]
    fn a_status_in_a_status_container_with_a_one_digit_code_is_padded() {
        let xml = format!(
            "<edXML xmlns=\"{NAMESPACE}\"><edXMLEnvelope><edXMLHeader><Status>\
             <StatusCode>6</StatusCode><From><OrganId>B</OrganId></From>\
             <ResponseFor><OrganId>A</OrganId><Code>1/UBND</Code></ResponseFor>\
             <Timestamp>2024-05-15</Timestamp>\
             </Status></edXMLHeader></edXMLEnvelope></edXML>"
        );
        let status = read_status(&xml);
        assert_eq!(status.status_code, "06");
        assert_eq!(status.from.organ_id.as_deref(), Some("B"));
        assert_eq!(status.response_for.code.as_deref(), Some("1/UBND"));
        assert_eq!(status.timestamp, date(2024, 5, 15).and_hms_opt(0, 0, 0));
        assert_eq!(status.description, None);
    }

    #[test]
    fn a_status_code_that_is_not_digits_is_refused_naming_the_container() {
        let xml = format!(
            "<edXML xmlns=\"{NAMESPACE}\"><edXMLEnvelope><edXMLHeader><Status>\
             <StatusCode>OK</StatusCode></Status></edXMLHeader></edXMLEnvelope></edXML>"
        );
        let err = read_error(xml);
        assert!(
            matches!(&err, ReadError::InvalidField { field: "Status/StatusCode", value, .. } if value == "OK"),
            "{err:?}"
        );
        for bad in ["123", "0x1", "-1"] {
            let err = read_error(message(&format!("<StatusCode>{bad}</StatusCode>")));
            assert!(
                matches!(
                    err,
                    ReadError::InvalidField {
                        field: "MessageHeader/StatusCode",
                        ..
                    }
                ),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn an_empty_status_code_is_a_missing_field() {
        let err = read_error(message("<From><OrganId>B</OrganId></From><StatusCode/>"));
        assert!(
            matches!(
                err,
                ReadError::MissingField {
                    field: "MessageHeader/StatusCode"
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn an_impossible_status_timestamp_names_the_field() {
        let err = read_error(message(
            "<StatusCode>03</StatusCode><Timestamp>2024/02/30 08:00:00</Timestamp>",
        ));
        assert!(
            matches!(
                err,
                ReadError::InvalidField {
                    field: "MessageHeader/Timestamp",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_long_invalid_value_is_shortened_in_the_error() {
        let long = "9".repeat(10_000);
        let err = read_error(message(&format!(
            "{MINIMAL}<OtherInfo><Priority>{long}</Priority></OtherInfo>"
        )));
        let ReadError::InvalidField { value, .. } = err else {
            panic!("expected an invalid field, got {err:?}");
        };
        assert!(value.chars().count() <= 81, "{}", value.len());
        assert!(value.ends_with('…'));
    }

    #[test]
    fn arbitrary_truncations_and_byte_flips_never_panic() {
        let xml = format!(
            "\u{feff}{}",
            message(&format!(
                "{MINIMAL}<Subject>Sở &amp; Xây</Subject><![CDATA[x]]><!-- c -->\
                 <PromulgationInfo><PromulgationDate>2024/05/14</PromulgationDate></PromulgationInfo>\
                 <StatusCode>1</StatusCode><Timestamp>2024/05/15 08:30:12</Timestamp>"
            ))
        );
        let bytes = xml.as_bytes();
        for cut in 0..=bytes.len() {
            let _ = read_message(&bytes[..cut]);
        }
        for at in 0..bytes.len() {
            for replacement in [b'<', b'>', b'&', b'/', b'"', b'!', b'?', b'0', b'\0', 0x80] {
                let mut flipped = bytes.to_vec();
                flipped[at] = replacement;
                let _ = read_message(&flipped);
            }
        }
    }

    #[test]
    fn a_control_character_raw_or_escaped_is_refused() {
        for body in [
            "Sở\u{0}Xây dựng",
            "Sở&#0;Xây dựng",
            "Sở&#x1;Xây dựng",
            "Sở\u{1B}Xây",
        ] {
            let xml = format!(
                "<edXML xmlns=\"{ns}\"><edXMLEnvelope><edXMLHeader><MessageHeader>\
                 <From><OrganId>000.00.00.H57</OrganId><OrganName>{body}</OrganName></From>\
                 <Code><CodeNumber>1</CodeNumber><CodeNotation>UBND-VP</CodeNotation></Code>\
                 </MessageHeader></edXMLHeader></edXMLEnvelope></edXML>",
                ns = crate::NAMESPACE
            );
            assert!(
                matches!(read_message(xml.as_bytes()), Err(ReadError::Xml { .. })),
                "{body:?}"
            );
        }
    }
}
