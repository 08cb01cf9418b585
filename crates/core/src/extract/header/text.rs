//! Small text helpers of the header reader: case, decoration, words, lines and cells.

use super::*;

pub(super) fn upper(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

pub(super) fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

pub(super) fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

pub(super) fn title_word(w: &str) -> String {
    capitalise(&lower(w))
}

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn starts_ci(s: &str, prefix: &str) -> bool {
    lower(s).starts_with(&lower(prefix))
}

pub(super) fn is_upper_dominant(s: &str) -> bool {
    let (mut up, mut letters) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            up += 1;
        }
    }
    letters >= 2 && up * 100 >= letters * 85
}

pub(super) fn is_upper_word(w: &str) -> bool {
    w.chars().any(char::is_alphabetic)
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// "Trần", "Lập": a capital then small letters.
pub(super) fn is_name_word(w: &str) -> bool {
    let mut cs = w.chars();
    match cs.next() {
        Some(f) if f.is_uppercase() => cs.all(|c| c.is_lowercase()),
        _ => false,
    }
}

pub(super) fn is_deco_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | '_' | '=' | '*' | '.')
}

/// Trims white space, table pipes and rules.
pub(super) fn strip_deco(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | '_' | '='))
}

/// Trims white space and table pipes only (keeps a leading bullet dash).
pub(super) fn strip_pipes(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '|')
}

pub(super) fn is_deco(s: &str) -> bool {
    s.chars().all(is_deco_char)
}

pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

pub(super) fn floor_boundary(t: &str, mut i: usize) -> usize {
    if i >= t.len() {
        return t.len();
    }
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Offset of `sub` (a sub-slice of `t`) in `t`.
pub(super) fn offset_in(t: &str, sub: &str) -> usize {
    sub.as_ptr() as usize - t.as_ptr() as usize
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn lines_of(t: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in t.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && t.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(Line { start, end });
            start = i + 1;
        }
    }
    out.push(Line {
        start,
        end: t.len(),
    });
    out
}

/// The `|`-separated cells of `t[start..end]`, trimmed, non-empty, as (start, end) offsets.
pub(super) fn cells(t: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = start;
    for piece in t[start..end].split('|') {
        let e = s + piece.len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let o = offset_in(t, trimmed);
            out.push((o, o + trimmed.len()));
        }
        s = e + 1;
    }
    out
}

pub(super) fn stamp_of(cell: &str) -> Option<(bool, &'static str)> {
    let c = upper(cell.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '-' | '–' | '*' | '(' | ')' | '[' | ']' | '.' | ':')
    }));
    let c = c
        .strip_prefix("ĐỘ KHẨN:")
        .or_else(|| c.strip_prefix("ĐỘ MẬT:"))
        .unwrap_or(&c);
    let c = collapse(c);
    STAMPS
        .iter()
        .find(|(s, _, _)| *s == c)
        .map(|&(_, u, n)| (u, n))
}

pub(super) fn apply_stamp(h: &mut PrintedHeader, (urgency, name): (bool, &'static str)) {
    let slot = if urgency {
        &mut h.urgency
    } else {
        &mut h.secrecy
    };
    if slot.is_none() {
        *slot = Some(name.to_string());
    }
}

/// A type line: "QUYẾT ĐỊNH", "CÔNG ĐIỆN HỎA TỐC"; not "QUYẾT ĐỊNH:" of the operative part.
pub(super) fn type_of(cell: &str) -> Option<(&'static str, Option<(bool, &'static str)>)> {
    let c = strip_deco(cell);
    if c.ends_with(':') || !is_upper_dominant(c) {
        return None;
    }
    let u = collapse(&upper(c));
    for (ty, name) in TYPES {
        if u == *ty {
            return Some((name, None));
        }
        if let Some(rest) = u.strip_prefix(ty).and_then(|r| r.strip_prefix(' ')) {
            if let Some(stamp) = stamp_of(rest) {
                return Some((name, Some(stamp)));
            }
        }
    }
    None
}

pub(super) fn is_kinh_gui(cell: &str) -> bool {
    let l = lower(cell);
    l.starts_with("kính gửi") || l.starts_with("đồng kính gửi")
}

/// "THỦ TƯỚNG CHÍNH PHỦ điện:" — the addressee block of a công điện. The colon may be missing
/// ("… điện" ending its line); "CÔNG ĐIỆN", the document's type, opens no block, nor does a
/// title in capitals ending in "ĐIỆN".
pub(super) fn dien_line_rest(cell: &str) -> Option<&str> {
    let (i, rest) = match cell.find("điện:").or_else(|| cell.find("ĐIỆN:")) {
        Some(i) => (i, &cell[i + "điện:".len()..]),
        // Without its colon only the formula's lower-case "điện" tells it from a title in
        // capitals ending in "ĐIỆN".
        None => (cell.trim_end().strip_suffix("điện")?.len(), ""),
    };
    let before = &cell[..i];
    let type_line = lower(before).trim_end().ends_with("công");
    (is_upper_dominant(before) && word_count(before) <= 10 && !type_line).then_some(rest)
}

pub(super) fn kinh_gui_rest(cell: &str) -> &str {
    match cell.find(':') {
        Some(i) => &cell[i + 1..],
        None => {
            // "Kính gửi" with no colon: skip the two or three words.
            let skip = if starts_ci(cell, "đồng") { 3 } else { 2 };
            let mut rest = cell;
            for _ in 0..skip {
                rest = rest.trim_start();
                rest = rest.find(char::is_whitespace).map_or("", |i| &rest[i..]);
            }
            rest
        }
    }
}

pub(super) fn starts_subject(cell: &str) -> bool {
    let c = cell.trim_start();
    // A trích yếu never ends with a colon: "Về việc …, Thủ tướng có ý kiến như sau:" is body.
    (c.starts_with("V/v") || c.starts_with("V/V") || starts_ci(c, "về việc"))
        && !starts_ci(c, "về việc này")
        && !c.trim_end().ends_with(':')
}

pub(super) fn is_body_opener(cell: &str) -> bool {
    BODY_OPENERS.iter().any(|o| cell.starts_with(o))
        || cell.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '•' | '*'))
}

pub(super) fn is_prose(line: &str) -> bool {
    if line.contains('|') {
        return false;
    }
    let s = line.trim();
    // A line opening in lower case is a wrapped line of the one above, never a new paragraph.
    if s.starts_with(|c: char| c.is_lowercase())
        || MOTTO_RE.is_match(s)
        || starts_subject(s)
        || is_kinh_gui(s)
        || s.starts_with("Số")
        || is_upper_dominant(s)
    {
        return false;
    }
    word_count(s) >= 15
        || ["Căn cứ", "Thực hiện", "Theo đề nghị", "Xét đề nghị"]
            .iter()
            .any(|o| s.starts_with(o))
}
