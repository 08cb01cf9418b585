//! Email: the notices the urging policy queued, written as the Office would write them and
//! delivered once.
//!
//! # Layout
//! - [`render`]: the templates (`config/templates/`, overridable by the admin) and what they are
//!   given ([`render::Letter`]); Vietnamese dates.
//! - [`message`]: a rendered letter as an RFC 5322 message (both parts, RFC 2047 subject, a
//!   Message-ID fixed by the notice, RFC 3834 headers).
//! - [`transport`]: SMTP (lettre: STARTTLS, implicit TLS or plain, authentication, a pool,
//!   timeouts) or a folder of `.eml` files; failures sorted into temporary and permanent.
//! - [`sender`]: the outbox's sender: claim, render once, send, record; retries with backoff,
//!   failures reported to the Office.
//!
//! The outbox itself is the `notices` table (`store::outbox`): a notice is queued in the same
//! transaction that decides it, and is the message to send.

pub mod message;
pub mod render;
pub mod sender;
pub mod transport;

pub use sender::{Delivery, Sender, SetupError};
pub use transport::{SendError, Transport};
