//! Turning an assigning segment into tasks: its leads, their partners, the work and its
//! deadline; items attached to the heading that owns them; blocks of duties merged.

use super::*;
use std::sync::LazyLock;

use crate::extract::vocabulary::ROLES;

/// Whether `made`, the tasks of a later sentence of the paragraph, only give the `open` tasks
/// their date: the same leads, undated until now, and work that is no more than reporting or
/// finishing ("báo cáo kết quả", "hoàn thành").
pub(super) fn follows_up(tasks: &[ExtractedTask], open: &[usize], made: &[ExtractedTask]) -> bool {
    if open.is_empty() || made.is_empty() || !made.iter().all(|t| dated(&t.deadline)) {
        return false;
    }
    let mut before: Vec<&Vec<String>> = open.iter().map(|&i| &tasks[i].lead).collect();
    let mut now: Vec<&Vec<String>> = made.iter().map(|t| &t.lead).collect();
    before.sort();
    now.sort();
    let content = made[0].content.to_lowercase();
    let content = content.trim_start_matches(|c: char| !c.is_alphabetic());
    before == now
        && open.iter().all(|&i| !dated(&tasks[i].deadline))
        // "Sở Y tế hoàn thành trước ngày 30/4.": the date's own words were the whole of it
        && (content.is_empty()
            || ["báo cáo", "hoàn thành", "hoàn tất", "gửi kết quả"]
                .iter()
                .any(|w| content.starts_with(w)))
}

/// The duties under one heading: when none has a date, one task per lead holds them all (a
/// unit's block of duties); otherwise each stays a task of its own and the introducing sentence,
/// which only named the units, is dropped.
pub(super) fn merge_blocks(mut tasks: Vec<ExtractedTask>) -> Vec<ExtractedTask> {
    tasks.retain(|t| !t.flags.iter().any(|f| f == TITLE));
    // "Giao Sở A chủ trì, phối hợp với Sở B: (i) …; (ii) …": the partners an announcement
    // names work on each of its lead's items.
    let partners: Vec<(Option<usize>, Vec<String>, Vec<String>)> = tasks
        .iter()
        .filter(|t| t.flags.iter().any(|f| f == INTRO) && !t.support.is_empty())
        .map(|t| (t.block, t.lead.clone(), t.support.clone()))
        .collect();
    for t in tasks.iter_mut().filter(|t| t.support.is_empty()) {
        if let Some((_, _, support)) = partners
            .iter()
            .find(|(block, lead, _)| block.is_some() && *block == t.block && *lead == t.lead)
        {
            t.support.clone_from(support);
        }
    }
    let mut out: Vec<ExtractedTask> = Vec::new();
    let dated_block = |b: usize, tasks: &[ExtractedTask]| {
        tasks
            .iter()
            .any(|t| t.block == Some(b) && dated(&t.deadline))
    };
    for t in tasks.iter() {
        let Some(b) = t.block else {
            out.push(t.clone());
            continue;
        };
        if dated_block(b, &tasks) && dated(&t.deadline) {
            out.push(t.clone());
            continue;
        }
        // In a block with dated items, the items without a date of their own make one task.
        match out
            .iter_mut()
            .find(|o| o.block == Some(b) && o.lead == t.lead && !dated(&o.deadline))
        {
            Some(o) => {
                let work = (!t.flags.iter().any(|f| f == INTRO)).then_some(t.content.as_str());
                absorb(o, work, &t.quote, &t.support);
                if o.deadline.is_none() {
                    o.deadline = t.deadline.clone();
                }
            }
            None => out.push(t.clone()),
        }
    }
    out.retain(|t| !t.flags.iter().any(|f| f == GENERIC));
    // An announcement that no item joined ("… yêu cầu các sở, ngành thực hiện các nhiệm vụ
    // sau:" over "1. Sở Y tế: …", whose items name units of their own) assigned nothing itself
    // when tasks follow it. An announcement an item joined has lost its mark.
    let is_intro = |t: &ExtractedTask| t.flags.iter().any(|f| f == INTRO);
    let alone = |i: usize, t: &ExtractedTask| {
        is_intro(t)
            && t.block.is_some()
            && out
                .iter()
                .skip(i + 1)
                .any(|o| !(o.block == t.block && is_intro(o)))
    };
    let keep: Vec<bool> = out.iter().enumerate().map(|(i, t)| !alone(i, t)).collect();
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
    // An announcement that said no work and that no item joined is no task.
    out.retain(|t| !is_intro(t) || t.content.chars().any(char::is_alphabetic));
    for t in out.iter_mut() {
        t.flags.retain(|f| f != INTRO);
    }
    out
}

/// Where the work begins at or after byte `from` (just past the leads and partners) of `text`
/// (`lower` its lower case, byte for byte): past the partners' own "phối hợp" when `partners`
/// were named before it ("Sở A chủ trì; Sở B, Sở C phối hợp kiểm tra …"), and past a short
/// bracket that names the lead again or gives its role ("Tập đoàn Điện lực Việt Nam (EVN) bảo
/// đảm …", "Ban Quản lý dự án (chủ đầu tư) …").
fn work_start(text: &str, lower: &str, from: usize, partners: bool) -> usize {
    let skip_space = |at: usize| {
        let rest = lower.get(at..).unwrap_or("");
        at + rest.len() - rest.trim_start().len()
    };
    // (Unchanged when nothing is skipped: a deadline right after the leads is told apart from
    // the work by its start.)
    let mut from = from;
    let rest = lower.get(skip_space(from)..).unwrap_or("");
    if partners && rest.starts_with("phối hợp ") && !rest.starts_with("phối hợp với") {
        from = skip_space(from) + "phối hợp ".len();
    }
    let at = skip_space(from);
    match text
        .get(at..)
        .and_then(|r| r.strip_prefix('('))
        .and_then(|r| r.find(')'))
    {
        Some(close) if close <= 60 => at + 1 + close + 1,
        _ => from,
    }
}

/// A later part of the same duty joins task `o`: its quote and partners are added, and its
/// `work`, when it has some of its own, replaces what an announcement said ("… thực hiện các
/// nội dung sau:" says less of the work than its first item, and is generic no more).
fn absorb(o: &mut ExtractedTask, work: Option<&str>, quote: &str, support: &[String]) {
    if let (true, Some(work)) = (o.flags.iter().any(|f| f == INTRO), work) {
        o.content = work.to_string();
        o.flags.retain(|f| f != INTRO && f != GENERIC);
    }
    o.quote.push('\n');
    o.quote.push_str(quote);
    for s in support {
        if !o.support.contains(s) {
            o.support.push(s.clone());
        }
    }
}

/// Whether the group `g` is followed by its members, in parentheses or after a colon.
pub(super) fn has_members(text: &str, g: &UnitMention, mentions: &[UnitMention]) -> bool {
    let after = text.get(g.end..).unwrap_or("");
    // "Các đơn vị: Sở Y tế, Trung tâm Kiểm soát bệnh tật, …": the members follow a colon.
    if let Some(rest) = after.trim_start().strip_prefix(':') {
        let from = text.len() - rest.len();
        return mentions
            .iter()
            .any(|m| !m.group && m.start >= from && text[from..m.start].trim().is_empty());
    }
    let Some(open) = after.find('(').filter(|i| after[..*i].trim().is_empty()) else {
        return false;
    };
    let open = g.end + open;
    let close = text[open..].find(')').map_or(text.len(), |c| open + c);
    mentions
        .iter()
        .any(|m| !m.group && m.start > open && m.end <= close)
}

/// The deadline a sentence gives its task: the first date, which says more than a "khẩn
/// trương" or "ngay" before it; else the first deadline words.
pub(super) fn telling_deadline(deadlines: Vec<FoundDeadline>) -> Option<FoundDeadline> {
    match deadlines.iter().position(|d| dated(&Some(d.clone()))) {
        Some(i) => deadlines.into_iter().nth(i),
        None => deadlines.into_iter().next(),
    }
}

/// The province a text is about: the one it names most often as "tỉnh X" (X capitalised).
pub(super) fn province_of(body: &str) -> Option<String> {
    static PROVINCE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\btỉnh ((?:\p{Lu}[\p{L}]*)(?: \p{Lu}[\p{L}]*){0,2})").expect("compiles")
    });
    let mut counts: Vec<(String, usize)> = Vec::new();
    for c in PROVINCE.captures_iter(body) {
        let name = c[1].to_string();
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, k)) => *k += 1,
            None => counts.push((name, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [(name, k), rest @ ..] if *k >= 2 && rest.first().is_none_or(|(_, k2)| k2 < k) => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// "Tỉnh tổ chức thực hiện …", "…, tỉnh Đắk Lắk cần tiếp tục …": the province as the subject
/// that acts, read as its committee.
pub(super) fn province_subject(text: &str, province: &str) -> Option<UnitMention> {
    static ACTS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("province_acts"));
    let starts: Vec<usize> = std::iter::once(text.len() - strip_marker(text).len())
        .chain(text.match_indices(", ").map(|(i, _)| i + 2))
        .chain(text.match_indices(": ").map(|(i, _)| i + 2))
        .collect();
    for at in starts {
        let rest = text.get(at..)?;
        let full = format!("tỉnh {province}");
        let len = if rest.starts_with("Tỉnh ") {
            "Tỉnh".len()
        } else if lower_in_place(rest).starts_with(&lower_in_place(&full)) {
            full.len()
        } else {
            continue;
        };
        let after = lower_in_place(rest[len..].trim_start());
        if ACTS.iter().any(|a| after.starts_with(a)) {
            return Some(UnitMention {
                name: format!("Ủy ban nhân dân tỉnh {province}"),
                group: false,
                role: Role::Named,
                start: at,
                end: at + len,
            });
        }
    }
    None
}

/// The length of a segment's list marker ("1. ", "a) ", "- ").
pub(super) fn marker_len(text: &str) -> usize {
    text.len() - strip_marker(text).len()
}

/// Whether a deadline ends a task: a date or a recurrence, not "khẩn trương" or "thường xuyên".
pub(super) fn dated(d: &Option<FoundDeadline>) -> bool {
    // "Định kỳ" naming no period ("định kỳ đánh giá …") sets no rhythm to close a task with.
    d.as_ref()
        .is_some_and(|d| d.due.is_some() || d.recurring.as_deref().is_some_and(|r| r != "định kỳ"))
}

/// A clause of a paragraph whose units are already tasked ("Bộ Y tế chỉ đạo …; bổ sung thuốc …,
/// hoàn thành trước ngày …"). The clauses up to a deadline are one task; a clause after a
/// deadline, or one that opens with "chủ trì", starts the next task of the same units.
/// Returns the tasks now open.
pub(super) fn continue_paragraph(
    tasks: &mut Vec<ExtractedTask>,
    open: &[usize],
    text: &str,
    lower: &str,
    named: &[UnitMention],
    deadline: Option<FoundDeadline>,
    has_cue: bool,
) -> Vec<usize> {
    let leads_new = lower.trim_start().starts_with("chủ trì")
        || open.iter().all(|&i| dated(&tasks[i].deadline));
    if !leads_new {
        for &i in open {
            let t = &mut tasks[i];
            t.quote.push(' ');
            t.quote.push_str(text);
            if let Some(g) = t.flags.iter().position(|f| f == GENERIC) {
                // (a clause that only carries it out too, or offers to report difficulties,
                // gives it none)
                let work = !is_generic(text) || dated(&deadline);
                if (has_cue || deadline.is_some()) && work {
                    t.flags.remove(g);
                    t.content = one_line(text, 0, None);
                }
            }
            if deadline.is_some() && !dated(&t.deadline) {
                t.deadline = deadline.clone();
            }
        }
        return open.to_vec();
    }
    if !has_cue && deadline.is_none() {
        return open.to_vec();
    }
    let support: Vec<String> = coordinating(lower, named).map(|m| m.name.clone()).collect();
    let mut leads: Vec<Vec<String>> = Vec::new();
    for &i in open {
        if !leads.contains(&tasks[i].lead) {
            leads.push(tasks[i].lead.clone());
        }
    }
    let block = open.first().and_then(|&i| tasks[i].block);
    let first = tasks.len();
    for lead in leads {
        tasks.push(ExtractedTask {
            block,
            lead,
            support: support.clone(),
            content: one_line(text, 0, deadline.as_ref().map(|d| d.start)),
            deadline: deadline.clone(),
            quote: text.to_string(),
            confidence: 0.6,
            flags: deadline_flags(&deadline),
        });
    }
    (first..tasks.len()).collect()
}

/// One assignment sentence: its leads, their coordinating units and the work.
pub(super) fn assign(
    text: &str,
    lower: &str,
    named: &[UnitMention],
    deadline: Option<FoundDeadline>,
    assigning: Option<usize>,
    addressed: bool,
) -> Vec<ExtractedTask> {
    let chu_tri = lower.find("chủ trì");
    let phoi_hop = lower.find("phối hợp");
    // Leads: the units before "chủ trì" when it is there, else those before "phối hợp" or before
    // the first cue after the first unit.
    let lead_end = match (chu_tri, phoi_hop) {
        (Some(c), _) => c,
        (None, Some(p)) => p,
        (None, None) => first_cue_after(lower, named[0].end, named).unwrap_or(text.len()),
    };
    // "… phối hợp giữa các sở", "thông báo cho các địa phương": a unit a preposition governs is
    // the work's object or partner, never the one who does it.
    let governed = governed(text, lower, named);
    let free = |i: &usize| !governed[*i];
    let before: Vec<&UnitMention> = (0..named.len())
        .filter(free)
        .map(|i| &named[i])
        .filter(|m| m.end <= lead_end)
        .collect();
    let mut leads = first_list(text, &before, assigning);
    if leads.is_empty() {
        // "… giao cho Sở A" after the verb: the first unit named leads.
        match (0..named.len()).find(free) {
            Some(i) => leads.push(&named[i]),
            None => return Vec::new(),
        }
    }
    // "Sở A tại Công văn số …", "các sở, ngành trong quá trình …": a unit that is the subject
    // of the clause is followed by its predicate; a preposition or a conjunction there means it
    // is named inside a phrase, or its name was cut short.
    let after_leads = leads.iter().map(|l| l.end).max().unwrap_or(0);
    let subject = assigning.is_none_or(|a| leads.iter().any(|l| l.start < a));
    // "Các Bộ và các Tập đoàn: …": the list goes on with units of its own.
    let list_goes_on = named.iter().any(|m| {
        m.start > after_leads && {
            let gap = lower[after_leads..m.start].trim_start_matches([',', ' ']);
            gap.starts_with("và") && gap.split_whitespace().count() <= 5
        }
    });
    if subject && !list_goes_on && !opens_predicate(&lower[after_leads..]) {
        return Vec::new();
    }
    let support: Vec<String> = coordinating(lower, named)
        .filter(|m| !leads.iter().any(|l| l.start == m.start))
        .map(|m| m.name.clone())
        .collect();
    // The work starts after the leads and the units they work with.
    let content_from = leads
        .iter()
        .map(|l| l.end)
        .chain(coordinating(lower, named).map(|m| m.end))
        .max()
        .unwrap_or(0);
    let content_from = work_start(text, lower, content_from, !support.is_empty());
    // The work runs to its deadline when a date closes the sentence; "khẩn trương" or "ngay"
    // before the work does not end it.
    let content_to = deadline
        .as_ref()
        .filter(|d| dated(&Some((*d).clone())) && d.start > content_from)
        .map(|d| d.start);
    let mut content = one_line(text, content_from, content_to);
    // "Giao Sở Y tế trong thời hạn 10 ngày …, tổng hợp …": the work follows the deadline.
    if !content.chars().any(char::is_alphabetic) {
        if let Some(d) = deadline.as_ref().filter(|d| d.end > content_from) {
            content = one_line(text, d.end, None);
        }
    }
    let confident = if chu_tri.is_some() || lower.contains("giao ") {
        0.8
    } else {
        0.6
    };
    let flags = deadline_flags(&deadline);
    // Groups named one after another lead together; named units each lead a task of their own.
    let groups = group_leads(text, leads.iter().copied().filter(|l| l.group));
    let mut out: Vec<ExtractedTask> = leads
        .iter()
        .filter(|l| !l.group)
        .map(|l| ExtractedTask {
            block: None,
            lead: vec![l.name.clone()],
            support: support.clone(),
            deadline: deadline.clone(),
            content: content.clone(),
            quote: text.to_string(),
            confidence: confident,
            flags: flags.clone(),
        })
        .collect();
    // A generic group alone leads only when the sentence really assigns ("giao", "chủ trì",
    // "có trách nhiệm" …): plans name groups in every objective they describe.
    // "Các sở, ngành rà soát …, gửi Sở Tài chính trước ngày 15/3": a group that opens the
    // clause and is given a date is tasked whatever its verb.
    let opens = leads.iter().any(|l| {
        l.group && strip_marker(&text[..l.start]).trim().is_empty() && assigning.is_none()
    });
    let strong =
        addressed || STRONG.iter().any(|c| lower.contains(c)) || (opens && dated(&deadline));
    if !groups.is_empty() && (strong || !out.is_empty()) {
        out.push(ExtractedTask {
            block: None,
            lead: groups,
            support,
            deadline,
            content,
            quote: text.to_string(),
            confidence: confident - 0.1,
            flags,
        });
    }
    out
}

/// "Phân công các đồng chí Phó Thủ tướng theo dõi …, cụ thể: Phó Thủ tướng A tại tỉnh X, Phó
/// Thủ tướng B tại tỉnh Y": a group tasked and then spelled out member by member is one task per
/// member, the work with the member's own words added. Members are the units after "cụ thể:"
/// that begin as the group does.
/// `lower` is `text` in lower case, byte for byte.
pub(super) fn spelled_out(text: &str, lower: &str, made: Vec<ExtractedTask>) -> Vec<ExtractedTask> {
    let ([task], Some(at)) = (made.as_slice(), lower.find("cụ thể:")) else {
        return made;
    };
    let [lead] = task.lead.as_slice() else {
        return made;
    };
    let kind = |name: &str| -> String {
        let f = crate::domain::text::fold_name(name);
        let f = f.strip_prefix("các ").unwrap_or(&f).to_string();
        f.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
    };
    let group = kind(lead);
    let members: Vec<UnitMention> = find_units(text)
        .into_iter()
        .filter(|m| m.start > at && kind(&m.name) == group && m.name != *lead)
        .collect();
    if members.len() < 2 {
        return made;
    }
    let work = match lower_in_place(&task.content).find("cụ thể") {
        Some(cut) => task.content[..cut]
            .trim_end_matches([',', ' ', ';'])
            .to_string(),
        None => task.content.clone(),
    };
    members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let to = members.get(i + 1).map_or(text.len(), |n| n.start);
            let own = text[m.end..to]
                .trim()
                .trim_end_matches([',', ';', '.', ' ']);
            ExtractedTask {
                lead: vec![m.name.clone()],
                content: if own.is_empty() {
                    work.clone()
                } else {
                    format!("{work} {own}")
                },
                ..task.clone()
            }
        })
        .collect()
}

/// A directive to the Party secretary and the committee chairman together ("Bí thư Tỉnh ủy và
/// Chủ tịch UBND các tỉnh: …", "Bí thư Thành ủy, Chủ tịch UBND thành phố …", "Bí thư Đảng ủy và
/// Chủ tịch UBND các xã") names both offices in each committee's lead, as the text does.
pub(super) fn joint_addressee(text: &str, tasks: &mut Vec<ExtractedTask>) {
    static JOINT: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)bí thư (tỉnh|thành|huyện|quận|thị|đảng) ủy(?: và|,) chủ tịch")
            .expect("compiles")
    });
    let Some(c) = JOINT.captures(text) else {
        return;
    };
    let title = &c[0];
    // The committee of the party committee's level: "Thành ủy" goes with "UBND thành phố",
    // "Đảng ủy" with the communes'.
    let levels: &[&str] = match c[1].to_lowercase().as_str() {
        "tỉnh" => &["tỉnh"],
        "thành" => &["thành phố"],
        "huyện" => &["huyện"],
        "quận" => &["quận"],
        "thị" => &["thị xã"],
        _ => &[
            "xã",
            "phường",
            "đặc khu",
            "thị trấn",
            "các xã",
            "các phường",
        ],
    };
    // The party committee is part of the title, no lead of its own.
    let party = format!("{} ủy", c[1].to_lowercase());
    for t in tasks.iter_mut() {
        t.lead
            .retain(|l| crate::domain::text::fold_name(l) != party);
        for lead in t.lead.iter_mut() {
            let f = crate::domain::text::fold_name(lead);
            let committee = ["ủy ban nhân dân ", "ubnd "]
                .iter()
                .filter_map(|h| f.strip_prefix(h))
                .any(|rest| levels.iter().any(|l| rest.starts_with(l)));
            if committee {
                *lead = format!("{title} {lead}");
            }
        }
    }
    tasks.retain(|t| !t.lead.is_empty());
}

/// Whether the words between two unit names only join them into one list ("Sở A, Sở B và Chủ
/// tịch UBND huyện C").
pub(super) fn joins_list(gap: &str) -> bool {
    // "Sở Y tế (cơ quan thường trực), Sở Tài chính": a bracket says the member's role.
    let unbracketed;
    let gap = match (gap.find('('), gap.find(')')) {
        (Some(open), Some(close)) if open < close && close - open <= 60 => {
            unbracketed = format!("{}{}", &gap[..open], &gap[close + 1..]);
            unbracketed.as_str()
        }
        _ => gap,
    };
    let words = gap
        .trim_matches(|c: char| matches!(c, ',' | ';' | '&' | '/') || c.is_whitespace())
        .to_lowercase();
    // "A, B", "A và B", "Bộ trưởng Bộ X, Bộ trưởng Bộ Y": a title repeated before each member
    // joins the list as a comma does.
    let title = words
        .strip_prefix("và")
        .or_else(|| words.strip_prefix("cùng"))
        .unwrap_or(&words)
        .trim_start();
    let title = title.strip_prefix("đồng chí").unwrap_or(title).trim_start();
    // "…; Các Ban Quản lý dự án …": the plural of a named unit's head
    let title = title.strip_prefix("các").unwrap_or(title).trim_start();
    // "…; Bí thư, Chủ tịch UBND các tỉnh": several titles of the next member.
    let titles = |t: &str| {
        t.split([',', ';'])
            .flat_map(|p| p.split(" và "))
            .map(str::trim)
            .all(|p| !p.is_empty() && crate::extract::units::is_title(p))
    };
    if title.is_empty() || titles(title) {
        return true;
    }
    // "…, Xây dựng; UBND các huyện: Phong Điền, …": the head of the next shorthand list, maybe
    // after its members' title ("…; Giám đốc các Sở: Tài chính, …").
    // (Read on every pair of units: only a gap ending with a colon is looked at further.)
    if !words.ends_with(':') {
        return false;
    }
    let head = words.trim_end_matches(':').trim();
    let ws: Vec<&str> = head.split_whitespace().collect();
    let untitled = (1..=ws.len().min(4))
        .rev()
        .find(|&n| crate::extract::units::is_title(&ws[..n].join(" ")))
        .map_or(head.to_string(), |n| ws[n..].join(" "));
    untitled
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            [
                "và",
                "các",
                "ubnd",
                "ủy",
                "ban",
                "nhân",
                "dân",
                "sở",
                "bộ",
                "huyện",
                "thị",
                "xã",
                "thành",
                "phố",
                "tỉnh",
                "phường",
                "ngành",
                "quận",
            ]
            .contains(&w)
        })
}

/// Which of `named` a preposition governs ("với", "giữa", "cho", "đến" …), itself or the list it
/// opens ("phối hợp với các cơ quan Trung ương, Bộ Tài chính"): such units are inside a phrase,
/// the work's object or partner, never the subject of a clause. "Giao cho Sở A" hands the work
/// to it; "Đối với UBND các huyện: …" names the subject of what follows.
pub(super) fn governed(text: &str, lower: &str, named: &[UnitMention]) -> Vec<bool> {
    static PREPOSITIONS: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| ROLES.words("prepositions"));
    let after_preposition = |m: &UnitMention| {
        let before = lower.get(..m.start).unwrap_or("").trim_end();
        // "với các Bộ: Tư pháp, …", "với các Bộ Tư pháp, …": a shorthand list's first item
        // starts at its own words, after the head.
        let before = ["bộ", "sở", "cục", "ban"]
            .iter()
            .find_map(|h| before.trim_end_matches(':').strip_suffix(h))
            .map(|b| b.trim_end())
            .and_then(|b| b.strip_suffix("các"))
            .map_or(before, str::trim_end);
        let word = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        let rest = before[..before.len() - word.len()].trim_end();
        PREPOSITIONS.contains(&word)
            && !(word == "cho" && (rest.ends_with("giao") || rest.ends_with("phân công")))
            && !(word == "với" && (rest.ends_with("đối") || rest.ends_with("cùng")))
    };
    // "UBND các tỉnh từ A đến B, trong đó trọng tâm là các tỉnh C, D": the units the group's
    // emphasis names are inside it.
    let emphasised = |m: &UnitMention| {
        let before = lower.get(..m.start).unwrap_or("").trim_end();
        let before = before.trim_end_matches([',', ':']).trim_end();
        EMPHASIS.iter().any(|e| before.ends_with(e))
    };
    let mut out: Vec<bool> = Vec::with_capacity(named.len());
    for (i, m) in named.iter().enumerate() {
        let in_list =
            i > 0 && out[i - 1] && joins_list(text.get(named[i - 1].end..m.start).unwrap_or("x"));
        out.push(in_list || after_preposition(m) || emphasised(m));
    }
    out
}

/// The units of one list: the first run of names joined only by commas, "và" and titles, after
/// the assigning word when there is one. Units named further on ("làm việc với công ty A")
/// are whom the work concerns.
pub(super) fn first_list<'a>(
    text: &str,
    units: &[&'a UnitMention],
    assigning: Option<usize>,
) -> Vec<&'a UnitMention> {
    let start = assigning
        .and_then(|a| units.iter().position(|m| m.start >= a))
        .unwrap_or(0);
    let mut out: Vec<&UnitMention> = Vec::new();
    for m in units.iter().skip(start) {
        if let Some(prev) = out.last() {
            let gap = text.get(prev.end..m.start).unwrap_or("x");
            if !joins_list(gap) {
                break;
            }
        }
        // The same unit named twice is one lead.
        if !out.iter().any(|o| o.name == m.name) {
            out.push(m);
        }
    }
    out
}

/// Generic groups as one lead: groups named one after another ("UBND cấp xã và các sở, ban,
/// ngành") are one entry, written as the text joins them.
pub(super) fn group_leads<'a>(
    text: &str,
    groups: impl Iterator<Item = &'a UnitMention>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last_end: Option<usize> = None;
    for g in groups {
        let gap = last_end
            .and_then(|e| text.get(e..g.start))
            .map(|gap| gap.trim());
        let joined = gap.is_some_and(joins_list);
        match (out.last_mut(), gap) {
            (Some(prev), Some(gap)) if joined => {
                if !gap.starts_with([',', ';']) {
                    prev.push(' ');
                }
                prev.push_str(gap);
                prev.push(' ');
                prev.push_str(&g.name);
            }
            _ => out.push(g.name.clone()),
        }
        last_end = Some(g.end);
    }
    out
}

/// Named units as task leads: each named unit its own task, groups named together one task.
pub(super) fn leads_of(text: &str, named: &[UnitMention]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = named
        .iter()
        .filter(|m| !m.group)
        .map(|m| vec![m.name.clone()])
        .collect();
    let groups = group_leads(text, named.iter().filter(|m| m.group));
    if !groups.is_empty() {
        out.push(groups);
    }
    out
}

/// An item under a heading: a task of its own for each lead when it has its own deadline, else
/// part of that lead's block of duties (one task).
pub(super) fn attach_item(
    tasks: &mut Vec<ExtractedTask>,
    leads: &[Vec<String>],
    text: &str,
    deadline: Option<FoundDeadline>,
    heading_block: Option<usize>,
    support: &[String],
) -> Vec<usize> {
    let mut touched = Vec::new();
    for lead in leads {
        // Numbered items ("(1)", "a)") are duties of their own; bullets ("-", "+") without a
        // deadline of their own continue the block of the unit above them.
        let bullet = text.trim_start().starts_with(BULLETS);
        let block = tasks
            .iter()
            .rposition(|t| &t.lead == lead && t.deadline.is_none())
            .filter(|_| bullet && deadline.is_none());
        match block {
            Some(b) => {
                let work = one_line(strip_marker(text), 0, None);
                absorb(&mut tasks[b], Some(&work), text, support);
                touched.push(b);
            }
            None => {
                tasks.push(ExtractedTask {
                    block: heading_block,
                    lead: lead.clone(),
                    support: support.to_vec(),
                    content: one_line(strip_marker(text), 0, None),
                    deadline: deadline.clone(),
                    quote: text.to_string(),
                    confidence: 0.6,
                    flags: Vec::new(),
                });
                touched.push(tasks.len() - 1);
            }
        }
    }
    touched
}

/// A segment that only names units (and maybe a colon): a heading for the items below.
pub(super) fn is_heading(text: &str, named: &[UnitMention]) -> bool {
    if named.is_empty() {
        return false;
    }
    let trimmed = text.trim_end();
    let last = named.iter().map(|m| m.end).max().unwrap_or(0);
    let rest = text.get(last..).unwrap_or("").trim();
    let before = lower_in_place(text.get(..named[0].start).unwrap_or(""));
    // "1. Chủ tịch UBND các huyện:", "3. Giám đốc Sở Y tế:": the addressee's title.
    let before = without_title(strip_marker(&before).trim());
    // "a) Ủy ban nhân dân các tỉnh Quảng Ngãi, Gia Lai:": a list of places begins after the
    // head it shares, which its first unit's name holds; the levels it names may be several
    // ("Sở Xây dựng các tỉnh, thành phố: Gia Lai, Huế").
    let shared_head = {
        let name = named[0].name.to_lowercase();
        let words: Vec<&str> = name.split_whitespace().collect();
        before
            .split(|c: char| c.is_whitespace() || c == ':' || c == ',')
            .filter(|w| !w.is_empty() && *w != "các")
            .all(|w| words.contains(&w) || crate::extract::units::is_level_word(w))
    };
    let before_ok = before.is_empty()
        || shared_head
        || [
            "giao",
            "giao cho",
            "phân công",
            "đối với",
            "đề nghị",
            "yêu cầu",
        ]
        .iter()
        .any(|w| before.ends_with(w));
    let rest = rest.trim_start_matches(')').trim();
    let bare_item = is_item(text) || is_top_level(text);
    // "Bộ Xây dựng chủ trì, phối hợp với các địa phương:" announces work; a heading only lists.
    let listed = named
        .windows(2)
        .all(|w| joins_list(text.get(w[0].end..w[1].start).unwrap_or("x")));
    listed
        && before_ok
        && ((trimmed.ends_with(':') && (rest == ":" || rest.is_empty()))
            || (bare_item && rest.is_empty()))
}

/// The words of an addressee's emphasis ("trong đó trọng tâm là", "nhất là"): the units after
/// them are inside the group before them.
static EMPHASIS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("emphasis"));

/// Where the emphasis of a heading's addressee begins (", trong đó trọng tâm là …:", ", nhất
/// là …:"), when the heading ends with a colon. `lower` is the heading in lower case.
pub(super) fn emphasis_cut(lower: &str) -> Option<usize> {
    if !lower.trim_end().ends_with(':') {
        return None;
    }
    EMPHASIS
        .iter()
        .filter_map(|e| {
            lower
                .match_indices(e)
                .map(|(at, _)| at)
                .find(|&at| lower[..at].ends_with(", "))
        })
        .min()
        .map(|at| at - 2)
}

/// A heading that names an office in a body rather than the body ("1.1. Trưởng Ban Chỉ đạo",
/// "Phó Trưởng ban thường trực", "Thành viên Ban Chỉ đạo"): the office holder, title and body as
/// written, owns the duties below. A head's title before a unit ("Giám đốc Sở Y tế") names
/// the unit and is left to [`is_heading`].
pub(super) fn office_heading(text: &str, named: &[UnitMention]) -> Option<String> {
    static OFFICES: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("offices"));
    let [m] = named else {
        return None;
    };
    let line = text.trim_end();
    let line = line.strip_suffix(':').unwrap_or(line).trim_end();
    let marker = text.len() - strip_marker(text).len();
    if m.end != line.len() || m.start < marker {
        return None;
    }
    let title = text[marker..m.start].trim();
    OFFICES
        .contains(&lower_in_place(title).as_str())
        .then(|| format!("{title} {}", text[m.start..m.end].trim()))
}

/// `before` (lower case) without the title that ends it: "… của bộ trưởng" → "… của".
pub(super) fn without_title(before: &str) -> &str {
    static TITLES: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("head_titles"));
    let b = before.trim_end();
    TITLES
        .iter()
        .filter_map(|t| b.strip_suffix(t))
        .map(str::trim_end)
        .min_by_key(|r| r.len())
        .unwrap_or(b)
}

/// `text[from..to]` as one trimmed line, without leading punctuation and joining words.
pub(super) fn one_line(text: &str, from: usize, to: Option<usize>) -> String {
    let to = to.unwrap_or(text.len()).min(text.len());
    let from = from.min(to);
    let slice = text.get(from..to).unwrap_or(text);
    let mut s: String = slice.split_whitespace().collect::<Vec<_>>().join(" ");
    for prefix in [
        "chủ trì,",
        "chủ trì",
        "có trách nhiệm",
        "chịu trách nhiệm",
        ",",
        ":",
        "-",
    ] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim().to_string();
        }
    }
    let s = s.trim_end_matches([',', ';', ' ']).to_string();
    if s.chars().count() > 300 {
        s.chars().take(300).collect()
    } else {
        s
    }
}

/// Coordinating units: the ones listed after "phối hợp (với)", up to the work itself.
pub(super) fn coordinating<'a>(
    lower: &str,
    named: &'a [UnitMention],
) -> impl Iterator<Item = &'a UnitMention> {
    let start = lower.find("phối hợp").unwrap_or(usize::MAX);
    let end = lower
        .find("phối hợp")
        .and_then(|p| first_cue_after(lower, p + "phối hợp".len(), named))
        .unwrap_or(lower.len());
    // "Sở A chủ trì; Sở B, Sở C phối hợp kiểm tra …": the units between the lead's "chủ trì"
    // and "phối hợp" are its partners too.
    let before = lower
        .find("chủ trì")
        .filter(|&c| {
            lower
                .get(c..start)
                .is_some_and(|between| between.contains(';'))
        })
        .map(|c| c + "chủ trì".len());
    named.iter().filter(move |m| {
        (m.start >= start && m.start < end) || before.is_some_and(|b| m.start > b && m.end <= start)
    })
}

/// The flags a task takes from its deadline (urgent, continuous, before issue …).
pub(super) fn deadline_flags(deadline: &Option<FoundDeadline>) -> Vec<String> {
    deadline
        .as_ref()
        .map(|d| d.flags.iter().map(flag_name).collect())
        .unwrap_or_default()
}

pub(super) fn flag_name(f: &DeadlineFlag) -> String {
    match f {
        DeadlineFlag::Urgent => "urgent",
        DeadlineFlag::Continuous => "continuous",
        DeadlineFlag::BeforeIssue => "deadline_before_issue",
        DeadlineFlag::NoYearGiven => "deadline_year_assumed",
    }
    .to_string()
}
