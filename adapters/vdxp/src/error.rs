//! What can go wrong talking to the axis, split by whether trying again can help.

use std::fmt;
use std::time::Duration;

/// The axis operations this crate calls; each displays as its path, the name operators see in the
/// axis's own logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    ListReceived,
    GetEdoc,
    UpdateStatus,
    SendEdoc,
}

impl Operation {
    /// The path segment after the endpoint.
    pub fn path(self) -> &'static str {
        match self {
            Operation::ListReceived => "getReceivedEdocList",
            Operation::GetEdoc => "getEdoc",
            Operation::UpdateStatus => "updateStatus",
            Operation::SendEdoc => "sendEdoc",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// One call as an error names it: the operation, and the document when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub operation: Operation,
    pub doc_id: Option<String>,
}

impl Call {
    pub(crate) fn new(operation: Operation, doc_id: Option<&str>) -> Self {
        Self {
            operation,
            doc_id: doc_id.map(str::to_owned),
        }
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.doc_id {
            Some(id) => write!(f, "VDXP {} for docId {id}", self.operation),
            None => write!(f, "VDXP {}", self.operation),
        }
    }
}

/// A failed call to the axis.
///
/// No variant carries the secret: it never goes on the wire (only an HMAC of the signed headers
/// does), and text the axis sends back is scrubbed of it before it lands here.
#[derive(Debug, thiserror::Error)]
pub enum VdxpError {
    /// The configuration cannot make a working client; nothing was sent.
    #[error("cannot set up the VDXP client: {reason}")]
    Setup { reason: String },

    /// The request could not be built (a header value HTTP does not allow); nothing was sent.
    #[error("{call}: cannot build the request: {reason}")]
    Request { call: Call, reason: String },

    /// No complete answer: the connection failed or broke off.
    #[error("{call}: could not reach the axis: {reason}")]
    Transport { call: Call, reason: String },

    /// No answer within the per-request timeout.
    #[error("{call}: the axis did not answer within {timeout:?}")]
    Timeout { call: Call, timeout: Duration },

    /// A status other than 2xx.
    #[error("{call}: the axis answered HTTP {status}{}: {body}", retry_after_note(*.retry_after))]
    Http {
        call: Call,
        status: u16,
        /// What `Retry-After` asked for, on a 429 or 503 that sent one.
        retry_after: Option<Duration>,
        /// The start of the body, for the operator.
        body: String,
    },

    /// A well-formed reply that says the call failed (`status: "FAIL"` or `ErrorCode` not "0").
    #[error("{call}: the axis refused (status {status}, ErrorCode {code}): {desc}")]
    Refused {
        call: Call,
        status: String,
        code: String,
        desc: String,
    },

    /// A 2xx whose body is not the reply the operation promises: empty, not JSON, a missing
    /// field, bad base64.
    #[error("{call}: malformed reply: {reason}")]
    Malformed { call: Call, reason: String },

    /// A reply longer than `max_reply_bytes`: refused, and for a document with a `spill_dir`,
    /// streamed whole into `kept` as it came (none past [`crate::MAX_SPILL_FACTOR`] times the
    /// limit).
    #[error("{call}: the reply is over {limit} bytes, the limit ([edxml] max_message_mib)")]
    TooLarge {
        call: Call,
        limit: u64,
        kept: Option<std::path::PathBuf>,
    },
}

fn retry_after_note(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(" (Retry-After {}s)", wait.as_secs()),
        None => String::new(),
    }
}

impl VdxpError {
    /// Whether the same call may succeed later: network trouble, timeouts, 5xx, 429 and 408.
    /// Everything else is the axis telling us no, and repeating it would get the same answer.
    pub fn is_transient(&self) -> bool {
        match self {
            VdxpError::Transport { .. } | VdxpError::Timeout { .. } => true,
            VdxpError::Http { status, .. } => is_transient_status(*status),
            VdxpError::Setup { .. }
            | VdxpError::Request { .. }
            | VdxpError::Refused { .. }
            | VdxpError::Malformed { .. }
            | VdxpError::TooLarge { .. } => false,
        }
    }

    /// The call that failed; `None` only for [`VdxpError::Setup`].
    pub fn call(&self) -> Option<&Call> {
        match self {
            VdxpError::Setup { .. } => None,
            VdxpError::Request { call, .. }
            | VdxpError::Transport { call, .. }
            | VdxpError::Timeout { call, .. }
            | VdxpError::Http { call, .. }
            | VdxpError::Refused { call, .. }
            | VdxpError::Malformed { call, .. }
            | VdxpError::TooLarge { call, .. } => Some(call),
        }
    }

    /// The HTTP status, when the failure is one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            VdxpError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the axis asked us to wait, when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            VdxpError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the axis says the document does not exist: a 404, or a refusal whose ErrorDesc
    /// says so in English or Vietnamese (the axis is not consistent about which).
    pub fn is_not_found(&self) -> bool {
        match self {
            VdxpError::Http { status, .. } => *status == 404,
            VdxpError::Refused { desc, .. } => {
                let desc = desc.to_lowercase();
                ["not found", "not exist", "không tồn tại", "không tìm thấy"]
                    .iter()
                    .any(|phrase| desc.contains(phrase))
            }
            _ => false,
        }
    }
}

/// 5xx is the server's trouble, 429 and 408 ask us to come back later.
pub(crate) fn is_transient_status(status: u16) -> bool {
    status >= 500 || status == 429 || status == 408
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> Call {
        Call::new(Operation::GetEdoc, Some("42"))
    }

    #[test]
    fn network_trouble_and_busy_servers_are_worth_retrying() {
        for status in [500, 502, 503, 504, 429, 408] {
            let e = VdxpError::Http {
                call: call(),
                status,
                retry_after: None,
                body: String::new(),
            };
            assert!(e.is_transient(), "{status}");
        }
        let e = VdxpError::Timeout {
            call: call(),
            timeout: Duration::from_secs(1),
        };
        assert!(e.is_transient());
    }

    #[test]
    fn refusals_and_client_errors_are_not_retried() {
        for status in [400, 401, 403, 404, 409, 422] {
            let e = VdxpError::Http {
                call: call(),
                status,
                retry_after: None,
                body: String::new(),
            };
            assert!(!e.is_transient(), "{status}");
        }
        let e = VdxpError::Refused {
            call: call(),
            status: "FAIL".into(),
            code: "1".into(),
            desc: "bad".into(),
        };
        assert!(!e.is_transient());
    }

    #[test]
    fn an_error_names_the_operation_and_the_document() {
        let e = VdxpError::Refused {
            call: call(),
            status: "FAIL".into(),
            code: "7".into(),
            desc: "Văn bản không tồn tại".into(),
        };
        let text = e.to_string();
        assert!(text.contains("getEdoc"), "{text}");
        assert!(text.contains("docId 42"), "{text}");
        assert!(text.contains("Văn bản không tồn tại"), "{text}");
        assert!(e.is_not_found());
    }
}
