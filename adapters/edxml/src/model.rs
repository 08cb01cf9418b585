//! What a message says, once read.
//!
//! Every text value is trimmed and NFC-normalised; an empty value or the
//! `N/A` placeholder some senders write into every unused field is `None`, so
//! callers never have to tell "absent" from "blank".

use chrono::{NaiveDate, NaiveDateTime};

/// One edXML message: either a document or a status report about one.
// One value per file read, matched and moved once: boxing the larger variant
// would cost callers an indirection for no measurable saving.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Document(DocumentMessage),
    Status(StatusMessage),
}

/// An organisation block (`From`, `To`, the `From` of a status).
///
/// Only the fields real senders reliably fill are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Organization {
    /// `OrganId`, e.g. `000.00.00.H57`.
    pub organ_id: Option<String>,
    /// `OrganName`, e.g. "Sở Xây dựng".
    pub organ_name: Option<String>,
    /// `OrganizationInCharge`: the parent body.
    pub organization_in_charge: Option<String>,
    pub email: Option<String>,
}

/// `SignerInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signer {
    /// e.g. "KT. CHỦ TỊCH".
    pub competence: Option<String>,
    /// e.g. "PHÓ CHỦ TỊCH".
    pub position: Option<String>,
    pub full_name: Option<String>,
}

/// `TraceHeaderList/Bussiness/BussinessDocType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusinessType {
    /// `0`: a new document.
    New,
    /// `1`: revokes the document named in [`Business::document_id`].
    Revoke,
    /// `2`: updates it.
    Update,
    /// `3`: replaces it.
    Replace,
}

/// `TraceHeaderList/Bussiness` (the standard's spelling): what this message
/// does to a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Business {
    /// The document being created, revoked, updated or replaced.
    pub document_id: Option<String>,
    pub kind: BusinessType,
    /// `BussinessDocReason`, free text.
    pub reason: Option<String>,
}

/// `ResponseFor`: the document a message answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseFor {
    /// The original sender.
    pub organ_id: Option<String>,
    /// Number and notation joined, e.g. `1234/UBND-XD` (not split, unlike `Code`).
    pub code: Option<String>,
    pub promulgation_date: Option<NaiveDate>,
    pub document_id: Option<String>,
}

impl ResponseFor {
    pub(crate) fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// The header of a document ("ed") message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMessage {
    pub from: Organization,
    /// Every recipient, not only us: callers filter on their own `OrganId`s.
    pub to: Vec<Organization>,
    /// `{sender OrganId},{yyyy/MM/dd},{number}/{notation}` by convention, but
    /// UUIDs and impossible dates occur, so it is kept as text.
    pub document_id: Option<String>,
    /// `Code/CodeNumber` (số); may contain letters.
    pub code_number: Option<String>,
    /// `Code/CodeNotation` (ký hiệu), without the number.
    pub code_notation: Option<String>,
    /// `PromulgationInfo/Place`.
    pub place: Option<String>,
    /// `PromulgationInfo/PromulgationDate`.
    pub promulgation_date: Option<NaiveDate>,
    /// `DocumentType/TypeName`, e.g. "Công điện"; the numeric type codes are
    /// used inconsistently by senders, so only the name is kept.
    pub type_name: Option<String>,
    /// Trích yếu.
    pub subject: Option<String>,
    pub content: Option<String>,
    pub signer: Signer,
    /// Processing deadline (hạn xử lý).
    pub due_date: Option<NaiveDate>,
    /// `ToPlaces/Place`: the "Nơi nhận" lines, free text.
    pub to_places: Vec<String>,
    /// `OtherInfo/Priority`, 0 (thường) ..= 4 (hỏa tốc hẹn giờ); `None` when absent.
    pub priority: Option<u8>,
    /// `SteeringType` as written; its meaning differs between senders.
    pub steering_type: Option<i32>,
    /// Non-empty `ResponseFor` blocks.
    pub response_for: Vec<ResponseFor>,
    /// `TraceHeaderList/Bussiness`, when present.
    pub business: Option<Business>,
}

/// A status message: a recipient reporting what it did with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    /// The unit reporting the status (the document's recipient).
    pub from: Organization,
    /// The document the status is about.
    pub response_for: ResponseFor,
    /// Two ASCII digits, `"01"`..`"16"`; a one-digit code is zero-padded.
    pub status_code: String,
    /// Free text; the reason for a rejection (`02`) goes here.
    pub description: Option<String>,
    /// Wall-clock time as written (no zone is ever given; senders mean
    /// Vietnam time). A date without a time reads as midnight.
    pub timestamp: Option<NaiveDateTime>,
}
