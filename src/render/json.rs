//! JSON Lines output for programs.
//!
//! # Wire format
//!
//! Every line is one compact JSON object `{"type": T, "data": {...}}`. Field names are stable;
//! new fields may be added.
//!
//! `pressdex search --json` prints one `hit` line per result, then one `summary` line:
//!
//! - `hit`: `rank` (1-based, counting `--offset`), `score` (BM25, `null` when sorted by date),
//!   `date` (`YYYY-MM-DD` or `null`), `title`, `path`, `lang` (the release's language, an ISO
//!   639-1 code), `url` (the address of the original page, an absolute `http(s)` URL; only when
//!   the release's HTML names one), `people` and `orgs` (canonical names),
//!   `fragments`: `[{"offset", "text", "highlights": [{"start", "end"}]}]` where `offset` is the
//!   fragment's byte offset in the body and highlights are UTF-8 byte ranges into `text`, end
//!   exclusive.
//! - `summary`: `query` (string or `null`), `total` (matching releases over all pages),
//!   `returned`, `offset`, `limit`, `elapsed_ms`; `rewrites`: what each prefix (`xum*`) or
//!   fuzzy (`Guterres~1`) term matched, `[{"term", "kind": "prefix"|"fuzzy", "distance"
//!   (fuzzy only), "matched": [index words, most frequent first, at most 10],
//!   "matched_total"}]`; `suggestions` when nothing matched: `[{"query", "total"}]`;
//!   `unknown_filters` when nothing matched and a `--person` or `--org` names no release of
//!   the index: `[{"kind": "person"|"org", "name"}]` (absent otherwise).
//!
//! With `--facets`, a `facets` line comes before the summary: `people` and `orgs`
//! (`[{"name", "releases"}]`, most releases first, aliases merged) and `years`
//! (`[{"year", "releases"}]`, oldest first) and `languages` (`[{"name", "releases"}]`, `name`
//! an ISO 639-1 code, most releases first), all counted over every matching release.
//!
//! `pressdex index --json` prints one `warning` line per skipped file (`path`, `reason`) and a
//! `summary` line with the counts of [`IndexReport`].
//!
//! `pressdex mentions --json` prints one `mention` line per release and entity: `date`,
//! `title`, `path`, `entity` (the name in that release), `roles` (offices the release gives a
//! person, as stored when it was indexed), `mentions`: `[{"text", "start", "end",
//! "sentence", "highlight": {"start", "end"}}]` (`start`/`end` are byte offsets into the body,
//! `highlight` into `sentence`); then a `summary`: `query`, `role`, `matched` (entities:
//! `kind`, `name`, `releases`, `aliases`, `roles`, `role_dates` (people with roles only:
//! `[{"role", "releases", "first", "last"}]`), `first`, `last`, and `ambiguous` when
//! unresolved), `total`,
//! `returned`, `suggestions` (entities, when nothing matched).
//!
//! `pressdex people --json` and `pressdex orgs --json` print one `entity` line per entity (the
//! same fields as `matched`), then a `summary` with `returned`.
//!
//! `pressdex show --json` prints one `release` line with the fields of `pressdex extract`
//! (`url` among them when the release has one).
//!
//! `pressdex identity list --json` prints one `correction` line per decision, in the order they
//! were made: the fields of its line in the corrections file (`id`, `action`, `kind`, `names`,
//! `into`, `from`, `undoes`, `by`, `at`, `why`; absent when they do not apply) and `status`
//! (`applied`, `matches_nothing`, `undone`, `undo`), `releases` (releases it changes now, for
//! decisions in force) and `undone_by`; then a `summary`: `file`, `returned`, `applied`,
//! `matches_nothing`, `undone`. `pressdex identity merge|rename|hide|split|undo --json` prints
//! the `correction` line of the decision recorded, then a `summary`: `index`, `rewritten`
//! (releases written again). `pressdex index --json` prints a `correction` line for each
//! decision in force that matches nothing, before its summary.
//!
//! `pressdex extract` is a separate contract: one bare object per file (see the README).

use std::io::{self, Write};

use serde::Serialize;

use crate::error::Warning;
use crate::identities::edit::{Listed, Recorded, Status};
use crate::identities::{EntitySummary, Mentions};
use crate::index::IndexReport;
use crate::model::Release;
use crate::search::Facets;
use crate::search::{SearchRequest, SearchResults};

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'a str,
    data: T,
}

/// Writes one `{"type": kind, "data": data}` line.
pub fn line<W: Write, T: Serialize>(out: &mut W, kind: &str, data: T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &Envelope { kind, data })?;
    out.write_all(b"\n")
}

#[derive(Serialize)]
struct SearchSummary<'a> {
    query: Option<&'a str>,
    rewrites: &'a [crate::search::query::Rewrite],
    suggestions: &'a [crate::search::Suggestion],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    unknown_filters: &'a [crate::search::UnknownFilter],
    total: usize,
    returned: usize,
    offset: usize,
    limit: usize,
    elapsed_ms: f64,
}

#[derive(Serialize)]
struct FacetsLine<'a> {
    #[serde(flatten)]
    facets: &'a Facets,
    languages: &'a [crate::search::FacetCount],
}

/// Writes the hits and the summary of a search; with `facets`, the releases per language too.
pub fn search<W: Write>(
    out: &mut W,
    request: &SearchRequest,
    results: &SearchResults,
    facets: Option<(&Facets, &[crate::search::FacetCount])>,
) -> io::Result<()> {
    for hit in &results.hits {
        line(out, "hit", hit)?;
    }
    if let Some((facets, languages)) = facets {
        line(out, "facets", FacetsLine { facets, languages })?;
    }
    line(
        out,
        "summary",
        SearchSummary {
            query: request.query.as_deref(),
            rewrites: &results.rewrites,
            suggestions: &results.suggestions,
            unknown_filters: &results.unknown_filters,
            total: results.total,
            returned: results.hits.len(),
            offset: request.offset,
            limit: request.limit,
            elapsed_ms: results.elapsed_ms,
        },
    )
}

#[derive(Serialize)]
struct IndexSummary<'a> {
    index: &'a str,
    files: usize,
    added: usize,
    updated: usize,
    unchanged: usize,
    removed: usize,
    skipped: usize,
    ignored: usize,
    documents: u64,
    bytes_parsed: u64,
    elapsed_ms: u64,
    commits: usize,
    resumed: bool,
}

/// Writes the warnings and the summary of an indexing run.
pub fn index_report<W: Write>(out: &mut W, index: &str, report: &IndexReport) -> io::Result<()> {
    for w in &report.warnings {
        line(out, "warning", w)?;
    }
    for c in &report.unmatched_corrections {
        line(out, "correction", c)?;
    }
    line(
        out,
        "summary",
        IndexSummary {
            index,
            files: report.files,
            added: report.added,
            updated: report.updated,
            unchanged: report.unchanged,
            removed: report.removed,
            skipped: report.skipped,
            ignored: report.ignored,
            documents: report.documents,
            bytes_parsed: report.bytes_parsed,
            elapsed_ms: report.elapsed_ms,
            commits: report.commits,
            resumed: report.resumed,
        },
    )
}

/// Writes the line `pressdex index --json` prints after each batch commit: `written`, the
/// releases the run added or replaced that are now in the index.
pub fn index_commit<W: Write>(out: &mut W, written: u64) -> io::Result<()> {
    #[derive(Serialize)]
    struct Commit {
        written: u64,
    }
    line(out, "commit", Commit { written })
}

/// Writes a warning line (used by `--json` modes that report per-file problems on stdout).
pub fn warning<W: Write>(out: &mut W, warning: &Warning) -> io::Result<()> {
    line(out, "warning", warning)
}

#[derive(Serialize)]
struct MentionsSummary<'a> {
    query: &'a str,
    role: Option<&'a str>,
    matched: &'a [EntitySummary],
    total: usize,
    returned: usize,
    suggestions: &'a [EntitySummary],
}

/// Writes `pressdex mentions --json`: one `mention` line per release and entity
/// ([`MentionRelease`](crate::identities::MentionRelease)), then a `summary`.
pub fn mentions<W: Write>(out: &mut W, m: &Mentions) -> io::Result<()> {
    for r in &m.releases {
        line(out, "mention", r)?;
    }
    line(
        out,
        "summary",
        MentionsSummary {
            query: &m.query,
            role: m.role.as_deref(),
            matched: &m.matched,
            total: m.total,
            returned: m.releases.len(),
            suggestions: &m.suggestions,
        },
    )
}

/// Writes `pressdex people|orgs --json`: one `entity` line per entity, then a `summary`.
pub fn entities<W: Write>(out: &mut W, rows: &[EntitySummary]) -> io::Result<()> {
    for r in rows {
        line(out, "entity", r)?;
    }
    #[derive(Serialize)]
    struct Summary {
        returned: usize,
    }
    line(
        out,
        "summary",
        Summary {
            returned: rows.len(),
        },
    )
}

/// Writes `pressdex show --json`: one `release` line (the same fields as `pressdex extract`).
pub fn release<W: Write>(out: &mut W, r: &Release) -> io::Result<()> {
    line(out, "release", r)
}

/// Writes `pressdex identity list --json`: one `correction` line per decision, then a
/// `summary`.
pub fn corrections<W: Write>(out: &mut W, file: &str, rows: &[Listed]) -> io::Result<()> {
    for r in rows {
        line(out, "correction", r)?;
    }
    let count = |status| rows.iter().filter(|r| r.status == status).count();
    #[derive(Serialize)]
    struct Summary<'a> {
        file: &'a str,
        returned: usize,
        applied: usize,
        matches_nothing: usize,
        undone: usize,
    }
    line(
        out,
        "summary",
        Summary {
            file,
            returned: rows.len(),
            applied: count(Status::Applied),
            matches_nothing: count(Status::MatchesNothing),
            undone: count(Status::Undone),
        },
    )
}

/// Writes what `pressdex identity merge|rename|hide|split|undo --json` did: the `correction`
/// line of the decision, then a `summary`.
pub fn recorded<W: Write>(out: &mut W, index: &str, r: &Recorded) -> io::Result<()> {
    line(out, "correction", &r.decision)?;
    #[derive(Serialize)]
    struct Summary<'a> {
        index: &'a str,
        rewritten: usize,
    }
    line(
        out,
        "summary",
        Summary {
            index,
            rewritten: r.rewritten,
        },
    )
}
