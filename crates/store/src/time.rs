//! The store's text forms of days and instants.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::StoreError;

/// Fixed width, so that text order is time order.
const INSTANT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

pub fn instant(t: DateTime<Utc>) -> String {
    t.format(INSTANT).to_string()
}

pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, StoreError> {
    chrono::NaiveDateTime::parse_from_str(s, INSTANT)
        .map(|t| t.and_utc())
        .map_err(|_| StoreError::Corrupt(format!("instant {s:?}")))
}

pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_day(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("day {s:?}")))
}

pub fn time_of_day(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

pub fn parse_time_of_day(s: &str) -> Result<NaiveTime, StoreError> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| StoreError::Corrupt(format!("time {s:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_sort_as_text_in_time_order() {
        let a = DateTime::parse_from_rfc3339("2024-05-14T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let b = DateTime::parse_from_rfc3339("2024-05-14T10:00:00.5Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(instant(a) < instant(b));
        assert_eq!(parse_instant(&instant(b)).unwrap(), b);
    }
}
