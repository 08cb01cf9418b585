//! One message through the whole path: bytes → edXML → document and tasks → one transaction.

use sha2::{Digest, Sha256};

use super::convert;
use super::deadletter::DeadLetters;
use crate::clock::SharedClock;
use crate::domain::{
    Actor, Deadline, EmailAddress, Provenance, ReviewState, Task, TaskFlag, TaskState,
};
use crate::hooks::{Hooks, Point};
use crate::shutdown::Shutdown;
use crate::store::{MessageRecord, Resolution, Store, StoreError};

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
    /// A secret document: dropped, nothing of it kept. Only the fact is counted.
    Secret,
    /// The message cannot be processed; the reason names the field and what is wrong.
    Refused { reason: String },
}

/// Turns messages into stored documents and tasks.
#[derive(Debug, Clone)]
pub struct Pipeline {
    store: Store,
    clock: SharedClock,
    hooks: Hooks,
    dead_letters: Option<DeadLetters>,
}

impl Pipeline {
    pub fn new(store: Store, clock: SharedClock, hooks: Hooks) -> Self {
        Self {
            store,
            clock,
            hooks,
            dead_letters: None,
        }
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

    /// Processes one message from `source` (`origin` is its file name or the source's id for it).
    ///
    /// A refusal is an [`Outcome`]: the input was at fault and the caller keeps it aside. A
    /// [`StoreError`] means the store failed and nothing was written: the caller keeps the message
    /// where it is, to be tried again.
    pub async fn process(
        &self,
        source: &str,
        origin: &str,
        bytes: &[u8],
        shutdown: &Shutdown,
    ) -> Result<Outcome, StoreError> {
        if super::secrecy::is_secret(bytes) {
            // Counted by source and day; nothing else of it reaches the store.
            self.store
                .count_secret_drop(source, crate::clock::local_date(self.clock.now()))
                .await?;
            return Ok(Outcome::Secret);
        }
        let sha256 = hex::encode(Sha256::digest(bytes));
        let message = match dondoc_edxml::read_message(bytes) {
            Ok(m) => m,
            Err(e) => {
                return Ok(Outcome::Refused {
                    reason: e.to_string(),
                })
            }
        };
        let doc_msg = match message {
            dondoc_edxml::Message::Document(d) => d,
            dondoc_edxml::Message::Status(s) => {
                return Ok(Outcome::Refused {
                    reason: format!(
                        "a status message (StatusCode {}) is not handled by this version",
                        s.status_code
                    ),
                })
            }
        };
        let (document, recipients) = match convert::document(&doc_msg, source) {
            Ok(x) => x,
            Err(e) => {
                return Ok(Outcome::Refused {
                    reason: e.to_string(),
                })
            }
        };
        let now = self.clock.now();
        let number = document.number.to_string();
        let mut tx = self.store.begin().await?;
        if tx.message_seen(&sha256).await? {
            tx.rollback().await?;
            return Ok(Outcome::Unchanged {
                document: Some(number),
            });
        }
        let mut record = MessageRecord {
            sha256,
            source: source.to_string(),
            origin: origin.to_string(),
            kind: "document".into(),
            document_id: None,
        };
        let Some(document_id) = tx.insert_document(&document, now).await? else {
            // The same document delivered again in other bytes (another trace timestamp, another
            // source): remember the message, change nothing else.
            record.kind = "duplicate_document".into();
            record.document_id = tx.document_id(&document.key).await?;
            tx.insert_message(&record, now).await?;
            tx.commit().await?;
            return Ok(Outcome::Unchanged {
                document: Some(number),
            });
        };
        record.document_id = Some(document_id);

        let actor = Actor::Source(source.to_string());
        let mut tasks = 0;
        let mut unverified_units = 0;
        for r in &recipients {
            let unit = tx
                .resolve_recipient(r.organ_id.as_ref(), r.name.as_deref(), document.issued, now)
                .await?;
            if unit.how == Resolution::Name {
                tracing::info!(document = %number, unit = %unit.key, "Recipient matched by name; its OrganId is not the directory's");
            }
            if !unit.verified {
                unverified_units += 1;
                tracing::warn!(
                    document = %number,
                    unit = %unit.key,
                    "Recipient is not in the unit directory; kept as an unverified unit for the Office"
                );
            }
            // Until extraction reads the text, the header's processing deadline is the one
            // deadline known: each recipient gets it as a draft for a specialist to confirm.
            let Some(due) = document.due else { continue };
            let mut flags = Vec::new();
            if unit.how == Resolution::Name {
                flags.push(TaskFlag::UnitMatchedByName);
            }
            if due < document.issued {
                flags.push(TaskFlag::DeadlineBeforeIssue);
            }
            let task = Task {
                document: document.key.clone(),
                content: document
                    .subject
                    .clone()
                    .or_else(|| document.content.clone())
                    .unwrap_or_else(|| format!("Thực hiện văn bản số {number}")),
                lead: unit.key.clone(),
                support: Vec::new(),
                deadline: Deadline::Date(due),
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
            };
            tasks += 1;
            tx.insert_task(document_id, tasks as i64, &task, &actor, now)
                .await?;
        }
        tx.insert_message(&record, now).await?;
        self.hooks.reached(Point::BeforeCommit, shutdown).await;
        tx.commit().await?;
        Ok(Outcome::Stored {
            document: number,
            tasks,
            unverified_units,
        })
    }
}
