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

/// The last instant RFC 3339 can write: 9999-12-31T23:59:59Z.
const LAST_RFC3339_MS: i64 = 253_402_300_799_000;

/// An RFC 3339 UTC timestamp with seconds, for tables and JSON. A time past
/// the year 9999 (only a store changed by other hands holds one) is shown
/// as the last one RFC 3339 can write, never a panic.
pub fn format_ms(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms.clamp(0, LAST_RFC3339_MS) as u64);
    humantime::format_rfc3339_seconds(t).to_string()
}

/// Longest `--grace` of a secret rotation.
const MAX_GRACE: Duration = Duration::from_secs(365 * 86_400);

/// `--grace`: how long a replaced secret goes on signing, at most a year. A
/// grace is hours or days; a longer one would keep a secret that was meant
/// to go.
pub fn parse_grace(s: &str) -> Result<Duration, String> {
    match parse_duration(s)? {
        grace if grace > MAX_GRACE => Err(format!(
            "`{s}` is longer than a rotation's grace may be, 365days; a replaced secret \
             should stop signing within hours or days (the default is 24h)"
        )),
        grace => Ok(grace),
    }
}

/// Parses a duration such as `500ms`, `10s`, `2m` or `1h 30m`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    use humantime::DurationError;
    humantime::parse_duration(s.trim()).map_err(|e| {
        // humantime's reason for a bad character or a missing number is a
        // byte position ("expected number at 0"), which says less than the
        // example; a unit it does not know, or a bare number, it names.
        let why = match e {
            DurationError::UnknownUnit { unit, .. } if unit.is_empty() => {
                " (a number needs its unit)".to_string()
            }
            DurationError::UnknownUnit { unit, .. } => format!(" (`{unit}` is not a unit)"),
            DurationError::NumberOverflow => " (too large)".to_string(),
            _ => String::new(),
        };
        format!("`{s}` is not a duration{why}; write it like 500ms, 10s, 5m or 2h")
    })
}

/// A time limit: a duration longer than zero, since a limit of nothing
/// could only ever fail.
pub fn parse_time_limit(s: &str) -> Result<Duration, String> {
    match parse_duration(s)? {
        Duration::ZERO => Err(format!(
            "`{s}` is no time at all; a time limit must be longer than zero, like 500ms or 30s"
        )),
        limit => Ok(limit),
    }
}

/// An RFC 3339 timestamp, `Z` or with an offset (`+01:00`), in Unix
/// milliseconds.
fn parse_timestamp_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    // The offset, if any, follows the time: after the date's own hyphens.
    let (utc, offset_minutes) = match s.get(19..).and_then(|t| t.rfind(['+', '-'])) {
        Some(at) => {
            let (time, offset) = s.split_at(19 + at);
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (hours, minutes) = offset[1..].split_once(':')?;
            let minutes = hours.parse::<i64>().ok()? * 60 + minutes.parse::<i64>().ok()?;
            (format!("{time}Z"), sign * minutes)
        }
        None => (s.to_string(), 0),
    };
    let t = humantime::parse_rfc3339_weak(&utc).ok()?;
    let ms = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i64,
        Err(before) => -(before.duration().as_millis() as i64),
    };
    Some(ms - offset_minutes * 60_000)
}

/// `--since` takes either a duration back from now or an RFC 3339 timestamp;
/// returns the cut-off in Unix milliseconds.
pub fn parse_since(s: &str) -> Result<i64> {
    // A duration longer than the epoch is simply "since the beginning".
    parse_cutoff(s).map(|since| since.ms.max(0)).map_err(|_| {
        Error::invalid(format!(
            "`{s}` is neither a duration (like 2h or 7days) nor a timestamp (like \
             2026-11-26T18:00:00Z)"
        ))
    })
}

/// `--older-than`: a duration back from now, or a point in time, as the
/// cut-off (ms) and as people read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cutoff {
    pub ms: i64,
    pub shown: String,
}

/// Parses `--older-than` as `--since` is parsed: `30days`, or
/// `2026-11-01T00:00:00Z`.
pub fn parse_cutoff(s: &str) -> Result<Cutoff, String> {
    match parse_duration(s) {
        Ok(age) => {
            // Saturating: a huge duration must mean "nothing is that old",
            // not wrap around into a cut-off in the future.
            let age_ms = i64::try_from(age.as_millis()).unwrap_or(i64::MAX);
            Ok(Cutoff {
                ms: now_ms().saturating_sub(age_ms),
                shown: humantime::format_duration(age).to_string(),
            })
        }
        Err(not_a_duration) => match parse_timestamp_ms(s) {
            Some(ms) => Ok(Cutoff {
                ms,
                shown: format_ms(ms),
            }),
            None => Err(format!(
                "{not_a_duration}; or a timestamp like 2026-11-26T18:00:00Z"
            )),
        },
    }
}

/// A point in time given as Unix seconds or as an RFC 3339 timestamp;
/// returns Unix seconds.
pub fn parse_unix_seconds(s: &str) -> Result<i64, String> {
    if let Ok(seconds) = s.trim().parse::<i64>() {
        return Ok(seconds);
    }
    match parse_timestamp_ms(s) {
        Some(ms) => Ok(ms.div_euclid(1000)),
        None => Err(format!(
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
        assert_eq!(
            parse_unix_seconds("1970-01-01T01:01:40+01:00").unwrap(),
            100
        );
        assert_eq!(
            parse_unix_seconds("1970-01-01T00:01:40-01:00").unwrap(),
            3700
        );
        assert_eq!(parse_since("1970-01-01T00:30:10+00:30").unwrap(), 10_000);
        assert!(parse_since("1970-01-01T00:00:10+1").is_err());
        assert!(parse_time_limit("0s").is_err());
        assert_eq!(parse_time_limit("1ms").unwrap(), Duration::from_millis(1));
    }
}
