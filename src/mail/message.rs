//! A rendered letter as an RFC 5322 message: both parts as multipart/alternative, the subject
//! encoded per RFC 2047 (lettre does it), a Message-ID fixed by the notice, and the headers that
//! tell mail systems it was sent by a program (RFC 3834), so that no auto-reply loops back.

use chrono::{DateTime, Utc};
use lettre::address::Envelope;
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart};
use lettre::Message;
use sha2::{Digest, Sha256};

use super::render::Rendered;
use crate::domain::EmailAddress;

/// Who a message is from and goes to.
#[derive(Debug, Clone)]
pub struct Addressing {
    pub from: EmailAddress,
    pub from_name: String,
    pub reply_to: Option<EmailAddress>,
    pub to: Vec<EmailAddress>,
}

/// A file a message carries (a report's spreadsheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A message ready for the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub message_id: String,
    pub raw: String,
}

/// A message that could not be put together (an address lettre refuses, say).
#[derive(Debug, thiserror::Error)]
#[error("composing the message: {0}")]
pub struct ComposeError(String);

/// The Message-ID of a notice: the same for every rendering of it, unique across databases by
/// its dedupe key's digest.
pub fn message_id(notice_id: i64, dedupe_key: &str, domain: &str) -> String {
    let digest = hex::encode(&Sha256::digest(dedupe_key.as_bytes())[..6]);
    format!("<dondoc.{notice_id}.{digest}@{domain}>")
}

/// The domain of an address, for the Message-ID.
pub fn domain_of(address: &EmailAddress) -> &str {
    address
        .as_str()
        .rsplit_once('@')
        .map_or("localhost", |(_, d)| d)
}

fn mailbox(name: Option<&str>, address: &EmailAddress) -> Result<Mailbox, ComposeError> {
    let email = address
        .as_str()
        .parse()
        .map_err(|e| ComposeError(format!("address {}: {e}", address.as_str())))?;
    Ok(Mailbox::new(name.map(str::to_string), email))
}

fn header(name: &'static str, value: &str) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value.to_string())
}

/// Puts the message together, dated `date`, with `attachments` after its text (multipart/mixed).
pub fn compose(
    addressing: &Addressing,
    subject: &str,
    body: &Rendered,
    attachments: &[Attachment],
    message_id: &str,
    kind: &str,
    date: DateTime<Utc>,
) -> Result<Composed, ComposeError> {
    let mut b = Message::builder()
        .from(mailbox(Some(&addressing.from_name), &addressing.from)?)
        .subject(subject)
        .message_id(Some(message_id.to_string()))
        .date(date.into())
        .raw_header(header("Auto-Submitted", "auto-generated"))
        .raw_header(header("X-Auto-Response-Suppress", "All"))
        .raw_header(header("X-Dondoc-Kind", kind));
    if let Some(r) = &addressing.reply_to {
        b = b.reply_to(mailbox(None, r)?);
    }
    for to in &addressing.to {
        b = b.to(mailbox(None, to)?);
    }
    let text = MultiPart::alternative_plain_html(body.text.clone(), body.html.clone());
    let content = if attachments.is_empty() {
        text
    } else {
        let mut mixed = MultiPart::mixed().multipart(text);
        for a in attachments {
            let content_type = ContentType::parse(&a.content_type)
                .map_err(|e| ComposeError(format!("attachment {}: {e}", a.name)))?;
            mixed = mixed.singlepart(
                LettreAttachment::new(a.name.clone()).body(a.bytes.clone(), content_type),
            );
        }
        mixed
    };
    let message = b
        .multipart(content)
        .map_err(|e| ComposeError(e.to_string()))?;
    let raw = String::from_utf8(message.formatted())
        .map_err(|e| ComposeError(format!("not UTF-8: {e}")))?;
    let raw = in_local_time(raw, date);
    Ok(Composed {
        message_id: message_id.to_string(),
        raw,
    })
}

/// The message with its `Date:` header in Vietnam's time, as the letter's own date is ("Tue, 17
/// Feb 2026 07:30:00 +0700"): lettre writes it in UTC and reads back only what it writes.
fn in_local_time(raw: String, date: DateTime<Utc>) -> String {
    let head_end = raw.find("\r\n\r\n").unwrap_or(raw.len());
    let Some(start) = raw[..head_end]
        .find("\r\nDate: ")
        .map(|at| at + 2)
        .or_else(|| raw.starts_with("Date: ").then_some(0))
    else {
        return raw;
    };
    let end = raw[start..].find("\r\n").map_or(raw.len(), |e| start + e);
    let local = date.with_timezone(&crate::clock::ZONE).to_rfc2822();
    format!("{}Date: {local}{}", &raw[..start], &raw[end..])
}

/// The envelope of a kept message: the sender and every recipient.
pub fn envelope(from: &EmailAddress, to: &[String]) -> Result<Envelope, ComposeError> {
    let parse = |s: &str| {
        s.parse::<lettre::Address>()
            .map_err(|e| ComposeError(format!("address {s}: {e}")))
    };
    let to = to.iter().map(|s| parse(s)).collect::<Result<Vec<_>, _>>()?;
    Envelope::new(Some(parse(from.as_str())?), to).map_err(|e| ComposeError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> EmailAddress {
        EmailAddress::parse(s).unwrap()
    }

    #[test]
    fn a_notice_keeps_its_message_id_and_the_message_says_it_is_automatic() {
        let id = message_id(7, "notice|sxd|3|1|2026-02-13", "thuathienhue.example");
        assert_eq!(
            id,
            message_id(7, "notice|sxd|3|1|2026-02-13", "thuathienhue.example")
        );
        assert_ne!(
            id,
            message_id(7, "notice|sxd|3|2|2026-02-13", "thuathienhue.example")
        );
        assert!(id.starts_with("<dondoc.7.") && id.ends_with("@thuathienhue.example>"));
        let composed = compose(
            &Addressing {
                from: addr("vpubnd@thuathienhue.example"),
                from_name: "Văn phòng UBND tỉnh".into(),
                reply_to: None,
                to: vec![addr("sxd@thuathienhue.example")],
            },
            "Phiếu báo số 1: nhiệm vụ chưa thực hiện",
            &Rendered {
                text: "Kính gửi: Sở Xây dựng".into(),
                html: "<p>Kính gửi: Sở Xây dựng</p>".into(),
            },
            &[],
            &id,
            "notice",
            DateTime::parse_from_rfc3339("2026-02-17T00:30:00Z")
                .unwrap()
                .into(),
        )
        .unwrap();
        let raw = &composed.raw;
        assert!(raw.contains(&format!("Message-ID: {id}")), "{raw}");
        assert!(raw.contains("Auto-Submitted: auto-generated"), "{raw}");
        assert!(raw.contains("Subject: =?utf-8?"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.is_ascii(), "the Vietnamese text is transfer-encoded");
        // 00:30 UTC is 07:30 in Vietnam, and the header says so, once.
        assert!(
            raw.contains("Date: Tue, 17 Feb 2026 07:30:00 +0700"),
            "{raw}"
        );
        assert_eq!(raw.matches("\r\nDate: ").count(), 1, "{raw}");
    }
}
