//! `pressdex export`: Parquet and CSV tables read back, OpenSearch bulk files checked against
//! their mapping, and an output folder that holds files refused.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::util::{json_lines, small_corpus, Env};

/// Runs `export ARGS --json -q` and returns the manifest it prints.
fn export(env: &Env, args: &[&str]) -> Value {
    let out = env
        .cmd()
        .arg("export")
        .args(args)
        .args(["--json", "-q"])
        .assert()
        .success();
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["type"], "export");
    let manifest = lines[0]["data"].clone();
    // The manifest printed is the one written.
    let dir = env.dir.path().join(args[2]);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(written, manifest);
    manifest
}

fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_tables_read_back_with_the_manifests_row_counts() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let env = Env::with_bundled_corpus();
    let documents = env.index()["documents"].as_u64().unwrap();
    let manifest = export(&env, &["--to", "parquet", "out"]);
    assert_eq!(manifest["rows"]["releases"], documents);
    assert!(manifest["rows"]["mentions"].as_u64().unwrap() > documents);
    assert!(manifest["rows"]["co_mentions"].as_u64().unwrap() > 0);
    assert_eq!(manifest["pressdex_version"], env!("CARGO_PKG_VERSION"));
    assert!(manifest["index"]["opstamp"].as_u64().unwrap() > 0);
    for (table, key) in [
        ("releases", "releases"),
        ("mentions", "mentions"),
        ("co_mentions", "co_mentions"),
    ] {
        let file =
            std::fs::File::open(env.dir.path().join(format!("out/{table}.parquet"))).unwrap();
        let reader = SerializedFileReader::new(file).unwrap();
        let rows = reader.metadata().file_metadata().num_rows();
        assert_eq!(
            rows as u64,
            manifest["rows"][key].as_u64().unwrap(),
            "{table}"
        );
        // Every row reads back.
        assert_eq!(reader.get_row_iter(None).unwrap().count() as i64, rows);
    }
}

#[test]
fn csv_tables_count_people_as_pressdex_people_does() {
    let env = Env::with_bundled_corpus();
    env.index();
    let manifest = export(&env, &["--to", "csv", "out"]);
    let out = env.dir.path().join("out");
    let releases = csv_rows(&out.join("releases.csv"));
    let mentions = csv_rows(&out.join("mentions.csv"));
    let pairs = csv_rows(&out.join("co_mentions.csv"));
    assert_eq!(
        releases.len() as u64,
        manifest["rows"]["releases"].as_u64().unwrap()
    );
    assert_eq!(
        mentions.len() as u64,
        manifest["rows"]["mentions"].as_u64().unwrap()
    );
    assert_eq!(
        pairs.len() as u64,
        manifest["rows"]["co_mentions"].as_u64().unwrap()
    );
    let ids: HashSet<&String> = releases.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids.len(), releases.len(), "release ids are unique");
    // Releases per person identity, from the mentions table, equal `pressdex people`.
    let mut by_identity: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for m in mentions.iter().filter(|m| m["kind"] == "person") {
        by_identity
            .entry(&m["identity"])
            .or_default()
            .insert(&m["release_id"]);
        let body = &releases
            .iter()
            .find(|r| r["id"] == m["release_id"])
            .unwrap()["body"];
        let (s, e): (usize, usize) = (m["start"].parse().unwrap(), m["end"].parse().unwrap());
        assert_eq!(&body[s..e], m["surface"]);
    }
    let out = env
        .cmd()
        .args(["people", "--json", "-n", "1000"])
        .assert()
        .success();
    let people: BTreeMap<String, usize> = json_lines(&out.get_output().stdout)
        .iter()
        .filter(|l| l["type"] == "entity")
        .map(|l| {
            (
                l["data"]["name"].as_str().unwrap().to_string(),
                l["data"]["releases"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    let exported: BTreeMap<String, usize> = by_identity
        .iter()
        .map(|(k, v)| (k.to_string(), v.len()))
        .collect();
    assert_eq!(exported, people);
    // Each pair is two distinct identities the release mentions.
    for p in &pairs {
        assert_ne!((&p["kind_a"], &p["a"]), (&p["kind_b"], &p["b"]));
    }
}

#[test]
fn the_query_and_filters_choose_what_is_exported() {
    let env = Env::with_bundled_corpus();
    env.index();
    let (_, found, _) = env.search_json(&["smart city", "--since", "2017"]);
    let manifest = export(
        &env,
        &["--to", "csv", "out", "smart city", "--since", "2017"],
    );
    assert_eq!(manifest["rows"]["releases"], found["total"]);
    assert_eq!(manifest["request"]["query"], "smart city");
    assert_eq!(manifest["request"]["since"], "2017-01-01");
    let releases = csv_rows(&env.dir.path().join("out/releases.csv"));
    assert!(releases.iter().all(|r| r["date"].as_str() >= "2017-01-01"));
}

#[test]
fn a_folder_with_files_is_refused_unless_forced() {
    let env = small_corpus();
    env.index();
    std::fs::create_dir(env.dir.path().join("out")).unwrap();
    std::fs::write(env.dir.path().join("out/notes.txt"), "mine").unwrap();
    env.cmd()
        .args(["export", "--to", "csv", "out"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "pressdex: error: 'out' exists and is not empty: choose a new or empty folder, or \
             add --force to write into it (an earlier export's files are replaced)\n",
        );
    assert!(!env.dir.path().join("out/releases.csv").exists());
    // A stale bulk chunk of an earlier export goes; other files stay.
    std::fs::write(env.dir.path().join("out/bulk-00009.ndjson"), "{}\n").unwrap();
    env.cmd()
        .args(["export", "--to", "opensearch", "out", "--force"])
        .assert()
        .success()
        .stdout(
            "exported 3 releases, 17 mentions and 5 co-mentions to out (template.json, \
             bulk-00001.ndjson, manifest.json)\n",
        );
    assert!(!env.dir.path().join("out/bulk-00009.ndjson").exists());
    assert!(env.dir.path().join("out/notes.txt").exists());
    // An empty folder is fine.
    std::fs::create_dir(env.dir.path().join("empty")).unwrap();
    env.cmd()
        .args(["export", "--to", "csv", "empty"])
        .assert()
        .success();
}

/// Checks a document's value against its mapping (`properties`), recursively for nested.
fn check_against_mapping(doc: &Value, properties: &Value, at: &str) {
    for (name, value) in doc.as_object().expect("an object") {
        let mapping = &properties[name];
        let kind = mapping["type"]
            .as_str()
            .unwrap_or_else(|| panic!("{at}{name} is not in the mapping"));
        let values: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        for v in values {
            match kind {
                "keyword" | "text" => assert!(v.is_string(), "{at}{name}: {v}"),
                "integer" => assert!(
                    v.is_i64() && v.as_i64().unwrap().abs() < 1 << 31,
                    "{at}{name}"
                ),
                "date" => {
                    let s = v.as_str().unwrap();
                    assert!(
                        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
                        "{s}"
                    );
                }
                "nested" => check_against_mapping(v, &mapping["properties"], &format!("{name}.")),
                other => panic!("unexpected type {other}"),
            }
        }
    }
}

#[test]
fn opensearch_bulk_files_follow_the_mapping_in_small_chunks() {
    let env = Env::with_bundled_corpus();
    let documents = env.index()["documents"].as_u64().unwrap();
    let chunk = 40_000;
    let manifest = export(&env, &["--to", "opensearch", "out", "--chunk-size", "40KB"]);
    let out = env.dir.path().join("out");
    let template: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("template.json")).unwrap()).unwrap();
    let mappings = &template["template"]["mappings"];
    assert_eq!(mappings["dynamic"], "strict");
    assert_eq!(mappings["properties"]["body"]["analyzer"], "english");
    assert_eq!(mappings["properties"]["mentions"]["type"], "nested");
    let chunks: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .filter(|f| f.starts_with("bulk-"))
        .collect();
    assert!(chunks.len() >= 3, "{chunks:?}");
    let mut ids = HashSet::new();
    let mut mentions = 0;
    for name in &chunks {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        assert!(text.len() <= chunk, "{name} has {} bytes", text.len());
        let lines: Vec<Value> = json_lines(text.as_bytes());
        assert_eq!(lines.len() % 2, 0, "{name}: an action without its document");
        for pair in lines.chunks(2) {
            let action = &pair[0]["index"];
            assert_eq!(action["_index"], "pressdex");
            assert!(
                ids.insert(action["_id"].as_str().unwrap().to_string()),
                "duplicate _id"
            );
            assert!(pair[1].get("index").is_none(), "two actions in a row");
            check_against_mapping(&pair[1], &mappings["properties"], "");
            mentions += pair[1]["mentions"].as_array().unwrap().len() as u64;
        }
    }
    assert_eq!(ids.len() as u64, documents);
    assert_eq!(mentions, manifest["rows"]["mentions"].as_u64().unwrap());
    // Exporting again gives the same ids (a reload overwrites, never duplicates).
    let again = export(&env, &["--to", "opensearch", "again"]);
    assert_eq!(again["files"].as_array().unwrap().len(), 3);
    let text = std::fs::read_to_string(env.dir.path().join("again/bulk-00001.ndjson")).unwrap();
    let second: HashSet<String> = json_lines(text.as_bytes())
        .iter()
        .filter_map(|l| l["index"]["_id"].as_str().map(String::from))
        .collect();
    assert_eq!(second, ids);
}
