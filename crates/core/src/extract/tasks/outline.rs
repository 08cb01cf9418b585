//! The outline of a directive's body: paragraphs joined from wrapped lines, sentences, the
//! clauses after ";", list markers and numbers, and the depth of the headings they open.

use super::*;

/// A piece of the body read on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Segment {
    pub(super) text: String,
    /// Starts with a list marker ("-", "+", "a)", "•").
    pub(super) item: bool,
    /// Starts with a top-level number ("1.", "II.", "Điều 2.").
    pub(super) top_level: bool,
    /// How deep its number is in the document's outline ("2." is 1, "2.1." is 2), as
    /// [`numbering`] reads the document's style.
    pub(super) number: Option<usize>,
    /// A clause after ";" or a sentence continuing the paragraph before.
    pub(super) continues: bool,
    /// The time a labelled field after the paragraph gives it.
    pub(super) time_hint: Option<String>,
    /// The units `text` names, when cutting the body already read them (they are read once).
    pub(super) units: Option<Vec<UnitMention>>,
}

/// The body cut into segments: wrapped lines joined back, then paragraphs, sentences and clauses.
pub(super) fn segments(body: &[Para]) -> Vec<Segment> {
    let mut out = Vec::new();
    let numbering = Numbering::of(body);
    for Para {
        text: para,
        time_hint,
    } in body
    {
        let number = numbering.depth(para);
        let item = is_item(para) && number.is_none();
        let top_level = is_top_level(para);
        for (i, sentence) in sentences(para).into_iter().enumerate() {
            let mut j = 0;
            let mut pending = String::new();
            // A meeting's framing or a closing is read whole: its later clauses ("…; Kho bạc
            // Nhà nước tỉnh; …") only go on listing who attended or who carries it out.
            let lower = lower_in_place(&sentence);
            let whole = FRAMING.iter().any(|f| lower.contains(f));
            let clauses: Vec<&str> = if whole {
                vec![sentence.as_str()]
            } else {
                sentence.split(';').collect()
            };
            for (k, clause) in clauses.iter().enumerate() {
                let clause = clause.trim();
                if clause.is_empty() {
                    continue;
                }
                if !pending.is_empty() {
                    pending.push_str("; ");
                }
                pending.push_str(clause);
                // "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND cấp xã …": a clause that only
                // names units lists them with the next one.
                // "Sở A chủ trì, phối hợp với Sở B; Sở C và UBND các huyện rà soát …": a
                // semicolon inside the partners does not end the clause.
                let units = find_units(&pending);
                // "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, đơn vị cấp tỉnh; các cơ quan Trung
                // ương và Chủ tịch UBND các cấp tập trung …": so does one whose assigning word
                // is followed only by names.
                let addressed_only = || {
                    let lower = lower_in_place(&pending);
                    assigning_verbs(&lower).first().is_some_and(|&(at, word)| {
                        let from = at + word.len();
                        pending
                            .get(from..)
                            .is_some_and(|rest| names_only(rest, &units_from(&units, from)))
                    })
                };
                if names_only(&pending, &units)
                    || (k + 1 < clauses.len() && addressed_only())
                    || in_partner_list(&pending)
                    || only_leads_role(&pending, &units)
                {
                    continue;
                }
                // "Giao UBND huyện A trên cơ sở …; chủ trì …": the work of a clause that holds
                // only an adverbial is in the next one, when that one names no subject first.
                let next_has_subject = || {
                    clauses.get(k + 1).is_some_and(|next| {
                        let next = strip_marker(next.trim());
                        find_units(next).first().is_some_and(|m| m.start == 0)
                    })
                };
                if k + 1 < clauses.len()
                    && only_adverbial(&lower_in_place(&pending), &units)
                    && !next_has_subject()
                {
                    continue;
                }
                out.push(Segment {
                    text: std::mem::take(&mut pending),
                    item: item && i == 0 && j == 0,
                    top_level: top_level && i == 0 && j == 0,
                    number: number.filter(|_| i == 0 && j == 0),
                    continues: i > 0 || j > 0,
                    time_hint: time_hint.clone(),
                    units: Some(units),
                });
                j += 1;
            }
            if !pending.is_empty() {
                out.push(Segment {
                    text: pending,
                    item: item && i == 0 && j == 0,
                    top_level: top_level && i == 0 && j == 0,
                    number: number.filter(|_| i == 0 && j == 0),
                    continues: i > 0 || j > 0,
                    time_hint: time_hint.clone(),
                    units: None,
                });
            }
        }
    }
    out
}

/// How a document numbers its parts. Most write "1.", "2." and "1.1."; some write "1)", "2)"
/// for the same parts. Where no part is numbered "1.", "1)" is such a number, not an item
/// marker like "a)": its items are the document's parts, and each closes the one before.
struct Numbering {
    bracketed: bool,
}

impl Numbering {
    fn of(body: &[Para]) -> Self {
        static DOTTED: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"^\s*\d{1,2}\.\s").expect("compiles"));
        let dotted = body.iter().any(|p| DOTTED.is_match(&p.text));
        let bracketed = !dotted && body.iter().any(|p| bracketed_number(&p.text));
        Self { bracketed }
    }

    /// How deep `line`'s number is: [`number_depth`], or 1 for "1)" where that is the style.
    fn depth(&self, line: &str) -> Option<usize> {
        number_depth(line).or_else(|| (self.bracketed && bracketed_number(line)).then_some(1))
    }
}

/// Whether `line` opens with a number and a closing bracket ("2) …").
fn bracketed_number(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&digits) && t[digits..].starts_with(')')
}

/// A list run into one line ("… trước ngày 13/11/2026. 2. Giao Sở Tài chính …", as an edXML
/// Content field or a web page gives it) put back one item per line.
pub(super) fn unflatten_lists(body: &str) -> std::borrow::Cow<'_, str> {
    static INLINE_ITEM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"([.;:])[ \t]+((?:\d{1,2}|[IVX]{1,4})\.|[a-zđ]\)|\(\d{1,2}\))[ \t]+(\p{Lu})",
        )
        .expect("compiles")
    });
    // "…: (i) bảo đảm …; (ii) khắc phục …": a run of small roman numerals is a list whatever
    // the case of its items, once "(i)" and "(ii)" are both there and "(i)" opens the run after
    // a colon or a stop. A run whose "(i)" goes on from a word ("… các dự án (i) đường …; (ii)
    // …") lists the objects of one sentence's work.
    static ROMAN_ITEM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"([:;,.])[ \t]+(\((?:i{1,3}|iv|vi{0,3}|ix|x)\))[ \t]+")
            .expect("compiles")
    });
    let body = INLINE_ITEM.replace_all(body, "$1\n$2 $3");
    let opens = ROMAN_ITEM
        .captures_iter(&body)
        .any(|c| c.get(2).is_some_and(|m| m.as_str() == "(i)"));
    if opens && body.contains("(ii) ") {
        return std::borrow::Cow::Owned(ROMAN_ITEM.replace_all(&body, "$1\n$2 ").into_owned());
    }
    body
}

/// "Sở Công Thương chủ trì; Sở Tài chính, Sở Xây dựng phối hợp kiểm tra …": a clause that
/// only names its units and their role ("chủ trì", "làm đầu mối") takes its work from the next.
fn only_leads_role(clause: &str, units: &[UnitMention]) -> bool {
    let Some(last) = units.last() else {
        return false;
    };
    let rest = lower_in_place(clause.get(last.end..).unwrap_or(""));
    let rest = rest.trim().trim_end_matches([';', ',']).trim();
    matches!(
        rest,
        "chủ trì" | "làm đầu mối" | "là cơ quan chủ trì" | "là đầu mối"
    ) && names_only(clause.get(..last.end).unwrap_or(""), units)
}

/// Whether `clause` ends among the partners it names after "phối hợp (với)", before any work.
pub(super) fn in_partner_list(clause: &str) -> bool {
    let lower = lower_in_place(clause);
    let Some(at) = lower.rfind("phối hợp") else {
        return false;
    };
    let rest = clause[at + "phối hợp".len()..].trim_start();
    let rest = ["chặt chẽ với", "với"]
        .iter()
        .find_map(|w| {
            lower[lower.len() - rest.len()..]
                .starts_with(w)
                .then(|| &rest[w.len()..])
        })
        .unwrap_or(rest);
    // Work after the partners ends the list; only a clause without any is worth parsing.
    let rest_lower = lower_in_place(rest);
    !CUES.iter().any(|c| rest_lower.contains(c)) && only_units(rest)
}

/// Whether `clause` names units and nothing else (but a list marker and titles).
pub(super) fn only_units(clause: &str) -> bool {
    names_only(clause, &find_units(clause))
}

/// [`only_units`] with the clause's units already read.
fn names_only(clause: &str, units: &[UnitMention]) -> bool {
    if units.is_empty() {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for m in units {
        rest.push_str(clause.get(at..m.start).unwrap_or(""));
        rest.push(' ');
        at = m.end.max(at);
    }
    rest.push_str(clause.get(at..).unwrap_or(""));
    let rest = strip_marker(&rest).to_lowercase();
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            [
                "và",
                "thủ",
                "trưởng",
                "chủ",
                "tịch",
                "giám",
                "đốc",
                "các",
                "cùng",
                "chánh",
                // "Giao các Sở: Tài chính, Xây dựng; UBND các huyện: A, B …"
                "giao",
                "đề",
                "nghị",
                "yêu",
                "cầu",
                // the head of a shorthand list ("các Sở: Tài chính, Xây dựng")
                "sở",
                "bộ",
                "ban",
                "ngành",
            ]
            .contains(&w)
        })
}

/// Lines joined into paragraphs: a line break inside a sentence (a PDF's wrapping) is a space;
/// a break after sentence-ending punctuation, or before a list marker, ends the paragraph.
pub(super) fn paragraphs(body: &str) -> Vec<String> {
    let body = unflatten_lists(body);
    let margin = margin_from(&body);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut last_line_chars = 0;
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        // "… thuộc Ủy ban nhân dân Thành phố;" run to a PDF's margin, then "Văn phòng Đoàn …":
        // a list of addressees that goes on; a semicolon ends the paragraph only on a line that
        // stopped short of the margin.
        let at_margin = (margin..=110).contains(&last_line_chars);
        // "… Ủy ban nhân dân các tỉnh:" / "Ninh Bình, Bắc Ninh …": the head of a shorthand
        // list that a PDF wrapped after its colon goes on with its names.
        let list_head = current.trim_end().ends_with(':')
            && at_margin
            && !is_item(line)
            && !is_top_level(line)
            && current
                .trim_end()
                .trim_end_matches(':')
                .rsplit(' ')
                .take(3)
                .any(|w| w.to_lowercase() == "các");
        let ends_sentence =
            ((current.trim_end().ends_with(['.', '!', '?']) || announces(&current)) && !list_head)
                || (current.trim_end().ends_with(';') && !at_margin);
        // A short line before a capital is a heading ("1.1. Giao Sở Xây dựng"), not a line a
        // PDF wrapped: those run to the margin.
        let heading_line =
            last_line_chars < margin && line.chars().next().is_some_and(char::is_uppercase);
        // "… Đài Phát thanh\n- Truyền hình …": a PDF wrapped a name at its hyphen; a line that
        // ran to the margin without ending a sentence goes on.
        // A bullet that opens an assignment ("- Giao Sở A chủ trì …") is an item, however long
        // the title line before it ran.
        let assigns = || {
            let after = lower_in_place(line.trim_start_matches("- "));
            // as the assigning words are read everywhere: "Giao Sở …", not "Giao thông …"
            assigning_verbs(&after)
                .first()
                .is_some_and(|&(at, _)| at == 0)
        };
        let wrapped = !ends_sentence
            && (margin..=110).contains(&last_line_chars)
            && line.starts_with("- ")
            && !assigns();
        last_line_chars = line.chars().count();
        if !current.is_empty()
            && (ends_sentence
                || heading_line
                || ((is_item(line) || is_top_level(line)) && !wrapped)
                // "Cơ quan chủ trì: …" on a line of its own is a field of a plan's block.
                || crate::extract::fields::field(line).is_some())
        {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// How long a line must be to have run to the margin of the page it was wrapped on: 60
/// characters, or three quarters of the text's long lines where a narrow page wrapped them
/// shorter (the ninth decile of the lines of twenty characters or more). A text whose lines are
/// far longer than a page is wide was never wrapped: `usize::MAX`, no line ran to a margin, and
/// every line is a paragraph of its own unless it begins in lower case.
fn margin_from(body: &str) -> usize {
    let mut lengths: Vec<usize> = body
        .lines()
        .map(|l| l.trim().chars().count())
        .filter(|n| *n >= 20)
        .collect();
    if lengths.len() < 10 {
        return 60;
    }
    lengths.sort_unstable();
    let long = lengths[lengths.len() * 9 / 10];
    // Lines far longer than a page is wide were never wrapped (a DOCX, a web page): no line
    // stops at a margin.
    if long > UNWRAPPED {
        return usize::MAX;
    }
    (long * 3 / 4).clamp(30, 60)
}

/// The line length past which a text is read as one paragraph a line: wider than any page.
const UNWRAPPED: usize = 160;

/// Sentences of a paragraph: a period followed by a space and a capital letter ends one; periods
/// in numbers, dates and abbreviations ("TP. Huế", "15.7") do not.
pub(super) fn sentences(para: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    for w in 0..chars.len() {
        let (i, c) = chars[w];
        if c != '.' {
            continue;
        }
        let next = chars.get(w + 1).map(|x| x.1);
        let after = chars.get(w + 2).map(|x| x.1);
        let before_word: String = para[start..i]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        // "TP. Huế", "1. Sở …", "II. Nhiệm vụ": a short capital or a list number is not a sentence.
        // A year ("… trong năm 2018. Chủ tịch …") ends a sentence.
        let abbreviation = before_word.chars().count() <= 4
            && before_word
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
            && !(before_word.len() >= 3 && before_word.chars().all(|c| c.is_ascii_digit()))
            || (before_word.chars().count() <= 8
                && before_word.contains('.')
                && before_word.chars().all(|c| c.is_ascii_digit() || c == '.'));
        // "a. Sở Y tế": a lettered item's marker, not a sentence.
        let marker = start == 0 && lettered_with_dot(para[..=i].trim_start());
        if next == Some(' ') && after.is_some_and(|a| a.is_uppercase()) && !abbreviation && !marker
        {
            out.push(para[start..=i].trim().to_string());
            start = i + 1;
        }
    }
    if start < para.len() {
        out.push(para[start..].trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// A line without its list marker: bullets ("-", "+", "•"), then an enumerator — "a)", "đ)",
/// "(1)", "(iii)", "1)", "1.", "1.2.", "II." — and the spaces after them. The Vietnamese item
/// alphabet has "đ" (a, b, c, d, đ, e …), so letters are any letters, as [`is_item`] reads them.
pub(super) fn strip_marker(s: &str) -> &str {
    let t = s.trim_start();
    let t = t.trim_start_matches(BULLETS).trim_start();
    // "(1)", "(iii)", "(a)"
    if let Some(rest) = t.strip_prefix('(') {
        if let Some(close) = rest.find(')') {
            let inner = &rest[..close];
            if (1..=4).contains(&inner.chars().count()) && inner.chars().all(char::is_alphanumeric)
            {
                return rest[close + 1..].trim_start();
            }
        }
        return t;
    }
    // "a)", "đ)", "10)"
    if let Some(close) = t.find(')') {
        let inner = &t[..close];
        if (1..=3).contains(&inner.chars().count()) && inner.chars().all(char::is_alphanumeric) {
            return t[close + 1..].trim_start();
        }
    }
    // "1.", "1.2.", "II.", "a."
    let end = t
        .char_indices()
        .take_while(|(_, c)| {
            c.is_ascii_digit() || c.is_ascii_lowercase() || "IVXLivxl.".contains(*c)
        })
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let candidate = &t[..end];
    if !candidate.is_empty() && candidate.ends_with('.') && candidate.len() <= 6 {
        t[end..].trim_start()
    } else {
        t
    }
}

pub(super) fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(BULLETS) || lettered_with_dot(t) {
        return true;
    }
    // "a)", "đ)", "(1)", "1)", "(a)"
    let mut chars = t.chars();
    let first = chars.next();
    let body: String = if first == Some('(') {
        chars.by_ref().take_while(|c| *c != ')').collect()
    } else {
        let mut b = String::new();
        if let Some(f) = first {
            b.push(f);
        }
        b.extend(chars.take_while(|c| *c != ')'));
        b
    };
    let closes = t
        .get(body.len() + usize::from(first == Some('('))..)
        .is_some_and(|r| r.starts_with(')'));
    closes
        && !body.is_empty()
        && body.chars().count() <= 3
        && body.chars().all(|c| c.is_alphanumeric())
}

/// "a. …", "đ. …": a lettered item some documents write with a dot for the bracket.
fn lettered_with_dot(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some('a'..='z' | 'đ'), Some('.'), Some(' ') | None)
    )
}

/// The depth of "a)" and "-" headings: deeper than any number.
pub(super) const LETTERED: usize = 100;

/// The depth a heading set by `seg` takes in the stack of headings.
pub(super) fn heading_depth(seg: &Segment) -> usize {
    match seg.number {
        Some(d) => d,
        None if seg.item => LETTERED,
        None => 0,
    }
}

/// Whether `line` opens with a letter or a number in brackets ("a)", "đ)", "(1)", "(ii)") or a
/// letter and a dot ("a."), not a bullet and not a decimal number.
pub(super) fn is_lettered(line: &str) -> bool {
    static LETTERED_MARKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^\s*(?:[a-zđ][).]|\((?:\d{1,2}|[a-zđ]|[ivx]{1,4})\))\s")
            .expect("compiles")
    });
    LETTERED_MARKER.is_match(line)
}

/// Makes `heading` the innermost heading at `depth`, closing those as deep or deeper.
pub(super) fn push_heading(
    stack: &mut Vec<(usize, Vec<Vec<String>>)>,
    depth: usize,
    heading: &Option<Vec<Vec<String>>>,
) {
    while stack.last().is_some_and(|(d, _)| *d >= depth) {
        stack.pop();
    }
    if let Some(h) = heading {
        stack.push((depth, h.clone()));
    }
}

/// How deep an item's number is: "2." is 1, "2.1." is 2; none for other markers.
pub(super) fn number_depth(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let number: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts = number.split('.').filter(|p| !p.is_empty()).count();
    (parts > 0 && number.ends_with('.')).then_some(parts)
}

/// A part of the document: "II. …" or "Điều 2. …".
pub(super) fn is_section(line: &str) -> bool {
    let t = line.trim_start();
    let roman: String = t.chars().take_while(|c| "IVXL".contains(*c)).collect();
    (!roman.is_empty() && t[roman.len()..].starts_with('.')) || t.starts_with("Điều ")
}

pub(super) fn is_top_level(line: &str) -> bool {
    let t = line.trim_start();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let roman: String = t.chars().take_while(|c| "IVXL".contains(*c)).collect();
    (!digits.is_empty() && t[digits.len()..].starts_with(['.', ')']))
        || (!roman.is_empty() && t[roman.len()..].starts_with('.'))
        || t.starts_with("Điều ")
}
