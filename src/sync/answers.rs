//! The document an answer or a report is about, as its edXML ResponseFor names it. What the
//! answer does to the document's tasks is core's (`intake::Answer`).

use dondoc_edxml::ResponseFor;

use crate::domain::{DocumentKey, DocumentNumber, OrganId};

/// The document a status message or a report names in its ResponseFor: by its DocumentId, else
/// by the issuer, date and number it gives. Some senders swap `Code` and `OrganId` (seen in status
/// 13 messages), so a swapped pair is read back the right way round.
pub fn target_of(rf: &ResponseFor) -> Option<DocumentKey> {
    if let Some(key) = rf
        .document_id
        .as_deref()
        .and_then(DocumentKey::from_external)
    {
        return Some(key);
    }
    let date = rf.promulgation_date?;
    let (organ, code) = (rf.organ_id.as_deref()?, rf.code.as_deref()?);
    let looks_like_code = |s: &str| s.contains('/');
    let (organ, code) = if looks_like_code(organ) && !looks_like_code(code) {
        (code, organ)
    } else {
        (organ, code)
    };
    let organ = OrganId::parse(organ).ok()?;
    let number = DocumentNumber::parse(code).ok()?;
    Some(DocumentKey::derive(&organ, date, &number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_response_for_with_code_and_organ_id_swapped_still_names_the_document() {
        let date = NaiveDate::from_ymd_opt(2024, 5, 14);
        let straight = ResponseFor {
            organ_id: Some("000.00.00.H57".into()),
            code: Some("1234/UBND-XD".into()),
            promulgation_date: date,
            ..Default::default()
        };
        let swapped = ResponseFor {
            organ_id: Some("1234/UBND-XD".into()),
            code: Some("000.00.00.H57".into()),
            promulgation_date: date,
            ..Default::default()
        };
        let key = target_of(&straight).unwrap();
        assert_eq!(key.as_str(), "000.00.00.H57,2024/05/14,1234/UBND-XD");
        assert_eq!(target_of(&swapped), Some(key));
    }
}
