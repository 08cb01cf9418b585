//! dondoc ("đôn đốc", to urge): keeps a Vietnamese province's directives from falling through the
//! cracks. It reads directive documents, keeps the tasks they assign in a shared SQL store, watches
//! their deadlines in Vietnamese working days and urges the units that are late.
//!
//! # Layout
//! - [`cli`]: one module per subcommand; [`app`]: the daemon (`App::build`, `App::run`);
//! - [`config`]: raw settings → validated [`config::Config`], the unit directory file;
//! - [`domain`]: documents, tasks, units, audit events — no I/O;
//! - [`extract`]: a directive's text → its header and tasks;
//! - [`sync`]: sources and the pipeline that turns a message into stored tasks;
//! - [`store`]: every SQL statement, for SQLite and PostgreSQL;
//! - [`calendar`]: Vietnamese working days, holidays and the lunar calendar;
//! - [`review`]: the Office confirms, corrects or rejects the drafted tasks;
//! - [`deadlines`]: state and timeliness (the units' deadlines, the Office's entry clock);
//! - [`urging`]: the urging policy (heads-ups, Phiếu báo, escalations, digests) and its queue;
//! - [`progress`]: results a specialist records; [`scheduler`]: cron jobs;
//! - [`clock`], [`shutdown`], [`hooks`], [`instance`], [`telemetry`]: cross-cutting concerns.
//!
//! `ARCHITECTURE.md` at the repository root maps the path a document takes.

pub mod app;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod config;
pub mod deadlines;
pub mod doctext;
pub mod domain;
pub mod extract;
pub mod hooks;
pub mod instance;
pub mod jobs;
pub mod mail;
pub mod progress;
pub mod review;
pub mod sandbox;
pub mod scheduler;
pub mod settings;
pub mod shutdown;
pub mod store;
pub mod sync;
pub mod telemetry;
pub mod urging;
