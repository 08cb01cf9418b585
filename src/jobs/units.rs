//! Which unit a name an official typed means.

/// The one unit `query` names among `matches` (the store's `find_units`): among several of one
/// name (a department before and after a merger), the one `prefer` picks if it picks one alone;
/// otherwise why not, with the keys to choose from.
pub fn one_unit(
    query: &str,
    matches: &[crate::store::UnitMatch],
    prefer: impl Fn(&str) -> bool,
) -> Result<String, String> {
    let chosen: Vec<&crate::store::UnitMatch> = match matches {
        [] => {
            return Err(format!(
                "no unit is named {query:?} (try its key, OrganId, name or abbreviation)"
            ))
        }
        [one] => vec![one],
        many => many.iter().filter(|u| prefer(u.key.as_str())).collect(),
    };
    match chosen.as_slice() {
        [one] => Ok(one.key.as_str().to_string()),
        _ => {
            let keys: Vec<String> = matches
                .iter()
                .map(|u| {
                    format!(
                        "{} ({})",
                        u.key.as_str(),
                        crate::domain::text::clip(&u.name, 80)
                    )
                })
                .collect();
            Err(format!(
                "{query:?} names {} units; give one of their keys: {}",
                matches.len(),
                keys.join(", ")
            ))
        }
    }
}

/// The key of the one directory unit `query` names (a unit account's unit), or why not.
pub async fn unit_key_named(
    store: &crate::store::Store,
    query: &str,
) -> Result<Result<crate::domain::UnitKey, String>, crate::store::StoreError> {
    let matches = store.find_units(query).await?;
    Ok(one_unit(query, &matches, |_| false)
        .and_then(|key| crate::domain::UnitKey::parse(&key).map_err(|e| e.to_string())))
}
