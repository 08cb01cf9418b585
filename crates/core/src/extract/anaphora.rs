//! "Các tỉnh, thành phố nêu trên": a group a directive names again by pointing back at it.
//!
//! A Government dispatch lists its addressees first ("Chủ tịch UBND các tỉnh, thành phố: Hà Tĩnh,
//! Quảng Trị, Huế") and then tasks "Chủ tịch UBND các tỉnh, thành phố nêu trên". The units meant
//! are the ones of the last list before it with the same head, or the last group of that head
//! that said which members it meant ("… từ Hà Tĩnh đến Khánh Hòa"). The pointer is replaced by
//! what it points at before the tasks are read; a pointer with nothing before it to point at
//! stays as written.

use std::borrow::Cow;

use crate::domain::text::{fold_name, lower_in_place};

use super::units::{find_units, UnitMention};

/// The words that point back.
const POINTERS: &[&str] = &["nêu trên", "nói trên", "trên đây"];

/// `body` with each pointing group written out from what `text` (the whole document, of which
/// `body` is the part starting at byte `offset`) said before it.
#[must_use]
pub fn resolve<'a>(text: &str, body: &'a str, offset: usize) -> Cow<'a, str> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let lower = lower_in_place(line);
        if POINTERS.iter().any(|p| lower.contains(p)) {
            for m in find_units(line) {
                let Some(pointer) = pointed(line, &m) else {
                    continue;
                };
                let before = offset + line_start + m.start;
                let before = &text[..before.min(text.len())];
                let meant = if m.group {
                    antecedent(before, &m.name)
                } else {
                    plural_antecedent(before, &m.name)
                };
                if let Some(meant) = meant {
                    // a named unit in the plural: its "các" goes with it
                    let start = if m.group {
                        m.start
                    } else {
                        plural_at(line, &m)
                    };
                    edits.push((line_start + start, line_start + m.end + pointer, meant));
                }
            }
        }
        line_start += line.len();
    }
    if edits.is_empty() {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len() + 64);
    let mut last = 0;
    for (start, end, meant) in edits {
        out.push_str(&body[last..start]);
        out.push_str(&meant);
        last = end;
    }
    out.push_str(&body[last..]);
    Cow::Owned(out)
}

/// The length of the pointer right after group `m` ("nêu trên"), with the space before it. A
/// named unit points back only in the plural ("các Sở Xây dựng nêu trên": those of the provinces
/// listed before).
fn pointed(line: &str, m: &UnitMention) -> Option<usize> {
    if !m.group && plural_at(line, m) == m.start {
        return None;
    }
    let rest = line.get(m.end..)?;
    let trimmed = rest.trim_start();
    let lower = lower_in_place(trimmed);
    POINTERS
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| rest.len() - trimmed.len() + p.len())
}

/// What the group named `group` last meant in `before`: its list of members, written after the
/// group itself ("các tỉnh, thành phố: Hà Tĩnh, Quảng Trị"), or a longer name of it ("… từ Hà
/// Tĩnh đến Khánh Hòa"). Places merely mentioned ("phía đông các tỉnh A, B") are not meant.
fn antecedent(before: &str, group: &str) -> Option<String> {
    let folded = fold_name(group);
    let key = head_key(&folded);
    // Both kinds of antecedent write the group's own nouns ("tỉnh, thành phố"): a line without
    // them is not read for its units.
    let nouns = folded.rsplit("các ").next().unwrap_or(&folded).to_string();
    for (line, units) in lines_back(before, &nouns) {
        // a list of two units or more of the same head: "Hà Tĩnh, Quảng Trị, Huế"
        let members = members(&units, &key);
        // written as the group with its members: "UBND các tỉnh, thành phố: A, B"
        let listed = fold_name(line).contains(&format!("{folded}:"));
        if let (true, Some(first), Some(last)) = (
            listed && members.len() >= 2,
            members.first(),
            members.last(),
        ) {
            let items = line.get(first.start..last.end)?;
            return Some(format!("{group}: {items}"));
        }
        // the same group with the members it means
        if let Some(u) = units.iter().find(|u| {
            let f = fold_name(&u.name);
            u.group && f.starts_with(&folded) && f.len() > folded.len()
        }) {
            return Some(u.name.clone());
        }
    }
    None
}

/// Where "các" before named unit `m` starts ("các Sở Xây dựng"), or `m.start` without one.
/// ("Các Sở Y tế" reads as the shorthand list "các Sở: Y tế", whose item's span leaves the head
/// out: the head is looked past.)
fn plural_at(line: &str, m: &UnitMention) -> usize {
    let mut before = &line[..m.start];
    let head = m.name.split_whitespace().next().unwrap_or("");
    let bare = before.trim_end();
    if let Some(at) = bare.len().checked_sub(head.len()) {
        if bare
            .get(at..)
            .is_some_and(|w| w.to_lowercase() == head.to_lowercase())
        {
            before = &bare[..at];
        }
    }
    let trimmed = before.trim_end();
    match trimmed.len().checked_sub("các".len()) {
        Some(at)
            if trimmed.len() < before.len()
                && trimmed.get(at..).is_some_and(|w| w.to_lowercase() == "các")
                && trimmed[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric()) =>
        {
            at
        }
        _ => m.start,
    }
}

/// What the plural of named unit `name` last meant in `before`: a line that named it for two
/// places or more ("Sở Xây dựng các tỉnh: Gia Lai, Đắk Lắk") is written out from the name on.
fn plural_antecedent(before: &str, name: &str) -> Option<String> {
    let folded = fold_name(name);
    for (line, units) in lines_back(before, &folded) {
        let members = members(&units, &folded);
        if let (true, Some(first), Some(last)) =
            (members.len() >= 2, members.first(), members.last())
        {
            // the name as written before its places, which the members' spans leave out
            let lead_in = lower_in_place(line.get(..first.start).unwrap_or(""));
            if let Some(from) = lead_in.rfind(&lower_in_place(name)) {
                return line.get(from..last.end).map(str::to_string);
            }
        }
    }
    None
}

/// The lines of `before` from the last back that name `words` (folded), with their units: a
/// line without them is not read for its units.
fn lines_back<'a>(
    before: &'a str,
    words: &'a str,
) -> impl Iterator<Item = (&'a str, Vec<UnitMention>)> + 'a {
    before
        .lines()
        .rev()
        .filter(move |line| fold_name(line).contains(words))
        .map(|line| (line, find_units(line)))
}

/// The named units of `units` whose name goes on from `head` (folded): "Sở Xây dựng tỉnh Gia
/// Lai" of "sở xây dựng".
fn members<'u>(units: &'u [UnitMention], head: &str) -> Vec<&'u UnitMention> {
    let head = format!("{head} ");
    units
        .iter()
        .filter(|u| !u.group && fold_name(&u.name).starts_with(&head))
        .collect()
}

/// The head a group's members share: "ủy ban nhân dân" of "ủy ban nhân dân các tỉnh", "bộ" of
/// "các bộ".
fn head_key(folded: &str) -> String {
    let without = folded.strip_prefix("các ").unwrap_or(folded);
    match without.find(" các ") {
        Some(at) => without[..at].to_string(),
        None => without
            .split([' ', ','])
            .next()
            .unwrap_or(without)
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_pointing_back_at_a_list_is_its_members() {
        let text = "Kính gửi: Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh, Quảng Trị, Huế.\nChủ tịch Ủy ban nhân dân các tỉnh, thành phố nêu trên chỉ đạo sơ tán dân.";
        let body_at = text
            .find("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố nêu")
            .unwrap();
        let out = resolve(text, &text[body_at..], body_at);
        assert_eq!(
            out,
            "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Hà Tĩnh, Quảng Trị, Huế chỉ đạo sơ tán dân."
        );
    }

    #[test]
    fn a_group_pointing_back_at_its_longer_name_is_that_name() {
        let text = "Mưa lớn tại Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa.\nYêu cầu Ủy ban nhân dân các tỉnh, thành phố nêu trên sơ tán dân.";
        let out = resolve(text, text, 0);
        assert!(
            out.ends_with(
                "Yêu cầu Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa sơ tán dân."
            ),
            "{out}"
        );
    }

    #[test]
    fn places_merely_mentioned_are_not_what_a_group_points_at() {
        let text = "Mưa lớn ở phía đông các tỉnh Quảng Ngãi, Gia Lai.\nỦy ban nhân dân các tỉnh, thành phố nêu trên sơ tán dân.";
        assert_eq!(resolve(text, text, 0), text);
    }

    #[test]
    fn a_named_unit_in_the_plural_points_at_the_places_it_was_named_for() {
        let text = "Kính gửi:\n- Sở Y tế các tỉnh: Bình An, Hòa Lạc.\n2. Các Sở Y tế nêu trên rà soát cơ số thuốc.";
        let body_at = text.find("2. ").unwrap();
        let out = resolve(text, &text[body_at..], body_at);
        assert_eq!(
            out,
            "2. Sở Y tế các tỉnh: Bình An, Hòa Lạc rà soát cơ số thuốc."
        );
        // In a heading in capitals too.
        let text =
            "Kính gửi:\n- Sở Y tế các tỉnh: Bình An, Hòa Lạc.\n2. CÁC SỞ Y TẾ NÊU TRÊN rà soát.";
        let body_at = text.find("2. ").unwrap();
        let out = resolve(text, &text[body_at..], body_at);
        assert_eq!(out, "2. Sở Y tế các tỉnh: Bình An, Hòa Lạc rà soát.");
        // Named once, it is one unit: nothing to write out.
        let text = "Kính gửi: Sở Y tế tỉnh Bình An.\nCác Sở Y tế nêu trên rà soát.";
        assert_eq!(resolve(text, text, 0), text);
    }

    #[test]
    fn a_pointer_with_nothing_before_it_stays() {
        let text = "Các sở, ngành nêu trên khẩn trương thực hiện.";
        assert_eq!(resolve(text, text, 0), text);
    }
}
