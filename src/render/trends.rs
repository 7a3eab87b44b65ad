//! `pressdex trends`: releases per period as an aligned table with bars, JSON Lines or CSV.
//!
//! - JSON: one `trend` line per period (`period`, `first`, `last`, `releases`, and with
//!   `--normalize` `all` and `share`), then a `summary`: `query`, `by`, `normalize`, `total`,
//!   `undated`, `periods`, `elapsed_ms`.
//! - CSV: `period,first,last,releases` (with `--normalize`: `,all,share`).

use std::io::{self, Write};

use super::json::line;
use crate::search::SearchRequest;
use crate::trends::Trends;

/// Widest bar of the human table, in characters.
const BAR: u64 = 40;

/// Writes the table for people: period, count (and share), and a bar.
pub fn human<W: Write>(out: &mut W, trends: &Trends) -> io::Result<()> {
    let max = trends.periods.iter().map(|t| t.releases).max().unwrap_or(0);
    let width = max.to_string().len();
    let label = trends
        .periods
        .iter()
        .map(|t| t.period.len())
        .max()
        .unwrap_or(4);
    for t in &trends.periods {
        write!(out, "{:<label$}  {:>width$}", t.period, t.releases)?;
        if trends.normalize {
            match (t.share, t.all) {
                (Some(share), Some(all)) => write!(out, "  {:>6.2}% of {all}", share * 100.0)?,
                _ => write!(out, "  {:>7}", "-")?,
            }
        }
        let bar = if max == 0 {
            0
        } else {
            (t.releases * BAR).div_ceil(max)
        };
        if bar > 0 {
            write!(out, "  {}", "█".repeat(bar as usize))?;
        }
        writeln!(out)?;
    }
    let periods = trends.periods.len();
    write!(
        out,
        "{} matching release{} in {periods} period{}",
        trends.total,
        if trends.total == 1 { "" } else { "s" },
        if periods == 1 { "" } else { "s" }
    )?;
    if trends.undated > 0 {
        write!(out, "; {} undated, not counted", trends.undated)?;
    }
    writeln!(out)
}

/// Writes JSON Lines: the periods, then a summary.
pub fn json<W: Write>(out: &mut W, request: &SearchRequest, trends: &Trends) -> io::Result<()> {
    for t in &trends.periods {
        line(out, "trend", t)?;
    }
    line(
        out,
        "summary",
        serde_json::json!({
            "query": request.query,
            "by": trends.by,
            "normalize": trends.normalize,
            "total": trends.total,
            "undated": trends.undated,
            "periods": trends.periods.len(),
            "elapsed_ms": trends.elapsed_ms,
        }),
    )
}

/// Writes CSV: a header, then one row per period.
pub fn csv<W: Write>(out: W, trends: &Trends) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header = vec!["period", "first", "last", "releases"];
    if trends.normalize {
        header.extend(["all", "share"]);
    }
    w.write_record(&header).map_err(io_error)?;
    for t in &trends.periods {
        let mut row = vec![
            t.period.clone(),
            t.first.to_string(),
            t.last.to_string(),
            t.releases.to_string(),
        ];
        if trends.normalize {
            row.push(t.all.map(|a| a.to_string()).unwrap_or_default());
            row.push(t.share.map(|s| format!("{s:.6}")).unwrap_or_default());
        }
        w.write_record(&row).map_err(io_error)?;
    }
    w.flush()
}

/// The I/O error behind a CSV error, so that a closed pipe is still seen as one.
fn io_error(e: csv::Error) -> io::Error {
    let kind = match e.kind() {
        csv::ErrorKind::Io(io) => io.kind(),
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, e.to_string())
}
