//! `pressdex identity`: corrections made by hand, kept beside the index, applied at once and at
//! every later index run, listed with who, when and why, and undone exactly.

use serde_json::Value;

use crate::util::{json_lines, Env};

const FILE: &str = "pressdex-corrections.jsonl";

/// Three releases: two names of one Clinton that nothing links (a nickname the linker does not
/// know), a senator, a chairman named in two releases, and "Secretary Lynch", grouped with
/// Loretta E. Lynch.
fn clinton_corpus() -> Env {
    let env = Env::new();
    env.write(
        "2015/meeting.txt",
        "Clinton meets Reed\n\nWASHINGTON, June 3, 2015 – Former President Bubba Clinton met \
         Secretary of State Hillary Clinton and Senator Jack Reed in Washington. Bubba Clinton \
         said the meeting went well.\n",
    );
    env.write(
        "2016/initiative.txt",
        "Initiative opens\n\nNEW YORK, May 2, 2016 – William Jefferson Clinton opened the \
         meeting of the initiative. William Jefferson Clinton thanked the donors, as did Lin \
         Weiguo.\n",
    );
    env.write(
        "2017/visit.txt",
        "Chairman visits Boston\n\nBOSTON, April 1, 2017 – Executive Chairman Lin Weiguo of \
         Jinlan Digital Group met Secretary Lynch. Loretta E. Lynch said Chairman Lin was \
         welcome. Secretary Lynch thanked him.\n",
    );
    env.index();
    env
}

/// Runs `pressdex ARGS`; returns (stdout, stderr, exit code).
fn run(env: &Env, args: &[&str]) -> (String, String, i32) {
    let out = env.cmd().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Records a decision (by "ana") and returns its one line of output.
fn decide(env: &Env, args: &[&str]) -> String {
    let mut all = vec!["identity"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--by", "ana"]);
    let (out, err, code) = run(env, &all);
    assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
    out
}

/// (name, releases) of `pressdex people`.
fn people(env: &Env) -> Vec<(String, u64)> {
    let (out, _, _) = run(env, &["people", "--json", "--limit", "100"]);
    json_lines(out.as_bytes())
        .iter()
        .filter(|l| l["type"] == "entity")
        .map(|l| {
            let d = &l["data"];
            (
                d["name"].as_str().unwrap().to_string(),
                d["releases"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn releases_of(env: &Env, name: &str) -> Option<u64> {
    people(env)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|p| p.1)
}

/// `pressdex show RELEASE --json`'s release.
fn show(env: &Env, release: &str) -> Value {
    let (out, err, code) = run(env, &["show", release, "--json"]);
    assert_eq!(code, 0, "{err}");
    json_lines(out.as_bytes())[0]["data"].clone()
}

fn names(release: &Value) -> Vec<String> {
    release["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn file(env: &Env) -> Option<String> {
    std::fs::read_to_string(env.index_dir().join(FILE)).ok()
}

#[test]
fn a_merge_makes_one_identity_that_survives_rebuild_and_reindexing() {
    let env = clinton_corpus();
    assert_eq!(releases_of(&env, "Bubba Clinton"), Some(1));
    assert_eq!(releases_of(&env, "William Jefferson Clinton"), Some(1));

    let out = decide(
        &env,
        &[
            "merge",
            "Bubba Clinton",
            "--into",
            "William Jefferson Clinton",
            "--why",
            "same person",
        ],
    );
    assert_eq!(
        out,
        "#1 merged 'Bubba Clinton' into 'William Jefferson Clinton' (person): 1 release rewritten\n"
    );
    let check = |when: &str| {
        assert_eq!(releases_of(&env, "Bubba Clinton"), None, "{when}");
        assert_eq!(
            releases_of(&env, "William Jefferson Clinton"),
            Some(2),
            "{when}"
        );
        let (hits, summary, _) = env.search_json(&["--person", "William Jefferson Clinton"]);
        assert_eq!(summary["total"], 2, "{when}: {hits:?}");
    };
    check("at once");
    let kept = file(&env).expect("the decision is kept");
    assert!(kept.starts_with(
        "{\"id\":1,\"action\":\"merge\",\"kind\":\"person\",\"names\":[\"Bubba Clinton\"],\
         \"into\":\"William Jefferson Clinton\",\"by\":\"ana\",\"at\":\"20"
    ));
    assert!(kept.ends_with("\"why\":\"same person\"}\n"), "{kept}");

    let (_, err, code) = run(&env, &["index", "corpus", "--rebuild"]);
    assert_eq!((code, err.as_str()), (0, ""));
    check("after --rebuild");
    assert_eq!(file(&env).as_deref(), Some(kept.as_str()));

    // A changed file is extracted again: the decision applies to it again.
    env.write(
        "2015/meeting.txt",
        "Clinton meets Reed\n\nWASHINGTON, June 4, 2015 – Former President Bubba Clinton met \
         Senator Jack Reed. Bubba Clinton said the meeting went well.\n",
    );
    let summary = env.index();
    assert_eq!(summary["updated"], 1);
    check("after re-indexing a changed file");
    assert_eq!(file(&env).as_deref(), Some(kept.as_str()));
}

#[test]
fn hide_rename_and_split() {
    let env = clinton_corpus();
    assert_eq!(releases_of(&env, "Jack Reed"), Some(1));
    let out = decide(&env, &["hide", "Jack Reed", "--why", "not news"]);
    assert_eq!(out, "#1 hid 'Jack Reed' (person): 1 release rewritten\n");
    assert_eq!(releases_of(&env, "Jack Reed"), None);
    let (_, summary, code) = env.search_json(&["--person", "Jack Reed"]);
    assert_eq!((summary["total"].as_u64(), code), (Some(0), 1));
    // The words are still searchable.
    let (_, summary, _) = env.search_json(&["\"Jack Reed\""]);
    assert_eq!(summary["total"], 1);

    let out = decide(&env, &["rename", "Lin Weiguo", "Weiguo Lin"]);
    assert_eq!(
        out,
        "#2 renamed 'Lin Weiguo' to 'Weiguo Lin' (person): 2 releases rewritten\n"
    );
    assert_eq!(releases_of(&env, "Weiguo Lin"), Some(2));
    assert_eq!(releases_of(&env, "Lin Weiguo"), None);

    let before = show(&env, "visit.txt");
    assert_eq!(names(&before), ["Weiguo Lin", "Loretta E. Lynch"]);
    let out = decide(&env, &["split", "Lynch", "--from", "Loretta E. Lynch"]);
    assert_eq!(
        out,
        "#3 split 'Lynch' from 'Loretta E. Lynch' (person): 1 release rewritten\n"
    );
    let after = show(&env, "visit.txt");
    assert_eq!(names(&after), ["Weiguo Lin", "Lynch", "Loretta E. Lynch"]);
    let body = after["body"].as_str().unwrap();
    let forms = |i: usize| -> Vec<&str> {
        after["people"][i]["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                &body[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize]
            })
            .collect()
    };
    assert_eq!(forms(1), ["Secretary Lynch", "Secretary Lynch"]);
    assert_eq!(forms(2), ["Loretta E. Lynch"]);
    // The corpus does not link the name split off back to the one it was split from.
    let listed = people(&env);
    assert!(listed.contains(&("Lynch".to_string(), 1)), "{listed:?}");
    assert!(
        listed.contains(&("Loretta E. Lynch".to_string(), 1)),
        "{listed:?}"
    );

    // Split off under a name of its own, which the corpus-wide table keeps apart.
    decide(&env, &["undo", "3"]);
    let out = decide(
        &env,
        &[
            "split",
            "Lynch",
            "--from",
            "Loretta E. Lynch",
            "--as",
            "Michael Lynch",
        ],
    );
    assert_eq!(
        out,
        "#5 split 'Lynch' from 'Loretta E. Lynch' as 'Michael Lynch' (person): 1 release rewritten\n"
    );
    assert_eq!(
        names(&show(&env, "visit.txt")),
        ["Weiguo Lin", "Michael Lynch", "Loretta E. Lynch"]
    );
    assert_eq!(releases_of(&env, "Michael Lynch"), Some(1));
    assert_eq!(releases_of(&env, "Loretta E. Lynch"), Some(1));
    let kept = file(&env).unwrap();
    assert!(
        kept.contains(
            "\"action\":\"split\",\"kind\":\"person\",\"names\":[\"Lynch\"],\"into\":\"Michael Lynch\",\
             \"from\":\"Loretta E. Lynch\""
        ),
        "{kept}"
    );
}

#[test]
fn undo_restores_the_previous_state_exactly() {
    let env = clinton_corpus();
    let releases = ["meeting.txt", "initiative.txt", "visit.txt"];
    let snapshot = || -> (Vec<Value>, Vec<(String, u64)>) {
        (
            releases.iter().map(|r| show(&env, r)).collect(),
            people(&env),
        )
    };
    let before = snapshot();
    decide(
        &env,
        &[
            "merge",
            "William Jefferson Clinton",
            "Bubba Clinton",
            "Hillary Clinton",
        ],
    );
    decide(&env, &["hide", "Lin Weiguo"]);
    decide(&env, &["split", "Lynch", "--from", "Loretta E. Lynch"]);
    decide(
        &env,
        &["rename", "William Jefferson Clinton", "William J. Clinton"],
    );
    assert_ne!(snapshot(), before);
    assert_eq!(
        decide(&env, &["undo", "2"]),
        "#5 undid #2 (hide person 'Lin Weiguo'): 2 releases rewritten\n"
    );
    assert_eq!(releases_of(&env, "Lin Weiguo"), Some(2));
    // Undone out of order: what is left in force stays applied.
    decide(&env, &["undo", "#1"]);
    assert_eq!(releases_of(&env, "William J. Clinton"), Some(1));
    assert_eq!(releases_of(&env, "Bubba Clinton"), Some(1));
    decide(&env, &["undo", "4"]);
    decide(&env, &["undo", "3"]);
    assert_eq!(snapshot(), before);
    // And the index run after it agrees.
    let (_, err, code) = run(&env, &["index", "corpus", "--rebuild"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(snapshot(), before);
}

/// The list with its timestamps replaced by `AT`.
fn without_times(text: &str) -> String {
    let re = regex::Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").unwrap();
    re.replace_all(text, "AT").into_owned()
}

#[test]
fn list_shows_who_when_why_and_where_each_decision_stands() {
    let env = clinton_corpus();
    let kept_in = env.index_dir().join(FILE).display().to_string();
    let (out, err, code) = run(&env, &["identity", "list"]);
    assert_eq!(
        (out, err.as_str(), code),
        (
            format!("no corrections yet (they are kept in {kept_in})\n"),
            "",
            1
        )
    );
    decide(
        &env,
        &[
            "merge",
            "Bubba Clinton",
            "--into",
            "William Jefferson Clinton",
            "--why",
            "same man",
        ],
    );
    decide(&env, &["hide", "Hillary Clinton"]);
    decide(&env, &["undo", "2", "--why", "she is news"]);
    let (out, err, code) = run(&env, &["identity", "list"]);
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(
        without_times(&out),
        "#1 merge person 'Bubba Clinton' into 'William Jefferson Clinton' — 1 release\n\
         \x20  by ana, AT: same man\n\
         #2 hide person 'Hillary Clinton' — undone by #3\n\
         \x20  by ana, AT\n\
         #3 undo #2\n\
         \x20  by ana, AT: she is news\n"
    );
    let (out, _, code) = run(&env, &["identity", "list", "--json"]);
    assert_eq!(code, 0);
    let lines = json_lines(out.as_bytes());
    assert_eq!(lines.len(), 4);
    let first = &lines[0];
    assert_eq!(first["type"], "correction");
    let d = &first["data"];
    assert_eq!(
        (&d["id"], &d["action"], &d["kind"], &d["names"], &d["into"]),
        (
            &Value::from(1),
            &Value::from("merge"),
            &Value::from("person"),
            &serde_json::json!(["Bubba Clinton"]),
            &Value::from("William Jefferson Clinton")
        )
    );
    assert_eq!(
        (&d["by"], &d["why"]),
        (&Value::from("ana"), &Value::from("same man"))
    );
    assert_eq!(
        (&d["status"], &d["releases"]),
        (&Value::from("applied"), &Value::from(1))
    );
    assert!(d["at"].as_str().unwrap().ends_with('Z'));
    let d = &lines[1]["data"];
    assert_eq!(
        (&d["status"], &d["undone_by"]),
        (&Value::from("undone"), &Value::from(3))
    );
    assert_eq!(d.get("releases"), None);
    let d = &lines[2]["data"];
    assert_eq!(
        (&d["action"], &d["undoes"], &d["status"]),
        (&Value::from("undo"), &Value::from(2), &Value::from("undo"))
    );
    assert_eq!(
        lines[3],
        serde_json::json!({"type": "summary", "data": {"file": kept_in,
            "returned": 3, "applied": 1, "matches_nothing": 0, "undone": 1}})
    );
}

#[test]
fn a_decision_that_names_nothing_is_reported() {
    let env = clinton_corpus();
    let (out, err, code) = run(&env, &["identity", "hide", "Nobody Here", "--by", "ana"]);
    assert_eq!(code, 0);
    assert_eq!(out, "#1 hid 'Nobody Here' (person): 0 releases rewritten\n");
    let warning =
        "pressdex: warning: correction #1 (hide person 'Nobody Here') matches nothing in \
                   the index: no release has what it names now; it is kept and applies when \
                   one does ('pressdex identity undo 1' withdraws it)\n";
    assert_eq!(err, warning);

    // A name typed differently from the index's gets suggestions; so does one of several.
    let (_, err, code) = run(&env, &["identity", "hide", "jack reed", "--by", "ana"]);
    assert_eq!(code, 0);
    assert!(
        err.ends_with(
            "('pressdex identity undo 2' withdraws it)\npressdex: did you mean 'Jack Reed' (1 release)?\n"
        ),
        "{err}"
    );
    let (out, err, code) = run(
        &env,
        &[
            "identity",
            "merge",
            "Bubba Clinton",
            "Hilary Clinton",
            "--into",
            "Clintons",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "#3 merged 'Bubba Clinton', 'Hilary Clinton' into 'Clintons' (person): 1 release rewritten\n"
    );
    assert_eq!(
        err,
        "pressdex: warning: no release has a person named 'Hilary Clinton'; correction #3 applies \
         to the other names\npressdex: did you mean 'Hillary Clinton' (1 release)?\n"
    );
    for id in ["3", "2"] {
        decide(&env, &["undo", id]);
    }

    // A decision whose name disappears from the corpus later.
    decide(
        &env,
        &[
            "merge",
            "Bubba Clinton",
            "--into",
            "William Jefferson Clinton",
        ],
    );
    env.write(
        "2015/meeting.txt",
        "Reed meets donors\n\nWASHINGTON, June 3, 2015 – Senator Jack Reed met donors.\n",
    );
    let (_, err, code) = run(&env, &["index", "corpus"]);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        format!(
            "{warning}pressdex: warning: correction #6 (merge person 'Bubba Clinton' into \
             'William Jefferson Clinton') matches nothing in the index: no release has what it \
             names now; it is kept and applies when one does ('pressdex identity undo 6' \
             withdraws it)\n"
        )
    );
    let (out, _, _) = run(&env, &["identity", "list"]);
    assert!(without_times(&out).contains(
        "#6 merge person 'Bubba Clinton' into 'William Jefferson Clinton' — matches nothing\n"
    ));
    let (out, _, code) = run(&env, &["index", "corpus", "--json"]);
    assert_eq!(code, 0);
    let lines = json_lines(out.as_bytes());
    let stale: Vec<(u64, &str)> = lines
        .iter()
        .filter(|l| l["type"] == "correction")
        .map(|l| {
            (
                l["data"]["id"].as_u64().unwrap(),
                l["data"]["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(stale, [(1, "matches_nothing"), (6, "matches_nothing")]);
    assert_eq!(lines.last().unwrap()["type"], "summary");
}

#[test]
fn bad_decisions_are_refused_without_touching_the_file() {
    let env = clinton_corpus();
    decide(&env, &["hide", "Jack Reed"]);
    let kept = file(&env).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["identity", "merge", "Bubba Clinton"],
            "pressdex: error: invalid correction: merging 'Bubba Clinton' into itself changes \
             nothing: give another name to merge into it\n",
        ),
        (
            &[
                "identity",
                "merge",
                "Bubba  Clinton",
                "--into",
                "Bubba Clinton ",
            ],
            "pressdex: error: invalid correction: merging 'Bubba Clinton' into itself changes \
             nothing: give another name to merge into it\n",
        ),
        (
            &["identity", "hide", " "],
            "pressdex: error: invalid correction: a name needs letters or digits, got ' '\n",
        ),
        (
            &["identity", "rename", "Jack Reed", "Jack  Reed"],
            "pressdex: error: invalid correction: renaming 'Jack Reed' to itself changes nothing\n",
        ),
        (
            &["identity", "split", "Lynch", "--from", "Lynch"],
            "pressdex: error: invalid correction: splitting 'Lynch' from itself changes nothing\n",
        ),
        (
            &["identity", "undo", "7"],
            "pressdex: error: invalid correction: there is no decision #7 to undo (the \
             decisions are #1–#1)\n",
        ),
    ];
    for (args, expected) in cases {
        let (out, err, code) = run(&env, args);
        assert_eq!(
            (out.as_str(), err.as_str(), code),
            ("", *expected, 2),
            "{args:?}"
        );
        assert_eq!(file(&env).as_deref(), Some(kept.as_str()), "{args:?}");
    }
    // Refused by the argument parser (exit 2 too).
    for args in [
        &["identity", "explode", "Jack Reed"][..],
        &["identity", "hide"][..],
        &["identity", "undo", "x"][..],
        &["identity", "split", "Lynch"][..],
        &["identity", "hide", "X", "--kind", "place"][..],
    ] {
        let (out, err, code) = run(&env, args);
        assert_eq!((out.as_str(), code), ("", 2), "{args:?}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert_eq!(file(&env).as_deref(), Some(kept.as_str()), "{args:?}");
    }
    decide(&env, &["undo", "1"]);
    let kept = file(&env).unwrap();
    let (_, err, code) = run(&env, &["identity", "undo", "1"]);
    assert_eq!(
        (err.as_str(), code),
        (
            "pressdex: error: invalid correction: #1 was already undone by #2\n",
            2
        )
    );
    assert_eq!(file(&env).as_deref(), Some(kept.as_str()));
}

#[test]
fn a_damaged_corrections_file_is_named_and_nothing_is_written() {
    let env = clinton_corpus();
    let path = env.index_dir().join(FILE);
    std::fs::write(
        &path,
        "{\"id\":1,\"action\":\"hide\",\"kind\":\"person\",\"names\":[\"Jack Reed\"]}\n\
         {\"id\":2,\"action\":\"hide\",\"names\":[\"Lin Weiguo\"]}\n",
    )
    .unwrap();
    let expected = format!(
        "pressdex: error: cannot read the corrections in '{}', line 2: a hide needs a \"kind\" \
         (person or org); fix or remove that line (one JSON object per line, see the README)\n",
        path.display()
    );
    env.write(
        "2018/zebra.txt",
        "Zebra\n\nA release about zebras and Jack Reed.\n",
    );
    for args in [
        &["identity", "list"][..],
        &["identity", "hide", "X"][..],
        &["index", "corpus"][..],
    ] {
        let (_, err, code) = run(&env, args);
        assert_eq!((err.as_str(), code), (expected.as_str(), 2), "{args:?}");
    }
    // Nothing was indexed: the index is as it was.
    let (_, summary, _) = env.search_json(&["zebra"]);
    assert_eq!(summary["total"], 0);
}

#[test]
fn identity_needs_an_index() {
    let env = Env::new();
    let (_, err, code) = run(&env, &["identity", "hide", "X"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("pressdex: error: no index at '"), "{err}");
    assert!(!env.index_dir().exists());
}

#[test]
fn organizations_are_corrected_with_kind_org() {
    let env = crate::util::small_corpus();
    env.index();
    let orgs = |env: &Env| -> Vec<String> {
        let (out, _, _) = run(env, &["orgs", "--json"]);
        json_lines(out.as_bytes())
            .iter()
            .filter(|l| l["type"] == "entity")
            .map(|l| l["data"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(orgs(&env).contains(&"Global Smart Cities Alliance".to_string()));
    let out = decide(
        &env,
        &["hide", "Global Smart Cities Alliance", "--kind", "org"],
    );
    assert_eq!(
        out,
        "#1 hid 'Global Smart Cities Alliance' (org): 1 release rewritten\n"
    );
    assert!(!orgs(&env).contains(&"Global Smart Cities Alliance".to_string()));
    let (_, summary, _) = env.search_json(&["--org", "Global Smart Cities Alliance"]);
    assert_eq!(summary["total"], 0);
    // A person of that name is another matter.
    let (_, err, _) = run(
        &env,
        &["identity", "hide", "Ingrid Solberg", "--kind", "org"],
    );
    assert!(err.contains("matches nothing"), "{err}");
}

#[test]
fn the_api_records_corrections_only_when_allowed() {
    use crate::server::{request_with_body, Server};
    let env = clinton_corpus();
    let hide = r#"{"action":"hide","names":["Jack Reed"],"why":"not news","by":"web"}"#;
    let post = |server: &Server, headers: &[(&str, &str)], body: &str| {
        request_with_body(&server.addr, "POST", "/api/identity", headers, body)
    };

    let server = Server::start(&env.index_dir());
    let res = post(&server, &[], hide);
    assert_eq!(res.status, 403, "{}", res.body);
    assert_eq!(
        res.json()["error"],
        "identity edits are off: this server was started without allowing them"
    );
    drop(server);
    assert_eq!(file(&env), None);

    let server = Server::start_with(&env.index_dir(), &["--allow-edits"]);
    // A form post, a JSON post from another site, a GET and a bad decision change nothing.
    let res = post(
        &server,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "action=hide&names=Jack+Reed",
    );
    assert_eq!(res.status, 415, "{}", res.body);
    let res = post(&server, &[("Origin", "http://evil.example")], hide);
    assert_eq!(res.status, 403, "{}", res.body);
    let res = server.get("/api/identity");
    assert_eq!(res.status, 405);
    assert_eq!(res.json()["error"], "method GET not allowed: only POST");
    let res = post(
        &server,
        &[],
        r#"{"action":"merge","names":["Jack Reed"],"into":"Jack Reed"}"#,
    );
    assert_eq!(res.status, 400);
    assert_eq!(
        res.json()["error"],
        "invalid correction: merging 'Jack Reed' into itself changes nothing: give another name \
         to merge into it"
    );
    let res = post(&server, &[], r#"{"action":"hide","nmes":["Jack Reed"]}"#);
    assert_eq!(
        (res.status, &res.json()["parameter"]),
        (400, &Value::from("body"))
    );
    assert_eq!(file(&env), None);

    let origin = format!("http://{}", server.addr);
    let res = post(&server, &[("Origin", &origin)], hide);
    assert_eq!(res.status, 200, "{}", res.body);
    let answer = res.json();
    assert_eq!(answer["rewritten"], 1);
    let c = &answer["correction"];
    assert_eq!(
        (
            &c["id"],
            &c["action"],
            &c["status"],
            &c["releases"],
            &c["by"],
            &c["why"]
        ),
        (
            &Value::from(1),
            &Value::from("hide"),
            &Value::from("applied"),
            &Value::from(1),
            &Value::from("web"),
            &Value::from("not news")
        )
    );
    // The next answers see it at once.
    let people = server.json("/api/people?limit=100");
    let names: Vec<&str> = people["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"Jack Reed"), "{names:?}");
    assert!(names.contains(&"Hillary Clinton"), "{names:?}");
    drop(server);
    assert_eq!(releases_of(&env, "Jack Reed"), None);
    assert!(file(&env).unwrap().contains("\"why\":\"not news\""));
}

/// Two presidents who differ by a middle initial ("George H. W. Bush", "George W. Bush"), an
/// official written with and without his middle initial ("Lanny A. Breuer", "Lanny Breuer"), and
/// a senator known by a nickname in one release ("Dick Durbin", "Richard J. Durbin").
fn middle_initial_corpus() -> Env {
    let env = Env::new();
    env.write(
        "a.txt",
        "Former President visits Houston\n\n\
         HOUSTON, March 3, 2010 – Former President George H. W. Bush visited the library on \
         Tuesday and thanked its volunteers.\n",
    );
    env.write(
        "b.txt",
        "Former President opens a center\n\n\
         DALLAS, April 9, 2013 – Former President George W. Bush opened the center on Monday \
         and spoke to its students.\n",
    );
    env.write(
        "c.txt",
        "Bank fraud charges announced\n\n\
         WASHINGTON, May 1, 2011 – Assistant Attorney General Lanny A. Breuer of the Criminal \
         Division announced the charges today.\n",
    );
    env.write(
        "d.txt",
        "Guilty plea in bribery case\n\n\
         WASHINGTON, June 2, 2011 – Assistant Attorney General Lanny Breuer said the plea \
         ended a long investigation.\n",
    );
    env.write(
        "e.txt",
        "Senator meets farmers\n\n\
         CHICAGO, July 7, 2012 – Senator Richard J. Durbin met farmers in Springfield on \
         Friday.\n",
    );
    env.write(
        "f.txt",
        "Senator praises the bill\n\n\
         CHICAGO, August 8, 2012 – Senator Dick Durbin praised the bill on Thursday.\n",
    );
    env.index();
    env
}

/// The releases (file names, sorted) `pressdex search --person NAME` finds.
fn person_search(env: &Env, name: &str) -> Vec<String> {
    let (out, err, code) = run(
        env,
        &["search", "--person", name, "--json", "--limit", "50"],
    );
    assert!(code < 2, "{name}: {err}");
    let mut paths: Vec<String> = json_lines(out.as_bytes())
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| {
            let path = l["data"]["path"].as_str().unwrap();
            path.rsplit('/').next().unwrap().to_string()
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn a_middle_initial_tells_two_people_apart_and_its_absence_does_not() {
    let env = middle_initial_corpus();
    // Two presidents: `people` lists both, and the father's name does not find the son.
    assert_eq!(person_search(&env, "George H. W. Bush"), ["a.txt"]);
    assert_eq!(person_search(&env, "George W. Bush"), ["b.txt"]);
    assert_eq!(person_search(&env, "George Bush"), ["a.txt", "b.txt"]);
    let listed = people(&env);
    for name in ["George H. W. Bush", "George W. Bush"] {
        assert_eq!(
            listed.iter().find(|(n, _)| n == name).map(|p| p.1),
            Some(1),
            "{name}: {listed:?}"
        );
    }
    // One official, with and without his middle initial; one senator, by nickname.
    for name in ["Lanny Breuer", "Lanny A. Breuer", "Breuer"] {
        assert_eq!(person_search(&env, name), ["c.txt", "d.txt"], "{name}");
    }
    assert_eq!(person_search(&env, "Lanny B. Breuer"), Vec::<String>::new());
    assert_eq!(releases_of(&env, "Lanny A. Breuer"), Some(2), "{listed:?}");
    assert_eq!(releases_of(&env, "Lanny Breuer"), None, "{listed:?}");
    assert_eq!(
        releases_of(&env, "Richard J. Durbin"),
        Some(2),
        "{listed:?}"
    );
    assert_eq!(person_search(&env, "Dick Durbin"), ["e.txt", "f.txt"]);
    // `mentions` of the son never returns the father's release.
    let (out, err, code) = run(&env, &["mentions", "George W. Bush", "--json"]);
    assert_eq!(code, 0, "{err}");
    let paths: Vec<String> = json_lines(out.as_bytes())
        .iter()
        .filter(|l| l["type"] == "mention")
        .map(|l| l["data"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.len(), 1, "{paths:?}");
    assert!(paths[0].ends_with("b.txt"), "{paths:?}");
}

#[test]
fn a_lone_given_name_is_no_official_of_another_release() {
    let env = Env::new();
    env.write(
        "a.txt",
        "Attorney General announces charges\n\n\
         WASHINGTON, March 3, 2015 – Attorney General Loretta E. Lynch announced the charges \
         today.\n",
    );
    env.write(
        "b.txt",
        "Community meeting held\n\n\
         DETROIT, April 9, 2015 – Ms. Loretta spoke at the meeting and thanked the nurses.\n",
    );
    env.index();
    let listed = people(&env);
    assert_eq!(releases_of(&env, "Loretta E. Lynch"), Some(1), "{listed:?}");
    assert_eq!(releases_of(&env, "Loretta"), Some(1), "{listed:?}");
    for name in ["Loretta E. Lynch", "Loretta Lynch", "Lynch"] {
        assert_eq!(person_search(&env, name), ["a.txt"], "{name}");
    }
    let (out, err, code) = run(&env, &["mentions", "Loretta Lynch", "--json"]);
    assert_eq!(code, 0, "{err}");
    let paths: Vec<String> = json_lines(out.as_bytes())
        .iter()
        .filter(|l| l["type"] == "mention")
        .map(|l| l["data"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, ["corpus/a.txt"]);
}

/// An acronym written alone is the organization other releases wrote it for: two releases
/// introduce "FEMA" after its full name, a third says only "FEMA"; `orgs` lists one
/// organization in three releases, and `--org FEMA` finds all three.
#[test]
fn an_acronym_alone_is_the_organization_other_releases_wrote_it_for() {
    let env = Env::new();
    for (k, year) in [(1, 2015), (2, 2016)] {
        env.write(
            &format!("{year}/storm-{k}.txt"),
            format!(
                "Storm aid approved\n\nWASHINGTON, June {k}, {year} – The Federal Emergency \
                 Management Agency (FEMA) approved aid for the county. FEMA will open a center \
                 on Monday, Senator Jack Reed said.\n"
            ),
        );
    }
    env.write(
        "2017/flood.txt",
        "Flood aid\n\nWASHINGTON, May 3, 2017 – FEMA approved aid for the flooded towns, \
         Senator Jack Reed said.\n",
    );
    env.index();
    let (out, err, code) = run(&env, &["orgs", "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let orgs: Vec<(String, u64)> = json_lines(out.as_bytes())
        .iter()
        .filter(|l| l["type"] == "entity")
        .map(|l| {
            (
                l["data"]["name"].as_str().unwrap().to_string(),
                l["data"]["releases"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        orgs,
        [("Federal Emergency Management Agency".to_string(), 3)],
        "{out}"
    );
    let (out, _, code) = run(&env, &["search", "--org", "FEMA", "--json"]);
    assert_eq!(code, 0);
    let hits = json_lines(out.as_bytes())
        .iter()
        .filter(|l| l["type"] == "hit")
        .count();
    assert_eq!(hits, 3, "{out}");
}
