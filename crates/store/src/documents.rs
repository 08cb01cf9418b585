//! Documents and the messages that delivered them.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::{day, instant};
use super::{QueryContext, Store, StoreError, StoreTx};
use dondoc_core::domain::Document;

/// A message as it arrived: its hash is what makes a second delivery change nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    /// SHA-256 of the raw bytes, lowercase hex.
    pub sha256: String,
    pub source: String,
    /// The file name or the source's own id for the message.
    pub origin: String,
    /// `document`, `duplicate_document`, …
    pub kind: String,
    pub document_id: Option<i64>,
}

/// A stored document, as the CLI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub id: i64,
    pub key: String,
    pub number: String,
    pub issued: String,
    pub subject: Option<String>,
}

impl StoreTx {
    /// Whether a message with these bytes was processed before.
    pub async fn message_seen(&mut self, sha256: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM messages WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&mut *self.tx)
            .await
            .doing("looking up a message")?;
        Ok(found.is_some())
    }

    pub async fn insert_message(
        &mut self,
        m: &MessageRecord,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO messages (sha256, source, origin, kind, document_id, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&m.sha256)
        .bind(&m.source)
        .bind(&m.origin)
        .bind(&m.kind)
        .bind(m.document_id)
        .bind(instant(now))
        .execute(&mut *self.tx)
        .await
        .doing("recording a message")?;
        Ok(())
    }

    /// Stores a document unless one with its key is stored already; returns the new row's id, or
    /// `None` when the document was known.
    pub async fn insert_document(
        &mut self,
        d: &Document,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO documents (document_key, source, external_id, issuer_organ_id, issuer_name, \
             code_number, code_notation, doc_type, subject, content, place, issued_on, \
             signer_competence, signer_position, signer_name, urgency, due_on, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
             ON CONFLICT (document_key) DO NOTHING RETURNING id",
        )
        .bind(d.key.as_str())
        .bind(&d.source)
        .bind(d.external_id.as_deref())
        .bind(d.issuer_id.as_str())
        .bind(&d.issuer_name)
        .bind(d.number.number())
        .bind(d.number.notation())
        .bind(d.doc_type.as_deref())
        .bind(d.subject.as_deref())
        .bind(d.content.as_deref())
        .bind(d.place.as_deref())
        .bind(day(d.issued))
        .bind(d.signer.competence.as_deref())
        .bind(d.signer.position.as_deref())
        .bind(d.signer.full_name.as_deref())
        .bind(d.urgency.as_str())
        .bind(d.due.map(day))
        .bind(instant(now))
        .fetch_optional(&mut *self.tx)
        .await
        .doing("storing a document")?;
        Ok(id)
    }
}

impl Store {
    pub async fn list_documents(&self) -> Result<Vec<DocumentRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, document_key, code_number, code_notation, issued_on, subject FROM documents ORDER BY issued_on, id",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing documents")?;
        rows.iter()
            .map(|r| {
                let number: String = r.try_get(2)?;
                let notation: String = r.try_get(3)?;
                Ok(DocumentRecord {
                    id: r.try_get(0)?,
                    key: r.try_get(1)?,
                    number: join_number(&number, &notation),
                    issued: r.try_get(4)?,
                    subject: r.try_get(5)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading documents")
    }

    /// How many messages have been recorded, by kind: what a second ingest must not change.
    pub async fn count_messages(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM messages")
            .fetch_one(&self.pool)
            .await
            .doing("counting messages")?;
        row.try_get(0).doing("counting messages")
    }
}

pub(super) fn join_number(number: &str, notation: &str) -> String {
    match (number.is_empty(), notation.is_empty()) {
        (true, _) => notation.to_string(),
        (false, true) => number.to_string(),
        (false, false) => format!("{number}/{notation}"),
    }
}

/// An attachment of a stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub index: i64,
    pub name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: i64,
    /// Relative to `data_dir`.
    pub path: Option<String>,
    /// Its text, NFC, for task extraction.
    pub text: Option<String>,
    /// Why a person must read it instead (a scan, an old binary .doc).
    pub manual_entry: Option<String>,
}

impl StoreTx {
    pub async fn insert_attachment(
        &mut self,
        document_id: i64,
        a: &AttachmentRecord,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO document_attachments (document_id, idx, name, content_type, bytes, path, text, manual_entry) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(document_id)
        .bind(a.index)
        .bind(a.name.as_deref())
        .bind(a.content_type.as_deref())
        .bind(a.bytes)
        .bind(a.path.as_deref())
        .bind(a.text.as_deref())
        .bind(a.manual_entry.as_deref())
        .execute(&mut *self.tx)
        .await
        .doing("storing an attachment")?;
        Ok(())
    }
}

impl Store {
    /// The text the document with this key was read from, as the extractor took it: its
    /// attachments' texts in order, else its header's content; `None` when it has neither.
    pub async fn document_text(&self, key: &str) -> Result<Option<String>, StoreError> {
        let attachments = self.document_attachments(key).await?;
        let content: Option<Option<String>> =
            sqlx::query_scalar("SELECT content FROM documents WHERE document_key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await
                .doing("reading a document's content")?;
        Ok(dondoc_core::extract::source::body_text(
            attachments.iter().filter_map(|a| a.text.as_deref()),
            content.flatten().as_deref(),
        ))
    }

    /// The attachments of the document with this key, in order.
    pub async fn document_attachments(
        &self,
        key: &str,
    ) -> Result<Vec<AttachmentRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT a.idx, a.name, a.content_type, a.bytes, a.path, a.text, a.manual_entry \
             FROM document_attachments a JOIN documents d ON d.id = a.document_id \
             WHERE d.document_key = $1 ORDER BY a.idx",
        )
        .bind(key)
        .fetch_all(&self.pool)
        .await
        .doing("reading attachments")?;
        rows.iter()
            .map(|r| {
                Ok(AttachmentRecord {
                    index: r.try_get(0)?,
                    name: r.try_get(1)?,
                    content_type: r.try_get(2)?,
                    bytes: r.try_get(3)?,
                    path: r.try_get(4)?,
                    text: r.try_get(5)?,
                    manual_entry: r.try_get(6)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading attachments")
    }
}
