//! The three tables as Parquet files (Apache Arrow's writer, snappy), written in batches of
//! [`BATCH`] rows and row groups of at most [`ROW_GROUP`] rows ([`RELEASE_ROW_GROUP`] for releases), so memory stays bounded.
//!
//! Types: `date` is a Parquet DATE, `year`, `start` and `end` integers, `people` and `orgs` of
//! `releases.parquet` lists of strings; the other columns are strings (null when absent). The
//! columns are those of the CSV tables (`tables.rs` names them and gives the rows).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, Date32Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use chrono::{Datelike, NaiveDate};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::tables::{Cell, Table as Which, MENTION_COLUMNS, PAIR_COLUMNS, RELEASE_COLUMNS};
use super::{write_error, Record, Sink};
use crate::error::{Error, Result};

/// Rows buffered before they are handed to the writer.
pub const BATCH: usize = 4096;
/// Most rows in one row group of the mentions and co-mentions (the writer keeps a row group
/// in memory until it is full).
pub const ROW_GROUP: usize = 65_536;
/// Most rows in one row group of the releases, whose bodies are long.
pub const RELEASE_ROW_GROUP: usize = 8_192;

/// Columns with (almost) one value per row: no dictionary encoding.
const UNIQUE: &[&str] = &["id", "path", "title", "body", "sentence", "start", "end"];

/// A column's builder.
enum Col {
    Str(StringBuilder),
    Date(Date32Builder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    List(ListBuilder<StringBuilder>),
}

impl Col {
    fn new(t: &DataType) -> Col {
        match t {
            DataType::Date32 => Col::Date(Date32Builder::new()),
            DataType::Int32 => Col::Int32(Int32Builder::new()),
            DataType::Int64 => Col::Int64(Int64Builder::new()),
            DataType::List(_) => Col::List(ListBuilder::new(StringBuilder::new())),
            _ => Col::Str(StringBuilder::new()),
        }
    }

    fn push(&mut self, v: &Cell) {
        match (self, v) {
            (Col::Str(b), Cell::Str(s)) => b.append_option(*s),
            (Col::Date(b), Cell::Date(d)) => b.append_option(d.map(days)),
            (Col::Int32(b), Cell::Int(n)) => b.append_option(n.and_then(|n| i32::try_from(n).ok())),
            (Col::Int64(b), Cell::Int(n)) => b.append_option(*n),
            (Col::List(b), Cell::List(items)) => {
                for item in *items {
                    b.values().append_value(item);
                }
                b.append(true);
            }
            _ => unreachable!("a row's values follow its table's schema"),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Col::Str(b) => Arc::new(b.finish()),
            Col::Date(b) => Arc::new(b.finish()),
            Col::Int32(b) => Arc::new(b.finish()),
            Col::Int64(b) => Arc::new(b.finish()),
            Col::List(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Col::Str(b) => b.len(),
            Col::Date(b) => b.len(),
            Col::Int32(b) => b.len(),
            Col::Int64(b) => b.len(),
            Col::List(b) => b.len(),
        }
    }
}

/// Days since 1970-01-01.
fn days(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - 719_163
}

struct Table {
    path: PathBuf,
    schema: SchemaRef,
    cols: Vec<Col>,
    writer: ArrowWriter<File>,
}

impl Table {
    fn create(dir: &Path, name: &str, fields: Vec<Field>, row_group: usize) -> Result<Table> {
        let path = dir.join(name);
        let schema = Arc::new(Schema::new(fields));
        let file = File::create(&path).map_err(|e| write_error(&path, e))?;
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(row_group);
        // Columns whose values rarely repeat gain nothing from a dictionary but its cost.
        for column in UNIQUE {
            props = props.set_column_dictionary_enabled((*column).into(), false);
        }
        let props = props.build();
        let writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))
            .map_err(|e| parquet_error(&path, e))?;
        let cols = schema
            .fields()
            .iter()
            .map(|f| Col::new(f.data_type()))
            .collect();
        Ok(Table {
            path,
            schema,
            cols,
            writer,
        })
    }

    fn push(&mut self, row: &[Cell]) -> Result<()> {
        for (col, v) in self.cols.iter_mut().zip(row) {
            col.push(v);
        }
        if self.cols[0].len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.cols[0].len() == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.cols.iter_mut().map(Col::finish).collect();
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), arrays)
            .map_err(|e| Error::Export(format!("'{}': {e}", self.path.display())))?;
        self.writer
            .write(&batch)
            .map_err(|e| parquet_error(&self.path, e))
    }

    fn finish(mut self) -> Result<String> {
        self.flush()?;
        self.writer
            .close()
            .map_err(|e| parquet_error(&self.path, e))?;
        let name = self.path.file_name().unwrap_or_default();
        Ok(name.to_string_lossy().into_owned())
    }
}

fn parquet_error(path: &Path, e: parquet::errors::ParquetError) -> Error {
    match e {
        parquet::errors::ParquetError::External(inner) => {
            match inner.downcast::<std::io::Error>() {
                Ok(io) => write_error(path, *io),
                Err(other) => Error::Export(format!("'{}': {other}", path.display())),
            }
        }
        other => Error::Export(format!("'{}': {other}", path.display())),
    }
}

fn text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, false)
}

fn maybe_text(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn date(name: &str) -> Field {
    Field::new(name, DataType::Date32, true)
}

fn list(name: &str) -> Field {
    Field::new_list(name, Field::new_list_field(DataType::Utf8, true), false)
}

/// Writes `releases.parquet`, `mentions.parquet` and `co_mentions.parquet`.
pub(crate) struct ParquetSink {
    releases: Table,
    mentions: Table,
    pairs: Table,
}

impl ParquetSink {
    pub(crate) fn create(dir: &Path) -> Result<ParquetSink> {
        let releases = vec![
            text("id"),
            text("path"),
            text("title"),
            date("date"),
            Field::new("year", DataType::Int32, true),
            maybe_text("date_source"),
            text("format"),
            list("people"),
            list("orgs"),
            text("body"),
            text("lang"),
            maybe_text("url"),
        ];
        let mentions = vec![
            text("release_id"),
            text("path"),
            date("date"),
            text("kind"),
            text("identity"),
            text("name"),
            text("surface"),
            Field::new("start", DataType::Int64, false),
            Field::new("end", DataType::Int64, false),
            maybe_text("role"),
            text("sentence"),
        ];
        let pairs = vec![
            text("release_id"),
            date("date"),
            text("kind_a"),
            text("a"),
            text("kind_b"),
            text("b"),
        ];
        for (fields, names) in [
            (&releases, &RELEASE_COLUMNS[..]),
            (&mentions, &MENTION_COLUMNS[..]),
            (&pairs, &PAIR_COLUMNS[..]),
        ] {
            debug_assert!(fields
                .iter()
                .map(|f| f.name().as_str())
                .eq(names.iter().copied()));
        }
        Ok(ParquetSink {
            releases: Table::create(dir, "releases.parquet", releases, RELEASE_ROW_GROUP)?,
            mentions: Table::create(dir, "mentions.parquet", mentions, ROW_GROUP)?,
            pairs: Table::create(dir, "co_mentions.parquet", pairs, ROW_GROUP)?,
        })
    }
}

impl Sink for ParquetSink {
    fn write(&mut self, r: &Record) -> Result<()> {
        r.rows(&mut |which, row| match which {
            Which::Releases => self.releases.push(row),
            Which::Mentions => self.mentions.push(row),
            Which::Pairs => self.pairs.push(row),
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
