//! The national gazetteer: Vietnam's provinces and centrally-run cities, and the central bodies
//! (ministries, Government agencies, courts, the Front and mass organisations, large state
//! groups) that directives name and task, each with its spellings and its period of validity.
//!
//! # Why data
//! The names of provinces and central bodies are facts of public administration, not rules of
//! reading: they change by law (the March 2025 reorganisation of the Government, the July 2025
//! merger of provinces) while the way a sentence names a unit does not. So they live in
//! `src/extract/data/gazetteer.toml`, which a maintainer edits (the file's header explains its
//! fields) without touching any rule; the file is compiled in with `include_str!` and parsed
//! once, on first use.
//!
//! # Matching
//! [`province_at`] and [`body_at`] read the start of a text. The text is cut into words (runs of
//! letters, digits and combining marks) and single punctuation marks; white space between them is
//! free, a line break included, but not a blank line. Words compare folded with
//! [`fold_name`] (case, NFC, old or new tone placement: "Khánh Hoà" = "khánh hòa"); a "-", ",",
//! "." or "&" of a listed spelling may be missing from the text ("Bà Rịa Vũng Tàu", "TP HCM"),
//! but a mark of the text must be in the spelling. Abbreviations ("EVN", "NHNN") compare exactly,
//! case included. A match always ends at the end of a word, so "Hà Nộix" is no "Hà Nội"; the
//! longest match wins. Entries are indexed by their first word, so a text whose first word starts
//! no entry costs one folding and two hash look-ups.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::domain::text::fold_name;

/// The embedded data file.
const DATA: &str = include_str!("data/gazetteer.toml");

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
        "src/extract/data/gazetteer.toml is compiled in and must parse \
         (`cargo test --lib extract::gazetteer` says why it does not)",
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

// ───────────────────────── Tokens ─────────────────────────

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Punct(char),
}

/// A word or punctuation mark of a text, by byte range.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    kind: Kind,
    /// A blank line separates it from the token before.
    after_blank_line: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Dashes of every width compare as "-".
fn normal_punct(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

/// The token that starts at or after byte `from` of `text` (a char boundary).
fn next_token(text: &str, from: usize) -> Option<Token> {
    let rest = text.get(from..)?;
    let mut chars = rest.char_indices();
    let mut newlines = 0;
    let (at, first) = loop {
        let (i, c) = chars.next()?;
        if !c.is_whitespace() {
            break (i, c);
        }
        if c == '\n' {
            newlines += 1;
        }
    };
    let start = from + at;
    let mut end = start + first.len_utf8();
    let kind = if is_word_char(first) {
        for (i, c) in chars {
            if !is_word_char(c) {
                break;
            }
            end = from + i + c.len_utf8();
        }
        Kind::Word
    } else {
        Kind::Punct(normal_punct(first))
    };
    Some(Token {
        start,
        end,
        kind,
        after_blank_line: newlines >= 2,
    })
}

/// `raw` in NFC, borrowed when it already is.
fn nfc_of(raw: &str) -> Cow<'_, str> {
    if is_nfc(raw) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(raw.nfc().collect())
    }
}

// ───────────────────────── Index ─────────────────────────

#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyToken {
    /// A word, folded (or, in an exact key, in NFC as written).
    Word(String),
    /// A punctuation mark the text may leave out.
    Punct(char),
}

/// One spelling of one entry.
#[derive(Debug)]
struct Key {
    tokens: Vec<KeyToken>,
    /// Compared as written (abbreviations) rather than folded.
    exact: bool,
    entry: usize,
}

/// The spellings of a table's entries, by their first word.
struct Index {
    keys: Vec<Key>,
    by_folded_first: HashMap<String, Vec<usize>>,
    by_exact_first: HashMap<String, Vec<usize>>,
}

impl Index {
    /// Indexes, for each entry in order, its folded spellings and its exact ones.
    fn build<'a>(entries: impl Iterator<Item = (Vec<&'a str>, Vec<&'a str>)>) -> Index {
        let mut index = Index {
            keys: Vec::new(),
            by_folded_first: HashMap::new(),
            by_exact_first: HashMap::new(),
        };
        for (entry, (folded, exact)) in entries.enumerate() {
            let spellings = folded
                .into_iter()
                .map(|s| (s, false))
                .chain(exact.into_iter().map(|s| (s, true)));
            for (spelling, exact) in spellings {
                let tokens = key_tokens(spelling, exact);
                let Some(KeyToken::Word(first)) = tokens.first() else {
                    continue;
                };
                let duplicate = index
                    .keys
                    .iter()
                    .any(|k| k.entry == entry && k.exact == exact && k.tokens == tokens);
                if duplicate {
                    continue;
                }
                let map = if exact {
                    &mut index.by_exact_first
                } else {
                    &mut index.by_folded_first
                };
                map.entry(first.clone()).or_default().push(index.keys.len());
                index.keys.push(Key {
                    tokens,
                    exact,
                    entry,
                });
            }
        }
        index
    }

    /// The entry whose spelling `text` starts with (the longest), and the match's byte length.
    fn lookup(&self, text: &str) -> Option<(usize, usize)> {
        let first = next_token(text, 0)?;
        if first.start != 0 || first.kind != Kind::Word {
            return None;
        }
        let raw = &text[first.start..first.end];
        let folded = fold_name(raw);
        let exact = nfc_of(raw);
        let candidates = self
            .by_folded_first
            .get(&folded)
            .into_iter()
            .chain(self.by_exact_first.get(exact.as_ref()))
            .flatten();
        let mut stream = Stream {
            text,
            tokens: vec![(first, Some(folded))],
            exhausted: false,
        };
        let mut best: Option<(usize, usize)> = None;
        for &k in candidates {
            let key = &self.keys[k];
            if let Some(end) = stream.matches(key) {
                if best.is_none_or(|(_, e)| end > e) {
                    best = Some((key.entry, end));
                }
            }
        }
        best
    }

    /// The entry the whole of `name` spells.
    fn lookup_whole(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        let (entry, len) = self.lookup(name)?;
        (len == name.len()).then_some(entry)
    }
}

/// The tokens of a spelling: words folded (or in NFC when `exact`), dashes normalised,
/// punctuation at the ends dropped.
fn key_tokens(spelling: &str, exact: bool) -> Vec<KeyToken> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(t) = next_token(spelling, at) {
        let raw = &spelling[t.start..t.end];
        tokens.push(match t.kind {
            Kind::Word if exact => KeyToken::Word(nfc_of(raw).into_owned()),
            Kind::Word => KeyToken::Word(fold_name(raw)),
            Kind::Punct(c) => KeyToken::Punct(c),
        });
        at = t.end;
    }
    while matches!(tokens.last(), Some(KeyToken::Punct(_))) {
        tokens.pop();
    }
    let lead = tokens
        .iter()
        .take_while(|t| matches!(t, KeyToken::Punct(_)))
        .count();
    tokens.drain(..lead);
    tokens
}

/// The tokens of a text, cut on demand (a key reads only as far as it is long), each word with
/// its folded form.
struct Stream<'a> {
    text: &'a str,
    tokens: Vec<(Token, Option<String>)>,
    exhausted: bool,
}

impl Stream<'_> {
    fn get(&mut self, i: usize) -> Option<&(Token, Option<String>)> {
        while self.tokens.len() <= i && !self.exhausted {
            let from = self.tokens.last().map_or(0, |(t, _)| t.end);
            match next_token(self.text, from) {
                Some(t) => {
                    let folded =
                        (t.kind == Kind::Word).then(|| fold_name(&self.text[t.start..t.end]));
                    self.tokens.push((t, folded));
                }
                None => self.exhausted = true,
            }
        }
        self.tokens.get(i)
    }

    /// The end of the match of `key` at the start of the text, if it matches.
    fn matches(&mut self, key: &Key) -> Option<usize> {
        let text = self.text;
        let mut i = 0;
        let mut end = None;
        for kt in &key.tokens {
            match kt {
                KeyToken::Punct(p) => {
                    // Optional: consumed when the text has it here.
                    if let Some((t, _)) = self.get(i) {
                        if t.kind == Kind::Punct(*p) && !t.after_blank_line {
                            i += 1;
                        }
                    }
                }
                KeyToken::Word(w) => {
                    let (t, folded) = self.get(i)?;
                    if i > 0 && t.after_blank_line {
                        return None;
                    }
                    let same = match folded {
                        None => false,
                        Some(_) if key.exact => nfc_of(&text[t.start..t.end]) == w.as_str(),
                        Some(f) => f == w,
                    };
                    if !same {
                        return None;
                    }
                    end = Some(t.end);
                    i += 1;
                }
            }
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_embedded_data_parses() {
        let file = parse(DATA).unwrap_or_else(|e| panic!("gazetteer.toml: {e}"));
        assert!(!file.province.is_empty());
        assert!(!file.body.is_empty());
        assert_eq!(provinces().len(), file.province.len());
        assert_eq!(bodies().len(), file.body.len());
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let bad = "[[province]]\nname = \"X\"\nkind = \"tỉnh\"\ncapital = \"Y\"\n";
        assert!(parse(bad).is_err());
        let bad_kind = "[[body]]\nname = \"X\"\nkind = \"ministère\"\n";
        assert!(parse(bad_kind).is_err());
    }

    #[test]
    fn sixty_three_provinces_until_june_2025_and_thirty_four_from_july() {
        let count = |d: &str, kind: Option<ProvinceKind>| {
            provinces()
                .iter()
                .filter(|p| p.is_valid_on(day(d)))
                .filter(|p| kind.is_none_or(|k| p.kind == k))
                .count()
        };
        assert_eq!(count("2025-06-30", None), 63);
        assert_eq!(count("2025-07-01", None), 34);
        assert_eq!(count("2024-12-31", None), 63);
        assert_eq!(count("2024-12-31", Some(ProvinceKind::City)), 5);
        assert_eq!(count("2025-06-30", Some(ProvinceKind::City)), 6);
        assert_eq!(count("2025-07-01", Some(ProvinceKind::City)), 6);
        assert_eq!(count("2025-07-01", Some(ProvinceKind::Province)), 28);
        // Every province ended on 30 June 2025 was merged into one that goes on.
        let ended: Vec<_> = provinces()
            .iter()
            .filter(|p| p.valid_until == Some(day("2025-06-30")))
            .collect();
        assert_eq!(ended.len(), 29);
    }

    #[test]
    fn every_merger_and_succession_names_an_entry_valid_the_day_after() {
        for p in provinces() {
            match (&p.merged_into, p.valid_until) {
                (Some(target), Some(until)) => {
                    let next = until.succ_opt().unwrap();
                    let t = provinces().iter().find(|q| &q.name == target);
                    let t = t.unwrap_or_else(|| panic!("{}: no province {target}", p.name));
                    assert!(t.is_valid_on(next), "{} → {target}", p.name);
                }
                (None, None) => {}
                _ => panic!("{}: merged_into and valid_until go together", p.name),
            }
        }
        for b in bodies() {
            if let Some(target) = &b.successor {
                let until = b.valid_until.expect("a body with a successor has ended");
                let t = bodies().iter().find(|c| &c.name == target);
                let t = t.unwrap_or_else(|| panic!("{}: no body {target}", b.name));
                assert!(
                    t.is_valid_on(until.succ_opt().unwrap()),
                    "{} → {target}",
                    b.name
                );
            }
        }
    }

    #[test]
    fn ministries_before_and_after_the_march_2025_reorganisation() {
        let ministries = |d: &str| {
            bodies()
                .iter()
                .filter(|b| b.kind == BodyKind::Ministry && b.is_valid_on(day(d)))
                .count()
        };
        // 18 ministries and 4 ministerial-level agencies, then 14 and 3.
        assert_eq!(ministries("2025-02-28"), 22);
        assert_eq!(ministries("2025-03-01"), 17);
    }

    #[test]
    fn every_province_name_is_found_in_any_case() {
        for p in provinces() {
            for name in std::iter::once(&p.name).chain(&p.aliases) {
                for written in [name.clone(), name.to_lowercase(), name.to_uppercase()] {
                    let text = format!("{written}, và các tỉnh khác");
                    let (found, len) =
                        province_at(&text).unwrap_or_else(|| panic!("{written:?} not found"));
                    assert_eq!(found.name, p.name, "{written:?}");
                    assert_eq!(&text[..len], written, "{written:?}");
                }
                assert!(is_province_name(name), "{name}");
            }
        }
    }

    #[test]
    fn every_body_name_alias_and_abbreviation_is_found() {
        for b in bodies() {
            for name in std::iter::once(&b.name).chain(&b.aliases) {
                for written in [name.clone(), name.to_lowercase()] {
                    let text = format!("{written} chủ trì, phối hợp");
                    let (found, len) =
                        body_at(&text).unwrap_or_else(|| panic!("{written:?} not found"));
                    assert_eq!(found.name, b.name, "{written:?}");
                    assert_eq!(&text[..len], written);
                }
                assert_eq!(find_body(name).map(|f| &f.name), Some(&b.name));
            }
            for abbr in &b.abbreviations {
                let text = format!("{abbr}; các đơn vị");
                let (found, len) = body_at(&text).unwrap_or_else(|| panic!("{abbr} not found"));
                assert_eq!((found.name.as_str(), len), (b.name.as_str(), abbr.len()));
                assert_eq!(find_body(abbr).map(|f| &f.name), Some(&b.name));
            }
        }
    }

    #[test]
    fn abbreviations_match_as_written_and_as_whole_words() {
        assert_eq!(
            body_at("EVN báo cáo").map(|(b, l)| (b.name.as_str(), l)),
            Some(("Tập đoàn Điện lực Việt Nam", 3))
        );
        assert_eq!(body_at("NHNN.").map(|(_, l)| l), Some(4));
        assert_eq!(body_at("BHXH VN hướng dẫn").map(|(_, l)| l), Some(7));
        assert_eq!(
            body_at("ĐHQG-HN phối hợp").map(|(b, _)| b.name.as_str()),
            Some("Đại học Quốc gia Hà Nội")
        );
        assert!(body_at("evn báo cáo").is_none());
        assert!(body_at("Nhnn").is_none());
        assert!(body_at("EVNX").is_none());
        assert!(body_at("NHNN2").is_none());
        assert!(body_at("xEVN").is_none());
        assert!(find_body("EVN chủ trì").is_none());
    }

    #[test]
    fn short_forms_and_loose_punctuation() {
        let name = |t: &str| body_at(t).map(|(b, _)| b.name.as_str());
        assert_eq!(name("Bộ KH&ĐT chủ trì"), Some("Bộ Kế hoạch và Đầu tư"));
        assert_eq!(name("Bộ KH & ĐT chủ trì"), Some("Bộ Kế hoạch và Đầu tư"));
        assert_eq!(
            name("Bộ NN&PTNT"),
            Some("Bộ Nông nghiệp và Phát triển nông thôn")
        );
        assert_eq!(
            name("Bộ LĐ - TB & XH"),
            Some("Bộ Lao động - Thương binh và Xã hội")
        );
        assert_eq!(
            name("Bộ Lao động–Thương binh và Xã hội"),
            Some("Bộ Lao động - Thương binh và Xã hội")
        );
        assert_eq!(
            name("Bộ VH, TT&DL"),
            Some("Bộ Văn hóa, Thể thao và Du lịch")
        );
        assert_eq!(
            name("Bộ Văn hoá Thể thao và Du lịch"),
            Some("Bộ Văn hóa, Thể thao và Du lịch")
        );
        assert_eq!(name("Bộ TT&TT"), Some("Bộ Thông tin và Truyền thông"));
        assert_eq!(name("Bộ GTVT"), Some("Bộ Giao thông vận tải"));
        assert_eq!(name("Bộ GD&ĐT"), Some("Bộ Giáo dục và Đào tạo"));
        assert_eq!(name("Bộ KH&CN"), Some("Bộ Khoa học và Công nghệ"));
        assert_eq!(name("Bộ TN&MT"), Some("Bộ Tài nguyên và Môi trường"));
        assert_eq!(name("Uỷ ban Dân tộc"), Some("Ủy ban Dân tộc"));
        assert_eq!(
            name("Toà án nhân dân tối cao"),
            Some("Tòa án nhân dân tối cao")
        );
        assert_eq!(
            name("Tập đoàn Dầu khí Việt Nam"),
            Some("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam")
        );
        assert_eq!(
            name("Tập đoàn Công nghiệp Năng lượng Quốc gia Việt Nam"),
            Some("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam")
        );
        // A mark the text adds is not in the spelling.
        assert_eq!(body_at("Bộ Tài, chính").map(|(_, l)| l), None);

        let province = |t: &str| province_at(t).map(|(p, l)| (p.name.as_str(), l));
        for t in [
            "Bà Rịa-Vũng Tàu",
            "Bà Rịa - Vũng Tàu",
            "Bà Rịa – Vũng Tàu",
            "Bà Rịa Vũng Tàu",
        ] {
            assert_eq!(province(t), Some(("Bà Rịa - Vũng Tàu", t.len())), "{t}");
        }
        for t in [
            "TP.HCM",
            "TP. HCM",
            "TP HCM",
            "Tp.HCM",
            "tp.hcm",
            "TPHCM",
            "TP. Hồ Chí Minh",
        ] {
            assert_eq!(province(t), Some(("Hồ Chí Minh", t.len())), "{t}");
        }
        for t in [
            "Thừa Thiên - Huế",
            "Thừa Thiên-Huế",
            "Thừa Thiên Huế",
            "TT-Huế",
        ] {
            assert_eq!(province(t), Some(("Thừa Thiên Huế", t.len())), "{t}");
        }
        assert_eq!(province("Huế."), Some(("Huế", "Huế".len())));
    }

    #[test]
    fn old_style_tone_marks_and_nfd_text_are_found() {
        let (p, len) = province_at("Khánh Hoà, Ninh Thuận").unwrap();
        assert_eq!((p.name.as_str(), len), ("Khánh Hòa", "Khánh Hoà".len()));
        assert_eq!(
            province_at("THANH HOÁ").map(|(p, _)| p.name.as_str()),
            Some("Thanh Hóa")
        );
        assert_eq!(
            province_at("Hoà Bình").map(|(p, _)| p.name.as_str()),
            Some("Hòa Bình")
        );
        assert_eq!(
            province_at("Đắc Lắc").map(|(p, _)| p.name.as_str()),
            Some("Đắk Lắk")
        );
        let nfd: String = "Hà Nội và".nfd().collect();
        let (p, len) = province_at(&nfd).unwrap();
        assert_eq!(p.name, "Hà Nội");
        assert_eq!(&nfd[..len], "Hà Nội".nfd().collect::<String>());
    }

    #[test]
    fn the_longest_spelling_wins() {
        let (b, len) = body_at("Trung ương Đoàn TNCS Hồ Chí Minh chủ trì").unwrap();
        assert_eq!(b.name, "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh");
        assert_eq!(len, "Trung ương Đoàn TNCS Hồ Chí Minh".len());
        let (b, len) = body_at("Ngân hàng Nhà nước Việt Nam, Bộ Tài chính").unwrap();
        assert_eq!(b.name, "Ngân hàng Nhà nước Việt Nam");
        assert_eq!(len, "Ngân hàng Nhà nước Việt Nam".len());
        let (b, len) = body_at("Ngân hàng Nhà nước chi nhánh").unwrap();
        assert_eq!(b.name, "Ngân hàng Nhà nước Việt Nam");
        assert_eq!(len, "Ngân hàng Nhà nước".len());
    }

    #[test]
    fn a_match_ends_at_a_word_boundary_and_starts_at_the_first_byte() {
        assert!(province_at("Hà Nộix").is_none());
        assert!(province_at("Hà Nội2").is_none());
        assert!(province_at("Hà Nội\u{301}").is_none());
        assert!(province_at("Hà").is_none());
        assert!(province_at(" Hà Nội").is_none());
        assert!(province_at("tỉnh Hà Nam").is_none());
        assert_eq!(province_at("Hà Nội-").map(|(_, l)| l), Some("Hà Nội".len()));
        assert_eq!(
            province_at("Hà\nNội").map(|(_, l)| l),
            Some("Hà\nNội".len())
        );
        assert!(province_at("Hà\n\nNội").is_none());
        assert!(body_at("Bộ Tài chínhh").is_none());
        assert!(!is_province_name("Hà Nội."));
        assert!(!is_province_name("Hà"));
        assert!(is_province_name("  Quảng Nam "));
        assert!(!is_province_name("Sở Tài chính"));
        assert_eq!(
            find_province("Kontum").map(|p| p.name.as_str()),
            Some("Kon Tum")
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let odd = [
            "",
            " ",
            "İ",
            "İİİ Hà Nội",
            "\u{301}",
            "\u{301}\u{301}Hà",
            "HÀ NỘİ",
            "-",
            "– Hà Nội",
            "ẞ",
            "Bộ KH&",
            "TP.",
            "Bà Rịa -",
            "\n\n",
            "EVN\u{301}",
            "Đ\u{0323}\u{0302}",
        ];
        for s in odd {
            let joined = format!("{s}Hà Nội {s} EVN {s}");
            for t in [s.to_string(), joined] {
                for (i, _) in t.char_indices().chain([(t.len(), ' ')]) {
                    let rest = &t[i..];
                    for len in [
                        province_at(rest).map(|(_, l)| l),
                        body_at(rest).map(|(_, l)| l),
                    ]
                    .into_iter()
                    .flatten()
                    {
                        assert!(len <= rest.len() && rest.is_char_boundary(len), "{rest:?}");
                    }
                    let _ = is_province_name(rest);
                    let _ = find_body(rest);
                }
            }
        }
    }

    #[test]
    fn no_name_spelling_or_abbreviation_is_listed_twice() {
        // Names are unique in each table.
        let mut seen = HashSet::new();
        for p in provinces() {
            assert!(seen.insert(fold_name(&p.name)), "province {} twice", p.name);
        }
        let mut seen = HashSet::new();
        for b in bodies() {
            assert!(seen.insert(fold_name(&b.name)), "body {} twice", b.name);
        }
        // Abbreviations are unique.
        let mut seen = HashSet::new();
        for abbr in bodies().iter().flat_map(|b| &b.abbreviations) {
            assert!(seen.insert(abbr.as_str()), "abbreviation {abbr} twice");
        }
        // No two entries share a spelling once punctuation, case and tone placement are set
        // aside: the text could not tell them apart.
        for (what, index) in [
            ("province", &GAZETTEER.province_index),
            ("body", &GAZETTEER.body_index),
        ] {
            let mut owner: HashMap<Vec<String>, usize> = HashMap::new();
            for key in &index.keys {
                let words: Vec<String> = key
                    .tokens
                    .iter()
                    .filter_map(|t| match t {
                        KeyToken::Word(w) => Some(fold_name(w)),
                        KeyToken::Punct(_) => None,
                    })
                    .collect();
                assert!(!words.is_empty());
                let first = *owner.entry(words.clone()).or_insert(key.entry);
                assert_eq!(
                    first, key.entry,
                    "{what} spelling {words:?} for two entries"
                );
            }
        }
    }
}
