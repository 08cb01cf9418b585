//! Optional business statuses back to a document's sender: `01` (Đã đến) then `03` (Đã tiếp
//! nhận), sent once a document is stored (see the crate docs, "Acknowledgements").
//!
//! What an acknowledgement needs is read from the document's header when it is fetched and
//! kept, per docId, until it is settled; nothing else of the document is kept. Every map here
//! is bounded, so a caller that fetches without settling cannot grow the source's memory.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, FixedOffset, NaiveDateTime, Timelike, Utc};
use dondoc_edxml::{
    read_message_with, DiscardAttachments, DocumentMessage, Message, Organization, ReadError,
    ReadLimits, ResponseFor, StatusKind, StatusMessage,
};

use crate::client::{Listed, MessageKind};

/// Fetched documents awaiting their settlement at most. The loop settles each message right
/// after processing it, so more than a handful means fetches without settlements; the oldest
/// is then forgotten (and not acknowledged).
pub(crate) const MAX_PENDING: usize = 1_000;

/// DocIds remembered as answered, so that a document offered again (its `done` lost on the
/// way) is not acknowledged twice. Beyond this, the oldest are forgotten.
pub(crate) const MAX_ANSWERED: usize = 10_000;

/// The statuses sent for a stored document, in order.
pub(crate) const SENT_ON_DONE: [StatusKind; 2] = [StatusKind::Arrived, StatusKind::Accepted];

/// What the latest list said about a message.
#[derive(Debug, Clone, Copy)]
struct Offer {
    kind: MessageKind,
    /// The listing's `to` names the acknowledging organisation.
    addressed: bool,
}

/// What the statuses about one fetched document say.
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    /// The document's sender: the recipient of the statuses.
    pub(crate) sender: String,
    /// Us, as the document names us.
    pub(crate) from: Organization,
    /// The document, as the statuses name it.
    pub(crate) about: ResponseFor,
    /// Insertion order, to forget the oldest first.
    seq: u64,
}

impl Pending {
    /// The status message `kind` about the document, stamped `at` (Vietnam wall-clock time).
    pub(crate) fn status(&self, kind: StatusKind, at: NaiveDateTime) -> StatusMessage {
        StatusMessage {
            from: self.from.clone(),
            response_for: self.about.clone(),
            status_code: kind.code().to_owned(),
            description: None,
            timestamp: Some(at),
            staff: None,
        }
    }
}

/// The acknowledging side of a source: what to say, and to whom, per document.
#[derive(Debug)]
pub(crate) struct Acknowledgements {
    /// The OrganId the statuses come from.
    organ_id: String,
    /// The latest list, by docId; replaced by the next.
    offers: HashMap<String, Offer>,
    /// Fetched documents to acknowledge once settled `Done`.
    pending: HashMap<String, Pending>,
    next_seq: u64,
    answered: RecentIds,
}

impl Acknowledgements {
    pub(crate) fn new(organ_id: String) -> Self {
        Self {
            organ_id,
            offers: HashMap::new(),
            pending: HashMap::new(),
            next_seq: 0,
            answered: RecentIds::new(MAX_ANSWERED),
        }
    }

    /// Keeps, from a list, which messages are statuses and which are addressed to us. Bounded
    /// by the list itself: each list replaces the last.
    pub(crate) fn remember_list(&mut self, items: &[Listed]) {
        self.offers = items
            .iter()
            .map(|item| {
                let offer = Offer {
                    kind: item.message_kind,
                    addressed: item.to.iter().any(|to| to.trim() == self.organ_id),
                };
                (item.doc_id.clone(), offer)
            })
            .collect();
    }

    /// Reads what an acknowledgement of `id` needs from its bytes, if it will get one: a
    /// document (not a status) addressed to us and not answered before. A message that cannot
    /// be read is not an error here (dondoc decides what it is); it just gets no answer.
    pub(crate) fn note_fetched(&mut self, source_name: &str, id: &str, bytes: &[u8]) {
        let offer = self.offers.get(id).copied();
        if offer.is_some_and(|offer| offer.kind == MessageKind::Status)
            || self.answered.contains(id)
        {
            return;
        }
        // Only the header matters here: attachments are decoded and discarded, and the size
        // limits are dondoc's to apply, so that any document it stores can be acknowledged.
        let limits = ReadLimits {
            max_message_bytes: u64::MAX,
            max_attachment_bytes: u64::MAX,
            max_attachments: usize::MAX,
            ..ReadLimits::default()
        };
        let document = match read_message_with(bytes, &limits, &mut DiscardAttachments) {
            Ok(Message::Document(document)) => document,
            Ok(Message::Status(_)) => return,
            Err(error) => {
                tracing::warn!(
                    source = %source_name,
                    doc_id = %id,
                    problem = %read_problem(&error),
                    "Cannot read a document's header; its sender will not be acknowledged"
                );
                return;
            }
        };
        let addressed = offer.is_some_and(|offer| offer.addressed)
            || document
                .to
                .iter()
                .any(|to| to.organ_id.as_deref().map(str::trim) == Some(&self.organ_id));
        if !addressed {
            // A tracked issuer's document to someone else: we observe it, we did not receive it.
            tracing::debug!(
                source = %source_name,
                doc_id = %id,
                "A document not addressed to us is not acknowledged"
            );
            return;
        }
        let Some(pending) = self.pending_for(&document) else {
            return;
        };
        self.insert(source_name, id, pending);
    }

    /// What was kept for `id`, removed: whatever the settlement, nothing stays behind.
    pub(crate) fn take(&mut self, id: &str) -> Option<Pending> {
        self.pending.remove(id)
    }

    /// Records `id` as answered; `false` when it was already.
    pub(crate) fn mark_answered(&mut self, id: &str) -> bool {
        self.answered.insert(id)
    }

    fn pending_for(&mut self, document: &DocumentMessage) -> Option<Pending> {
        // The reader refuses a document without a sender, so this is only a safeguard.
        let sender = document
            .from
            .organ_id
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())?
            .to_owned();
        let name = document
            .to
            .iter()
            .find(|to| to.organ_id.as_deref().map(str::trim) == Some(&self.organ_id))
            .and_then(|to| to.organ_name.clone())
            .unwrap_or_else(|| self.organ_id.clone());
        let code = match (&document.code_number, &document.code_notation) {
            (Some(number), Some(notation)) => Some(format!("{number}/{notation}")),
            (Some(only), None) | (None, Some(only)) => Some(only.clone()),
            (None, None) => None,
        };
        let seq = self.next_seq;
        self.next_seq += 1;
        Some(Pending {
            from: Organization {
                organ_id: Some(self.organ_id.clone()),
                organ_name: Some(name),
                ..Organization::default()
            },
            about: ResponseFor {
                organ_id: Some(sender.clone()),
                code,
                promulgation_date: document.promulgation_date,
                document_id: document.document_id.clone(),
            },
            sender,
            seq,
        })
    }

    fn insert(&mut self, source_name: &str, id: &str, pending: Pending) {
        if !self.pending.contains_key(id) && self.pending.len() >= MAX_PENDING {
            let oldest = self
                .pending
                .iter()
                .min_by_key(|(_, pending)| pending.seq)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                self.pending.remove(&oldest);
                tracing::warn!(
                    source = %source_name,
                    doc_id = %oldest,
                    "Forgot a fetched document never settled; its sender will not be acknowledged"
                );
            }
        }
        self.pending.insert(id.to_owned(), pending);
    }
}

/// A set that forgets its oldest members past a capacity.
#[derive(Debug)]
struct RecentIds {
    set: HashSet<String>,
    order: VecDeque<String>,
    capacity: usize,
}

impl RecentIds {
    fn new(capacity: usize) -> Self {
        Self {
            set: HashSet::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    fn insert(&mut self, id: &str) -> bool {
        if !self.set.insert(id.to_owned()) {
            return false;
        }
        self.order.push_back(id.to_owned());
        while self.order.len() > self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.set.remove(&oldest);
            }
        }
        true
    }
}

/// Vietnam wall-clock time to the second, as a status's `Timestamp` is read by its receiver.
pub(crate) fn vietnam_time(at: DateTime<Utc>) -> NaiveDateTime {
    let offset = FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset");
    let local = at.with_timezone(&offset).naive_local();
    local.with_nanosecond(0).unwrap_or(local)
}

/// Why a header could not be read, naming the field but never quoting a value: the document
/// may be secret, and a secret's text must not reach a log.
fn read_problem(error: &ReadError) -> String {
    match error {
        ReadError::Xml { position, .. } => format!("malformed XML at byte {position}"),
        ReadError::NotEdxml { .. } => "not an edXML message".to_owned(),
        ReadError::MissingField { field } => format!("field {field} is missing"),
        ReadError::InvalidField { field, .. } => format!("field {field} is invalid"),
        ReadError::Sink { index, .. } => format!("attachment {index} could not be read"),
        ReadError::Dtd
        | ReadError::TooDeep { .. }
        | ReadError::NotUtf8 { .. }
        | ReadError::TooLarge { .. } => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answered_ids_are_bounded_and_forget_the_oldest() {
        let mut ids = RecentIds::new(2);
        assert!(ids.insert("a"));
        assert!(!ids.insert("a"));
        assert!(ids.insert("b"));
        assert!(ids.insert("c"));
        assert!(!ids.contains("a"));
        assert!(ids.contains("b") && ids.contains("c"));
    }

    #[test]
    fn a_status_is_stamped_in_vietnam_time_to_the_second() {
        let at = DateTime::parse_from_rfc3339("2024-05-31T20:04:05.678Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            vietnam_time(at),
            NaiveDateTime::parse_from_str("2024-06-01 03:04:05", "%Y-%m-%d %H:%M:%S").unwrap()
        );
    }

    #[test]
    fn a_read_problem_never_quotes_the_value() {
        let error = ReadError::InvalidField {
            field: "MessageHeader/DueDate",
            value: "MẬT 31/02".to_owned(),
            reason: "not a date".to_owned(),
        };
        let text = read_problem(&error);
        assert!(text.contains("DueDate") && !text.contains("MẬT"), "{text}");
    }
}
