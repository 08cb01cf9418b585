//! Units: the directory loaded from config, and the unverified units documents introduce.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::time::{day, instant};
use super::{QueryContext, Store, StoreError, StoreTx};
use crate::domain::{text::fold_name, OrganId, Unit, UnitKey};

/// What loading the directory changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DirectoryLoad {
    pub units: usize,
    /// Unverified units whose OrganId the directory now names: their tasks moved to the
    /// directory's unit.
    pub adopted: Vec<String>,
}

/// The unit a recipient resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedUnit {
    pub key: UnitKey,
    pub verified: bool,
    /// The Office specialist the directory assigns to this unit.
    pub tracking_specialist: Option<String>,
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
                if let Some(adopted) = tx.claim_organ_id(id, &u.key).await? {
                    load.adopted.push(adopted);
                }
            }
        }
        tx.commit().await?;
        Ok(load)
    }

    /// Units whose key, OrganId, name or alias is `query` (names compared case- and
    /// tone-mark-insensitively).
    pub async fn find_units(&self, query: &str) -> Result<Vec<UnitMatch>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.key, u.name, a.alias, o.organ_id FROM units u \
             LEFT JOIN unit_aliases a ON a.unit_key = u.key \
             LEFT JOIN unit_organ_ids o ON o.unit_key = u.key ORDER BY u.key",
        )
        .fetch_all(&self.pool)
        .await
        .doing("looking up units")?;
        let wanted = fold_name(query);
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
                || fold_name(&name) == wanted
                || alias.as_deref().is_some_and(|a| fold_name(a) == wanted);
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
    /// The unit a recipient names, by OrganId or else by name or alias. One the directory does
    /// not know becomes an unverified unit carrying what the document said, so its task is kept.
    pub async fn resolve_recipient(
        &mut self,
        organ_id: Option<&OrganId>,
        name: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<ResolvedUnit, StoreError> {
        let c = &mut *self.tx;
        const SELECT: &str =
            "SELECT u.key, u.verified, u.tracking_specialist, u.name, NULL FROM units u";
        let found = match (organ_id, name) {
            (Some(id), _) => sqlx::query(&format!(
                "{SELECT} JOIN unit_organ_ids o ON o.unit_key = u.key WHERE o.organ_id = $1"
            ))
            .bind(id.as_str())
            .fetch_optional(&mut *c)
            .await
            .doing("resolving a recipient")?,
            (None, Some(name)) => {
                // Units are few (tens to hundreds), so names are folded here rather than in SQL,
                // where neither backend knows Vietnamese tone-mark variants.
                let wanted = fold_name(name);
                let rows = sqlx::query(
                    "SELECT u.key, u.verified, u.tracking_specialist, u.name, a.alias FROM units u LEFT JOIN unit_aliases a ON a.unit_key = u.key \
                     ORDER BY u.verified DESC, u.key"
                )
                .fetch_all(&mut *c)
                .await
                .doing("resolving a recipient")?;
                let mut hit = None;
                for row in rows {
                    let unit_name: String = row.try_get(3).doing("resolving a recipient")?;
                    let alias: Option<String> = row.try_get(4).doing("resolving a recipient")?;
                    if fold_name(&unit_name) == wanted
                        || alias.is_some_and(|a| fold_name(&a) == wanted)
                    {
                        hit = Some(row);
                        break;
                    }
                }
                hit
            }
            (None, None) => None,
        };
        if let Some(row) = found {
            let key: String = row.try_get(0).doing("resolving a recipient")?;
            let verified: i64 = row.try_get(1).doing("resolving a recipient")?;
            let tracking_specialist: Option<String> =
                row.try_get(2).doing("resolving a recipient")?;
            let key = UnitKey::parse(&key).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            return Ok(ResolvedUnit {
                key,
                verified: verified != 0,
                tracking_specialist,
            });
        }
        let (key, shown) = match (organ_id, name) {
            (Some(id), _) => (
                UnitKey::unverified(id),
                name.map(str::to_string).unwrap_or_else(|| id.to_string()),
            ),
            (None, Some(n)) => (UnitKey::unverified_name(n), n.to_string()),
            (None, None) => {
                return Err(StoreError::Corrupt(
                    "a recipient with neither OrganId nor name".into(),
                ))
            }
        };
        sqlx::query(
            "INSERT INTO units (key, name, kind, verified, updated_at) VALUES ($1, $2, 'other', 0, $3) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key.as_str())
        .bind(&shown)
        .bind(instant(now))
        .execute(&mut *c)
        .await
        .doing("keeping an unverified unit")?;
        if let Some(id) = organ_id {
            sqlx::query("INSERT INTO unit_organ_ids (organ_id, unit_key) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id.as_str())
                .bind(key.as_str())
                .execute(&mut *c)
                .await
                .doing("keeping an unverified unit")?;
        }
        Ok(ResolvedUnit {
            key,
            verified: false,
            tracking_specialist: None,
        })
    }

    /// Points `organ_id` at `key`. When it pointed at an unverified unit, that unit's tasks move
    /// to `key` and the unverified unit goes; its old key is returned.
    async fn claim_organ_id(
        &mut self,
        organ_id: &OrganId,
        key: &UnitKey,
    ) -> Result<Option<String>, StoreError> {
        let c = &mut *self.tx;
        let current: Option<String> =
            sqlx::query_scalar("SELECT unit_key FROM unit_organ_ids WHERE organ_id = $1")
                .bind(organ_id.as_str())
                .fetch_optional(&mut *c)
                .await
                .doing("reading an OrganId")?;
        let mut adopted = None;
        match current {
            Some(old) if old == key.as_str() => return Ok(None),
            Some(old) if old.starts_with("unverified:") => {
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
                        .execute(&mut *c)
                        .await
                        .doing("moving tasks to a directory unit")?;
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
        .execute(&mut *c)
        .await
        .doing("storing an OrganId")?;
        Ok(adopted)
    }
}
