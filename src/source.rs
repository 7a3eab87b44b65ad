//! Finding the release files under the paths given to `pressdex index`.
//!
//! The walk uses the `ignore` crate (the walker of ripgrep and fd): hidden files and folders are
//! skipped, `.gitignore`/`.ignore` rules are honoured, symlinks are followed with loop detection.
//! Only files whose extension names a release format are candidates; the rest are counted as
//! ignored. Problems with one entry (unreadable folder, symlink loop, …) become warnings.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::error::{io_reason, Error, Result, Warning};

/// Extensions of files that are indexed.
pub const RELEASE_EXTENSIONS: &[&str] = &["txt", "text", "html", "htm", "xhtml"];

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

/// Whether a path has a release extension.
pub fn is_release_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| RELEASE_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
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
