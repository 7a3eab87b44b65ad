//! The corpus-wide answers kept beside the index.
//!
//! Who is mentioned most over every release (with release counts, aliases, roles and dates, as
//! [`Identities::entities`] lists them), the number of releases and the releases per year are
//! worked out by `pressdex index` after each commit and written next to the index (see
//! [`store::TABLE_FILE`]). `people`, `orgs` and facets with no query and no filter read them
//! from there instead of going over every release.
//!
//! The file names the state of the index it was worked out from (its segments and how many
//! documents each has deleted). When the index has moved on since, or the file is missing or
//! unreadable, the answers are worked out from the index as before: the file only ever makes
//! an answer faster, never different.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::{Index, Searcher};

use super::catalog::Catalog;
use super::groups::Groups;
use super::layout::Reader;
use super::{CorpusIdentities, EntitySummary, Identities, Kind};
use crate::error::{Error, Result};
use crate::schema::Fields;
use crate::search::{Engine, FacetCount, SearchRequest, YearCount};
use crate::store;

/// Identities kept per kind: more than the web page and the usual `--limit` ask for; a longer
/// list is worked out from the index.
const ROWS: usize = 200;

/// The layout of the file, and of the links it keeps; another number is not read. 3: a
/// shorter name's middle words line up with the fuller name's, a lone given name links to no
/// one (a table written before links otherwise, so it is worked out again). 5: an
/// organization links only to fuller names written at least as often. 6: names in CJK script
/// link to the romanized name releases pair them with. 7: organizations the same with their
/// acronyms written out are one. 8: organization names that name a kind of body. 9: each
/// identity's releases per year. 10: the identities of each kind in a file of their own. 11:
/// that file in the catalog's own layout. 12: a committee is one under its short names.
const VERSION: u32 = 12;

/// What the file holds.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Table {
    version: u32,
    /// The index state it was worked out from, see [`fingerprint`].
    fingerprint: String,
    /// Releases in the index.
    total: u64,
    /// Releases per publication year, oldest first.
    years: Vec<YearCount>,
    /// People, most mentioned first.
    people: Ranking,
    /// Organizations, most mentioned first.
    orgs: Ranking,
}

/// The file beside the table that keeps one kind's identities ([`Catalog::write`]): read
/// only by the requests that resolve names (a list or facets need the table alone, and a
/// corpus may have hundreds of thousands of organization names).
fn ids_file(kind: Kind) -> String {
    let stem = store::TABLE_FILE.trim_end_matches(".json");
    format!("{stem}-{}.bin", kind.as_str())
}

/// The file beside the table that keeps each segment's names of one kind mapped to its
/// identities ([`Groups::write`]): read only by the requests that count identities (facets,
/// lists with a query), which a look-up of one name does not.
fn groups_file(kind: Kind) -> String {
    let stem = store::TABLE_FILE.trim_end_matches(".json");
    format!("{stem}-{}-groups.bin", kind.as_str())
}

/// The most mentioned identities of one kind.
#[derive(Debug, Serialize, Deserialize)]
struct Ranking {
    /// Whether `rows` holds every identity of the kind.
    complete: bool,
    /// As `Identities::entities` lists them, most releases first.
    rows: Vec<EntitySummary>,
}

impl Ranking {
    /// The first `limit` rows, when the table has them.
    fn top(&self, limit: usize) -> Option<&[EntitySummary]> {
        (limit <= self.rows.len() || self.complete)
            .then(|| &self.rows[..limit.min(self.rows.len())])
    }
}

impl Table {
    fn ranking(&self, kind: Kind) -> &Ranking {
        match kind {
            Kind::Person => &self.people,
            Kind::Org => &self.orgs,
        }
    }

    /// The `limit` most mentioned identities of a kind over every release, if the table has
    /// them.
    pub(super) fn entities(&self, kind: Kind, limit: usize) -> Option<Vec<EntitySummary>> {
        self.ranking(kind).top(limit).map(<[EntitySummary]>::to_vec)
    }

    /// The facets of every release with the `top` people and organizations, if the table has
    /// them.
    pub(super) fn facets(&self, top: usize) -> Option<crate::search::Facets> {
        let counts = |rows: &[EntitySummary]| -> Vec<FacetCount> {
            rows.iter()
                .map(|s| FacetCount {
                    name: s.name.clone(),
                    releases: s.releases as u64,
                })
                .collect()
        };
        Some(crate::search::Facets {
            total: self.total,
            people: counts(self.people.top(top)?),
            orgs: counts(self.orgs.top(top)?),
            years: self.years.clone(),
            elapsed_ms: 0.0,
        })
    }
}

/// The state of the index a searcher sees: its segments, and how many documents each has
/// deleted (a segment never changes otherwise, and its deletions only grow).
fn fingerprint(searcher: &Searcher) -> String {
    let mut parts: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|s| format!("{}:{}", s.segment_id().uuid_string(), s.num_deleted_docs()))
        .collect();
    parts.sort_unstable();
    parts.join(",")
}

/// The table beside the index that `engine` reads, if there is one and it describes the index
/// as `engine` sees it now.
pub(super) fn read(engine: &Engine) -> Option<Table> {
    let bytes = std::fs::read(engine.dir().join(store::TABLE_FILE)).ok()?;
    let table: Table = serde_json::from_slice(&bytes).ok()?;
    (table.version == VERSION && table.fingerprint == fingerprint(&engine.searcher()))
        .then_some(table)
}

/// The identities of a kind kept beside the index that `engine` reads, if they describe the
/// index as `engine` sees it now.
pub(super) fn read_ids(engine: &Engine, kind: Kind) -> Option<CorpusIdentities> {
    let state = fingerprint(&engine.searcher());
    let catalog = Catalog::read(Reader::open(engine.dir(), &ids_file(kind))?, kind, &state)?;
    let kept = KeptGroups {
        file: groups_file(kind),
        stamp: catalog.stamp(&state),
    };
    Some(CorpusIdentities::new_with(catalog, Some(kept)))
}

/// Where the groups of a catalog read from beside the index are kept, and the stamp they must
/// carry ([`Catalog::stamp`]).
pub(super) struct KeptGroups {
    file: String,
    stamp: String,
}

impl KeptGroups {
    /// The groups kept for the catalog, if they are there and whole.
    pub(super) fn read(&self, engine: &Engine) -> Option<Groups> {
        Groups::read(Reader::open(engine.dir(), &self.file)?, &self.stamp)
    }
}

/// Whether `table` still describes the index as `engine` sees it.
pub(super) fn is_current(table: &Arc<Table>, engine: &Engine) -> bool {
    table.fingerprint == fingerprint(&engine.searcher())
}

/// Whether the table beside the index in `dir` describes `index` as it stands (a run killed
/// after a batch commit leaves one that names an older state).
pub(crate) fn is_current_in(dir: &Path, index: &Index) -> bool {
    /// The part of the file that says what it describes.
    #[derive(Deserialize)]
    struct Head {
        version: u32,
        fingerprint: String,
    }
    let Ok(bytes) = std::fs::read(dir.join(store::TABLE_FILE)) else {
        return false;
    };
    if [Kind::Person, Kind::Org]
        .iter()
        .any(|&k| !dir.join(ids_file(k)).is_file())
    {
        return false;
    }
    let Ok(head) = serde_json::from_slice::<Head>(&bytes) else {
        return false;
    };
    let Ok(reader) = index.reader() else {
        return false;
    };
    head.version == VERSION && head.fingerprint == fingerprint(&reader.searcher())
}

/// Works out the table for the index in `dir` again when the one beside it does not describe
/// the index as it stands (a pressdex that keeps its table in another layout wrote it, or it
/// was removed): the answers are the same without it, but each process would work the
/// identities out again. Returns whether a table describing the index is there afterwards
/// (writing it may fail, on a read-only folder: the index is then read as it is).
pub fn refresh(dir: &Path) -> Result<bool> {
    let (index, fields) = store::open(dir)?;
    if is_current_in(dir, &index) {
        return Ok(true);
    }
    update(dir, &fields);
    Ok(is_current_in(dir, &index))
}

/// Works out the table for the index in `dir` as just committed and writes it beside the
/// index. The commit stands whatever happens here: when the table cannot be written, an older
/// one is removed (it would not be read anyway, as it names another state of the index).
pub(crate) fn update(dir: &Path, fields: &Fields) {
    if write(dir, fields).is_err() {
        let _ = std::fs::remove_file(dir.join(store::TABLE_FILE));
        for kind in [Kind::Person, Kind::Org] {
            let _ = std::fs::remove_file(dir.join(ids_file(kind)));
            let _ = std::fs::remove_file(dir.join(groups_file(kind)));
        }
    }
}

fn write(dir: &Path, fields: &Fields) -> Result<()> {
    // The table reads every segment's columns and names once: read, not mapped, they are not
    // kept as this process's memory (see `store::Access`).
    let streamed = store::open_index(dir, store::Access::Streamed)?;
    let engine = Engine::with_index(dir, streamed, fields.clone())?;
    let before = fingerprint(&engine.searcher());
    let identities = Identities::new(engine);
    let all = SearchRequest::default();
    let ranking = |kind| -> Result<Ranking> {
        let mut rows = identities.entities_from_index(kind, &all, ROWS + 1)?;
        let complete = rows.len() <= ROWS;
        rows.truncate(ROWS);
        Ok(Ranking { complete, rows })
    };
    let ids = |kind| -> Result<(Vec<u8>, Vec<u8>)> {
        let found = identities.corpus_identities(kind)?;
        let groups = identities.groups(kind, &found)?;
        let stamp = found.catalog.stamp(&before);
        Ok((found.catalog.write(&before), groups.write(&stamp)))
    };
    let facets = identities.engine().facets(&all, 0)?;
    let table = Table {
        version: VERSION,
        fingerprint: before.clone(),
        total: facets.total,
        years: facets.years,
        people: ranking(Kind::Person)?,
        orgs: ranking(Kind::Org)?,
    };
    let files = [
        (Kind::Person, ids(Kind::Person)?),
        (Kind::Org, ids(Kind::Org)?),
    ];
    // Another run may have committed meanwhile (the writer lock is released before this).
    if fingerprint(&identities.engine().searcher()) != table.fingerprint {
        return Err(Error::Interrupted);
    }
    // The identities first, the table last: a table is only read with identities as current.
    for (kind, (catalog, groups)) in files {
        replace(&dir.join(groups_file(kind)), &groups)?;
        replace(&dir.join(ids_file(kind)), &catalog)?;
        // The same identities as JSON, as pressdex 0.x before table version 11 kept them.
        let stem = store::TABLE_FILE.trim_end_matches(".json");
        let _ = std::fs::remove_file(dir.join(format!("{stem}-{}.json", kind.as_str())));
    }
    let json = serde_json::to_vec(&table).expect("the table serializes to JSON");
    replace(&dir.join(store::TABLE_FILE), &json)
}

/// Writes `path` whole or not at all (a temporary file renamed over it).
fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("cannot write the identity table", e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io("cannot write the identity table", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_answers_as_the_index_does() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        crate::index::index_paths(
            dir.path(),
            &[corpus],
            &crate::index::IndexOptions::default(),
            &crate::index::NoProgress,
        )
        .unwrap();
        let identities = Identities::open(dir.path()).unwrap();
        let table = identities.table().expect("index wrote a current table");
        let all = SearchRequest::default();
        for kind in [Kind::Person, Kind::Org] {
            let live = identities.entities_from_index(kind, &all, 10_000).unwrap();
            assert!(live.len() > 5, "{kind:?}: {}", live.len());
            for limit in [0, 1, 3, 20, ROWS, 10_000] {
                let expected = identities.entities_from_index(kind, &all, limit).unwrap();
                assert_eq!(expected, live[..limit.min(live.len())], "{kind:?} {limit}");
                if let Some(rows) = table.entities(kind, limit) {
                    assert_eq!(rows, expected, "{kind:?} {limit}");
                }
                assert_eq!(identities.entities(kind, &all, limit).unwrap(), expected);
            }
        }
        for top in [0, 1, 10, 100] {
            let live = identities.facets_from_index(&all, top).unwrap();
            let kept = table.facets(top).expect("facets kept");
            assert_eq!(
                (kept.total, &kept.people, &kept.orgs, &kept.years),
                (live.total, &live.people, &live.orgs, &live.years),
                "{top}"
            );
        }
    }
}
