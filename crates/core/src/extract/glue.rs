//! Words the source glued together ("vàPTNT", "PTNTchủ trì", "địaphương"), split again before a
//! directive is read.
//!
//! Copying from a PDF or a web page drops spaces. Vietnamese writes one syllable per word, and a
//! syllable has a strict shape — an onset, a vowel nucleus, a coda from a short list — so a
//! letter run that is not one syllable but is exactly two or three of them was glued, and the
//! syllables tell where: "địaphương" can only be "địa" + "phương", since "ia" takes no coda.
//! A change of case inside a run tells it too: "vàPTNT", "PTNTchủ", "NAMĐộc".
//!
//! Left alone: runs without a Vietnamese letter ("online", "logistics"), abbreviations that mix
//! case by design ("QĐ-TTg", "VNeID", "ThS"), and anything that does not parse.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// `text` with glued words split by a space.
#[must_use]
pub fn unglue(text: &str) -> Cow<'_, str> {
    static RUN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\p{L}{4,}").expect("the letter run pattern compiles"));
    let mut out = String::new();
    let mut last = 0;
    for m in RUN.find_iter(text) {
        if let Some(split) = split_run(m.as_str()) {
            out.push_str(&text[last..m.start()]);
            out.push_str(&split);
            last = m.end();
        }
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// The run with spaces where it was glued, or `None` to leave it as it is.
fn split_run(run: &str) -> Option<String> {
    // Most runs are one word: one group of vowels, no capital after the first letter.
    let mixed_case =
        run.chars().skip(1).any(char::is_uppercase) && run.chars().any(char::is_lowercase);
    if !mixed_case && vowel_groups(run) < 2 {
        return None;
    }
    let chars: Vec<char> = run.chars().collect();
    let cuts = match case_cuts(&chars) {
        // "thànhphốHà": the pieces a change of case leaves may be glued syllables too.
        Some(cuts) => {
            let mut all = Vec::new();
            let mut from = 0;
            for &to in cuts.iter().chain(std::iter::once(&chars.len())) {
                if let Some(inner) = syllable_cuts(&chars[from..to]) {
                    all.extend(inner.into_iter().map(|c| c + from));
                }
                if to < chars.len() {
                    all.push(to);
                }
                from = to;
            }
            all
        }
        None => syllable_cuts(&chars)?,
    };
    let mut out = String::with_capacity(run.len() + cuts.len());
    for (i, c) in chars.iter().enumerate() {
        if cuts.contains(&i) {
            out.push(' ');
        }
        out.push(*c);
    }
    Some(out)
}

/// Cuts where the case changes between a word and an abbreviation: "vàPTNT" (a syllable, then
/// capitals), "PTNTchủ" (capitals, then syllables), "NAMĐộc" (capitals, then a capitalised
/// syllable).
fn case_cuts(chars: &[char]) -> Option<Vec<usize>> {
    let mut cuts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let upper = chars[i].is_uppercase();
        let mut j = i;
        while j < chars.len() && chars[j].is_uppercase() == upper {
            j += 1;
        }
        if j < chars.len() {
            let next_end = {
                let mut k = j;
                while k < chars.len() && chars[k].is_uppercase() != upper {
                    k += 1;
                }
                k
            };
            if !upper {
                // lower then upper: the lower run must be words, the upper an abbreviation
                let words = lower_words(&chars[i..j]) && j - i >= 2;
                // "vàPTNT": an abbreviation; "tỉnhTiền": a capitalised syllable (a name's).
                let titled = next_end - j == 1 && {
                    let mut k = next_end;
                    while k < chars.len() && !chars[k].is_uppercase() {
                        k += 1;
                    }
                    k > next_end && is_one_syllable(&chars[j..k].iter().collect::<String>())
                };
                if words && (next_end - j >= 2 || titled) {
                    cuts.push(j);
                }
            } else if j - i >= 2 && next_end - j >= 2 && lower_words(&chars[j..next_end]) {
                // upper then lower: "NAMĐộc" keeps "Độc" whole, "PTNTchủ" cuts before "chủ"
                let titled: String = chars[j - 1..next_end].iter().collect();
                if j - i >= 3 && lower_words(&titled.to_lowercase().chars().collect::<Vec<_>>()) {
                    cuts.push(j - 1);
                } else {
                    cuts.push(j);
                }
            }
        }
        i = j;
    }
    (!cuts.is_empty()).then_some(cuts)
}

/// Whether `word` (any case) is one Vietnamese syllable: "QUYẾT" is, "TTHC" is not.
pub(crate) fn is_one_syllable(word: &str) -> bool {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    is_syllable(&strip_tones(&lower))
}

/// How many groups of vowels `run` has: a syllable has one.
fn vowel_groups(run: &str) -> usize {
    let mut groups = 0;
    let mut in_vowel = false;
    for c in run.chars() {
        let v = is_vowel(c);
        if v && !in_vowel {
            groups += 1;
        }
        in_vowel = v;
    }
    groups
}

/// A Vietnamese vowel letter, with any tone mark, in either case.
fn is_vowel(c: char) -> bool {
    let base = c.to_lowercase().next().unwrap_or(c);
    let plain: char = std::iter::once(base).nfd().next().unwrap_or(base);
    matches!(plain, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Whether a lower-case run is one or more whole syllables.
fn lower_words(chars: &[char]) -> bool {
    let plain: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase()).collect();
    segment(&strip_tones(&plain)).is_some()
}

/// Cuts inside an all-lower-case run that is two or three syllables and no single one, with a
/// Vietnamese letter in it.
fn syllable_cuts(chars: &[char]) -> Option<Vec<usize>> {
    if chars.iter().skip(1).any(|c| c.is_uppercase()) || chars.iter().all(char::is_ascii) {
        return None;
    }
    let lower: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase()).collect();
    let plain = strip_tones(&lower);
    if plain.len() != chars.len() {
        return None;
    }
    let parts = segment(&plain)?;
    (parts.len() >= 2 && parts.len() <= 3).then(|| parts[..parts.len() - 1].to_vec())
}

/// The fewest syllables `w` splits into, as the indices where each one ends.
fn segment(w: &[char]) -> Option<Vec<usize>> {
    let n = w.len();
    // best[i]: the fewest syllables for w[..i], and where the last one starts
    let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    for end in 1..=n {
        for start in end.saturating_sub(7)..end {
            let Some((count, _)) = best[start] else {
                continue;
            };
            if is_syllable(&w[start..end])
                && best[end].is_none_or(|(c, s)| count + 1 < c || (count + 1 == c && start > s))
            {
                best[end] = Some((count + 1, start));
            }
        }
    }
    best[n]?;
    let mut ends = Vec::new();
    let mut at = n;
    while at > 0 {
        ends.push(at);
        at = best[at]?.1;
    }
    ends.reverse();
    Some(ends)
}

const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const CODAS: &[&str] = &["ng", "nh", "ch", "c", "m", "n", "p", "t", ""];
/// Nuclei that take any coda or none.
const NUCLEI: &[&str] = &[
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy", "oo", "uơ",
];
/// Nuclei that need a coda.
const CLOSED: &[&str] = &["ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ"];
/// Nuclei that take none (they end in a glide, or are open diphthongs).
const OPEN: &[&str] = &[
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu",
];

/// Whether `s` (lower case, without tone marks) is one Vietnamese syllable.
fn is_syllable(s: &[char]) -> bool {
    let s: String = s.iter().collect();
    ONSETS.iter().any(|onset| {
        let Some(rest) = s.strip_prefix(onset) else {
            return false;
        };
        // "qu" already holds the glide; "gi" before a vowel is an onset of its own
        if *onset == "qu" && rest.starts_with('u') {
            return false;
        }
        CODAS.iter().any(|coda| {
            let Some(nucleus) = rest.strip_suffix(coda) else {
                return false;
            };
            if nucleus.is_empty() {
                // "gì", "gìn": the "i" of "gi" is the vowel
                return *onset == "gi";
            }
            NUCLEI.contains(&nucleus)
                || (!coda.is_empty() && CLOSED.contains(&nucleus))
                || (coda.is_empty() && OPEN.contains(&nucleus))
        })
    })
}

/// The letters without their tone marks (the hats and hooks of â, ê, ô, ơ, ư, ă stay).
fn strip_tones(chars: &[char]) -> Vec<char> {
    let s: String = chars.iter().collect();
    s.nfd()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_glued_together_are_split() {
        assert_eq!(unglue("các địaphương"), "các địa phương");
        assert_eq!(unglue("nâng cao chấtlượng"), "nâng cao chất lượng");
        assert_eq!(unglue("quy địnhtrách nhiệm"), "quy định trách nhiệm");
    }

    #[test]
    fn a_change_of_case_splits_an_abbreviation_off() {
        assert_eq!(unglue("Sở Nông nghiệp vàPTNT"), "Sở Nông nghiệp và PTNT");
        assert_eq!(unglue("Sở NN&PTNTchủ trì"), "Sở NN&PTNT chủ trì");
        assert_eq!(unglue("UBNDtỉnh"), "UBND tỉnh");
        // A syllable glued to the capitalised first syllable of a name.
        assert_eq!(unglue("Công an tỉnhTiền Giang"), "Công an tỉnh Tiền Giang");
        assert_eq!(unglue("tại thànhphốHà Nội"), "tại thành phố Hà Nội");
        assert_eq!(
            unglue("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập"),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập"
        );
    }

    #[test]
    fn words_and_abbreviations_that_are_whole_stay() {
        for s in [
            "nghiêng người khuyến khích quyết định giữa trường",
            "Quyết định số 12/QĐ-TTg của Thủ tướng",
            "ứng dụng VNeID, eKYC, ThS. Nguyễn Văn A, iPhone, eOffice, mCare",
            "online logistics internet",
            "Ủy ban nhân dân tỉnh Khánh Hòa",
            "THÔNG BÁO KẾT LUẬN",
        ] {
            assert_eq!(unglue(s), s);
        }
    }
}
