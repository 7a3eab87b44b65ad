//! A time limit on the extraction of one file.
//!
//! Extraction is linear in the size of a file, but a large name-dense file still takes seconds,
//! and a run must not be held by one file. [`extract_within`] runs the extraction on a thread
//! of its own and waits at most the limit for it; a file over the limit is skipped with a
//! warning (`pressdex index` counts it and goes on, keeping the version it indexed before;
//! `pressdex extract` skips the file, or the input line of `--jsonl`, and goes on).
//!
//! The limit is wall time: on a machine busy with other work a file takes longer. An
//! extraction over the limit cannot be stopped from outside: it finishes in the background and
//! its result is dropped (the process does not wait for it when it exits).

use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::time::Duration;

use crate::extract::TextExtraction;
use crate::model::{Parsed, Release};

/// The default time limit on the extraction of one file (`--file-time-limit`).
pub const DEFAULT_FILE_TIME_LIMIT: Duration = Duration::from_secs(10);

/// The warning's reason for a file whose extraction took longer than `limit`.
pub fn over_limit(limit: Duration) -> String {
    format!(
        "extraction took longer than the {} s time limit (--file-time-limit), skipped",
        limit.as_secs_f64()
    )
}

/// [`crate::extract::extract`], given at most `limit` (none: as long as it takes). Over the
/// limit, the reason to skip the file ([`over_limit`]). A panic inside the extraction goes on
/// as it would without a limit.
pub fn extract_within(
    key: &str,
    parsed: Parsed,
    limit: Option<Duration>,
) -> std::result::Result<Release, String> {
    let owned = key.to_string();
    within(limit, move || crate::extract::extract(&owned, parsed))
}

/// [`crate::extract::extract_text`] (`pressdex extract --jsonl`, one input line), given at
/// most `limit` as [`extract_within`] is.
pub fn extract_text_within(
    text: String,
    limit: Option<Duration>,
) -> std::result::Result<TextExtraction, String> {
    within(limit, move || crate::extract::extract_text(&text))
}

/// Runs `work` on a thread of its own and waits at most `limit` for its result.
fn within<T: Send + 'static>(
    limit: Option<Duration>,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::result::Result<T, String> {
    let Some(limit) = limit else {
        return Ok(work());
    };
    let (tx, rx) = sync_channel(1);
    let worker = std::thread::Builder::new()
        .name("pressdex-extract".to_string())
        .spawn(move || {
            // The receiver is gone when the limit was passed: the result is dropped.
            let _ = tx.send(work());
        })
        .map_err(|e| format!("cannot start the extraction ({e}), skipped"))?;
    match rx.recv_timeout(limit) {
        Ok(found) => Ok(found),
        Err(RecvTimeoutError::Timeout) => Err(over_limit(limit)),
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => Err("the extraction ended without a result, skipped".to_string()),
        },
    }
}
