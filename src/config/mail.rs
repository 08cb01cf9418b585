//! The `[mail]` section (and `[mail.smtp]`): how notices leave dondoc, who signs them, and how
//! hard the outbox tries.
//!
//! The folder transport is the default, so that a first run on a fresh machine writes its mail
//! where the user can open it (`<data_dir>/mail/`, a contract) instead of failing to reach a
//! relay it was never told about.

use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use crate::domain::EmailAddress;

/// What the admin wrote under `[mail]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMail {
    pub transport: Option<String>,
    pub folder: Option<String>,
    pub from: Option<String>,
    pub from_name: Option<String>,
    pub reply_to: Option<String>,
    pub templates_dir: Option<String>,
    pub province: Option<String>,
    pub office: Option<String>,
    pub place: Option<String>,
    pub signer_title: Option<String>,
    pub signer_name: Option<String>,
    pub send_interval_secs: Option<u64>,
    pub max_attempts: Option<u32>,
    pub retry_base_secs: Option<u64>,
    pub retry_max_secs: Option<u64>,
    pub claim_lease_secs: Option<u64>,
    pub batch_size: Option<u32>,
    /// Read on its own as a [`RawSmtp`], so that a wrong key in it is named exactly.
    pub smtp: Option<serde::de::IgnoredAny>,
}

/// `[mail.smtp]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSmtp {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub security: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub timeout_secs: Option<u64>,
    pub pool_max: Option<u32>,
    pub ca_file: Option<String>,
    pub helo_name: Option<String>,
}

/// Where a message goes once rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailTransport {
    /// One `.eml` file per message in `folder`: the demo, dry runs, a site without a relay yet.
    Folder,
    /// An SMTP relay, `[mail.smtp]`.
    Smtp,
}

impl MailTransport {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Folder => "folder",
            Self::Smtp => "smtp",
        }
    }
}

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No TLS at all: only for a relay on the same host or network.
    Plain,
}

impl SmtpSecurity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StartTls => "starttls",
            Self::Tls => "tls",
            Self::Plain => "plain",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Self::StartTls => 587,
            Self::Tls => 465,
            Self::Plain => 25,
        }
    }
}

/// The validated `[mail.smtp]`.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// Never printed; set it from `DONDOC__MAIL__SMTP__PASSWORD`.
    pub password: Option<SecretString>,
    /// For connecting, each command, and the message's transfer.
    pub timeout: Duration,
    /// Connections kept open to the relay.
    pub pool_max: u32,
    /// A PEM file of extra certificate authorities (a province's own CA), besides the system's.
    pub ca_file: Option<PathBuf>,
    /// The name given in EHLO; the machine's host name when unset.
    pub helo_name: Option<String>,
}

/// Who signs the letters: the header block and the signature of Appendix II. The templates get
/// it as `letter.signature`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Signature {
    /// "UBND TỈNH THỪA THIÊN HUẾ".
    pub province: String,
    /// "VĂN PHÒNG".
    pub office: String,
    /// The place written before the date: "Huế, ngày … ".
    pub place: String,
    pub signer_title: String,
    pub signer_name: Option<String>,
}

/// The validated `[mail]` section.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub transport: MailTransport,
    /// Where the folder transport writes (default `<data_dir>/mail`, a contract).
    pub folder: PathBuf,
    /// The sender's address; `None`: the Office's (`[urging] office`, else the directory's).
    pub from: Option<EmailAddress>,
    /// The sender's display name.
    pub from_name: String,
    pub reply_to: Option<EmailAddress>,
    /// Templates here replace the shipped ones of the same name.
    pub templates_dir: Option<PathBuf>,
    pub signature: Signature,
    pub smtp: SmtpConfig,
    /// How often the daemon looks at the outbox.
    pub send_interval: Duration,
    /// Attempts before a message that keeps meeting temporary failures is given up.
    pub max_attempts: u32,
    /// The wait after the first temporary failure; it doubles each time up to `retry_max`.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// How long a claim on a message lasts: a sender that dies holding one frees it then.
    pub claim_lease: Duration,
    /// Messages claimed at a time.
    pub batch_size: u32,
}

/// Checks the sections; every problem comes back as `(key, reason)`, with the default kept in
/// its place.
pub fn check(raw: RawMail, smtp: RawSmtp, data_dir: &Path) -> (MailConfig, Vec<(String, String)>) {
    let mut problems = Vec::new();
    let mut bad = |key: &str, reason: String| problems.push((key.to_string(), reason));
    let transport = match raw.transport.as_deref().map(str::trim) {
        None | Some("folder") => MailTransport::Folder,
        Some("smtp") => MailTransport::Smtp,
        Some(other) => {
            bad(
                "mail.transport",
                format!("{other:?} is not one of folder, smtp"),
            );
            MailTransport::Folder
        }
    };
    let under_data_dir = |s: &str| {
        let p = PathBuf::from(s);
        if p.is_relative() {
            data_dir.join(p)
        } else {
            p
        }
    };
    let folder = match raw.folder.as_deref().map(str::trim) {
        None => data_dir.join("mail"),
        Some("") => {
            bad("mail.folder", "must not be empty".into());
            data_dir.join("mail")
        }
        Some(s) => under_data_dir(s),
    };
    let mut address = |key: &str, v: Option<String>| match v.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match EmailAddress::parse(s) {
            Ok(e) => Some(e),
            Err(e) => {
                bad(key, e.to_string());
                None
            }
        },
    };
    let from = address("mail.from", raw.from);
    let reply_to = address("mail.reply_to", raw.reply_to);
    let text = |v: Option<String>, default: &str| {
        crate::domain::text::nfc(v.as_deref().map(str::trim).unwrap_or(default))
    };
    let signature = Signature {
        province: text(raw.province, "UBND TỈNH THỪA THIÊN HUẾ"),
        office: text(raw.office, "VĂN PHÒNG"),
        place: text(raw.place, "Huế"),
        signer_title: text(raw.signer_title, "CHÁNH VĂN PHÒNG"),
        signer_name: raw
            .signer_name
            .map(|s| crate::domain::text::nfc(s.trim()))
            .filter(|s| !s.is_empty()),
    };
    // Bounded above as well: a lease or a wait of centuries is a typo, and would overflow the
    // instants the outbox computes.
    let mut number = |key: &str, v: Option<u64>, default: u64, max: u64| match v {
        Some(0) => {
            problems.push((key.to_string(), "must be at least 1".into()));
            default
        }
        Some(v) if v > max => {
            problems.push((key.to_string(), format!("must be at most {max} (got {v})")));
            default
        }
        Some(v) => v,
        None => default,
    };
    const DAY: u64 = 86_400;
    let send_interval = number("mail.send_interval_secs", raw.send_interval_secs, 30, DAY);
    let max_attempts = number(
        "mail.max_attempts",
        raw.max_attempts.map(u64::from),
        10,
        1000,
    );
    let retry_base = number("mail.retry_base_secs", raw.retry_base_secs, 60, 7 * DAY);
    let retry_max = number("mail.retry_max_secs", raw.retry_max_secs, 3600, 7 * DAY);
    let claim_lease = number("mail.claim_lease_secs", raw.claim_lease_secs, 300, DAY);
    let batch_size = number("mail.batch_size", raw.batch_size.map(u64::from), 50, 10_000);
    let timeout = number("mail.smtp.timeout_secs", smtp.timeout_secs, 30, 3600);
    let pool_max = number("mail.smtp.pool_max", smtp.pool_max.map(u64::from), 4, 64);
    if retry_max < retry_base {
        problems.push((
            "mail.retry_max_secs".into(),
            format!("must be at least retry_base_secs ({retry_base})"),
        ));
    }
    // One send is a connection, a few commands and the transfer, each within the timeout: a
    // claim must outlast it, or another sender could take the message while it is going.
    if claim_lease < 4 * timeout {
        problems.push((
            "mail.claim_lease_secs".into(),
            format!(
                "must be at least 4 × mail.smtp.timeout_secs ({})",
                4 * timeout
            ),
        ));
    }
    let security = match smtp.security.as_deref().map(str::trim) {
        None | Some("starttls") => SmtpSecurity::StartTls,
        Some("tls") => SmtpSecurity::Tls,
        Some("plain") => SmtpSecurity::Plain,
        Some(other) => {
            problems.push((
                "mail.smtp.security".into(),
                format!("{other:?} is not one of starttls, tls, plain"),
            ));
            SmtpSecurity::StartTls
        }
    };
    let host = smtp
        .host
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_string();
    if transport == MailTransport::Smtp && host.is_empty() {
        problems.push((
            "mail.smtp.host".into(),
            "is required when mail.transport is \"smtp\"".into(),
        ));
    }
    let username = smtp.username.filter(|u| !u.trim().is_empty());
    let password = smtp
        .password
        .filter(|p| !p.is_empty())
        .map(SecretString::from);
    match (&username, &password) {
        (None, Some(_)) => problems.push((
            "mail.smtp.password".into(),
            "is set but mail.smtp.username is not".into(),
        )),
        (Some(_), None) => problems.push((
            "mail.smtp.username".into(),
            "is set but mail.smtp.password is not (set it with DONDOC__MAIL__SMTP__PASSWORD)"
                .into(),
        )),
        _ => {}
    }
    let helo_name = smtp.helo_name.filter(|s| !s.trim().is_empty());
    if let Some(h) = &helo_name {
        let valid = h
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !valid {
            problems.push((
                "mail.smtp.helo_name".into(),
                format!("{h:?} is not a host name (letters, digits, dots and hyphens)"),
            ));
        }
    }
    let ca_file = smtp
        .ca_file
        .filter(|s| !s.trim().is_empty())
        .map(|s| under_data_dir(&s));
    if let Some(ca) = &ca_file {
        if !ca.is_file() {
            problems.push((
                "mail.smtp.ca_file".into(),
                format!("{} is not a readable file", ca.display()),
            ));
        }
    }
    let templates_dir = raw
        .templates_dir
        .filter(|s| !s.trim().is_empty())
        .map(|s| under_data_dir(&s));
    let mail = MailConfig {
        transport,
        folder,
        from,
        from_name: text(raw.from_name, "Văn phòng UBND tỉnh"),
        reply_to,
        templates_dir,
        signature,
        smtp: SmtpConfig {
            host,
            port: smtp.port.unwrap_or(security.default_port()),
            security,
            username,
            password,
            timeout: Duration::from_secs(timeout),
            pool_max: pool_max as u32,
            ca_file,
            helo_name,
        },
        send_interval: Duration::from_secs(send_interval),
        max_attempts: max_attempts as u32,
        retry_base: Duration::from_secs(retry_base),
        retry_max: Duration::from_secs(retry_max.max(retry_base)),
        claim_lease: Duration::from_secs(claim_lease),
        batch_size: batch_size as u32,
    };
    (mail, problems)
}

impl MailConfig {
    /// The section as `config check` prints it, the password redacted.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let path = |p: &Path| q(&p.display().to_string());
        let mut out = format!(
            "\n[mail]\ntransport = {}\nfolder = {}\n",
            q(self.transport.as_str()),
            path(&self.folder)
        );
        match &self.from {
            Some(f) => out.push_str(&format!("from = {}\n", q(f.as_str()))),
            None => out.push_str("# from: the Office's address\n"),
        }
        out.push_str(&format!("from_name = {}\n", q(&self.from_name)));
        if let Some(r) = &self.reply_to {
            out.push_str(&format!("reply_to = {}\n", q(r.as_str())));
        }
        if let Some(t) = &self.templates_dir {
            out.push_str(&format!("templates_dir = {}\n", path(t)));
        }
        let s = &self.signature;
        out.push_str(&format!(
            "province = {}\noffice = {}\nplace = {}\nsigner_title = {}\n",
            q(&s.province),
            q(&s.office),
            q(&s.place),
            q(&s.signer_title)
        ));
        if let Some(n) = &s.signer_name {
            out.push_str(&format!("signer_name = {}\n", q(n)));
        }
        out.push_str(&format!(
            "send_interval_secs = {}\nmax_attempts = {}\nretry_base_secs = {}\nretry_max_secs = {}\n\
             claim_lease_secs = {}\nbatch_size = {}\n",
            self.send_interval.as_secs(),
            self.max_attempts,
            self.retry_base.as_secs(),
            self.retry_max.as_secs(),
            self.claim_lease.as_secs(),
            self.batch_size
        ));
        let m = &self.smtp;
        out.push_str(&format!(
            "\n[mail.smtp]\nhost = {}\nport = {}\nsecurity = {}\n",
            q(&m.host),
            m.port,
            q(m.security.as_str())
        ));
        if let Some(u) = &m.username {
            out.push_str(&format!("username = {}\n", q(u)));
        }
        if m.password.is_some() {
            out.push_str("password = \"[redacted]\"\n");
        }
        out.push_str(&format!(
            "timeout_secs = {}\npool_max = {}\n",
            m.timeout.as_secs(),
            m.pool_max
        ));
        if let Some(ca) = &m.ca_file {
            out.push_str(&format!("ca_file = {}\n", path(ca)));
        }
        if let Some(h) = &m.helo_name {
            out.push_str(&format!("helo_name = {}\n", q(h)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_mail_is_written_to_the_data_folder() {
        let (m, problems) = check(RawMail::default(), RawSmtp::default(), Path::new("/srv/d"));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(m.transport, MailTransport::Folder);
        assert_eq!(m.folder, Path::new("/srv/d/mail"));
        assert_eq!(m.smtp.security, SmtpSecurity::StartTls);
        assert_eq!(m.smtp.port, 587);
        assert_eq!(m.signature.signer_title, "CHÁNH VĂN PHÒNG");
    }

    #[test]
    fn smtp_needs_a_host_and_every_bad_value_is_named() {
        let raw = RawMail {
            transport: Some("smtp".into()),
            from: Some("not an address".into()),
            max_attempts: Some(0),
            retry_base_secs: Some(600),
            retry_max_secs: Some(60),
            claim_lease_secs: Some(10_000_000_000_000),
            ..RawMail::default()
        };
        let smtp = RawSmtp {
            security: Some("ssl".into()),
            password: Some("s3cret".into()),
            helo_name: Some("dondoc\r\nMAIL FROM".into()),
            ..RawSmtp::default()
        };
        let (mail, problems) = check(raw, smtp, Path::new("."));
        assert!(mail.to_toml().contains("password = \"[redacted]\""));
        assert!(!mail.to_toml().contains("s3cret"));
        let keys: Vec<&str> = problems.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "mail.from",
                "mail.max_attempts",
                "mail.claim_lease_secs",
                "mail.retry_max_secs",
                "mail.smtp.security",
                "mail.smtp.host",
                "mail.smtp.password",
                "mail.smtp.helo_name",
            ]
        );
        assert!(problems.iter().all(|(_, r)| !r.contains("s3cret")));
    }

    #[test]
    fn the_port_follows_the_security_unless_given() {
        let smtp = |security: &str, port: Option<u16>| RawSmtp {
            host: Some("relay.example".into()),
            security: Some(security.into()),
            port,
            ..RawSmtp::default()
        };
        let port = |s| check(RawMail::default(), s, Path::new(".")).0.smtp.port;
        assert_eq!(port(smtp("tls", None)), 465);
        assert_eq!(port(smtp("plain", None)), 25);
        assert_eq!(port(smtp("plain", Some(2525))), 2525);
    }
}
