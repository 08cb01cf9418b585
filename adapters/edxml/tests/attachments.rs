//! Attachment bodies: streamed, bounded, checked.

mod common;

use common::*;
use dondoc_edxml::{
    read_message, read_message_with, AttachmentSink, DiscardAttachments, Message, PayloadKind,
    ReadError, ReadLimits,
};

/// Bytes that are not a repeating pattern at any base64-aligned period.
fn pseudo_random(len: usize) -> Vec<u8> {
    let mut state: u32 = 0x1234_5678;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect()
}

fn read_with(
    xml: &str,
    limits: &ReadLimits,
    sink: &mut dyn AttachmentSink,
) -> Result<Message, ReadError> {
    read_message_with(xml.as_bytes(), limits, sink)
}

#[test]
fn a_three_megabyte_attachment_is_streamed_in_bounded_pieces() {
    let payload = pseudo_random(3 * 1024 * 1024 + 1);
    let xml = document_xml(
        "",
        &attachment_xml(
            "cid:lon",
            "Hồ sơ lớn.pdf",
            &base64_wrapped(&payload, 76, "\r\n"),
        ),
    );
    let mut sink = CollectSink::default();
    let Ok(Message::Document(doc)) = read_with(&xml, &ReadLimits::default(), &mut sink) else {
        panic!("not read");
    };
    assert_eq!(doc.attachments[0].decoded_bytes, payload.len() as u64);
    assert_eq!(doc.attachments[0].attachment_name, s("Hồ sơ lớn.pdf"));
    assert!(sink.files[&0] == payload, "decoded bytes differ");
    // 64 KiB of base64 in, at most 48 KiB out per write.
    assert!(
        sink.largest_write() <= 48 * 1024,
        "{}",
        sink.largest_write()
    );
    assert!(sink.calls.len() > 60, "{}", sink.calls.len());
    assert_eq!(sink.calls.first(), Some(&Call::Begin(0)));
    assert_eq!(sink.calls.last(), Some(&Call::End(0)));
}

#[test]
fn text_cut_by_a_reference_at_every_line_end_still_arrives_in_large_writes() {
    let payload = pseudo_random(1024 * 1024);
    let content = base64_wrapped(&payload, 76, "&#13;&#10;");
    let xml = document_xml("", &attachment_xml("a", "a.bin", &content));
    let (_, sink) = document_with_files("references", xml.as_bytes());
    assert!(sink.files[&0] == payload, "decoded bytes differ");
    let writes = sink
        .calls
        .iter()
        .filter(|c| matches!(c, Call::Write(..)))
        .count();
    assert!(writes <= 25, "{writes} writes for 1 MiB");
    assert!(sink.largest_write() <= 48 * 1024);
}

#[test]
fn unwrapped_base64_of_every_length_mod_3_decodes() {
    for len in [0, 1, 2, 3, 4, 5, 100, 65_535, 65_536, 65_537] {
        let payload = pseudo_random(len);
        let xml = document_xml(
            "",
            &attachment_xml("a", "a.bin", &base64_wrapped(&payload, 0, "")),
        );
        let mut sink = CollectSink::default();
        let Ok(Message::Document(doc)) = read_with(&xml, &ReadLimits::default(), &mut sink) else {
            panic!("{len}: not read");
        };
        assert_eq!(doc.attachments[0].decoded_bytes, len as u64);
        assert_eq!(sink.files[&0], payload, "{len}");
    }
}

#[test]
fn character_references_comments_and_cdata_inside_base64_are_handled() {
    // "Văn bản" = VsSDbiBi4bqjbg== ; split mid-quartet by a comment, a CDATA
    // section and character references for a line break and a letter.
    let content = "VsSD<!-- ngắt -->bi&#10;Bi<![CDATA[4bqj]]>&#x62;g&#61;=";
    let xml = document_xml("", &attachment_xml("a", "a.txt", content));
    let (doc, sink) = document_with_files("inline", xml.as_bytes());
    assert_eq!(sink.files[&0], "Văn bản".as_bytes());
    assert_eq!(doc.attachments[0].payload, PayloadKind::Other);
}

#[test]
fn an_escaped_character_outside_the_alphabet_is_refused() {
    let xml = document_xml("", &attachment_xml("a", "a.txt", "Zm9v&amp;"));
    let err = error_of(xml.as_bytes());
    assert!(
        matches!(&err, ReadError::InvalidField { field: "AttachmentEncoded/Attachment/ContentTransferEncoded", value, .. } if value == "&"),
        "{err:?}"
    );
    let xml = document_xml("", &attachment_xml("a", "a.txt", "Zm9v&bogus;"));
    assert!(matches!(error_of(xml.as_bytes()), ReadError::Xml { .. }));
    let xml = document_xml("", &attachment_xml("a", "a.txt", "Zm9v&#0;"));
    assert!(matches!(error_of(xml.as_bytes()), ReadError::Xml { .. }));
}

#[test]
fn invalid_base64_names_the_field_and_the_attachment() {
    let xml = document_xml(
        "",
        &format!(
            "{}{}",
            attachment_xml("a", "a.pdf", "Zm9v"),
            attachment_xml("b", "b.pdf", "Zm9v!mFy")
        ),
    );
    let err = error_of(xml.as_bytes());
    let ReadError::InvalidField {
        field,
        value,
        reason,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        *field,
        "AttachmentEncoded/Attachment/ContentTransferEncoded"
    );
    assert_eq!(value, "!");
    assert!(reason.contains("attachment 1"), "{reason}");
    assert!(err.to_string().contains("attachment 1"), "{err}");
    for bad in ["Zm9vY", "=Zm9", "Zg==Zg==", "Zm=v", "Zm9v\u{00E2}"] {
        let xml = document_xml("", &attachment_xml("a", "a.pdf", bad));
        assert!(
            matches!(error_of(xml.as_bytes()), ReadError::InvalidField { .. }),
            "{bad:?}"
        );
    }
}

#[test]
fn a_sink_failure_stops_the_read_naming_the_attachment() {
    let payload = pseudo_random(200_000);
    let xml = document_xml(
        "",
        &format!(
            "{}{}",
            attachment_xml("a", "a.pdf", "Zm9v"),
            attachment_xml("b", "b.pdf", &base64_wrapped(&payload, 76, "\n"))
        ),
    );
    let mut sink = CollectSink {
        fail_after: Some(100_000),
        ..CollectSink::default()
    };
    let err = read_with(&xml, &ReadLimits::default(), &mut sink).expect_err("sink fails");
    assert!(
        matches!(&err, ReadError::Sink { index: 1, reason } if reason.contains("đĩa đầy")),
        "{err:?}"
    );
    assert!(!sink.calls.contains(&Call::End(1)));
}

#[test]
fn a_failing_begin_or_end_is_reported_too() {
    struct FailAt(&'static str);
    impl AttachmentSink for FailAt {
        fn begin(&mut self, _: usize) -> std::io::Result<()> {
            if self.0 == "begin" {
                return Err(std::io::Error::other("begin"));
            }
            Ok(())
        }
        fn write(&mut self, _: usize, _: &[u8]) -> std::io::Result<()> {
            Ok(())
        }
        fn end(&mut self, _: usize) -> std::io::Result<()> {
            if self.0 == "end" {
                return Err(std::io::Error::other("end"));
            }
            Ok(())
        }
    }
    let xml = document_xml("", &attachment_xml("a", "a.pdf", "Zm9v"));
    for at in ["begin", "end"] {
        let err = read_with(&xml, &ReadLimits::default(), &mut FailAt(at)).expect_err(at);
        assert!(
            matches!(&err, ReadError::Sink { index: 0, reason } if reason == at),
            "{err:?}"
        );
    }
}

#[test]
fn the_number_of_attachments_is_capped() {
    let three: String = (0..3)
        .map(|i| attachment_xml(&format!("c{i}"), "a.pdf", "Zm9v"))
        .collect();
    let xml = document_xml("", &three);
    let limits = ReadLimits {
        max_attachments: 2,
        ..ReadLimits::default()
    };
    let mut sink = CollectSink::default();
    let err = read_with(&xml, &limits, &mut sink).expect_err("too many");
    assert!(
        matches!(
            err,
            ReadError::TooLarge {
                what: "attachments",
                limit: 2
            }
        ),
        "{err:?}"
    );
    assert_eq!(sink.files.len(), 2);
    let limits = ReadLimits {
        max_attachments: 3,
        ..ReadLimits::default()
    };
    assert!(read_with(&xml, &limits, &mut DiscardAttachments).is_ok());
}

#[test]
fn the_message_size_is_checked_before_parsing() {
    let limits = ReadLimits {
        max_message_bytes: 10,
        ..ReadLimits::default()
    };
    // Not even XML: refused for its size, not its syntax.
    let err = read_message_with(b"\xFF\xFE not xml at all", &limits, &mut DiscardAttachments)
        .expect_err("too large");
    assert!(
        matches!(
            err,
            ReadError::TooLarge {
                what: "message bytes",
                limit: 10
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "message bytes exceeds the limit of 10");
    let exact = ReadLimits {
        max_message_bytes: 9,
        ..ReadLimits::default()
    };
    assert!(matches!(
        read_message_with(b"<edXML/>", &exact, &mut DiscardAttachments),
        Err(ReadError::MissingField { .. })
    ));
}

#[test]
fn the_depth_limit_is_configurable() {
    let xml = document_xml("<OtherInfo><a><b><c/></b></a></OtherInfo>", "");
    let limits = ReadLimits {
        max_depth: 7,
        ..ReadLimits::default()
    };
    let err = read_with(&xml, &limits, &mut DiscardAttachments).expect_err("too deep");
    assert!(matches!(err, ReadError::TooDeep { limit: 7 }), "{err:?}");
    let limits = ReadLimits {
        max_depth: 8,
        ..ReadLimits::default()
    };
    assert!(read_with(&xml, &limits, &mut DiscardAttachments).is_ok());
}

#[test]
fn the_default_limits_are_the_documented_ones() {
    assert_eq!(
        ReadLimits::default(),
        ReadLimits {
            max_message_bytes: 64 * 1024 * 1024,
            max_depth: 256,
            max_attachment_bytes: 45 * 1024 * 1024,
            max_attachments: 100,
        }
    );
}

#[test]
fn two_contents_in_one_attachment_are_refused() {
    let xml = document_xml(
        "",
        "<AttachmentEncoded><Attachment><ContentId>a</ContentId>\
         <ContentTransferEncoded>Zm9v</ContentTransferEncoded>\
         <ContentTransferEncoded>YmFy</ContentTransferEncoded></Attachment></AttachmentEncoded>",
    );
    let err = error_of(xml.as_bytes());
    assert!(
        matches!(&err, ReadError::InvalidField { reason, .. } if reason.contains("more than one")),
        "{err:?}"
    );
}

#[test]
fn an_attachment_without_content_is_listed_but_never_reaches_the_sink() {
    let xml = document_xml(
        "",
        "<AttachmentEncoded><Attachment><ContentId>cid:trong</ContentId>\
         <AttachmentName>trống.pdf</AttachmentName></Attachment>\
         <Attachment><ContentTransferEncoded/></Attachment></AttachmentEncoded>",
    );
    let (doc, sink) = document_with_files("inline", xml.as_bytes());
    assert_eq!(doc.attachments.len(), 2);
    assert_eq!(doc.attachments[0].content_id, s("trong"));
    assert_eq!(doc.attachments[0].decoded_bytes, 0);
    assert_eq!(doc.attachments[0].payload, PayloadKind::Empty);
    assert_eq!(doc.attachments[1].index, 1);
    assert_eq!(doc.attachments[1].content_id, None);
    assert_eq!(sink.calls, [Call::Begin(1), Call::End(1)]);
}

#[test]
fn attachments_in_a_foreign_namespace_are_not_ours() {
    let xml = document_xml(
        "",
        "<x:AttachmentEncoded xmlns:x=\"urn:khac\"><x:Attachment>\
         <x:ContentTransferEncoded>Zm9v</x:ContentTransferEncoded></x:Attachment></x:AttachmentEncoded>",
    );
    let (doc, sink) = document_with_files("inline", xml.as_bytes());
    assert_eq!(doc.attachments, []);
    assert!(sink.calls.is_empty());
}

#[test]
fn attachments_of_a_status_are_checked_but_not_listed() {
    // A status has no attachments by the standard; a sender that adds one
    // still gets its base64 checked, and the sink sees it.
    let xml = "<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\"><edXMLEnvelope><edXMLHeader>\
               <MessageHeader><StatusCode>03</StatusCode></MessageHeader></edXMLHeader></edXMLEnvelope>\
               <AttachmentEncoded><Attachment><ContentTransferEncoded>Zm9v</ContentTransferEncoded>\
               </Attachment></AttachmentEncoded></edXML>";
    let mut sink = CollectSink::default();
    let Ok(Message::Status(status)) =
        read_message_with(xml.as_bytes(), &ReadLimits::default(), &mut sink)
    else {
        panic!("not a status");
    };
    assert_eq!(status.status_code, "03");
    assert_eq!(sink.files[&0], b"foo");
    let bad = xml.replace("Zm9v", "Zm9v!");
    assert!(matches!(
        read_message(bad.as_bytes()),
        Err(ReadError::InvalidField { .. })
    ));
}
