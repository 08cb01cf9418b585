//! When the Office works: a working day (the calendar's) within office hours. The remind job
//! decides notices only then.

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};

use crate::calendar::Calendar;
use crate::clock::ZONE;

/// A daily window of office hours in Vietnam, `HH:MM-HH:MM`, its end excluded (`24:00` allowed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHours {
    /// Minutes after midnight.
    start: u32,
    end: u32,
}

impl OfficeHours {
    /// Reads `07:00-17:00`; the window must not be empty nor run past midnight.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad =
            || format!("{s:?} is not a window of office hours HH:MM-HH:MM, e.g. \"07:00-17:00\"");
        let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
        let minutes = |t: &str| -> Option<u32> {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
        };
        let (start, end) = (minutes(a).ok_or_else(bad)?, minutes(b).ok_or_else(bad)?);
        if start >= end {
            return Err(format!(
                "{s:?} ends before it starts; office hours lie within one day"
            ));
        }
        Ok(Self { start, end })
    }

    /// Whether `time` (of day, in Vietnam) falls within the window.
    pub fn contains(self, time: NaiveTime) -> bool {
        let secs = time.num_seconds_from_midnight();
        (self.start * 60..self.end * 60).contains(&secs)
    }
}

impl Default for OfficeHours {
    /// 07:00–17:00.
    fn default() -> Self {
        Self {
            start: 7 * 60,
            end: 17 * 60,
        }
    }
}

impl fmt::Display for OfficeHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start / 60,
            self.start % 60,
            self.end / 60,
            self.end % 60
        )
    }
}

/// Why the Office is closed at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// A weekend, a holiday or another day off.
    DayOff(NaiveDate),
    /// A working day, outside office hours.
    OutsideHours(NaiveTime),
    /// A day the calendar does not cover (before 1968 or after 2100).
    OutsideCalendar(NaiveDate),
}

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DayOff(d) => write!(f, "{d} is not a working day"),
            Self::OutsideHours(t) => write!(f, "{} is outside office hours", t.format("%H:%M")),
            Self::OutsideCalendar(d) => write!(f, "{d} is outside the calendar"),
        }
    }
}

/// Whether the Office works at `at`: a working day, within `hours`.
pub fn open_at(calendar: &Calendar, hours: OfficeHours, at: DateTime<Utc>) -> Result<(), Closed> {
    let local = at.with_timezone(&ZONE);
    let day = local.date_naive();
    match calendar.is_working_day(day) {
        Ok(true) => {}
        Ok(false) => return Err(Closed::DayOff(day)),
        Err(_) => return Err(Closed::OutsideCalendar(day)),
    }
    if !hours.contains(local.time()) {
        return Err(Closed::OutsideHours(local.time()));
    }
    Ok(())
}

/// Whether any instant of `schedule` falls within `hours` (looking a little over a year ahead,
/// and giving the benefit of the doubt to a schedule too dense to look through).
pub fn ever_within(schedule: &cron::Schedule, hours: OfficeHours) -> bool {
    let from = crate::clock::local_instant(
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
        NaiveTime::MIN,
    )
    .with_timezone(&ZONE);
    let until = from + chrono::Duration::days(400);
    let mut seen = 0;
    for t in schedule.after(&from) {
        if t > until {
            return false;
        }
        if hours.contains(t.time()) {
            return true;
        }
        seen += 1;
        if seen >= 100_000 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;
    use std::str::FromStr;

    fn calendar() -> Calendar {
        Calendar::shipped().unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    #[test]
    fn office_hours_are_read_as_a_window_within_one_day() {
        let h = OfficeHours::parse("07:00-17:00").unwrap();
        assert_eq!(h, OfficeHours::default());
        assert_eq!(h.to_string(), "07:00-17:00");
        assert!(h.contains(NaiveTime::from_hms_opt(7, 0, 0).unwrap()));
        assert!(h.contains(NaiveTime::from_hms_opt(16, 59, 59).unwrap()));
        assert!(!h.contains(NaiveTime::from_hms_opt(17, 0, 0).unwrap()));
        assert!(!h.contains(NaiveTime::from_hms_opt(6, 59, 59).unwrap()));
        let all_day = OfficeHours::parse("00:00-24:00").unwrap();
        assert!(all_day.contains(NaiveTime::from_hms_opt(23, 59, 59).unwrap()));
        for bad in [
            "7-17",
            "07:00",
            "17:00-07:00",
            "07:00-07:00",
            "07:60-17:00",
            "25:00-26:00",
        ] {
            assert!(OfficeHours::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_office_works_on_working_days_within_office_hours() {
        let (c, h) = (calendar(), OfficeHours::default());
        // Monday 2 March 2026.
        assert_eq!(open_at(&c, h, at("2026-03-02T07:30:00+07:00")), Ok(()));
        assert_eq!(
            open_at(&c, h, at("2026-03-02T18:00:00+07:00")),
            Err(Closed::OutsideHours(
                NaiveTime::from_hms_opt(18, 0, 0).unwrap()
            ))
        );
        // Sunday 1 March 2026; Tuesday 17 February 2026 is Tết.
        for day_off in ["2026-03-01T07:30:00+07:00", "2026-02-17T09:00:00+07:00"] {
            assert!(
                matches!(open_at(&c, h, at(day_off)), Err(Closed::DayOff(_))),
                "{day_off}"
            );
        }
    }

    #[test]
    fn a_schedule_that_never_falls_in_office_hours_is_told_apart() {
        let h = OfficeHours::default();
        let s = |e: &str| cron::Schedule::from_str(e).unwrap();
        assert!(ever_within(&s("0 30 7 * * *"), h));
        assert!(ever_within(&s("0 0 * * * *"), h));
        assert!(ever_within(&s("0 0 8 1 * *"), h));
        assert!(!ever_within(&s("0 0 2 * * *"), h));
        assert!(!ever_within(&s("0 0 17 * * *"), h));
    }
}
