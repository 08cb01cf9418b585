//! The deadline phrases of Vietnamese directives: a date, an hour, a recurrence or a no-date
//! urgency, read from one sentence (or clause) of NFC text.
//!
//! # How a sentence is read
//! 1. One regular expression finds every *time atom*, left to right and without overlap: a day
//!    ("ngày 15/7/2023", "ngày 30 tháng 6 năm 2023", "17 giờ 00 ngày 18/9/2024"), a month, a
//!    quarter, "6 tháng đầu năm", a year, "đầu/giữa/cuối tháng|quý|năm", a limit ("10 ngày làm
//!    việc kể từ ngày ký"), a recurrence ("định kỳ hằng quý"), an urgency ("khẩn trương", "ngay"),
//!    "thường xuyên", and a few vague limits ("trong thời gian tới", "đúng thời hạn quy định",
//!    "kịp trình … Kỳ họp …").
//! 2. Adjacent atoms are joined: a recurrence with the day it names ("định kỳ hằng tháng, trước
//!    ngày 20" → one recurring deadline), a range ("Quý IV/2025 - Quý II/2026", "từ … đến …"), a
//!    conjunction of periods ("trong 02 tháng cuối năm 2025 và những tháng đầu năm 2026").
//! 3. A dated group is a deadline only when the words just before it make it one — the *trigger*:
//!    "trước", "chậm nhất (là)", "trong (thời hạn|vòng)", "hạn", "thời hạn", "thời gian hoàn
//!    thành", "hoàn thành/xong (trước|trong|vào)", "từ nay đến". So the issue date ("Huế, ngày …"),
//!    the dates of cited documents ("Công văn số 123/UBND ngày 5/3/2024") and effective dates
//!    ("có hiệu lực từ ngày …") are never read as deadlines: nothing triggers them.
//!
//! # Rules chosen where usage is ambiguous
//! - "trước ngày X" → X (the corpus convention); but "trước <a month, quarter or year>" → the last
//!   day *before* that period ("trước tháng 9/2023" → 2023-08-31), since the whole period is
//!   excluded. "trong/hết/đến <period>" → the period's last day.
//! - Civil Code (Điều 146): đầu/giữa/cuối tháng = day 1/15/last; đầu/giữa/cuối năm = 1 Jan/30 Jun/
//!   31 Dec; for a quarter: its first day / the 15th of its middle month / its last day.
//! - A date without a year takes the issue year and is flagged [`DeadlineFlag::NoYearGiven`]; when
//!   that lands before the issue date it is kept and flagged [`DeadlineFlag::BeforeIssue`] (the
//!   next year is never guessed). Any dated deadline before the issue date gets `BeforeIssue`.
//! - Ranges: "từ A đến B" is the period during which a measure applies → no deadline, unless a
//!   verb of completion governs it ("hoàn thành (trong thời gian) từ A đến B") or it starts now
//!   ("từ nay đến B", "kể từ ngày ký đến B") → B. A reporting verb alone does not make it one
//!   ("báo cáo tình hình từ 01/6 đến 30/6" names the period reported on). A dashed range after a
//!   trigger or alone in a cell ("Quý IV/2025 - Quý II/2026") → the end of its last period.
//! - "đến/tới/vào <date>" without "từ nay" is a deadline only when a verb of completion or
//!   submission (hoàn thành, xong, báo cáo, gửi, nộp, trình) appears earlier in the clause: "kéo
//!   dài đến hết ngày 30/6" or "quy hoạch … đến năm 2030" are not deadlines.
//! - Start-only and open-ended periods ("từ năm 2025", "năm 2025 và các năm tiếp theo", "… trở
//!   đi") are not deadlines; a date preceded closely by "đã" (or by "được" without "phải") is a
//!   condition on the past, not a deadline ("các dự án được phê duyệt trước ngày …").
//! - A quarter with its year needs no trigger ("trình Thủ tướng Chính phủ Quý II năm 2014"),
//!   unless it is what a report is about ("báo cáo kết quả quý I/2024"); a line holding nothing
//!   but a time expression is a timeline cell of a plan's table and is read as a deadline.
//! - Limits: "trong (thời hạn|vòng) N ngày làm việc" → `add_working_days(issued, N)`; N days or
//!   weeks → `add_days` (Điều 147–148: a limit in days ends on its last day, moved to the next
//!   working day); N months or years → the same day N months later (clamped to the month's end),
//!   moved to a working day. The anchor must be the document itself: "kể từ ngày ký / ban hành",
//!   or "nhận được (văn bản này)", which is counted from the issue date too — the day of receipt
//!   is unknown here and is at the earliest the issue date. Any other anchor ("kể từ ngày nhận
//!   đủ hồ sơ") gives a deadline without a date.
//! - A recurrence makes one deadline without a date, with the day it names folded into its text
//!   ("định kỳ trước ngày 30 tháng 11 hằng năm"); "hàng" is normalised to "hằng".
//! - [`find_deadline`] prefers the first dated deadline, then a recurrence, then a no-date one;
//!   when it returns a dated deadline of a sentence that also says "khẩn trương"/"ngay", the
//!   deadline carries [`DeadlineFlag::Urgent`] too.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;

use crate::calendar::Calendar;

mod atoms;
mod dates;
mod triggers;

use atoms::*;
use dates::*;
use triggers::*;

/// What a sentence's deadlines are read against.
#[derive(Debug, Clone, Copy)]
pub struct DeadlineContext<'a> {
    /// The directive's issue date: the year of dates written without one, the start of limits.
    pub issued: Option<NaiveDate>,
    pub calendar: &'a Calendar,
}

/// A deadline phrase found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FoundDeadline {
    /// The date as written (NOT rolled to a working day), or the end of a limit counted by the
    /// calendar; `None` for no-date deadlines, recurrences and what cannot be dated.
    pub due: Option<NaiveDate>,
    /// "trước 17 giờ 00 ngày …", "16h30".
    pub due_time: Option<NaiveTime>,
    /// The words as written, e.g. "hoàn thành trước ngày 15/7/2023".
    pub due_text: String,
    /// "hằng tháng", "hằng quý", "6 tháng", "hằng năm" …, joined by ", " when several.
    pub recurring: Option<String>,
    pub flags: Vec<DeadlineFlag>,
    /// The byte range of `due_text` in the input.
    pub start: usize,
    pub end: usize,
}

/// What a reader of the deadline should know beyond its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DeadlineFlag {
    /// "khẩn trương", "ngay", "trong thời gian sớm nhất".
    Urgent,
    /// "thường xuyên".
    Continuous,
    /// The date is before the issue date (a typo of the source, most likely).
    BeforeIssue,
    /// The year was not written and was taken from the issue date.
    NoYearGiven,
}

/// The deadline of the assignment this sentence makes, if any: the first dated deadline, else
/// the first recurrence, else the first no-date deadline.
#[must_use]
pub fn find_deadline(sentence: &str, ctx: &DeadlineContext) -> Option<FoundDeadline> {
    let all = find_all(sentence, ctx);
    let urgent = all.iter().any(|f| f.flags.contains(&DeadlineFlag::Urgent));
    if let Some(dated) = all.iter().find(|f| f.due.is_some()) {
        let mut dated = dated.clone();
        if urgent && !dated.flags.contains(&DeadlineFlag::Urgent) {
            dated.flags.push(DeadlineFlag::Urgent);
        }
        return Some(dated);
    }
    all.iter()
        .find(|f| f.recurring.is_some())
        .or_else(|| all.first())
        .cloned()
}

/// Every deadline phrase of the sentence, in order (for sentences with several tasks).
#[must_use]
pub fn find_all(sentence: &str, ctx: &DeadlineContext) -> Vec<FoundDeadline> {
    let atoms = scan(sentence);
    let mut out = Vec::new();
    for group in join(sentence, &atoms) {
        if let Some(found) = read_group(sentence, &atoms[group.first..=group.last], group.join, ctx)
        {
            out.push(found);
        }
    }
    out
}

/// The deadline of a plan's time cell or time field ("Thời gian thực hiện: 2026"), where the
/// column or the label already says it is a time to finish by: besides what [`find_all`] reads,
/// a bare year ("2026") ends on its last day and a span of years ("2025 - 2030", "giai đoạn
/// 2026-2027") on the last day of its last year. In running text neither is a deadline — a
/// year there more often qualifies a noun ("vốn năm 2025").
#[must_use]
pub fn find_in_cell(cell: &str, ctx: &DeadlineContext) -> Vec<FoundDeadline> {
    static YEARS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*(?:(?:giai\s+đoạn|năm)\s+)?((?:19|20)\d\d)(?:\s*[-–—]\s*(?:năm\s+)?((?:19|20)\d\d))?\s*[.;]?\s*$",
        )
        .expect("the cell year pattern compiles")
    });
    let found = find_all(cell, ctx);
    if found
        .iter()
        .any(|f| f.due.is_some() || f.recurring.is_some())
    {
        return found;
    }
    let Some(c) = YEARS.captures(cell) else {
        return found;
    };
    let last = c.get(2).or_else(|| c.get(1)).map(|m| m.as_str());
    let Some(due) = last
        .and_then(|y| y.parse::<i32>().ok())
        .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31))
    else {
        return found;
    };
    let text = cell.trim();
    let start = cell.len() - cell.trim_start().len();
    let mut flags = Vec::new();
    if ctx.issued.is_some_and(|issued| due < issued) {
        flags.push(DeadlineFlag::BeforeIssue);
    }
    vec![FoundDeadline {
        due: Some(due),
        due_time: None,
        due_text: text.to_string(),
        recurring: None,
        flags,
        start,
        end: start + text.len(),
    }]
}

fn found(
    s: &str,
    start: usize,
    end: usize,
    due: Option<NaiveDate>,
    due_time: Option<NaiveTime>,
    recurring: Option<String>,
    flags: Vec<DeadlineFlag>,
) -> FoundDeadline {
    let end = close_paren(s, start, end);
    FoundDeadline {
        due,
        due_time,
        due_text: s[start..end].to_string(),
        recurring,
        flags,
        start,
        end,
    }
}

fn read_group(
    s: &str,
    members: &[Atom],
    how: Join,
    ctx: &DeadlineContext,
) -> Option<FoundDeadline> {
    let first = members.first()?;
    let last = members.last()?;
    let (start, end) = (first.start, last.end);
    let trigger = trigger_before(s, start);

    match &first.kind {
        Kind::Urgent | Kind::Continuous => {
            let flag = if matches!(first.kind, Kind::Urgent) {
                DeadlineFlag::Urgent
            } else {
                DeadlineFlag::Continuous
            };
            return Some(found(s, start, end, None, None, None, vec![flag]));
        }
        Kind::Vague => return Some(found(s, start, end, None, None, None, Vec::new())),
        _ => {}
    }

    if how == Join::Recurring {
        let words: Vec<&str> = members
            .iter()
            .filter_map(|m| match &m.kind {
                Kind::Recurring(w) => Some(w.iter().copied()),
                _ => None,
            })
            .flatten()
            .fold(Vec::new(), |mut acc, w| {
                if !acc.contains(&w) {
                    acc.push(w);
                }
                acc
            });
        // "định kỳ" alone adds nothing beside a named period.
        let words: Vec<&str> = if words.len() > 1 {
            words.into_iter().filter(|w| *w != "định kỳ").collect()
        } else {
            words
        };
        let text_start = match trigger {
            Some(t)
                if !matches!(first.kind, Kind::Recurring(_))
                    && t.class != TriggerClass::Negative =>
            {
                t.start
            }
            _ => start,
        };
        return Some(found(
            s,
            text_start,
            end,
            None,
            None,
            Some(words.join(", ")),
            Vec::new(),
        ));
    }

    match &first.kind {
        Kind::Recurring(words) => {
            return Some(found(
                s,
                start,
                end,
                None,
                None,
                Some(words.join(", ")),
                Vec::new(),
            ))
        }
        Kind::DayOnly => return None,
        Kind::Relative {
            n,
            unit,
            from_issue,
        } => {
            let t = trigger.filter(|t| t.class == TriggerClass::Strong)?;
            if past_condition(s, t.start) {
                return None;
            }
            let due = if *from_issue {
                limit_end(*n, *unit, ctx)
            } else {
                None
            };
            return Some(found(s, t.start, end, due, None, None, Vec::new()));
        }
        _ => {}
    }

    // A dated group: a day, a period, a range or a conjunction of them.
    let Kind::Dated { period, year, time } = last.kind.clone() else {
        return None;
    };
    if open_ended_after(s, end) || past_after(s, end) {
        return None;
    }
    let text_start = match (trigger, how) {
        (Some(t), Join::Range) if t.class == TriggerClass::Negative => {
            // "từ A đến B": the window of a measure, unless completion governs it.
            if !completion_governs_range(s, t.start) {
                return None;
            }
            t.start
        }
        (Some(t), _) if t.class == TriggerClass::Negative => return None,
        (Some(t), _) if t.class == TriggerClass::Strong => t.start,
        (Some(t), _) if t.class == TriggerClass::Weak && governed(s, t.start) => t.start,
        _ => {
            let quarter = matches!(
                first.kind,
                Kind::Dated {
                    period: Period::Quarter(Some(_)),
                    year: YearSpec::Written(_),
                    ..
                }
            );
            let cell = timeline_cell(s, first, start, end);
            if !(cell || quarter && !quarter_is_subject(s, start)) {
                return None;
            }
            start
        }
    };
    if text_start < start && past_condition(s, text_start) {
        return None;
    }
    let before = how == Join::Single && trigger.is_some_and(|t| t.before);
    let due = resolve(period, year, ctx.issued, before);
    let mut flags = Vec::new();
    if year == YearSpec::Missing && period != Period::Vague {
        flags.push(DeadlineFlag::NoYearGiven);
    }
    if let (Some(d), Some(i)) = (due, ctx.issued) {
        if d < i {
            flags.push(DeadlineFlag::BeforeIssue);
        }
    }
    Some(found(s, text_start, end, due, time, None, flags))
}

#[cfg(test)]
mod tests;
