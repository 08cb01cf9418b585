//! Vietnamese text at the door: everything that enters dondoc is NFC-normalised, so that the same
//! word typed on Windows (NFC) and copied from a PDF or a Mac (NFD) compares equal.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises and trims `s`.
pub fn nfc(s: &str) -> String {
    s.trim().nfc().collect()
}

/// One line of text as a person typed or a system sent it, made safe to keep and to print: NFC,
/// white space folded to single spaces, and control characters (ESC and the like, which a
/// terminal would obey) dropped.
pub fn one_clean_line(s: &str) -> String {
    let printable: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    nfc(&printable.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A panic's message as a reason or a log may show it: one printable line, cut after 200
/// characters (a library's message may quote the document it choked on).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let raw = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    let mut line = one_clean_line(&raw);
    if let Some((cut, _)) = line.char_indices().nth(200) {
        line.truncate(cut);
        line.push('…');
    }
    line
}

/// A key for comparing names: NFC, lower case, old-style tone marks moved to the new style
/// ("Thuỷ" and "Thủy", "Hoà" and "Hòa" are the same word), white space folded.
pub fn fold_name(s: &str) -> String {
    let lower: String = s.nfc().flat_map(char::to_lowercase).collect();
    let lower = super::tone::newer_style(&lower);
    let mut out = String::with_capacity(lower.len());
    for word in lower.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `s` in lower case with every character at the same byte offset, so that a position found in
/// the lower case text is one in `s` too ("ẞ", "İ" and the like, whose lower case is longer or
/// shorter, are kept as they are).
pub fn lower_in_place(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) if one.len_utf8() == c.len_utf8() => one,
                _ => c,
            }
        })
        .collect()
}

/// The key two unit names are compared by, wherever a name must find its unit (the directory,
/// a document's recipients, the CLI): the folded name without a trailing "tỉnh". Texts write
/// "Sở Tài chính tỉnh" and "Sở Tài chính", "Công an tỉnh" and "Công an" for the same unit, and
/// the directory is this province's alone, so the word adds nothing to tell units apart.
pub fn unit_name_key(s: &str) -> String {
    let folded = fold_name(s);
    match folded.strip_suffix(" tỉnh") {
        Some(short) => short.to_string(),
        None => folded,
    }
}

/// `s` cut to `width` characters for a table, control characters shown as `�` so that what a
/// stored text holds (an ESC from a document or a sender) never drives the terminal.
pub fn clip(s: &str, width: usize) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

/// `&`, `<`, `>`, `"` and `'` as entities, a control character (but a line break or a tab) as
/// `�`; everything else as is: a text shown in an HTML page or letter, never interpreted.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// "05/02/2025": a day as tables, lists and the appendices write it.
pub fn dmy(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "ngày 05 tháng 02 năm 2025", "ngày 31 tháng 12 năm 2025": as Nghị định 30/2020/NĐ-CP writes
/// dates in official documents, with a leading zero on days below 10 and months below 3 only
/// ("ngày 01 tháng 6 năm 2011", as the regulation itself writes).
pub fn vn_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let month = if d.month() < 3 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_line_keeps_the_words_and_drops_what_a_terminal_would_obey() {
        let nfd: String = "Rà soát".nfd().collect();
        assert_eq!(
            one_clean_line(&format!("  {nfd}\x1b[31m hồ sơ\n\tdự án\u{7}\r ")),
            "Rà soát[31m hồ sơ dự án"
        );
        assert_eq!(one_clean_line("\x1b\x00 \u{9f}"), "");
    }

    #[test]
    fn nfd_and_nfc_spellings_compare_equal() {
        let nfd: String = "Sở Xây dựng".nfd().collect();
        assert_ne!(nfd, "Sở Xây dựng");
        assert_eq!(nfc(&nfd), "Sở Xây dựng");
    }

    #[test]
    fn old_and_new_tone_placement_fold_to_the_same_key() {
        assert_eq!(
            fold_name("UBND thị xã Hương Thuỷ"),
            fold_name("ubnd thị xã  hương thủy")
        );
        assert_eq!(fold_name("Hoà Vang"), "hòa vang");
        assert_eq!(fold_name("kế hoạch"), "kế hoạch");
        // "qu" is an onset: "Quỹ", "quý" keep their marks.
        assert_eq!(fold_name("Quỹ Đầu tư"), "quỹ đầu tư");
    }

    #[test]
    fn a_unit_is_the_same_with_or_without_the_word_tinh_after_it() {
        assert_eq!(
            unit_name_key("Sở Tài chính tỉnh"),
            unit_name_key("sở tài chính")
        );
        assert_eq!(unit_name_key("Công an tỉnh"), unit_name_key("Công an"));
        assert_ne!(unit_name_key("Sở Tài chính"), unit_name_key("Sở Xây dựng"));
        // Only a trailing word is dropped: "tỉnh" inside a name stays.
        assert_eq!(
            unit_name_key("Văn phòng UBND tỉnh Thừa Thiên Huế"),
            "văn phòng ubnd tỉnh thừa thiên huế"
        );
    }
}
