//! `pressdex trends`: releases per period, checked against `search --since/--until`.

use serde_json::Value;

use crate::util::{json_lines, small_corpus, Env};

/// Runs `trends ARGS --json`: (trend rows, summary).
fn trends_json(env: &Env, args: &[&str]) -> (Vec<Value>, Value) {
    let out = env
        .cmd()
        .arg("trends")
        .args(args)
        .arg("--json")
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    let (summary, rows) = lines.split_last().expect("a summary");
    assert_eq!(summary["type"], "summary");
    assert!(rows.iter().all(|r| r["type"] == "trend"));
    (
        rows.iter().map(|r| r["data"].clone()).collect(),
        summary["data"].clone(),
    )
}

/// For every period of `trends ARGS`, `search ARGS --since first --until last` finds as many
/// releases; the periods and the undated add up to the search's total.
fn check_against_search(env: &Env, args: &[&str], by: &str) -> usize {
    let mut trend_args = args.to_vec();
    trend_args.extend(["--by", by]);
    let (rows, summary) = trends_json(env, &trend_args);
    let (_, all, _) = env.search_json(args);
    assert_eq!(summary["total"], all["total"], "{args:?} --by {by}");
    let mut sum = 0;
    for row in &rows {
        let (first, last) = (
            row["first"].as_str().unwrap(),
            row["last"].as_str().unwrap(),
        );
        let mut search = args.to_vec();
        search.extend(["--since", first, "--until", last, "-n", "0"]);
        let (_, found, _) = env.search_json(&search);
        assert_eq!(
            row["releases"], found["total"],
            "{} ({first} … {last}) for {args:?}",
            row["period"]
        );
        sum += row["releases"].as_u64().unwrap();
    }
    assert_eq!(
        sum + summary["undated"].as_u64().unwrap(),
        summary["total"].as_u64().unwrap()
    );
    rows.len()
}

#[test]
fn trends_equal_search_totals_for_every_period() {
    let env = Env::with_bundled_corpus();
    env.index();
    assert!(check_against_search(&env, &[], "year") >= 3);
    assert!(check_against_search(&env, &["smart city"], "month") >= 2);
    check_against_search(&env, &["--org", "ITU"], "year");
    check_against_search(&env, &["internet"], "week");
}

#[test]
fn normalized_shares_divide_by_every_release_of_the_period() {
    let env = Env::with_bundled_corpus();
    env.index();
    let (rows, summary) = trends_json(&env, &["smart city", "--normalize"]);
    assert_eq!(summary["normalize"], true);
    for row in &rows {
        let (first, last) = (
            row["first"].as_str().unwrap(),
            row["last"].as_str().unwrap(),
        );
        let (_, every, _) = env.search_json(&["--since", first, "--until", last, "-n", "0"]);
        assert_eq!(row["all"], every["total"], "{}", row["period"]);
        let (releases, all) = (
            row["releases"].as_f64().unwrap(),
            row["all"].as_f64().unwrap(),
        );
        if all > 0.0 {
            assert!((row["share"].as_f64().unwrap() - releases / all).abs() < 1e-9);
        } else {
            assert!(row.get("share").is_none());
        }
    }
}

#[test]
fn human_and_csv_tables() {
    let env = small_corpus();
    env.index();
    let bar = "█".repeat(40);
    env.cmd()
        .args(["trends"])
        .assert()
        .success()
        .stdout(format!(
            "2015  1  {bar}\n2016  0\n2017  1  {bar}\n2018  0\n2019  1  {bar}\n\
             3 matching releases in 5 periods\n"
        ));
    env.cmd()
        .args([
            "trends",
            "--by",
            "month",
            "--since",
            "2017",
            "--csv",
            "--normalize",
        ])
        .assert()
        .success()
        .stdout(
            "period,first,last,releases,all,share\n\
             2017-06,2017-06-01,2017-06-30,1,1,1.000000\n\
             2017-07,2017-07-01,2017-07-31,0,0,\n\
             2017-08,2017-08-01,2017-08-31,0,0,\n\
             2017-09,2017-09-01,2017-09-30,0,0,\n\
             2017-10,2017-10-01,2017-10-31,0,0,\n\
             2017-11,2017-11-01,2017-11-30,0,0,\n\
             2017-12,2017-12-01,2017-12-31,0,0,\n\
             2018-01,2018-01-01,2018-01-31,0,0,\n\
             2018-02,2018-02-01,2018-02-28,0,0,\n\
             2018-03,2018-03-01,2018-03-31,0,0,\n\
             2018-04,2018-04-01,2018-04-30,0,0,\n\
             2018-05,2018-05-01,2018-05-31,0,0,\n\
             2018-06,2018-06-01,2018-06-30,0,0,\n\
             2018-07,2018-07-01,2018-07-31,0,0,\n\
             2018-08,2018-08-01,2018-08-31,0,0,\n\
             2018-09,2018-09-01,2018-09-30,0,0,\n\
             2018-10,2018-10-01,2018-10-31,0,0,\n\
             2018-11,2018-11-01,2018-11-30,0,0,\n\
             2018-12,2018-12-01,2018-12-31,0,0,\n\
             2019-01,2019-01-01,2019-01-31,0,0,\n\
             2019-02,2019-02-01,2019-02-28,0,0,\n\
             2019-03,2019-03-01,2019-03-31,0,0,\n\
             2019-04,2019-04-01,2019-04-30,0,0,\n\
             2019-05,2019-05-01,2019-05-31,1,1,1.000000\n",
        );
}

#[test]
fn nothing_matching_exits_1_and_bad_dates_exit_2() {
    let env = small_corpus();
    env.index();
    env.cmd()
        .args(["trends", "zebra"])
        .assert()
        .code(1)
        .stdout("0 matching releases in 0 periods\n");
    env.cmd()
        .args(["trends", "--since", "2019", "--until", "2017"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--since 2019-01-01 is after --until 2017-12-31",
        ));
    env.cmd()
        .args(["trends", "--by", "day"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'day'"));
}
