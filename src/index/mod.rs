//! Building and updating the index.
//!
//! [`index_paths`] walks the corpus, parses and extracts the changed files in parallel (rayon),
//! and feeds one tantivy `IndexWriter`, which does its own threading.
//!
//! A long run commits in batches ([`IndexOptions::commit_every`],
//! [`IndexOptions::commit_interval`]): each commit is a complete state of the index (every
//! release in it whole, a changed file's old document and its new one never both there nor both
//! missing), so a run that is killed or fails keeps what it committed, and the next run, finding
//! those files unchanged, does only the rest. Files gone from the corpus are removed by the last
//! commit of a run. A `--rebuild` writes a new index beside the old one, in batches too, and
//! swaps it in at its end: killed, it leaves the old index as it was (searches go on reading
//! it), and the next `--rebuild` takes up the new index where the killed one stopped.
//!
//! Runs are incremental. Each document keeps its file's size, modification time and content
//! hash in fast fields; a file whose size and mtime are unchanged is not even read, one whose
//! bytes hash the same is not parsed, a changed one is replaced, and a file that disappeared
//! from a walked folder is removed.
//!
//! What a release becomes in the index, and how an index folder is opened and checked, is
//! [`crate::store`]'s job; this module only decides what to write.

pub(crate) mod merges;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use tantivy::directory::error::LockError;
use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError, Term};

use crate::corrections::Corrections;
use crate::error::{Error, Result, Warning};
use crate::schema::{self, Fields};
use crate::source::{self, Candidate};
use crate::store::{self, FileState, FolderState};

/// Options for [`index_paths`].
#[derive(Debug, Clone)]
pub struct IndexOptions {
    /// Files larger than this many bytes are skipped with a warning.
    pub max_file_size: u64,
    /// Throw the existing index away and build a new one (the old one stays until the new one
    /// is complete).
    pub rebuild: bool,
    /// Memory for the index writer, in bytes.
    pub writer_memory: usize,
    /// Longest the extraction of one file may take (wall time); a file over it is skipped
    /// with a warning and its indexed version, if any, kept. `None`: no limit.
    pub file_time_limit: Option<Duration>,
    /// Commit once this many releases were written since the last commit (`None`: no limit
    /// by count), so that a killed run's rerun resumes (a killed rebuild's, by the next
    /// rebuild).
    pub commit_every: Option<usize>,
    /// Commit once this much time passed since the last commit with releases written (and
    /// [`IndexOptions::commit_every`] not reached yet), whichever comes first.
    pub commit_interval: Duration,
}

/// The default of [`IndexOptions::commit_interval`].
///
/// A commit flushes what the writer holds in memory (which the run's last commit would do
/// anyway), syncs it to disk and leaves one more segment for the background merges, while the
/// other threads go on extracting. Every 10 s keeps that to a few percent of a long run (the
/// DOJ corpus, 10,738 releases in about 15 s on two cores, gets one batch, and its run took
/// as much CPU as with a single commit, within the noise), and bounds the work a killed run
/// loses to about 10 s.
pub const DEFAULT_COMMIT_INTERVAL: Duration = Duration::from_secs(10);

/// The default of [`IndexOptions::commit_every`]: on a machine fast enough to write more
/// releases than this in [`DEFAULT_COMMIT_INTERVAL`], a killed run still loses at most this
/// many, and the segments a batch leaves stay well under the size merges stop at.
pub const DEFAULT_COMMIT_EVERY: usize = 10_000;

impl Default for IndexOptions {
    fn default() -> Self {
        IndexOptions {
            max_file_size: 50_000_000,
            rebuild: false,
            writer_memory: 256_000_000,
            file_time_limit: Some(crate::budget::DEFAULT_FILE_TIME_LIMIT),
            commit_every: Some(DEFAULT_COMMIT_EVERY),
            commit_interval: DEFAULT_COMMIT_INTERVAL,
        }
    }
}

/// What an indexing run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexReport {
    /// Release files found by the walk.
    pub files: usize,
    /// New documents.
    pub added: usize,
    /// Documents replaced because their file changed.
    pub updated: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Documents removed because their file is gone.
    pub removed: usize,
    /// Files that could not be indexed (each has a warning).
    pub skipped: usize,
    /// Files ignored because of their extension.
    pub ignored: usize,
    /// Documents in the index after the run.
    pub documents: u64,
    /// Bytes of files read and parsed in this run.
    pub bytes_parsed: u64,
    /// Wall time of the run in milliseconds.
    pub elapsed_ms: u64,
    /// Commits the run made: its batches and its last one (0 when nothing changed).
    pub commits: usize,
    /// A `--rebuild` that took up the new index a killed `--rebuild` left (the releases that
    /// run committed count as unchanged).
    pub resumed: bool,
    /// One entry per skipped file or unreadable entry.
    pub warnings: Vec<Warning>,
    /// Corrections in force that change no release of the index (their names are gone).
    pub unmatched_corrections: Vec<crate::identities::edit::Listed>,
}

/// Receives progress from a long run. All methods have empty defaults.
pub trait Progress: Sync {
    /// The number of files to look at is known.
    fn start(&self, _files: u64) {}
    /// One more file was looked at.
    fn advance(&self) {}
    /// A batch was committed: the first `written` releases the run added or replaced are in
    /// the index, and a rerun after a kill would not write them again.
    fn committed(&self, _written: u64) {}
    /// The work is done; the last commit starts.
    fn committing(&self) {}
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;
impl Progress for NoProgress {}

fn create(dir: &Path) -> Result<Index> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create index folder '{}'", dir.display()), e))?;
    let index = Index::builder()
        .schema(schema::build())
        .settings(schema::index_settings())
        .create_in_dir(dir)?;
    schema::register_analyzers(&index);
    Ok(index)
}

fn open_or_create(dir: &Path) -> Result<(Index, Fields)> {
    store::recover_interrupted_rebuild(dir)?;
    match store::folder_state(dir) {
        FolderState::Index => {
            let (index, fields) = store::open(dir)?;
            store::check_files(dir, &index)?;
            return Ok((index, fields));
        }
        FolderState::Damaged => return Err(store::damaged(dir, "its meta.json file is missing")),
        FolderState::Other => return Err(Error::NotAnIndex(dir.to_path_buf())),
        FolderState::Empty | FolderState::Unfinished => {}
    }
    let index = create(dir)?;
    let fields = Fields::from_schema(&index.schema()).expect("the schema we just built");
    Ok((index, fields))
}

/// Indexes every release under `roots` into the index at `dir`, creating it if needed.
pub fn index_paths(
    dir: &Path,
    roots: &[PathBuf],
    options: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexReport> {
    crate::extract::tagger::check_model().map_err(Error::Model)?;
    if options.rebuild
        && matches!(
            store::folder_state(dir),
            FolderState::Index | FolderState::Damaged
        )
    {
        return rebuild(dir, roots, options, progress);
    }
    let start = Instant::now();
    // Check the corpus paths before touching the index.
    let walks = roots
        .iter()
        .map(|r| source::walk(r))
        .collect::<Result<Vec<_>>>()?;
    let (index, fields) = open_or_create(dir)?;
    let job = Job {
        roots,
        options,
        corrections_in: dir,
        batches: true,
        remove_unseen: false,
    };
    let mut report = run(&index, &fields, dir, walks, &job, progress)?;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    Ok(report)
}

fn rebuild(
    dir: &Path,
    roots: &[PathBuf],
    options: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexReport> {
    let start = Instant::now();
    let walks = roots
        .iter()
        .map(|r| source::walk(r))
        .collect::<Result<Vec<_>>>()?;
    let _lock = store::lock_live_index(dir)?;
    let tmp = store::sibling(dir, "rebuild");
    let old = store::sibling(dir, "old");
    let remove = |stale: &Path| -> Result<()> {
        if stale.exists() {
            std::fs::remove_dir_all(stale)
                .map_err(|e| Error::io(format!("cannot remove '{}'", stale.display()), e))?;
        }
        Ok(())
    };
    // `dir` is there: an `old` folder beside it is what a swap left before removing it.
    remove(&old)?;
    let stamp = RebuildStamp::new(dir, options)?;
    let resumed = stamp.resumable(&tmp);
    let resuming = resumed.is_some();
    let (index, fields) = match resumed {
        Some(opened) => opened,
        None => {
            remove(&tmp)?;
            let index = create(&tmp)?;
            stamp.write(&tmp)?;
            let fields = Fields::from_schema(&index.schema()).expect("the schema we just built");
            (index, fields)
        }
    };
    // Batches, as in any run: a killed rebuild leaves its new index beside the old one, with
    // what it committed, and the next `--rebuild` takes it up (readers never see it before
    // the swap). Whatever its walk does not find goes, as a rebuild keeps nothing else.
    let job = Job {
        roots,
        options,
        corrections_in: dir,
        batches: true,
        remove_unseen: true,
    };
    // The decisions made by hand go with the index (the lock keeps them as the run read them).
    let kept = |report| -> Result<IndexReport> {
        let file = dir.join(store::CORRECTIONS_FILE);
        if file.exists() {
            std::fs::copy(&file, tmp.join(store::CORRECTIONS_FILE))
                .map_err(|e| Error::io(format!("cannot copy '{}'", file.display()), e))?;
        }
        std::fs::remove_file(tmp.join(REBUILD_STAMP))
            .map_err(|e| Error::io(format!("cannot remove '{REBUILD_STAMP}'"), e))?;
        Ok(report)
    };
    let mut report = match run(&index, &fields, &tmp, walks, &job, progress).and_then(kept) {
        Ok(report) => report,
        Err(err) => {
            drop(index);
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(err);
        }
    };
    drop(index);
    let replaced = store::swap_in(dir, &tmp, &old)?;
    let _ = std::fs::remove_dir_all(replaced);
    report.resumed = resuming;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    Ok(report)
}

/// The file in the folder of a `--rebuild`'s new index that says what the rebuild was started
/// with, until the new index is swapped in.
const REBUILD_STAMP: &str = "pressdex-rebuild.json";

/// What a `--rebuild` was started with. A killed rebuild leaves its new index beside the live
/// one; a later `--rebuild` takes it up only if it would build the same index: the same
/// program (another build may extract otherwise), the same size cap, the same corrections.
#[derive(Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
struct RebuildStamp {
    /// The schema version of the index.
    schema: String,
    /// The version of pressdex.
    version: String,
    /// Size and modification time (ns since the epoch) of the running program, when known.
    program: Option<(u64, i64)>,
    /// [`IndexOptions::max_file_size`].
    max_file_size: u64,
    /// BLAKE3 of the live index's corrections file, empty without one.
    corrections: String,
}

impl RebuildStamp {
    fn new(dir: &Path, options: &IndexOptions) -> Result<RebuildStamp> {
        let program = std::env::current_exe()
            .and_then(std::fs::metadata)
            .ok()
            .map(|m| {
                let mtime = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
                (m.len(), mtime)
            });
        let file = dir.join(store::CORRECTIONS_FILE);
        let corrections = match std::fs::read(&file) {
            Ok(bytes) => blake3::hash(&bytes).to_hex().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io(format!("cannot read '{}'", file.display()), e)),
        };
        Ok(RebuildStamp {
            schema: schema::SCHEMA_VERSION.to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            program,
            max_file_size: options.max_file_size,
            corrections,
        })
    }

    fn write(&self, tmp: &Path) -> Result<()> {
        let file = tmp.join(REBUILD_STAMP);
        let json = serde_json::to_vec(self).expect("a stamp serializes");
        std::fs::write(&file, json)
            .map_err(|e| Error::io(format!("cannot write '{}'", file.display()), e))
    }

    /// The index a killed rebuild left in `tmp`, if it was started as this one and is sound.
    fn resumable(&self, tmp: &Path) -> Option<(Index, Fields)> {
        let found: RebuildStamp =
            serde_json::from_slice(&std::fs::read(tmp.join(REBUILD_STAMP)).ok()?).ok()?;
        if found != *self {
            return None;
        }
        let (index, fields) = store::open(tmp).ok()?;
        store::check_files(tmp, &index).ok()?;
        Some((index, fields))
    }
}

/// What a run is asked to do.
struct Job<'a> {
    roots: &'a [PathBuf],
    options: &'a IndexOptions,
    /// The index folder whose corrections apply to every release extracted (the live one
    /// during a rebuild). They are read once the run holds the writer lock, so that no
    /// correction is recorded meanwhile.
    corrections_in: &'a Path,
    /// Whether to commit in batches during the run (see [`IndexOptions::commit_every`]).
    batches: bool,
    /// Whether to remove every document whose file the walk did not find, under the walked
    /// roots or not (a rebuild's index holds only what its walk found).
    remove_unseen: bool,
}

fn run(
    index: &Index,
    fields: &Fields,
    dir: &Path,
    walks: Vec<source::Walk>,
    job: &Job,
    progress: &dyn Progress,
) -> Result<IndexReport> {
    let (roots, options) = (job.roots, job.options);
    let existing = store::file_states(index)?;
    let writer: IndexWriter<TantivyDocument> = index
        .writer_with_options(writer_options(options))
        .map_err(|e| match e {
        TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked(dir.to_path_buf()),
        other => Error::Tantivy(other),
    })?;
    writer.set_merge_policy(Box::new(merges::BoundedMerges::new()));
    let corrections = Corrections::load(job.corrections_in)?;

    let mut report = IndexReport::default();
    // Each walk is sorted by key; with several roots, sort them together and keep the first
    // of each key (the sort is stable). No set of keys is built: on a million files it cost
    // more than 100 MB.
    let several = walks.len() > 1;
    let mut files: Vec<Candidate> = Vec::new();
    for walk in walks {
        report.ignored += walk.ignored;
        report.warnings.extend(walk.warnings);
        files.extend(walk.files);
    }
    if several {
        files.sort_by(|a, b| a.key.cmp(&b.key));
        files.dedup_by(|later, first| later.key == first.key);
    }
    source::one_key_per_file(&mut files, &existing);
    files.shrink_to_fit();
    let seen = |key: &str| files.binary_search_by(|f| f.key.as_str().cmp(key)).is_ok();
    report.files = files.len();
    progress.start(files.len() as u64);

    let added = AtomicUsize::new(0);
    let updated = AtomicUsize::new(0);
    let unchanged = AtomicUsize::new(0);
    let bytes_parsed = AtomicUsize::new(0);
    let warnings = Mutex::new(Vec::new());
    let sink = Sink::new(writer, job.batches.then_some(options));
    files.par_iter().try_for_each(|file| -> Result<()> {
        let previous = existing.get(&file.key);
        let outcome = index_one(&sink, fields, file, previous, options, &corrections);
        progress.advance();
        match outcome {
            Ok(Outcome::Unchanged) => {
                unchanged.fetch_add(1, Ordering::Relaxed);
            }
            Ok(Outcome::Written { replaced, bytes }) => {
                bytes_parsed.fetch_add(bytes, Ordering::Relaxed);
                if replaced {
                    updated.fetch_add(1, Ordering::Relaxed);
                } else {
                    added.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(Outcome::Skipped(reason)) => {
                let reason = if existing.contains_key(&file.key) {
                    format!("{reason}; the previously indexed version is kept")
                } else {
                    reason
                };
                warnings
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(Warning {
                        path: file.key.clone(),
                        reason,
                    });
            }
            Err(err) => return Err(err),
        }
        sink.commit_if_due(progress)
    })?;
    let (mut writer, batch_commits) = sink.into_inner();

    // Files that were indexed under a walked root and are gone now.
    let root_keys: Vec<String> = roots.iter().map(|r| source::path_key(r)).collect();
    for key in existing.keys() {
        let under_root = job.remove_unseen
            || root_keys.iter().any(|root| {
                key == root
                    || root == "."
                    || key
                        .strip_prefix(root.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            });
        if under_root && !seen(key) {
            writer.delete_term(Term::from_field_text(fields.path, key));
            report.removed += 1;
        }
    }

    progress.committing();
    let changed = added.load(Ordering::Relaxed) + updated.load(Ordering::Relaxed) + report.removed;
    let committed = changed > 0 || existing.is_empty();
    if committed {
        commit(&mut writer)?;
    }
    report.commits = batch_commits + usize::from(committed);
    // With nothing to commit, the index is left exactly as it was (no new meta.json, no fsync).
    writer.wait_merging_threads()?;

    let mut file_warnings = warnings.into_inner().unwrap_or_else(|p| p.into_inner());
    file_warnings.sort_by(|a, b| a.path.cmp(&b.path));
    report.warnings.extend(file_warnings);
    // Entries the walk could not follow (symlink loops, unreadable folders) count too.
    report.skipped = report.warnings.len();
    report.added = added.into_inner();
    report.updated = updated.into_inner();
    report.unchanged = unchanged.into_inner();
    report.bytes_parsed = bytes_parsed.into_inner() as u64;
    let reader = index.reader()?;
    reader.reload()?;
    report.documents = reader.searcher().num_docs();
    if !corrections.is_empty() {
        report.unmatched_corrections =
            crate::identities::edit::unmatched(&reader.searcher(), fields, &corrections)?;
    }
    // The walk and the indexed state (hundreds of MB on a million files) are done with: the
    // table below reuses their memory instead of adding to it.
    drop(files);
    drop(existing);
    // A run killed after a batch commit left a table that names an older state of the index
    // (readers ignore it): a rerun with nothing left to commit writes it anew.
    if committed || !crate::identities::table::is_current_in(dir, index) {
        crate::identities::table::update(dir, fields);
    }
    Ok(report)
}

/// Commits what the writer holds, marked with the schema version.
fn commit(writer: &mut IndexWriter<TantivyDocument>) -> Result<()> {
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(schema::SCHEMA_VERSION);
    commit.commit()?;
    Ok(())
}

/// The index writer as the extraction threads share it, and the batch commits of a run.
///
/// Writing a release (deleting its file's old document, adding the new one) takes the writer
/// for reading, so many threads write at once; a batch commit takes it for writing, so it
/// never falls between the delete and the add of a file. The other threads go on parsing and
/// extracting during a commit and wait only to write.
struct Sink<'a> {
    writer: RwLock<IndexWriter<TantivyDocument>>,
    /// When to commit; `None`: only at the end of the run.
    batches: Option<&'a IndexOptions>,
    /// Releases written since the last commit (counted while the writer is held, so a
    /// commit knows exactly how many it makes visible).
    pending: AtomicUsize,
    /// Releases written and committed by the batches so far.
    committed: AtomicUsize,
    /// When the last batch was committed (or the run started); held by the thread committing.
    last: Mutex<Instant>,
    /// Batch commits made.
    commits: AtomicUsize,
}

impl<'a> Sink<'a> {
    fn new(writer: IndexWriter<TantivyDocument>, batches: Option<&'a IndexOptions>) -> Sink<'a> {
        Sink {
            writer: RwLock::new(writer),
            batches,
            pending: AtomicUsize::new(0),
            committed: AtomicUsize::new(0),
            last: Mutex::new(Instant::now()),
            commits: AtomicUsize::new(0),
        }
    }

    /// Replaces the document of `key` (if `replace`) with `doc`, as one step for commits.
    fn write(&self, fields: &Fields, key: &str, replace: bool, doc: TantivyDocument) -> Result<()> {
        let writer = self.writer.read().unwrap_or_else(|p| p.into_inner());
        if replace {
            writer.delete_term(Term::from_field_text(fields.path, key));
        }
        writer.add_document(doc)?;
        self.pending.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Commits a batch if one is due and no other thread is committing.
    fn commit_if_due(&self, progress: &dyn Progress) -> Result<()> {
        let Some(options) = self.batches else {
            return Ok(());
        };
        let due = |since: Instant| {
            let pending = self.pending.load(Ordering::Relaxed);
            pending > 0
                && (options.commit_every.is_some_and(|n| pending >= n)
                    || since.elapsed() >= options.commit_interval)
        };
        let Ok(mut last) = self.last.try_lock() else {
            return Ok(());
        };
        if !due(*last) {
            return Ok(());
        }
        let mut writer = self.writer.write().unwrap_or_else(|p| p.into_inner());
        let written = self.pending.swap(0, Ordering::Relaxed);
        commit(&mut writer)?;
        drop(writer);
        let total = self.committed.fetch_add(written, Ordering::Relaxed) + written;
        self.commits.fetch_add(1, Ordering::Relaxed);
        *last = Instant::now();
        progress.committed(total as u64);
        Ok(())
    }

    /// The writer back, and the number of batch commits made.
    fn into_inner(self) -> (IndexWriter<TantivyDocument>, usize) {
        let writer = self.writer.into_inner().unwrap_or_else(|p| p.into_inner());
        (writer, self.commits.into_inner())
    }
}

/// The index writer's threads and memory.
///
/// Parsing and extraction take about four fifths of the CPU time of a run and run on every
/// core (rayon); tantivy's indexing threads take the rest, so one indexing thread per four
/// cores keeps up, and fewer threads make fewer, larger segments (one for a corpus that fits
/// in the memory budget), which makes counts and searches faster. One merge thread (tantivy
/// starts four) bounds the memory merges map while the run goes on.
fn writer_options(options: &IndexOptions) -> tantivy::indexer::IndexWriterOptions {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let threads = (cores / 4).clamp(1, 8);
    let budget = options.writer_memory.max(50_000_000);
    tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(threads)
        .memory_budget_per_thread((budget / threads).min(4_000_000_000))
        .num_merge_threads(1)
        .build()
}

enum Outcome {
    Unchanged,
    Written { replaced: bool, bytes: usize },
    Skipped(String),
}

fn index_one(
    sink: &Sink,
    fields: &Fields,
    file: &Candidate,
    previous: Option<&FileState>,
    options: &IndexOptions,
    corrections: &Corrections,
) -> Result<Outcome> {
    if previous.is_some_and(|p| p.size == file.size && p.mtime == file.mtime) {
        return Ok(Outcome::Unchanged);
    }
    let bytes = match source::read(file, options.max_file_size) {
        Ok(bytes) => bytes,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    let hash = content_hash(&bytes);
    if previous.is_some_and(|p| p.hash == hash) {
        return Ok(Outcome::Unchanged);
    }
    let parsed = match crate::parse::parse(&file.path, &bytes) {
        Ok(parsed) => parsed,
        Err(err) => return Ok(Outcome::Skipped(err.to_string())),
    };
    let mut release =
        match crate::budget::extract_within(&file.key, parsed, options.file_time_limit) {
            Ok(release) => release,
            Err(reason) => return Ok(Outcome::Skipped(reason)),
        };
    let applied = corrections.apply(&mut release);
    let state = FileState {
        size: bytes.len() as u64,
        mtime: file.mtime,
        hash,
    };
    let mut doc = store::encode(fields, &release, state);
    crate::identities::edit::tag(&mut doc, fields, &applied);
    sink.write(fields, &file.key, previous.is_some(), doc)?;
    Ok(Outcome::Written {
        replaced: previous.is_some(),
        bytes: bytes.len(),
    })
}

/// The first 8 bytes of the BLAKE3 hash of a file's content.
fn content_hash(bytes: &[u8]) -> u64 {
    let hash = blake3::hash(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}
