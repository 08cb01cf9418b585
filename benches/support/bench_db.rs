//! The store a benchmark runs on: SQLite in the bench's folder by default, or, when
//! `DONDOC_BENCH_DATABASE_URL` names a PostgreSQL server, a fresh database beside the one named,
//! dropped at the end (`#[path]`-included by the benches that need it).

/// Where a bench's store lives.
pub struct BenchDb {
    /// The URL dondoc is given (`database.url`).
    pub url: String,
    /// The admin URL and the database's name, to drop it, for PostgreSQL.
    postgres: Option<(String, String)>,
}

impl BenchDb {
    /// A fresh store for the bench named `bench`, SQLite under `dir` unless PostgreSQL is asked.
    pub async fn create(bench: &str, dir: &std::path::Path) -> BenchDb {
        let Ok(admin) = std::env::var("DONDOC_BENCH_DATABASE_URL") else {
            return BenchDb {
                url: format!("sqlite://{}", dir.join("dondoc.db").display()),
                postgres: None,
            };
        };
        let name = format!("dondoc_bench_{bench}_{}", std::process::id());
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("cannot create the bench database {name}: {e}"));
        pool.close().await;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        BenchDb {
            url: format!("{base}/{name}"),
            postgres: Some((admin.clone(), name)),
        }
    }

    /// A store that exists already (kept by an earlier run): used as it is, never dropped.
    #[allow(dead_code)]
    pub fn existing(url: &str) -> BenchDb {
        BenchDb {
            url: url.to_string(),
            postgres: None,
        }
    }

    pub fn backend(&self) -> &'static str {
        if self.url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    /// Drops the PostgreSQL database (SQLite's file goes with the bench's folder).
    pub async fn drop(self) {
        if let Some((admin, name)) = self.postgres {
            let pool = sqlx::AnyPool::connect(&admin).await.unwrap();
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&pool)
                .await;
            pool.close().await;
        }
    }
}
