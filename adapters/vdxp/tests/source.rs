//! The axis as a dondoc source: paging, ordering, leaving other agencies' mail alone, and what
//! each failure means to the caller.

mod common;

use common::*;
use dondoc_adapter_api::{AdapterCounts, AdapterError, Disposition, Source};
use dondoc_vdxp::{VdxpConfig, VdxpSource};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OURS: &str = "000.00.00.H41";
const ISSUER: &str = "000.00.00.G01";

fn source(config: VdxpConfig) -> VdxpSource {
    VdxpSource::from_client(client_with(config).0)
}

async fn mount_page(server: &MockServer, kind: &str, page: u32, items: Value) {
    Mock::given(method("POST"))
        .and(path(op("getReceivedEdocList")))
        .and(header("XroadVnpt-messagetype", kind))
        .and(header("XroadVnpt-pageIndex", page.to_string().as_str()))
        .respond_with(ok(items))
        .mount(server)
        .await;
}

fn to_us(id: &str, created: &str) -> Value {
    item(id, ISSUER, json!([OURS]), created)
}

#[tokio::test]
async fn listing_reads_every_page_of_documents_then_statuses() {
    let server = MockServer::start().await;
    // page_size is 2: a full page means there may be more.
    mount_page(
        &server,
        "edoc",
        1,
        json!([to_us("e1", "x"), to_us("e2", "x")]),
    )
    .await;
    mount_page(&server, "edoc", 2, json!([to_us("e3", "x")])).await;
    mount_page(&server, "status", 1, json!([to_us("s1", "x")])).await;
    let mut source = source(config(&server));

    let ids = source.list().await.unwrap();

    // "x" is no date, so the axis order stands: documents, then statuses.
    assert_eq!(ids, ["e1", "e2", "e3", "s1"]);
    assert_eq!(requests_to(&server, "getReceivedEdocList").await.len(), 3);
}

#[tokio::test]
async fn a_full_last_page_is_followed_by_an_empty_one() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "edoc",
        1,
        json!([to_us("e1", "x"), to_us("e2", "x")]),
    )
    .await;
    mount_page(&server, "edoc", 2, json!([])).await;
    mount_page(&server, "status", 1, json!([])).await;
    let mut source = source(config(&server));

    assert_eq!(source.list().await.unwrap(), ["e1", "e2"]);
}

#[tokio::test]
async fn an_axis_that_ignores_paging_does_not_loop() {
    let server = MockServer::start().await;
    // Every page is the same full page.
    Mock::given(method("POST"))
        .and(path(op("getReceivedEdocList")))
        .respond_with(ok(json!([to_us("e1", "x"), to_us("e2", "x")])))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    assert_eq!(source.list().await.unwrap(), ["e1", "e2"]);
    // Documents: page 1, then page 2 with nothing new. Statuses: page 1, the same again.
    assert_eq!(requests_to(&server, "getReceivedEdocList").await.len(), 3);
}

#[tokio::test]
async fn messages_come_oldest_first() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "edoc",
        1,
        json!([
            to_us("new", "2024-05-31 09:00:00"),
            to_us("old", "2024-05-29 09:00:00")
        ]),
    )
    .await;
    mount_page(&server, "edoc", 2, json!([])).await;
    mount_page(
        &server,
        "status",
        1,
        json!([to_us("mid", "2024-05-30 09:00:00")]),
    )
    .await;
    let mut source = source(config(&server));

    assert_eq!(source.list().await.unwrap(), ["old", "mid", "new"]);
}

#[tokio::test]
async fn messages_not_ours_are_acknowledged_done_and_not_returned() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "edoc",
        1,
        json!([
            // From a tracked issuer to someone else: ours.
            item("from-issuer", ISSUER, json!(["000.00.00.H99"]), "x"),
            // To us among others: ours.
            item(
                "to-us",
                "000.00.00.G77",
                json!("000.00.00.H99, 000.00.00.H41"),
                "x"
            ),
        ]),
    )
    .await;
    mount_page(
        &server,
        "edoc",
        2,
        json!([item(
            "neither",
            "000.00.00.G77",
            json!(["000.00.00.H99"]),
            "x"
        )]),
    )
    .await;
    mount_page(
        &server,
        "status",
        1,
        json!([item(
            "status-elsewhere",
            "000.00.00.G77",
            json!("000.00.00.H98"),
            "x"
        )]),
    )
    .await;
    mount_acks(&server).await;
    let mut config = config(&server);
    config.our_organ_ids = vec![OURS.to_owned()];
    config.tracked_issuers = vec![ISSUER.to_owned()];
    let mut source = source(config);

    let ids = source.list().await.unwrap();

    assert_eq!(ids, ["from-issuer", "to-us"]);
    assert_eq!(
        acks(&server).await,
        [
            ("neither".to_owned(), "done".to_owned()),
            ("status-elsewhere".to_owned(), "done".to_owned())
        ]
    );
    assert_eq!(source.skipped_not_ours(), 2);
}

#[tokio::test]
async fn with_no_filter_configured_everything_is_ours() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "edoc",
        1,
        json!([item("a", "000.00.00.G77", json!(["000.00.00.H99"]), "x")]),
    )
    .await;
    mount_page(&server, "status", 1, json!([])).await;
    mount_acks(&server).await;
    let mut source = source(config(&server));

    assert_eq!(source.list().await.unwrap(), ["a"]);
    assert!(acks(&server).await.is_empty());
    assert_eq!(source.skipped_not_ours(), 0);
}

#[tokio::test]
async fn a_failed_acknowledgement_of_another_agencys_message_does_not_fail_the_list() {
    let server = MockServer::start().await;
    mount_page(
        &server,
        "edoc",
        1,
        json!([
            item("theirs", "000.00.00.G77", json!(["000.00.00.H99"]), "x"),
            to_us("mine", "x")
        ]),
    )
    .await;
    mount_page(&server, "edoc", 2, json!([])).await;
    mount_page(&server, "status", 1, json!([])).await;
    Mock::given(method("POST"))
        .and(path(op("updateStatus")))
        .respond_with(ResponseTemplate::new(400))
        .mount(&server)
        .await;
    let mut config = config(&server);
    config.our_organ_ids = vec![OURS.to_owned()];
    let mut source = source(config);

    assert_eq!(source.list().await.unwrap(), ["mine"]);
    // Not counted: the axis still offers it, and the next list tries again.
    assert_eq!(source.skipped_not_ours(), 0);
}

#[tokio::test]
async fn a_refused_list_is_an_error_not_an_empty_inbox() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(op("getReceivedEdocList")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "FAIL", "ErrorCode": "401", "ErrorDesc": "Sai chữ ký"
        })))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    match source.list().await.unwrap_err() {
        AdapterError::Invalid {
            source_name,
            reason,
        } => {
            assert_eq!(source_name, "vdxp-test");
            assert!(reason.contains("getReceivedEdocList"), "{reason}");
            assert!(reason.contains("Sai chữ ký"), "{reason}");
        }
        other => panic!("expected Invalid, got {other}"),
    }
}

#[tokio::test]
async fn an_axis_that_stays_down_is_down_not_a_fault_of_any_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    let err = source.list().await.unwrap_err();
    assert!(matches!(err, AdapterError::Down { .. }), "{err}");
    assert_eq!(source.retries(), 2);

    match source.fetch("d-5").await.unwrap_err() {
        AdapterError::Down { reason, .. } => assert!(reason.contains("d-5"), "{reason}"),
        other => panic!("expected Down, got {other}"),
    }
    let err = source.settle("d-5", &Disposition::Done).await.unwrap_err();
    assert!(matches!(err, AdapterError::Down { .. }), "{err}");
    assert_eq!(source.retries(), 6);
}

#[tokio::test]
async fn refused_credentials_are_down_not_a_fault_of_any_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    let err = source.fetch("d-6").await.unwrap_err();

    assert!(matches!(err, AdapterError::Down { .. }), "{err}");
    assert_eq!(source.retries(), 0, "a 403 is not retried");
}

#[tokio::test]
async fn a_document_the_axis_cannot_serve_is_unavailable_so_it_is_eventually_set_aside() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(op("getEdoc")))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    let err = source.fetch("poison").await.unwrap_err();

    assert!(matches!(err, AdapterError::Unavailable { .. }), "{err}");
    assert_eq!(source.retries(), 2, "retried before giving up");
}

#[tokio::test]
async fn counts_are_reported_per_pass() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(op("getReceivedEdocList")))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_page(
        &server,
        "edoc",
        1,
        json!([
            item("theirs", "000.00.00.G77", json!(["000.00.00.H99"]), "x"),
            to_us("mine", "x")
        ]),
    )
    .await;
    mount_page(&server, "edoc", 2, json!([])).await;
    mount_page(&server, "status", 1, json!([])).await;
    mount_acks(&server).await;
    let mut config = config(&server);
    config.our_organ_ids = vec![OURS.to_owned()];
    let mut source = source(config);

    assert_eq!(source.list().await.unwrap(), ["mine"]);
    assert_eq!(
        source.take_counts(),
        AdapterCounts {
            retries: 1,
            skipped: 1
        }
    );
    assert_eq!(source.take_counts(), AdapterCounts::default());

    // The next pass is offered the same; only what it adds is reported.
    assert_eq!(source.list().await.unwrap(), ["mine"]);
    assert_eq!(
        source.take_counts(),
        AdapterCounts {
            retries: 0,
            skipped: 1
        }
    );
    assert_eq!(source.skipped_not_ours(), 2);
}

#[tokio::test]
async fn fetch_returns_the_document() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(op("getEdoc")))
        .and(header("XroadVnpt-docId", "d-1"))
        .respond_with(ok(json!("PGVkWE1MLz4=")))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    assert_eq!(source.fetch("d-1").await.unwrap(), b"<edXML/>");
}

#[tokio::test]
async fn a_document_taken_elsewhere_is_gone() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(op("getEdoc")))
        .and(header("XroadVnpt-docId", "by-404"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(op("getEdoc")))
        .and(header("XroadVnpt-docId", "by-desc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "FAIL", "ErrorCode": "2", "ErrorDesc": "Document not found"
        })))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    for id in ["by-404", "by-desc"] {
        match source.fetch(id).await.unwrap_err() {
            AdapterError::Gone {
                id: gone,
                source_name,
            } => {
                assert_eq!(gone, id);
                assert_eq!(source_name, "vdxp-test");
            }
            other => panic!("expected Gone for {id}, got {other}"),
        }
    }
}

/// A reply whose data does not decode is not the document (a proxy's page, a cut body): the
/// document is not to blame, so the fetch is unavailable for now, never invalid (which would
/// settle it `fail`, and the axis would forget it).
#[tokio::test]
async fn a_reply_that_is_not_the_document_is_unavailable_not_invalid() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(op("getEdoc")))
        .respond_with(ok(json!("%%% not base64 %%%")))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    match source.fetch("d-2").await.unwrap_err() {
        AdapterError::Unavailable { reason, .. } => {
            assert!(
                reason.contains("getEdoc") && reason.contains("d-2"),
                "{reason}"
            )
        }
        other => panic!("expected Unavailable, got {other}"),
    }
}

#[tokio::test]
async fn settling_tells_the_axis_done_or_fail_and_a_dropped_secret_is_done() {
    let server = MockServer::start().await;
    mount_acks(&server).await;
    let mut source = source(config(&server));

    source.settle("a", &Disposition::Done).await.unwrap();
    source
        .settle(
            "b",
            &Disposition::Failed {
                reason: "DueDate: not a date".to_owned(),
            },
        )
        .await
        .unwrap();
    source.settle("c", &Disposition::Dropped).await.unwrap();

    let expected = [("a", "done"), ("b", "fail"), ("c", "done")]
        .map(|(id, status)| (id.to_owned(), status.to_owned()));
    assert_eq!(acks(&server).await, expected);
    let body = everything_sent(&server).await;
    assert!(!body.contains("DueDate"), "the reason stays with dondoc");
}

#[tokio::test]
async fn a_refused_settlement_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(op("updateStatus")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "FAIL", "ErrorCode": "3", "ErrorDesc": "Trạng thái không hợp lệ"
        })))
        .mount(&server)
        .await;
    let mut source = source(config(&server));

    let err = source.settle("a", &Disposition::Done).await.unwrap_err();

    assert!(matches!(err, AdapterError::Invalid { .. }), "{err}");
    assert!(err.to_string().contains("updateStatus"), "{err}");
}

#[test]
fn the_source_is_named_as_configured() {
    let config = VdxpConfig {
        name: "truc-quoc-gia".to_owned(),
        endpoint: "https://axis.example/vdxp".parse().unwrap(),
        system_id: "000.00.00.H41".to_owned(),
        secret: "k".to_owned().into(),
        page_size: 50,
        timeout: std::time::Duration::from_secs(30),
        max_retries: 3,
        retry_base: std::time::Duration::from_millis(500),
        retry_max: std::time::Duration::from_secs(30),
        our_organ_ids: Vec::new(),
        tracked_issuers: Vec::new(),
        acknowledge_as: None,
        max_reply_bytes: 1 << 20,
        spill_dir: None,
    };
    let source = VdxpSource::new(config).unwrap();
    assert_eq!(source.name(), "truc-quoc-gia");
}
