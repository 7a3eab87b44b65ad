//! pressdex: a search engine over press releases.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! files ─ source ─▶ bytes ─ parse ─▶ Parsed ─ extract ─▶ Release ─ index ─▶ tantivy index
//! query ─ search ─▶ SearchResults { Hit { fragments with highlight ranges } } ─ render ─▶ stdout
//! ```
//!
//! - [`source`] walks folders and reads files with a size cap;
//! - [`parse`] decodes bytes (declared charset or detection) and turns text or HTML into a
//!   title, a main text and date hints from markup;
//! - [`extract`] finds the publication date, the people and the organizations, with the span of
//!   every mention and in-release aliases ("Chairman He" → "He Xuming", "WIOTC" → its long form);
//! - [`index`] writes releases into tantivy incrementally, committing in batches so that a
//!   killed run's rerun resumes;
//! - [`store`] opens and checks an index and is the one codec between a [`Release`] and a
//!   tantivy document (the writer encodes with it, every reader decodes with it);
//! - [`search`] answers ranked, filtered queries with position-based highlights;
//! - [`corrections`] keeps the identity decisions made by hand (merge, rename, hide, split,
//!   undo) beside the index and applies them to every release indexed;
//! - [`identities`] is the corpus-wide table of people and organizations: how short names
//!   link to fuller ones, who is mentioned most, and every mention of one of them in context;
//! - [`export`] writes the matching releases as Parquet or CSV tables or OpenSearch bulk files;
//! - [`trends`] counts matching releases per year, month or week;
//! - [`render`] prints hits for people (colors on a terminal) or as JSON Lines for programs;
//! - `serve` (feature `serve`, on by default) answers the same questions over HTTP: a local web
//!   page and its JSON API.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let corpus = dir.path().join("corpus");
//! std::fs::create_dir(&corpus)?;
//! std::fs::write(
//!     corpus.join("a.txt"),
//!     "Alliance opens smart city lab\n\nGENEVA, 13 June 2017 – The Global Smart Cities \
//!      Alliance (GSCA) opened a smart city lab, said Secretary-General Amara Okafor-Diallo.\n",
//! )?;
//! let index_dir = dir.path().join("index");
//! let report = pressdex::index::index_paths(
//!     &index_dir,
//!     &[corpus],
//!     &pressdex::index::IndexOptions::default(),
//!     &pressdex::index::NoProgress,
//! )?;
//! assert_eq!(report.added, 1);
//! let engine = pressdex::search::Engine::open(&index_dir)?;
//! let request = pressdex::search::SearchRequest {
//!     query: Some("\"smart city\"".into()),
//!     ..Default::default()
//! };
//! let results = engine.search(&request)?;
//! assert_eq!(results.total, 1);
//! assert_eq!(results.hits[0].date.map(|d| d.to_string()).as_deref(), Some("2017-06-13"));
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod budget;
pub mod corrections;
pub mod error;
pub mod export;
pub mod extract;
pub mod identities;
pub mod index;
pub mod lang;
pub mod model;
pub mod names;
pub mod parse;
pub mod render;
pub mod schema;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod store;
pub mod trends;

pub use error::{Error, NameUse, Result, Warning};
pub use model::{DateSource, Entity, Format, Mention, Parsed, Release};
pub use search::{Engine, Hit, SearchRequest, SearchResults};

/// Reads, parses and extracts one file, as `pressdex index` would (without a time limit).
pub fn extract_file(
    path: &std::path::Path,
    max_file_size: u64,
) -> std::result::Result<Release, Warning> {
    extract_file_within(path, max_file_size, None)
}

/// [`extract_file`] with a time limit on the extraction (see [`budget`]): over it, the
/// file is skipped with a warning.
pub fn extract_file_within(
    path: &std::path::Path,
    max_file_size: u64,
    time_limit: Option<std::time::Duration>,
) -> std::result::Result<Release, Warning> {
    let key = source::path_key(path);
    let warn = |reason: String| Warning {
        path: key.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| warn(error::io_reason(&e)))?;
    if meta.is_dir() {
        return Err(warn("is a directory".to_string()));
    }
    if !meta.is_file() {
        return Err(warn(source::NOT_A_FILE.to_string()));
    }
    let candidate = source::Candidate {
        path: path.to_path_buf(),
        key: key.clone(),
        size: meta.len(),
        mtime: 0,
        file_id: None,
    };
    let bytes = source::read(&candidate, max_file_size).map_err(warn)?;
    let parsed = parse::parse(path, &bytes).map_err(|e| warn(e.to_string()))?;
    budget::extract_within(&key, parsed, time_limit).map_err(warn)
}

/// What the unit tests share.
#[cfg(test)]
mod testing {
    /// The configuration of the property tests: 512 cases a run, no failure files written
    /// into the source tree.
    pub(crate) fn proptest_config() -> proptest::test_runner::Config {
        proptest::test_runner::Config {
            cases: 512,
            failure_persistence: None,
            ..Default::default()
        }
    }
}
