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

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime};
use regex::{Captures, Regex};

use crate::calendar::Calendar;

/// What a sentence's deadlines are read against.
#[derive(Debug, Clone, Copy)]
pub struct DeadlineContext<'a> {
    /// The directive's issue date: the year of dates written without one, the start of limits.
    pub issued: Option<NaiveDate>,
    pub calendar: &'a Calendar,
}

/// A deadline phrase found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

// ---------------------------------------------------------------------------------------------
// Atoms
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearSpec {
    Written(i32),
    /// Not written: the issue year (flagged).
    Missing,
    /// "năm nay", "tháng này", "hôm nay": the issue's own, by meaning (not flagged).
    Now,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Month,
    Quarter,
    Year,
}

/// A point or span of the calendar; a span is due on its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Day {
        day: u32,
        month: u32,
    },
    /// `None`: the issue's month ("tháng này").
    Month(Option<u32>),
    Quarter(Option<u32>),
    /// "6 tháng đầu năm": January to the end of month n.
    FirstMonths(u32),
    Part(Side, Unit, Option<u32>),
    Year,
    /// Days after the issue date: "hôm nay" (0), "ngày mai" (1).
    IssuePlus(u64),
    /// A period without a knowable end ("những tháng đầu năm 2026").
    Vague,
}

impl Period {
    /// Whether "trước <this>" excludes the whole period (a month, quarter or year).
    fn is_span(self) -> bool {
        matches!(self, Period::Month(_) | Period::Quarter(_) | Period::Year)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RelUnit {
    WorkingDays,
    Days,
    Weeks,
    Months,
    Years,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Dated {
        period: Period,
        year: YearSpec,
        time: Option<NaiveTime>,
    },
    /// "ngày 20": a day of every month, meaningful only beside a recurrence.
    DayOnly,
    Relative {
        n: u32,
        unit: RelUnit,
        from_issue: bool,
    },
    Recurring(Vec<&'static str>),
    Urgent,
    Continuous,
    Vague,
}

impl Kind {
    fn is_dated(&self) -> bool {
        matches!(self, Kind::Dated { .. })
    }

    /// Whether a period other than a single day (for "A và B").
    fn is_period(&self) -> bool {
        matches!(self, Kind::Dated { period, .. } if !matches!(period, Period::Day { .. } | Period::IssuePlus(_)))
    }

    /// Whether it can be the day of a recurrence: a date without a year.
    fn fits_recurrence(&self) -> bool {
        match self {
            Kind::DayOnly | Kind::Recurring(_) => true,
            Kind::Dated { period, year, .. } => {
                *year == YearSpec::Missing
                    && matches!(period, Period::Day { .. } | Period::Month(Some(_)))
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone)]
struct Atom {
    start: usize,
    end: usize,
    kind: Kind,
}

const TIME: &str = r"(?P<hh>[0-9]{1,2})\s*(?:giờ|h|g)\s*(?:(?P<mi>[0-9]{1,2})\s*(?:phút|p)?)?";
const WEEKDAY: &str = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)";
const YEAR_TAIL: &str = r"(?:\s*,?\s*năm\s+(?P<{n}>[0-9]{4})\b|\s*[/.\-]\s*(?P<{n}2>[0-9]{4})\b)?";

fn year_tail(name: &str) -> String {
    YEAR_TAIL.replace("{n}", name)
}

static MASTER: LazyLock<Regex> = LazyLock::new(|| {
    let vague = r"(?P<vague>(?:trong\s+)?thời\s+gian\s+tới|(?:theo\s+)?(?:đúng|tuân\s+thủ)\s+(?:thời\s+hạn|thời\s+gian)(?:[^,;.\n]{0,60}?\s(?:theo\s+)?quy\s+định)?|(?:để\s+)?kịp\s+(?:thời\s+gian\s+)?(?:trình|báo\s+cáo|phục\s+vụ)[^,;.\n]{0,80}?(?:kỳ|phiên)\s+họp[^,;.\n]{0,40})";
    let urgent = r"(?P<urgent>khẩn\s+trương|ngay\s+lập\s+tức|(?:trong\s+thời\s+gian\s+|càng\s+)?sớm\s+nhất(?:\s+có\s+thể)?|càng\s+sớm\s+càng\s+tốt|ngay\b)";
    let period_word = r"(?:(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)|tuần|tháng|quý|năm|(?:0?6|sáu)\s+tháng)\b";
    let recur = format!(
        r"(?P<recur>(?:định\s+kỳ(?:\s*,?\s*{period_word}(?:\s*(?:,|và|hoặc|/)\s*{period_word})*)?|(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)\b(?:\s*(?:,|và|hoặc|/)\s*{period_word})*))"
    );
    let half = r"(?P<half>(?:(?P<hn>[0-9]{1,2}|sáu|chín|ba)|(?P<hv>những|các|mấy))\s+tháng\s+(?P<hs>đầu|cuối)\s+năm(?:\s+(?P<hy>[0-9]{4})\b|\s+(?P<hnow>nay)\b)?)";
    let nua = r"(?P<nua>nửa\s+(?P<ns>đầu|cuối)\s+năm(?:\s+(?P<ny>[0-9]{4})\b|\s+(?P<nnow>nay)\b)?)";
    let day = format!(
        r"(?P<day>(?:{TIME}\s*,?\s*(?:vào\s+|ngày\s+)?)?(?:{WEEKDAY}\s*,?\s*)?(?:(?P<dn>ngày\s*)?\b(?P<d1>[0-9]{{1,2}})(?P<sep>[/.\-])(?P<m1>[0-9]{{1,2}})(?:[/.\-](?P<y1>[0-9]{{4}}))?\b|ngày\s+(?P<d2>[0-9]{{1,2}})\s+tháng\s+(?P<m2>[0-9]{{1,2}})\b{}|(?P<today>(?:ngày\s+)?hôm\s+nay)|(?P<tomorrow>ngày\s+mai)))",
        year_tail("y2")
    );
    let month = format!(
        // "tháng 11 - 12/2025", "tháng 11, 12/2025": a span of months written once, due with
        // its last month.
        r"(?P<month>tháng\s+(?:[0-9]{{1,2}}\s*(?:[-–—,]|và)\s*)?(?P<mo>[0-9]{{1,2}})\b{})",
        year_tail("moy")
    );
    let this = r"(?P<this>(?P<thisu>tháng|quý|năm)\s+(?:này|nay)\b)";
    let quarter = format!(
        r"(?P<quarter>quý\s+(?P<q>iv|i{{1,3}}|[1-4])\b{})",
        year_tail("qy")
    );
    let part = format!(
        r"(?P<part>(?P<ps>đầu|giữa|cuối)\s+(?:(?P<pu>tháng|quý)(?:\s+(?P<pn>[0-9]{{1,2}}|iv|i{{1,3}})\b)?{}|năm(?:\s+(?P<pyy>[0-9]{{4}})\b)?)(?:\s+(?P<pnow>này|nay)\b)?)",
        year_tail("py")
    );
    let year = r"(?P<year>năm\s+(?P<yy>[0-9]{4})\b)";
    let day_only = r"(?P<dayonly>ngày\s+[0-9]{1,2}\b)";
    let rel = r"(?P<rel>(?P<rn>[0-9]{1,3})(?:\s*\([^()]{1,20}\))?\s+(?P<ru>ngày\s+làm\s+việc|ngày|tuần|tháng|năm)\b(?:\s*,?\s*(?:kể|tính)\s+từ\s+(?:ngày|khi|thời\s+điểm)\s+(?P<anc>(?P<anck>(?:ký|ban\s+hành|nhận\s+được)(?P<ancdoc>\s+(?:ban\s+hành|văn\s+bản|công\s+văn|thông\s+báo|kế\s+hoạch|chỉ\s+thị|quyết\s+định|công\s+điện))?(?:\s+này)?)\b|[^,;.\n()]{1,60}))?)";
    let cont = r"(?P<cont>thường\s+xuyên)";
    Regex::new(&format!(
        r"(?i)\b(?:{vague}|{urgent}|{recur}|{half}|{nua}|{day}|{month}|{this}|{quarter}|{part}|{year}|{day_only}|{rel}|{cont})"
    ))
    .expect("the deadline pattern compiles")
});

/// Every time atom of the sentence, left to right.
fn scan(s: &str) -> Vec<Atom> {
    MASTER
        .captures_iter(s)
        .filter_map(|c| {
            let m = c.get(0)?;
            let (end, kind) = atom_kind(s, &c, m.end())?;
            Some(Atom {
                start: m.start(),
                end,
                kind,
            })
        })
        .collect()
}

fn num(c: &Captures, name: &str) -> Option<u32> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

fn year_of(c: &Captures, name: &str) -> Option<i32> {
    let y: i32 = c
        .name(name)
        .or_else(|| c.name(&format!("{name}2")))?
        .as_str()
        .parse()
        .ok()?;
    (1900..2200).contains(&y).then_some(y)
}

fn roman_or_digit(s: &str) -> Option<u32> {
    match s.to_lowercase().as_str() {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        other => other.parse().ok(),
    }
}

fn year_spec(written: Option<i32>, now: bool) -> YearSpec {
    match (written, now) {
        (Some(y), _) => YearSpec::Written(y),
        (None, true) => YearSpec::Now,
        (None, false) => YearSpec::Missing,
    }
}

/// The first word after `pos`, lowercased.
fn next_word(s: &str, pos: usize) -> String {
    s[pos..]
        .trim_start()
        .chars()
        .take_while(|ch| ch.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a letter (not punctuation) comes next after `pos`.
fn letter_follows(s: &str, pos: usize) -> bool {
    s[pos..]
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_alphabetic)
}

fn dated(period: Period, year: YearSpec) -> Kind {
    Kind::Dated {
        period,
        year,
        time: None,
    }
}

/// What an atom match is, with its end; `None` when the match is not a time expression after all.
fn atom_kind(s: &str, c: &Captures, end: usize) -> Option<(usize, Kind)> {
    if c.name("vague").is_some() {
        return Some((end, Kind::Vague));
    }
    if let Some(m) = c.name("urgent") {
        if m.as_str().eq_ignore_ascii_case("ngay") {
            // "ngay cả" (even), "ngay tại" (right at) …: not a demand for speed.
            const NOT_URGENT: &[&str] = &[
                "cả", "tại", "từ", "bên", "trên", "dưới", "giữa", "cạnh", "sát", "thẳng", "ngắn",
                "chính", "đầu", "trước", "cổng",
            ];
            if NOT_URGENT.contains(&next_word(s, end).as_str()) {
                return None;
            }
        }
        return Some((end, Kind::Urgent));
    }
    if c.name("cont").is_some() {
        return Some((end, Kind::Continuous));
    }
    if let Some(m) = c.name("recur") {
        return Some((end, Kind::Recurring(recurrence_words(m.as_str()))));
    }
    if c.name("half").is_some() {
        let side = c.name("hs")?.as_str().to_lowercase();
        let year = year_spec(year_of(c, "hy"), c.name("hnow").is_some());
        let period = if side == "cuối" {
            Period::Year
        } else if c.name("hv").is_some() {
            Period::Vague
        } else {
            let n = match c.name("hn")?.as_str().to_lowercase().as_str() {
                "sáu" => 6,
                "chín" => 9,
                "ba" => 3,
                digits => digits.parse().ok()?,
            };
            if !(1..=12).contains(&n) {
                return None;
            }
            Period::FirstMonths(n)
        };
        return Some((end, dated(period, year)));
    }
    if c.name("nua").is_some() {
        let period = if c.name("ns")?.as_str().to_lowercase() == "đầu" {
            Period::FirstMonths(6)
        } else {
            Period::Year
        };
        let year = year_spec(year_of(c, "ny"), c.name("nnow").is_some());
        return Some((end, dated(period, year)));
    }
    if c.name("day").is_some() {
        return day_kind(s, c, end);
    }
    if c.name("month").is_some() {
        let mo = num(c, "mo").filter(|m| (1..=12).contains(m))?;
        let year = year_spec(year_of(c, "moy"), false);
        return Some((end, dated(Period::Month(Some(mo)), year)));
    }
    if c.name("this").is_some() {
        let period = match c.name("thisu")?.as_str().to_lowercase().as_str() {
            "tháng" => Period::Month(None),
            "quý" => Period::Quarter(None),
            _ => Period::Year,
        };
        return Some((end, dated(period, YearSpec::Now)));
    }
    if c.name("quarter").is_some() {
        let q = roman_or_digit(c.name("q")?.as_str()).filter(|q| (1..=4).contains(q))?;
        let year = year_spec(year_of(c, "qy"), false);
        return Some((end, dated(Period::Quarter(Some(q)), year)));
    }
    if c.name("part").is_some() {
        let side = match c.name("ps")?.as_str().to_lowercase().as_str() {
            "đầu" => Side::Start,
            "giữa" => Side::Middle,
            _ => Side::End,
        };
        let (unit, written) = match c.name("pu").map(|m| m.as_str().to_lowercase()) {
            Some(u) if u == "tháng" => (Unit::Month, year_of(c, "py")),
            Some(_) => (Unit::Quarter, year_of(c, "py")),
            None => (Unit::Year, year_of(c, "pyy")),
        };
        let n = match c.name("pn") {
            Some(m) => {
                let n = roman_or_digit(m.as_str())?;
                let max = if unit == Unit::Month { 12 } else { 4 };
                if !(1..=max).contains(&n) {
                    return None;
                }
                Some(n)
            }
            None => None,
        };
        // "cuối tháng này", "cuối năm nay": the issue's own; "cuối năm" alone: year not written.
        let year = year_spec(written, c.name("pnow").is_some());
        return Some((end, dated(Period::Part(side, unit, n), year)));
    }
    if c.name("year").is_some() {
        let y = year_of(c, "yy")?;
        return Some((end, dated(Period::Year, YearSpec::Written(y))));
    }
    if c.name("dayonly").is_some() {
        return Some((end, Kind::DayOnly));
    }
    if c.name("rel").is_some() {
        return relative_kind(s, c, end);
    }
    None
}

fn day_kind(s: &str, c: &Captures, end: usize) -> Option<(usize, Kind)> {
    let time = match num(c, "hh") {
        Some(h) => Some(NaiveTime::from_hms_opt(h, num(c, "mi").unwrap_or(0), 0)?),
        None => None,
    };
    let (period, year) = if c.name("today").is_some() {
        (Period::IssuePlus(0), YearSpec::Now)
    } else if c.name("tomorrow").is_some() {
        (Period::IssuePlus(1), YearSpec::Now)
    } else {
        let (d, m, y) = if c.name("d1").is_some() {
            let y = year_of(c, "y1");
            // "1.2." is a section number and "2-3 ngày" a count: a dotted date needs "ngày" or
            // a year, and no numeric date may be followed by a unit.
            if c.name("sep")?.as_str() == "." && y.is_none() && c.name("dn").is_none() {
                return None;
            }
            if ["ngày", "tháng", "năm", "tuần", "giờ"].contains(&next_word(s, end).as_str())
            {
                return None;
            }
            (num(c, "d1")?, num(c, "m1")?, y)
        } else {
            (num(c, "d2")?, num(c, "m2")?, year_of(c, "y2"))
        };
        // Without a year, check the day against a leap year.
        NaiveDate::from_ymd_opt(y.unwrap_or(2000), m, d)?;
        (Period::Day { day: d, month: m }, year_spec(y, false))
    };
    Some((end, Kind::Dated { period, year, time }))
}

fn relative_kind(s: &str, c: &Captures, end: usize) -> Option<(usize, Kind)> {
    let n = num(c, "rn")?;
    let unit = match c.name("ru")?.as_str().to_lowercase() {
        u if u.starts_with("ngày") && u.contains("việc") => RelUnit::WorkingDays,
        u if u.starts_with("ngày") => RelUnit::Days,
        u if u == "tuần" => RelUnit::Weeks,
        u if u == "tháng" => RelUnit::Months,
        _ => RelUnit::Years,
    };
    let mut end = end;
    let from_issue = match c.name("anc") {
        None => {
            // "trong 3 ngày qua", "02 tháng cuối năm", "2 năm 2024": not a limit.
            const NOT_LIMIT: &[&str] = &[
                "đầu", "cuối", "giữa", "qua", "vừa", "gần", "còn", "trước", "liên", "của", "nữa",
                "trở", "sau", "đã", "năm",
            ];
            let next = next_word(s, end);
            if NOT_LIMIT.contains(&next.as_str())
                || next.starts_with(|ch: char| ch.is_ascii_digit())
            {
                return None;
            }
            true
        }
        Some(_) if c.name("anck").is_some() => {
            // "kể từ ngày ký hợp đồng", "nhận được hồ sơ": another event than this document.
            if c.name("ancdoc").is_none() && letter_follows(s, end) {
                static REST: LazyLock<Regex> =
                    LazyLock::new(|| Regex::new(r"^[^,;.\n()]{0,60}").expect("compiles"));
                end += REST.find(&s[end..]).map_or(0, |m| m.end());
                false
            } else {
                true
            }
        }
        Some(_) => false,
    };
    Some((
        end,
        Kind::Relative {
            n,
            unit,
            from_issue,
        },
    ))
}

fn recurrence_words(text: &str) -> Vec<&'static str> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:0?6|sáu)\s+tháng|ngày|tuần|tháng|quý|năm").expect("compiles")
    });
    let mut words = Vec::new();
    for m in WORD.find_iter(text) {
        let w = match m.as_str().to_lowercase().as_str() {
            "ngày" => "hằng ngày",
            "tuần" => "hằng tuần",
            "tháng" => "hằng tháng",
            "quý" => "hằng quý",
            "năm" => "hằng năm",
            _ => "6 tháng",
        };
        if !words.contains(&w) {
            words.push(w);
        }
    }
    if words.is_empty() {
        words.push("định kỳ");
    }
    words
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    Single,
    /// "A - B", "từ A đến B": due at the end of B.
    Range,
    /// "A và B" of periods: due at the end of B.
    Conj,
    /// A recurrence and the day it names.
    Recurring,
}

struct Group {
    first: usize,
    last: usize,
    join: Join,
}

static RANGE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:-|–|—|(?:cho\s+)?(?:đến|tới)(?:\s+hết)?)\s*$").expect("compiles")
});
static CONJ_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*và\s*$").expect("compiles"));
static MERGE_GAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s,()]*(?:(?:trước|vào|chậm\s+nhất|muộn\s+nhất|là|trong|hạn)[\s,()]*)*$")
        .expect("compiles")
});

fn join(s: &str, atoms: &[Atom]) -> Vec<Group> {
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
enum TriggerClass {
    /// "trước", "chậm nhất", "trong", "hạn", "hoàn thành", "từ nay đến" …
    Strong,
    /// "vào", "đến", "tới": a deadline only if a verb of completion governs it.
    Weak,
    /// "từ", "kể từ", "sau", "giai đoạn", "hiệu lực": the start of a period, never a deadline.
    Negative,
}

#[derive(Debug, Clone, Copy)]
struct Trigger {
    class: TriggerClass,
    start: usize,
    /// The trigger ends in "trước" ("trước tháng 9" = before September begins).
    before: bool,
}

const LEAD: &str = r"(?:thời\s+gian\s+(?:thực\s+hiện\s+)?)?(?:hoàn\s+thành|hoàn\s+tất|kết\s+thúc)(?:\s+xong)?|(?:thực\s+hiện\s+)?xong";

static TRIGGER: LazyLock<Regex> = LazyLock::new(|| {
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
fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The trigger words just before `pos`, if any.
fn trigger_before(s: &str, pos: usize) -> Option<Trigger> {
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
fn qualifies_noun(before: &str, trigger: &str) -> bool {
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
fn clause_start(s: &str, pos: usize) -> usize {
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
fn past_condition(s: &str, trigger_start: usize) -> bool {
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
fn governed(s: &str, trigger_start: usize) -> bool {
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
fn completion_governs_range(s: &str, from_word: usize) -> bool {
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
fn past_after(s: &str, end: usize) -> bool {
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
fn open_ended_after(s: &str, end: usize) -> bool {
    static OPEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\s*,?\s*(?:và\s+(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau|tiếp)|trở\s+đi|trở\s+về\s+sau)",
        )
        .expect("compiles")
    });
    OPEN.is_match(&s[end..])
}

/// A quarter that is what is reported on ("báo cáo kết quả quý I/2024"), not when.
fn quarter_is_subject(s: &str, pos: usize) -> bool {
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
fn timeline_cell(s: &str, atom: &Atom, start: usize, end: usize) -> bool {
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
fn close_paren(s: &str, start: usize, end: usize) -> usize {
    let text = &s[start..end];
    if text.matches('(').count() > text.matches(')').count() && s[end..].starts_with(')') {
        end + 1
    } else {
        end
    }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next?.pred_opt()
}

/// The first day of a span ("trước tháng 9/2023" is due the day before it).
fn span_start(period: Period, y: i32, issued: Option<NaiveDate>) -> Option<NaiveDate> {
    match period {
        Period::Month(m) => NaiveDate::from_ymd_opt(y, m.or(issued.map(|d| d.month()))?, 1),
        Period::Quarter(q) => {
            let q = q.or(issued.map(|d| d.month().div_ceil(3)))?;
            NaiveDate::from_ymd_opt(y, 3 * q - 2, 1)
        }
        Period::Year => NaiveDate::from_ymd_opt(y, 1, 1),
        _ => None,
    }
}

/// The day a period is due: its last day (or the day before it, with "trước").
fn resolve(
    period: Period,
    year: YearSpec,
    issued: Option<NaiveDate>,
    before: bool,
) -> Option<NaiveDate> {
    if let Period::IssuePlus(k) = period {
        return issued?.checked_add_days(Days::new(k));
    }
    if period == Period::Vague {
        return None;
    }
    let y = match year {
        YearSpec::Written(y) => y,
        YearSpec::Missing | YearSpec::Now => issued?.year(),
    };
    if before && period.is_span() {
        return span_start(period, y, issued)?.pred_opt();
    }
    let issue_month = issued.map(|d| d.month());
    let issue_quarter = issue_month.map(|m| m.div_ceil(3));
    match period {
        Period::Day { day, month } => NaiveDate::from_ymd_opt(y, month, day),
        Period::Month(m) => month_end(y, m.or(issue_month)?),
        Period::Quarter(q) => month_end(y, 3 * q.or(issue_quarter)?),
        Period::FirstMonths(n) => month_end(y, n),
        Period::Year => NaiveDate::from_ymd_opt(y, 12, 31),
        Period::Part(side, Unit::Year, _) => match side {
            Side::Start => NaiveDate::from_ymd_opt(y, 1, 1),
            Side::Middle => NaiveDate::from_ymd_opt(y, 6, 30),
            Side::End => NaiveDate::from_ymd_opt(y, 12, 31),
        },
        Period::Part(side, Unit::Month, m) => {
            let m = m.or(issue_month)?;
            match side {
                Side::Start => NaiveDate::from_ymd_opt(y, m, 1),
                Side::Middle => NaiveDate::from_ymd_opt(y, m, 15),
                Side::End => month_end(y, m),
            }
        }
        Period::Part(side, Unit::Quarter, q) => {
            let q = q.or(issue_quarter)?;
            match side {
                Side::Start => NaiveDate::from_ymd_opt(y, 3 * q - 2, 1),
                Side::Middle => NaiveDate::from_ymd_opt(y, 3 * q - 1, 15),
                Side::End => month_end(y, 3 * q),
            }
        }
        Period::IssuePlus(_) | Period::Vague => None,
    }
}

/// The last day of a limit counted from the issue date.
fn limit_end(n: u32, unit: RelUnit, ctx: &DeadlineContext) -> Option<NaiveDate> {
    let issued = ctx.issued?;
    let cal = ctx.calendar;
    match unit {
        RelUnit::WorkingDays => cal.add_working_days(issued, n).ok(),
        RelUnit::Days => cal.add_days(issued, n).ok(),
        RelUnit::Weeks => cal.add_days(issued, n.checked_mul(7)?).ok(),
        RelUnit::Months | RelUnit::Years => {
            let months = if unit == RelUnit::Years {
                n.checked_mul(12)?
            } else {
                n
            };
            let last = issued.checked_add_months(Months::new(months))?;
            cal.on_or_after(last).ok()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a group
// ---------------------------------------------------------------------------------------------

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
        Kind::Urgent => {
            return Some(found(
                s,
                start,
                end,
                None,
                None,
                None,
                vec![DeadlineFlag::Urgent],
            ))
        }
        Kind::Continuous => {
            return Some(found(
                s,
                start,
                end,
                None,
                None,
                None,
                vec![DeadlineFlag::Continuous],
            ))
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
mod tests {
    use super::*;

    fn cal() -> &'static Calendar {
        static CAL: LazyLock<Calendar> =
            LazyLock::new(|| Calendar::shipped().expect("the shipped calendar builds"));
        &CAL
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
    }

    fn cell_due(cell: &str) -> Option<NaiveDate> {
        let ctx = DeadlineContext {
            issued: Some(date("2025-11-19")),
            calendar: cal(),
        };
        find_in_cell(cell, &ctx).into_iter().find_map(|f| f.due)
    }

    #[test]
    fn a_completion_that_qualifies_a_noun_sets_no_deadline() {
        let ctx = DeadlineContext {
            issued: Some(date("2024-03-01")),
            calendar: cal(),
        };
        let due = |s: &str| find_deadline(s, &ctx).and_then(|f| f.due);
        assert_eq!(due("Rà soát các dự án hoàn thành năm 2023."), None);
        assert_eq!(due("Quyết toán các công trình hoàn thành năm 2023."), None);
        assert_eq!(
            due("Rà soát các dự án, hoàn thành trong năm 2024."),
            Some(date("2024-12-31"))
        );
        assert_eq!(
            due("Các dự án hoàn thành trước ngày 30/6/2024."),
            Some(date("2024-06-30"))
        );
    }

    #[test]
    fn a_bare_year_in_a_time_cell_is_its_last_day() {
        assert_eq!(cell_due("2026"), Some(date("2026-12-31")));
        assert_eq!(cell_due(" Năm 2027."), Some(date("2027-12-31")));
    }

    #[test]
    fn a_span_of_years_in_a_time_cell_ends_with_its_last_year() {
        assert_eq!(cell_due("2025 - 2030"), Some(date("2030-12-31")));
        assert_eq!(cell_due("giai đoạn 2026-2028"), Some(date("2028-12-31")));
        assert_eq!(cell_due("Năm 2026 - 2027"), Some(date("2027-12-31")));
    }

    #[test]
    fn a_span_of_months_written_once_ends_with_its_last_month() {
        assert_eq!(cell_due("Tháng 11 - 12/2025."), Some(date("2025-12-31")));
        assert_eq!(cell_due("tháng 9-10/2026"), Some(date("2026-10-31")));
        assert_eq!(
            due(
                "Các xã tổ chức tập huấn trong tháng 11, 12 năm 2025.",
                "2025-10-01"
            ),
            Some(date("2025-12-31"))
        );
    }

    #[test]
    fn a_cell_that_says_more_than_years_is_read_as_text() {
        assert_eq!(cell_due("Quý II/2026"), Some(date("2026-06-30")));
        assert_eq!(cell_due("Thường xuyên"), None);
        assert_eq!(cell_due("năm 2026 và các năm tiếp theo"), None);
        assert_eq!(cell_due("Kế hoạch năm 2026"), None);
    }

    fn ctx(issued: &str) -> DeadlineContext<'static> {
        DeadlineContext {
            issued: Some(date(issued)),
            calendar: cal(),
        }
    }

    fn one(sentence: &str, issued: &str) -> FoundDeadline {
        find_deadline(sentence, &ctx(issued))
            .unwrap_or_else(|| panic!("no deadline found in {sentence:?}"))
    }

    fn due(sentence: &str, issued: &str) -> Option<NaiveDate> {
        one(sentence, issued).due
    }

    fn none(sentence: &str, issued: &str) {
        let all = find_all(sentence, &ctx(issued));
        assert!(all.is_empty(), "{sentence:?} gave {all:?}");
    }

    // --- Days ---------------------------------------------------------------------------------

    #[test]
    fn truoc_ngay_with_slashes_is_that_day() {
        let f = one(
            "Sở Tư pháp rà soát các văn bản, gửi kết quả về UBND tỉnh trước ngày 15/7/2023.",
            "2023-06-20",
        );
        assert_eq!(f.due, Some(date("2023-07-15")));
        assert_eq!(f.due_text, "trước ngày 15/7/2023");
        assert_eq!(
            &"Sở Tư pháp rà soát các văn bản, gửi kết quả về UBND tỉnh trước ngày 15/7/2023."
                [f.start..f.end],
            f.due_text
        );
        assert!(f.flags.is_empty());
    }

    #[test]
    fn spelled_date_reads_like_numeric() {
        assert_eq!(
            due(
                "Giao Sở Y tế hoàn thiện đề án trước ngày 30 tháng 6 năm 2023.",
                "2023-05-02"
            ),
            Some(date("2023-06-30"))
        );
    }

    #[test]
    fn dashes_and_dots_separate_dates_too() {
        assert_eq!(
            due("Nộp hồ sơ trước ngày 05-8-2024.", "2024-07-01"),
            Some(date("2024-08-05"))
        );
        assert_eq!(
            due("Nộp hồ sơ trước ngày 05.8.2024.", "2024-07-01"),
            Some(date("2024-08-05"))
        );
        assert_eq!(
            due("Nộp hồ sơ trước 05/8/2024.", "2024-07-01"),
            Some(date("2024-08-05"))
        );
    }

    #[test]
    fn cham_nhat_la_ngay_is_a_deadline() {
        let f = one(
            "Các huyện báo cáo chậm nhất là ngày 20/10/2024.",
            "2024-10-01",
        );
        assert_eq!(f.due, Some(date("2024-10-20")));
        assert_eq!(f.due_text, "chậm nhất là ngày 20/10/2024");
        assert_eq!(
            due("Gửi danh sách chậm nhất ngày 3/11/2024.", "2024-10-01"),
            Some(date("2024-11-03"))
        );
    }

    #[test]
    fn completion_words_belong_to_the_text() {
        let f = one(
            "Sửa chữa trường học bị hư hỏng, hoàn thành trước ngày 12/12/2024.",
            "2024-11-01",
        );
        assert_eq!(f.due_text, "hoàn thành trước ngày 12/12/2024");
        let f = one("Lắp đặt biển báo, xong trước ngày 9/9/2024.", "2024-08-01");
        assert_eq!(f.due_text, "xong trước ngày 9/9/2024");
        assert_eq!(f.due, Some(date("2024-09-09")));
        let f = one(
            "Dọn vệ sinh khu vực chợ, hoàn thành trong ngày 02/9/2024.",
            "2024-08-30",
        );
        assert_eq!(f.due, Some(date("2024-09-02")));
    }

    #[test]
    fn thoi_gian_hoan_thanh_heads_the_deadline() {
        let f = one(
            "Cập nhật dữ liệu dân cư trên địa bàn. Thời gian hoàn thành trước ngày 31 tháng 3 năm 2025.",
            "2025-01-10",
        );
        assert_eq!(f.due, Some(date("2025-03-31")));
        assert_eq!(
            f.due_text,
            "Thời gian hoàn thành trước ngày 31 tháng 3 năm 2025"
        );
    }

    #[test]
    fn an_hour_before_the_date_is_kept_apart() {
        let f = one(
            "Đề nghị gửi ý kiến trước 17 giờ 00 ngày 18/9/2024.",
            "2024-09-16",
        );
        assert_eq!(f.due, Some(date("2024-09-18")));
        assert_eq!(f.due_time, NaiveTime::from_hms_opt(17, 0, 0));
        assert_eq!(f.due_text, "trước 17 giờ 00 ngày 18/9/2024");
        let f = one(
            "Các xã gửi số liệu trước 16h30 ngày 04/3/2025.",
            "2025-03-03",
        );
        assert_eq!(f.due_time, NaiveTime::from_hms_opt(16, 30, 0));
        assert_eq!(f.due, Some(date("2025-03-04")));
        let f = one(
            "Báo cáo về Văn phòng trước 9 giờ, ngày 06/01/2025.",
            "2025-01-02",
        );
        assert_eq!(f.due_time, NaiveTime::from_hms_opt(9, 0, 0));
        assert_eq!(f.due, Some(date("2025-01-06")));
    }

    #[test]
    fn weekday_between_trigger_and_date_is_tolerated() {
        assert_eq!(
            due("Hoàn thành trước thứ Sáu, ngày 14/6/2024.", "2024-06-10"),
            Some(date("2024-06-14"))
        );
    }

    #[test]
    fn missing_year_is_the_issue_year_and_flagged() {
        let f = one("Các đơn vị gửi báo cáo trước ngày 15/7.", "2024-06-03");
        assert_eq!(f.due, Some(date("2024-07-15")));
        assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
    }

    #[test]
    fn missing_year_before_issue_is_kept_and_flagged_not_moved() {
        let f = one("Các đơn vị gửi báo cáo trước ngày 15/7.", "2024-09-01");
        assert_eq!(f.due, Some(date("2024-07-15")));
        assert_eq!(
            f.flags,
            vec![DeadlineFlag::NoYearGiven, DeadlineFlag::BeforeIssue]
        );
    }

    #[test]
    fn written_date_before_issue_is_flagged() {
        let f = one(
            "Sở Xây dựng tham mưu, hoàn thành trước ngày 10/1/2023.",
            "2024-01-05",
        );
        assert_eq!(f.due, Some(date("2023-01-10")));
        assert_eq!(f.flags, vec![DeadlineFlag::BeforeIssue]);
    }

    #[test]
    fn missing_year_without_issue_date_has_no_due() {
        let c = DeadlineContext {
            issued: None,
            calendar: cal(),
        };
        let f = find_deadline("Nộp trước ngày 15/7.", &c).expect("a deadline");
        assert_eq!(f.due, None);
        assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
    }

    #[test]
    fn upper_case_and_no_ngay_are_tolerated() {
        assert_eq!(
            due("HOÀN THÀNH TRƯỚC NGÀY 1/12/2024", "2024-11-01"),
            Some(date("2024-12-01"))
        );
    }

    #[test]
    fn tu_nay_den_a_date_is_a_deadline() {
        let f = one(
            "Từ nay đến ngày 30/6, các xã phải xử lý dứt điểm rác thải.",
            "2024-05-20",
        );
        assert_eq!(f.due, Some(date("2024-06-30")));
        assert_eq!(f.due_text, "Từ nay đến ngày 30/6");
    }

    #[test]
    fn den_a_date_governed_by_reporting_is_a_deadline() {
        assert_eq!(
            due(
                "Các huyện gửi hồ sơ về Sở Nội vụ đến hết ngày 25/4/2024.",
                "2024-04-01"
            ),
            Some(date("2024-04-25"))
        );
    }

    // --- Periods ------------------------------------------------------------------------------

    #[test]
    fn trong_thang_is_the_last_day_of_the_month() {
        assert_eq!(
            due("Tổ chức hội nghị sơ kết trong tháng 8/2023.", "2023-07-05"),
            Some(date("2023-08-31"))
        );
        assert_eq!(
            due("Trình UBND tỉnh trong tháng 2 năm 2024.", "2024-01-05"),
            Some(date("2024-02-29"))
        );
    }

    #[test]
    fn truoc_thang_is_the_day_before_the_month() {
        assert_eq!(
            due("Hoàn thành việc sắp xếp trước tháng 9/2023.", "2023-07-05"),
            Some(date("2023-08-31"))
        );
        assert_eq!(
            due("Ban hành quy chế trước quý III/2024.", "2024-02-05"),
            Some(date("2024-06-30"))
        );
        assert_eq!(
            due("Hoàn thành trước năm 2026.", "2024-02-05"),
            Some(date("2025-12-31"))
        );
    }

    #[test]
    fn quarters_end_on_their_last_day() {
        assert_eq!(
            due("Hoàn thành trong quý III/2023.", "2023-02-01"),
            Some(date("2023-09-30"))
        );
        assert_eq!(
            due("Hoàn thành trong quý 3 năm 2023.", "2023-02-01"),
            Some(date("2023-09-30"))
        );
        let f = one("Đưa phần mềm vào sử dụng trong quý II.", "2023-02-01");
        assert_eq!(f.due, Some(date("2023-06-30")));
        assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
    }

    #[test]
    fn quarter_with_year_after_a_submission_needs_no_trigger() {
        assert_eq!(
            due(
                "Bộ Công Thương xây dựng đề án, trình Chính phủ Quý IV năm 2016.",
                "2016-03-01"
            ),
            Some(date("2016-12-31"))
        );
    }

    #[test]
    fn quarter_reported_on_is_not_a_deadline() {
        none(
            "Sở Tài chính tổng hợp báo cáo kết quả thực hiện quý I/2024 của các đơn vị.",
            "2024-04-10",
        );
    }

    #[test]
    fn first_six_months_end_in_june() {
        assert_eq!(
            due("Hoàn thành trong 6 tháng đầu năm 2023.", "2023-01-15"),
            Some(date("2023-06-30"))
        );
        assert_eq!(
            due("Hoàn thành trong nửa đầu năm 2023.", "2023-01-15"),
            Some(date("2023-06-30"))
        );
    }

    #[test]
    fn a_six_month_review_is_not_a_deadline() {
        none(
            "Tổ chức sơ kết 6 tháng việc thực hiện nghị quyết.",
            "2024-05-01",
        );
        none(
            "Sở Kế hoạch báo cáo tình hình 6 tháng đầu năm 2024 của tỉnh.",
            "2024-05-01",
        );
    }

    #[test]
    fn trong_nam_is_the_last_day_of_the_year() {
        let f = one("Đảm bảo hoàn thành dự án trong năm 2023.", "2023-03-01");
        assert_eq!(f.due, Some(date("2023-12-31")));
        assert_eq!(f.due_text, "trong năm 2023");
        assert_eq!(
            due("Hoàn thành năm 2025.", "2025-03-01"),
            Some(date("2025-12-31"))
        );
    }

    #[test]
    fn parts_of_periods_follow_the_civil_code() {
        assert_eq!(
            due("Hoàn thành vào cuối năm 2024.", "2024-03-01"),
            Some(date("2024-12-31"))
        );
        assert_eq!(
            due("Hoàn thành trong giữa năm 2024.", "2024-03-01"),
            Some(date("2024-06-30"))
        );
        assert_eq!(
            due("Trình đề án trước đầu tháng 9/2024.", "2024-03-01"),
            Some(date("2024-09-01"))
        );
        assert_eq!(
            due("Gửi báo cáo trước giữa tháng 4.", "2024-03-01"),
            Some(date("2024-04-15"))
        );
        let f = one("Các phường hoàn thành trước cuối năm.", "2024-03-01");
        assert_eq!(f.due, Some(date("2024-12-31")));
        assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
        assert_eq!(
            due("Hoàn thành trong cuối quý II/2024.", "2024-03-01"),
            Some(date("2024-06-30"))
        );
    }

    #[test]
    fn this_year_is_the_issue_year_without_flag() {
        let f = one("Phấn đấu hoàn thành trong năm nay.", "2024-03-01");
        assert_eq!(f.due, Some(date("2024-12-31")));
        assert!(f.flags.is_empty());
    }

    #[test]
    fn a_dashed_quarter_range_in_a_cell_ends_with_its_last_quarter() {
        let cell = "Khảo sát hạ tầng\nSở Xây dựng\nQuý I/2025 - Quý III/2025";
        assert_eq!(due(cell, "2024-12-01"), Some(date("2025-09-30")));
    }

    #[test]
    fn a_lone_time_expression_is_a_timeline_cell() {
        assert_eq!(due("Tháng 12/2025", "2025-06-01"), Some(date("2025-12-31")));
        assert_eq!(
            due("Rà soát quy hoạch\nNăm 2026", "2025-06-01"),
            Some(date("2026-12-31"))
        );
    }

    // --- Limits -------------------------------------------------------------------------------

    #[test]
    fn working_days_from_signing_use_the_calendar() {
        let issued = date("2024-04-26");
        let f = one(
            "Trong thời hạn 10 ngày làm việc kể từ ngày ký, các sở gửi ý kiến về Sở Nội vụ.",
            "2024-04-26",
        );
        assert_eq!(f.due, cal().add_working_days(issued, 10).ok());
        assert_eq!(f.due_text, "Trong thời hạn 10 ngày làm việc kể từ ngày ký");
    }

    #[test]
    fn receipt_is_counted_from_the_issue_date() {
        let issued = date("2024-08-30");
        assert_eq!(
            due(
                "Trong 05 ngày làm việc kể từ ngày nhận được văn bản này, các xã báo cáo.",
                "2024-08-30"
            ),
            cal().add_working_days(issued, 5).ok()
        );
        assert_eq!(
            due(
                "Báo cáo trong 3 ngày làm việc, kể từ ngày ban hành văn bản.",
                "2024-08-30"
            ),
            cal().add_working_days(issued, 3).ok()
        );
    }

    #[test]
    fn calendar_days_roll_to_a_working_day() {
        let issued = date("2024-06-07");
        let f = one(
            "Trong vòng 15 ngày các đơn vị phải khắc phục xong.",
            "2024-06-07",
        );
        assert_eq!(f.due, cal().add_days(issued, 15).ok());
        assert_eq!(
            due("Báo cáo trong 03 ngày.", "2024-06-07"),
            cal().add_days(issued, 3).ok()
        );
        assert_eq!(
            due("Xử lý trong 03 (ba) ngày.", "2024-06-07"),
            cal().add_days(issued, 3).ok()
        );
    }

    #[test]
    fn months_limit_is_the_same_day_later() {
        // 31 January + 1 month: the month has no 31st, so its last day.
        assert_eq!(
            due(
                "Trong thời hạn 01 tháng kể từ ngày ký, hoàn thành việc bàn giao.",
                "2024-01-31"
            ),
            cal().on_or_after(date("2024-02-29")).ok()
        );
    }

    #[test]
    fn a_limit_from_another_event_has_no_date() {
        let f = one(
            "Giải quyết trong 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
            "2024-06-07",
        );
        assert_eq!(f.due, None);
        assert!(f.due_text.contains("hồ sơ hợp lệ"));
        let f = one(
            "Thanh toán trong 30 ngày kể từ ngày ký hợp đồng.",
            "2024-06-07",
        );
        assert_eq!(f.due, None);
    }

    #[test]
    fn past_days_are_not_a_limit() {
        none(
            "Trong 3 ngày qua, mưa lớn gây sạt lở nhiều tuyến đường.",
            "2024-06-07",
        );
    }

    // --- Recurrences --------------------------------------------------------------------------

    #[test]
    fn monthly_report_with_its_day_is_one_recurring_deadline() {
        let f = one(
            "Định kỳ hằng tháng (trước ngày 20), các huyện báo cáo tiến độ giải ngân.",
            "2024-02-01",
        );
        assert_eq!(f.due, None);
        assert_eq!(f.recurring.as_deref(), Some("hằng tháng"));
        assert_eq!(f.due_text, "Định kỳ hằng tháng (trước ngày 20)");
    }

    #[test]
    fn hang_and_hang_are_one_recurrence() {
        let f = one("Các sở báo cáo hàng quý về UBND tỉnh.", "2024-02-01");
        assert_eq!(f.recurring.as_deref(), Some("hằng quý"));
        let f = one("Tổng hợp hằng năm.", "2024-02-01");
        assert_eq!(f.recurring.as_deref(), Some("hằng năm"));
    }

    #[test]
    fn a_yearly_day_is_folded_into_the_recurrence() {
        let f = one(
            "Định kỳ trước ngày 15 tháng 12 hàng năm, các đơn vị gửi báo cáo.",
            "2024-02-01",
        );
        assert_eq!(f.due, None);
        assert_eq!(f.recurring.as_deref(), Some("hằng năm"));
        assert_eq!(f.due_text, "Định kỳ trước ngày 15 tháng 12 hàng năm");
        assert!(f.flags.is_empty());
    }

    #[test]
    fn several_periods_are_listed() {
        let f = one(
            "Định kỳ 6 tháng, năm báo cáo kết quả về Sở Nội vụ.",
            "2024-02-01",
        );
        assert_eq!(f.recurring.as_deref(), Some("6 tháng, hằng năm"));
        let f = one("Gửi báo cáo vào ngày 25 hằng tháng.", "2024-02-01");
        assert_eq!(f.recurring.as_deref(), Some("hằng tháng"));
        assert_eq!(f.due_text, "vào ngày 25 hằng tháng");
    }

    // --- No-date deadlines --------------------------------------------------------------------

    #[test]
    fn khan_truong_is_urgent_without_date() {
        let f = one(
            "Sở Công Thương khẩn trương kiểm tra các cửa hàng xăng dầu.",
            "2024-02-01",
        );
        assert_eq!((f.due, f.due_text.as_str()), (None, "khẩn trương"));
        assert_eq!(f.flags, vec![DeadlineFlag::Urgent]);
    }

    #[test]
    fn ngay_is_urgent_but_ngay_ca_is_not() {
        let f = one(
            "Các xã sơ tán ngay người dân khỏi vùng sạt lở.",
            "2024-02-01",
        );
        assert_eq!(f.due_text, "ngay");
        assert_eq!(f.flags, vec![DeadlineFlag::Urgent]);
        none(
            "Ngay cả các xã vùng cao cũng đã có điện lưới.",
            "2024-02-01",
        );
        let f = one("Khôi phục cấp điện trong thời gian sớm nhất.", "2024-02-01");
        assert_eq!(f.due_text, "trong thời gian sớm nhất");
    }

    #[test]
    fn thuong_xuyen_is_continuous() {
        let f = one(
            "Các địa phương thường xuyên kiểm tra đê điều.",
            "2024-02-01",
        );
        assert_eq!(f.flags, vec![DeadlineFlag::Continuous]);
        assert_eq!(f.due, None);
    }

    #[test]
    fn vague_limits_are_deadlines_without_date() {
        let f = one(
            "Sở Lao động đề xuất điều chỉnh chính sách trong thời gian tới.",
            "2024-02-01",
        );
        assert_eq!((f.due, f.flags.len()), (None, 0));
        let f = one(
            "Các xã gửi ý kiến góp ý đúng thời hạn quy định.",
            "2024-02-01",
        );
        assert_eq!(f.due_text, "đúng thời hạn quy định");
        let f = one(
            "Hoàn thiện tờ trình để kịp trình Hội đồng nhân dân tỉnh tại kỳ họp cuối năm.",
            "2024-02-01",
        );
        assert_eq!(f.due, None);
    }

    #[test]
    fn an_open_ended_conjunction_has_no_date() {
        let f = one(
            "Tập trung chỉ đạo trong 03 tháng cuối năm 2024 và những tháng đầu năm 2025.",
            "2024-10-01",
        );
        assert_eq!(f.due, None);
        assert_eq!(
            f.due_text,
            "trong 03 tháng cuối năm 2024 và những tháng đầu năm 2025"
        );
    }

    #[test]
    fn urgent_and_dated_prefers_the_date_and_keeps_urgency() {
        let f = one(
            "Sở Y tế khẩn trương rà soát thuốc, báo cáo UBND tỉnh trước ngày 5/12/2024.",
            "2024-11-20",
        );
        assert_eq!(f.due, Some(date("2024-12-05")));
        assert!(f.flags.contains(&DeadlineFlag::Urgent));
    }

    // --- Not deadlines ------------------------------------------------------------------------

    #[test]
    fn the_place_and_date_line_is_not_a_deadline() {
        none("Thừa Thiên Huế, ngày 14 tháng 5 năm 2024", "2024-05-14");
    }

    #[test]
    fn cited_documents_dates_are_not_deadlines() {
        none(
            "Thực hiện Công văn số 123/UBND-KT ngày 5/3/2024 của UBND tỉnh về việc quản lý cát.",
            "2024-04-01",
        );
        none(
            "Căn cứ Quyết định số 45/2023/QĐ-UBND ngày 12 tháng 10 năm 2023 của UBND tỉnh.",
            "2024-04-01",
        );
        none(
            "Triển khai theo Kế hoạch số 88/KH-UBND ngày 2/2/2024.",
            "2024-04-01",
        );
    }

    #[test]
    fn effective_dates_are_not_deadlines() {
        none(
            "Quyết định này có hiệu lực từ ngày 01/7/2024.",
            "2024-06-20",
        );
        none("Văn bản có hiệu lực kể từ ngày ký.", "2024-06-20");
    }

    #[test]
    fn a_period_of_application_is_not_a_deadline() {
        none(
            "Cấm các phương tiện trọng tải lớn lưu thông trên tuyến đường từ ngày 01/6 đến hết ngày 30/6/2024.",
            "2024-05-20",
        );
        none(
            "Đợt cao điểm diễn ra từ tháng 11/2024 đến tháng 2/2025.",
            "2024-10-20",
        );
    }

    #[test]
    fn a_completed_range_is_a_deadline() {
        assert_eq!(
            due(
                "Các xã hoàn thành trong thời gian từ ngày 01/6 đến ngày 20/6/2024.",
                "2024-05-20"
            ),
            Some(date("2024-06-20"))
        );
    }

    #[test]
    fn start_only_and_open_ended_are_not_deadlines() {
        none("Áp dụng mức thu mới từ năm 2025.", "2024-10-20");
        none(
            "Duy trì hoạt động trong năm 2025 và các năm tiếp theo.",
            "2024-10-20",
        );
        none("Quy hoạch hạ tầng viễn thông đến năm 2030.", "2024-10-20");
        none("Thời gian kéo dài đến hết ngày 31/12/2024.", "2024-10-20");
    }

    #[test]
    fn a_past_condition_is_not_a_deadline() {
        none(
            "Các dự án đã được phê duyệt trước ngày 01/7/2024 thì tiếp tục thực hiện.",
            "2024-10-20",
        );
        none(
            "Hồ sơ được tiếp nhận trước ngày 01/7/2024 được giải quyết theo quy định cũ.",
            "2024-10-20",
        );
        assert_eq!(
            due("Báo cáo phải được gửi trước ngày 1/11/2024.", "2024-10-20"),
            Some(date("2024-11-01"))
        );
    }

    #[test]
    fn section_numbers_are_not_dates() {
        none(
            "1.2. Giao Sở Tài chính tham mưu bố trí kinh phí.",
            "2024-10-20",
        );
    }

    #[test]
    fn of_two_dates_only_the_triggered_one_is_the_deadline() {
        let s = "Thực hiện Chỉ thị số 15/CT-UBND ngày 20 tháng 5 năm 2024, các sở gửi số liệu về Sở Tài chính trước ngày 10/6/2024.";
        let all = find_all(s, &ctx("2024-05-25"));
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].due, Some(date("2024-06-10")));
    }

    #[test]
    fn two_tasks_give_two_deadlines_in_order() {
        let s = "Nạo vét kênh mương, hoàn thành trước ngày 15/12/2024; kiên cố hóa bờ kè, hoàn thành trước ngày 28/02/2025.";
        let all = find_all(s, &ctx("2024-11-20"));
        let dues: Vec<_> = all.iter().map(|f| f.due).collect();
        assert_eq!(
            dues,
            vec![Some(date("2024-12-15")), Some(date("2025-02-28"))]
        );
        assert_eq!(one(s, "2024-11-20").due, Some(date("2024-12-15")));
        for f in &all {
            assert_eq!(&s[f.start..f.end], f.due_text);
        }
    }

    #[test]
    fn header_dates_alone_on_a_line_are_not_cells() {
        none("Lạng Sơn,\nngày 03 tháng 4 năm 2024\n|", "2024-04-03");
        none(
            "Thứ hai 08/4/2024\nUBND tỉnh họp bàn về phòng cháy",
            "2024-04-08",
        );
        none("Hà Nội, ngày 09 tháng 4\nnăm 2024", "2024-04-09");
        assert_eq!(
            due("Hoàn thiện cơ sở dữ liệu\n30/9/2024", "2024-04-09"),
            Some(date("2024-09-30"))
        );
    }

    #[test]
    fn trinh_inside_a_compound_does_not_govern() {
        none(
            "Chương trình mục tiêu quốc gia được thực hiện đến năm 2030.",
            "2024-04-09",
        );
        none(
            "Các công trình giao thông nông thôn được định hướng đến năm 2028.",
            "2024-04-09",
        );
        assert_eq!(
            due(
                "Sở Nội vụ trình UBND tỉnh đến hết ngày 15/5/2024.",
                "2024-04-09"
            ),
            Some(date("2024-05-15"))
        );
    }

    #[test]
    fn months_of_a_year_so_far_are_not_a_limit() {
        none(
            "Trong 9 tháng năm 2024, tổng thu ngân sách đạt 80% dự toán.",
            "2024-10-09",
        );
    }

    #[test]
    fn a_period_followed_by_da_is_a_statement_of_the_past() {
        none(
            "Việc cấp nước sạch cho vùng hạn trong năm 2024 đã được hoàn thành vượt kế hoạch.",
            "2024-12-09",
        );
    }

    #[test]
    fn a_meeting_date_is_not_a_deadline() {
        none(
            "Hội nghị được tổ chức vào ngày 20/5/2024 tại hội trường.",
            "2024-05-10",
        );
    }

    // --- The annotated corpus -----------------------------------------------------------------

    /// The share of annotated deadlines of `/work/shared/corpus/dev` found in their task's quote.
    #[test]
    #[ignore = "reads the annotated corpus outside the repository"]
    fn dev_corpus_deadlines() {
        let dir = std::path::Path::new("/work/shared/corpus/dev");
        let Ok(entries) = std::fs::read_dir(dir) else {
            println!("no corpus at {}", dir.display());
            return;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let (mut total, mut hits) = (0usize, 0usize);
        for path in paths {
            let text = std::fs::read_to_string(&path).expect("readable");
            let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
            let issued = doc["issued"]
                .as_str()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            let c = DeadlineContext {
                issued,
                calendar: cal(),
            };
            for task in doc["tasks"].as_array().into_iter().flatten() {
                let gold_due = task["due"]
                    .as_str()
                    .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
                let gold_text = task["due_text"].as_str();
                if gold_due.is_none() && gold_text.is_none() {
                    continue;
                }
                total += 1;
                let quote = task["quote"].as_str().unwrap_or_default();
                let found = find_all(quote, &c);
                let hit = match gold_due {
                    Some(d) => found.iter().any(|f| f.due == Some(d)),
                    None => found.iter().any(|f| f.due.is_none()),
                };
                if hit {
                    hits += 1;
                } else {
                    println!(
                        "MISS {}: gold {:?} {:?}; found {:?}",
                        path.file_name().unwrap_or_default().to_string_lossy(),
                        gold_due,
                        gold_text,
                        found
                            .iter()
                            .map(|f| (f.due, f.due_text.as_str()))
                            .collect::<Vec<_>>()
                    );
                }
            }
        }
        let share = if total == 0 {
            0.0
        } else {
            hits as f64 / total as f64
        };
        println!("dev corpus deadlines: {hits}/{total} = {share:.3}");
    }
}
