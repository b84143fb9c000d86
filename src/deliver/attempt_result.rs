//! What one attempt came to, and whether another may help: the verdict
//! the sender acts on, whether the attempt got an answer or a network error.

use std::time::Duration;

/// What one attempt came to.
#[derive(Clone, Debug)]
pub struct AttemptResult {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub retry: Retry,
}

#[derive(Clone, Copy, Debug)]
pub enum Retry {
    No,
    /// Worth another attempt, after the server's `Retry-After` if it gave one.
    After(Option<Duration>),
}

impl AttemptResult {
    pub fn fails(error: String, retry: Retry) -> AttemptResult {
        AttemptResult {
            status: None,
            error: Some(error),
            retry,
        }
    }

    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}
