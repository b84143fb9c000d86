//! `--respond`: scripted answers, one item per request, the last repeating,
//! so that a sender's retries can be watched end to end.

use std::sync::atomic::{AtomicUsize, Ordering};

/// One scripted answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scripted {
    Status(u16),
    /// A status with a `Retry-After` of this many seconds.
    RetryAfter(u16, u64),
    /// Hold the request open until the sender gives up (or the listener stops).
    Hang,
    /// Drop the connection without an answer.
    Close,
}

/// The items of a `--respond` script, in order; never empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptItems(Vec<Scripted>);

/// Parses `503,429:2,hang,close,200`.
pub fn parse_script(spec: &str) -> Result<ScriptItems, String> {
    let items: Vec<Scripted> = spec
        .split(',')
        .map(|item| parse_item(item.trim()))
        .collect::<Result<_, _>>()?;
    Ok(ScriptItems(items))
}

fn parse_item(item: &str) -> Result<Scripted, String> {
    let rule = "each item is a status (503), a status with a Retry-After in seconds (429:2), \
                `hang` or `close`, separated by commas";
    match item {
        "" => return Err(format!("an item of --respond is empty; {rule}")),
        "hang" => return Ok(Scripted::Hang),
        "close" => return Ok(Scripted::Close),
        _ => {}
    }
    let (status, retry_after) = match item.split_once(':') {
        Some((status, seconds)) => (status, Some(seconds)),
        None => (item, None),
    };
    let status: u16 = status
        .parse()
        .ok()
        .filter(|s| (200..=599).contains(s))
        .ok_or_else(|| {
            format!("`{item}` is not an answer: a status must be a number from 200 to 599; {rule}")
        })?;
    match retry_after {
        None => Ok(Scripted::Status(status)),
        Some(seconds) => seconds
            .parse()
            .map(|s| Scripted::RetryAfter(status, s))
            .map_err(|_| {
                format!("`{item}`: the Retry-After after `:` must be whole seconds; {rule}")
            }),
    }
}

/// A script being played: each request takes the next item, and once they
/// are used up, the last one again.
#[derive(Debug)]
pub struct Script {
    items: Vec<Scripted>,
    next: AtomicUsize,
}

impl Script {
    pub fn new(items: ScriptItems) -> Script {
        Script {
            items: items.0,
            next: AtomicUsize::new(0),
        }
    }

    pub fn next(&self) -> Option<Scripted> {
        let at = self.next.fetch_add(1, Ordering::Relaxed);
        let last = self.items.len().checked_sub(1)?;
        Some(self.items[at.min(last)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_play_in_order_and_the_last_repeats() {
        let script = Script::new(parse_script("503, 429:2,hang,close,200").unwrap());
        let played: Vec<_> = (0..7).map(|_| script.next().unwrap()).collect();
        assert_eq!(
            played,
            [
                Scripted::Status(503),
                Scripted::RetryAfter(429, 2),
                Scripted::Hang,
                Scripted::Close,
                Scripted::Status(200),
                Scripted::Status(200),
                Scripted::Status(200),
            ]
        );
    }

    #[test]
    fn bad_items_are_named() {
        for (spec, problem) in [
            ("503,", "an item of --respond is empty"),
            ("99", "`99` is not an answer"),
            ("600", "`600` is not an answer"),
            ("ok", "`ok` is not an answer"),
            ("429:soon", "`429:soon`: the Retry-After"),
            ("429:-1", "`429:-1`: the Retry-After"),
        ] {
            let err = parse_script(spec).err().unwrap();
            assert!(err.contains(problem), "{spec}: {err}");
        }
    }
}
