//! Goal 5: `fire` against what a user would run instead, `curl --parallel`
//! and `hey`, in one run on the same receiver: the commands in shuffled
//! order, each after a pause, medians of several runs. A peer that is not
//! installed is skipped, saying so.

use std::process::Command;
use std::time::Duration;

use crate::figures::{Figures, Unit, count};
use crate::peer_commands::{PeerInputs, first_line};
use crate::process::{installed, timed};
use crate::sending::{fire_all, payload_body};
use crate::setup::{Bench, CONCURRENCY};
use crate::stats::{Shuffler, median};

#[derive(Clone, Copy, PartialEq)]
pub enum Peer {
    Curl,
    Hey,
}

/// The peers, with each one's goal for `fire`'s time over its own.
const PEERS: [(Peer, f64); 2] = [(Peer::Curl, 0.6), (Peer::Hey, 0.5)];

impl Peer {
    pub fn name(self) -> &'static str {
        match self {
            Peer::Curl => "curl --parallel",
            Peer::Hey => "hey",
        }
    }

    fn program(self) -> &'static str {
        match self {
            Peer::Curl => "curl",
            Peer::Hey => "hey",
        }
    }

    fn installed(self) -> bool {
        installed(self.program())
    }

    /// The peer's version, for the tables.
    fn version(self) -> String {
        let mut cmd = match self {
            Peer::Curl => Command::new("curl"),
            // hey has no version flag; its package has.
            Peer::Hey => Command::new("dpkg-query"),
        };
        match self {
            Peer::Curl => cmd.arg("--version"),
            Peer::Hey => cmd.args(["-W", "-f", "hey ${Version}\n", "hey"]),
        };
        first_line(cmd)
    }
}

/// The times of `fire` and the installed peers sending the same N requests.
pub struct Race {
    pub n: usize,
    /// The seed of the shuffled order.
    pub seed: u64,
    fire: Vec<Duration>,
    /// Each installed peer's times (hey's scaled to N requests: it sends a
    /// multiple of the concurrency).
    peers: Vec<(Peer, Vec<Duration>)>,
}

impl Race {
    pub fn fire(&self) -> Duration {
        median(self.fire.clone())
    }

    /// The peer's median, or `None` when it is not installed.
    pub fn peer(&self, peer: Peer) -> Option<Duration> {
        let (_, times) = self.peers.iter().find(|(p, _)| *p == peer)?;
        Some(median(times.clone()))
    }
}

pub fn measure(bench: &Bench, figures: &mut Figures) {
    for (peer, _) in PEERS.iter().filter(|(p, _)| !p.installed()) {
        println!(
            "{} is not installed: its figures are skipped.\n",
            peer.program()
        );
    }
    let races: Vec<Race> = bench
        .scale
        .peer_sizes
        .iter()
        .map(|&n| race(bench, n, bench.scale.peer_reps))
        .collect();
    print_table(bench, &races);
    for r in &races {
        for (peer, goal) in PEERS {
            let what = format!("`fire` / `{}`, N = {}", peer.name(), count(r.n));
            match r.peer(peer) {
                Some(t) => {
                    let ratio = r.fire().as_secs_f64() / t.as_secs_f64();
                    figures.add(5, what, ratio, Unit::Ratio, goal);
                }
                None => figures.missing(5, what, "not installed", Unit::Ratio, goal),
            }
        }
    }
}

/// `reps` runs each of `fire` and the installed peers sending to N
/// webhooks, in shuffled order, each after the pause.
pub fn race(bench: &Bench, n: usize, reps: usize) -> Race {
    let peers: Vec<Peer> = PEERS
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| p.installed())
        .collect();
    eprintln!(
        "  N = {n}: fire and {} peer(s), {reps} run(s) each, shuffled",
        peers.len()
    );
    let body = payload_body(bench, &bench.template(n));
    let inputs = PeerInputs::write(bench, n, &body);
    // `None` is `fire`.
    let one_round = std::iter::once(None).chain(peers.iter().copied().map(Some));
    let mut order: Vec<Option<Peer>> = one_round.cycle().take(reps * (peers.len() + 1)).collect();
    let mut shuffler = Shuffler::from_clock();
    let seed = shuffler.seed();
    shuffler.shuffle(&mut order);
    let mut race = Race {
        n,
        seed,
        fire: Vec::new(),
        peers: peers.iter().map(|p| (*p, Vec::new())).collect(),
    };
    for entry in order {
        let Some(peer) = entry else {
            race.fire.push(fire(bench, n));
            continue;
        };
        let (cmd, sent) = match peer {
            Peer::Curl => (inputs.curl(), n),
            Peer::Hey => (inputs.hey(), inputs.hey_requests()),
        };
        let elapsed = peer_run(bench, cmd, sent).mul_f64(n as f64 / sent as f64);
        let times = race
            .peers
            .iter_mut()
            .find(|(p, _)| *p == peer)
            .expect("a peer of the race");
        times.1.push(elapsed);
    }
    race
}

fn fire(bench: &Bench, n: usize) -> Duration {
    let db = bench.fresh_store(n);
    std::thread::sleep(bench.scale.pause);
    fire_all(bench, &db, n, &[]).elapsed
}

/// Runs a peer after the pause, and checks that the receiver got all its
/// requests.
fn peer_run(bench: &Bench, cmd: Command, requests: usize) -> Duration {
    std::thread::sleep(bench.scale.pause);
    let before = bench.receiver.count();
    let run = timed(cmd);
    run.expect_success();
    let received = bench.receiver.count() - before;
    assert_eq!(
        received, requests,
        "`{}`: the receiver got {received} requests, not {requests}; stdout:\n{}\nstderr:\n{}",
        run.command, run.stdout, run.stderr
    );
    run.elapsed
}

fn print_table(bench: &Bench, races: &[Race]) {
    let seeds: Vec<String> = races.iter().map(|r| r.seed.to_string()).collect();
    println!(
        "### Against the peers (concurrency {CONCURRENCY}, medians of {}, {:.1} s pause before \
         each run, shuffled with seeds {})\n",
        bench.scale.peer_reps,
        bench.scale.pause.as_secs_f64(),
        seeds.join(", ")
    );
    println!("{}\n", versions());
    println!("| N | `fire` ms | `curl --parallel` ms | `hey` ms | fire/curl | fire/hey |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for r in races {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let fire = r.fire();
        let mut cells = vec![count(r.n), format!("{:.1}", ms(fire))];
        let (times, ratios): (Vec<String>, Vec<String>) = PEERS
            .iter()
            .map(|(peer, _)| match r.peer(*peer) {
                Some(t) => (format!("{:.1}", ms(t)), format!("{:.2}", ms(fire) / ms(t))),
                None => ("—".into(), "—".into()),
            })
            .unzip();
        cells.extend(times);
        cells.extend(ratios);
        println!("| {} |", cells.join(" | "));
    }
    println!(
        "\nhey's times are scaled to N: it sends N rounded down to a multiple of the concurrency.\n"
    );
}

/// The installed peers' versions, for the tables.
pub fn versions() -> String {
    let lines: Vec<String> = PEERS
        .iter()
        .map(|(peer, _)| match peer.installed() {
            true => peer.version(),
            false => format!("{}: not installed", peer.program()),
        })
        .collect();
    lines.join("  \n")
}
