//! Time as the store keeps it (Unix milliseconds) and as people read and type
//! it (RFC 3339 timestamps, human durations like `30s` or `2h`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// An RFC 3339 UTC timestamp with seconds, for tables and JSON.
pub fn format_ms(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// Parses a duration such as `500ms`, `10s`, `2m` or `1h 30m`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s.trim())
        .map_err(|e| format!("`{s}` is not a duration ({e}); write it like 500ms, 10s, 5m or 2h"))
}

/// `--since` takes either a duration back from now or an RFC 3339 timestamp;
/// returns the cut-off in Unix milliseconds.
pub fn parse_since(s: &str) -> Result<i64> {
    if let Ok(d) = humantime::parse_duration(s.trim()) {
        // A duration longer than the epoch is simply "since the beginning".
        let back = i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        return Ok(now_ms().saturating_sub(back).max(0));
    }
    if let Ok(t) = humantime::parse_rfc3339_weak(s.trim()) {
        let ms = t
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        return Ok(ms);
    }
    Err(Error::invalid(format!(
        "`{s}` is neither a duration (like 2h or 7days) nor a timestamp (like 2026-11-26T18:00:00Z)"
    )))
}

/// A point in time given as Unix seconds or as an RFC 3339 timestamp;
/// returns Unix seconds.
pub fn parse_unix_seconds(s: &str) -> Result<i64, String> {
    if let Ok(seconds) = s.trim().parse::<i64>() {
        return Ok(seconds);
    }
    match humantime::parse_rfc3339_weak(s.trim()) {
        Ok(t) => Ok(t
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)),
        Err(_) => Err(format!(
            "`{s}` is neither Unix seconds (like 1795716000) nor a timestamp (like \
             2026-11-26T18:00:00Z)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses() {
        assert_eq!(format_ms(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse_duration("1500ms").unwrap(),
            Duration::from_millis(1500)
        );
        assert!(parse_duration("soon").is_err());
        assert_eq!(parse_since("1970-01-01T00:00:10Z").unwrap(), 10_000);
        assert!(parse_since("yesterday").is_err());
        assert_eq!(parse_since("1000000000years").unwrap(), 0);
        assert_eq!(parse_unix_seconds("-1").unwrap(), -1);
        assert_eq!(parse_unix_seconds("1970-01-01T00:01:40Z").unwrap(), 100);
        assert!(parse_unix_seconds("soon").is_err());
    }
}
