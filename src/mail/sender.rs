//! The sender: claims due messages from the outbox, renders each once, hands it to the
//! transport and records what became of it.
//!
//! The order of the steps is what makes delivery exactly-once in practice: the rendered message
//! (with its Message-ID) is kept before the first attempt, the delivery is recorded after the
//! server accepted it, and a claim runs out if its sender dies. A crash between acceptance and
//! the record therefore resends the same message, once, when the lease runs out; a recipient's
//! mail system can tell the copies by their Message-ID.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use chrono::{DateTime, Duration as Span, Utc};
use futures_util::StreamExt;

use super::message::{self, Addressing, Attachment, ComposeError};
use super::render::{
    DeliveryFailure, Letter, LetterDocument, LetterItem, LetterNotice, LetterReport, TemplateError,
    Templates,
};
use super::transport::{SendError, Transport, TransportError};
use crate::clock::{SharedClock, ZONE};
use crate::config::{Config, MailTransport};
use crate::domain::EmailAddress;
use crate::hooks::crash_point;
use crate::report::{Letterhead, Report};
use crate::shutdown::Shutdown;
use crate::store::{Attempt, OutboxEntry, QueuedNotice, Store, StoreError};
use crate::urging::{notice, Notice, NoticeFlag, NoticeKind, Office};
use dondoc_core::report::{Period, Scope};

/// The sender of the folder transport's messages when nobody is configured.
const FOLDER_SENDER: &str = "dondoc@localhost.localdomain";

/// What keeps the sender from starting.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Templates(#[from] TemplateError),
    #[error(transparent)]
    Transport(#[from] TransportError),
    #[error(
        "mail.from: no sender address: set mail.from, [urging] office, or an address for the \
         unit directory's Office"
    )]
    NoSender,
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    /// Put back in the queue after a temporary failure.
    pub retrying: usize,
    pub failed: usize,
    /// Claims lost to another sender after our lease ran out.
    pub lost: usize,
    /// Whether the pass stopped because the relay could not be used (the rest stays queued).
    pub relay_down: bool,
}

impl Delivery {
    pub fn attempted(&self) -> usize {
        self.sent + self.retrying + self.failed + self.lost
    }
}

/// What became of one message.
enum Outcome {
    Sent,
    Retrying,
    Failed,
    Lost,
    /// Queued again, the relay unusable: the pass stops.
    RelayDown,
    /// Not attempted: given back to the queue (a stop, or the relay found down).
    Released,
}

#[derive(Clone)]
pub struct Sender {
    store: Store,
    config: Arc<Config>,
    templates: Arc<Templates>,
    transport: Transport,
    clock: SharedClock,
    /// This process, as its claims name it.
    claimer: String,
    from: EmailAddress,
    office: Office,
    /// Messages in flight at once.
    parallel: usize,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("claimer", &self.claimer)
            .field("transport", &self.transport)
            .finish_non_exhaustive()
    }
}

impl Sender {
    /// Loads the templates (every one compiled, so a broken override stops the start) and sets
    /// up the transport.
    pub fn new(config: Arc<Config>, store: Store, clock: SharedClock) -> Result<Self, SetupError> {
        let templates = Templates::load(config.mail.templates_dir.as_deref())?;
        let transport = Transport::from_config(&config.mail)?;
        let office = crate::jobs::office_of(&config);
        let from = match (config.mail.from.clone(), office.emails.first()) {
            (Some(from), _) => from,
            (None, Some(office)) => office.clone(),
            // A folder of .eml files needs no real sender; a relay does.
            (None, None) if config.mail.transport == MailTransport::Folder => {
                EmailAddress::parse(FOLDER_SENDER).map_err(|_| SetupError::NoSender)?
            }
            (None, None) => return Err(SetupError::NoSender),
        };
        // Unique per sender, also for several in one process (tests, a future reload).
        static SENDERS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let claimer = format!(
            "{}:{}",
            crate::instance::id(clock.now()),
            SENDERS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let parallel = match config.mail.transport {
            MailTransport::Smtp => config.mail.smtp.pool_max.max(1) as usize,
            MailTransport::Folder => 1,
        };
        Ok(Self {
            store,
            config,
            templates: Arc::new(templates),
            transport,
            clock,
            claimer,
            from,
            office,
            parallel,
        })
    }

    pub fn describe(&self) -> String {
        self.transport.describe(&self.config.mail)
    }

    /// Delivers what can go now, batch after batch, until nothing is left or a stop is asked
    /// for (the message in flight completes). `flush` takes every queued message, waiting out
    /// no backoff.
    pub async fn deliver(&self, flush: bool, shutdown: &Shutdown) -> Result<Delivery, StoreError> {
        let mut done = Delivery::default();
        let flush_since = flush.then(|| self.clock.now());
        loop {
            let now = self.clock.now();
            let batch = self
                .store
                .claim_messages(
                    &self.claimer,
                    now,
                    now + self.lease(),
                    self.config.mail.batch_size,
                    flush_since,
                )
                .await?;
            if batch.is_empty() {
                return Ok(done);
            }
            // As many at once as the relay connections kept open: each SMTP exchange mostly
            // waits on the network. Once the relay is found down, the rest is given back.
            let relay_down = AtomicBool::new(false);
            let outcomes: Vec<Result<Outcome, StoreError>> = futures_util::stream::iter(batch)
                .map(|entry| {
                    let relay_down = &relay_down;
                    async move {
                        if shutdown.is_triggered() || relay_down.load(Ordering::Relaxed) {
                            // Released at once rather than when the lease runs out.
                            self.store
                                .release_claim(entry.notice.id, &self.claimer)
                                .await?;
                            return Ok(Outcome::Released);
                        }
                        let outcome = self.deliver_one(entry).await?;
                        if matches!(outcome, Outcome::RelayDown) {
                            relay_down.store(true, Ordering::Relaxed);
                        }
                        Ok(outcome)
                    }
                })
                .buffer_unordered(self.parallel)
                .collect()
                .await;
            let mut first_error = None;
            for outcome in outcomes {
                match outcome {
                    Ok(Outcome::Sent) => done.sent += 1,
                    Ok(Outcome::Retrying) => done.retrying += 1,
                    Ok(Outcome::Failed) => done.failed += 1,
                    Ok(Outcome::Lost) => done.lost += 1,
                    Ok(Outcome::RelayDown) => {
                        done.retrying += 1;
                        done.relay_down = true;
                    }
                    Ok(Outcome::Released) => {}
                    Err(e) => first_error = first_error.or(Some(e)),
                }
            }
            if let Some(e) = first_error {
                tracing::error!(
                    sent = done.sent,
                    retrying = done.retrying,
                    failed = done.failed,
                    "The store failed during a delivery pass; what it claimed and did not record is taken again when its lease runs out"
                );
                return Err(e);
            }
            if shutdown.is_triggered() || done.relay_down {
                return Ok(done);
            }
        }
    }

    async fn deliver_one(&self, entry: OutboxEntry) -> Result<Outcome, StoreError> {
        let id = entry.notice.id;
        crash_point("outbox_after_claim");
        let (message_id, raw) = match (&entry.message_id, &entry.message) {
            (Some(mid), Some(raw)) => (mid.clone(), raw.clone()),
            _ => match self.render(&entry).await {
                Ok((mid, raw)) => {
                    if !self
                        .store
                        .keep_rendered(id, &self.claimer, &mid, &raw)
                        .await?
                    {
                        return Ok(self.lost(id));
                    }
                    crash_point("outbox_after_render");
                    (mid, raw)
                }
                Err(RenderError::Store(e)) => return Err(e),
                Err(e) => {
                    return self
                        .give_up(&entry, &format!("không soạn được thư: {e}"))
                        .await
                }
            },
        };
        let envelope = match message::envelope(&self.from, &entry.notice.recipients) {
            Ok(e) => e,
            Err(e) => return self.give_up(&entry, &e.to_string()).await,
        };
        // The claim may have run out while the batch waited its turn behind a slow relay:
        // renewed (or found lost) right before the send, so that no other sender can be
        // sending it too.
        let now = self.clock.now();
        if !self
            .store
            .renew_claim(id, &self.claimer, now, now + self.lease())
            .await?
        {
            return Ok(self.lost(id));
        }
        let name = format!("{id:06}-{}", entry.notice.kind.as_str());
        let result = self.transport.send(&envelope, raw.as_bytes(), &name).await;
        crash_point("outbox_after_send");
        let now = self.clock.now();
        let attempt = entry.attempts.saturating_add(1);
        match result {
            Ok(()) => {
                if !self.record_sent(id, now).await? {
                    return Ok(self.lost(id));
                }
                tracing::info!(
                    notice = id,
                    kind = entry.notice.kind.as_str(),
                    message_id = %message_id,
                    recipients = entry.notice.recipients.len(),
                    "Message sent"
                );
                Ok(Outcome::Sent)
            }
            Err(SendError::Relay(reason)) => {
                // Never the message's fault, so never its failure and no attempt spent: it
                // waits, however long, and keeps every attempt for answers about itself.
                let next = now + self.backoff(id, 1);
                if !self
                    .store
                    .mark_retry(id, &self.claimer, now, next, &reason, Attempt::NotCounted)
                    .await?
                {
                    return Ok(self.lost(id));
                }
                tracing::error!(
                    notice = id,
                    next_attempt = %next,
                    %reason,
                    "The mail relay is unavailable; messages wait in the outbox"
                );
                Ok(Outcome::RelayDown)
            }
            Err(SendError::Temporary(reason)) if attempt < self.config.mail.max_attempts => {
                let next = now + self.backoff(id, attempt);
                if !self
                    .store
                    .mark_retry(id, &self.claimer, now, next, &reason, Attempt::Counted)
                    .await?
                {
                    return Ok(self.lost(id));
                }
                tracing::warn!(
                    notice = id,
                    attempt,
                    next_attempt = %next,
                    %reason,
                    "Message not sent; will try again"
                );
                Ok(Outcome::Retrying)
            }
            Err(SendError::Temporary(r)) => {
                let reason = format!("{r} (sau {attempt} lần gửi không thành công)");
                self.give_up(&entry, &reason).await
            }
            Err(SendError::Permanent(reason)) => self.give_up(&entry, &reason).await,
        }
    }

    /// The lease a claim is taken or renewed for.
    fn lease(&self) -> Span {
        Span::from_std(self.config.mail.claim_lease).unwrap_or(Span::minutes(5))
    }

    /// Records a delivery the relay accepted. A store that fails here would have the message
    /// sent again when its lease runs out, so the record is tried a few times first.
    async fn record_sent(&self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let mut wait = std::time::Duration::from_millis(100);
        for _ in 0..3 {
            match self.store.mark_sent(id, &self.claimer, at).await {
                Ok(recorded) => return Ok(recorded),
                Err(e) => {
                    tracing::warn!(notice = id, error = %e, "Recording a delivery failed; trying again");
                    tokio::time::sleep(wait).await;
                    wait *= 4;
                }
            }
        }
        self.store.mark_sent(id, &self.claimer, at).await
    }

    fn lost(&self, id: i64) -> Outcome {
        tracing::warn!(
            notice = id,
            "Lost the claim on a message to another sender (lease ran out); it may go twice"
        );
        Outcome::Lost
    }

    /// Fails the message and tells the Office, unless it was itself to the Office about a
    /// failure (no loop of reports).
    async fn give_up(&self, entry: &OutboxEntry, reason: &str) -> Result<Outcome, StoreError> {
        let id = entry.notice.id;
        let now = self.clock.now();
        let report = self.failure_report(entry, now);
        if !self
            .store
            .mark_failed(id, &self.claimer, now, reason, report.as_ref())
            .await?
        {
            return Ok(self.lost(id));
        }
        tracing::error!(
            notice = id,
            kind = entry.notice.kind.as_str(),
            reported_to_office = report.is_some(),
            %reason,
            "Message failed"
        );
        Ok(Outcome::Failed)
    }

    fn failure_report(&self, entry: &OutboxEntry, now: DateTime<Utc>) -> Option<Notice> {
        let n = &entry.notice;
        if n.kind == NoticeKind::DeliveryFailure {
            return None;
        }
        let to = self.office.emails.clone();
        let mut flags = Vec::new();
        if to.is_empty() {
            flags.push(NoticeFlag::NoRecipient);
        }
        Some(Notice {
            kind: NoticeKind::DeliveryFailure,
            unit_key: self.office.key.clone(),
            unit: self.office.name.clone(),
            document_id: n.document_id,
            document: None,
            sequence: None,
            // One report per failure: a message retried by hand and failing again is reported
            // again.
            period: Some(format!("{}.{}", n.id, now.timestamp_micros())),
            due_on: now.with_timezone(&ZONE).date_naive(),
            items: Vec::new(),
            to,
            subject: notice::delivery_failure_subject(&n.subject),
            flags,
            case: None,
        })
    }

    /// The wait before attempt `attempt + 1`: doubling from `retry_base` up to `retry_max` (the
    /// axis's policy too, both built with backon), spread by up to a tenth so that a relay back
    /// from an outage is not hit by every message at the same second. The spread is fixed per
    /// message rather than random: the next attempt is stored, and a run repeated (a crash, a
    /// test) schedules it at the same instant.
    fn backoff(&self, id: i64, attempt: u32) -> Span {
        let mail = &self.config.mail;
        Span::seconds(retry_wait(mail.retry_base, mail.retry_max, id, attempt) as i64)
    }

    /// The message for a claimed notice: its letter rendered and composed.
    async fn render(&self, entry: &OutboxEntry) -> Result<(String, String), RenderError> {
        let n = &entry.notice;
        let mut letter = self.letter(n).await?;
        let mut attachments = Vec::new();
        if let Some((report, sheet)) = self.report_of(n).await? {
            letter.report = Some(report);
            attachments.push(sheet);
        }
        let body = self.templates.render(&letter)?;
        let message_id = message::message_id(n.id, &n.dedupe_key, message::domain_of(&self.from));
        let to = n
            .recipients
            .iter()
            .filter_map(|r| EmailAddress::parse(r).ok())
            .collect();
        let addressing = Addressing {
            from: self.from.clone(),
            from_name: self.config.mail.from_name.clone(),
            reply_to: self
                .config
                .mail
                .reply_to
                .clone()
                .or_else(|| self.office.emails.first().cloned()),
            to,
        };
        let composed = message::compose(
            &addressing,
            &n.subject,
            &body,
            &attachments,
            &message_id,
            n.kind.as_str(),
            self.clock.now(),
        )?;
        Ok((composed.message_id, composed.raw))
    }

    /// What the templates are given, from the notice as queued and the store.
    async fn letter(&self, n: &QueuedNotice) -> Result<Letter, StoreError> {
        let document = match n.document_id {
            Some(d) => self
                .store
                .document_heading(d)
                .await?
                .map(|h| LetterDocument {
                    number: h.number,
                    issued: h.issued,
                    summary: h.summary,
                }),
            None => None,
        };
        // The items as the policy queued them, read back as the type that wrote them.
        let queued: Vec<crate::urging::NoticeItem> = match &n.tasks {
            serde_json::Value::Null => Vec::new(),
            tasks => serde_json::from_value(tasks.clone()).map_err(|e| {
                StoreError::Corrupt(format!("notice {}: its tasks cannot be read: {e}", n.id))
            })?,
        };
        let items: Vec<LetterItem> = queued.iter().map(LetterItem::from).collect();
        let unit = match self.store.unit_name(&n.unit_key).await? {
            Some(name) => name,
            None => items
                .first()
                .map(|i| i.unit.clone())
                .unwrap_or_else(|| n.unit_key.clone()),
        };
        // What the letter says of its case comes from the outbox: the round, and the Phiếu báo
        // queued before it.
        let history = match n.case_id {
            Some(c) => self.store.case_history(c).await?,
            None => None,
        };
        let cited: Vec<LetterNotice> = match (&history, n.kind) {
            (Some(h), NoticeKind::Escalation) => h
                .notices
                .iter()
                .filter(|c| c.id < n.id)
                .map(|c| LetterNotice {
                    sequence: c.sequence,
                    dated: c.on,
                })
                .collect(),
            _ => Vec::new(),
        };
        let failure = match (n.kind, n.period.as_deref()) {
            (NoticeKind::DeliveryFailure, Some(p)) => {
                match p.split('.').next().and_then(|i| i.parse::<i64>().ok()) {
                    Some(original) => {
                        self.store
                            .message(original)
                            .await?
                            .map(|o| DeliveryFailure {
                                notice_id: original,
                                subject: o.notice.subject,
                                recipients: o.notice.recipients,
                                reason: o.last_error.unwrap_or_default(),
                                attempts: o.attempts,
                            })
                    }
                    None => None,
                }
            }
            _ => None,
        };
        Ok(Letter {
            kind: n.kind.as_str().to_string(),
            subject: n.subject.clone(),
            unit,
            sequence: n.sequence.and_then(|s| u32::try_from(s).ok()),
            document,
            items,
            dated: n.decided_at.with_timezone(&ZONE).date_naive(),
            period: n.period.clone(),
            returned: n.flags.contains(&NoticeFlag::Returned),
            escalated: n.flags.contains(&NoticeFlag::Escalated),
            notices_sent: u32::try_from(cited.len()).ok().filter(|n| *n > 0),
            cited,
            round: history.as_ref().map(|h| h.round),
            signature: self.config.mail.signature.clone(),
            failure,
            report: None,
        })
    }

    /// The report a report notice carries, computed as of the instant it was decided, or its
    /// month's end if that came first (the store's trails give the same numbers whenever it is
    /// rendered), with its spreadsheet.
    async fn report_of(
        &self,
        n: &QueuedNotice,
    ) -> Result<Option<(LetterReport, Attachment)>, RenderError> {
        if !matches!(n.kind, NoticeKind::Report | NoticeKind::UnitReport) {
            return Ok(None);
        }
        let period = n
            .period
            .as_deref()
            .and_then(Period::from_key)
            .ok_or_else(|| {
                RenderError::Report(format!("notice {}: no period in {:?}", n.id, n.period))
            })?;
        let open_carried = self.config.jobs.reports.open_carried;
        // As the job counted it: at the instant it was decided, or at the month's end when it
        // was decided after (a run caught up).
        let scope = Scope::new(period, None, open_carried, n.decided_at);
        let calendar = &self.config.calendar;
        let as_of = scope.as_of;
        let report = if n.kind == NoticeKind::Report {
            Report::Summary(crate::jobs::report::summary(&self.store, &scope, calendar).await?)
        } else {
            Report::Unit(
                crate::jobs::report::unit(&self.store, &scope, &n.unit_key, calendar).await?,
            )
        };
        let head = Letterhead::new(
            &self.config.mail.signature,
            n.decided_at.with_timezone(&ZONE).date_naive(),
        );
        let sheet = report.sheet(&head);
        let name = match n.kind {
            NoticeKind::Report => format!("phu-luc-v-{}.xlsx", period.key()),
            _ => format!("phu-luc-iv-{}-{}.xlsx", n.unit_key, period.key()),
        };
        let bytes = crate::report::xlsx::render(&sheet)
            .map_err(|e| RenderError::Report(format!("notice {}: {e}", n.id)))?;
        Ok(Some((
            LetterReport {
                period: period.vietnamese(),
                as_of: crate::report::as_of_vietnamese(as_of),
                text: crate::report::text::render(&sheet),
                html: crate::report::html::render(&sheet),
                attachment: name.clone(),
            },
            Attachment {
                name,
                content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    .into(),
                bytes,
            },
        )))
    }
}

/// Why a message could not be rendered.
#[derive(Debug, thiserror::Error)]
enum RenderError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error(transparent)]
    Compose(#[from] ComposeError),
    #[error("the report: {0}")]
    Report(String),
}

/// [`Sender::backoff`]'s wait in seconds before attempt `attempt + 1` of message `id`.
fn retry_wait(base: Duration, max: Duration, id: i64, attempt: u32) -> u64 {
    let base = Duration::from_secs(base.as_secs().max(1));
    let wait = ExponentialBuilder::default()
        .with_min_delay(base)
        .with_max_delay(max.max(base))
        .with_factor(2.0)
        .without_max_times()
        .build()
        .nth(attempt.saturating_sub(1) as usize)
        .unwrap_or(max)
        .as_secs();
    let spread = (id.unsigned_abs() % 10) * wait / 100;
    wait + spread
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_the_cap_spread_by_the_message() {
        let (base, max) = (Duration::from_secs(60), Duration::from_secs(3600));
        let waits: Vec<u64> = (1..=8).map(|a| retry_wait(base, max, 10, a)).collect();
        // Message 10 is not spread (10 % 10 = 0).
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        // Message 7 waits 7 % longer, the same every time it is asked.
        assert_eq!(retry_wait(base, max, 7, 1), 64);
        assert_eq!(retry_wait(base, max, 7, 1), retry_wait(base, max, 7, 1));
        for id in 0..50 {
            let w = retry_wait(base, max, id, 3);
            assert!((240..=240 + 24).contains(&w), "{id}: {w}");
        }
    }
}
