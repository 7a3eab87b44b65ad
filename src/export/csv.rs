//! The three tables as CSV files (header row; lists joined with `; `; empty cell for none).

use std::borrow::Cow;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use super::tables::{Cell, Table as Which, MENTION_COLUMNS, PAIR_COLUMNS, RELEASE_COLUMNS};
use super::{write_error, Record, Sink};
use crate::error::{Error, Result};

/// A cell as CSV text.
fn text<'a>(cell: &Cell<'a>) -> Cow<'a, str> {
    match *cell {
        Cell::Str(s) => Cow::Borrowed(s.unwrap_or("")),
        Cell::Date(d) => d.map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string())),
        Cell::Int(n) => n.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string())),
        Cell::List(items) => Cow::Owned(items.join("; ")),
    }
}

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
            releases: Table::create(dir, "releases.csv", &RELEASE_COLUMNS)?,
            mentions: Table::create(dir, "mentions.csv", &MENTION_COLUMNS)?,
            pairs: Table::create(dir, "co_mentions.csv", &PAIR_COLUMNS)?,
        })
    }
}

impl Sink for CsvSink {
    fn write(&mut self, r: &Record) -> Result<()> {
        r.rows(&mut |which, row| {
            let table = match which {
                Which::Releases => &mut self.releases,
                Which::Mentions => &mut self.mentions,
                Which::Pairs => &mut self.pairs,
            };
            let cells: Vec<Cow<str>> = row.iter().map(text).collect();
            table.row(cells.iter().map(|c| c.as_bytes()))
        })
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
