//! The address of a release's original page (issue 17): read from the HTML's canonical link,
//! else its `og:url`, kept only when it is an absolute http(s) URL, and given back by search,
//! show and extract.

use serde_json::json;

use crate::util::{json_lines, Env};

const CANONICAL: &str = "https://www.harbourline.example/news/2019/harbour-sensors?lang=en&ref=1";

/// Four releases about harbour sensors: an HTML page with a canonical link (and another
/// `og:url`), one with only an `og:url`, one whose addresses are hostile or relative, and a
/// text release.
fn linked_corpus() -> Env {
    let env = Env::new();
    env.write(
        "2019/canonical.html",
        format!(
            "<html><head><title>Harbourline installs harbour sensors | Harbourline</title>\
             <meta property=\"og:url\" content=\"https://mirror.example/harbour-sensors\">\
             <link rel=\"canonical\" href=\"{}\">\
             <meta property=\"article:published_time\" content=\"2019-05-07\"></head>\
             <body><article><h1>Harbourline installs harbour sensors</h1>\
             <p>Harbourline Technologies Ltd. installed 300 harbour sensors in Cork.</p>\
             </article></body></html>",
            CANONICAL.replace('&', "&amp;")
        ),
    );
    env.write(
        "2019/og.html",
        "<html><head><title>Second harbour sensors pilot</title>\
         <meta property=\"og:url\" content=\"http://news.example/og-only\">\
         <meta property=\"article:published_time\" content=\"2019-06-07\"></head>\
         <body><article><h1>Second harbour sensors pilot</h1>\
         <p>A second pilot of harbour sensors opened in Dublin.</p></article></body></html>",
    );
    env.write(
        "2019/hostile.html",
        "<html><head><title>Third harbour sensors pilot</title>\
         <link rel=\"canonical\" href=\"javascript:alert(document.cookie)\">\
         <meta property=\"og:url\" content=\"/news/third\">\
         <meta property=\"article:published_time\" content=\"2019-07-07\"></head>\
         <body><article><h1>Third harbour sensors pilot</h1>\
         <p>A third pilot of harbour sensors opened in Galway.</p></article></body></html>",
    );
    env.write(
        "2019/plain.txt",
        "Fourth harbour sensors pilot\n\nCORK, 8 August 2019 – A fourth pilot of harbour sensors \
         opened.\n",
    );
    env
}

#[test]
fn search_show_and_extract_carry_the_original_address() {
    let env = linked_corpus();
    env.index();
    let (hits, summary, code) = env.search_json(&["harbour sensors", "--sort", "oldest"]);
    assert_eq!(code, 0);
    assert_eq!(summary["total"], 4);
    let urls: Vec<(&str, Option<&str>)> = hits
        .iter()
        .map(|h| (h["path"].as_str().unwrap(), h["url"].as_str()))
        .collect();
    assert_eq!(
        urls,
        [
            ("corpus/2019/canonical.html", Some(CANONICAL)),
            ("corpus/2019/og.html", Some("http://news.example/og-only")),
            ("corpus/2019/hostile.html", None),
            ("corpus/2019/plain.txt", None),
        ]
    );
    // Without an address, the field is absent (not null).
    assert!(hits[2].get("url").is_none() && hits[3].get("url").is_none());

    let out = env
        .cmd()
        .args(["show", "canonical.html", "--json"])
        .assert()
        .success()
        .stderr("");
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["type"], "release");
    assert_eq!(lines[0]["data"]["url"], CANONICAL);
    let out = env
        .cmd()
        .args(["show", "plain.txt", "--json"])
        .assert()
        .success();
    assert!(json_lines(&out.get_output().stdout)[0]["data"]
        .get("url")
        .is_none());

    let out = env
        .cmd()
        .args(["show", "canonical.html", "--color", "never"])
        .assert()
        .success()
        .stderr("");
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let head: Vec<&str> = text.lines().take(3).collect();
    assert_eq!(
        head,
        [
            "Harbourline installs harbour sensors",
            "2019-05-07 (from meta)  corpus/2019/canonical.html  html  en",
            &format!("original: {CANONICAL}"),
        ]
    );
    let out = env
        .cmd()
        .args(["show", "hostile.html", "--color", "never"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!text.contains("original:"), "{text}");

    // The extract contract: `url` after `lang`, only when there is one.
    let out = env
        .cmd()
        .args([
            "extract",
            "corpus/2019/canonical.html",
            "corpus/2019/plain.txt",
        ])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["url"], json!(CANONICAL));
    assert!(lines[1].get("url").is_none(), "{}", lines[1]);
    let raw = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let first = raw.lines().next().unwrap();
    assert!(
        first.contains(&format!(
            "\"lang\":\"en\",\"url\":\"{CANONICAL}\",\"body\":"
        )),
        "{first}"
    );
}
