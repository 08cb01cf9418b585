//! The printed document header: issuer, number, place and date of issue, document type, subject
//! (trích yếu), urgency and secrecy stamps, the closing signature block — and where the body lies
//! between them, so that task extraction reads neither the header nor the recipients only
//! informed ("Nơi nhận").
//!
//! # Offsets
//! [`parse_header`] NFC-normalises its input first (see [`nfc`]); `body_start`, `body_end` and
//! `appendix_start` are byte offsets into that **NFC** text. Text that is already NFC (everything
//! dondoc stores) is unchanged by it, so the offsets then index the input itself.
//!
//! # Rules
//! - **Header zone.** The header is read only above the first prose line (a line of 15 words or
//!   more, or one opening with "Căn cứ", "Thực hiện" …, that is neither a subject, an upper-case
//!   title nor a table row), the type line ("QUYẾT ĐỊNH") or "Kính gửi". Lines may be wrapped (a PDF
//!   breaks "CỘNG / HÒA", "Số: / 25/2019/QĐ-UBND", "Sơn / La, ngày …") or flattened into one table
//!   row with `|` between cells: the motto, number and date are matched across white space.
//! - **A header exists** when the zone holds the national motto, a "Số:" number at the start of a
//!   line or cell, or a "‹Place›, ngày …" date. Otherwise issuer, number, place and date stay
//!   `None` (a "V/v …" subject or a type line among the first three lines is still read).
//! - **Issuer**: the zone's text before the number / date / subject, less the motto, stamps and
//!   rules. Lines are split into units where a line starts with a unit head (BỘ, SỞ, CỤC,
//!   VĂN PHÒNG, ỦY BAN NHÂN DÂN …) after a complete unit; the last unit is the issuer, so a parent
//!   line ("BỘ TÀI CHÍNH" above "CỤC THUẾ …") is left out, and a bare "VĂN PHÒNG" under
//!   "UBND TỈNH X" gives "Văn phòng UBND tỉnh X". Names are put in sentence case ("ỦY BAN NHÂN DÂN
//!   TỈNH HẬU GIANG" → "UBND tỉnh Hậu Giang"). In a decision, an authority line naming a person
//!   ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under the title) makes the issuer that person's office
//!   ("Chủ tịch UBND tỉnh Sơn La").
//! - **Number**: after "Số:" at the start of a line or cell; spaces around "/" and "-" removed.
//! - **Place and date**: "‹Place›, ngày D tháng M năm Y" or "‹Place›, ngày D/M/Y" in the zone (a
//!   bare "ngày …" cell only when a motto or number was found); never a date of the body.
//! - **Type**: the upper-case type line ("CHỈ THỊ", "THÔNG BÁO", "THÔNG BÁO KẾT LUẬN", …; not
//!   "QUYẾT ĐỊNH:" of the operative part), else the type code of the number ("…/QĐ-…" → "Quyết
//!   định"), else "Công văn" for a number with no type code or for a "V/v" subject.
//! - **Subject**: the "V/v …" / "Về việc …" cell of the header (never one ending with ":"), or the
//!   title after the type line (upper-case lines, or a short mixed-case line such as "Về việc …" and
//!   its wrapped continuation), joined into one line.
//! - **Body start**: after the last header element, the title, the authority line of a decision,
//!   and the "Kính gửi:" / "Đồng kính gửi:" / "… điện:" block with its recipient lines.
//! - **Body end**: at "Nơi nhận:" or at the signature block, whichever comes first; a last line
//!   that only attributes a republished text ("(Theo Công văn số …, ngày …)") is cut off too, and
//!   gives number, date and type when the text printed none (so does a subject ending in
//!   "(3585/VP-KTN, ngày 23/10/2017)").
//! - **Signature**: a cell opening with "KT.", "TM.", "TL.", "TUQ." or "Q." (competence, kept as
//!   printed), then the position ("PHÓ CHỦ TỊCH" → "Phó Chủ tịch") and the signer's name; or, after
//!   "Nơi nhận" or near the end, a position title followed by a name ("THỦ TƯỚNG / Phạm …").
//! - **Stamps**: "HỎA TỐC", "THƯỢNG KHẨN", "KHẨN" / "MẬT", "TỐI MẬT", "TUYỆT MẬT" on a line or cell
//!   of their own in the header.
//! - **Appendix**: a "PHỤ LỤC" heading after the signature starts an appendix, whose rows may
//!   assign tasks ([`PrintedHeader::task_ranges`]).

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::{Captures, Regex};
use unicode_normalization::UnicodeNormalization;

/// What the header and closing block of a directive say, read from its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrintedHeader {
    /// "UBND tỉnh Hậu Giang", "Văn phòng Chính phủ": the lowest unit of the issuer block.
    pub issuer: Option<String>,
    /// "454/UBND-NCTH", as printed after "Số:", spaces around "/" and "-" removed.
    pub number: Option<String>,
    /// "Hậu Giang": the place before ", ngày …".
    pub place: Option<String>,
    /// The date of issue of the header line "…, ngày 14 tháng 3 năm 2023".
    pub issued: Option<NaiveDate>,
    /// "Công văn", "Chỉ thị", "Thông báo", "Kế hoạch", "Quyết định", "Công điện" … in sentence case.
    pub doc_type: Option<String>,
    /// The trích yếu: the "V/v …" line(s) or the title after the type line, on one line.
    pub subject: Option<String>,
    /// The signer's name at the end.
    pub signer: Option<String>,
    /// "Phó Chủ tịch".
    pub signer_position: Option<String>,
    /// "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", … as printed (upper case kept).
    pub competence: Option<String>,
    /// "Khẩn", "Thượng khẩn", "Hỏa tốc" when stamped.
    pub urgency: Option<String>,
    /// "Mật", "Tối mật", "Tuyệt mật" when stamped.
    pub secrecy: Option<String>,
    /// Byte offset (in the NFC text) where the body starts.
    pub body_start: usize,
    /// Byte offset (in the NFC text) where the closing part ("Nơi nhận:", signature) starts.
    pub body_end: usize,
    /// Byte offset (in the NFC text) of a "PHỤ LỤC" appendix after the signature, which runs to
    /// the end of the text.
    pub appendix_start: Option<usize>,
}

impl PrintedHeader {
    /// The byte ranges of the NFC text (of length `text_len`) in which tasks are to be looked for:
    /// the body, then the appendix if there is one.
    pub fn task_ranges(&self, text_len: usize) -> Vec<Range<usize>> {
        let mut ranges = Vec::with_capacity(2);
        ranges.push(self.body_start..self.body_end.max(self.body_start));
        if let Some(a) = self.appendix_start.filter(|&a| a < text_len) {
            ranges.push(a..text_len);
        }
        ranges
    }
}

/// NFC-normalises `text` without trimming it, so that offsets found in the result are stable.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// Reads the printed header and closing block of `text`. Offsets refer to [`nfc`]`(text)`.
pub fn parse_header(text: &str) -> PrintedHeader {
    let t = nfc(text);
    parse_nfc(&t)
}

// ---------------------------------------------------------------------------------------------
// Patterns

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid header pattern")
}

const NUM_BODY: &str = r"\d+[A-Za-z]?(?:\s*[/\-–]\s*[0-9A-Za-zĐđ][0-9A-Za-zĐđ.&]*)+";
const DATE_BODY: &str = r"(?:(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})\s+năm\s+(?P<y1>\d{4})|(?P<d2>\d{1,2})\s*[/.\-]\s*(?P<m2>\d{1,2})\s*[/.\-]\s*(?P<y2>\d{4}))";

static MOTTO_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)cộng\s+h(?:òa|oà)\s*xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam|độc\s+lập\s*[-–—]\s*tự\s+do\s*[-–—]\s*hạnh\s+phúc",
    )
});
static NUMBER_RE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:Số|SỐ)\s*(?P<colon>:)?\s*(?P<n>{NUM_BODY})")));
static DATE_RE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?i)ngày\s+{DATE_BODY}")));
static SUBJECT_RE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:V/v|Về\s+việc)\s"));
/// A line that is the place and date of the header: "Hà Nội, ngày …".
static PLACE_DATE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"^\p{Lu}[^,()]{0,40},\s*ngày\s+\d"));
static BLANK_LINE_RE: LazyLock<Regex> = LazyLock::new(|| re(r"\n[ \t\r]*\n"));
static NOI_NHAN_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)nơi\s+nhận\s*:|(?m)^[ \t|]*Nơi\s+nhận[ \t]*$"));
static COMPETENCE_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:(?:KT|TM|TL|TUQ|Q)\.|(?:K/T|T/M|T/L)\s)\s*\p{Lu}"));
static COMPETENCE_ANYWHERE_RE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\s(?P<m>(?:KT|TM|TL|TUQ)\.\s*\p{Lu}{2})"));
static ATTRIBUTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^\(?\s*(?:Theo|Nguồn\s*:?)\s+(?P<ty>Công văn|Quyết định|Chỉ thị|Thông báo|Kế hoạch|Công điện|[Vv]ăn bản)?\s*(?:số\s*)?(?P<n>{NUM_BODY})\s*,?\s*(?:ngày\s+{DATE_BODY})?\s*\)?\s*\.?$"
    ))
});
static SUBJECT_ATTRIBUTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\s*\(\s*(?P<n>{NUM_BODY})\s*,?\s*ngày\s+{DATE_BODY}\s*\)\s*\.?\s*$"
    ))
});

fn date_of(c: &Captures) -> Option<NaiveDate> {
    let (d, m, y) = match (c.name("d1"), c.name("m1"), c.name("y1")) {
        (Some(d), Some(m), Some(y)) => (d, m, y),
        _ => (c.name("d2")?, c.name("m2")?, c.name("y2")?),
    };
    let y: i32 = y.as_str().parse().ok()?;
    if !(1945..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m.as_str().parse().ok()?, d.as_str().parse().ok()?)
}

fn normalise_number(n: &str) -> String {
    let s: String = n
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' { '-' } else { c })
        .collect();
    s.trim_end_matches(['.', '-', '/']).to_string()
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

/// Upper-case type line → sentence case. Longer first.
const TYPES: &[(&str, &str)] = &[
    ("THÔNG BÁO KẾT LUẬN", "Thông báo kết luận"),
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "Chương trình hành động"),
    ("CÔNG VĂN", "Công văn"),
    ("CHỈ THỊ", "Chỉ thị"),
    ("THÔNG BÁO", "Thông báo"),
    ("KẾ HOẠCH", "Kế hoạch"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("CÔNG ĐIỆN", "Công điện"),
    ("BÁO CÁO", "Báo cáo"),
    ("CHƯƠNG TRÌNH", "Chương trình"),
    ("TỜ TRÌNH", "Tờ trình"),
    ("NGHỊ QUYẾT", "Nghị quyết"),
    ("NGHỊ ĐỊNH", "Nghị định"),
    ("THÔNG TƯ", "Thông tư"),
    ("HƯỚNG DẪN", "Hướng dẫn"),
    ("KẾT LUẬN", "Kết luận"),
    ("GIẤY MỜI", "Giấy mời"),
    ("ĐỀ ÁN", "Đề án"),
    ("PHƯƠNG ÁN", "Phương án"),
    ("QUY CHẾ", "Quy chế"),
    ("QUY ĐỊNH", "Quy định"),
    ("BIÊN BẢN", "Biên bản"),
];

/// Type code of a number ("…/QĐ-UBND") → type.
const TYPE_CODES: &[(&str, &str)] = &[
    ("QĐ", "Quyết định"),
    ("CT", "Chỉ thị"),
    ("TB", "Thông báo"),
    ("KH", "Kế hoạch"),
    ("CĐ", "Công điện"),
    ("BC", "Báo cáo"),
    ("CTR", "Chương trình"),
    ("TTR", "Tờ trình"),
    ("NQ", "Nghị quyết"),
    ("NĐ", "Nghị định"),
    ("TT", "Thông tư"),
    ("HD", "Hướng dẫn"),
    ("KL", "Kết luận"),
    ("GM", "Giấy mời"),
    ("ĐA", "Đề án"),
    ("PA", "Phương án"),
    ("QC", "Quy chế"),
    ("BB", "Biên bản"),
    ("CV", "Công văn"),
];

/// (stamp, is_urgency, normalised)
const STAMPS: &[(&str, bool, &str)] = &[
    ("HỎA TỐC HẸN GIỜ", true, "Hỏa tốc hẹn giờ"),
    ("HOẢ TỐC HẸN GIỜ", true, "Hỏa tốc hẹn giờ"),
    ("HỎA TỐC", true, "Hỏa tốc"),
    ("HOẢ TỐC", true, "Hỏa tốc"),
    ("THƯỢNG KHẨN", true, "Thượng khẩn"),
    ("KHẨN", true, "Khẩn"),
    ("TUYỆT MẬT", false, "Tuyệt mật"),
    ("TỐI MẬT", false, "Tối mật"),
    ("MẬT", false, "Mật"),
];

/// Heads of an issuing unit, upper case, with their sentence-case form.
const ORG_HEADS: &[(&str, &str)] = &[
    ("ỦY BAN NHÂN DÂN", "UBND"),
    ("UỶ BAN NHÂN DÂN", "UBND"),
    ("UBND", "UBND"),
    ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
    ("HĐND", "HĐND"),
    (
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM",
        "Ủy ban Mặt trận Tổ quốc Việt Nam",
    ),
    ("ỦY BAN", "Ủy ban"),
    ("UỶ BAN", "Ủy ban"),
    ("VĂN PHÒNG", "Văn phòng"),
    ("THỦ TƯỚNG", "Thủ tướng"),
    ("CHÍNH PHỦ", "Chính phủ"),
    ("BỘ CHỈ HUY QUÂN SỰ", "Bộ Chỉ huy Quân sự"),
    ("BỘ CHỈ HUY", "Bộ Chỉ huy"),
    ("BỘ", "Bộ"),
    ("SỞ", "Sở"),
    ("TỔNG CỤC", "Tổng cục"),
    ("CHI CỤC", "Chi cục"),
    ("CỤC", "Cục"),
    ("BAN", "Ban"),
    ("TRUNG TÂM", "Trung tâm"),
    ("CÔNG AN", "Công an"),
    ("THANH TRA", "Thanh tra"),
    ("KHO BẠC NHÀ NƯỚC", "Kho bạc Nhà nước"),
    ("PHÒNG", "Phòng"),
    ("ĐÀI", "Đài"),
    ("VIỆN", "Viện"),
    ("BỆNH VIỆN", "Bệnh viện"),
    ("TRƯỜNG", "Trường"),
    ("TỈNH ỦY", "Tỉnh ủy"),
    ("TỈNH UỶ", "Tỉnh ủy"),
    ("THÀNH ỦY", "Thành ủy"),
    ("THÀNH UỶ", "Thành ủy"),
    ("HUYỆN ỦY", "Huyện ủy"),
    ("ĐẢNG ỦY", "Đảng ủy"),
    ("LIÊN ĐOÀN", "Liên đoàn"),
    ("TỔNG CÔNG TY", "Tổng công ty"),
    ("CÔNG TY", "Công ty"),
    ("NGÂN HÀNG", "Ngân hàng"),
];

/// Heads that start a new unit even inside one line ("UBND TỈNH X SỞ Y TẾ").
const STRONG_HEADS: &[&str] = &[
    "SỞ",
    "CỤC",
    "CHI CỤC",
    "TỔNG CỤC",
    "VĂN PHÒNG",
    "BAN",
    "TRUNG TÂM",
];

/// Administrative levels: lower case, and the place name after them in title case.
const LEVELS: &[(&str, &str)] = &[
    ("THÀNH PHỐ", "thành phố"),
    ("THỊ XÃ", "thị xã"),
    ("THỊ TRẤN", "thị trấn"),
    ("ĐẶC KHU", "đặc khu"),
    ("TP.", "thành phố"),
    ("TỈNH", "tỉnh"),
    ("HUYỆN", "huyện"),
    ("QUẬN", "quận"),
    ("XÃ", "xã"),
    ("PHƯỜNG", "phường"),
];

/// Position titles of a signature, upper case. Longer first where one contains another.
const TITLES: &[&str] = &[
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "PHÓ CHỦ TỊCH",
    "CHỦ TỊCH",
    "PHÓ THỦ TƯỚNG THƯỜNG TRỰC",
    "PHÓ THỦ TƯỚNG",
    "THỦ TƯỚNG",
    "PHÓ CHỦ NHIỆM",
    "CHỦ NHIỆM",
    "THỨ TRƯỞNG",
    "BỘ TRƯỞNG",
    "PHÓ TỔNG GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "GIÁM ĐỐC",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH THANH TRA",
    "CHÁNH THANH TRA",
    "PHÓ TRƯỞNG BAN THƯỜNG TRỰC",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG BAN",
    "PHÓ TỔNG CỤC TRƯỞNG",
    "TỔNG CỤC TRƯỞNG",
    "PHÓ CỤC TRƯỞNG",
    "CỤC TRƯỞNG",
    "PHÓ CHI CỤC TRƯỞNG",
    "CHI CỤC TRƯỞNG",
    "PHÓ VỤ TRƯỞNG",
    "VỤ TRƯỞNG",
    "PHÓ TRƯỞNG PHÒNG",
    "TRƯỞNG PHÒNG",
    "PHÓ VIỆN TRƯỞNG",
    "VIỆN TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG",
    "HIỆU TRƯỞNG",
    "PHÓ BÍ THƯ",
    "BÍ THƯ",
    "PHÓ TRƯỞNG ĐOÀN",
    "TRƯỞNG ĐOÀN",
    "PHÓ GIÁM ĐỐC THƯỜNG TRỰC",
];

/// Lines that open a body paragraph, never a wrapped title.
const BODY_OPENERS: &[&str] = &[
    "Căn cứ",
    "Thực hiện",
    "Theo ",
    "Xét ",
    "Trong ",
    "Nhằm",
    "Để ",
    "Thời gian",
    "Ngày ",
    "Vừa qua",
    "Sau khi",
    "Trên cơ sở",
    "Triển khai",
    "Hiện nay",
    "Qua ",
    "Kính gửi",
];

// ---------------------------------------------------------------------------------------------
// Small text helpers

fn upper(s: &str) -> String {
    s.chars().flat_map(char::to_uppercase).collect()
}

fn lower(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).collect()
}

fn capitalise(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

fn title_word(w: &str) -> String {
    capitalise(&lower(w))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn starts_ci(s: &str, prefix: &str) -> bool {
    lower(s).starts_with(&lower(prefix))
}

fn is_upper_dominant(s: &str) -> bool {
    let (mut up, mut letters) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if c.is_uppercase() {
            up += 1;
        }
    }
    letters >= 2 && up * 100 >= letters * 85
}

fn is_upper_word(w: &str) -> bool {
    w.chars().any(char::is_alphabetic)
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// "Trần", "Lập": a capital then small letters.
fn is_name_word(w: &str) -> bool {
    let mut cs = w.chars();
    match cs.next() {
        Some(f) if f.is_uppercase() => cs.all(|c| c.is_lowercase()),
        _ => false,
    }
}

fn is_deco_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | '_' | '=' | '*' | '.')
}

/// Trims white space, table pipes and rules.
fn strip_deco(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '-' | '–' | '—' | '_' | '='))
}

/// Trims white space and table pipes only (keeps a leading bullet dash).
fn strip_pipes(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '|')
}

fn is_deco(s: &str) -> bool {
    s.chars().all(is_deco_char)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn floor_boundary(t: &str, mut i: usize) -> usize {
    if i >= t.len() {
        return t.len();
    }
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Offset of `sub` (a sub-slice of `t`) in `t`.
fn offset_in(t: &str, sub: &str) -> usize {
    sub.as_ptr() as usize - t.as_ptr() as usize
}

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines_of(t: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in t.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && t.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push(Line { start, end });
            start = i + 1;
        }
    }
    out.push(Line {
        start,
        end: t.len(),
    });
    out
}

/// The `|`-separated cells of `t[start..end]`, trimmed, non-empty, as (start, end) offsets.
fn cells(t: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut s = start;
    for piece in t[start..end].split('|') {
        let e = s + piece.len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let o = offset_in(t, trimmed);
            out.push((o, o + trimmed.len()));
        }
        s = e + 1;
    }
    out
}

fn stamp_of(cell: &str) -> Option<(bool, &'static str)> {
    let c = upper(cell.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '-' | '–' | '*' | '(' | ')' | '[' | ']' | '.' | ':')
    }));
    let c = c
        .strip_prefix("ĐỘ KHẨN:")
        .or_else(|| c.strip_prefix("ĐỘ MẬT:"))
        .unwrap_or(&c);
    let c = collapse(c);
    STAMPS
        .iter()
        .find(|(s, _, _)| *s == c)
        .map(|&(_, u, n)| (u, n))
}

fn apply_stamp(h: &mut PrintedHeader, (urgency, name): (bool, &'static str)) {
    let slot = if urgency {
        &mut h.urgency
    } else {
        &mut h.secrecy
    };
    if slot.is_none() {
        *slot = Some(name.to_string());
    }
}

/// A type line: "QUYẾT ĐỊNH", "CÔNG ĐIỆN HỎA TỐC"; not "QUYẾT ĐỊNH:" of the operative part.
fn type_of(cell: &str) -> Option<(&'static str, Option<(bool, &'static str)>)> {
    let c = strip_deco(cell);
    if c.ends_with(':') || !is_upper_dominant(c) {
        return None;
    }
    let u = collapse(&upper(c));
    for (ty, name) in TYPES {
        if u == *ty {
            return Some((name, None));
        }
        if let Some(rest) = u.strip_prefix(ty).and_then(|r| r.strip_prefix(' ')) {
            if let Some(stamp) = stamp_of(rest) {
                return Some((name, Some(stamp)));
            }
        }
    }
    None
}

fn is_kinh_gui(cell: &str) -> bool {
    let l = lower(cell);
    l.starts_with("kính gửi") || l.starts_with("đồng kính gửi")
}

/// "THỦ TƯỚNG CHÍNH PHỦ điện:" — the addressee block of a công điện.
fn dien_line_rest(cell: &str) -> Option<&str> {
    let i = cell.find("điện:").or_else(|| cell.find("ĐIỆN:"))?;
    let before = &cell[..i];
    (is_upper_dominant(before) && word_count(before) <= 10).then(|| &cell[i + "điện:".len()..])
}

fn kinh_gui_rest(cell: &str) -> &str {
    match cell.find(':') {
        Some(i) => &cell[i + 1..],
        None => {
            // "Kính gửi" with no colon: skip the two or three words.
            let skip = if starts_ci(cell, "đồng") { 3 } else { 2 };
            let mut rest = cell;
            for _ in 0..skip {
                rest = rest.trim_start();
                rest = rest.find(char::is_whitespace).map_or("", |i| &rest[i..]);
            }
            rest
        }
    }
}

fn starts_subject(cell: &str) -> bool {
    let c = cell.trim_start();
    // A trích yếu never ends with a colon: "Về việc …, Thủ tướng có ý kiến như sau:" is body.
    (c.starts_with("V/v") || c.starts_with("V/V") || starts_ci(c, "về việc"))
        && !starts_ci(c, "về việc này")
        && !c.trim_end().ends_with(':')
}

fn is_body_opener(cell: &str) -> bool {
    BODY_OPENERS.iter().any(|o| cell.starts_with(o))
        || cell.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '•' | '*'))
}

fn is_prose(line: &str) -> bool {
    if line.contains('|') {
        return false;
    }
    let s = line.trim();
    // A line opening in lower case is a wrapped line of the one above, never a new paragraph.
    if s.starts_with(|c: char| c.is_lowercase())
        || MOTTO_RE.is_match(s)
        || starts_subject(s)
        || is_kinh_gui(s)
        || s.starts_with("Số")
        || is_upper_dominant(s)
    {
        return false;
    }
    word_count(s) >= 15
        || ["Căn cứ", "Thực hiện", "Theo đề nghị", "Xét đề nghị"]
            .iter()
            .any(|o| s.starts_with(o))
}

// ---------------------------------------------------------------------------------------------
// Issuer names

/// Longest head of [`ORG_HEADS`] at `words[i..]`: (word count, sentence-case form, upper form).
fn match_head(words: &[String], i: usize) -> Option<(usize, &'static str, &'static str)> {
    let mut best: Option<(usize, &'static str, &'static str)> = None;
    for (head, norm) in ORG_HEADS {
        let hw: Vec<&str> = head.split(' ').collect();
        if i + hw.len() <= words.len()
            && hw
                .iter()
                .zip(&words[i..])
                .all(|(a, b)| *a == upper(b.trim_end_matches([',', ';', ':', '.'])))
            && best.is_none_or(|(n, _, _)| hw.len() > n)
        {
            best = Some((hw.len(), norm, head));
        }
    }
    best
}

fn starts_with_head(s: &str) -> bool {
    let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    match_head(&words, 0).is_some()
}

/// Sentence case for a unit name: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du
/// lịch"; "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG" → "UBND tỉnh Hậu Giang".
fn org_case(s: &str) -> String {
    let s = collapse(s);
    let s = s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '-'));
    let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    if let Some((n, norm, _)) = match_head(&words, 0) {
        out.push(norm.to_string());
        i = n;
    }
    if !is_upper_dominant(s) {
        out.extend(words[i..].iter().cloned());
        return out.join(" ");
    }
    let mut cap_next = true;
    let mut place = false;
    while i < words.len() {
        let w = &words[i];
        let u = upper(w);
        if let Some((lw, norm)) = LEVELS.iter().find(|(l, _)| {
            let parts: Vec<&str> = l.split(' ').collect();
            i + parts.len() <= words.len()
                && parts.iter().zip(&words[i..]).all(|(a, b)| *a == upper(b))
        }) {
            out.push(norm.to_string());
            i += lw.split(' ').count();
            place = true;
            continue;
        }
        // Heads written as abbreviations or proper names keep their form inside a name:
        // "VĂN PHÒNG UBND TỈNH …", "… CHÍNH PHỦ".
        if let Some((n, norm, _)) = match_head(&words, i)
            .filter(|(_, norm, _)| matches!(*norm, "UBND" | "HĐND" | "Chính phủ"))
        {
            out.push(norm.to_string());
            i += n;
            cap_next = true;
            continue;
        }
        let word = if place || cap_next {
            title_word(w)
        } else {
            lower(w)
        };
        cap_next = w.ends_with(',') || matches!(u.as_str(), "VÀ" | "-" | "–" | "&");
        if u == "VÀ" {
            out.push("và".into());
        } else {
            out.push(word);
        }
        i += 1;
    }
    out.join(" ")
}

/// The issuer from the lines of the issuer block: the last unit, parents left out.
fn issuer_from(pieces: &[&str]) -> Option<String> {
    let mut units: Vec<Vec<String>> = Vec::new();
    for piece in pieces {
        let words: Vec<String> = piece.split_whitespace().map(str::to_string).collect();
        let mut j = 0;
        while j < words.len() {
            if let Some((n, _, head)) = match_head(&words, j) {
                let prev_ok = j == 0
                    || !(matches!(
                        upper(&words[j - 1]).as_str(),
                        "VÀ" | "CỦA" | "-" | "–" | "&"
                    ) || words[j - 1].ends_with(','));
                let complete = units
                    .last()
                    .is_some_and(|u| match_head(u, 0).is_some_and(|(k, _, _)| u.len() > k));
                if complete && prev_ok && (j == 0 || STRONG_HEADS.contains(&head)) {
                    units.push(Vec::new());
                }
                if units.is_empty() {
                    units.push(Vec::new());
                }
                let unit = units.last_mut().expect("a unit");
                unit.extend(words[j..j + n].iter().cloned());
                j += n;
                continue;
            }
            if units.is_empty() {
                units.push(Vec::new());
            }
            units.last_mut().expect("a unit").push(words[j].clone());
            j += 1;
        }
    }
    let last = units.pop()?;
    let head_only = match_head(&last, 0).is_some_and(|(k, _, _)| k == last.len());
    let name = org_case(&last.join(" "));
    match units.pop() {
        Some(parent) if head_only => Some(format!("{name} {}", org_case(&parent.join(" ")))),
        _ if name.is_empty() => None,
        _ => Some(name),
    }
}

// ---------------------------------------------------------------------------------------------
// Top: the header zone

fn header_limit(t: &str, lines: &[Line]) -> usize {
    let cap = floor_boundary(t, 8000);
    for (i, l) in lines.iter().enumerate() {
        if l.start >= cap || i >= 80 {
            return l.start.min(cap);
        }
        let s = &t[l.start..l.end];
        let c = strip_deco(s);
        if c.is_empty() {
            continue;
        }
        if type_of(c).is_some() || is_kinh_gui(c) || dien_line_rest(c).is_some() || is_prose(s) {
            return l.start;
        }
    }
    cap
}

/// Preceded only by spaces back to a line start or a `|`.
fn at_cell_start(t: &str, i: usize) -> bool {
    let before = t[..i].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with('\n') || before.ends_with('|')
}

struct Found {
    start: usize,
    end: usize,
}

/// The place before ", ngày": the trailing capitalised words of `cand`, across wrapped lines
/// ("Sơn\nLa"); returns the offset of its first word in `cand` and the place.
fn place_of(cand: &str) -> Option<(usize, String)> {
    let is_place_word = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            || matches!(w, "phố" | "xã" | "thị" | "trấn" | "-" | "–")
    };
    let mut taken: Vec<&str> = Vec::new();
    for line in cand.split('\n').rev() {
        let ws: Vec<&str> = line.split_whitespace().collect();
        if ws.is_empty() {
            if taken.is_empty() {
                continue;
            }
            break;
        }
        if !taken.is_empty() {
            // An earlier line is borrowed whole ("Sơn⏎La, ngày …") or not at all.
            let whole = ws.iter().all(|w| is_place_word(w))
                && taken.len() + ws.len() <= 6
                && !line.trim_end().ends_with(['.', ',', ';', ':']);
            if !whole {
                break;
            }
            taken.splice(0..0, ws);
            continue;
        }
        for w in ws.iter().rev() {
            if !is_place_word(w) || taken.len() >= 6 {
                break;
            }
            taken.insert(0, w);
        }
        if taken.len() < ws.len() {
            break;
        }
    }
    while taken.first().is_some_and(|w| matches!(*w, "-" | "–")) {
        taken.remove(0);
    }
    let first = *taken.first()?;
    let place = taken.join(" ");
    let place = place.trim_matches(|c: char| matches!(c, ' ' | ',' | '.'));
    let place = if is_upper_dominant(place) {
        place
            .split(' ')
            .map(title_word)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        place.to_string()
    };
    Some((offset_in(cand, first), place))
}

#[derive(Default)]
struct Top {
    detected: bool,
    cursor: usize,
}

fn parse_zone(t: &str, lines: &[Line], h: &mut PrintedHeader) -> Top {
    let limit = header_limit(t, lines);
    let r = &t[..limit];
    let mottos: Vec<Found> = MOTTO_RE
        .find_iter(r)
        .map(|m| Found {
            start: m.start(),
            end: m.end(),
        })
        .collect();

    let number = NUMBER_RE.captures_iter(r).find_map(|c| {
        let m = c.get(0)?;
        let ok = at_cell_start(r, m.start())
            || (c.name("colon").is_some()
                && r[..m.start()].ends_with(|ch: char| ch.is_whitespace()));
        ok.then(|| {
            (
                Found {
                    start: m.start(),
                    end: m.end(),
                },
                normalise_number(&c["n"]),
            )
        })
    });

    let has_anchor = !mottos.is_empty() || number.is_some();
    // (place start, date span, place, date)
    let date = DATE_RE.captures_iter(r).find_map(|c| {
        let m = c.get(0)?;
        let date = date_of(&c)?;
        let before = r[..m.start()].trim_end();
        if let Some(cand_end) = before.strip_suffix(',').map(str::len) {
            let mut lo = 0;
            for b in [
                r[..cand_end].rfind('|').map(|i| i + 1),
                BLANK_LINE_RE
                    .find_iter(&r[..cand_end])
                    .last()
                    .map(|b| b.end()),
                r[..cand_end].rfind("--").map(|i| i + 2),
                number
                    .as_ref()
                    .map(|(f, _)| f.end)
                    .filter(|&e| e <= cand_end),
                mottos
                    .iter()
                    .map(|f| f.end)
                    .filter(|&e| e <= cand_end)
                    .max(),
            ]
            .into_iter()
            .flatten()
            {
                lo = lo.max(b);
            }
            let (pstart, place) = match place_of(&r[lo..cand_end]) {
                Some((o, p)) => (lo + o, Some(p)),
                None => (lo, None),
            };
            return Some((
                pstart,
                Found {
                    start: m.start(),
                    end: m.end(),
                },
                place,
                date,
            ));
        }
        (has_anchor && at_cell_start(r, m.start())).then(|| {
            (
                m.start(),
                Found {
                    start: m.start(),
                    end: m.end(),
                },
                None,
                date,
            )
        })
    });

    let detected = has_anchor || date.as_ref().is_some_and(|d| d.2.is_some());
    if !detected {
        return Top::default();
    }
    if let Some((_, n)) = &number {
        h.number = Some(n.clone());
    }
    if let Some((_, _, place, d)) = &date {
        h.place.clone_from(place);
        h.issued = Some(*d);
    }
    let mut cursor = mottos.iter().map(|f| f.end).max().unwrap_or(0);
    cursor = cursor.max(number.as_ref().map_or(0, |(f, _)| f.end));
    cursor = cursor.max(date.as_ref().map_or(0, |d| d.1.end));

    // Stamps on cells of their own.
    let mut stamp_spans: Vec<(usize, usize)> = Vec::new();
    for l in lines.iter().take_while(|l| l.start < limit) {
        for (s, e) in cells(t, l.start, l.end.min(limit)) {
            if let Some(stamp) = stamp_of(&t[s..e]) {
                apply_stamp(h, stamp);
                stamp_spans.push((s, e));
            }
        }
    }

    // The subject "V/v …" at a cell start or right after the number.
    let subject = SUBJECT_RE.find_iter(r).find_map(|m| {
        let s = m.start();
        let after_number = number
            .as_ref()
            .is_some_and(|(f, _)| f.end <= s && r[f.end..s].trim().is_empty());
        if !(at_cell_start(r, s) || after_number)
            || mottos.iter().any(|f| f.start <= s && s < f.end)
        {
            return None;
        }
        let line_end = r[s..].find('\n').map_or(r.len(), |i| s + i);
        if !starts_subject(strip_pipes(&r[s..line_end])) {
            return None;
        }
        let mut e = limit;
        if let Some(p) = r[s..].find('|') {
            e = e.min(s + p);
        }
        if let Some(b) = BLANK_LINE_RE.find(&r[s..]) {
            e = e.min(s + b.start());
        }
        if let Some((pstart, ..)) = &date {
            if *pstart > s {
                e = e.min(*pstart);
            }
        }
        Some((s, e))
    });
    if let Some((s, e)) = subject {
        let text = collapse(&r[s..e]);
        let text = text.trim_end_matches(|c: char| c == '|' || c.is_whitespace());
        if !text.is_empty() {
            h.subject = Some(text.to_string());
        }
        cursor = cursor.max(e);
    }

    // The issuer block: before the number, the date and the subject.
    let mut issuer_end = limit;
    for e in [
        number.as_ref().map(|(f, _)| f.start),
        date.as_ref().map(|d| d.0),
        subject.map(|(s, _)| s),
    ]
    .into_iter()
    .flatten()
    {
        issuer_end = issuer_end.min(e);
    }
    let mut cuts: Vec<(usize, usize)> = mottos.iter().map(|f| (f.start, f.end)).collect();
    cuts.extend(stamp_spans.iter().copied());
    cuts.sort();
    let mut pieces: Vec<&str> = Vec::new();
    let mut from = 0;
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for (s, e) in cuts.iter().copied().chain([(issuer_end, issuer_end)]) {
        let s = s.min(issuer_end);
        if s > from {
            segments.push((from, s));
        }
        from = from.max(e);
        if from >= issuer_end {
            break;
        }
    }
    let mut issuer_last = 0;
    for (s, e) in segments {
        for piece in t[s..e].split(['\n', '|']) {
            let p = strip_deco(piece);
            if !p.is_empty() && word_count(p) < 12 && stamp_of(p).is_none() {
                issuer_last = issuer_last.max(offset_in(t, p) + p.len());
                pieces.push(p);
            }
        }
    }
    h.issuer = issuer_from(&pieces);
    cursor = cursor.max(issuer_last);
    for (_, e) in stamp_spans {
        cursor = cursor.max(e);
    }
    Top {
        detected: true,
        cursor,
    }
}

// ---------------------------------------------------------------------------------------------
// Top: type line, title, "Kính gửi"

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    Subject,
    Title,
    After,
    Recipients,
}

/// Lines of a heading consumed so far: sets type, subject, recipients; returns the body start.
fn parse_heading(t: &str, lines: &[Line], cursor: usize, h: &mut PrintedHeader) -> usize {
    let mut state = State::Start;
    let mut consumed_any = false;
    let mut title: Vec<&str> = Vec::new();
    let mut mixed_title = false;
    let mut subject: Vec<&str> = Vec::new();
    let mut blank = false;
    let mut recipients = Recipients::default();
    let mut authority: Option<String> = None;
    let mut title_done = false;

    let first = lines
        .iter()
        .position(|l| l.end >= cursor)
        .unwrap_or(lines.len());
    let mut i = first;
    let mut body: Option<usize> = None;
    while i < lines.len() {
        let l = lines[i];
        let ls = l.start.max(cursor).min(l.end);
        let raw = &t[ls..l.end];
        let c = strip_pipes(raw);
        if c.is_empty() || is_deco(c) {
            blank = true;
            i += 1;
            continue;
        }
        let cs = offset_in(t, c);
        // Stamps, "Kính gửi" and "… điện:" wherever they stand in the heading.
        if let Some(stamp) = stamp_of(c) {
            apply_stamp(h, stamp);
            consumed_any = true;
            i += 1;
            continue;
        }
        let recipients_rest = if is_kinh_gui(c) {
            Some(kinh_gui_rest(c))
        } else if state != State::Recipients {
            dien_line_rest(c)
        } else {
            None
        };
        if let Some(rest) = recipients_rest {
            if state == State::Title {
                authority = finish_title(&mut title, h, c);
            }
            if state == State::Subject {
                finish_subject(&mut subject, h);
            }
            state = State::Recipients;
            recipients = Recipients::after(strip_pipes(rest), true);
            consumed_any = true;
            blank = false;
            i += 1;
            continue;
        }
        match state {
            State::Start | State::After => {
                // A decision's authority line, set apart from a mixed-case title.
                if state == State::After
                    && title_done
                    && authority.is_none()
                    && is_upper_dominant(c)
                    && word_count(c) <= 12
                    && (starts_with_head(c) || TITLES.iter().any(|t| upper(c).starts_with(t)))
                {
                    authority = Some(collapse(c));
                    i += 1;
                    continue;
                }
                if h.doc_type.is_none() {
                    if let Some((ty, stamp)) = type_of(c) {
                        h.doc_type = Some(ty.to_string());
                        if let Some(stamp) = stamp {
                            apply_stamp(h, stamp);
                        }
                        state = State::Title;
                        consumed_any = true;
                        blank = false;
                        i += 1;
                        continue;
                    }
                }
                if h.subject.is_none() && state == State::Start && starts_subject(c) {
                    subject.push(c);
                    state = State::Subject;
                    consumed_any = true;
                    blank = false;
                    i += 1;
                    continue;
                }
                body = Some(cs);
                break;
            }
            State::Subject => {
                let prev = subject.last().copied().unwrap_or("");
                if !blank && is_continuation(c, prev, false) {
                    subject.push(c);
                    i += 1;
                    continue;
                }
                finish_subject(&mut subject, h);
                state = State::After;
            }
            State::Title => {
                if title.is_empty() {
                    if is_title_start(c) {
                        mixed_title = !is_upper_dominant(c);
                        title.push(c);
                        blank = false;
                        i += 1;
                        continue;
                    }
                    state = State::After;
                    continue;
                }
                let prev = title.last().copied().unwrap_or("");
                let more = if mixed_title {
                    !blank && is_continuation(c, prev, true)
                } else {
                    is_upper_dominant(c)
                };
                if more {
                    title.push(c);
                    blank = false;
                    i += 1;
                    continue;
                }
                authority = finish_title(&mut title, h, c);
                title_done = true;
                state = State::After;
            }
            State::Recipients => {
                // Bullets; a wrapped bullet; an unbulleted list of short items.
                let bullet = c.starts_with(['-', '–', '+', '•', '*']);
                let words = word_count(c);
                let wrapped = c.starts_with(|ch: char| ch.is_lowercase()) && !recipients.terminal;
                let item = ((recipients.first || c.ends_with(';')) && words <= 20)
                    || (recipients.semicolon && words <= 12 && c.ends_with(['.', ';']));
                if bullet || wrapped || item {
                    recipients = Recipients::after(c, false);
                    i += 1;
                    continue;
                }
                body = Some(cs);
                break;
            }
        }
    }
    if state == State::Subject {
        finish_subject(&mut subject, h);
    }
    if state == State::Title {
        authority = finish_title(&mut title, h, "");
    }
    if let Some(a) = authority {
        apply_authority(h, &a);
    }
    match body {
        Some(b) => b,
        None if !consumed_any && cursor == 0 => 0,
        None => t.len(),
    }
}

/// The first line after a type line is its title: upper case, "Về việc …", or a short line with
/// no closing punctuation ("KẾ HOẠCH / Triển khai chuyển đổi số …").
fn is_title_start(c: &str) -> bool {
    is_upper_dominant(c)
        || starts_subject(c)
        || (word_count(c) <= 20
            && !c.ends_with(['.', ':', ';'])
            && !["Căn cứ", "Kính gửi", "Thực hiện"]
                .iter()
                .any(|o| c.starts_with(o))
            && !c.starts_with(|ch: char| ch.is_ascii_digit() || matches!(ch, '-' | '+' | '•')))
}

/// Where a list of recipients stands after its last line.
#[derive(Default, Clone, Copy)]
struct Recipients {
    /// "Kính gửi:" with nothing after it: the next line is a recipient.
    first: bool,
    /// The last line ended an item (";" or ".").
    terminal: bool,
    /// The last line ended with ";": more items follow.
    semicolon: bool,
}

impl Recipients {
    fn after(line: &str, opening: bool) -> Self {
        Recipients {
            first: opening && line.is_empty(),
            terminal: line.ends_with([';', '.']),
            semicolon: line.ends_with(';'),
        }
    }
}

/// A wrapped line of a subject or a mixed-case title.
fn is_continuation(c: &str, prev: &str, title: bool) -> bool {
    if c.starts_with(|ch: char| ch.is_lowercase()) {
        return true;
    }
    if is_body_opener(c)
        || type_of(c).is_some()
        || is_upper_dominant(c) && (title || !is_upper_dominant(prev))
        || prev.ends_with(['.', ';', ':'])
        || c.ends_with(':')
        || PLACE_DATE_RE.is_match(c)
    {
        return false;
    }
    word_count(c) <= 12
}

fn finish_subject(lines: &mut Vec<&str>, h: &mut PrintedHeader) {
    if !lines.is_empty() && h.subject.is_none() {
        h.subject = Some(collapse(&lines.join(" ")));
    }
    lines.clear();
}

/// Ends a title; pops a decision's authority line ("ỦY BAN NHÂN DÂN TỈNH …", "CHỦ TỊCH …").
fn finish_title(lines: &mut Vec<&str>, h: &mut PrintedHeader, next: &str) -> Option<String> {
    let mut authority = None;
    let decision = matches!(
        h.doc_type.as_deref(),
        Some("Quyết định" | "Nghị quyết" | "Nghị định" | "Chỉ thị")
    ) || next.starts_with("Căn cứ");
    if decision && lines.len() >= 2 {
        let n = lines.len();
        let k = (1..n).rev().take(2).find(|&k| {
            let l = lines[k];
            is_upper_dominant(l)
                && (starts_with_head(l) || TITLES.iter().any(|t| upper(l).starts_with(t)))
        });
        if let Some(k) = k {
            let text = collapse(&lines[k..].join(" "));
            if word_count(&text) <= 12 {
                authority = Some(text);
                lines.truncate(k);
            }
        }
    }
    if !lines.is_empty() && h.subject.is_none() {
        h.subject = Some(collapse(&lines.join(" ")));
    }
    lines.clear();
    authority
}

/// "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" under a decision's title: the issuer is the Chairman.
fn apply_authority(h: &mut PrintedHeader, authority: &str) {
    let u = upper(authority);
    let Some(title) = TITLES.iter().find(|t| u.starts_with(*t)) else {
        return;
    };
    let title_case = position_case(title);
    match &h.issuer {
        Some(issuer) if !lower(issuer).starts_with(&lower(&title_case)) => {
            h.issuer = Some(format!("{title_case} {issuer}"));
        }
        Some(_) => {}
        None => h.issuer = Some(org_case(authority)),
    }
}

/// Headerless text: a "V/v …" among the first three lines is its subject.
fn headerless_subject_cursor(t: &str, lines: &[Line]) -> usize {
    for l in lines
        .iter()
        .filter(|l| !strip_deco(&t[l.start..l.end]).is_empty())
        .take(3)
    {
        let c = strip_pipes(&t[l.start..l.end]);
        if starts_subject(c) || type_of(c).is_some() {
            return l.start;
        }
    }
    0
}

// ---------------------------------------------------------------------------------------------
// Closing: "Nơi nhận", signature, appendix, attribution

fn position_case(title: &str) -> String {
    let words: Vec<String> = title.split_whitespace().map(lower).collect();
    let mut out = Vec::new();
    let mut cap_next = true;
    for w in &words {
        out.push(if cap_next { capitalise(w) } else { w.clone() });
        cap_next = matches!(w.as_str(), "phó" | "chánh");
    }
    out.join(" ")
}

fn match_title(words: &[String], i: usize) -> usize {
    TITLES
        .iter()
        .filter_map(|t| {
            let tw: Vec<&str> = t.split(' ').collect();
            (i + tw.len() <= words.len()
                && tw
                    .iter()
                    .zip(&words[i..])
                    .all(|(a, b)| *a == upper(b.trim_end_matches(','))))
            .then_some(tw.len())
        })
        .max()
        .unwrap_or(0)
}

fn is_marker(w: &str) -> bool {
    matches!(
        w,
        "KT." | "TM." | "TL." | "TUQ." | "Q." | "K/T" | "T/M" | "T/L"
    )
}

#[derive(Default)]
struct Signature {
    competence: Option<String>,
    position: Option<String>,
    signer: Option<String>,
}

fn parse_signature_words(words: &[String]) -> Signature {
    let mut sig = Signature::default();
    let mut comps: Vec<String> = Vec::new();
    let mut i = 0;
    let n = words.len();
    while i < n && is_marker(&words[i]) {
        let marker = words[i].clone();
        i += 1;
        let start = i;
        if marker == "TM." || marker == "T/M" {
            while i < n
                && is_upper_word(&words[i])
                && !is_marker(&words[i])
                && match_title(words, i) == 0
            {
                i += 1;
            }
        } else {
            let k = match_title(words, i);
            if k > 0 {
                i += k;
                while words[i - 1].ends_with(',') && match_title(words, i) > 0 {
                    i += match_title(words, i);
                }
            } else {
                while i < n
                    && is_upper_word(&words[i])
                    && !is_marker(&words[i])
                    && (i == start || upper(&words[i]) != "PHÓ")
                {
                    i += 1;
                }
            }
        }
        comps.push(
            format!("{marker} {}", words[start..i].join(" "))
                .trim()
                .to_string(),
        );
    }
    if !comps.is_empty() {
        sig.competence = Some(comps.join(" "));
    }
    // Position: the upper-case words after the competence.
    let start = i;
    while i < n && is_upper_word(&words[i]) && !is_marker(&words[i]) {
        i += 1;
    }
    let upper_run = &words[start..i];
    if !upper_run.is_empty() {
        let k = match_title(upper_run, 0);
        let (pos, rest) = if k > 0 {
            upper_run.split_at(k)
        } else {
            (upper_run, &[][..])
        };
        let mut position = position_case(&pos.join(" "));
        let looks_like_name = (2..=5).contains(&rest.len())
            && !rest
                .iter()
                .any(|w| match_head(std::slice::from_ref(w), 0).is_some())
            && match_title(rest, 0) == 0;
        if looks_like_name {
            sig.signer = Some(
                rest.iter()
                    .map(|w| title_word(w))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        } else if !rest.is_empty() {
            position = format!("{position} {}", org_case(&rest.join(" ")));
        }
        sig.position = Some(position.trim_end_matches(',').to_string());
    }
    // Name: Title-Case words.
    let name: Vec<&str> = words[i..]
        .iter()
        .take_while(|w| is_name_word(w))
        .take(6)
        .map(String::as_str)
        .collect();
    if name.len() >= 2 {
        sig.signer = Some(name.join(" "));
    }
    sig
}

/// Cells from `start` on, in reading order, as (start, end).
fn cells_from(t: &str, lines: &[Line], start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for l in lines.iter().filter(|l| l.end > start) {
        let s = l.start.max(start);
        if s < l.end {
            out.extend(cells(t, s, l.end));
        }
        // A blank line is a cell break too.
        if t[l.start..l.end].trim().is_empty() {
            out.push((l.start, l.start));
        }
    }
    out
}

fn strip_signed(s: &str) -> String {
    let mut s = s.to_string();
    for noise in [
        "(Đã ký)",
        "(đã ký)",
        "(Đã ký và đóng dấu)",
        "Đã ký",
        "(ký)",
        "[daky]",
    ] {
        s = s.replace(noise, " ");
    }
    s
}

/// Reads the signature block whose first cell starts at `cells[k]`; returns it and its end.
fn read_signature(t: &str, cells: &[(usize, usize)], k: usize) -> (Signature, usize) {
    let mut words: Vec<String> = Vec::new();
    let mut end = cells[k].1;
    for &(s, e) in cells.iter().skip(k).take(10) {
        if s == e {
            continue;
        }
        let c = strip_signed(&t[s..e]);
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        if !words.is_empty()
            && (c.starts_with("PHỤ LỤC")
                || starts_ci(c, "phụ lục")
                || c.starts_with('[')
                || c.starts_with(['-', '–', '+'])
                || starts_ci(c, "nơi nhận")
                || word_count(c) > 12)
        {
            break;
        }
        words.extend(c.split_whitespace().map(str::to_string));
        end = e;
        if c.split_whitespace().any(is_name_word) {
            break;
        }
    }
    (parse_signature_words(&words), end)
}

fn closing(t: &str, lines: &[Line], h: &mut PrintedHeader) {
    let from = h.body_start;
    let noi = NOI_NHAN_RE.find_iter(t).map(|m| m.start()).find(|&s| {
        if s < from {
            return false;
        }
        let before = t[..s].trim_end_matches([' ', '\t']);
        before.is_empty() || before.ends_with(['\n', '|', '.'])
    });
    let all_cells = cells_from(t, lines, from);
    let mut sig_at: Option<usize> = all_cells.iter().position(|&(s, e)| {
        s < e && COMPETENCE_RE.is_match(&t[s..e]) && word_count(&t[s..e]) <= 16
    });
    let mut sig_start = sig_at.map(|k| all_cells[k].0);
    if sig_at.is_none() {
        if let Some(n) = noi {
            if let Some(m) = COMPETENCE_ANYWHERE_RE
                .captures(&t[n..])
                .and_then(|c| c.name("m"))
            {
                let s = n + m.start();
                let line_end = t[s..].find('\n').map_or(t.len(), |i| s + i);
                let mut cs = vec![(s, line_end)];
                cs.extend(cells_from(t, lines, line_end));
                let (sig, _) = read_signature(t, &cs, 0);
                apply_signature(h, sig);
                sig_start = Some(s);
            }
        }
    }
    if sig_start.is_none() {
        // A position title followed by a name, after "Nơi nhận" or among the last lines.
        let tail = lines
            .iter()
            .rev()
            .filter(|l| !t[l.start..l.end].trim().is_empty())
            .nth(15)
            .map_or(0, |l| l.start);
        let region = noi.unwrap_or(tail).max(from);
        sig_at = all_cells.iter().enumerate().position(|(k, &(s, e))| {
            if s < region || s == e {
                return false;
            }
            let words: Vec<String> = t[s..e].split_whitespace().map(str::to_string).collect();
            let kt = match_title(&words, 0);
            if kt == 0 || words.len() > kt + 6 {
                return false;
            }
            let rest = &words[kt..];
            if !rest.is_empty() {
                return rest.len() >= 2 && rest.iter().all(|w| is_name_word(w));
            }
            all_cells[k + 1..]
                .iter()
                .find(|&&(s, e)| s < e)
                .is_some_and(|&(s, e)| {
                    let ws: Vec<&str> = t[s..e].split_whitespace().collect();
                    (2..=6).contains(&ws.len()) && ws.iter().all(|w| is_name_word(w))
                })
        });
        sig_start = sig_at.map(|k| all_cells[k].0);
    }
    let mut after_sig = noi.unwrap_or(t.len());
    if let Some(k) = sig_at {
        let (sig, end) = read_signature(t, &all_cells, k);
        apply_signature(h, sig);
        after_sig = end;
    }
    let mut end = t.len();
    if let Some(n) = noi {
        end = end.min(n);
    }
    if let Some(s) = sig_start {
        end = end.min(s);
        after_sig = after_sig.max(s);
    }
    h.body_end = end.max(h.body_start);
    h.appendix_start = lines.iter().filter(|l| l.start >= after_sig).find_map(|l| {
        let c = strip_pipes(&t[l.start..l.end]);
        is_appendix_title(c).then(|| offset_in(t, c))
    });
}

/// The first line of what a document carries after its signature: an appendix ("PHỤ LỤC",
/// "Phụ lục I"), or the plan, programme or rules a decision promulgates, by its title in capitals
/// ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "QUY CHẾ" …) or by the line that says it is attached ("(Kèm theo
/// Quyết định số …)").
fn is_appendix_title(line: &str) -> bool {
    const TITLES: &[&str] = &[
        "PHỤ LỤC",
        "KẾ HOẠCH",
        "CHƯƠNG TRÌNH",
        "ĐỀ ÁN",
        "QUY CHẾ",
        "QUY ĐỊNH",
        "PHƯƠNG ÁN",
        "DANH MỤC",
        "NHIỆM VỤ",
    ];
    let short = word_count(line) <= 12;
    let lower = line.trim_start_matches('(').to_lowercase();
    TITLES.iter().any(|k| line.starts_with(k))
        || (line.starts_with("Phụ lục") && short)
        || lower.starts_with("kèm theo ")
        || lower.starts_with("ban hành kèm theo ")
}

fn apply_signature(h: &mut PrintedHeader, sig: Signature) {
    h.competence = sig.competence;
    h.signer_position = sig.position;
    h.signer = sig.signer;
}

/// "(Theo Công văn số 1924/UBND-KT, ngày 23/4/2024)" as the last line of a republished text.
fn attribution(t: &str, lines: &[Line], h: &mut PrintedHeader) {
    let last: Vec<&Line> = lines
        .iter()
        .rev()
        .filter(|l| !strip_deco(&t[l.start..l.end]).is_empty())
        .take(3)
        .collect();
    for (k, l) in last.iter().enumerate() {
        let c = strip_pipes(&t[l.start..l.end]);
        let Some(caps) = ATTRIBUTION_RE.captures(c) else {
            continue;
        };
        if h.number.is_none() {
            h.number = Some(normalise_number(&caps["n"]));
        }
        if h.issued.is_none() {
            h.issued = date_of(&caps);
        }
        if h.doc_type.is_none() {
            if let Some(ty) = caps
                .name("ty")
                .filter(|m| !starts_ci(m.as_str(), "văn bản"))
            {
                h.doc_type = Some(ty.as_str().to_string());
            }
        }
        if k == 0 && l.start >= h.body_start && l.start < h.body_end {
            h.body_end = offset_in(t, c).max(h.body_start);
        }
        break;
    }
    if let Some(subject) = h.subject.clone() {
        if let Some(caps) = SUBJECT_ATTRIBUTION_RE.captures(&subject) {
            if h.number.is_none() {
                h.number = Some(normalise_number(&caps["n"]));
            }
            if h.issued.is_none() {
                h.issued = date_of(&caps);
            }
            let m = caps.get(0).expect("whole match");
            h.subject = Some(subject[..m.start()].trim_end().to_string());
        }
    }
}

fn infer_type(h: &mut PrintedHeader) {
    if h.doc_type.is_some() {
        return;
    }
    if let Some(n) = &h.number {
        let segs: Vec<&str> = n.split('/').collect();
        let code_seg = segs
            .iter()
            .skip(1)
            .find(|s| !(s.len() == 4 && s.chars().all(|c| c.is_ascii_digit())))
            .copied();
        let first_dash = segs[0].split_once('-').map(|(_, c)| c);
        let code = first_dash.or_else(|| code_seg.map(|s| s.split('-').next().unwrap_or(s)));
        let ty = code
            .and_then(|c| TYPE_CODES.iter().find(|(k, _)| *k == upper(c)))
            .map_or("Công văn", |(_, t)| t);
        h.doc_type = Some(ty.to_string());
    } else if h.subject.as_deref().is_some_and(starts_subject) {
        h.doc_type = Some("Công văn".to_string());
    }
}

fn parse_nfc(t: &str) -> PrintedHeader {
    let lines = lines_of(t);
    let mut h = PrintedHeader {
        body_end: t.len(),
        ..Default::default()
    };
    let top = parse_zone(t, &lines, &mut h);
    let cursor = if top.detected {
        top.cursor
    } else {
        headerless_subject_cursor(t, &lines)
    };
    let body_start = parse_heading(t, &lines, cursor, &mut h);
    h.body_start = if !top.detected && body_start == t.len() && h.subject.is_none() {
        0
    } else {
        body_start
    };
    h.body_end = t.len();
    closing(t, &lines, &mut h);
    attribution(t, &lines, &mut h);
    infer_type(&mut h);
    h
}

#[cfg(test)]
mod tests {
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
        let no_number =
            "V/v tổ chức tập huấn nghiệp vụ\n\nSở Nội vụ tổ chức tập huấn cho cán bộ.\n";
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

    // -----------------------------------------------------------------------------------------
    // The dev corpus (run with `cargo test --lib extract::header -- --ignored --nocapture`).

    /// Lower case, no tone marks, "Ủy ban nhân dân" = "UBND", punctuation and spaces folded.
    fn fold(s: &str) -> String {
        let no_marks: String = s
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .map(|c| if c == 'đ' { 'd' } else { c })
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        collapse(&no_marks).replace("uy ban nhan dan", "ubnd")
    }

    fn corpus_dir(name: &str) -> Option<std::path::PathBuf> {
        let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        [
            here.join("../shared/corpus").join(name),
            std::path::Path::new("/work/shared/corpus").join(name),
        ]
        .into_iter()
        .find(|p| p.is_dir())
    }

    /// Compares number, issued, issuer and doc_type with every NNN.json of `dir` whose document
    /// `read` can read (null in the json = not assessed) and prints per-field accuracy.
    fn score_corpus(dir: &std::path::Path, read: impl Fn(&std::path::Path) -> Option<String>) {
        let mut docs: Vec<_> = std::fs::read_dir(dir)
            .expect("corpus dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        docs.sort();
        // field → (assessed, found, correct)
        let fields = ["number", "issued", "issuer", "doc_type"];
        let mut score = [(0usize, 0usize, 0usize); 4];
        let mut misses: Vec<String> = Vec::new();
        let mut read_count = 0;
        for json in &docs {
            let Some(text) = read(json) else { continue };
            read_count += 1;
            let gold: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(json).expect("json"))
                    .expect("valid json");
            let h = parse_header(&text);
            let got = [
                h.number.clone(),
                h.issued.map(|d| d.to_string()),
                h.issuer.clone(),
                h.doc_type.clone(),
            ];
            let id = json
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("?")
                .to_string();
            if std::env::var_os("HEADER_DUMP").is_some() {
                let t = nfc(&text);
                let snip = |a: usize| {
                    t[a..]
                        .chars()
                        .take(60)
                        .collect::<String>()
                        .replace('\n', "⏎")
                };
                let tail = |b: usize| {
                    let s: String = t[..b].chars().rev().take(50).collect();
                    s.chars().rev().collect::<String>().replace('\n', "⏎")
                };
                println!(
                    "{id}: {:?} | place {:?} | subject {:?}\n    type {:?} urgency {:?} secrecy {:?} | sig {:?} / {:?} / {:?}\n    body [{}..{}] of {}: «{}» … «{}» appendix {:?}",
                    h.issuer, h.place, h.subject, h.doc_type, h.urgency, h.secrecy, h.competence,
                    h.signer_position, h.signer, h.body_start, h.body_end, t.len(),
                    snip(h.body_start), tail(h.body_end), h.appendix_start.map(snip)
                );
            }
            for (k, field) in fields.iter().enumerate() {
                let Some(want) = gold[field].as_str() else {
                    continue;
                };
                score[k].0 += 1;
                let Some(have) = &got[k] else {
                    misses.push(format!("{id} {field}: none, want {want:?}"));
                    continue;
                };
                score[k].1 += 1;
                let ok = match *field {
                    "number" => {
                        normalise_number(have).to_uppercase()
                            == normalise_number(want).to_uppercase()
                    }
                    "issued" => have == want,
                    // "Công văn (thông báo ý kiến chỉ đạo)": the annotator's remark is not the type.
                    "doc_type" => fold(have) == fold(want.split('(').next().unwrap_or(want)),
                    _ => fold(have) == fold(want),
                };
                if ok {
                    score[k].2 += 1;
                } else {
                    misses.push(format!("{id} {field}: {have:?}, want {want:?}"));
                }
            }
        }
        println!("{}: {read_count} documents", dir.display());
        for (k, field) in fields.iter().enumerate() {
            let (assessed, found, correct) = score[k];
            println!(
                "  {field:<9} {correct:>3}/{assessed:<3} correct ({:.0}%), {found} found, {} wrong",
                100.0 * correct as f64 / assessed.max(1) as f64,
                found - correct
            );
        }
        for m in &misses {
            println!("  - {m}");
        }
    }

    #[test]
    #[ignore = "reads the shared dev corpus"]
    fn dev_corpus_headers() {
        let Some(dir) = corpus_dir("dev") else {
            eprintln!("no dev corpus found: skipped");
            return;
        };
        score_corpus(&dir, |json| {
            std::fs::read_to_string(json.with_extension("txt")).ok()
        });
    }

    /// The same documents rendered as DOCX (tables as `|` rows) or PDF (lines wrapped as a PDF
    /// wraps them), read through [`crate::doctext`].
    #[test]
    #[ignore = "reads the shared dev corpus"]
    fn dev_office_corpus_headers() {
        let Some(dir) = corpus_dir("dev_office") else {
            eprintln!("no dev_office corpus found: skipped");
            return;
        };
        let limits = crate::doctext::Limits::default();
        score_corpus(&dir, |json| {
            let path = ["docx", "pdf"]
                .iter()
                .map(|e| json.with_extension(e))
                .find(|p| p.is_file())?;
            match crate::doctext::extract_file(&path, &limits).ok()? {
                crate::doctext::Extracted::Text(t) => Some(t),
                crate::doctext::Extracted::NeedsManualEntry { .. } => None,
            }
        });
    }
}
