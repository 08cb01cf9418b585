//! The statutory holidays of a year, for years without an official schedule.
//!
//! Bộ luật Lao động 2012 (years before 2021): 1/1, Tết (5 days), Giỗ Tổ (10/3 lunar), 30/4, 1/5,
//! 2/9. Bộ luật Lao động 2019 (from 2021): the same with a second Quốc khánh day, 1/9 or 3/9. A
//! fixed-date holiday on a weekend gives a compensatory day on the next working day (Điều 111(3)).
//! From 2026, 24/11 (Ngày Văn hóa Việt Nam) when the config says so.
//!
//! Two things are decided each year by the Government and can only be guessed here; the guesses
//! reproduce every published schedule from 2019 to 2026:
//! - **Tết**: five weekdays off, placed by the weekday of mùng 1: Monday–Wednesday → that Monday to
//!   Friday; Thursday → Tuesday to the next Monday; Friday → Wednesday to the next Tuesday; Saturday →
//!   Thursday to the next Wednesday; Sunday → Friday to the next Thursday.
//! - **Quốc khánh's second day**: 3/9 when 2/9 is a Monday or a Thursday (joining a weekend),
//!   otherwise 1/9.
//!
//! Swaps of a weekday against a worked Saturday cannot be guessed; a provisional year has none.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::lunar::{self, LunarDate};
use super::{DayKind, SpecialDay};

/// The weekdays off of `year` under the statutory rules, in date order; `None` outside the lunar
/// calendar's range.
pub fn statutory(year: i32, culture_day: bool) -> Option<Vec<SpecialDay>> {
    let tet = lunar::tet(year)?;
    let gio_to = lunar::from_lunar(LunarDate {
        year,
        month: 3,
        leap: false,
        day: 10,
    })?;
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut fixed: Vec<(NaiveDate, &str)> = vec![
        (ymd(1, 1)?, "Tết Dương lịch"),
        (gio_to, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        (ymd(4, 30)?, "Ngày Chiến thắng 30/4"),
        (ymd(5, 1)?, "Ngày Quốc tế lao động 1/5"),
        (ymd(9, 2)?, "Quốc khánh 2/9"),
    ];
    if year >= 2021 {
        let second = match ymd(9, 2)?.weekday() {
            Weekday::Mon | Weekday::Thu => ymd(9, 3)?,
            _ => ymd(9, 1)?,
        };
        fixed.push((second, "Quốc khánh (ngày liền kề)"));
    }
    if culture_day && year >= 2026 {
        fixed.push((ymd(11, 24)?, "Ngày Văn hóa Việt Nam"));
    }
    fixed.sort_by_key(|(d, _)| *d);
    // A compensatory day never lands on another holiday: 30/4 on a Saturday and 1/5 on a Sunday
    // give Monday 2/5 and Tuesday 3/5.
    let fixed_weekdays: Vec<NaiveDate> = fixed
        .iter()
        .map(|(d, _)| *d)
        .filter(|d| !is_weekend(*d))
        .collect();

    let mut days: Vec<SpecialDay> = tet_weekdays(tet)
        .into_iter()
        .map(|date| SpecialDay {
            date,
            kind: DayKind::Tet,
            name: "Tết Nguyên đán".to_string(),
        })
        .collect();
    for (date, name) in fixed {
        if is_weekend(date) {
            let mut comp = date;
            loop {
                comp = comp.checked_add_days(Days::new(1))?;
                if !is_weekend(comp)
                    && !days.iter().any(|d| d.date == comp)
                    && !fixed_weekdays.contains(&comp)
                {
                    break;
                }
            }
            days.push(SpecialDay {
                date: comp,
                kind: DayKind::Compensatory,
                name: format!("Nghỉ bù {name}"),
            });
        } else if !days.iter().any(|d| d.date == date) {
            days.push(SpecialDay {
                date,
                kind: DayKind::Holiday,
                name: name.to_string(),
            });
        }
    }
    days.retain(|d| d.date.year() == year);
    days.sort_by_key(|d| d.date);
    Some(days)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The five Tết weekdays off, placed by the weekday of mùng 1 (see the module docs).
fn tet_weekdays(tet: NaiveDate) -> Vec<NaiveDate> {
    let before = match tet.weekday() {
        Weekday::Mon => 0,
        Weekday::Tue => 1,
        Weekday::Wed | Weekday::Thu | Weekday::Fri | Weekday::Sat => 2,
        Weekday::Sun => 1,
    };
    let mut start = tet;
    let mut counted = 0;
    while counted < before {
        start = start.pred_opt().unwrap_or(start);
        if !is_weekend(start) {
            counted += 1;
        }
    }
    while is_weekend(start) {
        start = start.succ_opt().unwrap_or(start);
    }
    let mut out = Vec::with_capacity(5);
    let mut d = start;
    while out.len() < 5 {
        if !is_weekend(d) {
            out.push(d);
        }
        d = d.succ_opt().unwrap_or(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn tet_days(year: i32) -> Vec<NaiveDate> {
        statutory(year, true)
            .unwrap()
            .into_iter()
            .filter(|x| x.kind == DayKind::Tet)
            .map(|x| x.date)
            .collect()
    }

    #[test]
    fn the_tet_rule_reproduces_the_published_breaks() {
        // (year, first and last weekday off) from the published schedules.
        for (year, first, last) in [
            (2020, "2020-01-23", "2020-01-29"),
            (2023, "2023-01-20", "2023-01-26"),
            (2024, "2024-02-08", "2024-02-14"),
            (2025, "2025-01-27", "2025-01-31"),
            (2026, "2026-02-16", "2026-02-20"),
        ] {
            let days = tet_days(year);
            assert_eq!(days.len(), 5, "{year}");
            assert_eq!((days[0], days[4]), (d(first), d(last)), "{year}");
        }
    }

    #[test]
    fn a_holiday_on_a_weekend_is_compensated_on_the_next_working_day() {
        // 2023: 1/1 on a Sunday → Monday 2/1; 30/4 Sunday and 1/5 Monday… 29/4 is not a holiday.
        let y2023 = statutory(2023, false).unwrap();
        assert!(y2023
            .iter()
            .any(|x| x.date == d("2023-01-02") && x.kind == DayKind::Compensatory));
        // 2026: Giỗ Tổ on Sunday 26/4 → Monday 27/4.
        let y2026 = statutory(2026, true).unwrap();
        assert!(y2026
            .iter()
            .any(|x| x.date == d("2026-04-27") && x.kind == DayKind::Compensatory));
        // 2022: 30/4 Saturday and 1/5 Sunday → Monday 2/5 and Tuesday 3/5.
        let y2022 = statutory(2022, false).unwrap();
        for comp in ["2022-05-02", "2022-05-03"] {
            assert!(
                y2022
                    .iter()
                    .any(|x| x.date == d(comp) && x.kind == DayKind::Compensatory),
                "{comp}"
            );
        }
    }

    #[test]
    fn quoc_khanh_has_two_days_from_2021_and_one_before() {
        let y2019 = statutory(2019, false).unwrap();
        assert!(!y2019
            .iter()
            .any(|x| x.date.month() == 9 && x.date.day() != 2));
        // 2024: 2/9 is a Monday → 3/9.
        let y2024 = statutory(2024, false).unwrap();
        assert!(y2024.iter().any(|x| x.date == d("2024-09-03")));
        // 2025: 2/9 is a Tuesday → 1/9.
        let y2025 = statutory(2025, false).unwrap();
        assert!(y2025.iter().any(|x| x.date == d("2025-09-01")));
    }

    #[test]
    fn every_computed_day_off_is_a_weekday_of_its_year() {
        for year in 1968..=2100 {
            for x in statutory(year, true).unwrap() {
                assert!(!is_weekend(x.date), "{year}: {x:?}");
                assert_eq!(x.date.year(), year, "{x:?}");
            }
        }
    }
}
