use super::*;

// ---- abbreviations --------------------------------------------------------------------------

#[test]
fn department_abbreviations_are_expanded() {
    let s = "Sở KH&ĐT, Sở TN&MT, Sở NN&PTNT, Sở GTVT, Sở LĐ-TB&XH, Sở VH,TT&DL phối hợp thực hiện.";
    assert_eq!(
        names(s),
        [
            "Sở Kế hoạch và Đầu tư",
            "Sở Tài nguyên và Môi trường",
            "Sở Nông nghiệp và Phát triển nông thôn",
            "Sở Giao thông vận tải",
            "Sở Lao động - Thương binh và Xã hội",
            "Sở Văn hóa, Thể thao và Du lịch"
        ]
    );
    let s = "Sở KHĐT, Sở TNMT, Sở VHTTDL, Sở TT&TT, Sở GD&ĐT, Sở KH&CN, Sở NN&MT cùng BCH Quân sự tỉnh kiểm tra.";
    assert_eq!(
        names(s),
        [
            "Sở Kế hoạch và Đầu tư",
            "Sở Tài nguyên và Môi trường",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Thông tin và Truyền thông",
            "Sở Giáo dục và Đào tạo",
            "Sở Khoa học và Công nghệ",
            "Sở Nông nghiệp và Môi trường",
            "Bộ Chỉ huy Quân sự tỉnh"
        ]
    );
    // Any joint between the parts: "và", a dash, a space.
    let s = "Sở KH và ĐT, Sở GD-ĐT, Sở LĐ-TB và XH, Sở KH - CN cùng xem xét.";
    assert_eq!(
        names(s),
        [
            "Sở Kế hoạch và Đầu tư",
            "Sở Giáo dục và Đào tạo",
            "Sở Lao động - Thương binh và Xã hội",
            "Sở Khoa học và Công nghệ"
        ]
    );
    let ms = find_units("Giao Sở TN&MT chủ trì");
    assert_eq!(ms[0].start, "Giao ".len());
    assert_eq!(ms[0].end, "Giao Sở TN&MT".len());
}

#[test]
fn ubnd_is_kept_as_written() {
    assert_eq!(
        names("UBND tỉnh giao UBND huyện Mỹ Lộc và Ủy ban nhân dân huyện Tân Phước kiểm tra."),
        [
            "UBND tỉnh",
            "UBND huyện Mỹ Lộc",
            "Ủy ban nhân dân huyện Tân Phước"
        ]
    );
}

#[test]
fn a_space_lost_by_the_source() {
    assert_eq!(
        names("phối hợp với Bộ Kếhoạch và Đầu tư, đề xuất"),
        ["Bộ Kế hoạch và Đầu tư"]
    );
    assert_eq!(
        names("phối hợp Ủyban nhân dân các huyện, thị xã tổ chức"),
        ["Ủy ban nhân dân các huyện, thị xã"]
    );
}

// ---- where a name ends ----------------------------------------------------------------------

#[test]
fn qualifiers_are_left_out() {
    assert_eq!(
        mentions("Các sở, ban, ngành theo chức năng, nhiệm vụ được giao triển khai thực hiện."),
        [group("Các sở, ban, ngành")]
    );
    assert_eq!(
        names("Sở Tài chính trong phạm vi quản lý hướng dẫn thủ tục."),
        ["Sở Tài chính"]
    );
    assert_eq!(
        names("các đơn vị được phân công chủ trì báo cáo"),
        ["các đơn vị"]
    );
    assert_eq!(
        names("Thủ trưởng các cơ quan, đơn vị liên quan căn cứ Quyết định thi hành."),
        ["các cơ quan, đơn vị liên quan"]
    );
}

#[test]
fn and_before_a_non_unit_ends_a_name() {
    assert_eq!(
        mentions("Sở Tài chính và các cơ quan có liên quan thẩm định."),
        [named("Sở Tài chính"), group("các cơ quan có liên quan")]
    );
    assert_eq!(
        names("Sở Tài chính và Kho bạc Nhà nước tỉnh đối chiếu số liệu."),
        ["Sở Tài chính", "Kho bạc Nhà nước tỉnh"]
    );
    assert_eq!(names("Sở Tài chính và tổ chức thẩm định"), ["Sở Tài chính"]);
}

#[test]
fn line_breaks_and_paragraphs() {
    let s = "Giao Sở Kế\nhoạch và Đầu tư chủ trì";
    let ms = find_units(s);
    assert_eq!(ms[0].name, "Sở Kế hoạch và Đầu tư");
    assert_eq!(&s[ms[0].start..ms[0].end], "Sở Kế\nhoạch và Đầu tư");
    assert_eq!(
        names("a) Sở Xây dựng\n\n- Kiểm tra hồ sơ thiết kế"),
        ["Sở Xây dựng"]
    );
    assert_eq!(
        names("1. Ban Dân tộc tỉnh\n- Chủ trì tổng hợp"),
        ["Ban Dân tộc tỉnh"]
    );
}

// ---- groups ---------------------------------------------------------------------------------

#[test]
fn generic_groups() {
    assert_eq!(
        mentions("Đề nghị các Bộ, cơ quan và địa phương liên quan góp ý dự thảo."),
        [group("các Bộ, cơ quan và địa phương liên quan")]
    );
    assert_eq!(
        mentions(
            "Giao các sở, ban, ngành, đoàn thể tỉnh và UBND huyện, thị xã, thành phố tuyên truyền."
        ),
        [
            group("các sở, ban, ngành, đoàn thể tỉnh"),
            group("UBND huyện, thị xã, thành phố")
        ]
    );
    assert_eq!(
        mentions("hỗ trợ các địa phương khắc phục hậu quả"),
        [group("các địa phương")]
    );
    assert_eq!(
        mentions("các doanh nghiệp vận tải, tổ chức, cá nhân có liên quan chấp hành"),
        [group(
            "các doanh nghiệp vận tải, tổ chức, cá nhân có liên quan"
        )]
    );
    assert_eq!(
        mentions("Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang Bộ chỉ đạo"),
        [group("các Bộ"), group("cơ quan ngang Bộ")]
    );
    assert_eq!(
        mentions("theo góp ý của các Bộ, cơ quan, Hội đồng Thẩm định Nhà nước về hồ sơ"),
        [
            group("các Bộ, cơ quan"),
            named("Hội đồng Thẩm định Nhà nước")
        ]
    );
    assert!(find_units("tăng từ 2 lên 3 phó trưởng phòng").is_empty());
}

#[test]
fn compounds_of_group_nouns_are_not_groups() {
    assert!(find_units("Kiện toàn các bộ phận một cửa; trong các trường hợp khẩn cấp.").is_empty());
    assert!(find_units("Ban hành Quy chế; Hội nghị trực tuyến toàn quốc.").is_empty());
}

// ---- recipients and non-units --------------------------------------------------------------

#[test]
fn report_recipients_are_flagged() {
    assert_eq!(
        mentions("Sở Nội vụ tổng hợp, báo cáo UBND tỉnh trước ngày 30/6/2024."),
        [named("Sở Nội vụ"), recipient("UBND tỉnh")]
    );
    assert_eq!(
        mentions("Sở Tư pháp thẩm định, trình UBND tỉnh ban hành."),
        [named("Sở Tư pháp"), recipient("UBND tỉnh")]
    );
    assert_eq!(
        mentions("nghiên cứu, đề xuất Chủ tịch UBND tỉnh xem xét"),
        [recipient("UBND tỉnh")]
    );
    assert_eq!(
        mentions("gửi Sở Tài chính trước ngày 10 hằng tháng"),
        [recipient("Sở Tài chính")]
    );
    assert_eq!(
        mentions("tham mưu UBND tỉnh bố trí vốn"),
        [recipient("UBND tỉnh")]
    );
    assert_eq!(
        mentions("báo cáo kết quả về UBND tỉnh, Chủ tịch UBND tỉnh (qua Sở Kế hoạch và Đầu tư)."),
        [
            recipient("UBND tỉnh"),
            recipient("UBND tỉnh"),
            recipient("Sở Kế hoạch và Đầu tư")
        ]
    );
    assert_eq!(
        mentions("chịu trách nhiệm trước UBND tỉnh về kết quả"),
        [recipient("UBND tỉnh")]
    );
}

#[test]
fn issuers_objects_and_nouns_are_not_recipients() {
    // the issuer giving the task is named, and so is a unit guided or urged
    assert_eq!(
        mentions("UBND tỉnh yêu cầu Sở Y tế hướng dẫn UBND huyện Mỹ Lộc"),
        [
            named("UBND tỉnh"),
            named("Sở Y tế"),
            named("UBND huyện Mỹ Lộc")
        ]
    );
    // "qua" of time, "chương trình" are no markers
    assert_eq!(
        mentions("trong năm qua các lực lượng chức năng đã vào cuộc"),
        [group("các lực lượng chức năng")]
    );
    assert_eq!(
        mentions("lồng ghép chương trình Sở Y tế đang quản lý"),
        [named("Sở Y tế")]
    );
}

#[test]
fn place_names_alone_are_not_units() {
    assert!(find_units("Tổ chức hội nghị tại thành phố Ngọc Sơn, tỉnh Bình An.").is_empty());
    assert!(
        find_units("Thành phố tiếp tục thu hút đầu tư; Tỉnh chủ động bố trí quỹ đất.").is_empty()
    );
    assert!(find_units("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").is_empty());
}

#[test]
fn legal_documents_are_not_units() {
    let s = "Thực hiện Luật Đất đai năm 2024, Nghị định số 102/2024/NĐ-CP của Chính phủ và \
             Quyết định số 12/QĐ-UBND ngày 05/01/2024, Kế hoạch số 7/KH-BCĐ.";
    assert_eq!(names(s), ["Chính phủ"]);
    assert_eq!(
        names("UBND tỉnh Bình An V/v triển khai Chỉ thị số 08/CT-TTg"),
        ["UBND tỉnh Bình An"]
    );
}

#[test]
fn people() {
    assert_eq!(
        names("Phó Thủ tướng Lê Văn An - Trưởng Ban Chỉ đạo quốc gia chỉ đạo; báo cáo Thủ tướng Chính phủ Quý II năm 2025."),
        ["Phó Thủ tướng Lê Văn An", "Ban Chỉ đạo quốc gia", "Thủ tướng Chính phủ"]
    );
}

#[test]
fn a_long_sentence_with_lead_and_coordinating_units() {
    let s = "Ủy ban nhân dân tỉnh giao Sở Tài nguyên và Môi trường chủ trì cùng Sở Tài chính, Sở Xây dựng, \
             Công an tỉnh, UBND các huyện, thị xã, thành phố và các cơ quan, đơn vị liên quan rà soát \
             toàn bộ các dự án chậm tiến độ, tham mưu UBND tỉnh xử lý theo quy định; báo cáo kết quả \
             về UBND tỉnh trước ngày 31/12/2024.";
    assert_eq!(
        mentions(s),
        [
            named("Ủy ban nhân dân tỉnh"),
            named("Sở Tài nguyên và Môi trường"),
            named("Sở Tài chính"),
            named("Sở Xây dựng"),
            named("Công an tỉnh"),
            group("UBND các huyện, thị xã, thành phố"),
            group("các cơ quan, đơn vị liên quan"),
            recipient("UBND tỉnh"),
            recipient("UBND tỉnh"),
        ]
    );
    spans_are_names(s);
    let ms = find_units(s);
    assert!(
        ms.windows(2).all(|w| w[0].end <= w[1].start),
        "in order, not overlapping"
    );
}

// ---- the word lists -------------------------------------------------------------------------

/// Words are compared folded (lower case, new-style tone marks: "quý" folds to "qúy"), so the
/// lists must hold folded words.
#[test]
fn word_lists_are_folded() {
    let lists: &[&[&str]] = &[
        &BAN_LOWER,
        &LOCAL_GOV,
        &TITLES,
        &GROUP_NOUNS,
        &LIST_HEADS,
        &CLOSING_MODIFIERS,
        &OPEN_MODIFIERS,
        &LINKING_MODIFIERS,
        &DOCUMENTS,
        &STOP_WORDS,
        &STOP_PHRASES,
        &RECIPIENT_MARKERS,
        &ROLE_BLOCKERS,
    ];
    let pairs = HEADS
        .iter()
        .map(|(p, _)| *p)
        .chain(LEVELS.iter().map(|(p, _)| *p))
        .chain(COMPOUNDS.iter().copied());
    for phrase in lists.iter().flat_map(|l| l.iter().copied()).chain(pairs) {
        assert_eq!(fold_name(phrase), phrase, "write {phrase:?} folded");
    }
}

#[test]
fn how_often_a_group_works_is_no_part_of_its_name() {
    assert_eq!(
        names("Các sở, ban, ngành, Ủy ban nhân dân xã, phường định kỳ kiểm tra, đánh giá kết quả."),
        ["Các sở, ban, ngành", "Ủy ban nhân dân xã, phường"]
    );
    assert_eq!(
        names("Các đơn vị sự nghiệp hằng quý báo cáo tiến độ."),
        ["Các đơn vị sự nghiệp"]
    );
}

#[test]
fn committees_of_every_level_and_agencies_based_in_the_province_are_groups() {
    assert_eq!(
        mentions(
            "Các cơ quan Trung ương đóng trên địa bàn tỉnh và Chủ tịch UBND các cấp triển khai."
        ),
        [
            (
                "Các cơ quan Trung ương đóng trên địa bàn tỉnh".to_string(),
                true,
                Role::Named
            ),
            ("UBND các cấp".to_string(), true, Role::Named),
        ]
    );
}

#[test]
fn facilities_of_production_and_owners_by_role_are_groups_whose_verbs_end_them() {
    // "sản xuất" after "cơ sở" is the kind of facility, not a verb; "chấp hành" is the verb.
    assert_eq!(
        names("Các hợp tác xã, cơ sở sản xuất, kinh doanh trên địa bàn huyện chấp hành nghiêm quy định."),
        ["Các hợp tác xã, cơ sở sản xuất, kinh doanh trên địa bàn huyện"]
    );
    assert_eq!(
        names("Các chủ rừng bố trí người trực canh lửa."),
        ["Các chủ rừng"]
    );
}
