//! The axis as a dondoc [`Source`]: list what is waiting for us, fetch it, acknowledge it once
//! dondoc has committed it, and, when configured, tell the sender it arrived.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use dondoc_adapter_api::{AdapterCounts, AdapterError, Disposition, Source};
use dondoc_edxml::write_status;

use crate::acknowledge::{self, Acknowledgements, Pending};
use crate::client::{AckStatus, Listed, MessageKind, VdxpClient};
use crate::config::VdxpConfig;
use crate::error::VdxpError;

/// Pages read per list and kind at most. At the default page size that is thousands of
/// messages, far beyond one poll's worth; the rest waits for the next poll.
pub const MAX_PAGES: u32 = 100;

/// A [`Source`] over one axis account.
#[derive(Debug)]
pub struct VdxpSource {
    client: VdxpClient,
    our_organ_ids: HashSet<String>,
    tracked_issuers: HashSet<String>,
    skipped_not_ours: u64,
    /// Statuses back to senders, when [`VdxpConfig::acknowledge_as`] is set.
    acknowledgements: Option<Acknowledgements>,
    acknowledged: u64,
    acknowledgements_failed: u64,
    /// The totals at the last [`Source::take_counts`], which reports what came since.
    reported: AdapterCounts,
}

impl VdxpSource {
    pub fn new(config: VdxpConfig) -> Result<Self, VdxpError> {
        Ok(Self::from_client(VdxpClient::new(config)?))
    }

    /// Wraps a client built (and perhaps given a clock or pause) by the caller.
    pub fn from_client(client: VdxpClient) -> Self {
        let set = |ids: &[String]| {
            ids.iter()
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty())
                .collect::<HashSet<_>>()
        };
        let acknowledgements = client
            .config()
            .acknowledge_as
            .as_deref()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| Acknowledgements::new(id.to_owned()));
        Self {
            our_organ_ids: set(&client.config().our_organ_ids),
            tracked_issuers: set(&client.config().tracked_issuers),
            client,
            skipped_not_ours: 0,
            acknowledgements,
            acknowledged: 0,
            acknowledgements_failed: 0,
            reported: AdapterCounts::default(),
        }
    }

    pub fn client(&self) -> &VdxpClient {
        &self.client
    }

    /// Retries of axis calls since the source was built ([`Source::take_counts`] gives them
    /// per pass).
    pub fn retries(&self) -> u64 {
        self.client.retries()
    }

    /// Messages acknowledged unread because they were neither from a tracked issuer nor
    /// addressed to one of our organisations.
    pub fn skipped_not_ours(&self) -> u64 {
        self.skipped_not_ours
    }

    /// Documents whose senders were sent both statuses (`01`, `03`) since the source was built.
    pub fn acknowledged(&self) -> u64 {
        self.acknowledged
    }

    /// Documents whose statuses could not all be sent (written or delivered) since the source
    /// was built. Each was logged; none is tried again.
    pub fn acknowledgements_failed(&self) -> u64 {
        self.acknowledgements_failed
    }

    /// Sends the statuses of a stored document to its sender, once per docId within the
    /// process. Stops at the first failure (a `03` without its `01` would read as a gap), which
    /// is logged and counted, never raised: the document is stored and the axis already told.
    async fn acknowledge(&mut self, id: &str, pending: Pending) {
        let Some(acknowledgements) = self.acknowledgements.as_mut() else {
            return;
        };
        if !acknowledgements.mark_answered(id) {
            return;
        }
        let recipients = [pending.sender.clone()];
        for kind in acknowledge::SENT_ON_DONE {
            let status = pending.status(kind, acknowledge::vietnam_time(self.client.now()));
            let edxml = match write_status(&status) {
                Ok(edxml) => edxml,
                Err(error) => {
                    self.acknowledgements_failed += 1;
                    tracing::warn!(
                        source = %self.name(),
                        doc_id = %id,
                        status_code = kind.code(),
                        error = %error,
                        "Cannot write a status for the sender of a stored document"
                    );
                    return;
                }
            };
            if let Err(error) = self
                .client
                .send_status(&recipients, edxml.into_bytes())
                .await
            {
                self.acknowledgements_failed += 1;
                // The error's text may quote the axis's reply; its kind and status say enough.
                tracing::warn!(
                    source = %self.name(),
                    doc_id = %id,
                    status_code = kind.code(),
                    http_status = error.http_status(),
                    error_kind = error_kind(&error),
                    "Could not send a status to the sender of a stored document"
                );
                return;
            }
        }
        self.acknowledged += 1;
        tracing::info!(
            source = %self.name(),
            doc_id = %id,
            to = %pending.sender,
            "Told the sender the document arrived and was accepted"
        );
    }

    /// A copy of a message lists every recipient, and the axis account may serve more
    /// organisations than we track; a message is ours if it comes from a tracked issuer or is
    /// addressed to one of our OrganIds. With neither configured, everything is.
    fn is_ours(&self, item: &Listed) -> bool {
        if self.our_organ_ids.is_empty() && self.tracked_issuers.is_empty() {
            return true;
        }
        self.tracked_issuers.contains(item.from.trim())
            || item
                .to
                .iter()
                .any(|to| self.our_organ_ids.contains(to.trim()))
    }

    /// Every page of one list, until a short page; items already seen are dropped, and a page
    /// of nothing new ends the list (an axis that ignores paging returns the same page again).
    async fn list_kind(
        &self,
        kind: MessageKind,
        seen: &mut HashSet<String>,
    ) -> Result<Vec<Listed>, VdxpError> {
        let page_size = self.client.config().page_size as usize;
        let mut items = Vec::new();
        for page in 1..=MAX_PAGES {
            let batch = self.client.list_received(kind, page).await?;
            let full = batch.len() >= page_size;
            let before = items.len();
            items.extend(
                batch
                    .into_iter()
                    .filter(|item| seen.insert(item.doc_id.clone())),
            );
            if !full {
                return Ok(items);
            }
            if items.len() == before {
                tracing::warn!(
                    source = %self.name(),
                    kind = kind.wire(),
                    page,
                    "The axis answered a page with nothing new; it may ignore paging"
                );
                return Ok(items);
            }
        }
        tracing::warn!(
            source = %self.name(),
            kind = kind.wire(),
            pages = MAX_PAGES,
            "Stopped listing at the page limit; the rest waits for the next poll"
        );
        Ok(items)
    }

    /// Acknowledges a message that is not ours so the axis stops offering it. A failure is
    /// logged, not raised: the message comes back on the next list and is tried again.
    async fn skip_not_ours(&mut self, item: &Listed) {
        match self
            .client
            .update_status(&item.doc_id, AckStatus::Done)
            .await
        {
            Ok(()) => {
                self.skipped_not_ours += 1;
                tracing::info!(
                    source = %self.name(),
                    doc_id = %item.doc_id,
                    from = %item.from,
                    "Acknowledged a message not addressed to us"
                );
            }
            Err(error) => tracing::warn!(
                source = %self.name(),
                doc_id = %item.doc_id,
                from = %item.from,
                error = %error,
                "Could not acknowledge a message not addressed to us"
            ),
        }
    }

    /// How a failed call reads to dondoc's loop. The axis being unreachable, overloaded or
    /// refusing our credentials is [`AdapterError::Down`]: no message is to blame, and blaming
    /// them would, after a few passes, acknowledge unread messages as failed. A plain 5xx on one
    /// document after the retries is [`AdapterError::Unavailable`], so a document the axis
    /// cannot serve is eventually set aside instead of blocking every pass. `fetching` names
    /// the document when the call was its `getEdoc`.
    fn adapter_error(&self, error: VdxpError, fetching: Option<&str>) -> AdapterError {
        let source_name = self.name().to_owned();
        if let Some(id) = fetching {
            if error.is_not_found() {
                return AdapterError::Gone {
                    source_name,
                    id: id.to_owned(),
                };
            }
        }
        let reason = error.to_string();
        if let VdxpError::TooLarge {
            kept: Some(kept), ..
        } = error
        {
            return AdapterError::Oversized {
                source_name,
                reason,
                kept,
            };
        }
        // A getEdoc reply that is not the document (a gateway's HTML page, an empty body, cut
        // JSON, bad base64) says nothing of the document: the transport failed, try later.
        let not_the_document = fetching.is_some() && matches!(error, VdxpError::Malformed { .. });
        if axis_is_down(&error, fetching.is_some()) {
            AdapterError::Down {
                source_name,
                reason,
            }
        } else if error.is_transient() || not_the_document {
            AdapterError::Unavailable {
                source_name,
                reason,
            }
        } else {
            AdapterError::Invalid {
                source_name,
                reason,
            }
        }
    }
}

/// What kind of failure an error is, without its text.
fn error_kind(error: &VdxpError) -> &'static str {
    match error {
        VdxpError::Setup { .. } => "setup",
        VdxpError::Request { .. } => "request",
        VdxpError::Transport { .. } => "transport",
        VdxpError::Timeout { .. } => "timeout",
        VdxpError::Http { .. } => "http",
        VdxpError::Refused { .. } => "refused",
        VdxpError::Malformed { .. } => "malformed",
        VdxpError::TooLarge { .. } => "too_large",
    }
}

/// Failures that say nothing about a particular message: no connection, no answer in time,
/// "come back later", a gateway without its backend, our credentials refused. Outside a fetch
/// every transient failure counts, since no single message is involved.
fn axis_is_down(error: &VdxpError, fetching: bool) -> bool {
    match error {
        VdxpError::Transport { .. } | VdxpError::Timeout { .. } => true,
        VdxpError::Http { status, .. } => {
            matches!(status, 401 | 403 | 408 | 429 | 502 | 503 | 504)
                || (!fetching && error.is_transient())
        }
        _ => false,
    }
}

impl Source for VdxpSource {
    fn name(&self) -> &str {
        &self.client.config().name
    }

    /// Every daemon polling with our account is offered the same documents.
    fn shared(&self) -> bool {
        true
    }

    async fn list(&mut self) -> Result<Vec<String>, AdapterError> {
        let mut seen = HashSet::new();
        let mut waiting = Vec::new();
        for kind in [MessageKind::Edoc, MessageKind::Status] {
            let listed = self
                .list_kind(kind, &mut seen)
                .await
                .map_err(|e| self.adapter_error(e, None))?;
            for item in listed {
                if self.is_ours(&item) {
                    waiting.push(item);
                } else {
                    self.skip_not_ours(&item).await;
                }
            }
        }
        oldest_first(&mut waiting);
        if let Some(acknowledgements) = self.acknowledgements.as_mut() {
            acknowledgements.remember_list(&waiting);
        }
        Ok(waiting.into_iter().map(|item| item.doc_id).collect())
    }

    async fn fetch(&mut self, id: &str) -> Result<Vec<u8>, AdapterError> {
        let bytes = self
            .client
            .get(id)
            .await
            .map_err(|e| self.adapter_error(e, Some(id)))?;
        let name = &self.client.config().name;
        if let Some(acknowledgements) = self.acknowledgements.as_mut() {
            acknowledgements.note_fetched(name, id, &bytes);
        }
        Ok(bytes)
    }

    /// `fail` makes the axis forget the message.
    fn keeps_failed(&self) -> bool {
        false
    }

    fn take_counts(&mut self) -> AdapterCounts {
        let retries = self.retries();
        let counts = AdapterCounts {
            retries: retries - self.reported.retries,
            skipped: self.skipped_not_ours - self.reported.skipped,
        };
        self.reported = AdapterCounts {
            retries,
            skipped: self.skipped_not_ours,
        };
        counts
    }

    async fn settle(&mut self, id: &str, disposition: &Disposition) -> Result<(), AdapterError> {
        let status = match disposition {
            Disposition::Done => AckStatus::Done,
            Disposition::Failed { .. } => AckStatus::Fail,
            // A secret document was read and nothing of it kept. `done` is the only answer
            // that makes the axis stop offering it without saying anything about its content;
            // `fail` would ask the sender to look into a document we may not describe.
            Disposition::Dropped => AckStatus::Done,
        };
        // Taken whatever the outcome: if the axis is not told, the message is offered and
        // fetched again, which notes it again.
        let pending = self
            .acknowledgements
            .as_mut()
            .and_then(|acknowledgements| acknowledgements.take(id));
        self.client
            .update_status(id, status)
            .await
            .map_err(|e| self.adapter_error(e, None))?;
        // Only a stored document is answered: a failed one is the sender's to hear of through
        // the axis's `fail`, and of a secret one nothing is said at all.
        if let (Disposition::Done, Some(pending)) = (disposition, pending) {
            self.acknowledge(id, pending).await;
        }
        Ok(())
    }
}

/// Sorts by `created_time` when every item has one we can read; otherwise keeps the axis's
/// order (documents, then statuses), since comparing some dates with guesses is worse.
fn oldest_first(items: &mut Vec<Listed>) {
    let times: Option<Vec<NaiveDateTime>> = items
        .iter()
        .map(|item| item.created_time.as_deref().and_then(parse_created_time))
        .collect();
    if let Some(times) = times {
        let mut keyed: Vec<(NaiveDateTime, Listed)> =
            times.into_iter().zip(items.drain(..)).collect();
        keyed.sort_by_key(|(time, _)| *time);
        items.extend(keyed.into_iter().map(|(_, item)| item));
    }
}

/// The axis's `created_time` in Vietnam local time. Its format is not documented, so the forms
/// seen in implementers' code are all accepted: ISO-like, day-first, epoch milliseconds, and
/// the SDK's own timestamp pattern.
fn parse_created_time(text: &str) -> Option<NaiveDateTime> {
    let vietnam = FixedOffset::east_opt(7 * 3600)?;
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let number: i64 = text.parse().ok()?;
        let at = if text.len() >= 12 {
            DateTime::<Utc>::from_timestamp_millis(number)?
        } else {
            DateTime::<Utc>::from_timestamp(number, 0)?
        };
        return Some(at.with_timezone(&vietnam).naive_local());
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&vietnam).naive_local());
    }
    // The SDK pattern ends in "+SSSS" (milliseconds); they do not change the order enough to matter.
    let text = text.split_once('+').map_or(text, |(head, _)| head);
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y/%m/%d %H:%M:%S%.f",
        "%d/%m/%Y %H:%M:%S%.f",
        "%d-%m-%Y %H:%M:%S%.f",
        "%d%m%YT%H%M%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, created: Option<&str>) -> Listed {
        Listed {
            doc_id: id.to_owned(),
            from: String::new(),
            to: Vec::new(),
            status: None,
            created_time: created.map(str::to_owned),
            message_kind: MessageKind::Edoc,
        }
    }

    fn ids(items: &[Listed]) -> Vec<&str> {
        items.iter().map(|item| item.doc_id.as_str()).collect()
    }

    #[test]
    fn created_time_is_read_in_the_forms_seen() {
        let expected =
            NaiveDateTime::parse_from_str("2024-05-31 10:04:05", "%Y-%m-%d %H:%M:%S").unwrap();
        for text in [
            "2024-05-31 10:04:05",
            "2024-05-31T10:04:05",
            "2024-05-31 10:04:05.000",
            "2024-05-31T03:04:05Z",
            "31/05/2024 10:04:05",
            "31052024T100405+0000",
            "1717124645000",
        ] {
            assert_eq!(parse_created_time(text), Some(expected), "{text}");
        }
        assert_eq!(parse_created_time("yesterday"), None);
    }

    #[test]
    fn messages_come_oldest_first_when_every_time_is_known() {
        let mut items = vec![
            item("b", Some("2024-05-31 10:00:00")),
            item("a", Some("30/05/2024 09:00:00")),
            item("c", Some("2024-05-31 10:00:00")),
        ];
        oldest_first(&mut items);
        assert_eq!(ids(&items), ["a", "b", "c"]);
    }

    #[test]
    fn one_unknown_time_keeps_the_axis_order() {
        let mut items = vec![
            item("b", Some("2024-05-31 10:00:00")),
            item("a", None),
            item("c", Some("2024-05-30 10:00:00")),
        ];
        oldest_first(&mut items);
        assert_eq!(ids(&items), ["b", "a", "c"]);
    }
}
