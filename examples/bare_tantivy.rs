//! Bare tantivy: the floor of what the search library itself costs.
//!
//! ```sh
//! # 1. pre-extract releases once with pressdex (parse + extract, all cores) into JSON Lines:
//! cargo run --release --example bare_tantivy -- export CORPUS_DIR releases.jsonl
//! # 2. index title, body and date with tantivy alone (no parsing, no extraction):
//! cargo run --release --example bare_tantivy -- index releases.jsonl INDEX_DIR
//! ```
//!
//! `index` builds the smallest useful schema — stemmed `title` and `body` (stored, with
//! positions, for phrases and snippets) and a fast `date` — with tantivy's built-in `en_stem`
//! analyzer and the default writer, reading one JSON object per line. It prints one JSON line:
//! `{"docs": N, "seconds": S, "bytes": B}`. The benchmark (`bench/bench.py`) compares
//! `pressdex index` against it on the same releases.
//!
//! `export` writes `{"path", "title", "body", "date", "people", "orgs"}` per release (the
//! people and organizations as canonical names), which is also what the SQLite FTS5 peer loads.

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    DateOptions, DateTimePrecision, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
    FAST, INDEXED, STORED,
};
use tantivy::{doc, DateTime, Index, IndexWriter};

#[derive(Serialize, Deserialize)]
struct Record {
    path: String,
    title: String,
    body: String,
    /// `YYYY-MM-DD`.
    date: Option<String>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    orgs: Vec<String>,
}

fn export(dir: &Path, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let walk = pressdex::source::walk(dir)?;
    let records: Vec<Record> = walk
        .files
        .par_iter()
        .filter_map(|f| pressdex::extract_file(&f.path, 50_000_000).ok())
        .map(|r| Record {
            path: r.path,
            title: r.title,
            body: r.body,
            date: r.date.map(|d| d.to_string()),
            people: r.people.into_iter().map(|e| e.name).collect(),
            orgs: r.orgs.into_iter().map(|e| e.name).collect(),
        })
        .collect();
    let mut w = BufWriter::new(std::fs::File::create(out)?);
    for r in &records {
        serde_json::to_writer(&mut w, r)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    eprintln!("exported {} releases to {}", records.len(), out.display());
    Ok(())
}

fn index(jsonl: &Path, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    // Title and body: tantivy's built-in English stemmer, positions for phrases, stored for
    // snippets.
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let date = builder.add_date_field(
        "date",
        DateOptions::from(INDEXED | STORED | FAST).set_precision(DateTimePrecision::Seconds),
    );
    let schema = builder.build();
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let index = Index::create_in_dir(dir, schema)?;
    let mut writer: IndexWriter = index.writer(256_000_000)?;
    let reader = std::io::BufReader::new(std::fs::File::open(jsonl)?);
    let mut docs = 0u64;
    let mut bytes = 0u64;
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(&line)?;
        bytes += (r.title.len() + r.body.len()) as u64;
        let mut d = doc!(title => r.title, body => r.body);
        if let Some(day) = r
            .date
            .as_deref()
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        {
            let secs = day
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp());
            d.add_date(date, DateTime::from_timestamp_secs(secs));
        }
        writer.add_document(d)?;
        docs += 1;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "{{\"docs\": {docs}, \"seconds\": {:.3}, \"bytes\": {bytes}}}",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["export", dir, out] => export(Path::new(dir), Path::new(out)),
        ["index", jsonl, dir] => index(Path::new(jsonl), Path::new(dir)),
        _ => {
            eprintln!("usage: bare_tantivy export CORPUS_DIR OUT.jsonl | index IN.jsonl INDEX_DIR");
            std::process::exit(2);
        }
    }
}
