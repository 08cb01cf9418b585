use super::*;

fn cal() -> &'static Calendar {
    static CAL: LazyLock<Calendar> =
        LazyLock::new(|| Calendar::shipped().expect("the shipped calendar builds"));
    &CAL
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a test date")
}

fn cell_due(cell: &str) -> Option<NaiveDate> {
    let ctx = DeadlineContext {
        issued: Some(date("2025-11-19")),
        calendar: cal(),
    };
    find_in_cell(cell, &ctx).into_iter().find_map(|f| f.due)
}

#[test]
fn a_completion_that_qualifies_a_noun_sets_no_deadline() {
    let ctx = DeadlineContext {
        issued: Some(date("2024-03-01")),
        calendar: cal(),
    };
    let due = |s: &str| find_deadline(s, &ctx).and_then(|f| f.due);
    assert_eq!(due("Rà soát các dự án hoàn thành năm 2023."), None);
    assert_eq!(due("Quyết toán các công trình hoàn thành năm 2023."), None);
    assert_eq!(
        due("Rà soát các dự án, hoàn thành trong năm 2024."),
        Some(date("2024-12-31"))
    );
    assert_eq!(
        due("Các dự án hoàn thành trước ngày 30/6/2024."),
        Some(date("2024-06-30"))
    );
}

#[test]
fn a_bare_year_in_a_time_cell_is_its_last_day() {
    assert_eq!(cell_due("2026"), Some(date("2026-12-31")));
    assert_eq!(cell_due(" Năm 2027."), Some(date("2027-12-31")));
}

#[test]
fn a_span_of_years_in_a_time_cell_ends_with_its_last_year() {
    assert_eq!(cell_due("2025 - 2030"), Some(date("2030-12-31")));
    assert_eq!(cell_due("giai đoạn 2026-2028"), Some(date("2028-12-31")));
    assert_eq!(cell_due("Năm 2026 - 2027"), Some(date("2027-12-31")));
}

#[test]
fn a_span_of_months_written_once_ends_with_its_last_month() {
    assert_eq!(cell_due("Tháng 11 - 12/2025."), Some(date("2025-12-31")));
    assert_eq!(cell_due("tháng 9-10/2026"), Some(date("2026-10-31")));
    assert_eq!(
        due(
            "Các xã tổ chức tập huấn trong tháng 11, 12 năm 2025.",
            "2025-10-01"
        ),
        Some(date("2025-12-31"))
    );
}

#[test]
fn a_cell_that_says_more_than_years_is_read_as_text() {
    assert_eq!(cell_due("Quý II/2026"), Some(date("2026-06-30")));
    assert_eq!(cell_due("Thường xuyên"), None);
    assert_eq!(cell_due("năm 2026 và các năm tiếp theo"), None);
    assert_eq!(cell_due("Kế hoạch năm 2026"), None);
}

fn ctx(issued: &str) -> DeadlineContext<'static> {
    DeadlineContext {
        issued: Some(date(issued)),
        calendar: cal(),
    }
}

fn one(sentence: &str, issued: &str) -> FoundDeadline {
    find_deadline(sentence, &ctx(issued))
        .unwrap_or_else(|| panic!("no deadline found in {sentence:?}"))
}

fn due(sentence: &str, issued: &str) -> Option<NaiveDate> {
    one(sentence, issued).due
}

fn none(sentence: &str, issued: &str) {
    let all = find_all(sentence, &ctx(issued));
    assert!(all.is_empty(), "{sentence:?} gave {all:?}");
}

// --- Days ---------------------------------------------------------------------------------

#[test]
fn truoc_ngay_with_slashes_is_that_day() {
    let f = one(
        "Sở Tư pháp rà soát các văn bản, gửi kết quả về UBND tỉnh trước ngày 15/7/2023.",
        "2023-06-20",
    );
    assert_eq!(f.due, Some(date("2023-07-15")));
    assert_eq!(f.due_text, "trước ngày 15/7/2023");
    assert_eq!(
        &"Sở Tư pháp rà soát các văn bản, gửi kết quả về UBND tỉnh trước ngày 15/7/2023."
            [f.start..f.end],
        f.due_text
    );
    assert!(f.flags.is_empty());
}

#[test]
fn spelled_date_reads_like_numeric() {
    assert_eq!(
        due(
            "Giao Sở Y tế hoàn thiện đề án trước ngày 30 tháng 6 năm 2023.",
            "2023-05-02"
        ),
        Some(date("2023-06-30"))
    );
}

#[test]
fn dashes_and_dots_separate_dates_too() {
    assert_eq!(
        due("Nộp hồ sơ trước ngày 05-8-2024.", "2024-07-01"),
        Some(date("2024-08-05"))
    );
    assert_eq!(
        due("Nộp hồ sơ trước ngày 05.8.2024.", "2024-07-01"),
        Some(date("2024-08-05"))
    );
    assert_eq!(
        due("Nộp hồ sơ trước 05/8/2024.", "2024-07-01"),
        Some(date("2024-08-05"))
    );
}

#[test]
fn cham_nhat_la_ngay_is_a_deadline() {
    let f = one(
        "Các huyện báo cáo chậm nhất là ngày 20/10/2024.",
        "2024-10-01",
    );
    assert_eq!(f.due, Some(date("2024-10-20")));
    assert_eq!(f.due_text, "chậm nhất là ngày 20/10/2024");
    assert_eq!(
        due("Gửi danh sách chậm nhất ngày 3/11/2024.", "2024-10-01"),
        Some(date("2024-11-03"))
    );
}

#[test]
fn completion_words_belong_to_the_text() {
    let f = one(
        "Sửa chữa trường học bị hư hỏng, hoàn thành trước ngày 12/12/2024.",
        "2024-11-01",
    );
    assert_eq!(f.due_text, "hoàn thành trước ngày 12/12/2024");
    let f = one("Lắp đặt biển báo, xong trước ngày 9/9/2024.", "2024-08-01");
    assert_eq!(f.due_text, "xong trước ngày 9/9/2024");
    assert_eq!(f.due, Some(date("2024-09-09")));
    let f = one(
        "Dọn vệ sinh khu vực chợ, hoàn thành trong ngày 02/9/2024.",
        "2024-08-30",
    );
    assert_eq!(f.due, Some(date("2024-09-02")));
}

#[test]
fn thoi_gian_hoan_thanh_heads_the_deadline() {
    let f = one(
        "Cập nhật dữ liệu dân cư trên địa bàn. Thời gian hoàn thành trước ngày 31 tháng 3 năm 2025.",
        "2025-01-10",
    );
    assert_eq!(f.due, Some(date("2025-03-31")));
    assert_eq!(
        f.due_text,
        "Thời gian hoàn thành trước ngày 31 tháng 3 năm 2025"
    );
}

#[test]
fn an_hour_before_the_date_is_kept_apart() {
    let f = one(
        "Đề nghị gửi ý kiến trước 17 giờ 00 ngày 18/9/2024.",
        "2024-09-16",
    );
    assert_eq!(f.due, Some(date("2024-09-18")));
    assert_eq!(f.due_time, NaiveTime::from_hms_opt(17, 0, 0));
    assert_eq!(f.due_text, "trước 17 giờ 00 ngày 18/9/2024");
    let f = one(
        "Các xã gửi số liệu trước 16h30 ngày 04/3/2025.",
        "2025-03-03",
    );
    assert_eq!(f.due_time, NaiveTime::from_hms_opt(16, 30, 0));
    assert_eq!(f.due, Some(date("2025-03-04")));
    let f = one(
        "Báo cáo về Văn phòng trước 9 giờ, ngày 06/01/2025.",
        "2025-01-02",
    );
    assert_eq!(f.due_time, NaiveTime::from_hms_opt(9, 0, 0));
    assert_eq!(f.due, Some(date("2025-01-06")));
}

#[test]
fn weekday_between_trigger_and_date_is_tolerated() {
    assert_eq!(
        due("Hoàn thành trước thứ Sáu, ngày 14/6/2024.", "2024-06-10"),
        Some(date("2024-06-14"))
    );
}

#[test]
fn missing_year_is_the_issue_year_and_flagged() {
    let f = one("Các đơn vị gửi báo cáo trước ngày 15/7.", "2024-06-03");
    assert_eq!(f.due, Some(date("2024-07-15")));
    assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
}

#[test]
fn missing_year_before_issue_is_kept_and_flagged_not_moved() {
    let f = one("Các đơn vị gửi báo cáo trước ngày 15/7.", "2024-09-01");
    assert_eq!(f.due, Some(date("2024-07-15")));
    assert_eq!(
        f.flags,
        vec![DeadlineFlag::NoYearGiven, DeadlineFlag::BeforeIssue]
    );
}

#[test]
fn written_date_before_issue_is_flagged() {
    let f = one(
        "Sở Xây dựng tham mưu, hoàn thành trước ngày 10/1/2023.",
        "2024-01-05",
    );
    assert_eq!(f.due, Some(date("2023-01-10")));
    assert_eq!(f.flags, vec![DeadlineFlag::BeforeIssue]);
}

#[test]
fn missing_year_without_issue_date_has_no_due() {
    let c = DeadlineContext {
        issued: None,
        calendar: cal(),
    };
    let f = find_deadline("Nộp trước ngày 15/7.", &c).expect("a deadline");
    assert_eq!(f.due, None);
    assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
}

#[test]
fn upper_case_and_no_ngay_are_tolerated() {
    assert_eq!(
        due("HOÀN THÀNH TRƯỚC NGÀY 1/12/2024", "2024-11-01"),
        Some(date("2024-12-01"))
    );
}

#[test]
fn tu_nay_den_a_date_is_a_deadline() {
    let f = one(
        "Từ nay đến ngày 30/6, các xã phải xử lý dứt điểm rác thải.",
        "2024-05-20",
    );
    assert_eq!(f.due, Some(date("2024-06-30")));
    assert_eq!(f.due_text, "Từ nay đến ngày 30/6");
}

#[test]
fn den_a_date_governed_by_reporting_is_a_deadline() {
    assert_eq!(
        due(
            "Các huyện gửi hồ sơ về Sở Nội vụ đến hết ngày 25/4/2024.",
            "2024-04-01"
        ),
        Some(date("2024-04-25"))
    );
}

// --- Periods ------------------------------------------------------------------------------

#[test]
fn trong_thang_is_the_last_day_of_the_month() {
    assert_eq!(
        due("Tổ chức hội nghị sơ kết trong tháng 8/2023.", "2023-07-05"),
        Some(date("2023-08-31"))
    );
    assert_eq!(
        due("Trình UBND tỉnh trong tháng 2 năm 2024.", "2024-01-05"),
        Some(date("2024-02-29"))
    );
}

#[test]
fn truoc_thang_is_the_day_before_the_month() {
    assert_eq!(
        due("Hoàn thành việc sắp xếp trước tháng 9/2023.", "2023-07-05"),
        Some(date("2023-08-31"))
    );
    assert_eq!(
        due("Ban hành quy chế trước quý III/2024.", "2024-02-05"),
        Some(date("2024-06-30"))
    );
    assert_eq!(
        due("Hoàn thành trước năm 2026.", "2024-02-05"),
        Some(date("2025-12-31"))
    );
}

#[test]
fn quarters_end_on_their_last_day() {
    assert_eq!(
        due("Hoàn thành trong quý III/2023.", "2023-02-01"),
        Some(date("2023-09-30"))
    );
    assert_eq!(
        due("Hoàn thành trong quý 3 năm 2023.", "2023-02-01"),
        Some(date("2023-09-30"))
    );
    let f = one("Đưa phần mềm vào sử dụng trong quý II.", "2023-02-01");
    assert_eq!(f.due, Some(date("2023-06-30")));
    assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
}

#[test]
fn quarter_with_year_after_a_submission_needs_no_trigger() {
    assert_eq!(
        due(
            "Bộ Công Thương xây dựng đề án, trình Chính phủ Quý IV năm 2016.",
            "2016-03-01"
        ),
        Some(date("2016-12-31"))
    );
}

#[test]
fn quarter_reported_on_is_not_a_deadline() {
    none(
        "Sở Tài chính tổng hợp báo cáo kết quả thực hiện quý I/2024 của các đơn vị.",
        "2024-04-10",
    );
}

#[test]
fn first_six_months_end_in_june() {
    assert_eq!(
        due("Hoàn thành trong 6 tháng đầu năm 2023.", "2023-01-15"),
        Some(date("2023-06-30"))
    );
    assert_eq!(
        due("Hoàn thành trong nửa đầu năm 2023.", "2023-01-15"),
        Some(date("2023-06-30"))
    );
}

#[test]
fn a_six_month_review_is_not_a_deadline() {
    none(
        "Tổ chức sơ kết 6 tháng việc thực hiện nghị quyết.",
        "2024-05-01",
    );
    none(
        "Sở Kế hoạch báo cáo tình hình 6 tháng đầu năm 2024 của tỉnh.",
        "2024-05-01",
    );
}

#[test]
fn trong_nam_is_the_last_day_of_the_year() {
    let f = one("Đảm bảo hoàn thành dự án trong năm 2023.", "2023-03-01");
    assert_eq!(f.due, Some(date("2023-12-31")));
    assert_eq!(f.due_text, "trong năm 2023");
    assert_eq!(
        due("Hoàn thành năm 2025.", "2025-03-01"),
        Some(date("2025-12-31"))
    );
}

#[test]
fn parts_of_periods_follow_the_civil_code() {
    assert_eq!(
        due("Hoàn thành vào cuối năm 2024.", "2024-03-01"),
        Some(date("2024-12-31"))
    );
    assert_eq!(
        due("Hoàn thành trong giữa năm 2024.", "2024-03-01"),
        Some(date("2024-06-30"))
    );
    assert_eq!(
        due("Trình đề án trước đầu tháng 9/2024.", "2024-03-01"),
        Some(date("2024-09-01"))
    );
    assert_eq!(
        due("Gửi báo cáo trước giữa tháng 4.", "2024-03-01"),
        Some(date("2024-04-15"))
    );
    let f = one("Các phường hoàn thành trước cuối năm.", "2024-03-01");
    assert_eq!(f.due, Some(date("2024-12-31")));
    assert_eq!(f.flags, vec![DeadlineFlag::NoYearGiven]);
    assert_eq!(
        due("Hoàn thành trong cuối quý II/2024.", "2024-03-01"),
        Some(date("2024-06-30"))
    );
}

#[test]
fn this_year_is_the_issue_year_without_flag() {
    let f = one("Phấn đấu hoàn thành trong năm nay.", "2024-03-01");
    assert_eq!(f.due, Some(date("2024-12-31")));
    assert!(f.flags.is_empty());
}

#[test]
fn a_dashed_quarter_range_in_a_cell_ends_with_its_last_quarter() {
    let cell = "Khảo sát hạ tầng\nSở Xây dựng\nQuý I/2025 - Quý III/2025";
    assert_eq!(due(cell, "2024-12-01"), Some(date("2025-09-30")));
}

#[test]
fn a_lone_time_expression_is_a_timeline_cell() {
    assert_eq!(due("Tháng 12/2025", "2025-06-01"), Some(date("2025-12-31")));
    assert_eq!(
        due("Rà soát quy hoạch\nNăm 2026", "2025-06-01"),
        Some(date("2026-12-31"))
    );
}

// --- Limits -------------------------------------------------------------------------------

#[test]
fn working_days_from_signing_use_the_calendar() {
    let issued = date("2024-04-26");
    let f = one(
        "Trong thời hạn 10 ngày làm việc kể từ ngày ký, các sở gửi ý kiến về Sở Nội vụ.",
        "2024-04-26",
    );
    assert_eq!(f.due, cal().add_working_days(issued, 10).ok());
    assert_eq!(f.due_text, "Trong thời hạn 10 ngày làm việc kể từ ngày ký");
}

#[test]
fn receipt_is_counted_from_the_issue_date() {
    let issued = date("2024-08-30");
    assert_eq!(
        due(
            "Trong 05 ngày làm việc kể từ ngày nhận được văn bản này, các xã báo cáo.",
            "2024-08-30"
        ),
        cal().add_working_days(issued, 5).ok()
    );
    assert_eq!(
        due(
            "Báo cáo trong 3 ngày làm việc, kể từ ngày ban hành văn bản.",
            "2024-08-30"
        ),
        cal().add_working_days(issued, 3).ok()
    );
}

#[test]
fn calendar_days_roll_to_a_working_day() {
    let issued = date("2024-06-07");
    let f = one(
        "Trong vòng 15 ngày các đơn vị phải khắc phục xong.",
        "2024-06-07",
    );
    assert_eq!(f.due, cal().add_days(issued, 15).ok());
    assert_eq!(
        due("Báo cáo trong 03 ngày.", "2024-06-07"),
        cal().add_days(issued, 3).ok()
    );
    assert_eq!(
        due("Xử lý trong 03 (ba) ngày.", "2024-06-07"),
        cal().add_days(issued, 3).ok()
    );
}

#[test]
fn months_limit_is_the_same_day_later() {
    // 31 January + 1 month: the month has no 31st, so its last day.
    assert_eq!(
        due(
            "Trong thời hạn 01 tháng kể từ ngày ký, hoàn thành việc bàn giao.",
            "2024-01-31"
        ),
        cal().on_or_after(date("2024-02-29")).ok()
    );
}

#[test]
fn a_limit_from_another_event_has_no_date() {
    let f = one(
        "Giải quyết trong 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "2024-06-07",
    );
    assert_eq!(f.due, None);
    assert!(f.due_text.contains("hồ sơ hợp lệ"));
    let f = one(
        "Thanh toán trong 30 ngày kể từ ngày ký hợp đồng.",
        "2024-06-07",
    );
    assert_eq!(f.due, None);
}

#[test]
fn past_days_are_not_a_limit() {
    none(
        "Trong 3 ngày qua, mưa lớn gây sạt lở nhiều tuyến đường.",
        "2024-06-07",
    );
}

// --- Recurrences --------------------------------------------------------------------------

#[test]
fn monthly_report_with_its_day_is_one_recurring_deadline() {
    let f = one(
        "Định kỳ hằng tháng (trước ngày 20), các huyện báo cáo tiến độ giải ngân.",
        "2024-02-01",
    );
    assert_eq!(f.due, None);
    assert_eq!(f.recurring.as_deref(), Some("hằng tháng"));
    assert_eq!(f.due_text, "Định kỳ hằng tháng (trước ngày 20)");
}

#[test]
fn hang_and_hang_are_one_recurrence() {
    let f = one("Các sở báo cáo hàng quý về UBND tỉnh.", "2024-02-01");
    assert_eq!(f.recurring.as_deref(), Some("hằng quý"));
    let f = one("Tổng hợp hằng năm.", "2024-02-01");
    assert_eq!(f.recurring.as_deref(), Some("hằng năm"));
}

#[test]
fn a_yearly_day_is_folded_into_the_recurrence() {
    let f = one(
        "Định kỳ trước ngày 15 tháng 12 hàng năm, các đơn vị gửi báo cáo.",
        "2024-02-01",
    );
    assert_eq!(f.due, None);
    assert_eq!(f.recurring.as_deref(), Some("hằng năm"));
    assert_eq!(f.due_text, "Định kỳ trước ngày 15 tháng 12 hàng năm");
    assert!(f.flags.is_empty());
}

#[test]
fn several_periods_are_listed() {
    let f = one(
        "Định kỳ 6 tháng, năm báo cáo kết quả về Sở Nội vụ.",
        "2024-02-01",
    );
    assert_eq!(f.recurring.as_deref(), Some("6 tháng, hằng năm"));
    let f = one("Gửi báo cáo vào ngày 25 hằng tháng.", "2024-02-01");
    assert_eq!(f.recurring.as_deref(), Some("hằng tháng"));
    assert_eq!(f.due_text, "vào ngày 25 hằng tháng");
}

// --- No-date deadlines --------------------------------------------------------------------

#[test]
fn khan_truong_is_urgent_without_date() {
    let f = one(
        "Sở Công Thương khẩn trương kiểm tra các cửa hàng xăng dầu.",
        "2024-02-01",
    );
    assert_eq!((f.due, f.due_text.as_str()), (None, "khẩn trương"));
    assert_eq!(f.flags, vec![DeadlineFlag::Urgent]);
}

#[test]
fn ngay_is_urgent_but_ngay_ca_is_not() {
    let f = one(
        "Các xã sơ tán ngay người dân khỏi vùng sạt lở.",
        "2024-02-01",
    );
    assert_eq!(f.due_text, "ngay");
    assert_eq!(f.flags, vec![DeadlineFlag::Urgent]);
    none(
        "Ngay cả các xã vùng cao cũng đã có điện lưới.",
        "2024-02-01",
    );
    let f = one("Khôi phục cấp điện trong thời gian sớm nhất.", "2024-02-01");
    assert_eq!(f.due_text, "trong thời gian sớm nhất");
}

#[test]
fn thuong_xuyen_is_continuous() {
    let f = one(
        "Các địa phương thường xuyên kiểm tra đê điều.",
        "2024-02-01",
    );
    assert_eq!(f.flags, vec![DeadlineFlag::Continuous]);
    assert_eq!(f.due, None);
}

#[test]
fn vague_limits_are_deadlines_without_date() {
    let f = one(
        "Sở Lao động đề xuất điều chỉnh chính sách trong thời gian tới.",
        "2024-02-01",
    );
    assert_eq!((f.due, f.flags.len()), (None, 0));
    let f = one(
        "Các xã gửi ý kiến góp ý đúng thời hạn quy định.",
        "2024-02-01",
    );
    assert_eq!(f.due_text, "đúng thời hạn quy định");
    let f = one(
        "Hoàn thiện tờ trình để kịp trình Hội đồng nhân dân tỉnh tại kỳ họp cuối năm.",
        "2024-02-01",
    );
    assert_eq!(f.due, None);
}

#[test]
fn an_open_ended_conjunction_has_no_date() {
    let f = one(
        "Tập trung chỉ đạo trong 03 tháng cuối năm 2024 và những tháng đầu năm 2025.",
        "2024-10-01",
    );
    assert_eq!(f.due, None);
    assert_eq!(
        f.due_text,
        "trong 03 tháng cuối năm 2024 và những tháng đầu năm 2025"
    );
}

#[test]
fn urgent_and_dated_prefers_the_date_and_keeps_urgency() {
    let f = one(
        "Sở Y tế khẩn trương rà soát thuốc, báo cáo UBND tỉnh trước ngày 5/12/2024.",
        "2024-11-20",
    );
    assert_eq!(f.due, Some(date("2024-12-05")));
    assert!(f.flags.contains(&DeadlineFlag::Urgent));
}

// --- Not deadlines ------------------------------------------------------------------------

#[test]
fn the_place_and_date_line_is_not_a_deadline() {
    none("Thừa Thiên Huế, ngày 14 tháng 5 năm 2024", "2024-05-14");
}

#[test]
fn cited_documents_dates_are_not_deadlines() {
    none(
        "Thực hiện Công văn số 123/UBND-KT ngày 5/3/2024 của UBND tỉnh về việc quản lý cát.",
        "2024-04-01",
    );
    none(
        "Căn cứ Quyết định số 45/2023/QĐ-UBND ngày 12 tháng 10 năm 2023 của UBND tỉnh.",
        "2024-04-01",
    );
    none(
        "Triển khai theo Kế hoạch số 88/KH-UBND ngày 2/2/2024.",
        "2024-04-01",
    );
}

#[test]
fn effective_dates_are_not_deadlines() {
    none(
        "Quyết định này có hiệu lực từ ngày 01/7/2024.",
        "2024-06-20",
    );
    none("Văn bản có hiệu lực kể từ ngày ký.", "2024-06-20");
}

#[test]
fn a_period_of_application_is_not_a_deadline() {
    none(
        "Cấm các phương tiện trọng tải lớn lưu thông trên tuyến đường từ ngày 01/6 đến hết ngày 30/6/2024.",
        "2024-05-20",
    );
    none(
        "Đợt cao điểm diễn ra từ tháng 11/2024 đến tháng 2/2025.",
        "2024-10-20",
    );
}

#[test]
fn a_completed_range_is_a_deadline() {
    assert_eq!(
        due(
            "Các xã hoàn thành trong thời gian từ ngày 01/6 đến ngày 20/6/2024.",
            "2024-05-20"
        ),
        Some(date("2024-06-20"))
    );
}

#[test]
fn start_only_and_open_ended_are_not_deadlines() {
    none("Áp dụng mức thu mới từ năm 2025.", "2024-10-20");
    none(
        "Duy trì hoạt động trong năm 2025 và các năm tiếp theo.",
        "2024-10-20",
    );
    none("Quy hoạch hạ tầng viễn thông đến năm 2030.", "2024-10-20");
    none("Thời gian kéo dài đến hết ngày 31/12/2024.", "2024-10-20");
}

#[test]
fn a_past_condition_is_not_a_deadline() {
    none(
        "Các dự án đã được phê duyệt trước ngày 01/7/2024 thì tiếp tục thực hiện.",
        "2024-10-20",
    );
    none(
        "Hồ sơ được tiếp nhận trước ngày 01/7/2024 được giải quyết theo quy định cũ.",
        "2024-10-20",
    );
    assert_eq!(
        due("Báo cáo phải được gửi trước ngày 1/11/2024.", "2024-10-20"),
        Some(date("2024-11-01"))
    );
}

#[test]
fn section_numbers_are_not_dates() {
    none(
        "1.2. Giao Sở Tài chính tham mưu bố trí kinh phí.",
        "2024-10-20",
    );
}

#[test]
fn of_two_dates_only_the_triggered_one_is_the_deadline() {
    let s = "Thực hiện Chỉ thị số 15/CT-UBND ngày 20 tháng 5 năm 2024, các sở gửi số liệu về Sở Tài chính trước ngày 10/6/2024.";
    let all = find_all(s, &ctx("2024-05-25"));
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].due, Some(date("2024-06-10")));
}

#[test]
fn two_tasks_give_two_deadlines_in_order() {
    let s = "Nạo vét kênh mương, hoàn thành trước ngày 15/12/2024; kiên cố hóa bờ kè, hoàn thành trước ngày 28/02/2025.";
    let all = find_all(s, &ctx("2024-11-20"));
    let dues: Vec<_> = all.iter().map(|f| f.due).collect();
    assert_eq!(
        dues,
        vec![Some(date("2024-12-15")), Some(date("2025-02-28"))]
    );
    assert_eq!(one(s, "2024-11-20").due, Some(date("2024-12-15")));
    for f in &all {
        assert_eq!(&s[f.start..f.end], f.due_text);
    }
}

#[test]
fn header_dates_alone_on_a_line_are_not_cells() {
    none("Lạng Sơn,\nngày 03 tháng 4 năm 2024\n|", "2024-04-03");
    none(
        "Thứ hai 08/4/2024\nUBND tỉnh họp bàn về phòng cháy",
        "2024-04-08",
    );
    none("Hà Nội, ngày 09 tháng 4\nnăm 2024", "2024-04-09");
    assert_eq!(
        due("Hoàn thiện cơ sở dữ liệu\n30/9/2024", "2024-04-09"),
        Some(date("2024-09-30"))
    );
}

#[test]
fn trinh_inside_a_compound_does_not_govern() {
    none(
        "Chương trình mục tiêu quốc gia được thực hiện đến năm 2030.",
        "2024-04-09",
    );
    none(
        "Các công trình giao thông nông thôn được định hướng đến năm 2028.",
        "2024-04-09",
    );
    assert_eq!(
        due(
            "Sở Nội vụ trình UBND tỉnh đến hết ngày 15/5/2024.",
            "2024-04-09"
        ),
        Some(date("2024-05-15"))
    );
}

#[test]
fn months_of_a_year_so_far_are_not_a_limit() {
    none(
        "Trong 9 tháng năm 2024, tổng thu ngân sách đạt 80% dự toán.",
        "2024-10-09",
    );
}

#[test]
fn a_period_followed_by_da_is_a_statement_of_the_past() {
    none(
        "Việc cấp nước sạch cho vùng hạn trong năm 2024 đã được hoàn thành vượt kế hoạch.",
        "2024-12-09",
    );
}

#[test]
fn a_meeting_date_is_not_a_deadline() {
    none(
        "Hội nghị được tổ chức vào ngày 20/5/2024 tại hội trường.",
        "2024-05-10",
    );
}

// --- The annotated corpus -----------------------------------------------------------------

/// The share of annotated deadlines of `/work/shared/corpus/dev` found in their task's quote.
#[test]
#[ignore = "reads the annotated corpus outside the repository"]
fn dev_corpus_deadlines() {
    let dir = std::path::Path::new("/work/shared/corpus/dev");
    let Ok(entries) = std::fs::read_dir(dir) else {
        println!("no corpus at {}", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let (mut total, mut hits) = (0usize, 0usize);
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let issued = doc["issued"]
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let c = DeadlineContext {
            issued,
            calendar: cal(),
        };
        for task in doc["tasks"].as_array().into_iter().flatten() {
            let gold_due = task["due"]
                .as_str()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
            let gold_text = task["due_text"].as_str();
            if gold_due.is_none() && gold_text.is_none() {
                continue;
            }
            total += 1;
            let quote = task["quote"].as_str().unwrap_or_default();
            let found = find_all(quote, &c);
            let hit = match gold_due {
                Some(d) => found.iter().any(|f| f.due == Some(d)),
                None => found.iter().any(|f| f.due.is_none()),
            };
            if hit {
                hits += 1;
            } else {
                println!(
                    "MISS {}: gold {:?} {:?}; found {:?}",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    gold_due,
                    gold_text,
                    found
                        .iter()
                        .map(|f| (f.due, f.due_text.as_str()))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
    let share = if total == 0 {
        0.0
    } else {
        hits as f64 / total as f64
    };
    println!("dev corpus deadlines: {hits}/{total} = {share:.3}");
}
