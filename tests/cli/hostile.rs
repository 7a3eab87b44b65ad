//! Hostile inputs through the binary: every bad file gets a warning naming it and the reason,
//! the run goes on, the summary counts it, and `index` exits 0 (README: "committed (skipped
//! files are counted and warned about, not fatal)").

use std::path::Path;

use serde_json::Value;

use crate::util::{json_lines, paths, Env};

/// A good release, so every run has something to commit.
const GOOD: &str = "Kestrel Analytics opens Nairobi office\n\n\
    NAIROBI, 2 March 2020 – Kestrel Analytics Inc. opened an office, said Amara Okafor-Diallo.\n";

/// Runs `index corpus --json [extra]` and returns (exit code, warnings by path, summary, stderr).
fn index_json(env: &Env, extra: &[&str]) -> (i32, Vec<(String, String)>, Value, String) {
    let out = env
        .cmd()
        .args(["index", "corpus", "--json"])
        .args(extra)
        .output()
        .unwrap();
    let lines = json_lines(&out.stdout);
    let warnings = lines
        .iter()
        .filter(|l| l["type"] == "warning")
        .map(|l| {
            (
                l["data"]["path"].as_str().unwrap().to_string(),
                l["data"]["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let summary = lines.last().map(|l| l["data"].clone()).unwrap_or_default();
    (
        out.status.code().unwrap(),
        warnings,
        summary,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `index corpus` (human output) and returns (exit code, stdout, stderr).
fn index_human(env: &Env, extra: &[&str]) -> (i32, String, String) {
    let out = env
        .cmd()
        .args(["index", "corpus"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn reason_of<'a>(warnings: &'a [(String, String)], path: &str) -> &'a str {
    warnings
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, r)| r.as_str())
        .unwrap_or_else(|| panic!("no warning for {path} in {warnings:?}"))
}

/// The body `extract` finds in one file.
fn extracted_body(env: &Env, rel: &str) -> String {
    let out = env
        .cmd()
        .args(["extract", &format!("corpus/{rel}")])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    lines[0]["body"].as_str().unwrap().to_string()
}

#[test]
fn bad_files_are_warned_counted_and_the_run_goes_on() {
    let env = Env::new();
    env.write("good.txt", GOOD);
    env.write("empty.txt", "");
    env.write("blank.html", " \n\t\r\n ");
    env.write(
        "png.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06",
    );
    env.write(
        "pdf.html",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >>",
    );
    env.write("zip.txt", b"PK\x03\x04\x14\0\0\0\x08\0\x21\x54\x5a\x4e");
    env.write("nul.txt", b"Title\n\nSome text\0with\0NUL bytes\0inside.");
    env.write(
        "scripts.html",
        "<html><head><script>var a = 1;</script></head><body><script>b()</script></body></html>",
    );
    let (code, warnings, summary, stderr) = index_json(&env, &[]);
    assert_eq!(code, 0, "{stderr}");
    let expected = [
        ("corpus/empty.txt", "file is empty"),
        ("corpus/blank.html", "file is empty"),
        ("corpus/png.txt", "looks like a binary file (PNG image)"),
        ("corpus/pdf.html", "looks like a binary file (PDF document)"),
        ("corpus/zip.txt", "looks like a binary file (ZIP archive)"),
        (
            "corpus/nul.txt",
            "looks like a binary file (contains NUL bytes)",
        ),
        ("corpus/scripts.html", "no readable text"),
    ];
    for (path, reason) in expected {
        assert_eq!(reason_of(&warnings, path), reason);
    }
    assert_eq!(warnings.len(), expected.len(), "{warnings:?}");
    assert_eq!(summary["skipped"], expected.len());
    assert_eq!(summary["added"], 1);
    assert_eq!(summary["documents"], 1);

    // Human mode: the same warnings on stderr, one line each, naming file and reason; the
    // summary on stdout counts them.
    std::fs::remove_dir_all(env.index_dir()).unwrap();
    let (code, stdout, stderr) = index_human(&env, &[]);
    assert_eq!(code, 0);
    for (path, reason) in expected {
        let line = format!("pressdex: warning: {path}: {reason}\n");
        assert!(stderr.contains(&line), "missing {line:?} in {stderr}");
    }
    assert_eq!(stderr.lines().count(), expected.len(), "{stderr}");
    assert!(stdout.contains("1 added, 0 updated, 0 unchanged, 0 removed, 7 skipped"));
}

#[test]
fn encodings_without_declarations_are_decoded() {
    let env = Env::new();
    let cases: [(&str, &'static encoding_rs::Encoding, &str); 4] = [
        (
            "cp1252.txt",
            encoding_rs::WINDOWS_1252,
            "Le café annonce\n\nGenève, le 3 mai 2019 – « déjà vu » dit le ministre à l’école.",
        ),
        (
            "gb18030.txt",
            encoding_rs::GB18030,
            "中国国家主席会见代表团\n\n北京，2019年5月3日——中国国家主席今天在北京会见了来访的代表团，双方就经济合作问题交换了意见。",
        ),
        (
            "sjis.txt",
            encoding_rs::SHIFT_JIS,
            "東京証券取引所が新制度を発表\n\n東京、2019年5月3日、株式会社日本取引所グループは本日、新しい取引制度を発表しました。",
        ),
        (
            "euckr.txt",
            encoding_rs::EUC_KR,
            "국무총리실 보도자료\n\n서울, 2019년 5월 3일, 국무총리는 오늘 경제 협력에 관한 회의를 주재했습니다.",
        ),
    ];
    for (name, encoding, text) in cases {
        let (bytes, _, lossy) = encoding.encode(text);
        assert!(!lossy, "{name} must be representable");
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{name} must not be UTF-8"
        );
        env.write(name, &bytes);
    }
    // UTF-16 with a BOM, both byte orders.
    let text = "Zürich bank opens branch\n\nZÜRICH, 3 May 2019 – Acme AG opened a branch.";
    let page = "<html><head><title>Zürich bank opens branch</title></head>\
                <body><p>ZÜRICH, 3 May 2019 – Acme AG opened a branch.</p></body></html>";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    for u in page.encode_utf16() {
        be.extend_from_slice(&u.to_be_bytes());
    }
    env.write("utf16le.txt", le);
    env.write("utf16be.html", be);
    // A declaration that lies: says UTF-8, bytes are windows-1252.
    let page = "<html><head><meta charset=\"utf-8\"><title>Le café</title></head><body><p>Genève, le 3 mai 2019 – « déjà vu » à l’école.</p></body></html>";
    env.write("lying.html", WINDOWS_1252(page));
    // Invalid UTF-8 in the middle of UTF-8 text: decoded, not dropped.
    env.write(
        "invalid-utf8.txt",
        b"Caf\xc3\xa9 opens in Geneva\n\nGENEVA \xff\xfe\x80 broken bytes, the caf\xc3\xa9 opened.\n",
    );
    let (code, warnings, summary, stderr) = index_json(&env, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(summary["added"], 8);

    for (name, _, text) in cases {
        let body = text.split_once("\n\n").unwrap().1;
        assert_eq!(extracted_body(&env, name), body, "{name}");
    }
    assert_eq!(
        extracted_body(&env, "utf16le.txt"),
        "ZÜRICH, 3 May 2019 – Acme AG opened a branch."
    );
    assert_eq!(
        extracted_body(&env, "utf16be.html"),
        "ZÜRICH, 3 May 2019 – Acme AG opened a branch."
    );
    assert_eq!(
        extracted_body(&env, "lying.html"),
        "Genève, le 3 mai 2019 – « déjà vu » à l’école."
    );
    let body = extracted_body(&env, "invalid-utf8.txt");
    assert!(body.contains("broken bytes"), "{body}");
    // Searchable, accents optional.
    let (hits, _, _) = env.search_json(&["geneve"]);
    assert_eq!(
        paths(&hits)
            .iter()
            .filter(|p| p.contains("cp1252") || p.contains("lying"))
            .count(),
        2,
        "{hits:?}"
    );
    let (hits, _, _) = env.search_json(&["zurich"]);
    assert_eq!(hits.len(), 2);
}

#[allow(non_snake_case)]
fn WINDOWS_1252(s: &str) -> Vec<u8> {
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(s);
    assert!(!lossy);
    bytes.into_owned()
}

#[test]
fn huge_deep_and_unterminated_html_is_indexed() {
    let env = Env::new();
    let depth = 100_000;
    env.write(
        "deep.html",
        format!(
            "<html><head><title>Deep page</title></head><body>{}deepest words here{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
    );
    let mut line = String::from("Long line release\n\n");
    while line.len() < 10_000_000 {
        line.push_str("lorem ipsum dolor sit amet ");
    }
    line.push_str("needleword");
    env.write("long-line.txt", &line);
    env.write(
        "unterminated-tags.html",
        "<html><body><h1>Open tags<p>First <b>bold <i>italic <div><span>never closed words",
    );
    env.write(
        "unterminated-comment.html",
        "<html><body><h1>Comment page</h1><p>Visible words</p><!-- a comment that never ends <p>hidden",
    );
    env.write(
        "unterminated-script.html",
        "<html><body><h1>Script page</h1><p>Words before</p><script>var s = \"never closed",
    );
    // The 10 MB line takes a few seconds to extract in a release build, far more in the
    // unoptimized test build on a busy machine: no time limit gets in the way here (it has
    // tests of its own in budget.rs).
    let (code, warnings, summary, stderr) = index_json(&env, &["--file-time-limit", "86400"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(summary["added"], 5);
    for (query, path) in [
        ("deepest", "corpus/deep.html"),
        ("needleword", "corpus/long-line.txt"),
        ("\"never closed words\"", "corpus/unterminated-tags.html"),
        ("\"visible words\"", "corpus/unterminated-comment.html"),
        ("\"words before\"", "corpus/unterminated-script.html"),
    ] {
        let (hits, _, _) = env.search_json(&[query]);
        assert_eq!(paths(&hits), [path], "{query}");
    }
    // What is inside an unterminated comment or script is not text.
    for query in ["hidden", "\"var s\""] {
        let (hits, _, code) = env.search_json(&[query]);
        assert_eq!((hits.len(), code), (0, 1), "{query}");
    }
}

/// Creates a sparse file of `size` bytes: instant, and no disk space used.
fn sparse(path: &Path, size: u64) {
    std::fs::File::create(path).unwrap().set_len(size).unwrap();
}

#[test]
fn files_over_the_size_cap_are_skipped_with_a_clear_message() {
    let env = Env::new();
    env.write("good.txt", GOOD);
    sparse(&env.corpus().join("huge.txt"), 200_000_000);
    let (code, warnings, summary, _) = index_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        reason_of(&warnings, "corpus/huge.txt"),
        "file is 200.0 MB, over the 50.0 MB size limit (--max-file-size), skipped"
    );
    assert_eq!(
        (summary["skipped"].as_u64(), summary["added"].as_u64()),
        (Some(1), Some(1))
    );

    // The cap is configurable, both ways.
    std::fs::remove_dir_all(env.index_dir()).unwrap();
    let (_, warnings, summary, _) = index_json(&env, &["--max-file-size", "100B"]);
    assert_eq!(
        reason_of(&warnings, "corpus/good.txt"),
        format!(
            "file is {} B, over the 100 B size limit (--max-file-size), skipped",
            GOOD.len()
        )
    );
    assert_eq!(summary["skipped"], 2);
    assert_eq!(summary["documents"], 0);
}

#[test]
fn unreadable_files_are_warned_or_read_when_running_as_root() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    env.write("good.txt", GOOD);
    let locked = env.write("locked.txt", "Locked release\n\nSecret words inside.\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root (and CAP_DAC_OVERRIDE) reads files whatever their mode: find out, don't assume.
    let readable = std::fs::File::open(&locked).is_ok();
    let (code, warnings, summary, stderr) = index_json(&env, &[]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(code, 0, "{stderr}");
    if readable {
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(summary["added"], 2);
    } else {
        assert_eq!(
            reason_of(&warnings, "corpus/locked.txt"),
            "permission denied"
        );
        assert_eq!(
            (summary["skipped"].as_u64(), summary["added"].as_u64()),
            (Some(1), Some(1))
        );
    }
    // An unreadable folder is the same story, for the walk.
    let sub = env.corpus().join("private");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("inner.txt"), GOOD).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&sub).is_ok();
    let (code, warnings, _, _) = index_json(&env, &[]);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 0);
    if readable {
        assert!(warnings.is_empty(), "{warnings:?}");
    } else {
        assert_eq!(reason_of(&warnings, "corpus/private"), "permission denied");
    }
}

#[test]
fn symlink_loops_dangling_links_and_folders_named_like_files() {
    use std::os::unix::fs::symlink;
    let env = Env::new();
    env.write("good.txt", GOOD);
    let c = env.corpus();
    symlink("b.txt", c.join("a.txt")).unwrap();
    symlink("a.txt", c.join("b.txt")).unwrap();
    symlink(".", c.join("self")).unwrap();
    symlink("no-such-target.txt", c.join("dangling.txt")).unwrap();
    // A folder named like a release is a folder: walked into, not read as a file.
    env.write("folder.html/inside.txt", GOOD.replace("Nairobi", "Mombasa"));
    let (code, warnings, summary, stderr) = index_json(&env, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        reason_of(&warnings, "corpus/a.txt"),
        "symlink loop, skipped"
    );
    assert_eq!(
        reason_of(&warnings, "corpus/b.txt"),
        "symlink loop, skipped"
    );
    assert_eq!(reason_of(&warnings, "corpus/self"), "symlink loop, skipped");
    assert_eq!(reason_of(&warnings, "corpus/dangling.txt"), "no such file");
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert_eq!(summary["skipped"], 4);
    assert_eq!(summary["added"], 2);
    let (hits, _, _) = env.search_json(&["mombasa"]);
    assert_eq!(paths(&hits), ["corpus/folder.html/inside.txt"]);
    // Named on the command line, a folder called x.html is a warning for `extract`.
    let out = env
        .cmd()
        .args(["extract", "corpus/folder.html"])
        .assert()
        .code(1);
    assert_eq!(
        String::from_utf8_lossy(&out.get_output().stderr),
        "pressdex: warning: corpus/folder.html: is a directory\n"
    );
}

/// A file deleted after the walk listed it and before it is read. The window cannot be hit
/// reliably from outside the process, so this runs the library's `index_paths` (what the
/// binary calls) with a progress hook that deletes the file once the walk is done.
#[test]
fn a_file_deleted_between_walk_and_read_is_a_warning() {
    struct DeleteOnStart(std::path::PathBuf);
    impl pressdex::index::Progress for DeleteOnStart {
        fn start(&self, _files: u64) {
            std::fs::remove_file(&self.0).unwrap();
        }
    }
    let env = Env::new();
    env.write("good.txt", GOOD);
    let doomed = env.write("doomed.txt", GOOD.replace("Nairobi", "Kisumu"));
    let report = pressdex::index::index_paths(
        &env.index_dir(),
        &[env.corpus()],
        &pressdex::index::IndexOptions::default(),
        &DeleteOnStart(doomed.clone()),
    )
    .unwrap();
    assert_eq!((report.files, report.added, report.skipped), (2, 1, 1));
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].path.ends_with("corpus/doomed.txt"));
    assert_eq!(report.warnings[0].reason, "no such file");
    assert_eq!(report.documents, 1);
}

/// Issue 17: `extract` on a FIFO named `.txt` blocked forever; `index` given one skipped it
/// without a word.
#[test]
fn fifos_are_skipped_with_a_clear_message() {
    let env = Env::new();
    env.write("good.txt", GOOD);
    let fifo = env.corpus().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = env
        .cmd()
        .args(["extract", "corpus/pipe.txt", "corpus/good.txt"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a skipped file exits 1");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "pressdex: warning: corpus/pipe.txt: not a regular file (a FIFO, socket or device), \
         skipped\n"
    );
    assert_eq!(paths(&json_lines(&out.stdout)), ["corpus/good.txt"]);

    let out = env
        .cmd()
        .args(["index", "corpus/pipe.txt"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "pressdex: error: cannot read corpus path 'corpus/pipe.txt': not a regular file (a \
         FIFO, socket or device)\n"
    );
    // Inside a folder, it is passed over as before.
    let (code, warnings, summary, _) = index_json(&env, &[]);
    assert_eq!((code, warnings.len()), (0, 0));
    assert_eq!(summary["added"], 1);
}

/// Issue 17: a file name with a line break was printed raw, breaking line-oriented output.
#[test]
fn line_breaks_in_file_names_are_not_printed_raw() {
    let env = Env::new();
    env.write("two\nlines.txt", GOOD);
    env.write("empty\tone.txt", "");
    let (code, _, err) = index_human(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "pressdex: warning: corpus/empty\u{FFFD}one.txt: file is empty\n"
    );
    let shown = "corpus/two\u{FFFD}lines.txt";
    let search = env.cmd().args(["search", "Kestrel"]).output().unwrap();
    let search = String::from_utf8(search.stdout).unwrap();
    assert_eq!(
        search.lines().nth(1).map(|l| l.split("  ").nth(2)),
        Some(Some(shown)),
        "{search}"
    );
    let mentions = env
        .cmd()
        .args(["mentions", "Okafor-Diallo"])
        .output()
        .unwrap();
    let mentions = String::from_utf8(mentions.stdout).unwrap();
    assert!(
        mentions.contains(&format!("\n   {shown}  as ")),
        "{mentions}"
    );
    let show = env.cmd().args(["show", "two\nlines.txt"]).output().unwrap();
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(show.contains(&format!(")  {shown}  text  en\n")), "{show}");
    // Machine-readable output keeps the name as it is.
    let (hits, _, _) = env.search_json(&["Kestrel"]);
    assert_eq!(paths(&hits), ["corpus/two\nlines.txt"]);
}

/// The kinds of bad request of the hostile-request test: (what, raw request, expected status).
/// Each is answered before it costs anything: a 4xx with a JSON body.
fn bad_requests() -> Vec<(&'static str, Vec<u8>, u16)> {
    let get = |target: String| format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let q = |query: String| get(format!("/api/search?q={}", crate::server::enc(&query)));
    let words = |word: &str, n: usize| vec![word; n].join(" ");
    let kinds: Vec<(&str, String, u16)> = vec![
        ("2,500 nested parentheses", q(format!("{}a{}", "(".repeat(2500), ")".repeat(2500))), 400),
        ("2,000 prefix terms", q(words("fr*", 2000)), 400),
        ("200 fuzzy terms", q(words("fraud~2", 200)), 400),
        ("200 unknown words", q((0..200).map(|i| format!("zq{i}x")).collect::<Vec<_>>().join(" ")), 400),
        ("a 20 KB URL", get(format!("/api/search?q={}", "a".repeat(20_000))), 414),
        ("a 70 KB URL", get(format!("/api/search?q={}", "a".repeat(70_000))), 414),
        ("Latin-1 in the query string", get("/api/search?q=caf%e9".into()), 400),
        ("a space in the URL", get("/api/search?q=a b".into()), 400),
        ("not HTTP", "HELLO THERE\r\n\r\n".into(), 400),
        ("a header without a colon", "GET / HTTP/1.1\r\nHost: localhost\r\nbroken\r\n\r\n".into(), 400),
        ("POST to the search", "POST /api/search HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n".into(), 405),
        ("DELETE", "DELETE / HTTP/1.1\r\nHost: localhost\r\n\r\n".into(), 405),
        ("an unknown path", get("/wp-admin/install.php".into()), 404),
        ("a path out of the folder", get("/../../Cargo.toml".into()), 404),
        ("a release outside the index", get("/api/release?path=..%2F..%2Fetc%2Fpasswd".into()), 404),
        ("a huge offset", get("/api/search?offset=99999999999".into()), 400),
        ("a limit past u64", get("/api/search?limit=18446744073709551616".into()), 400),
        ("a huge mentions limit", get("/api/mentions?name=He&limit=1000000000".into()), 400),
        ("an impossible date", get("/api/search?since=2017-13-45".into()), 400),
        ("an unknown parameter", get("/api/search?qq=x".into()), 400),
        ("a repeated parameter", get("/api/search?limit=1&limit=2".into()), 400),
        ("a query that only excludes", q("NOT fraud".into()), 400),
        ("an unbalanced quote", q("\"smart city".into()), 400),
        ("a filter with no letters", get("/api/search?person=%21%21".into()), 400),
        ("mentions without a name", get("/api/mentions".into()), 400),
        ("another Host (DNS rebinding)", "GET /api/info HTTP/1.1\r\nHost: evil.example\r\n\r\n".into(), 403),
        ("edits when they are off", "POST /api/identity HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".into(), 403),
    ];
    let mut all: Vec<(&str, Vec<u8>, u16)> = kinds
        .into_iter()
        .map(|(w, r, s)| (w, r.into_bytes(), s))
        .collect();
    all.push((
        "raw bytes over 127 in the URL",
        b"GET /api/search?q=\xe9t\xe9 HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
        400,
    ));
    all.push((
        "headers over 500 KB",
        format!(
            "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
            "b".repeat(600_000)
        )
        .into_bytes(),
        431,
    ));
    all
}

/// Issue 17's target: 2,000 bad requests of 29 kinds, 8 at a time, while normal searches run.
/// No crash, every bad request answered 4xx with a JSON body within a second, and the normal
/// searches stay fast (the p95 is printed; the bound asserted is generous, for a debug build on a
/// busy machine: `bench/bench.py` measures the release build).
#[test]
fn serve_survives_2000_hostile_requests_while_answering_searches() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    let env = Env::with_bundled_corpus();
    env.index();
    let mut server = crate::server::Server::start(&env.index_dir());
    let addr = server.addr.clone();
    let kinds = Arc::new(bad_requests());
    assert!(kinds.len() >= 20);
    let done = Arc::new(AtomicBool::new(false));

    // Normal searches, one after another, timed, until the bad requests are all answered.
    let searches = {
        let (addr, done) = (addr.clone(), done.clone());
        std::thread::spawn(move || {
            let targets = [
                "/api/search?q=smart+city",
                "/api/search?q=%22internet+of+things%22&facets=true",
                "/api/search?person=He+Xuming&sort=newest",
                "/api/search?q=xum*",
                "/api/facets?q=alliance",
                "/api/mentions?name=Guterres",
            ];
            let mut times = Vec::new();
            let mut i = 0;
            while !done.load(Ordering::Relaxed) || times.len() < 20 {
                let start = Instant::now();
                let res = crate::server::request(&addr, "GET", targets[i % targets.len()], &[]);
                times.push(start.elapsed());
                assert_eq!(res.status, 200, "{}", res.body);
                i += 1;
            }
            times
        })
    };

    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let (addr, kinds, next) = (addr.clone(), kinds.clone(), next.clone());
            std::thread::spawn(move || {
                let mut slowest = Duration::ZERO;
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= 2000 {
                        return slowest;
                    }
                    let (what, request, status) = &kinds[n % kinds.len()];
                    let start = Instant::now();
                    let (got, head, body) = crate::server::raw(&addr, request);
                    let took = start.elapsed();
                    slowest = slowest.max(took);
                    assert_eq!(got, *status, "{what}: {head}\n{body}");
                    assert!(took < Duration::from_secs(1), "{what} took {took:?}");
                    let v: Value = serde_json::from_str(&body)
                        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {body}"));
                    assert!(v["error"].is_string(), "{what}: {v}");
                    assert!(head.contains("\r\ncontent-security-policy: "), "{what}");
                }
            })
        })
        .collect();
    let slowest = workers
        .into_iter()
        .map(|w| w.join().expect("a worker failed"))
        .max()
        .unwrap();
    done.store(true, Ordering::Relaxed);
    let mut times = searches.join().expect("the normal searches failed");
    times.sort();
    let p95 = times[times.len() * 95 / 100];
    let p50 = times[times.len() / 2];
    println!(
        "hostile requests: 2000 of {} kinds, slowest answer {slowest:?}; normal searches \
         meanwhile: {} runs, p50 {p50:?}, p95 {p95:?}",
        kinds.len(),
        times.len()
    );
    assert!(server.alive(), "the server is still running");
    assert_eq!(server.json("/api/info")["releases"], 50);
    assert!(p95 < Duration::from_secs(2), "normal-search p95 {p95:?}");
}
