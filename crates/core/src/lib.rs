//! dondoc's rules, without I/O: what a directive assigns and what the regulation says becomes of
//! it. Nothing here opens a socket or a database or reads the machine's clock, and the one file
//! it reads is the admin's calendar folder when `[calendar] dir` names one (the calendar is built
//! from it); the service (`dondoc`) reads and writes, and asks these modules what to do. The
//! service's `tests/it/layers.rs` checks it.
//!
//! - [`domain`]: documents, tasks, units, audit events — types that cannot hold invalid values;
//! - [`calendar`]: Vietnamese working days, holidays and the lunar calendar;
//! - [`clock`]: the [`clock::Clock`] logic asks for the time, and the province's time zone;
//! - [`extract`]: a directive's text → its header and tasks;
//! - [`deadlines`]: state and timeliness (the units' deadlines, the Office's entry clock);
//! - [`intake`]: what a message does to the store — a new document, an update, a replacement,
//!   a revoke, a unit's answer — as a plan of changes, decided from what the store knows;
//! - [`urging`]: the urging policy (heads-ups, Phiếu báo, escalations, digests) and its schedule;
//! - [`settings`]: the typed settings these rules read (urging numbers, office hours, secrecy).

pub mod calendar;
pub mod clock;
pub mod deadlines;
pub mod domain;
pub mod extract;
pub mod intake;
pub mod report;
pub mod settings;
pub mod urging;
