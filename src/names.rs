//! Batch names: a list of people or organizations (one name per line, or a CSV file with a
//! `name` column) looked up at once, each with the identity it resolves to, or "unknown" with
//! suggestions, and its release count. Bad rows are reported with their line numbers and the
//! others are looked up.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::identities::{Identities, Kind};
use crate::search::SearchRequest;

/// Longest name taken, in bytes.
pub const MAX_NAME: usize = 300;

/// A name of the file, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameRow {
    /// 1-based line number.
    pub line: u64,
    /// The name, trimmed.
    pub name: String,
}

/// A row that could not be taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadRow {
    /// 1-based line number.
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// Reads the names of `path`: a CSV file whose header has a `name` column, or else one name
/// per line. Blank lines are skipped.
pub fn read(path: &Path) -> Result<(Vec<NameRow>, Vec<BadRow>)> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io(format!("cannot read names file '{}'", path.display()), e))?;
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let header: Vec<String> = String::from_utf8_lossy(first)
        .trim_start_matches('\u{FEFF}')
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_lowercase())
        .collect();
    let (mut rows, mut bad) = (Vec::new(), Vec::new());
    let mut take = |line: u64, raw: std::result::Result<&str, String>| match raw {
        Err(reason) => bad.push(BadRow { line, reason }),
        Ok(text) => {
            let name = text.trim().trim_start_matches('\u{FEFF}');
            if name.is_empty() {
            } else if name.len() > MAX_NAME {
                bad.push(BadRow {
                    line,
                    reason: format!("a name of {} bytes (at most {MAX_NAME})", name.len()),
                });
            } else if !name.chars().any(char::is_alphanumeric) {
                bad.push(BadRow {
                    line,
                    reason: format!("'{name}' has no letter or digit"),
                });
            } else {
                rows.push(NameRow {
                    line,
                    name: name.to_string(),
                });
            }
        }
    };
    match header.iter().position(|c| c == "name") {
        Some(column) => {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(bytes.as_slice());
            let mut record = csv::ByteRecord::new();
            // Lines from byte offsets: the reader's own line count skips blank lines, and a
            // record's offset is that of the blank lines before it.
            let line_at = |byte: u64| {
                let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
                while matches!(bytes.get(end), Some(b'\n' | b'\r')) {
                    end += 1;
                }
                bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
            };
            loop {
                let line = line_at(reader.position().byte());
                match reader.read_byte_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {
                        let line = record.position().map_or(line, |p| line_at(p.byte()));
                        let cell = match record.get(column) {
                            None => Err(format!("no 'name' cell (column {})", column + 1)),
                            Some(b) => std::str::from_utf8(b)
                                .map_err(|_| "the name is not valid UTF-8".to_string()),
                        };
                        take(line, cell);
                    }
                    Err(e) => {
                        let line = e.position().map_or(line, |p| line_at(p.byte()));
                        take(line, Err(format!("not a CSV row: {e}")));
                        if !matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                            break;
                        }
                    }
                }
            }
        }
        None => {
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                let text = std::str::from_utf8(line)
                    .map_err(|_| "the line is not valid UTF-8".to_string());
                take(i as u64 + 1, text);
            }
        }
    }
    Ok((rows, bad))
}

/// What a name resolved to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// Its line in the file.
    pub line: u64,
    /// The name as written.
    pub name: String,
    /// `resolved`, `ambiguous` (several identities fit) or `unknown`.
    pub status: &'static str,
    /// `person` or `org` (absent when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// The identity (the most mentioned one when ambiguous; absent when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// Releases that mention it under any alias.
    pub releases: usize,
    /// Earliest date among them.
    pub first: Option<NaiveDate>,
    /// Latest date among them.
    pub last: Option<NaiveDate>,
    /// Its other names in the corpus.
    pub aliases: Vec<String>,
    /// When ambiguous: the identities it could be; when unknown: the closest names.
    pub candidates: Vec<String>,
}

/// Looks every name up as `pressdex mentions NAME` would (`kind`: only people or only
/// organizations; `request`: its query and date filters).
pub fn resolve(
    identities: &Identities,
    rows: &[NameRow],
    kind: Option<Kind>,
    request: &SearchRequest,
) -> Result<Vec<Resolved>> {
    let request = SearchRequest {
        limit: 0,
        ..request.clone()
    };
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let found = identities.mentions(Some(&row.name), None, kind, &request)?;
        let top = found.matched.first();
        let names = |v: &[crate::identities::EntitySummary]| -> Vec<String> {
            v.iter().map(|e| e.name.clone()).collect()
        };
        let (status, candidates) = match top {
            None => ("unknown", names(&found.suggestions)),
            Some(e) if found.matched.len() > 1 || !e.ambiguous.is_empty() => {
                let mut c = names(&found.matched);
                c.extend(e.ambiguous.iter().cloned());
                c.dedup();
                ("ambiguous", c)
            }
            Some(_) => ("resolved", Vec::new()),
        };
        out.push(Resolved {
            line: row.line,
            name: row.name.clone(),
            status,
            kind: top.map(|e| e.kind),
            identity: top.map(|e| e.name.clone()),
            releases: found.total,
            first: top.and_then(|e| e.first),
            last: top.and_then(|e| e.last),
            aliases: top.map(|e| e.aliases.clone()).unwrap_or_default(),
            candidates,
        });
    }
    Ok(out)
}
