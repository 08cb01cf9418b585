//! `[secrecy]`: what marks a document secret by configuration, beside the stamps the regulation
//! names (Điều 5, 6.2). The checks that apply these rules to a message are `sync::secrecy`'s.

/// What else marks a document secret, by configuration: header fields whose value names a grade,
/// and document types that are always secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecrecyRules {
    /// edXML element names: `SphereOfPromulgation`, `Subject`, `Content`, `TyperNotation`,
    /// `TypeName`, `Appendix`.
    pub fields: Vec<String>,
    /// `TypeName` values (compared case- and tone-insensitively).
    pub document_types: Vec<String>,
}

/// The header fields a rule may name.
pub const FIELDS: &[&str] = &[
    "SphereOfPromulgation",
    "Subject",
    "Content",
    "TyperNotation",
    "TypeName",
    "Appendix",
];
