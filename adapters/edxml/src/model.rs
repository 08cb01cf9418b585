//! What a message says, once read.
//!
//! Every text value is trimmed and NFC-normalised; an empty value or the
//! `N/A` placeholder some senders write into every unused field is `None`, so
//! callers never have to tell "absent" from "blank". Lists keep the order of
//! the file and skip blocks whose children are all empty (`<To/>`,
//! `<ResponseFor><Code/></ResponseFor>`), except attachments, whose position
//! is their identity (see [`AttachmentInfo::index`]).

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
/// Only `organ_id` and `organ_name` are reliably filled by real senders; the
/// contact fields are often test data copied from another organisation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Organization {
    /// `OrganId`, e.g. `000.00.00.H57`.
    pub organ_id: Option<String>,
    /// `OrganName`, e.g. "Sở Xây dựng".
    pub organ_name: Option<String>,
    /// `OrganizationInCharge`: the parent body.
    pub organization_in_charge: Option<String>,
    pub email: Option<String>,
    /// `OrganAdd`: postal address.
    pub organ_add: Option<String>,
    pub telephone: Option<String>,
    pub fax: Option<String>,
    pub website: Option<String>,
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

/// `StaffInfo`: the clerk who handled a message (in `Bussiness` of a
/// document, or in a status).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StaffInfo {
    /// `Department`, e.g. "Văn phòng Sở".
    pub department: Option<String>,
    /// `Staff`: the person's name.
    pub staff: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

impl StaffInfo {
    pub(crate) fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// `TraceHeaderList/TraceHeader`: one hop the message went through.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TraceHeader {
    pub organ_id: Option<String>,
    /// Wall-clock time as written. Unlike the header's dates, an unreadable
    /// trace timestamp reads as `None` rather than refusing the message: it
    /// is a diagnostic, and losing a directive over it would cost more than
    /// the timestamp is worth.
    pub timestamp: Option<NaiveDateTime>,
}

/// `TraceHeaderList/Bussiness/BussinessDocType`.
///
/// The default is `New`, as an absent type reads (the reference Java
/// library's int default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BusinessType {
    /// `0`: a new document.
    #[default]
    New,
    /// `1`: revokes the document named in [`Business::document_id`].
    Revoke,
    /// `2`: updates it.
    Update,
    /// `3`: replaces it.
    Replace,
}

/// `BussinessDocumentInfo/ReceiverList/Receiver` of an update: a recipient
/// added to or removed from the document's distribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiverChange {
    pub organ_id: String,
    /// `ReceiverType`: `1` added, `0` removed.
    pub added: bool,
}

/// `ReplacementInfoList/ReplacementInfo` of a replacement: which document is
/// replaced, for which recipients.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Replacement {
    pub document_id: Option<String>,
    /// `OrganIdList/OrganId`, in file order.
    pub organ_ids: Vec<String>,
}

/// `TraceHeaderList/Bussiness` (the standard's spelling): what this message
/// does to a document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Business {
    /// The document being created, revoked, updated or replaced.
    pub document_id: Option<String>,
    pub kind: BusinessType,
    /// `BussinessDocReason`, free text.
    pub reason: Option<String>,
    /// `Paper`: whether a paper copy is also sent. `None` when absent or not
    /// one of `0`/`1`/`false`/`true` (nothing depends on it).
    pub paper: Option<bool>,
    /// `StaffInfo` blocks, in file order.
    pub staff: Vec<StaffInfo>,
    /// `BussinessDocumentInfo/DocumentInfo`: the document's metadata changed
    /// (updates only).
    pub document_info_changed: Option<bool>,
    /// `BussinessDocumentInfo/DocumentReceiver`: the recipient list changed
    /// (updates only).
    pub receivers_changed: Option<bool>,
    /// `BussinessDocumentInfo/ReceiverList/Receiver`, in file order.
    pub receivers: Vec<ReceiverChange>,
    /// `ReplacementInfoList/ReplacementInfo` (replacements only).
    pub replacements: Vec<Replacement>,
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

/// `edXMLBody/edXMLManifest/Reference`: what the sender says it attached.
///
/// The manifest and the attachments are listed separately and not matched:
/// senders disagree on counts and order, and ContentIds repeat, so any
/// pairing is the caller's guess to make (usually by
/// [`content_id`](Self::content_id)).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reference {
    /// `ContentId` without its `cid:` prefix; when the element is absent, the
    /// `cid:` of an `xlink:href` attribute on the `Reference`.
    pub content_id: Option<String>,
    /// As written; non-standard strings (`application/xslx`) are common.
    pub content_type: Option<String>,
    pub description: Option<String>,
    /// A bare file name; see [`AttachmentInfo::attachment_name`].
    pub attachment_name: Option<String>,
}

/// What an attachment's first decoded bytes say it is, whatever its
/// `ContentType` and name claim.
///
/// Senders zip files before encoding them and then announce
/// `application/zip` with a `.pdf` name, or the reverse, so only the bytes
/// can be trusted to pick a decoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadKind {
    /// No content element, or one that decodes to nothing.
    Empty,
    /// `PK\x03\x04` (or an empty archive's `PK\x05\x06`): unzip before use.
    Zip,
    /// `%PDF-`.
    Pdf,
    /// An OLE2 compound file: legacy `.doc`/`.xls`.
    Ole2,
    /// Starts with `<` (after an optional BOM and whitespace): possibly a
    /// nested edXML message, which [`read_message`](crate::read_message)
    /// can read in turn.
    Xml,
    Other,
}

/// `AttachmentEncoded/Attachment`: an attachment's description and size.
/// Its bytes went to the [`AttachmentSink`](crate::AttachmentSink) under the
/// same `index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentInfo {
    /// Position among the `Attachment` elements, from 0; the key the sink saw.
    pub index: usize,
    /// `ContentId` without its `cid:` prefix.
    pub content_id: Option<String>,
    /// The final file name only: percent-decoded, NFC, any directory or
    /// drive part removed (`../x.pdf`, `a/b.pdf`, `C:\x.pdf` give `x.pdf`,
    /// `b.pdf`, `x.pdf`), and `None` when nothing usable is left. Safe to
    /// use as one path component, never as a path.
    pub attachment_name: Option<String>,
    pub description: Option<String>,
    pub content_type: Option<String>,
    /// Bytes after base64 decoding (before any unzipping).
    pub decoded_bytes: u64,
    /// What the decoded bytes look like.
    pub payload: PayloadKind,
}

/// The header of a document ("ed") message, with its trace, manifest and
/// attachment list.
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
    /// `DocumentType/TypeName`, e.g. "Công điện": the reliable one of the
    /// three type fields.
    pub type_name: Option<String>,
    /// `DocumentType/Type` as written. Senders use it inconsistently (group
    /// 1/2, or 18 for Công văn), so it is `None` rather than an error when it
    /// is not an integer.
    pub type_code: Option<i32>,
    /// `DocumentType/TypeDetail` as written; same leniency as `type_code`.
    pub type_detail: Option<i32>,
    /// Trích yếu.
    pub subject: Option<String>,
    pub content: Option<String>,
    pub signer: Signer,
    /// Processing deadline (hạn xử lý). Kept as written even when it is
    /// earlier than the promulgation date.
    pub due_date: Option<NaiveDate>,
    /// `ToPlaces/Place`: the "Nơi nhận" lines, free text.
    pub to_places: Vec<String>,
    /// `OtherInfo/Priority`, 0 (thường) ..= 4 (hỏa tốc hẹn giờ); `None` when
    /// absent, which means 0 (see [`DocumentMessage::effective_priority`]).
    pub priority: Option<u8>,
    /// `OtherInfo/SphereOfPromulgation`: circulation scope, free text (not
    /// secrecy).
    pub sphere_of_promulgation: Option<String>,
    /// `OtherInfo/TyperNotation`: the typist's initials.
    pub typer_notation: Option<String>,
    /// `OtherInfo/PromulgationAmount` (số bản); `None` when not a
    /// non-negative integer, as nothing depends on it.
    pub promulgation_amount: Option<u32>,
    /// `OtherInfo/PageAmount` (số trang); same leniency.
    pub page_amount: Option<u32>,
    /// `OtherInfo/Direction`, meaning unknown; `None` unless a boolean.
    pub direction: Option<bool>,
    /// `OtherInfo/Appendixes/Appendix`, free text.
    pub appendixes: Vec<String>,
    /// `SteeringType` as written. Senders disagree on its meaning (0/1/2 or
    /// 1/2/3), so it is not interpreted here.
    pub steering_type: Option<i32>,
    /// Non-empty `ResponseFor` blocks.
    pub response_for: Vec<ResponseFor>,
    /// `ResponseForTask/TaskCode`: the tasks this document reports on.
    pub task_codes: Vec<String>,
    /// `ApplicationType`, meaning unknown.
    pub application_type: Option<String>,
    /// `TraceHeaderList/TraceHeader`, in file order (not sorted by time:
    /// senders' clocks disagree).
    pub trace: Vec<TraceHeader>,
    /// `TraceHeaderList/Bussiness`, when present and not empty.
    pub business: Option<Business>,
    /// The manifest, in file order.
    pub references: Vec<Reference>,
    /// The attachments, in file order.
    pub attachments: Vec<AttachmentInfo>,
}

impl DocumentMessage {
    /// The priority to act on: an absent `Priority` is 0 (thường).
    pub fn effective_priority(&self) -> u8 {
        self.priority.unwrap_or(0)
    }
}

/// A status message: a recipient reporting what it did with a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    /// The unit reporting the status (the document's recipient).
    pub from: Organization,
    /// The document the status is about.
    pub response_for: ResponseFor,
    /// Two ASCII digits, `"01"`..`"16"`; a one-digit code is zero-padded.
    /// See [`status_kind`] for the known ones.
    pub status_code: String,
    /// Free text; the reason for a rejection (`02`) goes here.
    pub description: Option<String>,
    /// Wall-clock time as written (no zone is ever given; senders mean
    /// Vietnam time). A date without a time reads as midnight.
    pub timestamp: Option<NaiveDateTime>,
    /// `StaffInfo`: who handled it; the first non-empty block.
    pub staff: Option<StaffInfo>,
}

/// The business statuses whose meaning is known. The code stays a string in
/// [`StatusMessage`] because 07–12 occur and mean nothing documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusKind {
    /// `01` Đã đến: received by the software, not yet registered.
    Arrived,
    /// `02` Từ chối tiếp nhận; the reason is in the description.
    Rejected,
    /// `03` Đã tiếp nhận: registered by the văn thư.
    Accepted,
    /// `04` Phân công: assigned for handling.
    Assigned,
    /// `05` Đang xử lý.
    Processing,
    /// `06` Hoàn thành.
    Completed,
    /// `13` Thu hồi: sent by the original sender to take the document back.
    Revoked,
    /// `15` Đồng ý thu hồi / cập nhật. A widely copied SDK writes `14` for
    /// it, so `14` reads as this too.
    ChangeAccepted,
    /// `16` Từ chối thu hồi / cập nhật.
    ChangeRejected,
}

impl StatusKind {
    /// The code to write: always the standard one (`15`, never `14`).
    pub fn code(self) -> &'static str {
        match self {
            StatusKind::Arrived => "01",
            StatusKind::Rejected => "02",
            StatusKind::Accepted => "03",
            StatusKind::Assigned => "04",
            StatusKind::Processing => "05",
            StatusKind::Completed => "06",
            StatusKind::Revoked => "13",
            StatusKind::ChangeAccepted => "15",
            StatusKind::ChangeRejected => "16",
        }
    }
}

/// The meaning of a status code, `None` for codes nobody documents.
///
/// Takes the two-digit form [`StatusMessage::status_code`] holds; a
/// one-digit code is read as if zero-padded.
pub fn status_kind(code: &str) -> Option<StatusKind> {
    let code = code.trim();
    let code = match code.len() {
        1 => code.as_bytes()[0],
        2 if code.as_bytes()[0] == b'0' => code.as_bytes()[1],
        2 => {
            return match code {
                "13" => Some(StatusKind::Revoked),
                "14" | "15" => Some(StatusKind::ChangeAccepted),
                "16" => Some(StatusKind::ChangeRejected),
                _ => None,
            }
        }
        _ => return None,
    };
    match code {
        b'1' => Some(StatusKind::Arrived),
        b'2' => Some(StatusKind::Rejected),
        b'3' => Some(StatusKind::Accepted),
        b'4' => Some(StatusKind::Assigned),
        b'5' => Some(StatusKind::Processing),
        b'6' => Some(StatusKind::Completed),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_has_a_kind_and_14_is_15() {
        let table = [
            ("01", StatusKind::Arrived),
            ("02", StatusKind::Rejected),
            ("03", StatusKind::Accepted),
            ("04", StatusKind::Assigned),
            ("05", StatusKind::Processing),
            ("06", StatusKind::Completed),
            ("13", StatusKind::Revoked),
            ("14", StatusKind::ChangeAccepted),
            ("15", StatusKind::ChangeAccepted),
            ("16", StatusKind::ChangeRejected),
        ];
        for (code, kind) in table {
            assert_eq!(status_kind(code), Some(kind), "{code}");
        }
        assert_eq!(StatusKind::ChangeAccepted.code(), "15");
        assert_eq!(status_kind("6"), Some(StatusKind::Completed));
    }

    #[test]
    fn undocumented_or_malformed_codes_have_no_kind() {
        for code in ["00", "07", "12", "17", "99", "", "1x", "001", "+1", "０１"] {
            assert_eq!(status_kind(code), None, "{code:?}");
        }
    }

    #[test]
    fn a_kind_round_trips_through_its_code() {
        for kind in [
            StatusKind::Arrived,
            StatusKind::Rejected,
            StatusKind::Accepted,
            StatusKind::Assigned,
            StatusKind::Processing,
            StatusKind::Completed,
            StatusKind::Revoked,
            StatusKind::ChangeAccepted,
            StatusKind::ChangeRejected,
        ] {
            assert_eq!(status_kind(kind.code()), Some(kind));
        }
    }
}
