//! One message through the whole path: bytes → edXML → document and tasks → one transaction.

use sha2::{Digest, Sha256};

use chrono::{DateTime, Utc};
use dondoc_edxml::{BusinessType, DocumentMessage, StatusMessage};

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use dondoc_edxml::{DiscardAttachments, ReadLimits};

use super::answers::{self, Answer};
use super::attachments::{TempAttachments, KEPT_FOLDER};
use super::convert;
use super::deadletter::DeadLetters;
use super::drafts;
use super::secrecy::{self, SecrecyRules};
use crate::calendar::Calendar;
use crate::clock::SharedClock;
use crate::doctext::Extracted;
use crate::domain::{
    Actor, Confidence, Deadline, Document, DocumentKey, EmailAddress, OrganId, Provenance,
    ReviewState, Task, TaskFlag, TaskState, UnitGroups, UnitKey,
};
use crate::extract::source::body_text;
use crate::extract::tasks::ExtractedTask;
use crate::hooks::{Hooks, Point};
use crate::sandbox::{Refusal, Sandbox};
use crate::shutdown::Shutdown;
use crate::store::{
    AttachmentRecord, MessageRecord, PendingAnswer, Resolution, ResolvedUnit, Store, StoreError,
    StoreTx,
};

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new document, with the number of tasks it gave and how many of its units are unverified.
    Stored {
        document: String,
        tasks: usize,
        unverified_units: usize,
    },
    /// Nothing changed: this message, or its document, was processed before.
    Unchanged { document: Option<String> },
    /// A revoke, an update or a unit's answer acted on a stored document.
    Applied { document: String, effect: String },
    /// An answer about a document not stored yet: kept, and applied when it arrives.
    Pending { document: String },
    /// A secret document: dropped, nothing of it kept. Only the fact is counted.
    Secret,
    /// The message cannot be processed; the reason names the field and what is wrong.
    Refused { reason: String },
}

/// How a report line says it: `dondoc ingest` prints `<file>: <outcome>`.
impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Stored {
                document,
                tasks,
                unverified_units,
            } => {
                write!(f, "stored {document}, {tasks} task(s)")?;
                if *unverified_units > 0 {
                    write!(f, ", {unverified_units} unverified unit(s)")?;
                }
                Ok(())
            }
            Self::Unchanged { document } => write!(
                f,
                "unchanged ({} was ingested before)",
                document.as_deref().unwrap_or("message")
            ),
            Self::Applied { document, effect } => write!(f, "applied to {document}: {effect}"),
            Self::Pending { document } => write!(f, "kept until {document} arrives"),
            Self::Secret => write!(
                f,
                "dropped: a secret document (Mật, Tối mật, Tuyệt mật) is never stored"
            ),
            Self::Refused { reason } => write!(f, "failed: {reason}"),
        }
    }
}

/// Turns messages into stored documents and tasks.
#[derive(Debug, Clone)]
pub struct Pipeline {
    store: Store,
    clock: SharedClock,
    hooks: Hooks,
    dead_letters: Option<DeadLetters>,
    /// Where attachments are kept; without it they are read, checked and dropped.
    data_dir: Option<PathBuf>,
    limits: ReadLimits,
    secrecy: SecrecyRules,
    /// What deadlines in the text are counted with ("trong 5 ngày làm việc").
    calendar: Arc<Calendar>,
    /// Extracted tasks at least this sure are confirmed at once; `None`: all wait for review.
    auto_confirm: Option<Confidence>,
    /// The directory's groups, which a text's "các sở, ban, ngành" expands to.
    groups: Arc<UnitGroups>,
    /// Where attachments and texts are read, within what budgets.
    sandbox: Arc<Sandbox>,
}

/// Why a message was not processed, the message not at fault: it waits for a later pass.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No sandbox worker could be started (the binary gone, the system out of processes): the
    /// pass ends, as when a source is down, and no message is blamed.
    #[error("no reader of attachments could be started: {0}")]
    ReaderDown(String),
}

/// Why a document's reading stops short of the store.
enum Unread {
    /// The reader crashed on it: kept as a dead letter.
    Refused(String),
    /// No reader could be started: the message waits for a later pass.
    Down(String),
}

impl From<Refusal> for Unread {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Unavailable(why) => Unread::Down(why),
            other => Unread::Refused(other.to_string()),
        }
    }
}

impl Pipeline {
    /// A pipeline with the shipped calendar and default limits, keeping no files: what tests and
    /// tools use; [`Pipeline::configured`] gives the daemon's.
    pub fn new(store: Store, clock: SharedClock, hooks: Hooks) -> Self {
        Self {
            store,
            clock,
            hooks,
            dead_letters: None,
            data_dir: None,
            limits: ReadLimits::default(),
            secrecy: SecrecyRules::default(),
            calendar: shipped_calendar(),
            auto_confirm: None,
            groups: Arc::default(),
            sandbox: Arc::new(Sandbox::in_process(
                shipped_calendar(),
                crate::sandbox::Budgets::default(),
            )),
        }
    }

    /// Keeps attachments and dead letters under `data_dir`, with the configured limits and
    /// secrecy rules: what the daemon and the CLI run.
    pub fn configured(mut self, config: &crate::config::Config) -> Self {
        self = self.with_dead_letters(&config.data_dir);
        self.data_dir = Some(config.data_dir.clone());
        self.limits = config.edxml_limits.clone();
        self.secrecy = config.secrecy.clone();
        self.calendar = config.calendar.clone();
        self.auto_confirm = config.extract.auto_confirm_threshold;
        self.groups = Arc::new(config.units.groups.clone());
        self.sandbox = Arc::new(Sandbox::in_process(
            config.calendar.clone(),
            config.sandbox.clone(),
        ));
        self
    }

    /// Reads attachments and texts in `sandbox` (the daemon's workers) instead of in-process.
    pub fn with_sandbox(mut self, sandbox: Arc<Sandbox>) -> Self {
        self.sandbox = sandbox;
        self
    }

    /// Keeps refused messages as dead letters under `data_dir`.
    pub fn with_dead_letters(mut self, data_dir: &std::path::Path) -> Self {
        self.dead_letters = Some(DeadLetters::new(
            self.store.clone(),
            data_dir,
            self.clock.clone(),
        ));
        self
    }

    pub fn dead_letters(&self) -> Option<&DeadLetters> {
        self.dead_letters.as_ref()
    }

    pub fn hooks(&self) -> &Hooks {
        &self.hooks
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }

    /// Processes one message from `source` (`origin` is its file name or the source's id for it).
    ///
    /// A refusal is an [`Outcome`]: the input was at fault and the caller keeps it aside. A
    /// [`ProcessError`] means the store failed, or no reader of attachments could be started,
    /// and nothing was written: the caller keeps the message where it is, to be tried again.
    pub async fn process(
        &self,
        source: &str,
        origin: &str,
        bytes: &[u8],
        shutdown: &Shutdown,
    ) -> Result<Outcome, ProcessError> {
        if secrecy::is_secret(bytes) {
            return Ok(self.secret(source).await?);
        }
        // One budget of time for everything read of this document.
        let deadline = self.sandbox.deadline();
        let sha256 = hex::encode(Sha256::digest(bytes));
        // Attachments are decoded straight into files of a temporary folder, removed when this
        // is dropped: a refused, secret or interrupted message leaves none behind.
        let mut temp =
            match &self.data_dir {
                Some(dir) => Some(TempAttachments::new(dir, &sha256).map_err(|source| {
                    StoreError::Files {
                        doing: "preparing the temporary folder of a message",
                        source,
                    }
                })?),
                None => None,
            };
        let read = match temp.as_mut() {
            Some(t) => dondoc_edxml::read_message_with(bytes, &self.limits, t),
            None => dondoc_edxml::read_message_with(bytes, &self.limits, &mut DiscardAttachments),
        };
        let message = match read {
            Ok(m) => m,
            Err(e) => {
                // Unreadable, it would be kept as a dead letter: not if an attachment its bytes
                // still show is stamped secret.
                if self.loose_attachment_is_secret(bytes, deadline).await {
                    return Ok(self.secret(source).await?);
                }
                return Ok(refused(e));
            }
        };
        let mut texts = Vec::new();
        let mut extracted = Vec::new();
        if let dondoc_edxml::Message::Document(d) = &message {
            if super::secrecy::header_is_secret(&self.secrecy, d) {
                return Ok(self.secret(source).await?);
            }
            texts = match self.attachment_texts(d, temp.as_ref(), deadline).await {
                Ok(texts) => texts,
                Err(Unread::Refused(reason)) => return Ok(Outcome::Refused { reason }),
                Err(Unread::Down(why)) => return Err(ProcessError::ReaderDown(why)),
            };
            if texts
                .iter()
                .any(|t| t.text.as_deref().is_some_and(secrecy::text_is_secret))
            {
                return Ok(self.secret(source).await?);
            }
            let revoke = d
                .business
                .as_ref()
                .is_some_and(|b| b.kind == BusinessType::Revoke);
            if !revoke {
                // Read before the transaction opens: it is CPU work that holds no lock.
                extracted = match self.read_tasks(d, &mut texts, deadline).await {
                    Ok(tasks) => tasks,
                    Err(Unread::Refused(reason)) => return Ok(Outcome::Refused { reason }),
                    Err(Unread::Down(why)) => return Err(ProcessError::ReaderDown(why)),
                };
            }
        }
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        if tx.message_seen(&sha256).await? {
            tx.rollback().await?;
            return Ok(Outcome::Unchanged { document: None });
        }
        let mut record = MessageRecord {
            sha256,
            source: source.to_string(),
            origin: origin.to_string(),
            kind: "document".into(),
            document_id: None,
        };
        let actor = Actor::Source(source.to_string());
        let outcome = match message {
            dondoc_edxml::Message::Status(status) => {
                record.kind = format!("status_{}", status.status_code);
                self.status(&mut tx, &status, &actor, source, now).await?
            }
            dondoc_edxml::Message::Document(doc_msg) => {
                let (document, recipients) = match convert::document(&doc_msg, source) {
                    Ok(x) => x,
                    Err(e) => {
                        tx.rollback().await?;
                        return Ok(refused(e));
                    }
                };
                let kind = doc_msg
                    .business
                    .as_ref()
                    .map(|b| b.kind)
                    .unwrap_or(BusinessType::New);
                let target = doc_msg
                    .business
                    .as_ref()
                    .and_then(|b| b.document_id.as_deref())
                    .and_then(DocumentKey::from_external)
                    .unwrap_or_else(|| document.key.clone());
                let ctx = Incoming {
                    document: &document,
                    recipients: &recipients,
                    message: &doc_msg,
                    actor: &actor,
                    now,
                    attachments: &texts,
                    extracted: &extracted,
                    sha256: &record.sha256.clone(),
                };
                match kind {
                    BusinessType::New => {
                        self.store_new(&mut tx, &ctx, &mut record, temp.as_mut())
                            .await?
                    }
                    BusinessType::Revoke => {
                        record.kind = "revoke".into();
                        let reason = doc_msg
                            .business
                            .as_ref()
                            .and_then(|b| b.reason.clone())
                            .unwrap_or_else(|| "văn bản bị thu hồi".into());
                        self.answer(
                            &mut tx,
                            &target,
                            Answer::Revoked(reason),
                            None,
                            &actor,
                            source,
                            now,
                        )
                        .await?
                    }
                    BusinessType::Update | BusinessType::Replace => {
                        record.kind = if kind == BusinessType::Update {
                            "update"
                        } else {
                            "replace"
                        }
                        .into();
                        match tx.document_by_key(target.as_str()).await? {
                            Some((old_id, _)) if target == document.key => {
                                record.document_id = Some(old_id);
                                self.update(&mut tx, old_id, &ctx).await?
                            }
                            Some((old_id, _)) => {
                                // A replacement: the old document's unfinished tasks end, the new
                                // document brings its own.
                                let note = format!("thay thế bằng văn bản số {}", document.number);
                                answers::apply(
                                    &mut tx,
                                    old_id,
                                    &Answer::Revoked(note),
                                    None,
                                    &actor,
                                    now,
                                )
                                .await?;
                                self.store_new(&mut tx, &ctx, &mut record, temp.as_mut())
                                    .await?
                            }
                            None => {
                                self.store_new(&mut tx, &ctx, &mut record, temp.as_mut())
                                    .await?
                            }
                        }
                    }
                }
            }
        };
        tx.insert_message(&record, now).await?;
        self.hooks.reached(Point::BeforeCommit, shutdown).await;
        tx.commit().await?;
        Ok(outcome)
    }

    /// A new document: stored with the tasks read from its text as drafts (or, when the text
    /// gave none, one draft task per recipient when its header has a deadline, flagged for the
    /// Office), linked to the directive it reports on, and any answer that arrived before it
    /// applied.
    async fn store_new(
        &self,
        tx: &mut StoreTx,
        ctx: &Incoming<'_>,
        record: &mut MessageRecord,
        mut temp: Option<&mut TempAttachments>,
    ) -> Result<Outcome, StoreError> {
        let document = ctx.document;
        let number = document.number.to_string();
        let Some(document_id) = tx.insert_document(document, ctx.now).await? else {
            // The same document delivered again in other bytes (another trace timestamp, another
            // source): remember the message, change nothing else.
            record.kind = "duplicate_document".into();
            record.document_id = tx
                .document_by_key(document.key.as_str())
                .await?
                .map(|(id, _)| id);
            return Ok(Outcome::Unchanged {
                document: Some(number),
            });
        };
        record.document_id = Some(document_id);
        for a in ctx.attachments {
            let mut a = a.clone();
            if let (Some(t), Some(dir)) = (temp.as_deref_mut(), &self.data_dir) {
                // Named by the message and position, never by the sender's file name alone,
                // and that name made safe for the disk (the store keeps it as it was).
                let name = super::attachments::safe_file_name(a.name.as_deref().unwrap_or(""));
                let relative = format!("{KEPT_FOLDER}/{}/{}-{name}", ctx.sha256, a.index);
                if t.path(a.index as usize).is_some() {
                    t.keep(a.index as usize, &dir.join(&relative))
                        .map_err(|source| StoreError::Files {
                            doing: "keeping an attachment",
                            source,
                        })?;
                    a.path = Some(relative);
                }
            }
            tx.insert_attachment(document_id, &a).await?;
        }
        // Every recipient is resolved, whatever the text says: unknown ones are kept as
        // unverified units for the Office, and the text's units are matched against them.
        let mut recipients = Vec::new();
        let mut unverified: BTreeSet<UnitKey> = BTreeSet::new();
        for r in ctx.recipients {
            let unit = self.recipient_unit(tx, ctx, r).await?;
            if !unit.verified {
                unverified.insert(unit.key.clone());
            }
            recipients.push(unit);
        }
        let tasks = match self.store_extracted(tx, ctx, document_id).await? {
            (0, _) => {
                let flag = fallback_flag(ctx);
                let mut added = 0;
                for unit in &recipients {
                    added += usize::from(
                        self.header_task(tx, ctx, document_id, unit, added + 1, flag)
                            .await?,
                    );
                }
                if added > 0 {
                    tracing::warn!(
                        document = %number,
                        flag = flag.as_str(),
                        tasks = added,
                        "No task was read from the document's text; its header stands in for the Office to check"
                    );
                } else {
                    // A report or a notice assigns nothing, and its header gives no deadline.
                    tracing::info!(document = %number, "No task was read from the document's text or its header");
                }
                added
            }
            (stored, text_units) => {
                unverified.extend(text_units);
                tracing::info!(document = %number, tasks = stored, "Tasks read from the document's text, as drafts for review");
                stored
            }
        };
        let unverified_units = unverified.len();
        // A unit's report on a directive we track is linked to it.
        for rf in &ctx.message.response_for {
            let Some(key) = answers::target_of(rf) else {
                continue;
            };
            if let Some((directive_id, _)) = tx.document_by_key(key.as_str()).await? {
                let from = ctx
                    .message
                    .from
                    .organ_id
                    .as_deref()
                    .and_then(|id| OrganId::parse(id).ok());
                let unit = tx
                    .find_unit(
                        from.as_ref(),
                        ctx.message.from.organ_name.as_deref(),
                        document.issued,
                    )
                    .await?;
                tx.link_report(document_id, directive_id, unit.as_ref().map(|u| &u.key))
                    .await?;
                tracing::info!(report = %number, directive = %key, "Report linked to the directive it answers");
                break;
            }
        }
        for pending in tx
            .take_pending_answers(document.key.as_str(), ctx.now)
            .await?
        {
            let Some(answer) = Answer::from_pending(&pending) else {
                continue;
            };
            let unit = pending
                .unit_key
                .as_deref()
                .and_then(|k| UnitKey::parse(k).ok());
            let actor = Actor::Source(pending.source.clone());
            answers::apply(tx, document_id, &answer, unit.as_ref(), &actor, ctx.now).await?;
        }
        Ok(Outcome::Stored {
            document: number,
            tasks,
            unverified_units,
        })
    }

    /// The unit a recipient of the header stands for (a new unverified one when the directory
    /// does not know it), with what the Office should hear about it.
    async fn recipient_unit(
        &self,
        tx: &mut StoreTx,
        ctx: &Incoming<'_>,
        r: &convert::Recipient,
    ) -> Result<ResolvedUnit, StoreError> {
        let document = ctx.document;
        let number = document.number.to_string();
        let unit = tx
            .resolve_recipient(
                r.organ_id.as_ref(),
                r.name.as_deref(),
                document.issued,
                ctx.now,
            )
            .await?;
        if unit.how == Resolution::Name {
            tracing::info!(document = %number, unit = %unit.key, "Recipient matched by name; its OrganId is not the directory's");
        }
        if !unit.verified {
            tracing::warn!(
                document = %number,
                unit = %unit.key,
                "Recipient is not in the unit directory; kept as an unverified unit for the Office"
            );
        }
        Ok(unit)
    }

    /// The tasks read from the document's text, stored as drafts (or confirmed, when the
    /// configured threshold allows): how many were stored, and the unverified units they name.
    async fn store_extracted(
        &self,
        tx: &mut StoreTx,
        ctx: &Incoming<'_>,
        document_id: i64,
    ) -> Result<(usize, Vec<UnitKey>), StoreError> {
        let document = ctx.document;
        let manual_entry = needs_manual_entry(ctx);
        let mut stored = 0;
        let mut leaderless = 0;
        let mut unverified = Vec::new();
        for found in ctx.extracted {
            let all = drafts::resolve_units(
                tx,
                ctx.recipients,
                &self.groups,
                found,
                document.issued,
                ctx.now,
            )
            .await?;
            if all.is_empty() {
                leaderless += 1;
                continue;
            }
            // A group expanded gives several drafts of one reading; each takes the next number
            // of the document's tasks.
            for units in &all {
                unverified.extend(drafts::unverified_keys(units).cloned());
                let task = drafts::draft_task(document, found, units, manual_entry);
                stored += 1;
                let id = tx
                    .insert_task(document_id, stored as i64, &task, ctx.actor, ctx.now)
                    .await?;
                if drafts::auto_confirms(self.auto_confirm, &task, units) {
                    let note = format!(
                        "tự động: độ tin cậy {} ≥ ngưỡng {}",
                        task.confidence.map(|c| c.to_string()).unwrap_or_default(),
                        self.auto_confirm.map(|c| c.to_string()).unwrap_or_default()
                    );
                    tx.set_review(
                        id,
                        ReviewState::Draft,
                        ReviewState::Confirmed,
                        Some(&note),
                        &Actor::System,
                        ctx.now,
                    )
                    .await?;
                }
            }
        }
        if leaderless > 0 {
            tracing::warn!(
                document = %document.number,
                tasks = leaderless,
                "Tasks read from the document's text name no unit to lead them and were not stored; the Office should enter them"
            );
        }
        Ok((stored, unverified))
    }

    /// One recipient's header task, standing in when the text gave none: made when the header has
    /// a deadline, or when an attachment needs manual entry (else a scanned directive would leave
    /// the Office nothing to act on). Returns whether a task was added.
    async fn header_task(
        &self,
        tx: &mut StoreTx,
        ctx: &Incoming<'_>,
        document_id: i64,
        unit: &ResolvedUnit,
        seq: usize,
        why: TaskFlag,
    ) -> Result<bool, StoreError> {
        let document = ctx.document;
        let number = document.number.to_string();
        let deadline = match document.due {
            Some(due) => Deadline::Date(due),
            None if why == TaskFlag::NeedsManualEntry => Deadline::None,
            None => return Ok(false),
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
                .unwrap_or_else(|| format!("Thực hiện văn bản số {number}")),
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
        tx.insert_task(document_id, seq as i64, &task, ctx.actor, ctx.now)
            .await?;
        Ok(true)
    }

    /// An update of a stored document: its header is replaced; a new recipient gets its task, a
    /// removed one's tasks are cancelled, and a changed deadline moves the open header tasks.
    async fn update(
        &self,
        tx: &mut StoreTx,
        document_id: i64,
        ctx: &Incoming<'_>,
    ) -> Result<Outcome, StoreError> {
        let document = ctx.document;
        tx.update_document(document_id, document).await?;
        let existing = tx.document_tasks(document_id).await?;
        let mut seq = tx.last_task_seq(document_id).await? as usize;
        let mut kept = Vec::new();
        let mut changed = 0;
        // Tasks read from the text are the document's tasks: a recipient added by the update gets
        // no header task beside them. Reading the updated text again is not done yet.
        let from_text = existing
            .iter()
            .any(|t| t.provenance == Provenance::Extracted);
        // The update's own list of receiver changes (ReceiverType 0) removes a unit even if a
        // sender left it in To.
        let mut removed = Vec::new();
        for change in ctx
            .message
            .business
            .iter()
            .flat_map(|b| &b.receivers)
            .filter(|c| !c.added)
        {
            let id = OrganId::parse(&change.organ_id).ok();
            if let Some(u) = tx.find_unit(id.as_ref(), None, document.issued).await? {
                removed.push(u.key);
            }
        }
        for r in ctx.recipients {
            let unit = tx
                .find_unit(r.organ_id.as_ref(), r.name.as_deref(), document.issued)
                .await?;
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
            let unit = self.recipient_unit(tx, ctx, r).await?;
            let added = self
                .header_task(tx, ctx, document_id, &unit, seq + 1, fallback_flag(ctx))
                .await?;
            seq += usize::from(added);
            changed += usize::from(added);
            kept.push(unit.key);
        }
        for task in existing
            .iter()
            .filter(|t| t.provenance == Provenance::Header)
        {
            if !kept.contains(&task.lead) {
                if let Some(to) = Answer::Revoked(String::new()).moves(task.state) {
                    tx.set_task_state(
                        task,
                        to,
                        ctx.actor,
                        Some("đơn vị không còn trong danh sách nhận"),
                        ctx.now,
                    )
                    .await?;
                    changed += 1;
                }
            } else if task.due != document.due && task.state.is_open() {
                tx.set_task_due(task, document.due, ctx.actor, ctx.now)
                    .await?;
                changed += 1;
            }
        }
        Ok(Outcome::Applied {
            document: document.number.to_string(),
            effect: format!("updated; {changed} task(s) changed"),
        })
    }

    /// A status message from a unit (or the sender's revoke, 13).
    async fn status(
        &self,
        tx: &mut StoreTx,
        status: &StatusMessage,
        actor: &Actor,
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        let Some(target) = answers::target_of(&status.response_for) else {
            return Ok(Outcome::Refused {
                reason: "field ResponseFor: names no document (no DocumentId, and no OrganId, Code and PromulgationDate)".into(),
            });
        };
        let Some(answer) = Answer::from_status(&status.status_code, status.description.as_deref())
        else {
            return Ok(Outcome::Applied {
                document: target.to_string(),
                effect: format!("status {} noted; no task changes", status.status_code),
            });
        };
        let from = status
            .from
            .organ_id
            .as_deref()
            .and_then(|id| OrganId::parse(id).ok());
        let unit = if answer.needs_unit() {
            let on = crate::clock::local_date(now);
            match tx.find_unit(from.as_ref(), status.from.organ_name.as_deref(), on).await? {
                Some(u) => Some(u.key),
                None => {
                    return Ok(Outcome::Refused {
                        reason: format!(
                            "field From: the sending unit ({} {}) is not known, so its tasks cannot be found",
                            status.from.organ_id.as_deref().unwrap_or("no OrganId"),
                            status.from.organ_name.as_deref().unwrap_or("no name")
                        ),
                    })
                }
            }
        } else {
            None
        };
        self.answer(tx, &target, answer, unit.as_ref(), actor, source, now)
            .await
    }

    /// Applies an answer to the document `target`, or keeps it until the document arrives.
    #[allow(clippy::too_many_arguments)]
    async fn answer(
        &self,
        tx: &mut StoreTx,
        target: &DocumentKey,
        answer: Answer,
        unit: Option<&UnitKey>,
        actor: &Actor,
        source: &str,
        now: DateTime<Utc>,
    ) -> Result<Outcome, StoreError> {
        match tx.document_by_key(target.as_str()).await? {
            Some((id, _)) => {
                let changed = answers::apply(tx, id, &answer, unit, actor, now).await?;
                Ok(Outcome::Applied {
                    document: target.to_string(),
                    effect: format!("{}: {changed} task(s) changed", answer.kind()),
                })
            }
            None => {
                tx.add_pending_answer(
                    &PendingAnswer {
                        id: 0,
                        document_key: target.to_string(),
                        kind: answer.kind().into(),
                        unit_key: unit.map(|u| u.to_string()),
                        note: answer.note().map(str::to_string),
                        source: source.to_string(),
                    },
                    now,
                )
                .await?;
                Ok(Outcome::Pending {
                    document: target.to_string(),
                })
            }
        }
    }
}

impl Pipeline {
    /// Counts a secret document for its source and day; nothing else of it reaches the store.
    async fn secret(&self, source: &str) -> Result<Outcome, StoreError> {
        self.store
            .count_secret_drop(source, crate::clock::local_date(self.clock.now()))
            .await?;
        Ok(Outcome::Secret)
    }

    /// The tasks the document's text assigns (its attachments' text, else its Content), read in
    /// the sandbox. A text over its budget (time, tasks) gives no task: the attachments it came
    /// from are marked for manual entry with the reason, and the header's tasks stand in.
    async fn read_tasks(
        &self,
        d: &DocumentMessage,
        attachments: &mut [AttachmentRecord],
        deadline: tokio::time::Instant,
    ) -> Result<Vec<ExtractedTask>, Unread> {
        let Some(text) = body_text(
            attachments.iter().filter_map(|a| a.text.as_deref()),
            d.content.as_deref(),
        ) else {
            return Ok(Vec::new());
        };
        let sent = Some(super::convert::sent_header(d));
        match self.sandbox.read_tasks(text, sent, deadline).await {
            Ok(tasks) => Ok(tasks),
            Err(Refusal::Manual(reason)) => {
                let number = format!(
                    "{}/{}",
                    d.code_number.as_deref().unwrap_or("?"),
                    d.code_notation.as_deref().unwrap_or("?")
                );
                tracing::warn!(document = %number, %reason, "The tasks of a document are left to a person");
                for a in attachments.iter_mut().filter(|a| a.text.is_some()) {
                    a.manual_entry = Some(format!("its tasks could not be read: {reason}"));
                }
                Ok(Vec::new())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// Each attachment's text (or why a person must read it), read off the event loop.
    async fn attachment_texts(
        &self,
        d: &DocumentMessage,
        temp: Option<&TempAttachments>,
        deadline: tokio::time::Instant,
    ) -> Result<Vec<AttachmentRecord>, Unread> {
        let mut out = Vec::new();
        // The document's text together stays within one attachment's limit: a hundred
        // attachments of 32 MiB each would otherwise bring gigabytes into this process.
        let max_text = self.sandbox.budgets().doc.max_text_bytes;
        let mut text_bytes = 0usize;
        for info in &d.attachments {
            let mut record = AttachmentRecord {
                index: info.index as i64,
                // As the sender named it, but for control characters (a NUL from "%00"), which
                // no store keeps and no page should show.
                name: info
                    .attachment_name
                    .as_deref()
                    .map(|n| n.chars().filter(|c| !c.is_control()).collect()),
                content_type: info.content_type.clone(),
                bytes: info.decoded_bytes as i64,
                path: None,
                text: None,
                manual_entry: None,
            };
            match temp.and_then(|t| t.path(info.index)) {
                Some(path) => match self.sandbox.read_file(path, deadline).await {
                    Ok(Ok(Extracted::Text(t))) if text_bytes + t.len() > max_text => {
                        record.manual_entry = Some(format!(
                            "with the attachments before it, {}",
                            crate::doctext::too_much_text(text_bytes + t.len(), max_text)
                        ))
                    }
                    Ok(Ok(Extracted::Text(t))) => {
                        text_bytes += t.len();
                        record.text = Some(t)
                    }
                    Ok(Ok(Extracted::NeedsManualEntry { reason })) => {
                        record.manual_entry = Some(reason)
                    }
                    Ok(Err(e)) => {
                        record.manual_entry = Some(format!("its text cannot be read: {e}"))
                    }
                    Err(Refusal::Manual(reason)) => {
                        record.manual_entry = Some(format!("its text cannot be read: {reason}"))
                    }
                    Err(other) => {
                        let name = record.name.as_deref().unwrap_or("?");
                        return Err(match Unread::from(other) {
                            Unread::Refused(why) => Unread::Refused(format!(
                                "attachment {} ({name}): {why}",
                                info.index
                            )),
                            store => store,
                        });
                    }
                },
                None => record.manual_entry = Some("the attachment was not kept".into()),
            }
            out.push(record);
        }
        Ok(out)
    }
}

impl Pipeline {
    /// Whether an attachment of an unparseable message, decoded from what its bytes still
    /// show, carries a secrecy stamp at the top of its text (read off the event loop, under the
    /// usual limits).
    async fn loose_attachment_is_secret(
        &self,
        bytes: &[u8],
        deadline: tokio::time::Instant,
    ) -> bool {
        for attachment in secrecy::loose_attachments(bytes) {
            if let Ok(Ok(Extracted::Text(t))) = self.sandbox.read_bytes(&attachment, deadline).await
            {
                if secrecy::text_is_secret(&t) {
                    return true;
                }
            }
        }
        false
    }
}

/// What the steps of one document message share.
struct Incoming<'a> {
    document: &'a Document,
    recipients: &'a [convert::Recipient],
    message: &'a DocumentMessage,
    actor: &'a Actor,
    now: DateTime<Utc>,
    attachments: &'a [AttachmentRecord],
    /// The tasks read from the document's text.
    extracted: &'a [ExtractedTask],
    sha256: &'a str,
}

/// Whether an attachment could not be read, so that its tasks must be entered by hand.
fn needs_manual_entry(ctx: &Incoming<'_>) -> bool {
    ctx.attachments.iter().any(|a| a.manual_entry.is_some())
}

/// Why the header's tasks stand in for the text's.
fn fallback_flag(ctx: &Incoming<'_>) -> TaskFlag {
    if needs_manual_entry(ctx) {
        TaskFlag::NeedsManualEntry
    } else {
        TaskFlag::NoTasksExtracted
    }
}

/// The calendar a pipeline built without a configuration counts with: the shipped schedules,
/// built once per process.
fn shipped_calendar() -> Arc<Calendar> {
    static SHIPPED: OnceLock<Arc<Calendar>> = OnceLock::new();
    SHIPPED
        .get_or_init(|| {
            // The shipped schedules are compiled in and checked by the calendar's own tests.
            Arc::new(Calendar::shipped().unwrap_or_else(|e| {
                panic!("the shipped calendar does not build: {}", e.join("; "))
            }))
        })
        .clone()
}

fn refused(e: impl std::fmt::Display) -> Outcome {
    Outcome::Refused {
        reason: e.to_string(),
    }
}
