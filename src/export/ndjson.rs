//! Newline-delimited JSON in numbered files of bounded size, shared by the OpenSearch and
//! Quickwit exports: `PREFIX-00001.ndjson`, `PREFIX-00002.ndjson`, …, each at most
//! `chunk_bytes` long, except that a unit larger than that alone gets a file of its own (a unit,
//! one or more lines that belong together, is never split across files).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::write_error;
use crate::error::{Error, Result};

/// Numbered NDJSON files of one prefix.
pub(crate) struct Chunks {
    dir: PathBuf,
    prefix: &'static str,
    chunk_bytes: usize,
    files: Vec<String>,
    current: Option<(PathBuf, BufWriter<File>)>,
    written: usize,
    unit: Vec<u8>,
}

impl Chunks {
    /// Files `PREFIX-00001.ndjson`… in `dir`; none is created before the first unit.
    pub(crate) fn new(dir: &Path, prefix: &'static str, chunk_bytes: usize) -> Chunks {
        Chunks {
            dir: dir.to_path_buf(),
            prefix,
            chunk_bytes,
            files: Vec::new(),
            current: None,
            written: 0,
            unit: Vec::new(),
        }
    }

    /// Adds one line holding `value` to the unit being built.
    pub(crate) fn line<T: Serialize>(&mut self, value: &T) -> Result<()> {
        serde_json::to_writer(&mut self.unit, value)
            .map_err(|e| Error::Export(format!("cannot encode a document: {e}")))?;
        self.unit.push(b'\n');
        Ok(())
    }

    /// Writes the unit built by [`Chunks::line`]: to the current file if it fits, else to a
    /// new one.
    pub(crate) fn end_unit(&mut self) -> Result<()> {
        if self.unit.is_empty() {
            return Ok(());
        }
        if self.current.is_some() && self.written + self.unit.len() > self.chunk_bytes {
            self.close_current()?;
        }
        if self.current.is_none() {
            let name = format!("{}-{:05}.ndjson", self.prefix, self.files.len() + 1);
            let path = self.dir.join(&name);
            let file = File::create(&path).map_err(|e| write_error(&path, e))?;
            self.current = Some((path, BufWriter::new(file)));
            self.files.push(name);
            self.written = 0;
        }
        if let Some((path, w)) = &mut self.current {
            w.write_all(&self.unit).map_err(|e| write_error(path, e))?;
        }
        self.written += self.unit.len();
        self.unit.clear();
        Ok(())
    }

    /// Writes one line holding `value` as a unit of its own.
    pub(crate) fn write<T: Serialize>(&mut self, value: &T) -> Result<()> {
        self.line(value)?;
        self.end_unit()
    }

    fn close_current(&mut self) -> Result<()> {
        if let Some((path, mut w)) = self.current.take() {
            w.flush().map_err(|e| write_error(&path, e))?;
        }
        Ok(())
    }

    /// Flushes the last file; returns the names of the files written, in order.
    pub(crate) fn finish(mut self) -> Result<Vec<String>> {
        self.close_current()?;
        Ok(self.files)
    }
}

/// Whether `name` is `PREFIX-NNNNN.ndjson` for `prefix`.
pub(crate) fn is_chunk(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(".ndjson"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_stay_whole_and_files_stay_small() {
        let dir = tempfile::tempdir().unwrap();
        let mut chunks = Chunks::new(dir.path(), "part", 30);
        for i in 0..5 {
            chunks.line(&serde_json::json!({"a": i})).unwrap();
            chunks.line(&serde_json::json!({"b": i})).unwrap();
            chunks.end_unit().unwrap();
        }
        // One unit longer than a file alone.
        chunks.write(&"x".repeat(40)).unwrap();
        let files = chunks.finish().unwrap();
        assert_eq!(files[0], "part-00001.ndjson");
        let mut lines = 0;
        for (i, name) in files.iter().enumerate() {
            let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
            assert!(text.len() <= 30 || i == files.len() - 1, "{name}");
            lines += text.lines().count();
            assert_eq!(text.lines().count() % 2, usize::from(i == files.len() - 1));
        }
        assert_eq!(lines, 11);
    }

    #[test]
    fn chunk_names() {
        assert!(is_chunk("bulk-00001.ndjson", "bulk"));
        assert!(is_chunk("mentions-123456.ndjson", "mentions"));
        assert!(!is_chunk("mentions-notes.ndjson", "mentions"));
        assert!(!is_chunk("bulk-.ndjson", "bulk"));
        assert!(!is_chunk("bulk-00001.json", "bulk"));
    }
}
