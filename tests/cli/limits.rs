//! Issue 17, the command line and the query path: nothing a user or a web page sends makes
//! pressdex crash, allocate without bound or work without end; over-large queries are refused
//! before parsing with the limit that was hit, pages past the end say how many releases match,
//! and output cut short by a closed pipe is a success.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::server::{enc, Server};
use crate::util::{json_lines, Env};

/// Runs the command and returns (exit code, stdout, stderr).
fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().args(args).output().unwrap();
    (
        out.status.code().expect("exited, not killed by a signal"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The bundled corpus, indexed.
fn bundled() -> Env {
    let env = Env::with_bundled_corpus();
    env.index();
    env
}

fn nested(depth: usize) -> String {
    format!("{}smart{}", "(".repeat(depth), ")".repeat(depth))
}

fn repeated(term: &str, n: usize) -> String {
    vec![term; n].join(" ")
}

/// The last line without its timing, "(1.2 ms)".
fn last_line(stdout: &str) -> &str {
    let last = stdout.lines().last().unwrap_or_default();
    last.rsplit_once(" (").map_or(last, |(text, _)| text)
}

#[test]
fn over_deep_and_over_long_queries_are_refused_before_parsing() {
    let env = bundled();
    let too = |what: &str| format!("pressdex: error: query too large: {what}\n");
    // 20,000 nested pairs overflowed the parser's stack (exit 134).
    let (code, out, err) = run(&env, &["search", &nested(20_000)]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        too("it has 40005 characters, more than the 1000 allowed")
    );
    let (code, _, err) = run(&env, &["search", &nested(11)]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        too("its parentheses nest 11 deep, more than the 10 allowed")
    );
    // Parentheses inside a phrase are words, not nesting; ten levels are fine.
    let (code, _, err) = run(&env, &["search", &nested(10)]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, _, err) = run(&env, &["search", &format!("\"{}\"", "(".repeat(20))]);
    assert!(code == 0 || code == 1, "{err}");

    let (code, _, err) = run(&env, &["search", &repeated("city", 101)]);
    assert_eq!(code, 2);
    assert_eq!(err, too("it has 101 words, more than the 100 allowed"));
    let (code, _, err) = run(&env, &["search", &repeated("city", 100)]);
    assert_eq!((code, err.as_str()), (0, ""));

    // Prefix and fuzzy terms: at most ten a query (2,000 × `fr*` ran 23 s).
    let (code, _, err) = run(&env, &["search", &repeated("sm*", 11)]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        too("it has 11 prefix and fuzzy terms, more than the 10 allowed")
    );
    let (code, _, err) = run(&env, &["search", &repeated("smart~2", 10)]);
    assert_eq!((code, err.as_str()), (0, ""));

    // The same bounds hold wherever a query is taken.
    for args in [
        vec!["people", "(((((((((((smart)))))))))))"],
        vec!["orgs", "(((((((((((smart)))))))))))"],
        vec![
            "mentions",
            "Guterres",
            "--query",
            "(((((((((((smart)))))))))))",
        ],
    ] {
        let (code, _, err) = run(&env, &args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(
            err,
            too("its parentheses nest 11 deep, more than the 10 allowed"),
            "{args:?}"
        );
    }
}

#[test]
fn a_prefix_or_fuzzy_term_matching_too_many_words_is_refused() {
    let env = Env::new();
    // 1,331 distinct words starting with "zq" (letters the English stemmer leaves alone).
    let letters = ['b', 'c', 'f', 'h', 'j', 'k', 'm', 'p', 't', 'v', 'w'];
    let mut words = Vec::new();
    for a in letters {
        for b in letters {
            for c in letters {
                words.push(format!("zq{a}{b}{c}"));
            }
        }
    }
    env.write(
        "words.txt",
        format!(
            "A list of words\n\nGENEVA, 13 June 2017 – The words are {}.\n",
            words.join(" ")
        ),
    );
    env.index();
    let (code, _, err) = run(&env, &["search", "zq*"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "pressdex: error: query too large: 'zq*' matches more than the 1000 index words \
         allowed for a prefix or fuzzy term: give more letters\n"
    );
    let (code, out, err) = run(&env, &["search", "zqb*", "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let summary = json_lines(out.as_bytes()).pop().unwrap();
    assert_eq!(summary["data"]["rewrites"][0]["matched_total"], 121);
}

#[test]
fn the_api_answers_over_large_queries_with_a_400_and_keeps_serving() {
    let env = bundled();
    let server = Server::start(&env.index_dir());
    // 2,500 nested parentheses (a 5 KB GET) killed the server with a stack overflow.
    let cases = [
        (
            nested(2_500),
            "q: query too large: it has 5005 characters, more than the 1000 allowed",
        ),
        (
            nested(400),
            "q: query too large: its parentheses nest 400 deep, more than the 10 allowed",
        ),
        (
            repeated("fr*", 200),
            "q: query too large: it has 200 words, more than the 100 allowed",
        ),
        (
            repeated("fraud~2", 50),
            "q: query too large: it has 50 prefix and fuzzy terms, more than the 10 allowed",
        ),
    ];
    for endpoint in ["search", "facets", "people", "orgs"] {
        for (q, message) in &cases {
            let start = Instant::now();
            let res = server.get(&format!("/api/{endpoint}?q={}", enc(q)));
            assert!(start.elapsed() < Duration::from_secs(5), "{endpoint}");
            assert_eq!(res.status, 400, "{endpoint}: {}", res.body);
            let body = res.json();
            assert_eq!(body["error"], *message, "{endpoint}");
            assert_eq!(body["parameter"], "q");
        }
    }
    let res = server.get(&format!(
        "/api/mentions?name=Guterres&q={}",
        enc(&nested(2_500))
    ));
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(server.json("/api/info")["releases"], 50, "still serving");
    assert_eq!(server.json("/api/search?q=smart")["total"], 25);
}

#[test]
fn huge_limits_and_offsets_neither_abort_nor_panic() {
    let env = bundled();
    // --offset 99999999999 aborted allocating 1.6 TB; the largest --limit panicked.
    let (code, out, err) = run(&env, &["search", "smart", "--offset", "99999999999"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        last_line(&out),
        "no releases on this page: 25 releases match, this page starts after the last \
         (offset 99999999999)"
    );
    let (code, out, err) = run(
        &env,
        &["search", "smart", "--limit", &usize::MAX.to_string()],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(last_line(&out), "1–25 of 25 releases");
    let (code, out, err) = run(
        &env,
        &[
            "search",
            "--limit",
            &usize::MAX.to_string(),
            "--offset",
            &usize::MAX.to_string(),
            "--json",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let summary = json_lines(out.as_bytes()).pop().unwrap();
    assert_eq!(
        (&summary["data"]["total"], &summary["data"]["returned"]),
        (&50.into(), &0.into())
    );
    // `mentions X --limit 1000000000` tried 48 GB.
    let (code, out, err) = run(&env, &["mentions", "Guterres", "--limit", "1000000000"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(last_line(&out), "1–3 of 3 releases");
    let (code, out, err) = run(
        &env,
        &["mentions", "Guterres", "--offset", &usize::MAX.to_string()],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out.lines().last(),
        Some("no releases on this page (3 in all)")
    );
    let (code, _, err) = run(&env, &["people", "--limit", &usize::MAX.to_string()]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn an_empty_page_says_how_many_releases_match() {
    let env = bundled();
    let (code, out, err) = run(&env, &["search", "smart", "--limit", "0"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out.lines().count(),
        1,
        "nothing but the summary line: {out}"
    );
    assert_eq!(
        last_line(&out),
        "no releases on this page: 25 releases match, none was asked for (limit 0)"
    );
    let (code, out, _) = run(&env, &["search", "smart", "--offset", "25"]);
    assert_eq!(code, 0);
    assert_eq!(
        last_line(&out),
        "no releases on this page: 25 releases match, this page starts after the last \
         (offset 25)"
    );
    let (code, out, _) = run(&env, &["search", "smart", "--offset", "24"]);
    assert_eq!(code, 0);
    assert_eq!(last_line(&out), "25–25 of 25 releases");
}

#[test]
fn a_filter_naming_no_release_says_so() {
    let env = bundled();
    let (code, out, err) = run(&env, &["search", "--person", "Nobody Atall"]);
    assert_eq!((code, err.as_str()), (1, ""));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "no person 'Nobody Atall' in the index: no release names them"
    );
    assert!(lines[1].starts_with("no releases found ("), "{out}");
    // A known person with a query that excludes them: no such line.
    let (code, out, _) = run(
        &env,
        &[
            "search",
            "zebra",
            "--person",
            "Guterres",
            "--org",
            "Nowhere Inc",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("no organization 'Nowhere Inc' in the index: no release names them\nno releases found ("),
        "{out}"
    );
    let (_, out, _) = run(&env, &["search", "--person", "Nobody Atall", "--json"]);
    let summary = json_lines(out.as_bytes()).pop().unwrap();
    assert_eq!(
        summary["data"]["unknown_filters"],
        serde_json::json!([{"kind": "person", "name": "Nobody Atall"}])
    );
    let (_, out, _) = run(&env, &["search", "smart", "--json"]);
    let summary = json_lines(out.as_bytes()).pop().unwrap();
    assert!(summary["data"].get("unknown_filters").is_none());
}

/// Runs the command, reads its first line, closes the pipe and returns (exit code, stderr).
fn first_line_then_close(env: &Env, args: &[&str]) -> (i32, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pressdex"))
        .current_dir(env.dir.path())
        .env("PRESSDEX_INDEX", env.index_dir())
        .env_remove("NO_COLOR")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(!line.is_empty(), "{args:?} printed a line");
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().expect("exited, not killed by a signal"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn output_into_a_closed_pipe_is_a_success() {
    let env = Env::new();
    // Far more output than a pipe holds (64 KB), so that writing must fail.
    let sentence = "Amara Okafor-Diallo spoke in Geneva about the smart city. ";
    for n in 0..40 {
        env.write(
            &format!("r{n}.txt"),
            format!(
                "Release {n} on the smart city\n\nGENEVA, 13 June 2017 – {}\n",
                sentence.repeat(60)
            ),
        );
    }
    env.index();
    for args in [
        vec!["search", "smart", "--csv", "--limit", "40"],
        vec!["search", "smart", "--json", "--limit", "40"],
        vec!["search", "smart", "--limit", "40"],
        vec!["mentions", "Okafor-Diallo", "--csv", "--limit", "40"],
        vec!["extract", "corpus/r0.txt", "corpus/r1.txt", "corpus/r2.txt"],
    ] {
        let mut args = args;
        let files: Vec<String> = (3..40).map(|n| format!("corpus/r{n}.txt")).collect();
        if args[0] == "extract" {
            args.extend(files.iter().map(String::as_str));
        }
        let (code, err) = first_line_then_close(&env, &args);
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
    }
}
