//! The policy over weeks of the shipped calendar, day by day on an injected instant, with a queue
//! that keeps each notice once, as the store's does. The dates are real: Tết Bính Ngọ (Saturday
//! 14 – Sunday 22 February 2026), New Year 2026 (Thursday 1 January off, Friday 2 swapped against
//! Saturday 10 January, which is worked), Vietnam's Culture Day (Tuesday 24 November 2026).

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use super::*;
use crate::calendar::Calendar;
use crate::clock::{local_instant, parse_instant};
use crate::domain::{Deadline, EmailAddress, ReviewState, TaskState, Urgency};
use crate::settings::{Counting, UrgingConfig};

fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(|| Calendar::shipped().unwrap())
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn email(s: &str) -> EmailAddress {
    EmailAddress::parse(s).unwrap()
}

/// 8 o'clock in the morning of `day` in Vietnam: when a day's run happens.
fn morning(day: NaiveDate) -> DateTime<Utc> {
    local_instant(day, NaiveTime::from_hms_opt(8, 0, 0).unwrap())
}

fn config() -> UrgingConfig {
    UrgingConfig {
        leaders: vec![email("chutich@thuathienhue.example")],
        ..UrgingConfig::default()
    }
}

fn office() -> Office {
    Office {
        key: "van-phong-ubnd-tinh".into(),
        name: "Văn phòng UBND tỉnh".into(),
        emails: vec![email("vpubnd@thuathienhue.example")],
    }
}

fn sxd() -> UnitContact {
    UnitContact {
        key: "so-xay-dung-2025".into(),
        name: "Sở Xây dựng".into(),
        verified: true,
        emails: vec![email("soxaydung@thuathienhue.example")],
        tracking_specialist: Some(email("cv.kinhte@vpubnd.thuathienhue.example")),
    }
}

fn stc() -> UnitContact {
    UnitContact {
        key: "so-tai-chinh-2025".into(),
        name: "Sở Tài chính".into(),
        verified: true,
        emails: vec![email("sotaichinh@thuathienhue.example")],
        tracking_specialist: None,
    }
}

fn doc_1502() -> DocumentRef {
    DocumentRef {
        id: 1,
        number: "1502/UBND-KT".into(),
        issued: d("2026-01-20"),
        urgency: Urgency::Normal,
    }
}

fn task(id: i64, document: DocumentRef, lead: UnitContact, due: Option<&str>) -> TaskView {
    TaskView {
        id,
        document,
        lead,
        content: format!("Nhiệm vụ {id}"),
        deadline: due.map_or(Deadline::None, |s| Deadline::Date(d(s))),
        state: TaskState::NotStarted,
        review: ReviewState::Confirmed,
        tracking_specialist: None,
    }
}

fn decide_with(cfg: &UrgingConfig, at: DateTime<Utc>, tasks: &[TaskView]) -> Vec<Notice> {
    let office = office();
    Policy::new(cfg, calendar(), &office).decide(at, tasks)
}

fn decide(at: DateTime<Utc>, tasks: &[TaskView]) -> Vec<Notice> {
    decide_with(&config(), at, tasks)
}

/// What went out, day by day: (day, kind, number, unit, tasks).
type Sent = (NaiveDate, NoticeKind, Option<u32>, String, Vec<i64>);

/// The store's cases, kept as `Store::queue_decision` keeps them: a notice of a case not yet
/// stored opens it, a closed case leaves the open ones and counts as its unit's last round.
#[derive(Default)]
struct CaseBook {
    cases: Cases,
    next_id: i64,
    next_notice: i64,
}

impl CaseBook {
    fn apply_closed(&mut self, day: NaiveDate, closed: &[i64]) {
        for id in closed {
            if let Some(at) = self.cases.open.iter().position(|c| c.id == *id) {
                let c = self.cases.open.remove(at);
                self.cases
                    .last_round
                    .insert((c.unit_key.clone(), c.document_id), (c.round, day));
            }
        }
    }

    fn apply(&mut self, day: NaiveDate, closed: &[i64], n: &Notice) {
        self.apply_closed(day, closed);
        let Some(case) = &n.case else { return };
        if !matches!(n.kind, NoticeKind::Notice | NoticeKind::Escalation) {
            return;
        }
        let id = match case.id {
            Some(id) => id,
            None => {
                self.next_id += 1;
                self.cases.open.push(OpenCase {
                    id: self.next_id,
                    unit_key: n.unit_key.clone(),
                    document_id: n.document_id.unwrap(),
                    round: case.round,
                    opened_on: case.opened_on,
                    notices: Vec::new(),
                    escalated_on: None,
                });
                self.next_id
            }
        };
        self.next_notice += 1;
        let open = self.cases.open.iter_mut().find(|c| c.id == id).unwrap();
        match n.kind {
            NoticeKind::Escalation => open.escalated_on = Some(day),
            _ => open.notices.push(CitedNotice {
                id: self.next_notice,
                sequence: n.sequence.unwrap(),
                on: day,
            }),
        }
    }
}

/// Runs the policy every morning from `from` to `to`, on the tasks `tasks(day)` gives, keeping
/// each notice once as the queue does and the cases as the store does; returns the notices
/// queued, in order.
fn every_morning(
    cfg: &UrgingConfig,
    from: &str,
    to: &str,
    tasks: impl Fn(NaiveDate) -> Vec<TaskView>,
) -> Vec<(NaiveDate, Notice)> {
    runs_on(cfg, from, to, |_| true, tasks)
}

/// [`every_morning`] on the days `runs(day)` says the daemon ran.
fn runs_on(
    cfg: &UrgingConfig,
    from: &str,
    to: &str,
    runs: impl Fn(NaiveDate) -> bool,
    tasks: impl Fn(NaiveDate) -> Vec<TaskView>,
) -> Vec<(NaiveDate, Notice)> {
    let mut queue = HashSet::new();
    let mut book = CaseBook::default();
    let mut sent = Vec::new();
    let mut day = d(from);
    while day <= d(to) {
        if !runs(day) {
            day = day + Days::new(1);
            continue;
        }
        let office = office();
        let decision = Policy::new(cfg, calendar(), &office).decide_cases(
            morning(day),
            &tasks(day),
            &book.cases,
        );
        let mut closed = decision.closed.as_slice();
        let decided = decision.notices;
        let notices_today = decided
            .iter()
            .filter(|n| n.kind == NoticeKind::Notice && n.sequence.is_some())
            .map(|n| (&n.unit_key, n.document_id))
            .collect::<Vec<_>>();
        let distinct: HashSet<_> = notices_today.iter().collect();
        assert_eq!(
            distinct.len(),
            notices_today.len(),
            "{day}: at most one Phiếu báo per unit and document"
        );
        for n in decided {
            if queue.insert(n.dedupe_key()) {
                book.apply(day, closed, &n);
                closed = &[];
                sent.push((day, n));
            }
        }
        book.apply_closed(day, closed);
        day = day + Days::new(1);
    }
    sent
}

fn summary(sent: &[(NaiveDate, Notice)], kinds: &[NoticeKind]) -> Vec<Sent> {
    sent.iter()
        .filter(|(_, n)| kinds.contains(&n.kind))
        .map(|(day, n)| (*day, n.kind, n.sequence, n.unit_key.clone(), n.tasks()))
        .collect()
}

const URGING: [NoticeKind; 3] = [
    NoticeKind::HeadsUp,
    NoticeKind::Notice,
    NoticeKind::Escalation,
];

fn out(day: &str, kind: NoticeKind, seq: Option<u32>, unit: &str, tasks: &[i64]) -> Sent {
    (d(day), kind, seq, unit.into(), tasks.to_vec())
}

#[test]
fn a_task_due_the_friday_before_tet_is_urged_every_three_working_days_then_escalated() {
    let t = task(1, doc_1502(), sxd(), Some("2026-02-13"));
    let sent = every_morning(&config(), "2026-02-02", "2026-03-31", |_| vec![t.clone()]);
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &URGING),
        [
            // Wednesday 11, Thursday 12 and Friday 13 are the three working days ahead.
            out("2026-02-10", NoticeKind::HeadsUp, None, u, &[1]),
            // Tết (16–20 February) and its weekends are not working days.
            out("2026-02-23", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-02-26", NoticeKind::Notice, Some(2), u, &[1]),
            out("2026-03-03", NoticeKind::Notice, Some(3), u, &[1]),
            // On the day a fourth would be due; no notice follows.
            out("2026-03-06", NoticeKind::Escalation, None, u, &[1]),
        ]
    );
    let (_, heads_up) = &sent[0];
    assert_eq!(
        heads_up.subject,
        "Nhắc hạn: nhiệm vụ đến hạn ngày 13/02/2026 theo Văn bản số 1502/UBND-KT"
    );
    assert_eq!(heads_up.to, [email("soxaydung@thuathienhue.example")]);
    let second = sent
        .iter()
        .map(|(_, n)| n)
        .find(|n| n.sequence == Some(2))
        .unwrap();
    assert_eq!(
        second.subject,
        "Phiếu báo số 2: nhiệm vụ chưa thực hiện theo Văn bản số 1502/UBND-KT"
    );
    assert_eq!(second.document.as_deref(), Some("1502/UBND-KT"));
    assert!(second.items[0].overdue);
    assert_eq!(second.items[0].due, Some(d("2026-02-13")));
    let escalation = sent
        .iter()
        .map(|(_, n)| n)
        .find(|n| n.kind == NoticeKind::Escalation)
        .unwrap();
    assert_eq!(
        escalation.subject,
        "Báo cáo Chủ tịch UBND tỉnh: Sở Xây dựng chưa thực hiện nhiệm vụ theo Văn bản số \
         1502/UBND-KT"
    );
    assert_eq!(escalation.to, [email("chutich@thuathienhue.example")]);
    assert_eq!(escalation.unit, "Sở Xây dựng");

    // The digests: 20 February is in Tết, so the first working day after; 20 March is a Friday.
    let digests = summary(&sent, &[NoticeKind::Digest]);
    assert_eq!(
        digests,
        [
            out("2026-02-23", NoticeKind::Digest, None, u, &[1]),
            out(
                "2026-02-23",
                NoticeKind::Digest,
                None,
                "van-phong-ubnd-tinh",
                &[1]
            ),
            out("2026-03-20", NoticeKind::Digest, None, u, &[1]),
            out(
                "2026-03-20",
                NoticeKind::Digest,
                None,
                "van-phong-ubnd-tinh",
                &[1]
            ),
        ]
    );
    let march: Vec<&Notice> = sent
        .iter()
        .filter(|(day, n)| *day == d("2026-03-20") && n.kind == NoticeKind::Digest)
        .map(|(_, n)| n)
        .collect();
    assert!(
        march
            .iter()
            .all(|n| n.flags.contains(&NoticeFlag::Escalated) && n.items[0].escalated),
        "an escalated case stays in every digest until resolved: {march:?}"
    );
}

#[test]
fn a_report_silences_the_notices_and_in_progress_does_not() {
    let sent = every_morning(&config(), "2026-02-02", "2026-03-31", |day| {
        let mut t = task(1, doc_1502(), sxd(), Some("2026-02-13"));
        // In progress from the 24th: the notices go on. Reported on the 27th: they stop.
        if day >= d("2026-02-24") {
            t.state = TaskState::InProgress;
        }
        if day >= d("2026-02-27") {
            t.state = TaskState::Reported;
        }
        vec![t]
    });
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &URGING),
        [
            out("2026-02-10", NoticeKind::HeadsUp, None, u, &[1]),
            out("2026-02-23", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-02-26", NoticeKind::Notice, Some(2), u, &[1]),
        ]
    );
    assert!(
        summary(&sent, &[NoticeKind::Digest])
            .iter()
            .all(|(day, ..)| *day < d("2026-03-01")),
        "a reported task is in no later digest"
    );
}

#[test]
fn a_saturday_worked_counts_and_the_new_year_holiday_and_swap_do_not() {
    let doc = DocumentRef {
        issued: d("2025-12-01"),
        ..doc_1502()
    };
    let t = task(1, doc, sxd(), Some("2025-12-31"));
    let sent = every_morning(&config(), "2025-12-20", "2026-01-31", |_| vec![t.clone()]);
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &URGING),
        [
            out("2025-12-26", NoticeKind::HeadsUp, None, u, &[1]),
            // 1 January is a holiday and Friday 2 is swapped.
            out("2026-01-05", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-01-08", NoticeKind::Notice, Some(2), u, &[1]),
            // Friday 9, Saturday 10 (worked), Monday 12.
            out("2026-01-12", NoticeKind::Notice, Some(3), u, &[1]),
            out("2026-01-15", NoticeKind::Escalation, None, u, &[1]),
        ]
    );
}

#[test]
fn counted_in_calendar_days_the_notices_come_every_three_days_on_working_days() {
    let cfg = UrgingConfig {
        counting: Counting::CalendarDays,
        ..config()
    };
    let t = task(1, doc_1502(), sxd(), Some("2026-02-13"));
    let sent = every_morning(&cfg, "2026-02-02", "2026-03-31", |_| vec![t.clone()]);
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &URGING),
        [
            out("2026-02-10", NoticeKind::HeadsUp, None, u, &[1]),
            out("2026-02-23", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-02-26", NoticeKind::Notice, Some(2), u, &[1]),
            // 1 March is a Sunday.
            out("2026-03-02", NoticeKind::Notice, Some(3), u, &[1]),
            out("2026-03-05", NoticeKind::Escalation, None, u, &[1]),
        ]
    );
}

#[test]
fn a_units_tasks_of_one_document_share_one_schedule_anchored_at_the_earliest_deadline() {
    let sent = every_morning(&config(), "2026-02-16", "2026-03-10", |_| {
        vec![
            task(3, doc_1502(), sxd(), Some("2026-03-31")),
            task(2, doc_1502(), sxd(), Some("2026-02-27")),
            task(1, doc_1502(), sxd(), Some("2026-02-13")),
            // Another unit of the same document has a schedule of its own.
            task(4, doc_1502(), stc(), Some("2026-02-27")),
        ]
    });
    let (x, y) = ("so-xay-dung-2025", "so-tai-chinh-2025");
    assert_eq!(
        summary(&sent, &URGING),
        [
            // Every open task of the unit from the document is listed, due or not yet.
            out("2026-02-23", NoticeKind::Notice, Some(1), x, &[1, 2, 3]),
            out("2026-02-24", NoticeKind::HeadsUp, None, y, &[4]),
            out("2026-02-24", NoticeKind::HeadsUp, None, x, &[2]),
            out("2026-02-26", NoticeKind::Notice, Some(2), x, &[1, 2, 3]),
            // The second deadline passing on the 27th starts no schedule of its own.
            out("2026-03-02", NoticeKind::Notice, Some(1), y, &[4]),
            out("2026-03-03", NoticeKind::Notice, Some(3), x, &[1, 2, 3]),
            out("2026-03-05", NoticeKind::Notice, Some(2), y, &[4]),
            out("2026-03-06", NoticeKind::Escalation, None, x, &[1, 2, 3]),
            out("2026-03-10", NoticeKind::Notice, Some(3), y, &[4]),
        ]
    );
    let first = &sent[0].1;
    let dues: Vec<Option<NaiveDate>> = first.items.iter().map(|i| i.due).collect();
    assert_eq!(
        dues,
        [
            Some(d("2026-02-13")),
            Some(d("2026-02-27")),
            Some(d("2026-03-31"))
        ]
    );
    let overdue: Vec<bool> = first.items.iter().map(|i| i.overdue).collect();
    assert_eq!(overdue, [true, false, false]);
    let case = first.case.as_ref().unwrap();
    assert_eq!((case.round, case.opened_on), (1, d("2026-02-14")));
}

#[test]
fn first_start_over_a_backlog_sends_notice_1_then_counts_from_the_notices_sent() {
    // Due Friday 13 February 2026; dondoc first runs on Monday 23 March, twenty working days
    // late: notice 1 that day, not the highest number the deadline would have reached.
    let t = task(1, doc_1502(), sxd(), Some("2026-02-13"));
    let sent = every_morning(&config(), "2026-03-23", "2026-04-30", |_| vec![t.clone()]);
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &[NoticeKind::Notice, NoticeKind::Escalation]),
        [
            out("2026-03-23", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-03-26", NoticeKind::Notice, Some(2), u, &[1]),
            out("2026-03-31", NoticeKind::Notice, Some(3), u, &[1]),
            out("2026-04-03", NoticeKind::Escalation, None, u, &[1]),
        ]
    );
    // The case says since when the unit is late; the escalation cites the three notices.
    let escalation = &sent
        .iter()
        .find(|(_, n)| n.kind == NoticeKind::Escalation)
        .unwrap()
        .1;
    let case = escalation.case.as_ref().unwrap();
    assert_eq!(case.opened_on, d("2026-02-14"));
    let cited: Vec<(u32, NaiveDate)> = case.notices.iter().map(|n| (n.sequence, n.on)).collect();
    assert_eq!(
        cited,
        [
            (1, d("2026-03-23")),
            (2, d("2026-03-26")),
            (3, d("2026-03-31"))
        ]
    );
    assert!(
        !escalation.subject.contains("phiếu báo"),
        "the subject counts no notice: {}",
        escalation.subject
    );
}

#[test]
fn downtime_delays_the_next_notice_and_never_makes_one_skip() {
    // Notice 1 on Monday 23 February; the daemon is down from 24 February to 6 March: notice 2
    // goes on the first run after, numbered 2, and notice 3 three working days after it.
    let t = task(1, doc_1502(), sxd(), Some("2026-02-13"));
    let down = |day: NaiveDate| day > d("2026-02-23") && day < d("2026-03-09");
    let sent = runs_on(
        &config(),
        "2026-02-16",
        "2026-03-31",
        |day| !down(day),
        |_| vec![t.clone()],
    );
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &[NoticeKind::Notice, NoticeKind::Escalation]),
        [
            out("2026-02-23", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-03-09", NoticeKind::Notice, Some(2), u, &[1]),
            out("2026-03-12", NoticeKind::Notice, Some(3), u, &[1]),
            out("2026-03-17", NoticeKind::Escalation, None, u, &[1]),
        ]
    );
}

#[test]
fn one_of_two_escalated_tasks_done_sends_no_second_escalation() {
    let done_from = d("2026-03-09");
    let sent = every_morning(&config(), "2026-02-16", "2026-04-30", |day| {
        let mut second = task(2, doc_1502(), sxd(), Some("2026-02-27"));
        if day >= done_from {
            second.state = TaskState::Done;
        }
        vec![task(1, doc_1502(), sxd(), Some("2026-02-13")), second]
    });
    let escalations = summary(&sent, &[NoticeKind::Escalation]);
    assert_eq!(escalations.len(), 1, "{escalations:?}");
    assert_eq!(escalations[0].0, d("2026-03-06"));
    // The case stays open (task 1 is): no notice follows the escalation either.
    assert!(sent
        .iter()
        .all(|(day, n)| n.kind != NoticeKind::Notice || *day < d("2026-03-06")));
}

#[test]
fn a_returned_task_sent_back_reopens_the_case_at_notice_1_and_says_lan_2() {
    // Returned on 25 February (after notice 1), sent back with its deadline on 2 March.
    let sent = every_morning(&config(), "2026-02-16", "2026-03-20", |day| {
        let mut t = task(1, doc_1502(), sxd(), Some("2026-02-13"));
        if (d("2026-02-25")..d("2026-03-02")).contains(&day) {
            t.state = TaskState::Returned;
        }
        vec![t]
    });
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &[NoticeKind::Notice, NoticeKind::Escalation])
            .into_iter()
            .filter(|s| s.2.is_some() || s.1 == NoticeKind::Escalation)
            .collect::<Vec<_>>(),
        [
            out("2026-02-23", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-03-02", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-03-05", NoticeKind::Notice, Some(2), u, &[1]),
            out("2026-03-10", NoticeKind::Notice, Some(3), u, &[1]),
            out("2026-03-13", NoticeKind::Escalation, None, u, &[1]),
        ]
    );
    let again = &sent
        .iter()
        .find(|(day, n)| *day == d("2026-03-02") && n.sequence == Some(1))
        .unwrap()
        .1;
    assert_eq!(again.case.as_ref().unwrap().round, 2);
    assert!(
        again.subject.starts_with("Phiếu báo số 1 (lần 2)"),
        "{}",
        again.subject
    );
}

#[test]
fn a_returned_task_goes_to_the_office_and_its_unit_is_urged_no_more() {
    let sent = every_morning(&config(), "2026-02-16", "2026-03-31", |day| {
        let mut t = task(1, doc_1502(), sxd(), Some("2026-02-13"));
        if day >= d("2026-02-24") {
            t.state = TaskState::Returned;
        }
        vec![t]
    });
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &URGING),
        [
            out("2026-02-23", NoticeKind::Notice, Some(1), u, &[1]),
            out("2026-02-24", NoticeKind::Notice, None, u, &[1]),
        ]
    );
    let returned = &sent
        .iter()
        .find(|(day, n)| *day == d("2026-02-24") && n.kind == NoticeKind::Notice)
        .unwrap()
        .1;
    assert_eq!(returned.flags, [NoticeFlag::Returned]);
    assert_eq!(returned.to, [email("vpubnd@thuathienhue.example")]);
    assert_eq!(returned.unit, "Sở Xây dựng", "the unit that returned it");
    assert!(returned
        .subject
        .starts_with("Nhiệm vụ bị trả lại: Sở Xây dựng"));
    let march_digests: Vec<&Notice> = sent
        .iter()
        .filter(|(day, n)| *day >= d("2026-03-01") && n.kind == NoticeKind::Digest)
        .map(|(_, n)| n)
        .collect();
    assert_eq!(
        march_digests.len(),
        1,
        "only the Office's: {march_digests:?}"
    );
    assert_eq!(march_digests[0].unit_key, "van-phong-ubnd-tinh");
    assert!(march_digests[0].flags.contains(&NoticeFlag::Returned));
}

#[test]
fn an_urgent_documents_drafts_are_watched_from_the_day_after_its_issue() {
    let khan = DocumentRef {
        id: 7,
        number: "07/CĐ-UBND".into(),
        issued: d("2026-11-20"),
        urgency: Urgency::Urgent,
    };
    let normal = DocumentRef {
        id: 8,
        number: "1611/UBND-XD".into(),
        issued: d("2026-11-20"),
        urgency: Urgency::Normal,
    };
    let draft = |id, doc: &DocumentRef, lead| TaskView {
        review: ReviewState::Draft,
        ..task(id, doc.clone(), lead, Some("2026-11-21"))
    };
    let tasks = vec![
        draft(1, &khan, sxd()),
        draft(2, &normal, sxd()),
        // No tracking specialist for this unit: the Office's address.
        draft(3, &normal, stc()),
    ];
    let entry = |at: DateTime<Utc>| -> Vec<(i64, Vec<EmailAddress>)> {
        decide(at, &tasks)
            .into_iter()
            .filter(|n| n.kind == NoticeKind::EntryOverdue)
            .map(|n| (n.tasks()[0], n.to))
            .collect()
    };
    assert!(entry(parse_instant("2026-11-20T17:00:00+07:00").unwrap()).is_empty());
    assert_eq!(
        entry(morning(d("2026-11-21"))),
        [(1, vec![email("cv.kinhte@vpubnd.thuathienhue.example")])]
    );
    // Issued on Friday 20: Monday 23 and Wednesday 25 (Tuesday 24 is Culture Day).
    assert_eq!(entry(morning(d("2026-11-25"))).len(), 1);
    assert_eq!(
        entry(morning(d("2026-11-26"))),
        [
            (3, vec![email("vpubnd@thuathienhue.example")]),
            (1, vec![email("cv.kinhte@vpubnd.thuathienhue.example")]),
            (2, vec![email("cv.kinhte@vpubnd.thuathienhue.example")]),
        ]
    );
    let all = decide(morning(d("2026-11-26")), &tasks);
    assert!(
        all.iter().all(|n| n.kind == NoticeKind::EntryOverdue),
        "drafts are the entry watch's business only, though their deadline passed: {all:?}"
    );
    let khan_notice = all.iter().find(|n| n.document_id == Some(7)).unwrap();
    assert!(khan_notice.subject.contains("văn bản khẩn số 07/CĐ-UBND"));
    assert_eq!(khan_notice.due_on, d("2026-11-21"));
}

#[test]
fn rejected_drafts_and_settled_tasks_are_never_urged() {
    let mut rejected = task(1, doc_1502(), sxd(), Some("2026-02-13"));
    rejected.review = ReviewState::Rejected;
    let mut cancelled = task(2, doc_1502(), sxd(), Some("2026-02-13"));
    cancelled.state = TaskState::Cancelled;
    let mut done = task(3, doc_1502(), sxd(), Some("2026-02-13"));
    done.state = TaskState::Done;
    let notices = decide(morning(d("2026-03-20")), &[rejected, cancelled, done]);
    assert!(notices.is_empty(), "{notices:?}");
}

#[test]
fn a_unit_without_an_address_is_still_noticed_and_flagged_for_the_office() {
    let unknown = UnitContact {
        key: "unverified:000.00.99.h57".into(),
        name: "Ban Quản lý dự án X".into(),
        verified: false,
        emails: Vec::new(),
        tracking_specialist: None,
    };
    let t = task(1, doc_1502(), unknown, Some("2026-02-13"));
    let notices = decide(morning(d("2026-02-23")), &[t]);
    let n = notices
        .iter()
        .find(|n| n.kind == NoticeKind::Notice)
        .unwrap();
    assert_eq!(n.sequence, Some(1));
    assert!(n.to.is_empty());
    assert_eq!(
        n.flags,
        [NoticeFlag::NoRecipient, NoticeFlag::UnverifiedUnit]
    );
}

#[test]
fn tasks_without_a_deadline_are_asked_for_an_update_each_quarter() {
    let t = task(1, doc_1502(), sxd(), None);
    let sent = every_morning(&config(), "2026-03-01", "2026-07-31", |_| vec![t.clone()]);
    let requests: Vec<(NaiveDate, Option<String>)> = sent
        .iter()
        .map(|(day, n)| {
            assert_eq!(n.kind, NoticeKind::UpdateRequest, "{n:?}");
            (*day, n.period.clone())
        })
        .collect();
    assert_eq!(
        requests,
        [
            (d("2026-04-01"), Some("2026-04".into())),
            (d("2026-07-01"), Some("2026-07".into())),
        ]
    );
    assert!(sent[0].1.subject.contains("không có thời hạn"));
}

#[test]
fn a_run_reads_only_what_can_be_due() {
    let office = office();
    let cfg = config();
    let policy = Policy::new(&cfg, calendar(), &office);
    let s = policy.selection(morning(d("2026-02-10")));
    assert_eq!(s.due_on_or_before, d("2026-02-13"));
    assert!(!s.undated);
    let april = policy.selection(morning(d("2026-04-01")));
    assert!(april.undated);
    // In the digest's window the next month is read, for the tasks falling due before it.
    let digest = policy.selection(morning(d("2026-11-20")));
    assert_eq!(digest.due_on_or_before, d("2026-12-21"));
}

#[test]
fn a_deadline_on_a_day_off_is_urged_from_the_next_working_day() {
    // Saturday 7 November 2026 runs to Monday 9: the first notice is on Tuesday 10.
    let t = task(1, doc_1502(), sxd(), Some("2026-11-07"));
    let sent = every_morning(&config(), "2026-11-01", "2026-11-12", |_| vec![t.clone()]);
    let u = "so-xay-dung-2025";
    assert_eq!(
        summary(&sent, &URGING),
        [
            // Wednesday 4: Thursday 5, Friday 6 and Monday 9 are the three days ahead.
            out("2026-11-04", NoticeKind::HeadsUp, None, u, &[1]),
            out("2026-11-10", NoticeKind::Notice, Some(1), u, &[1]),
        ]
    );
}
