//! The type line, the title and "Kính gửi": what the document is and to whom.

use super::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    Start,
    Subject,
    Title,
    After,
    Recipients,
}

/// Lines of a heading consumed so far: sets type, subject, recipients; returns the body start.
pub(super) fn parse_heading(
    t: &str,
    lines: &[Line],
    cursor: usize,
    h: &mut PrintedHeader,
) -> usize {
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
                // "- Chủ tịch UBND các tỉnh: Hà Tĩnh,\nQuảng Trị, Huế;": a line the one before
                // left open with a comma goes on with it, whatever its case.
                let wrapped = (c.starts_with(|ch: char| ch.is_lowercase()) || recipients.open)
                    && !recipients.terminal;
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
pub(super) fn is_title_start(c: &str) -> bool {
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
pub(super) struct Recipients {
    /// "Kính gửi:" with nothing after it: the next line is a recipient.
    pub(super) first: bool,
    /// The last line ended an item (";" or ".").
    pub(super) terminal: bool,
    /// The last line ended with ";": more items follow.
    pub(super) semicolon: bool,
    /// The last line ended with "," or "và": its item goes on on the next line.
    pub(super) open: bool,
}

impl Recipients {
    pub(super) fn after(line: &str, opening: bool) -> Self {
        Recipients {
            first: opening && line.is_empty(),
            terminal: line.ends_with([';', '.']),
            semicolon: line.ends_with(';'),
            open: line.ends_with([',', '&']) || line.ends_with(" và"),
        }
    }
}

/// A wrapped line of a subject or a mixed-case title.
pub(super) fn is_continuation(c: &str, prev: &str, title: bool) -> bool {
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

pub(super) fn finish_subject(lines: &mut Vec<&str>, h: &mut PrintedHeader) {
    if !lines.is_empty() && h.subject.is_none() {
        h.subject = Some(collapse(&lines.join(" ")));
    }
    lines.clear();
}

/// Ends a title; pops a decision's authority line ("ỦY BAN NHÂN DÂN TỈNH …", "CHỦ TỊCH …").
pub(super) fn finish_title(
    lines: &mut Vec<&str>,
    h: &mut PrintedHeader,
    next: &str,
) -> Option<String> {
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
pub(super) fn apply_authority(h: &mut PrintedHeader, authority: &str) {
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
pub(super) fn headerless_subject_cursor(t: &str, lines: &[Line]) -> usize {
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
