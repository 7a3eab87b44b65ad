//! `pressdex network`: edge weights checked against `search --person A --person B`.

use crate::util::{small_corpus, Env};

fn edges(env: &Env, args: &[&str]) -> Vec<csv::StringRecord> {
    let out = env.cmd().arg("network").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "source",
            "source_kind",
            "target",
            "target_kind",
            "releases",
            "first",
            "last"
        ]
    );
    reader.records().map(|r| r.unwrap()).collect()
}

#[test]
fn edge_weights_equal_the_releases_search_finds_for_both() {
    let env = Env::with_bundled_corpus();
    env.index();
    let rows = edges(&env, &[]);
    assert!(rows.len() >= 50, "{}", rows.len());
    let mut people_pairs = 0;
    let mut checked = 0;
    let (people, orgs) = (names(&env, "people"), names(&env, "orgs"));
    for row in &rows {
        assert_eq!(&row[1], "person");
        // A filter matches a name inside a longer one ("Herrera Vidal" finds "Tomás Herrera
        // Vidal", whom the corpus does not link to him): compare the names no other one holds.
        if !alone(&people, &row[0])
            || !alone(if &row[3] == "person" { &people } else { &orgs }, &row[2])
        {
            continue;
        }
        checked += 1;
        let flag = if &row[3] == "person" {
            "--person"
        } else {
            "--org"
        };
        people_pairs += usize::from(flag == "--person");
        let (hits, summary, _) = env.search_json(&[
            "--person", &row[0], flag, &row[2], "-n", "1000", "--sort", "oldest",
        ]);
        let total = summary["total"].as_u64().unwrap();
        let weight: u64 = row[4].parse().unwrap();
        if flag == "--org" {
            // `search --org` matches the name as written; an organization's identity also
            // takes the other names the corpus links to it ("Institute of Urban Technology").
            assert!(
                total <= weight,
                "{} — {}: {total} > {weight}",
                &row[0],
                &row[2]
            );
            continue;
        }
        assert_eq!(total, weight, "{} — {}", &row[0], &row[2]);
        assert_eq!(
            hits[0]["date"], row[5],
            "first date of {} — {}",
            &row[0], &row[2]
        );
        assert_eq!(hits.last().unwrap()["date"], row[6]);
    }
    assert!(
        people_pairs >= 10,
        "person–person edges too: {people_pairs}"
    );
    assert!(checked >= rows.len() / 2, "{checked} of {}", rows.len());
    let heavy = edges(&env, &["--min-releases", "3"]);
    assert!(!heavy.is_empty() && heavy.iter().all(|r| r[4].parse::<u64>().unwrap() >= 3));
    assert_eq!(heavy[..], rows[..heavy.len()]);
    // Heaviest first.
    let weights: Vec<u64> = rows.iter().map(|r| r[4].parse().unwrap()).collect();
    assert!(weights.windows(2).all(|w| w[0] >= w[1]));
    // The query and filters choose the releases.
    let filtered = edges(&env, &["--since", "2020"]);
    for row in &filtered {
        assert!(&row[5] >= "2020-01-01", "{row:?}");
    }
}

/// The identities `pressdex people` or `orgs` lists.
fn names(env: &Env, command: &str) -> Vec<String> {
    let out = env
        .cmd()
        .args([command, "--json", "-n", "100000"])
        .assert()
        .success();
    crate::util::json_lines(&out.get_output().stdout)
        .iter()
        .filter(|l| l["type"] == "entity")
        .map(|l| l["data"]["name"].as_str().unwrap().to_lowercase())
        .collect()
}

/// Whether no other name of `all` holds `name`.
fn alone(all: &[String], name: &str) -> bool {
    let name = name.to_lowercase();
    all.iter().all(|n| *n == name || !n.contains(&name))
}

#[test]
fn gexf_for_gephi() {
    let env = small_corpus();
    env.index();
    let out = env
        .cmd()
        .args(["network", "--format", "gexf"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">"));
    assert!(text.ends_with("</graph>\n</gexf>\n"));
    assert!(text.contains(
        r#"<node id="n0" label="Amara Okafor-Diallo"><attvalues><attvalue for="kind" value="person"/></attvalues></node>"#
    ), "{text}");
    let edges = text.matches("<edge id=").count();
    let csv = edges_count(&env);
    assert_eq!(edges, csv);
    assert!(text.contains(r#"weight="1"><attvalues><attvalue for="first" value="2019-05-07"/>"#));
    env.cmd()
        .args(["network", "--min-releases", "2"])
        .assert()
        .code(1)
        .stdout("source,source_kind,target,target_kind,releases,first,last\n");
}

fn edges_count(env: &Env) -> usize {
    edges(env, &[]).len()
}
