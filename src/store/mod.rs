//! The index on disk, as readers and the writer both see it: opening and checking an index
//! folder, and the one codec between a [`Release`] and a tantivy document.
//!
//! [`open`] finds out what a folder holds (an index, an unfinished first run, a damaged index,
//! something else), puts back an index that an interrupted `--rebuild` left beside its place,
//! checks the schema version and opens every segment, so that a damaged index is reported when
//! it is opened and not in the middle of a search.
//!
//! `encode` turns a release into the document `pressdex index` writes and [`decode`] reads it
//! back. Decoding never papers over damage: a stored field that is missing or does not parse is
//! an [`Error::DamagedRelease`] that names the field.
//!
//! Readers (search, identities, serve) use this module and never the writer, [`crate::index`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::directory::error::{LockError, OpenReadError};
use tantivy::schema::{Field, Value};
use tantivy::{DateTime, Index, TantivyDocument, TantivyError};

use crate::error::{Error, Result};
use crate::model::{DateSource, Entity, Format, Release};
use crate::schema::{self, Fields};

mod streamed;

/// How an opened index reads its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Access {
    /// Mapped into memory: for random access (searches, the server).
    #[default]
    Mapped,
    /// Read with positioned reads, not mapped: for runs that read the whole index once
    /// (see [`streamed`]: mapped pages read would count as the process's memory).
    Streamed,
}

/// Opens the tantivy index in `dir` (no checks: see [`open_reader`]).
pub(crate) fn open_index(dir: &Path, access: Access) -> tantivy::Result<Index> {
    let index = match access {
        Access::Mapped => Index::open_in_dir(dir)?,
        Access::Streamed => Index::open(streamed::StreamedDirectory::open(dir)?)?,
    };
    schema::register_analyzers(&index);
    Ok(index)
}

/// Name of the file tantivy keeps its metadata in; its presence marks an index folder.
pub(crate) const META_FILE: &str = "meta.json";

/// The corpus-wide people and organizations table `pressdex index` keeps in the index folder
/// (see `identities::table`), beside one file of identities per kind named after it
/// (`pressdex-identities-person.bin`, `pressdex-identities-org.bin`); tantivy leaves files
/// it does not manage alone.
pub const TABLE_FILE: &str = "pressdex-identities.json";

/// The identity corrections made by hand (see `crate::corrections`), one decision per line,
/// kept in the index folder; `--rebuild` carries the file over to the new index.
pub const CORRECTIONS_FILE: &str = "pressdex-corrections.jsonl";

/// People and organizations with their spans, as stored with each document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct StoredEntities {
    /// People, in order of first mention.
    people: Vec<Entity>,
    /// Organizations, in order of first mention.
    orgs: Vec<Entity>,
}

/// What the index remembers about a file, to decide whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileState {
    /// Size in bytes.
    pub(crate) size: u64,
    /// Modification time (ns since the epoch).
    pub(crate) mtime: i64,
    /// Content hash (first 8 bytes of BLAKE3).
    pub(crate) hash: u64,
}

/// Opens an existing index for searching, checking that this build can read it.
pub fn open(dir: &Path) -> Result<(Index, Fields)> {
    open_reader(dir).map(|opened| (opened.index, opened.fields))
}

/// An index opened and checked by [`open_reader`], with a reader on the very state that was
/// checked.
pub(crate) struct Opened {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    /// A reader whose searcher holds every segment file of the checked state open: it reads
    /// that state whatever later commits or a `--rebuild` do to the folder.
    pub(crate) reader: tantivy::IndexReader,
}

/// Opens an existing index for searching, as [`open`] does, and a reader on it.
///
/// Opening reads `meta.json`, then the files it names, by their path in `dir`: a process that
/// commits meanwhile, or a `--rebuild` that swaps its new index in, can change the folder
/// between the two. Each attempt is therefore bracketed by two reads of `meta.json`: when they
/// differ, the folder changed during the attempt (whether it failed, finding a file missing,
/// or succeeded, having checked one state and read another) and the attempt is made again on
/// the new state. A folder replaced and put back within one attempt looks unchanged, so an
/// index is only judged damaged when three attempts in a row find it so.
pub(crate) fn open_reader(dir: &Path) -> Result<Opened> {
    open_reader_with(dir, Access::Mapped)
}

/// [`open_reader`], reading the index's files as `access` says.
pub(crate) fn open_reader_with(dir: &Path, access: Access) -> Result<Opened> {
    let meta = || std::fs::read(dir.join(META_FILE)).ok();
    let (mut moves, mut damages) = (0u64, 0);
    loop {
        recover_interrupted_rebuild(dir)?;
        let before = meta();
        let opened = open_once(dir, access);
        if meta() != before && moves < 50 {
            moves += 1;
        } else if matches!(opened, Err(Error::DamagedIndex { .. })) && damages < 2 {
            damages += 1;
        } else {
            return opened;
        }
        std::thread::sleep(std::time::Duration::from_millis(10 * moves.clamp(1, 5)));
    }
}

/// One attempt at opening the index in `dir`, see [`open_reader`].
fn open_once(dir: &Path, access: Access) -> Result<Opened> {
    match folder_state(dir) {
        FolderState::Index => {}
        FolderState::Damaged => return Err(damaged(dir, "its meta.json file is missing")),
        FolderState::Empty | FolderState::Unfinished | FolderState::Other => {
            return Err(Error::IndexNotFound(dir.to_path_buf()))
        }
    }
    // tantivy trusts its metadata and may panic on an index that contradicts it: whatever
    // slips past the checks is still a damaged index, not a crash.
    std::panic::catch_unwind(|| open_checked(dir, access)).unwrap_or_else(|_| {
        Err(damaged(
            dir,
            "its files contradict each other (the search library stopped reading them)",
        ))
    })
}

fn open_checked(dir: &Path, access: Access) -> Result<Opened> {
    let index = open_index(dir, access).map_err(|e| open_error(dir, e))?;
    let fields = check_compatible(dir, &index)?;
    check_segment_files(dir, &index)?;
    // Opening a reader opens every segment: truncated files are found here, not mid-search.
    let reader = index.reader().map_err(|e| open_error(dir, e))?;
    check_doc_counts(dir, &reader.searcher(), &fields)?;
    Ok(Opened {
        index,
        fields,
        reader,
    })
}

/// The files each segment of `meta.json` needs.
const SEGMENT_FILES: [tantivy::index::SegmentComponent; 6] = [
    tantivy::index::SegmentComponent::Postings,
    tantivy::index::SegmentComponent::Positions,
    tantivy::index::SegmentComponent::FastFields,
    tantivy::index::SegmentComponent::FieldNorms,
    tantivy::index::SegmentComponent::Terms,
    tantivy::index::SegmentComponent::Store,
];

/// Checks what `meta.json` says of each segment against the folder, without reading the
/// files: every file a segment needs is there, and it does not have more deleted documents
/// than documents. (tantivy opens segment files lazily: a missing `.pos` file would be found
/// by the first phrase search, as an error in the middle of serving.)
fn check_segment_files(dir: &Path, index: &Index) -> Result<()> {
    let metas = index
        .searchable_segment_metas()
        .map_err(|e| open_error(dir, e))?;
    for meta in &metas {
        let id = meta.id().uuid_string();
        if meta.num_deleted_docs() > meta.max_doc() {
            return Err(damaged(
                dir,
                format!(
                    "meta.json gives segment {id} {} deleted documents out of {}",
                    meta.num_deleted_docs(),
                    meta.max_doc()
                ),
            ));
        }
        let deletes = meta
            .has_deletes()
            .then_some(tantivy::index::SegmentComponent::Delete);
        for component in SEGMENT_FILES.into_iter().chain(deletes) {
            let file = meta.relative_path(component);
            if !dir.join(&file).is_file() {
                return Err(damaged(
                    dir,
                    format!("file '{}' is missing", file.display()),
                ));
            }
        }
    }
    Ok(())
}

/// Checks that each segment holds as many documents as `meta.json` says: its field norms
/// have one byte per document (a few bytes read per segment).
fn check_doc_counts(dir: &Path, searcher: &tantivy::Searcher, fields: &Fields) -> Result<()> {
    for reader in searcher.segment_readers() {
        let norms = reader
            .get_fieldnorms_reader(fields.title)
            .map_err(|e| open_error(dir, e))?;
        if norms.num_docs() != reader.max_doc() {
            return Err(damaged(
                dir,
                format!(
                    "meta.json gives segment {} {} documents, its files hold {}",
                    reader.segment_id().uuid_string(),
                    reader.max_doc(),
                    norms.num_docs()
                ),
            ));
        }
    }
    Ok(())
}

/// What a folder given as `--index` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FolderState {
    /// Missing or empty.
    Empty,
    /// A pressdex (tantivy) index: `meta.json` is there.
    Index,
    /// Only tantivy's housekeeping files: a first run was killed before it wrote `meta.json`.
    Unfinished,
    /// Segment files without `meta.json`: an index that lost its metadata.
    Damaged,
    /// Something else.
    Other,
}

pub(crate) fn folder_state(dir: &Path) -> FolderState {
    if dir.join(META_FILE).is_file() {
        return FolderState::Index;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return FolderState::Empty;
    };
    let (mut housekeeping, mut segments, mut other) = (0, 0, 0);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name == ".managed.json" || name.starts_with(".tantivy-") {
            housekeeping += 1;
        } else if name.starts_with(CORRECTIONS_FILE) {
            // Decisions made by hand: they belong to the folder, whatever state its index is in.
        } else if is_segment_file(&name) || name.starts_with(TABLE_FILE.trim_end_matches(".json")) {
            segments += 1;
        } else {
            other += 1;
        }
    }
    match (housekeeping, segments, other) {
        (0, 0, 0) => FolderState::Empty,
        (_, 0, 0) => FolderState::Unfinished,
        (_, _, 0) => FolderState::Damaged,
        _ => FolderState::Other,
    }
}

/// Whether a file name is one of tantivy's segment files: 32 hex digits, a dot, an extension.
fn is_segment_file(name: &str) -> bool {
    name.split_once('.').is_some_and(|(id, ext)| {
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) && !ext.is_empty()
    })
}

pub(crate) fn damaged(dir: &Path, problem: impl Into<String>) -> Error {
    Error::DamagedIndex {
        path: dir.to_path_buf(),
        problem: problem.into(),
    }
}

fn open_error(dir: &Path, err: TantivyError) -> Error {
    match &err {
        TantivyError::SchemaError(_) | TantivyError::IncompatibleIndex(_) => {
            Error::IncompatibleIndex {
                path: dir.to_path_buf(),
                found: err.to_string(),
                expected: schema::SCHEMA_VERSION.to_string(),
            }
        }
        TantivyError::DataCorruption(c) => damaged(dir, corruption_text(c)),
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => {
            damaged(dir, format!("file '{}' is missing", file.display()))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => damaged(
            dir,
            format!("cannot read '{}': {io_error}", filepath.display()),
        ),
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(i)) => {
            Error::IncompatibleIndex {
                path: dir.to_path_buf(),
                found: format!("{i:?}"),
                expected: schema::SCHEMA_VERSION.to_string(),
            }
        }
        TantivyError::IoError(e) => damaged(dir, format!("cannot read it: {e}")),
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(dir.to_path_buf()),
        _ => Error::Tantivy(err),
    }
}

/// tantivy's `DataCorruption` only has a `Debug` text, which may quote a whole file: keep its
/// first sentence.
fn corruption_text(c: &tantivy::error::DataCorruption) -> String {
    let text = format!("{c:?}");
    let text = text.split(". Content:").next().unwrap_or(&text);
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short.replace("Data corruption", "corrupt data")
}

/// Checks the checksum of every file of the index, before a run writes to it.
pub(crate) fn check_files(dir: &Path, index: &Index) -> Result<()> {
    let bad = index.validate_checksum().map_err(|e| open_error(dir, e))?;
    if bad.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = bad.iter().map(|p| p.display().to_string()).collect();
    names.sort();
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let more = names.len().saturating_sub(3);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Err(damaged(
        dir,
        format!("{} file(s) fail their checksum: {shown}{more}", names.len()),
    ))
}

/// What [`check`] found in a sound index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Checked {
    /// Releases in the index.
    pub releases: u64,
    /// Segments, each a set of files.
    pub segments: usize,
}

/// Checks an index thoroughly: what [`open`] checks, then the checksum of every file of every
/// segment (which reads the whole index, so it takes as long as reading it from disk).
/// Damage is an [`Error::DamagedIndex`] that says how to recover.
///
/// A commit made meanwhile may remove files the check was reading: when `meta.json` changed
/// during a check that failed, the check is made again on the new state.
pub fn check(dir: &Path) -> Result<Checked> {
    let meta = || std::fs::read(dir.join(META_FILE)).ok();
    let mut attempts = 0;
    loop {
        let before = meta();
        let checked = check_once(dir);
        if checked.is_ok() || meta() == before || attempts == 5 {
            return checked;
        }
        attempts += 1;
    }
}

fn check_once(dir: &Path) -> Result<Checked> {
    let (index, _) = open(dir)?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_files(dir, &index)))
        .unwrap_or_else(|_| {
            Err(damaged(
                dir,
                "its files contradict each other (the search library stopped reading them)",
            ))
        })?;
    let metas = index
        .searchable_segment_metas()
        .map_err(|e| open_error(dir, e))?;
    Ok(Checked {
        releases: metas.iter().map(|m| u64::from(m.num_docs())).sum(),
        segments: metas.len(),
    })
}

/// Where a `--rebuild` swaps the new index in with two renames (see [`swap_in`]), a run killed
/// between them leaves the index folder missing and the complete old index beside it. Put it
/// back.
///
/// A rebuild that is alive holds the writer lock of the old index (the lock file moves with the
/// folder): then the second rename is imminent, so wait for it instead of undoing the first.
pub(crate) fn recover_interrupted_rebuild(dir: &Path) -> Result<()> {
    let old = sibling(dir, "old");
    let mut tries = 0;
    loop {
        if dir.exists() || !old.join(META_FILE).is_file() {
            return Ok(());
        }
        match lock_live_index(&old) {
            Ok(_lock) => break,
            Err(Error::Locked(_)) if tries < 50 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            // Still being rebuilt: leave it to the rebuild.
            Err(Error::Locked(_)) => return Ok(()),
            Err(other) => return Err(other),
        }
    }
    std::fs::rename(&old, dir).map_err(|e| {
        Error::io(
            format!(
                "cannot move the index saved by an interrupted --rebuild from '{}' back to '{}'",
                old.display(),
                dir.display()
            ),
            e,
        )
    })
}

/// Puts the index a `--rebuild` completed in `new` in the place of the one in `dir`, and
/// returns where the old index is now, to be removed.
///
/// On Linux the two folders trade places in one step (`renameat2` with `RENAME_EXCHANGE`): a
/// process opening `dir` meanwhile finds the old index or the new one, whole, never no index.
/// Where that is not available, the old index is moved aside to `old` first, then the new one
/// in: a process opening `dir` between the two renames waits for the second
/// ([`recover_interrupted_rebuild`]), and puts the old index back if the rebuild was killed
/// between them.
pub(crate) fn swap_in(dir: &Path, new: &Path, old: &Path) -> Result<PathBuf> {
    let moved = |e: std::io::Error, from: &Path, to: &Path| {
        Error::io(
            format!("cannot move '{}' to '{}'", from.display(), to.display()),
            e,
        )
    };
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new, CWD, dir, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(new.to_path_buf()),
            // A file system (or kernel) without the exchange: two renames.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(moved(e.into(), new, dir)),
        }
    }
    std::fs::rename(dir, old).map_err(|e| moved(e, dir, old))?;
    std::fs::rename(new, dir).map_err(|e| moved(e, new, dir))?;
    Ok(old.to_path_buf())
}

/// Takes the writer lock of the live index for the whole of a `--rebuild`, so that no other
/// run writes it (or starts another rebuild) meanwhile. The lock goes with the process.
pub(crate) fn lock_live_index(dir: &Path) -> Result<tantivy::directory::DirectoryLock> {
    use tantivy::directory::{Directory, MmapDirectory, INDEX_WRITER_LOCK};
    let directory = MmapDirectory::open(dir).map_err(|e| damaged(dir, e.to_string()))?;
    directory
        .acquire_lock(&INDEX_WRITER_LOCK)
        .map_err(|e| match e {
            LockError::LockBusy => Error::Locked(dir.to_path_buf()),
            LockError::IoError(io) => Error::io(
                format!("cannot lock the index at '{}'", dir.display()),
                std::io::Error::new(io.kind(), io.to_string()),
            ),
        })
}

fn check_compatible(dir: &Path, index: &Index) -> Result<Fields> {
    let payload = index.load_metas().map_err(|e| open_error(dir, e))?.payload;
    let incompatible = |found: String| Error::IncompatibleIndex {
        path: dir.to_path_buf(),
        found,
        expected: schema::SCHEMA_VERSION.to_string(),
    };
    match payload.as_deref() {
        Some(v) if v == schema::SCHEMA_VERSION => {}
        Some(v) => return Err(incompatible(format!("'{v}'"))),
        None if index.schema() != schema::build() => {
            return Err(incompatible(
                "an index without a pressdex schema version".into(),
            ))
        }
        None => {}
    }
    if index.schema() != schema::build() {
        return Err(incompatible("a different field layout".into()));
    }
    Fields::from_schema(&index.schema()).ok_or_else(|| incompatible("missing fields".into()))
}

pub(crate) fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    dir.with_file_name(format!("{name}.{suffix}-tmp"))
}

/// The document `pressdex index` writes for a release read from a file in `state`.
pub(crate) fn encode(fields: &Fields, release: &Release, state: FileState) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.path, &release.path);
    doc.add_text(fields.title, &release.title);
    doc.add_text(fields.body, &release.body);
    if let Some(date) = release.date {
        let secs = date
            .and_hms_opt(0, 0, 0)
            .map_or(0, |d| d.and_utc().timestamp());
        doc.add_date(fields.date, DateTime::from_timestamp_secs(secs));
        doc.add_u64(
            fields.year,
            u64::try_from(chrono::Datelike::year(&date)).unwrap_or(0),
        );
    }
    if let Some(source) = release.date_source {
        doc.add_text(fields.date_source, source.as_str());
    }
    doc.add_text(fields.format, release.format.as_str());
    doc.add_text(fields.lang, &release.lang);
    if let Some(url) = &release.url {
        doc.add_text(fields.url, url);
    }
    if release.lang == crate::lang::CHINESE {
        doc.add_text(fields.title_zh, &release.title);
        doc.add_text(fields.body_zh, &release.body);
    } else if let Some(lang) = fields.of_lang(&release.lang) {
        doc.add_text(lang.title, &release.title);
        doc.add_text(lang.body, &release.body);
    }
    add_entities(
        &mut doc,
        fields.person,
        fields.person_text,
        &release.people,
        &release.body,
    );
    add_entities(
        &mut doc,
        fields.org,
        fields.org_text,
        &release.orgs,
        &release.body,
    );
    add_org_aliases(&mut doc, fields.org_alias, &release.orgs, &release.body);
    add_roles(&mut doc, fields, &release.people);
    let stored = StoredEntities {
        people: release.people.clone(),
        orgs: release.orgs.clone(),
    };
    doc.add_text(
        fields.entities,
        serde_json::to_string(&stored).expect("entities serialize to JSON"),
    );
    doc.add_u64(fields.size, state.size);
    doc.add_i64(fields.mtime, state.mtime);
    doc.add_u64(fields.hash, state.hash);
    doc
}

/// Adds canonical names (raw field) and every distinct surface form (folded text field).
fn add_entities(
    doc: &mut TantivyDocument,
    raw: tantivy::schema::Field,
    text: tantivy::schema::Field,
    entities: &[Entity],
    body: &str,
) {
    for entity in entities {
        doc.add_text(raw, &entity.name);
        let mut forms: Vec<&str> = vec![entity.name.as_str()];
        for m in &entity.mentions {
            if let Some(form) = body.get(m.start..m.end) {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        // One value per entity, forms separated so a phrase cannot cross two entities' forms.
        for form in forms {
            doc.add_text(text, form);
        }
    }
}

/// Adds each organization's acronym forms with its canonical name (see
/// [`schema::field::ORG_ALIAS`]).
fn add_org_aliases(
    doc: &mut TantivyDocument,
    field: tantivy::schema::Field,
    orgs: &[Entity],
    body: &str,
) {
    for org in orgs {
        let mut seen: Vec<&str> = Vec::new();
        for m in &org.mentions {
            if let Some(form) = body.get(m.start..m.end) {
                if form != org.name && schema::is_acronym(form) && !seen.contains(&form) {
                    seen.push(form);
                    doc.add_text(field, format!("{form}{}{}", schema::ALIAS_SEP, org.name));
                }
            }
        }
    }
}

/// Adds each person's roles: every matching form of each role ([`role_keys`]) alone and after
/// the person's name (the `role` field, for exact `--role` queries), and the role as written
/// after the name (the `person_role` fast field, for counts and dates per role).
///
/// [`role_keys`]: crate::extract::roles::role_keys
fn add_roles(doc: &mut TantivyDocument, fields: &Fields, people: &[Entity]) {
    let sep = schema::ROLE_SEP;
    let mut keys = std::collections::BTreeSet::new();
    for person in people {
        for role in &person.roles {
            doc.add_text(fields.person_role, format!("{}{sep}{role}", person.name));
            for key in crate::extract::roles::role_keys(role) {
                let own = format!("{}{sep}{key}", person.name);
                keys.insert(key);
                keys.insert(own);
            }
        }
    }
    for key in keys {
        doc.add_text(fields.role, key);
    }
}

/// Reads size, mtime and hash of every live document, keyed by path.
///
/// Paths are read from the fast-field dictionary in ordinal order, one pass per segment: looking
/// each one up on its own decompressed a dictionary block per document, which made a no-change
/// run over 100,000 files take seconds.
pub(crate) fn file_states(index: &Index) -> Result<HashMap<String, FileState>> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut out = HashMap::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(paths) = fast.str(schema::field::PATH)? else {
            continue;
        };
        let sizes = fast.u64(schema::field::SIZE)?;
        let mtimes = fast.i64(schema::field::MTIME)?;
        let hashes = fast.u64(schema::field::HASH)?;
        let mut docs: Vec<(u64, u32)> = segment
            .doc_ids_alive()
            .filter_map(|doc| paths.term_ords(doc).next().map(|ord| (ord, doc)))
            .collect();
        docs.sort_unstable();
        let mut ords: Vec<u64> = docs.iter().map(|&(ord, _)| ord).collect();
        ords.dedup();
        let mut next = 0;
        paths
            .dictionary()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                let ord = ords[next];
                next += 1;
                let key = String::from_utf8_lossy(bytes);
                let first = docs.partition_point(|&(o, _)| o < ord);
                if let Some(&(o, doc)) = docs.get(first) {
                    if o == ord {
                        let state = FileState {
                            size: sizes.first(doc).unwrap_or(0),
                            mtime: mtimes.first(doc).unwrap_or(0),
                            hash: hashes.first(doc).unwrap_or(0),
                        };
                        out.insert(key.into_owned(), state);
                    }
                }
            })
            .map_err(|e| Error::io("cannot read the index", e))?;
    }
    Ok(out)
}

/// Reads a release back from its stored document.
///
/// Every field `encode` always writes must be there and parse: the path, title, body and
/// format as text, the entities as JSON whose mention spans lie on character boundaries of the
/// body. The date and its source are optional (a release without a date has neither), but when
/// present they must parse too; so is the original address, which must then be one
/// [`original_url`](crate::parse::original_url) accepts. Anything else is
/// [`Error::DamagedRelease`], naming the field.
pub fn decode(doc: &TantivyDocument, fields: &Fields) -> Result<Release> {
    let path = text(doc, fields.path, schema::field::PATH, None)?;
    let at = Some(path);
    let damaged = |field: &'static str, problem: String| Error::DamagedRelease {
        path: Some(path.to_string()),
        field,
        problem,
    };
    let title = text(doc, fields.title, schema::field::TITLE, at)?;
    let body = text(doc, fields.body, schema::field::BODY, at)?;
    let format = match text(doc, fields.format, schema::field::FORMAT, at)? {
        "html" => Format::Html,
        "text" => Format::Text,
        other => {
            return Err(damaged(
                schema::field::FORMAT,
                format!("is '{other}', not 'html' or 'text'"),
            ))
        }
    };
    let lang = text(doc, fields.lang, schema::field::LANG, at)?;
    let url = match doc.get_first(fields.url) {
        None => None,
        Some(value) => {
            let url = value.as_str().and_then(crate::parse::original_url);
            Some(url.ok_or_else(|| {
                damaged(
                    schema::field::URL,
                    "is not an absolute http(s) address".into(),
                )
            })?)
        }
    };
    let date = match doc.get_first(fields.date) {
        None => None,
        Some(value) => {
            let date = value.as_datetime().and_then(to_naive);
            Some(date.ok_or_else(|| damaged(schema::field::DATE, "is not a date".into()))?)
        }
    };
    let date_source = match doc.get_first(fields.date_source) {
        None => None,
        Some(value) => {
            let source = value.as_str().and_then(date_source);
            Some(source.ok_or_else(|| {
                damaged(
                    schema::field::DATE_SOURCE,
                    "is not a known date source".into(),
                )
            })?)
        }
    };
    let entities = text(doc, fields.entities, schema::field::ENTITIES, at)?;
    let stored: StoredEntities = serde_json::from_str(entities)
        .map_err(|e| damaged(schema::field::ENTITIES, format!("is not valid JSON ({e})")))?;
    let off_body = stored
        .people
        .iter()
        .chain(&stored.orgs)
        .flat_map(|e| &e.mentions)
        .find(|m| m.start > m.end || body.get(m.start..m.end).is_none());
    if let Some(m) = off_body {
        return Err(damaged(
            schema::field::ENTITIES,
            format!("has a mention at {}..{} outside the body", m.start, m.end),
        ));
    }
    Ok(Release {
        path: path.to_string(),
        title: title.to_string(),
        date,
        date_source,
        format,
        lang: lang.to_string(),
        url,
        body: body.to_string(),
        people: stored.people,
        orgs: stored.orgs,
    })
}

/// A stored text field that every document has.
fn text<'d>(
    doc: &'d TantivyDocument,
    field: Field,
    name: &'static str,
    path: Option<&str>,
) -> Result<&'d str> {
    let value = doc.get_first(field).ok_or_else(|| Error::DamagedRelease {
        path: path.map(str::to_string),
        field: name,
        problem: "is missing".into(),
    })?;
    value.as_str().ok_or_else(|| Error::DamagedRelease {
        path: path.map(str::to_string),
        field: name,
        problem: "is not text".into(),
    })
}

/// A day from a stored date.
pub(crate) fn to_naive(d: DateTime) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0).map(|d| d.date_naive())
}

fn date_source(s: &str) -> Option<DateSource> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mention;

    fn release() -> Release {
        Release {
            path: "2017/a.txt".into(),
            title: "Chairman He opens the forum".into(),
            date: NaiveDate::from_ymd_opt(2017, 6, 13),
            date_source: Some(DateSource::Dateline),
            format: Format::Text,
            lang: "en".into(),
            url: None,
            body: "Chairman He Xuming spoke.".into(),
            people: vec![Entity {
                name: "He Xuming".into(),
                mentions: vec![Mention { start: 9, end: 18 }],
                roles: vec!["Chairman".into()],
            }],
            orgs: Vec::new(),
        }
    }

    fn state() -> FileState {
        FileState {
            size: 1,
            mtime: 2,
            hash: 3,
        }
    }

    fn fields() -> Fields {
        Fields::from_schema(&schema::build()).unwrap()
    }

    #[test]
    fn decode_reads_back_what_encode_wrote() {
        let fields = fields();
        let doc = encode(&fields, &release(), state());
        assert_eq!(decode(&doc, &fields).unwrap(), release());
        let undated = Release {
            date: None,
            date_source: None,
            ..release()
        };
        let doc = encode(&fields, &undated, state());
        assert_eq!(decode(&doc, &fields).unwrap(), undated);
        let linked = Release {
            format: Format::Html,
            url: Some("https://www.itu.int/en/mediacentre/x".into()),
            ..release()
        };
        let doc = encode(&fields, &linked, state());
        assert_eq!(decode(&doc, &fields).unwrap(), linked);
    }

    /// `doc` without `field`, and with `value` in its place when given.
    fn with(fields: &Fields, field: Field, value: Option<&str>) -> TantivyDocument {
        let doc = encode(fields, &release(), state());
        let mut out = TantivyDocument::new();
        for (f, v) in doc.field_values() {
            if f != field {
                out.add_field_value(f, v);
            }
        }
        if let Some(value) = value {
            out.add_text(field, value);
        }
        out
    }

    #[test]
    fn damage_is_an_error_that_names_the_field() {
        let f = fields();
        let cases = [
            (f.entities, None, "entities", "is missing"),
            (
                f.entities,
                Some("{\"people\": ["),
                "entities",
                "is not valid JSON",
            ),
            (
                f.entities,
                Some(r#"{"people":[{"name":"X","mentions":[{"start":5,"end":99}]}],"orgs":[]}"#),
                "entities",
                "outside the body",
            ),
            (f.body, None, "body", "is missing"),
            (f.format, Some("pdf"), "format", "is 'pdf'"),
            (f.date_source, Some("rumour"), "date_source", "not a known"),
            (
                f.url,
                Some("javascript:alert(1)"),
                "url",
                "not an absolute http(s) address",
            ),
            (f.path, None, "path", "is missing"),
        ];
        for (field, value, name, problem) in cases {
            let err = decode(&with(&f, field, value), &f).unwrap_err();
            let Error::DamagedRelease {
                field, problem: p, ..
            } = &err
            else {
                panic!("{err}");
            };
            assert_eq!(*field, name);
            assert!(p.contains(problem), "{err}");
            let text = err.to_string();
            assert!(text.contains(&format!("stored field '{name}'")), "{text}");
        }
    }
}
