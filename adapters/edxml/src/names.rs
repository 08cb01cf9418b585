//! Cleaning the identifiers and names attachments arrive with.

use unicode_normalization::UnicodeNormalization;

/// `cid:abc` → `abc`, for the manifest and the attachments alike: the VPCP
/// samples write the prefix on both sides, others only in the manifest.
/// The scheme is matched without regard to case, as URI schemes are.
pub(crate) fn content_id(text: Option<String>) -> Option<String> {
    let text = text?;
    let bare = match text.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("cid:") => text[4..].trim(),
        _ => return Some(text),
    };
    (!bare.is_empty()).then(|| bare.to_owned())
}

/// The final file name of an attachment name, or `None` if nothing usable
/// is left.
///
/// Callers save attachments under this name, so whatever a hostile or
/// careless sender puts in front of it (`../`, `a/b/`, `C:\`, a
/// percent-encoded `%2e%2e%2f`) must not survive: the name is
/// percent-decoded first (senders do encode names; decoding after the cut
/// would let an encoded separator through), NFC-normalised, then cut after
/// the last `/` or `\` and after a drive letter's colon. `.` and `..` alone
/// are not names.
pub(crate) fn attachment_name(text: Option<String>) -> Option<String> {
    let text = text?;
    let decoded = percent_decoded(&text).unwrap_or(text);
    let normalised: String = decoded.nfc().collect();
    let last = normalised.rsplit(['/', '\\']).next().unwrap_or(&normalised);
    let last = match last.as_bytes() {
        [drive, b':', ..] if drive.is_ascii_alphabetic() => &last[2..],
        _ => last,
    };
    // Tabs and line breaks survive XML text cleaning but have no place in a
    // file name.
    let name: String = last
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let name = name.trim();
    match name {
        "" | "." | ".." => None,
        _ => Some(name.to_owned()),
    }
}

/// `B%C3%A1o%20c%C3%A1o.pdf` → `Báo cáo.pdf`; `None` when the text has no
/// escape or decoding would not give UTF-8 (then `%` was meant literally,
/// as in "Tăng 10%.pdf").
fn percent_decoded(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()?;
    // Nothing decoded: no escape was there, only percent signs ("10%.pdf").
    (decoded != text).then(|| decoded.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<String> {
        attachment_name(Some(text.to_owned()))
    }

    fn cid(text: &str) -> Option<String> {
        content_id(Some(text.to_owned()))
    }

    #[test]
    fn the_cid_scheme_is_stripped_whatever_its_case() {
        assert_eq!(cid("cid:att0-1871").as_deref(), Some("att0-1871"));
        assert_eq!(cid("CID:att0-1871").as_deref(), Some("att0-1871"));
        assert_eq!(cid("att0-1871").as_deref(), Some("att0-1871"));
        assert_eq!(cid("cid:"), None);
        assert_eq!(cid("cid:  "), None);
        assert_eq!(cid("ci").as_deref(), Some("ci"));
        assert_eq!(cid("cíd:x").as_deref(), Some("cíd:x"));
        assert_eq!(content_id(None), None);
    }

    #[test]
    fn directory_and_drive_parts_are_removed() {
        assert_eq!(name("../x.pdf").as_deref(), Some("x.pdf"));
        assert_eq!(name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(name("a/b.pdf").as_deref(), Some("b.pdf"));
        assert_eq!(name("C:\\x.pdf").as_deref(), Some("x.pdf"));
        assert_eq!(name("C:x.pdf").as_deref(), Some("x.pdf"));
        assert_eq!(
            name("\\\\server\\share\\Tờ trình.docx").as_deref(),
            Some("Tờ trình.docx")
        );
        assert_eq!(name("/abs/path/QĐ 15.pdf").as_deref(), Some("QĐ 15.pdf"));
    }

    #[test]
    fn names_with_nothing_left_are_none() {
        for bad in ["", "..", ".", "../", "a/", "C:\\", "C:", "%2e%2e%2f", " / "] {
            assert_eq!(name(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn percent_encoding_is_decoded_before_the_cut() {
        assert_eq!(
            name("B%C3%A1o%20c%C3%A1o.pdf").as_deref(),
            Some("Báo cáo.pdf")
        );
        assert_eq!(name("%2e%2e%2fsecret.pdf").as_deref(), Some("secret.pdf"));
        assert_eq!(name("..%5Cx.pdf").as_deref(), Some("x.pdf"));
    }

    #[test]
    fn a_literal_percent_is_kept() {
        assert_eq!(name("Tăng 10%.pdf").as_deref(), Some("Tăng 10%.pdf"));
        assert_eq!(name("100%%.pdf").as_deref(), Some("100%%.pdf"));
        // Escapes that would not give UTF-8 mean the `%` was literal.
        assert_eq!(name("a%FFb.pdf").as_deref(), Some("a%FFb.pdf"));
        assert_eq!(name("%+1.pdf").as_deref(), Some("%+1.pdf"));
    }

    #[test]
    fn names_are_nfc() {
        let nfd: String = "Báo cáo tổng hợp.docx".nfd().collect();
        assert_eq!(name(&nfd).as_deref(), Some("Báo cáo tổng hợp.docx"));
    }

    #[test]
    fn whitespace_inside_becomes_spaces() {
        assert_eq!(
            name("Kế\thoạch\n2024.pdf").as_deref(),
            Some("Kế hoạch 2024.pdf")
        );
    }
}
