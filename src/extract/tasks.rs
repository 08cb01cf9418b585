//! Finding the assignments in a directive's body: who must do what, with whom, by when.
//!
//! The body is cut into segments (a paragraph, a list item, a sentence, a clause after ";"), each
//! read for the units it names ([`super::units`]), the words that make it an assignment ("giao",
//! "chủ trì", "có trách nhiệm", "đề nghị" …) and its deadline ([`super::deadline`]). A unit
//! named alone as a heading ("2. Sở Y tế:") owns the items under it. Rules, not word lists of any
//! one document: they follow how directives are written.

use super::deadline::{find_all, DeadlineContext, DeadlineFlag, FoundDeadline};
use super::units::{find_units, Role, UnitMention};

/// A task as read from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedTask {
    /// The lead unit(s) as the text names them (several when groups are named together).
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub deadline: Option<FoundDeadline>,
    /// What is to be done, one line.
    pub content: String,
    /// The sentence(s) that assign it.
    pub quote: String,
    /// 0..1: how sure the rules are that this is a task with this lead.
    pub confidence: f32,
    pub flags: Vec<String>,
}

/// Words that make a segment an assignment when a unit is named before them.
const CUES: &[&str] = &[
    "giao ",
    "chủ trì",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "yêu cầu",
    "đề nghị",
    "chỉ đạo",
    "phối hợp",
    "tham mưu",
    "triển khai",
    "thực hiện",
    "khẩn trương",
    "tổ chức",
    "rà soát",
    "hướng dẫn",
    "theo dõi",
    "kiểm tra",
    "xây dựng",
    "nghiên cứu",
    "tiếp tục",
    "đôn đốc",
    "chuẩn bị",
    "cung cấp",
    "báo cáo",
    "đẩy nhanh",
    "tập trung",
    "quản lý",
    "hoàn thành",
    "xử lý",
    "bố trí",
    "phân bổ",
    "ban hành",
    "trình",
    "giải quyết",
    "kịp thời",
    "chủ động",
    "tăng cường",
    "có phương án",
];

/// Segments that never assign a task: legal bases, closings ("… biết, thực hiện"), citations of
/// what was received, voters' petitions being answered.
const NOT_TASKS: &[&str] = &[
    "nơi nhận",
    "kính gửi",
    "chịu trách nhiệm thi hành",
    "có hiệu lực",
    "để các cơ quan",
    "xin thông báo",
];

/// Phrases that report what was received or proposed: a segment is a citation, not an
/// assignment, when one comes before any assigning word.
const CITATIONS: &[&str] = &[
    "căn cứ",
    "nhận được",
    "xét đề nghị",
    "theo đề nghị",
    "tại tờ trình",
    "tại công văn",
    "tại văn bản",
    "tại báo cáo",
    "trên cơ sở",
];

/// Words that assign for certain, enough for a generic group to be a lead.
const STRONG: &[&str] = &[
    "giao ",
    "chủ trì",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "yêu cầu",
    "đề nghị",
    "chỉ đạo",
    "khẩn trương",
    "chủ động",
    "tổ chức thực hiện",
    "triển khai thực hiện",
    "nghiêm túc",
];

/// Words after which the units named next are the ones tasked: what comes before is who speaks.
const ASSIGNING: &[&str] = &["giao ", "giao:", "yêu cầu", "đề nghị", "chỉ đạo", "đồng ý"];

/// What an authority does in the sentence when it is the one speaking, not the one tasked.
const SPEAKING: &[&str] = &[
    "có ý kiến",
    "chỉ đạo",
    "giao",
    "yêu cầu",
    "đề nghị",
    "ban hành",
    "đồng ý",
    "kết luận",
    "thông báo",
    "xin",
    "đã",
    "tiếp thu",
    "phê duyệt",
    "quyết định",
    "nhất trí",
    "trân trọng",
];

/// Bodies that assign and are never tasked in the documents dondoc reads.
fn is_authority(name: &str) -> bool {
    let f = crate::domain::text::fold_name(name);
    [
        "chính phủ",
        "thủ tướng",
        "phó thủ tướng",
        "quốc hội",
        "hội đồng nhân dân",
        "hđnd",
    ]
    .iter()
    .any(|a| f == *a || f.starts_with(&format!("{a} ")))
}

/// The closing formula "… thông báo để Sở A và các cơ quan biết, thực hiện": it names who
/// receives the document, not who is tasked.
fn is_closing(lower: &str) -> bool {
    [
        "biết, thực hiện",
        "biết và thực hiện",
        "biết thực hiện",
        "biết, thực hiện",
    ]
    .iter()
    .filter_map(|c| lower.find(c))
    .any(|at| lower[..at].contains("để "))
}

/// Whether `name` is the body that issued the directive, or its chairman: "UBND tỉnh" and "Chủ
/// tịch UBND tỉnh" in a directive of "UBND tỉnh Hậu Giang".
fn is_issuer(name: &str, issuer: Option<&str>) -> bool {
    let mut f = crate::domain::text::fold_name(name);
    for title in ["phó chủ tịch ", "chủ tịch "] {
        if let Some(rest) = f.strip_prefix(title) {
            f = rest.to_string();
            break;
        }
    }
    // "UBND tỉnh" with no name is the provincial committee that speaks in its own directives and
    // in its Office's notices.
    if f == "ủy ban nhân dân tỉnh" || f == "ubnd tỉnh" {
        return true;
    }
    let Some(issuer) = issuer else {
        return false;
    };
    let issuer = crate::domain::text::fold_name(issuer);
    !f.is_empty() && (issuer == f || issuer.starts_with(&format!("{f} ")))
}

/// Whether `m` is who speaks: an authority, or a unit followed at once by a speaking verb.
/// "Chỉ đạo" and "ban hành" are what the issuer does when it speaks, but also what a department
/// is told to do ("Bộ trưởng Bộ Y tế chỉ đạo các bệnh viện …"): only the issuer speaks with them.
fn is_speaker(lower: &str, m: &UnitMention, issuer: Option<&str>) -> bool {
    if is_authority(&m.name) {
        return true;
    }
    let after = lower.get(m.end..).unwrap_or("").trim_start();
    SPEAKING.iter().any(|v| {
        after.starts_with(v)
            && (!ISSUER_ONLY.contains(v)
                || is_issuer(&m.name, issuer)
                || after[v.len()..].trim_start().starts_with([':', '.'])
                || after[v.len()..].trim_start().starts_with("như sau"))
    })
}

/// Speaking verbs that also assign work to the unit before them.
const ISSUER_ONLY: &[&str] = &["chỉ đạo", "ban hành"];

/// Where the assigning words of `lower` are used as verbs. "Đề nghị của UBND tỉnh", "xét đề
/// nghị", "theo yêu cầu" are nouns: what was asked, not someone being asked.
fn assigning_verbs(lower: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for a in ASSIGNING {
        let mut from = 0;
        while let Some(i) = lower.get(from..).and_then(|s| s.find(a)).map(|i| i + from) {
            from = i + a.len();
            let before = lower[..i].trim_end();
            let after = lower[i + a.len()..].trim_start();
            let word_start = i == 0 || !lower[..i].ends_with(|c: char| c.is_alphanumeric());
            // "giao thông", "giao đất", "bàn giao" are other words.
            let other_word = a.starts_with("giao")
                && ([
                    "thông", "đất", "dịch", "lưu", "thương", "tiếp", "kết", "khoán", "nộp", "nhận",
                    "hàng", "quyền", "rừng", "mặt",
                ]
                .iter()
                .any(|w| after.starts_with(w))
                    || ["bàn", "chuyển", "được"]
                        .iter()
                        .any(|w| before.ends_with(w)));
            let noun = other_word
                || after.starts_with("của")
                || after.starts_with("tại")
                || after.starts_with("được")
                || [
                    "xét",
                    "theo",
                    "về",
                    "các",
                    "những",
                    "đáp ứng",
                    "bảo đảm",
                    "đảm bảo",
                    "có",
                    "là",
                    "mọi",
                ]
                .iter()
                .any(|w| before.ends_with(w));
            if word_start && !noun {
                out.push((i, *a));
            }
        }
    }
    out.sort_unstable();
    out
}

/// The tasks of `body` (the text between the printed header and the closing "Nơi nhận").
/// `issuer` is the body that issued the directive (from its header), which speaks and is not
/// tasked.
pub fn extract_tasks(
    body: &str,
    ctx: &DeadlineContext,
    issuer: Option<&str>,
) -> Vec<ExtractedTask> {
    let mut tasks: Vec<ExtractedTask> = Vec::new();
    // The leads a heading ("1. Sở Tài chính:") or a numbered assignment named, owning the items
    // under it that name no unit of their own: one entry per task.
    let mut heading: Option<Vec<Vec<String>>> = None;
    // The tasks the current paragraph has made so far, which its next clauses may go on with.
    let mut open: Vec<usize> = Vec::new();
    for seg in segments(body) {
        if !seg.continues {
            open.clear();
        }
        let lower = seg.text.to_lowercase();
        let all_units = find_units(&seg.text);
        // "Sở Y tế chỉ đạo các bệnh viện": only the issuer or an authority gives directions that
        // make the units before the verb its speaker.
        let first_assigning = assigning_verbs(&lower)
            .into_iter()
            .find(|(at, word)| {
                !ISSUER_ONLY.contains(word)
                    || all_units.iter().any(|m| {
                        m.end <= *at && (is_authority(&m.name) || is_issuer(&m.name, issuer))
                    })
            })
            .map(|(at, _)| at);
        // "Xét đề nghị của …, Phó Thủ tướng giao …": a citation, then the authority's own words.
        let speaks_after_citation = first_assigning.is_some_and(|a| {
            let clause = lower[..a].rfind(", ").unwrap_or(0);
            all_units.iter().any(|m| {
                m.start >= clause
                    && m.end <= a
                    && (is_authority(&m.name) || is_issuer(&m.name, issuer))
            })
        });
        let cited = !speaks_after_citation
            && CITATIONS
                .iter()
                .filter_map(|c| lower.find(c))
                .any(|at| first_assigning.is_none_or(|a| at < a));
        // Voters' petitions are quoted before the answer: only an answer that assigns counts.
        let petition = lower.contains("cử tri") && first_assigning.is_none();
        if NOT_TASKS.iter().any(|n| lower.contains(n)) || cited || petition || is_closing(&lower) {
            heading = None;
            continue;
        }
        let mentions: Vec<UnitMention> = all_units
            .into_iter()
            .filter(|m| m.role == Role::Named && !is_speaker(&lower, m, issuer))
            // "Nghị quyết … của Bộ Chính trị": the owner of a cited document is not tasked.
            .filter(|m| {
                !lower
                    .get(..m.start)
                    .unwrap_or("")
                    .trim_end()
                    .ends_with("của")
            })
            .collect();
        // "X giao / yêu cầu / đề nghị Y …": when units follow the assigning word, those before it
        // are who speaks.
        let speaker_before = first_assigning.filter(|a| mentions.iter().any(|m| m.start >= *a));
        let named: Vec<UnitMention> = mentions
            .into_iter()
            .filter(|m| speaker_before.is_none_or(|a| m.start >= a))
            .collect();
        let deadlines = find_all(&seg.text, ctx);
        if is_heading(&seg.text, &named) {
            heading = Some(leads_of(&named));
            continue;
        }
        // Under a heading, an item's own unit is one it opens with ("- Sở Y tế: …"); units named
        // further in are the objects of the work ("Huy động các lực lượng …").
        let named = if heading.is_some() && seg.item {
            let opening = seg.text.len() - strip_marker(&seg.text).len();
            named
                .into_iter()
                .filter(|m| m.start <= opening + 1 && !m.group)
                .collect()
        } else {
            named
        };
        if seg.top_level && !named.is_empty() {
            heading = None;
        }
        let has_cue = CUES.iter().any(|c| lower.contains(c));
        let deadline = deadlines.into_iter().next();
        // A clause that goes on with the work of the units its paragraph already tasked: only
        // the units it opens with lead; the others are whom the work concerns.
        let in_paragraph = seg.continues && !open.is_empty();
        let own_leads = !in_paragraph || {
            let work = first_work_cue(&lower);
            named.iter().any(|m| m.start < work)
        };
        if in_paragraph && !own_leads {
            open = continue_paragraph(
                &mut tasks, &open, &seg.text, &lower, &named, deadline, has_cue,
            );
            continue;
        }
        if named.is_empty() {
            if let Some(units) = &heading {
                if seg.item || has_cue {
                    open = attach_item(&mut tasks, units, &seg.text, deadline);
                }
            } else if let (Some(last), Some(d)) = (tasks.last_mut(), deadline) {
                // A clause of its own that only gives the deadline of the task before it.
                if last.deadline.is_none() && seg.continues {
                    last.deadline = Some(d);
                    last.quote.push(' ');
                    last.quote.push_str(&seg.text);
                }
            }
            continue;
        }
        if !has_cue {
            continue;
        }
        let mut made = assign(&seg.text, &lower, &named, deadline);
        joint_addressee(&seg.text, &mut made);
        if seg.top_level && !made.is_empty() {
            heading = Some(made.iter().map(|t| t.lead.clone()).collect());
        }
        let first = tasks.len();
        tasks.extend(made);
        open = (first..tasks.len()).collect();
    }
    tasks
}

/// Where the work of a clause begins: its first cue that is not an assigning word ("giao",
/// "yêu cầu", "đề nghị" name the units that follow them).
fn first_work_cue(lower: &str) -> usize {
    CUES.iter()
        .filter(|c| !ASSIGNING.contains(c))
        .filter_map(|c| lower.find(c))
        .min()
        .unwrap_or(lower.len())
}

/// Whether a deadline ends a task: a date or a recurrence, not "khẩn trương" or "thường xuyên".
fn dated(d: &Option<FoundDeadline>) -> bool {
    d.as_ref()
        .is_some_and(|d| d.due.is_some() || d.recurring.is_some())
}

/// A clause of a paragraph whose units are already tasked ("Bộ Y tế chỉ đạo …; bổ sung thuốc …,
/// hoàn thành trước ngày …"). The clauses up to a deadline are one task; a clause after a
/// deadline, or one that opens with "chủ trì", starts the next task of the same units.
/// Returns the tasks now open.
fn continue_paragraph(
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
            if deadline.is_some() && !dated(&t.deadline) {
                t.deadline = deadline.clone();
            }
        }
        return open.to_vec();
    }
    if !has_cue && deadline.is_none() {
        return open.to_vec();
    }
    let support: Vec<String> = match lower.find("phối hợp") {
        Some(p) => {
            let end = first_cue_after(lower, p + "phối hợp".len()).unwrap_or(lower.len());
            named
                .iter()
                .filter(|m| m.start >= p && m.start < end)
                .map(|m| m.name.clone())
                .collect()
        }
        None => Vec::new(),
    };
    let mut leads: Vec<Vec<String>> = Vec::new();
    for &i in open {
        if !leads.contains(&tasks[i].lead) {
            leads.push(tasks[i].lead.clone());
        }
    }
    let first = tasks.len();
    for lead in leads {
        tasks.push(ExtractedTask {
            lead,
            support: support.clone(),
            content: one_line(text, 0, deadline.as_ref().map(|d| d.start)),
            deadline: deadline.clone(),
            quote: text.to_string(),
            confidence: 0.6,
            flags: deadline
                .as_ref()
                .map(|d| d.flags.iter().map(flag_name).collect())
                .unwrap_or_default(),
        });
    }
    (first..tasks.len()).collect()
}

/// One assignment sentence: its leads, their coordinating units and the work.
fn assign(
    text: &str,
    lower: &str,
    named: &[UnitMention],
    deadline: Option<FoundDeadline>,
) -> Vec<ExtractedTask> {
    let chu_tri = lower.find("chủ trì");
    let phoi_hop = lower.find("phối hợp");
    // Leads: the units before "chủ trì" when it is there, else those before "phối hợp" or before
    // the first cue after the first unit.
    let lead_end = match (chu_tri, phoi_hop) {
        (Some(c), _) => c,
        (None, Some(p)) => p,
        (None, None) => first_cue_after(lower, named[0].end).unwrap_or(text.len()),
    };
    let mut leads: Vec<&UnitMention> = named.iter().filter(|m| m.end <= lead_end).collect();
    if leads.is_empty() {
        // "… giao cho Sở A" after the verb: the first unit named leads.
        leads.push(&named[0]);
    }
    // Coordinating units are the ones listed after "phối hợp (với)", up to the work itself.
    let support_start = phoi_hop.unwrap_or(usize::MAX);
    let support_end = phoi_hop
        .and_then(|p| first_cue_after(lower, p + "phối hợp".len()))
        .unwrap_or(text.len());
    let support: Vec<String> = named
        .iter()
        .filter(|m| m.start >= support_start && m.start < support_end)
        .filter(|m| !leads.iter().any(|l| l.start == m.start))
        .map(|m| m.name.clone())
        .collect();
    let content_from = leads.iter().map(|l| l.end).max().unwrap_or(0);
    let content = one_line(text, content_from, deadline.as_ref().map(|d| d.start));
    let confident = if chu_tri.is_some() || lower.contains("giao ") {
        0.8
    } else {
        0.6
    };
    let mut flags = Vec::new();
    if let Some(d) = &deadline {
        flags.extend(d.flags.iter().map(flag_name));
    }
    // Groups named one after another lead together; named units each lead a task of their own.
    let groups: Vec<String> = leads
        .iter()
        .filter(|l| l.group)
        .map(|l| l.name.clone())
        .collect();
    let mut out: Vec<ExtractedTask> = leads
        .iter()
        .filter(|l| !l.group)
        .map(|l| ExtractedTask {
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
    let strong = STRONG.iter().any(|c| lower.contains(c));
    if !groups.is_empty() && (strong || !out.is_empty()) {
        out.push(ExtractedTask {
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

/// A directive to the Party secretary and the committee chairman together ("Bí thư Tỉnh ủy và
/// Chủ tịch UBND các tỉnh: …") names both offices in each lead, as the text does.
fn joint_addressee(text: &str, tasks: &mut [ExtractedTask]) {
    let lower = text.to_lowercase();
    let Some(at) = lower.find("bí thư tỉnh ủy và chủ tịch") else {
        return;
    };
    let title: String = text[at..]
        .chars()
        .take("bí thư tỉnh ủy và chủ tịch".chars().count())
        .collect();
    for t in tasks.iter_mut() {
        for lead in t.lead.iter_mut() {
            let f = crate::domain::text::fold_name(lead);
            if f.starts_with("ủy ban nhân dân tỉnh") || f.starts_with("ubnd tỉnh") {
                *lead = format!("{title} {lead}");
            }
        }
    }
}

/// Named units as task leads: each named unit its own task, groups named together one task.
fn leads_of(named: &[UnitMention]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = named
        .iter()
        .filter(|m| !m.group)
        .map(|m| vec![m.name.clone()])
        .collect();
    let groups: Vec<String> = named
        .iter()
        .filter(|m| m.group)
        .map(|m| m.name.clone())
        .collect();
    if !groups.is_empty() {
        out.push(groups);
    }
    out
}

/// An item under a heading: a task of its own for each lead when it has its own deadline, else
/// part of that lead's block of duties (one task).
fn attach_item(
    tasks: &mut Vec<ExtractedTask>,
    leads: &[Vec<String>],
    text: &str,
    deadline: Option<FoundDeadline>,
) -> Vec<usize> {
    let mut touched = Vec::new();
    for lead in leads {
        // Numbered items ("(1)", "a)") are duties of their own; bullets ("-", "+") without a
        // deadline of their own continue the block of the unit above them.
        let bullet = text.trim_start().starts_with(['-', '+', '•', '–', '*']);
        let block = tasks
            .iter()
            .rposition(|t| &t.lead == lead && t.deadline.is_none())
            .filter(|_| bullet && deadline.is_none());
        match block {
            Some(b) => {
                tasks[b].quote.push('\n');
                tasks[b].quote.push_str(text);
                touched.push(b);
            }
            None => {
                tasks.push(ExtractedTask {
                    lead: lead.clone(),
                    support: Vec::new(),
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
fn is_heading(text: &str, named: &[UnitMention]) -> bool {
    if named.is_empty() {
        return false;
    }
    let trimmed = text.trim_end();
    let last = named.iter().map(|m| m.end).max().unwrap_or(0);
    let rest = text.get(last..).unwrap_or("").trim();
    let before = text.get(..named[0].start).unwrap_or("");
    let before_ok = strip_marker(before).trim().is_empty()
        || ["giao", "đối với", "đề nghị", "yêu cầu"]
            .iter()
            .any(|w| strip_marker(before).trim().to_lowercase().ends_with(w));
    trimmed.ends_with(':') && before_ok && (rest == ":" || rest.is_empty())
}

fn first_cue_after(lower: &str, from: usize) -> Option<usize> {
    CUES.iter()
        .filter_map(|c| lower.get(from..).and_then(|s| s.find(c)).map(|i| i + from))
        .min()
}

/// `text[from..to]` as one trimmed line, without leading punctuation and joining words.
fn one_line(text: &str, from: usize, to: Option<usize>) -> String {
    let to = to.unwrap_or(text.len()).min(text.len());
    let from = from.min(to);
    let slice = text.get(from..to).unwrap_or(text);
    let mut s: String = slice.split_whitespace().collect::<Vec<_>>().join(" ");
    for prefix in ["chủ trì,", "chủ trì", ",", ":", "-"] {
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

fn flag_name(f: &DeadlineFlag) -> String {
    match f {
        DeadlineFlag::Urgent => "urgent",
        DeadlineFlag::Continuous => "continuous",
        DeadlineFlag::BeforeIssue => "deadline_before_issue",
        DeadlineFlag::NoYearGiven => "deadline_year_assumed",
    }
    .to_string()
}

/// A piece of the body read on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    text: String,
    /// Starts with a list marker ("-", "+", "a)", "•").
    item: bool,
    /// Starts with a top-level number ("1.", "II.", "Điều 2.").
    top_level: bool,
    /// A clause after ";" or a sentence continuing the paragraph before.
    continues: bool,
}

/// The body cut into segments: wrapped lines joined back, then paragraphs, sentences and clauses.
fn segments(body: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for para in paragraphs(body) {
        let item = is_item(&para);
        let top_level = is_top_level(&para);
        for (i, sentence) in sentences(&para).into_iter().enumerate() {
            for (j, clause) in sentence.split(';').enumerate() {
                let clause = clause.trim();
                if clause.is_empty() {
                    continue;
                }
                out.push(Segment {
                    text: clause.to_string(),
                    item: item && i == 0 && j == 0,
                    top_level: top_level && i == 0 && j == 0,
                    continues: i > 0 || j > 0,
                });
            }
        }
    }
    out
}

/// Lines joined into paragraphs: a line break inside a sentence (a PDF's wrapping) is a space;
/// a break after sentence-ending punctuation, or before a list marker, ends the paragraph.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let ends_sentence = current.trim_end().ends_with(['.', ';', ':', '!', '?']);
        if !current.is_empty() && (ends_sentence || is_item(line) || is_top_level(line)) {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Sentences of a paragraph: a period followed by a space and a capital letter ends one; periods
/// in numbers, dates and abbreviations ("TP. Huế", "15.7") do not.
fn sentences(para: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    for w in 0..chars.len() {
        let (i, c) = chars[w];
        if c != '.' {
            continue;
        }
        let next = chars.get(w + 1).map(|x| x.1);
        let after = chars.get(w + 2).map(|x| x.1);
        let before_word: String = para[start..i]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        // "TP. Huế", "1. Sở …", "II. Nhiệm vụ": a short capital or a list number is not a sentence.
        let abbreviation = before_word.chars().count() <= 4
            && before_word
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit());
        if next == Some(' ') && after.is_some_and(|a| a.is_uppercase()) && !abbreviation {
            out.push(para[start..=i].trim().to_string());
            start = i + 1;
        }
    }
    if start < para.len() {
        out.push(para[start..].trim().to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

fn strip_marker(s: &str) -> &str {
    let t = s.trim_start();
    let t = t.trim_start_matches(['-', '+', '•', '–', '*']).trim_start();
    // "1.", "a)", "II.", "1.2."
    let end = t
        .char_indices()
        .take_while(|(_, c)| {
            c.is_ascii_digit() || c.is_ascii_lowercase() || "IVXLivxl.)".contains(*c)
        })
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let candidate = &t[..end];
    if !candidate.is_empty() && candidate.ends_with(['.', ')']) && candidate.len() <= 6 {
        t[end..].trim_start()
    } else {
        t
    }
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(['-', '+', '•', '–', '*']) {
        return true;
    }
    // "a)", "đ)", "(1)", "1)", "(a)"
    let mut chars = t.chars();
    let first = chars.next();
    let body: String = if first == Some('(') {
        chars.by_ref().take_while(|c| *c != ')').collect()
    } else {
        let mut b = String::new();
        if let Some(f) = first {
            b.push(f);
        }
        b.extend(chars.take_while(|c| *c != ')'));
        b
    };
    let closes = t
        .get(body.len() + usize::from(first == Some('('))..)
        .is_some_and(|r| r.starts_with(')'));
    closes
        && !body.is_empty()
        && body.chars().count() <= 3
        && body.chars().all(|c| c.is_alphanumeric())
}

fn is_top_level(line: &str) -> bool {
    let t = line.trim_start();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let roman: String = t.chars().take_while(|c| "IVXL".contains(*c)).collect();
    (!digits.is_empty() && t[digits.len()..].starts_with(['.', ')']))
        || (!roman.is_empty() && t[roman.len()..].starts_with('.'))
        || t.starts_with("Điều ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_joined_and_items_kept_apart() {
        let body = "1. Giao Sở Công Thương chủ trì, phối hợp với\ncác cơ quan liên quan kiểm tra thị trường.\n- Một ý.\n- Ý khác";
        let p = paragraphs(body);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("phối hợp với các cơ quan"));
    }

    fn ctx_tasks(body: &str) -> Vec<ExtractedTask> {
        let cal = crate::calendar::Calendar::shipped().unwrap();
        let ctx = DeadlineContext {
            issued: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
            calendar: &cal,
        };
        extract_tasks(body, &ctx, Some("Ủy ban nhân dân tỉnh Hậu Giang"))
    }

    #[test]
    fn the_committee_that_assigns_is_not_the_unit_tasked() {
        let t = ctx_tasks("UBND tỉnh giao Sở Y tế chủ trì, phối hợp với Sở Tài chính kiểm tra các bệnh viện tuyến huyện.");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].lead, ["Sở Y tế"]);
        assert_eq!(t[0].support, ["Sở Tài chính"]);
    }

    #[test]
    fn numbered_duties_under_a_unit_are_tasks_of_that_unit() {
        let body = "1. Sở Công Thương tiếp tục thực hiện các việc sau:\n(1) Kiểm tra thị trường xăng dầu.\n(2) Báo cáo kết quả trước ngày 30/4/2024.";
        let t = ctx_tasks(body);
        let leads: Vec<&str> = t.iter().map(|x| x.lead[0].as_str()).collect();
        assert!(leads.iter().all(|l| *l == "Sở Công Thương"), "{t:?}");
        assert!(
            t.iter().any(|x| x.deadline.as_ref().and_then(|d| d.due)
                == chrono::NaiveDate::from_ymd_opt(2024, 4, 30)),
            "{t:?}"
        );
    }

    #[test]
    fn a_closing_line_and_a_citation_assign_nothing() {
        assert!(ctx_tasks("Văn phòng UBND tỉnh thông báo để Sở Nội vụ và các cơ quan liên quan biết, thực hiện./.").is_empty());
        assert!(
            ctx_tasks("Căn cứ Công văn của Sở Tài chính về việc phân bổ vốn năm 2024.").is_empty()
        );
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations() {
        let s = sentences("Giao UBND TP. Huế thực hiện. Sở Y tế theo dõi.");
        assert_eq!(s.len(), 2, "{s:?}");
    }
}
