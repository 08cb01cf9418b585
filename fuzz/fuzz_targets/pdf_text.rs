//! An attachment's text, seeded with PDF files, under the sandbox's limits: run with
//! `-malloc_limit_mb=512 -timeout=60` (`run.sh` does), the worker's memory and time. An input
//! over them is what the sandbox stops; libFuzzer reports it as an OOM or a timeout.
#![no_main]

use std::path::Path;

use dondoc::doctext::{extract_bytes, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The reader's panics are caught (`doctext` turns them into an error about the file,
        // as the daemon needs): a silent hook keeps libFuzzer's from aborting on those. A panic
        // that escapes still reaches libFuzzer's own catch, and aborts there.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        let _ = extract_bytes(data, Path::new("fuzz.pdf"), &Limits::default());
    }
);
