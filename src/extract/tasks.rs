//! Finding the assignments in a directive's body: who must do what, with whom, by when.
//!
//! The body is cut into segments (a paragraph, a list item, a sentence, a clause after ";"), each
//! read for the units it names ([`super::units`]), the words that make it an assignment ("giao",
//! "chủ trì", "có trách nhiệm", "đề nghị" …) and its deadline ([`super::deadline`]). A unit
//! named alone as a heading ("2. Sở Y tế:") owns the items under it. Rules, not word lists of any
//! one document: they follow how directives are written.

use super::deadline::{find_all, find_in_cell, DeadlineContext, DeadlineFlag, FoundDeadline};
use super::records::{self, Para};
use super::table::{find_tables, Row};
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
    /// The heading or numbered paragraph whose duties this task is one of: when none of them has
    /// a date, they are one block of duties, one task per lead.
    pub block: Option<usize>,
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

/// Phrases that make a whole sentence a meeting's framing or a closing, not only their clause.
const FRAMING: &[&str] = &[
    "cùng dự",
    "tham dự",
    "dự họp",
    "thành phần",
    "chủ trì cuộc họp",
    "chủ trì buổi làm việc",
    "chủ trì hội nghị",
    "kết luận như sau",
    "chịu trách nhiệm thi hành",
];

/// Segments that never assign a task: legal bases, closings ("… biết, thực hiện"), citations of
/// what was received, the framing of a meeting's conclusions, praise.
const NOT_TASKS: &[&str] = &[
    "chủ trì cuộc họp",
    "chủ trì buổi làm việc",
    "chủ trì hội nghị",
    // "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, …": the standing closing offer.
    "nếu có khó khăn",
    "nếu có vướng mắc",
    "nếu có phát sinh",
    "cùng dự",
    "tham dự",
    "dự buổi",
    "dự họp",
    "kết luận như sau",
    "sau khi nghe",
    "đánh giá cao",
    "biểu dương",
    "nơi nhận",
    "kính gửi",
    "chịu trách nhiệm thi hành",
    "có hiệu lực",
    "để các cơ quan",
    "xin thông báo",
];

/// Phrases that report what was received or proposed: a segment is a citation, not an
/// assignment, when one comes before any assigning word.
const CITATIONS: &[&str] = &["nhận được"];

/// Phrases that make a citation only when the segment opens with them: further in, "tại Công
/// văn số …" says which instruction the work carries out.
const OPENING_CITATIONS: &[&str] = &[
    "căn cứ",
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
    "truyền đạt",
    "chỉ thị",
    "thống nhất",
    "sẽ",
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

/// `s` in lower case with every character at the same byte offset, so that a position found in
/// the lower case text is one in `s` too ("ẞ", "İ" and the like, whose lower case is longer or
/// shorter, are kept as they are).
fn lower_in_place(s: &str) -> String {
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

/// A sentence that only introduces what follows: it ends with a speaking verb and a colon
/// ("Chủ tịch UBND tỉnh chỉ thị:", "… kết luận như sau:", "UBND tỉnh có ý kiến như sau:").
fn is_intro(lower: &str) -> bool {
    let Some(before) = lower.trim_end().strip_suffix(':') else {
        return false;
    };
    let before = before.trim_end();
    [
        "chỉ thị",
        "như sau",
        "kết luận",
        "có ý kiến",
        "ý kiến chỉ đạo",
        "thông báo",
        "yêu cầu",
        "chỉ đạo",
        "đề nghị",
    ]
    .iter()
    .any(|v| before.ends_with(v))
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
    // The issuer is never tasked in its own document (no annotated directive tasks its issuer).
    if is_authority(&m.name) || (issuer.is_some() && is_issuer(&m.name, issuer)) {
        return true;
    }
    let after = lower.get(m.end..).unwrap_or("").trim_start();
    SPEAKING.iter().any(|v| {
        after.starts_with(v)
            && (!ISSUER_ONLY.contains(v)
                || is_issuer(&m.name, issuer)
                || after[v.len()..].trim_start().starts_with([':', '.'])
                || after[v.len()..].trim_start().starts_with("như sau")
                // "UBND tỉnh A ban hành Công văn số 15/UBND-NC": what was issued.
                || (*v == "ban hành"
                    && after[v.len()..].contains(" số ")
                    && ["công văn", "quyết định", "kế hoạch", "chỉ thị", "thông báo", "văn bản"]
                        .iter()
                        .any(|d| after[v.len()..].trim_start().starts_with(d))))
    })
}

/// Which of `units` speak: those [`is_speaker`] finds, and the units listed together with one
/// ("Bộ Chính trị, Ban Bí thư, Chính phủ đã …").
fn speakers(text: &str, lower: &str, units: &[UnitMention], issuer: Option<&str>) -> Vec<bool> {
    let mut out: Vec<bool> = units.iter().map(|m| is_speaker(lower, m, issuer)).collect();
    for i in (1..units.len()).rev() {
        let gap = text.get(units[i - 1].end..units[i].start).unwrap_or("x");
        if out[i] && !is_authority(&units[i].name) && joins_list(gap) {
            out[i - 1] = true;
        }
    }
    out
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
/// tasked; `recipients` are the units it is addressed to ("Kính gửi"), who are tasked when the
/// text asks "Quý cơ quan" or lists duties under no unit.
pub fn extract_tasks(
    body: &str,
    ctx: &DeadlineContext,
    issuer: Option<&str>,
    recipients: &[String],
) -> Vec<ExtractedTask> {
    // A plan's task table gives its tasks row by row; the rest is read as sentences.
    let tables = find_tables(body);
    let mut table_lines = vec![false; body.lines().count()];
    for t in &tables {
        for i in t.lines.clone() {
            if let Some(l) = table_lines.get_mut(i) {
                *l = true;
            }
        }
    }
    let prose: String = body
        .lines()
        .zip(&table_lines)
        .map(|(l, in_table)| if *in_table { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    // A plan's labelled blocks ("Cơ quan chủ trì: …") are records too; the rest is prose.
    let reading = records::read(&paragraphs(&prose));
    let mut tasks = sentence_tasks(&reading.prose, ctx, issuer, recipients);
    for t in &tables {
        tasks.extend(t.rows.iter().flat_map(|r| row_tasks(r, ctx)));
    }
    tasks.extend(reading.rows.iter().flat_map(|r| row_tasks(r, ctx)));
    tasks
}

/// The tasks of one row of a plan's table: one per lead unit the "chủ trì" cell names (the cell
/// as written when it names no unit we know), with the units of the "phối hợp" cell and the
/// deadline of the time cell.
fn row_tasks(row: &Row, ctx: &DeadlineContext) -> Vec<ExtractedTask> {
    let units: Vec<UnitMention> = find_units(&row.lead)
        .into_iter()
        .filter(|m| m.role == Role::Named)
        .collect();
    let covered: usize = units.iter().map(|m| m.end - m.start).sum();
    let leads = if !units.is_empty() && covered * 10 >= row.lead.trim().len() * 6 {
        leads_of(&row.lead, &units)
    } else {
        vec![vec![one_line(&row.lead, 0, None)]]
    };
    let found = find_units(&row.support);
    let support: Vec<String> = if found.is_empty() {
        row.support
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    } else {
        found.into_iter().map(|m| m.name).collect()
    };
    let deadlines = find_in_cell(&row.time, ctx);
    let deadline = telling_deadline(deadlines);
    let flags = deadline_flags(&deadline);
    leads
        .into_iter()
        .map(|lead| ExtractedTask {
            lead,
            support: support.clone(),
            deadline: deadline.clone(),
            content: one_line(&row.work, 0, None),
            quote: row.text.clone(),
            confidence: 0.8,
            flags: flags.clone(),
            block: None,
        })
        .collect()
}

/// The tasks of the body's sentences, lists and headings.
fn sentence_tasks(
    body: &[Para],
    ctx: &DeadlineContext,
    issuer: Option<&str>,
    recipients: &[String],
) -> Vec<ExtractedTask> {
    let mut tasks: Vec<ExtractedTask> = Vec::new();
    // The leads a heading ("1. Sở Tài chính:") or a numbered assignment named, owning the items
    // under it that name no unit of their own: one entry per task.
    let mut heading: Option<Vec<Vec<String>>> = None;
    // The headings in force, outermost first, each with its depth: 0 for an intro or a heading
    // with no number, 1 for "1.", 2 for "2.1.", [`LETTERED`] for "a)". A numbered item closes the
    // headings as deep as itself or deeper, and `heading` is the innermost left.
    let mut stack: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    // The tasks the current paragraph has made so far, which its next clauses may go on with.
    let mut open: Vec<usize> = Vec::new();
    // The tasks the last assigning sentence made, which a paragraph after it may date.
    let mut recent: Vec<usize> = Vec::new();
    // Numbers the headings, for the blocks of duties under them.
    let mut blocks = 0;
    // The province a Government notice is about ("… làm việc với lãnh đạo tỉnh Điện Biên"): when
    // the text then says "Tỉnh …" or "tỉnh Điện Biên cần …", its committee is tasked.
    let whole: Vec<&str> = body.iter().map(|p| p.text.as_str()).collect();
    let province = province_of(&whole.join("\n"));
    // The units of the last sentence that announced items ("… yêu cầu Sở A thực hiện các nội
    // dung sau:"): its numbered items are their block of duties.
    let mut announced: Option<Vec<Vec<String>>> = None;
    // The paragraph being read is a legal basis or a citation: its next clauses cite too.
    let mut citing = false;
    for seg in segments(body) {
        if !seg.continues {
            open.clear();
        }
        // A new part ("II. Tổ chức thực hiện", "Điều 3.") ends the duties of the heading before.
        if !seg.continues && is_section(&seg.text) {
            heading = None;
            stack.clear();
            // "II. Nhiệm vụ, giải pháp" naming no unit: its items are the addressee's — the
            // recipients, or the province a Government notice is about.
            let title = lower_in_place(&seg.text);
            if (title.contains("nhiệm vụ") || title.contains("giải pháp"))
                && find_units(&seg.text).is_empty()
            {
                let owner: Vec<Vec<String>> = if recipients.is_empty() {
                    province
                        .iter()
                        .filter(|_| issuer.is_some_and(is_authority))
                        .map(|p| vec![format!("Ủy ban nhân dân tỉnh {p}")])
                        .collect()
                } else {
                    recipients.iter().map(|r| vec![r.clone()]).collect()
                };
                if !owner.is_empty() {
                    heading = Some(owner);
                    push_heading(&mut stack, 0, &heading);
                    announced.clone_from(&heading);
                    blocks += 1;
                    continue;
                }
            }
        }
        if let (true, Some(d)) = (seg.top_level && !seg.continues, number_depth(&seg.text)) {
            if stack.last().is_some_and(|(sd, _)| *sd >= d) {
                while stack.last().is_some_and(|(sd, _)| *sd >= d) {
                    stack.pop();
                }
                heading = stack.last().map(|(_, h)| h.clone());
            }
        }
        let lower = lower_in_place(&seg.text);
        let mut all_units = find_units(&seg.text);
        if let Some(p) = &province {
            if let Some(m) = province_subject(&seg.text, p) {
                if !all_units.iter().any(|u| u.start < m.end && m.start < u.end) {
                    all_units.push(m);
                    all_units.sort_by_key(|u| u.start);
                }
            }
        }
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
        let opening = strip_marker(&lower);
        let cited = !speaks_after_citation
            && (CITATIONS
                .iter()
                .filter_map(|c| lower.find(c))
                .any(|at| first_assigning.is_none_or(|a| at < a))
                // "- Trên cơ sở đề xuất của …, tổng hợp …": an item's preamble, not a citation.
                || (!(seg.item && heading.is_some())
                    && OPENING_CITATIONS.iter().any(|c| opening.starts_with(c))
                    && !framed_subject(&lower, &all_units)))
            // "Căn cứ Luật …; Nghị quyết … của Ban chỉ đạo …;": every clause of a legal basis
            // cites, not only the one that opens with it.
            || (seg.continues && citing && first_assigning.is_none());
        citing = cited;
        // Voters' petitions are quoted before the answer: only an answer that assigns counts.
        let petition = first_assigning.is_none()
            && (strip_marker(&lower).starts_with("cử tri")
                || (lower.contains("cử tri")
                    && ["kiến nghị", "đề nghị:", "phản ánh"]
                        .iter()
                        .any(|w| lower.contains(w))));
        // "UBND huyện đã giao Phòng …": an assignment made before, reported; "Trong quý, UBND
        // huyện đã tổ chức …": what was done.
        let first_cue = CUES.iter().filter_map(|c| lower.find(c)).min();
        let reported = first_assigning.is_some_and(|a| lower[..a].trim_end().ends_with("đã"))
            || (first_assigning.is_none()
                && lower
                    .find(" đã ")
                    .is_some_and(|d| first_cue.is_none_or(|c| d < c)))
            // "Đến nay, Sở X chưa hoàn thành …", "Sở Y đang triển khai …": the state of things,
            // unless a date says by when it must change.
            || (first_assigning.is_none() && is_status(&lower, first_cue) && {
                find_all(&seg.text, ctx).iter().all(|d| d.due.is_none())
            });
        // "Sở X chịu trách nhiệm trước Chủ tịch UBND tỉnh về …": accountability, not work.
        let accountable = lower
            .find("chịu trách nhiệm trước")
            .is_some_and(|at| first_cue.is_none_or(|c| c >= at))
            && first_assigning.is_none()
            // "… chịu trách nhiệm trước UBND tỉnh các nội dung sau:" heads its duties
            && !seg.text.trim_end().ends_with(':');
        // "…, Chủ tịch UBND tỉnh chỉ thị:" — the words that introduce what follows.
        let intro = is_intro(&lower);
        // A sentence of what was done, among a unit's duties, leaves the duties as they are; so
        // does an approval ("1. Đồng ý với nội dung báo cáo của Bộ …").
        let approval = ["đồng ý", "thống nhất", "chấp thuận", "ghi nhận", "nhất trí"]
            .iter()
            .any(|w| strip_marker(&lower).starts_with(w))
            && assigning_verbs(&lower)
                .iter()
                .all(|(a, _)| *a < marker_len(&lower) + 12);
        if reported || approval || accountable {
            continue;
        }
        if NOT_TASKS.iter().any(|n| lower.contains(n)) || cited || petition || is_closing(&lower) {
            heading = None;
            stack.clear();
            continue;
        }
        let speakers = speakers(&seg.text, &lower, &all_units, issuer);
        let mentions: Vec<UnitMention> = all_units
            .into_iter()
            .zip(speakers)
            .filter(|(m, speaks)| m.role == Role::Named && !speaks)
            .map(|(m, _)| m)
            // The province's own committee, named bare ("UBND tỉnh"), assigns or receives: it is
            // not tasked in its own directives.
            .filter(|m| {
                let f = crate::domain::text::fold_name(&m.name);
                f != "ủy ban nhân dân tỉnh" && f != "ubnd tỉnh"
            })
            // "Nghị quyết … của Bộ Chính trị": the owner of a cited document is not tasked; nor
            // is the agent of a passive ("do Sở Giao thông Vận tải làm chủ đầu tư").
            .filter(|m| {
                let before = lower.get(..m.start).unwrap_or("").trim_end();
                let before = without_title(before);
                !(before.ends_with("của") || before.ends_with(" do") || before == "do")
            })
            .collect();
        // "X giao / yêu cầu / đề nghị Y …": when units follow the assigning word, those before it
        // are who speaks.
        let speaker_before = first_assigning.filter(|a| mentions.iter().any(|m| m.start >= *a));
        // "3. Về dự án X của tỉnh Y: giao Bộ Z …": what the item is about names no lead.
        let topic_end = topic_end(&seg.text);
        let named: Vec<UnitMention> = mentions
            .iter()
            .filter(|m| speaker_before.is_none_or(|a| m.start >= a))
            .filter(|m| m.start >= topic_end)
            // "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý …)": the members lead.
            .filter(|m| !(m.group && has_members(&seg.text, m, &mentions)))
            .cloned()
            .collect();
        // "1. Về việc rà soát dữ liệu" on a line of its own: the title of the items below.
        let opening_words = strip_marker(&lower);
        if (opening_words.starts_with("về ") || opening_words.starts_with("đối với "))
            && first_assigning.is_none()
            && topic_end == 0
            && (seg.top_level || seg.item)
            && !seg.text.trim_end().ends_with(['.', ';'])
        {
            continue;
        }
        if intro && named.is_empty() {
            // The duties that follow are the recipients' unless they name units of their own.
            if !recipients.is_empty() && heading.is_none() && !seg.continues {
                heading = Some(recipients.iter().map(|r| vec![r.clone()]).collect());
                push_heading(&mut stack, 0, &heading);
                blocks += 1;
            }
            continue;
        }
        let mut deadlines = find_all(&seg.text, ctx);
        // "Để hoàn thành dự án trước ngày 30/11, yêu cầu Bộ Y tế …": a date inside the purpose
        // is the goal's, not the work's.
        if let (true, Some(a)) = (strip_marker(&lower).starts_with("để "), first_assigning) {
            deadlines.retain(|d| d.start > a);
        }
        // "Thời gian hoàn thành: …" on the line after the item: its deadline, at its end.
        if let (true, Some(hint)) = (deadlines.is_empty(), &seg.time_hint) {
            deadlines = find_in_cell(hint, ctx)
                .into_iter()
                .map(|mut d| {
                    d.start = seg.text.len();
                    d.end = seg.text.len();
                    d
                })
                .collect();
        }
        if is_heading(&seg.text, &named) {
            heading = Some(leads_of(&seg.text, &named));
            push_heading(&mut stack, heading_depth(&seg), &heading);
            blocks += 1;
            continue;
        }
        // Under a heading, an item's own unit is one it opens with ("- Sở Y tế: …"); units named
        // further in are the objects of the work ("Huy động các lực lượng …").
        // A paragraph under a heading that opens with the work ("Khẩn trương chia sẻ … đến UBND
        // các phường") is the heading units' too.
        // Every unit the clause names: the coordinating units of a clause that goes on.
        let all_named = named.clone();
        let named = if heading.is_some() && seg.item {
            let marker = seg.text.len() - strip_marker(&seg.text).len();
            // "- Giao Sở Xây dựng chủ trì …": the unit right after the assigning word opens it.
            let verb = ["giao ", "đề nghị ", "yêu cầu "]
                .iter()
                .find(|v| lower[marker..].starts_with(*v))
                .map_or(0, |v| v.len());
            let opening = marker + verb;
            let own: Vec<UnitMention> = named
                .iter()
                // "(2) Đồng chí Giám đốc Sở X …": a title or a form of address before it.
                .filter(|m| {
                    let before = lower.get(opening.min(m.start)..m.start).unwrap_or("");
                    let before = without_title(before).trim();
                    let before = before.strip_suffix("đồng chí").unwrap_or(before).trim();
                    (m.start <= opening + 1 || before.is_empty()) && !m.group
                })
                .cloned()
                .collect();
            if own.is_empty() || verb == 0 {
                own
            } else {
                named
            }
        } else if heading.is_some() {
            // The work begins after the item's topic ("3. Về dự án đầu tư xây dựng …: Bộ Xây
            // dựng …").
            let work = first_work_cue_from(&lower, topic_end, &named);
            named.into_iter().filter(|m| m.start < work).collect()
        } else {
            named
        };
        // A numbered item with units of its own leaves the heading; all its units count again
        // (the coordinating ones after the work's first word too).
        let named = if seg.top_level && !named.is_empty() {
            heading = None;
            all_named.clone()
        } else {
            named
        };
        // A numbered item that opens with its units ("2. UBND huyện A, UBND huyện B sơ tán người
        // dân …") assigns whatever verb follows them.
        let marker = seg.text.len() - strip_marker(&seg.text).len();
        let opens_with_units = (seg.item || seg.top_level)
            && named.first().is_some_and(|m| m.start <= marker + 1)
            && first_list(&seg.text, &named.iter().collect::<Vec<_>>(), None)
                .last()
                .is_some_and(|m| seg.text[m.end..].split_whitespace().count() >= 2);
        let has_cue = opens_with_units || CUES.iter().any(|c| lower.contains(c));
        let deadline = telling_deadline(deadlines);
        // A clause that goes on with the work of the units its paragraph already tasked: only
        // the units it opens with lead; the others are whom the work concerns.
        let in_paragraph = seg.continues && !open.is_empty();
        // "…; đồng thời chỉ đạo Công an tỉnh …": the units the paragraph's lead directs are not
        // leads of their own.
        let own_leads = !in_paragraph || {
            let work = first_work_cue(&lower, &named);
            named
                .iter()
                .any(|m| m.start < work && !lower[..m.start].contains("chỉ đạo"))
        };
        // "Đề nghị Quý cơ quan …", or "UBND tỉnh yêu cầu:" over duties that name no unit: the
        // document's recipients are asked.
        let addressee_word = [
            "quý cơ quan",
            "quý đơn vị",
            "quý sở",
            "quý ủy ban",
            "quý bộ",
        ]
        .iter()
        .filter_map(|w| lower.find(w).map(|at| (at, at + w.len())))
        .min();
        // The words "Quý cơ quan" may read as a unit of their own: they are the recipients; the
        // units after them are what the work concerns.
        let unaddressed = match addressee_word {
            Some((a, b)) => named.iter().all(|m| m.start >= b || m.end > a),
            None => named.is_empty(),
        };
        let addressee_word = addressee_word.map(|(_, end)| end);
        if unaddressed && heading.is_none() && !recipients.is_empty() {
            let leads: Vec<Vec<String>> = recipients.iter().map(|r| vec![r.clone()]).collect();
            if let Some(from) = addressee_word {
                let first = tasks.len();
                for lead in leads {
                    tasks.push(ExtractedTask {
                        lead,
                        support: Vec::new(),
                        content: one_line(
                            &seg.text,
                            from,
                            deadline
                                .as_ref()
                                .filter(|d| dated(&Some((*d).clone())))
                                .map(|d| d.start),
                        ),
                        deadline: deadline.clone(),
                        quote: seg.text.clone(),
                        confidence: 0.6,
                        flags: vec!["implicit_lead".into()],
                        block: None,
                    });
                }
                open = (first..tasks.len()).collect();
                continue;
            }
            if seg.text.trim_end().ends_with(':') && first_assigning.is_some() && open.is_empty() {
                heading = Some(leads);
                push_heading(&mut stack, 0, &heading);
                blocks += 1;
                continue;
            }
        }
        if in_paragraph && !own_leads {
            open = continue_paragraph(
                &mut tasks, &open, &seg.text, &lower, &all_named, deadline, has_cue,
            );
            continue;
        }
        if named.is_empty() {
            if let Some(units) = &heading {
                if seg.item || seg.top_level || has_cue {
                    // The numbered conclusions under an intro are tasks of their own; the
                    // duties under a unit's heading make its block.
                    let block = (!(stack
                        .last()
                        .is_some_and(|(d, h)| *d == 0 && announced.as_ref() != Some(h))
                        && number_depth(&seg.text) == Some(1)))
                    .then_some(blocks);
                    open = attach_item(&mut tasks, units, &seg.text, deadline, block);
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
        let mut made = assign(
            &seg.text,
            &lower,
            &named,
            deadline,
            first_assigning,
            opens_with_units,
        );
        // "… nghiêm túc triển khai thực hiện; định kỳ … báo cáo kết quả": the call to carry out is
        // no task, but the clauses after it may give its units one.
        for t in made.iter_mut() {
            if is_generic(&t.content) && !dated(&t.deadline) {
                t.flags.push(GENERIC.into());
            }
        }
        if !seg.item && !seg.continues && first_assigning.is_some() {
            heading = None;
            stack.clear();
        }
        joint_addressee(&seg.text, &mut made);
        // "Giao Sở Y tế kiểm tra …. Sở Y tế báo cáo kết quả trước ngày 30/4.": a sentence that
        // only names the units already tasked again and gives a date, or asks them to report by
        // one, finishes their task.
        let base: &[usize] = if seg.continues {
            &open
        } else if !seg.item && !seg.top_level {
            &recent
        } else {
            &[]
        };
        if follows_up(&tasks, base, &made) {
            for &i in base {
                tasks[i].deadline.clone_from(&made[0].deadline);
                tasks[i].flags.clone_from(&made[0].flags);
                tasks[i].quote.push(' ');
                tasks[i].quote.push_str(&seg.text);
            }
            continue;
        }
        // A list of units and nothing to do ("Các Bộ: Tài chính, Xây dựng."): a heading when a
        // colon announces items, else no task.
        if made
            .iter()
            .all(|t| !t.content.chars().any(char::is_alphabetic) && !dated(&t.deadline))
        {
            if seg.text.trim_end().ends_with(':') {
                heading = Some(made.iter().map(|t| t.lead.clone()).collect());
                push_heading(&mut stack, heading_depth(&seg), &heading);
                blocks += 1;
            }
            continue;
        }
        // "UBND tỉnh yêu cầu Sở A, Sở B thực hiện các nội dung sau:" announces the items below
        // it: they are its units' duties unless they name units of their own.
        let announces = !seg.continues && !seg.item && seg.text.trim_end().ends_with(':');
        if (seg.top_level || announces) && !made.is_empty() {
            heading = Some(made.iter().map(|t| t.lead.clone()).collect());
            push_heading(&mut stack, heading_depth(&seg), &heading);
            if announces && !seg.top_level {
                announced.clone_from(&heading);
            }
            blocks += 1;
            for t in made.iter_mut() {
                t.block = Some(blocks);
                // "5. Bộ Tài chính chủ trì:" introduces the duties below it.
                if seg.text.trim_end().ends_with(':')
                    && (announces || t.content.split_whitespace().count() <= 8)
                {
                    t.flags.push(INTRO.into());
                }
            }
        }
        let first = tasks.len();
        tasks.extend(made);
        open = (first..tasks.len()).collect();
        recent.clone_from(&open);
    }
    merge_blocks(tasks)
}

/// Whether `made`, the tasks of a later sentence of the paragraph, only give the `open` tasks
/// their date: the same leads, undated until now, and work that is no more than reporting or
/// finishing ("báo cáo kết quả", "hoàn thành").
fn follows_up(tasks: &[ExtractedTask], open: &[usize], made: &[ExtractedTask]) -> bool {
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
        && ["báo cáo", "hoàn thành", "hoàn tất", "gửi kết quả"]
            .iter()
            .any(|w| content.starts_with(w))
}

/// A clause that tells how things stand: it opens with "đến nay", "tính đến", "thời gian qua",
/// or an aspect word of what is done, not yet done or under way (chưa, đang, vừa) comes before
/// its first word of work.
fn is_status(lower: &str, first_cue: Option<usize>) -> bool {
    const OPENINGS: &[&str] = &[
        "đến nay",
        "tính đến",
        "thời gian qua",
        "trong thời gian qua",
        "vừa qua",
        "qua kiểm tra",
        "qua theo dõi",
    ];
    const ASPECT: &[&str] = &[" chưa ", " đang ", " vừa "];
    let opening = strip_marker(lower);
    OPENINGS.iter().any(|o| opening.starts_with(o))
        || ASPECT
            .iter()
            .filter_map(|a| lower.find(a))
            .any(|at| first_cue.is_none_or(|c| at < c))
}

/// "Căn cứ tình hình thực tế, UBND các huyện chủ động …": the opening only frames the
/// sentence when, after its first comma, a named unit begins the clause and is given work.
fn framed_subject(lower: &str, units: &[UnitMention]) -> bool {
    let Some(comma) = lower.find(", ") else {
        return false;
    };
    units.iter().any(|m| {
        m.role == Role::Named && m.start > comma && lower[comma + 1..m.start].trim().is_empty() && {
            let rest = &lower[m.end..];
            let cue = CUES.iter().filter_map(|c| rest.find(c)).min();
            cue.is_some_and(|at| rest[..at].split_whitespace().count() <= 3)
        }
    })
}

/// Work that says only "carry it out" ("… và các đơn vị có liên quan triển khai thực hiện./."):
/// the closing call on every addressee, not a task of its own.
fn is_generic(content: &str) -> bool {
    const WORDS: &[&str] = &[
        "triển", "khai", "thực", "hiện", "tổ", "chức", "nghiêm", "túc", "các", "nội", "dung",
        "trên", "này", "văn", "bản", "theo", "quy", "định", "đúng", "kịp", "thời", "chỉ", "đạo",
        "nêu", "biết", "và", "có", "hiệu", "quả", "đầy", "đủ", "công", "tại", "thị", "điện", "kế",
        "hoạch",
    ];
    let words: Vec<String> = content
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty() && words.iter().all(|w| WORDS.contains(&w.as_str()))
}

/// Marks a task whose work is only "carry it out", dropped unless a later clause gives it work.
const GENERIC: &str = "generic";

/// Marks the task of a sentence that introduces a list of duties (it ends with ":").
const INTRO: &str = "intro";

/// The duties under one heading: when none has a date, one task per lead holds them all (a
/// unit's block of duties); otherwise each stays a task of its own and the introducing sentence,
/// which only named the units, is dropped.
fn merge_blocks(tasks: Vec<ExtractedTask>) -> Vec<ExtractedTask> {
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
                // "… thực hiện các nội dung sau:" says less of the work than its first item.
                if o.flags.iter().any(|f| f == INTRO) && !t.flags.iter().any(|f| f == INTRO) {
                    o.content.clone_from(&t.content);
                    o.flags.retain(|f| f != INTRO);
                }
                o.quote.push('\n');
                o.quote.push_str(&t.quote);
                for s in &t.support {
                    if !o.support.contains(s) {
                        o.support.push(s.clone());
                    }
                }
                if o.deadline.is_none() {
                    o.deadline = t.deadline.clone();
                }
            }
            None => out.push(t.clone()),
        }
    }
    out.retain(|t| !t.flags.iter().any(|f| f == GENERIC));
    // An announcement whose items all named units of their own ("… yêu cầu các sở, ngành thực
    // hiện các nhiệm vụ sau:" over "1. Sở Y tế: …") assigned nothing itself.
    let alone = |i: usize, t: &ExtractedTask| {
        t.flags.iter().any(|f| f == INTRO)
            && t.block.is_some()
            && i + 1 < out.len()
            && !out.iter().skip(i + 1).any(|o| o.block == t.block)
    };
    let keep: Vec<bool> = out.iter().enumerate().map(|(i, t)| !alone(i, t)).collect();
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
    for t in out.iter_mut() {
        t.flags.retain(|f| f != INTRO);
    }
    out
}

/// The end of an item's topic ("1. Về đề nghị của tỉnh A:"), or 0 when it opens with none.
fn topic_end(text: &str) -> usize {
    let body = strip_marker(text);
    let offset = text.len() - body.len();
    let lower = lower_in_place(body);
    if !(lower.starts_with("về ") || lower.starts_with("đối với ")) {
        return 0;
    }
    // "8. Về X: tăng Y: giao Bộ Nội vụ …": the topic runs to the last colon before the
    // assigning word.
    let assigning = assigning_verbs(&lower).first().map(|(at, _)| *at);
    let colon = match assigning {
        Some(a) => body[..a].rfind(':').or_else(|| body.find(':')),
        None => body.find(':'),
    };
    match colon {
        Some(c) if c + 1 < body.len() => offset + c + 1,
        _ => 0,
    }
}

/// Whether the group `g` is followed by its members in parentheses.
fn has_members(text: &str, g: &UnitMention, mentions: &[UnitMention]) -> bool {
    let after = text.get(g.end..).unwrap_or("");
    let Some(open) = after.find('(').filter(|i| after[..*i].trim().is_empty()) else {
        return false;
    };
    let open = g.end + open;
    let close = text[open..].find(')').map_or(text.len(), |c| open + c);
    mentions
        .iter()
        .any(|m| !m.group && m.start > open && m.end <= close)
}

/// Where the work of a clause begins: its first cue that is not an assigning word ("giao",
/// "yêu cầu", "đề nghị" name the units that follow them).
fn first_work_cue(lower: &str, named: &[UnitMention]) -> usize {
    CUES.iter()
        .filter(|c| !ASSIGNING.contains(c))
        .flat_map(|c| lower.match_indices(c).map(|(i, _)| i))
        .filter(|at| !named.iter().any(|m| m.start <= *at && *at < m.end))
        .min()
        .unwrap_or(lower.len())
}

/// The first cue at or after `from` outside unit names, or the text's end.
fn first_work_cue_from(lower: &str, from: usize, named: &[UnitMention]) -> usize {
    from + first_work_cue(
        lower.get(from..).unwrap_or(""),
        &named
            .iter()
            .filter(|m| m.start >= from)
            .map(|m| UnitMention {
                start: m.start - from,
                end: m.end - from,
                ..m.clone()
            })
            .collect::<Vec<_>>(),
    )
}

/// The deadline a sentence gives its task: the first date, which says more than a "khẩn
/// trương" or "ngay" before it; else the first deadline words.
fn telling_deadline(deadlines: Vec<FoundDeadline>) -> Option<FoundDeadline> {
    match deadlines.iter().position(|d| dated(&Some(d.clone()))) {
        Some(i) => deadlines.into_iter().nth(i),
        None => deadlines.into_iter().next(),
    }
}

/// The province a text is about: the one it names most often as "tỉnh X" (X capitalised).
fn province_of(body: &str) -> Option<String> {
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
fn province_subject(text: &str, province: &str) -> Option<UnitMention> {
    const ACTS: &[&str] = &[
        "cần",
        "phải",
        "tập trung",
        "tiếp tục",
        "chủ động",
        "khẩn trương",
        "tổ chức",
        "thực hiện",
        "căn cứ",
        "rà soát",
        "xem xét",
        "làm việc",
        "sớm",
        "khẩn",
    ];
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
fn marker_len(text: &str) -> usize {
    text.len() - strip_marker(text).len()
}

/// Whether a deadline ends a task: a date or a recurrence, not "khẩn trương" or "thường xuyên".
fn dated(d: &Option<FoundDeadline>) -> bool {
    // "Định kỳ" naming no period ("định kỳ đánh giá …") sets no rhythm to close a task with.
    d.as_ref()
        .is_some_and(|d| d.due.is_some() || d.recurring.as_deref().is_some_and(|r| r != "định kỳ"))
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
            if let Some(g) = t.flags.iter().position(|f| f == GENERIC) {
                if has_cue || deadline.is_some() {
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
fn assign(
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
    let before: Vec<&UnitMention> = named.iter().filter(|m| m.end <= lead_end).collect();
    let mut leads = first_list(text, &before, assigning);
    if leads.is_empty() {
        // "… giao cho Sở A" after the verb: the first unit named leads.
        leads.push(&named[0]);
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

/// Whether `rest`, the words after a clause's subject, can open its predicate: not a
/// preposition, a conjunction or a relative word ("trong", "tại", "của", "và", "nêu trên").
/// "theo chức năng …" and "trong phạm vi …" qualify the subject and a verb follows them, so they
/// pass; so does an aside in brackets when what follows it passes.
fn opens_predicate(rest: &str) -> bool {
    // Not "của", "thuộc", "trong", "tại", "từ … đến …", which may extend the subject ("các
    // địa phương trong vùng bão", "UBND các tỉnh từ Hà Tĩnh đến Khánh Hòa"), nor "cho" ("cho ý
    // kiến") or "là" ("là cơ quan đầu mối, chủ trì").
    const NOT_PREDICATE: &[&str] = &["và", "hoặc", "hay", "về", "với", "bởi", "do", "mà"];
    const QUALIFIERS: &[&str] = &[
        "trong phạm vi",
        "trong thời hạn",
        "trong vòng",
        "trong tháng",
    ];
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-'));
    if let Some(inner) = rest.strip_prefix('(') {
        return inner
            .find(')')
            .is_none_or(|close| opens_predicate(&inner[close + 1..]));
    }
    if QUALIFIERS.iter().any(|q| rest.starts_with(q)) {
        return true;
    }
    let first = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    !NOT_PREDICATE.contains(&first)
}

/// A directive to the Party secretary and the committee chairman together ("Bí thư Tỉnh ủy và
/// Chủ tịch UBND các tỉnh: …") names both offices in each lead, as the text does.
fn joint_addressee(text: &str, tasks: &mut [ExtractedTask]) {
    let lower = lower_in_place(text);
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

/// Whether the words between two unit names only join them into one list ("Sở A, Sở B và Chủ
/// tịch UBND huyện C").
fn joins_list(gap: &str) -> bool {
    let words = gap
        .trim_matches(|c: char| c == ',' || c == ';' || c == '&' || c.is_whitespace())
        .to_lowercase();
    // "A, B", "A và B", "Bộ trưởng Bộ X, Bộ trưởng Bộ Y": a title repeated before each member
    // joins the list as a comma does.
    let title = words
        .strip_prefix("và")
        .or_else(|| words.strip_prefix("cùng"))
        .unwrap_or(&words)
        .trim_start();
    let title = title.strip_prefix("đồng chí").unwrap_or(title).trim_start();
    if title.is_empty() || super::units::is_title(title) {
        return true;
    }
    // "…, Xây dựng; UBND các huyện: Phong Điền, …": the head of the next shorthand list.
    words.ends_with(':')
        && words
            .trim_end_matches(':')
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

/// The units of one list: the first run of names joined only by commas, "và" and titles, after
/// the assigning word when there is one. Units named further on ("làm việc với công ty A")
/// are whom the work concerns.
fn first_list<'a>(
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
fn group_leads<'a>(text: &str, groups: impl Iterator<Item = &'a UnitMention>) -> Vec<String> {
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
fn leads_of(text: &str, named: &[UnitMention]) -> Vec<Vec<String>> {
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
fn attach_item(
    tasks: &mut Vec<ExtractedTask>,
    leads: &[Vec<String>],
    text: &str,
    deadline: Option<FoundDeadline>,
    heading_block: Option<usize>,
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
                    block: heading_block,
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
    let before = lower_in_place(text.get(..named[0].start).unwrap_or(""));
    // "1. Chủ tịch UBND các huyện:", "3. Giám đốc Sở Y tế:": the addressee's title.
    let before = without_title(strip_marker(&before).trim());
    let before_ok = before.is_empty()
        || ["giao", "đối với", "đề nghị", "yêu cầu"]
            .iter()
            .any(|w| before.ends_with(w));
    let rest = rest.trim_start_matches(')').trim();
    let bare_item = is_item(text) || is_top_level(text);
    before_ok
        && ((trimmed.ends_with(':') && (rest == ":" || rest.is_empty()))
            || (bare_item && rest.is_empty()))
}

/// `before` (lower case) without the title that ends it: "… của bộ trưởng" → "… của".
fn without_title(before: &str) -> &str {
    const TITLES: &[&str] = &[
        "chủ tịch",
        "phó chủ tịch",
        "giám đốc",
        "thủ trưởng",
        "bộ trưởng",
        "thống đốc",
        "chỉ huy trưởng",
        "chánh văn phòng",
        "trưởng ban",
        "tổng giám đốc",
        "bí thư",
        "đồng chí",
    ];
    let b = before.trim_end();
    TITLES
        .iter()
        .filter_map(|t| b.strip_suffix(t))
        .map(str::trim_end)
        .min_by_key(|r| r.len())
        .unwrap_or(b)
}

/// The first cue at or after `from` that is not part of a unit's name ("Bộ Xây dựng").
fn first_cue_after(lower: &str, from: usize, named: &[UnitMention]) -> Option<usize> {
    CUES.iter()
        .flat_map(|c| {
            lower
                .get(from..)
                .unwrap_or("")
                .match_indices(c)
                .map(move |(i, _)| i + from)
        })
        .filter(|at| !named.iter().any(|m| m.start <= *at && *at < m.end))
        .min()
}

/// `text[from..to]` as one trimmed line, without leading punctuation and joining words.
fn one_line(text: &str, from: usize, to: Option<usize>) -> String {
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
fn coordinating<'a>(
    lower: &str,
    named: &'a [UnitMention],
) -> impl Iterator<Item = &'a UnitMention> {
    let start = lower.find("phối hợp").unwrap_or(usize::MAX);
    let end = lower
        .find("phối hợp")
        .and_then(|p| first_cue_after(lower, p + "phối hợp".len(), named))
        .unwrap_or(lower.len());
    named
        .iter()
        .filter(move |m| m.start >= start && m.start < end)
}

/// The flags a task takes from its deadline (urgent, continuous, before issue …).
fn deadline_flags(deadline: &Option<FoundDeadline>) -> Vec<String> {
    deadline
        .as_ref()
        .map(|d| d.flags.iter().map(flag_name).collect())
        .unwrap_or_default()
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
    /// The time a labelled field after the paragraph gives it.
    time_hint: Option<String>,
}

/// The body cut into segments: wrapped lines joined back, then paragraphs, sentences and clauses.
fn segments(body: &[Para]) -> Vec<Segment> {
    let mut out = Vec::new();
    for Para {
        text: para,
        time_hint,
    } in body
    {
        let item = is_item(para);
        let top_level = is_top_level(para);
        for (i, sentence) in sentences(para).into_iter().enumerate() {
            let mut j = 0;
            let mut pending = String::new();
            // A meeting's framing or a closing is read whole: its later clauses ("…; Kho bạc
            // Nhà nước tỉnh; …") only go on listing who attended or who carries it out.
            let lower = lower_in_place(&sentence);
            let whole = FRAMING.iter().any(|f| lower.contains(f));
            let clauses: Vec<&str> = if whole {
                vec![sentence.as_str()]
            } else {
                sentence.split(';').collect()
            };
            for clause in clauses {
                let clause = clause.trim();
                if clause.is_empty() {
                    continue;
                }
                if !pending.is_empty() {
                    pending.push_str("; ");
                }
                pending.push_str(clause);
                // "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND cấp xã …": a clause that only
                // names units lists them with the next one.
                // "Sở A chủ trì, phối hợp với Sở B; Sở C và UBND các huyện rà soát …": a
                // semicolon inside the partners does not end the clause.
                if only_units(&pending) || in_partner_list(&pending) {
                    continue;
                }
                out.push(Segment {
                    text: std::mem::take(&mut pending),
                    item: item && i == 0 && j == 0,
                    top_level: top_level && i == 0 && j == 0,
                    continues: i > 0 || j > 0,
                    time_hint: time_hint.clone(),
                });
                j += 1;
            }
            if !pending.is_empty() {
                out.push(Segment {
                    text: pending,
                    item: item && i == 0 && j == 0,
                    top_level: top_level && i == 0 && j == 0,
                    continues: i > 0 || j > 0,
                    time_hint: time_hint.clone(),
                });
            }
        }
    }
    out
}

/// A list run into one line ("… trước ngày 13/11/2026. 2. Giao Sở Tài chính …", as an edXML
/// Content field or a web page gives it) put back one item per line.
fn unflatten_lists(body: &str) -> std::borrow::Cow<'_, str> {
    static INLINE_ITEM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"([.;:])[ \t]+((?:\d{1,2}|[IVX]{1,4})\.|[a-zđ]\)|\(\d{1,2}\))[ \t]+(\p{Lu})",
        )
        .expect("compiles")
    });
    INLINE_ITEM.replace_all(body, "$1\n$2 $3")
}

/// Whether `clause` names units and nothing else (but a list marker and titles).
/// Whether `clause` ends among the partners it names after "phối hợp (với)", before any work.
fn in_partner_list(clause: &str) -> bool {
    let lower = lower_in_place(clause);
    let Some(at) = lower.rfind("phối hợp") else {
        return false;
    };
    let rest = clause[at + "phối hợp".len()..].trim_start();
    let rest = ["chặt chẽ với", "với"]
        .iter()
        .find_map(|w| {
            lower[lower.len() - rest.len()..]
                .starts_with(w)
                .then(|| &rest[w.len()..])
        })
        .unwrap_or(rest);
    only_units(rest)
}

fn only_units(clause: &str) -> bool {
    let units = find_units(clause);
    if units.is_empty() {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for m in &units {
        rest.push_str(clause.get(at..m.start).unwrap_or(""));
        rest.push(' ');
        at = m.end.max(at);
    }
    rest.push_str(clause.get(at..).unwrap_or(""));
    let rest = strip_marker(&rest).to_lowercase();
    rest.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            [
                "và",
                "thủ",
                "trưởng",
                "chủ",
                "tịch",
                "giám",
                "đốc",
                "các",
                "cùng",
                "chánh",
                // "Giao các Sở: Tài chính, Xây dựng; UBND các huyện: A, B …"
                "giao",
                "đề",
                "nghị",
                "yêu",
                "cầu",
                // the head of a shorthand list ("các Sở: Tài chính, Xây dựng")
                "sở",
                "bộ",
                "ban",
                "ngành",
            ]
            .contains(&w)
        })
}

/// Lines joined into paragraphs: a line break inside a sentence (a PDF's wrapping) is a space;
/// a break after sentence-ending punctuation, or before a list marker, ends the paragraph.
fn paragraphs(body: &str) -> Vec<String> {
    let body = unflatten_lists(body);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut last_line_chars = 0;
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let ends_sentence = current.trim_end().ends_with(['.', ';', ':', '!', '?']);
        // A short line before a capital is a heading ("1.1. Giao Sở Xây dựng"), not a line a
        // PDF wrapped: those run to the margin.
        let heading_line =
            last_line_chars < 60 && line.chars().next().is_some_and(char::is_uppercase);
        // "… Đài Phát thanh\n- Truyền hình …": a PDF wrapped a name at its hyphen; a line that
        // ran to the margin without ending a sentence goes on.
        let wrapped =
            !ends_sentence && (60..=110).contains(&last_line_chars) && line.starts_with("- ");
        last_line_chars = line.chars().count();
        if !current.is_empty()
            && (ends_sentence
                || heading_line
                || ((is_item(line) || is_top_level(line)) && !wrapped)
                // "Cơ quan chủ trì: …" on a line of its own is a field of a plan's block.
                || super::fields::field(line).is_some())
        {
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
        // A year ("… trong năm 2018. Chủ tịch …") ends a sentence.
        let abbreviation = before_word.chars().count() <= 4
            && before_word
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit())
            && !(before_word.len() >= 3 && before_word.chars().all(|c| c.is_ascii_digit()))
            || (before_word.chars().count() <= 8
                && before_word.contains('.')
                && before_word.chars().all(|c| c.is_ascii_digit() || c == '.'));
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

/// A line without its list marker: bullets ("-", "+", "•"), then an enumerator — "a)", "đ)",
/// "(1)", "(iii)", "1)", "1.", "1.2.", "II." — and the spaces after them. The Vietnamese item
/// alphabet has "đ" (a, b, c, d, đ, e …), so letters are any letters, as [`is_item`] reads them.
fn strip_marker(s: &str) -> &str {
    let t = s.trim_start();
    let t = t.trim_start_matches(['-', '+', '•', '–', '*']).trim_start();
    // "(1)", "(iii)", "(a)"
    if let Some(rest) = t.strip_prefix('(') {
        if let Some(close) = rest.find(')') {
            let inner = &rest[..close];
            if (1..=4).contains(&inner.chars().count()) && inner.chars().all(char::is_alphanumeric)
            {
                return rest[close + 1..].trim_start();
            }
        }
        return t;
    }
    // "a)", "đ)", "10)"
    if let Some(close) = t.find(')') {
        let inner = &t[..close];
        if (1..=3).contains(&inner.chars().count()) && inner.chars().all(char::is_alphanumeric) {
            return t[close + 1..].trim_start();
        }
    }
    // "1.", "1.2.", "II.", "a."
    let end = t
        .char_indices()
        .take_while(|(_, c)| {
            c.is_ascii_digit() || c.is_ascii_lowercase() || "IVXLivxl.".contains(*c)
        })
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let candidate = &t[..end];
    if !candidate.is_empty() && candidate.ends_with('.') && candidate.len() <= 6 {
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

/// The depth of "a)" and "-" headings: deeper than any number.
const LETTERED: usize = 100;

/// The depth a heading set by `seg` takes in the stack of headings.
fn heading_depth(seg: &Segment) -> usize {
    match number_depth(&seg.text) {
        Some(d) => d,
        None if seg.item => LETTERED,
        None => 0,
    }
}

/// Makes `heading` the innermost heading at `depth`, closing those as deep or deeper.
fn push_heading(
    stack: &mut Vec<(usize, Vec<Vec<String>>)>,
    depth: usize,
    heading: &Option<Vec<Vec<String>>>,
) {
    while stack.last().is_some_and(|(d, _)| *d >= depth) {
        stack.pop();
    }
    if let Some(h) = heading {
        stack.push((depth, h.clone()));
    }
}

/// How deep an item's number is: "2." is 1, "2.1." is 2; none for other markers.
fn number_depth(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let number: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let parts = number.split('.').filter(|p| !p.is_empty()).count();
    (parts > 0 && number.ends_with('.')).then_some(parts)
}

/// A part of the document: "II. …" or "Điều 2. …".
fn is_section(line: &str) -> bool {
    let t = line.trim_start();
    let roman: String = t.chars().take_while(|c| "IVXL".contains(*c)).collect();
    (!roman.is_empty() && t[roman.len()..].starts_with('.')) || t.starts_with("Điều ")
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
    fn a_title_repeated_before_each_unit_joins_the_list() {
        let t = ctx_tasks("Bộ trưởng Bộ Tư pháp, Bộ trưởng Bộ Nội vụ chỉ đạo rà soát thủ tục.");
        assert_eq!(leads(&t), ["Bộ Tư pháp", "Bộ Nội vụ"], "{t:?}");
    }

    #[test]
    fn an_item_opening_with_its_own_subject_is_not_its_headings() {
        let t = ctx_tasks("2. Đề nghị Sở Y tế, Sở Tài chính tập trung các việc sau:\n(1) Sở Y tế chỉ đạo các bệnh viện phối hợp với Sở Tài chính rà soát giá dịch vụ.\n(2) Đồng chí Giám đốc Sở Tài chính trực tiếp chỉ đạo thẩm định dự toán.");
        let l = leads(&t);
        assert!(l.iter().filter(|x| *x == "Sở Y tế").count() >= 1, "{t:?}");
        // Each item is its own subject's; the heading's other unit is not added to it.
        for task in &t {
            if task.quote.starts_with("(1)") {
                assert_eq!(task.lead, ["Sở Y tế"], "{t:?}");
            }
            if task.quote.starts_with("(2)") {
                assert_eq!(task.lead, ["Sở Tài chính"], "{t:?}");
            }
        }
    }

    #[test]
    fn every_item_marker_is_stripped_as_it_is_recognised() {
        for (line, rest) in [
            ("a) Sở Y tế kiểm tra", "Sở Y tế kiểm tra"),
            ("đ) Sở Y tế kiểm tra", "Sở Y tế kiểm tra"),
            ("(1) Bộ Y tế chỉ đạo", "Bộ Y tế chỉ đạo"),
            ("(iii) Bộ Y tế chỉ đạo", "Bộ Y tế chỉ đạo"),
            ("- (2) Bộ Công an", "Bộ Công an"),
            ("1.2. Sở Tài chính", "Sở Tài chính"),
            ("II. Nhiệm vụ", "Nhiệm vụ"),
            ("+ Sở Nội vụ", "Sở Nội vụ"),
            ("(Chủ đầu tư) thực hiện", "(Chủ đầu tư) thực hiện"),
        ] {
            assert_eq!(strip_marker(line), rest, "{line}");
            if line.starts_with(['a', 'đ', '(', '-', '+']) && !line.starts_with("(C") {
                assert!(is_item(line), "{line}");
            }
        }
    }

    #[test]
    fn wrapped_lines_are_joined_and_items_kept_apart() {
        let body = "1. Giao Sở Công Thương chủ trì, phối hợp với\ncác cơ quan liên quan kiểm tra thị trường.\n- Một ý.\n- Ý khác";
        let p = paragraphs(body);
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].contains("phối hợp với các cơ quan"));
    }

    #[test]
    fn no_clause_of_a_legal_basis_assigns() {
        let t = ctx_tasks("Căn cứ Luật Ngân sách nhà nước; Thông báo số 5/TB-VP của Tổ giúp việc Ban chỉ đạo tỉnh về chuyển đổi số; Kế hoạch số 9/KH-UBND của Ủy ban nhân dân tỉnh về triển khai thực hiện Đề án;\nGiao Sở Nội vụ rà soát biên chế.");
        assert_eq!(leads(&t), ["Sở Nội vụ"], "{t:?}");
    }

    #[test]
    fn an_opening_basis_that_frames_a_units_work_is_no_citation() {
        let t = ctx_tasks(
            "Căn cứ tình hình thực tế, Sở Giáo dục và Đào tạo chủ động điều chỉnh lịch học.",
        );
        assert_eq!(leads(&t), ["Sở Giáo dục và Đào tạo"], "{t:?}");
        let t = ctx_tasks("Căn cứ Quyết định số 12/QĐ-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh, Sở Y tế tổ chức kiểm tra các cơ sở.");
        assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
        let t = ctx_tasks("Căn cứ Quyết định số 12/QĐ-UBND ngày 5/3/2024 của Ủy ban nhân dân tỉnh về việc giao nhiệm vụ cho Sở Y tế.");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn a_plans_time_column_of_years_gives_each_row_its_deadline() {
        let t = ctx_tasks("STT\nNhiệm vụ\nChủ trì\nPhối hợp\nThời gian\n1\nXây dựng cơ sở dữ liệu ngành.\nSở Tài chính\nCác sở, ngành\n2026\n2\nPhát triển hạ tầng số.\nSở Khoa học và Công nghệ\nCác sở, ngành\n2025 - 2030\n");
        let due: Vec<_> = t
            .iter()
            .map(|x| {
                x.deadline
                    .as_ref()
                    .and_then(|d| d.due)
                    .map(|d| d.to_string())
            })
            .collect();
        assert_eq!(
            leads(&t),
            ["Sở Tài chính", "Sở Khoa học và Công nghệ"],
            "{t:?}"
        );
        assert_eq!(
            due,
            [
                Some("2026-12-31".to_string()),
                Some("2030-12-31".to_string())
            ],
            "{t:?}"
        );
    }

    #[test]
    fn items_announced_by_a_sentence_are_its_units_duties() {
        let t = ctx_tasks("Ủy ban nhân dân tỉnh yêu cầu Sở Y tế, Sở Tài chính thực hiện các nội dung sau:\n1. Rà soát giá dịch vụ khám bệnh.\n2. Công khai danh mục thuốc.\n3. Báo cáo kết quả trước ngày 30/4/2024.");
        // Per unit: the undated items make one task, the dated one a task of its own.
        assert_eq!(
            leads(&t),
            ["Sở Y tế", "Sở Tài chính", "Sở Y tế", "Sở Tài chính"],
            "{t:?}"
        );
        let undated = t
            .iter()
            .find(|x| x.deadline.is_none())
            .expect("an undated task");
        assert!(undated.content.starts_with("Rà soát"), "{t:?}");
        assert!(undated.quote.contains("Công khai danh mục"), "{t:?}");
        let dated: Vec<_> = t.iter().filter_map(|x| x.deadline.as_ref()?.due).collect();
        assert_eq!(dated.len(), 2, "{t:?}");
    }

    #[test]
    fn an_announcement_whose_items_name_their_own_units_assigns_nothing_itself() {
        let t = ctx_tasks("Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành thực hiện các nhiệm vụ sau:\n1. Sở Y tế rà soát giá dịch vụ khám bệnh.\n2. Sở Tài chính bố trí kinh phí.");
        assert_eq!(leads(&t), ["Sở Y tế", "Sở Tài chính"], "{t:?}");
    }

    #[test]
    fn a_unit_followed_by_no_predicate_is_not_the_subject() {
        // The name was cut short: what follows is more of a noun phrase, not work.
        let t = ctx_tasks("Cục Quản lý nhà và thị trường bất động sản tổ chức kiểm tra.");
        assert!(t.is_empty(), "{t:?}");
        let t = ctx_tasks("Sở Tài chính về việc bố trí kinh phí đã có ý kiến tại Công văn số 12.");
        assert!(t.is_empty(), "{t:?}");
        // A list that goes on after "và", a qualifier, an aside: the subject still works.
        let t = ctx_tasks("Sở Y tế và Sở Tài chính tổ chức kiểm tra.");
        assert_eq!(leads(&t), ["Sở Y tế", "Sở Tài chính"], "{t:?}");
        let t = ctx_tasks("Sở Xây dựng (Chủ đầu tư) khẩn trương hoàn thiện hồ sơ.");
        assert_eq!(leads(&t), ["Sở Xây dựng"], "{t:?}");
        let t = ctx_tasks("Các địa phương trong vùng bão khẩn trương sơ tán dân.");
        assert_eq!(t.len(), 1, "{t:?}");
    }

    #[test]
    fn a_semicolon_among_the_partners_does_not_end_the_clause() {
        let t = ctx_tasks("1. Sở Y tế chủ trì, phối hợp với Sở Tài chính; Sở Nội vụ và Ủy ban nhân dân các huyện rà soát giá dịch vụ.");
        assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
        assert_eq!(
            t[0].support,
            ["Sở Tài chính", "Sở Nội vụ", "Ủy ban nhân dân các huyện"],
            "{t:?}"
        );
        assert!(t[0].content.starts_with("rà soát"), "{t:?}");
    }

    #[test]
    fn units_a_lead_directs_or_guides_are_not_leads() {
        let t = ctx_tasks("3. Sở Nông nghiệp và Môi trường chỉ đạo Chi cục Thủy lợi, hướng dẫn Ủy ban nhân dân các xã gia cố đê điều.");
        assert_eq!(leads(&t), ["Sở Nông nghiệp và Môi trường"], "{t:?}");
        let t = ctx_tasks("4. Ủy ban nhân dân các huyện đôn đốc các hợp tác xã thu hoạch lúa; hướng dẫn Hội Nông dân tỉnh vận động nông dân.");
        assert_eq!(leads(&t), ["Ủy ban nhân dân các huyện"], "{t:?}");
    }

    #[test]
    fn a_group_opening_a_sentence_with_a_date_is_tasked() {
        let t = ctx_tasks(
            "Các sở, ngành tỉnh rà soát danh mục dự án, gửi Sở Tài chính trước ngày 15/3/2024.",
        );
        assert_eq!(leads(&t), ["Các sở, ngành tỉnh"], "{t:?}");
        // Without a date, a group and an ordinary verb describe, as plans' objectives do.
        let t = ctx_tasks("Các sở, ngành tỉnh rà soát danh mục dự án.");
        assert!(t.is_empty(), "{t:?}");
    }

    #[test]
    fn how_things_stand_is_no_task() {
        for s in [
            "Đến nay, Sở Tài chính chưa hoàn thành việc thẩm định.",
            "Sở Y tế đang triển khai kiểm tra các cơ sở.",
            "Thời gian qua, Sở Y tế đã tổ chức kiểm tra 120 cơ sở.",
            "Sở Tư pháp chịu trách nhiệm trước Chủ tịch UBND tỉnh về kết quả thẩm định.",
        ] {
            let t = ctx_tasks(s);
            assert!(t.is_empty(), "{s}: {t:?}");
        }
        // A unit that has not yet done it, given a date, is tasked.
        let t = ctx_tasks("Sở Tài chính chưa gửi báo cáo, hoàn thành trước ngày 15/3/2024.");
        assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
        // Accountability that announces duties heads them.
        let t = ctx_tasks("Sở Tư pháp chịu trách nhiệm trước Chủ tịch UBND tỉnh các nội dung sau:\n- Thẩm định văn bản.");
        assert_eq!(leads(&t), ["Sở Tư pháp"], "{t:?}");
    }

    #[test]
    fn a_date_inside_the_purpose_is_not_the_works() {
        let t = ctx_tasks("Để hoàn thành công trình trước ngày 30/11/2024, yêu cầu Sở Xây dựng tập trung chỉ đạo nhà thầu.");
        assert_eq!(leads(&t), ["Sở Xây dựng"], "{t:?}");
        assert!(t[0].deadline.is_none(), "{t:?}");
        let t = ctx_tasks("Để bảo đảm tiến độ, yêu cầu Sở Xây dựng báo cáo trước ngày 30/11/2024.");
        assert_eq!(
            t[0].deadline
                .as_ref()
                .and_then(|d| d.due)
                .map(|d| d.to_string()),
            Some("2024-11-30".into()),
            "{t:?}"
        );
    }

    #[test]
    fn a_sentence_that_only_dates_the_task_before_extends_it() {
        let t = ctx_tasks("Giao Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh. Sở Y tế báo cáo kết quả trước ngày 30/4/2024.");
        assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
        let t = ctx_tasks("Giao Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh.\nSở Y tế báo cáo kết quả trước ngày 30/4/2024.");
        assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
        assert_eq!(
            t[0].deadline
                .as_ref()
                .and_then(|d| d.due)
                .map(|d| d.to_string()),
            Some("2024-04-30".into()),
            "{t:?}"
        );
        assert!(t[0].content.starts_with("kiểm tra"), "{t:?}");
        // Other work with a date of its own is a task of its own.
        let t = ctx_tasks("Giao Sở Y tế chủ trì kiểm tra các cơ sở khám bệnh. Sở Y tế xây dựng quy chế phối hợp trước ngày 30/4/2024.");
        assert_eq!(leads(&t), ["Sở Y tế", "Sở Y tế"], "{t:?}");
    }

    #[test]
    fn a_section_of_duties_naming_no_unit_is_the_addressees() {
        let body = "Ủy ban nhân dân tỉnh có ý kiến như sau:\nI. Tình hình\nNăm qua, tình hình dịch bệnh diễn biến phức tạp.\nII. Nhiệm vụ, giải pháp\n1. Tăng cường kiểm tra các cơ sở khám bệnh.\n2. Rà soát danh mục thuốc, báo cáo trước ngày 30/4/2024.";
        let t = addressed_tasks(body, &["Sở Y tế"]);
        assert_eq!(leads(&t), ["Sở Y tế", "Sở Y tế"], "{t:?}");
        assert!(t[0].content.starts_with("Tăng cường"), "{t:?}");
        // Without an addressee, nobody is guessed.
        assert!(ctx_tasks(body).is_empty());
    }

    fn ctx_tasks(body: &str) -> Vec<ExtractedTask> {
        addressed_tasks(body, &[])
    }

    fn addressed_tasks(body: &str, recipients: &[&str]) -> Vec<ExtractedTask> {
        let cal = crate::calendar::Calendar::shipped().unwrap();
        let ctx = DeadlineContext {
            issued: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
            calendar: &cal,
        };
        let recipients: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
        extract_tasks(
            body,
            &ctx,
            Some("Ủy ban nhân dân tỉnh Hậu Giang"),
            &recipients,
        )
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

    fn leads(t: &[ExtractedTask]) -> Vec<String> {
        t.iter().map(|x| x.lead.join(" + ")).collect()
    }

    fn due(t: &ExtractedTask) -> Option<chrono::NaiveDate> {
        t.deadline.as_ref().and_then(|d| d.due)
    }

    #[test]
    fn the_clauses_of_a_paragraph_are_one_task_until_a_deadline_or_a_new_chu_tri() {
        let t = ctx_tasks("3. Sở Y tế khẩn trương rà soát cơ số thuốc; bổ sung vật tư cho các trạm y tế, hoàn thành trước ngày 30/4/2024; chủ trì, phối hợp với Sở Tài chính lập dự toán kinh phí.");
        assert_eq!(leads(&t), ["Sở Y tế", "Sở Y tế"], "{t:?}");
        assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 30));
        assert_eq!(t[1].support, ["Sở Tài chính"]);
        assert_eq!(due(&t[1]), None);
    }

    #[test]
    fn a_director_told_to_direct_others_is_the_lead() {
        let t = ctx_tasks("2. Giám đốc Sở Nông nghiệp và Môi trường chỉ đạo các trạm khuyến nông hướng dẫn nông dân xuống giống đúng lịch.");
        assert_eq!(leads(&t), ["Sở Nông nghiệp và Môi trường"], "{t:?}");
    }

    #[test]
    fn a_units_duties_with_no_date_are_one_block() {
        let t = ctx_tasks("1. Sở Xây dựng:\na) Rà soát các công trình xuống cấp.\nb) Hướng dẫn các huyện lập hồ sơ sửa chữa.\n2. Sở Tài chính:\na) Cân đối nguồn vốn sửa chữa.\nb) Báo cáo UBND tỉnh trước ngày 15/5/2024.");
        assert_eq!(
            leads(&t),
            ["Sở Xây dựng", "Sở Tài chính", "Sở Tài chính"],
            "{t:?}"
        );
        // A dated duty in the list keeps each duty a task of its own.
        assert_eq!(due(&t[2]), chrono::NaiveDate::from_ymd_opt(2024, 5, 15));
    }

    #[test]
    fn groups_named_together_are_one_lead_as_written() {
        let t = ctx_tasks("Giao các sở, ban, ngành và UBND các huyện, thị xã, thành phố tổ chức kiểm tra an toàn thực phẩm.");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].lead.len(), 1, "{t:?}");
        assert!(t[0].lead[0].contains(" và UBND các huyện"), "{t:?}");
    }

    #[test]
    fn a_groups_members_in_parentheses_lead_each_their_own_task() {
        let t = ctx_tasks("1. Các cơ quan chuyên môn (Sở Y tế, Sở Nội vụ) có trách nhiệm tổng hợp số liệu hằng quý.");
        assert_eq!(leads(&t), ["Sở Y tế", "Sở Nội vụ"], "{t:?}");
    }

    #[test]
    fn what_was_assigned_before_done_or_attended_is_not_a_task() {
        for s in [
            "UBND huyện đã giao Phòng Nội vụ rà soát hồ sơ của các xã.",
            "Tuyến đường được sửa chữa năm 2020 do Sở Giao thông Vận tải làm chủ đầu tư.",
            "Cùng dự họp có lãnh đạo Sở Tài chính, Sở Xây dựng.",
            "Yêu cầu Giám đốc các sở và Chủ tịch UBND các huyện triển khai thực hiện./.",
            "Thay mặt UBND tỉnh, biểu dương Sở Y tế đã chủ động phòng chống dịch.",
        ] {
            assert!(ctx_tasks(s).is_empty(), "{s}: {:?}", ctx_tasks(s));
        }
    }

    #[test]
    fn an_items_topic_names_no_lead() {
        let t = ctx_tasks(
            "2. Về đề nghị của UBND huyện Phong Điền: giao Sở Tài chính xem xét, trả lời.",
        );
        assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
    }

    #[test]
    fn units_the_work_concerns_are_not_leads() {
        let t = ctx_tasks("Giao Sở Công Thương làm việc với Công ty Điện lực tỉnh và các nhà đầu tư để thống nhất phương án cấp điện, báo cáo trước ngày 20/3/2024.");
        assert_eq!(leads(&t), ["Sở Công Thương"], "{t:?}");
    }

    #[test]
    fn a_citation_opens_a_sentence_but_a_document_cited_in_the_work_does_not_silence_it() {
        assert!(ctx_tasks("Căn cứ đề nghị của Sở Nội vụ tại Tờ trình số 12/TTr-SNV.").is_empty());
        let t = ctx_tasks("Sở Văn hóa và Thể thao nghiên cứu, xem xét đề nghị của UBND huyện A tại văn bản nêu trên.");
        assert_eq!(leads(&t), ["Sở Văn hóa và Thể thao"], "{t:?}");
    }

    #[test]
    fn a_plan_table_gives_a_task_per_row() {
        let t = ctx_tasks("III. Nhiệm vụ cụ thể\nTT\nNội dung\nCơ quan chủ trì\nCơ quan phối hợp\nThời gian thực hiện\n1\nXây dựng cơ sở dữ liệu giá đất\nSở Nông nghiệp và Môi trường\nSở Tài chính\nQuý III/2024\n2\nTuyên truyền về giá đất\nĐài Phát thanh và Truyền hình tỉnh\nThường xuyên");
        assert_eq!(
            leads(&t),
            [
                "Sở Nông nghiệp và Môi trường",
                "Đài Phát thanh và Truyền hình tỉnh"
            ],
            "{t:?}"
        );
        assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 9, 30));
        assert_eq!(t[0].support, ["Sở Tài chính"]);
        assert_eq!(due(&t[1]), None);
    }

    #[test]
    fn a_list_run_into_one_line_is_read_item_by_item() {
        let t = ctx_tasks("Chủ tịch UBND tỉnh chỉ đạo: 1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tư pháp rà soát quy chế, báo cáo trước ngày 10/4/2024. 2. Sở Y tế kiểm tra các phòng khám tư nhân.");
        assert_eq!(leads(&t), ["Sở Nội vụ", "Sở Y tế"], "{t:?}");
        assert_eq!(t[0].support, ["Sở Tư pháp"]);
        assert!(t[0].content.starts_with("rà soát quy chế"), "{t:?}");
        assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 10));
    }

    #[test]
    fn work_asked_of_the_reader_goes_to_the_documents_recipients() {
        let t = addressed_tasks(
            "Đề nghị Quý cơ quan rà soát số liệu tiêm chủng của các trạm y tế, báo cáo trước ngày 20/5/2024.",
            &["Sở Y tế"],
        );
        assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
        assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 5, 20));
        let t = addressed_tasks(
            "Chủ tịch UBND tỉnh yêu cầu:\n1. Rà soát cơ sở vật chất các trường học.\n2. Bố trí đủ giáo viên.",
            &["Sở Giáo dục và Đào tạo", "UBND các huyện"],
        );
        // Numbered conclusions under an intro are each a task of each recipient.
        assert_eq!(
            leads(&t),
            [
                "Sở Giáo dục và Đào tạo",
                "UBND các huyện",
                "Sở Giáo dục và Đào tạo",
                "UBND các huyện"
            ],
            "{t:?}"
        );
        // With no recipient known, nobody is guessed.
        assert!(addressed_tasks("Đề nghị Quý cơ quan rà soát số liệu.", &[]).is_empty());
    }

    #[test]
    fn groups_addressed_by_a_numbered_item_are_tasked_and_the_closing_offer_is_not() {
        let t = ctx_tasks("3. Các sở, ban, ngành, UBND các huyện: xây dựng kế hoạch của đơn vị, gửi Sở Nội vụ trước ngày 30/4/2024.\nTrong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về Sở Nội vụ.");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 4, 30));
    }

    #[test]
    fn shorthand_lists_joined_by_a_semicolon_all_lead() {
        let t = ctx_tasks("Giao các Sở: Tài chính, Xây dựng; UBND các huyện: Phong Điền, Quảng Điền rà soát các dự án chậm tiến độ, báo cáo UBND tỉnh trước ngày 15/4/2024.");
        assert_eq!(
            leads(&t),
            [
                "Sở Tài chính",
                "Sở Xây dựng",
                "UBND huyện Phong Điền",
                "UBND huyện Quảng Điền"
            ],
            "{t:?}"
        );
        assert!(t.iter().all(|x| x.content.starts_with("rà soát")), "{t:?}");
    }

    #[test]
    fn the_work_after_a_leading_deadline_is_the_content() {
        let t = ctx_tasks("Giao Sở Y tế trong thời hạn 10 ngày làm việc kể từ ngày ký văn bản này, tổng hợp nhu cầu vắc xin.");
        assert_eq!(leads(&t), ["Sở Y tế"], "{t:?}");
        assert!(t[0].content.starts_with("tổng hợp nhu cầu"), "{t:?}");
        // Ten working days from Friday 1 March 2024.
        assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 3, 15));
    }

    #[test]
    fn an_intro_that_only_speaks_hands_its_duties_to_the_recipients() {
        let t = addressed_tasks(
            "Thực hiện Chỉ thị của Bộ trưởng Bộ Y tế, Chủ tịch UBND tỉnh chỉ thị:\n1. Giám đốc Sở Y tế:\na) Giám sát các ca bệnh.\nb) Bảo đảm thuốc, vật tư.\n2. Tăng cường tuyên truyền.",
            &["Sở Y tế", "UBND các huyện"],
        );
        // The ministry whose directive is cited is not tasked; the titled heading leads its block.
        assert!(!leads(&t).iter().any(|l| l.contains("Bộ Y tế")), "{t:?}");
        assert_eq!(leads(&t)[0], "Sở Y tế", "{t:?}");
    }

    #[test]
    fn a_sentence_of_what_was_done_is_no_task_and_keeps_the_heading() {
        let t = ctx_tasks("1. Sở Xây dựng:\na) Rà soát nhà ở xuống cấp. Trong tháng, các xã đã sửa chữa 12 căn nhà.\nb) Báo cáo kết quả trước ngày 30/6/2024.");
        assert_eq!(leads(&t), ["Sở Xây dựng", "Sở Xây dựng"], "{t:?}");
        assert!(
            !t.iter()
                .any(|x| x.content.contains("đã sửa chữa") && x.quote.starts_with("Trong tháng")),
            "{t:?}"
        );
    }

    #[test]
    fn a_meetings_framing_is_read_whole_and_assigns_nothing() {
        let t = ctx_tasks("Ngày 25/3/2024, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp về giải ngân vốn; tham dự có Sở Tài chính; Kho bạc Nhà nước tỉnh; các Ban Quản lý dự án.\n1. Giao Sở Tài chính rà soát các dự án chậm giải ngân.");
        assert_eq!(leads(&t), ["Sở Tài chính"], "{t:?}");
        assert!(t[0].content.starts_with("rà soát"), "{t:?}");
    }

    #[test]
    fn an_approval_or_the_provinces_own_committee_is_not_tasked() {
        assert!(
            ctx_tasks("1. Đồng ý với nội dung báo cáo của Sở Công Thương về quản lý chợ.")
                .is_empty()
        );
        assert!(ctx_tasks("Văn phòng UBND tỉnh truyền đạt ý kiến của Chủ tịch UBND tỉnh về việc tổ chức lễ kỷ niệm.").is_empty());
    }

    #[test]
    fn units_the_lead_is_told_to_direct_are_not_leads_of_their_own() {
        let t = ctx_tasks("Chủ tịch UBND huyện Nam Đông chỉ đạo các phòng chức năng kiểm tra bến bãi; đồng thời chỉ đạo Công an huyện xử lý nghiêm vi phạm, báo cáo trước ngày 10/5/2024.");
        assert_eq!(leads(&t), ["UBND huyện Nam Đông"], "{t:?}");
        assert_eq!(due(&t[0]), chrono::NaiveDate::from_ymd_opt(2024, 5, 10));
    }

    #[test]
    fn the_issuer_and_what_it_issued_are_not_tasks() {
        let cal = crate::calendar::Calendar::shipped().unwrap();
        let ctx = DeadlineContext {
            issued: chrono::NaiveDate::from_ymd_opt(2024, 4, 1),
            calendar: &cal,
        };
        let report = "UBND huyện Phú Lộc báo cáo kết quả thực hiện quý I như sau: UBND huyện Phú Lộc đã kiểm tra 5 xã.";
        assert!(extract_tasks(report, &ctx, Some("UBND huyện Phú Lộc"), &[]).is_empty());
        assert!(ctx_tasks("Ngày 02/01/2025, UBND tỉnh Quảng Bình ban hành Công văn số 15/UBND-NC về việc triển khai Nghị định.").is_empty());
        assert!(
            ctx_tasks("Yêu cầu các sở, ngành nghiêm túc thực hiện Công điện này./.").is_empty()
        );
    }

    #[test]
    fn the_province_a_notice_is_about_is_tasked_through_its_committee() {
        let t = ctx_tasks("Phó Thủ tướng làm việc với lãnh đạo tỉnh Kon Tum về phát triển kinh tế. Tỉnh Kon Tum đã đạt nhiều kết quả.\nTrong thời gian tới, Tỉnh tập trung rà soát các quy hoạch theo thẩm quyền.\n2. Về đường cao tốc: tỉnh Kon Tum chủ động làm việc với Bộ Xây dựng để thống nhất phương án.");
        assert_eq!(
            leads(&t),
            [
                "Ủy ban nhân dân tỉnh Kon Tum",
                "Ủy ban nhân dân tỉnh Kon Tum"
            ],
            "{t:?}"
        );
    }
}
