//! Vietnamese working days: every time limit of the regulation is counted here, and only here.
//!
//! # Layout
//! - [`lunar`]: the Vietnamese lunar calendar (Hồ Ngọc Đức's rules at UTC+7), for Tết and Giỗ Tổ;
//! - `holidays`: the statutory holidays of a year without an official schedule (provisional);
//! - `schedule`: the official yearly schedules shipped in `config/calendar/` and added by admins;
//! - this module: [`Calendar`], which classifies every day of 1968–2100 once and counts working
//!   days per the Civil Code (Điều 144–148): counting starts the day after the event, a limit
//!   ends at the end of its last day, and a last day that is a day off moves to the next working day.

mod holidays;
pub mod lunar;
#[cfg(test)]
mod lunar_reference;
pub mod schedule;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc, Weekday};

/// The first and last years the calendar answers for (the lunar calendar's range).
pub const FIRST_YEAR: i32 = 1968;
pub const LAST_YEAR: i32 = 2100;

/// Why a day is special.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DayKind {
    /// A statutory holiday on its own date.
    Holiday,
    /// Nghỉ bù: a holiday fell on a weekend.
    Compensatory,
    /// A weekday made free against a worked Saturday.
    Swap,
    /// Tết Nguyên đán.
    Tet,
    /// Any other day off (an admin's addition, a new holiday).
    Other,
    /// A Saturday that is a working day.
    WorkedSaturday,
}

impl DayKind {
    /// The spelling of the `calendar --json` contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Compensatory => "compensatory",
            Self::Swap => "swap",
            Self::Tet => "tet",
            Self::Other => "other",
            Self::WorkedSaturday => "worked_saturday",
        }
    }

    pub fn is_working(self) -> bool {
        self == Self::WorkedSaturday
    }
}

/// A weekday off or a Saturday worked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecialDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub name: String,
}

/// What the calendar knows of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearInfo {
    /// No official schedule: computed from the statutory rules.
    pub provisional: bool,
    /// The notice(s) of an official schedule.
    pub notice: Option<String>,
    /// Its weekdays off and Saturdays worked, in date order.
    pub days: Vec<SpecialDay>,
}

/// What an admin may add without a rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CalendarSettings {
    /// A folder of year files (`YYYY.toml`) added to, or replacing, the shipped ones.
    pub dir: Option<PathBuf>,
    /// Single weekdays off added to whatever the year says.
    pub days_off: Vec<SpecialDay>,
    /// Single Saturdays worked added to whatever the year says.
    pub worked_days: Vec<SpecialDay>,
    /// Whether 24/11 (Ngày Văn hóa Việt Nam) is a day off in computed years from 2026.
    pub culture_day: bool,
}

/// The instant a deadline ends, in Vietnam: at the given hour, else at the end of the day (Điều
/// 147: a limit in days ends at 24:00 of its last day).
pub fn deadline_end(day: NaiveDate, time: Option<NaiveTime>) -> DateTime<Utc> {
    match time {
        Some(t) => crate::clock::local_instant(day, t),
        None => crate::clock::end_of_day(day),
    }
}

/// A date the calendar cannot answer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{0} is outside the calendar's range {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31")]
pub struct OutOfRange(pub NaiveDate);

/// Every day of 1968–2100 classified once, with running counts of working days, so that each
/// question is answered by an index lookup.
#[derive(Clone)]
pub struct Calendar {
    first: NaiveDate,
    /// Per day from `first`: a working day?
    working: Vec<bool>,
    /// `before[i]`: working days strictly before day `i`. One longer than `working`.
    before: Vec<u32>,
    /// The offsets of the working days, in order.
    working_days: Vec<u32>,
    years: BTreeMap<i32, YearInfo>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let official: Vec<i32> = self
            .years
            .iter()
            .filter(|(_, y)| !y.provisional)
            .map(|(y, _)| *y)
            .collect();
        f.debug_struct("Calendar")
            .field("official_years", &official)
            .field("working_days", &self.working_days.len())
            .finish()
    }
}

impl Calendar {
    /// The calendar with the shipped schedules and the statutory rules only.
    pub fn shipped() -> Result<Self, Vec<String>> {
        Self::build(&CalendarSettings {
            culture_day: true,
            ..CalendarSettings::default()
        })
    }

    /// Builds the calendar, checking the schedules and the admin's additions; every problem is
    /// returned.
    pub fn build(settings: &CalendarSettings) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let official = schedule::load(settings.dir.as_deref()).unwrap_or_else(|p| {
            problems.extend(p);
            BTreeMap::new()
        });
        let mut years = BTreeMap::new();
        for year in FIRST_YEAR..=LAST_YEAR {
            let info = match official.get(&year) {
                Some(s) => YearInfo {
                    provisional: false,
                    notice: Some(s.notice.clone()).filter(|n| !n.is_empty()),
                    days: s.days.clone(),
                },
                None => YearInfo {
                    provisional: true,
                    notice: None,
                    days: holidays::statutory(year, settings.culture_day).unwrap_or_default(),
                },
            };
            years.insert(year, info);
        }
        for (what, extra) in [
            ("calendar.days_off", &settings.days_off),
            ("calendar.worked_days", &settings.worked_days),
        ] {
            for d in extra {
                let weekend = matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun);
                if d.kind.is_working() && d.date.weekday() != Weekday::Sat {
                    problems.push(format!(
                        "{what}: {} is a {}, not a Saturday",
                        d.date,
                        d.date.weekday()
                    ));
                    continue;
                }
                if !d.kind.is_working() && weekend {
                    problems.push(format!(
                        "{what}: {} is a {}, already a day off",
                        d.date,
                        d.date.weekday()
                    ));
                    continue;
                }
                let Some(info) = years.get_mut(&d.date.year()) else {
                    problems.push(format!(
                        "{what}: {} is outside {FIRST_YEAR}–{LAST_YEAR}",
                        d.date
                    ));
                    continue;
                };
                // Days off must be weekdays and worked days Saturdays, so an addition can only
                // repeat what the year already says, never contradict it.
                if info.days.iter().any(|x| x.date == d.date) {
                    continue;
                }
                info.days.push(d.clone());
                info.days.sort_by_key(|x| x.date);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self::index(years))
    }

    fn index(years: BTreeMap<i32, YearInfo>) -> Self {
        let first = lunar::first_date();
        let last = lunar::last_date();
        let total = (last - first).num_days() as usize + 1;
        let mut working = Vec::with_capacity(total);
        let mut day = first;
        for _ in 0..total {
            working.push(!matches!(day.weekday(), Weekday::Sat | Weekday::Sun));
            day = day.succ_opt().unwrap_or(day);
        }
        for info in years.values() {
            for d in &info.days {
                let i = (d.date - first).num_days() as usize;
                working[i] = d.kind.is_working();
            }
        }
        let mut before = Vec::with_capacity(total + 1);
        let mut working_days = Vec::new();
        let mut count = 0u32;
        for (i, w) in working.iter().enumerate() {
            before.push(count);
            if *w {
                working_days.push(i as u32);
                count += 1;
            }
        }
        before.push(count);
        Self {
            first,
            working,
            before,
            working_days,
            years,
        }
    }

    fn offset(&self, date: NaiveDate) -> Result<usize, OutOfRange> {
        let i = (date - self.first).num_days();
        if i < 0 || i as usize >= self.working.len() {
            return Err(OutOfRange(date));
        }
        Ok(i as usize)
    }

    fn date_at(&self, offset: u32) -> NaiveDate {
        self.first + Days::new(u64::from(offset))
    }

    /// Whether civil servants work on `date`.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, OutOfRange> {
        Ok(self.working[self.offset(date)?])
    }

    /// The first working day after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, OutOfRange> {
        self.add_working_days(date, 1)
    }

    /// The `n`-th working day after `from` ("trong N ngày làm việc kể từ ngày X": counting starts
    /// the day after X). `n = 0` is `from` itself.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, OutOfRange> {
        let i = self.offset(from)?;
        if n == 0 {
            return Ok(from);
        }
        let k = self.before[i + 1] as usize + n as usize - 1;
        match self.working_days.get(k) {
            Some(&offset) => Ok(self.date_at(offset)),
            None => Err(OutOfRange(from + Days::new(u64::from(n)))),
        }
    }

    /// The last day of a limit of `n` days after `from` (Điều 147: counting starts the next day;
    /// Điều 148: a last day that is a day off moves to the next working day).
    pub fn add_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, OutOfRange> {
        let last = from
            .checked_add_days(Days::new(u64::from(n)))
            .ok_or(OutOfRange(from))?;
        self.on_or_after(last)
    }

    /// `date` if it is a working day, else the next working day: where a deadline on a day off lands.
    pub fn on_or_after(&self, date: NaiveDate) -> Result<NaiveDate, OutOfRange> {
        if self.is_working_day(date)? {
            Ok(date)
        } else {
            self.next_working_day(date)
        }
    }

    /// The working days in `(from, to]`: how many working days after `from` it is on `to`
    /// (negative when `to` is before `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, OutOfRange> {
        let a = i64::from(self.before[self.offset(from)? + 1]);
        let b = i64::from(self.before[self.offset(to)? + 1]);
        Ok(b - a)
    }

    /// What the calendar knows of `year`.
    pub fn year(&self, year: i32) -> Option<&YearInfo> {
        self.years.get(&year)
    }
}

#[cfg(test)]
mod tests;
