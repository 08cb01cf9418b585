//! The word lists names are read with: departments, abbreviations, heads of names, titles,
//! group nouns, modifiers, documents, stop words and the markers of roles.

use super::*;

// ---------------------------------------------------------------------------------------------
// Word lists. All in lower case, new-style tone marks ("ủy", "hòa"), one space between words.

/// Department and ministry names, as "Sở …" / "Bộ …" take them.
pub(super) const DEPARTMENTS: &[&str] = &[
    "Tài chính",
    "Xây dựng",
    "Kế hoạch và Đầu tư",
    "Tài nguyên và Môi trường",
    "Nông nghiệp và Phát triển nông thôn",
    "Nông nghiệp và Môi trường",
    "Công Thương",
    "Y tế",
    "Giáo dục và Đào tạo",
    "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch",
    "Văn hóa và Thể thao",
    "Văn hóa - Thông tin",
    "Văn hóa và Thông tin",
    "Du lịch",
    "Thông tin và Truyền thông",
    "Khoa học và Công nghệ",
    "Tư pháp",
    "Nội vụ",
    "Ngoại vụ",
    "Ngoại giao",
    "Quốc phòng",
    "Công an",
    "Giao thông vận tải",
    "Giao thông - Xây dựng",
    "Dân tộc và Tôn giáo",
    "Công nghiệp",
    "Thương mại",
    "Thủy sản",
    "Quy hoạch - Kiến trúc",
];

/// Department abbreviations, expanded in every name. The first ones also end a name after
/// "Sở"/"Bộ" ([`DEPT_ABBR_COUNT`]).
pub(super) const ABBREVIATIONS: &[(&str, &str)] = &[
    (r"KH\s*(?:&|và)\s*ĐT|KHĐT", "Kế hoạch và Đầu tư"),
    (r"TN\s*(?:&|và)\s*MT|TNMT", "Tài nguyên và Môi trường"),
    (
        r"NN\s*(?:&|và)\s*PTNT|NNPTNT",
        "Nông nghiệp và Phát triển nông thôn",
    ),
    (r"NN\s*(?:&|và)\s*MT|NNMT", "Nông nghiệp và Môi trường"),
    (
        r"LĐ\s*[-,]?\s*TB\s*(?:&|và)\s*XH|LĐTBXH",
        "Lao động - Thương binh và Xã hội",
    ),
    (
        r"VH\s*[,-]?\s*TT\s*(?:&|và)\s*DL|VHTTDL",
        "Văn hóa, Thể thao và Du lịch",
    ),
    (r"TT\s*(?:&|và)\s*TT|TTTT", "Thông tin và Truyền thông"),
    (r"GD\s*(?:&|và|-)\s*ĐT|GDĐT", "Giáo dục và Đào tạo"),
    (r"KH\s*(?:&|và)\s*CN|KHCN", "Khoa học và Công nghệ"),
    (r"GT\s*-\s*VT|GTVT", "Giao thông vận tải"),
    (r"PTNT", "Phát triển nông thôn"),
    (r"BCH", "Bộ Chỉ huy"),
    (r"BQL", "Ban Quản lý"),
    (r"VP", "Văn phòng"),
    (r"BHXH", "Bảo hiểm xã hội"),
    (r"KBNN", "Kho bạc Nhà nước"),
    (r"UBMTTQ\s*VN|UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    (r"UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    (r"MTTQ", "Mặt trận Tổ quốc"),
    (r"LĐLĐ", "Liên đoàn Lao động"),
    (r"PT\s*-\s*TH|PTTH", "Phát thanh - Truyền hình"),
];
pub(super) const DEPT_ABBR_COUNT: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    /// "Sở", "Bộ": a department name follows.
    Dept,
    /// Needs a capitalised word (or a number) after it: "Ban Dân tộc", "Quân khu 5".
    Generic,
    /// Takes any name after it: "Hội đồng dân tộc".
    Any,
    /// A generic group head without "các": "Cơ quan đăng ký đầu tư".
    Group,
    /// A complete name by itself; a capitalised name or a level may follow: "Tỉnh đoàn".
    Fixed,
    /// Only a unit before a level or a capitalised word: "Thanh tra tỉnh", "Thuế tỉnh X".
    NeedsPlace,
    /// "Thủ tướng", "Phó Thủ tướng" and a person's name.
    Person,
}

pub(super) const HEADS: &[(&str, Head)] = &[
    ("sở", Head::Dept),
    ("bộ", Head::Dept),
    ("bộ chỉ huy", Head::Generic),
    ("bch", Head::Generic),
    ("bộ tư lệnh", Head::Generic),
    ("bộ đội biên phòng", Head::Fixed),
    ("bộ chính trị", Head::Fixed),
    ("ban", Head::Generic),
    ("ban bí thư", Head::Fixed),
    ("bql", Head::Generic),
    ("cục", Head::Generic),
    // a department of a ministry: "Vụ Pháp chế"
    ("vụ", Head::Generic),
    ("chi cục", Head::Generic),
    ("tổng cục", Head::Generic),
    ("đài", Head::Generic),
    ("cổng", Head::Generic),
    ("hội", Head::Generic),
    ("hội đồng", Head::Any),
    ("liên đoàn", Head::Generic),
    ("liên hiệp", Head::Generic),
    ("liên minh", Head::Generic),
    ("hiệp hội", Head::Generic),
    ("lđlđ", Head::Fixed),
    ("tập đoàn", Head::Generic),
    ("tổng công ty", Head::Generic),
    ("công ty", Head::Generic),
    ("ngân hàng", Head::Generic),
    ("trung tâm", Head::Generic),
    ("viện", Head::Generic),
    ("viện kiểm sát", Head::Generic),
    ("học viện", Head::Generic),
    ("bệnh viện", Head::Generic),
    ("trường", Head::Generic),
    ("văn phòng", Head::Generic),
    ("vp", Head::Generic),
    ("ủy ban", Head::Generic),
    ("kho bạc", Head::Generic),
    ("kho bạc nhà nước", Head::Fixed),
    ("kbnn", Head::Fixed),
    ("qũy", Head::Generic),
    ("báo", Head::Generic),
    ("thông tấn xã", Head::Generic),
    ("đoàn", Head::Generic),
    ("quân khu", Head::Generic),
    ("thường trực", Head::Generic),
    ("chi nhánh", Head::Generic),
    ("phòng", Head::Generic),
    ("tòa án", Head::Generic),
    ("vườn quốc gia", Head::Generic),
    ("điện lực", Head::Generic),
    ("cơ quan", Head::Group),
    ("tỉnh đoàn", Head::Fixed),
    ("thành đoàn", Head::Fixed),
    ("tỉnh ủy", Head::Fixed),
    ("thành ủy", Head::Fixed),
    ("huyện ủy", Head::Fixed),
    ("quốc hội", Head::Fixed),
    ("chính phủ", Head::Fixed),
    ("bảo hiểm xã hội", Head::Fixed),
    ("bhxh", Head::Fixed),
    ("ubmttq", Head::Fixed),
    ("ubmttqvn", Head::Fixed),
    ("mặt trận tổ quốc", Head::Fixed),
    ("kiểm toán nhà nước", Head::Fixed),
    ("thanh tra", Head::NeedsPlace),
    ("thuế", Head::NeedsPlace),
    ("thủ tướng", Head::Person),
    ("phó thủ tướng", Head::Person),
];

/// Lower-case words that may follow "Ban" in a name ("Ban quản lý Khu kinh tế").
pub(super) const BAN_LOWER: &[&str] = &[
    "quản lý",
    "chỉ đạo",
    "chỉ huy",
    "điều hành",
    "đại diện",
    "tổ chức",
    "tuyên giáo",
    "dân tộc",
    "dân vận",
    "nội chính",
    "thường vụ",
    "an toàn giao thông",
];

/// People's committees, councils and the police: a level follows.
pub(super) const LOCAL_GOV: &[&str] = &[
    "ủy ban nhân dân",
    "ủyban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "công an",
];

/// Administrative levels with their rank (1 province, 2 district, 3 commune).
pub(super) const LEVELS: &[(&str, u8)] = &[
    ("tỉnh", 1),
    ("thành phố", 2),
    ("tp", 2),
    ("huyện", 2),
    ("thị xã", 2),
    ("quận", 2),
    ("xã", 3),
    ("phường", 3),
    ("thị trấn", 3),
    ("đặc khu", 3),
];

/// Titles dropped before a head.
pub(super) const TITLES: &[&str] = &[
    "giám đốc",
    "phó giám đốc",
    "tổng giám đốc",
    "chủ tịch",
    "phó chủ tịch",
    "thủ trưởng",
    "bộ trưởng",
    "thứ trưởng",
    "thống đốc",
    "chánh",
    "trưởng",
    "trưởng ban",
    "phó trưởng ban",
    "cục trưởng",
    "vụ trưởng",
    "chi cục trưởng",
    "tổng cục trưởng",
    "chỉ huy trưởng",
    "viện trưởng",
    "hiệu trưởng",
    "chánh án",
    "người đứng đầu",
    "lãnh đạo",
];

/// Whether `words` (lower case) is a title that may stand before a unit ("bộ trưởng", "chủ tịch").
pub(crate) fn is_title(words: &str) -> bool {
    TITLES.contains(&fold_name(words).as_str())
}

/// Generic nouns of groups ("các sở, ban, ngành").
pub(super) const GROUP_NOUNS: &[&str] = &[
    "sở",
    "ban",
    "ngành",
    "bộ",
    "cơ quan",
    "đơn vị",
    "địa phương",
    "đoàn thể",
    "tổ chức",
    "tổ chức tín dụng",
    "tổ chức chính trị - xã hội",
    "tổ chức chính trị xã hội",
    "tổ chức xã hội - nghề nghiệp",
    "tổ chức chính trị - xã hội - nghề nghiệp",
    "tổ chức xã hội",
    "doanh nghiệp",
    "lực lượng",
    "hội",
    "hội đoàn thể",
    "phòng",
    "phòng ban",
    "ban ngành",
    "tập đoàn",
    "tổng công ty",
    "công ty",
    "ủy ban",
    "cơ quan báo chí",
    "báo chí",
    "phát thanh",
    "truyền hình",
    "cơ sở",
    "nhà đầu tư",
    "chủ đầu tư",
    "nhà cung cấp",
    "cá nhân",
    "trường học",
    "trường",
    "bệnh viện",
    "ngân hàng",
    "trung tâm",
    "khu công nghiệp",
    "khu công nghệ cao",
    "khu kinh tế",
    "cụm công nghiệp",
    "chi cục",
    "cục",
    "đài",
    "viện",
    "hợp tác xã",
    "cấp",
    "tỉnh",
    "thành phố",
    "huyện",
    "thị xã",
    "quận",
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
];

/// Group nouns that may head a shorthand list ("các Sở: Tài chính, Xây dựng").
pub(super) const LIST_HEADS: &[&str] = &[
    "sở",
    "bộ",
    "ban",
    "tập đoàn",
    "tổng công ty",
    "công ty",
    "cục",
    "vụ",
    "hội",
    "đài",
    "ngân hàng",
    "trung tâm",
    "ủy ban",
];

/// Modifiers of a group after which nothing but another noun may follow.
pub(super) const CLOSING_MODIFIERS: &[&str] = &["có liên quan", "liên quan", "khác"];

/// Modifiers of a group that may be followed by more.
pub(super) const OPEN_MODIFIERS: &[&str] = &[
    "chức năng",
    "chuyên môn",
    "chuyên ngành",
    "cấp tỉnh",
    "cấp huyện",
    "cấp xã",
    "các cấp",
    "trung ương",
];

/// Modifiers that take a place or a unit after them ("trực thuộc Trung ương", "của Thành phố").
pub(super) const LINKING_MODIFIERS: &[&str] =
    &["trên địa bàn", "trực thuộc", "thuộc", "của", "ngang"];

/// Documents, dates, references: they end a name and never start one.
pub(super) const DOCUMENTS: &[&str] = &[
    "luật",
    "bộ luật",
    "nghị định",
    "nghị quyết",
    "quyết định",
    "chỉ thị",
    "thông tư",
    "công văn",
    "công điện",
    "thông báo",
    "báo cáo",
    "tờ trình",
    "văn bản",
    "kế hoạch",
    "chương trình",
    "đề án",
    "quy chế",
    "quy định",
    "hướng dẫn",
    "kết luận",
    "hiến pháp",
    "pháp lệnh",
    // dates and references: not part of a name either
    "ngày",
    "tháng",
    "năm",
    "qúy",
    "giờ",
    "kỳ họp",
    "v/v",
    "số",
    "điều",
    "khoản",
    "phụ lục",
];

/// Words that end a name: verbs and function words of directives.
pub(super) const STOP_WORDS: &[&str] = &[
    "là", "làm", "có", "được", "bị", "theo", "trong", "tại", "về", "để", "với", "cho", "nhằm",
    "đã", "sẽ", "đang", "cần", "phải", "trình", "gửi", "nếu", "khi", "thì", "mà", "vì", "do",
    "bởi", "tới", "đến", "từ", "trên", "dưới", "sau", "trước", "ngay", "luôn", "cũng", "đều",
    "vẫn", "còn", "chưa", "không", "chỉ", "lập", "rà", "xem", "nắm", "đôn", "lấy", "nêu", "giao",
    "mời", "tiếp", "tăng", "đẩy", "kịp", "sớm", "nghiên", "hướng", "kiểm", "giám", "thẩm", "đề",
    "tham", "phối", "chịu", "khẩn", "triển", "hoàn", "hỗ", "khắc", "quán", "ra", "vào", "nhận",
    "ký", "phê", "cử", "chọn", "nộp", "hoặc", "hay", "như", "gồm", "bao", "này", "đó", "những",
    "mọi", "toàn", "căn", "cùng", "yêu", "xác", "tích", "chú", "lưu", "đối", "cập", "rút", "ưu",
    "nâng", "cải", "hạn", "xuống", "lên", "phân", "tạo", "giữ", "duy", "đáp", "trả", "kêu",
    "tuyên", "huy", "chấn", "xử", "tiến", "sắp", "chuẩn", "nghiêm", "tập", "bố", "tổ", "chủ",
    "quyết", "điều", "đánh", "thống", "cung", "giúp", "bám", "chi", "thu", "người", "kế", "ngày",
    "tháng", "năm", "qúy", "giờ", "việc", "nội", "kết", "ý", "hồ", "mở", "đóng", "dừng", "tạm",
    "hết", "ở", "xin", "trân", "kính", "đảm", "biết", "chuyển", "của", "đưa", "giãn", "sửa", "dọn",
    "khôi", "cắt", "miễn", "hoãn", "hủy", "truy", "tuần", "ngăn", "lắp", "kiện", "củng", "trao",
    "nhanh", "thăm",
];

/// Single stop words that are the second syllable of a compound after these first syllables
/// ("Phát triển", "Chỉ huy", "An toàn", "công trình", "đăng ký").
pub(super) const COMPOUNDS: &[(&str, &[&str])] = &[
    (
        "trình",
        &[
            "quá", "công", "chương", "lộ", "tờ", "giải", "tiến", "quy", "văn",
        ],
    ),
    ("ký", &["đăng"]),
    ("triển", &["phát"]),
    ("huy", &["chỉ"]),
    ("toàn", &["an"]),
    ("kế", &["thiết"]),
    ("chuẩn", &["tiêu"]),
    ("giao", &["ngoại"]),
    ("không", &["hàng"]),
    ("tạo", &["đào"]),
    ("cử", &["bầu"]),
    ("chủ", &["dân"]),
    ("tập", &["học"]),
    ("thống", &["hệ", "truyền"]),
    ("kiện", &["điều", "sự"]),
    ("cần", &["thiết"]),
];

/// Phrases that end a name (their first word alone does not).
pub(super) const STOP_PHRASES: &[&str] = &[
    "báo cáo",
    "ban hành",
    "bảo đảm",
    "công bố",
    "phát động",
    "phát huy",
    "phát hiện",
    "phát hành",
    "phát biểu",
    "giải quyết",
    "giải trình",
    "giải ngân",
    "giải thích",
    "thông báo",
    "thông qua",
    "vận động",
    "vận hành",
    "liên quan",
    "liên hệ",
    "liên kết",
    "thường xuyên",
    "tổng hợp",
    "tổng kết",
    "dự thảo",
    "quy định",
    "hoạt động",
    "văn bản",
    "đổi mới",
    "cấp phép",
    "cấp giấy",
    "làm việc",
    "thực hiện",
    "thực thi",
    "phủ sóng",
    "sản xuất",
    "cứu trợ",
    "tìm kiếm",
    "giảm thiểu",
    "đồng thời",
    "đồng ý",
    "đồng bộ",
    "di dời",
    "mua sắm",
    "khám chữa",
];

/// Words after which a unit only receives something.
pub(super) const RECIPIENT_MARKERS: &[&str] = &[
    "báo cáo",
    "trình",
    "đề xuất",
    "gửi",
    "tham mưu",
    "kiến nghị",
    "xin ý kiến",
    "qua",
    "thông qua",
    "trước",
];

/// Words that tie a unit to the sentence in another role than recipient.
pub(super) const ROLE_BLOCKERS: &[&str] = &[
    "phối hợp",
    "với",
    "chủ trì",
    "giao",
    "đề nghị",
    "yêu cầu",
    "chỉ đạo",
    "hướng dẫn",
    "đôn đốc",
    "của",
    "cùng",
    "hỗ trợ",
    "và",
];

pub(super) static DEPT_ABBR: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    ABBREVIATIONS[..DEPT_ABBR_COUNT]
        .iter()
        .map(|(p, _)| Regex::new(&format!(r"^(?:{p})\b")).expect("valid pattern"))
        .collect()
});

pub(super) static EXPANSIONS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    ABBREVIATIONS
        .iter()
        .map(|(p, e)| {
            (
                Regex::new(&format!(r"\b(?:{p})\b")).expect("valid pattern"),
                *e,
            )
        })
        .collect()
});

/// Department names without spaces, punctuation or diacritics, longest first; with the name to
/// show when the text's words differ from it, and the number of words of the compared form.
pub(super) static LEXICON: LazyLock<Vec<(Vec<char>, &'static str, usize)>> = LazyLock::new(|| {
    let mut v = Vec::new();
    for d in DEPARTMENTS {
        let words = |s: &str| {
            s.split_whitespace()
                .filter(|w| !matches!(*w, "-" | "–"))
                .count()
        };
        v.push((compact(d), *d, words(d)));
        if d.contains(" và ") {
            let bare = d.replace(" và ", " ");
            v.push((compact(&bare), *d, words(&bare)));
        }
    }
    v.sort_by_key(|(c, _, _)| std::cmp::Reverse(c.len()));
    v
});
