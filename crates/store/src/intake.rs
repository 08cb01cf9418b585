//! Applying an intake plan (`dondoc_core::intake::plan`): its changes, in order, in the message's
//! transaction. The plan refers to what it creates — the document it stores, the tasks it
//! inserts — by reference; the ids the rows get are kept here as they are made.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use dondoc_core::domain::{Actor, ReviewState};
use dondoc_core::intake::{Change, DocRef, Known, Questions, StoredDocument, TaskRef};

use super::{StoreError, StoreTx};

/// What applying a plan made that the caller needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// The stored document's row id.
    pub document_id: Option<i64>,
    /// The document was stored by another instance after the plan's reads (its row id): the
    /// changes stopped there, as they do for a document known before, and what came before it
    /// stands.
    pub duplicate_of: Option<i64>,
}

impl StoreTx {
    /// What the store knows of what a message names: the answers to the plan's questions, read
    /// in the message's transaction (nothing is written).
    pub async fn known(&mut self, q: &Questions) -> Result<Known, StoreError> {
        let mut known = Known::default();
        for key in &q.documents {
            if let Some((id, _)) = self.document_by_key(key.as_str()).await? {
                let tasks = self.document_tasks(id).await?;
                known
                    .documents
                    .insert(key.clone(), StoredDocument { id, tasks });
            }
        }
        for u in &q.units {
            if let Some(found) = self
                .find_unit(u.organ_id.as_ref(), u.name.as_deref(), u.on)
                .await?
            {
                known.units.insert(u.clone(), found);
            }
        }
        for key in &q.units_by_key {
            if let Some(found) = self.unit_by_key(key).await? {
                known.units_by_key.insert(key.clone(), found);
            }
        }
        if let Some(key) = &q.pending_for {
            known.pending = self.pending_answers(key.as_str()).await?;
        }
        Ok(known)
    }

    /// Makes `changes`, in order.
    pub async fn apply(
        &mut self,
        changes: &[Change],
        now: DateTime<Utc>,
    ) -> Result<Applied, StoreError> {
        let mut new_document: Option<i64> = None;
        // (document row, task number) → task row, for the tasks this plan inserts.
        let mut tasks: BTreeMap<(i64, i64), i64> = BTreeMap::new();
        let document = |r: &DocRef, new: Option<i64>| -> Result<i64, StoreError> {
            match r {
                DocRef::Stored(id) => Ok(*id),
                DocRef::New => {
                    new.ok_or_else(|| StoreError::Plan("a change before its document".into()))
                }
            }
        };
        let task = |tasks: &BTreeMap<(i64, i64), i64>, doc: i64, seq: i64| {
            tasks.get(&(doc, seq)).copied().ok_or_else(|| {
                StoreError::Plan(format!("task {seq} of document {doc} was not inserted"))
            })
        };
        // The row of a task the plan names, stored or inserted by it.
        let task_id = |t: &TaskRef, tasks: &BTreeMap<(i64, i64), i64>, new: Option<i64>| match t {
            TaskRef::Stored(stored) => Ok(stored.id),
            TaskRef::New {
                document: d, seq, ..
            } => task(tasks, document(d, new)?, *seq),
        };
        for change in changes {
            match change {
                Change::InsertDocument(d) => match self.insert_document(d, now).await? {
                    Some(id) => new_document = Some(id),
                    None => {
                        let Some((id, _)) = self.document_by_key(d.key.as_str()).await? else {
                            return Err(StoreError::Conflict(format!(
                                "document {} was neither stored nor found",
                                d.number
                            )));
                        };
                        return Ok(Applied {
                            document_id: None,
                            duplicate_of: Some(id),
                        });
                    }
                },
                Change::UpdateDocument { id, document } => {
                    self.update_document(*id, document).await?
                }
                Change::KeepUnverifiedUnit { unit, organ_id } => {
                    self.keep_unverified_unit(unit, organ_id.as_ref(), now)
                        .await?
                }
                Change::InsertTask {
                    document: d,
                    seq,
                    task: t,
                    actor,
                } => {
                    let doc = document(d, new_document)?;
                    let id = self.insert_task(doc, *seq, t, actor, now).await?;
                    tasks.insert((doc, *seq), id);
                }
                Change::Confirm {
                    document: d,
                    seq,
                    note,
                } => {
                    let id = task(&tasks, document(d, new_document)?, *seq)?;
                    self.set_review(
                        id,
                        ReviewState::Draft,
                        ReviewState::Confirmed,
                        Some(note),
                        &Actor::System,
                        now,
                    )
                    .await?;
                }
                Change::SetTaskState {
                    task: t,
                    to,
                    note,
                    actor,
                } => {
                    let id = task_id(t, &tasks, new_document)?;
                    self.move_task(id, t.state(), *to, actor, note.as_deref(), now)
                        .await?;
                }
                Change::NoteTask {
                    task: t,
                    note,
                    actor,
                } => {
                    let id = task_id(t, &tasks, new_document)?;
                    self.record_task_note(id, note, actor, now).await?;
                }
                Change::SetTaskDue {
                    task: t,
                    due,
                    actor,
                } => self.set_task_due(t, *due, actor, now).await?,
                Change::MarkRevoked(d) => {
                    self.set_document_state(document(d, new_document)?, "revoked")
                        .await?
                }
                Change::LinkReport { directive, unit } => {
                    let report = document(&DocRef::New, new_document)?;
                    let directive = document(directive, new_document)?;
                    self.link_report(report, directive, unit.as_ref()).await?
                }
                Change::MarkPendingApplied(key) => {
                    self.mark_pending_applied(key.as_str(), now).await?
                }
                Change::AddPendingAnswer(a) => self.add_pending_answer(a, now).await?,
            }
        }
        Ok(Applied {
            document_id: new_document,
            duplicate_of: None,
        })
    }
}
