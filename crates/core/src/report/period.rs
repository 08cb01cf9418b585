//! The periods reports cover (Điều 9.2, 10.1): a month, a quarter, 6 months, 9 months, a year, or
//! any span asked for. Six and nine months run from January, as the province's reports count
//! them ("6 tháng đầu năm", "9 tháng"); the others are the calendar's.

use chrono::{Datelike, NaiveDate};

use crate::domain::text::dmy;

/// What kind of period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Month,
    Quarter,
    /// Six months: January–June or July–December.
    Half,
    /// January–September.
    NineMonths,
    Year,
    Custom,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 6] = [
        Self::Month,
        Self::Quarter,
        Self::Half,
        Self::NineMonths,
        Self::Year,
        Self::Custom,
    ];

    /// The spelling of `--period`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Half => "half",
            Self::NineMonths => "nine-months",
            Self::Year => "year",
            Self::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Why a period cannot be formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("a custom period needs both --from and --to")]
    CustomNeedsBounds,
    #[error("the period ends ({to}) before it starts ({from})")]
    EndsBeforeStart { from: NaiveDate, to: NaiveDate },
    #[error("a nine-month period runs from January to September; {day} is not in one")]
    NotInNineMonths { day: NaiveDate },
    #[error("{day} is outside the dates a report can cover")]
    OutOfRange { day: NaiveDate },
    #[error("--from {from} and --to {to} are not the bounds of one {kind} ({expected_from} to {expected_to})")]
    BoundsDisagree {
        kind: &'static str,
        from: NaiveDate,
        to: NaiveDate,
        expected_from: NaiveDate,
        expected_to: NaiveDate,
    },
}

/// A span of days, both included, and the kind that names it. It cannot be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    kind: PeriodKind,
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// The period of `kind` that contains `day` (a custom one cannot be found from a day).
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Result<Self, PeriodError> {
        let y = day.year();
        let out = |_| PeriodError::OutOfRange { day };
        let ymd = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).ok_or(()).map_err(out);
        let month_end = |y: i32, m: u32| -> Result<NaiveDate, PeriodError> {
            let next = if m == 12 {
                ymd(y + 1, 1, 1)?
            } else {
                ymd(y, m + 1, 1)?
            };
            next.pred_opt().ok_or(PeriodError::OutOfRange { day })
        };
        let (from, to) = match kind {
            PeriodKind::Month => (ymd(y, day.month(), 1)?, month_end(y, day.month())?),
            PeriodKind::Quarter => {
                let first = (day.month0() / 3) * 3 + 1;
                (ymd(y, first, 1)?, month_end(y, first + 2)?)
            }
            PeriodKind::Half => {
                if day.month() <= 6 {
                    (ymd(y, 1, 1)?, ymd(y, 6, 30)?)
                } else {
                    (ymd(y, 7, 1)?, ymd(y, 12, 31)?)
                }
            }
            PeriodKind::NineMonths => {
                if day.month() > 9 {
                    return Err(PeriodError::NotInNineMonths { day });
                }
                (ymd(y, 1, 1)?, ymd(y, 9, 30)?)
            }
            PeriodKind::Year => (ymd(y, 1, 1)?, ymd(y, 12, 31)?),
            PeriodKind::Custom => return Err(PeriodError::CustomNeedsBounds),
        };
        Ok(Self { kind, from, to })
    }

    /// Any span of days, both included.
    pub fn custom(from: NaiveDate, to: NaiveDate) -> Result<Self, PeriodError> {
        if to < from {
            return Err(PeriodError::EndsBeforeStart { from, to });
        }
        Ok(Self {
            kind: PeriodKind::Custom,
            from,
            to,
        })
    }

    /// The period `--period KIND [--from D] [--to D]` names: a custom one from both bounds; any
    /// other the one containing the day given (`--from` or `--to`; both must then be its bounds),
    /// else the one containing `today`.
    pub fn from_args(
        kind: PeriodKind,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Self, PeriodError> {
        if kind == PeriodKind::Custom {
            return match (from, to) {
                (Some(f), Some(t)) => Self::custom(f, t),
                _ => Err(PeriodError::CustomNeedsBounds),
            };
        }
        let period = Self::containing(kind, from.or(to).unwrap_or(today))?;
        if let (Some(f), Some(t)) = (from, to) {
            if (f, t) != (period.from, period.to) {
                return Err(PeriodError::BoundsDisagree {
                    kind: kind.as_str(),
                    from: f,
                    to: t,
                    expected_from: period.from,
                    expected_to: period.to,
                });
            }
        }
        Ok(period)
    }

    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// The first day.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// A short stable name: `2027-06`, `2027-Q2`, `2027-H1`, `2027-9M`, `2027`, or
    /// `2027-06-01..2027-06-30` — what a scheduled report's dedupe key and a file name carry.
    pub fn key(&self) -> String {
        let y = self.to.year();
        match self.kind {
            PeriodKind::Month => format!("{y}-{:02}", self.to.month()),
            PeriodKind::Quarter => format!("{y}-Q{}", self.to.month0() / 3 + 1),
            PeriodKind::Half => format!("{y}-H{}", if self.to.month() <= 6 { 1 } else { 2 }),
            PeriodKind::NineMonths => format!("{y}-9M"),
            PeriodKind::Year => format!("{y}"),
            PeriodKind::Custom => format!("{}..{}", self.from, self.to),
        }
    }

    /// The period a [`Period::key`] names.
    pub fn from_key(key: &str) -> Option<Self> {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        if let Some((from, to)) = key.split_once("..") {
            return Self::custom(day(from)?, day(to)?).ok();
        }
        let (year, rest) = key.split_once('-').unwrap_or((key, ""));
        let year: i32 = year.parse().ok()?;
        let at = |m: u32| NaiveDate::from_ymd_opt(year, m, 1);
        let (kind, month) = match rest {
            "" => (PeriodKind::Year, 1),
            "9M" => (PeriodKind::NineMonths, 1),
            "H1" | "H2" => (PeriodKind::Half, if rest == "H1" { 1 } else { 7 }),
            q if q.starts_with('Q') => (
                PeriodKind::Quarter,
                (q[1..].parse::<u32>().ok()? - 1) * 3 + 1,
            ),
            m => (PeriodKind::Month, m.parse().ok()?),
        };
        let period = Self::containing(kind, at(month)?).ok()?;
        (period.key() == key).then_some(period)
    }

    /// As a report's title names it: "tháng 6 năm 2027", "quý II năm 2027", "6 tháng đầu năm
    /// 2027", "9 tháng năm 2027", "năm 2027", "từ ngày 01/6/2027 đến ngày 15/6/2027".
    pub fn vietnamese(&self) -> String {
        let y = self.to.year();
        match self.kind {
            PeriodKind::Month => format!("tháng {} năm {y}", self.to.month()),
            PeriodKind::Quarter => {
                let q = ["I", "II", "III", "IV"][(self.to.month0() / 3) as usize];
                format!("quý {q} năm {y}")
            }
            PeriodKind::Half if self.to.month() <= 6 => format!("6 tháng đầu năm {y}"),
            PeriodKind::Half => format!("6 tháng cuối năm {y}"),
            PeriodKind::NineMonths => format!("9 tháng năm {y}"),
            PeriodKind::Year => format!("năm {y}"),
            PeriodKind::Custom => format!("từ ngày {} đến ngày {}", dmy(self.from), dmy(self.to)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn span(p: Period) -> (String, String) {
        (p.from().to_string(), p.to().to_string())
    }

    #[test]
    fn each_kind_is_the_span_of_the_calendar_that_contains_the_day() {
        let day = d("2027-05-14");
        let got = |k| span(Period::containing(k, day).unwrap());
        assert_eq!(
            got(PeriodKind::Month),
            ("2027-05-01".into(), "2027-05-31".into())
        );
        assert_eq!(
            got(PeriodKind::Quarter),
            ("2027-04-01".into(), "2027-06-30".into())
        );
        assert_eq!(
            got(PeriodKind::Half),
            ("2027-01-01".into(), "2027-06-30".into())
        );
        assert_eq!(
            got(PeriodKind::NineMonths),
            ("2027-01-01".into(), "2027-09-30".into())
        );
        assert_eq!(
            got(PeriodKind::Year),
            ("2027-01-01".into(), "2027-12-31".into())
        );
        let feb = Period::containing(PeriodKind::Month, d("2028-02-10")).unwrap();
        assert_eq!(feb.to(), d("2028-02-29"), "a leap year's February");
        let dec = Period::containing(PeriodKind::Quarter, d("2027-12-31")).unwrap();
        assert_eq!(span(dec), ("2027-10-01".into(), "2027-12-31".into()));
    }

    #[test]
    fn a_period_is_named_by_what_it_ends_in() {
        let p = |k, day| Period::containing(k, d(day)).unwrap();
        assert_eq!(p(PeriodKind::Month, "2027-06-01").key(), "2027-06");
        assert_eq!(p(PeriodKind::Quarter, "2027-06-01").key(), "2027-Q2");
        assert_eq!(p(PeriodKind::Half, "2027-08-01").key(), "2027-H2");
        assert_eq!(p(PeriodKind::Year, "2027-08-01").key(), "2027");
        assert_eq!(
            p(PeriodKind::Quarter, "2027-06-01").vietnamese(),
            "quý II năm 2027"
        );
        assert_eq!(
            p(PeriodKind::Half, "2027-03-01").vietnamese(),
            "6 tháng đầu năm 2027"
        );
        let custom = Period::custom(d("2027-06-01"), d("2027-06-15")).unwrap();
        assert_eq!(custom.key(), "2027-06-01..2027-06-15");
        for key in [
            "2027-06",
            "2027-Q2",
            "2027-H2",
            "2027-9M",
            "2027",
            "2027-06-01..2027-06-15",
        ] {
            assert_eq!(Period::from_key(key).map(|p| p.key()).as_deref(), Some(key));
        }
        for bad in [
            "2027-13",
            "2027-Q5",
            "2027-06-31..2027-07-01",
            "june",
            "2027-6",
        ] {
            assert_eq!(Period::from_key(bad), None, "{bad}");
        }
        assert_eq!(
            custom.vietnamese(),
            "từ ngày 01/06/2027 đến ngày 15/06/2027"
        );
    }

    #[test]
    fn the_arguments_name_one_period_or_say_why_not() {
        let today = d("2027-07-10");
        let month = Period::from_args(PeriodKind::Month, Some(d("2027-06-01")), None, today);
        assert_eq!(
            span(month.unwrap()),
            ("2027-06-01".into(), "2027-06-30".into())
        );
        let by_end = Period::from_args(PeriodKind::Month, None, Some(d("2027-06-30")), today);
        assert_eq!(by_end.unwrap().key(), "2027-06");
        let current = Period::from_args(PeriodKind::Quarter, None, None, today).unwrap();
        assert_eq!(current.key(), "2027-Q3");
        assert_eq!(
            Period::from_args(PeriodKind::Custom, Some(d("2027-06-01")), None, today),
            Err(PeriodError::CustomNeedsBounds)
        );
        assert!(matches!(
            Period::from_args(
                PeriodKind::Custom,
                Some(d("2027-06-30")),
                Some(d("2027-06-01")),
                today
            ),
            Err(PeriodError::EndsBeforeStart { .. })
        ));
        assert!(matches!(
            Period::from_args(
                PeriodKind::Month,
                Some(d("2027-06-01")),
                Some(d("2027-06-15")),
                today
            ),
            Err(PeriodError::BoundsDisagree { .. })
        ));
        assert_eq!(
            Period::containing(PeriodKind::NineMonths, d("2027-11-02")),
            Err(PeriodError::NotInNineMonths {
                day: d("2027-11-02")
            })
        );
        assert_eq!(
            PeriodKind::parse("nine_months"),
            Some(PeriodKind::NineMonths)
        );
        assert_eq!(PeriodKind::parse("week"), None);
    }
}
