//! The edXML reader, on any bytes, under the default limits: an error or a message, never a
//! panic, never more memory than the limits allow.
#![no_main]

use dondoc_edxml::{read_message_with, DiscardAttachments, ReadLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_message_with(data, &ReadLimits::default(), &mut DiscardAttachments);
});
