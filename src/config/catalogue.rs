//! The strings of the web pages: the built-in Vietnamese catalogue (`config/web/vi.toml`), or
//! the file `[web] catalogue` names (an English one ships as `config/web/en.toml`). A file must
//! give every key the built-in one has, so that no page shows a key instead of words.

use std::path::Path;

/// The built-in catalogue.
pub const BUILT_IN: &str = include_str!("../../config/web/vi.toml");

/// A catalogue read and checked: its sections of strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue(pub toml::Table);

impl Catalogue {
    pub fn built_in() -> Self {
        Self::parse(BUILT_IN).unwrap_or_else(|e| panic!("the built-in catalogue: {e}"))
    }

    /// Reads `path` and checks it against the built-in catalogue; the reason names the keys.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
        let catalogue = Self::parse(&text)?;
        let missing = missing_keys(&Self::built_in().0, &catalogue.0);
        if !missing.is_empty() {
            return Err(format!(
                "it lacks {} key(s) the pages use: {}",
                missing.len(),
                missing.join(", ")
            ));
        }
        Ok(catalogue)
    }

    fn parse(text: &str) -> Result<Self, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        for (section, value) in &table {
            let Some(entries) = value.as_table() else {
                return Err(format!("{section} is not a [section] of strings"));
            };
            if let Some((key, _)) = entries.iter().find(|(_, v)| !v.is_str()) {
                return Err(format!("{section}.{key} is not a string"));
            }
        }
        Ok(Self(table))
    }
}

/// The `section.key`s of `full` that `other` does not give.
fn missing_keys(full: &toml::Table, other: &toml::Table) -> Vec<String> {
    let mut out = Vec::new();
    for (section, entries) in full {
        for key in entries.as_table().into_iter().flat_map(|t| t.keys()) {
            let given = other
                .get(section)
                .and_then(|s| s.as_table())
                .is_some_and(|s| s.contains_key(key));
            if !given {
                out.push(format!("{section}.{key}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(rel: &str) -> std::path::PathBuf {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
    }

    #[test]
    fn the_english_catalogue_gives_every_string_of_the_pages() {
        let en = Catalogue::read(&repo("config/web/en.toml")).unwrap();
        assert_eq!(en.0["login"]["title"].as_str(), Some("Log in"));
        // And nothing the pages do not use.
        assert!(missing_keys(&en.0, &Catalogue::built_in().0).is_empty());
    }

    #[test]
    fn a_catalogue_missing_a_key_is_refused_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short.toml");
        std::fs::write(&path, "[login]\ntitle = \"Log in\"\n").unwrap();
        let e = Catalogue::read(&path).unwrap_err();
        assert!(e.contains("login.username"), "{e}");
        std::fs::write(&path, "[login]\ntitle = 3\n").unwrap();
        assert_eq!(
            Catalogue::read(&path).unwrap_err(),
            "login.title is not a string"
        );
    }
}
