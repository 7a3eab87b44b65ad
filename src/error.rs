//! Errors and warnings.
//!
//! [`Error`] is fatal: the command stops and nothing is committed. A [`Warning`] concerns one
//! file: it is reported, counted in the summary, and the run goes on.

use std::path::PathBuf;

use serde::Serialize;

/// A fatal error. Every message says what happened and, where there is one, how to fix it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No index at the given place.
    #[error("no index at '{}': run 'pressdex index CORPUS_DIR --index {}' first", .0.display(), .0.display())]
    IndexNotFound(PathBuf),
    /// The index was written by another version of pressdex.
    #[error("the index at '{}' was written with an incompatible schema ({found}, expected {expected}): rebuild it with 'pressdex index --rebuild CORPUS_DIR --index {}'", .path.display(), .path.display())]
    IncompatibleIndex {
        /// Where the index is.
        path: PathBuf,
        /// What the index says it is.
        found: String,
        /// What this build writes.
        expected: String,
    },
    /// The index folder exists but holds something else.
    #[error("'{}' is not a pressdex index (it is a non-empty folder without one): choose another --index folder", .0.display())]
    NotAnIndex(PathBuf),
    /// The index folder is a pressdex index, but part of it is missing or cannot be read.
    #[error("the index at '{}' is damaged ({problem}): rebuild it with 'pressdex index --rebuild CORPUS_DIR --index {}'", .path.display(), .path.display())]
    DamagedIndex {
        /// Where the index is.
        path: PathBuf,
        /// What is wrong, in a few words.
        problem: String,
    },
    /// A release stored in the index cannot be read back: one of its stored fields is missing or
    /// garbled.
    #[error("the index holds a damaged release{}: its stored field '{field}' {problem}", .path.as_ref().map(|p| format!(" '{p}'")).unwrap_or_default())]
    DamagedRelease {
        /// The release's path, when it could be read.
        path: Option<String>,
        /// The stored field at fault (see [`crate::schema::field`]).
        field: &'static str,
        /// What is wrong with it, in a few words ("is missing", "is not valid JSON (…)").
        problem: String,
    },
    /// Another process is writing the index.
    #[error("the index at '{}' is being written by another pressdex process; wait for it to finish and run the command again (a lock left by a killed process is released by the system)", .0.display())]
    Locked(PathBuf),
    /// A corpus path given on the command line does not exist or cannot be read.
    #[error("cannot read corpus path '{}': {reason}", .path.display())]
    BadCorpusPath {
        /// The path given.
        path: PathBuf,
        /// Why it cannot be used.
        reason: String,
    },
    /// The query text has a syntax error.
    #[error("invalid query at character {position}: {message}\n  {query}\n  {marker}^\nsee 'pressdex search --help' for the query syntax")]
    BadQuery {
        /// The query as typed.
        query: String,
        /// 0-based character position of the problem.
        position: usize,
        /// What is wrong.
        message: String,
        /// Spaces to put the caret under the position.
        marker: String,
    },
    /// A query that parses but cannot run (unknown field, …).
    #[error("invalid query: {0}; see 'pressdex search --help' for the fields and the syntax")]
    UnsupportedQuery(String),
    /// A query over one of the bounds that keep every search cheap (length, words, nesting,
    /// prefix and fuzzy terms and what each matches); the message says which.
    #[error("query too large: {0}")]
    QueryTooLarge(String),
    /// A name, filter or role given with no letter or digit in it, which cannot match anything.
    #[error("invalid query: {what} needs letters or digits, got '{value}'")]
    NoLetters {
        /// What the value was given for.
        what: NameUse,
        /// The value as given.
        value: String,
    },
    /// Looking for mentions needs a name or a role, and neither was given.
    #[error("invalid query: give a name, a role, or both")]
    NoNameOrRole,
    /// Reading or writing a file failed.
    ///
    /// The I/O error is part of the message and not exposed as a `source()`, so that printing
    /// the error with its chain does not repeat it.
    #[error("{context}: {}", io_reason(.error))]
    Io {
        /// What was being done.
        context: String,
        /// The I/O error.
        error: std::io::Error,
    },
    /// An error inside the search library (its text is the message; no `source()`, as for `Io`).
    #[error("index error: {0}")]
    Tantivy(tantivy::TantivyError),
    /// No release in the index has this path.
    #[error("no release '{0}' in the index: give its path as 'pressdex search' prints it")]
    NotFound(String),
    /// A path ending matches several releases.
    #[error("'{path}' matches {} releases: {}; give more of the path", .candidates.len(), .candidates.join(", "))]
    AmbiguousPath {
        /// The path ending given.
        path: String,
        /// The releases it matches.
        candidates: Vec<String>,
    },
    /// The bundled entity model cannot be used (trained with other features than this build).
    #[error("{0}")]
    Model(String),
    /// A correction that cannot be recorded: an empty name, a merge of a name into itself, an
    /// undo of a decision that does not exist … (nothing was recorded).
    #[error("invalid correction: {0}")]
    BadCorrection(String),
    /// A line of the corrections file cannot be read.
    #[error("cannot read the corrections in '{}', line {line}: {problem}; fix or remove that line (one JSON object per line, see the README)", .path.display())]
    CorrectionsFile {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        problem: String,
    },
    /// An export's output folder exists and holds files already (nothing was written).
    #[error("'{}' exists and is not empty: choose a new or empty folder", .0.display())]
    OutDirNotEmpty(PathBuf),
    /// An export could not encode what it writes (the message says which file and why).
    #[error("export: {0}")]
    Export(String),
    /// The run was interrupted before it committed.
    #[error("interrupted: nothing was committed, the index is as it was before this run")]
    Interrupted,
}

/// What a name given to the library is for, so that an error can say which value is wrong
/// without naming a command-line flag or a query-string parameter (callers add those).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameUse {
    /// A filter on the people a release mentions.
    PersonFilter,
    /// A filter on the organizations a release mentions.
    OrgFilter,
    /// The person or organization whose mentions are wanted.
    Name,
    /// The role whose holders are wanted.
    Role,
}

impl std::fmt::Display for NameUse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NameUse::PersonFilter => "the person filter",
            NameUse::OrgFilter => "the organization filter",
            NameUse::Name => "a name",
            NameUse::Role => "a role",
        })
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Error {
        Error::Tantivy(err)
    }
}

/// A result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Wraps an I/O error with what was being done.
    pub fn io(context: impl Into<String>, error: std::io::Error) -> Error {
        Error::Io {
            context: context.into(),
            error,
        }
    }

    /// Builds [`Error::BadQuery`] from a character position.
    pub fn bad_query(query: &str, position: usize, message: impl Into<String>) -> Error {
        let position = position.min(query.chars().count());
        Error::BadQuery {
            query: query.to_string(),
            position,
            message: message.into(),
            marker: " ".repeat(position),
        }
    }
}

/// A short reason for an I/O error, without the OS error code.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => {
            let s = err.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s,
            }
        }
    }
}

/// A problem with one file: reported, counted, and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The file.
    pub path: String,
    /// Why it was skipped, in a few words.
    pub reason: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}
