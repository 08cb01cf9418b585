//! The shared SQL store: SQLite by default, PostgreSQL when several instances share it.
//!
//! Both backends run the same SQL through sqlx's `Any` driver; where they must differ (the
//! transaction's opening statement, later the claim queries) [`Backend`] says which is in use.
//! Values are kept in portable forms: instants as fixed-width UTC text, days as `YYYY-MM-DD`,
//! flags as integers, so that text comparison orders them on both backends. No other crate
//! writes SQL: the service does not depend on sqlx; this crate depends on the rules
//! (`dondoc-core`) alone, and answers in their types.

mod accounts;
mod answers;
mod deadletters;
mod documents;
mod intake;
mod jobs;
mod outbox;
mod programme;
mod progress;
mod reports;
mod review;
mod sources;
mod tasks;
mod time;
mod units;
mod urging;
mod url;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Transaction};

pub use accounts::{AuditEntry, SessionRow};
pub use answers::{DocumentTask, PendingAnswer};
pub use deadletters::{DeadLetter, DeadLetterStatus, NewDeadLetter};
pub use documents::{AttachmentRecord, DocumentRecord, MessageRecord};
pub use intake::Applied;
pub use jobs::JobRun;
pub use outbox::{Attempt, DocumentHeading, OutboxEntry, OutboxStatus, RetryOutcome};
pub use programme::{NewScheme, SchemeMark};
pub use progress::TaskFile;
pub use reports::{ReportRange, TaskRead};
pub use review::ReviewedTask;
pub use sources::{PassCounts, SourceStatus};
pub use tasks::{TaskFilter, TaskRow, UnitRef};
pub use units::{DirectoryLoad, Resolution, ResolvedUnit, UnitMatch};
pub use urging::QueuedNotice;
pub use url::{redact_url, with_password};

/// Where the store is and how it connects (`[database]`).
#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    /// `sqlite://…` or `postgres://…`; may carry a password, which is never printed.
    pub url: SecretString,
    /// A password kept out of the URL (e.g. from `DONDOC__DATABASE__PASSWORD`).
    pub password: Option<SecretString>,
    pub max_connections: u32,
    /// How long SQLite waits for a lock held by another process (the CLI beside the daemon).
    pub busy_timeout: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What can go wrong talking to the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed while {doing}: {source}")]
    Query {
        doing: &'static str,
        source: sqlx::Error,
    },
    #[error("the database holds a value dondoc cannot read: {0}")]
    Corrupt(String),
    /// A file kept beside the store (an attachment) could not be written or moved; the
    /// transaction is not committed.
    #[error("cannot keep a file while {doing}: {source}")]
    Files {
        doing: &'static str,
        source: std::io::Error,
    },
    /// The store changed under a plan in a way it cannot follow (a document refused as a
    /// duplicate and yet not found): nothing is committed, and the message is read again at the
    /// next pass.
    #[error("the store changed while a message was applied: {0}")]
    Conflict(String),
    /// A plan names a task or document it did not make: a bug in the planner, not the data.
    #[error("a plan is inconsistent: {0}")]
    Plan(String),
}

pub(crate) trait QueryContext<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> QueryContext<T> for Result<T, sqlx::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Query { doing, source })
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens the database named by the config, creating a SQLite file (and its folder) if needed.
    /// Migrations are not applied here: see [`Store::migrate`].
    pub async fn connect(config: &DatabaseConfig) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let url = config.url.expose_secret().to_string();
        let shown = redact_url(&url);
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let full_url = match backend {
            Backend::Sqlite => sqlite_url(&url),
            Backend::Postgres => match &config.password {
                Some(p) => with_password(&url, p.expose_secret()).map_err(|reason| {
                    StoreError::Connect {
                        url: shown.clone(),
                        source: sqlx::Error::Configuration(reason.into()),
                    }
                })?,
                None => url.clone(),
            },
        };
        let options =
            AnyConnectOptions::from_str(&full_url).map_err(|source| StoreError::Connect {
                url: shown.clone(),
                source,
            })?;
        let busy_ms = config.busy_timeout.as_millis();
        let pool = AnyPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets the CLI read while the daemon writes; the busy timeout makes a
                        // second writer wait instead of failing at once.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query(&format!("PRAGMA busy_timeout = {busy_ms}"))
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = NORMAL")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Connect { url: shown, source })?;
        Ok(Self { pool, backend })
    }

    /// Applies the migrations of this backend that are not applied yet.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::migrate!("../../migrations/sqlite")
                    .run(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::migrate!("../../migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Whether the store answers at all: tells a store that is down from one that refuses a
    /// particular message.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .doing("checking that the store answers")?;
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`),
    /// so two writers queue on the busy timeout instead of failing on a lock upgrade.
    pub async fn begin(&self) -> Result<StoreTx, StoreError> {
        let statement = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        let tx = self
            .pool
            .begin_with(statement)
            .await
            .doing("starting a transaction")?;
        Ok(StoreTx { tx })
    }
}

/// A write transaction: everything done through it commits together or not at all. Dropping it
/// without [`StoreTx::commit`] rolls it back.
pub struct StoreTx {
    tx: Transaction<'static, Any>,
}

impl StoreTx {
    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await.doing("committing")
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        self.tx.rollback().await.doing("rolling back")
    }
}

/// Adds `mode=rwc` so that SQLite creates the file, and makes its folder.
fn sqlite_url(url: &str) -> String {
    let path_part = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or("");
    if !path_part.is_empty() && path_part != ":memory:" {
        if let Some(parent) = Path::new(path_part).parent() {
            // A failure here surfaces as a clear connect error naming the file.
            let _ = std::fs::create_dir_all(parent);
        }
    }
    if url.contains("mode=") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_their_file() {
        assert_eq!(sqlite_url("sqlite::memory:"), "sqlite::memory:?mode=rwc");
        assert!(sqlite_url("sqlite:///tmp/x.db?mode=ro").ends_with("mode=ro"));
    }
}
