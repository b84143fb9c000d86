//! The one table of the goals: each figure, its goal, and whether
//! this run met it; and the machine the run was on.

use std::time::Duration;

pub const MIB: f64 = 1024.0 * 1024.0;

#[derive(Clone, Copy)]
pub enum Unit {
    MiB,
    Ratio,
    Ms,
    Us,
    Bytes,
}

impl Unit {
    /// A goal's limit, as the issue writes it.
    fn limit(self, value: f64) -> String {
        let suffix = match self {
            Unit::MiB => " MiB",
            Unit::Ratio => "×",
            Unit::Ms => " ms",
            Unit::Us => " µs",
            Unit::Bytes => " B",
        };
        format!("{value}{suffix}")
    }

    fn show(self, value: f64) -> String {
        match self {
            Unit::MiB => format!("{value:.1} MiB"),
            Unit::Ratio => format!("{value:.2}×"),
            Unit::Ms => format!("{value:.1} ms"),
            Unit::Us => format!("{value:.1} µs"),
            Unit::Bytes => format!("{value:.0} B"),
        }
    }
}

struct Figure {
    goal: u8,
    what: String,
    /// The value, or why it was not measured.
    value: Result<f64, String>,
    unit: Unit,
    /// The goal: at most this.
    limit: f64,
}

/// The figures of one run, in the order of goals.
pub struct Figures {
    rows: Vec<Figure>,
    /// Whether the sizes are the goals' (not in quick mode).
    judged: bool,
}

impl Figures {
    pub fn new(judged: bool) -> Figures {
        Figures {
            rows: Vec::new(),
            judged,
        }
    }

    pub fn add(&mut self, goal: u8, what: impl Into<String>, value: f64, unit: Unit, limit: f64) {
        self.push(goal, what, Ok(value), unit, limit);
    }

    /// A figure that this run could not measure, and why.
    pub fn missing(
        &mut self,
        goal: u8,
        what: impl Into<String>,
        why: &str,
        unit: Unit,
        limit: f64,
    ) {
        self.push(goal, what, Err(why.to_string()), unit, limit);
    }

    fn push(
        &mut self,
        goal: u8,
        what: impl Into<String>,
        value: Result<f64, String>,
        unit: Unit,
        limit: f64,
    ) {
        self.rows.push(Figure {
            goal,
            what: what.into(),
            value,
            unit,
            limit,
        });
    }

    /// How many figures met their goal, and how many were judged.
    pub fn met(&self) -> (usize, usize) {
        let judged = self
            .rows
            .iter()
            .filter_map(|f| f.value.as_ref().ok().map(|v| *v <= f.limit));
        let (met, all) = judged.fold((0, 0), |(m, a), ok| (m + usize::from(ok), a + 1));
        if self.judged { (met, all) } else { (0, 0) }
    }

    pub fn print(&self, took: Duration) {
        println!("### The goals of issue 14\n");
        println!("Machine: {}  ", machine());
        println!("Load average at the end: {}  ", load_average());
        println!("The whole run took {:.0} s.\n", took.as_secs_f64());
        println!("| goal | figure | measured | goal | met |");
        println!("|---:|---|---:|---:|---|");
        let mut rows: Vec<&Figure> = self.rows.iter().collect();
        rows.sort_by_key(|f| f.goal);
        for f in rows {
            let (measured, met) = match &f.value {
                Ok(v) if self.judged => (
                    f.unit.show(*v),
                    if *v <= f.limit { "yes" } else { "**no**" },
                ),
                Ok(v) => (f.unit.show(*v), "not judged (quick mode)"),
                Err(why) => (format!("not measured: {why}"), ""),
            };
            println!(
                "| {} | {} | {measured} | ≤ {} | {met} |",
                f.goal,
                f.what,
                f.unit.limit(f.limit)
            );
        }
        let (met, all) = self.met();
        if self.judged {
            println!("\n{met} of {all} figures meet their goal.");
        }
    }
}

/// `n` with thousands separated: 100,000.
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The CPU, its cores, the memory and the kernel.
pub fn machine() -> String {
    let read = |path| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, m)| m.trim().to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory_kib: f64 = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    let kernel = read("/proc/sys/kernel/osrelease");
    format!(
        "{model}, {cores} cores, {:.0} GiB, {} {}",
        memory_kib / MIB,
        std::env::consts::OS,
        kernel.trim()
    )
}

/// The 1, 5 and 15 minute load averages: how busy the machine was.
pub fn load_average() -> String {
    let loadavg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    loadavg
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
