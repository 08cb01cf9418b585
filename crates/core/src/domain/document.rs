//! A directive document (văn bản chỉ đạo, điều hành): what Điều 6.1.a asks to record of it.

use std::fmt;

use chrono::NaiveDate;

use super::ids::{DocumentNumber, OrganId};

/// How urgent the document is (độ khẩn). Urgent documents have their tasks entered at once
/// instead of within 2 working days (Điều 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Urgency {
    /// Thường.
    Normal,
    /// Khẩn.
    Urgent,
    /// Thượng khẩn.
    VeryUrgent,
    /// Hỏa tốc (edXML priority 3, and the legacy 4 "hỏa tốc hẹn giờ").
    Flash,
}

impl Urgency {
    /// Maps edXML `OtherInfo/Priority`; a missing priority means an ordinary document.
    pub fn from_edxml_priority(priority: Option<u8>) -> Option<Self> {
        match priority {
            None | Some(0) => Some(Self::Normal),
            Some(1) => Some(Self::Urgent),
            Some(2) => Some(Self::VeryUrgent),
            Some(3) | Some(4) => Some(Self::Flash),
            Some(_) => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Urgent => "urgent",
            Self::VeryUrgent => "very_urgent",
            Self::Flash => "flash",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Normal, Self::Urgent, Self::VeryUrgent, Self::Flash]
            .into_iter()
            .find(|u| u.as_str() == s)
    }

    /// The word an official reads.
    pub fn vietnamese(self) -> &'static str {
        match self {
            Self::Normal => "Thường",
            Self::Urgent => "Khẩn",
            Self::VeryUrgent => "Thượng khẩn",
            Self::Flash => "Hỏa tốc",
        }
    }

    pub fn is_urgent(self) -> bool {
        self != Self::Normal
    }
}

/// Who signed, and with what competence (`KT. CHỦ TỊCH`, `TL. CHỦ TỊCH`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signer {
    pub competence: Option<String>,
    pub position: Option<String>,
    pub full_name: Option<String>,
}

/// The identity of a document across sources and messages.
///
/// It is the edXML `DocumentId` when the sender gave one, otherwise the same convention built
/// from the header (`issuer,yyyy/MM/dd,number/notation`), so a revoke or a status message that
/// names the document finds it whichever system delivered it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentKey(String);

impl DocumentKey {
    pub fn from_external(document_id: &str) -> Option<Self> {
        let s = super::text::nfc(document_id);
        (!s.is_empty()).then_some(Self(s))
    }

    pub fn derive(issuer: &OrganId, issued: NaiveDate, number: &DocumentNumber) -> Self {
        Self(format!("{issuer},{},{number}", issued.format("%Y/%m/%d")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A directive document as dondoc keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub key: DocumentKey,
    pub issuer_id: OrganId,
    pub issuer_name: String,
    pub number: DocumentNumber,
    /// The kind of document as its issuer names it (Công văn, Chỉ thị, Thông báo…).
    pub doc_type: Option<String>,
    /// Trích yếu.
    pub subject: Option<String>,
    pub content: Option<String>,
    pub place: Option<String>,
    pub issued: NaiveDate,
    pub signer: Signer,
    pub urgency: Urgency,
    /// The processing deadline the header gives (edXML `DueDate`), if any.
    pub due: Option<NaiveDate>,
    /// The configured name of the source that delivered it first (`inbox`, `vdxp`, …).
    pub source: String,
    /// The sender's own document id (edXML `DocumentId`), kept verbatim.
    pub external_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priority_four_is_read_as_flash() {
        assert_eq!(Urgency::from_edxml_priority(Some(4)), Some(Urgency::Flash));
        assert_eq!(Urgency::from_edxml_priority(None), Some(Urgency::Normal));
        assert_eq!(Urgency::from_edxml_priority(Some(9)), None);
        for u in [
            Urgency::Normal,
            Urgency::Urgent,
            Urgency::VeryUrgent,
            Urgency::Flash,
        ] {
            assert_eq!(Urgency::parse(u.as_str()), Some(u));
        }
    }

    #[test]
    fn a_derived_key_follows_the_edxml_document_id_convention() {
        let key = DocumentKey::derive(
            &OrganId::parse("000.00.00.H57").unwrap(),
            NaiveDate::from_ymd_opt(2024, 5, 14).unwrap(),
            &DocumentNumber::new("1234", "UBND-XD").unwrap(),
        );
        assert_eq!(key.as_str(), "000.00.00.H57,2024/05/14,1234/UBND-XD");
    }
}
