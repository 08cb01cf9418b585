//! Where a rendered message goes: an SMTP relay (lettre, pooled, with timeouts and TLS as
//! configured) or a folder of `.eml` files. Each failure is sorted the way the outbox acts on
//! it: a temporary one is retried, a permanent one fails the message.

use std::path::{Path, PathBuf};

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{MailConfig, MailTransport, SmtpSecurity};

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Not the message's fault: the relay could not be reached (refused, dropped before it
    /// answered, a timeout, a TLS handshake that failed), said it is closing (421), or refused
    /// our credentials. Every message would meet it: the pass stops, and no message is failed
    /// for it, however long it lasts.
    #[error("the relay is unavailable: {0}")]
    Relay(String),
    /// This message met a temporary refusal (another 4xx), or the connection dropped while it
    /// was being sent: worth trying again later, a limited number of times.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// The server refused the message for good (5xx): sending it again would change nothing.
    #[error("permanent failure: {0}")]
    Permanent(String),
}

impl SendError {
    pub fn reason(&self) -> &str {
        match self {
            Self::Relay(r) | Self::Temporary(r) | Self::Permanent(r) => r,
        }
    }
}

/// A transport that could not be set up from the configuration.
#[derive(Debug, thiserror::Error)]
#[error("mail.smtp: {0}")]
pub struct TransportError(String);

/// The configured way out.
#[derive(Clone)]
pub enum Transport {
    Folder(PathBuf),
    Smtp(Box<AsyncSmtpTransport<Tokio1Executor>>),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Folder(p) => write!(f, "Folder({})", p.display()),
            Self::Smtp(_) => f.write_str("Smtp"),
        }
    }
}

impl Transport {
    pub fn from_config(mail: &MailConfig) -> Result<Self, TransportError> {
        match mail.transport {
            MailTransport::Folder => Ok(Self::Folder(mail.folder.clone())),
            MailTransport::Smtp => smtp(mail).map(|t| Self::Smtp(Box::new(t))),
        }
    }

    /// Delivers `raw` to the envelope's recipients. `name` names the file the folder transport
    /// writes (a resend overwrites it, so the folder holds each message once).
    pub async fn send(&self, envelope: &Envelope, raw: &[u8], name: &str) -> Result<(), SendError> {
        match self {
            Self::Folder(dir) => write_eml(dir, name, raw).await,
            Self::Smtp(t) => t.send_raw(envelope, raw).await.map(drop).map_err(classify),
        }
    }

    /// What a log line says of it: never a password.
    pub fn describe(&self, mail: &MailConfig) -> String {
        match self {
            Self::Folder(dir) => format!("folder {}", dir.display()),
            Self::Smtp(_) => format!(
                "smtp {}:{} ({})",
                mail.smtp.host,
                mail.smtp.port,
                mail.smtp.security.as_str()
            ),
        }
    }
}

fn smtp(mail: &MailConfig) -> Result<AsyncSmtpTransport<Tokio1Executor>, TransportError> {
    let s = &mail.smtp;
    let tls_parameters = || -> Result<TlsParameters, TransportError> {
        let mut b = TlsParameters::builder(s.host.clone());
        if let Some(ca) = &s.ca_file {
            let pem = std::fs::read(ca)
                .map_err(|e| TransportError(format!("ca_file {}: {e}", ca.display())))?;
            let cert = Certificate::from_pem(&pem)
                .map_err(|e| TransportError(format!("ca_file {}: {e}", ca.display())))?;
            b = b.add_root_certificate(cert);
        }
        b.build_rustls()
            .map_err(|e| TransportError(format!("TLS for {}: {e}", s.host)))
    };
    let tls = match s.security {
        SmtpSecurity::Plain => Tls::None,
        SmtpSecurity::StartTls => Tls::Required(tls_parameters()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls_parameters()?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.as_str())
        .port(s.port)
        .tls(tls)
        .timeout(Some(s.timeout))
        .pool_config(PoolConfig::new().max_size(s.pool_max));
    if let Some(name) = &s.helo_name {
        builder = builder.hello_name(ClientId::Domain(name.clone()));
    }
    if let (Some(user), Some(password)) = (&s.username, &s.password) {
        if s.security == SmtpSecurity::Plain {
            tracing::warn!(
                host = %s.host,
                "mail.smtp.security is \"plain\": the password goes over the network unencrypted"
            );
        }
        builder = builder.credentials(Credentials::new(
            user.clone(),
            password.expose_secret().to_string(),
        ));
    }
    Ok(builder.build())
}

/// Replies that refuse our credentials: 530 (authentication required), 534 (mechanism too
/// weak), 535 (credentials invalid), 538 (encryption required for it).
const AUTH_REFUSALS: [u16; 4] = [530, 534, 535, 538];

/// "Service not available, closing transmission channel".
const CLOSING: u16 = 421;

/// Sorts lettre's error the way the outbox acts on it. A reply carries the server's verdict:
/// 421 and a refusal of our credentials are about the relay, another 4xx is temporary, a 5xx
/// permanent. Without one: a reply cut short or a connection that broke in the middle of an
/// exchange ("network error") may be this message's doing, so it is temporary; anything else
/// (refused, a timeout, TLS, STARTTLS missing) means the relay was not usable.
fn classify(e: lettre::transport::smtp::Error) -> SendError {
    let text = error_text(&e);
    match e.status().map(u16::from) {
        Some(c) if AUTH_REFUSALS.contains(&c) => {
            SendError::Relay(format!("the relay refused our credentials: {text}"))
        }
        Some(CLOSING) => SendError::Relay(text),
        Some(_) if e.is_permanent() => SendError::Permanent(text),
        Some(_) => SendError::Temporary(text),
        None if e.is_response() || text.starts_with("network error") => SendError::Temporary(text),
        None => SendError::Relay(text),
    }
}

/// The error and its causes on one line: lettre's own message often says only "network error".
fn error_text(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = s.source();
    }
    text
}

/// Writes `<dir>/<name>.eml` whole or not at all (a temporary file renamed into place).
async fn write_eml(dir: &Path, name: &str, raw: &[u8]) -> Result<(), SendError> {
    let fail =
        |what: &str, e: std::io::Error| SendError::Relay(format!("{what} {}: {e}", dir.display()));
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| fail("creating", e))?;
    let tmp = dir.join(format!(".{name}.eml.tmp"));
    tokio::fs::write(&tmp, raw)
        .await
        .map_err(|e| fail("writing in", e))?;
    tokio::fs::rename(&tmp, dir.join(format!("{name}.eml")))
        .await
        .map_err(|e| fail("writing in", e))
}
