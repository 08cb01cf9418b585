//! One message through the whole path: bytes → edXML → document and tasks → one transaction.

use sha2::{Digest, Sha256};

use dondoc_edxml::{BusinessType, DocumentMessage};

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use dondoc_edxml::{DiscardAttachments, ReadLimits};

use super::answers;
use super::attachments::{TempAttachments, KEPT_FOLDER};
use super::convert;
use super::deadletter::DeadLetters;
use super::secrecy::{self, SecrecyRules};
use crate::calendar::Calendar;
use crate::clock::SharedClock;
use crate::doctext::Extracted;
use crate::domain::{Confidence, DocumentKey, OrganId, UnitGroups};
use crate::extract::source::body_text;
use crate::extract::tasks::ExtractedTask;
use crate::hooks::{Hooks, Point};
use crate::intake::{
    self, Business, DocRef, Incoming, IncomingDocument, IncomingStatus, Note, Recipient,
};
use crate::sandbox::{Refusal, Sandbox};
use crate::shutdown::Shutdown;
use crate::store::{AttachmentRecord, MessageRecord, Store, StoreError, StoreTx};

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

    /// Processes a dead letter's payload again (`deadletters retry`, the admin page): resolved
    /// as retried when it goes through; when it is still refused, kept again with the new
    /// reason, which the outcome gives.
    pub async fn retry_dead_letter(
        &self,
        letter: &crate::store::DeadLetter,
    ) -> anyhow::Result<Outcome> {
        let Some(dl) = self.dead_letters() else {
            anyhow::bail!("dead letters are not kept by this pipeline");
        };
        let bytes = dl.payload(letter)?;
        let outcome = self
            .process(&letter.source, &letter.origin, &bytes, &Shutdown::new())
            .await?;
        match &outcome {
            Outcome::Refused { reason } => {
                dl.record(&letter.source, &letter.origin, &bytes, reason)
                    .await?;
            }
            _ => {
                dl.resolve(letter, crate::store::DeadLetterStatus::Retried)
                    .await?
            }
        }
        Ok(outcome)
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
        let incoming = match incoming(message, source, &texts, extracted) {
            Ok(i) => i,
            Err(e) => {
                tx.rollback().await?;
                return Ok(refused(e));
            }
        };
        // Read what the message names, decide, write: the rules are core's (`intake::plan`).
        let cx = intake::Context {
            groups: &self.groups,
            auto_confirm: self.auto_confirm,
            source,
            now,
        };
        let known = tx.known(&intake::questions(&incoming, &cx)).await?;
        let plan =
            intake::plan(&incoming, &known, &cx).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let applied = tx.apply(&plan.changes, now).await?;
        let (kind, document_id, outcome) = match applied.duplicate_of {
            // Another instance stored the document between the reads and the insert: as when
            // it was stored before, the message is noted and nothing else changes.
            Some(id) => (
                "duplicate_document".to_string(),
                Some(id),
                Outcome::Unchanged {
                    document: incoming_number(&incoming),
                },
            ),
            None => {
                for note in &plan.notes {
                    log(note);
                }
                if let Some(document_id) = applied.document_id {
                    self.keep_attachments(&mut tx, document_id, &sha256, &texts, temp.as_mut())
                        .await?;
                }
                let document_id = match plan.record_document {
                    Some(DocRef::New) => applied.document_id,
                    Some(DocRef::Stored(id)) => Some(id),
                    None => None,
                };
                (plan.record_kind, document_id, plan.outcome.into())
            }
        };
        let record = MessageRecord {
            sha256,
            source: source.to_string(),
            origin: origin.to_string(),
            kind,
            document_id,
        };
        tx.insert_message(&record, now).await?;
        self.hooks.reached(Point::BeforeCommit, shutdown).await;
        tx.commit().await?;
        Ok(outcome)
    }

    /// Keeps a stored document's attachments: each file moved from the message's temporary
    /// folder under `<data_dir>/attachments/<sha>/`, and recorded with its text.
    async fn keep_attachments(
        &self,
        tx: &mut StoreTx,
        document_id: i64,
        sha256: &str,
        texts: &[AttachmentRecord],
        mut temp: Option<&mut TempAttachments>,
    ) -> Result<(), StoreError> {
        for a in texts {
            let mut a = a.clone();
            if let (Some(t), Some(dir)) = (temp.as_deref_mut(), &self.data_dir) {
                // Named by the message and position, never by the sender's file name alone,
                // and that name made safe for the disk (the store keeps it as it was).
                let name = super::attachments::safe_file_name(a.name.as_deref().unwrap_or(""));
                let relative = format!("{KEPT_FOLDER}/{sha256}/{}-{name}", a.index);
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
        Ok(())
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

/// A message as the intake rules take it: its header converted (naming the field on error), the
/// business it asks for, the documents it names, the tasks read from its text.
fn incoming(
    message: dondoc_edxml::Message,
    source: &str,
    texts: &[AttachmentRecord],
    extracted: Vec<ExtractedTask>,
) -> Result<Incoming, convert::ConvertError> {
    let party = |o: &dondoc_edxml::Organization| Recipient {
        organ_id: o.organ_id.as_deref().and_then(|id| OrganId::parse(id).ok()),
        name: o.organ_name.clone(),
    };
    let d = match message {
        dondoc_edxml::Message::Status(status) => {
            return Ok(Incoming::Status(IncomingStatus {
                target: answers::target_of(&status.response_for),
                code: status.status_code.clone(),
                description: status.description.clone(),
                sender: party(&status.from),
                sender_organ_id_as_sent: status.from.organ_id.clone(),
            }))
        }
        dondoc_edxml::Message::Document(d) => d,
    };
    let (document, recipients) = convert::document(&d, source)?;
    let business = match d.business.as_ref().map(|b| b.kind) {
        None | Some(BusinessType::New) => Business::New,
        Some(BusinessType::Update) => Business::Update,
        Some(BusinessType::Replace) => Business::Replace,
        Some(BusinessType::Revoke) => Business::Revoke,
    };
    let target = d
        .business
        .as_ref()
        .and_then(|b| b.document_id.as_deref())
        .and_then(DocumentKey::from_external)
        .unwrap_or_else(|| document.key.clone());
    Ok(Incoming::Document(Box::new(IncomingDocument {
        business,
        target,
        revoke_reason: d.business.as_ref().and_then(|b| b.reason.clone()),
        recipients,
        removed: d
            .business
            .iter()
            .flat_map(|b| &b.receivers)
            .filter(|c| !c.added)
            .filter_map(|c| OrganId::parse(&c.organ_id).ok())
            .collect(),
        sender: party(&d.from),
        reports_on: d
            .response_for
            .iter()
            .filter_map(answers::target_of)
            .collect(),
        extracted,
        manual_entry: texts.iter().any(|a| a.manual_entry.is_some()),
        document,
    })))
}

/// The number of the document a message carries, for the operator.
fn incoming_number(incoming: &Incoming) -> Option<String> {
    match incoming {
        Incoming::Document(d) => Some(d.document.number.to_string()),
        Incoming::Status(_) => None,
    }
}

/// What the Office's logs say of a plan.
fn log(note: &Note) {
    match note {
        Note::RecipientMatchedByName { document, unit } => {
            tracing::info!(document = %document, unit = %unit, "Recipient matched by name; its OrganId is not the directory's")
        }
        Note::RecipientUnverified { document, unit } => tracing::warn!(
            document = %document,
            unit = %unit,
            "Recipient is not in the unit directory; kept as an unverified unit for the Office"
        ),
        Note::HeaderTasks {
            document,
            flag,
            tasks,
        } => tracing::warn!(
            document = %document,
            flag = flag.as_str(),
            tasks = tasks,
            "No task was read from the document's text; its header stands in for the Office to check"
        ),
        Note::NoTask { document } => {
            // A report or a notice assigns nothing, and its header gives no deadline.
            tracing::info!(document = %document, "No task was read from the document's text or its header")
        }
        Note::TasksDrafted { document, tasks } => {
            tracing::info!(document = %document, tasks = tasks, "Tasks read from the document's text, as drafts for review")
        }
        Note::Leaderless { document, tasks } => tracing::warn!(
            document = %document,
            tasks = tasks,
            "Tasks read from the document's text name no unit to lead them and were not stored; the Office should enter them"
        ),
        Note::ReportLinked { report, directive } => {
            tracing::info!(report = %report, directive = %directive, "Report linked to the directive it answers")
        }
        Note::GroupMemberMissing { group, unit } => tracing::warn!(
            group = %group,
            unit = %unit,
            "A group's member is not in the store; left out"
        ),
        Note::GroupEmptyOn { group, day } => tracing::warn!(
            group = %group,
            day = %day,
            "No member of the group is valid on the document's issue day; the group is kept by name"
        ),
    }
}

impl From<intake::Outcome> for Outcome {
    fn from(o: intake::Outcome) -> Self {
        match o {
            intake::Outcome::Stored {
                document,
                tasks,
                unverified_units,
            } => Self::Stored {
                document,
                tasks,
                unverified_units,
            },
            intake::Outcome::Unchanged { document } => Self::Unchanged { document },
            intake::Outcome::Applied { document, effect } => Self::Applied { document, effect },
            intake::Outcome::Pending { document } => Self::Pending { document },
            intake::Outcome::Refused { reason } => Self::Refused { reason },
        }
    }
}
