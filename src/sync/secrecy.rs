//! Secret documents never enter (Điều 5, 6.2): a message stamped Mật, Tối mật or Tuyệt mật is
//! recognised from its raw bytes, before anything of it is parsed, written or logged.
//!
//! The stamp is the classification line printed on the document: a line that is exactly `MẬT`,
//! `TỐI MẬT` or `TUYỆT MẬT` (as printed, in capitals), or an `Độ mật:` field naming one of the three
//! grades. Ordinary words that contain "mật" (bí mật, mật khẩu, mật độ) are not stamps, so they do
//! not drop a document; a spool file recognised as secret is deleted, so the rule stays this narrow.

use unicode_normalization::UnicodeNormalization;

const STAMPS: &[&str] = &["MẬT", "TỐI MẬT", "TUYỆT MẬT"];

/// Whether the raw message carries a secrecy stamp on a line of its own.
pub fn is_secret(bytes: &[u8]) -> bool {
    let text: String = String::from_utf8_lossy(bytes).nfc().collect();
    text.split(['\n', '\r', '>', '<']).any(|line| {
        let line = line.trim();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_on_its_own_line_marks_a_document_secret() {
        assert!(is_secret("<Content>TỐI MẬT\nV/v …</Content>".as_bytes()));
        assert!(is_secret("<Subject>MẬT</Subject>".as_bytes()));
        assert!(is_secret("line\r\n  TUYỆT MẬT  \r\nline".as_bytes()));
        assert!(is_secret("Độ mật: Mật".as_bytes()));
        let nfd: String = "TỐI MẬT".nfd().collect();
        assert!(is_secret(format!("<Content>{nfd}</Content>").as_bytes()));
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
