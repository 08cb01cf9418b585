//! The national document axis (VDXP, "Trục liên thông văn bản quốc gia"): an HTTP client for
//! the operations dondoc needs, and a [`dondoc_adapter_api::Source`] on top of it.
//!
//! # Layout
//! - [`config`]: [`VdxpConfig`], one axis account;
//! - [`sign`](mod@sign): how requests are signed ([`sign()`], [`format_timestamp`], [`hash_file`]);
//! - [`client`]: [`VdxpClient`], the operations, with retries;
//! - [`retry`]: when a call is tried again and how long to wait;
//! - `wire`: reading the axis's JSON replies (private);
//! - [`source`]: [`VdxpSource`], the [`Source`](dondoc_adapter_api::Source) implementation;
//! - `acknowledge`: what the optional statuses to a sender say, kept per docId from fetch to
//!   settle (private);
//! - [`clock`]: the injected clock and pause;
//! - [`error`]: [`VdxpError`], transient or permanent, naming the call.
//!
//! # The protocol
//! It is plain HTTP with JSON replies, as the VPCP/VNPT Java SDK speaks it; there is no public
//! specification. Each operation is `POST {endpoint}/<operation>` with an empty body (except
//! `sendEdoc`), and its parameters travel as headers:
//!
//! | operation | parameters | reply `data` |
//! |---|---|---|
//! | `getReceivedEdocList` | `servicetype: eDoc`, `messagetype: edoc \| status`, `pageSize`, `pageIndex` | `[{docId, from, to, status, created_time, …}]` |
//! | `getEdoc` | `docId` | base64 of the whole `.edxml` |
//! | `updateStatus` | `docid`, `status: done \| fail \| processing` | — |
//! | `sendEdoc` | `from`, `to` (a JSON array), `servicetype: eDoc`, `messagetype: status`, `hash-file`; multipart part `file_doc` | `DocId` |
//!
//! Every parameter, and `systemid`, `timestamp` and `Content-Type`, is sent as
//! `XroadVnpt-<name>`. The same pairs as a JSON object `{"XroadVnpt-<name>": value, …}` go in
//! `XroadVnpt-sign-header`, their names `;`-joined in `XroadVnpt-sign-header-key`, and
//! `XroadVnpt-hash-header` is the lowercase hex HMAC-SHA256 of that JSON keyed with the secret.
//! The secret itself never leaves the process. `User-Agent` and `XroadVnpt-version` are the
//! SDK's. A reply is `{status, ErrorCode, ErrorDesc, data}`; only `status: "OK"` or
//! `ErrorCode: "0"` (and neither a `FAIL` nor another code) is success. An empty, non-JSON or
//! non-2xx reply is an error, never an empty result.
//!
//! # Decisions
//! - **Timestamp.** `ddMMyyyy'T'HHmmss+SSSS` is a Java `SimpleDateFormat` pattern: `+` is
//!   literal and `SSSS` is milliseconds padded to four digits, not a zone offset. We format in
//!   Vietnam time (UTC+7, the SDK's JVM zone on the axis's side), fresh on every request; the
//!   SDK sets it once per process, which only invites clock-skew rejections.
//! - **Casing.** `getEdoc` sends `docId`, `updateStatus` sends `docid`, as the SDK does. Header
//!   names are case-insensitive on the wire (and go out lowercase); the casing only shows in
//!   the signed JSON and key list.
//! - **hash-file.** Standard 64-digit SHA-256 hex. The SDK drops leading zeros of each byte's
//!   hex; whether the axis checks the field is unknown (see [`hash_file`]).
//! - **Shared headers.** The SDK keeps one header map, so parameters of earlier calls ride
//!   along on later ones. We send each call's own and nothing else.
//! - **Retries.** Transient failures only (connect, timeout, 5xx, 429, 408), exponential
//!   backoff with jitter, `Retry-After` honoured up to `retry_max`; see [`retry`].
//! - **Errors for dondoc.** The axis unreachable, timing out, overloaded (429, 502–504),
//!   refusing our credentials (401, 403), or any transient failure outside a fetch →
//!   `Down` (no message is to blame); another 5xx on one `getEdoc` after the retries →
//!   `Unavailable` (a document the axis cannot serve is set aside after a few passes instead of
//!   blocking them); 404 or a "not found" ErrorDesc on a fetch → `Gone`; the rest → `Invalid`.
//! - **Not ours.** Items neither from a tracked issuer nor addressed to one of our OrganIds are
//!   acknowledged `done` while listing and never returned; a secret document dropped by dondoc
//!   is acknowledged `done` too, the only answer that stops the offers and says nothing.
//! - **Acknowledgements** (optional, [`VdxpConfig::acknowledge_as`]). `updateStatus` only
//!   tells the axis a message was picked up; a sender learns what became of its document from
//!   edXML status messages (`sendEdoc`, `messagetype: status`). By default dondoc only
//!   observes and sends none. With `acknowledge_as = Some(organ_id)`, a document (listed as
//!   `edoc` and read as a document, not a status) addressed to `organ_id` (by the listing's
//!   `to` or the header's To) and settled `Done` gets two statuses, `01` (Đã đến) then `03`
//!   (Đã tiếp nhận), sent to its sender's OrganId only. They come from `organ_id`, named as
//!   the document's To names it (else by the OrganId), answer for the document by its sender,
//!   Code (`number/notation`), promulgation date and DocumentId when it has one, and are
//!   stamped with the injected clock in Vietnam wall-clock time. What they need is read from
//!   the header at `fetch` (a header that cannot be read is logged, never a fetch error, and
//!   gets no statuses) and kept per docId until `settle`, at most a thousand at a time.
//!   `settle` tells the axis `done` first and then sends them; a failure to write or send one
//!   is logged (docId, status code, HTTP status, never content), counted
//!   ([`VdxpSource::acknowledgements_failed`]) and not retried, and `settle` still succeeds.
//!   `Failed` and `Dropped` documents get none: a failure reaches the sender as the axis's
//!   `fail`, and of a secret document nothing is said. Each docId is answered once per
//!   process (the last ten thousand are remembered), so a document offered again after a
//!   lost `done` is not answered twice; after a restart it could be, which repeats a status
//!   the sender already recorded and changes nothing.
//! - **TLS.** rustls on ring with the platform's trust store, so an agency CA installed in
//!   the system store is trusted without configuration here.

mod acknowledge;
pub mod client;
pub mod clock;
pub mod config;
pub mod error;
pub mod retry;
pub mod sign;
pub mod source;
mod wire;

pub use client::{AckStatus, Listed, MessageKind, VdxpClient, MAX_SPILL_FACTOR};
pub use clock::{Clock, Pause, PauseFuture, SystemClock, TokioPause};
pub use config::VdxpConfig;
pub use error::{Call, Operation, VdxpError};
pub use sign::{format_timestamp, hash_file, sign, SignedHeaders};
pub use source::VdxpSource;
