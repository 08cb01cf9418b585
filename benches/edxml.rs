//! `cargo bench --bench edxml`: how fast a realistic directive is read, attachments included, and
//! how much memory it takes. Each size runs in a child process of its own so that its peak
//! resident memory (VmHWM) is its own.

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use dondoc_edxml::{read_message_with, AttachmentSink, ReadLimits};

/// Counts decoded bytes, as a file writer would, without touching the disk.
struct Counting(u64);

impl AttachmentSink for Counting {
    fn begin(&mut self, _index: usize) -> std::io::Result<()> {
        Ok(())
    }
    fn write(&mut self, _index: usize, decoded: &[u8]) -> std::io::Result<()> {
        self.0 += decoded.len() as u64;
        Ok(())
    }
    fn end(&mut self, _index: usize) -> std::io::Result<()> {
        Ok(())
    }
}

/// A directive header like the shared samples, with one attachment of `size` bytes, base64 in
/// 76-column lines as most senders wrap it.
fn message(size: usize) -> Vec<u8> {
    let payload: Vec<u8> = (0..size).map(|i| (i * 7919 % 251) as u8).collect();
    let b64 = base64_lines(&payload);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXML:edXMLHeader><edXML:MessageHeader>
<edXML:From><edXML:OrganId>000.00.00.H57</edXML:OrganId><edXML:OrganName>UBND tỉnh Thừa Thiên Huế</edXML:OrganName></edXML:From>
<edXML:To><edXML:OrganId>000.00.14.H57</edXML:OrganId><edXML:OrganName>Sở Xây dựng</edXML:OrganName></edXML:To>
<edXML:To><edXML:OrganId>000.00.09.H57</edXML:OrganId><edXML:OrganName>Sở Tài nguyên và Môi trường</edXML:OrganName></edXML:To>
<edXML:DocumentId>000.00.00.H57,2024/05/14,1234/UBND-XD</edXML:DocumentId>
<edXML:Code><edXML:CodeNumber>1234</edXML:CodeNumber><edXML:CodeNotation>UBND-XD</edXML:CodeNotation></edXML:Code>
<edXML:PromulgationInfo><edXML:Place>Huế</edXML:Place><edXML:PromulgationDate>2024/05/14</edXML:PromulgationDate></edXML:PromulgationInfo>
<edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName></edXML:DocumentType>
<edXML:Subject>V/v triển khai các biện pháp phòng, chống ngập úng đô thị mùa mưa bão năm 2024</edXML:Subject>
<edXML:SignerInfo><edXML:Competence>KT. CHỦ TỊCH</edXML:Competence><edXML:FullName>Trần Văn Mẫu</edXML:FullName></edXML:SignerInfo>
<edXML:DueDate>2024/06/20</edXML:DueDate><edXML:OtherInfo><edXML:Priority>0</edXML:Priority></edXML:OtherInfo>
</edXML:MessageHeader></edXML:edXMLHeader>
<edXML:edXMLBody><edXML:edXMLManifest version="1.0"><edXML:Reference><edXML:ContentId>cid:att0</edXML:ContentId><edXML:ContentType>application/pdf</edXML:ContentType><edXML:AttachmentName>1234-UBND-XD.pdf</edXML:AttachmentName></edXML:Reference></edXML:edXMLManifest></edXML:edXMLBody>
</edXML:edXMLEnvelope>
<AttachmentEncoded><Attachment><ContentId>att0</ContentId><AttachmentName>1234-UBND-XD.pdf</AttachmentName><ContentType>application/pdf</ContentType><edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">{b64}</edXML:ContentTransferEncoded></Attachment></AttachmentEncoded>
</edXML>"#
    )
    .into_bytes()
}

fn base64_lines(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 57 + 4);
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push('\n');
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Runs in the child: reads the message `rounds` times and prints one result line.
fn child(size: usize) {
    let msg = message(size);
    let limits = ReadLimits {
        max_attachment_bytes: 64 << 20,
        max_message_bytes: 128 << 20,
        ..ReadLimits::default()
    };
    let rounds = if size >= 10 << 20 { 5 } else { 40 };
    // Building the message peaks higher than reading it: start the peak afresh (Linux resets
    // VmHWM to the current RSS when "5" is written to clear_refs).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = peak_rss_kib();
    let start = Instant::now();
    for _ in 0..rounds {
        let mut sink = Counting(0);
        black_box(
            read_message_with(black_box(&msg), &limits, &mut sink).expect("the message reads"),
        );
        assert_eq!(sink.0, size as u64);
    }
    let secs = start.elapsed().as_secs_f64() / f64::from(rounds);
    let mb = msg.len() as f64 / 1e6;
    println!(
        "attachment {:>5.1} MB, message {:>6.1} MB: {:>7.1} MB/s, {:>7.1} documents/s, peak RSS while reading {:>6.1} MiB (the message itself {:.1} MiB, RSS before reading {:.1} MiB)",
        size as f64 / 1e6,
        mb,
        mb / secs,
        1.0 / secs,
        peak_rss_kib() as f64 / 1024.0,
        msg.len() as f64 / 1048576.0,
        before as f64 / 1024.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--child") {
        let size: usize = args[pos + 1].parse().expect("a size");
        child(size);
        return;
    }
    let exe = std::env::current_exe().expect("the bench binary");
    for size in [1_000_000usize, 20_000_000] {
        let out = std::process::Command::new(&exe)
            .args(["--child", &size.to_string()])
            .output()
            .expect("the child runs");
        std::io::stdout().write_all(&out.stdout).unwrap();
        std::io::stderr().write_all(&out.stderr).unwrap();
    }
}
