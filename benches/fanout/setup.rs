//! What one run measures (the full run or CI's quick one), and what every
//! part of it shares: a work folder, the local TLS receiver, and the stores
//! of N webhooks made by `import`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::process::{Run, tool};
use crate::support::Receiver;

/// The collection every benchmark webhook belongs to.
pub const API_KEY: &str = "bench-collection";
pub const ENTRY: &str = "bench-entry";
/// The concurrency of every sending command here, as the goals set it.
pub const CONCURRENCY: usize = 64;

/// How much work one run does.
pub struct Scale {
    pub quick: bool,
    /// The store sizes at which memory is measured: a tenth of the goal's
    /// size, and the goal's size (the two give the growth per webhook).
    pub memory_sizes: [usize; 2],
    /// Runs of `fire` at each memory size (for its time per delivery).
    pub fire_reps: usize,
    /// The fan-out whose log is weighed (bytes and CPU per delivery).
    pub log_n: usize,
    pub log_reps: usize,
    pub peer_sizes: &'static [usize],
    pub peer_reps: usize,
    pub slow_n: usize,
    pub slow_reps: usize,
    pub selection_size: usize,
    pub selection_reps: usize,
    pub startup_reps: usize,
    /// The pause before each timed run: a run that starts right after a
    /// heavy one is slowed by what that one left behind.
    pub pause: Duration,
}

pub const FULL: Scale = Scale {
    quick: false,
    memory_sizes: [10_000, 100_000],
    fire_reps: 3,
    log_n: 10_000,
    log_reps: 3,
    peer_sizes: &[1_000, 10_000],
    peer_reps: 5,
    slow_n: 10_000,
    slow_reps: 3,
    selection_size: 100_000,
    selection_reps: 11,
    startup_reps: 21,
    pause: Duration::from_secs(1),
};

/// CI's run: every command of the full run at N = 100 (10 for the smaller
/// memory size), once each, so that the benchmark cannot rot.
pub const QUICK: Scale = Scale {
    quick: true,
    memory_sizes: [10, 100],
    fire_reps: 1,
    log_n: 100,
    log_reps: 1,
    peer_sizes: &[100],
    peer_reps: 1,
    slow_n: 100,
    slow_reps: 1,
    selection_size: 100,
    selection_reps: 3,
    startup_reps: 5,
    pause: Duration::from_millis(50),
};

/// What the parts of one run share.
pub struct Bench {
    pub scale: &'static Scale,
    pub receiver: Receiver,
    work: tempfile::TempDir,
    /// Stores of N webhooks, made once by `import` and copied for each run.
    templates: RefCell<BTreeMap<usize, PathBuf>>,
}

impl Bench {
    pub fn new(scale: &'static Scale) -> Bench {
        Bench {
            scale,
            receiver: Receiver::start_counting(),
            work: tempfile::tempdir().expect("temp dir"),
            templates: RefCell::default(),
        }
    }

    pub fn work(&self) -> &Path {
        self.work.path()
    }

    /// The receiver's path of webhook `i`: one path per webhook, on one
    /// host and port.
    pub fn hook_path(i: usize) -> String {
        format!("hook/{i}")
    }

    /// A store of `n` webhooks, each subscribed to Upload at its own path
    /// of the receiver, made by `import` on first use.
    pub fn template(&self, n: usize) -> PathBuf {
        if let Some(db) = self.templates.borrow().get(&n) {
            return db.clone();
        }
        self.import_template(n).0
    }

    /// Makes the store of `n` webhooks with `import`, and returns it with
    /// the import's run (memory is measured on it).
    pub fn import_template(&self, n: usize) -> (PathBuf, Run) {
        let db = self.work().join(format!("hooks-{n}.db"));
        remove_store(&db);
        let document = self.import_document(n);
        eprintln!("  import of {n} webhooks");
        let run = tool(&db, ["import".as_ref(), document.as_os_str()]);
        run.expect_success();
        assert!(
            run.stdout.contains(&n.to_string()),
            "import did not report {n} webhooks:\n{}",
            run.stdout
        );
        std::fs::remove_file(&document).expect("remove the import document");
        self.templates.borrow_mut().insert(n, db.clone());
        (db, run)
    }

    /// Writes the version 1 document of `n` webhooks.
    fn import_document(&self, n: usize) -> PathBuf {
        let hooks: Vec<serde_json::Value> = (0..n)
            .map(|i| {
                serde_json::json!({
                    "name": format!("bench-{i}"),
                    "apiKey": API_KEY,
                    "url": self.receiver.url(&Bench::hook_path(i)),
                    "triggers": ["Upload"],
                })
            })
            .collect();
        let doc = serde_json::json!({ "version": 1, "apiKey": API_KEY, "webhooks": hooks });
        let file = self.work().join(format!("import-{n}.json"));
        std::fs::write(&file, serde_json::to_vec(&doc).expect("a document"))
            .expect("write the import document");
        file
    }

    /// A fresh copy of the store of `n` webhooks, so that no run finds the
    /// log of an earlier one.
    pub fn fresh_store(&self, n: usize) -> PathBuf {
        let template = self.template(n);
        let db = self.current_store();
        remove_store(&db);
        assert!(
            !Path::new(&format!("{}-wal", template.display())).exists(),
            "the template store still has a WAL file; a plain copy would miss rows"
        );
        std::fs::copy(&template, &db).expect("copy the store");
        db
    }
}

impl Bench {
    /// The copy that the last `fresh_store` made, with what ran on it since.
    pub fn current_store(&self) -> PathBuf {
        self.work().join("run.db")
    }
}

pub fn remove_store(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
}
