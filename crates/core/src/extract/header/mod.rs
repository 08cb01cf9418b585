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

mod closing;
mod heading;
mod issuer;
mod text;
mod vocab;
mod zone;

use closing::*;
use heading::*;
use issuer::*;
use text::*;
use vocab::*;
use zone::*;

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

/// A document number as compared: spaces dropped, dashes made one.
pub fn normalise_number(n: &str) -> String {
    let s: String = n
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' { '-' } else { c })
        .collect();
    s.trim_end_matches(['.', '-', '/']).to_string()
}

#[cfg(test)]
mod tests;
