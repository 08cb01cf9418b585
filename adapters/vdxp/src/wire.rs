//! The axis's JSON replies, read leniently: keys in any case, numbers where strings were
//! expected, `to` as a string or an array, unknown fields ignored. Leniency stops where a reply
//! could be mistaken for "nothing to do": a reply that does not say OK is an error.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde_json::{Map, Value};

use crate::client::{Listed, MessageKind};
use crate::error::{Call, VdxpError};

/// Standard alphabet; padding optional, since the SDK's encoder is not the only one in use.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A reply the axis says succeeded.
#[derive(Debug)]
pub(crate) struct Reply(Map<String, Value>);

/// Reads a 2xx body as `{status, ErrorCode, ErrorDesc, …}` and checks it says OK.
///
/// `scrub` removes anything secret from text the axis sends back before it goes into an error.
pub(crate) fn parse_reply(
    call: &Call,
    body: &[u8],
    scrub: impl Fn(&str) -> String,
) -> Result<Reply, VdxpError> {
    let malformed = |reason: String| VdxpError::Malformed {
        call: call.clone(),
        reason,
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(malformed("empty body".to_owned()));
    }
    // The body is not quoted: on getEdoc it could be a document, and a document may be secret.
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("not JSON ({} bytes): {e}", body.len())))?;
    let Value::Object(object) = value else {
        return Err(malformed(format!(
            "expected a JSON object, got {}",
            kind_of(&value)
        )));
    };

    let status = field(&object, "status").and_then(scalar);
    let code = field(&object, "ErrorCode").and_then(scalar);
    let failed = status
        .as_deref()
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("FAIL"))
        || code.as_deref().is_some_and(|c| c.trim() != "0");
    if failed {
        let desc = field(&object, "ErrorDesc")
            .and_then(scalar)
            .unwrap_or_default();
        return Err(VdxpError::Refused {
            call: call.clone(),
            status: status.unwrap_or_else(|| "-".to_owned()),
            code: code.unwrap_or_else(|| "-".to_owned()),
            desc: scrub(&desc),
        });
    }
    let said_ok = status
        .as_deref()
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("OK"))
        || code.as_deref().is_some_and(|c| c.trim() == "0");
    if !said_ok {
        return Err(malformed(
            "the reply says neither status OK nor ErrorCode 0".to_owned(),
        ));
    }
    Ok(Reply(object))
}

impl Reply {
    /// The `data` array of `getReceivedEdocList`. Items without a docId cannot be fetched or
    /// acknowledged, so they are logged and left out rather than failing the whole page.
    pub(crate) fn listed(&self, call: &Call, kind: MessageKind) -> Result<Vec<Listed>, VdxpError> {
        let items = match field(&self.0, "data") {
            Some(Value::Array(items)) => items,
            // The documented reply always has `data`; one without it cannot be told from a
            // broken one, and must not read as "nothing waiting".
            Some(other) => {
                return Err(VdxpError::Malformed {
                    call: call.clone(),
                    reason: format!("data is {}, not a list", kind_of(other)),
                })
            }
            None => {
                return Err(VdxpError::Malformed {
                    call: call.clone(),
                    reason: "the reply has no data".to_owned(),
                })
            }
        };
        let mut listed = Vec::with_capacity(items.len());
        for (position, item) in items.iter().enumerate() {
            match listed_item(item, kind) {
                Some(item) => listed.push(item),
                None => tracing::warn!(
                    operation = %call.operation,
                    position,
                    "Skipped a listed item without a docId"
                ),
            }
        }
        Ok(listed)
    }

    /// The document of `getEdoc`: `data` decoded from base64. Never empty.
    pub(crate) fn document(&self, call: &Call) -> Result<Vec<u8>, VdxpError> {
        let malformed = |reason: &str| VdxpError::Malformed {
            call: call.clone(),
            reason: reason.to_owned(),
        };
        let encoded = match field(&self.0, "data") {
            Some(Value::String(text)) => text,
            Some(Value::Null) | None => return Err(malformed("the reply has no data")),
            Some(_) => return Err(malformed("data is not a base64 string")),
        };
        // Encoders that wrap lines (MIME style) are common; whitespace carries nothing.
        let compact: Vec<u8> = encoded
            .bytes()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        if compact.is_empty() {
            return Err(malformed("data is empty"));
        }
        let bytes = BASE64
            .decode(&compact)
            .map_err(|e| malformed(&format!("data is not valid base64: {e}")))?;
        if bytes.is_empty() {
            return Err(malformed("data decodes to nothing"));
        }
        Ok(bytes)
    }

    /// The id `sendEdoc` gave what we sent.
    pub(crate) fn doc_id(&self, call: &Call) -> Result<String, VdxpError> {
        field(&self.0, "DocId")
            .and_then(scalar)
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| VdxpError::Malformed {
                call: call.clone(),
                reason: "the reply has no DocId".to_owned(),
            })
    }
}

fn listed_item(item: &Value, kind: MessageKind) -> Option<Listed> {
    let Value::Object(item) = item else {
        return None;
    };
    let doc_id = field(item, "docId")
        .and_then(scalar)
        .filter(|id| !id.trim().is_empty())?;
    Some(Listed {
        doc_id,
        from: field(item, "from").and_then(scalar).unwrap_or_default(),
        to: field(item, "to").map(recipients).unwrap_or_default(),
        status: field(item, "status").and_then(scalar),
        created_time: field(item, "created_time")
            .or_else(|| field(item, "createdTime"))
            .and_then(scalar),
        message_kind: kind,
    })
}

/// `to` as the axis gives it: an array, a JSON array inside a string, or a string of ids
/// separated by commas or semicolons.
fn recipients(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter_map(scalar)
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty())
            .collect(),
        Value::String(text) => {
            let text = text.trim();
            if text.starts_with('[') {
                if let Ok(inner @ Value::Array(_)) = serde_json::from_str::<Value>(text) {
                    return recipients(&inner);
                }
            }
            text.split([',', ';'])
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect()
        }
        other => scalar(other).into_iter().collect(),
    }
}

/// A key as documented, or failing that in any case (`ErrorCode`, `errorCode`, `docid`).
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// A string, number or boolean as text; nothing for null, arrays and objects.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Operation;

    fn call() -> Call {
        Call::new(Operation::ListReceived, None)
    }

    fn ok(body: &str) -> Reply {
        parse_reply(&call(), body.as_bytes(), str::to_owned).expect("an OK reply")
    }

    #[test]
    fn to_is_read_as_an_array_a_json_string_or_a_list() {
        assert_eq!(recipients(&serde_json::json!(["A", " B "])), ["A", "B"]);
        assert_eq!(recipients(&serde_json::json!("[\"A\",\"B\"]")), ["A", "B"]);
        assert_eq!(recipients(&serde_json::json!("A, B;C")), ["A", "B", "C"]);
        assert_eq!(recipients(&serde_json::json!("A")), ["A"]);
        assert!(recipients(&serde_json::json!("")).is_empty());
    }

    #[test]
    fn list_items_are_read_whatever_the_key_case_and_scalar_type() {
        let reply = ok(r#"{"status":"OK","errorCode":0,"data":[
            {"DocId":123,"from":"X","to":"Y","status":"initial","created_time":"2024-05-31 10:00:00","extra":{}},
            {"from":"no id"},
            "not an object"
        ]}"#);
        let listed = reply.listed(&call(), MessageKind::Edoc).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].doc_id, "123");
        assert_eq!(listed[0].to, ["Y"]);
        assert_eq!(
            listed[0].created_time.as_deref(),
            Some("2024-05-31 10:00:00")
        );
    }

    #[test]
    fn a_reply_that_does_not_say_ok_is_not_success() {
        let err = parse_reply(&call(), br#"{"data":[]}"#, str::to_owned).unwrap_err();
        assert!(matches!(err, VdxpError::Malformed { .. }), "{err}");
    }

    #[test]
    fn a_list_reply_without_data_is_not_an_empty_list() {
        let err = ok(r#"{"status":"OK","ErrorCode":"0"}"#)
            .listed(&call(), MessageKind::Edoc)
            .unwrap_err();
        assert!(matches!(err, VdxpError::Malformed { .. }), "{err}");
    }

    #[test]
    fn wrapped_base64_decodes() {
        let reply = ok("{\"status\":\"OK\",\"data\":\"PGVk\\r\\nWE1M\\nLz4=\"}");
        assert_eq!(reply.document(&call()).unwrap(), b"<edXML/>");
    }

    #[test]
    fn a_refusal_keeps_its_code_and_description() {
        let err = parse_reply(
            &call(),
            br#"{"status":"OK","ErrorCode":"5","ErrorDesc":"Sai chu ky"}"#,
            str::to_owned,
        )
        .unwrap_err();
        match err {
            VdxpError::Refused { code, desc, .. } => {
                assert_eq!(code, "5");
                assert_eq!(desc, "Sai chu ky");
            }
            other => panic!("expected a refusal, got {other}"),
        }
    }
}
