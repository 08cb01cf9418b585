//! What the words of a segment say about its role: whether it assigns, cites, frames a meeting,
//! reports how things stand or closes the document, and who in it speaks rather than works.

use super::*;
use std::sync::LazyLock;

use crate::extract::vocabulary::ROLES;

/// Words that make a segment an assignment when a unit is named before them.
pub(super) static CUES: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("cues"));

/// Phrases that make a whole sentence a meeting's framing or a closing, not only their clause.
pub(super) static FRAMING: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("framing"));

/// Segments that never assign a task: legal bases, closings ("… biết, thực hiện"), citations of
/// what was received, the framing of a meeting's conclusions, praise.
pub(super) static NOT_TASKS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| ROLES.words("not_tasks"));

/// Phrases that report what was received or proposed: a segment is a citation, not an
/// assignment, when one comes before any assigning word.
pub(super) static CITATIONS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| ROLES.words("citations"));

/// Phrases that make a citation only when the segment opens with them: further in, "tại Công
/// văn số …" says which instruction the work carries out.
pub(super) static OPENING_CITATIONS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| ROLES.words("opening_citations"));

/// Words that assign for certain, enough for a generic group to be a lead.
pub(super) static STRONG: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("strong"));

/// Words after which the units named next are the ones tasked: what comes before is who speaks.
pub(super) static ASSIGNING: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| ROLES.words("assigning"));

/// What an authority does in the sentence when it is the one speaking, not the one tasked.
pub(super) static SPEAKING: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("speaking"));

/// Bodies that assign and are never tasked in the documents dondoc reads.
pub(super) fn is_authority(name: &str) -> bool {
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

/// Whether a document from `issuer` speaks with the Government's voice: the Government, its
/// leaders, or the Government's Office that issues their conclusions (thông báo kết luận).
pub(super) fn speaks_for_government(issuer: &str) -> bool {
    let f = crate::domain::text::fold_name(issuer);
    is_authority(issuer) || f == "văn phòng chính phủ"
}

/// "Sở Tài chính là cơ quan thường trực …", "Sở Y tế đã …": the word right after the units
/// says what they are or what became of them, not what they are to do.
pub(super) fn reports_state(lower: &str, named: &[UnitMention]) -> bool {
    let last = first_list(lower, &named.iter().collect::<Vec<_>>(), None)
        .last()
        .map_or(0, |m| m.end);
    state_follows(lower, last)
}

/// Where the list of units opening the clause (its subject) ends, if it opens with one.
fn subject_end(lower: &str, named: &[UnitMention]) -> Option<usize> {
    first_list(lower, &named.iter().collect::<Vec<_>>(), None)
        .last()
        .map(|m| m.end)
}

/// "UBND huyện A được phân bổ 450 triệu đồng", "Sở B bị phê bình": units whose clause is in the
/// passive receive something; they are handed work only by "được giao", "được phân công" ….
pub(super) fn passive_subject(lower: &str, named: &[UnitMention]) -> bool {
    let Some(end) = subject_end(lower, named) else {
        return false;
    };
    let rest = lower.get(end..).unwrap_or("").trim_start();
    let passive = ["được ", "bị "].iter().any(|p| rest.starts_with(p));
    passive && state_follows(lower, end)
}

/// "Bộ A trong thời gian ngắn đã tích cực vào cuộc …": the clause's subject, after an adverbial
/// of a few words, did it already: a report, not work.
pub(super) fn past_subject(lower: &str, named: &[UnitMention]) -> bool {
    let Some(end) = subject_end(lower, named) else {
        return false;
    };
    let rest = lower.get(end..).unwrap_or("");
    let words: Vec<&str> = rest
        .split_whitespace()
        .take_while(|w| !w.contains([',', ';', '.', ':']))
        .take(6)
        .collect();
    // before any word of work ("Sở A hoàn thành việc đã được giao" is work), and not in a
    // clause of time ("Sở A sau khi đã thẩm định hồ sơ, trình …")
    words.iter().position(|w| *w == "đã").is_some_and(|at| {
        let before = words[..at].join(" ");
        !CUES.iter().any(|c| before.contains(c.trim())) && !words[..at].contains(&"khi")
    })
}

/// Whether the word at byte `at` of `lower` says what a unit before it is or what became of it
/// ("là", "đã", "chưa", "được phân bổ …") rather than what it is to do; "được giao" and the like
/// hand it work. Nothing after it says nothing of work either.
pub(super) fn state_follows(lower: &str, at: usize) -> bool {
    const STATE: &[&str] = &[
        "là", "có", "đã", "đang", "được", "bị", "chưa", "vẫn", "cũng", "đều", "không", "sẽ", "vừa",
    ];
    let rest = lower.get(at..).unwrap_or("").trim_start();
    let Some(word) = rest.split_whitespace().next() else {
        return true;
    };
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let handed_work = word == "được"
        && ASSIGNING
            .iter()
            .chain(STRONG.iter())
            .any(|a| rest["được".len()..].trim_start().starts_with(a.trim()));
    STATE.contains(&word) && !handed_work
}

/// "Thời hạn hoàn thành: trước ngày 15/4/2024.", "Hoàn thành trong tháng 5/2024.": a sentence
/// (`lower`) that says nothing but when (`d`, a dated deadline found in it): a time word opens
/// it and at most two words stand outside the deadline's own words.
pub(super) fn only_a_date(lower: &str, d: &FoundDeadline) -> bool {
    const OPENINGS: &[&str] = &["thời hạn", "thời gian", "hoàn thành", "tiến độ", "hạn"];
    let body = strip_marker(lower).trim_start();
    if d.due.is_none() || !OPENINGS.iter().any(|o| body.starts_with(o)) {
        return false;
    }
    let outside = format!(
        "{} {}",
        lower.get(..d.start).unwrap_or(""),
        lower.get(d.end..).unwrap_or("")
    );
    let words = outside
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            ![
                "thời", "hạn", "gian", "hoàn", "thành", "thực", "hiện", "tiến", "độ",
            ]
            .contains(w)
        })
        .count();
    words <= 2
}

/// "1. Hoàn thiện thể chế, chính sách" on a line of its own: a short numbered line (its caller
/// knows it is numbered) with no sentence's end, the title of the items below it.
pub(super) fn is_title_line(text: &str) -> bool {
    let t = text.trim_end();
    !t.ends_with(['.', ';', ':', ',']) && strip_marker(t).split_whitespace().count() <= 12
}

/// "I. MỤC ĐÍCH, YÊU CẦU", "2. Mục tiêu đến năm 2030", "1. Mục đích: …" (`lower`, in lower
/// case): the title of a part that says why, how well or for whom, where no sentence assigns.
/// Its words are the data's background heads, joined by commas or "và", and at most a short
/// qualifier that holds no word of work ("Yêu cầu các sở thực hiện …" is a sentence). "Yêu cầu"
/// counts only beside another head ("Mục đích, yêu cầu"): alone ("III. Yêu cầu đối với các
/// Bộ") it heads what is required, which is work.
pub(super) fn is_background_title(lower: &str) -> bool {
    static HEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("background_heads"));
    let title = strip_marker(lower);
    let title = title
        .split(':')
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    let mut rest = title;
    let mut found = false;
    loop {
        rest = rest.trim_start_matches([',', ';', '-', '–', ' ']);
        if let Some(r) = rest.strip_prefix("và ") {
            rest = r;
            continue;
        }
        match HEADS.iter().find(|h| {
            rest.strip_prefix(**h)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', ',', ';', '-']))
        }) {
            Some(h) => {
                rest = &rest[h.len()..];
                // "Yêu cầu" alone heads what a conclusion requires of the units: work.
                found |= *h != "yêu cầu";
            }
            None => break,
        }
    }
    found && rest.split_whitespace().count() <= 6 && !CUES.iter().any(|c| rest.contains(c))
}

pub(super) use crate::domain::text::lower_in_place;

/// Whose duties a heading lists when it says so in words: "1. Trách nhiệm của Sở Y tế:",
/// "Nhiệm vụ của các cơ quan quản lý cấp trên (gồm …):". The owner is given as written, whether
/// or not it is a unit we know ("đối tượng thực hiện kiểm kê" is one a plan defines); what it
/// includes, in parentheses, is left out. `None` for a sentence that only mentions someone's
/// duties ("… theo nhiệm vụ của Sở Y tế.").
/// `lower` is `text` in lower case, byte for byte ([`lower_in_place`]).
pub(super) fn duty_owner<'t>(text: &'t str, lower: &str) -> Option<&'t str> {
    static OPENINGS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("duty_openings"));
    let line = strip_marker(text).trim_end();
    let line = line.strip_suffix(':').unwrap_or(line).trim_end();
    if line.is_empty() || line.ends_with(['.', ';', ',']) || line.contains(':') {
        return None;
    }
    let from = text.len() - strip_marker(text).len();
    let opening = OPENINGS
        .iter()
        .find(|o| lower.get(from..).is_some_and(|l| l.starts_with(*o)))?;
    let owner = line[opening.len()..].trim();
    let owner = match owner.find('(') {
        Some(open) => owner[..open].trim_end(),
        None => owner,
    };
    let words = owner.split_whitespace().count();
    (1..=20).contains(&words).then_some(owner)
}

/// Whether `text` announces the items below it: it ends with a colon or, the colon left out,
/// with "the following" ("… các nội dung sau", "… như sau", "… sau đây").
pub(super) fn announces(text: &str) -> bool {
    static FOLLOWING: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("following"));
    static QUANTIFIERS: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| ROLES.words("following_quantifiers"));
    static NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("following_nouns"));
    let t = text.trim_end();
    if t.ends_with(':') {
        return true;
    }
    let lower = lower_in_place(t);
    let words: Vec<&str> = lower.split_whitespace().collect();
    let ends = |phrase: &str| {
        let p: Vec<&str> = phrase.split_whitespace().collect();
        words.ends_with(&p)
    };
    if FOLLOWING.iter().any(|f| ends(f)) {
        return true;
    }
    // "các nhiệm vụ trọng tâm sau": a quantifier and a noun of what is to be done a few words
    // before a closing "sau" ("… với các đơn vị kiểm tra ngay sau" announces nothing).
    if words.last() != Some(&"sau") || words.len() < 3 {
        return false;
    }
    let from = words.len().saturating_sub(8);
    // the words before "sau", padded so that every word stands between spaces
    let phrase = format!(" {} ", words[from..words.len() - 1].join(" "));
    QUANTIFIERS.iter().any(|q| {
        phrase.rfind(&format!(" {q} ")).is_some_and(|at| {
            let noun_phrase = &phrase[at..];
            NOUNS
                .iter()
                .any(|n| noun_phrase.contains(&format!(" {n} ")))
        })
    })
}

/// A sentence that only introduces what follows: it ends with a speaking verb and a colon
/// ("Chủ tịch UBND tỉnh chỉ thị:", "… kết luận như sau:", "UBND tỉnh có ý kiến như sau:").
pub(super) fn is_intro(lower: &str) -> bool {
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
pub(super) fn is_closing(lower: &str) -> bool {
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
pub(super) fn is_issuer(name: &str, issuer: Option<&str>) -> bool {
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
pub(super) fn is_speaker(lower: &str, m: &UnitMention, issuer: Option<&str>) -> bool {
    if handed_work(lower, m) {
        return false;
    }
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

/// "Giao Phó Thủ tướng Nguyễn Văn A trực tiếp chỉ đạo …", "Phân công các đồng chí Phó Thủ
/// tướng …": an authority handed work is tasked like any unit, and does not speak.
pub(super) fn handed_work(lower: &str, m: &UnitMention) -> bool {
    let before = lower.get(..m.start).unwrap_or("").trim_end();
    let before = before.strip_suffix("đồng chí").unwrap_or(before).trim_end();
    let before = before.strip_suffix("các").unwrap_or(before).trim_end();
    ["giao", "phân công"].iter().any(|v| before.ends_with(v))
}

/// Which of `units` speak: those [`is_speaker`] finds, and the units listed together with one
/// ("Bộ Chính trị, Ban Bí thư, Chính phủ đã …").
pub(super) fn speakers(
    text: &str,
    lower: &str,
    units: &[UnitMention],
    issuer: Option<&str>,
) -> Vec<bool> {
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
pub(super) static ISSUER_ONLY: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| ROLES.words("issuer_only"));

/// Where the assigning words of `lower` are used as verbs. "Đề nghị của UBND tỉnh", "xét đề
/// nghị", "theo yêu cầu" are nouns: what was asked, not someone being asked.
pub(super) fn assigning_verbs(lower: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for a in ASSIGNING.iter() {
        let mut from = 0;
        while let Some(i) = lower.get(from..).and_then(|s| s.find(a)).map(|i| i + from) {
            from = i + a.len();
            let before = lower[..i].trim_end();
            let after = lower[i + a.len()..].trim_start();
            let word_start = i == 0 || !lower[..i].ends_with(|c: char| c.is_alphanumeric());
            // "giao thông", "giao đất", "bàn giao" are other words.
            // "được giao", "được phân công": the unit before it was tasked before.
            let passive = before.ends_with("được");
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
                || passive
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

/// A clause that tells how things stand: it opens with "đến nay", "tính đến", "thời gian qua",
/// or an aspect word of what is done, not yet done or under way (chưa, đang, vừa) comes before
/// its first word of work.
pub(super) fn is_status(lower: &str, first_cue: Option<usize>, from: usize) -> bool {
    static OPENINGS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("status_openings"));
    static ASPECT: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("status_aspects"));
    static CONNECTIVES: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("connectives"));
    let mut opening = strip_marker(lower);
    // "Tuy nhiên, đến nay …": a connective before the opening links it to the sentence before.
    if let Some(c) = CONNECTIVES.iter().find(|c| opening.starts_with(*c)) {
        opening = opening[c.len()..].trim_start_matches([',', ' ']);
    }
    OPENINGS.iter().any(|o| opening.starts_with(o))
        // (an aspect inside a condition, before `from`, is the condition's)
        || ASPECT
            .iter()
            .filter_map(|a| lower.get(from..)?.find(a).map(|at| at + from))
            .any(|at| first_cue.is_none_or(|c| at < c))
}

/// Whether `opening` (a segment without its marker) starts with the words of a citation.
pub(super) fn opens_with_citation(opening: &str) -> bool {
    OPENING_CITATIONS.iter().any(|c| opening.starts_with(c))
}

/// Adverbials that may stand between a tasked unit and its work.
static ADVERBIALS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("adverbials"));

/// "Giao UBND huyện A trên cơ sở kết quả rà soát …; chủ trì, phối hợp …": a clause whose words
/// after its last named unit are only an adverbial ("trên cơ sở", "căn cứ", "sau khi") says how
/// the unit will work, not what; its work is in the clause after the semicolon.
pub(super) fn only_adverbial(lower: &str, units: &[UnitMention]) -> bool {
    let Some(last) = units.iter().rfind(|m| m.role == Role::Named) else {
        return false;
    };
    let rest = lower.get(last.end..).unwrap_or("").trim_start();
    let before = strip_marker(lower.get(..last.start).unwrap_or("")).trim();
    // The unit is the clause's subject: nothing before it but an assigning word.
    let subject = before.is_empty()
        || ASSIGNING
            .iter()
            .any(|a| before.trim_end_matches(':').trim() == a.trim());
    subject && ADVERBIALS.iter().any(|a| rest.starts_with(a))
}

/// "Căn cứ tình hình thực tế, UBND các huyện chủ động …": the opening only frames the
/// sentence when, after its first comma, a named unit begins the clause and is given work.
/// Where that clause begins, or `None` when the opening frames nothing.
pub(super) fn framing_end(lower: &str, units: &[UnitMention]) -> Option<usize> {
    let comma = lower.find(", ")?;
    // "… phân công nhiệm vụ cho Ban Chỉ đạo, các cơ quan … triển khai": a unit that only goes on
    // with a list begun before the comma opens no clause. After a citation ("Căn cứ Quyết định
    // … của UBND tỉnh, Sở Y tế …") the comma ends the citation.
    let cites = opens_with_citation(strip_marker(lower));
    let goes_on_list = |m: &UnitMention| {
        !cites
            && units
                .iter()
                .any(|p| p.end <= m.start && joins_list(lower.get(p.end..m.start).unwrap_or("x")))
    };
    let framed = units.iter().any(|m| {
        m.role == Role::Named
            && m.start > comma
            && lower[comma + 1..m.start].trim().is_empty()
            && !goes_on_list(m)
            // "Theo đó, UBND huyện A được phân bổ …": what the unit is given, not its work
            && !state_follows(lower, m.end)
            && {
                let rest = &lower[m.end..];
                let cue = CUES.iter().filter_map(|c| rest.find(c)).min();
                cue.is_some_and(|at| rest[..at].split_whitespace().count() <= 3)
            }
    });
    framed.then_some(comma + 2)
}

/// Work that says only "carry it out" ("… và các đơn vị có liên quan triển khai thực hiện./."):
/// the closing call on every addressee, not a task of its own.
pub(super) fn is_generic(content: &str) -> bool {
    static WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("generic_words"));
    // A document's number and code ("12/CĐ-TTg", a date) name the directive carried out:
    // nothing to do.
    let mut words = content
        .split_whitespace()
        .filter(|chunk| !chunk.chars().any(|c| c.is_ascii_digit()))
        .flat_map(|chunk| chunk.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .peekable();
    let generic = |w: &str| WORDS.contains(&w.to_lowercase().as_str());
    words.peek().is_some() && words.all(generic)
}

/// Marks a task whose work is only "carry it out", dropped unless a later clause gives it work.
pub(super) const GENERIC: &str = "generic";

/// Marks the task of a numbered title ("1. Hoàn thiện thể chế, chính sách") whose items name
/// units of their own: it was only the title of their work, and is dropped.
pub(super) const TITLE: &str = "title";

/// Marks the task of a sentence that introduces a list of duties (it ends with ":").
pub(super) const INTRO: &str = "intro";

/// The end of a condition opening a clause ("Trường hợp …, ", "Nếu …, "), or 0 when it opens
/// with none: the first comma outside the names of `units` ("các sở, ngành" is one).
pub(super) fn condition_end(text: &str, units: &[UnitMention]) -> usize {
    static CONDITIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| ROLES.words("conditions"));
    let body = strip_marker(text);
    let offset = text.len() - body.len();
    let lower = lower_in_place(body);
    if !CONDITIONS
        .iter()
        .any(|c| lower.starts_with(c) && lower[c.len()..].starts_with(' '))
    {
        return 0;
    }
    // A comma inside a name, or between two units of one list ("Sở Y tế, Sở Tài chính"), is
    // not the condition's.
    let in_list = |at: usize| {
        units.iter().any(|m| m.start < at && at < m.end)
            || units.windows(2).any(|w| {
                w[0].end <= at
                    && at < w[1].start
                    && joins_list(text.get(w[0].end..w[1].start).unwrap_or("x"))
            })
    };
    lower
        .match_indices(", ")
        .map(|(at, _)| offset + at)
        .find(|&at| !in_list(at))
        .unwrap_or(0)
}

/// The end of an item's topic ("1. Về đề nghị của tỉnh A:"), or 0 when it opens with none.
pub(super) fn topic_end(text: &str) -> usize {
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

/// The first cue of `lower` outside unit names ("xây dựng" in "Ban Quản lý dự án đầu tư xây
/// dựng …" is a name's word), assigning words included or not.
pub(super) fn first_cue_outside(
    lower: &str,
    named: &[UnitMention],
    assigning: bool,
) -> Option<usize> {
    CUES.iter()
        .filter(|c| assigning || !ASSIGNING.contains(c))
        .flat_map(|c| lower.match_indices(c).map(|(i, _)| i))
        .filter(|at| !named.iter().any(|m| m.start <= *at && *at < m.end))
        .min()
}

/// Where the work of a clause begins: its first cue that is not an assigning word ("giao",
/// "yêu cầu", "đề nghị" name the units that follow them).
pub(super) fn first_work_cue(lower: &str, named: &[UnitMention]) -> usize {
    first_cue_outside(lower, named, false).unwrap_or(lower.len())
}

/// The first cue at or after `from` outside unit names, or the text's end.
pub(super) fn first_work_cue_from(lower: &str, from: usize, named: &[UnitMention]) -> usize {
    from + first_work_cue(lower.get(from..).unwrap_or(""), &units_from(named, from))
}

/// The units of `named` at or after byte `from`, with their spans counted from there: the units
/// of the text's tail `&text[from..]`.
pub(super) fn units_from(named: &[UnitMention], from: usize) -> Vec<UnitMention> {
    named
        .iter()
        .filter(|m| m.start >= from)
        .map(|m| UnitMention {
            start: m.start - from,
            end: m.end - from,
            ..m.clone()
        })
        .collect()
}

/// Whether `rest`, the words after a clause's subject, can open its predicate: not a
/// preposition, a conjunction or a relative word ("trong", "tại", "của", "và", "nêu trên").
/// "theo chức năng …" and "trong phạm vi …" qualify the subject and a verb follows them, so they
/// pass; so does an aside in brackets when what follows it passes.
pub(super) fn opens_predicate(rest: &str) -> bool {
    // Not "của", "thuộc", "trong", "tại", "từ … đến …", which may extend the subject ("các
    // địa phương trong vùng bão", "UBND các tỉnh từ Hà Tĩnh đến Khánh Hòa"), nor "cho" ("cho ý
    // kiến") or "là" ("là cơ quan đầu mối, chủ trì").
    static NOT_PREDICATE: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| ROLES.words("not_predicate"));
    static QUALIFIERS: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| ROLES.words("predicate_qualifiers"));
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

/// The first cue at or after `from` that is not part of a unit's name ("Bộ Xây dựng").
pub(super) fn first_cue_after(lower: &str, from: usize, named: &[UnitMention]) -> Option<usize> {
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
