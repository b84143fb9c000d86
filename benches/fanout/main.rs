//! The performance benchmark of issue 14: `cargo bench --bench fanout`, or
//! `cargo bench --bench fanout -- --quick` for CI's short run (N = 100).
//!
//! It runs the real release binary as a whole process, timing each command
//! from spawn to exit and taking its peak RSS from `wait4` (through a small
//! measuring process: see `process::timed`), against one
//! local TLS receiver (the tests' own) that answers 200 at once unless a
//! part scripts it otherwise. Every webhook is subscribed to Upload at its
//! own path of that receiver, in stores made by `import`.
//!
//! 1. Memory (`memory`): peak RSS of every command that reads or sends the
//!    whole store, at 10,000 and 100,000 webhooks, and 1,000,000 on paper.
//! 2. Linear cost (`memory`): `fire`'s time per delivery, 100,000 vs 10,000.
//! 3. and 4. The delivery log (`log_cost`): bytes and CPU per delivery.
//! 5. The peers (`peers`): `fire` vs `curl --parallel` and `hey`.
//! 6. A slow receiver (`slow`): `fire` against the physical limit.
//! 7. Selection and start-up (`selection`).
//!
//! It prints markdown: a table per part, then every figure with its goal in
//! one table. It never asserts on time; every run asserts that the work was
//! done (the receiver got every request, the log holds every attempt).

#[path = "../../tests/support/mod.rs"]
mod support;

mod figures;
mod log_cost;
mod memory;
mod peer_commands;
mod peers;
mod process;
mod selection;
mod sending;
mod setup;
mod slow;
mod stats;

use std::time::Instant;

use figures::Figures;
use setup::{Bench, FULL, QUICK};

fn main() {
    process::measured_child();
    // `cargo bench` passes `--bench`; only `--quick` means anything here.
    let quick = std::env::args().any(|a| a == "--quick");
    let started = Instant::now();
    let bench = Bench::new(if quick { &QUICK } else { &FULL });
    println!(
        "## echo3d-hooks benchmark{}\n",
        if quick {
            " (quick: N = 100, goals not judged)"
        } else {
            ""
        }
    );
    println!("Machine: {}  ", figures::machine());
    println!("Load average at the start: {}\n", figures::load_average());
    let mut figures = Figures::new(!bench.scale.quick);
    let sizes = memory::measure(&bench);
    memory::report(&sizes, &mut figures);
    log_cost::measure(&bench, &mut figures);
    peers::measure(&bench, &mut figures);
    slow::measure(&bench, &mut figures);
    selection::measure(&bench, &mut figures);
    figures.print(started.elapsed());
}
