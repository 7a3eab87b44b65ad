//! A time limit on the extraction of one file.
//!
//! Extraction is linear in the size of a file, but a large name-dense file still takes seconds,
//! and a run must not be held by one file. [`extract_within`] runs the extraction on a thread
//! of its own and waits at most the limit for it; a file over the limit is skipped with a
//! warning (`pressdex index` counts it and goes on, keeping the version it indexed before).
//!
//! The limit is wall time: on a machine busy with other work a file takes longer. An
//! extraction over the limit cannot be stopped from outside: it finishes in the background and
//! its result is dropped (the process does not wait for it when it exits).

use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::time::Duration;

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
    let Some(limit) = limit else {
        return Ok(crate::extract::extract(key, parsed));
    };
    let (tx, rx) = sync_channel(1);
    let owned = key.to_string();
    let worker = std::thread::Builder::new()
        .name("pressdex-extract".to_string())
        .spawn(move || {
            // The receiver is gone when the limit was passed: the result is dropped.
            let _ = tx.send(crate::extract::extract(&owned, parsed));
        })
        .map_err(|e| format!("cannot start the extraction ({e}), skipped"))?;
    match rx.recv_timeout(limit) {
        Ok(release) => Ok(release),
        Err(RecvTimeoutError::Timeout) => Err(over_limit(limit)),
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => Err("the extraction ended without a result, skipped".to_string()),
        },
    }
}
