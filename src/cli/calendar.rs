//! `dondoc calendar`: working days as the rest of dondoc counts them. The `--json` forms are a
//! contract used by tools outside the code.

use std::io::Write;
use std::process::ExitCode;

use chrono::{Datelike, NaiveDate, Weekday};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::calendar::{lunar, YearInfo};
use crate::config::Config;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CalendarArgs {
    #[command(subcommand)]
    command: Option<CalendarCommand>,
    /// The year whose weekdays off and Saturdays worked to list.
    #[arg(required = true, value_name = "YEAR")]
    year: Option<i32>,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum CalendarCommand {
    /// Print the date N working days after DATE (counting starts the day after DATE).
    Add {
        #[arg(value_name = "DATE", value_parser = parse_date)]
        date: NaiveDate,
        #[arg(value_name = "N")]
        n: u32,
    },
    /// Print the lunar date of DATE.
    Lunar {
        #[arg(value_name = "DATE", value_parser = parse_date)]
        date: NaiveDate,
        /// As JSON: {"day", "month", "year", "leap"}.
        #[arg(long)]
        json: bool,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{s:?} is not a date YYYY-MM-DD"))
}

pub fn run(config: &Config, args: CalendarArgs) -> anyhow::Result<ExitCode> {
    let cal = &config.calendar;
    let mut out = std::io::stdout().lock();
    match (args.command, args.year) {
        (Some(CalendarCommand::Add { date, n }), _) => match cal.add_working_days(date, n) {
            Ok(d) => writeln!(out, "{}", d.format("%Y-%m-%d"))?,
            Err(e) => return refuse(&e.to_string()),
        },
        (Some(CalendarCommand::Lunar { date, json }), _) => {
            let Some(l) = lunar::to_lunar(date) else {
                return refuse(&crate::calendar::OutOfRange(date).to_string());
            };
            if json {
                writeln!(
                    out,
                    "{}",
                    json!({"day": l.day, "month": l.month, "year": l.year, "leap": l.leap})
                )?;
            } else {
                writeln!(
                    out,
                    "{:02}/{:02}{}/{} âm lịch (ngày {} tháng {}{} năm {})",
                    l.day,
                    l.month,
                    if l.leap { " nhuận" } else { "" },
                    l.year,
                    l.day,
                    month_name(l.month),
                    if l.leap { " nhuận" } else { "" },
                    year_name(l.year)
                )?;
            }
        }
        (None, Some(year)) => match cal.year(year) {
            Some(info) => year_listing(&mut out, year, info, args.json)?,
            None => {
                return refuse(&format!(
                    "{year} is outside the calendar's range {}–{}",
                    crate::calendar::FIRST_YEAR,
                    crate::calendar::LAST_YEAR
                ))
            }
        },
        (None, None) => return refuse("give a YEAR, or `add DATE N`, or `lunar DATE`"),
    }
    Ok(ExitCode::SUCCESS)
}

fn refuse(message: &str) -> anyhow::Result<ExitCode> {
    eprintln!("{message}");
    Ok(ExitCode::from(super::EXIT_CONFIG))
}

fn year_listing(
    out: &mut impl Write,
    year: i32,
    info: &YearInfo,
    json: bool,
) -> std::io::Result<()> {
    if !json {
        match (&info.notice, info.provisional) {
            (Some(n), _) => writeln!(out, "Lịch nghỉ năm {year} — theo {n}")?,
            (None, false) => writeln!(out, "Lịch nghỉ năm {year}")?,
            (None, true) => writeln!(
                out,
                "Lịch nghỉ năm {year} — TẠM TÍNH theo Bộ luật Lao động (chưa có thông báo chính thức)"
            )?,
        }
    }
    for d in &info.days {
        if json {
            writeln!(
                out,
                "{}",
                json!({
                    "date": d.date.format("%Y-%m-%d").to_string(),
                    "working": d.kind.is_working(),
                    "kind": d.kind.as_str(),
                    "name": d.name,
                    "provisional": info.provisional,
                })
            )?;
        } else {
            writeln!(
                out,
                "{:<9} {}  {:<9} {}",
                weekday_name(d.date.weekday()),
                d.date.format("%d/%m/%Y"),
                if d.kind.is_working() {
                    "làm việc"
                } else {
                    "nghỉ"
                },
                d.name
            )?;
        }
    }
    Ok(())
}

fn weekday_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ Nhật",
    }
}

fn month_name(m: u32) -> String {
    match m {
        1 => "Giêng".into(),
        11 => "Một".into(),
        12 => "Chạp".into(),
        m => m.to_string(),
    }
}

/// The sexagenary name of a lunar year (Giáp Thìn for 2024).
fn year_name(year: i32) -> String {
    const STEMS: [&str; 10] = [
        "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
    ];
    const BRANCHES: [&str; 12] = [
        "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
    ];
    let stem = STEMS[(year + 6).rem_euclid(10) as usize];
    let branch = BRANCHES[(year + 8).rem_euclid(12) as usize];
    format!("{stem} {branch}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lunar_years_have_their_sexagenary_names() {
        assert_eq!(year_name(2023), "Quý Mão");
        assert_eq!(year_name(2024), "Giáp Thìn");
        assert_eq!(year_name(2025), "Ất Tỵ");
        assert_eq!(year_name(2026), "Bính Ngọ");
        assert_eq!(year_name(1968), "Mậu Thân");
    }
}
