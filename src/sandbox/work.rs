//! What a request asks for, done: the same code in a worker and in-process.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use base64::Engine;

use super::protocol::{Reply, Request};
use crate::calendar::Calendar;
use crate::doctext::{self, Limits};

/// The reply to `request`. A panic in the work (a library's, on input it did not expect) is a
/// [`Reply::Failed`], never the end of the worker.
pub fn answer(request: Request, calendar: &Calendar, limits: &Limits, max_tasks: usize) -> Reply {
    crate::hooks::crash_point("sandbox_read");
    catch_unwind(AssertUnwindSafe(|| match request {
        Request::Start { .. } => Reply::Failed("the worker has already started".into()),
        Request::ReadFile { path } => {
            Reply::Text(doctext::extract_file(&path, limits).map_err(|e| e.to_string()))
        }
        Request::ReadBytes { base64 } => {
            match base64::engine::general_purpose::STANDARD.decode(base64) {
                Ok(bytes) => Reply::Text(
                    doctext::extract_bytes(&bytes, Path::new("attachment"), limits)
                        .map_err(|e| e.to_string()),
                ),
                Err(e) => Reply::Failed(format!("the attachment is not base64: {e}")),
            }
        }
        Request::ReadTasks { text, sent } => {
            crate::hooks::blocking_stall("extract");
            let tasks = crate::extract::extract_text(&text, sent.as_ref(), calendar).tasks;
            Reply::Tasks(if tasks.len() > max_tasks {
                Err(format!(
                    "the text gives {} tasks, more than the {max_tasks} drafted automatically",
                    tasks.len()
                ))
            } else {
                Ok(tasks)
            })
        }
    }))
    .unwrap_or_else(|panic| {
        Reply::Failed(format!(
            "the reader panicked: {}",
            crate::domain::text::panic_message(panic.as_ref())
        ))
    })
}
