//! June 2027 in a province, worked out by hand: what Appendices V, IV and I say of it at the end of
//! the month, and ten days later.
//!
//! June 2027 has no holiday; the 1st is a Tuesday, the 20th a Sunday. The documents:
//! - 100/UBND-TH, Tue 1 June, ordinary, specialist cv.a:
//!   - T1 Sở Tài chính, due Thu 10 June: reported the 9th, checked done the 11th — done on time;
//!   - T2 Sở Tài chính, due the 10th: reported the 14th — done late;
//!   - T3 Sở Xây dựng, due Tue 15 June: in progress from the 7th, reported 5 July — in progress
//!     overdue at the month's end, done late ten days later;
//!   - T4 Sở Xây dựng, due Sunday 20 June (so Monday the 21st): reported the 21st — on time;
//!   - T5 Sở Xây dựng, due Fri 25 June: returned the 8th as outside its remit — not started,
//!     overdue at the month's end;
//!   - T12 Sở Tài chính, due Fri 18 June, followed by cv.b: reported the 9th, sent back by the
//!     Office the 11th — in progress, overdue;
//! - 200/UBND-KT, Mon 14 June, Khẩn, no specialist: T6 Sở Tài chính, entered the same day,
//!   revoked the 16th — left out of Appendix V, entered on time in Appendix I;
//! - 210/UBND-KT, Tue 15 June, Khẩn, no specialist: T13 UBND huyện A, no deadline, entered the
//!   16th — late for an urgent document;
//! - 300/UBND-NC, Mon 21 June, specialist cv.b, entered Thu 24 June (the third working day):
//!   - T7 UBND huyện A, due 15 July: not started; done 8 July;
//!   - T8 UBND huyện A, no deadline: in progress;
//! - 400/UBND-NC, Mon 28 June, specialist cv.b: T9 UBND huyện A, due 20 July, a draft until
//!   2 July;
//! - 90/UBND-TH, 20 May (before the month), specialist cv.a: T10 Sở Tài chính, due 5 June, in
//!   progress from 25 May (carried, open at the month's start); T11 Sở Tài chính, done 25 May;
//!   T14 Sở Tài chính, entered only on 10 June (not open at the start: not carried).

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::entry::entry_report;
use super::summary::summary;
use super::unit::unit_report;
use super::*;
use crate::clock::parse_instant;
use crate::domain::{Actor, TaskEvent};

const TC: &str = "so-tai-chinh";
const XD: &str = "so-xay-dung";
const HA: &str = "ubnd-huyen-a";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn t(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

fn calendar() -> Calendar {
    Calendar::shipped().unwrap()
}

/// What happened to a task, at a local time `YYYY-MM-DDTHH:MM`.
enum Ev {
    /// Drafted from the text, waiting for review.
    Drafted,
    /// Created already confirmed (entered by a person, or above the threshold).
    Entered,
    Confirmed,
    State(&'static str),
    Returned(&'static str),
}

struct World {
    facts: Facts,
}

impl World {
    fn new() -> Self {
        let mut facts = Facts::default();
        for (key, name, kind) in [
            (TC, "Sở Tài chính", UnitKind::Department),
            (XD, "Sở Xây dựng", UnitKind::Department),
            (HA, "UBND huyện A", UnitKind::District),
        ] {
            facts.units.insert(
                key.into(),
                ReportUnit {
                    key: key.into(),
                    name: name.into(),
                    kind,
                },
            );
        }
        Self { facts }
    }

    fn document(&mut self, id: i64, number: &str, issued: &str, urgency: Urgency) {
        self.facts.documents.insert(
            id,
            ReportDocument {
                id,
                number: number.into(),
                issued: d(issued),
                urgency,
                subject: None,
            },
        );
    }

    fn task(
        &mut self,
        id: i64,
        document: i64,
        lead: &str,
        due: Option<&str>,
        specialist: Option<&str>,
        history: &[(&str, Ev)],
    ) {
        let events: Vec<TaskEvent> = history
            .iter()
            .map(|(at, ev)| {
                let at = t(&format!("{at}:00+07:00"));
                let (action, after) = match ev {
                    Ev::Drafted | Ev::Entered => (
                        "created",
                        json!({
                            "state": "not_started",
                            "due": due,
                            "due_time": null,
                            "review": if matches!(ev, Ev::Drafted) { "draft" } else { "confirmed" },
                        }),
                    ),
                    Ev::Confirmed => (
                        "confirmed",
                        json!({"review": "confirmed", "note": "đã kiểm tra"}),
                    ),
                    Ev::State(s) => ("state_changed", json!({"state": s, "note": null})),
                    Ev::Returned(why) => {
                        ("state_changed", json!({"state": "returned", "note": why}))
                    }
                };
                TaskEvent {
                    task_id: id,
                    at,
                    actor: Actor::System,
                    action: action.into(),
                    before: None,
                    after: Some(after),
                }
            })
            .collect();
        self.facts.tasks.push(ReportTask {
            id,
            document,
            lead: lead.into(),
            content: format!("Nhiệm vụ {id}"),
            specialist: specialist.map(str::to_string),
            review: ReviewState::Confirmed,
            steps: events.iter().map(Step::from_event).collect(),
        });
    }
}

#[rustfmt::skip]
fn june() -> Facts {
    use Ev::*;
    let mut w = World::new();
    let a = Some("cv.a@vpubnd.example");
    let b = Some("cv.b@vpubnd.example");
    w.document(1, "100/UBND-TH", "2027-06-01", Urgency::Normal);
    w.task(1, 1, TC, Some("2027-06-10"), a, &[
        ("2027-06-01T16:00", Drafted), ("2027-06-02T09:00", Confirmed),
        ("2027-06-05T09:00", State("in_progress")), ("2027-06-09T10:00", State("reported")),
        ("2027-06-11T08:00", State("done")),
    ]);
    w.task(2, 1, TC, Some("2027-06-10"), a, &[
        ("2027-06-01T16:00", Drafted), ("2027-06-02T09:00", Confirmed),
        ("2027-06-14T10:00", State("reported")),
    ]);
    w.task(3, 1, XD, Some("2027-06-15"), a, &[
        ("2027-06-01T16:00", Drafted), ("2027-06-02T09:00", Confirmed),
        ("2027-06-07T09:00", State("in_progress")), ("2027-07-05T09:00", State("reported")),
    ]);
    w.task(4, 1, XD, Some("2027-06-20"), a, &[
        ("2027-06-01T16:00", Drafted), ("2027-06-02T09:00", Confirmed),
        ("2027-06-21T15:00", State("reported")),
    ]);
    w.task(5, 1, XD, Some("2027-06-25"), a, &[
        ("2027-06-01T16:00", Drafted), ("2027-06-02T09:00", Confirmed),
        ("2027-06-08T09:00", Returned("không thuộc thẩm quyền của Sở")),
    ]);
    w.task(12, 1, TC, Some("2027-06-18"), b, &[
        ("2027-06-01T16:00", Drafted), ("2027-06-02T09:00", Confirmed),
        ("2027-06-09T09:00", State("reported")), ("2027-06-11T09:00", State("in_progress")),
    ]);
    w.document(2, "200/UBND-KT", "2027-06-14", Urgency::Urgent);
    w.task(6, 2, TC, Some("2027-06-18"), None, &[
        ("2027-06-14T10:00", Entered), ("2027-06-16T09:00", State("cancelled")),
    ]);
    w.document(5, "210/UBND-KT", "2027-06-15", Urgency::Urgent);
    w.task(13, 5, HA, None, None, &[
        ("2027-06-15T11:00", Drafted), ("2027-06-16T09:00", Confirmed),
    ]);
    w.document(3, "300/UBND-NC", "2027-06-21", Urgency::Normal);
    w.task(7, 3, HA, Some("2027-07-15"), b, &[
        ("2027-06-21T15:00", Drafted), ("2027-06-24T09:00", Confirmed),
        ("2027-07-08T09:00", State("done")),
    ]);
    w.task(8, 3, HA, None, b, &[
        ("2027-06-21T15:00", Drafted), ("2027-06-24T09:00", Confirmed),
        ("2027-06-25T09:00", State("in_progress")),
    ]);
    w.document(4, "400/UBND-NC", "2027-06-28", Urgency::Normal);
    w.task(9, 4, HA, Some("2027-07-20"), b, &[
        ("2027-06-28T15:00", Drafted), ("2027-07-02T09:00", Confirmed),
    ]);
    w.document(6, "90/UBND-TH", "2027-05-20", Urgency::Normal);
    w.task(10, 6, TC, Some("2027-06-05"), a, &[
        ("2027-05-20T15:00", Entered), ("2027-05-25T09:00", State("in_progress")),
    ]);
    w.task(11, 6, TC, Some("2027-06-05"), a, &[
        ("2027-05-20T15:00", Entered), ("2027-05-25T09:00", State("done")),
    ]);
    w.task(14, 6, TC, Some("2027-06-30"), a, &[("2027-06-10T09:00", Entered)]);
    w.facts
}

fn june_scope(as_of: &str, open_carried: bool) -> Scope {
    let period = Period::containing(PeriodKind::Month, d("2027-06-01")).unwrap();
    Scope::new(period, Some(t(as_of)), open_carried, t("2027-07-10"))
}

fn counts(c: [u64; 6]) -> Counts {
    Counts {
        not_started_on_time: c[0],
        not_started_overdue: c[1],
        in_progress_on_time: c[2],
        in_progress_overdue: c[3],
        done_on_time: c[4],
        done_late: c[5],
    }
}

fn row<'a>(s: &'a Summary, key: &str) -> &'a Counts {
    &s.rows.iter().find(|r| r.unit.key == key).unwrap().counts
}

#[test]
fn appendix_v_at_the_months_end_counts_each_task_once_by_its_lead() {
    let s = summary(&june(), &june_scope("2027-06-30", false), &calendar());
    //                      not started   in progress   done
    //                      on time, over on time, over on time, late
    assert_eq!(
        *row(&s, TC),
        counts([0, 0, 0, 1, 1, 1]),
        "T12 sent back; T1; T2"
    );
    assert_eq!(
        *row(&s, XD),
        counts([0, 1, 0, 1, 1, 0]),
        "T5 returned; T3; T4"
    );
    assert_eq!(*row(&s, HA), counts([2, 0, 1, 0, 0, 0]), "T7, T13; T8");
    assert_eq!(s.total, counts([2, 1, 1, 2, 2, 1]));
    assert_eq!(s.total.total(), 9);
    assert_eq!(s.tasks, 9, "T6 revoked, T9 a draft, T10 and T11 from May");
    assert_eq!(
        s.documents, 3,
        "100, 210 and 300: 200's one task was revoked, 400's a draft"
    );
    assert_eq!(s.drafts, 1);
    let order: Vec<&str> = s.rows.iter().map(|r| r.unit.key.as_str()).collect();
    assert_eq!(order, [TC, XD, HA], "departments by name, then districts");
}

#[test]
fn the_same_month_ten_days_later_differs_by_exactly_what_happened_since() {
    let cal = calendar();
    let then = summary(&june(), &june_scope("2027-06-30", false), &cal);
    let now = summary(&june(), &june_scope("2027-07-10", false), &cal);
    assert_eq!(
        *row(&now, XD),
        counts([0, 1, 0, 0, 1, 1]),
        "T3 reported on 5 July, after its deadline"
    );
    assert_eq!(
        *row(&now, HA),
        counts([2, 0, 1, 0, 1, 0]),
        "T7 done on 8 July; T9 entered on 2 July"
    );
    assert_eq!(*row(&now, TC), *row(&then, TC), "nothing happened to them");
    assert_eq!(now.total, counts([2, 1, 1, 1, 3, 2]));
    assert_eq!((now.documents, now.drafts), (4, 0));
    // And June's report asked again as of its end reads as it did then.
    assert_eq!(
        summary(&june(), &june_scope("2027-06-30", false), &cal),
        then
    );
}

#[test]
fn a_deadline_on_a_day_off_runs_to_the_next_working_day() {
    let r = unit_report(&june(), &june_scope("2027-06-30", false), XD, &calendar());
    let t4 = r.lines.iter().find(|l| l.id == 4).unwrap();
    assert_eq!(t4.deadline.date(), Some(d("2027-06-20")));
    assert_eq!(
        t4.due,
        Some(d("2027-06-21")),
        "Sunday 20 June runs to Monday"
    );
    assert_eq!(t4.standing.timeliness(), Some("done_on_time"));
}

#[test]
fn tasks_open_at_the_start_are_carried_only_when_asked() {
    let cal = calendar();
    let s = summary(&june(), &june_scope("2027-06-30", true), &cal);
    assert_eq!(
        (s.carried_tasks, s.carried_documents),
        (1, 1),
        "T10, not T11"
    );
    assert_eq!(
        *row(&s, TC),
        counts([0, 0, 0, 2, 1, 1]),
        "T10 in progress, overdue"
    );
    assert_eq!(s.total.total(), 10);
    assert_eq!(
        s.documents, 3,
        "a carried document was not issued in the period"
    );
}

#[test]
fn appendix_iv_lists_the_units_tasks_with_the_reason_a_late_one_gives() {
    let r = unit_report(&june(), &june_scope("2027-06-30", false), XD, &calendar());
    assert_eq!(r.unit.name, "Sở Xây dựng");
    assert_eq!(r.counts, counts([0, 1, 0, 1, 1, 0]));
    let ids: Vec<i64> = r.lines.iter().map(|l| l.id).collect();
    assert_eq!(ids, [3, 4, 5]);
    let t5 = &r.lines[2];
    assert_eq!(t5.state, TaskState::Returned);
    assert_eq!(t5.standing.progress, Progress::NotStarted);
    assert_eq!(t5.standing.timeliness(), Some("overdue"));
    assert_eq!(t5.reason.as_deref(), Some("không thuộc thẩm quyền của Sở"));
    assert_eq!(r.lines[0].reason, None, "a reviewer's note is not a reason");
    let ha = unit_report(&june(), &june_scope("2027-06-30", false), HA, &calendar());
    let t8 = ha.lines.iter().find(|l| l.id == 8).unwrap();
    assert_eq!(t8.standing.timeliness(), None, "no deadline");
    assert_eq!(t8.standing.vietnamese(), "Đang thực hiện, không thời hạn");
}

#[test]
fn appendix_i_grades_entry_within_two_working_days_and_the_issue_day_when_urgent() {
    let cal = calendar();
    let at_end = entry_report(&june(), &june_scope("2027-06-30", false), 2, &cal);
    let row = |r: &EntryReport, who: Option<&str>| {
        r.rows
            .iter()
            .find(|x| x.specialist.as_deref() == who)
            .cloned()
            .unwrap()
    };
    let a = row(&at_end, Some("cv.a@vpubnd.example"));
    assert_eq!(
        (a.documents, a.on_time, a.late, a.not_entered),
        (1, 1, 0, 0)
    );
    let b = row(&at_end, Some("cv.b@vpubnd.example"));
    assert_eq!(
        (b.documents, b.on_time, b.late, b.not_entered),
        (3, 1, 1, 1),
        "its part of 100 on time; 300 entered on the third working day; 400 still a draft"
    );
    let office = row(&at_end, None);
    assert_eq!(
        (office.documents, office.on_time, office.late),
        (2, 1, 1),
        "200 entered the day it was issued; 210 the day after"
    );
    assert_eq!(
        at_end.rows.last().unwrap().specialist,
        None,
        "the Office last"
    );
    assert_eq!(
        (
            at_end.total.documents,
            at_end.total.on_time,
            at_end.total.late,
            at_end.total.not_entered
        ),
        (5, 2, 2, 1)
    );
    assert_eq!(at_end.total.rate(), Some(0.4));
    let later = entry_report(&june(), &june_scope("2027-07-10", false), 2, &cal);
    let b = row(&later, Some("cv.b@vpubnd.example"));
    assert_eq!(
        (b.late, b.not_entered),
        (2, 0),
        "400 entered on 2 July, late"
    );
}

#[test]
fn a_report_before_a_document_was_issued_or_entered_does_not_see_it() {
    let s = summary(&june(), &june_scope("2027-06-13", false), &calendar());
    assert_eq!(s.documents, 1, "only 100/UBND-TH by the 13th");
    assert_eq!(s.total.total(), 6);
    assert_eq!(
        *row(&s, TC),
        counts([0, 1, 1, 0, 1, 0]),
        "T2 not reported, overdue since the 10th; T12 sent back, due the 18th; T1 done"
    );
    assert_eq!(
        *row(&s, XD),
        counts([2, 0, 1, 0, 0, 0]),
        "T4, T5 returned; T3"
    );
}

#[test]
fn the_default_instant_is_the_periods_end_or_now_while_it_runs() {
    let period = Period::containing(PeriodKind::Month, d("2027-06-01")).unwrap();
    let past = Scope::new(period, None, false, t("2027-07-10"));
    assert_eq!(past.as_of, t("2027-06-30"));
    let running = Scope::new(period, None, false, t("2027-06-20T10:00:00+07:00"));
    assert_eq!(running.as_of, t("2027-06-20T10:00:00+07:00"));
    assert_eq!(past.start(), t("2027-05-31"));
}
