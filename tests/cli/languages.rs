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
fn thirty_chinese_words_and_phrases_each_find_the_chinese_release() {
    // Issue 19's list: words and phrases taken from the corpus's Chinese release, each of which
    // must find it, marked where it stands.
    let env = Env::with_bundled_corpus();
    env.index();
    let queries = [
        "年会",
        "开幕式",
        "政府代表",
        "企业家",
        "专家学者",
        "工业互联网",
        "议题",
        "交流",
        "执行主席",
        "致辞",
        "设备",
        "系统整合",
        "神经系统",
        "开放的标准",
        "国际合作",
        "主旨演讲",
        "集团",
        "实践",
        "平台",
        "城市",
        "隐私保护",
        "智慧农业",
        "车联网",
        "分论坛",
        "数据",
        "研究",
        "国家和地区",
        "共同设立",
        "未来城市",
        "物联网正在从单个设备的连接走向城市级的系统整合",
    ];
    assert_eq!(queries.len(), 30);
    for query in queries {
        let (hits, _, code) = env.search_json(&[query]);
        assert_eq!(code, 0, "{query} finds nothing");
        let h = hit(&hits, ZH).unwrap_or_else(|| panic!("{query} misses {ZH}: {hits:?}"));
        let marks = highlighted(h);
        assert!(!marks.is_empty(), "{query}: nothing marked");
        assert!(
            marks.iter().all(|m| query.contains(m.as_str())),
            "{query}: {marks:?}"
        );
    }
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
    // The HTML lang attribute wins over detection (the corpus has one release in French).
    let (hits, _, _) = env.search_json(&["--lang", "fr"]);
    let declared = hit(&hits, "corpus/extra/declared.html").expect("declared.html is French");
    assert_eq!(declared["lang"], "fr");
    assert_eq!(hits.len(), 2, "{:?}", paths(&hits));
    // Region subtags and case do not matter; several languages are any of them.
    let (hits, _, _) = env.search_json(&["--lang", "ZH-cn", "--lang", "fr"]);
    assert_eq!(hits.len(), 3);

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
    assert_eq!(count("fr"), 2, "{langs:?}");
    assert_eq!(count("de"), 1, "{langs:?}");
    assert_eq!(count("es"), 1, "{langs:?}");
    assert_eq!(count("en"), total - 5, "{langs:?}");
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
        &["city"],
        &["pilot"],
        &["data"],
        &["traffic"],
        &["report"],
        &["national"],
        &["cameras"],
        &["investigation"],
        &["energy"],
        &["water"],
        &["platform"],
        &["transport"],
        &["\"smart city\"", "pilot"],
        &["sensor", "network"],
        &["privacy"],
        &["standards"],
    ];
    assert_eq!(queries.len(), 30, "issue 19's list of 30 English queries");
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
        // Releases in English are found exactly as before (a release in another language may
        // now match through its own fields: "national" finds the French "nationale").
        let extra: Vec<&String> = now
            .difference(&before)
            .filter(|p| ![ZH, FR, DE, ES].contains(&p.as_str()))
            .collect();
        assert!(extra.is_empty(), "{query} now also finds {extra:?}");
    }
}

const FR: &str = "corpus/2024/aln-capteurs-enquete-20240312.txt";
const DE: &str = "corpus/2023/nds-verkehrskameras-ermittlung-20231005.txt";
const ES: &str = "corpus/2025/ovci-semaforos-investigacion-20250220.txt";

/// Searches `query` and returns the hit on `path` with what it highlights; panics when the
/// release is not found.
fn found(env: &Env, query: &str, path: &str) -> Vec<String> {
    let (hits, _, code) = env.search_json(&[query, "--limit", "100"]);
    assert_eq!(code, 0, "{query}");
    let h = hit(&hits, path).unwrap_or_else(|| panic!("{query} misses {path}: {:?}", paths(&hits)));
    highlighted(h)
}

#[test]
fn each_language_is_stemmed_with_its_own_stemmer_and_highlighted_so() {
    let env = Env::with_bundled_corpus();
    env.index();
    // (query, release, what the release writes): the release has only the other form of the
    // word. "Ermittlungen" and "funcionar" have other English stems than what the releases
    // write: only the fields of those languages match them.
    let cases = [
        ("enquêtes", FR, "enquête"),
        ("régional", FR, "régionaux"),
        ("Ermittlungen", DE, "Ermittlung"),
        ("Verkehrskamera", DE, "Verkehrskameras"),
        ("investigaciones", ES, "investigación"),
        ("conectado", ES, "conectados"),
        ("funcionar", ES, "funcionamiento"),
    ];
    for (query, path, written) in cases {
        let marks = found(&env, query, path);
        assert!(marks.iter().any(|m| m == written), "{query}: {marks:?}");
    }
    for (query, path) in [("Ermittlungen", DE), ("funcionar", ES)] {
        let (hits, _, _) = env.search_json(&[&english_only(&[query]), "--limit", "100"]);
        assert!(hit(&hits, path).is_none(), "{query} is an English stem too");
    }
    // Phrases are analyzed the same way.
    let marks = found(&env, "\"enquêtes administratives\"", FR);
    assert!(
        marks.iter().any(|m| m == "enquête administrative"),
        "{marks:?}"
    );
    // Nothing else in those languages matches a word none of them has.
    let (hits, _, _) = env.search_json(&["Ermittlungen", "--limit", "100"]);
    assert_eq!(paths(&hits), [DE]);
}

#[test]
fn accents_are_folded_where_readers_leave_them_out() {
    let env = Env::with_bundled_corpus();
    env.index();
    let cases = [
        ("enquete", FR, "enquête"),
        ("numerique", FR, "numérique"),
        ("Behorde", DE, "Behörde"),
        ("Bussgelder", DE, "Bußgelder"),
        ("Uberwachung", DE, "Überwachung"),
        ("semaforo", ES, "semáforos"),
        ("investigacion", ES, "investigación"),
    ];
    for (query, path, written) in cases {
        let marks = found(&env, query, path);
        assert!(marks.iter().any(|m| m == written), "{query}: {marks:?}");
    }
    // And the other way round: the accented query finds the accented text.
    found(&env, "Behörden", DE);
    found(&env, "numériques", FR);
}

#[test]
fn english_queries_find_no_new_english_release() {
    // Each language's fields hold only the releases in that language: a query in English
    // finds in the English releases exactly what the English fields find.
    let env = Env::with_bundled_corpus();
    env.index();
    for query in [
        "investigation",
        "national",
        "cameras",
        "data",
        "traffic",
        "report",
    ] {
        let (now, _, _) = env.search_json(&[query, "--limit", "100", "--lang", "en"]);
        let (before, _, _) =
            env.search_json(&[&english_only(&[query]), "--limit", "100", "--lang", "en"]);
        assert!(!before.is_empty(), "{query}");
        assert_eq!(paths(&now), paths(&before), "{query}");
    }
}

/// The paragraphs of tests/data/lang/`code`.txt (one per line; `#` starts a comment line).
fn paragraphs(code: &str) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lang")
        .join(format!("{code}.txt"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn detection_is_right_on_98_percent_of_short_paragraphs_per_language() {
    // Short press-release paragraphs written for the project, each a release of its own.
    let env = Env::new();
    let codes = ["en", "fr", "de", "es", "zh"];
    let mut files = Vec::new();
    for code in codes {
        let paragraphs = paragraphs(code);
        assert!(
            paragraphs.len() >= 50,
            "{code}: {} paragraphs",
            paragraphs.len()
        );
        for (i, p) in paragraphs.iter().enumerate() {
            let rel = format!("{code}/{i:03}.txt");
            env.write(&rel, p);
            files.push((code, format!("corpus/{rel}")));
        }
    }
    let out = env
        .cmd()
        .arg("extract")
        .args(files.iter().map(|(_, f)| f.as_str()))
        .assert()
        .success();
    let langs: std::collections::BTreeMap<String, String> = json_lines(&out.get_output().stdout)
        .iter()
        .map(|l| {
            let path = l["path"].as_str().unwrap();
            let lang = l["lang"].as_str().unwrap();
            (path.to_string(), lang.to_string())
        })
        .collect();
    assert_eq!(langs.len(), files.len());
    let mut report = Vec::new();
    for code in codes {
        let (mut right, mut total, mut wrong) = (0, 0, Vec::new());
        for (c, file) in &files {
            if *c != code {
                continue;
            }
            let lang = &langs[file];
            total += 1;
            if lang == code {
                right += 1;
            } else {
                wrong.push(format!("{file}: {lang}"));
            }
        }
        let accuracy = right as f64 / total as f64;
        println!(
            "{code}: {right}/{total} ({:.1}%) {wrong:?}",
            accuracy * 100.0
        );
        report.push((code, accuracy, wrong));
    }
    for (code, accuracy, wrong) in report {
        assert!(accuracy >= 0.98, "{code}: {:.3} {wrong:?}", accuracy);
    }
}

#[test]
fn a_word_known_in_its_own_language_is_not_taken_for_a_typo() {
    let env = Env::with_bundled_corpus();
    env.index();
    // "Ermittlungen" is no English stem in the index, but a German one: only the misspelt
    // name is replaced in the suggestions, or made fuzzy.
    let (hits, summary, code) = env.search_json(&["Ermittlungen Obermeier"]);
    assert_eq!(code, 1, "{hits:?}");
    let suggestions = summary["suggestions"].as_array().unwrap();
    assert!(
        suggestions
            .iter()
            .any(|s| s["query"] == "Ermittlungen Obermaier" && s["total"] == 1),
        "{suggestions:?}"
    );
    assert!(
        suggestions
            .iter()
            .all(|s| !s["query"].as_str().unwrap().contains("Ermittlungen~")),
        "{suggestions:?}"
    );
}

#[test]
fn japanese_and_korean_are_found_by_character_bigrams() {
    let env = Env::new();
    env.write(
        "ja.txt",
        "東京都、スマートシティ推進計画を発表\n\n東京都は本日、スマートシティ推進計画を発表しました。\
         都内のすべての区で交通データを公開し、二〇二六年までに五百か所のセンサーを設置します。",
    );
    env.write(
        "ko.txt",
        "서울시, 스마트 도시 계획 발표\n\n서울시는 오늘 스마트 도시 계획을 발표했다. 시는 2026년까지 \
         교통 정보를 공개하고 오백 곳에 센서를 설치할 예정이다.",
    );
    env.write(
        "en.txt",
        "City publishes traffic data\n\nThe city published its traffic data today.",
    );
    env.index();
    for (query, path, marked) in [
        // Words inside longer runs of characters, found by their bigrams.
        ("推進計画", "corpus/ja.txt", "推進計画"),
        ("スマートシティ", "corpus/ja.txt", "スマートシティ"),
        ("交通データ", "corpus/ja.txt", "交通データ"),
        ("서울시", "corpus/ko.txt", "서울시"),
        ("센서", "corpus/ko.txt", "센서"),
        ("교통", "corpus/ko.txt", "교통"),
    ] {
        let (hits, _, code) = env.search_json(&[query]);
        assert_eq!(code, 0, "{query}");
        assert_eq!(paths(&hits), [path], "{query}");
        let marks = highlighted(&hits[0]);
        assert!(marks.iter().any(|m| m == marked), "{query}: {marks:?}");
    }
    let (hits, _, _) = env.search_json(&["--lang", "ja"]);
    assert_eq!(paths(&hits), ["corpus/ja.txt"]);
    let (hits, _, _) = env.search_json(&["--lang", "ko"]);
    assert_eq!(paths(&hits), ["corpus/ko.txt"]);
    // A bigram the text does not have in that order finds nothing.
    let (hits, _, _) = env.search_json(&["計画推進"]);
    assert!(hits.is_empty(), "{:?}", paths(&hits));
}

#[test]
fn function_words_of_a_query_are_not_marked_alone() {
    let env = Env::with_bundled_corpus();
    env.index();
    let marks = found(&env, "enquête de la Métropole", FR);
    assert!(marks.iter().any(|m| m == "enquête"), "{marks:?}");
    assert!(marks.iter().any(|m| m == "Métropole"), "{marks:?}");
    assert!(marks.iter().all(|m| m != "de" && m != "la"), "{marks:?}");
}
