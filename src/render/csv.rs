//! CSV output for spreadsheets and data frames: one header row, then one row per record.
//!
//! Columns (stable; lists are joined with `; `):
//!
//! - `search --csv`: `rank,score,date,title,path,people,orgs,fragment,url` (the first fragment,
//!   without highlight marks; `url` is the original page's address, empty when the release
//!   names none);
//! - `mentions --csv`: `date,title,path,entity,roles,mention,start,end,sentence` — one row per
//!   mention;
//! - `people --csv`, `orgs --csv`: `kind,name,releases,first,last,aliases,roles,ambiguous`.

use std::io::{self, Write};

use crate::identities::{EntitySummary, Mentions};
use crate::search::SearchResults;

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The I/O error behind a CSV error, so that a closed pipe is still seen as one.
fn io_error(e: csv::Error) -> io::Error {
    let kind = match e.kind() {
        csv::ErrorKind::Io(io) => io.kind(),
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, e.to_string())
}

fn finish<W: Write>(w: csv::Writer<W>) -> io::Result<()> {
    w.into_inner()
        .map_err(|e| io::Error::new(e.error().kind(), e.error().to_string()))?
        .flush()
}

/// Writes search hits.
pub fn search<W: Write>(out: W, results: &SearchResults) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "rank", "score", "date", "title", "path", "people", "orgs", "fragment", "url",
    ])
    .map_err(io_error)?;
    for h in &results.hits {
        w.write_record([
            h.rank.to_string(),
            h.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
            date(h.date),
            h.title.clone(),
            h.path.clone(),
            h.people.join("; "),
            h.orgs.join("; "),
            h.fragments
                .first()
                .map(|f| f.text.clone())
                .unwrap_or_default(),
            h.url.clone().unwrap_or_default(),
        ])
        .map_err(io_error)?;
    }
    finish(w)
}

/// Writes every mention, one row each.
pub fn mentions<W: Write>(out: W, m: &Mentions) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "date", "title", "path", "entity", "roles", "mention", "start", "end", "sentence",
    ])
    .map_err(io_error)?;
    for r in &m.releases {
        for k in &r.mentions {
            w.write_record([
                date(r.date),
                r.title.clone(),
                r.path.clone(),
                r.entity.clone(),
                r.roles.join("; "),
                k.text.clone(),
                k.start.to_string(),
                k.end.to_string(),
                k.sentence.clone(),
            ])
            .map_err(io_error)?;
        }
    }
    finish(w)
}

/// Writes people or organizations.
pub fn entities<W: Write>(out: W, rows: &[EntitySummary]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "kind",
        "name",
        "releases",
        "first",
        "last",
        "aliases",
        "roles",
        "ambiguous",
    ])
    .map_err(io_error)?;
    for r in rows {
        w.write_record([
            r.kind.as_str().to_string(),
            r.name.clone(),
            r.releases.to_string(),
            date(r.first),
            date(r.last),
            r.aliases.join("; "),
            r.roles.join("; "),
            r.ambiguous.join("; "),
        ])
        .map_err(io_error)?;
    }
    finish(w)
}
