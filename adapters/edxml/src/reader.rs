//! The streaming reader: quick-xml events in, [`Message`] out.
//!
//! The document is never built into a tree. Each open element gets a
//! [`Frame`] saying what it means here (a [`Ctx`]), decided from its parent's
//! meaning and its own local name alone, so the reader needs no recursion and
//! no lookbehind. Leaf fields collect their text; containers (`From`,
//! `ResponseFor`, `Bussiness`) collect their fields into a [`Raw`] header that
//! is checked and converted only after the whole input was read, so a syntax
//! error anywhere in the file wins over a field error.
//!
//! quick-xml types stay in this module so the crate's API does not move with
//! quick-xml's.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use unicode_normalization::UnicodeNormalization;

use crate::date::{self, DateError};
use crate::error::{invalid, ReadError};
use crate::model::{
    Business, BusinessType, DocumentMessage, Message, Organization, ResponseFor, Signer,
    StatusMessage,
};
use crate::NAMESPACE;

/// Deepest element nesting accepted. Real messages stay under ten levels;
/// the cap keeps a hostile message from growing the element stacks
/// (ours and quick-xml's) without bound.
pub const MAX_DEPTH: usize = 256;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads one edXML message (document or status), header fields only.
pub fn read_message(bytes: &[u8]) -> Result<Message, ReadError> {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    // Checked up front so that a bad byte is reported as an encoding problem
    // wherever it sits, rather than only when it lands in a field we read.
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(ReadError::NotUtf8 {
            position: e.valid_up_to() as u64,
        });
    }
    let raw = scan(bytes)?;
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
    TypeName,
    Subject,
    Content,
    Competence,
    Position,
    FullName,
    DueDate,
    ToPlace,
    Priority,
    SteeringType,
    ResponseFor(RfField),
    StatusCode,
    Description,
    Timestamp,
    Business(BizField),
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
    ResponseFor,
    TraceHeaderList,
    Business,
    Field(Field),
    /// Anything not read in this version (attachments, signatures, trace
    /// headers, unknown extensions), together with everything inside it.
    Ignored,
}

/// The meaning of a child element in our namespace, from its parent's meaning.
fn child_ctx(parent: Ctx, local: &[u8]) -> Ctx {
    use Ctx as C;
    use Field as F;
    match (parent, local) {
        (C::Root, b"edXMLEnvelope") => C::Envelope,
        // Tolerated: a header directly under the root, without the envelope.
        (C::Root | C::Envelope, b"edXMLHeader") => C::Header,
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

        (C::Container, b"DocumentId") => C::Field(F::DocumentId),
        (C::Container, b"Code") => C::Code,
        (C::Code, b"CodeNumber") => C::Field(F::CodeNumber),
        (C::Code, b"CodeNotation") => C::Field(F::CodeNotation),
        (C::Container, b"PromulgationInfo") => C::PromulgationInfo,
        (C::PromulgationInfo, b"Place") => C::Field(F::Place),
        (C::PromulgationInfo, b"PromulgationDate") => C::Field(F::PromulgationDate),
        (C::Container, b"DocumentType") => C::DocumentType,
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
        (C::Container, b"SteeringType") => C::Field(F::SteeringType),

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

        (C::TraceHeaderList, b"Bussiness") => C::Business,
        (C::Business, b"DocumentId") => C::Field(F::Business(BizField::DocumentId)),
        (C::Business, b"BussinessDocType") => C::Field(F::Business(BizField::DocType)),
        (C::Business, b"BussinessDocReason") => C::Field(F::Business(BizField::Reason)),

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
struct RawBusiness {
    document_id: Option<String>,
    kind: Option<String>,
    reason: Option<String>,
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
    type_name: Option<String>,
    subject: Option<String>,
    content: Option<String>,
    signer: Signer,
    due_date: Option<String>,
    to_places: Vec<String>,
    priority: Option<String>,
    steering_type: Option<String>,
    response_for: Vec<RawResponseFor>,
    /// Set when the element exists at all, even empty: its presence is what
    /// makes the message a status.
    status_code_seen: bool,
    status_code: Option<String>,
    description: Option<String>,
    timestamp: Option<String>,
    business: Option<RawBusiness>,
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

/// Walks the events and fills a [`Raw`].
struct Scanner {
    stack: Vec<Frame>,
    orgs: Vec<OrgFrame>,
    text: String,
    seen_root: bool,
    raw: Raw,
}

fn scan(bytes: &[u8]) -> Result<Raw, ReadError> {
    let mut reader = NsReader::from_reader(bytes);
    let config = reader.config_mut();
    // `<Fax/>` then reads exactly like `<Fax></Fax>`.
    config.expand_empty_elements = true;
    config.check_end_names = true;
    config.trim_text(false);

    let mut scanner = Scanner {
        stack: Vec::new(),
        orgs: Vec::new(),
        text: String::new(),
        seen_root: false,
        raw: Raw::default(),
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
            Event::End(_) => scanner.end(),
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
/// URI (an XML-DSig signature, a SOAP wrapper) is treated as foreign.
fn in_our_namespace(ns: &ResolveResult<'_>) -> bool {
    match ns {
        ResolveResult::Bound(uri) => uri.as_ref() == NAMESPACE.as_bytes(),
        ResolveResult::Unbound | ResolveResult::Unknown(_) => true,
    }
}

impl Scanner {
    fn start(
        &mut self,
        start: &BytesStart<'_>,
        ours: bool,
        position: u64,
    ) -> Result<(), ReadError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ReadError::TooDeep { limit: MAX_DEPTH });
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
        if ctx == Ctx::Container {
            self.raw.container = if start.local_name().as_ref() == b"Status" {
                Container::Status
            } else {
                Container::MessageHeader
            };
        }
        self.enter(ctx);
        self.stack.push(Frame { ctx, name });
        Ok(())
    }

    fn enter(&mut self, ctx: Ctx) {
        match ctx {
            Ctx::Org(_) => self.orgs.push(OrgFrame::default()),
            Ctx::ResponseFor => self.raw.response_for.push(RawResponseFor::default()),
            Ctx::Business => {
                self.raw.business.get_or_insert_with(RawBusiness::default);
            }
            Ctx::Field(Field::StatusCode) => self.raw.status_code_seen = true,
            _ => {}
        }
        if let Ctx::Field(_) = ctx {
            self.text.clear();
        }
    }

    fn end(&mut self) {
        // quick-xml has already checked that this end tag matches the open
        // element, so the stack cannot be empty here.
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame.ctx {
            Ctx::Field(field) => {
                let value = clean(&self.text);
                self.text.clear();
                self.store(field, value);
            }
            Ctx::Org(kind) => {
                let Some(done) = self.orgs.pop().map(OrgFrame::finish) else {
                    return;
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
            _ => {}
        }
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
            return Err(ReadError::Xml {
                position,
                reason: format!("character U+{:04X} is not allowed in XML", c as u32),
            });
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
                    };
                    set(slot, value);
                }
            }
            Field::DocumentId => set(&mut raw.document_id, value),
            Field::CodeNumber => set(&mut raw.code_number, value),
            Field::CodeNotation => set(&mut raw.code_notation, value),
            Field::Place => set(&mut raw.place, value),
            Field::PromulgationDate => set(&mut raw.promulgation_date, value),
            Field::TypeName => set(&mut raw.type_name, value),
            Field::Subject => set(&mut raw.subject, value),
            Field::Content => set(&mut raw.content, value),
            Field::Competence => set(&mut raw.signer.competence, value),
            Field::Position => set(&mut raw.signer.position, value),
            Field::FullName => set(&mut raw.signer.full_name, value),
            Field::DueDate => set(&mut raw.due_date, value),
            Field::ToPlace => raw.to_places.extend(value),
            Field::Priority => set(&mut raw.priority, value),
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
            Field::StatusCode => set(&mut raw.status_code, value),
            Field::Description => set(&mut raw.description, value),
            Field::Timestamp => set(&mut raw.timestamp, value),
            Field::Business(which) => {
                if let Some(business) = raw.business.as_mut() {
                    let slot = match which {
                        BizField::DocumentId => &mut business.document_id,
                        BizField::DocType => &mut business.kind,
                        BizField::Reason => &mut business.reason,
                    };
                    set(slot, value);
                }
            }
        }
    }
}

/// Trims, NFC-normalises and drops placeholders.
///
/// Line ends are normalised to `\n` as an XML processor must (XML 1.0
/// §2.11); quick-xml leaves that to us. NFC matters because text pasted from
/// PDFs or macOS arrives decomposed and would not match the same name typed
/// on Windows.
fn is_forbidden_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

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
        Ok(DocumentMessage {
            from,
            to: self.to,
            document_id: self.document_id,
            code_number: self.code_number,
            code_notation: self.code_notation,
            place: self.place,
            promulgation_date,
            type_name: self.type_name,
            subject: self.subject,
            content: self.content,
            signer: self.signer,
            due_date,
            to_places: self.to_places,
            priority,
            steering_type,
            response_for,
            business,
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

/// An absent type reads as "new", as the reference Java library's int
/// default does; an empty `<Bussiness/>` says nothing and reads as absent.
fn business_from(b: RawBusiness) -> Result<Option<Business>, ReadError> {
    let kind = match b.kind.as_deref() {
        None if b.document_id.is_none() && b.reason.is_none() => return Ok(None),
        None | Some("0") => BusinessType::New,
        Some("1") => BusinessType::Revoke,
        Some("2") => BusinessType::Update,
        Some("3") => BusinessType::Replace,
        Some(other) => {
            return Err(invalid(
                "TraceHeaderList/Bussiness/BussinessDocType",
                other,
                "expected 0 (new), 1 (revoke), 2 (update) or 3 (replace)",
            ))
        }
    };
    Ok(Some(Business {
        document_id: b.document_id,
        kind,
        reason: b.reason,
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
