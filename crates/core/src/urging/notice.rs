//! What the policy decides: notices, each for one unit (and one document, when it is about one),
//! with the tasks it lists, whom it goes to, its subject in Vietnamese, and the key that makes
//! queueing it twice impossible.

use chrono::{NaiveDate, NaiveTime};
use serde_json::json;

use crate::domain::text::dmy;
use crate::domain::{EmailAddress, TaskState, Urgency};

/// The kinds of notice; the spelling of `as_str` is the `remind --json` contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    /// To the lead unit, some days before a deadline.
    HeadsUp,
    /// A Phiếu báo (Appendix II) to a unit late on a document's tasks; also, flagged `returned`
    /// and without a number, the Office's notice of tasks a unit returned.
    Notice,
    /// To the Chairman's office, when the Phiếu báo went unanswered.
    Escalation,
    /// To the tracking specialist (else the Office), when a document's tasks were not entered
    /// in time.
    EntryOverdue,
    /// To a unit, asking for the progress of its tasks without a deadline.
    UpdateRequest,
    /// The monthly digest, to each unit with tasks falling due or late, and to the Office.
    Digest,
    /// Not the policy's: the outbox's report to the Office that a message could not be
    /// delivered (a permanent refusal, or every attempt used up).
    DeliveryFailure,
    /// Not the policy's: the monthly Appendix V to the leaders and the Office (`[jobs.reports]`),
    /// its spreadsheet attached.
    Report,
    /// Not the policy's: a unit's Appendix IV draft, to check (`[jobs.reports]`).
    UnitReport,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 9] = [
        Self::HeadsUp,
        Self::Notice,
        Self::Escalation,
        Self::EntryOverdue,
        Self::UpdateRequest,
        Self::Digest,
        Self::DeliveryFailure,
        Self::Report,
        Self::UnitReport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HeadsUp => "heads_up",
            Self::Notice => "notice",
            Self::Escalation => "escalation",
            Self::EntryOverdue => "entry_overdue",
            Self::UpdateRequest => "update_request",
            Self::Digest => "digest",
            Self::DeliveryFailure => "delivery_failure",
            Self::Report => "report",
            Self::UnitReport => "unit_report",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The word an official reads.
    pub fn vietnamese(self) -> &'static str {
        match self {
            Self::HeadsUp => "Nhắc hạn",
            Self::Notice => "Phiếu báo",
            Self::Escalation => "Báo cáo Chủ tịch",
            Self::EntryOverdue => "Chậm cập nhật",
            Self::UpdateRequest => "Đề nghị cập nhật",
            Self::Digest => "Tổng hợp tháng",
            Self::DeliveryFailure => "Thư không gửi được",
            Self::Report => "Báo cáo tổng hợp",
            Self::UnitReport => "Báo cáo của đơn vị",
        }
    }
}

/// Something about a notice the Office should see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeFlag {
    /// Nobody to send it to (a unit without an email address, no leaders or Office address
    /// configured): decided and kept all the same, for the Office to deliver by other means.
    NoRecipient,
    /// Its unit is not in the unit directory.
    UnverifiedUnit,
    /// It tells the Office of tasks their unit returned (Điều 7.2.d).
    Returned,
    /// It lists a case already reported to the Chairman.
    Escalated,
}

impl NoticeFlag {
    pub const ALL: [NoticeFlag; 4] = [
        Self::NoRecipient,
        Self::UnverifiedUnit,
        Self::Returned,
        Self::Escalated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoRecipient => "no_recipient",
            Self::UnverifiedUnit => "unverified_unit",
            Self::Returned => "returned",
            Self::Escalated => "escalated",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// One task as a notice lists it (Appendix II: the task, its required date, its status). The
/// queue keeps a notice's items in this one schema, written and read back by derive: the
/// `remind --json` items, the `notices.tasks` column and the letters all read the same fields.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeItem {
    #[serde(rename = "task")]
    pub task_id: i64,
    /// Its document's number and notation.
    pub document: String,
    /// Its lead unit's name (a digest to the Office lists several units).
    pub unit: String,
    pub content: String,
    /// The day it is due, a day off rolled to the next working day ("2026-12-07").
    pub due: Option<NaiveDate>,
    /// "16:30".
    #[serde(with = "hh_mm", default)]
    pub due_time: Option<NaiveTime>,
    pub state: TaskState,
    pub overdue: bool,
    /// For an overdue task: how many working days after its due day the notice is decided.
    /// (Notices queued before it was kept have none.)
    #[serde(default)]
    pub late_days: Option<u32>,
    /// Whether its case went to the Chairman.
    #[serde(default)]
    pub escalated: bool,
}

impl NoticeItem {
    pub fn to_json(&self) -> serde_json::Value {
        // Plain fields, strings and numbers: nothing here can fail to serialise.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// An hour of the day as the queue and `remind --json` write it: "16:30".
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_some(&t.format("%H:%M").to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) => NaiveTime::parse_from_str(&s, "%H:%M")
                .map(Some)
                .map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

/// A Phiếu báo a case has had, as an escalation cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedNotice {
    /// Its id in the queue.
    pub id: i64,
    pub sequence: u32,
    /// The day it was queued, in Vietnam.
    pub on: NaiveDate,
}

/// The case (one unit late on one document) a Phiếu báo or an escalation belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRef {
    /// The stored case; `None` when this run opens it.
    pub id: Option<i64>,
    /// 1 for the unit's first case on the document, 2 when it opened again after closing, …
    pub round: u32,
    /// The day the unit became late.
    pub opened_on: NaiveDate,
    /// For an escalation: the notices of the case it relies on, in order.
    pub notices: Vec<CitedNotice>,
}

/// A notice the policy decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    /// The unit it concerns (the Office's own key for the Office's digest).
    pub unit_key: String,
    pub unit: String,
    /// The source document, for a notice about one.
    pub document_id: Option<i64>,
    pub document: Option<String>,
    /// A Phiếu báo's number.
    pub sequence: Option<u32>,
    /// What else tells this notice from another of its kind, unit and document: the deadline
    /// day of a heads-up, the anchor of a notice schedule, the month of a digest or an update
    /// request, the tasks of a returned notice.
    pub period: Option<String>,
    /// The day it became due by the schedule (a run after that day still sends it once).
    pub due_on: NaiveDate,
    pub items: Vec<NoticeItem>,
    pub to: Vec<EmailAddress>,
    pub subject: String,
    pub flags: Vec<NoticeFlag>,
    /// The case of a Phiếu báo or an escalation.
    pub case: Option<CaseRef>,
}

impl Notice {
    /// The ids of the tasks it lists.
    pub fn tasks(&self) -> Vec<i64> {
        self.items.iter().map(|i| i.task_id).collect()
    }

    /// What makes two notices the same notice: the queue holds each key once, so a second run
    /// the same day, or any later day, never queues it again.
    pub fn dedupe_key(&self) -> String {
        let opt = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        format!(
            "{}|{}|{}|{}|{}",
            self.kind.as_str(),
            self.unit_key,
            opt(self.document_id.map(|d| d.to_string())),
            opt(self.sequence.map(|s| s.to_string())),
            opt(self.period.clone()),
        )
    }

    pub fn flag_strs(&self) -> Vec<&'static str> {
        self.flags.iter().map(|f| f.as_str()).collect()
    }

    /// The `remind --json` contract's object: `kind`, `unit`, `document`, `sequence`, `tasks`,
    /// `to`, `subject`, and more.
    pub fn to_json(&self) -> serde_json::Value {
        json!({
            "kind": self.kind.as_str(),
            "unit": self.unit,
            "unit_key": self.unit_key,
            "document": self.document,
            "document_id": self.document_id,
            "sequence": self.sequence,
            "tasks": self.tasks(),
            "to": self.to.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
            "subject": self.subject,
            "flags": self.flag_strs(),
            "due_on": self.due_on.format("%Y-%m-%d").to_string(),
            "period": self.period,
            "dedupe_key": self.dedupe_key(),
            "items": self.items.iter().map(NoticeItem::to_json).collect::<Vec<_>>(),
            "round": self.case.as_ref().map(|c| c.round),
            "case_opened_on": self
                .case
                .as_ref()
                .map(|c| c.opened_on.format("%Y-%m-%d").to_string()),
            "notices": (self.kind == NoticeKind::Escalation).then(|| {
                self.case
                    .iter()
                    .flat_map(|c| &c.notices)
                    .map(|n| json!({
                        "id": n.id,
                        "sequence": n.sequence,
                        "queued_on": n.on.format("%Y-%m-%d").to_string(),
                    }))
                    .collect::<Vec<_>>()
            }),
        })
    }
}

/// "Nhắc hạn: nhiệm vụ đến hạn ngày 13/11/2026 theo Văn bản số 1502/UBND-KT".
pub fn heads_up_subject(due: NaiveDate, document: &str) -> String {
    format!(
        "Nhắc hạn: nhiệm vụ đến hạn ngày {} theo Văn bản số {document}",
        dmy(due)
    )
}

/// " (lần 2)" for a unit's second case on a document, nothing for its first.
fn round_words(round: u32) -> String {
    if round > 1 {
        format!(" (lần {round})")
    } else {
        String::new()
    }
}

/// "Phiếu báo số 2: nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT"; a second case on the
/// same document says "Phiếu báo số 1 (lần 2): …".
pub fn notice_subject(sequence: u32, document: &str, round: u32) -> String {
    format!(
        "Phiếu báo số {sequence}{}: nhiệm vụ chưa thực hiện theo Văn bản số {document}",
        round_words(round)
    )
}

/// "Báo cáo Chủ tịch UBND tỉnh: Sở X chưa thực hiện nhiệm vụ theo Văn bản số …". It names no
/// count of notices: whether they reached the unit (a unit without an address has its notices
/// held) is the outbox's to say, and the letter's body cites those that were sent.
pub fn escalation_subject(unit: &str, document: &str, round: u32) -> String {
    format!(
        "Báo cáo Chủ tịch UBND tỉnh: {unit} chưa thực hiện nhiệm vụ theo Văn bản số {document}{}",
        round_words(round)
    )
}

/// The Office's notice of returned tasks.
pub fn returned_subject(unit: &str, document: &str) -> String {
    format!(
        "Nhiệm vụ bị trả lại: {unit} trả lại nhiệm vụ theo Văn bản số {document}, đề nghị \
         Văn phòng xem xét, điều chỉnh"
    )
}

/// The entry watch's notice.
pub fn entry_subject(document: &str, urgency: Urgency, due: NaiveDate) -> String {
    if urgency.is_urgent() {
        format!(
            "Quá hạn cập nhật nhiệm vụ: văn bản {} số {document} chưa được cập nhật nhiệm vụ \
             trong ngày {}",
            urgency.vietnamese().to_lowercase(),
            dmy(due)
        )
    } else {
        format!(
            "Quá hạn cập nhật nhiệm vụ: Văn bản số {document} chưa được cập nhật nhiệm vụ \
             (hạn {})",
            dmy(due)
        )
    }
}

/// The request to update tasks without a deadline.
pub fn update_subject(month_of: NaiveDate) -> String {
    format!(
        "Đề nghị cập nhật tình hình thực hiện nhiệm vụ không có thời hạn (kỳ tháng {})",
        month_of.format("%m/%Y")
    )
}

/// The Office's report of a message that could not be delivered.
pub fn delivery_failure_subject(subject: &str) -> String {
    format!("Thư không gửi được: {subject}")
}

/// The monthly digest, to a unit (`Some(name)`) or to the Office.
pub fn digest_subject(unit: Option<&str>, month_of: NaiveDate) -> String {
    let month = month_of.format("%m/%Y");
    match unit {
        Some(u) => format!("Tổng hợp tình hình thực hiện nhiệm vụ tháng {month}: {u}"),
        None => format!("Tổng hợp tình hình thực hiện nhiệm vụ của các đơn vị tháng {month}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// One schema for a queued task: what `remind --json` and the queue write is what the
    /// letters read back, field for field; an item queued before `late_days` and `escalated`
    /// were kept still reads.
    #[test]
    fn a_notice_item_is_written_and_read_back_as_one_type() {
        let item = NoticeItem {
            task_id: 7,
            document: "1502/UBND-KT".into(),
            unit: "Sở Xây dựng".into(),
            content: "rà soát hồ sơ".into(),
            due: Some(d("2026-11-27")),
            due_time: NaiveTime::from_hms_opt(16, 30, 0),
            state: TaskState::InProgress,
            overdue: true,
            late_days: Some(4),
            escalated: false,
        };
        let json = item.to_json();
        assert_eq!(
            json,
            json!({
                "task": 7, "document": "1502/UBND-KT", "unit": "Sở Xây dựng",
                "content": "rà soát hồ sơ", "due": "2026-11-27", "due_time": "16:30",
                "state": "in_progress", "overdue": true, "late_days": 4, "escalated": false
            })
        );
        assert_eq!(serde_json::from_value::<NoticeItem>(json).unwrap(), item);
        let legacy = json!({
            "task": 7, "document": "1502/UBND-KT", "unit": "Sở Xây dựng",
            "content": "rà soát hồ sơ", "due": null, "due_time": null,
            "state": "not_started", "overdue": false
        });
        let read: NoticeItem = serde_json::from_value(legacy).unwrap();
        assert_eq!(
            (read.late_days, read.escalated, read.due_time),
            (None, false, None)
        );
    }

    #[test]
    fn subjects_are_written_as_the_office_writes_them() {
        assert_eq!(
            notice_subject(2, "1502/UBND-KT", 1),
            "Phiếu báo số 2: nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT"
        );
        assert_eq!(
            notice_subject(1, "1502/UBND-KT", 2),
            "Phiếu báo số 1 (lần 2): nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT"
        );
        assert_eq!(
            heads_up_subject(d("2026-11-13"), "1502/UBND-KT"),
            "Nhắc hạn: nhiệm vụ đến hạn ngày 13/11/2026 theo Văn bản số 1502/UBND-KT"
        );
        assert!(!escalation_subject("Sở Xây dựng", "1502/UBND-KT", 1).contains("phiếu báo"));
        assert!(escalation_subject("Sở Xây dựng", "1502/UBND-KT", 2).ends_with("(lần 2)"));
        assert!(escalation_subject("Sở Xây dựng", "1502/UBND-KT", 1)
            .starts_with("Báo cáo Chủ tịch UBND tỉnh: Sở Xây dựng chưa thực hiện nhiệm vụ"));
        assert!(entry_subject("07/CĐ-UBND", Urgency::Flash, d("2026-11-25"))
            .contains("văn bản hỏa tốc số 07/CĐ-UBND"));
    }

    #[test]
    fn kinds_and_flags_round_trip_through_their_contract_spelling() {
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(k.as_str()), Some(k));
        }
        for f in NoticeFlag::ALL {
            assert_eq!(NoticeFlag::parse(f.as_str()), Some(f));
        }
    }
}
