use super::*;

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

/// The body of a parse of `t` (already NFC).
fn body<'a>(t: &'a str, h: &PrintedHeader) -> &'a str {
    &t[h.body_start..h.body_end]
}

const CONG_VAN: &str = "ỦY BAN NHÂN DÂN
TỈNH BẮC KẠN
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 1207/UBND-KT
V/v rà soát hiện trạng các tuyến đê bao
Bắc Kạn, ngày 3 tháng 7 năm 2024

Kính gửi:
- Sở Nông nghiệp và Phát triển nông thôn;
- UBND các huyện, thành phố.

Để chủ động ứng phó mùa mưa lũ, UBND tỉnh giao Sở Nông nghiệp và Phát triển nông thôn kiểm tra các tuyến đê bao, báo cáo trước ngày 20/7/2024./.

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Văn Minh
";

#[test]
fn cong_van_is_read_whole_and_its_body_lies_between_kinh_gui_and_noi_nhan() {
    let h = parse_header(CONG_VAN);
    assert_eq!(h.issuer.as_deref(), Some("UBND tỉnh Bắc Kạn"));
    assert_eq!(h.number.as_deref(), Some("1207/UBND-KT"));
    assert_eq!(h.place.as_deref(), Some("Bắc Kạn"));
    assert_eq!(h.issued, d(2024, 7, 3));
    assert_eq!(
        h.subject.as_deref(),
        Some("V/v rà soát hiện trạng các tuyến đê bao")
    );
    assert_eq!(h.competence.as_deref(), Some("KT. CHỦ TỊCH"));
    assert_eq!(h.signer_position.as_deref(), Some("Phó Chủ tịch"));
    assert_eq!(h.signer.as_deref(), Some("Lê Văn Minh"));
    assert_eq!((h.urgency.as_deref(), h.secrecy.as_deref()), (None, None));
    let b = body(CONG_VAN, &h);
    assert!(b.starts_with("Để chủ động ứng phó"), "{b:?}");
    assert_eq!(b.trim_end(), &b[..b.find("./.").unwrap() + 3]);
}

#[test]
fn number_without_type_code_and_vv_subject_make_a_cong_van() {
    assert_eq!(parse_header(CONG_VAN).doc_type.as_deref(), Some("Công văn"));
    let no_number = "V/v tổ chức tập huấn nghiệp vụ\n\nSở Nội vụ tổ chức tập huấn cho cán bộ.\n";
    assert_eq!(
        parse_header(no_number).doc_type.as_deref(),
        Some("Công văn")
    );
}

#[test]
fn chi_thi_title_after_the_type_line_is_the_subject() {
    let t = "ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                Độc lập - Tự do - Hạnh phúc
Số: 07/CT-UBND                      Phú Yên, ngày 21 tháng 02 năm 2024

CHỈ THỊ
VỀ TĂNG CƯỜNG CÔNG TÁC PHÒNG CHÁY
RỪNG MÙA KHÔ NĂM 2024

Mùa khô năm nay được dự báo kéo dài và nắng nóng gay gắt, nguy cơ cháy rừng ở mức cao.
1. Giao Sở Nông nghiệp và Phát triển nông thôn chỉ đạo lực lượng kiểm lâm trực 24/24 giờ.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Hữu Phước
";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("UBND tỉnh Phú Yên"));
    assert_eq!(h.number.as_deref(), Some("07/CT-UBND"));
    assert_eq!(h.place.as_deref(), Some("Phú Yên"));
    assert_eq!(h.issued, d(2024, 2, 21));
    assert_eq!(h.doc_type.as_deref(), Some("Chỉ thị"));
    assert_eq!(
        h.subject.as_deref(),
        Some("VỀ TĂNG CƯỜNG CÔNG TÁC PHÒNG CHÁY RỪNG MÙA KHÔ NĂM 2024")
    );
    assert!(body(t, &h).starts_with("Mùa khô năm nay"));
    assert!(body(t, &h).trim_end().ends_with("trực 24/24 giờ."));
    assert_eq!(h.competence.as_deref(), Some("TM. ỦY BAN NHÂN DÂN"));
    assert_eq!(h.signer_position.as_deref(), Some("Chủ tịch"));
    assert_eq!(h.signer.as_deref(), Some("Trần Hữu Phước"));
}

#[test]
fn thong_bao_of_conclusions_in_a_one_line_table_header_signed_tl() {
    let t = "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- | | Số: 215/TB-UBND | Ninh Bình, ngày 9 tháng 10 năm 2023 |

THÔNG BÁO

KẾT LUẬN CỦA PHÓ CHỦ TỊCH UBND TỈNH TẠI CUỘC HỌP VỀ TIẾN ĐỘ GIẢI NGÂN VỐN ĐẦU TƯ CÔNG

Ngày 05 tháng 10 năm 2023, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp. Phó Chủ tịch kết luận như sau:

Giao Sở Kế hoạch và Đầu tư tổng hợp, báo cáo trước ngày 31/10/2023.

Nơi nhận: - Các sở, ban, ngành; - Lưu: VT. | TL. CHỦ TỊCH CHÁNH VĂN PHÒNG Đặng Thu Hà |
";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("UBND tỉnh Ninh Bình"));
    assert_eq!(h.number.as_deref(), Some("215/TB-UBND"));
    assert_eq!(h.issued, d(2023, 10, 9));
    assert_eq!(h.doc_type.as_deref(), Some("Thông báo"));
    assert!(h
        .subject
        .as_deref()
        .unwrap()
        .starts_with("KẾT LUẬN CỦA PHÓ CHỦ TỊCH"));
    assert!(body(t, &h).starts_with("Ngày 05 tháng 10 năm 2023"));
    assert!(body(t, &h).trim_end().ends_with("trước ngày 31/10/2023."));
    assert_eq!(h.competence.as_deref(), Some("TL. CHỦ TỊCH"));
    assert_eq!(h.signer_position.as_deref(), Some("Chánh Văn phòng"));
    assert_eq!(h.signer.as_deref(), Some("Đặng Thu Hà"));
}

#[test]
fn thong_bao_ket_luan_printed_as_one_type_line_keeps_that_type() {
    let t = "UBND TỈNH KON TUM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 40/TB-UBND\nKon Tum, ngày 2 tháng 4 năm 2024\n\nTHÔNG BÁO KẾT LUẬN\ncủa Chủ tịch UBND tỉnh tại buổi kiểm tra công trình trường học\n\nChủ tịch UBND tỉnh kết luận như sau:\n";
    let h = parse_header(t);
    assert_eq!(h.doc_type.as_deref(), Some("Thông báo kết luận"));
    assert_eq!(
        h.subject.as_deref(),
        Some("của Chủ tịch UBND tỉnh tại buổi kiểm tra công trình trường học")
    );
    assert!(body(t, &h).starts_with("Chủ tịch UBND tỉnh kết luận"));
}

#[test]
fn ke_hoach_signed_for_the_committee_by_a_vice_chair_with_a_wrapped_title() {
    let t = "UỶ BAN NHÂN DÂN
THÀNH PHỐ CẦN THƠ
Số: 88/KH-UBND
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Cần Thơ, ngày 15 tháng 4 năm 2024
KẾ HOẠCH
Triển khai chuyển đổi số trong
các cơ quan nhà nước năm 2024
Thực hiện Nghị quyết của Hội đồng nhân dân thành phố, Ủy ban nhân dân thành phố ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao hiệu quả quản lý.
Nơi nhận:
- Sở Thông tin và Truyền thông;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Võ Thị Lan
";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("UBND thành phố Cần Thơ"));
    assert_eq!(h.number.as_deref(), Some("88/KH-UBND"));
    assert_eq!(h.place.as_deref(), Some("Cần Thơ"));
    assert_eq!(h.issued, d(2024, 4, 15));
    assert_eq!(h.doc_type.as_deref(), Some("Kế hoạch"));
    assert_eq!(
        h.subject.as_deref(),
        Some("Triển khai chuyển đổi số trong các cơ quan nhà nước năm 2024")
    );
    assert!(body(t, &h).starts_with("Thực hiện Nghị quyết"));
    assert!(body(t, &h).ends_with("Nâng cao hiệu quả quản lý.\n"));
    assert_eq!(
        h.competence.as_deref(),
        Some("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH")
    );
    assert_eq!(h.signer_position.as_deref(), Some("Phó Chủ tịch"));
    assert_eq!(h.signer.as_deref(), Some("Võ Thị Lan"));
}

#[test]
fn quyet_dinh_ve_viec_under_the_chairman_is_issued_by_the_chairman() {
    let t = "ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
--------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
----------
Số: 1530/QĐ-UBND
Hà Tĩnh, ngày 02 tháng 8 năm 2024

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác rà soát
thủ tục hành chính năm 2024

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Xét đề nghị của Giám đốc Sở Nội vụ,

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác rà soát thủ tục hành chính.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Thành Công
";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("Chủ tịch UBND tỉnh Hà Tĩnh"));
    assert_eq!(h.doc_type.as_deref(), Some("Quyết định"));
    assert_eq!(
        h.subject.as_deref(),
        Some("Về việc thành lập Tổ công tác rà soát thủ tục hành chính năm 2024")
    );
    assert_eq!(h.issued, d(2024, 8, 2));
    let b = body(t, &h);
    assert!(b.starts_with("Căn cứ Luật"), "{b:?}");
    assert!(b.contains("QUYẾT ĐỊNH:\n\nĐiều 1."));
    assert!(b.trim_end().ends_with("kể từ ngày ký."));
    assert_eq!(h.competence, None);
    assert_eq!(h.signer_position.as_deref(), Some("Chủ tịch"));
    assert_eq!(h.signer.as_deref(), Some("Nguyễn Thành Công"));
}

#[test]
fn quyet_dinh_in_capitals_with_the_committee_as_authority_keeps_the_committee() {
    let t = "ỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/2024/QĐ-UBND\nTrà Vinh, ngày 9 tháng 5 năm 2024\nQUYẾT ĐỊNH\nBAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ CHỢ\nTRÊN ĐỊA BÀN TỈNH TRÀ VINH\nỦY BAN NHÂN DÂN TỈNH TRÀ VINH\nCăn cứ Luật Tổ chức chính quyền\nđịa phương;\n";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("UBND tỉnh Trà Vinh"));
    assert_eq!(h.number.as_deref(), Some("12/2024/QĐ-UBND"));
    assert_eq!(
        h.subject.as_deref(),
        Some("BAN HÀNH QUY ĐỊNH VỀ QUẢN LÝ CHỢ TRÊN ĐỊA BÀN TỈNH TRÀ VINH")
    );
    assert!(body(t, &h).starts_with("Căn cứ Luật"));
}

#[test]
fn a_summary_printed_above_the_header_is_neither_header_nor_body() {
    let t = "Chủ tịch UBND tỉnh yêu cầu các sở, ngành, địa phương tập trung khắc phục hậu quả mưa lũ trước ngày 30/11/2025.

ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1234/UBND-KT
Quảng Ngãi, ngày 10 tháng 11 năm 2025

Kính gửi: Các sở, ban, ngành tỉnh.

Mưa lớn kéo dài gây thiệt hại nặng.
Nơi nhận:
- Như trên;
";
    let h = parse_header(t);
    assert_eq!(h.number.as_deref(), Some("1234/UBND-KT"));
    assert_eq!(h.issued, d(2025, 11, 10));
    assert!(body(t, &h).starts_with("Mưa lớn"), "{:?}", body(t, &h));
    // Without a header below it, the first prose line is the body's.
    let t = "Chủ tịch UBND tỉnh yêu cầu các sở, ngành, địa phương tập trung khắc phục hậu quả mưa lũ trước ngày 30/11/2025.\nSở Xây dựng kiểm tra.";
    let h = parse_header(t);
    assert!(body(t, &h).starts_with("Chủ tịch"), "{:?}", body(t, &h));
}

#[test]
fn addressee_lines_wrapped_after_a_comma_stay_addressees() {
    let t = "THỦ TƯỚNG CHÍNH PHỦ
-------
Số: 45/CĐ-TTg
Hà Nội, ngày 10 tháng 9 năm 2024

CÔNG ĐIỆN
Về việc ứng phó mưa lũ

THỦ TƯỚNG CHÍNH PHỦ điện:

- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh,
Quảng Trị, Huế;

- Các Bộ: Quốc phòng, Công an, Khoa học
và Công nghệ, Văn hóa, Thể thao và Du lịch;

- Chánh Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia.

Mưa lớn đang diễn ra trên diện rộng.
1. Chủ tịch Ủy ban nhân dân các tỉnh tổ chức sơ tán dân.
";
    let h = parse_header(t);
    assert!(body(t, &h).starts_with("Mưa lớn"), "{:?}", body(t, &h));
    // The colon after "điện" may be missing; the document's type "CÔNG ĐIỆN" opens no block.
    let t = t.replace("điện:", "điện");
    let h = parse_header(&t);
    assert!(body(&t, &h).starts_with("Mưa lớn"), "{:?}", body(&t, &h));
    // A title in capitals ending in "ĐIỆN" opens no block.
    assert!(super::text::dien_line_rest("VỀ TĂNG CƯỜNG TIẾT KIỆM ĐIỆN").is_none());
}

#[test]
fn cong_dien_hoa_toc_skips_the_addressees_of_its_dien_line() {
    let t = "THỦ TƯỚNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
HỎA TỐC
Số: 45/CĐ-TTg
Hà Nội, ngày 10 tháng 9 năm 2024

CÔNG ĐIỆN
Về việc ứng phó khẩn cấp với bão số 3

THỦ TƯỚNG CHÍNH PHỦ điện:
- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Quảng Ninh, Hải Phòng, Thái Bình;
- Các Bộ: Quốc phòng, Công an, Nông nghiệp và Phát triển nông thôn.

Bão số 3 đang di chuyển nhanh về phía đất liền.
1. Chủ tịch Ủy ban nhân dân các tỉnh tổ chức sơ tán dân trước 18 giờ ngày 11/9/2024.
Nơi nhận:
- Như trên;
- Lưu: VT, NN.
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Hoàng Văn Nam
";
    let h = parse_header(t);
    assert_eq!(h.urgency.as_deref(), Some("Hỏa tốc"));
    assert_eq!(h.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
    assert_eq!(h.number.as_deref(), Some("45/CĐ-TTg"));
    assert_eq!(h.doc_type.as_deref(), Some("Công điện"));
    assert_eq!(
        h.subject.as_deref(),
        Some("Về việc ứng phó khẩn cấp với bão số 3")
    );
    assert!(body(t, &h).starts_with("Bão số 3 đang"));
    assert_eq!(h.issued, d(2024, 9, 10));
    assert_eq!(h.competence.as_deref(), Some("KT. THỦ TƯỚNG"));
    assert_eq!(h.signer_position.as_deref(), Some("Phó Thủ tướng"));
}

#[test]
fn header_lines_wrapped_as_a_pdf_wraps_them_are_joined() {
    let t = "ỦY BAN NHÂN
DÂN
TỈNH LÀO CAI
-------
|
CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
|
Số:
312 /UBND-VX
|
Lào
Cai, ngày 5 tháng 6
năm 2024
|
V/v tổ chức các hoạt động hưởng ứng
Tháng hành động vì trẻ em
|
Kính gửi: Sở Lao động - Thương binh và Xã hội.
Ủy ban nhân dân tỉnh giao Sở Lao động - Thương binh và Xã hội chủ trì tổ chức các hoạt động
hưởng ứng trong tháng 6/2024.
";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("UBND tỉnh Lào Cai"));
    assert_eq!(h.number.as_deref(), Some("312/UBND-VX"));
    assert_eq!(h.place.as_deref(), Some("Lào Cai"));
    assert_eq!(h.issued, d(2024, 6, 5));
    assert_eq!(
        h.subject.as_deref(),
        Some("V/v tổ chức các hoạt động hưởng ứng Tháng hành động vì trẻ em")
    );
    assert!(body(t, &h).starts_with("Ủy ban nhân dân tỉnh giao"));
}

#[test]
fn parent_ministry_line_is_left_out_of_the_issuer() {
    let t = "BỘ TÀI CHÍNH\nCỤC THUẾ TỈNH AN GIANG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 2044/CTAGI-TTHT\nAn Giang, ngày 11 tháng 11 năm 2023\nV/v hướng dẫn kê khai thuế\nKính gửi: Các doanh nghiệp trên địa bàn tỉnh.\nCục Thuế hướng dẫn như sau.\n";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("Cục Thuế tỉnh An Giang"));
    assert_eq!(h.number.as_deref(), Some("2044/CTAGI-TTHT"));
    assert_eq!(h.doc_type.as_deref(), Some("Công văn"));
}

#[test]
fn a_bare_van_phong_under_a_committee_is_that_committees_office() {
    let t = "UBND TỈNH QUẢNG NAM\nVĂN PHÒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 301/VP-KTN\nQuảng Nam, ngày 7 tháng 3 năm 2024\nV/v truyền đạt ý kiến chỉ đạo\n\nPhó Chủ tịch UBND tỉnh có ý kiến như sau:\n";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("Văn phòng UBND tỉnh Quảng Nam"));
    let t = "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 77/VPCP-NN\nHà Nội, ngày 1 tháng 2 năm 2024\n";
    assert_eq!(
        parse_header(t).issuer.as_deref(),
        Some("Văn phòng Chính phủ")
    );
}

#[test]
fn text_of_the_body_only_has_no_header() {
    let t = "Thực hiện chỉ đạo của Chủ tịch UBND tỉnh tại cuộc họp ngày 12/3/2024, Sở Tài chính chủ trì rà soát các khoản chi thường xuyên, báo cáo trước ngày 30/3/2024.\nCác sở, ban, ngành phối hợp cung cấp số liệu.\n";
    let h = parse_header(t);
    assert_eq!(
        h,
        PrintedHeader {
            body_start: 0,
            body_end: t.len(),
            ..Default::default()
        }
    );
    let empty = parse_header("");
    assert_eq!(empty, PrintedHeader::default());
}

#[test]
fn operative_quyet_dinh_with_a_colon_is_not_a_type_line() {
    let t = "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Giao Sở Xây dựng hướng dẫn thực hiện.\n";
    let h = parse_header(t);
    assert_eq!(h.doc_type, None);
    assert_eq!((h.body_start, h.body_end), (0, t.len()));
}

#[test]
fn kinh_gui_block_takes_wrapped_bullets_and_dong_kinh_gui() {
    let t = "VĂN PHÒNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 980/VPCP-KTTH
Hà Nội, ngày 20 tháng 2 năm 2024
V/v triển khai tổng điều tra kinh tế
Kính gửi:
- Bộ trưởng Bộ Kế hoạch và Đầu tư - Trưởng ban Chỉ đạo
quốc gia về tổng điều tra;
- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Đồng kính gửi:
- Thủ tướng Chính phủ (để báo cáo).
Sau khi xem xét đề nghị của Bộ Kế hoạch và Đầu tư, Phó Thủ tướng có ý kiến như sau:
";
    let h = parse_header(t);
    assert!(
        body(t, &h).starts_with("Sau khi xem xét"),
        "{:?}",
        body(t, &h)
    );

    let unbulleted = "UBND TỈNH BÌNH PHƯỚC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 55/UBND-TH\nBình Phước, ngày 4 tháng 5 năm 2024\nKính gửi:\nSở Y tế;\nSở Tài chính.\nNgày 2/5/2024, Bộ Y tế có văn bản đề nghị tỉnh báo cáo.\n";
    let h = parse_header(unbulleted);
    assert!(body(unbulleted, &h).starts_with("Ngày 2/5/2024, Bộ Y tế"));
    assert_eq!(h.issued, d(2024, 5, 4));
}

#[test]
fn stamps_on_lines_of_their_own_give_urgency_and_secrecy() {
    let t = "BỘ CÔNG AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nMẬT\nTHƯỢNG KHẨN\nSố: 19/BCA-V01\nHà Nội, ngày 6 tháng 1 năm 2024\nV/v bảo đảm an ninh dịp Tết\n\nCông an các đơn vị triển khai ngay phương án bảo vệ.\n";
    let h = parse_header(t);
    assert_eq!(h.secrecy.as_deref(), Some("Mật"));
    assert_eq!(h.urgency.as_deref(), Some("Thượng khẩn"));
    assert_eq!(h.issuer.as_deref(), Some("Bộ Công an"));
    assert!(body(t, &h).starts_with("Công an các đơn vị"));
    // "khẩn" inside a sentence stamps nothing.
    let plain = "Các sở khẩn trương triển khai, báo cáo kết quả.\n";
    assert_eq!(parse_header(plain).urgency, None);
}

#[test]
fn nfd_input_is_read_and_offsets_refer_to_the_nfc_text() {
    let decomposed: String = CONG_VAN.nfd().collect();
    assert_ne!(decomposed, CONG_VAN);
    let h = parse_header(&decomposed);
    assert_eq!(h, parse_header(CONG_VAN));
    let t = nfc(&decomposed);
    assert!(body(&t, &h).starts_with("Để chủ động"));
}

#[test]
fn interleaved_two_column_rows_are_split_at_the_motto() {
    let t = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH ĐIỆN BIÊN Độc lập - Tự do - Hạnh phúc

Số: 77/UBND-NC Điện Biên Phủ, ngày 18 tháng 1 năm 2024

V/v tăng cường công tác bảo đảm trật tự an toàn giao thông

Kính gửi: Công an tỉnh.

Giao Công an tỉnh tăng cường tuần tra, kiểm soát.
";
    let h = parse_header(t);
    assert_eq!(h.issuer.as_deref(), Some("UBND tỉnh Điện Biên"));
    assert_eq!(h.number.as_deref(), Some("77/UBND-NC"));
    assert_eq!(h.place.as_deref(), Some("Điện Biên Phủ"));
    assert_eq!(h.issued, d(2024, 1, 18));
    assert!(body(t, &h).starts_with("Giao Công an tỉnh"));
}

#[test]
fn dates_of_the_body_never_become_the_issue_date() {
    let t = "ỦY BAN NHÂN DÂN TỈNH YÊN BÁI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 900/UBND-XD\nV/v sửa chữa trụ sở\n\nNgày 14 tháng 3 năm 2023, Sở Xây dựng có Tờ trình đề nghị sửa chữa trụ sở. Yên Bái, ngày 20 tháng 3 năm 2023 là hạn gửi hồ sơ.\n";
    let h = parse_header(t);
    assert_eq!(h.number.as_deref(), Some("900/UBND-XD"));
    assert_eq!((h.issued, h.place.as_deref()), (None, None));
    assert!(body(t, &h).starts_with("Ngày 14 tháng 3 năm 2023"));
}

#[test]
fn a_body_sentence_opening_ve_viec_is_not_a_subject() {
    let t = "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 310/VPCP-NN\nHà Nội, ngày 8 tháng 1 năm 2024\nVề việc đề nghị của Bộ Nông nghiệp, Phó Thủ tướng có ý kiến như sau:\nBộ Nông nghiệp hoàn thiện hồ sơ.\n";
    let h = parse_header(t);
    assert_eq!(h.subject, None);
    assert!(body(t, &h).starts_with("Về việc đề nghị của Bộ"));
}

#[test]
fn numeric_date_and_spaced_number_with_d_stroke_give_the_type_from_the_code() {
    let t = "ỦY BAN NHÂN DÂN TỈNH LONG AN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 25 / 2024 / QĐ - UBND\nLong An, ngày 14/3/2024\n\nỦy ban nhân dân tỉnh quyết định như sau.\n";
    let h = parse_header(t);
    assert_eq!(h.number.as_deref(), Some("25/2024/QĐ-UBND"));
    assert_eq!(h.issued, d(2024, 3, 14));
    assert_eq!(h.doc_type.as_deref(), Some("Quyết định"));
}

#[test]
fn appendix_after_the_signature_is_a_task_range() {
    let t = "UBND TỈNH GIA LAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 66/KH-UBND\nGia Lai, ngày 1 tháng 3 năm 2024\nKẾ HOẠCH\nPHÒNG, CHỐNG DỊCH BỆNH\nCác sở thực hiện nhiệm vụ tại Phụ lục kèm theo.\nNơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHồ Văn Điềm\n\nPHỤ LỤC\nNHIỆM VỤ CỤ THỂ\n1 | Tiêm chủng | Sở Y tế | Quý II\n";
    let h = parse_header(t);
    assert_eq!(h.signer.as_deref(), Some("Hồ Văn Điềm"));
    let a = h.appendix_start.expect("an appendix");
    assert!(t[a..].starts_with("PHỤ LỤC"));
    let ranges = h.task_ranges(t.len());
    assert_eq!(ranges.len(), 2);
    assert!(t[ranges[0].clone()].starts_with("Các sở thực hiện"));
    assert!(t[ranges[1].clone()].contains("Sở Y tế"));
}

#[test]
fn portal_attribution_line_gives_number_and_date_and_leaves_the_body() {
    let t = "UBND tỉnh có ý kiến như sau:\nGiao Sở Công Thương kiểm tra, báo cáo trước ngày 15/6/2024./.\n(Theo Công văn số 2345/UBND-KT, ngày 03/6/2024)\n";
    let h = parse_header(t);
    assert_eq!(h.number.as_deref(), Some("2345/UBND-KT"));
    assert_eq!(h.issued, d(2024, 6, 3));
    assert_eq!(h.doc_type.as_deref(), Some("Công văn"));
    assert_eq!(h.issuer, None);
    assert!(body(t, &h).trim_end().ends_with("15/6/2024./."));
}

#[test]
fn issuer_names_are_put_in_sentence_case() {
    assert_eq!(
        org_case("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
        "Sở Văn hóa, Thể thao và Du lịch"
    );
    assert_eq!(
        org_case("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"),
        "UBND thành phố Hồ Chí Minh"
    );
    assert_eq!(
        org_case("VĂN PHÒNG UBND TỈNH BÀ RỊA - VŨNG TÀU"),
        "Văn phòng UBND tỉnh Bà Rịa - Vũng Tàu"
    );
    assert_eq!(
        org_case("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"),
        "Bộ Tài nguyên và Môi trường"
    );
    assert_eq!(
        org_case("Ủy ban nhân dân tỉnh Hậu Giang"),
        "UBND tỉnh Hậu Giang"
    );
    assert_eq!(position_case("PHÓ CHÁNH VĂN PHÒNG"), "Phó Chánh Văn phòng");
}

proptest::proptest! {
    /// Whatever the text, offsets are char boundaries of its NFC form, in order.
    #[test]
    fn offsets_are_ordered_char_boundaries_of_the_nfc_text(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "ỦY BAN NHÂN DÂN", "TỈNH HÀ GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc", "Số: 12/UBND-TH", "Hà Giang, ngày 3 tháng 4 năm 2024",
                "V/v ", "KẾ HOẠCH", "Kính gửi:", "- Sở Y tế;", "Nơi nhận:", "KT. CHỦ TỊCH",
                "PHÓ CHỦ TỊCH", "Lê Văn An", "PHỤ LỤC", "HỎA TỐC", "|", "-------", "\n", "\n\n",
                " ", "\u{a0}", "\r\n", "Giao Sở Tài chính báo cáo trước ngày 5/6/2024.", "ệ",
                "e\u{302}\u{323}", "(Theo Công văn số 5/UBND-KT, ngày 1/2/2024)", "điện:",
            ]),
            0..40,
        )
    ) {
        let text: String = parts.concat();
        let h = parse_header(&text);
        let t = nfc(&text);
        proptest::prop_assert!(h.body_start <= h.body_end && h.body_end <= t.len());
        proptest::prop_assert!(t.is_char_boundary(h.body_start) && t.is_char_boundary(h.body_end));
        if let Some(a) = h.appendix_start {
            proptest::prop_assert!(a <= t.len() && t.is_char_boundary(a));
        }
    }
}
