//! The Vietnamese lunar calendar (âm lịch), for Tết and Giỗ Tổ Hùng Vương.
//!
//! The rules are those described by Hồ Ngọc Đức in "Thuật toán tính âm lịch":
//!
//! - a lunar month begins on the civil day (in UTC+7, i.e. at 105°E) that contains the new moon
//!   (điểm Sóc);
//! - the month that contains the winter solstice (Đông chí, sun at 270°) is month 11;
//! - between two consecutive months 11 there are 12 or 13 months; when there are 13, the first month
//!   after month 11 that contains no principal solar term (trung khí, the sun crossing a multiple
//!   of 30°) is a leap month and repeats the number of the month before it.
//!
//! New moons come from the truncated Meeus series the description publishes and the sun's
//! longitude from its low-precision formula, both in `f64`. Vietnam has kept its calendar in UTC+7
//! since 1968, so every date from [`first_date`] to [`last_date`] is computed in that zone.
//!
//! Lunar years are numbered by the Gregorian year in which their Tết falls: lunar year `Y` runs
//! from Tết in Gregorian year `Y` to the day before the next Tết, so its months 11 and 12 (and a
//! leap month 11 or 12) fall around the turn of Gregorian years `Y`/`Y + 1`. The days from
//! 1968-01-01 to the eve of Tết 1968 belong to lunar year 1967.
//!
//! Every month start of the supported range is computed once, on first use, into a table of about
//! 1,650 entries; conversions afterwards are a binary search.

use std::f64::consts::PI;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

/// A day of the Vietnamese lunar calendar.
///
/// The field order makes the derived `Ord` chronological: a leap month comes right after the
/// regular month of the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LunarDate {
    /// The lunar year, numbered by the Gregorian year in which its Tết falls.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// Whether this is the leap month (tháng nhuận) that follows the regular month `month`.
    pub leap: bool,
    /// 1 to 29 or 30.
    pub day: u32,
}

/// The first solar date this module converts: 1968-01-01.
pub fn first_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1968, 1, 1).expect("1968-01-01 is a valid date")
}

/// The last solar date this module converts: 2100-12-31.
pub fn last_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2100, 12, 31).expect("2100-12-31 is a valid date")
}

/// The lunar date of a solar date; `None` outside [`first_date`]`..=`[`last_date`].
pub fn to_lunar(date: NaiveDate) -> Option<LunarDate> {
    if date < first_date() || date > last_date() {
        return None;
    }
    let day = day_number(date);
    let table = table();
    // The last month that starts on or before `day`; the range check above guarantees one exists.
    let index = table
        .months
        .partition_point(|m| m.start <= day)
        .checked_sub(1)?;
    let month = &table.months[index];
    Some(LunarDate {
        year: month.year,
        month: month.month,
        leap: month.leap,
        day: u32::try_from(day - month.start + 1).ok()?,
    })
}

/// The solar date of a lunar date.
///
/// `None` when no such lunar date exists (month 0 or 13, day 0, day 30 of a 29-day month, `leap`
/// on a month that is not the year's leap month) or when the solar date falls outside
/// [`first_date`]`..=`[`last_date`].
pub fn from_lunar(date: LunarDate) -> Option<NaiveDate> {
    let table = table();
    let index = table.month_index(date.year, date.month, date.leap)?;
    let length = table.length(index);
    if date.day == 0 || date.day > length {
        return None;
    }
    let solar = from_day_number(table.months[index].start + i64::from(date.day) - 1)?;
    (first_date()..=last_date())
        .contains(&solar)
        .then_some(solar)
}

/// Tết Nguyên Đán: the solar date of 1/1 of lunar year `year` (the lunar year that begins in
/// Gregorian year `year`); `None` when it falls outside the supported range (before 1968 or after
/// 2100).
pub fn tet(year: i32) -> Option<NaiveDate> {
    from_lunar(LunarDate {
        year,
        month: 1,
        leap: false,
        day: 1,
    })
}

/// The leap month of a lunar year, if it has one (`Some(4)` means a "tháng 4 nhuận" follows month
/// 4). `None` also for years outside 1967..=2100, the lunar years that touch the supported range.
pub fn leap_month(lunar_year: i32) -> Option<u32> {
    let table = table();
    table
        .year_months(lunar_year)?
        .iter()
        .find(|m| m.leap)
        .map(|m| m.month)
}

/// The number of days (29 or 30) of a month of a lunar year in 1967..=2100; `None` when the month
/// does not exist.
pub fn month_length(lunar_year: i32, month: u32, leap: bool) -> Option<u32> {
    let table = table();
    let index = table.month_index(lunar_year, month, leap)?;
    Some(table.length(index))
}

// ---------------------------------------------------------------------------------------------
// The month table
// ---------------------------------------------------------------------------------------------

/// The first and last lunar years of the table: every lunar year with a day in the supported
/// solar range.
const FIRST_LUNAR_YEAR: i32 = 1967;
const LAST_LUNAR_YEAR: i32 = 2100;

/// One lunar month: the day number of its first day and its name.
#[derive(Debug, Clone, Copy)]
struct Month {
    start: i64,
    year: i32,
    month: u32,
    leap: bool,
}

#[derive(Debug)]
struct Table {
    /// Every month of lunar years `FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR`, in order.
    months: Vec<Month>,
    /// The day after the last month of the table (Tết of `LAST_LUNAR_YEAR + 1`).
    end: i64,
    /// `year_start[i]` is the index in `months` of month 1 of lunar year `FIRST_LUNAR_YEAR + i`;
    /// one more entry holds `months.len()`.
    year_start: Vec<usize>,
}

impl Table {
    fn year_range(&self, year: i32) -> Option<std::ops::Range<usize>> {
        if !(FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR).contains(&year) {
            return None;
        }
        let i = usize::try_from(year - FIRST_LUNAR_YEAR).ok()?;
        Some(self.year_start[i]..self.year_start[i + 1])
    }

    fn year_months(&self, year: i32) -> Option<&[Month]> {
        self.year_range(year).map(|r| &self.months[r])
    }

    fn month_index(&self, year: i32, month: u32, leap: bool) -> Option<usize> {
        let range = self.year_range(year)?;
        let start = range.start;
        self.months[range]
            .iter()
            .position(|m| m.month == month && m.leap == leap)
            .map(|i| start + i)
    }

    fn length(&self, index: usize) -> u32 {
        let next = self.months.get(index + 1).map_or(self.end, |m| m.start);
        u32::try_from(next - self.months[index].start).expect("a lunar month lasts 29 or 30 days")
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build_table)
}

/// Computes every month from month 11 of Gregorian year `FIRST_LUNAR_YEAR - 1` to the month before
/// month 11 of Gregorian year `LAST_LUNAR_YEAR + 1`, then keeps those of the supported lunar years.
fn build_table() -> Table {
    let mut all = Vec::new();
    // Lunation index of month 11 of the previous Gregorian year.
    let mut previous_eleven = month_eleven_lunation(FIRST_LUNAR_YEAR - 1);
    for year in FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR + 1 {
        let eleven = month_eleven_lunation(year);
        push_solstice_year(&mut all, previous_eleven, eleven, year);
        previous_eleven = eleven;
    }

    let end = all
        .iter()
        .find(|m| m.year > LAST_LUNAR_YEAR)
        .expect("the months computed reach past the last lunar year")
        .start;
    let months: Vec<Month> = all
        .into_iter()
        .filter(|m| (FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR).contains(&m.year))
        .collect();
    let year_start = (FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR + 1)
        .map(|year| months.partition_point(|m| m.year < year))
        .collect();
    Table {
        months,
        end,
        year_start,
    }
}

/// Names the months from month 11 at lunation `from` (the solstice of Gregorian year `year - 1`) up
/// to, not including, month 11 at lunation `to` (the solstice of `year`), and appends them.
///
/// Months 11 and 12 (and a leap month after either) belong to lunar year `year - 1`; months 1 to
/// 10 to lunar year `year`.
fn push_solstice_year(out: &mut Vec<Month>, from: i64, to: i64, year: i32) {
    let count = to - from;
    debug_assert!(
        count == 12 || count == 13,
        "{count} months between two solstices"
    );
    // Offset from month 11 of the leap month, in a 13-month solstice year: the first month whose
    // start and the next month's start lie in the same 30° sector of the sun's longitude, so that
    // no principal term falls within it.
    let leap_offset = if count == 13 {
        (1..count).find(|&i| {
            principal_term_sector(new_moon_day(from + i))
                == principal_term_sector(new_moon_day(from + i + 1))
        })
    } else {
        None
    };
    debug_assert!(
        count == 12 || leap_offset.is_some(),
        "no month without a principal term in a 13-month year"
    );

    for offset in 0..count {
        let (named_offset, leap) = match leap_offset {
            Some(l) if offset == l => (offset - 1, true),
            Some(l) if offset > l => (offset - 1, false),
            _ => (offset, false),
        };
        // Offset 0 is month 11, offset 1 month 12, offset 2 month 1, …
        let month = u32::try_from((named_offset + 10) % 12 + 1).expect("1..=12");
        out.push(Month {
            start: new_moon_day(from + offset),
            year: if month >= 11 { year - 1 } else { year },
            month,
            leap,
        });
    }
}

// ---------------------------------------------------------------------------------------------
// Astronomy (f64): Julian day numbers, new moons, the sun's longitude
// ---------------------------------------------------------------------------------------------

/// Vietnam's time zone, UTC+7, as a fraction of a day.
const ZONE_OFFSET_DAYS: f64 = 7.0 / 24.0;

/// The mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;

/// The Julian day number of 0001-01-01 (proleptic Gregorian) minus one: adding a
/// `num_days_from_ce` gives the Julian day number of a date.
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;

/// The Julian day number of a solar date: the number of the day that begins at its (civil)
/// midnight, counted as astronomers count, e.g. 2,451,545 for 2000-01-01.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO
}

fn from_day_number(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day - JDN_OF_CE_DAY_ZERO).ok()?)
}

fn degrees(x: f64) -> f64 {
    x.to_radians()
}

/// The instant (Julian date, UT) of new moon number `k`, counted from the new moon of
/// 1900-01-01 (`k = 0`), by the truncated series of Meeus.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries since 1900-01-01
    let t2 = t * t;
    let t3 = t2 * t;

    // The mean new moon …
    let mean = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3
        + 0.000_33 * degrees(166.56 + 132.87 * t - 0.009_173 * t2).sin();
    // … corrected by the sun's mean anomaly `m`, the moon's `mp` and its argument of latitude `f`.
    let m = degrees(359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3);
    let mp = degrees(306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3);
    let f = degrees(21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3);
    let correction = (0.1734 - 0.000_393 * t) * m.sin() + 0.0021 * (2.0 * m).sin()
        - 0.4068 * mp.sin()
        + 0.0161 * (2.0 * mp).sin()
        - 0.0004 * (3.0 * mp).sin()
        + 0.0104 * (2.0 * f).sin()
        - 0.0051 * (m + mp).sin()
        - 0.0074 * (m - mp).sin()
        + 0.0004 * (2.0 * f + m).sin()
        - 0.0004 * (2.0 * f - m).sin()
        - 0.0006 * (2.0 * f + mp).sin()
        + 0.0010 * (2.0 * f - mp).sin()
        + 0.0005 * (2.0 * mp + m).sin();
    // ΔT (dynamical time minus universal time), in days.
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    mean + correction - delta_t
}

/// The Julian day number of the civil day in UTC+7 that contains new moon number `k`.
fn new_moon_day(k: i64) -> i64 {
    // A Julian date's day starts at noon UT: + 0.5 moves the boundary to midnight UT, + 7 h to
    // midnight in Vietnam.
    (new_moon(k) + 0.5 + ZONE_OFFSET_DAYS).floor() as i64
}

/// The sun's apparent longitude (radians, in `[0, 2π)`) at Julian date `jd` (UT), by the
/// low-precision formula.
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0; // Julian centuries since J2000.0
    let t2 = t * t;
    let mean_anomaly =
        degrees(357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2);
    let mean_longitude = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let equation_of_center = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * mean_anomaly.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * mean_anomaly).sin()
        + 0.000_290 * (3.0 * mean_anomaly).sin();
    degrees(mean_longitude + equation_of_center).rem_euclid(2.0 * PI)
}

/// Which 30° sector (0 to 11, sector 0 starting at the spring equinox) the sun is in at the start
/// (midnight, UTC+7) of day `day`. A principal term falls on a day exactly when the sector at its
/// start differs from the sector at the start of the next day.
fn principal_term_sector(day: i64) -> u32 {
    let midnight = day as f64 - 0.5 - ZONE_OFFSET_DAYS;
    // The longitude is below 2π, so the sector is at most 11; `min` guards the rounding edge.
    ((sun_longitude(midnight) / (PI / 6.0)).floor() as u32).min(11)
}

/// The lunation index (as in [`new_moon`]) of month 11 of Gregorian year `year`: the month that
/// contains the winter solstice of December `year`.
fn month_eleven_lunation(year: i32) -> i64 {
    let december_31 = NaiveDate::from_ymd_opt(year, 12, 31).expect("December 31 exists");
    // The last mean new moon on or before 31 December: its true new moon falls in December.
    let k = ((day_number(december_31) as f64 - 2_415_021.0) / SYNODIC_MONTH).floor() as i64;
    // If the sun has already passed 270° (sector 9) when that month begins, the solstice fell in
    // the month before.
    if principal_term_sector(new_moon_day(k)) >= 9 {
        k - 1
    } else {
        k
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn lunar(year: i32, month: u32, day: u32) -> LunarDate {
        LunarDate {
            year,
            month,
            leap: false,
            day,
        }
    }

    fn gio_to(year: i32) -> Option<NaiveDate> {
        from_lunar(lunar(year, 3, 10))
    }

    #[test]
    fn tet_falls_on_the_published_vietnamese_dates_not_the_chinese_ones() {
        assert_eq!(tet(1985), Some(date(1985, 1, 21)));
        assert_eq!(tet(2007), Some(date(2007, 2, 17)));
        assert_eq!(tet(1968), Some(date(1968, 1, 29)));
        assert_eq!(tet(2030), Some(date(2030, 2, 2)));
    }

    #[test]
    fn published_solar_dates_convert_to_their_published_lunar_dates() {
        let cases = [
            (date(2024, 2, 8), lunar(2023, 12, 29)),
            (date(2024, 2, 14), lunar(2024, 1, 5)),
            (date(2025, 1, 25), lunar(2024, 12, 26)),
            (date(2025, 2, 2), lunar(2025, 1, 5)),
            (date(2026, 2, 16), lunar(2025, 12, 29)),
            (date(2026, 2, 20), lunar(2026, 1, 4)),
        ];
        for (solar, expected) in cases {
            assert_eq!(to_lunar(solar), Some(expected), "{solar}");
            assert_eq!(from_lunar(expected), Some(solar), "{expected:?}");
        }
    }

    #[test]
    fn gio_to_falls_on_the_published_dates() {
        assert_eq!(gio_to(2023), Some(date(2023, 4, 29)));
        assert_eq!(gio_to(2024), Some(date(2024, 4, 18)));
        assert_eq!(gio_to(2025), Some(date(2025, 4, 7)));
        assert_eq!(gio_to(2026), Some(date(2026, 4, 26)));
        assert_eq!(gio_to(2027), Some(date(2027, 4, 16)));
    }

    #[test]
    fn leap_months_from_2017_to_2033_are_the_published_ones() {
        let published = [
            (2017, 6),
            (2020, 4),
            (2023, 2),
            (2025, 6),
            (2028, 5),
            (2031, 3),
            (2033, 11),
        ];
        for year in 2017..=2033 {
            let expected = published.iter().find(|(y, _)| *y == year).map(|&(_, m)| m);
            assert_eq!(leap_month(year), expected, "lunar year {year}");
        }
    }

    #[test]
    fn in_a_year_with_a_leap_third_month_gio_to_is_in_the_regular_month() {
        // 2031 has a leap 3rd month: 10/3 is in the first (regular) month 3, 10/3 nhuận later.
        let regular = gio_to(2031).unwrap();
        let leap = from_lunar(LunarDate {
            year: 2031,
            month: 3,
            leap: true,
            day: 10,
        })
        .unwrap();
        assert!(regular < leap);
        assert_eq!(
            (leap - regular).num_days(),
            i64::from(month_length(2031, 3, false).unwrap())
        );
    }

    #[test]
    fn there_is_no_30_tet_before_any_tet_from_2025_to_2032() {
        // "No 30 Tết from 2025 to 2032": the month 12 (tháng Chạp) that ends on the eve of Tết in
        // Gregorian years 2025 to 2032 — month 12 of lunar years 2024 to 2031 — has 29 days, so
        // New Year's Eve is the 29th. The run is framed by 30-day months before Tết 2024 and 2033.
        for tet_year in 2025..=2032 {
            let chap = month_length(tet_year - 1, 12, false);
            assert_eq!(chap, Some(29), "Tết {tet_year}");
            let eve = tet(tet_year).unwrap().pred_opt().unwrap();
            assert_eq!(
                to_lunar(eve),
                Some(lunar(tet_year - 1, 12, 29)),
                "Tết {tet_year}"
            );
        }
        assert_eq!(month_length(2023, 12, false), Some(30));
        assert_eq!(month_length(2032, 12, false), Some(30));
    }

    #[test]
    fn the_days_before_tet_1968_belong_to_lunar_year_1967() {
        let first = to_lunar(first_date()).unwrap();
        assert_eq!(first.year, 1967);
        assert!(first.month >= 11);
        assert_eq!(
            to_lunar(date(1968, 1, 28)),
            Some(LunarDate {
                year: 1967,
                month: 12,
                leap: false,
                day: month_length(1967, 12, false).unwrap()
            })
        );
        assert_eq!(from_lunar(first), Some(first_date()));
    }

    #[test]
    fn dates_outside_1968_to_2100_are_not_converted() {
        assert_eq!(to_lunar(date(1967, 12, 31)), None);
        assert_eq!(to_lunar(date(2101, 1, 1)), None);
        assert!(to_lunar(last_date()).is_some());
        assert_eq!(tet(1967), None);
        assert!(tet(2100).is_some());
        assert_eq!(tet(2101), None);
        // A month of lunar year 1967 that ended before 1968-01-01.
        assert_eq!(from_lunar(lunar(1967, 6, 1)), None);
        assert_eq!(from_lunar(lunar(1900, 1, 1)), None);
        assert_eq!(from_lunar(lunar(2200, 1, 1)), None);
    }

    #[test]
    fn every_solar_date_round_trips_and_lunar_dates_follow_each_other() {
        let mut day = first_date();
        let mut previous: Option<LunarDate> = None;
        while day <= last_date() {
            let l = to_lunar(day).unwrap_or_else(|| panic!("{day} has no lunar date"));
            assert_eq!(from_lunar(l), Some(day), "{day} → {l:?}");
            if let Some(p) = previous {
                let next_day =
                    p.day + 1 == l.day && (p.year, p.month, p.leap) == (l.year, l.month, l.leap);
                let next_month = l.day == 1
                    && p.day == month_length(p.year, p.month, p.leap).unwrap()
                    && ((l.year, l.month) == (p.year, p.month) && l.leap && !p.leap
                        || l.year == p.year && l.month == p.month + 1 && !l.leap
                        || l.year == p.year + 1 && p.month == 12 && l.month == 1 && !l.leap);
                assert!(next_day || next_month, "{day}: {p:?} then {l:?}");
                assert!(p < l);
            }
            previous = Some(l);
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn every_month_has_29_or_30_days() {
        for year in FIRST_LUNAR_YEAR..=LAST_LUNAR_YEAR {
            for month in 1..=12 {
                let length = month_length(year, month, false);
                assert!(
                    matches!(length, Some(29 | 30)),
                    "{year}/{month}: {length:?}"
                );
            }
            if let Some(m) = leap_month(year) {
                let length = month_length(year, m, true);
                assert!(
                    matches!(length, Some(29 | 30)),
                    "{year}/{m} leap: {length:?}"
                );
            }
        }
    }

    #[test]
    fn every_lunar_year_has_13_months_exactly_when_it_has_a_leap_month() {
        for year in 1968..=2100 {
            let regular = (1..=12)
                .filter(|&m| month_length(year, m, false).is_some())
                .count();
            let leap = (1..=12)
                .filter(|&m| month_length(year, m, true).is_some())
                .count();
            assert_eq!(regular, 12, "lunar year {year}");
            assert_eq!(
                leap,
                usize::from(leap_month(year).is_some()),
                "lunar year {year}"
            );
            let days: u32 = (1..=12)
                .flat_map(|m| [month_length(year, m, false), month_length(year, m, true)])
                .flatten()
                .sum();
            let next_tet = tet(year + 1).map_or(table().end, day_number);
            assert_eq!(i64::from(days), next_tet - day_number(tet(year).unwrap()));
            assert!(
                matches!(days, 353..=355 | 383..=385),
                "lunar year {year}: {days} days"
            );
        }
    }

    #[test]
    fn from_lunar_rejects_dates_that_do_not_exist() {
        // Month 12 of lunar year 2025 has 29 days: there is no "30 Tết".
        assert!(from_lunar(lunar(2025, 12, 29)).is_some());
        assert_eq!(from_lunar(lunar(2025, 12, 30)), None);
        assert_eq!(from_lunar(lunar(2025, 1, 0)), None);
        assert_eq!(from_lunar(lunar(2025, 1, 31)), None);
        assert_eq!(from_lunar(lunar(2025, 0, 1)), None);
        assert_eq!(from_lunar(lunar(2025, 13, 1)), None);
        assert_eq!(month_length(2025, 0, false), None);
        assert_eq!(month_length(2025, 13, false), None);
        // 2025 has a leap 6th month, not a leap 5th; 2024 has none.
        let leap = |year, month| LunarDate {
            year,
            month,
            leap: true,
            day: 1,
        };
        assert!(from_lunar(leap(2025, 6)).is_some());
        assert_eq!(from_lunar(leap(2025, 5)), None);
        assert_eq!(month_length(2025, 5, true), None);
        for month in 1..=12 {
            assert_eq!(from_lunar(leap(2024, month)), None);
        }
    }

    #[test]
    fn tet_and_gio_to_agree_with_an_independent_published_table() {
        use super::super::lunar_reference::{GIO_TO, TET};
        assert!(TET.len() >= 30 && GIO_TO.len() >= 30);
        let mut disagreements = Vec::new();
        for &(year, month, day) in TET {
            if tet(year) != Some(date(year, month, day)) {
                disagreements.push(format!(
                    "Tết {year}: table {year}-{month:02}-{day:02}, computed {:?}",
                    tet(year)
                ));
            }
        }
        for &(year, month, day) in GIO_TO {
            if gio_to(year) != Some(date(year, month, day)) {
                disagreements.push(format!(
                    "Giỗ Tổ {year}: table {year}-{month:02}-{day:02}, computed {:?}",
                    gio_to(year)
                ));
            }
        }
        assert!(disagreements.is_empty(), "{disagreements:#?}");
    }
}
