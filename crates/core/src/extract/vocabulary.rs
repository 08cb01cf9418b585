//! The word lists the extractor reads with, kept as data: `data/roles.toml` (what makes a
//! segment assign, cite, frame or speak) and `data/units.toml` (the words unit names are read
//! with). Compiled in; a unit test reads every list the code asks for, so a missing or
//! misspelt key fails the build's tests, never a document.
//!
//! Each entry is a word or a phrase of the language of directives, never a sentence of one
//! document: a rule that needs a sentence is a rule to write in code, with its phenomenon.

use std::sync::LazyLock;

/// One data file: its lists by key.
pub(crate) struct Vocabulary {
    file: &'static str,
    table: toml::Table,
}

impl Vocabulary {
    fn parse(file: &'static str, text: &'static str) -> Self {
        let table = text
            .parse::<toml::Table>()
            .unwrap_or_else(|e| panic!("crates/core/src/extract/data/{file} is valid TOML: {e}"));
        Self { file, table }
    }

    /// The list under `key`, in its order. The data is compiled in and every key is read by a
    /// unit test, so a missing list is a bug of the build, reported with its file and key.
    pub(crate) fn words(&'static self, key: &str) -> Vec<&'static str> {
        let list = self
            .table
            .get(key)
            .and_then(toml::Value::as_array)
            .unwrap_or_else(|| {
                panic!(
                    "crates/core/src/extract/data/{} has a list `{key}`",
                    self.file
                )
            });
        list.iter()
            .map(|v| {
                v.as_str().unwrap_or_else(|| {
                    panic!(
                        "crates/core/src/extract/data/{}: `{key}` holds only strings",
                        self.file
                    )
                })
            })
            .collect()
    }

    /// The table under `key`, each entry read as a `T` (entries with fields, where `words` has
    /// only strings). Compiled in and read by a unit test, like [`Self::words`].
    pub(crate) fn records<T: serde::de::DeserializeOwned>(&'static self, key: &str) -> Vec<T> {
        let value = self.table.get(key).unwrap_or_else(|| {
            panic!(
                "crates/core/src/extract/data/{} has a table `{key}`",
                self.file
            )
        });
        value.clone().try_into().unwrap_or_else(|e| {
            panic!(
                "crates/core/src/extract/data/{}: `{key}` is malformed: {e}",
                self.file
            )
        })
    }

    /// The keys of the file, for the test that every list is read.
    #[cfg(test)]
    pub(crate) fn keys(&self) -> Vec<&str> {
        self.table.keys().map(String::as_str).collect()
    }
}

/// What makes a segment assign, cite, frame or speak ([`super::tasks`]).
pub(crate) static ROLES: LazyLock<Vocabulary> =
    LazyLock::new(|| Vocabulary::parse("roles.toml", include_str!("data/roles.toml")));

/// The words unit names are read with ([`super::units`]).
pub(crate) static UNITS: LazyLock<Vocabulary> =
    LazyLock::new(|| Vocabulary::parse("units.toml", include_str!("data/units.toml")));

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list the code reads, file by file: a list added to a file and read nowhere, or
    /// read and missing, fails here.
    const READ: &[(&LazyLock<Vocabulary>, &[&str])] = &[
        (
            &ROLES,
            &[
                "cues",
                "framing",
                "not_tasks",
                "citations",
                "opening_citations",
                "adverbials",
                "strong",
                "assigning",
                "speaking",
                "issuer_only",
                "duty_openings",
                "background_heads",
                "status_openings",
                "connectives",
                "status_aspects",
                "generic_words",
                "not_predicate",
                "predicate_qualifiers",
                "province_acts",
                "prepositions",
                "emphasis",
                "conditions",
                "following",
                "following_quantifiers",
                "following_nouns",
                "offices",
                "head_titles",
            ],
        ),
        (
            &UNITS,
            &[
                "departments",
                "ban_lower",
                "local_gov",
                "titles",
                "group_nouns",
                "list_heads",
                "closing_modifiers",
                "open_modifiers",
                "linking_modifiers",
                "documents",
                "stop_words",
                "stop_phrases",
                "recipient_markers",
                "role_blockers",
                "role_nouns",
                "compounds",
                "heads_department",
                "heads_name",
                "heads_any_name",
                "heads_group",
                "heads_fixed",
                "heads_before_place",
                "heads_person",
                "levels_province",
                "levels_district",
                "levels_commune",
            ],
        ),
    ];

    #[test]
    fn every_list_is_read_and_holds_nfc_words_in_lower_case() {
        use unicode_normalization::UnicodeNormalization;
        for (vocabulary, read) in READ {
            let vocabulary: &'static Vocabulary = vocabulary;
            let mut keys = vocabulary.keys();
            keys.sort_unstable();
            let mut expected = read.to_vec();
            // Tables of records, read by their own types' tests.
            if std::ptr::eq(vocabulary, &*UNITS) {
                expected.push("abbreviations");
            }
            expected.sort_unstable();
            assert_eq!(keys, expected, "{}", vocabulary.file);
            for key in *read {
                let words = vocabulary.words(key);
                assert!(!words.is_empty(), "{}: {key}", vocabulary.file);
                for w in words {
                    // Department names are shown as written ("Tài chính"); the rest are
                    // compared in lower case.
                    if *key != "departments" {
                        assert_eq!(w, w.to_lowercase(), "{}: {key}: {w:?}", vocabulary.file);
                    }
                    assert_eq!(w, w.nfc().collect::<String>(), "{}: {key}", vocabulary.file);
                    assert!(!w.contains("  "), "{}: {key}: {w:?}", vocabulary.file);
                }
            }
        }
    }
}
