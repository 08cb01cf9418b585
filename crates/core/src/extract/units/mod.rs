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
//!   thuộc Trung ương", "cấp xã") and at most eight other lower-case words ("các doanh nghiệp viễn
//!   thông"). A one-syllable noun right after "các" must not open a compound ("các bộ phận",
//!   "các trường hợp" are not groups). Groups named one after another are returned one by one;
//!   joining them into one entry is the task extractor's affair. A role given work by what it
//!   does — "chủ đầu tư", "nhà thầu" (the data's `role_nouns`) — is a group without "các" where
//!   a clause's subject stands (capitalised) or right after "giao", "đề nghị", "yêu cầu".
//! - **Recipients.** A unit after "báo cáo", "trình", "đề xuất", "gửi", "tham mưu", "kiến nghị",
//!   "xin ý kiến", "(qua …)", "thông qua" or "chịu trách nhiệm trước" — within six words of the
//!   same clause, with no "phối hợp", "với", "giao", "đề nghị", "của" … in between — gets
//!   [`Role::Recipient`], and so does a unit joined to a recipient by "," or "và" ("báo cáo UBND
//!   tỉnh, Chủ tịch UBND tỉnh"). Everything else, the issuer "UBND tỉnh" of "UBND tỉnh giao …"
//!   included, is [`Role::Named`].
//! - **Not units**: place names without a head ("tỉnh Hậu Giang", "Thành phố" at the start of a
//!   sentence), legal documents ("Luật …", "Nghị định …", "Quyết định số …": they end a name and
//!   never start one), persons without an office ("đồng chí …").
//!
//! # Layout
//! `tokens` cuts the sentence into words; `lexicon` holds the word lists; `parser` tells what
//! each word is and which role a unit plays; `names` finds where each name starts and ends.

use std::sync::LazyLock;

use regex::{NoExpand, Regex};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::domain::text::fold_name;

mod groups;
mod lexicon;
mod names;
mod parser;
mod places;
mod tokens;

use lexicon::*;
pub(crate) use lexicon::{heads_a_department, is_level_word, is_title, opens_a_head};
use parser::*;
use tokens::*;

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

/// The members of a list of proper names the lexicon may not know ("Viettel Quảng Ngãi, VNPT
/// Quảng Ngãi"): a lead field or a lead column holds names and nothing else, so what it lists is
/// who leads, known or not. None when a member is long, opens in lower case or is mostly
/// lower-case words, as work or a remark is ("theo chức năng", "Sở A phối hợp thực hiện").
pub fn name_list(value: &str) -> Option<Vec<String>> {
    let value = value.trim().trim_end_matches(['.', ';', ',']);
    let members: Vec<&str> = value
        .split([',', ';'])
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .collect();
    let named = !members.is_empty()
        && members.len() <= 8
        && members.iter().all(|m| {
            let words: Vec<&str> = m.split_whitespace().collect();
            let lower = words
                .iter()
                .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
                .count();
            m.chars().next().is_some_and(char::is_uppercase)
                && words.len() <= 6
                && lower * 2 <= words.len()
        });
    named.then(|| {
        members
            .into_iter()
            .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    })
}

/// The units `sentence` names, in order of appearance.
pub fn find_units(sentence: &str) -> Vec<UnitMention> {
    let mut t = tokenize(sentence);
    unshout(sentence, &mut t);
    let mut p = Parser { s: sentence, t };
    // "1. SỞ TÀI CHÍNH:": a department in a heading written in capitals is still a department,
    // which the name of a known department after "SỞ" / "BỘ" tells.
    let shouted: Vec<usize> = (0..p.t.len())
        .filter(|&i| {
            let t = &p.t[i];
            matches!(p.low(i), "sở" | "bộ")
                && !t.cap
                && sentence[t.start..t.end].chars().all(char::is_uppercase)
                && p.lexicon_end(i + 1).is_some()
        })
        .collect();
    for i in shouted {
        p.t[i].cap = true;
        if let Some(next) = p.t.get_mut(i + 1) {
            next.cap = true;
        }
    }
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

#[cfg(test)]
mod tests;
