//! Output for people: ranked hits with highlighted fragments, and indexing summaries.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{sanitize, Color};
use crate::index::IndexReport;
use crate::search::{Fragment, SearchResults};

const HIGHLIGHT: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)));
const TITLE: Style = Style::new().bold();
const META: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const DIM: Style = Style::new().dimmed();

/// The plain-text marker around highlights when colors are off.
pub const PLAIN_MARK: &str = "**";

struct Painter(Color);

impl Painter {
    fn paint<W: Write>(&self, out: &mut W, style: Style, text: &str) -> io::Result<()> {
        match self.0 {
            Color::Ansi => write!(out, "{style}{text}{style:#}"),
            Color::Plain => out.write_all(text.as_bytes()),
        }
    }

    fn highlight<W: Write>(&self, out: &mut W, text: &str) -> io::Result<()> {
        match self.0 {
            Color::Ansi => self.paint(out, HIGHLIGHT, text),
            Color::Plain => write!(out, "{PLAIN_MARK}{text}{PLAIN_MARK}"),
        }
    }
}

/// Writes ranked hits, then a one-line summary.
pub fn search<W: Write>(
    out: &mut W,
    results: &SearchResults,
    offset: usize,
    color: Color,
) -> io::Result<()> {
    let p = Painter(color);
    for hit in &results.hits {
        write!(out, "{}. ", hit.rank)?;
        let title = if hit.title.is_empty() {
            "(untitled)"
        } else {
            hit.title.as_str()
        };
        p.paint(out, TITLE, &sanitize(title))?;
        writeln!(out)?;
        let date = hit
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        write!(out, "   ")?;
        p.paint(out, META, &date)?;
        write!(out, "  {}", sanitize(&hit.path))?;
        if let Some(score) = hit.score {
            p.paint(out, DIM, &format!("  score {score:.2}"))?;
        }
        writeln!(out)?;
        if !hit.people.is_empty() {
            writeln!(out, "   people: {}", sanitize(&hit.people.join(", ")))?;
        }
        if !hit.orgs.is_empty() {
            writeln!(out, "   orgs: {}", sanitize(&hit.orgs.join(", ")))?;
        }
        for fragment in &hit.fragments {
            write!(out, "   … ")?;
            fragment_line(out, &p, fragment)?;
            writeln!(out, " …")?;
        }
        writeln!(out)?;
    }
    let shown = results.hits.len();
    if shown == 0 {
        writeln!(out, "no releases found ({:.1} ms)", results.elapsed_ms)
    } else {
        writeln!(
            out,
            "{}–{} of {} releases ({:.1} ms)",
            offset + 1,
            offset + shown,
            results.total,
            results.elapsed_ms
        )
    }
}

fn fragment_line<W: Write>(out: &mut W, p: &Painter, fragment: &Fragment) -> io::Result<()> {
    let text = &fragment.text;
    let mut at = 0;
    for h in &fragment.highlights {
        if h.start < at || h.end > text.len() {
            continue;
        }
        out.write_all(sanitize(&text[at..h.start]).as_bytes())?;
        p.highlight(out, &sanitize(&text[h.start..h.end]))?;
        at = h.end;
    }
    out.write_all(sanitize(&text[at..]).as_bytes())
}

/// Writes the summary of an indexing run.
pub fn index_report<W: Write>(out: &mut W, index: &str, report: &IndexReport) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} files into {}: {} added, {} updated, {} unchanged, {} removed, {} skipped; {} releases in the index ({:.2} s)",
        report.files,
        index,
        report.added,
        report.updated,
        report.unchanged,
        report.removed,
        report.skipped,
        report.documents,
        report.elapsed_ms as f64 / 1000.0
    )
}
