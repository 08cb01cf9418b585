//! An attachment's text, seeded with DOCX files (zip archives): the format is sniffed from the
//! bytes, so mutations reach the zip reader, the DOCX reader and the others.
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
        let _ = extract_bytes(data, Path::new("fuzz.docx"), &Limits::default());
    }
);
