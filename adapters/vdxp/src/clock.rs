//! Time as the client sees it: a clock for the signed timestamp and `Retry-After` dates, and a
//! pause between attempts. Both are injected so tests can fix the one and record the other.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// Where the client reads the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Any `Fn() -> DateTime<Utc>` is a clock, so a test can pass `|| fixed`.
impl<F> Clock for F
where
    F: Fn() -> DateTime<Utc> + Send + Sync,
{
    fn now(&self) -> DateTime<Utc> {
        self()
    }
}

/// A boxed future that completes when a pause is over.
pub type PauseFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// How the client waits between attempts.
pub trait Pause: Send + Sync {
    fn pause(&self, duration: Duration) -> PauseFuture;
}

/// Waits on the Tokio timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioPause;

impl Pause for TokioPause {
    fn pause(&self, duration: Duration) -> PauseFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}
