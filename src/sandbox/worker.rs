//! The worker's side: started by the daemon as `dondoc __sandbox-worker`, with no runtime and no
//! thread of its own, so that its memory limit is the memory of the work. It reads the start
//! frame, limits its address space, then answers requests until its input closes.

use std::io::{self, BufReader, BufWriter, Write};
use std::os::fd::{AsFd, AsRawFd};
use std::process::ExitCode;

use nix::sys::resource::{setrlimit, Resource};

use super::protocol::{self, Reply, Request};
use super::work;
use crate::calendar::Calendar;

/// What the worker writes to stderr when an allocation fails; the daemon reads it there to tell
/// a memory budget from a crash. (Rust's own message for a failed allocation says the same.)
pub const OUT_OF_MEMORY: &str = "memory allocation of";

/// The variable the daemon sets to its pid when it starts a worker.
pub const PARENT_ENV: &str = "DONDOC_SANDBOX_PARENT";

pub fn main() -> ExitCode {
    // Never outlive the daemon: a worker left reading a hostile file after a stop would go on
    // burning a core for nobody.
    let _ = nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL);
    // The daemon may have died before the line above: then this worker's parent is no longer
    // the process that started it (compared by pid: the daemon may itself be pid 1).
    let parent = std::env::var(PARENT_ENV)
        .ok()
        .and_then(|p| p.parse::<i32>().ok());
    if parent.is_some_and(|p| p != nix::unistd::getppid().as_raw()) {
        return ExitCode::FAILURE;
    }
    // A panic is caught and answered as a failure, its message in the answer; only where it
    // happened is printed (the message may quote the document).
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("worker: a panic was caught{place}");
    }));
    match serve() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("worker: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve() -> io::Result<()> {
    let mut input = BufReader::new(io::stdin().lock());
    // The frames go to the stdout the daemon reads, through a descriptor of their own; fd 1
    // itself is pointed at stderr, so that a library printing to stdout cannot break a frame.
    let frames = io::stdout().as_fd().try_clone_to_owned()?;
    nix::unistd::dup2(io::stderr().as_raw_fd(), io::stdout().as_raw_fd())
        .map_err(|e| io::Error::other(format!("cannot set stdout aside: {e}")))?;
    let mut output = BufWriter::new(std::fs::File::from(frames));
    let Some(Request::Start {
        calendar,
        limits,
        max_tasks,
        memory_bytes,
    }) = protocol::read(&mut input)?
    else {
        return Err(io::Error::other("the first frame is not a start"));
    };
    let calendar = Calendar::build(&calendar)
        .map_err(|e| io::Error::other(format!("the calendar does not build: {}", e.join("; "))))?;
    setrlimit(Resource::RLIMIT_AS, memory_bytes, memory_bytes)
        .map_err(|e| io::Error::other(format!("cannot limit the memory: {e}")))?;
    protocol::write(&mut output, &Reply::Ready)?;
    while let Some(request) = protocol::read::<Request>(&mut input)? {
        let reply = work::answer(request, &calendar, &limits, max_tasks);
        protocol::write(&mut output, &reply)?;
        output.flush()?;
    }
    Ok(())
}
