//! Accounts, their sessions, the failed logins that throttle guessing, and the audit log of what
//! a person does outside a task's trail. A session is looked up by the hash of its token, and
//! only while it is unrevoked, unexpired and its account enabled: disabling an account or
//! changing its password revokes its sessions in the same transaction.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::time::{instant, parse_instant};
use super::{QueryContext, Store, StoreError};
use dondoc_core::domain::{Account, Role, UnitKey, Username};

/// A session found by its token's hash, with its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub account: Account,
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub subject: Option<String>,
    pub detail: Option<String>,
}

const ACCOUNT_COLUMNS: &str = "a.id, a.username, a.role, a.unit_key, a.disabled_at";

fn account_of(r: &AnyRow, from: usize) -> Result<Account, StoreError> {
    let doing = "reading an account";
    let name: String = r.try_get(from + 1).doing(doing)?;
    let kind: String = r.try_get(from + 2).doing(doing)?;
    let unit = r
        .try_get::<Option<String>, _>(from + 3)
        .doing(doing)?
        .map(|k| UnitKey::parse(&k))
        .transpose()
        .map_err(|e| StoreError::Corrupt(format!("account {name:?}: {e}")))?;
    Ok(Account {
        id: r.try_get(from).doing(doing)?,
        username: Username::parse(&name)
            .map_err(|e| StoreError::Corrupt(format!("account {name:?}: {e}")))?,
        role: Role::from_parts(&kind, unit)
            .map_err(|e| StoreError::Corrupt(format!("account {name:?}: {e}")))?,
        disabled: r
            .try_get::<Option<String>, _>(from + 4)
            .doing(doing)?
            .is_some(),
    })
}

impl Store {
    /// Adds an account; `None` when the name is taken (the existing account is left as it is).
    /// A unit account's unit must be in the directory.
    pub async fn add_account(
        &self,
        username: &Username,
        role: &Role,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<Account>, StoreError> {
        let at = instant(at);
        let done = sqlx::query(
            "INSERT INTO accounts (username, role, unit_key, password_hash, created_at, \
             password_set_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (username) DO NOTHING",
        )
        .bind(username.as_str())
        .bind(role.kind())
        .bind(role.unit().map(|u| u.as_str()))
        .bind(password_hash)
        .bind(&at)
        .execute(&self.pool)
        .await
        .doing("adding an account")?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        Ok(self.account(username).await?.map(|(a, _)| a))
    }

    /// The account named `username`, with its password hash.
    pub async fn account(
        &self,
        username: &Username,
    ) -> Result<Option<(Account, String)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS}, a.password_hash FROM accounts a WHERE a.username = $1"
        ))
        .bind(username.as_str())
        .fetch_optional(&self.pool)
        .await
        .doing("reading an account")?;
        row.map(|r| {
            Ok((
                account_of(&r, 0)?,
                r.try_get(5).doing("reading an account")?,
            ))
        })
        .transpose()
    }

    /// Every account, by name.
    pub async fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.username"
        ))
        .fetch_all(&self.pool)
        .await
        .doing("listing the accounts")?;
        rows.iter().map(|r| account_of(r, 0)).collect()
    }

    /// Disables `username` and revokes its sessions; false when there is no such account or it
    /// is disabled already.
    pub async fn disable_account(
        &self,
        username: &Username,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = instant(at);
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE accounts SET disabled_at = $1 WHERE username = $2 AND disabled_at IS NULL",
        )
        .bind(&at)
        .bind(username.as_str())
        .execute(&mut *tx.tx)
        .await
        .doing("disabling an account")?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        revoke_sessions_of(&mut tx, username, &at).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Sets `username`'s password hash (and enables it again, if it was disabled) and revokes its
    /// sessions; false when there is no such account.
    pub async fn set_password(
        &self,
        username: &Username,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let at = instant(at);
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE accounts SET password_hash = $1, password_set_at = $2, disabled_at = NULL \
             WHERE username = $3",
        )
        .bind(password_hash)
        .bind(&at)
        .bind(username.as_str())
        .execute(&mut *tx.tx)
        .await
        .doing("setting a password")?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        revoke_sessions_of(&mut tx, username, &at).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Opens a session for `account` under the hash of its token.
    pub async fn open_session(
        &self,
        account: &Account,
        token_hash: &str,
        csrf: &str,
        address: &str,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = instant(at);
        sqlx::query(
            "INSERT INTO web_sessions (token_hash, account_id, csrf, address, created_at, \
             seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(token_hash)
        .bind(account.id)
        .bind(csrf)
        .bind(address)
        .bind(&at)
        .bind(instant(expires_at))
        .execute(&self.pool)
        .await
        .doing("opening a session")?;
        Ok(())
    }

    /// The session whose token hashes to `token_hash`, if it is live at `now`: not revoked, not
    /// expired, its account enabled.
    pub async fn session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionRow>, StoreError> {
        let doing = "reading a session";
        let row = sqlx::query(&format!(
            "SELECT {ACCOUNT_COLUMNS}, s.csrf, s.created_at, s.seen_at, s.expires_at FROM web_sessions s \
             JOIN accounts a ON a.id = s.account_id \
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
             AND a.disabled_at IS NULL"
        ))
        .bind(token_hash)
        .bind(instant(now))
        .fetch_optional(&self.pool)
        .await
        .doing(doing)?;
        row.map(|r| {
            Ok(SessionRow {
                account: account_of(&r, 0)?,
                csrf: r.try_get(5).doing(doing)?,
                created_at: parse_instant(&r.try_get::<String, _>(6).doing(doing)?)?,
                seen_at: parse_instant(&r.try_get::<String, _>(7).doing(doing)?)?,
                expires_at: parse_instant(&r.try_get::<String, _>(8).doing(doing)?)?,
            })
        })
        .transpose()
    }

    /// Records that the session was used at `at` and now expires at `expires_at` (never later
    /// than it was allowed to, which the caller reckons).
    pub async fn touch_session(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE web_sessions SET seen_at = $1, expires_at = $2 \
             WHERE token_hash = $3 AND revoked_at IS NULL",
        )
        .bind(instant(at))
        .bind(instant(expires_at))
        .bind(token_hash)
        .execute(&self.pool)
        .await
        .doing("recording a session's use")?;
        Ok(())
    }

    /// Revokes one session (a logout); false when it was not live.
    pub async fn revoke_session(
        &self,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE web_sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
        )
        .bind(instant(at))
        .bind(token_hash)
        .execute(&self.pool)
        .await
        .doing("revoking a session")?;
        Ok(done.rows_affected() > 0)
    }

    /// Records a login attempt for `username` (as typed) from `address`, counted as failed until
    /// [`Store::forget_login_attempt`] says it was not; its id.
    pub async fn record_login_failure(
        &self,
        username: &str,
        address: &str,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        sqlx::query_scalar(
            "INSERT INTO login_failures (username, address, at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(username)
        .bind(address)
        .bind(instant(at))
        .fetch_one(&self.pool)
        .await
        .doing("recording a login attempt")
    }

    /// Forgets the attempt `id`: it succeeded.
    pub async fn forget_login_attempt(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .doing("forgetting a login attempt")?;
        Ok(())
    }

    /// The failed logins since `since`: for `username`, and from `address`.
    pub async fn login_failures_since(
        &self,
        username: &str,
        address: &str,
        since: DateTime<Utc>,
    ) -> Result<(i64, i64), StoreError> {
        let doing = "counting failed logins";
        let since = instant(since);
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $3), \
                    (SELECT COUNT(*) FROM login_failures WHERE address = $2 AND at > $3)",
        )
        .bind(username)
        .bind(address)
        .bind(&since)
        .fetch_one(&self.pool)
        .await
        .doing(doing)?;
        Ok((r_i64(&row, 0, doing)?, r_i64(&row, 1, doing)?))
    }

    /// Forgets `username`'s failed logins: it has just logged in.
    pub async fn clear_login_failures(&self, username: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&self.pool)
            .await
            .doing("clearing failed logins")?;
        Ok(())
    }

    /// Forgets the failed logins before `before` (housekeeping).
    pub async fn purge_login_failures(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM login_failures WHERE at < $1")
            .bind(instant(before))
            .execute(&self.pool)
            .await
            .doing("purging old failed logins")?;
        Ok(done.rows_affected())
    }

    /// Forgets the sessions that expired or were revoked before `before` (housekeeping).
    pub async fn purge_sessions(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let before = instant(before);
        let done = sqlx::query("DELETE FROM web_sessions WHERE expires_at < $1 OR revoked_at < $1")
            .bind(&before)
            .execute(&self.pool)
            .await
            .doing("purging ended sessions")?;
        Ok(done.rows_affected())
    }

    /// Writes a line of the audit log.
    pub async fn audit(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: &str,
        subject: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(instant(at))
        .bind(actor)
        .bind(action)
        .bind(subject)
        .bind(detail)
        .execute(&self.pool)
        .await
        .doing("writing the audit log")?;
        Ok(())
    }

    /// The latest `limit` lines of the audit log, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let doing = "reading the audit log";
        let rows = sqlx::query(
            "SELECT at, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await
        .doing(doing)?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: parse_instant(&r.try_get::<String, _>(0).doing(doing)?)?,
                    actor: r.try_get(1).doing(doing)?,
                    action: r.try_get(2).doing(doing)?,
                    subject: r.try_get(3).doing(doing)?,
                    detail: r.try_get(4).doing(doing)?,
                })
            })
            .collect()
    }
}

fn r_i64(r: &AnyRow, i: usize, doing: &'static str) -> Result<i64, StoreError> {
    r.try_get::<i64, _>(i).doing(doing)
}

async fn revoke_sessions_of(
    tx: &mut super::StoreTx,
    username: &Username,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE web_sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND account_id = \
         (SELECT id FROM accounts WHERE username = $2)",
    )
    .bind(at)
    .bind(username.as_str())
    .execute(&mut *tx.tx)
    .await
    .doing("revoking an account's sessions")?;
    Ok(())
}
