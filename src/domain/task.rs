//! A task (nhiệm vụ) and the values it moves through.

use chrono::{NaiveDate, NaiveTime};

use super::document::DocumentKey;
use super::ids::{EmailAddress, UnitKey};

/// Execution state (Điều 6.1.g, plus what the axis and the Office add).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskState {
    NotStarted,
    InProgress,
    /// The unit says it is done; the Office has not checked yet.
    Reported,
    Done,
    /// The unit returned it as wrong or outside its remit (Điều 7.2.d).
    Returned,
    Cancelled,
}

impl TaskState {
    pub const ALL: [TaskState; 6] = [
        Self::NotStarted,
        Self::InProgress,
        Self::Reported,
        Self::Done,
        Self::Returned,
        Self::Cancelled,
    ];

    /// The spelling of the `tasks list --json` contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Reported => "reported",
            Self::Done => "done",
            Self::Returned => "returned",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn vietnamese(self) -> &'static str {
        match self {
            Self::NotStarted => "Chưa thực hiện",
            Self::InProgress => "Đang thực hiện",
            Self::Reported => "Đã báo cáo",
            Self::Done => "Đã hoàn thành",
            Self::Returned => "Trả lại",
            Self::Cancelled => "Đã hủy",
        }
    }

    /// Whether the unit still owes a result: only these can become overdue.
    pub fn is_open(self) -> bool {
        matches!(self, Self::NotStarted | Self::InProgress)
    }
}

/// When a task is due: a day (to its end), a day and an hour, or never (Điều 4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    None,
    Date(NaiveDate),
    DateTime(NaiveDate, NaiveTime),
}

impl Deadline {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Self::None => None,
            Self::Date(d) | Self::DateTime(d, _) => Some(d),
        }
    }

    pub fn time(self) -> Option<NaiveTime> {
        match self {
            Self::DateTime(_, t) => Some(t),
            _ => None,
        }
    }

    pub fn class(self) -> DeadlineClass {
        match self {
            Self::None => DeadlineClass::WithoutDeadline,
            _ => DeadlineClass::WithDeadline,
        }
    }
}

/// The regulation's two classes of task (Điều 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineClass {
    WithDeadline,
    WithoutDeadline,
}

/// A duty that comes back (định kỳ hằng tháng, hằng quý …), kept as the words that state it until
/// the deadline issue gives it a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence(pub String);

/// Where a task came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// One task per recipient, from an edXML header's `DueDate`.
    Header,
    /// Read out of the document's text.
    Extracted,
    /// Typed in by a specialist.
    Manual,
    /// From the national 42/2014 task database.
    National,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Header => "header",
            Self::Extracted => "extracted",
            Self::Manual => "manual",
            Self::National => "national",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Header, Self::Extracted, Self::Manual, Self::National]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// Whether a specialist has checked the task (the Office's 2-working-day entry clock stops at
/// confirmation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewState {
    Draft,
    Confirmed,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Confirmed => "confirmed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "confirmed" => Some(Self::Confirmed),
            _ => None,
        }
    }
}

/// Something the Office should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskFlag {
    /// The lead unit is not in the unit directory.
    UnverifiedUnit,
    /// The header gave a deadline earlier than the document's issue date.
    DeadlineBeforeIssue,
    /// The lead unit was recognised by its name: the OrganId the document gave is not the
    /// directory's, which the Office may want to add.
    UnitMatchedByName,
}

impl TaskFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnverifiedUnit => "unverified_unit",
            Self::DeadlineBeforeIssue => "deadline_before_issue",
            Self::UnitMatchedByName => "unit_matched_by_name",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::UnverifiedUnit,
            Self::DeadlineBeforeIssue,
            Self::UnitMatchedByName,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }
}

/// A task as Điều 6.1 asks to record it; the store gives it its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The document that assigned it.
    pub document: DocumentKey,
    pub content: String,
    pub lead: UnitKey,
    pub support: Vec<UnitKey>,
    pub deadline: Deadline,
    pub recurrence: Option<Recurrence>,
    pub state: TaskState,
    pub provenance: Provenance,
    pub review: ReviewState,
    /// The Office specialist who follows it (from the unit directory).
    pub tracking_specialist: Option<EmailAddress>,
    /// The unit that aggregates the report (cơ quan tổng hợp báo cáo), when not the lead.
    pub reporting_unit: Option<UnitKey>,
    pub flags: Vec<TaskFlag>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_through_their_contract_spelling() {
        for st in TaskState::ALL {
            assert_eq!(TaskState::parse(st.as_str()), Some(st));
        }
        assert_eq!(TaskState::parse("Not-Started"), Some(TaskState::NotStarted));
        assert_eq!(TaskState::parse("finished"), None);
    }

    #[test]
    fn only_unfinished_work_can_be_overdue() {
        let open: Vec<_> = TaskState::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [TaskState::NotStarted, TaskState::InProgress]);
    }

    #[test]
    fn a_task_without_a_date_is_in_the_without_deadline_class() {
        assert_eq!(Deadline::None.class(), DeadlineClass::WithoutDeadline);
        let d = NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
        assert_eq!(Deadline::Date(d).class(), DeadlineClass::WithDeadline);
        assert_eq!(Deadline::Date(d).date(), Some(d));
    }
}
