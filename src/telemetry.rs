//! Logs: `tracing` to stderr, readable on a terminal or JSON for a log collector. stdout belongs
//! to the commands' output.
//!
//! **Invariant:** no secret reaches a log at any level. The libraries that speak the wire
//! protocols (lettre's SMTP, reqwest and hyper's HTTP, rustls) trace what they send below `info`,
//! an SMTP login included (`AUTH PLAIN <base64>`): whatever `RUST_LOG` says of them is set aside,
//! and they log at `info` at most.

use tracing_subscriber::EnvFilter;

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

const DEFAULT: &str = "info,sqlx=warn";

/// Whether one `RUST_LOG` directive ("lettre::transport=trace", "hyper[span]=debug") is about
/// a wire crate.
fn names_a_wire_crate(directive: &str) -> bool {
    let target = directive
        .trim()
        .split(['=', '['])
        .next()
        .unwrap_or_default();
    WIRE_CRATES.iter().any(|c| {
        target
            .strip_prefix(c)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    })
}

/// The filter `spec` (a `RUST_LOG` value) asks for, its directives about wire crates set aside
/// and each wire crate held at `info`.
fn filter_of(spec: &str) -> EnvFilter {
    let kept: Vec<&str> = spec.split(',').filter(|d| !names_a_wire_crate(d)).collect();
    let mut filter = EnvFilter::try_new(kept.join(",")).unwrap_or_else(|_| EnvFilter::new(DEFAULT));
    for c in WIRE_CRATES {
        if let Ok(directive) = format!("{c}=info").parse() {
            filter = filter.add_directive(directive);
        }
    }
    filter
}

/// Installs the subscriber. `RUST_LOG` overrides the default level (`info`, sqlx at `warn`).
pub fn init(format: LogFormat) {
    let spec = std::env::var("RUST_LOG")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT.to_string());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter_of(&spec))
        .with_writer(std::io::stderr);
    // A second init (tests calling into the CLI twice) keeps the first subscriber.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    std::panic::set_hook(Box::new(log_panic));
}

/// A panic (a library's, on a document it did not expect, most often caught and turned into an
/// error) goes to the log as one event, never as raw text on stderr between JSON lines: its
/// message cleaned to one printable line and cut short, as it may quote the document.
fn log_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = crate::domain::text::panic_message(info.payload());
    let location = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_default();
    tracing::error!(panic = %message, %location, "A panic");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_about_the_wire_crates_are_set_aside_and_the_rest_kept() {
        assert!(names_a_wire_crate("lettre=trace"));
        assert!(names_a_wire_crate(" lettre::transport::smtp=debug"));
        assert!(names_a_wire_crate("hyper_util[conn]=trace"));
        assert!(!names_a_wire_crate("dondoc=trace"));
        assert!(!names_a_wire_crate("trace"));
        assert!(!names_a_wire_crate("lettre_like=trace"));
        let f = filter_of("trace,lettre::transport=trace").to_string();
        assert!(
            f.contains("lettre=info") && !f.contains("lettre::transport"),
            "{f}"
        );
    }
}
