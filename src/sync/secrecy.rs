//! Secret documents never enter (Điều 5, 6.2): a message stamped Mật, Tối mật or Tuyệt mật is
//! recognised from its raw bytes, before anything of it is parsed, written or logged.
//!
//! The stamp is the classification line printed on the document: a line that is exactly `MẬT`,
//! `TỐI MẬT` or `TUYỆT MẬT` (as printed, in capitals), or an `Độ mật:` field naming one of the three
//! grades. Ordinary words that contain "mật" (bí mật, mật khẩu, mật độ) are not stamps, so they do
//! not drop a document; a spool file recognised as secret is deleted, so the rule stays this narrow.

use unicode_normalization::UnicodeNormalization;

pub use crate::settings::secrecy::{SecrecyRules, FIELDS};

const STAMPS: &[&str] = &["MẬT", "TỐI MẬT", "TUYỆT MẬT"];

/// How many lines at the top of an attachment's text are searched for a stamp: the stamp is
/// printed in the header block, above the title.
const STAMP_LINES: usize = 25;

/// Whether the header marks the document secret under `rules`.
pub fn header_is_secret(rules: &SecrecyRules, msg: &dondoc_edxml::DocumentMessage) -> bool {
    let fold = crate::domain::text::fold_name;
    if let Some(t) = &msg.type_name {
        if rules.document_types.iter().any(|d| fold(d) == fold(t)) {
            return true;
        }
    }
    rules.fields.iter().any(|f| {
        let values: Vec<&str> = match f.as_str() {
            "SphereOfPromulgation" => msg.sphere_of_promulgation.as_deref().into_iter().collect(),
            "Subject" => msg.subject.as_deref().into_iter().collect(),
            "Content" => msg.content.as_deref().into_iter().collect(),
            "TyperNotation" => msg.typer_notation.as_deref().into_iter().collect(),
            "TypeName" => msg.type_name.as_deref().into_iter().collect(),
            "Appendix" => msg.appendixes.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        values.into_iter().any(names_a_grade)
    })
}

/// Whether a field's value names a secrecy grade as a whole word ("Mật", "Độ mật: Tối mật"), not
/// inside another word (bí mật, mật khẩu).
fn names_a_grade(value: &str) -> bool {
    let v = crate::domain::text::fold_name(value);
    let v = v.strip_prefix("độ mật:").map(str::trim).unwrap_or(&v);
    ["mật", "tối mật", "tuyệt mật"].contains(&v)
}

/// Whether the top of an attachment's text carries a secrecy stamp.
pub fn text_is_secret(text: &str) -> bool {
    let head: Vec<&str> = text.lines().take(STAMP_LINES).collect();
    is_secret(head.join("\n").as_bytes())
}

/// Whether the raw message carries a secrecy stamp on a line of its own, however the XML spells
/// it: character references (`T&#7888;I M&#x1EAC;T`) and entities resolved, CDATA unwrapped,
/// composed (NFC), its spaces folded.
pub fn is_secret(bytes: &[u8]) -> bool {
    let raw = String::from_utf8_lossy(bytes);
    let text: String = xml_decoded(&raw).nfc().collect();
    text.split(['\n', '\r', '>', '<']).any(|line| {
        // Spaced as a typist spaces it: runs of spaces, tabs and no-break spaces are one space.
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let line = line.as_str();
        if STAMPS.contains(&line) {
            return true;
        }
        let lower = line.to_lowercase();
        lower
            .strip_prefix("độ mật:")
            .map(str::trim)
            .is_some_and(|grade| ["mật", "tối mật", "tuyệt mật"].contains(&grade))
    })
}

/// The attachments of a message that could not be parsed, as far as its bytes still show them:
/// the content of each element whose name ends in `ContentTransferEncoded`, decoded from base64
/// (white space ignored; one that does not decode is skipped). A broken header must not keep a
/// secret attachment as a dead letter.
pub fn loose_attachments(bytes: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine;
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut rest = text.as_ref();
    while let Some(open) = rest.find("ContentTransferEncoded") {
        let after = &rest[open + "ContentTransferEncoded".len()..];
        // The opening tag ends at '>'; a closing tag ("</…ContentTransferEncoded>") has nothing
        // to decode.
        let Some(gt) = after.find('>') else { break };
        let body = &after[gt + 1..];
        let end = body.find('<').unwrap_or(body.len());
        let encoded: Vec<u8> = body[..end]
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        if !encoded.is_empty() {
            if let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(&encoded) {
                out.push(decoded);
            }
        }
        rest = &body[end..];
    }
    out
}

/// `text` with what XML means in place of how it may be written: the markers of CDATA sections
/// dropped (their content is text as it stands), character references and the five predefined
/// entities replaced by their characters. Anything else after `&` is left as it is.
fn xml_decoded(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') && !text.contains("<![CDATA[") {
        return std::borrow::Cow::Borrowed(text);
    }
    let text = text.replace("<![CDATA[", "").replace("]]>", "");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // A reference is short: "&#x1EAC;" is the longest that names a character we need.
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_field_naming_a_grade_marks_the_document_secret() {
        let rules = SecrecyRules {
            fields: vec!["SphereOfPromulgation".into()],
            document_types: vec!["Công văn mật".into()],
        };
        let mut msg = dondoc_edxml::DocumentMessage {
            sphere_of_promulgation: Some("Tối mật".into()),
            ..test_message()
        };
        assert!(header_is_secret(&rules, &msg));
        msg.sphere_of_promulgation = Some("Liên thông văn bản quốc gia".into());
        assert!(!header_is_secret(&rules, &msg));
        msg.type_name = Some("CÔNG VĂN MẬT".into());
        assert!(header_is_secret(&rules, &msg));
        assert!(
            !header_is_secret(&SecrecyRules::default(), &msg),
            "no rule, no drop"
        );
    }

    #[test]
    fn a_stamp_at_the_top_of_an_attachment_marks_it_secret_but_not_one_deep_in_the_text() {
        assert!(text_is_secret("ỦY BAN NHÂN DÂN\nTỐI MẬT\nSố: 12/UBND"));
        let deep = format!("{}\nMẬT", "dòng\n".repeat(40));
        assert!(!text_is_secret(&deep));
    }

    fn test_message() -> dondoc_edxml::DocumentMessage {
        match dondoc_edxml::read_message(include_bytes!(
            "../../config/demo/inbox/2026-11-16_1611-UBND-XD.edxml"
        )) {
            Ok(dondoc_edxml::Message::Document(d)) => d,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_stamp_on_its_own_line_marks_a_document_secret() {
        assert!(is_secret("<Content>TỐI MẬT\nV/v …</Content>".as_bytes()));
        assert!(is_secret("<Subject>MẬT</Subject>".as_bytes()));
        assert!(is_secret("line\r\n  TUYỆT MẬT  \r\nline".as_bytes()));
        assert!(is_secret("Độ mật: Mật".as_bytes()));
        let nfd: String = "TỐI MẬT".nfd().collect();
        assert!(is_secret(format!("<Content>{nfd}</Content>").as_bytes()));
    }

    /// The ways XML may spell a stamp's characters.
    fn spellings(stamp: &str) -> Vec<String> {
        let decimal: String = stamp
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    format!("&#{};", c as u32)
                }
            })
            .collect();
        let hex: String = stamp
            .chars()
            .map(|c| format!("&#x{:X};", c as u32))
            .collect();
        let nfd: String = stamp.nfd().collect();
        vec![
            stamp.to_string(),
            nfd.clone(),
            decimal,
            hex,
            format!("<![CDATA[{stamp}]]>"),
            format!("<![CDATA[{nfd}]]>"),
        ]
    }

    #[test]
    fn a_stamp_is_seen_however_the_xml_spells_it_in_any_header_element() {
        for stamp in STAMPS
            .iter()
            .copied()
            .chain(["Độ mật: Tối mật", "Độ mật: Mật"])
        {
            for spelled in spellings(stamp) {
                for element in ["Subject", "Content", "TypeName", "Appendix", "Description"] {
                    let alone = format!("<edXML:{element}>{spelled}</edXML:{element}>");
                    let first_line =
                        format!("<edXML:{element}>{spelled}\nV/v rà soát dự án</edXML:{element}>");
                    for xml in [alone, first_line] {
                        assert!(is_secret(xml.as_bytes()), "{xml}");
                    }
                }
            }
        }
        // What the references spell decides: "bí mật" spelled as references is no stamp.
        assert!(!is_secret(
            "<Content>b&#237; m&#7853;t</Content>".as_bytes()
        ));
        assert!(!is_secret(
            "<Content>A &amp; B &#xZZ; &unknown;</Content>".as_bytes()
        ));
    }

    #[test]
    fn a_broken_messages_attachments_are_found_by_their_encoded_content() {
        let xml = "<Attachment><edXML:ContentTransferEncoded>VMOU\nSSBN4bqs\r\nVA==</edXML:ContentTransferEncoded>\
                   <ContentTransferEncoded>%%%</ContentTransferEncoded><Subject>x";
        let found = loose_attachments(xml.as_bytes());
        assert_eq!(found, [b"T\xc3\x94I M\xe1\xba\xacT".to_vec()]);
        assert!(loose_attachments(b"<edXML><Subject>no attachment").is_empty());
    }

    #[test]
    fn ordinary_words_containing_mat_do_not() {
        for text in [
            "bảo vệ bí mật nhà nước",
            "đổi mật khẩu",
            "mật độ dân số",
            "Mật ong rừng",
        ] {
            assert!(
                !is_secret(format!("<Content>{text}</Content>").as_bytes()),
                "{text}"
            );
        }
    }
}
