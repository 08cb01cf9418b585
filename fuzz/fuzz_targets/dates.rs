//! The date parsers: the spellings of the edXML header's dates, and the deadline phrases of a
//! directive's text ("trước ngày 15/7", "trong 5 ngày làm việc"), counted on the calendar.
#![no_main]

use std::sync::LazyLock;

use dondoc::calendar::Calendar;
use dondoc::extract::deadline::{find_all, DeadlineContext};
use libfuzzer_sys::fuzz_target;

static CALENDAR: LazyLock<Calendar> =
    LazyLock::new(|| Calendar::shipped().expect("the shipped calendar builds"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = dondoc_edxml::parse_date(text);
    let _ = dondoc_edxml::parse_datetime(text);
    let issued = chrono::NaiveDate::from_ymd_opt(2026, 11, 16);
    let ctx = DeadlineContext {
        issued,
        calendar: &CALENDAR,
    };
    let _ = find_all(text, &ctx);
});
