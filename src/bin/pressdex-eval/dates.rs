//! The dates section: exact-day accuracy of the publication date that `pressdex index` stores.
//!
//! Every document goes through the same two calls as in the indexer: `parse::parse(path, bytes)`
//! then `extract::extract(key, parsed)`, with the key a relative path as `pressdex index` would
//! record it when pointed at the unpacked folder. A date counts when it is the gold calendar day;
//! a page that fails to parse or gets no date counts as wrong.
//!
//! Data sets (each skipped with a note when missing):
//! - `doj-press-releases`: every page of `html.tar.xz` that has a record in `releases.jsonl.gz`,
//!   scored against the record's `date`. That value is ISO 8601 with the site's UTC offset, always
//!   local midnight (`2018-04-13T00:00:00-04:00`): the release's day is the calendar day *as
//!   written*, in Washington time. Converting to UTC would be wrong in general (a page dated
//!   `…T20:00:00-05:00` would move to the next day), so the offset is dropped, not applied.
//! - `grimmer-senate-press-releases`: every text with a date in `manifest.tsv`
//!   (`date_from_filename`; the 9 files with malformed names have none and are left out). Two rows:
//!   "text + path" is what `pressdex index raw/` stores (the key `raw/<Senator>/<ddMonYYYY>….txt`
//!   carries the date); "text only" runs the same extraction with an empty path, to show how far
//!   the text alone goes (the text's own date often differs from the file name's: wire stories
//!   pasted days later).
//! - `reuters21578`: see [`reuters_stories`] for the input chosen; two rows again.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use chrono::NaiveDate;
use pressdex::model::DateSource;
use rayon::prelude::*;

use crate::table::Row;
use crate::unpack;

/// How many files are decompressed before a batch is parsed in parallel.
const BATCH: usize = 256;

/// Runs the dates section; `show_misses` wrong answers per row are listed on stderr.
pub fn run(data: &Path, show_misses: usize) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    let sets: [(&str, DatasetFn); 3] = [
        ("doj-press-releases", doj),
        ("grimmer-senate-press-releases", grimmer),
        ("reuters21578", reuters),
    ];
    for (name, f) in sets {
        let dir = data.join(name);
        if !dir.is_dir() {
            eprintln!("pressdex-eval: dates: {} not found, skipped", dir.display());
            continue;
        }
        eprintln!("pressdex-eval: dates: {name} …");
        let start = std::time::Instant::now();
        for (row, score) in f(&dir).with_context(|| format!("dates on {name}"))? {
            score.print_sources(&row);
            score.print_misses(&row, show_misses);
            rows.push(row);
        }
        eprintln!(
            "pressdex-eval: dates: {name} done in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    Ok(rows)
}

type DatasetFn = fn(&Path) -> anyhow::Result<Vec<(Row, Score)>>;

/// One document's outcome: its key, the gold day and what pressdex found.
struct Outcome {
    key: String,
    gold: NaiveDate,
    found: Option<(NaiveDate, DateSource)>,
}

impl Outcome {
    fn is_right(&self) -> bool {
        self.found.is_some_and(|(d, _)| d == self.gold)
    }
}

/// Right and wrong answers for one row.
#[derive(Default)]
struct Score {
    outcomes: Vec<Outcome>,
}

impl Score {
    fn right(&self) -> usize {
        self.outcomes.iter().filter(|o| o.is_right()).count()
    }

    fn row(&self, dataset: String, field: &str, target: Option<f64>) -> Row {
        let n = self.outcomes.len();
        Row {
            section: "dates",
            dataset,
            field: field.to_string(),
            precision: None,
            recall: None,
            score: if n == 0 {
                0.0
            } else {
                self.right() as f64 / n as f64
            },
            n,
            target,
        }
    }

    /// Where the dates came from, right or wrong: which subset of the documents each kind of
    /// evidence dated.
    fn print_sources(&self, row: &Row) {
        let mut by_source: HashMap<&str, (usize, usize)> = HashMap::new();
        for o in &self.outcomes {
            let e = by_source
                .entry(o.found.map_or("none", |(_, s)| s.as_str()))
                .or_default();
            e.0 += 1;
            e.1 += usize::from(o.is_right());
        }
        let mut sources: Vec<_> = by_source.into_iter().collect();
        sources.sort();
        let list: Vec<String> = sources
            .iter()
            .map(|(s, (n, right))| format!("{s} {right}/{n}"))
            .collect();
        eprintln!(
            "pressdex-eval: dates: {} / {}: right/total by source: {}",
            row.dataset,
            row.field,
            list.join(", ")
        );
    }

    fn print_misses(&self, row: &Row, limit: usize) {
        if limit == 0 {
            return;
        }
        let mut by_source: HashMap<&str, usize> = HashMap::new();
        let wrong: Vec<&Outcome> = self.outcomes.iter().filter(|o| !o.is_right()).collect();
        for o in &wrong {
            *by_source
                .entry(o.found.map_or("none", |(_, s)| s.as_str()))
                .or_default() += 1;
        }
        let mut sources: Vec<_> = by_source.into_iter().collect();
        sources.sort();
        eprintln!(
            "pressdex-eval: dates: {} / {}: {} wrong, by source of the wrong date: {sources:?}",
            row.dataset,
            row.field,
            wrong.len()
        );
        for o in wrong.iter().take(limit) {
            let (got, src) = o.found.map_or(("none".to_string(), "-"), |(d, s)| {
                (d.to_string(), s.as_str())
            });
            eprintln!("  {}  gold {}  got {got} ({src})", o.key, o.gold);
        }
    }
}

/// What `pressdex index` would store as the date of this file.
fn indexed_date(key: &str, bytes: &[u8]) -> Option<(NaiveDate, DateSource)> {
    let parsed = pressdex::parse::parse(Path::new(key), bytes).ok()?;
    let release = pressdex::extract::extract(key, parsed);
    release.date.zip(release.date_source)
}

/// The same, with the path withheld from the extractor (the text alone).
fn text_only_date(key: &str, bytes: &[u8]) -> Option<(NaiveDate, DateSource)> {
    let parsed = pressdex::parse::parse(Path::new(key), bytes).ok()?;
    let release = pressdex::extract::extract("", parsed);
    release.date.zip(release.date_source)
}

/// `YYYY-MM-DD` at the start of an ISO 8601 value: the calendar day as written, offset dropped.
fn iso_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn doj(dir: &Path) -> anyhow::Result<Vec<(Row, Score)>> {
    let records = unpack::read_gz(&dir.join("releases.jsonl.gz"))?;
    let mut gold: HashMap<String, NaiveDate> = HashMap::new();
    for line in records.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_slice(line).context("a line of releases.jsonl.gz")?;
        let (Some(file), Some(date)) = (
            v["html_file"].as_str(),
            v["date"].as_str().and_then(iso_day),
        ) else {
            continue;
        };
        gold.insert(file.to_string(), date);
    }
    let mut score = Score::default();
    let mut seen = 0usize;
    unpack::for_each_batch_in_tar_xz(&dir.join("html.tar.xz"), BATCH, |batch| {
        let done: Vec<Outcome> = batch
            .par_iter()
            .filter_map(|(key, bytes)| {
                let file = key.rsplit('/').next().unwrap_or(key);
                let gold = *gold.get(file)?;
                Some(Outcome {
                    key: key.clone(),
                    gold,
                    found: indexed_date(key, bytes),
                })
            })
            .collect();
        seen += done.len();
        score.outcomes.extend(done);
    })?;
    // Records whose page is missing from the archive count as wrong.
    if seen < gold.len() {
        let found: std::collections::HashSet<String> = score
            .outcomes
            .iter()
            .map(|o| o.key.rsplit('/').next().unwrap_or(&o.key).to_string())
            .collect();
        for (file, &date) in &gold {
            if !found.contains(file) {
                score.outcomes.push(Outcome {
                    key: format!("{file} (not in html.tar.xz)"),
                    gold: date,
                    found: None,
                });
            }
        }
    }
    let row = score.row(
        "doj-press-releases (raw HTML pages)".into(),
        "date exact day",
        Some(0.995),
    );
    Ok(vec![(row, score)])
}

fn grimmer(dir: &Path) -> anyhow::Result<Vec<(Row, Score)>> {
    let manifest = std::fs::read_to_string(dir.join("manifest.tsv"))
        .with_context(|| format!("reading {}", dir.join("manifest.tsv").display()))?;
    let mut gold: HashMap<String, NaiveDate> = HashMap::new();
    let mut lines = manifest.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .with_context(|| format!("manifest.tsv has no column {name}"))
    };
    let (path_col, date_col) = (col("path")?, col("date_from_filename")?);
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(path), Some(date)) = (
            cells.get(path_col),
            cells.get(date_col).and_then(|d| iso_day(d)),
        ) else {
            continue;
        };
        gold.insert((*path).to_string(), date);
    }
    let mut with_path = Score::default();
    let mut text_only = Score::default();
    unpack::for_each_batch_in_tar_xz(&dir.join("texts.tar.xz"), BATCH, |batch| {
        let done: Vec<(Outcome, Outcome)> = batch
            .par_iter()
            .filter_map(|(key, bytes)| {
                let gold = *gold.get(key)?;
                Some((
                    Outcome {
                        key: key.clone(),
                        gold,
                        found: indexed_date(key, bytes),
                    },
                    Outcome {
                        key: key.clone(),
                        gold,
                        found: text_only_date(key, bytes),
                    },
                ))
            })
            .collect();
        for (a, b) in done {
            with_path.outcomes.push(a);
            text_only.outcomes.push(b);
        }
    })?;
    Ok(vec![
        (
            with_path.row(
                "grimmer-senate-press-releases".into(),
                "date exact day (text + path)",
                Some(0.97),
            ),
            with_path,
        ),
        (
            text_only.row(
                "grimmer-senate-press-releases".into(),
                "date exact day (text only)",
                None,
            ),
            text_only,
        ),
    ])
}

/// One Reuters story, in the two forms the section scores.
struct Story {
    /// `reut2-000/<NEWID>.txt`.
    key: String,
    gold: NaiveDate,
    /// The `<REUTERS>…</REUTERS>` element exactly as in the collection.
    sgml: Vec<u8>,
    /// Headline, dateline and body as plain text, without the `<DATE>` element.
    text: String,
}

/// Splits the collection into stories, as a user would before indexing it.
///
/// pressdex indexes one release per file, so a user splits each `reut2-NNN.sgm` into one file
/// per `<REUTERS>` element. The honest copy of a story is that element as it is: its `<DATE>`
/// timestamp (`26-FEB-1987 15:01:01.79`, with irregular spacing and trailing junk) is part of
/// the story, and the "story as a file" row scores that input. Because the timestamp is also
/// the gold, the "story text only" row withholds it: the file holds the headline, the dateline
/// (`SALVADOR, Feb 26 - `, with no year) and the body, entities decoded. That row shows what
/// the text alone supports; 2,003 stories (`TYPE="BRIEF"`, body "Blah blah blah.") carry no
/// date at all, so it cannot reach the target and has none.
fn reuters_stories(sgml: &[u8], file: &str) -> Vec<Story> {
    // The files are ASCII but for one 0xFC byte: Latin-1 maps every byte to one char.
    let text: String = sgml.iter().map(|&b| char::from(b)).collect();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<REUTERS") {
        let Some(len) = rest[start..].find("</REUTERS>") else {
            break;
        };
        let end = start + len + "</REUTERS>".len();
        let story = &rest[start..end];
        rest = &rest[end..];
        let Some(gold) = element(story, "DATE").and_then(reuters_timestamp) else {
            continue;
        };
        let id = attribute(story, "NEWID").unwrap_or("0");
        let mut plain = String::new();
        for (name, sep) in [("TITLE", "\n\n"), ("DATELINE", ""), ("BODY", "\n")] {
            if let Some(v) = element(story, name) {
                plain.push_str(&unescape(v));
                plain.push_str(sep);
            }
        }
        if element(story, "BODY").is_none() {
            // BRIEF and UNPROC stories: whatever the <TEXT> holds besides the title.
            if let Some(t) = element(story, "TEXT") {
                let t = t.find("</TITLE>").map_or(t, |i| &t[i + "</TITLE>".len()..]);
                plain.push_str(&unescape(t));
            }
        }
        out.push(Story {
            key: format!("{file}/{id}.txt"),
            gold,
            sgml: story.chars().map(latin1_byte).collect(),
            text: plain,
        });
    }
    out
}

fn latin1_byte(c: char) -> u8 {
    u8::try_from(u32::from(c)).unwrap_or(b'?')
}

/// The content of the first `<NAME …>…</NAME>` in `s`.
fn element<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let open = s.find(&format!("<{name}"))?;
    let after = open + 1 + name.len();
    if !s[after..].starts_with(['>', ' ']) {
        return None;
    }
    let body = after + s[after..].find('>')? + 1;
    let close = body + s[body..].find(&format!("</{name}>"))?;
    Some(&s[body..close])
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// The gold day of a `<DATE>` value (`26-FEB-1987 15:01:01.79`), read independently of pressdex.
fn reuters_timestamp(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    let t = t.split_whitespace().next()?;
    NaiveDate::parse_from_str(t, "%d-%b-%Y").ok()
}

/// Decodes the SGML entities of a Reuters text (`&lt;`, `&amp;`, `&#3;` …); control characters go.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&j| j <= 8) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            _ => name
                .strip_prefix('#')
                .and_then(|n| n.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) if !c.is_control() || c == '\n' => out.push(c),
            Some(_) => {}
            None => out.push_str(&rest[..=semi]),
        }
        rest = &rest[semi + 1..];
    }
    out.push_str(rest);
    out
}

fn reuters(dir: &Path) -> anyhow::Result<Vec<(Row, Score)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("reut2-") && n.ends_with(".sgm.gz"))
        })
        .collect();
    files.sort();
    let mut as_is = Score::default();
    let mut text_only = Score::default();
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".sgm.gz")
            .to_string();
        let stories = reuters_stories(&unpack::read_gz(&path)?, &name);
        let done: Vec<(Outcome, Outcome)> = stories
            .par_iter()
            .map(|s| {
                (
                    Outcome {
                        key: s.key.clone(),
                        gold: s.gold,
                        found: indexed_date(&s.key, &s.sgml),
                    },
                    Outcome {
                        key: s.key.clone(),
                        gold: s.gold,
                        found: indexed_date(&s.key, s.text.as_bytes()),
                    },
                )
            })
            .collect();
        for (a, b) in done {
            as_is.outcomes.push(a);
            text_only.outcomes.push(b);
        }
    }
    Ok(vec![
        (
            as_is.row(
                "reuters21578 (each <REUTERS> story as a file)".into(),
                "date exact day",
                Some(0.95),
            ),
            as_is,
        ),
        (
            text_only.row(
                "reuters21578 (story text without <DATE>)".into(),
                "date exact day",
                None,
            ),
            text_only,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuters_split_and_gold() {
        let sgml = b"<REUTERS TOPICS=\"NO\" NEWID=\"7\">\n<DATE>  3-MAR-1987 09:15:05.40</DATE>\n\
            <TEXT>&#2;\n<TITLE>ACME &lt;ACM&gt; PROFIT UP</TITLE>\n<DATELINE>    NEW YORK, March 3 - \
            </DATELINE><BODY>Acme &amp; Co said.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n\
            <REUTERS NEWID=\"8\"><DATE>junk</DATE></REUTERS>";
        let stories = reuters_stories(sgml, "reut2-000");
        assert_eq!(stories.len(), 1);
        let s = &stories[0];
        assert_eq!(s.key, "reut2-000/7.txt");
        assert_eq!(s.gold, NaiveDate::from_ymd_opt(1987, 3, 3).unwrap());
        assert!(s.sgml.starts_with(b"<REUTERS") && s.sgml.ends_with(b"</REUTERS>"));
        assert_eq!(
            s.text,
            "ACME <ACM> PROFIT UP\n\n    NEW YORK, March 3 - Acme & Co said.\n Reuter\n\n"
        );
        assert!(!s.text.contains("1987"));
    }

    #[test]
    fn missing_data_sets_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        assert!(run(dir.path(), 0).unwrap().is_empty());
        assert!(crate::speed::run(dir.path()).unwrap().is_empty());
    }

    #[test]
    fn gold_days() {
        assert_eq!(
            iso_day("2018-04-13T00:00:00-04:00"),
            NaiveDate::from_ymd_opt(2018, 4, 13)
        );
        assert_eq!(
            reuters_timestamp(" 27-MAR-1987 00:02:59.13&#5;&#5;RM"),
            NaiveDate::from_ymd_opt(1987, 3, 27)
        );
        assert_eq!(iso_day(""), None);
    }
}
