//! The issuing body's name, from the lines above the number, in the case the document uses.

use super::*;

/// Longest head of [`ORG_HEADS`] at `words[i..]`: (word count, sentence-case form, upper form).
pub(super) fn match_head(
    words: &[String],
    i: usize,
) -> Option<(usize, &'static str, &'static str)> {
    let mut best: Option<(usize, &'static str, &'static str)> = None;
    for (head, norm) in ORG_HEADS {
        let hw: Vec<&str> = head.split(' ').collect();
        if i + hw.len() <= words.len()
            && hw
                .iter()
                .zip(&words[i..])
                .all(|(a, b)| *a == upper(b.trim_end_matches([',', ';', ':', '.'])))
            && best.is_none_or(|(n, _, _)| hw.len() > n)
        {
            best = Some((hw.len(), norm, head));
        }
    }
    best
}

pub(super) fn starts_with_head(s: &str) -> bool {
    let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    match_head(&words, 0).is_some()
}

/// Sentence case for a unit name: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du
/// lịch"; "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG" → "UBND tỉnh Hậu Giang".
pub(super) fn org_case(s: &str) -> String {
    let s = collapse(s);
    let s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '-'));
    let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    if let Some((n, norm, _)) = match_head(&words, 0) {
        out.push(norm.to_string());
        i = n;
    }
    if !is_upper_dominant(s) {
        out.extend(words[i..].iter().cloned());
        return out.join(" ");
    }
    let mut cap_next = true;
    let mut place = false;
    while i < words.len() {
        let w = &words[i];
        let u = upper(w);
        if let Some((lw, norm)) = LEVELS.iter().find(|(l, _)| {
            let parts: Vec<&str> = l.split(' ').collect();
            i + parts.len() <= words.len()
                && parts.iter().zip(&words[i..]).all(|(a, b)| *a == upper(b))
        }) {
            out.push(norm.to_string());
            i += lw.split(' ').count();
            place = true;
            continue;
        }
        // Heads written as abbreviations or proper names keep their form inside a name:
        // "VĂN PHÒNG UBND TỈNH …", "… CHÍNH PHỦ".
        if let Some((n, norm, _)) = match_head(&words, i)
            .filter(|(_, norm, _)| matches!(*norm, "UBND" | "HĐND" | "Chính phủ"))
        {
            out.push(norm.to_string());
            i += n;
            cap_next = true;
            continue;
        }
        let word = if place || cap_next {
            title_word(w)
        } else {
            lower(w)
        };
        cap_next = w.ends_with(',') || matches!(u.as_str(), "VÀ" | "-" | "–" | "&");
        if u == "VÀ" {
            out.push("và".into());
        } else {
            out.push(word);
        }
        i += 1;
    }
    out.join(" ")
}

/// The issuer from the lines of the issuer block: the last unit, parents left out.
pub(super) fn issuer_from(pieces: &[&str]) -> Option<String> {
    let mut units: Vec<Vec<String>> = Vec::new();
    for piece in pieces {
        let words: Vec<String> = piece.split_whitespace().map(str::to_string).collect();
        let mut j = 0;
        while j < words.len() {
            if let Some((n, _, head)) = match_head(&words, j) {
                let prev_ok = j == 0
                    || !(matches!(
                        upper(&words[j - 1]).as_str(),
                        "VÀ" | "CỦA" | "-" | "–" | "&"
                    ) || words[j - 1].ends_with(','));
                let complete = units
                    .last()
                    .is_some_and(|u| match_head(u, 0).is_some_and(|(k, _, _)| u.len() > k));
                if complete && prev_ok && (j == 0 || STRONG_HEADS.contains(&head)) {
                    units.push(Vec::new());
                }
                if units.is_empty() {
                    units.push(Vec::new());
                }
                let unit = units.last_mut().expect("a unit");
                unit.extend(words[j..j + n].iter().cloned());
                j += n;
                continue;
            }
            if units.is_empty() {
                units.push(Vec::new());
            }
            units.last_mut().expect("a unit").push(words[j].clone());
            j += 1;
        }
    }
    let last = units.pop()?;
    let head_only = match_head(&last, 0).is_some_and(|(k, _, _)| k == last.len());
    let name = org_case(&last.join(" "));
    match units.pop() {
        Some(parent) if head_only => Some(format!("{name} {}", org_case(&parent.join(" ")))),
        _ if name.is_empty() => None,
        _ => Some(name),
    }
}
