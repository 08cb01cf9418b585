//! Helpers shared by the wiremock tests: a config pointing at the mock axis, a fixed clock, a
//! pause that records instead of waiting, and a signature check written from the protocol
//! description rather than from the crate's signing code.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use dondoc_vdxp::{Pause, PauseFuture, VdxpClient, VdxpConfig};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use wiremock::{MockServer, Request, ResponseTemplate};

/// Distinctive enough that finding it anywhere means it leaked.
pub const SECRET: &str = "s3cret-Pa55-VDXP-7c1e";
pub const SYSTEM_ID: &str = "000.00.00.H41";
/// The path the endpoint has, to check operations are appended to it.
pub const BASE: &str = "/axis";

pub fn config(server: &MockServer) -> VdxpConfig {
    VdxpConfig {
        name: "vdxp-test".to_owned(),
        endpoint: format!("{}{BASE}", server.uri()).parse().unwrap(),
        system_id: SYSTEM_ID.to_owned(),
        secret: SECRET.to_owned().into(),
        page_size: 2,
        timeout: Duration::from_secs(5),
        max_retries: 2,
        retry_base: Duration::from_millis(1),
        retry_max: Duration::from_secs(30),
        our_organ_ids: Vec::new(),
        tracked_issuers: Vec::new(),
        acknowledge_as: None,
        max_reply_bytes: 1 << 20,
        spill_dir: None,
    }
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 5, 31, 3, 4, 5).unwrap()
}

/// Records every wait the client asks for and returns at once, so tests can check what was
/// waited without waiting it.
#[derive(Default)]
pub struct RecordedPauses(Mutex<Vec<Duration>>);

impl RecordedPauses {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Pause for RecordedPauses {
    fn pause(&self, duration: Duration) -> PauseFuture {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

/// A client on the mock axis with a fixed clock and recorded pauses.
pub fn client_with(config: VdxpConfig) -> (VdxpClient, Arc<RecordedPauses>) {
    let pauses = Arc::new(RecordedPauses::default());
    let client = VdxpClient::new(config)
        .unwrap()
        .with_clock(Arc::new(now))
        .with_pause(pauses.clone());
    (client, pauses)
}

pub fn client(server: &MockServer) -> (VdxpClient, Arc<RecordedPauses>) {
    client_with(config(server))
}

pub fn op(name: &str) -> String {
    format!("{BASE}/{name}")
}

/// (docid, status) of every acknowledgement the axis received, in order, each checked signed.
pub async fn acks(server: &MockServer) -> Vec<(String, String)> {
    requests_to(server, "updateStatus")
        .await
        .iter()
        .map(|request| {
            let signed = assert_signed(request, SECRET);
            (
                signed["XroadVnpt-docid"].as_str().unwrap().to_owned(),
                signed["XroadVnpt-status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// An axis that takes every acknowledgement.
pub async fn mount_acks(server: &MockServer) {
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path(op("updateStatus")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "OK", "ErrorCode": "0"})),
        )
        .mount(server)
        .await;
}

pub fn ok(data: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "status": "OK", "ErrorCode": "0", "ErrorDesc": "", "data": data
    }))
}

pub fn item(doc_id: &str, from: &str, to: Value, created: &str) -> Value {
    json!({
        "docId": doc_id, "serviceType": "eDoc", "messageType": "edoc",
        "created_time": created, "updated_time": created,
        "from": from, "to": to, "status": "initial", "status_desc": "Chờ nhận"
    })
}

pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// The check the axis would make, from the protocol description: the hash header is the
/// lowercase hex HMAC-SHA256 of the sign-header string keyed with the secret; the sign-header
/// is a JSON object whose every `XroadVnpt-<name>` member was sent as that header with the
/// same value; the key list names exactly those members. Returns the signed JSON.
pub fn assert_signed(request: &Request, secret: &str) -> serde_json::Map<String, Value> {
    let sign_header = header(request, "XroadVnpt-sign-header").expect("sign-header sent");
    let hash = header(request, "XroadVnpt-hash-header").expect("hash-header sent");
    let keys = header(request, "XroadVnpt-sign-header-key").expect("sign-header-key sent");

    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(sign_header.as_bytes());
    assert_eq!(
        hash,
        hex::encode(mac.finalize().into_bytes()),
        "the HMAC does not verify"
    );

    let signed: serde_json::Map<String, Value> =
        serde_json::from_str(sign_header).expect("sign-header is a JSON object");
    let names: Vec<&str> = keys.split(';').collect();
    assert_eq!(
        names.len(),
        signed.len(),
        "key list {keys} vs {sign_header}"
    );
    for name in names {
        let prefixed = format!("XroadVnpt-{name}");
        let value = signed
            .get(&prefixed)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{prefixed} is listed but not signed"));
        assert_eq!(
            header(request, &prefixed),
            Some(value),
            "{prefixed} is signed but not sent as signed"
        );
    }
    for required in ["systemid", "timestamp", "Content-Type"] {
        assert!(
            signed.contains_key(&format!("XroadVnpt-{required}")),
            "{required} is not signed"
        );
    }
    assert_eq!(header(request, "XroadVnpt-systemid"), Some(SYSTEM_ID));
    assert_eq!(
        header(request, "User-Agent"),
        Some("JAVASDKAgent/1.0.0 XRoad/VPCP")
    );
    assert_eq!(header(request, "XroadVnpt-version"), Some("3.0.201608"));
    signed
}

/// Every byte of every request the mock axis received, as text, to search for the secret.
pub async fn everything_sent(server: &MockServer) -> String {
    let mut text = String::new();
    for request in server.received_requests().await.unwrap_or_default() {
        text.push_str(request.url.as_str());
        for (name, value) in request.headers.iter() {
            text.push_str(name.as_str());
            text.push_str(&String::from_utf8_lossy(value.as_bytes()));
        }
        text.push_str(&String::from_utf8_lossy(&request.body));
    }
    text
}

pub async fn requests_to(server: &MockServer, operation: &str) -> Vec<Request> {
    let path = op(operation);
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|request| request.url.path() == path)
        .collect()
}
