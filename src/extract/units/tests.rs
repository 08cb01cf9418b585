use super::*;

fn names(s: &str) -> Vec<String> {
    find_units(s).into_iter().map(|m| m.name).collect()
}

#[test]
fn a_steering_committee_written_in_lower_case_keeps_its_name() {
    assert_eq!(
        // "kiểm kê" may as well be the committee's work: the name stops before it.
        names("Kiện toàn Ban chỉ đạo kiểm kê của địa phương."),
        ["Ban chỉ đạo"]
    );
    assert_eq!(
        names("Thông báo của Tổ giúp việc Ban chỉ đạo Trung ương về chuyển đổi số."),
        ["Ban chỉ đạo Trung ương"]
    );
}

#[test]
fn an_abbreviation_qualifies_a_group() {
    assert_eq!(
        names("Các cơ sở KCB BHYT trên địa bàn tỉnh rà soát chi phí."),
        ["Các cơ sở KCB BHYT trên địa bàn tỉnh"]
    );
}

#[test]
fn semicolons_part_a_shorthand_list_whose_names_hold_commas() {
    assert_eq!(
        names("Các Cục: Báo chí; Xuất bản, In và Phát hành; Văn hóa cơ sở."),
        [
            "Cục Báo chí",
            "Cục Xuất bản, In và Phát hành",
            "Cục Văn hóa cơ sở"
        ]
    );
    assert_eq!(
        names("Các Bộ: Công an; Quốc phòng; Nông nghiệp và Môi trường chỉ đạo lực lượng."),
        [
            "Bộ Công an",
            "Bộ Quốc phòng",
            "Bộ Nông nghiệp và Môi trường"
        ]
    );
}

#[test]
fn a_ministry_department_is_a_unit() {
    assert_eq!(names("Vụ trưởng Vụ Pháp chế chủ trì."), ["Vụ Pháp chế"]);
    assert_eq!(names("Giao Vụ Kế hoạch rà soát."), ["Vụ Kế hoạch"]);
    assert_eq!(names("Theo Kế hoạch số 12 của Bộ Y tế."), ["Bộ Y tế"]);
}

#[test]
fn a_role_set_after_a_unit_names_the_same_unit() {
    assert_eq!(
        names("1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo"),
        ["Sở Tài chính"]
    );
    assert_eq!(
        names("Sở Xây dựng (cơ quan chủ trì) tổng hợp."),
        ["Sở Xây dựng"]
    );
    // Two units, or a unit and the groups it works with, stay apart.
    assert_eq!(
        names("Sở Y tế - Sở Tài chính phối hợp."),
        ["Sở Y tế", "Sở Tài chính"]
    );
    assert_eq!(
        names("Sở Y tế (các sở, ngành phối hợp)."),
        ["Sở Y tế", "các sở, ngành"]
    );
}

#[test]
fn a_group_is_who_was_given_the_work() {
    assert_eq!(
        names("Các cơ quan, đơn vị được giao nhiệm vụ tập trung nguồn lực."),
        ["Các cơ quan, đơn vị được giao nhiệm vụ"]
    );
    assert_eq!(
        names("Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này có trách nhiệm lập dự toán."),
        ["Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này"]
    );
}

#[test]
fn federations_and_associations_are_units() {
    assert_eq!(
        names("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh nghiên cứu, tư vấn."),
        ["Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"]
    );
    assert_eq!(
        names("Hiệp hội Doanh nghiệp tỉnh vận động hội viên."),
        ["Hiệp hội Doanh nghiệp tỉnh"]
    );
}

#[test]
fn a_stretch_of_places_qualifies_a_group() {
    assert_eq!(
        names("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa, trong đó trọng tâm là các tỉnh ven biển:"),
        ["Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa"]
    );
}

#[test]
fn a_list_of_groups_goes_on_through_qualified_nouns() {
    assert_eq!(
        names("Các đoàn thể, tổ chức xã hội vận động hội viên."),
        ["Các đoàn thể, tổ chức xã hội"]
    );
    assert_eq!(
        names("Các cơ quan báo chí, phát thanh, truyền hình khác tuyên truyền."),
        ["Các cơ quan báo chí, phát thanh, truyền hình khác"]
    );
}

fn mentions(s: &str) -> Vec<(String, bool, Role)> {
    find_units(s)
        .into_iter()
        .map(|m| (m.name, m.group, m.role))
        .collect()
}

fn named(name: &str) -> (String, bool, Role) {
    (name.to_string(), false, Role::Named)
}

fn group(name: &str) -> (String, bool, Role) {
    (name.to_string(), true, Role::Named)
}

fn recipient(name: &str) -> (String, bool, Role) {
    (name.to_string(), false, Role::Recipient)
}

/// Names not rewritten (no abbreviation, no shorthand) are the text of their span.
fn spans_are_names(s: &str) {
    for m in find_units(s) {
        let text: Vec<&str> = s[m.start..m.end].split_whitespace().collect();
        assert_eq!(text.join(" "), m.name, "span of {m:?} in {s:?}");
    }
}

// ---- department-style names ----------------------------------------------------------------

#[test]
fn departments_end_before_the_verb() {
    let s = "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát dự toán kinh phí.";
    assert_eq!(names(s), ["Sở Tài chính", "Sở Xây dựng"]);
    spans_are_names(s);
    assert_eq!(
        names("Sở Giao thông vận tải triển khai sửa chữa cầu Rạch Sâu."),
        ["Sở Giao thông vận tải"]
    );
    assert_eq!(
        names("Sở Y tế khẩn trương bổ sung thuốc cho các trạm."),
        ["Sở Y tế"]
    );
    assert_eq!(
        names("Sở Công Thương tham mưu phương án bình ổn giá."),
        ["Sở Công Thương"]
    );
    assert_eq!(
        names("Sở Nội vụ (cơ quan thường trực) tổng hợp."),
        ["Sở Nội vụ"]
    );
    assert_eq!(
        names("Sở Tư pháp; Sở Ngoại vụ: theo dõi."),
        ["Sở Tư pháp", "Sở Ngoại vụ"]
    );
    assert_eq!(
        names("Sở Tài chính có trách nhiệm bố trí vốn."),
        ["Sở Tài chính"]
    );
    assert_eq!(
        names("Sở Xây dựng theo dõi, đôn đốc tiến độ."),
        ["Sở Xây dựng"]
    );
    assert_eq!(
        names("Sở Xây dựng tổ chức kiểm tra công trình."),
        ["Sở Xây dựng"]
    );
}

#[test]
fn a_comma_inside_a_department_name() {
    let s = "Sở Văn hóa, Thể thao và Du lịch hướng dẫn các đơn vị tổ chức lễ hội đầu xuân.";
    assert_eq!(
        mentions(s),
        [
            named("Sở Văn hóa, Thể thao và Du lịch"),
            group("các đơn vị")
        ]
    );
    spans_are_names(s);
    // old-style tone marks are kept as written
    assert_eq!(
        names("Sở Văn hoá, Thể thao và Du lịch chủ trì."),
        ["Sở Văn hoá, Thể thao và Du lịch"]
    );
}

#[test]
fn a_dash_inside_a_name() {
    assert_eq!(
        names("Sở Lao động - Thương binh và Xã hội khẩn trương lập danh sách hộ nghèo."),
        ["Sở Lao động - Thương binh và Xã hội"]
    );
    assert_eq!(
        names("Đài Phát thanh - Truyền hình Bình An đưa tin thường xuyên."),
        ["Đài Phát thanh - Truyền hình Bình An"]
    );
    assert_eq!(
        names("Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam bảo đảm nguồn cung xăng dầu."),
        ["Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"]
    );
}

#[test]
fn a_project_boards_long_lower_case_name_is_read_whole() {
    assert_eq!(
        names(
            "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh chủ trì thẩm định."
        ),
        ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"]
    );
    assert_eq!(
        names("4. Đài Phát thanh và Truyền hình tỉnh, Cổng Thông tin điện tử tỉnh mở chuyên mục."),
        [
            "Đài Phát thanh và Truyền hình tỉnh",
            "Cổng Thông tin điện tử tỉnh"
        ]
    );
}

#[test]
fn boards_police_military_and_treasury() {
    assert_eq!(
        names("Ban Quản lý Khu kinh tế tỉnh có trách nhiệm cấp giấy chứng nhận đầu tư."),
        ["Ban Quản lý Khu kinh tế tỉnh"]
    );
    assert_eq!(
        names("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh tăng cường tuần tra dịp Tết."),
        ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]
    );
    assert_eq!(
        names("Văn phòng UBND tỉnh theo dõi, đôn đốc việc thực hiện."),
        ["Văn phòng UBND tỉnh"]
    );
    assert_eq!(
        names("Thanh tra tỉnh, Cục Thuế tỉnh, Kho bạc Nhà nước tỉnh và Bảo hiểm xã hội tỉnh phối hợp kiểm tra."),
        ["Thanh tra tỉnh", "Cục Thuế tỉnh", "Kho bạc Nhà nước tỉnh", "Bảo hiểm xã hội tỉnh"]
    );
    assert_eq!(
        names(
            "Ban Dân tộc chủ trì; Ban Chỉ đạo phòng, chống thiên tai tỉnh theo dõi sát tình hình."
        ),
        ["Ban Dân tộc", "Ban Chỉ đạo phòng, chống thiên tai tỉnh"]
    );
}

#[test]
fn mass_organisations() {
    let s = "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh, Tỉnh đoàn, \
             Hội Nông dân tỉnh, Hội Liên hiệp Phụ nữ tỉnh vận động hội viên tham gia.";
    assert_eq!(
        names(s),
        [
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            "Liên đoàn Lao động tỉnh",
            "Tỉnh đoàn",
            "Hội Nông dân tỉnh",
            "Hội Liên hiệp Phụ nữ tỉnh"
        ]
    );
    spans_are_names(s);
}

#[test]
fn ministries_and_national_bodies() {
    let s = "Bộ Tài chính chủ trì, phối hợp với Bộ Kế hoạch và Đầu tư và Văn phòng Chính phủ hoàn thiện dự thảo.";
    assert_eq!(
        names(s),
        [
            "Bộ Tài chính",
            "Bộ Kế hoạch và Đầu tư",
            "Văn phòng Chính phủ"
        ]
    );
}

#[test]
fn national_bodies() {
    assert_eq!(
        names("Ủy ban Pháp luật và Tư pháp của Quốc hội thẩm tra dự án luật."),
        ["Ủy ban Pháp luật và Tư pháp của Quốc hội"]
    );
    assert_eq!(
        names("Thống đốc Ngân hàng Nhà nước Việt Nam chỉ đạo các ngân hàng thương mại giãn nợ."),
        ["Ngân hàng Nhà nước Việt Nam", "các ngân hàng thương mại"]
    );
    assert_eq!(
        names("Bộ trưởng Bộ Quốc phòng điều động Quân khu 9 hỗ trợ."),
        ["Bộ Quốc phòng", "Quân khu 9"]
    );
}

#[test]
fn enterprises() {
    assert_eq!(
        names("Tập đoàn Điện lực Việt Nam khẩn trương khôi phục lưới điện."),
        ["Tập đoàn Điện lực Việt Nam"]
    );
    assert_eq!(
        names("Tổng công ty Điện lực miền Nam bảo đảm cung ứng điện."),
        ["Tổng công ty Điện lực miền Nam"]
    );
    assert_eq!(
        names("Đề nghị Công ty Cổ phần Cấp nước Bình An tại văn bản nêu trên"),
        ["Công ty Cổ phần Cấp nước Bình An"]
    );
}

#[test]
fn second_syllables_of_compounds_do_not_end_a_name() {
    assert_eq!(
        names("Trung tâm Phát triển quỹ đất tỉnh, Ban Chỉ huy Quân sự huyện Mỹ Lộc và Viện Nghiên cứu Kinh tế xã hội phối hợp."),
        ["Trung tâm Phát triển quỹ đất tỉnh", "Ban Chỉ huy Quân sự huyện Mỹ Lộc", "Viện Nghiên cứu Kinh tế xã hội"]
    );
    assert_eq!(
        names("Ủy ban An toàn giao thông Quốc gia chỉ đạo; Cục Hàng không Việt Nam thực hiện."),
        [
            "Ủy ban An toàn giao thông Quốc gia",
            "Cục Hàng không Việt Nam"
        ]
    );
}

// ---- district level -------------------------------------------------------------------------

#[test]
fn districts_by_name() {
    let s = "Giao UBND huyện Tân Phước chủ trì, phối hợp với Ủy ban nhân dân thành phố Ngọc Sơn giải quyết.";
    assert_eq!(
        mentions(s),
        [
            named("UBND huyện Tân Phước"),
            named("Ủy ban nhân dân thành phố Ngọc Sơn")
        ]
    );
    spans_are_names(s);
    assert_eq!(
        names("UBND thị xã Bến Nghé báo cáo kết quả trước ngày 15/3/2024."),
        ["UBND thị xã Bến Nghé"]
    );
    assert_eq!(
        names("hướng dẫn UBND huyện Mỹ Lộc, huyện Tân Phước hoàn thiện hồ sơ"),
        ["UBND huyện Mỹ Lộc", "UBND huyện Tân Phước"]
    );
}

#[test]
fn districts_as_a_group() {
    assert_eq!(
        mentions("Chủ tịch UBND các huyện, thị xã, thành phố chỉ đạo các xã rà soát."),
        [group("UBND các huyện, thị xã, thành phố"), group("các xã")]
    );
    assert_eq!(
        mentions("UBND cấp huyện chịu trách nhiệm về số liệu."),
        [group("UBND cấp huyện")]
    );
    assert_eq!(
        mentions("phối hợp với UBND huyện, thị xã, thành phố tuyên truyền"),
        [group("UBND huyện, thị xã, thành phố")]
    );
    assert_eq!(
        mentions("Ủy ban nhân dân thành phố và các huyện tổ chức thực hiện."),
        [group("Ủy ban nhân dân thành phố và các huyện")]
    );
    assert_eq!(
        mentions("Công an các xã, phường, đặc khu nắm chắc địa bàn."),
        [group("Công an các xã, phường, đặc khu")]
    );
}

// ---- shorthand lists ------------------------------------------------------------------------

#[test]
fn shorthand_departments() {
    let s = "Giao các Sở: Tài chính, Xây dựng, Giao thông vận tải thẩm định hồ sơ dự án.";
    let ms = find_units(s);
    let got: Vec<&str> = ms.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        got,
        ["Sở Tài chính", "Sở Xây dựng", "Sở Giao thông vận tải"]
    );
    assert_eq!(&s[ms[1].start..ms[1].end], "Xây dựng");
    assert!(ms.iter().all(|m| !m.group && m.role == Role::Named));
    assert_eq!(
        names("Giám đốc các Sở: Y tế, Giáo dục và Đào tạo chỉ đạo các trường học."),
        ["Sở Y tế", "Sở Giáo dục và Đào tạo", "các trường học"]
    );
    assert_eq!(
        names("Giao các Bộ: Công an, Quốc phòng và Ngoại giao phối hợp."),
        ["Bộ Công an", "Bộ Quốc phòng", "Bộ Ngoại giao"]
    );
    // without the colon
    assert_eq!(
        names("Giám đốc các Sở Tài chính, Tư pháp rà soát quy định."),
        ["Sở Tài chính", "Sở Tư pháp"]
    );
}

#[test]
fn shorthand_with_an_item_of_its_own() {
    assert_eq!(
        names("Các Bộ, cơ quan: Tài chính, Văn hóa, Thể thao và Du lịch, Tập đoàn Dầu khí Việt Nam khẩn trương rà soát."),
        ["Bộ Tài chính", "Bộ Văn hóa, Thể thao và Du lịch", "Tập đoàn Dầu khí Việt Nam"]
    );
    assert_eq!(
        names("yêu cầu các Tập đoàn: Bưu chính Viễn thông Việt Nam, Công nghiệp - Viễn thông Quân đội bảo đảm liên lạc"),
        ["Tập đoàn Bưu chính Viễn thông Việt Nam", "Tập đoàn Công nghiệp - Viễn thông Quân đội"]
    );
}

#[test]
fn lists_of_provinces_and_cities_take_each_place_at_its_own_level() {
    // A list headed by several levels, the gazetteer telling a city from a province.
    assert_eq!(
        names("Giao UBND các tỉnh, thành phố: Cần Thơ, An Giang và Cà Mau rà soát đê bao."),
        [
            "UBND thành phố Cần Thơ",
            "UBND tỉnh An Giang",
            "UBND tỉnh Cà Mau"
        ]
    );
    // A department of each place.
    assert_eq!(
        names("Công an các tỉnh, thành phố: Lạng Sơn, Hải Phòng tăng cường tuần tra."),
        ["Công an tỉnh Lạng Sơn", "Công an thành phố Hải Phòng"]
    );
    assert_eq!(
        names("Sở Y tế các tỉnh: Sơn La, Điện Biên báo cáo tình hình dịch."),
        ["Sở Y tế tỉnh Sơn La", "Sở Y tế tỉnh Điện Biên"]
    );
    // Provinces named as actors are their committees; as places they are no unit.
    assert_eq!(
        names("Các tỉnh Lai Châu, Lào Cai chủ động sơ tán dân."),
        [
            "Ủy ban nhân dân tỉnh Lai Châu",
            "Ủy ban nhân dân tỉnh Lào Cai"
        ]
    );
    assert!(!names("Mưa lớn tại các tỉnh Lai Châu, Lào Cai.")
        .iter()
        .any(|n| n.starts_with("Ủy ban nhân dân tỉnh")));
    // Duties after the colon are no places.
    assert_eq!(
        names("UBND các xã, phường: Phối hợp với đơn vị quan trắc."),
        ["UBND các xã, phường"]
    );
}

#[test]
fn shorthand_districts() {
    let s = "Yêu cầu UBND các huyện: Tân Phước, Mỹ Lộc và thành phố Ngọc Sơn tổ chức cưỡng chế.";
    let ms = find_units(s);
    let got: Vec<&str> = ms.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        got,
        [
            "UBND huyện Tân Phước",
            "UBND huyện Mỹ Lộc",
            "UBND thành phố Ngọc Sơn"
        ]
    );
    assert_eq!(&s[ms[2].start..ms[2].end], "thành phố Ngọc Sơn");
    assert_eq!(
        names("đề nghị của Ủy ban nhân dân các tỉnh Bình An và Hòa Lạc"),
        [
            "Ủy ban nhân dân tỉnh Bình An",
            "Ủy ban nhân dân tỉnh Hòa Lạc"
        ]
    );
}

#[test]
fn a_title_and_a_colon_introduce_full_names() {
    assert_eq!(
        names(
            "Giao Giám đốc: Sở Nội vụ, Sở Tư pháp, Đài Phát thanh và Truyền hình tỉnh triển khai."
        ),
        [
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Đài Phát thanh và Truyền hình tỉnh"
        ]
    );
}

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

// ---- the dev corpus -----------------------------------------------------------------------

/// `score_extraction.py`'s `canon()`, ported.
fn canon(name: &str) -> String {
    static ABBR: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
        [
            (r"\bubnd\b", "ủy ban nhân dân"),
            (r"\bhđnd\b", "hội đồng nhân dân"),
            (
                r"\bkh ?& ?đt\b|\bkh ?và ?đt\b|\bkhđt\b",
                "kế hoạch và đầu tư",
            ),
            (r"\btn ?& ?mt\b|\btnmt\b", "tài nguyên và môi trường"),
            (r"\bgd ?& ?đt\b|\bgdđt\b", "giáo dục và đào tạo"),
            (
                r"\blđ-?tb ?& ?xh\b|\blđtbxh\b|\blđ,? ?tb ?và ?xh\b",
                "lao động thương binh và xã hội",
            ),
            (
                r"\bvh,? ?tt ?& ?dl\b|\bvhttdl\b|\bvh,? ?tt ?và ?dl\b",
                "văn hóa thể thao và du lịch",
            ),
            (
                r"\bnn ?& ?ptnt\b|\bnnptnt\b|\bnn ?và ?ptnt\b",
                "nông nghiệp và phát triển nông thôn",
            ),
            (r"\btt ?& ?tt\b|\btttt\b", "thông tin và truyền thông"),
            (r"\bkh ?& ?cn\b|\bkhcn\b", "khoa học và công nghệ"),
            (r"\bgtvt\b", "giao thông vận tải"),
            (r"\bptnt\b", "phát triển nông thôn"),
            (r"\bnn ?& ?mt\b", "nông nghiệp và môi trường"),
            (r"\bub\b", "ủy ban"),
            (r"\bvp\b|\bvpub\b", "văn phòng"),
            (r"\btp\b", "thành phố"),
        ]
        .into_iter()
        .map(|(p, e)| (Regex::new(p).unwrap(), e))
        .collect()
    });
    static PUNCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"[\-,;:.()"'“”/]+"#).unwrap());
    static TINH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" tỉnh( [^ ]+){0,3}$").unwrap());
    const PREFIXES: &[&str] = &[
        "giao ",
        "đề nghị ",
        "yêu cầu ",
        "các đồng chí ",
        "đồng chí ",
        "giám đốc ",
        "thủ trưởng ",
        "chủ tịch ",
        "bộ trưởng ",
    ];
    let mut s: String = name.nfc().collect::<String>().to_lowercase();
    s = s.replace(['–', '—'], "-");
    for (re, new) in ABBR.iter() {
        s = re.replace_all(&s, NoExpand(new)).into_owned();
    }
    s = PUNCT.replace_all(&s, " ").into_owned();
    s = s.replace('&', " và ");
    // Lower case, new-style tone marks ("hoà" → "hòa") and one space between words, as the
    // scorer's canon() leaves them.
    s = crate::domain::text::fold_name(&s);
    let mut changed = true;
    while changed {
        changed = false;
        for p in PREFIXES {
            if let Some(rest) = s.strip_prefix(p) {
                s = rest.to_string();
                changed = true;
            }
        }
    }
    if s.starts_with("sở ") {
        s = TINH.replace(&s, "").into_owned();
    }
    s
}

fn same_unit(a: &str, b: &str) -> bool {
    let (ca, cb) = (canon(a), canon(b));
    if ca.is_empty() || cb.is_empty() {
        return false;
    }
    if ca == cb {
        return true;
    }
    let wa: std::collections::HashSet<&str> = ca.split(' ').collect();
    let wb: std::collections::HashSet<&str> = cb.split(' ').collect();
    let inter = wa.intersection(&wb).count() as f64;
    let union = wa.union(&wb).count() as f64;
    inter / union >= 0.8
}

/// The mentions' names, and the names of groups named one after another joined as the
/// annotators join them ("các Sở, ban, ngành, UBND cấp xã").
fn candidates(quote: &str, ms: &[UnitMention]) -> Vec<String> {
    let mut out: Vec<String> = ms.iter().map(|m| m.name.clone()).collect();
    for i in 0..ms.len() {
        if !ms[i].group {
            continue;
        }
        let mut joined = ms[i].name.clone();
        for j in i + 1..ms.len() {
            let gap = quote[ms[j - 1].end..ms[j].start].trim();
            if !ms[j].group || !is_joining_gap(gap) {
                break;
            }
            let space = if gap.starts_with([',', ';']) { "" } else { " " };
            joined = format!("{joined}{space}{gap} {}", ms[j].name);
            out.push(joined.clone());
        }
    }
    out
}

/// Separators between groups named one after another, with the title of the next one
/// ("; Chủ tịch").
fn is_joining_gap(gap: &str) -> bool {
    let mut words: Vec<String> = gap
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
        .filter(|w| !w.is_empty())
        .map(fold_name)
        .collect();
    if words.first().is_some_and(|w| w == "và" || w == "cùng") {
        words.remove(0);
    }
    let rest = words.join(" ");
    rest.is_empty() || TITLES.contains(&rest.as_str())
}

/// Runs over every task of the dev corpus: how many gold lead and support units are among the
/// mentions of the task's quote.
#[test]
#[ignore]
fn dev_corpus_units() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}", dir.display());
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    // [all, named in the quote] × [gold, found]
    let mut lead = [[0usize; 2]; 2];
    let mut support = [[0usize; 2]; 2];
    let mut lead_as_recipient = 0;
    for f in &files {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let stem = f.file_stem().unwrap().to_string_lossy().to_string();
        for task in doc["tasks"].as_array().into_iter().flatten() {
            let quote = task["quote"].as_str().unwrap_or("");
            let ms = find_units(quote);
            let cands = candidates(quote, &ms);
            let quote_words: std::collections::HashSet<String> =
                canon(quote).split(' ').map(str::to_string).collect();
            for (field, tally) in [("lead", &mut lead), ("support", &mut support)] {
                for gold in task[field].as_array().into_iter().flatten() {
                    let gold = gold.as_str().unwrap_or("");
                    let named = canon(gold).split(' ').all(|w| quote_words.contains(w));
                    let hit = cands.iter().any(|c| same_unit(gold, c));
                    tally[0][0] += 1;
                    tally[0][1] += usize::from(hit);
                    if named {
                        tally[1][0] += 1;
                        tally[1][1] += usize::from(hit);
                    }
                    if field == "lead"
                        && ms
                            .iter()
                            .any(|m| m.role == Role::Recipient && same_unit(gold, &m.name))
                        && !ms
                            .iter()
                            .any(|m| m.role == Role::Named && same_unit(gold, &m.name))
                    {
                        lead_as_recipient += 1;
                    }
                    if !hit && named {
                        println!("{stem} {field} missed: {gold:?} among {cands:?}");
                    }
                    if !hit && !named && std::env::var_os("UNITS_VERBOSE").is_some() {
                        println!("{stem} {field} not in its quote: {gold:?} (mentions {cands:?})");
                    }
                }
            }
        }
    }
    let share = |t: [usize; 2]| {
        if t[0] == 0 {
            0.0
        } else {
            t[1] as f64 / t[0] as f64
        }
    };
    println!(
        "leads:   {}/{} = {:.3} (named in the quote: {}/{} = {:.3}); leads only seen as recipients: {}",
        lead[0][1], lead[0][0], share(lead[0]), lead[1][1], lead[1][0], share(lead[1]), lead_as_recipient
    );
    println!(
        "support: {}/{} = {:.3} (named in the quote: {}/{} = {:.3})",
        support[0][1],
        support[0][0],
        share(support[0]),
        support[1][1],
        support[1][0],
        share(support[1])
    );
}

#[test]
fn a_group_keeps_what_it_belongs_to_and_who_gave_it_work() {
    assert_eq!(
        names("Các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân Thành phố triển khai đánh giá."),
        ["Các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân Thành phố"]
    );
    assert_eq!(
        names("Các Hội được Đảng, Nhà nước giao nhiệm vụ tập trung triển khai."),
        ["Các Hội được Đảng, Nhà nước giao nhiệm vụ"]
    );
    assert_eq!(
        names("Các viện, trường và doanh nghiệp tham gia nghiên cứu."),
        ["Các viện, trường và doanh nghiệp"]
    );
}

#[test]
fn a_dash_inside_a_group_noun_or_a_department_name_keeps_it_whole() {
    let names: Vec<String> =
        find_units("Các đoàn thể, tổ chức chính trị - xã hội phối hợp tuyên truyền.")
            .into_iter()
            .map(|m| m.name)
            .collect();
    assert_eq!(names, ["Các đoàn thể, tổ chức chính trị - xã hội"]);
    let names: Vec<String> = find_units("Giao Phòng Tài chính - Kế hoạch chủ trì tham mưu.")
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Phòng Tài chính - Kế hoạch"]);
}

#[test]
fn a_departments_name_written_with_a_comma_inside_a_name_keeps_it_whole() {
    let names: Vec<String> =
        find_units("Giao Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch xây dựng cơ chế.")
            .into_iter()
            .map(|m| m.name)
            .collect();
    assert_eq!(
        names,
        ["Trung tâm Chuyển đổi số Văn hóa, Thể thao và Du lịch"]
    );
}

#[test]
fn an_office_that_serves_two_bodies_names_both() {
    let names: Vec<String> = find_units("Giao Văn phòng HĐND và UBND huyện theo dõi, đôn đốc.")
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["Văn phòng HĐND và UBND huyện"]);
}

#[test]
fn a_role_named_bare_is_a_group_where_a_subject_or_handed_work_stands() {
    assert_eq!(
        names("Chủ đầu tư các dự án đẩy nhanh tiến độ thi công."),
        ["Chủ đầu tư các dự án"]
    );
    assert_eq!(
        names("Giao nhà thầu bảo đảm an toàn lao động."),
        ["nhà thầu"]
    );
    // In the middle of a clause, the role is a partner or an object: not read as a unit here.
    assert_eq!(
        names("Sở Xây dựng kiểm tra hồ sơ của chủ đầu tư."),
        ["Sở Xây dựng"]
    );
    assert!(find_units("Chủ đầu tư các dự án đẩy nhanh tiến độ.")[0].group);
}

#[test]
fn a_title_before_a_persons_name_after_the_province_names_the_office_holder() {
    assert_eq!(
        names("Giao Phó Chủ tịch UBND tỉnh Nguyễn Văn An trực tiếp chỉ đạo."),
        ["Phó Chủ tịch UBND tỉnh Nguyễn Văn An"]
    );
    assert_eq!(
        names("Giao Phó Chủ tịch UBND tỉnh Gia Lai Trần Văn Bình chỉ đạo."),
        ["Phó Chủ tịch UBND tỉnh Gia Lai Trần Văn Bình"]
    );
    // A province, with or without a title, is the committee.
    assert_eq!(
        names("Giao Chủ tịch UBND tỉnh Gia Lai chỉ đạo."),
        ["UBND tỉnh Gia Lai"]
    );
    assert_eq!(
        names("UBND tỉnh Bà Rịa - Vũng Tàu chỉ đạo."),
        ["UBND tỉnh Bà Rịa - Vũng Tàu"]
    );
}

#[test]
fn a_verb_of_directives_ends_a_name_that_went_on_in_lower_case() {
    assert_eq!(
        names("Phòng Tài chính - Kế hoạch cân đối, bố trí kinh phí."),
        ["Phòng Tài chính - Kế hoạch"]
    );
    assert_eq!(
        names("Sở Xây dựng khảo sát hiện trạng, thúc đẩy tiến độ, chia sẻ dữ liệu."),
        ["Sở Xây dựng"]
    );
}

#[test]
fn a_name_in_its_lower_case_words_goes_on_past_va() {
    assert_eq!(
        names("Cục Quản lý nhà và thị trường bất động sản, Trung tâm Thông tin thực hiện."),
        [
            "Cục Quản lý nhà và thị trường bất động sản",
            "Trung tâm Thông tin"
        ]
    );
    // A group, "các" or a verb after "và" is not more of the name.
    assert_eq!(names("Sở Y tế và ngành y tế rà soát."), ["Sở Y tế"]);
    assert_eq!(
        names("Trung tâm Y tế và các đơn vị y tế rà soát."),
        ["Trung tâm Y tế", "các đơn vị y tế"]
    );
}

#[test]
fn a_later_syllable_of_a_compound_does_not_end_a_name() {
    assert_eq!(
        names("Quỹ Đền ơn đáp nghĩa hỗ trợ xây nhà."),
        ["Quỹ Đền ơn đáp nghĩa"]
    );
    // The same syllable outside the compound is the verb it reads as.
    assert_eq!(names("Sở Y tế đáp ứng nhu cầu."), ["Sở Y tế"]);
}

#[test]
fn a_group_keeps_a_long_qualifier_of_lower_case_words() {
    assert_eq!(
        names("Chỉ đạo các trường học thuộc hệ thống giáo dục nghề nghiệp tham gia."),
        ["các trường học thuộc hệ thống giáo dục nghề nghiệp"]
    );
    // "công lập" is a compound: its "lập" is no verb.
    assert_eq!(
        names("Các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh rà soát."),
        ["Các đơn vị sự nghiệp công lập thuộc Ủy ban nhân dân tỉnh"]
    );
}
