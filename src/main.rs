//! The `dondoc` binary: everything lives in the library; this only starts the runtime.

use std::time::Duration;

/// How long the exit waits for a thread still reading a document (a `spawn_blocking` task,
/// which a runtime otherwise waits for forever): the daemon's grace period has run by then.
const LEFT_BEHIND: Duration = Duration::from_millis(500);

fn main() -> std::process::ExitCode {
    // A sandbox worker runs no runtime: one thread, whose memory is the memory of its work.
    if std::env::args_os().nth(1).as_deref() == Some(dondoc::sandbox::WORKER_ARG.as_ref()) {
        return dondoc::sandbox::worker::main();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dondoc: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let code = runtime.block_on(dondoc::cli::main());
    // A stop means stop: work abandoned at the end of the grace period may still hold a thread
    // (a hostile PDF being read); it is left behind, and the process exits.
    runtime.shutdown_timeout(LEFT_BEHIND);
    code
}
