//! The labelled fields of a plan's task block: "Cơ quan chủ trì: Sở Tài chính", "Đơn vị phối
//! hợp: …", "Thời gian thực hiện: Quý II/2026", "Sản phẩm: …".
//!
//! Plans describe each task as its content followed by such fields, as lines, bullets or
//! sub-items, in any order. A label is recognised by its words, not by a list of whole labels:
//! holders ("cơ quan", "đơn vị") then a role ("chủ trì", "phối hợp"), or a head ("thời gian",
//! "sản phẩm") and a few words. The vocabulary is data (`data/fields.toml`), compiled in.

use std::sync::LazyLock;

use serde::Deserialize;

use crate::domain::text::fold_name;

/// What a labelled field says of its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Who carries the task out: "Cơ quan chủ trì", "Đơn vị thực hiện".
    Lead,
    /// Who coordinates: "Cơ quan phối hợp".
    Support,
    /// When: "Thời gian thực hiện", "Thời hạn hoàn thành", "Tiến độ".
    Time,
    /// What is to be done: "Nội dung".
    Content,
    /// What it yields: "Sản phẩm", "Kết quả".
    Product,
    /// Part of the block but neither who, what nor when: "Kinh phí", "Ghi chú".
    Other,
}

/// A field as the text gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'a> {
    pub kind: FieldKind,
    /// What follows the colon, trimmed (may be empty when sub-items follow).
    pub value: &'a str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Vocabulary {
    holders: Vec<String>,
    lead_roles: Vec<String>,
    support_roles: Vec<String>,
    time_heads: Vec<String>,
    product_heads: Vec<String>,
    content_heads: Vec<String>,
    other_heads: Vec<String>,
    max_words: usize,
}

/// Bytes before a label's colon at the most: `max_words` words of Vietnamese (up to about 20
/// bytes each, with the "/", "," and "và" between them) fit well within it.
const LABEL_BYTES: usize = 400;

/// A phrase of the vocabulary as words.
type Phrase = Vec<String>;

struct Labels {
    holders: Vec<Phrase>,
    lead_roles: Vec<Phrase>,
    support_roles: Vec<Phrase>,
    heads: Vec<(Phrase, FieldKind)>,
    max_words: usize,
}

static LABELS: LazyLock<Labels> = LazyLock::new(|| {
    let v: Vocabulary = toml::from_str(include_str!("data/fields.toml"))
        .expect("crates/core/src/extract/data/fields.toml is valid (a unit test reads it)");
    let phrases = |list: &[String]| -> Vec<Phrase> {
        let mut p: Vec<Phrase> = list.iter().map(|s| words(s)).collect();
        // Longest first, so that "chủ trì thực hiện" wins over "chủ trì".
        p.sort_by_key(|w| std::cmp::Reverse(w.len()));
        p
    };
    let mut heads: Vec<(Phrase, FieldKind)> = Vec::new();
    for (list, kind) in [
        (&v.time_heads, FieldKind::Time),
        (&v.product_heads, FieldKind::Product),
        (&v.content_heads, FieldKind::Content),
        (&v.other_heads, FieldKind::Other),
    ] {
        heads.extend(phrases(list).into_iter().map(|p| (p, kind)));
    }
    heads.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    Labels {
        holders: phrases(&v.holders),
        lead_roles: phrases(&v.lead_roles),
        support_roles: phrases(&v.support_roles),
        heads,
        max_words: v.max_words,
    }
});

/// The words of a label, folded, without the punctuation and "và" that join its parts.
fn words(label: &str) -> Vec<String> {
    fold_name(label)
        .split(|c: char| c.is_whitespace() || "/,-–();".contains(c))
        .filter(|w| !w.is_empty() && *w != "và" && *w != "hoặc")
        .map(str::to_string)
        .collect()
}

/// The bullets a list item may open with.
pub(crate) const BULLETS: [char; 5] = ['-', '+', '•', '–', '*'];

/// A line without the list marker it may carry: "-", "+", "•", "*", "a)", "(1)", "1)".
pub(crate) fn without_marker(line: &str) -> &str {
    let t = line.trim_start();
    let t = t.trim_start_matches(BULLETS).trim_start();
    let close = if t.starts_with('(') {
        t.find(')').filter(|&i| i <= 4)
    } else {
        t.find(')')
            .filter(|&i| i <= 3 && t[..i].chars().all(char::is_alphanumeric))
    };
    match close {
        Some(i) if i > 0 => t[i + 1..].trim_start(),
        _ => t,
    }
}

/// Whether `words[at..]` starts with `phrase`.
fn starts_with(words: &[String], at: usize, phrase: &Phrase) -> bool {
    words.len() >= at + phrase.len() && words[at..at + phrase.len()] == phrase[..]
}

/// The longest phrase of `list` at `at`, by its length in words.
fn phrase_at(words: &[String], at: usize, list: &[Phrase]) -> Option<usize> {
    list.iter()
        .find(|p| starts_with(words, at, p))
        .map(|p| p.len())
}

/// What kind of field a label is, if it is one.
fn label_kind(label: &str) -> Option<FieldKind> {
    let l = &*LABELS;
    let w = words(label);
    if w.is_empty() || w.len() > l.max_words {
        return None;
    }
    if let Some((head, kind)) = l.heads.iter().find(|(p, _)| starts_with(&w, 0, p)) {
        // "Thời gian thực hiện / hoàn thành": a time head takes a few words after it; the other
        // heads stand (almost) alone, so that "Nội dung chính của kế hoạch gồm" is no field.
        let extra = w.len() - head.len();
        let allowed = if *kind == FieldKind::Time {
            l.max_words
        } else {
            2
        };
        return (extra <= allowed).then_some(*kind);
    }
    // Holders, then roles, every word accounted for.
    let mut at = 0;
    let mut lead = false;
    let mut support = false;
    while at < w.len() {
        if let Some(n) = phrase_at(&w, at, &l.support_roles) {
            support = true;
            at += n;
        } else if let Some(n) = phrase_at(&w, at, &l.lead_roles) {
            lead = true;
            at += n;
        } else if let Some(n) = phrase_at(&w, at, &l.holders) {
            at += n;
        } else {
            return None;
        }
    }
    if support {
        Some(FieldKind::Support)
    } else if lead {
        Some(FieldKind::Lead)
    } else {
        None
    }
}

/// The field a paragraph (or the part of it from `line`'s start) is, if it opens with a label
/// and a colon: "- Cơ quan chủ trì: Sở Tài chính." A lead or support field must name someone;
/// a time field may be empty when its sub-items follow ("Thời gian thực hiện:").
pub fn field(line: &str) -> Option<Field<'_>> {
    let body = without_marker(line);
    // A label is a few words: look for its colon near the start only, so that reading every
    // sentence start of a long paragraph stays linear (this runs at each "." and ";").
    let mut head = body.len().min(LABEL_BYTES);
    while !body.is_char_boundary(head) {
        head -= 1;
    }
    let colon = body[..head].find(':')?;
    let kind = label_kind(&body[..colon])?;
    let value = body[colon + 1..].trim();
    let value = value.trim_end_matches(['.', ';', ',']).trim_end();
    if value.is_empty() && matches!(kind, FieldKind::Lead | FieldKind::Support) {
        return None;
    }
    Some(Field { kind, value })
}

/// Where fields start inside a paragraph that runs them together ("… hạ tầng số. Cơ quan chủ
/// trì: Sở Khoa học và Công nghệ; thời gian: Quý II/2026."): byte offsets of each field's label,
/// after a sentence end or a semicolon. The first part (before the first offset) is the content.
pub fn inline_starts(paragraph: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, c) in paragraph.char_indices() {
        if !matches!(c, '.' | ';') {
            continue;
        }
        let rest = &paragraph[i + 1..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() || trimmed.is_empty() {
            continue;
        }
        let at = paragraph.len() - trimmed.len();
        if field(trimmed).is_some() {
            out.push(at);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(line: &str) -> Option<FieldKind> {
        field(line).map(|f| f.kind)
    }

    #[test]
    fn the_vocabulary_loads() {
        assert!(!LABELS.holders.is_empty());
        assert!(LABELS.heads.iter().any(|(_, k)| *k == FieldKind::Time));
    }

    #[test]
    fn lead_labels_are_holders_then_a_role() {
        assert_eq!(kind("- Cơ quan chủ trì: Sở Y tế."), Some(FieldKind::Lead));
        assert_eq!(
            kind("Đơn vị chủ trì thực hiện: Sở Nội vụ"),
            Some(FieldKind::Lead)
        );
        assert_eq!(kind("+ Chủ trì: Công an tỉnh"), Some(FieldKind::Lead));
        assert_eq!(
            kind("a) Cơ quan thực hiện: Bộ Tư pháp"),
            Some(FieldKind::Lead)
        );
        assert_eq!(
            kind("Cơ quan, đơn vị chủ trì: UBND huyện A"),
            Some(FieldKind::Lead)
        );
        assert_eq!(
            kind("- Trách nhiệm thực hiện: Sở Tài chính"),
            Some(FieldKind::Lead)
        );
    }

    #[test]
    fn a_label_naming_coordination_is_support_whatever_else_it_says() {
        assert_eq!(
            kind("- Cơ quan/Đơn vị phối hợp: các sở"),
            Some(FieldKind::Support)
        );
        assert_eq!(
            kind("Phối hợp thực hiện: UBND các huyện"),
            Some(FieldKind::Support)
        );
        assert_eq!(
            kind("Đơn vị tham gia: Hội Nông dân"),
            Some(FieldKind::Support)
        );
    }

    #[test]
    fn time_labels_take_a_few_words_after_their_head() {
        let f = field("- Thời gian thực hiện / hoàn thành: Quý II/2026.").unwrap();
        assert_eq!(f.kind, FieldKind::Time);
        assert_eq!(f.value, "Quý II/2026");
        assert_eq!(
            kind("Thời hạn ban hành: trước ngày 1/3/2026"),
            Some(FieldKind::Time)
        );
        assert_eq!(kind("Tiến độ: Năm 2026"), Some(FieldKind::Time));
        // Sub-items give the dates.
        assert_eq!(kind("- Thời gian thực hiện:"), Some(FieldKind::Time));
    }

    #[test]
    fn content_product_and_other_fields() {
        assert_eq!(
            kind("- Sản phẩm: Báo cáo tổng kết"),
            Some(FieldKind::Product)
        );
        assert_eq!(
            kind("Nội dung: rà soát quy hoạch"),
            Some(FieldKind::Content)
        );
        assert_eq!(kind("- Kinh phí: ngân sách tỉnh"), Some(FieldKind::Other));
    }

    #[test]
    fn a_sentence_with_a_colon_is_no_field() {
        assert_eq!(
            kind("- Sở Xây dựng: hướng dẫn các huyện lập quy hoạch"),
            None
        );
        assert_eq!(kind("Chủ tịch UBND tỉnh chỉ thị:"), None);
        assert_eq!(kind("(2) Tổ chức thực hiện:"), None);
        assert_eq!(kind("Nội dung chính của kế hoạch gồm các phần sau:"), None);
        assert_eq!(kind("Yêu cầu các sở, ngành:"), None);
        // A lead field must name someone.
        assert_eq!(kind("- Cơ quan chủ trì:"), None);
        assert_eq!(kind("không có dấu hai chấm"), None);
    }

    #[test]
    fn a_colon_far_into_a_long_sentence_is_no_label() {
        let long = format!("{}: Sở Y tế", "thời gian ".repeat(60));
        assert_eq!(kind(&long), None);
        // Multi-byte text cut at the bound never splits a character.
        let odd = format!("{}: x", "ờ".repeat(300));
        assert_eq!(kind(&odd), None);
    }

    #[test]
    fn old_tone_marks_and_capitals_read_alike() {
        assert_eq!(kind("CƠ QUAN CHỦ TRÌ: Sở Y tế"), Some(FieldKind::Lead));
        assert_eq!(
            kind("Thời hạn hoàn thành: tháng 12/2026"),
            Some(FieldKind::Time)
        );
    }

    #[test]
    fn fields_run_into_a_paragraph_are_found_after_a_sentence_or_a_semicolon() {
        let p = "a) Lập đề án phát triển hạ tầng số. Cơ quan chủ trì: Sở Khoa học và Công nghệ; thời gian: Quý II/2026.";
        let at = inline_starts(p);
        assert_eq!(at.len(), 2, "{at:?}");
        assert!(p[at[0]..].starts_with("Cơ quan chủ trì"));
        assert!(p[at[1]..].starts_with("thời gian"));
        assert!(inline_starts("Sở A chủ trì; Sở B phối hợp.").is_empty());
    }
}
