//! Intake: what a message does to the store, decided without it.
//!
//! The regulation wants every task of a directive entered, and every later word about it — an
//! update, a replacement, a revoke, a unit's answer — to act on those tasks. Those rules live here
//! as one pure function, [`plan`]: given what arrived ([`Incoming`]) and what the store knows of
//! it ([`Known`]), the [`Change`]s to make, what to tell the operator ([`Outcome`]) and what to
//! log ([`Note`]). The service reads ([`questions`] says what), plans, and has the store apply the
//! plan in the message's transaction: read → plan → apply → acknowledge.
//!
//! The cases, as the edXML digest names them (`Bussiness` type 0–3, status codes 02, 05, 06, 13):
//! - a new document: stored with the tasks its text assigns, drafts for review (each unit matched
//!   first against the document's recipients, then the directory, else kept as an unverified
//!   unit); when the text gives none, one task per recipient from the header when it has a
//!   deadline or an attachment needs manual entry; linked to the directive it reports on; the
//!   answers that waited for it applied; the same document in other bytes changes nothing;
//! - an update (same document): its header replaced; a recipient added gets a header task, one
//!   removed has its tasks cancelled, a deadline changed moves the open header tasks;
//! - a replacement (another document): the old one's unfinished tasks cancelled, the new one
//!   stored as new;
//! - a revoke: every unfinished task cancelled and the document marked revoked;
//! - a unit's status: its tasks move (02 returned, 05 in progress, 06 reported; 13 is the
//!   sender's revoke); about a document not stored yet, kept until it arrives.

mod answer;
pub mod drafts;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};

pub use answer::Answer;
pub use drafts::TaskUnits;

use crate::domain::{
    Actor, Confidence, Deadline, Document, DocumentKey, EmailAddress, OrganId, Provenance,
    ReviewState, Task, TaskFlag, TaskState, Unit, UnitGroups, UnitKey,
};
use crate::extract::tasks::ExtractedTask;

// ---------------------------------------------------------------------------------------------
// What the store knows.

/// A task of a stored document, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentTask {
    pub id: i64,
    pub seq: i64,
    pub lead: UnitKey,
    pub state: TaskState,
    pub due: Option<NaiveDate>,
    pub provenance: Provenance,
}

/// An answer about a document not stored yet, kept until it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAnswer {
    pub id: i64,
    pub document_key: String,
    /// `returned`, `reported`, `in_progress` or `revoked`.
    pub kind: String,
    /// The unit whose tasks it concerns, when it concerns one unit.
    pub unit_key: Option<String>,
    pub note: Option<String>,
    pub source: String,
}

/// The unit a recipient resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedUnit {
    pub key: UnitKey,
    pub verified: bool,
    /// The Office specialist the directory assigns to this unit.
    pub tracking_specialist: Option<String>,
    pub how: Resolution,
}

/// How a recipient was matched to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    OrganId,
    /// Its OrganId is not the directory's: the Office may want to add it.
    Name,
    /// Named without an OrganId (as a directive's text names units), found by its name or alias.
    NameOnly,
    /// A new unverified unit.
    New,
    /// Named by its key (a specialist at the CLI, a group's member list in the directory).
    Key,
}

/// A unit as a header or a text names it: an OrganId, a name, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub organ_id: Option<OrganId>,
    pub name: Option<String>,
}

/// A stored document: its row and its tasks in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub id: i64,
    pub tasks: Vec<DocumentTask>,
}

impl StoredDocument {
    /// Its highest task number, to number added tasks after it.
    pub fn last_seq(&self) -> i64 {
        self.tasks.iter().map(|t| t.seq).max().unwrap_or(0)
    }
}

/// One question about a unit: the known unit (verified or not) an OrganId and a name stand for
/// on a day, following renames, as the store's `find_unit` answers it — never creating one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnitQuery {
    pub organ_id: Option<OrganId>,
    pub name: Option<String>,
    pub on: NaiveDate,
}

/// What the store knows of what a message names: the answers to its [`Questions`]. A question
/// without an answer is something the store does not know.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub documents: BTreeMap<DocumentKey, StoredDocument>,
    pub units: BTreeMap<UnitQuery, ResolvedUnit>,
    pub units_by_key: BTreeMap<UnitKey, ResolvedUnit>,
    /// The answers waiting for the incoming document, in the order they came.
    pub pending: Vec<PendingAnswer>,
}

impl Known {
    pub fn unit_by_key(&self, key: &UnitKey) -> Option<&ResolvedUnit> {
        self.units_by_key.get(key)
    }
}

/// What [`plan`] will want to know of the store for a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Questions {
    pub documents: BTreeSet<DocumentKey>,
    pub units: BTreeSet<UnitQuery>,
    pub units_by_key: BTreeSet<UnitKey>,
    /// The document whose waiting answers are wanted.
    pub pending_for: Option<DocumentKey>,
}

// ---------------------------------------------------------------------------------------------
// What arrives.

/// What a document message asks for (edXML `Bussiness` `BussinessDocType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Business {
    New,
    Update,
    Replace,
    Revoke,
}

/// A document message, read and converted: its header as a document, and the tasks its text gave.
#[derive(Debug, Clone)]
pub struct IncomingDocument {
    pub document: Document,
    pub business: Business,
    /// The document an update, a replacement or a revoke acts on (its own key when the message
    /// names none).
    pub target: DocumentKey,
    /// Why a revoke revokes, as the sender said.
    pub revoke_reason: Option<String>,
    pub recipients: Vec<Recipient>,
    /// The units an update's own receiver list removes (ReceiverType 0).
    pub removed: Vec<OrganId>,
    pub sender: Recipient,
    /// The directives a report answers (its ResponseFor), in order.
    pub reports_on: Vec<DocumentKey>,
    /// The tasks read from its text.
    pub extracted: Vec<ExtractedTask>,
    /// An attachment could not be read and needs a person to enter it.
    pub manual_entry: bool,
}

/// A status message from a unit.
#[derive(Debug, Clone)]
pub struct IncomingStatus {
    /// The document it is about; `None` when its ResponseFor names none.
    pub target: Option<DocumentKey>,
    pub code: String,
    pub description: Option<String>,
    pub sender: Recipient,
    /// The sender's OrganId as written, for a refusal that quotes it (one that does not parse
    /// is no `sender.organ_id`, but the Office still needs to see what was sent).
    pub sender_organ_id_as_sent: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Incoming {
    Document(Box<IncomingDocument>),
    Status(IncomingStatus),
}

/// What the plan is decided with besides the message: the configuration's rules, who delivered
/// it and when.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub groups: &'a UnitGroups,
    /// Extracted tasks at least this sure are confirmed at once; `None`: all wait for review.
    pub auto_confirm: Option<Confidence>,
    /// The configured source that delivered the message.
    pub source: &'a str,
    pub now: DateTime<Utc>,
}

impl Context<'_> {
    fn actor(&self) -> Actor {
        Actor::Source(self.source.to_string())
    }
}

// ---------------------------------------------------------------------------------------------
// What to do.

/// A document a change is about: the one this plan stores, or one stored before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocRef {
    New,
    Stored(i64),
}

/// A task a change is about: one stored before, or one this plan inserts (by its document and
/// number), with the state it is in when the change comes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskRef {
    Stored(DocumentTask),
    New {
        document: DocRef,
        seq: i64,
        state: TaskState,
    },
}

impl TaskRef {
    pub fn state(&self) -> TaskState {
        match self {
            Self::Stored(t) => t.state,
            Self::New { state, .. } => *state,
        }
    }
}

/// One write, in the order the plan lists them.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Store the incoming document.
    InsertDocument(Box<Document>),
    /// Replace what an update may change of a stored document's header.
    UpdateDocument {
        id: i64,
        document: Box<Document>,
    },
    /// Keep a unit the directory does not know, for the Office (kept once).
    KeepUnverifiedUnit {
        unit: Box<Unit>,
        organ_id: Option<OrganId>,
    },
    InsertTask {
        document: DocRef,
        seq: i64,
        task: Box<Task>,
        actor: Actor,
    },
    /// Confirm a draft this plan inserted, without waiting for a specialist.
    Confirm {
        document: DocRef,
        seq: i64,
        note: String,
    },
    SetTaskState {
        task: TaskRef,
        to: TaskState,
        note: Option<String>,
        actor: Actor,
    },
    /// Record what a unit said of a task its answer does not move (an in-progress task's
    /// reason for being late): a `noted` event.
    NoteTask {
        task: TaskRef,
        note: String,
        actor: Actor,
    },
    SetTaskDue {
        task: DocumentTask,
        due: Option<NaiveDate>,
        actor: Actor,
    },
    MarkRevoked(DocRef),
    /// Link the incoming report to the directive it answers.
    LinkReport {
        directive: DocRef,
        unit: Option<UnitKey>,
    },
    /// The answers that waited for this document are applied.
    MarkPendingApplied(DocumentKey),
    /// Keep an answer until its document arrives.
    AddPendingAnswer(PendingAnswer),
}

/// What became of a message, for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new document, with the number of tasks it gave and how many of its units are unverified.
    Stored {
        document: String,
        tasks: usize,
        unverified_units: usize,
    },
    /// Nothing changed: its document was stored before (the message itself is recorded).
    Unchanged { document: Option<String> },
    /// A revoke, an update or a unit's answer acted on a stored document.
    Applied { document: String, effect: String },
    /// An answer about a document not stored yet: kept, and applied when it arrives.
    Pending { document: String },
    /// The message cannot act on anything; the reason names the field and what is wrong.
    Refused { reason: String },
}

/// What the service logs of a plan, with the document it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    RecipientMatchedByName {
        document: String,
        unit: UnitKey,
    },
    RecipientUnverified {
        document: String,
        unit: UnitKey,
    },
    /// The text gave no task; the header's stand in, flagged.
    HeaderTasks {
        document: String,
        flag: TaskFlag,
        tasks: usize,
    },
    /// Neither the text nor the header gives a task (a report, a notice).
    NoTask {
        document: String,
    },
    TasksDrafted {
        document: String,
        tasks: usize,
    },
    /// Tasks read from the text that name no unit to lead them; not stored.
    Leaderless {
        document: String,
        tasks: usize,
    },
    ReportLinked {
        report: String,
        directive: DocumentKey,
    },
    GroupMemberMissing {
        group: String,
        unit: UnitKey,
    },
    GroupEmptyOn {
        group: String,
        day: NaiveDate,
    },
}

/// A plan: the changes, in order; what to tell; how the message is recorded; what to log.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub changes: Vec<Change>,
    pub outcome: Outcome,
    /// The message's kind as recorded (`document`, `update`, `status_06`, …).
    pub record_kind: String,
    /// The document the message is recorded against.
    pub record_document: Option<DocRef>,
    pub notes: Vec<Note>,
}

/// Why no plan can be made: the store's data or the message breaks an invariant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("a recipient with neither OrganId nor name")]
    NamelessRecipient,
}

// ---------------------------------------------------------------------------------------------
// The questions.

/// What [`plan`] may ask of the store about `incoming` (a little more than one path needs: the
/// answers are reads).
pub fn questions(incoming: &Incoming, cx: &Context<'_>) -> Questions {
    let mut q = Questions::default();
    match incoming {
        Incoming::Status(s) => {
            q.documents.extend(s.target.clone());
            q.units.insert(UnitQuery {
                organ_id: s.sender.organ_id.clone(),
                name: s.sender.name.clone(),
                on: crate::clock::local_date(cx.now),
            });
        }
        Incoming::Document(d) => {
            let on = d.document.issued;
            q.documents.insert(d.document.key.clone());
            q.documents.insert(d.target.clone());
            q.documents.extend(d.reports_on.iter().cloned());
            q.pending_for = Some(d.document.key.clone());
            let query = |organ_id: Option<&OrganId>, name: Option<&str>| UnitQuery {
                organ_id: organ_id.cloned(),
                name: name.map(str::to_string),
                on,
            };
            for r in &d.recipients {
                q.units
                    .insert(query(r.organ_id.as_ref(), r.name.as_deref()));
            }
            for id in &d.removed {
                q.units.insert(query(Some(id), None));
            }
            if !d.reports_on.is_empty() {
                q.units
                    .insert(query(d.sender.organ_id.as_ref(), d.sender.name.as_deref()));
            }
            for task in &d.extracted {
                for name in drafts::named_units(task) {
                    // A name a recipient bears is resolved as that recipient, asked above; the
                    // others by name in the directory (each a scan of its names and aliases).
                    if drafts::recipient_named(&d.recipients, name).is_none() {
                        q.units.insert(query(None, Some(name)));
                    }
                    if let Some(group) = cx.groups.find(name) {
                        q.units_by_key.extend(cx.groups.members_on(group, on));
                    }
                }
            }
        }
    }
    q
}

// ---------------------------------------------------------------------------------------------
// The plan.

/// The changes `incoming` makes, given what the store knows of it.
pub fn plan(incoming: &Incoming, known: &Known, cx: &Context<'_>) -> Result<Plan, PlanError> {
    let mut p = Planner {
        known,
        cx,
        kept_by_organ_id: BTreeMap::new(),
        new_tasks: Vec::new(),
        changes: Vec::new(),
        notes: Vec::new(),
    };
    let (outcome, record_kind, record_document) = match incoming {
        Incoming::Status(s) => (p.status(s)?, format!("status_{}", s.code), None),
        Incoming::Document(d) => p.document(d)?,
    };
    Ok(Plan {
        changes: p.changes,
        outcome,
        record_kind,
        record_document,
        notes: p.notes,
    })
}

/// A plan being made: the changes so far, and what they did that later steps must see.
pub(crate) struct Planner<'a> {
    known: &'a Known,
    cx: &'a Context<'a>,
    /// Unverified units this plan keeps, by OrganId: found again by it, as the store would.
    kept_by_organ_id: BTreeMap<OrganId, UnitKey>,
    /// The tasks this plan inserts into the new document: number, lead, state now.
    new_tasks: Vec<(i64, UnitKey, TaskState)>,
    changes: Vec<Change>,
    notes: Vec<Note>,
}

impl Planner<'_> {
    pub(crate) fn note(&mut self, note: Note) {
        self.notes.push(note);
    }

    fn find(
        &self,
        organ_id: Option<&OrganId>,
        name: Option<&str>,
        on: NaiveDate,
    ) -> Option<ResolvedUnit> {
        let query = UnitQuery {
            organ_id: organ_id.cloned(),
            name: name.map(str::to_string),
            on,
        };
        if let Some(unit) = self.known.units.get(&query) {
            return Some(unit.clone());
        }
        let key = self.kept_by_organ_id.get(organ_id?)?;
        Some(ResolvedUnit {
            key: key.clone(),
            verified: false,
            tracking_specialist: None,
            how: Resolution::OrganId,
        })
    }

    /// The unit `organ_id` and `name` stand for, or a new unverified one kept for the Office.
    pub(crate) fn resolve(
        &mut self,
        organ_id: Option<&OrganId>,
        name: Option<&str>,
        on: NaiveDate,
    ) -> Result<ResolvedUnit, PlanError> {
        if let Some(found) = self.find(organ_id, name, on) {
            return Ok(found);
        }
        let unit = match (organ_id, name) {
            (Some(id), _) => Unit::unverified(id.clone(), name),
            (None, Some(n)) => Unit::unverified_named(n),
            (None, None) => return Err(PlanError::NamelessRecipient),
        };
        if let Some(id) = organ_id {
            self.kept_by_organ_id.insert(id.clone(), unit.key.clone());
        }
        let key = unit.key.clone();
        self.changes.push(Change::KeepUnverifiedUnit {
            unit: Box::new(unit),
            organ_id: organ_id.cloned(),
        });
        Ok(ResolvedUnit {
            key,
            verified: false,
            tracking_specialist: None,
            how: Resolution::New,
        })
    }

    fn insert_task(&mut self, document: DocRef, seq: i64, task: Task) {
        if document == DocRef::New {
            self.new_tasks.push((seq, task.lead.clone(), task.state));
        }
        self.changes.push(Change::InsertTask {
            document,
            seq,
            task: Box::new(task),
            actor: self.cx.actor(),
        });
    }

    fn document(
        &mut self,
        d: &IncomingDocument,
    ) -> Result<(Outcome, String, Option<DocRef>), PlanError> {
        let known = self.known;
        match d.business {
            Business::New => self.store_new(d),
            Business::Revoke => {
                let reason = d
                    .revoke_reason
                    .clone()
                    .unwrap_or_else(|| "văn bản bị thu hồi".into());
                let outcome =
                    self.answer(&d.target, Answer::Revoked(reason), None, &self.cx.actor());
                Ok((outcome, "revoke".into(), None))
            }
            Business::Update | Business::Replace => {
                let kind = if d.business == Business::Update {
                    "update"
                } else {
                    "replace"
                };
                match known.documents.get(&d.target) {
                    Some(old) if d.target == d.document.key => {
                        let outcome = self.update(d, old)?;
                        Ok((outcome, kind.into(), Some(DocRef::Stored(old.id))))
                    }
                    Some(old) => {
                        // A replacement: the old document's unfinished tasks end, the new
                        // document brings its own.
                        let note = format!("thay thế bằng văn bản số {}", d.document.number);
                        let tasks = old.tasks.iter().cloned().map(TaskRef::Stored).collect();
                        self.apply_answer(
                            DocRef::Stored(old.id),
                            tasks,
                            &Answer::Revoked(note),
                            None,
                            &self.cx.actor(),
                        );
                        let (outcome, stored_kind, doc) = self.store_new(d)?;
                        Ok((outcome, record_kind(kind, &stored_kind), doc))
                    }
                    None => {
                        let (outcome, stored_kind, doc) = self.store_new(d)?;
                        Ok((outcome, record_kind(kind, &stored_kind), doc))
                    }
                }
            }
        }
    }

    /// A new document: stored with the tasks read from its text as drafts (or, when the text
    /// gave none, one draft task per recipient when its header has a deadline, flagged for the
    /// Office), linked to the directive it reports on, and any answer that arrived before it
    /// applied.
    fn store_new(
        &mut self,
        d: &IncomingDocument,
    ) -> Result<(Outcome, String, Option<DocRef>), PlanError> {
        let known = self.known;
        let document = &d.document;
        let number = document.number.to_string();
        if let Some(stored) = known.documents.get(&document.key) {
            // The same document delivered again in other bytes (another trace timestamp, another
            // source): remember the message, change nothing else.
            return Ok((
                Outcome::Unchanged {
                    document: Some(number),
                },
                "duplicate_document".into(),
                Some(DocRef::Stored(stored.id)),
            ));
        }
        self.changes
            .push(Change::InsertDocument(Box::new(document.clone())));
        // Every recipient is resolved, whatever the text says: unknown ones are kept as
        // unverified units for the Office, and the text's units are matched against them.
        let mut recipients = Vec::new();
        let mut unverified: BTreeSet<UnitKey> = BTreeSet::new();
        for r in &d.recipients {
            let unit = self.recipient_unit(d, r)?;
            if !unit.verified {
                unverified.insert(unit.key.clone());
            }
            recipients.push(unit);
        }
        let tasks = match self.store_extracted(d)? {
            (0, _) => {
                let flag = fallback_flag(d);
                let mut added = 0;
                for unit in &recipients {
                    added +=
                        usize::from(self.header_task(d, DocRef::New, unit, added as i64 + 1, flag));
                }
                self.note(if added > 0 {
                    Note::HeaderTasks {
                        document: number.clone(),
                        flag,
                        tasks: added,
                    }
                } else {
                    Note::NoTask {
                        document: number.clone(),
                    }
                });
                added
            }
            (stored, text_units) => {
                unverified.extend(text_units);
                self.note(Note::TasksDrafted {
                    document: number.clone(),
                    tasks: stored,
                });
                stored
            }
        };
        let unverified_units = unverified.len();
        // A unit's report on a directive we track is linked to it.
        for key in &d.reports_on {
            let directive = if *key == document.key {
                Some(DocRef::New)
            } else {
                known.documents.get(key).map(|s| DocRef::Stored(s.id))
            };
            if let Some(directive) = directive {
                let unit = self
                    .find(
                        d.sender.organ_id.as_ref(),
                        d.sender.name.as_deref(),
                        document.issued,
                    )
                    .map(|u| u.key);
                self.changes.push(Change::LinkReport { directive, unit });
                self.note(Note::ReportLinked {
                    report: number.clone(),
                    directive: key.clone(),
                });
                break;
            }
        }
        self.changes
            .push(Change::MarkPendingApplied(document.key.clone()));
        for pending in &known.pending {
            let Some(answer) = Answer::from_pending(pending) else {
                continue;
            };
            let unit = pending
                .unit_key
                .as_deref()
                .and_then(|k| UnitKey::parse(k).ok());
            let actor = Actor::Source(pending.source.clone());
            let tasks = self.new_task_refs();
            self.apply_answer(DocRef::New, tasks, &answer, unit.as_ref(), &actor);
        }
        Ok((
            Outcome::Stored {
                document: number,
                tasks,
                unverified_units,
            },
            "document".into(),
            Some(DocRef::New),
        ))
    }

    fn new_task_refs(&self) -> Vec<TaskRef> {
        let mut tasks: Vec<&(i64, UnitKey, TaskState)> = self.new_tasks.iter().collect();
        tasks.sort_by_key(|(seq, ..)| *seq);
        tasks
            .into_iter()
            .map(|(seq, _, state)| TaskRef::New {
                document: DocRef::New,
                seq: *seq,
                state: *state,
            })
            .collect()
    }

    /// The unit a recipient of the header stands for (a new unverified one when the directory
    /// does not know it), with what the Office should hear about it.
    fn recipient_unit(
        &mut self,
        d: &IncomingDocument,
        r: &Recipient,
    ) -> Result<ResolvedUnit, PlanError> {
        let number = d.document.number.to_string();
        let unit = self.resolve(r.organ_id.as_ref(), r.name.as_deref(), d.document.issued)?;
        if unit.how == Resolution::Name {
            self.note(Note::RecipientMatchedByName {
                document: number.clone(),
                unit: unit.key.clone(),
            });
        }
        if !unit.verified {
            self.note(Note::RecipientUnverified {
                document: number,
                unit: unit.key.clone(),
            });
        }
        Ok(unit)
    }

    /// The tasks read from the document's text, stored as drafts (or confirmed, when the
    /// configured threshold allows): how many were stored, and the unverified units they name.
    fn store_extracted(
        &mut self,
        d: &IncomingDocument,
    ) -> Result<(usize, Vec<UnitKey>), PlanError> {
        let document = &d.document;
        let mut stored = 0;
        let mut leaderless = 0;
        let mut unverified = Vec::new();
        for found in &d.extracted {
            let all =
                drafts::resolve_units(self, &d.recipients, self.cx.groups, found, document.issued)?;
            if all.is_empty() {
                leaderless += 1;
                continue;
            }
            // A group expanded gives several drafts of one reading; each takes the next number
            // of the document's tasks.
            for units in &all {
                unverified.extend(drafts::unverified_keys(units).cloned());
                let task = drafts::draft_task(document, found, units, d.manual_entry);
                stored += 1;
                let confirms = drafts::auto_confirms(self.cx.auto_confirm, &task, units);
                let note = format!(
                    "tự động: độ tin cậy {} ≥ ngưỡng {}",
                    task.confidence.map(|c| c.to_string()).unwrap_or_default(),
                    self.cx
                        .auto_confirm
                        .map(|c| c.to_string())
                        .unwrap_or_default()
                );
                self.insert_task(DocRef::New, stored as i64, task);
                if confirms {
                    self.changes.push(Change::Confirm {
                        document: DocRef::New,
                        seq: stored as i64,
                        note,
                    });
                }
            }
        }
        if leaderless > 0 {
            self.note(Note::Leaderless {
                document: document.number.to_string(),
                tasks: leaderless,
            });
        }
        Ok((stored, unverified))
    }

    /// One recipient's header task, standing in when the text gave none: made when the header has
    /// a deadline, or when an attachment needs manual entry (else a scanned directive would leave
    /// the Office nothing to act on). Returns whether a task was added.
    fn header_task(
        &mut self,
        d: &IncomingDocument,
        into: DocRef,
        unit: &ResolvedUnit,
        seq: i64,
        why: TaskFlag,
    ) -> bool {
        let document = &d.document;
        let deadline = match document.due {
            Some(due) => Deadline::Date(due),
            None if why == TaskFlag::NeedsManualEntry => Deadline::None,
            None => return false,
        };
        let mut flags = vec![why];
        if unit.how == Resolution::Name {
            flags.push(TaskFlag::UnitMatchedByName);
        }
        if document.due.is_some_and(|due| due < document.issued) {
            flags.push(TaskFlag::DeadlineBeforeIssue);
        }
        flags.sort();
        let task = Task {
            document: document.key.clone(),
            content: document
                .subject
                .clone()
                .or_else(|| document.content.clone())
                .unwrap_or_else(|| format!("Thực hiện văn bản số {}", document.number)),
            lead: unit.key.clone(),
            support: Vec::new(),
            deadline,
            recurrence: None,
            state: TaskState::NotStarted,
            provenance: Provenance::Header,
            review: ReviewState::Draft,
            tracking_specialist: unit
                .tracking_specialist
                .as_deref()
                .and_then(|e| EmailAddress::parse(e).ok()),
            reporting_unit: None,
            flags,
            quote: None,
            confidence: None,
        };
        self.insert_task(into, seq, task);
        true
    }

    /// An update of a stored document: its header is replaced; a new recipient gets its task, a
    /// removed one's tasks are cancelled, and a changed deadline moves the open header tasks.
    fn update(&mut self, d: &IncomingDocument, old: &StoredDocument) -> Result<Outcome, PlanError> {
        let document = &d.document;
        let issued = document.issued;
        self.changes.push(Change::UpdateDocument {
            id: old.id,
            document: Box::new(document.clone()),
        });
        let existing = &old.tasks;
        let mut seq = old.last_seq();
        let mut kept = Vec::new();
        let mut changed = 0;
        // Tasks read from the text are the document's tasks: a recipient added by the update gets
        // no header task beside them. Reading the updated text again is not done yet.
        let from_text = existing
            .iter()
            .any(|t| t.provenance == Provenance::Extracted);
        // The update's own list of receiver changes (ReceiverType 0) removes a unit even if a
        // sender left it in To.
        let removed: Vec<UnitKey> = d
            .removed
            .iter()
            .filter_map(|id| self.find(Some(id), None, issued))
            .map(|u| u.key)
            .collect();
        for r in &d.recipients {
            let unit = self.find(r.organ_id.as_ref(), r.name.as_deref(), issued);
            if unit.as_ref().is_some_and(|u| removed.contains(&u.key)) {
                continue;
            }
            let has_task = unit.as_ref().is_some_and(|u| {
                existing
                    .iter()
                    .any(|t| t.provenance == Provenance::Header && t.lead == u.key)
            });
            if has_task || from_text {
                kept.extend(unit.map(|u| u.key));
                continue;
            }
            let unit = self.recipient_unit(d, r)?;
            let added =
                self.header_task(d, DocRef::Stored(old.id), &unit, seq + 1, fallback_flag(d));
            seq += i64::from(added);
            changed += usize::from(added);
            kept.push(unit.key);
        }
        for task in existing
            .iter()
            .filter(|t| t.provenance == Provenance::Header)
        {
            if !kept.contains(&task.lead) {
                if let Some(to) = Answer::Revoked(String::new()).moves(task.state) {
                    self.changes.push(Change::SetTaskState {
                        task: TaskRef::Stored(task.clone()),
                        to,
                        note: Some("đơn vị không còn trong danh sách nhận".into()),
                        actor: self.cx.actor(),
                    });
                    changed += 1;
                }
            } else if task.due != document.due && task.state.is_open() {
                self.changes.push(Change::SetTaskDue {
                    task: task.clone(),
                    due: document.due,
                    actor: self.cx.actor(),
                });
                changed += 1;
            }
        }
        Ok(Outcome::Applied {
            document: document.number.to_string(),
            effect: format!("updated; {changed} task(s) changed"),
        })
    }

    /// A status message from a unit (or the sender's revoke, 13).
    fn status(&mut self, status: &IncomingStatus) -> Result<Outcome, PlanError> {
        let Some(target) = &status.target else {
            return Ok(Outcome::Refused {
                reason: "field ResponseFor: names no document (no DocumentId, and no OrganId, Code and PromulgationDate)".into(),
            });
        };
        let Some(answer) = Answer::from_status(&status.code, status.description.as_deref()) else {
            return Ok(Outcome::Applied {
                document: target.to_string(),
                effect: format!("status {} noted; no task changes", status.code),
            });
        };
        let unit = if answer.needs_unit() {
            let on = crate::clock::local_date(self.cx.now);
            let from = &status.sender;
            match self.find(from.organ_id.as_ref(), from.name.as_deref(), on) {
                Some(u) => Some(u.key),
                None => {
                    return Ok(Outcome::Refused {
                        reason: format!(
                            "field From: the sending unit ({} {}) is not known, so its tasks cannot be found",
                            status.sender_organ_id_as_sent.as_deref().unwrap_or("no OrganId"),
                            from.name.as_deref().unwrap_or("no name")
                        ),
                    })
                }
            }
        } else {
            None
        };
        Ok(self.answer(target, answer, unit.as_ref(), &self.cx.actor()))
    }

    /// Applies an answer to the document `target`, or keeps it until the document arrives.
    fn answer(
        &mut self,
        target: &DocumentKey,
        answer: Answer,
        unit: Option<&UnitKey>,
        actor: &Actor,
    ) -> Outcome {
        let known = self.known;
        match known.documents.get(target) {
            Some(stored) => {
                let tasks = stored.tasks.iter().cloned().map(TaskRef::Stored).collect();
                let changed =
                    self.apply_answer(DocRef::Stored(stored.id), tasks, &answer, unit, actor);
                Outcome::Applied {
                    document: target.to_string(),
                    effect: format!("{}: {changed} task(s) changed", answer.kind()),
                }
            }
            None => {
                self.changes.push(Change::AddPendingAnswer(PendingAnswer {
                    id: 0,
                    document_key: target.to_string(),
                    kind: answer.kind().into(),
                    unit_key: unit.map(|u| u.to_string()),
                    note: answer.note().map(str::to_string),
                    source: self.cx.source.to_string(),
                }));
                Outcome::Pending {
                    document: target.to_string(),
                }
            }
        }
    }

    /// Moves `tasks` of `document` as `answer` says (only `unit`'s when the answer is a unit's);
    /// a revoke marks the document revoked. Returns how many tasks changed.
    fn apply_answer(
        &mut self,
        document: DocRef,
        tasks: Vec<TaskRef>,
        answer: &Answer,
        unit: Option<&UnitKey>,
        actor: &Actor,
    ) -> usize {
        let mut changed = 0;
        for task in tasks {
            let lead = match &task {
                TaskRef::Stored(t) => Some(t.lead.clone()),
                TaskRef::New { seq, .. } => self
                    .new_tasks
                    .iter()
                    .find(|(s, ..)| s == seq)
                    .map(|(_, lead, _)| lead.clone()),
            };
            if answer.needs_unit() && lead.as_ref() != unit {
                continue;
            }
            if let Some(to) = answer.moves(task.state()) {
                if let TaskRef::New { seq, .. } = &task {
                    if let Some(t) = self.new_tasks.iter_mut().find(|(s, ..)| s == seq) {
                        t.2 = to;
                    }
                }
                self.changes.push(Change::SetTaskState {
                    task,
                    to,
                    note: answer.note().map(str::to_string),
                    actor: actor.clone(),
                });
                changed += 1;
            } else if let (Some(note), TaskRef::Stored(_), Answer::InProgress(_)) =
                (answer.note(), &task, answer)
            {
                // Still at it, and saying why: the reason Appendix IV prints.
                if task.state() == TaskState::InProgress {
                    self.changes.push(Change::NoteTask {
                        task,
                        note: note.to_string(),
                        actor: actor.clone(),
                    });
                }
            }
        }
        if let Answer::Revoked(_) = answer {
            self.changes.push(Change::MarkRevoked(document));
        }
        changed
    }
}

/// An update or replacement recorded as such, unless its document turned out a duplicate.
fn record_kind(business: &str, stored: &str) -> String {
    if stored == "duplicate_document" {
        stored.to_string()
    } else {
        business.to_string()
    }
}

/// Why the header's tasks stand in: an attachment needs manual entry, or the text gave none.
fn fallback_flag(d: &IncomingDocument) -> TaskFlag {
    if d.manual_entry {
        TaskFlag::NeedsManualEntry
    } else {
        TaskFlag::NoTasksExtracted
    }
}
