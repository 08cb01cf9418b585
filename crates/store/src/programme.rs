//! The register of the committee's work programme (Appendix VI): schemes added (registered at the
//! start of the year, or given during it), then marked withdrawn, submitted or issued on a day.
//! Each mark is guarded by the scheme's state in its statement, so two specialists marking one
//! scheme at once cannot both succeed.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::time::{day, instant, parse_day};
use super::{QueryContext, Store, StoreError};
use dondoc_core::report::Scheme;

/// A scheme to add to the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewScheme {
    /// The unit that submits it (a key of the directory).
    pub unit: String,
    pub title: String,
    /// Its number in the programme, when it has one.
    pub code: Option<String>,
    /// The first day of the month it is due in.
    pub due_month: NaiveDate,
    pub registered: bool,
    pub added_on: NaiveDate,
}

/// What a scheme can be marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeMark {
    /// Withdrawn or moved out of the programme (not once submitted).
    Withdrawn,
    /// Submitted to the committee (not once withdrawn).
    Submitted,
    /// Issued by the committee (once submitted).
    Issued,
}

const COLUMNS: &str = "id, unit_key, title, due_month, registered, added_on, withdrawn_on, \
     submitted_on, issued_on, code";

fn scheme_of(r: &AnyRow) -> Result<(Scheme, Option<String>), StoreError> {
    let doing = "reading a scheme of the programme";
    let opt_day = |i: usize| -> Result<Option<NaiveDate>, StoreError> {
        r.try_get::<Option<String>, _>(i)
            .doing(doing)?
            .map(|s| parse_day(&s))
            .transpose()
    };
    Ok((
        Scheme {
            id: r.try_get(0).doing(doing)?,
            unit: r.try_get(1).doing(doing)?,
            title: r.try_get(2).doing(doing)?,
            due_month: parse_day(&r.try_get::<String, _>(3).doing(doing)?)?,
            registered: r.try_get::<i64, _>(4).doing(doing)? != 0,
            added_on: parse_day(&r.try_get::<String, _>(5).doing(doing)?)?,
            withdrawn_on: opt_day(6)?,
            submitted_on: opt_day(7)?,
            issued_on: opt_day(8)?,
        },
        r.try_get(9).doing(doing)?,
    ))
}

impl Store {
    /// Adds `schemes` in one transaction, recorded as by `by` at `at`; one the register holds
    /// already (same unit, month and title) is left as it is. Returns how many were new.
    pub async fn add_schemes(
        &self,
        schemes: &[NewScheme],
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let mut tx = self.begin().await?;
        let mut added = 0;
        for s in schemes {
            let done = sqlx::query(
                "INSERT INTO programme_schemes (unit_key, title, code, due_month, registered, \
                 added_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (unit_key, due_month, title) DO NOTHING",
            )
            .bind(&s.unit)
            .bind(&s.title)
            .bind(s.code.as_deref())
            .bind(day(s.due_month))
            .bind(i64::from(s.registered))
            .bind(day(s.added_on))
            .bind(by)
            .bind(instant(at))
            .execute(&mut *tx.tx)
            .await
            .doing("adding a scheme to the programme")?;
            added += done.rows_affected() as usize;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Marks the scheme `id` on `on`. Returns `false`, changing nothing, when there is no such
    /// scheme or its state does not allow the mark (read it with [`Store::scheme`] to say why).
    pub async fn mark_scheme(
        &self,
        id: i64,
        mark: SchemeMark,
        on: NaiveDate,
        reason: Option<&str>,
    ) -> Result<bool, StoreError> {
        let sql = match mark {
            SchemeMark::Withdrawn => {
                "UPDATE programme_schemes SET withdrawn_on = $1, withdraw_reason = $3 \
                 WHERE id = $2 AND withdrawn_on IS NULL AND submitted_on IS NULL"
            }
            SchemeMark::Submitted => {
                "UPDATE programme_schemes SET submitted_on = $1 \
                 WHERE id = $2 AND withdrawn_on IS NULL AND submitted_on IS NULL"
            }
            SchemeMark::Issued => {
                "UPDATE programme_schemes SET issued_on = $1 WHERE id = $2 \
                 AND withdrawn_on IS NULL AND submitted_on IS NOT NULL AND submitted_on <= $1 \
                 AND issued_on IS NULL"
            }
        };
        let mut query = sqlx::query(sql).bind(day(on)).bind(id);
        if mark == SchemeMark::Withdrawn {
            query = query.bind(reason);
        }
        let done = query
            .execute(&self.pool)
            .await
            .doing("marking a scheme of the programme")?;
        Ok(done.rows_affected() == 1)
    }

    /// The scheme `id` and its number in the programme.
    pub async fn scheme(&self, id: i64) -> Result<Option<(Scheme, Option<String>)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM programme_schemes WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a scheme of the programme")?;
        row.as_ref().map(scheme_of).transpose()
    }

    /// The schemes due in the months from the one of `from` to the one of `to`, with their
    /// numbers in the programme, by month, unit and id.
    pub async fn schemes(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(Scheme, Option<String>)>, StoreError> {
        let first = from.with_day0(0).unwrap_or(from);
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM programme_schemes WHERE due_month >= $1 AND due_month <= $2 \
             ORDER BY due_month, unit_key, id"
        ))
        .bind(day(first))
        .bind(day(to))
        .fetch_all(&self.pool)
        .await
        .doing("reading the programme")?;
        rows.iter().map(scheme_of).collect()
    }
}
