//! `pressdex extract`: the JSON Lines contract scorers rely on.

use crate::util::{json_lines, pressdex, small_corpus};

#[test]
fn jsonl_links_chairman_he_to_he_xuming() {
    let input = r#"{"id": "a1", "text": "GENEVA, 13 June 2017 – Executive Chairman He Xuming met the press. He said the talks went well. Chairman He thanked the hosts."}"#;
    let out = pressdex()
        .args(["extract", "--jsonl"])
        .write_stdin(format!("{input}\n"))
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 1);
    let obj = lines[0].as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["date", "id", "orgs", "people"]);
    assert_eq!(lines[0]["id"], "a1");
    assert_eq!(lines[0]["date"], "2017-06-13");
    let text = serde_json::from_str::<serde_json::Value>(input).unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    let people = lines[0]["people"].as_array().unwrap();
    assert_eq!(people.len(), 1, "{people:?}");
    assert_eq!(people[0]["name"], "He Xuming");
    let mentions: Vec<&str> = people[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &text[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize])
        .collect();
    assert_eq!(mentions, ["He Xuming", "Chairman He"]);
    // Compact: one object per line, no spaces after separators.
    let raw = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        raw.starts_with(
            "{\"id\":\"a1\",\"date\":\"2017-06-13\",\"people\":[{\"name\":\"He Xuming\""
        ),
        "{raw}"
    );
}

#[test]
fn jsonl_bad_line_is_warned_and_the_rest_goes_on() {
    let input = "not json\n{\"id\": 7, \"text\": \"No names here.\"}\n";
    let out = pressdex()
        .args(["extract", "--jsonl"])
        .write_stdin(input)
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.starts_with("pressdex: warning: stdin line 1: not a {\"id\", \"text\"} object"),
        "{err}"
    );
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], 7);
    assert!(lines[0]["date"].is_null());
}

#[test]
fn files_print_the_release_with_valid_offsets() {
    let env = small_corpus();
    let out = env
        .cmd()
        .args([
            "extract",
            "corpus/2019/alliance.html",
            "corpus/2017/wiotc.txt",
        ])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 2);
    let html = &lines[0];
    let mut keys: Vec<&str> = html
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "body",
            "date",
            "date_source",
            "format",
            "lang",
            "orgs",
            "path",
            "people",
            "title"
        ]
    );
    assert_eq!(html["path"], "corpus/2019/alliance.html");
    assert_eq!(html["title"], "Alliance publishes smart city report");
    assert_eq!(html["date"], "2019-05-07");
    assert_eq!(html["date_source"], "meta");
    assert_eq!(html["format"], "html");
    let body = html["body"].as_str().unwrap();
    assert!(
        !body.contains("Home") && !body.contains("Copyright"),
        "boilerplate in {body:?}"
    );
    for entity in html["people"]
        .as_array()
        .unwrap()
        .iter()
        .chain(html["orgs"].as_array().unwrap())
    {
        for m in entity["mentions"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert!(body.get(s..e).is_some(), "bad span {s}..{e}");
        }
    }
    let orgs: Vec<&str> = html["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(orgs, ["Global Smart Cities Alliance"]);
    assert_eq!(lines[1]["date"], "2017-06-13");
    assert_eq!(lines[1]["date_source"], "dateline");
}

#[test]
fn unreadable_file_is_a_warning_with_exit_1() {
    let env = small_corpus();
    let out = env
        .cmd()
        .args(["extract", "corpus/2017/wiotc.txt", "corpus/missing.txt"])
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(err, "pressdex: warning: corpus/missing.txt: no such file\n");
    assert_eq!(json_lines(&out.get_output().stdout).len(), 1);
}

/// Issue 17: a one-line text release got no date and no entities, the line being taken for
/// its title; the same text on two lines worked.
#[test]
fn a_one_line_text_release_is_its_body() {
    let env = crate::util::Env::new();
    let line = "WASHINGTON, March 3, 2015 - Senator Barack Obama said the Senate must pass \
                the bill this week.";
    env.write("one-line.txt", format!("{line}\n"));
    env.write(
        "two-lines.txt",
        format!("Obama urges the Senate to act\n{line}\n"),
    );
    let out = env
        .cmd()
        .args(["extract", "corpus/one-line.txt", "corpus/two-lines.txt"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let (one, two) = (&lines[0], &lines[1]);
    assert_eq!(one["title"], "");
    assert_eq!(one["body"], line);
    assert_eq!(two["title"], "Obama urges the Senate to act");
    for r in [one, two] {
        assert_eq!(r["date"], "2015-03-03", "{r}");
        let people: Vec<&str> = r["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(people, ["Barack Obama"], "{r}");
    }
}

/// An organization the tagger finds by its head word alone ("Alliance") is the whole name
/// written before it after "the": the bundled Jinlan laboratory release names "the Global
/// Smart Cities Alliance", never a bare "Alliance".
#[test]
fn a_bare_head_word_takes_the_name_before_it() {
    let path = crate::util::bundled_corpus().join("2022/jinlan-wiotc-security-lab.txt");
    let out = pressdex().arg("extract").arg(&path).assert().success();
    let lines = json_lines(&out.get_output().stdout);
    let body = lines[0]["body"].as_str().unwrap();
    let orgs: Vec<(&str, Vec<&str>)> = lines[0]["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let mentions = o["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    &body
                        [m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize]
                })
                .collect();
            (o["name"].as_str().unwrap(), mentions)
        })
        .collect();
    assert!(
        orgs.contains(&(
            "Global Smart Cities Alliance",
            vec!["Global Smart Cities Alliance"]
        )),
        "{orgs:?}"
    );
    assert!(orgs.iter().all(|(name, _)| *name != "Alliance"), "{orgs:?}");
}
