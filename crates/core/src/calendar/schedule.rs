//! The yearly civil-service schedules: which weekdays are off and which Saturdays are worked, as
//! the Government's notice for each year says. Shipped in `config/calendar/YYYY.toml` (compiled
//! in), extendable by an admin with more files or single days in the config, without a rebuild.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use super::{DayKind, SpecialDay, FIRST_YEAR, LAST_YEAR};

/// The schedules shipped with dondoc.
const SHIPPED: &[(&str, &str)] = &[
    (
        "config/calendar/2020.toml",
        include_str!("../../../../config/calendar/2020.toml"),
    ),
    (
        "config/calendar/2021.toml",
        include_str!("../../../../config/calendar/2021.toml"),
    ),
    (
        "config/calendar/2022.toml",
        include_str!("../../../../config/calendar/2022.toml"),
    ),
    (
        "config/calendar/2023.toml",
        include_str!("../../../../config/calendar/2023.toml"),
    ),
    (
        "config/calendar/2024.toml",
        include_str!("../../../../config/calendar/2024.toml"),
    ),
    (
        "config/calendar/2025.toml",
        include_str!("../../../../config/calendar/2025.toml"),
    ),
    (
        "config/calendar/2026.toml",
        include_str!("../../../../config/calendar/2026.toml"),
    ),
];

/// One year's official schedule: every weekday off and every Saturday worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    pub year: i32,
    /// The notice(s) it comes from.
    pub notice: String,
    /// Special days in date order.
    pub days: Vec<SpecialDay>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    #[serde(default)]
    notice: String,
    #[serde(default)]
    provisional: bool,
    #[serde(default)]
    days_off: Vec<RawDay>,
    #[serde(default)]
    worked_saturdays: Vec<RawWorked>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    date: String,
    kind: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorked {
    date: String,
    name: String,
}

/// Parses one year file; `origin` names it in messages. Every problem is returned.
pub fn parse_year(text: &str, origin: &str) -> Result<YearSchedule, Vec<String>> {
    let raw: RawYear =
        toml::from_str(text).map_err(|e| vec![format!("{origin}: {}", e.to_string().trim())])?;
    let mut problems = Vec::new();
    if !(FIRST_YEAR..=LAST_YEAR).contains(&raw.year) {
        problems.push(format!(
            "{origin}: year: {} is outside {FIRST_YEAR}–{LAST_YEAR}",
            raw.year
        ));
    }
    if raw.provisional {
        problems.push(format!(
            "{origin}: provisional: a schedule file is an official notice; leave the year without a file to have it computed"
        ));
    }
    let mut days = Vec::new();
    for (i, d) in raw.days_off.iter().enumerate() {
        let at = format!("{origin}: days_off[{i}]");
        let Some(date) = parse_date(&d.date, &at, &mut problems) else {
            continue;
        };
        let kind = match d.kind.as_str() {
            "holiday" => DayKind::Holiday,
            "compensatory" => DayKind::Compensatory,
            "swap" => DayKind::Swap,
            "tet" => DayKind::Tet,
            "other" => DayKind::Other,
            other => {
                problems.push(format!(
                    "{at}.kind: {other:?} is not one of holiday, compensatory, swap, tet, other"
                ));
                continue;
            }
        };
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            problems.push(format!(
                "{at}.date: {date} is a {}, already a day off",
                date.weekday()
            ));
        }
        days.push(SpecialDay {
            date,
            kind,
            name: crate::domain::text::nfc(&d.name),
        });
    }
    for (i, w) in raw.worked_saturdays.iter().enumerate() {
        let at = format!("{origin}: worked_saturdays[{i}]");
        let Some(date) = parse_date(&w.date, &at, &mut problems) else {
            continue;
        };
        if date.weekday() != Weekday::Sat {
            problems.push(format!(
                "{at}.date: {date} is a {}, not a Saturday",
                date.weekday()
            ));
        }
        days.push(SpecialDay {
            date,
            kind: DayKind::WorkedSaturday,
            name: crate::domain::text::nfc(&w.name),
        });
    }
    days.sort_by_key(|d| d.date);
    for pair in days.windows(2) {
        if pair[0].date == pair[1].date {
            problems.push(format!("{origin}: {} is listed twice", pair[0].date));
        }
    }
    for d in &days {
        if d.date.year() != raw.year {
            problems.push(format!(
                "{origin}: {} is not in the year {}",
                d.date, raw.year
            ));
        }
    }
    if problems.is_empty() {
        Ok(YearSchedule {
            year: raw.year,
            notice: raw.notice,
            days,
        })
    } else {
        Err(problems)
    }
}

fn parse_date(s: &str, at: &str, problems: &mut Vec<String>) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(format!("{at}.date: {s:?} is not a date YYYY-MM-DD"));
            None
        }
    }
}

/// The shipped schedules, then every `*.toml` in `dir` (a later file for the same year replaces
/// the shipped one).
pub fn load(dir: Option<&Path>) -> Result<BTreeMap<i32, YearSchedule>, Vec<String>> {
    let mut years = BTreeMap::new();
    let mut problems = Vec::new();
    let add = |text: &str,
               origin: &str,
               years: &mut BTreeMap<i32, YearSchedule>,
               problems: &mut Vec<String>| {
        match parse_year(text, origin) {
            Ok(y) => {
                years.insert(y.year, y);
            }
            Err(p) => problems.extend(p),
        }
    };
    for (origin, text) in SHIPPED {
        add(text, origin, &mut years, &mut problems);
    }
    if let Some(dir) = dir {
        match std::fs::read_dir(dir) {
            Ok(entries) => {
                let mut files: Vec<_> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                    .collect();
                files.sort();
                for f in files {
                    match std::fs::read_to_string(&f) {
                        Ok(text) => add(&text, &f.display().to_string(), &mut years, &mut problems),
                        Err(e) => problems.push(format!("{}: cannot be read: {e}", f.display())),
                    }
                }
            }
            Err(e) => problems.push(format!("{}: cannot be read: {e}", dir.display())),
        }
    }
    if problems.is_empty() {
        Ok(years)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_schedule_is_valid() {
        let years = load(None).unwrap_or_else(|p| panic!("{}", p.join("\n")));
        assert_eq!(
            years.keys().copied().collect::<Vec<_>>(),
            [2020, 2021, 2022, 2023, 2024, 2025, 2026]
        );
    }

    #[test]
    fn every_day_off_shipped_is_a_weekday_and_every_worked_day_a_saturday() {
        for y in load(None).unwrap().values() {
            for d in &y.days {
                match d.kind {
                    DayKind::WorkedSaturday => assert_eq!(d.date.weekday(), Weekday::Sat, "{d:?}"),
                    _ => assert!(
                        !matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun),
                        "{d:?}"
                    ),
                }
            }
        }
    }

    #[test]
    fn a_bad_schedule_is_refused_with_every_problem_named() {
        let errors = parse_year(
            r#"
            year = 2030
            [[days_off]]
            date = "2030-01-05"
            kind = "holiday"
            name = "a Saturday"
            [[days_off]]
            date = "2030-01-07"
            kind = "party"
            name = "?"
            [[worked_saturdays]]
            date = "2030-01-07"
            name = "a Monday"
            [[worked_saturdays]]
            date = "2031-01-04"
            name = "next year"
            "#,
            "2030.toml",
        )
        .unwrap_err();
        let all = errors.join("\n");
        assert!(
            all.contains("days_off[0].date: 2030-01-05 is a Sat"),
            "{all}"
        );
        assert!(all.contains("days_off[1].kind"), "{all}");
        assert!(
            all.contains("worked_saturdays[0].date: 2030-01-07 is a Mon, not a Saturday"),
            "{all}"
        );
        assert!(all.contains("2031-01-04 is not in the year 2030"), "{all}");
        assert!(parse_year("year = 2200", "x.toml").is_err());
    }
}
