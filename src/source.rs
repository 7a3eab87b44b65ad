//! Finding the release files under the paths given to `pressdex index`.
//!
//! The walk uses the `ignore` crate (the walker of ripgrep and fd): hidden files and folders are
//! skipped, `.gitignore`/`.ignore` rules are honoured, symlinks are followed with loop detection.
//! Only files whose extension names a release format are candidates; the rest are counted as
//! ignored. Problems with one entry (unreadable folder, symlink loop, …) become warnings.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::error::{io_reason, Error, Result, Warning};

/// A file found by the walk, not yet read.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where the file is.
    pub path: PathBuf,
    /// The key the index knows it by: the path as walked, `/`-separated, without a leading `./`.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when unknown).
    pub mtime: i64,
    /// The file's device and inode, when known: two keys with the same are one file.
    pub file_id: Option<FileId>,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Release files, sorted by key.
    pub files: Vec<Candidate>,
    /// Entries that could not be walked.
    pub warnings: Vec<Warning>,
    /// Files skipped because their extension is not a release format.
    pub ignored: usize,
}

/// Whether a path has a release extension: one of [`crate::parse::EXTENSIONS`].
pub fn is_release_path(path: &Path) -> bool {
    crate::parse::release_format(path).is_some()
}

/// The index key of a path: `/`-separated, no leading `./`, no trailing `/`.
pub fn path_key(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    let s = s.trim_end_matches('/');
    if s.is_empty() {
        ".".to_string()
    } else {
        s.to_string()
    }
}

/// Why a path that is neither a regular file nor a folder is not read: reading a FIFO blocks
/// until something writes to it, and a device may never end.
pub const NOT_A_FILE: &str = "not a regular file (a FIFO, socket or device), skipped";

/// Walks `root` (a folder or a single file) and lists the release files under it. Inside a
/// folder, anything but regular files and folders is passed over.
pub fn walk(root: &Path) -> Result<Walk> {
    let meta = std::fs::metadata(root).map_err(|e| Error::BadCorpusPath {
        path: root.to_path_buf(),
        reason: e.to_string(),
    })?;
    let mut out = Walk::default();
    if meta.is_file() {
        out.files.push(candidate(root.to_path_buf(), &meta));
        return Ok(out);
    }
    if !meta.is_dir() {
        return Err(Error::BadCorpusPath {
            path: root.to_path_buf(),
            reason: NOT_A_FILE.trim_end_matches(", skipped").to_string(),
        });
    }
    let walker = ignore::WalkBuilder::new(root)
        .follow_links(true)
        .require_git(false)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                out.warnings.push(walk_warning(root, &err));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if !is_release_path(entry.path()) {
            out.ignored += 1;
            continue;
        }
        match entry.metadata() {
            Ok(meta) => out.files.push(candidate(entry.into_path(), &meta)),
            Err(err) => out.warnings.push(walk_warning(root, &err)),
        }
    }
    out.files.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

fn candidate(path: PathBuf, meta: &std::fs::Metadata) -> Candidate {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
    Candidate {
        key: path_key(&path),
        path,
        size: meta.len(),
        mtime,
        file_id: file_id(meta),
    }
}

fn walk_warning(root: &Path, err: &ignore::Error) -> Warning {
    let path = error_path(err).unwrap_or(root);
    let reason = match err.io_error() {
        Some(io)
            if io
                .to_string()
                .to_lowercase()
                .contains("too many levels of symbolic links") =>
        {
            "symlink loop, skipped".to_string()
        }
        Some(io) => strip_path(&io_reason(io)),
        None if is_loop(err) => "symlink loop, skipped".to_string(),
        None => strip_path(&err.to_string()),
    };
    Warning {
        path: path_key(path),
        reason,
    }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

fn is_loop(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

fn strip_path(msg: &str) -> String {
    msg.rsplit(": ").next().unwrap_or(msg).to_string()
}

/// Gives each file one key, whatever the spelling of its path (relative or absolute, `a/../a`,
/// a symlinked folder, a hard link): files walked under several keys that are one file (same
/// device and inode) take one key, the one it is indexed under if there is one, else the
/// relative, then shortest spelling; a file walked only under new keys that is the same file
/// as an indexed key not walked in this run takes that key. Returns how many keys were changed.
///
/// `files` must be sorted by key. The file identities come with the walk; the only extra work
/// is a `stat` of each indexed key that was not walked, done when some walked key is new, so
/// an incremental run over the same folders costs nothing more. Indexed keys are paths as
/// walked (relative ones to the folder pressdex ran in); one that no longer leads to its file
/// is left alone.
pub(crate) fn one_key_per_file<V>(
    files: &mut Vec<Candidate>,
    indexed: &std::collections::HashMap<String, V>,
) -> usize {
    let mut ids: Vec<(FileId, usize)> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.file_id.map(|id| (id, i)))
        .collect();
    ids.sort_unstable();
    let rank = |key: &str, path: &Path| (!indexed.contains_key(key), path.is_absolute(), key.len());
    let mut renamed: Vec<(usize, String)> = Vec::new();
    for run in ids.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        let best = run
            .iter()
            .map(|&(_, i)| &files[i])
            .min_by(|a, b| {
                rank(&a.key, &a.path)
                    .cmp(&rank(&b.key, &b.path))
                    .then_with(|| a.key.cmp(&b.key))
            })
            .map(|f| f.key.clone())
            .unwrap_or_default();
        renamed.extend(run.iter().map(|&(_, i)| (i, best.clone())));
    }
    if files.iter().any(|f| !indexed.contains_key(&f.key)) {
        let walked = |key: &str| files.binary_search_by(|f| f.key.as_str().cmp(key)).is_ok();
        for key in indexed.keys().filter(|k| !walked(k)) {
            let Some(id) = std::fs::metadata(key).ok().and_then(|m| file_id(&m)) else {
                continue;
            };
            let from = ids.partition_point(|(x, _)| *x < id);
            let to = ids.partition_point(|(x, _)| *x <= id);
            let same = &ids[from..to];
            // A file also walked under a key the index knows keeps that one.
            if !same
                .iter()
                .any(|&(_, i)| indexed.contains_key(&files[i].key))
            {
                renamed.extend(same.iter().map(|&(_, i)| (i, key.clone())));
            }
        }
    }
    let mut changed = 0;
    for (i, key) in renamed {
        if files[i].key != key {
            files[i].key = key;
            changed += 1;
        }
    }
    if changed > 0 {
        files.sort_by(|a, b| a.key.cmp(&b.key));
        files.dedup_by(|later, first| later.key == first.key);
    }
    changed
}

/// A file's identity on this machine: its device and inode.
pub type FileId = (u64, u64);

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> Option<FileId> {
    None
}

/// Reads a candidate's bytes, refusing files over `max_size` bytes.
pub fn read(candidate: &Candidate, max_size: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    if candidate.size > max_size {
        return Err(format!(
            "file is {}, over the {} size limit (--max-file-size), skipped",
            human_size(candidate.size),
            human_size(max_size)
        ));
    }
    let file = std::fs::File::open(&candidate.path).map_err(|e| io_reason(&e))?;
    let mut bytes = Vec::with_capacity(candidate.size as usize);
    // Read one byte past the cap so a file that grew since the walk is still refused.
    file.take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > max_size {
        return Err(format!(
            "file is over the {} size limit (--max-file-size), skipped",
            human_size(max_size)
        ));
    }
    Ok(bytes)
}

/// Formats a byte count: "512 B", "3.2 KB", "200.0 MB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: &[&str] = &["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_normalized() {
        assert_eq!(path_key(Path::new("./corpus/")), "corpus");
        assert_eq!(
            path_key(Path::new("corpus/2017/a.txt")),
            "corpus/2017/a.txt"
        );
        assert_eq!(path_key(Path::new("./")), ".");
    }

    #[test]
    fn release_extensions() {
        assert!(is_release_path(Path::new("a/b.HTML")));
        assert!(is_release_path(Path::new("a/b.txt")));
        assert!(!is_release_path(Path::new("a/EXPECTED.jsonl")));
        assert!(!is_release_path(Path::new("a/README")));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(200_000_000), "200.0 MB");
    }
}
