//! The word lists names are read with: departments, abbreviations, heads of names, titles,
//! group nouns, modifiers, documents, stop words and the markers of roles.

use super::*;
use crate::extract::vocabulary::UNITS;

// ---------------------------------------------------------------------------------------------
// Word lists. All in lower case, new-style tone marks ("ủy", "hòa"), one space between words.

/// Department and ministry names, as "Sở …" / "Bộ …" take them.
pub(super) static DEPARTMENTS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("departments"));

/// An abbreviation of `data/units.toml`, written out wherever a name uses it.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Abbreviation {
    /// The parts as written ("KH", "ĐT"); the text joins them by "&", "và", "-", "," or nothing.
    parts: Vec<String>,
    /// What it stands for, as a name shows it.
    means: String,
    /// It names a department: after "Sở"/"Bộ" it is the whole name.
    #[serde(default)]
    department: bool,
}

impl Abbreviation {
    /// The pattern of its spellings, without anchors.
    fn pattern(&self) -> String {
        self.parts
            .iter()
            .map(|p| regex::escape(p))
            .collect::<Vec<_>>()
            .join(r"\s*(?:&|và|-|–|,)?\s*")
    }
}

static ABBREVIATIONS: LazyLock<Vec<Abbreviation>> =
    LazyLock::new(|| UNITS.records("abbreviations"));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    /// "Sở", "Bộ": a department name follows.
    Dept,
    /// Needs a capitalised word (or a number) after it: "Ban Dân tộc", "Quân khu 5".
    Generic,
    /// Takes any name after it: "Hội đồng dân tộc".
    Any,
    /// A generic group head without "các": "Cơ quan đăng ký đầu tư".
    Group,
    /// A complete name by itself; a capitalised name or a level may follow: "Tỉnh đoàn".
    Fixed,
    /// Only a unit before a level or a capitalised word: "Thanh tra tỉnh", "Thuế tỉnh X".
    NeedsPlace,
    /// "Thủ tướng", "Phó Thủ tướng" and a person's name.
    Person,
}

/// The head words of unit names and what may follow each (`units.toml`, one list per kind).
pub(super) static HEADS: LazyLock<Vec<(&'static str, Head)>> = LazyLock::new(|| {
    [
        ("heads_department", Head::Dept),
        ("heads_name", Head::Generic),
        ("heads_any_name", Head::Any),
        ("heads_group", Head::Group),
        ("heads_fixed", Head::Fixed),
        ("heads_before_place", Head::NeedsPlace),
        ("heads_person", Head::Person),
    ]
    .into_iter()
    .flat_map(|(key, head)| UNITS.words(key).into_iter().map(move |w| (w, head)))
    .collect()
});

/// Lower-case words that may follow "Ban" in a name ("Ban quản lý Khu kinh tế").
pub(super) static BAN_LOWER: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("ban_lower"));

/// People's committees, councils and the police: a level follows.
pub(super) static LOCAL_GOV: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("local_gov"));

/// Administrative levels with their rank (1 province, 2 district, 3 commune).
pub(super) static LEVELS: LazyLock<Vec<(&'static str, u8)>> = LazyLock::new(|| {
    [
        ("levels_province", 1),
        ("levels_district", 2),
        ("levels_commune", 3),
    ]
    .into_iter()
    .flat_map(|(key, rank)| UNITS.words(key).into_iter().map(move |w| (w, rank)))
    .collect()
});

/// Whether `word` (lower case) is a word of an administrative level ("tỉnh", "thành", "phố",
/// "thị", "trấn", "đặc", "khu" …).
pub(crate) fn is_level_word(word: &str) -> bool {
    LEVELS.iter().any(|(l, _)| l.split(' ').any(|w| w == word))
}

/// Titles dropped before a head.
pub(super) static TITLES: LazyLock<Vec<&'static str>> = LazyLock::new(|| UNITS.words("titles"));

/// Whether `words` (lower case) is a title that may stand before a unit ("bộ trưởng", "chủ tịch").
pub(crate) fn is_title(words: &str) -> bool {
    TITLES.contains(&fold_name(words).as_str())
}

/// Whether `word` is the first word of a unit's head ("Sở", "Trung" of "Trung tâm", "Ủy" of "Ủy
/// ban", "UBND") and no level ("Tỉnh" of "Tỉnh ủy" ends "… của Tỉnh"): a line that ends with it
/// was cut inside a name.
pub(crate) fn opens_a_head(word: &str) -> bool {
    let w = fold_name(word);
    let first = |h: &str| h.split(' ').next() == Some(w.as_str());
    !LEVELS.iter().any(|(l, _)| first(l))
        && HEADS
            .iter()
            .map(|(h, _)| *h)
            .chain(LOCAL_GOV.iter().copied())
            .any(first)
}

/// Whether `word` heads a department's name ("Sở", "Bộ"): a field's name follows it, the same
/// for a ministry and a province's department.
pub(crate) fn heads_a_department(word: &str) -> bool {
    let w = fold_name(word);
    HEADS.iter().any(|(h, kind)| *kind == Head::Dept && *h == w)
}

/// Generic nouns of groups ("các sở, ban, ngành").
pub(super) static GROUP_NOUNS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("group_nouns"));

/// Roles given work by what they do ("chủ đầu tư"), named bare at the head of a clause.
pub(super) static ROLE_NOUNS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("role_nouns"));

/// Group nouns that may head a shorthand list ("các Sở: Tài chính, Xây dựng").
pub(super) static LIST_HEADS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("list_heads"));

/// Modifiers of a group after which nothing but another noun may follow.
pub(super) static CLOSING_MODIFIERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("closing_modifiers"));

/// Modifiers of a group that may be followed by more.
pub(super) static OPEN_MODIFIERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("open_modifiers"));

/// Modifiers that take a place or a unit after them ("trực thuộc Trung ương", "của Thành phố").
pub(super) static LINKING_MODIFIERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("linking_modifiers"));

/// Documents, dates, references: they end a name and never start one.
pub(super) static DOCUMENTS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("documents"));

/// Words that end a name: verbs and function words of directives.
pub(super) static STOP_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("stop_words"));

/// Compounds whose later syllables would read as verbs or function words ("công trình",
/// "phát triển", "đền ơn đáp nghĩa"): inside one, no syllable after the first ends a name.
pub(super) static COMPOUNDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("compounds"));

/// Phrases that end a name (their first word alone does not).
pub(super) static STOP_PHRASES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("stop_phrases"));

/// Words after which a unit only receives something.
pub(super) static RECIPIENT_MARKERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("recipient_markers"));

/// Words that tie a unit to the sentence in another role than recipient.
pub(super) static ROLE_BLOCKERS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| UNITS.words("role_blockers"));

/// The department abbreviations, each anchored where a name after "Sở"/"Bộ" starts.
pub(super) static DEPT_ABBR: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    ABBREVIATIONS
        .iter()
        .filter(|a| a.department)
        .map(|a| Regex::new(&format!(r"^(?:{})\b", a.pattern())).expect("valid pattern"))
        .collect()
});

/// Every abbreviation with what it means, matched as whole words, in the data's order.
pub(super) static EXPANSIONS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    ABBREVIATIONS
        .iter()
        .map(|a| {
            let re = Regex::new(&format!(r"\b(?:{})\b", a.pattern())).expect("valid pattern");
            (re, a.means.as_str())
        })
        .collect()
});

/// Department names without spaces, punctuation or diacritics, longest first; with the name to
/// show when the text's words differ from it, and the number of words of the compared form.
pub(super) static LEXICON: LazyLock<Vec<(Vec<char>, &'static str, usize)>> = LazyLock::new(|| {
    let mut v = Vec::new();
    for d in DEPARTMENTS.iter() {
        let words = |s: &str| {
            s.split_whitespace()
                .filter(|w| !matches!(*w, "-" | "–"))
                .count()
        };
        v.push((compact(d), *d, words(d)));
        if d.contains(" và ") {
            let bare = d.replace(" và ", " ");
            v.push((compact(&bare), *d, words(&bare)));
        }
    }
    v.sort_by_key(|(c, _, _)| std::cmp::Reverse(c.len()));
    v
});
