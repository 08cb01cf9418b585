//! The time as the rules ask for it.
//!
//! Logic never calls `Utc::now()`: it asks a [`Clock`], so that tests and `--as-of` can put it at
//! any instant. Instants given by people are read here too, in the province's time zone.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Vietnam's time zone: every date an official writes is a day in it.
pub const ZONE: Tz = chrono_tz::Asia::Ho_Chi_Minh;

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

/// A clock that stands still until told to move: for tests and `--as-of`.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Arc::new(Mutex::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// Reads an `--as-of` / `--at` value: `YYYY-MM-DD` is the end of that day in Vietnam (a deadline
/// "ngày 20/6" runs to midnight), anything else must be an RFC 3339 instant.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(day) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(end_of_day(day));
    }
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("{s:?} is neither a date YYYY-MM-DD nor an RFC 3339 instant"))
}

/// The last instant of `day` in Vietnam.
pub fn end_of_day(day: NaiveDate) -> DateTime<Utc> {
    let last = NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap_or(NaiveTime::MIN);
    local_instant(day, last)
}

/// `time` on `day` in Vietnam, as an instant.
pub fn local_instant(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    // Vietnam has had no daylight saving since 1975, so a local time is never ambiguous or
    // skipped; `earliest` only guards the historical offsets.
    ZONE.from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&day.and_time(time)))
}

/// The day it is in Vietnam at `at`.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&ZONE).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_date_means_the_end_of_that_day_in_vietnam() {
        let t = parse_instant("2024-06-20").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-06-20T16:59:59.999999999+00:00");
        assert_eq!(local_date(t), NaiveDate::from_ymd_opt(2024, 6, 20).unwrap());
    }

    #[test]
    fn an_rfc3339_instant_is_taken_as_given() {
        let t = parse_instant("2024-06-20T08:00:00+07:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-06-20T01:00:00+00:00");
        assert!(parse_instant("20/06/2024").is_err());
    }

    #[test]
    fn a_fixed_clock_moves_only_when_told() {
        let c = FixedClock::new(parse_instant("2024-01-01").unwrap());
        let before = c.now();
        assert_eq!(c.now(), before);
        c.set(parse_instant("2024-01-02").unwrap());
        assert!(c.now() > before);
    }
}
