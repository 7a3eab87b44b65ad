//! The bundled corpus: extraction matches corpus/EXPECTED.jsonl, and an official who recurs
//! can be followed across releases.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::util::{bundled_corpus, highlighted, json_lines, paths, pressdex, Env};

struct Expected {
    path: String,
    date: Option<String>,
    people: BTreeSet<String>,
    orgs: BTreeSet<String>,
}

fn expected() -> Vec<Expected> {
    let text = std::fs::read_to_string(bundled_corpus().join("EXPECTED.jsonl"))
        .expect("corpus/EXPECTED.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("EXPECTED line is JSON");
            let set = |k: &str| {
                v[k].as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect()
            };
            Expected {
                path: v["path"].as_str().unwrap().to_string(),
                date: v["date"].as_str().map(str::to_string),
                people: set("people"),
                orgs: set("orgs"),
            }
        })
        .collect()
}

/// (true positives, predicted, gold) → (precision, recall, F1)
fn prf(tp: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 {
        1.0
    } else {
        tp as f64 / predicted as f64
    };
    let r = if gold == 0 {
        1.0
    } else {
        tp as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

#[test]
fn extraction_matches_expected_jsonl() {
    let expected = expected();
    assert!(
        expected.len() >= 40,
        "the corpus has {} releases",
        expected.len()
    );
    let out = pressdex()
        .current_dir(bundled_corpus())
        .arg("extract")
        .args(expected.iter().map(|e| e.path.as_str()))
        .assert()
        .success();
    let found: BTreeMap<String, Value> = json_lines(&out.get_output().stdout)
        .into_iter()
        .map(|r| (r["path"].as_str().unwrap().to_string(), r))
        .collect();
    let names = |r: &Value, k: &str| -> BTreeSet<String> {
        r[k].as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect()
    };
    let mut dates_ok = 0;
    let mut counts = BTreeMap::from([("people", (0, 0, 0)), ("orgs", (0, 0, 0))]);
    // Releases in French, German and Spanish are scored apart: the people and organizations
    // model is trained on English releases (it reads the Chinese one's Latin names), and those
    // releases are in the corpus for search in their language.
    let mut other_counts = counts.clone();
    let mut misses = Vec::new();
    let mut other_misses = Vec::new();
    let mut others = 0;
    for e in &expected {
        let r = &found[&e.path];
        let other = !matches!(r["lang"].as_str(), Some("en" | "zh"));
        others += usize::from(other);
        let (counts, misses) = if other {
            (&mut other_counts, &mut other_misses)
        } else {
            (&mut counts, &mut misses)
        };
        if r["date"].as_str().map(str::to_string) == e.date {
            dates_ok += 1;
        } else {
            misses.push(format!("{}: date {} != {:?}", e.path, r["date"], e.date));
        }
        for (field, gold) in [("people", &e.people), ("orgs", &e.orgs)] {
            let got = names(r, field);
            let c = counts.get_mut(field).unwrap();
            c.0 += got.intersection(gold).count();
            c.1 += got.len();
            c.2 += gold.len();
            for extra in got.difference(gold) {
                misses.push(format!("{}: {field} extra {extra:?}", e.path));
            }
            for missing in gold.difference(&got) {
                misses.push(format!("{}: {field} missing {missing:?}", e.path));
            }
        }
    }
    println!(
        "corpus/EXPECTED.jsonl, {} releases ({others} in French, German or Spanish, scored apart)",
        expected.len()
    );
    println!("field    precision  recall  F1");
    let date_acc = dates_ok as f64 / expected.len() as f64;
    println!("date     {date_acc:.3}      {date_acc:.3}   {date_acc:.3}");
    let mut f1s = Vec::new();
    for (field, (tp, pred, gold)) in &counts {
        let (p, r, f) = prf(*tp, *pred, *gold);
        println!("{field:<8} {p:.3}      {r:.3}   {f:.3}");
        f1s.push((field.to_string(), f));
    }
    for m in &misses {
        println!("  {m}");
    }
    println!("French, German and Spanish releases:");
    for (field, (tp, pred, gold)) in &other_counts {
        let (p, r, f) = prf(*tp, *pred, *gold);
        println!("{field:<8} {p:.3}      {r:.3}   {f:.3}");
    }
    for m in &other_misses {
        println!("  {m}");
    }
    // Every date as EXPECTED.jsonl says. People and organizations come from a model trained on
    // real press releases and scored on releases it never saw (`pressdex-eval`, section
    // releases); this corpus was the development set of the word-list rules it replaced, which
    // matched it exactly and fell far lower on real releases. It keeps a floor here: 0.88 for
    // people, 0.85 for organizations (the model that lifted held-out organizations from 0.655
    // to 0.72 on real releases scores 0.868 here, against 0.884 before; international
    // organizations named after a city, "Accra Institute of Urban Technology", are what it
    // misses).
    assert_eq!(dates_ok, expected.len(), "every date must match");
    for (field, f1) in &f1s {
        let floor = if field == "orgs" { 0.85 } else { 0.88 };
        assert!(
            *f1 >= floor,
            "{field} F1 {f1:.3} below {floor} on the corpus:\n{}",
            misses.join("\n")
        );
    }
}

/// The person named in the most releases of the corpus, and those releases.
fn most_recurring_person() -> (String, BTreeSet<String>) {
    let mut by_person: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in expected() {
        for p in &e.people {
            by_person
                .entry(p.clone())
                .or_default()
                .insert(format!("corpus/{}", e.path));
        }
    }
    by_person
        .into_iter()
        .max_by_key(|(name, files)| (files.len(), std::cmp::Reverse(name.clone())))
        .unwrap()
}

#[test]
fn every_release_of_a_recurring_official_is_found_with_aliases_highlighted() {
    let env = Env::with_bundled_corpus();
    env.index();
    let (name, files) = most_recurring_person();
    assert!(
        files.len() >= 4,
        "{name} recurs in {} releases",
        files.len()
    );
    let (hits, _, code) = env.search_json(&["--person", &name, "--limit", "100"]);
    assert_eq!(code, 0);
    let got: BTreeSet<String> = paths(&hits).into_iter().collect();
    assert_eq!(got, files, "--person {name}");
    // By full name as a phrase: the same releases.
    let (hits, _, _) = env.search_json(&[&format!("\"{name}\""), "--limit", "100"]);
    let got: BTreeSet<String> = paths(&hits).into_iter().collect();
    assert!(
        files.is_subset(&got),
        "query \"{name}\" misses {:?}",
        files.difference(&got).collect::<Vec<_>>()
    );
    // Unquoted full name: same releases, no bare pronoun highlighted.
    let (hits, _, _) = env.search_json(&[&name, "--limit", "100"]);
    let got: BTreeSet<String> = paths(&hits).into_iter().collect();
    assert!(files.is_subset(&got), "query {name} misses some releases");
    for hit in &hits {
        assert!(highlighted(hit)
            .iter()
            .all(|m| !m.eq_ignore_ascii_case("he")));
    }
    let (hits, _, _) = env.search_json(&["He Xuming", "--limit", "100"]);
    assert!(hits.len() >= 3);
    for hit in &hits {
        let marks = highlighted(hit);
        assert!(
            marks.iter().all(|m| !m.eq_ignore_ascii_case("he")),
            "{marks:?} in {}",
            hit["path"]
        );
    }
    // Newest first, each hit dated, and no bare pronoun highlighted.
    let (hits, _, _) = env.search_json(&["--person", &name, "--sort", "newest", "--limit", "100"]);
    let dates: Vec<&str> = hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
    let mut short_forms = 0;
    for hit in &hits {
        let marks = highlighted(hit);
        assert!(!marks.is_empty(), "{} has no highlight", hit["path"]);
        for m in &marks {
            assert!(
                !m.eq_ignore_ascii_case("he"),
                "pronoun highlighted in {}",
                hit["path"]
            );
            if m != &name {
                short_forms += 1;
            }
        }
    }
    assert!(short_forms > 0, "no short form of {name} highlighted");
}

#[test]
fn he_xuming_and_guterres_are_found_by_every_form() {
    let env = Env::with_bundled_corpus();
    env.index();
    let (hits, _, _) = env.search_json(&["--person", "He Xuming", "--limit", "100"]);
    assert!(hits.len() >= 3, "He Xuming in {} releases", hits.len());
    for hit in &hits {
        for m in highlighted(hit) {
            assert!(
                // "何旭明": his name in Chinese characters, which a release gives beside it.
                m == "He Xuming" || m.ends_with(" He") || m == "何旭明",
                "unexpected highlight {m:?} in {}",
                hit["path"]
            );
        }
    }
    let (by_surname, _, _) = env.search_json(&["--person", "Guterres", "--limit", "100"]);
    let (by_ascii, _, _) = env.search_json(&["--person", "Antonio Guterres", "--limit", "100"]);
    assert!(!by_surname.is_empty());
    assert_eq!(paths(&by_surname), paths(&by_ascii));
    assert!(by_surname.iter().all(|h| h["people"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "António Guterres")));
}

#[test]
fn researcher_query_with_year_filter() {
    let env = Env::with_bundled_corpus();
    env.index();
    let (hits, summary, code) = env.search_json(&[
        "\"internet of things\" AND \"smart city\"",
        "--since",
        "2017",
        "--until",
        "2017",
    ]);
    assert_eq!(code, 0);
    assert!(summary["total"].as_u64().unwrap() >= 1);
    assert!(hits
        .iter()
        .all(|h| h["date"].as_str().unwrap().starts_with("2017-")));
    let marks = highlighted(&hits[0]);
    assert!(
        marks
            .iter()
            .any(|m| m.eq_ignore_ascii_case("internet of things")),
        "{marks:?}"
    );
}
