//! When a failed attempt is tried again, and after how long.

use std::time::{Duration, SystemTime};

/// Backoff never grows past this, however many retries are allowed.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// Whether an HTTP status is worth another attempt: timeouts, rate limits
/// and server errors may pass; other client errors will not.
pub fn status_is_retryable(status: u16) -> bool {
    status == 408 || status == 429 || (500..=599).contains(&status)
}

/// The wait before retry number `retry` (1 for the first retry): `base`
/// doubled each time, capped, with ±20% jitter so that many failing
/// deliveries do not come back in lockstep.
pub fn backoff(base: Duration, retry: u32) -> Duration {
    let exp = base.saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
    let capped = exp.min(MAX_BACKOFF);
    capped.mul_f64(jitter_factor())
}

fn jitter_factor() -> f64 {
    let mut bytes = [0u8; 4];
    let _ = getrandom::fill(&mut bytes);
    let unit = u32::from_le_bytes(bytes) as f64 / u32::MAX as f64;
    0.8 + 0.4 * unit
}

/// The wait a `Retry-After` header asks for, in seconds or as an HTTP date,
/// clamped to `max`. `None` when the header is absent or unreadable.
pub fn retry_after(value: Option<&str>, now: SystemTime, max: Duration) -> Option<Duration> {
    let value = value?.trim();
    let wait = if let Ok(secs) = value.parse::<u64>() {
        Duration::from_secs(secs)
    } else {
        let when = httpdate::parse_http_date(value).ok()?;
        when.duration_since(now).unwrap_or(Duration::ZERO)
    };
    Some(wait.min(max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        for s in [408, 429, 500, 502, 503, 599] {
            assert!(status_is_retryable(s), "{s}");
        }
        for s in [200, 301, 400, 401, 404, 410, 422] {
            assert!(!status_is_retryable(s), "{s}");
        }
    }

    #[test]
    fn backoff_doubles_within_jitter() {
        let base = Duration::from_millis(100);
        for retry in 1..=4u32 {
            let nominal = 100.0 * 2f64.powi(retry as i32 - 1);
            for _ in 0..50 {
                let ms = backoff(base, retry).as_secs_f64() * 1000.0;
                assert!(
                    ms >= nominal * 0.8 - 0.001 && ms <= nominal * 1.2 + 0.001,
                    "{ms}"
                );
            }
        }
        assert!(backoff(Duration::from_secs(100), 30) <= MAX_BACKOFF.mul_f64(1.2));
    }

    #[test]
    fn retry_after_seconds_dates_and_clamp() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let max = Duration::from_secs(60);
        assert_eq!(
            retry_after(Some("2"), now, max),
            Some(Duration::from_secs(2))
        );
        assert_eq!(retry_after(Some("3600"), now, max), Some(max));
        let date = httpdate::fmt_http_date(now + Duration::from_secs(5));
        assert_eq!(
            retry_after(Some(&date), now, max),
            Some(Duration::from_secs(5))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        assert_eq!(retry_after(Some(&past), now, max), Some(Duration::ZERO));
        assert_eq!(retry_after(Some("soon"), now, max), None);
        assert_eq!(retry_after(None, now, max), None);
    }
}
