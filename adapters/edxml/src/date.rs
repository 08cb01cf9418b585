//! The date and time spellings senders actually use.
//!
//! The standard writes `yyyy/MM/dd` and `yyyy/MM/dd HH:mm:ss`, but other
//! systems on the axis send `dd/MM/yyyy`, `yyyy-MM-dd`, `dd-MM-yyyy` and
//! ISO-8601 with a `T` and a `Z`. The shape is recognised by where the
//! four-digit year sits, so no format list has to be tried in turn. Day-first
//! is the only order for a trailing year: month-first is not used in Vietnam.
//!
//! Zones are never meaningful here (senders mean Vietnam time and rarely say
//! so); a `Z` or offset is accepted and ignored, and the wall-clock time is kept
//! as written.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// Why a date or time could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not one of the recognised shapes.
    Format,
    /// The right shape, but no such day or time (e.g. `2014/02/30`).
    Impossible,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Format => f.write_str(
                "unrecognised date; expected yyyy/MM/dd, dd/MM/yyyy or yyyy-MM-dd, \
                 optionally followed by HH:mm:ss",
            ),
            DateError::Impossible => f.write_str("no such date or time"),
        }
    }
}

/// Reads a date, ignoring any time that follows it (date fields sometimes
/// carry a full timestamp).
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    parse_datetime(s).map(|dt| dt.date())
}

/// Reads a date with an optional time; a bare date is midnight.
pub fn parse_datetime(s: &str) -> Result<NaiveDateTime, DateError> {
    let s = s.trim();
    let (date_part, time_part) = match s.find([' ', 'T', 't']) {
        Some(at) => (&s[..at], Some(s[at + 1..].trim_start())),
        None => (s, None),
    };
    let date = date_from(date_part)?;
    let time = match time_part {
        Some(t) => time_from(t)?,
        None => NaiveTime::MIN,
    };
    Ok(date.and_time(time))
}

fn date_from(s: &str) -> Result<NaiveDate, DateError> {
    let sep = if s.contains('/') { '/' } else { '-' };
    let mut parts = s.split(sep);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DateError::Format);
    };
    let (year, month, day) = if a.len() == 4 && is_short(c) {
        (a, b, c)
    } else if c.len() == 4 && is_short(a) {
        (c, b, a)
    } else {
        return Err(DateError::Format);
    };
    if !is_short(month) {
        return Err(DateError::Format);
    }
    let year: i32 = digits(year)?;
    let month: u32 = digits(month)?;
    let day: u32 = digits(day)?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::Impossible)
}

/// `HH:mm`, `HH:mm:ss` or `HH:mm:ss.fraction`, then an optional `Z` or
/// `±HH[:MM]` that is checked for shape and dropped.
fn time_from(s: &str) -> Result<NaiveTime, DateError> {
    let clock = match s.find(['Z', 'z', '+', '-']) {
        Some(at) => {
            let zone = &s[at..];
            let valid_zone = zone.eq_ignore_ascii_case("z") || is_offset(&zone[1..]);
            if !valid_zone {
                return Err(DateError::Format);
            }
            &s[..at]
        }
        None => s,
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, fraction)) => (hms, Some(fraction)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let (Some(h), Some(m), sec, None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DateError::Format);
    };
    if !is_short(h) || m.len() != 2 || sec.is_some_and(|s| s.len() != 2) {
        return Err(DateError::Format);
    }
    let nanos = match fraction {
        // A fraction only makes sense after seconds.
        Some(_) if sec.is_none() => return Err(DateError::Format),
        Some(f) => nanos_from(f)?,
        None => 0,
    };
    let hour: u32 = digits(h)?;
    let minute: u32 = digits(m)?;
    let second: u32 = sec.map(digits).transpose()?.unwrap_or(0);
    // chrono reads nanos >= 1e9 as a leap second; never produce that here.
    if second > 59 {
        return Err(DateError::Impossible);
    }
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or(DateError::Impossible)
}

fn nanos_from(fraction: &str) -> Result<u32, DateError> {
    if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Format);
    }
    // Digits beyond nanoseconds carry nothing a deadline could use.
    let kept = &fraction[..fraction.len().min(9)];
    let value: u32 = digits(kept)?;
    Ok(value * 10u32.pow(9 - kept.len() as u32))
}

fn is_offset(s: &str) -> bool {
    let bytes = s.as_bytes();
    let all_digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    match bytes.len() {
        2 | 4 => all_digits(bytes),
        5 => bytes[2] == b':' && all_digits(&bytes[..2]) && all_digits(&bytes[3..]),
        _ => false,
    }
}

fn is_short(s: &str) -> bool {
    matches!(s.len(), 1 | 2)
}

fn digits<T: std::str::FromStr>(s: &str) -> Result<T, DateError> {
    // `FromStr` for integers accepts a leading `+`; a date field must not.
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Format);
    }
    s.parse().map_err(|_| DateError::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn ymd_hms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        ymd(y, mo, d)
            .and_hms_opt(h, mi, s)
            .expect("valid test time")
    }

    #[test]
    fn the_standard_year_first_slash_form_is_read() {
        assert_eq!(parse_date("2024/05/14"), Ok(ymd(2024, 5, 14)));
    }

    #[test]
    fn the_day_first_slash_form_is_read() {
        assert_eq!(parse_date("14/05/2024"), Ok(ymd(2024, 5, 14)));
    }

    #[test]
    fn the_iso_dash_form_is_read() {
        assert_eq!(parse_date("2024-05-14"), Ok(ymd(2024, 5, 14)));
    }

    #[test]
    fn the_day_first_dash_form_is_read() {
        assert_eq!(parse_date("14-05-2024"), Ok(ymd(2024, 5, 14)));
    }

    #[test]
    fn single_digit_day_and_month_are_read() {
        assert_eq!(parse_date("14/5/2024"), Ok(ymd(2024, 5, 14)));
        assert_eq!(parse_date("2024/5/4"), Ok(ymd(2024, 5, 4)));
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_eq!(parse_date("  2024/05/14\r\n"), Ok(ymd(2024, 5, 14)));
    }

    #[test]
    fn a_time_after_a_date_field_is_ignored() {
        assert_eq!(parse_date("2023/03/14 17:19:16"), Ok(ymd(2023, 3, 14)));
        assert_eq!(parse_date("14/03/2023 17:19:16"), Ok(ymd(2023, 3, 14)));
        assert_eq!(parse_date("2023-03-14T17:19:16Z"), Ok(ymd(2023, 3, 14)));
        assert_eq!(parse_date("2023-03-14T17:19:16.123Z"), Ok(ymd(2023, 3, 14)));
    }

    #[test]
    fn a_timestamp_keeps_its_time() {
        assert_eq!(
            parse_datetime("2024/05/15 08:30:12"),
            Ok(ymd_hms(2024, 5, 15, 8, 30, 12))
        );
        assert_eq!(
            parse_datetime("15/05/2024 08:30:12"),
            Ok(ymd_hms(2024, 5, 15, 8, 30, 12))
        );
        assert_eq!(
            parse_datetime("2024-05-15T08:30"),
            Ok(ymd_hms(2024, 5, 15, 8, 30, 0))
        );
    }

    #[test]
    fn a_zone_is_accepted_and_the_wall_clock_time_kept() {
        let expected = Ok(ymd_hms(2024, 5, 15, 8, 30, 12));
        assert_eq!(parse_datetime("2024-05-15T08:30:12Z"), expected);
        assert_eq!(parse_datetime("2024-05-15T08:30:12+07:00"), expected);
        assert_eq!(parse_datetime("2024-05-15T08:30:12-0300"), expected);
    }

    #[test]
    fn fractional_seconds_are_kept() {
        let dt = parse_datetime("2024-05-15T08:30:12.5Z").expect("parses");
        assert_eq!(dt.and_utc().timestamp_subsec_millis(), 500);
    }

    #[test]
    fn a_bare_date_as_timestamp_is_midnight() {
        assert_eq!(
            parse_datetime("2024/05/15"),
            Ok(ymd_hms(2024, 5, 15, 0, 0, 0))
        );
    }

    #[test]
    fn impossible_dates_are_told_apart_from_bad_shapes() {
        assert_eq!(parse_date("2014/02/30"), Err(DateError::Impossible));
        assert_eq!(parse_date("30/02/2014"), Err(DateError::Impossible));
        assert_eq!(parse_date("2024/13/01"), Err(DateError::Impossible));
        assert_eq!(parse_date("2024/00/10"), Err(DateError::Impossible));
        assert_eq!(parse_date("2024/02/29"), Ok(ymd(2024, 2, 29)));
        assert_eq!(parse_date("2023/02/29"), Err(DateError::Impossible));
    }

    #[test]
    fn an_impossible_time_is_refused() {
        assert_eq!(
            parse_datetime("2024/05/15 24:00:00"),
            Err(DateError::Impossible)
        );
        assert_eq!(
            parse_datetime("2024/05/15 23:60:00"),
            Err(DateError::Impossible)
        );
        assert_eq!(
            parse_datetime("2024/05/15 23:59:60"),
            Err(DateError::Impossible)
        );
        assert_eq!(
            parse_date("2024/05/15 25:00:00"),
            Err(DateError::Impossible)
        );
    }

    #[test]
    fn shapes_that_are_not_dates_are_refused() {
        for s in [
            "",
            "2024",
            "2024/05",
            "2024/05/14/01",
            "2024/05-14",
            "24/05/14",
            "2024/005/14",
            "+2024/05/14",
            "2024/+5/14",
            "14.05.2024",
            "1715731200000",
            "hôm nay",
            "2024/05/14 nonsense",
            "2024/05/14 8",
            "2024/05/14 08:3",
            "2024/05/14 08:30:12.",
            "2024/05/14 08:30.5",
            "2024-05-14T08:30:12+7",
            "2024-05-14T08:30:12ZZ",
            "99999/05/14",
        ] {
            assert_eq!(parse_datetime(s), Err(DateError::Format), "{s:?}");
        }
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        assert_eq!(
            parse_datetime("2024/05/14 99:99:99.99999999999999999999"),
            Err(DateError::Impossible)
        );
    }
}
