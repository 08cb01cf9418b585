//! Atoms joined into groups (ranges, conjunctions), and the words before them that make a
//! group a deadline ("trước", "hoàn thành", "chậm nhất") or something else (a noun's year,
//! a past condition, a period of application).

use std::sync::LazyLock;

use regex::Regex;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Join {
    Single,
    /// "A - B", "từ A đến B": due at the end of B.
    Range,
    /// "A và B" of periods: due at the end of B.
    Conj,
    /// A recurrence and the day it names.
    Recurring,
}

pub(super) struct Group {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) join: Join,
}

pub(super) static RANGE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:-|–|—|(?:cho\s+)?(?:đến|tới)(?:\s+hết)?)\s*$").expect("compiles")
});
pub(super) static CONJ_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*và\s*$").expect("compiles"));
pub(super) static MERGE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,()]*(?:(?:trước|vào|chậm\s+nhất|muộn\s+nhất|là|trong|hạn)[\s,()]*)*$")
        .expect("compiles")
});

pub(super) fn join(s: &str, atoms: &[Atom]) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < atoms.len() {
        let mut j = i;
        let mut how = Join::Single;
        while j + 1 < atoms.len() {
            let (a, b) = (&atoms[j], &atoms[j + 1]);
            let gap = &s[a.end..b.start];
            let members = &atoms[i..=j + 1];
            let recurring = members.iter().any(|m| matches!(m.kind, Kind::Recurring(_)));
            if matches!(how, Join::Single | Join::Recurring)
                && recurring
                && members.iter().all(|m| m.kind.fits_recurrence())
                && MERGE_GAP.is_match(gap)
            {
                how = Join::Recurring;
            } else if matches!(how, Join::Single | Join::Range)
                && a.kind.is_dated()
                && b.kind.is_dated()
                && RANGE_GAP.is_match(gap)
            {
                how = Join::Range;
            } else if matches!(how, Join::Single | Join::Conj)
                && a.kind.is_period()
                && b.kind.is_period()
                && CONJ_GAP.is_match(gap)
            {
                how = Join::Conj;
            } else {
                break;
            }
            j += 1;
        }
        groups.push(Group {
            first: i,
            last: j,
            join: how,
        });
        i = j + 1;
    }
    groups
}

// ---------------------------------------------------------------------------------------------
// Triggers
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TriggerClass {
    /// "trước", "chậm nhất", "trong", "hạn", "hoàn thành", "từ nay đến" …
    Strong,
    /// "vào", "đến", "tới": a deadline only if a verb of completion governs it.
    Weak,
    /// "từ", "kể từ", "sau", "giai đoạn", "hiệu lực": the start of a period, never a deadline.
    Negative,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Trigger {
    pub(super) class: TriggerClass,
    pub(super) start: usize,
    /// The trigger ends in "trước" ("trước tháng 9" = before September begins).
    pub(super) before: bool,
}

pub(super) const LEAD: &str = r"(?:thời\s+gian\s+(?:thực\s+hiện\s+)?)?(?:hoàn\s+thành|hoàn\s+tất|kết\s+thúc)(?:\s+xong)?|(?:thực\s+hiện\s+)?xong";

pub(super) static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
    let strong = r"trước|chậm\s+nhất(?:\s+là)?(?:\s+(?:vào|trước|trong|sau|đến))?|muộn\s+nhất(?:\s+là)?(?:\s+(?:vào|trước|trong))?|trong(?:\s+(?:thời\s+hạn|vòng|thời\s+gian|khoảng(?:\s+thời\s+gian)?))?|không\s+quá|tối\s+đa|hạn\s+chót(?:\s+là)?|(?:thời\s+)?hạn(?:\s+(?:hoàn\s+thành|thực\s+hiện|báo\s+cáo|gửi|nộp))?(?:\s+là)?|thời\s+gian\s+(?:thực\s+hiện|hoàn\s+thành)(?:\s+là)?";
    let weak = r"vào|(?:cho\s+)?(?:đến|tới)(?:\s+hết)?";
    let from_now = r"(?:kể\s+)?từ\s+(?:nay|bây\s+giờ|ngày\s+(?:ký|ban\s+hành)(?:\s+văn\s+bản(?:\s+này)?)?)\s*,?\s*(?:cho\s+)?(?:đến|tới)(?:\s+hết)?";
    let negative = r"(?:(?:kể|tính|bắt\s+đầu)\s+)?từ|bắt\s+đầu|sau|giai\s+đoạn|gia\s+hạn|quá(?:\s+thời)?\s+hạn|hiệu\s+lực(?:\s+thi\s+hành)?";
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}\p{{N}}])(?P<t>(?P<fromnow>{from_now})|(?P<led>(?:{LEAD})\s+(?:{strong}|{weak}))|(?P<strong>{strong}|{LEAD})|(?P<weak>{weak})|(?P<neg>{negative}))\s*[:,]?\s*$"
    ))
    .expect("the trigger pattern compiles")
});

/// A char boundary at or before `i`.
pub(super) fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The trigger words just before `pos`, if any.
pub(super) fn trigger_before(s: &str, pos: usize) -> Option<Trigger> {
    let from = floor_boundary(s, pos.saturating_sub(160));
    let window = &s[from..pos];
    let c = TRIGGER.captures(window)?;
    let t = c.name("t")?;
    let class = if c.name("weak").is_some() {
        TriggerClass::Weak
    } else if c.name("neg").is_some() {
        TriggerClass::Negative
    } else {
        TriggerClass::Strong
    };
    let before = t.as_str().to_lowercase().trim_end().ends_with("trước");
    // "các dự án hoàn thành năm 2023": the completion qualifies a noun — the projects that were
    // finished then — and sets no deadline.
    if c.name("strong").is_some() && qualifies_noun(&window[..t.start()], t.as_str()) {
        return None;
    }
    Some(Trigger {
        class,
        start: from + t.start(),
        before,
    })
}

/// Whether a bare verb of completion ("hoàn thành", with no "trước", "trong", "vào" after it)
/// follows a noun of the things that get completed, as a relative clause does.
pub(super) fn qualifies_noun(before: &str, trigger: &str) -> bool {
    const COMPLETED: &[&str] = &[
        "dự án",
        "công trình",
        "hạng mục",
        "gói thầu",
        "đề án",
        "nhiệm vụ",
        "chương trình",
        "hồ sơ",
    ];
    let t = trigger.to_lowercase();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if !matches!(t.as_str(), "hoàn thành" | "hoàn tất" | "kết thúc" | "xong") {
        return false;
    }
    let b = before.to_lowercase();
    let b = b.split_whitespace().collect::<Vec<_>>().join(" ");
    COMPLETED.iter().any(|n| b.ends_with(n))
}

/// Where the clause holding `pos` starts: after the last ";", line break or full stop.
pub(super) fn clause_start(s: &str, pos: usize) -> usize {
    let head = &s[..pos];
    let mut start = 0;
    for (i, ch) in head.char_indices() {
        let stop = match ch {
            ';' | '\n' => true,
            // A full stop, not the dot of "15.7.2023" or "1.2.".
            '.' => head[i + 1..].starts_with(char::is_whitespace),
            _ => false,
        };
        if stop {
            start = i + ch.len_utf8();
        }
    }
    start
}

/// A date after "đã", or after "được" without "phải", is a condition, not a deadline.
pub(super) fn past_condition(s: &str, trigger_start: usize) -> bool {
    let words: Vec<String> = s[clause_start(s, trigger_start)..trigger_start]
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let last = |n: usize| &words[words.len().saturating_sub(n)..];
    last(4).iter().any(|w| w == "đã")
        || (last(3).iter().any(|w| w == "được") && !last(5).iter().any(|w| w == "phải"))
}

/// Whether a verb of completion or submission appears earlier in the clause — as a verb: not
/// the "trình" of "công trình", "chương trình", "tờ trình", nor the "báo cáo" of "Báo cáo số …".
pub(super) fn governed(s: &str, trigger_start: usize) -> bool {
    static VERB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:hoàn\s+thành|hoàn\s+tất|xong|báo\s+cáo|gửi|nộp|trình)\b")
            .expect("compiles")
    });
    const NOT_VERB_AFTER: &[&str] = &[
        "công", "chương", "tờ", "quy", "lộ", "tiến", "hành", "giáo", "đệ", "lịch",
    ];
    let from = clause_start(s, trigger_start);
    let clause = &s[from..trigger_start];
    VERB.find_iter(clause).any(|m| {
        let word = m.as_str().to_lowercase();
        let before = clause[..m.start()]
            .split_whitespace()
            .next_back()
            .map(str::to_lowercase)
            .unwrap_or_default();
        let after = next_word(clause, m.end());
        match word.as_str() {
            "trình" => {
                !NOT_VERB_AFTER.contains(&before.as_str())
                    && !["độ", "bày", "diễn", "tự"].contains(&after.as_str())
            }
            w if w.starts_with("báo") => after != "số",
            _ => true,
        }
    })
}

/// "hoàn thành (trong thời gian) từ A đến B": a completion verb governs the range.
pub(super) fn completion_governs_range(s: &str, from_word: usize) -> bool {
    static LED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)(?:{LEAD})(?:\s+trong(?:\s+(?:khoảng\s+)?thời\s+gian)?)?\s*,?\s*$"
        ))
        .expect("compiles")
    });
    let from = floor_boundary(s, from_word.saturating_sub(80));
    LED.is_match(&s[from..from_word])
}

/// "trong năm 2025 đã được hoàn thành", "trong quý III vừa qua": a statement of the past.
pub(super) fn past_after(s: &str, end: usize) -> bool {
    let words: Vec<String> = s[end..]
        .split_whitespace()
        .take(3)
        .map(|w| {
            w.trim_matches(|ch: char| !ch.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.iter().any(|w| w == "đã") || words.first().is_some_and(|w| w == "vừa")
}

/// "năm 2025 và các năm tiếp theo", "từ 2025 trở đi": open-ended.
pub(super) fn open_ended_after(s: &str, end: usize) -> bool {
    static OPEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*,?\s*(?:và\s+(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau|tiếp)|trở\s+đi|trở\s+về\s+sau)",
        )
        .expect("compiles")
    });
    OPEN.is_match(&s[end..])
}

/// A quarter that is what is reported on ("báo cáo kết quả quý I/2024"), not when.
pub(super) fn quarter_is_subject(s: &str, pos: usize) -> bool {
    static ABOUT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|[^\p{L}])(?:của|báo\s+cáo|sơ\s+kết|tổng\s+kết|kết\s+quả|số\s+liệu|kế\s+hoạch|chương\s+trình|tình\s+hình|thực\s+hiện|đợt)\s*$")
            .expect("compiles")
    });
    let from = floor_boundary(s, pos.saturating_sub(40));
    ABOUT.is_match(&s[from..pos])
}

/// Whether `start..end` is all its line holds, bar list marks and closing punctuation: a cell of
/// a plan's timeline column. A header's date is not one: "ngày 16 tháng 10 năm 2019" or "Thứ
/// sáu 18/9/2020" alone on a line, or the "năm 2018" of a date wrapped after "tháng 11".
pub(super) fn timeline_cell(s: &str, atom: &Atom, start: usize, end: usize) -> bool {
    static WRAPPED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:ngày|tháng)\s+[0-9]{1,2}\s*,?\s*$").expect("compiles")
    });
    let line_start = s[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = s[end..].find('\n').map_or(s.len(), |i| end + i);
    let alone = s[line_start..start]
        .chars()
        .all(|ch| ch.is_whitespace() || matches!(ch, '-' | '+' | '•' | '*'))
        && s[end..line_end]
            .chars()
            .all(|ch| ch.is_whitespace() || matches!(ch, '.' | ';' | ','));
    if !alone {
        return false;
    }
    let bare_number = s[start..end]
        .chars()
        .all(|ch| ch.is_ascii_digit() || matches!(ch, '/' | '-' | '.'));
    let header_like = match atom.kind {
        Kind::Dated {
            period: Period::Day { .. } | Period::IssuePlus(_),
            ..
        } => !bare_number,
        _ => false,
    };
    let previous_line = s[..line_start].trim_end();
    !header_like && !WRAPPED.is_match(previous_line)
}

/// Closes a parenthesis the text opened: "định kỳ hằng tháng (trước ngày 20)".
pub(super) fn close_paren(s: &str, start: usize, end: usize) -> usize {
    let text = &s[start..end];
    if text.matches('(').count() > text.matches(')').count() && s[end..].starts_with(')') {
        end + 1
    } else {
        end
    }
}
