//! The urging policy (Điều 7, 8.1.e, Appendices I and II): given the calendar, the `[urging]`
//! numbers, an instant and the tasks that can be due, which notices are due. No I/O and no
//! clock: the same inputs always give the same notices, so a run can be checked for any day.
//!
//! What is decided, and when:
//! - a heads-up to the lead unit on the working day from which a deadline is `heads_up_days`
//!   ahead, until the deadline passes;
//! - once a deadline has passed without a result, a case of the unit on the document ([`Cases`]):
//!   Phiếu báo 1 on the first working day after the earliest passed deadline (a case opened
//!   again, at once), each next one `notice_interval_days` after the one before was queued, so
//!   that their numbers are the letters actually sent — a late start or downtime delays a
//!   notice, never skips one; each lists every open task of the unit from the document;
//! - the escalation to the Chairman's office `notice_interval_days` after the last notice, once
//!   per case; no notice follows it, and the case is marked in every monthly digest until it
//!   closes, which it does when none of the unit's tasks on the document is open any more;
//! - the entry watch: a document whose drafts wait past the Office's entry clock;
//! - a request to update tasks without a deadline, from the first working day of the configured
//!   months; the monthly digest from the configured day.
//!
//! "In progress" stops nothing; reported, done, returned and cancelled stop a task's urging, a
//! returned task going to the Office instead. Only confirmed tasks are urged; drafts are the
//! entry watch's; rejected drafts are nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use super::notice::{self, CaseRef, CitedNotice, Notice, NoticeFlag, NoticeItem, NoticeKind};
use super::schedule::{self, Counter};
use crate::calendar::Calendar;
use crate::clock::local_date;
use crate::deadlines::entry::EntryClock;
use crate::deadlines::{deadline_instant, due_day, is_overdue};
use crate::domain::{Deadline, EmailAddress, ReviewState, TaskState, Urgency};
use crate::settings::UrgingConfig;

/// A unit as urging needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitContact {
    pub key: String,
    pub name: String,
    /// Whether the unit directory knows it.
    pub verified: bool,
    /// Where its notices go (the unit directory's addresses).
    pub emails: Vec<EmailAddress>,
    /// The Office specialist the directory assigns to it.
    pub tracking_specialist: Option<EmailAddress>,
}

/// A task's document, as a notice names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRef {
    pub id: i64,
    /// Số, ký hiệu: `1502/UBND-KT`.
    pub number: String,
    pub issued: NaiveDate,
    pub urgency: Urgency,
}

/// A task as urging sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskView {
    pub id: i64,
    pub document: DocumentRef,
    pub lead: UnitContact,
    pub content: String,
    pub deadline: Deadline,
    pub state: TaskState,
    pub review: ReviewState,
    /// The specialist recorded on the task (from the directory when it was stored).
    pub tracking_specialist: Option<EmailAddress>,
}

/// The Văn phòng UBND tỉnh, as the addressee of what concerns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub key: String,
    pub name: String,
    pub emails: Vec<EmailAddress>,
}

/// What the store must read for a run: only what can be due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    /// Open confirmed tasks whose deadline (as written) is on or before this day: every late
    /// one, and those whose heads-up (or, in the digest's window, whose next month) has come.
    pub due_on_or_before: NaiveDate,
    /// Open confirmed tasks without a deadline too: the update request's window is open.
    pub undated: bool,
}

/// A case as the store holds it: one unit late on one document's tasks, open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCase {
    pub id: i64,
    pub unit_key: String,
    pub document_id: i64,
    pub round: u32,
    pub opened_on: NaiveDate,
    /// Its Phiếu báo, in the order queued.
    pub notices: Vec<CitedNotice>,
    /// The day its escalation was queued.
    pub escalated_on: Option<NaiveDate>,
}

/// What the policy knows of cases: the open ones, and the last round of each unit and document
/// whose cases are all closed, with the day it closed (a case opening again is the next round).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cases {
    pub open: Vec<OpenCase>,
    pub last_round: BTreeMap<(String, i64), (u32, NaiveDate)>,
}

/// What a run decides: the notices, and the open cases to close.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    pub notices: Vec<Notice>,
    /// Open cases none of whose tasks is open any more.
    pub closed: Vec<i64>,
}

/// The policy with what it counts by.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    pub config: &'a UrgingConfig,
    pub calendar: &'a Calendar,
    pub office: &'a Office,
}

type Group<'t> = Vec<&'t TaskView>;

impl<'a> Policy<'a> {
    pub fn new(config: &'a UrgingConfig, calendar: &'a Calendar, office: &'a Office) -> Self {
        Self {
            config,
            calendar,
            office,
        }
    }

    fn counter(&self) -> Counter<'a> {
        Counter::new(self.calendar, self.config)
    }

    /// Which tasks a run at `as_of` needs (besides the returned tasks and the drafts, always
    /// read, and the other open tasks of the documents on which a unit is late, which its
    /// notice lists).
    pub fn selection(&self, as_of: DateTime<Utc>) -> Selection {
        let today = local_date(as_of);
        let counter = self.counter();
        let mut horizon = counter.heads_up_horizon(today, self.config.heads_up_days);
        if schedule::digest_window(&counter, self.config, today).is_some() {
            horizon = horizon.max(schedule::next_digest_day(&counter, self.config, today));
        }
        Selection {
            due_on_or_before: horizon.max(today),
            undated: schedule::update_window(&counter, self.config, today).is_some(),
        }
    }

    /// Whether `task` is a confirmed, open task whose deadline has passed at `as_of`: its unit
    /// is late, and every open task of its document is listed in the unit's notice.
    pub fn is_late(&self, task: &TaskView, as_of: DateTime<Utc>) -> bool {
        task.review == ReviewState::Confirmed
            && is_overdue(task.state, task.deadline, as_of, self.calendar)
    }

    /// The notices due at `as_of` when no case is open yet (see [`Policy::decide_cases`]).
    pub fn decide(&self, as_of: DateTime<Utc>, tasks: &[TaskView]) -> Vec<Notice> {
        self.decide_cases(as_of, tasks, &Cases::default()).notices
    }

    /// The notices due at `as_of`, in a stable order (kind, unit, document, number), and the
    /// cases to close, given the cases open.
    pub fn decide_cases(
        &self,
        as_of: DateTime<Utc>,
        tasks: &[TaskView],
        cases: &Cases,
    ) -> Decision {
        let today = local_date(as_of);
        // The store may give a task twice (it can be due and the companion of a late one).
        let tasks: Vec<&TaskView> = tasks
            .iter()
            .map(|t| (t.id, t))
            .collect::<BTreeMap<_, _>>()
            .into_values()
            .collect();
        let tracked_open: Vec<&TaskView> = tasks
            .iter()
            .copied()
            .filter(|t| t.review == ReviewState::Confirmed && t.state.is_open())
            .collect();
        let mut notices = Vec::new();
        self.heads_ups(as_of, today, &tracked_open, &mut notices);
        let (escalated, closed) =
            self.notices_and_escalations(as_of, today, &tracked_open, cases, &mut notices);
        self.returned(as_of, today, &tasks, &mut notices);
        self.entry_watch(as_of, &tasks, &mut notices);
        self.update_requests(as_of, today, &tracked_open, &mut notices);
        self.digests(
            as_of,
            today,
            &tasks,
            &tracked_open,
            &escalated,
            &mut notices,
        );
        notices.sort_by(|a, b| {
            (a.kind, &a.unit_key, a.document_id, a.sequence, &a.period).cmp(&(
                b.kind,
                &b.unit_key,
                b.document_id,
                b.sequence,
                &b.period,
            ))
        });
        Decision { notices, closed }
    }

    fn item(&self, t: &TaskView, as_of: DateTime<Utc>, escalated: bool) -> NoticeItem {
        let due = due_day(t.deadline, self.calendar);
        let overdue = is_overdue(t.state, t.deadline, as_of, self.calendar);
        let late_days = due.filter(|_| overdue).and_then(|d| {
            let n = self
                .calendar
                .working_days_between(d, local_date(as_of))
                .ok()?;
            u32::try_from(n).ok()
        });
        NoticeItem {
            task_id: t.id,
            document: t.document.number.clone(),
            unit: t.lead.name.clone(),
            content: t.content.clone(),
            due,
            due_time: t.deadline.time(),
            state: t.state,
            overdue,
            late_days,
            escalated,
        }
    }

    fn items(
        &self,
        group: &[&TaskView],
        as_of: DateTime<Utc>,
        escalated: impl Fn(&TaskView) -> bool,
    ) -> Vec<NoticeItem> {
        let mut items: Vec<NoticeItem> = group
            .iter()
            .map(|t| self.item(t, as_of, escalated(t)))
            .collect();
        // By due day (undated last), then as entered.
        items.sort_by_key(|i| (i.due.is_none(), i.due, i.task_id));
        items
    }

    /// A notice about `unit` (and `document`), with the flags its unit and recipients call for.
    #[allow(clippy::too_many_arguments)]
    fn notice(
        &self,
        kind: NoticeKind,
        unit: &UnitContact,
        document: Option<&DocumentRef>,
        sequence: Option<u32>,
        period: Option<String>,
        due_on: NaiveDate,
        items: Vec<NoticeItem>,
        to: Vec<EmailAddress>,
        subject: String,
        mut flags: Vec<NoticeFlag>,
    ) -> Notice {
        if to.is_empty() {
            flags.push(NoticeFlag::NoRecipient);
        }
        if !unit.verified {
            flags.push(NoticeFlag::UnverifiedUnit);
        }
        flags.sort();
        flags.dedup();
        Notice {
            kind,
            unit_key: unit.key.clone(),
            unit: unit.name.clone(),
            document_id: document.map(|d| d.id),
            document: document.map(|d| d.number.clone()),
            sequence,
            period,
            due_on,
            items,
            to,
            subject,
            flags,
            case: None,
        }
    }

    fn office_unit(&self) -> UnitContact {
        UnitContact {
            key: self.office.key.clone(),
            name: self.office.name.clone(),
            verified: true,
            emails: self.office.emails.clone(),
            tracking_specialist: None,
        }
    }

    /// Heads-ups: one per unit, document and deadline day.
    fn heads_ups(
        &self,
        as_of: DateTime<Utc>,
        today: NaiveDate,
        open: &[&TaskView],
        out: &mut Vec<Notice>,
    ) {
        let counter = self.counter();
        let mut groups: BTreeMap<(&str, i64, NaiveDate), (NaiveDate, Group)> = BTreeMap::new();
        for t in open {
            let (Some(due), Some(ends)) = (
                due_day(t.deadline, self.calendar),
                deadline_instant(t.deadline, self.calendar),
            ) else {
                continue;
            };
            if as_of > ends {
                continue;
            }
            let Some(day) = counter.heads_up_day(due, self.config.heads_up_days) else {
                continue;
            };
            if day <= today {
                groups
                    .entry((&t.lead.key, t.document.id, due))
                    .or_insert_with(|| (day, Vec::new()))
                    .1
                    .push(t);
            }
        }
        for ((_, _, due), (day, group)) in groups {
            let first = group[0];
            out.push(self.notice(
                NoticeKind::HeadsUp,
                &first.lead,
                Some(&first.document),
                None,
                Some(due.format("%Y-%m-%d").to_string()),
                day,
                self.items(&group, as_of, |_| false),
                first.lead.emails.clone(),
                notice::heads_up_subject(due, &first.document.number),
                Vec::new(),
            ));
        }
    }

    /// Phiếu báo and escalations, case by case; returns the (unit, document) cases gone to the
    /// Chairman, and the open cases to close.
    fn notices_and_escalations(
        &self,
        as_of: DateTime<Utc>,
        today: NaiveDate,
        open: &[&TaskView],
        cases: &Cases,
        out: &mut Vec<Notice>,
    ) -> (BTreeSet<(String, i64)>, Vec<i64>) {
        let counter = self.counter();
        let mut groups: BTreeMap<(&str, i64), Group> = BTreeMap::new();
        for t in open {
            groups
                .entry((&t.lead.key, t.document.id))
                .or_default()
                .push(t);
        }
        let open_cases: BTreeMap<(&str, i64), &OpenCase> = cases
            .open
            .iter()
            .map(|c| ((c.unit_key.as_str(), c.document_id), c))
            .collect();
        // A case none of whose tasks is open any more (done, reported, returned, cancelled)
        // closes.
        let closed: Vec<i64> = cases
            .open
            .iter()
            .filter(|c| !groups.contains_key(&(c.unit_key.as_str(), c.document_id)))
            .map(|c| c.id)
            .collect();
        let mut escalated = BTreeSet::new();
        let limit = self.config.notices_before_escalation as usize;
        let interval = self.config.notice_interval_days;
        for ((unit, document), group) in groups {
            let case = open_cases.get(&(unit, document)).copied();
            if case.is_some_and(|c| c.escalated_on.is_some()) {
                escalated.insert((unit.to_string(), document));
                continue;
            }
            // The earliest passed deadline among the unit's open tasks of the document; none
            // late (a deadline moved on), nothing is due.
            let Some(anchor) = group
                .iter()
                .filter(|t| self.is_late(t, as_of))
                .filter_map(|t| due_day(t.deadline, self.calendar))
                .min()
            else {
                continue;
            };
            let (case, next_due) = match case {
                Some(c) => {
                    let due = match c.notices.last() {
                        Some(last) => counter.after(last.on, interval),
                        None => Some(today),
                    };
                    let case = CaseRef {
                        id: Some(c.id),
                        round: c.round,
                        opened_on: c.opened_on,
                        notices: c.notices.clone(),
                    };
                    (case, due)
                }
                None => {
                    let last = cases.last_round.get(&(unit.to_string(), document)).copied();
                    let round = last.map_or(0, |(r, _)| r).saturating_add(1);
                    // Notice 1 on the first working day after the deadline, on the first run on
                    // or after it (a returned task given out again with its old deadline: at
                    // once). The unit is late since the day after the deadline, or since its
                    // last case closed.
                    let late_since = anchor.succ_opt().unwrap_or(anchor);
                    let opened_on = last.map_or(late_since, |(_, closed)| late_since.max(closed));
                    let due = counter.next_working_day(anchor);
                    let case = CaseRef {
                        id: None,
                        round,
                        opened_on,
                        notices: Vec::new(),
                    };
                    (case, due)
                }
            };
            let Some(on) = next_due.filter(|d| *d <= today) else {
                continue;
            };
            let first = group[0];
            let period = Some(format!("round:{}", case.round));
            // Numbered on from the last one queued (a case taken over from before cases were
            // kept goes on from the number its unit last received).
            let sent = case.notices.last().map_or(0, |n| n.sequence);
            let mut notice = if (sent as usize) < limit {
                let sequence = sent + 1;
                self.notice(
                    NoticeKind::Notice,
                    &first.lead,
                    Some(&first.document),
                    Some(sequence),
                    period,
                    on,
                    self.items(&group, as_of, |_| false),
                    first.lead.emails.clone(),
                    notice::notice_subject(sequence, &first.document.number, case.round),
                    Vec::new(),
                )
            } else {
                escalated.insert((unit.to_string(), document));
                self.notice(
                    NoticeKind::Escalation,
                    &first.lead,
                    Some(&first.document),
                    None,
                    period,
                    on,
                    self.items(&group, as_of, |_| true),
                    self.config.leaders.clone(),
                    notice::escalation_subject(
                        &first.lead.name,
                        &first.document.number,
                        case.round,
                    ),
                    vec![NoticeFlag::Escalated],
                )
            };
            notice.case = Some(case);
            out.push(notice);
        }
        (escalated, closed)
    }

    /// Tasks their unit returned (Điều 7.2.d): the unit is urged no more; the Office, which must
    /// correct or reassign them, is told, once for each set of returned tasks.
    fn returned(
        &self,
        as_of: DateTime<Utc>,
        today: NaiveDate,
        tasks: &[&TaskView],
        out: &mut Vec<Notice>,
    ) {
        let mut groups: BTreeMap<(&str, i64), Group> = BTreeMap::new();
        for t in tasks {
            if t.review == ReviewState::Confirmed && t.state == TaskState::Returned {
                groups
                    .entry((&t.lead.key, t.document.id))
                    .or_default()
                    .push(t);
            }
        }
        for group in groups.into_values() {
            let first = group[0];
            let items = self.items(&group, as_of, |_| false);
            let ids: Vec<String> = items.iter().map(|i| i.task_id.to_string()).collect();
            out.push(self.notice(
                NoticeKind::Notice,
                &first.lead,
                Some(&first.document),
                None,
                Some(format!("returned:{}", ids.join(","))),
                today,
                items,
                self.office.emails.clone(),
                notice::returned_subject(&first.lead.name, &first.document.number),
                vec![NoticeFlag::Returned],
            ));
        }
    }

    /// The entry watch: drafts still waiting when their document's entry clock has run out, one
    /// notice per document and lead unit, to the unit's tracking specialist or else the Office.
    fn entry_watch(&self, as_of: DateTime<Utc>, tasks: &[&TaskView], out: &mut Vec<Notice>) {
        let mut groups: BTreeMap<(i64, &str), Group> = BTreeMap::new();
        for t in tasks {
            // A draft of a revoked document is cancelled: nothing is left to enter.
            if t.review == ReviewState::Draft && t.state.is_open() {
                groups
                    .entry((t.document.id, &t.lead.key))
                    .or_default()
                    .push(t);
            }
        }
        for group in groups.into_values() {
            let first = group[0];
            let doc = &first.document;
            let Ok(clock) = EntryClock::for_document_within(
                doc.issued,
                doc.urgency,
                self.config.entry_working_days,
                self.calendar,
            ) else {
                continue;
            };
            if !clock.overdue_at(None, as_of) {
                continue;
            }
            let mut to: Vec<EmailAddress> = group
                .iter()
                .filter_map(|t| {
                    t.tracking_specialist
                        .clone()
                        .or_else(|| t.lead.tracking_specialist.clone())
                })
                .collect();
            to.sort();
            to.dedup();
            if to.is_empty() {
                to = self.office.emails.clone();
            }
            out.push(self.notice(
                NoticeKind::EntryOverdue,
                &first.lead,
                Some(doc),
                None,
                None,
                clock.due + Days::new(1),
                self.items(&group, as_of, |_| false),
                to,
                notice::entry_subject(&doc.number, doc.urgency, clock.due),
                Vec::new(),
            ));
        }
    }

    /// The request to update tasks without a deadline: one per unit in the window's month.
    fn update_requests(
        &self,
        as_of: DateTime<Utc>,
        today: NaiveDate,
        open: &[&TaskView],
        out: &mut Vec<Notice>,
    ) {
        let Some(opens) = schedule::update_window(&self.counter(), self.config, today) else {
            return;
        };
        let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
        for t in open {
            if t.deadline == Deadline::None {
                groups.entry(&t.lead.key).or_default().push(t);
            }
        }
        for group in groups.into_values() {
            let first = group[0];
            out.push(self.notice(
                NoticeKind::UpdateRequest,
                &first.lead,
                None,
                None,
                Some(month(today)),
                opens,
                self.items(&group, as_of, |_| false),
                first.lead.emails.clone(),
                notice::update_subject(today),
                Vec::new(),
            ));
        }
    }

    /// The monthly digest: to each unit, its open tasks late or falling due before the next
    /// digest, its cases gone to the Chairman marked; to the Office, all of them and the
    /// returned tasks.
    fn digests(
        &self,
        as_of: DateTime<Utc>,
        today: NaiveDate,
        tasks: &[&TaskView],
        open: &[&TaskView],
        escalated: &BTreeSet<(String, i64)>,
        out: &mut Vec<Notice>,
    ) {
        let counter = self.counter();
        let Some(opens) = schedule::digest_window(&counter, self.config, today) else {
            return;
        };
        let next = schedule::next_digest_day(&counter, self.config, today);
        let is_escalated = |t: &TaskView| escalated.contains(&(t.lead.key.clone(), t.document.id));
        let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
        for t in open {
            if due_day(t.deadline, self.calendar).is_some_and(|d| d < next) {
                groups.entry(&t.lead.key).or_default().push(t);
            }
        }
        let mut all: Group = Vec::new();
        for group in groups.into_values() {
            let first = group[0];
            let items = self.items(&group, as_of, is_escalated);
            let flags = if items.iter().any(|i| i.escalated) {
                vec![NoticeFlag::Escalated]
            } else {
                Vec::new()
            };
            out.push(self.notice(
                NoticeKind::Digest,
                &first.lead,
                None,
                None,
                Some(month(today)),
                opens,
                items,
                first.lead.emails.clone(),
                notice::digest_subject(Some(&first.lead.name), today),
                flags,
            ));
            all.extend(group);
        }
        let returned = tasks
            .iter()
            .filter(|t| t.review == ReviewState::Confirmed && t.state == TaskState::Returned);
        all.extend(returned);
        if all.is_empty() {
            return;
        }
        let items = self.items(&all, as_of, is_escalated);
        let mut flags = Vec::new();
        if items.iter().any(|i| i.escalated) {
            flags.push(NoticeFlag::Escalated);
        }
        if items.iter().any(|i| i.state == TaskState::Returned) {
            flags.push(NoticeFlag::Returned);
        }
        out.push(self.notice(
            NoticeKind::Digest,
            &self.office_unit(),
            None,
            None,
            Some(month(today)),
            opens,
            items,
            self.office.emails.clone(),
            notice::digest_subject(None, today),
            flags,
        ));
    }
}

fn month(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}
