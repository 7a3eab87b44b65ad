//! `pressdex search`: ranking, filters, sorting, highlights, output formats, exit codes.

use std::process::Stdio;

use crate::util::{highlighted, json_lines, paths, small_corpus};

#[test]
fn best_release_ranks_first_and_stderr_is_empty() {
    let env = small_corpus();
    env.index();
    let out = env
        .cmd()
        .args(["search", "internet of things", "--json"])
        .assert()
        .success();
    assert_eq!(out.get_output().stderr, b"");
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 2, "one hit and a summary");
    assert_eq!(lines[0]["data"]["path"], "corpus/2017/wiotc.txt");
    assert_eq!(lines[0]["data"]["rank"], 1);
    assert_eq!(lines[1]["data"]["total"], 1);
}

#[test]
fn json_shape_is_stable() {
    let env = small_corpus();
    env.index();
    let (hits, summary, code) = env.search_json(&["\"smart city\""]);
    assert_eq!(code, 0);
    let mut keys: Vec<&str> = hits[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "date",
            "fragments",
            "lang",
            "orgs",
            "path",
            "people",
            "rank",
            "score",
            "title"
        ]
    );
    let fragment = &hits[0]["fragments"][0];
    let mut keys: Vec<&str> = fragment
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(keys, ["highlights", "offset", "text"]);
    let mut keys: Vec<&str> = summary
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "elapsed_ms",
            "limit",
            "offset",
            "query",
            "returned",
            "rewrites",
            "suggestions",
            "total"
        ]
    );
    assert_eq!(summary["total"], 2);
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn phrase_highlight_marks_the_phrase_and_aliases_not_the_pronoun() {
    let env = small_corpus();
    env.index();
    let (hits, _, _) = env.search_json(&["\"He Xuming\""]);
    assert_eq!(paths(&hits), ["corpus/2017/wiotc.txt"]);
    let marks = highlighted(&hits[0]);
    assert_eq!(marks, ["He Xuming", "Chairman He"]);
    // Exact byte ranges into the fragment text.
    let f = &hits[0]["fragments"][0];
    let text = f["text"].as_str().unwrap();
    let start = text.find("He Xuming").unwrap();
    assert_eq!(f["highlights"][0]["start"], start);
    assert_eq!(f["highlights"][0]["end"], start + "He Xuming".len());
}

#[test]
fn unquoted_full_name_highlights_the_person_not_the_pronoun() {
    let env = small_corpus();
    env.index();
    let (hits, _, _) = env.search_json(&["He Xuming"]);
    assert_eq!(paths(&hits), ["corpus/2017/wiotc.txt"]);
    assert_eq!(highlighted(&hits[0]), ["He Xuming", "Chairman He"]);
    // Words that name nobody are still highlighted one by one.
    let (hits, _, _) = env.search_json(&["cities internet"]);
    let marks = highlighted(&hits[0]);
    assert!(
        marks.contains(&"cities".to_string()) && marks.contains(&"internet".to_string()),
        "{marks:?}"
    );
}

#[test]
fn person_filter_alone_lists_releases_with_alias_highlights() {
    let env = small_corpus();
    env.index();
    let (hits, summary, code) = env.search_json(&["--person", "He Xuming"]);
    assert_eq!(code, 0);
    assert_eq!(summary["total"], 1);
    assert_eq!(highlighted(&hits[0]), ["He Xuming", "Chairman He"]);
    let (hits, _, _) = env.search_json(&["--person", "Okafor-Diallo"]);
    assert_eq!(paths(&hits), ["corpus/2019/alliance.html"]);
    assert_eq!(
        highlighted(&hits[0]),
        ["Amara Okafor-Diallo", "Okafor-Diallo"]
    );
    assert_eq!(hits[0]["people"][0], "Amara Okafor-Diallo");
}

#[test]
fn org_filter_accepts_acronym_and_long_form() {
    let env = small_corpus();
    env.index();
    for name in ["GSCA", "Global Smart Cities Alliance"] {
        let (hits, _, _) = env.search_json(&["--org", name]);
        assert_eq!(paths(&hits), ["corpus/2019/alliance.html"], "--org {name}");
    }
    let (hits, _, code) = env.search_json(&["smart", "--org", "WIOTC"]);
    assert_eq!(
        (paths(&hits), code),
        (vec!["corpus/2017/wiotc.txt".to_string()], 0)
    );
}

#[test]
fn date_filters_and_sorts() {
    let env = small_corpus();
    env.index();
    let (hits, _, _) = env.search_json(&["--since", "2016", "--sort", "oldest"]);
    assert_eq!(
        paths(&hits),
        ["corpus/2017/wiotc.txt", "corpus/2019/alliance.html"]
    );
    let (hits, _, _) = env.search_json(&["--until", "2017-06", "--sort", "newest"]);
    assert_eq!(
        paths(&hits),
        ["corpus/2017/wiotc.txt", "corpus/2015/bank.txt"]
    );
    let (hits, _, _) = env.search_json(&["--since", "2017-06-13", "--until", "2017-06-13"]);
    assert_eq!(paths(&hits), ["corpus/2017/wiotc.txt"]);
    let (hits, _, _) = env.search_json(&["--sort", "newest"]);
    assert_eq!(
        paths(&hits),
        [
            "corpus/2019/alliance.html",
            "corpus/2017/wiotc.txt",
            "corpus/2015/bank.txt"
        ]
    );
    assert_eq!(hits[0]["date"], "2019-05-07");
    assert!(hits[0]["score"].is_null());
}

#[test]
fn limit_and_offset_page_through_hits() {
    let env = small_corpus();
    env.index();
    let (all, _, _) = env.search_json(&["--sort", "oldest"]);
    let (page, summary, _) =
        env.search_json(&["--sort", "oldest", "--limit", "1", "--offset", "1"]);
    assert_eq!(paths(&page), paths(&all)[1..2]);
    assert_eq!(page[0]["rank"], 2);
    assert_eq!(summary["total"], 3);
    assert_eq!(summary["returned"], 1);
}

#[test]
fn no_hits_exits_1() {
    let env = small_corpus();
    env.index();
    let (hits, summary, code) = env.search_json(&["zebra"]);
    assert!(hits.is_empty());
    assert_eq!((summary["total"].as_u64(), code), (Some(0), 1));
    env.cmd()
        .args(["search", "zebra"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("no releases found"));
}

#[test]
fn bad_query_is_a_clear_error_with_position() {
    let env = small_corpus();
    env.index();
    let out = env
        .cmd()
        .args(["search", "smart AND (city"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.starts_with("pressdex: error: invalid query at character 15: expected ')'"),
        "{err}"
    );
    assert!(
        err.contains("  smart AND (city\n                 ^"),
        "{err}"
    );
    assert_eq!(out.get_output().stdout, b"");
    let out = env.cmd().args(["search", "nosuchfield:x"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("Field does not exist: 'nosuchfield'"), "{err}");
}

#[test]
fn bad_dates_are_rejected_with_usage_error() {
    let env = small_corpus();
    env.index();
    let out = env
        .cmd()
        .args(["search", "x", "--since", "June 2017"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("use YYYY, YYYY-MM or YYYY-MM-DD"), "{err}");
    let out = env
        .cmd()
        .args(["search", "x", "--since", "2019", "--until", "2018"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("is after --until"));
}

#[test]
fn missing_index_says_how_to_build_one() {
    let env = small_corpus();
    let out = env.cmd().args(["search", "x"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.starts_with("pressdex: error: no index at '"), "{err}");
    assert!(
        err.contains("run 'pressdex index CORPUS_DIR --index"),
        "{err}"
    );
}

#[test]
fn plain_marker_when_piped_and_colors_when_forced() {
    let env = small_corpus();
    env.index();
    let out = env
        .cmd()
        .args(["search", "\"He Xuming\""])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.starts_with(
            "1. WIOTC delegation meets ITU in Geneva\n   2017-06-13  corpus/2017/wiotc.txt  score "
        ),
        "{text}"
    );
    assert!(
        text.contains("Executive Chairman **He Xuming** met"),
        "{text}"
    );
    assert!(text.contains("**Chairman He** thanked"), "{text}");
    assert!(!text.contains('\x1b'));
    assert!(
        text.ends_with(" of 1 releases") || text.contains("1–1 of 1 releases ("),
        "{text}"
    );
    let out = env
        .cmd()
        .args(["search", "\"He Xuming\"", "--color", "always"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("\x1b[1m\x1b[31mHe Xuming\x1b[0m") || text.contains("\x1b[1;31mHe Xuming"),
        "{text:?}"
    );
    let out = env
        .cmd()
        .env("NO_COLOR", "1")
        .args(["search", "\"He Xuming\""])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains('\x1b'));
}

#[test]
fn broken_pipe_exits_0() {
    let env = small_corpus();
    env.index();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pressdex"))
        .current_dir(env.dir.path())
        .env("PRESSDEX_INDEX", env.index_dir())
        .args(["search", "--limit", "1000", "--fragments", "3"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stderr, b"");
}

/// JSON Lines with the timings taken out, which differ from run to run.
fn without_timings(stdout: &[u8]) -> Vec<serde_json::Value> {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("elapsed_ms");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut lines = json_lines(stdout);
    lines.iter_mut().for_each(strip);
    lines
}

#[test]
fn format_flag_matches_its_aliases() {
    let env = small_corpus();
    env.index();
    let run = |args: &[&str]| {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        out.stdout
    };
    for command in [
        &["search", "\"smart city\"", "--facets"][..],
        &["people"][..],
        &["mentions", "He Xuming"][..],
    ] {
        let alias = run(&[command, &["--json"]].concat());
        let format = run(&[command, &["--format", "json"]].concat());
        assert_eq!(
            without_timings(&format),
            without_timings(&alias),
            "{command:?}"
        );
    }
    for command in [&["search", "city"][..], &["orgs"][..]] {
        let alias = run(&[command, &["--csv"]].concat());
        let format = run(&[command, &["--format", "csv"]].concat());
        assert_eq!(format, alias, "{command:?}");
    }
    // The human summary line ends with the time taken, which differs from run to run.
    let text = |stdout: Vec<u8>| -> Vec<String> {
        let text = String::from_utf8(stdout).unwrap();
        text.lines()
            .map(|l| {
                l.split(" ms)")
                    .next()
                    .unwrap_or(l)
                    .trim_end_matches(char::is_numeric)
            })
            .map(|l| {
                l.trim_end_matches('.')
                    .trim_end_matches(char::is_numeric)
                    .to_string()
            })
            .collect()
    };
    let human = text(run(&["search", "city", "--color", "never"]));
    let format = text(run(&[
        "search", "city", "--color", "never", "--format", "human",
    ]));
    assert_eq!(format, human);
    // One format at a time.
    env.cmd()
        .args(["search", "forum", "--format", "json", "--csv"])
        .assert()
        .code(2);
}

#[test]
fn a_filter_without_letters_names_its_flag() {
    let env = small_corpus();
    env.index();
    for (flag, value) in [("--person", "!!"), ("--org", "--")] {
        let out = env
            .cmd()
            .args(["search", "city", &format!("{flag}={value}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "pressdex: error: invalid query: {flag} needs a name with letters or digits, \
                 got '{value}'; see 'pressdex search --help' for the fields and the syntax\n"
            )
        );
    }
}
