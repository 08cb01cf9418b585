//! The Office's entry clock (Điều 7, Appendix I): the tasks of a newly issued directive are to be
//! entered within 2 working days of its issue, and at once for an urgent one (Khẩn, Thượng khẩn,
//! Hỏa tốc). In dondoc a task is entered when a specialist confirms it: drafting it from the text
//! is the machine's part, the check is the Office's. Appendix I grades the drafting specialists on
//! this clock, so it is computed from stored instants and can be asked again for any past date.

use chrono::{DateTime, NaiveDate, Utc};

use crate::calendar::{Calendar, OutOfRange};
use crate::clock::end_of_day;
use crate::domain::Urgency;

/// Working days the Office has to enter an ordinary directive's tasks.
pub const ENTRY_WORKING_DAYS: u32 = 2;

/// When the entry of one document's tasks is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryClock {
    /// The last day of the limit.
    pub due: NaiveDate,
    /// The instant it runs out: the end of `due` in Vietnam (a limit in days ends at 24:00 of its
    /// last day, Bộ luật Dân sự Điều 147).
    pub ends: DateTime<Utc>,
}

impl EntryClock {
    /// The clock of a document issued on `issued`: the second working day after it (counting
    /// starts the next day), or the issue day itself for an urgent document. "Immediately" is
    /// read as the same day, since entering is a person's work within office hours.
    pub fn for_document(
        issued: NaiveDate,
        urgency: Urgency,
        calendar: &Calendar,
    ) -> Result<Self, OutOfRange> {
        Self::for_document_within(issued, urgency, ENTRY_WORKING_DAYS, calendar)
    }

    /// The clock with a limit of `working_days` for an ordinary document (the province's
    /// regulation may set another than [`ENTRY_WORKING_DAYS`]; `[urging] entry_working_days`).
    pub fn for_document_within(
        issued: NaiveDate,
        urgency: Urgency,
        working_days: u32,
        calendar: &Calendar,
    ) -> Result<Self, OutOfRange> {
        let due = if urgency.is_urgent() {
            issued
        } else {
            calendar.add_working_days(issued, working_days)?
        };
        Ok(Self {
            due,
            ends: end_of_day(due),
        })
    }

    /// Whether a task confirmed at `confirmed_at` was entered after its limit.
    pub fn entered_late(&self, confirmed_at: DateTime<Utc>) -> bool {
        confirmed_at > self.ends
    }

    /// Whether, at `as_of`, the limit had passed without the task being confirmed in time: it is
    /// still unconfirmed then (a confirmation after `as_of` had not happened yet) and the limit
    /// has run out, or it was confirmed late.
    pub fn overdue_at(&self, confirmed_at: Option<DateTime<Utc>>, as_of: DateTime<Utc>) -> bool {
        match confirmed_at {
            Some(at) if at <= as_of => self.entered_late(at),
            _ => as_of > self.ends,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_instant;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    fn clock(issued: &str, urgency: Urgency) -> EntryClock {
        let calendar = Calendar::shipped().unwrap();
        EntryClock::for_document(d(issued), urgency, &calendar).unwrap()
    }

    #[test]
    fn the_office_enters_a_directive_within_two_working_days_counted_from_the_day_after_issue() {
        // Issued on a Monday: Tuesday is the first working day, Wednesday the second.
        assert_eq!(clock("2024-06-03", Urgency::Normal).due, d("2024-06-05"));
    }

    #[test]
    fn a_weekend_does_not_count_towards_the_entry_limit() {
        // Issued on Thursday 9 May 2024: Friday, then Monday.
        assert_eq!(clock("2024-05-09", Urgency::Normal).due, d("2024-05-13"));
    }

    #[test]
    fn tet_does_not_count_towards_the_entry_limit() {
        // Issued the day before the 2024 Tết holiday (8–14 February): the limit runs after it.
        assert_eq!(clock("2024-02-07", Urgency::Normal).due, d("2024-02-16"));
    }

    #[test]
    fn an_urgent_directive_is_entered_the_day_it_is_issued() {
        for urgency in [Urgency::Urgent, Urgency::VeryUrgent, Urgency::Flash] {
            assert_eq!(
                clock("2024-09-18", urgency).due,
                d("2024-09-18"),
                "{urgency:?}"
            );
        }
    }

    #[test]
    fn a_confirmation_until_midnight_of_the_last_day_is_on_time() {
        let c = clock("2024-06-03", Urgency::Normal);
        assert!(!c.entered_late(t("2024-06-05T23:59:59+07:00")));
        assert!(c.entered_late(t("2024-06-06T00:00:01+07:00")));
    }

    #[test]
    fn a_draft_still_waiting_after_the_limit_is_overdue_and_one_confirmed_in_time_never_is() {
        let c = clock("2024-06-03", Urgency::Normal);
        let after = t("2024-06-10");
        assert!(!c.overdue_at(None, t("2024-06-05")));
        assert!(c.overdue_at(None, after));
        assert!(!c.overdue_at(Some(t("2024-06-04T10:00:00+07:00")), after));
        assert!(c.overdue_at(Some(t("2024-06-07T10:00:00+07:00")), after));
        // Asked for a past date, a later confirmation had not happened yet.
        assert!(c.overdue_at(Some(t("2024-06-20T10:00:00+07:00")), after));
        assert!(!c.overdue_at(Some(t("2024-06-20T10:00:00+07:00")), t("2024-06-04")));
    }
}
