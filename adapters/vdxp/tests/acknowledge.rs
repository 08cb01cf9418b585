//! Optional statuses back to the sender: `01` then `03` for a stored document, after the axis
//! is told `done`, and nothing for a failed or secret document, a status, or one already
//! answered.

mod common;

use base64::Engine;
use chrono::NaiveDate;
use common::*;
use dondoc_adapter_api::{Disposition, Source};
use dondoc_edxml::{read_message, Message, StatusMessage};
use dondoc_vdxp::{VdxpClient, VdxpConfig, VdxpSource};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Our OrganId, the one the statuses come from.
const OURS: &str = SYSTEM_ID;
/// The sender of [`DOCUMENT`].
const SENDER: &str = "000.00.00.H57";

/// A document from [`SENDER`] to us (named "Sở Nội vụ") and another agency, in the usual
/// prefixed form.
const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">
 <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
  <edXML:edXMLHeader>
   <edXML:MessageHeader>
    <edXML:From><edXML:OrganId>000.00.00.H57</edXML:OrganId><edXML:OrganName>UBND tỉnh Thừa Thiên Huế</edXML:OrganName></edXML:From>
    <edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId><edXML:OrganName>Sở Nội vụ</edXML:OrganName></edXML:To>
    <edXML:To><edXML:OrganId>000.00.00.H99</edXML:OrganId><edXML:OrganName>Sở Tài chính</edXML:OrganName></edXML:To>
    <edXML:DocumentId>000.00.00.H57,2024/05/30,1234/UBND-VP</edXML:DocumentId>
    <edXML:Code><edXML:CodeNumber>1234</edXML:CodeNumber><edXML:CodeNotation>UBND-VP</edXML:CodeNotation></edXML:Code>
    <edXML:PromulgationInfo><edXML:Place>Huế</edXML:Place><edXML:PromulgationDate>2024/05/30</edXML:PromulgationDate></edXML:PromulgationInfo>
    <edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
    <edXML:Subject>Về việc báo cáo tình hình thực hiện nhiệm vụ</edXML:Subject>
    <edXML:OtherInfo><edXML:Priority>0</edXML:Priority></edXML:OtherInfo>
   </edXML:MessageHeader>
  </edXML:edXMLHeader>
 </edXML:edXMLEnvelope>
</edXML>"#;

fn source(config: VdxpConfig) -> VdxpSource {
    VdxpSource::from_client(client_with(config).0)
}

fn acknowledging(server: &MockServer) -> VdxpConfig {
    VdxpConfig {
        acknowledge_as: Some(OURS.to_owned()),
        ..config(server)
    }
}

fn edoc(id: &str, to: Value) -> Value {
    item(id, SENDER, to, "x")
}

async fn mount_list(server: &MockServer, documents: Value, statuses: Value) {
    for (kind, items) in [("edoc", documents), ("status", statuses)] {
        Mock::given(method("POST"))
            .and(path(op("getReceivedEdocList")))
            .and(header("XroadVnpt-messagetype", kind))
            .respond_with(ok(items))
            .mount(server)
            .await;
    }
}

async fn mount_message(server: &MockServer, id: &str, xml: &str) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(xml);
    Mock::given(method("POST"))
        .and(path(op("getEdoc")))
        .and(header("XroadVnpt-docId", id))
        .respond_with(ok(json!(encoded)))
        .mount(server)
        .await;
}

async fn mount_sends(server: &MockServer, reply: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(op("sendEdoc")))
        .respond_with(reply)
        .mount(server)
        .await;
}

fn sent_ok() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"status": "OK", "ErrorCode": "0", "DocId": "s-9"}))
}

/// The axis calls that follow a fetch, in the order received.
async fn settle_calls(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|request| request.url.path().trim_start_matches(&op("")).to_owned())
        .filter(|operation| operation == "updateStatus" || operation == "sendEdoc")
        .collect()
}

/// The `file_doc` part of a multipart `sendEdoc`, read as the sender's software would.
fn sent_status(request: &Request) -> StatusMessage {
    let content_type = header_value(request, "content-type");
    let boundary = content_type
        .split_once("boundary=")
        .map(|(_, boundary)| boundary.trim_matches('"'))
        .expect("a multipart boundary");
    let body = String::from_utf8(request.body.clone()).expect("a UTF-8 body");
    let part = body
        .split(&format!("--{boundary}"))
        .find(|part| part.contains("name=\"file_doc\""))
        .expect("a file_doc part");
    let (_, content) = part
        .split_once("\r\n\r\n")
        .expect("part headers, then content");
    let content = content.strip_suffix("\r\n").unwrap_or(content);
    match read_message(content.as_bytes()).expect("the status reads back") {
        Message::Status(status) => status,
        Message::Document(_) => panic!("sent a document, not a status"),
    }
}

fn header_value<'a>(request: &'a Request, name: &str) -> &'a str {
    common::header(request, name).unwrap_or_else(|| panic!("{name} sent"))
}

/// Lists, fetches and settles `id` as `disposition`.
async fn take(source: &mut VdxpSource, id: &str, disposition: Disposition) {
    assert!(source
        .list()
        .await
        .unwrap()
        .iter()
        .any(|listed| listed == id));
    source.fetch(id).await.unwrap();
    source.settle(id, &disposition).await.unwrap();
}

#[tokio::test]
async fn a_stored_document_is_acknowledged_to_its_sender_as_arrived_then_accepted() {
    let server = MockServer::start().await;
    mount_list(
        &server,
        json!([edoc("d-1", json!([OURS, "000.00.00.H99"]))]),
        json!([]),
    )
    .await;
    mount_message(&server, "d-1", DOCUMENT).await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    take(&mut source, "d-1", Disposition::Done).await;

    // The axis hears `done` before the sender hears anything.
    assert_eq!(
        settle_calls(&server).await,
        ["updateStatus", "sendEdoc", "sendEdoc"]
    );
    assert_eq!(acks(&server).await, [("d-1".to_owned(), "done".to_owned())]);
    let sends = requests_to(&server, "sendEdoc").await;
    let mut codes = Vec::new();
    for request in &sends {
        assert_signed(request, SECRET);
        assert_eq!(header_value(request, "XroadVnpt-messagetype"), "status");
        assert_eq!(header_value(request, "XroadVnpt-from"), SYSTEM_ID);
        let to: Vec<String> = serde_json::from_str(header_value(request, "XroadVnpt-to"))
            .expect("to is a JSON array");
        assert_eq!(to, [SENDER]);

        let status = sent_status(request);
        assert_eq!(status.from.organ_id.as_deref(), Some(OURS));
        assert_eq!(status.from.organ_name.as_deref(), Some("Sở Nội vụ"));
        assert_eq!(status.response_for.organ_id.as_deref(), Some(SENDER));
        assert_eq!(status.response_for.code.as_deref(), Some("1234/UBND-VP"));
        assert_eq!(
            status.response_for.promulgation_date,
            NaiveDate::from_ymd_opt(2024, 5, 30)
        );
        assert_eq!(
            status.response_for.document_id.as_deref(),
            Some("000.00.00.H57,2024/05/30,1234/UBND-VP")
        );
        // The fixed clock reads 03:04:05 UTC: 10:04:05 in Vietnam.
        assert_eq!(
            status.timestamp,
            NaiveDate::from_ymd_opt(2024, 5, 31).and_then(|day| day.and_hms_opt(10, 4, 5))
        );
        assert_eq!(status.description, None);
        codes.push(status.status_code);
    }
    assert_eq!(codes, ["01", "03"]);
    assert_eq!(source.acknowledged(), 1);
    assert_eq!(source.acknowledgements_failed(), 0);
}

#[tokio::test]
async fn without_a_document_id_or_our_name_the_status_names_the_code_and_our_organ_id() {
    let server = MockServer::start().await;
    let document = DOCUMENT
        .replace(
            "<edXML:DocumentId>000.00.00.H57,2024/05/30,1234/UBND-VP</edXML:DocumentId>",
            "",
        )
        .replace("<edXML:OrganName>Sở Nội vụ</edXML:OrganName>", "");
    mount_message(&server, "d-2", &document).await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    // Fetched without a list: the header's To says it is addressed to us.
    source.fetch("d-2").await.unwrap();
    source.settle("d-2", &Disposition::Done).await.unwrap();

    let sends = requests_to(&server, "sendEdoc").await;
    assert_eq!(sends.len(), 2);
    let status = sent_status(&sends[0]);
    assert_eq!(status.from.organ_name.as_deref(), Some(OURS));
    assert_eq!(status.response_for.code.as_deref(), Some("1234/UBND-VP"));
    assert_eq!(status.response_for.document_id, None);
}

#[tokio::test]
async fn by_default_dondoc_only_observes() {
    let server = MockServer::start().await;
    mount_list(&server, json!([edoc("d-1", json!([OURS]))]), json!([])).await;
    mount_message(&server, "d-1", DOCUMENT).await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(config(&server));

    take(&mut source, "d-1", Disposition::Done).await;

    assert_eq!(acks(&server).await, [("d-1".to_owned(), "done".to_owned())]);
    assert!(requests_to(&server, "sendEdoc").await.is_empty());
    assert_eq!(source.acknowledged(), 0);
}

#[tokio::test]
async fn a_failed_or_secret_document_is_not_acknowledged() {
    let server = MockServer::start().await;
    mount_list(
        &server,
        json!([edoc("failed", json!([OURS])), edoc("secret", json!([OURS]))]),
        json!([]),
    )
    .await;
    mount_message(&server, "failed", DOCUMENT).await;
    mount_message(&server, "secret", DOCUMENT).await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    let failed = Disposition::Failed {
        reason: "DueDate: not a date".to_owned(),
    };
    take(&mut source, "failed", failed).await;
    take(&mut source, "secret", Disposition::Dropped).await;

    assert_eq!(
        acks(&server).await,
        [("failed", "fail"), ("secret", "done")]
            .map(|(id, status)| (id.to_owned(), status.to_owned()))
    );
    assert!(requests_to(&server, "sendEdoc").await.is_empty());
    assert_eq!(source.acknowledged(), 0);
    assert_eq!(source.acknowledgements_failed(), 0);
}

#[tokio::test]
async fn a_status_message_is_not_acknowledged() {
    let server = MockServer::start().await;
    let status = StatusMessage {
        from: dondoc_edxml::Organization {
            organ_id: Some("000.00.00.H99".to_owned()),
            ..Default::default()
        },
        response_for: dondoc_edxml::ResponseFor {
            organ_id: Some(OURS.to_owned()),
            code: Some("12/SNV-VP".to_owned()),
            ..Default::default()
        },
        status_code: "03".to_owned(),
        description: None,
        timestamp: NaiveDate::from_ymd_opt(2024, 5, 30).and_then(|day| day.and_hms_opt(9, 0, 0)),
        staff: None,
    };
    mount_list(
        &server,
        json!([]),
        json!([
            item("s-1", "000.00.00.H99", json!([OURS]), "x"),
            // Listed as a status whatever its bytes say: the listing decides.
            item("s-2", SENDER, json!([OURS]), "x")
        ]),
    )
    .await;
    mount_message(
        &server,
        "s-1",
        &dondoc_edxml::write_status(&status).unwrap(),
    )
    .await;
    mount_message(&server, "s-2", DOCUMENT).await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    take(&mut source, "s-1", Disposition::Done).await;
    take(&mut source, "s-2", Disposition::Done).await;

    assert_eq!(requests_to(&server, "updateStatus").await.len(), 2);
    assert!(requests_to(&server, "sendEdoc").await.is_empty());
}

#[tokio::test]
async fn a_document_not_addressed_to_us_is_not_acknowledged() {
    let server = MockServer::start().await;
    let elsewhere = DOCUMENT.replace(
        "<edXML:To><edXML:OrganId>000.00.00.H41</edXML:OrganId><edXML:OrganName>Sở Nội vụ</edXML:OrganName></edXML:To>",
        "",
    );
    // From a tracked issuer to another agency: observed, not received.
    mount_list(
        &server,
        json!([edoc("d-3", json!(["000.00.00.H99"]))]),
        json!([]),
    )
    .await;
    mount_message(&server, "d-3", &elsewhere).await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    take(&mut source, "d-3", Disposition::Done).await;

    assert_eq!(acks(&server).await.len(), 1);
    assert!(requests_to(&server, "sendEdoc").await.is_empty());
}

#[tokio::test]
async fn an_unreadable_header_is_fetched_and_settled_without_acknowledgement() {
    let server = MockServer::start().await;
    mount_list(&server, json!([edoc("d-4", json!([OURS]))]), json!([])).await;
    mount_message(&server, "d-4", "<edXML/>").await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    take(&mut source, "d-4", Disposition::Done).await;

    assert_eq!(acks(&server).await.len(), 1);
    assert!(requests_to(&server, "sendEdoc").await.is_empty());
    assert_eq!(source.acknowledgements_failed(), 0);
}

#[tokio::test]
async fn a_status_the_axis_refuses_to_take_does_not_fail_the_settlement() {
    let server = MockServer::start().await;
    mount_list(&server, json!([edoc("d-5", json!([OURS]))]), json!([])).await;
    mount_message(&server, "d-5", DOCUMENT).await;
    mount_acks(&server).await;
    mount_sends(
        &server,
        ResponseTemplate::new(500).set_body_string("Văn bản 1234/UBND-VP"),
    )
    .await;
    let mut source = source(acknowledging(&server));

    take(&mut source, "d-5", Disposition::Done).await;

    assert_eq!(acks(&server).await, [("d-5".to_owned(), "done".to_owned())]);
    // `01` is tried with its retries (max_retries is 2); `03` is not sent without it.
    let sends = requests_to(&server, "sendEdoc").await;
    assert_eq!(sends.len(), 3);
    assert!(sends
        .iter()
        .all(|request| sent_status(request).status_code == "01"));
    assert_eq!(source.acknowledgements_failed(), 1);
    assert_eq!(source.acknowledged(), 0);
}

#[tokio::test]
async fn a_document_settled_again_is_not_acknowledged_again() {
    let server = MockServer::start().await;
    mount_list(&server, json!([edoc("d-6", json!([OURS]))]), json!([])).await;
    mount_message(&server, "d-6", DOCUMENT).await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    take(&mut source, "d-6", Disposition::Done).await;
    // The axis offers it again (as after a lost `done`).
    take(&mut source, "d-6", Disposition::Done).await;

    assert_eq!(acks(&server).await.len(), 2);
    assert_eq!(requests_to(&server, "sendEdoc").await.len(), 2);
    assert_eq!(source.acknowledged(), 1);
}

#[tokio::test]
async fn a_lost_done_is_acknowledged_when_the_document_is_settled_again() {
    let server = MockServer::start().await;
    mount_list(&server, json!([edoc("d-7", json!([OURS]))]), json!([])).await;
    mount_message(&server, "d-7", DOCUMENT).await;
    Mock::given(method("POST"))
        .and(path(op("updateStatus")))
        .respond_with(ResponseTemplate::new(400))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_acks(&server).await;
    mount_sends(&server, sent_ok()).await;
    let mut source = source(acknowledging(&server));

    assert!(source.list().await.unwrap().contains(&"d-7".to_owned()));
    source.fetch("d-7").await.unwrap();
    assert!(source.settle("d-7", &Disposition::Done).await.is_err());
    // The axis was not told, so the sender was not either.
    assert!(requests_to(&server, "sendEdoc").await.is_empty());

    take(&mut source, "d-7", Disposition::Done).await;
    assert_eq!(requests_to(&server, "sendEdoc").await.len(), 2);
}

#[test]
fn an_empty_acknowledge_as_is_rejected() {
    let config = VdxpConfig {
        acknowledge_as: Some("  ".to_owned()),
        ..config_for("http://127.0.0.1:1")
    };
    let err = VdxpClient::new(config).unwrap_err();
    assert!(err.to_string().contains("acknowledge_as"), "{err}");
}

fn config_for(endpoint: &str) -> VdxpConfig {
    VdxpConfig {
        name: "vdxp-test".to_owned(),
        endpoint: endpoint.parse().unwrap(),
        system_id: SYSTEM_ID.to_owned(),
        secret: SECRET.to_owned().into(),
        page_size: 50,
        timeout: std::time::Duration::from_secs(1),
        max_retries: 0,
        retry_base: std::time::Duration::from_millis(1),
        retry_max: std::time::Duration::from_millis(1),
        our_organ_ids: Vec::new(),
        tracked_issuers: Vec::new(),
        acknowledge_as: None,
        max_reply_bytes: 1 << 20,
        spill_dir: None,
    }
}
