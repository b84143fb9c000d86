//! Goal 5: `fire` against what a user would run instead, `curl --parallel`
//! and `hey`, in one run on the same receiver: the commands in shuffled
//! order, each after a pause, medians of several runs.

use std::process::Command;
use std::time::Duration;

use crate::figures::{Figures, Unit, count};
use crate::peer_commands::{PeerInputs, first_line};
use crate::process::{installed, timed};
use crate::sending::{fire_all, payload_body};
use crate::setup::{Bench, CONCURRENCY};
use crate::stats::{Shuffler, median};

#[derive(Clone, Copy, PartialEq)]
enum Peer {
    Fire,
    Curl,
    Hey,
}

/// The times of `fire` and its peers sending the same N requests, each
/// peer's runs in the order they were made.
pub struct Race {
    pub n: usize,
    /// The seed of the shuffled order.
    pub seed: u64,
    fire: Vec<Duration>,
    curl: Vec<Duration>,
    /// Scaled to N requests (hey sends a multiple of the concurrency);
    /// `None` when hey is not installed.
    hey: Option<Vec<Duration>>,
}

impl Race {
    pub fn fire(&self) -> Duration {
        median(self.fire.clone())
    }

    pub fn curl(&self) -> Duration {
        median(self.curl.clone())
    }

    pub fn hey(&self) -> Option<Duration> {
        self.hey.clone().map(median)
    }
}

pub fn measure(bench: &Bench, figures: &mut Figures) {
    if !installed("hey") {
        println!("hey is not installed (`apt-get install hey`): its figures are skipped.\n");
    }
    let races: Vec<Race> = bench
        .scale
        .peer_sizes
        .iter()
        .map(|&n| race(bench, n, bench.scale.peer_reps))
        .collect();
    print_table(bench, &races);
    for r in &races {
        let fire = r.fire().as_secs_f64();
        let what = format!("`fire` / `curl --parallel`, N = {}", count(r.n));
        figures.add(5, what, fire / r.curl().as_secs_f64(), Unit::Ratio, 0.6);
        let what = format!("`fire` / `hey`, N = {}", count(r.n));
        match r.hey() {
            Some(hey) => figures.add(5, what, fire / hey.as_secs_f64(), Unit::Ratio, 0.5),
            None => figures.missing(5, what, "hey is not installed", Unit::Ratio, 0.5),
        }
    }
}

/// `reps` runs each of `fire`, curl and hey (when installed) sending to N
/// webhooks, in shuffled order, each after the pause.
pub fn race(bench: &Bench, n: usize, reps: usize) -> Race {
    let hey = installed("hey");
    eprintln!(
        "  N = {n}: fire, curl{}, {reps} run(s) each, shuffled",
        if hey { ", hey" } else { "" }
    );
    let body = payload_body(bench, &bench.template(n));
    let inputs = PeerInputs::write(bench, n, &body);
    let mut peers = vec![Peer::Fire, Peer::Curl];
    if hey {
        peers.push(Peer::Hey);
    }
    let mut order: Vec<Peer> = (0..reps).flat_map(|_| peers.iter().copied()).collect();
    let mut shuffler = Shuffler::from_clock();
    let seed = shuffler.seed();
    shuffler.shuffle(&mut order);
    let mut race = Race {
        n,
        seed,
        fire: Vec::new(),
        curl: Vec::new(),
        hey: hey.then(Vec::new),
    };
    for peer in order {
        match peer {
            Peer::Fire => race.fire.push(fire(bench, n)),
            Peer::Curl => race.curl.push(peer_run(bench, inputs.curl(), n)),
            Peer::Hey => {
                let sent = inputs.hey_requests();
                let elapsed = peer_run(bench, inputs.hey(), sent);
                let scaled = elapsed.mul_f64(n as f64 / sent as f64);
                race.hey.as_mut().expect("hey runs").push(scaled);
            }
        }
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
        let (fire, curl) = (r.fire(), r.curl());
        let (hey_ms, hey_ratio) = match r.hey() {
            Some(h) => (format!("{:.1}", ms(h)), format!("{:.2}", ms(fire) / ms(h))),
            None => ("—".into(), "—".into()),
        };
        println!(
            "| {} | {:.1} | {:.1} | {hey_ms} | {:.2} | {hey_ratio} |",
            count(r.n),
            ms(fire),
            ms(curl),
            ms(fire) / ms(curl)
        );
    }
    println!(
        "\nhey's times are scaled to N: it sends N rounded down to a multiple of the concurrency.\n"
    );
}

/// The peers' versions, for the tables.
pub fn versions() -> String {
    let mut curl = Command::new("curl");
    curl.arg("--version");
    let mut hey = Command::new("dpkg-query");
    hey.args(["-W", "-f", "hey ${Version}\n", "hey"]);
    let hey = match installed("hey") {
        true => first_line(hey),
        false => "hey: not installed".to_string(),
    };
    format!("{}  \n{hey}", first_line(curl))
}
