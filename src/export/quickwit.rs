//! Files for Quickwit: index configs (YAML) and NDJSON documents for `quickwit index ingest
//! --input-path` (or the REST ingest API), in files of at most `chunk_bytes` (10 MB by default,
//! under the ingest API's 10 MiB limit).
//!
//! Quickwit has no arrays of objects, so mentions get an index of their own:
//!
//! - `releases.yaml`, index `pressdex`: one document per dated release: `id` (the stable
//!   release id), `path`, `title` and `body` (text, `en_stem`, positions), `date` (RFC 3339,
//!   the index's `timestamp_field`), `year`, `date_source`, `format`, `people` and `orgs`
//!   (identities: raw text, tag fields), `person_names` and `org_names` (every surface form);
//!   documents in `releases-00001.ndjson`, …;
//! - `undated.yaml`, index `pressdex-undated`: the same mapping without a timestamp field,
//!   for releases with no date (Quickwit refuses a document that lacks the timestamp field);
//!   written only when such releases are exported, documents in `undated-00001.ndjson`, …;
//! - `mentions.yaml`, index `pressdex-mentions`: one document per mention: `id`
//!   (`RELEASE_ID-N`, the N-th mention of the release), `release_id`, `path`, `date` (a fast
//!   datetime, absent for undated releases, hence no timestamp field), `kind`, `identity` and
//!   `name` (raw text; `kind` and `identity` tag fields), `surface`, `role`, `sentence`
//!   (text), `start` and `end` (byte offsets into the body); documents in
//!   `mentions-00001.ndjson`, ….

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::ndjson::Chunks;
use super::opensearch::surfaces;
use super::{write_error, Record, Sink};
use crate::error::Result;

/// The releases' index.
pub const RELEASES_INDEX: &str = "pressdex";
/// The index of undated releases.
pub const UNDATED_INDEX: &str = "pressdex-undated";
/// The mentions' index.
pub const MENTIONS_INDEX: &str = "pressdex-mentions";
/// File names (without extension) of the three configs and prefixes of their NDJSON files.
pub const RELEASES: &str = "releases";
/// See [`RELEASES`].
pub const UNDATED: &str = "undated";
/// See [`RELEASES`].
pub const MENTIONS: &str = "mentions";
/// The index config format version written (read by Quickwit 0.8 and 0.9).
pub const CONFIG_VERSION: &str = "0.8";

/// One field mapping: name, type and further parameters (YAML values, written as they are).
type FieldMapping = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const RAW: &[(&str, &str)] = &[("tokenizer", "raw")];
const RAW_FAST: &[(&str, &str)] = &[("tokenizer", "raw"), ("fast", "true")];
const FULL_TEXT: &[(&str, &str)] = &[
    ("tokenizer", "en_stem"),
    ("record", "position"),
    ("fieldnorms", "true"),
];
const NAMES: &[(&str, &str)] = &[("tokenizer", "default"), ("record", "position")];
const DATE: &[(&str, &str)] = &[
    ("input_formats", "[rfc3339]"),
    ("output_format", "rfc3339"),
    ("fast", "true"),
];
const FAST: &[(&str, &str)] = &[("fast", "true")];

/// The fields of a release document.
const RELEASE_FIELDS: &[FieldMapping] = &[
    ("id", "text", RAW_FAST),
    ("path", "text", RAW),
    ("title", "text", FULL_TEXT),
    ("body", "text", FULL_TEXT),
    ("date", "datetime", DATE),
    ("year", "i64", FAST),
    ("date_source", "text", RAW_FAST),
    ("format", "text", RAW_FAST),
    ("lang", "text", RAW_FAST),
    ("url", "text", RAW),
    ("people", "array<text>", RAW_FAST),
    ("orgs", "array<text>", RAW_FAST),
    ("person_names", "array<text>", NAMES),
    ("org_names", "array<text>", NAMES),
];

/// The fields of a mention document.
const MENTION_FIELDS: &[FieldMapping] = &[
    ("id", "text", RAW_FAST),
    ("release_id", "text", RAW_FAST),
    ("path", "text", RAW),
    ("date", "datetime", DATE),
    ("kind", "text", RAW_FAST),
    ("identity", "text", RAW_FAST),
    ("name", "text", RAW_FAST),
    ("surface", "text", NAMES),
    ("role", "text", NAMES),
    ("sentence", "text", FULL_TEXT),
    ("start", "u64", FAST),
    ("end", "u64", FAST),
];

/// An index config: `mode: strict` (a field not in the mapping is an error), the fields, tag
/// fields, the timestamp field if any and the default search fields.
fn config(
    index_id: &str,
    fields: &[FieldMapping],
    tags: &[&str],
    timestamp: Option<&str>,
    search: &[&str],
) -> String {
    let mut y = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        y,
        "# Quickwit index config written by pressdex export; see the README (Exports).\n\
         version: \"{CONFIG_VERSION}\"\n\
         index_id: {index_id}\n\
         doc_mapping:\n  mode: strict\n  field_mappings:"
    );
    for (name, kind, params) in fields {
        let _ = writeln!(y, "    - name: {name}\n      type: {kind}");
        for (key, value) in *params {
            let _ = writeln!(y, "      {key}: {value}");
        }
    }
    let _ = writeln!(y, "  tag_fields: [{}]", tags.join(", "));
    if let Some(field) = timestamp {
        let _ = writeln!(y, "  timestamp_field: {field}");
    }
    let _ = writeln!(
        y,
        "search_settings:\n  default_search_fields: [{}]",
        search.join(", ")
    );
    y
}

/// The config of the releases' index (`timestamp`: with `date` as its timestamp field).
pub fn releases_config(timestamp: bool) -> String {
    let (id, ts) = if timestamp {
        (RELEASES_INDEX, Some("date"))
    } else {
        (UNDATED_INDEX, None)
    };
    config(
        id,
        RELEASE_FIELDS,
        &["people", "orgs"],
        ts,
        &["title", "body"],
    )
}

/// The config of the mentions' index.
pub fn mentions_config() -> String {
    config(
        MENTIONS_INDEX,
        MENTION_FIELDS,
        &["kind", "identity"],
        None,
        &["sentence", "surface"],
    )
}

#[derive(Serialize)]
struct ReleaseDoc<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_source: Option<&'static str>,
    format: &'static str,
    lang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    people: &'a [String],
    orgs: &'a [String],
    person_names: Vec<&'a str>,
    org_names: Vec<&'a str>,
}

#[derive(Serialize)]
struct MentionDoc<'a> {
    id: String,
    release_id: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    kind: &'static str,
    identity: &'a str,
    name: &'a str,
    surface: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    sentence: &'a str,
    start: u64,
    end: u64,
}

/// Writes the configs and the NDJSON files.
pub(crate) struct QuickwitSink {
    dir: PathBuf,
    releases: Chunks,
    undated: Chunks,
    mentions: Chunks,
}

fn write_config(dir: &Path, name: &str, text: &str) -> Result<String> {
    let file = format!("{name}.yaml");
    let path = dir.join(&file);
    std::fs::write(&path, text).map_err(|e| write_error(&path, e))?;
    Ok(file)
}

impl QuickwitSink {
    pub(crate) fn create(dir: &Path, chunk_bytes: usize) -> Result<QuickwitSink> {
        Ok(QuickwitSink {
            dir: dir.to_path_buf(),
            releases: Chunks::new(dir, RELEASES, chunk_bytes),
            undated: Chunks::new(dir, UNDATED, chunk_bytes),
            mentions: Chunks::new(dir, MENTIONS, chunk_bytes),
        })
    }
}

impl Sink for QuickwitSink {
    fn write(&mut self, r: &Record) -> Result<()> {
        let rel = &r.release;
        // Midnight UTC of the release's day.
        let date = rel.date.map(|d| format!("{d}T00:00:00Z"));
        let doc = ReleaseDoc {
            id: &r.id,
            path: &rel.path,
            title: &rel.title,
            body: &rel.body,
            date: date.clone(),
            year: rel.date.map(|d| chrono::Datelike::year(&d)),
            date_source: rel.date_source.map(|s| s.as_str()),
            format: rel.format.as_str(),
            lang: &rel.lang,
            url: rel.url.as_deref(),
            people: &r.people,
            orgs: &r.orgs,
            person_names: surfaces(&rel.body, &rel.people),
            org_names: surfaces(&rel.body, &rel.orgs),
        };
        if date.is_some() {
            self.releases.write(&doc)?;
        } else {
            self.undated.write(&doc)?;
        }
        for (i, m) in r.mentions.iter().enumerate() {
            self.mentions.write(&MentionDoc {
                id: format!("{}-{}", r.id, i + 1),
                release_id: &r.id,
                path: &rel.path,
                date: date.as_deref(),
                kind: m.kind.as_str(),
                identity: &m.identity,
                name: &m.name,
                surface: &m.surface,
                role: m.role.as_deref(),
                sentence: &m.sentence,
                start: m.start,
                end: m.end,
            })?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Vec<String>> {
        let this = *self;
        let mut files = vec![write_config(&this.dir, RELEASES, &releases_config(true))?];
        files.extend(this.releases.finish()?);
        files.push(write_config(&this.dir, MENTIONS, &mentions_config())?);
        files.extend(this.mentions.finish()?);
        let undated = this.undated.finish()?;
        if !undated.is_empty() {
            files.push(write_config(&this.dir, UNDATED, &releases_config(false))?);
            files.extend(undated);
        }
        Ok(files)
    }
}
