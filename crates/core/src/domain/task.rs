//! A task (nhiệm vụ) and the values it moves through.

use chrono::{NaiveDate, NaiveTime};

use super::document::DocumentKey;
use super::ids::{EmailAddress, InvalidValue, UnitKey};

/// Execution state (Điều 6.1.g, plus what the axis and the Office add). Serialised as
/// [`TaskState::as_str`] spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// Whether a specialist has checked the task. The Office's 2-working-day entry clock (Điều 7)
/// stops at confirmation; a rejected draft was never a task and is not tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewState {
    /// Read from the document (its text or its header) and waiting for a specialist.
    Draft,
    /// Checked by a specialist (or confirmed by the configured confidence threshold).
    Confirmed,
    /// Not a task after all (a misreading, a duplicate): kept for the audit trail, never tracked.
    Rejected,
}

impl ReviewState {
    pub const ALL: [ReviewState; 3] = [Self::Draft, Self::Confirmed, Self::Rejected];

    /// The spelling of the `tasks list --json` and `review list --json` contracts.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn vietnamese(self) -> &'static str {
        match self {
            Self::Draft => "Chờ duyệt",
            Self::Confirmed => "Đã duyệt",
            Self::Rejected => "Loại bỏ",
        }
    }

    /// Whether deadlines are watched: a draft's deadline runs while it waits for review (the unit
    /// received the document all the same), a rejected one's does not.
    pub fn is_tracked(self) -> bool {
        self != Self::Rejected
    }
}

/// How sure the reading rules are that an extracted task is right, from 0 to 1. Kept in
/// thousandths, so that it is stored and compared exactly on both backends and against the
/// configured auto-confirm threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Confidence(u16);

impl Confidence {
    /// A value between 0 and 1 (inclusive), rounded to thousandths.
    pub fn new(value: f64) -> Result<Self, InvalidValue> {
        if !value.is_finite() || !(0.0..=1.0).contains(&value) {
            return Err(InvalidValue {
                what: "confidence",
                value: value.to_string(),
                reason: "it must be a number from 0 to 1",
            });
        }
        Ok(Self((value * 1000.0).round() as u16))
    }

    /// What [`Confidence::thousandths`] gave.
    pub fn from_thousandths(n: i64) -> Result<Self, InvalidValue> {
        match u16::try_from(n) {
            Ok(n) if n <= 1000 => Ok(Self(n)),
            _ => Err(InvalidValue {
                what: "confidence",
                value: n.to_string(),
                reason: "it must be from 0 to 1000 thousandths",
            }),
        }
    }

    pub fn thousandths(self) -> u16 {
        self.0
    }

    pub fn value(self) -> f64 {
        f64::from(self.0) / 1000.0
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2}", self.value())
    }
}

/// Something the Office should look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskFlag {
    /// A unit of the task (its lead or a coordinating unit) is not in the unit directory: a unit
    /// the directory lacks, or a group the text names that the directory does not expand.
    UnverifiedUnit,
    /// The deadline is earlier than the document's issue date (a typo of the source, most likely).
    DeadlineBeforeIssue,
    /// The lead unit was recognised by its name: the OrganId the document gave is not the
    /// directory's, which the Office may want to add.
    UnitMatchedByName,
    /// The document's text was read and gave no task: the header's task per recipient stands in
    /// until a specialist enters the real ones.
    NoTasksExtracted,
    /// An attachment could not be read (a scan, an old binary .doc): its tasks must be entered by
    /// hand, and the tasks read from the rest may not be all of them.
    NeedsManualEntry,
    /// The text names several units leading together: the first known one leads, the others are
    /// listed as coordinating units; the Office may split the task.
    JointLead,
    /// The text tasks a group ("các sở, ban, ngành") that the unit directory expands: this task
    /// is one of those made for each member unit, as the regulation tracks them (each unit
    /// answers for itself). The Office may prefer to keep the group whole.
    FromGroup,
    /// The deadline's year was not written and was taken from the issue date.
    DeadlineYearAssumed,
    /// The text asks for it at once ("khẩn trương", "ngay") rather than by a date.
    Urgent,
    /// The text asks for it continuously ("thường xuyên"): a task without a deadline (Điều 4.2).
    Continuous,
}

impl TaskFlag {
    pub const ALL: [TaskFlag; 10] = [
        Self::UnverifiedUnit,
        Self::DeadlineBeforeIssue,
        Self::UnitMatchedByName,
        Self::NoTasksExtracted,
        Self::NeedsManualEntry,
        Self::JointLead,
        Self::FromGroup,
        Self::DeadlineYearAssumed,
        Self::Urgent,
        Self::Continuous,
    ];

    /// The spelling of the `tasks list --json` contract and of the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnverifiedUnit => "unverified_unit",
            Self::DeadlineBeforeIssue => "deadline_before_issue",
            Self::UnitMatchedByName => "unit_matched_by_name",
            Self::NoTasksExtracted => "no_tasks_extracted",
            Self::NeedsManualEntry => "needs_manual_entry",
            Self::JointLead => "joint_lead",
            Self::FromGroup => "from_group",
            Self::DeadlineYearAssumed => "deadline_year_assumed",
            Self::Urgent => "urgent",
            Self::Continuous => "continuous",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// Whether a person must look before the task can be trusted: such a task is never
    /// confirmed automatically, however confident the reading.
    pub fn needs_a_person(self) -> bool {
        !matches!(self, Self::Urgent | Self::Continuous)
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
    /// The sentences of the document that assign it, when it was read from the text: what a
    /// specialist checks it against.
    pub quote: Option<String>,
    /// How sure the reading was, when it was read from the text.
    pub confidence: Option<Confidence>,
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
    fn review_states_and_flags_round_trip_through_their_contract_spelling() {
        for r in ReviewState::ALL {
            assert_eq!(ReviewState::parse(r.as_str()), Some(r));
        }
        assert_eq!(ReviewState::parse("rejected"), Some(ReviewState::Rejected));
        for f in TaskFlag::ALL {
            assert_eq!(TaskFlag::parse(f.as_str()), Some(f));
        }
        assert_eq!(TaskFlag::parse("block"), None);
    }

    #[test]
    fn a_rejected_draft_is_not_tracked() {
        assert!(ReviewState::Draft.is_tracked());
        assert!(ReviewState::Confirmed.is_tracked());
        assert!(!ReviewState::Rejected.is_tracked());
    }

    #[test]
    fn confidence_is_a_number_from_zero_to_one_kept_in_thousandths() {
        let c = Confidence::new(f64::from(0.8f32)).unwrap();
        assert_eq!(c.thousandths(), 800);
        assert_eq!(c.value(), 0.8);
        assert_eq!(Confidence::from_thousandths(800).unwrap(), c);
        assert!(Confidence::new(1.5).is_err());
        assert!(Confidence::new(-0.1).is_err());
        assert!(Confidence::new(f64::NAN).is_err());
        assert!(Confidence::from_thousandths(1001).is_err());
        assert!(Confidence::new(0.75).unwrap() < c);
    }

    #[test]
    fn a_task_without_a_date_is_in_the_without_deadline_class() {
        assert_eq!(Deadline::None.class(), DeadlineClass::WithoutDeadline);
        let d = NaiveDate::from_ymd_opt(2024, 6, 20).unwrap();
        assert_eq!(Deadline::Date(d).class(), DeadlineClass::WithDeadline);
        assert_eq!(Deadline::Date(d).date(), Some(d));
    }
}
