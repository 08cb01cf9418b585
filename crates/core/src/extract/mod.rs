//! Reading a directive's text: its header and the tasks it assigns.
//!
//! # Layout
//! - [`acronyms`]: the acronyms a directive defines or implies for its units, written out;
//! - [`anaphora`]: a group named again by pointing back ("các tỉnh nêu trên"), written out;
//! - [`deadline`]: the deadline phrases of Vietnamese directives, to a date, an hour, a recurrence;
//! - [`source`]: the text of a .txt, .docx, .pdf or .edxml file, with its edXML header;
//! - [`glue`]: words the source glued together ("vàPTNT", "địaphương"), split again;
//! - [`header`]: the document header printed at the top of the text (issuer, number, date, type,
//!   subject, signer, urgency and secrecy stamps);
//! - [`units`]: the units a sentence names (departments, committees, groups), as the text names
//!   them, and whether they only receive a report;
//! - [`table`]: the task table of a plan (work, lead, coordinating units, time);
//! - [`fields`]: the labelled fields of a plan's task block ("Cơ quan chủ trì: …");
//! - [`records`]: those blocks read as records, like a table's rows;
//! - [`tasks`]: the assignments of the body: who is tasked, with whom, by when.

pub mod acronyms;
pub mod anaphora;
pub mod deadline;
pub mod fields;
pub mod gazetteer;
pub mod glue;
pub mod header;
pub mod records;
pub mod source;
pub mod table;
pub mod tasks;
pub mod units;
pub(crate) mod vocabulary;

use crate::calendar::Calendar;
use crate::domain::text::unit_name_key;
use crate::domain::Unit;
use deadline::DeadlineContext;
use header::PrintedHeader;
use source::SourceText;
use tasks::ExtractedTask;

/// What a directive's text says: its header (merged with the edXML header when there is one)
/// and its tasks.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub header: PrintedHeader,
    pub tasks: Vec<ExtractedTask>,
}

/// Reads the header and the tasks of a directive. The edXML header, when present, wins over what
/// the text prints: it is what the sender's system recorded.
pub fn extract(source: &SourceText, calendar: &Calendar) -> Extraction {
    extract_text(&source.text, source.edxml.as_ref(), calendar)
}

/// What the edXML header says of a directive that its text is read with: all [`extract`] needs
/// of the message, small enough to hand to the worker that reads the text (`sandbox`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SentHeader {
    /// "15/UBND-KT", or the notation alone.
    pub number: Option<String>,
    pub issued: Option<chrono::NaiveDate>,
    pub issuer: Option<String>,
    pub doc_type: Option<String>,
    pub subject: Option<String>,
    pub signer: Option<String>,
    /// The recipients' names as the header lists them, blanks left out.
    pub recipients: Vec<String>,
}

/// [`extract`] of a text and what its edXML header says, if it came with one.
pub fn extract_text(text: &str, sent: Option<&SentHeader>, calendar: &Calendar) -> Extraction {
    let text = header::nfc(text);
    // "Uỷ ban", "Khánh Hoà": read in the newer placing of tone marks the vocabularies use.
    let text = crate::domain::tone::newer_style(&text);
    let text = glue::unglue(&text);
    let mut header = header::parse_header(&text);
    if let Some(m) = sent {
        header.number = m.number.clone().or(header.number);
        header.issued = m.issued.or(header.issued);
        header.issuer = m.issuer.clone().or(header.issuer);
        header.doc_type = m.doc_type.clone().or(header.doc_type);
        header.subject = m.subject.clone().or(header.subject);
        header.signer = m.signer.clone().or(header.signer);
    }
    let ctx = DeadlineContext {
        issued: header.issued,
        calendar,
    };
    let recipients = recipients(&text, sent);
    let acronyms = acronyms::Acronyms::learn(&text);
    let mut found = Vec::new();
    for range in header.task_ranges(text.len()) {
        let start = range.start;
        if let Some(body) = text.get(range) {
            let body = anaphora::resolve(&text, body, start);
            found.extend(tasks::extract_tasks(
                &acronyms.expand(&body),
                &ctx,
                header.issuer.as_deref(),
                &recipients,
            ));
        }
    }
    Extraction {
        header,
        tasks: found,
    }
}

/// The units a directive is addressed to: its edXML recipients, else the "Kính gửi" block of its
/// text (the line itself and the "- …" lines under it).
fn recipients(text: &str, sent: Option<&SentHeader>) -> Vec<String> {
    if let Some(m) = sent.filter(|m| !m.recipients.is_empty()) {
        return m.recipients.clone();
    }
    static KINH_GUI: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)kính\s+gửi\s*:?").expect("compiles"));
    let Some(at) = KINH_GUI.find(text) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    for (i, line) in text[at.end()..].lines().enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if i > 0 && !l.starts_with(['-', '+', '•']) && !lines.is_empty() {
            break;
        }
        lines.push(l);
        if lines.len() > 30 {
            break;
        }
    }
    lines
        .iter()
        .flat_map(|l| units::find_units(l))
        .map(|m| m.name)
        .collect()
}

/// Finds the directory unit a name as the text gives it stands for: by name or alias, compared
/// case- and tone-mark-insensitively, with and without "tỉnh" at the end. Used for the `_ids`
/// fields; the names themselves stay as the text wrote them (in the newer placing of tone marks,
/// which the text is read in).
/// When several units bear the name (a department before and after a merger), the one valid on
/// `on` (the document's issue day) is chosen.
pub fn resolve_unit<'a>(
    name: &str,
    directory: &'a [Unit],
    on: Option<chrono::NaiveDate>,
) -> Option<&'a Unit> {
    let wanted = unit_name_key(name);
    let mut matches = directory.iter().filter(|u| {
        std::iter::once(&u.name)
            .chain(u.aliases.iter())
            .any(|n| unit_name_key(n) == wanted)
    });
    let first = matches.next()?;
    let valid = |u: &Unit| on.is_none_or(|d| u.validity.contains(d));
    if valid(first) {
        return Some(first);
    }
    matches.find(|u| valid(u)).or(Some(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text whose lower case is longer than itself ("İ"), combining marks, lone punctuation and
    /// the words the rules look for, shuffled: the reader must never panic on what it is given.
    #[test]
    fn odd_text_never_makes_the_reader_panic() {
        let pieces = [
            "İ",
            "Về ",
            ": ",
            "giao ",
            "Giao ",
            "Sở Tài chính",
            " chủ trì",
            ", phối hợp với ",
            "đã ",
            "Quý cơ quan",
            "1. ",
            "a) ",
            "- ",
            "\n",
            "\n\n",
            "trước ngày 31/12/2024",
            ";",
            ".",
            "(",
            ")",
            " | ",
            "TT\nNội dung\nCơ quan chủ trì\n",
            "Kính gửi:",
            "\u{301}",
            "ẞ",
            "UBND tỉnh",
            "các sở, ban, ngành",
            "yêu cầu",
            "Căn cứ ",
            "khẩn trương",
            "quý II/2025",
            "2018. ",
            // what this reader rewrites or reads as structure before the tasks
            "vàPTNT",
            "địaphương",
            "NAMĐộc",
            "Tổng công ty Cảng hàng không Việt Nam (ACV)",
            "ACV ",
            "Cục DLQGVN",
            "Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh, Huế",
            " nêu trên",
            " - Cơ quan thường trực",
            " được giao nhiệm vụ",
            "Để ",
            "2025 - 2030",
            "chưa ",
            "Các Cục: Báo chí; Xuất bản, In",
            "sau:",
            // this session's structures: duty and office headings, spelled-out members,
            // emphasis, inline roman items, wrapped table cells, regional branches
            "Trách nhiệm của ",
            "Trưởng Ban Chỉ đạo",
            ", cụ thể: Phó Thủ tướng Lê Văn A",
            "Phân công các đồng chí ",
            ", trong đó trọng tâm là ",
            "(i) ",
            "(ii) ",
            "Tháng 11 - 12/2025",
            "STT\nNhiệm vụ\nChủ trì\nPhối hợp\nThời gian\n1\n",
            "Kho bạc Nhà nước khu vực XII",
            "Văn phòng HĐND và UBND huyện",
            "- Nội dung: ",
            "Đơn vị chủ trì: ",
            // lists, adverbials, passives and headings read since
            "Bí thư, Chủ tịch ",
            " trên cơ sở ",
            "huyện/thành phố",
            "quận-huyện, ",
            "tỉnhTiền",
            "11 Bộ, cơ quan",
            " (cơ quan thường trực), ",
            "Sở Tài chính, Xây dựng",
            " được phân bổ ",
            "Tuy nhiên, đến nay ",
            " chủ trì; ",
            // tone placing, bracketed numbers, lower-case departments, plural pointers
            "Uỷ ban hoà giải ",
            "tuỳ theo ",
            "\u{212a}",
            "CÁC SỞ Y TẾ NÊU TRÊN",
            "a. ",
            "đ.",
            "quý ",
            "1) ",
            "2) ",
            "giao sở Y tế",
            "Các Sở Xây dựng",
            "Sở Y tế các tỉnh: Bình An, Hòa Lạc",
            "THỦ TƯỚNG CHÍNH PHỦ điện",
            "Bí thư Thành ủy và Chủ tịch ",
            "các nội dung sau",
            " định kỳ ",
            "số 12/CĐ-TTg",
            " phối hợp ",
            "Quý Ủy ban ",
            "Sở Xây dựng các tỉnh",
            "đ) ",
            "(EVN) ",
        ];
        let cal = Calendar::shipped().unwrap();
        // Several seeds: each found a different slicing mistake once.
        for start in [0x9E37_79B9_7F4A_7C15_u64, 7, 0xDEAD_BEEF] {
            let mut seed: u64 = start;
            for _ in 0..300 {
                let mut text = String::new();
                for _ in 0..40 {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                }
                let source = SourceText { text, edxml: None };
                let _ = extract(&source, &cal);
            }
        }
    }
}
