//! Exports the releases a request matches for other tools: three tables (releases, mentions,
//! co-mentions) as Parquet or CSV, bulk files for OpenSearch / Elasticsearch, or index configs
//! and NDJSON documents for Quickwit, with a `manifest.json` that records how to reproduce the
//! export.
//!
//! Releases are streamed: the request's query is run segment by segment and every matching
//! document is read from the store in document order, turned into a [`Record`] and handed to a
//! `Sink` that writes in batches; nothing grows with the number of releases.
//!
//! - `tables`: the rows of a release (its identities, mentions and co-mention pairs);
//! - `csv`, `parquet` (feature `parquet`), `opensearch`, `quickwit`: one sink per format;
//! - `ndjson`: numbered NDJSON files of bounded size (OpenSearch and Quickwit).

mod csv;
mod ndjson;
pub mod network;
pub mod opensearch;
#[cfg(feature = "parquet")]
mod parquet;
pub mod quickwit;
mod tables;

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use tantivy::query::EnableScoring;
use tantivy::{DocSet, TantivyDocument, TERMINATED};

use crate::error::{Error, Result};
use crate::identities::Identities;
use crate::search::SearchRequest;
use crate::store;
pub use tables::{MentionRow, PairRow, Record};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// `releases.parquet`, `mentions.parquet`, `co_mentions.parquet`.
    Parquet,
    /// `releases.csv`, `mentions.csv`, `co_mentions.csv`.
    Csv,
    /// `template.json` and `bulk-00001.ndjson`… for the `_bulk` API.
    Opensearch,
    /// `releases.yaml`, `mentions.yaml` (index configs) and `releases-00001.ndjson`,
    /// `mentions-00001.ndjson`… (and `undated.yaml`, `undated-00001.ndjson`… for releases
    /// without a date).
    Quickwit,
}

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The format.
    pub target: Target,
    /// The folder written; it must be new or empty unless `force`.
    pub out_dir: PathBuf,
    /// Write into a folder that holds files already (files of the same names are replaced,
    /// bulk chunks of an earlier export removed).
    pub force: bool,
    /// Most bytes per NDJSON file (OpenSearch, Quickwit).
    pub chunk_bytes: usize,
}

impl ExportOptions {
    /// Options for `target` into `out_dir`, NDJSON files of at most 10 MB.
    pub fn new(target: Target, out_dir: PathBuf) -> ExportOptions {
        ExportOptions {
            target,
            out_dir,
            force: false,
            chunk_bytes: opensearch::MAX_CHUNK,
        }
    }
}

/// Rows written per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    /// Releases.
    pub releases: u64,
    /// Mentions of people and organizations.
    pub mentions: u64,
    /// Pairs of identities mentioned by one release.
    pub co_mentions: u64,
}

/// What `manifest.json` records: enough to reproduce the export and check it.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// The pressdex that wrote it.
    pub pressdex_version: &'static str,
    /// The format.
    pub target: Target,
    /// The request: query, people, orgs, since, until.
    pub request: RequestRecord,
    /// The index read: its folder as given and the opstamp of its last commit.
    pub index: IndexRecord,
    /// Rows written per table.
    pub rows: RowCounts,
    /// The files written, relative to the folder.
    pub files: Vec<String>,
    /// When the export finished (UTC, RFC 3339).
    pub created: String,
    /// Time spent, in milliseconds.
    pub elapsed_ms: f64,
}

/// The request of an export.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    /// Query text, if any.
    pub query: Option<String>,
    /// Person filters.
    pub people: Vec<String>,
    /// Organization filters.
    pub orgs: Vec<String>,
    /// First day, if any.
    pub since: Option<chrono::NaiveDate>,
    /// Last day, if any.
    pub until: Option<chrono::NaiveDate>,
}

/// The index an export read.
#[derive(Debug, Clone, Serialize)]
pub struct IndexRecord {
    /// The folder, as given.
    pub path: String,
    /// The opstamp of the commit read.
    pub opstamp: u64,
    /// Releases in the index.
    pub releases: u64,
}

/// Writes records in one format.
pub(crate) trait Sink {
    /// Writes one release's rows.
    fn write(&mut self, record: &Record) -> Result<()>;
    /// Flushes and closes; returns the files written (relative to the folder).
    fn finish(self: Box<Self>) -> Result<Vec<String>>;
}

/// Called after each release with the number done and the number to do.
pub trait ExportProgress {
    /// One more release written.
    fn advance(&self, done: u64, total: u64);
}

/// No progress report.
pub struct NoProgress;

impl ExportProgress for NoProgress {
    fn advance(&self, _: u64, _: u64) {}
}

/// Exports the releases `request` matches (query and filters; sort and page are ignored).
pub fn export(
    identities: &Identities,
    request: &SearchRequest,
    options: &ExportOptions,
    progress: &dyn ExportProgress,
) -> Result<Manifest> {
    let start = Instant::now();
    let engine = identities.engine();
    let query = engine.query(request)?;
    let searcher = engine.searcher();
    let total = searcher.search(query.as_ref(), &tantivy::collector::Count)? as u64;
    prepare(&options.out_dir, options.force)?;
    let mut sink: Box<dyn Sink> = match options.target {
        Target::Csv => Box::new(csv::CsvSink::create(&options.out_dir)?),
        #[cfg(feature = "parquet")]
        Target::Parquet => Box::new(parquet::ParquetSink::create(&options.out_dir)?),
        #[cfg(not(feature = "parquet"))]
        Target::Parquet => {
            return Err(Error::Export(
                "this build has no Parquet support (feature 'parquet')".into(),
            ))
        }
        Target::Opensearch => Box::new(opensearch::BulkSink::create(
            &options.out_dir,
            options.chunk_bytes,
        )?),
        Target::Quickwit => Box::new(quickwit::QuickwitSink::create(
            &options.out_dir,
            options.chunk_bytes,
        )?),
    };
    let mut rows = RowCounts::default();
    for_each_record(identities, request, true, &mut |record| {
        sink.write(&record)?;
        rows.releases += 1;
        rows.mentions += record.mentions.len() as u64;
        rows.co_mentions += record.pairs.len() as u64;
        progress.advance(rows.releases, total);
        Ok(())
    })?;
    let mut files = sink.finish()?;
    files.push(MANIFEST.to_string());
    let manifest = Manifest {
        pressdex_version: env!("CARGO_PKG_VERSION"),
        target: options.target,
        request: RequestRecord {
            query: request.query.clone(),
            people: request.people.clone(),
            orgs: request.orgs.clone(),
            since: request.since.map(|p| p.first),
            until: request.until.map(|p| p.last),
        },
        index: IndexRecord {
            path: crate::source::path_key(engine.dir()),
            opstamp: searcher.index().load_metas()?.opstamp,
            releases: searcher.num_docs(),
        },
        rows,
        files,
        created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        elapsed_ms: start.elapsed().as_secs_f64() * 1000.0,
    };
    let path = options.out_dir.join(MANIFEST);
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Export(e.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(|e| write_error(&path, e))?;
    Ok(manifest)
}

/// Calls `f` with the record of every release `request` matches, segment by segment in
/// document order, reading each from the store as it goes (`sentences`: work out the sentence
/// of every mention).
pub(crate) fn for_each_record(
    identities: &Identities,
    request: &SearchRequest,
    sentences: bool,
    f: &mut dyn FnMut(Record) -> Result<()>,
) -> Result<()> {
    let engine = identities.engine();
    let query = engine.query(request)?;
    let resolver = identities.resolver()?;
    let searcher = engine.searcher();
    let weight = query.weight(EnableScoring::disabled_from_searcher(&searcher))?;
    for segment in searcher.segment_readers() {
        let store_reader = segment
            .get_store_reader(16)
            .map_err(|e| Error::io("cannot read the index's stored releases", e))?;
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut doc = scorer.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                let stored: TantivyDocument = store_reader.get(doc)?;
                let release = store::decode(&stored, engine.fields())?;
                f(Record::new(release, &resolver, sentences))?;
            }
            doc = scorer.advance();
        }
    }
    Ok(())
}

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// Makes the output folder; refuses one that holds files unless `force`, and then removes
/// what an earlier export wrote there (so no stale bulk chunk stays behind).
fn prepare(dir: &Path, force: bool) -> Result<()> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
            if entries.is_empty() {
                return Ok(());
            }
            if !force {
                return Err(Error::OutDirNotEmpty(dir.to_path_buf()));
            }
            for e in entries {
                let name = e.file_name().to_string_lossy().into_owned();
                if written_by_export(&name) && e.file_type().is_ok_and(|t| t.is_file()) {
                    std::fs::remove_file(e.path()).map_err(|err| write_error(&e.path(), err))?;
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))
        }
        Err(e) => Err(write_error(dir, e)),
    }
}

/// Whether a file name is one an export writes.
fn written_by_export(name: &str) -> bool {
    let tables = ["releases.", "mentions.", "co_mentions.", "undated."];
    let chunks = [
        opensearch::BULK,
        quickwit::RELEASES,
        quickwit::MENTIONS,
        quickwit::UNDATED,
    ];
    name == MANIFEST
        || name == opensearch::TEMPLATE
        || chunks.iter().any(|c| ndjson::is_chunk(name, c))
        || tables.iter().any(|t| name.starts_with(t))
}

/// An error writing `path`.
pub(crate) fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("cannot write '{}'", path.display()), e)
}
