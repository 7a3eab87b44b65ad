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

/// A YAML document as JSON (the Quickwit configs use maps, lists, strings and booleans).
fn yaml_to_json(y: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match y {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Integer(n) => Value::from(*n),
        Yaml::Real(r) => Value::from(r.parse::<f64>().unwrap()),
        Yaml::Null => Value::Null,
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    (
                        k.as_str().expect("string keys").to_string(),
                        yaml_to_json(v),
                    )
                })
                .collect(),
        ),
        other => panic!("unexpected YAML value {other:?}"),
    }
}

/// Parses a Quickwit index config and checks it uses only keys Quickwit documents, with valid
/// tag and timestamp fields; returns it and its field mappings by name.
fn quickwit_config(path: &Path) -> (Value, BTreeMap<String, Value>) {
    let text = std::fs::read_to_string(path).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    assert_eq!(docs.len(), 1);
    let config = yaml_to_json(&docs[0]);
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let allowed =
        |list: &[&str]| -> BTreeSet<String> { list.iter().map(|s| s.to_string()).collect() };
    assert!(keys(&config).is_subset(&allowed(&[
        "version",
        "index_id",
        "index_uri",
        "doc_mapping",
        "indexing_settings",
        "search_settings",
        "retention",
    ])));
    assert_eq!(config["version"], "0.8");
    let id = config["index_id"].as_str().unwrap();
    assert!(id.len() >= 3 && id.starts_with(|c: char| c.is_ascii_alphabetic()));
    assert!(id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let mapping = &config["doc_mapping"];
    assert!(keys(mapping).is_subset(&allowed(&[
        "mode",
        "field_mappings",
        "tag_fields",
        "timestamp_field",
        "store_source",
        "partition_key",
        "index_field_presence",
    ])));
    assert_eq!(mapping["mode"], "strict");
    let mut fields = BTreeMap::new();
    for f in mapping["field_mappings"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let kind = f["type"].as_str().unwrap();
        let params: &[&str] = match kind.trim_start_matches("array<").trim_end_matches('>') {
            "text" => &[
                "tokenizer",
                "record",
                "fieldnorms",
                "fast",
                "stored",
                "indexed",
            ],
            "datetime" => &["input_formats", "output_format", "fast", "fast_precision"],
            "i64" | "u64" => &["fast", "stored", "indexed"],
            other => panic!("{name}: unexpected type {other}"),
        };
        let mut known = allowed(params);
        known.extend(["name", "type", "description"].map(String::from));
        assert!(keys(f).is_subset(&known), "{name}: {f}");
        if let Some(t) = f["tokenizer"].as_str() {
            assert!(["raw", "default", "en_stem"].contains(&t), "{name}");
        }
        assert!(
            fields.insert(name.to_string(), f.clone()).is_none(),
            "{name} twice"
        );
    }
    // Tag fields: raw text (Quickwit refuses others); the timestamp: a fast, single datetime.
    for tag in mapping["tag_fields"].as_array().unwrap() {
        assert_eq!(fields[tag.as_str().unwrap()]["tokenizer"], "raw", "{tag}");
    }
    if let Some(ts) = mapping["timestamp_field"].as_str() {
        assert_eq!(fields[ts]["type"], "datetime");
        assert_eq!(fields[ts]["fast"], true);
    }
    for f in config["search_settings"]["default_search_fields"]
        .as_array()
        .unwrap()
    {
        assert!(fields.contains_key(f.as_str().unwrap()));
    }
    (config, fields)
}

/// Every line of an NDJSON file: one JSON object whose fields are all mapped, with values of
/// their types.
fn quickwit_documents(path: &Path, fields: &BTreeMap<String, Value>) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.ends_with('\n'));
    text.lines()
        .map(|line| {
            let doc: Value = serde_json::from_str(line).expect("one JSON object a line");
            for (name, value) in doc.as_object().expect("an object") {
                let kind = fields
                    .get(name)
                    .unwrap_or_else(|| panic!("{name} is not mapped"))["type"]
                    .as_str()
                    .unwrap();
                let ok = match kind {
                    "text" => value.is_string(),
                    "array<text>" => value
                        .as_array()
                        .is_some_and(|a| a.iter().all(Value::is_string)),
                    "i64" => value.is_i64(),
                    "u64" => value.is_u64(),
                    "datetime" => {
                        chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap()).is_ok()
                    }
                    other => panic!("{other}"),
                };
                assert!(ok, "{name}: {value} is no {kind}");
            }
            doc
        })
        .collect()
}

/// The documents of every `PREFIX-NNNNN.ndjson` file a manifest lists.
fn quickwit_chunks(
    out: &Path,
    manifest: &Value,
    prefix: &str,
    fields: &BTreeMap<String, Value>,
) -> Vec<Value> {
    manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .filter(|f| f.starts_with(&format!("{prefix}-")) && f.ends_with(".ndjson"))
        .flat_map(|f| quickwit_documents(&out.join(f), fields))
        .collect()
}

#[test]
fn quickwit_configs_parse_and_documents_follow_them() {
    let env = Env::with_bundled_corpus();
    let documents = env.index()["documents"].as_u64().unwrap();
    let manifest = export(&env, &["--to", "quickwit", "out", "--chunk-size", "40KB"]);
    assert_eq!(manifest["target"], "quickwit");
    let out = env.dir.path().join("out");
    let (releases_config, release_fields) = quickwit_config(&out.join("releases.yaml"));
    assert_eq!(releases_config["index_id"], "pressdex");
    assert_eq!(releases_config["doc_mapping"]["timestamp_field"], "date");
    assert_eq!(release_fields["body"]["type"], "text");
    assert_eq!(release_fields["people"]["type"], "array<text>");
    let (mentions_config, mention_fields) = quickwit_config(&out.join("mentions.yaml"));
    assert_eq!(mentions_config["index_id"], "pressdex-mentions");
    // Files stay under the chunk size (each document here is smaller than a chunk).
    for f in manifest["files"].as_array().unwrap() {
        let f = f.as_str().unwrap();
        if f.ends_with(".ndjson") {
            assert!(
                std::fs::metadata(out.join(f)).unwrap().len() <= 40_000,
                "{f}"
            );
        }
    }
    let mut releases = quickwit_chunks(&out, &manifest, "releases", &release_fields);
    // A dated release has its timestamp; an undated one goes to the undated index.
    assert!(releases.iter().all(|r| r["date"].is_string()));
    if out.join("undated.yaml").exists() {
        let (undated, fields) = quickwit_config(&out.join("undated.yaml"));
        assert!(undated["doc_mapping"]["timestamp_field"].is_null());
        assert_eq!(fields, release_fields);
        let more = quickwit_chunks(&out, &manifest, "undated", &fields);
        assert!(more.iter().all(|r| r["date"].is_null()));
        releases.extend(more);
    }
    assert_eq!(releases.len() as u64, documents);
    assert_eq!(manifest["rows"]["releases"], documents);
    let ids: HashSet<String> = releases
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), releases.len(), "release ids are unique");
    let mentions = quickwit_chunks(&out, &manifest, "mentions", &mention_fields);
    assert!(
        manifest["files"].as_array().unwrap().len() > 6,
        "{manifest}"
    );
    assert_eq!(
        mentions.len() as u64,
        manifest["rows"]["mentions"].as_u64().unwrap()
    );
    let mention_ids: HashSet<&str> = mentions.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(mention_ids.len(), mentions.len(), "mention ids are unique");
    for m in &mentions {
        assert!(ids.contains(m["release_id"].as_str().unwrap()));
    }
    // As many mentions as the CSV export has, identity by identity.
    export(&env, &["--to", "csv", "csv"]);
    let csv_mentions = csv_rows(&env.dir.path().join("csv/mentions.csv"));
    let count = |it: &mut dyn Iterator<Item = (String, String)>| {
        let mut by: BTreeMap<(String, String), usize> = BTreeMap::new();
        for k in it {
            *by.entry(k).or_default() += 1;
        }
        by
    };
    let from_quickwit = count(&mut mentions.iter().map(|m| {
        (
            m["kind"].as_str().unwrap().to_string(),
            m["identity"].as_str().unwrap().to_string(),
        )
    }));
    let from_csv = count(
        &mut csv_mentions
            .iter()
            .map(|m| (m["kind"].clone(), m["identity"].clone())),
    );
    assert_eq!(from_quickwit, from_csv);
    // And as many as `pressdex mentions` lists for a person.
    let out_mentions = env
        .cmd()
        .args(["mentions", "Guterres", "--json"])
        .assert()
        .success();
    let listed: usize = json_lines(&out_mentions.get_output().stdout)
        .iter()
        .filter(|l| l["type"] == "mention")
        .map(|l| l["data"]["mentions"].as_array().unwrap().len())
        .sum();
    assert!(listed > 0);
    assert_eq!(
        listed,
        from_quickwit[&("person".to_string(), "António Guterres".to_string())]
    );
    // Exporting again gives the same ids, releases and mentions alike.
    let again = export(&env, &["--to", "quickwit", "again"]);
    let again_out = env.dir.path().join("again");
    let mut second: HashSet<String> =
        quickwit_chunks(&again_out, &again, "releases", &release_fields)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect();
    second.extend(
        quickwit_chunks(&again_out, &again, "undated", &release_fields)
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string()),
    );
    assert_eq!(second, ids);
    let second_mentions: Vec<String> =
        quickwit_chunks(&again_out, &again, "mentions", &mention_fields)
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect();
    let first_mentions: Vec<&str> = mentions.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(second_mentions, first_mentions);
}

#[test]
fn quickwit_export_takes_filters_and_refuses_a_folder_with_files() {
    let env = Env::with_bundled_corpus();
    env.index();
    let (_, found, _) = env.search_json(&["--person", "Guterres", "--since", "2019"]);
    let manifest = export(
        &env,
        &[
            "--to", "quickwit", "out", "--person", "Guterres", "--since", "2019",
        ],
    );
    assert_eq!(manifest["rows"]["releases"], found["total"]);
    let out = env.dir.path().join("out");
    let (_, fields) = quickwit_config(&out.join("releases.yaml"));
    let releases = quickwit_chunks(&out, &manifest, "releases", &fields);
    assert_eq!(releases.len() as u64, found["total"].as_u64().unwrap());
    for r in &releases {
        assert!(r["date"].as_str().unwrap() >= "2019-01-01");
        assert!(r["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "António Guterres"));
    }
    // The folder now holds files: refused, nothing written; with --force, replaced.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    std::fs::write(out.join("mentions-00042.ndjson"), "{}\n").unwrap();
    env.cmd()
        .args(["export", "--to", "quickwit", "out"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("'out' exists and is not empty"));
    assert!(out.join("mentions-00042.ndjson").exists());
    env.cmd()
        .args(["export", "--to", "quickwit", "out", "--force", "-q"])
        .assert()
        .success();
    assert!(
        !out.join("mentions-00042.ndjson").exists(),
        "a stale chunk goes"
    );
    assert!(out.join("notes.txt").exists(), "other files stay");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["request"]["people"], serde_json::json!([]));
}

#[test]
fn quickwit_puts_undated_releases_in_an_index_without_a_timestamp() {
    let env = small_corpus();
    env.write(
        "misc/note.txt",
        "Committee note\n\nThe committee met. Chairman Jon Smith thanked Ingrid Solberg.\n",
    );
    env.index();
    let manifest = export(&env, &["--to", "quickwit", "out"]);
    let out = env.dir.path().join("out");
    let (_, fields) = quickwit_config(&out.join("releases.yaml"));
    let (undated, undated_fields) = quickwit_config(&out.join("undated.yaml"));
    assert_eq!(undated["index_id"], "pressdex-undated");
    assert!(undated["doc_mapping"]["timestamp_field"].is_null());
    let dated = quickwit_chunks(&out, &manifest, "releases", &fields);
    let without = quickwit_chunks(&out, &manifest, "undated", &undated_fields);
    assert_eq!((dated.len(), without.len()), (3, 1));
    assert!(without[0]["date"].is_null());
    assert!(without[0]["path"].as_str().unwrap().ends_with("note.txt"));
    let (_, mention_fields) = quickwit_config(&out.join("mentions.yaml"));
    let mentions = quickwit_chunks(&out, &manifest, "mentions", &mention_fields);
    assert_eq!(
        mentions.len() as u64,
        manifest["rows"]["mentions"].as_u64().unwrap()
    );
    assert!(mentions
        .iter()
        .filter(|m| m["release_id"] == without[0]["id"])
        .all(|m| m["date"].is_null()));
}

/// Each release's language and original page (its canonical link, when an HTML release names
/// one) are exported as `search --json` gives them.
#[test]
fn releases_carry_their_language_and_original_page() {
    let env = Env::with_bundled_corpus();
    env.index();
    export(&env, &["--to", "csv", "out"]);
    let releases = csv_rows(&env.dir.path().join("out/releases.csv"));
    let out = env
        .cmd()
        .args(["search", "--json", "--limit", "1000"])
        .assert()
        .success();
    let hits: BTreeMap<String, (String, String)> = json_lines(&out.get_output().stdout)
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| {
            let d = &l["data"];
            let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (text("path"), (text("lang"), text("url")))
        })
        .collect();
    assert_eq!(hits.len(), releases.len());
    let mut with_url = 0;
    for r in &releases {
        let (lang, url) = &hits[&r["path"]];
        assert_eq!((&r["lang"], &r["url"]), (lang, url), "{}", r["path"]);
        with_url += usize::from(!url.is_empty());
        if r["path"].ends_with(".txt") {
            assert_eq!(url, "", "a text release names no page: {}", r["path"]);
        }
    }
    assert!(with_url > 10, "{with_url}");
    assert!(releases.iter().any(|r| r["lang"] == "zh"));

    // `search --csv` gives each hit's page too.
    let out = env
        .cmd()
        .args(["search", "--csv", "--limit", "1000"])
        .assert()
        .success();
    let mut reader = csv::Reader::from_reader(&out.get_output().stdout[..]);
    let header = reader.headers().unwrap().clone();
    let (path, url) = (
        header.iter().position(|h| h == "path").unwrap(),
        header.iter().position(|h| h == "url").unwrap(),
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), hits.len());
    for row in &rows {
        assert_eq!(row[url], hits[&row[path]].1, "{}", &row[path]);
    }
    assert_eq!(rows.iter().filter(|r| !r[url].is_empty()).count(), with_url);
}
