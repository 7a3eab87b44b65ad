//! `pressdex mentions --names-file`: a list of names looked up at once.

use crate::util::{json_lines, Env};

#[test]
fn every_name_of_a_csv_file_with_its_identity_and_bad_rows_by_line() {
    let env = Env::with_bundled_corpus();
    env.index();
    let file = env.dir.path().join("officials.csv");
    std::fs::write(
        &file,
        "office,name\nUN,Guterres\nWIOTC,\"He Xuming\"\nx,!!!\n\nx,Jon Nobody\nonly one cell\nx,ITU\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["mentions", "--names-file", "officials.csv", "--json"])
        .assert()
        .success()
        .stderr(
            "pressdex: warning: officials.csv line 4: '!!!' has no letter or digit\n\
             pressdex: warning: officials.csv line 7: no 'name' cell (column 2)\n",
        );
    let lines = json_lines(&out.get_output().stdout);
    let (summary, names) = lines.split_last().unwrap();
    assert_eq!(summary["data"]["names"], 4);
    assert_eq!(summary["data"]["unknown"], 1);
    assert_eq!(summary["data"]["bad_rows"].as_array().unwrap().len(), 2);
    let got: Vec<(u64, &str, &str)> = names
        .iter()
        .map(|n| {
            let d = &n["data"];
            (
                d["line"].as_u64().unwrap(),
                d["status"].as_str().unwrap(),
                d["identity"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "resolved", "António Guterres"),
            (3, "resolved", "He Xuming"),
            (6, "unknown", "-"),
            (8, "resolved", "International Telecommunication Union"),
        ]
    );
    // Each count is what `mentions NAME` finds.
    for n in names.iter().filter(|n| n["data"]["status"] == "resolved") {
        let name = n["data"]["name"].as_str().unwrap();
        let one = env
            .cmd()
            .args(["mentions", name, "--json"])
            .assert()
            .success();
        let lines = json_lines(&one.get_output().stdout);
        assert_eq!(
            n["data"]["releases"],
            lines.last().unwrap()["data"]["total"],
            "{name}"
        );
    }
}

#[test]
fn one_name_per_line_goes_on_after_bad_lines() {
    let env = Env::with_bundled_corpus();
    env.index();
    std::fs::write(
        env.dir.path().join("names.txt"),
        b"Guterres\n\xff\xfe\nZzyzx Qwerty\n".as_slice(),
    )
    .unwrap();
    env.cmd()
        .args(["mentions", "--names-file", "names.txt", "--csv"])
        .assert()
        .success()
        .stderr("pressdex: warning: names.txt line 2: the line is not valid UTF-8\n")
        .stdout(predicates::str::starts_with(
            "line,name,status,kind,identity,releases,first,last,aliases,candidates\n\
             1,Guterres,resolved,person,António Guterres,",
        ))
        .stdout(predicates::str::contains(
            "\n3,Zzyzx Qwerty,unknown,,,0,,,,",
        ));
    env.cmd()
        .args(["mentions", "--names-file", "missing.txt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "cannot read names file 'missing.txt': no such file",
        ));
    env.cmd()
        .args(["mentions", "Guterres", "--names-file", "names.txt"])
        .assert()
        .code(2);
}
