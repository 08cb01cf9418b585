//! Units: the directory loaded from config, and the unverified units documents introduce.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

use super::time::{day, instant, parse_day};
use super::{QueryContext, Store, StoreError, StoreTx};
use dondoc_core::domain::{
    text::unit_name_key, Actor, OrganId, TaskEvent, Unit, UnitKey, Validity,
};

/// What loading the directory changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DirectoryLoad {
    pub units: usize,
    /// Unverified units whose OrganId the directory now names: their tasks moved to the
    /// directory's unit.
    pub adopted: Vec<String>,
}

pub use dondoc_core::intake::{Resolution, ResolvedUnit};

const UNIT_LITE: &str = "u.key, u.verified, u.tracking_specialist, u.valid_from, u.valid_to";

/// What resolving needs of a unit row.
#[derive(Debug)]
struct UnitLite {
    key: String,
    verified: bool,
    tracking_specialist: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

impl UnitLite {
    fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, StoreError> {
        let day = |i: usize| -> Result<Option<NaiveDate>, StoreError> {
            let s: Option<String> = row.try_get(i).doing("reading a unit")?;
            s.map(|s| parse_day(&s)).transpose()
        };
        Ok(Self {
            key: row.try_get(0).doing("reading a unit")?,
            verified: row.try_get::<i64, _>(1).doing("reading a unit")? != 0,
            tracking_specialist: row.try_get(2).doing("reading a unit")?,
            valid_from: day(3)?,
            valid_to: day(4)?,
        })
    }

    fn valid_on(&self, on: NaiveDate) -> bool {
        Validity {
            from: self.valid_from,
            to: self.valid_to,
        }
        .contains(on)
    }
}

/// A unit found by name, alias, key or OrganId.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMatch {
    pub key: UnitKey,
    pub name: String,
}

impl Store {
    /// Inserts or updates every unit of the directory in one transaction.
    pub async fn load_directory(
        &self,
        units: &[Unit],
        now: DateTime<Utc>,
    ) -> Result<DirectoryLoad, StoreError> {
        let mut tx = self.begin().await?;
        let mut load = DirectoryLoad {
            units: units.len(),
            ..Default::default()
        };
        let c = &mut *tx.tx;
        for u in units {
            sqlx::query(
                "INSERT INTO units (key, name, kind, verified, placeholder_ids, tracking_specialist, \
                 valid_from, valid_to, updated_at) VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8) \
                 ON CONFLICT (key) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                 verified = 1, placeholder_ids = excluded.placeholder_ids, \
                 tracking_specialist = excluded.tracking_specialist, valid_from = excluded.valid_from, \
                 valid_to = excluded.valid_to, updated_at = excluded.updated_at",
            )
            .bind(u.key.as_str())
            .bind(&u.name)
            .bind(u.kind.as_str())
            .bind(i64::from(u.placeholder_ids))
            .bind(u.tracking_specialist.as_ref().map(|e| e.to_string()))
            .bind(u.validity.from.map(day))
            .bind(u.validity.to.map(day))
            .bind(instant(now))
            .execute(&mut *c)
            .await
            .doing("upserting a unit")?;
            for table in ["unit_aliases", "unit_emails", "unit_successions"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE unit_key = $1"))
                    .bind(u.key.as_str())
                    .execute(&mut *c)
                    .await
                    .doing("clearing a unit's details")?;
            }
            for alias in &u.aliases {
                sqlx::query("INSERT INTO unit_aliases (unit_key, alias) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(u.key.as_str())
                    .bind(alias)
                    .execute(&mut *c)
                    .await
                    .doing("storing an alias")?;
            }
            for email in &u.emails {
                sqlx::query("INSERT INTO unit_emails (unit_key, email) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(u.key.as_str())
                    .bind(email.as_str())
                    .execute(&mut *c)
                    .await
                    .doing("storing an email address")?;
            }
            for pred in &u.succeeds {
                sqlx::query(
                    "INSERT INTO unit_successions (unit_key, predecessor_key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(u.key.as_str())
                .bind(pred.as_str())
                .execute(&mut *c)
                .await
                .doing("storing a succession")?;
            }
        }
        for u in units {
            for id in &u.organ_ids {
                if let Some(adopted) = tx.claim_organ_id(id, &u.key, now).await? {
                    load.adopted.push(adopted);
                }
            }
        }
        tx.commit().await?;
        Ok(load)
    }

    /// Units whose key, OrganId, name or alias is `query` (names compared by
    /// [`unit_name_key`]: case, tone-mark placement and a trailing "tỉnh" aside).
    pub async fn find_units(&self, query: &str) -> Result<Vec<UnitMatch>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.key, u.name, a.alias, o.organ_id FROM units u \
             LEFT JOIN unit_aliases a ON a.unit_key = u.key \
             LEFT JOIN unit_organ_ids o ON o.unit_key = u.key ORDER BY u.key",
        )
        .fetch_all(&self.pool)
        .await
        .doing("looking up units")?;
        let wanted = unit_name_key(query);
        let mut out: Vec<UnitMatch> = Vec::new();
        for row in rows {
            let key: String = row.try_get(0).doing("reading a unit")?;
            let name: String = row.try_get(1).doing("reading a unit")?;
            let alias: Option<String> = row.try_get(2).doing("reading a unit")?;
            let organ: Option<String> = row.try_get(3).doing("reading a unit")?;
            let hit = key == query.trim()
                || organ
                    .as_deref()
                    .is_some_and(|o| o.eq_ignore_ascii_case(query.trim()))
                || unit_name_key(&name) == wanted
                || alias.as_deref().is_some_and(|a| unit_name_key(a) == wanted);
            if hit && !out.iter().any(|m| m.key.as_str() == key) {
                let key = UnitKey::parse(&key).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                out.push(UnitMatch { key, name });
            }
        }
        Ok(out)
    }

    /// How many units the store knows, verified or not.
    pub async fn count_units(&self) -> Result<(i64, i64), StoreError> {
        let row = sqlx::query(
            // COUNT, not SUM: PostgreSQL sums a BIGINT into a NUMERIC.
            "SELECT COUNT(CASE WHEN verified = 1 THEN 1 END), COUNT(CASE WHEN verified = 0 THEN 1 END) FROM units",
        )
        .fetch_one(&self.pool)
        .await
        .doing("counting units")?;
        Ok((
            row.try_get(0).doing("counting units")?,
            row.try_get(1).doing("counting units")?,
        ))
    }
}

impl StoreTx {
    /// The unit a recipient names, as of the document's issue day `on`: by OrganId; else, when the
    /// id is unknown or only known as unverified, by name or alias among the directory's units
    /// (many ids in an example directory are placeholders); else a new unverified unit carrying
    /// what the document said, so its task is kept. A unit no longer valid on `on` gives way to
    /// the unit that succeeded it (the 2025 mergers).
    pub async fn resolve_recipient(
        &mut self,
        organ_id: Option<&OrganId>,
        name: Option<&str>,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<ResolvedUnit, StoreError> {
        if let Some(found) = self.find_unit(organ_id, name, on).await? {
            return Ok(found);
        }
        let unit = match (organ_id, name) {
            (Some(id), _) => Unit::unverified(id.clone(), name),
            (None, Some(n)) => Unit::unverified_named(n),
            (None, None) => {
                return Err(StoreError::Corrupt(
                    "a recipient with neither OrganId nor name".into(),
                ))
            }
        };
        self.keep_unverified_unit(&unit, organ_id, now).await?;
        Ok(ResolvedUnit {
            key: unit.key,
            verified: false,
            tracking_specialist: None,
            how: Resolution::New,
        })
    }

    /// Keeps a unit the directory does not know (once: a unit kept before stays as it is), and
    /// the OrganId it was named by.
    pub async fn keep_unverified_unit(
        &mut self,
        unit: &Unit,
        organ_id: Option<&OrganId>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let c = &mut *self.tx;
        sqlx::query(
            "INSERT INTO units (key, name, kind, verified, updated_at) VALUES ($1, $2, $3, 0, $4) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(unit.key.as_str())
        .bind(&unit.name)
        .bind(unit.kind.as_str())
        .bind(instant(now))
        .execute(&mut *c)
        .await
        .doing("keeping an unverified unit")?;
        if let Some(id) = organ_id {
            sqlx::query("INSERT INTO unit_organ_ids (organ_id, unit_key) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id.as_str())
                .bind(unit.key.as_str())
                .execute(&mut *c)
                .await
                .doing("keeping an unverified unit")?;
        }
        Ok(())
    }

    /// The known unit (verified or not) a sender or recipient names, as of `on`, without creating
    /// one: by OrganId, else by name or alias among the directory's units, following successions.
    pub async fn find_unit(
        &mut self,
        organ_id: Option<&OrganId>,
        name: Option<&str>,
        on: NaiveDate,
    ) -> Result<Option<ResolvedUnit>, StoreError> {
        let by_id = match organ_id {
            Some(id) => self.unit_by_organ_id(id).await?,
            None => None,
        };
        let found = match by_id {
            Some(u) if u.verified => Some((u, Resolution::OrganId)),
            by_id => {
                let named = match name {
                    Some(n) => self.directory_units_named(n, on).await?,
                    None => None,
                };
                let how = if organ_id.is_some() {
                    Resolution::Name
                } else {
                    Resolution::NameOnly
                };
                match (named, by_id) {
                    (Some(u), _) => Some((u, how)),
                    (None, Some(u)) => Some((u, Resolution::OrganId)),
                    (None, None) => None,
                }
            }
        };
        let Some((unit, how)) = found else {
            return Ok(None);
        };
        let unit = self.successor_on(unit, on).await?;
        let key = UnitKey::parse(&unit.key).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        Ok(Some(ResolvedUnit {
            key,
            verified: unit.verified,
            tracking_specialist: unit.tracking_specialist,
            how,
        }))
    }

    /// The unit stored under `key` (a directory unit or an unverified one), as resolving gives it.
    pub async fn unit_by_key(&mut self, key: &UnitKey) -> Result<Option<ResolvedUnit>, StoreError> {
        let row = sqlx::query(&format!("SELECT {UNIT_LITE} FROM units u WHERE u.key = $1"))
            .bind(key.as_str())
            .fetch_optional(&mut *self.tx)
            .await
            .doing("looking up a unit")?;
        let Some(unit) = row.as_ref().map(UnitLite::from_row).transpose()? else {
            return Ok(None);
        };
        Ok(Some(ResolvedUnit {
            key: key.clone(),
            verified: unit.verified,
            tracking_specialist: unit.tracking_specialist,
            how: Resolution::Key,
        }))
    }

    async fn unit_by_organ_id(&mut self, id: &OrganId) -> Result<Option<UnitLite>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {UNIT_LITE} FROM units u JOIN unit_organ_ids o ON o.unit_key = u.key WHERE o.organ_id = $1"
        ))
        .bind(id.as_str())
        .fetch_optional(&mut *self.tx)
        .await
        .doing("resolving a recipient")?;
        row.as_ref().map(UnitLite::from_row).transpose()
    }

    /// The directory unit named `name` (or with it as an alias), preferring one valid on `on`.
    async fn directory_units_named(
        &mut self,
        name: &str,
        on: NaiveDate,
    ) -> Result<Option<UnitLite>, StoreError> {
        // Units are few (tens to hundreds), so names are folded here rather than in SQL, where
        // neither backend knows Vietnamese tone-mark variants.
        let wanted = unit_name_key(name);
        let rows = sqlx::query(&format!(
            "SELECT {UNIT_LITE}, u.name, a.alias FROM units u LEFT JOIN unit_aliases a ON a.unit_key = u.key \
             WHERE u.verified = 1 ORDER BY u.key"
        ))
        .fetch_all(&mut *self.tx)
        .await
        .doing("resolving a recipient")?;
        let mut matches = Vec::new();
        for row in &rows {
            let unit_name: String = row.try_get(5).doing("resolving a recipient")?;
            let alias: Option<String> = row.try_get(6).doing("resolving a recipient")?;
            if unit_name_key(&unit_name) == wanted
                || alias.is_some_and(|a| unit_name_key(&a) == wanted)
            {
                matches.push(UnitLite::from_row(row)?);
            }
        }
        let valid = matches.iter().position(|u| u.valid_on(on));
        Ok(match valid {
            Some(i) => Some(matches.swap_remove(i)),
            None => matches.into_iter().next(),
        })
    }

    /// `unit`, or the unit that succeeded it, valid on `on`.
    async fn successor_on(
        &mut self,
        mut unit: UnitLite,
        on: NaiveDate,
    ) -> Result<UnitLite, StoreError> {
        // A chain of renames is short; the bound only guards a cycle an admin wrote by mistake.
        for _ in 0..8 {
            if unit.valid_on(on) {
                break;
            }
            let rows = sqlx::query(&format!(
                "SELECT {UNIT_LITE} FROM units u JOIN unit_successions s ON s.unit_key = u.key \
                 WHERE s.predecessor_key = $1 ORDER BY u.key"
            ))
            .bind(&unit.key)
            .fetch_all(&mut *self.tx)
            .await
            .doing("following a succession")?;
            let successors = rows
                .iter()
                .map(UnitLite::from_row)
                .collect::<Result<Vec<_>, _>>()?;
            match successors.into_iter().find(|s| s.valid_on(on)) {
                Some(next) => unit = next,
                None => break,
            }
        }
        Ok(unit)
    }

    /// Points `organ_id` at `key`. When it pointed at an unverified unit, that unit's tasks move
    /// to `key` and the unverified unit goes; its old key is returned.
    async fn claim_organ_id(
        &mut self,
        organ_id: &OrganId,
        key: &UnitKey,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        let current: Option<String> =
            sqlx::query_scalar("SELECT unit_key FROM unit_organ_ids WHERE organ_id = $1")
                .bind(organ_id.as_str())
                .fetch_optional(&mut *self.tx)
                .await
                .doing("reading an OrganId")?;
        let mut adopted = None;
        match current {
            Some(old) if old == key.as_str() => return Ok(None),
            Some(old) if old.starts_with("unverified:") => {
                // Every task that named the unverified unit records the change in its trail.
                let affected: Vec<i64> = sqlx::query_scalar(
                    "SELECT id FROM tasks WHERE lead_unit = $1 OR reporting_unit = $1 \
                     OR id IN (SELECT task_id FROM task_support WHERE unit_key = $1) ORDER BY id",
                )
                .bind(&old)
                .fetch_all(&mut *self.tx)
                .await
                .doing("finding the tasks of an unverified unit")?;
                for sql in [
                    "UPDATE tasks SET lead_unit = $1 WHERE lead_unit = $2",
                    "UPDATE tasks SET reporting_unit = $1 WHERE reporting_unit = $2",
                    "UPDATE task_support SET unit_key = $1 WHERE unit_key = $2 \
                     AND task_id NOT IN (SELECT task_id FROM task_support WHERE unit_key = $1)",
                    "DELETE FROM task_support WHERE unit_key = $2 AND $1 <> $2",
                    "DELETE FROM unit_organ_ids WHERE unit_key = $2 AND $1 <> $2",
                    "DELETE FROM units WHERE key = $2 AND $1 <> $2",
                ] {
                    sqlx::query(sql)
                        .bind(key.as_str())
                        .bind(&old)
                        .execute(&mut *self.tx)
                        .await
                        .doing("moving tasks to a directory unit")?;
                }
                for task_id in affected {
                    self.insert_event(&TaskEvent {
                        task_id,
                        at: now,
                        actor: Actor::System,
                        action: "unit_adopted".into(),
                        before: Some(serde_json::json!({ "unit": old })),
                        after: Some(serde_json::json!({ "unit": key.as_str() })),
                    })
                    .await?;
                }
                adopted = Some(old);
            }
            _ => {}
        }
        sqlx::query(
            "INSERT INTO unit_organ_ids (organ_id, unit_key) VALUES ($1, $2) \
             ON CONFLICT (organ_id) DO UPDATE SET unit_key = excluded.unit_key",
        )
        .bind(organ_id.as_str())
        .bind(key.as_str())
        .execute(&mut *self.tx)
        .await
        .doing("storing an OrganId")?;
        Ok(adopted)
    }
}
