//! The lifecycle of a directive's tasks, case by case, as the regulation and the edXML digest put
//! it: each test gives what arrived and what the store knew, and reads the plan.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::{DocumentNumber, Signer, Urgency};

const COMMITTEE: &str = "000.00.00.H57";
const SXD: &str = "000.00.31.H57";
const STC: &str = "000.00.32.H57";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn organ(s: &str) -> OrganId {
    OrganId::parse(s).unwrap()
}

fn key(s: &str) -> UnitKey {
    UnitKey::parse(s).unwrap()
}

fn issued() -> NaiveDate {
    d("2026-11-02")
}

/// Công văn 1207/UBND-KT of the Committee, issued 2 November 2026, due `due`.
fn directive(number: &str, due: Option<NaiveDate>) -> Document {
    let issuer = organ(COMMITTEE);
    let number = DocumentNumber::parse(number).unwrap();
    Document {
        key: DocumentKey::derive(&issuer, issued(), &number),
        issuer_id: issuer,
        issuer_name: "UBND tỉnh".into(),
        number,
        doc_type: Some("Công văn".into()),
        subject: Some("V/v rà soát hiện trạng các tuyến đê bao".into()),
        content: None,
        place: None,
        issued: issued(),
        signer: Signer::default(),
        urgency: Urgency::Normal,
        due,
        source: "inbox".into(),
        external_id: None,
    }
}

fn recipient(organ_id: &str, name: &str) -> Recipient {
    Recipient {
        organ_id: Some(organ(organ_id)),
        name: Some(name.into()),
    }
}

/// The directory's unit `k`, found by its OrganId.
fn directory_unit(k: &str) -> ResolvedUnit {
    ResolvedUnit {
        key: key(k),
        verified: true,
        tracking_specialist: None,
        how: Resolution::OrganId,
    }
}

/// "Giao Sở Xây dựng chủ trì …", read from the text.
fn read(lead: &str, confidence: f32) -> ExtractedTask {
    ExtractedTask {
        lead: vec![lead.into()],
        support: Vec::new(),
        deadline: None,
        content: format!("{lead} rà soát các tuyến đê bao"),
        quote: format!("Giao {lead} chủ trì rà soát các tuyến đê bao."),
        confidence,
        flags: Vec::new(),
        block: None,
    }
}

fn new_document(document: Document, recipients: Vec<Recipient>) -> IncomingDocument {
    IncomingDocument {
        target: document.key.clone(),
        document,
        business: Business::New,
        revoke_reason: None,
        recipients,
        removed: Vec::new(),
        sender: Recipient {
            organ_id: Some(organ(COMMITTEE)),
            name: Some("UBND tỉnh".into()),
        },
        reports_on: Vec::new(),
        extracted: Vec::new(),
        manual_entry: false,
    }
}

/// The store knows Sở Xây dựng and Sở Tài chính by their OrganIds, on the issue day.
fn knows_the_departments() -> Known {
    let mut known = Known::default();
    for (id, name, k) in [(SXD, "Sở Xây dựng", "sxd"), (STC, "Sở Tài chính", "stc")] {
        known.units.insert(
            UnitQuery {
                organ_id: Some(organ(id)),
                name: Some(name.into()),
                on: issued(),
            },
            directory_unit(k),
        );
        known.units.insert(
            UnitQuery {
                organ_id: Some(organ(id)),
                name: None,
                on: issued(),
            },
            directory_unit(k),
        );
    }
    known
}

fn groups() -> &'static UnitGroups {
    static GROUPS: std::sync::OnceLock<UnitGroups> = std::sync::OnceLock::new();
    GROUPS.get_or_init(UnitGroups::default)
}

fn cx() -> Context<'static> {
    Context {
        groups: groups(),
        auto_confirm: None,
        source: "inbox",
        now: Utc.with_ymd_and_hms(2026, 11, 3, 1, 0, 0).unwrap(),
    }
}

fn plan_of(incoming: IncomingDocument, known: &Known) -> Plan {
    plan(&Incoming::Document(Box::new(incoming)), known, &cx()).unwrap()
}

fn inserted(plan: &Plan) -> Vec<&Task> {
    plan.changes
        .iter()
        .filter_map(|c| match c {
            Change::InsertTask { task, .. } => Some(&**task),
            _ => None,
        })
        .collect()
}

fn moved(plan: &Plan) -> Vec<(TaskState, TaskState, Option<&str>)> {
    plan.changes
        .iter()
        .filter_map(|c| match c {
            Change::SetTaskState { task, to, note, .. } => {
                Some((task.state(), *to, note.as_deref()))
            }
            _ => None,
        })
        .collect()
}

fn stored_task(id: i64, lead: &str, state: TaskState, provenance: Provenance) -> DocumentTask {
    DocumentTask {
        id,
        seq: id,
        lead: key(lead),
        state,
        due: Some(d("2026-11-20")),
        provenance,
    }
}

/// A stored document with `tasks`, as the store gives it back.
fn stored(known: &mut Known, document: &Document, tasks: Vec<DocumentTask>) {
    known
        .documents
        .insert(document.key.clone(), StoredDocument { id: 7, tasks });
}

/// The departments known, and `document` stored with one header task per `(lead, state)`,
/// numbered 1, 2, … in order.
fn departments_with_header_tasks(document: &Document, tasks: &[(&str, TaskState)]) -> Known {
    let mut known = knows_the_departments();
    let tasks = tasks
        .iter()
        .zip(1..)
        .map(|((lead, state), n)| stored_task(n, lead, *state, Provenance::Header))
        .collect();
    stored(&mut known, document, tasks);
    known
}

// A new document (Bussiness type 0).

#[test]
fn a_new_directive_is_stored_with_the_tasks_its_text_assigns_as_drafts_for_review() {
    let mut incoming = new_document(
        directive("1207/UBND-KT", None),
        vec![recipient(SXD, "Sở Xây dựng")],
    );
    incoming.extracted = vec![read("Sở Xây dựng", 0.9)];

    let plan = plan_of(incoming, &knows_the_departments());

    assert!(matches!(plan.changes[0], Change::InsertDocument(_)));
    let tasks = inserted(&plan);
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].lead, key("sxd"));
    assert_eq!(tasks[0].review, ReviewState::Draft);
    assert_eq!(tasks[0].provenance, Provenance::Extracted);
    assert!(!plan
        .changes
        .iter()
        .any(|c| matches!(c, Change::Confirm { .. })));
    assert_eq!(
        plan.outcome,
        Outcome::Stored {
            document: "1207/UBND-KT".into(),
            tasks: 1,
            unverified_units: 0
        }
    );
    assert_eq!(plan.record_kind, "document");
    assert_eq!(plan.record_document, Some(DocRef::New));
}

#[test]
fn a_sure_reading_of_known_units_is_confirmed_at_once_only_above_the_configured_threshold() {
    let mut incoming = new_document(
        directive("1207/UBND-KT", None),
        vec![recipient(SXD, "Sở Xây dựng")],
    );
    incoming.extracted = vec![read("Sở Xây dựng", 0.9), read("Sở Xây dựng", 0.5)];
    let known = knows_the_departments();
    let threshold = Context {
        auto_confirm: Some(Confidence::new(0.8).unwrap()),
        ..cx()
    };

    let plan = plan(&Incoming::Document(Box::new(incoming)), &known, &threshold).unwrap();

    let confirmed: Vec<i64> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Confirm { seq, .. } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(confirmed, [1], "only the reading at 0.9 is confirmed");
}

#[test]
fn an_unknown_recipient_is_kept_as_an_unverified_unit_for_the_office_and_given_its_task() {
    let incoming = new_document(
        directive("1207/UBND-KT", Some(d("2026-11-20"))),
        vec![recipient("000.00.99.H57", "Ban Quản lý dự án")],
    );

    let plan = plan_of(incoming, &Known::default());

    let kept: Vec<&Unit> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::KeepUnverifiedUnit { unit, .. } => Some(&**unit),
            _ => None,
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert!(kept[0].key.as_str().starts_with("unverified:"));
    assert_eq!(inserted(&plan)[0].lead, kept[0].key);
    assert!(matches!(
        plan.outcome,
        Outcome::Stored {
            unverified_units: 1,
            ..
        }
    ));
    assert!(plan
        .notes
        .iter()
        .any(|n| matches!(n, Note::RecipientUnverified { .. })));
}

#[test]
fn when_the_text_gives_no_task_each_recipient_gets_one_from_the_header_when_it_has_a_deadline() {
    let incoming = new_document(
        directive("1207/UBND-KT", Some(d("2026-11-20"))),
        vec![
            recipient(SXD, "Sở Xây dựng"),
            recipient(STC, "Sở Tài chính"),
        ],
    );

    let plan = plan_of(incoming, &knows_the_departments());

    let tasks = inserted(&plan);
    assert_eq!(
        tasks.iter().map(|t| t.lead.as_str()).collect::<Vec<_>>(),
        ["sxd", "stc"]
    );
    for t in &tasks {
        assert_eq!(t.provenance, Provenance::Header);
        assert_eq!(t.deadline, Deadline::Date(d("2026-11-20")));
        assert_eq!(t.flags, [TaskFlag::NoTasksExtracted]);
    }
}

#[test]
fn a_document_whose_text_and_header_assign_nothing_is_stored_without_tasks() {
    let incoming = new_document(
        directive("1207/UBND-KT", None),
        vec![recipient(SXD, "Sở Xây dựng")],
    );

    let plan = plan_of(incoming, &knows_the_departments());

    assert!(inserted(&plan).is_empty());
    assert!(plan.notes.iter().any(|n| matches!(n, Note::NoTask { .. })));
    assert!(matches!(plan.outcome, Outcome::Stored { tasks: 0, .. }));
}

#[test]
fn an_attachment_that_needs_manual_entry_gives_each_recipient_a_task_to_enter_even_undated() {
    let mut incoming = new_document(
        directive("1207/UBND-KT", None),
        vec![recipient(SXD, "Sở Xây dựng")],
    );
    incoming.manual_entry = true;

    let plan = plan_of(incoming, &knows_the_departments());

    let tasks = inserted(&plan);
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].deadline, Deadline::None);
    assert_eq!(tasks[0].flags, [TaskFlag::NeedsManualEntry]);
}

#[test]
fn the_same_document_in_other_bytes_changes_nothing() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let mut known = knows_the_departments();
    stored(&mut known, &document, Vec::new());

    let plan = plan_of(
        new_document(document, vec![recipient(SXD, "Sở Xây dựng")]),
        &known,
    );

    assert!(plan.changes.is_empty());
    assert_eq!(plan.record_kind, "duplicate_document");
    assert_eq!(plan.record_document, Some(DocRef::Stored(7)));
    assert!(matches!(plan.outcome, Outcome::Unchanged { .. }));
}

#[test]
fn an_answer_that_came_before_its_document_is_applied_when_the_document_arrives() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let mut known = knows_the_departments();
    known.pending = vec![PendingAnswer {
        id: 1,
        document_key: document.key.to_string(),
        kind: "in_progress".into(),
        unit_key: Some("stc".into()),
        note: None,
        source: "vdxp".into(),
    }];

    let plan = plan_of(
        new_document(
            document,
            vec![
                recipient(SXD, "Sở Xây dựng"),
                recipient(STC, "Sở Tài chính"),
            ],
        ),
        &known,
    );

    let moves: Vec<(&TaskRef, TaskState, &Actor)> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::SetTaskState {
                task, to, actor, ..
            } => Some((task, *to, actor)),
            _ => None,
        })
        .collect();
    assert_eq!(moves.len(), 1, "only Sở Tài chính's task moves");
    assert_eq!(
        moves[0].0,
        &TaskRef::New {
            document: DocRef::New,
            seq: 2,
            state: TaskState::NotStarted
        }
    );
    assert_eq!(moves[0].1, TaskState::InProgress);
    assert_eq!(moves[0].2, &Actor::Source("vdxp".into()));
    assert!(plan.changes.contains(&Change::MarkPendingApplied(
        directive("1207/UBND-KT", None).key
    )));
}

#[test]
fn a_units_report_is_linked_to_the_directive_it_answers() {
    let directive_doc = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let mut known = knows_the_departments();
    stored(&mut known, &directive_doc, Vec::new());
    let report = Document {
        issuer_id: organ(SXD),
        ..directive("88/BC-SXD", None)
    };
    let mut incoming = new_document(report, vec![recipient(STC, "Sở Tài chính")]);
    incoming.sender = Recipient {
        organ_id: Some(organ(SXD)),
        name: None,
    };
    incoming.reports_on = vec![directive_doc.key.clone()];

    let plan = plan_of(incoming, &known);

    assert!(plan.changes.contains(&Change::LinkReport {
        directive: DocRef::Stored(7),
        unit: Some(key("sxd")),
    }));
}

// An update (Bussiness type 1), a replacement (type 2), a revoke (type 3).

fn update_of(document: Document, recipients: Vec<Recipient>) -> IncomingDocument {
    IncomingDocument {
        business: Business::Update,
        ..new_document(document, recipients)
    }
}

#[test]
fn an_update_moves_the_open_header_tasks_to_its_new_deadline_and_leaves_finished_ones() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-30")));
    let known = departments_with_header_tasks(
        &document,
        &[("sxd", TaskState::InProgress), ("stc", TaskState::Done)],
    );

    let plan = plan_of(
        update_of(
            document,
            vec![
                recipient(SXD, "Sở Xây dựng"),
                recipient(STC, "Sở Tài chính"),
            ],
        ),
        &known,
    );

    let due: Vec<(i64, Option<NaiveDate>)> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::SetTaskDue { task, due, .. } => Some((task.id, *due)),
            _ => None,
        })
        .collect();
    assert_eq!(due, [(1, Some(d("2026-11-30")))]);
    assert!(matches!(
        plan.changes[0],
        Change::UpdateDocument { id: 7, .. }
    ));
    assert_eq!(plan.record_kind, "update");
    assert_eq!(plan.record_document, Some(DocRef::Stored(7)));
}

#[test]
fn an_update_cancels_the_tasks_of_a_recipient_it_removes() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let known = departments_with_header_tasks(
        &document,
        &[
            ("sxd", TaskState::NotStarted),
            ("stc", TaskState::NotStarted),
        ],
    );
    // The sender left Sở Tài chính in To, but its receiver list removes it (ReceiverType 0).
    let mut incoming = update_of(
        document,
        vec![
            recipient(SXD, "Sở Xây dựng"),
            recipient(STC, "Sở Tài chính"),
        ],
    );
    incoming.removed = vec![organ(STC)];

    let plan = plan_of(incoming, &known);

    assert_eq!(
        moved(&plan),
        [(
            TaskState::NotStarted,
            TaskState::Cancelled,
            Some("đơn vị không còn trong danh sách nhận")
        )]
    );
    assert_eq!(
        plan.outcome,
        Outcome::Applied {
            document: "1207/UBND-KT".into(),
            effect: "updated; 1 task(s) changed".into()
        }
    );
}

#[test]
fn an_update_gives_a_recipient_it_adds_a_header_task_numbered_after_the_others() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let mut known = knows_the_departments();
    stored(
        &mut known,
        &document,
        vec![stored_task(
            3,
            "sxd",
            TaskState::NotStarted,
            Provenance::Header,
        )],
    );

    let plan = plan_of(
        update_of(
            document,
            vec![
                recipient(SXD, "Sở Xây dựng"),
                recipient(STC, "Sở Tài chính"),
            ],
        ),
        &known,
    );

    let added: Vec<(DocRef, i64, &str)> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::InsertTask {
                document,
                seq,
                task,
                ..
            } => Some((*document, *seq, task.lead.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(added, [(DocRef::Stored(7), 4, "stc")]);
}

#[test]
fn a_replacement_ends_the_old_documents_unfinished_tasks_and_stores_the_new_one() {
    let old = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let known = departments_with_header_tasks(
        &old,
        &[("sxd", TaskState::InProgress), ("stc", TaskState::Done)],
    );
    let mut incoming = new_document(
        directive("1300/UBND-KT", Some(d("2026-12-15"))),
        vec![recipient(SXD, "Sở Xây dựng")],
    );
    incoming.business = Business::Replace;
    incoming.target = old.key.clone();

    let plan = plan_of(incoming, &known);

    assert_eq!(
        moved(&plan),
        [(
            TaskState::InProgress,
            TaskState::Cancelled,
            Some("thay thế bằng văn bản số 1300/UBND-KT")
        )],
        "the finished task stays done"
    );
    assert!(plan
        .changes
        .contains(&Change::MarkRevoked(DocRef::Stored(7))));
    assert!(plan
        .changes
        .iter()
        .any(|c| matches!(c, Change::InsertDocument(d) if d.number.to_string() == "1300/UBND-KT")));
    assert_eq!(plan.record_kind, "replace");
    assert!(matches!(plan.outcome, Outcome::Stored { tasks: 1, .. }));
}

#[test]
fn a_revoke_cancels_every_unfinished_task_and_marks_the_document_revoked() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let known = departments_with_header_tasks(
        &document,
        &[("sxd", TaskState::Reported), ("stc", TaskState::Cancelled)],
    );
    let mut incoming = new_document(document, Vec::new());
    incoming.business = Business::Revoke;
    incoming.revoke_reason = Some("ban hành nhầm".into());

    let plan = plan_of(incoming, &known);

    assert_eq!(
        moved(&plan),
        [(
            TaskState::Reported,
            TaskState::Cancelled,
            Some("ban hành nhầm")
        )]
    );
    assert!(plan
        .changes
        .contains(&Change::MarkRevoked(DocRef::Stored(7))));
    assert_eq!(plan.record_kind, "revoke");
}

// A unit's status (02, 05, 06; 13 from the sender).

fn status(code: &str, from: &str, target: Option<DocumentKey>) -> Incoming {
    Incoming::Status(IncomingStatus {
        target,
        code: code.into(),
        description: Some("Đã hoàn thành".into()),
        sender: Recipient {
            organ_id: Some(organ(from)),
            name: None,
        },
        sender_organ_id_as_sent: Some(from.into()),
    })
}

/// The store knows `from` as of the day the status arrives (3 November 2026 in Vietnam).
fn knows_sender(known: &mut Known, from: &str, k: &str) {
    known.units.insert(
        UnitQuery {
            organ_id: Some(organ(from)),
            name: None,
            on: d("2026-11-03"),
        },
        directory_unit(k),
    );
}

#[test]
fn a_units_report_of_completion_moves_only_its_own_tasks_to_reported() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let mut known = Known::default();
    knows_sender(&mut known, SXD, "sxd");
    stored(
        &mut known,
        &document,
        vec![
            stored_task(1, "sxd", TaskState::InProgress, Provenance::Header),
            stored_task(2, "stc", TaskState::InProgress, Provenance::Header),
        ],
    );

    let plan = plan(&status("06", SXD, Some(document.key)), &known, &cx()).unwrap();

    assert_eq!(
        moved(&plan),
        [(
            TaskState::InProgress,
            TaskState::Reported,
            Some("Đã hoàn thành")
        )],
        "what the unit said goes with the move"
    );
    assert_eq!(plan.record_kind, "status_06");
    assert_eq!(
        plan.outcome,
        Outcome::Applied {
            document: "000.00.00.H57,2026/11/02,1207/UBND-KT".into(),
            effect: "reported: 1 task(s) changed".into()
        }
    );
}

#[test]
fn a_unit_still_at_work_that_says_why_has_its_reason_noted_on_its_own_tasks() {
    let document = directive("1207/UBND-KT", Some(d("2026-11-20")));
    let mut known = Known::default();
    knows_sender(&mut known, SXD, "sxd");
    stored(
        &mut known,
        &document,
        vec![
            stored_task(1, "sxd", TaskState::InProgress, Provenance::Header),
            stored_task(2, "stc", TaskState::InProgress, Provenance::Header),
            stored_task(3, "sxd", TaskState::Done, Provenance::Header),
        ],
    );
    let Incoming::Status(mut said) = status("05", SXD, Some(document.key)) else {
        unreachable!()
    };
    said.description = Some("Chờ ý kiến thẩm định của Bộ Xây dựng".into());

    let plan = plan(&Incoming::Status(said), &known, &cx()).unwrap();

    let noted: Vec<(i64, &str)> = plan
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::NoteTask {
                task: TaskRef::Stored(t),
                note,
                ..
            } => Some((t.id, note.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        noted,
        [(1, "Chờ ý kiến thẩm định của Bộ Xây dựng")],
        "its in-progress task only: not another unit's, not a finished one"
    );
    assert!(moved(&plan).is_empty());
}

#[test]
fn a_status_about_a_document_not_stored_yet_waits_for_it() {
    let document = directive("1207/UBND-KT", None);
    let mut known = Known::default();
    knows_sender(&mut known, SXD, "sxd");

    let plan = plan(
        &status("05", SXD, Some(document.key.clone())),
        &known,
        &cx(),
    )
    .unwrap();

    assert_eq!(
        plan.changes,
        [Change::AddPendingAnswer(PendingAnswer {
            id: 0,
            document_key: document.key.to_string(),
            kind: "in_progress".into(),
            unit_key: Some("sxd".into()),
            note: Some("Đã hoàn thành".into()),
            source: "inbox".into(),
        })]
    );
    assert!(matches!(plan.outcome, Outcome::Pending { .. }));
}

#[test]
fn a_status_from_a_unit_the_store_does_not_know_is_refused_naming_the_field() {
    let document = directive("1207/UBND-KT", None);

    let plan = plan(
        &status("06", "000.00.99.H57", Some(document.key)),
        &Known::default(),
        &cx(),
    )
    .unwrap();

    assert!(plan.changes.is_empty());
    assert_eq!(
        plan.outcome,
        Outcome::Refused {
            reason: "field From: the sending unit (000.00.99.H57 no name) is not known, so its tasks cannot be found".into()
        }
    );
}

#[test]
fn a_status_that_only_informs_arrived_or_received_changes_no_task() {
    for code in ["01", "03"] {
        let plan = plan(
            &status(code, SXD, Some(directive("1207/UBND-KT", None).key)),
            &Known::default(),
            &cx(),
        )
        .unwrap();
        assert!(plan.changes.is_empty(), "{code}");
        assert!(
            matches!(&plan.outcome, Outcome::Applied { effect, .. } if effect.contains("no task changes")),
            "{code}"
        );
    }
}

#[test]
fn a_status_naming_no_document_is_refused() {
    let plan = plan(&status("06", SXD, None), &Known::default(), &cx()).unwrap();
    assert!(
        matches!(&plan.outcome, Outcome::Refused { reason } if reason.starts_with("field ResponseFor:"))
    );
}

// The questions.

#[test]
fn the_questions_ask_for_every_document_and_unit_a_plan_may_look_up() {
    let old = directive("1207/UBND-KT", None);
    let mut incoming = new_document(
        directive("1300/UBND-KT", None),
        vec![recipient(SXD, "Sở Xây dựng")],
    );
    incoming.business = Business::Replace;
    incoming.target = old.key.clone();
    incoming.removed = vec![organ(STC)];
    incoming.extracted = vec![read("Ban Dân tộc", 0.7)];
    let document_key = incoming.document.key.clone();

    let q = questions(&Incoming::Document(Box::new(incoming.clone())), &cx());

    assert!(q.documents.contains(&old.key) && q.documents.contains(&document_key));
    // A name a recipient bears is not asked again by name: the recipient's answer serves.
    incoming.extracted = vec![read("Sở Xây dựng", 0.7)];
    let by_recipient = questions(&Incoming::Document(Box::new(incoming)), &cx());
    assert!(!by_recipient.units.iter().any(|u| u.organ_id.is_none()));
    assert_eq!(q.pending_for, Some(document_key));
    let on = issued();
    for wanted in [
        UnitQuery {
            organ_id: Some(organ(SXD)),
            name: Some("Sở Xây dựng".into()),
            on,
        },
        UnitQuery {
            organ_id: Some(organ(STC)),
            name: None,
            on,
        },
        UnitQuery {
            organ_id: None,
            name: Some("Ban Dân tộc".into()),
            on,
        },
    ] {
        assert!(q.units.contains(&wanted), "{wanted:?} not asked");
    }
}

#[test]
fn a_report_asks_for_its_sender_and_a_status_for_its_sender_on_the_day_it_arrives() {
    let mut report = new_document(directive("88/BC-SXD", None), Vec::new());
    report.sender = Recipient {
        organ_id: Some(organ(SXD)),
        name: Some("Sở Xây dựng".into()),
    };
    report.reports_on = vec![directive("1207/UBND-KT", None).key];
    let q = questions(&Incoming::Document(Box::new(report)), &cx());
    assert!(q.units.contains(&UnitQuery {
        organ_id: Some(organ(SXD)),
        name: Some("Sở Xây dựng".into()),
        on: issued(),
    }));
    assert!(q.documents.contains(&directive("1207/UBND-KT", None).key));

    let q = questions(
        &status("06", SXD, Some(directive("1207/UBND-KT", None).key)),
        &cx(),
    );
    // 01:00 UTC on 3 November is 08:00 in Vietnam, the same day.
    assert_eq!(
        q.units.into_iter().collect::<Vec<_>>(),
        [UnitQuery {
            organ_id: Some(organ(SXD)),
            name: None,
            on: d("2026-11-03"),
        }]
    );
}
