//! The unit directory file (`config/units.toml`): which units exist, their OrganIds, names,
//! abbreviations, addresses, and which unit took over from which in a reorganisation.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{text::nfc, EmailAddress, OrganId, Unit, UnitKey, UnitKind, Validity};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirectory {
    #[serde(default)]
    units: Vec<RawUnit>,
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
/// and the field.
pub fn read_directory(path: &Path) -> Result<Vec<Unit>, Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| vec![format!("{}: cannot be read: {e}", path.display())])?;
    parse_directory(&text, &path.display().to_string())
}

/// Parses the directory's TOML; `origin` names it in messages.
pub fn parse_directory(text: &str, origin: &str) -> Result<Vec<Unit>, Vec<String>> {
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
    if problems.is_empty() {
        Ok(units)
    } else {
        Err(problems)
    }
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
        .unwrap();
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
        let units = read_directory(&path).unwrap_or_else(|e| panic!("{}", e.join("\n")));
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
    }
}
