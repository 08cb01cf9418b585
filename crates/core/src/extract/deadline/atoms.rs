//! Time atoms: the one regular expression that finds every date, period, limit, recurrence
//! and urgency of a sentence, and what each atom is.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::{Captures, Regex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearSpec {
    Written(i32),
    /// Not written: the issue year (flagged).
    Missing,
    /// "năm nay", "tháng này", "hôm nay": the issue's own, by meaning (not flagged).
    Now,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Month,
    Quarter,
    Year,
}

/// A point or span of the calendar; a span is due on its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Period {
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
    pub(super) fn is_span(self) -> bool {
        matches!(self, Period::Month(_) | Period::Quarter(_) | Period::Year)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RelUnit {
    WorkingDays,
    Days,
    Weeks,
    Months,
    Years,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
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
    pub(super) fn is_dated(&self) -> bool {
        matches!(self, Kind::Dated { .. })
    }

    /// Whether a period other than a single day (for "A và B").
    pub(super) fn is_period(&self) -> bool {
        matches!(self, Kind::Dated { period, .. } if !matches!(period, Period::Day { .. } | Period::IssuePlus(_)))
    }

    /// Whether it can be the day of a recurrence: a date without a year.
    pub(super) fn fits_recurrence(&self) -> bool {
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
pub(super) struct Atom {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
}

pub(super) const TIME: &str =
    r"(?P<hh>[0-9]{1,2})\s*(?:giờ|h|g)\s*(?:(?P<mi>[0-9]{1,2})\s*(?:phút|p)?)?";
pub(super) const WEEKDAY: &str = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)";
pub(super) const YEAR_TAIL: &str =
    r"(?:\s*,?\s*năm\s+(?P<{n}>[0-9]{4})\b|\s*[/.\-]\s*(?P<{n}2>[0-9]{4})\b)?";

pub(super) fn year_tail(name: &str) -> String {
    YEAR_TAIL.replace("{n}", name)
}

pub(super) static MASTER: LazyLock<Regex> = LazyLock::new(|| {
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
pub(super) fn scan(s: &str) -> Vec<Atom> {
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

pub(super) fn num(c: &Captures, name: &str) -> Option<u32> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

pub(super) fn year_of(c: &Captures, name: &str) -> Option<i32> {
    let y: i32 = c
        .name(name)
        .or_else(|| c.name(&format!("{name}2")))?
        .as_str()
        .parse()
        .ok()?;
    (1900..2200).contains(&y).then_some(y)
}

pub(super) fn roman_or_digit(s: &str) -> Option<u32> {
    match s.to_lowercase().as_str() {
        "i" | "1" => Some(1),
        "ii" | "2" => Some(2),
        "iii" | "3" => Some(3),
        "iv" | "4" => Some(4),
        other => other.parse().ok(),
    }
}

pub(super) fn year_spec(written: Option<i32>, now: bool) -> YearSpec {
    match (written, now) {
        (Some(y), _) => YearSpec::Written(y),
        (None, true) => YearSpec::Now,
        (None, false) => YearSpec::Missing,
    }
}

/// The first word after `pos`, lowercased.
pub(super) fn next_word(s: &str, pos: usize) -> String {
    s[pos..]
        .trim_start()
        .chars()
        .take_while(|ch| ch.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a letter (not punctuation) comes next after `pos`.
pub(super) fn letter_follows(s: &str, pos: usize) -> bool {
    s[pos..]
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_alphabetic)
}

pub(super) fn dated(period: Period, year: YearSpec) -> Kind {
    Kind::Dated {
        period,
        year,
        time: None,
    }
}

/// What an atom match is, with its end; `None` when the match is not a time expression after all.
pub(super) fn atom_kind(s: &str, c: &Captures, end: usize) -> Option<(usize, Kind)> {
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

pub(super) fn day_kind(s: &str, c: &Captures, end: usize) -> Option<(usize, Kind)> {
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

pub(super) fn relative_kind(s: &str, c: &Captures, end: usize) -> Option<(usize, Kind)> {
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

pub(super) fn recurrence_words(text: &str) -> Vec<&'static str> {
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
