//! Output for people: ranked hits with highlighted fragments, indexing summaries, and the
//! identity corrections.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{sanitize, sanitize_line, Color};
use crate::corrections::Change;
use crate::identities::edit::{Listed, Recorded, Status};
use crate::identities::{EntitySummary, Kind, Mentions};
use crate::index::IndexReport;
use crate::model::Release;
use crate::search::Facets;
use crate::search::{Fragment, SearchResults};
use crate::store::Checked;

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
    for r in &results.rewrites {
        let what = match r.mode {
            crate::search::query::Mode::Prefix => "words starting with it".to_string(),
            crate::search::query::Mode::Fuzzy { distance } => format!(
                "words within {distance} edit{}",
                if distance == 1 { "" } else { "s" }
            ),
        };
        let more = r.matched_total.saturating_sub(r.matched.len());
        let list = if r.matched.is_empty() {
            "none in the index".to_string()
        } else if more > 0 {
            format!("{} and {more} more", r.matched.join(", "))
        } else {
            r.matched.join(", ")
        };
        p.paint(
            out,
            DIM,
            &format!("{} matched {what}: {}", sanitize(&r.term), sanitize(&list)),
        )?;
        writeln!(out)?;
    }
    for hit in &results.hits {
        write!(out, "{}. ", hit.rank)?;
        p.paint(out, TITLE, &sanitize_line(untitled(&hit.title)))?;
        writeln!(out)?;
        let date = hit
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        write!(out, "   ")?;
        p.paint(out, META, &date)?;
        write!(out, "  {}", sanitize_line(&hit.path))?;
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
    if shown == 0 && results.total > 0 {
        let matched = match results.total {
            1 => "1 release matches".to_string(),
            n => format!("{n} releases match"),
        };
        let why = if offset >= results.total {
            format!("this page starts after the last (offset {offset})")
        } else {
            "none was asked for (limit 0)".to_string()
        };
        writeln!(
            out,
            "no releases on this page: {matched}, {why} ({:.1} ms)",
            results.elapsed_ms
        )
    } else if shown == 0 {
        for u in &results.unknown_filters {
            let kind = if u.kind == "person" {
                "person"
            } else {
                "organization"
            };
            writeln!(
                out,
                "no {kind} '{}' in the index: no release names them",
                sanitize(&u.name)
            )?;
        }
        writeln!(out, "no releases found ({:.1} ms)", results.elapsed_ms)?;
        for s in &results.suggestions {
            writeln!(
                out,
                "did you mean: pressdex search '{}' ({} release{})",
                sanitize(&s.query),
                s.total,
                if s.total == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
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

/// Writes what `pressdex check` found in a sound index.
pub fn checked<W: Write>(out: &mut W, index: &str, checked: &Checked) -> io::Result<()> {
    writeln!(
        out,
        "the index at '{}' is sound: {} releases in {} segment{}, every file present and \
         matching its checksum",
        sanitize_line(index),
        checked.releases,
        checked.segments,
        if checked.segments == 1 { "" } else { "s" }
    )
}

/// Writes the summary of an indexing run; skipped files are counted by reason on a second
/// line (each was already reported on stderr with its path).
pub fn index_report<W: Write>(out: &mut W, index: &str, report: &IndexReport) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} files into {}: {} added, {} updated, {} unchanged, {} removed, {} skipped; {} releases in the index ({:.2} s)",
        report.files,
        sanitize_line(index),
        report.added,
        report.updated,
        report.unchanged,
        report.removed,
        report.skipped,
        report.documents,
        report.elapsed_ms as f64 / 1000.0
    )?;
    if report.resumed {
        writeln!(
            out,
            "resumed the interrupted --rebuild: the {} releases it had committed were kept",
            report.unchanged
        )?;
    }
    if !report.warnings.is_empty() {
        let mut reasons: Vec<(String, usize)> = Vec::new();
        for w in &report.warnings {
            let reason = w.reason.split(" (").next().unwrap_or(&w.reason).to_string();
            match reasons.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((reason, 1)),
            }
        }
        let list: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
        writeln!(out, "skipped: {}", sanitize(&list.join(", ")))?;
    }
    Ok(())
}

const PERSON: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan)));
const ORG: Style = Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)));

/// A release's title, or "(untitled)" for a release without one.
fn untitled(title: &str) -> &str {
    if title.is_empty() {
        "(untitled)"
    } else {
        title
    }
}

fn date_or_undated(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(|| "undated".to_string(), |d| d.to_string())
}

fn name_with_count(e: &EntitySummary) -> String {
    let n = e.releases;
    format!("{} ({n} release{})", e.name, if n == 1 { "" } else { "s" })
}

/// Writes `pressdex mentions`: each release with its mentions in context, newest first.
pub fn mentions<W: Write>(
    out: &mut W,
    m: &Mentions,
    offset: usize,
    color: Color,
) -> io::Result<()> {
    let p = Painter(color);
    if m.total == 0 && m.query.is_empty() {
        return writeln!(
            out,
            "no one with the role '{}' in the index",
            sanitize(m.role.as_deref().unwrap_or_default())
        );
    }
    if m.total == 0 {
        if m.suggestions.is_empty() {
            return writeln!(
                out,
                "no person or organization '{}' in the index",
                sanitize(&m.query)
            );
        }
        let names: Vec<String> = m.suggestions.iter().map(name_with_count).collect();
        return writeln!(
            out,
            "no {} '{}'; did you mean {}?",
            m.suggestions
                .first()
                .map_or("person or organization", |s| match s.kind {
                    Kind::Person => "person",
                    Kind::Org => "organization",
                }),
            sanitize(&m.query),
            sanitize(&names.join(" or "))
        );
    }
    for e in &m.matched {
        write!(out, "{}: ", e.kind.as_str())?;
        p.paint(out, TITLE, &sanitize(&name_with_count(e)))?;
        if !e.aliases.is_empty() {
            write!(out, "; also {}", sanitize(&e.aliases.join(", ")))?;
        }
        if !e.roles.is_empty() {
            write!(out, "; roles: {}", sanitize(&e.roles.join("; ")))?;
        }
        if !e.ambiguous.is_empty() {
            write!(
                out,
                "; unresolved: could be {}",
                sanitize(&e.ambiguous.join(" or "))
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    for r in &m.releases {
        p.paint(out, META, &date_or_undated(r.date))?;
        write!(out, "  ")?;
        p.paint(out, TITLE, &sanitize_line(untitled(&r.title)))?;
        writeln!(out)?;
        write!(out, "   {}", sanitize_line(&r.path))?;
        let role = if r.roles.is_empty() {
            String::new()
        } else {
            format!(", {}", r.roles.join("; "))
        };
        p.paint(out, DIM, &sanitize(&format!("  as {}{role}", r.entity)))?;
        writeln!(out)?;
        for k in &r.mentions {
            let s = &k.sentence;
            let h = &k.highlight;
            write!(out, "   • ")?;
            if h.start <= h.end && h.end <= s.len() {
                out.write_all(sanitize(&s[..h.start]).as_bytes())?;
                p.highlight(out, &sanitize(&s[h.start..h.end]))?;
                out.write_all(sanitize(&s[h.end..]).as_bytes())?;
            } else {
                out.write_all(sanitize(s).as_bytes())?;
            }
            writeln!(out)?;
        }
        writeln!(out)?;
    }
    let distinct: std::collections::BTreeSet<&str> =
        m.releases.iter().map(|r| r.path.as_str()).collect();
    if distinct.is_empty() {
        writeln!(out, "no releases on this page ({} in all)", m.total)
    } else {
        writeln!(
            out,
            "{}–{} of {} releases",
            offset + 1,
            offset + distinct.len(),
            m.total
        )
    }
}

/// Writes `pressdex people` / `pressdex orgs`: one line per entity.
pub fn entities<W: Write>(out: &mut W, rows: &[EntitySummary], color: Color) -> io::Result<()> {
    let p = Painter(color);
    let width = rows
        .iter()
        .map(|r| r.releases.to_string().len())
        .max()
        .unwrap_or(1);
    for r in rows {
        write!(out, "{:>width$}  ", r.releases)?;
        p.paint(out, TITLE, &sanitize(&r.name))?;
        let span = match (r.first, r.last) {
            (Some(a), Some(b)) if a == b => format!("  {a}"),
            (Some(a), Some(b)) => format!("  {a} … {b}"),
            _ => String::new(),
        };
        p.paint(out, META, &span)?;
        if !r.aliases.is_empty() {
            write!(out, "  aka {}", sanitize(&r.aliases.join(", ")))?;
        }
        if !r.roles.is_empty() {
            let shown: Vec<&str> = r.roles.iter().take(3).map(String::as_str).collect();
            write!(out, "  — {}", sanitize(&shown.join("; ")))?;
        }
        if !r.ambiguous.is_empty() {
            write!(
                out,
                "  (unresolved: {})",
                sanitize(&r.ambiguous.join(" or "))
            )?;
        }
        writeln!(out)?;
    }
    if rows.is_empty() {
        writeln!(out, "none found")?;
    }
    Ok(())
}

/// Writes `pressdex show`: a release's fields, then its body with every person and
/// organization mention highlighted (people and organizations in different colors; `**…**`
/// without colors).
pub fn release<W: Write>(out: &mut W, r: &Release, color: Color) -> io::Result<()> {
    let p = Painter(color);
    p.paint(out, TITLE, &sanitize_line(untitled(&r.title)))?;
    writeln!(out)?;
    p.paint(out, META, &date_or_undated(r.date))?;
    if let Some(source) = r.date_source {
        p.paint(out, DIM, &format!(" (from {})", source.as_str()))?;
    }
    writeln!(
        out,
        "  {}  {}  {}",
        sanitize_line(&r.path),
        r.format.as_str(),
        sanitize_line(&r.lang)
    )?;
    if let Some(url) = &r.url {
        writeln!(out, "original: {}", sanitize_line(url))?;
    }
    let names = |es: &[crate::model::Entity]| {
        es.iter()
            .map(|e| format!("{} ×{}", e.name, e.mentions.len()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !r.people.is_empty() {
        writeln!(out, "people: {}", sanitize(&names(&r.people)))?;
    }
    if !r.orgs.is_empty() {
        writeln!(out, "orgs: {}", sanitize(&names(&r.orgs)))?;
    }
    writeln!(out)?;
    let mut spans: Vec<(usize, usize, Style)> = r
        .people
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end, PERSON)))
        .chain(
            r.orgs
                .iter()
                .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end, ORG))),
        )
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let body = &r.body;
    let mut at = 0;
    for (start, end, style) in spans {
        if start < at
            || end > body.len()
            || !body.is_char_boundary(start)
            || !body.is_char_boundary(end)
        {
            continue;
        }
        out.write_all(sanitize(&body[at..start]).as_bytes())?;
        match color {
            Color::Ansi => p.paint(out, style, &sanitize(&body[start..end]))?,
            Color::Plain => p.highlight(out, &sanitize(&body[start..end]))?,
        }
        at = end;
    }
    out.write_all(sanitize(&body[at..]).as_bytes())?;
    writeln!(out)
}

/// Writes facet counts: top people and organizations on one line each, the releases per
/// language on one line, then a bar per year.
pub fn facets<W: Write>(
    out: &mut W,
    f: &Facets,
    languages: &[crate::search::FacetCount],
    color: Color,
) -> io::Result<()> {
    let p = Painter(color);
    let list = |counts: &[crate::search::FacetCount]| {
        counts
            .iter()
            .map(|c| format!("{} ({})", c.name, c.releases))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(out)?;
    p.paint(out, TITLE, "people:")?;
    writeln!(out, " {}", sanitize(&list(&f.people)))?;
    p.paint(out, TITLE, "orgs:")?;
    writeln!(out, " {}", sanitize(&list(&f.orgs)))?;
    p.paint(out, TITLE, "languages:")?;
    writeln!(out, " {}", sanitize(&list(languages)))?;
    p.paint(out, TITLE, "years:")?;
    writeln!(out)?;
    let max = f.years.iter().map(|y| y.releases).max().unwrap_or(0).max(1);
    for y in &f.years {
        let bar = "█".repeat(((y.releases * 30).div_ceil(max)) as usize);
        write!(out, "  {}  ", y.year)?;
        p.paint(out, META, &bar)?;
        writeln!(out, " {}", y.releases)?;
    }
    Ok(())
}

/// "1 release", "12 releases".
fn releases(n: u64) -> String {
    format!("{n} release{}", if n == 1 { "" } else { "s" })
}

/// `pressdex identity list`: each decision with where it stands, then who, when and why.
pub fn corrections<W: Write>(out: &mut W, rows: &[Listed]) -> io::Result<()> {
    for r in rows {
        let c = &r.correction;
        let status = match (r.status, r.releases, r.undone_by) {
            (Status::Applied, Some(n), _) => format!(" — {}", releases(n)),
            (Status::MatchesNothing, _, _) => " — matches nothing".to_string(),
            (Status::Undone, _, Some(by)) => format!(" — undone by #{by}"),
            _ => String::new(),
        };
        writeln!(out, "#{} {}{status}", c.id, sanitize(&c.change.to_string()))?;
        let why = if c.why.is_empty() {
            String::new()
        } else {
            format!(": {}", c.why)
        };
        writeln!(
            out,
            "   by {}, {}{}",
            sanitize(&c.by),
            sanitize(&c.at),
            sanitize(&why)
        )?;
    }
    Ok(())
}

/// What `pressdex identity merge|rename|hide|split|undo` did, in one line.
pub fn recorded<W: Write>(out: &mut W, r: &Recorded) -> io::Result<()> {
    let list = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let c = &r.decision.correction;
    let done = match &c.change {
        Change::Merge { kind, names, into } => {
            format!("merged {} into '{into}' ({})", list(names), kind.as_str())
        }
        Change::Rename { kind, name, to } => {
            format!("renamed '{name}' to '{to}' ({})", kind.as_str())
        }
        Change::Hide { kind, names } => format!("hid {} ({})", list(names), kind.as_str()),
        Change::Split {
            kind,
            name,
            from,
            into,
        } => {
            let with = if into == name {
                String::new()
            } else {
                format!(" as '{into}'")
            };
            format!("split '{name}' from '{from}'{with} ({})", kind.as_str())
        }
        Change::Undo { id } => match &r.undone {
            Some(undone) => format!("undid #{id} ({})", undone.change),
            None => format!("undid #{id}"),
        },
    };
    writeln!(
        out,
        "#{} {}: {} rewritten",
        c.id,
        sanitize(&done),
        releases(r.rewritten as u64)
    )
}
