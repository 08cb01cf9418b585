use super::*;

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
fn levels_joined_by_a_slash_a_dash_or_written_short_stay_one_group() {
    assert_eq!(
        mentions("Chủ tịch UBND các huyện/thành phố rà soát."),
        [group("UBND các huyện/thành phố")]
    );
    assert_eq!(
        mentions("Giao Ủy ban nhân dân quận-huyện, xã, phường, thị trấn kiểm tra."),
        [group("Ủy ban nhân dân quận-huyện, xã, phường, thị trấn")]
    );
    assert_eq!(
        mentions("UBND các tỉnh, TP trực thuộc Trung ương báo cáo."),
        [group("UBND các tỉnh, TP trực thuộc Trung ương")]
    );
    // A slash between single letters or numbers is a notation's, not a list's.
    assert!(names("Công văn V/v rà soát gửi kèm.").is_empty());
}

#[test]
fn a_count_before_a_group_noun_makes_a_group_as_cac_does() {
    assert_eq!(
        mentions("Yêu cầu 11 Bộ, cơ quan tập trung nguồn lực."),
        [group("11 Bộ, cơ quan")]
    );
    assert_eq!(
        mentions("Giao 03 địa phương rà soát."),
        [group("03 địa phương")]
    );
    // Levels counted, days counted, places after "tại": no unit.
    assert!(names("Vận hành chính quyền 02 cấp từ tỉnh đến cơ sở.").is_empty());
    assert!(names("Trong 30 ngày, hỗ trợ 100 hộ dân tại 2 huyện miền núi.").is_empty());
}

#[test]
fn a_department_of_every_province_is_one_group() {
    assert_eq!(
        mentions("- Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương."),
        [group(
            "Sở Xây dựng các tỉnh, thành phố trực thuộc Trung ương"
        )]
    );
}

#[test]
fn department_names_after_a_departments_share_its_head() {
    assert_eq!(
        names("Sở Tài chính, Xây dựng, Tư pháp phối hợp thẩm định."),
        ["Sở Tài chính", "Sở Xây dựng", "Sở Tư pháp"]
    );
    assert_eq!(
        names("Sở Nội vụ, Tài chính, Kho bạc Nhà nước tỉnh thực hiện."),
        ["Sở Nội vụ", "Sở Tài chính", "Kho bạc Nhà nước tỉnh"]
    );
}

#[test]
fn places_of_one_level_said_once_are_each_a_committee() {
    assert_eq!(
        names("UBND huyện Ba Tơ, Sơn Hà, Minh Long khẩn trương khắc phục sạt lở."),
        [
            "UBND huyện Ba Tơ",
            "UBND huyện Sơn Hà",
            "UBND huyện Minh Long"
        ]
    );
    // A named unit after the comma is a unit of its own.
    assert_eq!(
        names("UBND huyện Ba Tơ, Trường THPT Ba Tơ báo cáo."),
        ["UBND huyện Ba Tơ", "Trường THPT Ba Tơ"]
    );
}

#[test]
fn centrally_run_cities_and_provinces_are_siblings() {
    assert_eq!(
        names("UBND thành phố Huế, Đà Nẵng và tỉnh Quảng Ngãi sơ tán dân."),
        [
            "UBND thành phố Huế",
            "UBND thành phố Đà Nẵng",
            "UBND tỉnh Quảng Ngãi"
        ]
    );
}

#[test]
fn contractors_join_a_list_of_role_groups() {
    assert_eq!(
        mentions("Các chủ đầu tư, nhà thầu huy động tối đa nhân lực."),
        [group("Các chủ đầu tư, nhà thầu")]
    );
}

#[test]
fn a_compound_inside_a_lower_case_name_does_not_end_it() {
    assert_eq!(
        names("Yêu cầu Ban chỉ đạo phổ cập giáo dục tỉnh xây dựng kế hoạch."),
        ["Ban chỉ đạo phổ cập giáo dục tỉnh"]
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

#[test]
fn a_department_written_in_lower_case_is_a_department() {
    assert_eq!(
        names("Giao sở Y tế chủ trì, phối hợp với sở Nội vụ rà soát nhân lực."),
        ["Sở Y tế", "Sở Nội vụ"]
    );
    // "cơ sở", "trụ sở" are places, not departments.
    assert!(names("Kiểm tra các cơ sở Y tế tư nhân.")
        .iter()
        .all(|n| !n.starts_with("Sở")));
    assert!(names("Sửa chữa trụ sở Tư pháp xã.")
        .iter()
        .all(|n| !n.starts_with("Sở")));
}

#[test]
fn a_department_in_a_heading_in_capitals_is_named_as_usual() {
    assert_eq!(
        names("1. SỞ GIÁO DỤC VÀ ĐÀO TẠO:"),
        ["Sở Giáo dục và Đào tạo"]
    );
    assert_eq!(
        names("Giao SỞ TÀI CHÍNH chủ trì thẩm định."),
        ["Sở Tài chính"]
    );
    // Capitals that name no department stay no unit.
    assert!(names("TOÀN BỘ KẾ HOẠCH NÀY").is_empty());
}
