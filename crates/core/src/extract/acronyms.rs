//! The acronyms a directive uses for the units it names: those it defines ("Tổng công ty Cảng
//! hàng không Việt Nam (ACV)", "… (sau đây gọi tắt là ACV)") and those it only implies, the
//! initials of a name it writes out elsewhere ("Bộ Văn hóa, Thể thao và Du lịch" … "Trung tâm
//! Chuyển đổi số VHTTDL", "Cục DLQGVN").
//!
//! An acronym is written out before the tasks are read, so that a unit has one name however the
//! text shortens it. Only what the document itself backs is expanded: an acronym that stands for
//! no unit of the text (TTHC, KCB) or for two of them is left as written.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::units::find_units;

/// Acronyms and what they stand for in one document.
#[derive(Debug, Default)]
pub struct Acronyms {
    map: HashMap<String, String>,
}

/// Words no initial is taken of: "Văn hóa, Thể thao và Du lịch" is VHTTDL.
const SKIPPED: &[&str] = &["và", "&", "-"];

/// Acronyms shorter than this are too often something else (TP, CV).
const MIN_LEN: usize = 3;

impl Acronyms {
    /// Learns the acronyms of `text`, the whole document.
    #[must_use]
    pub fn learn(text: &str) -> Self {
        static DEFINED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                // "(ACV)", or a short name with its head: "(Ban QLDA 85)", "(Sở KHCN)"
                r"^\s*\((?:sau\s+đây\s+(?:gọi|viết)\s+tắt\s+là\s+)?([\p{Lu}][\p{Lu}\d&]{1,11}|[\p{Lu}][\p{Ll}]+(?: [\p{Lu}][\p{Lu}\d&]{1,11})(?: \d{1,4})?)\)",
            )
            .expect("the acronym definition pattern compiles")
        });
        // Only what the text writes as an acronym is worth learning: without one, the units of
        // every line need not be read twice.
        let used = used_acronyms(text);
        if used.is_empty() {
            return Self::default();
        }
        let mut candidates: HashMap<String, Vec<String>> = HashMap::new();
        let mut defined: HashMap<String, String> = HashMap::new();
        for line in text.lines() {
            // the units of a line are read only when its words could spell one of them
            if !spells_any(line, &used) {
                continue;
            }
            for m in find_units(line) {
                if m.group {
                    continue;
                }
                if let Some(c) = line
                    .get(m.end..)
                    .filter(|rest| rest.trim_start().starts_with('('))
                    .and_then(|rest| DEFINED.captures(rest))
                {
                    defined.insert(c[1].to_string(), m.name.clone());
                }
                for (initials, words) in initials_of(&m.name) {
                    if used.contains(initials.as_str()) {
                        candidates.entry(initials).or_default().push(words);
                    }
                }
            }
        }
        let mut map: HashMap<String, String> = candidates
            .into_iter()
            .filter_map(|(k, mut v)| {
                v.sort();
                v.dedup();
                (v.len() == 1).then(|| (k, v.remove(0)))
            })
            .collect();
        map.extend(defined);
        Self { map }
    }

    /// `body` with the acronyms it uses written out, except where one is defined.
    #[must_use]
    pub fn expand<'a>(&self, body: &'a str) -> Cow<'a, str> {
        static TOKEN: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"[\p{L}\d&/\-]+").expect("the token pattern compiles"));
        if self.map.is_empty() {
            return Cow::Borrowed(body);
        }
        let mut out = String::with_capacity(body.len());
        let mut last = 0;
        for t in TOKEN.find_iter(body) {
            let Some(full) = self.map.get(t.as_str()) else {
                continue;
            };
            // "(ACV)" where it is defined stays as written.
            let before = body[..t.start()].trim_end();
            if before.ends_with('(') || before.ends_with("tắt là") {
                continue;
            }
            out.push_str(&body[last..t.start()]);
            out.push_str(after_department_head(before, full));
            last = t.end();
        }
        let mut text = if last == 0 {
            Cow::Borrowed(body)
        } else {
            out.push_str(&body[last..]);
            Cow::Owned(out)
        };
        // Short names of several words ("Ban QLDA 85") are written out whole; the text is
        // copied only where one is used.
        for (short, full) in self.map.iter().filter(|(k, _)| k.contains(' ')) {
            let mut from = 0;
            while let Some(at) = text[from..].find(short.as_str()).map(|i| from + i) {
                let end = at + short.len();
                let before = text[..at].trim_end();
                let bounded = !text[..at].ends_with(|c: char| c.is_alphanumeric())
                    && !text[end..].starts_with(|c: char| c.is_alphanumeric());
                if bounded && !before.ends_with('(') && !before.ends_with("tắt là") {
                    text.to_mut().replace_range(at..end, full);
                    from = at + full.len();
                } else {
                    from = end;
                }
            }
        }
        text
    }
}

/// What an acronym written after "Sở"/"Bộ" stands for there: "Sở GDĐT", where GDĐT was defined
/// for "Bộ Giáo dục và Đào tạo", is the province's department of the same field, so the
/// definition's own department head is left out.
fn after_department_head<'f>(before: &str, full: &'f str) -> &'f str {
    let head_before = before
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(super::units::heads_a_department);
    match full.split_once(' ') {
        Some((head, rest)) if head_before && super::units::heads_a_department(head) => rest,
        _ => full,
    }
}

/// Whether some run of words of `line` has initials that spell one of `acronyms`, or the line
/// defines one in brackets.
fn spells_any(line: &str, acronyms: &std::collections::HashSet<&str>) -> bool {
    if !line.chars().any(char::is_uppercase) {
        return false;
    }
    let bracket = line.contains('(');
    let initials: Vec<Option<char>> = line
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            (!SKIPPED.contains(&w.to_lowercase().as_str()))
                .then(|| w.chars().next().map(initial))
                .flatten()
        })
        .collect();
    acronyms.iter().any(|a| {
        (bracket && line.contains(&format!("({a})")))
            || (0..initials.len()).any(|i| {
                let mut letters = a.chars().filter(|c| *c != '&');
                let mut want = letters.next();
                for got in &initials[i..] {
                    let Some(w) = want else { break };
                    match got {
                        None => continue,
                        Some(g) if *g == w => want = letters.next(),
                        Some(_) => break,
                    }
                }
                want.is_none()
            })
    })
}

/// The letter a word gives an acronym: its first, in upper case, without its tone or vowel
/// marks ("án" gives the A of QLDA); "đ" stays Đ, as acronyms write it ("ĐT").
fn initial(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    let upper = c.to_uppercase().next().unwrap_or(c);
    if upper == 'Đ' {
        return upper;
    }
    std::iter::once(upper).nfd().next().unwrap_or(upper)
}

/// The acronyms `text` uses that the unit reader does not already know: runs of three capitals
/// or more, other than the common heads of administrative names.
fn used_acronyms(text: &str) -> std::collections::HashSet<&str> {
    /// Read by the unit reader itself, or never a unit's initials.
    const KNOWN: &[&str] = &[
        "UBND", "HĐND", "BHXH", "KBNN", "LĐLĐ", "UBMTTQ", "UBMTTQVN", "MTTQ", "BCH", "BQL", "PTNT",
        "TTHC",
    ];
    // words split by hand: a Unicode word boundary would send a regex down its slowest path
    text.split(|c: char| !(c.is_alphanumeric() || c == '&'))
        .filter(|w| {
            let n = w.chars().count();
            (3..=12).contains(&n)
                && w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_uppercase() || c == '&')
        })
        // a word of a heading in capitals ("QUYẾT ĐỊNH") is a syllable, not an acronym
        .filter(|a| !KNOWN.contains(a) && !super::glue::is_one_syllable(a))
        .collect()
}

/// The initials of `name` and of each of its tails that starts after its first word, with the
/// words they stand for: "Cục Du lịch Quốc gia Việt Nam" gives CDLQGVN and DLQGVN … .
fn initials_of(name: &str) -> Vec<(String, String)> {
    let words: Vec<(usize, &str)> = name
        .split(' ')
        .scan(0, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for from in 0..words.len() {
        let initials: String = words[from..]
            .iter()
            .map(|(_, w)| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty() && !SKIPPED.contains(&w.to_lowercase().as_str()))
            .filter_map(|w| w.chars().next())
            .map(initial)
            .collect();
        if initials.chars().count() >= MIN_LEN {
            let tail = name[words[from].0..].to_string();
            // A tail of one capitalised word per initial only: "Chuyển đổi số" is not CĐS.
            if from > 0 && words[from].1.chars().next().is_some_and(char::is_lowercase) {
                continue;
            }
            out.push((initials, tail));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acronym_of_a_name_written_out_elsewhere_is_that_name() {
        let text = "Bộ Văn hóa, Thể thao và Du lịch ban hành.\nGiao Cục Du lịch Quốc gia Việt Nam chủ trì.\nCục DLQGVN phối hợp với Trung tâm Chuyển đổi số VHTTDL.";
        let a = Acronyms::learn(text);
        let line = text.lines().last().unwrap();
        assert_eq!(
            a.expand(line),
            "Cục Du lịch Quốc gia Việt Nam phối hợp với Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch."
        );
    }

    #[test]
    fn a_defined_acronym_is_its_unit_where_it_is_used() {
        let text = "Tổng công ty Cảng hàng không Việt Nam (ACV) báo cáo.\nACV khẩn trương hoàn thiện hồ sơ.";
        let a = Acronyms::learn(text);
        assert_eq!(
            a.expand(text),
            "Tổng công ty Cảng hàng không Việt Nam (ACV) báo cáo.\nTổng công ty Cảng hàng không Việt Nam khẩn trương hoàn thiện hồ sơ."
        );
    }

    #[test]
    fn a_ministrys_acronym_after_so_names_the_provinces_department() {
        let text =
            "Bộ Nông nghiệp và Môi trường (NNMT) đề nghị các Sở NNMT rà soát.\nBộ NNMT tổng hợp.";
        let a = Acronyms::learn(text);
        assert_eq!(
            a.expand(text),
            "Bộ Nông nghiệp và Môi trường (NNMT) đề nghị các Sở Nông nghiệp và Môi trường rà soát.\nBộ Nông nghiệp và Môi trường tổng hợp."
        );
    }

    #[test]
    fn a_short_name_with_its_head_is_its_unit_where_it_is_used() {
        let text = "Giao Ban Quản lý dự án 85 (Ban QLDA 85) lập báo cáo.\nBan QLDA 85 hoàn thành trước ngày 30/11/2025.";
        let a = Acronyms::learn(text);
        assert_eq!(
            a.expand(text),
            "Giao Ban Quản lý dự án 85 (Ban QLDA 85) lập báo cáo.\nBan Quản lý dự án 85 hoàn thành trước ngày 30/11/2025."
        );
    }

    #[test]
    fn an_acronym_the_text_does_not_back_stays() {
        let text = "Sở Y tế rà soát TTHC và KCB BHYT.";
        let a = Acronyms::learn(text);
        assert_eq!(a.expand(text), text);
    }
}
