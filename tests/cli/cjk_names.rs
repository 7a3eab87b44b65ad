//! Names written in Chinese characters beside their romanized form ("He Xuming (何旭明)") are
//! forms of the same person or organization, in the release and across the corpus.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::util::{bundled_corpus, json_lines, paths, Env};

/// The English release that pairs the two forms.
const PAIRED: &str = "corpus/2025/wiotc-jinlan-device-testing.txt";
/// The Chinese release, which writes "He Xuming" in Latin letters.
const ZH: &str = "corpus/2019/wiotc-beijing-zh.txt";

/// The mentions of the entity named `name` in `list` of an extraction line: (start, end, text).
fn mentions(line: &Value, list: &str, name: &str) -> Vec<(usize, usize, String)> {
    let body = line["body"].as_str().unwrap().as_bytes();
    let entity = line[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {}", line[list]));
    entity["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            (s, e, String::from_utf8(body[s..e].to_vec()).unwrap())
        })
        .collect()
}

#[test]
fn extraction_gives_the_chinese_form_with_exact_offsets() {
    let file = bundled_corpus().join("2025/wiotc-jinlan-device-testing.txt");
    let out = crate::util::pressdex()
        .arg("extract")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = &json_lines(&out.stdout)[0];
    let body = line["body"].as_str().unwrap();
    let at = |s: &str| body.find(s).unwrap();

    let he = mentions(line, "people", "He Xuming");
    let start = at("(何旭明)") + 1;
    assert!(
        he.contains(&(start, start + "何旭明".len(), "何旭明".into())),
        "{he:?}"
    );
    let lin = mentions(line, "people", "Lin Weiguo");
    assert!(lin.iter().any(|m| m.2 == "林伟国"), "{lin:?}");
    let long = "China Academy of Information and Communications Technology";
    let academy = mentions(line, "orgs", long);
    let start = at("(中国信息通信研究院)") + "(".len();
    assert_eq!(
        academy,
        [
            (at(long), at(long) + long.len(), long.to_string()),
            (
                start,
                start + "中国信息通信研究院".len(),
                "中国信息通信研究院".into()
            )
        ]
    );
    let jinlan = mentions(line, "orgs", "Jinlan Digital Group");
    assert!(jinlan.iter().any(|m| m.2 == "金澜数字集团"), "{jinlan:?}");
}

#[test]
fn the_paired_form_is_a_mention_wherever_the_release_writes_it() {
    let out = crate::util::pressdex()
        .args(["extract", "--jsonl"])
        .write_stdin(
            "{\"id\":1,\"text\":\"Beijing - Executive Chairman He Xuming (何旭明) opened the \
             forum. 何旭明 thanked the delegates.\"}\n",
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = &json_lines(&out.stdout)[0];
    let text = "Beijing - Executive Chairman He Xuming (何旭明) opened the forum. 何旭明 thanked \
                the delegates.";
    let mut line = line.clone();
    line["body"] = text.into();
    let forms: Vec<String> = mentions(&line, "people", "He Xuming")
        .into_iter()
        .map(|m| m.2)
        .collect();
    assert_eq!(forms, ["He Xuming", "何旭明", "何旭明"]);
}

#[test]
fn the_chinese_form_finds_every_release_about_the_person() {
    let env = Env::with_bundled_corpus();
    env.index();
    let (by_cjk, _, code) = env.search_json(&["--person", "何旭明", "--limit", "100"]);
    assert_eq!(code, 0);
    let (by_latin, _, _) = env.search_json(&["--person", "He Xuming", "--limit", "100"]);
    let set = |hits: &[Value]| paths(hits).into_iter().collect::<BTreeSet<_>>();
    assert_eq!(set(&by_cjk), set(&by_latin));
    assert!(set(&by_cjk).contains(PAIRED), "{:?}", set(&by_cjk));
    assert!(set(&by_cjk).contains(ZH), "{:?}", set(&by_cjk));
    assert!(by_cjk.len() >= 5, "{}", by_cjk.len());

    // One identity, the Chinese form among its aliases.
    let out = env
        .cmd()
        .args(["people", "--json", "--limit", "100"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<Value> = json_lines(&out.stdout)
        .into_iter()
        .filter(|l| l["type"] == "entity")
        .map(|l| l["data"].clone())
        .collect();
    let named = |n: &str| -> Vec<&Value> {
        rows.iter()
            .filter(|r| r["name"] == n || r["aliases"].as_array().unwrap().iter().any(|a| a == n))
            .collect()
    };
    let he = named("何旭明");
    assert_eq!(he.len(), 1, "{he:?}");
    assert_eq!(he[0]["name"], "He Xuming");
    assert_eq!(named("He Xuming").len(), 1);
    let lin = named("林伟国");
    assert_eq!(lin.len(), 1, "{lin:?}");
    assert_eq!(lin[0]["name"], "Lin Weiguo");
}
