//! The speed section: megabytes per second on one core, for the two CPU-heavy stages of
//! `pressdex index`, each timed alone on one thread (the indexer runs one such stage per core).
//!
//! - **parse (HTML)**: `parse::parse` on raw pages (decoding, DOM, main text, date hints); MB are
//!   bytes of HTML. Pages: the first [`DOJ_PAGES`] of the DOJ archive (one newsroom template) and
//!   all article-extraction-benchmark pages (126 sites).
//! - **extract**: `extract::extract` (date, people, organizations) on already-parsed documents;
//!   MB are bytes of main text. Documents: the first [`GRIMMER_TEXTS`] Grimmer texts and the
//!   parsed DOJ pages above.
//!
//! - **extract: date only**: the date step of `extract` alone, on the same documents.
//!
//! Inputs are read into memory first, so no I/O or decompression is timed. Each measure runs
//! whole passes over its documents until at least [`MIN_SECONDS`] have gone by, and divides by
//! the thread's CPU time where Linux reports it (wall-clock time elsewhere), so a busy machine
//! slows the run but changes the numbers less.

use std::path::Path;
use std::time::Instant;

use pressdex::model::Parsed;

use crate::table::Row;
use crate::unpack;

/// DOJ pages timed (about 40 KB each).
const DOJ_PAGES: usize = 600;
/// Grimmer texts timed (about 3 KB each).
const GRIMMER_TEXTS: usize = 4000;
/// Minimum time spent on each measure.
const MIN_SECONDS: f64 = 1.5;

/// Runs the speed section.
pub fn run(data: &Path) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();

    let doj = data.join("doj-press-releases/html.tar.xz");
    if doj.is_file() {
        eprintln!("pressdex-eval: speed: doj-press-releases …");
        let pages = first_files(&doj, DOJ_PAGES, |n| n.ends_with(".html"))?;
        let (mbps, parsed) = time_parse(&pages);
        rows.push(row(
            format!("doj-press-releases ({} pages)", pages.len()),
            "parse HTML MB/s/core",
            mbps,
            pages.len(),
        ));
        rows.push(row(
            format!("doj-press-releases ({} parsed pages)", parsed.len()),
            "extract MB/s/core",
            time_extract(&parsed),
            parsed.len(),
        ));
        rows.push(row(
            format!("doj-press-releases ({} parsed pages)", parsed.len()),
            "extract: date only MB/s/core",
            time_dates(&parsed),
            parsed.len(),
        ));
    } else {
        eprintln!("pressdex-eval: speed: {} not found, skipped", doj.display());
    }

    let bench = data.join("article-extraction-benchmark/html");
    if bench.is_dir() {
        eprintln!("pressdex-eval: speed: article-extraction-benchmark …");
        let mut paths: Vec<_> = std::fs::read_dir(&bench)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
            .collect();
        paths.sort();
        let mut pages = Vec::new();
        for p in paths {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().trim_end_matches(".gz").to_string())
                .unwrap_or_default();
            pages.push((name, unpack::read_gz(&p)?));
        }
        let (mbps, _) = time_parse(&pages);
        rows.push(row(
            format!("article-extraction-benchmark ({} pages)", pages.len()),
            "parse HTML MB/s/core",
            mbps,
            pages.len(),
        ));
    } else {
        eprintln!(
            "pressdex-eval: speed: {} not found, skipped",
            bench.display()
        );
    }

    let grimmer = data.join("grimmer-senate-press-releases/texts.tar.xz");
    if grimmer.is_file() {
        eprintln!("pressdex-eval: speed: grimmer-senate-press-releases …");
        let texts = first_files(&grimmer, GRIMMER_TEXTS, |n| n.ends_with(".txt"))?;
        let (mbps, parsed) = time_parse(&texts);
        rows.push(row(
            format!("grimmer-senate-press-releases ({} texts)", texts.len()),
            "parse text MB/s/core",
            mbps,
            texts.len(),
        ));
        rows.push(row(
            format!("grimmer-senate-press-releases ({} texts)", parsed.len()),
            "extract MB/s/core",
            time_extract(&parsed),
            parsed.len(),
        ));
        rows.push(row(
            format!("grimmer-senate-press-releases ({} texts)", parsed.len()),
            "extract: date only MB/s/core",
            time_dates(&parsed),
            parsed.len(),
        ));
    } else {
        eprintln!(
            "pressdex-eval: speed: {} not found, skipped",
            grimmer.display()
        );
    }
    Ok(rows)
}

fn row(dataset: String, field: &str, score: f64, n: usize) -> Row {
    Row {
        section: "speed",
        dataset,
        field: field.to_string(),
        precision: None,
        recall: None,
        score,
        n,
        target: None,
    }
}

/// The first `limit` files of an archive whose name passes `keep`.
fn first_files(
    archive: &Path,
    limit: usize,
    keep: impl Fn(&str) -> bool,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    unpack::for_each_in_tar_xz(archive, |name, bytes| {
        if keep(name) {
            out.push((name.to_string(), bytes));
        }
        out.len() < limit
    })?;
    Ok(out)
}

/// Seconds of CPU this thread has run, from Linux's `/proc/thread-self/schedstat` (its first
/// field is nanoseconds on the CPU); `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Runs `pass` repeatedly until [`MIN_SECONDS`] have gone by; returns MB per second of this
/// thread's CPU time (so other processes on a busy machine do not count against it), or of
/// wall-clock time where the CPU time cannot be read.
fn megabytes_per_second(bytes_per_pass: usize, mut pass: impl FnMut()) -> f64 {
    let start = Instant::now();
    let cpu_start = thread_cpu_seconds();
    let mut passes = 0usize;
    loop {
        pass();
        passes += 1;
        let wall = start.elapsed().as_secs_f64();
        if wall >= MIN_SECONDS {
            let secs = match (cpu_start, thread_cpu_seconds()) {
                (Some(a), Some(b)) if b > a => b - a,
                _ => wall,
            };
            return (bytes_per_pass * passes) as f64 / 1e6 / secs;
        }
    }
}

/// Parse speed on one thread, and the parsed documents (with their keys) for the extract measure.
fn time_parse(files: &[(String, Vec<u8>)]) -> (f64, Vec<(String, Parsed)>) {
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut parsed = Vec::new();
    let mbps = megabytes_per_second(bytes, || {
        parsed = files
            .iter()
            .filter_map(|(key, b)| {
                let p = pressdex::parse::parse(Path::new(key), b).ok()?;
                Some((key.clone(), p))
            })
            .collect();
    });
    (mbps, parsed)
}

/// Speed of the date step of extraction alone (the call `extract::extract` makes), over
/// main-text bytes.
fn time_dates(docs: &[(String, Parsed)]) -> f64 {
    let bytes: usize = docs.iter().map(|(_, p)| p.body.len()).sum();
    megabytes_per_second(bytes, || {
        for (key, p) in docs {
            std::hint::black_box(pressdex::extract::date::release_date(
                &p.date_hints,
                &p.title,
                &p.body,
                key,
            ));
        }
    })
}

/// Extract speed on one thread, over main-text bytes.
fn time_extract(docs: &[(String, Parsed)]) -> f64 {
    let bytes: usize = docs.iter().map(|(_, p)| p.body.len()).sum();
    megabytes_per_second(bytes, || {
        for (key, p) in docs {
            std::hint::black_box(pressdex::extract::extract(key, p.clone()));
        }
    })
}
