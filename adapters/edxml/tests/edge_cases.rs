//! The 27 edge cases of `docs/edxml.md` §12, one fixture (or more) each
//! under `tests/fixtures/edge/`, all fictitious.

mod common;

use common::*;
use dondoc_edxml::{
    read_message, status_kind, Business, BusinessType, Message, Organization, PayloadKind,
    ReadError, ReceiverChange, Reference, Replacement, ResponseFor, StaffInfo, StatusKind,
    TraceHeader,
};
use unicode_normalization::{is_nfc, UnicodeNormalization};

fn edge(name: &str) -> Vec<u8> {
    fixture(&format!("edge/{name}"))
}

fn edge_document(name: &str) -> dondoc_edxml::DocumentMessage {
    document_of(name, &edge(name))
}

fn edge_text(name: &str) -> String {
    String::from_utf8(edge(name)).expect("fixtures are UTF-8")
}

// ---- Structure / XML ----

/// Case 1: Prefixes vary within one file; an element with no namespace at all
/// (`xmlns=""`) is still ours, one bound to another URI is not.
#[test]
fn case_01_namespace_prefixes_are_ignored_only_the_uri_counts() {
    let (doc, files) = document_with_files("01", &edge("01_namespace_prefixes.edxml"));
    assert_eq!(doc.from.organ_id, s("000.00.00.H57"));
    assert_eq!(doc.from.organ_name, s("UBND tỉnh Thừa Thiên Huế"));
    assert_eq!(doc.to, [org("000.00.14.H57", "Sở Xây dựng", None)]);
    assert_eq!(doc.code_number, s("318"));
    assert_eq!(doc.code_notation, s("UBND-XD"));
    // The Subject in `urn:example:khac` is someone else's.
    assert_eq!(
        doc.subject,
        s("V/v kiểm tra an toàn công trình xây dựng trên địa bàn tỉnh")
    );
    assert_eq!(doc.references.len(), 1);
    assert_eq!(doc.references[0].content_id, s("a1"));
    // Unprefixed attachments in no namespace with a prefixed, re-declared
    // ContentTransferEncoded, then a second block under another prefix.
    let summary: Vec<_> = doc
        .attachments
        .iter()
        .map(|a| (a.index, a.content_id.clone(), a.payload, a.decoded_bytes))
        .collect();
    assert_eq!(
        summary,
        [
            (0, s("a1"), PayloadKind::Pdf, 68),
            (1, s("a2"), PayloadKind::Zip, 22)
        ]
    );
    assert!(files.files[&0].starts_with(b"%PDF-1.4\n"));
}

/// Case 2: Bkav's `Status` container reads like `MessageHeader`; the legacy
/// SOAP-wrapped status (pre-QCVN, `edXML` bound to the SOAP URI) is not
/// edXML and is refused as such, so it can be answered or routed, not
/// half-read.
#[test]
fn case_02_status_container_is_accepted_and_soap_legacy_refused() {
    let text = edge_text("02_status_container.edxml");
    let status = status_of("02", text.as_bytes());
    assert_eq!(status.status_code, "04", "one-digit code padded");
    assert_eq!(status_kind(&status.status_code), Some(StatusKind::Assigned));
    assert_eq!(status.from.organ_id, s("000.00.05.H57"));
    assert_eq!(status.response_for.code, s("1871/UBND-KT"));
    assert_eq!(
        status.response_for.promulgation_date,
        Some(date(2024, 3, 12))
    );
    assert_eq!(status.description, s("Đã phân công Phòng Đầu tư xử lý"));
    assert_eq!(status.timestamp, Some(datetime(2024, 3, 13, 10, 5, 0)));
    assert_eq!(
        status.staff,
        Some(StaffInfo {
            department: s("Văn phòng Sở"),
            staff: s("Đặng Thị Mẫu"),
            mobile: s("0900000044"),
            email: s("mau.dt@stc.tth.example"),
        })
    );
    // The same in a `MessageHeader` reads the same.
    let as_header = text.replace("edXML:Status>", "edXML:MessageHeader>");
    assert_eq!(status_of("02 header", as_header.as_bytes()), status);
    // An error in each names the container the sender used.
    let bad = text.replace(">4<", ">X<");
    assert!(matches!(
        error_of(bad.as_bytes()),
        ReadError::InvalidField {
            field: "Status/StatusCode",
            ..
        }
    ));

    let err = error_of(&edge("02_status_soap_legacy.edxml"));
    assert!(
        matches!(&err, ReadError::NotEdxml { root } if root == "SOAP-ENV:Envelope"),
        "{err:?}"
    );
}

/// Case 3: Any child order: DocumentId first, To before From, attachments
/// before the envelope, Bussiness before TraceHeader, names after content.
#[test]
fn case_03_element_order_does_not_matter() {
    let doc = edge_document("03_element_order.edxml");
    assert_eq!(doc.document_id, s("000.00.00.H57,2024/04/02,56/KH-UBND"));
    assert_eq!(
        doc.from,
        org("000.00.00.H57", "UBND tỉnh Thừa Thiên Huế", None)
    );
    assert_eq!(
        doc.to,
        [org("000.00.12.H57", "Sở Giáo dục và Đào tạo", None)]
    );
    assert_eq!(doc.code_number, s("56"));
    assert_eq!(doc.code_notation, s("KH-UBND"));
    assert_eq!(doc.place, s("Thừa Thiên Huế"));
    assert_eq!(doc.promulgation_date, Some(date(2024, 4, 2)));
    assert_eq!(doc.due_date, Some(date(2024, 12, 15)));
    assert_eq!(doc.priority, Some(1));
    assert_eq!(doc.page_amount, Some(4));
    assert_eq!(doc.signer.competence, s("KT. CHỦ TỊCH"));
    assert_eq!(doc.signer.full_name, s("Võ Thị Mẫu"));
    assert_eq!(
        doc.response_for,
        [ResponseFor {
            organ_id: s("000.00.00.G22"),
            code: s("2011/VPCP-KGVX"),
            promulgation_date: None,
            document_id: s("000.00.00.G22,2024/03/20,2011/VPCP-KGVX"),
        }]
    );
    assert_eq!(
        doc.trace,
        [TraceHeader {
            organ_id: s("000.00.00.H57"),
            timestamp: Some(datetime(2024, 4, 2, 14, 0, 0)),
        }]
    );
    let business = doc.business.expect("business");
    assert_eq!(business.kind, BusinessType::New);
    assert_eq!(business.paper, Some(true));
    assert_eq!(doc.references[0].content_id, s("kh56"));
    let attachment = &doc.attachments[0];
    assert_eq!(attachment.content_id, s("kh56"));
    assert_eq!(attachment.attachment_name, s("56-KH-UBND.pdf"));
    assert_eq!(attachment.content_type, s("application/pdf"));
    assert_eq!(attachment.payload, PayloadKind::Pdf);
}

/// Case 4: Decision: lenient. `<From><From>` takes the inner block (gaps filled
/// from the wrapper) and an undeclared `xlink:` prefix is accepted without
/// a pre-pass: quick-xml never resolves attribute prefixes unless asked,
/// and `href` is matched on its local name. Refusing with a `02` would
/// bounce real documents over a sender's cosmetic slip.
#[test]
fn case_04_doubled_nesting_and_undeclared_xlink_are_read_leniently() {
    let doc = edge_document("04_broken_nesting_xlink.edxml");
    assert_eq!(
        doc.from,
        Organization {
            organ_id: s("000.00.00.H57"),
            organ_name: s("UBND tỉnh Thừa Thiên Huế"),
            email: s("vanthu@ubnd.tth.example"),
            ..Organization::default()
        }
    );
    assert_eq!(
        doc.to,
        [org(
            "000.00.16.H57",
            "Sở Nông nghiệp và Phát triển nông thôn",
            None
        )]
    );
    assert_eq!(
        doc.references,
        [
            // No ContentId element: the `xlink:href="cid:…"` stands in.
            Reference {
                content_id: s("902-ubnd-nn"),
                attachment_name: s("902-UBND-NN.pdf"),
                ..Reference::default()
            },
            // An empty href leaves the element's ContentId alone.
            Reference {
                content_id: s("phu-luc"),
                attachment_name: s("Phụ lục.pdf"),
                ..Reference::default()
            },
        ]
    );
}

/// Case 5: Signatures in any form (xmldsig namespace, the QCVN default namespace,
/// an empty DigitalSignature) and with garbage certificates are skipped,
/// never verified, and their inner `Reference`/`Subject` are not ours.
#[test]
fn case_05_signatures_of_any_shape_are_skipped() {
    let doc = edge_document("05_signatures.edxml");
    assert_eq!(doc.subject, s("Thông báo lịch tiếp công dân tháng 7"));
    assert_eq!(
        doc.references,
        [Reference {
            content_id: s("tb77"),
            attachment_name: s("77-TB-UBND.pdf"),
            ..Reference::default()
        }]
    );
    // And with no signature at all.
    let text = edge_text("05_signatures.edxml");
    let start = text.find("<Signature xmlns").expect("signature");
    let end = text
        .find("<edXML:DigitalSignature/>")
        .expect("empty signature")
        + "<edXML:DigitalSignature/>".len();
    let unsigned = format!("{}{}", &text[..start], &text[end..]);
    assert_eq!(edge_document_from(&unsigned), doc);
}

fn edge_document_from(text: &str) -> dondoc_edxml::DocumentMessage {
    document_of("inline", text.as_bytes())
}

/// Case 6: Comments anywhere, including commented-out elements and a comment
/// splitting base64 mid-quartet.
#[test]
fn case_06_comments_are_skipped_everywhere() {
    let (doc, files) = document_with_files("06", &edge("06_comments.edxml"));
    assert_eq!(doc.due_date, None);
    assert_eq!(doc.code_number, s("145"));
    assert_eq!(doc.subject, s("Giấy mời họp giao ban quý III"));
    assert_eq!(doc.priority, Some(1));
    assert_eq!(files.files[&0], b"Thu moi hop");
}

/// Case 7: A BOM, no XML declaration, CRLF line ends and mixed tab/space
/// indentation.
#[test]
fn case_07_bom_crlf_and_tabs_are_accepted() {
    let bytes = edge("07_bom_crlf_tabs.edxml");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF<edXML"));
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    let doc = document_of("07", &bytes);
    assert_eq!(doc.from.organ_id, s("000.00.00.H57"));
    assert_eq!(doc.from.organ_name, s("UBND tỉnh Thừa Thiên Huế"));
    assert_eq!(doc.type_name, s("Chỉ thị"));
    assert_eq!(
        doc.content,
        s("Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính.\n\t\t\tCác sở, ngành triển khai ngay.")
    );
}

/// Case 8: Empty elements read exactly like missing ones; empty blocks are
/// dropped, except an attachment, whose index must stay stable.
#[test]
fn case_08_empty_and_missing_elements_read_the_same() {
    let (doc, files) = document_with_files("08", &edge("08_empty_vs_missing.edxml"));
    assert_eq!(
        doc.from,
        org("000.00.00.H57", "UBND tỉnh Thừa Thiên Huế", None)
    );
    assert_eq!(
        doc.to,
        [Organization {
            organ_id: s("000.00.14.H57"),
            ..Organization::default()
        }]
    );
    assert_eq!(doc.place, None);
    assert_eq!(doc.promulgation_date, None);
    assert_eq!(
        (doc.type_code, doc.type_detail, doc.type_name.clone()),
        (None, None, None)
    );
    assert_eq!(doc.subject, None, "absent");
    assert_eq!(doc.content, None, "empty");
    assert_eq!(doc.signer, Default::default());
    assert_eq!(doc.due_date, None);
    assert_eq!(doc.to_places, Vec::<String>::new());
    assert_eq!(doc.priority, None);
    assert_eq!(doc.appendixes, Vec::<String>::new());
    assert_eq!(doc.promulgation_amount, None);
    assert_eq!(doc.response_for, []);
    assert_eq!(doc.steering_type, None);
    assert_eq!(doc.task_codes, Vec::<String>::new());
    assert_eq!(doc.trace, []);
    assert_eq!(doc.business, None);
    assert_eq!(doc.references, []);
    assert_eq!(doc.attachments.len(), 1);
    let attachment = &doc.attachments[0];
    assert_eq!(
        (
            attachment.content_id.clone(),
            attachment.attachment_name.clone()
        ),
        (None, None)
    );
    assert_eq!(attachment.decoded_bytes, 0);
    assert_eq!(attachment.payload, PayloadKind::Empty);
    assert_eq!(files.calls, [Call::Begin(0), Call::End(0)]);
}

// ---- Content ----

/// Case 9: Every recipient is kept, in order, duplicates included (the same Sở
/// under an old-style and a new-style id): filtering to our own OrganIds is
/// the caller's job.
#[test]
fn case_09_every_recipient_is_kept_in_order() {
    let doc = edge_document("09_many_recipients.edxml");
    let to: Vec<_> = doc
        .to
        .iter()
        .map(|o| {
            (
                o.organ_id.as_deref().unwrap(),
                o.organ_name.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        to,
        [
            ("000.00.14.H57", "Sở Xây dựng"),
            ("000.00.09.H57", "Sở Tài nguyên và Môi trường"),
            ("000.00.24.H57", "UBND thành phố Huế"),
            ("H57.14.01", "Sở Xây dựng"),
            ("000.01.24.H57", "UBND phường Phú Hội"),
        ]
    );
}

/// Case 10: Decision: the reader reports what was written and judges nothing it
/// need not. A deadline before the promulgation date is kept as written (a
/// sender's typo the tracker should flag, not a reason to lose the
/// directive); no DocumentId, an empty Content and every `N/A` read as
/// `None`. Only the sender's OrganId and the number/notation are required.
#[test]
fn case_10_missing_fields_and_placeholders_read_as_absent() {
    let text = edge_text("10_missing_fields.edxml");
    let doc = edge_document_from(&text);
    assert_eq!(doc.promulgation_date, Some(date(2019, 1, 16)));
    assert_eq!(doc.due_date, Some(date(2018, 9, 28)));
    assert!(doc.due_date < doc.promulgation_date);
    assert_eq!(doc.document_id, None);
    assert_eq!(doc.content, None);
    assert_eq!(
        doc.from,
        org("000.00.00.H57", "UBND tỉnh Thừa Thiên Huế", None)
    );
    assert_eq!(
        doc.to,
        [Organization {
            organ_id: s("000.00.09.H57"),
            ..Organization::default()
        }]
    );
    assert_eq!(doc.place, None);
    assert_eq!(doc.type_code, None);
    assert_eq!(doc.signer.competence, None);
    assert_eq!(doc.signer.full_name, s("Phan Văn Ví Dụ"));
    assert_eq!(doc.to_places, Vec::<String>::new());
    assert_eq!(doc.priority, None);
    assert_eq!(doc.sphere_of_promulgation, None);
    assert_eq!(doc.typer_notation, None);
    assert_eq!(doc.steering_type, None);
    // Without a DueDate at all.
    let no_due = text.replace("<edXML:DueDate>2018/09/28</edXML:DueDate>", "");
    assert_eq!(edge_document_from(&no_due).due_date, None);
    // The two things a document cannot be used without.
    let no_code = text.replace(
        "<edXML:CodeNumber>17</edXML:CodeNumber><edXML:CodeNotation>UBND-TNMT</edXML:CodeNotation>",
        "",
    );
    assert!(matches!(
        error_of(no_code.as_bytes()),
        ReadError::MissingField {
            field: "MessageHeader/Code"
        }
    ));
}

/// Case 11: Decision: the standard and the common alternative spellings are read
/// (yyyy/MM/dd, dd/MM/yyyy, yyyy-MM-dd, dd-MM-yyyy, ISO-8601 with `Z`, a
/// time after a date field); zones are dropped and the wall-clock time kept.
/// Epoch milliseconds and impossible dates in a header date field are
/// errors naming the field: they only occur in a legacy non-edXML format or
/// from a broken sender, and a guessed deadline is worse than a refusal.
/// DocumentIds are text, so an impossible date inside one is kept. Trace
/// timestamps are diagnostics and read as `None` when unreadable.
#[test]
fn case_11_date_formats() {
    let text = edge_text("11_date_formats.edxml");
    let doc = edge_document_from(&text);
    assert_eq!(doc.promulgation_date, Some(date(2024, 1, 16)));
    assert_eq!(doc.due_date, Some(date(2024, 2, 15)));
    let rf_dates: Vec<_> = doc
        .response_for
        .iter()
        .map(|r| r.promulgation_date)
        .collect();
    assert_eq!(
        rf_dates,
        [
            Some(date(2023, 3, 14)),
            Some(date(2023, 12, 1)),
            Some(date(2024, 1, 2))
        ]
    );
    let trace: Vec<_> = doc.trace.iter().map(|t| t.timestamp).collect();
    assert_eq!(
        trace,
        [
            Some(datetime(2024, 1, 16, 9, 30, 0)),
            None,
            Some(datetime(2024, 1, 16, 9, 31, 5))
        ]
    );
    assert_eq!(
        doc.business.expect("business").document_id,
        s("000.00.00.H57,2014/02/30,12/UBND-VP")
    );

    let epoch = text.replace(
        "<DueDate>2024-02-15</DueDate>",
        "<DueDate>1707955200000</DueDate>",
    );
    assert!(matches!(
        error_of(epoch.as_bytes()),
        ReadError::InvalidField {
            field: "MessageHeader/DueDate",
            ..
        }
    ));
    let impossible = text.replace("16/01/2024", "30/02/2014");
    let err = error_of(impossible.as_bytes());
    assert!(
        matches!(&err, ReadError::InvalidField { field: "MessageHeader/PromulgationInfo/PromulgationDate", value, reason }
            if value == "30/02/2014" && reason == "no such date or time"),
        "{err:?}"
    );
}

/// Case 12: Deadlines written in prose are kept verbatim (line ends normalised);
/// reading them is the extractor's job, and no DueDate is invented.
#[test]
fn case_12_deadlines_in_text_are_kept_verbatim() {
    let doc = edge_document("12_deadlines_in_text.edxml");
    assert_eq!(doc.due_date, None);
    let content = doc.content.expect("content");
    for phrase in [
        "trước ngày 31/5/2024",
        "trước 17 giờ 00 ngày 18/9/2024",
        "trong tháng 6/2024",
        "chậm nhất ngày 15/7/2024",
        "định kỳ hằng quý",
    ] {
        assert!(content.contains(phrase), "{phrase}");
    }
    assert!(!content.contains('\r'));
    assert_eq!(content.lines().count(), 5);
}

/// Case 13: Decomposed text becomes NFC; old and new tone placements (Hoả/Hỏa,
/// Thuỷ/Thủy) are different NFC strings and are kept as written, as is text
/// without diacritics: matching across them is the caller's (folding) job.
#[test]
fn case_13_nfd_becomes_nfc_and_spellings_are_kept() {
    let bytes = edge("13_nfd_and_no_diacritics.edxml");
    let raw = String::from_utf8(bytes.clone()).expect("utf-8");
    assert!(!is_nfc(&raw), "the fixture really is decomposed");
    let doc = document_of("13", &bytes);
    assert_eq!(doc.from.organ_name, s("Sở Tài chính"));
    assert_eq!(
        doc.subject,
        s("Hoả tốc: V/v thẩm định dự toán ngân sách năm 2025")
    );
    assert_ne!(
        doc.subject,
        s("Hỏa tốc: V/v thẩm định dự toán ngân sách năm 2025")
    );
    assert_eq!(doc.content, s("Hỏa tốc – Thuỷ lợi và thủy sản"));
    assert_eq!(doc.type_name, s("Cong van"));
    assert_eq!(doc.signer.competence, s("KT. GIAM DOC"));
    assert_eq!(doc.signer.full_name, s("Nguyen Van Vi Du"));
    assert_eq!(
        doc.references[0].attachment_name,
        s("Báo cáo thẩm định.pdf")
    );
    for text in [
        doc.subject.as_deref(),
        doc.from.organ_name.as_deref(),
        doc.references[0].attachment_name.as_deref(),
    ] {
        assert!(is_nfc(text.expect("text")));
    }
}

/// Case 14: `Đ` (U+0110, no decomposition) is kept byte for byte, so
/// DocumentIds compare exactly.
#[test]
fn case_14_d_with_stroke_is_kept_byte_for_byte() {
    let doc = edge_document("14_d_with_stroke.edxml");
    let id = doc.document_id.as_deref().expect("id");
    assert_eq!(id, "000.00.00.H57,2024/10/01,09/CĐ-UBND");
    assert!(id.as_bytes().windows(2).any(|w| w == [0xC4, 0x90]));
    assert_eq!(doc.code_notation, s("CĐ-UBND"));
    assert_eq!(doc.response_for[0].code, s("7816/VPCP-TTĐT"));
    assert_eq!(
        doc.response_for[0].document_id,
        s("000.00.00.G22,2015/09/30,7816/VPCP-TTĐT")
    );
    assert_eq!("CĐ".nfd().collect::<String>(), "CĐ");
}

/// Case 15: Number and notation are kept as written: letters in CodeNumber, an
/// empty CodeNumber with everything in CodeNotation, ResponseFor/Code joined.
#[test]
fn case_15_number_and_notation_are_not_resplit() {
    let text = edge_text("15_code_number_split.edxml");
    let doc = edge_document_from(&text);
    assert_eq!(doc.code_number, s("74fass22"));
    assert_eq!(doc.code_notation, s("VPCP-TTĐT"));
    assert_eq!(doc.response_for[0].code, s("123/QĐ-UBND"));
    let all_in_notation = text.replace(
        "<CodeNumber>74fass22</CodeNumber><CodeNotation>VPCP-TTĐT</CodeNotation>",
        "<CodeNumber/><CodeNotation>15/KH-VPCP</CodeNotation>",
    );
    let doc = edge_document_from(&all_in_notation);
    assert_eq!(doc.code_number, None);
    assert_eq!(doc.code_notation, s("15/KH-VPCP"));
}

/// Case 16: Priority 4 (hỏa tốc hẹn giờ) is its own value; a missing priority is
/// `None`, acted on as 0.
#[test]
fn case_16_priority_4_and_missing_priority() {
    let text = edge_text("16_priority_4.edxml");
    let doc = edge_document_from(&text);
    assert_eq!(doc.priority, Some(4));
    assert_eq!(doc.effective_priority(), 4);
    let missing = text.replace("<OtherInfo><Priority>4</Priority></OtherInfo>", "");
    let doc = edge_document_from(&missing);
    assert_eq!(doc.priority, None);
    assert_eq!(doc.effective_priority(), 0);
    let five = text.replace("<Priority>4<", "<Priority>5<");
    assert!(matches!(
        error_of(five.as_bytes()),
        ReadError::InvalidField {
            field: "MessageHeader/OtherInfo/Priority",
            ..
        }
    ));
}

/// Case 17: Decision: SteeringType is kept as the integer written. Whether 2
/// means "report on a directive" (0-based senders) or "directive" (1-based)
/// depends on the sender, so the meaning belongs in configuration and is
/// combined with TypeName by the caller; here a report says 2 and stays 2.
#[test]
fn case_17_steering_type_is_kept_uninterpreted() {
    let text = edge_text("17_steering_type.edxml");
    let doc = edge_document_from(&text);
    assert_eq!(doc.steering_type, Some(2));
    assert_eq!(doc.type_name, s("Báo cáo"));
    assert_eq!(doc.type_code, Some(2));
    for value in [0, 1, 2, 3] {
        let variant = text.replace(
            "<SteeringType>2</SteeringType>",
            &format!("<SteeringType>{value}</SteeringType>"),
        );
        assert_eq!(edge_document_from(&variant).steering_type, Some(value));
    }
    let words = text.replace("<SteeringType>2<", "<SteeringType>báo cáo<");
    assert!(matches!(
        error_of(words.as_bytes()),
        ReadError::InvalidField {
            field: "MessageHeader/SteeringType",
            ..
        }
    ));
}

/// Case 18: Revoke, update (receiver list) and replace (replacement list) are
/// read in full; a status 13 is a revoke too, and its swapped ResponseFor
/// (a known SDK bug) is reported as written for the caller to detect.
#[test]
fn case_18_business_update_replace_and_status_13() {
    let text = edge_text("18_business_update.edxml");
    let update = edge_document_from(&text);
    assert_eq!(
        update.business,
        Some(Business {
            document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
            kind: BusinessType::Update,
            reason: s("Cập nhật văn bản điện tử: bổ sung đơn vị thực hiện"),
            paper: Some(false),
            staff: vec![
                StaffInfo {
                    department: s("Văn phòng UBND tỉnh"),
                    staff: s("Lê Thị Văn Thư"),
                    ..StaffInfo::default()
                },
                StaffInfo {
                    department: s("Phòng Hành chính - Tổ chức"),
                    staff: s("Hồ Văn Mẫu"),
                    mobile: s("0900000003"),
                    email: None,
                },
            ],
            document_info_changed: Some(false),
            receivers_changed: Some(true),
            receivers: vec![
                ReceiverChange {
                    organ_id: "000.00.21.H57".into(),
                    added: true
                },
                ReceiverChange {
                    organ_id: "000.00.09.H57".into(),
                    added: false
                },
            ],
            replacements: vec![],
        })
    );
    let bad_type = text.replace("<edXML:ReceiverType>1<", "<edXML:ReceiverType>2<");
    assert!(matches!(
        error_of(bad_type.as_bytes()),
        ReadError::InvalidField {
            field:
                "TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver/ReceiverType",
            ..
        }
    ));
    let half = text.replace("<edXML:ReceiverType>0</edXML:ReceiverType>", "");
    assert!(matches!(
        error_of(half.as_bytes()),
        ReadError::MissingField {
            field:
                "TraceHeaderList/Bussiness/BussinessDocumentInfo/ReceiverList/Receiver/ReceiverType"
        }
    ));
    let bad_flag = text.replace("<edXML:DocumentReceiver>1<", "<edXML:DocumentReceiver>có<");
    assert!(matches!(
        error_of(bad_flag.as_bytes()),
        ReadError::InvalidField {
            field: "TraceHeaderList/Bussiness/BussinessDocumentInfo/DocumentReceiver",
            ..
        }
    ));

    let replace = edge_document("18_business_replace.edxml");
    let business = replace.business.expect("business");
    assert_eq!(business.kind, BusinessType::Replace);
    assert_eq!(business.document_id, None);
    assert_eq!(
        business.replacements,
        [
            Replacement {
                document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
                organ_ids: vec!["000.00.14.H57".into(), "000.00.09.H57".into()],
            },
            Replacement {
                document_id: s("000.00.00.H57,2024/05/15,1240/UBND-XD"),
                organ_ids: vec!["000.00.24.H57".into()],
            },
        ]
    );

    let revoke = status_of("18 status", &edge("18_status_13_revoke.edxml"));
    assert_eq!(status_kind(&revoke.status_code), Some(StatusKind::Revoked));
    assert_eq!(revoke.response_for.organ_id, s("1234/UBND-XD"));
    assert_eq!(revoke.response_for.code, s("000.00.00.H57"));
    assert_eq!(
        revoke.response_for.document_id,
        s("000.00.00.H57,2024/05/14,1234/UBND-XD")
    );
}

// ---- Attachments ----

/// Case 19: Manifest and attachments are listed as given, without pairing:
/// three references, three attachments in another order, one attachment
/// the manifest does not mention. And a message with none at all.
#[test]
fn case_19_manifest_and_attachments_are_kept_as_given() {
    let doc = edge_document("19_attachment_counts.edxml");
    let refs: Vec<_> = doc
        .references
        .iter()
        .map(|r| r.content_id.clone())
        .collect();
    assert_eq!(refs, [s("qd410"), s("pl1"), s("pl2")]);
    let atts: Vec<_> = doc
        .attachments
        .iter()
        .map(|a| (a.index, a.content_id.clone(), a.attachment_name.clone()))
        .collect();
    assert_eq!(
        atts,
        [
            (0, s("pl2"), s("Phụ lục 2.pdf")),
            (1, s("qd410"), s("410-QD-UBND.pdf")),
            (2, s("ngoai-danh-muc"), s("Tờ trình.pdf")),
        ]
    );
    let none = document("reply_report_sxd.edxml");
    assert_eq!((none.references.len(), none.attachments.len()), (0, 0));
}

/// Case 20: `cid:` (any case) is stripped on both sides; duplicate ContentIds
/// are kept, each attachment under its own index.
#[test]
fn case_20_content_ids_are_normalised_and_duplicates_kept() {
    let (doc, files) = document_with_files("20", &edge("20_content_ids.edxml"));
    let refs: Vec<_> = doc
        .references
        .iter()
        .map(|r| r.content_id.clone())
        .collect();
    assert_eq!(refs, [s("trung"), s("Hoa-Thuong"), s("khong-tien-to")]);
    let atts: Vec<_> = doc
        .attachments
        .iter()
        .map(|a| a.content_id.clone())
        .collect();
    assert_eq!(
        atts,
        [s("trung"), s("trung"), s("Hoa-Thuong"), s("khong-tien-to")]
    );
    assert_eq!(
        doc.attachments[1].attachment_name,
        s("Kế hoạch (bản 2).pdf")
    );
    assert_eq!(files.files.len(), 4);
}

/// Case 21: Decision: the reader neither unzips nor recurses. It reports the
/// announced type and name as given and what the bytes really are
/// ([`PayloadKind`]), so the caller unzips a `Zip` (taking the inner entry's
/// name and type, here a `<uuid>.edxml` behind a `.pdf` name) and may read
/// a nested `Xml` edXML with `read_message` under its own limits.
#[test]
fn case_21_zip_wrapped_and_nested_edxml_are_sniffed_not_opened() {
    let (doc, files) = document_with_files("21", &edge("21_zip_wrapped.edxml"));
    let zip = &doc.attachments[0];
    assert_eq!(zip.content_type, s("application/zip"));
    assert_eq!(zip.attachment_name, s("Kế hoạch 45.pdf"));
    assert_eq!(zip.payload, PayloadKind::Zip);
    let zip_bytes = &files.files[&0];
    assert_eq!(zip.decoded_bytes, zip_bytes.len() as u64);
    // The local header's file name, at offset 30, is not the announced one.
    let entry = "3f2b9c1e-5d4a-4e8b-9a71-0c6d2e8f4b10.edxml";
    assert_eq!(&zip_bytes[30..30 + entry.len()], entry.as_bytes());

    let nested = &doc.attachments[1];
    assert_eq!(nested.payload, PayloadKind::Xml);
    match read_message(&files.files[&1]) {
        Ok(Message::Document(inner)) => {
            assert_eq!(inner.from.organ_id, s("000.00.00.G22"));
            assert_eq!(inner.code_notation, s("VPCP-KGVX"));
            assert_eq!(inner.subject, s("Văn bản gốc được chuyển tiếp"));
        }
        other => panic!("nested message not read: {other:?}"),
    }
}

/// Case 22: Base64 wrapped at 76 columns with CRLF, indented with spaces and
/// tabs, with trailing blanks and line breaks written as character
/// references, decodes to the original; a large payload streams in bounded
/// writes.
#[test]
fn case_22_base64_with_whitespace_and_a_large_payload() {
    let (doc, files) = document_with_files("22", &edge("22_base64_whitespace.edxml"));
    let expected = "Kế hoạch triển khai nhiệm vụ năm 2025 – bản ký số.\n".repeat(12);
    assert_eq!(files.files[&0], expected.as_bytes());
    assert_eq!(doc.attachments[0].decoded_bytes, expected.len() as u64);
    assert_eq!(doc.attachments[0].payload, PayloadKind::Other);

    let large: Vec<u8> = (0..2_000_000u32).map(|i| (i % 251) as u8).collect();
    let xml = document_xml(
        "",
        &attachment_xml("cid:lon", "lon.bin", &base64_wrapped(&large, 76, "\r\n")),
    );
    let (doc, files) = document_with_files("22 large", xml.as_bytes());
    assert_eq!(doc.attachments[0].decoded_bytes, 2_000_000);
    assert!(files.files[&0] == large);
    assert!(files.largest_write() <= 48 * 1024);
}

/// Case 23: Non-standard MIME strings are kept as given; names are NFC,
/// percent-decoded, and cut to their final component (`..` alone is no
/// name), in the manifest and the attachments alike.
#[test]
fn case_23_mime_strings_kept_and_names_sanitised() {
    let doc = edge_document("23_mime_and_names.edxml");
    let atts: Vec<_> = doc
        .attachments
        .iter()
        .map(|a| (a.content_type.clone(), a.attachment_name.clone()))
        .collect();
    assert_eq!(
        atts,
        [
            (s("application/doc"), s("Tờ trình.doc")),
            (s("application/xslx"), s("Báo cáo quý III.xlsx")),
            (s("application/pdf"), s("Quyết định 12.pdf")),
            (s("application/msword"), s("Phụ lục.docx")),
            (s("application/octet-stream"), None),
            (s("application/pdf"), s("Tăng 10%.pdf")),
            (s("application/pdf"), s("bi-mat.pdf")),
        ]
    );
    let refs: Vec<_> = doc
        .references
        .iter()
        .map(|r| r.attachment_name.clone())
        .collect();
    assert_eq!(
        refs,
        [
            s("Tờ trình.doc"),
            s("Báo cáo quý III.xlsx"),
            s("Quyết định 12.pdf")
        ]
    );
}

// ---- Transport ----
//
// Cases 24–27 are the transport's (acks, header casing, JSON replies,
// clocks): the behaviour lives in the axis client, not here. Each fixture
// is the message part the case concerns, and the tests pin what the reader
// guarantees the transport can rely on.

/// Case 24: Ack only after a durable commit; ack `fail` what cannot be parsed.
/// The reader's part: reading is deterministic and side-effect free, so a
/// refused message is refused the same way on every fetch (ack `fail`
/// rather than retry) and a good one reads identically on re-delivery.
#[test]
fn case_24_reading_is_deterministic_so_the_transport_can_ack_fail() {
    let bytes = edge("24_unreadable_message.edxml");
    let first = error_of(&bytes).to_string();
    let second = error_of(&bytes).to_string();
    assert_eq!(first, "field MessageHeader/Code is missing");
    assert_eq!(first, second);
    let good = fixture("directive_ubnd_tth_3tasks.edxml");
    assert_eq!(read_message(&good).ok(), read_message(&good).ok());
}

/// Case 25: `docid` vs `docId` is an HTTP-header matter the reader never sees.
/// What it does see: XML names are case-sensitive, and a wrongly cased
/// element is ignored, not guessed at; a transport id (24 hex digits) where
/// a DocumentId belongs is kept as opaque text.
#[test]
fn case_25_element_names_are_case_sensitive_and_ids_opaque() {
    let doc = edge_document("25_element_name_casing.edxml");
    assert_eq!(doc.document_id, None);
    assert_eq!(doc.subject, None);
    assert_eq!(
        doc.business.expect("business").document_id,
        s("5bebcfeff858e3e0cc154762")
    );
}

/// Case 26: Non-JSON or empty replies are the transport's to detect; if one is
/// handed to the reader anyway (a JSON error body saved as the message, an
/// empty `data`), it is a clean syntax error, never a panic or a document.
#[test]
fn case_26_a_json_or_empty_reply_is_a_syntax_error() {
    let err = error_of(&edge("26_json_error_reply.edxml"));
    assert!(
        matches!(&err, ReadError::Xml { reason, .. } if reason.contains("outside the root")),
        "{err:?}"
    );
    for empty in [&b""[..], b"\n", b"\xEF\xBB\xBF"] {
        assert!(
            matches!(error_of(empty), ReadError::Xml { reason, .. } if reason == "no root element"),
            "{empty:?}"
        );
    }
}

/// Case 27: The SDK's timestamp header is fixed per process; in the message,
/// trace timestamps from skewed clocks (in the future, out of order) are
/// reported as written and in file order. The reader never compares them
/// with its own clock.
#[test]
fn case_27_skewed_trace_clocks_are_kept_as_written() {
    let doc = edge_document("27_clock_skew.edxml");
    assert_eq!(
        doc.trace,
        [
            TraceHeader {
                organ_id: s("000.00.00.H57"),
                timestamp: Some(datetime(2031, 1, 1, 8, 0, 0)),
            },
            TraceHeader {
                organ_id: s("000.00.00.G22"),
                timestamp: Some(datetime(2024, 3, 1, 7, 59, 58)),
            },
            TraceHeader {
                organ_id: s("000.00.14.H57"),
                timestamp: Some(datetime(2024, 2, 29, 23, 59, 59)),
            },
        ]
    );
}

/// Every edge fixture survives truncation at every byte without a panic.
#[test]
fn every_edge_fixture_survives_truncation() {
    let dir = fixture_path("edge");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("edge dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "edxml"))
        .collect();
    names.sort();
    assert!(names.len() >= 27, "{}", names.len());
    for path in names {
        let bytes = std::fs::read(&path).expect("fixture");
        for cut in 0..bytes.len() {
            let _ = read_message(&bytes[..cut]);
        }
    }
}
