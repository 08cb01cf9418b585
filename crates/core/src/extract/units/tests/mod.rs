//! The unit finder's tests: names of every kind (`heads`), where names end and what is no
//! unit (`boundaries`), and the dev corpus's annotated units (`corpus`).

use super::*;

mod boundaries;
mod corpus;
mod heads;

pub(super) fn names(s: &str) -> Vec<String> {
    find_units(s).into_iter().map(|m| m.name).collect()
}

pub(super) fn mentions(s: &str) -> Vec<(String, bool, Role)> {
    find_units(s)
        .into_iter()
        .map(|m| (m.name, m.group, m.role))
        .collect()
}

pub(super) fn named(name: &str) -> (String, bool, Role) {
    (name.to_string(), false, Role::Named)
}

pub(super) fn group(name: &str) -> (String, bool, Role) {
    (name.to_string(), true, Role::Named)
}

pub(super) fn recipient(name: &str) -> (String, bool, Role) {
    (name.to_string(), false, Role::Recipient)
}

/// Names not rewritten (no abbreviation, no shorthand) are the text of their span.
pub(super) fn spans_are_names(s: &str) {
    for m in find_units(s) {
        let text: Vec<&str> = s[m.start..m.end].split_whitespace().collect();
        assert_eq!(text.join(" "), m.name, "span of {m:?} in {s:?}");
    }
}
