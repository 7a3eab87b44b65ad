//! A hermetic command and temporary corpora.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The repository's bundled corpus.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A temporary folder with a corpus and an index.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    /// A copy of the bundled corpus (paths `corpus/...`), not yet indexed.
    pub fn with_bundled_corpus() -> Env {
        let env = Env::new();
        copy_dir(&bundled_corpus(), &env.corpus());
        env
    }

    pub fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir(env.corpus()).expect("corpus dir");
        env
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    /// Writes a file under the corpus.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    /// `pressdex` running in the temp folder, with the index there.
    pub fn cmd(&self) -> Command {
        let mut cmd = pressdex();
        cmd.current_dir(self.dir.path())
            .env("PRESSDEX_INDEX", self.index_dir());
        cmd
    }

    /// Indexes the corpus folder and returns the JSON summary.
    pub fn index(&self) -> Value {
        self.index_json(&["corpus"])
    }

    /// Runs `index ARGS --json`, which must succeed, and returns the summary.
    pub fn index_json(&self, args: &[&str]) -> Value {
        let out = self
            .cmd()
            .arg("index")
            .args(args)
            .arg("--json")
            .assert()
            .success();
        let lines = json_lines(&out.get_output().stdout);
        let summary = lines.last().expect("a summary line").clone();
        assert_eq!(summary["type"], "summary");
        summary["data"].clone()
    }

    /// Runs `search ARGS --json` and returns (hits, summary, exit code).
    pub fn search_json(&self, args: &[&str]) -> (Vec<Value>, Value, i32) {
        let out = self
            .cmd()
            .arg("search")
            .args(args)
            .arg("--json")
            .output()
            .unwrap();
        let code = out.status.code().unwrap();
        assert!(
            code == 0 || code == 1,
            "exit {code}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let lines = json_lines(&out.stdout);
        let (summary, hits) = lines.split_last().expect("summary line");
        assert_eq!(summary["type"], "summary");
        assert!(hits.iter().all(|h| h["type"] == "hit"));
        (
            hits.iter().map(|h| h["data"].clone()).collect(),
            summary["data"].clone(),
            code,
        )
    }
}

/// The binary, with the environment cleared of anything that changes its output.
pub fn pressdex() -> Command {
    let mut cmd = Command::cargo_bin("pressdex").expect("binary built");
    cmd.env_remove("NO_COLOR")
        .env_remove("PRESSDEX_INDEX")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

pub fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// Paths of hits, in rank order.
pub fn paths(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["path"].as_str().unwrap().to_string())
        .collect()
}

/// Every highlighted string of a hit.
pub fn highlighted(hit: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for f in hit["fragments"].as_array().unwrap() {
        let text = f["text"].as_str().unwrap();
        for h in f["highlights"].as_array().unwrap() {
            let (s, e) = (
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            );
            out.push(text[s..e].to_string());
        }
    }
    out
}

/// Three small releases used by many tests.
pub fn small_corpus() -> Env {
    let env = Env::new();
    env.write(
        "2017/wiotc.txt",
        "WIOTC delegation meets ITU in Geneva\n\n\
         GENEVA, 13 June 2017 – A delegation of the World Internet of Things Convention (WIOTC) \
         led by Executive Chairman He Xuming met officials of the International Telecommunication \
         Union (ITU) to discuss the internet of things and the smart city.\n\n\
         He said the internet of things will change how cities work. Chairman He thanked the ITU \
         for its support of WIOTC.\n",
    );
    env.write(
        "2019/alliance.html",
        "<html><head><title>Alliance report | GSCA</title>\
         <meta property=\"article:published_time\" content=\"2019-05-07T09:00:00+02:00\"></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>Alliance publishes smart city report</h1>\
         <p>The Global Smart Cities Alliance (GSCA) published its annual smart city report on Tuesday.</p>\
         <p>\"Cities are learning fast,\" said Secretary-General Amara Okafor-Diallo. Okafor-Diallo \
         added that the GSCA would meet again in 2020.</p></article>\
         <footer>Copyright GSCA</footer></body></html>",
    );
    env.write(
        "2015/bank.txt",
        "Harbourline Technologies Ltd. reports growth\n\n\
         LONDON, March 3, 2015 — Harbourline Technologies Ltd. reported record revenue, said its \
         chief executive Ingrid Solberg. Ms. Solberg said the company will hire 200 engineers.\n",
    );
    env
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
