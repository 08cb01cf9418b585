//! Status messages written by `write_status` read back unchanged.

mod common;

use common::*;
use dondoc_edxml::{
    read_message, status_kind, write_status, Message, Organization, ResponseFor, StaffInfo,
    StatusKind, StatusMessage, WriteError,
};
use unicode_normalization::UnicodeNormalization;

/// A status carrying every field, with text that needs escaping.
fn full_status(code: &str) -> StatusMessage {
    StatusMessage {
        from: Organization {
            organ_id: s("000.00.14.H57"),
            organ_name: s("Sở Xây dựng <Thừa Thiên Huế>"),
            organization_in_charge: s("UBND tỉnh \"TT Huế\" & 'các sở'"),
            email: s("vanthu@sxd.tth.example"),
            organ_add: s("Số 1 Lê Lợi, thành phố Huế"),
            telephone: s("0234 3000000"),
            fax: s("0234 3000001"),
            website: s("https://sxd.tth.example/?a=1&b=2"),
        },
        response_for: ResponseFor {
            organ_id: s("000.00.00.H57"),
            code: s("1234/UBND-XD"),
            promulgation_date: Some(date(2024, 5, 14)),
            document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
        },
        status_code: code.to_owned(),
        description: s(
            "Đã xử lý: tiến độ <50% & \"đúng hạn\"\nDòng hai\tcó tab; ký hiệu ]]> và &amp;",
        ),
        timestamp: Some(datetime(2024, 5, 15, 8, 30, 12)),
        staff: Some(StaffInfo {
            department: s("Văn phòng Sở"),
            staff: s("Phạm Thị Ví Dụ"),
            mobile: s("0900000002"),
            email: s("vi.du@sxd.tth.example"),
        }),
    }
}

fn round_trip(status: &StatusMessage) -> StatusMessage {
    let xml = write_status(status).unwrap_or_else(|e| panic!("{status:?} refused: {e}"));
    match read_message(xml.as_bytes()) {
        Ok(Message::Status(read)) => read,
        other => panic!("written status does not read back as one: {other:?}\n{xml}"),
    }
}

#[test]
fn every_status_from_01_to_06_reads_back_identical() {
    for code in ["01", "02", "03", "04", "05", "06"] {
        let status = full_status(code);
        assert_eq!(round_trip(&status), status, "code {code}");
    }
}

#[test]
fn a_minimal_status_reads_back_identical() {
    for code in ["01", "03", "04", "05", "06"] {
        let status = StatusMessage {
            from: Organization {
                organ_id: s("000.00.09.H57"),
                ..Organization::default()
            },
            response_for: ResponseFor {
                organ_id: s("000.00.00.H57"),
                code: s("05/CĐ-UBND"),
                ..ResponseFor::default()
            },
            status_code: code.to_owned(),
            description: None,
            timestamp: Some(datetime(2024, 12, 31, 23, 59, 59)),
            staff: None,
        };
        assert_eq!(round_trip(&status), status, "code {code}");
    }
}

#[test]
fn the_revoke_and_change_statuses_can_be_written_but_14_cannot() {
    for code in ["13", "15", "16"] {
        let status = full_status(code);
        assert_eq!(round_trip(&status), status, "code {code}");
    }
    assert_eq!(
        write_status(&full_status("14")),
        Err(WriteError::UnsupportedStatusCode { code: "14".into() })
    );
    for code in ["00", "07", "12", "17", "1", "003", "OK", ""] {
        assert!(
            matches!(
                write_status(&full_status(code)),
                Err(WriteError::UnsupportedStatusCode { .. })
            ),
            "{code:?}"
        );
    }
    assert_eq!(status_kind("15"), Some(StatusKind::ChangeAccepted));
}

#[test]
fn a_rejection_without_a_reason_is_refused() {
    for description in [None, s(""), s("   ")] {
        let status = StatusMessage {
            description,
            ..full_status("02")
        };
        assert_eq!(
            write_status(&status),
            Err(WriteError::MissingField {
                field: "MessageHeader/Description"
            })
        );
    }
}

#[test]
fn required_identifiers_and_timestamp_are_checked() {
    let mut status = full_status("03");
    status.from.organ_id = None;
    assert_eq!(
        write_status(&status),
        Err(WriteError::MissingField {
            field: "MessageHeader/From/OrganId"
        })
    );
    let mut status = full_status("03");
    status.response_for.organ_id = s(" ");
    assert_eq!(
        write_status(&status),
        Err(WriteError::MissingField {
            field: "MessageHeader/ResponseFor/OrganId"
        })
    );
    let mut status = full_status("03");
    status.response_for.code = None;
    status.response_for.document_id = None;
    assert_eq!(
        write_status(&status),
        Err(WriteError::MissingField {
            field: "MessageHeader/ResponseFor/Code"
        })
    );
    // Either identifier of the answered document is enough.
    status.response_for.document_id = s("000.00.00.H57,2024/05/14,1234/UBND-XD");
    assert!(write_status(&status).is_ok());
    let mut status = full_status("03");
    status.timestamp = None;
    assert_eq!(
        write_status(&status),
        Err(WriteError::MissingField {
            field: "MessageHeader/Timestamp"
        })
    );
}

#[test]
fn a_control_character_is_refused_not_dropped() {
    let mut status = full_status("05");
    status.description = s("Đang xử lý\u{1}");
    assert_eq!(
        write_status(&status),
        Err(WriteError::ForbiddenCharacter {
            field: "MessageHeader/Description",
            code_point: 1
        })
    );
}

#[test]
fn the_output_has_the_standard_shape_and_escapes_every_text() {
    let xml = write_status(&full_status("02")).expect("written");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">"));
    for element in [
        "<edXML:edXMLEnvelope xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">",
        "<edXML:edXMLHeader>",
        "<edXML:MessageHeader>",
        "<edXML:StatusCode>02</edXML:StatusCode>",
        "<edXML:Timestamp>2024/05/15 08:30:12</edXML:Timestamp>",
        "<edXML:PromulgationDate>2024/05/14</edXML:PromulgationDate>",
        "<edXML:OrganName>Sở Xây dựng &lt;Thừa Thiên Huế&gt;</edXML:OrganName>",
        "&quot;TT Huế&quot; &amp; &apos;các sở&apos;",
        "ký hiệu ]]&gt; và &amp;amp;",
    ] {
        assert!(xml.contains(element), "{element} missing from\n{xml}");
    }
    // The digest's order: From, ResponseFor, StaffInfo, StatusCode, Description, Timestamp.
    let at = |tag: &str| xml.find(tag).unwrap_or_else(|| panic!("{tag}"));
    assert!(at("<edXML:From>") < at("<edXML:ResponseFor>"));
    assert!(at("<edXML:ResponseFor>") < at("<edXML:StaffInfo>"));
    assert!(at("<edXML:StaffInfo>") < at("<edXML:StatusCode>"));
    assert!(at("<edXML:StatusCode>") < at("<edXML:Description>"));
    assert!(at("<edXML:Description>") < at("<edXML:Timestamp>"));
}

#[test]
fn text_is_written_nfc_and_seconds_only() {
    let mut status = full_status("06");
    status.description = Some("Hoàn thành nhiệm vụ được giao".nfd().collect());
    status.timestamp = Some(
        date(2024, 5, 15)
            .and_hms_milli_opt(8, 30, 12, 999)
            .expect("valid"),
    );
    let read = round_trip(&status);
    assert_eq!(read.description, s("Hoàn thành nhiệm vụ được giao"));
    assert_eq!(read.timestamp, Some(datetime(2024, 5, 15, 8, 30, 12)));
}

#[test]
fn an_empty_staff_block_is_left_out() {
    let mut status = full_status("04");
    status.staff = Some(StaffInfo::default());
    let xml = write_status(&status).expect("written");
    assert!(!xml.contains("StaffInfo"));
    assert_eq!(round_trip(&status).staff, None);
}
