//! Property tests (proptest) over arbitrary bytes and strings: parsing, dates, entities and
//! queries never panic, and what they return keeps its invariants.
//!
//! Case counts are modest so `cargo test` stays fast on a 2-core CI machine; set
//! `PROPTEST_CASES=10000` for a longer run. The `fuzz/` folder has cargo-fuzz targets for the
//! same properties.

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;

use pressdex::extract::{date, entities, extract_text};
use pressdex::search::{Engine, SearchRequest};
use pressdex::Entity;

fn config(cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(cases),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Strings made of pieces that matter to the code under test, mixed with arbitrary text.
fn soup(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(pieces).prop_map(str::to_string),
            1 => any::<String>().prop_map(|s| s.chars().take(12).collect::<String>()),
            1 => "[ \n\t.,;:'\"()-]{1,3}",
        ],
        0..max,
    )
    .prop_map(|v| v.concat())
}

const HTML_PIECES: &[&str] = &[
    "<html>",
    "</html>",
    "<head>",
    "<body>",
    "<title>",
    "</title>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<h1>",
    "</h1>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<nav>",
    "<footer>",
    "<article>",
    "<meta charset=\"shift_jis\">",
    "<meta name=\"date\" content=\"2019-05-07\">",
    "<time datetime=\"2017-06-13\">",
    "<script type=\"application/ld+json\">{\"datePublished\":\"2018-01-02\"}",
    "&amp;",
    "&#x",
    "&eacute;",
    "&#0;",
    "\u{0}",
    "\u{FEFF}",
    "\r\n",
    "é",
    "中文",
    "News release",
    "GENEVA",
    "<a href=\"/\">",
    "</a>",
    "<br>",
    "<table><tr><td>",
    "<",
    ">",
    "\"",
    "'",
];

/// Pieces around which roles are read: titles, abbreviations, wide spaces, appositions.
const ROLE_PIECES: &[&str] = &[
    "Attorney General ",
    "Assistant ",
    "U.S.",
    "U. S. ",
    "\u{a0}",
    "\u{2009}",
    "Mr.",
    " and ",
    ", ",
    ".",
    "Senator ",
    " (D-Ill.)",
    "Eric Holder",
    "Lanny A. Breuer",
    "Chairman He Xuming",
    " of the ",
    "WASHINGTON",
    "Division",
    "–",
    "\n",
    "é",
];

const TEXT_PIECES: &[&str] = &[
    "Executive Chairman ",
    "He Xuming",
    "Chairman He",
    " He said ",
    "Ms. ",
    "Dr. ",
    "Mr. ",
    "António Guterres",
    "Amara Okafor-Diallo",
    "the World Internet of Things Convention ",
    "(WIOTC)",
    "WIOTC",
    "International Telecommunication Union",
    " (ITU)",
    "Acme AG",
    "Harbourline Technologies Ltd.",
    " Inc.",
    " Ltd.",
    "Global Smart Cities Alliance",
    "GSCA",
    "GENEVA, ",
    "13 June 2017",
    "June 13, 2017",
    "2017-06-13",
    "2017年6月13日",
    "26-FEB-1987",
    "Tuesday, ",
    "Mayor 5, 2017",
    "31/12/2019",
    "1.2.2003",
    " said ",
    ". ",
    "\n\n",
    "é",
    "ß",
    "中国",
    "李",
    "“",
    "”",
    " – ",
    "—",
    "'s ",
    "0",
    "99",
    "2020",
    "May",
    "March",
    "of ",
    "the ",
];

const QUERY_PIECES: &[&str] = &[
    "smart",
    "city",
    "\"",
    "(",
    ")",
    ":",
    " AND ",
    " OR ",
    " NOT ",
    "-",
    "+",
    "*",
    "~",
    "^2",
    "[",
    " TO ",
    "]",
    "{",
    "}",
    "title:",
    "body:",
    "year:",
    "person_text:",
    "org_text:",
    "unknown:",
    "2017",
    "\\",
    "/",
    "'",
    " ",
    "é",
    "中",
    "IN [",
    "date:",
    ">",
    "<=",
];

fn check_mentions(body: &str, list: &[Entity]) -> Result<(), TestCaseError> {
    let mut spans = Vec::new();
    for entity in list {
        prop_assert!(!entity.name.trim().is_empty(), "empty entity name");
        for m in &entity.mentions {
            prop_assert!(
                m.start < m.end && m.end <= body.len(),
                "{:?} outside the body",
                m
            );
            prop_assert!(
                body.get(m.start..m.end).is_some(),
                "{:?} not on char boundaries",
                m
            );
            spans.push((m.start, m.end));
        }
    }
    spans.sort_unstable();
    for pair in spans.windows(2) {
        prop_assert!(pair[0].1 <= pair[1].0, "overlapping mentions {:?}", pair);
    }
    Ok(())
}

fn check_parse(bytes: &[u8]) -> Result<(), TestCaseError> {
    for name in ["p.html", "p.txt"] {
        if let Ok(parsed) = pressdex::parse::parse(Path::new(name), bytes) {
            prop_assert!(!(parsed.title.is_empty() && parsed.body.is_empty()));
            for text in [&parsed.title, &parsed.body] {
                prop_assert!(
                    !text
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t'),
                    "control character in {:?}",
                    text
                );
            }
            let release = pressdex::extract::extract(name, parsed);
            check_mentions(&release.body, &release.people)?;
            check_mentions(&release.body, &release.orgs)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check_parse(&bytes)?;
    }

    #[test]
    fn parse_never_panics_on_html_soup(html in soup(HTML_PIECES, 60)) {
        check_parse(html.as_bytes())?;
        // The same page in other encodings.
        for encoding in [encoding_rs::UTF_16LE, encoding_rs::SHIFT_JIS, encoding_rs::WINDOWS_1252] {
            let (bytes, _, _) = encoding.encode(&html);
            check_parse(&bytes)?;
        }
    }

    #[test]
    fn dates_have_exact_spans(text in soup(TEXT_PIECES, 30)) {
        for (start, end, found) in date::find_dates(&text) {
            prop_assert!(start < end && end <= text.len());
            let written = text.get(start..end);
            prop_assert!(written.is_some(), "span {}..{} not on char boundaries", start, end);
            prop_assert_eq!(date::parse_date(written.unwrap()), Some(found));
        }
        let _ = date::parse_date(&text);
        let _ = date::path_date(&text);
        let _ = date::publication_date(&[], &text, &text);
        let _ = pressdex::parse::parse_date_value(&text);
    }

    #[test]
    fn dates_never_panic_on_any_string(text in any::<String>()) {
        for (start, end, _) in date::find_dates(&text) {
            prop_assert!(text.get(start..end).is_some());
        }
        let _ = date::parse_date(&text);
        let _ = pressdex::parse::parse_date_value(&text);
    }

    #[test]
    fn entity_spans_are_inside_on_boundaries_and_disjoint(body in soup(TEXT_PIECES, 40)) {
        let (people, orgs) = entities::find_entities(&body);
        check_mentions(&body, &people)?;
        check_mentions(&body, &orgs)?;
    }

    #[test]
    fn roles_never_panic_and_say_something(body in soup(ROLE_PIECES, 40)) {
        let found = extract_text(&body);
        check_mentions(&body, &found.people)?;
        for person in &found.people {
            for role in &person.roles {
                prop_assert!(!role.trim().is_empty(), "{:?} in {:?}", person, body);
            }
        }
        prop_assert!(found.orgs.iter().all(|o| o.roles.is_empty()));
    }

    #[test]
    fn entities_never_panic_on_any_string(body in any::<String>()) {
        let (people, orgs) = entities::find_entities(&body);
        check_mentions(&body, &people)?;
        check_mentions(&body, &orgs)?;
    }

    #[test]
    fn queries_are_an_error_or_results(
        query in soup(QUERY_PIECES, 12),
        person in prop::option::of(soup(TEXT_PIECES, 3)),
        org in prop::option::of(soup(QUERY_PIECES, 3)),
    ) {
        check_query(query, person, org)?;
    }

    #[test]
    fn any_string_is_an_error_or_results(query in any::<String>()) {
        check_query(query.clone(), Some(query.clone()), Some(query))?;
    }
}

fn check_query(
    query: String,
    person: Option<String>,
    org: Option<String>,
) -> Result<(), TestCaseError> {
    let request = SearchRequest {
        query: Some(query),
        people: person.into_iter().collect(),
        orgs: org.into_iter().collect(),
        ..Default::default()
    };
    match engine().search(&request) {
        Ok(results) => {
            prop_assert!(results.hits.len() <= results.total);
            for hit in &results.hits {
                for fragment in &hit.fragments {
                    for h in &fragment.highlights {
                        prop_assert!(fragment.text.get(h.start..h.end).is_some());
                    }
                }
            }
        }
        Err(err) => {
            let message = err.to_string();
            prop_assert!(!message.is_empty());
        }
    }
    Ok(())
}

/// A small index shared by the query properties (built once per test binary).
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            let index_dir = dir.path().join("index");
            pressdex::index::index_paths(
                &index_dir,
                &[corpus],
                &pressdex::index::IndexOptions::default(),
                &pressdex::index::NoProgress,
            )
            .unwrap();
            let engine = Engine::open(&index_dir).unwrap();
            (dir, engine)
        })
        .1
}
