//! The three tables as CSV files (header row; lists joined with `; `; empty cell for none).

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::{write_error, Record, Sink};
use crate::error::{Error, Result};

/// Columns of `releases.csv`.
pub const RELEASES: [&str; 10] = [
    "id",
    "path",
    "title",
    "date",
    "year",
    "date_source",
    "format",
    "people",
    "orgs",
    "body",
];
/// Columns of `mentions.csv`.
pub const MENTIONS: [&str; 11] = [
    "release_id",
    "path",
    "date",
    "kind",
    "identity",
    "name",
    "surface",
    "start",
    "end",
    "role",
    "sentence",
];
/// Columns of `co_mentions.csv`.
pub const PAIRS: [&str; 6] = ["release_id", "date", "kind_a", "a", "kind_b", "b"];

struct Table {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[&str]) -> Result<Table> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|e| write_error(&path, e))?;
        let mut table = Table {
            writer: csv::Writer::from_writer(BufWriter::new(file)),
            path,
        };
        table.row(header)?;
        Ok(table)
    }

    fn row<I, T>(&mut self, row: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let path = &self.path;
        self.writer
            .write_record(row)
            .map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(io) => write_error(path, io),
                other => Error::Export(format!("'{}': {other:?}", path.display())),
            })
    }

    fn finish(mut self) -> Result<String> {
        self.writer
            .flush()
            .map_err(|e| write_error(&self.path, e))?;
        let name = self.path.file_name().unwrap_or_default();
        Ok(name.to_string_lossy().into_owned())
    }
}

/// Writes `releases.csv`, `mentions.csv` and `co_mentions.csv`.
pub(crate) struct CsvSink {
    releases: Table,
    mentions: Table,
    pairs: Table,
}

impl CsvSink {
    pub(crate) fn create(dir: &Path) -> Result<CsvSink> {
        Ok(CsvSink {
            releases: Table::create(dir, "releases.csv", &RELEASES)?,
            mentions: Table::create(dir, "mentions.csv", &MENTIONS)?,
            pairs: Table::create(dir, "co_mentions.csv", &PAIRS)?,
        })
    }
}

impl Sink for CsvSink {
    fn write(&mut self, r: &Record) -> Result<()> {
        let rel = &r.release;
        let date = rel.date.map(|d| d.to_string()).unwrap_or_default();
        let year = rel
            .date
            .map(|d| chrono::Datelike::year(&d).to_string())
            .unwrap_or_default();
        self.releases.row([
            r.id.as_str(),
            &rel.path,
            &rel.title,
            &date,
            &year,
            rel.date_source.map_or("", |s| s.as_str()),
            rel.format.as_str(),
            &r.people.join("; "),
            &r.orgs.join("; "),
            &rel.body,
        ])?;
        for m in &r.mentions {
            self.mentions.row([
                r.id.as_str(),
                &rel.path,
                &date,
                m.kind.as_str(),
                &m.identity,
                &m.name,
                &m.surface,
                &m.start.to_string(),
                &m.end.to_string(),
                m.role.as_deref().unwrap_or(""),
                &m.sentence,
            ])?;
        }
        for p in &r.pairs {
            self.pairs.row([
                r.id.as_str(),
                &date,
                p.kind_a.as_str(),
                &p.a,
                p.kind_b.as_str(),
                &p.b,
            ])?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Vec<String>> {
        let this = *self;
        Ok(vec![
            this.releases.finish()?,
            this.mentions.finish()?,
            this.pairs.finish()?,
        ])
    }
}
