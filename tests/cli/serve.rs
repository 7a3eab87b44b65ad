//! `pressdex serve` through the real binary: the JSON API answers as the CLI does, bad
//! parameters get 400s that name them, nothing outside the index is served, and release text is
//! data, never markup.

use std::time::Duration;

use serde_json::Value;

use crate::server::{enc, raw, request, Server};
use crate::util::{highlighted, json_lines, small_corpus, Env};

/// The `data` of every line of `pressdex ARGS --json` of the given type.
fn cli_json(env: &Env, args: &[&str], kind: &str) -> Vec<Value> {
    let out = env.cmd().args(args).arg("--json").output().unwrap();
    json_lines(&out.stdout)
        .into_iter()
        .filter(|l| l["type"] == kind)
        .map(|l| l["data"].clone())
        .collect()
}

fn without_elapsed(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("elapsed_ms");
    v
}

#[test]
fn api_search_answers_as_the_cli_does_with_facets_years_and_pages() {
    let env = Env::with_bundled_corpus();
    env.index();
    let server = Server::start(&env.index_dir());

    let res = server.get("/api/search?q=%22smart+city%22&limit=5&facets=true&facet_limit=10");
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let api = res.json();
    let cli_hits = cli_json(
        &env,
        &["search", "\"smart city\"", "-n", "5", "--facets"],
        "hit",
    );
    let cli_facets = cli_json(&env, &["search", "\"smart city\"", "--facets"], "facets");
    let cli_summary = cli_json(&env, &["search", "\"smart city\"", "-n", "5"], "summary");
    assert_eq!(api["query"], "\"smart city\"");
    assert_eq!(api["total"], cli_summary[0]["total"]);
    assert_eq!(
        api["total"], 21,
        "the bundled corpus has 21 \"smart city\" releases"
    );
    assert_eq!(api["returned"], 5);
    assert_eq!(
        api["hits"],
        Value::Array(cli_hits.clone()),
        "same hits, ranks, fragments"
    );
    assert_eq!(
        without_elapsed(api["facets"].clone()),
        without_elapsed(cli_facets[0].clone())
    );
    // Without date filters the chart's years are the facets' years.
    assert_eq!(api["years"], api["facets"]["years"]);
    let ranks: Vec<u64> = api["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, [1, 2, 3, 4, 5]);

    // The second page continues the ranking.
    let page2 = server.json("/api/search?q=%22smart+city%22&limit=5&offset=5&facets=false");
    assert_eq!(page2["hits"][0]["rank"], 6);
    assert!(page2.get("facets").is_none() && page2.get("years").is_none());
    let cli_page2 = cli_json(
        &env,
        &["search", "\"smart city\"", "-n", "5", "--offset", "5"],
        "hit",
    );
    assert_eq!(page2["hits"], Value::Array(cli_page2));

    // A person facet narrows the hits, and every hit highlights the person (aliases too).
    let he = server.json(&format!(
        "/api/search?q={}&person={}&limit=100&facets=true",
        enc("smart city"),
        enc("He Xuming")
    ));
    assert_eq!(he["total"], 8);
    assert_eq!(he["facets"]["people"][0]["name"], "He Xuming");
    assert_eq!(he["facets"]["people"][0]["releases"], 8);
    let mut aliases = std::collections::BTreeSet::new();
    let mut with_person = 0;
    for hit in he["hits"].as_array().unwrap() {
        let marks = highlighted(hit);
        with_person += marks
            .iter()
            .any(|m| m.contains("He Xuming") || m == "Chairman He") as usize;
        aliases.extend(marks);
    }
    assert!(with_person >= 5, "the person is highlighted in most hits");
    assert!(aliases.contains("Chairman He"), "{aliases:?}");

    // Dates narrow the hits; the chart's years still cover every year of the query.
    let y2017 = server.json("/api/search?q=%22smart+city%22&since=2017&until=2017&facets=true");
    let in_2017 = api["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2017)
        .unwrap()["releases"]
        .clone();
    assert_eq!(y2017["total"], in_2017);
    assert_eq!(y2017["years"], api["years"]);
    assert_eq!(y2017["facets"]["years"].as_array().unwrap().len(), 1);

    // The page asks for the facets on their own: the same counts.
    let alone = server.json("/api/facets?q=%22smart+city%22&since=2017&until=2017");
    assert_eq!(alone["total"], y2017["total"]);
    assert_eq!(
        without_elapsed(alone["facets"].clone()),
        without_elapsed(y2017["facets"].clone())
    );
    assert_eq!(alone["years"], api["years"]);
    assert!(
        server.json("/api/search?q=city").get("facets").is_none(),
        "facets on request"
    );

    // Sorting by date.
    let newest = server.json("/api/search?sort=newest&limit=3&facets=false");
    let cli_newest = cli_json(&env, &["search", "--sort", "newest", "-n", "3"], "hit");
    assert_eq!(newest["hits"], Value::Array(cli_newest));

    // Nothing found: suggestions, as in the CLI.
    let none = server.json("/api/search?q=%22smart+cityy%22&facets=false");
    assert_eq!(none["total"], 0);
    assert_eq!(
        none["suggestions"],
        cli_json(&env, &["search", "\"smart cityy\""], "summary")[0]["suggestions"]
    );
}

#[test]
fn api_release_people_orgs_and_mentions_answer_as_the_cli_does() {
    let env = Env::with_bundled_corpus();
    env.index();
    let server = Server::start(&env.index_dir());

    let info = server.json("/api/info");
    assert_eq!(info["releases"], 50);
    assert_eq!(info["edits"], false);

    let path = "corpus/2021/gsca-2021-11-02.html";
    let release = server.json(&format!("/api/release?path={}", enc(path)));
    assert_eq!(release, cli_json(&env, &["show", path], "release")[0]);
    let body = release["body"].as_str().unwrap();
    let he = release["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "He Xuming")
        .expect("He Xuming in the release");
    let spans: Vec<&str> = he["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &body[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(spans, ["He Xuming", "Chairman He"]);
    // A unique ending works as in `pressdex show`.
    let short = server.json("/api/release?path=gsca-2021-11-02.html");
    assert_eq!(short["path"], path);

    let people = server.json("/api/people?limit=5");
    assert_eq!(people["returned"], 5);
    assert_eq!(
        people["entities"],
        Value::Array(cli_json(&env, &["people", "-n", "5"], "entity"))
    );
    let orgs = server.json("/api/orgs?q=cybersecurity&limit=3");
    assert_eq!(
        orgs["entities"],
        Value::Array(cli_json(
            &env,
            &["orgs", "cybersecurity", "-n", "3"],
            "entity"
        ))
    );

    let mentions = server.json("/api/mentions?name=He+Xuming&kind=person&limit=200");
    assert_eq!(mentions["total"], 8);
    assert_eq!(mentions["matched"][0]["name"], "He Xuming");
    let releases = mentions["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 8);
    assert_eq!(
        *releases,
        cli_json(
            &env,
            &["mentions", "He Xuming", "--person", "-n", "200"],
            "mention"
        )
    );
    let dates: Vec<&str> = releases
        .iter()
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    for r in releases {
        for k in r["mentions"].as_array().unwrap() {
            let s = k["sentence"].as_str().unwrap();
            let (a, b) = (
                k["highlight"]["start"].as_u64().unwrap() as usize,
                k["highlight"]["end"].as_u64().unwrap() as usize,
            );
            assert!(
                ["He Xuming", "Chairman He", "何旭明"].contains(&&s[a..b]),
                "{}",
                &s[a..b]
            );
        }
    }
    let unknown = server.json("/api/mentions?name=Guteres");
    assert_eq!(unknown["total"], 0);
    assert_eq!(unknown["suggestions"][0]["name"], "António Guterres");
}

#[test]
fn bad_parameters_get_a_400_that_names_them() {
    let env = small_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    let cases: &[(&str, &str, &str)] = &[
        (
            "/api/search?limit=abc",
            "limit",
            "'abc' is not a whole number",
        ),
        (
            "/api/search?limit=0",
            "limit",
            "out of range: give 1 to 100",
        ),
        (
            "/api/search?limit=101",
            "limit",
            "out of range: give 1 to 100",
        ),
        (
            "/api/search?limit=1&limit=2",
            "limit",
            "given more than once",
        ),
        ("/api/search?offset=-3", "offset", "is not a whole number"),
        ("/api/search?offset=10001", "offset", "out of range"),
        (
            "/api/search?since=2017-13-45",
            "since",
            "'2017-13-45' is not a date",
        ),
        ("/api/search?until=yesterday", "until", "is not a date"),
        ("/api/search?since=2019&until=2017", "since", "after until"),
        ("/api/search?sort=best", "sort", "'best' is not a sort"),
        ("/api/search?facets=maybe", "facets", "not a yes/no value"),
        ("/api/search?q=%22smart+city", "q", "invalid query"),
        ("/api/search?q=(smart", "q", "invalid query"),
        ("/api/search?q=nofield:x", "q", "invalid query"),
        ("/api/search?qq=smart", "qq", "unknown parameter"),
        ("/api/search?person=%21%21", "person", "no letter or digit"),
        ("/api/release", "path", "required"),
        ("/api/release?path=x&path=y", "path", "given more than once"),
        ("/api/people?limit=5000", "limit", "out of range"),
        ("/api/orgs?sort=newest", "sort", "unknown parameter"),
        ("/api/mentions", "name", "required"),
        (
            "/api/mentions?name=He&kind=robot",
            "kind",
            "'robot' is not a kind",
        ),
        (
            "/api/mentions?name=%3F%3F",
            "name",
            "needs a letter or digit",
        ),
        ("/api/info?x=1", "x", "unknown parameter"),
        ("/api/facets?limit=5", "limit", "unknown parameter"),
        ("/api/facets?facet_limit=0", "facet_limit", "out of range"),
        ("/api/facets?since=2017-02-30", "since", "is not a date"),
    ];
    for (target, parameter, reason) in cases {
        let res = server.get(target);
        assert_eq!(res.status, 400, "{target}: {}", res.body);
        let body = res.json();
        assert_eq!(body["parameter"], *parameter, "{target}: {body}");
        let msg = body["error"].as_str().unwrap();
        assert!(
            msg.starts_with(&format!("{parameter}: ")) && msg.contains(reason),
            "{target}: {msg:?} should name {parameter} and say {reason:?}"
        );
    }
    // The CLI's multi-line query error becomes one line with the position.
    let msg = server.json_error("/api/search?q=%22smart+city");
    assert!(msg.starts_with("q: invalid query at character "), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
}

impl Server {
    fn json_error(&self, target: &str) -> String {
        let res = self.get(target);
        assert!(res.status >= 400, "{target}");
        res.json()["error"].as_str().unwrap().to_string()
    }
}

#[test]
fn nothing_outside_the_index_is_served() {
    let env = small_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    for target in [
        "/api/release?path=../../etc/passwd",
        "/api/release?path=/etc/passwd",
        "/api/release?path=..%2F..%2FCargo.toml",
        "/api/release?path=corpus/2017",
        "/api/release?path=corpus/2017/missing.txt",
    ] {
        let res = server.get(target);
        assert_eq!(res.status, 404, "{target}: {}", res.body);
        assert!(res.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("no release"));
    }
    for target in [
        "/../Cargo.toml",
        "/..%2F..%2FCargo.toml",
        "/Cargo.toml",
        "/src/main.rs",
        "/assets/app.js",
        "/api/search/../../Cargo.toml",
        "/index.html/../../etc/passwd",
        "/api",
        "/api/nothing",
    ] {
        let res = server.get(target);
        assert_eq!(res.status, 404, "{target}: {}", res.body);
        assert_eq!(
            res.json()["error"].as_str().unwrap(),
            format!("not found: {target}")
        );
    }
    // A release that is in the index is served, from the index.
    let ok = server.json("/api/release?path=corpus%2F2017%2Fwiotc.txt");
    assert_eq!(ok["title"], "WIOTC delegation meets ITU in Geneva");
    std::fs::remove_file(env.corpus().join("2017/wiotc.txt")).unwrap();
    assert_eq!(
        server.json("/api/release?path=corpus%2F2017%2Fwiotc.txt")["title"],
        "WIOTC delegation meets ITU in Geneva",
        "served from the index, not the file"
    );

    // Only GET and HEAD.
    let post = request(
        &server.addr,
        "POST",
        "/api/search",
        &[("Content-Length", "0")],
    );
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET,HEAD"));
    let head = request(&server.addr, "HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    // A loopback server answers only requests addressed to a loopback name (DNS rebinding).
    let rebound = request(
        &server.addr,
        "GET",
        "/api/info",
        &[("Host", "attacker.example:7777")],
    );
    assert_eq!(rebound.status, 403);
    let local = request(
        &server.addr,
        "GET",
        "/api/info",
        &[("Host", "localhost:7777")],
    );
    assert_eq!(local.status, 200);
}

#[test]
fn the_page_and_its_assets_are_embedded_with_security_headers() {
    let env = small_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    for (target, content_type, needle) in [
        ("/", "text/html", "<input id=\"q\""),
        ("/app.js", "text/javascript", "function render"),
        ("/style.css", "text/css", "prefers-color-scheme"),
        ("/favicon.svg", "image/svg+xml", "<svg"),
    ] {
        let res = server.get(target);
        assert_eq!(res.status, 200, "{target}");
        assert!(
            res.header("content-type")
                .unwrap()
                .starts_with(content_type),
            "{target}: {:?}",
            res.header("content-type")
        );
        assert!(res.body.contains(needle), "{target}");
    }
    for target in [
        "/",
        "/app.js",
        "/api/search",
        "/api/nothing",
        "/api/search?limit=x",
    ] {
        let res = server.get(target);
        let csp = res.header("content-security-policy").unwrap_or_default();
        assert!(csp.starts_with("default-src 'self'"), "{target}: {csp}");
        assert_eq!(
            res.header("x-content-type-options"),
            Some("nosniff"),
            "{target}"
        );
    }
    // No inline script (the policy would block it anyway), no CDN, no HTML built from strings.
    let html = server.get("/").body;
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script src=\"/app.js\" defer></script>"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    let js = server.get("/app.js").body;
    for forbidden in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!js.contains(forbidden), "app.js uses {forbidden}");
    }
    let css = server.get("/style.css").body;
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "no fetched fonts or images"
    );
}

/// A release written to attack the page: markup and event handlers in its title and body.
const HOSTILE: &str = "Council warns <script>alert(1)</script> about phishing\n\n\
    GENEVA, 4 May 2020 – The <img src=x onerror=alert(1)> Council said that \
    \"<b onmouseover=alert(2)>bold</b>\" phishing emails are rising, said Secretary-General \
    Amara Okafor-Diallo. </textarea><svg onload=alert(3)> Okafor-Diallo added a warning.\n";

#[test]
fn a_hostile_release_comes_back_as_data() {
    let env = Env::new();
    env.write("2020/evil.txt", HOSTILE);
    env.index();
    let server = Server::start(&env.index_dir());
    let res = server.get("/api/release?path=corpus%2F2020%2Fevil.txt");
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    let release = res.json();
    assert_eq!(
        release["title"], "Council warns <script>alert(1)</script> about phishing",
        "the text is kept as data, exactly"
    );
    let body = release["body"].as_str().unwrap();
    assert!(body.contains("<img src=x onerror=alert(1)>"));
    assert!(body.contains("<svg onload=alert(3)>"));
    assert_eq!(release["people"][0]["name"], "Amara Okafor-Diallo");

    let hits = server.json("/api/search?q=phishing");
    assert_eq!(hits["total"], 1);
    assert_eq!(hits["hits"][0]["title"], release["title"]);
    let fragments: String = hits["hits"][0]["fragments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["text"].as_str().unwrap())
        .collect();
    assert!(fragments.contains("onerror=alert(1)"), "{fragments}");
    // A query made of markup is data too.
    let markup = server.get("/api/search?q=%3Cscript%3E");
    assert!(
        markup.status == 200 || markup.status == 400,
        "{}",
        markup.body
    );
}

#[test]
fn serve_fails_clearly_without_an_index_or_with_a_busy_address() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing served");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no index at"), "{err}");

    env.write(
        "a.txt",
        "Alpha opens lab\n\nGENEVA, 1 May 2020 – Alpha opened a lab.\n",
    );
    env.index();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let out = env
        .cmd()
        .args(["serve", "--addr", &addr])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");

    let out = env
        .cmd()
        .args(["serve", "--addr", "localhost"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a bad --addr is a usage error");
}

#[test]
fn serve_sees_new_commits_of_the_index() {
    let env = small_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    assert_eq!(server.json("/api/info")["releases"], 3);
    env.write(
        "2020/new.txt",
        "Kestrel opens office\n\nNAIROBI, 2 March 2020 – Kestrel Analytics Inc. opened an office.\n",
    );
    env.index();
    let mut seen = 0;
    for _ in 0..100 {
        seen = server.json("/api/info")["releases"].as_u64().unwrap();
        if seen == 4 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(seen, 4, "the new release is searchable without a restart");
    assert_eq!(server.json("/api/search?q=kestrel")["total"], 1);
}

/// A `--rebuild` swaps a new index folder in: the server follows it as it follows a commit
/// (searches, facets and people lists from the new index), with no restart.
#[test]
fn serve_follows_a_rebuild_without_a_restart() {
    let env = small_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    assert_eq!(server.json("/api/info")["releases"], 3);
    assert_eq!(server.json("/api/search?q=solberg")["total"], 1);
    std::fs::remove_file(env.corpus().join("2015/bank.txt")).unwrap();
    for n in 0..2 {
        env.write(
            &format!("2020/new{n}.txt"),
            format!(
                "Kestrel opens office {n}\n\nNAIROBI, 2 March 2020 – Kestrel Analytics Inc. \
                 opened an office, said its director Wanjiru Kamau.\n"
            ),
        );
    }
    env.cmd()
        .args(["index", "corpus", "--rebuild", "--quiet"])
        .assert()
        .success();
    let mut seen = Value::Null;
    for _ in 0..100 {
        seen = server.json("/api/info")["releases"].clone();
        if seen == 4 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(seen, 4, "the rebuilt index is served without a restart");
    assert_eq!(server.json("/api/search?q=kestrel")["total"], 2);
    assert_eq!(server.json("/api/search?q=solberg")["total"], 0);
    let facets = server.json("/api/facets");
    assert_eq!(facets["total"], 4);
    let people = server.json("/api/people");
    let names: Vec<&str> = people["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Wanjiru Kamau"), "{names:?}");
    assert!(!names.contains(&"Ingrid Solberg"), "{names:?}");
}

#[test]
fn names_are_linked_anew_after_each_commit() {
    // The server keeps the corpus-wide name links per index generation: a commit that brings a
    // fuller name must re-link the short one.
    let env = Env::new();
    env.write(
        "a.txt",
        "Harbourline hires engineers\n\nLONDON, 3 March 2016 — Harbourline Technologies Ltd. \
         will hire 200 engineers, Ms. Solberg said on Tuesday.\n",
    );
    env.index();
    let server = Server::start(&env.index_dir());
    let before = server.json("/api/facets");
    assert_eq!(
        before["facets"]["people"],
        serde_json::json!([{"name": "Solberg", "releases": 1}])
    );
    env.write(
        "b.txt",
        "Harbourline reports growth\n\nLONDON, 3 March 2015 — Harbourline Technologies Ltd. \
         reported record revenue, said its chief executive Ingrid Solberg.\n",
    );
    env.index();
    let mut people = Value::Null;
    for _ in 0..100 {
        let now = server.json("/api/facets");
        if now["total"] == 2 {
            people = now["facets"]["people"].clone();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        people,
        serde_json::json!([{"name": "Ingrid Solberg", "releases": 2}])
    );
    let listed = server.json("/api/people");
    assert_eq!(listed["entities"][0]["name"], "Ingrid Solberg");
    assert_eq!(listed["entities"][0]["releases"], 2);
}

/// Issue 17: the answers of the HTTP layer itself (a URL too long, a request line that is not
/// HTTP, headers too large) had no JSON body and none of the security headers; a query string
/// that is not UTF-8 was searched as U+FFFD; `NOT fraud` said "Invalid query: Invalid query".
#[test]
fn http_level_errors_are_json_with_the_security_headers() {
    let env = small_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    let get = |target: &str| format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let long_q = |n: usize| format!("/api/search?q={}", "a".repeat(n));
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
        "b".repeat(600_000)
    );
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (get(&long_q(20_000)).into_bytes(), 414, "URI too long: "),
        (get(&long_q(70_000)).into_bytes(), 414, "URI too long: "),
        (
            get("/api/search?q=caf%e9").into_bytes(),
            400,
            "q: not UTF-8",
        ),
        (get("/api/search?q=a b").into_bytes(), 400, "bad request: "),
        (
            b"GET /api/search?q=\xe9t\xe9 HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            400,
            "bad request: ",
        ),
        (b"HELLO\r\n\r\n".to_vec(), 400, "bad request: "),
        (
            b"GET / HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n".to_vec(),
            400,
            "bad request: ",
        ),
        (huge_header.into_bytes(), 431, "request headers too large"),
        (
            b"DELETE /api/search HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
            405,
            "method DELETE not allowed",
        ),
        (
            get("/nothing/here").into_bytes(),
            404,
            "not found: /nothing/here",
        ),
        (
            get("/api/search?q=NOT+fraud").into_bytes(),
            400,
            "q: invalid query: it only excludes words",
        ),
    ];
    for (request, status, message) in cases {
        let shown = String::from_utf8_lossy(&request[..request.len().min(60)]).into_owned();
        let (got, head, body) = raw(&server.addr, &request);
        assert_eq!(got, status, "{shown}: {head}\n{body}");
        assert!(
            head.contains("\r\ncontent-security-policy: default-src 'self'"),
            "{shown}: {head}"
        );
        assert!(
            head.contains("\r\nx-content-type-options: nosniff"),
            "{shown}: {head}"
        );
        assert!(
            head.contains("\r\ncontent-type: application/json"),
            "{shown}: {head}"
        );
        let v: Value =
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("{shown}: {e}: {body}"));
        let error = v["error"].as_str().unwrap();
        assert!(error.starts_with(message), "{shown}: {error}");
        assert!(!error.contains("Invalid query: Invalid"), "{error}");
    }
    // The server is still up, and UTF-8 is searched as such.
    assert_eq!(server.json("/api/search?q=caf%C3%A9")["total"], 0);
    // The CLI says the same about a query that only excludes.
    let out = env.cmd().args(["search", "NOT fraud"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("it only excludes words"), "{err}");
}

/// Issue 17: a request over the time limit is a 503 that says which limit.
#[test]
fn a_request_over_the_time_limit_is_a_503_that_names_it() {
    let env = Env::with_bundled_corpus();
    env.index();
    let server = Server::start_with(&env.index_dir(), &["--time-limit", "0.000001"]);
    let res = server.get("/api/search?q=s*+c*+a*+t*&facets=true");
    assert_eq!(res.status, 503, "{}", res.body);
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    let error = res.json()["error"].as_str().unwrap().to_string();
    assert!(
        error.starts_with("time limit: the request took longer than the 0.000001 s allowed"),
        "{error}"
    );
    // The page and the errors of parameters do not read the index: no limit there.
    assert_eq!(server.get("/").status, 200);
    assert_eq!(server.get("/api/search?limit=0").status, 400);
    let out = env
        .cmd()
        .args(["serve", "--time-limit", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a zero limit is a usage error");
}

/// The release view marks the query's matches (`matches`, as search highlights them), and the
/// page keys its facets with the index generation, which a commit changes.
#[test]
fn release_matches_and_the_index_generation() {
    let env = small_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    let path = "corpus%2F2017%2Fwiotc.txt";
    let plain = server.json(&format!("/api/release?path={path}"));
    assert!(plain.get("matches").is_none(), "only with a query");
    let with = server.json(&format!("/api/release?path={path}&q=internet+cities"));
    let body = with["body"].as_str().unwrap();
    let marked: Vec<&str> = with["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &body[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize])
        .collect();
    assert!(marked.contains(&"internet"), "{marked:?}");
    assert!(
        marked.contains(&"cities"),
        "stemmed as search matches: {marked:?}"
    );
    let mut rest = with.clone();
    rest.as_object_mut().unwrap().remove("matches");
    assert_eq!(rest, plain, "the same release otherwise");
    // A prefix term marks the words it stands for; a bad query is a 400 naming q.
    let prefix = server.json(&format!("/api/release?path={path}&q=intern*"));
    assert!(!prefix["matches"].as_array().unwrap().is_empty());
    let bad = server.get(&format!("/api/release?path={path}&q=%22open"));
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["parameter"], "q");

    let before = server.json("/api/search?q=kestrel")["generation"].clone();
    assert_eq!(server.json("/api/facets")["generation"], before);
    assert_eq!(before.as_str().unwrap().len(), 16);
    env.write(
        "2020/new.txt",
        "Kestrel opens office\n\nNAIROBI, 2 March 2020 – Kestrel Analytics Inc. opened an office.\n",
    );
    env.index();
    let mut after = before.clone();
    for _ in 0..100 {
        after = server.json("/api/search?q=kestrel")["generation"].clone();
        if after != before {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_ne!(after, before, "a commit changes the generation");
}

/// A table beside the index that does not describe it (written by another pressdex, or
/// removed) is worked out again once when the server starts, not by every request; the answers
/// are the same either way.
#[test]
fn serve_writes_a_missing_or_stale_table_once_at_start() {
    let env = small_corpus();
    env.index();
    let dir = env.index_dir();
    let table = dir.join("pressdex-identities.json");
    let people = |server: &Server| server.json("/api/people")["entities"].clone();
    let fresh = {
        let server = Server::start(&dir);
        people(&server)
    };
    assert!(fresh.as_array().is_some_and(|a| !a.is_empty()));
    let written = std::fs::read(&table).unwrap();
    // Stale: another layout's version number.
    let stale =
        String::from_utf8(written.clone())
            .unwrap()
            .replacen("\"version\":", "\"version\":1000", 1);
    std::fs::write(&table, stale).unwrap();
    let server = Server::start(&dir);
    assert_eq!(
        std::fs::read(&table).unwrap(),
        written,
        "rewritten at start"
    );
    assert_eq!(people(&server), fresh);
    drop(server);
    // Missing: the table and the identities files.
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("pressdex-identities")
        {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let server = Server::start(&dir);
    assert_eq!(std::fs::read(&table).unwrap(), written, "written at start");
    assert_eq!(people(&server), fresh);
}

/// Releases about sensor pilots in 2017 and 2018, dated by their datelines: (year, month, day)
/// and whether the release is about a harbour.
const PILOTS: &[(i32, u32, u32, bool)] = &[
    (2017, 3, 2, true),
    (2017, 3, 28, false),
    (2017, 5, 9, true),
    (2017, 12, 1, true),
    (2017, 12, 15, false),
    (2017, 12, 31, true),
    (2018, 2, 1, false),
];

fn pilot_corpus() -> Env {
    let env = Env::new();
    for (i, &(year, month, day, harbour)) in PILOTS.iter().enumerate() {
        let place = if harbour { "harbour" } else { "city centre" };
        env.write(
            &format!("{year}/pilot-{i}.txt"),
            format!(
                "Sensor pilot {i} opens\n\nCORK, {day} {} {year} – Harbourline Technologies Ltd. \
                 opened sensor pilot {i} in the {place}.\n",
                chrono::Month::try_from(month as u8).unwrap().name()
            ),
        );
    }
    env.write(
        "undated.txt",
        "Sensor pilot without a date\n\nHarbourline opened another sensor pilot.\n",
    );
    env
}

/// `[(month, releases)]` of an answer's `months`.
fn months_of(answer: &Value) -> Vec<(String, u64)> {
    answer["months"]
        .as_array()
        .unwrap_or_else(|| panic!("no months in {answer}"))
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["releases"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Each month's count is the total of a search for that month, through the API and the CLI.
fn assert_months_are_search_totals(env: &Env, server: &Server, q: &str, months: &[(String, u64)]) {
    for (month, releases) in months {
        let api = server.json(&format!(
            "/api/search?q={}&since={month}&until={month}&limit=1",
            enc(q)
        ));
        assert_eq!(api["total"], *releases, "{q:?} {month}");
        let (_, summary, _) = env.search_json(&[q, "--since", month, "--until", month]);
        assert_eq!(summary["total"], *releases, "{q:?} {month}");
    }
}

#[test]
fn the_chart_has_months_when_the_range_is_short_and_they_count_as_search_does() {
    let env = pilot_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    let month = |m: &str, n: u64| (m.to_string(), n);

    // 2017-03 to 2018-02: two calendar years, so months, every one from the first to the last.
    let all = server.json("/api/facets?q=sensor");
    let expected = vec![
        month("2017-03", 2),
        month("2017-04", 0),
        month("2017-05", 1),
        month("2017-06", 0),
        month("2017-07", 0),
        month("2017-08", 0),
        month("2017-09", 0),
        month("2017-10", 0),
        month("2017-11", 0),
        month("2017-12", 3),
        month("2018-01", 0),
        month("2018-02", 1),
    ];
    assert_eq!(months_of(&all), expected);
    assert_eq!(all["total"], 8, "the undated release is in no month");
    assert_months_are_search_totals(&env, &server, "sensor", &expected);
    // The query narrows the counts; a month picked keeps the chart's months.
    let harbour = server.json("/api/facets?q=harbour");
    let expected = vec![
        month("2017-03", 1),
        month("2017-04", 0),
        month("2017-05", 1),
        month("2017-06", 0),
        month("2017-07", 0),
        month("2017-08", 0),
        month("2017-09", 0),
        month("2017-10", 0),
        month("2017-11", 0),
        month("2017-12", 2),
    ];
    assert_eq!(months_of(&harbour), expected);
    assert_months_are_search_totals(&env, &server, "harbour", &expected);
    let picked = server.json("/api/facets?q=harbour&since=2017-12&until=2017-12");
    assert_eq!(picked["total"], 2);
    assert_eq!(months_of(&picked), expected);
    // /api/search with facets answers the same months.
    let search = server.json("/api/search?q=sensor&facets=true&limit=1");
    assert_eq!(search["months"], all["months"]);
    assert!(server.json("/api/search?q=sensor").get("months").is_none());

    // A release of 2012 makes the range long: years only, until since/until narrow it.
    env.write(
        "2012/old.txt",
        "Sensor pilot of 2012\n\nCORK, 4 July 2012 – Harbourline opened its first sensor pilot.\n",
    );
    env.index();
    let mut long = server.json("/api/facets?q=sensor");
    for _ in 0..100 {
        if long["total"] == 9 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        long = server.json("/api/facets?q=sensor");
    }
    assert_eq!(long["total"], 9);
    assert!(long.get("months").is_none(), "{long}");
    let years: Vec<u64> = long["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_u64().unwrap())
        .collect();
    assert_eq!(years, [2012, 2017, 2018]);
    // Narrowed to 2017-2018 (or from 2017 on): their months again.
    for dates in ["since=2017&until=2018", "since=2017-06"] {
        let narrowed = server.json(&format!("/api/facets?q=sensor&{dates}"));
        assert_eq!(months_of(&narrowed), months_of(&all), "{dates}");
    }
    // A month picked in 2017: the months of 2017.
    let one = server.json("/api/facets?q=sensor&since=2017-05&until=2017-05");
    assert_eq!(one["total"], 1);
    let in_2017 = months_of(&one);
    assert_eq!(in_2017.first(), Some(&month("2017-03", 2)));
    assert_eq!(in_2017.last(), Some(&month("2017-12", 3)));
    assert_eq!(in_2017.len(), 10);
    assert_months_are_search_totals(&env, &server, "sensor", &in_2017);
    // Three years, or years without releases: no months.
    for dates in [
        "since=2012",
        "since=2012&until=2017",
        "since=2013&until=2014",
    ] {
        let answer = server.json(&format!("/api/facets?q=sensor&{dates}"));
        assert!(answer.get("months").is_none(), "{dates}: {answer}");
    }
}
