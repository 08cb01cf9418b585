//! The unit directory file (`config/units.toml`): which units exist, their OrganIds, names,
//! abbreviations, addresses, which unit took over from which in a reorganisation, and the
//! generic groups directives name ("các sở, ban, ngành") with their member units.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{
    group_name_key, text::nfc, EmailAddress, OrganId, Unit, UnitGroup, UnitGroups, UnitKey,
    UnitKind, Validity,
};

/// A directory file, read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    pub units: Vec<Unit>,
    /// Its `[[groups]]`, over its units.
    pub groups: UnitGroups,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirectory {
    #[serde(default)]
    units: Vec<RawUnit>,
    #[serde(default)]
    groups: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    members: Vec<String>,
    members_kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    key: String,
    name: String,
    kind: String,
    #[serde(default)]
    organ_ids: Vec<String>,
    #[serde(default)]
    placeholder_ids: bool,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    emails: Vec<String>,
    tracking_specialist: Option<String>,
    valid_from: Option<String>,
    valid_to: Option<String>,
    #[serde(default)]
    succeeds: Vec<String>,
}

/// Reads and checks a directory file. Every problem is returned, each naming the file, the unit
/// or group, and the field.
pub fn read_directory(path: &Path) -> Result<Directory, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![format!("{}: cannot be read: {e}", path.display())])?;
    parse_directory(&text, &path.display().to_string())
}

/// Parses the directory's TOML; `origin` names it in messages.
pub fn parse_directory(text: &str, origin: &str) -> Result<Directory, Vec<String>> {
    let raw: RawDirectory =
        toml::from_str(text).map_err(|e| vec![format!("{origin}: {}", e.to_string().trim())])?;
    let mut problems = Vec::new();
    let mut units = Vec::new();
    let mut keys = HashSet::new();
    let mut organ_ids = HashSet::new();
    for (i, r) in raw.units.into_iter().enumerate() {
        let at = format!("{origin}: units[{i}] ({})", r.key);
        let mut bad =
            |field: &str, reason: String| problems.push(format!("{at}.{field}: {reason}"));
        let key = match UnitKey::parse(&r.key) {
            Ok(k) if k.is_unverified() => {
                bad("key", "the prefix \"unverified:\" is reserved".into());
                continue;
            }
            Ok(k) => k,
            Err(e) => {
                bad("key", e.to_string());
                continue;
            }
        };
        if !keys.insert(key.clone()) {
            bad("key", "is used by another unit".into());
        }
        let name = nfc(&r.name);
        if name.is_empty() {
            bad("name", "must not be empty".into());
        }
        let kind = UnitKind::parse(&r.kind).unwrap_or_else(|| {
            bad(
                "kind",
                format!("{:?} is not one of committee, office, department, agency, district, central, other", r.kind),
            );
            UnitKind::Other
        });
        let mut ids = Vec::new();
        for id in &r.organ_ids {
            match OrganId::parse(id) {
                Ok(id) => {
                    if !organ_ids.insert(id.clone()) {
                        bad("organ_ids", format!("{id} is given to another unit too"));
                    }
                    ids.push(id);
                }
                Err(e) => bad("organ_ids", e.to_string()),
            }
        }
        let mut emails = Vec::new();
        for e in &r.emails {
            match EmailAddress::parse(e) {
                Ok(a) => emails.push(a),
                Err(err) => bad("emails", err.to_string()),
            }
        }
        let tracking_specialist = r.tracking_specialist.as_deref().and_then(|s| {
            EmailAddress::parse(s)
                .map_err(|e| bad("tracking_specialist", e.to_string()))
                .ok()
        });
        let mut date = |field: &str, v: &Option<String>| {
            v.as_deref().and_then(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| bad(field, format!("{s:?} is not a date YYYY-MM-DD")))
                    .ok()
            })
        };
        let from = date("valid_from", &r.valid_from);
        let to = date("valid_to", &r.valid_to);
        let validity = Validity::new(from, to).unwrap_or_else(|e| {
            problems.push(format!("{at}.valid_to: {e}"));
            Validity::default()
        });
        let mut succeeds = Vec::new();
        for s in &r.succeeds {
            match UnitKey::parse(s) {
                Ok(k) => succeeds.push(k),
                Err(e) => problems.push(format!("{at}.succeeds: {e}")),
            }
        }
        units.push(Unit {
            key,
            name,
            kind,
            organ_ids: ids,
            placeholder_ids: r.placeholder_ids,
            aliases: r
                .aliases
                .iter()
                .map(|a| nfc(a))
                .filter(|a| !a.is_empty())
                .collect(),
            emails,
            tracking_specialist,
            validity,
            succeeds,
            verified: true,
        });
    }
    for u in &units {
        for s in &u.succeeds {
            if !keys.contains(s) {
                problems.push(format!(
                    "{origin}: unit {}.succeeds: no unit has the key {s}",
                    u.key
                ));
            }
            if s == &u.key {
                problems.push(format!(
                    "{origin}: unit {}.succeeds: a unit cannot succeed itself",
                    u.key
                ));
            }
        }
    }
    let groups = check_groups(raw.groups, &units, origin, &mut problems);
    if problems.is_empty() {
        let groups = UnitGroups::new(groups, &units);
        Ok(Directory { units, groups })
    } else {
        Err(problems)
    }
}

/// Checks the `[[groups]]` tables against the directory's units. A group must not share a name
/// with another group or with a unit (by [`group_name_key`], as texts are matched): a text naming
/// it could not tell which is meant.
fn check_groups(
    raw: Vec<RawGroup>,
    units: &[Unit],
    origin: &str,
    problems: &mut Vec<String>,
) -> Vec<UnitGroup> {
    let unit_names: HashMap<String, &UnitKey> = units
        .iter()
        .flat_map(|u| {
            std::iter::once(&u.name)
                .chain(&u.aliases)
                .map(move |n| (group_name_key(n), &u.key))
        })
        .collect();
    let keys: HashSet<&UnitKey> = units.iter().map(|u| &u.key).collect();
    // Each name's key, and the group that took it first.
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut groups = Vec::new();
    for (i, r) in raw.into_iter().enumerate() {
        let name = nfc(&r.name);
        let at = format!("{origin}: groups[{i}] ({name})");
        let mut bad =
            |field: &str, reason: String| problems.push(format!("{at}.{field}: {reason}"));
        if name.is_empty() {
            bad("name", "must not be empty".into());
        }
        let aliases: Vec<String> = r
            .aliases
            .iter()
            .map(|a| nfc(a))
            .filter(|a| !a.is_empty())
            .collect();
        // The same name twice within one group (an alias differing only by case or a trailing
        // "tỉnh") is harmless; across groups, or shared with a unit, it is ambiguous.
        let mut own = HashSet::new();
        let names = std::iter::once(("name", &name)).chain(aliases.iter().map(|a| ("aliases", a)));
        for (field, n) in names {
            let key = group_name_key(n);
            if key.is_empty() || !own.insert(key.clone()) {
                continue;
            }
            if let Some(unit) = unit_names.get(&key) {
                bad(field, format!("{n:?} is also a name of the unit {unit}"));
            }
            match taken.get(&key) {
                Some(other) => bad(
                    field,
                    format!("{n:?} is also a name of the group {other:?}"),
                ),
                None => {
                    taken.insert(key, name.clone());
                }
            }
        }
        let members_kind = r.members_kind.as_deref().and_then(|k| match UnitKind::parse(k) {
            Some(kind) if units.iter().any(|u| u.kind == kind) => Some(kind),
            Some(_) => {
                bad("members_kind", format!("no unit of the directory has the kind {k:?}"));
                None
            }
            None => {
                bad(
                    "members_kind",
                    format!("{k:?} is not one of committee, office, department, agency, district, central, other"),
                );
                None
            }
        });
        let mut members = Vec::new();
        for m in &r.members {
            match UnitKey::parse(m) {
                Ok(k) if keys.contains(&k) => {
                    if !members.contains(&k) {
                        members.push(k);
                    }
                }
                Ok(k) => bad("members", format!("no unit has the key {k}")),
                Err(e) => bad("members", e.to_string()),
            }
        }
        if r.members.is_empty() && r.members_kind.is_none() {
            bad(
                "members",
                "is empty: a group needs members (unit keys), members_kind, or both".into(),
            );
        }
        groups.push(UnitGroup {
            name,
            aliases,
            members,
            members_kind,
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_with_abbreviations_and_a_predecessor_loads() {
        let units = parse_directory(
            r#"
            [[units]]
            key = "so-a"
            name = "Sở Thử nghiệm"
            kind = "department"
            organ_ids = ["000.00.90.H57"]
            aliases = ["Sở TN"]
            emails = ["soa@province.example"]
            valid_to = "2025-02-28"
            [[units]]
            key = "so-b"
            name = "Sở Thử nghiệm mới"
            kind = "department"
            valid_from = "2025-03-01"
            succeeds = ["so-a"]
            "#,
            "units.toml",
        )
        .unwrap()
        .units;
        assert_eq!(units.len(), 2);
        assert_eq!(units[0].aliases, ["Sở TN"]);
        assert_eq!(units[1].succeeds[0].as_str(), "so-a");
    }

    #[test]
    fn every_problem_in_the_directory_is_reported_with_unit_and_field() {
        let errors = parse_directory(
            r#"
            [[units]]
            key = "so-a"
            name = "A"
            kind = "ministry"
            organ_ids = ["000.00.90.H57"]
            emails = ["not-an-address"]
            [[units]]
            key = "so-b"
            name = "B"
            kind = "department"
            organ_ids = ["000.00.90.H57"]
            succeeds = ["so-z"]
            "#,
            "units.toml",
        )
        .unwrap_err();
        let all = errors.join("\n");
        assert!(all.contains("units[0] (so-a).kind"), "{all}");
        assert!(all.contains("units[0] (so-a).emails"), "{all}");
        assert!(all.contains("units[1] (so-b).organ_ids"), "{all}");
        assert!(
            all.contains("so-b.succeeds: no unit has the key so-z"),
            "{all}"
        );
        assert_eq!(errors.len(), 4, "{all}");
    }

    #[test]
    fn the_shipped_directory_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/units.toml");
        let directory = read_directory(&path).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        let units = &directory.units;
        assert!(units.len() >= 30, "only {} units", units.len());
        // The ids the shared edXML fixtures use resolve to the units they name.
        let by_id = |id: &str| {
            units
                .iter()
                .find(|u| u.organ_ids.iter().any(|o| o.as_str() == id))
                .map(|u| u.name.clone())
        };
        assert_eq!(by_id("000.00.14.H57").as_deref(), Some("Sở Xây dựng"));
        assert_eq!(
            by_id("000.00.24.H57").as_deref(),
            Some("UBND thành phố Huế")
        );
        assert!(units
            .iter()
            .all(|u| u.emails.iter().all(|e| e.as_str().ends_with(".example"))));
        // The groups directives name most, expanded as of a day after the 2025 merger.
        let groups = &directory.groups;
        let on = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let members = |name: &str| -> Vec<String> {
            let group = groups
                .find(name)
                .unwrap_or_else(|| panic!("no group {name}"));
            groups
                .members_on(group, on)
                .iter()
                .map(|k| k.to_string())
                .collect()
        };
        let departments = members("Thủ trưởng các sở, ban, ngành tỉnh");
        assert!(departments.contains(&"so-tai-chinh-2025".to_string()));
        assert!(!departments.contains(&"so-ke-hoach-va-dau-tu".to_string()));
        let districts = members("Chủ tịch UBND các huyện, thị xã, thành phố");
        assert_eq!(districts.len(), 9, "{districts:?}");
    }

    const TWO_UNITS: &str = r#"
        [[units]]
        key = "so-a"
        name = "Sở Thử nghiệm"
        kind = "department"
        valid_to = "2025-02-28"
        [[units]]
        key = "ubnd-huyen-a"
        name = "UBND huyện A"
        kind = "district"
        aliases = ["UBND H. A"]
    "#;

    #[test]
    fn a_group_lists_its_members_by_key_by_kind_or_both() {
        let text = format!(
            r#"{TWO_UNITS}
            [[groups]]
            name = "các sở, ban, ngành"
            aliases = ["các sở, ngành", " ", "Các sở, ban, ngành tỉnh"]
            members_kind = "department"
            [[groups]]
            name = "UBND các huyện"
            members = ["ubnd-huyen-a", "ubnd-huyen-a"]
            "#
        );
        let directory = parse_directory(&text, "units.toml").unwrap();
        let groups = directory.groups.groups();
        assert_eq!(groups.len(), 2);
        assert_eq!(
            groups[0].aliases,
            ["các sở, ngành", "Các sở, ban, ngành tỉnh"],
            "blank aliases are dropped; one folding to the group's own name is harmless"
        );
        assert_eq!(groups[0].members_kind, Some(UnitKind::Department));
        assert_eq!(groups[1].members.len(), 1, "each member once");
    }

    #[test]
    fn every_problem_of_the_groups_is_reported_with_group_and_field() {
        let text = format!(
            r#"{TWO_UNITS}
            [[groups]]
            name = "các sở, ban, ngành"
            members = ["so-a", "so-z", "Not A Key"]
            [[groups]]
            name = "Các sở ban ngành tỉnh"
            aliases = ["UBND huyện A"]
            members_kind = "ministry"
            [[groups]]
            name = "các hội"
            members_kind = "agency"
            [[groups]]
            name = "các đoàn thể"
            "#
        );
        let errors = parse_directory(&text, "units.toml").unwrap_err();
        let all = errors.join("\n");
        let has = |s: &str| errors.iter().any(|e| e.contains(s));
        assert!(
            has("units.toml: groups[0] (các sở, ban, ngành).members: no unit has the key so-z"),
            "{all}"
        );
        assert!(
            has("groups[0] (các sở, ban, ngành).members: unit key \"Not A Key\" is invalid"),
            "{all}"
        );
        assert!(
            has("groups[1] (Các sở ban ngành tỉnh).name: \"Các sở ban ngành tỉnh\" is also a name of the group \"các sở, ban, ngành\""),
            "{all}"
        );
        assert!(
            has("groups[1] (Các sở ban ngành tỉnh).aliases: \"UBND huyện A\" is also a name of the unit ubnd-huyen-a"),
            "{all}"
        );
        assert!(
            has("groups[1] (Các sở ban ngành tỉnh).members_kind: \"ministry\" is not one of"),
            "{all}"
        );
        assert!(
            has("groups[2] (các hội).members_kind: no unit of the directory has the kind \"agency\""),
            "{all}"
        );
        assert!(has("groups[3] (các đoàn thể).members: is empty"), "{all}");
        assert_eq!(errors.len(), 7, "{all}");
    }
}
