//! Medians, and the order of the runs.

use std::time::Duration;

pub fn median(mut times: Vec<Duration>) -> Duration {
    assert!(!times.is_empty(), "a median of no runs");
    times.sort();
    times[times.len() / 2]
}

pub fn median_f64(mut values: Vec<f64>) -> f64 {
    assert!(!values.is_empty(), "a median of nothing");
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A small xorshift generator: enough to shuffle the order of runs, and
/// seeded from the clock so that each benchmark run has its own order.
pub struct Shuffler(u64);

impl Shuffler {
    pub fn from_clock() -> Shuffler {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        Shuffler(nanos | 1)
    }

    pub fn seed(&self) -> u64 {
        self.0
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Fisher-Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
