//! Identifiers and values with rules of their own.

use std::fmt;

use super::text::nfc;

/// Why a value was refused, in words an admin can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {value:?} is invalid: {reason}")]
pub struct InvalidValue {
    pub what: &'static str,
    pub value: String,
    pub reason: &'static str,
}

impl InvalidValue {
    pub(crate) fn new(what: &'static str, value: &str, reason: &'static str) -> Self {
        Self {
            what,
            value: value.to_string(),
            reason,
        }
    }
}

/// An organisation's identifier on the document axis, such as `000.00.14.H57`.
///
/// The standard shape is four dot-separated groups (3.2.2.3 characters), but real messages carry
/// older and test identifiers of other shapes (`00.22.W00`, `H37.DN.001`), so only what would make
/// the id unusable as a key is refused: emptiness, white space and characters outside
/// letters, digits, `.`, `-` and `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrganId(String);

impl OrganId {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let s = s.trim();
        if s.is_empty() {
            return Err(InvalidValue::new("OrganId", s, "it is empty"));
        }
        if s.len() > 64 {
            return Err(InvalidValue::new(
                "OrganId",
                s,
                "it is longer than 64 characters",
            ));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return Err(InvalidValue::new(
                "OrganId",
                s,
                "only ASCII letters, digits, '.', '-' and '_' are allowed",
            ));
        }
        Ok(Self(s.to_string()))
    }

    /// Whether the id has the standard 3.2.2.3 shape of QCVN 102 (`NNN.NN.NN.Lnn`).
    pub fn is_standard_shape(&self) -> bool {
        let groups: Vec<&str> = self.0.split('.').collect();
        groups.len() == 4
            && groups[0].len() == 3
            && groups[1].len() == 2
            && groups[2].len() == 2
            && groups[3].len() == 3
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrganId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A document's number and notation (số, ký hiệu), `1234/UBND-XD`.
///
/// The number part may be empty (some senders put everything in the notation) and may carry
/// letters; the notation may not be empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentNumber {
    number: String,
    notation: String,
}

impl DocumentNumber {
    pub fn new(number: &str, notation: &str) -> Result<Self, InvalidValue> {
        let number = nfc(number);
        let notation = nfc(notation);
        if notation.is_empty() && number.is_empty() {
            return Err(InvalidValue::new(
                "document number",
                "",
                "both the number and the notation are empty",
            ));
        }
        if number.chars().chain(notation.chars()).any(char::is_control) {
            return Err(InvalidValue::new(
                "document number",
                &format!("{number}/{notation}"),
                "it contains control characters",
            ));
        }
        // A notation given without a number ("123/UBND-VP" all in CodeNotation) is split here so
        // that the same document compares equal however its sender filled the two fields.
        if number.is_empty() {
            if let Some((n, rest)) = notation.split_once('/') {
                if !n.is_empty() && !rest.is_empty() {
                    return Ok(Self {
                        number: n.to_string(),
                        notation: rest.to_string(),
                    });
                }
            }
        }
        Ok(Self { number, notation })
    }

    /// Parses the joined form `1234/UBND-XD`.
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        match nfc(s).split_once('/') {
            Some((n, rest)) => Self::new(n, rest),
            None => Self::new("", s),
        }
    }

    pub fn number(&self) -> &str {
        &self.number
    }

    pub fn notation(&self) -> &str {
        &self.notation
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.number.is_empty(), self.notation.is_empty()) {
            (true, _) => f.write_str(&self.notation),
            (false, true) => f.write_str(&self.number),
            (false, false) => write!(f, "{}/{}", self.number, self.notation),
        }
    }
}

/// An email address: one `@`, a non-empty local part and a domain with a dot.
///
/// Deliberately not a full RFC 5322 parser: the mail transport does the final check; this one
/// catches the typos an admin makes in the unit directory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let s = s.trim();
        let Some((local, domain)) = s.split_once('@') else {
            return Err(InvalidValue::new("email address", s, "it has no '@'"));
        };
        if local.is_empty() || domain.is_empty() {
            return Err(InvalidValue::new(
                "email address",
                s,
                "the part before or after '@' is empty",
            ));
        }
        if domain.contains('@')
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
        {
            return Err(InvalidValue::new(
                "email address",
                s,
                "the domain must be a dotted name",
            ));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InvalidValue::new(
                "email address",
                s,
                "it contains white space",
            ));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The stable key of a unit in the store: a lowercase ASCII slug from the unit directory
/// (`so-xay-dung`), or `unverified:<OrganId>` for a unit met in a document but not in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitKey(String);

impl UnitKey {
    const UNVERIFIED_PREFIX: &'static str = "unverified:";

    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        let body = s.strip_prefix(Self::UNVERIFIED_PREFIX).unwrap_or(s);
        if body.is_empty() {
            return Err(InvalidValue::new("unit key", s, "it is empty"));
        }
        if !body
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
        {
            return Err(InvalidValue::new(
                "unit key",
                s,
                "only lowercase ASCII letters, digits, '-', '.' and '_' are allowed",
            ));
        }
        Ok(Self(s.to_string()))
    }

    /// The key of a unit known only by the OrganId a document gave it.
    pub fn unverified(organ_id: &OrganId) -> Self {
        Self(format!(
            "{}{}",
            Self::UNVERIFIED_PREFIX,
            organ_id.as_str().to_ascii_lowercase()
        ))
    }

    /// The key of a unit a document names without any OrganId: a digest of its folded name, so
    /// the same name always maps to the same unit.
    pub fn unverified_name(name: &str) -> Self {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(super::text::fold_name(name).as_bytes());
        Self(format!(
            "{}name-{}",
            Self::UNVERIFIED_PREFIX,
            &hex::encode(digest)[..16]
        ))
    }

    pub fn is_unverified(&self) -> bool {
        self.0.starts_with(Self::UNVERIFIED_PREFIX)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organ_ids_keep_their_exact_text() {
        let id = OrganId::parse(" 000.00.14.H57 ").unwrap();
        assert_eq!(id.as_str(), "000.00.14.H57");
        assert!(id.is_standard_shape());
        assert!(!OrganId::parse("00.22.W00").unwrap().is_standard_shape());
    }

    #[test]
    fn an_organ_id_with_spaces_or_markup_is_refused() {
        assert!(OrganId::parse("").is_err());
        assert!(OrganId::parse("000.00 14").is_err());
        assert!(OrganId::parse("<x>").is_err());
    }

    #[test]
    fn a_document_number_reads_however_the_sender_split_it() {
        let split = DocumentNumber::new("1234", "UBND-XD").unwrap();
        let joined = DocumentNumber::new("", "1234/UBND-XD").unwrap();
        assert_eq!(split, joined);
        assert_eq!(split.to_string(), "1234/UBND-XD");
        assert_eq!(
            DocumentNumber::parse("05/CĐ-UBND").unwrap().notation(),
            "CĐ-UBND"
        );
        assert!(DocumentNumber::new(" ", "").is_err());
    }

    #[test]
    fn email_addresses_need_a_local_part_and_a_dotted_domain() {
        assert!(EmailAddress::parse("sxd@thuathienhue.example").is_ok());
        for bad in [
            "sxd",
            "@x.example",
            "sxd@",
            "sxd@localhost",
            "a b@x.example",
            "a@b@c.example",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn unit_keys_are_slugs_or_unverified_organ_ids() {
        assert!(UnitKey::parse("so-xay-dung").is_ok());
        assert!(UnitKey::parse("Sở XD").is_err());
        let key = UnitKey::unverified(&OrganId::parse("000.00.99.H57").unwrap());
        assert_eq!(key.as_str(), "unverified:000.00.99.h57");
        assert!(key.is_unverified());
        assert_eq!(UnitKey::parse(key.as_str()).unwrap(), key);
    }
}
