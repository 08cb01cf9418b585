//! When to try a call again, and how long to wait first.
//!
//! Policy: only transient failures ([`VdxpError::is_transient`]) are retried, at most
//! `max_retries` times after the first attempt. Waits grow from `retry_base`, doubling, with
//! jitter so several instances do not retry in step. A 429 or 503 that carries `Retry-After`
//! waits what the axis asked instead. No wait exceeds `retry_max`, so one call takes at most
//! about `(max_retries + 1) × timeout + max_retries × retry_max`.

use std::time::Duration;

use backon::ExponentialBuilder;
use chrono::{DateTime, Utc};

use crate::config::VdxpConfig;
use crate::error::VdxpError;

pub(crate) fn backoff(config: &VdxpConfig) -> ExponentialBuilder {
    ExponentialBuilder::default()
        .with_min_delay(config.retry_base)
        .with_max_delay(config.retry_max)
        .with_factor(2.0)
        .with_max_times(config.max_retries as usize)
        .with_jitter()
}

/// The wait before the next attempt: what the backoff proposes, replaced by `Retry-After`
/// when the axis sent one, and capped at `retry_max`. `None` (the backoff is spent) stays
/// `None`: `Retry-After` does not buy extra attempts.
pub(crate) fn next_wait(
    error: &VdxpError,
    proposed: Option<Duration>,
    retry_max: Duration,
) -> Option<Duration> {
    let proposed = proposed?;
    Some(error.retry_after().unwrap_or(proposed).min(retry_max))
}

/// `Retry-After` as delay-seconds or an HTTP-date, relative to `now`. A date in the past means
/// "now"; anything else unreadable is ignored and the backoff applies.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") is RFC 2822 syntax with GMT as the zone.
    let at = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::error::{Call, Operation};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 5, 31, 8, 0, 0).unwrap()
    }

    fn busy(retry_after: Option<Duration>) -> VdxpError {
        VdxpError::Http {
            call: Call::new(Operation::GetEdoc, Some("1")),
            status: 429,
            retry_after,
            body: String::new(),
        }
    }

    #[test]
    fn retry_after_is_read_as_seconds_or_an_http_date() {
        assert_eq!(parse_retry_after("1", now()), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after("Fri, 31 May 2024 08:00:30 GMT", now()),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Fri, 31 May 2024 07:00:00 GMT", now()),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now()), None);
    }

    #[test]
    fn the_axis_may_ask_for_a_wait_but_not_beyond_the_cap() {
        let cap = Duration::from_secs(10);
        let proposed = Some(Duration::from_millis(5));
        assert_eq!(
            next_wait(&busy(Some(Duration::from_secs(1))), proposed, cap),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            next_wait(&busy(Some(Duration::from_secs(3600))), proposed, cap),
            Some(cap)
        );
        assert_eq!(next_wait(&busy(None), proposed, cap), proposed);
    }

    #[test]
    fn retry_after_does_not_buy_extra_attempts() {
        assert_eq!(
            next_wait(
                &busy(Some(Duration::from_secs(1))),
                None,
                Duration::from_secs(10)
            ),
            None
        );
    }
}
