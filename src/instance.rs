//! Who this process is, as the claims it takes in the shared store name it (the outbox's
//! messages, the axis's documents): host, process id, and the instant it first asked, so that a
//! restarted process with a recycled pid is someone else.

use std::sync::OnceLock;

static ID: OnceLock<String> = OnceLock::new();

/// This process's name in claims; `started` is read once, at the first call.
pub fn id(started: chrono::DateTime<chrono::Utc>) -> &'static str {
    ID.get_or_init(|| {
        format!(
            "{}:{}:{}",
            hostname(),
            std::process::id(),
            started.timestamp_micros()
        )
    })
}

fn hostname() -> String {
    nix::unistd::gethostname()
        .ok()
        .and_then(|h| h.into_string().ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "dondoc".into())
}

/// Whether a claim's holder was a process of this host that is no longer running: a daemon
/// restarted after a crash takes its predecessor's claims at once rather than waiting out their
/// lease. A holder on another host, or one whose process still runs, is presumed alive until the
/// lease says otherwise. (Daemons sharing a host name but not a pid namespace, as with a host
/// network in containers, must run under distinct host names.)
pub fn is_dead_local(holder: &str) -> bool {
    let mut parts = holder.split(':');
    let (Some(host), Some(pid)) = (parts.next(), parts.next()) else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if host != hostname() {
        return false;
    }
    // Our own pid under another start: a predecessor whose pid came back to us, as after a
    // container restart (pid 1 again).
    if pid == std::process::id() {
        return ID.get().is_some_and(|me| me != holder);
    }
    // Signal 0 asks only whether the process exists: ESRCH says it does not; EPERM says it
    // does, under another user.
    let Ok(raw) = i32::try_from(pid) else {
        return true;
    };
    matches!(
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(raw), None),
        Err(nix::errno::Errno::ESRCH)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_local_process_that_is_gone_is_dead() {
        let me = id(chrono::Utc::now());
        assert!(!is_dead_local(me), "this process runs");
        let predecessor = format!("{}:{}:1", hostname(), std::process::id());
        assert_ne!(predecessor, me);
        assert!(
            is_dead_local(&predecessor),
            "our pid under another start is a predecessor (a container restarted)"
        );
        // No pid is this large on Linux (pid_max is at most 2^22).
        let gone = format!("{}:{}:1", hostname(), 999_999_999u32);
        assert!(is_dead_local(&gone));
        assert!(!is_dead_local("another-host:999999999:1"));
        assert!(!is_dead_local("garbage"));
    }
}
