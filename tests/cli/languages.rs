//! Releases in other languages: each release's language is detected (or read from the HTML),
//! filtered on, counted, and Chinese is searched word by word.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::util::{highlighted, json_lines, paths, Env};

const ZH: &str = "corpus/2019/wiotc-beijing-zh.txt";

fn hit<'a>(hits: &'a [Value], path: &str) -> Option<&'a Value> {
    hits.iter().find(|h| h["path"] == path)
}

#[test]
fn chinese_words_find_the_chinese_release_with_their_highlight() {
    let env = Env::with_bundled_corpus();
    env.index();
    for word in [
        "物联网",
        "智慧城市",
        "北京",
        "开幕",
        "传感器",
        "物联网安全实验室",
    ] {
        let (hits, _, code) = env.search_json(&[word]);
        assert_eq!(code, 0, "{word} finds nothing");
        let h = hit(&hits, ZH).unwrap_or_else(|| panic!("{word} misses {ZH}: {hits:?}"));
        assert_eq!(h["lang"], "zh");
        let marks = highlighted(h);
        assert!(marks.iter().any(|m| m == word), "{word}: {marks:?}");
        // Every fragment and mark is whole characters (the JSON would not even be UTF-8
        // otherwise), and the marks are the word, nothing more.
        assert!(marks.iter().all(|m| m.contains(word)), "{word}: {marks:?}");
    }
    // Two words, ANDed, each marked; a phrase across a segmented word boundary.
    let (hits, _, _) = env.search_json(&["物联网 安全"]);
    assert_eq!(paths(&hits), [ZH]);
    let (hits, _, _) = env.search_json(&["\"物联网 安全\""]);
    assert_eq!(paths(&hits), [ZH]);
    assert!(highlighted(&hits[0]).iter().any(|m| m == "物联网安全"));
    // A word the release does not have.
    let (hits, _, _) = env.search_json(&["足球"]);
    assert!(hits.is_empty());
    // Latin words inside the Chinese text are found too, as before.
    let (hits, _, _) = env.search_json(&["CityLink", "--limit", "100"]);
    assert!(hit(&hits, ZH).is_some(), "{:?}", paths(&hits));
}

#[test]
fn lang_filters_and_facets_count_languages() {
    let env = Env::with_bundled_corpus();
    env.write(
        "extra/declared.html",
        "<html lang=\"fr-FR\"><head><title>Ouverture</title></head><body><article>\
         <h1>Le centre de recherche ouvre ses portes</h1><p>Internet of things: the text is \
         English, but the page says it is French.</p></article></body></html>",
    );
    let summary = env.index();
    let total = summary["documents"].as_u64().unwrap();
    let (hits, _, code) = env.search_json(&["--lang", "zh"]);
    assert_eq!(code, 0);
    assert_eq!(paths(&hits), [ZH]);
    let (hits, _, _) = env.search_json(&["internet", "--lang", "zh"]);
    assert_eq!(paths(&hits), [ZH]);
    // The HTML lang attribute wins over detection.
    let (hits, _, _) = env.search_json(&["--lang", "fr"]);
    assert_eq!(paths(&hits), ["corpus/extra/declared.html"]);
    assert_eq!(hits[0]["lang"], "fr");
    // Region subtags and case do not matter; several languages are any of them.
    let (hits, _, _) = env.search_json(&["--lang", "ZH-cn", "--lang", "fr"]);
    assert_eq!(hits.len(), 2);

    let out = env
        .cmd()
        .args(["search", "--facets", "--json", "--limit", "1"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let facets = lines.iter().find(|l| l["type"] == "facets").unwrap();
    let langs = facets["data"]["languages"].as_array().unwrap();
    let count = |code: &str| {
        langs
            .iter()
            .find(|l| l["name"] == code)
            .map_or(0, |l| l["releases"].as_u64().unwrap())
    };
    assert_eq!(count("zh"), 1, "{langs:?}");
    assert_eq!(count("fr"), 1, "{langs:?}");
    assert_eq!(count("en"), total - 2, "{langs:?}");
    assert_eq!(langs[0]["name"], "en");
    let out = env
        .cmd()
        .args(["search", "物联网", "--facets", "--color", "never"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("languages: zh (1)"), "{text}");

    // `show` names the language, in JSON and for people.
    let out = env
        .cmd()
        .args(["show", "wiotc-beijing-zh.txt", "--json"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["data"]["lang"], "zh");
    let out = env
        .cmd()
        .args(["show", "wiotc-beijing-zh.txt", "--color", "never"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("wiotc-beijing-zh.txt  text  zh"), "{text}");
}

#[test]
fn extract_names_the_language() {
    let env = Env::with_bundled_corpus();
    let out = env
        .cmd()
        .args(["extract", ZH, "corpus/2017/wiotc-wsis-forum-2017.txt"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["lang"], "zh");
    assert_eq!(lines[1]["lang"], "en");
}

/// The query an index without the Chinese fields ran: each word (or phrase) in the title or
/// the body, all of them.
fn english_only(terms: &[&str]) -> String {
    terms
        .iter()
        .map(|t| format!("(title:{t} OR body:{t})"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

#[test]
fn no_english_hit_is_lost() {
    let env = Env::with_bundled_corpus();
    env.index();
    // Queries of the other tests and the README.
    let queries: &[&[&str]] = &[
        &["\"smart city\""],
        &["\"He Xuming\""],
        &["He", "Xuming"],
        &["cities", "internet"],
        &["smart"],
        &["forum"],
        &["cybersecurity"],
        &["\"internet of things\""],
        &["alliance"],
        &["Guterres"],
        &["convention"],
        &["sensors"],
        &["beijing"],
        &["laboratory", "security"],
    ];
    for terms in queries {
        let query = terms.join(" ");
        let (now, _, _) = env.search_json(&[&query, "--limit", "100"]);
        let (before, _, _) = env.search_json(&[&english_only(terms), "--limit", "100"]);
        let now: BTreeSet<String> = paths(&now).into_iter().collect();
        let before: BTreeSet<String> = paths(&before).into_iter().collect();
        assert!(!before.is_empty(), "{query} found nothing before");
        assert!(
            before.is_subset(&now),
            "{query} lost {:?}",
            before.difference(&now).collect::<Vec<_>>()
        );
        // Releases in English are found exactly as before.
        let extra: Vec<&String> = now.difference(&before).filter(|p| *p != ZH).collect();
        assert!(extra.is_empty(), "{query} now also finds {extra:?}");
    }
}
