//! A store that cannot be written: a read-only file or folder, a full disk,
//! and a disk that fills while a run delivers. Reads go on working; writes
//! are refused before they change or send anything.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use crate::support::json::{DeliveriesDoc, DeliveryDoc, State, WebhookDoc, WebhooksDoc};
use crate::support::*;

/// Whether this process ignores file permissions (root, or a capability):
/// then a 0444 file is no read-only store, and another mechanism is needed.
fn permissions_are_bypassed(dir: &Path) -> bool {
    let probe = dir.join("permission-probe");
    std::fs::write(&probe, b"x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o444)).unwrap();
    let writable = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    writable
}

/// Makes a file or folder unwritable for the length of a test: `chmod` for
/// an ordinary user; as root, which ignores modes, the immutable attribute
/// (`chattr +i`), which binds root too. Undone on drop, even after a failure.
struct ReadOnly {
    path: PathBuf,
    immutable: bool,
    mode: u32,
}

impl ReadOnly {
    /// `None` (with a note on stderr) when no mechanism works here.
    fn make(path: &Path, scratch: &Path) -> Option<ReadOnly> {
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        if !permissions_are_bypassed(scratch) {
            let ro = if path.is_dir() { 0o555 } else { 0o444 };
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(ro)).unwrap();
            return Some(ReadOnly {
                path: path.to_path_buf(),
                immutable: false,
                mode,
            });
        }
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "SKIPPED: running with permission checks bypassed (root), and `chattr +i` is \
                 not available on this file system, so {} cannot be made read-only",
                path.display()
            );
            return None;
        }
        Some(ReadOnly {
            path: path.to_path_buf(),
            immutable: true,
            mode,
        })
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.immutable {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.path)
                .status();
        } else {
            let _ =
                std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(self.mode));
        }
    }
}

/// Every reading command works, and prints what the store holds.
fn assert_reads_work(w: &World) {
    let read = |args: &[&str]| w.cmd().args(args).expect(exit::OK);
    assert_eq!(
        read(&["--json", "list"])
            .json::<WebhooksDoc>()
            .webhooks
            .len(),
        3
    );
    assert_eq!(
        read(&["--json", "show", "alpha"])
            .json::<WebhookDoc>()
            .webhook
            .name,
        "alpha"
    );
    let deliveries = read(&["--json", "deliveries"])
        .json::<DeliveriesDoc>()
        .deliveries;
    assert_eq!(deliveries.len(), 2);
    let id = deliveries[0].delivery_id.to_string();
    let shown = read(&["--json", "deliveries", "show", &id]).json::<DeliveryDoc>();
    assert_eq!(shown.delivery.state, State::Succeeded);
    let exported: json::ExportDoc = serde_json::from_str(&read(&["export"]).stdout).unwrap();
    assert_eq!(exported.webhooks.len(), 3);
    read(&[
        "fire",
        "Upload",
        "--entry",
        ENTRY_A,
        "--api-key",
        KEY,
        "--dry-run",
    ]);
}

/// The store's bytes: the file and its WAL. Unlike `support::dump`, this
/// needs no SQLite connection, which a read-only folder or a full disk may
/// not allow the test itself; and equal bytes mean equal content.
fn store_bytes(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    (std::fs::read(db).unwrap(), std::fs::read(&wal).ok())
}

/// Every writing command fails with exit 6 and `fragment`, changes nothing,
/// and sends nothing.
fn assert_writes_refused(w: &World, fragment: &str) {
    let before = store_bytes(&w.db);
    let sent = w.rx().count();
    let doc = w.file("doc.json", r#"{"version":1,"apiKey":null,"webhooks":[]}"#);
    let flags: Vec<String> = sending(w.rx())
        .args()
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let with_flags = |args: &[&str]| -> Vec<String> {
        args.iter()
            .map(|a| a.to_string())
            .chain(flags.iter().cloned())
            .collect()
    };
    let writes: [Vec<String>; 8] = [
        [
            "add",
            "--name",
            "new",
            "--url",
            URL,
            "--trigger",
            "Upload",
            "--api-key",
            KEY,
        ]
        .map(String::from)
        .to_vec(),
        ["edit", "alpha", "--description", "changed"]
            .map(String::from)
            .to_vec(),
        ["delete", "beta", "--yes"].map(String::from).to_vec(),
        with_flags(&["fire", "Upload", "--api-key", KEY, "--entry", ENTRY_A]),
        with_flags(&["test", "alpha"]),
        ["deliveries", "prune", "--older-than", "1s", "--yes"]
            .map(String::from)
            .to_vec(),
        vec!["import".into(), doc.display().to_string(), "--prune".into()],
        with_flags(&["redeliver", "1"]),
    ];
    for args in writes {
        w.dev_cmd()
            .args(&args)
            .expect(exit::STORE)
            .says(&[fragment]);
    }
    assert!(
        store_bytes(&w.db) == before,
        "a refused write changed the store"
    );
    assert_eq!(w.rx().count(), sent, "nothing was sent by a refused run");
}

#[test]
fn a_read_only_store_file_serves_reads_and_refuses_writes() {
    let w = World::seeded();
    let Some(_guard) = ReadOnly::make(&w.db, w.dir.path()) else {
        return;
    };
    assert_reads_work(&w);
    assert_writes_refused(&w, "the file cannot be opened for writing");
}

#[test]
fn a_store_in_a_read_only_folder_serves_reads_and_refuses_writes() {
    let w = World::new();
    let folder = w.dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let w = w.with_db(folder.join("hooks.db")).seed();
    let Some(_guard) = ReadOnly::make(&folder, w.dir.path()) else {
        return;
    };
    assert_reads_work(&w);
    assert_writes_refused(&w, "check that the folder is writable");

    // A new store cannot be created there.
    let db = folder.join("new.db");
    bare_cmd()
        .arg("--db")
        .arg(&db)
        .arg("list")
        .expect(exit::STORE)
        .says(&["cannot create the", "choose a writable location with --db"]);
    assert!(!db.exists());
}

/// A small tmpfs mounted for one test, unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!(
                "SKIPPED: cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN), so a \
                 full disk cannot be simulated"
            );
            return None;
        }
        Some(Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` until it refuses another byte,
/// leaving `spare` bytes free by shrinking the filler afterwards.
fn fill(dir: &Path, spare: u64) -> PathBuf {
    use std::io::Write;
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    let _ = file.sync_all();
    let len = file.metadata().unwrap().len();
    file.set_len(len.saturating_sub(spare)).unwrap();
    filler
}

#[test]
fn a_full_disk_refuses_writes_clearly_and_keeps_the_store() {
    let w = World::new();
    let Some(mount) = Tmpfs::mount(&w.dir.path().join("small"), "1m") else {
        return;
    };
    let w = w.with_db(mount.0.join("hooks.db")).seed();
    // Completely full: SQLite cannot even create its WAL index; reads still
    // work, writes say why they cannot.
    let filler = fill(&mount.0, 0);
    assert_reads_work(&w);
    assert_writes_refused(&w, "check whether the disk holding the store is full");
    // Room for the WAL index but not for the change itself.
    std::fs::remove_file(&filler).unwrap();
    let _filler = fill(&mount.0, 40 * 1024);
    let before = store_bytes(&w.db);
    let add = || {
        let mut cmd = w.cmd();
        cmd.args(["add", "--name", "big", "--url", URL, "--trigger", "Upload"])
            .args(["--api-key", KEY, "--description", &"d".repeat(1000)]);
        cmd
    };
    add().expect(exit::STORE).says(&["full"]);
    assert!(
        store_bytes(&w.db).0 == before.0,
        "the failed write changed the store"
    );
    // With space again, the same store takes writes.
    std::fs::remove_file(mount.0.join("filler")).unwrap();
    add().expect(exit::OK);
    let check: String = open_db(&w.db)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_disk_that_fills_during_a_fan_out_stops_the_run() {
    let w = World::new();
    let Some(mount) = Tmpfs::mount(&w.dir.path().join("small"), "2m") else {
        return;
    };
    let w = w.with_db(mount.0.join("hooks.db"));
    w.rx()
        .script("/slow", [Reply::Delayed(Duration::from_millis(100), 200)]);
    w.import_hooks(200, |_| "/slow".to_string());
    let mut fire = w.spawn("filling", &fire_args(sending(w.rx()).concurrency(2)));
    fire.wait_until(Duration::from_secs(30), "the fan-out's start", || {
        w.rx().count() >= 4
    });
    let _filler = fill(&mount.0, 0);
    let done = fire.finish(Duration::from_secs(60));
    assert_eq!(done.code(), Some(exit::STORE), "{}", done.stderr);
    for phrase in ["could not be written", "no further deliveries were started"] {
        assert!(done.stderr.contains(phrase), "{}", done.stderr);
    }
    // Nothing went on being sent unrecorded: the run stopped within moments
    // (200 deliveries would take 10 s).
    assert!(
        w.rx().count() < 100,
        "{} sent after the log failed",
        w.rx().count()
    );
}
