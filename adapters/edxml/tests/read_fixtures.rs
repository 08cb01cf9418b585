//! The shared sample messages, read end to end through the public API.

mod common;

use common::*;
use dondoc_edxml::{
    AttachmentInfo, Business, BusinessType, Organization, PayloadKind, Reference, ResponseFor,
    Signer, StaffInfo, StatusMessage, TraceHeader,
};

fn answers_1234_ubnd_xd() -> ResponseFor {
    ResponseFor {
        organ_id: s("000.00.00.H57"),
        code: s("1234/UBND-XD"),
        promulgation_date: Some(date(2024, 5, 14)),
        document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
    }
}

fn trace(id: &str, at: chrono::NaiveDateTime) -> TraceHeader {
    TraceHeader {
        organ_id: s(id),
        timestamp: Some(at),
    }
}

#[test]
fn the_ubnd_directive_with_three_tasks_is_read_in_full() {
    let bytes = fixture("directive_ubnd_tth_3tasks.edxml");
    let (doc, files) = document_with_files("directive_ubnd_tth_3tasks.edxml", &bytes);
    assert_eq!(
        doc.from,
        Organization {
            organ_id: s("000.00.00.H57"),
            organ_name: s("UBND tỉnh Thừa Thiên Huế"),
            organization_in_charge: s("UBND tỉnh Thừa Thiên Huế"),
            email: s("vanthu@ubnd.tth.example"),
            organ_add: s("Thành phố Huế, tỉnh Thừa Thiên Huế"),
            telephone: s("0234 0000000"),
            fax: None,
            website: s("https://ubnd.tth.example"),
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
    assert_eq!(doc.type_code, Some(1));
    assert_eq!(doc.type_detail, Some(0));
    assert_eq!(
        doc.subject,
        s("V/v triển khai các biện pháp phòng, chống ngập úng đô thị mùa mưa bão năm 2024")
    );
    let content = doc.content.as_deref().expect("content");
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
    assert_eq!(doc.sphere_of_promulgation, s("Liên thông văn bản"));
    assert_eq!(doc.typer_notation, s("XD"));
    assert_eq!(doc.promulgation_amount, Some(7));
    assert_eq!(doc.page_amount, Some(2));
    assert_eq!(doc.direction, Some(false));
    assert_eq!(doc.appendixes, Vec::<String>::new());
    assert_eq!(doc.steering_type, Some(1));
    assert_eq!(doc.response_for, []);
    assert_eq!(doc.task_codes, Vec::<String>::new());
    assert_eq!(
        doc.trace,
        [trace("000.00.00.H57", datetime(2024, 5, 14, 16, 2, 45))]
    );
    assert_eq!(
        doc.business,
        Some(Business {
            document_id: s("000.00.00.H57,2024/05/14,1234/UBND-XD"),
            kind: BusinessType::New,
            reason: s("Văn bản điện tử mới"),
            paper: Some(false),
            staff: vec![StaffInfo {
                department: s("Văn phòng UBND tỉnh"),
                staff: s("Lê Thị Văn Thư"),
                mobile: s("0900000001"),
                email: s("vanthu@ubnd.tth.example"),
            }],
            ..Business::default()
        })
    );
    assert_eq!(
        doc.references,
        [Reference {
            content_id: s("7a1c2e54-0b1d-4c55-9d0e-1234-ubnd-xd"),
            content_type: s("application/zip"),
            description: s("Văn bản ký số"),
            attachment_name: s("1234-UBND-XD.pdf"),
        }]
    );
    // Announced as a PDF by name, zipped in fact.
    assert_eq!(
        doc.attachments,
        [AttachmentInfo {
            index: 0,
            content_id: s("7a1c2e54-0b1d-4c55-9d0e-1234-ubnd-xd"),
            attachment_name: s("1234-UBND-XD.pdf"),
            description: s("Văn bản ký số"),
            content_type: s("application/zip"),
            decoded_bytes: 217,
            payload: PayloadKind::Zip,
        }]
    );
    let zip = &files.files[&0];
    assert_eq!(zip.len(), 217);
    assert!(zip.starts_with(b"PK\x03\x04"));
    assert_eq!(&zip[zip.len() - 22..zip.len() - 18], b"PK\x05\x06");
}

#[test]
fn the_unprefixed_hoa_toc_cong_dien_is_read_in_full() {
    let bytes = fixture("congdien_hoatoc_bao.edxml");
    let (doc, files) = document_with_files("congdien_hoatoc_bao.edxml", &bytes);
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
    assert_eq!((doc.type_code, doc.type_detail), (Some(2), Some(19)));
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
    assert_eq!(doc.sphere_of_promulgation, s("Liên thông văn bản"));
    assert_eq!(doc.typer_notation, s("NN"));
    assert_eq!(
        (doc.promulgation_amount, doc.page_amount),
        (Some(12), Some(1))
    );
    assert_eq!(doc.direction, None);
    assert_eq!(doc.steering_type, Some(1));
    assert_eq!(doc.response_for, []);
    assert_eq!(
        doc.trace,
        [
            trace("000.00.00.H57", datetime(2024, 9, 18, 10, 15, 3)),
            trace("000.00.00.H57", datetime(2024, 9, 18, 10, 15, 9)),
        ]
    );
    assert_eq!(
        doc.business,
        Some(Business {
            document_id: None,
            kind: BusinessType::New,
            reason: s("Văn bản điện tử mới"),
            paper: Some(false),
            ..Business::default()
        })
    );
    // `cid:` in the manifest only; the attachment's name comes after its content.
    assert_eq!(doc.references.len(), 1);
    assert_eq!(doc.references[0].content_id, s("cd05-2024-0918"));
    assert_eq!(
        doc.attachments,
        [AttachmentInfo {
            index: 0,
            content_id: s("cd05-2024-0918"),
            attachment_name: s("05-CD-UBND.signed.pdf"),
            description: s("Công điện ký số"),
            content_type: s("application/pdf"),
            decoded_bytes: 90,
            payload: PayloadKind::Pdf,
        }]
    );
    assert!(files.files[&0].starts_with(b"%PDF-1.4\n"));
    assert!(files.files[&0].ends_with(b"%%EOF\n"));
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
            paper: Some(false),
            ..Business::default()
        })
    );
    // An empty manifest and no attachments.
    assert_eq!(doc.references, []);
    assert_eq!(doc.attachments, []);
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
        doc.trace,
        [trace("000.00.14.H57", datetime(2024, 5, 30, 15, 20, 11))]
    );
    assert_eq!(
        doc.business,
        Some(Business {
            document_id: s("000.00.14.H57,2024/05/30,455/SXD-HTKT"),
            kind: BusinessType::New,
            reason: s("Văn bản điện tử mới"),
            paper: Some(false),
            ..Business::default()
        })
    );
}

#[test]
fn the_docx_directive_streams_its_attachment() {
    let bytes = fixture("directive_docx_attachment.edxml");
    let (doc, files) = document_with_files("directive_docx_attachment.edxml", &bytes);
    assert_eq!(doc.code_number, s("1871"));
    assert_eq!(doc.to.len(), 2);
    assert_eq!(doc.due_date, None);
    assert_eq!(doc.type_detail, None);
    assert_eq!(
        doc.references,
        [Reference {
            content_id: s("att0-1871"),
            content_type: s(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            ),
            description: s("Văn bản ký số"),
            attachment_name: s("1871-UBND-KT.docx"),
        }]
    );
    let attachment = &doc.attachments[0];
    assert_eq!(attachment.content_id, s("att0-1871"));
    assert_eq!(attachment.attachment_name, s("1871-UBND-KT.docx"));
    assert_eq!(attachment.description, None);
    assert_eq!(attachment.decoded_bytes, 1669);
    assert_eq!(attachment.payload, PayloadKind::Zip);
    assert_eq!(files.files[&0].len(), 1669);
    assert_eq!(
        files.calls.first(),
        Some(&Call::Begin(0)),
        "{:?}",
        files.calls
    );
    assert_eq!(files.calls.last(), Some(&Call::End(0)));
}

#[test]
fn the_pdf_conclusion_notice_streams_a_17_kb_pdf() {
    let bytes = fixture("directive_pdf_attachment.edxml");
    let (doc, files) = document_with_files("directive_pdf_attachment.edxml", &bytes);
    assert_eq!(doc.from.organ_id, s("000.00.01.H57"));
    assert_eq!(doc.code_notation, s("TB-VPUB"));
    assert_eq!(doc.type_name, s("Thông báo"));
    assert_eq!(doc.to.len(), 4);
    assert_eq!(doc.signer.full_name, s("Lê Văn Ví Dụ"));
    assert_eq!(doc.attachments.len(), 1);
    assert_eq!(doc.attachments[0].decoded_bytes, 17466);
    assert_eq!(doc.attachments[0].payload, PayloadKind::Pdf);
    let pdf = &files.files[&0];
    assert!(pdf.starts_with(b"%PDF-1.3"));
    assert!(pdf.ends_with(b"%%EOF\n"));
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
            staff: Some(StaffInfo {
                department: s("Văn phòng Sở"),
                staff: s("Phạm Văn Tiếp Nhận"),
                mobile: s("0900000002"),
                email: s("vanthu@sxd.tth.example"),
            }),
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
            staff: Some(StaffInfo {
                department: s("Văn phòng"),
                staff: s("Văn thư"),
                mobile: s("0900000000"),
                email: s("vanthu@example.invalid"),
            }),
        }
    );
}
