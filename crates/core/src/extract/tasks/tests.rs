use super::*;

#[test]
fn a_title_repeated_before_each_unit_joins_the_list() {
    let t = ctx_tasks("Bộ trưởng Bộ Tư pháp, Bộ trưởng Bộ Nội vụ chỉ đạo rà soát thủ tục.");
    assert_eq!(leads(&t), ["Bộ Tư pháp", "Bộ Nội vụ"], "{t:?}");
}

#[test]
fn an_item_opening_with_its_own_subject_is_not_its_headings() {
    let t = ctx_tasks("2. Đề nghị Sở Y tế, Sở Tài chính tập trung các việc sau:\n(1) Sở Y tế chỉ đạo các bệnh viện phối hợp với Sở Tài chính rà soát giá dịch vụ.\n(2) Đồng chí Giám đốc Sở Tài chính trực tiếp chỉ đạo thẩm định dự toán.");
    let l = leads(&t);
    assert!(l.iter().filter(|x| *x == "Sở Y tế").count() >= 1, "{t:?}");
    // Each item is its own subject's; the heading's other unit is not added to it.
    for task in &t {
        if task.quote.starts_with("(1)") {
            assert_eq!(task.lead, ["Sở Y tế"], "{t:?}");
        }
        if task.quote.starts_with("(2)") {
            assert_eq!(task.lead, ["Sở Tài chính"], "{t:?}");
        }
    }
}

#[test]
fn every_item_marker_is_stripped_as_it_is_recognised() {
    for (line, rest) in [
        ("a) Sở Y tế kiểm tra", "Sở Y tế kiểm tra"),
        ("đ) Sở Y tế kiểm tra", "Sở Y tế kiểm tra"),
        ("(1) Bộ Y tế chỉ đạo", "Bộ Y tế chỉ đạo"),
        ("(iii) Bộ Y tế chỉ đạo", "Bộ Y tế chỉ đạo"),
        ("- (2) Bộ Công an", "Bộ Công an"),
        ("1.2. Sở Tài chính", "Sở Tài chính"),
        ("II. Nhiệm vụ", "Nhiệm vụ"),
        ("+ Sở Nội vụ", "Sở Nội vụ"),
        ("(Chủ đầu tư) thực hiện", "(Chủ đầu tư) thực hiện"),
    ] {
        assert_eq!(strip_marker(line), rest, "{line}");
        if line.starts_with(['a', 'đ', '(', '-', '+']) && !line.starts_with("(C") {
            assert!(is_item(line), "{line}");
        }
    }
}

#[test]
fn wrapped_lines_are_joined_and_items_kept_apart() {
    let body = "1. Giao Sở Công Thương chủ trì, phối hợp với\ncác cơ quan liên quan kiểm tra thị trường.\n- Một ý.\n- Ý khác";
    let p = paragraphs(body);
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p[0].contains("phối hợp với các cơ quan"));
}

#[test]
fn no_clause_of_a_legal_basis_assigns() {
    let t = ctx_tasks("Căn cứ Luật Ngân sách nhà nước; Thông báo số 5/TB-VP của Tổ giúp việc Ban chỉ đạo tỉnh về chuyển đổi số; Kế hoạch số 9/KH-UBND của Ủy ban nhân dân tỉnh về triển khai thực hiện Đề án;\nGiao Sở Nội vụ rà soát biên chế.");
    assert_eq!(leads(&t), ["Sở Nội vụ"], "{t:?}");
}

#[test]
fn an_opening_basis_that_frames_a_units_work_is_no_citation() {
    let t =
        ctx_tasks("Căn cứ tình hình thực tế, Sở Giáo dục và Đào tạo chủ động điều chỉnh lịch học.");
    assert_eq!(leads(&t), ["Sở Giáo dục và Đào tạo"], "{t:?}");
    let t = ctx_tasks("Căn cứ Quyết định số 12/QĐ-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh, Sở Y tế tổ chức kiểm tra các cơ sở.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
    let t = ctx_tasks("Căn cứ Quyết định số 12/QĐ-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh về việc giao nhiệm vụ cho Sở Y tế.");
    assert!(t.is_empty(), "{t:?}");
}

#[test]
fn a_plans_time_column_of_years_gives_each_row_its_deadline() {
    let t = ctx_tasks("STT\nNhiệm vụ\nChủ trì\nPhối hợp\nThời gian\n1\nXây dựng cơ sở dữ liệu ngành.\nSở Tài chính\nCác sở, ngành\n2026\n2\nPhát triển hạ tầng số.\nSở Khoa học và Công nghệ\nCác sở, ngành\n2025 - 2030\n");
    let due: Vec<_> = t
        .iter()
        .map(|x| {
            x.deadline
                .as_ref()
                .and_then(|d| d.due)
                .map(|d| d.to_string())
        })
        .collect();
    assert_eq!(
        leads(&t),
        ["Sở Tài chính", "Sở Khoa học và Công nghệ"],
        "{t:?}"
    );
    assert_eq!(
        due,
        [
            Some("2026-12-31".to_string()),
            Some("2030-12-31".to_string())
        ],
        "{t:?}"
    );
}

#[test]
fn items_announced_by_a_sentence_are_its_units_duties() {
    let t = ctx_tasks("Ủy ban nhân dân tỉnh yêu cầu Sở Y tế, Sở Tài chính thực hiện các nội dung sau:\n1. Rà soát giá dịch vụ khám bệnh.\n2. Công khai danh mục thuốc.\n3. Báo cáo kết quả trước ngày 30/4/2024.");
    // Per unit: the undated items make one task, the dated one a task of its own.
    assert_eq!(
        leads(&t),
        ["Sở Y tế", "Sở Tài chính", "Sở Y tế", "Sở Tài chính"],
        "{t:?}"
    );
    let undated = t
        .iter()
        .find(|x| x.deadline.is_none())
        .expect("an undated task");
    assert!(undated.content.starts_with("Rà soát"), "{t:?}");
    assert!(undated.quote.contains("Công khai danh mục"), "{t:?}");
    let dated: Vec<_> = t.iter().filter_map(|x| x.deadline.as_ref()?.due).collect();
    assert_eq!(dated.len(), 2, "{t:?}");
}

#[test]
fn an_announcement_whose_items_name_their_own_units_assigns_nothing_itself() {
    let t = ctx_tasks("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành thực hiện các nhiệm vụ sau:\n1. Sở Y tế rà soát giá dịch vụ khám bệnh.\n2. Sở Tài chính bố trí kinh phí.");
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Tài chính"], "{t:?}");
}

#[test]
fn a_unit_followed_by_no_predicate_is_not_the_subject() {
    // A name that goes on past "và" in lower case is read whole, and its verb follows it.
    let t = ctx_tasks("Cục Quản lý nhà và thị trường bất động sản tổ chức kiểm tra.");
    assert_eq!(
        leads(&t),
        ["Cục Quản lý nhà và thị trường bất động sản"],
        "{t:?}"
    );
    // What follows a unit is more of a noun phrase, not work.
    let t = ctx_tasks("Sở Tài chính về việc bố trí kinh phí đã có ý kiến tại Công văn số 12.");
    assert!(t.is_empty(), "{t:?}");
    // A list that goes on after "và", a qualifier, an aside: the subject still works.
    let t = ctx_tasks("Sở Y tế và Sở Tài chính tổ chức kiểm tra.");
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Tài chính"], "{t:?}");
    let t = ctx_tasks("Sở Xây dựng (Chủ đầu tư) khẩn trương hoàn thiện hồ sơ.");
    assert_eq!(leads(&t), ["Sở Xây dựng"], "{t:?}");
    let t = ctx_tasks("Các địa phương trong vùng bão khẩn trương sơ tán dân.");
    assert_eq!(t.len(), 1, "{t:?}");
}

#[test]
fn a_semicolon_among_the_partners_does_not_end_the_clause() {
    let t = ctx_tasks("1. Sở Y tế chủ trì, phối hợp với Sở Tài chính; Sở Nội vụ và Ủy ban nhân dân các huyện rà soát giá dịch vụ.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
    assert_eq!(
        t[0].support,
        ["Sở Tài chính", "Sở Nội vụ", "Ủy ban nhân dân các huyện"],
        "{t:?}"
    );
    assert!(t[0].content.starts_with("rà soát"), "{t:?}");
}

#[test]
fn units_a_lead_directs_or_guides_are_not_leads() {
    let t = ctx_tasks("3. Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Thủy lợi, hướng dẫn Ủy ban nhân dân các xã gia cố đê điều.");
    assert_eq!(leads(&t), ["Sở Nông nghiệp và Môi trường"], "{t:?}");
    let t = ctx_tasks("4. Ủy ban nhân dân các huyện đôn đốc các hợp tác xã thu hoạch lúa; hướng dẫn Hội Nông dân tỉnh vận động nông dân.");
    assert_eq!(leads(&t), ["Ủy ban nhân dân các huyện"], "{t:?}");
}

#[test]
fn a_group_opening_a_sentence_with_a_date_is_tasked() {
    let t = ctx_tasks(
        "Các sở, ngành tỉnh rà soát danh mục dự án, gửi Sở Tài chính trước ngày 15/3/2024.",
    );
    assert_eq!(leads(&t), ["Các sở, ngành tỉnh"], "{t:?}");
    // Without a date, a group and an ordinary verb describe, as plans' objectives do.
    let t = ctx_tasks("Các sở, ngành tỉnh rà soát danh mục dự án.");
    assert!(t.is_empty(), "{t:?}");
}

#[test]
fn how_things_stand_is_no_task() {
    for s in [
        "Đến nay, Sở Tài chính chưa hoàn thành việc thẩm định.",
        "Sở Y tế đang triển khai kiểm tra các cơ sở.",
        "Thời gian qua, Sở Y tế đã tổ chức kiểm tra 120 cơ sở.",
        "Sở Tư pháp chịu trách nhiệm trước Chủ tịch UBND tỉnh về kết quả thẩm định.",
    ] {
        let t = ctx_tasks(s);
        assert!(t.is_empty(), "{s}: {t:?}");
    }
    // A unit that has not yet done it, given a date, is tasked.
    let t = ctx_tasks("Sở Tài chính chưa gửi báo cáo, hoàn thành trước ngày 15/3/2024.");
    assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
    // Accountability that announces duties heads them.
    let t = ctx_tasks("Sở Tư pháp chịu trách nhiệm trước Chủ tịch UBND tỉnh các nội dung sau:\n- Thẩm định văn bản.");
    assert_eq!(leads(&t), ["Sở Tư pháp"], "{t:?}");
}

#[test]
fn a_date_inside_the_purpose_is_not_the_works() {
    let t = ctx_tasks("Để hoàn thành công trình trước ngày 30/11/2024, yêu cầu Sở Xây dựng tập trung chỉ đạo nhà thầu.");
    assert_eq!(leads(&t), ["Sở Xây dựng"], "{t:?}");
    assert!(t[0].deadline.is_none(), "{t:?}");
    let t = ctx_tasks("Để bảo đảm tiến độ, yêu cầu Sở Xây dựng báo cáo trước ngày 30/11/2024.");
    assert_eq!(
        t[0].deadline
            .as_ref()
            .and_then(|d| d.due)
            .map(|d| d.to_string()),
        Some("2024-11-30".into()),
        "{t:?}"
    );
}

#[test]
fn a_sentence_that_only_dates_the_task_before_extends_it() {
    let t = ctx_tasks("Giao Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh. Sở Y tế báo cáo kết quả trước ngày 30/4/2024.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
    let t = ctx_tasks("Giao Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh.\nSở Y tế báo cáo kết quả trước ngày 30/4/2024.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
    assert_eq!(
        t[0].deadline
            .as_ref()
            .and_then(|d| d.due)
            .map(|d| d.to_string()),
        Some("2024-04-30".into()),
        "{t:?}"
    );
    assert!(t[0].content.starts_with("kiểm tra"), "{t:?}");
    // Other work with a date of its own is a task of its own.
    let t = ctx_tasks("Giao Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh. Sở Y tế xây dựng quy chế phối hợp trước ngày 30/4/2024.");
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Y tế"], "{t:?}");
}

#[test]
fn a_section_of_duties_naming_no_unit_is_the_addressees() {
    let body = "Ủy ban nhân dân tỉnh có ý kiến như sau:\nI. Tình hình\nNăm qua, tình hình dịch bệnh diễn biến phức tạp.\nII. Nhiệm vụ, giải pháp\n1. Tăng cường kiểm tra các cơ sở khám bệnh.\n2. Rà soát danh mục thuốc, báo cáo trước ngày 30/4/2024.";
    let t = addressed_tasks(body, &["Sở Y tế"]);
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Y tế"], "{t:?}");
    assert!(t[0].content.starts_with("Tăng cường"), "{t:?}");
    // Without an addressee, nobody is guessed.
    assert!(ctx_tasks(body).is_empty());
}

fn ctx_tasks(body: &str) -> Vec<ExtractedTask> {
    addressed_tasks(body, &[])
}

fn addressed_tasks(body: &str, recipients: &[&str]) -> Vec<ExtractedTask> {
    issued_tasks(body, "Ủy ban nhân dân tỉnh Hậu Giang", recipients)
}

/// The tasks of `body` in a document `issuer` issued to `recipients`.
fn issued_tasks(body: &str, issuer: &str, recipients: &[&str]) -> Vec<ExtractedTask> {
    let cal = crate::calendar::Calendar::shipped().unwrap();
    let ctx = DeadlineContext {
        issued: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
        calendar: &cal,
    };
    let recipients: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
    extract_tasks(body, &ctx, Some(issuer), &recipients)
}

#[test]
fn the_committee_that_assigns_is_not_the_unit_tasked() {
    let t = ctx_tasks("UBND tỉnh giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra các bệnh viện tuyến huyện.");
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].lead, ["Sở Y tế"]);
    assert_eq!(t[0].support, ["Sở Tài chính"]);
}

#[test]
fn numbered_duties_under_a_unit_are_tasks_of_that_unit() {
    let body = "1. Sở Công Thương tiếp tục thực hiện các việc sau:\n(1) Kiểm tra thị trường xăng dầu.\n(2) Báo cáo kết quả trước ngày 30/4/2024.";
    let t = ctx_tasks(body);
    let leads: Vec<&str> = t.iter().map(|x| x.lead[0].as_str()).collect();
    assert!(leads.iter().all(|l| *l == "Sở Công Thương"), "{t:?}");
    assert!(
        t.iter().any(|x| x.deadline.as_ref().and_then(|d| d.due)
            == chrono::NaiveDate::from_ymd_opt(2024, 4, 30)),
        "{t:?}"
    );
}

#[test]
fn a_closing_line_and_a_citation_assign_nothing() {
    assert!(ctx_tasks(
        "Văn phòng UBND tỉnh thông báo để Sở Nội vụ và các cơ quan liên quan biết, thực hiện./."
    )
    .is_empty());
    assert!(ctx_tasks("Căn cứ Công văn của Sở Tài chính về việc phân bổ vốn năm 2024.").is_empty());
}

#[test]
fn sentences_do_not_end_at_abbreviations() {
    let s = sentences("Giao UBND TP. Huế thực hiện. Sở Y tế theo dõi.");
    assert_eq!(s.len(), 2, "{s:?}");
}

fn leads(t: &[ExtractedTask]) -> Vec<String> {
    t.iter().map(|x| x.lead.join(" + ")).collect()
}

fn due(t: &ExtractedTask) -> Option<chrono::NaiveDate> {
    t.deadline.as_ref().and_then(|d| d.due)
}

#[test]
fn the_clauses_of_a_paragraph_are_one_task_until_a_deadline_or_a_new_chu_tri() {
    let t = ctx_tasks("3. Sở Y tế khẩn trương rà soát cơ số thuốc; bổ sung vật tư cho các trạm y tế, hoàn thành trước ngày 30/4/2024; chủ trì, phối hợp với Sở Tài chính lập dự toán kinh phí.");
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Y tế"], "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 30));
    assert_eq!(t[1].support, ["Sở Tài chính"]);
    assert_eq!(due(&t[1]), None);
}

#[test]
fn a_director_told_to_direct_others_is_the_lead() {
    let t = ctx_tasks("2. Giám đốc Sở Nông nghiệp và Môi trường chỉ đạo các trạm khuyến nông hướng dẫn nông dân xuống giống đúng lịch.");
    assert_eq!(leads(&t), ["Sở Nông nghiệp và Môi trường"], "{t:?}");
}

#[test]
fn a_units_duties_with_no_date_are_one_block() {
    let t = ctx_tasks("1. Sở Xây dựng:\na) Rà soát các công trình xuống cấp.\nb) Hướng dẫn các huyện lập hồ sơ sửa chữa.\n2. Sở Tài chính:\na) Cân đối nguồn vốn sửa chữa.\nb) Báo cáo UBND tỉnh trước ngày 15/5/2024.");
    assert_eq!(
        leads(&t),
        ["Sở Xây dựng", "Sở Tài chính", "Sở Tài chính"],
        "{t:?}"
    );
    // A dated duty in the list keeps each duty a task of its own.
    assert_eq!(due(&t[2]), chrono::NaiveDate::from_ymd_opt(2024, 5, 15));
}

#[test]
fn groups_named_together_are_one_lead_as_written() {
    let t = ctx_tasks("Giao các sở, ban, ngành và UBND các huyện, thị xã, thành phố tổ chức kiểm tra an toàn thực phẩm.");
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].lead.len(), 1, "{t:?}");
    assert!(t[0].lead[0].contains(" và UBND các huyện"), "{t:?}");
}

#[test]
fn a_groups_members_in_parentheses_lead_each_their_own_task() {
    let t = ctx_tasks(
        "1. Các cơ quan chuyên môn (Sở Y tế, Sở Nội vụ) có trách nhiệm tổng hợp số liệu hằng quý.",
    );
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Nội vụ"], "{t:?}");
}

#[test]
fn what_was_assigned_before_done_or_attended_is_not_a_task() {
    for s in [
        "UBND huyện đã giao Phòng Nội vụ rà soát hồ sơ của các xã.",
        "Tuyến đường được sửa chữa năm 2020 do Sở Giao thông Vận tải làm chủ đầu tư.",
        "Cùng dự họp có lãnh đạo Sở Tài chính, Sở Xây dựng.",
        "Yêu cầu Giám đốc các sở và Chủ tịch UBND các huyện triển khai thực hiện./.",
        "Thay mặt UBND tỉnh, biểu dương Sở Y tế đã chủ động phòng chống dịch.",
    ] {
        assert!(ctx_tasks(s).is_empty(), "{s}: {:?}", ctx_tasks(s));
    }
}

#[test]
fn an_items_topic_names_no_lead() {
    let t =
        ctx_tasks("2. Về đề nghị của UBND huyện Phong Điền: giao Sở Tài chính xem xét, trả lời.");
    assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
}

#[test]
fn units_the_work_concerns_are_not_leads() {
    let t = ctx_tasks("Giao Sở Công Thương làm việc với Công ty Điện lực tỉnh và các nhà đầu tư để thống nhất phương án cấp điện, báo cáo trước ngày 20/3/2024.");
    assert_eq!(leads(&t), ["Sở Công Thương"], "{t:?}");
}

#[test]
fn a_citation_opens_a_sentence_but_a_document_cited_in_the_work_does_not_silence_it() {
    assert!(ctx_tasks("Căn cứ đề nghị của Sở Nội vụ tại Tờ trình số 12/TTr-SNV.").is_empty());
    let t = ctx_tasks(
        "Sở Văn hóa và Thể thao nghiên cứu, xem xét đề nghị của UBND huyện A tại văn bản nêu trên.",
    );
    assert_eq!(leads(&t), ["Sở Văn hóa và Thể thao"], "{t:?}");
}

#[test]
fn a_plan_table_gives_a_task_per_row() {
    let t = ctx_tasks("III. Nhiệm vụ cụ thể\nTT\nNội dung\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian thực hiện\n1\nXây dựng cơ sở dữ liệu giá đất\nSở Nông nghiệp và Môi trường\nSở Tài chính\nQuý III/2024\n2\nTuyên truyền về giá đất\nĐài Phát thanh và Truyền hình tỉnh\nThường xuyên");
    assert_eq!(
        leads(&t),
        [
            "Sở Nông nghiệp và Môi trường",
            "Đài Phát thanh và Truyền hình tỉnh"
        ],
        "{t:?}"
    );
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 9, 30));
    assert_eq!(t[0].support, ["Sở Tài chính"]);
    assert_eq!(due(&t[1]), None);
}

#[test]
fn a_lead_field_names_its_leads_even_names_no_lexicon_knows() {
    // Enterprises, local branches: the field is there to say who leads, so each listed name
    // leads a task of its own.
    let t = ctx_tasks("2. Lắp đặt trạm phát sóng tại các thôn vùng cao.\n- Đơn vị chủ trì: Mobifone Lai Châu, Công ty Điện lực Lai Châu\n- Thời gian hoàn thành: Năm 2027");
    assert_eq!(
        leads(&t),
        ["Mobifone Lai Châu", "Công ty Điện lực Lai Châu"],
        "{t:?}"
    );
    assert_eq!(due(&t[1]), chrono::NaiveDate::from_ymd_opt(2027, 12, 31));
    assert!(t[0].content.starts_with("Lắp đặt trạm"), "{t:?}");
    // A lead field that goes on with work in lower case is no list of names.
    assert_eq!(
        crate::extract::units::name_list("Sở Tài chính phối hợp thực hiện"),
        None
    );
}

#[test]
fn a_list_run_into_one_line_is_read_item_by_item() {
    let t = ctx_tasks("Chủ tịch UBND tỉnh chỉ đạo: 1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát quy chế, báo cáo trước ngày 10/4/2024. 2. Sở Y tế kiểm tra các phòng khám tư nhân.");
    assert_eq!(leads(&t), ["Sở Nội vụ", "Sở Y tế"], "{t:?}");
    assert_eq!(t[0].support, ["Sở Tư pháp"]);
    assert!(t[0].content.starts_with("rà soát quy chế"), "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 10));
}

#[test]
fn work_asked_of_the_reader_goes_to_the_documents_recipients() {
    let t = addressed_tasks(
        "Đề nghị Quý cơ quan rà soát số liệu tiêm chủng của các trạm y tế, báo cáo trước ngày 20/5/2024.",
        &["Sở Y tế"],
    );
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 5, 20));
    let t = addressed_tasks(
        "Chủ tịch UBND tỉnh yêu cầu:\n1. Rà soát cơ sở vật chất các trường học.\n2. Bố trí đủ giáo viên.",
        &["Sở Giáo dục và Đào tạo", "UBND các huyện"],
    );
    // Numbered conclusions under an intro are each a task of each recipient.
    assert_eq!(
        leads(&t),
        [
            "Sở Giáo dục và Đào tạo",
            "UBND các huyện",
            "Sở Giáo dục và Đào tạo",
            "UBND các huyện"
        ],
        "{t:?}"
    );
    // With no recipient known, nobody is guessed.
    assert!(addressed_tasks("Đề nghị Quý cơ quan rà soát số liệu.", &[]).is_empty());
}

#[test]
fn groups_addressed_by_a_numbered_item_are_tasked_and_the_closing_offer_is_not() {
    let t = ctx_tasks("3. Các sở, ban, ngành, UBND các huyện: xây dựng kế hoạch của đơn vị, gửi Sở Nội vụ trước ngày 30/4/2024.\nTrong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Nội vụ.");
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 30));
}

#[test]
fn shorthand_lists_joined_by_a_semicolon_all_lead() {
    let t = ctx_tasks("Giao các Sở: Tài chính, Xây dựng; UBND các huyện: Phong Điền, Quảng Điền rà soát các dự án chậm tiến độ, báo cáo UBND tỉnh trước ngày 15/4/2024.");
    assert_eq!(
        leads(&t),
        [
            "Sở Tài chính",
            "Sở Xây dựng",
            "UBND huyện Phong Điền",
            "UBND huyện Quảng Điền"
        ],
        "{t:?}"
    );
    assert!(t.iter().all(|x| x.content.starts_with("rà soát")), "{t:?}");
}

#[test]
fn the_work_after_a_leading_deadline_is_the_content() {
    let t = ctx_tasks("Giao Sở Y tế trong thời hạn 10 ngày làm việc kể từ ngày ký văn bản này, tổng hợp nhu cầu vắc xin.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
    assert!(t[0].content.starts_with("tổng hợp nhu cầu"), "{t:?}");
    // Ten working days from Friday 1 March 2024.
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 3, 15));
}

#[test]
fn an_intro_that_only_speaks_hands_its_duties_to_the_recipients() {
    let t = addressed_tasks(
        "Thực hiện Chỉ thị của Bộ trưởng Bộ Y tế, Chủ tịch UBND tỉnh chỉ thị:\n1. Giám đốc Sở Y tế:\na) Giám sát các ca bệnh.\nb) Bảo đảm thuốc, vật tư.\n2. Tăng cường tuyên truyền.",
        &["Sở Y tế", "UBND các huyện"],
    );
    // The ministry whose directive is cited is not tasked; the titled heading leads its block.
    assert!(!leads(&t).iter().any(|l| l.contains("Bộ Y tế")), "{t:?}");
    assert_eq!(leads(&t)[0], "Sở Y tế", "{t:?}");
}

#[test]
fn a_sentence_of_what_was_done_is_no_task_and_keeps_the_heading() {
    let t = ctx_tasks("1. Sở Xây dựng:\na) Rà soát nhà ở xuống cấp. Trong tháng, các xã đã sửa chữa 12 căn nhà.\nb) Báo cáo kết quả trước ngày 30/6/2024.");
    assert_eq!(leads(&t), ["Sở Xây dựng", "Sở Xây dựng"], "{t:?}");
    assert!(
        !t.iter()
            .any(|x| x.content.contains("đã sửa chữa") && x.quote.starts_with("Trong tháng")),
        "{t:?}"
    );
}

#[test]
fn a_meetings_framing_is_read_whole_and_assigns_nothing() {
    let t = ctx_tasks("Ngày 25/3/2024, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp về giải ngân vốn; tham dự có Sở Tài chính; Kho bạc Nhà nước tỉnh; các Ban Quản lý dự án.\n1. Giao Sở Tài chính rà soát các dự án chậm giải ngân.");
    assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
    assert!(t[0].content.starts_with("rà soát"), "{t:?}");
}

#[test]
fn an_approval_or_the_provinces_own_committee_is_not_tasked() {
    assert!(
        ctx_tasks("1. Đồng ý với nội dung báo cáo của Sở Công Thương về quản lý chợ.").is_empty()
    );
    assert!(ctx_tasks(
        "Văn phòng UBND tỉnh truyền đạt ý kiến của Chủ tịch UBND tỉnh về việc tổ chức lễ kỷ niệm."
    )
    .is_empty());
}

#[test]
fn units_the_lead_is_told_to_direct_are_not_leads_of_their_own() {
    let t = ctx_tasks("Chủ tịch UBND huyện Nam Đông chỉ đạo các phòng chức năng kiểm tra bến bãi; đồng thời chỉ đạo Công an huyện xử lý nghiêm vi phạm, báo cáo trước ngày 10/5/2024.");
    assert_eq!(leads(&t), ["UBND huyện Nam Đông"], "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 5, 10));
}

#[test]
fn the_issuer_and_what_it_issued_are_not_tasks() {
    let cal = crate::calendar::Calendar::shipped().unwrap();
    let ctx = DeadlineContext {
        issued: chrono::NaiveDate::from_ymd_opt(2024, 4, 1),
        calendar: &cal,
    };
    let report = "UBND huyện Phú Lộc báo cáo kết quả thực hiện quý I như sau: UBND huyện Phú Lộc đã kiểm tra 5 xã.";
    assert!(extract_tasks(report, &ctx, Some("UBND huyện Phú Lộc"), &[]).is_empty());
    assert!(ctx_tasks("Ngày 02/01/2025, UBND tỉnh Quảng Bình ban hành Công văn số 15/UBND-NC về việc triển khai Nghị định.").is_empty());
    assert!(ctx_tasks("Yêu cầu các sở, ngành nghiêm túc thực hiện Công điện này./.").is_empty());
}

#[test]
fn the_province_a_notice_is_about_is_tasked_through_its_committee() {
    let t = ctx_tasks("Phó Thủ tướng làm việc với lãnh đạo tỉnh Kon Tum về phát triển kinh tế. Tỉnh Kon Tum đã đạt nhiều kết quả.\nTrong thời gian tới, Tỉnh tập trung rà soát các quy hoạch theo thẩm quyền.\n2. Về đường cao tốc: tỉnh Kon Tum chủ động làm việc với Bộ Xây dựng để thống nhất phương án.");
    assert_eq!(
        leads(&t),
        [
            "Ủy ban nhân dân tỉnh Kon Tum",
            "Ủy ban nhân dân tỉnh Kon Tum"
        ],
        "{t:?}"
    );
}

#[test]
fn an_items_own_subject_wins_past_its_framing_and_when_it_is_a_group() {
    let t = ctx_tasks("2. Sở Y tế:\n- Trên cơ sở kết quả khảo sát, Sở Xây dựng chủ trì, phối hợp Sở Tài chính lập phương án.\n- Các bệnh viện tuyến tỉnh tập trung khám chữa bệnh theo phân tuyến.\n- Tăng cường kiểm tra.");
    let l = leads(&t);
    assert!(l.contains(&"Sở Xây dựng".to_string()), "{t:?}");
    assert!(!l.contains(&"Sở Tài chính".to_string()), "{t:?}");
    assert!(l.contains(&"Các bệnh viện tuyến tỉnh".to_string()), "{t:?}");
    assert!(l.contains(&"Sở Y tế".to_string()), "{t:?}");
}

#[test]
fn an_announcement_after_background_in_its_paragraph_still_heads_its_items() {
    let t = ctx_tasks("Mưa lớn gây ngập nhiều nơi. Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Sở Y tế, Sở Xây dựng tập trung các nhiệm vụ sau:\n1. Sở Y tế bảo đảm thuốc men.\n2. Sở Xây dựng bảo đảm giao thông.");
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Xây dựng"], "{t:?}");
}

#[test]
fn a_unit_a_preposition_governs_is_never_the_one_who_works() {
    // "với", "giữa", "cho", "đến": the units are the partners or the objects, with the list they open.
    for s in [
        "Tăng cường hợp tác, chuyển giao công nghệ với các viện, trường đại học trong nước.",
        "Kết quả quan trắc được thông báo kịp thời đến các địa phương, cơ sở nuôi trồng thủy sản trong vùng.",
        "Bảo đảm sự phối hợp chặt chẽ giữa các sở, ban, ngành trong quá trình thực hiện.",
        "Phối hợp với các cơ quan Trung ương, Bộ Tài chính trong việc chỉ đạo kiểm kê tài sản.",
        "Hỗ trợ kịp thời tại các địa phương, đơn vị bị thiệt hại nặng.",
    ] {
        let t = ctx_tasks(s);
        assert!(t.is_empty(), "{s}: {t:?}");
    }
    // "giao cho" hands the work over; "đối với" names the subject; "cùng với" adds one.
    let t = ctx_tasks("Giao cho Sở Xây dựng kiểm tra chất lượng công trình.");
    assert_eq!(leads(&t), ["Sở Xây dựng"], "{t:?}");
    let t = ctx_tasks("Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát giá dịch vụ.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
    assert_eq!(t[0].support, ["Sở Tài chính"], "{t:?}");
}

#[test]
fn a_heading_that_says_whose_duties_follow_owns_them_even_when_no_unit_we_know() {
    let t = ctx_tasks("1. Trách nhiệm của Sở Xây dựng:\n- Hướng dẫn các chủ đầu tư lập hồ sơ.\n2. Nhiệm vụ của các tổ chức được cấp phép (kể cả chi nhánh):\n- Lập sổ theo dõi khai thác. Thời hạn hoàn thành: Trước ngày 15/12/2025.\n- Gửi số liệu cho cơ quan cấp phép.");
    let l = leads(&t);
    assert!(l.contains(&"Sở Xây dựng".to_string()), "{t:?}");
    let owned: Vec<_> = t
        .iter()
        .filter(|x| x.lead == ["các tổ chức được cấp phép"])
        .collect();
    assert_eq!(owned.len(), 2, "{t:?}");
    assert!(owned.iter().any(|x| x.deadline.as_ref().and_then(|d| d.due)
        == Some(chrono::NaiveDate::from_ymd_opt(2025, 12, 15).unwrap())));
    // A sentence that only mentions someone's duties heads nothing.
    let owner = |t: &str| duty_owner(t, &lower_in_place(t)).map(str::to_string);
    assert_eq!(owner("Thực hiện theo nhiệm vụ của Sở Y tế."), None);
    assert_eq!(
        owner("a) Trách nhiệm của Bộ Công an").as_deref(),
        Some("Bộ Công an")
    );
}

#[test]
fn a_heading_naming_an_office_in_a_body_tasks_the_office_holder() {
    let t = ctx_tasks("1. Trưởng Ban Chỉ đạo\n- Điều hành chung công tác phòng chống thiên tai.\n2. Giám đốc Sở Y tế:\n- Chỉ đạo các bệnh viện sẵn sàng thu dung người bệnh.");
    assert_eq!(leads(&t), ["Trưởng Ban Chỉ đạo", "Sở Y tế"], "{t:?}");
}
#[test]
fn an_authority_handed_work_is_tasked_member_by_member_when_spelled_out() {
    let s = "Thủ tướng Chính phủ yêu cầu:\n14. Phân công các đồng chí Phó Thủ tướng Chính phủ trực tiếp chỉ đạo công tác khắc phục hậu quả mưa lũ tại các địa phương, cụ thể: Phó Thủ tướng Nguyễn Văn An tại tỉnh Quảng Trị, Phó Thủ tướng Trần Văn Bình tại tỉnh Huế.\n15. Giao Phó Thủ tướng Lê Văn Cường trực tiếp chỉ đạo việc sơ tán dân.";
    let t = ctx_tasks(s);
    assert_eq!(
        leads(&t),
        [
            "Phó Thủ tướng Nguyễn Văn An",
            "Phó Thủ tướng Trần Văn Bình",
            "Phó Thủ tướng Lê Văn Cường"
        ],
        "{t:?}"
    );
    assert!(t[0].content.ends_with("tại tỉnh Quảng Trị"), "{t:?}");
    assert!(t[1].content.ends_with("tại tỉnh Huế"), "{t:?}");
    // An authority that is not handed work still speaks.
    let t = ctx_tasks("Phó Thủ tướng Lê Văn Cường chỉ đạo Sở Y tế kiểm tra ngay.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
}

#[test]
fn a_headings_emphasis_names_no_addressee_of_its_own() {
    let t = ctx_tasks("1. Chủ tịch Ủy ban nhân dân các tỉnh từ Quảng Trị đến Khánh Hòa, trong đó trọng tâm là các tỉnh Quảng Ngãi, Gia Lai:\na) Tổ chức sơ tán dân khỏi khu vực nguy hiểm.\nb) Bố trí lực lượng trực tại các hồ chứa.");
    assert!(!t.is_empty(), "{t:?}");
    for task in &t {
        assert_eq!(task.lead.len(), 1, "{t:?}");
        assert!(task.lead[0].contains("từ Quảng Trị đến Khánh Hòa"), "{t:?}");
    }
}

#[test]
fn an_inline_run_of_roman_items_is_a_list_under_its_sentence() {
    let t = ctx_tasks("6. Bộ Xây dựng chủ trì, phối hợp với các địa phương: (i) bảo đảm giao thông thông suốt; (ii) khắc phục nhanh các điểm sạt lở; (iii) báo cáo kết quả trước ngày 05/3/2024.");
    // The partner announced with the lead is no lead of the items.
    assert!(t.iter().all(|x| x.lead == ["Bộ Xây dựng"]), "{t:?}");
    // The dated item is a task of its own; the undated ones are one block.
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(
        t.iter()
            .any(|x| due(x) == chrono::NaiveDate::from_ymd_opt(2024, 3, 5)),
        "{t:?}"
    );
}

#[test]
fn roman_numerals_inside_a_phrase_list_the_objects_of_one_task() {
    // "(i)" goes on from a word: the projects are what the one task is about, and the date at
    // the end is that task's.
    let t = ctx_tasks("2. Sở Tài chính tham mưu bố trí vốn cho các công trình (i) kè sông Đáy; (ii) cầu Phú Lý; (iii) chợ đầu mối; báo cáo UBND tỉnh trước ngày 15/8/2026.");
    assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2026, 8, 15));
}

#[test]
fn a_preamble_under_a_units_heading_frames_its_duty_and_what_it_directs_is_its_object() {
    let t = ctx_tasks("2. Sở Tài chính\nCăn cứ khả năng cân đối ngân sách, tham mưu bố trí kinh phí thực hiện Kế hoạch.\n3. Sở Giáo dục và Đào tạo\nCăn cứ chức năng, nhiệm vụ, chỉ đạo các trường phổ thông lồng ghép nội dung giáo dục dân số.");
    assert_eq!(
        leads(&t),
        ["Sở Tài chính", "Sở Giáo dục và Đào tạo"],
        "{t:?}"
    );
}

#[test]
fn an_items_own_subject_after_an_opening_clause_wins_over_its_heading() {
    let t = ctx_tasks("3. Yêu cầu các bộ, ngành thực hiện các nhiệm vụ sau:\n(1) Giao Bộ Tài chính rà soát nguồn vốn.\n(2) Sau khi Đề án được phê duyệt, các địa phương chủ động rà soát, bố trí vốn đối ứng.\n(3) Tham mưu phân công nhiệm vụ cho Ban Chỉ đạo, các cơ quan, đơn vị triển khai thực hiện.");
    assert!(t.iter().any(|x| x.lead == ["các địa phương"]), "{t:?}");
    assert!(t.iter().all(|x| x.lead != ["các cơ quan, đơn vị"]), "{t:?}");
}

#[test]
fn a_call_to_carry_out_that_says_only_how_is_no_task() {
    for s in [
        "Các cơ quan, đơn vị được giao nhiệm vụ tập trung nguồn lực, đảm bảo tiến độ được giao./.",
        "Các sở, ban, ngành khẩn trương triển khai thực hiện Kế hoạch một cách khoa học, đồng bộ, hiệu quả.",
    ] {
        let t = ctx_tasks(s);
        assert!(t.is_empty(), "{s}: {t:?}");
    }
    // Saying what is to be done keeps the task.
    let t = ctx_tasks("Các sở, ban, ngành khẩn trương rà soát các thủ tục hành chính.");
    assert_eq!(t.len(), 1, "{t:?}");
}

#[test]
fn an_item_in_which_the_issuer_speaks_of_itself_is_no_duty_of_the_heading() {
    let body = "Ủy ban nhân dân huyện yêu cầu:\n1. UBND các xã rà soát danh sách hộ nghèo.\n2. UBND huyện sẽ tổ chức kiểm tra việc thực hiện.";
    let t = issued_tasks(
        body,
        "UBND huyện Mộ Đức",
        &["Các cơ quan, đơn vị thuộc huyện"],
    );
    assert_eq!(leads(&t), ["UBND các xã"], "{t:?}");
}

#[test]
fn a_list_with_a_member_of_a_kind_we_knew_less_well_stays_one_list() {
    let t =
        ctx_tasks("Giao Sở Tài chính, Kho bạc Nhà nước khu vực XII, Sở Xây dựng rà soát hồ sơ.");
    assert_eq!(
        leads(&t),
        [
            "Sở Tài chính",
            "Kho bạc Nhà nước khu vực XII",
            "Sở Xây dựng"
        ],
        "{t:?}"
    );
    let t =
        ctx_tasks("Đề nghị Tòa án nhân dân tỉnh, Viện Kiểm sát nhân dân tỉnh phối hợp thực hiện.");
    assert_eq!(
        leads(&t),
        ["Tòa án nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh"],
        "{t:?}"
    );
    // A group whose members follow a colon: the members lead, not the group too.
    let t = ctx_tasks("Các đơn vị: Sở Y tế, Trung tâm Kiểm soát bệnh tật tổ chức trực 24/24.");
    assert_eq!(
        leads(&t),
        ["Sở Y tế", "Trung tâm Kiểm soát bệnh tật"],
        "{t:?}"
    );
}

#[test]
fn a_list_of_addressees_a_pdf_wrapped_after_a_semicolon_stays_one_paragraph() {
    let body = "Đề nghị các cơ quan chuyên môn, cơ quan hành chính khác thuộc Ủy ban nhân dân tỉnh;\nVăn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh: hoàn thành việc đánh giá trước ngày 05/12/2024.";
    let p = paragraphs(body);
    assert_eq!(p.len(), 1, "{p:?}");
    // A semicolon on a short line still ends its paragraph ("Căn cứ …;" bases).
    let p = paragraphs("Căn cứ Luật Đầu tư;\nCăn cứ Nghị định số 31/2021/NĐ-CP;");
    assert_eq!(p.len(), 2, "{p:?}");
}

#[test]
fn a_conclusion_the_governments_office_issues_gives_its_subjectless_solutions_to_the_province() {
    let body = "Kết luận của Phó Thủ tướng tại buổi làm việc với tỉnh Kon Tum\nNgày 02/02/2024, Phó Thủ tướng đã làm việc với lãnh đạo tỉnh Kon Tum. Năm 2023, kinh tế tỉnh Kon Tum tăng trưởng khá.\nII. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI\n1. Rà soát, hoàn thiện quy hoạch vùng nguyên liệu dược liệu.\nIII. VỀ KIẾN NGHỊ CỦA TỈNH\n1. Giao Bộ Y tế hướng dẫn thủ tục cấp phép.";
    let t = issued_tasks(body, "Văn phòng Chính phủ", &[]);
    assert_eq!(
        leads(&t),
        ["Ủy ban nhân dân tỉnh Kon Tum", "Bộ Y tế"],
        "{t:?}"
    );
    // A department's letter about a province is no Government's voice: nobody is read in.
    let t = issued_tasks(body, "Sở Tài chính tỉnh Gia Lai", &[]);
    assert_eq!(leads(&t), ["Bộ Y tế"], "{t:?}");
}

#[test]
fn nothing_under_a_plans_purpose_or_targets_assigns_until_the_next_part() {
    let body = "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao nhận thức của cán bộ về chuyển đổi số.\n2. Yêu cầu\n- Các sở, ban, ngành chủ động xây dựng kế hoạch, bảo đảm tiến độ.\nII. MỤC TIÊU\n1. Mục tiêu đến năm 2026: 100% hồ sơ được số hóa.\nIII. NHIỆM VỤ\n1. Sở Nội vụ chủ trì rà soát hồ sơ, hoàn thành trong tháng 6/2024.";
    let t = ctx_tasks(body);
    assert_eq!(leads(&t), ["Sở Nội vụ"], "{t:?}");
    // Numbered parts: "2. Nhiệm vụ" at the depth of "1. Mục đích, yêu cầu" ends it.
    let body = "1. Mục đích, yêu cầu: bảo đảm đồng bộ.\n- Các sở phối hợp chặt chẽ.\n2. Nhiệm vụ\n- Sở Y tế kiểm tra an toàn thực phẩm.";
    assert_eq!(leads(&ctx_tasks(body)), ["Sở Y tế"]);
}

#[test]
fn requirements_alone_head_work_not_background() {
    let t = ctx_tasks(
        "III. YÊU CẦU ĐỐI VỚI CÁC SỞ\n1. Sở Tài chính bố trí kinh phí trong tháng 5/2024.",
    );
    assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
    // A sentence that opens with "Yêu cầu" is no title.
    assert!(!is_background_title(
        "2. yêu cầu các sở khẩn trương rà soát."
    ));
    assert!(is_background_title("ii. mục đích, yêu cầu"));
    assert!(is_background_title("1. mục tiêu cụ thể"));
    assert!(!is_background_title(
        "1. mục tiêu của sở y tế là triển khai thực hiện đề án ngay"
    ));
}

#[test]
fn a_numbered_title_whose_items_name_their_own_units_is_no_task() {
    let body = "II. NHIỆM VỤ, GIẢI PHÁP\n1. Hoàn thiện thể chế, chính sách\n- Sở Tư pháp chủ trì rà soát văn bản quy phạm pháp luật.\n- Sở Tài chính bố trí kinh phí.\n2. Phát triển nguồn nhân lực\n- Tổ chức đào tạo kỹ năng số cho cán bộ.";
    let t = addressed_tasks(body, &["Các sở, ban, ngành tỉnh"]);
    assert_eq!(
        leads(&t),
        ["Sở Tư pháp", "Sở Tài chính", "Các sở, ban, ngành tỉnh"],
        "{t:?}"
    );
    // The second title's item names no unit: title and item are the addressee's one task.
    assert!(t[2].quote.contains("Phát triển nguồn nhân lực"), "{t:?}");
    assert!(t[2].quote.contains("đào tạo kỹ năng số"), "{t:?}");
}

#[test]
fn units_that_open_a_sentence_and_are_given_a_date_are_given_work_whatever_the_verb() {
    let t = ctx_tasks("Các đơn vị gửi hồ sơ về Sở Nội vụ trước ngày 15/4/2024.");
    assert_eq!(leads(&t), ["Các đơn vị"], "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 15));
    // Without a date, an ordinary verb describes; it does not assign.
    assert!(ctx_tasks("Các đơn vị gửi hồ sơ về Sở Nội vụ.").is_empty());
}

#[test]
fn the_first_item_of_a_shorthand_list_after_phoi_hop_voi_is_a_partner_too() {
    for s in [
        "Phối hợp với các Bộ Tư pháp, Tài chính nghiên cứu mô hình giao dịch điện tử.",
        "Phối hợp với các Bộ: Tư pháp, Tài chính nghiên cứu mô hình giao dịch điện tử.",
    ] {
        let t = ctx_tasks(s);
        assert!(t.is_empty(), "{s}: {t:?}");
    }
}

#[test]
fn an_item_under_a_heading_that_opens_with_a_list_gives_every_unit_of_it_work() {
    let body = "Ủy ban nhân dân tỉnh giao nhiệm vụ cụ thể như sau:\n- Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh: Chuẩn bị lực lượng ứng cứu.\n- UBND huyện Sơn Tịnh, UBND huyện Tư Nghĩa khẩn trương di dời dân, phối hợp với Sở Y tế.";
    let t = addressed_tasks(body, &["Các sở, ban, ngành tỉnh"]);
    assert_eq!(
        leads(&t),
        [
            "Công an tỉnh",
            "Bộ Chỉ huy Quân sự tỉnh",
            "UBND huyện Sơn Tịnh",
            "UBND huyện Tư Nghĩa"
        ],
        "{t:?}"
    );
}

#[test]
fn a_line_that_only_says_when_dates_the_work_before_it() {
    let t = ctx_tasks("8. Sở Y tế hướng dẫn các bệnh viện bố trí giường bệnh.\nThời hạn hoàn thành trước ngày 15/4/2024.\n9. Sở Công Thương tổng hợp tình hình thị trường.");
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Công Thương"], "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 15));
    assert_eq!(due(&t[1]), None);
}

#[test]
fn a_sentence_of_its_own_that_opens_with_units_gives_them_its_work() {
    let t =
        ctx_tasks("Tình hình diễn biến phức tạp.\n\nSở Công Thương tổng hợp tình hình thị trường.");
    assert_eq!(leads(&t), ["Sở Công Thương"], "{t:?}");
    // What a unit is or what became of it is no work.
    assert!(ctx_tasks("Sở Y tế đã tổng hợp tình hình.").is_empty());
}

#[test]
fn a_text_wrapped_on_a_narrow_page_joins_its_lines_as_a_wide_one_does() {
    // A page of about 45 characters a line: a line that stops short of 60 characters before a
    // capital ("… phối hợp với" / "Sở Tài chính …") is no heading there.
    let narrow = "1. Giao Sở Nông nghiệp và Môi trường chủ trì,\nphối hợp với Sở Tài chính, Sở Xây dựng và\nỦy ban nhân dân các huyện rà soát các công\ntrình thủy lợi trên địa bàn, hoàn thành\ntrước ngày 30/4/2024.\n2. Sở Y tế chủ trì, phối hợp với\nSở Giáo dục và Đào tạo kiểm tra an toàn\nthực phẩm tại các trường học trên địa bàn\ntỉnh, báo cáo kết quả trước ngày 15/5/2024.\n3. Sở Công Thương theo dõi diễn biến giá cả\nthị trường, kịp thời báo cáo đề xuất với\nỦy ban nhân dân tỉnh các giải pháp bình ổn.";
    let t = ctx_tasks(narrow);
    assert_eq!(
        leads(&t),
        ["Sở Nông nghiệp và Môi trường", "Sở Y tế", "Sở Công Thương"],
        "{t:?}"
    );
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 30));
    assert_eq!(due(&t[1]), chrono::NaiveDate::from_ymd_opt(2024, 5, 15));
}

#[test]
fn a_shorthand_list_wrapped_after_its_colon_keeps_its_names() {
    let body = "Sở Xây dựng khẩn trương làm việc với các địa phương, báo cáo trước ngày 03/12/2024. Ủy ban nhân dân các tỉnh:\nNinh Bình, Bắc Ninh đẩy nhanh các thủ tục hỗ trợ cung ứng vật liệu xây dựng.";
    let t = issued_tasks(body, "Văn phòng Chính phủ", &[]);
    assert_eq!(
        leads(&t),
        [
            "Sở Xây dựng",
            "Ủy ban nhân dân tỉnh Ninh Bình",
            "Ủy ban nhân dân tỉnh Bắc Ninh"
        ],
        "{t:?}"
    );
    // A colon that announces items still ends its paragraph.
    let p = paragraphs("Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành thực hiện các việc sau:\n1. Rà soát hồ sơ.");
    assert_eq!(p.len(), 2, "{p:?}");
}

#[test]
fn a_sentence_of_the_same_units_and_only_a_date_finishes_their_task() {
    // (The body's acronyms are written out before: "Ban QLDA 85" reads as the full name here.)
    let t = ctx_tasks("3. Giao Ban Quản lý dự án 85 lập báo cáo khả thi. Ban Quản lý dự án 85 hoàn thành trước ngày 30/4/2024.");
    assert_eq!(leads(&t), ["Ban Quản lý dự án 85"], "{t:?}");
    assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 30));
    assert!(t[0].content.contains("lập báo cáo"), "{t:?}");
}

#[test]
fn an_adverbial_between_the_unit_and_its_work_makes_one_task() {
    // "trên cơ sở …;" says how the district will work; the work is after the semicolon.
    let t = ctx_tasks("Giao UBND huyện Sơn Hà trên cơ sở kết quả kiểm đếm của tổ công tác và hiện trạng sử dụng đất; chủ trì, phối hợp với Sở Xây dựng lập phương án bồi thường, trình UBND tỉnh trước ngày 15/3/2026.");
    assert_eq!(leads(&t), ["UBND huyện Sơn Hà"], "{t:?}");
    assert_eq!(t[0].support, ["Sở Xây dựng"], "{t:?}");
    assert!(t[0].content.contains("lập phương án"), "{t:?}");
    // A clause after the semicolon that names its own subject is that subject's task.
    let t = ctx_tasks("Giao Sở Tài chính trên cơ sở đề xuất của các địa phương; Sở Xây dựng kiểm tra hồ sơ thiết kế.");
    assert!(leads(&t).contains(&"Sở Xây dựng".to_string()), "{t:?}");
}

#[test]
fn a_dispatchs_subjects_run_on_past_a_semicolon_and_titles() {
    // The ministries of a shorthand list, then after the semicolon the titles of another unit:
    // all of them are the subject, and the work is what follows the whole list.
    let t = ctx_tasks("Bộ trưởng các Bộ: Quốc phòng, Công an, Xây dựng; Bí thư, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố ven biển tập trung chỉ đạo ứng phó với mưa lũ.");
    let l = leads(&t);
    for unit in ["Bộ Quốc phòng", "Bộ Công an", "Bộ Xây dựng"] {
        assert!(l.contains(&unit.to_string()), "{unit}: {t:?}");
    }
    assert!(
        l.iter().any(|u| u.starts_with("Ủy ban nhân dân các tỉnh")),
        "{t:?}"
    );
    assert!(!l.iter().any(|u| u.contains("Bí thư")), "{t:?}");
    for task in &t {
        assert!(task.content.starts_with("tập trung chỉ đạo"), "{t:?}");
    }
}

#[test]
fn what_a_unit_is_given_or_has_not_done_is_no_task() {
    // Passive: the district is given money, it is not told to do anything.
    let t = ctx_tasks("Theo đó, UBND huyện Ba Tơ được phân bổ 450 triệu đồng để mua sắm thiết bị.");
    assert!(t.is_empty(), "{t:?}");
    // "được giao" hands work over.
    let t = ctx_tasks("Theo đó, Sở Xây dựng được giao chủ trì thẩm định hồ sơ.");
    assert_eq!(leads(&t), ["Sở Xây dựng"], "{t:?}");
    // A connective before "đến nay" still opens a report of how things stand.
    let t =
        ctx_tasks("Tuy nhiên, đến nay qua kiểm tra, rà soát Sở Tài chính chưa trình phương án.");
    assert!(t.is_empty(), "{t:?}");
}

#[test]
fn a_list_of_subjects_parted_by_semicolons_goes_on_through_a_plural_head() {
    let t = ctx_tasks("Các sở, ngành tỉnh; UBND các huyện, thành phố; Các Ban Quản lý dự án chuyên ngành tỉnh báo cáo tình hình giải ngân.");
    let l = leads(&t);
    assert!(
        l.contains(&"Ban Quản lý dự án chuyên ngành tỉnh".to_string()),
        "{t:?}"
    );
    for task in &t {
        assert!(task.content.starts_with("báo cáo"), "{t:?}");
    }
}

#[test]
fn a_directing_verb_in_what_was_done_assigns_nothing() {
    // "đã" governs "chỉ đạo" a few words on: what the leadership did, told as background.
    let t = ctx_tasks("Bộ Chính trị, Ban Bí thư, Chính phủ, Thủ tướng Chính phủ đã tập trung lãnh đạo, chỉ đạo xuyên suốt, thường xuyên, liên tục.");
    assert!(t.is_empty(), "{t:?}");
    // A unit between the past and the directing verb speaks now.
    let t = ctx_tasks("Các địa phương đã khắc phục một phần thiệt hại, Chủ tịch UBND tỉnh chỉ đạo Sở Xây dựng kiểm tra các công trình.");
    assert_eq!(leads(&t), ["Sở Xây dựng"], "{t:?}");
}

#[test]
fn a_lettered_item_closes_the_lettered_heading_before_it() {
    let t = ctx_tasks("2. Về nhiệm vụ thời gian tới\na) Ủy ban nhân dân các tỉnh Quảng Ngãi, Gia Lai:\n- Hoàn thành giải phóng mặt bằng trước ngày 31/12/2025.\n- Đẩy nhanh tiến độ xây dựng khu tái định cư.\nb) Bộ Xây dựng chủ trì, phối hợp với Bộ Tài chính rà soát nhu cầu vốn.");
    let l = leads(&t);
    assert!(
        l.contains(&"Ủy ban nhân dân tỉnh Quảng Ngãi".to_string()),
        "{t:?}"
    );
    assert!(
        l.contains(&"Ủy ban nhân dân tỉnh Gia Lai".to_string()),
        "{t:?}"
    );
    let b = t
        .iter()
        .find(|t| t.lead == ["Bộ Xây dựng"])
        .expect("b) is the ministry's");
    assert_eq!(b.support, ["Bộ Tài chính"], "{t:?}");
    assert!(
        !t.iter()
            .any(|x| x.lead[0].contains("Quảng Ngãi") && x.quote.contains("Bộ Xây dựng")),
        "{t:?}"
    );
    // A wrapped line that opens with a word and a bracket ("có), …") is no lettered item.
    assert!(!is_lettered("có), có ý kiến về dự án"));
    assert!(is_lettered("đ) Các chủ đầu tư"));
    assert!(is_lettered("(ii) Bộ Y tế"));
}

#[test]
fn those_who_went_with_a_delegation_are_not_tasked() {
    let t = ctx_tasks("Tham gia Đoàn công tác có lãnh đạo Bộ Y tế; đại diện các bộ, cơ quan: Công an, Xây dựng; đại diện Ban Quản lý dự án và đại diện các nhà thầu.");
    assert!(t.is_empty(), "{t:?}");
}

#[test]
fn the_recipients_asked_by_an_honorific_own_the_items_announced() {
    let t = issued_tasks(
        "Bộ Xây dựng đề nghị Quý Ủy ban quan tâm, chỉ đạo thực hiện một số nội dung sau:\n1. Rà soát quy hoạch các khu xử lý chất thải rắn; báo cáo Bộ Xây dựng trước ngày 15/4/2024.\n2. Chỉ đạo Sở Xây dựng hướng dẫn UBND cấp xã tổ chức thu gom chất thải rắn.",
        "Bộ Xây dựng",
        &["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
    );
    // The announcement is none; each item is the recipients' (the department they direct
    // is the work's object).
    assert_eq!(t.len(), 2, "{t:?}");
    for task in &t {
        assert_eq!(
            task.lead,
            ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"],
            "{t:?}"
        );
    }
    assert!(t[0].content.starts_with("Rà soát"), "{t:?}");
    assert!(
        t[0].deadline.as_ref().is_some_and(|d| d.due.is_some()),
        "{t:?}"
    );
}

#[test]
fn accountability_is_no_task_even_when_a_units_name_holds_a_work_word() {
    // "xây dựng" inside the board's name is no cue before "chịu trách nhiệm trước".
    let t = ctx_tasks("5. Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh chịu trách nhiệm trước UBND tỉnh về tiến độ, chất lượng công trình.");
    assert!(t.is_empty(), "{t:?}");
}

#[test]
fn an_announcement_over_bullets_is_its_leads_block_whatever_follows() {
    // "… thực hiện các nội dung sau:" then bullets: the lead's duties are the bullets, kept
    // (with the announcement's partners) when another item follows.
    let t = ctx_tasks("1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính thực hiện các nội dung sau:\n- Rà soát hiện trạng sử dụng đất;\n- Đề xuất phương án xử lý.\n2. Sở Tài chính tham mưu bố trí vốn.");
    let own = t
        .iter()
        .find(|x| x.lead == ["Sở Nông nghiệp và Môi trường"])
        .expect("the department keeps its duties");
    assert!(own.content.starts_with("Rà soát"), "{t:?}");
    assert_eq!(own.support, ["Sở Tài chính"], "{t:?}");
    assert!(t.iter().any(|x| x.lead == ["Sở Tài chính"]), "{t:?}");
}

#[test]
fn a_lettered_item_with_its_own_subject_owns_the_bullets_under_it() {
    let t = ctx_tasks("2. Yêu cầu Bộ Y tế, Ban Quản lý dự án thực hiện một số nội dung sau:\n(1) Bộ Y tế chỉ đạo hoàn thiện hồ sơ thiết kế, hoàn thành trước ngày 30/4/2024;\n- Chỉ đạo các bệnh viện mua sắm thiết bị;\n- Chuẩn bị nhân lực vận hành.");
    assert!(!t.iter().any(|x| x.lead == ["Ban Quản lý dự án"]), "{t:?}");
    let bullets = t
        .iter()
        .find(|x| x.content.starts_with("Chỉ đạo các bệnh viện"))
        .expect("the bullets are a task");
    assert_eq!(bullets.lead, ["Bộ Y tế"], "{t:?}");
}

#[test]
fn a_bracket_after_the_lead_is_not_its_work() {
    let t = ctx_tasks(
        "Tập đoàn Điện lực Việt Nam (EVN) bảo đảm cung cấp điện cho các vùng bị ảnh hưởng.",
    );
    assert_eq!(leads(&t), ["Tập đoàn Điện lực Việt Nam"], "{t:?}");
    assert!(t[0].content.starts_with("bảo đảm"), "{t:?}");
}

#[test]
fn a_list_goes_on_past_a_members_bracket_and_a_slash() {
    let t = ctx_tasks(
        "Sở Y tế (cơ quan thường trực), Sở Tài chính, Công an tỉnh tổ chức kiểm tra liên ngành.",
    );
    assert_eq!(
        leads(&t),
        ["Sở Y tế", "Sở Tài chính", "Công an tỉnh"],
        "{t:?}"
    );
    assert!(t[0].content.starts_with("tổ chức"), "{t:?}");
    let t = ctx_tasks("Sở Giáo dục và Đào tạo/Sở Y tế hướng dẫn các trường học phòng chống dịch.");
    assert_eq!(leads(&t), ["Sở Giáo dục và Đào tạo", "Sở Y tế"], "{t:?}");
}

#[test]
fn a_lead_named_with_chu_tri_before_a_semicolon_keeps_the_partners_after_it() {
    let t = ctx_tasks(
        "Sở Công Thương chủ trì; Sở Tài chính, Sở Xây dựng phối hợp kiểm tra thị trường.",
    );
    assert_eq!(leads(&t), ["Sở Công Thương"], "{t:?}");
    assert_eq!(t[0].support, ["Sở Tài chính", "Sở Xây dựng"], "{t:?}");
    assert!(t[0].content.starts_with("kiểm tra"), "{t:?}");
}

#[test]
fn partners_named_before_the_items_work_on_each_of_them() {
    let t = ctx_tasks("1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính, UBND xã Bình Sơn: (i) rà soát hiện trạng sử dụng đất; (ii) đề xuất phương án xử lý; (iii) báo cáo UBND tỉnh trước ngày 20/4/2024.");
    assert!(!t.is_empty(), "{t:?}");
    for task in &t {
        assert_eq!(task.lead, ["Sở Nông nghiệp và Môi trường"], "{t:?}");
        assert_eq!(task.support, ["Sở Tài chính", "UBND xã Bình Sơn"], "{t:?}");
        assert!(task.content.chars().any(char::is_alphabetic), "{t:?}");
    }
    // An announcement of partners with no items after it is no task.
    let t = ctx_tasks("1. Giao Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Sở Tài chính:");
    assert!(t.is_empty(), "{t:?}");
}

#[test]
fn an_item_under_a_units_heading_keeps_the_partners_it_names() {
    let t = ctx_tasks("2. Công an tỉnh:\n- Chủ trì, phối hợp với Sở Xây dựng, Sở Công Thương kiểm tra an toàn phòng cháy tại các chợ.\n- Tham mưu UBND tỉnh tổ chức diễn tập phòng cháy trong Quý III/2024.");
    let first = t
        .iter()
        .find(|x| x.content.starts_with("Chủ trì"))
        .expect("the first duty");
    assert_eq!(first.lead, ["Công an tỉnh"], "{t:?}");
    assert_eq!(first.support, ["Sở Xây dựng", "Sở Công Thương"], "{t:?}");
}

#[test]
fn a_shorthand_list_after_its_members_title_goes_on_with_the_list() {
    let t = ctx_tasks(
        "Thủ trưởng các sở, ngành; Giám đốc các Sở: Tài chính, Xây dựng tập trung rà soát hồ sơ.",
    );
    let l = leads(&t);
    for unit in ["Sở Tài chính", "Sở Xây dựng", "các sở, ngành"] {
        assert!(l.contains(&unit.to_string()), "{unit}: {t:?}");
    }
    for task in &t {
        assert!(task.content.starts_with("tập trung"), "{t:?}");
    }
}

#[test]
fn parts_numbered_with_a_bracket_are_parts_like_numbered_with_a_dot() {
    let body = "1) Sở Y tế:\n- Rà soát cơ số thuốc tại các trạm y tế xã.\n- Bổ sung vật tư y tế còn thiếu.\n2) Giao Sở Tài chính bố trí kinh phí mua sắm vật tư, hoàn thành trước ngày 30/4/2024.\n3) Thời gian qua, nhiều trạm y tế đã được sửa chữa.\n- Kiểm tra việc bảo quản thuốc tại các trạm.";
    let t = ctx_tasks(body);
    assert_eq!(leads(&t), ["Sở Y tế", "Sở Tài chính"], "{t:?}");
    assert_eq!(due(&t[1]), chrono::NaiveDate::from_ymd_opt(2024, 4, 30));
}

#[test]
fn the_party_secretary_and_the_chairman_of_one_level_are_one_lead() {
    let t = issued_tasks(
        "Đề nghị Bí thư Thành ủy và Chủ tịch Ủy ban nhân dân thành phố Hải An chỉ đạo sơ tán dân khỏi vùng ngập trước ngày 15/3/2024.",
        "Thủ tướng Chính phủ",
        &[],
    );
    assert_eq!(
        leads(&t),
        ["Bí thư Thành ủy và Chủ tịch Ủy ban nhân dân thành phố Hải An"]
    );
    // The commune's committee is not the city's: the city's titles are not its own.
    let t = issued_tasks(
        "Bí thư Thành ủy và Chủ tịch Ủy ban nhân dân thành phố Hải An; Ủy ban nhân dân xã Bình Lộc khẩn trương sơ tán dân khỏi vùng ngập.",
        "Thủ tướng Chính phủ",
        &[],
    );
    assert!(
        leads(&t).contains(&"Ủy ban nhân dân xã Bình Lộc".to_string()),
        "{t:?}"
    );
}

#[test]
fn the_following_announces_items_without_its_colon() {
    let with_colon = ctx_tasks("Ủy ban nhân dân tỉnh yêu cầu Sở Y tế thực hiện các nội dung sau:\n- Rà soát cơ số thuốc tại các trạm y tế.\n- Kiểm tra việc bảo quản vắc xin.");
    let without = ctx_tasks("Ủy ban nhân dân tỉnh yêu cầu Sở Y tế thực hiện các nội dung sau\n- Rà soát cơ số thuốc tại các trạm y tế.\n- Kiểm tra việc bảo quản vắc xin.");
    assert_eq!(leads(&with_colon), ["Sở Y tế"], "{with_colon:?}");
    assert_eq!(leads(&without), leads(&with_colon));
    assert_eq!(
        without.iter().map(|t| &t.content).collect::<Vec<_>>(),
        with_colon.iter().map(|t| &t.content).collect::<Vec<_>>()
    );
    assert!(announces("Sở Y tế thực hiện một số nhiệm vụ trọng tâm sau"));
    assert!(announces("Ủy ban nhân dân tỉnh có ý kiến như sau"));
    assert!(!announces("Sở Y tế báo cáo kết quả vào tuần sau"));
    assert!(!announces(
        "Sở Y tế phối hợp với các đơn vị kiểm tra ngay sau"
    ));
}

#[test]
fn a_call_to_carry_out_a_directive_named_by_its_number_is_no_task() {
    for s in [
        "Các cơ quan, đơn vị nghiêm túc thực hiện chỉ đạo của Thủ tướng Chính phủ tại Chỉ thị số 07/CT-TTg ngày 03/3/2024.",
        "Các sở, ngành khẩn trương triển khai thực hiện những nội dung trên theo thẩm quyền và quy định của pháp luật.",
        "Thủ trưởng các sở, ban, ngành chỉ đạo các cơ quan, đơn vị thuộc thẩm quyền quản lý thực hiện nghiêm túc Chỉ thị này.",
    ] {
        assert!(ctx_tasks(s).is_empty(), "{s}: {:?}", ctx_tasks(s));
    }
    // Work named beside the directive is a task.
    let t = ctx_tasks("Yêu cầu các sở, ngành thực hiện Chỉ thị số 07/CT-TTg và kiểm tra an toàn thực phẩm tại các chợ.");
    assert_eq!(t.len(), 1, "{t:?}");
}

#[test]
fn a_units_heading_for_several_places_heads_its_items() {
    let t = ctx_tasks("4. Sở Xây dựng các tỉnh, thành phố: Gia Lai, Đắk Lắk\n\n- Chủ động phối hợp với các lực lượng chức năng khắc phục sự cố.\n\n- Chỉ đạo các đơn vị kiểm tra các vị trí ngập úng.");
    assert_eq!(
        leads(&t),
        ["Sở Xây dựng tỉnh Gia Lai", "Sở Xây dựng tỉnh Đắk Lắk"],
        "{t:?}"
    );
}

#[test]
fn a_text_of_one_paragraph_a_line_has_no_margin_to_wrap_at() {
    // A DOCX gives each paragraph one line, far longer than a page: a heading of seventy-odd
    // characters before a bullet is not a name a PDF wrapped at its hyphen.
    let long = "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động phối hợp, hỗ trợ địa phương ứng phó với mưa lũ, bảo đảm an toàn tính mạng và tài sản của Nhân dân trên địa bàn.";
    let mut body = String::new();
    for _ in 0..10 {
        body.push_str(long);
        body.push('\n');
    }
    body.push_str("4. Sở Xây dựng các tỉnh, thành phố: Gia Lai, Đắk Lắk, Khánh Hòa, Lâm Đồng\n");
    body.push_str("- Chủ động phối hợp với các lực lượng chức năng khắc phục sự cố.\n");
    let paras = paragraphs(&body);
    assert_eq!(
        paras.last().map(String::as_str),
        Some("- Chủ động phối hợp với các lực lượng chức năng khắc phục sự cố.")
    );
}

#[test]
fn a_bullet_that_assigns_is_an_item_after_a_title_run_to_the_margin() {
    // A PDF's lines: the title runs near the margin, and the bullet after it gives work.
    let mut body = String::new();
    for _ in 0..6 {
        body.push_str("Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động phối\n");
        body.push_str(
            "hợp, hỗ trợ địa phương ứng phó với mưa lũ, bảo đảm an toàn cho người dân.\n",
        );
    }
    body.push_str(
        "2. Về công tác triển khai phần mềm dùng chung trong đánh số và gắn biển số nhà\n",
    );
    body.push_str(
        "- Giao Sở Xây dựng chủ trì, phối hợp với Công an Thành phố khảo sát hiện trạng.\n",
    );
    let paras = paragraphs(&body);
    assert_eq!(
        paras.last().map(String::as_str),
        Some("- Giao Sở Xây dựng chủ trì, phối hợp với Công an Thành phố khảo sát hiện trạng.")
    );
}

#[test]
fn who_a_condition_speaks_of_is_not_tasked() {
    let t = ctx_tasks("Trường hợp các sở, ngành được lấy ý kiến chưa trả lời đúng hạn, Sở Tài chính tổng hợp, báo cáo Ủy ban nhân dân tỉnh.");
    assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
    let t = ctx_tasks(
        "Nếu Ủy ban nhân dân các huyện chậm báo cáo, Sở Nội vụ đôn đốc và tổng hợp danh sách.",
    );
    assert_eq!(leads(&t), ["Sở Nội vụ"], "{t:?}");
}

#[test]
fn a_subject_that_already_did_it_reports() {
    assert!(ctx_tasks("Thực hiện nhiệm vụ được giao, Sở Y tế trong thời gian qua đã tích cực vào cuộc, đến nay cơ bản hoàn thành việc rà soát.").is_empty());
    // Work after it is still work.
    let t = ctx_tasks("Sở Y tế hoàn thành việc đã được giao trước ngày 30/4/2024.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
}

#[test]
fn addressees_named_after_the_assigning_word_go_on_past_a_semicolon() {
    let t = ctx_tasks("Để khắc phục hạn chế nêu trên, Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành cấp tỉnh; các cơ quan Trung ương đóng trên địa bàn tỉnh và Chủ tịch UBND các cấp tập trung thực hiện các nội dung sau:\n1. Rà soát thủ tục hành chính thuộc thẩm quyền.");
    assert_eq!(t.len(), 1, "{t:?}");
    let lead = t[0].lead.join(" + ");
    assert!(lead.starts_with("các sở"), "{t:?}");
    assert!(lead.ends_with("UBND các cấp"), "{t:?}");
}

#[test]
fn a_list_in_a_condition_is_one_and_a_time_clause_is_no_report() {
    // A list of units in the condition is one: its comma is not the condition's.
    let t = ctx_tasks("Trường hợp Sở Y tế, Sở Tài chính chưa thống nhất ý kiến, Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh.");
    assert_eq!(leads(&t), ["Sở Nội vụ"], "{t:?}");
    // "sau khi đã …" says when, not what was done.
    let t = ctx_tasks("Sở Tài chính sau khi đã thẩm định hồ sơ, trình Ủy ban nhân dân tỉnh phê duyệt trước ngày 30/4/2024.");
    assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
}

#[test]
fn work_named_with_an_abbreviation_is_no_closing_call() {
    let t = ctx_tasks("Giao Sở Y tế bảo đảm ATTP tại các bếp ăn tập thể.");
    assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
}

#[test]
fn a_bullet_of_a_compound_with_giao_is_a_wrapped_name() {
    // "- Giao thông vận tải …" after a line run to the margin: a name the PDF wrapped at its
    // hyphen, not an assignment.
    let mut body = String::new();
    for _ in 0..6 {
        body.push_str("Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động phối\n");
        body.push_str(
            "hợp, hỗ trợ địa phương ứng phó với mưa lũ, bảo đảm an toàn cho người dân.\n",
        );
    }
    body.push_str("Giao Trung tâm Điều hành Vận tải và Ban Quản lý dự án chuyên ngành\n");
    body.push_str("- Giao thông vận tải tỉnh chủ trì rà soát các tuyến đường bị ngập sâu.\n");
    let paras = paragraphs(&body);
    assert!(
        paras.last().unwrap().contains("chuyên ngành - Giao thông"),
        "{paras:?}"
    );
}

#[test]
fn items_lettered_with_a_dot_are_lettered_items() {
    let dot = ctx_tasks("1. Trách nhiệm thẩm định:\na. Sở Y tế\n- Rà soát cơ số thuốc.\n- Kiểm tra việc bảo quản vắc xin.\nb. Sở Tài chính\n- Bố trí kinh phí mua sắm.");
    let bracket = ctx_tasks("1. Trách nhiệm thẩm định:\na) Sở Y tế\n- Rà soát cơ số thuốc.\n- Kiểm tra việc bảo quản vắc xin.\nb) Sở Tài chính\n- Bố trí kinh phí mua sắm.");
    assert_eq!(leads(&bracket), ["Sở Y tế", "Sở Tài chính"], "{bracket:?}");
    assert_eq!(leads(&dot), leads(&bracket), "{dot:?}");
}

#[test]
fn giao_cho_assigns_as_giao_does() {
    let cho = ctx_tasks("1.1. Giao cho Sở Y tế\n- Rà soát cơ số thuốc tại các trạm y tế.\n1.2. Giao cho Sở Tài chính\n- Bố trí kinh phí mua sắm vật tư.");
    let bare = ctx_tasks("1.1. Giao Sở Y tế\n- Rà soát cơ số thuốc tại các trạm y tế.\n1.2. Giao Sở Tài chính\n- Bố trí kinh phí mua sắm vật tư.");
    assert_eq!(leads(&bare), ["Sở Y tế", "Sở Tài chính"], "{bare:?}");
    assert_eq!(leads(&cho), leads(&bare), "{cho:?}");
}

#[test]
fn a_unit_under_an_intro_keeps_the_units_it_works_with() {
    // The recipients' intro is in force, but the sentence names its own lead and partner.
    let t = addressed_tasks(
        "Chủ tịch UBND tỉnh yêu cầu:\nGiao Sở Công Thương phối hợp với Sở Xây dựng kiểm tra các chợ tạm.",
        &["UBND huyện A"],
    );
    assert_eq!(leads(&t), ["Sở Công Thương"], "{t:?}");
    assert_eq!(t[0].support, ["Sở Xây dựng"]);
    assert!(t[0].content.starts_with("kiểm tra"), "{t:?}");
}

#[test]
fn a_meetings_framing_still_introduces_its_conclusions_for_the_recipient() {
    // The chairman who concludes is who speaks; the conclusions naming no unit are the
    // addressee's.
    let t = addressed_tasks(
        "Sau khi nghe báo cáo của Sở Nội vụ và ý kiến các thành viên dự họp, Chủ tịch UBND tỉnh kết luận như sau:\n1. Tiếp tục sắp xếp đội ngũ công chức cấp xã.\n2. Sở Tài chính bố trí kinh phí cho việc sắp xếp.",
        &["UBND huyện Bình Lục"],
    );
    assert_eq!(leads(&t), ["UBND huyện Bình Lục", "Sở Tài chính"], "{t:?}");
    assert!(t[0].content.starts_with("Tiếp tục sắp xếp"), "{t:?}");
}

#[test]
fn a_bare_district_committee_in_a_letter_to_one_district_is_that_district() {
    // The topic before the colon is no part of the clause, which opens with its subject.
    let t = addressed_tasks(
        "1. Về công tác giải ngân: UBND huyện khẩn trương hoàn thiện hồ sơ các dự án, báo cáo trước ngày 10/10/2026.",
        &["UBND huyện Yên Mô"],
    );
    assert_eq!(leads(&t), ["UBND huyện Yên Mô"], "{t:?}");
    // Addressed to two districts, "UBND huyện" names neither alone.
    let t = addressed_tasks(
        "UBND huyện khẩn trương hoàn thiện hồ sơ các dự án, báo cáo trước ngày 10/10/2026.",
        &["UBND huyện Yên Mô", "UBND huyện Yên Khánh"],
    );
    assert!(t.iter().all(|x| x.lead != ["UBND huyện Yên Mô"]), "{t:?}");
}

#[test]
fn the_standing_offer_to_report_difficulties_gives_a_generic_call_no_work() {
    let t = ctx_tasks("Đề nghị các sở, ngành và địa phương nghiêm túc triển khai thực hiện; kịp thời báo cáo, đề xuất UBND tỉnh xem xét, giải quyết những khó khăn, vướng mắc phát sinh.");
    assert!(t.is_empty(), "{t:?}");
    // A clause with work of its own still gives the call its task.
    let t = ctx_tasks("Đề nghị các sở, ngành và địa phương nghiêm túc triển khai thực hiện; báo cáo UBND tỉnh kết quả rà soát trước ngày 05/6/2026.");
    assert_eq!(
        due(&t[0]),
        chrono::NaiveDate::from_ymd_opt(2026, 6, 5),
        "{t:?}"
    );
}
