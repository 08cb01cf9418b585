//! The national gazetteer: Vietnam's provinces and centrally-run cities, and the central bodies
//! (ministries, Government agencies, courts, the Front and mass organisations, large state
//! groups) that directives name and task, each with its spellings and its period of validity.
//!
//! # Why data
//! The names of provinces and central bodies are facts of public administration, not rules of
//! reading: they change by law (the March 2025 reorganisation of the Government, the July 2025
//! merger of provinces) while the way a sentence names a unit does not. So they live in
//! `crates/core/src/extract/data/gazetteer.toml`, which a maintainer edits (the file's header explains its
//! fields) without touching any rule; the file is compiled in with `include_str!` and parsed
//! once, on first use.
//!
//! # Matching
//! [`province_at`] and [`body_at`] read the start of a text. The text is cut into words (runs of
//! letters, digits and combining marks) and single punctuation marks; white space between them is
//! free, a line break included, but not a blank line. Words compare folded with
//! [`fold_name`](crate::domain::text::fold_name) (case, NFC, old or new tone placement: "Khánh Hoà" = "khánh hòa"); a "-", ",",
//! "." or "&" of a listed spelling may be missing from the text ("Bà Rịa Vũng Tàu", "TP HCM"),
//! but a mark of the text must be in the spelling. Abbreviations ("EVN", "NHNN") compare exactly,
//! case included. A match always ends at the end of a word, so "Hà Nộix" is no "Hà Nội"; the
//! longest match wins. Entries are indexed by their first word, so a text whose first word starts
//! no entry costs one folding and two hash look-ups.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use index::Index;

/// The embedded data file.
const DATA: &str = include_str!("../data/gazetteer.toml");

/// The level of a province-level unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ProvinceKind {
    /// Tỉnh.
    #[serde(rename = "tỉnh")]
    Province,
    /// Thành phố trực thuộc Trung ương.
    #[serde(rename = "thành phố")]
    City,
}

impl ProvinceKind {
    /// The level word a unit's name puts before the place: "tỉnh", "thành phố".
    pub fn level_word(self) -> &'static str {
        match self {
            ProvinceKind::Province => "tỉnh",
            ProvinceKind::City => "thành phố",
        }
    }
}

/// A province or centrally-run city.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Province {
    /// The name without its level word: "Hà Nội", "Bà Rịa - Vũng Tàu".
    pub name: String,
    pub kind: ProvinceKind,
    /// Other spellings: "TP.HCM", "Đăk Lăk".
    #[serde(default)]
    pub aliases: Vec<String>,
    /// First day; `None`: since before the documents dondoc reads.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day; `None`: still in place.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    /// The province this one became part of (or became) after `valid_until`.
    #[serde(default)]
    pub merged_into: Option<String>,
}

/// What a central body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    /// A ministry or ministerial-level agency (bộ, cơ quan ngang bộ).
    Ministry,
    /// A Government agency (cơ quan thuộc Chính phủ) or another state body.
    Agency,
    /// The Supreme People's Court or Procuracy.
    Court,
    /// A Party office, the Fatherland Front, a mass or professional organisation, a national
    /// university.
    Organisation,
    /// A state group, corporation or bank.
    Enterprise,
}

/// A central body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The official name: "Bộ Tài chính", "Tập đoàn Điện lực Việt Nam".
    pub name: String,
    pub kind: BodyKind,
    /// Acronyms, matched case-sensitively as whole words: "BTC", "EVN".
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Short forms and other names: "Bộ KH&ĐT", "Petrovietnam".
    #[serde(default)]
    pub aliases: Vec<String>,
    /// First day; `None`: since before the documents dondoc reads.
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    /// Last day; `None`: still in place.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    /// The body that took over its functions after `valid_until` (the main one when they were
    /// split).
    #[serde(default)]
    pub successor: Option<String>,
}

fn valid_on(from: Option<NaiveDate>, until: Option<NaiveDate>, day: NaiveDate) -> bool {
    from.is_none_or(|f| f <= day) && until.is_none_or(|u| day <= u)
}

impl Province {
    /// Whether the province existed on `day` (both ends of its validity included).
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        valid_on(self.valid_from, self.valid_until, day)
    }
}

impl Body {
    /// Whether the body existed on `day` (both ends of its validity included).
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        valid_on(self.valid_from, self.valid_until, day)
    }
}

/// All provinces and centrally-run cities of both periods, in the order of the data file.
pub fn provinces() -> &'static [Province] {
    &GAZETTEER.provinces
}

/// All central bodies of both periods, in the order of the data file.
pub fn bodies() -> &'static [Body] {
    &GAZETTEER.bodies
}

/// The province whose name or alias `text` starts with, and the byte length of the match in
/// `text`. The name must start at the first byte (no leading white space) and end at the end of a
/// word; the longest match wins.
pub fn province_at(text: &str) -> Option<(&'static Province, usize)> {
    let g = &*GAZETTEER;
    g.province_index
        .lookup(text)
        .map(|(entry, len)| (&g.provinces[entry], len))
}

/// The central body whose name, alias or abbreviation `text` starts with, and the byte length of
/// the match in `text`; as [`province_at`]. What follows the name ("Ngân hàng Nhà nước chi
/// nhánh …") is the caller's to judge.
pub fn body_at(text: &str) -> Option<(&'static Body, usize)> {
    let g = &*GAZETTEER;
    g.body_index
        .lookup(text)
        .map(|(entry, len)| (&g.bodies[entry], len))
}

/// The province `name` (the whole of it, white space at the ends aside) names.
pub fn find_province(name: &str) -> Option<&'static Province> {
    let g = &*GAZETTEER;
    g.province_index
        .lookup_whole(name)
        .map(|entry| &g.provinces[entry])
}

/// Whether `name` (the whole of it) is the name or an alias of a province of either period.
pub fn is_province_name(name: &str) -> bool {
    find_province(name).is_some()
}

/// The central body `name` (the whole of it, white space at the ends aside) names, by name,
/// alias or abbreviation.
pub fn find_body(name: &str) -> Option<&'static Body> {
    let g = &*GAZETTEER;
    g.body_index
        .lookup_whole(name)
        .map(|entry| &g.bodies[entry])
}

/// The data file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    province: Vec<Province>,
    #[serde(default)]
    body: Vec<Body>,
}

struct Gazetteer {
    provinces: Vec<Province>,
    bodies: Vec<Body>,
    province_index: Index,
    body_index: Index,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    let file = parse(DATA).expect(
        "crates/core/src/extract/data/gazetteer.toml is compiled in and must parse \
         (`cargo test -p dondoc-core extract::gazetteer` says why it does not)",
    );
    let province_index = Index::build(file.province.iter().map(|p| {
        let folded = std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str));
        (folded.collect::<Vec<_>>(), Vec::new())
    }));
    let body_index = Index::build(file.body.iter().map(|b| {
        let folded = std::iter::once(b.name.as_str()).chain(b.aliases.iter().map(String::as_str));
        let exact = b.abbreviations.iter().map(String::as_str);
        (folded.collect::<Vec<_>>(), exact.collect::<Vec<_>>())
    }));
    Gazetteer {
        provinces: file.province,
        bodies: file.body,
        province_index,
        body_index,
    }
});

fn parse(data: &str) -> Result<File, toml::de::Error> {
    toml::from_str(data)
}

mod index;
#[cfg(test)]
mod tests;
