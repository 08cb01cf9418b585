//! dondoc ("đôn đốc", to urge): keeps a Vietnamese province's directives from falling through the
//! cracks. It reads directive documents, keeps the tasks they assign in a shared SQL store, watches
//! their deadlines in Vietnamese working days and urges the units that are late.
//!
//! # Layers
//! Three crates, each rule kept by what it may depend on rather than by review:
//! - `dondoc-core` (`crates/core`): the rules, with no I/O — no sqlx, tokio, lettre or reqwest.
//!   Re-exported here: [`domain`], [`calendar`], [`clock`]'s trait, [`extract`], [`intake`] (what
//!   a message does to the store, as a plan), [`deadlines`], [`urging`]'s policy, [`settings`];
//! - `dondoc-store` (`crates/store`, re-exported as [`store`]): every SQL statement, for SQLite and
//!   PostgreSQL, on core's types; the service itself does not depend on sqlx;
//! - this crate, the service around them:
//!   - [`cli`]: one module per subcommand; [`app`]: the daemon (`App::build`, `App::run`);
//!   - [`config`]: raw settings → validated [`config::Config`], the unit directory file;
//!   - [`sync`]: sources and the pipeline that turns a message into stored tasks; [`doctext`] and
//!     [`sandbox`]: the text of untrusted attachments, read within budgets in a worker process;
//!   - [`jobs`]: a rule joined to the store (remind, overdue); [`scheduler`]: cron jobs;
//!   - [`review`]: the Office confirms, corrects or rejects the drafted tasks; [`progress`]:
//!     results a specialist records; [`mail`]: the outbox delivered;
//!   - [`web`]: the Office's pages and the JSON API; [`accounts`]: who may use them, and their
//!     sessions;
//!   - [`shutdown`], [`hooks`], [`instance`], [`telemetry`]: cross-cutting concerns.
//!
//! The adapters (`adapters/*`) are crates of their own, one per external system.
//! `ARCHITECTURE.md` at the repository root maps the path a document takes.

pub mod accounts;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod doctext;
pub mod hooks;
pub mod instance;
pub mod jobs;
pub mod mail;
pub mod programme;
pub mod progress;
pub mod report;
pub mod review;
pub mod sandbox;
pub mod scheduler;
pub mod shutdown;
pub mod sync;
pub mod telemetry;
pub mod web;

pub use dondoc_core::{calendar, deadlines, domain, extract, intake, settings, urging};
pub use dondoc_store as store;
