//! `pressdex index`: summaries, incremental runs, bad files, incompatible indexes.

use crate::util::{json_lines, paths, small_corpus, Env};

#[test]
fn first_run_adds_everything_and_second_run_changes_nothing() {
    let env = small_corpus();
    let s = env.index();
    assert_eq!(
        (
            s["files"].as_u64(),
            s["added"].as_u64(),
            s["documents"].as_u64()
        ),
        (Some(3), Some(3), Some(3))
    );
    let s = env.index();
    assert_eq!(
        (
            s["added"].as_u64(),
            s["unchanged"].as_u64(),
            s["updated"].as_u64()
        ),
        (Some(0), Some(3), Some(0))
    );
}

#[test]
fn human_summary_goes_to_stdout_and_nothing_to_stderr() {
    let env = small_corpus();
    let out = env.cmd().args(["index", "corpus"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("indexed 3 files into "), "{text}");
    assert!(
        text.contains(
            ": 3 added, 0 updated, 0 unchanged, 0 removed, 0 skipped; 3 releases in the index"
        ),
        "{text}"
    );
    assert_eq!(out.get_output().stderr, b"");
}

#[test]
fn incremental_modify_delete_add() {
    let env = small_corpus();
    env.index();
    // Modify one (different size, so the mtime check cannot miss it), delete one, add one.
    env.write(
        "2015/bank.txt",
        "Harbourline Technologies Ltd. reports growth\n\nLONDON, March 3, 2015 — Harbourline \
         Technologies Ltd. reported record revenue and a new quantum computing unit.\n",
    );
    std::fs::remove_file(env.corpus().join("2019/alliance.html")).unwrap();
    env.write("2020/new.txt", "Kestrel Analytics Inc. opens office\n\nNAIROBI, 2 March 2020 – Kestrel Analytics Inc. opened a quantum lab.\n");
    let s = env.index();
    assert_eq!(s["added"], 1);
    assert_eq!(s["updated"], 1);
    assert_eq!(s["removed"], 1);
    assert_eq!(s["unchanged"], 1);
    assert_eq!(s["documents"], 3);
    let (hits, _, _) = env.search_json(&["quantum", "--sort", "oldest"]);
    assert_eq!(
        paths(&hits),
        ["corpus/2015/bank.txt", "corpus/2020/new.txt"]
    );
    let (hits, _, code) = env.search_json(&["--org", "GSCA"]);
    assert_eq!((hits.len(), code), (0, 1));
    // Same bytes written again (new mtime): hashed, found unchanged, not re-parsed.
    let text = std::fs::read(env.corpus().join("2020/new.txt")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(env.corpus().join("2020/new.txt"), text).unwrap();
    let s = env.index();
    assert_eq!(
        (s["unchanged"].as_u64(), s["updated"].as_u64()),
        (Some(3), Some(0))
    );
}

#[test]
fn bad_files_are_warned_counted_and_skipped() {
    let env = small_corpus();
    env.write("empty.txt", "");
    env.write("image.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    env.write("notes.md", "# not a release format");
    let out = env.cmd().args(["index", "corpus"]).assert().success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("pressdex: warning: corpus/empty.txt: "),
        "{err}"
    );
    assert!(
        err.contains("pressdex: warning: corpus/image.html: "),
        "{err}"
    );
    assert!(err.to_lowercase().contains("png"), "{err}");
    let summary = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        summary.ends_with("\nskipped: 1 file is empty, 1 looks like a binary file\n"),
        "{summary}"
    );
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("3 added, 0 updated, 0 unchanged, 0 removed, 2 skipped; 3 releases"),
        "{text}"
    );
    // JSON mode reports the same as lines.
    let out = env
        .cmd()
        .args(["index", "corpus", "--json"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let warnings: Vec<_> = lines.iter().filter(|l| l["type"] == "warning").collect();
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0]["data"]["path"], "corpus/empty.txt");
    let summary = &lines.last().unwrap()["data"];
    assert_eq!(
        (summary["skipped"].as_u64(), summary["ignored"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn missing_corpus_path_is_an_error_and_nothing_is_created() {
    let env = Env::new();
    let out = env.cmd().args(["index", "no-such-folder"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.starts_with("pressdex: error: cannot read corpus path 'no-such-folder': "),
        "{err}"
    );
    assert!(!env.index_dir().exists());
}

#[test]
fn incompatible_index_says_to_rebuild() {
    let env = small_corpus();
    env.index();
    let meta = env.index_dir().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    assert!(text.contains("pressdex-schema-7"));
    // An old index, and one of the version before the original page's address was stored.
    for old in ["pressdex-schema-2", "pressdex-schema-6"] {
        std::fs::write(&meta, text.replace("pressdex-schema-7", old)).unwrap();
        for args in [&["search", "x"][..], &["index", "corpus"][..]] {
            let out = env.cmd().args(args).assert().code(2);
            let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
            assert!(
                err.contains(&format!(
                    "incompatible schema ('{old}', expected pressdex-schema-7)"
                )),
                "{err}"
            );
            assert!(
                err.contains("rebuild it with 'pressdex index --rebuild CORPUS_DIR"),
                "{err}"
            );
        }
    }
    let out = env
        .cmd()
        .args(["index", "corpus", "--rebuild", "--json"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.last().unwrap()["data"]["added"], 3);
    let (hits, _, _) = env.search_json(&["\"smart city\""]);
    assert_eq!(hits.len(), 2);
}

#[test]
fn a_folder_that_is_not_an_index_is_refused() {
    let env = small_corpus();
    std::fs::create_dir(env.index_dir()).unwrap();
    std::fs::write(env.index_dir().join("precious.txt"), "keep me").unwrap();
    let out = env.cmd().args(["index", "corpus"]).assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("is not a pressdex index"));
    assert_eq!(
        std::fs::read_to_string(env.index_dir().join("precious.txt")).unwrap(),
        "keep me"
    );
}

/// Issue 17: the same file indexed under another spelling of its path (absolute, `a/../a`, a
/// symlinked folder) was added again (21,476 releases for DOJ's 10,738 files). A file keeps
/// the key, and so the path shown, it was first indexed under.
#[test]
fn another_spelling_of_a_path_is_the_same_release() {
    let env = small_corpus();
    let counts = |args: &[&str]| {
        let s = env.index_json(args);
        (
            s["added"].as_u64().unwrap(),
            s["updated"].as_u64().unwrap(),
            s["unchanged"].as_u64().unwrap(),
            s["documents"].as_u64().unwrap(),
        )
    };
    assert_eq!(counts(&["corpus"]), (3, 0, 0, 3));
    let absolute = env.corpus().canonicalize().unwrap();
    let absolute = absolute.to_str().unwrap();
    std::os::unix::fs::symlink(env.corpus(), env.dir.path().join("link")).unwrap();
    for spelling in [absolute, "corpus/../corpus", "./corpus/", "link"] {
        assert_eq!(counts(&[spelling]), (0, 0, 3, 3), "{spelling}");
    }
    // A changed file read under another spelling replaces its release.
    env.write(
        "2015/bank.txt",
        "Harbourline hires\n\nLONDON, 4 March 2015 – More hires.\n",
    );
    assert_eq!(counts(&["link"]), (0, 1, 2, 3));
    let (hits, _, _) = env.search_json(&["--sort", "oldest"]);
    assert_eq!(
        paths(&hits),
        [
            "corpus/2015/bank.txt",
            "corpus/2017/wiotc.txt",
            "corpus/2019/alliance.html"
        ]
    );
    assert_eq!(hits[0]["title"], "Harbourline hires");

    // In one run: two spellings of the corpus, and a symlinked folder inside it.
    let env = small_corpus();
    std::os::unix::fs::symlink("2017", env.corpus().join("again")).unwrap();
    let absolute = env.corpus().canonicalize().unwrap();
    let out = env
        .cmd()
        .args(["index", "corpus", absolute.to_str().unwrap(), "--json"])
        .assert()
        .success();
    let s = json_lines(&out.get_output().stdout).pop().unwrap()["data"].clone();
    assert_eq!(
        (s["added"].as_u64(), s["documents"].as_u64()),
        (Some(3), Some(3))
    );
    let (hits, _, _) = env.search_json(&["--sort", "oldest"]);
    assert_eq!(
        paths(&hits),
        [
            "corpus/2015/bank.txt",
            "corpus/2017/wiotc.txt",
            "corpus/2019/alliance.html"
        ]
    );
}
