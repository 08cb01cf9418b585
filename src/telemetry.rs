//! Logs: `tracing` to stderr, readable on a terminal or JSON for a log collector. stdout belongs
//! to the commands' output.
//!
//! **Invariant:** no secret reaches a log at any level. The libraries that speak the wire
//! protocols (lettre's SMTP, reqwest and hyper's HTTP, rustls) trace what they send below `info`,
//! an SMTP login included (`AUTH PLAIN <base64>`): their events above `info` are dropped whatever
//! `RUST_LOG` asks for.

use tracing::Level;
use tracing_subscriber::filter::{filter_fn, FilterExt};
use tracing_subscriber::prelude::*;
use tracing_subscriber::{fmt, EnvFilter, Layer, Registry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// The crates whose debug and trace output carries what goes over the wire.
const WIRE_CRATES: &[&str] = &[
    "lettre",
    "reqwest",
    "hyper",
    "hyper_util",
    "h2",
    "rustls",
    "tokio_rustls",
];

/// Whether an event or span of `target` at `level` may be logged: never a wire crate's below
/// `info`.
fn allowed(target: &str, level: &Level) -> bool {
    let wire = WIRE_CRATES.iter().any(|c| {
        target
            .strip_prefix(c)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    });
    !(wire && *level > Level::INFO)
}

/// Installs the subscriber. `RUST_LOG` overrides the default level (`info`, sqlx at `warn`).
pub fn init(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let wire = filter_fn(|m| allowed(m.target(), m.level()));
    let layer: Box<dyn Layer<Registry> + Send + Sync> = match format {
        LogFormat::Text => fmt::layer().with_writer(std::io::stderr).boxed(),
        LogFormat::Json => fmt::layer()
            .json()
            .flatten_event(true)
            .with_writer(std::io::stderr)
            .boxed(),
    };
    // A second init (tests calling into the CLI twice) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(filter.and(wire)))
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_crates_log_nothing_below_info_and_everything_else_may() {
        assert!(!allowed("lettre::transport::smtp::client", &Level::DEBUG));
        assert!(!allowed("lettre", &Level::TRACE));
        assert!(!allowed("hyper_util::client", &Level::DEBUG));
        assert!(allowed("lettre::transport::smtp", &Level::WARN));
        assert!(allowed("dondoc::mail::sender", &Level::TRACE));
        assert!(allowed("lettre_like_crate", &Level::TRACE));
    }
}
