//! The calendar's rules, as the Civil Code and the yearly notices state them.

use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> Calendar {
    Calendar::shipped().unwrap_or_else(|p| panic!("{}", p.join("\n")))
}

/// The weekdays off and Saturdays worked of `year`, as the calendar answers.
fn special(c: &Calendar, year: i32) -> (Vec<String>, Vec<String>) {
    let mut off = Vec::new();
    let mut worked = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
    while day.year() == year {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let working = c.is_working_day(day).unwrap();
        if !weekend && !working {
            off.push(day.format("%d/%m").to_string());
        }
        if weekend && working {
            worked.push(day.format("%d/%m").to_string());
        }
        day = day.succ_opt().unwrap();
    }
    (off, worked)
}

#[test]
fn the_published_schedules_are_followed_day_by_day() {
    let c = cal();
    // The table of known civil-service schedules, written out weekday by weekday.
    let cases: &[(i32, &[&str], &[&str])] = &[
        (
            2020,
            &[
                "01/01", "23/01", "24/01", "27/01", "28/01", "29/01", "02/04", "30/04", "01/05",
                "02/09",
            ],
            &[],
        ),
        (
            2023,
            &[
                "02/01", "20/01", "23/01", "24/01", "25/01", "26/01", "01/05", "02/05", "03/05",
                "01/09", "04/09",
            ],
            &[],
        ),
        (
            2024,
            &[
                "01/01", "08/02", "09/02", "12/02", "13/02", "14/02", "18/04", "29/04", "30/04",
                "01/05", "02/09", "03/09",
            ],
            &["04/05"],
        ),
        (
            2025,
            &[
                "01/01", "27/01", "28/01", "29/01", "30/01", "31/01", "07/04", "30/04", "01/05",
                "02/05", "01/09", "02/09",
            ],
            &["26/04"],
        ),
        (
            2026,
            // 2/1 against Saturday 10/1 comes from Công văn 12729/VPCP-KGVX (25/12/2025), a later
            // notice than the table's 9441/TB-BNV.
            &[
                "01/01", "02/01", "16/02", "17/02", "18/02", "19/02", "20/02", "27/04", "30/04",
                "01/05", "31/08", "01/09", "02/09", "24/11",
            ],
            &["10/01", "22/08"],
        ),
    ];
    for (year, off, worked) in cases {
        let (got_off, got_worked) = special(&c, *year);
        assert_eq!(got_off, *off, "weekdays off in {year}");
        assert_eq!(got_worked, *worked, "Saturdays worked in {year}");
        assert!(
            !c.year(*year).unwrap().provisional,
            "{year} has an official schedule"
        );
    }
}

#[test]
fn counting_starts_the_day_after_and_skips_tet() {
    let c = cal();
    // Wednesday 7/2/2024: the next working day is Thursday 15/2, after the Tết break.
    assert_eq!(
        c.add_working_days(d("2024-02-07"), 1).unwrap(),
        d("2024-02-15")
    );
    assert_eq!(
        c.next_working_day(d("2024-02-07")).unwrap(),
        d("2024-02-15")
    );
    // Two working days to enter a directive's tasks: issued Friday 2/2/2024 → Tuesday 6/2.
    assert_eq!(
        c.add_working_days(d("2024-02-02"), 2).unwrap(),
        d("2024-02-06")
    );
    assert_eq!(
        c.add_working_days(d("2024-02-02"), 0).unwrap(),
        d("2024-02-02")
    );
}

#[test]
fn a_swapped_saturday_is_a_working_day_and_its_weekday_is_not() {
    let c = cal();
    assert!(c.is_working_day(d("2024-05-04")).unwrap());
    assert!(!c.is_working_day(d("2024-04-29")).unwrap());
    assert_eq!(
        c.add_working_days(d("2024-05-03"), 1).unwrap(),
        d("2024-05-04")
    );
    assert!(
        !c.is_working_day(d("2024-05-11")).unwrap(),
        "an ordinary Saturday"
    );
}

#[test]
fn a_limit_in_days_ending_on_a_day_off_moves_to_the_next_working_day() {
    let c = cal();
    // 5 days after 3/2/2024 is Thursday 8/2, the first day of the Tết break.
    assert_eq!(c.add_days(d("2024-02-03"), 5).unwrap(), d("2024-02-15"));
    // Ending on a working day, it stays.
    assert_eq!(c.add_days(d("2024-03-01"), 4).unwrap(), d("2024-03-05"));
    // Ending on a Sunday, it moves to Monday.
    assert_eq!(c.add_days(d("2024-03-01"), 2).unwrap(), d("2024-03-04"));
}

#[test]
fn a_year_without_a_notice_is_computed_and_marked_provisional() {
    let c = cal();
    let y2027 = c.year(2027).unwrap();
    assert!(y2027.provisional);
    assert!(y2027.notice.is_none());
    // Tết 2027 is Saturday 6/2: Thursday 4/2 to Wednesday 10/2 by the placement rule.
    let (off, worked) = special(&c, 2027);
    for day in [
        "04/02", "05/02", "08/02", "09/02", "10/02", "16/04", "30/04", "24/11",
    ] {
        assert!(off.contains(&day.to_string()), "{day} in {off:?}");
    }
    assert!(worked.is_empty(), "no swap can be guessed");
    // 1/5/2027 is a Saturday: Monday 3/5 is its compensatory day.
    assert!(off.contains(&"03/05".to_string()), "{off:?}");
}

#[test]
fn the_deadline_of_a_day_ends_at_midnight_in_vietnam_and_an_hour_at_that_hour() {
    let end = deadline_end(d("2024-06-20"), None);
    assert_eq!(end.to_rfc3339(), "2024-06-20T16:59:59.999999999+00:00");
    let at = deadline_end(d("2024-09-18"), chrono::NaiveTime::from_hms_opt(17, 0, 0));
    assert_eq!(at.to_rfc3339(), "2024-09-18T10:00:00+00:00");
}

#[test]
fn dates_outside_the_range_are_refused_not_guessed() {
    let c = cal();
    assert_eq!(
        c.is_working_day(d("1967-12-31")),
        Err(OutOfRange(d("1967-12-31")))
    );
    assert!(c.add_working_days(d("2100-12-30"), 5).is_err());
    assert!(c
        .working_days_between(d("2000-01-01"), d("2101-01-01"))
        .is_err());
}

#[test]
fn an_admin_adds_days_without_a_rebuild_and_impossible_ones_are_refused() {
    let off = SpecialDay {
        date: d("2027-03-08"),
        kind: DayKind::Other,
        name: "Nghỉ theo quyết định của tỉnh".into(),
    };
    let worked = SpecialDay {
        date: d("2027-03-13"),
        kind: DayKind::WorkedSaturday,
        name: "Làm bù".into(),
    };
    let c = Calendar::build(&CalendarSettings {
        days_off: vec![off.clone()],
        worked_days: vec![worked.clone()],
        culture_day: true,
        ..Default::default()
    })
    .unwrap();
    assert!(!c.is_working_day(off.date).unwrap());
    assert!(c.is_working_day(worked.date).unwrap());

    let monday_worked = SpecialDay {
        date: d("2027-03-15"),
        ..worked.clone()
    };
    let sunday_off = SpecialDay {
        date: d("2027-03-14"),
        ..off.clone()
    };
    let errors = Calendar::build(&CalendarSettings {
        days_off: vec![sunday_off, off.clone()],
        worked_days: vec![monday_worked],
        ..Default::default()
    })
    .unwrap_err()
    .join("\n");
    assert!(
        errors.contains("2027-03-15 is a Mon, not a Saturday"),
        "{errors}"
    );
    assert!(
        errors.contains("2027-03-14 is a Sun, already a day off"),
        "{errors}"
    );
}

proptest! {
    #[test]
    fn adding_working_days_then_counting_them_agree(offset in 0i64..48_000, n in 0u32..400) {
        let c = cal_cached();
        let from = d("1968-01-01") + chrono::Days::new(offset as u64);
        if let Ok(to) = c.add_working_days(from, n) {
            prop_assert_eq!(c.working_days_between(from, to).unwrap(), i64::from(n));
            prop_assert!(n == 0 || c.is_working_day(to).unwrap());
            prop_assert!(to >= from);
        }
    }

    #[test]
    fn a_limit_in_days_always_ends_on_a_working_day(offset in 0i64..48_000, n in 0u32..60) {
        let c = cal_cached();
        let from = d("1968-01-01") + chrono::Days::new(offset as u64);
        if let Ok(end) = c.add_days(from, n) {
            prop_assert!(c.is_working_day(end).unwrap());
            prop_assert!(end >= from + chrono::Days::new(u64::from(n)));
        }
    }
}

fn cal_cached() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(cal)
}

#[test]
fn every_shipped_year_agrees_with_the_statutory_tet_and_gio_to() {
    // The official schedules and the lunar calendar must agree: Giỗ Tổ, or its compensatory
    // Monday, is off every year, and mùng 1 Tết is never a working day.
    let c = cal();
    for year in [2020, 2021, 2022, 2023, 2024, 2025, 2026] {
        let tet = lunar::tet(year).unwrap();
        assert!(!c.is_working_day(tet).unwrap(), "Tết {year}");
        let gio_to = lunar::from_lunar(lunar::LunarDate {
            year,
            month: 3,
            leap: false,
            day: 10,
        })
        .unwrap();
        assert!(
            !c.is_working_day(c.on_or_after(gio_to).unwrap()).unwrap()
                || !c.is_working_day(gio_to).unwrap(),
            "{year}"
        );
    }
}
