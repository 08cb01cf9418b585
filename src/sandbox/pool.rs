//! The daemon's side of the sandbox: a few workers kept alive across documents (starting one
//! costs a process and a calendar), each call given until its document's deadline, a worker
//! that overruns or dies killed and replaced.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::protocol::{self, Reply, Request};
use super::{over_time, Budgets, Refusal};

/// How much of a dead worker's last line is kept to say why it died.
const STDERR_LINE: usize = 300;

/// How long a worker whose output closed is given to exit before it is killed.
const EXIT_WAIT: Duration = Duration::from_secs(2);

pub(super) struct Pool {
    exe: PathBuf,
    start: Request,
    idle: Mutex<Vec<Worker>>,
    slots: Semaphore,
    time: Duration,
    memory_bytes: u64,
}

/// Why a call got no reply.
enum Death {
    OverTime,
    OverMemory,
    Died(String),
    Unavailable(String),
}

impl Pool {
    pub(super) fn new(exe: PathBuf, start: Request, budgets: &Budgets) -> Self {
        Pool {
            exe,
            start,
            idle: Mutex::new(Vec::new()),
            slots: Semaphore::new(budgets.workers),
            time: budgets.time,
            memory_bytes: budgets.memory_bytes,
        }
    }

    /// The reply to `request` by the deadline. A worker that dies for no budget's reason may
    /// have died of something else (killed from outside while idle): the request is tried once
    /// more on a new worker before it is called a crash.
    pub(super) async fn call(
        &self,
        request: &Request,
        deadline: Instant,
    ) -> Result<Reply, Refusal> {
        let Ok(_slot) = self.slots.acquire().await else {
            return Err(Refusal::Unavailable("the sandbox is closed".into()));
        };
        // A document whose time is up gets no worker started or killed for it.
        if Instant::now() >= deadline {
            return Err(Refusal::Manual(over_time(self.time)));
        }
        let mut why = String::new();
        for _ in 0..2 {
            match self.once(request, deadline).await {
                Ok(reply) => return Ok(reply),
                Err(Death::OverTime) => return Err(Refusal::Manual(over_time(self.time))),
                Err(Death::OverMemory) => {
                    return Err(Refusal::Manual(format!(
                        "reading it needs more than the {} MiB of memory a reader may use",
                        self.memory_bytes >> 20
                    )))
                }
                Err(Death::Unavailable(e)) => return Err(Refusal::Unavailable(e)),
                Err(Death::Died(e)) => {
                    tracing::warn!(reason = %e, "A sandbox worker died; it is replaced");
                    why = e;
                }
            }
        }
        Err(Refusal::Crashed(why))
    }

    async fn once(&self, request: &Request, deadline: Instant) -> Result<Reply, Death> {
        let idle = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        let mut worker = match idle {
            Some(w) => w,
            None => self.spawn(deadline).await?,
        };
        match tokio::time::timeout_at(deadline, worker.exchange(request)).await {
            Ok(Ok(reply)) => {
                if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
                Ok(reply)
            }
            Ok(Err(_)) => Err(worker.death().await),
            Err(_) => {
                worker.kill().await;
                Err(Death::OverTime)
            }
        }
    }

    async fn spawn(&self, deadline: Instant) -> Result<Worker, Death> {
        let mut child = Command::new(&self.exe)
            .arg(super::WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group: a Ctrl-C at the terminal is the daemon's to handle, which
            // then stops its workers.
            .process_group(0)
            // Its last words are read to tell why it died: one line, not a backtrace.
            .env(super::worker::PARENT_ENV, std::process::id().to_string())
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE")
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| Death::Unavailable(format!("cannot start {}: {e}", self.exe.display())))?;
        tracing::info!(pid = child.id(), "Sandbox worker started");
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err(Death::Unavailable("the worker has no pipes".into()));
        };
        let tail = Arc::new(Mutex::new(Said::default()));
        let keep = tail.clone();
        let stderr = tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let line = crate::domain::text::one_clean_line(&line);
                tracing::warn!(%line, "A sandbox worker said");
                if let Ok(mut said) = keep.lock() {
                    said.hear(line);
                }
            }
        });
        let mut worker = Worker {
            child,
            stdin,
            stdout: BufReader::new(stdout),
            tail,
            stderr,
        };
        match tokio::time::timeout_at(deadline, worker.exchange(&self.start)).await {
            Ok(Ok(Reply::Ready)) => Ok(worker),
            Ok(Ok(other)) => {
                worker.kill().await;
                Err(Death::Unavailable(format!(
                    "the worker answered its start with {}",
                    other.kind()
                )))
            }
            Ok(Err(_)) => Err(match worker.death().await {
                Death::Died(why) => Death::Unavailable(format!("the worker did not start: {why}")),
                other => other,
            }),
            Err(_) => {
                worker.kill().await;
                Err(Death::OverTime)
            }
        }
    }
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    /// What the worker wrote to stderr.
    tail: Arc<Mutex<Said>>,
    stderr: tokio::task::JoinHandle<()>,
}

impl Worker {
    async fn exchange(&mut self, request: &Request) -> std::io::Result<Reply> {
        protocol::send(&mut self.stdin, request).await?;
        protocol::receive(&mut self.stdout).await
    }

    async fn kill(&mut self) {
        let _ = self.child.kill().await;
    }

    /// Why the worker stopped answering: its exit, and what it said last.
    async fn death(mut self) -> Death {
        let status = match tokio::time::timeout(EXIT_WAIT, self.child.wait()).await {
            Ok(Ok(status)) => status.to_string(),
            _ => {
                self.kill().await;
                "it stopped answering and was killed".to_owned()
            }
        };
        // Its stderr ends with it; what it said last is all read then.
        let _ = tokio::time::timeout(EXIT_WAIT, &mut self.stderr).await;
        let said = self.tail.lock().map(|t| t.clone()).unwrap_or_default();
        if said.out_of_memory {
            return Death::OverMemory;
        }
        let last = said.last.as_deref().unwrap_or("nothing");
        Death::Died(format!("{status}; it said last: {last}"))
    }
}

/// What a worker wrote to stderr, as far as its death is concerned.
#[derive(Debug, Clone, Default)]
struct Said {
    /// It said an allocation failed: it ran out of its memory budget.
    out_of_memory: bool,
    last: Option<String>,
}

impl Said {
    fn hear(&mut self, line: String) {
        self.out_of_memory |= line.contains(super::worker::OUT_OF_MEMORY);
        let mut line = line;
        if line.len() > STDERR_LINE {
            let cut = (0..=STDERR_LINE)
                .rev()
                .find(|&i| line.is_char_boundary(i))
                .unwrap_or(0);
            line.truncate(cut);
        }
        self.last = Some(line);
    }
}
