//! Generic groups a directive tasks as a whole ("các sở, ban, ngành", "UBND các huyện, thị xã,
//! thành phố"), which the unit directory may expand to its member units: each member answers for
//! itself, so the regulation tracks one task per member.

use chrono::NaiveDate;

use super::ids::UnitKey;
use super::text::unit_name_key;
use super::unit::{Unit, UnitKind, Validity};

/// Titles a text puts before a group to say who answers for it ("Thủ trưởng các sở, ban,
/// ngành", "Chủ tịch UBND các huyện"): the group is the same without them. Folded as
/// [`unit_name_key`] folds.
const TITLES: &[&str] = &[
    "thủ trưởng",
    "giám đốc",
    "chủ tịch",
    "người đứng đầu",
    "lãnh đạo",
];

/// The key a group's name is compared by: [`unit_name_key`] (case, tone-mark placement and a
/// trailing "tỉnh" aside), without a leading title, and with commas and semicolons read as
/// spaces, since texts write "các sở, ban, ngành" and "các sở ban ngành" alike.
pub fn group_name_key(s: &str) -> String {
    let key = unit_name_key(&s.replace([',', ';'], " "));
    for title in TITLES {
        if let Some(rest) = key.strip_prefix(title).and_then(|r| r.strip_prefix(' ')) {
            return rest.to_string();
        }
    }
    key
}

/// A group of the unit directory, a `[[groups]]` table of `config/units.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitGroup {
    /// How directives usually write the group.
    pub name: String,
    /// The other ways they write it.
    pub aliases: Vec<String>,
    /// Units that belong to it, by key.
    pub members: Vec<UnitKey>,
    /// Every directory unit of this kind belongs to it too.
    pub members_kind: Option<UnitKind>,
}

impl UnitGroup {
    /// Its name, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// What expanding a group needs to know of a directory unit.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    key: UnitKey,
    kind: UnitKind,
    validity: Validity,
}

/// The directory's groups, and the one place a name a text gives is matched to a group and a
/// group expanded to its members on a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitGroups {
    groups: Vec<UnitGroup>,
    /// Each name's key and the index of its group.
    keys: Vec<(String, usize)>,
    /// The directory's units, in its order.
    units: Vec<Member>,
}

impl UnitGroups {
    /// `groups` over the units of `directory`.
    pub fn new(groups: Vec<UnitGroup>, directory: &[Unit]) -> Self {
        let keys = groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.names().map(move |n| (group_name_key(n), i)))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        let units = directory
            .iter()
            .map(|u| Member {
                key: u.key.clone(),
                kind: u.kind,
                validity: u.validity,
            })
            .collect();
        Self {
            groups,
            keys,
            units,
        }
    }

    pub fn groups(&self) -> &[UnitGroup] {
        &self.groups
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The group `name` (as a text writes it) stands for: the one whose name or an alias has the
    /// same [`group_name_key`].
    pub fn find(&self, name: &str) -> Option<&UnitGroup> {
        let wanted = group_name_key(name);
        self.keys
            .iter()
            .find(|(k, _)| *k == wanted)
            .map(|&(_, i)| &self.groups[i])
    }

    /// The members of `group` valid on `on` (a document's issue day), in the directory's order,
    /// each once. A member not valid that day (dissolved, merged, not yet created) is left out.
    pub fn members_on(&self, group: &UnitGroup, on: NaiveDate) -> Vec<UnitKey> {
        self.units
            .iter()
            .filter(|u| u.validity.contains(on))
            .filter(|u| group.members.contains(&u.key) || group.members_kind == Some(u.kind))
            .map(|u| u.key.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn unit(key: &str, kind: UnitKind, to: Option<&str>) -> Unit {
        let mut u = Unit::unverified_named(key);
        u.key = UnitKey::parse(key).unwrap();
        u.kind = kind;
        u.verified = true;
        u.validity = Validity::new(None, to.map(day)).unwrap();
        u
    }

    fn groups() -> UnitGroups {
        let directory = [
            unit("so-a", UnitKind::Department, Some("2025-02-28")),
            unit("so-b", UnitKind::Department, None),
            unit("ubnd-huyen-a", UnitKind::District, None),
            unit("ubnd-huyen-b", UnitKind::District, None),
            unit("ban-x", UnitKind::Agency, None),
        ];
        UnitGroups::new(
            vec![
                UnitGroup {
                    name: "các sở, ban, ngành".into(),
                    aliases: vec!["các sở, ngành".into()],
                    members: vec![UnitKey::parse("ban-x").unwrap()],
                    members_kind: Some(UnitKind::Department),
                },
                UnitGroup {
                    name: "UBND các huyện, thị xã, thành phố".into(),
                    aliases: vec!["UBND cấp huyện".into()],
                    members: vec![
                        UnitKey::parse("ubnd-huyen-b").unwrap(),
                        UnitKey::parse("ubnd-huyen-a").unwrap(),
                    ],
                    members_kind: None,
                },
            ],
            &directory,
        )
    }

    #[test]
    fn a_group_is_found_by_its_name_or_alias_whatever_the_title_case_commas_and_trailing_tinh() {
        let g = groups();
        let name = |s: &str| g.find(s).map(|g| g.name.as_str());
        assert_eq!(name("các sở, ban, ngành"), Some("các sở, ban, ngành"));
        assert_eq!(name("Các Sở, Ban, Ngành tỉnh"), Some("các sở, ban, ngành"));
        assert_eq!(name("các sở ban ngành"), Some("các sở, ban, ngành"));
        assert_eq!(
            name("Thủ trưởng các sở, ban, ngành tỉnh"),
            Some("các sở, ban, ngành")
        );
        assert_eq!(name("Giám đốc các sở, ngành"), Some("các sở, ban, ngành"));
        assert_eq!(
            name("Chủ tịch UBND các huyện, thị xã, thành phố"),
            Some("UBND các huyện, thị xã, thành phố")
        );
        assert_eq!(
            name("UBND cấp huyện"),
            Some("UBND các huyện, thị xã, thành phố")
        );
    }

    #[test]
    fn only_the_whole_name_matches_a_group() {
        let g = groups();
        // "liên quan" names only some of them: the Office picks which.
        assert!(g.find("các sở, ban, ngành liên quan").is_none());
        assert!(g.find("các sở").is_none());
        assert!(g.find("Sở Tài chính").is_none());
        assert!(g.find("").is_none());
        assert!(g.find("Thủ trưởng").is_none());
    }

    #[test]
    fn a_group_expands_to_its_members_valid_on_the_day_in_the_directorys_order() {
        let g = groups();
        let keys = |name: &str, on: &str| -> Vec<String> {
            g.members_on(g.find(name).unwrap(), day(on))
                .iter()
                .map(|k| k.to_string())
                .collect()
        };
        assert_eq!(
            keys("các sở, ban, ngành", "2024-06-01"),
            ["so-a", "so-b", "ban-x"],
            "the units of its kind and those named by key"
        );
        assert_eq!(
            keys("các sở, ban, ngành", "2025-03-01"),
            ["so-b", "ban-x"],
            "a unit merged away is no member after its last day"
        );
        assert_eq!(
            keys("UBND cấp huyện", "2026-01-01"),
            ["ubnd-huyen-a", "ubnd-huyen-b"]
        );
    }

    #[test]
    fn group_name_keys_fold_titles_and_punctuation_only_at_the_edges() {
        assert_eq!(
            group_name_key("Thủ trưởng các sở, ban, ngành tỉnh"),
            "các sở ban ngành"
        );
        assert_eq!(group_name_key("các sở,ban,ngành"), "các sở ban ngành");
        assert_eq!(
            group_name_key("UBND các huyện, thị xã, thành phố"),
            "ubnd các huyện thị xã thành phố"
        );
        // A title is dropped only at the start.
        assert_eq!(
            group_name_key("các đồng chí Chủ tịch"),
            "các đồng chí chủ tịch"
        );
    }
}
