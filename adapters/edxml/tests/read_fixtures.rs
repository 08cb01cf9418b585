//! The shared sample messages, read end to end through the public API.

use chrono::{NaiveDate, NaiveDateTime};
use dondoc_edxml::{
    read_message, Business, BusinessType, DocumentMessage, Message, Organization, ResponseFor,
    Signer, StatusMessage,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn document(name: &str) -> DocumentMessage {
    match read_message(&fixture(name)) {
        Ok(Message::Document(doc)) => doc,
        Ok(Message::Status(status)) => panic!("{name} read as a status: {status:?}"),
        Err(e) => panic!("{name} was refused: {e}"),
    }
}

fn status(name: &str) -> StatusMessage {
    match read_message(&fixture(name)) {
        Ok(Message::Status(status)) => status,
        Ok(Message::Document(doc)) => panic!("{name} read as a document: {doc:?}"),
        Err(e) => panic!("{name} was refused: {e}"),
    }
}

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn datetime(y: i32, mo: u32, d: u32, h: u32, mi: u32, sec: u32) -> NaiveDateTime {
    date(y, mo, d)
        .and_hms_opt(h, mi, sec)
        .expect("valid test time")
}

fn org(id: &str, name: &str, in_charge: Option<&str>) -> Organization {
    Organization {
        organ_id: s(id),
        organ_name: s(name),
        organization_in_charge: in_charge.map(str::to_owned),
        email: None,
    }
}

fn answers_1234_ubnd_xd() -> ResponseFor {
    ResponseFor {
        organ_id: s("000.00.00.H57"),
        code: s("1234/UBND-XD"),
        promulgation_date: Some(date(2024, 5, 14)),
        document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
    }
}

#[test]
fn the_ubnd_directive_with_three_tasks_is_read_in_full() {
    let doc = document("directive_ubnd_tth_3tasks.edxml");
    assert_eq!(
        doc.from,
        Organization {
            organ_id: s("000.00.00.H57"),
            organ_name: s("UBND tỉnh Thừa Thiên Huế"),
            organization_in_charge: s("UBND tỉnh Thừa Thiên Huế"),
            email: s("vanthu@ubnd.tth.example"),
        }
    );
    assert_eq!(
        doc.to,
        vec![
            org(
                "000.00.14.H57",
                "Sở Xây dựng",
                Some("UBND tỉnh Thừa Thiên Huế")
            ),
            org(
                "000.00.09.H57",
                "Sở Tài nguyên và Môi trường",
                Some("UBND tỉnh Thừa Thiên Huế")
            ),
        ]
    );
    assert_eq!(doc.document_id, s("000.00.00.H57,2024/05/14,1234/UBND-XD"));
    assert_eq!(doc.code_number, s("1234"));
    assert_eq!(doc.code_notation, s("UBND-XD"));
    assert_eq!(doc.place, s("Thừa Thiên Huế"));
    assert_eq!(doc.promulgation_date, Some(date(2024, 5, 14)));
    assert_eq!(doc.type_name, s("Công văn"));
    assert_eq!(
        doc.subject,
        s("V/v triển khai các biện pháp phòng, chống ngập úng đô thị mùa mưa bão năm 2024")
    );
    let content = doc.content.expect("content");
    assert!(content.starts_with("Chủ tịch UBND tỉnh giao nhiệm vụ: 1. Sở Xây dựng chủ trì"));
    assert!(content.ends_with("gửi Sở Xây dựng trước ngày 20/6/2024."));
    assert_eq!(
        doc.signer,
        Signer {
            competence: s("KT. CHỦ TỊCH"),
            position: s("PHÓ CHỦ TỊCH"),
            full_name: s("Trần Văn Mẫu"),
        }
    );
    assert_eq!(doc.due_date, Some(date(2024, 6, 20)));
    assert_eq!(
        doc.to_places,
        [
            "Như trên",
            "CT và các PCT UBND tỉnh",
            "UBND thành phố Huế",
            "VP: LĐ và CV",
            "Lưu: VT, XD"
        ]
    );
    assert_eq!(doc.priority, Some(0));
    assert_eq!(doc.steering_type, Some(1));
    assert_eq!(doc.response_for, []);
    assert_eq!(
        doc.business,
        Some(Business {
            document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
            kind: BusinessType::New,
            reason: s("Văn bản điện tử mới"),
        })
    );
}

#[test]
fn the_unprefixed_hoa_toc_cong_dien_is_read_in_full() {
    let doc = document("congdien_hoatoc_bao.edxml");
    assert_eq!(
        doc.from,
        org(
            "000.00.00.H57",
            "UBND tỉnh Thừa Thiên Huế",
            Some("UBND tỉnh Thừa Thiên Huế")
        )
    );
    assert_eq!(
        doc.to,
        vec![
            org(
                "000.00.16.H57",
                "Sở Nông nghiệp và Phát triển nông thôn",
                None
            ),
            org("000.00.14.H57", "Sở Xây dựng", None),
            org("000.00.24.H57", "UBND thành phố Huế", None),
        ]
    );
    // DocumentId comes last in this file.
    assert_eq!(doc.document_id, s("000.00.00.H57,2024/09/18,05/CĐ-UBND"));
    assert_eq!(doc.code_number, s("05"));
    assert_eq!(doc.code_notation, s("CĐ-UBND"));
    assert_eq!(doc.place, s("Thừa Thiên Huế"));
    assert_eq!(doc.promulgation_date, Some(date(2024, 9, 18)));
    assert_eq!(doc.type_name, s("Công điện"));
    assert_eq!(
        doc.subject,
        s("Công điện về việc chủ động ứng phó với bão số 4")
    );
    assert!(doc
        .content
        .as_deref()
        .is_some_and(|c| c.contains("báo cáo trước 17 giờ 00 ngày 18/9/2024")));
    assert_eq!(
        doc.signer,
        Signer {
            competence: s("CHỦ TỊCH"),
            position: s("CHỦ TỊCH"),
            full_name: s("Nguyễn Thị Ví Dụ"),
        }
    );
    assert_eq!(doc.due_date, Some(date(2024, 9, 18)));
    assert_eq!(
        doc.to_places,
        ["Như trên", "Ban Chỉ huy PCTT và TKCN tỉnh", "Lưu: VT, NN"]
    );
    assert_eq!(doc.priority, Some(3));
    assert_eq!(doc.steering_type, Some(1));
    assert_eq!(doc.response_for, []);
    assert_eq!(
        doc.business,
        Some(Business {
            document_id: None,
            kind: BusinessType::New,
            reason: s("Văn bản điện tử mới"),
        })
    );
}

#[test]
fn the_revocation_of_1234_ubnd_xd_is_read_as_a_revoke() {
    let doc = document("revoke_1234_ubnd_xd.edxml");
    assert_eq!(
        doc.from,
        org(
            "000.00.00.H57",
            "UBND tỉnh Thừa Thiên Huế",
            Some("UBND tỉnh Thừa Thiên Huế")
        )
    );
    assert_eq!(
        doc.to,
        vec![
            org("000.00.14.H57", "Sở Xây dựng", Some("Sở Xây dựng")),
            org(
                "000.00.09.H57",
                "Sở Tài nguyên và Môi trường",
                Some("Sở Tài nguyên và Môi trường")
            ),
        ]
    );
    assert_eq!(doc.document_id, s("000.00.00.H57,2024/05/14,1234/UBND-XD"));
    assert_eq!(doc.code_number, s("1234"));
    assert_eq!(doc.code_notation, s("UBND-XD"));
    assert_eq!(doc.promulgation_date, Some(date(2024, 5, 14)));
    assert_eq!(doc.type_name, s("Công văn"));
    assert_eq!(doc.content, s("Thu hồi văn bản do phát hành nhầm."));
    assert_eq!(doc.signer.full_name, s("Hoàng Văn Mẫu"));
    assert_eq!(doc.due_date, None);
    assert_eq!(doc.to_places, Vec::<String>::new());
    assert_eq!(doc.priority, Some(0));
    assert_eq!(doc.steering_type, Some(1));
    assert_eq!(doc.response_for, []);
    assert_eq!(
        doc.business,
        Some(Business {
            document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
            kind: BusinessType::Revoke,
            reason: s("Thu hồi văn bản"),
        })
    );
}

#[test]
fn the_report_from_so_xay_dung_answers_1234_ubnd_xd() {
    let doc = document("reply_report_sxd.edxml");
    assert_eq!(
        doc.from,
        org("000.00.14.H57", "Sở Xây dựng", Some("Sở Xây dựng"))
    );
    assert_eq!(
        doc.to,
        vec![org(
            "000.00.00.H57",
            "UBND tỉnh Thừa Thiên Huế",
            Some("UBND tỉnh Thừa Thiên Huế")
        )]
    );
    assert_eq!(doc.document_id, s("000.00.14.H57,2024/05/30,455/SXD-HTKT"));
    assert_eq!(doc.code_number, s("455"));
    assert_eq!(doc.code_notation, s("SXD-HTKT"));
    assert_eq!(doc.promulgation_date, Some(date(2024, 5, 30)));
    assert_eq!(doc.type_name, s("Báo cáo"));
    assert_eq!(
        doc.subject,
        s("Báo cáo kết quả rà soát hệ thống thoát nước đô thị theo Công văn số 1234/UBND-XD")
    );
    assert_eq!(
        doc.signer,
        Signer {
            competence: s("KT. GIÁM ĐỐC"),
            position: s("PHÓ GIÁM ĐỐC"),
            full_name: s("Trần Văn Báo"),
        }
    );
    assert_eq!(doc.priority, Some(0));
    assert_eq!(doc.steering_type, Some(2));
    assert_eq!(doc.response_for, vec![answers_1234_ubnd_xd()]);
    assert_eq!(
        doc.business,
        Some(Business {
            document_id: s("000.00.14.H57,2024/05/30,455/SXD-HTKT"),
            kind: BusinessType::New,
            reason: s("Văn bản điện tử mới"),
        })
    );
}

#[test]
fn the_acceptance_status_from_so_xay_dung_is_read() {
    let status = status("status_03_sxd.edxml");
    assert_eq!(
        status,
        StatusMessage {
            from: org(
                "000.00.14.H57",
                "Sở Xây dựng",
                Some("UBND tỉnh Thừa Thiên Huế")
            ),
            response_for: answers_1234_ubnd_xd(),
            status_code: "03".to_owned(),
            description: s("Văn thư đã tiếp nhận văn bản trên phần mềm"),
            timestamp: Some(datetime(2024, 5, 15, 8, 30, 12)),
        }
    );
}

#[test]
fn the_rejection_in_a_status_container_is_read() {
    let status = status("status_02_rejection_status_container.edxml");
    assert_eq!(
        status,
        StatusMessage {
            from: org(
                "000.00.09.H57",
                "Sở Tài nguyên và Môi trường",
                Some("Sở Tài nguyên và Môi trường")
            ),
            response_for: answers_1234_ubnd_xd(),
            status_code: "02".to_owned(),
            description: s(
                "Nội dung không thuộc chức năng, nhiệm vụ của Sở; đề nghị chuyển Sở Xây dựng."
            ),
            timestamp: Some(datetime(2024, 5, 15, 9, 12, 40)),
        }
    );
}
