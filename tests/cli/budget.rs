//! Issue 17, unbounded extraction: a file whose extraction takes longer than the per-file time
//! limit (`--file-time-limit`) is skipped with a warning that names it, counted as skipped, and
//! the run goes on; what the index held stays.

use crate::util::{json_lines, Env};

/// Name-dense text of about `bytes` bytes: thousands of "Senator First Last said ..." lines
/// over a few given names and surnames, each person named again by surname.
fn names(bytes: usize) -> String {
    const FIRST: &[&str] = &[
        "James", "Mary", "Robert", "Patricia", "John", "Linda", "David", "Susan", "Thomas",
        "Sarah", "Daniel", "Nancy", "Paul", "Emily", "George", "Laura",
    ];
    const LAST: &[&str] = &[
        "Smith", "Johnson", "Garcia", "Miller", "Davis", "Wilson", "Taylor", "Moore", "Jackson",
        "Martin", "Lee", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King",
    ];
    let mut out = String::from("Senators Announce Agreement\n\nWASHINGTON, March 3, 2015 - ");
    let mut k = 0usize;
    while out.len() < bytes {
        let first = FIRST[k % FIRST.len()];
        let last = LAST[(k / FIRST.len() + k) % LAST.len()];
        out.push_str(&format!(
            "Senator {first} {last} said the bill would help families. {last} added that \
             the agreement protects taxpayers.\n"
        ));
        k += 1;
    }
    out
}

const SMALL: &str = "Smart Cities Forum Opens\n\nGENEVA, June 13, 2017 - Executive Chairman \
                     He Xuming of the World Internet of Things Convention opened the forum.\n";

fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().args(args).output().unwrap();
    (
        out.status.code().expect("exited, not killed by a signal"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn index_skips_a_file_over_the_time_limit_and_goes_on() {
    let env = Env::new();
    env.write("a-forum.txt", SMALL);
    let first = env.index();
    assert_eq!(first["added"], 1);

    // The name-dense file takes far longer than a millisecond; the file indexed before is
    // unchanged (not extracted again), so the limit cannot touch it.
    env.write("b-names.txt", names(200_000));
    let (code, out, err) = run(
        &env,
        &["index", "corpus", "--quiet", "--file-time-limit", "0.001"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "pressdex: warning: corpus/b-names.txt: extraction took longer than the 0.001 s \
         time limit (--file-time-limit), skipped\n"
    );
    let summary = out.lines().next().unwrap();
    assert!(
        summary.starts_with("indexed 2 files into ")
            && summary.contains(
                ": 0 added, 0 updated, 1 unchanged, 0 removed, 1 skipped; 1 releases in the index"
            ),
        "{out}"
    );
    assert_eq!(
        out.lines().nth(1),
        Some("skipped: 1 extraction took longer than the 0.001 s time limit")
    );
    let (hits, _, _) = env.search_json(&["Xuming"]);
    assert_eq!(hits.len(), 1);

    // A changed file over the limit keeps its indexed version; the JSON summary counts it.
    env.write("a-forum.txt", format!("{SMALL}{}", names(200_000)));
    let (code, out, _) = run(
        &env,
        &["index", "corpus", "--json", "--file-time-limit", "0.001"],
    );
    assert_eq!(code, 0);
    let lines = json_lines(out.as_bytes());
    let warnings: Vec<String> = lines
        .iter()
        .filter(|l| l["type"] == "warning")
        .map(|l| {
            format!(
                "{}: {}",
                l["data"]["path"].as_str().unwrap(),
                l["data"]["reason"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            "corpus/a-forum.txt: extraction took longer than the 0.001 s time limit \
             (--file-time-limit), skipped; the previously indexed version is kept",
            "corpus/b-names.txt: extraction took longer than the 0.001 s time limit \
             (--file-time-limit), skipped",
        ]
    );
    let summary = &lines.last().unwrap()["data"];
    assert_eq!(
        (
            &summary["skipped"],
            &summary["added"],
            &summary["documents"]
        ),
        (&2.into(), &0.into(), &1.into())
    );
    let (hits, _, _) = env.search_json(&["Xuming"]);
    assert_eq!(hits.len(), 1);
}

#[test]
fn extract_skips_a_file_over_the_time_limit() {
    let env = Env::new();
    let slow = env.write("names.txt", names(200_000));
    let (code, out, err) = run(
        &env,
        &[
            "extract",
            "--file-time-limit",
            "0.001",
            slow.to_str().unwrap(),
        ],
    );
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.ends_with(
            "names.txt: extraction took longer than the 0.001 s time limit \
             (--file-time-limit), skipped\n"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn the_time_limit_is_checked() {
    let env = Env::new();
    for bad in ["0", "-1", "soon", "NaN"] {
        let flag = format!("--file-time-limit={bad}");
        let (code, _, err) = run(&env, &["index", "corpus", &flag]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("--file-time-limit"), "{bad}: {err}");
    }
}

/// `extract --jsonl` was not covered by the time limit: an input line over it is skipped with
/// a warning naming its line and id, the lines after it are extracted, and the exit is 1.
#[test]
fn extract_jsonl_skips_a_line_over_the_time_limit_and_goes_on() {
    let line = |id: serde_json::Value, text: &str| {
        serde_json::json!({"id": id, "text": text}).to_string() + "\n"
    };
    // 8 MB of names take seconds to extract (about 4 s of CPU in a debug build, half a second
    // in a release build), a short release a few milliseconds: a limit of 0.1 s leaves a wide
    // margin both ways in both builds.
    let input = [
        line("first".into(), SMALL),
        line("dense-2".into(), &names(8_000_000)),
        line(3.into(), SMALL),
    ]
    .concat();
    let out = crate::util::pressdex()
        .args(["extract", "--jsonl", "--file-time-limit", "0.1"])
        .write_stdin(input)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(
        err,
        "pressdex: warning: stdin line 2 (id \"dense-2\"): extraction took longer than the 0.1 s \
         time limit (--file-time-limit), skipped\n"
    );
    let lines = json_lines(&out.stdout);
    let ids: Vec<&serde_json::Value> = lines.iter().map(|l| &l["id"]).collect();
    assert_eq!(ids, [&serde_json::json!("first"), &serde_json::json!(3)]);
    assert_eq!(lines[1]["people"][0]["name"], "He Xuming");
}
