//! Roles as data: found when a release is extracted, stored with it, and matched exactly by
//! `mentions --role`.

use serde_json::{json, Value};

use crate::util::{json_lines, pressdex, Env};

/// Six releases: an Attorney General, once by full name and once by surname; an Assistant
/// Attorney General only; a "US Attorney" written without periods; a U.S. Attorney with a
/// complement, next to an Attorney General; a "United States Attorney".
fn role_corpus() -> Env {
    let env = Env::new();
    env.write(
        "ag.txt",
        "Attorney General announces grants\n\n\
         WASHINGTON, 3 March 2014 – Attorney General Eric Holder announced the grants today. \
         Holder said the money would help.\n",
    );
    env.write(
        "aag.txt",
        "Fraud charges filed\n\n\
         WASHINGTON, 5 May 2011 – Assistant Attorney General Lanny Breuer of the Criminal \
         Division announced the charges. Breuer thanked the agents.\n",
    );
    env.write(
        "usa-plain.txt",
        "Man sentenced\n\n\
         ALEXANDRIA, 9 September 2012 – US Attorney Neil MacBride announced the sentence. \
         MacBride said the case was closed.\n",
    );
    env.write(
        "usa-edva.txt",
        "Woman sentenced\n\n\
         ALEXANDRIA, 2 October 2015 – U.S. Attorney for the Eastern District of Virginia Dana \
         Boente and Attorney General Loretta Lynch announced the sentence.\n",
    );
    env.write(
        "ag-short.txt",
        "Grants renewed\n\n\
         WASHINGTON, 4 April 2016 – Attorney General Holder renewed the grants.\n",
    );
    env.write(
        "usa-long.txt",
        "Two charged\n\n\
         ALEXANDRIA, 1 June 2018 – The charges were announced by United States Attorney Robert \
         Miller.\n",
    );
    env.index();
    env
}

/// Runs a command with `--json`; returns (record lines, summary data, exit code).
fn run_json(env: &Env, args: &[&str]) -> (Vec<Value>, Value, i32) {
    let out = env.cmd().args(args).arg("--json").output().unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code < 2,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = json_lines(&out.stdout);
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary["type"], "summary");
    (lines, summary["data"].clone(), code)
}

/// (path, entity, roles) of each `mention` line.
fn holders(lines: &[Value]) -> Vec<(String, String, Value)> {
    lines
        .iter()
        .map(|l| {
            assert_eq!(l["type"], "mention");
            let d = &l["data"];
            (
                d["path"].as_str().unwrap().to_string(),
                d["entity"].as_str().unwrap().to_string(),
                d["roles"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_role_matches_exactly() {
    let env = role_corpus();
    let (lines, summary, code) = run_json(&env, &["mentions", "--role", "Attorney General"]);
    assert_eq!(code, 0);
    assert_eq!(summary["total"], 3, "not the Assistant Attorney General");
    assert_eq!(
        holders(&lines),
        [
            (
                "corpus/ag-short.txt".into(),
                "Holder".into(),
                json!(["Attorney General"])
            ),
            (
                "corpus/usa-edva.txt".into(),
                "Loretta Lynch".into(),
                json!(["Attorney General"])
            ),
            (
                "corpus/ag.txt".into(),
                "Eric Holder".into(),
                json!(["Attorney General"])
            ),
        ]
    );
    // Who held it, over every release, with the dates of the releases that say so; "Holder"
    // alone is Eric Holder.
    let matched: Vec<(&str, &Value, &Value, &Value)> = summary["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap(),
                &m["releases"],
                &m["first"],
                &m["last"],
            )
        })
        .collect();
    assert_eq!(
        matched,
        [
            (
                "Eric Holder",
                &json!(2),
                &json!("2014-03-03"),
                &json!("2016-04-04")
            ),
            (
                "Loretta Lynch",
                &json!(1),
                &json!("2015-10-02"),
                &json!("2015-10-02")
            ),
        ]
    );

    assert_eq!(summary["matched"][0]["aliases"], json!(["Holder"]));

    let (lines, summary, _) = run_json(&env, &["mentions", "--role", "assistant attorney general"]);
    assert_eq!(summary["total"], 1);
    assert_eq!(
        holders(&lines),
        [(
            "corpus/aag.txt".into(),
            "Lanny Breuer".into(),
            json!(["Assistant Attorney General"])
        )]
    );

    // "U.S. Attorney" is "US Attorney" and "United States Attorney", with or without its
    // district.
    for role in [
        "U.S. Attorney",
        "US attorney",
        "u.s.  attorney",
        "United States Attorney",
    ] {
        let (lines, summary, _) = run_json(&env, &["mentions", "--role", role]);
        assert_eq!(summary["total"], 3, "{role}");
        let who: Vec<String> = holders(&lines).into_iter().map(|h| h.1).collect();
        assert_eq!(
            who,
            ["Robert Miller", "Dana Boente", "Neil MacBride"],
            "{role}"
        );
    }
    let (_, summary, _) = run_json(
        &env,
        &[
            "mentions",
            "--role",
            "U.S. Attorney for the Eastern District of Virginia",
        ],
    );
    assert_eq!(summary["total"], 1);
    // An office is not any word of it.
    let (lines, summary, code) = run_json(&env, &["mentions", "--role", "General"]);
    assert_eq!((lines.len(), &summary["total"], code), (0, &json!(0), 1));
}

#[test]
fn a_name_and_a_role_must_go_together() {
    let env = role_corpus();
    let (lines, summary, code) =
        run_json(&env, &["mentions", "Holder", "--role", "Attorney General"]);
    assert_eq!((code, &summary["total"]), (0, &json!(2)));
    let paths: Vec<&Value> = lines.iter().map(|l| &l["data"]["path"]).collect();
    assert_eq!(
        paths,
        [&json!("corpus/ag-short.txt"), &json!("corpus/ag.txt")]
    );
    // Breuer is an Assistant Attorney General; Boente shares a release with an Attorney General.
    for name in ["Breuer", "Boente"] {
        let (lines, summary, code) =
            run_json(&env, &["mentions", name, "--role", "Attorney General"]);
        assert_eq!(
            (lines.len(), &summary["total"], code),
            (0, &json!(0), 1),
            "{name}"
        );
    }
}

#[test]
fn people_list_roles_with_their_dates() {
    let env = role_corpus();
    let (rows, _, _) = run_json(&env, &["people"]);
    let lynch = rows
        .iter()
        .find(|r| r["data"]["name"] == "Loretta Lynch")
        .expect("Lynch listed");
    assert_eq!(lynch["data"]["roles"], json!(["Attorney General"]));
    assert_eq!(
        lynch["data"]["role_dates"],
        json!([{"role": "Attorney General", "releases": 1, "first": "2015-10-02", "last": "2015-10-02"}])
    );
    let out = env
        .cmd()
        .args(["people", "--color", "never"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains(
            "Dana Boente  2015-10-02  — U.S. Attorney for the Eastern District of Virginia\n"
        ),
        "{text}"
    );
}

#[test]
fn extract_prints_roles() {
    let env = role_corpus();
    let out = env
        .cmd()
        .args(["extract", "corpus/usa-edva.txt"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let people: Vec<(&str, &Value)> = lines[0]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), &p["roles"]))
        .collect();
    assert_eq!(
        people,
        [
            (
                "Dana Boente",
                &json!(["U.S. Attorney for the Eastern District of Virginia"])
            ),
            ("Loretta Lynch", &json!(["Attorney General"])),
        ]
    );
    // A person without a role has no `roles` key (the field is only there when it says
    // something), and `--jsonl` finds roles too.
    let out = pressdex()
        .args(["extract", "--jsonl"])
        .write_stdin(
            "{\"id\":1,\"text\":\"Senator Dick Durbin (D-Ill.) met Jane Porter on Monday.\"}\n",
        )
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let people = lines[0]["people"].as_array().unwrap();
    assert_eq!(people[0]["name"], "Dick Durbin");
    assert_eq!(people[0]["roles"], json!(["Senator (D-Ill.)"]));
    assert!(
        people[1..].iter().all(|p| p.get("roles").is_none()),
        "{people:?}"
    );
}

#[test]
fn an_index_without_roles_must_be_rebuilt() {
    let env = role_corpus();
    let meta = env.index_dir().join("meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(
        &meta,
        text.replace("pressdex-schema-7", "pressdex-schema-1"),
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["mentions", "--role", "Attorney General"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("incompatible schema ('pressdex-schema-1', expected pressdex-schema-7)"),
        "{err}"
    );
    assert!(err.contains("pressdex index --rebuild"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
