//! Finding the assignments in a directive's body: who must do what, with whom, by when.
//!
//! The body is cut into segments (a paragraph, a list item, a sentence, a clause after ";"), each
//! read for the units it names ([`super::units`]), the words that make it an assignment ("giao",
//! "chủ trì", "có trách nhiệm", "đề nghị" …) and its deadline ([`super::deadline`]). A unit
//! named alone as a heading ("2. Sở Y tế:") owns the items under it. Rules, not word lists of any
//! one document: they follow how directives are written.
//!
//! - `outline`: paragraphs, sentences, clauses, list markers and the depth of headings;
//! - `roles`: what a segment's words say of its role (assigns, cites, frames, reports) and
//!   who in it speaks;
//! - `assign`: an assigning segment made into tasks, items attached to their heading, blocks
//!   of duties merged;
//! - this file: the walk through the outline — the headings in force, the tasks still open —
//!   and the rows of a plan's tables and labelled blocks.

use std::borrow::Cow;

use super::deadline::{find_all, find_in_cell, DeadlineContext, DeadlineFlag, FoundDeadline};
use super::fields::BULLETS;
use super::records::{self, Para};
use super::table::{find_tables, Row};
use super::units::{find_units, name_list, Role, UnitMention};

mod assign;
mod outline;
mod roles;

use assign::*;
use outline::*;
use roles::*;

/// A task as read from the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    for t in &mut tasks {
        for lead in &mut t.lead {
            if let Some(r) = addressee_of_level(lead, recipients) {
                lead.clone_from(r);
            }
        }
    }
    tasks
}

/// The one recipient a bare local committee names: in a letter to "UBND huyện Kim Sơn",
/// "UBND huyện" is that district, not every district.
fn addressee_of_level<'a>(lead: &str, recipients: &'a [String]) -> Option<&'a String> {
    let bare = crate::domain::text::fold_name(lead).replace("ubnd ", "ủy ban nhân dân ");
    let level = bare.strip_prefix("ủy ban nhân dân ")?;
    if ![
        "huyện",
        "quận",
        "thị xã",
        "thành phố",
        "xã",
        "phường",
        "thị trấn",
    ]
    .contains(&level)
    {
        return None;
    }
    let mut of_level = recipients.iter().filter(|r| {
        let f = crate::domain::text::fold_name(r).replace("ubnd ", "ủy ban nhân dân ");
        f.strip_prefix(&bare)
            .is_some_and(|rest| rest.starts_with(' ') && !rest.contains(','))
    });
    let one = of_level.next()?;
    of_level.next().is_none().then_some(one)
}

/// The tasks of one row of a plan's table: one per lead unit the "chủ trì" cell names (the cell
/// as written when it names no unit we know), with the units of the "phối hợp" cell and the
/// deadline of the time cell.
fn row_tasks(row: &Row, ctx: &DeadlineContext) -> Vec<ExtractedTask> {
    let leads = row_leads(&row.lead);
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

/// Who leads a row: the units its lead cell names, and, the cell being a list of names, each
/// member the lexicon does not know ("Sở Tài chính, Viettel Lai Châu") in its place.
fn row_leads(cell: &str) -> Vec<Vec<String>> {
    let names = name_list(cell).filter(|_| !cell.contains(':'));
    match (naming_units(cell), names) {
        (Some(_), Some(names)) => names
            .into_iter()
            .flat_map(|n| match naming_units(&n) {
                Some(units) => leads_of(&n, &units),
                None => vec![vec![n]],
            })
            .collect(),
        (Some(units), None) => leads_of(cell, &units),
        (None, Some(names)) => names.into_iter().map(|n| vec![n]).collect(),
        (None, None) => vec![vec![one_line(cell, 0, None)]],
    }
}

/// How long the verb among `verbs` that `opening` begins with is, or 0: "Giao Sở X …" hands the
/// work to the unit right after it.
fn opening_verb(opening: &str, verbs: &[&str]) -> usize {
    verbs
        .iter()
        .find(|v| opening.starts_with(*v))
        .map_or(0, |v| v.len())
}

/// The named units of `text` when they make up most of it (60 % of its bytes or more): a cell
/// or a heading that names units, not words about them.
fn naming_units(text: &str) -> Option<Vec<UnitMention>> {
    let units: Vec<UnitMention> = find_units(text)
        .into_iter()
        .filter(|m| m.role == Role::Named)
        .collect();
    let covered: usize = units.iter().map(|m| m.end - m.start).sum();
    (!units.is_empty() && covered * 10 >= text.trim().len() * 6).then_some(units)
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
    // The depth of the heading of a part that says why or how well ("I. Mục đích, yêu cầu":
    // 0 for a part, 1 for "1.", …), until a heading as high as it ends the part.
    let mut background: Option<usize> = None;
    // The tasks a numbered title gave its heading's units, and its depth: dropped when an item
    // under it names units of its own, kept when one goes on with its work.
    let mut title: Option<(Vec<usize>, usize)> = None;
    for seg in segments(body) {
        let lower = lower_in_place(&seg.text);
        // It ends with a colon or "the following": the items below are what it speaks of.
        let heads_items = announces(&seg.text);
        if !seg.continues {
            open.clear();
            let depth = if is_section(&seg.text) {
                Some(0)
            } else if seg.top_level {
                seg.number
            } else {
                None
            };
            if let Some(d) = depth {
                if title.as_ref().is_some_and(|(_, td)| d <= *td) {
                    title = None;
                }
                if background.is_some_and(|b| d <= b) {
                    background = None;
                }
                if background.is_none() && is_background_title(&lower) {
                    background = Some(d);
                }
            }
        }
        if background.is_some() {
            continue;
        }
        // A new part ("II. Tổ chức thực hiện", "Điều 3.") ends the duties of the heading before.
        if !seg.continues && is_section(&seg.text) {
            heading = None;
            stack.clear();
            // "II. Nhiệm vụ, giải pháp" naming no unit: its items are the addressee's — the
            // recipients, or the province a Government notice is about.
            let title = &lower;
            if (title.contains("nhiệm vụ") || title.contains("giải pháp"))
                && seg
                    .units
                    .as_ref()
                    .map_or_else(|| find_units(&seg.text).is_empty(), Vec::is_empty)
            {
                let owner: Vec<Vec<String>> = if recipients.is_empty() {
                    province
                        .iter()
                        .filter(|_| issuer.is_some_and(speaks_for_government))
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
        // "b) Bộ Xây dựng …" after "a) UBND các tỉnh A, B:" and its bullets: a lettered item
        // closes the lettered heading before it, as a number closes a number's.
        let lettered = (seg.item && !seg.continues && is_lettered(&seg.text)).then_some(LETTERED);
        let closing = seg.number.filter(|_| seg.top_level && !seg.continues);
        if let Some(d) = closing.or(lettered) {
            if stack.last().is_some_and(|(sd, _)| *sd >= d) {
                while stack.last().is_some_and(|(sd, _)| *sd >= d) {
                    stack.pop();
                }
                heading = stack.last().map(|(_, h)| h.clone());
            }
        }
        // "1. Trách nhiệm của Sở Y tế:", on a line of its own: the items below are its duties,
        // the units we know when they name the owner to its last word, else its words.
        if let (false, Some(owner)) = (seg.continues, duty_owner(&seg.text, &lower)) {
            heading = Some(
                match naming_units(owner).filter(|u| u.last().is_some_and(|m| m.end == owner.len()))
                {
                    Some(units) => leads_of(owner, &units),
                    None => vec![vec![owner.to_string()]],
                },
            );
            push_heading(&mut stack, heading_depth(&seg), &heading);
            blocks += 1;
            continue;
        }
        let mut all_units = match &seg.units {
            Some(units) => units.clone(),
            None => find_units(&seg.text),
        };
        if let Some(p) = &province {
            if let Some(m) = province_subject(&seg.text, p) {
                if !all_units.iter().any(|u| u.start < m.end && m.start < u.end) {
                    all_units.push(m);
                    all_units.sort_by_key(|u| u.start);
                }
            }
        }
        // "Trường hợp các cơ quan phối hợp có ý kiến khác nhau, cơ quan chủ trì …": who the
        // condition speaks of is not who is tasked, and its state is not the sentence's.
        let condition = condition_end(&seg.text, &all_units);
        let after_condition: Vec<UnitMention> = all_units
            .iter()
            .filter(|m| m.start >= condition)
            .cloned()
            .collect();
        // "Sở Y tế chỉ đạo các bệnh viện": only the issuer or an authority gives directions that
        // make the units before the verb its speaker.
        let first_assigning = assigning_verbs(&lower)
            .into_iter()
            .find(|(at, word)| {
                !ISSUER_ONLY.contains(word)
                    || all_units.iter().any(|m| {
                        m.end <= *at
                            && (is_authority(&m.name) || is_issuer(&m.name, issuer))
                            && !handed_work(&lower, m)
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
                // "- Trên cơ sở đề xuất của …, tổng hợp …", "Căn cứ chức năng, nhiệm vụ được
                // giao, chủ động …" under a unit's heading: the preamble of its duty, not a
                // citation.
                || (heading.is_none()
                    && opens_with_citation(opening)
                    && framing_end(&lower, &all_units).is_none()))
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
        let first_cue = first_cue_outside(&lower, &all_units, true);
        // "… Chính phủ đã tập trung lãnh đạo, chỉ đạo …": "đã" a few words before the first
        // assigning word, with no unit between, puts that word in the past too.
        let done_before = |a: usize| {
            lower[..a].rfind(" đã ").is_some_and(|d| {
                let between = &lower[d + " đã ".len()..a];
                between.split_whitespace().count() <= 6
                    && !between.contains(';')
                    && !all_units.iter().any(|m| m.start > d && m.start < a)
            })
        };
        let reported = first_assigning.is_some_and(|a| lower[..a].trim_end().ends_with("đã") || done_before(a))
            || (first_assigning.is_none()
                && lower
                    .match_indices(" đã ")
                    .map(|(d, _)| d)
                    // "sau khi đã …", "khi đã …" say when, not what was done
                    .find(|&d| !lower[..d].ends_with("khi"))
                    .is_some_and(|d| first_cue.is_none_or(|c| d < c)))
            // "Đến nay, Sở X chưa hoàn thành …", "Sở Y đang triển khai …": the state of things,
            // unless a date says by when it must change.
            // "Theo đó, UBND huyện A được phân bổ …": what the units receive.
            || (first_assigning.is_none() && past_subject(&lower, &after_condition))
            || (first_assigning.is_none()
                && passive_subject(&lower, &after_condition))
            || (first_assigning.is_none() && is_status(&lower, first_cue, condition) && {
                find_all(&seg.text, ctx).iter().all(|d| d.due.is_none())
            });
        // "Sở X chịu trách nhiệm trước Chủ tịch UBND tỉnh về …": accountability, not work.
        let accountable = lower
            .find("chịu trách nhiệm trước")
            .is_some_and(|at| first_cue.is_none_or(|c| c >= at))
            && first_assigning.is_none()
            // "… chịu trách nhiệm trước UBND tỉnh các nội dung sau:" heads its duties
            && !heads_items;
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
            // "Sau khi nghe báo cáo …, Chủ tịch UBND tỉnh kết luận như sau:": the framing of a
            // meeting still introduces the conclusions below it.
            if !intro || is_closing(&lower) {
                continue;
            }
        }
        let speakers = speakers(&seg.text, &lower, &all_units, issuer);
        // "3. UBND huyện sẽ tổ chức kiểm tra …": an item that opens with the issuer speaks of
        // the issuer's own doing; it is no duty of the heading's units.
        let speaker_opens = all_units.iter().zip(&speakers).any(|(m, speaks)| {
            *speaks && m.start <= marker_len(&lower) + 1 && is_issuer(&m.name, issuer)
        });
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
            .filter(|m| m.start >= topic_end.max(condition))
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
        // "…, Phó Thủ tướng kết luận như sau:": the units before the speaking word are who
        // speaks; the intro names no addressee.
        let spoken = intro && {
            let said = SPEAKING
                .iter()
                .filter_map(|w| lower.rfind(w))
                .max()
                .unwrap_or(0);
            named.iter().all(|m| m.end <= said)
        };
        if intro && (named.is_empty() || spoken) {
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
        if let Some(office) = office_heading(&seg.text, &named) {
            heading = Some(vec![vec![office]]);
            push_heading(&mut stack, heading_depth(&seg), &heading);
            blocks += 1;
            continue;
        }
        // "1. Chủ tịch UBND các tỉnh từ A đến B, trong đó trọng tâm là các tỉnh C, D:": the
        // heading is the group; its emphasis names no addressee of its own.
        let (head_text, head_named): (Cow<str>, Cow<[UnitMention]>) = match emphasis_cut(&lower) {
            Some(cut) => (
                Cow::Owned(format!("{}:", &seg.text[..cut])),
                named.iter().filter(|m| m.end <= cut).cloned().collect(),
            ),
            None => (Cow::Borrowed(&seg.text), Cow::Borrowed(&named)),
        };
        if is_heading(&head_text, &head_named) {
            heading = Some(leads_of(&head_text, &head_named));
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
            let verb = opening_verb(
                &lower[marker..],
                &[
                    "giao cho ",
                    "giao ",
                    "phân công cho ",
                    "phân công ",
                    "đề nghị ",
                    "yêu cầu ",
                ],
            );
            // "- Trên cơ sở kết quả khảo sát, Sở Xây dựng chủ trì …": past the framing, the
            // clause opens with its subject.
            // So does "(4) Sau khi được Quốc hội thông qua, các Bộ … tập trung …": any opening
            // clause whose comma a unit and its work follow.
            let framing = if verb == 0 {
                framing_end(&lower, &named).map_or(0, |end| end.saturating_sub(marker))
            } else {
                0
            };
            let opening = marker + verb + framing;
            let mut own: Vec<UnitMention> = Vec::new();
            for m in &named {
                // "(2) Đồng chí Giám đốc Sở X …": a title or a form of address before it.
                let before = lower.get(opening.min(m.start)..m.start).unwrap_or("");
                let before = without_title(before).trim();
                let before = before.strip_suffix("đồng chí").unwrap_or(before).trim();
                let before = before.strip_suffix("các").unwrap_or(before).trim();
                // an item's own subject wins even when it is a group; so does the list it
                // opens ("- Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh: …")
                let listed = own.last().is_some_and(|p: &UnitMention| {
                    joins_list(seg.text.get(p.end..m.start).unwrap_or("x"))
                });
                if m.start <= opening + 1 || before.is_empty() || listed {
                    own.push(m.clone());
                }
            }
            if own.is_empty() || verb == 0 {
                own
            } else {
                named
            }
        } else if heading.is_some() {
            // The work begins after the item's topic ("3. Về dự án đầu tư xây dựng …: Bộ Xây
            // dựng …").
            // "14. Phân công Phó Thủ tướng A …": the units the opening verb hands work to.
            let marker = marker_len(&lower);
            let verb = marker + opening_verb(&lower[marker..], &["giao ", "phân công "]);
            // "3. Sở Giáo dục\nCăn cứ chức năng, nhiệm vụ, chỉ đạo các trường …": the units it
            // directs are the objects of the heading unit's work.
            let from = topic_end.max(verb);
            let directs = lower
                .get(from..)
                .and_then(|r| r.find("chỉ đạo "))
                .map(|at| from + at)
                .filter(|at| !named.iter().any(|m| m.start <= *at && *at < m.end));
            let work = first_work_cue_from(&lower, from, &named).min(directs.unwrap_or(usize::MAX));
            // A sentence of its own whose lead works with units ("Giao Sở A phối hợp với Sở B
            // …") keeps them: they are its partners.
            let own_subject = !seg.continues && named.iter().any(|m| m.start < work);
            let partners: Vec<usize> = coordinating(&lower, &named)
                .filter(|_| own_subject)
                .map(|m| m.start)
                .collect();
            named
                .into_iter()
                .filter(|m| m.start < work || partners.contains(&m.start))
                .collect()
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
        // ("3. Về thu ngân sách: UBND huyện …": the clause opens after the item's topic.)
        let marker = (seg.text.len() - strip_marker(&seg.text).len()).max(
            topic_end + seg.text[topic_end..].len() - seg.text[topic_end..].trim_start().len(),
        );
        let opens_with_list = named.first().is_some_and(|m| m.start <= marker + 1)
            && first_list(&seg.text, &named.iter().collect::<Vec<_>>(), None)
                .last()
                .is_some_and(|m| seg.text[m.end..].split_whitespace().count() >= 2);
        let opens_with_units = (seg.item || seg.top_level) && opens_with_list;
        let deadline = telling_deadline(deadlines);
        // "Các đơn vị gửi hồ sơ về Sở Nội vụ trước ngày 15/11": units that open the sentence
        // and are given a date are given work, whatever its verb.
        let opens_dated = named.first().is_some_and(|m| m.start <= marker + 1)
            && dated(&deadline)
            && first_assigning.is_none();
        // "Sở Công Thương tổng hợp tình hình thị trường.": a sentence of its own that opens
        // with units gives them whatever work its verb names.
        let opens_sentence = !seg.continues && opens_with_list && !reports_state(&lower, &named);
        let has_cue = opens_with_units
            || opens_sentence
            || opens_dated
            || CUES.iter().any(|c| lower.contains(c));
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
            // "… đề nghị Quý Ủy ban chỉ đạo thực hiện một số nội dung sau:": the items below
            // are the recipients' duties; the announcement is none itself.
            if addressee_word.is_some() && heads_items {
                heading = Some(leads);
                push_heading(&mut stack, 0, &heading);
                blocks += 1;
                continue;
            }
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
            if heads_items && first_assigning.is_some() && open.is_empty() {
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
        if named.is_empty() && speaker_opens {
            continue;
        }
        // "Thời hạn hoàn thành trước ngày 15/4." on a line after the work: the date of the
        // tasks the last assigning sentence made, when they have none.
        if let (true, Some(d)) = (named.is_empty() && !seg.continues, deadline.as_ref()) {
            if only_a_date(&lower, d) && !recent.is_empty() {
                for &i in &recent {
                    if tasks[i].deadline.is_none() {
                        tasks[i].deadline = Some(d.clone());
                        tasks[i].flags.extend(deadline_flags(&Some(d.clone())));
                        tasks[i].quote.push('\n');
                        tasks[i].quote.push_str(&seg.text);
                    }
                }
                continue;
            }
        }
        if named.is_empty() {
            if let Some(units) = &heading {
                // A number left alone (its item was read as a record) only closes headings.
                let says = strip_marker(&seg.text).chars().any(char::is_alphabetic);
                if says && (seg.item || seg.top_level || has_cue) {
                    // The numbered conclusions under an intro are tasks of their own; the
                    // duties under a unit's heading make its block.
                    let block = (!(stack
                        .last()
                        .is_some_and(|(d, h)| *d == 0 && announced.as_ref() != Some(h))
                        && seg.number == Some(1)))
                    .then_some(blocks);
                    let dated = deadline.is_some();
                    // "- Chủ trì, phối hợp với Sở A, Sở B kiểm tra …" under a unit's heading:
                    // the units it works with.
                    let support: Vec<String> = coordinating(&lower, &all_named)
                        .map(|m| m.name.clone())
                        .collect();
                    open = attach_item(&mut tasks, units, &seg.text, deadline, block, &support);
                    title = match seg.number {
                        Some(d) if !dated && is_title_line(&seg.text) => Some((open.clone(), d)),
                        _ => None,
                    };
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
        let made = assign(
            &seg.text,
            &lower,
            &named,
            deadline,
            first_assigning,
            opens_with_units,
        );
        let mut made = spelled_out(&seg.text, &lower, made);
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
        // ("1. Giao Sở A chủ trì, phối hợp với Sở B:" names partners: its items take them, as
        // an announcement's do.)
        let partners_announced = heads_items && made.iter().any(|t| !t.support.is_empty());
        if !partners_announced
            && made
                .iter()
                .all(|t| !t.content.chars().any(char::is_alphabetic) && !dated(&t.deadline))
        {
            if heads_items {
                heading = Some(made.iter().map(|t| t.lead.clone()).collect());
                push_heading(&mut stack, heading_depth(&seg), &heading);
                blocks += 1;
            }
            continue;
        }
        // "UBND tỉnh yêu cầu Sở A, Sở B thực hiện các nội dung sau:" announces the items below
        // it: they are its units' duties unless they name units of their own.
        let announces = !seg.item && heads_items;
        // "(1) Bộ Y tế chỉ đạo …" over bullets: a lettered item's own units own the bullets below.
        let lettered_owner = seg.item && !seg.continues && is_lettered(&seg.text);
        if (seg.top_level || announces || lettered_owner) && !made.is_empty() {
            heading = Some(made.iter().map(|t| t.lead.clone()).collect());
            push_heading(&mut stack, heading_depth(&seg), &heading);
            if announces && !seg.top_level {
                announced.clone_from(&heading);
            }
            blocks += 1;
            for t in made.iter_mut() {
                t.block = Some(blocks);
                // "5. Bộ Tài chính chủ trì:" introduces the duties below it.
                if heads_items && (announces || t.content.split_whitespace().count() <= 8) {
                    t.flags.push(INTRO.into());
                }
            }
        }
        // "- Sở Y tế chủ trì …" under "1. Hoàn thiện thể chế": the title was no task of its own.
        if let Some((titled, _)) = title.take().filter(|_| !seg.continues) {
            for i in titled {
                tasks[i].flags.push(TITLE.into());
            }
        }
        let first = tasks.len();
        tasks.extend(made);
        open = (first..tasks.len()).collect();
        recent.clone_from(&open);
    }
    merge_blocks(tasks)
}

#[cfg(test)]
mod tests;
