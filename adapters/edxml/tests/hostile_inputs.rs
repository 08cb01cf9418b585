//! Inputs built to hurt the reader. Generated here, not stored.

mod common;

use common::*;
use dondoc_edxml::{read_message, read_message_with, ReadError, ReadLimits, MAX_DEPTH};

const NS: &str = "http://www.mic.gov.vn/TBT/QCVN_102_2016";

#[test]
fn a_billion_laughs_bomb_is_refused_at_the_dtd() {
    let mut dtd = String::from("<!ENTITY lol \"lol\">");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE edXML [{dtd}]>\
         <edXML xmlns=\"{NS}\"><edXMLEnvelope><edXMLHeader><MessageHeader>\
         <From><OrganId>A</OrganId></From><Code><CodeNumber>1</CodeNumber></Code>\
         <Subject>&lol9;</Subject></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
    );
    assert!(matches!(error_of(xml.as_bytes()), ReadError::Dtd));
}

#[test]
fn external_entities_are_never_resolved() {
    let declared = format!(
        "<!DOCTYPE edXML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\
         <edXML xmlns=\"{NS}\"><edXMLEnvelope><edXMLHeader><MessageHeader>\
         <From><OrganId>&xxe;</OrganId></From></MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
    );
    assert!(matches!(error_of(declared.as_bytes()), ReadError::Dtd));
    // Referenced without a declaration: a syntax error wherever it is,
    // including inside attachment content, which is unescaped separately.
    let in_header = document_xml("<Subject>&xxe;</Subject>", "");
    assert!(matches!(
        error_of(in_header.as_bytes()),
        ReadError::Xml { .. }
    ));
    let in_content = document_xml("", &attachment_xml("a", "a.pdf", "Zm9v&xxe;"));
    let err = error_of(in_content.as_bytes());
    assert!(matches!(err, ReadError::Xml { .. }), "{err:?}");
}

#[test]
fn a_hundred_thousand_nested_elements_are_too_deep() {
    let depth = 100_000;
    for inside in [
        "",
        "<AttachmentEncoded><Attachment><ContentTransferEncoded>",
    ] {
        let xml = format!(
            "<edXML xmlns=\"{NS}\">{inside}{}{}",
            "<a>".repeat(depth),
            "</a>".repeat(depth)
        );
        let err = error_of(xml.as_bytes());
        assert!(
            matches!(err, ReadError::TooDeep { limit: MAX_DEPTH }),
            "{err:?}"
        );
    }
}

#[test]
fn invalid_utf8_is_refused_wherever_it_is() {
    let good = document_xml(
        "<Subject>Sở Xây dựng</Subject>",
        &attachment_xml("a", "a.pdf", "Zm9v"),
    );
    for (needle, bad) in [
        ("Sở", &b"S\xC6"[..]),        // truncated sequence
        ("Xây", b"X\xE0\x80\x80y"),   // overlong
        ("dựng", b"d\xED\xA0\x80ng"), // UTF-16 surrogate
        ("Zm9v", b"Zm\xFFv"),         // inside base64
    ] {
        let at = good.find(needle).expect("needle");
        let mut bytes = good.as_bytes()[..at].to_vec();
        bytes.extend_from_slice(bad);
        bytes.extend_from_slice(&good.as_bytes()[at + needle.len()..]);
        let err = error_of(&bytes);
        assert!(
            matches!(err, ReadError::NotUtf8 { position } if position as usize >= at),
            "{needle}: {err:?}"
        );
    }
}

#[test]
fn a_nul_byte_is_a_syntax_error_wherever_it_is() {
    for (header, after) in [
        ("<Subject>Sở\0Xây</Subject>", String::new()),
        ("<Unknown>rác\0</Unknown>", String::new()),
        ("", attachment_xml("a", "a.pdf", "Zm9v\0YmFy")),
        ("", attachment_xml("a\0", "a.pdf", "Zm9v")),
    ] {
        let xml = document_xml(header, &after);
        let err = error_of(xml.as_bytes());
        assert!(
            matches!(&err, ReadError::Xml { reason, .. } if reason.contains("U+0000")),
            "{header}{after}: {err:?}"
        );
    }
    // In markup rather than text too: names, attribute values, comments.
    for header in [
        "<Sub\0ject>x</Sub\0ject>",
        "<Subject a=\"\0\">x</Subject>",
        "<!-- \0 -->",
    ] {
        let xml = document_xml(header, "");
        let err = error_of(xml.as_bytes());
        assert!(
            matches!(&err, ReadError::Xml { position, reason }
                if reason.contains("U+0000") && *position as usize == xml.find('\0').unwrap()),
            "{header:?}: {err:?}"
        );
    }
}

#[test]
fn an_attachment_decoding_past_the_limit_stops_at_once() {
    let payload = vec![0x5Au8; 1024 * 1024];
    // A syntax error after the attachment: never reached if decoding stops.
    let xml = document_xml(
        "",
        &format!(
            "{}<broken",
            attachment_xml("a", "a.bin", &base64_wrapped(&payload, 76, "\n"))
        ),
    );
    let limits = ReadLimits {
        max_attachment_bytes: 1000,
        ..ReadLimits::default()
    };
    let mut sink = CollectSink::default();
    let err = read_message_with(xml.as_bytes(), &limits, &mut sink).expect_err("too large");
    assert!(
        matches!(
            err,
            ReadError::TooLarge {
                what: "decoded attachment bytes",
                limit: 1000
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "decoded attachment bytes exceeds the limit of 1000"
    );
    let received: usize = sink.files.values().map(Vec::len).sum();
    assert!(received <= 1000, "{received}");
    assert!(sink.calls.len() <= 2, "{:?}", sink.calls);
    assert!(!sink.calls.contains(&Call::End(0)));

    // Exactly at the limit is accepted.
    let exact = document_xml(
        "",
        &attachment_xml("a", "a.bin", &base64_wrapped(&payload[..1000], 0, "")),
    );
    let mut sink = CollectSink::default();
    assert!(read_message_with(exact.as_bytes(), &limits, &mut sink).is_ok());
    assert_eq!(sink.files[&0].len(), 1000);
}

#[test]
fn an_attachment_name_climbing_directories_is_cut_to_its_file_name() {
    for (name, expected) in [
        ("../../../etc/cron.d/x.pdf", Some("x.pdf")),
        ("..\\..\\Windows\\System32\\x.dll", Some("x.dll")),
        ("/etc/passwd", Some("passwd")),
        ("%2e%2e%2f%2e%2e%2fx.pdf", Some("x.pdf")),
        ("../", None),
        ("..", None),
    ] {
        let xml = document_xml(
            &format!(
                "</MessageHeader></edXMLHeader><edXMLBody><edXMLManifest><Reference>\
                 <AttachmentName>{name}</AttachmentName></Reference></edXMLManifest></edXMLBody>\
                 <edXMLHeader><MessageHeader>"
            ),
            &attachment_xml("a", name, "Zm9v"),
        );
        let doc = document_of(name, xml.as_bytes());
        assert_eq!(
            doc.attachments[0].attachment_name.as_deref(),
            expected,
            "{name}"
        );
        assert_eq!(
            doc.references[0].attachment_name.as_deref(),
            expected,
            "{name}"
        );
    }
}

#[test]
fn truncation_at_every_byte_of_a_fixture_is_an_error_never_a_panic() {
    for name in ["directive_docx_attachment.edxml", "status_03_sxd.edxml"] {
        let bytes = fixture(name);
        let complete = bytes
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .expect("not blank")
            + 1;
        for cut in 0..bytes.len() {
            let result = read_message(&bytes[..cut]);
            if cut < complete {
                assert!(result.is_err(), "{name} cut at {cut} was accepted");
            } else {
                assert!(result.is_ok(), "{name} cut at {cut}: {result:?}");
            }
        }
    }
}

#[test]
fn a_huge_number_of_siblings_and_entities_stays_linear() {
    // Wide rather than deep: 200 000 recipients and 200 000 escaped characters.
    let to = "<To><OrganId>X</OrganId></To>".repeat(200_000);
    let subject = "&amp;".repeat(200_000);
    let xml = document_xml(&format!("{to}<Subject>{subject}</Subject>"), "");
    let started = std::time::Instant::now();
    let doc = document_of("wide", xml.as_bytes());
    assert_eq!(doc.to.len(), 200_000);
    assert_eq!(doc.subject.map(|s| s.len()), Some(200_000));
    assert!(started.elapsed().as_secs() < 30);
}
