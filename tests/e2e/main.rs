//! End-to-end test of `pressdex serve` in headless Chromium, driven over WebDriver
//! (chromedriver; a small client below, so no browser-automation crate is needed).
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium chromium-driver`), so it
//! is ignored by a plain `cargo test`; CI runs it with
//! `cargo test --locked --test e2e -- --ignored`. `PRESSDEX_CHROMIUM` and
//! `PRESSDEX_CHROMEDRIVER` override the programs; screenshots go to `PRESSDEX_E2E_SCREENSHOTS`
//! (a folder) or to the system's temporary folder, and their paths are printed.

#[allow(dead_code)]
#[path = "../support/server.rs"]
mod server;
#[allow(dead_code)]
#[path = "../cli/util.rs"]
mod util;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use server::{request, request_with_body, Server};
use util::Env;

/// A chromedriver process, killed on drop.
struct Driver {
    child: Child,
    addr: String,
}

impl Driver {
    fn start() -> Driver {
        let program =
            std::env::var("PRESSDEX_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        // A free port: chromedriver takes a fixed one.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {program} ({e}): apt-get install chromium chromium-driver")
            });
        let driver = Driver {
            child,
            addr: format!("127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if std::net::TcpStream::connect(&driver.addr).is_ok() {
                let status = request(&driver.addr, "GET", "/status", &[]);
                if status.json()["value"]["ready"] == true {
                    return driver;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser session; closed on drop.
struct Browser<'a> {
    driver: &'a Driver,
    session: String,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl<'a> Browser<'a> {
    fn open(driver: &'a Driver) -> Browser<'a> {
        let binary =
            std::env::var("PRESSDEX_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1000",
                         "--hide-scrollbars", "--force-device-scale-factor=1"]
            }
        }}});
        let res = request_with_body(&driver.addr, "POST", "/session", &[], &caps.to_string());
        let v = res.json();
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {v}"))
            .to_string();
        Browser { driver, session }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Result<Value, Value> {
        let target = format!("/session/{}{path}", self.session);
        let body = if method == "GET" {
            String::new()
        } else {
            body.to_string()
        };
        let res = request_with_body(&self.driver.addr, method, &target, &[], &body);
        let v = res.json();
        if res.status == 200 {
            Ok(v["value"].clone())
        } else {
            Err(v["value"].clone())
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        self.call(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"))
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    /// Runs `script` (a function body) in the page and returns its value.
    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    /// Waits up to 15 s for `script` to return something truthy, and returns it.
    fn wait(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let v = self.js(script);
            if !(v.is_null() || v == false || v == 0 || v == "") {
                return v;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; page: {}",
                self.js("return document.body.innerText.slice(0, 2000)")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("/element/{id}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.cmd("POST", &format!("/element/{id}/clear"), json!({}));
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            json!({ "text": text }),
        );
    }

    /// Whether a JavaScript dialog (alert, confirm, prompt) is open.
    fn alert_open(&self) -> bool {
        self.call("GET", "/alert/text", Value::Null).is_ok()
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let b64 = self.cmd("GET", "/screenshot", Value::Null);
        let png = base64_decode(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let dir = std::env::var_os("PRESSDEX_E2E_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("pressdex-e2e-{name}.png"));
        std::fs::write(&path, png).unwrap();
        println!("screenshot: {}", path.display());
        path
    }
}

impl Drop for Browser<'_> {
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", Value::Null);
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let clean: Vec<u8> = s.bytes().filter(|c| !b"=\r\n".contains(c)).collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(value(c)) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// A release written to attack the page: markup and event handlers in its title and body.
const HOSTILE: &str = "Council warns <script>alert(1)</script> about phishing\n\n\
    GENEVA, 4 May 2020 – The <img src=x onerror=alert(1)> Council said that \
    \"<b onmouseover=alert(2)>bold</b>\" phishing emails are rising, said Secretary-General \
    Amara Okafor-Diallo. <svg onload=alert(3)></svg> Okafor-Diallo added a warning.\n";

/// What the page shows: the number of hits and every highlighted string in the results.
const RESULTS: &str = "const t = document.getElementById('total'); \
    if (!t || document.body.classList.contains('loading')) return null; \
    return {total: +t.dataset.total, items: document.querySelectorAll('#results > li').length, \
            marks: [...document.querySelectorAll('#results mark')].map(m => m.textContent), \
            search: location.search, q: document.getElementById('q').value};";

/// Elements a hostile text would create if it were parsed as HTML.
const INJECTED: &str = "return document.querySelectorAll('#view script, #view img, #view b, \
    #view svg, [onerror], [onload], [onmouseover]').length;";

#[test]
#[ignore = "needs chromium and chromedriver; run with: cargo test --test e2e -- --ignored"]
fn search_facet_release_timeline_in_headless_chromium() {
    let env = Env::with_bundled_corpus();
    env.write("2020/evil.txt", HOSTILE);
    env.index();
    let server = Server::start(&env.index_dir());
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    let base = server.url();

    // The start page lists every release, newest first.
    browser.goto(&format!("{base}/"));
    let start = browser.wait("the start page", RESULTS);
    assert_eq!(start["total"], 51, "{start}");
    assert_eq!(start["items"], 10);
    browser.wait(
        "the header count",
        "return document.getElementById('info').textContent",
    );

    // Type a query and submit it.
    browser.type_into("#q", "smart city");
    browser.click("#go");
    let found = browser.wait(
        "the query's results",
        &format!(
            "const r = (() => {{ {RESULTS} }})(); return r && r.search.includes('q=smart') && r"
        ),
    );
    assert_eq!(found["total"], 23, "{found}");
    assert_eq!(found["search"], "?q=smart+city");
    let marks: Vec<String> = serde_json::from_value(found["marks"].clone()).unwrap();
    assert!(
        marks
            .iter()
            .any(|m| m.eq_ignore_ascii_case("smart city") || m.eq_ignore_ascii_case("city")),
        "{marks:?}"
    );

    // Click the person facet: the results narrow and highlight the person and aliases.
    browser.wait(
        "the people facet",
        "return document.querySelector('#person-facet a[data-name=\"He Xuming\"]')",
    );
    // Without --allow-edits, no edit buttons.
    assert_eq!(
        browser.js("return document.querySelectorAll('#person-facet button.edit').length"),
        0
    );
    browser.click("#person-facet a[data-name=\"He Xuming\"]");
    let narrowed = browser.wait(
        "the facet's results",
        &format!(
            "const r = (() => {{ {RESULTS} }})(); return r && r.search.includes('person=') && r"
        ),
    );
    assert_eq!(narrowed["search"], "?q=smart+city&person=He+Xuming");
    assert_eq!(narrowed["total"], 8, "{narrowed}");
    assert_eq!(narrowed["items"], 8);
    let marks: Vec<String> = serde_json::from_value(narrowed["marks"].clone()).unwrap();
    assert!(marks.iter().any(|m| m == "He Xuming"), "{marks:?}");
    assert!(marks.iter().any(|m| m == "Chairman He"), "{marks:?}");
    assert!(
        marks.iter().any(|m| m.eq_ignore_ascii_case("smart city")),
        "{marks:?}"
    );
    let chip = browser.js(
        "return [...document.querySelectorAll('#active-filters .chip')].map(c => c.textContent)",
    );
    assert_eq!(chip, json!(["He Xuming×"]));
    browser.screenshot("search");

    // A result opens the release with every mention highlighted, people and orgs apart.
    browser.click("#results > li:first-child a.title");
    let release = browser.wait(
        "the release",
        "const b = document.getElementById('release-body'); return b && { \
           people: [...b.querySelectorAll('.mention.person mark')].map(m => m.textContent), \
           orgs: [...b.querySelectorAll('.mention.org mark')].map(m => m.textContent), \
           search: location.search }",
    );
    let people: Vec<String> = serde_json::from_value(release["people"].clone()).unwrap();
    let orgs: Vec<String> = serde_json::from_value(release["orgs"].clone()).unwrap();
    assert!(people.iter().any(|p| p == "He Xuming"), "{people:?}");
    assert!(!orgs.is_empty(), "{release}");
    assert!(release["search"]
        .as_str()
        .unwrap()
        .starts_with("?release=corpus%2F"));
    browser.screenshot("release");

    // An HTML release that names its original page links to it, in a new tab, without a
    // referrer or an opener.
    browser.goto(&format!(
        "{base}/?release=corpus%2F2025%2Fgsca-tenth-anniversary.html"
    ));
    let original = browser.wait(
        "the original page link",
        "const a = document.getElementById('original-link'); return a && {            href: a.getAttribute('href'), rel: a.getAttribute('rel'),            target: a.getAttribute('target'), text: a.textContent }",
    );
    assert_eq!(
        original,
        json!({
            "href": "https://www.gsca.example/news/gsca-tenth-anniversary",
            "rel": "noopener noreferrer nofollow",
            "target": "_blank",
            "text": "Original page ↗",
        })
    );
    browser.js("history.back(); return true");

    // Back returns to the same results (history).
    browser.js("history.back(); return true");
    let back = browser.wait(
        "the results again",
        &format!(
            "const r = (() => {{ {RESULTS} }})(); return r && !r.search.includes('release=') && r"
        ),
    );
    assert_eq!(back["total"], 8);

    // A person opens their mentions timeline.
    browser.click("#results > li:first-child a.chip.person");
    let timeline = browser.wait(
        "the timeline",
        "const t = document.getElementById('timeline'); return t && { \
           name: t.querySelector('h1').textContent, \
           years: [...t.querySelectorAll('section.year')].map(s => s.dataset.year), \
           marks: t.querySelectorAll('.kwic mark').length }",
    );
    assert!(!timeline["name"].as_str().unwrap().is_empty());
    assert!(
        !timeline["years"].as_array().unwrap().is_empty(),
        "{timeline}"
    );
    assert!(timeline["marks"].as_u64().unwrap() > 0, "{timeline}");
    browser.screenshot("timeline");

    // A shared URL reproduces the view.
    browser.goto(&format!(
        "{base}/?q=smart+city&person=He+Xuming&sort=newest"
    ));
    let shared = browser.wait("the shared view", RESULTS);
    assert_eq!(shared["total"], 8);
    assert_eq!(shared["q"], "smart city");
    assert_eq!(
        browser.js("return document.getElementById('sort').value"),
        "newest"
    );

    // A bad parameter shows the API's message.
    browser.goto(&format!("{base}/?since=2017-13-45"));
    let error = browser.wait(
        "the error",
        "const e = document.querySelector('.error'); return e && e.textContent",
    );
    assert!(
        error
            .as_str()
            .unwrap()
            .contains("since: '2017-13-45' is not a date"),
        "{error}"
    );

    // The hostile release: its markup is shown as text, nothing is injected, no alert fires.
    browser.goto(&format!("{base}/?q=phishing"));
    let hostile = browser.wait("the hostile hit", RESULTS);
    assert_eq!(hostile["total"], 1);
    let title = browser.js("return document.querySelector('#results a.title').textContent");
    assert_eq!(
        title,
        "Council warns <script>alert(1)</script> about phishing"
    );
    assert_eq!(browser.js(INJECTED), 0);
    browser.click("#results a.title");
    let shown = browser.wait(
        "the hostile release",
        "const b = document.getElementById('release-body'); return b && b.textContent",
    );
    assert!(
        shown
            .as_str()
            .unwrap()
            .contains("<img src=x onerror=alert(1)>"),
        "{shown}"
    );
    assert_eq!(
        browser.js("return document.getElementById('release-title').textContent"),
        "Council warns <script>alert(1)</script> about phishing"
    );
    assert_eq!(browser.js(INJECTED), 0);
    // A text release names no original page.
    assert_eq!(
        browser.js("return document.getElementById('original-link') === null"),
        true
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(!browser.alert_open(), "no script of the release ran");
    browser.screenshot("hostile");
}

/// The sidebar's people as `[name, count]` pairs, once they are shown with edit buttons.
const PEOPLE: &str = "const l = document.querySelectorAll('#person-facet li'); \
    return document.querySelector('#person-facet button.hide') && \
    [...l].map(li => [li.querySelector('.name').textContent, li.querySelector('.count').textContent])";

#[test]
#[ignore = "needs chromium and chromedriver; run with: cargo test --test e2e -- --ignored"]
fn hide_and_merge_from_the_sidebar_in_headless_chromium() {
    let env = Env::with_bundled_corpus();
    env.index();
    let server = Server::start_with(&env.index_dir(), &["--allow-edits"]);
    let driver = Driver::start();
    let browser = Browser::open(&driver);
    browser.goto(&format!("{}/", server.url()));
    let people = |v: Value| -> Vec<(String, u64)> {
        let pairs: Vec<(String, String)> = serde_json::from_value(v).unwrap();
        pairs
            .into_iter()
            .map(|(n, c)| (n, c.replace(',', "").parse().unwrap()))
            .collect()
    };
    let before = people(browser.wait("the people facet with edit buttons", PEOPLE));
    assert!(before.len() >= 3, "{before:?}");
    let (keep, hidden, merged) = (&before[0], &before[1], &before[2]);

    // Hide the second person: a confirmation, then the sidebar without them.
    browser.click(&format!(
        "#person-facet button.hide[data-name=\"{}\"]",
        hidden.0
    ));
    assert!(browser.alert_open(), "a confirmation is asked");
    browser.cmd("POST", "/alert/accept", json!({}));
    let script = format!(
        "const p = (() => {{ {PEOPLE} }})(); \
         return p && !p.some(([n]) => n === {}) && p",
        json!(hidden.0)
    );
    let after = people(browser.wait("the sidebar without the hidden person", &script));
    assert!(after.iter().any(|p| p.0 == keep.0), "{after:?}");

    // Merge the third into the first: a prompt for the name, then one entry with more releases.
    browser.click(&format!(
        "#person-facet button.merge[data-name=\"{}\"]",
        merged.0
    ));
    browser.cmd("POST", "/alert/text", json!({ "text": keep.0 }));
    browser.cmd("POST", "/alert/accept", json!({}));
    let script = format!(
        "const p = (() => {{ {PEOPLE} }})(); \
         return p && !p.some(([n]) => n === {}) && p",
        json!(merged.0)
    );
    let merged_list = people(browser.wait("the sidebar after the merge", &script));
    let now = merged_list.iter().find(|p| p.0 == keep.0).unwrap().1;
    assert!(now > keep.1, "{keep:?} -> {merged_list:?}");
    browser.screenshot("edits");

    let file = std::fs::read_to_string(env.index_dir().join("pressdex-corrections.jsonl")).unwrap();
    assert_eq!(file.lines().count(), 2, "{file}");
    assert!(file.contains("\"why\":\"from the web page\""), "{file}");
}

/// A corpus for the page items of issue 17: 55 dated releases naming one person (more than a
/// timeline's first load), one dated 1901, one with a word too long for any screen, one whose
/// title carries a bidi override, one whose headline is too long to be taken as its title.
fn issue_17_corpus() -> Env {
    let env = Env::new();
    for i in 0..55 {
        let (year, day) = (2009 + i % 10, 1 + i % 27);
        env.write(
            &format!("{year}/pilot-{i}.txt"),
            format!(
                "Smart city pilot number {i} opens\n\nGENEVA, {day} March {year} – The smart city \
                 pilot number {i} opened today, said Secretary-General Amara Okafor-Diallo. \
                 Okafor-Diallo said the smart city pilots will grow.\n"
            ),
        );
    }
    env.write(
        "1901/old.txt",
        "Smart city of 1901\n\nLONDON, March 3, 1901 — The smart city of yesterday was planned.\n",
    );
    env.write(
        "2020/long-word.txt",
        format!(
            "Overflowtest notice\n\nGENEVA, 4 May 2020 – The overflowtest word {} closes this \
             smart city notice.\n",
            "Supercalifragilistic".repeat(150)
        ),
    );
    env.write(
        "2020/bidi.txt",
        "\u{202E}EVIL\u{202C} bidinotice for cities\n\nGENEVA, 5 May 2020 – A bidinotice about the \
         smart city.\n",
    );
    let headline = format!(
        "Headlinetest {}",
        "words of a very long headline ".repeat(12)
    );
    env.write(
        "2020/long-headline.txt",
        format!("{headline}\n\nGENEVA, 6 May 2020 – The headlinetest release of the smart city.\n"),
    );
    env
}

/// Issue 17's page items, each as a user sees it in headless Chromium.
#[test]
#[ignore = "needs chromium and chromedriver; run with: cargo test --test e2e -- --ignored"]
fn issue_17_page_items_in_headless_chromium() {
    let env = issue_17_corpus();
    env.index();
    let server = Server::start(&env.index_dir());
    let base = server.url();
    let api = server.json("/api/facets?q=smart+city");
    let years: Vec<u64> = api["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_u64().unwrap())
        .collect();
    assert!(years.contains(&1901) && years.contains(&2018), "{years:?}");
    let driver = Driver::start();
    let browser = Browser::open(&driver);

    page_chart_and_pager(&browser, &base, &api, &years);
    let short = server.json("/api/facets?q=smart+city&since=2017&until=2018");
    page_month_chart(&browser, &base, &short);
    page_text_hints_and_dates(&browser, &base);
    page_release_back_and_fresh_facets(&browser, &base, &env);
    page_timeline(&browser, &base);
    browser.screenshot("issue-17");
}

/// The year chart with a stray year, and the pager's last page.
fn page_chart_and_pager(browser: &Browser, base: &str, api: &Value, years: &[u64]) {
    // The year chart with 1901 among 2009-2018: every year with releases has a visible bar.
    browser.goto(&format!("{base}/?q=smart+city"));
    browser.wait("the results", RESULTS);
    let chart = browser.wait(
        "the year chart",
        "const c = document.getElementById('year-chart'); return c && { \
           bars: c.querySelectorAll('.bar').length, \
           visible: [...c.querySelectorAll('.bar .fill')].filter(f => f.offsetHeight > 0 && f.offsetWidth > 0).length }",
    );
    assert_eq!(chart["bars"], years.len(), "{chart}");
    assert_eq!(chart["visible"], years.len(), "{chart}");

    // The pager never links past the last page; a page past it says so and links to the last.
    let pages = api["total"].as_u64().unwrap().div_ceil(10);
    browser.goto(&format!("{base}/?q=smart+city&page=50"));
    let past = browser.wait(
        "the page past the end",
        "const p = document.getElementById('past-end'); return p && { text: p.textContent, \
           last: document.getElementById('last-page').getAttribute('href'), \
           next: document.querySelectorAll('a[rel=next]').length }",
    );
    assert!(
        past["text"]
            .as_str()
            .unwrap()
            .contains("There is no page 50"),
        "{past}"
    );
    assert!(
        past["last"]
            .as_str()
            .unwrap()
            .ends_with(&format!("page={pages}")),
        "{past}"
    );
    browser.click("#last-page");
    browser.wait(
        "the last page",
        &format!(
            "return document.getElementById('results') && location.search.endsWith('page={pages}')"
        ),
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('a[rel=next]').length"),
        0
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('a[rel=prev]').length"),
        1
    );
}

/// A script returning the bars of the chart `id` as `[key, releases, kept]` (`key` the bar's
/// data-month or data-year), once the page has loaded.
fn bars_script(id: &str) -> String {
    format!(
        "const c = document.getElementById('{id}'); \
         if (!c || document.body.classList.contains('loading')) return null; \
         return [...c.querySelectorAll('.bar')].map(b => \
           [b.dataset.month || b.dataset.year, +b.firstChild.dataset.h, !b.classList.contains('off')]);"
    )
}

/// The month chart of a short range (`api`: the facets of `q=smart city` in 2017-2018): its
/// bars are the API's months, and a click keeps one month.
fn page_month_chart(browser: &Browser, base: &str, api: &Value) {
    let months: Vec<Value> = api["months"]
        .as_array()
        .unwrap_or_else(|| panic!("{api}"))
        .iter()
        .map(|m| json!([m["month"], m["releases"], true]))
        .collect();
    // March 2017 to March 2018: the pilots of those two years, all in March.
    assert_eq!(months.len(), 13, "{api}");
    assert_eq!(months[0], json!(["2017-03", 5, true]));
    assert_eq!(months[12], json!(["2018-03", 5, true]));
    browser.goto(&format!("{base}/?q=smart+city&since=2017&until=2018"));
    let bars = browser.wait("the month chart", &bars_script("month-chart"));
    assert_eq!(bars, Value::Array(months), "{bars}");
    assert_eq!(
        browser.js("return document.getElementById('year-chart') === null"),
        true
    );
    browser.click("#month-chart a[data-month=\"2017-03\"]");
    browser.wait(
        "the month's results",
        &format!(
            "const r = (() => {{ {RESULTS} }})(); \
             return r && r.search === '?q=smart+city&since=2017-03&until=2017-03' && r.total === 5"
        ),
    );
    // Now the months of 2017, the one picked kept.
    let bars = browser.wait("the month chart of 2017", &bars_script("month-chart"));
    assert_eq!(bars, json!([["2017-03", 5, true]]), "{bars}");
}

/// Long words, bidi overrides, long headlines, the no-results hint, a bad date.
fn page_text_hints_and_dates(browser: &Browser, base: &str) {
    // Long unbroken words wrap; bidi overrides reorder nothing; a long headline is shown.
    browser.goto(&format!("{base}/?q=overflowtest"));
    browser.wait("the long word", RESULTS);
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        true,
        "the page does not scroll sideways"
    );
    browser.goto(&format!("{base}/?q=bidinotice"));
    browser.wait("the bidi title", RESULTS);
    assert_eq!(
        browser.js("return document.querySelector('#results a.title').textContent"),
        "EVIL bidinotice for cities"
    );
    browser.goto(&format!("{base}/?q=headlinetest"));
    browser.wait("the long headline", RESULTS);
    let title = browser.js("return document.querySelector('#results a.title').textContent");
    assert!(
        title
            .as_str()
            .unwrap()
            .starts_with("Headlinetest words of a very long"),
        "{title}"
    );

    // No results: the hint speaks of filters only when there are some.
    browser.goto(&format!("{base}/?q=zzqqxxyy"));
    let hint = browser.wait(
        "no results",
        "const e = document.getElementById('empty'); return e && e.textContent",
    );
    assert!(
        !hint.as_str().unwrap().contains("Remove a filter"),
        "{hint}"
    );
    browser.goto(&format!("{base}/?q=zzqqxxyy&since=2010"));
    let hint = browser.wait(
        "no results",
        "const e = document.getElementById('empty'); return e && e.textContent",
    );
    assert!(hint.as_str().unwrap().contains("Remove a filter"), "{hint}");

    // A bad date typed in the form: the error, the form to correct it, no facets of before.
    browser.goto(&format!("{base}/?q=smart+city"));
    browser.wait(
        "the facets",
        "return document.querySelector('#person-facet')",
    );
    browser.type_into("#since", "2017-13-45");
    browser.click("#dates button");
    browser.wait("the error", "return document.querySelector('.error')");
    assert_eq!(
        browser.js(
            "return !!document.getElementById('dates') && !document.querySelector('#person-facet')"
        ),
        true
    );
    assert_eq!(
        browser.js("return document.getElementById('since').value"),
        "2017-13-45"
    );
    // Opened as a URL, the error page has the date form too.
    browser.goto(&format!("{base}/?q=smart+city&until=2019-02-30"));
    browser.wait("the error", "return document.querySelector('.error')");
    browser.wait("the date form", "return document.getElementById('until')");
    assert_eq!(
        browser.js("return document.getElementById('until').value"),
        "2019-02-30"
    );
}

/// The release view's matches, Back to results, facets after a commit.
fn page_release_back_and_fresh_facets(browser: &Browser, base: &str, env: &Env) {
    // The release view marks the query's matches, with next and previous.
    browser.goto(&format!("{base}/?q=pilot"));
    browser.wait("the results", RESULTS);
    let before = browser.js("return history.length");
    browser.click("#results > li:first-child a.title");
    let hits = browser.wait(
        "the matches",
        "const b = document.getElementById('release-body'); return b && b.querySelectorAll('mark.hit').length",
    );
    assert!(hits.as_u64().unwrap() >= 2, "{hits}");
    browser.click("#match-next");
    browser.click("#match-next");
    let count = browser.js("return document.getElementById('match-count').textContent");
    assert!(count.as_str().unwrap().starts_with("2 of "), "{count}");
    assert_eq!(
        browser.js("return document.querySelectorAll('mark.hit.current').length"),
        1
    );
    // "Back to results" goes back in history: no new entry.
    browser.click("#back");
    browser.wait(
        "the results again",
        &format!(
            "const r = (() => {{ {RESULTS} }})(); return r && !r.search.includes('release=') && r"
        ),
    );
    assert_eq!(
        browser.js("return history.length"),
        before.as_u64().unwrap() + 1
    );
    assert_eq!(browser.js("return location.search"), "?q=pilot");

    // Facets follow the index: a commit while the page is open shows in the next search.
    browser.wait(
        "the facets",
        "return document.querySelector('#person-facet')",
    );
    env.write(
        "2021/solberg.txt",
        "Harbourline smart city\n\nLONDON, 3 March 2021 — Harbourline Technologies Ltd. built a smart city \
         pilot, said its chief executive Ingrid Solberg.\n",
    );
    env.index();
    std::thread::sleep(Duration::from_millis(1500));
    browser.js("const s = document.getElementById('sort'); s.value = 'newest'; s.dispatchEvent(new Event('change')); return true");
    browser.wait(
        "the new person in the facets",
        "return document.querySelector('#person-facet a[data-name=\"Ingrid Solberg\"]')",
    );
}

/// The mentions timeline: 50 releases, the counts of all, older ones, one year.
fn page_timeline(browser: &Browser, base: &str) {
    // A timeline: the first 50 releases, each once, counts per year over all 55, then older.
    browser.goto(&format!("{base}/?mentions=Amara+Okafor-Diallo&kind=person"));
    let timeline = browser.wait(
        "the timeline",
        "const t = document.getElementById('timeline'); const y = document.getElementById('mention-years'); \
         return t && y && { items: t.querySelectorAll('.events > li').length, \
           paths: new Set([...t.querySelectorAll('.events a.title')].map(a => a.getAttribute('href'))).size, \
           counted: [...y.querySelectorAll('.count')].reduce((n, c) => n + +c.textContent, 0), \
           older: !!document.getElementById('older') }",
    );
    assert_eq!(timeline["items"], 50, "{timeline}");
    assert_eq!(timeline["paths"], 50, "{timeline}");
    assert_eq!(timeline["counted"], 55, "{timeline}");
    assert_eq!(timeline["older"], true, "{timeline}");
    browser.click("#older");
    browser.wait(
        "the older mentions",
        "return document.querySelectorAll('#timeline .events > li').length === 55 && !document.getElementById('older')",
    );
    // A year of the sidebar shows that year's mentions.
    browser.js("window.scrollTo(0, 0); return true");
    browser.click("#mention-years a[data-year=\"2012\"]");
    let year = browser.wait(
        "one year",
        "const s = [...document.querySelectorAll('#timeline section.year')].map(s => s.dataset.year); \
         return location.search.includes('since=2012') && s.length === 1 && { sections: s, \
           sidebar: document.querySelectorAll('#mention-years li').length }",
    );
    assert_eq!(year["sections"], json!(["2012"]));
    assert_eq!(year["sidebar"], 10, "every year stays in the sidebar");
}
