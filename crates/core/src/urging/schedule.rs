//! The days the policy acts on, counted by the calendar: when a heads-up is due, the days
//! between Phiếu báo, the windows of the quarterly request and the monthly digest. Nothing here
//! knows a task.

use chrono::{Datelike, Days, NaiveDate};

use crate::calendar::Calendar;
use crate::settings::{Counting, UrgingConfig};

/// Counts the policy's intervals in working days or calendar days, as configured.
#[derive(Debug, Clone, Copy)]
pub struct Counter<'a> {
    pub calendar: &'a Calendar,
    pub counting: Counting,
}

impl<'a> Counter<'a> {
    pub fn new(calendar: &'a Calendar, config: &UrgingConfig) -> Self {
        Self {
            calendar,
            counting: config.counting,
        }
    }

    fn working(&self, day: NaiveDate) -> bool {
        // Outside the calendar's range (1968–2100) every weekday is taken as worked.
        self.calendar
            .is_working_day(day)
            .unwrap_or(day.weekday().num_days_from_monday() < 5)
    }

    /// The first working day after `day`.
    pub fn next_working_day(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.calendar.next_working_day(day).ok()
    }

    /// `day` if it is a working day, else the next one.
    pub fn on_or_after(&self, day: NaiveDate) -> Option<NaiveDate> {
        self.calendar.on_or_after(day).ok()
    }

    /// The day `n` days after `from`, counting starts the next day: the `n`-th working day, or
    /// the `n`-th calendar day moved to the next working day when it is a day off.
    pub fn after(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        match self.counting {
            Counting::WorkingDays => self.calendar.add_working_days(from, n).ok(),
            Counting::CalendarDays => self.calendar.add_days(from, n).ok(),
        }
    }

    /// The working day from which `due` is `n` days ahead: in working days, the day with exactly
    /// `n` working days after it up to `due`; in calendar days, `n` days before `due`, brought
    /// back to a working day (a heads-up is better early than late). `n = 0`: `due` itself.
    pub fn heads_up_day(&self, due: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut day = due;
        match self.counting {
            Counting::WorkingDays => {
                let mut counted = 0;
                while counted < n {
                    day = day.pred_opt()?;
                    if self.working(day) {
                        counted += 1;
                    }
                }
            }
            Counting::CalendarDays => {
                day = day.checked_sub_days(Days::new(u64::from(n)))?;
                // A run of days off (Tết) is at most a couple of weeks.
                for _ in 0..31 {
                    if self.working(day) {
                        break;
                    }
                    day = day.pred_opt()?;
                }
            }
        }
        Some(day)
    }

    /// The last deadline day whose heads-up is due by `today`: what the store reads up to.
    pub fn heads_up_horizon(&self, today: NaiveDate, n: u32) -> NaiveDate {
        let far = match self.counting {
            Counting::WorkingDays => self.calendar.add_working_days(today, n).ok(),
            // Bringing the heads-up back over a run of days off lets the deadline lie that much
            // further: a month covers the longest.
            Counting::CalendarDays => today.checked_add_days(Days::new(u64::from(n) + 31)),
        };
        far.unwrap_or(today)
    }
}

/// A monthly window: from the first working day on or after `day` of the month, to the month's
/// end. `None` when `today` is not in it.
fn window(counter: &Counter, today: NaiveDate, day: u32) -> Option<NaiveDate> {
    let start = NaiveDate::from_ymd_opt(today.year(), today.month(), day)?;
    let opens = counter.on_or_after(start)?;
    (opens <= today).then_some(opens)
}

/// The day the monthly digest of `today`'s month became due, when `today` is in its window.
pub fn digest_window(
    counter: &Counter,
    config: &UrgingConfig,
    today: NaiveDate,
) -> Option<NaiveDate> {
    window(counter, today, config.digest_day)
}

/// The day the next digest after `today`'s month is due: the digest lists what falls due before it.
pub fn next_digest_day(counter: &Counter, config: &UrgingConfig, today: NaiveDate) -> NaiveDate {
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, config.digest_day)
        .and_then(|d| counter.on_or_after(d))
        .unwrap_or(today)
}

/// The day the update request of `today`'s month became due, when the month is one of
/// `update_request_months` and `today` is on or after its first working day.
pub fn update_window(
    counter: &Counter,
    config: &UrgingConfig,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if !config.update_request_months.contains(&today.month()) {
        return None;
    }
    window(counter, today, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn with(counting: Counting) -> (Calendar, UrgingConfig) {
        (
            Calendar::shipped().unwrap(),
            UrgingConfig {
                counting,
                ..UrgingConfig::default()
            },
        )
    }

    #[test]
    fn the_heads_up_goes_out_three_working_days_before_the_deadline() {
        let (cal, cfg) = with(Counting::WorkingDays);
        let c = Counter::new(&cal, &cfg);
        // Friday 13 February 2026, the last working day before Tết: Wednesday, Thursday and
        // Friday are the three days ahead, so the heads-up goes on Tuesday 10.
        assert_eq!(c.heads_up_day(d("2026-02-13"), 3), Some(d("2026-02-10")));
        // Monday 12 January 2026: Friday 9, Saturday 10 (worked) and Monday 12 are the three.
        assert_eq!(c.heads_up_day(d("2026-01-12"), 3), Some(d("2026-01-08")));
        // Monday 23 February 2026, just after Tết: the three days lie before the break.
        assert_eq!(c.heads_up_day(d("2026-02-23"), 3), Some(d("2026-02-11")));
        assert_eq!(c.heads_up_day(d("2026-02-23"), 0), Some(d("2026-02-23")));
        assert!(c.heads_up_horizon(d("2026-02-11"), 3) >= d("2026-02-23"));
    }

    #[test]
    fn counted_in_calendar_days_the_heads_up_comes_back_to_a_working_day() {
        let (cal, cfg) = with(Counting::CalendarDays);
        let c = Counter::new(&cal, &cfg);
        // Wednesday 25 February 2026 less 3 days is Sunday 22, in Tết: Friday 13 it is.
        assert_eq!(c.heads_up_day(d("2026-02-25"), 3), Some(d("2026-02-13")));
        assert!(c.heads_up_horizon(d("2026-02-13"), 3) >= d("2026-02-25"));
    }

    #[test]
    fn the_digest_window_opens_on_the_twentieth_or_the_working_day_after() {
        let (cal, cfg) = with(Counting::WorkingDays);
        let c = Counter::new(&cal, &cfg);
        // 20 December 2026 is a Sunday.
        assert_eq!(digest_window(&c, &cfg, d("2026-12-20")), None);
        assert_eq!(
            digest_window(&c, &cfg, d("2026-12-21")),
            Some(d("2026-12-21"))
        );
        assert_eq!(
            digest_window(&c, &cfg, d("2026-12-31")),
            Some(d("2026-12-21"))
        );
        assert_eq!(digest_window(&c, &cfg, d("2026-12-18")), None);
        assert_eq!(next_digest_day(&c, &cfg, d("2026-12-21")), d("2027-01-20"));
    }

    #[test]
    fn the_update_request_window_opens_on_a_quarters_first_working_day() {
        let (cal, cfg) = with(Counting::WorkingDays);
        let c = Counter::new(&cal, &cfg);
        // 1 January 2026 is a holiday and Friday 2 is swapped: Monday 5 is the first working day.
        assert_eq!(update_window(&c, &cfg, d("2026-01-02")), None);
        assert_eq!(
            update_window(&c, &cfg, d("2026-01-05")),
            Some(d("2026-01-05"))
        );
        assert_eq!(
            update_window(&c, &cfg, d("2026-01-30")),
            Some(d("2026-01-05"))
        );
        assert_eq!(update_window(&c, &cfg, d("2026-02-02")), None);
        assert_eq!(
            update_window(&c, &cfg, d("2026-04-01")),
            Some(d("2026-04-01"))
        );
    }
}
