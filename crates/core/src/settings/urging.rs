//! The `[urging]` section: the numbers of the urging policy (Điều 7, 8.1.e, Appendices I and
//! II of the regulation), each with the regulation's value as its default, and who receives what
//! goes to the Chairman and to the Office.

use serde::Deserialize;

use crate::domain::EmailAddress;

/// What the admin wrote under `[urging]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUrging {
    pub counting: Option<String>,
    pub heads_up_days: Option<u32>,
    pub notice_interval_days: Option<u32>,
    pub notices_before_escalation: Option<u32>,
    pub entry_working_days: Option<u32>,
    pub update_request_months: Option<Vec<u32>>,
    pub digest_day: Option<u32>,
    pub leaders: Option<Vec<String>>,
    pub office: Option<String>,
}

/// How the policy's intervals are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Ngày làm việc, as the calendar knows them (the default, as Appendix I counts).
    WorkingDays,
    /// Calendar days ("01 phiếu báo cho 03 ngày" read literally); a day that falls on a day off
    /// moves to the next working day.
    CalendarDays,
}

impl Counting {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkingDays => "working_days",
            Self::CalendarDays => "calendar_days",
        }
    }

    /// "ngày làm việc" or "ngày", for the texts officials read.
    pub fn vietnamese(self) -> &'static str {
        match self {
            Self::WorkingDays => "ngày làm việc",
            Self::CalendarDays => "ngày",
        }
    }
}

/// The validated `[urging]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrgingConfig {
    /// Whether the intervals below count working days or calendar days.
    pub counting: Counting,
    /// The lead unit is told this many days before a deadline (0: on the deadline day).
    pub heads_up_days: u32,
    /// Days between two Phiếu báo to the same unit about the same document.
    pub notice_interval_days: u32,
    /// How many Phiếu báo go out before the case goes to the Chairman, on the day the next one
    /// would be due.
    pub notices_before_escalation: u32,
    /// Working days the Office has to enter an ordinary directive's tasks (urgent ones: the
    /// issue day).
    pub entry_working_days: u32,
    /// The months (1–12) from whose first working day units are asked to update their tasks
    /// without a deadline.
    pub update_request_months: Vec<u32>,
    /// The day of the month (1–28) from which the monthly digest goes out (the next working day
    /// when it is a day off).
    pub digest_day: u32,
    /// The Chairman's office: who receives an escalation.
    pub leaders: Vec<EmailAddress>,
    /// The Office's address, for what concerns the Office (the entry watch without a tracking
    /// specialist, returned tasks, its digest). `None`: the addresses of the directory's unit of
    /// kind `office`.
    pub office: Option<EmailAddress>,
}

/// The regulation's numbers: a heads-up 3 working days ahead, one Phiếu báo every 3 working days,
/// the Chairman after 3, entry within 2 working days, updates quarterly, the digest on the 20th.
impl Default for UrgingConfig {
    fn default() -> Self {
        Self {
            counting: Counting::WorkingDays,
            heads_up_days: 3,
            notice_interval_days: 3,
            notices_before_escalation: 3,
            entry_working_days: crate::deadlines::entry::ENTRY_WORKING_DAYS,
            update_request_months: vec![1, 4, 7, 10],
            digest_day: 20,
            leaders: Vec::new(),
            office: None,
        }
    }
}

/// The most notices before escalation that makes sense (and bounds the schedule's length).
const MAX_NOTICES: u32 = 20;

/// Checks the section; every problem comes back as `(key, reason)`, with the default kept in
/// its place.
pub fn check(raw: RawUrging) -> (UrgingConfig, Vec<(String, String)>) {
    let d = UrgingConfig::default();
    let mut problems = Vec::new();
    let mut bad = |key: &str, reason: String| problems.push((format!("urging.{key}"), reason));
    let counting = match raw.counting.as_deref() {
        None | Some("working_days") => Counting::WorkingDays,
        Some("calendar_days") => Counting::CalendarDays,
        Some(other) => {
            bad(
                "counting",
                format!("{other:?} is not one of working_days, calendar_days"),
            );
            d.counting
        }
    };
    let notice_interval_days = match raw.notice_interval_days {
        Some(0) => {
            bad("notice_interval_days", "must be at least 1".into());
            d.notice_interval_days
        }
        Some(n) => n,
        None => d.notice_interval_days,
    };
    let notices_before_escalation = match raw.notices_before_escalation {
        Some(n) if n > MAX_NOTICES => {
            bad(
                "notices_before_escalation",
                format!("must be at most {MAX_NOTICES} (got {n})"),
            );
            d.notices_before_escalation
        }
        Some(n) => n,
        None => d.notices_before_escalation,
    };
    let heads_up_days = match raw.heads_up_days {
        Some(n) if n > 60 => {
            bad("heads_up_days", format!("must be at most 60 (got {n})"));
            d.heads_up_days
        }
        Some(n) => n,
        None => d.heads_up_days,
    };
    let entry_working_days = match raw.entry_working_days {
        Some(n) if n > 60 => {
            bad(
                "entry_working_days",
                format!("must be at most 60 (got {n})"),
            );
            d.entry_working_days
        }
        Some(n) => n,
        None => d.entry_working_days,
    };
    let mut update_request_months = Vec::new();
    for (i, m) in raw
        .update_request_months
        .unwrap_or_else(|| d.update_request_months.clone())
        .into_iter()
        .enumerate()
    {
        if !(1..=12).contains(&m) {
            bad(
                &format!("update_request_months[{i}]"),
                format!("{m} is not a month from 1 to 12"),
            );
        } else if !update_request_months.contains(&m) {
            update_request_months.push(m);
        }
    }
    update_request_months.sort_unstable();
    let digest_day = match raw.digest_day {
        Some(n) if !(1..=28).contains(&n) => {
            bad(
                "digest_day",
                format!("must be a day from 1 to 28, found in every month (got {n})"),
            );
            d.digest_day
        }
        Some(n) => n,
        None => d.digest_day,
    };
    let mut leaders = Vec::new();
    for (i, l) in raw.leaders.unwrap_or_default().iter().enumerate() {
        match EmailAddress::parse(l) {
            Ok(e) if !leaders.contains(&e) => leaders.push(e),
            Ok(_) => {}
            Err(e) => bad(&format!("leaders[{i}]"), e.to_string()),
        }
    }
    let office = match raw.office.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match EmailAddress::parse(s) {
            Ok(e) => Some(e),
            Err(e) => {
                bad("office", e.to_string());
                None
            }
        },
    };
    (
        UrgingConfig {
            counting,
            heads_up_days,
            notice_interval_days,
            notices_before_escalation,
            entry_working_days,
            update_request_months,
            digest_day,
            leaders,
            office,
        },
        problems,
    )
}

impl UrgingConfig {
    /// The section as `config check` prints it.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let list = |v: &[String]| v.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ");
        let leaders: Vec<String> = self.leaders.iter().map(|e| e.to_string()).collect();
        let months: Vec<String> = self
            .update_request_months
            .iter()
            .map(u32::to_string)
            .collect();
        let mut out = format!(
            "\n[urging]\ncounting = {}\nheads_up_days = {}\nnotice_interval_days = {}\n\
             notices_before_escalation = {}\nentry_working_days = {}\nupdate_request_months = [{}]\n\
             digest_day = {}\nleaders = [{}]\n",
            q(self.counting.as_str()),
            self.heads_up_days,
            self.notice_interval_days,
            self.notices_before_escalation,
            self.entry_working_days,
            months.join(", "),
            self.digest_day,
            list(&leaders),
        );
        match &self.office {
            Some(o) => out.push_str(&format!("office = {}\n", q(o.as_str()))),
            None => out.push_str("# office: the addresses of the directory's Office unit\n"),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_regulations_numbers() {
        let (c, problems) = check(RawUrging::default());
        assert!(problems.is_empty());
        assert_eq!(c, UrgingConfig::default());
        assert_eq!(c.counting, Counting::WorkingDays);
        assert_eq!(
            (
                c.heads_up_days,
                c.notice_interval_days,
                c.notices_before_escalation
            ),
            (3, 3, 3)
        );
        assert_eq!(c.entry_working_days, 2);
        assert_eq!(c.digest_day, 20);
        assert_eq!(c.update_request_months, [1, 4, 7, 10]);
    }

    #[test]
    fn every_bad_value_is_named_and_the_good_ones_are_kept() {
        let raw = RawUrging {
            counting: Some("fortnights".into()),
            notice_interval_days: Some(0),
            notices_before_escalation: Some(5),
            update_request_months: Some(vec![7, 13, 1, 7]),
            digest_day: Some(31),
            leaders: Some(vec!["chutich@thuathienhue.example".into(), "nobody".into()]),
            office: Some("vp@".into()),
            ..RawUrging::default()
        };
        let (c, problems) = check(raw);
        let keys: Vec<&str> = problems.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "urging.counting",
                "urging.notice_interval_days",
                "urging.update_request_months[1]",
                "urging.digest_day",
                "urging.leaders[1]",
                "urging.office",
            ]
        );
        assert_eq!(c.notices_before_escalation, 5);
        assert_eq!(c.update_request_months, [1, 7]);
        assert_eq!(c.leaders.len(), 1);
    }
}
