//! A document axis with memory, built from its published format (wiremock): documents stay on
//! offer until acknowledged (`done` or `fail`); every fetch and acknowledgement is counted. Used
//! by the integration tests and the axis benchmark (`#[path]`-included by both).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Who sends what the axis offers: the province's People's Committee.
pub const COMMITTEE: &str = "000.00.00.H57";

#[derive(Default)]
pub struct Axis {
    pub waiting: Mutex<BTreeMap<String, Vec<u8>>>,
    pub fetches: Mutex<BTreeMap<String, usize>>,
    pub acks: Mutex<Vec<(String, String)>>,
    /// Status messages sent through the axis (`sendEdoc`), raw request bodies.
    pub sent: Mutex<Vec<Vec<u8>>>,
    /// While set, every operation answers 503, as an axis that is down does.
    pub down: AtomicBool,
}

impl Axis {
    /// The reply of an axis that is down, if it is.
    fn unavailable(&self) -> Option<ResponseTemplate> {
        self.down
            .load(Ordering::SeqCst)
            .then(|| ResponseTemplate::new(503).set_body_string("Service Unavailable"))
    }
}

/// An OK reply carrying `data`.
pub fn ok(data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "status": "OK", "ErrorCode": "0", "ErrorDesc": "", "data": data
    }))
}

/// A list item: a document from the Committee to us.
pub fn listed(id: &str) -> serde_json::Value {
    json!({"docId": id, "from": COMMITTEE, "to": ["000.00.31.H57"], "status": "initial",
           "created_time": "2026-11-27 08:00:00"})
}

pub fn header_of(r: &Request, name: &str) -> String {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

struct Lists(Arc<Axis>);
struct Gets(Arc<Axis>);
struct Acks(Arc<Axis>);
struct Sends(Arc<Axis>);

impl Respond for Sends {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        let mut sent = self.0.sent.lock().unwrap();
        sent.push(r.body.clone());
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "OK", "ErrorCode": "0", "DocId": format!("sent-{}", sent.len())
        }))
    }
}

impl Respond for Lists {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        if let Some(down) = self.0.unavailable() {
            return down;
        }
        if header_of(r, "XroadVnpt-messagetype") != "edoc" {
            return ok(json!([]));
        }
        let waiting = self.0.waiting.lock().unwrap();
        ok(json!(waiting
            .keys()
            .map(|id| listed(id))
            .collect::<Vec<_>>()))
    }
}

impl Respond for Gets {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        if let Some(down) = self.0.unavailable() {
            return down;
        }
        let id = header_of(r, "XroadVnpt-docId");
        *self
            .0
            .fetches
            .lock()
            .unwrap()
            .entry(id.clone())
            .or_default() += 1;
        match self.0.waiting.lock().unwrap().get(&id) {
            Some(bytes) => ok(json!(
                base64::engine::general_purpose::STANDARD.encode(bytes)
            )),
            None => ResponseTemplate::new(200).set_body_json(json!({
                "status": "FAIL", "ErrorCode": "404", "ErrorDesc": "not found"
            })),
        }
    }
}

impl Respond for Acks {
    fn respond(&self, r: &Request) -> ResponseTemplate {
        if let Some(down) = self.0.unavailable() {
            return down;
        }
        let id = header_of(r, "XroadVnpt-docid");
        let status = header_of(r, "XroadVnpt-status");
        self.0.waiting.lock().unwrap().remove(&id);
        self.0.acks.lock().unwrap().push((id, status));
        ResponseTemplate::new(200).set_body_json(json!({"status": "OK", "ErrorCode": "0"}))
    }
}

/// An axis offering `docs` (id → the whole .edxml), with memory.
pub async fn start(docs: BTreeMap<String, Vec<u8>>) -> (MockServer, Arc<Axis>) {
    let axis = Arc::new(Axis::default());
    *axis.waiting.lock().unwrap() = docs;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/getReceivedEdocList"))
        .respond_with(Lists(axis.clone()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/getEdoc"))
        .respond_with(Gets(axis.clone()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/updateStatus"))
        .respond_with(Acks(axis.clone()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/sendEdoc"))
        .respond_with(Sends(axis.clone()))
        .mount(&server)
        .await;
    (server, axis)
}
