//! What one request may cost: a time budget, a bound on the index work running at once, and
//! no work for a client that has gone.
//!
//! Every handler that reads the index runs its work through `Budget::run`:
//!
//! - the work waits for one of [`Limits::concurrent`] slots; a request that cannot get one within
//!   its time budget is answered 503 ("busy");
//! - the slot is held by the work itself, so work still running after its answer was given up
//!   keeps its slot until it ends: the bound holds even for requests that timed out;
//! - when the client disconnects, the server drops the handler: a request still waiting for a
//!   slot never starts, and running work stops at its next `Cancel::check`;
//! - an answer not ready after [`Limits::time`] (waiting included) is a 503 that names the
//!   limit, and the work is told to stop at its next check.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use super::params::ApiError;

/// The bounds of `pressdex serve`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest a request may take, waiting for a slot included.
    pub time: Duration,
    /// Requests reading the index at once.
    pub concurrent: usize,
}

impl Default for Limits {
    /// 10 seconds; as many requests at once as the machine has cores, at least 2.
    fn default() -> Limits {
        Limits {
            time: Duration::from_secs(10),
            concurrent: std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
        }
    }
}

/// Tells running work to stop: set when the client has gone or the time is up.
#[derive(Debug, Clone)]
pub(crate) struct Cancel {
    stop: Arc<AtomicBool>,
    deadline: Instant,
    limit: Duration,
}

impl Cancel {
    /// An error when the work should stop: its answer is no longer wanted.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.stop.load(Ordering::Relaxed) || Instant::now() >= self.deadline {
            return Err(over_time(self.limit));
        }
        Ok(())
    }
}

/// Sets the flag when the handler's future is dropped (the client went away) or ends.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

fn over_time(limit: Duration) -> ApiError {
    ApiError::status(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "time limit: the request took longer than the {} allowed per request; \
             narrow the query (fewer prefix or fuzzy terms, a filter, a date range)",
            seconds(limit)
        ),
    )
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// The shared state of the bounds.
pub(crate) struct Budget {
    limits: Limits,
    slots: Arc<Semaphore>,
}

impl Budget {
    pub(crate) fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            slots: Arc::new(Semaphore::new(limits.concurrent.max(1))),
        }
    }

    /// Runs `work` on tokio's blocking pool within the bounds (see the module's doc).
    pub(crate) async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
    {
        let limit = self.limits.time;
        let deadline = Instant::now() + limit;
        let stop = Arc::new(AtomicBool::new(false));
        let _stop_on_drop = StopOnDrop(stop.clone());
        let cancel = Cancel {
            stop,
            deadline,
            limit,
        };
        let tokio_deadline = tokio::time::Instant::from_std(deadline);
        let slot = tokio::time::timeout_at(tokio_deadline, self.slots.clone().acquire_owned());
        let permit = match slot.await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_closed)) => {
                return Err(ApiError::status(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the server is shutting down",
                ))
            }
            Err(_elapsed) => {
                return Err(ApiError::status(
                    StatusCode::SERVICE_UNAVAILABLE,
                    format!(
                        "busy: the server runs at most {} requests at once and none ended \
                         within the {} allowed per request; try again shortly",
                        self.limits.concurrent,
                        seconds(limit)
                    ),
                ))
            }
        };
        let task = tokio::task::spawn_blocking(move || {
            let _slot = permit;
            cancel.check()?;
            work(&cancel)
        });
        match tokio::time::timeout_at(tokio_deadline, task).await {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => Err(ApiError::status(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("internal error: {e}"),
            )),
            Err(_elapsed) => Err(over_time(limit)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn slow_work_is_a_503_that_names_the_limit_and_is_told_to_stop() {
        let budget = Budget::new(Limits {
            time: Duration::from_millis(50),
            concurrent: 1,
        });
        let stopped = Arc::new(AtomicBool::new(false));
        let seen = stopped.clone();
        let err = runtime()
            .block_on(budget.run(move |cancel| {
                while cancel.check().is_ok() {
                    std::thread::sleep(Duration::from_millis(5));
                }
                seen.store(true, Ordering::Relaxed);
                cancel.check()
            }))
            .unwrap_err();
        assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(err.message.starts_with("time limit: "), "{}", err.message);
        assert!(err.message.contains("0.05 s"), "{}", err.message);
        std::thread::sleep(Duration::from_millis(100));
        assert!(stopped.load(Ordering::Relaxed), "the work saw the stop");
    }

    #[test]
    fn a_full_server_answers_busy_and_queued_work_never_starts() {
        let rt = runtime();
        let budget = Arc::new(Budget::new(Limits {
            time: Duration::from_millis(300),
            concurrent: 1,
        }));
        let started = Arc::new(AtomicBool::new(false));
        rt.block_on(async {
            let b = budget.clone();
            let hog = tokio::spawn(async move {
                b.run(|_| {
                    std::thread::sleep(Duration::from_millis(400));
                    Ok(())
                })
                .await
            });
            tokio::time::sleep(Duration::from_millis(50)).await;
            // A request that gives up (its client left) while waiting: its work never runs.
            let s = started.clone();
            let gone = budget.run(move |_| {
                s.store(true, Ordering::Relaxed);
                Ok(())
            });
            let _ = tokio::time::timeout(Duration::from_millis(20), gone).await;
            let busy = budget.run(|_| Ok(())).await.unwrap_err();
            assert!(busy.message.starts_with("busy: "), "{}", busy.message);
            let _ = hog.await;
        });
        std::thread::sleep(Duration::from_millis(50));
        assert!(!started.load(Ordering::Relaxed));
    }
}
