//! The units a sentence of a directive names: departments, ministries, people's committees,
//! mass organisations, enterprises and generic groups ("các sở, ban, ngành"), each with its name
//! as the text gives it, its byte span, whether it is a generic group, and whether it is only the
//! recipient of a report ("báo cáo UBND tỉnh").
//!
//! # Rules
//! - **Words.** The sentence is cut into words and punctuation; a chunk holding a digit or "/"
//!   ("552/BC-HĐND", "Covid-19") stays one word, so the codes of document numbers never read as
//!   units. Words compare in lower case with new-style tone marks ("Uỷ" = "Ủy"). Three or more
//!   upper-case words in a row (a heading) count as lower case. A name may run across a line
//!   break (a wrapped PDF line) but not across a blank line, and a dash at the start of a line is
//!   a bullet, not part of a name.
//! - **Heads.** A unit starts at a head word: "Sở", "Bộ" (departments and ministries), "UBND" /
//!   "Ủy ban nhân dân" / "HĐND" (local government), "Ban", "Cục", "Đài", "Hội", "Liên đoàn",
//!   "Tập đoàn", "Công ty", "Ngân hàng", "Trung tâm", "Văn phòng", "Ủy ban", "Kho bạc",
//!   "Thông tấn xã" … (followed by a capitalised word, so "Ban hành", "Hội nghị", "Bộ phận" are
//!   not units), self-standing names ("Tỉnh đoàn", "Tỉnh ủy", "Bảo hiểm xã hội", "Chính phủ",
//!   "Quốc hội"), "Công an" / "Thanh tra" / "Thuế" before a level ("tỉnh", "Thành phố"), and
//!   "Thủ tướng" / "Phó Thủ tướng" with a person's name. A title before a head — "Giám đốc",
//!   "Chủ tịch", "Thủ trưởng", "Bộ trưởng", "Thống đốc", "Chánh", "Trưởng" … — is dropped; a title
//!   followed by ":" ("Giao Giám đốc: Sở A, Sở B") only introduces the list.
//! - **Department names.** After "Sở"/"Bộ" the name is first read as an abbreviation ("KH&ĐT",
//!   "TN&MT", "LĐ-TB&XH", "VH,TT&DL", "GTVT" …, expanded), then from a list of department names
//!   compared without spaces, punctuation or diacritics (so "Văn hóa, Thể thao và Du lịch" keeps
//!   its comma and "Kếhoạch và Đầu tư", a typo of the source, is still found), else like any other
//!   name. A level may follow ("Sở Tài chính tỉnh Bình An").
//! - **Other names** run over capitalised words, numbers ("Quân khu 5", "Ban Chỉ đạo 389"),
//!   "-" or "và" between capitalised words ("Phát thanh - Truyền hình", "Kinh tế và Tài chính",
//!   but not "và" before another head), "của Quốc hội" / "của Chính phủ", and lower-case words
//!   until a word that cannot continue a noun phrase: a verb or function word of directives
//!   ("chủ trì", "phối hợp", "có trách nhiệm", "tham mưu", "khẩn trương", "triển khai", "thực
//!   hiện", "theo", "trong", "được" …, so the qualifiers "theo chức năng, nhiệm vụ", "trong phạm
//!   vi …", "được phân công …" are left out), a comma, or any other punctuation. The second
//!   syllable of a compound is no stop word ("Phát triển", "Chỉ huy", "An toàn", "công trình").
//!   A level word ("tỉnh", "thành phố", "huyện" …) with its place name ends the name ("Công an
//!   tỉnh", "Trung tâm Chuyển đổi số Thành phố"), so does "Việt Nam" (or "Việt Nam tỉnh"); dates
//!   and references ("Quý II", "V/v", "số …") are never part of a name.
//! - **Local government.** "UBND huyện A", "Ủy ban nhân dân thành phố B" (a level and a place
//!   name) are units; "UBND tỉnh", "UBND Thành phố" too. "UBND cấp huyện", "UBND các huyện, thị
//!   xã, thành phố", "UBND huyện, thị xã, thành phố", "Ủy ban nhân dân thành phố và các huyện" are
//!   groups. "UBND" is kept as written; only department abbreviations are expanded.
//! - **Shorthand lists.** "các Sở: Tài chính, Xây dựng" and "các Bộ, cơ quan: …" give one unit
//!   per item, named with the head ("Sở Tài chính"); an item with its own head ("Tập đoàn Điện
//!   lực Việt Nam") ends the shorthand and is read as itself. "UBND các huyện: A, B và thành phố C"
//!   (or without the colon, "UBND các tỉnh A và B") gives "UBND huyện A", "UBND huyện B",
//!   "UBND thành phố C". The span of an expanded item is that of the item's own words.
//! - **Groups.** "các" (or "hệ thống các") before a generic noun — sở, ban, ngành, bộ, cơ quan,
//!   đơn vị, địa phương, đoàn thể, tổ chức, doanh nghiệp, lực lượng, huyện, xã … — starts a group;
//!   it runs over further nouns after "," or "và" ("các Bộ, cơ quan và địa phương liên quan"),
//!   modifiers ("liên quan", "có liên quan", "chức năng", "tỉnh", "trên địa bàn tỉnh", "trực
//!   thuộc Trung ương", "cấp xã") and at most four other lower-case words ("các doanh nghiệp viễn
//!   thông"). A one-syllable noun right after "các" must not open a compound ("các bộ phận",
//!   "các trường hợp" are not groups). Groups named one after another are returned one by one;
//!   joining them into one entry is the task extractor's affair.
//! - **Recipients.** A unit after "báo cáo", "trình", "đề xuất", "gửi", "tham mưu", "kiến nghị",
//!   "xin ý kiến", "(qua …)", "thông qua" or "chịu trách nhiệm trước" — within six words of the
//!   same clause, with no "phối hợp", "với", "giao", "đề nghị", "của" … in between — gets
//!   [`Role::Recipient`], and so does a unit joined to a recipient by "," or "và" ("báo cáo UBND
//!   tỉnh, Chủ tịch UBND tỉnh"). Everything else, the issuer "UBND tỉnh" of "UBND tỉnh giao …"
//!   included, is [`Role::Named`].
//! - **Not units**: place names without a head ("tỉnh Hậu Giang", "Thành phố" at the start of a
//!   sentence), legal documents ("Luật …", "Nghị định …", "Quyết định số …": they end a name and
//!   never start one), persons without an office ("đồng chí …").

use std::sync::LazyLock;

use regex::{NoExpand, Regex};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::domain::text::fold_name;

/// Why a unit is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Named as a party of the sentence: the one tasked, a coordinating unit, the issuer.
    Named,
    /// Only receives a report, a proposal or a draft: after "báo cáo", "trình", "đề xuất",
    /// "gửi", "tham mưu", "(qua …)", "thông qua", "chịu trách nhiệm trước".
    Recipient,
}

/// A unit named in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMention {
    /// The name as the text gives it, white space folded, department abbreviations expanded
    /// ("Sở KH&ĐT" → "Sở Kế hoạch và Đầu tư"), titles ("Giám đốc", "Chủ tịch" …) and qualifiers
    /// ("theo chức năng, nhiệm vụ …") left out; a shorthand item gets its head ("Sở Xây dựng").
    pub name: String,
    /// A generic group ("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố").
    pub group: bool,
    pub role: Role,
    /// Byte span of the name's words in the sentence (a shorthand item: the item's words).
    pub start: usize,
    pub end: usize,
}

/// The units `sentence` names, in order of appearance.
pub fn find_units(sentence: &str) -> Vec<UnitMention> {
    let mut t = tokenize(sentence);
    unshout(sentence, &mut t);
    let p = Parser { s: sentence, t };
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < p.t.len() {
        match p.unit_at(i) {
            Some((ms, next)) => {
                found.extend(ms);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    p.assign_roles(&mut found);
    let mut out: Vec<UnitMention> = found.into_iter().map(|f| f.m).collect();
    drop_appositions(sentence, &mut out);
    out
}

/// "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo", "Sở Xây dựng (cơ quan chủ trì)": a role
/// set after a unit by a dash or in brackets names the same unit again; the unit's name is the
/// one mention kept, spanning both.
fn drop_appositions(sentence: &str, mentions: &mut Vec<UnitMention>) {
    let mut i = 0;
    while i + 1 < mentions.len() {
        let (a, b) = (&mentions[i], &mentions[i + 1]);
        let gap = sentence.get(a.end..b.start).unwrap_or("").trim();
        let role = b.group && !b.name.to_lowercase().starts_with("các ");
        if !a.group && role && matches!(gap, "-" | "–" | "(") {
            let close = sentence[b.end..]
                .strip_prefix(')')
                .map_or(b.end, |_| b.end + 1);
            mentions[i].end = close;
            mentions.remove(i + 1);
            continue;
        }
        i += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Word lists. All in lower case, new-style tone marks ("ủy", "hòa"), one space between words.

/// Department and ministry names, as "Sở …" / "Bộ …" take them.
const DEPARTMENTS: &[&str] = &[
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
const ABBREVIATIONS: &[(&str, &str)] = &[
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
const DEPT_ABBR_COUNT: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
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

const HEADS: &[(&str, Head)] = &[
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
const BAN_LOWER: &[&str] = &[
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
const LOCAL_GOV: &[&str] = &[
    "ủy ban nhân dân",
    "ủyban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "công an",
];

/// Administrative levels with their rank (1 province, 2 district, 3 commune).
const LEVELS: &[(&str, u8)] = &[
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
const TITLES: &[&str] = &[
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
const GROUP_NOUNS: &[&str] = &[
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
const LIST_HEADS: &[&str] = &[
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
const CLOSING_MODIFIERS: &[&str] = &["có liên quan", "liên quan", "khác"];

/// Modifiers of a group that may be followed by more.
const OPEN_MODIFIERS: &[&str] = &[
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
const LINKING_MODIFIERS: &[&str] = &["trên địa bàn", "trực thuộc", "thuộc", "của", "ngang"];

/// Documents, dates, references: they end a name and never start one.
const DOCUMENTS: &[&str] = &[
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
const STOP_WORDS: &[&str] = &[
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
const COMPOUNDS: &[(&str, &[&str])] = &[
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
const STOP_PHRASES: &[&str] = &[
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
const RECIPIENT_MARKERS: &[&str] = &[
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
const ROLE_BLOCKERS: &[&str] = &[
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

static DEPT_ABBR: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    ABBREVIATIONS[..DEPT_ABBR_COUNT]
        .iter()
        .map(|(p, _)| Regex::new(&format!(r"^(?:{p})\b")).expect("valid pattern"))
        .collect()
});

static EXPANSIONS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
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
static LEXICON: LazyLock<Vec<(Vec<char>, &'static str, usize)>> = LazyLock::new(|| {
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

fn fold_char(c: char, out: &mut Vec<char>) {
    if c == 'đ' || c == 'Đ' {
        out.push('d');
        return;
    }
    for d in std::iter::once(c).nfd() {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    }
}

fn compact(s: &str) -> Vec<char> {
    let mut out = Vec::new();
    for c in s.chars() {
        match c {
            '&' => out.extend(['v', 'a']),
            c if c.is_whitespace() || matches!(c, ',' | '-' | '–') => {}
            c => fold_char(c, &mut out),
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Folds white space, expands department abbreviations, trims punctuation at the ends.
fn clean_name(raw: &str) -> String {
    let mut s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // a space lost by the source: "Ủyban nhân dân"
    for (typo, fixed) in [
        ("Ủyban ", "Ủy ban "),
        ("Uỷban ", "Uỷ ban "),
        ("ủyban ", "ủy ban "),
    ] {
        s = s.replace(typo, fixed);
    }
    for (re, expansion) in EXPANSIONS.iter() {
        if re.is_match(&s) {
            s = re.replace_all(&s, NoExpand(expansion)).into_owned();
        }
    }
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '.'))
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// Tokens.

struct Tok {
    /// Line breaks in the white space before the token.
    nl: usize,
    start: usize,
    end: usize,
    word: bool,
    cap: bool,
    digit: bool,
    low: String,
}

fn tokenize(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chunk_start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_whitespace() {
            if let Some(st) = chunk_start.take() {
                split_chunk(s, st, i, &mut out);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
    }
    out
}

fn push_tok(s: &str, start: usize, end: usize, word: bool, out: &mut Vec<Tok>) {
    let text = &s[start..end];
    let first = text.chars().next().unwrap_or(' ');
    let nl = s[..start]
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .filter(|&c| c == '\n')
        .count();
    out.push(Tok {
        nl,
        start,
        end,
        word,
        cap: word && first.is_uppercase(),
        digit: word && first.is_ascii_digit(),
        low: if word {
            fold_name(text)
        } else {
            text.to_string()
        },
    });
}

/// Splits a chunk without white space into words and punctuation. A chunk with a digit or "/"
/// keeps its inner punctuation ("552/BC-HĐND", "Covid-19", "3.1").
fn split_chunk(s: &str, st: usize, en: usize, out: &mut Vec<Tok>) {
    let chunk = &s[st..en];
    if chunk.chars().any(|c| c.is_ascii_digit() || c == '/') {
        let core_start = chunk
            .char_indices()
            .find(|&(_, c)| is_word_char(c))
            .map_or(chunk.len(), |(i, _)| i);
        let core_end = chunk
            .char_indices()
            .rev()
            .find(|&(_, c)| is_word_char(c))
            .map_or(core_start, |(i, c)| i + c.len_utf8());
        for (i, c) in chunk[..core_start].char_indices() {
            push_tok(s, st + i, st + i + c.len_utf8(), false, out);
        }
        if core_end > core_start {
            push_tok(s, st + core_start, st + core_end, true, out);
        }
        for (i, c) in chunk[core_end.max(core_start)..].char_indices() {
            let at = st + core_end.max(core_start) + i;
            push_tok(s, at, at + c.len_utf8(), false, out);
        }
        return;
    }
    let mut word_start = None;
    for (i, c) in chunk.char_indices() {
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else {
            if let Some(ws) = word_start.take() {
                push_tok(s, st + ws, st + i, true, out);
            }
            push_tok(s, st + i, st + i + c.len_utf8(), false, out);
        }
    }
    if let Some(ws) = word_start {
        push_tok(s, st + ws, en, true, out);
    }
}

/// Words of a heading in capitals ("ỦY BAN NHÂN DÂN TỈNH …", "CỘNG HÒA XÃ HỘI …"): three or more
/// upper-case words in a row are read as lower-case, so that they neither start nor continue
/// names as capitalised words do. Abbreviations stand alone or between punctuation ("Sở KH&ĐT").
fn unshout(s: &str, toks: &mut [Tok]) {
    let shouted = |t: &Tok| {
        let text = &s[t.start..t.end];
        t.word
            && text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !text.chars().any(char::is_lowercase)
    };
    let mut i = 0;
    while i < toks.len() {
        let mut j = i;
        while j < toks.len() && shouted(&toks[j]) {
            j += 1;
        }
        if j - i >= 3 {
            for t in &mut toks[i..j] {
                t.cap = false;
            }
        }
        i = j.max(i + 1);
    }
}

// ---------------------------------------------------------------------------------------------
// The parser.

struct Found {
    m: UnitMention,
    /// First token of the phrase (title and "các" included): where the look-back for a
    /// recipient starts.
    ctx: usize,
    /// Token after the mention.
    after: usize,
}

struct Parser<'a> {
    s: &'a str,
    t: Vec<Tok>,
}

impl Parser<'_> {
    fn low(&self, i: usize) -> &str {
        match self.t.get(i) {
            Some(t) if t.word => &t.low,
            _ => "",
        }
    }

    fn word(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.word)
    }

    fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.cap)
    }

    /// An abbreviation written in capitals ("KCB", "BHYT") that heads no unit of its own.
    fn acronym(&self, i: usize) -> bool {
        let Some(t) = self.t.get(i) else { return false };
        let text = &self.s[t.start..t.end];
        text.chars().count() >= 2
            && text.chars().all(|c| c.is_uppercase() || c == '&')
            && !self.head_at(i)
    }

    fn digit(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.digit)
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.t
            .get(i)
            .is_some_and(|t| !t.word && &self.s[t.start..t.end] == p)
    }

    /// A dash or "&" inside a name; a dash at the start of a line is a bullet.
    fn is_dash(&self, i: usize) -> bool {
        (self.punct(i, "-") || self.punct(i, "–") || self.punct(i, "&")) && self.t[i].nl == 0
    }

    /// Token `i` starts a new paragraph (a blank line before it): no name runs across.
    fn para(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.nl >= 2)
    }

    /// The number of words of `ph` found at `i`.
    fn phrase(&self, i: usize, ph: &str) -> Option<usize> {
        let mut n = 0;
        for w in ph.split(' ') {
            if self.low(i + n) != w {
                return None;
            }
            n += 1;
        }
        Some(n)
    }

    fn longest<'l>(&self, i: usize, list: &[&'l str]) -> Option<(usize, &'l str)> {
        list.iter()
            .filter_map(|ph| self.phrase(i, ph).map(|n| (n, *ph)))
            .max_by_key(|(n, _)| *n)
    }

    /// The phrase `ph` ending at token `i` (inclusive).
    fn phrase_ending(&self, i: usize, ph: &str) -> bool {
        let n = ph.split(' ').count();
        i + 1 >= n && self.phrase(i + 1 - n, ph).is_some()
    }

    fn slice(&self, a: usize, b: usize) -> &str {
        if b <= a {
            return "";
        }
        &self.s[self.t[a].start..self.t[b - 1].end]
    }

    fn tok_at_byte(&self, byte: usize) -> usize {
        self.t
            .iter()
            .position(|t| t.start >= byte)
            .unwrap_or(self.t.len())
    }

    fn found(&self, name: String, group: bool, a: usize, b: usize, ctx: usize) -> Found {
        Found {
            m: UnitMention {
                name,
                group,
                role: Role::Named,
                start: self.t[a].start,
                end: self.t[b - 1].end,
            },
            ctx,
            after: b,
        }
    }

    fn found_slice(&self, a: usize, b: usize, group: bool, ctx: usize) -> Found {
        self.found(clean_name(self.slice(a, b)), group, a, b, ctx)
    }

    /// Where the next item of a list starts after token `k`: past ", ", ", và" or "và"; none
    /// when the list ends there.
    fn next_list_item(&self, k: usize) -> Option<usize> {
        if self.punct(k, ",") {
            Some(if self.low(k + 1) == "và" {
                k + 2
            } else {
                k + 1
            })
        } else if self.low(k) == "và" {
            Some(k + 1)
        } else {
            None
        }
    }

    // --- word classes ---

    fn stop_at(&self, i: usize) -> bool {
        let l = self.low(i);
        // "Phát triển", "công trình": the second syllable of a compound, not a verb; "giao
        // thông": a noun, not "giao"
        if self.is_compound_tail(i) || self.phrase(i, "giao thông").is_some() {
            return false;
        }
        if STOP_WORDS.contains(&l) || STOP_PHRASES.iter().any(|p| self.phrase(i, p).is_some()) {
            return true;
        }
        // "số 12/QĐ-UBND", not "Chuyển đổi số"
        l == "số" && self.digit(i + 1)
    }

    /// Token `i` is the second syllable of a compound of [`COMPOUNDS`].
    fn is_compound_tail(&self, i: usize) -> bool {
        let prev = if i > 0 { self.low(i - 1) } else { "" };
        let l = self.low(i);
        COMPOUNDS
            .iter()
            .any(|(w, firsts)| *w == l && firsts.contains(&prev))
    }

    fn is_doc(&self, i: usize) -> bool {
        self.cap(i) && self.longest(i, DOCUMENTS).is_some()
    }

    fn title_at(&self, i: usize) -> Option<usize> {
        if !self.word(i) {
            return None;
        }
        let (n, _) = self.longest(i, TITLES)?;
        let j = i + n;
        let follows = self.punct(j, ":")
            || self.low(j) == "các"
            || self.local_gov_head(j).is_some()
            || self.named_head(j).is_some()
            || self.group_noun(j, true).is_some();
        follows.then_some(n)
    }

    fn named_head(&self, i: usize) -> Option<(usize, Head)> {
        // a head is capitalised; "công ty" may be written in lower case before its name
        let lower_company = self.phrase(i, "công ty").is_some() && self.cap(i + 2);
        if !(self.cap(i) || lower_company) {
            return None;
        }
        longest_kv(self, i, HEADS)
    }

    fn local_gov_head(&self, i: usize) -> Option<usize> {
        let (n, ph) = self.longest(i, LOCAL_GOV)?;
        if ph == "công an" {
            let j = i + n;
            let level_follows = self.level(j).is_some()
                || (matches!(self.low(j), "các" | "cấp") && self.level(j + 1).is_some());
            return (self.cap(i) && level_follows).then_some(n);
        }
        Some(n)
    }

    /// A head that ends a name met inside another one: "Sở", "Bộ", "UBND" …
    fn strong_head(&self, i: usize) -> bool {
        if self.local_gov_head(i).is_some() {
            return true;
        }
        match self.named_head(i) {
            Some((_, Head::Dept | Head::Fixed | Head::Person)) => true,
            Some(_) => matches!(self.low(i), "ban" | "văn" | "đài"),
            None => false,
        }
    }

    /// A head that ends a name even without a comma before it ("Sở A Sở B" in a table cell).
    fn breaks_body(&self, i: usize) -> bool {
        self.local_gov_head(i).is_some()
            || (self.low(i) == "sở" && self.named_head(i).is_some_and(|(_, k)| k == Head::Dept))
    }

    fn head_at(&self, i: usize) -> bool {
        self.local_gov_head(i).is_some() || self.named_head(i).is_some()
    }

    fn level(&self, i: usize) -> Option<(usize, u8)> {
        let (n, rank) = longest_kv(self, i, LEVELS)?;
        if self.low(i) == "xã" && self.low(i + 1) == "hội" {
            return None;
        }
        // "TP. Huế"
        let n = if self.low(i) == "tp" && self.punct(i + n, ".") {
            n + 1
        } else {
            n
        };
        Some((n, rank))
    }

    /// A place name: capitalised words and numbers ("Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "5").
    fn proper(&self, i: usize) -> usize {
        let mut k = i;
        let mut end = i;
        while k < self.t.len() && !(k > i && self.para(k)) {
            if self.word(k) && (self.cap(k) || self.digit(k)) {
                if self.is_doc(k) || self.longest(k, TITLES).is_some() || self.strong_head(k) {
                    break;
                }
                // "Trung ương"
                k += if self.phrase(k, "trung ương").is_some() {
                    2
                } else {
                    1
                };
                end = k;
            } else if k > i && self.is_dash(k) && self.cap(k + 1) {
                k += 1;
            } else {
                break;
            }
        }
        end - i
    }

    /// A level and its place name, as the end of a name: "tỉnh", "tỉnh Bình An", "Thành phố",
    /// "tỉnh ủy".
    fn locality(&self, i: usize) -> Option<usize> {
        if matches!(self.low(i), "tỉnh" | "thành" | "huyện") && self.low(i + 1) == "ủy" {
            return Some(2);
        }
        let (n, _) = self.level(i)?;
        Some(n + self.proper(i + n))
    }

    /// A generic group noun at `i`. Right after "các", a one-syllable noun must not open a
    /// compound ("các bộ phận", "các trường hợp").
    fn group_noun(&self, i: usize, first: bool) -> Option<(usize, &'static str)> {
        let (n, ph) = self.longest(i, GROUP_NOUNS)?;
        // "Ủy ban nhân dân …", "Sở Tài chính", "Hội đồng Thẩm định": a unit, not a generic noun
        if self.local_gov_head(i).is_some()
            || self.named_head(i).is_some_and(|(hn, _)| self.cap(i + hn))
        {
            return None;
        }
        if (first && n == 1) || ph == "tổ chức" {
            let j = i + n;
            let ok = !self.word(j)
                || self.cap(j)
                || matches!(self.low(j), "và" | "cùng" | "các")
                || self.stop_at(j)
                || self.level(j).is_some()
                || self.longest(j, CLOSING_MODIFIERS).is_some()
                || self.longest(j, OPEN_MODIFIERS).is_some()
                || self.longest(j, LINKING_MODIFIERS).is_some()
                || self.local_gov_head(j).is_some()
                // "các đoàn thể, tổ chức xã hội": further in a list, a noun with its qualifier
                || (!first && ph == "tổ chức" && self.word(j) && !self.cap(j) && !self.stop_at(j));
            if !ok {
                return None;
            }
        }
        Some((n, ph))
    }

    /// A department name after "Sở"/"Bộ" or in a shorthand list: the token after it, and the name
    /// to show when the text's words differ from the list's.
    fn lexicon_end(&self, k: usize) -> Option<(usize, Option<&'static str>)> {
        if !self.word(k) {
            return None;
        }
        let start = self.t[k].start;
        let mut comp: Vec<char> = Vec::new();
        let mut ends: Vec<usize> = Vec::new();
        for (bi, c) in self.s[start..].char_indices() {
            let b_end = start + bi + c.len_utf8();
            if c.is_whitespace() || matches!(c, ',' | '-' | '–') {
                continue;
            }
            if c == '&' {
                comp.extend(['v', 'a']);
                ends.extend([b_end, b_end]);
            } else if is_combining_mark(c) {
                if let Some(last) = ends.last_mut() {
                    *last = b_end;
                }
            } else if c.is_alphanumeric() {
                let before = comp.len();
                fold_char(c, &mut comp);
                ends.extend(std::iter::repeat_n(b_end, comp.len() - before));
            } else {
                break;
            }
            if comp.len() > 60 {
                break;
            }
        }
        for (lc, display, words) in LEXICON.iter() {
            if !comp.starts_with(lc) {
                continue;
            }
            let end_b = ends[lc.len() - 1];
            if self.s[end_b..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let end = self.tok_at_byte(end_b);
            let text_words = (k..end).filter(|&i| self.word(i)).count();
            return Some((end, (text_words != *words).then_some(*display)));
        }
        None
    }

    /// "Công nghiệp - Năng lượng Quốc gia Việt Nam": a name from the list may go on after a dash.
    fn dash_continuation(&self, e: usize) -> usize {
        if self.is_dash(e)
            && self.cap(e + 1)
            && !self.head_at(e + 1)
            && self.title_at(e + 1).is_none()
        {
            self.body(e + 1, true, true).unwrap_or(e)
        } else {
            e
        }
    }

    fn abbr_end(&self, k: usize) -> Option<usize> {
        let t = self.t.get(k)?;
        if !t.word || !t.cap {
            return None;
        }
        let rest = &self.s[t.start..];
        DEPT_ABBR
            .iter()
            .find_map(|re| re.find(rest))
            .map(|m| self.tok_at_byte(t.start + m.end()))
    }

    // --- phrases ---

    fn unit_at(&self, i: usize) -> Option<(Vec<Found>, usize)> {
        let (j, titled) = match self.title_at(i) {
            Some(n) => (i + n, true),
            None => (i, false),
        };
        if titled && self.punct(j, ":") {
            return Some((Vec::new(), j + 1));
        }
        if self.phrase(j, "hệ thống").is_some() && self.low(j + 2) == "các" {
            return self.cac(j + 2, j, i);
        }
        if self.low(j) == "các" {
            if let Some(r) = self.cac(j, j, i) {
                return Some(r);
            }
        }
        if let Some(r) = self.local_gov(j, i) {
            return Some(r);
        }
        if let Some(r) = self.named(j, i) {
            // "Sở Xây dựng các tỉnh, thành phố: A, B": the department of each place.
            if let ([one], next) = (r.0.as_slice(), r.1) {
                if !one.m.group && self.low(next) == "các" {
                    if let Some((first, level)) = self.levels_then_list(next + 1) {
                        let head = one.m.name.clone();
                        return Some(self.place_list(first, &head, level, i));
                    }
                }
            }
            return Some(r);
        }
        if titled {
            // "Thủ trưởng cơ quan ngang Bộ", not "trưởng phòng"
            if let Some((n, _)) = self.group_noun(j, false).filter(|&(n, _)| n > 1) {
                let end = self.group_tail(j + n);
                return Some((vec![self.found_slice(j, end, true, i)], end));
            }
        }
        None
    }

    /// "các" at `j`: a group, or a shorthand list ("các Sở: …").
    fn cac(&self, j: usize, name_start: usize, ctx: usize) -> Option<(Vec<Found>, usize)> {
        let k = j + 1;
        // "Các tỉnh A, B chủ động …": provinces named as actors are their committees; "tại các
        // tỉnh A, B" names places, not units.
        const PLACE_WORDS: &[&str] = &[
            "tại", "ở", "của", "thuộc", "bàn", "vực", "đến", "từ", "cho", "với", "trên", "giữa",
        ];
        let before = j.checked_sub(1).map(|b| self.low(b));
        if !before.is_some_and(|b| PLACE_WORDS.contains(&b)) {
            if let Some((first, level)) = self
                .levels_then_list(k)
                .filter(|_| matches!(self.low(k), "tỉnh" | "thành"))
            {
                return Some(self.place_list(first, "Ủy ban nhân dân", level, ctx));
            }
        }
        if self.local_gov_head(k).is_some() {
            // "các UBND huyện …"
            return self.local_gov(k, ctx);
        }
        // "các Sở Tài chính, Tư pháp": a shorthand list without the colon
        if matches!(self.low(k), "sở" | "bộ") && self.lexicon_end(k + 1).is_some() {
            let head = capitalize(self.slice(k, k + 1));
            let (items, next) = self.shorthand(k + 1, &head, true, ctx);
            if !items.is_empty() {
                return Some((items, next));
            }
        }
        let (n, noun) = self.group_noun(k, true)?;
        let mut scan = k + n;
        while self.punct(scan, ",") {
            match self.group_noun(scan + 1, false) {
                Some((m, _)) => scan += 1 + m,
                None => break,
            }
        }
        let head = capitalize(self.slice(k, k + n));
        if self.punct(scan, ":") && LIST_HEADS.contains(&noun) {
            let (items, next) = self.shorthand(scan + 1, &head, matches!(noun, "sở" | "bộ"), ctx);
            if !items.is_empty() {
                return Some((items, next));
            }
        }
        let end = self.group_tail(k + n);
        Some((vec![self.found_slice(name_start, end, true, ctx)], end))
    }

    /// The items of "các Sở: Tài chính, Xây dựng và Y tế"; or of "các Cục: Báo chí; Xuất bản, In
    /// và Phát hành", where semicolons part items whose names hold commas and "và".
    fn shorthand(&self, mut k: usize, head: &str, dept: bool, ctx: usize) -> (Vec<Found>, usize) {
        let mut out = Vec::new();
        let mut resume = k;
        let semicolons = self.semicolon_list(k);
        loop {
            // "Báo chí" is an item of "các Cục: …; Báo chí;", "Sở Y tế" is a unit of its own
            let other_head = if semicolons {
                self.strong_head(k)
            } else {
                self.head_at(k)
            };
            if !self.cap(k) || self.title_at(k).is_some() || other_head {
                break;
            }
            let lexicon = if dept { self.lexicon_end(k) } else { None };
            let item = if semicolons {
                self.semicolon_item(k).map(|e| (e, None))
            } else {
                None
            };
            let (end, shown) = match item.or(lexicon) {
                Some((e, shown)) => {
                    let e = self.dash_continuation(e);
                    let e2 = self.locality(e).map_or(e, |n| e + n);
                    (e2, shown.map(|d| format!("{d} {}", self.slice(e, e2))))
                }
                None if self.is_doc(k) || self.stop_at(k) => break,
                None => match self.body(k, true, true) {
                    Some(e) => (e, None),
                    None => break,
                },
            };
            if end <= k {
                break;
            }
            let item = shown.unwrap_or_else(|| self.slice(k, end).to_string());
            let name = clean_name(&format!("{head} {item}"));
            let c = if out.is_empty() { ctx } else { k };
            out.push(self.found(name, false, k, end, c));
            resume = end;
            k = end;
            let next = if semicolons {
                self.punct(k, ";").then_some(k + 1)
            } else {
                self.next_list_item(k)
            };
            match next {
                Some(next) => k = next,
                None => break,
            }
        }
        (out, resume)
    }

    /// The item of a semicolon list at `k`: capitalised words, with commas and "và" inside,
    /// up to the next ";" or "." — `None` when a verb or a document comes first.
    fn semicolon_item(&self, k: usize) -> Option<usize> {
        let mut i = k;
        while i < self.t.len() && i < k + 14 {
            if i > k && self.para(i) {
                break;
            }
            if self.punct(i, ";") || self.punct(i, ".") || self.punct(i, ":") {
                break;
            }
            if self.word(i) && ((!self.cap(i) && self.stop_at(i)) || self.is_doc(i)) {
                return None;
            }
            i += 1;
        }
        (i > k && (i >= self.t.len() || !self.word(i))).then_some(i)
    }

    /// The list at `k` parts its items with semicolons: its first item ends at a ";" before any
    /// verb, and a capitalised word follows it.
    fn semicolon_list(&self, k: usize) -> bool {
        self.semicolon_item(k)
            .is_some_and(|e| self.punct(e, ";") && self.cap(e + 1) && !self.head_at(e + 1))
    }

    /// After the first noun of a group: more nouns, modifiers.
    fn group_tail(&self, k0: usize) -> usize {
        let mut k = k0;
        let mut end = k0;
        let mut free = 0;
        let mut closed = false;
        loop {
            if k > k0 && self.para(k) {
                break;
            }
            if !closed {
                if let Some(e) = self.assigned_clause(k) {
                    return e;
                }
                // "các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa": the stretch of places meant
                if self.low(k) == "từ" && self.cap(k + 1) {
                    let first = self.proper(k + 1);
                    let to = k + 1 + first;
                    if first > 0 && matches!(self.low(to), "đến" | "tới") && self.cap(to + 1) {
                        let last = self.proper(to + 1);
                        if last > 0 {
                            k = to + 1 + last;
                            end = k;
                            closed = true;
                            continue;
                        }
                    }
                }
                if let Some((n, _)) = self.longest(k, CLOSING_MODIFIERS) {
                    // "liên quan", "khác" end a group
                    return k + n;
                }
                if let Some((n, _)) = self.longest(k, OPEN_MODIFIERS) {
                    k += n;
                    end = k;
                    continue;
                }
                if let Some(n) = self.linking_modifier(k) {
                    k += n;
                    end = k;
                    closed = true;
                    continue;
                }
                if let Some(n) = self.locality(k) {
                    k += n;
                    end = k;
                    closed = true;
                    continue;
                }
                // "các cơ sở giáo dục và đào tạo"
                let lexicon = self
                    .lexicon_end(k)
                    .filter(|&(e, _)| !self.cap(k) && (k..e).any(|i| self.low(i) == "và"));
                if let Some((e, _)) = lexicon {
                    k = e;
                    end = k;
                    continue;
                }
            }
            // another noun: ", ban", "và địa phương", "và các huyện"
            let sep = if self.punct(k, ",") {
                if self.low(k + 1) == "và" {
                    2
                } else {
                    1
                }
            } else if self.low(k) == "và" {
                1
            } else {
                0
            };
            if sep > 0 {
                let mut k2 = k + sep;
                let cac = self.low(k2) == "các";
                if cac {
                    k2 += 1;
                }
                if let Some((n, _)) = self.group_noun(k2, false) {
                    if !cac || self.level(k2).is_some() {
                        k = k2 + n;
                        end = k;
                        free = 0;
                        closed = false;
                        continue;
                    }
                }
            }
            // "các cơ sở KCB BHYT": an abbreviation qualifies the group as a lower-case word does.
            let qualifier = !self.cap(k) || self.acronym(k);
            if !closed
                && self.word(k)
                && qualifier
                && !self.digit(k)
                && !self.stop_at(k)
                && !matches!(self.low(k), "và" | "các" | "xây")
                && self.local_gov_head(k).is_none()
                && free < 4
            {
                k += 1;
                end = k;
                free += 1;
                continue;
            }
            break;
        }
        end
    }

    /// "(các cơ quan) được giao nhiệm vụ", "được phân công chủ trì thực hiện nhiệm vụ theo Kế
    /// hoạch này": which members of a group are meant. The clause names a duty ("nhiệm vụ") and
    /// runs to a comma or to the words that open the group's own work ("có trách nhiệm", "tập
    /// trung" …); the end of the group, or `None` when no such clause starts at `k`.
    fn assigned_clause(&self, k: usize) -> Option<usize> {
        const OPENS: &[&str] = &["được giao", "được phân công", "được lấy ý kiến"];
        const WORK: &[&str] = &[
            "có trách nhiệm",
            "chịu trách nhiệm",
            "chủ động",
            "khẩn trương",
            "tập trung",
            "nghiêm túc",
            "tiếp tục",
            "phải",
            "cần",
        ];
        let (n, _) = self.longest(k, OPENS)?;
        let mut i = k + n;
        while i < self.t.len() && i < k + n + 14 {
            if self.para(i) || (!self.word(i) && !self.is_dash(i)) {
                break;
            }
            if self.longest(i, WORK).is_some() {
                break;
            }
            i += 1;
        }
        // "được phân công chủ trì báo cáo": without the duty it names, the clause is the work.
        (k + n..i)
            .any(|j| self.phrase(j, "nhiệm vụ").is_some())
            .then_some(i)
    }

    /// "trên địa bàn tỉnh", "trực thuộc Trung ương", "của Thành phố", "ngang Bộ".
    fn linking_modifier(&self, k: usize) -> Option<usize> {
        let (n, _) = self.longest(k, LINKING_MODIFIERS)?;
        let j = k + n;
        if let Some(m) = self.locality(j) {
            return Some(n + m);
        }
        if let Some((m, _)) = self.longest(j, &["chính phủ", "quốc hội", "trung ương", "nhà nước"])
        {
            return self.cap(j).then_some(n + m);
        }
        if let Some(h) = self.local_gov_head(j) {
            return Some(n + h + self.locality(j + h).unwrap_or(0));
        }
        if self.named_head(j).is_some() {
            if let Some((_, e)) = self.named(j, j) {
                return Some(e - k);
            }
            // "ngang Bộ"
            return Some(n + 1);
        }
        let m = self.proper(j);
        (m > 0).then_some(n + m)
    }

    /// People's committees, councils, the police of a level.
    fn local_gov(&self, j: usize, ctx: usize) -> Option<(Vec<Found>, usize)> {
        let hn = self.local_gov_head(j)?;
        let head = self.slice(j, j + hn).to_string();
        let k = j + hn;
        // "UBND cấp huyện", "UBND cấp huyện, cấp xã"
        if self.low(k) == "cấp" {
            if let Some((ln, rank)) = self.level(k + 1) {
                let mut end = k + 1 + ln;
                while (self.punct(end, ",") || self.low(end) == "và")
                    && self.low(end + 1) == "cấp"
                    && self.level(end + 2).is_some()
                {
                    end += 2 + self.level(end + 2).map_or(0, |(n, _)| n);
                }
                return Some((vec![self.found_slice(j, end, rank > 1, ctx)], end));
            }
        }
        // "UBND các huyện: A, B" / "UBND các tỉnh, thành phố: A, B" / "UBND các huyện, thị
        // xã, thành phố"
        if self.low(k) == "các" {
            if let Some((ln, _)) = self.level(k + 1) {
                let k2 = k + 1 + ln;
                if let Some((first, level_text)) = self.levels_then_list(k + 1) {
                    return Some(self.place_list(first, &head, level_text, ctx));
                }
                let end = self.group_tail(k2);
                return Some((vec![self.found_slice(j, end, true, ctx)], end));
            }
        }
        if let Some((ln, rank)) = self.level(k) {
            let k2 = k + ln;
            let pn = self.proper(k2);
            if pn > 0 {
                let end = k2 + pn;
                let mut out = vec![self.found_slice(j, end, false, ctx)];
                let next = self.siblings(end, &head, rank, &mut out);
                return Some((out, next));
            }
            // "UBND huyện, thị xã, thành phố", "UBND thành phố và các huyện"
            let sep = self.punct(k2, ",") || self.low(k2) == "và";
            let more = self.level(k2 + 1).is_some()
                || (self.low(k2 + 1) == "các" && self.level(k2 + 2).is_some());
            if sep && more {
                let end = self.group_tail(k2);
                return Some((vec![self.found_slice(j, end, true, ctx)], end));
            }
            let group = rank > 1 && !self.cap(k);
            return Some((vec![self.found_slice(j, k2, group, ctx)], k2));
        }
        if self.low(j) == "công" {
            return None;
        }
        Some((vec![self.found_slice(j, k, false, ctx)], k))
    }

    /// Levels at `k` then the places they name: "tỉnh: A, B", "tỉnh, thành phố: A, B", "tỉnh A,
    /// B". Returns the first place's token and the first level as written.
    fn levels_then_list(&self, k: usize) -> Option<(usize, String)> {
        let (ln, _) = self.level(k)?;
        let level_text = self.slice(k, k + ln).to_string();
        let mut end = k + ln;
        while self.punct(end, ",") || self.low(end) == "và" {
            match self.level(end + 1) {
                Some((n, _)) => end += 1 + n,
                None => break,
            }
        }
        let first = if self.punct(end, ":") { end + 1 } else { end };
        let pn = self.proper(first);
        // A place is followed by the next one or the end of the list; "UBND các xã: Phối hợp
        // với …" introduces duties, not places.
        let after = first + pn;
        let listed = after >= self.t.len()
            || [",", ";", ".", ")", ":"]
                .iter()
                .any(|p| self.punct(after, p))
            || self.low(after) == "và"
            || super::gazetteer::find_province(self.slice(first, after)).is_some();
        (pn > 0 && listed).then_some((first, level_text))
    }

    /// "UBND huyện A, huyện B": further units of the same rank after a named one.
    fn siblings(&self, mut end: usize, head: &str, rank: u8, out: &mut Vec<Found>) -> usize {
        loop {
            if !(self.punct(end, ",") || self.low(end) == "và") {
                return end;
            }
            let Some((ln, r)) = self.level(end + 1) else {
                return end;
            };
            let pn = self.proper(end + 1 + ln);
            if r != rank || pn == 0 {
                return end;
            }
            let a = end + 1;
            let b = a + ln + pn;
            let name = clean_name(&format!("{head} {}", self.slice(a, b)));
            out.push(self.found(name, false, a, b, a));
            end = b;
        }
    }

    /// "A, B và thành phố C" after "UBND các huyện:".
    fn place_list(
        &self,
        mut k: usize,
        head: &str,
        mut level_text: String,
        ctx: usize,
    ) -> (Vec<Found>, usize) {
        let mut out: Vec<Found> = Vec::new();
        let mut resume = k;
        loop {
            let (a, item) = match self.level(k) {
                Some((ln, _)) if self.proper(k + ln) > 0 => {
                    level_text = self.slice(k, k + ln).to_string();
                    (k, k + ln)
                }
                _ => (k, k),
            };
            let pn = self.proper(item);
            if pn == 0 {
                break;
            }
            let b = item + pn;
            let place = self.slice(item, b);
            // "các tỉnh, thành phố: Huế, Gia Lai": each place at its own level, when the
            // gazetteer knows it and the list is of provinces and cities.
            let level = match super::gazetteer::find_province(place) {
                Some(p)
                    if a == item
                        && matches!(fold_name(&level_text).as_str(), "tỉnh" | "thành phố") =>
                {
                    p.kind.level_word().to_string()
                }
                _ => level_text.clone(),
            };
            let name = clean_name(&format!("{head} {level} {place}"));
            let c = if out.is_empty() { ctx } else { a };
            out.push(self.found(name, false, a, b, c));
            resume = b;
            k = b;
            match self.next_list_item(k) {
                Some(next) => k = next,
                None => break,
            }
        }
        (out, resume)
    }

    /// A unit with a named head at `j`.
    fn named(&self, j: usize, ctx: usize) -> Option<(Vec<Found>, usize)> {
        let (hn, kind) = self.named_head(j)?;
        let k = j + hn;
        let head = self.slice(j, k);
        let mut shown: Option<String> = None;
        let end = match kind {
            Head::Dept => {
                let e = if let Some(e) = self.abbr_end(k) {
                    e
                } else if let Some((e, display)) = self.lexicon_end(k) {
                    let e2 = self.dash_continuation(e);
                    if let Some(d) = display {
                        shown = Some(format!("{head} {d} {}", self.slice(e, e2)));
                    }
                    e2
                } else {
                    self.body(k, true, false)?
                };
                match self.locality(e) {
                    Some(n) => {
                        if let Some(s) = shown.as_mut() {
                            s.push(' ');
                            s.push_str(self.slice(e, e + n));
                        }
                        e + n
                    }
                    None => e,
                }
            }
            Head::Generic => {
                // "Ban chỉ đạo kiểm kê": the lower-case words of the name are the name, not a
                // verb ("chỉ đạo") that ends it.
                match self.longest(k, BAN_LOWER).filter(|_| self.low(j) == "ban") {
                    Some((n, _)) => self.body(k + n, false, false)?,
                    // "Liên hiệp các Hội Khoa học và Kỹ thuật": a federation of named bodies
                    None if self.low(k) == "các" && self.named_head(k + 1).is_some() => {
                        self.body(k + 1, true, false)?
                    }
                    None => self.body(k, true, false)?,
                }
            }
            Head::Any => self.body(k, false, false).filter(|&e| e > k)?,
            Head::Group => {
                // "Cơ quan phối hợp", "Cơ quan chủ trì": roles named by a regulation
                let role = self
                    .longest(k, &["phối hợp", "chủ trì"])
                    .map_or(0, |(n, _)| n);
                let e = self.body(k + role, false, false).unwrap_or(k + role);
                return Some((vec![self.found_slice(j, e, true, ctx)], e));
            }
            Head::Fixed => {
                let e = k + self.proper(k);
                e + self.locality(e).unwrap_or(0)
            }
            Head::NeedsPlace => {
                if let Some(n) = self.locality(k) {
                    k + n
                } else if self.cap(k) && !self.is_doc(k) {
                    k + self.proper(k).max(1)
                } else {
                    return None;
                }
            }
            Head::Person => {
                let mut e = k;
                if let Some(n) = self.phrase(e, "thường trực") {
                    e += n;
                }
                if let Some(n) = self.phrase(e, "chính phủ") {
                    e += n;
                }
                e + self.proper(e)
            }
        };
        if end <= j {
            return None;
        }
        let f = match shown {
            Some(name) => self.found(clean_name(&name), false, j, end, ctx),
            None => self.found_slice(j, end, false, ctx),
        };
        Some((vec![f], end))
    }

    /// The words of a name after its head: see the module's rules. `in_list`: an item of a
    /// shorthand list, which "và" and "," always end.
    fn body(&self, k0: usize, needs_cap: bool, in_list: bool) -> Option<usize> {
        if needs_cap && !(self.cap(k0) || self.digit(k0)) {
            return None;
        }
        let mut k = k0;
        let mut end = k0;
        let mut lower_run = 0;
        while k < self.t.len() {
            if k > k0 && self.para(k) {
                break;
            }
            if !self.word(k) {
                if self.is_dash(k)
                    && self.cap(k + 1)
                    && !self.strong_head(k + 1)
                    && self.title_at(k + 1).is_none()
                {
                    k += 1;
                    continue;
                }
                if self.punct(k, ",")
                    && k > 0
                    && self.low(k - 1) == "phòng"
                    && self.low(k + 1) == "chống"
                {
                    k += 2;
                    end = k;
                    continue;
                }
                break;
            }
            if k > k0 && self.cap(k) && matches!(self.low(k), "thành" | "tỉnh") {
                // "… Thành phố", "… Tỉnh" end a name as "tỉnh" does
                if let Some(n) = self.locality(k) {
                    end = k + n;
                    break;
                }
            }
            if self.cap(k) || self.digit(k) {
                // "Vụ Kế hoạch, Tài chính": a document's word right after the head names the
                // unit unless a number follows ("Kế hoạch số 12")
                let names_unit = k == k0
                    && self.is_doc(k)
                    && !(self.low(k + 2) == "số" || self.digit(k + 2) || self.digit(k + 1));
                if (self.is_doc(k) && !names_unit) || (k > k0 && self.breaks_body(k)) {
                    break;
                }
                if k > k0 && self.title_at(k).is_some() {
                    break;
                }
                if self.phrase(k, "việt nam").is_some() && self.cap(k + 1) {
                    // "… Việt Nam" ends a national name, unless a level follows
                    k += 2;
                    end = k + self.locality(k).unwrap_or(0);
                    break;
                }
                k += 1;
                // "Văn phòng Ban chỉ đạo …"
                if self.low(k - 1) == "ban" {
                    if let Some((n, _)) = self.longest(k, BAN_LOWER) {
                        k += n;
                    }
                }
                end = k;
                lower_run = 0;
                continue;
            }
            let l = self.low(k);
            if l == "của" {
                if let Some((n, _)) = self.longest(k + 1, &["quốc hội", "chính phủ"]) {
                    if self.cap(k + 1) {
                        k += 1 + n;
                        end = k;
                        continue;
                    }
                }
                break;
            }
            if let Some(n) = self.locality(k) {
                end = k + n;
                break;
            }
            if l == "các" {
                if let Some((n, _)) = self.group_noun(k + 1, false) {
                    end = self.group_tail(k + 1 + n);
                    break;
                }
                k += 1;
                continue;
            }
            if l == "và" {
                if !in_list
                    && self.cap(k + 1)
                    && !self.head_at(k + 1)
                    && !self.is_doc(k + 1)
                    && self.title_at(k + 1).is_none()
                {
                    k += 1;
                    continue;
                }
                break;
            }
            if self.stop_at(k) || self.local_gov_head(k).is_some() {
                break;
            }
            lower_run += 1;
            if lower_run > 11 {
                break;
            }
            k += 1;
            end = k;
        }
        (end > k0 || !needs_cap).then_some(end)
    }

    // --- roles ---

    fn assign_roles(&self, found: &mut [Found]) {
        for n in 0..found.len() {
            let floor = if n > 0 { found[n - 1].after } else { 0 };
            let ctx = found[n].ctx;
            let role = if n > 0
                && floor <= ctx
                && (floor..ctx).all(|i| self.punct(i, ",") || self.low(i) == "và")
            {
                found[n - 1].m.role
            } else {
                self.look_back(ctx, floor)
            };
            found[n].m.role = role;
        }
    }

    fn look_back(&self, ctx: usize, floor: usize) -> Role {
        let mut k = ctx;
        let mut steps = 0;
        while k > floor && steps < 6 {
            k -= 1;
            if !self.word(k) {
                break;
            }
            for marker in RECIPIENT_MARKERS {
                if !self.phrase_ending(k, marker) {
                    continue;
                }
                let ok = match *marker {
                    // "(qua Sở Tài chính)", not "thời gian qua"
                    "qua" => steps == 0 && k > 0 && self.punct(k - 1, "("),
                    "trước" | "thông qua" => steps == 0,
                    "trình" => k == 0 || !self.is_compound_tail(k),
                    _ => true,
                };
                if ok {
                    return Role::Recipient;
                }
            }
            if ROLE_BLOCKERS.iter().any(|b| self.phrase_ending(k, b)) {
                return Role::Named;
            }
            steps += 1;
        }
        Role::Named
    }
}

/// The longest phrase of `list` at `i`, with its value.
fn longest_kv<T: Copy>(p: &Parser<'_>, i: usize, list: &[(&str, T)]) -> Option<(usize, T)> {
    list.iter()
        .filter_map(|(ph, v)| p.phrase(i, ph).map(|n| (n, *v)))
        .max_by_key(|(n, _)| *n)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
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
            names(
                "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam bảo đảm nguồn cung xăng dầu."
            ),
            ["Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"]
        );
    }

    #[test]
    fn a_project_boards_long_lower_case_name_is_read_whole() {
        assert_eq!(
            names("Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh chủ trì thẩm định."),
            ["Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"]
        );
        assert_eq!(
            names(
                "4. Đài Phát thanh và Truyền hình tỉnh, Cổng Thông tin điện tử tỉnh mở chuyên mục."
            ),
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
            names("Ban Dân tộc chủ trì; Ban Chỉ đạo phòng, chống thiên tai tỉnh theo dõi sát tình hình."),
            ["Ban Dân tộc", "Ban Chỉ đạo phòng, chống thiên tai tỉnh"]
        );
    }

    #[test]
    fn mass_organisations() {
        let s =
            "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh, Tỉnh đoàn, \
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
            names(
                "Thống đốc Ngân hàng Nhà nước Việt Nam chỉ đạo các ngân hàng thương mại giãn nợ."
            ),
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
        let s =
            "Yêu cầu UBND các huyện: Tân Phước, Mỹ Lộc và thành phố Ngọc Sơn tổ chức cưỡng chế.";
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
            names("Giao Giám đốc: Sở Nội vụ, Sở Tư pháp, Đài Phát thanh và Truyền hình tỉnh triển khai."),
            ["Sở Nội vụ", "Sở Tư pháp", "Đài Phát thanh và Truyền hình tỉnh"]
        );
    }

    // ---- abbreviations --------------------------------------------------------------------------

    #[test]
    fn department_abbreviations_are_expanded() {
        let s =
            "Sở KH&ĐT, Sở TN&MT, Sở NN&PTNT, Sở GTVT, Sở LĐ-TB&XH, Sở VH,TT&DL phối hợp thực hiện.";
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
            mentions("Giao các sở, ban, ngành, đoàn thể tỉnh và UBND huyện, thị xã, thành phố tuyên truyền."),
            [group("các sở, ban, ngành, đoàn thể tỉnh"), group("UBND huyện, thị xã, thành phố")]
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
        assert!(
            find_units("Kiện toàn các bộ phận một cửa; trong các trường hợp khẩn cấp.").is_empty()
        );
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
            mentions(
                "báo cáo kết quả về UBND tỉnh, Chủ tịch UBND tỉnh (qua Sở Kế hoạch và Đầu tư)."
            ),
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
            find_units("Thành phố tiếp tục thu hút đầu tư; Tỉnh chủ động bố trí quỹ đất.")
                .is_empty()
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
            BAN_LOWER,
            LOCAL_GOV,
            TITLES,
            GROUP_NOUNS,
            LIST_HEADS,
            CLOSING_MODIFIERS,
            OPEN_MODIFIERS,
            LINKING_MODIFIERS,
            DOCUMENTS,
            STOP_WORDS,
            STOP_PHRASES,
            RECIPIENT_MARKERS,
            ROLE_BLOCKERS,
        ];
        let pairs = HEADS
            .iter()
            .map(|(p, _)| *p)
            .chain(LEVELS.iter().map(|(p, _)| *p))
            .chain(
                COMPOUNDS
                    .iter()
                    .flat_map(|(w, firsts)| std::iter::once(*w).chain(firsts.iter().copied())),
            );
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
        static TONE: LazyLock<Vec<(Regex, &str)>> = LazyLock::new(|| {
            [
                ("oà", "òa"),
                ("oá", "óa"),
                ("oả", "ỏa"),
                ("oã", "õa"),
                ("oạ", "ọa"),
                ("oè", "òe"),
                ("oé", "óe"),
                ("oẻ", "ỏe"),
                ("oẽ", "õe"),
                ("oẹ", "ọe"),
                ("uỳ", "ùy"),
                ("uý", "úy"),
                ("uỷ", "ủy"),
                ("uỹ", "ũy"),
                ("uỵ", "ụy"),
            ]
            .into_iter()
            .map(|(o, n)| (Regex::new(&format!(r"{o}\b")).unwrap(), n))
            .collect()
        });
        static PUNCT: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r#"[\-,;:.()"'“”/]+"#).unwrap());
        static WS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").unwrap());
        static TINH: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r" tỉnh( [^ ]+){0,3}$").unwrap());
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
        for (re, new) in TONE.iter() {
            s = re.replace_all(&s, NoExpand(new)).into_owned();
        }
        s = s.replace(['–', '—'], "-");
        for (re, new) in ABBR.iter() {
            s = re.replace_all(&s, NoExpand(new)).into_owned();
        }
        s = PUNCT.replace_all(&s, " ").into_owned();
        s = s.replace('&', " và ");
        s = WS.replace_all(&s, " ").trim().to_string();
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
                            println!(
                                "{stem} {field} not in its quote: {gold:?} (mentions {cands:?})"
                            );
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
}
