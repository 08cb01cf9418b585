//! The service's clocks: the machine's (the one place dondoc reads the time), and one that runs
//! with Tokio's timer; core's trait and fixed clock ([`dondoc_core::clock`]) re-exported.

use chrono::{DateTime, Utc};

pub use dondoc_core::clock::*;

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that starts at a chosen instant and runs with Tokio's timer: under Tokio's paused time
/// it jumps exactly as far as the timers do, so scheduling tests run weeks in microseconds.
#[derive(Debug, Clone)]
pub struct TimerClock {
    start: DateTime<Utc>,
    started: tokio::time::Instant,
}

impl TimerClock {
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            start,
            started: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TimerClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = tokio::time::Instant::now() - self.started;
        self.start
            + chrono::Duration::from_std(elapsed).unwrap_or_else(|_| chrono::Duration::zero())
    }
}
