//! What an operator configures for one axis account.

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::error::VdxpError;

/// One axis account, as dondoc's configuration hands it over.
///
/// `Debug` is safe to log: [`SecretString`] prints as redacted.
#[derive(Debug, Clone)]
pub struct VdxpConfig {
    /// The source's name in logs and in what dondoc records.
    pub name: String,
    /// The axis base URL; operations are appended as path segments (`{endpoint}/getEdoc`).
    pub endpoint: Url,
    /// The axis account (the SDK's `systemid`), also sent as `from` on what we send.
    pub system_id: String,
    /// The key of the HMAC that signs every request. Never logged; never sent.
    pub secret: SecretString,
    /// Items asked for per `getReceivedEdocList` page.
    pub page_size: u32,
    /// The limit on one request, connect to last byte.
    pub timeout: Duration,
    /// Retries after the first attempt, for transient failures only.
    pub max_retries: u32,
    /// The first backoff delay; later ones double, with jitter.
    pub retry_base: Duration,
    /// No wait between attempts exceeds this, whatever the backoff or `Retry-After` says.
    pub retry_max: Duration,
    /// Our organisations' OrganIds: a message addressed to one of them is ours.
    pub our_organ_ids: Vec<String>,
    /// Senders we track: a message from one of them is ours whoever it is addressed to.
    pub tracked_issuers: Vec<String>,
    /// Whether dondoc answers the senders of the documents it stores. `None` (the default):
    /// it only observes, and the sender hears nothing beyond the axis's delivery flag.
    /// `Some(organ_id)`: once a document (not a status) addressed to `organ_id` is settled
    /// [`Done`](dondoc_adapter_api::Disposition::Done), its sender gets the statuses `01` (Đã
    /// đến) then `03` (Đã tiếp nhận) from `organ_id`, once per document within the process.
    /// Nothing is sent about a failed or secret (dropped) document. A failed send is logged
    /// and counted, never an error of the settlement. See the crate docs, "Acknowledgements".
    pub acknowledge_as: Option<String>,
    /// The longest reply read: a longer one is refused from its `Content-Length`, or as soon as
    /// its body passes the limit, never held whole ([`crate::VdxpError::TooLarge`]). dondoc sets
    /// it from `[edxml] max_message_mib`, as base64 inside the reply's JSON.
    pub max_reply_bytes: u64,
    /// Where a document's reply over `max_reply_bytes` is streamed whole (never held in memory),
    /// so that the document can be kept aside before it is failed: the axis forgets a failed
    /// document. `None`: it is refused unread past the limit, and nothing is kept.
    pub spill_dir: Option<std::path::PathBuf>,
}

impl VdxpConfig {
    /// The first wait before a retry, unless a caller chooses another.
    pub const DEFAULT_RETRY_BASE: Duration = Duration::from_millis(500);
    /// The longest wait between two attempts, unless a caller chooses another.
    pub const DEFAULT_RETRY_MAX: Duration = Duration::from_secs(60);

    /// Sets the reply limit from the longest message dondoc reads: a reply carries the message
    /// as base64 (four bytes for three) inside its JSON, with room for the envelope. A document
    /// over it is streamed into `spill_dir`, to be kept before it is failed.
    pub fn limit_replies(mut self, max_message_bytes: u64, spill_dir: std::path::PathBuf) -> Self {
        self.max_reply_bytes = max_message_bytes
            .saturating_div(3)
            .saturating_add(1)
            .saturating_mul(4)
            .saturating_add(64 * 1024);
        self.spill_dir = Some(spill_dir);
        self
    }

    /// Rejects values that would make the client loop or never wait.
    pub(crate) fn check(&self) -> Result<(), VdxpError> {
        let mut problems = Vec::new();
        if !matches!(self.endpoint.scheme(), "http" | "https") {
            problems.push(format!(
                "endpoint must be http or https, not {}",
                self.endpoint.scheme()
            ));
        }
        if self.endpoint.cannot_be_a_base() {
            problems.push("endpoint must be a base URL".to_owned());
        }
        if self.system_id.trim().is_empty() {
            problems.push("system_id is empty".to_owned());
        }
        if self
            .acknowledge_as
            .as_deref()
            .is_some_and(|id| id.trim().is_empty())
        {
            problems.push("acknowledge_as is empty; leave it out to only observe".to_owned());
        }
        if self.page_size == 0 {
            problems.push("page_size must be at least 1".to_owned());
        }
        if self.timeout.is_zero() {
            problems.push("timeout must be more than zero".to_owned());
        }
        if self.retry_base > self.retry_max {
            problems.push("retry_base must not exceed retry_max".to_owned());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(VdxpError::Setup {
                reason: format!("source {}: {}", self.name, problems.join("; ")),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> VdxpConfig {
        VdxpConfig {
            name: "axis".into(),
            endpoint: "https://truc.example/vdxp".parse().unwrap(),
            system_id: "000.00.31.H57".into(),
            secret: "k".to_string().into(),
            page_size: 50,
            timeout: Duration::from_secs(30),
            max_retries: 3,
            retry_base: VdxpConfig::DEFAULT_RETRY_BASE,
            retry_max: VdxpConfig::DEFAULT_RETRY_MAX,
            our_organ_ids: Vec::new(),
            tracked_issuers: Vec::new(),
            acknowledge_as: None,
            max_reply_bytes: u64::MAX,
            spill_dir: None,
        }
    }

    #[test]
    fn a_reply_may_carry_the_longest_message_as_base64_with_room_for_its_envelope() {
        let c = config().limit_replies(30, "/tmp/spill".into());
        // 30 bytes are 40 in base64; the envelope gets 64 KiB.
        assert_eq!(c.max_reply_bytes, 44 + 64 * 1024);
        assert!(c.max_reply_bytes >= 40 + 64 * 1024);
        assert_eq!(
            c.spill_dir.as_deref(),
            Some(std::path::Path::new("/tmp/spill"))
        );
        let huge = config().limit_replies(u64::MAX, "/tmp/spill".into());
        assert_eq!(huge.max_reply_bytes, u64::MAX, "saturates, never wraps");
        assert!(config().check().is_ok());
    }
}
