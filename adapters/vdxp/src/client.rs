//! The axis operations dondoc needs, each one signed, retried when that can help, and checked
//! so that only an explicit OK counts as success.

use std::error::Error as _;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use backon::Retryable;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use rustls_platform_verifier::BuilderVerifierExt;
use secrecy::ExposeSecret;
use url::Url;

use crate::clock::{Clock, Pause, PauseFuture, SystemClock, TokioPause};
use crate::config::VdxpConfig;
use crate::error::{Call, Operation, VdxpError};
use crate::retry;
use crate::sign::{self, sign};
use crate::wire::{self, Reply};

/// How many times `max_reply_bytes` an oversized document's reply may be to be kept: past it,
/// nothing is kept and the document is not failed (a reply of gigabytes is not a directive, and
/// the disk is shared); it stays on the axis for a person to look at.
pub const MAX_SPILL_FACTOR: u64 = 16;

const JSON: &str = "application/json";
/// The part of the body that stays in an HTTP error: enough to recognise a proxy's error page.
const BODY_EXCERPT_CHARS: usize = 200;

/// Which of the two received lists to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    /// Documents sent to us.
    Edoc,
    /// Statuses about documents we sent.
    Status,
}

impl MessageKind {
    /// The `messagetype` value.
    pub fn wire(self) -> &'static str {
        match self {
            MessageKind::Edoc => "edoc",
            MessageKind::Status => "status",
        }
    }
}

/// What `updateStatus` tells the axis about a received message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckStatus {
    /// Stored; stop offering it.
    Done,
    /// Cannot be processed; stop offering it.
    Fail,
    /// Taken, not finished.
    Processing,
}

impl AckStatus {
    /// The `status` value.
    pub fn wire(self) -> &'static str {
        match self {
            AckStatus::Done => "done",
            AckStatus::Fail => "fail",
            AckStatus::Processing => "processing",
        }
    }
}

/// One item of `getReceivedEdocList`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub doc_id: String,
    /// The sender's OrganId; empty when the axis leaves it out.
    pub from: String,
    /// Every recipient, ours or not (a copy lists all of them).
    pub to: Vec<String>,
    /// The axis's delivery status, as it gives it.
    pub status: Option<String>,
    /// As the axis gives it; its format is not documented.
    pub created_time: Option<String>,
    /// Which list the item came from.
    pub message_kind: MessageKind,
}

/// The HTTP client of one axis account.
///
/// Holds one connection pool for all calls. [`VdxpClient::retries`] counts retries since it was
/// built, so the caller can report them per source.
pub struct VdxpClient {
    http: reqwest::Client,
    config: VdxpConfig,
    clock: Arc<dyn Clock>,
    pause: Arc<dyn Pause>,
    retries: AtomicU64,
}

impl fmt::Debug for VdxpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VdxpClient")
            .field("config", &self.config)
            .field("retries", &self.retries())
            .finish_non_exhaustive()
    }
}

impl VdxpClient {
    /// Checks the configuration and builds the HTTP client. Nothing is sent.
    pub fn new(config: VdxpConfig) -> Result<Self, VdxpError> {
        config.check()?;
        let setup = |what: &str, e: &dyn fmt::Display| VdxpError::Setup {
            reason: format!("source {}: {what}: {e}", config.name),
        };
        // ring is the provider the workspace already builds (for mail); handing reqwest a
        // finished config keeps a second crypto library out and sets no process-wide default.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| setup("TLS versions", &e))?
            .with_platform_verifier()
            .map_err(|e| setup("system CA certificates", &e))?
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            // A redirect would carry our signed headers elsewhere, and a POST may turn into a
            // GET on the way; the axis is not known to redirect, so a 3xx is an error.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| setup("HTTP client", &e))?;
        Ok(Self {
            http,
            config,
            clock: Arc::new(SystemClock),
            pause: Arc::new(TokioPause),
            retries: AtomicU64::new(0),
        })
    }

    /// Reads the time (for the signed timestamp and `Retry-After` dates) from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Waits between attempts with `pause`.
    pub fn with_pause(mut self, pause: Arc<dyn Pause>) -> Self {
        self.pause = pause;
        self
    }

    pub fn config(&self) -> &VdxpConfig {
        &self.config
    }

    /// The time on the injected clock: what a status we write is stamped with.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Retries made since the client was built, over all operations.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// One page (numbered from 1) of the messages waiting for us.
    pub async fn list_received(
        &self,
        kind: MessageKind,
        page_index: u32,
    ) -> Result<Vec<Listed>, VdxpError> {
        let call = Call::new(Operation::ListReceived, None);
        // pageSize and pageIndex come from a gateway's use of the SDK; an axis that ignores
        // them returns everything, which the source's paging notices.
        let params = [
            ("servicetype", "eDoc".to_owned()),
            ("messagetype", kind.wire().to_owned()),
            ("pageSize", self.config.page_size.to_string()),
            ("pageIndex", page_index.to_string()),
        ];
        let reply = self.call(&call, &params, None).await?;
        reply.listed(&call, kind)
    }

    /// The whole `.edxml` of a message, decoded. An empty or undecodable `data` is an error.
    pub async fn get(&self, doc_id: &str) -> Result<Vec<u8>, VdxpError> {
        let call = Call::new(Operation::GetEdoc, Some(doc_id));
        let params = [("docId", doc_id.to_owned())];
        let reply = self.call(&call, &params, None).await?;
        reply.document(&call)
    }

    /// Tells the axis what became of a message.
    ///
    /// The id goes as `docid`, all lowercase, as the SDK's own `updateStatus` sends it (its
    /// examples also show `docId`). On the wire HTTP header names are case-insensitive (and
    /// sent lowercase here anyway); the casing shows only inside the signed JSON and the key
    /// list, where we follow the SDK.
    pub async fn update_status(&self, doc_id: &str, status: AckStatus) -> Result<(), VdxpError> {
        let call = Call::new(Operation::UpdateStatus, Some(doc_id));
        let params = [
            ("docid", doc_id.to_owned()),
            ("status", status.wire().to_owned()),
        ];
        self.call(&call, &params, None).await.map(|_| ())
    }

    /// Sends an edXML status message to `to`, from our account; returns the axis's DocId.
    ///
    /// A transient failure after the axis took the file can make it arrive twice. That is
    /// harmless for a status (the same code for the same document, recorded again) and better
    /// than losing it.
    pub async fn send_status(&self, to: &[String], edxml: Vec<u8>) -> Result<String, VdxpError> {
        let call = Call::new(Operation::SendEdoc, None);
        if to.is_empty() {
            return Err(VdxpError::Request {
                call,
                reason: "a status needs at least one recipient".to_owned(),
            });
        }
        let params = [
            ("from", self.config.system_id.clone()),
            ("to", serde_json::Value::from(to.to_vec()).to_string()),
            ("servicetype", "eDoc".to_owned()),
            ("messagetype", MessageKind::Status.wire().to_owned()),
            ("hash-file", sign::hash_file(&edxml)),
        ];
        let reply = self.call(&call, &params, Some(&edxml)).await?;
        reply.doc_id(&call)
    }

    /// Runs one call with the retry policy described in [`crate::retry`].
    async fn call(
        &self,
        call: &Call,
        params: &[(&str, String)],
        file: Option<&[u8]>,
    ) -> Result<Reply, VdxpError> {
        retry_with(
            || self.attempt(call, params, file),
            retry::backoff(&self.config),
            PauseSleeper(Arc::clone(&self.pause)),
            self.config.retry_max,
            |error, wait| {
                self.retries.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(
                    source = %self.config.name,
                    operation = %call.operation,
                    doc_id = call.doc_id.as_deref().unwrap_or(""),
                    wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                    error = %error,
                    "Retrying a VDXP call"
                );
            },
        )
        .await
    }

    /// One signed request and its reply, checked.
    async fn attempt(
        &self,
        call: &Call,
        params: &[(&str, String)],
        file: Option<&[u8]>,
    ) -> Result<Reply, VdxpError> {
        let request_error = |reason: String| VdxpError::Request {
            call: call.clone(),
            reason,
        };
        let form = match file {
            Some(bytes) => Some(
                Form::new().part(
                    "file_doc",
                    Part::bytes(bytes.to_vec())
                        .file_name("status.edxml")
                        .mime_str("application/xml")
                        .map_err(|e| request_error(e.to_string()))?,
                ),
            ),
            None => None,
        };
        // The SDK signs Content-Type too; for a multipart body it must name the boundary
        // reqwest will put in the real header.
        let content_type = match &form {
            Some(form) => format!("multipart/form-data; boundary={}", form.boundary()),
            None => JSON.to_owned(),
        };
        let mut logical: Vec<(&str, String)> = vec![
            ("systemid", self.config.system_id.clone()),
            ("timestamp", sign::format_timestamp(self.clock.now())),
            ("Content-Type", content_type),
        ];
        logical.extend(params.iter().cloned());
        let signed = sign(&logical, &self.config.secret);

        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(sign::USER_AGENT));
        headers.insert(
            HeaderName::from_static("xroadvnpt-version"),
            HeaderValue::from_static(sign::VERSION),
        );
        for (name, value) in signed.iter() {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| request_error(format!("{name} is not a valid header name")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| request_error(format!("the value of {name} cannot be a header")))?;
            headers.append(header, value);
        }

        let request = self.http.post(self.url(call.operation)).headers(headers);
        let request = match form {
            // reqwest sets the multipart Content-Type itself; setting it here too would send two.
            Some(form) => request.multipart(form),
            None => request.header(CONTENT_TYPE, JSON),
        };
        let response = request
            .send()
            .await
            .map_err(|e| self.transport_error(call, e))?;
        let status = response.status();
        let retry_after = match status {
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| retry::parse_retry_after(value, self.clock.now())),
            _ => None,
        };
        let body = self.read_body(call, response).await?;
        if !status.is_success() {
            let text: String = String::from_utf8_lossy(&body)
                .chars()
                .take(BODY_EXCERPT_CHARS)
                .collect();
            return Err(VdxpError::Http {
                call: call.clone(),
                status: status.as_u16(),
                retry_after,
                body: self.scrub(&text),
            });
        }
        wire::parse_reply(call, &body, |text| self.scrub(text))
    }

    /// The reply's body, read chunk by chunk up to `max_reply_bytes`: a longer one is refused
    /// from its `Content-Length`, or as soon as it passes the limit.
    async fn read_body(
        &self,
        call: &Call,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, VdxpError> {
        let limit = self.config.max_reply_bytes;
        let mut body = Vec::new();
        if response.content_length().is_none_or(|n| n <= limit) {
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| self.transport_error(call, e))?
            {
                if (body.len() + chunk.len()) as u64 > limit {
                    body.extend_from_slice(&chunk);
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            if body.len() as u64 <= limit {
                return Ok(body);
            }
        }
        // Over the limit. A document that succeeded is kept whole on disk, never in memory, so
        // that it can be set aside before the axis is told it failed; anything else is dropped.
        let spill = match (
            &self.config.spill_dir,
            call.operation,
            call.doc_id.as_deref(),
        ) {
            (Some(dir), Operation::GetEdoc, Some(doc_id)) if response.status().is_success() => {
                match self.spill(dir, doc_id, body, response, limit).await {
                    Ok(path) => Some(path),
                    Err(e) => {
                        tracing::warn!(source = %self.config.name, doc_id, error = %e, "Cannot keep an oversized document aside");
                        None
                    }
                }
            }
            _ => None,
        };
        Err(VdxpError::TooLarge {
            call: call.clone(),
            limit,
            kept: spill,
        })
    }

    /// Streams `head` and the rest of `response` into a file of `dir`, chunk by chunk, up to
    /// [`MAX_SPILL_FACTOR`] times `limit`; written beside, then renamed whole.
    async fn spill(
        &self,
        dir: &std::path::Path,
        doc_id: &str,
        head: Vec<u8>,
        mut response: reqwest::Response,
        limit: u64,
    ) -> std::io::Result<std::path::PathBuf> {
        use std::io::Write;
        std::fs::create_dir_all(dir)?;
        let safe: String = doc_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(64)
            .collect();
        // Unique to this call: two daemons, or two ids that read alike once made safe, never
        // write into one file.
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let unique = format!(
            "{safe}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = dir.join(format!("{unique}.reply"));
        let part = dir.join(format!("{unique}.reply.part"));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&part)?);
        file.write_all(&head)?;
        let cap = limit.saturating_mul(MAX_SPILL_FACTOR);
        let mut written = head.len() as u64;
        let outcome = loop {
            match response.chunk().await {
                Ok(Some(chunk)) if written + chunk.len() as u64 > cap => {
                    break Err(std::io::Error::other(format!(
                        "the reply passes {cap} bytes, more than is kept"
                    )))
                }
                Ok(Some(chunk)) => {
                    if let Err(e) = file.write_all(&chunk) {
                        break Err(e);
                    }
                    written += chunk.len() as u64;
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(std::io::Error::other(e.without_url())),
            }
        };
        // Only a whole reply is kept: a cut one would let the axis forget what was not kept.
        if let Err(e) = outcome {
            drop(file);
            let _ = std::fs::remove_file(&part);
            return Err(e);
        }
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&part, &path)?;
        Ok(path)
    }

    fn url(&self, operation: Operation) -> Url {
        let mut url = self.config.endpoint.clone();
        url.path_segments_mut()
            .expect("VdxpConfig::check rejects endpoints that cannot be a base")
            .pop_if_empty()
            .push(operation.path());
        url
    }

    fn transport_error(&self, call: &Call, error: reqwest::Error) -> VdxpError {
        if error.is_timeout() {
            return VdxpError::Timeout {
                call: call.clone(),
                timeout: self.config.timeout,
            };
        }
        let builder = error.is_builder();
        // reqwest's message is terse ("error sending request"); the cause chain says why.
        let error = error.without_url();
        let mut reason = error.to_string();
        let mut cause = error.source();
        while let Some(inner) = cause {
            reason.push_str(": ");
            reason.push_str(&inner.to_string());
            cause = inner.source();
        }
        let reason = self.scrub(&reason);
        if builder {
            VdxpError::Request {
                call: call.clone(),
                reason,
            }
        } else {
            VdxpError::Transport {
                call: call.clone(),
                reason,
            }
        }
    }

    /// Removes the secret from text that came from elsewhere, should it ever be echoed.
    fn scrub(&self, text: &str) -> String {
        let secret = self.config.secret.expose_secret();
        if secret.is_empty() {
            text.to_owned()
        } else {
            text.replace(secret, "[REDACTED]")
        }
    }
}

/// backon's retry, wired to our policy: transient errors only, `Retry-After` honoured and
/// capped, every retry reported to `on_retry` before its wait.
async fn retry_with<T, F, Fut>(
    attempt: F,
    backoff: backon::ExponentialBuilder,
    pause: PauseSleeper,
    retry_max: Duration,
    on_retry: impl FnMut(&VdxpError, Duration),
) -> Result<T, VdxpError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, VdxpError>>,
{
    attempt
        .retry(backoff)
        .sleep(pause)
        .when(VdxpError::is_transient)
        .adjust(move |error, proposed| retry::next_wait(error, proposed, retry_max))
        .notify(on_retry)
        .await
}

/// The injected [`Pause`] as backon's sleeper. A named type rather than a closure: a closure
/// made inside a method carries the method's lifetimes, and backon wants a `'static` sleeper.
struct PauseSleeper(Arc<dyn Pause>);

impl backon::Sleeper for PauseSleeper {
    type Sleep = PauseFuture;

    fn sleep(&self, duration: Duration) -> PauseFuture {
        self.0.pause(duration)
    }
}
