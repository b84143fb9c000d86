//! Goal 6: near the physical limit when receivers are slow. Every answer
//! takes 20 ms, so N deliveries at concurrency C cannot take less than
//! N × 20 ms / C.

use std::time::Duration;

use crate::figures::{Figures, Unit, count};
use crate::peers::{self, Peer};
use crate::setup::{Bench, CONCURRENCY};
use crate::support::Reply;

const DELAY: Duration = Duration::from_millis(20);

pub fn measure(bench: &Bench, figures: &mut Figures) {
    let (n, reps) = (bench.scale.slow_n, bench.scale.slow_reps);
    eprintln!("slow receiver: N = {n}");
    answer_all(bench, n, Reply::Delayed(DELAY, 200));
    let race = peers::race(bench, n, reps);
    answer_all(bench, n, Reply::Status(200));
    let limit = DELAY.mul_f64(n as f64 / CONCURRENCY as f64);
    let over = |d: Duration| d.as_secs_f64() / limit.as_secs_f64();
    println!(
        "### A slow receiver (every answer after {} ms)\n\n\
         {} deliveries at concurrency {CONCURRENCY}, medians of {reps}, shuffled with seed {}; \
         the limit N × {} ms / {CONCURRENCY} is {:.0} ms.\n",
        DELAY.as_millis(),
        count(n),
        race.seed,
        DELAY.as_millis(),
        limit.as_secs_f64() * 1e3
    );
    println!("| command | ms | over the limit |");
    println!("|---|---:|---:|");
    let rows = std::iter::once(("fire", Some(race.fire())))
        .chain([Peer::Curl, Peer::Hey].map(|p| (p.name(), race.peer(p))));
    for (command, took) in rows.filter_map(|(c, t)| t.map(|t| (c, t))) {
        println!(
            "| `{command}` | {:.0} | {:.3}× |",
            took.as_secs_f64() * 1e3,
            over(took)
        );
    }
    println!();
    let what = format!(
        "slow receiver (20 ms): `fire` of {} at {CONCURRENCY} over N × 20 ms / {CONCURRENCY}",
        count(n)
    );
    figures.add(6, what, over(race.fire()), Unit::Ratio, 1.05);
}

/// Scripts the receiver's answer on the paths of the first `n` webhooks.
fn answer_all(bench: &Bench, n: usize, reply: Reply) {
    for i in 0..n {
        bench.receiver.script(&Bench::hook_path(i), [reply.clone()]);
    }
}
