//! The frames between the daemon and a worker, over the worker's stdin and stdout: a 4-byte
//! big-endian length, then that many bytes of JSON. A frame longer than [`MAX_FRAME`] is
//! refused from its length, before anything is allocated for it.

use std::io::{self, Read, Write};
use std::path::PathBuf;

use base64::Engine;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::calendar::CalendarSettings;
use crate::doctext::{Extracted, Limits};
use crate::extract::tasks::ExtractedTask;
use crate::extract::SentHeader;

/// The longest frame either side reads: far beyond the text of the largest attachment a
/// message may carry.
pub const MAX_FRAME: u32 = 256 << 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// The first frame a worker reads: what it reads with, and its memory limit.
    Start {
        calendar: CalendarSettings,
        limits: Limits,
        max_tasks: usize,
        memory_bytes: u64,
    },
    /// The text of the attachment in this file.
    ReadFile { path: PathBuf },
    /// The text of an attachment given in base64 (one found loose in a broken message).
    ReadBytes { base64: String },
    /// The tasks a directive's text assigns.
    ReadTasks {
        text: String,
        sent: Option<SentHeader>,
    },
}

impl Request {
    pub fn read_bytes(bytes: &[u8]) -> Self {
        Request::ReadBytes {
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The worker has its limits and waits for work.
    Ready,
    /// An attachment's text, or why a person must read it; `Err`: why it cannot be read.
    Text(Result<Extracted, String>),
    /// The tasks; `Err`: why they are left to a person (more than the budget allows).
    Tasks(Result<Vec<ExtractedTask>, String>),
    /// The request could not be understood, or its work panicked.
    Failed(String),
}

impl Reply {
    /// The variant's name, for an error that says what came instead.
    pub fn kind(&self) -> &'static str {
        match self {
            Reply::Ready => "ready",
            Reply::Text(_) => "text",
            Reply::Tasks(_) => "tasks",
            Reply::Failed(_) => "failed",
        }
    }
}

fn encode<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
    let body = serde_json::to_vec(value).map_err(io::Error::other)?;
    let len = u32::try_from(body.len())
        .ok()
        .filter(|&n| n <= MAX_FRAME)
        .ok_or_else(|| io::Error::other(format!("a frame of {} bytes is too long", body.len())))?;
    let mut frame = Vec::with_capacity(body.len() + 4);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(&body);
    Ok(frame)
}

fn checked_len(head: [u8; 4]) -> io::Result<usize> {
    let len = u32::from_be_bytes(head);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame announces {len} bytes, more than {MAX_FRAME}"),
        ));
    }
    Ok(len as usize)
}

fn decode<T: for<'de> Deserialize<'de>>(body: &[u8]) -> io::Result<T> {
    serde_json::from_slice(body).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// Writes one frame (the worker's side).
pub fn write<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    out.write_all(&encode(value)?)?;
    out.flush()
}

/// Reads one frame; `Ok(None)` at a clean end of input (the worker's side).
pub fn read<T: for<'de> Deserialize<'de>>(input: &mut impl Read) -> io::Result<Option<T>> {
    let mut head = [0u8; 4];
    match input.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut body = vec![0u8; checked_len(head)?];
    input.read_exact(&mut body)?;
    decode(&body).map(Some)
}

/// Writes one frame (the daemon's side).
pub async fn send<T: Serialize>(out: &mut (impl AsyncWrite + Unpin), value: &T) -> io::Result<()> {
    out.write_all(&encode(value)?).await?;
    out.flush().await
}

/// Reads one frame (the daemon's side); the end of input is an error here: a worker that
/// closes its output has died.
pub async fn receive<T: for<'de> Deserialize<'de>>(
    input: &mut (impl AsyncRead + Unpin),
) -> io::Result<T> {
    let mut head = [0u8; 4];
    input.read_exact(&mut head).await?;
    let mut body = vec![0u8; checked_len(head)?];
    input.read_exact(&mut body).await?;
    decode(&body)
}
