//! From the edXML reader's header to the domain's document.

use dondoc_edxml::{DocumentMessage, Organization};

use crate::domain::{text::nfc, Document, DocumentKey, DocumentNumber, OrganId, Signer, Urgency};
use crate::extract::SentHeader;

/// What extraction is told of a header: the sent number, date, issuer, type, subject, signer and
/// recipients, beside the printed ones it reads from the text.
pub fn sent_header(m: &DocumentMessage) -> SentHeader {
    let number = match (m.code_number.as_deref(), m.code_notation.as_deref()) {
        (Some(n), Some(c)) if !n.is_empty() => Some(format!("{n}/{c}")),
        (_, Some(c)) => Some(c.to_string()),
        _ => None,
    };
    SentHeader {
        number,
        issued: m.promulgation_date,
        issuer: m.from.organ_name.clone(),
        doc_type: m.type_name.clone(),
        subject: m.subject.clone(),
        signer: m.signer.full_name.clone(),
        recipients: m
            .to
            .iter()
            .filter_map(|o| o.organ_name.clone())
            .filter(|n| !n.trim().is_empty())
            .collect(),
    }
}

pub use crate::intake::Recipient;

/// Why a header cannot become a document, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field {field}: {reason}")]
pub struct ConvertError {
    pub field: &'static str,
    pub reason: String,
}

fn missing(field: &'static str, why: &str) -> ConvertError {
    ConvertError {
        field,
        reason: format!("is missing; {why}"),
    }
}

/// The document a header describes, and its recipients in the order given.
pub fn document(
    msg: &DocumentMessage,
    source: &str,
) -> Result<(Document, Vec<Recipient>), ConvertError> {
    let issuer_raw = msg
        .from
        .organ_id
        .as_deref()
        .ok_or_else(|| missing("MessageHeader/From/OrganId", "the issuer must be known"))?;
    let issuer_id = OrganId::parse(issuer_raw).map_err(|e| ConvertError {
        field: "MessageHeader/From/OrganId",
        reason: e.to_string(),
    })?;
    let issued = msg.promulgation_date.ok_or_else(|| {
        missing(
            "MessageHeader/PromulgationInfo/PromulgationDate",
            "the issue date starts every time limit",
        )
    })?;
    let number = DocumentNumber::new(
        msg.code_number.as_deref().unwrap_or(""),
        msg.code_notation.as_deref().unwrap_or(""),
    )
    .map_err(|e| ConvertError {
        field: "MessageHeader/Code",
        reason: e.to_string(),
    })?;
    let urgency = Urgency::from_edxml_priority(msg.priority).ok_or_else(|| ConvertError {
        field: "MessageHeader/OtherInfo/Priority",
        reason: format!("{:?} is not a priority 0 to 4", msg.priority),
    })?;
    let key = msg
        .document_id
        .as_deref()
        .and_then(DocumentKey::from_external)
        .unwrap_or_else(|| DocumentKey::derive(&issuer_id, issued, &number));
    let issuer_name = name_of(&msg.from).unwrap_or_else(|| issuer_id.to_string());
    let doc = Document {
        key,
        issuer_name,
        issuer_id,
        number,
        doc_type: msg.type_name.as_deref().map(nfc),
        subject: msg.subject.as_deref().map(nfc),
        content: msg.content.as_deref().map(nfc),
        place: msg.place.as_deref().map(nfc),
        issued,
        signer: Signer {
            competence: msg.signer.competence.as_deref().map(nfc),
            position: msg.signer.position.as_deref().map(nfc),
            full_name: msg.signer.full_name.as_deref().map(nfc),
        },
        urgency,
        due: msg.due_date,
        source: source.to_string(),
        external_id: msg.document_id.clone(),
    };
    let mut recipients: Vec<Recipient> = Vec::new();
    for to in &msg.to {
        let organ_id = to
            .organ_id
            .as_deref()
            .and_then(|id| OrganId::parse(id).ok());
        let r = Recipient {
            organ_id,
            name: name_of(to),
        };
        if r.organ_id.is_none() && r.name.is_none() {
            continue;
        }
        // The issuer copying itself is not a unit that carries the task out; a recipient listed
        // twice (under two ids for the same body is handled by the directory) gets one task.
        if r.organ_id.as_ref() == Some(&doc.issuer_id) || recipients.contains(&r) {
            continue;
        }
        recipients.push(r);
    }
    Ok((doc, recipients))
}

fn name_of(o: &Organization) -> Option<String> {
    o.organ_name
        .as_deref()
        .or(o.organization_in_charge.as_deref())
        .map(nfc)
        .filter(|s| !s.is_empty())
}
