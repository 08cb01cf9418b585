//! The sandbox: the bytes of a message that no one vouches for — its attachments, and the text
//! its tasks are read from — are read in a child process, the same binary started with a hidden
//! first argument ([`WORKER_ARG`]), under budgets of memory, time and work.
//!
//! A PDF library that allocates gigabytes for one font map, a stream that inflates to 4 GiB, a
//! text of 260 000 paragraphs: in the daemon's own process each of these would stop every
//! intake, and a restart would take the same file first and stop again. In a worker they cost
//! the worker, which the daemon replaces, and the document goes on with its attachment marked
//! for manual entry and the budget named.
//!
//! - [`protocol`]: the frames between the daemon and a worker (length, then JSON);
//! - [`work`]: what a worker does with a request, also what runs in-process where no worker is
//!   wanted (the library's tests, `workers = 0`);
//! - [`worker`]: the child's side: its memory limit, its loop;
//! - `pool`: the daemon's side: a few workers kept alive across documents, each call given the
//!   time left of its document's budget, a worker that dies or overruns killed and replaced.

pub mod protocol;
pub mod work;
pub mod worker;

mod pool;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use crate::calendar::{Calendar, CalendarSettings};
use crate::doctext::{self, Extracted};
use crate::extract::tasks::ExtractedTask;
use crate::extract::SentHeader;

use protocol::{Reply, Request};

/// The first argument that makes the binary a worker instead of the CLI.
pub const WORKER_ARG: &str = "__sandbox-worker";

/// What one document may cost (`[sandbox]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budgets {
    /// Workers kept alive; 0 reads in the daemon's own process, with no isolation (for
    /// debugging only).
    pub workers: usize,
    /// The address space a worker may map (`RLIMIT_AS`).
    pub memory_bytes: u64,
    /// The wall time a document's attachments and tasks may take together.
    pub time: Duration,
    /// Pages, streams and inflated bytes of one attachment.
    pub doc: doctext::Limits,
    /// Tasks one document's text may give; more are not drafted one by one but left to a
    /// person (a text that "assigns" 260 000 tasks is not a directive).
    pub max_tasks: usize,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            workers: 2,
            memory_bytes: 512 << 20,
            time: Duration::from_secs(60),
            doc: doctext::Limits::default(),
            max_tasks: 1_000,
        }
    }
}

/// Why the sandbox gives no answer for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The input asked for more than its budget (memory, time, tasks), or its reader failed on
    /// it without dying: a person reads it.
    Manual(String),
    /// The worker died on it twice, for no budget's reason: the message is set aside.
    Crashed(String),
    /// No worker could be started: nothing is the document's fault, try it again later.
    Unavailable(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Manual(r) => write!(f, "{r}"),
            Refusal::Crashed(r) => write!(f, "the reader crashed on it twice: {r}"),
            Refusal::Unavailable(r) => write!(f, "no reader could be started: {r}"),
        }
    }
}

/// Where the work runs.
pub struct Sandbox {
    budgets: Budgets,
    calendar: Arc<Calendar>,
    pool: Option<pool::Pool>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("budgets", &self.budgets)
            .field("workers", &self.pool.is_some())
            .finish()
    }
}

impl Sandbox {
    /// Reads in this process: what the library's tests use, where there is no worker binary.
    pub fn in_process(calendar: Arc<Calendar>, budgets: Budgets) -> Self {
        Sandbox {
            budgets,
            calendar,
            pool: None,
        }
    }

    /// Reads in workers started from `exe` (the running binary), which build their calendar
    /// from `settings`, as the daemon's own was built.
    pub fn workers(
        exe: PathBuf,
        settings: CalendarSettings,
        calendar: Arc<Calendar>,
        budgets: Budgets,
    ) -> Self {
        if budgets.workers == 0 {
            return Self::in_process(calendar, budgets);
        }
        let start = Request::Start {
            calendar: settings,
            limits: budgets.doc.clone(),
            max_tasks: budgets.max_tasks,
            memory_bytes: budgets.memory_bytes,
        };
        Sandbox {
            pool: Some(pool::Pool::new(exe, start, &budgets)),
            budgets,
            calendar,
        }
    }

    pub fn budgets(&self) -> &Budgets {
        &self.budgets
    }

    /// When a document starting now has used up its time.
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.budgets.time
    }

    /// The text of the attachment at `path`, or why a person must read it (`Err` inside: why
    /// it cannot be read at all).
    pub async fn read_file(
        &self,
        path: &Path,
        deadline: Instant,
    ) -> Result<Result<Extracted, String>, Refusal> {
        let request = Request::ReadFile {
            path: path.to_path_buf(),
        };
        text_of(self.run(request, deadline).await?)
    }

    /// Like [`Sandbox::read_file`], for an attachment in memory.
    pub async fn read_bytes(
        &self,
        bytes: &[u8],
        deadline: Instant,
    ) -> Result<Result<Extracted, String>, Refusal> {
        text_of(self.run(Request::read_bytes(bytes), deadline).await?)
    }

    /// The tasks `text` assigns, read with what the edXML header says.
    pub async fn read_tasks(
        &self,
        text: String,
        sent: Option<SentHeader>,
        deadline: Instant,
    ) -> Result<Vec<ExtractedTask>, Refusal> {
        match self
            .run(Request::ReadTasks { text, sent }, deadline)
            .await?
        {
            Reply::Tasks(Ok(tasks)) => Ok(tasks),
            Reply::Tasks(Err(reason)) | Reply::Failed(reason) => Err(Refusal::Manual(reason)),
            other => Err(unexpected(&other)),
        }
    }

    async fn run(&self, request: Request, deadline: Instant) -> Result<Reply, Refusal> {
        match &self.pool {
            Some(pool) => pool.call(&request, deadline).await,
            None => {
                let calendar = self.calendar.clone();
                let limits = self.budgets.doc.clone();
                let max_tasks = self.budgets.max_tasks;
                let work = tokio::task::spawn_blocking(move || {
                    work::answer(request, &calendar, &limits, max_tasks)
                });
                match tokio::time::timeout_at(deadline, work).await {
                    Ok(Ok(reply)) => Ok(reply),
                    Ok(Err(e)) => Err(Refusal::Crashed(e.to_string())),
                    // The thread goes on; only a worker can be stopped.
                    Err(_) => Err(Refusal::Manual(over_time(self.budgets.time))),
                }
            }
        }
    }
}

fn text_of(reply: Reply) -> Result<Result<Extracted, String>, Refusal> {
    match reply {
        Reply::Text(outcome) => Ok(outcome),
        Reply::Failed(reason) => Ok(Err(reason)),
        other => Err(unexpected(&other)),
    }
}

fn unexpected(reply: &Reply) -> Refusal {
    Refusal::Crashed(format!(
        "the reader answered out of turn ({})",
        reply.kind()
    ))
}

pub(crate) fn over_time(budget: Duration) -> String {
    format!(
        "reading it took longer than the {} s a document may take",
        budget.as_secs()
    )
}
