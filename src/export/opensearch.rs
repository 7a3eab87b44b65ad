//! Files for OpenSearch and Elasticsearch: `template.json`, an index template whose mapping
//! types every field, and `bulk-00001.ndjson`, … for the `_bulk` API: an `index` action line
//! with a stable `_id` (so exporting again overwrites, never duplicates) followed by its
//! document, in files of at most `chunk_bytes` (10 MB by default; a document larger than that
//! alone gets a file of its own).
//!
//! A document: `path`, `title`, `body` (text, English analyzer), `date` (`yyyy-MM-dd`), `year`,
//! `date_source`, `format`, `people` and `orgs` (identities: `keyword`, with a `text`
//! sub-field), `person_names` and `org_names` (every surface form: text), and `mentions`, a
//! `nested` list of `{identity, kind, surface, role, sentence, start, end}` so that a nested
//! query's `inner_hits` returns the sentences.

use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::ndjson::Chunks;
use super::{write_error, Record, Sink};
use crate::error::{Error, Result};
use crate::model::Entity;

/// The index the bulk files write into (and the template's pattern).
pub const INDEX: &str = "pressdex";
/// The template's file name.
pub const TEMPLATE: &str = "template.json";
/// The bulk files' prefix: `bulk-00001.ndjson`, ….
pub const BULK: &str = "bulk";
/// The default most bytes of a bulk file: 10 MB.
pub const MAX_CHUNK: usize = 10_000_000;

/// The index template: settings and the mapping of every field a document has.
pub fn template() -> serde_json::Value {
    let keyword_and_text = json!({"type": "keyword", "fields": {"text": {"type": "text"}}});
    json!({
        "index_patterns": [INDEX],
        "template": {
            "settings": {"number_of_shards": 1},
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "path": {"type": "keyword"},
                    "title": {"type": "text", "analyzer": "english"},
                    "body": {"type": "text", "analyzer": "english"},
                    "date": {"type": "date", "format": "yyyy-MM-dd"},
                    "year": {"type": "integer"},
                    "date_source": {"type": "keyword"},
                    "format": {"type": "keyword"},
                    "lang": {"type": "keyword"},
                    "url": {"type": "keyword", "index": false},
                    "people": keyword_and_text,
                    "orgs": keyword_and_text,
                    "person_names": {"type": "text"},
                    "org_names": {"type": "text"},
                    "mentions": {
                        "type": "nested",
                        "properties": {
                            "identity": {"type": "keyword"},
                            "kind": {"type": "keyword"},
                            "surface": {"type": "text"},
                            "role": {"type": "keyword"},
                            "sentence": {"type": "text", "analyzer": "english"},
                            "start": {"type": "integer"},
                            "end": {"type": "integer"}
                        }
                    }
                }
            }
        }
    })
}

#[derive(Serialize)]
struct Doc<'a> {
    path: &'a str,
    title: &'a str,
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<chrono::NaiveDate>,
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
    mentions: Vec<NestedMention<'a>>,
}

#[derive(Serialize)]
struct NestedMention<'a> {
    identity: &'a str,
    kind: &'static str,
    surface: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    sentence: &'a str,
    start: u64,
    end: u64,
}

/// Every surface form of the entities, each once, in order of first appearance.
pub(crate) fn surfaces<'a>(body: &'a str, entities: &'a [Entity]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for e in entities {
        let forms = std::iter::once(e.name.as_str())
            .chain(e.mentions.iter().filter_map(|m| body.get(m.start..m.end)));
        for form in forms {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// Writes the template and the bulk files.
pub(crate) struct BulkSink {
    chunks: Chunks,
}

impl BulkSink {
    pub(crate) fn create(dir: &Path, chunk_bytes: usize) -> Result<BulkSink> {
        let path = dir.join(TEMPLATE);
        let text = serde_json::to_string_pretty(&template())
            .map_err(|e| Error::Export(format!("cannot encode the template: {e}")))?
            + "\n";
        std::fs::write(&path, text).map_err(|e| write_error(&path, e))?;
        Ok(BulkSink {
            chunks: Chunks::new(dir, BULK, chunk_bytes),
        })
    }
}

impl Sink for BulkSink {
    fn write(&mut self, r: &Record) -> Result<()> {
        let rel = &r.release;
        let doc = Doc {
            path: &rel.path,
            title: &rel.title,
            body: &rel.body,
            date: rel.date,
            year: rel.date.map(|d| chrono::Datelike::year(&d)),
            date_source: rel.date_source.map(|s| s.as_str()),
            format: rel.format.as_str(),
            lang: &rel.lang,
            url: rel.url.as_deref(),
            people: &r.people,
            orgs: &r.orgs,
            person_names: surfaces(&rel.body, &rel.people),
            org_names: surfaces(&rel.body, &rel.orgs),
            mentions: r
                .mentions
                .iter()
                .map(|m| NestedMention {
                    identity: &m.identity,
                    kind: m.kind.as_str(),
                    surface: &m.surface,
                    role: m.role.as_deref(),
                    sentence: &m.sentence,
                    start: m.start,
                    end: m.end,
                })
                .collect(),
        };
        // The action and its document are one unit: never split across files.
        self.chunks
            .line(&json!({"index": {"_index": INDEX, "_id": r.id}}))?;
        self.chunks.line(&doc)?;
        self.chunks.end_unit()
    }

    fn finish(self: Box<Self>) -> Result<Vec<String>> {
        let mut files = vec![TEMPLATE.to_string()];
        files.extend(self.chunks.finish()?);
        Ok(files)
    }
}
