//! Test hooks: named points in the ingestion path where a test can make the daemon stop and wait,
//! so that a signal arrives exactly there instead of at a moment guessed with a timer.
//!
//! Set by `DONDOC_TEST_PAUSE_AT=<point>:<n>` (the n-th message reaching `<point>`); inert otherwise.
//! `stall_<point>:<n>` pauses for good, for tests of a stop whose grace period runs out.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::shutdown::Shutdown;

pub const ENV: &str = "DONDOC_TEST_PAUSE_AT";

/// Whether the hooks are built in: in debug builds (the tests') and with the `crash-points`
/// feature. A release build carries none: each hook below is a constant-false branch the
/// compiler removes, and the variables are never read.
pub const COMPILED_IN: bool = cfg!(any(debug_assertions, feature = "crash-points"));

/// Where a test may pause the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Point {
    /// Inside the transaction, everything written, before the commit.
    BeforeCommit,
    /// After the commit, before the file is moved out of the inbox.
    AfterCommit,
}

/// What the pipeline does once paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    /// Goes on once a stop is asked for (the work in flight completes).
    Resume,
    /// Never goes on: stands for work that outlasts the stop's grace period.
    Stall,
}

impl Point {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "before_commit" => Some(Self::BeforeCommit),
            "after_commit" => Some(Self::AfterCommit),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::BeforeCommit => "before_commit",
            Self::AfterCommit => "after_commit",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Hooks {
    pause: Option<(Point, usize, Then)>,
    seen: Arc<AtomicUsize>,
}

impl Hooks {
    pub fn none() -> Self {
        Self::default()
    }

    /// Reads the hook from its variable's value; a malformed value is an error, not silence.
    pub fn parse(value: &str) -> Result<Self, String> {
        let (point, n) = value.split_once(':').unwrap_or((value, "1"));
        let (point, then) = match point.strip_prefix("stall_") {
            Some(p) => (p, Then::Stall),
            None => (point, Then::Resume),
        };
        let point = Point::parse(point).ok_or_else(|| format!("{ENV}: unknown point {point:?}"))?;
        let n: usize = n
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{ENV}: {n:?} is not a message number"))?;
        Ok(Self {
            pause: Some((point, n, then)),
            seen: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// Called at `point`; when it is the configured pause, announces it and waits for the stop.
    pub async fn reached(&self, point: Point, shutdown: &Shutdown) {
        let Some((at, n, then)) = self.pause else {
            return;
        };
        if at != point {
            return;
        }
        if self.seen.fetch_add(1, Ordering::SeqCst) + 1 == n {
            tracing::warn!(
                point = point.name(),
                message = n,
                "Test hook reached; waiting for a stop"
            );
            shutdown.wait().await;
            if then == Then::Stall {
                std::future::pending::<()>().await;
            }
        }
    }
}

/// The variable naming a blocking stall: `DONDOC_TEST_STALL_IN=<point>` makes the thread that
/// reaches `<point>` (in a sandbox worker, where a document's text is read) never return, as a
/// hostile document that takes minutes would: for the tests that a document's time budget and a
/// stop end it anyway.
pub const STALL_ENV: &str = "DONDOC_TEST_STALL_IN";

/// Never returns if the stall variable names `point`; else nothing.
pub fn blocking_stall(point: &'static str) {
    if !COMPILED_IN {
        return;
    }
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| std::env::var(STALL_ENV).ok());
    if target.as_deref() == Some(point) {
        // On stderr, not in the log: it is reached in a sandbox worker, which has no log of its
        // own, and whose stderr the daemon logs.
        eprintln!("Test stall reached at {point}; this thread never returns");
        loop {
            std::thread::park();
        }
    }
}

/// The variable naming a crash point: `DONDOC_TEST_CRASH_AT=<point>[:<n>]` makes the process
/// kill itself with SIGKILL (as a power cut would: nothing flushed, nothing committed) the n-th
/// time it reaches `<point>`. For the tests that prove a message is neither lost nor doubled.
pub const CRASH_ENV: &str = "DONDOC_TEST_CRASH_AT";

/// Aborts the process here if the crash variable names `point` and this is its n-th passage.
pub fn crash_point(point: &'static str) {
    if !COMPILED_IN {
        return;
    }
    static TARGET: std::sync::OnceLock<Option<(String, usize)>> = std::sync::OnceLock::new();
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    let target = TARGET.get_or_init(|| {
        let value = std::env::var(CRASH_ENV).ok()?;
        let (name, n) = value.split_once(':').unwrap_or((&value, "1"));
        Some((name.to_string(), n.parse().unwrap_or(1)))
    });
    let Some((name, n)) = target else {
        return;
    };
    if name == point && SEEN.fetch_add(1, Ordering::SeqCst) + 1 == *n {
        eprintln!("{CRASH_ENV}: crashing at {point}");
        let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
        std::process::abort();
    }
}
