//! Task extraction on any text: tasks or none, never a panic.
#![no_main]

use std::sync::LazyLock;

use dondoc::calendar::Calendar;
use dondoc::extract::extract_text;
use libfuzzer_sys::fuzz_target;

static CALENDAR: LazyLock<Calendar> =
    LazyLock::new(|| Calendar::shipped().expect("the shipped calendar builds"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = extract_text(&text, None, &CALENDAR);
});
