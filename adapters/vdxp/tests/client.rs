//! The client against a mock axis: what each operation sends, what counts as success, and how
//! each kind of failure is reported and retried.

mod common;

use std::time::Duration;

use common::*;
use dondoc_vdxp::{AckStatus, MessageKind, VdxpClient, VdxpError};
use serde_json::json;
use sha2::{Digest, Sha256};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EDXML: &[u8] = "<?xml version=\"1.0\"?><edXML:edXML>Công văn</edXML:edXML>".as_bytes();

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn mount(server: &MockServer, operation: &str, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(op(operation)))
        .respond_with(response)
        .mount(server)
        .await;
}

/// The first `times` requests to `operation` get `response`; later ones fall through.
async fn mount_first(server: &MockServer, operation: &str, times: u64, response: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path(op(operation)))
        .respond_with(response)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
}

// ---------------------------------------------------------------------------------------------
// What each operation sends

#[tokio::test]
async fn listing_asks_for_the_kind_and_page_in_signed_headers() {
    let server = MockServer::start().await;
    mount(
        &server,
        "getReceivedEdocList",
        ok(json!([
            item(
                "d1",
                "000.00.00.G01",
                json!(["000.00.00.H41"]),
                "2024-05-30 08:00:00"
            ),
            item(
                "d2",
                "000.00.00.G02",
                json!("000.00.00.H41,000.00.00.H42"),
                "2024-05-30 09:00:00"
            ),
        ])),
    )
    .await;
    let (client, _) = client(&server);

    let listed = client.list_received(MessageKind::Status, 3).await.unwrap();

    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].doc_id, "d1");
    assert_eq!(listed[0].from, "000.00.00.G01");
    assert_eq!(listed[0].to, ["000.00.00.H41"]);
    assert_eq!(listed[1].to, ["000.00.00.H41", "000.00.00.H42"]);
    assert_eq!(listed[1].message_kind, MessageKind::Status);
    let requests = requests_to(&server, "getReceivedEdocList").await;
    let signed = assert_signed(&requests[0], SECRET);
    assert_eq!(signed["XroadVnpt-servicetype"], "eDoc");
    assert_eq!(signed["XroadVnpt-messagetype"], "status");
    assert_eq!(signed["XroadVnpt-pageIndex"], "3");
    assert_eq!(signed["XroadVnpt-pageSize"], "2");
    // 03:04:05 UTC is 10:04:05 in Hanoi; "+0000" is the milliseconds.
    assert_eq!(signed["XroadVnpt-timestamp"], "31052024T100405+0000");
    assert_eq!(signed["XroadVnpt-Content-Type"], "application/json");
    assert_eq!(
        header(&requests[0], "Content-Type"),
        Some("application/json")
    );
}

#[tokio::test]
async fn a_document_is_the_base64_data_decoded() {
    let server = MockServer::start().await;
    mount(&server, "getEdoc", ok(json!(base64(EDXML)))).await;
    let (client, _) = client(&server);

    assert_eq!(client.get("doc-7").await.unwrap(), EDXML);

    let requests = requests_to(&server, "getEdoc").await;
    let signed = assert_signed(&requests[0], SECRET);
    assert_eq!(signed["XroadVnpt-docId"], "doc-7");
}

#[tokio::test]
async fn an_acknowledgement_sends_docid_and_the_status() {
    let server = MockServer::start().await;
    mount(
        &server,
        "updateStatus",
        ResponseTemplate::new(200)
            .set_body_json(json!({"status": "OK", "ErrorCode": "0", "ErrorDesc": "Thành công"})),
    )
    .await;
    let (client, _) = client(&server);

    for status in [AckStatus::Done, AckStatus::Fail, AckStatus::Processing] {
        client.update_status("doc-9", status).await.unwrap();
    }

    let requests = requests_to(&server, "updateStatus").await;
    let statuses: Vec<String> = requests
        .iter()
        .map(|request| {
            let signed = assert_signed(request, SECRET);
            assert_eq!(signed["XroadVnpt-docid"], "doc-9");
            signed["XroadVnpt-status"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(statuses, ["done", "fail", "processing"]);
}

#[tokio::test]
async fn a_status_goes_as_file_doc_with_its_hash_and_recipients() {
    let server = MockServer::start().await;
    mount(
        &server,
        "sendEdoc",
        ResponseTemplate::new(200).set_body_json(
            json!({"status": "OK", "ErrorCode": "0", "ErrorDesc": "", "DocId": "sent-1"}),
        ),
    )
    .await;
    let (client, _) = client(&server);
    let to = vec!["000.00.00.G01".to_owned(), "000.00.00.G02".to_owned()];

    let doc_id = client.send_status(&to, EDXML.to_vec()).await.unwrap();

    assert_eq!(doc_id, "sent-1");
    let request = &requests_to(&server, "sendEdoc").await[0];
    let signed = assert_signed(request, SECRET);
    assert_eq!(signed["XroadVnpt-from"], SYSTEM_ID);
    assert_eq!(
        signed["XroadVnpt-to"],
        r#"["000.00.00.G01","000.00.00.G02"]"#
    );
    assert_eq!(signed["XroadVnpt-servicetype"], "eDoc");
    assert_eq!(signed["XroadVnpt-messagetype"], "status");
    assert_eq!(
        signed["XroadVnpt-hash-file"],
        hex::encode(Sha256::digest(EDXML))
    );
    let content_type = header(request, "Content-Type").unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    assert_eq!(signed["XroadVnpt-Content-Type"], content_type);
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains("name=\"file_doc\""), "{body}");
    assert!(body.contains("Công văn"), "the file is in the body");
}

#[tokio::test]
async fn a_send_whose_reply_has_no_doc_id_is_an_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "sendEdoc",
        ResponseTemplate::new(200).set_body_json(json!({"status": "OK", "ErrorCode": "0"})),
    )
    .await;
    let (client, _) = client(&server);

    let err = client
        .send_status(&["X".to_owned()], EDXML.to_vec())
        .await
        .unwrap_err();

    assert!(matches!(err, VdxpError::Malformed { .. }), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Replies that are not success

#[tokio::test]
async fn a_fail_status_is_an_error_carrying_its_description() {
    let server = MockServer::start().await;
    mount(
        &server,
        "getEdoc",
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "FAIL", "ErrorCode": "-1", "ErrorDesc": "Văn bản không tồn tại", "data": null
        })),
    )
    .await;
    let (client, _) = client(&server);

    let err = client.get("gone-1").await.unwrap_err();

    assert!(matches!(err, VdxpError::Refused { .. }), "{err}");
    assert!(!err.is_transient());
    assert!(err.is_not_found());
    let text = err.to_string();
    assert!(
        text.contains("getEdoc") && text.contains("gone-1"),
        "{text}"
    );
    assert!(text.contains("Văn bản không tồn tại"), "{text}");
    assert_eq!(
        requests_to(&server, "getEdoc").await.len(),
        1,
        "not retried"
    );
}

#[tokio::test]
async fn a_nonzero_error_code_is_an_error_even_with_status_ok() {
    let server = MockServer::start().await;
    mount(
        &server,
        "getReceivedEdocList",
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "OK", "ErrorCode": "1", "ErrorDesc": "Chữ ký không hợp lệ", "data": []
        })),
    )
    .await;
    let (client, _) = client(&server);

    let err = client
        .list_received(MessageKind::Edoc, 1)
        .await
        .unwrap_err();

    match &err {
        VdxpError::Refused { code, desc, .. } => {
            assert_eq!(code, "1");
            assert_eq!(desc, "Chữ ký không hợp lệ");
        }
        other => panic!("expected a refusal, got {other}"),
    }
}

#[tokio::test]
async fn an_empty_body_is_an_error_not_an_empty_list() {
    let server = MockServer::start().await;
    mount(&server, "getReceivedEdocList", ResponseTemplate::new(200)).await;
    let (client, _) = client(&server);

    let err = client
        .list_received(MessageKind::Edoc, 1)
        .await
        .unwrap_err();

    assert!(matches!(err, VdxpError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("empty body"), "{err}");
    assert!(!err.is_transient());
}

#[tokio::test]
async fn malformed_json_is_an_error() {
    let server = MockServer::start().await;
    // The SDK's own quirk: an unquoted value.
    mount(
        &server,
        "getReceivedEdocList",
        ResponseTemplate::new(200).set_body_string(r#"{"status":"OK","data":[{"docId":<12>}]}"#),
    )
    .await;
    let (client, _) = client(&server);

    let err = client
        .list_received(MessageKind::Edoc, 1)
        .await
        .unwrap_err();

    assert!(matches!(err, VdxpError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("not JSON"), "{err}");
    assert_eq!(requests_to(&server, "getReceivedEdocList").await.len(), 1);
}

#[tokio::test]
async fn an_html_error_page_with_200_is_an_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "getEdoc",
        ResponseTemplate::new(200).set_body_string("<html><body>Gateway</body></html>"),
    )
    .await;
    let (client, _) = client(&server);

    let err = client.get("d").await.unwrap_err();

    assert!(matches!(err, VdxpError::Malformed { .. }), "{err}");
}

#[tokio::test]
async fn bad_base64_is_an_error() {
    let server = MockServer::start().await;
    mount(&server, "getEdoc", ok(json!("PGVk*WE1M!!"))).await;
    let (client, _) = client(&server);

    let err = client.get("d").await.unwrap_err();

    assert!(matches!(err, VdxpError::Malformed { .. }), "{err}");
    assert!(err.to_string().contains("base64"), "{err}");
}

#[tokio::test]
async fn a_document_reply_without_data_is_an_error_never_an_empty_document() {
    for data in [json!(""), json!(null), json!("   \n")] {
        let server = MockServer::start().await;
        mount(&server, "getEdoc", ok(data.clone())).await;
        let (client, _) = client(&server);

        let err = client.get("d").await.unwrap_err();

        assert!(matches!(err, VdxpError::Malformed { .. }), "{data}: {err}");
    }
}

#[tokio::test]
async fn a_client_error_is_permanent_and_not_retried() {
    let server = MockServer::start().await;
    mount(
        &server,
        "getEdoc",
        ResponseTemplate::new(401).set_body_string("Unauthorized"),
    )
    .await;
    let (client, pauses) = client(&server);

    let err = client.get("d").await.unwrap_err();

    assert_eq!(err.http_status(), Some(401));
    assert!(!err.is_transient());
    assert!(err.to_string().contains("Unauthorized"), "{err}");
    assert_eq!(requests_to(&server, "getEdoc").await.len(), 1);
    assert_eq!(client.retries(), 0);
    assert!(pauses.waits().is_empty());
}

#[tokio::test]
async fn a_not_found_is_reported_as_such() {
    let server = MockServer::start().await;
    mount(&server, "getEdoc", ResponseTemplate::new(404)).await;
    let (client, _) = client(&server);

    let err = client.get("d").await.unwrap_err();

    assert!(err.is_not_found());
    assert!(!err.is_transient());
}

// ---------------------------------------------------------------------------------------------
// Retries

#[tokio::test]
async fn a_server_error_is_retried_and_the_retry_counted() {
    let server = MockServer::start().await;
    mount_first(&server, "getEdoc", 1, ResponseTemplate::new(502)).await;
    mount(&server, "getEdoc", ok(json!(base64(EDXML)))).await;
    let (client, pauses) = client(&server);

    assert_eq!(client.get("d").await.unwrap(), EDXML);

    assert_eq!(requests_to(&server, "getEdoc").await.len(), 2);
    assert_eq!(client.retries(), 1);
    assert_eq!(pauses.waits().len(), 1);
}

#[tokio::test]
async fn every_operation_retries_a_server_error() {
    let server = MockServer::start().await;
    for operation in ["getReceivedEdocList", "updateStatus", "sendEdoc"] {
        mount_first(&server, operation, 1, ResponseTemplate::new(500)).await;
    }
    mount(&server, "getReceivedEdocList", ok(json!([]))).await;
    mount(
        &server,
        "updateStatus",
        ResponseTemplate::new(200).set_body_json(json!({"status": "OK", "ErrorCode": "0"})),
    )
    .await;
    mount(
        &server,
        "sendEdoc",
        ResponseTemplate::new(200)
            .set_body_json(json!({"status": "OK", "ErrorCode": "0", "DocId": "s"})),
    )
    .await;
    let (client, _) = client(&server);

    client.list_received(MessageKind::Edoc, 1).await.unwrap();
    client.update_status("d", AckStatus::Done).await.unwrap();
    client
        .send_status(&["X".to_owned()], EDXML.to_vec())
        .await
        .unwrap();

    assert_eq!(client.retries(), 3);
    let sends = requests_to(&server, "sendEdoc").await;
    assert_eq!(sends.len(), 2);
    for send in &sends {
        // Each attempt is signed afresh; a multipart boundary differs between attempts.
        assert_signed(send, SECRET);
    }
}

#[tokio::test]
async fn transient_failures_give_up_after_max_retries() {
    let server = MockServer::start().await;
    mount(&server, "getEdoc", ResponseTemplate::new(503)).await;
    let (client, pauses) = client(&server);

    let err = client.get("d").await.unwrap_err();

    assert_eq!(err.http_status(), Some(503));
    assert!(err.is_transient());
    assert_eq!(
        requests_to(&server, "getEdoc").await.len(),
        3,
        "1 + max_retries"
    );
    assert_eq!(client.retries(), 2);
    let waits = pauses.waits();
    assert_eq!(waits.len(), 2);
    assert!(waits.iter().all(|wait| *wait <= Duration::from_secs(30)));
}

#[tokio::test]
async fn a_429_waits_what_retry_after_asks() {
    let server = MockServer::start().await;
    mount_first(
        &server,
        "getEdoc",
        1,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
    )
    .await;
    mount(&server, "getEdoc", ok(json!(base64(EDXML)))).await;
    let (client, pauses) = client(&server);

    client.get("d").await.unwrap();

    // retry_base is 1 ms, so a one-second wait can only come from Retry-After.
    assert_eq!(pauses.waits(), [Duration::from_secs(1)]);
    assert_eq!(requests_to(&server, "getEdoc").await.len(), 2);
    assert_eq!(client.retries(), 1);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_waits_only_the_cap() {
    let server = MockServer::start().await;
    mount_first(
        &server,
        "getEdoc",
        1,
        ResponseTemplate::new(503).insert_header("Retry-After", "3600"),
    )
    .await;
    mount(&server, "getEdoc", ok(json!(base64(EDXML)))).await;
    let mut config = config(&server);
    config.retry_max = Duration::from_secs(7);
    let (client, pauses) = client_with(config);

    client.get("d").await.unwrap();

    assert_eq!(pauses.waits(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn a_retry_after_date_is_read_against_the_clock() {
    let server = MockServer::start().await;
    // The fixed clock reads 2024-05-31 03:04:05 UTC.
    mount_first(
        &server,
        "getEdoc",
        1,
        ResponseTemplate::new(429).insert_header("Retry-After", "Fri, 31 May 2024 03:04:17 GMT"),
    )
    .await;
    mount(&server, "getEdoc", ok(json!(base64(EDXML)))).await;
    let (client, pauses) = client(&server);

    client.get("d").await.unwrap();

    assert_eq!(pauses.waits(), [Duration::from_secs(12)]);
}

#[tokio::test]
async fn a_real_wait_honours_retry_after_capped_at_retry_max() {
    // The default pause really sleeps: Retry-After asks for 1 s, retry_max caps it at 50 ms.
    let server = MockServer::start().await;
    mount_first(
        &server,
        "getEdoc",
        1,
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
    )
    .await;
    mount(&server, "getEdoc", ok(json!(base64(EDXML)))).await;
    let mut config = config(&server);
    config.retry_max = Duration::from_millis(50);
    let client = VdxpClient::new(config).unwrap();

    let started = std::time::Instant::now();
    client.get("d").await.unwrap();
    let took = started.elapsed();

    assert!(took >= Duration::from_millis(50), "waited {took:?}");
    assert!(took < Duration::from_millis(900), "waited {took:?}");
    assert_eq!(client.retries(), 1);
}

#[tokio::test]
async fn a_timeout_is_transient_and_retried() {
    let server = MockServer::start().await;
    mount(
        &server,
        "getEdoc",
        ok(json!(base64(EDXML))).set_delay(Duration::from_secs(3)),
    )
    .await;
    let mut config = config(&server);
    config.timeout = Duration::from_millis(150);
    config.max_retries = 1;
    let (client, _) = client_with(config);

    let err = client.get("slow").await.unwrap_err();

    assert!(matches!(err, VdxpError::Timeout { .. }), "{err}");
    assert!(err.is_transient());
    assert!(err.to_string().contains("slow"), "{err}");
    assert_eq!(requests_to(&server, "getEdoc").await.len(), 2);
    assert_eq!(client.retries(), 1);
}

#[tokio::test]
async fn an_unreachable_axis_is_transient() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = MockServer::start().await;
    let mut config = config(&server);
    config.endpoint = format!("http://127.0.0.1:{port}/axis").parse().unwrap();
    let (client, _) = client_with(config);

    let err = client.get("d").await.unwrap_err();

    assert!(matches!(err, VdxpError::Transport { .. }), "{err}");
    assert!(err.is_transient());
    assert_eq!(client.retries(), 2);
}

// ---------------------------------------------------------------------------------------------
// The secret

#[tokio::test]
async fn the_secret_never_leaves_the_process_nor_shows_in_errors() {
    let server = MockServer::start().await;
    // An axis that echoes the secret back, in a refusal and in an error page.
    mount(
        &server,
        "getEdoc",
        ResponseTemplate::new(200).set_body_json(json!({
            "status": "FAIL", "ErrorCode": "9", "ErrorDesc": format!("bad key {SECRET}")
        })),
    )
    .await;
    mount(
        &server,
        "updateStatus",
        ResponseTemplate::new(400).set_body_string(format!("secret={SECRET}")),
    )
    .await;
    let (client, _) = client(&server);

    let mut errors = vec![
        client.get("d").await.unwrap_err(),
        client
            .update_status("d", AckStatus::Done)
            .await
            .unwrap_err(),
    ];
    let mut unreachable = config(&server);
    unreachable.endpoint = "http://127.0.0.1:9/axis".parse().unwrap();
    unreachable.max_retries = 0;
    errors.push(client_with(unreachable).0.get("d").await.unwrap_err());

    for err in &errors {
        assert!(!err.to_string().contains(SECRET), "{err}");
        assert!(!format!("{err:?}").contains(SECRET), "{err:?}");
    }
    assert!(
        errors[0].to_string().contains("[REDACTED]"),
        "{}",
        errors[0]
    );
    assert!(!format!("{:?}", config(&server)).contains(SECRET));
    assert!(!format!("{client:?}").contains(SECRET));
    assert!(!everything_sent(&server).await.contains(SECRET));
}

#[test]
fn a_config_that_would_loop_is_rejected() {
    let server_uri = "http://127.0.0.1:1";
    let mut config = dondoc_vdxp::VdxpConfig {
        name: "bad".to_owned(),
        endpoint: server_uri.parse().unwrap(),
        system_id: SYSTEM_ID.to_owned(),
        secret: SECRET.to_owned().into(),
        page_size: 0,
        timeout: Duration::from_secs(1),
        max_retries: 0,
        retry_base: Duration::from_millis(1),
        retry_max: Duration::from_millis(1),
        our_organ_ids: Vec::new(),
        tracked_issuers: Vec::new(),
        acknowledge_as: None,
        max_reply_bytes: 1 << 20,
        spill_dir: None,
    };
    let err = VdxpClient::new(config.clone()).unwrap_err();
    assert!(err.to_string().contains("page_size"), "{err}");
    assert!(!err.to_string().contains(SECRET));

    config.page_size = 10;
    config.endpoint = "ftp://axis.example/".parse().unwrap();
    assert!(VdxpClient::new(config).is_err());
}

/// A reply longer than `max_reply_bytes` is refused (here from its announced length; one
/// without it is cut off as soon as its chunks pass the limit), and one within it is read whole.
#[tokio::test]
async fn a_reply_over_the_size_limit_is_refused_not_read_whole() {
    let server = MockServer::start().await;
    let data = "A".repeat(4000);
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/getEdoc")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "OK", "ErrorCode": "0", "data": data
        })))
        .mount(&server)
        .await;
    let small = VdxpClient::new(dondoc_vdxp::VdxpConfig {
        max_reply_bytes: 1024,
        ..config(&server)
    })
    .unwrap();
    match small.get("d-big").await {
        Err(VdxpError::TooLarge { limit, .. }) => assert_eq!(limit, 1024),
        other => panic!("{other:?}"),
    }
    let large = VdxpClient::new(config(&server)).unwrap();
    assert_eq!(large.get("d-big").await.unwrap().len(), 3000);
}

/// With a folder to keep it in, an oversized document's reply is streamed there whole, as it
/// came (it is never held in memory), and the refusal names the file; an oversized reply to
/// any other call is not kept.
#[tokio::test]
async fn an_oversized_document_is_streamed_whole_into_the_spill_folder() {
    let server = MockServer::start().await;
    // Ten times the limit: within what is kept (MAX_SPILL_FACTOR times it).
    let data = "A".repeat(10_000);
    let reply = json!({ "status": "OK", "ErrorCode": "0", "data": data }).to_string();
    assert!(reply.len() as u64 <= 1024 * dondoc_vdxp::MAX_SPILL_FACTOR);
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/getEdoc")))
        .respond_with(ResponseTemplate::new(200).set_body_string(reply.clone()))
        .mount(&server)
        .await;
    let spill = tempfile::tempdir().unwrap();
    let client = VdxpClient::new(dondoc_vdxp::VdxpConfig {
        max_reply_bytes: 1024,
        spill_dir: Some(spill.path().to_path_buf()),
        ..config(&server)
    })
    .unwrap();
    let kept = match client.get("d/big").await {
        Err(VdxpError::TooLarge {
            kept: Some(kept), ..
        }) => kept,
        other => panic!("{other:?}"),
    };
    assert!(kept.starts_with(spill.path()), "{}", kept.display());
    let written = std::fs::read_to_string(&kept).unwrap();
    assert!(
        written == reply,
        "{} bytes kept of {}",
        written.len(),
        reply.len()
    );
    let names: Vec<_> = std::fs::read_dir(spill.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no part file left: {names:?}");

    // Past what is kept, nothing is: a cut copy would let the axis forget the rest.
    let huge = json!({ "status": "OK", "ErrorCode": "0", "data": "A".repeat(20_000) });
    Mock::given(method("POST"))
        .and(path(format!("{BASE}/getEdoc")))
        .and(wiremock::matchers::header("XroadVnpt-docId", "d-huge"))
        .respond_with(ResponseTemplate::new(200).set_body_json(huge))
        .with_priority(1)
        .mount(&server)
        .await;
    match client.get("d-huge").await {
        Err(VdxpError::TooLarge { kept: None, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_dir(spill.path()).unwrap().count(), 1);
}
