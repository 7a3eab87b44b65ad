//! Concurrency: one writer at a time with a clear message, searches answer while an index
//! run is writing, and a lock left by a killed process does not block the next run.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{json_lines, Env};

/// A corpus big enough that a debug-build index run takes a while.
fn busy_corpus(env: &Env, files: usize, tag: &str) {
    for n in 0..files {
        let mut text = format!(
            "Release {n} {tag} about smart cities\n\nGENEVA, {} June 2017 – Kestrel Analytics \
             Inc. said today, according to Executive Chairman He Xuming.\n\n",
            1 + n % 28
        );
        for p in 0..40 {
            text.push_str(&format!(
                "Paragraph {p}: the internet of things, cybersecurity and the smart city {tag}. "
            ));
        }
        env.write(&format!("{tag}/r{n}.txt"), text);
    }
}

fn spawn(env: &Env, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("pressdex"))
        .args(args)
        .current_dir(env.dir.path())
        .env("PRESSDEX_INDEX", env.index_dir())
        .env_remove("NO_COLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn run(env: &Env, args: &[&str]) -> Output {
    spawn(env, args).wait_with_output().unwrap()
}

fn total(out: &Output) -> u64 {
    let lines = json_lines(&out.stdout);
    lines.last().unwrap()["data"]["total"].as_u64().unwrap()
}

/// Files that keep an index run busy for seconds: an optimized build parses them about ten times
/// faster than a debug build.
const BUSY_FILES: usize = if cfg!(debug_assertions) { 1500 } else { 8000 };

/// Gives the running `index` a head start: its walk and opening the writer take milliseconds,
/// parsing [`BUSY_FILES`] files takes seconds.
fn let_it_start(child: &mut Child) {
    std::thread::sleep(Duration::from_millis(400));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the first run finished too early for the test to mean anything"
    );
}

#[test]
fn a_second_writer_is_refused_and_searches_keep_answering() {
    let env = Env::new();
    busy_corpus(&env, 20, "first");
    env.index();
    busy_corpus(&env, BUSY_FILES, "second");
    let mut first = spawn(&env, &["index", "corpus", "--quiet"]);
    let_it_start(&mut first);

    for args in [
        &["index", "corpus"][..],
        &["index", "corpus", "--rebuild"][..],
        &["identity", "hide", "He Xuming"][..],
    ] {
        let out = run(&env, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("is being written by another pressdex process"),
            "{args:?}: {err}"
        );
        assert!(err.starts_with("pressdex: error: the index at '"), "{err}");
    }

    // The refused correction was not recorded.
    assert!(!env.index_dir().join("pressdex-corrections.jsonl").exists());

    // Searches answer from the last commit while the run writes.
    let mut searches = 0;
    while first.try_wait().unwrap().is_none() && searches < 20 {
        let out = run(&env, &["search", "--json", "smart"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let n = total(&out);
        assert!(
            n == 20 || n == 20 + BUSY_FILES as u64,
            "search saw {n} documents mid-run"
        );
        searches += 1;
    }
    assert!(searches > 0);
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        total(&run(&env, &["search", "--json", "smart"])),
        20 + BUSY_FILES as u64
    );
}

#[test]
fn searches_keep_answering_during_a_rebuild() {
    let env = Env::new();
    busy_corpus(&env, 20, "first");
    env.index();
    busy_corpus(&env, BUSY_FILES, "second");
    let mut rebuild = spawn(&env, &["index", "corpus", "--quiet", "--rebuild"]);
    let mut searches = 0;
    // Until the rebuild's swap is done and a little after.
    let mut after = 0;
    while after < 3 {
        if rebuild.try_wait().unwrap().is_some() {
            after += 1;
        }
        let out = run(&env, &["search", "--json", "smart"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let n = total(&out);
        assert!(
            n == 20 || n == 20 + BUSY_FILES as u64,
            "search saw {n} documents during a rebuild"
        );
        searches += 1;
    }
    assert!(searches > 3);
    assert!(rebuild.wait().unwrap().success());
    assert_eq!(
        total(&run(&env, &["search", "--json", "smart"])),
        20 + BUSY_FILES as u64
    );
}

/// The swap that ends a `--rebuild`, repeated many times: a search that opens the index while
/// its folder is replaced reads the old index or the new one, whole, and never fails (a search
/// that read `meta.json` of one and then looked for its files in the other found a segment file
/// missing).
#[test]
#[cfg(target_os = "linux")]
fn a_search_opening_the_index_while_it_is_swapped_reads_one_whole() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let env = Env::new();
    busy_corpus(&env, 10, "small");
    busy_corpus(&env, 25, "large");
    let other = env.dir.path().join("other");
    env.cmd()
        .args(["index", "corpus/small", "--quiet"])
        .assert()
        .success();
    env.cmd()
        .args(["index", "corpus", "--quiet", "--index"])
        .arg(&other)
        .assert()
        .success();

    let stop = AtomicBool::new(false);
    let swaps = AtomicUsize::new(0);
    let mut seen = [0; 2];
    std::thread::scope(|scope| {
        scope.spawn(|| {
            // What `pressdex index --rebuild` does at its end (store::swap_in), every few ms.
            use rustix::fs::{renameat_with, RenameFlags, CWD};
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                renameat_with(CWD, &other, CWD, env.index_dir(), RenameFlags::EXCHANGE).unwrap();
                swaps.fetch_add(1, Ordering::Relaxed);
                n += 1;
                std::thread::sleep(Duration::from_millis(3 + n * 7 % 17));
            }
        });
        let start = Instant::now();
        let mut searches = 0;
        while searches < 40 || (start.elapsed() < Duration::from_secs(6) && searches < 300) {
            let out = run(&env, &["search", "--json", "smart"]);
            let failed = String::from_utf8_lossy(&out.stderr).to_string();
            if out.status.code() != Some(0) {
                stop.store(true, Ordering::Relaxed);
                panic!("search {searches} failed during a swap: {failed}");
            }
            match total(&out) {
                10 => seen[0] += 1,
                35 => seen[1] += 1,
                n => {
                    stop.store(true, Ordering::Relaxed);
                    panic!("search saw {n} documents during a swap");
                }
            }
            searches += 1;
        }
        stop.store(true, Ordering::Relaxed);
    });
    assert!(swaps.into_inner() > 100);
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
}

#[test]
fn a_lock_left_by_a_killed_process_is_recovered() {
    let env = Env::new();
    busy_corpus(&env, BUSY_FILES, "busy");
    env.cmd()
        .args(["index", "corpus/busy/r0.txt"])
        .assert()
        .success();
    for args in [
        &["index", "corpus", "--quiet"][..],
        &["index", "corpus", "--quiet", "--rebuild"][..],
    ] {
        let mut child = spawn(&env, args);
        let_it_start(&mut child);
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        // The lock file stays behind; the lock itself died with the process.
        assert!(env.index_dir().join(".tantivy-writer.lock").exists());
        let start = Instant::now();
        let out = run(&env, &["index", "corpus", "--json"]);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(start.elapsed() < Duration::from_secs(60));
        let summary = json_lines(&out.stdout).last().unwrap()["data"].clone();
        assert_eq!(summary["documents"], BUSY_FILES);
        // Start again from a one-document index for the next case.
        std::fs::remove_dir_all(env.index_dir()).unwrap();
        env.cmd()
            .args(["index", "corpus/busy/r0.txt"])
            .assert()
            .success();
    }
}
