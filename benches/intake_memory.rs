//! `cargo bench --bench intake_memory`: the peak memory of taking in one message, for the
//! largest and the most hostile messages a sender can send.
//!
//! Each message is taken in by `dondoc ingest` (the daemon's pipeline, its attachments and
//! tasks read in sandbox workers) in a process of its own, measured from a process of its own:
//! the figure is the largest resident set among dondoc and the workers it waited for
//! (`RUSAGE_CHILDREN`). A worker cannot pass its address-space limit (`[sandbox] memory_mib`,
//! 512 MiB), so a figure over it is the daemon's; the promise is that it stays under three
//! times that limit.
//!
//! The messages: one at the size limit (a 45 MiB attachment of no known format, 61 MiB of
//! edXML), a 10 MiB text attachment (every line a task to read), a PDF font map spanning every
//! 4-byte code, a PDF stream inflating to 4 GiB, and a PDF at the page limit.

#[path = "../src/doctext/pdf_builder.rs"]
mod pdf_builder;

use std::process::Command;

use base64::Engine;
use nix::sys::resource::{getrusage, UsageWho};

const MEASURE: &str = "--measure-one";

/// A demo sample carrying `attachment`, under its own number.
fn message(number: u32, attachment: &[u8]) -> Vec<u8> {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/config/demo/inbox/2026-11-16_1611-UBND-XD.edxml"
    ))
    .unwrap()
    .replace("1611", &number.to_string());
    let encoded = base64::engine::general_purpose::STANDARD.encode(attachment);
    sample
        .replacen(
            "</edXML:edXMLEnvelope>",
            &format!(
                "</edXML:edXMLEnvelope><AttachmentEncoded><Attachment><ContentId>a0</ContentId>\
                 <AttachmentName>a.bin</AttachmentName><ContentType>application/octet-stream</ContentType>\
                 <edXML:ContentTransferEncoded xmlns:edXML=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">{encoded}</edXML:ContentTransferEncoded>\
                 </Attachment></AttachmentEncoded>"
            ),
            1,
        )
        .into_bytes()
}

/// In the measuring process: takes in `file` with a fresh data folder, prints the peak.
fn measure_one(file: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dondoc"))
        .args(["ingest", file])
        .env("DONDOC__DATA_DIR", dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let peak_kib = getrusage(UsageWho::RUSAGE_CHILDREN).unwrap().max_rss();
    let said = String::from_utf8_lossy(&out.stdout);
    println!("{peak_kib} {}", said.lines().next().unwrap_or("").trim());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == MEASURE) {
        measure_one(&args[i + 1]);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut noise = vec![0u8; 45 << 20];
    let mut x: u32 = 0x9E37_79B9;
    for b in noise.iter_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = (x >> 24) as u8;
    }
    noise[..4].copy_from_slice(b"\x7fBIN");
    let line = "Giao Sở Xây dựng chủ trì, phối hợp với UBND các huyện rà soát hồ sơ, báo cáo trước ngày 30/6/2027.\n";
    let text = line.repeat((10 << 20) / line.len());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("45 MiB attachment (the size limit)", message(9001, &noise)),
        ("10 MiB of task lines", message(9002, text.as_bytes())),
        (
            "PDF font map over every code",
            message(9003, &pdf_builder::cmap_bomb()),
        ),
        (
            "PDF stream inflating to 4 GiB",
            message(9004, &pdf_builder::inflating(4096)),
        ),
        (
            "PDF of 1 000 pages",
            message(9005, &pdf_builder::pages(1000)),
        ),
    ];
    println!(
        "{:<36} {:>9} {:>10} {:>7}  outcome",
        "message", "edXML MiB", "peak MiB", "secs"
    );
    for (name, bytes) in cases {
        let path = dir.path().join(format!("{}.edxml", name.len()));
        std::fs::write(&path, &bytes).unwrap();
        let start = std::time::Instant::now();
        let out = Command::new(std::env::current_exe().unwrap())
            .args([MEASURE, path.to_str().unwrap()])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let (peak, said) = stdout.trim().split_once(' ').unwrap_or(("0", ""));
        let peak_mib = peak.parse::<f64>().unwrap_or(0.0) / 1024.0;
        println!(
            "{name:<36} {:>9.1} {peak_mib:>10.1} {:>7.1}  {said}",
            bytes.len() as f64 / (1 << 20) as f64,
            start.elapsed().as_secs_f64()
        );
        assert!(
            peak_mib < 3.0 * 512.0,
            "{name}: the peak passes three times the worker's limit"
        );
    }
}
