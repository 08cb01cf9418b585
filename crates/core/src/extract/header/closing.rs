//! The closing: "Nơi nhận", the signature, an appendix, and what the text says of its authority.

use super::*;

pub(super) fn position_case(title: &str) -> String {
    let words: Vec<String> = title.split_whitespace().map(lower).collect();
    let mut out = Vec::new();
    let mut cap_next = true;
    for w in &words {
        out.push(if cap_next { capitalise(w) } else { w.clone() });
        cap_next = matches!(w.as_str(), "phó" | "chánh");
    }
    out.join(" ")
}

pub(super) fn match_title(words: &[String], i: usize) -> usize {
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

pub(super) fn is_marker(w: &str) -> bool {
    matches!(
        w,
        "KT." | "TM." | "TL." | "TUQ." | "Q." | "K/T" | "T/M" | "T/L"
    )
}

#[derive(Default)]
pub(super) struct Signature {
    pub(super) competence: Option<String>,
    pub(super) position: Option<String>,
    pub(super) signer: Option<String>,
}

pub(super) fn parse_signature_words(words: &[String]) -> Signature {
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
pub(super) fn cells_from(t: &str, lines: &[Line], start: usize) -> Vec<(usize, usize)> {
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

pub(super) fn strip_signed(s: &str) -> String {
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
pub(super) fn read_signature(t: &str, cells: &[(usize, usize)], k: usize) -> (Signature, usize) {
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

pub(super) fn closing(t: &str, lines: &[Line], h: &mut PrintedHeader) {
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
pub(super) fn is_appendix_title(line: &str) -> bool {
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

pub(super) fn apply_signature(h: &mut PrintedHeader, sig: Signature) {
    h.competence = sig.competence;
    h.signer_position = sig.position;
    h.signer = sig.signer;
}

/// "(Theo Công văn số 1924/UBND-KT, ngày 23/4/2024)" as the last line of a republished text.
pub(super) fn attribution(t: &str, lines: &[Line], h: &mut PrintedHeader) {
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

pub(super) fn infer_type(h: &mut PrintedHeader) {
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

pub(super) fn parse_nfc(t: &str) -> PrintedHeader {
    let h = parse_from_top(t);
    if h.number.is_some() || h.issued.is_some() {
        return h;
    }
    // "Thủ tướng yêu cầu các địa phương …" above "THỦ TƯỚNG CHÍNH PHỦ / CỘNG HÒA …": a
    // portal's summary line, or its title, printed before the document. The header is read
    // after it, and the summary is no part of the body (the body says it again, in full).
    match preamble_end(t) {
        Some(skip) => {
            let mut h = parse_from_top(&t[skip..]);
            h.body_start += skip;
            h.body_end += skip;
            h.appendix_start = h.appendix_start.map(|a| a + skip);
            h
        }
        None => h,
    }
}

/// Where the document starts after lines printed above its header: the end of the last prose
/// line before a national motto found near the top (within the first 3,000 bytes and 12 lines).
fn preamble_end(t: &str) -> Option<usize> {
    let near = &t[..floor_boundary(t, 3000)];
    let motto = MOTTO_RE.find(near)?.start();
    let lines = lines_of(t);
    let before: Vec<&Line> = lines.iter().take(12).filter(|l| l.end <= motto).collect();
    let last_prose = before.iter().rev().find(|l| is_prose(&t[l.start..l.end]))?;
    Some(last_prose.end)
}

fn parse_from_top(t: &str) -> PrintedHeader {
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
