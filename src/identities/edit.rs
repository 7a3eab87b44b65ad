//! Recording a decision and bringing the index up to date at once; how many releases each
//! decision changes.
//!
//! A new decision can only change the releases whose people or organizations hold one of the
//! names it takes (term queries on the raw `person`/`org` fields); an undone one only those it
//! changed (the documents tagged with its id). Those releases are extracted again from their
//! stored text, with the extractor `pressdex index` uses, and every decision in force is applied
//! to them: so an undo puts back exactly what extraction and the other decisions make. Only the
//! releases that come out different are written again, in one commit.

use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::directory::error::LockError;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, TantivyError, Term};

use crate::corrections::{Applied, Author, Change, Correction, Corrections, Line};
use crate::error::{Error, Result};
use crate::model::Kind;
use crate::model::{Parsed, Release};
use crate::schema::{self, Fields};
use crate::store::{self, FileState};

/// What [`record`] did.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The decision as recorded, with its id, and where it stands in the index now.
    pub decision: Listed,
    /// For an undo: the decision undone.
    pub undone: Option<Correction>,
    /// Releases written again because their people or organizations changed.
    pub rewritten: usize,
    /// The names the decision takes that no release of the index had (a typo, or a name not
    /// indexed yet).
    pub unknown: Vec<String>,
    /// The file the decision was added to.
    pub file: PathBuf,
}

/// Where a decision stands against the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In force, and it changes releases.
    Applied,
    /// In force, but no release in the index has the names it takes.
    MatchesNothing,
    /// Undone by a later decision.
    Undone,
    /// It undoes another decision.
    Undo,
}

/// A decision with where it stands, as `pressdex identity list` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// The decision.
    #[serde(skip)]
    pub correction: Correction,
    #[serde(flatten)]
    line: Line,
    /// Where it stands.
    pub status: Status,
    /// Releases it changes in the index now (decisions in force only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub releases: Option<u64>,
    /// The decision that undid it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undone_by: Option<u64>,
}

/// Adds `change` to the corrections of the index in `dir`, with who made it, when and why, and
/// rewrites the releases it changes, in one commit. Takes the index's writer lock: fails with
/// [`Error::Locked`] while another process writes the index. When the commit fails, the file
/// is put back as it was.
pub fn record(dir: &Path, change: Change, author: Author) -> Result<Recorded> {
    let (index, fields) = store::open(dir)?;
    let options = tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(1)
        .memory_budget_per_thread(50_000_000)
        .num_merge_threads(1)
        .build();
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_options(options).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(dir.to_path_buf()),
            other => Error::Tantivy(other),
        })?;
    writer.set_merge_policy(Box::new(crate::index::merges::BoundedMerges::new()));
    // As before an index run: a damaged index is reported, not written to.
    store::check_files(dir, &index)?;
    let mut corrections = Corrections::load(dir)?;
    let before = corrections.list().len();
    let correction = corrections.push(change, author)?.clone();
    let undone = match correction.change {
        Change::Undo { id } => corrections.get(id).cloned(),
        _ => None,
    };
    let searcher = index.reader()?.searcher();
    let mut unknown = Vec::new();
    for name in correction.change.inputs() {
        let term = Term::from_field_text(raw_field(&fields, &correction), name);
        // Counted, not looked up: the term's document frequency counts deleted documents too.
        if searcher.search(&TermQuery::new(term, IndexRecordOption::Basic), &Count)? == 0 {
            unknown.push(name.to_string());
        }
    }
    let mut rewritten = 0;
    for address in searcher.search(candidates(&fields, &correction).as_ref(), &DocSetCollector)? {
        let doc: TantivyDocument = searcher.doc(address)?;
        let stored = store::decode(&doc, &fields)?;
        let (release, applied) = rederive(&corrections, &stored);
        let same = release.people == stored.people && release.orgs == stored.orgs;
        if same && undone.is_none() {
            continue;
        }
        let mut doc = store::encode(&fields, &release, file_state(&searcher, address)?);
        tag(&mut doc, &fields, &applied);
        writer.delete_term(Term::from_field_text(fields.path, &release.path));
        writer.add_document(doc)?;
        rewritten += 1;
    }
    corrections.save(before)?;
    if rewritten > 0 {
        let committed = writer.prepare_commit().and_then(|mut commit| {
            commit.set_payload(schema::SCHEMA_VERSION);
            commit.commit()
        });
        if let Err(err) = committed {
            let _ = corrections.restore();
            return Err(err.into());
        }
        writer.wait_merging_threads()?;
        super::table::update(dir, &fields);
    }
    let searcher = index.reader()?.searcher();
    Ok(Recorded {
        decision: listed(&searcher, &fields, &corrections, &correction)?,
        undone,
        rewritten,
        unknown,
        file: corrections.path().to_path_buf(),
    })
}

/// Every decision of the index in `dir`, in order, with where it stands.
pub fn list(dir: &Path) -> Result<(PathBuf, Vec<Listed>)> {
    let (index, fields) = store::open(dir)?;
    let corrections = Corrections::load(dir)?;
    let searcher = index.reader()?.searcher();
    let rows = corrections
        .list()
        .iter()
        .map(|c| listed(&searcher, &fields, &corrections, c))
        .collect::<Result<Vec<_>>>()?;
    Ok((corrections.path().to_path_buf(), rows))
}

/// The decisions in force that change no release of the index `searcher` reads.
pub fn unmatched(
    searcher: &Searcher,
    fields: &Fields,
    corrections: &Corrections,
) -> Result<Vec<Listed>> {
    let mut out = Vec::new();
    for c in corrections.active() {
        let row = listed(searcher, fields, corrections, c)?;
        if row.status == Status::MatchesNothing {
            out.push(row);
        }
    }
    Ok(out)
}

fn listed(
    searcher: &Searcher,
    fields: &Fields,
    corrections: &Corrections,
    c: &Correction,
) -> Result<Listed> {
    let undone_by = corrections.undone_by(c.id);
    let (status, releases) = match (&c.change, undone_by) {
        (Change::Undo { .. }, _) => (Status::Undo, None),
        (_, Some(_)) => (Status::Undone, None),
        _ => match changed(searcher, fields, c.id)? {
            0 => (Status::MatchesNothing, Some(0)),
            n => (Status::Applied, Some(n)),
        },
    };
    Ok(Listed {
        correction: c.clone(),
        line: Line::from(c),
        status,
        releases,
        undone_by,
    })
}

/// Adds the ids of the decisions that changed a release to its document.
pub(crate) fn tag(doc: &mut TantivyDocument, fields: &Fields, applied: &Applied) {
    for &id in &applied.ids {
        doc.add_u64(fields.corrections, id);
    }
}

/// How many releases the decision `id` changed.
fn changed(searcher: &Searcher, fields: &Fields, id: u64) -> Result<u64> {
    let query = TermQuery::new(
        Term::from_field_u64(fields.corrections, id),
        IndexRecordOption::Basic,
    );
    Ok(searcher.search(&query, &Count)? as u64)
}

/// The releases a decision may change: those holding a name it takes, or, for an undo, those
/// the undone decision changed.
fn candidates(fields: &Fields, c: &Correction) -> Box<dyn Query> {
    if let Change::Undo { id } = c.change {
        return Box::new(TermQuery::new(
            Term::from_field_u64(fields.corrections, id),
            IndexRecordOption::Basic,
        ));
    }
    let field = raw_field(fields, c);
    let clauses = c
        .change
        .inputs()
        .into_iter()
        .map(|name| -> (Occur, Box<dyn Query>) {
            let term = Term::from_field_text(field, name);
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            )
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// The raw names field of the kind of entity a decision is about.
fn raw_field(fields: &Fields, c: &Correction) -> tantivy::schema::Field {
    match c.change.kind() {
        Some(Kind::Org) => fields.org,
        _ => fields.person,
    }
}

/// A stored release's people and organizations as `pressdex index` would make them now:
/// extracted again from its text, then corrected.
fn rederive(corrections: &Corrections, stored: &Release) -> (Release, Applied) {
    let parsed = Parsed {
        format: stored.format,
        title: stored.title.clone(),
        body: stored.body.clone(),
        date_hints: Vec::new(),
        lang: Some(stored.lang.clone()),
        url: stored.url.clone(),
    };
    let fresh = crate::extract::extract(&stored.path, parsed);
    let mut release = Release {
        people: fresh.people,
        orgs: fresh.orgs,
        ..stored.clone()
    };
    let applied = corrections.apply(&mut release);
    (release, applied)
}

/// Size, modification time and hash of the file a document was read from, so that the next
/// `pressdex index` run still sees it unchanged.
fn file_state(searcher: &Searcher, at: DocAddress) -> Result<FileState> {
    let fast = searcher.segment_reader(at.segment_ord).fast_fields();
    Ok(FileState {
        size: fast.u64(schema::field::SIZE)?.first(at.doc_id).unwrap_or(0),
        mtime: fast
            .i64(schema::field::MTIME)?
            .first(at.doc_id)
            .unwrap_or(0),
        hash: fast.u64(schema::field::HASH)?.first(at.doc_id).unwrap_or(0),
    })
}
