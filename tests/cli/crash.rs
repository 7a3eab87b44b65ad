//! Crash safety: `pressdex index` killed with SIGKILL at random points never leaves a
//! half-written index. After each kill, search answers from the last commit (the runs of the
//! random test are shorter than a batch, so the document count is the one before the run or the
//! one after it, nothing in between, no duplicates), and a final run ends with exactly one
//! document per file. A run killed after a batch commit is resumed by the rerun.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::util::{json_lines, paths, Env};

/// A small xorshift generator: the test prints its seed, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const PLACES: &[&str] = &[
    "GENEVA", "NAIROBI", "LONDON", "OSAKA", "LIMA", "OSLO", "DAKAR",
];
const ORGS: &[&str] = &[
    "Kestrel Analytics Inc.",
    "Harbourline Technologies Ltd.",
    "the Global Smart Cities Alliance (GSCA)",
    "the World Internet of Things Convention (WIOTC)",
];

/// One generated release, long enough that parsing and indexing take some time.
fn release(n: usize, version: usize) -> String {
    let place = PLACES[n % PLACES.len()];
    let org = ORGS[n % ORGS.len()];
    let mut text = format!(
        "Release {n} version {version} from {org}\n\n{place}, {} March 20{:02} – {org} announced \
         item{n} today, said Executive Chairman Amara Okafor-Diallo.\n\n",
        1 + n % 28,
        10 + n % 15
    );
    for p in 0..30 {
        text.push_str(&format!(
            "Paragraph {p} of release {n}: the smart city programme, the internet of things and \
             cybersecurity were discussed by delegates from {place} with {org}. "
        ));
    }
    text
}

/// Paths of every document in the index, from `search --json` without a query.
fn indexed_paths(env: &Env) -> Vec<String> {
    let out = env
        .cmd()
        .args(["search", "--json", "--limit", "100000"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "search failed after a kill (exit {code}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out.stdout)
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| l["data"]["path"].as_str().unwrap().to_string())
        .collect()
}

fn spawn_index(env: &Env) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("pressdex"))
        .args(["index", "corpus", "--quiet"])
        .current_dir(env.dir.path())
        .env("PRESSDEX_INDEX", env.index_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn sigkill(child: &mut Child) {
    // `Child::kill` sends SIGKILL on Unix.
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn sigkill_at_random_points_never_leaves_a_half_written_index() {
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash test seed: {seed}");
    let mut rng = Rng(seed);
    let env = Env::new();
    let batch = 60;
    let mut files = 0;
    let add_batch = |files: &mut usize| {
        for n in *files..*files + batch {
            env.write(&format!("batch{}/r{n}.txt", n / batch), release(n, 0));
        }
        *files += batch;
    };
    add_batch(&mut files);
    // Calibrate: how long does a run that adds one batch take on this machine?
    let start = Instant::now();
    let status = spawn_index(&env).wait().unwrap();
    assert!(status.success());
    let run_time = start.elapsed();
    assert_eq!(indexed_paths(&env).len(), files);

    let kills = 20;
    let mut outcomes = (0, 0); // (answered from the commit before the run, after it)
    let mut finished = 0; // runs that ended before their kill came
    let budget = Instant::now();
    for k in 0..kills {
        // Each run has work: a new batch, and some existing files rewritten.
        add_batch(&mut files);
        for _ in 0..5 {
            let n = rng.below(files as u64 - batch as u64) as usize;
            env.write(&format!("batch{}/r{n}.txt", n / batch), release(n, k + 1));
        }
        let before: HashSet<String> = indexed_paths(&env).into_iter().collect();
        let mut child = spawn_index(&env);
        // Later runs have more to do than the calibration run: aim past its length too.
        let delay = rng.below(run_time.as_millis() as u64 * 3 / 2 + 1);
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        }
        sigkill(&mut child);
        let after = indexed_paths(&env);
        let unique: HashSet<String> = after.iter().cloned().collect();
        assert_eq!(
            unique.len(),
            after.len(),
            "duplicates after kill {k} (seed {seed})"
        );
        if unique == before {
            outcomes.0 += 1;
        } else {
            assert_eq!(
                unique.len(),
                files,
                "kill {k} after {delay} ms left a partial commit (seed {seed})"
            );
            outcomes.1 += 1;
        }
        if budget.elapsed() > Duration::from_secs(50) {
            panic!("the crash test is too slow for CI: {k} kills in 50 s");
        }
    }
    eprintln!(
        "{kills} kills (calibration run {} ms): {} answered from the commit before the run, \
         {} from the run's own commit ({finished} of them had finished before the kill)",
        run_time.as_millis(),
        outcomes.0,
        outcomes.1
    );

    // A last run completes, with exactly one document per file.
    let last = Instant::now();
    let out = spawn_index(&env).wait_with_output().unwrap();
    eprintln!("final run: {} ms", last.elapsed().as_millis());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = indexed_paths(&env);
    let unique: HashSet<String> = after.iter().cloned().collect();
    assert_eq!(after.len(), files, "seed {seed}");
    assert_eq!(unique.len(), files, "seed {seed}");
    let expected: HashSet<String> = (0..files)
        .map(|n| format!("corpus/batch{}/r{n}.txt", n / batch))
        .collect();
    assert_eq!(unique, expected);
    // And each file's newest version is what is indexed.
    let out = env
        .cmd()
        .args(["search", "--json", "title:version", "--limit", "100000"])
        .output()
        .unwrap();
    let titles: Vec<String> = json_lines(&out.stdout)
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| l["data"]["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(titles.len(), files);
    for title in titles {
        let n: usize = title.split(' ').nth(1).unwrap().parse().unwrap();
        let on_disk =
            std::fs::read_to_string(env.corpus().join(format!("batch{}/r{n}.txt", n / batch)))
                .unwrap();
        assert!(on_disk.starts_with(&title), "{title} is stale");
    }
}

#[test]
fn a_rebuild_killed_between_its_two_renames_is_put_back() {
    // `--rebuild` moves the old index aside, then the new one in. If the process dies between
    // the two, the next command puts the old (complete) index back.
    let env = Env::new();
    env.write("a.txt", release(1, 0));
    env.index();
    let aside = env.dir.path().join("index.old-tmp");
    std::fs::rename(env.index_dir(), &aside).unwrap();
    let (hits, _, code) = env.search_json(&["item1"]);
    assert_eq!((hits.len(), code), (1, 0));
    assert!(env.index_dir().join("meta.json").is_file());
    assert!(!aside.exists());
}

#[test]
fn damaged_segment_files_give_an_error_with_the_command_that_recovers() {
    let env = Env::new();
    for n in 0..5 {
        env.write(&format!("r{n}.txt"), release(n, 0));
    }
    env.index();
    // Truncate the newest segment's files (as a full disk or a bad copy would).
    let mut segment_files: Vec<_> = std::fs::read_dir(env.index_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "term" || e == "store"))
        .collect();
    segment_files.sort();
    assert!(!segment_files.is_empty());
    for file in &segment_files {
        let bytes = std::fs::read(file).unwrap();
        std::fs::write(file, &bytes[..bytes.len() / 3]).unwrap();
    }
    for args in [&["search", "item1"][..], &["index", "corpus"][..]] {
        let out = env.cmd().args(args).assert().code(2);
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.contains("is damaged ("), "{err}");
        assert!(
            err.contains("rebuild it with 'pressdex index --rebuild CORPUS_DIR --index "),
            "{err}"
        );
    }
    // Garbled bytes that keep the file's size: the checksum check of `index` finds them.
    env.cmd()
        .args(["index", "corpus", "--rebuild"])
        .assert()
        .success();
    let store = std::fs::read_dir(env.index_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    let mut bytes = std::fs::read(&store).unwrap();
    for b in bytes.iter_mut().take(40).skip(8) {
        *b ^= 0x5A;
    }
    std::fs::write(&store, bytes).unwrap();
    let out = env.cmd().args(["index", "corpus"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("fail their checksum"), "{err}");
    assert!(err.contains("pressdex index --rebuild CORPUS_DIR"), "{err}");
    // The command the message gives recovers.
    env.cmd()
        .args(["index", "corpus", "--rebuild"])
        .assert()
        .success();
    let (hits, _, _) = env.search_json(&["item1"]);
    assert_eq!(hits.len(), 1);
}

#[test]
fn missing_or_garbled_meta_json_says_what_happened_and_how_to_fix_it() {
    let env = Env::new();
    env.write("a.txt", release(1, 0));
    env.index();
    let meta = env.index_dir().join("meta.json");
    for (damage, what) in [
        (Some("{\"segments\": [tru"), "corrupt data"),
        (Some(""), "corrupt data"),
        (None, "its meta.json file is missing"),
    ] {
        match damage {
            Some(text) => std::fs::write(&meta, text).unwrap(),
            None => std::fs::remove_file(&meta).unwrap(),
        }
        for args in [&["search", "item1"][..], &["index", "corpus"][..]] {
            let out = env.cmd().args(args).assert().code(2);
            let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
            assert!(err.starts_with("pressdex: error: the index at '"), "{err}");
            assert!(err.contains(&format!("is damaged ({what}")), "{err}");
            assert!(
                err.contains("rebuild it with 'pressdex index --rebuild CORPUS_DIR --index "),
                "{err}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
        // The advertised command works.
        env.cmd()
            .args(["index", "corpus", "--rebuild"])
            .assert()
            .success();
        let (hits, _, _) = env.search_json(&["item1"]);
        assert_eq!(hits.len(), 1);
    }
}

#[test]
fn a_first_run_killed_before_its_index_existed_is_started_over() {
    // What a first `pressdex index` killed while tantivy created the folder leaves behind:
    // housekeeping files and no meta.json. Not a damaged index, not someone else's folder.
    let env = Env::new();
    env.write("a.txt", release(1, 0));
    std::fs::create_dir(env.index_dir()).unwrap();
    std::fs::write(env.index_dir().join(".tantivy-writer.lock"), "").unwrap();
    std::fs::write(env.index_dir().join(".managed.json"), "[]").unwrap();
    let out = env.cmd().args(["search", "item1"]).assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("no index at '"));
    assert_eq!(env.index()["added"], 1);
}

/// Issue 17: a `meta.json` edited to disagree with the segment files made `people`, `serve`
/// and `index` panic inside tantivy (exit 101); `serve` on an index without its `.pos` file
/// started and answered 500s. Each is a damaged index when opened, with the command that
/// recovers, and `serve` refuses it before serving.
#[test]
fn a_meta_json_that_contradicts_the_segments_or_a_missing_file_is_a_damaged_index() {
    let env = Env::new();
    for n in 0..3 {
        env.write(&format!("r{n}.txt"), release(n, 0));
    }
    env.index();
    let dir = env.index_dir();
    let meta_path = dir.join("meta.json");
    for case in 0..5 {
        // The segment of the current index (each rebuild makes a new one).
        let mut meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
        assert_eq!(meta["segments"].as_array().unwrap().len(), 1);
        let segment = meta["segments"][0]["segment_id"]
            .as_str()
            .unwrap()
            .replace('-', "");
        let s = &mut meta["segments"][0];
        let problem = match case {
            0 => {
                s["max_doc"] = 1000.into();
                format!("meta.json gives segment {segment} 1000 documents, its files hold 3")
            }
            1 => {
                s["max_doc"] = 1.into();
                format!("meta.json gives segment {segment} 1 documents, its files hold 3")
            }
            2 => {
                s["deletes"] = serde_json::json!({"num_deleted_docs": 7, "opstamp": 1});
                format!("meta.json gives segment {segment} 7 deleted documents out of 3")
            }
            3 => {
                std::fs::remove_file(dir.join(format!("{segment}.pos"))).unwrap();
                format!("file '{segment}.pos' is missing")
            }
            _ => {
                std::fs::remove_file(dir.join(format!("{segment}.fast"))).unwrap();
                format!("file '{segment}.fast' is missing")
            }
        };
        std::fs::write(&meta_path, meta.to_string()).unwrap();
        let commands: [&[&str]; 7] = [
            &["search", "item1"],
            &["search", "\"smart city\""],
            &["people"],
            &["orgs", "smart"],
            &["mentions", "Okafor-Diallo"],
            &["serve", "--addr", "127.0.0.1:0"],
            &["index", "corpus"],
        ];
        for args in commands {
            let out = env
                .cmd()
                .args(args)
                .timeout(Duration::from_secs(60))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert_eq!(out.stdout, b"", "{args:?}: nothing served or printed");
            assert_eq!(
                err,
                format!(
                    "pressdex: error: the index at '{0}' is damaged ({problem}): rebuild it \
                     with 'pressdex index --rebuild CORPUS_DIR --index {0}'\n",
                    dir.display()
                ),
                "{args:?}"
            );
        }
        // The command the message gives recovers.
        env.cmd()
            .args(["index", "corpus", "--rebuild", "--quiet"])
            .assert()
            .success();
        let (hits, _, _) = env.search_json(&["item1"]);
        assert_eq!(hits.len(), 1);
    }
}

/// Issue 17: flipped bytes in a `.fast` or `.term` file gave silently wrong counts on read
/// (only `index` verified checksums). `pressdex check` verifies every file's checksum.
#[test]
fn check_verifies_every_checksum_and_says_how_to_recover() {
    let env = Env::new();
    for n in 0..3 {
        env.write(&format!("r{n}.txt"), release(n, 0));
    }
    env.index();
    let dir = env.index_dir();
    let out = env.cmd().arg("check").assert().success();
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stdout),
        format!(
            "the index at '{}' is sound: 3 releases in 1 segment, every file present and \
             matching its checksum\n",
            dir.display()
        )
    );
    for ext in ["fast", "term"] {
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap();
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        for b in bytes.iter_mut().skip(middle).take(16) {
            *b ^= 0x5A;
        }
        std::fs::write(&file, bytes).unwrap();
        // `serve` verifies the checksums too, before serving anything.
        for args in [&["check"][..], &["serve", "--addr", "127.0.0.1:0"][..]] {
            let out = env
                .cmd()
                .args(args)
                .timeout(Duration::from_secs(20))
                .assert()
                .code(2);
            assert_eq!(out.get_output().stdout, b"", "{args:?}");
            assert_eq!(
                String::from_utf8_lossy(&out.get_output().stderr),
                format!(
                    "pressdex: error: the index at '{0}' is damaged (1 file(s) fail their \
                     checksum: {1}): rebuild it with 'pressdex index --rebuild CORPUS_DIR \
                     --index {0}'\n",
                    dir.display(),
                    file.file_name().unwrap().to_string_lossy()
                ),
                "{args:?}"
            );
        }
        env.cmd()
            .args(["index", "corpus", "--rebuild", "--quiet"])
            .assert()
            .success();
        env.cmd().arg("check").assert().success();
    }
    let out = env
        .cmd()
        .args(["check", "--index", "elsewhere"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr)
        .starts_with("pressdex: error: no index at 'elsewhere'"));
}

/// What search, `people`, `orgs` and the facets answer from the index in `index`, scores aside.
fn answers(env: &Env, index: &std::path::Path) -> Vec<serde_json::Value> {
    let queries: [(&[&str], &str); 4] = [
        (&["search", "smart city", "--limit", "400"], "hit"),
        (&["people", "--limit", "100"], "entity"),
        (&["orgs", "--limit", "100"], "entity"),
        (&["search", "--facets", "--limit", "0"], "facets"),
    ];
    let mut out = Vec::new();
    for (args, kind) in queries {
        let run = env
            .cmd()
            .args(args)
            .arg("--json")
            .arg("--index")
            .arg(index)
            .output()
            .unwrap();
        assert!(run.status.success(), "{args:?}");
        let mut lines: Vec<serde_json::Value> = json_lines(&run.stdout)
            .into_iter()
            .filter(|l| l["type"] == kind)
            .map(|mut l| match kind {
                "hit" => l["data"]["path"].clone(),
                _ => {
                    l["data"].as_object_mut().unwrap().remove("elapsed_ms");
                    l["data"].clone()
                }
            })
            .collect();
        assert!(!lines.is_empty(), "{args:?}");
        if kind == "hit" {
            lines.sort_by_key(|p| p.to_string());
        }
        out.extend(lines);
    }
    out
}

/// Runs `pressdex ARGS --json` and kills it (SIGKILL) as soon as it says it committed a batch;
/// returns that `commit` line's data.
fn kill_after_a_commit(env: &Env, args: &[&str]) -> serde_json::Value {
    use std::io::{BufRead, BufReader};

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("pressdex"))
        .args(args)
        .arg("--json")
        .current_dir(env.dir.path())
        .env("PRESSDEX_INDEX", env.index_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let commit = loop {
        let line = lines
            .next()
            .expect("a commit line before the run ends")
            .unwrap();
        let line: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_ne!(
            line["type"], "summary",
            "the run ended without a batch commit"
        );
        if line["type"] == "commit" {
            break line["data"].clone();
        }
    };
    sigkill(&mut child);
    commit
}

/// Issue 17: a run killed before its commit lost all its work, and the rerun did it again. A
/// run commits in batches (`--commit-every`, `--commit-interval`), each a complete state; killed
/// after one, the index answers from it and the rerun writes only what was not committed, then
/// removes what is gone. The result is the index one uninterrupted run builds.
#[test]
fn a_run_killed_after_a_batch_commit_is_resumed_by_the_rerun() {
    let env = Env::new();
    // An index of 30 files, then 5 of them changed, 3 removed and 270 added.
    for n in 0..30 {
        env.write(&format!("r{n:03}.txt"), release(n, 0));
    }
    assert_eq!(env.index()["added"], 30);
    for n in 0..5 {
        env.write(&format!("r{n:03}.txt"), release(n, 1));
    }
    for n in 5..8 {
        std::fs::remove_file(env.corpus().join(format!("r{n:03}.txt"))).unwrap();
    }
    let total = 300;
    for n in 30..total {
        env.write(&format!("r{n:03}.txt"), release(n, 0));
    }
    let before: HashSet<String> = indexed_paths(&env).into_iter().collect();
    let on_disk: HashSet<String> = (0..total)
        .filter(|n| !(5..8).contains(n))
        .map(|n| format!("corpus/r{n:03}.txt"))
        .collect();

    // Killed as soon as it says it committed a batch.
    let batch = 10;
    let commit = kill_after_a_commit(&env, &["index", "corpus", "--commit-every", "10"]);
    let written = commit["written"].as_u64().unwrap();
    assert!(written >= batch, "{commit}");

    // The index is the batch's state: what it had, with at least one batch written, whole.
    let after = indexed_paths(&env);
    let unique: HashSet<String> = after.iter().cloned().collect();
    assert_eq!(unique.len(), after.len(), "duplicates after the kill");
    assert!(unique.is_superset(&before), "a release was lost");
    assert!(unique.is_subset(&before.union(&on_disk).cloned().collect()));
    assert!(
        unique.len() as u64 >= 30 + written - 5,
        "{} releases",
        unique.len()
    );
    let (hits, _, _) = env.search_json(&["item1"]);
    assert_eq!(paths(&hits), ["corpus/r001.txt"]);

    // The rerun writes only what the killed run did not commit.
    let s = env.index();
    let files = on_disk.len() as u64;
    let count = |k: &str| s[k].as_u64().unwrap();
    assert_eq!(count("files"), files);
    assert_eq!(
        count("added") + count("updated") + count("unchanged"),
        files
    );
    assert!(
        count("added") + count("updated") < 275,
        "nothing resumed: {s}"
    );
    assert!(count("unchanged") >= 22 + written, "{s}");
    assert_eq!(count("removed"), 3, "{s}");
    assert_eq!(count("documents"), files);
    let after = indexed_paths(&env);
    assert_eq!(after.len() as u64, files);
    assert_eq!(after.into_iter().collect::<HashSet<_>>(), on_disk);
    for n in 0..5 {
        let (hits, _, _) = env.search_json(&[&format!("title:\"release {n} version 1\"")]);
        assert_eq!(
            paths(&hits),
            [format!("corpus/r{n:03}.txt")],
            "stale r{n:03}"
        );
    }

    // What search and the identities answer is what one uninterrupted run gives (scores
    // aside: the resumed index has more segments and deleted documents).
    let fresh = env.dir.path().join("fresh");
    env.cmd()
        .args(["index", "corpus", "--quiet", "--index"])
        .arg(&fresh)
        .assert()
        .success();
    assert_eq!(answers(&env, &env.index_dir()), answers(&env, &fresh));

    // A rerun with nothing left to commit still brings the identities table up to date (a kill
    // after the last batch leaves one that names an older state).
    let table = env.index_dir().join("pressdex-identities.json");
    std::fs::remove_file(&table).unwrap();
    let s = env.index();
    assert_eq!(
        (s["added"].as_u64(), s["commits"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(table.is_file());
}

/// A `--rebuild` killed after a batch commit leaves the old index as it was, and the next
/// `--rebuild` takes up its new index where it stopped, unless it was started otherwise.
#[test]
fn a_killed_rebuild_leaves_the_old_index_and_the_next_rebuild_resumes() {
    let env = Env::new();
    for n in 0..30 {
        env.write(&format!("a/r{n:03}.txt"), release(n, 0));
    }
    env.index();
    let before = indexed_paths(&env);
    assert_eq!(before.len(), 30);
    // The corpus changes: 5 files rewritten, 3 removed, 120 added in a/ and 150 in b/.
    for n in 0..5 {
        env.write(&format!("a/r{n:03}.txt"), release(n, 1));
    }
    for n in 5..8 {
        std::fs::remove_file(env.corpus().join(format!("a/r{n:03}.txt"))).unwrap();
    }
    for n in 30..300 {
        let folder = if n < 150 { "a" } else { "b" };
        env.write(&format!("{folder}/r{n:03}.txt"), release(n, 0));
    }
    let on_disk = |folder: &str| -> HashSet<String> {
        std::fs::read_dir(env.corpus().join(folder))
            .unwrap()
            .map(|e| {
                format!(
                    "corpus/{folder}/{}",
                    e.unwrap().file_name().to_string_lossy()
                )
            })
            .collect()
    };
    let (a, b) = (on_disk("a"), on_disk("b"));
    let pending = env.dir.path().join("index.rebuild-tmp");
    let rebuild = ["index", "corpus", "--rebuild", "--commit-every", "10"];

    let commit = kill_after_a_commit(&env, &rebuild);
    let written = commit["written"].as_u64().unwrap();
    assert!(written >= 10, "{commit}");
    // The old index is untouched: searches and an incremental run read it as it was.
    assert_eq!(indexed_paths(&env), before);
    let (hits, _, _) = env.search_json(&["title:\"release 1 version 0\""]);
    assert_eq!(paths(&hits), ["corpus/a/r001.txt"]);
    assert!(pending.join("meta.json").is_file());

    // The next rebuild keeps what the killed one committed and writes the rest.
    let out = env.cmd().args(rebuild).arg("--json").assert().success();
    let s = json_lines(&out.get_output().stdout).last().unwrap()["data"].clone();
    let count = |k: &str| s[k].as_u64().unwrap();
    let files = (a.len() + b.len()) as u64;
    assert_eq!(s["resumed"], true, "{s}");
    assert!(count("unchanged") >= written, "{s}");
    assert_eq!(count("added") + count("unchanged"), files, "{s}");
    assert_eq!((count("updated"), count("removed")), (0, 0), "{s}");
    assert_eq!(count("documents"), files);
    assert!(!pending.exists());
    let found: HashSet<String> = indexed_paths(&env).into_iter().collect();
    assert_eq!(found, a.union(&b).cloned().collect());
    for n in 0..5 {
        let (hits, _, _) = env.search_json(&[&format!("title:\"release {n} version 1\"")]);
        assert_eq!(paths(&hits), [format!("corpus/a/r{n:03}.txt")]);
    }
    // The same answers as an uninterrupted rebuild.
    let fresh = env.dir.path().join("fresh");
    env.cmd()
        .args(["index", "corpus", "--quiet", "--index"])
        .arg(&fresh)
        .assert()
        .success();
    assert_eq!(answers(&env, &env.index_dir()), answers(&env, &fresh));

    // A rerun over fewer folders keeps none of the killed run's releases from the others.
    kill_after_a_commit(&env, &rebuild);
    let s = env.index_json(&["corpus/a", "--rebuild"]);
    assert_eq!(s["resumed"], true, "{s}");
    assert_eq!(s["documents"].as_u64(), Some(a.len() as u64), "{s}");
    assert_eq!(indexed_paths(&env).into_iter().collect::<HashSet<_>>(), a);

    // A rerun started otherwise (here another size cap) starts over.
    kill_after_a_commit(&env, &rebuild);
    let s = env.index_json(&["corpus", "--rebuild", "--max-file-size", "10MB"]);
    assert_eq!(s["resumed"], false, "{s}");
    assert_eq!(s["added"].as_u64(), Some(files), "{s}");
    assert!(!pending.exists());

    // The human summary says a rebuild was resumed.
    kill_after_a_commit(&env, &rebuild);
    let out = env.cmd().args(rebuild).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("\nresumed the interrupted --rebuild: the "),
        "{text}"
    );
}

/// Each batch commit prints a `commit` line with `--json`, and the summary counts the commits.
#[test]
fn batch_commits_are_reported() {
    let env = Env::new();
    for n in 0..25 {
        env.write(&format!("r{n:03}.txt"), release(n, 0));
    }
    let out = env
        .cmd()
        .args(["index", "corpus", "--json", "--commit-every", "10"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let commits: Vec<u64> = lines
        .iter()
        .filter(|l| l["type"] == "commit")
        .map(|l| l["data"]["written"].as_u64().unwrap())
        .collect();
    // Two batches of at least 10 (other threads may write while one commits), then the last.
    assert!(!commits.is_empty() && commits.len() <= 2, "{commits:?}");
    assert!(commits.windows(2).all(|w| w[0] + 10 <= w[1]), "{commits:?}");
    assert!(
        commits.iter().all(|&w| (10..=25).contains(&w)),
        "{commits:?}"
    );
    let summary = &lines.last().unwrap()["data"];
    assert_eq!(summary["commits"].as_u64(), Some(commits.len() as u64 + 1));
    assert_eq!(summary["documents"], 25);
    // Nothing changed: no commit at all.
    let s = env.index();
    assert_eq!(s["commits"], 0);
    // A rebuild commits in batches too (into its new index, swapped in at the end).
    let out = env
        .cmd()
        .args([
            "index",
            "corpus",
            "--json",
            "--rebuild",
            "--commit-every",
            "10",
        ])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let batches = lines.iter().filter(|l| l["type"] == "commit").count() as u64;
    assert!((1..=2).contains(&batches), "{lines:?}");
    let summary = &lines.last().unwrap()["data"];
    assert_eq!(summary["commits"].as_u64(), Some(batches + 1));
    assert_eq!(
        (&summary["added"], &summary["resumed"]),
        (&25.into(), &false.into())
    );
}

/// The identities `pressdex index` keeps beside the index (a catalog of names and the names of
/// each segment mapped to identities, per kind) only make answers faster: cut short, filled
/// with other bytes or removed, every answer stays what the index gives; bytes flipped inside
/// them never crash a command.
#[test]
fn damaged_identity_files_change_no_answer() {
    let env = Env::with_bundled_corpus();
    env.index();
    let dir = env.index_dir();
    let kept: Vec<PathBuf> = ["person", "org"]
        .iter()
        .flat_map(|k| {
            [
                format!("pressdex-identities-{k}.bin"),
                format!("pressdex-identities-{k}-groups.bin"),
            ]
        })
        .map(|f| dir.join(f))
        .collect();
    assert!(kept.iter().all(|f| f.is_file()), "{kept:?}");
    let originals: Vec<Vec<u8>> = kept.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let questions: [&[&str]; 6] = [
        &["people", "smart", "--json"],
        &["orgs", "smart", "--json"],
        &["search", "city", "--facets", "--json"],
        &["mentions", "Guterres", "--json"],
        &["mentions", "WIOTC", "--json"],
        &["search", "--person", "He Xuming", "--json"],
    ];
    let answers = || -> Vec<String> {
        questions
            .iter()
            .map(|args| {
                let out = env.cmd().args(*args).output().unwrap();
                assert_eq!(out.status.code(), Some(0), "{args:?}");
                String::from_utf8(out.stdout)
                    .unwrap()
                    .lines()
                    .map(|l| {
                        // Times differ from run to run.
                        let mut v: Value = serde_json::from_str(l).unwrap();
                        if let Some(d) = v.get_mut("data").and_then(Value::as_object_mut) {
                            d.remove("elapsed_ms");
                            d.remove("took_ms");
                        }
                        v.to_string()
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect()
    };
    let expected = answers();
    assert!(expected[3].contains("António Guterres"), "{}", expected[3]);
    for (file, original) in kept.iter().zip(&originals) {
        let damages: [Vec<u8>; 3] = [
            original[..original.len() / 2].to_vec(),
            vec![0x5a; original.len()],
            Vec::new(),
        ];
        for damaged in damages {
            std::fs::write(file, &damaged).unwrap();
            assert_eq!(
                answers(),
                expected,
                "{} ({} bytes)",
                file.display(),
                damaged.len()
            );
        }
        for at in (0..original.len()).step_by(original.len() / 7 + 1) {
            let mut damaged = original.clone();
            damaged[at] ^= 0xff;
            std::fs::write(file, &damaged).unwrap();
            for args in &questions {
                env.cmd().args(*args).assert().success();
            }
        }
        std::fs::write(file, original).unwrap();
    }
}
