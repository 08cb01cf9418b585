//! Turning a period into the day it is due: a span's last day, the day before a span begins,
//! a limit counted in working days on the calendar.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::*;

pub(super) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next?.pred_opt()
}

/// The first day of a span ("trước tháng 9/2023" is due the day before it).
pub(super) fn span_start(period: Period, y: i32, issued: Option<NaiveDate>) -> Option<NaiveDate> {
    match period {
        Period::Month(m) => NaiveDate::from_ymd_opt(y, m.or(issued.map(|d| d.month()))?, 1),
        Period::Quarter(q) => {
            let q = q.or(issued.map(|d| d.month().div_ceil(3)))?;
            NaiveDate::from_ymd_opt(y, 3 * q - 2, 1)
        }
        Period::Year => NaiveDate::from_ymd_opt(y, 1, 1),
        _ => None,
    }
}

/// The day a period is due: its last day (or the day before it, with "trước").
pub(super) fn resolve(
    period: Period,
    year: YearSpec,
    issued: Option<NaiveDate>,
    before: bool,
) -> Option<NaiveDate> {
    if let Period::IssuePlus(k) = period {
        return issued?.checked_add_days(Days::new(k));
    }
    if period == Period::Vague {
        return None;
    }
    let y = match year {
        YearSpec::Written(y) => y,
        YearSpec::Missing | YearSpec::Now => issued?.year(),
    };
    if before && period.is_span() {
        return span_start(period, y, issued)?.pred_opt();
    }
    let issue_month = issued.map(|d| d.month());
    let issue_quarter = issue_month.map(|m| m.div_ceil(3));
    match period {
        Period::Day { day, month } => NaiveDate::from_ymd_opt(y, month, day),
        Period::Month(m) => month_end(y, m.or(issue_month)?),
        Period::Quarter(q) => month_end(y, 3 * q.or(issue_quarter)?),
        Period::FirstMonths(n) => month_end(y, n),
        Period::Year => NaiveDate::from_ymd_opt(y, 12, 31),
        Period::Part(side, Unit::Year, _) => match side {
            Side::Start => NaiveDate::from_ymd_opt(y, 1, 1),
            Side::Middle => NaiveDate::from_ymd_opt(y, 6, 30),
            Side::End => NaiveDate::from_ymd_opt(y, 12, 31),
        },
        Period::Part(side, Unit::Month, m) => {
            let m = m.or(issue_month)?;
            match side {
                Side::Start => NaiveDate::from_ymd_opt(y, m, 1),
                Side::Middle => NaiveDate::from_ymd_opt(y, m, 15),
                Side::End => month_end(y, m),
            }
        }
        Period::Part(side, Unit::Quarter, q) => {
            let q = q.or(issue_quarter)?;
            match side {
                Side::Start => NaiveDate::from_ymd_opt(y, 3 * q - 2, 1),
                Side::Middle => NaiveDate::from_ymd_opt(y, 3 * q - 1, 15),
                Side::End => month_end(y, 3 * q),
            }
        }
        Period::IssuePlus(_) | Period::Vague => None,
    }
}

/// The last day of a limit counted from the issue date.
pub(super) fn limit_end(n: u32, unit: RelUnit, ctx: &DeadlineContext) -> Option<NaiveDate> {
    let issued = ctx.issued?;
    let cal = ctx.calendar;
    match unit {
        RelUnit::WorkingDays => cal.add_working_days(issued, n).ok(),
        RelUnit::Days => cal.add_days(issued, n).ok(),
        RelUnit::Weeks => cal.add_days(issued, n.checked_mul(7)?).ok(),
        RelUnit::Months | RelUnit::Years => {
            let months = if unit == RelUnit::Years {
                n.checked_mul(12)?
            } else {
                n
            };
            let last = issued.checked_add_months(Months::new(months))?;
            cal.on_or_after(last).ok()
        }
    }
}
